"""The disclosure policy: who may learn what, as one value.

A :class:`DisclosurePolicy` says whether its holder sees cases (analysts) or only aggregates (viewers, and later the
partners of a cross-municipality profile), the group size k, which case attributes are *published* (usable in a
restricted role's filters and groupings), and the thresholds that duration and length filters may use. Every face
builds one (the server from the user's role and the workspace's ``disclosure.yaml``) and passes it to the
functions of :mod:`sagsflow.disclosure`.

Examples
--------
>>> p = DisclosurePolicy.for_role("viewer", min_group_size=5)
>>> p.restricted, p.hides(3), p.hides(0), p.hides(5)
(True, True, False, False)
>>> DisclosurePolicy.for_role("analyst").hides(3)
False
>>> DisclosurePolicy.for_role("analyst").narrows(3)   # an analyst's answer on 3 cases is a case-level read
True
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import yaml

from sagsflow.errors import InvalidParameterError
from sagsflow.i18n import _

#: the default group size k (DESIGN.md: "hides groups smaller than k (default 5)")
DEFAULT_MIN_GROUP_SIZE = 5

_DAY = timedelta(days=1)
#: the case durations a restricted role may compare with (``case_duration`` min/max)
DURATION_EDGES: tuple[timedelta, ...] = (
    timedelta(0), timedelta(hours=1), _DAY, 2 * _DAY, 7 * _DAY, 14 * _DAY, 30 * _DAY, 60 * _DAY, 90 * _DAY,
    180 * _DAY, 365 * _DAY, 730 * _DAY)
#: the subset the released groups are split at first (the usual questions: a day, a week, a month, a quarter, a year)
COARSE_DURATION_EDGES: tuple[timedelta, ...] = (_DAY, 7 * _DAY, 30 * _DAY, 90 * _DAY, 365 * _DAY)
#: the case lengths (events) a restricted role may compare with (``case_length`` min/max)
LENGTH_EDGES: tuple[int, ...] = (1, 2, 3, 4, 5, 10, 20, 50, 100)
COARSE_LENGTH_EDGES: tuple[int, ...] = (2, 5, 10, 20)

#: the file of a workspace that configures the disclosure rule for its restricted roles
POLICY_FILE = "disclosure.yaml"

#: roles that see case-level data
CASE_ROLES = frozenset({"analyst"})


@dataclass(frozen=True)
class DisclosurePolicy:
    """What a caller may learn from a log.

    Parameters
    ----------
    min_group_size : int
        k: no released answer rests on 1 to k-1 cases (default 5).
    sees_cases : bool
        True for roles with access to cases (analysts): nothing is hidden, and answers that narrow to fewer than
        k cases are case-level reads (audited by the server).
    published : tuple of str, optional
        The case attributes a restricted role may filter and group by. None: every case attribute of the data
        class ``process`` (never identifiers, personal attributes or free text) with at most ``max_values``
        distinct values.
    max_values : int
        The most distinct values an inferred published attribute may have.
    duration_edges, length_edges : tuple
        The only bounds a restricted role's ``case_duration`` and ``case_length`` filters may use.
    """

    min_group_size: int = DEFAULT_MIN_GROUP_SIZE
    sees_cases: bool = False
    published: tuple[str, ...] | None = None
    max_values: int = 100
    duration_edges: tuple[timedelta, ...] = DURATION_EDGES
    length_edges: tuple[int, ...] = LENGTH_EDGES
    coarse_duration_edges: tuple[timedelta, ...] = field(default=COARSE_DURATION_EDGES, repr=False)
    coarse_length_edges: tuple[int, ...] = field(default=COARSE_LENGTH_EDGES, repr=False)

    def __post_init__(self) -> None:
        k = self.min_group_size
        if not isinstance(k, int) or isinstance(k, bool) or k < 1:
            raise InvalidParameterError(
                _("min_group_size must be a whole number of cases >= 1. Got {value} instead.", value=repr(k)),
                hint=_("The disclosure rule hides groups smaller than k = 5 cases by default."),
                field="min_group_size")
        for name in ("duration_edges", "length_edges"):
            edges = list(getattr(self, name))
            if edges != sorted(set(edges)):
                raise InvalidParameterError(_("{name} must be increasing and distinct.", name=name), field=name)

    # ------------------------------------------------------------------ construction
    @classmethod
    def for_role(cls, role: str, *, min_group_size: int = DEFAULT_MIN_GROUP_SIZE, **kw: Any) -> DisclosurePolicy:
        """The policy of a server role: analysts see cases, every other role gets aggregates only."""
        return cls(min_group_size=min_group_size, sees_cases=role in CASE_ROLES, **kw)

    @classmethod
    def from_dict(cls, data: dict[str, Any], **kw: Any) -> DisclosurePolicy:
        """A policy from the plain data of ``disclosure.yaml`` (``published``, ``min_group_size``,
        ``duration_edges`` as durations like ``'7d'``, ``length_edges``, ``max_values``); ``kw`` wins."""
        from sagsflow.filters.spec import parse_duration

        known = {"published", "min_group_size", "duration_edges", "length_edges", "max_values"}
        unknown = sorted(set(data) - known)
        if unknown:
            raise InvalidParameterError(_("unknown setting '{name}' in {file}.", name=unknown[0], file=POLICY_FILE),
                                        hint=_("Settings: {names}.", names=", ".join(sorted(known))),
                                        field=unknown[0])
        args: dict[str, Any] = {}
        if data.get("published") is not None:
            args["published"] = tuple(str(x) for x in data["published"])
        if data.get("min_group_size") is not None:
            args["min_group_size"] = data["min_group_size"]
        if data.get("max_values") is not None:
            args["max_values"] = int(data["max_values"])
        if data.get("duration_edges") is not None:
            edges = tuple(sorted({parse_duration(x) for x in data["duration_edges"]}))
            args["duration_edges"] = edges
            args["coarse_duration_edges"] = tuple(e for e in COARSE_DURATION_EDGES if e in edges) or edges
        if data.get("length_edges") is not None:
            lengths = tuple(sorted({int(x) for x in data["length_edges"]}))
            args["length_edges"] = lengths
            args["coarse_length_edges"] = tuple(e for e in COARSE_LENGTH_EDGES if e in lengths) or lengths
        return cls(**{**args, **kw})

    @classmethod
    def for_workspace(cls, workspace: Any, role: str, *, min_group_size: int = DEFAULT_MIN_GROUP_SIZE
                      ) -> DisclosurePolicy:
        """The policy of ``role`` in a workspace: its ``disclosure.yaml`` (if any) with the role's case access.
        ``min_group_size`` (the server's setting) is a floor: the file may raise k, never lower it."""
        path: Path | None = getattr(workspace, "path", None)
        data: dict[str, Any] = {}
        if path is not None and (path / POLICY_FILE).exists():
            text = (path / POLICY_FILE).read_text(encoding="utf-8")
            try:
                loaded = yaml.safe_load(text) or {}
            except yaml.YAMLError as exc:
                raise InvalidParameterError(_("{file} is not valid YAML: {error}", file=POLICY_FILE,
                                              error=str(exc))) from None
            if not isinstance(loaded, dict):
                raise InvalidParameterError(_("{file} must be a mapping of settings.", file=POLICY_FILE))
            data = loaded
        k = max(int(data.pop("min_group_size", min_group_size) or min_group_size), min_group_size)
        return cls.from_dict(data, min_group_size=k, sees_cases=role in CASE_ROLES)

    def with_cases(self, sees_cases: bool) -> DisclosurePolicy:
        return replace(self, sees_cases=sees_cases)

    # ------------------------------------------------------------------ rules
    @property
    def restricted(self) -> bool:
        """True when the holder sees aggregates only."""
        return not self.sees_cases

    @property
    def k(self) -> int:
        return self.min_group_size

    def hides(self, n: int | None) -> bool:
        """Whether a group of ``n`` cases is hidden from this holder (1 to k-1 cases, restricted roles only)."""
        return self.restricted and self.narrows(n)

    def narrows(self, n: int | None) -> bool:
        """Whether ``n`` cases is a small group (1 to k-1): hidden from restricted roles, a case-level read for
        roles with case access."""
        return n is not None and 0 < int(n) < self.min_group_size

    def groups_key(self) -> tuple[Any, ...]:
        """What the released groups of a log depend on (a cache key part): not the role."""
        return (self.min_group_size, self.published, self.max_values, self.duration_edges, self.length_edges,
                self.coarse_duration_edges, self.coarse_length_edges)

    def to_dict(self) -> dict[str, Any]:
        from sagsflow.filters.spec import format_duration

        return {"min_group_size": self.min_group_size, "sees_cases": self.sees_cases,
                "published": list(self.published) if self.published is not None else None,
                "duration_edges": [format_duration(e) for e in self.duration_edges],
                "length_edges": list(self.length_edges)}
