"""A straightforward pure-Python reference implementation of every filter, for the property tests.

It works on the generated events (lists per case, ordered by timestamp then source order) and knows
nothing of the SQL translation.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sagsflow.filters import spec
from sagsflow.testing.strategies import Event

US = timedelta(microseconds=1)
LOCAL = ZoneInfo("Europe/Copenhagen")


@dataclass(frozen=True)
class Ev:
    row: int  # source row (list index)
    case: str
    activity: str
    timestamp: datetime
    start: datetime | None
    resource: str | None
    attrs: dict[str, Any]

    def value(self, name: str) -> Any:
        if name in ("activity", "resource", "timestamp", "case"):
            return getattr(self, name)
        if name == "case_id":
            return self.case
        if name == "start_timestamp":
            return self.start
        if name in ("lifecycle", "registration_timestamp", "sequence"):
            return None
        if name in self.attrs:
            return self.attrs[name]
        return self.attrs.get("case:" + name)


class RefLog:
    """Cases (id -> events in case order), the original case order, and the case attributes."""

    def __init__(self, events: list[Event]) -> None:
        evs = [Ev(i, e.case, e.activity, e.timestamp, e.start_timestamp, e.resource, e.attrs)
               for i, e in enumerate(events)]
        by_case: dict[str, list[Ev]] = {}
        for ev in evs:
            by_case.setdefault(ev.case, []).append(ev)
        for lst in by_case.values():
            lst.sort(key=lambda x: (x.timestamp, x.row))
        order = sorted(by_case, key=lambda c: (by_case[c][0].timestamp, c))
        self.rank = {c: i for i, c in enumerate(order)}  # = case_idx
        self.activities = sorted({e.activity for e in evs})
        self.cases: dict[str, list[Ev]] = {c: by_case[c] for c in order}
        self.case_attrs = {c: {k[5:]: v for k, v in by_case[c][-1].attrs.items() if k.startswith("case:")}
                           for c in order}


def micros(a: datetime, b: datetime) -> int:
    return (b - a) // US


def in_range(v: Any, lo: Any, hi: Any) -> bool:
    if v is None:
        return False
    if isinstance(lo, timedelta):
        lo = lo // US
    if isinstance(hi, timedelta):
        hi = hi // US
    return (lo is None or v >= lo) and (hi is None or v <= hi)


def utc(v: Any) -> datetime:
    dt = v if isinstance(v, datetime) else datetime.fromisoformat(str(v))
    return (dt if dt.tzinfo else dt.replace(tzinfo=LOCAL)).astimezone(UTC)


def cond_holds(value: Any, c: Any) -> bool:
    if value is None:
        return False
    conv = utc if isinstance(value, datetime) else (lambda x: x)
    if c.equals is not None:
        return bool(value == conv(c.equals))
    if c.in_ is not None:
        return value in [conv(x) for x in c.in_]
    if c.regex is not None:
        return re.search(c.regex, str(value)) is not None
    return in_range(value, None if c.min is None else conv(c.min), None if c.max is None else conv(c.max))


# ----------------------------------------------------------------------------- per case


def case_matches(step: spec.FilterStep, case: str, evs: list[Ev], log: RefLog,
                 current: dict[str, list[Ev]]) -> bool:
    s: Any = step
    if isinstance(s, spec.CaseAttributeFilter):
        return cond_holds(log.case_attrs[case].get(s.attribute), s)
    if isinstance(s, spec.CaseIdFilter):
        return case in s.ids if s.ids is not None else re.search(s.pattern, case) is not None
    if isinstance(s, spec.EventAttributeFilter):
        return any(cond_holds(e.value(s.attribute), s) for e in evs)
    if isinstance(s, spec.TimeframeFilter):
        first, last = evs[0].timestamp, evs[-1].timestamp
        a = utc(s.start) if s.start is not None else None
        b = utc(s.end) if s.end is not None else None

        def inside(t: datetime) -> bool:
            return (a is None or t >= a) and (b is None or t < b)

        if s.mode == "started":
            return inside(first)
        if s.mode == "ended":
            return inside(last)
        if s.mode == "contained":
            return (a is None or first >= a) and (b is None or last < b)
        return (a is None or last >= a) and (b is None or first < b)
    if isinstance(s, spec.CaseDurationFilter):
        return in_range(micros(evs[0].timestamp, evs[-1].timestamp), s.min, s.max)
    if isinstance(s, spec.CaseLengthFilter):
        return in_range(len(evs), s.min, s.max)
    if isinstance(s, spec.ProcessingTimeFilter | spec.WaitingTimeFilter):
        if isinstance(s, spec.ProcessingTimeFilter):
            ds = [micros(e.start, e.timestamp) for e in evs if e.start is not None]
        else:
            ds = [max(micros(p.timestamp, e.start or e.timestamp), 0) for p, e in itertools.pairwise(evs)]
        if s.measure == "total":
            return in_range(sum(ds), s.min, s.max)
        if not ds:
            return False
        if s.measure == "max":
            return in_range(max(ds), s.min, s.max)
        n, total = len(ds), sum(ds)
        return (s.min is None or total >= (s.min // US) * n) and (s.max is None or total <= (s.max // US) * n)
    if isinstance(s, spec.NodeDurationFilter):
        for i, e in enumerate(evs):
            if e.activity != s.activity:
                continue
            if e.start is not None:
                d = micros(e.start, e.timestamp)
            elif i > 0:
                d = micros(evs[i - 1].timestamp, e.timestamp)
            else:
                continue
            if in_range(d, s.min, s.max):
                return True
        return False
    if isinstance(s, spec.DirectlyFollowsFilter | spec.ArcDurationFilter | spec.EventuallyFollowsFilter):
        direct = not isinstance(s, spec.EventuallyFollowsFilter)
        for i, a in enumerate(evs):
            for j in range(i + 1, i + 2 if direct else len(evs)):
                if j >= len(evs):
                    break
                b = evs[j]
                if a.activity == s.source and b.activity == s.target:
                    gap = micros(a.timestamp, b.start or b.timestamp)
                    if (s.min is None and s.max is None) or in_range(gap, s.min, s.max):
                        return True
        return False
    if isinstance(s, spec.ReworkFilter):
        return in_range(sum(e.activity == s.activity for e in evs), s.min, s.max)
    if isinstance(s, spec.EndpointsFilter):
        return (not s.start or evs[0].activity in s.start) and (not s.end or evs[-1].activity in s.end)
    if isinstance(s, spec.AttributeCombinationFilter):
        if s.scope == "event":
            return any(cond_holds(e.value(s.first.attribute), s.first)
                       and cond_holds(e.value(s.second.attribute), s.second) for e in evs)
        return (any(cond_holds(e.value(s.first.attribute), s.first) for e in evs)
                and any(cond_holds(e.value(s.second.attribute), s.second) for e in evs))
    raise AssertionError(f"no reference for {s.type}")


def selected(step: spec.FilterStep, current: dict[str, list[Ev]], log: RefLog) -> set[str]:
    """The current cases a case-level step keeps (action applied)."""
    s: Any = step
    if isinstance(s, spec.AnyOf | spec.AllOf):
        parts = [selected(x, current, log) for x in s.steps]
        matched = set.union(*parts) if isinstance(s, spec.AnyOf) else set.intersection(*parts)
    elif isinstance(s, spec.VariantFilter):
        var = {c: tuple(e.activity for e in evs) for c, evs in current.items()}
        if s.variants is not None:
            matched = {c for c, v in var.items() if v in set(s.variants)}
        else:
            counts = Counter(var.values())
            code = {a: i for i, a in enumerate(log.activities)}  # the store's codes: label order
            ranked = sorted(counts, key=lambda v: (-counts[v], [code[a] for a in v]))
            total = sum(counts.values())
            keep, cum = set(), 0
            for k, v in enumerate(ranked):
                n = counts[v]
                cum += n
                by_top = s.top is not None and k < s.top
                if by_top or (s.coverage is not None and (cum - n) * 100.0 < s.coverage * total):
                    keep.add(v)
            matched = {c for c, v in var.items() if v in keep}
    else:
        matched = {c for c, evs in current.items() if case_matches(s, c, evs, log, current)}
    return matched if s.action == "retain" else set(current) - matched


def trim(step: spec.FilterStep, evs: list[Ev]) -> list[Ev]:
    s: Any = step
    keep = s.action == "retain"
    if isinstance(s, spec.EventAttributeFilter):
        return [e for e in evs if cond_holds(e.value(s.attribute), s) == keep]
    if isinstance(s, spec.TimeframeFilter):
        a = utc(s.start) if s.start is not None else None
        b = utc(s.end) if s.end is not None else None
        return [e for e in evs if ((a is None or e.timestamp >= a) and (b is None or e.timestamp < b)) == keep]
    if isinstance(s, spec.CaseSectionFilter):
        acts = [e.activity for e in evs]
        section: set[int] = set()
        if s.start_activity in acts:
            p = acts.index(s.start_activity)
            qs = [j for j in range(p + 1, len(acts)) if acts[j] == s.end_activity]
            if qs:
                q = qs[0] if s.end_occurrence == "next" else qs[-1]
                lo = p if s.start_inclusive else p + 1
                hi = q if s.end_inclusive else q - 1
                section = set(range(lo, hi + 1))
        return [e for i, e in enumerate(evs) if (i in section) == keep]
    raise AssertionError(f"no event reference for {s.type}")


def apply(stack: spec.FilterStack, events: list[Event]) -> dict[str, list[int]]:
    """The remaining events: case id -> source rows in case order (cases in case order)."""
    log = RefLog(events)
    current = dict(log.cases)
    for step in stack.steps:
        if step.is_case_level:
            keep = selected(step, current, log)
            current = {c: evs for c, evs in current.items() if c in keep}
        else:
            current = {c: t for c, evs in current.items() if (t := trim(step, evs))}
    return {c: [e.row for e in evs] for c, evs in current.items()}
