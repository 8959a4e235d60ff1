"""A log's Parquet store: its tables as Parquet files, for engines that read shared storage (Spark).

:func:`export_log` writes ``root/<log>/<table>.parquet`` for each of the log's tables (events, cases,
activities, successors), in their stored order, timestamps as UTC instants. A Spark engine
(:class:`sagsflow.query.engine.SparkEngine`) reads them; the store is written to a temporary folder
beside it and moved into place, so a reader never sees half a log.

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

import shutil
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from sagsflow.errors import DisclosureError, NotFoundError
from sagsflow.store.event_store import write_tables
from sagsflow.store.layout import check_log_name

if TYPE_CHECKING:
    from sagsflow.store.workspace import Workspace

__all__ = ["export_log", "replace_store"]

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
