"""Server settings, validated at start-up (environment variables prefixed ``SAGSFLOW_``)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from sagsflow.store.workspace import default_home


class Settings(BaseSettings):
    """One settings object for the server (see docs/server.md)."""

    model_config = SettingsConfigDict(env_prefix="SAGSFLOW_", extra="ignore")

    #: a workspace folder to register for the demo municipality (``sagsflow serve --workspace``)
    workspace: Path | None = None
    #: the server's own folder: metadata database (SQLite), new workspaces, uploads in progress
    data_dir: Path = Field(default_factory=lambda: default_home() / "server")
    #: SQLAlchemy URL of the metadata database; SQLite in ``data_dir`` when empty
    database_url: str | None = None
    #: disclosure threshold k: groups with fewer cases are hidden from viewers
    min_group_size: int = Field(default=5, ge=1)
    max_upload_bytes: int = Field(default=512 * 1024 * 1024, ge=1)
    #: largest number of rows an endpoint returns in one page
    max_result_rows: int = Field(default=5000, ge=1)
    session_hours: float = Field(default=8.0, gt=0)
    #: send the session cookie only over HTTPS (browsers accept it on http://localhost too)
    cookie_secure: bool = True
    login_max_failures: int = Field(default=5, ge=1)
    login_window_seconds: int = Field(default=15 * 60, ge=1)
    job_workers: int = Field(default=2, ge=1, le=8)
    #: password of the demo users; random and printed once when empty
    demo_password: str | None = None
    web_dist: Path = Path(__file__).resolve().parents[3] / "web" / "dist"

    def db_url(self) -> str:
        from sagsflow.meta.db import default_url

        return self.database_url or default_url(self.data_dir)
