"""Action plans, effect estimates and drift of a workspace (sagsflow.effect, sagsflow.drift). Thin: validate, call
the library, audit.

The register of interventions lives in the metadata database; the fields and their checks are the library's
(:class:`sagsflow.effect.Intervention`). Estimates and drift show per-period values of small groups, so they are
for analysts (roles with case access); every role that reads the workspace sees the register.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field
from sqlalchemy import select

from sagsflow.api.deps import DB, AnalystData, AuditTrail, Id, ReaderData
from sagsflow.api.problems import not_found, problem_responses
from sagsflow.effect import Intervention
from sagsflow.meta.models import InterventionRecord

router = APIRouter(prefix="/api/workspaces/{workspace_id}", tags=["effect"],
                   responses=problem_responses(400, 401, 403, 404, 422, 503))


class InterventionOut(BaseModel):
    """An intervention: ``id`` (the server's number) and the fields of ``sagsflow.effect.Intervention``."""

    model_config = {"extra": "allow"}
    id: int
    name: str
    start: str
    log: str


class EstimateOut(BaseModel):
    """An effect estimate (``sagsflow.effect.EffectEstimate.to_dict``: effect, interval, p-value, pre-period fit,
    assumptions, the fitted series under ``fit``), the intervention's name and the law changes in its span."""

    model_config = {"extra": "allow"}
    name: str
    method: str
    summary: str
    fit: list[dict[str, Any]]
    law_changes: list[dict[str, Any]]


class DriftOut(BaseModel):
    """Change points of a log's flow (``sagsflow.drift.ProcessDrift.to_dict``: changes, transitions, distance)
    and the ``timeline`` with law changes and the registered interventions."""

    model_config = {"extra": "allow"}
    timeline: dict[str, Any]


class EstimateRequest(BaseModel):
    method: Literal["its", "did"] = "its"
    scale: Literal["ratio", "difference"] = "ratio"
    errors: Literal["hac", "arima"] = "hac"
    controls: Literal["units", "profiles"] = Field(
        default="units", description="DiD: the log's untargeted units, or the imported benchmark profiles.")
    control_names: list[str] | None = Field(default=None, max_length=100,
                                            description="DiD against profiles: only these profiles.")


class DriftRequest(BaseModel):
    by: str | None = Field(default=None, max_length=200, description="Case attribute whose values are units.")
    unit: str | None = Field(default=None, max_length=500, description="The unit to search (a value of 'by').")
    period: Literal["week", "month"] = "week"


def _out(rec: InterventionRecord) -> InterventionOut:
    return InterventionOut(**{**rec.data, "id": rec.id, "name": rec.name, "start": rec.start.isoformat()})


def _interventions(db: Any, workspace_id: int) -> list[InterventionRecord]:
    q = select(InterventionRecord).where(InterventionRecord.workspace_id == workspace_id)
    return list(db.scalars(q.order_by(InterventionRecord.start, InterventionRecord.id)))


def _record(db: Any, workspace_id: int, intervention_id: int) -> InterventionRecord:
    rec = db.get(InterventionRecord, intervention_id)
    if rec is None or rec.workspace_id != workspace_id:
        raise not_found("intervention")
    return rec


def _intervention(rec: InterventionRecord) -> Intervention:
    return Intervention.model_validate({**rec.data, "id": str(rec.id)})


@router.get("/interventions", operation_id="effect-interventions-list")
def list_interventions(data: ReaderData, db: DB) -> list[InterventionOut]:
    """The workspace's registered interventions, by start date."""
    return [_out(r) for r in _interventions(db, data.record.id)]


@router.post("/interventions", operation_id="effect-interventions-create", status_code=201)
def create_intervention(body: Intervention, data: AnalystData, db: DB, trail: AuditTrail) -> InterventionOut:
    """Register an intervention (the fields of docs/effect.md; the log must exist in the workspace)."""
    data.check_log(body.log)
    rec = InterventionRecord(workspace_id=data.record.id, name=body.name, start=body.start, created_by_id=data.user.id,
                             data=body.model_dump(mode="json", exclude={"id", "created_at"}))
    db.add(rec)
    db.flush()
    trail.log("intervention.create", "intervention", rec.id, name=body.name)
    return _out(rec)


@router.delete("/interventions/{intervention_id}", operation_id="effect-interventions-delete", status_code=204)
def delete_intervention(intervention_id: Id, data: AnalystData, db: DB, trail: AuditTrail) -> None:
    """Remove an intervention from the register."""
    rec = _record(db, data.record.id, intervention_id)
    db.delete(rec)
    trail.log("intervention.delete", "intervention", intervention_id)


@router.post("/interventions/{intervention_id}/estimate", operation_id="effect-estimate")
def estimate(intervention_id: Id, body: EstimateRequest, data: AnalystData, db: DB,
             trail: AuditTrail) -> EstimateOut:
    """The effect of an intervention on its indicator: estimate, 95 % interval, pre-period fit, fitted and
    counterfactual series, assumptions (in the request's language) and the law changes in the series' span."""
    from sagsflow.effect import estimate_effect, law_changes

    iv = _intervention(_record(db, data.record.id, intervention_id))
    est = estimate_effect(data.log(iv.log), iv, method=body.method, scale=body.scale, errors=body.errors,
                          controls=body.controls, control_names=body.control_names)
    trail.log("effect.estimate", "intervention", intervention_id, method=body.method, log=iv.log,
              controls=body.controls)
    periods = est.fit.column("period")
    laws = law_changes(start=min(periods), end=max(periods)) if periods else []
    return EstimateOut.model_validate({**est.to_dict(), "name": iv.name,
                                       "law_changes": [c.to_dict() for c in laws]})


@router.post("/logs/{log}/drift", operation_id="effect-drift-process")
def process_drift(log: str, body: DriftRequest, data: AnalystData, db: DB, trail: AuditTrail) -> DriftOut:
    """When did the flow of a log (of one unit) change? Change points, the transitions that moved, the
    sliding-window distance per period, and the timeline with law changes and the registered interventions."""
    from sagsflow.drift import process_drift as detect
    from sagsflow.drift import timeline
    from sagsflow.filters import case_attribute

    lg = data.log(log)
    if body.by and body.unit is not None:
        lg = lg.filter(case_attribute(body.by, [body.unit]))
    res = detect(lg, period=body.period)
    ivs = [_intervention(r) for r in _interventions(db, data.record.id)]
    tl = timeline(process=res, interventions=[iv for iv in ivs if iv.log == log])
    trail.log("drift.process", "log", log, by=body.by, unit=body.unit)
    return DriftOut.model_validate({**res.to_dict(), "timeline": tl.to_dict()})


class ProfileSummaryOut(BaseModel):
    """A benchmark profile imported into the workspace."""

    name: str
    created_at: str
    n_cases: int | None
    min_group_size: int
    public_key: str


class ProfileImportedOut(BaseModel):
    name: str
    public_key: str


class BenchmarkOut(BaseModel):
    """The log's profile beside every imported profile and the network (``sagsflow.share.benchmark``)."""

    model_config = {"extra": "allow"}
    names: list[str]


class BenchmarkRequest(BaseModel):
    case_type: str | None = Field(default=None, max_length=200, description="Case attribute for the indicators.")


@router.get("/profiles", operation_id="effect-share-profiles-list")
def list_profiles(data: ReaderData) -> list[ProfileSummaryOut]:
    """The benchmark profiles imported into the workspace (each verified again): name, when, k, key."""
    from sagsflow.share import list_profiles as listed

    return [ProfileSummaryOut(name=p["name"], created_at=str(p["created_at"]), n_cases=p.get("n_cases"),
                              min_group_size=p["protection"]["min_group_size"], public_key=p["public_key"])
            for p in listed(data.ws)]


@router.post("/profiles", operation_id="effect-share-profiles-import", status_code=201)
def import_profile(body: dict[str, Any], data: AnalystData, trail: AuditTrail) -> ProfileImportedOut:
    """Import a signed benchmark profile (docs/sharing.md); refused when the signature does not match."""
    from sagsflow.share import import_profile as keep

    prof = keep(data.ws, body)
    trail.log("profile.import", "profile", str(prof["name"]), public_key=prof["public_key"])
    return ProfileImportedOut(name=prof["name"], public_key=prof["public_key"])


@router.post("/logs/{log}/benchmark", operation_id="effect-share-benchmark")
def benchmark(log: str, body: BenchmarkRequest, data: ReaderData) -> BenchmarkOut:
    """The log's own profile (released with the server's k) beside every imported profile and the network."""
    from sagsflow.disclosure import DisclosurePolicy
    from sagsflow.share import benchmark as side_by_side
    from sagsflow.share import list_profiles as listed
    from sagsflow.share import profile_body

    own = profile_body(data.log(log), name=log, case_type=body.case_type,
                       policy=DisclosurePolicy(min_group_size=data.min_group_size))
    return BenchmarkOut.model_validate(side_by_side(own, listed(data.ws)))
