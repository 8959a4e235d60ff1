"""``sagsflow serve`` ends its start-up output with the address and the demo logins (``make demo`` relies on it)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from sagsflow.api.demo import demo_banner
from tests.serve import serve


def test_the_banner_names_the_address_and_every_demo_login() -> None:
    lines = demo_banner("http://127.0.0.1:8000/", "ws", {"admin": "a1", "analyst": "b2"})
    assert lines[0].startswith("Sagsflow is ready: open http://127.0.0.1:8000/")
    assert lines[2:] == ["  admin    a1", "  analyst  b2"]
    again = demo_banner("http://127.0.0.1:8000/", "ws", {})
    assert "admin, analyst, viewer, auditor" in again[1] and "SAGSFLOW_DEMO_PASSWORD" in again[1]
    assert demo_banner("http://h:1/", None, {}) == ["Sagsflow is ready: open http://h:1/ (workspace default; "
                                                    "stop with Ctrl+C)"]


def test_serve_prints_the_address_and_passwords_last(tmp_path: Path) -> None:
    env = {**os.environ, "SAGSFLOW_DATA_DIR": str(tmp_path / "server"), "SAGSFLOW_DEMO_PASSWORD": "demo pass 12345"}
    env.pop("SAGSFLOW_DATABASE_URL", None)
    log = tmp_path / "serve.log"
    proc, url = serve([sys.executable, "-c", "from sagsflow.cli import main; main()", "serve", "--workspace",
                       str(tmp_path / "ws")], log, env=env)
    try:
        lines = log.read_text().splitlines()
    finally:
        proc.terminate()
        proc.wait(60)
    start = next(i for i, line in enumerate(lines) if line.startswith("Sagsflow is ready"))
    assert f"open {url}/" in lines[start]
    assert any("Uvicorn running on" in line for line in lines[:start])  # the server's own lines come first
    assert lines[start + 2:start + 6] == [f"  {u:8} demo pass 12345" for u in ("admin", "analyst", "viewer", "auditor")]
