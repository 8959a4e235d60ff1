"""Server settings, validated at start-up (environment variables prefixed ``SAGSFLOW_``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from sagsflow.store.workspace import default_home


def default_web_dist() -> Path:
    """Where the built web app is: ``sagsflow/web_dist`` inside an installed wheel, else ``web/dist`` of the source
    checkout this package runs from (``make web`` builds it).

    Examples
    --------
    >>> default_web_dist().name in ("web_dist", "dist")
    True
    """
    package = Path(__file__).resolve().parents[1]
    packaged = package / "web_dist"
    if (packaged / "index.html").exists():
        return packaged
    return package.parents[1] / "web" / "dist"


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
    #: a request's database queries are stopped after this many seconds (503); 0 for no limit
    query_timeout_seconds: float = Field(default=60.0, ge=0)
    session_hours: float = Field(default=8.0, gt=0)
    #: send the session cookie only over HTTPS (browsers accept it on http://localhost too)
    cookie_secure: bool = True
    #: failed logins of one account (from any address) within the window before further attempts get 429
    login_max_failures: int = Field(default=5, ge=1)
    #: failed logins from one client address (for any account) within the window before it gets 429
    login_max_failures_per_address: int = Field(default=50, ge=1)
    login_window_seconds: int = Field(default=15 * 60, ge=1)
    #: reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed: addresses or CIDR networks,
    #: comma-separated (``10.0.0.5,192.168.10.0/24``); empty: the headers are ignored and the peer is the client
    trusted_proxies: str = ""
    #: the longest lifetime of an API token, in days (also caps tokens made before the setting was lowered)
    token_max_days: int = Field(default=90, ge=1, le=3650)
    #: check the audit log's hash chain at start-up: ``warn`` logs a broken chain loudly and starts,
    #: ``refuse`` does not start, ``off`` skips the check
    audit_verify_on_start: Literal["warn", "refuse", "off"] = "warn"
    #: Strict-Transport-Security max-age (seconds) sent on HTTPS requests (directly or via a trusted proxy); 0: none
    hsts_seconds: int = Field(default=365 * 24 * 3600, ge=0)
    job_workers: int = Field(default=2, ge=1, le=8)
    #: memory for computed maps and statistics (per filtered log version); 0 turns the cache off
    aggregate_cache_mb: int = Field(default=1024, ge=0)
    #: computations of missing aggregates that may run at once (cache hits never wait); 0: no limit
    compute_slots: int = Field(default=2, ge=0)
    #: compute the unfiltered views of every log in the background at start-up and after each import
    warm_cache: bool = True
    #: hours between the scheduled legal housekeeping runs (retention applied to every workspace, registration
    #: expiries audited; :mod:`sagsflow.api.housekeeping`); 0 turns the schedule off
    housekeeping_hours: float = Field(default=24.0, ge=0)
    #: named database connections for imports by query: ``{"name": "<SQLAlchemy URL>"}`` or
    #: ``{"name": {"url": "...", "municipalities": ["<name or code>", ...]}}`` (JSON)
    sql_sources: dict[str, Any] = Field(default_factory=dict)
    #: an import's query against a named connection is stopped after this many seconds; 0 for no limit
    sql_import_timeout_seconds: float = Field(default=3600.0, ge=0)
    #: a JSON or YAML file with more named connections (the same shape), kept out of the environment
    sql_sources_file: Path | None = None
    #: key signing short-lived browser state (OpenID Connect); random and kept in ``data_dir`` when empty
    secret_key: str | None = None
    #: OpenID Connect single sign-on (off unless the issuer is set): the provider, this client, and how the
    #: role claim's values map to ``{"role": ..., "municipality": <name or code>}``
    oidc_issuer: str | None = None
    oidc_client_id: str | None = None
    oidc_client_secret: str | None = None
    oidc_redirect_uri: str | None = None
    oidc_scopes: str = "openid profile email"
    oidc_role_claim: str = "groups"
    oidc_role_map: dict[str, dict[str, str]] = Field(default_factory=dict)
    oidc_username_claim: str = "preferred_username"
    #: password of the demo users; random and printed once when empty
    demo_password: str | None = None
    #: the built web app: inside the installed package (a wheel), else the source checkout's ``web/dist``
    web_dist: Path = Field(default_factory=lambda: default_web_dist())

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, value: str) -> str:
        import ipaddress

        for part in (p.strip() for p in value.split(",")):
            if part:
                try:
                    ipaddress.ip_network(part, strict=False)
                except ValueError:
                    raise ValueError(f"SAGSFLOW_TRUSTED_PROXIES: {part!r} is not an IP address or CIDR network "
                                     "(for example 10.0.0.5 or 10.0.0.0/8).") from None
        return value

    def trusted_networks(self) -> list[Any]:
        """The trusted proxies as ``ipaddress`` networks."""
        import ipaddress

        return [ipaddress.ip_network(p.strip(), strict=False) for p in self.trusted_proxies.split(",") if p.strip()]

    def sql_connections(self) -> dict[str, dict[str, Any]]:
        """Every named connection as ``{"url": ..., "municipalities": [...] or None}`` (None: all)."""
        raw = dict(self.sql_sources)
        if self.sql_sources_file is not None:
            import yaml

            text = self.sql_sources_file.read_text(encoding="utf-8")
            loaded = json.loads(text) if self.sql_sources_file.suffix == ".json" else yaml.safe_load(text)
            raw.update(loaded or {})
        out: dict[str, dict[str, Any]] = {}
        for name, value in raw.items():
            entry = {"url": value} if isinstance(value, str) else dict(value)
            out[str(name)] = {"url": str(entry["url"]), "municipalities": entry.get("municipalities")}
        return out

    def db_url(self) -> str:
        from sagsflow.meta.db import default_url

        return self.database_url or default_url(self.data_dir)
