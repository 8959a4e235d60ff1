"""Fixtures shared by the analysis tests (helpers live in ``maplogs.py`` and ``statlogs.py``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sagsflow.store.workspace import Workspace


@pytest.fixture
def ws() -> Iterator[Workspace]:
    """A throw-away in-memory workspace."""
    w = Workspace.memory()
    yield w
    w.close()
