"""OpenID Connect single sign-on (authorization-code flow with PKCE, state and nonce).

The server is a confidential (or, without a secret, public) client of the municipality's identity provider:

1. ``GET /api/auth/oidc/login`` sends the browser to the provider's authorization endpoint (found through
   discovery, ``<issuer>/.well-known/openid-configuration``) with a random ``state``, ``nonce`` and PKCE
   ``code_challenge`` (S256); these travel in a short-lived cookie signed with the server's secret key.
2. ``GET /api/auth/oidc/callback`` checks ``state``, exchanges the code (with the ``code_verifier``) at the
   token endpoint, and validates the ID token: signature against the provider's JWKS (RS256/ES256/...),
   issuer, audience, expiry, nonce.
3. The role claim (e.g. ``groups``) is mapped to a role and a municipality through ``SAGSFLOW_OIDC_ROLE_MAP``;
   the user (identified by issuer and subject, never by a name alone) is created or updated and gets the same
   server-side session as a password login.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import httpx

from sagsflow.api.problems import ApiProblem

#: role precedence when the claim maps to several roles of one municipality
ROLE_ORDER = ("administrator", "analyst", "auditor", "viewer")
_DISCOVERY_TTL = 3600.0


def s256(verifier: str) -> str:
    """The PKCE S256 code challenge of a verifier (RFC 7636)."""
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode("ascii")).digest()).rstrip(b"=").decode()


@dataclass
class LoginStart:
    """Where to send the browser, and the values to keep (signed) until the callback."""

    url: str
    state: str
    nonce: str
    verifier: str


@dataclass
class OidcClient:
    """The provider's metadata and keys (fetched lazily, cached) and the steps of the flow.

    ``transport`` lets tests serve the provider in-process (an ``httpx.MockTransport``).
    """

    issuer: str
    client_id: str
    client_secret: str | None
    redirect_uri: str
    scopes: str = "openid profile email"
    transport: httpx.BaseTransport | None = None
    timeout: float = 10.0
    _meta: dict[str, Any] = field(default_factory=dict)
    _meta_at: float = 0.0
    _jwks: Any = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _http(self) -> httpx.Client:
        return httpx.Client(transport=self.transport, timeout=self.timeout)

    def _problem(self, what: str, exc: Exception | None = None) -> ApiProblem:
        detail = f" ({type(exc).__name__}: {exc})" if exc is not None else ""
        return ApiProblem(502, f"the identity provider {self.issuer} {what}{detail}.", kind="oidc-provider",
                          hint="Check SAGSFLOW_OIDC_ISSUER and that the provider is reachable from the server.")

    def metadata(self) -> dict[str, Any]:
        """The provider's discovery document (cached for an hour)."""
        with self._lock:
            if self._meta and time.monotonic() - self._meta_at < _DISCOVERY_TTL:
                return self._meta
        url = self.issuer.rstrip("/") + "/.well-known/openid-configuration"
        try:
            with self._http() as http:
                r = http.get(url)
                r.raise_for_status()
                meta = r.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise self._problem("did not answer the discovery request", exc) from None
        if meta.get("issuer") != self.issuer:
            raise self._problem(f"announces the issuer {meta.get('issuer')!r}, not the configured one")
        for key in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
            if not isinstance(meta.get(key), str):
                raise self._problem(f"has no {key} in its discovery document")
        with self._lock:
            self._meta, self._meta_at = meta, time.monotonic()
        return meta

    def keys(self, refresh: bool = False) -> Any:
        """The provider's signing keys (a joserfc KeySet), fetched again when ``refresh``."""
        from joserfc.jwk import KeySet

        if self._jwks is not None and not refresh:
            return self._jwks
        try:
            with self._http() as http:
                r = http.get(self.metadata()["jwks_uri"])
                r.raise_for_status()
                keys = KeySet.import_key_set(r.json())
        except (httpx.HTTPError, ValueError) as exc:
            raise self._problem("did not give its signing keys", exc) from None
        self._jwks = keys
        return keys

    def start(self) -> LoginStart:
        """The authorization URL with fresh state, nonce and PKCE challenge."""
        state, nonce, verifier = secrets.token_urlsafe(24), secrets.token_urlsafe(24), secrets.token_urlsafe(48)
        query = {"response_type": "code", "client_id": self.client_id, "redirect_uri": self.redirect_uri,
                 "scope": self.scopes, "state": state, "nonce": nonce, "code_challenge": s256(verifier),
                 "code_challenge_method": "S256"}
        endpoint = self.metadata()["authorization_endpoint"]
        sep = "&" if "?" in endpoint else "?"
        return LoginStart(f"{endpoint}{sep}{urlencode(query)}", state, nonce, verifier)

    def finish(self, code: str, verifier: str, nonce: str) -> dict[str, Any]:
        """Exchange the code for tokens and return the validated ID token's claims."""
        data = {"grant_type": "authorization_code", "code": code, "redirect_uri": self.redirect_uri,
                "client_id": self.client_id, "code_verifier": verifier}
        try:
            with self._http() as http:
                endpoint = self.metadata()["token_endpoint"]
                if self.client_secret:  # client_secret_basic
                    r = http.post(endpoint, data=data, auth=(self.client_id, self.client_secret))
                else:  # a public client: PKCE only
                    r = http.post(endpoint, data=data)
        except httpx.HTTPError as exc:
            raise self._problem("did not answer the token request", exc) from None
        if r.status_code != 200:
            raise ApiProblem(401, f"the identity provider refused the login code ({r.status_code}: "
                                  f"{r.text[:200]}).", kind="oidc-login", hint="Start the login again.")
        id_token = (r.json() or {}).get("id_token")
        if not isinstance(id_token, str):
            raise self._problem("returned no id_token")
        return self.validate(id_token, nonce)

    def validate(self, id_token: str, nonce: str) -> dict[str, Any]:
        """The claims of a signed ID token, after checking signature, issuer, audience, times and nonce."""
        from joserfc import jwt
        from joserfc.errors import JoseError
        from joserfc.jwt import JWTClaimsRegistry

        def decode(keys: Any) -> Any:
            return jwt.decode(id_token, keys, algorithms=["RS256", "RS384", "RS512", "PS256", "ES256", "ES384"])

        try:
            try:
                token = decode(self.keys())
            except (JoseError, ValueError):
                token = decode(self.keys(refresh=True))  # the provider may have rotated its keys
            registry = JWTClaimsRegistry(iss={"essential": True, "value": self.issuer},
                                         aud={"essential": True, "value": self.client_id},
                                         sub={"essential": True}, exp={"essential": True},
                                         nonce={"essential": True, "value": nonce}, leeway=60)
            registry.validate(token.claims)
        except (JoseError, ValueError) as exc:
            raise ApiProblem(401, f"the ID token is not valid ({type(exc).__name__}: {exc}).", kind="oidc-login",
                             hint="Start the login again; if it keeps failing, check the server's clock and "
                                  "SAGSFLOW_OIDC_CLIENT_ID.") from None
        claims: dict[str, Any] = dict(token.claims)
        return claims


