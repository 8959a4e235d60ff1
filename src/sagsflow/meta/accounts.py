"""Municipalities, users, workspaces, API tokens and login sessions."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from sagsflow.errors import InvalidParameterError
from sagsflow.meta.models import ROLES, ApiToken, Municipality, ServerSession, User, WorkspaceRecord, utcnow
from sagsflow.meta.security import digest, hash_password, new_api_token, new_secret, verify_password

MIN_PASSWORD_LENGTH = 12


def check_password_strength(password: str) -> None:
    """Refuse passwords shorter than 12 characters."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidParameterError(
            f"a password needs at least {MIN_PASSWORD_LENGTH} characters. Got {len(password)}.",
            hint="Use a passphrase of several words.", field="password",
        )


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
    if s.scalar(select(User).where(User.username == username)) is not None:
        raise InvalidParameterError(f"the username {username!r} is taken.", field="username")
    check_password_strength(password)
    u = User(username=username, password_hash=hash_password(password), role=role,
             municipality_id=municipality_id, active=True)
    s.add(u)
    s.flush()
    return u


def set_password(s: Session, user: User, password: str) -> None:
    """Replace a user's password and end their sessions."""
    check_password_strength(password)
    user.password_hash = hash_password(password)
    s.execute(delete(ServerSession).where(ServerSession.user_id == user.id))


def authenticate(s: Session, username: str, password: str) -> User | None:
    """The active user with this username and password, or None (same work either way)."""
    user = s.scalar(select(User).where(User.username == username))
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
        if s.scalar(select(User).where(User.username == name)) is not None:
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
        s.execute(delete(ServerSession).where(ServerSession.user_id == user.id))
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


def create_token(s: Session, user: User, name: str, *, days: int | None = 365) -> tuple[ApiToken, str]:
    """A new API token for ``user``: the stored record and the plain token (shown once)."""
    plain = new_api_token()
    tok = ApiToken(user_id=user.id, name=name, token_hash=digest(plain), prefix=plain[:8], revoked=False,
                   expires_at=utcnow() + timedelta(days=days) if days else None)
    s.add(tok)
    s.flush()
    return tok, plain


def user_for_token(s: Session, plain: str) -> User | None:
    """The active user of a valid, unrevoked, unexpired token."""
    tok = s.scalar(select(ApiToken).where(ApiToken.token_hash == digest(plain)))
    now = utcnow()
    if tok is None or tok.revoked or (tok.expires_at is not None and tok.expires_at <= now):
        return None
    user = s.get(User, tok.user_id)
    if user is None or not user.active:
        return None
    tok.last_used_at = now
    return user


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
