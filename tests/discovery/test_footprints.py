"""Footprint-based fitness and precision: 1.0 on a model's own log, lower for deviations, PM4Py's figures."""

from __future__ import annotations

from collections import Counter

import pytest

from sagsflow.discovery import InductiveMiner
from sagsflow.discovery.footprints import footprint_quality
from sagsflow.errors import InvalidParameterError
from tests.discovery.conftest import HAND_TRACES, quiet, to_dataframe


def test_own_variants_fit_at_noise_zero(hand_log):
    miner = InductiveMiner(noise_threshold=0.0).fit(hand_log)
    q = footprint_quality(miner, hand_log)
    assert q.fitness == 1.0
    assert q.percent_fitting_traces == 100.0
    assert 0.0 < q.precision <= 1.0
    assert (q.n_variants, q.n_cases) == (5, 13)


def test_deviating_trace_lowers_fitness_weighted_by_cases(hand_log):
    miner = InductiveMiner(noise_threshold=0.0).fit(hand_log)
    # "notify" directly after "register" is never allowed by the model; 1 of 4 cases deviates
    log: Counter[tuple[str, ...]] = Counter({("register", "check", "decide", "notify"): 3,
                                            ("register", "notify", "check", "decide"): 1})
    q = footprint_quality(miner, log)
    assert q.fitness < 1.0
    assert q.percent_fitting_traces == pytest.approx(75.0)


def test_equals_pm4py_on_full_log(hand_log):
    import pm4py

    miner = InductiveMiner().fit_variants(Counter({("register", "check", "decide", "notify"): 5,
                                                   ("register", "reject"): 2}))
    q = footprint_quality(miner, hand_log)
    log = pm4py.convert_to_event_log(to_dataframe(HAND_TRACES))
    fit = quiet(pm4py.fitness_footprints, log, miner.process_tree_)
    prec = quiet(pm4py.precision_footprints, log, miner.process_tree_)
    assert q.fitness == pytest.approx(fit["log_fitness"], abs=1e-12)
    assert q.percent_fitting_traces == pytest.approx(fit["perc_fit_traces"], abs=1e-9)
    assert q.precision == pytest.approx(prec, abs=1e-12)
    assert q.fitness < 1.0


def test_rejects_petri_net(hand_log):
    miner = InductiveMiner().fit(hand_log)
    with pytest.raises(InvalidParameterError, match="fitted InductiveMiner or a PM4Py ProcessTree"):
        footprint_quality(miner.petri_net_, hand_log)
