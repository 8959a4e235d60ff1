"""Server settings, validated at start-up (environment variables prefixed ``SAGSFLOW_``)."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

from sagsflow.store.workspace import default_workspace_path


class Settings(BaseSettings):
    """One settings object for the server."""

    model_config = SettingsConfigDict(env_prefix="SAGSFLOW_", extra="ignore")

    workspace: Path = default_workspace_path()
    web_dist: Path = Path(__file__).resolve().parents[3] / "web" / "dist"
