"""The query vocabulary of a restricted role: which filter steps a viewer may use, read as conditions on the
coordinates of the released groups (:mod:`sagsflow.disclosure.groups`).

Allowed, at any depth of ``any_of``/``all_of`` and with either action:

* ``case_attribute`` on a published attribute with ``equals`` or ``in``;
* ``timeframe`` with mode ``started``, ``ended``, ``contained`` or ``intersecting``, its ``start`` and ``end`` on
  the first day of a month at midnight, Danish time;
* ``case_duration`` and ``case_length`` with ``min``/``max`` among the policy's edges.

Everything else names or singles out cases by what they did or are called, and is refused whatever it would
match: case ids and id patterns, variants, activities, directly/eventually-follows, rework, endpoints,
processing/waiting/node/arc durations, attribute combinations, regular expressions and ranges on attributes,
and every step that cuts events out of cases (``trim``, ``case_section``, ``event_attribute`` with events).
The refusal depends on the filter's text only.

Examples
--------
>>> names_cases({"steps": [{"type": "any_of", "steps": [{"type": "case_id", "pattern": "^S"}]}]})
True
>>> names_cases([{"type": "case_length", "min": 3}])
False
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal
from zoneinfo import ZoneInfo

from sagsflow.errors import DisclosureError
from sagsflow.i18n import N_, _

if TYPE_CHECKING:
    from sagsflow.disclosure.groups import Atom, ReleasedGroups
    from sagsflow.disclosure.policy import DisclosurePolicy
    from sagsflow.filters.spec import FilterStack, FilterStep
    from sagsflow.schema import LogSchema

TZ = ZoneInfo("Europe/Copenhagen")

_WHY = {
    "case_id": N_("filtering by case id needs the analyst role"),
    "variant": N_("variants single out cases by their exact path"),
    "event_attribute": N_("activities and event attributes single out cases by what happened in them"),
    "processing_time": N_("processing times single out cases"),
    "waiting_time": N_("waiting times single out cases"),
    "node_duration": N_("activity durations single out cases"),
    "arc_duration": N_("arc durations single out cases"),
    "directly_follows": N_("paths single out cases"),
    "eventually_follows": N_("paths single out cases"),
    "rework": N_("repetitions single out cases"),
    "case_section": N_("it cuts events out of cases"),
    "endpoints": N_("start and end activities single out cases"),
    "attribute_combination": N_("attribute combinations single out cases"),
}


def names_cases(spec: Any) -> bool:
    """Whether a filter spec (plain data) names single cases: a ``case_id`` step anywhere, nested included."""
    if isinstance(spec, dict):
        return spec.get("type") == "case_id" or any(names_cases(v) for v in spec.values())
    if isinstance(spec, list):
        return any(names_cases(v) for v in spec)
    return False


#: the step types of a restricted role's vocabulary (their fields are checked against a log by :func:`condition`)
VIEWER_STEPS = frozenset({"case_attribute", "timeframe", "case_duration", "case_length", "any_of", "all_of"})


def outside_vocabulary(spec: Any) -> bool:
    """Whether a filter spec (plain data) has a step no restricted role may use, whatever the log: any type but
    those of :data:`VIEWER_STEPS`, a ``case_attribute`` with a range or regular expression, a ``trim`` time frame,
    a stack with ``include_quarantined``.
    What such a step names (case ids, employee pseudonyms, activities) is not shown to viewers, for example in a
    colleague's shared filter.

    Examples
    --------
    >>> outside_vocabulary({"steps": [{"type": "event_attribute", "attribute": "resource", "equals": "E7"}]})
    True
    >>> outside_vocabulary([{"type": "any_of", "steps": [{"type": "case_length", "min": 3}]}])
    False
    """
    if isinstance(spec, list):
        return any(outside_vocabulary(v) for v in spec)
    if not isinstance(spec, dict):
        return False
    if "type" not in spec:  # a stack; bringing back quarantined events is for roles with case access too
        return bool(spec.get("include_quarantined")) or outside_vocabulary(spec.get("steps", []))
    kind = spec.get("type")
    if kind not in VIEWER_STEPS:
        return True
    if kind == "case_attribute" and any(spec.get(f) is not None for f in ("min", "max", "regex")):
        return True
    if kind == "timeframe" and spec.get("mode") == "trim":
        return True
    return outside_vocabulary(spec.get("steps", []))


def check_perspective(schema: LogSchema, perspective: str, policy: DisclosurePolicy | None) -> None:
    """Refuse a restricted role a map perspective whose nodes would name people: the resource (employee
    pseudonyms) and every event attribute that is not of the data class ``process`` (citizen and employee
    identifiers, personal attributes, free text). Values of the other attributes seen in fewer than k cases are
    merged (:func:`sagsflow.disclosure.release.merge_small_values`).

    Examples
    --------
    >>> from sagsflow.disclosure import DisclosurePolicy
    >>> from sagsflow.schema import LogSchema
    >>> check_perspective(LogSchema(), "resource", DisclosurePolicy.for_role("viewer"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    sagsflow.errors.DisclosureError: the perspective 'resource' is not available to viewers: its values are ...
    """
    from sagsflow.schema import DataClass

    if policy is None or not policy.restricted or perspective in ("activity", "lifecycle"):
        return
    data_class = DataClass.EMPLOYEE_ID if perspective == "resource" else schema.data_class(perspective)
    if data_class is DataClass.PROCESS:
        return
    why = {DataClass.EMPLOYEE_ID: N_("its values are employee pseudonyms"),
           DataClass.CITIZEN_ID: N_("its values identify citizens"),
           DataClass.FREE_TEXT: N_("it is free text"),
           DataClass.PERSONAL_ATTRIBUTE: N_("it is a personal attribute")}[data_class]
    raise DisclosureError(_("the perspective '{perspective}' is not available to viewers: {why}.",
                            perspective=perspective, why=_(why)),
                          hint=_("Viewers may see the activity perspective and event attributes of the data class "
                                 "'process'."), field="perspective")


@dataclass(frozen=True)
class Condition:
    """A restricted role's filter as a formula over the coordinates of the released groups: ``and``/``or`` of
    parts, ``not`` of one part (a step with ``action: remove``), or one ``atom`` (``where`` names the step for
    people, ``path`` as in the spec)."""

    op: Literal["and", "or", "not", "atom"]
    parts: tuple[Condition, ...] = ()
    atom: Atom | None = None
    where: str = ""
    path: str = ""

    def atoms(self) -> Iterator[Condition]:
        """The atoms, in the order of the spec."""
        if self.op == "atom":
            yield self
        for p in self.parts:
            yield from p.atoms()


def condition(stack: FilterStack, groups: ReleasedGroups) -> Condition:
    """The formula of a restricted role's filter (the steps of a stack all hold: ``and``); raises
    :class:`DisclosureError` for a step outside the vocabulary."""
    return Condition("and", tuple(_step(step, _("filter step {i}", i=str(i)), f"steps[{i}]", groups)
                                  for i, step in enumerate(stack.steps)))


def _refuse(where: str, path: str, message: str, hint: str | None = None) -> DisclosureError:
    return DisclosureError(_("{where}: {message}.", where=where, message=message), hint=hint, field=path)


def _step(step: FilterStep, where: str, path: str, groups: ReleasedGroups) -> Condition:
    """The step's formula, negated for ``action: remove``."""
    inner = _matched(step, where, path, groups)
    return Condition("not", (inner,)) if step.action == "remove" else inner


def _matched(step: FilterStep, where: str, path: str, groups: ReleasedGroups) -> Condition:
    from sagsflow.filters.spec import (
        AllOf,
        AnyOf,
        CaseAttributeFilter,
        CaseDurationFilter,
        CaseLengthFilter,
        TimeframeFilter,
    )

    where = f"{where} ({step.type})"
    if isinstance(step, AnyOf | AllOf):
        return Condition("or" if isinstance(step, AnyOf) else "and",
                         tuple(_step(s, _("{where}, part {j}", where=where, j=str(j)), f"{path}.steps[{j}]", groups)
                               for j, s in enumerate(step.steps)))
    if isinstance(step, CaseAttributeFilter):
        return _all(_attribute(step, where, path, groups))
    if isinstance(step, TimeframeFilter):
        return _all(_timeframe(step, where, path, groups))
    if isinstance(step, CaseDurationFilter | CaseLengthFilter):
        return _all(_threshold(step, where, path, groups))
    why = _(_WHY.get(step.type, N_("it is not in a viewer's vocabulary")))
    if step.type == "case_id":
        raise _refuse(where, path, why)
    raise _refuse(where, path, _("this filter is not available to viewers: {why}", why=why),
                  _("Viewers may filter by published case attributes, whole months, and duration or length bands."))


def _all(found: Iterator[tuple[str, str, Atom]]) -> Condition:
    parts = tuple(Condition("atom", atom=a, where=w, path=p) for w, p, a in found)
    return parts[0] if len(parts) == 1 else Condition("and", parts)


def _attribute(step: Any, where: str, path: str, groups: ReleasedGroups) -> Iterator[tuple[str, str, Atom]]:
    from sagsflow.disclosure.groups import Atom

    found = groups.dim(step.attribute)
    if found is None or found[1].kind != "category":
        why = groups.why_unpublished(step.attribute)
        raise _refuse(where, f"{path}.attribute", _("the attribute '{attribute}' is not available to viewers: {why}",
                                                    attribute=step.attribute, why=why), groups.published_text())
    i, dim = found
    if step.equals is None and step.in_ is None:
        raise _refuse(where, path, _("viewers may pick attribute values with 'equals' or 'in' only (no ranges or "
                                     "regular expressions)"))
    values = [step.equals] if step.equals is not None else list(step.in_ or ())
    codes, unknown = [], False
    for v in values:
        code = dim.code(_canonical(v, dim.dtype))
        if code is None:
            unknown = True
        else:
            codes.append(code)
    shown = ", ".join(repr(v) for v in values[:5]) + (" ..." if len(values) > 5 else "")
    yield where, path, Atom(i, "in", codes=tuple(sorted(set(codes))), unknown=unknown,
                            text=f"{step.attribute} in [{shown}]")


def _canonical(value: Any, dtype: str) -> str | None:
    """The text a value compares as in a column of ``dtype`` (as ``CAST(column AS VARCHAR)`` writes it)."""
    if dtype.startswith("BOOLEAN"):
        text = str(value).lower()
        return text if text in ("true", "false") else None
    if dtype.startswith("VARCHAR"):
        return value if isinstance(value, str) else str(value)
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return str(int(f)) if f.is_integer() else None


def _month(value: datetime, where: str, path: str, name: str) -> int:
    local = value.replace(tzinfo=TZ) if value.tzinfo is None else value.astimezone(TZ)
    if local.day != 1 or (local.hour, local.minute, local.second, local.microsecond) != (0, 0, 0, 0):
        first_day = f"{local.year:04d}-{local.month:02d}-01"
        raise _refuse(where, f"{path}.{name}", _("{name} {value} is not the start of a month: viewers select whole "
                                                 "months (quarters, years)", name=name, value=value.isoformat()),
                      _("Use the first day of a month, e.g. {day}.", day=first_day))
    return local.year * 12 + local.month - 1


def _timeframe(step: Any, where: str, path: str, groups: ReleasedGroups) -> Iterator[tuple[str, str, Atom]]:
    from sagsflow.disclosure.groups import Atom

    if step.mode == "trim":
        raise _refuse(where, f"{path}.mode", _("the mode 'trim' cuts events out of cases and is not available to "
                                               "viewers"), _("Use 'intersecting', 'contained', 'started' or 'ended'."))
    s = None if step.start is None else _month(step.start, where, path, "start")
    e = None if step.end is None else _month(step.end, where, path, "end")
    # which coordinate each bound of the period compares with (sagsflow.filters.sql.timeframe_condition)
    on_start, on_end = {"started": ("start", "start"), "ended": ("end", "end"), "contained": ("start", "end"),
                        "intersecting": ("end", "start")}[step.mode]
    first, last = groups.dim(on_start), groups.dim(on_end)
    assert first is not None and last is not None
    if s is not None:
        yield where, path, Atom(first[0], "ge", bound=s,
                                text=_("the time frame's start {month}", month=_month_text(s)))
    if e is not None:
        yield where, path, Atom(last[0], "le", bound=e - 1,
                                text=_("the time frame's end {month}", month=_month_text(e)))


def _threshold(step: Any, where: str, path: str, groups: ReleasedGroups) -> Iterator[tuple[str, str, Atom]]:
    from sagsflow.disclosure.groups import Atom
    from sagsflow.filters.spec import CaseDurationFilter, format_duration

    duration = isinstance(step, CaseDurationFilter)
    found = groups.dim("duration" if duration else "length")
    assert found is not None
    i, dim = found
    for name in ("min", "max"):
        bound = getattr(step, name)
        if bound is None:
            continue
        value = bound // timedelta(microseconds=1) if duration else int(bound)
        if value not in dim.edges:
            shown = ", ".join(format_duration(timedelta(microseconds=x)) if duration else str(x) for x in dim.edges)
            text = format_duration(bound) if duration else str(bound)
            raise _refuse(where, f"{path}.{name}", _("{name} {value} is not one of the bounds viewers may use",
                                                     name=name, value=text), _("Bounds: {bounds}.", bounds=shown))
        j = dim.edges.index(value)
        label = format_duration(bound) if duration else str(bound)
        yield where, path, Atom(i, "ge" if name == "min" else "le", bound=2 * j + 1, text=f"{name} {label}")


def _month_text(c: int) -> str:
    return f"{c // 12:04d}-{c % 12 + 1:02d}"
