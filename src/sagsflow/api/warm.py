"""Warming the aggregate cache in the background, so the first person to open a log does not wait.

When the server starts, and after every import into a log, a single background thread computes what the pages of
the unfiltered log ask for first (:func:`sagsflow.api.aggregates.warm_log`: the map at every activities-slider
position, the activity statistics, the variants and the dashboard overview). It takes a compute slot of the cache
like any request, so it never crowds out requests, and a request for something it is computing waits for that
computation instead of starting its own. ``SAGSFLOW_WARM_CACHE=false`` turns it off.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sagsflow.api.state import ServerState

log_ = logging.getLogger(__name__)


class Warmer:
    """A daemon thread warming the cache for the ``(workspace folder, log or None for every log)`` it is given."""

    def __init__(self, state: ServerState) -> None:
        self.state = state
        self._queue: queue.Queue[tuple[str, str | None] | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.warmed: list[tuple[str, str]] = []

    def submit(self, workspace: str | Path, log: str | None = None) -> None:
        """Queue a log (or every log of a workspace) for warming; starts the thread on first use."""
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="sagsflow-warm", daemon=True)
                self._thread.start()
        self._queue.put((str(Path(workspace).resolve()), log))

    def join(self, timeout: float = 60.0) -> bool:
        """Wait until everything queued is warm (for tests and benchmarks); True when done in time."""
        deadline = time.monotonic() + timeout
        while self._queue.unfinished_tasks and time.monotonic() < deadline:
            time.sleep(0.02)
        return not self._queue.unfinished_tasks

    def stop(self) -> None:
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout=5)

    def _run(self) -> None:
        from sagsflow.api.aggregates import warm_log

        while (item := self._queue.get()) is not None:
            path, name = item
            try:
                root = self.state.workspace(path)
                view = root.reader()
                try:
                    names = [name] if name is not None else [info.name for info in view.logs()]
                    for n in names:
                        if n in view:
                            warm_log(self.state.cache, view.log(n))
                            self.warmed.append((path, n))
                finally:
                    view.close()
            except Exception:  # a warm-up must never take the server down; the request will compute it
                log_.warning("warming the cache of %s (%s) failed", path, name or "every log", exc_info=True)
            finally:
                self._queue.task_done()
