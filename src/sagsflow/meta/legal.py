"""Registrations and legal settings in the metadata database: the server's side of :mod:`sagsflow.legal`.

The rules (what a registration needs, when it is valid, which targets it covers, the two-person rule) are the
library's; this module stores registrations per municipality, ties proposer and approver to user accounts (an
administrator proposes, the auditor/DPO approves: two different users by construction), and writes every step to
the audit log in the same transaction.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sagsflow.errors import InvalidParameterError, NotFoundError
from sagsflow.i18n import _
from sagsflow.legal import registration as _registration
from sagsflow.legal.employees import EmployeePolicy
from sagsflow.legal.registration import Registration
from sagsflow.meta import audit
from sagsflow.meta.models import Municipality, MunicipalityLegal, PredictionRegistration, User, utcnow


def to_registration(row: PredictionRegistration) -> Registration:
    return Registration.from_dict(dict(row.data))


def _save(s: Session, row: PredictionRegistration, reg: Registration) -> None:
    row.data = reg.to_dict()
    row.status = reg.status
    row.review_date = reg.review_date
    row.target_class = reg.target_class
    row.updated_at = utcnow()


def registrations(s: Session, municipality_id: int | None) -> list[PredictionRegistration]:
    """Every registration of a municipality (all for None), newest first."""
    q = select(PredictionRegistration).order_by(PredictionRegistration.created_at.desc(),
                                                PredictionRegistration.id)
    if municipality_id is not None:
        q = q.where(PredictionRegistration.municipality_id == municipality_id)
    return list(s.scalars(q))


def get(s: Session, reg_id: str, municipality_id: int | None) -> PredictionRegistration:
    """The registration, or :class:`NotFoundError` (also for another municipality's)."""
    row = s.get(PredictionRegistration, reg_id)
    if row is None or (municipality_id is not None and row.municipality_id != municipality_id):
        raise NotFoundError(_("no registration {id}.", id=repr(reg_id)))
    return row


def propose(s: Session, user: User, municipality_id: int, data: dict[str, Any], *,
            supersedes: str | None = None) -> PredictionRegistration:
    """Record a proposal by ``user`` (an administrator); ``supersedes`` names the active registration it changes."""
    m = s.get(Municipality, municipality_id)
    if m is None:
        raise NotFoundError(_("no municipality {id}.", id=municipality_id))
    version = 1
    if supersedes:
        old = get(s, supersedes, municipality_id)
        version = to_registration(old).version + 1
    reg = Registration.from_dict({**data, "municipality": m.name})
    reg = replace(reg, status="proposed", proposed_by=user.username, proposed_at=datetime.now(UTC),
                  approved_by=None, approved_at=None, supersedes=supersedes, version=version).check()
    row = PredictionRegistration(id=reg.id, municipality_id=municipality_id, target_class=reg.target_class,
                                 status=reg.status, review_date=reg.review_date, data=reg.to_dict(),
                                 proposed_by_id=user.id, supersedes=supersedes, expiry_recorded=False)
    s.add(row)
    s.flush()
    audit.record(s, "registration.change" if supersedes else "registration.propose", user=user,
                 object_type="registration", object_id=reg.id,
                 details={"target_class": reg.target_class, "targets": list(reg.targets), "supersedes": supersedes,
                          "review_date": reg.review_date.isoformat(), "legal_basis": reg.legal_basis.describe(),
                          "dpia": reg.dpia_reference})
    return row


def approve(s: Session, user: User, row: PredictionRegistration) -> PredictionRegistration:
    """The second person (the auditor/DPO) approves; a registration it supersedes is retired."""
    if row.proposed_by_id == user.id:
        raise InvalidParameterError(_("the two-person rule: you proposed this registration, so another person must "
                                      "approve it."), field="approved_by")
    reg = to_registration(row).approve(user.username)
    _save(s, row, reg)
    row.approved_by_id = user.id
    if row.supersedes:
        old = s.get(PredictionRegistration, row.supersedes)
        if old is not None and old.status == "active":
            _save(s, old, to_registration(old).with_status("superseded", _("replaced by {id}", id=row.id)))
    audit.record(s, "registration.enable", user=user, object_type="registration", object_id=row.id,
                 details={"target_class": reg.target_class, "targets": list(reg.targets),
                          "proposed_by": reg.proposed_by, "review_date": reg.review_date.isoformat()})
    return row


def revoke(s: Session, user: User, row: PredictionRegistration, reason: str = "") -> PredictionRegistration:
    """Switch off at once (an active one is revoked, a proposal rejected): one person may stop prediction."""
    reg = to_registration(row)
    if reg.status not in ("proposed", "active"):
        raise InvalidParameterError(_("registration {id} is {status} already.", id=row.id, status=reg.status),
                                    field="status")
    status = "rejected" if reg.status == "proposed" else "revoked"
    _save(s, row, reg.with_status(status, reason))  # type: ignore[arg-type]
    audit.record(s, f"registration.{'reject' if status == 'rejected' else 'revoke'}", user=user,
                 object_type="registration", object_id=row.id, details={"reason": reason})
    return row


def in_force(s: Session, municipality_id: int) -> list[Registration]:
    """The municipality's active registrations (the gate checks their review dates and targets)."""
    rows = s.scalars(select(PredictionRegistration).where(PredictionRegistration.municipality_id == municipality_id,
                                                          PredictionRegistration.status == "active"))
    return [to_registration(r) for r in rows]


def record_expiries(s: Session, at: datetime | None = None) -> list[str]:
    """Write ``registration.expire`` to the audit log for each active registration whose review date has come and
    whose expiry is not recorded yet (run by the server's scheduled job and before every gate check)."""
    day = _registration.today(at)  # looked up at call time (tests move the clock)
    rows = s.scalars(select(PredictionRegistration).where(PredictionRegistration.status == "active",
                                                          PredictionRegistration.review_date <= day,
                                                          PredictionRegistration.expiry_recorded.is_(False)))
    done = []
    for row in rows:
        row.expiry_recorded = True
        audit.record(s, "registration.expire", username="system", object_type="registration", object_id=row.id,
                     details={"review_date": row.review_date.isoformat(), "target_class": row.target_class,
                              "municipality_id": row.municipality_id})
        done.append(row.id)
    return done


# ============================================================================ settings
def legal_settings(s: Session, municipality_id: int) -> MunicipalityLegal:
    """The municipality's legal settings (defaults until an administrator saves them: team level, 5 employees)."""
    row = s.get(MunicipalityLegal, municipality_id)
    if row is None:
        row = MunicipalityLegal(municipality_id=municipality_id, resource_use="team", min_employees=5,
                                controller=None)
    return row


def employee_policy(s: Session, municipality_id: int) -> EmployeePolicy:
    row = legal_settings(s, municipality_id)
    return EmployeePolicy(use=row.resource_use, team_attribute=row.team_attribute,  # type: ignore[arg-type]
                          min_employees=row.min_employees, purpose=row.resource_purpose or "",
                          purpose_reference=row.resource_purpose_ref or "")


def save_settings(s: Session, user: User, municipality_id: int, *, employees: EmployeePolicy | None = None,
                  controller: dict[str, Any] | None = None) -> MunicipalityLegal:
    """Store the employee protection and/or the controller's facts (audited ``legal.settings``)."""
    row = s.get(MunicipalityLegal, municipality_id)
    if row is None:
        row = MunicipalityLegal(municipality_id=municipality_id, resource_use="team", min_employees=5)
        s.add(row)
    details: dict[str, Any] = {}
    if employees is not None:
        employees.check()
        row.resource_use, row.team_attribute = employees.use, employees.team_attribute
        row.min_employees = employees.min_employees
        row.resource_purpose, row.resource_purpose_ref = employees.purpose or None, employees.purpose_reference or None
        details["employees"] = employees.to_dict()
    if controller is not None:
        row.controller = controller
        details["controller"] = controller
    row.updated_at, row.updated_by_id = utcnow(), user.id
    s.flush()
    audit.record(s, "legal.settings", user=user, object_type="municipality", object_id=municipality_id,
                 details=details)
    return row


# ============================================================================ the DPIA kit
def dpia_configuration(s: Session, municipality_id: int, open_workspace: Any, *, min_group_size: int = 5) -> Any:
    """The live configuration of a municipality for :mod:`sagsflow.legal.dpia`: its controller facts, employee
    protection, registrations, the active users per role, and the logs and models of each of its workspaces
    (``open_workspace(path)`` gives the server's open workspace)."""
    from sagsflow.legal.dpia import Configuration, log_facts, model_facts
    from sagsflow.meta.models import WorkspaceRecord

    m = s.get(Municipality, municipality_id)
    if m is None:
        raise NotFoundError(_("no municipality {id}.", id=municipality_id))
    roles: dict[str, list[str]] = {}
    for u in s.scalars(select(User).where(User.municipality_id == municipality_id, User.active.is_(True))
                       .order_by(User.username)):
        roles.setdefault(u.role, []).append(u.username)
    cfg = Configuration(municipality=m.name, controller=dict(legal_settings(s, municipality_id).controller or {}),
                        registrations=[to_registration(r) for r in registrations(s, municipality_id)
                                       if r.status in ("active", "proposed")],
                        roles=roles, employees=employee_policy(s, municipality_id), min_group_size=min_group_size,
                        server=True, audit_chain=True)
    from sagsflow.store.encryption import encrypted

    opened = [open_workspace(rec.path) for rec in s.scalars(
        select(WorkspaceRecord).where(WorkspaceRecord.municipality_id == municipality_id).order_by(WorkspaceRecord.id))]
    for ws in opened:
        cfg.logs += log_facts(ws)
        cfg.models += model_facts(ws)
    cfg.encryption_at_rest = bool(opened) and all(encrypted(ws) for ws in opened)
    return cfg
