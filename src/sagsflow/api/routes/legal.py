"""Registrations that enable prediction (an administrator proposes, the auditor/DPO approves), the municipality's
legal settings (employee protection, the controller's facts), and the DPIA kit. Thin: the rules are
:mod:`sagsflow.legal`'s, the storage :mod:`sagsflow.meta.legal`'s."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from sagsflow.api.deps import DB, AnyRoleData, AuditTrail, CurrentUser, State, WorkspaceId, client_ip, workspace_record
from sagsflow.api.problems import ApiProblem, not_found, problem_responses
from sagsflow.errors import NotFoundError
from sagsflow.i18n import Lang
from sagsflow.legal.retention import RetentionReport
from sagsflow.meta import legal as meta_legal
from sagsflow.meta.models import User

router = APIRouter(prefix="/api/registrations", tags=["registrations"], responses=problem_responses(401, 403, 404, 422))
settings_router = APIRouter(prefix="/api/legal", tags=["legal"], responses=problem_responses(401, 403, 404, 422))
retention_router = APIRouter(prefix="/api/workspaces/{workspace_id}", tags=["retention"],
                             responses=problem_responses(401, 403, 404, 422))

class LegalBasisIn(BaseModel):
    law: str = Field(min_length=2, max_length=300, description="The law, by name or short title.")
    section: str = Field(min_length=1, max_length=100, description="'§ 8', '§ 31, stk. 5'.")
    gdpr_articles: list[str] = Field(min_length=1, max_length=10, description="From GET /api/legal/gdpr-articles.")


class RegistrationIn(BaseModel):
    """A proposal: what is enabled, for what, on which basis, until when."""

    target_class: Literal["capacity", "deadline", "citizen_outcome"]
    targets: list[str] = Field(default_factory=list, max_length=50,
                               description="The targets enabled; required for citizen outcomes (profiling).")
    purpose: str = Field(min_length=3, max_length=2000)
    decisions_supported: str = Field(default="", max_length=2000)
    end_users: str = Field(default="", max_length=500)
    frequency: str = Field(default="", max_length=200)
    identify_cases: bool = Field(default=False, description="Whether the purpose needs case ids in clear in "
                                                            "scored lists and exports (else pseudonyms).")
    legal_basis: LegalBasisIn
    dpia_reference: str = Field(min_length=1, max_length=200)
    dpia_date: date
    decision_maker: str = Field(min_length=2, max_length=300)
    review_date: date
    supersedes: str | None = Field(default=None, max_length=32, description="Id of the registration this changes.")
    municipality_id: int | None = Field(default=None, ge=1, le=2**31 - 1,
                                        description="Only for a global administrator.")


class RegistrationOut(BaseModel):
    id: str
    municipality_id: int
    target_class: str
    targets: list[str]
    status: str
    valid: bool = Field(description="Active, approved by a second person, review date not reached.")
    expired: bool
    profiling: bool
    purpose: str
    decisions_supported: str
    end_users: str
    frequency: str
    identify_cases: bool
    legal_basis: dict[str, Any]
    legal_basis_text: str
    dpia_reference: str
    dpia_date: date
    decision_maker: str
    review_date: date
    proposed_by: str
    approved_by: str | None
    proposed_at: datetime | None
    approved_at: datetime | None
    supersedes: str | None
    version: int
    note: str


def _out(row: Any) -> RegistrationOut:
    reg = meta_legal.to_registration(row)
    d = reg.to_dict()
    return RegistrationOut(**{k: d[k] for k in RegistrationOut.model_fields if k in d and k not in (
        "dpia_date", "review_date", "proposed_at", "approved_at", "legal_basis")},
        municipality_id=row.municipality_id, valid=reg.is_valid(), expired=reg.expired(), profiling=reg.profiling,
        legal_basis=d["legal_basis"], legal_basis_text=reg.legal_basis.describe(), dpia_date=reg.dpia_date,
        review_date=reg.review_date, proposed_at=reg.proposed_at, approved_at=reg.approved_at)


def _municipality(user: User, wanted: int | None) -> int:
    if user.municipality_id is not None:
        return user.municipality_id
    if wanted is None:
        raise ApiProblem(422, "a global administrator names the municipality (municipality_id).",
                         field="municipality_id")
    return wanted


def _scope(user: User) -> int | None:
    return None if user.is_global_admin else user.municipality_id


@router.get("", operation_id="registrations-list")
def list_registrations(user: CurrentUser, db: DB) -> list[RegistrationOut]:
    """The municipality's registrations, newest first (every role may see what prediction is enabled for)."""
    meta_legal.record_expiries(db)
    return [_out(r) for r in meta_legal.registrations(db, _scope(user))]


