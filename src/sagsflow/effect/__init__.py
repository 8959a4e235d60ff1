"""Did it work? Action plans, indicator series and effect estimates (interrupted time series, DiD).

The steps a notebook user takes::

    from sagsflow.effect import ActionPlans, Intervention, estimate_effect

    plans = ActionPlans(ws)                          # the workspace's register (action_plans.json)
    iv = plans.add(Intervention(name="Digital pre-interview", start="2024-09-01", log="dagpenge",
                                unit_by="kommune", units=["Nørreby"], expected_direction="down",
                                indicator={"kind": "outcome_share", "among": [...], "outcome": ["Udeblevet"]}))
    its = estimate_effect(ws.log("dagpenge"), iv, method="its")
    did = estimate_effect(ws.log("dagpenge"), iv, method="did")   # the other municipalities as controls
    # or, in a workspace holding only the own cases: the other municipalities' imported profiles
    did = estimate_effect(ws.log("dagpenge"), iv, method="did", controls="profiles")
    its.effect, its.ci_low, its.ci_high, its.summary(), its.assumptions

Law changes of the rule pack are known events: :func:`estimate_effect` models them as steps of their own.
See ``docs/effect.md``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, Literal

from sagsflow.effect.indicators import Indicator, IndicatorSeries, SeriesSpec, indicator_series
from sagsflow.effect.law import LawChange, law_changes
from sagsflow.effect.models import (
    EffectEstimate,
    EffectFit,
    difference_in_differences,
    difference_in_differences_panel,
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
    "SeriesSpec",
    "difference_in_differences",
    "difference_in_differences_panel",
    "estimate_effect",
    "indicator_series",
    "interrupted_time_series",
    "law_changes",
]


def estimate_effect(log: EventLog, intervention: Intervention, *, method: Literal["its", "did"] = "its",
                    scale: Literal["ratio", "difference"] = "ratio", rules: RuleSet | str | None = "employment-dk",
                    errors: Literal["hac", "arima"] = "hac", unit: str | None = None,
                    controls: Literal["units", "profiles"] = "units",
                    profiles: list[dict[str, Any]] | None = None,
                    control_names: list[str] | None = None) -> EffectEstimate:
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
    controls : {'units', 'profiles'}
        DiD only: the units of the log the intervention does not target, or the benchmark profiles of other
        municipalities (``sagsflow.share``) that carry the intervention's series (``series_spec()``); their
        hidden cells (groups under k) are left out (:func:`difference_in_differences_panel`).
    profiles : list of dict, optional
        With ``controls='profiles'``: the profiles (default: those imported into the log's workspace).
    control_names : list of str, optional
        With ``controls='profiles'``: only the profiles of these names (leave out a municipality that changed
        something of its own at the same time).
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
    if method == "did" and controls == "profiles":
        return _did_profiles(measured, intervention, targeted, events, scale, profiles, control_names)
    if method == "did":
        if controls != "units":
            raise InvalidParameterError(f"'controls' must be 'units' or 'profiles'. Got {controls!r} instead.",
                                        field="controls")
        if intervention.unit_by is None or targeted is None:
            raise InvalidParameterError(
                "a difference-in-differences needs units: set the intervention's 'unit_by' (a case attribute) "
                "and 'units' (the targeted values).", field="method")
        others = sorted(set(series.column("unit")) - set(intervention.units))
        return difference_in_differences(series, intervention.start, treated=targeted, controls=others,
                                         known_events=events, scale=scale)
    raise InvalidParameterError(f"'method' must be 'its' or 'did'. Got {method!r} instead.", field="method")


def _did_profiles(measured: EventLog, intervention: Intervention, targeted: str | None, events: list[Any],
                  scale: Literal["ratio", "difference"], profiles: list[dict[str, Any]] | None,
                  control_names: list[str] | None = None) -> EffectEstimate:
    """DiD of the own log's targeted unit (or all of it) against the imported profiles carrying its series."""
    import pandas as pd

    from sagsflow.share import list_profiles, profile_series

    spec = intervention.series_spec()
    profs = list_profiles(measured.workspace) if profiles is None else profiles
    if control_names is not None:
        unknown = sorted(set(control_names) - {str(p["name"]) for p in profs})
        if unknown:
            raise InvalidParameterError(f"no imported profile named {', '.join(map(repr, unknown))}; imported: "
                                        f"{', '.join(str(p['name']) for p in profs) or '(none)'}.", field="controls")
        profs = [p for p in profs if str(p["name"]) in control_names]
    rows, hidden = profile_series(profs, spec)
    names = [c.name for c in measured.schema.case_attributes]
    by = intervention.unit_by if intervention.unit_by in names else None
    own = indicator_series(measured, intervention.indicator, period=intervention.period, by=by).to_pandas()
    if by is not None:
        if targeted is None or targeted not in set(own["unit"]):
            raise InvalidParameterError(
                f"no cases of {targeted!r} ({by}) in log {measured.name!r}; it has {sorted(set(own['unit']))}.",
                field="units")
        own = own[own["unit"] == targeted]
    name = targeted or measured.name
    clash = {str(p["name"]) for p in profs} & {name}
    if clash:
        raise InvalidParameterError(f"an imported profile has the treated unit's name {name!r}; a unit cannot be "
                                    "its own control.", field="controls")
    own = own.assign(unit=name)[["unit", "period", "numerator", "denominator"]]
    panel = pd.concat([own, pd.DataFrame(rows)], ignore_index=True)
    est = difference_in_differences_panel(panel, intervention.start, treated=name, known_events=events,
                                          scale=scale, hidden=hidden, shares=intervention.indicator.is_share,
                                          period=intervention.period)
    return replace(est, indicator=intervention.indicator.model_dump(exclude_defaults=True))
