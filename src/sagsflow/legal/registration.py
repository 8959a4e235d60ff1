"""Registrations: the legal basis on which prediction is enabled for a municipality and a class of targets.

Prediction is off until it is enabled. A :class:`Registration` enables one **target class** for one
municipality: its purpose, the decisions it supports, the legal basis (the national law and section, the GDPR
article from a fixed list), the DPIA reference and date, the decision maker and the review date. It is proposed
by one person (an administrator) and approved by another (the auditor/DPO): the two-person rule. It expires at
its review date.

Targets are classed (:func:`target_class`):

- ``capacity`` — capacity and flow: remaining time, next step (``remaining_time``, ``next_activity``);
- ``deadline`` — the risk of missing a legal deadline (``deadline:<rule id>``);
- ``citizen_outcome`` — an outcome for the citizen (``outcome:<label>``, e.g. a sanction or a job exit). This is
  **profiling** (GDPR art. 4(4) and art. 22) and a **high-risk** use under the AI Act (Annex III, point 5(a)): a
  registration of this class names the exact targets it enables, so each outcome needs its own registration.

Examples
--------
>>> from datetime import date
>>> reg = Registration(
...     municipality="Søby", target_class="capacity", purpose="plan caseworker capacity",
...     legal_basis=LegalBasis(law="lov om en aktiv beskæftigelsesindsats", section="§ 8",
...                            gdpr_articles=("6(1)(e)",)),
...     dpia_reference="DPIA-2025-07", dpia_date=date(2025, 3, 1), decision_maker="Jobcenterchef",
...     review_date=date(2099, 1, 1), proposed_by="admin", approved_by="dpo", status="active")
>>> reg.covers("remaining_time"), reg.covers("outcome:activity=Sanktion")
(True, False)
>>> target_class("outcome:activity=Sanktion"), is_profiling("outcome:activity=Sanktion")
('citizen_outcome', True)
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal, cast, get_args
from zoneinfo import ZoneInfo

import yaml

from sagsflow.errors import InvalidParameterError, SagsflowError
from sagsflow.i18n import N_, _

TZ = ZoneInfo("Europe/Copenhagen")

TargetClass = Literal["capacity", "deadline", "citizen_outcome"]
#: the target classes, in the order the product shows them
TARGET_CLASSES: tuple[TargetClass, ...] = get_args(TargetClass)
#: the target classes in words (translated where shown)
TARGET_CLASS_NAMES: dict[str, str] = {
    "capacity": N_("capacity and flow (remaining time, next step)"),
    "deadline": N_("risk of missing a legal deadline"),
    "citizen_outcome": N_("citizen outcome (profiling)"),
}

Status = Literal["proposed", "active", "rejected", "revoked", "superseded"]
STATUSES: tuple[Status, ...] = get_args(Status)
#: the statuses in words (translated where shown)
STATUS_NAMES: dict[str, str] = {"proposed": N_("proposed"), "active": N_("active"), "rejected": N_("rejected"),
                                "revoked": N_("revoked"), "superseded": N_("superseded")}

#: the GDPR articles a registration may name as its basis (a fixed list: anything else is refused)
GDPR_ARTICLES: dict[str, str] = {
    "6(1)(a)": N_("art. 6(1)(a): consent"),
    "6(1)(b)": N_("art. 6(1)(b): performance of a contract"),
    "6(1)(c)": N_("art. 6(1)(c): a legal obligation of the controller"),
    "6(1)(d)": N_("art. 6(1)(d): vital interests"),
    "6(1)(e)": N_("art. 6(1)(e): a task in the public interest or the exercise of official authority"),
    "6(1)(f)": N_("art. 6(1)(f): legitimate interests (not for public authorities' tasks)"),
    "9(2)(b)": N_("art. 9(2)(b): employment and social security law"),
    "9(2)(g)": N_("art. 9(2)(g): substantial public interest laid down in law"),
    "9(2)(h)": N_("art. 9(2)(h): health or social care"),
    "9(2)(j)": N_("art. 9(2)(j): archiving, research or statistics"),
    "22(2)(b)": N_("art. 22(2)(b): automated decision authorised by law"),
    "89(1)": N_("art. 89(1): research or statistics with safeguards"),
}
#: GDPR articles of which a registration needs at least one (the lawfulness of processing, art. 6)
_ART6 = tuple(a for a in GDPR_ARTICLES if a.startswith("6("))

#: a section of a Danish law: "§ 8", "§ 31, stk. 5", "§ 13 f, stk. 2, nr. 1"
_SECTION = re.compile(r"^§+\s*\d+\s*[a-zæøå]?(\s*,?\s*(stk\.?|nr\.?|litra)\s*\d+[a-zæøå]?)*$", re.IGNORECASE)


class RegistrationRequiredError(SagsflowError, PermissionError):
    """Training, scoring or exporting predictions without a valid registration for the target's class."""

    kind = "registration-required"


