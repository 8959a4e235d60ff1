"""Run a SQL query against any database SQLAlchemy can reach and stream the rows into DuckDB.

Rows are fetched in chunks and inserted as Arrow batches, so memory stays bounded. Column types come
from the values: a column whose type changes between chunks is widened (integer to float, date to
timestamp, otherwise to text). The password of the database URL is never shown: labels and error
messages carry the URL with the password masked.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Sequence
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import sqlalchemy as sa

from sagsflow.errors import InvalidParameterError, Location, LogFormatError
from sagsflow.i18n import _, ngettext
from sagsflow.ingest.sources import (
    ROW_COLUMN,
    Progress,
    SourceInfo,
    clean_column_names,
    column_to_arrow,
    describe,
    drop_table,
    quote_ident,
    report,
)

__all__ = ["load_sql", "mask_url"]

_PASSWORD_AFTER_SCHEME = re.compile(r"(?P<user>://[^\s:/@]*):(?P<password>\S*)@")
_PASSWORD_BARE = re.compile(r"(?P<user>(?:^|\s)[^\s:/@]+):(?P<password>\S*)@")
_NUMERIC = re.compile(r"^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|FLOAT|DOUBLE|DECIMAL.*|U.*INT)$")
_LABEL_LENGTH = 60


def mask_url(url: str) -> str:
    """The URL with any password replaced by ``***`` (works on strings SQLAlchemy cannot parse).

    Examples
    --------
    >>> mask_url("postgresql://anna:s3cret@dwh.kommune.dk/sager")
    'postgresql://anna:***@dwh.kommune.dk/sager'
    """
    masked = _PASSWORD_AFTER_SCHEME.sub(r"\g<user>:***@", url)
    return masked if masked != url else _PASSWORD_BARE.sub(r"\g<user>:***@", url)


def load_sql(
    con: duckdb.DuckDBPyConnection,
    query: str,
    url: str | sa.Engine,
    table: str,
    *,
    params: dict[str, object] | None = None,
    chunk_size: int = 100_000,
    progress: Progress | None = None,
) -> SourceInfo:
    """Run ``query`` and load its rows into the TEMP table ``table``, typed, plus ``__row``.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        Where to create the table.
    query : str
        A SELECT statement; bind parameters are written ``:name``.
    url : str or sqlalchemy.Engine
        A SQLAlchemy database URL (e.g. ``mssql+pyodbc://...``, ``postgresql://...``,
        ``sqlite:///file.db``) or an engine; an engine is used as it is and not disposed.
    table : str
        Name of the TEMP table to create (replaced if it exists).
    params : dict, optional
        Values of the query's bind parameters.
    chunk_size : int, default 100_000
        Rows fetched and inserted at a time.
    progress : callable, optional
        Called as ``progress(fraction, message)`` after each chunk.

    Returns
    -------
    SourceInfo
        ``content_hash`` is the SHA-256 of the query, the URL without password and the rows;
        ``__row`` is the row's 1-based position in the result.

    Raises
    ------
    LogFormatError
        The database cannot be reached, the query fails or returns no rows, or result columns repeat.

    Examples
    --------
    >>> import duckdb
    >>> con = duckdb.connect()
    >>> info = load_sql(con, "SELECT 'A' AS sag, 1 AS n", "sqlite://", "raw")
    >>> info.label, info.columns
    ("sql:SELECT 'A' AS sag, 1 AS n", (('sag', 'VARCHAR'), ('n', 'BIGINT')))
    """
    if chunk_size < 1:
        raise InvalidParameterError(f"chunk_size must be a positive integer. Got {chunk_size!r} instead.",
                                    field="chunk_size")
    label = _label(query)
    where = Location(file=label)
    own_engine = isinstance(url, str)
    try:
        engine = sa.create_engine(url) if isinstance(url, str) else url
    except Exception as exc:  # a bad URL or a missing driver: say which, never with the password
        shown = mask_url(url) if isinstance(url, str) else "the engine"
        raise LogFormatError(
            f"cannot use the database URL {shown} ({mask_url(str(exc)).splitlines()[0]})",
            location=where,
            hint="Check the URL and that the database driver is installed (e.g. pip install psycopg).",
        ) from None
    safe_url = engine.url.render_as_string(hide_password=True)
    secret = engine.url.password

    def scrub(text: str) -> str:
        text = mask_url(text)
        return text.replace(str(secret), "***") if secret else text

    report(progress, 0.0, _("querying {database}", database=safe_url))
    loader = _ChunkLoader(con, table, label)
    try:
        with engine.connect() as conn:
            result = conn.execution_options(stream_results=True).execute(sa.text(query), params or {})
            if not result.returns_rows:
                raise LogFormatError("the statement returns no result set", location=where,
                                     hint="Give a SELECT query.")
            loader.start(clean_column_names(list(result.keys()), label))
            while rows := result.fetchmany(chunk_size):
                loader.add(rows)
                report(progress, 0.95 * (1 - 0.5**loader.n_chunks),
                       ngettext("read {n} row", "read {n} rows", loader.n_rows))
    except sa.exc.SQLAlchemyError as exc:
        drop_table(con, table)
        detail = str(exc.orig) if isinstance(exc, sa.exc.DBAPIError) else str(exc)
        raise LogFormatError(f"the query failed: {scrub(detail).splitlines()[0]} (database {safe_url})",
                             location=where) from None
    except Exception:
        drop_table(con, table)
        raise
    finally:
        if own_engine:
            engine.dispose()
    if loader.n_rows == 0:
        drop_table(con, table)
        raise LogFormatError("the query returned no rows", location=where,
                             hint="Check the query's WHERE clause and parameters.")
    n_rows, columns = describe(con, table)
    report(progress, 1.0, ngettext("read {n} row", "read {n} rows", n_rows))
    return SourceInfo(label=label, format="sql", content_hash=loader.digest(query, safe_url), n_rows=n_rows,
                      columns=columns)


def _label(query: str) -> str:
    short = " ".join(query.split())
    if len(short) > _LABEL_LENGTH:
        short = short[: _LABEL_LENGTH - 3] + "..."
    return f"sql:{short}"


def _unify(old: str | None, new: str | None) -> str | None:
    """The DuckDB type that holds values of both types (``None``: only NULLs seen so far)."""
    if old is None or old == new:
        return new
    if new is None:
        return old
    if _NUMERIC.match(old) and _NUMERIC.match(new):
        return "DOUBLE"
    if {old, new} == {"DATE", "TIMESTAMP"}:
        return "TIMESTAMP"
    return "VARCHAR"


class _ChunkLoader:
    """Creates the table from the first chunk, widens column types as later chunks need, hashes rows."""

    def __init__(self, con: duckdb.DuckDBPyConnection, table: str, label: str) -> None:
        self.con = con
        self.table = quote_ident(table)
        self.label = label
        self.names: list[str] = []
        self.types: list[str | None] = []
        self.n_rows = 0
        self.n_chunks = 0
        self._hashes: list[tuple[hashlib._Hash, hashlib._Hash]] = []

    def start(self, names: list[str]) -> None:
        self.names = names
        self.types = [None] * len(names)
        self._hashes = [(hashlib.sha256(), hashlib.sha256()) for _ in names]
        cols = ", ".join(f"{quote_ident(n)} VARCHAR" for n in names)
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE {self.table} ({cols}, {ROW_COLUMN} BIGINT)")

    def add(self, rows: Sequence[Any]) -> None:
        columns = list(zip(*rows, strict=True)) if rows else []
        arrays = [column_to_arrow(c) for c in columns]
        for (lengths, data), arr in zip(self._hashes, arrays, strict=True):
            _hash_column(lengths, data, arr)
        start = self.n_rows + 1
        arrays.append(pa.array(np.arange(start, start + len(rows), dtype=np.int64)))
        batch = pa.Table.from_arrays(arrays, names=[f"c{i}" for i in range(len(arrays) - 1)] + [ROW_COLUMN])
        view = f"sf_sql_{uuid.uuid4().hex[:12]}"
        self.con.register(view, batch)
        try:
            described = self.con.execute(f"DESCRIBE SELECT * FROM {view}").fetchall()
            for i, (_, duck_type, *_rest) in enumerate(described[:-1]):
                chunk_type = None if duck_type == '"NULL"' else str(duck_type)
                wider = _unify(self.types[i], chunk_type)
                if wider != self.types[i] and wider is not None:
                    self.con.execute(f"ALTER TABLE {self.table} ALTER COLUMN {quote_ident(self.names[i])} "
                                     f"SET DATA TYPE {wider}")
                    self.types[i] = wider
            casts = ", ".join(f"CAST(c{i} AS {t or 'VARCHAR'})" for i, t in enumerate(self.types))
            self.con.execute(f"INSERT INTO {self.table} SELECT {casts}, {ROW_COLUMN} FROM {view}")
        finally:
            self.con.unregister(view)
        self.n_rows += len(rows)
        self.n_chunks += 1

    def digest(self, query: str, safe_url: str) -> str:
        h = hashlib.sha256(b"sagsflow-sql-v1\x00")
        for part in (query, safe_url):
            h.update(part.encode("utf-8") + b"\x00")
        for name, (lengths, data) in zip(self.names, self._hashes, strict=True):
            h.update(name.encode("utf-8") + b"\x00" + lengths.digest() + data.digest())
        return h.hexdigest()


def _hash_column(lengths: hashlib._Hash, data: hashlib._Hash, arr: pa.Array) -> None:
    """Feed a column's values, as text, into two running hashes (value lengths, value bytes).

    Running hashes per column make the digest independent of how the rows were split into chunks.
    """
    try:
        if pa.types.is_binary(arr.type) or pa.types.is_large_binary(arr.type):
            text = arr.cast(pa.large_binary())
        else:
            text = pc.cast(arr, pa.large_string())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        text = pa.array([None if v is None else repr(v) for v in arr.to_pylist()], pa.large_string())
    lengths.update(pc.fill_null(pc.binary_length(text), -1).to_numpy().astype(np.int64).tobytes())
    buffers = text.buffers()
    if len(text) and buffers[2] is not None:
        offsets = np.frombuffer(buffers[1], dtype=np.int64, count=len(text) + 1, offset=text.offset * 8)
        data.update(memoryview(buffers[2])[int(offsets[0]) : int(offsets[-1])])
