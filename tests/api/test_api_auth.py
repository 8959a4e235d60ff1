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


def _session_token(world: World, username: str, password: str = PASSWORD, **body: Any) -> dict[str, Any]:
    """A token made the only way there is: from a login session."""
    c = TestClient(world.client.app, base_url="https://testserver")
    csrf = login(c, username, password)
    r = c.post("/api/auth/tokens", json={"name": "pipeline", **body}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 201, r.text
    return dict(r.json())


def test_api_token_is_shown_once_stored_hashed_and_revocable(world: World) -> None:
    c = world.client
    made = _session_token(world, "analyst_a", days=30)
    tok = made["token"]
    assert tok.startswith("sf_") and len(tok) > 40 and made["scope"] == "read"  # least privilege by default
    from sqlalchemy import select

    from sagsflow.meta.models import ApiToken

    with world.db.session() as s:
        stored = list(s.scalars(select(ApiToken.token_hash)))
    assert tok not in stored and all(len(x) == 64 for x in stored)
    bearer = {"Authorization": f"Bearer {tok}"}
    assert c.get("/api/auth/me", headers=bearer).json()["username"] == "analyst_a"
    listed = c.get("/api/auth/tokens", headers=bearer).json()
    assert "token" not in listed[-1] and listed[-1]["name"] == "pipeline"
    assert c.delete(f"/api/auth/tokens/{made['id']}", headers=bearer).status_code == 204
    assert c.get("/api/auth/me", headers=bearer).status_code == 401


def test_a_token_cannot_mint_tokens(world: World) -> None:
    child = _session_token(world, "analyst_a")
    for tok in (world.token[("a", "analyst")], child["token"]):
        r = world.client.post("/api/auth/tokens", json={"name": "child"}, headers={"Authorization": f"Bearer {tok}"})
        assert r.status_code == 403 and r.json()["type"] == "token-cannot-mint"


def test_cannot_revoke_someone_elses_token(world: World) -> None:
    made = _session_token(world, "analyst_a", scope="analyse")
    other = world.client.delete(f"/api/auth/tokens/{made['id']}", headers=world.headers("a", "viewer"))
    assert other.status_code == 404


def test_token_auth_needs_no_csrf(world: World) -> None:
    r = world.client.post(f"/api/workspaces/{world.workspace['a']}/filters", headers=world.headers("a", "analyst"),
                          json={"name": "mine", "spec": {"steps": []}})
    assert r.status_code == 201, r.text


def test_token_scopes_are_enforced_on_routes(world: World) -> None:
    c = world.client
    ws = world.workspace["a"]
    read = {"Authorization": f"Bearer {_session_token(world, 'analyst_a', scope='read')['token']}"}
    analyse = {"Authorization": f"Bearer {_session_token(world, 'analyst_a', scope='analyse')['token']}"}
    assert c.post(f"/api/workspaces/{ws}/logs/cases/map", json={}, headers=read).status_code == 200
    assert c.get(f"/api/workspaces/{ws}/logs", headers=read).status_code == 200
    r = c.post(f"/api/workspaces/{ws}/filters", json={"name": "x", "spec": {"steps": []}}, headers=read)
    assert r.status_code == 403 and r.json()["type"] == "insufficient-scope"
    assert "needs 'analyse'" in r.json()["message"]
    assert c.delete(f"/api/workspaces/{ws}/logs/cases", headers=read).status_code == 403
    assert c.post(f"/api/workspaces/{ws}/filters", json={"name": "x", "spec": {"steps": []}},
                  headers=analyse).status_code == 201
    admin_read = {"Authorization": f"Bearer {_session_token(world, 'administrator_a', scope='read')['token']}"}
    assert c.get("/api/users", headers=admin_read).status_code == 403
    assert c.get("/api/users", headers=world.headers("a", "administrator")).status_code == 200
    schema = c.get("/openapi.json").json()["paths"]
    assert schema["/api/users"]["post"]["x-token-scope"] == "administer"
    assert schema["/api/workspaces/{workspace_id}/logs/{log}/map"]["post"]["x-token-scope"] == "read"


def test_a_token_never_exceeds_its_role_or_the_longest_lifetime(world: World) -> None:
    c = TestClient(world.client.app, base_url="https://testserver")
    csrf = {"X-CSRF-Token": login(c, "viewer_a")}
    r = c.post("/api/auth/tokens", json={"name": "x", "scope": "administer"}, headers=csrf)
    assert r.status_code == 422 and "scope analyse at most" in r.json()["message"]
    r = c.post("/api/auth/tokens", json={"name": "x", "days": 3650}, headers=csrf)
    assert r.status_code == 422 and "SAGSFLOW_TOKEN_MAX_DAYS" in r.json()["hint"]
    assert c.post("/api/auth/tokens", json={"name": "x", "days": None}, headers=csrf).status_code == 422
    made = c.post("/api/auth/tokens", json={"name": "x", "days": 90}, headers=csrf).json()
    bearer = {"Authorization": f"Bearer {made['token']}"}
    assert c.get("/api/auth/me", headers=bearer).status_code == 200
    from datetime import timedelta

    from sagsflow.meta.models import ApiToken, utcnow

    with world.db.session() as s:  # a token made long ago (say, for ten years, before the limit existed)
        tok = s.get(ApiToken, made["id"])
        assert tok is not None
        tok.created_at = utcnow() - timedelta(days=91)
        tok.expires_at = utcnow() + timedelta(days=3000)
        s.commit()
    assert c.get("/api/auth/me", headers=bearer).status_code == 401


def test_password_reset_and_role_change_end_sessions_and_revoke_tokens(world: World) -> None:
    admin = world.headers("a", "administrator")
    url = f"/api/users/{world.user_id[('a', 'analyst')]}"
    new_password = "a completely new passphrase here"
    for change, password in (({"password": new_password}, PASSWORD), ({"role": "viewer"}, new_password)):
        user = TestClient(world.client.app, base_url="https://testserver")
        login(user, "analyst_a", password)
        token = {"Authorization": f"Bearer {_session_token(world, 'analyst_a', password=password)['token']}"}
        assert user.get("/api/auth/me").status_code == 200
        assert world.client.get("/api/auth/me", headers=token).status_code == 200
        r = world.client.patch(url, json=change, headers=admin)
        assert r.status_code == 200, r.text
        assert user.get("/api/auth/me").status_code == 401  # the session ended
        assert world.client.get("/api/auth/me", headers=token).status_code == 401  # the token was revoked
    assert world.client.get("/api/auth/me", headers=world.headers("a", "analyst")).status_code == 401


def test_admins_list_and_revoke_their_municipalitys_tokens(world: World) -> None:
    c = world.client
    made = _session_token(world, "analyst_a", scope="analyse")
    listed = c.get("/api/tokens", headers=world.headers("a", "administrator")).json()
    mine = next(t for t in listed if t["id"] == made["id"])
    assert mine["username"] == "analyst_a" and mine["scope"] == "analyse" and "token" not in mine
    assert {t["username"] for t in listed} <= {f"{r}_a" for r in ("administrator", "analyst", "viewer", "auditor")}
    others = c.get("/api/tokens", headers=world.headers("b", "administrator")).json()
    assert made["id"] not in {t["id"] for t in others}
    assert c.delete(f"/api/tokens/{made['id']}", headers=world.headers("b", "administrator")).status_code == 404
    assert c.get("/api/tokens", headers=world.headers("a", "analyst")).status_code == 403
    assert c.delete(f"/api/tokens/{made['id']}", headers=world.headers("a", "administrator")).status_code == 204
    assert c.get("/api/auth/me", headers={"Authorization": f"Bearer {made['token']}"}).status_code == 401
    assert world.audit_actions()[-1] == "token.revoke"


def test_usernames_are_unique_per_municipality_only(world: World) -> None:
    c = world.client
    body = {"username": "analyst_a", "password": "another long passphrase", "role": "analyst"}
    twin = c.post("/api/users", json=body, headers=world.headers("b", "administrator"))
    assert twin.status_code == 201, twin.text  # nothing tells Odense's admin that Aarhus has one
    taken = c.post("/api/users", json=body, headers=world.headers("a", "administrator"))
    assert taken.status_code == 422 and "taken" in taken.json()["message"]
    assert c.post("/api/auth/login", json={"username": "analyst_a", "password": PASSWORD}).json()["user"][
        "municipality_id"] == world.municipality["a"]  # without a municipality: the older account
    fresh = TestClient(world.client.app, base_url="https://testserver")
    r = fresh.post("/api/auth/login", json={"username": "analyst_a", "password": "another long passphrase",
                                            "municipality": "Odense"})
    assert r.status_code == 200 and r.json()["user"]["municipality_id"] == world.municipality["b"]


@pytest.mark.parametrize(("password", "why"), [
    ("aaaaaaaaaaaa", "too easy to guess"), ("123456789012", "too easy to guess"),
    ("Password1234", "too easy to guess"), ("qwertyuiopasdf", "too easy to guess"),
    ("new_analyst2024", "made from the username"), ("tsylana_wen!!x", "made from the username"),
    ("short", "at least 12"),
])
def test_the_password_policy_refuses_weak_passwords(world: World, password: str, why: str) -> None:
    r = world.client.post("/api/users", json={"username": "new_analyst", "password": password, "role": "analyst"},
                          headers=world.headers("a", "administrator"))
    assert r.status_code == 422 and why in r.json()["message"], r.text


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
