"""Model quality on variants with counts: alignment-based fitness and precision, model size.

The semantics are PM4Py's ``fitness_alignments`` (average trace fitness, percentage of fitting
traces, log fitness) and ``precision_alignments`` (align-ETConformance). PM4Py aligns each variant
once already, but first converts the whole log; here one trace per variant is aligned and every
result is weighted by the variant's case count, so the figures equal PM4Py's on the full log.

Alignments can be slow on large models: each variant gets ``timeout_per_variant`` seconds; a
variant whose alignment times out is left out of the fitness averages exactly as PM4Py leaves out
a ``None`` alignment, and is counted in ``n_variants_timed_out``.

Both the fitness alignments and the precision's prefix alignments run in
:func:`sagsflow.conformance.align.run_in_workers`: worker processes started from a fork server (not
forked from this process, as PM4Py's own pool is) whose death costs a second attempt, not the result. A
variant or prefix that no worker survived is left out and counted (``n_variants_lost``,
``n_prefixes_lost``).
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from sagsflow.errors import InvalidParameterError

if TYPE_CHECKING:
    from sagsflow.discovery.export import BpmnModel
    from sagsflow.discovery.miner import InductiveMiner, PetriNetModel
    from sagsflow.log import EventLog

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ModelQuality:
    """Fitness, precision and size of a Petri net against a log.

    Attributes
    ----------
    fitness : float
        Average alignment-based trace fitness over the cases (PM4Py ``averageFitness``).
    percent_fitting_traces : float
        Share of cases (0-100) that fit perfectly (PM4Py ``percFitTraces``).
    log_fitness : float
        ``1 - sum(cost) / sum(best-worst cost)`` over the cases (PM4Py ``log_fitness``).
    precision : float
        Align-ETConformance precision (PM4Py ``precision_alignments``).
    n_variants, n_cases : int
    n_variants_timed_out : int
        Variants whose alignment hit ``timeout_per_variant`` (left out of the fitness figures).
    n_cases_timed_out : int
    n_places, n_transitions, n_silent_transitions, n_arcs : int
    n_bpmn_nodes : int or None
        Nodes of the BPMN model when one was given (e.g. a fitted :class:`InductiveMiner`).
    seconds : float
        Wall time of the evaluation.
    n_variants_lost, n_prefixes_lost : int
        Variants left out of the fitness figures and trace prefixes left out of the precision because
        every worker process that aligned them died (normally 0).
    """

    fitness: float
    percent_fitting_traces: float
    log_fitness: float
    precision: float
    n_variants: int
    n_cases: int
    n_variants_timed_out: int
    n_cases_timed_out: int
    n_places: int
    n_transitions: int
    n_silent_transitions: int
    n_arcs: int
    n_bpmn_nodes: int | None
    seconds: float
    n_variants_lost: int = 0
    n_prefixes_lost: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _to_pm4py_log(traces: list[tuple[str, ...]]) -> Any:
    from pm4py.objects.log.obj import Event, EventLog, Trace

    log = EventLog()
    for acts in traces:
        log.append(Trace([Event({"concept:name": a}) for a in acts]))
    return log


def _resolve(model: Any) -> tuple[PetriNetModel, BpmnModel | None]:
    from sagsflow.discovery.miner import InductiveMiner, PetriNetModel

    if isinstance(model, InductiveMiner):
        return model.petri_net_, model.bpmn_
    if isinstance(model, PetriNetModel):
        return model, None
    if isinstance(model, tuple) and len(model) == 3:
        return PetriNetModel(*model), None
    raise InvalidParameterError(
        f"evaluate() needs a fitted InductiveMiner, a PetriNetModel or a (net, im, fm) tuple. "
        f"Got {type(model).__name__} instead.", field="model")


def alignment_fitness(model: PetriNetModel, variants: Counter[tuple[str, ...]], *,
                      timeout_per_variant: float = 10.0, processes: int = 2) -> dict[str, float]:
    """Alignment-based fitness of ``variants`` (weighted by count), PM4Py's dictionary keys plus
    ``n_variants_timed_out``/``n_cases_timed_out`` and ``n_variants_lost``/``n_cases_lost``.

    The alignments come from :func:`sagsflow.conformance.align_variants` (once per variant, in a
    process pool); a variant that times out is left out, as PM4Py leaves out a ``None`` alignment, and
    so is a variant whose every worker process died.
    """
    from sagsflow.conformance.align import align_variants

    keys = list(variants)
    results = align_variants(model, keys, timeout=timeout_per_variant, processes=processes, fallback=False)
    n = fit_n = 0
    sum_fit = sum_cost = sum_bwc = 0.0
    to_n = to_cases = lost_n = lost_cases = 0
    for k, res in zip(keys, results, strict=True):
        c = variants[k]
        if res.method == "lost":
            lost_n += 1
            lost_cases += c
            continue
        if res.fitness is None or res.cost is None or res.bwc is None:
            to_n += 1
            to_cases += c
            continue
        n += c
        sum_fit += res.fitness * c
        fit_n += c if res.fitness == 1.0 else 0
        sum_bwc += res.bwc * c
        sum_cost += res.cost * c
    return {
        "percFitTraces": 100.0 * fit_n / n if n else 0.0,
        "averageFitness": sum_fit / n if n else 0.0,
        "log_fitness": (1.0 - sum_cost / sum_bwc if sum_bwc > 0 else 1.0) if n else 0.0,
        "n_variants_timed_out": to_n,
        "n_cases_timed_out": to_cases,
        "n_variants_lost": lost_n,
        "n_cases_lost": lost_cases,
    }


def alignment_precision(model: PetriNetModel, variants: Counter[tuple[str, ...]], *,
                        timeout_per_variant: float = 10.0, processes: int = 2) -> float:
    """Align-ETConformance precision of ``variants`` (prefixes weighted by case count).

    A prefix whose every worker process died is left out (as PM4Py leaves out a prefix without an
    alignment) with a warning; :func:`evaluate` counts them in ``n_prefixes_lost``.
    """
    return _precision(model, variants, timeout_per_variant=timeout_per_variant, processes=processes)[0]


def _stop_markings(prefix: tuple[str, ...]) -> list[dict[tuple[str, str], int]] | None:
    """In a worker: the markings of the sync net where the optimal alignments of ``prefix`` stop."""
    from pm4py.algo.evaluation.precision.variants import align_etconformance as etc

    from sagsflow.conformance.align import _WORKER as w

    return etc.align_fake_log_stop_marking(_to_pm4py_log([prefix]), w["net"], w["im"], w["fm"],
                                           parameters=w["params"])[0]


def _precision(model: PetriNetModel, variants: Counter[tuple[str, ...]], *, timeout_per_variant: float,
               processes: int) -> tuple[float, int]:
    from pm4py.algo.evaluation.precision.variants import align_etconformance as etc
    from pm4py.objects.petri_net.utils.align_utils import (
        get_visible_transitions_eventually_enabled_by_marking as enabled,
    )

    from sagsflow.conformance.align import run_in_workers

    net, im, fm = model.to_pm4py()
    follows: dict[tuple[str, ...], set[str]] = {}
    counts: Counter[tuple[str, ...]] = Counter()
    for trace, c in variants.items():
        for i in range(1, len(trace)):
            follows.setdefault(trace[:i], set()).add(trace[i])
            counts[trace[:i]] += c
    prefixes = list(follows)
    params: dict[str, Any] = {"multiprocessing": False, "show_progress_bar": False,
                              "max_align_time_trace": timeout_per_variant}
    # one prefix per task in our own pool (PM4Py's forks this process, and loses the lot with one worker)
    stop, lost = run_in_workers(_stop_markings, prefixes, processes=processes if len(prefixes) > 1 else 1,
                                state={"net": net, "im": im, "fm": fm, "params": params})
    if lost:
        _log.warning("precision: %d of %d prefixes left out, every worker that aligned them died",
                     len(lost), len(prefixes))
    markings = etc.transform_markings_from_sync_to_original_net(stop, net, parameters=params)
    sum_at = sum_ee = 0
    for prefix, marks in zip(prefixes, markings, strict=True):
        if marks is None:
            continue
        active: set[str] = set()
        for m in marks:
            active |= {t.label for t in enabled(net, m) if t.label is not None}
        sum_at += len(active) * counts[prefix]
        sum_ee += len(active - follows[prefix]) * counts[prefix]
    starts = {t[0] for t in variants if t}
    initial = {t.label for t in enabled(net, im)}
    n_traces = sum(variants.values())
    sum_at += n_traces * len(initial)
    sum_ee += n_traces * len(initial - starts)
    return (1.0 - sum_ee / sum_at if sum_at > 0 else 1.0), len(lost)


def evaluate(model: InductiveMiner | PetriNetModel | tuple[Any, Any, Any],
             log: EventLog | Counter[tuple[str, ...]], *, timeout_per_variant: float = 10.0,
             processes: int = 2) -> ModelQuality:
    """Fitness and precision of ``model`` on ``log``, computed once per variant and weighted.

    Parameters
    ----------
    model : InductiveMiner (fitted), PetriNetModel or (net, im, fm)
    log : EventLog or Counter
        The log, or its variants as ``Counter({(activity, ...): n_cases})``.
    timeout_per_variant : float, default 10.0
        Seconds allowed for one alignment; variants that time out are reported, not averaged.
    processes : int, default 2
        Worker processes for the alignments (1 = in this process). PM4Py's own default would
        ask for ``cpu_count() - 2`` workers.

    Returns
    -------
    ModelQuality

    Examples
    --------
    >>> miner = InductiveMiner(noise_threshold=0.2).fit(log)  # doctest: +SKIP
    >>> evaluate(miner, log).fitness                           # doctest: +SKIP
    0.93
    """
    from sagsflow.discovery.miner import log_variants

    if not (isinstance(processes, int) and processes >= 1):
        raise InvalidParameterError(f"'processes' must be an integer >= 1. Got {processes!r} instead.",
                                    field="processes")
    if not timeout_per_variant > 0:
        raise InvalidParameterError(
            f"'timeout_per_variant' must be a positive number of seconds. Got {timeout_per_variant!r}.",
            field="timeout_per_variant")
    start = time.perf_counter()
    net_model, bpmn = _resolve(model)
    variants = Counter(log) if isinstance(log, Counter) else log_variants(log)
    if not variants:
        raise InvalidParameterError("Cannot evaluate a model on a log without cases.",
                                    hint="Check the filters applied to the log (log.explain()).")
    fit = alignment_fitness(net_model, variants, timeout_per_variant=timeout_per_variant,
                            processes=processes)
    prec, prefixes_lost = _precision(net_model, variants, timeout_per_variant=timeout_per_variant,
                                     processes=processes)
    return ModelQuality(
        fitness=fit["averageFitness"], percent_fitting_traces=fit["percFitTraces"],
        log_fitness=fit["log_fitness"], precision=prec, n_variants=len(variants),
        n_cases=int(sum(variants.values())), n_variants_timed_out=int(fit["n_variants_timed_out"]),
        n_cases_timed_out=int(fit["n_cases_timed_out"]), n_places=net_model.n_places,
        n_transitions=net_model.n_transitions, n_silent_transitions=net_model.n_silent_transitions,
        n_arcs=net_model.n_arcs, n_bpmn_nodes=bpmn.n_nodes if bpmn is not None else None,
        seconds=time.perf_counter() - start, n_variants_lost=int(fit["n_variants_lost"]),
        n_prefixes_lost=prefixes_lost,
    )
