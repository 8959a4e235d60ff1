"""Portable data-plane operations: written once, answered by any engine (:mod:`sagsflow.query.engine`).

Each operation reads the events of one log, or of a selection of them (``events``: a query in DuckDB's dialect
over the log's tables, such as :meth:`sagsflow.EventLog.events_sql` of a filtered log), and returns an Arrow
table in a fixed order, so the answers of two engines can be compared row by row. Events are ordered within a case
by ``event_idx``: the store numbers them by time and, for equal times, by their order in the source file (PM4Py's
tie-breaking), and that number travels with the events to every engine.

The product's own analyses (:func:`sagsflow.discover_dfg`, :func:`sagsflow.variants`,
:func:`sagsflow.case_table`) keep their DuckDB and numpy fast paths; ``tests/query/test_engines.py`` checks that
they equal these operations on DuckDB, and that Spark's answers equal DuckDB's.

Examples
--------
>>> import sagsflow, tempfile, pathlib
>>> from sagsflow.query.engine import DuckDBEngine
>>> p = pathlib.Path(tempfile.mkdtemp()) / "s.csv"
>>> rows = ["case,activity,time", "1,A,2024-01-01 09:00", "1,B,2024-01-01 10:00", "2,A,2024-01-02 09:00"]
>>> _ = p.write_text("\\n".join(rows) + "\\n")
>>> log = sagsflow.read_csv(p)
>>> variants(DuckDBEngine(log.workspace.con), log.name).select(["activities", "n_cases"]).to_pylist()
[{'activities': ['A'], 'n_cases': 1}, {'activities': ['A', 'B'], 'n_cases': 1}]
"""

from __future__ import annotations

import pyarrow as pa

from sagsflow.filters.sql import us_between
from sagsflow.query.engine import Engine

__all__ = ["case_statistics", "directly_follows", "variants"]

#: the artificial start and end of every case in :func:`directly_follows` (as in ``sagsflow.analysis.dfg``)
START = -1
END = -2


def _events(engine: Engine, log: str, events: str | None) -> str:
    return events if events is not None else f"SELECT * FROM {engine.relation(log, 'events')}"


def directly_follows(engine: Engine, log: str, *, events: str | None = None) -> pa.Table:
    """The directly-follows relation: one row per (source, target) activity code pair.

    Columns: ``source``, ``target`` (activity codes; :data:`START` and :data:`END` for the case's start and end),
    ``frequency`` (steps), ``cases`` (cases with the step), ``max_repetitions`` (the most steps in one case),
    ``duration_count``, ``duration_mean``, ``duration_median``, ``duration_min``, ``duration_max`` (seconds from
    the source event's time to the target event's start, or its time when it has no start; NULL for the start and
    end steps). Ordered by source, then target (the end last).
    """
    ev = _events(engine, log, events)
    arrive = "coalesce(next_start_timestamp, next_timestamp)"
    return engine.arrow(f"""
        WITH steps AS (
            SELECT case_idx, activity_code AS a, next_code AS b, {us_between("timestamp", arrive)} AS d,
                   row_number() OVER (PARTITION BY case_idx ORDER BY event_idx) = 1 AS is_first
            FROM (SELECT case_idx, event_idx, activity_code, timestamp,
                         lead(activity_code) OVER w AS next_code, lead(timestamp) OVER w AS next_timestamp,
                         lead(start_timestamp) OVER w AS next_start_timestamp
                  FROM ({ev}) AS ev WINDOW w AS (PARTITION BY case_idx ORDER BY event_idx)) AS with_next),
        e AS (SELECT case_idx, {START} AS s, a AS t, CAST(NULL AS BIGINT) AS d FROM steps WHERE is_first
              UNION ALL SELECT case_idx, a AS s, b AS t, d FROM steps WHERE b IS NOT NULL
              UNION ALL SELECT case_idx, a AS s, {END} AS t, CAST(NULL AS BIGINT) AS d FROM steps WHERE b IS NULL),
        per_case AS (SELECT s, t, count(*) AS n FROM e GROUP BY s, t, case_idx),
        counts AS (SELECT s, t, sum(n) AS frequency, count(*) AS cases, max(n) AS max_repetitions
                   FROM per_case GROUP BY s, t),
        times AS (SELECT s, t, count(d) AS duration_count, avg(d) / 1e6 AS duration_mean,
                         percentile_cont(0.5) WITHIN GROUP (ORDER BY d) / 1e6 AS duration_median,
                         min(d) / 1e6 AS duration_min, max(d) / 1e6 AS duration_max
                  FROM e GROUP BY s, t)
        SELECT c.s AS source, c.t AS target, CAST(c.frequency AS BIGINT) AS frequency,
               CAST(c.cases AS BIGINT) AS cases, CAST(c.max_repetitions AS BIGINT) AS max_repetitions,
               CAST(t.duration_count AS BIGINT) AS duration_count, t.duration_mean, t.duration_median,
               t.duration_min, t.duration_max
        FROM counts AS c JOIN times AS t ON c.s = t.s AND c.t = t.t
        ORDER BY c.s, CASE WHEN c.t = {END} THEN 2147483647 ELSE c.t END""")


