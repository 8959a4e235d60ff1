"""Start ``sagsflow serve`` for a test on a port the operating system picks (``--port 0``), so that two test
processes, or another program on this machine, can never race for the same port."""

from __future__ import annotations

import re
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path

import httpx

_BOUND = re.compile(rb"Uvicorn running on (https?://[^\s]+)")


def serve(command: Sequence[str], log: Path, *, env: dict[str, str], timeout: float = 300) -> tuple[
        subprocess.Popen[bytes], str]:
    """Run ``command`` (a ``sagsflow serve ...`` without ``--port``) on a free port, output in ``log``; returns
    the process and its URL once ``/api/health`` answers.

    ``timeout`` only bounds a server that never comes up (a busy machine can take a while to import
    everything); a server that exits fails at once, with the end of its log.
    """
    with open(log, "wb") as out:  # the server writes to its own copy of the descriptor
        # a server that crashes (SIGSEGV, SIGABRT in a native library) dumps every thread's stack into its log
        proc = subprocess.Popen([*command, "--port", "0"], env={**env, "PYTHONFAULTHANDLER": "1"}, stdout=out,
                                stderr=subprocess.STDOUT)
    deadline = time.monotonic() + timeout
    url = None
    while True:
        if url is None and (m := _BOUND.search(log.read_bytes())):
            url = m.group(1).decode().rstrip("/")
        if url is not None:
            try:
                if httpx.get(f"{url}/api/health", timeout=5).status_code == 200:
                    return proc, url
            except httpx.HTTPError:
                pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            proc.wait()
            raise RuntimeError(f"sagsflow serve did not start: {log.read_text(errors='replace')[-3000:]}")
        time.sleep(0.2)
