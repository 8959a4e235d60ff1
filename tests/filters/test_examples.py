"""Readable examples: each filter type on a tiny hand-made log, and the EventLog filter API."""

from __future__ import annotations

import re

import pytest

import sagsflow.filters as F
from sagsflow.errors import InvalidParameterError, SchemaError
from sagsflow.log import EventLog
from sagsflow.store.workspace import Workspace
from sagsflow.testing.strategies import store_events
from tests.filters.filter_helpers import case_ids, ev, t

# Four benefit cases (times in UTC, January 2024):
#   k1 Register -> Check -> Decide                       (2 days, Nord)
#   k2 Register -> Check -> Request docs -> Request docs -> Decide   (9 days, Syd)
#   k3 Register -> Decide                                (1 hour, Nord)
#   k4 Check -> Register -> Refund                       (5 days, no region)
EVENTS = [
    ev("k1", "Register", t(2, 9), "R1", region="Nord", amount=100, channel="web"),
    ev("k1", "Check", t(3, 9), "R2", start=t(3, 8), region="Nord", amount=100, channel="phone"),
    ev("k1", "Decide", t(4, 9), "R1", region="Nord", amount=100, channel="web"),
    ev("k2", "Register", t(3, 10), "R3", region="Syd", amount=250, channel="web"),
    ev("k2", "Check", t(4, 10), "R2", start=t(4, 7), region="Syd", amount=250, channel="web"),
    ev("k2", "Request docs", t(6, 10), "R2", region="Syd", amount=250, channel="phone"),
    ev("k2", "Request docs", t(9, 10), "R2", region="Syd", amount=250, channel="phone"),
    ev("k2", "Decide", t(12, 10), "R1", region="Syd", amount=250, channel="web"),
    ev("k3", "Register", t(5, 9), "R1", region="Nord", amount=50, channel="web"),
    ev("k3", "Decide", t(5, 10), "R1", start=t(5, 9, 30), region="Nord", amount=50, channel="web"),
    ev("k4", "Check", t(6, 9), "R3", amount=75, channel="phone"),
    ev("k4", "Register", t(8, 9), "R3", amount=75, channel="web"),
    ev("k4", "Refund", t(11, 9), "R2", amount=75, channel="web"),
]
# region and amount are case attributes
EVENTS = [e._replace(attrs={("case:" + k if k in ("region", "amount") else k): v for k, v in e.attrs.items()})
          for e in EVENTS]


@pytest.fixture(scope="module")
def log() -> EventLog:
    ws = Workspace.memory()
    return store_events(ws, "sager", EVENTS)


def cases(log: EventLog, spec: object) -> list[str]:
    return sorted(case_ids(log.filter(spec)))  # type: ignore[arg-type]


def activities(log: EventLog, spec: object) -> dict[str, list[str]]:
    f = log.filter(spec)  # type: ignore[arg-type]
    rows = f.workspace.con.execute(f"SELECT case_id, activity FROM ({f.events_sql()}) e ORDER BY event_idx")
    out: dict[str, list[str]] = {}
    for c, a in rows.fetchall():
        out.setdefault(c, []).append(a)
    return out


def test_case_attribute(log: EventLog) -> None:
    assert cases(log, F.case_attribute("region", "Nord")) == ["k1", "k3"]
    assert cases(log, F.case_attribute("region", ["Syd", "Øst"])) == ["k2"]
    assert cases(log, F.case_attribute("amount", min=60, max=200)) == ["k1", "k4"]
    assert cases(log, F.case_attribute("region", regex="^N")) == ["k1", "k3"]
    # a case without the attribute never matches, so remove keeps it
    assert cases(log, ~F.case_attribute("region", "Nord")) == ["k2", "k4"]


def test_case_id(log: EventLog) -> None:
    assert cases(log, F.case_id("k1", "k4", "nope")) == ["k1", "k4"]
    assert cases(log, F.case_id(pattern="[23]$")) == ["k2", "k3"]


def test_variants(log: EventLog) -> None:
    assert cases(log, F.variants(["Register", "Decide"], ["Check", "Register", "Refund"])) == ["k3", "k4"]
    assert cases(log, F.variants(["Register", "Unknown"])) == []
    # all four variants occur once: ties go by activity sequence, compared label by label in
    # alphabetical order: k4 (Check, ...) < k1 (Register, Check, Decide) < k2 (Register, Check, Request
    # docs, ...) < k3 (Register, Decide)
    assert cases(log, F.top_variants(1)) == ["k4"]
    assert cases(log, F.top_variants(2)) == ["k1", "k4"]
    assert cases(log, F.variant_coverage(50)) == ["k1", "k4"]
    assert cases(log, F.variant_coverage(51)) == ["k1", "k2", "k4"]