def variants(engine: Engine, log: str, *, events: str | None = None) -> pa.Table:
    """The variants: one row per activity sequence, most frequent first (ties by the sequence of codes).

    Columns: ``activities`` (labels in event order), ``n_events`` (per case), ``n_cases``, ``mean_duration_s``,
    ``median_duration_s`` (first to last event of a case).
    """
    ev = _events(engine, log, events)
    acts = engine.relation(log, "activities")
    # the labels are looked up for one case per variant only (an ordered list of labels for every case cost 5x
    # the sequence of codes on 1M events)
    return engine.arrow(f"""
        WITH ev AS ({ev}),
        per_case AS (
            SELECT case_idx, list(activity_code ORDER BY event_idx) AS seq,
                   {us_between("min(timestamp)", "max(timestamp)")} / 1e6 AS duration_s
            FROM ev GROUP BY case_idx),
        v AS (SELECT seq, CAST(array_length(seq) AS BIGINT) AS n_events, CAST(count(*) AS BIGINT) AS n_cases,
                     avg(duration_s) AS mean_duration_s, median(duration_s) AS median_duration_s,
                     min(case_idx) AS representative
              FROM per_case GROUP BY seq),
        labels AS (SELECT ev.case_idx, list(a.activity ORDER BY ev.event_idx) AS activities
                   FROM ev JOIN {acts} AS a ON a.activity_code = ev.activity_code
                   WHERE ev.case_idx IN (SELECT representative FROM v)
                   GROUP BY ev.case_idx)
        SELECT l.activities, v.n_events, v.n_cases, v.mean_duration_s, v.median_duration_s
        FROM v JOIN labels AS l ON l.case_idx = v.representative
        ORDER BY v.n_cases DESC, v.seq""")


def case_statistics(engine: Engine, log: str, *, events: str | None = None) -> pa.Table:
    """One row per case: ``case_idx``, ``case_id``, ``n_events``, ``start_time``, ``end_time``, ``duration_s``
    (first to last event), ordered by ``case_idx`` (the store numbers cases by their first event's time)."""
    ev = _events(engine, log, events)
    cases = engine.relation(log, "cases")
    return engine.arrow(f"""
        SELECT e.case_idx, c.case_id, e.n_events, e.start_time, e.end_time, e.duration_s
        FROM (SELECT case_idx, CAST(count(*) AS BIGINT) AS n_events, min(timestamp) AS start_time,
                     max(timestamp) AS end_time,
                     {us_between("min(timestamp)", "max(timestamp)")} / 1e6 AS duration_s
              FROM ({ev}) AS ev GROUP BY case_idx) AS e
        JOIN {cases} AS c ON c.case_idx = e.case_idx
        ORDER BY e.case_idx""")
