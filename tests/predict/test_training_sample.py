"""Bounding the training cost of next-activity models: stratified class sample, early stopping on
cases from the training window only."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sagsflow.log import EventLog
from sagsflow.predict import ProcessPredictor
from sagsflow.predict.model import _hold_out_cases, _stratified


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 3000), min_size=1, max_size=12), st.integers(50, 5000), st.integers(1, 400))
def test_stratified_sample_keeps_budget_rare_classes_and_frequencies(sizes: list[int], budget: int,
                                                                     floor: int) -> None:
    y = np.repeat(np.arange(len(sizes)), sizes)
    rows = np.random.default_rng(1).permutation(len(y))
    kept, weight = _stratified(y, rows, budget, floor, np.random.default_rng(0))
    if weight is None:  # under the budget: everything, unweighted
        assert len(y) <= budget and np.array_equal(kept, rows)
        return
    assert len(set(kept.tolist())) == len(kept) and set(kept.tolist()) <= set(rows.tolist())
    per_class = np.bincount(y[kept], minlength=len(sizes))
    assert (per_class >= np.minimum(sizes, floor)).all()  # a rare class is never sampled away
    assert len(kept) <= max(budget, sum(min(s, floor) for s in sizes))
    # the weights give every class back its share of the training prefixes
    assert np.allclose(np.bincount(y[kept], weights=weight, minlength=len(sizes)), sizes)


def test_validation_cases_are_whole_training_cases() -> None:
    case_idx = np.repeat(np.arange(200), 4)
    rows = np.arange(600)  # the training rows: cases 0..149
    fit, val = _hold_out_cases(case_idx, rows, 0.1, np.random.default_rng(0))
    assert len(np.unique(case_idx[val])) == 15
    assert not set(case_idx[fit]) & set(case_idx[val])  # no case on both sides
    assert set(np.r_[fit, val].tolist()) == set(rows.tolist())


def test_next_activity_stops_early_on_training_cases(synth_log: EventLog) -> None:
    m = ProcessPredictor(target="next_activity", n_estimators=400, max_class_rows=2000).fit(synth_log)
    assert m.n_train_rows_ <= 2000 + 500 * len(m.classes_)
    assert m.best_iterations_ and max(m.best_iterations_) < 200  # stopped before the 200 rounds allowed
    acc, base = m.evaluation_.pooled["accuracy"]
    assert base is not None and acc >= base - 0.02
