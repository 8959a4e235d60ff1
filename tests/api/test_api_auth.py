"""Login, logout, CSRF, rate limiting and API tokens."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import PASSWORD, World, build_world, login


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


def _parallel(n: int, fn: Any) -> list[Any]:
    from concurrent.futures import ThreadPoolExecutor

    start = threading.Barrier(n)

    def run(i: int) -> Any:
        start.wait()
        return fn(i)

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(run, range(n)))


def _password_checks(world: World) -> int:
    """How many attempts reached the password check (each leaves auth.login_failed or auth.login)."""
    return sum(a in ("auth.login_failed", "auth.login") for a in world.audit_actions())


def test_parallel_wrong_passwords_get_no_more_than_the_limit(world: World) -> None:
    c = world.client
    codes = _parallel(24, lambda i: c.post("/api/auth/login", json={"username": "analyst_b",
                                                                     "password": f"guess number {i}"}).status_code)
    assert sorted(codes) == [401] * 5 + [429] * 19
    assert _password_checks(world) == 5
    # the account stays closed for the right password too, from anywhere
    other = TestClient(c.app, base_url="https://testserver", client=("192.0.2.50", 4000))
    assert other.post("/api/auth/login", json={"username": "analyst_b", "password": PASSWORD}).status_code == 429


def test_parallel_guesses_over_many_accounts_are_limited_per_address(tmp_path: Path) -> None:
    gen = build_world(tmp_path, login_max_failures_per_address=6)
    w = next(gen)
    try:
        users = [f"{role}_{t}" for t in ("a", "b") for role in ("analyst", "viewer", "auditor", "administrator")]
        codes = _parallel(16, lambda i: w.client.post("/api/auth/login", json={
            "username": users[i % len(users)], "password": f"guess {i}"}).status_code)
        assert sorted(codes) == [401] * 6 + [429] * 10
        assert _password_checks(w) == 6
        # another address is not blocked
        other = TestClient(w.client.app, base_url="https://testserver", client=("192.0.2.51", 4000))
        assert other.post("/api/auth/login", json={"username": "viewer_a", "password": PASSWORD}).status_code == 200
    finally:
        gen.close()


def test_a_successful_login_gives_its_slot_back(world: World) -> None:
    c = world.client
    for _ in range(3):
        assert c.post("/api/auth/login", json={"username": "viewer_a", "password": "bad password"}).status_code == 401
    for _ in range(8):
        assert c.post("/api/auth/login", json={"username": "viewer_a", "password": PASSWORD}).status_code == 200


def _last_ip(world: World, action: str) -> str | None:
    from sqlalchemy import select

    from sagsflow.meta.models import AuditEntry

    with world.db.session() as s:
        return s.scalar(select(AuditEntry.ip).where(AuditEntry.action == action).order_by(AuditEntry.id.desc()))


def test_x_forwarded_for_is_ignored_without_trusted_proxies(world: World) -> None:
    c = TestClient(world.client.app, base_url="https://testserver", client=("192.0.2.10", 4000))
    for i in range(5):
        c.post("/api/auth/login", json={"username": "viewer_a", "password": "bad password"},
               headers={"X-Forwarded-For": f"198.51.100.{i}"})
    r = c.post("/api/auth/login", json={"username": "viewer_a", "password": PASSWORD},
               headers={"X-Forwarded-For": "198.51.100.99"})
    assert r.status_code == 429  # a new spoofed address per attempt does not reset the count
    assert _last_ip(world, "auth.login_failed") == "192.0.2.10"  # the real peer, not the header


def test_trusted_proxies_give_the_real_client_and_scheme(tmp_path: Path) -> None:
    gen = build_world(tmp_path, trusted_proxies="10.0.0.0/8, 127.0.0.1", login_max_failures_per_address=3)
    w = next(gen)
    try:
        proxy = TestClient(w.client.app, base_url="http://testserver", client=("10.1.2.3", 4000))
        # the client made up the first address; the proxy appended the one it saw
        headers = {"X-Forwarded-For": "6.6.6.6, 192.0.2.7", "X-Forwarded-Proto": "https"}
        r = proxy.post("/api/auth/login", json={"username": "viewer_a", "password": "bad password"}, headers=headers)
        assert r.status_code == 401
        assert _last_ip(w, "auth.login_failed") == "192.0.2.7"
        assert r.headers["strict-transport-security"].startswith("max-age=")  # https at the proxy
        for i in range(3):  # the address limit counts the resolved client, whatever it prepends
            proxy.post("/api/auth/login", json={"username": f"nobody{i}", "password": "bad password"},
                       headers={"X-Forwarded-For": f"6.6.6.{i}, 192.0.2.7"})
        blocked = proxy.post("/api/auth/login", json={"username": "viewer_b", "password": PASSWORD},
                             headers={"X-Forwarded-For": "192.0.2.7"})
        assert blocked.status_code == 429
        fine = proxy.post("/api/auth/login", json={"username": "viewer_b", "password": PASSWORD},
                          headers={"X-Forwarded-For": "192.0.2.8"})
        assert fine.status_code == 200 and "strict-transport-security" not in fine.headers  # plain http
        # a peer outside the trusted networks cannot claim to be a proxy
        direct = TestClient(w.client.app, base_url="https://testserver", client=("192.0.2.99", 4000))
        direct.post("/api/auth/login", json={"username": "viewer_a", "password": "bad password"},
                    headers={"X-Forwarded-For": "10.0.0.1"})
        assert _last_ip(w, "auth.login_failed") == "192.0.2.99"
    finally:
        gen.close()


def test_a_bad_trusted_proxies_setting_is_refused_at_start() -> None:
    import pydantic

    from sagsflow.api.settings import Settings

    with pytest.raises(pydantic.ValidationError, match="not an IP address or CIDR network"):
        Settings(trusted_proxies="10.0.0.0/8, proxy.kommune.dk")
