"""The audit log: auditors search and export it (formula-safe CSV); nobody can change it."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import text

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
    r = world.client.post("/api/users", headers=h, json={"username": "new_analyst", "password": "a" * 12,
                                                         "role": "analyst"})
    assert r.status_code == 201 and r.json()["municipality_id"] == world.municipality["a"]
    world.client.patch(f"/api/users/{r.json()['id']}", headers=h, json={"role": "viewer"})
    assert world.audit_actions()[-2:] == ["user.create", "user.update"]
    short = world.client.post("/api/users", headers=h, json={"username": "x", "password": "short", "role": "viewer"})
    assert short.status_code == 422
