"""Predictive monitoring: train a model as a background job under a feature policy, list the stored model
versions, read their model cards, and score open cases (analysts; every scoring audited with the model versions
that produced it)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter
from fastapi.responses import Response
from pydantic import BaseModel, Field

from sagsflow.api.deps import DB, AnalystData, AuditTrail, Data, ReaderData, State
from sagsflow.api.problems import ApiProblem, not_found, problem_responses
from sagsflow.api.routes.analysis import Filtered, filtered_log
from sagsflow.api.routes.compliance import finite, frame_dict
from sagsflow.api.schemas import JobOut, QuarantineOut, ScoredCase
from sagsflow.i18n import _
from sagsflow.predict.targets import target_title

router = APIRouter(prefix="/api/workspaces/{workspace_id}", tags=["predictions"],
                   responses=problem_responses(400, 401, 403, 404, 422, 503))

MODEL_NAME = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$"
#: a model reference: NAME or NAME:VERSION
MODEL_REF = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,62}(:[0-9]{1,9})?$"


class PolicyFeature(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    legal_basis: str | None = Field(default=None, max_length=2000,
                                    description="Law and section, DPIA reference: required for a personal column.")


class PolicyIn(BaseModel):
    """Which columns besides the process features the model may use (docs/prediction.md)."""

    features: list[str | PolicyFeature] = Field(default_factory=list, max_length=100)
    unit: str | None = Field(default=None, max_length=200, description="Attribute defining the unit whose "
                                                                       "workload is a feature.")
    inter_case: bool = True
    calendar: bool = True


class TrainRequest(Filtered):
    name: str = Field(pattern=MODEL_NAME, description="Model name; each training adds a version.")
    target: str = Field(min_length=1, max_length=500, description="remaining_time, next_activity, "
                                                                  "outcome:<label> or deadline:<rule id>.")
    policy: PolicyIn | None = None
    audit_attributes: list[str] | None = Field(
        default=None, max_length=20, description="Protected attributes (not features) for the equal-treatment "
                                                 "audit; default: every personal attribute that is no feature.")
    n_estimators: int = Field(default=150, ge=10, le=2000)
    protocol: str | None = Field(default=None, max_length=2000, description=(
        "Evaluation protocol: sagsflow (default, strict temporal), tax2017, teinemaa2019, share:0.2, "
        "share:0.33:file, date:2024-01-01, rolling:3, cases:<id>,<id>."))


def registrations_for(db: DB, data: Data, trail: AuditTrail, log: str, targets: list[str], use: str) -> list[Any]:
    """The municipality's registrations that enable each target now (:func:`sagsflow.legal.check`); a refusal is
    audited (``prediction.refused``) and answered 403 ``registration-required``."""
    from sagsflow.legal import RegistrationRequiredError, check
    from sagsflow.meta import legal as meta_legal

    meta_legal.record_expiries(db)
    db.commit()
    regs = meta_legal.in_force(db, data.record.municipality_id)
    found: list[Any] = []
    for t in targets:
        try:
            reg = check(t, regs, use=use)  # type: ignore[arg-type]
        except RegistrationRequiredError:
            trail.log("prediction.refused", "log", f"{data.record.id}/{log}", use=use, target=t)
            raise
        if reg not in found:
            found.append(reg)
    return found


@router.post("/logs/{log}/prediction-models", operation_id="predictions-train", status_code=202)
def train(log: str, body: TrainRequest, data: AnalystData, state: State, trail: AuditTrail, db: DB) -> JobOut:
    """Train a model on the (filtered) log as a background job; poll ``/api/jobs/{id}``. Refused (403,
    ``registration-required``) unless a registration approved for the municipality enables the target's class;
    a personal column in the policy without a stated legal basis is refused at once (422, ``feature-refused``)."""
    from sagsflow.predict import FeaturePolicy, Protocol
    from sagsflow.predict.targets import Target

    policy = FeaturePolicy.from_dict(body.policy.model_dump(exclude_none=True) if body.policy else None)
    Target.parse(body.target)
    Protocol.parse(body.protocol)  # a protocol that cannot be read is refused at once (422)
    registration = registrations_for(db, data, trail, log, [body.target], "train")[0]
    with data.ws.read():
        schema = filtered_log(data, log, body.filter).schema
    policy.check(schema)
    names = {c.name for c in schema.attributes}
    bad = [a for a in body.audit_attributes or [] if a not in names]
    if bad:
        raise ApiProblem(422, f"the audit attribute {bad[0]!r} is not a column of log {log!r}.",
                         field="audit_attributes", hint=f"Columns: {', '.join(sorted(names))}")
    root, spec = data.ws.root, body.filter

    def run(progress: Any) -> dict[str, Any]:
        from sagsflow.predict import train_model

        view = root.reader()
        try:
            progress(0.02, _("training {target} on {log}", target=target_title(body.target), log=log))
            selected = view.log(log)
            if spec:
                selected = selected.filter(spec)
            model = train_model(selected, body.target, name=body.name, policy=policy,
                                audit_attributes=body.audit_attributes, n_estimators=body.n_estimators,
                                protocol=body.protocol, registration=registration,
                                progress=lambda f, m: progress(0.02 + 0.97 * f, m))
            return finite({"name": model.name_, "version": model.version_, "target": str(model.target_),
                           "log": log, "metrics": model.evaluation_.to_dict(), "quarantine": selected.quarantine()})
        finally:
            view.close()

    job_id = state.runner.submit("training", run, workspace_id=data.record.id, owner_id=data.user.id,
                                 message=_("train {name} ({target}) on {log}", name=body.name,
                                           target=target_title(body.target), log=log))
    trail.log("model.train", "model", f"{data.record.id}/{body.name}", job_id=job_id, log=log,
              target=body.target, policy=policy.to_dict(), filter=spec, registration=registration.id)
    return JobOut.model_validate(state.runner.get(job_id))


class ModelVersionOut(BaseModel):
    name: str
    version: int
    target: str
    log: str
    created_at: datetime
    window: dict[str, Any]
    metrics: dict[str, Any]
    retrain: str | None = Field(default=None, description="Why the version must be retrained (its training "
                                                           "data were deleted by retention); null when not.")
    registration: str | None = Field(default=None, description="Id of the registration the version was trained "
                                                               "under; null for one trained before registrations.")


@router.get("/prediction-models", operation_id="predictions-models")
def list_models(data: ReaderData) -> list[ModelVersionOut]:
    """Every stored model version (name, target, data window, evaluation metrics with baselines, and whether
    retention flagged it for retraining)."""
    from sagsflow.legal.retention import models_to_retrain
    from sagsflow.predict import model_versions

    with data.ws.read():
        versions = model_versions(data.ws)
        flags = models_to_retrain(data.ws)
    return [ModelVersionOut(name=v.name, version=v.version, target=v.target, log=v.log_name,
                            created_at=v.created_at, window=finite(v.window), metrics=finite(v.metrics),
                            retrain=flags.get((v.name, v.version)), registration=v.registration_id)
            for v in versions]


_CARD: dict[int | str, dict[str, Any]] = {200: {"content": {"text/markdown": {"schema": {"type": "string"}},
                           "text/html": {"schema": {"type": "string"}}},
               "description": "The model card as Markdown or a self-contained HTML page."}}


@router.get("/prediction-models/{name}/versions/{version}/card", operation_id="predictions-model-card",
            response_class=Response, responses=_CARD)
def model_card(name: str, version: int, data: ReaderData, trail: AuditTrail,
               format: Literal["md", "html"] = "md") -> Response:
    """The model card: what is predicted and why, features with data classes, training period, evaluation
    with baselines, and the equal-treatment audit as the reader's disclosure policy releases it (for roles without
    case access: groups below the workspace's k hidden, with secondary suppression; an analyst's card with a
    group below k is audited as a case-level read), and the limits."""
    from sagsflow.api.routes.analysis import audit_small
    from sagsflow.errors import NotFoundError
    from sagsflow.predict.registry import release_model_card

    if not 1 <= version <= 2**31 - 1 or len(name) > 63:
        raise not_found("model")
    with data.ws.read():
        try:
            card = release_model_card(data.ws, f"{name}:{version}", format=format, policy=data.policy)
        except NotFoundError:
            raise not_found("model") from None
    audit_small(trail, data, card.log, "model card", card.fewest_cases, model=f"{name}:{version}")
    text = card.text
    media = "text/html; charset=utf-8" if format == "html" else "text/markdown; charset=utf-8"
    return Response(text, media_type=media, headers={"Content-Security-Policy": "default-src 'none'; "
                                                                              "style-src 'unsafe-inline'"})


class ScoreRequest(Filtered):
    models: list[str] = Field(min_length=1, max_length=4, description="Model references NAME or NAME:VERSION "
                                                                      "(latest version when none).")
    as_of: datetime | None = Field(default=None, description="Score the state at this instant (replaying a past "
                                                             "day); default: cases not ended now.")
    limit: int = Field(default=100, ge=1, le=100_000, description="Capped at SAGSFLOW_MAX_RESULT_ROWS.")


class ScoreOut(BaseModel):
    models: list[str]
    run_id: str | None
    as_of: datetime | None
    n_total: int
    columns: list[str]
    rows: list[ScoredCase]
    identified: bool = Field(description="Whether case_id holds case identifiers (else pseudonyms 'P-...').")
    registrations: list[str] = Field(description="Ids of the registrations that enabled the scoring.")
    quarantine: QuarantineOut


_RISK = ("deadline_risk", "outcome_risk")


def _scored(log: str, body: ScoreRequest, data: Data, db: DB, trail: AuditTrail, use: str) -> tuple[Any, list[Any]]:
    """The score table of the open cases (None when there is none) and the models, after the legal gate."""
    import re

    from sagsflow.errors import NotFoundError
    from sagsflow.predict import load_model, open_cases, score_cases

    bad = [m for m in body.models if not re.match(MODEL_REF, m)]
    if bad:
        raise ApiProblem(422, f"a model reference is NAME or NAME:VERSION. Got {bad[0]!r}.", field="models")
    as_of = body.as_of
    if as_of is not None and as_of.tzinfo is None:
        raise ApiProblem(422, "as_of needs a time zone (e.g. 2025-06-01T00:00:00Z).", field="as_of")
    with data.ws.read():
        selected = filtered_log(data, log, body.filter)
        try:
            models = [load_model(data.ws, m) for m in body.models]
        except NotFoundError:
            raise not_found("model") from None
    regs = registrations_for(db, data, trail, log, [str(m.target_) for m in models], use)
    with data.ws.read():
        ends = sorted({a for m in models for a in getattr(m, "end_activities_", [])})
        cases = open_cases(selected, as_of=as_of, end_activities=ends)
        # the library's scoring needs at least one open case
        result = None if len(cases) == 0 else score_cases(selected, models, as_of=as_of, cases=cases.tolist(),
                                                          record=True, registration=regs,
                                                          sees_cases=data.sees_cases)
        held = selected.quarantine()
    return result, [models, regs, held]


def _ordered(df: Any) -> Any:
    keys = [c for c in _RISK if c in df.columns]
    if keys:
        df = df.assign(__risk=df[keys].max(axis=1, skipna=True).fillna(-1.0))
        return df.sort_values(["__risk", "case_id"], ascending=[False, True], kind="stable").drop(columns="__risk")
    if "remaining_days" in df.columns:
        return df.sort_values(["remaining_days", "case_id"], ascending=[False, True], kind="stable")
    return df


@router.post("/logs/{log}/predictions", operation_id="predictions-score")
def score(log: str, body: ScoreRequest, data: AnalystData, state: State, trail: AuditTrail, db: DB) -> ScoreOut:
    """Score the open cases: remaining time with its interval, next activity, deadline/outcome risk and the main
    reasons in Danish and English, highest risk first (analysts; audited with the model versions). Refused (403,
    ``registration-required``) unless a registration enables each model's target; case ids are pseudonyms unless
    every registration used needs the case identified (``identified``)."""
    result, (models, regs, held) = _scored(log, body, data, db, trail, "score")
    versions = [f"{m.name_}:{m.version_}" for m in models]
    reg_ids = [r.id for r in regs]
    if result is None:
        trail.log("prediction.score", "log", f"{data.record.id}/{log}", models=versions, n_cases=0, run_id=None,
                  registrations=reg_ids)
        return ScoreOut(models=versions, run_id=None, as_of=body.as_of, n_total=0, columns=[], rows=[],
                        identified=False, registrations=reg_ids, quarantine=QuarantineOut(**held))
    df = _ordered(result.table)
    n_total = len(df)
    df = df.head(min(body.limit, state.settings.max_result_rows))
    trail.log("prediction.score", "log", f"{data.record.id}/{log}", models=result.models, run_id=result.run_id,
              n_cases=len(df), as_of=body.as_of.isoformat() if body.as_of else None, filter=body.filter,
              registrations=reg_ids, identified=result.identified)
    table = frame_dict(df)
    return ScoreOut(models=result.models, run_id=result.run_id, as_of=body.as_of, n_total=n_total,
                    identified=result.identified, registrations=reg_ids, **table,
                    quarantine=QuarantineOut(**held))


class ExportRequest(ScoreRequest):
    format: Literal["csv", "xlsx"] = "xlsx"


_EXPORT: dict[int | str, dict[str, Any]] = {200: {"content": {
    "text/csv": {"schema": {"type": "string"}},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"schema": {"type": "string",
                                                                                     "format": "binary"}}},
    "description": "The scored open cases as CSV or Excel (formula-injection safe)."}}


@router.post("/logs/{log}/predictions/export", operation_id="predictions-export", response_class=Response,
             responses=_EXPORT)
def export(log: str, body: ExportRequest, data: AnalystData, trail: AuditTrail, db: DB) -> Response:
    """The scored open cases as a file, highest risk first (analysts). Like scoring, refused without a registration
    for each model's target, and case ids are pseudonyms unless the purpose needs them; audited
    ``prediction.export``."""
    import tempfile
    from pathlib import Path

    result, (_models, regs, _held) = _scored(log, body, data, db, trail, "export")
    if result is None:
        raise ApiProblem(404, "no open case to export.", kind="not-found")
    result.table = _ordered(result.table)
    with tempfile.TemporaryDirectory() as tmp:
        path = result.write(Path(tmp) / f"predictions.{body.format}", registration=regs)
        content = path.read_bytes()
    trail.log("prediction.export", "log", f"{data.record.id}/{log}", models=result.models, run_id=result.run_id,
              n_cases=len(result.table), format=body.format, registrations=[r.id for r in regs],
              identified=result.identified)
    media = "text/csv; charset=utf-8" if body.format == "csv" else \
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(content, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{log}-predictions.{body.format}"'})
