"""The audit log: auditors search and export it (formula-safe CSV); nobody can change it."""

from __future__ import annotations

import csv
import io
import logging
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from sagsflow.meta.models import AuditEntry
from tests.api.conftest import World


def test_auditor_searches_by_user_and_action(world: World) -> None:
    c = world.client
    c.post(f"/api/workspaces/{world.workspace['a']}/logs/cases/cases", json={}, headers=world.headers("a", "analyst"))
    c.post(f"/api/workspaces/{world.workspace['b']}/logs/cases/cases", json={}, headers=world.headers("b", "analyst"))
    rows = c.get("/api/audit", params={"action": "case", "username": "analyst_a"},
                 headers=world.headers("a", "auditor")).json()
    assert [(r["action"], r["username"]) for r in rows] == [("case.list", "analyst_a")]
    everything = c.get("/api/audit", headers=world.headers("a", "auditor")).json()
    assert "analyst_b" not in {r["username"] for r in everything}  # only the own municipality


def test_only_auditors_read_the_audit_log(world: World) -> None:
    for role in ("administrator", "analyst", "viewer"):
        assert world.client.get("/api/audit", headers=world.headers("a", role)).status_code == 403


def test_export_is_formula_safe_csv_and_audited(world: World) -> None:
    c = world.client
    from sagsflow.meta import audit
    from sagsflow.meta.models import User

    with world.db.session() as s:
        who = s.get(User, world.user_id[("a", "viewer")])
        audit.record(s, "custom", user=who, object_type="case", object_id='=HYPERLINK("http://evil")')
        s.commit()
    c.post("/api/auth/login", json={"username": "viewer_a", "password": "wrong"})
    r = c.get("/api/audit/export.csv", headers=world.headers("a", "auditor"))
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert any(row["action"] == "auth.login_failed" and row["username"] == "viewer_a" for row in rows)
    assert world.audit_actions()[-1] == "audit.export"
    assert any(row["object_id"] == "'=HYPERLINK(\"http://evil\")" for row in rows)
    assert all(not v.startswith(("=", "+", "@")) for row in rows for v in row.values() if v)


def test_database_refuses_update_and_delete_of_audit_entries(world: World) -> None:
    world.client.get("/api/auth/me", headers=world.headers("a", "viewer"))
    world.client.post("/api/auth/login", json={"username": "viewer_a", "password": "nope"})
    with world.db.engine.connect() as con:
        for sql in ("UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log"):
            with pytest.raises(Exception, match="append-only"):
                con.execute(text(sql))
            con.rollback()
        assert con.execute(text("SELECT count(*) FROM audit_log")).scalar_one() >= 1


def test_no_route_changes_the_audit_log(world: World) -> None:
    schema = world.client.get("/openapi.json").json()
    methods = {m for p, ops in schema["paths"].items() if p.startswith("/api/audit") for m in ops}
    assert methods == {"get"}


def test_user_changes_are_audited(world: World) -> None:
    h = world.headers("a", "administrator")
    r = world.client.post("/api/users", headers=h, json={"username": "new_analyst", "role": "analyst",
                                                         "password": "wide river under old bridges"})
    assert r.status_code == 201 and r.json()["municipality_id"] == world.municipality["a"]
    world.client.patch(f"/api/users/{r.json()['id']}", headers=h, json={"role": "viewer"})
    assert world.audit_actions()[-2:] == ["user.create", "user.update"]
    short = world.client.post("/api/users", headers=h, json={"username": "x", "password": "short", "role": "viewer"})
    assert short.status_code == 422


def test_blocked_logins_of_a_known_user_reach_their_municipalitys_auditor(world: World) -> None:
    c = world.client
    for _ in range(6):
        c.post("/api/auth/login", json={"username": "viewer_b", "password": "wrong password"})
    rows = c.get("/api/audit", params={"action": "auth.login_blocked"}, headers=world.headers("b", "auditor")).json()
    assert len(rows) == 1 and rows[0]["username"] == "viewer_b"
    assert rows[0]["municipality_id"] == world.municipality["b"]
    assert rows[0]["user_id"] == world.user_id[("b", "viewer")]
    other = c.get("/api/audit", params={"action": "auth.login"}, headers=world.headers("a", "auditor")).json()
    assert "viewer_b" not in {r["username"] for r in other}


def test_auditors_verify_the_chain_over_the_api(world: World) -> None:
    world.client.post("/api/auth/login", json={"username": "viewer_a", "password": "wrong password"})
    r = world.client.get("/api/audit/chain", headers=world.headers("a", "auditor"))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["ok"] is True and body["problems"] == [] and body["n_entries"] >= 1 and len(body["head_hash"]) == 64
    assert world.client.get("/api/audit/chain", headers=world.headers("a", "analyst")).status_code == 403


def _delete_an_entry_behind_the_triggers_back(db: Any) -> None:
    """What an intruder with database access does: drop the append-only trigger, delete an entry."""
    with db.engine.begin() as con:
        if db.engine.dialect.name == "postgresql":
            con.execute(text("DROP TRIGGER audit_log_append_only ON audit_log"))
        else:
            con.execute(text("DROP TRIGGER audit_log_no_delete"))
        con.execute(text("DELETE FROM audit_log WHERE id = (SELECT min(id) FROM audit_log)"))


def test_the_server_checks_the_chain_at_start_up(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from fastapi.testclient import TestClient

    from sagsflow.api.main import create_app
    from sagsflow.meta.audit import AuditChainError
    from tests.api.conftest import make_settings

    settings = make_settings(tmp_path)
    with TestClient(create_app(settings=settings), base_url="https://testserver") as c:
        c.post("/api/auth/login", json={"username": "ghost", "password": "nope"})
        c.post("/api/auth/login", json={"username": "ghost", "password": "nope again"})
        _delete_an_entry_behind_the_triggers_back(c.app.state.server.db)  # type: ignore[attr-defined]
    assert (settings.data_dir / "audit-anchor.json").exists()  # the head, recorded when the server stopped
    refusing = settings.model_copy(update={"audit_verify_on_start": "refuse"})
    with pytest.raises(AuditChainError, match="hash chain is broken"), \
            TestClient(create_app(settings=refusing), base_url="https://testserver"):
        pass
    with caplog.at_level(logging.CRITICAL, logger="sagsflow.audit"), \
            TestClient(create_app(settings=settings), base_url="https://testserver") as c:
        db = c.app.state.server.db  # type: ignore[attr-defined]
        with db.session() as s:
            last = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert "audit chain BROKEN" in caplog.text and "does not follow the genesis value" in caplog.text
    assert last is not None and last.action == "audit.chain_broken"
