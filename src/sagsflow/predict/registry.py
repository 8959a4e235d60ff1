"""Model versions in the workspace, and which version produced which prediction.

Two tables in the workspace's DuckDB database:

- ``sf_models``: one row per model version: name, version, target, log, data window, policy,
  metrics, audits, the model card (Markdown and HTML), the model itself (pickled bytes) and the id of the
  registration it was trained under (:mod:`sagsflow.legal`; NULL for a model trained before registrations);
- ``sf_predictions``: one row per scored case: run id, model name and version, when, the state's
  instant (``as_of``), the case and the prediction.

The pickled model is loaded only from the workspace's own database, which only Sagsflow writes.
"""

from __future__ import annotations

import json
import pickle
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

import duckdb
import pandas as pd

from sagsflow.errors import InvalidParameterError, NotFoundError
from sagsflow.store.workspace import fetch_one, fetch_value

if TYPE_CHECKING:
    from sagsflow.disclosure import DisclosurePolicy
    from sagsflow.predict.audit import AuditReport
    from sagsflow.predict.model import ProcessPredictor
    from sagsflow.store.workspace import Workspace

_DDL = [
    """CREATE TABLE IF NOT EXISTS sf_models (
        name VARCHAR, version INTEGER, target VARCHAR, log_name VARCHAR, created_at TIMESTAMPTZ,
        window_json VARCHAR, policy_yaml VARCHAR, metrics_json VARCHAR, audit_json VARCHAR,
        card_md VARCHAR, card_html VARCHAR, model BLOB, registration_id VARCHAR, PRIMARY KEY (name, version))""",
    """CREATE TABLE IF NOT EXISTS sf_predictions (
        run_id VARCHAR, model_name VARCHAR, model_version INTEGER, scored_at TIMESTAMPTZ, as_of TIMESTAMPTZ,
        log_name VARCHAR, case_id VARCHAR, prediction VARCHAR, low DOUBLE, high DOUBLE, probability DOUBLE,
        flag BOOLEAN)""",
]


@dataclass(frozen=True)
class ModelVersion:
    """What the registry keeps about one model version (without the model bytes)."""

    name: str
    version: int
    target: str
    log_name: str
    created_at: datetime
    window: dict[str, Any]
    metrics: dict[str, Any]
    card_md: str
    #: the registration the version was trained under (None: trained before registrations)
    registration_id: str | None = None


_COLUMNS = ("name, version, target, log_name, created_at, window_json, policy_yaml, metrics_json, audit_json, "
            "card_md, card_html, model, registration_id")


def _ensure(ws: Workspace) -> None:
    for ddl in _DDL:
        ws.con.execute(ddl)
    if not _has_registration_id(ws):
        try:
            _add_registration_id(ws)
        except duckdb.Error:  # another request migrated it at the same moment
            if not _has_registration_id(ws):
                raise


def _has_registration_id(ws: Workspace) -> bool:
    return bool(fetch_value(ws.con, "SELECT count(*) FROM information_schema.columns WHERE table_name = "
                                    "'sf_models' AND column_name = 'registration_id'"))


def _add_registration_id(ws: Workspace) -> None:
    """Workspace migration: the column ``registration_id`` for a ``sf_models`` made before it, filled from each
    stored model's registration (NULL where the model cannot be read by this version or had none)."""
    with ws.transaction() as con:
        con.execute("ALTER TABLE sf_models ADD COLUMN IF NOT EXISTS registration_id VARCHAR")
        for name, version, blob in con.execute("SELECT name, version, model FROM sf_models").fetchall():
            try:
                reg = getattr(pickle.loads(blob), "registration_", None)
            except Exception:  # a model pickled by another version: unknown, stays NULL
                continue
            if isinstance(reg, dict) and reg.get("id"):
                con.execute("UPDATE sf_models SET registration_id = ? WHERE name = ? AND version = ?",
                            [str(reg["id"]), name, version])


