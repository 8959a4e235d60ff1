"""The server's scheduled legal housekeeping: retention applied to every workspace, registration expiries audited.

Every ``SAGSFLOW_HOUSEKEEPING_HOURS`` hours (default 24; 0 turns the schedule off) a background thread runs
:func:`run_housekeeping`: the expiry of each registration whose review date has come is written to the audit log
(``registration.expire``, once), and :func:`sagsflow.legal.retention.apply_retention` deletes what each log's
retention period no longer allows, with the counts in the audit log (``retention.apply``) and the log's cached
aggregates dropped. ``POST /api/workspaces/{id}/retention/apply`` runs the retention of one workspace at once.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

from sqlalchemy import select

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from sagsflow.api.state import ServerState
    from sagsflow.legal.retention import RetentionReport
    from sagsflow.meta.models import User, WorkspaceRecord

log = logging.getLogger("sagsflow.server")


def apply_workspace_retention(state: ServerState, s: Session, rec: WorkspaceRecord, *, user: User | None = None,
                              dry_run: bool = False, ip: str | None = None) -> list[RetentionReport]:
    """Apply the retention periods of one workspace; each log's counts audited ``retention.apply`` (when
    anything was deleted, or when a person ran it) and its cached aggregates dropped."""
    from sagsflow.legal.retention import apply_retention
    from sagsflow.meta import audit

    ws = state.workspace(rec.path)
    by = user.username if user is not None else "system"
    reports = apply_retention(ws, dry_run=dry_run, by=by)
    for r in reports:
        if r.events_deleted and not dry_run:
            state.forget(rec.path, r.log)
        if not dry_run and (r.events_deleted or user is not None):
            audit.record(s, "retention.apply", user=user, username=None if user else "system", object_type="log",
                         object_id=f"{rec.id}/{r.log}", details=r.to_dict(), ip=ip)
    s.commit()
    return reports


def run_housekeeping(state: ServerState) -> dict[str, int]:
    """One round: registration expiries audited, retention applied to every workspace. Returns counts."""
    from sagsflow.meta import legal as meta_legal
    from sagsflow.meta.models import WorkspaceRecord

    deleted = 0
    with state.db.session() as s:
        expired = meta_legal.record_expiries(s)
        s.commit()
        for rec in s.scalars(select(WorkspaceRecord).order_by(WorkspaceRecord.id)):
            try:
                deleted += sum(r.events_deleted for r in apply_workspace_retention(state, s, rec))
            except Exception:  # one broken workspace must not stop the others' retention
                s.rollback()
                log.exception("retention failed for workspace %s", rec.id)
    return {"expired": len(expired), "events_deleted": deleted}


class Housekeeper:
    """Runs :func:`run_housekeeping` every ``hours`` hours on a daemon thread (first run shortly after start)."""

    def __init__(self, state: ServerState, hours: float, *, first_delay: float = 60.0) -> None:
        self.state, self.interval = state, hours * 3600
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(first_delay,), name="sagsflow-housekeeping",
                                        daemon=True)
        self._thread.start()

    def _run(self, delay: float) -> None:
        while not self._stop.wait(delay):
            try:
                counts = run_housekeeping(self.state)
                log.info("housekeeping: %s", counts)
            except Exception:
                log.exception("housekeeping failed")
            delay = self.interval

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)
