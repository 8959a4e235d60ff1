"""The inductive miner's four cuts on a :class:`CodedDFG`, with scipy graph routines instead of networkx.

Each ``*_groups`` function returns the groups of activity codes that PM4Py's cut of the same name
returns (same partition, same group order), or ``None`` where PM4Py's ``holds`` returns ``None``:

* exclusive choice: weakly connected components of the DFG;
* sequence: PM4Py merges activities that reach each other both ways or neither way until nothing
  changes, i.e. it takes the connected components of that relation. Mutual reachability is the
  strongly connected component (SCC), so the relation is computed on the SCC condensation (a DAG,
  whose transitive closure is one bitset OR per arc in topological order) and the groups are ordered
  by PM4Py's key ``|transitive predecessors| + n - |transitive successors|``;
* strict sequence: PM4Py's merge of skippable groups, with ``SKIPPABLE`` vectorised over the arcs;
* concurrency: components of "not connected both ways", ordered as PM4Py's merge loop leaves them
  (by smallest activity, then stably by size), then PM4Py's merge of groups lacking a start or an
  end activity, replayed literally;
* loop: the do-part is the start and end activities plus the components of the rest (arcs touching
  them removed) that PM4Py's four checks merge into it; the redo-part is everything else.

The ``Fast*CutUVCL`` classes plug these into PM4Py's cut classes (``holds`` only; projection is
PM4Py's). ``any_cut`` answers "does any of the four cuts hold?" for the activity-concurrent
fall-through.
"""

from __future__ import annotations

import sys
from collections import deque
from typing import Any

import numpy as np
from pm4py.algo.discovery.inductive.cuts.concurrency import ConcurrencyCutUVCL
from pm4py.algo.discovery.inductive.cuts.loop import LoopCutUVCL
from pm4py.algo.discovery.inductive.cuts.sequence import SequenceCutUVCL, StrictSequenceCutUVCL
from pm4py.algo.discovery.inductive.cuts.xor import ExclusiveChoiceCutUVCL
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

from sagsflow.discovery.coded_dfg import BoolArray, CodedDFG, IntArray

Groups = list[IntArray]


def _csr(adj: BoolArray) -> csr_matrix:
    """A dense boolean matrix as CSR, built directly (scipy's dense -> COO -> CSR path is slower)."""
    n = adj.shape[0]
    indptr = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(np.count_nonzero(adj, axis=1), out=indptr[1:])
    indices = np.nonzero(adj)[1].astype(np.int32)
    return csr_matrix((np.ones(len(indices), dtype=np.int8), indices, indptr), shape=(n, n))


def _components(adj: BoolArray, connection: str = "weak") -> tuple[int, IntArray]:
    k, lab = connected_components(_csr(adj), directed=True, connection=connection)
    return int(k), lab.astype(np.int64)


def _dense_components(sym: BoolArray) -> tuple[int, IntArray]:
    """Components of a dense symmetric relation, breadth first one level per numpy step.

    For the concurrency cut's relation (nearly complete) this is a few steps; components are
    numbered by their smallest member.
    """
    n = sym.shape[0]
    lab = np.full(n, -1, dtype=np.int64)
    k = 0
    while True:
        free = np.flatnonzero(lab < 0)
        if len(free) == 0:
            return k, lab
        frontier = free[:1]
        lab[frontier] = k
        while len(frontier):
            reached = sym[frontier].any(axis=0) & (lab < 0)
            frontier = np.flatnonzero(reached)
            lab[frontier] = k
        k += 1


def _groups_by_label(lab: IntArray, k: int) -> Groups:
    """Groups of codes per component label, ordered by their smallest code."""
    order = np.argsort(lab, kind="stable")
    bounds = np.concatenate(([0], np.cumsum(np.bincount(lab, minlength=k))))
    groups = [order[bounds[i]:bounds[i + 1]] for i in range(k)]
    return sorted(groups, key=lambda g: int(g[0]))


def xor_groups(d: CodedDFG) -> Groups | None:
    """Exclusive-choice cut: weakly connected components (unordered; PM4Py sorts them by label)."""
    if d.n == 0:
        return None
    k, lab = _components(d.adj)
    return _groups_by_label(lab, k) if k > 1 else None