def map_claims(claims: dict[str, Any], claim: str, role_map: dict[str, dict[str, str]]) -> tuple[str, str]:
    """(role, municipality name or code) for the values of ``claim`` through ``role_map``.

    Raises ApiProblem 403 when no value maps, or values map to more than one municipality. Several roles in
    one municipality give the highest in :data:`ROLE_ORDER`.

    Examples
    --------
    >>> m = {"sf-aarhus-analyst": {"role": "analyst", "municipality": "Aarhus"},
    ...      "sf-aarhus-viewer": {"role": "viewer", "municipality": "Aarhus"}}
    >>> map_claims({"groups": ["sf-aarhus-viewer", "sf-aarhus-analyst", "staff"]}, "groups", m)
    ('analyst', 'Aarhus')
    """
    raw = claims.get(claim)
    values = [raw] if isinstance(raw, str) else [str(v) for v in raw] if isinstance(raw, list) else []
    hits = [role_map[v] for v in values if v in role_map]
    if not hits:
        raise ApiProblem(403, f"your account has no Sagsflow role: none of the values of the claim {claim!r} is "
                              "mapped to a role.", kind="oidc-no-role",
                         hint="Ask your IT department to add you to a Sagsflow group (SAGSFLOW_OIDC_ROLE_MAP).")
    munis = {h["municipality"] for h in hits}
    if len(munis) > 1:
        raise ApiProblem(403, f"your groups give roles in more than one municipality ({', '.join(sorted(munis))}); "
                              "a user belongs to one.", kind="oidc-no-role",
                         hint="Ask your IT department to keep you in the groups of one municipality.")
    role = min((h["role"] for h in hits), key=lambda r: ROLE_ORDER.index(r) if r in ROLE_ORDER else 99)
    return role, munis.pop()
