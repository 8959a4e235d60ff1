"""Fitness and precision on variants equal PM4Py's on the full log."""

from __future__ import annotations

from collections import Counter

import pytest

from sagsflow.discovery import InductiveMiner, evaluate
from sagsflow.errors import InvalidParameterError
from tests.discovery.conftest import HAND_TRACES, quiet, real_log, to_dataframe


def test_matches_pm4py_on_hand_made_log(hand_log):
    import pm4py

    # a model from only the frequent behaviour, so some traces do not fit
    miner = InductiveMiner().fit_variants(Counter({("register", "check", "decide", "notify"): 5,
                                                   ("register", "reject"): 2}))
    q = evaluate(miner, hand_log, processes=1)
    df = to_dataframe(HAND_TRACES)
    net, im, fm = miner.petri_net_.to_pm4py()
    fit = quiet(pm4py.fitness_alignments, df, net, im, fm, multi_processing=False)
    prec = quiet(pm4py.precision_alignments, df, net, im, fm, multi_processing=False)
    assert q.fitness == pytest.approx(fit["average_trace_fitness"], abs=1e-9)
    assert q.percent_fitting_traces == pytest.approx(fit["percentage_of_fitting_traces"], abs=1e-9)
    assert q.log_fitness == pytest.approx(fit["log_fitness"], abs=1e-9)
    assert q.precision == pytest.approx(prec, abs=1e-9)
    assert q.fitness < 1.0 and q.percent_fitting_traces == pytest.approx(100 * 7 / 13)
    assert (q.n_variants, q.n_cases, q.n_variants_timed_out) == (5, 13, 0)
    assert q.n_places == miner.petri_net_.n_places and q.n_bpmn_nodes == miner.bpmn_.n_nodes


def test_two_processes_give_the_same_result(hand_log):
    miner = InductiveMiner().fit_variants(Counter({("register", "check", "decide", "notify"): 1}))
    assert evaluate(miner, hand_log, processes=2).to_dict() | {"seconds": 0} == \
        evaluate(miner, hand_log, processes=1).to_dict() | {"seconds": 0}


def test_the_figures_do_not_depend_on_the_order_of_the_variants(hand_log, monkeypatch):
    # the #19 loop saw 0.797985347985348 against 0.7979853479853479 for one log: DuckDB gave the variants in
    # another order and the weighted sums of floats were added in it. The variants now come in one order and the
    # sums are exact (math.fsum), so every order gives the same bits
    from sagsflow.discovery import log_variants
    from sagsflow.discovery.quality import alignment_fitness, one_align_quality

    variants = log_variants(hand_log)
    assert list(variants.values()) == sorted(variants.values(), reverse=True) and variants == log_variants(hand_log)
    assert list(variants) == list(log_variants(hand_log))
    miner = InductiveMiner().fit_variants(Counter({("register", "check", "decide", "notify"): 1}))
    model = miner.petri_net_
    import itertools

    import sagsflow.conformance.align as align

    aligned = dict(zip(variants, align.align_variants(model, list(variants), processes=1, fallback=False),
                       strict=True))
    monkeypatch.setattr(align, "align_variants", lambda m, keys, **kw: [aligned[k] for k in keys])
    # in some of the 120 orders the plain running sum of these five weighted fitnesses differs in the last bit
    figures = {tuple(alignment_fitness(model, Counter(dict(order)), processes=1).values())
               for order in itertools.permutations(variants.items())}
    assert len(figures) == 1
    backwards = Counter(dict(reversed(list(variants.items()))))
    assert one_align_quality(model, variants, processes=1) == one_align_quality(model, backwards, processes=1)


def test_bad_arguments_are_rejected(hand_log):
    miner = InductiveMiner().fit(hand_log)
    with pytest.raises(InvalidParameterError, match=r"'processes' must be an integer >= 1\. Got 0"):
        evaluate(miner, hand_log, processes=0)
    with pytest.raises(InvalidParameterError, match="'timeout_per_variant' must be a positive"):
        evaluate(miner, hand_log, timeout_per_variant=0)
    with pytest.raises(InvalidParameterError, match="Got str instead"):
        evaluate("model", hand_log)  # type: ignore[arg-type]


@pytest.mark.realdata
@pytest.mark.slow
def test_matches_pm4py_on_a_real_log():
    import pm4py

    log, df = real_log("Receipt_phase_WABO_CoSeLoG.xes.gz")
    miner = InductiveMiner(noise_threshold=0.5).fit(log)
    q = evaluate(miner, log, timeout_per_variant=120, processes=2)
    net, im, fm = miner.petri_net_.to_pm4py()
    fit = quiet(pm4py.fitness_alignments, df, net, im, fm, multi_processing=False)
    prec = quiet(pm4py.precision_alignments, df, net, im, fm, multi_processing=False)
    assert q.n_variants_timed_out == 0 and q.n_cases == 1434
    assert q.fitness == pytest.approx(fit["average_trace_fitness"], abs=1e-6)
    assert q.percent_fitting_traces == pytest.approx(fit["percentage_of_fitting_traces"], abs=1e-6)
    assert q.log_fitness == pytest.approx(fit["log_fitness"], abs=1e-6)
    assert q.precision == pytest.approx(prec, abs=1e-6)


