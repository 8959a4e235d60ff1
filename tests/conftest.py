"""Shared fixtures: a pseudonymisation key, workspaces, the path of the public logs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sagsflow.store.workspace import Workspace

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
TEST_KEY = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"


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


@pytest.fixture
def shared_data() -> Path:
    """``../shared/data``, or skip when this clone has no shared folder beside it."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"../shared/data not present ({SHARED_DATA}): the public event logs are not on this machine")
    return SHARED_DATA