def parse_ref(ref: str) -> tuple[str, int | None]:
    """``'name'`` or ``'name:3'`` -> (name, version or None)."""
    name, _, ver = ref.partition(":")
    if ver and not ver.isdigit():
        raise InvalidParameterError(f"a model reference is NAME or NAME:VERSION. Got {ref!r} instead.", field="model")
    return name, int(ver) if ver else None


def save_model(ws: Workspace, model: ProcessPredictor, name: str, *, audits: list[AuditReport] | None = None
               ) -> ModelVersion:
    """Store ``model`` as the next version of ``name`` with its window, policy, metrics and card."""
    from sagsflow.legal.canvas import data_sources
    from sagsflow.predict.card import ModelCard

    if not name or not name.replace("_", "").replace("-", "").isalnum():
        raise InvalidParameterError(f"a model name is letters, digits, '-' and '_'. Got {name!r} instead.",
                                    field="name")
    model._check_fitted()
    _ensure(ws)
    with ws.transaction() as con:
        version = int(fetch_value(con, "SELECT coalesce(max(version), 0) + 1 FROM sf_models WHERE name = ?", [name]))
        card = ModelCard.from_model(model, name=name, version=version, audits=audits,
                                    sources=data_sources(ws, str(model.window_["log"])))
        model.card_ = card
        blob = pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL)
        now = datetime.now(UTC)
        con.execute(
            f"INSERT INTO sf_models ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [name, version, str(model.target_), model.window_["log"], now, json.dumps(model.window_),
             model._policy().to_yaml(), json.dumps(model.evaluation_.to_dict(), default=float),
             json.dumps([a.to_dict() for a in (audits or [])], default=str), card.to_markdown(), card.to_html(), blob,
             registration_id(model)],
        )
    model.name_, model.version_ = name, version
    return ModelVersion(name, version, str(model.target_), str(model.window_["log"]), now, dict(model.window_),
                        model.evaluation_.to_dict(), card.to_markdown(), registration_id(model))


def registration_id(model: ProcessPredictor) -> str | None:
    """The id of the registration ``model`` was trained under (None: trained without one).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> registration_id(SimpleNamespace(registration_={"id": "0a1b2c3d4e5f"})), registration_id(SimpleNamespace())
    ('0a1b2c3d4e5f', None)
    """
    reg = getattr(model, "registration_", None)
    return str(reg["id"]) if isinstance(reg, dict) and reg.get("id") else None


def load_model(ws: Workspace, ref: str) -> ProcessPredictor:
    """The model ``name`` (latest version) or ``name:version``."""
    name, version = parse_ref(ref)
    _ensure(ws)
    if version is None:
        version = fetch_value(ws.con, "SELECT max(version) FROM sf_models WHERE name = ?", [name])
    row = None if version is None else fetch_one(
        ws.con, "SELECT model FROM sf_models WHERE name = ? AND version = ?", [name, int(version)])
    if row is None:
        known = [r[0] for r in ws.con.execute("SELECT DISTINCT name FROM sf_models ORDER BY 1").fetchall()]
        raise NotFoundError(f"no model {ref!r} in this workspace.",
                            hint="Models: " + (", ".join(known)
                                               or "none yet (train one with `sagsflow predict train`)"))
    model = pickle.loads(row[0])
    model.name_, model.version_ = name, int(version)
    return model


def model_versions(ws: Workspace, name: str | None = None) -> list[ModelVersion]:
    """Every stored model version (of ``name``), newest first."""
    _ensure(ws)
    where, params = ("WHERE name = ?", [name]) if name else ("", [])
    rows = ws.con.execute(
        f"SELECT name, version, target, log_name, created_at, window_json, metrics_json, card_md, registration_id "
        f"FROM sf_models {where} ORDER BY name, version DESC", params).fetchall()
    return [ModelVersion(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), json.loads(r[6]), r[7], r[8]) for r in rows]


class CardText(NamedTuple):
    """A model card as released to a reader: the text, the log it was trained on, and the cases of the smallest
    audit group shown (None: none shown), which for a role with case access below k is a case-level read."""

    text: str
    log: str
    fewest_cases: int | None


