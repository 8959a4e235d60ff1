"""How one log is laid out in the store: sorted events, cases and the activity dictionary.

Everything here runs as SQL inside the caller's transaction. ``build_log_tables`` turns a staged
table of canonical events into the three tables of a log (see ``docs/architecture.md``):
events physically sorted by ``(case_idx, timestamp, src_order)`` with dense case numbers,
dictionary-coded activities and each event's position in its case.
"""

from __future__ import annotations

import re

import duckdb

from sagsflow.errors import InvalidParameterError
from sagsflow.schema import ROLES, LogSchema

_NAME = re.compile(r"^[a-z0-9][a-z0-9_]{0,62}$")
#: the tables of one stored log, as every engine sees them
LOG_TABLES = ("events", "cases", "activities", "successors")


def check_log_name(name: str) -> str:
    """Validate a log name: lower-case letters, digits and underscores, at most 63 characters."""
    if not isinstance(name, str) or not _NAME.match(name):
        raise InvalidParameterError(
            f"the log name must be lower-case letters, digits and '_' (at most 63, starting with a letter "
            f"or digit). Got {name!r} instead.",
            hint=f"Try {slugify(str(name))!r}.",
            field="log",
        )
    return name


def slugify(text: str) -> str:
    """A valid log name made from any text (``'Søby DP 2024'`` -> ``'soeby_dp_2024'``)."""
    table = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "ae", "Ø": "oe", "Å": "aa"})
    slug = re.sub(r"[^a-z0-9]+", "_", text.translate(table).lower()).strip("_")
    return (slug or "log")[:63]


def schema_name(log: str) -> str:
    return f"log_{check_log_name(log)}"


def qident(name: str) -> str:
    """Quote an SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def activities_sql(staged: str) -> str:
    """The activity dictionary of the staged events: codes numbered by label (byte order), with their counts.

    Written in DuckDB's dialect; :mod:`sagsflow.ingest.spark_import` runs the same text on Spark
    (:func:`sagsflow.query.dialects.transpile`), so both engines number activities alike.
    """
    return f"""SELECT (row_number() OVER (ORDER BY activity) - 1)::INTEGER AS activity_code, activity, n_events
        FROM (SELECT activity, count(*) AS n_events FROM {staged} GROUP BY activity)
        ORDER BY activity_code"""


def case_index_sql(staged: str, schema: LogSchema) -> str:
    """One row per case of the staged events: its number, size, time span, case attributes and where its events
    start in the sorted events (``__first_event``)."""
    case_attrs = [qident(c.name) for c in schema.case_attributes]
    case_sel = ", ".join(f"arg_max({c}, src_order) FILTER (WHERE {c} IS NOT NULL) AS {c}" for c in case_attrs)
    # one aggregate per case: its size, time span and case attributes; cases are numbered by their
    # first event's time (then id), a temporal order analyses can use, and the number of events of
    # the cases before it is where its events start in the sorted events
    return f"""SELECT ((row_number() OVER c) - 1)::INTEGER AS case_idx, *,
               ((sum(n_events) OVER c) - n_events)::BIGINT AS __first_event
        FROM (SELECT case_id, count(*)::INTEGER AS n_events, min(timestamp) AS start_time,
                     max(timestamp) AS end_time{", " + case_sel if case_sel else ""}
              FROM {staged} GROUP BY case_id)
        WINDOW c AS (ORDER BY start_time, case_id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)"""


def events_sql(staged: str, case_index: str, activities: str, schema: LogSchema) -> str:
    """The sorted events: the staged events numbered by case, then time, then source order (``event_idx``), with
    their case number, activity code and position in the case (``pos``)."""
    event_attrs = [qident(c.name) for c in schema.event_attributes]
    roles = [qident(r) for r in ROLES if r != "case_id" and r != "activity"]
    names = ["case_id", "activity", "activity_code", *roles, "src_order", *event_attrs]
    ev_cols = ", ".join(["e.case_id", "e.activity", "a.activity_code", *[f"e.{r}" for r in roles],
                         "e.src_order", *[f"e.{c}" for c in event_attrs]])
    # the in-case position comes from a window partitioned by case (parallel: each case's events are sorted on
    # their own), the event number is the case's first event number plus that position, and one sort on the
    # event number writes the events into the store in that order. A window over the whole sorted log
    # (``row_number() OVER ()``, ``lead() OVER ()``) in this statement would run on one thread and hold the
    # parallel write back (a 1M-event import spent 0.4 s more here); the next-event columns are read from the
    # written table instead (:func:`build_derived`).
    return f"""SELECT __first_event + pos AS event_idx, case_idx, {", ".join(names)}, pos
        FROM (SELECT ci.case_idx, ci.__first_event, {ev_cols},
                     (row_number() OVER (PARTITION BY ci.case_idx ORDER BY e.timestamp, e.src_order) - 1)::INTEGER
                         AS pos
              FROM {staged} e JOIN {case_index} ci USING (case_id)
              JOIN {activities} a ON a.activity = e.activity)
        ORDER BY event_idx"""


def cases_sql(case_index: str, schema: LogSchema) -> str:
    """The cases table from :func:`case_index_sql`'s rows, in case order."""
    cols = ["case_idx", "case_id", "n_events", "start_time", "end_time",
            *[qident(c.name) for c in schema.case_attributes]]
    return f"SELECT {', '.join(cols)} FROM {case_index} ORDER BY case_idx"


