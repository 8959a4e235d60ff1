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


def demo_banner(url: str, workspace: str | Path | None, logins: dict[str, str]) -> list[str]:
    """The lines ``sagsflow serve`` prints last, once the server listens: where to go and how to log in."""
    lines = [f"Sagsflow is ready: open {url} (workspace {workspace or 'default'}; stop with Ctrl+C)"]
    if workspace is None:
        return lines
    if logins:
        lines.append("Demo logins (user name, password; one user per role):")
        lines += [f"  {user:8} {pw}" for user, pw in logins.items()]
    else:
        lines.append(f"Demo users: {', '.join(u for u, _ in DEMO_USERS)}; their passwords were shown when they were "
                     "created (set SAGSFLOW_DEMO_PASSWORD to choose one).")
    return lines
