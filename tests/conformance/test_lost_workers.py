"""A conformance worker process killed mid-run (as the out-of-memory killer would): the variants it held are
aligned again in a fresh worker, or, when every worker that tries one dies, that variant alone is reported
lost. Nothing hangs: each alignment is bounded by the code's own ``timeout``."""

from __future__ import annotations

import functools
import logging
from collections import Counter
from pathlib import Path

import pytest

from sagsflow.conformance import align, align_variants, check_conformance
from sagsflow.discovery import InductiveMiner, evaluate
from tests.conformance import faults
from tests.conformance.conftest import HAND_TRACES, write_cases

REFERENCE = Counter({("register", "check", "decide", "notify"): 5, ("register", "reject"): 2})
TRACES = [("register", "check", "decide", "notify"), ("register", "decide", "check", "notify"),
          ("register", "reject"), ("register", "check", "decide"), ("register", "check", "check", "decide"),
          ("register", "reject", "notify")]


def _model():
    return InductiveMiner().fit_variants(REFERENCE).petri_net_


def _without_seconds(results):
    # PM4Py picks one of equally good alignments (set order differs between processes): compare their size
    return [(a.fitness, a.cost, a.bwc, a.method, len(a.moves), a.n_log_moves + a.n_model_moves) for a in results]


def test_a_killed_worker_s_variants_are_aligned_again(tmp_path: Path, monkeypatch, caplog) -> None:
    marker = tmp_path / "killed"
    monkeypatch.setattr(align, "_worker_hook", functools.partial(faults.kill_once, str(marker), "reject"))
    with caplog.at_level(logging.WARNING, logger="sagsflow.conformance.align"):
        got = align_variants(_model(), TRACES, timeout=30, processes=2)
    assert marker.exists()  # a worker did die mid-run
    # exactly the variant with 'reject' that the killed worker held was aligned again
    assert caplog.text.count("an alignment worker process died") == 1 and "run again in a fresh worker" in caplog.text
    assert _without_seconds(got) == _without_seconds(align_variants(_model(), TRACES, timeout=30, processes=1))
    assert {a.method for a in got} == {"alignment"}


def test_a_variant_that_kills_every_worker_is_reported_lost_alone(tmp_path: Path, monkeypatch) -> None:
    marker = tmp_path / "killed"
    monkeypatch.setattr(align, "_worker_hook", functools.partial(faults.kill_always, str(marker), "reject"))
    got = align_variants(_model(), TRACES, timeout=30, processes=2)
    # each of the two variants with 'reject' killed a worker, and then the fresh worker that tried it again
    assert len(marker.read_text().split()) == 2 * sum(1 for t in TRACES if "reject" in t)
    reference = align_variants(_model(), TRACES, timeout=30, processes=1)
    for trace, mine, theirs in zip(TRACES, got, reference, strict=True):
        if "reject" in trace:
            assert (mine.method, mine.fitness, mine.cost, mine.moves) == ("lost", None, None, ())
        else:
            assert _without_seconds([mine]) == _without_seconds([theirs])


def test_conformance_result_lists_lost_variants_with_the_fallbacks(ws, tmp_path: Path, monkeypatch) -> None:
    log = write_cases(ws, HAND_TRACES)
    monkeypatch.setattr(align, "_worker_hook", functools.partial(faults.kill_always, str(tmp_path / "k"), "ask"))
    res = check_conformance(log, InductiveMiner().fit_variants(REFERENCE), processes=2, timeout=30)
    lost = res.fallbacks
    assert set(lost["method"]) == {"lost"} and lost["fitness"].isna().all()
    assert all("ask" in acts for acts in lost["activities"])
    assert set(res.variants.loc[res.variants["method"] != "lost", "method"]) == {"alignment"}


def test_model_quality_survives_a_killed_worker_and_counts_what_it_lost(ws, tmp_path: Path, monkeypatch) -> None:
    log = write_cases(ws, HAND_TRACES)
    miner = InductiveMiner().fit_variants(REFERENCE)
    clean = evaluate(miner, log, processes=2)
    monkeypatch.setattr(align, "_worker_hook", functools.partial(faults.kill_once, str(tmp_path / "k"), "check"))
    again = evaluate(miner, log, processes=2)
    assert (tmp_path / "k").exists()
    assert again.to_dict() | {"seconds": 0} == clean.to_dict() | {"seconds": 0}
    assert (again.n_variants_lost, again.n_prefixes_lost) == (0, 0)
    # every worker given a trace or prefix with 'check' dies: those are left out and counted, nothing hangs
    monkeypatch.setattr(align, "_worker_hook", functools.partial(faults.kill_always, str(tmp_path / "a"), "check"))
    poisoned = evaluate(miner, log, processes=2)
    with_check = {tuple(t) for t in HAND_TRACES if "check" in t}
    prefixes_with_check = {tuple(t[:i]) for t in HAND_TRACES for i in range(1, len(t)) if "check" in t[:i]}
    assert (poisoned.n_variants_lost, poisoned.n_prefixes_lost) == (len(with_check), len(prefixes_with_check))
    assert poisoned.percent_fitting_traces == 100.0  # only the two 'register, reject' cases were aligned


@pytest.mark.parametrize("processes", [1, 2])
def test_no_tasks_and_in_process_runs_need_no_pool(processes: int) -> None:
    assert align.run_in_workers(len, [], processes=processes, state={}) == ([], [])


def test_an_error_inside_a_worker_is_raised_not_retried() -> None:
    with pytest.raises(ZeroDivisionError) as info:
        align.run_in_workers(faults.divide, [1, 0, 2], processes=2, state={})
    assert isinstance(info.value.__cause__, align.WorkerError) and "faults.py" in str(info.value.__cause__)
    assert align.run_in_workers(faults.divide, [1, 4, 2], processes=2, state={}) == ([1.0, 0.25, 0.5], [])


@pytest.mark.parametrize("processes", [1, 2])
def test_progress_counts_every_variant_once_also_a_lost_one(tmp_path: Path, monkeypatch, processes: int) -> None:
    # the conformance page's progress: (0, n) first, one step per distinct sequence finished or given up, ending at n
    if processes == 2:
        monkeypatch.setattr(align, "_worker_hook", functools.partial(faults.kill_always, str(tmp_path / "k"), "reject"))
    steps: list[tuple[int, int]] = []
    got = align_variants(_model(), TRACES, timeout=30, processes=processes, progress=lambda i, n: steps.append((i, n)))
    n = len(set(TRACES))
    assert steps == [(i, n) for i in range(n + 1)]
    assert ({a.method for a in got} == {"alignment", "lost"}) is (processes == 2)
