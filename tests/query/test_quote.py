"""sagsflow.query.quote: any text round-trips through DuckDB as an identifier and as a literal."""

from __future__ import annotations

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sagsflow.query import ident, literal, string_list

# any Unicode text except NUL and lone surrogates (which SQL text cannot carry; they are refused, tested below)
TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"))
NAMES = TEXT.filter(bool)


@pytest.fixture(scope="module")
def con() -> duckdb.DuckDBPyConnection:
    return duckdb.connect()


@settings(max_examples=300, deadline=None)
@given(value=TEXT)
def test_any_text_round_trips_as_a_literal(con: duckdb.DuckDBPyConnection, value: str) -> None:
    assert con.execute(f"SELECT {literal(value)}").fetchone() == (value,)


@settings(max_examples=300, deadline=None)
@given(name=NAMES)
def test_any_name_round_trips_as_an_identifier(con: duckdb.DuckDBPyConnection, name: str) -> None:
    # as a column alias, and read back through a table column of that name
    rel = con.execute(f"SELECT 1 AS {ident(name)}")
    assert rel.description[0][0] == name
    got = con.execute(f"SELECT {ident(name)} FROM (SELECT 42 AS {ident(name)}) AS t").fetchone()
    assert got == (42,)


@settings(max_examples=100, deadline=None)
@given(values=st.lists(TEXT, min_size=1, max_size=5), probe=TEXT)
def test_string_list_membership_matches_python(con: duckdb.DuckDBPyConnection, values: list[str],
                                               probe: str) -> None:
    got = con.execute(f"SELECT {literal(probe)} IN {string_list(values)}").fetchone()
    assert got == (probe in values,)


def test_a_hostile_value_cannot_end_the_string(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE TABLE victim (x INTEGER)")
    hostile = "'); DROP TABLE victim; --"
    assert con.execute(f"SELECT {literal(hostile)}").fetchone() == (hostile,)
    assert con.execute(f"SELECT 1 AS {ident(hostile)}").description[0][0] == hostile
    assert con.execute("SELECT count(*) FROM victim").fetchone() == (0,)


@pytest.mark.parametrize("value, sql", [(None, "NULL"), (True, "TRUE"), (False, "FALSE"), (7, "7"),
                                        (-2.5, "-2.5"), (1e20, "1e+20")])
def test_scalars_are_exact(con: duckdb.DuckDBPyConnection, value: object, sql: str) -> None:
    assert literal(value) == sql  # type: ignore[arg-type]
    assert con.execute(f"SELECT {sql}").fetchone() == (value,)


@pytest.mark.parametrize("bad", ["a\x00b", "a\ud800b"])
def test_text_sql_cannot_carry_is_refused_with_the_reason(bad: str) -> None:
    with pytest.raises(ValueError, match=r"NUL|surrogate"):
        literal(bad)
    with pytest.raises(ValueError, match=r"NUL|surrogate"):
        ident(bad)


def test_refusals() -> None:
    with pytest.raises(ValueError, match="empty"):
        ident("")
    with pytest.raises(ValueError, match="at least one"):
        string_list([])
    with pytest.raises(ValueError, match="no SQL literal"):
        literal(float("nan"))
    with pytest.raises(TypeError, match="text"):
        literal(b"bytes")  # type: ignore[arg-type]


@pytest.mark.parametrize("dialect", ["spark", "postgres", "duckdb"])
def test_other_dialects_parse_back_to_the_same_value(dialect: str) -> None:
    import sqlglot
    from sqlglot import exp

    value = "it's a \\ \"test\"\n`x`"
    tree = sqlglot.parse_one(f"SELECT {literal(value, dialect=dialect)} AS {ident(value, dialect=dialect)}",
                             read=dialect)
    (alias,) = tree.find_all(exp.Alias)
    assert alias.this.this == value
    assert alias.alias == value
