"""Compare two logs: two periods, two municipalities, two units or two filters of one log.

:func:`compare` puts side by side what differs between log A and log B:

* the map: per activity and per directly-follows transition, frequency per 100 cases, the share of
  cases containing it (two-proportion z-test with the p-value, Holm-adjusted over the map) and the
  mean duration (activity: previous completion -> its completion; transition: A's completion -> B's
  completion);
* the variants: share of each top variant in A and in B;
* the case durations: quantiles, histograms on common bins, the Mann-Whitney U and the
  Kolmogorov-Smirnov tests and Cliff's delta as effect size.

:func:`compare_split` compares two groups of one log split by a case attribute (two municipalities of one
process, one unit against the rest).

Each log is summarised on its own connection (they may live in different workspaces); only the
small summaries are combined here.

Examples
--------
>>> import sagsflow, tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> def write(name, steps):
...     rows = [f"{i},{a},2024-01-{1 + i % 9:02d} {9 + k}:{i % 60:02d}" for i in range(40) for k, a in enumerate(steps)]
...     _ = (d / name).write_text("case,activity,time\\n" + "\\n".join(rows))
...     return sagsflow.read_csv(d / name)
>>> c = compare(write("a.csv", ["Register", "Decide"]), write("b.csv", ["Register", "Check", "Decide"]))
>>> c.activities.to_pandas()[["activity", "per100_a", "per100_b", "significant", "direction"]]
   activity  per100_a  per100_b  significant direction
0     Check       0.0     100.0         True      more
1    Decide     100.0     100.0        False       NaN
2  Register     100.0     100.0        False       NaN
>>> round(c.durations.effect_size, 2), c.durations.effect_label
(1.0, 'large')
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa
from scipy import stats

from sagsflow.analysis._steps import event_steps
from sagsflow.analysis._table import Table, TableSet, arrow
from sagsflow.analysis.statistics import case_durations
from sagsflow.analysis.variants import variants
from sagsflow.errors import InvalidParameterError

if TYPE_CHECKING:
    from sagsflow.analysis.calendar import BusinessCalendar
    from sagsflow.log import EventLog

QUANTILES = (0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0)


class MapDifference(Table):
    """Activities (key column ``activity``) or transitions (``source``, ``target``) of A vs B.

    Columns after the key: ``n_events_a``/``_b`` (occurrences), ``per100_a``/``_b`` (occurrences per
    100 cases), ``relative_change`` (``per100_b / per100_a - 1``; NULL when absent from A),
    ``n_cases_a``/``_b`` and ``case_share_a``/``_b`` (cases containing it), ``z``, ``p_value``
    (two-proportion z-test on the case shares), ``p_value_holm`` (Holm-adjusted over the table),
    ``significant`` (``p_value_holm < alpha``), ``direction`` ('more' or 'less' often in B when
    significant), ``mean_duration_s_a``/``_b``, ``duration_change_s`` (B - A),
    ``duration_relative_change``. Most significant first.
    """


class VariantDifference(Table):
    """Columns ``activities``, ``n_cases_a``/``_b``, ``share_a``/``_b``, ``share_change`` (B - A),
    ``p_value`` (two-proportion z-test); the union of the top variants of A and B, by combined share."""


class DurationQuantiles(Table):
    """Columns ``quantile``, ``a``, ``b`` (case duration in seconds), ``change`` (B - A)."""


class DurationHistogram(Table):
    """Columns ``bin_start``, ``bin_end`` (seconds; the last bin includes its end), ``n_a``, ``n_b``,
    ``share_a``, ``share_b``."""


@dataclass(frozen=True, repr=False)
class DurationComparison(TableSet):
    """Case-duration distributions of A and B with two tests and an effect size.

    ``effect_size`` is Cliff's delta P(B > A) - P(B < A) in [-1, 1] (positive: cases take longer
    in B), ``effect_label`` its conventional size (negligible < 0.147 <= small < 0.33 <= medium <
    0.474 <= large).
    """

    quantiles: DurationQuantiles
    histogram: DurationHistogram
    n_a: int
    n_b: int
    mean_a: float
    mean_b: float
    median_a: float
    median_b: float
    mann_whitney_u: float
    mann_whitney_p: float
    ks_statistic: float
    ks_p: float
    effect_size: float
    effect_label: str
    significant: bool


@dataclass(frozen=True, repr=False)
class Comparison(TableSet):
    """What differs between two logs; see :func:`compare`."""

    activities: MapDifference
    transitions: MapDifference
    variants: VariantDifference
    durations: DurationComparison
    label_a: str
    label_b: str
    n_cases_a: int
    n_cases_b: int
    alpha: float


def _map_summary(log: EventLog) -> pd.DataFrame:
    with event_steps(log) as steps:
        t = arrow(
            log.workspace.con,
            f"""WITH __s AS MATERIALIZED ({steps})
            SELECT 'activity' AS kind, activity AS source, NULL::VARCHAR AS target, count(*) AS n_events,
                count(DISTINCT case_idx) AS n_cases, avg(sojourn_s) AS mean_duration_s
            FROM __s GROUP BY activity
            UNION ALL
            SELECT 'transition', prev_activity, activity, count(*), count(DISTINCT case_idx), avg(sojourn_s)
            FROM __s WHERE prev_activity IS NOT NULL GROUP BY prev_activity, activity""",
        )
    return t.to_pandas()


def _z_test(x1: np.ndarray, n1: int, x2: np.ndarray, n2: int) -> tuple[np.ndarray, np.ndarray]:
    """Two-proportion z-test (pooled); z > 0 when B's share is larger. Equal shares of 0 or 1: p = 1."""
    p1, p2 = x1 / n1, x2 / n2
    pool = (x1 + x2) / (n1 + n2)
    se = np.sqrt(pool * (1 - pool) * (1 / n1 + 1 / n2))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(se > 0, (p2 - p1) / se, 0.0)
    return z, 2 * stats.norm.sf(np.abs(z))