def _condensation_reach(adj: BoolArray) -> tuple[IntArray, int, BoolArray]:
    """SCC label per activity, number of SCCs, and strict reachability between SCCs (a DAG)."""
    k, lab = _components(adj, "strong")
    src, dst = np.nonzero(adj)
    cs, cd = lab[src], lab[dst]
    arcs = np.unique(cs[cs != cd] * k + cd[cs != cd])
    succ: list[list[int]] = [[] for _ in range(k)]
    indeg = np.zeros(k, dtype=np.int64)
    for u, v in zip((arcs // k).tolist(), (arcs % k).tolist(), strict=True):
        succ[u].append(v)
        indeg[v] += 1
    queue = deque(np.flatnonzero(indeg == 0).tolist())
    topo: list[int] = []
    while queue:
        u = queue.popleft()
        topo.append(u)
        for v in succ[u]:
            indeg[v] -= 1
            if indeg[v] == 0:
                queue.append(v)
    bits = [0] * k
    for u in reversed(topo):
        r = 0
        for v in succ[u]:
            r |= bits[v] | (1 << v)
        bits[u] = r
    nbytes = (k + 7) // 8
    raw = np.frombuffer(b"".join(b.to_bytes(nbytes, "little") for b in bits), dtype=np.uint8)
    reach = np.unpackbits(raw.reshape(k, nbytes), axis=1, bitorder="little")[:, :k].astype(bool)
    return lab, k, reach


def sequence_groups(d: CodedDFG) -> Groups | None:
    """Sequence cut (non-strict), groups in PM4Py's order."""
    if d.n == 0:
        return None
    lab, k, reach = _condensation_reach(d.adj)
    if k == 1:
        return None
    unrelated = ~(reach | reach.T)
    np.fill_diagonal(unrelated, False)
    kc, comp_of_scc = _components(unrelated)
    if kc == 1:
        return None
    size = np.bincount(lab, minlength=k)
    n_succ = (reach @ size)[lab] + size[lab] - 1
    n_pred = (reach.T @ size)[lab] + size[lab] - 1
    key = n_pred + d.n - n_succ
    groups = _groups_by_label(comp_of_scc[lab], kc)
    return sorted(groups, key=lambda g: int(key[g[0]]))


def strict_sequence_groups(d: CodedDFG, groups: Groups | None = None) -> Groups | None:
    """Strict sequence cut: PM4Py's ``StrictSequenceCut.holds`` on the sequence groups."""
    c = sequence_groups(d) if groups is None else groups
    if c is None:
        return None
    m = len(c)
    gidx = np.empty(d.n, dtype=np.int64)
    for i, g in enumerate(c):
        gidx[g] = i
    has_start = np.zeros(m, dtype=bool)
    has_start[gidx[d.start]] = True
    has_end = np.zeros(m, dtype=bool)
    has_end[gidx[d.end]] = True
    big = sys.maxsize
    mf = np.where(has_start, -big, big).astype(np.int64)
    mt = np.where(has_end, big, -big).astype(np.int64)
    src, dst = np.nonzero(d.adj)
    np.minimum.at(mf, gidx[dst], gidx[src])
    np.maximum.at(mt, gidx[src], gidx[dst])
    starts, ends = np.flatnonzero(d.start), np.flatnonzero(d.end)
    for p in range(m):
        gs, gd = gidx[src], gidx[dst]
        skippable = bool(np.any((gs < p) & (gd > p)) or np.any(gidx[starts] > p)
                         or np.any(gidx[ends] < p))
        if not skippable:
            continue
        q = p - 1
        while q >= 0 and mt[q] <= p:
            gidx[gidx == q] = p
            q -= 1
        q = p + 1
        while q < m and mf[q] >= p:
            gidx[gidx == q] = p
            q += 1
    return [g for g in (np.flatnonzero(gidx == i) for i in range(m)) if len(g)]


def concurrency_groups(d: CodedDFG) -> Groups | None:
    """Concurrency cut, groups in PM4Py's order."""
    if d.n == 0:
        return None
    not_both = ~(d.adj & d.adj.T)
    np.fill_diagonal(not_both, False)
    k, lab = _dense_components(not_both)
    groups = sorted(_groups_by_label(lab, k), key=len)  # stable: ties stay by smallest code
    sets = [set(g.tolist()) for g in groups]
    starts, ends = set(np.flatnonzero(d.start).tolist()), set(np.flatnonzero(d.end).tolist())
    i = 0
    while i < len(sets) and len(sets) > 1:
        if sets[i] & starts and sets[i] & ends:
            i += 1
            continue
        group = sets.pop(i)
        sets[i if i == 0 else i - 1].update(group)
    return [np.array(sorted(s), dtype=np.int64) for s in sets] if len(sets) > 1 else None


def loop_groups(d: CodedDFG) -> Groups | None:
    """Loop cut: ``[do, redo]`` or ``None``."""
    adj, start, end = d.adj, d.start, d.end
    if not adj.any():
        return None
    rest = np.flatnonzero(~(start | end))
    if len(rest) == 0:
        return None
    k, lab = _components(adj[np.ix_(rest, rest)])
    merge = adj[start & ~end][:, rest].any(axis=0) | adj[rest][:, end & ~start].any(axis=1)
    to_start = adj[rest][:, start]
    from_end = adj[end][:, rest]
    merge |= to_start.any(axis=1) & ~to_start.all(axis=1)
    merge |= from_end.any(axis=0) & ~from_end.all(axis=0)
    merged = np.zeros(k, dtype=bool)
    merged[lab[merge]] = True
    redo = rest[~merged[lab]]
    if len(redo) == 0:
        return None
    in_redo = np.zeros(d.n, dtype=bool)
    in_redo[redo] = True
    return [np.flatnonzero(~in_redo), redo]


def any_cut(d: CodedDFG) -> bool:
    """Whether any of IM's cuts (exclusive choice, sequence, concurrency, loop) holds on ``d``."""
    return (xor_groups(d) is not None or concurrency_groups(d) is not None
            or loop_groups(d) is not None or sequence_groups(d) is not None)


def _coded(obj: Any) -> CodedDFG:
    return CodedDFG.from_pm4py(obj.dfg)


class FastExclusiveChoiceCutUVCL(ExclusiveChoiceCutUVCL):
    """PM4Py's exclusive-choice cut with :func:`xor_groups` as ``holds``."""

    @classmethod
    def holds(cls, obj: Any, parameters: dict[str, Any] | None = None) -> list[set[Any]] | None:
        d = _coded(obj)
        g = xor_groups(d)
        if g is None:
            return None
        return sorted(d.groups_as_labels(g), key=lambda group: sorted(map(str, group)))


class FastSequenceCutUVCL(SequenceCutUVCL):
    """PM4Py's (non-strict) sequence cut with :func:`sequence_groups` as ``holds``."""

    @classmethod
    def holds(cls, obj: Any, parameters: dict[str, Any] | None = None) -> list[set[Any]] | None:
        d = _coded(obj)
        g = sequence_groups(d)
        return None if g is None else d.groups_as_labels(g)


class FastStrictSequenceCutUVCL(StrictSequenceCutUVCL):
    """PM4Py's strict sequence cut with :func:`strict_sequence_groups` as ``holds``."""

    @classmethod
    def holds(cls, obj: Any, parameters: dict[str, Any] | None = None) -> list[set[Any]] | None:
        d = _coded(obj)
        g = strict_sequence_groups(d)
        return None if g is None else d.groups_as_labels(g)


class FastConcurrencyCutUVCL(ConcurrencyCutUVCL):
    """PM4Py's concurrency cut with :func:`concurrency_groups` as ``holds``."""

    @classmethod
    def holds(cls, obj: Any, parameters: dict[str, Any] | None = None) -> list[set[Any]] | None:
        d = _coded(obj)
        g = concurrency_groups(d)
        return None if g is None else d.groups_as_labels(g)


class FastLoopCutUVCL(LoopCutUVCL):
    """PM4Py's loop cut with :func:`loop_groups` as ``holds``."""

    @classmethod
    def holds(cls, obj: Any, parameters: dict[str, Any] | None = None) -> list[set[Any]] | None:
        d = _coded(obj)
        g = loop_groups(d)
        return None if g is None else d.groups_as_labels(g)
