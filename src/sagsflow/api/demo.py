"""The demo set-up of ``make demo``: one municipality, the given workspace, a user of every role."""

from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy import select

from sagsflow.meta import accounts
from sagsflow.meta.db import MetaDB
from sagsflow.meta.models import Municipality, User
from sagsflow.meta.security import new_secret

DEMO_MUNICIPALITY = "Demo Kommune"
DEMO_USERS = (("admin", "administrator"), ("analyst", "analyst"), ("viewer", "viewer"), ("auditor", "auditor"))


def seed_demo(db: MetaDB, workspace: str | Path, *, password: str | None = None) -> dict[str, str]:
    """Create (idempotently) the demo municipality, register ``workspace`` to it and add the demo users.

    With ``password`` every demo user gets it (also on later starts); without it, users created now get
    a random password, which is returned (and printed once by the server). Returns ``{username: password}``
    for the users whose password was set now.
    """
    created: dict[str, str] = {}
    with db.session() as s:
        m = s.scalar(select(Municipality).where(Municipality.name == DEMO_MUNICIPALITY))
        if m is None:
            m = accounts.create_municipality(s, DEMO_MUNICIPALITY, code="000")
        accounts.create_workspace(s, Path(workspace).name or "demo", municipality_id=m.id, path=workspace)
        for username, role in DEMO_USERS:
            u = s.scalar(select(User).where(User.username == username))
            if u is None:
                pw = password or new_secret(12)
                accounts.create_user(s, username, pw, role=role, municipality_id=m.id)
                created[username] = pw
            elif password is not None:
                accounts.set_password(s, u, password)
                created[username] = password
        s.commit()
    return created


def print_demo_passwords(created: dict[str, str]) -> None:
    """Print new demo passwords once, on stderr."""
    if not created:
        return
    print("Sagsflow demo users (shown once; set SAGSFLOW_DEMO_PASSWORD to choose one):", file=sys.stderr)
    for username, pw in created.items():
        print(f"  {username:8} {pw}", file=sys.stderr)
