"""Compliance rules and their results: rule packs, the workspace's rule sets, evaluations as background jobs,
summaries, rates over time and quotas (aggregates, k-hidden for viewers), cases near their deadline, per-case
results and exports (analysts, audited).

Rule sets live in the workspace's DuckDB database (table ``sf_rulesets``), beside the evaluation results that
:meth:`sagsflow.compliance.ComplianceResult.save` stores there (see docs/server.md, "Compliance").
"""

from __future__ import annotations

import json
import math
import re
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal, TypeVar

import pandas as pd
import pyarrow as pa
from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from sagsflow.api.deps import AnalystData, AuditTrail, Data, Reader, ReaderData, State
from sagsflow.api.problems import ApiProblem, not_found, problem_responses
from sagsflow.api.routes.analysis import Filtered, audit_small, filtered_log
from sagsflow.api.schemas import CaseRulesOut, JobOut, QuotasOut, RatesOut, TableOut
from sagsflow.i18n import _, ngettext, text_of

T = TypeVar("T", bound=TableOut)

router = APIRouter(tags=["compliance"], responses=problem_responses(400, 401, 403, 404, 422, 503))

NAME = r"^[a-z0-9][a-z0-9_]{0,62}$"
_NAME_RE = re.compile(NAME)
_RULESETS_DDL = """CREATE TABLE IF NOT EXISTS sf_rulesets (
    name VARCHAR PRIMARY KEY, yaml VARCHAR NOT NULL, created_at TIMESTAMPTZ NOT NULL, created_by VARCHAR)"""
_WS = "/api/workspaces/{workspace_id}"


# ----------------------------------------------------------------------------- shared helpers
def finite(value: Any) -> Any:
    """``value`` with NaN and infinite floats replaced by None, recursively (JSON has no NaN)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [finite(v) for v in value]
    return value


def frame_dict(df: pd.DataFrame) -> dict[str, Any]:
    """A DataFrame as ``{"columns", "rows"}`` with plain Python values (missing values as None)."""
    df = df.reset_index(drop=True)
    for col in df.columns:
        if isinstance(df[col].dtype, pd.StringDtype):
            df[col] = df[col].astype(object)
    table = pa.Table.from_pandas(df, preserve_index=False)
    return {"columns": [str(c) for c in df.columns], "rows": finite(table.to_pylist())}


def group_size(df: pd.DataFrame) -> pd.DataFrame:
    """Add ``n_cases``: the cases a rule applied to in each row (met + violated + pending)."""
    df = df.copy()
    df["n_cases"] = (df["n_met"] + df["n_violated"] + df["n_pending"]).astype("int64")
    return df


# ----------------------------------------------------------------------------- rules
class RuleOut(BaseModel):
    """One rule: its id, type, names, law reference, validity and whether it rests on an assumption."""

    id: str
    type: str
    title: str
    name_da: str | None
    name_en: str | None
    description: str | None
    law: str | None
    valid_from: date | None
    valid_to: date | None
    validity_date: str
    assumption: bool
    assumption_text: str | None
    quota: bool
    variants: list[str]


class RuleSetOut(BaseModel):
    name: str
    title_da: str | None = None
    title_en: str | None = None
    description: str | None = None
    version: str | None = None
    rules: list[RuleOut]
    yaml: str
    created_at: datetime | None = None
    created_by: str | None = None


def rules_out(rs: Any) -> list[RuleOut]:
    return [RuleOut(id=r.id, type=str(r.type), title=r.title, name_da=r.name.da, name_en=r.name.en,
                    description=text_of(r.description), law=r.law, valid_from=r.valid_from, valid_to=r.valid_to,
                    validity_date=r.validity_date, assumption=r.assumption, assumption_text=text_of(r.assumption_text),
                    quota=any(c.quota is not None for c in r.concrete()),
                    variants=[str(v.get("label", i + 1)) for i, v in enumerate(r.variants)])
            for r in rs]


def ruleset_out(name: str, rs: Any, text: str, created_at: datetime | None = None,
                created_by: str | None = None) -> RuleSetOut:
    return RuleSetOut(name=name, title_da=rs.title.da, title_en=rs.title.en, description=text_of(rs.description),
                      version=rs.version, rules=rules_out(rs), yaml=text, created_at=created_at,
                      created_by=created_by)


class PackSummary(BaseModel):
    name: str
    title_da: str | None
    title_en: str | None
    n_rules: int


@router.get("/api/compliance/packs", operation_id="compliance-packs")
def list_packs(user: Reader) -> list[PackSummary]:
    """The rule packs shipped with Sagsflow (e.g. ``employment-dk``)."""
    from sagsflow.compliance import load_pack, pack_names

    out = []
    for name in pack_names():
        rs = load_pack(name)
        out.append(PackSummary(name=name, title_da=rs.title.da, title_en=rs.title.en, n_rules=len(rs)))
    return out


@router.get("/api/compliance/packs/{pack}", operation_id="compliance-pack")
def get_pack(pack: str, user: Reader) -> RuleSetOut:
    """A rule pack with every rule's Danish and English name, law reference, validity and assumption flag."""
    from sagsflow.compliance import load_pack, pack_names
    from sagsflow.compliance.rules import pack_text

    if pack not in pack_names():
        raise not_found("rule pack")
    return ruleset_out(pack, load_pack(pack), pack_text(pack))