def target_class(target: object) -> TargetClass:
    """The class of a prediction target (text such as ``'deadline:R05'`` or a :class:`~sagsflow.predict.Target`).

    Examples
    --------
    >>> [target_class(t) for t in ("remaining_time", "next_activity", "deadline:R05", "outcome:last=Job")]
    ['capacity', 'capacity', 'deadline', 'citizen_outcome']
    """
    text = str(target).strip()
    kind = text.split(":", 1)[0]
    if kind in ("remaining_time", "next_activity"):
        return "capacity"
    if kind == "deadline":
        return "deadline"
    if kind == "outcome":
        return "citizen_outcome"
    raise InvalidParameterError(
        _("a prediction target is remaining_time, next_activity, outcome:<label> or deadline:<rule id>. "
          "Got {target} instead.", target=repr(text)), field="target")


def is_profiling(target: object) -> bool:
    """Whether a target profiles citizens (a citizen outcome: GDPR art. 22, AI Act Annex III 5(a))."""
    return target_class(target) == "citizen_outcome"


def normalise_target(target: object) -> str:
    """The target as text, without spaces around the parts (what a registration names)."""
    from sagsflow.predict.targets import Target

    return str(Target.parse(str(target).strip()))


@dataclass(frozen=True)
class LegalBasis:
    """The legal basis of a registration: the national law and its section, and the GDPR article(s).

    Parameters
    ----------
    law : str
        The law, by name or short title (``"lov om en aktiv beskæftigelsesindsats"``, ``"LBA"``).
    section : str
        The section: ``"§ 8"``, ``"§ 31, stk. 5"``.
    gdpr_articles : tuple of str
        Keys of :data:`GDPR_ARTICLES`; at least one from art. 6.
    """

    law: str
    section: str
    gdpr_articles: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "gdpr_articles", tuple(str(a).strip() for a in self.gdpr_articles))
        object.__setattr__(self, "law", str(self.law).strip())
        object.__setattr__(self, "section", " ".join(str(self.section).split()))

    def check(self) -> None:
        """Refuse a basis that is not structured as the product requires.

        Raises
        ------
        InvalidParameterError
            No law, a section that is not a section of a law, an article outside the fixed list, or no art. 6.
        """
        if len(self.law) < 2:
            raise InvalidParameterError(_("the legal basis needs the law (its name or short title)."),
                                        hint=_("For example: lov om en aktiv beskæftigelsesindsats."),
                                        field="legal_basis.law")
        if not _SECTION.match(self.section):
            raise InvalidParameterError(
                _("the legal basis needs the section of the law, written as '§ 8' or '§ 31, stk. 5'. Got {value} "
                  "instead.", value=repr(self.section)), field="legal_basis.section")
        unknown = [a for a in self.gdpr_articles if a not in GDPR_ARTICLES]
        if unknown:
            raise InvalidParameterError(
                _("the GDPR article {value} is not in the list a registration may name.", value=repr(unknown[0])),
                hint=_("Allowed: {names}.", names=", ".join(GDPR_ARTICLES)), field="legal_basis.gdpr_articles")
        if not any(a in _ART6 for a in self.gdpr_articles):
            raise InvalidParameterError(
                _("the legal basis needs an article 6 basis of the GDPR (the lawfulness of the processing)."),
                hint=_("For a municipality's task usually 6(1)(e), or 6(1)(c) for a legal obligation."),
                field="legal_basis.gdpr_articles")

    def describe(self) -> str:
        """The basis in words, in the current language: ``"LBA § 8; GDPR art. 6(1)(e): ..."``."""
        arts = "; ".join(_(GDPR_ARTICLES[a]) if a in GDPR_ARTICLES else a for a in self.gdpr_articles)
        return _("{law} {section}; GDPR {articles}", law=self.law, section=self.section, articles=arts)


