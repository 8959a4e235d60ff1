"""Filters as data: one specification for Python, the CLI, the REST API and the web page.

Build filters with the small helpers below (or the classes in :mod:`sagsflow.filters.spec`),
combine them with ``&`` (then), ``|`` (either; case-level filters) and ``~`` (the opposite action),
and apply them with :meth:`sagsflow.EventLog.filter`, which returns a new log.

Examples
--------
>>> from sagsflow.filters import has_activity, starts_with, case_duration
>>> f = starts_with("Register") & ~has_activity("Refund") & case_duration(min="2d")
>>> [s["type"] for s in f.to_dict()["steps"]]
['endpoints', 'event_attribute', 'case_duration']
>>> f.steps[1].action
'remove'
>>> (has_activity("Refund") | case_duration(max="1h")).to_dict()["type"]
'any_of'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any, Literal

from pydantic import ValidationError

from sagsflow.errors import InvalidParameterError
from sagsflow.filters.spec import (
    FILTER_TYPES,
    AllOf,
    AnyOf,
    ArcDurationFilter,
    AttributeCombinationFilter,
    AttributeCondition,
    CaseAttributeFilter,
    CaseDurationFilter,
    CaseIdFilter,
    CaseLengthFilter,
    CaseSectionFilter,
    DirectlyFollowsFilter,
    EndpointsFilter,
    EventAttributeFilter,
    EventuallyFollowsFilter,
    Filter,
    FilterStack,
    FilterStep,
    NodeDurationFilter,
    ProcessingTimeFilter,
    ReworkFilter,
    TimeframeFilter,
    VariantFilter,
    WaitingTimeFilter,
    _spec_error,
    as_stack,
    format_duration,
    parse_duration,
)

DurationLike = str | int | float | timedelta
Scalar = str | int | float | bool
Measure = Literal["total", "average", "max"]

__all__ = [
    "FILTER_TYPES",
    "AllOf",
    "AnyOf",
    "ArcDurationFilter",
    "AttributeCombinationFilter",
    "AttributeCondition",
    "CaseAttributeFilter",
    "CaseDurationFilter",
    "CaseIdFilter",
    "CaseLengthFilter",
    "CaseSectionFilter",
    "DirectlyFollowsFilter",
    "EndpointsFilter",
    "EventAttributeFilter",
    "EventuallyFollowsFilter",
    "Filter",
    "FilterStack",
    "FilterStep",
    "NodeDurationFilter",
    "ProcessingTimeFilter",
    "ReworkFilter",
    "TimeframeFilter",
    "VariantFilter",
    "WaitingTimeFilter",
    "all_of",
    "any_of",
    "arc_duration",
    "as_stack",
    "attribute_combination",
    "case_attribute",
    "case_duration",
    "case_id",
    "case_length",
    "case_section",
    "directly_follows",
    "endpoints",
    "ends_with",
    "event_attribute",
    "eventually_follows",
    "format_duration",
    "has_activity",
    "node_duration",
    "parse_duration",
    "processing_time",
    "rework",
    "stack",
    "starts_with",
    "timeframe",
    "top_variants",
    "variant_coverage",
    "variants",
    "waiting_time",
]


def _make(cls: type[FilterStep], **fields: Any) -> Any:
    kind = cls.model_fields["type"].default
    data = {"type": kind, **{k: v for k, v in fields.items() if v is not None}}
    try:
        return cls.model_validate(data)
    except ValidationError as err:
        raise _spec_error(err, data, label=kind) from None


def _condition(value: Any, min: Any, max: Any, regex: str | None) -> dict[str, Any]:
    if isinstance(value, list | tuple | set | frozenset):
        return {"in": tuple(sorted(value, key=str)) if isinstance(value, set | frozenset) else tuple(value),
                "min": min, "max": max, "regex": regex}
    return {"equals": value, "min": min, "max": max, "regex": regex}


# ----------------------------------------------------------------------------- attributes and ids


def case_attribute(attribute: str, value: Scalar | Sequence[Scalar] | None = None, *, min: Scalar | None = None,
                   max: Scalar | None = None, regex: str | None = None) -> CaseAttributeFilter:
    """Cases whose case attribute equals ``value`` (a list: is one of), lies in ``[min, max]`` or matches
    ``regex``.

    Examples
    --------
    >>> case_attribute("municipality", ["Aarhus", "Odense"]).to_dict()["in"]
    ['Aarhus', 'Odense']
    """
    return _make(CaseAttributeFilter, attribute=attribute, **_condition(value, min, max, regex))


def case_id(*ids: str, pattern: str | None = None) -> CaseIdFilter:
    """Cases with one of the ids, or whose id matches the regular expression ``pattern``."""
    return _make(CaseIdFilter, ids=tuple(ids) or None, pattern=pattern)


def event_attribute(attribute: str, value: Scalar | Sequence[Scalar] | None = None, *,
                    min: Scalar | None = None, max: Scalar | None = None, regex: str | None = None,
                    mode: Literal["cases", "events"] = "cases") -> EventAttributeFilter:
    """Cases containing an event with the attribute value (``mode='cases'``), or only those events
    (``mode='events'``).

    Examples
    --------
    >>> event_attribute("resource", "R1", mode="events").to_dict()
    {'type': 'event_attribute', 'action': 'retain', 'attribute': 'resource', 'equals': 'R1', 'mode': 'events'}
    """
    return _make(EventAttributeFilter, attribute=attribute, mode=mode,
                 **_condition(value, min, max, regex))


def has_activity(*activities: str) -> EventAttributeFilter:
    """Cases in which at least one of the activities occurs (``~has_activity(...)``: none occurs)."""
    if not activities:
        raise InvalidParameterError("has_activity needs at least one activity name.")
    value: Any = activities[0] if len(activities) == 1 else tuple(activities)
    return event_attribute("activity", value)


def attribute_combination(first: tuple[str, Any] | dict[str, Any], second: tuple[str, Any] | dict[str, Any], *,
                          scope: Literal["case", "event"] = "case") -> AttributeCombinationFilter:
    """Cases where two attribute conditions hold together, in one event or in one case.

    A condition is ``(attribute, value)`` (a list value means "one of") or a dict such as
    ``{"attribute": "amount", "min": 100}``.

    Examples
    --------
    >>> f = attribute_combination(("activity", "Refund"), ("resource", "R7"), scope="event")
    >>> f.first.attribute, f.second.equals
    ('activity', 'R7')
    """

    def cond(c: tuple[str, Any] | dict[str, Any]) -> dict[str, Any]:
        if isinstance(c, dict):
            return c
        attr, value = c
        return {"attribute": attr, **{k: v for k, v in _condition(value, None, None, None).items() if v is not None}}

    return _make(AttributeCombinationFilter, first=cond(first), second=cond(second), scope=scope)


# ----------------------------------------------------------------------------- variants and endpoints


def variants(*sequences: Sequence[str]) -> VariantFilter:
    """Cases whose activity sequence is one of the given variants.

    Examples
    --------
    >>> variants(["Register", "Decide"]).variants
    (('Register', 'Decide'),)
    """
    return _make(VariantFilter, variants=tuple(tuple(s) for s in sequences))


def top_variants(k: int) -> VariantFilter:
    """Cases of the ``k`` most frequent variants."""
    return _make(VariantFilter, top=k)


def variant_coverage(percent: float) -> VariantFilter:
    """Cases of the most frequent variants that together cover ``percent`` % of the cases."""
    return _make(VariantFilter, coverage=percent)


def endpoints(start: Iterable[str] | None = None, end: Iterable[str] | None = None) -> EndpointsFilter:
    """Cases that start with one of ``start`` and end with one of ``end``."""
    return _make(EndpointsFilter, start=None if start is None else tuple(start),
                 end=None if end is None else tuple(end))


def starts_with(*activities: str) -> EndpointsFilter:
    """Cases whose first activity is one of ``activities``."""
    return endpoints(start=activities)


def ends_with(*activities: str) -> EndpointsFilter:
    """Cases whose last activity is one of ``activities``."""
    return endpoints(end=activities)


# ----------------------------------------------------------------------------- time


def timeframe(start: str | datetime | None = None, end: str | datetime | None = None, *,
              mode: Literal["contained", "intersecting", "started", "ended", "trim"] = "intersecting"
              ) -> TimeframeFilter:
    """Cases by the period ``[start, end)`` (times without an offset are Danish local time).

    Examples
    --------
    >>> timeframe("2024-01-01", "2024-04-01", mode="started").to_dict()["end"]
    '2024-04-01T00:00:00'
    """
    return _make(TimeframeFilter, start=start, end=end, mode=mode)


def case_duration(min: DurationLike | None = None, max: DurationLike | None = None) -> CaseDurationFilter:
    """Cases lasting between ``min`` and ``max`` (``'2d'``, ``'3h'``, ``'P1W'``)."""
    return _make(CaseDurationFilter, min=min, max=max)


def case_length(min: int | None = None, max: int | None = None) -> CaseLengthFilter:
    """Cases with between ``min`` and ``max`` events."""
    return _make(CaseLengthFilter, min=min, max=max)


def processing_time(min: DurationLike | None = None, max: DurationLike | None = None, *,
                    measure: Measure = "total") -> ProcessingTimeFilter:
    """Cases by total/average/max processing time (events with a start timestamp)."""
    return _make(ProcessingTimeFilter, min=min, max=max, measure=measure)


def waiting_time(min: DurationLike | None = None, max: DurationLike | None = None, *,
                 measure: Measure = "total") -> WaitingTimeFilter:
    """Cases by total/average/max waiting time between events."""
    return _make(WaitingTimeFilter, min=min, max=max, measure=measure)


def node_duration(activity: str, min: DurationLike | None = None,
                  max: DurationLike | None = None) -> NodeDurationFilter:
    """Cases in which ``activity`` takes between ``min`` and ``max``."""
    return _make(NodeDurationFilter, activity=activity, min=min, max=max)


def arc_duration(source: str, target: str, min: DurationLike | None = None,
                 max: DurationLike | None = None) -> ArcDurationFilter:
    """Cases in which ``source -> target`` (directly) takes between ``min`` and ``max``."""
    return _make(ArcDurationFilter, source=source, target=target, min=min, max=max)


# ----------------------------------------------------------------------------- order


def directly_follows(source: str, target: str, *, min: DurationLike | None = None,
                     max: DurationLike | None = None) -> DirectlyFollowsFilter:
    """Cases in which ``source`` is directly followed by ``target`` (optionally within a gap)."""
    return _make(DirectlyFollowsFilter, source=source, target=target, min=min, max=max)


def eventually_follows(source: str, target: str, *, min: DurationLike | None = None,
                       max: DurationLike | None = None) -> EventuallyFollowsFilter:
    """Cases in which ``source`` is followed later by ``target`` (optionally within a time gap)."""
    return _make(EventuallyFollowsFilter, source=source, target=target,
                 min=min, max=max)


def rework(activity: str, *, at_least: int | None = None, at_most: int | None = None,
           more_than: int | None = None, less_than: int | None = None) -> ReworkFilter:
    """Cases by how often ``activity`` occurs.

    Examples
    --------
    >>> rework("Request documents", more_than=1).min
    2
    """
    lo = [x for x in (at_least, None if more_than is None else more_than + 1) if x is not None]
    hi = [x for x in (at_most, None if less_than is None else less_than - 1) if x is not None]
    if not lo and not hi:
        raise InvalidParameterError(
            "rework needs a count: at_least=, at_most=, more_than= or less_than=.",
            hint="Example: rework('Request documents', more_than=1)",
        )
    if hi and min(hi) < 0:
        raise InvalidParameterError(f"rework({activity!r}, less_than=0) can match no case.", field="less_than")
    return _make(ReworkFilter, activity=activity, min=max(lo) if lo else None,
                 max=min(hi) if hi else None)


def case_section(start_activity: str, end_activity: str, *, end_occurrence: Literal["next", "last"] = "next",
                 start_inclusive: bool = True, end_inclusive: bool = True) -> CaseSectionFilter:
    """Keep the events from the first ``start_activity`` to the next (or last) ``end_activity``."""
    return _make(CaseSectionFilter, start_activity=start_activity,
                 end_activity=end_activity, end_occurrence=end_occurrence,
                 start_inclusive=start_inclusive, end_inclusive=end_inclusive)


# ----------------------------------------------------------------------------- combinations


def any_of(*steps: FilterStep) -> AnyOf:
    """Cases kept by at least one of the (case-level) filters."""
    return _make(AnyOf, steps=tuple(s.to_dict() for s in steps))


def all_of(*steps: FilterStep) -> AllOf:
    """Cases kept by every one of the (case-level) filters; ``~all_of(a, b)`` removes them."""
    return _make(AllOf, steps=tuple(s.to_dict() for s in steps))


def stack(*steps: FilterStep | FilterStack) -> FilterStack:
    """A stack applying the steps one after the other (the same as ``a & b & c``)."""
    out = FilterStack()
    for s in steps:
        out = out & s
    return out
