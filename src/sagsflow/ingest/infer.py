"""Sampling column values and inferring the type of text columns, set-based.

Text columns (all CSV columns) are typed by trying casts over the *whole* column in one aggregate
query: a column becomes BIGINT, DOUBLE or BOOLEAN only when every non-empty value casts, and
TIMESTAMPTZ when :func:`~sagsflow.ingest.timestamps.detect_format` recognises a sample and every
value then parses. Protective exceptions keep a column text:

* values with leading zeros (``0800``, ``007``): codes and postal numbers, not numbers;
* values containing CPR numbers: a CPR number must be masked, not stored as a number.

Examples
--------
>>> import duckdb
>>> con = duckdb.connect(); _ = con.execute("SET TimeZone='UTC'")
>>> _ = con.execute("CREATE TABLE t AS SELECT * FROM (VALUES ('1', '1.5', '0800', '31-01-2024')) v(a, b, c, d)")
>>> {k: v.dtype for k, v in infer_types(con, "t", ["a", "b", "c", "d"]).items()}
{'a': 'BIGINT', 'b': 'DOUBLE', 'c': 'VARCHAR', 'd': 'TIMESTAMPTZ'}
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import duckdb

from sagsflow.ingest.cpr import contains_cpr, contains_cpr_sql
from sagsflow.ingest.timestamps import TimestampFormat, detect_format, timestamp_parts

HEAD_ROWS = 2000
SAMPLE_ROWS = 3000
_MIN_SAMPLE = 50
_SYSTEM_SAMPLE_ABOVE = 200_000
_SYSTEM_SAMPLE_ROWS = 300_000
#: at most this many per-column expressions go into one statement: DuckDB plans a statement in time that grows
#: faster than linearly with its expressions (its common-subexpression pass compares them pairwise), so wide
#: sources are handled in slices of columns and the whole import stays linear in rows x columns
SLICE_COLUMNS = 48
#: from this many columns, samples are taken in long format (one row per value), whatever the width
_LONG_SAMPLE_ABOVE = 16


def slices(items: Sequence[Any], size: int = SLICE_COLUMNS) -> list[list[Any]]:
    """``items`` in consecutive chunks of at most ``size`` (one chunk when short; none when empty)."""
    return [list(items[k:k + size]) for k in range(0, len(items), size)]

# numbers without leading zeros (0800 and 007 are codes, not numbers)
_INT_RE = "[+-]?(0|[1-9][0-9]*)"
_NUM_RE = r"[+-]?((0|[1-9][0-9]*)(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?"


def quote(name: str) -> str:
    """Quote a DuckDB identifier."""
    return '"' + name.replace('"', '""') + '"'


def nonblank_sql(column_sql: str) -> str:
    """A boolean expression: the text value is neither NULL nor blank (cheaper than testing
    ``text_value_sql(...) IS NOT NULL``)."""
    v = f"CAST({column_sql} AS VARCHAR)"
    return f"coalesce({v} <> '' AND NOT ({v} LIKE ' %' AND trim({v}) = ''), false)"


def text_value_sql(column_sql: str) -> str:
    """The text of a value without surrounding spaces, NULL when blank.

    ``trim`` runs only on values that start or end with a space: it is the costly part.
    """
    v = f"CAST({column_sql} AS VARCHAR)"
    return f"NULLIF(CASE WHEN {v} LIKE ' %' OR {v} LIKE '% ' THEN trim({v}) ELSE {v} END, '')"


@dataclass(frozen=True)
class InferredType:
    """The type inferred for a text column; ``format`` is set for TIMESTAMPTZ."""

    dtype: str
    format: TimestampFormat | None = None
    note: str | None = None


def sample_values(
    con: duckdb.DuckDBPyConnection, table_sql: str, columns: Sequence[str]
) -> dict[str, list[str]]:
    """Non-empty text values of each column: the first rows plus a random sample of the rest.

    Tables beyond 200,000 rows are first sampled by whole vectors (DuckDB's system sampling,
    about 300,000 rows or all of them), then by rows, so sampling costs almost nothing even for 10M rows.

    Parameters
    ----------
    con
        the connection.
    table_sql
        the (quoted) table name or a parenthesised query.
    columns
        column names.
    """
    if not columns:
        return {}
    if len(columns) > _LONG_SAMPLE_ABOVE:
        return _sample_long(con, table_sql, columns)
    cols = ", ".join(f"{text_value_sql(quote(c))} AS {quote(c)}" for c in columns)
    n_rows = con.execute(f"SELECT count(*) FROM {table_sql}").fetchall()[0][0]
    source = f"(SELECT {cols} FROM {table_sql})"
    if n_rows > _SYSTEM_SAMPLE_ABOVE:
        # a reservoir sample reads every row; first pick whole vectors at random (nearly free)
        percent = min(100.0, 100.0 * _SYSTEM_SAMPLE_ROWS / n_rows)
        source = f"(SELECT {cols} FROM {table_sql} USING SAMPLE {percent:.4f} PERCENT (system, 42))"
    rows = con.execute(
        f"SELECT * FROM (SELECT {cols} FROM {table_sql} LIMIT {HEAD_ROWS}) "
        f"UNION ALL SELECT * FROM (SELECT * FROM {source} USING SAMPLE reservoir({SAMPLE_ROWS} ROWS) "
        "REPEATABLE (42))"
    ).fetchall()
    out: dict[str, list[str]] = {c: [r[i] for r in rows if r[i] is not None] for i, c in enumerate(columns)}
    for c in columns:
        if len(out[c]) < _MIN_SAMPLE:  # a sparse column: sample its non-empty values only
            v = text_value_sql(quote(c))
            out[c] = [r[0] for r in con.execute(
                f"SELECT v FROM (SELECT {v} AS v FROM {table_sql} WHERE {v} IS NOT NULL) "
                f"USING SAMPLE reservoir({SAMPLE_ROWS} ROWS) REPEATABLE (42)"
            ).fetchall()]
    return out


def _sample_long(con: duckdb.DuckDBPyConnection, table_sql: str, columns: Sequence[str]) -> dict[str, list[str]]:
    """:func:`sample_values` for many columns: the same rows (the first ones and a random sample of the rest),
    turned into one row per value with ``UNPIVOT``, so the statements stay small whatever the width; sparse
    columns are then read in full in long format too."""
    import uuid

    tag = uuid.uuid4().hex[:10]
    rows, values = f"__sf_sample_rows_{tag}", f"__sf_sample_long_{tag}"
    types = column_types(con, table_sql)
    plain = as_text(con, table_sql, columns, types)
    n_rows = con.execute(f"SELECT count(*) FROM {table_sql}").fetchall()[0][0]
    source = f"(SELECT {plain} FROM {table_sql})"
    if n_rows > _SYSTEM_SAMPLE_ABOVE:
        percent = min(100.0, 100.0 * _SYSTEM_SAMPLE_ROWS / n_rows)
        source = f"(SELECT {plain} FROM {table_sql} USING SAMPLE {percent:.4f} PERCENT (system, 42))"
    out: dict[str, list[str]] = {c: [] for c in columns}
    try:
        con.execute(
            f"CREATE TEMP TABLE {rows} AS SELECT * FROM (SELECT {plain} FROM {table_sql} LIMIT {HEAD_ROWS}) "
            f"UNION ALL SELECT * FROM (SELECT * FROM {source} USING SAMPLE reservoir({SAMPLE_ROWS} ROWS) "
            "REPEATABLE (42))")
        con.execute(f"CREATE TEMP TABLE {values} AS SELECT name, NULLIF(trim(v), '') AS v FROM "
                    f"(UNPIVOT {rows} ON COLUMNS(*) INTO NAME name VALUE v)")
        for name, v in con.execute(f"SELECT name, v FROM {values} WHERE v IS NOT NULL").fetchall():
            out[name].append(v)
        sparse = [c for c in columns if len(out[c]) < _MIN_SAMPLE]
        for part in slices(sparse):  # a sparse column: its non-empty values, from every row
            cast = as_text(con, table_sql, part, types)
            found: dict[str, list[str]] = {c: [] for c in part}
            for name, v in con.execute(
                f"SELECT name, v FROM (SELECT name, NULLIF(trim(v), '') AS v FROM (UNPIVOT (SELECT {cast} FROM "
                f"{table_sql}) ON COLUMNS(*) INTO NAME name VALUE v)) WHERE v IS NOT NULL "
                f"QUALIFY row_number() OVER (PARTITION BY name ORDER BY hash(v, name)) <= {SAMPLE_ROWS}"
            ).fetchall():
                found[name].append(v)
            out.update(found)
    finally:
        con.execute(f"DROP TABLE IF EXISTS {rows}")
        con.execute(f"DROP TABLE IF EXISTS {values}")
    return out


def column_types(con: duckdb.DuckDBPyConnection, table_sql: str) -> dict[str, str]:
    """Column name -> DuckDB type of a table or query."""
    return {str(r[0]): str(r[1]) for r in con.execute(f"DESCRIBE SELECT * FROM {table_sql}").fetchall()}


def as_text(con: duckdb.DuckDBPyConnection, table_sql: str, columns: Sequence[str],
            types: dict[str, str] | None = None) -> str:
    """A select list of the columns as text: text columns as they are (a cast per column would make the
    statement costly to plan), others cast to VARCHAR. ``types`` saves describing the table again."""
    types = types if types is not None else column_types(con, table_sql)
    return ", ".join(quote(c) if types.get(c) == "VARCHAR" else f"CAST({quote(c)} AS VARCHAR) AS {quote(c)}"
                     for c in columns)


def infer_types(
    con: duckdb.DuckDBPyConnection,
    table_sql: str,
    columns: Sequence[str],
    *,
    samples: dict[str, list[str]] | None = None,
) -> dict[str, InferredType]:
    """Infer BIGINT, DOUBLE, BOOLEAN, TIMESTAMPTZ or VARCHAR for text columns, over every value.

    Parameters
    ----------
    con
        the connection.
    table_sql
        the (quoted) table name.
    columns
        names of VARCHAR columns.
    samples
        samples of the columns from :func:`sample_values`, when already taken.

    Returns
    -------
    dict
        column name -> :class:`InferredType`.
    """
    if not columns:
        return {}
    missing = [c for c in columns if samples is None or c not in samples]
    samples = {**(samples or {}), **sample_values(con, table_sql, missing)}
    candidates: dict[str, InferredType] = {}
    for c in columns:
        candidate = candidate_type(samples[c])
        if candidate is not None:
            candidates[c] = candidate
    result = {c: InferredType("VARCHAR") for c in columns}
    if not candidates:
        return result
    # one scan verifies every candidate over the whole column: count the values it fails on
    failures = _failures(con, table_sql, candidates)
    doubles = {c: InferredType("DOUBLE") for c, cand in candidates.items()
               if cand.dtype == "BIGINT" and failures[c]}
    failures.update(_failures(con, table_sql, doubles))  # a failed BIGINT may still be DOUBLE
    for c, cand in {**candidates, **doubles}.items():
        if failures[c] == 0:
            result[c] = cand
    return result


def _failures(
    con: duckdb.DuckDBPyConnection, table_sql: str, candidates: dict[str, InferredType]
) -> dict[str, int]:
    if not candidates:
        return {}
    if len(candidates) > SLICE_COLUMNS:  # one statement per slice of columns (see SLICE_COLUMNS)
        out: dict[str, int] = {}
        for part in slices(list(candidates)):
            out.update(_failures(con, table_sql, {c: candidates[c] for c in part}))
        return out
    checks = []
    for c, cand in candidates.items():
        v = f"CAST({quote(c)} AS VARCHAR)"
        ok = (f"(NOT {nonblank_sql(quote(c))} OR {timestamp_parts(v, cand.format, 'VARCHAR').parsed()})"
              if cand.dtype == "TIMESTAMPTZ" and cand.format is not None else value_fits_sql(quote(c), cand.dtype))
        checks.append(f"count_if({v} IS NOT NULL AND NOT coalesce({ok}, false))")
    row = con.execute(f"SELECT {', '.join(checks)} FROM {table_sql}").fetchall()[0]
    return {c: int(n) for c, n in zip(candidates, row, strict=True)}


def value_fits_sql(column_sql: str, dtype: str) -> str:
    """A boolean expression: the text of ``column_sql`` (a non-NULL value) may be stored as ``dtype`` (BIGINT,
    DOUBLE or BOOLEAN; blank values fit every type). The rule of :func:`infer_types` in DuckDB's dialect; the
    Spark import runs it transpiled (:func:`sagsflow.query.dialects.transpile`)."""
    # the patterns allow surrounding spaces and blanks, so no (costly) trim of every value
    v = f"CAST({column_sql} AS VARCHAR)"
    no_cpr = f"(CASE WHEN strlen({v}) >= 10 THEN NOT {contains_cpr_sql(v)} ELSE true END)"
    if dtype == "BOOLEAN":
        return f"(NOT {nonblank_sql(column_sql)} OR lower(trim({v})) IN ('true', 'false'))"
    if dtype == "BIGINT":  # canonical integers: no leading zeros, decimals or exponents
        fits = f"(CASE WHEN strlen({v}) > 18 THEN TRY_CAST({v} AS BIGINT) IS NOT NULL ELSE true END)"
        return f"(regexp_full_match({v}, ' *({_INT_RE})? *') AND {fits} AND {no_cpr})"
    if dtype == "DOUBLE":
        return f"(regexp_full_match({v}, ' *({_NUM_RE})? *') AND {no_cpr})"
    raise ValueError(f"no value rule for {dtype!r}; expected BIGINT, DOUBLE or BOOLEAN")


_INT_PY = re.compile(_INT_RE)
_NUM_PY = re.compile(_NUM_RE)


def candidate_type(values: Sequence[str]) -> InferredType | None:
    """The type a sample suggests, to be verified over the whole column; None for text."""
    if not values or any(contains_cpr(v) for v in values):
        return None
    if all(_INT_PY.fullmatch(v) for v in values):
        return InferredType("BIGINT")
    if all(_NUM_PY.fullmatch(v) for v in values):
        return InferredType("DOUBLE")
    if all(v.lower() in ("true", "false") for v in values):
        return InferredType("BOOLEAN")
    detected = detect_format(values)
    if detected.share == 1.0 and detected.format not in ("excel", "epoch_s", "epoch_ms"):
        return InferredType("TIMESTAMPTZ", detected.format, detected.note)
    return None
