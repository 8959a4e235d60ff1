"""The inductive miner as an estimator, fed variants with counts (never the whole event log).

PM4Py's inductive miner works on a *univariate variant-compressed log* (UVCL): a ``Counter``
mapping each activity sequence to its number of cases. We build it with one SQL query over the
store and hand it to PM4Py's IM / IMf implementation directly, so discovery costs one alignment
of the data per variant rather than a pandas round trip per event.
"""

from __future__ import annotations

import contextlib
import math
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sagsflow.errors import InvalidParameterError, NotFittedError

if TYPE_CHECKING:
    from pm4py.objects.bpmn.obj import BPMN
    from pm4py.objects.petri_net.obj import Marking, PetriNet
    from pm4py.objects.process_tree.obj import ProcessTree

    from sagsflow.discovery.export import BpmnModel
    from sagsflow.log import EventLog



def log_variants(log: EventLog) -> Counter[tuple[str, ...]]:
    """The variants of ``log`` as ``Counter({(activity, ...): n_cases})``, computed in DuckDB, most cases first
    (then by activities): one order on every call, so whatever is computed from them in order (sums of
    floats, a miner's choices) is the same every time.

    Examples
    --------
    >>> log_variants(log)  # doctest: +SKIP
    Counter({('register', 'decide'): 12, ('register', 'ask', 'decide'): 3})
    """
    sql = f"""
        SELECT acts, count(*) AS n FROM (
            SELECT case_idx, list(activity ORDER BY event_idx) AS acts
            FROM ({log.events_sql()}) GROUP BY case_idx
        ) GROUP BY acts ORDER BY n DESC, acts"""
    rows = log.workspace.con.execute(sql).fetchall()
    return Counter({tuple(acts): int(n) for acts, n in rows})


@contextlib.contextmanager
def deep_recursion(limit: int = 20_000) -> Iterator[None]:
    """Raise Python's recursion limit for the duration (PM4Py's ``fold``, ``deepcopy`` and converters
    recurse once per tree level, and wide logs such as BPIC15 give trees hundreds of levels deep)."""
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, limit))
    try:
        yield
    finally:
        sys.setrecursionlimit(old)


def mine_tree(variants: Counter[tuple[str, ...]], noise_threshold: float = 0.0) -> ProcessTree:
    """Run the inductive miner (IM, or IMf when ``noise_threshold > 0``) on variant counts.

    PM4Py's ``IMUVCL`` / ``IMFUVCL`` with the cut detection and the activity-concurrent fall-through
    replaced by vectorised versions (:mod:`sagsflow.discovery.fast_im`) that give the same groups
    and candidates; same parameters and post-processing (fold, sort) as
    ``pm4py.discover_process_tree_inductive``, so the tree is the one PM4Py finds on the full log,
    also on logs with hundreds of activities where PM4Py's own code takes hours.
    """
    from pm4py.algo.discovery.inductive.dtypes.im_ds import IMDataStructureUVCL
    from pm4py.objects.process_tree.utils.generic import fold, tree_sort

    from sagsflow.discovery.fast_im import FastIMFUVCL, FastIMUVCL

    params: dict[str, Any] = {
        "noise_threshold": noise_threshold,
        "multiprocessing": False,
        "disable_fallthroughs": False,
    }
    miner = FastIMFUVCL(params) if noise_threshold > 0 else FastIMUVCL(params)
    with deep_recursion():
        tree = miner.apply(IMDataStructureUVCL(Counter(variants)), params)
        tree = fold(tree)
        tree_sort(tree)
    return tree


@dataclass(frozen=True, eq=False)
class PetriNetModel:
    """An accepting Petri net: the net with its initial and final markings.

    Attributes
    ----------
    net : pm4py.objects.petri_net.obj.PetriNet
    initial_marking, final_marking : pm4py.objects.petri_net.obj.Marking
    """

    net: PetriNet
    initial_marking: Marking
    final_marking: Marking
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def n_places(self) -> int:
        return len(self.net.places)

    @property
    def n_transitions(self) -> int:
        return len(self.net.transitions)

    @property
    def n_arcs(self) -> int:
        return len(self.net.arcs)

    @property
    def n_silent_transitions(self) -> int:
        return sum(1 for t in self.net.transitions if t.label is None)

    def to_pm4py(self) -> tuple[PetriNet, Marking, Marking]:
        """``(net, im, fm)`` as PM4Py's functions take them."""
        return self.net, self.initial_marking, self.final_marking

    def to_pnml(self, path: Any) -> Any:
        """Write the net as PNML (with markings); returns the path."""
        from sagsflow.discovery.export import write_pnml

        return write_pnml(self, path)

    def __repr__(self) -> str:
        return (f"PetriNetModel(places={self.n_places}, transitions={self.n_transitions}, "
                f"arcs={self.n_arcs})")