@router.post("", operation_id="registrations-propose", status_code=201)
def propose(body: RegistrationIn, user: CurrentUser, db: DB) -> RegistrationOut:
    """An administrator proposes a registration (or a change of one: ``supersedes``); it enables nothing until the
    auditor/DPO approves it. Audited ``registration.propose`` / ``registration.change``."""
    if user.role != "administrator":
        raise ApiProblem(403, "proposing a registration needs the administrator role; the auditor/DPO approves it.")
    data = body.model_dump(exclude={"supersedes", "municipality_id"}, mode="json")
    try:
        row = meta_legal.propose(db, user, _municipality(user, body.municipality_id), data,
                                 supersedes=body.supersedes)
    except NotFoundError:
        raise not_found("registration") from None
    db.commit()
    return _out(row)


def _row(db: DB, user: User, reg_id: str) -> Any:
    try:
        return meta_legal.get(db, reg_id, _scope(user))
    except NotFoundError:
        raise not_found("registration") from None


@router.post("/{reg_id}/approve", operation_id="registrations-approve")
def approve(reg_id: str, user: CurrentUser, db: DB) -> RegistrationOut:
    """The auditor/DPO approves a proposal (the second person): prediction of its targets is enabled until the
    review date. Audited ``registration.enable``."""
    if user.role != "auditor":
        raise ApiProblem(403, "approving a registration needs the auditor (DPO) role: an administrator proposes, "
                              "the auditor approves.")
    row = meta_legal.approve(db, user, _row(db, user, reg_id))
    db.commit()
    return _out(row)


class RevokeIn(BaseModel):
    reason: str = Field(default="", max_length=2000)


@router.post("/{reg_id}/revoke", operation_id="registrations-revoke")
def revoke(reg_id: str, body: RevokeIn, user: CurrentUser, db: DB) -> RegistrationOut:
    """Switch a registration off at once, or reject a proposal (an administrator or the auditor/DPO: stopping needs
    one person). Audited ``registration.revoke`` / ``registration.reject``."""
    if user.role not in ("administrator", "auditor"):
        raise ApiProblem(403, "revoking a registration needs the administrator or the auditor role.")
    row = meta_legal.revoke(db, user, _row(db, user, reg_id), body.reason)
    db.commit()
    return _out(row)


# ============================================================================ settings
class GdprArticle(BaseModel):
    key: str
    text: str


@settings_router.get("/gdpr-articles", operation_id="legal-gdpr-articles")
def gdpr_articles(user: CurrentUser) -> list[GdprArticle]:
    """The GDPR articles a registration may name (a fixed list), in the reader's language."""
    from sagsflow.i18n import _
    from sagsflow.legal.registration import GDPR_ARTICLES

    return [GdprArticle(key=k, text=_(v)) for k, v in GDPR_ARTICLES.items()]


class EmployeesIn(BaseModel):
    use: Literal["off", "team", "individual"]
    team_attribute: str | None = Field(default=None, max_length=200)
    min_employees: int = Field(default=5, ge=1, le=1000)
    purpose: str = Field(default="", max_length=2000)
    purpose_reference: str = Field(default="", max_length=200)


class ControllerIn(BaseModel):
    """The controller's facts the record of processing needs (GDPR art. 30(1)(a))."""

    name: str = Field(default="", max_length=300)
    address: str = Field(default="", max_length=500)
    contact: str = Field(default="", max_length=300)
    dpo: str = Field(default="", max_length=300, description="The data protection officer's name and contact.")
    recipients: list[str] = Field(default_factory=list, max_length=50)
    processors: list[str] = Field(default_factory=list, max_length=50)
    transfers: str = Field(default="", max_length=1000, description="Transfers to third countries (none if empty).")


class LegalSettingsIn(BaseModel):
    employees: EmployeesIn | None = None
    controller: ControllerIn | None = None
    municipality_id: int | None = Field(default=None, ge=1, le=2**31 - 1)


class LegalSettingsOut(BaseModel):
    municipality_id: int
    employees: EmployeesIn
    employees_text: str
    controller: ControllerIn


def _settings_out(db: DB, municipality_id: int) -> LegalSettingsOut:
    policy = meta_legal.employee_policy(db, municipality_id)
    row = meta_legal.legal_settings(db, municipality_id)
    return LegalSettingsOut(municipality_id=municipality_id, employees=EmployeesIn(**policy.to_dict()),
                            employees_text=policy.describe(), controller=ControllerIn(**(row.controller or {})))


@settings_router.get("/settings", operation_id="legal-settings")
def get_settings(user: CurrentUser, db: DB, municipality_id: int | None = None) -> LegalSettingsOut:
    """How employee data may be used (off / team level / individual with a registered purpose) and the controller's
    facts for the record of processing."""
    return _settings_out(db, _municipality(user, municipality_id))


