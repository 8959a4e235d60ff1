"""The directly-follows graph: counts, times, the numpy fast path against the portable SQL, the cache."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sagsflow.analysis.calendar import BusinessCalendar
from sagsflow.analysis.dfg import END, START, DirectlyFollowsGraph, discover_dfg, discover_dfg_sql
from sagsflow.errors import SchemaError
from sagsflow.filters import event_attribute, has_activity
from sagsflow.store.workspace import Workspace
from tests.analysis.maplogs import write_rows

ROWS = [
    # case 1: register, check, check (rework), decide
    ("c1", "register", "2024-03-04 09:00", None, "ann"),
    ("c1", "check", "2024-03-04 10:00", None, "bo"),
    ("c1", "check", "2024-03-04 12:00", None, "bo"),
    ("c1", "decide", "2024-03-05 12:00", None, "cy"),
    # case 2: register, decide
    ("c2", "register", "2024-03-04 11:00", None, "ann"),
    ("c2", "decide", "2024-03-04 15:00", None, "cy"),
    # case 3: register, check, decide
    ("c3", "register", "2024-03-06 09:00", None, "ann"),
    ("c3", "check", "2024-03-06 09:30", None, "bo"),
    ("c3", "decide", "2024-03-06 10:30", None, "cy"),
]


def edge(g: DirectlyFollowsGraph, a: str, b: str) -> int:
    code = {lab: i for i, lab in enumerate(g.labels)}
    s = START if a == "▶" else code[a]
    t = END if b == "■" else code[b]
    hits = np.flatnonzero((g.source == s) & (g.target == t))
    assert len(hits) == 1, f"edge {a}->{b} not in the graph"
    return int(hits[0])


def test_frequencies_cases_and_repetitions(ws: Workspace) -> None:
    g = discover_dfg(write_rows(ws, "l", ROWS))
    dfg, start, end = g.to_pm4py()
    assert dfg == {("register", "check"): 2, ("check", "check"): 1, ("check", "decide"): 2,
                   ("register", "decide"): 1}
    assert start == {"register": 3} and end == {"decide": 3}
    i = edge(g, "check", "check")
    assert (g.edge_frequency[i], g.edge_cases[i], g.edge_max_repetitions[i]) == (1, 1, 1)
    check = g.labels.index("check")
    assert (g.node_frequency[check], g.node_cases[check], g.node_max_repetitions[check]) == (3, 2, 2)
    assert g.n_cases == 3 and g.n_events == 9
    # edges come sorted: start edges first, end edges after the others of their source
    assert g.edge_labels()[0] == ("▶", "register") and g.edge_labels()[-1] == ("register", "decide")


def test_time_between_activities(ws: Workspace) -> None:
    g = discover_dfg(write_rows(ws, "l", ROWS))
    d = g.edge_duration
    assert d is not None and g.node_duration is None  # no start times in this log
    i = edge(g, "check", "decide")  # 24 h in case 1, 1 h in case 3
    assert d.count[i] == 2
    assert d.mean[i] == pytest.approx(12.5 * 3600)
    assert d.median[i] == pytest.approx(12.5 * 3600)
    assert (d.min[i], d.max[i], d.total[i]) == (3600, 24 * 3600, 25 * 3600)
    assert d.p90[i] == pytest.approx(3600 + 0.9 * 23 * 3600)
    assert np.isnan(d.mean[edge(g, "▶", "register")])  # no time on the artificial edges
    assert g.edge_duration_dict("max")[("register", "check")] == 3600


def test_equal_timestamps_keep_the_source_order(ws: Workspace) -> None:
    rows = [("c", "b", "2024-01-01 10:00"), ("c", "a", "2024-01-01 10:00"), ("c", "c", "2024-01-01 10:00")]
    dfg, start, _ = discover_dfg(write_rows(ws, "l", rows)).to_pm4py()
    assert start == {"b": 1} and dfg == {("b", "a"): 1, ("a", "c"): 1}


def test_start_times_give_time_on_activities_and_waiting_time_between(ws: Workspace) -> None:
    rows = [("c", "a", "2024-01-01 10:00", "2024-01-01 09:00"), ("c", "b", "2024-01-01 13:00", "2024-01-01 12:00"),
            ("d", "a", "2024-01-02 10:00", "2024-01-02 09:30"), ("d", "b", "2024-01-02 11:00", None)]
    g = discover_dfg(write_rows(ws, "l", rows))
    assert g.node_duration is not None and g.edge_duration is not None
    a, b = g.labels.index("a"), g.labels.index("b")
    assert g.node_duration.count[a] == 2 and g.node_duration.mean[a] == pytest.approx(45 * 60)
    assert g.node_duration.count[b] == 1 and g.node_duration.max[b] == 3600
    i = edge(g, "a", "b")  # waiting: 10:00 -> start 12:00 (2 h); 10:00 -> completion 11:00 (no start: 1 h)
    assert sorted([g.edge_duration.min[i], g.edge_duration.max[i]]) == [3600, 2 * 3600]
    assert discover_dfg_sql(write_rows(ws, "l", rows)).node_duration.mean[a] == pytest.approx(45 * 60)  # type: ignore[union-attr]


def test_working_time_under_a_business_calendar(ws: Workspace) -> None:
    cal = BusinessCalendar()
    rows = [("c", "a", "2024-03-27 14:00"), ("c", "b", "2024-04-02 07:00")]  # UTC; Easter in between
    g = discover_dfg(write_rows(ws, "l", rows), calendar=cal)
    assert g.time == "working"
    want = cal.working_time_between("2024-03-27 14:00+00:00", "2024-04-02 07:00+00:00")
    assert g.edge_duration_dict("mean")[("a", "b")] == pytest.approx(want) == 2 * 3600
    assert discover_dfg(ws.log("l")).edge_duration_dict("mean")[("a", "b")] == 6 * 86400 - 7 * 3600


def test_resource_perspective_is_the_handover_of_work(ws: Workspace) -> None:
    g = discover_dfg(write_rows(ws, "l", ROWS), perspective="resource")
    dfg, start, end = g.to_pm4py()
    assert start == {"ann": 3} and end == {"cy": 3}
    assert dfg == {("ann", "bo"): 2, ("bo", "bo"): 1, ("bo", "cy"): 2, ("ann", "cy"): 1}


def test_unknown_perspective_names_the_columns(ws: Workspace) -> None:
    with pytest.raises(SchemaError, match="Got 'team' instead") as info:
        discover_dfg(write_rows(ws, "l", ROWS), perspective="team")
    assert "resource" in str(info.value)


def test_case_filter_and_event_trimming(ws: Workspace) -> None:
    log = write_rows(ws, "l", ROWS)
    only_check = log.filter(has_activity("check"))
    dfg, start, _ = discover_dfg(only_check).to_pm4py()
    assert start == {"register": 2} and ("register", "decide") not in dfg
    trimmed = log.filter(event_attribute("activity", "check", mode="events").model_copy(update={"action": "remove"}))
    assert trimmed.is_event_trimmed
    dfg, _, _ = discover_dfg(trimmed).to_pm4py()
    assert dfg == {("register", "decide"): 3}  # arcs bridge the removed events
    for f in (only_check, trimmed):
        assert discover_dfg_sql(f).to_pm4py() == discover_dfg(f).to_pm4py()


def test_successor_table_is_written_with_the_log(ws: Workspace) -> None:
    write_rows(ws, "l", ROWS)
    rows = ws.con.execute(
        "SELECT activity_code, next_activity_code, next_timestamp IS NULL FROM log_l.successors "
        "WHERE case_idx = 1 ORDER BY event_idx").fetchall()
    codes = dict(ws.con.execute("SELECT activity, activity_code FROM log_l.activities").fetchall())
    assert rows == [(codes["register"], codes["decide"], False), (codes["decide"], None, True)]


def test_cache_is_refreshed_when_the_log_is_rewritten(ws: Workspace) -> None:
    log = write_rows(ws, "l", ROWS)
    assert discover_dfg(log).n_events == 9
    log = write_rows(ws, "l", ROWS[:2])
    g = discover_dfg(log)
    assert g.n_events == 2 and g.to_pm4py()[0] == {("register", "check"): 1}


def test_empty_selection_gives_an_empty_graph(ws: Workspace) -> None:
    log = write_rows(ws, "l", ROWS).filter(has_activity("archive"))
    g = discover_dfg(log)
    assert g.n_events == 0 and g.n_edges == 0 and g.to_pm4py() == ({}, {}, {})


# ----------------------------------------------------------------------------- numpy == SQL on random logs
@st.composite
def random_logs(draw: st.DrawFn) -> list[tuple[str, str, str, str | None, str]]:
    n_cases = draw(st.integers(1, 12))
    rows = []
    base = datetime(2024, 3, 1, 8, 0)
    for c in range(n_cases):
        t = base + timedelta(hours=draw(st.integers(0, 500)))
        for _ in range(draw(st.integers(1, 8))):
            t += timedelta(minutes=draw(st.sampled_from([0, 0, 5, 60, 600, 3000])))
            start = t - timedelta(minutes=30) if draw(st.booleans()) else None
            rows.append((f"k{c}", draw(st.sampled_from("ABCDE")), t.isoformat(),
                         start.isoformat() if start else None, draw(st.sampled_from(["r1", "r2", "r3"]))))
    return draw(st.permutations(rows))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=random_logs())
def test_numpy_fast_path_equals_portable_sql(rows: list[tuple[str, str, str, str | None, str]]) -> None:
    with Workspace.memory() as w:
        log = write_rows(w, "r", rows)
        for lg in (log, log.filter(has_activity("A"))):
            fast, sql = discover_dfg(lg), discover_dfg_sql(lg)
            for f in ("source", "target", "edge_frequency", "edge_cases", "edge_max_repetitions",
                      "node_frequency", "node_cases", "node_max_repetitions"):
                assert np.array_equal(getattr(fast, f), getattr(sql, f)), f
            assert fast.edge_duration is not None and sql.edge_duration is not None
            for s in ("mean", "median", "min", "max", "total", "p25", "p75", "p90", "p95"):
                assert np.allclose(fast.edge_duration.get(s), sql.edge_duration.get(s), equal_nan=True), s
            if fast.node_duration is not None:
                assert sql.node_duration is not None
                assert np.allclose(fast.node_duration.get("median"), sql.node_duration.get("median"),
                                   equal_nan=True)
