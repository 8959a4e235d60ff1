"""Case, activity and resource tables: known answers, disclosure rule, PM4Py case durations."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest

from sagsflow.analysis.statistics import (
    ActivityTable,
    CaseTable,
    ResourceTable,
    activity_table,
    case_durations,
    case_table,
)
from sagsflow.analysis.statistics import resource_table as resource_table_fn
from sagsflow.analysis.variants import variants
from sagsflow.errors import InvalidParameterError
from sagsflow.store.workspace import Workspace
from tests.analysis.statlogs import real_log, write_log


@pytest.fixture
def ws() -> Iterator[Workspace]:
    w = Workspace.memory()
    yield w
    w.close()

# (case, activity, completion, start, resource)
EVENTS = [
    ("c1", "Register", "2024-01-01 09:00", None, "ann"),
    ("c1", "Check", "2024-01-02 12:00", "2024-01-02 09:00", "bo"),
    ("c1", "Decide", "2024-01-05 09:00", None, "bo"),
    ("c2", "Register", "2024-01-02 10:00", None, "ann"),
    ("c2", "Check", "2024-01-02 11:00", "2024-01-02 11:00", "ann"),
    ("c2", "Check", "2024-01-02 13:00", "2024-01-02 12:00", "cy"),
    ("c3", "Register", "2024-01-03 09:00", None, None),
]


def test_case_table_known_answers(ws):
    log = write_log(ws, EVENTS, case_attributes={"unit": {"c1": "east", "c2": "west", "c3": "east"}})
    ct = case_table(log)
    assert isinstance(ct, CaseTable)
    df = ct.to_pandas()
    assert df["case_id"].tolist() == ["c1", "c2", "c3"]
    assert df["duration_s"].tolist() == [4 * 86400, 3 * 3600, 0.0]
    assert df["n_events"].tolist() == [3, 3, 1]
    assert df["n_activities"].tolist() == [3, 2, 1]
    assert df["first_activity"].tolist() == ["Register"] * 3
    assert df["last_activity"].tolist() == ["Decide", "Check", "Register"]
    assert df["unit"].tolist() == ["east", "west", "east"]
    assert str(df["start_time"][1]) == "2024-01-02 10:00:00+00:00"
    # variant ids point at the rows of variants()
    v = variants(log).to_pandas()
    for vid, (case, acts) in zip(df["variant_id"], [("c1", ["Register", "Check", "Decide"]),
                                                    ("c2", ["Register", "Check", "Check"]),
                                                    ("c3", ["Register"])], strict=True):
        assert list(v.loc[vid, "activities"]) == acts, case


def test_case_durations_in_case_order(ws):
    cd = case_durations(write_log(ws, EVENTS))
    assert cd.column("case_id") == ["c1", "c2", "c3"]
    assert cd.column("duration_s") == [4 * 86400, 3 * 3600, 0.0]


def test_activity_table_frequencies_processing_and_waiting(ws):
    at = activity_table(write_log(ws, EVENTS))
    assert isinstance(at, ActivityTable)
    rows = {r["activity"]: r for r in at.to_dict()["rows"]}
    assert at.column("activity") == ["Check", "Register", "Decide"]  # by frequency, then name
    check = rows["Check"]
    assert (check["n_events"], check["n_cases"], check["case_share"]) == (3, 2, pytest.approx(2 / 3))
    assert (check["min_per_case"], check["max_per_case"], check["mean_per_case"]) == (1, 2, 1.5)
    # processing: 3 h, 0 h, 1 h
    assert check["n_processing"] == 3
    assert check["total_processing_s"] == 4 * 3600
    assert check["median_processing_s"] == 3600
    # waiting: c1 Register 01-01 09:00 -> start 01-02 09:00 = 24 h; c2 10:00 -> 11:00 = 1 h;
    # c2 Check done 11:00 -> next Check starts 12:00 = 1 h
    assert check["n_waiting"] == 3
    assert check["total_waiting_s"] == 26 * 3600
    assert check["mean_waiting_s"] == pytest.approx(26 * 3600 / 3)
    reg = rows["Register"]
    assert reg["n_waiting"] == 0 and reg["mean_waiting_s"] is None and reg["n_processing"] == 0
    # Decide has no start: waiting runs to its completion (Check done 01-02 12:00 -> 01-05 09:00)
    assert rows["Decide"]["total_waiting_s"] == (2 * 86400 + 21 * 3600)


def test_overlapping_activities_wait_zero(ws):
    log = write_log(ws, [("a", "X", "2024-01-01 12:00", "2024-01-01 08:00"),
                         ("a", "Y", "2024-01-01 13:00", "2024-01-01 10:00")])
    rows = {r["activity"]: r for r in activity_table(log).to_dict()["rows"]}
    assert rows["Y"]["total_waiting_s"] == 0.0


def test_resource_workload_and_handovers(ws):
    res = resource_table_fn(write_log(ws, EVENTS), min_group_size=1)
    assert isinstance(res, ResourceTable)
    w = res.workload.to_pandas().set_index("resource")
    assert w.loc["ann", ["n_events", "n_cases", "n_activities"]].tolist() == [3, 2, 2]
    assert w.loc["bo", ["n_events", "n_cases", "n_activities"]].tolist() == [2, 1, 2]
    assert w["event_share"].sum() == pytest.approx(1.0)
    h = {(r["from_resource"], r["to_resource"]): (r["n_handovers"], r["n_cases"])
         for r in res.handovers.to_dict()["rows"]}
    assert h == {("ann", "bo"): (1, 1), ("ann", "cy"): (1, 1)}
    assert res.n_hidden_resources == 0 and res.n_hidden_handovers == 0


def test_small_groups_are_hidden_and_counted(ws):
    events = [(f"c{i}", "A", "2024-01-01 09:00", None, "big") for i in range(5)]
    events += [(f"c{i}", "B", "2024-01-02 09:00", None, "small") for i in range(2)]
    log = write_log(ws, events)
    res = resource_table_fn(log)
    assert res.workload.column("resource") == ["big"]
    assert res.n_hidden_resources == 1
    assert len(res.handovers) == 0 and res.n_hidden_handovers == 1
    shown = resource_table_fn(log, show_small_groups=True)
    assert shown.workload.column("resource") == ["big", "small"]
    assert shown.handovers.column("n_cases") == [2]
    assert res.to_dict()["n_hidden_resources"] == 1
    assert set(res.to_pandas()) == {"workload", "handovers"}


@pytest.mark.parametrize("bad", [0, -1, 2.5, True])
def test_min_group_size_is_validated(ws, bad):
    with pytest.raises(InvalidParameterError, match=r"min_group_size must be a whole number of cases >= 1\. Got"):
        resource_table_fn(write_log(ws, EVENTS), min_group_size=bad)


REAL = ["Helpdesk.xes.gz", "Sepsis_Cases-Event_Log.xes.gz", "BPIC15_1.xes.gz", "Receipt_phase_WABO_CoSeLoG.xes.gz"]


@pytest.mark.realdata
@pytest.mark.parametrize("file", REAL)
def test_case_durations_equal_pm4py_on_real_logs(file):
    from tests.analysis.statlogs import pm4py_module

    df, log = real_log(file)
    theirs = np.array(pm4py_module().get_all_case_durations(df))
    ours = np.sort(np.array(case_table(log).column("duration_s")))
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-6)
    np.testing.assert_allclose(np.sort(case_durations(log).column("duration_s")), theirs, rtol=0, atol=1e-6)


@pytest.mark.realdata
@pytest.mark.slow
def test_case_durations_equal_pm4py_on_a_big_real_log():
    test_case_durations_equal_pm4py_on_real_logs("BPI_Challenge_2012.xes.gz")


def test_tables_follow_the_log_filter(ws):
    from sagsflow.filters import has_activity

    log = write_log(ws, EVENTS).filter(has_activity("Decide"))
    assert case_table(log).column("case_id") == ["c1"]
    assert variants(log).counts() == {("Register", "Check", "Decide"): 1}
    assert activity_table(log).column("n_cases") == [1, 1, 1]


def test_working_time_under_a_business_calendar(ws):
    from sagsflow.analysis.calendar import BusinessCalendar

    # Friday 7 June 2024 13:00 UTC (15:00 local) -> Monday 10 June 07:00 UTC (09:00 local): 2 working hours
    log = write_log(ws, [("a", "X", "2024-06-07 13:00"), ("a", "Y", "2024-06-10 07:00", "2024-06-10 06:30")])
    cal = BusinessCalendar()
    assert case_table(log, calendar=cal).column("duration_s") == [pytest.approx(2 * 3600)]
    rows = {r["activity"]: r for r in activity_table(log, calendar=cal).to_dict()["rows"]}
    assert rows["Y"]["total_waiting_s"] == pytest.approx(1.5 * 3600)  # 15:00 Fri -> 08:30 Mon
    assert rows["Y"]["total_processing_s"] == pytest.approx(0.5 * 3600)
    assert case_durations(log).column("duration_s") == [66 * 3600]