def _as_date(value: Any, name: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidParameterError(_("{name} must be a date written YYYY-MM-DD. Got {value} instead.", name=name,
                                      value=repr(value)), field=name) from None


def today(at: datetime | None = None) -> date:
    """The date in Danish time (when a registration expires is a Danish date)."""
    return (at or datetime.now(UTC)).astimezone(TZ).date()


@dataclass(frozen=True)
class Registration:
    """One registration: prediction of ``target_class`` enabled for ``municipality`` on a stated legal basis.

    Parameters
    ----------
    municipality : str
        The municipality (the data controller) the registration belongs to.
    target_class : {'capacity', 'deadline', 'citizen_outcome'}
    purpose : str
        What the predictions are for (the value aimed at).
    legal_basis : LegalBasis
    dpia_reference, dpia_date
        The data-protection impact assessment the registration rests on.
    decision_maker : str
        Who decided (name and title), accountable for the use.
    review_date : date
        The registration expires at the start of this day (Danish time) unless renewed.
    targets : tuple of str
        The targets enabled; empty enables the whole class (not allowed for citizen outcomes).
    decisions_supported, end_users, frequency : str
        The Machine Learning Canvas answers the model card shows: which decision the predictions support, who
        sees them, how often they are made.
    identify_cases : bool
        Whether the purpose needs the case identified in scored lists and exports (a caseworker's list of own
        cases); otherwise case identifiers are replaced by pseudonyms.
    proposed_by, approved_by : str
        The two persons of the two-person rule (an administrator proposes, the auditor/DPO approves).
    status : {'proposed', 'active', 'rejected', 'revoked', 'superseded'}
    """

    municipality: str
    target_class: TargetClass
    purpose: str
    legal_basis: LegalBasis
    dpia_reference: str
    dpia_date: date
    decision_maker: str
    review_date: date
    targets: tuple[str, ...] = ()
    decisions_supported: str = ""
    end_users: str = ""
    frequency: str = ""
    identify_cases: bool = False
    proposed_by: str = ""
    proposed_at: datetime | None = None
    approved_by: str | None = None
    approved_at: datetime | None = None
    status: Status = "proposed"
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    version: int = 1
    supersedes: str | None = None
    note: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "targets", tuple(str(t).strip() for t in self.targets if str(t).strip()))
        object.__setattr__(self, "dpia_date", _as_date(self.dpia_date, "dpia_date"))
        object.__setattr__(self, "review_date", _as_date(self.review_date, "review_date"))
        if isinstance(self.legal_basis, dict):
            object.__setattr__(self, "legal_basis", LegalBasis(**self.legal_basis))

    # ------------------------------------------------------------------ rules
    def check(self) -> Registration:
        """Refuse an incomplete or inconsistent registration; returns itself.

        Raises
        ------
        InvalidParameterError
            A missing field, an unknown target class, a legal basis that is not structured, targets outside
            the class, a citizen-outcome registration that names no target, a review date before the DPIA.
        """
        if self.target_class not in TARGET_CLASSES:
            raise InvalidParameterError(
                _("the target class must be one of {names}. Got {value} instead.", names=", ".join(TARGET_CLASSES),
                  value=repr(self.target_class)), field="target_class")
        for name in ("municipality", "purpose", "dpia_reference", "decision_maker"):
            if not str(getattr(self, name) or "").strip():
                raise InvalidParameterError(_("a registration needs {name}.", name=name), field=name)
        self.legal_basis.check()
        for t in self.targets:
            if target_class(t) != self.target_class:
                raise InvalidParameterError(
                    _("the target {target} is of the class {found}, not {expected}.", target=repr(t),
                      found=target_class(t), expected=self.target_class), field="targets")
        if self.target_class == "citizen_outcome" and not self.targets:
            raise InvalidParameterError(
                _("a citizen outcome is profiling (GDPR art. 22, AI Act Annex III 5(a)): the registration must "
                  "name the outcome targets it enables."),
                hint=_("For example targets: ['outcome:activity=Sanktion']."), field="targets")
        if self.review_date <= self.dpia_date:
            raise InvalidParameterError(_("the review date must come after the date of the DPIA."),
                                        field="review_date")
        return self

    @property
    def profiling(self) -> bool:
        """True for citizen outcomes (GDPR art. 22; AI Act Annex III 5(a), high risk)."""
        return self.target_class == "citizen_outcome"

    def expired(self, at: datetime | None = None) -> bool:
        """Whether the review date has come (Danish time)."""
        return today(at) >= self.review_date

    def problem(self, at: datetime | None = None) -> str | None:
        """Why this registration does not enable prediction now, in words; None when it does."""
        if self.status != "active":
            return _("registration {id} is {status}, not active.", id=self.id, status=_(STATUS_NAMES[self.status]))
        if not self.approved_by or not self.proposed_by or self.approved_by == self.proposed_by:
            return _("registration {id} was not approved by a second person (two-person rule).", id=self.id)
        if self.expired(at):
            return _("registration {id} expired on its review date {date}.", id=self.id,
                     date=self.review_date.isoformat())
        return None

    def is_valid(self, at: datetime | None = None) -> bool:
        return self.problem(at) is None

    def covers(self, target: object) -> bool:
        """Whether the registration's class (and its target list, when it has one) includes ``target``."""
        try:
            if target_class(target) != self.target_class:
                return False
        except InvalidParameterError:
            return False
        if not self.targets:
            return True
        t = normalise_target(target)
        return any(normalise_target(x) == t for x in self.targets)

    # ------------------------------------------------------------------ changes
    def approve(self, by: str, *, at: datetime | None = None) -> Registration:
        """The registration approved by ``by`` (who must not be the proposer)."""
        if self.status != "proposed":
            raise InvalidParameterError(_("only a proposed registration can be approved; {id} is {status}.",
                                          id=self.id, status=_(STATUS_NAMES[self.status])), field="status")
        if not by.strip() or by.strip() == self.proposed_by.strip():
            raise InvalidParameterError(
                _("the two-person rule: registration {id} was proposed by {who}, so another person must approve "
                  "it.", id=self.id, who=self.proposed_by), field="approved_by")
        self.check()
        return replace(self, status="active", approved_by=by.strip(), approved_at=at or datetime.now(UTC))

    def with_status(self, status: Status, note: str = "") -> Registration:
        return replace(self, status=status, note=note or self.note)

    # ------------------------------------------------------------------ serialisation
    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["legal_basis"] = {"law": self.legal_basis.law, "section": self.legal_basis.section,
                            "gdpr_articles": list(self.legal_basis.gdpr_articles)}
        d["targets"] = list(self.targets)
        for k in ("dpia_date", "review_date"):
            d[k] = getattr(self, k).isoformat()
        for k in ("proposed_at", "approved_at"):
            v = getattr(self, k)
            d[k] = v.isoformat() if v is not None else None
        return d

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Registration:
        known = {f for f in cls.__dataclass_fields__}
        unknown = sorted(set(data) - known)
        if unknown:
            raise InvalidParameterError(_("unknown field {name} in a registration.", name=repr(unknown[0])),
                                        hint=_("Fields: {names}.", names=", ".join(sorted(known))), field=unknown[0])
        missing = [k for k in ("municipality", "target_class", "purpose", "legal_basis", "dpia_reference",
                               "dpia_date", "decision_maker", "review_date") if data.get(k) in (None, "")]
        if missing:
            raise InvalidParameterError(_("a registration needs {name}.", name=missing[0]), field=missing[0])
        d = dict(data)
        basis = d["legal_basis"]
        if not isinstance(basis, dict):
            raise InvalidParameterError(_("legal_basis has law, section and gdpr_articles."), field="legal_basis")
        d["legal_basis"] = LegalBasis(law=str(basis.get("law") or ""), section=str(basis.get("section") or ""),
                                      gdpr_articles=tuple(str(a) for a in basis.get("gdpr_articles") or ()))
        d["targets"] = tuple(d.get("targets") or ())
        for k in ("proposed_at", "approved_at"):
            if isinstance(d.get(k), str):
                d[k] = datetime.fromisoformat(d[k])
        return cls(**d)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False)

    def to_yaml(self) -> str:
        return yaml.safe_dump(self.to_dict(), allow_unicode=True, sort_keys=False)

    @classmethod
    def from_yaml(cls, text: str | Path) -> Registration:
        """A registration from YAML text or a ``.yaml`` file."""
        if isinstance(text, Path) or (isinstance(text, str) and "\n" not in text and text.endswith((".yaml", ".yml"))):
            text = Path(text).read_text(encoding="utf-8")
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise InvalidParameterError(_("the registration is not valid YAML: {error}", error=str(exc))) from None
        if not isinstance(data, dict):
            raise InvalidParameterError(_("a registration is a YAML mapping of fields."))
        return cls.from_dict(cast("dict[str, Any]", data))

    def summary(self) -> str:
        """One line in words: class, targets, basis, DPIA and review date."""
        targets = ", ".join(self.targets) if self.targets else _("every target of the class")
        return _("{cls} ({targets}); {basis}; DPIA {dpia} of {dpia_date}; review {review}; decided by {maker}",
                 cls=_(TARGET_CLASS_NAMES[self.target_class]), targets=targets, basis=self.legal_basis.describe(),
                 dpia=self.dpia_reference, dpia_date=self.dpia_date.isoformat(),
                 review=self.review_date.isoformat(), maker=self.decision_maker)
