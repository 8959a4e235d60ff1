"""Fixtures of the quality-report tests: an in-memory workspace and a log factory."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pytest

from sagsflow.log import EventLog
from sagsflow.store.workspace import Workspace
from tests.quality.quality_logs import build_log


@pytest.fixture
def ws() -> Iterable[Workspace]:
    w = Workspace.memory()
    yield w
    w.close()


@pytest.fixture
def make_log(ws: Workspace) -> Callable[..., EventLog]:
    def make(rows: list[dict[str, Any]], **kw: Any) -> EventLog:
        return build_log(ws, rows, **kw)

    return make
