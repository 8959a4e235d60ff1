"""Case-level views of a log over time (analysts only, every read audited): the cases' movements over the
process map for the animation, and the dotted chart. Both show individual cases (when each case did what), so
they are case-level reads, not aggregates."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from sagsflow.api.deps import AnalystData, AuditTrail
from sagsflow.api.problems import problem_responses
from sagsflow.api.routes.analysis import Filtered, filtered_log, quarantine
from sagsflow.api.schemas import QuarantineOut

router = APIRouter(prefix="/api/workspaces/{workspace_id}/logs/{log}", tags=["cases"],
                   responses=problem_responses(400, 401, 403, 404, 422, 503))


class AnimationRequest(Filtered):
    activities: float = Field(default=1.0, ge=0, le=1, description="The map's activities slider.")
    perspective: str = Field(default="activity", min_length=1, max_length=200)
    max_cases: int = Field(default=10_000, ge=1, le=100_000, description="A log with more cases is sampled.")


class AnimationOut(BaseModel):
    """Arc traversals as parallel columns (see ``sagsflow.analysis.animation.TokenMovements``): ``case`` (0..),
    ``source``/``target`` (indexes into ``nodes``, the map's node ids), ``start``/``end`` (seconds since ``t0``)."""

    t0: str
    t1: str
    unit: str
    nodes: list[str]
    labels: list[str]
    n_cases: int
    n_cases_total: int
    sampled: bool
    case: list[int]
    source: list[int]
    target: list[int]
    start: list[int]
    end: list[int]
    quarantine: QuarantineOut


@router.post("/animation", operation_id="cases-animation")
def animation(log: str, body: AnimationRequest, data: AnalystData, trail: AuditTrail) -> AnimationOut:
    """The cases' movements over the process map (each arc a case travels, with its times), for the animation."""
    from sagsflow.analysis.animation import token_movements

    with data.ws.read():
        flog = filtered_log(data, log, body.filter)
        mv = token_movements(flog, activities=body.activities, perspective=body.perspective, max_cases=body.max_cases)
    trail.log("case.animation", "log", f"{data.record.id}/{log}", n_cases=mv.n_cases, filter=body.filter)
    return AnimationOut.model_validate({**mv.to_dict(), "quarantine": quarantine(flog, data)})


class DottedRequest(Filtered):
    max_points: int = Field(default=50_000, ge=1, le=500_000, description="A larger log is sampled by whole cases.")


class DottedOut(BaseModel):
    """One point per event of the cases shown, as parallel columns: ``case`` (0.. in start order; its id in
    ``case_ids``), ``activity`` (index into ``activities``), ``time`` (milliseconds since the Unix epoch, UTC)."""

    activities: list[str]
    case_ids: list[str]
    case: list[int]
    activity: list[int]
    time: list[int]
    n_cases_shown: int
    n_cases_total: int
    sampled: bool
    quarantine: QuarantineOut


@router.post("/dotted-chart", operation_id="cases-dotted-chart")
def dotted(log: str, body: DottedRequest, data: AnalystData, trail: AuditTrail) -> DottedOut:
    """The dotted chart: every event of the cases (sampled by whole cases beyond ``max_points``), by time."""
    from sagsflow.analysis.timeline import dotted_chart

    with data.ws.read():
        flog = filtered_log(data, log, body.filter)
        chart = dotted_chart(flog, max_points=body.max_points)
    out = {**chart.to_columns(), "quarantine": quarantine(flog, data)}
    trail.log("case.dotted_chart", "log", f"{data.record.id}/{log}", n_cases=out["n_cases_shown"],
              filter=body.filter)
    return DottedOut.model_validate(out)
