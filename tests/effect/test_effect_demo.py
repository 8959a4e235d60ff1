"""Must show (issue #18): the injected effects of the demo are estimated with the true size inside the 95 %
interval, by interrupted time series and by difference-in-differences against the other municipalities; an
intervention where nothing changed gets an interval that covers "no effect"."""

from __future__ import annotations

from pathlib import Path

import pytest

from sagsflow.effect import ActionPlans, Intervention, estimate_effect
from sagsflow.i18n import use_language
from sagsflow.store.workspace import Workspace
from tests.effect.conftest import NO_SHOW, WAIT

pytestmark = pytest.mark.slow


def _estimate(path: Path, iv: dict, method: str, **kw: object):
    with Workspace.open(path, read_only=True) as ws:
        return estimate_effect(ws.log(iv["log"]), Intervention.model_validate(iv), method=method, **kw)  # type: ignore[arg-type]


def _bottleneck(truth: dict) -> dict:
    b = truth["bottleneck"]
    return {"name": "Visitation team halved", "start": b["from"], "log": b["process"], "unit_by": "kommune",
            "units": [b["municipality"]], "indicator": WAIT, "period": "month", "expected_direction": "up"}


def _pre_interview(truth: dict) -> dict:
    c = truth["process_change"]
    return {"name": "Digital pre-interview", "start": c["from"], "log": c["process"], "unit_by": "kommune",
            "units": [c["municipality"]], "indicator": NO_SHOW, "period": "month", "expected_direction": "down",
            "expected_size": c["no_show_factor"]}


@pytest.mark.parametrize("method", ["its", "did"])
def test_the_tripled_wait_in_egholm_is_inside_the_interval(demo_path: Path, demo_truth: dict, method: str) -> None:
    est = _estimate(demo_path, _bottleneck(demo_truth), method)
    factor = demo_truth["bottleneck"]["factor"]
    assert est.covers(factor), (est.effect, est.ci_low, est.ci_high)
    assert est.significant and est.ci_low > 1.8
    assert est.n_pre >= 20 and est.n_post >= 20
    if method == "did":
        assert set(est.controls) == {"Søby", "Åkjær", "Nørreby", "Vestlev"}


@pytest.mark.parametrize("method", ["its", "did"])
def test_the_no_show_drop_in_noerreby_is_inside_the_interval(demo_path: Path, demo_truth: dict, method: str) -> None:
    est = _estimate(demo_path, _pre_interview(demo_truth), method)
    assert est.covers(demo_truth["process_change"]["no_show_factor"]), (est.effect, est.ci_low, est.ci_high)
    assert est.significant and est.ci_high < 1


@pytest.mark.parametrize("method", ["its", "did"])
@pytest.mark.parametrize(("where", "make"), [("Egholm", _pre_interview), ("Søby", _bottleneck)])
def test_a_null_intervention_covers_no_effect(demo_path: Path, demo_truth: dict, method: str, where: str,
                                              make) -> None:
    iv = make(demo_truth) | {"units": [where]}
    if where == "Søby":
        iv["start"] = "2023-04-01"
    est = _estimate(demo_path, iv, method)
    assert est.covers(1.0), (est.effect, est.ci_low, est.ci_high)
    assert not est.significant
    diff = _estimate(demo_path, iv, method, scale="difference")
    assert diff.covers(0.0), (diff.effect, diff.ci_low, diff.ci_high)


def test_law_changes_are_known_events_and_the_assumptions_read_in_danish(demo_path: Path, demo_truth: dict) -> None:
    with use_language("da"):
        est = _estimate(demo_path, _bottleneck(demo_truth), "its")
        text = " ".join(est.assumptions)
        assert "1. jan. 2024" in text and "Uden indsatsen" in text
        assert "gange" in est.summary()
    assert [d.isoformat() for d in est.known_events] == ["2024-01-01", "2025-07-01"]
    fit = est.fit.to_pandas()
    post = fit[fit["post"] & fit["used"]]
    # the counterfactual is the fitted line without the step and the slope change: a third of it, or less
    assert (post["fitted"] > 1.8 * post["counterfactual"]).all()
    assert 0 <= est.pre_fit["mape"] < 0.5


def test_arima_errors_agree_with_newey_west(demo_path: Path, demo_truth: dict) -> None:
    est = _estimate(demo_path, _bottleneck(demo_truth), "its", errors="arima")
    assert est.covers(demo_truth["bottleneck"]["factor"]) and est.errors == "arima"


def test_the_register_round_trip_feeds_the_estimate(demo_path: Path, demo_truth: dict, tmp_path: Path) -> None:
    with Workspace.open(demo_path, read_only=True) as ws:
        plans = ActionPlans(ws)
        iv = plans.add(_pre_interview(demo_truth))
        try:
            again = plans.get(iv.id)
            est = estimate_effect(ws.log(again.log), again, method="its")
        finally:
            plans.remove(iv.id)
    assert again.start.isoformat() == "2024-09-01" and again.units == ["Nørreby"]
    assert est.covers(0.4)