class RuleSetIn(BaseModel):
    name: str = Field(pattern=NAME, description="Name of the rule set in this workspace.")
    yaml: str = Field(min_length=1, max_length=500_000, description="The rules in the YAML rule language "
                                                                     "(docs/compliance.md).")


class RuleTextIn(BaseModel):
    yaml: str = Field(min_length=1, max_length=500_000)


def _parse_rules(text: str) -> Any:
    from sagsflow.compliance import load_rules

    # a trailing newline keeps load_rules from reading a one-line text as a file name on the server
    return load_rules(text if "\n" in text else text + "\n")


def _ensure_rulesets(data: Data) -> None:
    data.ws.con.execute(_RULESETS_DDL)


@router.post(_WS + "/rulesets/validate", operation_id="compliance-ruleset-validate")
def validate_ruleset(body: RuleTextIn, data: AnalystData) -> RuleSetOut:
    """Check rules without storing them: the parsed rules, or 422 naming the rule, field and line at fault."""
    rs = _parse_rules(body.yaml)
    return ruleset_out(rs.name or "(unsaved)", rs, body.yaml)


@router.get(_WS + "/rulesets", operation_id="compliance-rulesets-list")
def list_rulesets(data: ReaderData) -> list[RuleSetOut]:
    """The rule sets stored in this workspace."""
    with data.ws.read():
        _ensure_rulesets(data)
        rows = data.ws.con.execute("SELECT name, yaml, created_at, created_by FROM sf_rulesets ORDER BY name"
                                   ).fetchall()
    return [ruleset_out(n, _parse_rules(y), y, c, b) for n, y, c, b in rows]


def load_ruleset(data: Data, name: str) -> tuple[str, datetime | None, str | None]:
    """(YAML, created_at, created_by) of a stored rule set, or 404."""
    if not _NAME_RE.match(name):
        raise not_found("rule set")
    _ensure_rulesets(data)
    row = data.ws.con.execute("SELECT yaml, created_at, created_by FROM sf_rulesets WHERE name = ?",
                              [name]).fetchall()
    if not row:
        raise not_found("rule set")
    return row[0]


@router.post(_WS + "/rulesets", operation_id="compliance-ruleset-create", status_code=201,
             responses=problem_responses(409))
def create_ruleset(body: RuleSetIn, data: AnalystData, trail: AuditTrail) -> RuleSetOut:
    """Store a rule set after validating it (422 with the rule language's message when it is invalid)."""
    rs = _parse_rules(body.yaml)
    with data.ws.read():
        _ensure_rulesets(data)
        if data.ws.con.execute("SELECT count(*) FROM sf_rulesets WHERE name = ?", [body.name]).fetchall()[0][0]:
            raise ApiProblem(409, f"a rule set named {body.name!r} already exists in this workspace.",
                             field="name", hint="Choose another name, or delete the old rule set first.")
        data.ws.con.execute("INSERT INTO sf_rulesets VALUES (?, ?, now(), ?)",
                            [body.name, body.yaml, data.user.username])
        _, created_at, created_by = load_ruleset(data, body.name)
    trail.log("ruleset.create", "ruleset", f"{data.record.id}/{body.name}", n_rules=len(rs),
              rules=[r.id for r in rs])
    return ruleset_out(body.name, rs, body.yaml, created_at, created_by)


