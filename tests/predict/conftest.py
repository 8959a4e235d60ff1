"""Fixtures of the prediction tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sagsflow.log import EventLog
from sagsflow.store.workspace import Workspace
from tests.predict.synth import process_log


@pytest.fixture
def ws() -> Iterator[Workspace]:
    w = Workspace.memory()
    yield w
    w.close()


@pytest.fixture(scope="module")
def synth_ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    w = Workspace.open(tmp_path_factory.mktemp("predict") / "ws")
    process_log(w)
    yield w
    w.close()


@pytest.fixture(scope="module")
def synth_log(synth_ws: Workspace) -> EventLog:
    return synth_ws.log("synth")


@pytest.fixture(scope="module", autouse=True)
def _registered() -> Iterator[None]:
    """Prediction is off until enabled by a registration (sagsflow.legal): these tests of the models run under
    test registrations of every class (the gate itself is tested in tests/legal). Module-scoped, so the
    registrations are in force before the module's fixtures train models and gone before another folder's tests
    (a session-wide one leaked into tests/legal in the same worker)."""
    from sagsflow.legal import using
    from sagsflow.testing import test_registrations

    with using(*test_registrations("remaining_time", "deadline:R05", "outcome:activity=Klage")):
        yield
