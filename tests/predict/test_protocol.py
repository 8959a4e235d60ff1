"""Evaluation protocols as values: leak-free splits (property tested), named protocols, baselines, intervals."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sagsflow.errors import InvalidParameterError
from sagsflow.log import EventLog
from sagsflow.predict import ContextModel, FeaturePolicy, ProcessPredictor, Protocol, oracle_accuracy
from sagsflow.predict.evaluate import evaluate_predictions
from sagsflow.predict.model import _conformal_q
from sagsflow.predict.protocol import (
    case_table,
    censoring_weights,
    evaluation_rows,
    inner_fold,
    make_folds,
    training_rows,
)

T0 = pd.Timestamp("2024-01-01", tz="UTC")


# ------------------------------------------------------------------------------------------- protocol values
def test_named_protocols_are_the_published_ones() -> None:
    tax = Protocol.parse("tax2017")
    assert (tax.kind, round(tax.test_size, 4), tax.order, tax.strict, tax.min_prefix, tax.final_prefix) == \
        ("share", 0.3333, "file", False, 2, False)
    te = Protocol.named("Teinemaa-2019")
    assert (te.test_size, te.order, te.strict, te.max_prefix, te.max_prefix_quantile) == (0.2, "start", False, 40, 0.9)
    assert Protocol.parse(None).strict and Protocol.parse(None).to_text() == "sagsflow"


@pytest.mark.parametrize("text", ["share:0.25", "share:0.3:file", "date:2024-03-01T00:00:00+00:00",
                                  "rolling:4:0.3", "cases:A1,A2", "tax2017", "teinemaa2019"])
def test_protocol_text_and_dict_round_trip(text: str) -> None:
    p = Protocol.parse(text)
    assert Protocol.parse(p.to_text()) == p
    assert Protocol.from_dict(p.to_dict()) == p
    assert p.describe()


@pytest.mark.parametrize("text", ["share:1.5", "share:abc", "date:not-a-date", "rolling:0", "cases:", "nonsense"])
def test_bad_protocols_are_refused_with_a_reason(text: str) -> None:
    with pytest.raises(InvalidParameterError) as err:
        Protocol.parse(text)
    assert "protocol" in str(err.value).lower()


# ------------------------------------------------------------------------------------------- leak-free splits
def _prefix_frame(starts: list[float], gaps: list[list[float]], file_order: list[int]) -> pd.DataFrame:
    """Prefix rows of random cases: start (days), gaps between events; labels of next activity and remaining
    time with the instant each became known."""
    rows = []
    for c, (s, g) in enumerate(zip(starts, gaps, strict=True)):
        ts = T0 + pd.to_timedelta(np.cumsum([s, *g]), unit="D")
        n = len(ts)
        for k in range(n):
            rows.append({"case_idx": c, "prefix_length": k + 1, "case_length": n, "ts": ts[k],
                         "case_start": ts[0], "case_end": ts[-1], "file_pos": file_order[c],
                         "next_ts": ts[k + 1] if k + 1 < n else pd.NaT})
    f = pd.DataFrame(rows)
    f["label_time"] = f["next_ts"].where(f["next_ts"].notna(), f["ts"])  # next activity (END: at the end)
    return f


cases_st = st.integers(3, 25).flatmap(lambda n: st.tuples(
    st.lists(st.floats(0, 100, allow_nan=False), min_size=n, max_size=n),
    st.lists(st.lists(st.floats(0, 30, allow_nan=False), min_size=0, max_size=6), min_size=n, max_size=n),
    st.permutations(list(range(n))),
))
protocol_st = st.one_of(
    st.builds(lambda s, o: Protocol(kind="share", test_size=s, order=o), st.floats(0.1, 0.6), st.sampled_from(
        ["start", "file"])),
    st.builds(lambda h: Protocol(kind="date", cut=(T0 + pd.Timedelta(hours=h)).to_pydatetime()),
              st.integers(5 * 24, 95 * 24)),
    st.builds(lambda k, s: Protocol(kind="rolling", n_folds=k, test_size=s), st.integers(1, 4), st.floats(0.2, 0.6)),
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases_st, protocol_st, st.booleans())
def test_strict_protocols_never_train_on_what_a_test_prefix_could_not_know(
        data: tuple[list[float], list[list[float]], list[int]], protocol: Protocol, label_is_case_end: bool) -> None:
    starts, gaps, order = data
    frame = _prefix_frame(starts, gaps, order)
    if label_is_case_end:  # remaining time: known when the case ends
        frame["label_time"] = frame["case_end"]
    cases = case_table(frame)
    try:
        folds = make_folds(protocol, cases)
    except InvalidParameterError:  # a date outside the log: refused with a reason, not a silent empty split
        return
    for fold in folds:
        assert fold.strict
        test_start = cases.loc[fold.test_cases, "start"]
        assert set(fold.train_cases).isdisjoint(fold.test_cases)
        if protocol.kind != "share" or protocol.order == "start":
            assert (test_start >= fold.cut).all()  # every test case starts at or after T
        if protocol.kind == "date":
            assert fold.cut == pd.Timestamp(protocol.cut)
        else:
            assert fold.cut == test_start.min()  # T = the start of the first test case
        rows, w = training_rows(frame, fold)
        tr = frame.iloc[rows]
        # nothing that trains happened, or became known, at or after T: no test prefix's future leaks in
        assert (tr["ts"] < fold.cut).all() and (tr["label_time"] < fold.cut).all()
        assert not tr["case_idx"].isin(fold.test_cases).any()
        assert len(w) == len(rows) and (w >= 1).all() and np.isfinite(w).all()
        te, _ = evaluation_rows(frame, fold.test_cases, protocol, None)
        assert set(frame["case_idx"].iloc[te]) <= set(fold.test_cases)
        # the validation window inside training is as strict, and lies before T
        inner = inner_fold(fold, cases, 0.3, protocol.order)
        if inner is not None:
            assert inner.cut <= fold.cut
            assert set(inner.test_cases) <= set(fold.train_cases)
            irows, _ = training_rows(frame, inner)
            assert (frame["label_time"].iloc[irows] < inner.cut).all()
            va, _vw = evaluation_rows(frame, inner.test_cases, protocol, None, fold=fold)
            assert (frame["label_time"].iloc[va] < fold.cut).all()  # validation labels were known at T


@settings(max_examples=60, deadline=None)
@given(cases_st)
def test_published_protocols_train_on_complete_cases_and_never_test_on_them(
        data: tuple[list[float], list[list[float]], list[int]]) -> None:
    frame = _prefix_frame(*data)
    cases = case_table(frame)
    for name in ("tax2017", "teinemaa2019"):
        p = Protocol.named(name)
        (fold,) = make_folds(p, cases)
        assert not fold.strict
        assert set(fold.train_cases).isdisjoint(fold.test_cases)
        assert len(fold.train_cases) + len(fold.test_cases) == len(cases)
        te, _ = evaluation_rows(frame, fold.test_cases, p, None)
        sub = frame.iloc[te]
        assert (sub["prefix_length"] >= p.min_prefix).all()
        if not p.final_prefix:  # Tax et al.: only prefixes whose case continues
            assert (sub["prefix_length"] < sub["case_length"]).all()
    # Tax et al. split in file order: the test cases are the last third of the file
    (fold,) = make_folds(Protocol.named("tax2017"), cases)
    assert cases.loc[fold.test_cases, "file_pos"].min() > cases.loc[fold.train_cases, "file_pos"].max()


def test_a_cases_protocol_tests_exactly_the_given_cases() -> None:
    frame = _prefix_frame([0, 10, 20, 30], [[1, 1], [2], [1, 1, 1], [5]], [0, 1, 2, 3])
    cases = case_table(frame)
    ids = pd.Series(["a", "b", "c", "d"], index=cases.index)
    (fold,) = make_folds(Protocol.parse("cases:c,d"), cases, ids)
    assert list(fold.test_cases) == [2, 3] and list(fold.train_cases) == [0, 1]
    with pytest.raises(InvalidParameterError, match="does not have"):
        make_folds(Protocol.parse("cases:c,zz"), cases, ids)


def test_censoring_weights_correct_for_labels_that_took_long_to_become_known() -> None:
    horizon = np.array([1.0, 2.0, 3.0, 4.0])  # days from each training prefix to the cut
    w = censoring_weights(horizon, np.array([0.0, 2.5, 3.5]))
    assert w.tolist() == [1.0, 2.0, 4.0]  # 4/4, 2/4 and 1/4 of the prefixes lay that far before T


# ------------------------------------------------------------------------------------------- baselines, metrics
def test_baselines_by_hand() -> None:
    rows = pd.DataFrame({"last_activity": [0, 0, 0, 1, 1, 2], "prefix_length": [1, 2, 2, 1, 1, 3]})
    mode = ContextModel("multiclass", "last").fit(rows, np.array([5, 5, 6, 7, 7, 8]))
    unseen = pd.DataFrame({"last_activity": [0, 1, 2, 9], "prefix_length": [1, 1, 1, 1]})
    assert mode.predict(unseen).tolist() == [5, 7, 8, 5]  # unseen -> overall most frequent
    median = ContextModel("regression", "last", "median", min_support=1).fit(
        rows, np.array([1.0, 2.0, 30.0, 10.0, 20.0, 4.0]))
    assert median.predict(unseen.iloc[:2]).tolist() == [2.0, 10.0]  # lower median on ties
    assert oracle_accuracy(np.array([1, 1, 1, 2]), np.array([5, 5, 6, 7])) == 0.75


def test_binary_evaluation_reports_the_best_baseline_and_an_interval_on_the_gain() -> None:
    rng = np.random.default_rng(0)
    n = 400
    y = rng.integers(0, 2, n)
    good = np.clip(y * 0.6 + rng.random(n) * 0.4, 0, 1)
    weak = np.clip(y * 0.1 + rng.random(n) * 0.9, 0, 1)
    ev = evaluate_predictions("binary", y, good, rng.integers(1, 5, n), np.arange(n) // 2,
                              {"rate": np.full(n, 0.5), "last": weak})
    assert ev.best_baseline == "last"
    gain, low, high = ev.gain["AUC"]
    assert low <= gain <= high and low > 0 and ev.beats_baseline()
    assert ev.pooled["AUC"][1] == pytest.approx(ev.baselines["last"])


def test_split_conformal_coverage_is_nominal_on_exchangeable_data() -> None:
    rng = np.random.default_rng(3)
    covers = []
    for _ in range(200):
        cal, test = rng.standard_t(3, 300), rng.standard_t(3, 300)
        q = _conformal_q(np.abs(cal), 0.1)
        covers.append(np.mean(np.abs(test) <= q))
    assert abs(np.mean(covers) - 0.9) < 0.01


# ------------------------------------------------------------------------------------------- on a log
@pytest.fixture(scope="module")
def remaining(synth_log: EventLog) -> ProcessPredictor:
    return ProcessPredictor(target="remaining_time", n_estimators=60, search="quick",
                            policy=FeaturePolicy(inter_case=False, calendar=False)).fit(synth_log)


def test_strict_default_trains_only_on_what_was_known_at_the_cut(remaining: ProcessPredictor,
                                                                   synth_log: EventLog) -> None:
    cut = pd.Timestamp(remaining.window_["cut"])
    starts = synth_log.to_pandas().groupby("case_id")["timestamp"].min().sort_values()
    n_test = remaining.window_["n_test_cases"]
    assert cut == starts.iloc[len(starts) - n_test]  # T = start of the first test case
    assert pd.Timestamp(remaining.window_["max_train_event"]) < cut
    assert remaining.window_["strict"] and remaining.window_["protocol"] == "sagsflow"


def test_the_served_predictor_is_measured_beside_every_baseline(remaining: ProcessPredictor) -> None:
    ev = remaining.evaluation_
    mae, base = ev.pooled["MAE (days)"]
    assert base == pytest.approx(min(ev.baselines.values()))
    assert set(ev.baselines) >= {"last (mean)", "last (median)", "ngram (median)"}
    gain, low, high = ev.gain["MAE (days)"]
    assert low <= gain <= high and gain == pytest.approx(base - mae)
    assert remaining.served_ == "model" or remaining.served_.startswith("baseline: ")
    assert remaining.served_reason_
    by = ev.by_prefix
    assert {"prefix_length", "n", "mae", "baseline_mae", "coverage"} <= set(by.columns)
    assert by["n"].sum() == ev.n_test_prefixes
    tp = remaining.test_predictions_
    assert (tp["low"] <= tp["pred"]).all() and (tp["pred"] <= tp["high"]).all() and (tp["low"] >= 0).all()
    assert 0.7 <= ev.pooled["interval coverage"][0] <= 0.99


def test_when_no_model_beats_the_baseline_the_baseline_is_served(synth_log: EventLog) -> None:
    # one boosting round cannot beat the n-gram baseline: the product must say so and serve the baseline
    m = ProcessPredictor(target="next_activity", n_estimators=1, search="none", learning_rate=0.01,
                         policy=FeaturePolicy(inter_case=False, calendar=False)).fit(synth_log)
    assert m.served_.startswith("baseline: ") and m.model_ is None
    assert "no model beat the best baseline" in m.served_reason_
    assert m.evaluation_.pooled["accuracy"][0] == pytest.approx(m.evaluation_.baselines[m.best_baseline_])
    pred = m.predict(synth_log)
    assert len(pred) and pred["reasons_en"].str.len().gt(0).all()


@pytest.mark.parametrize("protocol", ["tax2017", "rolling:2:0.3"])
def test_named_and_rolling_protocols_fit_end_to_end(synth_log: EventLog, protocol: str) -> None:
    m = ProcessPredictor(target="next_activity", n_estimators=30, search="none", protocol=protocol,
                         policy=FeaturePolicy(inter_case=False, calendar=False)).fit(synth_log)
    ev = m.evaluation_
    assert ev.protocol == Protocol.parse(protocol).to_text()
    assert len(ev.folds) == (2 if protocol.startswith("rolling") else 1)
    assert ev.oracle is not None and ev.pooled["accuracy"][0] <= ev.oracle + 1e-9
    if protocol == "tax2017":
        assert (m.test_predictions_["y"] != -2).all()  # only prefixes whose case continues
        assert m.test_predictions_["prefix_length"].min() >= 2


def test_next_activity_given_the_case_continues_never_predicts_the_end(synth_log: EventLog) -> None:
    m = ProcessPredictor(target="next_activity:continues", n_estimators=40, search="none",
                         policy=FeaturePolicy(inter_case=False, calendar=False)).fit(synth_log)
    out = m.predict(synth_log)
    assert m.evaluation_.n_test_prefixes > 0 and (m.test_predictions_["y"] != -2).all()
    assert (out["prediction"] != "END").all()
    alts = out["alternatives"].iloc[0]
    assert len(alts) == 3 and sum(a["probability"] for a in alts) <= 1 + 1e-9
    assert 0.2 < m.temperature_ < 5


# ------------------------------------------------------------------------------------------- serving rule
def test_validation_gain_interval_is_over_cases_and_signed_as_an_improvement() -> None:
    from sagsflow.predict.model import validation_gain

    rng = np.random.default_rng(0)
    case = np.repeat(np.arange(200), 3)
    y = rng.integers(0, 3, len(case))
    w = np.ones(len(y))
    same = validation_gain("multiclass", y, y, y, w, case)
    assert same == (0.0, 0.0, 0.0)  # equal to the baseline: an interval that is not above 0
    g, low, high = validation_gain("multiclass", y, y, (y + 1) % 3, w, case)
    assert g == 1.0 and low == 1.0
    days = rng.exponential(10, len(case))
    g, low, high = validation_gain("regression", days, days + 1.0, days + 3.0, w, case)
    assert g == pytest.approx(2.0) and low <= g <= high and low > 0  # baseline MAE 3 minus model MAE 1
    g, low, high = validation_gain("regression", days, days + 3.0, days + 1.0, w, case)
    assert g == pytest.approx(-2.0) and high < 0


@pytest.mark.parametrize("target", ["remaining_time", "next_activity"])
def test_a_model_is_served_only_with_a_validation_gain_interval_above_0(synth_log: EventLog, target: str) -> None:
    m = ProcessPredictor(target=target, n_estimators=60, search="quick",
                         policy=FeaturePolicy(inter_case=False, calendar=False)).fit(synth_log)
    gain = m.validation_gain_
    assert gain is not None and gain[1] <= gain[0] <= gain[2]
    if m.served_ == "model":
        assert m.served_why_["kind"] == "beat" and gain[1] > 0
        assert "95 % interval" in m.served_reason_
        assert all(o["low"] > 0 for o in m.validation_origins_)
    elif m.served_why_["kind"] == "not_shown_earlier":  # beat the latest window, not the earlier one
        assert gain[1] > 0 and m.validation_origins_[-1]["low"] <= 0
        assert "earlier window" in m.served_reason_
    else:
        assert gain[1] <= 0 and m.served_why_["kind"] in ("no_beat", "not_shown")
    assert m.served_why_["rule"]["asked"] == 2


def test_rolling_origin_serves_the_baseline_when_the_model_fails_an_earlier_window(synth_log: EventLog) -> None:
    """On this log the model wins the latest validation window (where its rounds were chosen) but loses on
    the test cases; the earlier window, fitted without choosing anything there, sees that in advance."""
    kw = {"target": "remaining_time", "n_estimators": 60, "search": "quick",
          "policy": FeaturePolicy(inter_case=False, calendar=False)}
    one = ProcessPredictor(validation_origins=1, **kw).fit(synth_log)
    two = ProcessPredictor(validation_origins=2, **kw).fit(synth_log)
    assert one.served_ == "model" and one.validation_gain_[1] > 0 and not one.evaluation_.beats_baseline()
    assert one.evaluation_.gain["MAE (days)"][0] < 0  # worse than the baseline on test
    assert two.served_.startswith("baseline") and two.served_why_["kind"] == "not_shown_earlier"
    early = two.validation_origins_[0]
    assert early["low"] <= 0 and pd.Timestamp(early["cut"]) < pd.Timestamp(two.window_["cut"])
    assert two.evaluation_.gain["MAE (days)"][0] == pytest.approx(0.0)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n=st.integers(5, 200), share=st.floats(0.05, 0.4), offset=st.integers(1, 3))
def test_an_earlier_validation_window_lies_before_the_latest_and_trains_only_on_cases_before_it(
        n: int, share: float, offset: int) -> None:
    starts = T0 + pd.to_timedelta(np.arange(n), unit="D")
    cases = pd.DataFrame({"start": starts, "end": starts + pd.Timedelta(days=1), "file_pos": np.arange(n)},
                         index=np.arange(n))
    cases.index.name = "case_idx"
    fold = make_folds(Protocol.parse("tax2017"), cases)[0]
    latest = inner_fold(fold, cases, share)
    early = inner_fold(fold, cases, share, offset=offset)
    if latest is None or early is None:
        return
    assert len(early.test_cases) == len(latest.test_cases)
    assert set(early.test_cases).isdisjoint(latest.test_cases)
    assert cases.loc[early.test_cases, "start"].max() < cases.loc[latest.test_cases, "start"].min()
    assert cases.loc[early.train_cases, "start"].max() < cases.loc[early.test_cases, "start"].min()
    assert len(early.train_cases) >= len(early.test_cases)


def test_better_on_average_but_not_shown_better_serves_the_baseline_and_the_card_says_why(
        synth_log: EventLog, monkeypatch: pytest.MonkeyPatch) -> None:
    import sagsflow.predict.model as model
    from sagsflow.i18n import use_language
    from sagsflow.predict.card import evaluation_intro

    # a model 1 point better on the validation window whose interval reaches below 0 must not be served
    monkeypatch.setattr(model, "validation_gain", lambda *a, **k: (0.01, -0.004, 0.024))
    m = ProcessPredictor(target="next_activity", n_estimators=30, search="none",
                         policy=FeaturePolicy(inter_case=False, calendar=False)).fit(synth_log)
    assert m.served_.startswith("baseline: ") and m.model_ is None
    assert m.served_why_["kind"] == "not_shown"
    intro = "\n".join(evaluation_intro(m))
    assert "the baseline " in intro and "not shown better than the best baseline" in intro
    assert "+1.0, 95 % interval -0.4 to +2.4" in intro
    with use_language("da"):
        da = "\n".join(evaluation_intro(m))
    assert "blev ikke vist bedre end den bedste baseline" in da and "95 %-interval -0.4 til +2.4" in da
