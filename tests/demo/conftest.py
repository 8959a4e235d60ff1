"""One demo extract shared by the demo tests (generated once per session)."""

from __future__ import annotations

import duckdb
import pytest

from sagsflow.demo import DemoData, generate

SCALE = 0.3


@pytest.fixture(scope="session")
def demo() -> DemoData:
    return generate(seed=7, scale=SCALE)


@pytest.fixture(scope="session")
def con(demo: DemoData) -> duckdb.DuckDBPyConnection:
    """DuckDB with the extract as table ``e``: parsed ``ts`` (tidspunkt), ``rt`` (registreret), row number ``rn``."""
    c = duckdb.connect()
    c.execute("SET TimeZone='UTC'")
    ev = demo.events  # noqa: F841  (read by DuckDB's replacement scan)
    c.execute("""
        CREATE TABLE e AS SELECT *, row_number() OVER () AS rn,
          CASE WHEN length(tidspunkt) = 10 THEN strptime(tidspunkt, '%d-%m-%Y')
               ELSE strptime(tidspunkt, '%d-%m-%Y %H:%M') END AS ts,
          strptime(registreret, '%Y-%m-%dT%H:%M:%S') AS rt
        FROM ev""")
    c.execute("CREATE VIEW ok AS SELECT * FROM e WHERE year(ts) BETWEEN 2000 AND 2050")
    return c
