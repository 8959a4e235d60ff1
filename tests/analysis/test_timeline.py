"""Work in progress, throughput and the dotted chart: known answers and a brute-force reference."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sagsflow.analysis.timeline import DottedChart, dotted_chart, throughput, work_in_progress
from sagsflow.errors import InvalidParameterError
from sagsflow.store.workspace import Workspace
from tests.analysis.statlogs import write_log


@pytest.fixture
def ws() -> Iterator[Workspace]:
    w = Workspace.memory()
    yield w
    w.close()

# times in UTC; Copenhagen is UTC+1 in January
EVENTS = [
    ("1", "Register", "2024-01-01 09:00"),
    ("1", "Decide", "2024-01-03 09:00"),
    ("2", "Register", "2024-01-02 09:00"),
    ("2", "Decide", "2024-01-02 21:00"),
    ("3", "Register", "2024-01-03 23:30"),  # 00:30 on 4 January in Copenhagen
]


def test_work_in_progress_per_day(ws):
    w = work_in_progress(write_log(ws, EVENTS), "D").to_pandas()
    assert [str(t) for t in w["period_start"]] == [
        "2023-12-31 23:00:00+00:00", "2024-01-01 23:00:00+00:00", "2024-01-02 23:00:00+00:00",
        "2024-01-03 23:00:00+00:00"]
    assert w["n_started"].tolist() == [1, 1, 0, 1]
    assert w["n_ended"].tolist() == [0, 1, 1, 1]
    assert w["n_open_end"].tolist() == [1, 1, 0, 0]
    assert w["n_active"].tolist() == [1, 2, 1, 1]
    # 1 Jan: case 1 open 09:00-23:00 UTC of a 24 h local day; 2 Jan: case 1 all day + case 2 for 12 h
    assert w["mean_open"].tolist()[:3] == [pytest.approx(14 / 24), pytest.approx(1.5), pytest.approx(10 / 24)]


def test_periods_follow_local_months_and_weeks(ws):
    log = write_log(ws, [("a", "X", "2024-03-30 09:00"), ("a", "Y", "2024-04-02 09:00")])
    m = work_in_progress(log, "M").to_pandas()
    assert [str(t) for t in m["period_start"]] == ["2024-02-29 23:00:00+00:00", "2024-03-31 22:00:00+00:00"]
    w = throughput(log, "W").to_pandas()
    assert str(w["period_start"][0]) == "2024-03-24 23:00:00+00:00"  # Monday 25 March, local midnight
    assert w["n_started"].tolist() == [1, 0] and w["n_ended"].tolist() == [0, 1]


def test_throughput_with_durations_of_ended_cases(ws):
    t = throughput(write_log(ws, EVENTS), "W", tz="UTC").to_pandas()
    assert len(t) == 1
    assert (t["n_started"][0], t["n_ended"][0], t["net_change"][0]) == (3, 3, 0)
    assert t["median_duration_s"][0] == 12 * 3600


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"freq": "Q"}, "freq must be one of 'D' (days), 'W' (ISO weeks) or 'M' (months). Got 'Q' instead."),
    ({"tz": "Mars/Olympus"}, "unknown time zone 'Mars/Olympus'."),
])
def test_bad_period_arguments_are_refused(ws, kwargs, message):
    with pytest.raises(InvalidParameterError) as e:
        work_in_progress(write_log(ws, EVENTS), **kwargs)
    assert e.value.message == message


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spans=st.lists(st.tuples(st.integers(0, 20 * 24), st.integers(0, 6 * 24)), min_size=1, max_size=15))
def test_work_in_progress_equals_brute_force(ws, spans):
    t0 = datetime(2024, 1, 1, tzinfo=UTC)
    events = []
    for i, (start_h, dur_h) in enumerate(spans):
        events += [(f"c{i}", "A", (t0 + timedelta(hours=start_h)).isoformat()),
                   (f"c{i}", "B", (t0 + timedelta(hours=start_h + dur_h)).isoformat())]
    w = work_in_progress(write_log(ws, events), "D", tz="UTC").to_pandas()
    for _, row in w.iterrows():
        a, b = row["period_start"], row["period_end"]
        cases = [(t0 + timedelta(hours=s), t0 + timedelta(hours=s + d)) for s, d in spans]
        assert row["n_open_end"] == sum(1 for s, e in cases if s < b <= e)
        assert row["n_active"] == sum(1 for s, e in cases if s < b and e >= a)
        overlap = sum(max(pd.Timedelta(0), min(e, b) - max(s, a)).total_seconds() for s, e in cases)
        assert row["mean_open"] == pytest.approx(overlap / (b - a).total_seconds(), abs=1e-9)
    assert w["n_started"].sum() == w["n_ended"].sum() == len(spans)


def test_dotted_chart_points_and_relative_time(ws):
    d = dotted_chart(write_log(ws, EVENTS), x="relative")
    assert isinstance(d, DottedChart)
    assert d.column("case_index") == [0, 0, 1, 1, 2]
    assert d.column("x") == [0.0, 172800.0, 0.0, 43200.0, 0.0]
    assert not d.sampled and d.n_cases_shown == 3
    t = dotted_chart(write_log(ws, EVENTS))
    assert t.column("x") == t.column("timestamp")


def test_dotted_chart_samples_whole_cases_deterministically(ws):
    events = [(f"c{i}", a, f"2024-01-{1 + i % 28:02d} 0{k}:00") for i in range(200) for k, a in enumerate("ABC")]
    log = write_log(ws, events)
    d1, d2 = dotted_chart(log, max_points=100), dotted_chart(log, max_points=100)
    assert d1.sampled and d1.n_cases_total == 200
    assert len(d1) <= 100 and len(d1) % 3 == 0  # whole cases only
    assert d1.to_dict() == d2.to_dict()
    assert d1.column("case_index")[-1] == d1.n_cases_shown - 1
    assert len(d1) == 3 * d1.n_cases_shown


def test_dotted_chart_arguments_are_validated(ws):
    log = write_log(ws, EVENTS)
    with pytest.raises(InvalidParameterError, match=r"x must be 'time' or 'relative'\. Got 'abs' instead\."):
        dotted_chart(log, x="abs")  # type: ignore[arg-type]
    with pytest.raises(InvalidParameterError, match="max_points must be a positive whole number"):
        dotted_chart(log, max_points=0)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spans=st.lists(st.tuples(st.integers(0, 20 * 24), st.integers(0, 6 * 24)), min_size=1, max_size=15),
       window=st.tuples(st.integers(0, 26), st.integers(0, 26)), freq=st.sampled_from(["D", "W"]))
def test_a_window_lists_only_its_periods_with_the_same_figures(ws, spans, window, freq):
    # a dashboard over a window: the same rows as without it, only those of the window (cases opened before
    # the window are still open in it)
    t0 = datetime(2024, 1, 1, tzinfo=UTC)
    events = []
    for i, (start_h, dur_h) in enumerate(spans):
        events += [(f"c{i}", "A", (t0 + timedelta(hours=start_h)).isoformat()),
                   (f"c{i}", "B", (t0 + timedelta(hours=start_h + dur_h)).isoformat())]
    log = write_log(ws, events)
    lo, hi = sorted(t0 + timedelta(days=d) for d in window)
    for fn in (work_in_progress, throughput):
        full = fn(log, freq, tz="UTC").to_pandas()
        part = fn(log, freq, tz="UTC", start=lo, end=hi).to_pandas()
        step = timedelta(days=1 if freq == "D" else 7)
        want = full[(full["period_end"] > lo) & (full["period_start"] <= hi)].reset_index(drop=True)
        # the window's periods run from the one holding ``lo`` to the one holding ``hi``, data or not
        assert len(part) == (part["period_start"].iloc[-1] - part["period_start"].iloc[0]) / step + 1
        assert part["period_start"].iloc[0] <= lo < part["period_end"].iloc[0]
        merged = part.merge(want, on="period_start", suffixes=("", "_full"))
        assert len(merged) == len(want)
        for col in [c for c in part.columns if c not in ("period_start", "period_end")]:
            pd.testing.assert_series_equal(merged[col], merged[f"{col}_full"], check_names=False, rtol=1e-9)


def test_a_window_bound_must_carry_a_time_zone(ws):
    with pytest.raises(InvalidParameterError, match="start must be a time-zone-aware datetime"):
        work_in_progress(write_log(ws, EVENTS), start=datetime(2024, 1, 1))