def test_event_attribute_cases_and_events(log: EventLog) -> None:
    assert cases(log, F.has_activity("Refund")) == ["k4"]
    assert cases(log, ~F.has_activity("Refund", "Request docs")) == ["k1", "k3"]
    assert activities(log, F.event_attribute("resource", "R3", mode="events")) == {
        "k2": ["Register"], "k4": ["Check", "Register"]}
    trimmed = activities(log, ~F.event_attribute("channel", "web", mode="events"))
    assert trimmed == {"k1": ["Check"], "k2": ["Request docs", "Request docs"], "k4": ["Check"]}


def test_timeframe(log: EventLog) -> None:
    # [Jan 4 00:00, Jan 9 00:00) Danish time = [Jan 3 23:00, Jan 8 23:00) UTC
    start, end = "2024-01-04", "2024-01-09"
    assert cases(log, F.timeframe(start, end, mode="contained")) == ["k3"]
    assert cases(log, F.timeframe(start, end, mode="intersecting")) == ["k1", "k2", "k3", "k4"]
    assert cases(log, F.timeframe(start, end, mode="started")) == ["k3", "k4"]
    assert cases(log, F.timeframe(start, end, mode="ended")) == ["k1", "k3"]
    assert activities(log, F.timeframe("2024-01-08T10:00:00+00:00", mode="trim")) == {
        "k2": ["Request docs", "Decide"], "k4": ["Refund"]}


def test_case_duration_and_length(log: EventLog) -> None:
    assert cases(log, F.case_duration(min="2d")) == ["k1", "k2", "k4"]
    assert cases(log, F.case_duration(max="P1D")) == ["k3"]
    assert cases(log, F.case_duration(min="48h", max="2d")) == ["k1"]
    assert cases(log, F.case_length(min=3, max=3)) == ["k1", "k4"]


def test_processing_and_waiting_time(log: EventLog) -> None:
    # processing: k1 Check 1h; k2 Check 3h; k3 Decide 30min; k4 none
    assert cases(log, F.processing_time(min="1h")) == ["k1", "k2"]
    assert cases(log, F.processing_time(max="1h")) == ["k1", "k3", "k4"]  # k4's total is 0
    assert cases(log, F.processing_time(max="1h", measure="max")) == ["k1", "k3"]  # k4 has no maximum
    # waiting in k3: Register 09:00 -> Decide starts 09:30
    assert cases(log, F.waiting_time(max="30min")) == ["k3"]
    assert cases(log, F.waiting_time(min="3d", measure="max")) == ["k2", "k4"]


def test_node_and_arc_duration(log: EventLog) -> None:
    # Request docs has no start: its duration is the time since the previous event (2 and 3 days)
    assert cases(log, F.node_duration("Request docs", min="3d")) == ["k2"]
    assert cases(log, F.node_duration("Check", max="2h")) == ["k1"]
    # Register -> Check: k1 23h, k2 21h (Check starts at 07:00)
    assert cases(log, F.arc_duration("Register", "Check", max="22h")) == ["k2"]


def test_directly_and_eventually_follows(log: EventLog) -> None:
    assert cases(log, F.directly_follows("Register", "Check")) == ["k1", "k2"]
    assert cases(log, F.directly_follows("Register", "Decide")) == ["k3"]
    assert cases(log, F.eventually_follows("Register", "Decide")) == ["k1", "k2", "k3"]
    assert cases(log, F.eventually_follows("Register", "Decide", min="3d")) == ["k2"]
    assert cases(log, F.eventually_follows("Decide", "Register")) == []


def test_rework(log: EventLog) -> None:
    assert cases(log, F.rework("Request docs", more_than=1)) == ["k2"]
    assert cases(log, F.rework("Request docs", less_than=2)) == ["k1", "k3", "k4"]
    assert cases(log, F.rework("Request docs", at_most=0)) == ["k1", "k3", "k4"]


def test_case_section(log: EventLog) -> None:
    assert activities(log, F.case_section("Register", "Decide")) == {
        "k1": ["Register", "Check", "Decide"],
        "k2": ["Register", "Check", "Request docs", "Request docs", "Decide"],
        "k3": ["Register", "Decide"],
    }
    assert activities(log, F.case_section("Check", "Request docs", end_occurrence="last", start_inclusive=False)) == {
        "k2": ["Request docs", "Request docs"]}
    assert activities(log, ~F.case_section("Check", "Decide", end_inclusive=False)) == {
        "k1": ["Register", "Decide"], "k2": ["Register", "Decide"], "k3": ["Register", "Decide"],
        "k4": ["Check", "Register", "Refund"]}


def test_endpoints(log: EventLog) -> None:
    assert cases(log, F.starts_with("Register")) == ["k1", "k2", "k3"]
    assert cases(log, F.ends_with("Refund", "Nope")) == ["k4"]
    assert cases(log, F.endpoints(start=["Register"], end=["Decide"])) == ["k1", "k2", "k3"]


