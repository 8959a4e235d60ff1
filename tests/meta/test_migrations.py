"""Migrations run on an empty database, are idempotent, match the models, and make the audit log append-only."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from sagsflow.meta.db import MetaDB, default_url

TABLES = {"municipalities", "users", "workspaces", "api_tokens", "sessions", "saved_filters", "jobs", "audit_log",
          "audit_chain", "login_throttle", "prediction_registrations", "municipality_legal",
          "alembic_version"}
HEAD = "0006"


def _check(db: MetaDB) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from sagsflow.meta.models import Base

    db.upgrade()
    db.upgrade()  # idempotent
    assert set(inspect(db.engine).get_table_names()) >= TABLES
    with db.engine.connect() as con:
        assert con.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == HEAD
        diff = compare_metadata(MigrationContext.configure(con), Base.metadata)
    assert diff == [], diff  # the migration creates exactly what the models describe
    from sagsflow.meta import audit

    with db.session() as s:
        audit.record(s, "test")
        s.commit()
    with db.engine.connect() as con, pytest.raises(Exception):  # noqa: B017 - NOT NULL: entries need their hashes
        con.execute(text("INSERT INTO audit_log (time, action) VALUES (CURRENT_TIMESTAMP, 'unchained')"))
    for sql in ("UPDATE audit_log SET action = 'changed'", "DELETE FROM audit_log"):
        with db.engine.connect() as con, pytest.raises(Exception, match="append-only"):
            con.execute(text(sql))
    with db.engine.connect() as con:
        assert con.execute(text("SELECT action FROM audit_log")).scalars().all() == ["test"]


def test_sqlite_file_in_the_data_folder(tmp_path: Path) -> None:
    db = MetaDB(default_url(tmp_path))
    _check(db)
    assert (tmp_path / "meta.sqlite").exists()
    db.dispose()


@pytest.mark.skipif(not os.environ.get("SAGSFLOW_TEST_POSTGRES_URL"),
                    reason="set SAGSFLOW_TEST_POSTGRES_URL=postgresql+psycopg://... to test PostgreSQL")
def test_postgresql() -> None:
    url = os.environ["SAGSFLOW_TEST_POSTGRES_URL"]
    db = MetaDB(url)
    with db.engine.begin() as con:  # start from an empty schema
        con.execute(text("DROP SCHEMA public CASCADE"))
        con.execute(text("CREATE SCHEMA public"))
    _check(db)
    db.dispose()


def test_upgrade_from_0001_keeps_the_users(tmp_path: Path) -> None:
    db = MetaDB(default_url(tmp_path))
    db.upgrade("0001")
    with db.engine.begin() as con:
        con.execute(text("INSERT INTO users (username, password_hash, role, active, created_at) "
                         "VALUES ('old', 'x', 'administrator', 1, CURRENT_TIMESTAMP)"))
    db.upgrade()
    with db.engine.connect() as con:
        assert con.execute(text("SELECT username, oidc_subject FROM users")).all() == [("old", None)]
        assert con.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == HEAD
    db.dispose()
