"""A server stopped during a job: at the next start the job is marked failed and the workspace is unchanged."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from sagsflow.api.main import create_app
from sagsflow.meta.jobs import INTERRUPTED
from sagsflow.meta.models import Job
from tests.api.conftest import make_settings


def test_jobs_left_running_are_marked_failed_at_start(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    with TestClient(create_app(settings=settings), base_url="https://testserver") as c:
        db = c.app.state.server.db  # type: ignore[attr-defined]
        with db.session() as s:
            s.add(Job(id="a" * 32, kind="import", state="running", progress=0.4))
            s.add(Job(id="b" * 32, kind="import", state="queued", progress=0.0))
            s.add(Job(id="c" * 32, kind="import", state="succeeded", progress=1.0))
            s.commit()
    # the process "dies" here; a new server starts on the same data folder
    with TestClient(create_app(settings=settings), base_url="https://testserver") as c:
        db = c.app.state.server.db  # type: ignore[attr-defined]
        with db.session() as s:
            states = {j.id[0]: (j.state, j.error) for j in s.query(Job)}
    assert states == {"a": ("failed", INTERRUPTED), "b": ("failed", INTERRUPTED), "c": ("succeeded", None)}


def test_demo_setup_is_idempotent(tmp_path: Path, capsys: object) -> None:
    settings = make_settings(tmp_path).model_copy(update={"demo_password": "demo demo demo"})
    for _ in range(2):
        with TestClient(create_app(tmp_path / "ws", settings=settings), base_url="https://testserver") as c:
            r = c.post("/api/auth/login", json={"username": "analyst", "password": "demo demo demo"})
            assert r.status_code == 200
            assert len(c.get("/api/workspaces").json()) == 1
