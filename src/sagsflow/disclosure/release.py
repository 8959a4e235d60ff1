"""Releasing an answer to a role: what inside an aggregate rests on 1 to k-1 cases is hidden.

:class:`~sagsflow.disclosure.groups.ReleasedGroups` makes sure a restricted role's *population* is a union of
groups of at least k cases; these functions take care of what lies *inside* an answer about it:

* rows, map elements and bins counting 1 to k-1 cases are hidden (primary suppression);
* where the rows of a table partition the cases (variants, histogram bins, rows per attribute value or period),
  the hidden rows together must hold no case or at least k, else the smallest shown rows are hidden too
  (secondary suppression), so that the total minus the shown rows does not give a small group back;
* values that belong to one case (the minimum and maximum duration, the most repetitions in one case, the first
  and last event to the minute, pseudonyms and case ids) are taken out.

Roles with case access get every answer unchanged. Each function returns a new value; its input is not changed.

Examples
--------
>>> from sagsflow.disclosure import DisclosurePolicy
>>> viewer = DisclosurePolicy.for_role("viewer")
>>> table = {"columns": ["v", "n_cases"], "rows": [{"v": "a", "n_cases": 9}, {"v": "b", "n_cases": 6},
...                                                {"v": "c", "n_cases": 2}]}
>>> out = release_table(table, viewer, partition=())
>>> [r["v"] for r in out["rows"]], out["n_hidden"]      # c alone (2) would be derivable: b goes too
(['a'], 2)
>>> release_table(table, DisclosurePolicy.for_role("analyst"))["rows"] == table["rows"]
True
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast
from zoneinfo import ZoneInfo

import numpy as np

if TYPE_CHECKING:
    from sagsflow.analysis.dfg import DirectlyFollowsGraph
    from sagsflow.analysis.process_map import Disclosure
    from sagsflow.analysis.variants import Variants
    from sagsflow.disclosure.policy import DisclosurePolicy
    from sagsflow.quality.model import QualityReport
    from sagsflow.schema import LogSchema

TZ = "Europe/Copenhagen"
#: the statistics of a duration that are one case's value
SINGLE_CASE_STATISTICS = ("min", "max")


# ============================================================================ tables
def release_table(table: dict[str, Any], policy: DisclosurePolicy, *, columns: Sequence[str] = ("n_cases",),
                  partition: Sequence[str] | None = None, total: dict[Any, int] | int | None = None,
                  blank: Sequence[str] = ()) -> dict[str, Any]:
    """A ``{"columns", "rows", ...}`` table as ``policy`` releases it, with ``min_group_size`` and ``n_hidden``
    added for restricted roles.

    Parameters
    ----------
    columns
        The case counts of a row; a row is hidden when any of them is 1 to k-1.
    partition
        When the rows partition the cases (within groups of equal values of these columns; ``()``: the whole
        table), the hidden rows of each group must hold no case or at least k (secondary suppression on
        ``columns[0]``).
    total
        Cases of the whole partition (a number, or per group key), when some of them are in no row (a table cut
        at a number of rows): they count as hidden too.
    """
    if not policy.restricted:
        return dict(table)
    rows = list(table["rows"])
    keep = [not any(policy.hides(_count(r.get(c))) for c in columns) for r in rows]
    if partition is not None and rows:
        _secondary(rows, keep, policy, columns[0], tuple(partition), total)
    shown = [r for r, ok in zip(rows, keep, strict=True) if ok]
    if blank:
        shown = [{**r, **{c: None for c in blank if c in r}} for r in shown]
    return {**table, "rows": shown, "min_group_size": policy.min_group_size,
            "n_hidden": int(table.get("n_hidden") or 0) + len(rows) - len(shown)}


def release_variants(table: Variants, policy: DisclosurePolicy, *, limit: int | None = None) -> dict[str, Any]:
    """The variants table (:func:`sagsflow.analysis.variants.variants`) as ``policy`` releases it, its first
    ``limit`` rows: for a restricted role only variants of at least k cases, and (the variants partition the
    cases) not the smallest of those either when the hidden ones would hold 1 to k-1 cases together;
    ``n_hidden`` counts every variant not shown."""
    if not policy.restricted:
        return table.to_dict(limit=limit)
    import pyarrow.compute as pc

    rows = table.to_arrow()
    big = rows.filter(pc.greater_equal(rows.column("n_cases"), policy.min_group_size))  # the others are hidden
    listed = {**table.to_dict(limit=0), "rows": big.to_pylist()}
    out = release_table(listed, policy, partition=(), total=int(table.meta["n_cases"]))
    out["n_hidden"] = int(table.meta["n_variants"]) - len(out["rows"])
    return {**out, "rows": out["rows"][:limit] if limit is not None else out["rows"]}


def _count(v: Any) -> int | None:
    return None if v is None else int(v)


def _secondary(rows: list[dict[str, Any]], keep: list[bool], policy: DisclosurePolicy, column: str,
               partition: tuple[str, ...], total: dict[Any, int] | int | None) -> None:
    k = policy.min_group_size
    groups: dict[Any, list[int]] = {}
    for i, r in enumerate(rows):
        groups.setdefault(tuple(r.get(c) for c in partition), []).append(i)
    for key, members in groups.items():
        listed = sum(_count(rows[i].get(column)) or 0 for i in members)
        known = total.get(key) if isinstance(total, dict) else total
        hidden = sum(_count(rows[i].get(column)) or 0 for i in members if not keep[i])
        hidden += max(int(known) - listed, 0) if known is not None else 0
        shown = sorted((i for i in members if keep[i] and (_count(rows[i].get(column)) or 0) > 0),
                       key=lambda i: (_count(rows[i].get(column)) or 0, -i))
        while 0 < hidden < k and shown:
            i = shown.pop(0)
            keep[i] = False
            hidden += _count(rows[i].get(column)) or 0


def release_counts(values: Iterable[int | None], policy: DisclosurePolicy, *, total: int | None = None
                   ) -> tuple[list[int | None], int]:
    """A series of case counts that partition ``total`` cases (histogram bins, cases started per week): counts of
    1 to k-1 blanked (None), then the smallest until the blanked ones hold no case or at least k. Returns the
    series and how many were blanked."""
    vals = [None if v is None else int(v) for v in values]
    if not policy.restricted:
        return vals, 0
    table = {"rows": [{"i": i, "n": v} for i, v in enumerate(vals)]}
    out = release_table(table, policy, columns=("n",), partition=(), total=total)
    shown = {r["i"] for r in out["rows"]}
    return [v if i in shown or v in (None, 0) else None for i, v in enumerate(vals)], \
        sum(1 for i, v in enumerate(vals) if i not in shown and v not in (None, 0))


def release_overview(data: dict[str, Any], policy: DisclosurePolicy, *, top: int = 20) -> dict[str, Any]:
    """The dashboard overview (:func:`sagsflow.api.overview.overview_data`) as ``policy`` releases it: counts of
    weeks, days and histogram bins resting on 1 to k-1 cases blanked (with secondary blanking of the bins and of
    the cases started and ended per week, which partition the cases), bottleneck transitions of fewer than k
    cases left out, the first and last event to the day only."""
    k, hide = policy.min_group_size, policy.restricted
    hidden = 0

    def count(n: int | None) -> int | None:
        nonlocal hidden
        if policy.hides(n):
            hidden += 1
            return None
        return n

    def when(ts: datetime | None) -> str | None:
        if ts is None:
            return None
        return ts.astimezone(ZoneInfo(TZ)).date().isoformat() if hide else ts.isoformat()

    kpis = {**data["kpis"], "first_event": when(data["kpis"]["first_event"]),
            "last_event": when(data["kpis"]["last_event"])}
    n_cases = int(data["kpis"].get("cases") or 0)
    started, h1 = release_counts((w["started"] for w in data["throughput"]), policy)
    ended, h2 = release_counts((w["ended"] for w in data["throughput"]), policy)
    weeks = [{"week": w["week"], "started": s, "ended": e}
             for w, s, e in zip(data["throughput"], started, ended, strict=True)]
    wip = [{"date": d["date"], "wip": count(d["wip"])} for d in data["wip"]]
    bins_n, h3 = release_counts((b["cases"] for b in data["duration_histogram"]), policy, total=n_cases)
    bins = [{**b, "cases": n} for b, n in zip(data["duration_histogram"], bins_n, strict=True)]
    shown = [r for r in data["bottlenecks"] if not policy.hides(r["cases"])]
    hidden += h1 + h2 + h3 + len(data["bottlenecks"]) - len(shown)
    return {"kpis": kpis, "throughput": weeks, "wip": wip, "duration_histogram": bins,
            "window": {**data["window"], "n_events_outside": count(data["window"]["n_events_outside"])},
            **({"quarantine": release_quarantine(data["quarantine"], policy)} if "quarantine" in data else {}),
            "bottlenecks": shown[:top], "min_group_size": k if hide else None, "n_hidden": hidden}


def release_quarantine(q: dict[str, Any], policy: DisclosurePolicy) -> dict[str, Any]:
    """The account of a log's events outside its plausible period (:meth:`sagsflow.log.EventLog.quarantine`) as
    ``policy`` releases it: for restricted roles every count when the quarantined events lie in 1 to k-1 cases, else
    the counts of cases left out and of unrepresentable events that are 1 to k-1, are None."""
    counts = ("n_quarantined", "n_cases_affected", "n_cases_left_out", "n_unrepresentable")
    if not policy.restricted:
        return dict(q)
    if policy.hides(q.get("n_cases_affected")):
        return {**q, **{c: None for c in counts}}
    return {**q, **{c: None for c in counts[2:] if policy.hides(q.get(c))}}


# ============================================================================ process maps
def merge_small_values(case: np.ndarray, code: np.ndarray, labels: tuple[str, ...], policy: DisclosurePolicy
                       ) -> tuple[np.ndarray, tuple[str, ...], int]:
    """The group merge of a map's attribute perspective: values seen in 1 to k-1 cases become one node
    ``(other, n<k)``. Returns the new codes and labels and how many values were merged."""
    from sagsflow.analysis.dfg import distinct_counts

    if not policy.restricted or not len(code):
        return code, labels, 0
    k = policy.min_group_size
    cases_per_value, _ = distinct_counts(case, code, len(labels))
    small = (cases_per_value > 0) & (cases_per_value < k)
    merged = int(small.sum())
    if not merged:
        return code, labels, 0
    labels = (*labels, f"(other, n<{k})")
    return np.where(small[code], len(labels) - 1, code).astype(np.int32), labels, merged


def graph_masks(graph: DirectlyFollowsGraph, policy: DisclosurePolicy | None, merged: int = 0
                ) -> tuple[np.ndarray, np.ndarray, Disclosure | None]:
    """The nodes and edges of a map ``policy`` lets through (seen in at least k cases; edges only between shown
    nodes) and what was hidden; everything (and no note) for roles with case access or no policy."""
    from sagsflow.analysis.process_map import Disclosure

    if policy is None or not policy.restricted:
        return np.ones(len(graph.labels), dtype=bool), np.ones(graph.n_edges, dtype=bool), None
    k = policy.min_group_size
    node_ok = graph.node_cases >= k
    allowed = graph.edge_cases >= k
    allowed &= np.where(graph.source >= 0, node_ok[np.maximum(graph.source, 0)], True)
    allowed &= np.where(graph.target >= 0, node_ok[np.maximum(graph.target, 0)], True)
    disclosure = Disclosure(min_group_size=k, merged_values=merged,
                            hidden_nodes=int(((graph.node_frequency > 0) & ~node_ok).sum()),
                            hidden_edges=int((~allowed).sum()))
    return node_ok, allowed, disclosure


def release_duration(stats: dict[str, float] | None, policy: DisclosurePolicy | None
                     ) -> dict[str, float | None] | None:
    """Duration statistics without the values of single cases (minimum and maximum) for restricted roles."""
    if stats is None:
        return None
    if policy is None or not policy.restricted:
        return cast("dict[str, float | None]", stats)
    return {k: (None if k in SINGLE_CASE_STATISTICS else v) for k, v in stats.items()}


# ============================================================================ other answers
def release_compare(result: dict[str, Any], policy: DisclosurePolicy) -> dict[str, Any]:
    """A comparison of two logs (:meth:`sagsflow.analysis.compare.Comparison.to_dict`) as ``policy`` releases it:
    activities, transitions, variants and histogram bins resting on 1 to k-1 cases of either side left out (the
    variants and bins, which partition each side's cases, with secondary suppression), and the shortest and longest
    case left out of the duration quantiles."""
    if not policy.restricted:
        return result
    two = ("n_cases_a", "n_cases_b")
    out = dict(result)
    out["activities"] = release_table(result["activities"], policy, columns=two)
    out["transitions"] = release_table(result["transitions"], policy, columns=two)
    out["variants"] = _release_two(result["variants"], policy, two, (result.get("n_cases_a"),
                                                                     result.get("n_cases_b")))
    d = dict(result["durations"])
    d["quantiles"] = {**d["quantiles"], "rows": [r for r in d["quantiles"]["rows"] if 0 < r["quantile"] < 1]}
    d["histogram"] = _release_two(d["histogram"], policy, ("n_a", "n_b"), (result.get("n_cases_a"),
                                                                            result.get("n_cases_b")))
    out["durations"] = d
    return out


def _release_two(table: dict[str, Any], policy: DisclosurePolicy, columns: tuple[str, str],
                 totals: tuple[int | None, int | None]) -> dict[str, Any]:
    """Primary suppression on both count columns, then secondary on each (a table partitioning two logs)."""
    out = release_table(table, policy, columns=columns)
    for col, total in zip(columns, totals, strict=True):
        hidden_before = out["n_hidden"]
        again = release_table({**out, "n_hidden": 0}, policy, columns=(col,), partition=(), total=total)
        out = {**again, "n_hidden": hidden_before + again["n_hidden"]}
    return out


def release_conformance(result: dict[str, Any], policy: DisclosurePolicy,
                        published: Iterable[str] | None = None) -> dict[str, Any]:
    """A stored conformance result (``sagsflow.api.routes.conformance``) as ``policy`` releases it: activities of
    1 to k-1 cases (occurring, skipped or unexpected) left out; variants, fallbacks, periods and the tables by case
    attribute (only published attributes) with secondary suppression; deviations of fewer than k cases left out;
    log activities missing from the model, and suggestions pointing at them, only when seen in k cases or more."""
    if not policy.restricted:
        return result
    out = dict(result)
    acts = result["activities"]
    count_cols = tuple(c for c in ("n_cases", "n_cases_skipped", "n_cases_unexpected") if c in acts["columns"])
    if "n_cases" not in acts["columns"]:  # stored before the cases per activity were kept: events bound cases
        count_cols = (*count_cols, "n_sync")
    out["activities"] = release_table(acts, policy, columns=count_cols)
    n = result.get("n_cases")
    out["variants"] = release_table(result["variants"], policy, partition=(), total=n)
    out["fallbacks"] = release_table(result["fallbacks"], policy)
    out["periods"] = release_table(result["periods"], policy, partition=(), total=n)
    out["deviations"] = release_table(result["deviations"], policy)
    allowed = set(published or ())
    out["by"] = {g: release_table(t, policy, partition=(), total=n) for g, t in result.get("by", {}).items()
                 if g in allowed}
    labels = dict(result.get("labels") or {})
    log_only = {a: c for a, c in (labels.get("log_only") or {}).items() if not policy.hides(c)}
    hidden_acts = set(labels.get("log_only") or {}) - set(log_only)
    labels["log_only"] = log_only
    labels["suggestions"] = {m: a for m, a in (labels.get("suggestions") or {}).items() if a not in hidden_acts}
    out["labels"] = labels
    return out


def release_quality(report: QualityReport, policy: DisclosurePolicy, schema: LogSchema | None = None
                    ) -> QualityReport:
    """The data-quality report for a restricted role: no examples, and no breakdown row or metric that carries a
    case id, a resource or any other identifier (pseudonyms included) of the log."""
    if not policy.restricted:
        return report
    ids = identifier_columns(schema)

    def clean(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if any(ids & set(r) for r in rows):  # a breakdown per case or per employee is a list of single people
            return []
        return rows

    findings = [f.model_copy(update={"examples": [], "breakdown": clean(list(f.breakdown)),
                                     "metrics": {m: v for m, v in f.metrics.items() if m not in ids}})
                for f in report.findings]
    return report.model_copy(update={"findings": findings})


def identifier_columns(schema: LogSchema | None) -> set[str]:
    """Names of the columns that identify a case or a person: case ids, resources (employee pseudonyms),
    citizen and employee identifiers and free text of ``schema``."""
    from sagsflow.schema import DataClass

    out = {"case_id", "case_idx", "case", "resource", "resources", "event_idx"}
    if schema is not None:
        out |= {c.name for c in schema.attributes if c.data_class in (DataClass.CITIZEN_ID, DataClass.EMPLOYEE_ID,
                                                                       DataClass.FREE_TEXT)}
        out |= {r for r, cls in schema.role_classes.items() if cls.is_identifier}
    return out


def model_variants(variants: dict[tuple[str, ...], int], policy: DisclosurePolicy) -> dict[tuple[str, ...], int]:
    """The variants a restricted role's model may be discovered from: those of at least k cases."""
    if not policy.restricted:
        return dict(variants)
    return {v: n for v, n in variants.items() if n >= policy.min_group_size}


def narrowed(n_cases: int | None, policy: DisclosurePolicy) -> bool:
    """Whether an answer about ``n_cases`` cases is a case-level read for a role with case access (1 to k-1
    cases): the server records it in the audit log."""
    return policy.sees_cases and policy.narrows(n_cases)



# ============================================================================ employees
def release_employee_groups(n_employees: dict[str, int], min_employees: int, other: str
                            ) -> tuple[dict[str, str | None], int]:
    """The groups of employees (teams) a resource aggregate may show: groups of at least ``min_employees``
    employees keep their label, smaller ones are merged into ``other``; when the merged group still has fewer
    than ``min_employees`` (and some) employees, its members are left out (None). Returns the label per group and
    how many groups were merged or left out. The employee protection of :mod:`sagsflow.legal.employees` asks this
    for every resource aggregate (workload, handovers, the map's resource perspective).

    Examples
    --------
    >>> release_employee_groups({"A": 7, "B": 2, "C": 3}, 5, "(other)")
    ({'A': 'A', 'B': '(other)', 'C': '(other)'}, 2)
    >>> release_employee_groups({"A": 7, "B": 2}, 5, "(other)")
    ({'A': 'A', 'B': None}, 1)
    """
    if min_employees < 1:
        raise ValueError("min_employees must be at least 1")
    small = {g for g, n in n_employees.items() if 0 < n < min_employees}
    merged = sum(n_employees[g] for g in small)
    label: str | None = other if merged >= min_employees else None
    return {g: (label if g in small else g) for g in n_employees}, len(small)
