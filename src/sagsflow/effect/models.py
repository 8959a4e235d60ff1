"""Effect estimates on indicator series: interrupted time series and difference-in-differences (statsmodels).

Both models work on the numerator and denominator of each period, so a week with 40 cases counts more than a
week with 3. On the default ``scale='ratio'`` the model is a log-linear (quasi-)Poisson regression with the
log of the denominator as offset: the effect is a ratio (``2.9`` = the indicator is 2.9 times what it would
have been; ``1`` = no effect) and works for waits, durations and shares alike. ``scale='difference'`` is a
weighted linear regression and gives the effect in the indicator's own unit (days, share points).

**Interrupted time series** (segmented regression): the unit's own periods before the start give a trend
(and, with two years of data, a seasonal pattern of two yearly harmonics); the effect is the step at the
start (``effect``) and the change of slope after it (``slope_change``). Known events (the rule pack's law
changes) get steps of their own. Neighbouring periods are alike, so the interval uses Newey-West (HAC)
standard errors; ``errors='arima'`` fits AR(1) errors instead (statsmodels SARIMAX, on the log scale for
ratios).

**Difference-in-differences**: the units the intervention did not target (other teams, other
municipalities) are pooled into one control series; each period has its own level (period fixed effects
absorb what hits everyone: seasons, shared law changes), the treated unit has its own level, and the effect
is the treated unit's extra change from the start. A known event may hit the treated unit differently, so it
gets a step of its own there. The standard errors are Driscoll-Kraay (HAC over periods). The parallel-trends
assumption is checked on the pre-period (``pretrend_p``).

The period that contains the start day is left out of both (it is partly before and partly after).
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

import numpy as np
import pandas as pd
import pyarrow as pa

from sagsflow.analysis._table import Table
from sagsflow.effect.indicators import IndicatorSeries
from sagsflow.errors import InvalidParameterError
from sagsflow.i18n import _, format_date, format_number, get_language

Scale = Literal["ratio", "difference"]
Errors = Literal["hac", "arima"]
#: fewest periods on each side of the start for an estimate
MIN_PERIODS = 4


class EffectFit(Table):
    """Columns ``period``, ``unit`` (``'treated'``/``'control'`` for DiD, the unit's name for ITS),
    ``observed``, ``fitted``, ``counterfactual`` (the model without the intervention), ``denominator``,
    ``post`` (after the start), ``used`` (False for the left-out start period). For the plot."""


@dataclass(frozen=True)
class EffectEstimate:
    """An effect with its 95 % interval, the pre-period fit, the fitted series and the assumptions in words.

    ``effect``, ``ci_low`` and ``ci_high`` are a ratio (``scale='ratio'``; 1 = no effect) or a difference in
    the indicator's unit (``scale='difference'``; 0 = no effect). ``slope_change`` (ITS only) is the change of
    trend per period after the start on the same scale. ``pre_fit`` holds ``r2`` (observed vs fitted before
    the start), ``mape`` and ``n_periods``.
    """

    method: Literal["its", "did"]
    scale: Scale
    indicator: dict[str, Any]
    unit: str
    start: date
    period: str
    effect: float
    ci_low: float
    ci_high: float
    p_value: float
    n_pre: int
    n_post: int
    pre_fit: dict[str, float]
    fit: EffectFit
    assumptions: tuple[str, ...]
    known_events: tuple[date, ...] = ()
    controls: tuple[str, ...] = ()
    slope_change: float | None = None
    slope_ci: tuple[float, float] | None = None
    pretrend_p: float | None = None
    errors: str = "hac"
    notes: tuple[str, ...] = field(default=())
    #: DiD against profiles: per control unit, the periods ``shown`` and ``hidden`` by its disclosure rule
    control_cells: dict[str, dict[str, int]] | None = None

    @property
    def null_value(self) -> float:
        """The value meaning "no effect": 1 for a ratio, 0 for a difference."""
        return 1.0 if self.scale == "ratio" else 0.0

    def covers(self, value: float) -> bool:
        """Whether ``value`` lies inside the 95 % interval."""
        return self.ci_low <= value <= self.ci_high

    @property
    def significant(self) -> bool:
        """The interval leaves out "no effect"."""
        return not self.covers(self.null_value)

    def summary(self) -> str:
        """One sentence for a manager, in the current language."""
        fmt = _fmt_ratio if self.scale == "ratio" else _fmt_diff
        args = {"effect": fmt(self.effect), "low": fmt(self.ci_low), "high": fmt(self.ci_high),
                "unit": self.unit, "start": format_date(self.start)}
        if self.scale == "ratio":
            text = _("From {start}, {unit}'s indicator was {effect} times what it would have been without the "
                     "intervention (95 % interval {low} to {high}).", **args)
        else:
            text = _("From {start}, {unit}'s indicator changed by {effect} compared with what it would have been "
                     "without the intervention (95 % interval {low} to {high}).", **args)
        verdict = (_("The interval leaves out no change, so the change is unlikely to be chance.")
                   if self.significant else _("The interval includes no change, so the data cannot tell an "
                                              "effect from chance."))
        return f"{text} {verdict}"

    def to_dict(self) -> dict[str, Any]:
        """Plain values for the REST API (the fitted series under ``fit``; NaN as None)."""
        return _clean({
            "method": self.method, "scale": self.scale, "indicator": self.indicator, "unit": self.unit,
            "start": self.start.isoformat(), "period": self.period, "effect": self.effect, "ci_low": self.ci_low,
            "ci_high": self.ci_high, "p_value": self.p_value, "significant": self.significant,
            "n_pre": self.n_pre, "n_post": self.n_post, "pre_fit": self.pre_fit,
            "slope_change": self.slope_change, "slope_ci": list(self.slope_ci) if self.slope_ci else None,
            "pretrend_p": self.pretrend_p, "controls": list(self.controls), "errors": self.errors,
            "known_events": [d.isoformat() for d in self.known_events], "summary": self.summary(),
            "assumptions": list(self.assumptions), "notes": list(self.notes),
            "control_cells": self.control_cells,
            "fit": self.fit.to_arrow().to_pylist(),
        })


def _clean(value: Any) -> Any:
    """NaN and infinite floats as None, through dicts and lists (JSON has no NaN)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


def _fmt_ratio(x: float) -> str:
    return format_number(x, decimals=2)


def _fmt_diff(x: float) -> str:
    return format_number(x, decimals=3 if abs(x) < 1 else 1)


# ----------------------------------------------------------------------------------------------- shared parts
def _as_day(value: date | str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise InvalidParameterError(f"'start' must be a date (YYYY-MM-DD). Got {value!r} instead.",
                                    field="start") from None


def _bucket(day: date, period: str) -> date:
    if period == "month":
        return day.replace(day=1)
    return date.fromordinal(day.toordinal() - day.weekday())


def _index(periods: pd.Series, period: str) -> np.ndarray:
    """Periods as numbers: weeks or months since the first."""
    d = pd.to_datetime(periods)
    if period == "month":
        m = d.dt.year * 12 + d.dt.month
        return np.asarray(m - m.min(), dtype=float)
    return np.asarray((d - d.min()).dt.days / 7.0, dtype=float)


def _season(periods: pd.Series, period: str) -> np.ndarray:
    """Two yearly harmonics (sin, cos) of the period's position in the year."""
    d = pd.to_datetime(periods)
    frac = (d.dt.month - 1) / 12.0 if period == "month" else (d.dt.day_of_year - 1) / 365.25
    frac = np.asarray(frac, dtype=float)
    return np.column_stack([f(2 * math.pi * k * frac) for k in (1, 2) for f in (np.sin, np.cos)])


def _maxlags(n: int) -> int:
    """Newey-West's rule of thumb: floor(4 (n/100)^(2/9))."""
    return max(1, int(4 * (n / 100.0) ** (2.0 / 9.0)))


def _frame(series: IndicatorSeries | pd.DataFrame) -> tuple[pd.DataFrame, dict[str, Any], str]:
    if isinstance(series, IndicatorSeries):
        df, meta = series.to_pandas(), series.meta
    else:
        df, meta = series.copy(), {}
    for col in ("unit", "period", "numerator", "denominator"):
        if col not in df.columns:
            raise InvalidParameterError(f"the series needs a column {col!r}; it has {list(df.columns)}.",
                                        field="series")
    df["period"] = pd.to_datetime(df["period"]).dt.date
    df = df[df["denominator"] > 0].copy()
    df["value"] = df["numerator"] / df["denominator"]
    return df, meta.get("indicator", {}), str(meta.get("period_kind", "week"))


def _events_in(known: tuple[date, ...], periods: list[date], start_bucket: date, period: str) -> list[date]:
    """Known events that can be told apart: two periods inside the series and not in the start's period."""
    if len(periods) < 5:
        return []
    first, last = periods[2], periods[-3]
    out = []
    for day in sorted(set(known)):
        b = _bucket(day, period)
        if first <= b <= last and b != start_bucket:
            out.append(day)
    return out


def _check_sides(n_pre: int, n_post: int, unit: str, start: date) -> None:
    if n_pre < MIN_PERIODS or n_post < MIN_PERIODS:
        raise InvalidParameterError(
            f"{unit!r} has {n_pre} periods with data before {start} and {n_post} after; an estimate needs at "
            f"least {MIN_PERIODS} on each side.", hint="Use a longer log, or monthly periods.", field="start")


def _pre_fit(obs: np.ndarray, fitted: np.ndarray, pre: np.ndarray) -> dict[str, float]:
    o, f = obs[pre], fitted[pre]
    r2 = float(np.corrcoef(o, f)[0, 1] ** 2) if len(o) > 2 and np.std(o) > 0 and np.std(f) > 0 else float("nan")
    nz = o != 0
    mape = float(np.mean(np.abs((o[nz] - f[nz]) / o[nz]))) if nz.any() else float("nan")
    return {"r2": round(r2, 4), "mape": round(mape, 4), "n_periods": int(pre.sum())}


def _ci(beta: float, se: float, scale: Scale, z: float = 1.959963984540054) -> tuple[float, float, float]:
    if scale == "ratio":
        return math.exp(beta), math.exp(beta - z * se), math.exp(beta + z * se)
    return beta, beta - z * se, beta + z * se


def _glm(y: np.ndarray, x: np.ndarray, den: np.ndarray, scale: Scale, cov_type: str,
         cov_kwds: dict[str, Any]) -> Any:
    import statsmodels.api as sm

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if scale == "ratio":
            model = sm.GLM(y, x, family=sm.families.Poisson(), offset=np.log(den))
            return model.fit(cov_type=cov_type, cov_kwds=cov_kwds)
        return sm.WLS(y / den, x, weights=den).fit(cov_type=cov_type, cov_kwds=cov_kwds)


def _period_word(period: str) -> str:
    return _("week") if period == "week" else _("month")


def _events_text(events: list[date]) -> str:
    return ", ".join(format_date(d) for d in events)


# ----------------------------------------------------------------------------------------------- ITS
def interrupted_time_series(series: IndicatorSeries | pd.DataFrame, start: date | str, *, unit: str | None = None,
                            known_events: tuple[date, ...] | list[date] = (), scale: Scale = "ratio",
                            seasonality: bool | None = None, slope_change: bool = True,
                            errors: Errors = "hac") -> EffectEstimate:
    """Segmented regression of one unit's indicator series around ``start``.

    Parameters
    ----------
    series : IndicatorSeries or DataFrame
        From :func:`~sagsflow.effect.indicator_series` (columns unit, period, numerator, denominator).
    start : date
        The intervention's first day.
    unit : str, optional
        The unit to model (default: the only unit of the series).
    known_events : list of date
        Days something else changed (law changes); each gets a step when it falls inside the series.
    scale : {'ratio', 'difference'}
        The effect as a ratio (log-linear model) or a difference in the indicator's unit.
    seasonality : bool, optional
        Two yearly harmonics; default when the series spans two years.
    slope_change : bool
        Also let the trend change after the start (the effect is then the step at the start).
    errors : {'hac', 'arima'}
        Newey-West standard errors, or AR(1) errors (SARIMAX).

    Returns
    -------
    EffectEstimate
    """
    day = _as_day(start)
    df, indicator, period = _frame(series)
    units = sorted(df["unit"].unique())
    if unit is None:
        if len(units) != 1:
            raise InvalidParameterError(f"the series has several units ({', '.join(units)}); choose one with 'unit'.",
                                        field="unit")
        unit = units[0]
    if unit not in units:
        raise InvalidParameterError(f"no unit {unit!r} in the series; units: {', '.join(units)}.", field="unit")
    d = df[df["unit"] == unit].sort_values("period").reset_index(drop=True)
    sb = _bucket(day, period)
    used = np.asarray(d["period"] != sb) if day != sb else np.ones(len(d), dtype=bool)
    post = np.asarray(d["period"] >= sb)
    n_pre, n_post = int((used & ~post).sum()), int((used & post).sum())
    _check_sides(n_pre, n_post, unit, day)
    t = _index(d["period"], period)
    t0 = t[np.argmax(post)] if post.any() else t[-1] + 1
    cols: list[np.ndarray] = [np.ones(len(d)), t / 52.0 if period == "week" else t / 12.0, post.astype(float)]
    names = ["const", "trend", "step"]
    if slope_change:
        cols.append(np.where(post, t - t0, 0.0) / (52.0 if period == "week" else 12.0))
        names.append("slope")
    span_years = (d["period"].iloc[-1] - d["period"].iloc[0]).days / 365.25
    if seasonality is None:
        seasonality = span_years >= 2.0 and n_pre >= (24 if period == "month" else 52) // 2
    if seasonality:
        s = _season(d["period"], period)
        cols += [s[:, i] for i in range(s.shape[1])]
        names += ["s1", "c1", "s2", "c2"]
    events = _events_in(tuple(known_events), list(d["period"]), sb, period)
    for ev in events:
        cols.append(np.asarray(d["period"] >= _bucket(ev, period), dtype=float))
        names.append(f"event_{ev.isoformat()}")
    x = np.column_stack(cols)
    y, den = d["numerator"].to_numpy(float), d["denominator"].to_numpy(float)
    xu, yu, du = x[used], y[used], den[used]
    lags = _maxlags(len(yu))
    i_step = names.index("step")
    notes: list[str] = []
    if errors == "arima":
        res, fitted_v, cf_v = _arima(yu, du, xu, x, den, i_step, names, scale)
    else:
        res = _glm(yu, xu, du, scale, "HAC", {"maxlags": lags})
        params = np.asarray(res.params)
        fitted_v = _predict(x, params, scale)
        x_cf = x.copy()
        x_cf[:, i_step] = 0.0
        if slope_change:
            x_cf[:, names.index("slope")] = 0.0
        cf_v = _predict(x_cf, params, scale)
    params, bse, pvals = np.asarray(res.params), np.asarray(res.bse), np.asarray(res.pvalues)
    eff, lo, hi = _ci(float(params[i_step]), float(bse[i_step]), scale)
    sl = slope_ci = None
    if slope_change:
        i = names.index("slope")
        sl, slo, shi = _ci(float(params[i]), float(bse[i]), scale)
        slope_ci = (slo, shi)
    obs = d["value"].to_numpy(float)
    pre_fit = _pre_fit(obs[used], fitted_v[used], ~post[used])
    fit = EffectFit(pa.table({
        "period": pa.array(list(d["period"]), pa.date32()), "unit": [unit] * len(d), "observed": obs,
        "fitted": fitted_v, "counterfactual": cf_v, "denominator": den, "post": post, "used": used}))
    assumptions = _its_assumptions(day, period, n_pre, n_post, events, bool(seasonality), lags, errors, sb != day)
    return EffectEstimate(
        method="its", scale=scale, indicator=indicator, unit=str(unit), start=day, period=period, effect=eff,
        ci_low=lo, ci_high=hi, p_value=float(pvals[i_step]), n_pre=n_pre, n_post=n_post, pre_fit=pre_fit,
        fit=fit, assumptions=tuple(assumptions), known_events=tuple(events), slope_change=sl,
        slope_ci=slope_ci, errors=errors, notes=tuple(notes))


def _predict(x: np.ndarray, params: np.ndarray, scale: Scale) -> np.ndarray:
    lin = x @ params
    return np.exp(lin) if scale == "ratio" else lin


def _arima(yu: np.ndarray, du: np.ndarray, xu: np.ndarray, x: np.ndarray, den: np.ndarray, i_step: int,
           names: list[str], scale: Scale) -> tuple[Any, np.ndarray, np.ndarray]:
    """AR(1) errors: SARIMAX on the value (or its log) with the design as regressors."""
    from statsmodels.tsa.statespace.sarimax import SARIMAX

    v = yu / du
    if scale == "ratio":
        floor = max(float(np.min(v[v > 0])) / 2 if (v > 0).any() else 1e-6, 1e-9)
        v = np.log(np.maximum(v, floor))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = SARIMAX(v, exog=xu, order=(1, 0, 0), trend="n").fit(disp=False)
    k = xu.shape[1]

    class _Res:  # the regression part of the SARIMAX result, in the GLM result's shape
        params = np.asarray(res.params)[:k]
        bse = np.asarray(res.bse)[:k]
        pvalues = np.asarray(res.pvalues)[:k]

    params = _Res.params
    x_cf = x.copy()
    x_cf[:, i_step] = 0.0
    if "slope" in names:
        x_cf[:, names.index("slope")] = 0.0
    return _Res, _predict(x, params, scale), _predict(x_cf, params, scale)


def _its_assumptions(start: date, period: str, n_pre: int, n_post: int, events: list[date], seasonal: bool,
                     lags: int, errors: str, left_out: bool) -> list[str]:
    p = _period_word(period)
    out = [
        _("Without the intervention, the indicator would have gone on following the trend it had before {start}"
          "{season}.", start=format_date(start),
          season=_(", with the same seasonal pattern") if seasonal else ""),
        _("Nothing else that moves the indicator changed at the same time as the intervention."),
        _("The estimate compares {n_pre} periods before with {n_post} periods after the start (one period = one "
          "{period}).", n_pre=n_pre, n_post=n_post, period=p),
    ]
    if left_out:
        out.append(_("The {period} that contains the start day is left out, because it is partly before and "
                     "partly after.", period=p))
    if events:
        out.append(_("Known events that also change the indicator (law changes on {days}) get a step of their own.",
                     days=_events_text(events)))
    if errors == "arima":
        out.append(_("Neighbouring periods resemble each other; the model lets each period's deviation carry over "
                     "to the next (AR(1) errors)."))
    else:
        out.append(_("Neighbouring periods resemble each other; the interval allows for that (Newey-West standard "
                     "errors over {lags} periods).", lags=lags))
    return out


# ----------------------------------------------------------------------------------------------- DiD
def difference_in_differences(series: IndicatorSeries | pd.DataFrame, start: date | str, *, treated: str,
                              controls: list[str] | tuple[str, ...] | None = None,
                              known_events: tuple[date, ...] | list[date] = (),
                              scale: Scale = "ratio") -> EffectEstimate:
    """The treated unit's change from ``start`` beyond the change of the pooled control units.

    Parameters
    ----------
    series : IndicatorSeries or DataFrame
        Several units (``indicator_series(..., by='kommune')``).
    start : date
        The intervention's first day.
    treated : str
        The unit the intervention targeted.
    controls : list of str, optional
        Units not targeted (default: every other unit of the series).
    known_events : list of date
        Days something else changed; each gets a step of its own for the treated unit.
    scale : {'ratio', 'difference'}

    Returns
    -------
    EffectEstimate
        With ``controls`` and ``pretrend_p`` (test of equal trends before the start).
    """
    day = _as_day(start)
    df, indicator, period = _frame(series)
    units = sorted(df["unit"].unique())
    if treated not in units:
        raise InvalidParameterError(f"no unit {treated!r} in the series; units: {', '.join(units)}.",
                                    field="treated")
    ctrl = [u for u in units if u != treated] if controls is None else list(controls)
    missing = [u for u in ctrl if u not in units]
    if missing or not ctrl or treated in ctrl:
        raise InvalidParameterError(
            f"the controls must be other units of the series ({', '.join(u for u in units if u != treated)}). "
            f"Got {ctrl!r} instead.", field="controls")
    pooled = (df[df["unit"].isin(ctrl)].groupby("period", as_index=False)[["numerator", "denominator"]].sum())
    tr = df[df["unit"] == treated][["period", "numerator", "denominator"]]
    both = tr.merge(pooled, on="period", suffixes=("_t", "_c")).sort_values("period").reset_index(drop=True)
    sb = _bucket(day, period)
    keep = both["period"] != sb
    periods = list(both["period"])
    post_p = np.asarray(both["period"] >= sb)
    n_pre, n_post = int((keep & ~post_p).sum()), int((keep & post_p).sum())
    _check_sides(n_pre, n_post, treated, day)
    events = _events_in(tuple(known_events), periods, sb, period)
    n = len(both)
    # stacked: treated rows then control rows; columns: period effects, treated level, treated x post, events
    per = np.eye(n)
    x_t = [per, np.ones((n, 1)), post_p[:, None].astype(float)]
    x_c = [per, np.zeros((n, 1)), np.zeros((n, 1))]
    for ev in events:
        step = np.asarray(both["period"] >= _bucket(ev, period), dtype=float)[:, None]
        x_t.append(step)
        x_c.append(np.zeros((n, 1)))
    x = np.vstack([np.hstack(x_t), np.hstack(x_c)])
    y = np.concatenate([both["numerator_t"].to_numpy(float), both["numerator_c"].to_numpy(float)])
    den = np.concatenate([both["denominator_t"].to_numpy(float), both["denominator_c"].to_numpy(float)])
    used = np.concatenate([keep.to_numpy(), keep.to_numpy()])
    time = np.concatenate([np.arange(n), np.arange(n)])
    # drop period columns of left-out periods (they would be all zero)
    col_keep = np.concatenate([keep.to_numpy(), np.ones(x.shape[1] - n, dtype=bool)])
    xu = x[used][:, col_keep]
    lags = _maxlags(n_pre + n_post)
    res = _glm(y[used], xu, den[used], scale, "hac-groupsum", {"time": time[used], "maxlags": lags})
    k = int(keep.sum())
    i_eff = k + 1
    params, bse = np.asarray(res.params), np.asarray(res.bse)
    eff, lo, hi = _ci(float(params[i_eff]), float(bse[i_eff]), scale)
    pval = float(np.asarray(res.pvalues)[i_eff])
    full = np.zeros(x.shape[1])
    full[col_keep] = params
    fitted_all = _predict(x, full, scale)
    x_cf = x.copy()
    x_cf[:, n + 1] = 0.0
    cf_all = _predict(x_cf, full, scale)
    obs = y / den
    pre_mask = np.concatenate([~post_p, ~post_p]) & used
    pre_fit = _pre_fit(obs[used], fitted_all[used], pre_mask[used])
    pretrend_p = _pretrend(both[keep & ~post_p], period, scale)
    fit = EffectFit(pa.table({
        "period": pa.array(periods + periods, pa.date32()), "unit": ["treated"] * n + ["control"] * n,
        "observed": obs, "fitted": fitted_all, "counterfactual": cf_all, "denominator": den,
        "post": np.concatenate([post_p, post_p]), "used": used}))
    assumptions = _did_assumptions(day, period, treated, ctrl, n_pre, n_post, events, lags, pretrend_p)
    return EffectEstimate(
        method="did", scale=scale, indicator=indicator, unit=treated, start=day, period=period, effect=eff,
        ci_low=lo, ci_high=hi, p_value=pval, n_pre=n_pre, n_post=n_post, pre_fit=pre_fit, fit=fit,
        assumptions=tuple(assumptions), known_events=tuple(events), controls=tuple(ctrl), pretrend_p=pretrend_p)


def _pretrend(pre: pd.DataFrame, period: str, scale: Scale) -> float | None:
    """p-value of a different linear trend of the treated unit before the start (period effects as above)."""
    n = len(pre)
    if n < MIN_PERIODS:
        return None
    t = _index(pre["period"], period)
    t = t / (52.0 if period == "week" else 12.0)
    per = np.eye(n)
    x = np.vstack([np.hstack([per, np.ones((n, 1)), t[:, None]]), np.hstack([per, np.zeros((n, 2))])])
    y = np.concatenate([pre["numerator_t"].to_numpy(float), pre["numerator_c"].to_numpy(float)])
    den = np.concatenate([pre["denominator_t"].to_numpy(float), pre["denominator_c"].to_numpy(float)])
    time = np.concatenate([np.arange(n), np.arange(n)])
    res = _glm(y, x, den, scale, "hac-groupsum", {"time": time, "maxlags": _maxlags(n)})
    p = float(np.asarray(res.pvalues)[-1])
    return None if math.isnan(p) else round(p, 4)


def _did_assumptions(start: date, period: str, treated: str, controls: list[str], n_pre: int, n_post: int,
                     events: list[date], lags: int, pretrend_p: float | None) -> list[str]:
    out = [
        _("Without the intervention, {treated} would have changed the way the comparison units ({controls}) "
          "did (parallel trends).", treated=treated, controls=", ".join(controls)),
        _("The intervention did not touch the comparison units, and nothing else changed only for {treated} "
          "at the same time.", treated=treated),
        _("The estimate compares {n_pre} periods before with {n_post} periods after the start (one period = one "
          "{period}); what happened to every unit in a period, such as the season, cancels out.",
          n_pre=n_pre, n_post=n_post, period=_period_word(period)),
        _("Neighbouring periods resemble each other; the interval allows for that (Driscoll-Kraay standard "
          "errors over {lags} periods).", lags=lags),
    ]
    if pretrend_p is not None:
        lang = get_language()
        p = format_number(pretrend_p, lang=lang, decimals=2)
        out.append(_("Check of parallel trends before {start}: p = {p} for a different trend ({verdict}).",
                     start=format_date(start), p=p,
                     verdict=_("no sign of different trends") if pretrend_p >= 0.05
                     else _("the trends differed; read the estimate with care")))
    if events:
        out.append(_("Known events (law changes on {days}) may hit {treated} differently; each gets a step of its "
                     "own.", days=_events_text(events), treated=treated))
    return out


# ----------------------------------------------------------------------------------------------- DiD on a panel
def difference_in_differences_panel(series: IndicatorSeries | pd.DataFrame, start: date | str, *, treated: str,
                                    controls: list[str] | tuple[str, ...] | None = None,
                                    known_events: tuple[date, ...] | list[date] = (), scale: Scale = "ratio",
                                    hidden: dict[str, int] | None = None, shares: bool = False,
                                    period: Literal["week", "month"] | None = None) -> EffectEstimate:
    """Difference-in-differences against control units whose series have gaps (other municipalities' profiles).

    Unlike :func:`difference_in_differences`, the controls are not pooled: each control unit keeps a level of its
    own and each period a level shared by all units (two-way fixed effects, quasi-Poisson or weighted least
    squares as above), so a period a control unit does not show (a cell its profile hid because it rested on
    fewer than k cases, or a month without cases) is simply left out of that unit, and the gap does not shift
    the comparison. Periods without any control cell, and the period that contains the start day, are left out.
    Standard errors are Driscoll-Kraay (HAC over periods).

    Parameters
    ----------
    series : IndicatorSeries or DataFrame
        Columns unit, period, numerator, denominator: the treated unit's periods and each control's shown cells.
    start : date
        The intervention's first day.
    treated : str
        The unit the intervention targeted.
    controls : list of str, optional
        The control units (default: every other unit).
    known_events : list of date
        Days something else changed; each gets a step of its own for the treated unit.
    scale : {'ratio', 'difference'}
    hidden : dict, optional
        Per control unit, how many of its cells its source hid (reported in ``notes`` and the assumptions).
    shares : bool
        The indicator is a share (the hidden cells are then those with few cases with or without the outcome).
    period : {'week', 'month'}, optional
        The periods of a DataFrame (an IndicatorSeries says so itself; default 'week').

    Returns
    -------
    EffectEstimate
        With ``controls``, ``pretrend_p`` and ``control_cells`` (periods shown and hidden per control).

    Examples
    --------
    >>> import pandas as pd
    >>> months = pd.date_range("2022-01-01", periods=24, freq="MS").date
    >>> rows = [{"unit": u, "period": m, "denominator": 50,
    ...          "numerator": 50 * lvl * (2.0 if u == "A" and i >= 12 else 1.0) * (1 + 0.1 * (i % 3))}
    ...         for u, lvl in (("A", 4.0), ("B", 6.0), ("C", 5.0)) for i, m in enumerate(months)
    ...         if not (u == "C" and i % 5 == 0)]                      # C's profile hid some months
    >>> est = difference_in_differences_panel(pd.DataFrame(rows), "2023-01-01", treated="A", period="month")
    >>> round(est.effect, 2), est.controls
    (2.0, ('B', 'C'))
    """
    day = _as_day(start)
    df, indicator, kind = _frame(series)
    period_kind: str = period or kind
    units = sorted(df["unit"].unique())
    if treated not in units:
        raise InvalidParameterError(f"no unit {treated!r} in the series; units: {', '.join(units)}.",
                                    field="treated")
    ctrl = [u for u in units if u != treated] if controls is None else list(controls)
    if not ctrl or treated in ctrl or any(u not in units for u in ctrl):
        raise InvalidParameterError(
            f"the controls must be other units of the series ({', '.join(u for u in units if u != treated)}). "
            f"Got {ctrl!r} instead.", field="controls")
    sb = _bucket(day, period_kind)
    tr = df[df["unit"] == treated]
    ct = df[df["unit"].isin(ctrl)]
    common = (set(tr["period"]) & set(ct["period"])) - {sb}
    tr = tr[tr["period"].isin(common)].sort_values("period")
    ct = ct[ct["period"].isin(common)].sort_values(["unit", "period"])
    ctrl = [u for u in ctrl if u in set(ct["unit"])]
    if not ctrl:
        raise InvalidParameterError("no control unit has a period in common with the treated unit.", field="controls")
    periods = sorted(common)
    n_pre = sum(p < sb for p in periods)
    n_post = len(periods) - n_pre
    _check_sides(n_pre, n_post, treated, day)
    events = _events_in(tuple(known_events), periods, sb, period_kind)
    rows = pd.concat([tr, ct], ignore_index=True)
    pidx = {p: i for i, p in enumerate(periods)}
    time = rows["period"].map(pidx).to_numpy(int)
    n_rows, n_per = len(rows), len(periods)
    is_t = np.asarray(rows["unit"] == treated, dtype=float)
    post = np.asarray(rows["period"] >= sb, dtype=float)
    per = np.zeros((n_rows, n_per))
    per[np.arange(n_rows), time] = 1.0
    unit_cols = [np.asarray(rows["unit"] == u, dtype=float) for u in ctrl[1:]]
    cols = [per, *(c[:, None] for c in unit_cols), is_t[:, None], (is_t * post)[:, None]]
    for ev in events:
        cols.append((is_t * (rows["period"] >= _bucket(ev, period_kind)).to_numpy(dtype=float))[:, None])
    x = np.hstack(cols)
    i_eff = n_per + len(unit_cols) + 1
    y, den = rows["numerator"].to_numpy(float), rows["denominator"].to_numpy(float)
    lags = _maxlags(n_per)
    res = _glm(y, x, den, scale, "hac-groupsum", {"time": time, "maxlags": lags})
    params, bse = np.asarray(res.params), np.asarray(res.bse)
    eff, lo, hi = _ci(float(params[i_eff]), float(bse[i_eff]), scale)
    pval = float(np.asarray(res.pvalues)[i_eff])
    fitted = _predict(x, params, scale)
    x_cf = x.copy()
    x_cf[:, i_eff] = 0.0
    cf = _predict(x_cf, params, scale)
    obs = y / den
    pre_rows = post == 0
    pre_fit = _pre_fit(obs, fitted, pre_rows)
    # pre-period check: a different linear trend of the treated unit before the start
    pretrend_p: float | None = None
    if n_pre >= MIN_PERIODS:
        t = _index(rows["period"], period_kind) / (52.0 if period_kind == "week" else 12.0)
        xp = np.hstack([per, *(c[:, None] for c in unit_cols), is_t[:, None], (is_t * t)[:, None]])[pre_rows]
        keep_cols = xp.any(axis=0)
        rp = _glm(y[pre_rows], xp[:, keep_cols], den[pre_rows], scale, "hac-groupsum",
                  {"time": time[pre_rows], "maxlags": _maxlags(n_pre)})
        p = float(np.asarray(rp.pvalues)[-1])
        pretrend_p = None if math.isnan(p) else round(p, 4)
    # the plot: the treated unit, and the controls pooled over their shown cells
    frame = pd.DataFrame({"period": rows["period"], "t": is_t > 0, "num": y, "den": den, "fit": fitted * den})
    c = frame[~frame["t"]].groupby("period", as_index=False)[["num", "den", "fit"]].sum().sort_values("period")
    t_rows = is_t > 0
    tp = list(rows["period"][t_rows])
    fit = EffectFit(pa.table({
        "period": pa.array(tp + list(c["period"]), pa.date32()),
        "unit": ["treated"] * len(tp) + ["control"] * len(c),
        "observed": np.concatenate([obs[t_rows], c["num"] / c["den"]]),
        "fitted": np.concatenate([fitted[t_rows], c["fit"] / c["den"]]),
        "counterfactual": np.concatenate([cf[t_rows], c["fit"] / c["den"]]),
        "denominator": np.concatenate([den[t_rows], c["den"]]),
        "post": np.concatenate([post[t_rows] > 0, np.asarray(c["period"] >= sb)]),
        "used": np.ones(len(tp) + len(c), dtype=bool)}))
    shown = {u: int((ct["unit"] == u).sum()) for u in ctrl}
    hid = {u: int((hidden or {}).get(u, 0)) for u in ctrl}
    assumptions = _did_assumptions(day, period_kind, treated, ctrl, n_pre, n_post, events, lags, pretrend_p)
    assumptions.insert(1, _(
        "Each comparison unit keeps its own level; a period a unit does not show is left out of that unit only "
        "({shown} periods shown and {hidden} hidden by the units' disclosure rule, groups under k).",
        shown=sum(int(v) for v in shown.values()), hidden=sum(int(v) for v in hid.values())))
    if shares and any(hid.values()):
        assumptions.insert(2, _(
            "For a share, a period is hidden when few cases had (or lacked) the outcome, so the hidden periods are "
            "not a random choice; if that happened more often after the start than before, the comparison moves a "
            "little."))
    return EffectEstimate(
        method="did", scale=scale, indicator=indicator, unit=treated, start=day, period=period_kind, effect=eff,
        ci_low=lo, ci_high=hi, p_value=pval, n_pre=n_pre, n_post=n_post, pre_fit=pre_fit, fit=fit,
        assumptions=tuple(assumptions), known_events=tuple(events), controls=tuple(ctrl), pretrend_p=pretrend_p,
        control_cells={u: {"shown": shown[u], "hidden": hid[u]} for u in ctrl})