def _holm(p: np.ndarray) -> np.ndarray:
    m = len(p)
    if m == 0:
        return p
    order = np.argsort(p, kind="stable")
    adj = np.maximum.accumulate(np.minimum(1.0, p[order] * (m - np.arange(m))))
    out = np.empty(m)
    out[order] = adj
    return out


def _map_difference(a: pd.DataFrame, b: pd.DataFrame, keys: list[str], n_a: int, n_b: int,
                    alpha: float) -> MapDifference:
    cols = ["n_events", "n_cases", "mean_duration_s"]
    m = a[keys + cols].merge(b[keys + cols], on=keys, how="outer", suffixes=("_a", "_b"))
    for c in ("n_events_a", "n_events_b", "n_cases_a", "n_cases_b"):
        m[c] = m[c].fillna(0).astype("int64")
    m["per100_a"] = 100.0 * m["n_events_a"] / n_a
    m["per100_b"] = 100.0 * m["n_events_b"] / n_b
    with np.errstate(divide="ignore", invalid="ignore"):
        m["relative_change"] = np.where(m["per100_a"] > 0, m["per100_b"] / m["per100_a"] - 1, np.nan)
    m["case_share_a"] = m["n_cases_a"] / n_a
    m["case_share_b"] = m["n_cases_b"] / n_b
    z, p = _z_test(m["n_cases_a"].to_numpy(float), n_a, m["n_cases_b"].to_numpy(float), n_b)
    m["z"], m["p_value"] = z, p
    m["p_value_holm"] = _holm(p)
    m["significant"] = m["p_value_holm"] < alpha
    m["direction"] = pd.Series(np.where(z > 0, "more", "less"), index=m.index).where(m["significant"], None)
    m["duration_change_s"] = m["mean_duration_s_b"] - m["mean_duration_s_a"]
    with np.errstate(divide="ignore", invalid="ignore"):
        m["duration_relative_change"] = m["mean_duration_s_b"] / m["mean_duration_s_a"] - 1
    m = m.sort_values(["p_value", *keys], kind="stable").reset_index(drop=True)
    order = [*keys, "n_events_a", "n_events_b", "per100_a", "per100_b", "relative_change", "n_cases_a",
                    "n_cases_b", "case_share_a", "case_share_b", "z", "p_value", "p_value_holm", "significant",
                    "direction", "mean_duration_s_a", "mean_duration_s_b", "duration_change_s",
                    "duration_relative_change"]
    m = m[order].replace([np.inf, -np.inf], np.nan)
    schema_types: dict[str, pa.DataType] = {k: pa.string() for k in keys}
    schema_types["direction"] = pa.string()
    table = pa.Table.from_pandas(m, preserve_index=False)
    table = table.cast(pa.schema([
        pa.field(f.name, schema_types.get(f.name, f.type)) for f in table.schema
    ]))
    return MapDifference(table)