@router.get(_WS + "/rulesets/{name}", operation_id="compliance-ruleset-get")
def get_ruleset(name: str, data: ReaderData) -> RuleSetOut:
    """One stored rule set with its rules."""
    with data.ws.read():
        text, created_at, created_by = load_ruleset(data, name)
    return ruleset_out(name, _parse_rules(text), text, created_at, created_by)


@router.delete(_WS + "/rulesets/{name}", operation_id="compliance-ruleset-delete", status_code=204)
def delete_ruleset(name: str, data: AnalystData, trail: AuditTrail) -> Response:
    """Delete a stored rule set (stored evaluation results keep their own copy of the rules)."""
    with data.ws.read():
        load_ruleset(data, name)
        data.ws.con.execute("DELETE FROM sf_rulesets WHERE name = ?", [name])
    trail.log("ruleset.delete", "ruleset", f"{data.record.id}/{name}")
    return Response(status_code=204)


# ----------------------------------------------------------------------------- evaluation
class EvaluateRequest(Filtered):
    pack: str | None = Field(default=None, max_length=100, description="A shipped rule pack, e.g. employment-dk.")
    ruleset: str | None = Field(default=None, pattern=NAME, description="A rule set stored in this workspace.")
    rules: list[str] | None = Field(default=None, max_length=500, description="Only these rule ids.")
    as_of: date | None = Field(default=None, description="Evaluation date; default: the log's last day.")
    name: str | None = Field(default=None, pattern=NAME, description="Name of the stored result (replaces one "
                                                                    "of that name); default <log>_<rules>.")


@router.post(_WS + "/logs/{log}/compliance", operation_id="compliance-evaluate", status_code=202)
def start_evaluation(log: str, body: EvaluateRequest, data: AnalystData, state: State,
                     trail: AuditTrail) -> JobOut:
    """Evaluate a rule pack or a stored rule set on the (filtered) log as a background job; poll
    ``/api/jobs/{id}``. The result is stored in the workspace under ``name``."""
    from sagsflow.compliance import load_pack, pack_names

    if (body.pack is None) == (body.ruleset is None):
        raise ApiProblem(422, "give either 'pack' or 'ruleset' (one of them).", field="pack",
                         hint=f"Packs: {', '.join(pack_names())}; or a rule set stored under /rulesets.")
    with data.ws.read():
        flog = filtered_log(data, log, body.filter)  # checks the log and the filter before the job starts
        audit_small(trail, data, log, "compliance", flog.n_cases, body.filter)
        if body.pack is not None:
            if body.pack not in pack_names():
                raise ApiProblem(422, f"no rule pack named {body.pack!r}.", field="pack",
                                 hint=f"Packs: {', '.join(pack_names())}")
            rs = load_pack(body.pack)
        else:
            rs = _parse_rules(load_ruleset(data, str(body.ruleset))[0])
    if body.rules:
        rs = rs.select(body.rules)
    source = body.pack or str(body.ruleset)
    name = body.name or re.sub(r"[^a-z0-9_]", "_", f"{log}_{source}".lower())[:63]
    root = data.ws.root
    spec, as_of = body.filter, body.as_of

    def run(progress: Any) -> dict[str, Any]:
        from sagsflow.compliance import evaluate

        view = root.reader()
        try:
            progress(0.05, ngettext("evaluating {n} rule on {log}", "evaluating {n} rules on {log}", len(rs), log=log))
            flog = view.log(log)
            if spec:
                flog = flog.filter(spec)
            res = evaluate(flog, rs, as_of=as_of)
            progress(0.8, _("saving the result"))
            res.save(view, name)
            counts = res.cases["status"].value_counts().to_dict()
            return {"name": name, "log": log, "rules": source, "as_of": res.as_of.isoformat(),
                    "n_rows": res.table.num_rows, "statuses": {str(k): int(v) for k, v in counts.items()},
                    "warnings": res.warnings[:50], "quarantine": flog.quarantine()}
        finally:
            view.close()

    job_id = state.runner.submit("compliance", run, workspace_id=data.record.id, owner_id=data.user.id,
                                 message=_("compliance {source} on {log}", source=source, log=log))
    trail.log("compliance.start", "log", f"{data.record.id}/{log}", job_id=job_id, rules=source, name=name,
              as_of=as_of.isoformat() if as_of else None, filter=spec)
    return JobOut.model_validate(state.runner.get(job_id))


