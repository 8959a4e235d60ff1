"""Law changes as known events: the days a rule of the rule pack starts or stops applying.

Examples
--------
>>> [c.day.isoformat() for c in law_changes("employment-dk") if c.day.year in (2024, 2025)]
['2024-01-01', '2025-07-01']
>>> sorted(law_changes("employment-dk", start="2024-01-01", end="2024-01-01")[0].starts)[:3]
['R02', 'R03', 'R04']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sagsflow.compliance.rules import RuleSet

DEFAULT_PACK = "employment-dk"


@dataclass(frozen=True)
class LawChange:
    """A day on which rules start (``starts``) or stop (``ends``: their last day was the day before) to apply."""

    day: date
    starts: tuple[str, ...] = field(default=())
    ends: tuple[str, ...] = field(default=())
    laws: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {"day": self.day.isoformat(), "starts": list(self.starts), "ends": list(self.ends),
                "laws": list(self.laws)}


def _day(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def law_changes(rules: RuleSet | str = DEFAULT_PACK, *, start: date | str | None = None,
                end: date | str | None = None) -> list[LawChange]:
    """The days the rules of ``rules`` (a rule set, file or pack name) start or stop applying, oldest first.

    ``start`` and ``end`` (inclusive) keep only the days between them.
    """
    from sagsflow.compliance.rules import load_rules

    rs = load_rules(rules)
    starts: dict[date, set[str]] = {}
    ends: dict[date, set[str]] = {}
    laws: dict[date, set[str]] = {}
    for rule in rs:
        if rule.valid_from is not None:
            starts.setdefault(rule.valid_from, set()).add(rule.id)
            laws.setdefault(rule.valid_from, set()).update([rule.law] if rule.law else [])
        if rule.valid_to is not None:
            day = rule.valid_to + timedelta(days=1)
            ends.setdefault(day, set()).add(rule.id)
            laws.setdefault(day, set()).update([rule.law] if rule.law else [])
    lo, hi = _day(start), _day(end)
    out = []
    for day in sorted(set(starts) | set(ends)):
        if (lo is not None and day < lo) or (hi is not None and day > hi):
            continue
        out.append(LawChange(day, tuple(sorted(starts.get(day, ()))), tuple(sorted(ends.get(day, ()))),
                             tuple(sorted(laws.get(day, ())))))
    return out
