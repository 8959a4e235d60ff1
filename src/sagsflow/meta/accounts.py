"""Municipalities, users, workspaces, API tokens and login sessions.

Usernames are unique within a municipality (global administrators among themselves), so one municipality's
administrator learns nothing about another municipality's usernames.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from sagsflow.errors import InvalidParameterError
from sagsflow.meta.models import (
    ROLES,
    SCOPES,
    ApiToken,
    Municipality,
    ServerSession,
    User,
    WorkspaceRecord,
    utcnow,
)
from sagsflow.meta.security import digest, hash_password, new_api_token, new_secret, verify_password

MIN_PASSWORD_LENGTH = 12
#: zxcvbn's score (0-4) a password must reach: 3 is "safely unguessable: moderate protection from offline
#: slow-hash scenario" (about 10^8 guesses and more)
MIN_PASSWORD_SCORE = 3
#: the widest API token scope each role may give its tokens (a token never does more than its user's role allows:
#: ``analyse`` lets a viewer's token save filters or cancel jobs as the viewer may, nothing more)
ROLE_SCOPE = {"viewer": "analyse", "auditor": "analyse", "analyst": "analyse", "administrator": "administer"}
DEFAULT_TOKEN_DAYS = 90


def check_password_strength(password: str, *, user_inputs: Sequence[str] = ()) -> None:
    """Refuse passwords shorter than 12 characters, common ones, repeated or sequential characters, keyboard
    patterns, and passwords made from the username (or the other ``user_inputs``), using zxcvbn's estimate.

    Examples
    --------
    >>> check_password_strength("aaaaaaaaaaaa")
    Traceback (most recent call last):
    ...
    sagsflow.errors.InvalidParameterError: the password is too easy to guess: Repeats like "aaa" are easy to guess.
    <BLANKLINE>
    Use a passphrase of four or more unrelated words; avoid names, dates, repeated or sequential characters.
    """
    hint = "Use a passphrase of four or more unrelated words; avoid names, dates, repeated or sequential characters."
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidParameterError(
            f"a password needs at least {MIN_PASSWORD_LENGTH} characters. Got {len(password)}.",
            hint=hint, field="password",
        )
    lowered = password.lower()
    for word in user_inputs:
        w = word.lower()
        if len(w) >= 3 and (w in lowered or lowered in w or w[::-1] in lowered):
            raise InvalidParameterError("the password is made from the username.", hint=hint, field="password")
    from zxcvbn import zxcvbn

    result = zxcvbn(password[:100], user_inputs=[w for w in user_inputs if w])
    if result["score"] < MIN_PASSWORD_SCORE:
        warning = result["feedback"].get("warning") or "it follows a common pattern."
        raise InvalidParameterError(f"the password is too easy to guess: {warning}", hint=hint, field="password")


def _password_inputs(username: str) -> list[str]:
    parts = [p for p in re.split(r"[._@-]+", username) if len(p) >= 3]
    return [username, *parts, "sagsflow"]


def max_scope(role: str) -> str:
    """The widest token scope of a role."""
    return ROLE_SCOPE.get(role, "read")


def scope_allows(scope: str, needed: str) -> bool:
    """Whether a token of ``scope`` may call an operation needing ``needed`` (read < analyse < administer)."""
    return SCOPES.index(scope) >= SCOPES.index(needed)


def create_municipality(s: Session, name: str, *, code: str | None = None) -> Municipality:
    """Add a municipality (names are unique)."""
    if s.scalar(select(Municipality).where(Municipality.name == name)) is not None:
        raise InvalidParameterError(f"a municipality named {name!r} exists already.", field="name")
    m = Municipality(name=name, code=code)
    s.add(m)
    s.flush()
    return m


def create_user(s: Session, username: str, password: str, *, role: str,
                municipality_id: int | None) -> User:
    """Add a local user with an argon2id password hash.

    Only administrators may be global (``municipality_id=None``).
    """
    if role not in ROLES:
        raise InvalidParameterError(f"role must be one of {', '.join(ROLES)}. Got {role!r} instead.", field="role")
    if municipality_id is None and role != "administrator":
        raise InvalidParameterError(f"a {role} belongs to a municipality; give municipality_id.",
                                    field="municipality_id")
    if _taken(s, username, municipality_id):
        raise InvalidParameterError(f"the username {username!r} is taken.", field="username")
    check_password_strength(password, user_inputs=_password_inputs(username))
    u = User(username=username, password_hash=hash_password(password), role=role,
             municipality_id=municipality_id, active=True)
    s.add(u)
    s.flush()
    return u


def _taken(s: Session, username: str, municipality_id: int | None) -> bool:
    """Whether the username exists in this municipality (among global administrators for None)."""
    where = (User.municipality_id.is_(None) if municipality_id is None else User.municipality_id == municipality_id)
    return s.scalar(select(User.id).where(User.username == username, where)) is not None


def revoke_credentials(s: Session, user: User) -> int:
    """End every session and revoke every API token of ``user``; returns how many tokens were revoked."""
    s.execute(delete(ServerSession).where(ServerSession.user_id == user.id))
    res = s.execute(update(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked.is_(False))
                    .values(revoked=True).execution_options(synchronize_session=False))
    return int(res.rowcount or 0)  # type: ignore[attr-defined]


def set_password(s: Session, user: User, password: str) -> None:
    """Replace a user's password; ends their sessions and revokes their API tokens."""
    check_password_strength(password, user_inputs=_password_inputs(user.username))
    user.password_hash = hash_password(password)
    revoke_credentials(s, user)


