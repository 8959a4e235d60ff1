"""Login throttling per account and per client address that holds under parallel requests.

Each login attempt first *takes a slot* of every key it counts against (``user:<id>`` or ``name:<username>`` for
the account, ``ip:<address>`` for the address) with one conditional ``UPDATE ... SET attempts = attempts + 1 WHERE
attempts < limit``, committed before the password is checked. The database serialises these updates (a row lock on
PostgreSQL, the write lock on SQLite), so of many parallel attempts exactly ``limit`` get a slot; the others are
refused at once. A failed attempt keeps its slot until the window (counted from the first attempt) has passed; a
successful one gives it back.

Examples
--------
>>> from datetime import timedelta
>>> from sagsflow.meta import MetaDB
>>> db = MetaDB("sqlite://"); db.upgrade()
>>> with db.session() as s:
...     [take(s, [("name:ana", 2)], window=timedelta(minutes=15)) is None for _ in range(3)]
[True, True, False]
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from sagsflow.meta.models import LoginThrottle, utcnow


def _ensure(s: Session, key: str, now: datetime) -> None:
    """Insert the key's row unless it exists (``ON CONFLICT DO NOTHING``)."""
    dialect = s.get_bind().dialect.name
    values = {"key": key, "window_start": now, "attempts": 0}
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        s.execute(pg_insert(LoginThrottle).values(**values).on_conflict_do_nothing(index_elements=["key"]))
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        s.execute(sqlite_insert(LoginThrottle).values(**values).on_conflict_do_nothing(index_elements=["key"]))
    else:  # other databases: a savepoint around a plain insert
        from sqlalchemy.exc import IntegrityError

        try:
            with s.begin_nested():
                s.add(LoginThrottle(**values))
        except IntegrityError:
            pass


def take(s: Session, keys: Sequence[tuple[str, int]], *, window: timedelta,
         now: datetime | None = None) -> datetime | None:
    """Take one attempt of every ``(key, limit)``, all or none, and commit.

    Returns
    -------
    datetime or None
        None when every key had a free slot (the attempt may go on); otherwise when the first full key frees up
        (nothing was taken).
    """
    now = now or utcnow()
    for key, limit in keys:
        _ensure(s, key, now)
        s.execute(update(LoginThrottle).where(LoginThrottle.key == key, LoginThrottle.window_start <= now - window)
                  .values(attempts=0, window_start=now).execution_options(synchronize_session=False))
        got = s.execute(update(LoginThrottle).where(LoginThrottle.key == key, LoginThrottle.attempts < limit)
                        .values(attempts=LoginThrottle.attempts + 1).execution_options(synchronize_session=False))
        if int(got.rowcount or 0) != 1:  # type: ignore[attr-defined]
            start = s.scalar(select(LoginThrottle.window_start).where(LoginThrottle.key == key))
            s.rollback()
            return (start or now) + window
    s.commit()
    return None


def succeeded(s: Session, account_key: str, other_keys: Sequence[str] = (), *, window: timedelta) -> None:
    """A login succeeded: the account starts afresh, the other keys get their slot back, stale rows go
    (the caller commits)."""
    s.execute(update(LoginThrottle).where(LoginThrottle.key == account_key).values(attempts=0)
              .execution_options(synchronize_session=False))
    for key in other_keys:
        s.execute(update(LoginThrottle).where(LoginThrottle.key == key, LoginThrottle.attempts > 0)
                  .values(attempts=LoginThrottle.attempts - 1).execution_options(synchronize_session=False))
    s.execute(delete(LoginThrottle).where(LoginThrottle.window_start <= utcnow() - window)
              .execution_options(synchronize_session=False))
