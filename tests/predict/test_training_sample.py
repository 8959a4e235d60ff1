"""Bounding the training cost: sampled training prefixes, early stopping on the validation window."""

from __future__ import annotations

import pytest

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


def test_next_activity_training_rows_are_capped_by_the_number_of_classes(synth_log: EventLog,
        monkeypatch: pytest.MonkeyPatch) -> None:
    import sagsflow.predict.model as model

    monkeypatch.setattr(model, "MULTICLASS_CELLS", 6_000)
    m = ProcessPredictor(target="next_activity", search="none", fallback=False,
                         policy=FeaturePolicy(inter_case=False, calendar=False)).fit(synth_log)
    cap = max(1_000, 6_000 // len(m.classes_))
    assert m.window_["n_train_prefixes"] > cap  # the cap bit: fewer prefixes fitted than were eligible
    assert m.n_final_rows_ == cap


def test_the_validation_window_is_sampled_by_whole_cases(synth_log: EventLog) -> None:
    full = ProcessPredictor(target="remaining_time", search="none",
                            policy=FeaturePolicy(inter_case=False, calendar=False)).fit(synth_log)
    small = ProcessPredictor(target="remaining_time", search="none", max_validation_rows=120,
                             policy=FeaturePolicy(inter_case=False, calendar=False)).fit(synth_log)
    assert full.window_["n_validation_prefixes"] > 120
    assert 0 < small.window_["n_validation_prefixes"] <= 120
    # the test cases are the same: only the window inside training was sampled
    assert small.evaluation_.n_test_prefixes == full.evaluation_.n_test_prefixes
