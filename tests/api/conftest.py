"""Fixtures: a server with two municipalities, a user of every role in each, a global administrator, and a
small log in each municipality's workspace."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import sagsflow
from sagsflow.api.main import create_app
from sagsflow.api.settings import Settings
from sagsflow.meta import accounts
from sagsflow.meta.db import MetaDB
from tests.meta.conftest import (  # noqa: F401 - the first two are autouse fixtures
    _drop_test_databases,
    _fast_password_hashing,
    postgres_database,
)

PASSWORD = "correct horse battery staple"
ROLES = ("administrator", "analyst", "viewer", "auditor")
TENANTS = ("a", "b")
MAPPING = {"case_id": "case", "activity": "activity", "timestamp": "time",
           "resource": {"column": "resource", "data_class": "process"}}


def write_log_csv(path: Path, n_cases: int = 12, prefix: str = "") -> Path:
    """12 cases: 9 follow Register-Check-Decide, 3 take a Rare detour (a group below k = 5)."""
    rows = ["case,activity,time,resource"]
    for c in range(n_cases):
        cid = f"{prefix}{c}"
        rows += [f"{cid},Register,2024-01-{c + 1:02d} 09:00,r{c % 3}",
                 f"{cid},Check,2024-01-{c + 1:02d} 12:00,r{c % 2}"]
        if c % 4 == 0:
            rows.append(f"{cid},Rare,2024-01-{c + 2:02d} 10:00,x")
        rows.append(f"{cid},Decide,2024-01-{c + 3:02d} 10:00,r1")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@dataclass
class World:
    """The running test server and who is in it."""

    client: TestClient
    db: MetaDB
    municipality: dict[str, int] = field(default_factory=dict)
    workspace: dict[str, int] = field(default_factory=dict)
    user_id: dict[tuple[str, str], int] = field(default_factory=dict)
    token: dict[tuple[str, str], str] = field(default_factory=dict)
    root_token: str = ""

    def headers(self, tenant: str, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token[(tenant, role)]}"}

    def username(self, tenant: str, role: str) -> str:
        return f"{role}_{tenant}"

    def audit_actions(self) -> list[str]:
        from sqlalchemy import select

        from sagsflow.meta.models import AuditEntry

        with self.db.session() as s:
            return list(s.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def make_settings(tmp: Path, **kw: Any) -> Settings:
    """Server settings with the data folder in ``tmp``; the metadata database is SQLite there, or a PostgreSQL
    database of its own (the same one for the same ``tmp``, so restarts find their data) when
    ``SAGSFLOW_TEST_POSTGRES_URL`` is set."""
    kw.setdefault("warm_cache", False)  # tests count cache hits; tests/api/test_api_warm.py turns warming on
    kw.setdefault("housekeeping_hours", 0)  # tests run the housekeeping themselves (test_api_legal.py)
    return Settings(data_dir=tmp / "server", database_url=postgres_database(str(tmp.resolve())), workspace=None,
                    demo_password=None, **kw)


def build_world(tmp: Path, **settings: Any) -> Iterator[World]:
    app = create_app(settings=make_settings(tmp, **settings))
    with TestClient(app, base_url="https://testserver") as client:
        db: MetaDB = app.state.server.db
        w = World(client, db)
        with db.session() as s:
            root = accounts.create_user(s, "root", PASSWORD, role="administrator", municipality_id=None)
            w.root_token = accounts.create_token(s, root, "t")[1]
            for t, name in zip(TENANTS, ("Aarhus", "Odense"), strict=True):
                m = accounts.create_municipality(s, name)
                w.municipality[t] = m.id
                folder = tmp / f"ws_{t}"
                with sagsflow.Workspace.open(folder) as ws:
                    sagsflow.read_csv(write_log_csv(tmp / f"{t}.csv", prefix=f"{t}-"), workspace=ws, log="cases",
                                      mapping=MAPPING)
                w.workspace[t] = accounts.create_workspace(s, name, municipality_id=m.id, path=folder).id
                for role in ROLES:
                    u = accounts.create_user(s, f"{role}_{t}", PASSWORD, role=role, municipality_id=m.id)
                    w.user_id[(t, role)] = u.id
                    w.token[(t, role)] = accounts.create_token(s, u, "t")[1]
            s.commit()
        yield w


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    yield from build_world(tmp_path)


@pytest.fixture(scope="module")
def shared_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """One server for a whole module (read-mostly tests)."""
    yield from build_world(tmp_path_factory.mktemp("world"))


def login(client: TestClient, username: str, password: str = PASSWORD) -> str:
    """Log in with the session cookie; returns the CSRF token."""
    r = client.post("/api/auth/login", json={"username": username, "password": password})
    assert r.status_code == 200, r.text
    return str(r.json()["csrf_token"])


def registration_body(target_class: str = "capacity", *, targets: tuple[str, ...] = (), identify_cases: bool = True,
                      review_in_days: int = 365) -> dict[str, Any]:
    """A complete registration proposal (sagsflow.legal) for the API."""
    from datetime import date, timedelta

    return {"target_class": target_class, "targets": list(targets), "purpose": "plan capacity, keep deadlines",
            "decisions_supported": "which open cases to look at first", "end_users": "caseworkers",
            "frequency": "every night", "identify_cases": identify_cases,
            "legal_basis": {"law": "lov om en aktiv beskæftigelsesindsats", "section": "§ 8",
                            "gdpr_articles": ["6(1)(e)"]},
            "dpia_reference": "DPIA-2025-07", "dpia_date": (date.today() - timedelta(days=30)).isoformat(),
            "decision_maker": "Jobcenterchef",
            "review_date": (date.today() + timedelta(days=review_in_days)).isoformat()}


def enable_prediction(w: World, tenant: str = "a", target_class: str = "capacity", **kw: Any) -> dict[str, Any]:
    """Propose (administrator) and approve (auditor) a registration through the API; returns it."""
    r = w.client.post("/api/registrations", json=registration_body(target_class, **kw),
                      headers=w.headers(tenant, "administrator"))
    assert r.status_code == 201, r.text
    a = w.client.post(f"/api/registrations/{r.json()['id']}/approve", headers=w.headers(tenant, "auditor"))
    assert a.status_code == 200, a.text
    return dict(a.json())
