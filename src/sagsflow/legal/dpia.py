"""The DPIA kit: a DPIA draft, the record of processing (GDPR art. 30) and notice texts, from the live configuration.

Nothing here is fixed text about the processing: every fact comes from the configuration in force — the data
categories from the logs' mappings (their data classes), the roles and who holds them, the retention periods, the
recipients and the controller's facts, the models and the registrations that enable them, the employee protection
and the technical measures in force (pseudonymisation, CPR masking, the disclosure rule, the audit log, the legal
gate, retention, encryption at rest). Change the configuration and the document changes.

The draft follows the structure of the Danish DPA's (Datatilsynet) guidance on impact assessments: (1) a
systematic description of the processing, (2) necessity and proportionality, (3) the risks to the data subjects'
rights and freedoms, (4) the measures envisaged to address them, and the DPO's advice. The parts that need human
judgement (the assessment of likelihood and severity, the balancing, the DPO's advice, the views of the data
subjects) are **marked** (:data:`JUDGEMENT` in the document), never filled in by the software.

Examples
--------
>>> from sagsflow.store.workspace import Workspace
>>> cfg = configuration(Workspace.memory())
>>> doc = dpia_markdown(cfg, lang="en")
>>> doc.splitlines()[0]
'# DPIA draft: process mining and predictive monitoring of case handling'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

from sagsflow.i18n import N_, _, use_language

if TYPE_CHECKING:
    from sagsflow.legal.employees import EmployeePolicy
    from sagsflow.legal.registration import Registration
    from sagsflow.store.workspace import Workspace

Document = Literal["dpia", "record", "notice-citizens", "notice-employees"]
DOCUMENTS: tuple[Document, ...] = ("dpia", "record", "notice-citizens", "notice-employees")

#: the personal-data classes of a mapping, as categories of personal data (translated where shown)
CATEGORY_NAMES: dict[str, str] = {
    "citizen_id": N_("identification of citizens (case or person number; stored only as a pseudonym)"),
    "employee_id": N_("identification of employees (caseworker; stored only as a pseudonym)"),
    "personal_attribute": N_("other information about citizens (personal attributes)"),
    "free_text": N_("free text (may contain any personal data, CPR numbers masked at import)"),
}


@dataclass(frozen=True)
class LogFacts:
    """What the DPIA needs to know about one stored log."""

    workspace: str
    name: str
    n_events: int
    n_cases: int
    first: datetime | None
    last: datetime | None
    categories: dict[str, list[str]]
    automation: tuple[str, ...]
    retention_days: int | None
    retention_reason: str


@dataclass(frozen=True)
class ModelFacts:
    name: str
    version: int
    target: str
    log: str
    registration: str | None
    flagged: str | None


@dataclass
class Configuration:
    """The live configuration a DPIA is written from (:func:`configuration` reads it from a workspace; the server
    fills in its municipality, roles and settings)."""

    municipality: str = ""
    controller: dict[str, Any] = field(default_factory=dict)
    logs: list[LogFacts] = field(default_factory=list)
    models: list[ModelFacts] = field(default_factory=list)
    registrations: list[Registration] = field(default_factory=list)
    roles: dict[str, list[str]] = field(default_factory=dict)
    employees: EmployeePolicy | None = None
    min_group_size: int = 5
    server: bool = False
    audit_chain: bool = False
    encryption_at_rest: bool = False
    key_outside_workspace: bool = True
    made_at: datetime = field(default_factory=lambda: datetime.now(UTC))


def log_facts(ws: Workspace) -> list[LogFacts]:
    """The data categories, volumes, periods, automation and retention of every log of the workspace."""
    from sagsflow.legal.retention import retention

    out = []
    for info in ws.logs():
        schema = ws.schema(info.name)
        cats: dict[str, list[str]] = {}
        for role, cls in schema.role_classes.items():
            if cls.is_personal:
                cats.setdefault(cls.value, []).append(schema.roles.get(role, role))
        for c in schema.attributes:
            if c.data_class.is_personal:
                cats.setdefault(c.data_class.value, []).append(c.name)
        row = ws.con.execute(f"SELECT min(timestamp), max(timestamp) FROM log_{info.name}.events").fetchall()[0]
        r = retention(ws, info.name)
        out.append(LogFacts(str(ws.path or ":memory:"), info.name, info.n_events, info.n_cases, row[0], row[1],
                            {k: sorted(v) for k, v in sorted(cats.items())}, tuple(schema.automation),
                            r.days if r else None, r.reason if r else ""))
    return out


def model_facts(ws: Workspace) -> list[ModelFacts]:
    """Every stored model version, the registration it was trained under (``sf_models.registration_id``) and
    whether retention flagged it."""
    from sagsflow.legal.retention import models_to_retrain
    from sagsflow.predict.registry import model_versions
    from sagsflow.store.workspace import fetch_value

    if not fetch_value(ws.con, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'sf_models'"):
        return []
    flags = models_to_retrain(ws)
    return [ModelFacts(m.name, int(m.version), m.target, m.log_name, m.registration_id,
                       flags.get((m.name, int(m.version))))
            for m in sorted(model_versions(ws), key=lambda m: (m.name, m.version))]


def configuration(ws: Workspace, **overrides: Any) -> Configuration:
    """The configuration of a workspace used without a server: its logs, models, verified registrations, employee
    protection and measures. ``overrides`` set other fields (``controller``, ``municipality``, ``roles``...)."""
    from sagsflow.legal.employees import employee_policy
    from sagsflow.legal.record import stored_registrations

    try:
        regs = [s.registration for s in stored_registrations(ws) if s.verified]
    except Exception:  # no pseudonymisation key: the signatures cannot be checked, so none counts
        regs = []
    from sagsflow.store.encryption import encrypted

    cfg = Configuration(logs=log_facts(ws), models=model_facts(ws), registrations=regs,
                        employees=employee_policy(ws), encryption_at_rest=encrypted(ws))
    for k, v in overrides.items():
        setattr(cfg, k, v)
    return cfg


# ============================================================================ writing
def _judgement(text: str) -> str:
    return "> **" + _("To be assessed by a person") + ":** " + text


def _controller_lines(cfg: Configuration) -> list[str]:
    c = cfg.controller or {}
    missing = _judgement(_("not stated in the configuration; fill in."))

    def line(label: str, key: str) -> str:
        v = c.get(key)
        if isinstance(v, list):
            v = ", ".join(v)
        return f"- {label}: {v}" if v else f"- {label}:\n\n{missing}\n"

    return [line(_("Controller"), "name") if c.get("name") or not cfg.municipality else
            "- " + _("Controller") + ": " + cfg.municipality,
            line(_("Address"), "address"), line(_("Contact"), "contact"),
            line(_("Data protection officer"), "dpo")]


def _categories(cfg: Configuration) -> list[str]:
    lines = []
    for lf in cfg.logs:
        span = (f"{lf.first:%Y-%m-%d} – {lf.last:%Y-%m-%d}" if lf.first and lf.last else "–")
        lines.append(f"- **{lf.name}** — " + _("{events} events in {cases} cases, {span}", events=lf.n_events,
                                                   cases=lf.n_cases, span=span))
        if not lf.categories:
            lines.append("  - " + _("no column classed as personal data in the mapping"))
        for cls, cols in lf.categories.items():
            lines.append(f"  - {_(CATEGORY_NAMES.get(cls, cls))}: {', '.join(f'`{c}`' for c in cols)}")
        if lf.automation:
            lines.append("  - " + _("robots and system users (not personal data, kept in clear): {names}",
                                    names=", ".join(lf.automation)))
    return lines or ["- " + _("no event log is stored yet")]


def _subjects(cfg: Configuration) -> list[str]:
    classes = {c for lf in cfg.logs for c in lf.categories}
    out = []
    if classes & {"citizen_id", "personal_attribute", "free_text"}:
        out.append("- " + _("citizens whose cases are handled (applicants, recipients of benefits)"))
    if "employee_id" in classes:
        out.append("- " + _("employees who handle the cases (caseworkers)"))
    return out or ["- " + _("none found in the mappings")]


def _retention_lines(cfg: Configuration) -> list[str]:
    out = []
    for lf in cfg.logs:
        if lf.retention_days:
            out.append("- " + _("{log}: events are deleted {days} days after their time ({reason}); deletion reaches "
                                "derived tables, caches, saved results, and flags models for retraining",
                                log=lf.name, days=lf.retention_days, reason=lf.retention_reason or "–"))
        else:
            out.append("- " + _("{log}: no retention period set", log=lf.name) + "\n\n"
                       + _judgement(_("set a retention period (`sagsflow retention set`)")) + "\n")
    return out or ["- " + _("no event log is stored yet")]


def _registration_lines(cfg: Configuration) -> list[str]:
    from sagsflow.legal.registration import TARGET_CLASS_NAMES

    out = []
    for r in cfg.registrations:
        state = _("valid until {date}", date=r.review_date.isoformat()) if r.is_valid() else _(r.status)
        out.append(f"- **{r.id}** — {_(TARGET_CLASS_NAMES[r.target_class])}"
                   + (f" ({', '.join(r.targets)})" if r.targets else "") + f"; {state}")
        out.append("  - " + _("Purpose: {purpose}", purpose=r.purpose))
        out.append("  - " + _("Legal basis: {basis}", basis=r.legal_basis.describe()))
        out.append("  - " + _("DPIA: {ref} of {date}", ref=r.dpia_reference, date=r.dpia_date.isoformat()) + "; "
                   + _("Decision maker: {maker}", maker=r.decision_maker))
        if r.profiling:
            out.append("  - " + _("Profiling of citizens: GDPR art. 22 applies, and the AI Act classes this use as "
                                  "high risk (Annex III, point 5(a))."))
    return out or ["- " + _("none: prediction is off (no model may be trained, scored or exported)")]


def _model_lines(cfg: Configuration) -> list[str]:
    out = []
    for m in cfg.models:
        line = f"- `{m.name}` v{m.version}: `{m.target}` " + _("on {log}", log=m.log)
        line += "; " + (_("registration {id}", id=m.registration) if m.registration else _("no registration"))
        if m.flagged:
            line += "; " + _("flagged for retraining: {reason}", reason=m.flagged)
        out.append(line)
    return out or ["- " + _("no model is stored")]


def _role_lines(cfg: Configuration) -> list[str]:
    names = {"administrator": _("administrators (users, workspaces, settings; propose registrations)"),
             "analyst": _("analysts (case-level data, pseudonymised; audited)"),
             "viewer": _("viewers (aggregates only; groups of fewer than {k} cases hidden)", k=cfg.min_group_size),
             "auditor": _("auditor / DPO (audit log; approves registrations)")}
    if not cfg.roles:
        return ["- " + _("no server: the workspace is used by whoever can open its folder and holds the "
                         "pseudonymisation key"), "", _judgement(_("name the persons who use the workspace")), ""]
    return [f"- {names.get(role, role)}: {', '.join(users) or '–'}" for role, users in sorted(cfg.roles.items())]


def _measures(cfg: Configuration) -> list[str]:
    on, off = _("in force"), _("not in force")
    emp = cfg.employees.describe() if cfg.employees is not None else _("not set")
    rows = [
        (_("Pseudonymisation of case, citizen and employee identifiers at import (HMAC-SHA-256, key kept outside "
           "the workspace)"), on if cfg.key_outside_workspace else off),
        (_("CPR numbers masked in every stored text column"), on),
        (_("Groups of fewer than {k} cases hidden from roles without case access", k=cfg.min_group_size), on),
        (_("Case identifiers pseudonymised in scored lists and exports unless the purpose needs them"), on),
        (_("Prediction only under a registration approved by two persons, expiring at its review date"), on),
        (_("Employee protection: {setting}", setting=emp), on),
        (_("Every access to case-level and resource-level data audited"), on if cfg.server else
         _("legal log of the workspace only (no server)")),
        (_("Audit log as a hash chain (tamper evidence)"), on if cfg.audit_chain else off),
        (_("Retention periods applied"), on if any(lf.retention_days for lf in cfg.logs) else off),
        (_("Encryption at rest of the event store (key outside the workspace)"), on if cfg.encryption_at_rest else off),
    ]
    head = "| " + _("Measure") + " | " + _("Status") + " |"
    return [head, "|---|---|", *[f"| {m} | {s} |" for m, s in rows]]


def dpia_markdown(cfg: Configuration, *, lang: str | None = None) -> str:
    """The DPIA draft (Markdown) in Danish or English, following Datatilsynet's structure; parts that need human
    judgement are marked."""
    with use_language(lang):
        title = _("DPIA draft: process mining and predictive monitoring of case handling")
        made = _("Made by Sagsflow from the configuration in force on {date}. A draft: the controller completes, "
                 "assesses and signs it.", date=cfg.made_at.date().isoformat())
        parts = [
            f"# {title}", "", made, "",
            "## 1. " + _("Systematic description of the processing"), "",
            "### 1.1 " + _("Controller"), "", *_controller_lines(cfg), "",
            "### 1.2 " + _("Purposes"), "",
            "- " + _("process mining: how cases flow, where time goes, whether legal deadlines are kept "
                     "(aggregates for management and planning)"),
            *_registration_lines(cfg), "",
            "### 1.3 " + _("Categories of data subjects"), "", *_subjects(cfg), "",
            "### 1.4 " + _("Categories of personal data (from the mappings)"), "", *_categories(cfg), "",
            "### 1.5 " + _("Roles and who holds them"), "", *_role_lines(cfg), "",
            "### 1.6 " + _("Recipients"), "", *_recipients(cfg), "",
            "### 1.7 " + _("Models"), "", *_model_lines(cfg), "",
            "## 2. " + _("Necessity and proportionality"), "",
            "### 2.1 " + _("Legal basis"), "", *_bases(cfg), "",
            "### 2.2 " + _("Data minimisation"), "",
            "- " + _("features are process data; a personal column is refused as a feature unless a legal basis is "
                     "stated in the feature policy"),
            "- " + _("identifiers are pseudonymised at import; the key is kept outside the workspace"), "",
            "### 2.3 " + _("Storage limitation"), "", *_retention_lines(cfg), "",
            "### 2.4 " + _("Balancing"), "",
            _judgement(_("is the processing necessary for the purposes, and proportionate to them? Could a less "
                         "intrusive means reach them?")), "",
            "## 3. " + _("Risks to the rights and freedoms of the data subjects"), "", *_risks(cfg), "",
            _judgement(_("assess the likelihood and severity of each risk (low / medium / high) and add the risks "
                         "particular to your municipality")), "",
            "## 4. " + _("Measures envisaged to address the risks"), "", *_measures(cfg), "",
            _judgement(_("the organisational measures: training, instructions, who reviews the registrations and "
                         "the audit log, how often")), "",
            "## 5. " + _("Advice of the data protection officer and views of the data subjects"), "",
            _judgement(_("the DPO's advice (GDPR art. 35(2)) and, where appropriate, the views of the data subjects "
                         "or their representatives, among them the employees' (art. 35(9))")), "",
        ]
    return "\n".join(parts)


def _recipients(cfg: Configuration) -> list[str]:
    c = cfg.controller or {}
    out = [f"- {r}" for r in c.get("recipients") or []]
    out += ["- " + _("processor: {name}", name=p) for p in c.get("processors") or []]
    out.append("- " + _("transfers to third countries: {what}", what=c.get("transfers") or _("none")))
    if not (c.get("recipients") or c.get("processors")):
        out += ["", _judgement(_("name the recipients and processors (hosting, operation)")), ""]
    return out


def _bases(cfg: Configuration) -> list[str]:
    out = ["- " + _("process mining: {basis}", basis=(cfg.controller or {}).get("basis") or "–")]
    if not (cfg.controller or {}).get("basis"):
        out += ["", _judgement(_("state the legal basis of the process mining (law, section, GDPR article)")), ""]
    out += ["- " + _("prediction, registration {id}: {basis}", id=r.id, basis=r.legal_basis.describe())
            for r in cfg.registrations if r.is_valid()]
    return out


def _risks(cfg: Configuration) -> list[str]:
    out = ["- " + _("re-identification of pseudonymised citizens or employees from small groups or rare "
                    "attribute combinations")]
    if any(r.profiling and r.is_valid() for r in cfg.registrations):
        out.append("- " + _("profiling of citizens (citizen-outcome predictions): discrimination, decisions "
                            "influenced by a prediction (GDPR art. 22; AI Act high risk)"))
    if any(r.is_valid() for r in cfg.registrations):
        out.append("- " + _("predictions taken as decisions, or wrong for some groups (see the equal-treatment "
                            "audit on each model card)"))
    if cfg.employees is not None and cfg.employees.use == "individual":
        out.append("- " + _("control of individual employees' performance (individual resource data in use: "
                            "{purpose})", purpose=cfg.employees.purpose))
    elif any("employee_id" in lf.categories for lf in cfg.logs):
        out.append("- " + _("control of employees through workload figures (team level only)"))
    if not any(lf.retention_days for lf in cfg.logs):
        out.append("- " + _("data kept longer than needed (no retention period set)"))
    if not cfg.encryption_at_rest:
        out.append("- " + _("loss or theft of the workspace files (not encrypted at rest)"))
    return out


def record_markdown(cfg: Configuration, *, lang: str | None = None) -> str:
    """The record of processing activities (GDPR art. 30(1)) for the processing, in Danish or English."""
    with use_language(lang):
        parts = [
            "# " + _("Record of processing activities (GDPR art. 30)"), "",
            _("Made by Sagsflow from the configuration in force on {date}.", date=cfg.made_at.date().isoformat()), "",
            "## (a) " + _("Controller and data protection officer"), "", *_controller_lines(cfg), "",
            "## (b) " + _("Purposes"), "",
            "- " + _("process mining of case handling (flow, time, legal deadlines)"), *_registration_lines(cfg), "",
            "## (c) " + _("Categories of data subjects and of personal data"), "", *_subjects(cfg), "",
            *_categories(cfg), "",
            "## (d) " + _("Recipients"), "", *_recipients(cfg), "",
            "## (e) " + _("Transfers to third countries"), "",
            "- " + ((cfg.controller or {}).get("transfers") or _("none")), "",
            "## (f) " + _("Time limits for erasure"), "", *_retention_lines(cfg), "",
            "## (g) " + _("Technical and organisational security measures (art. 32)"), "", *_measures(cfg), "",
        ]
    return "\n".join(parts)


def notice_markdown(cfg: Configuration, who: Literal["citizens", "employees"], *, lang: str | None = None) -> str:
    """The notice text (GDPR art. 13-14) for citizens or for employees, in Danish or English."""
    c = cfg.controller or {}
    controller = c.get("name") or cfg.municipality or _("the municipality")
    with use_language(lang):
        if who == "citizens":
            parts = [
                "# " + _("How {controller} uses information about your case", controller=controller), "",
                _("{controller} analyses how cases are handled: how long each step takes and whether the legal "
                  "deadlines are kept. Your name and CPR number are not used in the analysis; your case is known "
                  "only by a code.", controller=controller), "",
            ]
            valid = [r for r in cfg.registrations if r.is_valid()]
            if valid:
                parts += [_("We also estimate how open cases will go on, to plan our work:"), "",
                          *[f"- {r.purpose} ({r.legal_basis.describe()})" for r in valid], "",
                          _("An estimate never decides your case: a caseworker does."), ""]
            if any(r.profiling for r in valid):
                parts += [_("Some estimates concern the outcome for you (profiling). You have the right to object "
                            "and not to be subject to a decision based solely on automated processing (GDPR art. "
                            "21-22)."), ""]
            retention = [lf for lf in cfg.logs if lf.retention_days]
            if retention:
                parts += [_("The information is deleted from the analysis after {days} days.",
                            days=min(lf.retention_days or 0 for lf in retention)), ""]
            parts += [_("You have the right to access, rectification and restriction, and to complain to "
                        "Datatilsynet (www.datatilsynet.dk)."),
                      _("Data protection officer: {dpo}", dpo=c.get("dpo") or "–"), ""]
        else:
            emp = cfg.employees
            parts = [
                "# " + _("How {controller} uses information about your work in the case systems",
                         controller=controller),
                "",
                _("The case systems record who did each step of a case. In the process analysis you are known only "
                  "by a code, never by name."), "",
            ]
            if emp is None or emp.use == "team":
                k = emp.min_employees if emp is not None else 5
                parts += [_("Figures about workload and handovers are shown only per team, for teams of at least "
                            "{n} employees. Nobody sees figures about you personally.", n=k), ""]
            elif emp.use == "off":
                parts += [_("Figures about employees are not used at all; only the share of the work done by "
                            "robots and system users is shown."), ""]
            else:
                parts += [_("Figures per employee (by code) are used for this purpose only: {purpose} "
                            "({reference}).", purpose=emp.purpose, reference=emp.purpose_reference), ""]
            parts += [_("Robots and system users are shown as automation, not as staff."),
                      _("Every look at figures about employees is recorded in the audit log, which the data "
                        "protection officer can read."),
                      _("Data protection officer: {dpo}", dpo=c.get("dpo") or "–"), ""]
    return "\n".join(parts)


def write_document(cfg: Configuration, document: Document = "dpia", *, lang: str | None = None) -> str:
    """One document of the kit as Markdown: ``dpia``, ``record``, ``notice-citizens`` or ``notice-employees``."""
    from sagsflow.errors import InvalidParameterError

    if document == "dpia":
        return dpia_markdown(cfg, lang=lang)
    if document == "record":
        return record_markdown(cfg, lang=lang)
    if document in ("notice-citizens", "notice-employees"):
        return notice_markdown(cfg, "citizens" if document == "notice-citizens" else "employees", lang=lang)
    raise InvalidParameterError(_("the document must be one of {names}. Got {value} instead.",
                                  names=", ".join(DOCUMENTS), value=repr(document)), field="document")