def successors_sql(events: str, *, by_case: bool = False) -> str:
    """One row per event of the sorted ``events``, with the next event of its case (see :func:`build_derived`).

    The next event is the next row in event order: DuckDB reads it with a window over the whole log (one scan of
    the sorted table); ``by_case=True`` gives the same rows with a window per case, which a distributed engine
    (Spark) runs in parallel instead of on one partition.
    """
    window = "PARTITION BY case_idx ORDER BY event_idx" if by_case else "ORDER BY event_idx"
    nxt = ", ".join(
        f"CASE WHEN lead(case_idx) OVER w = case_idx THEN lead({c}) OVER w END AS next_{c}"
        for c in ("activity_code", "timestamp", "start_timestamp")
    )
    return f"""SELECT event_idx, case_idx, activity_code, timestamp, start_timestamp, {nxt}
        FROM {events}
        WINDOW w AS ({window})
        ORDER BY event_idx"""


def build_log_tables(con: duckdb.DuckDBPyConnection, log: str, staged: str, schema: LogSchema) -> None:
    """(Re)build ``log_<log>.events``, ``.cases`` and ``.activities`` from the staged table.

    ``staged`` holds one row per event with the canonical role columns, ``src_order`` and every
    attribute column (case-level attributes repeated on each event). The old tables of the log,
    if any, are replaced; the caller owns the transaction.
    """
    sch = schema_name(log)
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {sch}")
    for t in LOG_TABLES:  # a log kept as Parquet has views here (sagsflow.store.event_store); tables replace them
        if _is_view(con, sch, t):
            con.execute(f"DROP VIEW {sch}.{t}")
    for t in ("events_new", "cases_new", "activities_new"):
        con.execute(f"DROP TABLE IF EXISTS {sch}.{t}")
    con.execute(f"CREATE TABLE {sch}.activities_new AS {activities_sql(staged)}")
    con.execute(f"CREATE OR REPLACE TEMP TABLE __sf_case_index AS {case_index_sql(staged, schema)}")
    con.execute(f"CREATE TABLE {sch}.events_new AS "
                f"{events_sql(staged, '__sf_case_index', f'{sch}.activities_new', schema)}")
    con.execute(f"CREATE TABLE {sch}.cases_new AS {cases_sql('__sf_case_index', schema)}")
    build_derived(con, log, f"{sch}.events_new")
    con.execute("DROP TABLE __sf_case_index")
    for t in ("events", "cases", "activities"):
        con.execute(f"DROP TABLE IF EXISTS {sch}.{t}")
        con.execute(f"ALTER TABLE {sch}.{t}_new RENAME TO {t}")


def _is_view(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> bool:
    return bool(con.execute("SELECT count(*) FROM duckdb_views() WHERE schema_name = ? AND view_name = ?",
                            [schema, name]).fetchall()[0][0])


def drop_relation(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> None:
    """Drop ``schema.name`` whether it is a table or a view (DuckDB's ``DROP TABLE IF EXISTS`` refuses a view)."""
    con.execute(f"DROP {'VIEW' if _is_view(con, schema, name) else 'TABLE'} IF EXISTS {schema}.{name}")


def build_derived(con: duckdb.DuckDBPyConnection, log: str, events: str) -> None:
    """Derived per-event data for the analytics engine, rebuilt with every write of a log.

    ``log_<log>.successors`` holds one row per event, in event order (``event_idx``), with the
    event's case, activity code and time and those of the next event of the same case
    (``next_activity_code``, ``next_timestamp``, ``next_start_timestamp``; NULL at the end of a
    case). It is a self-contained edge table: a directly-follows graph of any case-level selection
    is one scan of it with a semi-join on ``case_idx``.

    ``events`` is the sorted events table :func:`build_log_tables` writes; the next event is the next row
    (portable ``lead`` windows in event order), in the caller's transaction.
    """
    sch = schema_name(log)
    con.execute(f"DROP TABLE IF EXISTS {sch}.successors")
    con.execute(f"CREATE TABLE {sch}.successors AS {successors_sql(events)}")


def staged_from_log(log: str, schema: LogSchema) -> str:
    """SQL selecting a stored log back in staged form (case attributes repeated on each event)."""
    sch = schema_name(log)
    event_attrs = [qident(c.name) for c in schema.event_attributes]
    case_attrs = [f"c.{qident(c.name)}" for c in schema.case_attributes]
    roles = [f"e.{qident(r)}" for r in ROLES]
    cols = ", ".join([*roles, "e.src_order", *[f"e.{a}" for a in event_attrs], *case_attrs])
    return f"SELECT {cols} FROM {sch}.events e JOIN {sch}.cases c USING (case_idx)"
