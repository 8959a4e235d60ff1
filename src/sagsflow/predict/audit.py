"""Equal-treatment audit: does the model err, flag or serve groups of citizens differently?

The audited attribute (age band, gender ...) is *not* a feature; it is read from the log only to
group the test predictions. Per group: the prediction error, the rate of high-risk flags, the
actual waiting time (case duration) and the actual outcome, each with a 95 % confidence interval;
then the differences between groups: demographic parity (largest difference in flag rates) and
equal opportunity (largest difference in flag rates among the cases that really were long or
really had the outcome).

:func:`audit` keeps every group (the view of a role with case access); :meth:`AuditReport.released` is the table as
a :class:`~sagsflow.disclosure.DisclosurePolicy` releases it, through
:func:`sagsflow.disclosure.release.release_table` (the one home of the small-group rule): for a restricted role,
groups of 1 to k-1 cases are hidden, and (the groups partition the test cases, whose number the model card shows)
further groups until the hidden ones hold at least k cases together, so that no hidden group's size, error or
duration can be worked out from the totals.

Confidence intervals treat the case as the unit: each case's prefixes are averaged first, so a
long case does not count as many independent observations.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from sagsflow.errors import InvalidParameterError, SchemaError
from sagsflow.i18n import N_, _
from sagsflow.store.layout import qident

if TYPE_CHECKING:
    from sagsflow.disclosure import DisclosurePolicy
    from sagsflow.log import EventLog
    from sagsflow.predict.model import ProcessPredictor

_Z = 1.959964


@dataclass
class AuditReport:
    """Per-group table, the differences, and how many groups were hidden.

    ``k`` is None and ``hidden_groups`` 0 for the full table of :func:`audit`; :meth:`released` sets the k of the
    policy it released the table for. ``n_cases`` is the number of audited test cases (all groups together);
    ``case_access`` says whether the table was released to a role with case access (every group shown).
    """

    attribute: str
    metric: str
    groups: pd.DataFrame
    demographic_parity: float | None
    equal_opportunity: float | None
    hidden_groups: int
    k: int | None
    is_feature: bool
    n_cases: int | None = None
    case_access: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"attribute": self.attribute, "metric": self.metric, "groups": self.groups.to_dict(orient="records"),
                "demographic_parity": self.demographic_parity, "equal_opportunity": self.equal_opportunity,
                "hidden_groups": self.hidden_groups, "k": self.k, "is_feature": self.is_feature,
                "n_cases": self.n_cases}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> AuditReport:
        """A stored report; one stored before the full table was kept (no ``n_cases``) was cut at its ``k``."""
        return cls(d["attribute"], d["metric"], pd.DataFrame(d["groups"]), d["demographic_parity"],
                   d["equal_opportunity"], d["hidden_groups"], d["k"], d["is_feature"], d.get("n_cases"))

    def released(self, policy: DisclosurePolicy) -> AuditReport:
        """The report as ``policy`` releases it (:func:`sagsflow.disclosure.release.release_table` with secondary
        suppression over the audited test cases); the differences are worked out over the groups shown.

        A role with case access gets every group (``case_access``); an answer about 1 to k-1 cases is then a
        case-level read, see :attr:`fewest_cases`. A report stored before the full table was kept, with groups
        already left out, is released to a restricted role only when none was left out (the cases of the left-out
        groups are not known, so secondary suppression could not be checked).

        Examples
        --------
        >>> from sagsflow.disclosure import DisclosurePolicy
        >>> t = pd.DataFrame({"group": ["a", "b", "c"], "n_cases": [9, 6, 2], "flag_rate": [.1, .2, .9],
        ...                   "tpr": [.1, .2, .9]})
        >>> r = AuditReport("alder", "Brier", t, None, None, 0, None, False, n_cases=17)
        >>> out = r.released(DisclosurePolicy.for_role("viewer", min_group_size=5))
        >>> list(out.groups["group"]), out.hidden_groups, out.k    # c (2) alone would be 17 - 9 - 6: b goes too
        (['a'], 2, 5)
        """
        from sagsflow.disclosure.release import release_table

        k = policy.min_group_size
        rows = self.groups.to_dict(orient="records")
        if not policy.restricted:
            return replace(self, k=k, case_access=True)
        if self.n_cases is None and self.hidden_groups:  # stored cut at its own k: the hidden cases are unknown
            rows, hidden = [], self.hidden_groups + len(rows)
        else:
            out = release_table({"columns": list(self.groups.columns), "rows": rows}, policy, partition=(),
                                total=self.n_cases)
            rows, hidden = out["rows"], self.hidden_groups + out["n_hidden"]
        table = pd.DataFrame(rows, columns=self.groups.columns)
        dp, eo = _differences(table)
        return replace(self, groups=table, demographic_parity=dp, equal_opportunity=eo, hidden_groups=hidden, k=k,
                       case_access=False)

    @property
    def fewest_cases(self) -> int | None:
        """The cases of the smallest group shown (None: no group shown)."""
        return int(self.groups["n_cases"].min()) if len(self.groups) else None

    def to_markdown(self) -> str:
        def ci(m: float, lo: float, hi: float) -> str:
            return "–" if pd.isna(m) else f"{m:.3f} [{lo:.3f}, {hi:.3f}]"

        feature = _("a model feature!") if self.is_feature else _("not a feature")
        if self.case_access:
            head = _("Attribute **{attribute}** ({feature}); every group shown, to a role with case access (groups "
                     "of fewer than k = {k} cases are case-level data).", attribute=self.attribute, feature=feature,
                     k=self.k)
        else:
            head = _("Attribute **{attribute}** ({feature}); k = {k}: groups hidden (fewer than k cases, or needed "
                     "to keep those from being worked out from the totals): {hidden}.", attribute=self.attribute,
                     feature=feature, k=self.k, hidden=self.hidden_groups)
        lines = [head, "",
                 "| " + " | ".join([_("group"), _("cases"), _(self.metric), _("high-risk flag rate"),
                                    _("actual case duration (days)"), _("actual outcome rate")]) + " |",
                 "|---|---:|---:|---:|---:|---:|"]
        for r in self.groups.itertuples(index=False):
            lines.append(f"| {r.group} | {r.n_cases} | {ci(r.error, r.error_low, r.error_high)} | "
                         f"{ci(r.flag_rate, r.flag_low, r.flag_high)} | "
                         f"{ci(r.duration, r.duration_low, r.duration_high)} | "
                         f"{ci(r.outcome_rate, r.outcome_low, r.outcome_high)} |")
        dp = "–" if self.demographic_parity is None else f"{self.demographic_parity:.3f}"
        eo = "–" if self.equal_opportunity is None else f"{self.equal_opportunity:.3f}"
        lines += ["", _("Demographic parity difference (largest gap in flag rates): {dp}. Equal opportunity "
                        "difference (largest gap in flag rates among actual positives): {eo}.", dp=dp, eo=eo)]
        return "\n".join(lines)


def _mean_ci(values: np.ndarray) -> tuple[float, float, float]:
    v = values[~np.isnan(values)]
    if len(v) == 0:
        return float("nan"), float("nan"), float("nan")
    m = float(v.mean())
    se = float(v.std(ddof=1) / np.sqrt(len(v))) if len(v) > 1 else 0.0
    return m, m - _Z * se, m + _Z * se


def _differences(table: pd.DataFrame) -> tuple[float | None, float | None]:
    """Demographic parity and equal opportunity differences over the groups of ``table``."""
    dp = eo = None
    if len(table) >= 2 and table["flag_rate"].notna().any():
        dp = float(table["flag_rate"].max() - table["flag_rate"].min())
        if table["tpr"].notna().sum() >= 2:
            eo = float(table["tpr"].max() - table["tpr"].min())
    return dp, eo


def audit(model: ProcessPredictor, log: EventLog, attribute: str) -> AuditReport:
    """Audit ``model``'s test predictions for the groups of ``attribute`` (a case attribute of ``log``).

    ``log`` must be the log the model was fitted on (test cases are found by ``case_idx``). The report holds
    every group, small ones too (the view of a role with case access); :meth:`AuditReport.released` gives what a
    :class:`~sagsflow.disclosure.DisclosurePolicy` lets through.

    Raises
    ------
    SchemaError
        The log has no such case attribute.
    """
    if not hasattr(model, "test_predictions_"):
        raise InvalidParameterError("audit needs a fitted model: call fit(log) first.")
    col = log.schema.attribute(attribute)
    if col is None or col.level != "case":
        raise SchemaError(f"the audit attribute {attribute!r} is not a case attribute of the log {log.name!r}.",
                          hint="Case attributes: " + ", ".join(c.name for c in log.schema.case_attributes),
                          field=attribute)
    groups = log.workspace.con.sql(
        f"SELECT case_idx, coalesce({qident(attribute)}::VARCHAR, '(missing)') AS grp FROM ({log.cases_sql()})"
    ).to_arrow_table().to_pandas()
    tp = model.test_predictions_.merge(groups, on="case_idx", how="left")
    tp["grp"] = tp["grp"].fillna("(missing)")
    task = model.target_.task
    if task == "regression":
        tp["err"], metric = (tp["pred"] - tp["y"]).abs(), N_("MAE (days)")
        tp["outcome"] = tp["actual_flag"].astype(float)
    elif task == "binary":
        tp["err"], metric = (tp["p"] - tp["y"]) ** 2, "Brier"
        tp["outcome"] = tp["y"].astype(float)
    else:
        tp["err"], metric = (tp["pred"] != tp["y"]).astype(float), N_("error rate")
        tp["outcome"] = np.nan
    tp["flag_f"] = tp["flag"].astype(float) if "flag" in tp else np.nan
    tp["pos"] = tp["actual_flag"].astype(bool) if "actual_flag" in tp else False
    per_case = tp.groupby(["grp", "case_idx"]).agg(
        err=("err", "mean"), flag=("flag_f", "mean"), duration=("case_days", "first"), outcome=("outcome", "max"),
        tpr=("flag_f", lambda s: s[tp.loc[s.index, "pos"]].mean() if tp.loc[s.index, "pos"].any() else np.nan),
    ).reset_index()
    rows = []
    for g, d in per_case.groupby("grp"):
        e, f, du, o = (_mean_ci(d[c].to_numpy(dtype=float)) for c in ("err", "flag", "duration", "outcome"))
        tpr = _mean_ci(d["tpr"].to_numpy(dtype=float))
        rows.append({"group": g, "n_cases": len(d), "error": e[0], "error_low": e[1], "error_high": e[2],
                     "flag_rate": f[0], "flag_low": f[1], "flag_high": f[2],
                     "duration": du[0], "duration_low": du[1], "duration_high": du[2],
                     "outcome_rate": o[0], "outcome_low": o[1], "outcome_high": o[2], "tpr": tpr[0]})
    table = pd.DataFrame(rows, columns=_COLUMNS)
    dp, eo = _differences(table)
    is_feature = attribute in {model.spec_.attribute_features.get(f) for f in model.feature_names_}
    n_cases = int(per_case["case_idx"].nunique())
    return AuditReport(attribute, metric, table, dp, eo, 0, None, is_feature, n_cases=n_cases)


_COLUMNS = ["group", "n_cases", "error", "error_low", "error_high", "flag_rate", "flag_low", "flag_high", "duration",
            "duration_low", "duration_high", "outcome_rate", "outcome_low", "outcome_high", "tpr"]
