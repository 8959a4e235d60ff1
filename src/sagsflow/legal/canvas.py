"""The Machine Learning Canvas of a model card, filled from the registration, the feature policy, the data, the
evaluation and the audit — no fixed answers.

The sections follow Dorard's Machine Learning Canvas: decisions supported, value proposition, data sources,
features, predictions (what, for whom, how often), offline evaluation and live monitoring. Each answer is made from
what is recorded for the model; where nothing is recorded the card says so (for instance "not registered"), so a
card can never claim a purpose nobody stated.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sagsflow.i18n import N_, _, format_datetime, format_number, format_percent
from sagsflow.legal.registration import TARGET_CLASS_NAMES, Registration

if TYPE_CHECKING:
    from sagsflow.predict.audit import AuditReport
    from sagsflow.predict.model import ProcessPredictor
    from sagsflow.store.workspace import Workspace

#: the canvas sections, in the order of the card (translated where shown)
CANVAS_SECTIONS = (N_("Decisions supported"), N_("Value proposition"), N_("Data sources"), N_("Features"),
                   N_("Predictions"), N_("Offline evaluation"), N_("Monitoring"))

#: the headline metric of each task: (metric name in the evaluation, lower is better)
_HEADLINE = {"regression": ("MAE (days)", True), "multiclass": ("accuracy", False), "binary": ("AUC", False)}


def registration_of(model: ProcessPredictor) -> Registration | None:
    """The registration the model was trained under (None for a model trained before registrations)."""
    data = getattr(model, "registration_", None)
    return Registration.from_dict(data) if data else None


def data_sources(ws: Workspace | None, log: str) -> list[str]:
    """The sources the log was imported from, in words: ``"udtraek.csv (csv, mapping momentum v2): 12,000 rows"``."""
    if ws is None:
        return []
    try:
        imports = ws.imports(log)
    except Exception:  # a workspace without the registry table
        return []
    out = []
    for r in imports:
        mapping = f", {_('mapping')} {r.mapping_name} v{r.mapping_version}" if r.mapping_name else ""
        out.append(_("{source} ({format}{mapping}): {rows} rows", source=r.source.rsplit("/", 1)[-1],
                     format=r.source_format, mapping=mapping, rows=r.rows_read))
    return out


def _num(x: Any) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return format_number(float(x), decimals=3 if abs(float(x)) < 10 else 1)


def _when(x: Any) -> str:
    """The training cut as a reader writes a moment (it is stored as text or a datetime)."""
    return format_datetime(x) if isinstance(x, (str, datetime)) or x is None else str(x)


def canvas(model: ProcessPredictor, *, audits: Sequence[AuditReport] = (), sources: Sequence[str] = ()
           ) -> dict[str, str]:
    """The canvas answers of a fitted model (keys: :data:`CANVAS_SECTIONS`, English; translated when shown)."""
    reg = registration_of(model)
    t = model.target_
    ev = model.evaluation_
    missing = _("not registered: this model may not be used until a registration enables its target")
    if reg is not None:
        decisions = reg.decisions_supported or _("not stated in registration {id}", id=reg.id)
        value = _("{purpose} (registration {id}, {cls}; decided by {maker})", purpose=reg.purpose, id=reg.id,
                  cls=_(TARGET_CLASS_NAMES[reg.target_class]), maker=reg.decision_maker)
        who = reg.end_users or _("not stated in registration {id}", id=reg.id)
        how_often = reg.frequency or _("not stated in registration {id}", id=reg.id)
        monitor_reg = _("the registration is reviewed by {date} and expires then unless renewed",
                        date=reg.review_date.isoformat())
    else:
        decisions = value = who = how_often = missing
        monitor_reg = missing
    log = model.window_.get("log")
    src = "; ".join(sources) if sources else _("no import recorded")
    data = _("event log '{log}' ({n} training cases, {start} to {cut}); sources: {sources}", log=log,
             n=model.window_.get("n_train_cases"), start=model.window_.get("train_from"),
             cut=model.window_.get("cut"), sources=src)
    personal = [f"{c} ({dc})" for c, dc in model.policy_columns_ if dc != "process"]
    process = [c for c, dc in model.policy_columns_ if dc == "process"]
    feats = _("{n} features from the process state (activities, their order and counts, times{extra})",
              n=len(model.feature_names_), extra=(", " + ", ".join(process)) if process else "")
    feats += "; " + (_("personal columns with a stated legal basis: {cols}", cols=", ".join(personal)) if personal
                     else _("no personal column"))
    preds = _("{what}, for every open case; seen by {who}; made {how_often}", what=t.describe(), who=who,
              how_often=how_often)
    metric, lower = _HEADLINE.get(ev.task, ("", True))
    pair = ev.pooled.get(metric)
    if pair is not None:
        m, b = pair
        better = b is not None and not math.isnan(b) and ((m < b) if lower else (m > b))
        evaluation = _("{metric} {model} against {baseline} for the baseline on {n} test cases after {cut} "
                       "({verdict})", metric=_(metric), model=_num(m), baseline=_num(b), n=ev.n_test_cases,
                       cut=_when(model.window_.get("cut")),
                       verdict=_("better than the baseline") if better else _("not better than the baseline"))
    else:
        evaluation = _("{n} test cases after {cut}", n=ev.n_test_cases, cut=_when(model.window_.get("cut")))
    gaps = [(a.attribute, a.demographic_parity) for a in audits if a.demographic_parity is not None]
    if gaps:
        attr, gap = max(gaps, key=lambda g: g[1] or 0.0)
        audit_text = _("equal-treatment audit of {attributes}: largest gap in flag rates {gap} ({attribute})",
                       attributes=", ".join(a.attribute for a in audits), gap=format_percent(gap), attribute=attr)
    elif audits:
        audit_text = _("equal-treatment audit of {attributes}: no gap measurable (groups hidden or too small)",
                       attributes=", ".join(a.attribute for a in audits))
    else:
        audit_text = _("no equal-treatment audit recorded")
    monitoring = "; ".join([monitor_reg, audit_text,
                            _("every prediction is recorded with its model version; retrain when the data change")])
    return {"Decisions supported": decisions, "Value proposition": value, "Data sources": data,
            "Features": feats, "Predictions": preds, "Offline evaluation": evaluation, "Monitoring": monitoring}


def registration_lines(model: ProcessPredictor) -> list[str]:
    """The card's registration section as Markdown lines (a warning when the model has no registration)."""
    reg = registration_of(model)
    if reg is None:
        return ["## ⚠ " + _("Not registered"), "",
                _("This model was trained without a registration. Prediction is off until an administrator and the "
                  "auditor/DPO enable the target's class with a registration."), ""]
    lines = ["## " + _("Registration {id}", id=reg.id), ""]
    if reg.profiling:
        lines += ["**⚠ " + _("Profiling of citizens: GDPR art. 22 applies, and the AI Act classes this use as high "
                             "risk (Annex III, point 5(a)).") + "**", ""]
    lines += [
        "- " + _("Class: {cls}", cls=_(TARGET_CLASS_NAMES[reg.target_class]))
        + (f" — {', '.join(reg.targets)}" if reg.targets else ""),
        "- " + _("Purpose: {purpose}", purpose=reg.purpose),
        "- " + _("Legal basis: {basis}", basis=reg.legal_basis.describe()),
        "- " + _("DPIA: {ref} of {date}", ref=reg.dpia_reference, date=reg.dpia_date.isoformat()),
        "- " + _("Decision maker: {maker}", maker=reg.decision_maker),
        "- " + _("Proposed by {proposer}, approved by {approver}", proposer=reg.proposed_by,
                 approver=reg.approved_by or "–"),
        "- " + _("Review date: {date} (the registration expires then unless renewed)",
                 date=reg.review_date.isoformat()),
        "- " + (_("Case identifiers are shown to roles with case access (the purpose needs them).")
                if reg.identify_cases else _("Case identifiers are pseudonymised in scored lists and exports.")),
        "",
    ]
    return lines
