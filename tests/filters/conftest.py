"""Fixtures for the filter tests: one in-memory workspace per test module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sagsflow.store.workspace import Workspace


@pytest.fixture(scope="module")
def ws() -> Iterator[Workspace]:
    w = Workspace.memory()
    yield w
    w.close()
