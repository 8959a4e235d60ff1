"""Database-query imports only read, by construction: the parse check refuses anything but one query, and the
connection refuses writes even when the check is bypassed (SQLite, and PostgreSQL when
SAGSFLOW_TEST_POSTGRES_URL is set); a query past its time limit is stopped."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from sagsflow.errors import InvalidParameterError, LogFormatError
from sagsflow.ingest.sql_source import check_read_only, load_sql, read_only_connection
from tests.meta.conftest import postgres_database

WRITES = [
    "WITH x AS (SELECT 1) DELETE FROM t",
    "WITH x AS (SELECT 1) INSERT INTO t (a) SELECT 2 FROM x",
    "WITH x AS (SELECT 1) UPDATE t SET a = 3",
    "WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d",
    "SELECT * INTO t2 FROM t",
    "SELECT * FROM t FOR UPDATE",
    "SELECT 1; DROP TABLE t",
    "DELETE FROM t",
    "CREATE TABLE t3 AS SELECT 1",
    "TRUNCATE t",
]


@pytest.mark.parametrize("dialect", ["postgresql", "sqlite", "mssql", "mysql", None])
@pytest.mark.parametrize("query", WRITES)
def test_the_parse_check_refuses_writes(query: str, dialect: str | None) -> None:
    with pytest.raises(InvalidParameterError) as info:
        check_read_only(query, dialect)
    assert info.value.field == "query"


@pytest.mark.parametrize("query", [
    "SELECT sag, handling FROM haendelser WHERE kommune = :k",
    "WITH x AS (SELECT 1 AS a) SELECT a FROM x",
    "SELECT a FROM t UNION ALL SELECT b FROM u",
    "select * from t where x in (select y from u);",
])
def test_the_parse_check_lets_queries_through(query: str) -> None:
    check_read_only(query, "postgresql")


@given(st.sampled_from(WRITES), st.sampled_from(["", "  ", "\n-- note\n", "/* c */ "]), st.booleans())
@settings(max_examples=60, deadline=None)
def test_comments_case_and_spacing_do_not_hide_a_write(query: str, pad: str, upper: bool) -> None:
    text = pad + (query.upper() if upper else query)
    with pytest.raises(InvalidParameterError):
        check_read_only(text, "postgresql")


def _sqlite(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'src.sqlite'}"
    engine = sa.create_engine(url)
    with engine.begin() as con:
        con.exec_driver_sql("CREATE TABLE t (a INTEGER)")
        con.exec_driver_sql("INSERT INTO t VALUES (1), (2)")
    engine.dispose()
    return url


def _count(url: str) -> int:
    engine = sa.create_engine(url)
    with engine.connect() as con:
        n = int(con.exec_driver_sql("SELECT count(*) FROM t").scalar_one())
    engine.dispose()
    return n


def _urls(tmp_path: Path) -> list[str]:
    urls = [_sqlite(tmp_path)]
    pg = postgres_database("sql-read-only")
    if pg:
        engine = sa.create_engine(pg)
        with engine.begin() as con:
            con.exec_driver_sql("DROP TABLE IF EXISTS t")
            con.exec_driver_sql("CREATE TABLE t (a INTEGER)")
            con.exec_driver_sql("INSERT INTO t VALUES (1), (2)")
        engine.dispose()
        urls.append(pg)
    return urls


@pytest.mark.parametrize("statement", ["WITH x AS (SELECT 1) DELETE FROM t", "WITH x AS (SELECT 5) "
                                       "INSERT INTO t (a) SELECT 5 FROM x", "DELETE FROM t"])
def test_the_connection_refuses_writes_even_past_the_check(tmp_path: Path, statement: str) -> None:
    for url in _urls(tmp_path):
        engine = sa.create_engine(url)
        with pytest.raises(sa.exc.DBAPIError), read_only_connection(engine) as con:
            con.exec_driver_sql(statement)
        engine.dispose()
        assert _count(url) == 2, url  # nothing was committed
        engine = sa.create_engine(url)
        with engine.begin() as con:  # and the connection is usable for writing again afterwards
            con.exec_driver_sql("SELECT 1")
        engine.dispose()


def test_load_sql_refuses_a_write_before_running_it(tmp_path: Path) -> None:
    for url in _urls(tmp_path):
        with pytest.raises(InvalidParameterError, match="DELETE"):
            load_sql(duckdb.connect(), "WITH x AS (SELECT 1) DELETE FROM t", url, "raw")
        assert _count(url) == 2


def test_load_sql_stops_at_its_time_limit(tmp_path: Path) -> None:
    endless = {"sqlite": "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT count(*) FROM r",
               "postgresql": "SELECT pg_sleep(30)"}
    for url in _urls(tmp_path):
        dialect = sa.engine.make_url(url).get_backend_name()
        # neither query ends within the limit by itself: the error is the proof that the limit stopped it
        with pytest.raises(LogFormatError, match="longer than the limit of 1 s"):
            load_sql(duckdb.connect(), endless[dialect], url, "raw", timeout=1)
