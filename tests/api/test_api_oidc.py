"""OpenID Connect single sign-on against a fake identity provider served in-process (discovery, JWKS and token
endpoints over an httpx mock transport, ID tokens really signed with RS256): PKCE, state and nonce are checked,
groups map to role and municipality, users are created and updated, logins are audited."""

from __future__ import annotations

import base64
import hashlib
import time
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey

from tests.api.conftest import World, build_world

ISSUER = "https://idp.kommune.test"
CLIENT_ID = "sagsflow"
SECRET = "client secret 123"
ROLE_MAP = {"sf-aarhus-analyst": {"role": "analyst", "municipality": "Aarhus"},
            "sf-aarhus-viewer": {"role": "viewer", "municipality": "Aarhus"},
            "sf-odense-viewer": {"role": "viewer", "municipality": "Odense"}}


@dataclass
class FakeIdP:
    """Discovery, JWKS and token endpoints; ``authorize`` stands in for the user logging in at the provider."""

    key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, parameters={"kid": "k1"}))
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    token_requests: list[dict[str, str]] = field(default_factory=list)
    sign_with: RSAKey | None = None

    def authorize(self, url: str, claims: dict[str, Any], nonce: str | None = None) -> tuple[str, str]:
        q = {k: v[0] for k, v in parse_qs(urlparse(url).query).items()}
        assert q["response_type"] == "code" and q["client_id"] == CLIENT_ID
        assert q["code_challenge_method"] == "S256" and "openid" in q["scope"].split()
        code = f"code-{len(self.codes)}"
        self.codes[code] = {"challenge": q["code_challenge"], "nonce": nonce or q["nonce"], "claims": claims,
                            "redirect_uri": q["redirect_uri"]}
        return code, q["state"]

    def handler(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/.well-known/openid-configuration":
            return httpx.Response(200, json={
                "issuer": ISSUER, "authorization_endpoint": f"{ISSUER}/authorize", "token_endpoint": f"{ISSUER}/token",
                "jwks_uri": f"{ISSUER}/jwks", "id_token_signing_alg_values_supported": ["RS256"]})
        if path == "/jwks":
            return httpx.Response(200, json={"keys": [self.key.as_dict(private=False)]})
        if path == "/token":
            form = {k: v[0] for k, v in parse_qs(request.content.decode()).items()}
            self.token_requests.append(form)
            expected = "Basic " + base64.b64encode(f"{CLIENT_ID}:{SECRET}".encode()).decode()
            if request.headers.get("authorization") != expected:
                return httpx.Response(401, json={"error": "invalid_client"})
            grant = self.codes.pop(form.get("code", ""), None)
            verifier = form.get("code_verifier", "")
            challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
            if grant is None or grant["challenge"] != challenge or grant["redirect_uri"] != form.get("redirect_uri"):
                return httpx.Response(400, json={"error": "invalid_grant"})
            now = int(time.time())
            claims = {"iss": ISSUER, "aud": CLIENT_ID, "iat": now, "exp": now + 300, "nonce": grant["nonce"],
                      **grant["claims"]}
            token = jwt.encode({"alg": "RS256", "kid": "k1"}, claims, self.sign_with or self.key)
            return httpx.Response(200, json={"access_token": "at", "token_type": "Bearer", "id_token": token})
        return httpx.Response(404)


@pytest.fixture(scope="module")
def sso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[World, FakeIdP]]:
    idp = FakeIdP()
    gen: Generator[World, None, None] = build_world(  # type: ignore[assignment]
        Path(tmp_path_factory.mktemp("oidc")), oidc_issuer=ISSUER, oidc_client_id=CLIENT_ID,
                      oidc_client_secret=SECRET, oidc_redirect_uri="https://testserver/api/auth/oidc/callback",
                      oidc_role_map=ROLE_MAP)
    w = next(gen)
    w.client.app.state.server.oidc.transport = httpx.MockTransport(idp.handler)  # type: ignore[attr-defined]
    yield w, idp
    gen.close()


def _login(w: World, idp: FakeIdP, claims: dict[str, Any], *, next_: str = "/maps",
           nonce: str | None = None, state: str | None = None) -> httpx.Response:
    w.client.cookies.clear()
    start = w.client.get("/api/auth/oidc/login", params={"next": next_}, follow_redirects=False)
    assert start.status_code == 302, start.text
    assert start.headers["location"].startswith(f"{ISSUER}/authorize?")
    code, real_state = idp.authorize(start.headers["location"], claims, nonce)
    return w.client.get("/api/auth/oidc/callback", params={"code": code, "state": state or real_state},
                        follow_redirects=False)


