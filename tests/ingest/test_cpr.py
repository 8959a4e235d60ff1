"""CPR detection and masking: Python and DuckDB SQL give identical results."""

from __future__ import annotations

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sagsflow.ingest.cpr import CPR_MASK, CPR_PATTERN, contains_cpr, contains_cpr_sql, mask_cpr, mask_cpr_sql


@pytest.fixture(scope="module")
def con() -> duckdb.DuckDBPyConnection:
    c = duckdb.connect()
    c.execute("SET TimeZone='UTC'")
    return c


def sql_mask(con: duckdb.DuckDBPyConnection, texts: list[str | None]) -> list[str | None]:
    con.execute("CREATE OR REPLACE TEMP TABLE texts (i INTEGER, t VARCHAR)")
    con.executemany("INSERT INTO texts VALUES (?, ?)", list(enumerate(texts)))
    return [r[0] for r in con.execute(f"SELECT {mask_cpr_sql('t')} FROM texts ORDER BY i").fetchall()]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0101901234", "[CPR]"),
        ("010190-1234", "[CPR]"),
        ("Borger 311299-0001 ringede", "Borger [CPR] ringede"),
        ("a0101901234b", "a[CPR]b"),
        ("0101901234 0101901234", "[CPR] [CPR]"),
        ("0101901234,0101901234,0101901234", "[CPR],[CPR],[CPR]"),
        ("\n010190-1234\n", "\n[CPR]\n"),
        ("12345678901", "12345678901"),  # 11 digits: part of a longer run
        ("90101901234", "90101901234"),
        ("01019012345", "01019012345"),
        ("3201901234", "3201901234"),  # day 32
        ("0013901234", "0013901234"),  # month 13
        ("0001901234", "0001901234"),  # day 00
        ("010190--1234", "010190--1234"),
        ("tlf. 12 34 56 78", "tlf. 12 34 56 78"),
    ],
)
def test_mask_cpr_examples(con: duckdb.DuckDBPyConnection, text: str, expected: str) -> None:
    assert mask_cpr(text) == expected
    assert sql_mask(con, [text]) == [expected]
    assert contains_cpr(text) == (expected != text)


def test_sql_keeps_null(con: duckdb.DuckDBPyConnection) -> None:
    assert sql_mask(con, [None, "x"]) == [None, "x"]


def test_pattern_is_usable_in_duckdb(con: duckdb.DuckDBPyConnection) -> None:
    row = con.execute(f"SELECT {contains_cpr_sql(repr('nr 010190-1234'))}, regexp_matches('x', ?)",
                      [CPR_PATTERN]).fetchone()
    assert row == (True, False)


cpr_numbers = st.builds(
    lambda d, m, y, dash, tail: f"{d:02d}{m:02d}{y:02d}{'-' if dash else ''}{tail:04d}",
    st.integers(1, 31), st.integers(1, 12), st.integers(0, 99), st.booleans(), st.integers(0, 9999),
)
non_digit_text = st.text(
    alphabet=st.characters(blacklist_characters="0123456789", blacklist_categories=("Cs",)), max_size=12
)


@settings(max_examples=150, deadline=None)
@given(
    parts=st.lists(st.tuples(non_digit_text.filter(bool), cpr_numbers), min_size=1, max_size=5),
    tail=non_digit_text,
)
def test_embedded_cpr_is_masked_identically(
    con: duckdb.DuckDBPyConnection, parts: list[tuple[str, str]], tail: str
) -> None:
    # CPR numbers separated by (at least one) non-digit: every one must go, even with one character between
    text = "".join(p + c for p, c in parts) + tail
    expected = "".join(p + CPR_MASK for p, _ in parts) + tail
    assert mask_cpr(text) == expected
    assert sql_mask(con, [text]) == [expected]


@settings(max_examples=150, deadline=None)
@given(
    prefix=non_digit_text,
    digits=st.text(alphabet="0123456789", min_size=10, max_size=11),
    extra=st.text(alphabet="0123456789", min_size=1, max_size=3),
    where=st.sampled_from(["before", "after"]),
    suffix=non_digit_text,
)
def test_longer_digit_runs_untouched(
    con: duckdb.DuckDBPyConnection, prefix: str, digits: str, extra: str, where: str, suffix: str
) -> None:
    run = extra + digits if where == "before" else digits + extra
    text = prefix + run + suffix
    assert mask_cpr(text) == text
    assert sql_mask(con, [text]) == [text]


@settings(max_examples=100, deadline=None)
@given(prefix=non_digit_text, digits=st.text(alphabet="0123456789", min_size=10, max_size=10),
       suffix=non_digit_text)
def test_non_cpr_shaped_ten_digits_untouched(
    con: duckdb.DuckDBPyConnection, prefix: str, digits: str, suffix: str
) -> None:
    day, month = int(digits[:2]), int(digits[2:4])
    text = prefix + digits + suffix
    if 1 <= day <= 31 and 1 <= month <= 12:
        assert mask_cpr(text) == prefix + CPR_MASK + suffix
    else:
        assert mask_cpr(text) == text
    assert sql_mask(con, [text]) == [mask_cpr(text)]


@settings(max_examples=200, deadline=None)
@given(texts=st.lists(
    st.text(alphabet=st.sampled_from(list("0123456789- aZ\n,æ")), max_size=40), min_size=1, max_size=20
))
def test_sql_and_python_agree_on_random_text(con: duckdb.DuckDBPyConnection, texts: list[str]) -> None:
    assert sql_mask(con, list(texts)) == [mask_cpr(t) for t in texts]