class InductiveMiner:
    """Discover a sound, block-structured process model with the inductive miner.

    Fits on the log's variants with their case counts (one SQL query), then runs PM4Py's
    Inductive Miner (``noise_threshold == 0``) or Inductive Miner infrequent (``> 0``).

    .. versionadded:: 0.1

    Parameters
    ----------
    noise_threshold : float, default 0.0
        Share of infrequent behaviour filtered away (IMf), in ``[0, 1]``.

    Attributes
    ----------
    process_tree_ : pm4py ProcessTree
    petri_net_ : PetriNetModel
        The tree as an accepting Petri net (sound by construction).
    bpmn_ : BpmnModel
        The tree as a BPMN 2.0 diagram with layout.
    n_variants_ : int
    n_cases_ : int
    fit_seconds_ : float

    Examples
    --------
    >>> miner = InductiveMiner(noise_threshold=0.2).fit(log)  # doctest: +SKIP
    >>> miner.petri_net_.to_pnml("model.pnml")                # doctest: +SKIP
    """

    def __init__(self, *, noise_threshold: float = 0.0) -> None:
        self.noise_threshold = noise_threshold

    # -- scikit-learn style parameter handling
    def get_params(self, deep: bool = True) -> dict[str, Any]:
        return {"noise_threshold": self.noise_threshold}

    def set_params(self, **params: Any) -> InductiveMiner:
        for key, value in params.items():
            if key not in self.get_params():
                raise InvalidParameterError(
                    f"InductiveMiner has no parameter {key!r}. Allowed: {sorted(self.get_params())}.",
                    field=key)
            setattr(self, key, value)
        return self

    def __repr__(self) -> str:
        changed = "" if self.noise_threshold == 0.0 else f"noise_threshold={self.noise_threshold!r}"
        return f"InductiveMiner({changed})"

    def _validate(self) -> float:
        nt = self.noise_threshold
        if isinstance(nt, bool) or not isinstance(nt, (int, float)) or not math.isfinite(nt) \
                or not 0.0 <= nt <= 1.0:
            raise InvalidParameterError(
                f"The 'noise_threshold' parameter of InductiveMiner must be a float in [0, 1]. "
                f"Got {nt!r} instead.", hint="Use 0.0 for the exact inductive miner, or e.g. 0.2 "
                "to filter infrequent behaviour.", field="noise_threshold")
        return float(nt)

    def fit(self, log: EventLog) -> InductiveMiner:
        """Discover the model from ``log`` (any filtered :class:`~sagsflow.EventLog`); returns self."""
        noise = self._validate()
        start = time.perf_counter()
        variants = log_variants(log)
        if not variants:
            raise InvalidParameterError(
                f"Cannot discover a process model from log {log.name!r}: it has no cases.",
                hint="Check the filters applied to the log (log.explain()) or import events first.")
        return self._fit_variants(variants, noise, start)

    def fit_variants(self, variants: Counter[tuple[str, ...]]) -> InductiveMiner:
        """Discover the model from variant counts ``{(activity, ...): n_cases}``; returns self."""
        noise = self._validate()
        if not variants or sum(variants.values()) == 0:
            raise InvalidParameterError("Cannot discover a process model from no variants.",
                                        hint="Pass at least one activity sequence with a count > 0.")
        return self._fit_variants(Counter(variants), noise, time.perf_counter())

    def _fit_variants(self, variants: Counter[tuple[str, ...]], noise: float,
                      start: float) -> InductiveMiner:
        import pm4py

        from sagsflow.discovery.export import BpmnModel

        tree = mine_tree(variants, noise)
        with deep_recursion():
            net, im, fm = pm4py.convert_to_petri_net(tree)
            bpmn: BPMN = pm4py.convert_to_bpmn(tree)
            self.bpmn_ = BpmnModel(bpmn)
        self.process_tree_ = tree
        self.petri_net_ = PetriNetModel(net, im, fm)
        self.n_variants_ = len(variants)
        self.n_cases_ = int(sum(variants.values()))
        self.fit_seconds_ = time.perf_counter() - start
        return self

    def _check_fitted(self) -> None:
        if not hasattr(self, "process_tree_"):
            raise NotFittedError(
                "This InductiveMiner instance is not fitted yet.",
                hint="Call fit(log) before using the model, e.g. InductiveMiner().fit(log).petri_net_.")

    @property
    def model_(self) -> ProcessTree:
        """The discovered process tree (same as ``process_tree_``)."""
        self._check_fitted()
        return self.process_tree_

    def __getattr__(self, name: str) -> Any:
        # learned attributes are missing before fit: raise NotFittedError rather than AttributeError
        if name.endswith("_") and not name.startswith("__") and name in _LEARNED:
            raise NotFittedError(
                f"This InductiveMiner instance is not fitted yet: {name} is set by fit.",
                hint="Call fit(log) first, e.g. InductiveMiner().fit(log).")
        raise AttributeError(name)


_LEARNED = frozenset({"model_", "process_tree_", "petri_net_", "bpmn_", "n_variants_", "n_cases_",
                      "fit_seconds_"})


def discover_process_tree(log: EventLog, noise_threshold: float = 0.0) -> ProcessTree:
    """Discover a process tree with the inductive miner (see :class:`InductiveMiner`)."""
    return InductiveMiner(noise_threshold=noise_threshold).fit(log).process_tree_


def discover_petri_net(log: EventLog, noise_threshold: float = 0.0) -> PetriNetModel:
    """Discover a sound accepting Petri net with the inductive miner (see :class:`InductiveMiner`).

    Examples
    --------
    >>> model = discover_petri_net(log, noise_threshold=0.2)  # doctest: +SKIP
    >>> model.to_pnml("model.pnml")                            # doctest: +SKIP
    """
    return InductiveMiner(noise_threshold=noise_threshold).fit(log).petri_net_


def discover_bpmn(log: EventLog, noise_threshold: float = 0.0) -> BpmnModel:
    """Discover a BPMN 2.0 model with diagram layout (see :class:`InductiveMiner`).

    Examples
    --------
    >>> discover_bpmn(log).save("model.bpmn")  # doctest: +SKIP
    """
    return InductiveMiner(noise_threshold=noise_threshold).fit(log).bpmn_
