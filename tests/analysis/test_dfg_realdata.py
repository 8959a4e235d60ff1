"""The DFG equals PM4Py's on the real public logs in ../shared/data (skipped when they are absent)."""

from __future__ import annotations

import contextlib
import io

import numpy as np
import pytest

from sagsflow.analysis import dfg as dfg_module
from sagsflow.analysis.dfg import discover_dfg, discover_dfg_sql
from sagsflow.store.workspace import Workspace
from tests.analysis.maplogs import real_log

pytestmark = pytest.mark.realdata

LOGS = [
    "Helpdesk.xes.gz",
    "Sepsis_Cases-Event_Log.xes.gz",
    "Receipt_phase_WABO_CoSeLoG.xes.gz",
    "BPIC15_1.xes.gz",
    pytest.param("BPI_Challenge_2012.xes.gz", marks=pytest.mark.slow),
    pytest.param("Road_Traffic_Fine_Management_Process.xes.gz", marks=pytest.mark.slow),
]


@pytest.fixture(params=["kernels as the log's size chooses", "kernels of logs above 1M events"])
def kernels(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Also run the map's kernels for large logs on these small ones: order statistics by histogram selection (above
    1M durations) and distinct cases counted in small blocks of cases."""
    if request.param.endswith("1M events"):
        from sagsflow.analysis import dfg_reuse

        monkeypatch.setattr(dfg_module, "_SELECT_MIN", 0)
        monkeypatch.setattr(dfg_module, "_BLOCK_ROWS", 64)
        monkeypatch.setattr(dfg_reuse, "_BLOCK_ROWS", 64)  # the kept work's first occurrences
    return str(request.param)


@pytest.mark.parametrize("file", LOGS)
def test_dfg_and_performance_dfg_equal_pm4py(ws: Workspace, file: str, kernels: str) -> None:
    with contextlib.redirect_stdout(io.StringIO()):
        import pm4py
    log, df = real_log(ws, file)
    ours = discover_dfg(log)
    dfg, start, end = pm4py.discover_dfg(df)
    got_dfg, got_start, got_end = ours.to_pm4py()
    assert got_dfg == dict(dfg)
    assert got_start == dict(start) and got_end == dict(end)
    perf, _, _ = pm4py.discover_performance_dfg(df)
    for stat in ("mean", "median", "min", "max"):
        mine = ours.edge_duration_dict(stat)
        theirs = {k: v[stat] for k, v in perf.items()}
        assert mine.keys() == theirs.keys()
        bad = [k for k in theirs if not np.isclose(mine[k], theirs[k], rtol=1e-9, atol=1e-3)]
        assert not bad, f"{stat} differs on {len(bad)} edges, e.g. {bad[0]}: {mine[bad[0]]} vs {theirs[bad[0]]}"
    # the portable SQL gives the same graph
    sql = discover_dfg_sql(log)
    assert sql.to_pm4py() == ours.to_pm4py()
    assert np.array_equal(sql.edge_cases, ours.edge_cases)
    assert np.array_equal(sql.node_max_repetitions, ours.node_max_repetitions)
    assert sql.edge_duration is not None and ours.edge_duration is not None
    assert np.allclose(sql.edge_duration.get("p90"), ours.edge_duration.get("p90"), equal_nan=True)


@pytest.mark.parametrize("file", LOGS[:4])
def test_a_case_filtered_map_equals_pm4py_on_the_filtered_frame(ws: Workspace, file: str, kernels: str) -> None:
    """A case filter's map comes from the whole log's kept work (masked); PM4Py filters its frame and computes."""
    from sagsflow.filters import has_activity

    with contextlib.redirect_stdout(io.StringIO()):
        import pm4py
    log, df = real_log(ws, file)
    whole = discover_dfg(log)  # keeps the work
    activity = df["concept:name"].value_counts().index[2]  # the third most frequent activity
    ours = discover_dfg(log.filter(has_activity(activity)))
    sub = pm4py.filter_event_attribute_values(df, "concept:name", [activity], level="case", retain=True)
    assert 0 < ours.n_cases < whole.n_cases and ours.n_cases == sub["case:concept:name"].nunique()
    dfg, start, end = pm4py.discover_dfg(sub)
    assert ours.to_pm4py() == (dict(dfg), dict(start), dict(end))
    perf, _, _ = pm4py.discover_performance_dfg(sub)
    for stat in ("mean", "median", "min", "max"):
        mine = ours.edge_duration_dict(stat)
        bad = [k for k, v in perf.items() if not np.isclose(mine[k], v[stat], rtol=1e-9, atol=1e-3)]
        assert not bad, f"{stat} differs on {len(bad)} edges"
