"""``check_conformance``: align a log's variants against a reference model and join back to cases."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from sagsflow.conformance.align import align_variants
from sagsflow.conformance.model import ReferenceModel, compare_labels, load_model
from sagsflow.conformance.result import ConformanceResult
from sagsflow.errors import InvalidParameterError

if TYPE_CHECKING:
    from sagsflow.log import EventLog


def _variants_and_cases(log: EventLog) -> tuple[pa.Table, pa.Table]:
    """The log's variants (``variant_id``, ``activities``, ``n_cases``) and cases (``case_idx``,
    ``variant_id``, ``start_time``), from the set-based variants of :mod:`sagsflow.analysis.variants`."""
    from sagsflow.analysis.variants import case_variants

    cur = log.workspace.con.cursor()
    try:
        cur.execute("SET TimeZone='UTC'")
        with case_variants(log) as (cases_sql, variants_sql):
            labels = f"(SELECT list(activity ORDER BY activity_code) FROM {log.activities_table})"
            variants = cur.sql(
                f"""SELECT variant_id, list_select(__labels, list_transform(seq, lambda c: c + 1)) AS activities,
                    n_cases FROM ({variants_sql}), (SELECT {labels} AS __labels) ORDER BY variant_id"""
            ).to_arrow_table()
            cases = cur.sql(f"SELECT case_idx, variant_id, start_time FROM ({cases_sql}) ORDER BY case_idx"
                                ).to_arrow_table()
    finally:
        cur.close()
    return variants, cases


def check_conformance(log: EventLog, model: Any, *, timeout: float = 10.0, time_budget: float | None = None,
                      processes: int | None = None,
                      fallback: bool = True, process: str | None = None,
                      ignore_unsupported: bool = False,
                      progress: Callable[[float, str], None] | None = None) -> ConformanceResult:
    """Check a log against a reference model with alignments, computed once per variant.

    Parameters
    ----------
    log : EventLog
        Any (filtered) log.
    model : str, Path, ReferenceModel, InductiveMiner, PetriNetModel, BpmnModel or (net, im, fm)
        A ``.bpmn`` or ``.pnml`` file, or a discovered model (see :func:`load_model`).
    timeout : float, default 10.0
        Seconds allowed for the alignment of one variant.
    time_budget : float, optional
        Seconds allowed for all alignments together; the variants left when it is spent get the fallback.
    processes : int, optional
        Worker processes for the alignments (default: every CPU this process may use).
    fallback : bool, default True
        When a variant's alignment runs out of time, use token-replay fitness for it (flagged in
        ``method`` and listed in :attr:`ConformanceResult.fallbacks`); with False it gets no fitness.
    process, ignore_unsupported
        For BPMN files: which pool's process to read, and whether to drop unsupported elements.
    progress : callable, optional
        ``progress(fraction, text)`` as the alignments advance (fraction of the distinct sequences aligned).

    Returns
    -------
    ConformanceResult

    Examples
    --------
    >>> res = check_conformance(log, "det_gode_sagsforloeb.bpmn")  # doctest: +SKIP
    >>> print(res.summary())                                       # doctest: +SKIP
    1,434 cases in 116 variants checked against det_gode_sagsforloeb.bpmn in 2.1 s
    fitness 0.9312 (log fitness 0.9270), 71.4 % of the cases fit the model
    >>> res.activities.head(3)                                     # doctest: +SKIP
    """
    start = time.perf_counter()
    ref: ReferenceModel = load_model(model, process=process, ignore_unsupported=ignore_unsupported)
    variants, cases = _variants_and_cases(log)
    if variants.num_rows == 0:
        raise InvalidParameterError(f"Cannot check conformance of log {log.name!r}: it has no cases.",
                                    hint="Check the filters applied to the log (log.explain()).")
    traces = [tuple(a) for a in variants.column("activities").to_pylist()]
    counts: Counter[str] = Counter()
    for t, n in zip(traces, variants.column("n_cases").to_pylist(), strict=True):
        for a in t:
            counts[a] += n
    labels = compare_labels(ref, dict(counts))
    from sagsflow.i18n import _

    report = progress or (lambda f, m: None)
    aligned = align_variants(
        ref.petri_net, traces, timeout=timeout, time_budget=time_budget, processes=processes, fallback=fallback,
        progress=lambda i, n: report(i / max(n, 1), _("aligned {i} of {n} distinct variants", i=i, n=n)))
    vids = variants.column("variant_id").to_pylist()
    variants = variants.append_column("fitness", pa.array([a.fitness for a in aligned], pa.float64()))
    for name, values, typ in (
        ("cost", [a.cost for a in aligned], pa.int64()), ("bwc", [a.bwc for a in aligned], pa.int64()),
        ("method", [a.method for a in aligned], pa.string()),
        ("n_log_moves", [a.n_log_moves for a in aligned], pa.int64()),
        ("n_model_moves", [a.n_model_moves for a in aligned], pa.int64()),
        ("seconds", [a.seconds for a in aligned], pa.float64()),
    ):
        variants = variants.append_column(name, pa.array(values, typ))
    mv: Counter[tuple[int, str, str]] = Counter()
    for vid, a in zip(vids, aligned, strict=True):
        for kind, act in a.moves:
            mv[(vid, kind, act)] += 1
    moves = pa.table({"variant_id": pa.array([k[0] for k in mv], pa.int64()),
                      "kind": pa.array([k[1] for k in mv], pa.string()),
                      "activity": pa.array([k[2] for k in mv], pa.string()),
                      "n": pa.array(list(mv.values()), pa.int64())})
    return ConformanceResult(log, ref, labels, variants, moves, cases, time.perf_counter() - start)
