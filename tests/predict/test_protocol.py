"""The evaluation protocol: leak-free temporal split, baselines, conformal coverage, calibration."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sagsflow.log import EventLog
from sagsflow.predict import FeaturePolicy, ProcessPredictor
from sagsflow.predict.evaluate import LastActivityBaseline, evaluate_binary
from sagsflow.predict.model import _conformal_q


@pytest.fixture(scope="module")
def remaining(synth_log: EventLog) -> ProcessPredictor:
    # the process state only: the synthetic log's workload grows while the log fills up, which is no signal
    return ProcessPredictor(target="remaining_time", n_estimators=60,
                            policy=FeaturePolicy(inter_case=False, calendar=False)).fit(synth_log)


def test_no_training_event_after_the_first_test_case_starts(remaining: ProcessPredictor, synth_log: EventLog) -> None:
    cut = pd.Timestamp(remaining.window_["cut"])
    ev = synth_log.to_pandas()
    starts = ev.groupby("case_id")["timestamp"].min().sort_values()
    n_test = remaining.window_["n_test_cases"]
    assert cut == starts.iloc[len(starts) - n_test]  # T = start of the first test case
    assert pd.Timestamp(remaining.window_["max_train_event"]) < cut
    train_cases = synth_log.cases().df().set_index("case_idx")
    used = np.r_[remaining.split_.train, remaining.split_.calibration]
    assert len(used) and len(remaining.split_.test)
    test_idx = set(remaining.test_predictions_["case_idx"])
    ends = train_cases["end_time"]
    # every training case ended before T, every test case started at or after T
    assert (pd.to_datetime(ends.drop(index=list(test_idx))[ends.drop(index=list(test_idx)) < cut]) < cut).all()
    assert (pd.to_datetime(train_cases.loc[list(test_idx), "start_time"], utc=True) >= cut).all()
    assert remaining.window_["n_train_cases"] < len(train_cases) - n_test  # cases running at T were left out


def test_model_beats_the_baseline_and_reports_both(remaining: ProcessPredictor) -> None:
    mae, base = remaining.evaluation_.pooled["MAE (days)"]
    assert base is not None and mae < base
    by = remaining.evaluation_.by_prefix
    assert {"prefix_length", "n", "mae", "baseline_mae"} <= set(by.columns)
    assert by["n"].sum() == remaining.evaluation_.n_test_prefixes


def test_conformal_intervals_cover_near_nominal_on_the_log(remaining: ProcessPredictor) -> None:
    cov = remaining.evaluation_.pooled["interval coverage"][0]
    assert 0.75 <= cov <= 0.99
    tp = remaining.test_predictions_
    assert (tp["low"] <= tp["pred"]).all() and (tp["pred"] <= tp["high"]).all() and (tp["low"] >= 0).all()


def test_split_conformal_coverage_is_nominal_on_exchangeable_data() -> None:
    rng = np.random.default_rng(3)
    covers = []
    for _ in range(200):
        cal, test = rng.standard_t(3, 300), rng.standard_t(3, 300)
        q = _conformal_q(np.abs(cal), 0.1)
        covers.append(np.mean(np.abs(test) <= q))
    assert abs(np.mean(covers) - 0.9) < 0.01


def test_last_activity_baselines_by_hand() -> None:
    last = np.array([0, 0, 0, 1, 1, 2])
    nxt = np.array([5, 5, 6, 7, 7, 8])
    mode = LastActivityBaseline("mode").fit(last, nxt)
    assert mode.predict(np.array([0, 1, 2, 9])).tolist() == [5, 7, 8, 5]  # unseen -> overall most frequent
    mean = LastActivityBaseline("mean").fit(last, np.array([1.0, 2.0, 3.0, 10.0, 20.0, 4.0]))
    assert mean.predict(np.array([0, 1, 9])).tolist() == [2.0, 15.0, 40.0 / 6]


def test_majority_baseline_of_binary_metrics() -> None:
    y = np.array([0, 0, 0, 1])
    ev = evaluate_binary(y, np.array([0.1, 0.2, 0.3, 0.9]), 0.25, np.array([1, 1, 2, 2]))
    assert ev.pooled["AUC"] == (1.0, 0.5)
    assert ev.pooled["accuracy"][1] == 0.75  # majority class 0
    assert ev.pooled["Brier"][1] == pytest.approx(np.mean((0.25 - y) ** 2))


def test_next_activity_calibrated_and_better_than_baseline(synth_log: EventLog) -> None:
    m = ProcessPredictor(target="next_activity", n_estimators=40).fit(synth_log)
    acc, base = m.evaluation_.pooled["accuracy"]
    assert acc >= base - 0.02
    assert 0.2 < m.temperature_ < 5
    tp = m.test_predictions_
    assert ((tp["p"] > 0) & (tp["p"] <= 1)).all()
