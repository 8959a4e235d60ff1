"""A kill -9 of the server during an import: the workspace is as before, the job is marked failed,
and running the import again succeeds (issue: secure server, "Must show")."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import httpx
import pytest

from tests.serve import serve

PASSWORD = "kill-test-password-1"
MAPPING = (
    "case_id: case\nactivity: activity\ntimestamp: {column: time, format: iso}\n"
    "resource: {column: resource, data_class: process}\n"
)


def _csv(path: Path, n_events: int, prefix: str) -> Path:
    con = duckdb.connect()
    con.execute(
        f"""COPY (SELECT '{prefix}' || (i // 10) AS case, 'A' || (hash(i) % 20) AS activity,
            strftime(TIMESTAMP '2023-01-01' + to_seconds(i), '%Y-%m-%dT%H:%M:%S') AS time,
            'r' || (i % 50) AS resource FROM range({n_events}) r(i)) TO '{path}' (HEADER)"""
    )
    return path


class Server:
    def __init__(self, data: Path, workspace: Path) -> None:
        self.data, self.workspace = data, workspace
        self.proc: subprocess.Popen[bytes] | None = None
        self.url = ""
        self.logs: list[Path] = []  # one per start, so a failure shows what each server said

    def start(self) -> None:
        env = {**os.environ, "SAGSFLOW_DATA_DIR": str(self.data), "SAGSFLOW_DEMO_PASSWORD": PASSWORD,
               "SAGSFLOW_COOKIE_SECURE": "false", "SAGSFLOW_JOB_WORKERS": "1"}
        self.data.mkdir(parents=True, exist_ok=True)
        self.proc, self.url = serve(
            [sys.executable, "-c", "from sagsflow.cli import main; main()", "serve", "--workspace",
             str(self.workspace)], self._next_log(), env=env)

    def _next_log(self) -> Path:
        self.logs.append(self.data.parent / f"server-{len(self.logs) + 1}.log")
        return self.logs[-1]

    def report(self) -> None:
        """Print how the last server ended and the end of each server's log (pytest shows it when a test fails):
        a server that died (a negative exit code is the signal) is not a client's problem."""
        assert self.proc is not None
        print(f"last server: exit code {self.proc.poll()} (None: still running)")
        for log in self.logs:
            lines = log.read_text(errors="replace").splitlines()
            print(f"--- {log.name}, last 40 of {len(lines)} lines:", *lines[-40:], sep="\n")

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)

    def client(self) -> httpx.Client:
        c = httpx.Client(base_url=self.url, timeout=60)
        r = c.post("/api/auth/login", json={"username": "analyst", "password": PASSWORD})
        r.raise_for_status()
        c.headers["X-CSRF-Token"] = r.json()["csrf_token"]
        return c


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    srv = Server(tmp_path / "data", tmp_path / "ws")
    yield srv
    if srv.proc is not None:
        srv.report()
        if srv.proc.poll() is None:
            srv.kill()


def _import(c: httpx.Client, path: Path, log: str) -> str:
    with path.open("rb") as f:
        r = c.post("/api/workspaces/1/imports", files={"file": (path.name, f, "text/csv")},
                   data={"log": log, "mapping": MAPPING})
    assert r.status_code == 202, r.text
    return str(r.json()["id"])


def _wait(c: httpx.Client, job: str, states: set[str], timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        j = c.get(f"/api/jobs/{job}").json()
        if j["state"] in states:
            return j
        time.sleep(0.05)
    raise AssertionError(f"job {job} did not reach {states}: {j}")


@pytest.mark.slow
def test_kill_9_during_import_leaves_the_workspace_as_before(server: Server, tmp_path: Path) -> None:
    small = _csv(tmp_path / "small.csv", 1_000, "S")
    big = _csv(tmp_path / "big.csv", 3_000_000, "B")
    server.start()
    c = server.client()
    assert _wait(c, _import(c, small, "kh"), {"succeeded", "failed"})["state"] == "succeeded"
    before = c.get("/api/workspaces/1/logs/kh").json()
    job = _import(c, big, "kh")
    _wait(c, job, {"running"})
    time.sleep(1.0)  # well inside the import
    assert c.get(f"/api/jobs/{job}").json()["state"] == "running"
    c.close()

    server.kill()
    uploads = server.data / "uploads"
    assert len(list(uploads.iterdir())) == 1  # the extract outlived the server
    server.start()
    assert list(uploads.iterdir()) == []  # extracts (maybe with clear CPR numbers) are gone at the next start
    c = server.client()
    j = c.get(f"/api/jobs/{job}").json()
    assert j["state"] == "failed" and "stopped" in (j.get("error") or j.get("message") or "")
    assert c.get("/api/workspaces/1/logs/kh").json()["n_events"] == before["n_events"] == 1_000
    again = _wait(c, _import(c, big, "kh"), {"succeeded", "failed"}, timeout=300)
    assert again["state"] == "succeeded", again
    assert c.get("/api/workspaces/1/logs/kh").json()["n_events"] == 1_000 + 3_000_000
    assert list(uploads.iterdir()) == []  # and a finished import leaves none
    c.close()
