"""Logs of a workspace: list, summary, delete, data-quality report, plausible period."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from sagsflow.api.deps import AnalystData, AuditTrail, ReaderData, State
from sagsflow.api.problems import problem_responses
from sagsflow.api.schemas import QuarantineOut
from sagsflow.quality.model import QualityReport

router = APIRouter(prefix="/api/workspaces/{workspace_id}/logs", tags=["logs"],
                   responses=problem_responses(401, 403, 404, 422))


class AttributeOut(BaseModel):
    """One attribute column: its level, type and personal-data class (for filters and perspectives)."""

    name: str
    level: Literal["event", "case"]
    dtype: str
    data_class: str


class LogSummary(BaseModel):
    name: str
    n_events: int
    n_cases: int
    n_activities: int
    created_at: datetime
    updated_at: datetime
    first_event: datetime | None = Field(default=None, description="Time of the first event (for viewers: the day).")
    last_event: datetime | None = Field(default=None, description="Time of the last event (for viewers: the day). "
                                        "A log whose last event lies in the past is historical: pages that look "
                                        "at open cases default to that time.")
    roles: list[str] = Field(default_factory=list, description="canonical roles filled from the source "
                             "(e.g. start_timestamp, resource)")
    attributes: list[AttributeOut] = Field(default_factory=list)
    quarantine: QuarantineOut | None = Field(
        default=None, description="The events outside the log's plausible period, which analyses leave out (the "
                                  "sizes above count every stored event).")


def _summary(ws: Any, info: Any, exact: bool = True, quarantine: QuarantineOut | None = None) -> LogSummary:
    schema = ws.schema(info.name)
    first, last = ws.log(info.name).time_span()
    if not exact:  # a single event's time is case-level detail: viewers get the day
        first, last = (t.replace(hour=0, minute=0, second=0, microsecond=0) if t else None for t in (first, last))
    return LogSummary(
        name=info.name, n_events=info.n_events, n_cases=info.n_cases, n_activities=info.n_activities,
        created_at=info.created_at, updated_at=info.updated_at, first_event=first, last_event=last,
        roles=sorted(schema.roles),
        attributes=[AttributeOut(name=c.name, level=c.level, dtype=c.dtype, data_class=c.data_class.value)
                    for c in schema.attributes],
        quarantine=quarantine)


@router.get("", operation_id="logs-list")
def list_logs(data: ReaderData) -> list[LogSummary]:
    """All logs of the workspace with their sizes."""
    with data.ws.read():
        return [_summary(data.ws, i, data.sees_cases, _quarantine(data, i.name)) for i in data.ws.logs()]


@router.get("/{log}", operation_id="logs-summary")
def summary(log: str, data: ReaderData) -> LogSummary:
    """One log's sizes and dates."""
    data.check_log(log)
    with data.ws.read():
        info = next(i for i in data.ws.logs() if i.name == log)
        return _summary(data.ws, info, data.sees_cases, _quarantine(data, log))


@router.delete("/{log}", operation_id="logs-delete", status_code=204)
def delete(log: str, data: AnalystData, trail: AuditTrail, state: State) -> None:
    """Remove a log and its import history."""
    data.check_log(log)
    data.ws.delete_log(log)
    state.forget(data.record.path, log)
    trail.log("log.delete", "log", f"{data.record.id}/{log}")


@router.get("/{log}/quality", operation_id="logs-quality")
def quality(log: str, data: ReaderData, trail: AuditTrail) -> QualityReport:
    """The data-quality report; examples (case ids, single events) only for analysts, and audited. Viewers get no
    example and no breakdown or figure naming a case or an employee (pseudonyms included)."""
    from sagsflow.disclosure.release import release_quality
    from sagsflow.quality import quality_report

    data.check_log(log)
    with data.ws.read():
        stored = data.ws.log(log)
        report = quality_report(stored)
    if not data.sees_cases:
        return release_quality(report, data.policy, stored.schema)
    trail.log("case.quality_examples", "log", f"{data.record.id}/{log}")
    return report


class PlausibleWindowIn(BaseModel):
    """The plausible period to set: the first and/or last local day (ISO dates, both included); an end left out is
    derived from the data, and both left out go back to the derived period."""

    first_day: str | None = Field(default=None, max_length=10, description="YYYY-MM-DD, 1800-01-01 or later.")
    last_day: str | None = Field(default=None, max_length=10, description="YYYY-MM-DD, 2199-12-31 or earlier.")


def _quarantine(data: Any, log: str) -> QuarantineOut:
    from sagsflow.api.overview import quarantine_of

    return QuarantineOut(**quarantine_of(data.log(log), data.policy))


@router.get("/{log}/plausible-window", operation_id="logs-plausible-window")
def plausible_window(log: str, data: ReaderData) -> QuarantineOut:
    """The log's plausible period and the events outside it, which every analysis leaves out unless the filter
    says ``include_quarantined`` (docs/importing.md)."""
    with data.ws.read():
        return _quarantine(data, log)


@router.put("/{log}/plausible-window", operation_id="logs-set-plausible-window")
def set_plausible_window(log: str, body: PlausibleWindowIn, data: AnalystData, trail: AuditTrail,
                         state: State) -> QuarantineOut:
    """Set the log's plausible period (analysts); every analysis of the log follows it from now on."""
    from sagsflow.plausible import set_plausible_window as set_window

    data.check_log(log)
    set_window(data.ws, log, body.first_day, body.last_day)
    state.forget(data.record.path, log)
    trail.log("log.plausible_window", "log", f"{data.record.id}/{log}", first_day=body.first_day,
              last_day=body.last_day)
    with data.ws.read():
        return _quarantine(data, log)


@router.delete("/{log}/plausible-window", operation_id="logs-reset-plausible-window")
def reset_plausible_window(log: str, data: AnalystData, trail: AuditTrail, state: State) -> QuarantineOut:
    """Go back to the plausible period derived from the data (analysts)."""
    from sagsflow.plausible import reset_plausible_window as reset_window

    data.check_log(log)
    reset_window(data.ws, log)
    state.forget(data.record.path, log)
    trail.log("log.plausible_window", "log", f"{data.record.id}/{log}", first_day=None, last_day=None)
    with data.ws.read():
        return _quarantine(data, log)
