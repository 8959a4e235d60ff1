"""The server on encrypted workspaces (sagsflow.store.encryption): every request reads through its own cursor of
the encrypted store, and the workspace files on disk hold no activity name.

Written with the httpfs build of the pinned DuckDB (duckdb-extension-httpfs; tests/legal/test_encryption.py,
docs/dpia.md)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sagsflow.store import encryption
from tests.api.conftest import World, build_world
from tests.legal.test_encryption import _httpfs_loadable


@pytest.fixture
def enc_world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    assert _httpfs_loadable(), "no httpfs build for this DuckDB: install the pinned duckdb-extension-httpfs"
    monkeypatch.setenv(encryption.KEY_ENV, "5a" * 32)
    yield from build_world(tmp_path)


def test_the_server_reads_encrypted_workspaces_and_the_files_stay_unreadable(enc_world: World,
                                                                             tmp_path: Path) -> None:
    w = enc_world
    h = w.headers("a", "analyst")
    base = f"/api/workspaces/{w.workspace['a']}/logs"
    logs = w.client.get(base, headers=h)
    assert logs.status_code == 200 and [x["name"] for x in logs.json()] == ["cases"], logs.text
    m = w.client.post(f"{base}/cases/map", headers=h, json={})
    assert m.status_code == 200, m.text
    assert {"Register", "Check", "Decide"} <= {n["label"] for n in m.json()["nodes"]}
    cases = w.client.post(f"{base}/cases/cases", headers=h, json={})
    assert cases.status_code == 200, cases.text
    # the DPIA draft lists encryption at rest as in force for the municipality
    doc = w.client.get("/api/legal/dpia?document=dpia&lang=en", headers=w.headers("a", "administrator")).text
    assert "| Encryption at rest of the event store (key outside the workspace) | in force |" in doc

    state = w.client.app.state.server  # type: ignore[attr-defined]
    for ws in list(state._open.values()):
        ws.con.execute("CHECKPOINT")
    raw = b"".join(p.read_bytes() for p in sorted((tmp_path / "ws_a").rglob("*")) if p.is_file())
    assert raw and not [s for s in (b"Register", b"Decide", b"Check") if s in raw]