def _audit(w: World) -> list[tuple[str, dict[str, Any]]]:
    from sqlalchemy import select

    from sagsflow.meta.models import AuditEntry

    with w.db.session() as s:
        return [(e.action, dict(e.details or {})) for e in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def test_first_login_creates_the_user_with_role_and_municipality(sso: tuple[World, FakeIdP]) -> None:
    w, idp = sso
    r = _login(w, idp, {"sub": "u-100", "preferred_username": "anna", "groups": ["staff", "sf-aarhus-analyst"]})
    assert r.status_code == 302 and r.headers["location"] == "/maps", r.text
    assert "sagsflow_session" in r.cookies
    me = w.client.get("/api/auth/me").json()
    assert (me["username"], me["role"], me["municipality_id"]) == ("anna", "analyst", w.municipality["a"])
    # PKCE: the verifier sent to the token endpoint matches the challenge (the fake provider checks it)
    assert idp.token_requests[-1]["code_verifier"] and idp.token_requests[-1]["grant_type"] == "authorization_code"
    actions = [a for a, _ in _audit(w)]
    assert actions[-2:] == ["user.create", "auth.login"]
    assert _audit(w)[-1][1]["method"] == "oidc"
    # the session works like a password login: cookie + CSRF header for writes
    csrf = w.client.cookies.get("sagsflow_csrf")
    ok = w.client.post(f"/api/workspaces/{w.workspace['a']}/logs/cases/variants", json={},
                       headers={"X-CSRF-Token": csrf or ""})
    assert ok.status_code == 200


def test_next_login_updates_the_role_of_the_same_user(sso: tuple[World, FakeIdP]) -> None:
    w, idp = sso
    _login(w, idp, {"sub": "u-200", "preferred_username": "bo", "groups": ["sf-aarhus-analyst"]})
    first = w.client.get("/api/auth/me").json()
    r = _login(w, idp, {"sub": "u-200", "preferred_username": "bo", "groups": ["sf-aarhus-viewer"]})
    assert r.status_code == 302
    again = w.client.get("/api/auth/me").json()
    assert again["id"] == first["id"] and again["role"] == "viewer"
    assert ("user.update", {"via": "oidc", "role": ["analyst", "viewer"]}) in _audit(w)


def test_a_local_username_is_not_taken_over(sso: tuple[World, FakeIdP]) -> None:
    w, idp = sso
    _login(w, idp, {"sub": "u-300", "preferred_username": "analyst_a", "groups": ["sf-aarhus-viewer"]})
    me = w.client.get("/api/auth/me").json()
    assert me["username"].startswith("analyst_a-") and me["id"] != w.user_id[("a", "analyst")]
    assert me["role"] == "viewer"


def test_no_mapped_group_is_refused_and_audited(sso: tuple[World, FakeIdP]) -> None:
    w, idp = sso
    r = _login(w, idp, {"sub": "u-400", "preferred_username": "cai", "groups": ["staff"]})
    assert r.status_code == 403 and r.json()["type"] == "oidc-no-role"
    assert _audit(w)[-1][0] == "auth.login_failed" and _audit(w)[-1][1]["reason"] == "no_role"
    two = _login(w, idp, {"sub": "u-401", "groups": ["sf-aarhus-viewer", "sf-odense-viewer"]})
    assert two.status_code == 403 and "more than one municipality" in two.json()["message"]
    assert "sagsflow_session" not in two.cookies


def test_state_nonce_and_signature_are_checked(sso: tuple[World, FakeIdP]) -> None:
    w, idp = sso
    claims = {"sub": "u-500", "groups": ["sf-aarhus-viewer"]}
    bad_state = _login(w, idp, claims, state="forged")
    assert bad_state.status_code == 401 and "state" in bad_state.json()["message"]
    bad_nonce = _login(w, idp, claims, nonce="replayed")
    assert bad_nonce.status_code == 401 and "nonce" in bad_nonce.json()["message"].lower()
    idp.sign_with = RSAKey.generate_key(2048, parameters={"kid": "k1"})  # a forger's key with the same kid
    try:
        forged = _login(w, idp, claims)
    finally:
        idp.sign_with = None
    assert forged.status_code == 401 and forged.json()["type"] == "oidc-login"
    w.client.cookies.clear()
    no_flow = w.client.get("/api/auth/oidc/callback", params={"code": "x", "state": "y"}, follow_redirects=False)
    assert no_flow.status_code == 401 and "login state" in no_flow.json()["message"]
    reasons = [d.get("reason") for a, d in _audit(w) if a == "auth.login_failed"]
    assert {"state_mismatch", "token", "no_flow"} <= set(reasons)


def test_next_cannot_redirect_to_another_site(sso: tuple[World, FakeIdP]) -> None:
    w, idp = sso
    r = _login(w, idp, {"sub": "u-600", "groups": ["sf-aarhus-viewer"]}, next_="//evil.example/x")
    assert r.status_code == 302 and r.headers["location"] == "/"
    info = w.client.get("/api/auth/oidc").json()
    assert info == {"enabled": True, "login_url": "/api/auth/oidc/login"}


def test_without_configuration_sso_is_off(shared_world: World) -> None:
    assert shared_world.client.get("/api/auth/oidc").json() == {"enabled": False, "login_url": None}
    r = shared_world.client.get("/api/auth/oidc/login", follow_redirects=False)
    assert r.status_code == 404 and "SAGSFLOW_OIDC_ISSUER" in r.json()["hint"]
