"""Hypothesis strategies for event logs and filters, and a helper that stores a generated log.

A generated log is a list of :class:`Event` tuples ``(case, activity, timestamp, resource, attrs,
start_timestamp)`` in source order. ``attrs`` holds event attributes; keys starting with ``case:``
are case attributes (XES style) and carry the same value on every event of their case. Timestamps
fall on a coarse grid, so equal timestamps inside a case are common, as in real logs.

Examples
--------
>>> from hypothesis import given, settings
>>> from sagsflow.store.workspace import Workspace
>>> ws = Workspace.memory()
>>> @settings(max_examples=5, deadline=None)
... @given(event_logs())
... def test_store_keeps_every_event(events):
...     assert store_events(ws, "prop", events).n_events == len(events)
>>> test_store_keeps_every_event()
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple

try:
    from hypothesis import strategies as st
except ImportError as exc:  # not a run-time dependency of Sagsflow
    raise ImportError("sagsflow.testing needs Hypothesis, which a plain install of Sagsflow does not include: "
                      "pip install 'sagsflow[testing]'") from exc

from sagsflow.filters import spec
from sagsflow.schema import Column, LogSchema

ACTIVITIES: tuple[str, ...] = ("A", "B", "C", "D")
RESOURCES: tuple[str | None, ...] = ("R1", "R2", "R3", None)
REGIONS: tuple[str | None, ...] = ("Nord", "Syd", "Øst", None)
CHANNELS: tuple[str | None, ...] = ("web", "phone", None)
BASE_TIME = datetime(2024, 1, 1, tzinfo=UTC)
#: time grid of generated timestamps (a coarse grid gives ties inside cases)
STEP = timedelta(hours=6)


class Event(NamedTuple):
    """One generated event."""

    case: str
    activity: str
    timestamp: datetime
    resource: str | None
    attrs: dict[str, Any]
    start_timestamp: datetime | None = None


@st.composite
def event_logs(draw: st.DrawFn, *, min_cases: int = 1, max_cases: int = 8, max_events: int = 7,
               activities: Sequence[str] = ACTIVITIES, start_timestamps: bool = True) -> list[Event]:
    """Small random logs: ``case:region`` and ``case:amount`` case attributes, ``channel`` and
    ``cost`` event attributes, resources with gaps, optional start timestamps, shuffled source order."""
    n_cases = draw(st.integers(min_cases, max_cases))
    events: list[Event] = []
    for c in range(n_cases):
        case = f"c{c:02d}"
        region = draw(st.sampled_from(REGIONS))
        amount = draw(st.integers(0, 100))
        begin = draw(st.integers(0, 40))
        for _ in range(draw(st.integers(1, max_events))):
            ts = BASE_TIME + STEP * (begin + draw(st.integers(0, 12)))
            start = None
            if start_timestamps and draw(st.booleans()):
                start = ts - timedelta(minutes=30 * draw(st.integers(0, 16)))
            attrs = {"case:region": region, "case:amount": amount,
                     "channel": draw(st.sampled_from(CHANNELS)), "cost": draw(st.integers(0, 20))}
            events.append(Event(case, draw(st.sampled_from(list(activities))), ts,
                                draw(st.sampled_from(RESOURCES)), attrs, start))
    order = draw(st.permutations(range(len(events))))
    return [events[i] for i in order]


def _dtype(values: list[Any]) -> str:
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return "BOOLEAN"
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "BIGINT"
    if present and all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
        return "DOUBLE"
    if present and all(isinstance(v, datetime) for v in present):
        return "TIMESTAMPTZ"
    return "VARCHAR"


def store_events(workspace: Any, name: str, events: Sequence[Event], *, mode: str = "replace") -> Any:
    """Store generated events as log ``name`` in ``workspace`` and return its :class:`EventLog`.

    The list order is the source order (the tie-breaker for equal timestamps); ``src_row`` is the
    0-based list index.
    """
    import pyarrow as pa

    keys = list(dict.fromkeys(k for e in events for k in e.attrs))
    cols: dict[str, Any] = {
        "case_id": pa.array([e.case for e in events], pa.string()),
        "activity": pa.array([e.activity for e in events], pa.string()),
        "timestamp": pa.array([e.timestamp for e in events], pa.timestamp("us", tz="UTC")),
        "start_timestamp": pa.array([e.start_timestamp for e in events], pa.timestamp("us", tz="UTC")),
        "resource": pa.array([e.resource for e in events], pa.string()),
        "src_row": pa.array(range(len(events)), pa.int64()),
    }
    attributes = []
    select = ["case_id", "activity", "timestamp", "start_timestamp", "resource", "CAST(NULL AS VARCHAR) AS lifecycle",
              "CAST(NULL AS TIMESTAMPTZ) AS registration_timestamp", "CAST(NULL AS BIGINT) AS sequence", "src_row"]
    for i, k in enumerate(keys):
        values = [e.attrs.get(k) for e in events]
        dtype = _dtype(values)
        level = "case" if k.startswith("case:") else "event"
        attr = k.removeprefix("case:")
        cols[f"a{i}"] = pa.array([None if v is None else (str(v) if dtype == "VARCHAR" else v) for v in values])
        select.append(f'CAST(a{i} AS {dtype}) AS "{attr}"')
        attributes.append(Column(name=attr, level=level, dtype=dtype))  # type: ignore[arg-type]
    table = pa.table(cols)
    con = workspace.con
    con.register("__sf_generated", table)
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE __sf_generated_staged AS SELECT {', '.join(select)} "
                    "FROM __sf_generated")
        roles = {r: r for r in ("case_id", "activity", "timestamp", "start_timestamp", "resource")}
        workspace.write_log(name, "__sf_generated_staged", LogSchema(roles=roles, attributes=tuple(attributes)),
                            mode=mode)
    finally:
        con.unregister("__sf_generated")
        con.execute("DROP TABLE IF EXISTS __sf_generated_staged")
    return workspace.log(name)


# ----------------------------------------------------------------------------- filters

_durations = st.integers(0, 16).map(lambda k: STEP * k / 2)


def _bounds(values: st.SearchStrategy[Any], *, need: bool = True) -> st.SearchStrategy[tuple[Any, Any]]:
    pair = st.tuples(st.none() | values, st.none() | values).map(
        lambda p: p if p[0] is None or p[1] is None or p[0] <= p[1] else (p[1], p[0]))
    return pair.filter(lambda p: p != (None, None)) if need else pair


_actions = st.sampled_from(["retain", "remove"])


@st.composite
def _condition(draw: st.DrawFn, attribute: str, values: Sequence[Any]) -> dict[str, Any]:
    kinds = ["equals", "in", "range"] + ([] if "timestamp" in attribute else ["regex"])
    kind = draw(st.sampled_from(kinds))
    if kind == "equals":
        return {"attribute": attribute, "equals": draw(st.sampled_from(list(values)))}
    if kind == "in":
        return {"attribute": attribute, "in": draw(st.lists(st.sampled_from(list(values)), min_size=1, max_size=3))}
    if kind == "range":
        lo, hi = draw(_bounds(st.sampled_from(sorted(values))))
        return {"attribute": attribute, **({"min": lo} if lo is not None else {}),
                **({"max": hi} if hi is not None else {})}
    return {"attribute": attribute, "regex": draw(st.sampled_from(["^A", "B|C", "1$", "o", "^[NS]", "2"]))}


#: attributes of generated logs with values to test: (name, level, values)
EVENT_CONDITIONS: tuple[tuple[str, Sequence[Any]], ...] = (
    ("activity", ACTIVITIES), ("resource", ("R1", "R2", "R3")), ("channel", ("web", "phone")),
    ("cost", tuple(range(0, 21, 4))),
    ("timestamp", tuple((BASE_TIME + STEP * k).isoformat() for k in range(0, 52, 6))),
)
CASE_CONDITIONS: tuple[tuple[str, Sequence[Any]], ...] = (
    ("region", ("Nord", "Syd", "Øst")), ("amount", tuple(range(0, 101, 10))),
)


def _step(cls: type[spec.FilterStep], **fields: Any) -> Any:
    return cls.model_validate({"type": cls.model_fields["type"].default,
                               **{k: v for k, v in fields.items() if v is not None}})


@st.composite
def filter_steps(draw: st.DrawFn, types: Sequence[str] | None = None,
                 activities: Sequence[str] = ACTIVITIES) -> spec.FilterStep:
    """Random filter steps of the given types (default: every type) that fit :func:`event_logs`."""
    kind = draw(st.sampled_from(list(types or [t for t in spec.FILTER_TYPES if t not in ("any_of", "all_of")]
                                     + ["any_of", "all_of"])))
    action = draw(_actions)
    acts = st.sampled_from(list(activities))
    if kind == "case_attribute":
        name, values = draw(st.sampled_from(CASE_CONDITIONS))
        return _step(spec.CaseAttributeFilter, action=action, **draw(_condition(name, values)))
    if kind == "case_id":
        if draw(st.booleans()):
            ids = draw(st.lists(st.integers(0, 9).map(lambda i: f"c{i:02d}"), min_size=1, max_size=4))
            return _step(spec.CaseIdFilter, action=action, ids=ids)
        return _step(spec.CaseIdFilter, action=action, pattern=draw(st.sampled_from(["[0-4]$", "^c0", "1|3"])))
    if kind == "variant":
        choice = draw(st.sampled_from(["variants", "top", "coverage"]))
        if choice == "variants":
            vs = draw(st.lists(st.lists(acts, min_size=1, max_size=3), min_size=1, max_size=3))
            return _step(spec.VariantFilter, action=action, variants=vs)
        if choice == "top":
            return _step(spec.VariantFilter, action=action, top=draw(st.integers(1, 4)))
        return _step(spec.VariantFilter, action=action, coverage=draw(st.sampled_from([10, 25, 50, 80, 99.5, 100])))
    if kind == "event_attribute":
        name, values = draw(st.sampled_from(EVENT_CONDITIONS))
        return _step(spec.EventAttributeFilter, action=action, mode=draw(st.sampled_from(["cases", "events"])),
                     **draw(_condition(name, values)))
    if kind == "timeframe":
        moments = st.integers(0, 56).map(lambda k: (BASE_TIME + STEP * k).replace(tzinfo=None) + timedelta(hours=1))
        lo, hi = draw(_bounds(moments).filter(lambda p: p[0] is None or p[1] is None or p[0] < p[1]))
        mode = draw(st.sampled_from(["contained", "intersecting", "started", "ended", "trim"]))
        return _step(spec.TimeframeFilter, action=action, start=lo, end=hi, mode=mode)
    if kind in ("case_duration", "processing_time", "waiting_time"):
        lo, hi = draw(_bounds(_durations))
        timed: dict[str, type[spec.FilterStep]] = {
            "case_duration": spec.CaseDurationFilter, "processing_time": spec.ProcessingTimeFilter,
            "waiting_time": spec.WaitingTimeFilter}
        cls = timed[kind]
        extra = {} if kind == "case_duration" else {"measure": draw(st.sampled_from(["total", "average", "max"]))}
        return _step(cls, action=action, min=lo, max=hi, **extra)
    if kind == "case_length":
        lo, hi = draw(_bounds(st.integers(0, 8)))
        return _step(spec.CaseLengthFilter, action=action, min=lo, max=hi)
    if kind == "node_duration":
        lo, hi = draw(_bounds(_durations))
        return _step(spec.NodeDurationFilter, action=action, activity=draw(acts), min=lo, max=hi)
    if kind in ("arc_duration", "directly_follows", "eventually_follows"):
        lo, hi = draw(_bounds(_durations, need=kind == "arc_duration"))
        pairs: dict[str, type[spec.FilterStep]] = {
            "arc_duration": spec.ArcDurationFilter, "directly_follows": spec.DirectlyFollowsFilter,
            "eventually_follows": spec.EventuallyFollowsFilter}
        cls = pairs[kind]
        return _step(cls, action=action, source=draw(acts), target=draw(acts), min=lo, max=hi)
    if kind == "rework":
        lo, hi = draw(_bounds(st.integers(0, 4)))
        return _step(spec.ReworkFilter, action=action, activity=draw(acts), min=lo, max=hi)
    if kind == "case_section":
        return _step(spec.CaseSectionFilter, action=action, start_activity=draw(acts), end_activity=draw(acts),
                     end_occurrence=draw(st.sampled_from(["next", "last"])),
                     start_inclusive=draw(st.booleans()), end_inclusive=draw(st.booleans()))
    if kind == "endpoints":
        start, end = draw(st.tuples(st.none() | st.lists(acts, min_size=1, max_size=2),
                                    st.none() | st.lists(acts, min_size=1, max_size=2))
                          .filter(lambda p: p != (None, None)))
        return _step(spec.EndpointsFilter, action=action, start=start, end=end)
    if kind == "attribute_combination":
        pool = (*EVENT_CONDITIONS, *CASE_CONDITIONS)
        (n1, v1), (n2, v2) = draw(st.sampled_from(pool)), draw(st.sampled_from(pool))
        return _step(spec.AttributeCombinationFilter, action=action, first=draw(_condition(n1, v1)),
                     second=draw(_condition(n2, v2)), scope=draw(st.sampled_from(["case", "event"])))
    case_level = [t for t in spec.FILTER_TYPES if t not in ("any_of", "all_of", "case_section")]
    subs = draw(st.lists(filter_steps(types=case_level, activities=activities)
                         .filter(lambda s: s.is_case_level), min_size=1, max_size=3))
    combo: type[spec.FilterStep] = spec.AnyOf if kind == "any_of" else spec.AllOf
    return _step(combo, action=action, steps=[s.to_dict() for s in subs])


def filter_stacks(max_steps: int = 3, **kwargs: Any) -> st.SearchStrategy[spec.FilterStack]:
    """Random stacks of :func:`filter_steps`."""
    return st.lists(filter_steps(**kwargs), max_size=max_steps).map(lambda s: spec.FilterStack(steps=tuple(s)))  # type: ignore[arg-type]
