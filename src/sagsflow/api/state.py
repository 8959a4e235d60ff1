"""What the running server holds: settings, the metadata database, the job runner, open workspaces."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from sagsflow.api.settings import Settings
from sagsflow.meta.db import MetaDB
from sagsflow.meta.jobs import JobRunner
from sagsflow.store.workspace import Workspace


@dataclass
class ServerState:
    settings: Settings
    db: MetaDB
    runner: JobRunner
    _open: dict[str, Workspace] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def workspace(self, path: str | Path) -> Workspace:
        """The open workspace at ``path`` (one DuckDB connection per folder for the whole server)."""
        key = str(Path(path).resolve())
        with self._lock:
            ws = self._open.get(key)
            if ws is None:
                ws = self._open[key] = Workspace.open(key)
            return ws

    def close(self) -> None:
        self.runner.shutdown(wait=True)
        with self._lock:
            for ws in self._open.values():
                ws.close()
            self._open.clear()
        self.db.dispose()
