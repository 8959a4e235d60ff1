"""Conformance against a reference model: upload a BPMN/PNML model (size-limited, safe XML) or use one
discovered from the log, align as a background job, read the fitness and the deviations (aggregates; groups of
fewer than k cases hidden for viewers)."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from pydantic import BaseModel, Field
from sqlalchemy import select

from sagsflow.api.deps import DB, AnalystData, AuditTrail, Data, ReaderData, State
from sagsflow.api.problems import ApiProblem, not_found, problem_responses
from sagsflow.api.routes.analysis import audit_small, filtered_log
from sagsflow.api.routes.compliance import finite, frame_dict
from sagsflow.api.schemas import (
    ActivityDeviationsOut,
    ConformanceVariantsOut,
    DeviationsOut,
    FallbacksOut,
    GroupConformanceOut,
    JobOut,
    QuarantineOut,
    TableOut,
)
from sagsflow.i18n import _
from sagsflow.meta.models import Job

router = APIRouter(prefix="/api/workspaces/{workspace_id}", tags=["conformance"],
                   responses=problem_responses(400, 401, 403, 404, 413, 422, 503))
_CHUNK = 1024 * 1024
_TOP_VARIANTS = 200
#: seconds allowed for all alignments of one job (the variants left get the token-replay fallback)
TIME_BUDGET = 300.0


def _save_model(request: Request, upload: UploadFile, folder: Path, limit: int) -> Path:
    """Stream an uploaded model file to ``folder``; 413 past ``limit`` bytes, 422 for other suffixes."""
    name = Path(upload.filename or "model.bpmn").name
    if Path(name).suffix.lower() not in (".bpmn", ".xml", ".pnml"):
        raise ApiProblem(422, f"the model file {name!r} is not .bpmn, .xml or .pnml.", field="file",
                         hint="Export the reference model as BPMN 2.0 XML or as a PNML Petri net.")
    declared = request.headers.get("content-length")
    too_big = ApiProblem(413, f"the model file is larger than the limit of {limit:,} bytes.", field="file",
                         hint="A process model is a few MB at most: check that this is not an event log.")
    if declared and declared.isdigit() and int(declared) > limit + 64 * 1024:
        raise too_big
    folder.mkdir(parents=True, exist_ok=True)
    dest = folder / f"{uuid.uuid4().hex}-{name}"
    size = 0
    with dest.open("wb") as out:
        while chunk := upload.file.read(_CHUNK):
            size += len(chunk)
            if size > limit:
                out.close()
                dest.unlink(missing_ok=True)
                raise too_big
            out.write(chunk)
    return dest


@router.post("/logs/{log}/conformance", operation_id="conformance-check", status_code=202)
def start_check(
    request: Request,
    log: str,
    data: AnalystData,
    state: State,
    trail: AuditTrail,
    file: Annotated[UploadFile | None, File(description="Reference model (.bpmn or .pnml); none: discover one "
                                                        "from the log.")] = None,
    filter: Annotated[str | None, Form(max_length=100_000, description="Filter spec as JSON.")] = None,
    noise_threshold: Annotated[float, Form(ge=0, le=1, description="For a discovered model.")] = 0.2,
    process: Annotated[str | None, Form(max_length=500, description="BPMN pool's process id.")] = None,
    ignore_unsupported: Annotated[bool, Form()] = False,
    by: Annotated[str | None, Form(max_length=500, description="Case attributes (comma-separated) to group "
                                                                 "the deviations by.")] = None,
) -> JobOut:
    """Check the (filtered) log against a reference model as a background job; poll ``/api/jobs/{id}`` and read
    the result at ``/conformance/{job_id}``. Model errors (unsupported BPMN elements, DTDs) answer at once."""
    from sagsflow.conformance import load_model
    from sagsflow.conformance.xmlsafe import MAX_MODEL_BYTES

    try:
        spec = json.loads(filter) if filter else None
    except json.JSONDecodeError as exc:
        raise ApiProblem(422, f"the filter is not valid JSON: {exc.msg} at position {exc.pos}.",
                         field="filter") from None
    if spec is not None and not isinstance(spec, dict | list):
        raise ApiProblem(422, "the filter must be a JSON object or list (docs/filters.md).", field="filter")
    groups = [b.strip() for b in (by or "").split(",") if b.strip()]
    with data.ws.read():
        flog = filtered_log(data, log, spec)
        names = [c.name for c in flog.schema.case_attributes]
        audit_small(trail, data, log, "conformance", flog.n_cases, spec)
    bad = [g for g in groups if g not in names]
    if bad:
        raise ApiProblem(422, f"{bad[0]!r} is not a case attribute of log {log!r}.", field="by",
                         hint=f"Case attributes: {', '.join(names) or '(none)'}")
    ref = None
    source = "discovered"
    if file is not None and file.filename:
        limit = min(MAX_MODEL_BYTES, state.settings.max_upload_bytes)
        path = _save_model(request, file, state.settings.data_dir / "uploads", limit)
        try:
            ref = load_model(path, process=process or None, ignore_unsupported=ignore_unsupported)
        finally:
            path.unlink(missing_ok=True)
        source = Path(file.filename).name
    root = data.ws.root

    def run(progress: Any) -> dict[str, Any]:
        from sagsflow.conformance import check_conformance

        view = root.reader()
        try:
            selected = view.log(log)
            if spec:
                selected = selected.filter(spec)
            model = ref
            if model is None:
                from sagsflow.discovery import InductiveMiner

                progress(0.05, _("discovering a model"))
                model = load_model(InductiveMiner(noise_threshold=noise_threshold).fit(selected))
            progress(0.1, _("aligning the variants"))
            res = check_conformance(selected, model, processes=1, time_budget=TIME_BUDGET,
                                    progress=lambda f, m: progress(0.1 + 0.8 * f, m))
            progress(0.9, _("summarising"))
            return {**_result(res, source, groups, selected), "quarantine": selected.quarantine()}
        finally:
            view.close()

    job_id = state.runner.submit("conformance", run, workspace_id=data.record.id, owner_id=data.user.id,
                                 message=_("conformance of {log} against {source}", log=log, source=source))
    trail.log("conformance.start", "log", f"{data.record.id}/{log}", job_id=job_id, model=source, filter=spec)
    return JobOut.model_validate(state.runner.get(job_id))


def _result(res: Any, source: str, groups: list[str], selected: Any = None) -> dict[str, Any]:
    """What a conformance job stores: figures, warnings and the aggregate tables (the activities with the cases
    they occur in, so the disclosure rule can hide rare ones)."""
    variants = res.variants.sort_values(["n_cases", "variant_id"], ascending=[False, True]).head(_TOP_VARIANTS)
    labels = res.labels
    activities = res.activities
    if selected is not None:
        from sagsflow.analysis.statistics import activity_table

        per = dict(zip(*(activity_table(selected).to_arrow().column(c).to_pylist() for c in ("activity", "n_cases")),
                       strict=True))
        activities = activities.assign(n_cases=[int(per.get(a, 0)) for a in activities["activity"]])
    return finite({
        "log": res.log.name, "model": source, "n_cases": res.n_cases, "n_variants": res.n_variants,
        "fitness": res.fitness, "log_fitness": res.log_fitness, "percent_fitting": res.percent_fitting,
        "n_variants_fallback": res.n_variants_fallback, "n_cases_fallback": res.n_cases_fallback,
        "seconds": res.seconds,
        "model_warnings": [str(i) for i in res.model.issues],
        "labels": {"model_only": list(labels.model_only), "log_only": dict(labels.log_only),
                   "suggestions": dict(labels.suggestions)},
        "activities": frame_dict(activities),
        "variants": frame_dict(variants),
        "fallbacks": frame_dict(res.fallbacks[["variant_id", "n_cases", "method"]]),
        "periods": frame_dict(res.by_period("month")),
        "deviations": frame_dict(res.deviations()),
        "by": {g: frame_dict(res.by_attribute(g)) for g in groups},
    })


class LabelsOut(BaseModel):
    model_only: list[str]
    log_only: dict[str, int]
    suggestions: dict[str, str]


class ConformanceOut(BaseModel):
    """Fitness and deviations of a finished conformance job."""

    job_id: str
    created_at: datetime
    log: str
    model: str
    n_cases: int
    n_variants: int
    fitness: float | None
    log_fitness: float | None
    percent_fitting: float | None
    n_variants_fallback: int
    n_cases_fallback: int
    seconds: float
    model_warnings: list[str]
    labels: LabelsOut
    activities: ActivityDeviationsOut
    variants: ConformanceVariantsOut
    fallbacks: FallbacksOut
    periods: GroupConformanceOut
    deviations: DeviationsOut
    by: dict[str, GroupConformanceOut]
    quarantine: QuarantineOut | None = Field(default=None, description="The events outside the log's plausible "
                                             "period when the check ran (none for older results).")


def _job(db: DB, data: Data, job_id: str) -> Job:
    job = db.get(Job, job_id) if len(job_id) <= 64 else None
    if job is None or job.kind != "conformance" or job.workspace_id != data.record.id:
        raise not_found("conformance result")
    return job


class CheckInfo(BaseModel):
    job_id: str
    state: str
    created_at: datetime
    log: str | None
    model: str | None
    fitness: float | None


@router.get("/conformance", operation_id="conformance-list")
def list_checks(data: ReaderData, db: DB) -> list[CheckInfo]:
    """The conformance jobs of this workspace, newest first."""
    jobs = db.scalars(select(Job).where(Job.kind == "conformance", Job.workspace_id == data.record.id)
                      .order_by(Job.created_at.desc()).limit(200))
    return [CheckInfo(job_id=j.id, state=j.state, created_at=j.created_at, log=(j.result or {}).get("log"),
                      model=(j.result or {}).get("model"), fitness=(j.result or {}).get("fitness"))
            for j in jobs]


@router.get("/conformance/{job_id}", operation_id="conformance-result", responses=problem_responses(409))
def get_result(job_id: str, data: ReaderData, db: DB, trail: AuditTrail) -> ConformanceOut:
    """The result of a conformance job: fitness, label mismatches, unsupported-element warnings, deviations per
    activity, variant, month and case attribute. Viewers get groups of at least k cases only (no activity, variant
    or label seen in fewer, tables by published case attributes only)."""
    from sagsflow.disclosure.release import release_conformance, release_quarantine

    job = _job(db, data, job_id)
    if job.state != "succeeded" or not job.result:
        raise ApiProblem(409, f"the conformance job is {job.state}" + (f": {job.error}" if job.error else "."),
                         hint="Poll /api/jobs/{id} until it has succeeded.")
    r = dict(job.result)
    if data.sees_cases:
        audit_small(trail, data, str(r.get("log")), "conformance_result", r.get("n_cases"), job_id=job.id)
    else:
        r = release_conformance(r, data.policy, published=_published(data, r.get("log")))
    out = {k: r[k] for k in ("log", "model", "n_cases", "n_variants", "fitness", "log_fitness", "percent_fitting",
                             "n_variants_fallback", "n_cases_fallback", "seconds", "model_warnings", "labels")}
    kinds: tuple[tuple[str, type[TableOut]], ...] = (
        ("activities", ActivityDeviationsOut), ("variants", ConformanceVariantsOut), ("fallbacks", FallbacksOut),
        ("periods", GroupConformanceOut), ("deviations", DeviationsOut))
    tables = {k: cls.of(r[k]) for k, cls in kinds}
    by = {g: GroupConformanceOut.of(t) for g, t in r.get("by", {}).items()}
    quarantine = QuarantineOut(**release_quarantine(r["quarantine"], data.policy)) if r.get("quarantine") else None
    return ConformanceOut.model_validate({"job_id": job.id, "created_at": job.created_at, **out, **tables, "by": by,
                                          "quarantine": quarantine})


def _published(data: Data, log: Any) -> list[str]:
    """The published case attributes of a result's log (none when the log is gone)."""
    from sagsflow.errors import NotFoundError

    with data.ws.read():
        try:
            return data.groups(data.ws.log(str(log))).published
        except NotFoundError:
            return []
