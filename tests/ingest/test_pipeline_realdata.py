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
    "BPI_Challenge_2012.xes.gz": (13087, 262200, 24),
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
    resources = log.events().filter("resource IS NOT NULL").limit(5).fetchall()
    if resources:  # org:resource is an employee identifier: pseudonymised by default
        assert all(r[log.events().columns.index("resource")].startswith("M-") for r in resources)


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
