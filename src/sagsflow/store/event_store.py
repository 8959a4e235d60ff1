"""A workspace whose event store is Parquet: every log's tables kept as Parquet files on storage an engine shares.

``Workspace.open(path, event_store=root)`` (or :func:`use_event_store`) keeps each log of the workspace as its
**Parquet store** under ``root/<log>/`` -- the tables :func:`sagsflow.store.parquet.export_log` writes, in version
folders (``root/<log>/v<time>-<id>/{events,cases,activities,successors}.parquet``, the current one named in
``root/<log>/CURRENT``), which a Spark engine with the same root reads (:class:`sagsflow.query.engine.SparkEngine`).
The workspace's DuckDB file keeps everything else: the logs' metadata, import history, mapping versions, plausible
periods, results, models and the audit log; each log's four tables there are **views** over its current version's
files, so every analysis, filter, rule pack and page of the product answers on the Parquet store through DuckDB,
and the portable queries answer on the same files through Spark, with no copy to export.

Every write of a log (an import, an appended extract, a replacement, a retention deletion) builds the log's tables
as before and writes them as Parquet into a new version folder, and the log's views point at it in the same
transaction as the metadata. The version becomes the current one after the commit, and the version before the one
it replaces is deleted then; a failed write deletes its version and leaves the store and the metadata exactly as
they were. A reader never meets a half-written or moving store: its views name one version's files, which stay
until the write after next. A log imported by Spark (:func:`sagsflow.ingest.spark_import.import_with_spark` with
``workspace=``) is registered the same way.

The files are **not encrypted** by Sagsflow (DuckDB's encryption at rest covers only its own file); setting an
event store on an encrypted workspace is refused unless ``unencrypted_ok=True`` says that the storage protects
them (docs/engines.md, "Privacy").

Examples
--------
>>> import sagsflow, tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "s.csv").write_text("case,activity,time\\n1,A,2024-01-01 09:00\\n1,B,2024-01-02 09:00\\n")
>>> ws = sagsflow.Workspace.open(d / "ws", event_store=d / "store")
>>> sagsflow.import_log(d / "s.csv", workspace=ws, log="demo").log.n_events
2
>>> from sagsflow.store.parquet import current_folder
>>> sorted(p.name for p in current_folder(d / "store" / "demo").iterdir())
['activities.parquet', 'cases.parquet', 'events.parquet', 'successors.parquet']
>>> ws.close()
"""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sagsflow.errors import DisclosureError, InvalidParameterError
from sagsflow.query.quote import literal
from sagsflow.store.layout import check_log_name, drop_relation, schema_name
from sagsflow.store.parquet import TABLES, new_version, publish_version, write_tables

if TYPE_CHECKING:
    import duckdb

    from sagsflow.schema import LogSchema
    from sagsflow.store.workspace import ImportRecord, Workspace

__all__ = ["adopt_store", "configured_engine", "event_store_root", "keep_as_parquet", "log_folder", "register_store",
           "spark_master", "use_event_store", "use_spark"]

#: the workspace's event store (one row, or none)
ROOT_TABLE = "sf_event_store"
#: the logs kept as Parquet, with their folder
LOGS_TABLE = "sf_log_stores"
DDL = (f"CREATE TABLE IF NOT EXISTS {ROOT_TABLE} (root VARCHAR, unencrypted_ok BOOLEAN, set_at TIMESTAMPTZ, "
       "spark VARCHAR)",
       f"CREATE TABLE IF NOT EXISTS {LOGS_TABLE} (log_name VARCHAR PRIMARY KEY, folder VARCHAR)")


