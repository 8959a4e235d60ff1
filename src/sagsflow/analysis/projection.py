"""The process map of the activities slider's node sets, derived from the full map without re-reading events.

Keeping only some nodes removes their events; the arcs then bridge the removed ones (a kept event is followed by
the next kept event of its case). An arc between two kept nodes keeps every pair it had, and gains the *bridged*
pairs (kept event, removed run, kept event). So each arc's statistics are the full map's, combined with those of
its bridged pairs:

- frequency and duration count, total, minimum and maximum add up;
- distinct cases and the most repetitions in one case come from the (arc, case) counts of the full map's pairs,
  looked up for the cases of the bridged pairs;
- quantiles are order statistics of the union of the arc's sorted durations in the full map and its sorted
  bridged durations, found by rank arithmetic without merging the two.

The work is proportional to the removed events and the bridged pairs (a few percent of the events for most slider
positions), not to the log; :func:`direct_pairs` indexes the full map's pairs once per filtered log. The result
equals :func:`sagsflow.analysis.dfg.compute_dfg` on the projected events (floating-point totals and means up to
rounding; tested).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sagsflow.analysis.dfg import _QUANTILES, END, START, DirectlyFollowsGraph, DurationStats, _bits

if TYPE_CHECKING:
    from sagsflow.analysis.dfg import EventArrays

_US = 1e6


@dataclass(frozen=True)
class DirectPairs:
    """The directly-follows pairs of a log's events (the full map's), indexed for :func:`project`."""

    case_keys: np.ndarray  # sorted unique (pair code << case_bits | case)
    case_counts: np.ndarray  # pairs per key
    case_bits: int
    pc_sorted: np.ndarray | None  # pair codes, sorted by (pair code, duration)
    dur_sorted: np.ndarray | None  # durations (int64 us) in that order
    uniq: np.ndarray | None  # the distinct durations, sorted
    rank_keys: np.ndarray | None  # pair code << rank_bits | rank of the duration in ``uniq``; sorted
    rank_bits: int

    @property
    def nbytes(self) -> int:
        return sum(int(a.nbytes) for a in (self.case_keys, self.case_counts, self.pc_sorted, self.dur_sorted,
                                            self.uniq, self.rank_keys) if a is not None)


def direct_pairs(ev: EventArrays, k: int, pc: np.ndarray, same: np.ndarray, durations: bool) -> DirectPairs:
    """Index the pairs ``(i, i + 1)`` of one case (``same``) with pair codes ``pc = code[i] * k + code[i + 1]``."""
    j = np.flatnonzero(same)
    pcj = pc[j].astype(np.int64)
    cb = _bits(int(ev.case.max())) if len(ev.case) else 1
    keys = (pcj << cb) | ev.case[j].astype(np.int64)
    case_keys, case_counts = np.unique(keys, return_counts=True)
    if not durations or ev.leave is None or ev.arrive is None:
        return DirectPairs(case_keys, case_counts.astype(np.int64), cb, None, None, None, None, 0)
    d = ev.arrive[j + 1] - ev.leave[j]
    by_value = np.argsort(d)
    pv = pcj[by_value]
    order = by_value[np.argsort(pv.astype(np.uint16) if k * k <= 1 << 16 else pv, kind="stable")]
    pc_sorted, dur_sorted = pcj[order], d[order]
    uniq = np.unique(d)
    rb = _bits(len(uniq))
    rank_keys = (pc_sorted << rb) | np.searchsorted(uniq, dur_sorted).astype(np.int64)
    return DirectPairs(case_keys, case_counts.astype(np.int64), cb, pc_sorted, dur_sorted, uniq, rank_keys, rb)


def project(ev: EventArrays, labels: tuple[str, ...], full: DirectlyFollowsGraph, direct: DirectPairs,
            keep_nodes: np.ndarray, removed: np.ndarray | None = None) -> DirectlyFollowsGraph:
    """The graph of the events of ``keep_nodes`` (arcs bridging removed events), from ``full`` (the graph of all
    of ``ev``) and its indexed pairs ``direct``; ``removed``: the indices of the other events, when known."""
    k, n_ev = len(labels), len(ev.code)
    case, code = ev.case, ev.code
    if removed is None:
        removed = np.flatnonzero(~keep_nodes[code])
    # runs of removed events within a case, and what lies around them
    if len(removed):
        brk = np.flatnonzero((removed[1:] != removed[:-1] + 1) | (case[removed[1:]] != case[removed[:-1]]))
        run_s, run_e = removed[np.r_[0, brk + 1]], removed[np.r_[brk, len(removed) - 1]]
    else:
        run_s = run_e = removed
    has_prev = (run_s > 0) & (case[np.maximum(run_s - 1, 0)] == case[run_s])
    has_next = (run_e < n_ev - 1) & (case[np.minimum(run_e + 1, n_ev - 1)] == case[run_e])
    both = has_prev & has_next
    ba, bb = run_s[both] - 1, run_e[both] + 1  # bridged pairs
    new_first = run_e[~has_prev & has_next] + 1
    new_last = run_s[has_prev & ~has_next] - 1
    n_gone = int((~has_prev & ~has_next).sum())  # cases without a kept event

    bpc = code[ba].astype(np.int64) * k + code[bb]
    touched, g = np.unique(bpc, return_inverse=True)
    g = g.ravel()
    n_t = len(touched)
    # the full map's inner edges: sorted by pair code
    inner = np.flatnonzero((full.source >= 0) & (full.target >= 0))
    full_pc = full.source[inner].astype(np.int64) * k + full.target[inner]
    at = np.minimum(np.searchsorted(full_pc, touched), max(len(full_pc) - 1, 0))
    exists = (full_pc[at] == touched) if len(full_pc) else np.zeros(n_t, dtype=bool)
    fe = inner[at] if len(inner) else np.zeros(n_t, dtype=np.int64)

    def from_full(values: np.ndarray) -> np.ndarray:
        return np.where(exists, values[fe], 0) if len(values) else np.zeros(n_t, dtype=values.dtype)

    b_freq = np.bincount(g, minlength=n_t).astype(np.int64)
    t_freq = from_full(full.edge_frequency) + b_freq
    # distinct cases and most repetitions: (edge, case) counts of the full map's pairs and the bridged ones
    cb = direct.case_bits
    uk, ucnt = np.unique((bpc << cb) | case[ba].astype(np.int64), return_counts=True)
    pos = np.minimum(np.searchsorted(direct.case_keys, uk), max(len(direct.case_keys) - 1, 0))
    found = direct.case_keys[pos] == uk if len(direct.case_keys) else np.zeros(len(uk), dtype=bool)
    dcnt = np.where(found, direct.case_counts[pos] if len(direct.case_counts) else 0, 0)
    ug = np.searchsorted(touched, uk >> cb)
    t_cases = from_full(full.edge_cases) + np.bincount(ug[~found], minlength=n_t)
    t_max = from_full(full.edge_max_repetitions).astype(np.int64)
    np.maximum.at(t_max, ug, dcnt + ucnt)


    # start and end arcs: the kept first (last) events of the cases
    first_nodes = np.bincount(code[new_first], minlength=k)
    last_nodes = np.bincount(code[new_last], minlength=k)
    for arc_src, arc_dst, acc in ((full.source == START, full.target, first_nodes),
                                  (full.target == END, full.source, last_nodes)):
        sel = np.flatnonzero(arc_src)
        nodes = arc_dst[sel]
        ok = keep_nodes[nodes]
        np.add.at(acc, nodes[ok], full.edge_frequency[sel[ok]])
    s_nodes, e_nodes = np.flatnonzero(first_nodes), np.flatnonzero(last_nodes)
    n_s, n_e = len(s_nodes), len(e_nodes)

    is_touched = np.zeros(len(full.source), dtype=bool)
    is_touched[fe[exists]] = True
    kb = inner[keep_nodes[full.source[inner]] & keep_nodes[full.target[inner]] & ~is_touched[inner]]
    n_cases = full.n_cases - n_gone
    t_dur = None
    if full.edge_duration is not None and direct.dur_sorted is not None:
        assert ev.leave is not None and ev.arrive is not None
        # compute_dfg interpolates quantiles relative to the smallest duration of all its pairs (0 standing
        # for the pairs across cases): the same offset gives the same rounding
        kept_min = np.rint(full.edge_duration.min[kb] * _US).astype(np.int64)
        floor = min(int(kept_min.min()) if len(kept_min) else 0, 0 if n_cases > 1 else int(np.iinfo(np.int64).max))
        t_dur = _durations(full.edge_duration, exists, fe, direct, touched, g, ev.arrive[bb] - ev.leave[ba], floor)
    source = np.concatenate([np.full(n_s, START, np.int32), full.source[kb], (touched // k).astype(np.int32),
                             e_nodes.astype(np.int32)])
    target = np.concatenate([s_nodes.astype(np.int32), full.target[kb], (touched % k).astype(np.int32),
                             np.full(n_e, END, np.int32)])
    freq = np.concatenate([first_nodes[s_nodes], full.edge_frequency[kb], t_freq, last_nodes[e_nodes]])
    cases = np.concatenate([first_nodes[s_nodes], full.edge_cases[kb], t_cases, last_nodes[e_nodes]])
    maxrep = np.concatenate([np.ones(n_s, np.int64), full.edge_max_repetitions[kb], t_max, np.ones(n_e, np.int64)])
    edur = None
    if full.edge_duration is not None and t_dur is not None:
        edur = DurationStats.concat([DurationStats.empty(n_s), full.edge_duration.take(kb), t_dur,
                                     DurationStats.empty(n_e)])
    order = np.lexsort((np.where(target == END, np.iinfo(np.int32).max, target), source))
    zero = np.where(keep_nodes, 1, 0)
    return DirectlyFollowsGraph(
        labels=labels, node_frequency=full.node_frequency * zero, node_cases=full.node_cases * zero,
        node_max_repetitions=full.node_max_repetitions * zero, node_duration=full.node_duration,
        source=source[order], target=target[order], edge_frequency=freq[order].astype(np.int64),
        edge_cases=cases[order].astype(np.int64), edge_max_repetitions=maxrep[order].astype(np.int64),
        edge_duration=edur.take(order) if edur is not None else None,
        n_cases=n_cases, n_events=n_ev - len(removed), time=full.time)


def _durations(full: DurationStats, exists: np.ndarray, fe: np.ndarray, direct: DirectPairs, touched: np.ndarray,
               g: np.ndarray, bdur: np.ndarray, floor: int) -> DurationStats:
    """Duration statistics of the touched edges: their pairs in the full map plus the bridged ones (``g`` the
    touched edge of each bridged pair, ``bdur`` its duration in us); ``floor``: the smallest duration (us) of
    the other pairs of the projected map."""
    assert direct.pc_sorted is not None and direct.dur_sorted is not None
    assert direct.uniq is not None and direct.rank_keys is not None
    n_t, dur_sorted = len(touched), direct.dur_sorted
    by_value = np.argsort(bdur)
    gv = g[by_value]
    border = by_value[np.argsort(gv.astype(np.uint16) if n_t <= 1 << 16 else gv, kind="stable")]  # radix sort
    bg, bd = g[border], bdur[border]
    b_off = np.searchsorted(bg, np.arange(n_t + 1))
    b_cnt = np.diff(b_off)
    d_lo = np.searchsorted(direct.pc_sorted, touched, side="left")
    # the rank of each bridged duration among all durations of its edge: direct ones below it + bridged before it
    rb = direct.rank_bits
    key = (touched[bg] << rb) | np.searchsorted(direct.uniq, bd, side="left").astype(np.int64)
    below = np.searchsorted(direct.rank_keys, key, side="left") - d_lo[bg]
    merged = below + (np.arange(len(bg)) - b_off[bg])
    mkey = (bg.astype(np.int64) << 40) | merged

    def order_stat(r: np.ndarray) -> np.ndarray:
        """The r-th smallest duration (us) of each touched edge."""
        t = np.arange(n_t)
        nb = np.searchsorted(mkey, (t.astype(np.int64) << 40) | r, side="right") - b_off[:-1]
        last = b_off[:-1] + np.maximum(nb - 1, 0)
        is_b = (nb > 0) & (merged[np.minimum(last, len(merged) - 1)] == r)
        d_at = dur_sorted[np.minimum(d_lo + r - nb, len(dur_sorted) - 1)]
        return np.where(is_b, bd[np.minimum(last, len(bd) - 1)], d_at)

    count = np.where(exists, full.count[fe], 0) + b_cnt
    # sums of whole microseconds are exact in float64 (below 2**53 us, 285 years): recover the full map's
    # and add the bridged ones, as compute_dfg's single sum would give
    b_sum = np.bincount(bg, weights=bd.astype(np.float64), minlength=n_t)
    total = (np.rint(np.where(exists, np.nan_to_num(full.total[fe]), 0.0) * _US) + b_sum) / _US
    low = order_stat(np.zeros(n_t, dtype=np.int64))
    lo = min(int(low.min()), floor) if n_t else floor
    out = {"total": total, "mean": total / count, "min": low / _US, "max": order_stat(count - 1) / _US}
    for name, q in _QUANTILES.items():
        at = q * (count - 1)
        fl = np.floor(at).astype(np.int64)
        a = order_stat(fl) - lo
        b = order_stat(np.minimum(fl + 1, count - 1)) - lo
        out[name] = (a + (at - fl) * (b - a) + lo) / _US
    return DurationStats(count=count.astype(np.int64), **out)
