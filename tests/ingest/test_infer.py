"""Type inference of text columns: decided over every value, protective for codes and CPR numbers."""

from __future__ import annotations

import duckdb
import pytest

from sagsflow.ingest.infer import HEAD_ROWS, SAMPLE_ROWS, infer_types, sample_values


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    c = duckdb.connect()
    c.execute("SET TimeZone='UTC'")
    return c


def table(con: duckdb.DuckDBPyConnection, columns: dict[str, list[str | None]]) -> None:
    n = len(next(iter(columns.values())))
    con.execute("CREATE OR REPLACE TABLE t (" + ", ".join(f'"{c}" VARCHAR' for c in columns) + ")")
    con.executemany("INSERT INTO t VALUES (" + ", ".join("?" for _ in columns) + ")",
                    [tuple(v[i] for v in columns.values()) for i in range(n)])


def dtypes(con: duckdb.DuckDBPyConnection, columns: list[str]) -> dict[str, str]:
    return {c: t.dtype for c, t in infer_types(con, "t", columns).items()}


def test_types(con: duckdb.DuckDBPyConnection) -> None:
    table(con, {
        "int": ["1", "-2", "+3", None, " 4 "],
        "dbl": ["1.5", "2", "-3e2", ".5", "0.25"],
        "bool": ["true", "FALSE", "True", None, "false"],
        "zip": ["0800", "8000", "2100", "0900", "5000"],
        "ts": ["31-01-2024", "01-02-2024 10:00", None, "02-02-2024", "03-02-2024"],
        "txt": ["a", "1", "b", "c", "d"],
        "cpr": ["0101901234", "0202902345", "1", "2", "3"],
        "empty": [None, None, None, None, None],
        "huge": ["1", "99999999999999999999", "2", "3", "4"],
    })
    assert dtypes(con, ["int", "dbl", "bool", "zip", "ts", "txt", "cpr", "empty", "huge"]) == {
        "int": "BIGINT", "dbl": "DOUBLE", "bool": "BOOLEAN", "zip": "VARCHAR", "ts": "TIMESTAMPTZ",
        "txt": "VARCHAR", "cpr": "VARCHAR", "empty": "VARCHAR", "huge": "DOUBLE"}
    ts = infer_types(con, "t", ["ts"])["ts"]
    assert ts.format == ("%d-%m-%Y %H:%M", "%d-%m-%Y")


def test_whole_column_decides_not_the_sample(con: duckdb.DuckDBPyConnection) -> None:
    n = HEAD_ROWS + SAMPLE_ROWS + 20_000
    con.execute(f"""CREATE TABLE t AS SELECT
        CASE WHEN i = {n - 1} THEN 'n/a' ELSE CAST(i AS VARCHAR) END AS late_text,
        CASE WHEN i = {n - 1} THEN '2.5' ELSE CAST(i AS VARCHAR) END AS late_decimal,
        CASE WHEN i = {n - 1} THEN '0101901234' ELSE CAST(i AS VARCHAR) END AS late_cpr,
        CASE WHEN i = {n - 1} THEN '31-02-2024' ELSE '01-01-2024' END AS late_bad_date
        FROM range({n}) r(i)""")
    assert dtypes(con, ["late_text", "late_decimal", "late_cpr", "late_bad_date"]) == {
        "late_text": "VARCHAR", "late_decimal": "DOUBLE", "late_cpr": "VARCHAR", "late_bad_date": "VARCHAR"}


def test_sample_values_of_sparse_columns(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE TABLE t AS SELECT CASE WHEN i % 5000 = 4999 THEN 'x' || i END AS rare, "
                "CAST(i AS VARCHAR) AS dense FROM range(100000) r(i)")
    got = sample_values(con, "t", ["rare", "dense"])
    assert sorted(got["rare"]) == sorted(f"x{i}" for i in range(4999, 100000, 5000))
    assert len(got["dense"]) == HEAD_ROWS + SAMPLE_ROWS
    assert got["dense"][:3] == ["0", "1", "2"]
