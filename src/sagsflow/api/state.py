"""What the running server holds: settings, the metadata database, the job runner, open workspaces."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sagsflow.api.cache import AggregateCache
from sagsflow.api.oidc import OidcClient
from sagsflow.api.settings import Settings
from sagsflow.api.warm import Warmer
from sagsflow.meta.db import MetaDB
from sagsflow.meta.jobs import JobRunner
from sagsflow.store.workspace import Workspace


@dataclass
class ServerState:
    settings: Settings
    db: MetaDB
    runner: JobRunner
    cache: AggregateCache = field(default_factory=lambda: AggregateCache(0))
    oidc: OidcClient | None = None
    warmer: Warmer | None = None
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

    def __post_init__(self) -> None:
        if not self.cache.max_bytes:
            self.cache = AggregateCache(self.settings.aggregate_cache_mb * 2**20, self.settings.compute_slots)
        cfg = self.settings
        if self.warmer is None and cfg.warm_cache:
            self.warmer = Warmer(self)
        if self.oidc is None and cfg.oidc_issuer and cfg.oidc_client_id and cfg.oidc_redirect_uri:
            self.oidc = OidcClient(cfg.oidc_issuer, cfg.oidc_client_id, cfg.oidc_client_secret,
                                   cfg.oidc_redirect_uri, scopes=cfg.oidc_scopes)

    def secret(self) -> str:
        """The server's secret key: the setting, else a random one kept in ``data_dir/secret_key``."""
        if self.settings.secret_key:
            return self.settings.secret_key
        path = self.settings.data_dir / "secret_key"
        with self._lock:
            if not path.exists():
                import os
                import secrets

                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "w") as f:
                    f.write(secrets.token_urlsafe(48))
            return path.read_text().strip()

    def forget(self, path: str | Path, log: str) -> None:
        """Drop the cached aggregates of a log (after an import into it or its deletion)."""
        self.cache.invalidate(str(Path(path).resolve()), log)

    def warm(self, path: str | Path, log: str | None = None, *, workspace_id: int | None = None,
             specs: list[Any] | None = None) -> None:
        """Compute the first views of a log (or of every log of a workspace) in the background: unfiltered and
        with each shared saved filter of workspace ``workspace_id`` (:mod:`sagsflow.api.warm`); with ``specs``
        only those filters. Nothing when ``SAGSFLOW_WARM_CACHE`` is off."""
        if self.warmer is None:
            return
        if specs is not None:
            self.warmer.submit(path, log, specs, unfiltered=False)
            return
        shared: list[Any] = []
        if workspace_id is not None:
            from sqlalchemy import select

            from sagsflow.meta.models import SavedFilter

            with self.db.session() as s:
                shared = [f.spec for f in s.scalars(select(SavedFilter).where(
                    SavedFilter.workspace_id == workspace_id, SavedFilter.shared).order_by(SavedFilter.id))]
        self.warmer.submit(path, log, shared)

    def close(self) -> None:
        if self.warmer is not None:
            self.warmer.stop()
        self.runner.shutdown(wait=True)
        with self._lock:
            for ws in self._open.values():
                ws.close()
            self._open.clear()
        self.db.dispose()
