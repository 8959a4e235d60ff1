"""The server tests run on the metadata database CI asks for: PostgreSQL when SAGSFLOW_TEST_POSTGRES_URL is set."""

from __future__ import annotations

import os

from tests.api.conftest import World
from tests.meta.conftest import POSTGRES_ENV


def test_metadata_database_follows_the_environment(world: World) -> None:
    expected = "postgresql" if os.environ.get(POSTGRES_ENV) else "sqlite"
    assert world.db.engine.dialect.name == expected
    r = world.client.get("/api/auth/me", headers=world.headers("a", "analyst"))
    assert r.status_code == 200 and r.json()["username"] == "analyst_a"
