"""Parquet loader: typed pass-through, row numbers, hostile input."""

from __future__ import annotations

import datetime as dt

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from sagsflow.errors import LogFormatError, UnsafeInputError
from sagsflow.ingest.limits import Limits
from sagsflow.ingest.sources import hash_file, load_parquet


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    c = duckdb.connect()
    c.execute("SET TimeZone='UTC'")
    return c


UTC = dt.UTC


def events() -> pa.Table:
    return pa.table({
        "sag": pa.array(["1", "1", "2"]),
        "aktivitet": pa.array(["Start", "Samtale", "Start"]),
        "tid": pa.array([dt.datetime(2024, 1, d, 10, tzinfo=UTC) for d in (1, 2, 3)], pa.timestamp("us", "UTC")),
        "n": pa.array([1, 2, 3], pa.int32()),
    })


def test_typed_pass_through(con, tmp_path):
    p = tmp_path / "log.parquet"
    pq.write_table(events(), p)
    info = load_parquet(con, p, "raw")
    assert info.format == "parquet"
    assert info.label == "log.parquet"
    assert info.n_rows == 3
    assert info.content_hash == hash_file(p)
    assert info.columns == (("sag", "VARCHAR"), ("aktivitet", "VARCHAR"), ("tid", "TIMESTAMP WITH TIME ZONE"),
                            ("n", "INTEGER"))
    got = con.execute("SELECT sag, n, __row FROM raw ORDER BY __row").fetchall()
    assert got == [("1", 1, 1), ("1", 2, 2), ("2", 3, 3)]


def test_row_numbers_follow_file_order_across_row_groups(con, tmp_path):
    p = tmp_path / "many.parquet"
    n = 300_000
    pq.write_table(pa.table({"i": pa.array(range(1, n + 1), pa.int64())}), p, row_group_size=7_000)
    load_parquet(con, p, "raw")
    assert con.execute("SELECT count(*), count(*) FILTER (WHERE i <> __row) FROM raw").fetchone() == (n, 0)


def test_column_names_are_stripped(con, tmp_path):
    p = tmp_path / "x.parquet"
    pq.write_table(pa.table({" sag ": ["1"], "\ufeffaktivitet": ["a"]}), p)
    info = load_parquet(con, p, "raw")
    assert [c for c, _ in info.columns] == ["sag", "aktivitet"]
    assert con.execute("SELECT sag, aktivitet FROM raw").fetchall() == [("1", "a")]


def test_duplicate_names_are_refused(con, tmp_path):
    p = tmp_path / "d.parquet"
    pq.write_table(pa.Table.from_arrays([pa.array([1]), pa.array([2])], names=["Sag", "sag"]), p)
    with pytest.raises(LogFormatError, match=r"d.parquet: duplicate column names in the header: 'Sag' / 'sag'"):
        load_parquet(con, p, "raw")


def test_column_called_file_row_number_is_kept(con, tmp_path):
    p = tmp_path / "f.parquet"
    pq.write_table(pa.table({"file_row_number": [10, 20], "x": ["a", "b"]}), p)
    load_parquet(con, p, "raw")
    assert con.execute("SELECT * FROM raw ORDER BY __row").fetchall() == [(10, "a", 1), (20, "b", 2)]


def test_empty_parquet(con, tmp_path):
    p = tmp_path / "e.parquet"
    pq.write_table(events().slice(0, 0), p)
    with pytest.raises(LogFormatError, match=r"e.parquet: the file has columns \(sag, aktivitet, tid, n\) but no rows"):
        load_parquet(con, p, "raw")


@pytest.mark.parametrize("content", [b"", b"sag;aktivitet\n1;a\n", b"PAR1garbagePAR1"])
def test_not_a_parquet_file(con, tmp_path, content):
    p = tmp_path / "x.parquet"
    p.write_bytes(content)
    with pytest.raises(LogFormatError, match=r"x.parquet: this is not a readable Parquet file"):
        load_parquet(con, p, "raw")


def test_file_beyond_size_limit(con, tmp_path):
    p = tmp_path / "log.parquet"
    pq.write_table(events(), p)
    with pytest.raises(UnsafeInputError, match=r"more than the limit of 10 bytes"):
        load_parquet(con, p, "raw", limits=Limits(max_file_bytes=10))


def test_decompression_bomb_is_refused(con, tmp_path):
    p = tmp_path / "bomb.parquet"
    table = pa.table({"x": pa.array([0] * 2_000_000, pa.int64())})
    pq.write_table(table, p, compression="zstd", use_dictionary=False, column_encoding={"x": "PLAIN"})
    assert p.stat().st_size < 100_000
    with pytest.raises(UnsafeInputError, match=r"decompression bomb"):
        load_parquet(con, p, "raw", limits=Limits(max_decompressed_bytes=4_000_000))
