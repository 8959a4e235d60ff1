"""ComplianceResult: per case and rule statuses, with summaries, rates over time, quotas and exports."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd
import pyarrow as pa

from sagsflow.compliance.rules import RuleSet, load_rules
from sagsflow.errors import InvalidParameterError, NotFoundError
from sagsflow.i18n import _, get_language

if TYPE_CHECKING:
    from sagsflow.store.workspace import Workspace

STATUSES = ("met", "violated", "pending", "not_applicable")
_FREQ = {"day": "D", "week": "W", "month": "M", "quarter": "Q", "year": "Y"}
_TZ = "Europe/Copenhagen"
_META = """CREATE TABLE IF NOT EXISTS sf_compliance (
    name VARCHAR PRIMARY KEY, log_name VARCHAR, as_of DATE, created_at TIMESTAMPTZ, rules_yaml VARCHAR,
    warnings_json VARCHAR, n_rows BIGINT)"""
_NAME = re.compile(r"^[a-z0-9][a-z0-9_]*$")
Table = Literal["cases", "summary", "quotas", "approaching"]


@dataclass
class ComplianceResult:
    """The outcome of :func:`sagsflow.compliance.evaluate`.

    Attributes
    ----------
    table : pyarrow.Table
        One row per case and rule (``case_idx``, ``rule_id``, status columns).
    cases_table : pyarrow.Table
        ``case_idx``, ``case_id`` and the case attributes used for grouping.
    rules : RuleSet
        The rules evaluated.
    as_of : date
        The evaluation date.
    warnings : list of str
        E.g. activities a rule names that do not occur in the log.
    timings : dict
        Seconds per rule (and ``(setup)``).
    """

    table: pa.Table
    cases_table: pa.Table
    rules: RuleSet
    as_of: date
    log_name: str | None = None
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    def __repr__(self) -> str:
        return (f"ComplianceResult(log={self.log_name!r}, as_of={self.as_of}, rules={len(self.rules)}, "
                f"rows={self.table.num_rows:,})")

    # ----------------------------------------------------------------- tables
    @property
    def attributes(self) -> list[str]:
        """The case attributes carried in :attr:`cases` (for ``by=``)."""
        return [c for c in self.cases_table.column_names if c not in ("case_idx", "case_id", "start_time")]

    @cached_property
    def cases(self) -> pd.DataFrame:
        """One row per (case, rule): ``case_id, rule_id, variant, status, reason, trigger_time, deadline,
        fulfilled_time, days_left, stopped_days, evidence, exempt`` and the case attributes."""
        left = self.table.to_pandas(types_mapper=_types)
        right = self.cases_table.to_pandas(types_mapper=_types)
        df = left.merge(right, on="case_idx", how="left", sort=False)
        cols = ["case_id", "rule_id", "variant", "status", "reason", "trigger_time", "deadline",
                "fulfilled_time", "days_left", "stopped_days", "evidence", "exempt", *self.attributes]
        for col in ("days_left", "stopped_days"):
            df[col] = df[col].astype("Int64")
        df = df.sort_values(["rule_id", "case_idx"], kind="stable")
        if get_language() != "en":  # the reasons in the reader's language (sagsflow.i18n)
            words = {r: _(r) for r in df["reason"].dropna().unique()}
            df["reason"] = df["reason"].replace(words)
        return df[cols].reset_index(drop=True)

    def _frame(self, columns: list[str], attributes: list[str]) -> pd.DataFrame:
        """Some result columns with some case attributes, without building :attr:`cases` (no evidence lists)."""
        left = self.table.select(["case_idx", *columns]).to_pandas(types_mapper=_types)
        if not attributes:
            return left
        right = self.cases_table.select(["case_idx", *attributes]).to_pandas(types_mapper=_types)
        return left.merge(right, on="case_idx", how="left", sort=False)

    def _check_by(self, by: str | list[str] | None) -> list[str]:
        keys = [by] if isinstance(by, str) else list(by or [])
        bad = [k for k in keys if k not in self.attributes]
        if bad:
            raise InvalidParameterError(f"cannot group by {bad[0]!r}: not a case attribute of the result.",
                                        hint=f"Attributes: {', '.join(self.attributes) or '(none)'}", field="by")
        return keys

    def summary(self, by: str | list[str] | None = None) -> pd.DataFrame:
        """Compliance rate per rule (met / (met + violated)) and counts by status, optionally per attribute.

        Examples
        --------
        >>> import sagsflow, tempfile, pathlib
        >>> from sagsflow.compliance import evaluate, load_rules
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "s.csv"
        >>> _ = p.write_text("case,activity,time\\n1,A,2024-01-01\\n1,B,2024-01-03\\n2,A,2024-01-01\\n")
        >>> rules = load_rules("rules:\\n- {id: R, type: response, trigger: A, target: B, within: 7 days}")
        >>> res = evaluate(sagsflow.read_csv(p), rules, as_of="2024-02-01")
        >>> res.summary()[["rule_id", "rate", "n_met", "n_violated"]].values.tolist()
        [['R', 0.5, 1, 1]]
        """
        keys = ["rule_id", *self._check_by(by)]
        df = self._frame(["rule_id", "status"], keys[1:])
        out = _counts(df, keys)
        names = {r.id: r.title for r in self.rules}
        out.insert(1, "rule", out["rule_id"].map(names))
        return out

    def rates_over_time(self, freq: str = "month", by: str | list[str] | None = None) -> pd.DataFrame:
        """Compliance rate per rule and period of the trigger date (local time), optionally per attribute."""
        if freq not in _FREQ:
            raise InvalidParameterError(f"freq must be one of {', '.join(_FREQ)}. Got {freq!r} instead.",
                                        field="freq")
        keys = self._check_by(by)
        df = self._frame(["rule_id", "status", "trigger_time"], keys)
        df = df[df["trigger_time"].notna()].copy()
        local = pd.to_datetime(df["trigger_time"], utc=True).dt.tz_convert(_TZ).dt.tz_localize(None)
        df["period"] = local.dt.to_period(_FREQ[freq]).dt.start_time.dt.date
        return _counts(df, ["rule_id", "period", *keys])

    def approaching(self, days: int = 14) -> pd.DataFrame:
        """Open (pending) cases whose deadline is at most ``days`` away, most urgent first."""
        import pyarrow.compute as pc

        t = self.table
        near = t.filter(pc.and_(pc.equal(t["status"], "pending"), pc.less_equal(t["days_left"], days)))
        part = ComplianceResult(table=near, cases_table=self.cases_table, rules=self.rules, as_of=self.as_of)
        df = part.cases
        return df.sort_values(["days_left", "deadline", "rule_id", "case_id"], kind="stable").reset_index(drop=True)

    def quotas(self) -> pd.DataFrame:
        """Cohort quota results: per quota rule and cohort, the share that met the rule and the target.

        Exempted cases count as the rule says (``excluded`` from the cohort, ``met`` or ``violated``),
        up to ``max_share`` of the cohort; beyond it they count by their own status. ``status`` is
        ``met``/``violated`` when the pending cases cannot change the outcome, else ``pending``.
        """
        rows = []
        cols = ["rule_id", "cohort", "n_cases", "n_met", "n_violated", "n_pending", "n_exempt", "share", "target",
                "status"]
        for rule in self.rules:
            for r in rule.concrete():
                if r.quota is None:
                    continue
                rows.append(self._quota(rule.id, r))
        if not rows:
            return pd.DataFrame(columns=cols)
        out = pd.concat(rows, ignore_index=True)
        return out[cols].sort_values(["rule_id", "cohort"], kind="stable").reset_index(drop=True)

    def _quota(self, rule_id: str, r: Any) -> pd.DataFrame:
        q = r.quota
        df = self.cases
        df = df[(df["rule_id"] == rule_id) & (df["status"] != "not_applicable")].copy()
        if r.variant is not None:
            df = df[df["variant"] == r.variant]
        when = df["trigger_time"]
        if q.cohort_date == "case_start":
            starts = self.cases_table.select(["case_id", "start_time"]).to_pandas(types_mapper=_types)
            when = df[["case_id"]].merge(starts, on="case_id", how="left")["start_time"].to_numpy()
            when = pd.Series(when, index=df.index)
        local = pd.to_datetime(when, utc=True).dt.tz_convert(_TZ).dt.tz_localize(None)
        df["cohort"] = local.dt.to_period(_FREQ[q.cohort]).astype(str)
        ex = q.exemption
        exempt = df["exempt"].fillna(False).astype(bool) if ex is not None else pd.Series(False, index=df.index)
        if ex is not None and ex.max_share is not None:
            size = df.groupby("cohort")["case_id"].transform("size")
            rank = exempt.astype(int).groupby(df["cohort"]).cumsum()
            exempt &= rank <= np.floor(ex.max_share * size)
        count_as = ex.count_as if ex is not None else "excluded"
        st = df["status"].where(~exempt, {"excluded": "excluded", "met": "met", "violated": "violated"}[count_as])
        # counts from integer indicator columns: aggregating the status strings themselves lets pandas 3 cast
        # the counts back to the string dtype
        st = st.astype(object)
        g = pd.DataFrame({"cohort": df["cohort"], "one": 1, "met": (st == "met").astype("int64"),
                          "violated": (st == "violated").astype("int64"),
                          "pending": (st == "pending").astype("int64"), "exempt": exempt.astype("int64")})
        agg = g.groupby("cohort").agg(
            n_cases=("one", "sum"), n_met=("met", "sum"), n_violated=("violated", "sum"),
            n_pending=("pending", "sum"), n_exempt=("exempt", "sum"),
        ).reset_index()
        denom = agg["n_met"] + agg["n_violated"] + agg["n_pending"]
        agg["share"] = np.where(denom > 0, agg["n_met"] / denom.where(denom > 0, 1), np.nan)
        best = (agg["n_met"] + agg["n_pending"]) / denom.where(denom > 0, 1)
        worst = agg["n_met"] / denom.where(denom > 0, 1)
        agg["target"] = q.target
        agg["status"] = np.where(worst >= q.target, "met", np.where(best < q.target, "violated", "pending"))
        agg.insert(0, "rule_id", rule_id)
        agg["n_exempt"] = agg["n_exempt"].astype(int)
        return agg

    # ----------------------------------------------------------------- exports
    def _export_frame(self, table: Table) -> pd.DataFrame:
        if table == "cases":
            df = self.cases.copy()
            df["evidence"] = df["evidence"].map(lambda v: " ".join(map(str, v)) if v is not None else "")
            return df
        if table == "summary":
            return self.summary()
        if table == "quotas":
            return self.quotas()
        if table == "approaching":
            df = self.approaching()
            df["evidence"] = df["evidence"].map(lambda v: " ".join(map(str, v)) if v is not None else "")
            return df
        raise InvalidParameterError(f"table must be one of cases, summary, quotas, approaching. Got {table!r}.",
                                    field="table")

    def to_csv(self, path: str | Path, *, table: Table = "cases", delimiter: str = ",") -> Path:
        """Write a result table to CSV, safe against formula injection (``sagsflow.ingest.export``)."""
        from sagsflow.ingest.export import write_csv

        return write_csv(self._export_frame(table), path, delimiter=delimiter)

    def to_excel(self, path: str | Path, *, table: Table = "cases") -> Path:
        """Write a result table to .xlsx, safe against formula injection."""
        from sagsflow.ingest.export import write_excel

        return write_excel(self._export_frame(table), path, sheet_name=table)

    # ----------------------------------------------------------------- storage
    def save(self, workspace: Workspace, name: str) -> None:
        """Store the result in the workspace (schema ``compliance``) under ``name``; replaces one of that name."""
        if not _NAME.match(name):
            raise InvalidParameterError(f"a result name must match [a-z0-9][a-z0-9_]*. Got {name!r} instead.",
                                        field="name")
        con = workspace.con
        with workspace.transaction():
            con.execute(_META)
            con.execute("CREATE SCHEMA IF NOT EXISTS compliance")
            tag = f"__cmp_save_{name}"
            for suffix, tab in (("rows", self.table), ("cases", self.cases_table)):
                con.register(tag, tab)
                con.execute(f"CREATE OR REPLACE TABLE compliance.{name}_{suffix} AS SELECT * FROM {tag}")
                con.unregister(tag)
            con.execute("DELETE FROM sf_compliance WHERE name = ?", [name])
            con.execute("INSERT INTO sf_compliance VALUES (?, ?, ?, now(), ?, ?, ?)",
                        [name, self.log_name, self.as_of, self.rules.to_yaml(), json.dumps(self.warnings),
                         self.table.num_rows])

    @classmethod
    def load(cls, workspace: Workspace, name: str) -> ComplianceResult:
        """A result stored with :meth:`save`."""
        con = workspace.con
        exists = con.execute("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' AND "
                             "table_name = 'sf_compliance'").fetchall()[0][0]
        row = [] if not exists else con.execute(
            "SELECT log_name, as_of, rules_yaml, warnings_json FROM sf_compliance WHERE name = ?", [name]).fetchall()
        if not row:
            names = [r[0] for r in con.execute("SELECT name FROM sf_compliance ORDER BY name").fetchall()] \
                if exists else []
            raise NotFoundError(f"no stored compliance result named {name!r}.",
                                hint=f"Stored results: {', '.join(names) or '(none)'}", field="name")
        log_name, as_of, yaml_text, warnings = row[0]
        rows = con.sql(f"SELECT * FROM compliance.{name}_rows").to_arrow_table()
        cases = con.sql(f"SELECT * FROM compliance.{name}_cases").to_arrow_table()
        return cls(table=rows, cases_table=cases, rules=load_rules(yaml_text), as_of=as_of, log_name=log_name,
                   warnings=json.loads(warnings))


def _types(t: pa.DataType) -> Any:
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return pd.StringDtype()
    return None


def _counts(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Counts by status and the compliance rate for the groups ``keys``."""
    if df.empty:
        return pd.DataFrame(columns=[*keys, "rate", "n_met", "n_violated", "n_pending", "n_not_applicable"])
    dummies = pd.get_dummies(pd.Categorical(df["status"], categories=list(STATUSES))).astype("int64")
    dummies.columns = [f"n_{s}" for s in STATUSES]
    frame = pd.concat([df[keys].reset_index(drop=True), dummies.reset_index(drop=True)], axis=1)
    out = frame.groupby(keys, dropna=False, sort=True, observed=True).sum().reset_index()
    judged = out["n_met"] + out["n_violated"]
    out.insert(len(keys), "rate", np.where(judged > 0, out["n_met"] / judged.where(judged > 0, 1), np.nan))
    return out