class ResultInfo(BaseModel):
    name: str
    log: str | None
    as_of: date | None
    created_at: datetime | None
    n_rows: int | None
    rules: list[RuleOut]
    attributes: list[str]
    warnings: list[str]


def _result(data: Data, name: str) -> Any:
    from sagsflow.compliance import ComplianceResult
    from sagsflow.errors import NotFoundError

    if not _NAME_RE.match(name):
        raise not_found("compliance result")
    try:
        return ComplianceResult.load(data.ws, name)
    except NotFoundError:
        raise not_found("compliance result") from None


@router.get(_WS + "/compliance", operation_id="compliance-results")
def list_results(data: ReaderData) -> list[ResultInfo]:
    """Evaluation results stored in this workspace, newest first."""
    with data.ws.read():
        con = data.ws.con
        exists = con.execute("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' AND "
                             "table_name = 'sf_compliance'").fetchall()[0][0]
        if not exists:
            return []
        rows = con.execute("SELECT name, log_name, as_of, created_at, n_rows, rules_yaml, warnings_json "
                           "FROM sf_compliance ORDER BY created_at DESC").fetchall()
        out = []
        for name, log_name, as_of, created_at, n_rows, rules_yaml, warnings in rows:
            # the case attributes from the stored cases table's columns, without reading its rows
            cols = [r[0] for r in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'compliance' AND table_name = ? "
                "ORDER BY column_index", [f"{name}_cases"]).fetchall()]
            out.append(ResultInfo(name=name, log=log_name, as_of=as_of, created_at=created_at, n_rows=n_rows,
                                  rules=rules_out(_parse_rules(rules_yaml)),
                                  attributes=[c for c in cols if c not in ("case_idx", "case_id", "start_time")],
                                  warnings=json.loads(warnings or "[]")))
    return out


def _by(by: str | None) -> list[str] | None:
    """The attributes of ``by=a,b`` once each, in order (``by=kommune,kommune`` is ``by=kommune``)."""
    return list(dict.fromkeys(b.strip() for b in by.split(",") if b.strip())) or None if by else None


def _release(df: pd.DataFrame, data: Data, res: Any, name: str, answer: str, trail: AuditTrail,
             by: list[str] | None = None, out: type[T] = TableOut) -> T:  # type: ignore[assignment]
    """A compliance table as the user's policy releases it: rows partition each rule's cases, so rows of 1 to
    k-1 cases are hidden with secondary suppression within the rule; a viewer may group by published attributes
    only. An analyst's answer about a result of 1 to k-1 cases is audited."""
    from sagsflow.disclosure.release import release_table

    n = int(res.cases_table.num_rows)
    if data.sees_cases:
        audit_small(trail, data, str(res.log_name), answer, n, result=name, by=by)
    elif by:
        from sagsflow.errors import DisclosureError, NotFoundError

        try:
            groups = data.groups(data.ws.log(str(res.log_name)))
        except NotFoundError:
            raise DisclosureError(_("the result's log is gone, so viewers cannot group it by attributes."),
                                  field="by") from None
        groups.check_grouping(by)
    return out.of(release_table(frame_dict(df), data.policy,
                                partition=("rule_id",) if "rule_id" in df.columns else None))


@router.get(_WS + "/compliance/{name}/summary", operation_id="compliance-summary")
def summary(name: str, data: ReaderData, trail: AuditTrail,
            by: str | None = Query(default=None, max_length=500, description="Case attribute(s), comma-separated."),
            ) -> RatesOut:
    """Compliance rate (met / (met + violated)) and counts per rule, optionally per case attribute. For
    viewers, groups of fewer than k cases are left out (and the smallest others, when the left-out ones would
    be fewer than k together); they may group by published case attributes only."""
    keys = _by(by)
    with data.ws.read():
        res = _result(data, name)
        df = group_size(res.summary(by=keys))
        return _release(df, data, res, name, "compliance_summary", trail, keys, out=RatesOut)


