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


def build_log_tables(con: duckdb.DuckDBPyConnection, log: str, staged: str, schema: LogSchema) -> None:
    """(Re)build ``log_<log>.events``, ``.cases`` and ``.activities`` from the staged table.

    ``staged`` holds one row per event with the canonical role columns, ``src_order`` and every
    attribute column (case-level attributes repeated on each event). The old tables of the log,
    if any, are replaced; the caller owns the transaction.
    """
    sch = schema_name(log)
    event_attrs = [qident(c.name) for c in schema.event_attributes]
    case_attrs = [qident(c.name) for c in schema.case_attributes]
    roles = [qident(r) for r in ROLES if r != "case_id" and r != "activity"]
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {sch}")
    for t in ("events_new", "cases_new", "activities_new"):
        con.execute(f"DROP TABLE IF EXISTS {sch}.{t}")
    con.execute(
        f"""
        CREATE TABLE {sch}.activities_new AS
        SELECT (row_number() OVER (ORDER BY activity) - 1)::INTEGER AS activity_code, activity, n_events
        FROM (SELECT activity, count(*) AS n_events FROM {staged} GROUP BY activity)
        ORDER BY activity_code
        """
    )
    ev_cols = ", ".join(["e.case_id", "e.activity", "a.activity_code", *[f"e.{r}" for r in roles],
                         "e.src_order", *[f"e.{c}" for c in event_attrs]])
    # cases are numbered by their first event's time (then id): a temporal order analyses can use
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE __sf_case_index AS
        SELECT case_id, (row_number() OVER (ORDER BY start_time, case_id) - 1)::INTEGER AS case_idx
        FROM (SELECT case_id, min(timestamp) AS start_time FROM {staged} GROUP BY case_id)"""
    )
    # one sort on integer keys (with the in-case position) into a temp table, then written in that
    # order; the event number is the row's position
    # one sort (with the in-case position and the next event, all over the same window) into a temp
    # table, then written in that order; the event number is the row's position
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE __sf_sorted AS
        SELECT ci.case_idx, {ev_cols},
               (row_number() OVER w - 1)::INTEGER AS pos,
               lead(a.activity_code) OVER w AS __next_activity_code,
               lead(e.timestamp) OVER w AS __next_timestamp,
               lead(e.start_timestamp) OVER w AS __next_start_timestamp
        FROM {staged} e JOIN __sf_case_index ci USING (case_id)
        JOIN {sch}.activities_new a ON a.activity = e.activity
        WINDOW w AS (PARTITION BY ci.case_idx ORDER BY e.timestamp, e.src_order)
        ORDER BY ci.case_idx, e.timestamp, e.src_order"""
    )
    # temp tables number rows from an offset (inside a transaction); rows of a fresh table are contiguous
    con.execute("CREATE OR REPLACE TEMP VIEW __sf_numbered AS SELECT (rowid - (SELECT min(rowid) FROM __sf_sorted))"
                "::BIGINT AS event_idx, * FROM __sf_sorted")
    con.execute(
        f"""CREATE TABLE {sch}.events_new AS
        SELECT * EXCLUDE (__next_activity_code, __next_timestamp, __next_start_timestamp) FROM __sf_numbered"""
    )
    case_sel = ", ".join(f"arg_max({c}, src_order) FILTER (WHERE {c} IS NOT NULL) AS {c}" for c in case_attrs)
    con.execute(
        f"""
        CREATE TABLE {sch}.cases_new AS
        SELECT ci.case_idx, s.* FROM (
            SELECT case_id, count(*)::INTEGER AS n_events, min(timestamp) AS start_time,
                   max(timestamp) AS end_time{", " + case_sel if case_sel else ""}
            FROM {staged} GROUP BY case_id
        ) s JOIN __sf_case_index ci USING (case_id)
        ORDER BY ci.case_idx
        """
    )
    build_derived(con, log, "__sf_numbered")
    con.execute("DROP VIEW __sf_numbered")
    con.execute("DROP TABLE __sf_sorted")
    con.execute("DROP TABLE __sf_case_index")
    for t in ("events", "cases", "activities"):
        con.execute(f"DROP TABLE IF EXISTS {sch}.{t}")
        con.execute(f"ALTER TABLE {sch}.{t}_new RENAME TO {t}")


def build_derived(con: duckdb.DuckDBPyConnection, log: str, sorted_events: str) -> None:
    """Derived per-event data for the analytics engine, rebuilt with every write of a log.

    ``log_<log>.successors`` holds one row per event, in event order (``event_idx``), with the
    event's case, activity code and time and those of the next event of the same case
    (``next_activity_code``, ``next_timestamp``, ``next_start_timestamp``; NULL at the end of a
    case). It is a self-contained edge table: a directly-follows graph of any case-level selection
    is one scan of it with a semi-join on ``case_idx``.

    ``sorted_events`` is the sorted temp relation :func:`build_log_tables` writes the events from; the
    next-event columns were computed there with the portable ``lead`` window, in the same sort as
    the in-case position, so this is a plain projection in the caller's transaction.
    """
    sch = schema_name(log)
    con.execute(f"DROP TABLE IF EXISTS {sch}.successors")
    con.execute(
        f"""CREATE TABLE {sch}.successors AS
        SELECT event_idx, case_idx, activity_code, timestamp, start_timestamp,
               __next_activity_code AS next_activity_code, __next_timestamp AS next_timestamp,
               __next_start_timestamp AS next_start_timestamp
        FROM {sorted_events}"""
    )


def staged_from_log(log: str, schema: LogSchema) -> str:
    """SQL selecting a stored log back in staged form (case attributes repeated on each event)."""
    sch = schema_name(log)
    event_attrs = [qident(c.name) for c in schema.event_attributes]
    case_attrs = [f"c.{qident(c.name)}" for c in schema.case_attributes]
    roles = [f"e.{qident(r)}" for r in ROLES]
    cols = ", ".join([*roles, "e.src_order", *[f"e.{a}" for a in event_attrs], *case_attrs])
    return f"SELECT {cols} FROM {sch}.events e JOIN {sch}.cases c USING (case_idx)"
