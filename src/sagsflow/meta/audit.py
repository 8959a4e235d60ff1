"""The append-only audit log: record, search, count recent login failures."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sagsflow.meta.models import AuditEntry, User, utcnow


def record(s: Session, action: str, *, user: User | None = None, username: str | None = None,
           object_type: str | None = None, object_id: str | int | None = None,
           details: dict[str, Any] | None = None, ip: str | None = None) -> AuditEntry:
    """Append one entry (the caller commits, in the same request as the action)."""
    e = AuditEntry(
        time=utcnow(), action=action, user_id=user.id if user else None,
        username=user.username if user else username,
        municipality_id=user.municipality_id if user else None,
        object_type=object_type, object_id=None if object_id is None else str(object_id),
        details=details, ip=ip,
    )
    s.add(e)
    s.flush()
    return e


def search(s: Session, *, username: str | None = None, action: str | None = None,
           since: datetime | None = None, until: datetime | None = None,
           municipality_id: int | None = None, limit: int = 1000, offset: int = 0) -> list[AuditEntry]:
    """Entries newest first; ``action`` matches a prefix (``case`` finds ``case.list`` and ``case.read``)."""
    q = select(AuditEntry)
    if username is not None:
        q = q.where(AuditEntry.username == username)
    if action is not None:
        q = q.where(AuditEntry.action.startswith(action, autoescape=True))
    if since is not None:
        q = q.where(AuditEntry.time >= since)
    if until is not None:
        q = q.where(AuditEntry.time < until)
    if municipality_id is not None:
        q = q.where(AuditEntry.municipality_id == municipality_id)
    q = q.order_by(AuditEntry.time.desc(), AuditEntry.id.desc()).limit(limit).offset(offset)
    return list(s.scalars(q))


def recent_login_failures(s: Session, username: str, ip: str | None, *, window: timedelta) -> list[datetime]:
    """Times of failed logins for this username from this address since the last success, within ``window``."""
    since = utcnow() - window
    last_ok = s.scalar(
        select(func.max(AuditEntry.time)).where(AuditEntry.action == "auth.login",
                                                AuditEntry.username == username, AuditEntry.ip == ip)
    )
    if last_ok is not None:
        if last_ok.tzinfo is None:
            from datetime import UTC

            last_ok = last_ok.replace(tzinfo=UTC)
        since = max(since, last_ok)
    q = select(AuditEntry.time).where(AuditEntry.action == "auth.login_failed", AuditEntry.username == username,
                                      AuditEntry.ip == ip, AuditEntry.time >= since)
    return sorted(s.scalars(q))
