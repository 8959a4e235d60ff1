"""Lawful predictive monitoring: remaining time, next activity, outcome and deadline risk of open cases,
from the process state only, under a feature policy, evaluated under an evaluation protocol (strict temporal
by default; the field's published ones by name) against strong baselines, with conformal intervals, calibrated
probabilities, a leakage guard, reasons in plain words, an equal-treatment audit and a model card. See
``docs/prediction.md``.

Examples
--------
>>> import sagsflow.predict as sp
>>> model = sp.train_model(log, "remaining_time", name="restid")          # doctest: +SKIP
>>> print(model.card_.to_markdown())                                      # doctest: +SKIP
>>> sp.score(log, ["restid", "frist_r05"]).table                          # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sagsflow.predict.audit import AuditReport, audit
from sagsflow.predict.baselines import ContextModel, heldout_oracle, oracle_accuracy
from sagsflow.predict.card import ModelCard
from sagsflow.predict.conformal import MondrianConformal
from sagsflow.predict.encode import EncodingSpec, encode_prefixes
from sagsflow.predict.evaluate import Evaluation
from sagsflow.predict.leakage import LeakageError
from sagsflow.predict.model import ProcessPredictor
from sagsflow.predict.policy import FeaturePolicy, FeatureRefusedError
from sagsflow.predict.protocol import Protocol
from sagsflow.predict.registry import load_model, model_card_text, model_versions, save_model
from sagsflow.predict.score import ScoreTable, open_cases, score_cases
from sagsflow.predict.targets import LabelSpec, Target

if TYPE_CHECKING:
    from sagsflow.legal.gate import RegistrationArg
    from sagsflow.log import EventLog


def train_model(log: EventLog, target: str, *, name: str | None = None,
                policy: FeaturePolicy | dict[str, Any] | None = None, audit_attributes: Sequence[str] | None = None,
                save: bool = True, registration: RegistrationArg = None,
                progress: Callable[[float, str], None] | None = None, **params: Any) -> ProcessPredictor:
    """Fit a :class:`ProcessPredictor`, audit it and (with ``save``) store it as a new version.

    Training needs a valid registration for the target's class (:mod:`sagsflow.legal`): passed as
    ``registration`` (a :class:`~sagsflow.legal.Registration`, a registration file, or the id of one kept in the
    workspace), put in force with :func:`sagsflow.legal.using`, or kept in the workspace; otherwise
    :class:`~sagsflow.legal.RegistrationRequiredError`. The registration is kept with the model and fills its card.

    ``audit_attributes`` defaults to every case attribute classed ``personal_attribute`` that is not
    a feature (age band, gender ...). The card is at ``model.card_``; the version at ``model.version_``.
    ``progress(fraction, text)`` hears each stage as it starts (encoding, training, evaluating, auditing, saving).
    """
    from sagsflow.i18n import _
    from sagsflow.legal.gate import require

    report = progress or (lambda f, m: None)
    reg = require(log.workspace, target, "train", registration=registration, log=log.name)
    model = ProcessPredictor(target=target, policy=policy, **params).fit(
        log, progress=lambda f, m: report(0.85 * f, m))
    model.registration_ = reg.to_dict()
    if audit_attributes is None:
        used = {n for n, _ in model.policy_columns_}
        audit_attributes = [c.name for c in log.schema.case_attributes
                            if c.data_class.value == "personal_attribute" and c.name not in used]
    report(0.85, _("auditing equal treatment over {n} attributes", n=len(audit_attributes)))
    audits = [audit(model, log, a) for a in audit_attributes]
    model.audits_ = audits
    report(0.95, _("saving the model and its model card"))
    label = name or str(model.target_).split(":")[0]
    if save:
        save_model(log.workspace, model, label, audits=audits)
    else:
        from sagsflow.legal.canvas import data_sources

        model.card_ = ModelCard.from_model(model, name=label, audits=audits,
                                           sources=data_sources(log.workspace, log.name))
    return model


def score(log: EventLog, models: Sequence[str | ProcessPredictor], *, as_of: datetime | None = None,
          record: bool = True, registration: RegistrationArg = None) -> ScoreTable:
    """Score the open cases of ``log`` with stored models (``'name'`` / ``'name:version'``) or fitted ones.

    Each model's target needs a valid registration (as for :func:`train_model`); case identifiers are given in
    clear only when every registration used says the purpose needs the case identified
    (``identify_cases``), else as pseudonyms (:mod:`sagsflow.legal.outputs`)."""
    loaded = [load_model(log.workspace, m) if isinstance(m, str) else m for m in models]
    return score_cases(log, loaded, as_of=as_of, record=record, registration=registration)


__all__ = [
    "AuditReport", "ContextModel", "EncodingSpec", "Evaluation", "FeaturePolicy", "FeatureRefusedError",
    "LabelSpec", "LeakageError", "ModelCard", "MondrianConformal", "ProcessPredictor", "Protocol", "ScoreTable",
    "Target", "audit", "encode_prefixes", "heldout_oracle", "load_model", "model_card_text", "model_versions",
    "open_cases", "oracle_accuracy", "save_model", "score", "score_cases", "train_model",
]
