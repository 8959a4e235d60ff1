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
import math
import time
from collections import Counter
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from sagsflow.errors import InvalidParameterError

if TYPE_CHECKING:
    from sagsflow.discovery.export import BpmnModel
    from sagsflow.discovery.miner import InductiveMiner, PetriNetModel
    from sagsflow.discovery.split_miner import SplitMiner
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
        every worker process that aligned them died (normally 0); with ``precision_method="1-align"``,
        ``n_prefixes_lost`` counts the variants left out of the precision.
    precision_method : str
        ``"align-etc"`` or ``"1-align"`` (see :func:`evaluate`).
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
    precision_method: str = "align-etc"

    @property
    def f_score(self) -> float:
        """Harmonic mean of ``fitness`` and ``precision``."""
        f, p = self.fitness, self.precision
        return 2 * f * p / (f + p) if f + p > 0 else 0.0

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
    from sagsflow.discovery.split_miner import SplitMiner

    if isinstance(model, InductiveMiner | SplitMiner):
        return model.petri_net_, model.bpmn_
    if isinstance(model, PetriNetModel):
        return model, None
    if isinstance(model, tuple) and len(model) == 3:
        return PetriNetModel(*model), None
    raise InvalidParameterError(
        f"evaluate() needs a fitted InductiveMiner or SplitMiner, a PetriNetModel or a (net, im, fm) tuple. "
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
    fits: list[float] = []  # summed with math.fsum: the same figure whatever order the variants come in
    costs: list[float] = []
    bwcs: list[float] = []
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
        fits.append(res.fitness * c)
        fit_n += c if res.fitness == 1.0 else 0
        bwcs.append(res.bwc * c)
        costs.append(res.cost * c)
    sum_fit, sum_cost, sum_bwc = math.fsum(fits), math.fsum(costs), math.fsum(bwcs)
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


def _one_align_enabled(trace: tuple[str, ...]) -> tuple[float, tuple[str, ...], list[frozenset[str]]] | None:
    """In a worker: one optimal alignment of ``trace`` (:func:`~sagsflow.conformance.align.optimal_alignment`),
    replayed on the net; its fitness (PM4Py's formula), its projection on the model (the visible activities of
    its synchronous and model moves, in order; log moves are not model behaviour) and, after each step of that
    projection, the visible activities the model enables (through silent steps). None when it timed out."""
    from pm4py.objects.petri_net.semantics import execute
    from pm4py.objects.petri_net.utils.align_utils import (
        get_visible_transitions_eventually_enabled_by_marking as enabled,
    )

    from sagsflow.conformance.align import _MOVE_COST, optimal_alignment
    from sagsflow.conformance.align import _WORKER as w

    res = optimal_alignment(trace, w["net"], w["im"], w["fm"], timeout=w["timeout"], bwc=w["bwc"],
                            a_star_costs=False, stats=w.setdefault("search_stats", {}),
                            extra={"ret_tuple_as_trans_desc": True})
    if res is None:
        return None
    if "by_name" not in w:  # each worker's own net (it arrives as plain tuples, see run_in_workers)
        w["by_name"] = {t.name: t for t in w["net"].transitions}
    by_name, cache = w["by_name"], w["cache"]
    marking = copy_marking(w["im"])
    projection: list[str] = []
    out: list[frozenset[str]] = []
    for (_log_part, model_part), (_log_label, model_label) in res["alignment"]:
        if model_part == ">>":
            continue  # a log move: the model does not move
        marking = execute(by_name[model_part], w["net"], marking)
        if model_label is not None:  # a visible step of the model: a synchronous move or a model move
            key = frozenset(marking.items())
            if key not in cache:
                cache[key] = frozenset(t.label for t in enabled(w["net"], marking) if t.label is not None)
            projection.append(model_label)
            out.append(cache[key])
    # PM4Py's formula: 1 - deviations / (events + deviations of the empty trace), on the A* best-worst cost
    den = len(trace) + w["bwc_moves"]
    return (1.0 - (int(res["cost"]) // _MOVE_COST) / den if den > 0 else 0.0), tuple(projection), out


def copy_marking(marking: Any) -> Any:
    from pm4py.objects.petri_net.obj import Marking

    return Marking(dict(marking))


def one_align_precision(model: PetriNetModel, variants: Counter[tuple[str, ...]], *, timeout_per_variant: float = 10.0,
                        processes: int = 2) -> tuple[float, int]:
    """ETConformance precision on one optimal alignment per variant; see :func:`one_align_quality`."""
    q = one_align_quality(model, variants, timeout_per_variant=timeout_per_variant, processes=processes)
    return q["precision"], int(q["n_variants_left_out"])


def one_align_quality(model: PetriNetModel, variants: Counter[tuple[str, ...]], *, timeout_per_variant: float = 10.0,
                      processes: int = 2) -> dict[str, float]:
    """Alignment fitness and ETConformance precision from one optimal alignment per variant ("1-align" precision,
    Adriansyah et al., "Measuring precision of modeled behavior", ISeB 2015).

    Returns ``{"fitness", "precision", "n_variants_left_out"}``: ``fitness`` is PM4Py's average trace fitness
    (``averageFitness`` of ``pm4py.fitness_alignments``: the number of deviations of an optimal alignment does not
    depend on which optimal alignment is found), weighted by cases.

    The precision is Adriansyah's: each variant's optimal alignment (found once, by
    :func:`~sagsflow.conformance.align.optimal_alignment`, in worker processes) is projected on the model (its
    synchronous and visible model moves; log moves are left out, they are not model behaviour), and at every prefix
    of those projections the activities the model enables (through silent steps) and the one the alignment does next
    are compared: enabled but never done there is an escaping arc. As in PM4Py the empty prefix counts and the whole
    projection does not. On a fitting log the projection is the trace, and the figure equals PM4Py's
    align-ETConformance where each prefix reaches one model state. On a log that does not fit they differ by design:
    PM4Py's prefix search allows no deviation, so it leaves out every prefix the model cannot replay (on Sepsis'
    Split Miner model most of them) and measures the fitting part only; 1-align measures the model on every case, as
    the published benchmarks of discovery algorithms do. Variants whose alignment times out (or whose workers died)
    are left out and counted.

    Examples
    --------
    >>> one_align_quality(miner.petri_net_, log_variants(log))  # doctest: +SKIP
    {'fitness': 0.91, 'precision': 0.87, 'n_variants_left_out': 0}
    """
    from pm4py.objects.petri_net.utils.align_utils import (
        get_visible_transitions_eventually_enabled_by_marking as enabled,
    )

    from sagsflow.conformance.align import _MOVE_COST, best_worst_cost, run_in_workers

    net, im, fm = model.to_pm4py()
    traces = [t for t in variants if t]
    bwc = best_worst_cost(model)
    state = {"net": net, "im": im, "fm": fm, "timeout": timeout_per_variant, "cache": {},
             "bwc": bwc, "bwc_moves": (bwc or 0) // _MOVE_COST}
    results, _lost = run_in_workers(_one_align_enabled, traces, processes=processes if len(traces) > 1 else 1,
                                    state=state)
    follows: dict[tuple[str, ...], set[str]] = {}
    counts: Counter[tuple[str, ...]] = Counter()
    states: dict[tuple[str, ...], set[str]] = {}
    left_out = 0
    fits: list[float] = []  # math.fsum: the same figure whatever order the variants come in
    for trace, res in zip(traces, results, strict=True):
        if res is None:
            left_out += 1
            continue
        c = variants[trace]
        fit, projected, after = res
        fits.append(fit * c)
        for i in range(1, len(projected)):
            follows.setdefault(projected[:i], set()).add(projected[i])
            states.setdefault(projected[:i], set()).update(after[i - 1])
            counts[projected[:i]] += c
    sum_at = sum_ee = 0
    for prefix, active in states.items():
        sum_at += len(active) * counts[prefix]
        sum_ee += len(active - follows[prefix]) * counts[prefix]
    kept = [t for t, r in zip(traces, results, strict=True) if r is not None]
    starts = {r[1][0] for r in results if r is not None and r[1]}
    initial = {t.label for t in enabled(net, im) if t.label is not None}
    n_traces = sum(variants[t] for t in kept)
    sum_at += n_traces * len(initial)
    sum_ee += n_traces * len(initial - starts)
    return {"fitness": math.fsum(fits) / n_traces if n_traces else 0.0,
            "precision": 1.0 - sum_ee / sum_at if sum_at > 0 else 1.0, "n_variants_left_out": left_out}


def evaluate(model: InductiveMiner | SplitMiner | PetriNetModel | tuple[Any, Any, Any],
             log: EventLog | Counter[tuple[str, ...]], *, timeout_per_variant: float = 10.0,
             processes: int = 2, precision: str = "align-etc") -> ModelQuality:
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
    precision : {"align-etc", "1-align"}, default "align-etc"
        ``align-etc``: PM4Py's align-ETConformance (every optimal alignment of every prefix; equal to
        ``pm4py.precision_alignments``, slow on large logs); ``1-align``: :func:`one_align_precision` (one
        alignment per variant; finishes on real logs). ``ModelQuality.precision_method`` says which.

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
    if precision == "1-align":
        prec, prefixes_lost = one_align_precision(net_model, variants, timeout_per_variant=timeout_per_variant,
                                                  processes=processes)
    elif precision == "align-etc":
        prec, prefixes_lost = _precision(net_model, variants, timeout_per_variant=timeout_per_variant,
                                         processes=processes)
    else:
        raise InvalidParameterError(f"'precision' must be 'align-etc' or '1-align'. Got {precision!r}.",
                                    field="precision")
    return ModelQuality(
        fitness=fit["averageFitness"], percent_fitting_traces=fit["percFitTraces"],
        log_fitness=fit["log_fitness"], precision=prec, n_variants=len(variants),
        n_cases=int(sum(variants.values())), n_variants_timed_out=int(fit["n_variants_timed_out"]),
        n_cases_timed_out=int(fit["n_cases_timed_out"]), n_places=net_model.n_places,
        n_transitions=net_model.n_transitions, n_silent_transitions=net_model.n_silent_transitions,
        n_arcs=net_model.n_arcs, n_bpmn_nodes=bpmn.n_nodes if bpmn is not None else None,
        seconds=time.perf_counter() - start, n_variants_lost=int(fit["n_variants_lost"]),
        n_prefixes_lost=prefixes_lost, precision_method=precision,
    )


def model_scores(miner: InductiveMiner | SplitMiner, variants: Counter[tuple[str, ...]], *,
                 timeout_per_variant: float = 5.0, processes: int = 2) -> dict[str, Any]:
    """The figures an analyst picks a model by, for a fitted miner on the variants it was fitted on (or others).

    Fitness and 1-align precision from :func:`one_align_quality`, their F-score, and the BPMN model's size
    (nodes), gateways and control-flow complexity; ``n_variants_left_out`` counts variants whose alignment
    took longer than ``timeout_per_variant`` seconds. When every variant was left out there is no figure:
    fitness, precision and F-score are None (not 0 and 1). One home for the REST API and the web app's model page.

    Examples
    --------
    >>> model_scores(SplitMiner().fit(log), log_variants(log))  # doctest: +SKIP
    {'fitness': 0.9, 'precision': 0.8, 'f_score': 0.85, 'size': 40, 'gateways': 22, 'cfc': 53, ...}
    """
    start = time.perf_counter()
    q = one_align_quality(miner.petri_net_, variants, timeout_per_variant=timeout_per_variant, processes=processes)
    f: float | None = q["fitness"]
    p: float | None = q["precision"]
    if int(q["n_variants_left_out"]) >= sum(1 for t in variants if t):
        f = p = None  # nothing aligned: no figure rather than fitness 0 and precision 1
    return {"fitness": f, "precision": p,
            "f_score": None if f is None or p is None else 2 * f * p / (f + p) if f + p > 0 else 0.0,
            "precision_method": "1-align", "size": miner.bpmn_.n_nodes, "gateways": miner.bpmn_.n_gateways,
            "cfc": miner.bpmn_.control_flow_complexity, "n_variants": len(variants),
            "n_variants_left_out": int(q["n_variants_left_out"]), "seconds": time.perf_counter() - start}
