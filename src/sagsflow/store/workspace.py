"""A workspace: a folder with one DuckDB database holding several event logs and their history.

Examples
--------
>>> import tempfile
>>> ws = Workspace.open(tempfile.mkdtemp())
>>> ws.logs()
[]
>>> ws.close()
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import duckdb

from sagsflow import plausible
from sagsflow.errors import InvalidParameterError, NotFoundError, SchemaError
from sagsflow.query.quote import literal
from sagsflow.schema import ROLES, LogSchema
from sagsflow.store import layout
from sagsflow.store.layout import check_log_name, qident, schema_name

if TYPE_CHECKING:
    from sagsflow.log import EventLog

DB_FILE = "events.duckdb"
_IMPORT_IDS = "sf_import_ids"

_META_DDL = [
    """CREATE TABLE IF NOT EXISTS sf_logs (
        name VARCHAR PRIMARY KEY, created_at TIMESTAMPTZ, updated_at TIMESTAMPTZ,
        n_events BIGINT, n_cases BIGINT, n_activities BIGINT, schema_json VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS sf_imports (
        import_id INTEGER PRIMARY KEY, log_name VARCHAR, content_hash VARCHAR, source VARCHAR,
        source_format VARCHAR, mapping_name VARCHAR, mapping_version INTEGER, rows_read BIGINT,
        events_added BIGINT, duplicates_skipped BIGINT, started_at TIMESTAMPTZ, finished_at TIMESTAMPTZ)""",
    """CREATE TABLE IF NOT EXISTS sf_mappings (
        name VARCHAR, version INTEGER, yaml VARCHAR, sha256 VARCHAR, created_at TIMESTAMPTZ,
        PRIMARY KEY (name, version))""",
    plausible.SETTINGS_DDL,
]


def default_home() -> Path:
    """``$SAGSFLOW_HOME``, or ``~/.local/share/sagsflow``."""
    return Path(os.environ.get("SAGSFLOW_HOME") or Path.home() / ".local" / "share" / "sagsflow")


#: the share of DuckDB's own default memory limit (80 % of the machine's or the container's memory) a workspace
#: takes by default: DuckDB shares the process with the Python side (the map's cached columns, result tables), and
#: at its own default the employment-dk pack on 98M events took the process to 18-21 GiB of 24
DEFAULT_MEMORY_SHARE = 5 / 8

_UNITS = {"b": 1, "bytes": 1, "kb": 1000, "mb": 1000**2, "gb": 1000**3, "tb": 1000**4,
          "kib": 1024, "mib": 1024**2, "gib": 1024**3, "tib": 1024**4}


def memory_bytes(shown: str) -> int:
    """Bytes of an amount as DuckDB shows it (``current_setting('memory_limit')``).

    >>> memory_bytes("1.5 GiB")
    1610612736
    """
    m = re.fullmatch(r"\s*([0-9.]+)\s*([A-Za-z]+)\s*", shown)
    if m is None or m.group(2).lower() not in _UNITS:
        raise ValueError(f"not an amount of memory: {shown!r}")
    return int(float(m.group(1)) * _UNITS[m.group(2).lower()])


@cache
def default_memory_limit() -> str:
    """The ``memory_limit`` a workspace gets when none is given: :data:`DEFAULT_MEMORY_SHARE` of DuckDB's own
    default on this machine, as ``'<n>MiB'`` (asked once per process: a fresh database costs a few hundred ms)."""
    with duckdb.connect(":memory:") as fresh:
        duck = memory_bytes(str(fresh.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]))
    return f"{max(int(duck * DEFAULT_MEMORY_SHARE) // 1024**2, 64)}MiB"


def default_workspace_path() -> Path:
    """``$SAGSFLOW_WORKSPACE``, or ``$SAGSFLOW_HOME/workspaces/default``."""
    env = os.environ.get("SAGSFLOW_WORKSPACE")
    return Path(env) if env else default_home() / "workspaces" / "default"


@dataclass(frozen=True)
class LogInfo:
    """Summary of one stored log."""

    name: str
    n_events: int
    n_cases: int
    n_activities: int
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class ImportRecord:
    """What the import registry keeps about one import."""

    log_name: str
    content_hash: str
    source: str
    source_format: str
    rows_read: int
    mapping_name: str | None = None
    mapping_version: int | None = None
    started_at: datetime | None = None
    import_id: int | None = None
    events_added: int | None = None
    duplicates_skipped: int | None = None
    finished_at: datetime | None = None


def fetch_one(con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None) -> tuple | None:
    """The first row of a query, or None. The result is always read to the end: DuckDB 2 keeps an
    unfinished result open on the connection and refuses other work until it is consumed."""
    rows = con.execute(sql, params or []).fetchall()
    return rows[0] if rows else None


def fetch_value(con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None) -> Any:
    """The first column of the first row of a query (None when there is no row)."""
    row = fetch_one(con, sql, params)
    return None if row is None else row[0]


def finish_pending(con: Any) -> None:
    """Run a result an earlier ``execute()`` left unread on ``con`` to its end (DuckDB 2's ``complete()``).

    DuckDB 2 refuses new work on a connection with an unfinished result; DuckDB 1.5 (pinned while only it has an
    ``httpfs`` build for encrypted writes, docs/dpia.md) closes such a result itself on the next query.
    """
    complete = getattr(con, "complete", None)
    if complete is not None:
        complete()


def _now() -> datetime:
    return datetime.now(UTC)


class Workspace:
    """A folder holding an embedded DuckDB database with event logs.

    Open with :meth:`open`; use as a context manager or call :meth:`close`. A workspace is
    used by one process for writing at a time (DuckDB's file lock); other processes may open it
    ``read_only``.
    """

    def __init__(self, path: Path | None, con: duckdb.DuckDBPyConnection) -> None:
        self.path = path
        self.con = con
        self._lock = threading.RLock()
        self._in_tx = False
        #: the workspace this one is a view of (itself unless made by :meth:`reader`); caches key on it
        self.root: Workspace = self
        #: per (log, version stamp): its schema and the columns of its tables, shared by the views of a root
        self._memo: dict[tuple[Any, ...], tuple[LogSchema, dict[str, tuple[str, ...]]]] = {}
        #: one lock per log name, so imports into the same log take turns (see :meth:`log_lock`)
        self._log_locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()
        #: imports running under the import memory cap, and the cap they set (see ``ingest.pipeline``)
        self.capped_imports = 0
        self.cap_set = False
        #: the memory limit as DuckDB shows it when the workspace took :func:`default_memory_limit` (None when one
        #: was given): the import cap applies only then
        self.default_limit: str | None = None
        #: per (log, version stamp): its plausible period and quarantine counts (sagsflow.plausible)
        self._windows: dict[tuple[Any, ...], plausible.PlausibleWindow] = {}
        #: the Spark engines the workspace is configured to use, started at first use (sagsflow.store.event_store)
        self._engines: dict[tuple[str, Path], Any] = {}
        #: what to do when the running transaction commits or is rolled back (see :meth:`after_transaction`)
        self._after: list[tuple[Callable[[], None] | None, Callable[[], None] | None]] = []

    # ----------------------------------------------------------------- opening
    @classmethod
    def open(cls, path: str | Path | None = None, *, read_only: bool = False,
             memory_limit: str | None = None, event_store: str | Path | None = None,
             unencrypted_ok: bool = False, spark: str | None = None) -> Workspace:
        """Open (or create) the workspace at ``path`` (default: :func:`default_workspace_path`).

        ``memory_limit`` (default: the environment's ``SAGSFLOW_MEMORY_LIMIT``, else :func:`default_memory_limit`,
        half of the machine's or the container's memory) caps DuckDB's memory for this workspace, such as
        ``"10GB"``: beyond it, joins, sorts and aggregations spill to temporary files instead of growing, and the
        rest of the memory is left to the Python side (the employment-dk pack on 98M events: 18 GiB peak at
        DuckDB's own 80 %, 13 GiB at ``"10GB"``; docs/benchmarks.md).

        ``event_store`` (a local or mounted folder) keeps the workspace's logs as Parquet there from now on, where
        a Spark engine reads them too (:mod:`sagsflow.store.event_store`; ``unencrypted_ok`` as there). A
        workspace remembers its event store; it need not be given again. ``spark`` (a master URL such as
        ``local[2]``, ``spark://host:7077`` or ``sc://host:15002``) runs its rule packs and prediction encodings on
        that cluster from now on (:func:`sagsflow.store.event_store.use_spark`).
        """
        if read_only and (event_store is not None or spark is not None):
            raise InvalidParameterError("an event store is set on a workspace opened for writing, not read_only.",
                                        field="event_store")
        p = Path(path) if path is not None else default_workspace_path()
        if p.suffix == ".duckdb":
            p = p.parent
        if p.exists() and not p.is_dir():
            raise InvalidParameterError(
                f"a workspace is a folder, but {str(p)!r} is a file.",
                hint="Give the folder that holds events.duckdb, or a new folder name.",
            )
        if not read_only:
            p.mkdir(parents=True, exist_ok=True)
        elif not (p / DB_FILE).exists():
            raise NotFoundError(f"no workspace at {str(p)!r} (missing {DB_FILE}).")
        from sagsflow.store import encryption

        # encrypted at rest when a workspace key is set (outside the workspace): sagsflow.store.encryption
        con = encryption.connect(p / DB_FILE, read_only=read_only, key=encryption.workspace_key(workspace=p))
        ws = cls(p, con)
        try:
            ws._setup(memory_limit, create=not read_only)
        except BaseException:
            con.close()  # a refused setting leaves no open connection (and no file lock) behind
            raise
        if event_store is not None:
            from sagsflow.store.event_store import use_event_store

            try:
                use_event_store(ws, event_store, unencrypted_ok=unencrypted_ok)
            except BaseException:
                con.close()
                raise
        if spark is not None:
            from sagsflow.store.event_store import use_spark

            try:
                use_spark(ws, spark)
            except BaseException:
                con.close()
                raise
        return ws

    @classmethod
    def memory(cls) -> Workspace:
        """A throw-away in-memory workspace (what ``read_csv(path)`` uses without a workspace)."""
        ws = cls(None, duckdb.connect(":memory:"))
        ws._setup(None, create=True)
        return ws

    def _setup(self, memory_limit: str | None, *, create: bool) -> None:
        self.con.execute("SET TimeZone = 'UTC'")
        # hand memory freed by large results back to the system in the background: without it DuckDB's allocator
        # kept gigabytes after a result was dropped (the rule pack on 98M events: 7.8 GB resident after its result
        # was freed, 1.4 GB with this), so a second large request peaked 4-5 GB higher than the first
        self.con.execute("SET allocator_background_threads = true")
        given = memory_limit or os.environ.get("SAGSFLOW_MEMORY_LIMIT") or None
        if not given:
            self.con.execute(f"SET memory_limit = {literal(default_memory_limit())}")
            self.default_limit = str(self.con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0])
        else:
            try:
                self.con.execute(f"SET memory_limit = {literal(str(given))}")
            except duckdb.Error as exc:
                source = "memory_limit" if memory_limit else "SAGSFLOW_MEMORY_LIMIT"
                raise InvalidParameterError(
                    f"{source} must be an amount of memory such as '10GB' or '512MiB'. Got {given!r} instead.",
                    hint=str(exc).splitlines()[0], field="memory_limit") from None
        if create:
            for ddl in _META_DDL:
                self.con.execute(ddl)
            # import numbers come from a sequence (not max + 1), so imports running at the same time on
            # cursors of their own never take the same number; it starts after the imports already stored
            if not fetch_value(self.con, "SELECT count(*) FROM duckdb_sequences() WHERE sequence_name = ?",
                               [_IMPORT_IDS]):
                start = int(fetch_value(self.con, "SELECT coalesce(max(import_id), 0) + 1 FROM sf_imports"))
                self.con.execute(f"CREATE SEQUENCE IF NOT EXISTS {_IMPORT_IDS} START {start}")

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        where = str(self.path) if self.path else ":memory:"
        return f"Workspace({where!r}, logs={[i.name for i in self.logs()]})"

    def reader(self) -> Workspace:
        """A view of this workspace on a cursor of its own, so several threads can read at the same time.

        DuckDB runs the reads of separate cursors in parallel and each sees the last committed state;
        the server gives every request such a view. Close it when done (this closes only the cursor).
        """
        view = Workspace(self.path, self.cursor())
        view.root = self.root
        return view

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A new cursor on the same database (for use from another thread).

        Made under the workspace's lock: DuckDB refuses a call on a connection that another thread is using
        ("connection is busy"), and making a cursor is such a call."""
        with self._lock:
            cur = self.con.cursor()
        cur.execute("SET TimeZone = 'UTC'")
        return cur

    @contextmanager
    def log_lock(self, name: str) -> Iterator[None]:
        """Hold the lock of one log: two imports into the same log take turns, imports into different logs
        (each on a cursor of its own) run at the same time."""
        with self._guard:
            lock = self._log_locks.setdefault(name, threading.Lock())
        with lock:
            yield

    # ----------------------------------------------------------------- transactions
    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Run a block atomically: on any exception everything it wrote is rolled back."""
        with self._lock:
            if self._in_tx:
                yield self.con
                return
            self.con.execute("BEGIN TRANSACTION")
            self._in_tx = True
            try:
                yield self.con
                self._in_tx = False
                self.con.execute("COMMIT")
            except BaseException:
                self._in_tx = False
                after, self._after = self._after, []
                with suppress(duckdb.Error):  # a failed COMMIT has ended the transaction already
                    self.con.execute("ROLLBACK")
                for _, rollback in reversed(after):
                    if rollback is not None:
                        rollback()
                raise
            after, self._after = self._after, []
            for commit, _ in after:
                if commit is not None:
                    commit()

    def after_transaction(self, *, commit: Callable[[], None] | None = None,
                          rollback: Callable[[], None] | None = None) -> None:
        """Inside :meth:`transaction`: run ``commit`` once the outermost transaction has committed, or ``rollback``
        if it is rolled back (files written beside the database, such as a log's Parquet store)."""
        if not self._in_tx:
            raise RuntimeError("after_transaction is called inside Workspace.transaction() only")
        self._after.append((commit, rollback))

    @property
    def event_store(self) -> Path | None:
        """The folder the workspace keeps its logs in as Parquet (:mod:`sagsflow.store.event_store`), or None."""
        from sagsflow.store.event_store import event_store_root

        with self.read() as con:
            return event_store_root(con)

    @contextmanager
    def read(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Hold the workspace's lock while reading from several threads (the server's requests)."""
        with self._lock:
            yield self.con

    # ----------------------------------------------------------------- logs
    def logs(self) -> list[LogInfo]:
        """All logs, by name."""
        rows = self.con.execute(
            "SELECT name, n_events, n_cases, n_activities, created_at, updated_at FROM sf_logs ORDER BY name"
        ).fetchall()
        return [LogInfo(*r) for r in rows]

    def __contains__(self, name: object) -> bool:
        return bool(fetch_value(self.con, "SELECT count(*) FROM sf_logs WHERE name = ?", [name]))

    def schema(self, name: str) -> LogSchema:
        """The :class:`~sagsflow.schema.LogSchema` of a stored log."""
        row = fetch_one(self.con, "SELECT schema_json FROM sf_logs WHERE name = ?", [name])
        if row is None:
            raise self._not_found(name)
        return LogSchema.from_json(row[0])

    def log(self, name: str) -> EventLog:
        """A lazy :class:`~sagsflow.log.EventLog` handle on a stored log.

        One metadata query: the schema and the column lists of the log's tables are remembered per version
        of the log (by the root workspace, for all its views), so a server request does not ask again."""
        from sagsflow.log import EventLog

        row = fetch_one(self.con, "SELECT schema_json, updated_at, n_events FROM sf_logs WHERE name = ?", [name])
        if row is None:
            raise self._not_found(name)
        memo = self.root._memo
        key = (name, row[1], row[2])
        hit = memo.get(key)
        if hit is None:
            if len(memo) > 256:
                memo.clear()
            hit = memo[key] = (LogSchema.from_json(row[0]), {})
        version = (row[1], row[2])
        return EventLog(self, name, hit[0], _columns=hit[1], _version=version,
                        _window=plausible.window_for_version(self, name, version))

    def _not_found(self, name: str) -> NotFoundError:
        names = [i.name for i in self.logs()]
        return NotFoundError(
            f"no log named {name!r} in workspace {str(self.path or ':memory:')!r}.",
            hint=f"Logs here: {', '.join(names) if names else '(none yet: import one first)'}",
            field="log",
        )

    def delete_log(self, name: str) -> None:
        """Remove a log and its import history."""
        if name not in self:
            raise self._not_found(name)
        from sagsflow.store.event_store import forget_store

        with self.transaction() as con:
            con.execute(f"DROP SCHEMA IF EXISTS {schema_name(name)} CASCADE")
            con.execute("DELETE FROM sf_logs WHERE name = ?", [name])
            con.execute("DELETE FROM sf_imports WHERE log_name = ?", [name])
            plausible.forget(con, name)
            forget_store(self, con, name)  # a Parquet store is deleted with the log, after the commit

    def write_log(
        self,
        name: str,
        staged: str,
        schema: LogSchema,
        *,
        mode: Literal["create", "replace", "append"] = "create",
        record: ImportRecord | None = None,
    ) -> ImportRecord:
        """Store the canonical events of temp table ``staged`` as log ``name``, atomically.

        ``staged`` has the canonical role columns, ``src_row`` (source row number) and the
        attribute columns of ``schema``. ``mode='append'`` adds the events to an existing log and
        skips events already stored (identical in every column); ``'create'`` refuses an
        existing name; ``'replace'`` overwrites it.
        """
        check_log_name(name)
        exists = name in self
        if mode == "create" and exists:
            raise InvalidParameterError(
                f"a log named {name!r} exists already.",
                hint="Use mode='append' to add a new extract or mode='replace' to overwrite it.",
                field="log",
            )
        if mode not in ("create", "replace", "append"):
            raise InvalidParameterError(
                f"mode must be one of 'create', 'replace', 'append'. Got {mode!r} instead.", field="mode"
            )
        from sagsflow.store.event_store import keep_as_parquet

        started = _now()
        with self.transaction() as con:
            import_id = int(fetch_value(con, f"SELECT nextval('{_IMPORT_IDS}')"))
            rows_read = int(fetch_value(con, f"SELECT count(*) FROM {staged}"))
            new_cols = self._staged_select(staged, schema, import_id)
            if mode == "append" and exists:
                old_schema = self.schema(name)
                merged = old_schema.merge(schema)
                self._check_compatible(old_schema, schema)
                old_sql = self._as_merged(layout.staged_from_log(name, old_schema), old_schema, merged)
                new_sql = self._as_merged(new_cols, schema, merged)
                compare = [qident(c) for c in (*ROLES, *(a.name for a in merged.event_attributes))]
                on = " AND ".join(f"n.{c} IS NOT DISTINCT FROM o.{c}" for c in compare)
                con.execute(f"CREATE OR REPLACE TEMP TABLE __sf_new AS {new_sql}")
                con.execute(
                    f"""CREATE OR REPLACE TEMP TABLE __sf_combined AS
                    {old_sql}
                    UNION ALL BY NAME
                    SELECT n.* FROM __sf_new n ANTI JOIN ({old_sql}) o ON {on}"""
                )
                total_before = self._count(name)
                schema = merged
                combined = "__sf_combined"
            else:
                con.execute(f"CREATE OR REPLACE TEMP VIEW __sf_staged AS {new_cols}")
                total_before = 0
                combined = "__sf_staged"
            if mode == "replace" and exists:
                con.execute(f"DROP SCHEMA IF EXISTS {schema_name(name)} CASCADE")
                con.execute("DELETE FROM sf_logs WHERE name = ?", [name])
            layout.build_log_tables(con, name, combined, schema)
            keep_as_parquet(self, con, name)
            con.execute("DROP VIEW IF EXISTS __sf_staged")
            con.execute("DROP TABLE IF EXISTS __sf_combined")
            con.execute("DROP TABLE IF EXISTS __sf_new")
            n_events = self._count(name)
            rec = record or ImportRecord(name, "", staged, "table", rows_read)
            return self._record_write(con, name, schema, rec, import_id=import_id, rows_read=rows_read,
                                      added=n_events - total_before, started=started)

    def next_import_id(self) -> int:
        """A new import number (from the workspace's sequence; numbers left unused are never taken again)."""
        with self.read() as con:
            return int(fetch_value(con, f"SELECT nextval('{_IMPORT_IDS}')"))

    def _record_write(self, con: duckdb.DuckDBPyConnection, name: str, schema: LogSchema, rec: ImportRecord, *,
                      import_id: int, rows_read: int, added: int, started: datetime) -> ImportRecord:
        """Inside the write's transaction: the log's row (sizes, schema, version stamp) and the import's record."""
        n_events, n_cases, n_acts = self._counts(name)
        now = _now()
        con.execute(
            """INSERT INTO sf_logs VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (name) DO UPDATE SET updated_at = excluded.updated_at, n_events = excluded.n_events,
            n_cases = excluded.n_cases, n_activities = excluded.n_activities,
            schema_json = excluded.schema_json""",
            [name, now, now, n_events, n_cases, n_acts, schema.to_json()],
        )
        con.execute(
            "INSERT INTO sf_imports VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [import_id, name, rec.content_hash, rec.source, rec.source_format, rec.mapping_name,
             rec.mapping_version, rows_read, added, rows_read - added, rec.started_at or started, now],
        )
        return ImportRecord(
            log_name=name, content_hash=rec.content_hash, source=rec.source, source_format=rec.source_format,
            rows_read=rows_read, mapping_name=rec.mapping_name, mapping_version=rec.mapping_version,
            started_at=rec.started_at or started, import_id=import_id, events_added=added,
            duplicates_skipped=rows_read - added, finished_at=now,
        )

    @staticmethod
    def _staged_select(staged: str, schema: LogSchema, import_id: int) -> str:
        attrs = [qident(c.name) for c in schema.attributes]
        roles = [qident(r) for r in ROLES]
        cols = ", ".join([*roles, f"(({import_id}::BIGINT << 40) + src_row)::BIGINT AS src_order", *attrs])
        return f"SELECT {cols} FROM {staged}"

    @staticmethod
    def _as_merged(sql: str, own: LogSchema, merged: LogSchema) -> str:
        have = {c.name for c in own.attributes}
        extra = [f"NULL::{c.dtype} AS {qident(c.name)}" for c in merged.attributes if c.name not in have]
        return f"SELECT *{', ' + ', '.join(extra) if extra else ''} FROM ({sql})"

    @staticmethod
    def _check_compatible(old: LogSchema, new: LogSchema) -> None:
        for c in new.attributes:
            o = old.attribute(c.name)
            if o is not None and (o.level != c.level or o.dtype != c.dtype):
                raise SchemaError(
                    f"column {c.name!r} is {c.level}-level {c.dtype} in this extract but "
                    f"{o.level}-level {o.dtype} in the stored log.",
                    hint="Declare the same type and level in the mapping, or import into a new log.",
                    field=c.name,
                )

    def _count(self, name: str) -> int:
        return int(fetch_value(self.con, f"SELECT count(*) FROM {schema_name(name)}.events"))

    def _counts(self, name: str) -> tuple[int, int, int]:
        sch = schema_name(name)
        row = fetch_one(
            self.con,
            f"SELECT (SELECT count(*) FROM {sch}.events), (SELECT count(*) FROM {sch}.cases), "
            f"(SELECT count(*) FROM {sch}.activities)",
        )
        assert row is not None
        return int(row[0]), int(row[1]), int(row[2])

    # ----------------------------------------------------------------- import registry
    def imports(self, log: str | None = None) -> list[ImportRecord]:
        """The import history, oldest first."""
        sql = (
            "SELECT log_name, content_hash, source, source_format, rows_read, mapping_name, mapping_version, "
            "started_at, import_id, events_added, duplicates_skipped, finished_at FROM sf_imports"
        )
        params: list[object] = []
        if log is not None:
            sql += " WHERE log_name = ?"
            params.append(log)
        rows = self.con.execute(sql + " ORDER BY import_id", params).fetchall()
        return [ImportRecord(*r) for r in rows]

    def find_import(self, log: str, content_hash: str) -> ImportRecord | None:
        """The earlier import of the same content into ``log``, if any."""
        return next((r for r in self.imports(log) if r.content_hash == content_hash), None)

    # ----------------------------------------------------------------- mappings
    def save_mapping(self, name: str, yaml_text: str, sha256: str) -> int:
        """Store a mapping version; returns its version number (unchanged text keeps its version)."""
        with self.transaction() as con:
            row = fetch_one(
                con,
                "SELECT version FROM sf_mappings WHERE name = ? AND sha256 = ? ORDER BY version DESC LIMIT 1",
                [name, sha256],
            )
            if row is not None:
                return int(row[0])
            version = fetch_value(con, "SELECT coalesce(max(version), 0) + 1 FROM sf_mappings WHERE name = ?", [name])
            con.execute("INSERT INTO sf_mappings VALUES (?, ?, ?, ?, ?)", [name, version, yaml_text, sha256, _now()])
            return int(version)

    def mapping_yaml(self, name: str, version: int | None = None) -> str:
        """The YAML text of a stored mapping version (latest by default)."""
        sql = "SELECT yaml FROM sf_mappings WHERE name = ?"
        params: list[object] = [name]
        if version is not None:
            sql += " AND version = ?"
            params.append(version)
        row = fetch_one(self.con, sql + " ORDER BY version DESC LIMIT 1", params)
        if row is None:
            raise NotFoundError(f"no mapping {name!r}" + (f" version {version}" if version else "") + " stored.")
        return str(row[0])

    def mappings(self) -> list[tuple[str, int, datetime]]:
        """(name, version, created_at) of every stored mapping version."""
        rows = self.con.execute("SELECT name, version, created_at FROM sf_mappings ORDER BY name, version").fetchall()
        return [(r[0], int(r[1]), r[2]) for r in rows]
