"""The fast inductive miner (vectorised cuts and activity-concurrent fall-through) gives PM4Py's tree."""

from __future__ import annotations

import random
from collections import Counter
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sagsflow.discovery.coded_dfg import CodedDFG, CodedVariants
from sagsflow.discovery.cuts import (
    FastConcurrencyCutUVCL,
    FastExclusiveChoiceCutUVCL,
    FastLoopCutUVCL,
    FastSequenceCutUVCL,
    FastStrictSequenceCutUVCL,
    any_cut,
)
from sagsflow.discovery.miner import mine_tree
from tests.conftest import shared_data_dir
from tests.discovery.conftest import quiet

traces = st.lists(st.sampled_from("abcdef"), min_size=0, max_size=7).map(tuple)
variant_counters = st.dictionaries(traces, st.integers(1, 5), min_size=1, max_size=8).map(Counter)


def pm4py_tree(variants: Counter[tuple[str, ...]], noise: float) -> str:
    """PM4Py's own IM / IMf on the variants, post-processed as ``mine_tree`` does."""
    from pm4py.algo.discovery.inductive.dtypes.im_ds import IMDataStructureUVCL
    from pm4py.algo.discovery.inductive.variants.im import IMUVCL
    from pm4py.algo.discovery.inductive.variants.imf import IMFUVCL
    from pm4py.objects.process_tree.utils.generic import fold, tree_sort

    params: dict[str, Any] = {"noise_threshold": noise, "multiprocessing": False}
    miner = IMFUVCL(params) if noise > 0 else IMUVCL(params)
    tree = fold(miner.apply(IMDataStructureUVCL(Counter(variants)), params))
    tree_sort(tree)
    return str(tree)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(variant_counters, st.sampled_from([0.0, 0.2, 0.5]))
def test_tree_equals_pm4py_on_random_variants(variants, noise):
    assert str(mine_tree(variants, noise)) == pm4py_tree(variants, noise)


@settings(max_examples=100, deadline=None)
@given(variant_counters)
def test_dfg_without_an_activity_equals_the_recounted_dfg(variants):
    from pm4py.util.compression import util as comut

    coded = CodedVariants(variants)
    for a, label in enumerate(coded.labels):
        ours = coded.dfg_without(a)
        rest = Counter({tuple(e for e in t if e != label): n for t, n in variants.items()})
        ref = CodedDFG.from_pm4py(comut.discover_dfg_uvcl(rest))
        # a label missing from ref (only in traces that were just ``label``) has no arcs in ours either
        idx = [ours.labels.index(x) for x in ref.labels]
        assert ours.adj[idx][:, idx].tolist() == ref.adj.tolist()
        assert ours.start[idx].tolist() == ref.start.tolist()
        assert ours.end[idx].tolist() == ref.end.tolist()


@settings(max_examples=100, deadline=None)
@given(variant_counters)
def test_fall_through_candidates_equal_pm4py(variants):
    from pm4py.algo.discovery.inductive.fall_through.activity_concurrent import ActivityConcurrentUVCL

    coded = CodedVariants(variants)
    for a, label in enumerate(coded.labels):
        pm4py_says = ActivityConcurrentUVCL._process_candidate(label, variants) is not None
        assert any_cut(coded.dfg_without(a)) is pm4py_says, label


def random_dfg(seed: int, n: int) -> Any:
    from pm4py.objects.dfg.obj import DFG

    rng = random.Random(seed)
    dfg = DFG()
    acts = [f"t{i:02d}" for i in range(n)]
    density = rng.choice([0.1, 0.3, 0.6, 0.9])
    for a in acts:
        for b in acts:
            if rng.random() < density:
                dfg.graph[(a, b)] = rng.randint(1, 9)
    for a in rng.sample(acts, rng.randint(1, n)):
        dfg.start_activities[a] = 1
    for a in rng.sample(acts, rng.randint(1, n)):
        dfg.end_activities[a] = 1
    return dfg


