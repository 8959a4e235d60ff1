"""The map's work on a whole log, kept and reused by every log that selects whole cases of it.

A directly-follows graph needs, besides counts, the number of distinct cases per node and edge and the most
occurrences in one case: the repeated (node, case) keys, which take a sort. That sort does not depend on which
cases a filter keeps, so it is done once per stored log version and perspective, when the first case filter
asks (:class:`DfgParts`), and kept as the (node, case) pairs that repeat, with their counts, ordered by node and
most repeats first (:class:`Occurrences`). The graph of the whole log is computed with the counting kernels of
:func:`sagsflow.analysis.dfg.compute_dfg` (cheaper than the sort) and kept too (:func:`kept_graph`). A log
whose filters keep or remove whole cases then costs a mask over the kept events, a few ``bincount`` and the
duration statistics of the kept pairs (:meth:`DfgParts.graph_of`): the same graph
:func:`sagsflow.analysis.dfg.compute_dfg` gives from the selected events (tested equal). A node's distinct
cases are its occurrences less the repeats of its kept repeating pairs; its most occurrences in one case are
those of its first kept repeating pair. Filters that cut events out of cases change the pairs, so they take the
full path.

Examples
--------
>>> import numpy as np
>>> occ = repeating_pairs(np.array([0, 0, 0, 1, 1, 1, 2, 2]), np.array([2, 1, 2, 1, 1, 1, 1, 1]))
>>> list(zip(occ.rep_group.tolist(), occ.rep_case.tolist(), occ.rep_count.tolist()))
[(1, 1, 3), (1, 2, 2), (2, 0, 2)]
>>> [a.tolist() for a in occ.in_kept_cases(np.array([0, 6, 2]), np.array([True, False, True]))]  # case 1 out
[[0, 5, 1], [0, 2, 2]]
>>> [a.tolist() for a in occ.in_kept_cases(np.array([0, 5, 2]), None)]   # distinct cases, most in one case
[[0, 2, 1], [0, 3, 2]]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from sagsflow.analysis.dfg import (
    _BLOCK_ROWS,
    _NAT,
    DirectlyFollowsGraph,
    DurationStats,
    EventArrays,
    GraphCounts,
    _bits,
    _counts,
    _run,
    assemble_graph,
    compute_dfg,
    group_stats,
    pair_ids,
)

if TYPE_CHECKING:
    from sagsflow.analysis.calendar import BusinessCalendar
    from sagsflow.analysis.dfg import LogArrays
    from sagsflow.log import EventLog


@dataclass(frozen=True)
class Occurrences:
    """The (group, case) pairs that occur in more than one row, with their number of rows.

    Attributes
    ----------
    rep_group, rep_case, rep_count : per repeating (group, case): the group, the case number and the number of
        rows; ordered by group, and within a group by count, the largest first
    """

    rep_group: np.ndarray
    rep_case: np.ndarray
    rep_count: np.ndarray

    @property
    def nbytes(self) -> int:
        return sum(a.nbytes for a in (self.rep_group, self.rep_case, self.rep_count))

    def _bounds(self, n_groups: int) -> np.ndarray:
        """Where each group's pairs start (``n_groups + 1`` positions)."""
        return np.searchsorted(self.rep_group, np.arange(n_groups + 1))

    def in_kept_cases(self, freq: np.ndarray, keep_case: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        """Per group (``len(freq)`` groups, ``freq`` its rows in the kept cases; all cases when ``keep_case`` is
        None): its distinct kept cases (its rows less those beyond the first in each kept case) and the most rows
        of one kept case (those of its first kept pair)."""
        n_groups = len(freq)
        bounds = self._bounds(n_groups)
        inside = int(bounds[-1])  # pairs of groups from n_groups on are left out
        kept = None if keep_case is None else keep_case[self.rep_case[:inside]]
        extra = self.rep_count[:inside].astype(np.int64) - 1
        if kept is not None:
            extra *= kept
        cases = freq - np.bincount(self.rep_group[:inside], weights=extra, minlength=n_groups).astype(np.int64)
        most = (freq > 0).astype(np.int64)
        if kept is None:
            pos, at = np.arange(inside), bounds[:-1]
        else:
            pos = np.flatnonzero(kept)
            at = np.searchsorted(pos, bounds[:-1])
        if len(pos):
            p = pos[np.minimum(at, len(pos) - 1)]
            has = (at < len(pos)) & (p < bounds[1:])
            most[has] = self.rep_count[p[has]]
        return cases, most


def repeating_pairs(case: np.ndarray, group: np.ndarray, *, block_rows: int | None = None) -> Occurrences:
    """:class:`Occurrences` of non-negative ``group`` values in rows whose ``case`` numbers never decrease.

    Keys ``(group, case, row)`` are sorted in blocks of consecutive case numbers (about ``block_rows`` rows
    each), which cannot share a (group, case); each (group, case) run of more than one key is a repeating pair.
    """
    n = len(case)
    if n == 0:
        e = np.zeros(0, dtype=np.int32)
        return Occurrences(e, e, e)
    if n > 1 and not bool((case[1:] >= case[:-1]).all()):
        raise ValueError("repeating_pairs needs rows in case order")
    block_rows = _BLOCK_ROWS if block_rows is None else block_rows
    gb = _bits(int(group.max()))
    lo, hi = int(case[0]), int(case[-1])
    s = max(0, int(np.log2(max(1.0, block_rows * (hi - lo + 1) / n))))
    while True:  # case-number bits per block, as few as needed for the key to fit in int64
        bounds = np.searchsorted(case, np.arange(lo + (1 << s), hi + 1, 1 << s))
        starts = np.r_[0, bounds].astype(np.int64)
        lens = np.diff(np.r_[starts, n])
        rb = _bits(int(lens.max()) - 1)
        if gb + s + rb <= 62 or s == 0:
            break
        s -= 1
    if gb + s + rb > 62:
        raise ValueError("too many groups and rows per case for repeating_pairs")
    kdtype = np.int32 if gb + s + rb <= 31 else np.int64  # int32 keys sort about twice as fast
    key: np.ndarray = group.astype(kdtype)
    key <<= s + rb
    local = case - lo if lo else case.copy()
    local &= (1 << s) - 1
    local = local.astype(kdtype, copy=False)
    local <<= rb
    key |= local
    del local
    rdtype = np.int32 if n < 2**31 else np.int64
    row = np.empty(n, dtype=rdtype)  # the row of each sorted key (sorts stay within their block)
    ar = np.arange(int(lens.max()), dtype=kdtype)
    low = (1 << rb) - 1
    for i, j in zip(starts.tolist(), np.r_[starts[1:], n].tolist(), strict=True):
        blk = key[i:j]  # within the CPU caches: number the rows, sort, read the rows back
        blk |= ar[: j - i]
        blk.sort()
        r = row[i:j]
        np.bitwise_and(blk, low, out=r, casting="unsafe")
        np.add(r, i, out=r)
    key >>= rb  # (group, case in block)
    new = np.empty(n, dtype=bool)
    new[0] = True
    np.not_equal(key[1:], key[:-1], out=new[1:])
    new[starts] = True  # a block's first key never continues the run before it
    heads = np.flatnonzero(new)
    del new
    count = np.diff(np.r_[heads, n])
    many = count > 1
    rep = heads[many]
    g = key[rep] >> s
    c = count[many]
    rep_case = case[row[rep]]  # rows in order: a near-sequential read
    del key, row, heads, count
    order = _by_group_most_first(g, c)
    return Occurrences(g[order].astype(np.int32), rep_case[order].astype(np.int32 if hi < 2**31 else np.int64),
                       c[order].astype(np.int32 if n < 2**31 else np.int64))


def _by_group_most_first(group: np.ndarray, count: np.ndarray) -> np.ndarray:
    """The order of pairs by group, and within a group by count, the largest first.

    Two stable sorts of 16-bit keys (numpy sorts those by radix: 0.2 s for 13M pairs, where one sort of packed
    int64 keys takes 0.8-2.4 s); a stable sort of packed keys when a group or count needs more bits."""
    if not len(group):
        return np.zeros(0, dtype=np.intp)
    top = int(count.max())
    if int(group.max()) < 2**16 and top < 2**16:
        by_count = np.argsort((top - count).astype(np.uint16), kind="stable")
        return by_count[np.argsort(group[by_count].astype(np.uint16), kind="stable")]
    g = group.astype(np.int64)
    g <<= _bits(top)
    g |= top - count
    return np.argsort(g, kind="stable")


@dataclass(frozen=True)
class DfgParts:
    """The directly-follows work on one set of events (a stored log's kept events, for one perspective).

    ``eid`` numbers every neighbouring pair of events (``len(ukey)`` for pairs across two cases); ``nodes`` and
    ``edges`` are the :class:`Occurrences` of nodes per event and of edges per pair. Clocks are given to
    :meth:`graph_of` (one set of parts serves calendar and working time, with durations or without).
    """

    labels: tuple[str, ...]
    case: np.ndarray
    code: np.ndarray
    case_first: np.ndarray  # row of each case's first event
    case_last: np.ndarray  # row of each case's last event
    ukey: np.ndarray
    eid: np.ndarray
    nodes: Occurrences
    edges: Occurrences

    @property
    def nbytes(self) -> int:
        """Bytes of the parts (not ``case`` and ``code``: the kept events', counted there)."""
        arrays = (self.case_first, self.case_last, self.eid)
        return sum(a.nbytes for a in arrays) + self.nodes.nbytes + self.edges.nbytes

    @classmethod
    def build(cls, case: np.ndarray, code: np.ndarray, labels: tuple[str, ...]) -> DfgParts:
        """The parts of the events with case numbers ``case`` (in case order) and node codes ``code``."""
        n, k = len(code), len(labels)
        brk = np.flatnonzero(case[1:] != case[:-1]) if n else np.zeros(0, dtype=np.intp)
        rows = np.int32 if n < 2**31 else np.int64
        case_first = np.r_[0, brk + 1].astype(rows) if n else np.zeros(0, dtype=rows)
        case_last = np.r_[brk, n - 1].astype(rows) if n else np.zeros(0, dtype=rows)
        ukey, eid, _ = pair_ids(code, brk, k)
        jobs = {"nodes": lambda: repeating_pairs(case, code), "edges": lambda: repeating_pairs(case[:-1], eid)}
        res = _run(jobs, parallel=n > 200_000)
        return cls(labels, case, code, case_first, case_last, ukey, eid, res["nodes"], res["edges"])

    def graph_of(self, keep_case: np.ndarray | None = None, clock: EventArrays | None = None,
                 time: Literal["calendar", "working"] = "calendar") -> DirectlyFollowsGraph:
        """The graph of the cases ``keep_case`` marks (a bool per case number; all when None), with the durations
        of ``clock`` (its ``leave``, ``arrive`` and ``on_node`` per event; counts only when None)."""
        k, n_inner = len(self.labels), len(self.ukey)
        m = None if keep_case is None else keep_case[self.case]
        code = self.code if m is None else self.code[m]
        pm = None if m is None else m[:-1]
        eid = self.eid if pm is None else self.eid[pm]
        jobs: dict[str, Any] = {}
        leave, arrive, on_node = (None, None, None) if clock is None else (clock.leave, clock.arrive, clock.on_node)
        if leave is not None and arrive is not None:

            def edge_times() -> DurationStats:
                d = arrive[1:] - leave[:-1] if pm is None else arrive[1:][pm] - leave[:-1][pm]
                d[eid == n_inner] = 0  # pairs across two cases: a group of their own, left out
                return group_stats(eid, d, n_inner + 1).take(np.arange(n_inner))

            jobs["edge_time"] = edge_times
        if on_node is not None:

            def node_times() -> DurationStats | None:
                ok = on_node != _NAT
                if m is not None:
                    ok &= m
                return group_stats(self.code[ok], on_node[ok], k) if ok.any() else None

            jobs["node_time"] = node_times

        def counts() -> GraphCounts:
            node_freq = _counts(code, k)
            efreq = _counts(eid, n_inner + 1)[:n_inner]
            first = self.case_first if keep_case is None else self.case_first[keep_case[self.case[self.case_first]]]
            last = self.case_last if keep_case is None else self.case_last[keep_case[self.case[self.case_last]]]
            return GraphCounts(
                node_freq, *self.nodes.in_kept_cases(node_freq, keep_case),
                self.ukey, efreq, *self.edges.in_kept_cases(efreq, keep_case),
                _counts(self.code[first], k), _counts(self.code[last], k), len(first), len(code))

        jobs["counts"] = counts
        res = _run(jobs, parallel=len(code) > 200_000)
        c: GraphCounts = res["counts"]
        edge_time: DurationStats | None = res.get("edge_time")
        if edge_time is None and clock is not None:
            edge_time = DurationStats.empty(n_inner)
        present = np.flatnonzero(c.efreq)
        if len(present) < n_inner:  # edges no kept case has
            c = GraphCounts(c.node_freq, c.node_cases, c.node_max, c.ukey[present], c.efreq[present],
                            c.ecases[present], c.emax[present], c.sfreq, c.efreq_end, c.n_cases, c.n_events)
            edge_time = edge_time.take(present) if edge_time is not None else None
        return assemble_graph(self.labels, c, res.get("node_time"), edge_time, time)


def kept_graph(base: EventLog, arrays: LogArrays, keep_case: np.ndarray | None, *, perspective: str = "activity",
               calendar: BusinessCalendar | None = None, durations: bool = True) -> DirectlyFollowsGraph:
    """The graph of the unfiltered log ``base`` (``keep_case`` None: computed once, kept, read-only) or of the cases
    ``keep_case`` marks, from the kept :class:`DfgParts` of ``base`` (made when first asked for, kept with the log
    version's columns, as are its kept events and their clocks)."""
    from sagsflow.analysis.dfg import clocks, perspective_codes, perspective_column, selected_events, selection_mask
    from sagsflow.analysis.dfg import selector as make_selector

    codes, labels = perspective_codes(base, arrays, perspective)
    events = (base.events_sql(), perspective_column(base, perspective))
    taken: list[Callable[[np.ndarray | None], np.ndarray | None]] = []

    def take(a: np.ndarray | None) -> np.ndarray | None:
        """Take the kept events of ``a`` (the selector is made when first needed: not for a kept graph)."""
        if not taken:
            mask = selection_mask(base, arrays)
            if perspective != "activity":
                mask = codes >= 0 if mask is None else mask & (codes >= 0)
            taken.append(make_selector(mask))
        return taken[0](a)

    def kept_events() -> tuple[np.ndarray, np.ndarray]:
        def make() -> tuple[np.ndarray, np.ndarray]:
            case, code = take(arrays.case), take(codes)
            assert case is not None and code is not None
            return case, code

        pair: tuple[np.ndarray, np.ndarray] = arrays.cached(("dfg events", *events), make)
        return pair

    clock: EventArrays | None = None
    time: Literal["calendar", "working"] = "working" if calendar is not None and durations else "calendar"
    if durations:
        full = clocks(arrays, calendar)
        cal = None if calendar is None else calendar.key()
        clock = arrays.cached(("dfg clock", *events, cal), lambda: selected_events(take, *kept_events(), full))
    if keep_case is None:  # the whole log: the counting kernels (cheaper than the marks), kept
        key = ("dfg graph", *events, None if calendar is None or not durations else calendar.key(), durations)
        whole: DirectlyFollowsGraph = arrays.cached(key, lambda: _read_only(compute_dfg(
            clock if clock is not None else EventArrays(*kept_events()), labels, durations=durations, time=time)))
        _forget_other_parts(arrays, events)
        return whole
    parts: DfgParts = arrays.cached(("dfg parts", *events), lambda: DfgParts.build(*kept_events(), labels))
    _forget_other_parts(arrays, events)
    return parts.graph_of(keep_case, clock, time)


def _read_only(graph: DirectlyFollowsGraph) -> DirectlyFollowsGraph:
    """``graph`` with its arrays made read-only: it is kept and handed to every caller."""
    for value in vars(graph).values():
        for a in [value, *vars(value).values()] if isinstance(value, DurationStats) else [value]:
            if isinstance(a, np.ndarray):
                a.flags.writeable = False
    return graph


_KINDS = ("dfg events", "dfg parts", "dfg clock", "dfg graph")


def _forget_other_parts(arrays: LogArrays, events: tuple[str, str]) -> None:
    """Over the map cache's budget (``SAGSFLOW_MAP_CACHE_MB``), keep the parts of one perspective only: the others'
    (about 20 bytes per event each) are dropped and made again when asked for."""
    from sagsflow.analysis.dfg import _CACHE

    if arrays.nbytes <= _CACHE.max_bytes:
        return
    with arrays.lock:
        for key in [k for k in arrays.derived if isinstance(k, tuple) and k[:1] and k[0] in _KINDS
                    and tuple(k[1:3]) != events]:
            del arrays.derived[key]


def forget_kept_work(arrays: LogArrays) -> None:
    """Drop every kept part and graph of a log version's columns (the columns stay): the next map computes anew.
    For benchmarks that time the computation rather than the kept answer."""
    with arrays.lock:
        for key in [k for k in arrays.derived if isinstance(k, tuple) and k[:1] and k[0] in _KINDS]:
            del arrays.derived[key]
