"""Variants: hand-made logs with known answers, a reference implementation, PM4Py on the real logs."""

from __future__ import annotations

import contextlib
import io
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sagsflow.analysis.calendar import BusinessCalendar
from sagsflow.analysis.variants import PORTABLE_SEQUENCE, Variants, _sequence_sql, variants
from sagsflow.store.workspace import Workspace
from tests.analysis.statlogs import real_log, write_log


@pytest.fixture
def ws() -> Iterator[Workspace]:
    w = Workspace.memory()
    yield w
    w.close()

EVENTS = [
    ("c1", "Register", "2024-01-01 09:00"),
    ("c1", "Check", "2024-01-02 09:00"),
    ("c1", "Decide", "2024-01-05 09:00"),
    ("c2", "Register", "2024-01-02 10:00"),
    ("c2", "Check", "2024-01-02 12:00"),
    ("c2", "Decide", "2024-01-03 10:00"),
    ("c3", "Register", "2024-01-03 09:00"),
    ("c3", "Decide", "2024-01-03 10:00"),
    ("c4", "Register", "2024-01-04 09:00"),
    ("c4", "Check", "2024-01-04 09:00"),  # tie: source order decides
    ("c4", "Decide", "2024-01-08 09:00"),
]


def test_known_variants_with_counts_shares_and_durations(ws):
    v = variants(write_log(ws, EVENTS))
    assert isinstance(v, Variants)
    df = v.to_pandas()
    assert [list(a) for a in df["activities"]] == [["Register", "Check", "Decide"], ["Register", "Decide"]]
    assert df["variant_id"].tolist() == [0, 1]
    assert df["n_cases"].tolist() == [3, 1]
    assert df["n_events"].tolist() == [3, 2]
    assert df["share"].tolist() == [0.75, 0.25]
    assert df["cumulative_share"].tolist() == [0.75, 1.0]
    # c1 4 days, c2 1 day, c4 4 days
    assert df["mean_duration_s"].tolist() == [pytest.approx(3 * 86400), 3600.0]
    assert df["median_duration_s"].tolist() == [4 * 86400, 3600.0]
    assert v.n_cases == 4 and v.n_variants == 2
    assert v.counts() == {("Register", "Check", "Decide"): 3, ("Register", "Decide"): 1}


def test_equal_timestamps_keep_source_order(ws):
    log = write_log(ws, [("a", "X", "2024-01-01 09:00"), ("a", "Y", "2024-01-01 09:00"),
                         ("b", "Y", "2024-01-01 09:00"), ("b", "X", "2024-01-01 09:00")])
    assert variants(log).counts() == {("X", "Y"): 1, ("Y", "X"): 1}


def test_ties_in_count_are_ordered_by_sequence(ws):
    log = write_log(ws, [("a", "B", "2024-01-01"), ("b", "A", "2024-01-01"), ("b", "C", "2024-01-02"),
                         ("c", "A", "2024-01-01")])
    v = variants(log)
    assert [tuple(a) for a in v.column("activities")] == [("A",), ("A", "C"), ("B",)]
    assert v.top(2).column("variant_id") == [0, 1]


def test_to_dict_is_json_ready(ws):
    d = variants(write_log(ws, EVENTS)).to_dict()
    assert d["n_variants"] == 2
    assert d["rows"][0]["activities"] == ["Register", "Check", "Decide"]
    assert d["rows"][0]["n_cases"] == 3


def test_empty_log_has_no_variants(ws):
    log = write_log(ws, [("a", "X", "2024-01-01")])
    ws.con.execute(f"DELETE FROM {log.table}")
    v = variants(log)
    assert len(v) == 0 and v.n_cases == 0


def test_working_time_durations_with_a_calendar(ws):
    # Friday 15:00 -> Monday 09:00: two working hours (Mon-Fri 08-16, Copenhagen)
    log = write_log(ws, [("a", "X", "2024-06-07 13:00"), ("a", "Y", "2024-06-10 07:00")])
    v = variants(log, calendar=BusinessCalendar())
    assert v.column("mean_duration_s") == [pytest.approx(2 * 3600)]
    assert variants(log).column("mean_duration_s") == [pytest.approx(66 * 3600)]


case_traces = st.lists(st.lists(st.sampled_from("ABCD"), min_size=1, max_size=6), min_size=1, max_size=25)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(traces=case_traces, gaps=st.lists(st.integers(0, 3), min_size=200, max_size=200))
def test_variants_equal_a_reference_implementation(ws, traces, gaps):
    t0 = datetime(2024, 1, 1)
    events, g = [], iter(gaps)
    for i, trace in enumerate(traces):
        t = t0 + timedelta(hours=i)
        for a in trace:
            t += timedelta(hours=next(g))
            events.append((f"c{i}", a, t.isoformat()))
    starts: dict[str, str] = {}
    for c, _, ts in events:
        starts.setdefault(c, ts)
    v = variants(write_log(ws, events))
    expected = Counter(tuple(t) for t in traces)
    assert v.counts() == dict(expected)
    keys = sorted(expected, key=lambda k: (-expected[k], k))
    assert [tuple(a) for a in v.column("activities")] == keys
    ends = {c: ts for c, _, ts in events}
    dur = {c: (datetime.fromisoformat(ends[c]) - datetime.fromisoformat(starts[c])).total_seconds() for c in ends}
    for acts, mean, median in zip(v.column("activities"), v.column("mean_duration_s"), v.column("median_duration_s"),
                                  strict=True):
        ds = [dur[f"c{i}"] for i, t in enumerate(traces) if tuple(t) == tuple(acts)]
        assert mean == pytest.approx(np.mean(ds)) and median == pytest.approx(np.median(ds))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(traces=case_traces, extra=st.integers(0, 300))
def test_fast_sequences_equal_the_portable_query(ws, traces, extra):
    # many activity labels make the packed form use more bits
    events = [(f"c{i}", f"{a}{j % (extra + 1)}", f"2024-01-01 {j % 24:02d}:00")
              for i, t in enumerate(traces) for j, a in enumerate(t)]
    log = write_log(ws, events)
    fast, portable = (
        ws.con.execute(f"SELECT case_idx, {expr} FROM ({log.events_sql()}) GROUP BY case_idx ORDER BY case_idx")
        .fetchall() for expr in (_sequence_sql(log), PORTABLE_SEQUENCE))
    assert fast == portable


REAL = ["Helpdesk.xes.gz", "Sepsis_Cases-Event_Log.xes.gz", "BPIC15_1.xes.gz", "Receipt_phase_WABO_CoSeLoG.xes.gz"]


@pytest.mark.realdata
@pytest.mark.parametrize("file", REAL)
def test_variants_equal_pm4py_on_real_logs(file):
    with contextlib.redirect_stdout(io.StringIO()):
        import pm4py
    df, log = real_log(file)
    ours = variants(log).counts()
    theirs = pm4py.get_variants(df)
    assert ours == {tuple(k): v for k, v in theirs.items()}


@pytest.mark.realdata
@pytest.mark.slow
@pytest.mark.parametrize("file", ["BPI_Challenge_2012.xes.gz", "Road_Traffic_Fine_Management_Process.xes.gz"])
def test_variants_equal_pm4py_on_big_real_logs(file):
    test_variants_equal_pm4py_on_real_logs(file)