@pytest.mark.parametrize("seed", range(60))
def test_cut_groups_equal_pm4py_on_random_dfgs(seed):
    from pm4py.algo.discovery.inductive.cuts.concurrency import ConcurrencyCutUVCL
    from pm4py.algo.discovery.inductive.cuts.loop import LoopCutUVCL
    from pm4py.algo.discovery.inductive.cuts.sequence import SequenceCutUVCL, StrictSequenceCutUVCL
    from pm4py.algo.discovery.inductive.cuts.xor import ExclusiveChoiceCutUVCL
    from pm4py.algo.discovery.inductive.dtypes.im_ds import IMDataStructureUVCL

    obj = IMDataStructureUVCL(Counter(), random_dfg(seed, 3 + seed % 9))
    pairs: list[tuple[Any, Any]] = [
        (FastExclusiveChoiceCutUVCL, ExclusiveChoiceCutUVCL), (FastSequenceCutUVCL, SequenceCutUVCL),
        (FastStrictSequenceCutUVCL, StrictSequenceCutUVCL), (FastConcurrencyCutUVCL, ConcurrencyCutUVCL),
        (FastLoopCutUVCL, LoopCutUVCL)]
    for fast, ref in pairs:
        assert fast.holds(obj) == ref.holds(obj), fast.__name__


@pytest.mark.realdata
@pytest.mark.parametrize("file", ["Helpdesk.xes.gz", "Sepsis_Cases-Event_Log.xes.gz"])
def test_tree_equals_pm4py_on_real_log(file):
    import pm4py

    path = shared_data_dir() / file
    if not path.exists():
        pytest.skip(f"../shared/data has no {file}, needed for this real-data test")
    df = quiet(pm4py.read_xes, str(path))
    groups = df.groupby("case:concept:name", sort=False)["concept:name"]
    variants = Counter(tuple(acts) for _, acts in groups)
    for noise in (0.0, 0.2):
        ref = quiet(pm4py.discover_process_tree_inductive, df, noise_threshold=noise)
        assert str(mine_tree(variants, noise)) == str(ref)


def wide_variants(n_acts: int = 150, n_variants: int = 300, seed: int = 7) -> Counter[tuple[str, ...]]:
    """BPIC15-like: a long main sequence with optional and swapped steps, and 'anywhere' activities."""
    rng = random.Random(seed)
    main = [f"a{i:03d}" for i in range(n_acts - 10)]
    anywhere = [f"z{i}" for i in range(10)]
    out: Counter[tuple[str, ...]] = Counter()
    for _ in range(n_variants):
        trace = [a for a in main if rng.random() < 0.8]
        for _ in range(rng.randint(0, 4)):
            i = rng.randrange(max(1, len(trace) - 1))
            trace[i:i + 2] = trace[i:i + 2][::-1]
        for z in rng.sample(anywhere, rng.randint(0, 4)):
            trace.insert(rng.randrange(len(trace) + 1), z)
        out[tuple(trace)] += rng.randint(1, 3)
    return out


def test_wide_log_mines_with_one_leaf_per_activity():
    # 150 activities, 300 variants: PM4Py's own code needs minutes here; ours a second or two.
    variants = wide_variants()
    tree = mine_tree(variants, 0.0)
    leaves = [leaf.label for leaf in tree._get_leaves() if leaf.label is not None]
    assert sorted(leaves) == sorted({a for t in variants for a in t})  # each activity exactly once
    assert "+(" in str(tree)  # the 'anywhere' activities end up in parallel


def test_wide_log_tree_equals_pm4py():
    variants = wide_variants(n_acts=40, n_variants=60)
    for noise in (0.0, 0.2):
        assert str(mine_tree(variants, noise)) == pm4py_tree(variants, noise)


def test_deep_trees_survive_a_low_recursion_limit():
    # BPIC15_3's tree nests ~380 levels and PM4Py's fold/deepcopy hit Python's default limit;
    # the miner raises the limit while it folds and converts, and restores it afterwards.
    import sys

    from sagsflow.discovery import InductiveMiner

    variants = wide_variants(n_acts=60, n_variants=80)
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(300)
    try:
        miner = InductiveMiner().fit_variants(variants)
        assert sys.getrecursionlimit() == 300
    finally:
        sys.setrecursionlimit(old)
    assert miner.petri_net_.n_transitions >= 60