@settings_router.put("/settings", operation_id="legal-settings-update")
def put_settings(body: LegalSettingsIn, user: CurrentUser, db: DB) -> LegalSettingsOut:
    """Change the settings (administrators; audited ``legal.settings``)."""
    from sagsflow.legal.employees import EmployeePolicy

    if user.role != "administrator":
        raise ApiProblem(403, "changing the legal settings needs the administrator role.")
    mid = _municipality(user, body.municipality_id)
    meta_legal.save_settings(db, user, mid,
                             employees=EmployeePolicy(**body.employees.model_dump()) if body.employees else None,
                             controller=body.controller.model_dump() if body.controller else None)
    db.commit()
    return _settings_out(db, mid)



# ============================================================================ retention
class RetentionOut(BaseModel):
    log: str
    days: int | None = Field(description="Days events are kept; null: no period set (kept until deleted by hand).")
    reason: str
    set_by: str | None
    set_at: datetime | None


class RetentionIn(BaseModel):
    days: int = Field(ge=1, le=100 * 366, description="Events are kept this many days after their time.")
    reason: str = Field(default="", max_length=2000, description="The rule or decision that sets the period.")


@retention_router.get("/retention", operation_id="retention-list")
def list_retention(data: AnyRoleData, include_unset: bool = False) -> list[RetentionOut]:
    """The retention period of each log of the workspace (every role: a setting, not event data). Logs not
    listed are kept until deleted by hand; ``include_unset`` lists them too, with ``days`` null."""
    from sagsflow.legal.retention import retentions

    with data.ws.read():
        periods = {r.log: RetentionOut(**r.to_dict()) for r in retentions(data.ws)}
        logs = [i.name for i in data.ws.logs()] if include_unset else []
    for name in logs:
        periods.setdefault(name, RetentionOut(log=name, days=None, reason="", set_by=None, set_at=None))
    return [periods[k] for k in sorted(periods)]


@retention_router.put("/logs/{log}/retention", operation_id="retention-set")
def set_log_retention(log: str, body: RetentionIn, workspace_id: WorkspaceId, user: CurrentUser, db: DB,
                      state: State, trail: AuditTrail) -> RetentionOut:
    """Set a log's retention period (administrators; audited ``retention.set``). The scheduled housekeeping and
    ``POST .../retention/apply`` delete what it no longer allows."""
    from sagsflow.legal.retention import set_retention

    if user.role != "administrator":
        raise ApiProblem(403, "setting a retention period needs the administrator role.")
    rec = workspace_record(db, user, workspace_id)
    ws = state.workspace(rec.path)
    if log not in ws:
        raise not_found("log")
    r = set_retention(ws, log, body.days, reason=body.reason, by=user.username)
    trail.log("retention.set", "log", f"{rec.id}/{log}", days=body.days, reason=body.reason)
    return RetentionOut(**r.to_dict())


class ApplyIn(BaseModel):
    dry_run: bool = Field(default=False, description="Count only; delete nothing.")


@retention_router.post("/retention/apply", operation_id="retention-apply")
def apply_now(body: ApplyIn, workspace_id: WorkspaceId, user: CurrentUser, db: DB, state: State,
              request: Request) -> list[RetentionReport]:
    """Apply the retention periods of the workspace now (administrators): events older than each log's period,
    the cases left empty, the predictions of deleted cases and the saved compliance results of the log are deleted,
    models trained on it flagged for retraining; the counts audited ``retention.apply`` per log. The answer is the
    library's :class:`~sagsflow.legal.retention.RetentionReport` per log, as it is."""
    from sagsflow.api.housekeeping import apply_workspace_retention

    if user.role != "administrator":
        raise ApiProblem(403, "applying retention needs the administrator role.")
    rec = workspace_record(db, user, workspace_id)
    return apply_workspace_retention(state, db, rec, user=user, dry_run=body.dry_run, ip=client_ip(request))


# ============================================================================ the DPIA kit
@settings_router.get("/dpia", operation_id="legal-dpia", response_class=Response,
                     responses={200: {"content": {"text/markdown": {"schema": {"type": "string"}}},
                                      "description": "The document as Markdown."}})
def dpia(user: CurrentUser, db: DB, state: State, trail: AuditTrail,
         document: Literal["dpia", "record", "notice-citizens", "notice-employees"] = "dpia",
         lang: Lang | None = None, municipality_id: int | None = None) -> Response:
    """The DPIA draft, the record of processing (GDPR art. 30) or a notice text, written from the municipality's
    live configuration (administrators and the auditor/DPO; audited ``legal.dpia``)."""
    from sagsflow.legal.dpia import write_document

    if user.role not in ("administrator", "auditor"):
        raise ApiProblem(403, "the DPIA kit is for administrators and the auditor (DPO).")
    mid = _municipality(user, municipality_id)
    cfg = meta_legal.dpia_configuration(db, mid, state.workspace, min_group_size=state.settings.min_group_size)
    text = write_document(cfg, document, lang=lang)
    trail.log("legal.dpia", "municipality", mid, document=document)
    return Response(text, media_type="text/markdown; charset=utf-8")
