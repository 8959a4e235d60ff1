"""The public logs of ../shared/data import through the whole pipeline with the README's counts."""

from __future__ import annotations

from pathlib import Path

import pytest

import sagsflow

# file: (cases, events, activities), from ../shared/data/README.md
COUNTS = {
    "BPIC15_1.xes.gz": (1199, 52217, 398),
    "BPIC15_2.xes.gz": (832, 44354, 410),
    "BPIC15_3.xes.gz": (1409, 59681, 383),
    "BPIC15_4.xes.gz": (1053, 47293, 356),
    "BPIC15_5.xes.gz": (1156, 59083, 389),
    # 262,200 events in the file: 71,376 start + 164,506 complete + 26,318 schedule; the starts are paired
    # into activity instances, the schedules left out (one activity has only schedule events)
    "BPI_Challenge_2012.xes.gz": (13087, 164506, 23),
    "DomesticDeclarations_cleaned_bptlab.xes.gz": (10357, 55628, 14),
    "Helpdesk.xes.gz": (4580, 21348, 14),
    "InternationalDeclarations_cleaned_bptlab.xes.gz": (6323, 70727, 33),
    "PermitLog_cleaned_bptlab.xes.gz": (6426, 81092, 49),
    "PrepaidTravelCost_cleaned_bptlab.xes.gz": (2007, 17507, 29),
    "Receipt_phase_WABO_CoSeLoG.xes.gz": (1434, 8577, 27),
    "RequestForPayment_cleaned_bptlab.xes.gz": (6760, 36072, 16),
    "Road_Traffic_Fine_Management_Process.xes.gz": (150370, 561470, 11),
    "Sepsis_Cases-Event_Log.xes.gz": (1050, 15214, 16),
}
SMALL = {"Sepsis_Cases-Event_Log.xes.gz", "Receipt_phase_WABO_CoSeLoG.xes.gz", "Helpdesk.xes.gz"}
PARAMS = [
    pytest.param(name, marks=() if name in SMALL else pytest.mark.slow) for name in sorted(COUNTS)
]


@pytest.mark.realdata
@pytest.mark.parametrize("name", PARAMS)
def test_public_log_counts_survive_the_pipeline(name: str, shared_data: Path, tmp_path: Path) -> None:
    log = sagsflow.read_xes(shared_data / name, workspace=tmp_path / "ws")
    assert (log.n_cases, log.n_events, log.n_activities) == COUNTS[name]
    # the event time is time:timestamp; trace attributes stay case attributes, never event times
    assert log.schema.roles["timestamp"] == "time:timestamp"
    assert "registration_timestamp" not in log.schema.roles and "start_timestamp" not in log.schema.roles
    assert all(c.level == "case" for c in log.schema.attributes if c.source and c.source.startswith("case:"))
    assert all(c.level == "event" for c in log.schema.attributes if c.source and not c.source.startswith("case:"))
    n_start = log.events().filter("start_timestamp IS NOT NULL").count("*").fetchall()[0][0]
    assert (n_start > 0) == (name == "BPI_Challenge_2012.xes.gz")
    resources = log.events().filter("resource IS NOT NULL").limit(5).fetchall()
    if resources:  # org:resource is an employee identifier: pseudonymised by default, except robots and system
        # users the suggestion detected (BPI 2020's "SYSTEM"), which are kept in clear as automation
        automation = set(log.schema.automation)
        assert all(v.startswith("M-") or v in automation
                   for v in (r[log.events().columns.index("resource")] for r in resources))


@pytest.mark.realdata
def test_store_order_matches_pm4py_stable_sort(shared_data: Path, tmp_path: Path) -> None:
    """Events inside a case follow PM4Py's order: timestamp, then file order for ties."""
    import pm4py

    path = shared_data / "Sepsis_Cases-Event_Log.xes.gz"
    ours = sagsflow.read_xes(path, workspace=tmp_path / "ws", mapping={
        "case_id": "case:concept:name", "activity": "concept:name", "timestamp": "time:timestamp"})
    theirs = pm4py.read_xes(str(path))
    theirs = theirs.sort_values(["case:concept:name", "time:timestamp"], kind="stable")
    mine = ours.to_pandas().sort_values(["case_id", "timestamp"], kind="stable")
    assert list(mine["activity"]) == list(theirs["concept:name"])


def _pm4py_median_durations(path: Path) -> dict[str, float]:
    """PM4Py: read_xes, the interval conversion (start/complete pairs), the median duration of the paired
    instances per activity."""
    import statistics

    import pm4py
    from pm4py.objects.log.util import interval_lifecycle

    log = interval_lifecycle.to_interval(pm4py.convert_to_event_log(pm4py.read_xes(str(path))))
    found: dict[str, list[float]] = {}
    for trace in log:
        for e in trace:
            if "@@startevent_concept:name" in e:
                seconds = (e["time:timestamp"] - e["start_timestamp"]).total_seconds()
                found.setdefault(e["concept:name"], []).append(seconds)
    return {a: statistics.median(v) for a, v in found.items()}


@pytest.mark.realdata
@pytest.mark.slow
def test_bpic12_activity_instances_agree_with_pm4py(shared_data: Path, tmp_path: Path) -> None:
    """BPIC12's start/complete pairs become activity instances whose median processing times (the activity
    table a user sees) equal PM4Py's interval conversion."""
    path = shared_data / "BPI_Challenge_2012.xes.gz"
    log = sagsflow.read_xes(path, workspace=tmp_path / "ws")
    table = sagsflow.activity_table(log).to_pandas().set_index("activity")
    ours = table[table["n_processing"] > 0]["median_processing_s"].to_dict()
    theirs = _pm4py_median_durations(path)
    assert set(ours) == set(theirs) and len(theirs) == 6  # the W_ activities
    for activity, seconds in theirs.items():
        assert ours[activity] == pytest.approx(seconds, abs=1e-3), activity
    assert table.loc["W_Completeren aanvraag", "n_processing"] == 23512


@pytest.mark.realdata
def test_sepsis_event_times_and_durations_agree_with_pm4py(shared_data: Path, tmp_path: Path) -> None:
    """Sepsis (attributes on the registration event, lifecycle 'complete' only): every event keeps its
    time:timestamp, no activity gets an invented start, and case durations equal PM4Py's."""
    import pm4py

    path = shared_data / "Sepsis_Cases-Event_Log.xes.gz"
    log = sagsflow.read_xes(path, workspace=tmp_path / "ws")
    theirs = pm4py.read_xes(str(path))
    mine = log.to_pandas()
    assert sorted(zip(mine["case_id"], mine["timestamp"], strict=True)) == sorted(
        zip(theirs["case:concept:name"], theirs["time:timestamp"], strict=True))
    assert mine["start_timestamp"].isna().all()
    table = sagsflow.activity_table(log).to_pandas()
    assert (table["n_processing"] == 0).all()  # no start times: no processing time is made up
    durations = sagsflow.case_durations(log)
    pm = sorted(pm4py.get_all_case_durations(theirs))
    import statistics

    assert statistics.median(durations.to_pandas()["duration_s"]) == pytest.approx(statistics.median(pm))
