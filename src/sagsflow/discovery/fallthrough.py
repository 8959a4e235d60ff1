"""The activity-concurrent fall-through with a vectorised candidate search.

PM4Py's ``ActivityConcurrentUVCL`` tries the activities in sorted order and takes the first ``a``
for which one of IM's cuts holds on the log without ``a``; for each candidate it rebuilds that log
and its DFG in Python and runs networkx cut detection. Here the variants are coded once
(:class:`~sagsflow.discovery.coded_dfg.CodedVariants`), the DFG without ``a`` is derived from the
positions of ``a`` alone, and the cuts are checked with :func:`~sagsflow.discovery.cuts.any_cut`.
The candidate is the same, so the split (``a`` in parallel with the rest) is PM4Py's.
"""

from __future__ import annotations

from typing import Any

from pm4py.algo.discovery.inductive.fall_through.activity_concurrent import ActivityConcurrentUVCL
from pm4py.algo.discovery.inductive.fall_through.activity_once_per_trace import ActivityOncePerTraceUVCL
from pm4py.algo.discovery.inductive.fall_through.empty_traces import EmptyTracesUVCL
from pm4py.algo.discovery.inductive.fall_through.flower import FlowerModelUVCL
from pm4py.algo.discovery.inductive.fall_through.strict_tau_loop import StrictTauLoopUVCL
from pm4py.algo.discovery.inductive.fall_through.tau_loop import TauLoopUVCL

from sagsflow.discovery.coded_dfg import CodedVariants
from sagsflow.discovery.cuts import any_cut


class FastActivityConcurrentUVCL(ActivityConcurrentUVCL):
    """PM4Py's activity-concurrent fall-through; the candidate search runs on coded DFGs."""

    @classmethod
    def _get_candidate(cls, obj: Any, pool: Any = None, manager: Any = None,
                       parameters: dict[str, Any] | None = None) -> Any | None:
        coded = CodedVariants(obj.data_structure)
        for a in range(coded.n):  # sorted label order, as PM4Py
            if any_cut(coded.dfg_without(a)):
                return coded.labels[a]
        return None


def fall_throughs(disable_fallthroughs: bool = False) -> list[Any]:
    """IM's fall-throughs on variant logs in PM4Py's order, with the fast activity-concurrent one."""
    if disable_fallthroughs:
        return [EmptyTracesUVCL, FlowerModelUVCL]
    return [EmptyTracesUVCL, ActivityOncePerTraceUVCL, FastActivityConcurrentUVCL, StrictTauLoopUVCL,
            TauLoopUVCL, FlowerModelUVCL]