def set_role(s: Session, user: User, role: str) -> None:
    """Change a user's role; ends their sessions and revokes their API tokens (made with the old role's rights)."""
    if role not in ROLES:
        raise InvalidParameterError(f"role must be one of {', '.join(ROLES)}. Got {role!r} instead.", field="role")
    if user.municipality_id is None and role != "administrator":
        raise InvalidParameterError("a global user must stay an administrator.", field="role")
    if role != user.role:
        user.role = role
        revoke_credentials(s, user)


def login_user(s: Session, username: str, municipality: str | None = None) -> User | None:
    """The account a login names: the user with this username (in ``municipality``, a name, code or id, when
    given); when several municipalities have the username and none is given, the oldest account."""
    q = select(User).where(User.username == username)
    if municipality:
        ids = select(Municipality.id).where(or_(Municipality.name == municipality, Municipality.code == municipality,
                                                *([Municipality.id == int(municipality)]
                                                  if municipality.isdigit() and len(municipality) < 10 else [])))
        q = q.where(User.municipality_id.in_(ids))
    return s.scalar(q.order_by(User.id).limit(1))


def authenticate(s: Session, username: str, password: str, *, municipality: str | None = None) -> User | None:
    """The active user with this username and password, or None (one password check either way, so the time
    tells nothing)."""
    user = login_user(s, username, municipality)
    ok = verify_password(user.password_hash if user is not None else None, password)
    return user if ok and user is not None and user.active else None


def oidc_user(s: Session, subject: str, username: str, *, role: str,
              municipality_id: int) -> tuple[User, dict[str, object]]:
    """The user of an OpenID Connect subject (``"<issuer> <sub>"``), created on the first login and given the
    role and municipality of this login; returns the user and what changed (``{"created": True}`` for a new
    one). A taken username gets a suffix made from the subject; the user has no usable password."""
    if role not in ROLES:
        raise InvalidParameterError(f"role must be one of {', '.join(ROLES)}. Got {role!r} instead.", field="role")
    user = s.scalar(select(User).where(User.oidc_subject == subject))
    if user is None:
        name = username[:80] or "user"
        if _taken(s, name, municipality_id):
            name = f"{name}-{digest(subject)[:8]}"
        user = User(username=name, password_hash=hash_password(new_secret()), role=role,
                    municipality_id=municipality_id, active=True, oidc_subject=subject)
        s.add(user)
        s.flush()
        return user, {"created": True, "role": role, "municipality_id": municipality_id}
    changes: dict[str, object] = {}
    if user.role != role:
        changes["role"] = [user.role, role]
        user.role = role
    if user.municipality_id != municipality_id:
        changes["municipality_id"] = [user.municipality_id, municipality_id]
        user.municipality_id = municipality_id
    if changes:  # a new role or municipality: tokens and sessions made under the old ones end
        revoke_credentials(s, user)
    return user, changes


