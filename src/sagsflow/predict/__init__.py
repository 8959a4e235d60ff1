"""Lawful predictive monitoring: remaining time, next activity, outcome and deadline risk of open cases,
from the process state only, under a feature policy, evaluated on a strict temporal split against
baselines, with conformal intervals, calibrated probabilities, reasons in plain words, an
equal-treatment audit and a model card. See ``docs/prediction.md``.

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
from sagsflow.predict.card import ModelCard
from sagsflow.predict.encode import EncodingSpec, encode_prefixes
from sagsflow.predict.evaluate import Evaluation, temporal_split
from sagsflow.predict.model import ProcessPredictor
from sagsflow.predict.policy import FeaturePolicy, FeatureRefusedError
from sagsflow.predict.registry import load_model, model_card_text, model_versions, save_model
from sagsflow.predict.score import ScoreTable, open_cases, score_cases
from sagsflow.predict.targets import LabelSpec, Target

if TYPE_CHECKING:
    from sagsflow.log import EventLog


def train_model(log: EventLog, target: str, *, name: str | None = None,
                policy: FeaturePolicy | dict[str, Any] | None = None, audit_attributes: Sequence[str] | None = None,
                save: bool = True, progress: Callable[[float, str], None] | None = None,
                **params: Any) -> ProcessPredictor:
    """Fit a :class:`ProcessPredictor`, audit it and (with ``save``) store it as a new version.

    ``audit_attributes`` defaults to every case attribute classed ``personal_attribute`` that is not
    a feature (age band, gender ...). The card is at ``model.card_``; the version at ``model.version_``.
    ``progress(fraction, text)`` hears each stage as it starts (encoding, training, evaluating, auditing, saving).
    """
    from sagsflow.i18n import _

    report = progress or (lambda f, m: None)
    model = ProcessPredictor(target=target, policy=policy, **params).fit(
        log, progress=lambda f, m: report(0.85 * f, m))
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
        model.card_ = ModelCard.from_model(model, name=label, audits=audits)
    return model


def score(log: EventLog, models: Sequence[str | ProcessPredictor], *, as_of: datetime | None = None,
          record: bool = True) -> ScoreTable:
    """Score the open cases of ``log`` with stored models (``'name'`` / ``'name:version'``) or fitted ones."""
    loaded = [load_model(log.workspace, m) if isinstance(m, str) else m for m in models]
    return score_cases(log, loaded, as_of=as_of, record=record)


__all__ = [
    "AuditReport", "EncodingSpec", "Evaluation", "FeaturePolicy", "FeatureRefusedError", "LabelSpec", "ModelCard",
    "ProcessPredictor", "ScoreTable", "Target", "audit", "encode_prefixes", "load_model", "model_card_text",
    "model_versions", "open_cases", "save_model", "score", "score_cases", "temporal_split", "train_model",
]
