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
