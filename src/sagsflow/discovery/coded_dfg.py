"""Directly-follows graphs as numpy matrices over dictionary-coded activities.

The inductive miner's cut detection only asks *whether* an arc, a start or an end activity exists, so
a DFG is held as a boolean adjacency matrix plus start/end vectors, with the activities coded
``0..n-1`` in sorted label order (the order PM4Py iterates them in). :class:`CodedVariants` keeps the
variants as one flat code array and derives the DFG of the log *with one activity removed* from the
positions of that activity alone: removing ``a`` deletes the arcs touching ``a`` and adds one arc
``x -> y`` per maximal run of ``a`` between ``x`` and ``y`` (or a start/end activity where the run
touches the trace's border); no other arc changes.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, eq=False)
class CodedDFG:
    """A DFG over activities ``labels`` (sorted): ``adj[i, j]`` = arc ``labels[i] -> labels[j]``."""

    labels: list[Any]
    adj: BoolArray
    start: BoolArray
    end: BoolArray

    @property
    def n(self) -> int:
        return len(self.labels)

    @classmethod
    def from_pm4py(cls, dfg: Any) -> CodedDFG:
        """Code a PM4Py ``DFG``; its vertices are the arcs' ends plus start and end activities."""
        vertices: set[Hashable] = set(dfg.start_activities) | set(dfg.end_activities)
        for a, b in dfg.graph:
            vertices.add(a)
            vertices.add(b)
        labels = sorted(vertices)  # type: ignore[type-var]
        code = {a: i for i, a in enumerate(labels)}
        n = len(labels)
        adj = np.zeros((n, n), dtype=bool)
        if dfg.graph:
            pairs = np.array([(code[a], code[b]) for a, b in dfg.graph], dtype=np.int64)
            adj[pairs[:, 0], pairs[:, 1]] = True
        return cls(labels, adj, _mask(n, (code[a] for a in dfg.start_activities)),
                   _mask(n, (code[a] for a in dfg.end_activities)))

    def groups_as_labels(self, groups: Iterable[Iterable[int]]) -> list[set[Any]]:
        """Turn groups of codes into the sets of labels PM4Py's cuts return."""
        return [{self.labels[i] for i in g} for g in groups]


def _mask(n: int, codes: Iterable[int]) -> BoolArray:
    m = np.zeros(n, dtype=bool)
    m[list(codes)] = True
    return m


class CodedVariants:
    """Variants ``{(activity, ...): count}`` as flat code arrays, for DFGs with one activity removed.

    Examples
    --------
    >>> cv = CodedVariants({("a", "b", "c"): 2, ("b",): 1})
    >>> d = cv.dfg_without(cv.code["b"])
    >>> d.labels, d.adj.tolist(), d.start.tolist(), d.end.tolist()
    (['a', 'c'], [[False, True], [False, False]], [True, False], [False, True])
    """

    def __init__(self, variants: Mapping[tuple[Any, ...], int]) -> None:
        traces = list(variants)
        self.labels: list[Any] = sorted({a for t in traces for a in t})
        self.code = {a: i for i, a in enumerate(self.labels)}
        n = len(self.labels)
        lengths = np.fromiter((len(t) for t in traces), dtype=np.int64, count=len(traces))
        self.events: IntArray = np.fromiter((self.code[a] for t in traces for a in t), dtype=np.int64,
                                            count=int(lengths.sum()))
        self.vid: IntArray = np.repeat(np.arange(len(traces), dtype=np.int64), lengths)
        ev, vid = self.events, self.vid
        same = vid[1:] == vid[:-1]
        self.adj = np.zeros((n, n), dtype=bool)
        self.adj[ev[:-1][same], ev[1:][same]] = True
        first = np.ones(len(ev), dtype=bool)
        first[1:] = ~same
        last = np.ones(len(ev), dtype=bool)
        last[:-1] = ~same
        self.start = np.zeros(n, dtype=bool)
        self.start[ev[first]] = True
        self.end = np.zeros(n, dtype=bool)
        self.end[ev[last]] = True
        order = np.argsort(ev, kind="stable")
        bounds = np.concatenate(([0], np.cumsum(np.bincount(ev, minlength=n))))
        self._positions = [order[bounds[i]:bounds[i + 1]] for i in range(n)]

    @property
    def n(self) -> int:
        return len(self.labels)

    def dfg_without(self, a: int) -> CodedDFG:
        """The DFG of the variants with every occurrence of activity code ``a`` removed."""
        ev, vid = self.events, self.vid
        adj, start, end = self.adj.copy(), self.start.copy(), self.end.copy()
        pos = self._positions[a]
        if len(pos):
            # maximal runs of ``a`` inside one variant
            cont = (pos[1:] == pos[:-1] + 1) & (vid[pos[1:]] == vid[pos[:-1]])
            run_start = pos[np.concatenate(([True], ~cont))]
            run_end = pos[np.concatenate((~cont, [True]))]
            has_prev = run_start > 0
            has_prev[has_prev] = vid[run_start[has_prev] - 1] == vid[run_start[has_prev]]
            has_next = run_end < len(ev) - 1
            has_next[has_next] = vid[run_end[has_next] + 1] == vid[run_end[has_next]]
            both = has_prev & has_next
            adj[ev[run_start[both] - 1], ev[run_end[both] + 1]] = True
            start[ev[run_end[~has_prev & has_next] + 1]] = True
            end[ev[run_start[has_prev & ~has_next] - 1]] = True
        keep = np.ones(self.n, dtype=bool)
        keep[a] = False
        return CodedDFG([x for i, x in enumerate(self.labels) if i != a], adj[keep][:, keep],
                        start[keep], end[keep])
