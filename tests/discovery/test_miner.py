"""The inductive miner on variants gives PM4Py's tree; estimator contract; thin wrappers."""

from __future__ import annotations

import pickle
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sagsflow.discovery import (
    BpmnModel,
    InductiveMiner,
    PetriNetModel,
    discover_bpmn,
    discover_petri_net,
    discover_process_tree,
    evaluate,
    log_variants,
)
from sagsflow.errors import InvalidParameterError, NotFittedError
from tests.discovery.conftest import HAND_TRACES, quiet, real_log, to_dataframe, write_traces


def test_variants_are_counted_per_sequence(hand_log):
    v = log_variants(hand_log)
    assert v[("register", "check", "decide", "notify")] == 5
    assert v[("register", "reject")] == 2
    assert sum(v.values()) == len(HAND_TRACES) and len(v) == 5


@pytest.mark.parametrize("noise", [0.0, 0.2])
def test_tree_equals_pm4py_on_hand_made_log(hand_log, noise):
    import pm4py

    miner = InductiveMiner(noise_threshold=noise).fit(hand_log)
    ref = quiet(pm4py.discover_process_tree_inductive, to_dataframe(HAND_TRACES), noise_threshold=noise)
    assert str(miner.process_tree_) == str(ref)
    assert miner.n_variants_ == 5 and miner.n_cases_ == len(HAND_TRACES)


@pytest.mark.slow
# BPIC15 (~400 activities) is left out here: PM4Py's own inductive miner needs 100 s to over 25 minutes per log;
# bench/discovery_table.py compares the trees where PM4Py finishes (docs/benchmarks.md)
@pytest.mark.realdata
@pytest.mark.parametrize("file", ["Sepsis_Cases-Event_Log.xes.gz", "Helpdesk.xes.gz"])
@pytest.mark.parametrize("noise", [0.0, 0.2])
def test_tree_equals_pm4py_on_real_logs(file, noise):
    import pm4py

    log, df = real_log(file)
    ours = InductiveMiner(noise_threshold=noise).fit(log).process_tree_
    ref = quiet(pm4py.discover_process_tree_inductive, df, noise_threshold=noise)
    assert str(ours) == str(ref)


def test_petri_net_is_a_sound_workflow_net(hand_log):
    from pm4py.algo.analysis.woflan import algorithm as woflan

    model = discover_petri_net(hand_log)
    assert isinstance(model, PetriNetModel)
    assert quiet(woflan.apply, model.net, model.initial_marking, model.final_marking,
                 parameters={"print_diagnostics": False})
    labels = {t.label for t in model.net.transitions if t.label}
    assert labels == {"register", "check", "decide", "notify", "ask", "reject"}
    assert "places=" in repr(model)


def test_wrappers_return_typed_objects(hand_log):
    tree = discover_process_tree(hand_log, noise_threshold=0.2)
    assert str(tree) == str(InductiveMiner(noise_threshold=0.2).fit(hand_log).process_tree_)
    assert isinstance(discover_bpmn(hand_log), BpmnModel)


def test_unfitted_miner_raises_not_fitted():
    miner = InductiveMiner()
    with pytest.raises(NotFittedError, match="not fitted yet"):
        _ = miner.petri_net_
    with pytest.raises(NotFittedError):
        _ = miner.model_
    with pytest.raises(NotFittedError):
        evaluate(miner, Counter({("a",): 1}))


def test_empty_log_is_rejected(ws, hand_log):
    empty = write_traces(ws, [], name="empty")
    with pytest.raises(InvalidParameterError, match="no cases"):
        InductiveMiner().fit(empty)
    with pytest.raises(InvalidParameterError, match="no variants"):
        InductiveMiner().fit_variants(Counter())


@pytest.mark.parametrize("bad", [-0.1, 1.5, float("nan"), "0.2", True])
def test_bad_noise_threshold_is_rejected_at_fit(hand_log, bad):
    miner = InductiveMiner(noise_threshold=bad)  # stored unchanged, validated in fit
    assert miner.noise_threshold is bad
    with pytest.raises(InvalidParameterError, match="'noise_threshold' parameter of InductiveMiner"):
        miner.fit(hand_log)


def test_params_repr_pickle_and_idempotent_fit(hand_log):
    miner = InductiveMiner(noise_threshold=0.3)
    assert miner.get_params() == {"noise_threshold": 0.3}
    assert repr(miner) == "InductiveMiner(noise_threshold=0.3)" and repr(InductiveMiner()) == "InductiveMiner()"
    assert miner.set_params(noise_threshold=0.1) is miner and miner.noise_threshold == 0.1
    with pytest.raises(InvalidParameterError, match="no parameter 'noise'"):
        miner.set_params(noise=0.1)
    assert miner.fit(hand_log) is miner
    first = str(miner.process_tree_)
    assert str(miner.fit(hand_log).process_tree_) == first
    clone = pickle.loads(pickle.dumps(miner))
    assert str(clone.process_tree_) == first
    assert clone.bpmn_.n_nodes == miner.bpmn_.n_nodes and clone.bpmn_.n_flows == miner.bpmn_.n_flows


traces = st.lists(st.lists(st.sampled_from("abcde"), min_size=1, max_size=6), min_size=1, max_size=8)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(traces)
def test_noise_free_miner_replays_its_log_with_fitness_one(ws, ts):
    log = write_traces(ws, ts, name="prop")
    miner = InductiveMiner().fit(log)
    q = evaluate(miner, log, processes=1)
    assert q.fitness == pytest.approx(1.0) and q.percent_fitting_traces == pytest.approx(100.0)
    assert 0.0 <= q.precision <= 1.0
