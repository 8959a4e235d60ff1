"""Token movements for animating cases over the process map: one row per arc a case travels.

:func:`token_movements` gives, for the cases of a (filtered) log, every traversal of an arc of the process map:
the case, the arc's two nodes (with the ids the map uses: ``start``, ``end``, ``n<code>``) and when the case left
the first node and reached the second (the completion of one event to the arrival, i.e. the start or else the
completion, of the next). Arcs from the start and to the end take no time: the case appears at its first event and
leaves after its last. With ``activities`` below 1 the log is projected to the nodes the map's activities slider
keeps (the same :func:`~sagsflow.analysis.process_map.keep_top_nodes`), so tokens travel the arcs that are drawn.

The work is numpy over the cached event columns (:func:`sagsflow.analysis.dfg.log_arrays`); a large log is
sampled by whole cases (deterministically: every k-th case in case order) to at most ``max_cases`` cases.

Examples
--------
>>> import sagsflow, tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
>>> _ = p.write_text("case,activity,time\\n1,A,2024-01-02 08:00\\n1,B,2024-01-02 10:00\\n"
...                  "2,A,2024-01-03 08:00\\n")
>>> mv = token_movements(sagsflow.read_csv(p))
>>> mv.n_cases, len(mv)
(2, 5)
>>> [(mv.nodes[s], mv.nodes[t], int(a), int(b)) for s, t, a, b in zip(mv.source, mv.target, mv.start, mv.end)][:3]
[('start', 'n0', 0, 0), ('n0', 'n1', 0, 7200), ('n1', 'end', 7200, 7200)]
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import numpy as np

from sagsflow.analysis.dfg import clocks, log_arrays, perspective_codes, selection_mask
from sagsflow.analysis.process_map import END_ID, START_ID, _check_slider, keep_top_nodes
from sagsflow.errors import InvalidParameterError

if TYPE_CHECKING:
    from sagsflow.log import EventLog

_US = 1_000_000


@dataclass(frozen=True)
class TokenMovements:
    """Arc traversals of the cases shown, as parallel arrays (one entry per traversal, by case and time).

    Attributes
    ----------
    case : ndarray of int32
        The case's number among the cases shown (0.., in case start order).
    source, target : ndarray of int32
        Indexes into ``nodes`` (the map's node ids).
    start, end : ndarray of int64
        Seconds since ``t0`` when the case left ``source`` and reached ``target``.
    nodes : tuple of str
        Node ids as in :class:`~sagsflow.analysis.process_map.ProcessMap` (``start``, ``end``, ``n<code>``).
    labels : tuple of str
        The nodes' labels (``▶ start`` and ``■ end`` for the pseudo-nodes).
    t0, t1 : datetime
        The first and the last moment (UTC).
    n_cases, n_cases_total : int
        Cases shown, and cases in the (filtered) log; fewer are shown when the log was sampled.
    """

    case: np.ndarray
    source: np.ndarray
    target: np.ndarray
    start: np.ndarray
    end: np.ndarray
    nodes: tuple[str, ...]
    labels: tuple[str, ...]
    t0: datetime
    t1: datetime
    n_cases: int
    n_cases_total: int

    def __len__(self) -> int:
        return len(self.case)

    @property
    def sampled(self) -> bool:
        return self.n_cases < self.n_cases_total

    def to_dict(self) -> dict[str, Any]:
        """Plain, compact JSON: column lists (what the web app's animation reads)."""
        return {"t0": self.t0.isoformat(), "t1": self.t1.isoformat(), "unit": "seconds",
                "nodes": list(self.nodes), "labels": list(self.labels), "n_cases": self.n_cases,
                "n_cases_total": self.n_cases_total, "sampled": self.sampled,
                "case": self.case.tolist(), "source": self.source.tolist(), "target": self.target.tolist(),
                "start": self.start.tolist(), "end": self.end.tolist()}


def token_movements(log: EventLog, *, activities: float = 1.0, perspective: str = "activity",
                    max_cases: int = 10_000) -> TokenMovements:
    """Every arc traversal of the cases of ``log`` (see the module docstring).

    Parameters
    ----------
    log : EventLog
        Any log, filtered or not.
    activities : float
        The map's activities slider (0-1): tokens travel the arcs of the map projected to its kept nodes.
    perspective : str
        ``'activity'``, ``'resource'`` or an event attribute, as for the map.
    max_cases : int
        At most this many cases (a log with more is sampled by whole cases, evenly over case order).

    Returns
    -------
    TokenMovements

    Raises
    ------
    InvalidParameterError
        A slider outside 0-1 or ``max_cases`` below 1.
    """
    _check_slider("activities", activities)
    if not isinstance(max_cases, int) or isinstance(max_cases, bool) or max_cases < 1:
        raise InvalidParameterError(f"max_cases must be a positive whole number. Got {max_cases!r} instead.",
                                    field="max_cases")
    arrays = log_arrays(log)
    mask = selection_mask(log, arrays)
    codes, labels = perspective_codes(log, arrays, perspective)
    keep = codes >= 0 if mask is None else mask & (codes >= 0)
    leave, arrive, _ = clocks(arrays, None)
    case, code = arrays.case[keep], codes[keep]
    # the activities slider: the map's node set
    freq = np.bincount(code, minlength=len(labels)) if len(code) else np.zeros(len(labels), np.int64)
    kept = keep_top_nodes(freq, labels, activities)
    sel = kept[code]
    case, code, lv, ar = case[sel], code[sel], leave[keep][sel], arrive[keep][sel]
    cases = np.unique(case)
    n_total = len(cases)
    if n_total > max_cases:  # every k-th case, evenly over case (start) order
        chosen = cases[np.linspace(0, n_total - 1, max_cases).round().astype(np.int64)]
        s = np.isin(case, chosen)
        case, code, lv, ar = case[s], code[s], lv[s], ar[s]
    n = len(case)
    k = len(labels)
    nodes = (START_ID, END_ID, *(f"n{c}" for c in range(k)))
    names = ("▶ start", "■ end", *labels)
    if n == 0:
        now = datetime(1970, 1, 1, tzinfo=UTC)
        empty = np.zeros(0, np.int64)
        return TokenMovements(empty.astype(np.int32), empty.astype(np.int32), empty.astype(np.int32), empty, empty,
                              nodes, names, now, now, 0, n_total)
    first = np.r_[True, case[1:] != case[:-1]]
    last = np.r_[case[1:] != case[:-1], True]
    rank = np.cumsum(first) - 1  # the case's number among those shown
    t0_us = int(min(ar.min(), lv.min()))
    node = code.astype(np.int32) + 2
    inner = np.flatnonzero(~last)  # event i -> event i + 1 of the same case
    starts = np.flatnonzero(first)
    ends = np.flatnonzero(last)
    src = np.concatenate([np.zeros(len(starts), np.int32), node[inner], node[ends]])
    dst = np.concatenate([node[starts], node[inner + 1], np.ones(len(ends), np.int32)])
    t_from = np.concatenate([ar[starts], lv[inner], lv[ends]])
    t_to = np.concatenate([ar[starts], np.maximum(ar[inner + 1], lv[inner]), lv[ends]])
    cs = np.concatenate([rank[starts], rank[inner], rank[ends]]).astype(np.int32)
    order = np.lexsort((t_from, cs))
    start = (t_from[order] - t0_us) // _US
    end = (t_to[order] - t0_us) // _US
    t0 = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=t0_us)
    return TokenMovements(case=cs[order], source=src[order], target=dst[order], start=start.astype(np.int64),
                          end=end.astype(np.int64), nodes=nodes, labels=names, t0=t0,
                          t1=t0 + timedelta(seconds=int(end.max())), n_cases=int(rank[-1]) + 1,
                          n_cases_total=n_total)


__all__ = ["TokenMovements", "token_movements"]
