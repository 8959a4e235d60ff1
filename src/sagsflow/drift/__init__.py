"""Drift: when did an indicator or the process itself change?

Two detectors, both with change-point search by `ruptures <https://centre-borelli.github.io/ruptures-docs/>`_
(PELT, exact under a penalty, on the l2 cost of the standardised values):

* :func:`indicator_drift` finds the weeks or months where an indicator series (``sagsflow.effect``) changes
  level, on the log of the value for waits and durations (a tripled wait is the same jump whether it started at
  2 or at 20 days).
* :func:`process_drift` finds when the flow changed: per period the directly-follows distribution (the share of
  each transition A -> B among all transitions of the period, one SQL query), searched for change points as one
  multivariate series; for each change point the transitions whose share changed most, and per period the
  Jensen-Shannon distance between the windows before and after it, for the timeline.

:func:`timeline` lists the change points beside the law changes of the rule pack and the registered
interventions, so an analyst sees "the flow changed in week 36 of 2024" before asking why.

Examples
--------
>>> import numpy as np, pandas as pd
>>> from datetime import date, timedelta
>>> rng = np.random.default_rng(0)
>>> weeks = [date(2024, 1, 1) + timedelta(weeks=w) for w in range(60)]
>>> wait = np.r_[rng.gamma(20, 7 / 20, 30), rng.gamma(20, 21 / 20, 30)] * 25
>>> s = pd.DataFrame({"unit": "all", "period": weeks, "numerator": wait, "denominator": 25})
>>> [c.isoformat() for c in indicator_drift(s).column("day")]
['2024-07-29']
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd
import pyarrow as pa

from sagsflow.analysis._table import Table, TableSet, arrow
from sagsflow.effect.indicators import TIMEZONE, Indicator, IndicatorSeries, indicator_series
from sagsflow.errors import InvalidParameterError

if TYPE_CHECKING:
    from sagsflow.compliance.rules import RuleSet
    from sagsflow.effect import Intervention
    from sagsflow.log import EventLog
    from sagsflow.store.workspace import Workspace

__all__ = ["ChangePoints", "ProcessDrift", "case_values", "indicator_drift", "process_drift", "timeline"]


class ChangePoints(Table):
    """Columns ``day`` (the first period, or the first case's day, after the change), ``unit``, ``before`` and
    ``after`` (mean value of the segments on either side), ``ratio`` (after / before); oldest first. ``meta``:
    ``penalty``, ``n_points`` (periods or cases searched), ``resolution``; for a case-level search also
    ``min_size`` and, for waits and durations, ``censored_from`` and ``n_censored`` (the cases of the extract's
    last stretch left out because its end cuts them)."""


class TransitionShares(Table):
    """Columns ``change`` (the change point's period), ``source``, ``target``, ``share_before``, ``share_after``
    (of all transitions in the segments on either side), ``difference``; per change point the transitions whose
    share moved most, largest first."""


class WindowDistance(Table):
    """Columns ``period``, ``distance`` (Jensen-Shannon distance, 0-1, between the directly-follows distributions
    of the ``window`` periods before and the ``window`` periods from this one), ``n_transitions``."""


@dataclass(frozen=True, repr=False)
class ProcessDrift(TableSet):
    """Change points of the flow: ``changes`` (:class:`ChangePoints` with ``before``/``after`` = the
    Jensen-Shannon distance across the change and ``ratio`` empty), ``transitions`` (what changed),
    ``distance`` (per period, for the timeline)."""

    changes: ChangePoints
    transitions: TransitionShares
    distance: WindowDistance
    period: str

    def change_dates(self) -> list[date]:
        return list(self.changes.column("day"))


def _standardise(x: np.ndarray) -> np.ndarray:
    """Each column divided by its noise level, read from the first differences (sigma^2 = mean(diff^2) / 2),
    which a few level shifts hardly move."""
    sig = x if x.ndim == 2 else x[:, None]
    noise = np.sqrt(np.mean(np.diff(sig, axis=0) ** 2, axis=0) / 2.0)
    return sig / np.maximum(noise, 1e-9)


def _pelt(x: np.ndarray, penalty: float | None, min_size: int, factor: float) -> tuple[list[int], float]:
    """PELT on the standardised signal; the default penalty is ``factor * d * log(n)`` (d columns, n points)."""
    import ruptures as rpt

    z = _standardise(x)
    n, d = z.shape
    if penalty is None:
        penalty = factor * d * math.log(max(n, 3))
    # the linear kernel is the l2 (mean-shift) cost; ruptures' KernelCPD runs PELT on it in compiled code
    algo = rpt.KernelCPD(kernel="linear", min_size=min_size, jump=1).fit(z)
    return [b for b in algo.predict(pen=penalty) if b < n], float(penalty)


def _pick_unit(units: list[Any], unit: str | None) -> str:
    names = [str(u) for u in units]
    if unit is None:
        if len(names) != 1:
            raise InvalidParameterError(f"the data has several units ({', '.join(names)}); choose one with 'unit'.",
                                        field="unit")
        return names[0]
    if unit not in names:
        raise InvalidParameterError(f"no unit {unit!r}; units: {', '.join(names)}.", field="unit")
    return unit


def _segments(values: np.ndarray, days: list[date], bkps: list[int], unit: str) -> list[dict[str, Any]]:
    edges = [0, *bkps, len(values)]
    rows = []
    for i, b in enumerate(bkps):
        before = float(np.mean(values[edges[i]:b]))
        after = float(np.mean(values[b:edges[i + 2]]))
        rows.append({"day": days[b], "unit": unit, "before": before, "after": after,
                     "ratio": after / before if before else None})
    return rows


def indicator_drift(source: EventLog | IndicatorSeries | pd.DataFrame,
                    indicator: Indicator | dict[str, Any] | None = None, *, by: str | None = None,
                    unit: str | None = None,
                    resolution: Literal["case", "week", "month"] = "case", penalty: float | None = None,
                    min_size: int | None = None, log_scale: bool | None = None) -> ChangePoints:
    """When did an indicator change level? Change points of one unit's indicator.

    Parameters
    ----------
    source : EventLog, IndicatorSeries or DataFrame
        A log (then give ``indicator``), or a series from :func:`sagsflow.effect.indicator_series`.
    indicator : Indicator or dict, optional
        What to measure on a log.
    by, unit : str, optional
        The case attribute whose values are units, and the unit to search (default: the only one).
    resolution : {'case', 'week', 'month'}
        On a log: search the cases' own values in time order (``'case'``, the sharpest: a change is dated by the
        first case after it), or the weekly/monthly series. A series is searched per period.
    penalty : float, optional
        PELT penalty on the standardised values; default ``3 log(n)`` for n cases or periods.
    min_size : int, optional
        Fewest points between two change points (default 4 periods, or for cases a month's cases on average,
        at least 30).
    log_scale : bool, optional
        Search the log of the value (default for waits, durations and volumes; shares stay as they are).

    Returns
    -------
    ChangePoints
    """
    extra: dict[str, Any] = {}
    if isinstance(source, (IndicatorSeries, pd.DataFrame)):
        df = source.to_pandas() if isinstance(source, IndicatorSeries) else source.copy()
        kind = (source.meta.get("indicator") or {}).get("kind") if isinstance(source, IndicatorSeries) else None
        res = str(source.meta.get("period_kind", "week")) if isinstance(source, IndicatorSeries) else "period"
        name = _pick_unit(sorted(df["unit"].unique()), unit)
        d = df[(df["unit"].astype(str) == name) & (df["denominator"] > 0)].sort_values("period")
        days = [pd.Timestamp(p).date() for p in d["period"]]
        v = (d["numerator"] / d["denominator"]).to_numpy(float)
        size, factor = min_size or 4, 3.0
    else:
        if indicator is None:
            raise InvalidParameterError("give the indicator to measure on the log.", field="indicator")
        ind = indicator if isinstance(indicator, Indicator) else Indicator.model_validate(indicator)
        kind = ind.kind
        if resolution in ("week", "month"):
            series = indicator_series(source, ind, period=resolution, by=by)
            return indicator_drift(series, unit=unit, penalty=penalty, min_size=min_size, log_scale=log_scale)
        per_case = case_values(source, ind, by=by)
        name = _pick_unit(sorted(per_case["unit"].unique()), unit)
        d = per_case[per_case["unit"] == name]
        d, censored = _uncensored(d, ind)
        days = list(d["day"])
        v = d["value"].to_numpy(float)
        res, size, factor = "case", min_size or _month_of_cases(d), 3.0
        extra = {"min_size": size, **censored}
    if log_scale is None:
        log_scale = kind not in ("outcome_share", "rework")
    x = np.log(np.maximum(v, 1.0 / 24)) if log_scale else v
    if len(x) < 2 * size:
        return ChangePoints(_changes_table([]), penalty=penalty, n_points=len(x), resolution=res, **extra)
    bkps, pen = _pelt(x, penalty, size, factor)
    return ChangePoints(_changes_table(_segments(v, days, bkps, name)), penalty=pen, n_points=len(x), resolution=res,
                        **extra)


#: share of the durations (or waits) a case started near the extract's end may not have finished
CENSOR_QUANTILE = 0.9


def _uncensored(d: pd.DataFrame, ind: Indicator) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Leave out the cases of the extract's last stretch whose duration or wait is cut by its end.

    A case that started a month before the extract ends has at most a month's duration, and a wait that had not
    ended is not measured at all, so the last cases look fast: a change point there is the window, not the
    process. For ``throughput`` and ``waiting`` the cases starting later than the last measured case's start
    minus the 90th percentile of the values are left out (``censored_from``, ``n_censored`` in the result's meta).
    The last case's start, not the last event, marks the end: a few events dated years ahead (dirty dates, as in
    BPIC15_1) would otherwise move it.
    """
    if ind.kind not in ("throughput", "waiting") or d.empty:
        return d, {}
    times = pd.to_datetime(d["time"], utc=True)
    horizon = float(np.quantile(d["value"].to_numpy(float), CENSOR_QUANTILE))
    cut = times.max() - pd.Timedelta(days=horizon)
    keep = (times <= cut).to_numpy()
    kept = d[keep]
    return kept, {"censored_from": cut.date().isoformat(), "n_censored": int((~keep).sum())}


def _month_of_cases(d: pd.DataFrame) -> int:
    """The default shortest segment of a case-level search: 30 cases, or a month's cases on a busy log (a change
    worth telling a manager lasts; on 150,000 cases, days with a batch of alike cases are no process change)."""
    if d.empty:
        return 30
    span_days = (pd.Timestamp(d["day"].max()) - pd.Timestamp(d["day"].min())).days
    months = max(span_days / 30.44, 1.0)
    return max(30, math.ceil(len(d) / months))


def case_values(log: EventLog, indicator: Indicator, *, by: str | None = None) -> pd.DataFrame:
    """One row per measured case in time order: ``unit``, ``time`` (UTC), ``day`` (Danish date), ``value``."""
    from sagsflow.effect.indicators import _case_units, _per_case_sql

    if indicator.kind == "volume":
        raise InvalidParameterError("'volume' is measured per period, not per case: use resolution='week'.",
                                    field="resolution")
    sql = f"""WITH u AS ({_case_units(log, by)}), pc AS ({_per_case_sql(log, indicator)})
    SELECT u.unit, pc.t AS time, CAST(timezone('{TIMEZONE}', pc.t) AS DATE) AS day, pc.num / pc.den AS value
    FROM pc JOIN u USING (case_idx) ORDER BY u.unit, pc.t, pc.case_idx"""
    return arrow(log.workspace.con, sql).to_pandas()


def _empty_changes() -> pa.Table:
    return _changes_table([])


def _changes_table(rows: list[dict[str, Any]]) -> pa.Table:
    schema = pa.schema([("day", pa.date32()), ("unit", pa.string()), ("before", pa.float64()),
                        ("after", pa.float64()), ("ratio", pa.float64())])
    return pa.Table.from_pylist(rows, schema=schema)


def _df_counts(log: EventLog, period: str) -> pd.DataFrame:
    """Directly-follows counts per period of the source event: period, source, target, n."""
    sql = f"""
    WITH e AS (SELECT case_idx, activity, timestamp,
                      lead(activity) OVER (PARTITION BY case_idx ORDER BY event_idx) AS nxt
               FROM ({log.events_sql()}))
    SELECT CAST(date_trunc('{period}', timezone('{TIMEZONE}', timestamp)) AS DATE) AS period,
           activity AS source, nxt AS target, count(*) AS n
    FROM e WHERE nxt IS NOT NULL GROUP BY ALL ORDER BY 1, 2, 3"""
    return arrow(log.workspace.con, sql).to_pandas()


def _js(p: np.ndarray, q: np.ndarray) -> float:
    from scipy.spatial.distance import jensenshannon

    if p.sum() == 0 or q.sum() == 0:
        return float("nan")
    return float(jensenshannon(p, q, base=2))


def process_drift(log: EventLog, *, period: Literal["week", "month"] = "week", window: int = 4,
                  min_size: int = 4, penalty: float | None = None, top: int = 5,
                  min_transitions: int = 20) -> ProcessDrift:
    """When did the flow change? Change points of the directly-follows distribution over time.

    Parameters
    ----------
    log : EventLog
        The log (filter it to one unit, e.g. one municipality, first).
    period : {'week', 'month'}
    window : int
        Periods on each side for the sliding-window distance.
    min_size : int
        Fewest periods between change points.
    penalty : float, optional
        PELT penalty on the standardised square-root shares (default ``0.5 d log(n)`` for d transitions and n
        periods).
    top : int
        Transitions listed per change point.
    min_transitions : int
        Periods with fewer transitions are left out (too few to give a distribution).

    Returns
    -------
    ProcessDrift
    """
    if period not in ("week", "month"):
        raise InvalidParameterError(f"'period' must be 'week' or 'month'. Got {period!r} instead.", field="period")
    counts = _df_counts(log, period)
    if counts.empty:
        raise InvalidParameterError(f"log {log.name!r} has no directly-follows transitions to compare.",
                                    field="log")
    wide = counts.pivot_table(index="period", columns=["source", "target"], values="n", aggfunc="sum",
                              fill_value=0).sort_index()
    totals = wide.sum(axis=1)
    wide = wide[totals >= min_transitions]
    totals = totals[totals >= min_transitions]
    periods = [pd.Timestamp(p).date() for p in wide.index]
    mat = wide.to_numpy(float)
    shares = mat / totals.to_numpy(float)[:, None]
    # the search runs on the transitions that matter (at least 0.2 % of all transitions), as square roots of
    # their shares (Hellinger coordinates: the sampling noise is about the same for rare and common ones); the
    # first and last ``min_size`` periods are left out, where the extract's window cuts cases
    keep = shares.mean(axis=0) >= 0.002
    x = np.sqrt(shares[:, keep])
    rows: list[dict[str, Any]] = []
    trans: list[dict[str, Any]] = []
    pen = penalty
    lo, hi = min_size, len(x) - min_size
    if hi - lo >= 2 * min_size:
        found, pen = _pelt(x[lo:hi], penalty, min_size, 0.5)
        bkps = [b + lo for b in found]
        edges = [lo, *bkps, hi]
        names = list(wide.columns)
        for i, b in enumerate(bkps):
            before = mat[edges[i]:b].sum(axis=0)
            after = mat[b:edges[i + 2]].sum(axis=0)
            sb, sa = before / before.sum(), after / after.sum()
            rows.append({"day": periods[b], "unit": log.name, "before": None, "after": _js(before, after),
                         "ratio": None})
            for j in np.argsort(-np.abs(sa - sb))[:top]:
                trans.append({"change": periods[b], "source": str(names[j][0]), "target": str(names[j][1]),
                              "share_before": float(sb[j]), "share_after": float(sa[j]),
                              "difference": float(sa[j] - sb[j])})
    dist_rows = []
    for t in range(len(periods)):
        if t < window or t + window > len(periods):
            d = float("nan")
        else:
            d = _js(mat[t - window:t].sum(axis=0), mat[t:t + window].sum(axis=0))
        dist_rows.append({"period": periods[t], "distance": None if math.isnan(d) else d,
                          "n_transitions": int(totals.iloc[t])})
    tschema = pa.schema([("change", pa.date32()), ("source", pa.string()), ("target", pa.string()),
                         ("share_before", pa.float64()), ("share_after", pa.float64()), ("difference", pa.float64())])
    dschema = pa.schema([("period", pa.date32()), ("distance", pa.float64()), ("n_transitions", pa.int64())])
    return ProcessDrift(
        changes=ChangePoints(_changes_table(rows), penalty=pen, n_points=len(periods), resolution=period),
        transitions=TransitionShares(pa.Table.from_pylist(trans, schema=tschema)),
        distance=WindowDistance(pa.Table.from_pylist(dist_rows, schema=dschema), window=window),
        period=period)


class Timeline(Table):
    """Columns ``day``, ``kind`` (``'law'``, ``'intervention'``, ``'indicator_change'``, ``'process_change'``),
    ``label``, ``detail``; oldest first."""


def timeline(*, changes: list[ChangePoints] | None = None, process: ProcessDrift | None = None,
             workspace: Workspace | None = None, interventions: list[Intervention] | None = None,
             rules: RuleSet | str | None = "employment-dk", start: date | None = None,
             end: date | None = None) -> Timeline:
    """Change points beside the law changes and the registered interventions (of ``workspace``'s register, or
    the ``interventions`` given), oldest first."""
    from sagsflow.effect import ActionPlans, law_changes

    rows: list[dict[str, Any]] = []
    for cp in changes or []:
        for r in cp.to_arrow().to_pylist():
            rows.append({"day": r["day"], "kind": "indicator_change", "label": r["unit"],
                         "detail": f"{r['before']:.4g} -> {r['after']:.4g}"})
    if process is not None:
        for r in process.changes.to_arrow().to_pylist():
            moved = [t for t in process.transitions.to_arrow().to_pylist() if t["change"] == r["day"]][:2]
            rows.append({"day": r["day"], "kind": "process_change", "label": r["unit"],
                         "detail": "; ".join(f"{t['source']} -> {t['target']} {t['difference']:+.3f}" for t in moved)})
    days = [r["day"] for r in rows]
    if process is not None:
        days += [d for d in process.distance.column("period") if d is not None]
    lo = start or (min(days) if days else None)
    hi = end or (max(days) if days else None)
    if rules is not None:
        for c in law_changes(rules, start=lo, end=hi):
            rows.append({"day": c.day, "kind": "law", "label": ", ".join(c.laws) or "law change",
                         "detail": "starts: " + ", ".join(c.starts) + ("; ends: " + ", ".join(c.ends)
                                                                      if c.ends else "")})
    registered = list(interventions or [])
    if workspace is not None and workspace.path is not None:
        registered += ActionPlans(workspace).list()
    if registered:
        for iv in registered:
            if (lo is None or iv.start >= lo) and (hi is None or iv.start <= hi):
                rows.append({"day": iv.start, "kind": "intervention", "label": iv.name,
                             "detail": ", ".join(iv.units)})
    rows.sort(key=lambda r: (r["day"], r["kind"]))
    schema = pa.schema([("day", pa.date32()), ("kind", pa.string()), ("label", pa.string()),
                        ("detail", pa.string())])
    return Timeline(pa.Table.from_pylist(rows, schema=schema))