def model_card_text(ws: Workspace, ref: str, *, format: str = "md", policy: DisclosurePolicy | None = None) -> str:
    """The model card of ``name[:version]`` as Markdown (``md``) or HTML (``html``), made again from the stored
    model in the current language (:mod:`sagsflow.i18n`), its audit tables as ``policy`` releases them (default:
    a role without case access, k = 5); the card stored at training is the fallback."""
    return release_model_card(ws, ref, format=format, policy=policy).text


def release_model_card(ws: Workspace, ref: str, *, format: str = "md", policy: DisclosurePolicy | None = None
                       ) -> CardText:
    """:func:`model_card_text` with the log and the smallest audit group shown (for the server's audit trail).

    The fallback (a model pickled by another version) is the card stored at training; a restricted role gets it
    without its equal-treatment audit, which was cut by an older rule."""
    from sagsflow.disclosure import DisclosurePolicy
    from sagsflow.legal.canvas import data_sources
    from sagsflow.predict.audit import AuditReport
    from sagsflow.predict.card import ModelCard, _md_to_html, without_audit

    policy = policy or DisclosurePolicy()
    name, version = parse_ref(ref)
    _ensure(ws)
    if version is None:
        version = fetch_value(ws.con, "SELECT max(version) FROM sf_models WHERE name = ?", [name])
    row = None if version is None else fetch_one(
        ws.con, "SELECT card_md, card_html, model, audit_json, log_name FROM sf_models WHERE name = ? AND version = ?",
        [name, int(version)])
    if row is None:
        raise NotFoundError(f"no model {ref!r} in this workspace.")
    try:
        model = pickle.loads(row[2])
        audits = [AuditReport.from_dict(a) for a in json.loads(row[3] or "[]")]
        card = ModelCard.from_model(model, name=name, version=int(version), audits=audits, policy=policy,
                                    sources=data_sources(ws, str(model.window_["log"])))
    except Exception:  # a model pickled by another version: the card as it was stored
        if not policy.restricted:
            return CardText(str(row[1] if format == "html" else row[0]), str(row[4]), None)
        md = without_audit(str(row[0]))
        return CardText(_md_to_html(md, title=f"{name} v{version}") if format == "html" else md, str(row[4]), None)
    sizes = [a.fewest_cases for a in card.audits if a.fewest_cases is not None]
    return CardText(card.to_html() if format == "html" else card.to_markdown(), str(row[4]),
                    min(sizes) if sizes else None)


def record_predictions(ws: Workspace, table: pd.DataFrame, *, run_id: str, model: ProcessPredictor,
                       as_of: datetime | None, log_name: str) -> int:
    """Append one row per scored case to ``sf_predictions``; returns the number of rows."""
    _ensure(ws)
    n = len(table)
    rows = pd.DataFrame({
        "run_id": run_id, "model_name": getattr(model, "name_", None),
        "model_version": getattr(model, "version_", None),
        "scored_at": pd.Timestamp.now(tz="UTC"), "as_of": pd.Timestamp(as_of) if as_of is not None else pd.NaT,
        "log_name": log_name, "case_id": table["case_id"].astype(str).to_numpy(),
        "prediction": table["prediction"].astype(str).to_numpy(),
        "low": table["low"].to_numpy() if "low" in table else None,
        "high": table["high"].to_numpy() if "high" in table else None,
        "probability": (table["probability"] if "probability" in table else
                        table["prediction"] if model.target_.task == "binary" else pd.Series([None] * n)).to_numpy(),
        "flag": table["flag"].to_numpy() if "flag" in table else None,
    }, index=range(n))
    ws.con.register("__sf_pred_rows", rows)
    try:
        ws.con.execute("INSERT INTO sf_predictions SELECT run_id, model_name, model_version::INTEGER, scored_at, "
                       "as_of::TIMESTAMPTZ, log_name, case_id, prediction, low::DOUBLE, high::DOUBLE, "
                       "probability::DOUBLE, flag::BOOLEAN FROM __sf_pred_rows")
    finally:
        ws.con.unregister("__sf_pred_rows")
    return n