def create_workspace(s: Session, name: str, *, municipality_id: int, path: str | Path) -> WorkspaceRecord:
    """Register a workspace folder to a municipality (idempotent for the same folder and municipality)."""
    p = str(Path(path).resolve())
    old = s.scalar(select(WorkspaceRecord).where(WorkspaceRecord.path == p))
    if old is not None:
        if old.municipality_id != municipality_id:
            raise InvalidParameterError("that workspace folder belongs to another municipality.", field="path")
        return old
    w = WorkspaceRecord(name=name, municipality_id=municipality_id, path=p)
    s.add(w)
    s.flush()
    return w


def create_token(s: Session, user: User, name: str, *, scope: str | None = None, days: int = DEFAULT_TOKEN_DAYS,
                 max_days: int | None = None) -> tuple[ApiToken, str]:
    """A new API token for ``user``: the stored record and the plain token (shown once).

    Parameters
    ----------
    scope : {"read", "analyse", "administer"}, optional
        What the token may do; at most the role's own (:data:`ROLE_SCOPE`); default the role's.
    days : int, default 90
        Lifetime; every token expires.
    max_days : int, optional
        The server's longest lifetime (``SAGSFLOW_TOKEN_MAX_DAYS``).
    """
    widest = max_scope(user.role)
    scope = scope or widest
    if scope not in SCOPES:
        raise InvalidParameterError(f"scope must be one of {', '.join(SCOPES)}. Got {scope!r} instead.", field="scope")
    if not scope_allows(widest, scope):
        raise InvalidParameterError(f"a token of a {user.role} can have the scope {widest} at most. Got {scope!r}.",
                                    field="scope")
    if days < 1 or (max_days is not None and days > max_days):
        raise InvalidParameterError(f"a token lives 1 to {max_days or 'some'} days. Got {days}.", field="days",
                                    hint="The longest lifetime is the setting SAGSFLOW_TOKEN_MAX_DAYS.")
    plain = new_api_token()
    now = utcnow()
    tok = ApiToken(user_id=user.id, name=name, token_hash=digest(plain), prefix=plain[:8], revoked=False,
                   scope=scope, created_at=now, expires_at=now + timedelta(days=days))
    s.add(tok)
    s.flush()
    return tok, plain


def effective_expiry(tok: ApiToken, max_days: int | None = None) -> datetime | None:
    """When the token stops working: its own expiry, or earlier under today's longest lifetime."""
    ends = [t for t in (tok.expires_at, tok.created_at + timedelta(days=max_days) if max_days else None) if t]
    return min(ends) if ends else None


def token_for(s: Session, plain: str, *, max_days: int | None = None) -> tuple[User, ApiToken] | None:
    """The active user and the token of a valid, unrevoked, unexpired token."""
    tok = s.scalar(select(ApiToken).where(ApiToken.token_hash == digest(plain)))
    now = utcnow()
    if tok is None or tok.revoked:
        return None
    ends = effective_expiry(tok, max_days)
    if ends is not None and ends <= now:
        return None
    user = s.get(User, tok.user_id)
    if user is None or not user.active:
        return None
    tok.last_used_at = now
    return user, tok


def user_for_token(s: Session, plain: str) -> User | None:
    """The active user of a valid, unrevoked, unexpired token."""
    found = token_for(s, plain)
    return found[0] if found is not None else None


def create_session(s: Session, user: User, *, hours: float) -> tuple[str, ServerSession]:
    """A new login session: the plain session id (for the cookie) and the stored row."""
    plain = new_secret()
    row = ServerSession(id_hash=digest(plain), user_id=user.id, csrf_token=new_secret(),
                        expires_at=utcnow() + timedelta(hours=hours))
    s.add(row)
    s.flush()
    return plain, row


def session_for(s: Session, plain: str) -> tuple[User, ServerSession] | None:
    """The user and session of a session cookie, when valid."""
    row = s.get(ServerSession, digest(plain))
    if row is None or row.expires_at <= utcnow():
        return None
    user = s.get(User, row.user_id)
    if user is None or not user.active:
        return None
    return user, row


def end_session(s: Session, plain: str) -> None:
    s.execute(delete(ServerSession).where(ServerSession.id_hash == digest(plain)))


def purge_sessions(s: Session, now: datetime | None = None) -> int:
    """Delete expired sessions; returns how many."""
    res = s.execute(delete(ServerSession).where(ServerSession.expires_at <= (now or utcnow())))
    return int(res.rowcount or 0)  # type: ignore[attr-defined]
