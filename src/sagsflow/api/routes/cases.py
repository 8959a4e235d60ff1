"""Case-level data (analysts only, every read audited): the case list and one case's timeline."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from sagsflow.api.deps import AnalystData, AuditTrail, State
from sagsflow.api.problems import not_found, problem_responses, too_many_rows
from sagsflow.api.routes.analysis import Filtered, filtered_log, quarantine
from sagsflow.api.schemas import CasesOut, EventRow, QuarantineOut

router = APIRouter(prefix="/api/workspaces/{workspace_id}/logs/{log}/cases", tags=["cases"],
                   responses=problem_responses(400, 401, 403, 404, 422, 503))


class CasesRequest(Filtered):
    offset: int = Field(default=0, ge=0, le=2**31 - 1)
    limit: int = Field(default=100, ge=1, le=100_000, description="Capped at SAGSFLOW_MAX_RESULT_ROWS.")


@router.post("", operation_id="cases-list")
def list_cases(log: str, body: CasesRequest, data: AnalystData, state: State, trail: AuditTrail) -> CasesOut:
    """One row per case (pseudonymised ids, duration, variant, case attributes), a page at a time."""
    from sagsflow.analysis.statistics import case_table

    limit = min(body.limit, state.settings.max_result_rows)
    with data.ws.read():
        flog = filtered_log(data, log, body.filter)
        table = case_table(flog).to_dict()
    n_total = len(table["rows"])
    rows = table["rows"][body.offset: body.offset + limit]
    trail.log("case.list", "log", f"{data.record.id}/{log}", n_cases=len(rows), offset=body.offset,
              filter=body.filter)
    return CasesOut.of({**table, "rows": rows}, n_total=n_total, offset=body.offset, limit=limit,
                       quarantine=quarantine(flog, data))


class TimelineOut(BaseModel):
    case_id: str
    attributes: dict[str, Any] = Field(description="The case's case-level attributes (pseudonymised as stored).")
    events: list[EventRow] = Field(
        description="Every stored event of the case, also those outside the log's plausible period, each with "
                    "'quarantined' (true: left out of every analysis by default).")
    quarantine: QuarantineOut


@router.get("/{case_id}", operation_id="cases-timeline")
def timeline(log: str, case_id: str, data: AnalystData, trail: AuditTrail, state: State) -> TimelineOut:
    """The events of one case in order (role columns and event attributes) and its case attributes."""
    from sagsflow.analysis.timeline import case_events

    with data.ws.read():
        stored = data.log(log)
        events, attributes = case_events(stored, case_id)
    trail.log("case.read", "case", f"{data.record.id}/{log}/{case_id}", n_events=len(events))
    if not events:
        raise not_found("case")
    if len(events) > state.settings.max_result_rows:
        raise too_many_rows(len(events), state.settings.max_result_rows, "events in this case",
                            "Read the case's events with the Python library or the CLI export instead.")
    return TimelineOut(case_id=case_id, attributes=attributes, events=[EventRow.model_validate(e) for e in events],
                       quarantine=QuarantineOut(**quarantine(stored, data)))
