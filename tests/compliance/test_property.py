"""The response rule with clock-stops against a straightforward day-by-day Python reference, on random logs."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sagsflow.compliance import evaluate, load_rules
from sagsflow.store.workspace import Workspace
from tests.compliance.conftest import write_log

BASE = date(2024, 1, 1)
AS_OF = date(2024, 3, 1)
ACTS = ["A", "B", "S", "E", "X"]

cases_st = st.lists(
    st.lists(st.tuples(st.sampled_from(ACTS), st.integers(0, 55)), min_size=1, max_size=8),
    min_size=1, max_size=12,
)


def reference(events: list[tuple[str, int]], n: int, k: int) -> tuple[str, int | None]:
    """Status and deadline (day offset) of 'first A -> k B within n days', time stopped from S to the next E."""
    ev = sorted(enumerate(events), key=lambda x: (x[1][1], x[0]))  # by day, then row order
    order = [(a, d) for _, (a, d) in ev]
    first_a = next((i for i, (a, _) in enumerate(order) if a == "A"), None)
    if first_a is None:
        return "not_applicable", None
    t = order[first_a][1]
    stopped: set[int] = set()
    for i, (a, d) in enumerate(order):
        if a == "S":
            end = next((d2 for a2, d2 in order[i + 1:] if a2 == "E"), (AS_OF - BASE).days + 1)
            stopped |= set(range(d, end))
    day, counted = t, 0
    while counted < n:
        day += 1
        if day not in stopped:
            counted += 1
    hits = [d for a, d in order[first_a + 1:] if a == "B"]
    if len(hits) >= k and hits[k - 1] <= day:
        return "met", day
    return ("violated" if day < (AS_OF - BASE).days else "pending"), day


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cases=cases_st, n=st.integers(1, 20), k=st.integers(1, 2))
def test_response_rule_matches_reference(tmp_path: Path, cases: list[list[tuple[str, int]]], n: int,
                                         k: int) -> None:
    rows = []
    for c, events in enumerate(cases):
        for j, (a, d) in enumerate(sorted(events, key=lambda x: x[1])):
            rows.append((f"c{c:02d}", a, f"{BASE + timedelta(days=d)} 10:{j:02d}"))
    rules = load_rules(f"""
clock_stops:
  stop: {{start: S, end: E}}
rules:
  - {{id: R, type: counting, trigger: A, target: B, count: {k}, within: {n} days, clock_stops: [stop]}}
""") if k > 1 else load_rules(f"""
clock_stops:
  stop: {{start: S, end: E}}
rules:
  - {{id: R, type: response, trigger: A, target: B, within: {n} days, clock_stops: [stop]}}
""")
    with Workspace.memory() as ws:
        log = write_log(ws, tmp_path, rows, name="p")
        res = evaluate(log, rules, as_of=AS_OF).cases.set_index("case_id")
    for c, events in enumerate(cases):
        ordered = sorted(events, key=lambda x: x[1])
        want_status, want_day = reference(ordered, n, k)
        got = res.loc[f"c{c:02d}"]
        assert got["status"] == want_status, (c, ordered)
        if want_day is not None:
            assert got["deadline"] == BASE + timedelta(days=want_day), (c, ordered)
