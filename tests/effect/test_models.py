"""The effect models on series with a known effect: the interval holds the truth, "no effect" when there is none."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from sagsflow.effect import difference_in_differences, interrupted_time_series
from sagsflow.errors import InvalidParameterError


def _series(effect: float, *, units: dict[str, float] | None = None, treated: str = "T", seed: int = 1,
            start: date = date(2023, 1, 2), weeks: int = 150, at: int = 90, n: int = 60) -> pd.DataFrame:
    """Weekly waits: a yearly season, a shared noise per week, the effect (ratio) on ``treated`` from week ``at``."""
    rng = np.random.default_rng(seed)
    rows = []
    shared = rng.normal(0, 0.05, weeks)
    for unit, level in (units or {"T": 7.0}).items():
        for w in range(weeks):
            season = 1 + 0.15 * np.sin(2 * np.pi * w / 52)
            mean = level * season * np.exp(shared[w]) * (effect if unit == treated and w >= at else 1.0)
            waits = rng.gamma(4.0, mean / 4.0, n)
            rows.append({"unit": unit, "period": start + timedelta(weeks=w), "numerator": waits.sum(),
                         "denominator": n})
    return pd.DataFrame(rows)


def _start(at: int = 90) -> date:
    return date(2023, 1, 2) + timedelta(weeks=at)


@pytest.mark.parametrize("true", [0.5, 1.0, 2.5])
def test_its_interval_holds_the_injected_ratio(true: float) -> None:
    est = interrupted_time_series(_series(true), _start())
    assert est.covers(true), (est.effect, est.ci_low, est.ci_high)
    assert est.significant == (true != 1.0)
    assert est.n_pre == 90 and est.n_post == 60 and est.period == "week"


def test_its_on_the_difference_scale_and_with_arima_errors() -> None:
    df = _series(1.5)
    diff = interrupted_time_series(df, _start(), scale="difference", slope_change=False)
    assert diff.covers(3.5), (diff.effect, diff.ci_low, diff.ci_high)  # 7 days * 0.5
    ar = interrupted_time_series(df, _start(), errors="arima")
    assert ar.covers(1.5)


def test_did_uses_the_untargeted_units_and_their_shared_shocks() -> None:
    df = _series(2.0, units={"T": 7.0, "C1": 5.0, "C2": 9.0})
    est = difference_in_differences(df, _start(), treated="T")
    assert est.covers(2.0) and est.controls == ("C1", "C2")
    assert est.pretrend_p is not None and est.pretrend_p > 0.05
    null = difference_in_differences(_series(1.0, units={"T": 7.0, "C1": 5.0}, seed=3), _start(), treated="T")
    assert null.covers(1.0) and not null.significant


def test_a_start_inside_a_period_leaves_that_period_out() -> None:
    est = interrupted_time_series(_series(2.0), _start() + timedelta(days=3))
    fit = est.fit.to_pandas()
    assert (~fit["used"]).sum() == 1 and est.covers(2.0)
    assert any("left out" in a for a in est.assumptions)


def test_too_few_periods_and_unknown_units_are_refused() -> None:
    with pytest.raises(InvalidParameterError, match="at least"):
        interrupted_time_series(_series(2.0, weeks=30, at=28), _start(28))
    with pytest.raises(InvalidParameterError, match="no unit"):
        interrupted_time_series(_series(2.0), _start(), unit="X")
    with pytest.raises(InvalidParameterError, match="controls"):
        difference_in_differences(_series(2.0), _start(), treated="T")
    with pytest.raises(InvalidParameterError, match="date"):
        interrupted_time_series(_series(2.0), "soon")
