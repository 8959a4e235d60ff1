"""Predictive monitoring: train a model as a background job under a feature policy, list the stored model
versions, read their model cards, and score open cases (analysts; every scoring audited with the model versions
that produced it)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter
from fastapi.responses import Response
from pydantic import BaseModel, Field

from sagsflow.api.deps import AnalystData, AuditTrail, ReaderData, State
from sagsflow.api.problems import ApiProblem, not_found, problem_responses
from sagsflow.api.routes.analysis import Filtered, filtered_log
from sagsflow.api.routes.compliance import finite, frame_dict
from sagsflow.api.schemas import JobOut, ScoredCase
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


@router.post("/logs/{log}/prediction-models", operation_id="predictions-train", status_code=202)
def train(log: str, body: TrainRequest, data: AnalystData, state: State, trail: AuditTrail) -> JobOut:
    """Train a model on the (filtered) log as a background job; poll ``/api/jobs/{id}``. A personal column in
    the policy without a stated legal basis is refused at once (422, ``feature-refused``)."""
    from sagsflow.predict import FeaturePolicy
    from sagsflow.predict.targets import Target

    policy = FeaturePolicy.from_dict(body.policy.model_dump(exclude_none=True) if body.policy else None)
    Target.parse(body.target)
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
                                progress=lambda f, m: progress(0.02 + 0.97 * f, m))
            return finite({"name": model.name_, "version": model.version_, "target": str(model.target_),
                           "log": log, "metrics": model.evaluation_.to_dict()})
        finally:
            view.close()

    job_id = state.runner.submit("training", run, workspace_id=data.record.id, owner_id=data.user.id,
                                 message=_("train {name} ({target}) on {log}", name=body.name,
                                           target=target_title(body.target), log=log))
    trail.log("model.train", "model", f"{data.record.id}/{body.name}", job_id=job_id, log=log,
              target=body.target, policy=policy.to_dict(), filter=spec)
    return JobOut.model_validate(state.runner.get(job_id))


class ModelVersionOut(BaseModel):
    name: str
    version: int
    target: str
    log: str
    created_at: datetime
    window: dict[str, Any]
    metrics: dict[str, Any]


@router.get("/prediction-models", operation_id="predictions-models")
def list_models(data: ReaderData) -> list[ModelVersionOut]:
    """Every stored model version (name, target, data window, evaluation metrics with baselines)."""
    from sagsflow.predict import model_versions

    with data.ws.read():
        versions = model_versions(data.ws)
    return [ModelVersionOut(name=v.name, version=v.version, target=v.target, log=v.log_name,
                            created_at=v.created_at, window=finite(v.window), metrics=finite(v.metrics))
            for v in versions]


_CARD: dict[int | str, dict[str, Any]] = {200: {"content": {"text/markdown": {"schema": {"type": "string"}},
                           "text/html": {"schema": {"type": "string"}}},
               "description": "The model card as Markdown or a self-contained HTML page."}}


@router.get("/prediction-models/{name}/versions/{version}/card", operation_id="predictions-model-card",
            response_class=Response, responses=_CARD)
def model_card(name: str, version: int, data: ReaderData,
               format: Literal["md", "html"] = "md") -> Response:
    """The model card: what is predicted and why, features with data classes, training period, evaluation
    with baselines, the equal-treatment audit (groups below k hidden) and the limits."""
    from sagsflow.errors import NotFoundError
    from sagsflow.predict import model_card_text

    if not 1 <= version <= 2**31 - 1 or len(name) > 63:
        raise not_found("model")
    with data.ws.read():
        try:
            text = model_card_text(data.ws, f"{name}:{version}", format=format)
        except NotFoundError:
            raise not_found("model") from None
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


_RISK = ("deadline_risk", "outcome_risk")


@router.post("/logs/{log}/predictions", operation_id="predictions-score")
def score(log: str, body: ScoreRequest, data: AnalystData, state: State, trail: AuditTrail) -> ScoreOut:
    """Score the open cases: remaining time with its interval, next activity, deadline/outcome risk and the main
    reasons in Danish and English, highest risk first (analysts; audited with the model versions)."""
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
        ends = sorted({a for m in models for a in getattr(m, "end_activities_", [])})
        cases = open_cases(selected, as_of=as_of, end_activities=ends)
        # the library's scoring needs at least one open case
        result = None if len(cases) == 0 else score_cases(selected, models, as_of=as_of, cases=cases.tolist(),
                                                          record=True)
    versions = [f"{m.name_}:{m.version_}" for m in models]
    if result is None:
        trail.log("prediction.score", "log", f"{data.record.id}/{log}", models=versions, n_cases=0, run_id=None)
        return ScoreOut(models=versions, run_id=None, as_of=as_of, n_total=0, columns=[], rows=[])
    df = result.table
    keys = [c for c in _RISK if c in df.columns]
    if keys:
        df = df.assign(__risk=df[keys].max(axis=1, skipna=True).fillna(-1.0))
        df = df.sort_values(["__risk", "case_id"], ascending=[False, True], kind="stable").drop(columns="__risk")
    elif "remaining_days" in df.columns:
        df = df.sort_values(["remaining_days", "case_id"], ascending=[False, True], kind="stable")
    n_total = len(df)
    df = df.head(min(body.limit, state.settings.max_result_rows))
    trail.log("prediction.score", "log", f"{data.record.id}/{log}", models=result.models, run_id=result.run_id,
              n_cases=len(df), as_of=as_of.isoformat() if as_of else None, filter=body.filter)
    table = frame_dict(df)
    return ScoreOut(models=result.models, run_id=result.run_id, as_of=as_of, n_total=n_total, **table)