@pytest.mark.parametrize("miner_name", ["imf", "split"])
def test_one_align_quality_equals_pm4py_on_hand_made_log(hand_log, miner_name):
    import pm4py

    from sagsflow.conformance.align import align_variants
    from sagsflow.discovery import SplitMiner
    from sagsflow.discovery.quality import one_align_quality

    partial = Counter({("register", "check", "decide", "notify"): 5, ("register", "reject"): 2})
    miner = (SplitMiner(eta=0.0) if miner_name == "split" else InductiveMiner()).fit_variants(partial)
    net, im, fm = miner.petri_net_.to_pm4py()
    df = to_dataframe(HAND_TRACES)
    fit = quiet(pm4py.fitness_alignments, df, net, im, fm, multi_processing=False)
    q = one_align_quality(miner.petri_net_, Counter(map(tuple, HAND_TRACES)), processes=1)
    # fitness: the number of deviations does not depend on which optimal alignment is found
    assert q["fitness"] == pytest.approx(fit["average_trace_fitness"], abs=1e-9) and q["fitness"] < 1
    assert q["n_variants_left_out"] == 0 and 0 < q["precision"] <= 1
    # precision: equal on a log that fits, where each prefix reaches one model state (a model of the hand log
    # scored on the hand log's cases that it replays)
    miner = (SplitMiner(eta=0.0) if miner_name == "split" else InductiveMiner()).fit(hand_log)
    net, im, fm = miner.petri_net_.to_pm4py()
    variants = Counter(map(tuple, HAND_TRACES))
    fitting = [t for t, r in zip(variants, align_variants(miner.petri_net_, list(variants), processes=1,
                                                          fallback=False), strict=True) if r.fitness == 1.0]
    assert 3 <= len(fitting) <= len(variants)
    prec = quiet(pm4py.precision_alignments, to_dataframe([list(t) for t in HAND_TRACES if tuple(t) in fitting]),
                 net, im, fm, multi_processing=False)
    e = evaluate(miner, Counter({t: variants[t] for t in fitting}), processes=1, precision="1-align")
    assert e.precision_method == "1-align" and e.precision == pytest.approx(prec, abs=1e-9)
    assert e.f_score == pytest.approx(2 * e.fitness * e.precision / (e.fitness + e.precision))


def test_one_align_precision_does_not_count_a_deviation_as_imprecision():
    """Adriansyah's 1-align: states are prefixes of the alignment's projection on the model, so an extra or a missing
    event in a case is a fitness problem, not an escaping arc. A sequential model is perfectly precise on any log."""
    from sagsflow.discovery.quality import one_align_quality

    model = InductiveMiner().fit_variants(Counter({("a", "b", "c"): 1})).petri_net_
    q = one_align_quality(model, Counter({("a", "x", "b", "c"): 2, ("a", "c"): 1}),
                          processes=1)
    assert q["fitness"] < 1 and q["precision"] == 1.0 and q["n_variants_left_out"] == 0
    # a choice the log never takes is imprecise, fitting or not
    choice = InductiveMiner().fit_variants(Counter({("a", "b", "c"): 1, ("a", "d", "c"): 1})).petri_net_
    q = one_align_quality(choice, Counter({("a", "b", "c"): 3, ("a", "x", "b", "c"): 2}), processes=1)
    assert q["precision"] == pytest.approx(1 - 5 / (5 + 10 + 5))  # at <a>: b and d enabled, only b done


def test_unknown_precision_method_is_refused(hand_log):
    miner = InductiveMiner().fit_variants(Counter({("register", "reject"): 1}))
    with pytest.raises(InvalidParameterError, match="precision"):
        evaluate(miner, hand_log, processes=1, precision="fast")


def test_model_scores_give_no_figure_when_every_variant_is_left_out():
    """A model page must not read "fitness 0, precision 1" when nothing could be aligned in time."""
    from sagsflow.discovery.quality import model_scores

    variants = Counter({("a", "b", "c"): 3, ("a", "c", "b"): 2, ("a", "d"): 1})
    miner = InductiveMiner().fit_variants(variants)
    scored = model_scores(miner, variants, processes=1)
    assert scored["fitness"] == scored["precision"] == scored["f_score"] == 1.0 and scored["n_variants_left_out"] == 0
    none = model_scores(miner, variants, processes=1, timeout_per_variant=1e-9)
    assert none["n_variants_left_out"] == 3
    assert none["fitness"] is None and none["precision"] is None and none["f_score"] is None
    assert none["size"] == scored["size"]  # the model's own figures stay
