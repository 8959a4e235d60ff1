"""The process map: sliders that keep it connected, perspectives, disclosure, the plain data structure."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from itertools import pairwise

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sagsflow.analysis.calendar import BusinessCalendar
from sagsflow.analysis.process_map import ProcessMap, discover_process_map
from sagsflow.errors import InvalidParameterError
from sagsflow.filters import has_activity
from sagsflow.store.workspace import Workspace
from tests.analysis.maplogs import write_rows

# A (5 cases) -> B (3) -> C (2), A -> D (1); B is frequent, D rare
ROWS = [
    *[(f"k{i}", "A", f"2024-01-0{i + 1} 08:00") for i in range(5)],
    *[(f"k{i}", "B", f"2024-01-0{i + 1} 09:00") for i in range(3)],
    *[(f"k{i}", "C", f"2024-01-0{i + 1} 12:00") for i in range(2)],
    ("k4", "D", "2024-01-05 10:00"),
]


def ids(m: ProcessMap) -> dict[str, str]:
    return {n.id: n.label for n in m.nodes}


def edge_set(m: ProcessMap) -> set[tuple[str, str]]:
    lab = ids(m)
    return {(lab[e.source], lab[e.target]) for e in m.edges}


def reachable(m: ProcessMap, root: str, forward: bool = True) -> set[str]:
    adj: dict[str, list[str]] = {}
    for e in m.edges:
        a, b = (e.source, e.target) if forward else (e.target, e.source)
        adj.setdefault(a, []).append(b)
    seen, todo = {root}, [root]
    while todo:
        for v in adj.get(todo.pop(), []):
            if v not in seen:
                seen.add(v)
                todo.append(v)
    return seen


def test_full_map_has_every_node_and_edge(ws: Workspace) -> None:
    m = discover_process_map(write_rows(ws, "l", ROWS))
    assert [n.label for n in m.nodes] == ["▶ start", "A", "B", "C", "D", "■ end"]
    assert edge_set(m) == {("▶ start", "A"), ("A", "B"), ("B", "C"), ("A", "D"), ("A", "■ end"),
                           ("B", "■ end"), ("C", "■ end"), ("D", "■ end")}
    assert m.edge("A", "B").frequency == 3 and m.node("▶ start").frequency == 5
    assert m.n_nodes_total == 4 and m.n_edges_total == 8


def test_activities_slider_projects_the_log_so_arcs_bridge_removed_activities(ws: Workspace) -> None:
    m = discover_process_map(write_rows(ws, "l", ROWS), activities=0.5)  # keeps A (5) and B (3)
    assert [n.label for n in m.nodes] == ["▶ start", "A", "B", "■ end"]
    assert m.edge("B", "■ end").frequency == 3  # B -> C -> end becomes B -> end
    assert m.edge("A", "■ end").frequency == 2  # the case with D and the one with A only
    lone = discover_process_map(write_rows(ws, "l", ROWS), activities=0.0)
    assert [n.label for n in lone.nodes] == ["▶ start", "A", "■ end"]  # always at least one


def test_paths_slider_keeps_the_map_connected(ws: Workspace) -> None:
    m = discover_process_map(write_rows(ws, "l", ROWS), paths=0.0)
    assert reachable(m, "start") >= {n.id for n in m.nodes}
    assert reachable(m, "end", forward=False) >= {n.id for n in m.nodes}
    assert len(m.edges) < 8
    assert len(discover_process_map(write_rows(ws, "l", ROWS), paths=0.5).edges) >= 4


@st.composite
def random_logs(draw: st.DrawFn) -> list[tuple[str, str, str, None, str]]:
    rows = []
    for c in range(draw(st.integers(1, 15))):
        t = datetime(2024, 2, 1) + timedelta(hours=draw(st.integers(0, 300)))
        for _ in range(draw(st.integers(1, 7))):
            t += timedelta(minutes=draw(st.sampled_from([0, 10, 90, 1500])))
            rows.append((f"c{c}", draw(st.sampled_from("ABCDEFG")), t.isoformat(), None,
                         draw(st.sampled_from(["r1", "r2", "r3", "r4"]))))
    return rows


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=random_logs(), activities=st.floats(0, 1), paths=st.floats(0, 1))
def test_any_slider_setting_gives_a_connected_deterministic_map(rows: list[tuple[str, str, str, None, str]],
                                                                activities: float, paths: float) -> None:
    with Workspace.memory() as w:
        log = write_rows(w, "r", rows)
        m = discover_process_map(log, activities=activities, paths=paths)
        shown = {n.id for n in m.nodes}
        assert reachable(m, "start") == shown, "every node is reachable from the start"
        assert reachable(m, "end", forward=False) == shown, "every node reaches the end"
        assert len(m.nodes) - 2 >= 1
        assert m.to_dict() == discover_process_map(log, activities=activities, paths=paths).to_dict()
        everything = discover_process_map(log)
        assert len(m.edges) <= len(everything.edges)
        assert sum(e.frequency for e in everything.edges if e.source == "start") == len({r[0] for r in rows})


def test_resource_perspective_merges_and_hides_small_groups(ws: Workspace) -> None:
    rows = []
    small = ["cy", "cy", "dy", "dy", "ey", "ey"]  # three resources with 2 cases each
    for i in range(12):  # ann hands over to bo in 12 cases
        rows += [(f"k{i}", "A", f"2024-01-01 {i:02d}:00", None, "ann"),
                 (f"k{i}", "B", f"2024-01-01 {i:02d}:30", None, "bo")]
        if i < 6:
            rows.append((f"k{i}", "C", f"2024-01-01 {i:02d}:45", None, small[i]))
    rows.insert(0, ("k11", "A", "2024-01-01 10:50", None, "ann"))  # ann -> ann in one case only
    log = write_rows(ws, "l", rows)
    viewer = discover_process_map(log, perspective="resource")
    assert [n.label for n in viewer.nodes] == ["▶ start", "(other, n<5)", "ann", "bo", "■ end"]
    assert viewer.node("(other, n<5)").cases == 6 and viewer.node("(other, n<5)").kind == "other"
    assert edge_set(viewer) == {("▶ start", "ann"), ("ann", "bo"), ("bo", "(other, n<5)"),
                                ("(other, n<5)", "■ end"), ("bo", "■ end")}
    assert viewer.disclosure is not None
    assert viewer.to_dict()["disclosure"]["hidden_edges"] == 1  # ann -> ann
    assert viewer.disclosure.note == (
        "3 values seen in fewer than 5 cases are merged into '(other, n<5)'; "
        "1 edges followed by fewer than 5 cases are hidden (disclosure rule).")
    analyst = discover_process_map(log, perspective="resource", show_small_groups=True)
    assert {"cy", "dy", "ey"} <= {n.label for n in analyst.nodes} and analyst.disclosure is None
    assert ("ann", "ann") in edge_set(analyst)


def test_attribute_perspective(ws: Workspace) -> None:
    rows = [(f"k{i}", a, f"2024-01-0{i + 1} 0{j}:00", None, None, unit)
            for i in range(6) for j, (a, unit) in enumerate([("A", "north"), ("B", "south")])]
    m = discover_process_map(write_rows(ws, "l", rows, attributes=["unit"]), perspective="unit")
    assert edge_set(m) == {("▶ start", "north"), ("north", "south"), ("south", "■ end")}


def test_duration_overlay_and_working_time(ws: Workspace) -> None:
    log = write_rows(ws, "l", ROWS)
    m = discover_process_map(log, measure="duration", aggregation="median")
    assert m.overlay == "duration:median"
    assert m.edge("A", "B").value("duration", "median") == 3600
    cal = BusinessCalendar(hours=("08:00", "16:00"), timezone="UTC", country=None, extra_closed=())
    w = discover_process_map(log, measure="duration", calendar=cal)
    assert w.time == "working" and w.to_dict()["calendar"]["timezone"] == "UTC"
    assert w.edge("B", "C").duration is not None and w.edge("B", "C").duration["max"] == 3 * 3600


def test_filtered_log(ws: Workspace) -> None:
    m = discover_process_map(write_rows(ws, "l", ROWS).filter(has_activity("C")))
    assert m.n_cases == 2 and m.node("A").frequency == 2 and "D" not in ids(m).values()


def test_to_dict_is_plain_json(ws: Workspace) -> None:
    d = discover_process_map(write_rows(ws, "l", ROWS), measure="cases").to_dict()
    text = json.dumps(d)
    assert json.loads(text) == d
    assert d["overlay"] == {"measure": "cases", "aggregation": None}
    assert d["nodes"][0]["id"] == "start" and d["edges"][0]["value"] == 5
    keys = {"id", "source", "target", "frequency", "cases", "max_repetitions", "duration", "value"}
    assert keys <= set(d["edges"][0])


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"activities": 1.5}, "the activities slider must be a number from 0 to 1. Got 1.5 instead."),
    ({"paths": -0.1}, "the paths slider must be a number from 0 to 1"),
    ({"measure": "speed"}, "the measure must be one of frequency, cases, max_repetitions, duration. Got 'speed'"),
    ({"aggregation": "average"}, "the aggregation must be one of mean, median"),
    ({"min_group_size": 0}, "min_group_size must be at least 1"),
])
def test_bad_parameters_are_named(ws: Workspace, kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidParameterError, match=message.replace("(", r"\(").replace(".", r"\.")):
        discover_process_map(write_rows(ws, "l", ROWS), **kwargs)  # type: ignore[arg-type]


def test_lookups_name_what_exists(ws: Workspace) -> None:
    m = discover_process_map(write_rows(ws, "l", ROWS))
    with pytest.raises(InvalidParameterError, match="no node labelled 'Z'") as info:
        m.node("Z")
    assert "'A'" in str(info.value)
    assert np.isclose(m.node("A").value("frequency") or 0, 5)


@given(n=st.integers(1, 5000))
def test_sliders_are_rank_based_and_move_by_one_at_the_low_end(n: int) -> None:
    """Disco-like sliders: 0 keeps one item, 1 keeps all; the count never falls as the slider rises; with up to
    101 items no 1 % step adds more than one, with more each step up to the knee adds exactly one (the first 22
    steps on a log with 624 activities, 12 with 5000)."""
    from sagsflow.analysis.process_map import _knee, slider_count

    counts = [slider_count(p / 100, n) for p in range(101)]
    assert counts[0] == 1 and counts[-1] == n
    steps = [b - a for a, b in pairwise(counts)]
    assert min(steps) >= 0
    if n > 101:
        knee = int(_knee(n)[0])
        assert knee >= 12 and counts[: knee + 1] == list(range(1, knee + 2))
    else:
        assert max(steps) <= 1


@given(n=st.integers(0, 3000), count=st.integers(0, 4000))
def test_slider_position_is_the_lowest_that_keeps_the_count(n: int, count: int) -> None:
    """slider_steps is slider_count at every whole percent, and slider_position finds the first step that keeps
    at least ``count`` (all at 1.0 when the log has fewer); the web app reads both from the server."""
    from sagsflow.analysis.process_map import slider_count, slider_position, slider_steps

    steps = slider_steps(n)
    assert len(steps) == 101 and steps == [slider_count(p / 100, n) for p in range(101)]
    p = round(slider_position(count, n) * 100)
    assert steps[p] >= min(count, n)
    assert p == 0 or steps[p - 1] < min(count, n)


def test_activities_slider_on_a_large_log_moves_one_activity_at_a_time(ws: Workspace) -> None:
    """A log with 150 activities (activity i in 150 - i cases): the slider at 0 %, 1 %, 2 %, 10 % shows 1, 2, 3,
    11 activities (the old share-based slider jumped from 1 to 3 to 15)."""
    rows = [(f"c{c}", f"act{a:03d}", f"2024-01-01 00:{a % 60:02d}") for a in range(150) for c in range(150 - a)]
    log = write_rows(ws, "big", rows)
    shown = [len(discover_process_map(log, activities=p / 100, paths=0.0).nodes) - 2 for p in (0, 1, 2, 10)]
    assert shown == [1, 2, 3, 11]
    m = discover_process_map(log, activities=0.02, paths=0.0)
    assert [n.label for n in m.nodes[1:-1]] == ["act000", "act001", "act002"]
