"""Helpers of the filter tests: read a filtered log back, build hand-made events."""

from __future__ import annotations

from datetime import UTC, datetime

from sagsflow.log import EventLog
from sagsflow.testing.strategies import Event


def result(log: EventLog) -> dict[str, list[int]]:
    """The filtered log as case id -> source rows in case order (cases in case order); checks pos."""
    rows = log.workspace.con.execute(
        f"SELECT case_id, src_order % 1099511627776, pos FROM ({log.events_sql()}) e ORDER BY event_idx"
    ).fetchall()
    out: dict[str, list[int]] = {}
    for case, row, pos in rows:
        out.setdefault(case, []).append(int(row))
        assert pos == len(out[case]) - 1, f"pos {pos} of event {row} in case {case} is not its position"
    return out


def case_ids(log: EventLog) -> set[str]:
    return {r[0] for r in log.workspace.con.execute(f"SELECT case_id FROM ({log.cases_sql()}) c").fetchall()}


def t(day: int, hour: int = 9, minute: int = 0) -> datetime:
    """A UTC time in January 2024."""
    return datetime(2024, 1, day, hour, minute, tzinfo=UTC)


def ev(case: str, activity: str, when: datetime, resource: str | None = None, start: datetime | None = None,
       **attrs: object) -> Event:
    return Event(case, activity, when, resource, dict(attrs), start)

