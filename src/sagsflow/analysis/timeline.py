"""The log over time: work in progress, throughput and dotted-chart points.

A case is open from its first to its last event. Periods are calendar days, ISO weeks (Monday) or
months in local time (Europe/Copenhagen by default), and every period between the log's first and
last event is listed, also those where nothing happened.

Examples
--------
>>> import sagsflow, tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "sager.csv"
>>> _ = p.write_text("case,activity,time\\n1,Register,2024-01-01 09:00\\n1,Decide,2024-01-03 09:00\\n"
...                  "2,Register,2024-01-02 09:00\\n2,Decide,2024-01-02 21:00\\n")
>>> wip = work_in_progress(sagsflow.read_csv(p), freq="D")
>>> wip.to_pandas()[["n_started", "n_ended", "n_open_end", "n_active"]]
   n_started  n_ended  n_open_end  n_active
0          1        0           1         1
1          1        1           1         2
2          0        1           0         1
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pyarrow as pa

from sagsflow.analysis._steps import case_spans
from sagsflow.analysis._table import Table, arrow
from sagsflow.errors import InvalidParameterError

if TYPE_CHECKING:
    from sagsflow.analysis.calendar import BusinessCalendar
    from sagsflow.log import EventLog

Freq = Literal["D", "W", "M"]
_UNITS = {"D": "day", "W": "week", "M": "month"}


class WorkInProgress(Table):
    """Open cases per period.

    Columns
    -------
    period_start, period_end : timestamp (UTC)
        Local midnight at the period's start and end.
    n_started, n_ended : int
        Cases whose first / last event falls in the period.
    n_open_end : int
        Cases open at the period's end (started before it, last event at or after it): the
        cumulative sum of +1 per start and -1 per end.
    n_active : int
        Cases open at some time in the period (``n_open_end + n_ended``).
    mean_open : float
        Time-weighted average number of open cases in the period (Little's law's WIP).
    """


class Throughput(Table):
    """Cases started and ended per period.

    Columns: ``period_start``, ``period_end``, ``n_started``, ``n_ended``, ``net_change``
    (``n_started - n_ended``), ``mean_duration_s`` and ``median_duration_s`` of the cases ended in
    the period (NULL when none ended).
    """


class DottedChart(Table):
    """Dotted-chart points, one per event of the cases shown.

    Columns: ``case_index`` (0.. in case start order among the cases shown), ``case_id``,
    ``activity``, ``timestamp``, ``x`` (the timestamp, or seconds since the case's first event with
    ``x='relative'``). ``meta``: ``x``, ``sampled``, ``n_cases_shown``, ``n_cases_total``.
    """

    def to_columns(self) -> dict[str, Any]:
        """Compact columns for a chart: ``case`` (the case index; its id in ``case_ids``), ``activity`` (an index
        into ``activities``), ``time`` (milliseconds since the Unix epoch, UTC), and the meta facts."""
        import pyarrow.compute as pc

        t = self.to_arrow()
        acts = pc.dictionary_encode(t.column("activity")).combine_chunks()
        cases = t.column("case_index").to_numpy()
        case_ids = [""] * (int(cases.max()) + 1 if len(cases) else 0)
        for i, c in zip(cases.tolist(), t.column("case_id").to_pylist(), strict=True):
            case_ids[i] = str(c)
        ms = pc.divide(pc.cast(pc.cast(t.column("timestamp"), pa.timestamp("us", tz="UTC")), pa.int64()), 1000)
        return {"activities": [str(a) for a in acts.dictionary.to_pylist()], "case_ids": case_ids,
                "case": cases.tolist(), "activity": acts.indices.to_pylist(), "time": ms.to_pylist(),
                "n_cases_shown": int(self.meta["n_cases_shown"]), "n_cases_total": int(self.meta["n_cases_total"]),
                "sampled": bool(self.meta["sampled"])}


def _unit(freq: str) -> str:
    if freq not in _UNITS:
        raise InvalidParameterError(
            f"freq must be one of 'D' (days), 'W' (ISO weeks) or 'M' (months). Got {freq!r} instead.",
            field="freq",
        )
    return _UNITS[freq]


def _tz(tz: str) -> str:
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as e:
        raise InvalidParameterError(
            f"unknown time zone {tz!r}.", hint="Use an IANA name such as 'Europe/Copenhagen' or 'UTC'.",
            field="tz",
        ) from e
    return tz.replace("'", "''")


def _bound(ts: datetime | None, name: str) -> str:
    """A SQL TIMESTAMPTZ literal of a window bound, or NULL."""
    if ts is None:
        return "NULL::TIMESTAMPTZ"
    if not isinstance(ts, datetime) or ts.tzinfo is None:
        raise InvalidParameterError(
            f"{name} must be a time-zone-aware datetime. Got {ts!r} instead.", field=name,
            hint="For example datetime(2024, 1, 1, tzinfo=ZoneInfo('Europe/Copenhagen')).")
    return f"TIMESTAMPTZ '{ts.isoformat()}'"


def _periods(spans: str, unit: str, tz: str, start: datetime | None = None, end: datetime | None = None) -> str:
    """CTEs: __c (case spans), __p (every local period from the first to the last event, or of the window
    ``start``..``end`` where given)."""
    lo, hi = _bound(start, "start"), _bound(end, "end")
    return f"""__c AS MATERIALIZED ({spans}),
        __p AS (SELECT ps AS p_local FROM (
                    SELECT date_trunc('{unit}', timezone('{tz}', coalesce({lo}, min(start_time)))) AS lo,
                           date_trunc('{unit}', timezone('{tz}', coalesce({hi}, max(end_time)))) AS hi FROM __c) b,
                range(b.lo, b.hi + INTERVAL 1 {unit}, INTERVAL 1 {unit}) r(ps)
                WHERE b.lo IS NOT NULL)"""


def work_in_progress(log: EventLog, freq: Freq = "D", *, tz: str = "Europe/Copenhagen",
                     start: datetime | None = None, end: datetime | None = None) -> WorkInProgress:
    """Number of open cases over time, per day, week or month.

    Set-based: +1 at each case's first event and -1 at its last, counted per period, then a
    cumulative sum; the time-weighted mean comes from cumulative sums of start and end times.

    Parameters
    ----------
    log : EventLog
    freq : {'D', 'W', 'M'}, default 'D'
    tz : str, default 'Europe/Copenhagen'
        Time zone whose midnights bound the periods.
    start, end : datetime, optional
        List only the periods of this window (time-zone aware); the counts stay those of the whole log
        (cases opened before ``start`` are open in it), only the rows are fewer.

    Returns
    -------
    WorkInProgress
    """
    unit, tz = _unit(freq), _tz(tz)
    from sagsflow.analysis._steps import case_spans_sql

    data = arrow(
        log.workspace.con,
        f"""WITH {_periods(case_spans_sql(log), unit, tz, start, end)},
        __o AS (SELECT min(epoch_us(start_time)) / 1e6 AS origin FROM __c),
        __st AS (SELECT date_trunc('{unit}', timezone('{tz}', start_time)) AS p_local, count(*) AS n,
                    sum(epoch_us(start_time) / 1e6 - origin) AS x FROM __c, __o GROUP BY p_local),
        __en AS (SELECT date_trunc('{unit}', timezone('{tz}', end_time)) AS p_local, count(*) AS n,
                    sum(epoch_us(end_time) / 1e6 - origin) AS x FROM __c, __o GROUP BY p_local),
        -- the listed periods and those before them with starts or ends (outside a window), in order
        __a AS (SELECT p_local, true AS listed FROM __p
                UNION ALL SELECT p_local, false FROM (SELECT p_local FROM __st UNION SELECT p_local FROM __en)
                WHERE p_local < (SELECT min(p_local) FROM __p)),
        __k AS (
            SELECT p.p_local, p.listed, timezone('{tz}', p.p_local) AS period_start,
                timezone('{tz}', p.p_local + INTERVAL 1 {unit}) AS period_end,
                coalesce(st.n, 0)::BIGINT AS n_started, coalesce(en.n, 0)::BIGINT AS n_ended,
                coalesce(st.x, 0) AS st_x, coalesce(en.x, 0) AS en_x,
                sum(coalesce(st.n, 0)) OVER w AS cs, sum(coalesce(st.x, 0)) OVER w AS ss,
                sum(coalesce(en.n, 0)) OVER w AS ce, sum(coalesce(en.x, 0)) OVER w AS se
            FROM __a p LEFT JOIN __st st USING (p_local) LEFT JOIN __en en USING (p_local)
            WINDOW w AS (ORDER BY p.p_local ROWS UNBOUNDED PRECEDING)),
        __i AS (
            SELECT *, (epoch_us(period_end) / 1e6 - origin) AS b, (epoch_us(period_start) / 1e6 - origin) AS a
            FROM __k, __o),
        __j AS (
            -- integral of the open-case count from the origin to each period's end and start: the cases
            -- started (ended) by then contribute (t - start) ((t - end)) each
            SELECT *, b * cs - ss - b * ce + se AS i_end,
                a * (cs - n_started) - (ss - st_x) - a * (ce - n_ended) + (se - en_x) AS i_start
            FROM __i)
        SELECT period_start, period_end, n_started, n_ended, (cs - ce)::BIGINT AS n_open_end,
            (cs - ce + n_ended)::BIGINT AS n_active, (i_end - i_start) / (b - a) AS mean_open
        FROM __j WHERE listed ORDER BY p_local""",
    )
    return WorkInProgress(data, freq=freq, tz=tz)


def throughput(
    log: EventLog, freq: Freq = "W", *, tz: str = "Europe/Copenhagen", calendar: BusinessCalendar | None = None,
    start: datetime | None = None, end: datetime | None = None,
) -> Throughput:
    """Cases started and ended per period, with the duration of the cases that ended.

    Parameters
    ----------
    log : EventLog
    freq : {'D', 'W', 'M'}, default 'W'
    tz : str, default 'Europe/Copenhagen'
    calendar : BusinessCalendar, optional
        Measure the durations in working time.
    start, end : datetime, optional
        List only the periods of this window (time-zone aware).

    Returns
    -------
    Throughput
    """
    unit, tz = _unit(freq), _tz(tz)
    with case_spans(log, calendar) as spans:
        data = arrow(
            log.workspace.con,
            f"""WITH {_periods(spans, unit, tz, start, end)},
            __st AS (SELECT date_trunc('{unit}', timezone('{tz}', start_time)) AS p_local, count(*) AS n
                     FROM __c GROUP BY p_local),
            __en AS (SELECT date_trunc('{unit}', timezone('{tz}', end_time)) AS p_local, count(*) AS n,
                        avg(duration_s) AS mean_d, median(duration_s) AS median_d FROM __c GROUP BY p_local)
            SELECT timezone('{tz}', p.p_local) AS period_start,
                timezone('{tz}', p.p_local + INTERVAL 1 {unit}) AS period_end,
                coalesce(st.n, 0)::BIGINT AS n_started, coalesce(en.n, 0)::BIGINT AS n_ended,
                (coalesce(st.n, 0) - coalesce(en.n, 0))::BIGINT AS net_change,
                en.mean_d AS mean_duration_s, en.median_d AS median_duration_s
            FROM __p p LEFT JOIN __st st USING (p_local) LEFT JOIN __en en USING (p_local)
            ORDER BY p.p_local""",
        )
    return Throughput(data, freq=freq, tz=tz)


def dotted_chart(
    log: EventLog, max_points: int = 50_000, x: Literal["time", "relative"] = "time"
) -> DottedChart:
    """Points of a dotted chart: one per event, cases on the y axis in start order.

    When the log has more than ``max_points`` events, whole cases are sampled deterministically:
    cases are taken in the order of the MD5 hash of their id while the points fit, so the same log
    and filter always show the same cases.

    Parameters
    ----------
    log : EventLog
    max_points : int, default 50_000
    x : {'time', 'relative'}, default 'time'
        ``x`` column: the event's time, or seconds since the case's first event.

    Returns
    -------
    DottedChart
    """
    if x not in ("time", "relative"):
        raise InvalidParameterError(f"x must be 'time' or 'relative'. Got {x!r} instead.", field="x")
    if not isinstance(max_points, int) or isinstance(max_points, bool) or max_points < 1:
        raise InvalidParameterError(
            f"max_points must be a positive whole number. Got {max_points!r} instead.", field="max_points"
        )
    ev = log.events_sql()
    x_expr = "e.timestamp" if x == "time" else "(epoch_us(e.timestamp) - epoch_us(s.start_time)) / 1e6"
    data = arrow(
        log.workspace.con,
        f"""WITH __c AS (
            SELECT case_idx, any_value(case_id) AS case_id, count(*) AS n, min(timestamp) AS start_time
            FROM ({ev}) GROUP BY case_idx),
        __tot AS (SELECT coalesce(sum(n), 0) AS n_events, count(*) AS n_cases FROM __c),
        __r AS (SELECT case_idx, start_time,
                    sum(n) OVER (ORDER BY md5(case_id), case_idx ROWS UNBOUNDED PRECEDING) AS cum FROM __c),
        __s AS (SELECT r.case_idx, r.start_time, dense_rank() OVER (ORDER BY r.case_idx) - 1 AS case_index
                FROM __r r, __tot WHERE __tot.n_events <= {max_points} OR r.cum <= {max_points})
        SELECT s.case_index::BIGINT AS case_index, e.case_id, e.activity, e.timestamp, {x_expr} AS x,
            __tot.n_cases AS n_cases_total
        FROM ({ev}) e JOIN __s s USING (case_idx), __tot
        ORDER BY e.event_idx""",
    )
    n_total = int(data.column("n_cases_total")[0].as_py()) if data.num_rows else log.n_cases
    shown = int(data.column("case_index")[-1].as_py()) + 1 if data.num_rows else 0
    return DottedChart(
        data.drop_columns(["n_cases_total"]), x=x, sampled=shown < n_total, n_cases_shown=shown,
        n_cases_total=n_total,
    )


def case_events(log: EventLog, case_id: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The case view: every stored event of one case, in order, and its case attributes.

    Unlike the analyses, the case view shows the events outside the log's plausible period too, each event
    marked by ``quarantined`` (:mod:`sagsflow.plausible`), so the case can be checked as it was recorded. Plain
    Python values (a date Python cannot represent, before year 1, comes as text). ``([], {})`` when the log has no
    such case.

    Examples
    --------
    >>> import sagsflow, tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "s.csv"
    >>> rows = ["case,activity,time"] + [f"{c},A,2024-03-{c:02d} 10:00" for c in range(1, 20)] + ["1,B,1900-01-01"]
    >>> _ = p.write_text("\\n".join(rows) + "\\n")
    >>> events, _ = case_events(sagsflow.read_csv(p), "1")
    >>> [(e["activity"], e["quarantined"]) for e in events]
    [('B', True), ('A', False)]
    """
    from sagsflow.schema import ROLES
    from sagsflow.store.layout import qident

    have = set(log._columns(log.table))
    cols = [c for c in (*ROLES, *(a.name for a in log.schema.event_attributes)) if c in have]
    flag = f"NOT coalesce({log.plausible_window.condition()}, FALSE) AS quarantined"
    cur = log.workspace.con.execute(
        f"SELECT {', '.join(qident(c) for c in cols)}, {flag} FROM {log.table} WHERE case_id = ? ORDER BY event_idx",
        [case_id])
    names = [d[0] for d in cur.description or ()]
    events = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    attrs = [c.name for c in log.schema.case_attributes if c.name in set(log._columns(log.cases_table))]
    found = log.workspace.con.execute(
        f"SELECT {', '.join(qident(a) for a in attrs)} FROM {log.cases_table} WHERE case_id = ?",
        [case_id]).fetchall() if attrs and events else []
    return events, dict(zip(attrs, found[0], strict=True)) if found else {}
