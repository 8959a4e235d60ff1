"""Property tests: every filter type's SQL against the pure-Python reference, on random logs.

For each type (retain and remove): the same events in the same order with the same positions as
the reference; the portable SQL (no successor table, exact variant lists) agrees with the fast
path; ``cases_sql`` describes the remaining events; case-level filters and their opposite partition
the cases, and per-case filters are idempotent. Random stacks check left-to-right composition.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sagsflow.filters import FILTER_TYPES, AllOf, AnyOf, FilterStack, FilterStep, VariantFilter
from sagsflow.filters.sql import LogTables, compile_filters
from sagsflow.log import EventLog
from sagsflow.store.workspace import Workspace
from sagsflow.testing.strategies import Event, event_logs, filter_stacks, filter_steps, store_events
from tests.filters.filter_helpers import result
from tests.filters.filter_reference import apply as reference

SETTINGS = settings(max_examples=12, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def portable(log: EventLog, stack: FilterStack) -> EventLog:
    """The log filtered with the portable SQL only: no successor table, exact variant lists."""
    base = log.workspace.log(log.name)
    fast = base.filter(FilterStack())
    tables = LogTables(name=log.name, events=log.table, cases=log.cases_table, activities=log.activities_table,
                       schema=log.schema, event_columns=fast._columns(log.table),
                       case_columns=fast._columns(log.cases_table), successors=None, variant_fingerprint=False)
    return EventLog(log.workspace, log.name, log.schema, _plan=compile_filters(stack, tables))


def population_dependent(step: Any) -> bool:
    """Top-k and coverage depend on which other cases are present, so they are not idempotent."""
    if isinstance(step, VariantFilter):
        return step.variants is None
    if isinstance(step, AnyOf | AllOf):
        return any(population_dependent(s) for s in step.steps)
    return False


def check_cases_sql(log: EventLog, events: list[Event], expected: dict[str, list[int]]) -> None:
    rows = log.workspace.con.execute(
        f"SELECT case_id, n_events, start_time, end_time FROM ({log.cases_sql()}) c ORDER BY case_idx").fetchall()
    want = [(c, len(r), min(events[i].timestamp for i in r), max(events[i].timestamp for i in r))
            for c, r in expected.items()]
    assert rows == want


def check_selection(log: EventLog, stack: FilterStack) -> None:
    assert log.is_event_trimmed == stack.is_event_trimmed
    sel = log.case_selection_sql()
    if not stack.has_case_filter:
        assert sel is None
        return
    assert sel is not None
    con = log.workspace.con
    got = sorted(r[0] for r in con.execute(sel).fetchall())
    want = sorted(r[0] for r in con.execute(f"SELECT DISTINCT case_idx FROM ({log.events_sql()}) e").fetchall())
    assert got == want


@pytest.mark.parametrize("kind", list(FILTER_TYPES))
def test_each_filter_type_matches_the_reference(ws: Workspace, kind: str) -> None:
    @SETTINGS
    @given(events=event_logs(max_cases=16), step=filter_steps(types=[kind]))
    def check(events: list[Event], step: FilterStep) -> None:
        log = store_events(ws, "prop", events)
        stack = FilterStack(steps=(step,))
        expected = reference(stack, events)
        kept = log.filter(step)
        got = result(kept)
        assert list(got.items()) == list(expected.items()), step.to_dict()
        assert result(portable(log, stack)) == got, step.to_dict()
        check_cases_sql(kept, events, expected)
        check_selection(kept, stack)
        inverse = FilterStack(steps=(~step,))
        got_inverse = result(log.filter(inverse))
        assert list(got_inverse.items()) == list(reference(inverse, events).items()), (~step).to_dict()
        if step.is_case_level:  # retain and remove partition the cases
            assert set(got).isdisjoint(got_inverse) and set(got) | set(got_inverse) == {e.case for e in events}
            if not population_dependent(step):
                assert result(kept.filter(step)) == got

    check()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(events=event_logs(), stack=filter_stacks(max_steps=3))
def test_stacks_compose_left_to_right(ws: Workspace, events: list[Event], stack: FilterStack) -> None:
    log = store_events(ws, "stack", events)
    expected = reference(stack, events)
    filtered = log.filter(stack)
    assert list(result(filtered).items()) == list(expected.items()), stack.to_yaml()
    assert result(portable(log, stack)) == expected
    check_cases_sql(filtered, events, expected)
    check_selection(filtered, stack)
    # filtering step by step gives the same as the whole stack at once
    stepwise = log
    for s in stack.steps:
        stepwise = stepwise.filter(s)
    assert result(stepwise) == expected
    assert stepwise.filters == stack


@settings(max_examples=100, deadline=None)
@given(stack=filter_stacks(max_steps=4))
def test_specifications_round_trip(stack: FilterStack) -> None:
    assert FilterStack.from_dict(stack.to_dict()) == stack
    assert FilterStack.from_json(stack.to_json()) == stack
    assert FilterStack.from_yaml(stack.to_yaml()) == stack
    for step in stack.steps:
        assert FilterStep.from_dict(step.to_dict()) == step
        assert ~~step == step


@settings(max_examples=40, deadline=None)
@given(step=filter_steps(), data=st.data())
def test_invert_flips_only_the_action(step: FilterStep, data: st.DataObject) -> None:
    inv = (~step).to_dict()
    orig = step.to_dict()
    assert inv.pop("action") != orig.pop("action")
    assert inv == orig
