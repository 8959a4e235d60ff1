"""The engines' shared fixtures: one Spark session (``local[2]``) and one small demo workspace per test process."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sagsflow.query.engine import EngineUnavailableError, SparkEngine
from sagsflow.store.workspace import Workspace


@pytest.fixture(scope="session")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparkEngine]:
    try:
        engine = SparkEngine.local(tmp_path_factory.mktemp("parquet-store"), memory="3g")
    except EngineUnavailableError as err:  # a user's machine without Java: the product's default engine is DuckDB
        pytest.skip(f"Spark cannot start here: {err.message}")
    yield engine
    engine.stop()


@pytest.fixture(autouse=True, scope="module")
def _release_spark_caches() -> Iterator[None]:
    """After each test file, drop what it left cached in the shared Spark session (one JVM serves every file of
    a test worker)."""
    yield
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        return
    session = SparkSession.getActiveSession()
    if session is not None:
        session.catalog.clearCache()


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """The demo at scale 0.03 (about 30,000 events over both processes), with its injected 1900/2099 dates."""
    from sagsflow.demo.workspace import create_demo_workspace

    ws = Workspace.open(tmp_path_factory.mktemp("demo"))
    create_demo_workspace(ws, seed=11, scale=0.03, key="ab" * 32)
    return ws
