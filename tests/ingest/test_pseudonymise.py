"""Pseudonymisation keys and keyed, set-based pseudonyms."""

from __future__ import annotations

import base64
import hashlib
import hmac
import stat
from pathlib import Path

import duckdb
import pytest

import sagsflow.ingest.pseudonymise as ps
from sagsflow.errors import PseudonymisationKeyError, SchemaError
from sagsflow.ingest.pseudonymise import (
    CITIZEN_PREFIX,
    EMPLOYEE_PREFIX,
    generate_key,
    load_key,
    pseudonym,
    pseudonymise_sql,
)

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))


@pytest.fixture(autouse=True)
def _no_key_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ps.KEY_ENV, raising=False)
    monkeypatch.delenv(ps.KEY_FILE_ENV, raising=False)


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    c = duckdb.connect()
    c.execute("SET TimeZone='UTC'")
    return c


# -- keys ---------------------------------------------------------------------------------------


def test_explicit_key_bytes_hex_and_base64() -> None:
    assert load_key(KEY) == KEY
    assert load_key(KEY.hex()) == KEY
    assert load_key(base64.b64encode(KEY).decode()) == KEY


def test_short_or_malformed_keys_refused() -> None:
    with pytest.raises(PseudonymisationKeyError, match="16 bytes; at least 32"):
        load_key(b"x" * 16)
    with pytest.raises(PseudonymisationKeyError, match="neither hex nor base64"):
        load_key("not a key!")


def test_key_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ps.KEY_ENV, KEY.hex())
    assert load_key() == KEY
    monkeypatch.setenv(ps.KEY_ENV, "abcd")
    with pytest.raises(PseudonymisationKeyError, match=f"environment variable {ps.KEY_ENV} is 2 bytes"):
        load_key()


def test_key_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = generate_key(tmp_path / "keys" / "sagsflow.key")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    monkeypatch.setenv(ps.KEY_FILE_ENV, str(path))
    key = load_key(workspace=tmp_path / "workspace")
    assert len(key) == 32
    assert key == bytes.fromhex(path.read_text().strip())


def test_generate_key_never_overwrites(tmp_path: Path) -> None:
    path = generate_key(tmp_path / "k")
    before = path.read_text()
    with pytest.raises(PseudonymisationKeyError, match="already exists; refusing to overwrite"):
        generate_key(path)
    assert path.read_text() == before
    assert generate_key(tmp_path / "k2").read_text() != before  # random


def test_key_file_inside_workspace_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    path = generate_key(ws / "secret" / "k")
    monkeypatch.setenv(ps.KEY_FILE_ENV, str(path))
    with pytest.raises(PseudonymisationKeyError, match="lies inside the workspace"):
        load_key(workspace=ws)


def test_missing_key_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(ps.KEY_FILE_ENV, str(tmp_path / "nope"))
    with pytest.raises(PseudonymisationKeyError, match="does not exist"):
        load_key()


def test_no_key_at_all_explains_how_to_make_one() -> None:
    with pytest.raises(PseudonymisationKeyError) as info:
        load_key()
    assert "no pseudonymisation key" in str(info.value)
    assert "sagsflow keygen PATH" in str(info.value)
    assert ps.KEY_FILE_ENV in str(info.value)


# -- pseudonyms ---------------------------------------------------------------------------------


def test_pseudonym_is_prefixed_truncated_hmac() -> None:
    expected = hmac.new(KEY, b"0101901234", hashlib.sha256).hexdigest()[:20]
    assert pseudonym(" 0101901234\n", KEY, CITIZEN_PREFIX) == "B-" + expected
    assert pseudonym("0101901234", KEY, EMPLOYEE_PREFIX) == "M-" + expected
    assert pseudonym("0101901234", OTHER_KEY, CITIZEN_PREFIX) != "B-" + expected


def _table(con: duckdb.DuckDBPyConnection, values: list) -> None:
    con.execute("CREATE OR REPLACE TABLE t (i INTEGER, x VARCHAR)")
    con.executemany("INSERT INTO t VALUES (?, ?)", list(enumerate(values)))


def test_pseudonymise_sql_replaces_column(con: duckdb.DuckDBPyConnection) -> None:
    _table(con, ["a", "b", "a", None, "  ", "b "])
    assert pseudonymise_sql(con, "t", "x", KEY, CITIZEN_PREFIX) == 4  # a, b, '  ', 'b '
    got = [r[0] for r in con.execute("SELECT x FROM t ORDER BY i").fetchall()]
    pa_, pb = pseudonym("a", KEY, "B-"), pseudonym("b", KEY, "B-")
    assert got == [pa_, pb, pa_, None, None, pb]


def test_same_key_same_pseudonyms_across_runs(con: duckdb.DuckDBPyConnection) -> None:
    _table(con, ["a", "b"])
    pseudonymise_sql(con, "t", "x", KEY, "B-")
    first = con.execute("SELECT x FROM t ORDER BY i").fetchall()
    _table(con, ["b", "a"])
    pseudonymise_sql(con, "t", "x", KEY, "B-")
    second = con.execute("SELECT x FROM t ORDER BY i").fetchall()
    assert first == second[::-1]
    _table(con, ["a", "b"])
    pseudonymise_sql(con, "t", "x", OTHER_KEY, "B-")
    assert set(con.execute("SELECT x FROM t").fetchall()).isdisjoint(first)


def test_hmac_computed_per_distinct_value(con: duckdb.DuckDBPyConnection,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    con.execute("CREATE TABLE t AS SELECT i, CAST(i % 7 AS VARCHAR) AS x FROM range(100000) r(i)")
    calls = []
    real = ps.pseudonym

    def counting(value: str, key: bytes, prefix: str) -> str:
        calls.append(value)
        return real(value, key, prefix)

    monkeypatch.setattr(ps, "pseudonym", counting)
    assert pseudonymise_sql(con, "t", "x", KEY, "B-") == 7
    assert len(calls) == 7
    assert con.execute("SELECT count(DISTINCT x), count(x) FROM t").fetchone() == (7, 100000)


def test_pseudonymise_non_text_column(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE TABLE n AS SELECT * FROM (VALUES (101901234), (42)) v(x)")
    pseudonymise_sql(con, "n", "x", KEY, "B-")
    assert sorted(r[0] for r in con.execute("SELECT x FROM n").fetchall()) == sorted(
        [pseudonym("101901234", KEY, "B-"), pseudonym("42", KEY, "B-")])


def test_pseudonymise_unknown_column(con: duckdb.DuckDBPyConnection) -> None:
    _table(con, ["a"])
    with pytest.raises(SchemaError, match="table 't' has no column 'y'; available: i, x"):
        pseudonymise_sql(con, "t", "y", KEY, "B-")
