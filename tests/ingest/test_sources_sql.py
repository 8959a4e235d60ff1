"""SQL loader: any SQLAlchemy URL (here a SQLite file), streamed in chunks, password never shown."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import duckdb
import pytest
import sqlalchemy as sa

from sagsflow.errors import InvalidParameterError, LogFormatError
from sagsflow.ingest.sources import load_sql
from sagsflow.ingest.sql_source import mask_url

QUERY = "SELECT sag, aktivitet, tid, n, beløb FROM events ORDER BY id"


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    c = duckdb.connect()
    c.execute("SET TimeZone='UTC'")
    return c


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "warehouse.db"
    with sqlite3.connect(path) as c:
        c.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, sag TEXT, aktivitet TEXT, tid TEXT, n INTEGER, "
                  "beløb REAL, blandet, tom)")
        c.executemany(
            "INSERT INTO events (sag, aktivitet, tid, n, beløb, blandet, tom) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                ("1", "Første samtale", "2024-01-02 10:00", 1, 1.5, None, None),
                ("1", "Jobsamtale", "2024-01-03 10:00", 2, 2.0, 7, None),
                ("2", "Start", "2024-01-04", 3, 3.25, 8.5, 4),
                ("2", "Stop", "2024-01-05", 4, 4.0, "tekst", None),
                ("3", "Start", "2024-01-06", 5, 5.0, 9, None),
            ],
        )
    return f"sqlite:///{path}"


def test_loads_typed_rows_in_result_order(con, db):
    info = load_sql(con, QUERY, db, "raw")
    assert info.format == "sql"
    assert info.n_rows == 5
    assert info.label == "sql:SELECT sag, aktivitet, tid, n, beløb FROM events ORDER BY id"
    assert info.columns == (("sag", "VARCHAR"), ("aktivitet", "VARCHAR"), ("tid", "VARCHAR"), ("n", "BIGINT"),
                            ("beløb", "DOUBLE"))
    assert con.execute("SELECT sag, n, __row FROM raw ORDER BY __row").fetchall() == [
        ("1", 1, 1), ("1", 2, 2), ("2", 3, 3), ("2", 4, 4), ("3", 5, 5)
    ]


def test_engine_and_params(con, db):
    engine = sa.create_engine(db)
    info = load_sql(con, "SELECT * FROM events WHERE sag = :sag ORDER BY id", engine, "raw", params={"sag": "2"})
    assert info.n_rows == 2
    assert con.execute("SELECT aktivitet FROM raw ORDER BY __row").fetchall() == [("Start",), ("Stop",)]
    with engine.connect() as c:  # the caller's engine is left usable
        assert c.execute(sa.text("SELECT count(*) FROM events")).scalar() == 5


@pytest.mark.parametrize("chunk_size", [1, 2, 3, 100])
def test_types_widen_across_chunks(con, db, chunk_size):
    info = load_sql(con, "SELECT n, beløb, blandet, tom FROM events ORDER BY id", db, "raw", chunk_size=chunk_size)
    types = dict(info.columns)
    assert types == {"n": "BIGINT", "beløb": "DOUBLE", "blandet": "VARCHAR", "tom": "BIGINT"}
    got = con.execute("SELECT blandet, tom, __row FROM raw ORDER BY __row").fetchall()
    assert [r[2] for r in got] == [1, 2, 3, 4, 5]
    assert got[3][0] == "tekst"
    assert got[2][1] == 4


def test_content_hash_depends_on_rows_not_on_chunking(con, db, tmp_path):
    a = load_sql(con, QUERY, db, "raw", chunk_size=2).content_hash
    b = load_sql(con, QUERY, db, "raw", chunk_size=100).content_hash
    assert a == b and len(a) == 64
    with sqlite3.connect(db.removeprefix("sqlite:///")) as c:
        c.execute("UPDATE events SET aktivitet = 'Anden' WHERE id = 5")
    assert load_sql(con, QUERY, db, "raw").content_hash != a
    assert load_sql(con, QUERY + " LIMIT 4", db, "raw").content_hash != a


def test_empty_result(con, db):
    with pytest.raises(LogFormatError, match=r"sql:SELECT \* FROM events WHERE 1 = 0: the query returned no rows"):
        load_sql(con, "SELECT * FROM events WHERE 1 = 0", db, "raw")
    assert con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name='raw'").fetchone() == (0,)


def test_duplicate_result_columns(con, db):
    with pytest.raises(LogFormatError, match=r"duplicate column names in the header: 'sag' / 'sag'"):
        load_sql(con, "SELECT sag, sag FROM events", db, "raw")


def test_bad_query_is_a_clear_error(con, db):
    with pytest.raises(LogFormatError, match=r"the query failed: .*no such table: nope"):
        load_sql(con, "SELECT * FROM nope", db, "raw")


def test_statement_without_rows(con, db):
    # refused before it runs: imports only read (tests/ingest/test_sql_read_only.py)
    with pytest.raises(InvalidParameterError, match=r"this is an UPDATE statement"):
        load_sql(con, "UPDATE events SET n = 1 WHERE 1 = 0", db, "raw")


def test_password_is_never_shown(con):
    url = "postgresql://sagsbehandler:hemmelig@localhost:1/dwh"
    with pytest.raises(LogFormatError) as err:
        load_sql(con, "SELECT 1", url, "raw")
    msg = str(err.value)
    assert "hemmelig" not in msg
    assert "postgresql://sagsbehandler:***@localhost:1/dwh" in msg


def test_mask_url():
    assert mask_url("mssql+pyodbc://u:p%40ss@host/db?driver=x") == "mssql+pyodbc://u:***@host/db?driver=x"
    assert mask_url("garbled u:hemmelig@host") == "garbled u:***@host"
    assert mask_url("sqlite:///x.db") == "sqlite:///x.db"
    assert mask_url("postgresql://u:p@ss@host/db") == "postgresql://u:***@host/db"


def test_long_query_label_is_short(con, db):
    query = "SELECT sag,\n       aktivitet\nFROM events\nWHERE " + " OR ".join(f"n = {i}" for i in range(40))
    info = load_sql(con, query, db, "raw")
    assert info.label.startswith("sql:SELECT sag, aktivitet FROM events WHERE n = 0")
    assert len(info.label) <= 64
