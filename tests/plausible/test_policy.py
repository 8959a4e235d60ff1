"""The plausible period of a log (sagsflow.plausible): how it is derived, set, stored and reported."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sagsflow
from sagsflow.errors import InvalidParameterError, NotFoundError
from sagsflow.filters import FilterStack
from sagsflow.plausible import (
    HARD_FIRST_DAY,
    HARD_LAST_DAY,
    derive_window,
    plausible_window,
    reset_plausible_window,
    set_plausible_window,
)
from sagsflow.store.workspace import Workspace
from tests.plausible_logs import MAPPING, clean_rows, dirty_rows, write_csv

DAY0 = (date(2024, 1, 1) - date(1970, 1, 1)).days
FAR = {"1900-01-01": -25567, "1970-01-01": 0, "2099-12-31": 47481, "9999-12-31": 2932896, "0001-01-01": -719162}


def dense(n_days: int = 365, per_day: int = 20, start: int = DAY0) -> tuple[np.ndarray, np.ndarray]:
    return np.arange(start, start + n_days, dtype=np.int64), np.full(n_days, per_day, dtype=np.int64)


def with_days(days: np.ndarray, counts: np.ndarray, extra: dict[int, int]) -> tuple[np.ndarray, np.ndarray]:
    merged = dict(zip(days.tolist(), counts.tolist(), strict=True))
    for d, c in extra.items():
        merged[d] = merged.get(d, 0) + c
    keys = sorted(merged)
    return np.array(keys, np.int64), np.array([merged[k] for k in keys], np.int64)


# ----------------------------------------------------------------------------- deriving


def test_isolated_default_and_typo_dates_fall_out() -> None:
    days, counts = dense()
    for extra in ({FAR["1900-01-01"]: 3}, {FAR["2099-12-31"]: 1}, {FAR["1900-01-01"]: 2, FAR["2099-12-31"]: 2},
                  {FAR["0001-01-01"]: 1, FAR["9999-12-31"]: 1}, {FAR["1970-01-01"]: 5}):
        assert derive_window(*with_days(days, counts, extra)) == (DAY0, DAY0 + 364), extra


def test_a_sparse_start_and_a_straggler_within_a_year_are_kept() -> None:
    # a few events in the year before the bulk (a case opened early), and one 300 days after it
    days, counts = dense()
    d, c = with_days(days, counts, {DAY0 - 320: 1, DAY0 - 200: 2, DAY0 + 364 + 300: 1})
    assert derive_window(d, c) == (DAY0 - 320, DAY0 + 664)


def test_a_large_group_is_never_split_off() -> None:
    # 2 % of the events ten years earlier is more than the policy leaves out by itself
    days, counts = dense(365, 20)
    d, c = with_days(days, counts, {DAY0 - 3650 + i: 2 for i in range(75)})
    first, last = derive_window(d, c)  # type: ignore[misc]
    assert first == DAY0 - 3650 and last == DAY0 + 364


def test_hard_limits_and_empty() -> None:
    assert derive_window(np.array([FAR["0001-01-01"]]), np.array([5])) is None
    assert derive_window(np.array([], np.int64), np.array([], np.int64)) is None
    lo = (HARD_FIRST_DAY - date(1970, 1, 1)).days
    assert derive_window(np.array([lo - 1, lo, lo + 1]), np.array([1, 1, 1])) == (lo, lo + 1)


@settings(max_examples=60, deadline=None)
@given(start=st.integers(-20000, 60000), n_days=st.integers(1, 4000), per_day=st.integers(1, 50),
       outliers=st.lists(st.sampled_from(sorted(FAR.values())), max_size=4), gap=st.integers(1, 30))
def test_property_outliers_never_move_a_dense_log(start: int, n_days: int, per_day: int, outliers: list[int],
                                                   gap: int) -> None:
    # a log with an event every `gap` days keeps its whole span, and isolated far dates (at most 10 events,
    # more than max(1 year, 2 IQR) away) never change it
    days = np.arange(start, start + n_days, gap, dtype=np.int64)
    counts = np.full(len(days), per_day, dtype=np.int64)
    base = derive_window(days, counts)
    lo, hi = (HARD_FIRST_DAY - date(1970, 1, 1)).days, (HARD_LAST_DAY - date(1970, 1, 1)).days
    inside = days[(days >= lo) & (days <= hi)]
    if len(inside) == 0:
        assert base is None
        return
    assert base == (int(inside[0]), int(inside[-1]))
    span = int(inside[-1] - inside[0])
    far = [o for o in outliers if min(abs(o - inside[0]), abs(o - inside[-1])) > max(365, 2 * span) + 1]
    extra: dict[int, int] = {}
    for o in far:
        extra[o] = extra.get(o, 0) + 2
    if int(counts[(days >= lo) & (days <= hi)].sum()) < 10 * sum(extra.values()):
        return  # not a log with a few isolated dates: the outliers outweigh the rest
    assert derive_window(*with_days(days, counts, extra)) == base


# ----------------------------------------------------------------------------- per log


@pytest.fixture
def dirty(workspace: Workspace, tmp_path: Path) -> sagsflow.EventLog:
    return sagsflow.read_csv(write_csv(tmp_path / "d.csv", dirty_rows()), workspace=workspace, log="d",
                             mapping=MAPPING)


def test_import_warns_and_the_log_leaves_the_events_out(workspace: Workspace, tmp_path: Path) -> None:
    result = sagsflow.import_log(write_csv(tmp_path / "d.csv", dirty_rows()), workspace=workspace, log="d",
                                 mapping=MAPPING)
    warning = [w for w in result.warnings if "quarantined" in w]
    assert len(warning) == 1
    assert warning[0].startswith("6 events in 5 cases lie outside the plausible period 2024-01-01 – 2024-05-28")
    assert "6 quarantined events left out" in repr(result.log)
    clean = sagsflow.import_log(write_csv(tmp_path / "c.csv", clean_rows()), workspace=workspace, log="c",
                                mapping=MAPPING)
    assert not [w for w in clean.warnings if "quarantined" in w]


def test_year_1_and_9999_import_with_a_warning(workspace: Workspace, tmp_path: Path) -> None:
    result = sagsflow.import_log(write_csv(tmp_path / "w.csv", dirty_rows("1/9999")), workspace=workspace,
                                 log="w", mapping=MAPPING)
    w = result.log.plausible_window
    assert w.n_quarantined == 6 and w.n_unrepresentable == 6
    assert any("6 of them are dated before 1800 or after 2199" in x for x in result.warnings)
    assert result.log.include_quarantined().n_events == result.log.n_events


def test_set_and_reset_the_period(dirty: sagsflow.EventLog) -> None:
    ws = dirty.workspace
    before = ws.log("d")._version
    w = set_plausible_window(ws, "d", first_day="2024-02-01")
    assert w.first_day == date(2024, 2, 1) and w.last_day == date(2024, 5, 28) and w.source == "partly set"
    log = ws.log("d")
    assert log._version != before  # the version stamp moves on: cached results of the old period are not served
    assert log.n_events < dirty.n_events and log.plausible_window == w
    assert log.events().df()["timestamp"].min() >= w.start
    w2 = set_plausible_window(ws, "d", date(1899, 1, 1), date(2100, 12, 31))
    assert w2.n_quarantined == 0 and w2.source == "set" and ws.log("d").n_events == dirty.n_events + 6
    assert reset_plausible_window(ws, "d") == plausible_window(ws, "d") == dirty.plausible_window


def test_setting_errors(dirty: sagsflow.EventLog) -> None:
    ws = dirty.workspace
    with pytest.raises(InvalidParameterError, match="after its last day"):
        set_plausible_window(ws, "d", "2024-03-01", "2024-02-01")
    with pytest.raises(InvalidParameterError, match="must be a date"):
        set_plausible_window(ws, "d", "1. marts 2024")
    with pytest.raises(InvalidParameterError, match="between 1800-01-01 and 2199-12-31"):
        set_plausible_window(ws, "d", last_day="9999-12-31")
    with pytest.raises(NotFoundError):
        set_plausible_window(ws, "nope", "2024-01-01")
    assert ws.log("d").plausible_window == dirty.plausible_window  # nothing changed


def test_the_setting_survives_reopening_and_replacing_and_goes_with_the_log(tmp_path: Path) -> None:
    path = tmp_path / "ws"
    with Workspace.open(path) as ws:
        sagsflow.read_csv(write_csv(tmp_path / "d.csv", dirty_rows()), workspace=ws, log="d", mapping=MAPPING)
        set_plausible_window(ws, "d", "2024-01-15", "2024-05-01")
    with Workspace.open(path, read_only=True) as ws:
        assert ws.log("d").plausible_window.source == "set"
    with Workspace.open(path) as ws:
        sagsflow.read_csv(write_csv(tmp_path / "c.csv", clean_rows()), workspace=ws, log="d", mapping=MAPPING,
                          mode="replace")
        assert ws.log("d").plausible_window.first_day == date(2024, 1, 15)
        ws.delete_log("d")
        sagsflow.read_csv(write_csv(tmp_path / "c.csv", clean_rows()), workspace=ws, log="d", mapping=MAPPING)
        assert ws.log("d").plausible_window.source == "derived"


def test_a_workspace_from_before_the_policy_reads(tmp_path: Path) -> None:
    path = tmp_path / "ws"
    with Workspace.open(path) as ws:
        sagsflow.read_csv(write_csv(tmp_path / "d.csv", dirty_rows()), workspace=ws, log="d", mapping=MAPPING)
        ws.con.execute("DROP TABLE sf_time_windows")
    with Workspace.open(path, read_only=True) as ws:  # cannot create the table: the period is derived
        assert ws.log("d").plausible_window.n_quarantined == 6
    with Workspace.open(path) as ws:  # opened for writing, the table is made
        assert set_plausible_window(ws, "d", "2024-01-02").first_day == date(2024, 1, 2)


def test_the_flag_is_part_of_the_filter_spec(dirty: sagsflow.EventLog) -> None:
    spec = {"version": 1, "steps": [{"type": "case_length", "min": 5}], "include_quarantined": True}
    stack = FilterStack.from_dict(spec)
    assert stack.include_quarantined and stack.to_dict() == {**spec, "steps": [{**spec["steps"][0],
                                                                               "action": "retain"}]}
    assert FilterStack.from_yaml(stack.to_yaml()) == stack
    assert "include_quarantined" not in FilterStack().to_dict()
    assert (FilterStack() & stack).include_quarantined and not (FilterStack() & FilterStack()).include_quarantined
    every = dirty.filter({"include_quarantined": True})
    assert every.includes_quarantined and every.n_events == dirty.n_events + 6
    assert every.filter({"type": "case_length", "min": 1}).includes_quarantined  # later filters keep the flag
    assert dirty.include_quarantined().filters == FilterStack(include_quarantined=True)
    assert every.quarantine()["included"] and not dirty.quarantine()["included"]


def test_case_level_view(dirty: sagsflow.EventLog) -> None:
    # a case with a quarantined event keeps its other events; a case with nothing plausible is left out
    cases = dirty.cases().df().set_index("case_id")
    every = dirty.include_quarantined().cases().df().set_index("case_id")
    assert "ghost" not in cases.index and "ghost" in every.index
    assert cases.loc["c03", "n_events"] == every.loc["c03", "n_events"] - 1
    assert cases.loc["c03", "start_time"].year == 2024 and every.loc["c03", "start_time"].year == 1899
    assert dirty.plausible_window.n_cases_left_out == 1


@pytest.mark.realdata
@pytest.mark.slow
def test_real_logs_keep_every_event_and_lose_injected_dates(shared_data: Path, tmp_path: Path) -> None:
    """Nothing of the public logs is quarantined (Road Traffic's sparse early years included), and default
    dates added to each log's own distribution fall out without moving its period."""
    from sagsflow.plausible import _day_sql

    found = {}
    with Workspace.open(tmp_path / "ws") as ws:
        for f in sorted(shared_data.glob("*.xes.gz")):
            name = f.name.split(".")[0].lower().replace("-", "_")[:40]
            log = sagsflow.read_xes(f, workspace=ws, log=name)
            w = log.plausible_window
            found[name] = (w.first_day, w.last_day, w.n_quarantined)
            assert w.n_quarantined == 0, (name, w)
            rows = ws.con.execute(f"SELECT {_day_sql('timestamp')} AS d, count(*) FROM {log.table} "
                                  "GROUP BY d ORDER BY d").fetchall()
            days, counts = np.array([r[0] for r in rows]), np.array([r[1] for r in rows])
            base = derive_window(days, counts)
            for extra in ({FAR["1900-01-01"]: 1, FAR["2099-12-31"]: 1}, {FAR["0001-01-01"]: 2, FAR["9999-12-31"]: 3},
                          {FAR["1970-01-01"]: 1}):
                assert derive_window(*with_days(days, counts, extra)) == base, (name, extra)
    assert found["road_traffic_fine_management_process"][:2] == (date(2000, 1, 1), date(2013, 6, 18))
    assert len(found) >= 15


# each example sets the period anew, so sharing the imported log between examples is intended
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=st.integers(0, 150), length=st.integers(0, 150))
def test_property_the_period_cuts_events_and_renumbers_the_cases_it_touches(
        dirty: sagsflow.EventLog, first: int, length: int) -> None:
    """Whatever period is set, the log's events are exactly those inside it, each case's positions run 0..n-1 in
    event order, and the cases' counts and first/last times are those of the events kept (the plan renumbers
    only the cases that lost events and takes the stored figures for the others: this checks both halves)."""
    ws = dirty.workspace
    lo = date(2024, 1, 1) + timedelta(days=first)
    set_plausible_window(ws, "d", lo, lo + timedelta(days=length))
    log = ws.log("d")
    w = log.plausible_window
    every = log.include_quarantined().events().df()
    inside = every[(every["timestamp"] >= w.start) & (every["timestamp"] < w.end)].copy()
    got = log.events().df()
    assert got["event_idx"].tolist() == inside["event_idx"].tolist()
    assert got["pos"].tolist() == inside.groupby("case_idx").cumcount().tolist()
    expect = inside.groupby("case_idx").agg(n_events=("timestamp", "size"), start_time=("timestamp", "min"),
                                            end_time=("timestamp", "max")).reset_index()
    cases = log.cases().df()[["case_idx", "n_events", "start_time", "end_time"]]
    pd.testing.assert_frame_equal(cases, expect, check_dtype=False)
    assert w.n_quarantined == len(every) - len(inside)
