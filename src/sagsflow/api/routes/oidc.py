"""OpenID Connect login routes (see :mod:`sagsflow.api.oidc`): start, callback, and whether SSO is on."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel
from sqlalchemy import or_, select

from sagsflow.api.deps import CSRF_COOKIE, DB, SESSION_COOKIE, AuditTrail, State
from sagsflow.api.problems import ApiProblem, problem_responses
from sagsflow.meta import accounts
from sagsflow.meta.models import Municipality

router = APIRouter(prefix="/api/auth/oidc", tags=["auth"], responses=problem_responses(401, 403, 404, 422))
FLOW_COOKIE = "sagsflow_oidc"
_FLOW_SECONDS = 600


class OidcInfo(BaseModel):
    enabled: bool
    login_url: str | None


def _client(state: Any) -> Any:
    if state.oidc is None:
        raise ApiProblem(404, "single sign-on (OpenID Connect) is not configured on this server.",
                         hint="Log in with username and password, or ask the administrator to set "
                              "SAGSFLOW_OIDC_ISSUER, SAGSFLOW_OIDC_CLIENT_ID and SAGSFLOW_OIDC_REDIRECT_URI.")
    return state.oidc


def _signer(state: Any) -> Any:
    from itsdangerous import URLSafeTimedSerializer

    return URLSafeTimedSerializer(state.secret(), salt="sagsflow-oidc-flow")


def _safe_next(value: str | None) -> str:
    """Only a path of this site (no scheme, no host, no '//'), so the login cannot redirect elsewhere."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    return value


@router.get("", operation_id="auth-oidc-info")
def info(state: State) -> OidcInfo:
    """Whether single sign-on is available, and where the login starts (no login needed)."""
    on = state.oidc is not None
    return OidcInfo(enabled=on, login_url="/api/auth/oidc/login" if on else None)


@router.get("/login", operation_id="auth-oidc-login", status_code=302, response_class=RedirectResponse,
            responses={302: {"description": "to the identity provider"}, **problem_responses(502)})
def login(state: State, next: Annotated[str | None, Query(max_length=2000)] = None) -> RedirectResponse:
    """Send the browser to the identity provider (authorization code with PKCE, state and nonce)."""
    client = _client(state)
    start = client.start()
    flow = _signer(state).dumps({"state": start.state, "nonce": start.nonce, "verifier": start.verifier,
                                 "next": _safe_next(next)})
    response = RedirectResponse(start.url, status_code=302)
    response.set_cookie(FLOW_COOKIE, flow, max_age=_FLOW_SECONDS, httponly=True, secure=state.settings.cookie_secure,
                        samesite="lax", path="/api/auth/oidc")
    return response


@router.get("/callback", operation_id="auth-oidc-callback", status_code=302, response_class=RedirectResponse,
            responses={302: {"description": "logged in: to the page the login started from"},
                       **problem_responses(502)})
def callback(
    request: Request,
    db: DB,
    state: State,
    trail: AuditTrail,
    code: Annotated[str | None, Query(max_length=4000)] = None,
    state_: Annotated[str | None, Query(alias="state", max_length=200)] = None,
    error: Annotated[str | None, Query(max_length=200)] = None,
    error_description: Annotated[str | None, Query(max_length=1000)] = None,
) -> RedirectResponse:
    """The provider's answer: check it, create or update the user from the claims, start a session."""
    from itsdangerous import BadSignature

    client = _client(state)
    cfg = state.settings

    def fail(status: int, message: str, reason: str, **details: Any) -> ApiProblem:
        trail.log("auth.login_failed", "user", method="oidc", reason=reason, **details)
        return ApiProblem(status, message, kind="oidc-login", hint="Start the login again from the login page.")

    if error:
        raise fail(401, f"the identity provider did not log you in: {error} {error_description or ''}".strip(),
                   "provider_error", error=error)
    try:
        flow = _signer(state).loads(request.cookies.get(FLOW_COOKIE, ""), max_age=_FLOW_SECONDS)
    except BadSignature:
        raise fail(401, "the login has expired or was not started here (no valid login state).",
                   "no_flow") from None
    if not code or not state_ or state_ != flow.get("state"):
        raise fail(401, "the answer of the identity provider does not belong to this login (state differs).",
                   "state_mismatch")
    try:
        claims = client.finish(code, flow["verifier"], flow["nonce"])
    except ApiProblem as exc:
        trail.log("auth.login_failed", "user", method="oidc", reason="token", message=str(exc.detail))
        raise
    subject = f"{claims['iss']} {claims['sub']}"
    username = str(claims.get(cfg.oidc_username_claim) or claims.get("email") or claims["sub"])
    try:
        from sagsflow.api.oidc import map_claims

        role, muni_name = map_claims(claims, cfg.oidc_role_claim, cfg.oidc_role_map)
    except ApiProblem as exc:
        trail.log("auth.login_failed", "user", username=username, method="oidc", reason="no_role",
                  subject=subject)
        raise exc
    muni = db.scalar(select(Municipality).where(or_(Municipality.name == muni_name, Municipality.code == muni_name)))
    if muni is None:
        raise fail(403, f"the municipality {muni_name!r} of your group is not known to this server.",
                   "unknown_municipality", username=username)
    user, changes = accounts.oidc_user(db, subject, username, role=role, municipality_id=muni.id)
    if not user.active:
        raise fail(403, "your Sagsflow account is deactivated.", "inactive", username=user.username)
    if changes:
        details: dict[str, Any] = {k: v for k, v in changes.items() if k != "created"}
        trail.log("user.create" if changes.get("created") else "user.update", "user", user.id, user=user,
                  via="oidc", **details)
    plain, session = accounts.create_session(db, user, hours=cfg.session_hours)
    trail.log("auth.login", "user", user.id, user=user, method="oidc", subject=subject)
    response = RedirectResponse(flow.get("next") or "/", status_code=302)
    max_age = int(cfg.session_hours * 3600)
    response.set_cookie(SESSION_COOKIE, plain, max_age=max_age, httponly=True, secure=cfg.cookie_secure,
                        samesite="strict", path="/")
    response.set_cookie(CSRF_COOKIE, session.csrf_token, max_age=max_age, httponly=False, secure=cfg.cookie_secure,
                        samesite="strict", path="/")
    response.delete_cookie(FLOW_COOKIE, path="/api/auth/oidc")
    return response
