"""The filter specification: filters are data.

Every filter is a small immutable Pydantic model with a ``type`` (the discriminator) and an
``action`` (``retain``, the default, or ``remove``). A :class:`FilterStack` applies its steps left to
right: a later step sees what the earlier ones left. The same JSON/YAML document is read by the
Python API, the CLI (``--filter file.yaml``), the REST API and the web page.

Examples
--------
>>> from sagsflow.filters import FilterStack
>>> stack = FilterStack.from_dict([{"type": "case_length", "min": 3},
...                                {"type": "endpoints", "start": ["Register"]}])
>>> stack.to_dict()["steps"][0]
{'type': 'case_length', 'action': 'retain', 'min': 3}
>>> FilterStack.from_dict(stack.to_dict()) == stack
True
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any, ClassVar, Literal, Union

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationError,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from sagsflow.errors import InvalidParameterError

Action = Literal["retain", "remove"]
Level = Literal["case", "event"]

# ----------------------------------------------------------------------------- values


def _plain_value(v: Any) -> Any:
    """Dates and times become ISO strings, so a spec read from YAML equals its JSON round trip."""
    if isinstance(v, datetime):
        return v.isoformat()
    if isinstance(v, date):
        return v.isoformat()
    return v


#: a value in an attribute condition (dates are kept as ISO strings)
Value = Annotated[bool | int | float | str, BeforeValidator(_plain_value)]

_UNITS: dict[str, float] = {
    "w": 7 * 86400, "wk": 7 * 86400, "week": 7 * 86400, "weeks": 7 * 86400,
    "d": 86400, "day": 86400, "days": 86400,
    "h": 3600, "hr": 3600, "hour": 3600, "hours": 3600,
    "m": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60,
    "s": 1, "sec": 1, "second": 1, "seconds": 1,
    "ms": 1e-3, "us": 1e-6,
}
_PART = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*")
_ISO = re.compile(
    r"^P(?:(?P<w>\d+(?:\.\d+)?)W)?(?:(?P<d>\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(?P<h>\d+(?:\.\d+)?)H)?(?:(?P<m>\d+(?:\.\d+)?)M)?(?:(?P<s>\d+(?:\.\d+)?)S)?)?$"
)
_DURATION_HELP = (
    "Write a duration as a number with a unit, e.g. '2d', '3h', '90min', '45s', '1w', '1d12h', or in ISO 8601, "
    "e.g. 'P1W', 'PT3H', 'P1DT12H'. Months and years are not allowed (their length varies): use days."
)


def parse_duration(value: Any) -> timedelta:
    """Read a duration: ``'2d'``, ``'3h'``, ``'1d12h'``, ``'90min'``, ISO 8601 ``'P1W'``/``'PT3H'``,
    a number of seconds, or a :class:`~datetime.timedelta`.

    Examples
    --------
    >>> parse_duration("1d12h")
    datetime.timedelta(days=1, seconds=43200)
    >>> parse_duration("P1W") == parse_duration("7d")
    True
    """
    if isinstance(value, timedelta):
        return value
    if isinstance(value, bool):
        raise ValueError(f"expected a duration, got {value!r}. {_DURATION_HELP}")
    if isinstance(value, int | float):
        return timedelta(seconds=value)
    if not isinstance(value, str):
        raise ValueError(f"expected a duration, got {value!r}. {_DURATION_HELP}")
    text = value.strip()
    sign = 1
    if text.startswith("-"):
        sign, text = -1, text[1:].strip()
    iso = _ISO.match(text.upper()) if text.upper().startswith("P") else None
    if iso is not None and any(iso.groupdict().values()):
        g = {k: float(v) for k, v in iso.groupdict().items() if v}
        secs = g.get("w", 0) * 7 * 86400 + g.get("d", 0) * 86400 + g.get("h", 0) * 3600 + g.get("m", 0) * 60
        return sign * timedelta(seconds=secs + g.get("s", 0))
    pos, total, ok = 0, 0.0, bool(text)
    low = text.lower()
    while pos < len(low):
        m = _PART.match(low, pos)
        if m is None or m.group(2) not in _UNITS:
            ok = False
            break
        total += float(m.group(1)) * _UNITS[m.group(2)]
        pos = m.end()
    if not ok:
        raise ValueError(f"cannot read {value!r} as a duration. {_DURATION_HELP}")
    return sign * timedelta(seconds=total)


def format_duration(td: timedelta) -> str:
    """The compact text of a duration, as :func:`parse_duration` reads it (``'1d12h'``)."""
    us = td // timedelta(microseconds=1)
    sign = "-" if us < 0 else ""
    us = abs(us)
    days, us = divmod(us, 86_400_000_000)
    hours, us = divmod(us, 3_600_000_000)
    minutes, us = divmod(us, 60_000_000)
    parts = [f"{days}d" if days else "", f"{hours}h" if hours else "", f"{minutes}m" if minutes else ""]
    if us:
        secs = f"{us / 1e6:.6f}".rstrip("0").rstrip(".")
        parts.append(f"{secs}s")
    text = "".join(parts)
    return sign + text if text else "0s"


def _duration(v: Any) -> timedelta:
    return parse_duration(v)


#: a duration field: accepts '2d', 'P1W', seconds; written back as compact text ('2d'); one JSON Schema for both
Duration = Annotated[
    timedelta, BeforeValidator(_duration), PlainSerializer(format_duration, return_type=str, when_used="json"),
    # not JSON Schema's "duration" format (ISO 8601 only): '2d' is written back, and validators would refuse it
    WithJsonSchema({"type": "string", "format": "sagsflow-duration",
                    "description": "A number with a unit ('2d', '3h', '90min', '1d12h') or ISO 8601 ('P1W')."}),
]


def _moment(v: Any) -> Any:
    if isinstance(v, date) and not isinstance(v, datetime):
        return datetime.combine(v, time())
    return v


#: a point in time; without a UTC offset it is read as Danish local time (Europe/Copenhagen)
Moment = Annotated[datetime, BeforeValidator(_moment), WithJsonSchema({
    "type": "string", "format": "sagsflow-moment",
    "description": "A date or a time, ISO 8601 ('2024-03-01', '2024-03-01T09:30', '2024-03-01T09:30:00+01:00'); "
                   "without a UTC offset it is Danish local time (Europe/Copenhagen)."})]

# ----------------------------------------------------------------------------- base classes


class FilterStep(BaseModel):
    """Base class of every filter: a frozen value with a ``type`` and an ``action``."""

    model_config = ConfigDict(frozen=True, extra="forbid", validate_by_name=True, validate_by_alias=True)

    #: ``case``: keeps or removes whole cases; ``event``: keeps or removes events
    level: ClassVar[Level] = "case"

    type: str
    action: Action = "retain"

    @property
    def is_case_level(self) -> bool:
        """True when the step keeps or removes whole cases (it never cuts a case)."""
        return self.level == "case"

    def to_dict(self) -> dict[str, Any]:
        """The step as plain JSON data (defaults that are ``None`` left out)."""
        data: dict[str, Any] = self.model_dump(mode="json", by_alias=True, exclude_none=True)
        return {"type": data.pop("type"), "action": data.pop("action"), **data}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Filter:
        """Read one step from plain data (its ``type`` picks the class)."""
        stack = FilterStack.from_dict([dict(data)])
        return stack.steps[0]

    def __invert__(self) -> Filter:
        """The same filter with the opposite action (``retain`` <-> ``remove``)."""
        flipped = "remove" if self.action == "retain" else "retain"
        return self.model_copy(update={"action": flipped})  # type: ignore[return-value]

    def __and__(self, other: FilterStep | FilterStack) -> FilterStack:
        """``a & b``: a stack applying ``a`` then ``b``."""
        include = isinstance(other, FilterStack) and other.include_quarantined
        return FilterStack(steps=(self, *_steps_of(other)), include_quarantined=include)  # type: ignore[arg-type]

    def __or__(self, other: FilterStep) -> AnyOf:
        """``a | b``: the cases that either filter keeps (case-level filters only)."""
        return AnyOf(steps=(*_or_parts(self), *_or_parts(other)))  # type: ignore[arg-type]


def _steps_of(x: FilterStep | FilterStack) -> tuple[FilterStep, ...]:
    if isinstance(x, FilterStack):
        return tuple(x.steps)
    if isinstance(x, FilterStep):
        return (x,)
    raise InvalidParameterError(f"a filter can only be combined with a filter or a FilterStack. Got {x!r}.")


def _or_parts(x: FilterStep) -> tuple[FilterStep, ...]:
    if isinstance(x, AnyOf) and x.action == "retain":
        return tuple(x.steps)
    if isinstance(x, FilterStep):
        return (x,)
    raise InvalidParameterError(
        f"'|' combines case-level filters. Got {x!r}.",
        hint="A stack (a & b) cannot be or-ed; use any_of(...) with single filters.",
    )


def _check_range(lo: Any, hi: Any, what: str) -> None:
    if lo is not None and hi is not None and lo > hi:
        raise ValueError(f"'min' ({lo!r}) is larger than 'max' ({hi!r}); no {what} can match")


_RE2_UNSUPPORTED = re.compile(r"\(\?[=!<]|\\[1-9]")


def _check_regex(pattern: str | None) -> str | None:
    if pattern is None:
        return None
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"{pattern!r} is not a valid regular expression ({exc})") from None
    if _RE2_UNSUPPORTED.search(pattern):
        raise ValueError(
            f"{pattern!r} uses look-around or a back-reference, which the SQL engine's regular "
            "expressions (RE2) do not support"
        )
    return pattern


class _ConditionFields(BaseModel):
    """``equals`` / ``in`` / ``min``-``max`` / ``regex`` on one attribute: exactly one kind."""

    attribute: str = Field(min_length=1)
    equals: Value | None = None
    in_: tuple[Value, ...] | None = Field(default=None, alias="in")
    min: Value | None = None
    max: Value | None = None
    regex: str | None = None

    @field_validator("regex")
    @classmethod
    def _valid_regex(cls, v: str | None) -> str | None:
        return _check_regex(v)

    @model_validator(mode="after")
    def _one_condition(self) -> _ConditionFields:
        kinds = [k for k, on in (("equals", self.equals is not None), ("in", self.in_ is not None),
                                 ("min/max", self.min is not None or self.max is not None),
                                 ("regex", self.regex is not None)) if on]
        if len(kinds) != 1:
            got = ", ".join(kinds) if kinds else "none"
            raise ValueError(
                f"give exactly one condition on {self.attribute!r}: 'equals', 'in', 'min'/'max' or 'regex' "
                f"(got {got})"
            )
        if self.in_ is not None and not self.in_:
            raise ValueError("'in' needs at least one value")
        if self.min is not None and self.max is not None:
            if isinstance(self.min, str) != isinstance(self.max, str):
                raise ValueError(f"'min' ({self.min!r}) and 'max' ({self.max!r}) must be of the same kind")
            _check_range(self.min, self.max, "value")
        return self


class AttributeCondition(_ConditionFields):
    """A condition on one attribute (used by :class:`AttributeCombinationFilter`)."""

    model_config = ConfigDict(frozen=True, extra="forbid", validate_by_name=True, validate_by_alias=True)


class _DurationRange(BaseModel):
    min: Duration | None = None
    max: Duration | None = None

    @model_validator(mode="after")
    def _range(self) -> _DurationRange:
        _check_range(self.min, self.max, "duration")
        return self


def _need_bound(model: Any) -> None:
    if model.min is None and model.max is None:
        raise ValueError("give 'min', 'max' or both")


# ----------------------------------------------------------------------------- the filters


class CaseAttributeFilter(FilterStep, _ConditionFields):
    """Cases whose case-level attribute equals a value, is in a list, lies in a range or matches a regex.

    Examples
    --------
    >>> CaseAttributeFilter(attribute="municipality", **{"in": ["Aarhus", "Odense"]}).to_dict()
    {'type': 'case_attribute', 'action': 'retain', 'attribute': 'municipality', 'in': ['Aarhus', 'Odense']}
    """

    type: Literal["case_attribute"] = "case_attribute"


class CaseIdFilter(FilterStep):
    """Cases by id: a list of ids or a regular expression on the id."""

    type: Literal["case_id"] = "case_id"
    ids: tuple[str, ...] | None = None
    pattern: str | None = None

    @field_validator("pattern")
    @classmethod
    def _valid_pattern(cls, v: str | None) -> str | None:
        return _check_regex(v)

    @model_validator(mode="after")
    def _one(self) -> CaseIdFilter:
        if (self.ids is None) == (self.pattern is None):
            raise ValueError("give either 'ids' (a list of case ids) or 'pattern' (a regular expression)")
        return self


class VariantFilter(FilterStep):
    """Cases by variant (activity sequence): listed variants, the ``top`` k most frequent, or the most
    frequent variants that together ``coverage`` p % of the cases.

    Variants are ranked by number of cases, ties by their activity sequence (as in the variants table).
    """

    type: Literal["variant"] = "variant"
    variants: tuple[tuple[str, ...], ...] | None = None
    top: int | None = Field(default=None, ge=1)
    coverage: float | None = Field(default=None, gt=0, le=100)

    @model_validator(mode="after")
    def _one(self) -> VariantFilter:
        n = sum(x is not None for x in (self.variants, self.top, self.coverage))
        if n != 1:
            raise ValueError("give exactly one of 'variants' (list of activity lists), 'top' (k) or 'coverage' (%)")
        if self.variants is not None and not self.variants:
            raise ValueError("'variants' needs at least one variant")
        return self


class EventAttributeFilter(FilterStep, _ConditionFields):
    """Events with an attribute value (``mode: events`` keeps/removes those events) or cases that contain
    such an event (``mode: cases``). Works on any event column: activity, resource, lifecycle, attributes.
    """

    type: Literal["event_attribute"] = "event_attribute"
    mode: Literal["cases", "events"] = "cases"

    @property
    def is_case_level(self) -> bool:
        return self.mode == "cases"


class TimeframeFilter(FilterStep):
    """Cases by time: ``contained`` in, ``intersecting``, ``started`` in or ``ended`` in the period
    ``[start, end)``, or ``trim`` the events to it. Times without an offset are Danish local time.
    """

    type: Literal["timeframe"] = "timeframe"
    start: Moment | None = None
    end: Moment | None = None
    mode: Literal["contained", "intersecting", "started", "ended", "trim"] = "intersecting"

    @model_validator(mode="after")
    def _period(self) -> TimeframeFilter:
        if self.start is None and self.end is None:
            raise ValueError("give 'start', 'end' or both")
        if self.start is not None and self.end is not None:
            if (self.start.tzinfo is None) != (self.end.tzinfo is None):
                raise ValueError("'start' and 'end' must both have a UTC offset or both have none")
            if self.start >= self.end:
                raise ValueError(f"'start' ({self.start}) must be before 'end' ({self.end})")
        return self

    @property
    def is_case_level(self) -> bool:
        return self.mode != "trim"


class CaseDurationFilter(FilterStep, _DurationRange):
    """Cases whose duration (last minus first event time) is within ``[min, max]``."""

    type: Literal["case_duration"] = "case_duration"

    @model_validator(mode="after")
    def _bound(self) -> CaseDurationFilter:
        _need_bound(self)
        return self


class CaseLengthFilter(FilterStep):
    """Cases with between ``min`` and ``max`` events (inclusive)."""

    type: Literal["case_length"] = "case_length"
    min: int | None = Field(default=None, ge=0)
    max: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _bound(self) -> CaseLengthFilter:
        _need_bound(self)
        _check_range(self.min, self.max, "case length")
        return self


class ProcessingTimeFilter(FilterStep, _DurationRange):
    """Cases by processing time (``timestamp - start_timestamp`` of events that have a start):
    ``total``, ``average`` or ``max`` per case within ``[min, max]``.

    A case without any start time has total 0 and no average or maximum (it never matches those).
    """

    type: Literal["processing_time"] = "processing_time"
    measure: Literal["total", "average", "max"] = "total"

    @model_validator(mode="after")
    def _bound(self) -> ProcessingTimeFilter:
        _need_bound(self)
        return self


class WaitingTimeFilter(FilterStep, _DurationRange):
    """Cases by waiting time: for each event but the first, from the previous event's completion to this
    event's start (its timestamp when there is no start), at least 0. ``total``/``average``/``max``.

    A one-event case has total 0 and no average or maximum.
    """

    type: Literal["waiting_time"] = "waiting_time"
    measure: Literal["total", "average", "max"] = "total"

    @model_validator(mode="after")
    def _bound(self) -> WaitingTimeFilter:
        _need_bound(self)
        return self


class NodeDurationFilter(FilterStep, _DurationRange):
    """Cases in which an occurrence of ``activity`` takes between ``min`` and ``max``: its
    ``timestamp - start_timestamp``, or without a start the time since the previous event.
    """

    type: Literal["node_duration"] = "node_duration"
    activity: str = Field(min_length=1)

    @model_validator(mode="after")
    def _bound(self) -> NodeDurationFilter:
        _need_bound(self)
        return self


class _Pair(BaseModel):
    source: str = Field(min_length=1)
    target: str = Field(min_length=1)


class DirectlyFollowsFilter(FilterStep, _DurationRange, _Pair):
    """Cases in which ``source`` is directly followed by ``target``, optionally with the gap (from the
    source's completion to the target's start, or its timestamp) within ``[min, max]``.
    """

    type: Literal["directly_follows"] = "directly_follows"


class ArcDurationFilter(FilterStep, _DurationRange, _Pair):
    """Cases with an arc ``source -> target`` (directly follows) whose duration is within ``[min, max]``."""

    type: Literal["arc_duration"] = "arc_duration"

    @model_validator(mode="after")
    def _bound(self) -> ArcDurationFilter:
        _need_bound(self)
        return self


class EventuallyFollowsFilter(FilterStep, _DurationRange, _Pair):
    """Cases in which ``source`` is followed, not necessarily directly, by ``target``, optionally with
    the gap (source completion to target start or timestamp) within ``[min, max]``.
    """

    type: Literal["eventually_follows"] = "eventually_follows"


class ReworkFilter(FilterStep):
    """Cases in which ``activity`` occurs between ``min`` and ``max`` times (inclusive; 0 counts)."""

    type: Literal["rework"] = "rework"
    activity: str = Field(min_length=1)
    min: int | None = Field(default=None, ge=0)
    max: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _bound(self) -> ReworkFilter:
        _need_bound(self)
        _check_range(self.min, self.max, "count")
        return self


class CaseSectionFilter(FilterStep):
    """Keep the events from the first ``start_activity`` to the ``next`` (or ``last``) ``end_activity``
    after it; each end included or not. Cases without such a section lose all their events
    (``remove`` drops the section and keeps the rest).
    """

    level: ClassVar[Level] = "event"
    type: Literal["case_section"] = "case_section"
    start_activity: str = Field(min_length=1)
    end_activity: str = Field(min_length=1)
    end_occurrence: Literal["next", "last"] = "next"
    start_inclusive: bool = True
    end_inclusive: bool = True


class EndpointsFilter(FilterStep):
    """Cases that start with one of ``start`` and/or end with one of ``end``."""

    type: Literal["endpoints"] = "endpoints"
    start: tuple[str, ...] | None = None
    end: tuple[str, ...] | None = None

    @model_validator(mode="after")
    def _one(self) -> EndpointsFilter:
        if not self.start and not self.end:
            raise ValueError("give 'start' activities, 'end' activities or both")
        return self


class AttributeCombinationFilter(FilterStep):
    """Cases where two conditions hold together: in the same event (``scope: event``) or anywhere in
    the same case (``scope: case``). Case attributes count as present on every event of their case.
    """

    type: Literal["attribute_combination"] = "attribute_combination"
    first: AttributeCondition
    second: AttributeCondition
    scope: Literal["case", "event"] = "case"


#: the JSON Schema of nested steps: any filter step (documented without recursion, which schema tools and code
#: generators handle badly; the steps are checked as filters when read)
_NESTED_STEPS = WithJsonSchema({"type": "array", "minItems": 1, "items": {
    "type": "object", "required": ["type"], "properties": {"type": {"type": "string"}}, "additionalProperties": True,
    "description": "A case-level filter step: any filter type of this list."}})


class _Combination(FilterStep):
    steps: Annotated[tuple[Filter, ...], _NESTED_STEPS] = Field(min_length=1)

    @field_validator("steps")
    @classmethod
    def _case_level(cls, steps: tuple[FilterStep, ...]) -> tuple[FilterStep, ...]:
        for i, s in enumerate(steps):
            if not s.is_case_level:
                raise ValueError(
                    f"step {i} ({s.type}) cuts events; only case-level filters can be combined with "
                    "any_of/all_of. Put it in the stack instead"
                )
        return steps

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "action": self.action, "steps": [s.to_dict() for s in self.steps]}


class AnyOf(_Combination):
    """Cases kept by at least one of the steps (each applied to the same input)."""

    type: Literal["any_of"] = "any_of"


class AllOf(_Combination):
    """Cases kept by every one of the steps (each applied to the same input)."""

    type: Literal["all_of"] = "all_of"


Filter = Annotated[
    Union[  # noqa: UP007 (a discriminated union)
        CaseAttributeFilter, CaseIdFilter, VariantFilter, EventAttributeFilter, TimeframeFilter,
        CaseDurationFilter, CaseLengthFilter, ProcessingTimeFilter, WaitingTimeFilter, NodeDurationFilter,
        ArcDurationFilter, DirectlyFollowsFilter, EventuallyFollowsFilter, ReworkFilter, CaseSectionFilter,
        EndpointsFilter, AttributeCombinationFilter, AnyOf, AllOf,
    ],
    Field(discriminator="type"),
]

FILTER_TYPES: dict[str, type[FilterStep]] = {
    c.model_fields["type"].default: c
    for c in (CaseAttributeFilter, CaseIdFilter, VariantFilter, EventAttributeFilter, TimeframeFilter,
              CaseDurationFilter, CaseLengthFilter, ProcessingTimeFilter, WaitingTimeFilter, NodeDurationFilter,
              ArcDurationFilter, DirectlyFollowsFilter, EventuallyFollowsFilter, ReworkFilter, CaseSectionFilter,
              EndpointsFilter, AttributeCombinationFilter, AnyOf, AllOf)
}


class FilterStack(BaseModel):
    """Filters applied left to right; later steps see what earlier ones left.

    Read from a dict ``{"steps": [...]}``, a list of steps or a single step with :meth:`from_dict`;
    :meth:`to_dict` / :meth:`to_yaml` write it back. Two stacks are equal when their steps (and their
    ``include_quarantined`` flag) are.

    ``include_quarantined: true`` runs the steps on all stored events, also those outside the log's plausible
    period, which every analysis leaves out by default (:mod:`sagsflow.plausible`).

    Examples
    --------
    >>> s = FilterStack.from_yaml('''
    ... steps:
    ...   - type: case_duration
    ...     min: 2d
    ...   - type: rework
    ...     activity: Refund
    ...     min: 2
    ...     action: remove
    ... ''')
    >>> print(s.to_yaml(), end="")
    version: 1
    steps:
    - type: case_duration
      action: retain
      min: 2d
    - type: rework
      action: remove
      activity: Refund
      min: 2
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: Literal[1] = 1
    steps: tuple[Filter, ...] = ()
    #: run the steps on every stored event, also those outside the log's plausible period (quarantined events,
    #: see :mod:`sagsflow.plausible`), which analyses otherwise leave out
    include_quarantined: bool = False

    # ------------------------------------------------------------------ reading and writing
    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | Sequence[Any] | FilterStack | FilterStep) -> FilterStack:
        """A stack from a dict with ``steps``, a list of steps, a single step (dict or object)."""
        if isinstance(data, FilterStack):
            return data
        if isinstance(data, FilterStep):
            return cls(steps=(data,))  # type: ignore[arg-type]
        if isinstance(data, Mapping) and "type" in data:
            data = [data]
        if isinstance(data, Sequence) and not isinstance(data, str | bytes):
            data = {"steps": list(data)}
        if not isinstance(data, Mapping):
            raise InvalidParameterError(
                f"a filter specification must be a mapping with 'steps', a list of steps or one step. "
                f"Got {type(data).__name__} {data!r} instead.",
                hint="Example: [{'type': 'case_length', 'min': 3}]",
            )
        raw = dict(data)
        if isinstance(raw.get("steps"), Sequence):
            raw["steps"] = [s.to_dict() if isinstance(s, FilterStep) else s for s in raw["steps"]]
        try:
            return cls.model_validate(raw)
        except ValidationError as err:
            raise _spec_error(err, raw) from None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON data: ``{"version": 1, "steps": [...]}``, and ``"include_quarantined": true`` when set."""
        out: dict[str, Any] = {"version": self.version, "steps": [s.to_dict() for s in self.steps]}
        if self.include_quarantined:
            out["include_quarantined"] = True
        return out

    def to_json(self, *, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> FilterStack:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InvalidParameterError(
                f"the filter specification is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."
            ) from None
        return cls.from_dict(data)

    def to_yaml(self) -> str:
        return yaml.safe_dump(self.to_dict(), sort_keys=False, allow_unicode=True)

    @classmethod
    def from_yaml(cls, text: str) -> FilterStack:
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise InvalidParameterError(f"the filter specification is not valid YAML: {exc}") from None
        return cls.from_dict(data if data is not None else [])

    # ------------------------------------------------------------------ composition
    def __and__(self, other: FilterStep | FilterStack) -> FilterStack:
        include = self.include_quarantined or (isinstance(other, FilterStack) and other.include_quarantined)
        return FilterStack(steps=(*self.steps, *_steps_of(other)),  # type: ignore[arg-type]
                           include_quarantined=include)

    def __invert__(self) -> FilterStack:
        raise InvalidParameterError(
            "a stack cannot be inverted: its steps run one after the other.",
            hint="Invert single filters (~f), or combine case-level filters with all_of(a, b) and invert that.",
        )

    def __len__(self) -> int:
        return len(self.steps)

    @property
    def is_event_trimmed(self) -> bool:
        """True when a step keeps or removes single events (not only whole cases)."""
        return any(not s.is_case_level for s in self.steps)

    @property
    def has_case_filter(self) -> bool:
        """True when a step keeps or removes whole cases."""
        return any(s.is_case_level for s in self.steps)


def as_stack(spec: FilterStack | FilterStep | Mapping[str, Any] | Sequence[Any] | None) -> FilterStack:
    """Any accepted form of a filter specification as a :class:`FilterStack`."""
    if spec is None:
        return FilterStack()
    if isinstance(spec, str):
        raise InvalidParameterError(
            f"a filter specification is data, not text. Got the string {spec[:60]!r}.",
            hint="Read YAML or JSON text with FilterStack.from_yaml(...) or FilterStack.from_json(...).",
        )
    return FilterStack.from_dict(spec)


# ----------------------------------------------------------------------------- error messages


def _spec_error(err: ValidationError, data: Any, label: str | None = None) -> InvalidParameterError:
    """An :class:`InvalidParameterError` naming the step and field of each problem (``label``: the
    filter type when a single step was validated)."""
    errors = err.errors()
    if any(e["type"] != "too_short" for e in errors):  # a failed nested step also empties its list
        errors = [e for e in errors if e["type"] != "too_short"]
    lines: list[str] = []
    hints: list[str] = []
    first_path: str | None = None
    for e in errors:
        where, path, field, step_type = _where(e["loc"], data)
        kind = e["type"]
        msg = str(e.get("msg", "")).removeprefix("Value error, ")
        got = e.get("input")
        if kind == "union_tag_invalid":
            msg = f"unknown filter type {(e.get('ctx') or {}).get('tag')!r}"
            hints.append("Filter types: " + ", ".join(FILTER_TYPES))
        elif kind == "union_tag_not_found":
            msg = "the step has no 'type'"
            hints.append("Filter types: " + ", ".join(FILTER_TYPES))
        elif kind == "extra_forbidden":
            msg = f"unknown field {field!r}"
            if step_type in FILTER_TYPES:
                allowed = [f.alias or n for n, f in FILTER_TYPES[step_type].model_fields.items()]
                hints.append(f"Fields of {step_type}: {', '.join(allowed)}")
        elif kind == "missing":
            msg = f"field {field!r} is required"
        elif kind != "value_error":
            msg = f"{msg}. Got {got!r} instead"
        elif field is not None and not isinstance(got, Mapping):
            msg = f"{msg} (got {got!r})"
        where = ", ".join(x for x in (label, where) if x)
        lines.append(f"{where}: {msg}" if where else msg)
        first_path = first_path or path
    body = lines[0] if len(lines) == 1 else "\n  " + "\n  ".join(lines)
    return InvalidParameterError(
        "invalid filter specification: " + body, hint="\n".join(dict.fromkeys(hints)) or None, field=first_path
    )


def _where(loc: Iterable[Any], data: Any) -> tuple[str, str, str | None, str | None]:
    """From a Pydantic error location: ('step 2 (case_duration), field 'min'', 'steps[2].min', 'min',
    'case_duration')."""
    human: list[str] = []
    path = ""
    node = data
    field: str | None = None
    step_type: str | None = None
    items = list(loc)
    i = 0
    while i < len(items):
        key = items[i]
        if key == "steps" and i + 1 < len(items) and isinstance(items[i + 1], int):
            idx = items[i + 1]
            seq = node.get("steps") if isinstance(node, Mapping) else None
            node = seq[idx] if isinstance(seq, Sequence) and idx < len(seq) else None
            step_type = node.get("type") if isinstance(node, Mapping) else None
            human.append(f"step {idx}" + (f" ({step_type})" if isinstance(step_type, str) else ""))
            path += f"{'.' if path else ''}steps[{idx}]"
            field = None
            i += 2
            if i < len(items) and items[i] == step_type:  # the union's tag in the location
                i += 1
            continue
        if isinstance(key, int):
            path += f"[{key}]"
        else:
            field = key if field is None else f"{field}.{key}"
            path += f"{'.' if path else ''}{key}"
            node = node.get(key) if isinstance(node, Mapping) else None
        i += 1
    if field is not None:
        human.append(f"field {field!r}")
    return ", ".join(human), path, field, step_type


_models: tuple[type[BaseModel], ...] = (*FILTER_TYPES.values(), FilterStack)
for _cls in _models:
    _cls.model_rebuild()
