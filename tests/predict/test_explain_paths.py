"""Path contributions: they add up to the raw prediction and name the same main reason as TreeSHAP."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sagsflow.errors import InvalidParameterError
from sagsflow.log import EventLog
from sagsflow.predict import ProcessPredictor
from sagsflow.predict.encode import encode_prefixes
from sagsflow.predict.explain import _node_values, path_contributions, path_table


@pytest.mark.parametrize("target", ["remaining_time", "next_activity"])
def test_path_contributions_sum_to_the_raw_score_and_agree_with_shap(synth_log: EventLog, target: str) -> None:
    m = ProcessPredictor(target=target, n_estimators=40, search="none", fallback=False).fit(synth_log)
    assert m.model_ is not None, m.served_reason_
    frame = encode_prefixes(synth_log, m.spec_, only_last=True)
    X = _features(m, frame)
    lg = m.model_[-1]
    _, _, bias = path_table(lg.booster_)
    if target == "remaining_time":
        contrib = path_contributions(lg, X)
        raw = lg.predict(X)
        shap = lg.predict(X, pred_contrib=True)
        assert np.allclose(shap[:, -1], bias)  # the same average prediction as TreeSHAP
    else:
        raw_all = lg.predict(X, raw_score=True)
        cls = raw_all.argmax(axis=1)
        contrib = path_contributions(lg, X, tree_class=cls, n_classes=raw_all.shape[1])
        raw = raw_all[np.arange(len(X)), cls]
        k = raw_all.shape[1]
        shap = lg.predict(X, pred_contrib=True).reshape(len(X), k, -1)[np.arange(len(X)), cls]
        biases = np.array([path_table_bias_of_class(lg, c, k) for c in range(k)])[cls]
        assert np.allclose(contrib.sum(axis=1) + biases, raw)
    if target == "remaining_time":
        assert np.allclose(contrib.sum(axis=1) + bias, raw)
    same_top = np.argmax(np.abs(contrib), axis=1) == np.argmax(np.abs(shap[:, :-1]), axis=1)
    assert same_top.mean() > 0.7


def _features(m: ProcessPredictor, frame: pd.DataFrame) -> pd.DataFrame:
    """The matrix the served LightGBM model reads for encoded prefixes."""
    assert m.model_ is not None
    X = m._matrix(frame, np.arange(len(frame)), stack_model=m.stack_)[m.features_]
    return m.model_[:-1].transform(X)


def path_table_bias_of_class(lg: object, c: int, k: int) -> float:
    """Sum of the root values of class ``c``'s trees (raw score of an average case for that class)."""
    info = lg.booster_.dump_model()["tree_info"]  # type: ignore[attr-defined]
    total = 0.0
    for t, tree in enumerate(info):
        if t % k == c:
            values: dict[int, float] = {}
            _node_values(tree["tree_structure"], values)
            total += values[id(tree["tree_structure"])]
    return total


def test_scoring_reasons_by_either_method_and_a_clear_error(synth_log: EventLog) -> None:
    m = ProcessPredictor(target="remaining_time", n_estimators=30, fallback=False).fit(synth_log)
    frame = encode_prefixes(synth_log, m.spec_)
    # prefixes of running cases, as scoring sees them (a closed case's last prefix is never predicted)
    frame = frame[frame["prefix_length"] < frame["case_length"]].sample(50, random_state=0).reset_index(drop=True)
    path = m.predict_frame(frame)
    shap = m.predict_frame(frame, contributions="shap")
    assert (path["reasons_en"] != "").all() and (shap["reasons_en"] != "").all()
    first = path["reasons_en"].str.split("; ").str[0] == shap["reasons_en"].str.split("; ").str[0]
    assert first.mean() > 0.7
    with pytest.raises(InvalidParameterError, match="'contributions' parameter must be 'path' or 'shap'"):
        m.predict_frame(frame, contributions="lime")
