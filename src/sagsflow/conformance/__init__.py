"""Conformance checking against a reference model ("det gode sagsforløb").

Import the model from BPMN 2.0 (:func:`read_bpmn`: bpmn.io, Camunda Modeler, Signavio, Apromore; the
elements it cannot translate are named with id and line) or PNML (:func:`read_pnml`), or use a model
discovered with :class:`~sagsflow.discovery.InductiveMiner`. :func:`check_conformance` aligns each variant
of the log once (PM4Py's alignments, in parallel, with a time limit and a flagged token-replay
fallback) and joins the result back to the cases: fitness per case, deviations per activity (skipped
steps = model moves, unexpected steps = log moves), per variant, per period and per case attribute.

Examples
--------
>>> from sagsflow.conformance import check_conformance        # doctest: +SKIP
>>> res = check_conformance(log, "det_gode_sagsforloeb.bpmn")  # doctest: +SKIP
>>> res.fitness, res.activities, res.by_attribute("unit")      # doctest: +SKIP
"""

from sagsflow.conformance.align import VariantAlignment, align_variants, best_worst_cost
from sagsflow.conformance.bpmn import read_bpmn
from sagsflow.conformance.check import check_conformance
from sagsflow.conformance.model import (
    LabelReport,
    ModelIssue,
    ReferenceModel,
    compare_labels,
    load_model,
    read_pnml,
)
from sagsflow.conformance.result import ConformanceResult

__all__ = [
    "ConformanceResult",
    "LabelReport",
    "ModelIssue",
    "ReferenceModel",
    "VariantAlignment",
    "align_variants",
    "best_worst_cost",
    "check_conformance",
    "compare_labels",
    "load_model",
    "read_bpmn",
    "read_pnml",
]
