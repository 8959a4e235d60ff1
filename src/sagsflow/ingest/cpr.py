"""Finding and masking Danish CPR numbers in text.

A CPR number is ``ddmmyy-xxxx`` or ``ddmmyyxxxx``: day 01-31, month 01-12, any two-digit year and
four digits, not part of a longer run of digits (``12345678901`` is not a CPR number, nor is
``0101011234`` inside ``90101011234``). Every match is replaced by ``[CPR]``.

Two implementations give identical results: :func:`mask_cpr` in Python and :func:`mask_cpr_sql`, a
DuckDB expression for set-based masking of whole columns. DuckDB's regular expressions (RE2) have
no look-around, so :data:`CPR_PATTERN` captures the neighbouring non-digit characters, and the SQL
version applies the replacement twice: one pass cannot mask two numbers separated by a single
character, because the first match consumes that character.

Examples
--------
>>> mask_cpr("Borger 010190-1234 ringede; sag 12345678901")
'Borger [CPR] ringede; sag 12345678901'
>>> contains_cpr("tlf 31011990")
False
"""

from __future__ import annotations

import re

#: replacement text for a CPR number
CPR_MASK = "[CPR]"

_DAY = "(?:0[1-9]|[12][0-9]|3[01])"
_MONTH = "(?:0[1-9]|1[0-2])"
_CPR_CORE = f"{_DAY}{_MONTH}[0-9]{{2}}-?[0-9]{{4}}"

#: RE2-compatible pattern (DuckDB ``regexp_*``): group 1 and 2 are the non-digit neighbours
CPR_PATTERN = f"(^|[^0-9]){_CPR_CORE}([^0-9]|$)"

# Python: the same match with look-around, so neighbours are never consumed
_CPR_RE = re.compile(f"(?<![0-9]){_CPR_CORE}(?![0-9])")


def mask_cpr(text: str) -> str:
    """Replace every CPR number in ``text`` with ``[CPR]``.

    Examples
    --------
    >>> mask_cpr("0101901234,010190-1234")
    '[CPR],[CPR]'
    """
    return _CPR_RE.sub(CPR_MASK, text)


def contains_cpr(text: str) -> bool:
    """Whether ``text`` contains a CPR number.

    Examples
    --------
    >>> contains_cpr("cpr: 311299-0001"), contains_cpr("31129900012")
    (True, False)
    """
    return _CPR_RE.search(text) is not None


def _sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def mask_cpr_sql(expr: str, *, matched: str | None = None) -> str:
    """A DuckDB SQL expression that masks CPR numbers in the VARCHAR expression ``expr``.

    NULL stays NULL. ``expr`` appears more than once in the result, so pass a column reference or
    another cheap expression. ``matched`` may name a boolean column already holding
    ``regexp_matches(expr, CPR_PATTERN)``, so the test is not evaluated twice.

    Examples
    --------
    >>> import duckdb
    >>> duckdb.connect().execute("SELECT " + mask_cpr_sql("'a 0101901234 b'")).fetchone()[0]
    'a [CPR] b'
    """
    pattern = _sql_literal(CPR_PATTERN)
    replacement = _sql_literal(f"\\1{CPR_MASK}\\2")
    once = f"regexp_replace({expr}, {pattern}, {replacement}, 'g')"
    twice = f"regexp_replace({once}, {pattern}, {replacement}, 'g')"
    condition = matched if matched is not None else f"regexp_matches({expr}, {pattern})"
    return f"CASE WHEN {condition} THEN {twice} ELSE {expr} END"


def contains_cpr_sql(expr: str) -> str:
    """A DuckDB SQL boolean expression: does the VARCHAR expression ``expr`` contain a CPR number."""
    return f"regexp_matches({expr}, {_sql_literal(CPR_PATTERN)})"
