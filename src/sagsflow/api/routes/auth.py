"""Login, logout, the current user and API tokens."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Literal

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy import select

from sagsflow.api.deps import (
    CSRF_COOKIE,
    DB,
    SESSION_COOKIE,
    AuditTrail,
    CurrentUser,
    Id,
    SessionUser,
    State,
    client_ip,
)
from sagsflow.api.problems import ApiProblem, not_found, problem_responses
from sagsflow.api.schemas import UserOut
from sagsflow.meta import accounts
from sagsflow.meta.models import ApiToken, utcnow

router = APIRouter(prefix="/api/auth", tags=["auth"], responses=problem_responses(401, 403, 422))


class LoginIn(BaseModel):
    username: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=1024)
    municipality: str | None = Field(
        default=None, max_length=200,
        description="Name, code or id of your municipality; needed only when your username also exists in "
                    "another municipality on this server (without it the oldest such account is meant).")


class LoginOut(BaseModel):
    user: UserOut
    csrf_token: str = Field(description="Send it in the X-CSRF-Token header of POST/PUT/PATCH/DELETE requests.")
    expires_at: datetime


@router.post("/login", operation_id="auth-login", responses=problem_responses(429))
def login(body: LoginIn, request: Request, response: Response, db: DB, state: State, trail: AuditTrail) -> LoginOut:
    """Log in with username and password; sets an HttpOnly, Secure, SameSite=Strict session cookie.

    An account gets ``SAGSFLOW_LOGIN_MAX_FAILURES`` attempts and a client address
    ``SAGSFLOW_LOGIN_MAX_FAILURES_PER_ADDRESS`` within ``SAGSFLOW_LOGIN_WINDOW_SECONDS`` (successful logins give
    theirs back); further attempts get 429 with ``Retry-After``, also when sent in parallel.
    """
    from sagsflow.meta import throttle

    cfg = state.settings
    ip = client_ip(request) or "unknown"
    window = timedelta(seconds=cfg.login_window_seconds)
    known = accounts.login_user(db, body.username, body.municipality)
    account_key = f"user:{known.id}" if known is not None else f"name:{body.username.lower()}"
    address_key = f"ip:{ip}"
    retry_at = throttle.take(db, [(address_key, cfg.login_max_failures_per_address),
                                  (account_key, cfg.login_max_failures)], window=window)
    if retry_at is not None:
        retry = max(1, math.ceil((retry_at - utcnow()).total_seconds()))
        trail.log("auth.login_blocked", "user", known.id if known else None, user=known, username=body.username)
        raise ApiProblem(429, f"too many failed logins; try again in {retry} seconds.",
                         headers={"Retry-After": str(retry)},
                         hint="Wait, or ask an administrator of your municipality to set a new password.")
    user = accounts.authenticate(db, body.username, body.password, municipality=body.municipality)
    if user is None:
        trail.log("auth.login_failed", "user", known.id if known else None, user=known, username=body.username)
        raise ApiProblem(401, "wrong username or password.",
                         hint="If your username also exists in another municipality, give your municipality too.")
    throttle.succeeded(db, account_key, [address_key], window=window)
    plain, session = accounts.create_session(db, user, hours=cfg.session_hours)
    accounts.purge_sessions(db)
    trail.log("auth.login", "user", user.id, user=user, method="password")
    max_age = int(cfg.session_hours * 3600)
    response.set_cookie(SESSION_COOKIE, plain, max_age=max_age, httponly=True, secure=cfg.cookie_secure,
                        samesite="strict", path="/")
    response.set_cookie(CSRF_COOKIE, session.csrf_token, max_age=max_age, httponly=False,
                        secure=cfg.cookie_secure, samesite="strict", path="/")
    return LoginOut(user=UserOut.model_validate(user), csrf_token=session.csrf_token, expires_at=session.expires_at)


@router.post("/logout", operation_id="auth-logout", status_code=204)
def logout(request: Request, response: Response, user: CurrentUser, db: DB, trail: AuditTrail) -> None:
    """End the session (the cookie is cleared)."""
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        accounts.end_session(db, cookie)
    trail.log("auth.logout", "user", user.id)
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")


@router.get("/me", operation_id="auth-me")
def me(user: CurrentUser) -> UserOut:
    """The logged-in user."""
    return UserOut.model_validate(user)


Scope = Literal["read", "analyse", "administer"]


class TokenIn(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    scope: Scope = Field(
        default="read", description="read: GET and the read-only queries (maps, statistics, variants, cases); "
                                    "analyse: also what changes data (imports, saved filters, models, evaluations, "
                                    "cancelling jobs); administer: users, workspaces, tokens of others. Never "
                                    "more than your role allows; administer only for administrators.")
    days: int = Field(default=90, ge=1, le=3650,
                      description="Days until it expires; at most the server's SAGSFLOW_TOKEN_MAX_DAYS.")


class TokenOut(BaseModel):
    id: int
    name: str
    prefix: str
    scope: str
    created_at: datetime
    expires_at: datetime | None = Field(description="When it stops working (the server's longest lifetime "
                                                    "included).")
    last_used_at: datetime | None
    revoked: bool


def token_out(tok: ApiToken, max_days: int) -> TokenOut:
    return TokenOut(id=tok.id, name=tok.name, prefix=tok.prefix, scope=tok.scope, created_at=tok.created_at,
                    expires_at=accounts.effective_expiry(tok, max_days), last_used_at=tok.last_used_at,
                    revoked=tok.revoked)


class NewTokenOut(TokenOut):
    token: str = Field(description="The token itself; shown only now, only its hash is stored.")


@router.get("/tokens", operation_id="auth-list-tokens")
def list_tokens(user: CurrentUser, db: DB, state: State) -> list[TokenOut]:
    """Your API tokens (never the tokens themselves)."""
    rows = db.scalars(select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id))
    return [token_out(t, state.settings.token_max_days) for t in rows]


@router.post("/tokens", operation_id="auth-create-token", status_code=201)
def create_token(body: TokenIn, user: SessionUser, db: DB, state: State, trail: AuditTrail) -> NewTokenOut:
    """A new API token for pipelines: send it as ``Authorization: Bearer <token>``. Only from a login session:
    a token cannot create tokens."""
    cfg = state.settings
    tok, plain = accounts.create_token(db, user, body.name, scope=body.scope, days=body.days,
                                       max_days=cfg.token_max_days)
    trail.log("token.create", "api_token", tok.id, name=body.name, scope=tok.scope, days=body.days)
    return NewTokenOut(token=plain, **token_out(tok, cfg.token_max_days).model_dump())


@router.delete("/tokens/{token_id}", operation_id="auth-revoke-token", status_code=204,
               responses=problem_responses(404))
def revoke_token(token_id: Id, user: CurrentUser, db: DB, trail: AuditTrail) -> None:
    """Revoke one of your tokens."""
    tok = db.get(ApiToken, token_id)
    if tok is None or tok.user_id != user.id:
        raise not_found("token")
    tok.revoked = True
    trail.log("token.revoke", "api_token", tok.id)
