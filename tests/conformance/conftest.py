"""Fixtures for the conformance tests: small hand-made logs with a case attribute, BPMN files, real logs."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from sagsflow.log import EventLog
from sagsflow.store.workspace import Workspace
from tests.discovery.conftest import HAND_TRACES, quiet, real_log, to_dataframe, write_traces

__all__ = ["FIXTURES", "HAND_TRACES", "quiet", "real_log", "to_dataframe", "write_cases"]

FIXTURES = Path(__file__).resolve().parent / "models"
_names = itertools.count()


def write_cases(ws: Workspace, traces: list[list[str]], units: list[str] | None = None, *,
                start: str = "2024-01-01", days_apart: int = 1) -> EventLog:
    """One case per trace with a case attribute ``unit``; case i starts ``i * days_apart`` days after start."""
    return write_traces(ws, traces, name=f"conf{next(_names)}", units=units or ["Jobcenter Nord"] * len(traces),
                        start=start, days_apart=days_apart)


@pytest.fixture
def ws() -> Iterator[Workspace]:
    w = Workspace.memory()
    yield w
    w.close()