def test_attribute_combination(log: EventLog) -> None:
    pair = (("activity", "Decide"), ("resource", "R1"))
    assert cases(log, F.attribute_combination(*pair, scope="event")) == ["k1", "k2", "k3"]
    assert cases(log, F.attribute_combination(("activity", "Check"), ("channel", "web"), scope="event")) == ["k2"]
    assert cases(log, F.attribute_combination(("activity", "Check"), ("channel", "web"))) == ["k1", "k2", "k4"]
    # a case attribute counts on every event of its case
    assert cases(log, F.attribute_combination(("region", "Nord"), ("resource", "R2"))) == ["k1"]


def test_or_and_not(log: EventLog) -> None:
    assert cases(log, F.has_activity("Refund") | F.case_duration(max="1h")) == ["k3", "k4"]
    assert cases(log, ~F.all_of(F.case_attribute("region", "Nord"), F.case_length(max=2))) == ["k1", "k2", "k4"]
    assert cases(log, F.starts_with("Register") & ~F.has_activity("Request docs")) == ["k1", "k3"]


def test_a_stack_runs_left_to_right(log: EventLog) -> None:
    # trimming first changes what the case-length filter counts
    trim_then_length = F.event_attribute("channel", "web", mode="events") & F.case_length(min=3)
    length_then_trim = F.case_length(min=3) & F.event_attribute("channel", "web", mode="events")
    assert activities(log, trim_then_length) == {"k2": ["Register", "Check", "Decide"]}
    assert sorted(activities(log, length_then_trim)) == ["k1", "k2", "k4"]


def test_filter_returns_a_new_log_and_leaves_the_old_one(log: EventLog) -> None:
    f = log.filter(F.has_activity("Refund"))
    assert (log.n_cases, log.n_events) == (4, 13)
    assert (f.n_cases, f.n_events) == (1, 3)
    assert len(log.filters) == 0
    assert f.filters == F.stack(F.has_activity("Refund"))
    g = f.filter({"type": "case_length", "min": 3})
    assert g.filters.steps[1] == F.case_length(min=3)
    assert "filters=2" in repr(g)
    assert f.to_pandas()["case_id"].unique().tolist() == ["k4"]


def test_cases_after_trimming_describe_the_remaining_events(log: EventLog) -> None:
    f = log.filter(F.case_section("Check", "Request docs"))
    row = f.cases().fetchall()
    assert [(r[1], r[2]) for r in row] == [("k2", 2)]
    assert f.is_event_trimmed and f.case_selection_sql() is None


def test_case_level_filters_are_a_semi_join(log: EventLog) -> None:
    f = log.filter(F.case_attribute("region", "Nord") & F.has_activity("Decide"))
    assert not f.is_event_trimmed
    sel = f.case_selection_sql()
    assert sel is not None
    con = f.workspace.con
    assert sorted(r[0] for r in con.execute(sel).fetchall()) == [0, 2]  # k1, k3 by start time
    last_line = f.events_sql().splitlines()[-1]
    assert re.fullmatch(rf"SELECT \* FROM {log.table} WHERE case_idx IN \(SELECT case_idx FROM sf_\d+\)", last_line)
    assert log.case_selection_sql() is None and not log.is_event_trimmed


def test_explain_shows_the_stack_and_the_sql(log: EventLog) -> None:
    text = log.filter(F.case_duration(min="2d")).explain()
    assert text.startswith("-- version: 1\n-- steps:\n-- - type: case_duration")
    assert "epoch_us(end_time) - epoch_us(start_time)) >= 172800000000" in text


def test_unknown_columns_are_named_with_what_exists(log: EventLog) -> None:
    with pytest.raises(SchemaError) as err:
        log.filter([F.case_length(min=1), F.event_attribute("kanal", "web")])
    assert str(err.value).startswith("filter step 1 (event_attribute): the log 'sager' has no event column 'kanal'.")
    assert "Event columns: case_id, activity, timestamp" in str(err.value)
    assert err.value.field == "steps[1].attribute"
    with pytest.raises(SchemaError, match="'region' is a case attribute: use a case_attribute filter"):
        log.filter(F.event_attribute("region", "Nord"))
    with pytest.raises(SchemaError, match="'resource' is an event column: use an event_attribute filter"):
        log.filter(F.case_attribute("resource", "R1"))


def test_values_of_the_wrong_kind_are_refused(log: EventLog) -> None:
    with pytest.raises(InvalidParameterError,
                       match="filter step 0 \\(case_attribute\\): 'many' is not a number, but the column is BIGINT"):
        log.filter(F.case_attribute("amount", "many"))
    with pytest.raises(InvalidParameterError, match="is not a point in time, but the column is TIMESTAMPTZ"):
        log.filter(F.event_attribute("timestamp", min="yesterday"))


def test_only_data_is_accepted(log: EventLog) -> None:
    with pytest.raises(InvalidParameterError, match="a filter specification is data, not text"):
        log.filter("case_length > 3")  # type: ignore[arg-type]
    with pytest.raises(InvalidParameterError, match="unknown filter type 'sql'"):
        log.filter({"type": "sql", "query": "DROP TABLE x"})
