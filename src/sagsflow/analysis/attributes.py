"""Attributes of a log for filter pickers: which attributes there are, their values with case counts, and
histograms of numeric, date and case measures (duration, length) for range filters.

Every function is one set-based query on the (filtered) log.

Examples
--------
>>> import sagsflow, tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "sager.csv"
>>> _ = p.write_text("case,activity,time,kommune\\n1,A,2024-01-01,Aarhus\\n1,B,2024-01-03,Aarhus\\n"
...                  "2,A,2024-01-02,Odense\\n3,A,2024-01-05,Aarhus\\n")
>>> log = sagsflow.read_csv(p, mapping={"case_id": "case", "activity": "activity", "timestamp": "time",
...                                     "columns": {"kommune": {"level": "case"}}})
>>> attribute_values(log, "kommune").to_pandas()[["value", "n_cases"]]
    value  n_cases
0  Aarhus        2
1  Odense        1
>>> [r["n_cases"] for r in case_histogram(log, "case_length", bins=2).to_dict()["rows"]]
[2, 1]
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from sagsflow.analysis._table import Table, arrow
from sagsflow.errors import InvalidParameterError
from sagsflow.store.layout import qident
from sagsflow.store.workspace import finish_pending

if TYPE_CHECKING:
    from sagsflow.log import EventLog

Kind = Literal["category", "number", "datetime", "boolean"]
#: canonical event columns offered with the attributes (resource only to roles that see resources)
ROLE_ATTRIBUTES = ("activity", "resource", "lifecycle")
CASE_MEASURES = ("case_duration", "case_length")


@dataclass(frozen=True)
class AttributeInfo:
    """One attribute a filter can use: its name, level, stored type, the kind of picker it needs and how many
    distinct values it has in the log."""

    name: str
    level: Literal["case", "event"]
    dtype: str
    kind: Kind
    data_class: str
    n_values: int


class AttributeValues(Table):
    """Values of one attribute, most cases first (ties by value).

    Columns
    -------
    value : str, number or bool
    n_cases : int
        Cases having the value (a case attribute) or having an event with it (an event attribute).
    n_events : int
        Events with the value (for a case attribute: the events of those cases).

    ``meta``: ``attribute``, ``level``, ``n_values`` (distinct values in all), ``n_cases`` (cases in the log).
    """


class Histogram(Table):
    """Equal-width bins of a numeric or date attribute, or of a case measure, over the cases.

    Columns
    -------
    start, end : float
        Bin edges (seconds for durations, epoch seconds for dates); the last bin includes its end.
    n_cases : int
        Cases with a value in the bin (for an event attribute: cases with an event there).

    ``meta``: ``attribute``, ``kind`` (``number``, ``datetime``, ``duration`` or ``count``), ``min``, ``max``.
    """


def _kind(dtype: str) -> Kind:
    d = dtype.upper()
    if d.startswith(("TIMESTAMP", "DATE")):
        return "datetime"
    if d in ("BOOLEAN", "BOOL"):
        return "boolean"
    if d.startswith(("BIGINT", "INTEGER", "DOUBLE", "FLOAT", "DECIMAL", "HUGEINT", "SMALLINT", "TINYINT", "REAL",
                     "UBIGINT", "UINTEGER")):
        return "number"
    return "category"


def _source(log: EventLog, attribute: str) -> tuple[str, Literal["case", "event"], str]:
    """(SQL relation with ``case_idx`` and ``__v``, level, dtype) of an attribute or role column."""
    col = log.schema.attribute(attribute)
    if col is not None and col.level == "case":
        return (f"SELECT case_idx, {qident(attribute)} AS __v FROM ({log.cases_sql()})", "case", col.dtype)
    if col is not None or attribute in ROLE_ATTRIBUTES:
        dtype = col.dtype if col is not None else "VARCHAR"
        return (f"SELECT case_idx, {qident(attribute)} AS __v FROM ({log.events_sql()})", "event", dtype)
    names = [*ROLE_ATTRIBUTES, *(c.name for c in log.schema.attributes)]
    raise InvalidParameterError(f"{attribute!r} is not an attribute of log {log.name!r}.",
                                hint=f"Attributes: {', '.join(names)}", field="attribute")


def attributes(log: EventLog, *, include_resource: bool = True) -> list[AttributeInfo]:
    """The attributes a filter can use: activity (and resource, lifecycle when the log has them), then the
    case attributes and the event attributes, with their number of distinct values."""
    names: list[tuple[str, Literal["case", "event"], str, str]] = []
    roles = set(log.schema.roles) | {"activity"}
    for r in ROLE_ATTRIBUTES:
        if r in roles and (include_resource or r != "resource"):
            names.append((r, "event", "VARCHAR", str(log.schema.data_class(r).value)))
    for c in (*log.schema.case_attributes, *log.schema.event_attributes):
        names.append((c.name, c.level, c.dtype, str(c.data_class.value)))
    if not names:
        return []
    case_cols = [n for n, level, _, _ in names if level == "case"]
    event_cols = [n for n, level, _, _ in names if level == "event"]
    counts: dict[str, int] = {}
    con = log.workspace.con
    for cols, rel in ((case_cols, log.cases_sql()), (event_cols, log.events_sql())):
        if cols:
            sel = ", ".join(f"count(DISTINCT {qident(c)})::BIGINT" for c in cols)
            row = arrow(con, f"SELECT {sel} FROM ({rel})").to_pylist()[0]
            counts.update({c: int(v or 0) for c, v in zip(cols, row.values(), strict=True)})
    return [AttributeInfo(name=n, level=level, dtype=dtype, kind=_kind(dtype), data_class=dc, n_values=counts[n])
            for n, level, dtype, dc in names]


def attribute_values(log: EventLog, attribute: str, *, limit: int | None = 100,
                     search: str | None = None) -> AttributeValues:
    """The values of ``attribute`` with the cases (and events) having them, most cases first.

    Parameters
    ----------
    log : EventLog
        Any (filtered) log.
    attribute : str
        A case or event attribute, or ``activity``/``resource``/``lifecycle``.
    limit : int, optional
        At most this many values (the most frequent); ``None``: all.
    search : str, optional
        Only values containing this text (case-insensitive).
    """
    rel, level, _ = _source(log, attribute)
    n_events = ("count(*)::BIGINT" if level == "event" else "sum(c.n_events)::BIGINT")
    join = "" if level == "event" else f" JOIN (SELECT case_idx, n_events FROM ({log.cases_sql()})) c USING (case_idx)"
    where = "WHERE __v IS NOT NULL"
    params: list[object] = []
    if search:
        where += " AND contains(lower(CAST(__v AS VARCHAR)), lower(?))"
        params.append(search)
    lim = f"LIMIT {int(limit)}" if limit is not None else ""
    con = log.workspace.con
    finish_pending(con)
    sql = f"""WITH __a AS ({rel})
        SELECT __v AS value, count(DISTINCT case_idx)::BIGINT AS n_cases, {n_events} AS n_events
        FROM __a{join} {where} GROUP BY __v ORDER BY n_cases DESC, CAST(__v AS VARCHAR) {lim}"""
    data = con.execute(sql, params).to_arrow_table()
    total = con.execute(f"WITH __a AS ({rel}) SELECT count(DISTINCT __v) FROM __a {where}", params).fetchall()
    return AttributeValues(data, attribute=attribute, level=level, n_values=int(total[0][0]), n_cases=log.n_cases)


def _bins(lo: float, hi: float, bins: int) -> tuple[float, float]:
    """(start, width) of ``bins`` equal bins over [lo, hi]; one unit-wide bin when lo == hi."""
    if not math.isfinite(lo) or not math.isfinite(hi) or hi <= lo:
        return lo, 1.0
    return lo, (hi - lo) / bins


def _histogram(log: EventLog, values_sql: str, attribute: str, kind: str, bins: int) -> Histogram:
    con = log.workspace.con
    finish_pending(con)
    lo_hi = con.execute(f"SELECT min(__x), max(__x) FROM ({values_sql}) WHERE __x IS NOT NULL").fetchall()[0]
    if lo_hi[0] is None:
        empty = arrow(con, "SELECT 0.0 AS start, 0.0 AS \"end\", 0::BIGINT AS n_cases LIMIT 0")
        return Histogram(empty, attribute=attribute, kind=kind, min=None, max=None)
    lo, hi = float(lo_hi[0]), float(lo_hi[1])
    start, width = _bins(lo, hi, bins)
    n = bins if hi > lo else 1
    data = arrow(con, f"""WITH __b AS (
            SELECT case_idx, least(greatest(floor((__x - {start!r}) / {width!r}), 0), {n - 1})::BIGINT AS b
            FROM ({values_sql}) WHERE __x IS NOT NULL),
        __c AS (SELECT b, count(DISTINCT case_idx)::BIGINT AS n FROM __b GROUP BY b)
        SELECT {start!r} + r.b * {width!r} AS start, {start!r} + (r.b + 1) * {width!r} AS "end",
            coalesce(__c.n, 0)::BIGINT AS n_cases
        FROM range({n}) r(b) LEFT JOIN __c USING (b) ORDER BY r.b""")
    return Histogram(data, attribute=attribute, kind=kind, min=lo, max=hi)


def attribute_histogram(log: EventLog, attribute: str, *, bins: int = 20) -> Histogram:
    """Cases per equal-width bin of a numeric or date attribute (dates as epoch seconds).

    Raises
    ------
    InvalidParameterError
        When the attribute is neither numeric nor a date.
    """
    rel, _, dtype = _source(log, attribute)
    kind = _kind(dtype)
    if kind not in ("number", "datetime"):
        raise InvalidParameterError(f"{attribute!r} is {dtype}, not a number or a date: it has values, not a "
                                    "range.", hint="Pick its values instead.", field="attribute")
    x = "epoch(__v)" if kind == "datetime" else "CAST(__v AS DOUBLE)"
    return _histogram(log, f"SELECT case_idx, {x} AS __x FROM ({rel})", attribute, kind, bins)


def case_histogram(log: EventLog, measure: Literal["case_duration", "case_length"], *,
                   bins: int = 20) -> Histogram:
    """Cases per equal-width bin of their duration (seconds, first to last event) or length (events)."""
    if measure == "case_duration":
        x = "(epoch_us(end_time) - epoch_us(start_time)) / 1e6"
        kind = "duration"
    elif measure == "case_length":
        x = "CAST(n_events AS DOUBLE)"
        kind = "count"
    else:
        raise InvalidParameterError(f"measure must be one of {', '.join(CASE_MEASURES)}. Got {measure!r}.",
                                    field="measure")
    return _histogram(log, f"SELECT case_idx, {x} AS __x FROM ({log.cases_sql()})", measure, kind, bins)
