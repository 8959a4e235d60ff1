"""Login, logout, CSRF, rate limiting and API tokens."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.conftest import PASSWORD, World, login


def test_login_sets_a_strict_httponly_secure_cookie_and_me_works(world: World) -> None:
    c = world.client
    r = c.post("/api/auth/login", json={"username": "analyst_a", "password": PASSWORD})
    assert r.status_code == 200
    cookie = next(h for h in r.headers.get_list("set-cookie") if h.startswith("sagsflow_session="))
    assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    me = c.get("/api/auth/me").json()
    assert me["username"] == "analyst_a" and me["role"] == "analyst"
    assert world.audit_actions()[-1] == "auth.login"


def test_wrong_password_is_401_problem_and_audited(world: World) -> None:
    r = world.client.post("/api/auth/login", json={"username": "analyst_a", "password": "nope"})
    assert r.status_code == 401 and r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["message"] == "wrong username or password."
    assert world.audit_actions()[-1] == "auth.login_failed"


def test_unknown_user_gets_the_same_answer(world: World) -> None:
    r = world.client.post("/api/auth/login", json={"username": "ghost", "password": "nope"})
    assert r.status_code == 401 and r.json()["message"] == "wrong username or password."


def test_no_credentials_is_401(world: World) -> None:
    r = world.client.get("/api/workspaces")
    assert r.status_code == 401 and r.json()["type"] == "unauthenticated"


def test_csrf_header_needed_for_cookie_writes(world: World) -> None:
    c = world.client
    csrf = login(c, "analyst_a")
    assert c.post("/api/auth/tokens", json={"name": "x"}).status_code == 403
    assert c.post("/api/auth/tokens", json={"name": "x"}, headers={"X-CSRF-Token": "wrong"}).status_code == 403
    assert c.post("/api/auth/tokens", json={"name": "x"}, headers={"X-CSRF-Token": csrf}).status_code == 201
    assert c.cookies.get("sagsflow_csrf") == csrf


def test_logout_ends_the_session(world: World) -> None:
    c = world.client
    csrf = login(c, "viewer_a")
    stolen = c.cookies.get("sagsflow_session")
    assert c.post("/api/auth/logout", headers={"X-CSRF-Token": csrf}).status_code == 204
    assert c.get("/api/auth/me").status_code == 401
    c.cookies.set("sagsflow_session", stolen or "", domain="testserver")
    assert c.get("/api/auth/me").status_code == 401  # the old cookie is dead on the server too
    assert "auth.logout" in world.audit_actions()


def test_rate_limit_after_five_failures(world: World) -> None:
    c = world.client
    for _ in range(5):
        assert c.post("/api/auth/login", json={"username": "viewer_b", "password": "bad"}).status_code == 401
    r = c.post("/api/auth/login", json={"username": "viewer_b", "password": PASSWORD})
    assert r.status_code == 429
    assert 800 < int(r.headers["Retry-After"]) <= 900
    assert r.json()["type"] == "too-many-requests"
    # another user from the same address is not blocked
    assert c.post("/api/auth/login", json={"username": "viewer_a", "password": PASSWORD}).status_code == 200


def test_api_token_is_shown_once_stored_hashed_and_revocable(world: World) -> None:
    c = world.client
    h = world.headers("a", "analyst")
    r = c.post("/api/auth/tokens", json={"name": "pipeline", "days": 30}, headers=h)
    assert r.status_code == 201
    tok = r.json()["token"]
    assert tok.startswith("sf_") and len(tok) > 40
    from sqlalchemy import select

    from sagsflow.meta.models import ApiToken

    with world.db.session() as s:
        stored = list(s.scalars(select(ApiToken.token_hash)))
    assert tok not in stored and all(len(x) == 64 for x in stored)
    bearer = {"Authorization": f"Bearer {tok}"}
    assert c.get("/api/auth/me", headers=bearer).json()["username"] == "analyst_a"
    listed = c.get("/api/auth/tokens", headers=bearer).json()
    assert "token" not in listed[-1] and listed[-1]["name"] == "pipeline"
    assert c.delete(f"/api/auth/tokens/{r.json()['id']}", headers=bearer).status_code == 204
    assert c.get("/api/auth/me", headers=bearer).status_code == 401


def test_cannot_revoke_someone_elses_token(world: World) -> None:
    c = world.client
    r = c.post("/api/auth/tokens", json={"name": "mine"}, headers=world.headers("a", "analyst"))
    other = c.delete(f"/api/auth/tokens/{r.json()['id']}", headers=world.headers("a", "viewer"))
    assert other.status_code == 404


def test_token_auth_needs_no_csrf(world: World) -> None:
    r = world.client.post("/api/auth/tokens", json={"name": "x"}, headers=world.headers("a", "viewer"))
    assert r.status_code == 201


def test_deactivated_user_cannot_log_in(world: World) -> None:
    c: TestClient = world.client
    uid = world.user_id[("a", "viewer")]
    r = c.patch(f"/api/users/{uid}", json={"active": False}, headers=world.headers("a", "administrator"))
    assert r.status_code == 200 and r.json()["active"] is False
    assert c.post("/api/auth/login", json={"username": "viewer_a", "password": PASSWORD}).status_code == 401
    assert c.get("/api/auth/me", headers=world.headers("a", "viewer")).status_code == 401
