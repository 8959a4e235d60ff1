"""What every check needs: the connection, the log's SQL, the parameters and a finding factory.

Checks are plain functions ``check(ctx) -> list[Finding]``; each runs a few set-based queries over
``ctx.events`` (the log's events SQL) and never loops over events in Python.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import duckdb

from sagsflow.plausible import PlausibleWindow
from sagsflow.quality.model import Cell, Finding, Pattern, Severity, Unit
from sagsflow.quality.texts import finding_texts
from sagsflow.schema import DEFAULT_TIMEZONE, LogSchema

SqlParams = Sequence[Any] | Mapping[str, Any] | None

#: how many examples a finding keeps
N_EXAMPLES = 5
#: share of events at one fixed-offset midnight from which a log's dates count as written at that offset
FIXED_MIDNIGHT_MIN_SHARE = 0.05
FIXED_MIDNIGHT_MIN_EVENTS = 20


@dataclass(frozen=True)
class Params:
    """The thresholds of :func:`sagsflow.quality_report`."""

    now: datetime
    batch_window_seconds: int = 10
    batch_min_events: int = 20
    backdating_days: int = 7
    synonym_threshold: float = 0.85
    expected_start: tuple[str, ...] | None = None
    expected_end: tuple[str, ...] | None = None
    timezone: str = DEFAULT_TIMEZONE


@dataclass
class Context:
    """A log under inspection."""

    con: duckdb.DuckDBPyConnection
    events_sql: str
    cases_sql: str
    schema: LogSchema
    params: Params
    n_events: int
    n_cases: int
    #: role columns with at least one non-NULL value
    filled: frozenset[str] = field(default_factory=frozenset)
    #: the log's plausible period (sagsflow.plausible) and, when it quarantines events of the log's cases, the
    #: SQL of those events (every store column); the other checks see the events the analyses see
    window: PlausibleWindow | None = None
    quarantined_sql: str | None = None
    #: whether ``events_sql`` counts the quarantined events too (the log was given with include_quarantined)
    includes_quarantined: bool = False
    #: see :meth:`fixed_midnight` (computed on first use; ``-1`` until then)
    _fixed_midnight_us: int | None = field(default=-1, repr=False)

    @property
    def events(self) -> str:
        """The events as a parenthesised sub-query, ready for ``FROM {ctx.events} e``."""
        return f"({self.events_sql})"

    @property
    def cases(self) -> str:
        return f"({self.cases_sql})"

    def local(self, expr: str) -> str:
        """SQL for a TIMESTAMPTZ expression as local wall-clock time (Europe/Copenhagen by default)."""
        return f"timezone('{self.params.timezone}', {expr})"

    def local_midnight(self, expr: str = "timestamp") -> str:
        """SQL: is this TIMESTAMPTZ expression at 00:00:00 local time?

        The ICU time-zone conversion only runs for the few values on a quarter hour in UTC (every
        real time zone's offset is a multiple of 15 minutes), which keeps it cheap on large logs.
        """
        return (f"(CASE WHEN epoch_us({expr}) % 900000000 = 0 "
                f"THEN CAST({self.local(expr)} AS TIME) = TIME '00:00:00' ELSE false END)")

    def fixed_midnight(self) -> int | None:
        """The UTC time of day (microseconds after 00:00 UTC) at which the log writes its dates, when they are
        midnights at one fixed UTC offset other than the local zone's, else None.

        A source that writes every date as midnight at a fixed offset (``2024-07-01T01:00:00+02:00``: midnight at
        UTC+01:00 all year) puts half of the year's dates at local midnight and the summer's an hour later. Such a
        log has one time of day, off local midnight and off UTC midnight (its own finding), that holds at least
        :data:`FIXED_MIDNIGHT_MIN_SHARE` of the events (and :data:`FIXED_MIDNIGHT_MIN_EVENTS`) and ten times as
        many as any other such time of day.
        """
        if self._fixed_midnight_us != -1:
            return self._fixed_midnight_us
        day = 86_400_000_000
        tod = f"((epoch_us(timestamp) % {day}) + {day}) % {day}"
        rows = self.rows(
            f"""SELECT {tod} AS tod, count(*) AS n FROM {self.events} e
            WHERE epoch_us(timestamp) % 900000000 = 0 AND NOT {self.local_midnight()} AND {tod} <> 0
            GROUP BY tod ORDER BY n DESC, tod LIMIT 2""")
        found = None
        if rows and self.n_events:
            n1, n2 = int(rows[0][1]), int(rows[1][1]) if len(rows) > 1 else 0
            if n1 >= max(FIXED_MIDNIGHT_MIN_EVENTS, FIXED_MIDNIGHT_MIN_SHARE * self.n_events) and n1 >= 10 * n2:
                found = int(rows[0][0])
        self._fixed_midnight_us = found
        return found

    @staticmethod
    def fixed_offset_label(tod_us: int) -> str:
        """The UTC offset whose midnight is at ``tod_us`` after 00:00 UTC: 23:00 UTC -> ``"+01:00"``."""
        minutes = (-(tod_us // 60_000_000)) % (24 * 60)
        if minutes > 14 * 60:
            minutes -= 24 * 60
        sign = "+" if minutes >= 0 else "-"
        return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"

    def date_only(self, expr: str = "timestamp") -> str:
        """SQL: is this TIMESTAMPTZ expression a date without a time of day, that is midnight in local time or
        midnight at the log's fixed offset (:meth:`fixed_midnight`)?"""
        fixed = self.fixed_midnight()
        local = self.local_midnight(expr)
        if fixed is None:
            return local
        day = 86_400_000_000
        return f"({local} OR ((epoch_us({expr}) % {day}) + {day}) % {day} = {fixed})"

    @staticmethod
    def utc_midnight(expr: str = "timestamp") -> str:
        """SQL: is this TIMESTAMPTZ expression at 00:00:00 UTC?"""
        return f"(epoch_us({expr}) % 86400000000 = 0)"

    def rows(self, sql: str, params: SqlParams = None) -> list[tuple[Any, ...]]:
        return self.con.execute(sql, params).fetchall()

    def dicts(self, sql: str, params: SqlParams = None) -> list[dict[str, Cell]]:
        """Rows as dicts of JSON-friendly cells (timestamps as ISO text in UTC)."""
        cur = self.con.execute(sql, params)
        names = [d[0] for d in cur.description or ()]
        return [{n: cell(v) for n, v in zip(names, r, strict=True)} for r in cur.fetchall()]

    def one(self, sql: str, params: SqlParams = None) -> tuple[Any, ...]:
        row = self.con.execute(sql, params).fetchone()
        assert row is not None
        return row

    @contextmanager
    def temp_table(self, sql: str) -> Iterator[str]:
        """Materialise ``sql`` as a uniquely named temp table for the duration of the block."""
        name = f"__sfq_{uuid.uuid4().hex[:12]}"
        self.con.execute(f"CREATE TEMP TABLE {name} AS {sql}")
        try:
            yield name
        finally:
            self.con.execute(f"DROP TABLE IF EXISTS {name}")

    def finding(
        self,
        code: str,
        pattern: Pattern,
        severity: Severity,
        *,
        count: int,
        unit: Unit,
        metrics: dict[str, Cell],
        examples: list[dict[str, Cell]] | None = None,
        breakdown: list[dict[str, Cell]] | None = None,
        total: int | None = None,
    ) -> Finding:
        """A finding whose texts (in the current language) come from :mod:`sagsflow.quality.texts`."""
        if total is None:
            total = {"events": self.n_events, "cases": self.n_cases}.get(unit, count)
        share = count / total if total else 0.0
        metrics = {"count": count, "share": share, **metrics}
        title, detail, effect = finding_texts(code, metrics)
        return Finding(
            code=code, pattern=pattern, severity=severity, title=title, detail=detail, effect=effect,
            count=count, share=share, unit=unit, examples=examples or [], breakdown=breakdown or [],
            metrics=metrics,
        )


def cell(value: Any) -> Cell:
    """A JSON-friendly value: datetimes as ISO text, decimals as float."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    try:
        return float(value)
    except (TypeError, ValueError):
        return str(value)


def grade(share: float, *, warning: float, error: float | None = None) -> Severity:
    """Severity by share: ``info`` below ``warning``, ``error`` from ``error`` (when given)."""
    if error is not None and share >= error:
        return "error"
    return "warning" if share >= warning else "info"


def sql_list(values: Sequence[str]) -> str:
    """A literal SQL list of strings: ``('a', 'b')``."""
    return "(" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + ")"
