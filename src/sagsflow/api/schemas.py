"""Request and response models shared by several routers (one model per payload)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Role = Literal["administrator", "analyst", "viewer", "auditor"]
JobState = Literal["queued", "running", "succeeded", "failed", "cancelled"]


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class UserOut(_Out):
    id: int
    username: str
    role: Role
    municipality_id: int | None
    active: bool


class MunicipalityOut(_Out):
    id: int
    name: str
    code: str | None


class WorkspaceOut(_Out):
    id: int
    name: str
    municipality_id: int


class JobOut(_Out):
    id: str
    kind: str
    state: JobState
    progress: float
    message: str | None
    error: str | None
    result: dict[str, Any] | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    workspace_id: int | None

    @field_validator("message", "error")
    @classmethod
    def _no_server_paths(cls, value: str | None) -> str | None:
        """Job messages and errors never show where the server keeps uploads or temporary files."""
        from sagsflow.api.problems import hide_paths

        return hide_paths(value)


class TableOut(BaseModel):
    """A result table: column names, rows as objects, and scalar facts about the result."""

    columns: list[str]
    rows: list[dict[str, Any]]
    meta: dict[str, Any] = Field(default_factory=dict)

    @classmethod
    def of(cls, data: dict[str, Any], **extra: Any) -> TableOut:
        """From a :class:`sagsflow.analysis._table.Table` ``to_dict()``."""
        d = dict(data)
        columns, rows = d.pop("columns"), d.pop("rows")
        return cls(columns=columns, rows=rows, meta={**d, **extra})


FilterSpec = dict[str, Any] | list[dict[str, Any]] | None


class QuarantineOut(BaseModel):
    """The log's plausible period and the events outside it (quarantined: kept, left out of analyses unless the
    filter says ``include_quarantined``); see ``sagsflow.plausible`` and docs/importing.md. Counts resting on 1 to
    k-1 cases are None for viewers."""

    first_day: str | None = Field(description="First plausible local day (ISO date); None when no date is plausible.")
    last_day: str | None = Field(description="Last plausible local day (ISO date, included).")
    source: Literal["derived", "set", "partly set"] = Field(
        description="Derived from the data, or set for the log (one end or both).")
    n_events: int = Field(description="Stored events of the log.")
    n_quarantined: int | None = Field(description="Events outside the period.")
    n_cases_affected: int | None = Field(description="Cases with at least one quarantined event.")
    n_cases_left_out: int | None = Field(description="Cases whose every event is quarantined.")
    n_unrepresentable: int | None = Field(
        description="Quarantined events dated before 1800 or after 2199: never analysed, even when included.")
    included: bool = Field(description="Whether this result counts the quarantined events (include_quarantined).")
