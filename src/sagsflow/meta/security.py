"""Password hashing (argon2id) and random secrets (session ids, API tokens, CSRF tokens)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_HASHER = PasswordHasher()
#: hashed once, verified against when a username does not exist (same time as a real check)
_DUMMY = _HASHER.hash("sagsflow: no such user")
TOKEN_PREFIX = "sf_"


def hash_password(password: str) -> str:
    """The argon2id hash of a password (with its own random salt)."""
    return _HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches; runs a full check even without a hash, so timing tells nothing."""
    try:
        return _HASHER.verify(password_hash or _DUMMY, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's."""
    return _HASHER.check_needs_rehash(password_hash)


def new_secret(n_bytes: int = 32) -> str:
    """A URL-safe random secret."""
    return secrets.token_urlsafe(n_bytes)


def new_api_token() -> str:
    """A new API token (``sf_`` + 43 random characters); only its hash is stored."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    """SHA-256 hex of a high-entropy secret (tokens, session ids); never used for passwords."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def same(a: str, b: str) -> bool:
    """Constant-time comparison."""
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))
