"""Token movements for the animation: every case travels exactly the map's arcs, in time order."""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sagsflow.analysis.animation import token_movements
from sagsflow.analysis.process_map import discover_process_map
from sagsflow.store.workspace import Workspace
from tests.analysis.maplogs import write_rows
from tests.analysis.test_process_map import random_logs


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=random_logs(), activities=st.floats(0, 1))
def test_movements_travel_the_maps_arcs(rows: list[tuple[str, str, str, None, str]], activities: float) -> None:
    """Per arc, the number of traversals is the map's frequency at the same activities slider (the arcs bridge
    the removed activities the same way), and every traversal ends no earlier than it starts."""
    with Workspace.memory() as w:
        log = write_rows(w, "r", rows)
        mv = token_movements(log, activities=activities)
        m = discover_process_map(log, activities=activities)
        trips = Counter((mv.nodes[s], mv.nodes[t]) for s, t in zip(mv.source, mv.target, strict=True))
        assert trips == {(e.source, e.target): e.frequency for e in m.edges}
        assert mv.n_cases == m.n_cases  # cases without a kept activity drop out of both
        assert (mv.end >= mv.start).all()


def test_large_logs_are_sampled_by_whole_cases(ws: Workspace) -> None:
    rows = [(f"c{i:03d}", a, f"2024-01-01 {h:02d}:00") for i in range(100) for h, a in enumerate("ABC")]
    mv = token_movements(write_rows(ws, "l", rows), max_cases=10)
    assert mv.n_cases == 10 and mv.n_cases_total == 100 and mv.sampled
    assert len(mv) == 10 * 4  # start -> A -> B -> C -> end
    assert mv.to_dict()["nodes"][:2] == ["start", "end"]