def _variant_difference(log_a: EventLog, log_b: EventLog, n_a: int, n_b: int, top: int,
                        calendar: BusinessCalendar | None) -> VariantDifference:
    va = variants(log_a, calendar=calendar).counts()
    vb = variants(log_b, calendar=calendar).counts()
    keep = list(dict.fromkeys([*list(va)[:top], *list(vb)[:top]]))
    x_a = np.array([va.get(k, 0) for k in keep], dtype=float)
    x_b = np.array([vb.get(k, 0) for k in keep], dtype=float)
    _, p = _z_test(x_a, n_a, x_b, n_b) if keep else (None, np.zeros(0))
    share_a, share_b = x_a / n_a, x_b / n_b
    order = np.lexsort((np.arange(len(keep)), -(share_a + share_b)))
    table = pa.table({
        "activities": pa.array([list(keep[i]) for i in order], pa.list_(pa.string())),
        "n_cases_a": pa.array(x_a[order].astype(np.int64)),
        "n_cases_b": pa.array(x_b[order].astype(np.int64)),
        "share_a": pa.array(share_a[order]),
        "share_b": pa.array(share_b[order]),
        "share_change": pa.array((share_b - share_a)[order]),
        "p_value": pa.array(np.asarray(p, dtype=float)[order]),
    })
    return VariantDifference(table)


def _effect_label(d: float) -> str:
    d = abs(d)
    return "negligible" if d < 0.147 else "small" if d < 0.33 else "medium" if d < 0.474 else "large"


