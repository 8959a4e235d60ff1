"""Users, password hashes, tokens and sessions."""

from __future__ import annotations

from datetime import timedelta

import pytest

from sagsflow.errors import InvalidParameterError
from sagsflow.meta import MetaDB, accounts
from sagsflow.meta.models import ApiToken, utcnow
from sagsflow.meta.security import digest
from tests.meta.conftest import meta_url


@pytest.fixture
def db() -> MetaDB:
    d = MetaDB(meta_url())
    d.upgrade()
    return d


def test_password_is_stored_as_argon2id(db: MetaDB) -> None:
    with db.session() as s:
        m = accounts.create_municipality(s, "Aarhus")
        u = accounts.create_user(s, "ana", "a long passphrase", role="analyst", municipality_id=m.id)
        assert u.password_hash.startswith("$argon2id$") and "a long passphrase" not in u.password_hash
        assert accounts.authenticate(s, "ana", "a long passphrase") is u
        assert accounts.authenticate(s, "ana", "a long passphrasE") is None
        assert accounts.authenticate(s, "bob", "a long passphrase") is None


def test_only_administrators_may_be_global(db: MetaDB) -> None:
    with db.session() as s:
        with pytest.raises(InvalidParameterError, match="a viewer belongs to a municipality"):
            accounts.create_user(s, "v", "a long passphrase", role="viewer", municipality_id=None)
        with pytest.raises(InvalidParameterError, match="role must be one of administrator, analyst"):
            accounts.create_user(s, "v", "a long passphrase", role="root", municipality_id=None)
        with pytest.raises(InvalidParameterError, match="at least 12 characters"):
            accounts.create_user(s, "v", "short", role="administrator", municipality_id=None)
        assert accounts.create_user(s, "g", "a long passphrase", role="administrator", municipality_id=None)\
            .is_global_admin


def test_tokens_are_hashed_and_expire(db: MetaDB) -> None:
    with db.session() as s:
        u = accounts.create_user(s, "g", "a long passphrase", role="administrator", municipality_id=None)
        tok, plain = accounts.create_token(s, u, "ci", days=1)
        assert tok.token_hash == digest(plain) and plain not in tok.token_hash
        assert accounts.user_for_token(s, plain) is u
        tok.expires_at = utcnow() - timedelta(seconds=1)
        assert accounts.user_for_token(s, plain) is None
        assert accounts.user_for_token(s, "sf_guess") is None
        assert s.query(ApiToken).count() == 1


def test_sessions_expire_and_end(db: MetaDB) -> None:
    with db.session() as s:
        u = accounts.create_user(s, "g", "a long passphrase", role="administrator", municipality_id=None)
        plain, row = accounts.create_session(s, u, hours=1)
        assert accounts.session_for(s, plain) == (u, row)
        accounts.end_session(s, plain)
        assert accounts.session_for(s, plain) is None
        old, row = accounts.create_session(s, u, hours=1)
        row.expires_at = utcnow() - timedelta(minutes=1)
        assert accounts.session_for(s, old) is None
        assert accounts.purge_sessions(s) == 1
