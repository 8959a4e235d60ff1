"""Did it work? Action plans, indicator series and effect estimates (interrupted time series, DiD).

The steps a notebook user takes::

    from sagsflow.effect import ActionPlans, Intervention, estimate_effect

    plans = ActionPlans(ws)                          # the workspace's register (action_plans.json)
    iv = plans.add(Intervention(name="Digital pre-interview", start="2024-09-01", log="dagpenge",
                                unit_by="kommune", units=["Nørreby"], expected_direction="down",
                                indicator={"kind": "outcome_share", "among": [...], "outcome": ["Udeblevet"]}))
    its = estimate_effect(ws.log("dagpenge"), iv, method="its")
    did = estimate_effect(ws.log("dagpenge"), iv, method="did")   # the other municipalities as controls
    its.effect, its.ci_low, its.ci_high, its.summary(), its.assumptions

Law changes of the rule pack are known events: :func:`estimate_effect` models them as steps of their own.
See ``docs/effect.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from sagsflow.effect.indicators import Indicator, IndicatorSeries, indicator_series
from sagsflow.effect.law import LawChange, law_changes
from sagsflow.effect.models import (
    EffectEstimate,
    EffectFit,
    difference_in_differences,
    interrupted_time_series,
)
from sagsflow.effect.plans import ActionPlans, Intervention
from sagsflow.errors import InvalidParameterError

if TYPE_CHECKING:
    from sagsflow.compliance.rules import RuleSet
    from sagsflow.log import EventLog

__all__ = [
    "ActionPlans",
    "EffectEstimate",
    "EffectFit",
    "Indicator",
    "IndicatorSeries",
    "Intervention",
    "LawChange",
    "difference_in_differences",
    "estimate_effect",
    "indicator_series",
    "interrupted_time_series",
    "law_changes",
]


def estimate_effect(log: EventLog, intervention: Intervention, *, method: Literal["its", "did"] = "its",
                    scale: Literal["ratio", "difference"] = "ratio", rules: RuleSet | str | None = "employment-dk",
                    errors: Literal["hac", "arima"] = "hac", unit: str | None = None) -> EffectEstimate:
    """Estimate the effect of a registered intervention on its indicator.

    Parameters
    ----------
    log : EventLog
        The log the intervention's indicator is measured on (narrowed to its case types here).
    intervention : Intervention
        From :class:`ActionPlans`.
    method : {'its', 'did'}
        Interrupted time series of the targeted unit, or difference-in-differences against the units the
        intervention does not target.
    scale : {'ratio', 'difference'}
    rules : RuleSet or str, optional
        Whose validity dates are the known law changes (None: no known events).
    errors : {'hac', 'arima'}
        ITS only: Newey-West standard errors or AR(1) errors.
    unit : str, optional
        Which targeted unit (default: the first of ``intervention.units``).
    """
    measured = intervention.measured_log(log)
    series = indicator_series(measured, intervention.indicator, period=intervention.period,
                              by=intervention.unit_by)
    events = [c.day for c in law_changes(rules)] if rules is not None else []
    targeted = unit or (intervention.units[0] if intervention.units else None)
    if method == "its":
        if targeted is None and intervention.unit_by is None:
            targeted = "all"
        return interrupted_time_series(series, intervention.start, unit=targeted, known_events=events,
                                       scale=scale, errors=errors)
    if method == "did":
        if intervention.unit_by is None or targeted is None:
            raise InvalidParameterError(
                "a difference-in-differences needs units: set the intervention's 'unit_by' (a case attribute) "
                "and 'units' (the targeted values).", field="method")
        controls = sorted(set(series.column("unit")) - set(intervention.units))
        return difference_in_differences(series, intervention.start, treated=targeted, controls=controls,
                                         known_events=events, scale=scale)
    raise InvalidParameterError(f"'method' must be 'its' or 'did'. Got {method!r} instead.", field="method")
