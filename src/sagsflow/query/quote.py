'''Identifiers and literals quoted in one place.

Every SQL text the data plane builds from a name or value it did not write itself (a column named by a user, an
activity label, a path) goes through these functions, so that no value can end a quoted string early and change
the query. DuckDB is the default dialect; ``dialect="spark"`` (or any other sqlglot dialect name) gives the same
value in that dialect's quoting, for the portable queries of issue #20.

Examples
--------
>>> ident('Sags "nr"')
'"Sags ""nr"""'
>>> literal("Hans' sag")
"'Hans'' sag'"
>>> literal(None), literal(True), literal(3)
('NULL', 'TRUE', '3')
>>> string_list(["a", "b'c"])
"('a', 'b''c')"
>>> ident("a`b", dialect="spark")
'`a``b`'
'''

from __future__ import annotations

import math
from collections.abc import Iterable

from sqlglot import exp

DEFAULT_DIALECT = "duckdb"

__all__ = ["DEFAULT_DIALECT", "ident", "literal", "string_list"]


def _check_text(text: str, what: str) -> None:
    if not isinstance(text, str):
        raise TypeError(f"{what} must be text, got {type(text).__name__}")
    if "\x00" in text:
        raise ValueError(f"{what} {text!r} contains a NUL character, which SQL text cannot carry")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:
        raise ValueError(f"{what} {text!r} is not valid Unicode (lone surrogate at position {err.start})") from None


def ident(name: str, *, dialect: str = DEFAULT_DIALECT) -> str:
    """Quote ``name`` as an SQL identifier (a column, table or schema name).

    Parameters
    ----------
    name : str
        Any text without NUL characters; quotes inside it are doubled.
    dialect : str
        ``"duckdb"`` (default) or another sqlglot dialect name such as ``"spark"``.

    Returns
    -------
    str
        The quoted identifier, always quoted (so keywords and mixed case are safe).

    Raises
    ------
    ValueError
        If ``name`` is empty, holds a NUL character or a lone surrogate.

    Examples
    --------
    >>> ident("case id")
    '"case id"'
    """
    _check_text(name, "identifier")
    if not name:
        raise ValueError("an identifier cannot be empty")
    if dialect == DEFAULT_DIALECT:
        return '"' + name.replace('"', '""') + '"'
    return exp.to_identifier(name, quoted=True).sql(dialect=dialect)


def literal(value: str | bool | int | float | None, *, dialect: str = DEFAULT_DIALECT) -> str:
    """Write ``value`` as an SQL literal.

    Parameters
    ----------
    value : str, bool, int, float or None
        Text becomes a string literal (quotes doubled); ``None`` becomes ``NULL``; booleans ``TRUE``/``FALSE``;
        numbers their exact decimal text.
    dialect : str
        ``"duckdb"`` (default) or another sqlglot dialect name such as ``"spark"``.

    Raises
    ------
    ValueError
        For a NaN or infinite float, or text holding a NUL character or a lone surrogate.
    TypeError
        For any other type.

    Examples
    --------
    >>> literal("Afsluttet")
    "'Afsluttet'"
    >>> literal(2.5)
    '2.5'
    """
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value!r} has no SQL literal")
        return repr(value)
    _check_text(value, "text")
    if dialect == DEFAULT_DIALECT:
        return "'" + value.replace("'", "''") + "'"
    return exp.Literal.string(value).sql(dialect=dialect)


def string_list(values: Iterable[str], *, dialect: str = DEFAULT_DIALECT) -> str:
    """A parenthesised list of string literals for ``IN``: ``('a', 'b')``.

    Raises
    ------
    ValueError
        If ``values`` is empty (``IN ()`` is not SQL) or a value cannot be quoted.

    Examples
    --------
    >>> string_list(["Ansøgning", "Afgørelse"])
    "('Ansøgning', 'Afgørelse')"
    """
    items = [literal(v, dialect=dialect) for v in values]
    if not items:
        raise ValueError("an SQL IN list needs at least one value")
    return "(" + ", ".join(items) + ")"