@router.get(_WS + "/compliance/{name}/rates", operation_id="compliance-rates")
def rates(name: str, data: ReaderData, trail: AuditTrail,
          freq: Literal["day", "week", "month", "quarter", "year"] = "month",
          by: str | None = Query(default=None, max_length=500, description="Case attribute(s), comma-separated."),
          ) -> RatesOut:
    """Compliance rate per rule and period of the trigger date (Europe/Copenhagen)."""
    keys = _by(by)
    with data.ws.read():
        res = _result(data, name)
        df = group_size(res.rates_over_time(freq, by=keys))
        return _release(df, data, res, name, "compliance_rates", trail, keys, out=RatesOut)


@router.get(_WS + "/compliance/{name}/quotas", operation_id="compliance-quotas")
def quotas(name: str, data: ReaderData, trail: AuditTrail) -> QuotasOut:
    """Cohort quota results: per quota rule and cohort the share that met the rule, the target and status."""
    with data.ws.read():
        res = _result(data, name)
        return _release(res.quotas(), data, res, name, "compliance_quotas", trail, out=QuotasOut)


@router.get(_WS + "/compliance/{name}/approaching", operation_id="compliance-approaching")
def approaching(name: str, data: AnalystData, trail: AuditTrail, state: State,
                days: int = Query(default=14, ge=0, le=3650)) -> CaseRulesOut:
    """Open cases whose deadline is at most ``days`` away, most urgent first (analysts; audited)."""
    with data.ws.read():
        res = _result(data, name)
        df = res.approaching(days)
    n_total = len(df)
    df = df.head(state.settings.max_result_rows)
    trail.log("compliance.approaching", "compliance", f"{data.record.id}/{name}", days=days, n_cases=len(df))
    return CaseRulesOut.of(frame_dict(df), n_total=n_total)


@router.get(_WS + "/compliance/{name}/cases", operation_id="compliance-cases")
def case_results(name: str, data: AnalystData, trail: AuditTrail, state: State,
                 rule: str | None = Query(default=None, max_length=200),
                 status: Literal["met", "violated", "pending", "not_applicable"] | None = None,
                 offset: int = Query(default=0, ge=0, le=2**31 - 1),
                 limit: int = Query(default=100, ge=1, le=100_000)) -> CaseRulesOut:
    """Per case and rule: status, reason, trigger, deadline, fulfilment, days left and evidence (analysts;
    audited)."""
    limit = min(limit, state.settings.max_result_rows)
    with data.ws.read():
        res = _result(data, name)
        df = res.cases
    if rule is not None:
        df = df[df["rule_id"] == rule]
    if status is not None:
        df = df[df["status"] == status]
    n_total = len(df)
    df = df.iloc[offset: offset + limit]
    trail.log("compliance.cases", "compliance", f"{data.record.id}/{name}", rule=rule, status=status,
              offset=offset, n_rows=len(df))
    return CaseRulesOut.of(frame_dict(df), n_total=n_total, offset=offset, limit=limit)


_FILE: dict[int | str, dict[str, Any]] = {200: {"content": {"text/csv": {"schema": {"type": "string"}},
                           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
                               {"schema": {"type": "string", "format": "binary"}}},
               "description": "The table as CSV or Excel (formula-safe)."}}


@router.get(_WS + "/compliance/{name}/export", operation_id="compliance-export", response_class=Response,
            responses=_FILE)
def export(name: str, data: AnalystData, trail: AuditTrail,
           table: Literal["cases", "summary", "quotas", "approaching"] = "cases",
           format: Literal["csv", "xlsx"] = "csv") -> Response:
    """Download a result table as CSV or Excel, safe against formula injection (analysts; audited)."""
    with data.ws.read():
        res = _result(data, name)
        with tempfile.TemporaryDirectory(prefix="sagsflow-compliance-") as tmp:
            path = Path(tmp) / f"{name}_{table}.{format}"
            if format == "csv":
                res.to_csv(path, table=table)
            else:
                res.to_excel(path, table=table)
            content = path.read_bytes()
    trail.log("compliance.export", "compliance", f"{data.record.id}/{name}", table=table, format=format)
    media = "text/csv; charset=utf-8" if format == "csv" else \
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(content, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{name}_{table}.{format}"'})
