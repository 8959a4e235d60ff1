"""Logs of a workspace: list, summary, delete, data-quality report."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from sagsflow.api.deps import AnalystData, AuditTrail, ReaderData
from sagsflow.api.problems import problem_responses

router = APIRouter(prefix="/api/workspaces/{workspace_id}/logs", tags=["logs"],
                   responses=problem_responses(401, 403, 404, 422))


class LogSummary(BaseModel):
    name: str
    n_events: int
    n_cases: int
    n_activities: int
    created_at: datetime
    updated_at: datetime


@router.get("", operation_id="logs-list")
def list_logs(data: ReaderData) -> list[LogSummary]:
    """All logs of the workspace with their sizes."""
    with data.ws.read():
        return [LogSummary.model_validate(i, from_attributes=True) for i in data.ws.logs()]


@router.get("/{log}", operation_id="logs-summary")
def summary(log: str, data: ReaderData) -> LogSummary:
    """One log's sizes and dates."""
    data.check_log(log)
    with data.ws.read():
        info = next(i for i in data.ws.logs() if i.name == log)
    return LogSummary.model_validate(info, from_attributes=True)


@router.delete("/{log}", operation_id="logs-delete", status_code=204)
def delete(log: str, data: AnalystData, trail: AuditTrail) -> None:
    """Remove a log and its import history."""
    data.check_log(log)
    data.ws.delete_log(log)
    trail.log("log.delete", "log", f"{data.record.id}/{log}")


@router.get("/{log}/quality", operation_id="logs-quality")
def quality(log: str, data: ReaderData, trail: AuditTrail) -> dict[str, Any]:
    """The data-quality report; examples (case ids, single events) only for analysts, and audited."""
    from sagsflow.quality import quality_report

    data.check_log(log)
    with data.ws.read():
        report = quality_report(data.ws.log(log))
    if not data.sees_cases:
        return report.without_examples().to_dict()
    trail.log("case.quality_examples", "log", f"{data.record.id}/{log}")
    return report.to_dict()
