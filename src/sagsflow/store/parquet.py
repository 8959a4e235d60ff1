"""A log's Parquet store: its tables as Parquet files, for engines that read shared storage (Spark).

:func:`export_log` writes ``root/<log>/<table>.parquet`` for each of the log's tables (events, cases,
activities, successors), in their stored order, timestamps as UTC instants. A Spark engine
(:class:`sagsflow.query.engine.SparkEngine`) reads them; the store is written to a temporary folder
beside it and moved into place, so a reader never sees half a log.

A workspace that keeps its logs in Parquet stores (:mod:`sagsflow.store.event_store`) writes each version of a log
into a folder of its own, ``root/<log>/v<time>-<id>/<table>.parquet``, and names the current one in
``root/<log>/CURRENT`` once its transaction has committed: a reader (DuckDB's views, a Spark engine) always reads
one whole version, and a version is deleted only after the next one is current. :func:`current_folder` finds the
tables of either layout.

Examples
--------
>>> import sagsflow, tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "s.csv").write_text("case,activity,time\\n1,A,2024-01-01 09:00\\n1,B,2024-01-02 09:00\\n")
>>> log = sagsflow.read_csv(d / "s.csv")
>>> sorted(p.name for p in export_log(log.workspace, log.name, d / "store").iterdir())
['activities.parquet', 'cases.parquet', 'events.parquet', 'successors.parquet']
"""

from __future__ import annotations

import os
import shutil
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sagsflow.errors import DisclosureError, NotFoundError
from sagsflow.query.quote import literal
from sagsflow.store.layout import check_log_name, schema_name

if TYPE_CHECKING:
    import duckdb

    from sagsflow.store.workspace import Workspace

__all__ = ["CURRENT", "TABLES", "current_folder", "export_log", "new_version", "publish_version", "replace_store",
           "write_tables"]

#: a log's tables, each with the column it is stored in order of
TABLES = {"events": "event_idx", "cases": "case_idx", "activities": "activity_code", "successors": "event_idx"}
#: the file in ``root/<log>/`` that names the current version folder of a versioned store
CURRENT = "CURRENT"


def write_tables(con: duckdb.DuckDBPyConnection, log: str, folder: Path) -> None:
    """Write ``log``'s four tables as Parquet files into ``folder`` (each in its stored order)."""
    sch = schema_name(log)
    for table, order in TABLES.items():
        con.execute(f"COPY (SELECT * FROM {sch}.{table} ORDER BY {order}) "
                    f"TO {literal(str(folder / f'{table}.parquet'))} (FORMAT parquet)")


def current_folder(log_dir: str | Path) -> Path:
    """The folder holding the tables of the store in ``log_dir`` (``root/<log>``): the version ``CURRENT`` names in a
    versioned store, else ``log_dir`` itself (a store written by :func:`export_log` or a Spark import alone)."""
    log_dir = Path(log_dir)
    marker = log_dir / CURRENT
    if marker.is_file():
        return log_dir / marker.read_text(encoding="utf-8").strip()
    return log_dir


def new_version(log_dir: Path) -> Path:
    """A new, unused version folder name in ``log_dir`` (not created): ``v<UTC time>-<random>``, sorting by time."""
    return log_dir / f"v{datetime.now(UTC):%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:6]}"


def publish_version(version: Path) -> None:
    """Make ``version`` the current version of its log's store (``CURRENT`` replaced atomically), then delete the
    versions before the one it replaces: a reader still on that one keeps its files until the next write."""
    log_dir = version.parent
    marker = log_dir / CURRENT
    previous = marker.read_text(encoding="utf-8").strip() if marker.is_file() else None
    tmp = log_dir / f".{CURRENT}.{uuid.uuid4().hex[:8]}"
    tmp.write_text(version.name, encoding="utf-8")
    os.replace(tmp, marker)
    for old in log_dir.iterdir():
        if old.is_dir() and old.name.startswith("v") and old.name not in (version.name, previous):
            shutil.rmtree(old, ignore_errors=True)

def export_log(workspace: Workspace, log: str, root: str | Path, *, unencrypted_ok: bool = False) -> Path:
    """Write log ``log`` of ``workspace`` as Parquet under ``root/<log>/``; returns that folder.

    An earlier store of the log there is replaced whole. The files hold the log's events as stored (identifiers
    pseudonymised, CPR numbers masked) but are **not encrypted** by Sagsflow: the storage they are written to must
    protect them. From an encrypted workspace the export is refused unless ``unencrypted_ok=True`` says that it does
    (the workspace's encryption at rest would otherwise end silently at this copy; docs/engines.md).

    Raises
    ------
    NotFoundError
        No such log.
    DisclosureError
        The workspace is encrypted and ``unencrypted_ok`` is not set.
    """
    from sagsflow.store import encryption

    check_log_name(log)
    if log not in workspace:
        raise NotFoundError(f"no log named {log!r} in the workspace.")
    if encryption.encrypted(workspace) and not unencrypted_ok:
        raise DisclosureError(
            f"the workspace is encrypted at rest, and a Parquet store of log {log!r} would be an unencrypted copy.",
            hint="Write it only to storage that is itself encrypted and access-controlled, and say so with "
                 "unencrypted_ok=True.",
        )
    target = Path(root) / log
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.parent / f".{log}.{uuid.uuid4().hex[:8]}.tmp"
    tmp.mkdir()
    try:
        with workspace.read() as con:
            write_tables(con, log, tmp)
        replace_store(tmp, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target


def replace_store(tmp: Path, target: Path) -> None:
    """Move the finished store ``tmp`` to ``target``: an earlier store there is moved aside first and deleted only
    once the new one is in place (put back if the move fails), so a reader or a crash never finds no store."""
    if not target.exists():
        tmp.rename(target)
        return
    old = target.parent / f".{target.name}.{uuid.uuid4().hex[:8]}.old"
    target.rename(old)
    try:
        tmp.rename(target)
    except BaseException:
        old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)
