"""Alembic environment: runs on the connection the server passes in, or on ``sqlalchemy.url``."""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import create_engine

from sagsflow.meta.models import Base

target_metadata = Base.metadata


def _migrate(connection: Any) -> None:
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


def run(config: Any) -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _migrate(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite://")
    with engine.begin() as con:
        _migrate(con)


_config: Any
try:
    _config = context.config
except AttributeError:  # imported outside Alembic (doctest collection): nothing to run
    _config = None
if _config is not None:
    run(_config)