def compare_durations(a: np.ndarray, b: np.ndarray, *, bins: int = 20, alpha: float = 0.05) -> DurationComparison:
    """Compare two samples of case durations (seconds): quantiles, histograms, Mann-Whitney U, KS, Cliff's delta."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    qa, qb = np.quantile(a, QUANTILES), np.quantile(b, QUANTILES)
    edges = np.histogram_bin_edges(np.concatenate([a, b]), bins=bins)
    ha, _ = np.histogram(a, edges)
    hb, _ = np.histogram(b, edges)
    mw = stats.mannwhitneyu(a, b, alternative="two-sided")
    ks = stats.ks_2samp(a, b)
    u_a = float(mw.statistic)
    delta = 1.0 - 2.0 * u_a / (len(a) * len(b))  # P(B > A) - P(B < A)
    return DurationComparison(
        quantiles=DurationQuantiles(pa.table({"quantile": list(QUANTILES), "a": qa, "b": qb, "change": qb - qa})),
        histogram=DurationHistogram(pa.table({
            "bin_start": edges[:-1], "bin_end": edges[1:], "n_a": ha.astype(np.int64), "n_b": hb.astype(np.int64),
            "share_a": ha / len(a), "share_b": hb / len(b),
        })),
        n_a=len(a), n_b=len(b), mean_a=float(a.mean()), mean_b=float(b.mean()),
        median_a=float(np.median(a)), median_b=float(np.median(b)),
        mann_whitney_u=u_a, mann_whitney_p=float(mw.pvalue),
        ks_statistic=float(ks.statistic), ks_p=float(ks.pvalue),
        effect_size=float(delta), effect_label=_effect_label(delta),
        significant=bool(mw.pvalue < alpha),
    )


def compare(
    log_a: EventLog,
    log_b: EventLog,
    *,
    alpha: float = 0.05,
    top_variants: int = 20,
    bins: int = 20,
    labels: tuple[str, str] | None = None,
    calendar: BusinessCalendar | None = None,
) -> Comparison:
    """Compare two logs: map, variants and case durations, with statistical tests.

    Parameters
    ----------
    log_a, log_b : EventLog
        The two logs (two periods, municipalities or filters; they may be in different workspaces).
    alpha : float, default 0.05
        Significance level (Holm-adjusted over each map table).
    top_variants : int, default 20
        Variants compared: the union of the top ``top_variants`` of A and of B.
    bins : int, default 20
        Histogram bins, common to both logs.
    labels : (str, str), optional
        Names of A and B in the result (default: the log names).
    calendar : BusinessCalendar, optional
        Case durations in working time.

    Returns
    -------
    Comparison

    Raises
    ------
    InvalidParameterError
        ``alpha`` outside (0, 1), or a log without cases.
    """
    if not (isinstance(alpha, float | int) and 0 < alpha < 1):
        raise InvalidParameterError(f"alpha must be a number in (0, 1). Got {alpha!r} instead.", field="alpha")
    la, lb = labels or (log_a.name, log_b.name)
    dur_a = np.asarray(case_durations(log_a, calendar=calendar).column("duration_s"), dtype=float)
    dur_b = np.asarray(case_durations(log_b, calendar=calendar).column("duration_s"), dtype=float)
    for label, d, field in ((la, dur_a, "log_a"), (lb, dur_b, "log_b")):
        if len(d) == 0:
            raise InvalidParameterError(
                f"log {label!r} has no cases, so there is nothing to compare.",
                hint="Check the filter that produced it.", field=field,
            )
    n_a, n_b = len(dur_a), len(dur_b)
    sa, sb = _map_summary(log_a), _map_summary(log_b)
    acts = _map_difference(sa[sa.kind == "activity"].rename(columns={"source": "activity"}),
                           sb[sb.kind == "activity"].rename(columns={"source": "activity"}),
                           ["activity"], n_a, n_b, alpha)
    trans = _map_difference(sa[sa.kind == "transition"], sb[sb.kind == "transition"], ["source", "target"],
                            n_a, n_b, alpha)
    return Comparison(
        activities=acts,
        transitions=trans,
        variants=_variant_difference(log_a, log_b, n_a, n_b, top_variants, calendar),
        durations=compare_durations(dur_a, dur_b, bins=bins, alpha=alpha),
        label_a=la, label_b=lb, n_cases_a=n_a, n_cases_b=n_b, alpha=float(alpha),
    )




def split_log(log: EventLog, attribute: str, a: Sequence[object], b: Sequence[object] | None = None
              ) -> tuple[EventLog, EventLog]:
    """Two groups of one log by a case attribute: the cases whose value is in ``a``, and those whose value is in
    ``b`` (default: every other case, including those without a value).

    Raises
    ------
    InvalidParameterError
        ``attribute`` is not a case attribute, or ``a`` is empty.
    """
    names = [c.name for c in log.schema.case_attributes]
    if attribute not in names:
        raise InvalidParameterError(
            f"{attribute!r} is not a case attribute of log {log.name!r}, so it cannot split the cases.",
            hint=f"Case attributes: {', '.join(names) or '(none)'}", field="attribute")
    if not a:
        raise InvalidParameterError("group A needs at least one value of the attribute.", field="a")
    in_a = {"type": "case_attribute", "attribute": attribute, "in": list(a)}
    if b:
        return log.filter(in_a), log.filter({**in_a, "in": list(b)})
    return log.filter(in_a), log.filter({**in_a, "action": "remove"})


def _values_label(attribute: str, values: Sequence[object], negate: bool = False) -> str:
    shown = ", ".join(str(v) for v in values[:3]) + (f" (+{len(values) - 3})" if len(values) > 3 else "")
    return f"{attribute} {'≠' if negate else '='} {shown}"


def compare_split(log: EventLog, attribute: str, a: Sequence[object], b: Sequence[object] | None = None, *,
                  alpha: float = 0.05, top_variants: int = 20, bins: int = 20,
                  labels: tuple[str, str] | None = None, calendar: BusinessCalendar | None = None) -> Comparison:
    """Compare two groups of one log split by a case attribute, e.g. two municipalities (``kommune``) of one
    process, or one unit against all the others.

    Parameters
    ----------
    log : EventLog
        Any (filtered) log.
    attribute : str
        A case attribute.
    a : sequence
        Values of group A.
    b : sequence, optional
        Values of group B; default: every case not in A.
    alpha, top_variants, bins, calendar
        As in :func:`compare`.
    labels : (str, str), optional
        Names of the groups (default: ``"kommune = Aarhus"``, ``"kommune ≠ Aarhus"``).

    Examples
    --------
    >>> import sagsflow, tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "s.csv"
    >>> rows = [f"{i},{a},2024-01-{1 + i % 9:02d} {9 + k}:00,{'Aarhus' if i % 2 else 'Odense'}"
    ...         for i in range(40) for k, a in enumerate(["Register", "Check", "Decide"] if i % 2 else
    ...                                                  ["Register", "Decide"])]
    >>> _ = p.write_text("case,activity,time,kommune\\n" + "\\n".join(rows))
    >>> log = sagsflow.read_csv(p, mapping={"case_id": "case", "activity": "activity", "timestamp": "time",
    ...                                     "columns": {"kommune": {"level": "case"}}})
    >>> c = compare_split(log, "kommune", ["Aarhus"], ["Odense"])
    >>> c.label_a, c.n_cases_a, c.n_cases_b
    ('kommune = Aarhus', 20, 20)
    >>> c.activities.to_pandas().set_index("activity").loc["Check", ["per100_a", "per100_b"]].tolist()
    [100.0, 0.0]
    """
    log_a, log_b = split_log(log, attribute, a, b)
    default = (_values_label(attribute, list(a)), _values_label(attribute, list(b or a), negate=not b))
    return compare(log_a, log_b, alpha=alpha, top_variants=top_variants, bins=bins, labels=labels or default,
                   calendar=calendar)
