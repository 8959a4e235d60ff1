"""Warming the aggregate cache in the background, so the first person to open a log does not wait.

When the server starts, after every import into a log and when a filter is saved as shared, a single background
thread computes what the pages ask for first (:func:`sagsflow.api.aggregates.warm_log`: the map at every
activities-slider position, the activity statistics, the variants and the dashboard overview) for the unfiltered
log and for each shared saved filter of its workspace, the views a team opens every day. It takes a compute slot of
the cache like any request, so it never crowds out requests, and a request for something it is computing waits
for that computation instead of starting its own. Ad-hoc filters are computed when first asked for.
``SAGSFLOW_WARM_CACHE=false`` turns it off; ``GET /api/health`` says how many logs are still waiting.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sagsflow.api.state import ServerState

log_ = logging.getLogger(__name__)


class Warmer:
    """A daemon thread warming the cache for the ``(workspace folder, log or None for every log)`` it is given."""

    def __init__(self, state: ServerState) -> None:
        self.state = state
        self._queue: queue.Queue[tuple[str, str | None, list[Any]] | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.warmed: list[tuple[str, str, Any]] = []

    @property
    def pending(self) -> int:
        """Queued warm-ups not finished yet."""
        return int(self._queue.unfinished_tasks)

    def submit(self, workspace: str | Path, log: str | None = None, specs: list[Any] | None = None,
               unfiltered: bool = True) -> None:
        """Queue a log (or every log of a workspace) for warming, unfiltered and with each filter spec of
        ``specs``; starts the thread on first use."""
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="sagsflow-warm", daemon=True)
                self._thread.start()
        self._queue.put((str(Path(workspace).resolve()), log, ([None] if unfiltered else []) + list(specs or [])))

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
            path, name, specs = item
            try:
                root = self.state.workspace(path)
                view = root.reader()
                try:
                    names = [name] if name is not None else [info.name for info in view.logs()]
                    for n in names:
                        for spec in specs:
                            self._warm_one(view, n, spec, warm_log)
                finally:
                    view.close()
            except Exception:  # a warm-up must never take the server down; the request will compute it
                log_.warning("warming the cache of %s (%s) failed", path, name or "every log", exc_info=True)
            finally:
                self._queue.task_done()

    def _warm_one(self, view: Any, name: str, spec: Any, warm_log: Any) -> None:
        from sagsflow.errors import SagsflowError

        if name not in view:
            return
        try:
            warm_log(self.state.cache, view.log(name), spec, min_group_size=self.state.settings.min_group_size)
            self.warmed.append((str(view.path), name, spec))
        except SagsflowError:  # a shared filter naming an attribute this log lacks: nothing to warm
            pass
