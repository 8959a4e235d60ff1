"""Shared fixtures: a pseudonymisation key, workspaces, the path of the public logs, and the suite's rules.

Every test that reads ``../shared/data`` is marked ``@pytest.mark.realdata`` (so ``-m "not realdata"`` leaves
them all out) and reaches the folder through :func:`shared_data_dir` or the ``shared_data`` fixture: a test
that asks for either without the marker fails, at collection for the fixture and when it reads for the
function.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from sagsflow.store.workspace import Workspace

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
TEST_KEY = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"

# Property tests: the same examples on every run (derandomize), no per-example time limit and no "too slow" health
# check (a loaded 2-core machine is not a failing test). HYPOTHESIS_PROFILE=explore searches with fresh random
# examples, more of them, when you look for new counterexamples on purpose.
settings.register_profile("suite", deadline=None, derandomize=True, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("explore", deadline=None, max_examples=500, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))


@pytest.fixture(autouse=True)
def _pseudonym_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests import with a fixed key, never a key from the developer's environment."""
    monkeypatch.setenv("SAGSFLOW_PSEUDONYM_KEY", TEST_KEY)
    monkeypatch.delenv("SAGSFLOW_PSEUDONYM_KEY_FILE", raising=False)
    monkeypatch.delenv("SAGSFLOW_WORKSPACE", raising=False)


@pytest.fixture(autouse=True)
def _english_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """Texts are English unless a test chooses a language, whatever the developer's locale (LANG=da_DK...)."""
    monkeypatch.setenv("SAGSFLOW_LANGUAGE", "en")


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    ws = Workspace.open(tmp_path / "ws")
    yield ws
    ws.close()


#: the test being run (set by ``pytest_runtest_protocol``), for the marker check of :func:`shared_data_dir`
_RUNNING: list[pytest.Item] = []


def unmarked_realdata_message(nodeid: str) -> str:
    return (f"{nodeid} reads ../shared/data but is not marked @pytest.mark.realdata: mark it (or its module with "
            "pytestmark = pytest.mark.realdata) so that -m 'not realdata' leaves it out")


def shared_data_dir() -> Path:
    """``../shared/data`` for the running test, which must be marked ``realdata``; skips the test when this clone
    has no shared folder beside it. The one way tests (and their helpers) find the public logs."""
    if _RUNNING and _RUNNING[-1].get_closest_marker("realdata") is None:
        pytest.fail(unmarked_realdata_message(_RUNNING[-1].nodeid), pytrace=False)
    if not SHARED_DATA.is_dir():
        pytest.skip(f"../shared/data not present ({SHARED_DATA}): the public event logs are not on this machine")
    return SHARED_DATA


@pytest.fixture
def shared_data() -> Path:
    """``../shared/data``, or skip when this clone has no shared folder beside it (tests using it are marked
    ``realdata``; collection fails otherwise)."""
    return shared_data_dir()


def unmarked_realdata_items(items: list[Any]) -> list[str]:
    """Node ids of the collected tests that use the ``shared_data`` fixture without the ``realdata`` marker."""
    return [item.nodeid for item in items
            if "shared_data" in getattr(item, "fixturenames", ()) and item.get_closest_marker("realdata") is None]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    bad = unmarked_realdata_items(items)
    if bad:
        raise pytest.UsageError("\n".join(unmarked_realdata_message(n) for n in bad))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    _RUNNING.append(item)
    try:
        return (yield)
    finally:
        _RUNNING.pop()
