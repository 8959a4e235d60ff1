"""The import memory cap (sagsflow.ingest.pipeline._memory_cap) lowers the workspace's default limit while imports
run and puts the default back afterwards; a limit someone set is left alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from sagsflow.ingest.pipeline import _memory_cap
from sagsflow.store.workspace import Workspace


def _limit(ws: Workspace) -> str:
    return str(ws.con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0])


def test_the_cap_applies_to_the_default_and_is_undone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SAGSFLOW_MEMORY_LIMIT", raising=False)
    with Workspace.open(tmp_path / "ws") as ws:
        default = _limit(ws)
        with _memory_cap(ws, 512 * 1024**2):
            assert _limit(ws) == "512.0 MiB"
            with _memory_cap(ws, 512 * 1024**2):  # a second import at the same time
                assert _limit(ws) == "512.0 MiB"
            assert _limit(ws) == "512.0 MiB"  # the first one still runs
        assert _limit(ws) == default


def test_a_limit_that_was_set_is_not_capped(tmp_path: Path) -> None:
    with Workspace.open(tmp_path / "ws", memory_limit="3GiB") as ws:
        with _memory_cap(ws, 512 * 1024**2):
            assert _limit(ws) == "3.0 GiB"
        assert _limit(ws) == "3.0 GiB"
