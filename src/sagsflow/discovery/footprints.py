"""Footprint-based fitness and precision of a process tree: PM4Py's measures, weighted by variant.

Alignments do not finish on the ~400-activity BPIC15 models (see docs/discovery.md), so this
module gives PM4Py's *footprint* quality instead (``pm4py.fitness_footprints`` /
``pm4py.precision_footprints``): the model's footprint (which activity can directly follow which,
start and end activities) is computed from the process tree bottom-up, and the log's
directly-follows pairs are compared with it. It takes seconds on these models.

It is a coarser measure than alignments: a trace "fits" when each of its directly-follows pairs,
its first and its last activity occur in the model's footprint, which every trace the model can
replay satisfies, so the percentage of fitting traces is an upper bound of the alignment one.
Precision is the share of the model's footprint pairs seen in the log.

The footprints are computed once per variant; fitness and the percentage of fitting traces are
weighted by the variant's case count, so the figures equal PM4Py's on the full log.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from sagsflow.errors import InvalidParameterError

if TYPE_CHECKING:
    from pm4py.objects.process_tree.obj import ProcessTree

    from sagsflow.discovery.miner import InductiveMiner
    from sagsflow.log import EventLog


@dataclass(frozen=True)
class FootprintQuality:
    """Footprint-based fitness and precision of a process tree against a log (PM4Py's measures).

    Attributes
    ----------
    fitness : float
        PM4Py ``fitness_footprints(...)["log_fitness"]``: directly-follows occurrences (and start/end
        activities) of the log that the model's footprint allows, in ``[0, 1]``.
    percent_fitting_traces : float
        Share of cases (0-100) whose every directly-follows pair, start and end activity is in the
        model's footprint (an upper bound of the alignment-based percentage).
    precision : float
        PM4Py ``precision_footprints``: share of the model's directly-follows/parallel pairs that
        the log shows.
    n_variants, n_cases : int
    seconds : float
        Wall time of the evaluation.
    """

    fitness: float
    percent_fitting_traces: float
    precision: float
    n_variants: int
    n_cases: int
    seconds: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _tree_of(model: Any) -> ProcessTree:
    from pm4py.objects.process_tree.obj import ProcessTree

    from sagsflow.discovery.miner import InductiveMiner

    if isinstance(model, InductiveMiner):
        return model.process_tree_
    if isinstance(model, ProcessTree):
        return model
    raise InvalidParameterError(
        f"footprint_quality() needs a fitted InductiveMiner or a PM4Py ProcessTree. "
        f"Got {type(model).__name__} instead.",
        hint="A Petri net has no tree structure; use sagsflow.discovery.evaluate for it.", field="model")


def footprint_quality(model: InductiveMiner | ProcessTree,
                      log: EventLog | Counter[tuple[str, ...]]) -> FootprintQuality:
    """Footprint-based fitness and precision of ``model`` on ``log`` (PM4Py's definitions).

    Parameters
    ----------
    model : InductiveMiner (fitted) or pm4py ProcessTree
    log : EventLog or Counter
        The log, or its variants as ``Counter({(activity, ...): n_cases})``.

    Returns
    -------
    FootprintQuality

    Examples
    --------
    >>> miner = InductiveMiner(noise_threshold=0.2).fit(log)  # doctest: +SKIP
    >>> footprint_quality(miner, log).precision               # doctest: +SKIP
    0.19
    """
    from pm4py.algo.conformance.footprints import algorithm as fp_conformance
    from pm4py.algo.conformance.footprints.util import evaluation
    from pm4py.algo.discovery.footprints import algorithm as fp_discovery

    from sagsflow.discovery.miner import deep_recursion, log_variants
    from sagsflow.discovery.quality import _to_pm4py_log

    start = time.perf_counter()
    tree = _tree_of(model)
    variants = Counter(log) if isinstance(log, Counter) else log_variants(log)
    variants = Counter({k: c for k, c in variants.items() if c > 0})
    if not variants:
        raise InvalidParameterError("Cannot evaluate a model on a log without cases.",
                                    hint="Check the filters applied to the log (log.explain()).")
    keys = list(variants)
    with deep_recursion():
        fp_model = fp_discovery.apply(tree, variant=fp_discovery.Variants.PROCESS_TREE)
    fp_traces = fp_discovery.apply(_to_pm4py_log(keys), variant=fp_discovery.Variants.TRACE_BY_TRACE)
    conf = fp_conformance.apply(fp_traces, fp_model, variant=fp_conformance.Variants.TRACE_EXTENSIVE)
    # weight each variant's directly-follows counts by its cases: the log-level figure PM4Py computes
    weighted = [dict(fp, dfg=Counter({p: n * variants[k] for p, n in fp["dfg"].items()}))
                for fp, k in zip(fp_traces, keys, strict=True)]
    fitness = evaluation.fp_fitness(weighted, fp_model, conf)
    n_cases = int(sum(variants.values()))
    fit_cases = sum(variants[k] for k, c in zip(keys, conf, strict=True) if c[evaluation.IS_FOOTPRINTS_FIT])
    return FootprintQuality(
        fitness=float(fitness["log_fitness"]), percent_fitting_traces=100.0 * fit_cases / n_cases,
        precision=float(evaluation.fp_precision(fp_traces, fp_model)), n_variants=len(variants),
        n_cases=n_cases, seconds=time.perf_counter() - start)
