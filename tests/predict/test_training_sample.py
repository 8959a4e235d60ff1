"""Bounding the training cost: sampled training prefixes, early stopping on the validation window."""

from __future__ import annotations

from sagsflow.log import EventLog
from sagsflow.predict import FeaturePolicy, ProcessPredictor


def test_next_activity_stops_early_on_the_validation_window(synth_log: EventLog) -> None:
    m = ProcessPredictor(target="next_activity", n_estimators=400, max_train_rows=1500, max_search_rows=1000,
                         search="none", fallback=False,
                         policy=FeaturePolicy(inter_case=False, calendar=False)).fit(synth_log)
    lgbm = [c for c in m.candidates_ if c.family == "lightgbm"]
    assert lgbm and max(c.rounds for c in lgbm) < 200  # stopped well before the 400 rounds allowed
    assert m.model_ is not None and m.model_[-1].n_estimators <= max(20, round(max(c.rounds for c in lgbm) * 1.15))
    assert m.window_["n_train_prefixes"] > 1500  # all training prefixes were eligible, 1,500 of them fitted
    acc, base = m.evaluation_.pooled["accuracy"]
    assert base is not None and acc >= base - 0.05
