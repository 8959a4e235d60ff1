"""Alignment fitness equals PM4Py's on real logs of ../shared/data, per case and for the whole log."""

from __future__ import annotations

import pytest

from sagsflow.conformance import check_conformance
from sagsflow.discovery import InductiveMiner
from tests.conformance.conftest import quiet, real_log

# logs whose alignments against an IMf model take seconds (see /work/shared/data/README.md)
LOGS = [("Helpdesk.xes.gz", 0.2), ("Receipt_phase_WABO_CoSeLoG.xes.gz", 0.5)]


@pytest.mark.realdata
@pytest.mark.slow
@pytest.mark.parametrize(("file", "noise"), LOGS)
def test_fitness_equals_pm4py_on_a_real_log(file, noise):
    import pm4py
    from pm4py.algo.evaluation.replay_fitness.variants import alignment_based

    log, df = real_log(file)
    miner = InductiveMiner(noise_threshold=noise).fit(log)
    res = check_conformance(log, miner, timeout=600, processes=2)
    assert res.n_variants_fallback == 0 and res.n_cases == df["case:concept:name"].nunique()
    # PM4Py on the same events in time order (stable: the file order breaks ties, as in the store)
    df = df.sort_values(["case:concept:name", "time:timestamp"], kind="stable")
    net, im, fm = miner.petri_net_.to_pm4py()
    theirs = quiet(pm4py.conformance_diagnostics_alignments, df, net, im, fm, multi_processing=False)
    case_ids = df.groupby("case:concept:name")["concept:name"].agg(list).index  # PM4Py's order of results
    ours = res.cases.set_index("case_id").loc[list(case_ids), "fitness"].to_numpy()
    assert ours == pytest.approx([a["fitness"] for a in theirs], abs=1e-6)
    fit = alignment_based.evaluate(theirs)  # what pm4py.fitness_alignments reports, without aligning again
    for key, value in res.fitness_dict().items():
        assert value == pytest.approx(fit[key], abs=1e-6), key
    assert 0.5 < res.fitness < 1.0  # the IMf model leaves out infrequent behaviour
    skipped = res.activities["n_skipped"].sum()
    unexpected = res.activities["n_unexpected"].sum()
    costs = sum(a["cost"] // 10000 for a in theirs)
    assert skipped + unexpected == costs  # every unit of alignment cost is one skipped or unexpected step
