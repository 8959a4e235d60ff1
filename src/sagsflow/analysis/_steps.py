"""Shared relations of the statistics: case spans and per-event steps (previous event, durations).

Both are plain SQL over ``log.events_sql()`` (so they honour filters) with window functions and
group-bys that any SQL engine has. Durations are in seconds of calendar time, or of working time
when a :class:`~sagsflow.analysis.calendar.BusinessCalendar` is given: then the instants are read
once, mapped to a working-time clock in numpy (vectorised) and joined back by event or case number.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa

from sagsflow.analysis._table import arrow
from sagsflow.store.workspace import finish_pending

if TYPE_CHECKING:
    from sagsflow.analysis.calendar import BusinessCalendar
    from sagsflow.log import EventLog


def seconds(ts: str) -> str:
    """SQL: a TIMESTAMPTZ expression as (fractional) seconds since the epoch."""
    return f"(epoch_us({ts}) / 1e6)"


def _clocks(calendar: BusinessCalendar, *columns: pa.ChunkedArray) -> list[np.ndarray]:
    """Working-time clock readings (seconds, one origin for all columns; NULL -> NaN)."""
    arrs = []
    for col in columns:
        arr = col.to_numpy(zero_copy_only=False)
        arrs.append(arr if arr.dtype.kind == "M" else arr.astype("datetime64[us]"))
    w = calendar.working_seconds(np.concatenate(arrs)) if arrs and len(arrs[0]) else np.zeros(0)
    return list(np.split(w, len(columns))) if len(w) else [np.zeros(0) for _ in columns]


@contextmanager
def _registered(con: Any, table: pa.Table) -> Iterator[str]:
    name = f"__sf_{uuid.uuid4().hex}"
    finish_pending(con)
    con.register(name, table)
    try:
        yield name
    finally:
        con.unregister(name)


def case_spans_sql(log: EventLog) -> str:
    """SQL: one row per case of the (filtered) log with calendar-time duration.

    Columns: ``case_idx``, ``n_events``, ``start_time``, ``end_time``, ``duration_s``.
    """
    return f"""SELECT case_idx, count(*)::BIGINT AS n_events, min(timestamp) AS start_time,
        max(timestamp) AS end_time,
        (epoch_us(max(timestamp)) - epoch_us(min(timestamp))) / 1e6 AS duration_s
        FROM ({log.events_sql()}) GROUP BY case_idx"""


@contextmanager
def case_spans(log: EventLog, calendar: BusinessCalendar | None = None) -> Iterator[str]:
    """A relation (SQL) like :func:`case_spans_sql`, in working time when ``calendar`` is given."""
    sql = case_spans_sql(log)
    if calendar is None:
        yield sql
        return
    con = log.workspace.con
    t = arrow(con, f"SELECT case_idx, n_events, start_time, end_time FROM ({sql})")
    w_start, w_end = _clocks(calendar, t.column("start_time"), t.column("end_time"))
    t = t.append_column("duration_s", pa.array(w_end - w_start, pa.float64()))
    with _registered(con, t) as name:
        yield f"SELECT * FROM {name}"


def _steps_sql(log: EventLog, clock: str | None) -> str:
    if clock is None:
        end, begin = seconds("timestamp"), seconds("coalesce(start_timestamp, timestamp)")
        start = seconds("start_timestamp")
        src = f"({log.events_sql()})"
    else:
        end, begin = "k.w_end", "coalesce(k.w_start, k.w_end)"
        start = "k.w_start"
        src = f"({log.events_sql()}) JOIN {clock} k USING (event_idx)"
    return f"""SELECT *,
        CASE WHEN t_prev_end IS NOT NULL THEN greatest(t_begin - t_prev_end, 0) END AS wait_s,
        CASE WHEN start_timestamp IS NOT NULL THEN greatest(t_end - t_start, 0) END AS proc_s,
        t_end - t_prev_end AS sojourn_s
        FROM (
        SELECT case_idx, event_idx, activity_code, activity, resource, timestamp, start_timestamp,
            {end} AS t_end, {begin} AS t_begin, {start} AS t_start,
            lag({end}) OVER w AS t_prev_end,
            lag(activity_code) OVER w AS prev_code,
            lag(activity) OVER w AS prev_activity,
            lag(resource) OVER w AS prev_resource,
            lag(event_idx) OVER w AS prev_event_idx,
            row_number() OVER w AS rn
        FROM {src}
        WINDOW w AS (PARTITION BY case_idx ORDER BY event_idx))"""


@contextmanager
def event_steps(log: EventLog, calendar: BusinessCalendar | None = None) -> Iterator[str]:
    """A relation (SQL) with one row per event and what happened just before it in its case.

    Columns: ``case_idx``, ``event_idx``, ``activity_code``, ``activity``, ``resource``,
    ``timestamp``, ``start_timestamp``; ``prev_code``, ``prev_activity``, ``prev_resource``,
    ``prev_event_idx`` (NULL for a case's first event); ``rn`` (1-based position in the case);
    ``wait_s`` (previous completion -> this event's start, or its completion when it has no start;
    overlaps count 0), ``proc_s`` (start -> completion where a start exists), ``sojourn_s``
    (previous completion -> this completion).
    """
    if calendar is None:
        yield _steps_sql(log, None)
        return
    con = log.workspace.con
    t = arrow(con, f"SELECT event_idx, timestamp, start_timestamp FROM ({log.events_sql()})")
    w_end, w_start = _clocks(calendar, t.column("timestamp"), t.column("start_timestamp"))
    k = pa.table({
        "event_idx": t.column("event_idx"),
        "w_end": pa.array(w_end, pa.float64()),
        "w_start": pa.array(w_start, pa.float64(), from_pandas=True),
    })
    with _registered(con, k) as name:
        yield _steps_sql(log, name)
