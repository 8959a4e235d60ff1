"""Shared fixtures of the server tests: cheap argon2 parameters (the server's defaults take ~0.5 s per hash on
purpose) and the metadata database, SQLite by default or PostgreSQL when ``SAGSFLOW_TEST_POSTGRES_URL`` is set."""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from sagsflow.meta import security

#: a throw-away PostgreSQL database; every test database is created beside it and dropped at the end
POSTGRES_ENV = "SAGSFLOW_TEST_POSTGRES_URL"
_SALT = uuid.uuid4().hex
_CREATED: list[str] = []


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing() -> Iterator[None]:
    saved = security._HASHER
    security._HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    security._HASHER = saved


def postgres_database(key: str | None = None) -> str | None:
    """The URL of an empty PostgreSQL database for ``key`` (the same key gives the same database within this
    test process; None a new one), or None when ``SAGSFLOW_TEST_POSTGRES_URL`` is not set."""
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        return None
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = "sft_" + hashlib.sha1(f"{_SALT}/{key or uuid.uuid4().hex}".encode()).hexdigest()[:24]
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as con:
            if con.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first() is None:
                con.execute(text(f'CREATE DATABASE "{name}" TEMPLATE template0'))
                _CREATED.append(name)
    finally:
        admin.dispose()
    return make_url(base).set(database=name).render_as_string(hide_password=False)


def meta_url(directory: Path | None = None) -> str:
    """A URL of an empty metadata database: PostgreSQL when configured, else SQLite in a file in ``directory``
    (the server's default; every thread gets its own connection) or a throw-away SQLite file when None."""
    pg = postgres_database()
    if pg is not None:
        return pg
    if directory is None:
        return "sqlite://"
    return f"sqlite:///{directory / f'meta-{uuid.uuid4().hex[:8]}.sqlite'}"


@pytest.fixture(autouse=True, scope="session")
def _drop_test_databases() -> Iterator[None]:
    yield
    base = os.environ.get(POSTGRES_ENV)
    if not base or not _CREATED:
        return
    from sqlalchemy import create_engine, text

    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as con:
        for name in _CREATED:
            con.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
    _CREATED.clear()