def _has(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    return bool(con.execute("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = ?",
                            [table]).fetchall()[0][0])


def event_store_root(con: duckdb.DuckDBPyConnection) -> Path | None:
    """The workspace's event store (a folder), or None when its logs are kept in its DuckDB file."""
    if not _has(con, ROOT_TABLE):
        return None
    row = con.execute(f"SELECT root FROM {ROOT_TABLE} LIMIT 1").fetchall()
    return Path(row[0][0]) if row else None


def log_folder(con: duckdb.DuckDBPyConnection, log: str) -> Path | None:
    """The version folder ``log``'s views read when the log is kept as Parquet (``root/<log>/<version>``), else None."""
    if not _has(con, LOGS_TABLE):
        return None
    row = con.execute(f"SELECT folder FROM {LOGS_TABLE} WHERE log_name = ?", [log]).fetchall()
    return Path(row[0][0]) if row else None


def use_event_store(ws: Workspace, root: str | Path, *, unencrypted_ok: bool = False) -> Path:
    """Keep the logs of ``ws`` as Parquet under ``root`` from now on; the logs it holds already move there.

    ``root`` is a local or mounted folder (created if missing). Setting the same root again does nothing; a
    workspace keeps one event store (another root is refused: move the folder and keep its path instead).

    Raises
    ------
    InvalidParameterError
        Another event store is set, or ``root`` is a URL (``s3a://``): DuckDB reads the store from a folder.
    DisclosureError
        The workspace is encrypted at rest and ``unencrypted_ok`` is not set.
    """
    from sagsflow.store import encryption

    text = str(root)
    if "://" in text:
        raise InvalidParameterError(
            f"an event store is a local or mounted folder; {text!r} is not one.",
            hint="Mount the shared storage (NFS, SMB, a blob-storage mount) and give its folder.",
            field="event_store")
    folder = Path(root).expanduser().resolve()
    with ws.read() as con:
        current = event_store_root(con)
    if current is not None:
        if current == folder:
            return folder
        raise InvalidParameterError(
            f"this workspace keeps its logs under {str(current)!r} already; another event store "
            f"({str(folder)!r}) is refused.",
            hint="Move the folder and open the workspace with its new path only if the old one is gone.",
            field="event_store")
    if encryption.encrypted(ws) and not unencrypted_ok:
        raise DisclosureError(
            "the workspace is encrypted at rest, and its logs' Parquet store would not be.",
            hint="Use an event store only on storage that is itself encrypted and access-controlled, and say so "
                 "with unencrypted_ok=True.")
    folder.mkdir(parents=True, exist_ok=True)
    with ws.transaction() as con:
        for ddl in DDL:
            con.execute(ddl)
        con.execute(f"INSERT INTO {ROOT_TABLE} VALUES (?, ?, ?, NULL)",
                    [str(folder), unencrypted_ok, datetime.now(UTC)])
        for (name,) in con.execute("SELECT name FROM sf_logs ORDER BY name").fetchall():
            keep_as_parquet(ws, con, str(name))
    return folder


def spark_master(con: duckdb.DuckDBPyConnection) -> str | None:
    """The Spark cluster the workspace is configured to use (:func:`use_spark`), or None."""
    if not _has(con, ROOT_TABLE):
        return None
    row = con.execute(f"SELECT spark FROM {ROOT_TABLE} LIMIT 1").fetchall()
    return str(row[0][0]) if row and row[0][0] else None


def use_spark(ws: Workspace, master: str | None) -> None:
    """Run the workspace's batch work on the Spark cluster ``master`` from now on (None: on DuckDB again).

    ``master`` is ``local[N]``, a cluster URL (``spark://host:7077``, ``yarn``, ``k8s://...``) or a Spark Connect
    endpoint (``sc://host:15002``); the cluster reads the workspace's event store, which must be set first (on
    storage its executors reach). With it, the functions that take an ``engine`` -- the rule packs
    (:func:`sagsflow.compliance.evaluate`) and the prediction encodings (:func:`sagsflow.predict.encode_prefixes`,
    ``EncodingSpec.from_log``) -- run there when no engine is passed, from every face (library, CLI, REST API);
    the interactive analyses (maps, variants, statistics, pages) read the same files through DuckDB. The session
    starts at the first such call.

    Raises
    ------
    InvalidParameterError
        The workspace has no event store, or ``master`` is not a Spark master URL.
    """
    if master is not None and not re.fullmatch(r"local(\[[0-9*]+\])?|(spark|k8s|mesos|sc)://\S+|yarn", master):
        raise InvalidParameterError(
            f"a Spark master is local[N], spark://host:port, yarn, k8s://... or sc://host:port. Got {master!r} "
            "instead.", field="spark")
    with ws.transaction() as con:
        if event_store_root(con) is None:
            raise InvalidParameterError("a workspace runs on Spark only with an event store the cluster reads.",
                                        hint="Set one first: Workspace.open(path, event_store=folder) or "
                                             "`sagsflow event-store FOLDER`.", field="spark")
        con.execute(f"UPDATE {ROOT_TABLE} SET spark = ?", [master])
    ws.root._engines.clear()


def configured_engine(ws: Workspace) -> Any:
    """The :class:`~sagsflow.query.engine.SparkEngine` the workspace is configured to use (started at the first
    call, then kept by the workspace), or None when its work runs on DuckDB."""
    with ws.read() as con:
        master = spark_master(con)
        root = event_store_root(con) if master else None
    if master is None or root is None:
        return None
    engines = ws.root._engines
    if (master, root) not in engines:
        from sagsflow.query.engine import SparkEngine

        engines[(master, root)] = SparkEngine.connect(master, root)
    return engines[(master, root)]


def keep_as_parquet(ws: Workspace, con: duckdb.DuckDBPyConnection, log: str) -> None:
    """Inside ``ws``'s transaction ``con``: move ``log``'s freshly built tables to its Parquet store.

    Does nothing when the workspace has no event store. The tables are written to a new version folder of the log's
    store and the log's tables become views over it; the version becomes the store's current one after the commit
    (:func:`sagsflow.store.parquet.publish_version`) and is deleted if the transaction is rolled back.
    """
    root = event_store_root(con)
    if root is None:
        return
    version = new_version(root / check_log_name(log))
    version.mkdir(parents=True)
    try:
        write_tables(con, log, version)
    except BaseException:
        shutil.rmtree(version, ignore_errors=True)
        raise
    register_store(ws, con, log, version)


def register_store(ws: Workspace, con: duckdb.DuckDBPyConnection, log: str, version: Path) -> Path:
    """Inside ``ws``'s transaction ``con``: make the finished version folder ``version`` (in ``root/<log>``) the
    store of ``log`` and the log's tables views over it; published after the commit, deleted on a rollback."""
    ws.after_transaction(commit=lambda: publish_version(version),
                         rollback=lambda: shutil.rmtree(version, ignore_errors=True))
    sch = schema_name(log)
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {sch}")
    for table in TABLES:
        drop_relation(con, sch, table)
        con.execute(f"CREATE VIEW {sch}.{table} AS SELECT * FROM read_parquet({literal(_files(version, table))})")
    con.execute(f"INSERT OR REPLACE INTO {LOGS_TABLE} VALUES (?, ?)", [log, str(version)])
    return version


def adopt_store(ws: Workspace, log: str, tmp: Path, schema: LogSchema, record: ImportRecord, *, mode: str,
                import_id: int, rows_read: int, added: int) -> ImportRecord:
    """Register the finished store ``tmp`` (written beside the workspace's event store by another engine, such as
    :func:`sagsflow.ingest.spark_import.import_with_spark`) as log ``log``, with its import ``record`` (``added``
    events of ``rows_read``): one transaction, as a workspace import writes a log (``mode`` ``'create'``,
    ``'replace'``, or ``'append'``: ``tmp`` then holds the stored events and the new ones)."""
    started = record.started_at or datetime.now(UTC)
    with ws.transaction() as con:
        exists = log in ws
        if exists and mode == "create":
            raise InvalidParameterError(f"a log named {log!r} exists already.",
                                        hint="Use mode='append' to add a new extract or mode='replace' to "
                                             "overwrite it.", field="log")
        if exists and mode == "replace":
            con.execute(f"DROP SCHEMA IF EXISTS {schema_name(log)} CASCADE")
            con.execute("DELETE FROM sf_logs WHERE name = ?", [log])
        root = event_store_root(con)
        assert root is not None
        version = new_version(root / check_log_name(log))
        version.parent.mkdir(parents=True, exist_ok=True)
        tmp.rename(version)
        register_store(ws, con, log, version)
        return ws._record_write(con, log, schema, record, import_id=import_id, rows_read=rows_read,
                                added=added, started=started)


def forget_store(ws: Workspace, con: duckdb.DuckDBPyConnection, log: str) -> None:
    """Inside ``ws``'s transaction ``con``, deleting ``log``: its store (every version) is deleted after the commit."""
    folder = log_folder(con, log)
    if folder is None:
        return
    con.execute(f"DELETE FROM {LOGS_TABLE} WHERE log_name = ?", [log])
    ws.after_transaction(commit=lambda: shutil.rmtree(folder.parent, ignore_errors=True))


def _files(target: Path, table: str) -> str:
    """The Parquet files of one table: a file (written by DuckDB) or a folder of parts (written by Spark)."""
    path = target / f"{table}.parquet"
    return str(path / "*.parquet") if path.is_dir() else str(path)


def describe(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """The event store as plain data: its root and the logs kept there (for a CLI or a response)."""
    root = event_store_root(con)
    logs = (con.execute(f"SELECT log_name, folder FROM {LOGS_TABLE} ORDER BY log_name").fetchall()
            if _has(con, LOGS_TABLE) else [])
    return {"root": None if root is None else str(root), "spark": spark_master(con),
            "logs": {str(n): str(f) for n, f in logs}}
