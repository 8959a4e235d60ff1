"""The server's metadata: municipalities, users and roles, workspaces, tokens and sessions, saved filters,
jobs and the append-only audit log, in a relational database (SQLite by default, PostgreSQL by URL) kept
up to date by Alembic migrations.

Examples
--------
>>> from sagsflow.meta import MetaDB, accounts
>>> db = MetaDB("sqlite://")
>>> db.upgrade()
>>> with db.session() as s:
...     m = accounts.create_municipality(s, "Aarhus", code="751")
...     u = accounts.create_user(s, "ana", "a long passphrase", role="analyst", municipality_id=m.id)
...     s.commit()
...     accounts.authenticate(s, "ana", "a long passphrase").role
'analyst'
"""

from sagsflow.meta.db import MetaDB
from sagsflow.meta.models import (
    ROLES,
    ApiToken,
    AuditChain,
    AuditEntry,
    Base,
    Job,
    Municipality,
    SavedFilter,
    ServerSession,
    User,
    WorkspaceRecord,
)

__all__ = [
    "ROLES",
    "ApiToken",
    "AuditChain",
    "AuditEntry",
    "Base",
    "Job",
    "MetaDB",
    "Municipality",
    "SavedFilter",
    "ServerSession",
    "User",
    "WorkspaceRecord",
]
