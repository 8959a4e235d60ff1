"""The metadata database: engine, sessions and ``alembic upgrade head`` at start-up."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def default_url(data_dir: str | Path) -> str:
    """SQLite in the server's data folder: ``sqlite:///<data_dir>/meta.sqlite``."""
    return f"sqlite:///{Path(data_dir) / 'meta.sqlite'}"


class MetaDB:
    """A metadata database reached by SQLAlchemy URL.

    Parameters
    ----------
    url : str
        ``sqlite:///path/meta.sqlite`` (default of the server), ``sqlite://`` (in memory, one shared
        connection) or ``postgresql+psycopg://user:pw@host/db``.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        kwargs: dict[str, Any] = {}
        if url.startswith("sqlite"):
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
            if url in ("sqlite://", "sqlite:///:memory:"):
                kwargs["poolclass"] = StaticPool
        else:
            kwargs["pool_pre_ping"] = True
        self.engine: Engine = create_engine(url, **kwargs)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def session(self) -> Session:
        """A new ORM session (use as a context manager)."""
        return self._sessions()

    def upgrade(self, revision: str = "head") -> None:
        """Run the Alembic migrations up to ``revision`` (idempotent)."""
        from alembic import command

        with self.engine.connect() as con:
            sqlite = self.engine.dialect.name == "sqlite"
            if sqlite:  # a migration that rebuilds a table (batch mode) must not trip the foreign keys on the way;
                # the pragma only works outside a transaction, and is checked and restored after
                con.exec_driver_sql("PRAGMA foreign_keys = OFF")
                con.commit()
            try:
                with con.begin():
                    command.upgrade(alembic_config(self.url, connection=con), revision)
                    if sqlite:
                        broken = con.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                        if broken:
                            raise RuntimeError(f"the migration left rows whose foreign keys fail: {broken[:5]}")
            finally:
                if sqlite:
                    con.exec_driver_sql("PRAGMA foreign_keys = ON")
                    con.commit()

    def dispose(self) -> None:
        self.engine.dispose()


def alembic_config(url: str, connection: Any = None) -> Any:
    """An Alembic ``Config`` for this package's migrations (no alembic.ini needed)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def _sqlite_pragmas(dbapi_con: Any, _record: Any) -> None:
    cur = dbapi_con.cursor()
    cur.execute("PRAGMA foreign_keys = ON")
    cur.execute("PRAGMA busy_timeout = 30000")
    with contextlib.suppress(Exception):  # in-memory databases have no WAL
        cur.execute("PRAGMA journal_mode = WAL")
    cur.close()
