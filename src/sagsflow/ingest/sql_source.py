"""Run a SQL query against any database SQLAlchemy can reach and stream the rows into DuckDB.

Rows are fetched in chunks and inserted as Arrow batches, so memory stays bounded. Column types come
from the values: a column whose type changes between chunks is widened (integer to float, date to
timestamp, otherwise to text). The password of the database URL is never shown: labels and error
messages carry the URL with the password masked.

Queries only read, by construction, twice over: :func:`check_read_only` parses the query with SQLGlot in the
database's dialect and refuses anything but exactly one query (no data-modifying CTEs, ``SELECT INTO``, locking
clauses, several statements), and :func:`read_only_connection` runs it in a read-only transaction or connection
(PostgreSQL ``SET TRANSACTION READ ONLY``, SQLite ``PRAGMA query_only``, MySQL/MariaDB and Oracle read-only
transactions) that is always rolled back, with a time limit.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
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

__all__ = ["check_read_only", "load_sql", "mask_url", "read_only_connection"]

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


#: SQLAlchemy dialect name -> SQLGlot dialect
_SQLGLOT_DIALECT = {"postgresql": "postgres", "sqlite": "sqlite", "mssql": "tsql", "mysql": "mysql",
                    "mariadb": "mysql", "oracle": "oracle", "duckdb": "duckdb", "snowflake": "snowflake",
                    "bigquery": "bigquery", "redshift": "redshift", "trino": "trino", "databricks": "databricks",
                    "hive": "hive", "clickhouse": "clickhouse", "teradata": "teradata"}


def check_read_only(query: str, dialect: str | None = None) -> None:
    """Refuse anything but exactly one query that only reads.

    Parameters
    ----------
    query : str
        The SQL text; bind parameters are written ``:name``.
    dialect : str, optional
        The SQLAlchemy dialect name of the database (``postgresql``, ``mssql``, ...): the query is parsed as
        that database reads it.

    Raises
    ------
    InvalidParameterError
        The query cannot be parsed, has several statements, is not a query (``INSERT``, ``WITH ... DELETE``, DDL,
        ``PRAGMA``, ...), or contains a data-modifying part (``WITH d AS (DELETE ... RETURNING *) SELECT``,
        ``SELECT ... INTO``, ``FOR UPDATE``/``FOR SHARE``).

    Examples
    --------
    >>> check_read_only("WITH x AS (SELECT 1) SELECT * FROM x", "postgresql")
    >>> check_read_only("WITH x AS (SELECT 1) DELETE FROM t", "postgresql")
    Traceback (most recent call last):
    ...
    sagsflow.errors.InvalidParameterError: the query must be one SELECT; this is a DELETE statement.
    <BLANKLINE>
    Imports only read: give one SELECT (or WITH ... SELECT) statement.
    """
    import sqlglot
    from sqlglot import exp

    hint = "Imports only read: give one SELECT (or WITH ... SELECT) statement."
    read = _SQLGLOT_DIALECT.get(dialect or "")
    try:
        statements = [e for e in sqlglot.parse(query, read=read) if e is not None]
    except sqlglot.errors.SqlglotError as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InvalidParameterError(f"cannot read the query as {dialect or 'SQL'}: {first[:300]}", hint=hint,
                                    field="query") from None
    if len(statements) != 1:
        raise InvalidParameterError(f"the query must be one statement. Got {len(statements)}.", hint=hint,
                                    field="query")
    stmt = statements[0]
    if not isinstance(stmt, exp.Query):
        what = stmt.key.upper() if not isinstance(stmt, exp.Command) else str(stmt.this).upper()
        article = "an" if what[:1] in "AEIOU" else "a"
        raise InvalidParameterError(f"the query must be one SELECT; this is {article} {what} statement.", hint=hint,
                                    field="query")
    forbidden = (exp.DML, exp.DDL, exp.Command, exp.Into, exp.Lock, exp.Set, exp.Transaction, exp.Commit,
                 exp.Copy, exp.Grant, exp.Use, exp.Pragma, exp.Attach, exp.Detach, exp.Alter, exp.Drop, exp.Create,
                 exp.Insert, exp.Update, exp.Delete, exp.Merge)
    for node in stmt.walk():
        if isinstance(node, forbidden):
            part = {"into": "SELECT ... INTO", "lock": "a locking clause (FOR UPDATE/SHARE)"}.get(
                node.key, f"a {node.key.upper()}")
            raise InvalidParameterError(f"the query must only read; it contains {part}.", hint=hint, field="query")


@contextlib.contextmanager
def read_only_connection(engine: sa.Engine, *, timeout: float | None = None) -> Iterator[sa.Connection]:
    """A connection whose transaction can only read, stopped after ``timeout`` seconds, always rolled back.

    PostgreSQL: ``SET TRANSACTION READ ONLY`` and ``statement_timeout``; SQLite: ``PRAGMA query_only`` and an
    interrupt; MySQL/MariaDB: a read-only session transaction and ``MAX_EXECUTION_TIME``; Oracle: ``SET
    TRANSACTION READ ONLY``; other databases: the parse check of :func:`check_read_only`, a rollback at the end
    (nothing is ever committed) and the driver's cancel after the timeout. Give Sagsflow an account that may only
    read as well.
    """
    dialect = engine.dialect.name
    with engine.connect() as conn:
        raw: Any = conn.connection.dbapi_connection
        timer: threading.Timer | None = None
        try:
            if dialect == "sqlite":
                conn.exec_driver_sql("PRAGMA query_only = ON")
            elif dialect == "postgresql":
                conn.exec_driver_sql("SET TRANSACTION READ ONLY")
                if timeout:
                    conn.exec_driver_sql(f"SET LOCAL statement_timeout = {max(1, int(timeout * 1000))}")
            elif dialect in ("mysql", "mariadb"):
                conn.exec_driver_sql("SET SESSION TRANSACTION READ ONLY")
                if timeout:
                    conn.exec_driver_sql(f"SET SESSION MAX_EXECUTION_TIME = {max(1, int(timeout * 1000))}")
            elif dialect == "oracle":
                conn.exec_driver_sql("SET TRANSACTION READ ONLY")
            if timeout:
                def stop() -> None:
                    for method in ("interrupt", "cancel"):  # sqlite3 / psycopg and others
                        fn = getattr(raw, method, None)
                        if callable(fn):
                            with contextlib.suppress(Exception):
                                fn()
                            return

                timer = threading.Timer(timeout, stop)
                timer.daemon = True
                timer.start()
            yield conn
        finally:
            if timer is not None:
                timer.cancel()
            with contextlib.suppress(Exception):
                conn.rollback()
            if dialect == "sqlite":
                with contextlib.suppress(Exception):
                    conn.exec_driver_sql("PRAGMA query_only = OFF")


def timed_out(exc: BaseException, started: float, timeout: float | None) -> bool:
    """Whether a driver error is the time limit stopping the query."""
    if not timeout:
        return False
    text = str(exc).lower()
    return (time.monotonic() - started >= timeout * 0.95 or "interrupt" in text or "statement timeout" in text
            or "canceling statement" in text)


def load_sql(
    con: duckdb.DuckDBPyConnection,
    query: str,
    url: str | sa.Engine,
    table: str,
    *,
    params: dict[str, object] | None = None,
    chunk_size: int = 100_000,
    progress: Progress | None = None,
    timeout: float | None = None,
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
    timeout : float, optional
        Stop the query after this many seconds (:class:`LogFormatError` naming the limit).

    Returns
    -------
    SourceInfo
        ``content_hash`` is the SHA-256 of the query, the URL without password and the rows;
        ``__row`` is the row's 1-based position in the result.

    Raises
    ------
    LogFormatError
        The database cannot be reached, the query fails, runs past ``timeout`` or returns no rows, or result
        columns repeat.
    InvalidParameterError
        The query is not exactly one read-only query (:func:`check_read_only`); it is run read-only in any case
        (:func:`read_only_connection`).

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
    try:
        check_read_only(query, engine.dialect.name)
    except InvalidParameterError:
        if own_engine:
            engine.dispose()
        raise

    def scrub(text: str) -> str:
        text = mask_url(text)
        return text.replace(str(secret), "***") if secret else text

    report(progress, 0.0, _("querying {database}", database=safe_url))
    loader = _ChunkLoader(con, table, label)
    started = time.monotonic()
    try:
        with read_only_connection(engine, timeout=timeout) as conn:
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
        if timed_out(exc, started, timeout):
            raise LogFormatError(f"the query ran longer than the limit of {timeout:g} s and was stopped "
                                 f"(database {safe_url})", location=where,
                                 hint="Narrow the query, or raise SAGSFLOW_SQL_IMPORT_TIMEOUT_SECONDS.") from None
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
                # only NULLs in this chunk: read from the Arrow type (DuckDB 1.5 describes it as INTEGER, 2 as NULL)
                chunk_type = None if pa.types.is_null(arrays[i].type) or duck_type == '"NULL"' else str(duck_type)
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
