"""Logs of the workspace: list, summary, data-quality report."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from sagsflow.api.deps import WorkspaceDep

router = APIRouter(prefix="/api/logs", tags=["logs"])


class LogSummary(BaseModel):
    name: str
    n_events: int
    n_cases: int
    n_activities: int
    updated_at: datetime


@router.get("", operation_id="logs-list")
def list_logs(ws: WorkspaceDep) -> list[LogSummary]:
    """All logs of the workspace with their sizes."""
    with ws.read():
        return [LogSummary(name=i.name, n_events=i.n_events, n_cases=i.n_cases, n_activities=i.n_activities,
                           updated_at=i.updated_at) for i in ws.logs()]


@router.get("/{name}/quality", operation_id="logs-quality")
def quality(name: str, ws: WorkspaceDep) -> dict[str, Any]:
    """The data-quality report of a log (aggregates only)."""
    from sagsflow.quality import quality_report

    with ws.read():
        return quality_report(ws.log(name)).to_dict()
