"""PM4Py's IM and IMf on variant logs, with the fast cuts and the fast activity-concurrent fall-through.

Only the two extension points of PM4Py's ``InductiveMinerFramework`` are replaced: ``find_cut`` (the
cut classes of :mod:`sagsflow.discovery.cuts`, in PM4Py's order) and ``fall_through`` (the list of
:func:`sagsflow.discovery.fallthrough.fall_throughs`). Base cases, IMf's noise filtering, the
projections and the recursion are PM4Py's, so the tree is PM4Py's.
"""

from __future__ import annotations

from typing import Any

from pm4py.algo.discovery.inductive.variants.im import IMUVCL
from pm4py.algo.discovery.inductive.variants.imf import IMFUVCL
from pm4py.util import exec_utils

from sagsflow.discovery.cuts import (
    FastConcurrencyCutUVCL,
    FastExclusiveChoiceCutUVCL,
    FastLoopCutUVCL,
    FastSequenceCutUVCL,
    FastStrictSequenceCutUVCL,
)
from sagsflow.discovery.fallthrough import fall_throughs


class _FastSteps:
    _pool: Any
    _manager: Any

    def find_cut(self, obj: Any, parameters: dict[str, Any] | None = None) -> Any:
        strict = not exec_utils.get_param_value("disable_strict_sequence_cut", parameters or {}, False)
        sequence = FastStrictSequenceCutUVCL if strict else FastSequenceCutUVCL
        for cut in (FastExclusiveChoiceCutUVCL, sequence, FastConcurrencyCutUVCL, FastLoopCutUVCL):
            r = cut.apply(obj, parameters)
            if r is not None:
                return r
        return None

    def fall_through(self, obj: Any, parameters: dict[str, Any] | None = None) -> Any:
        disable = bool(exec_utils.get_param_value("disable_fallthroughs", parameters or {}, False))
        for ft in fall_throughs(disable):
            r = ft.apply(obj, self._pool, self._manager, parameters)
            if r is not None:
                return r
        return None


class FastIMUVCL(_FastSteps, IMUVCL):
    """IM (no noise filtering) on a variant log; same tree as PM4Py's ``IMUVCL``."""


class FastIMFUVCL(_FastSteps, IMFUVCL):
    """IMf on a variant log; same tree as PM4Py's ``IMFUVCL``."""
