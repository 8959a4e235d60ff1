"""Conformal intervals for remaining time, calibrated per prefix-length bucket (Mondrian conformal).

Split conformal gives an interval ``prediction ± q`` that holds the true value ``1 - alpha`` of the time *on
average over all prefixes*. Short and long prefixes err very differently (a case two steps in may still take
months; a case near its end is nearly done), so one ``q`` over-covers some prefix lengths and under-covers
others. Mondrian conformal calibrates one ``q`` per **bucket** of prefix lengths; the guarantee then holds within
every bucket. A bucket needs enough calibration prefixes for its quantile to be stable: adjacent prefix lengths
are merged, shortest first, until each bucket has at least ``min_size`` calibration prefixes (the last, thin
bucket joins the one before it).

With IPCW weights (strict protocols: calibration prefixes whose label was known before the cut, weighted by the
inverse chance of being seen) the quantile is the weighted one, with the test point's weight counted as the
largest (Tibshirani et al. 2019, "Conformal prediction under covariate shift").

Examples
--------
>>> rng = np.random.default_rng(0)
>>> length = rng.integers(1, 6, 2000)
>>> resid = np.abs(rng.normal(0, length))            # longer prefixes err more here
>>> cal = MondrianConformal.fit(resid, length, alpha=0.1, min_size=300)
>>> [b[:2] for b in cal.buckets]
[(1, 1), (2, 2), (3, 3), (4, 4), (5, 5)]
>>> bool(cal.quantile(np.array([1]))[0] < cal.quantile(np.array([5]))[0])
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

#: a prefix-length bucket needs at least this many calibration prefixes (smaller ones merge with a neighbour)
MIN_BUCKET = 100


def conformal_quantile(resid: np.ndarray, alpha: float, w: np.ndarray | None = None) -> float:
    """Split-conformal quantile of absolute residuals.

    Unweighted: the ``ceil((n + 1)(1 - alpha))``-th smallest residual (the largest one when there are too few
    residuals for that rank). Weighted (IPCW): the weighted quantile at ``1 - alpha`` with the test point's
    weight counted as the largest. Infinite without residuals.

    Examples
    --------
    >>> conformal_quantile(np.arange(1.0, 101.0), 0.1)
    91.0
    >>> conformal_quantile(np.array([1.0, 2.0]), 0.1)
    2.0
    """
    resid = np.asarray(resid, dtype=float)
    n = len(resid)
    if n == 0:
        return float("inf")
    if w is None or np.allclose(w, w[0]):
        k = min(int(np.ceil((n + 1) * (1 - alpha))), n)
        return float(np.partition(resid, k - 1)[k - 1])
    w = np.asarray(w, dtype=float)
    order = np.argsort(resid, kind="stable")
    cw = np.cumsum(w[order])
    total = cw[-1] + w.max()
    at = int(np.searchsorted(cw, (1 - alpha) * total, side="left"))
    return float(resid[order][at]) if at < n else float("inf")


def length_buckets(length: np.ndarray, min_size: int = MIN_BUCKET) -> list[tuple[int, int]]:
    """Adjacent prefix lengths merged into buckets of at least ``min_size`` prefixes each.

    Returns ``(first, last)`` prefix length of each bucket, in order; the first bucket also answers shorter
    prefixes and the last longer ones. Fewer than ``min_size`` prefixes in all: one bucket.

    Examples
    --------
    >>> length_buckets(np.array([1] * 50 + [2] * 120 + [3] * 30 + [4] * 30 + [5] * 10), min_size=60)
    [(1, 2), (3, 5)]
    """
    length = np.asarray(length)
    if len(length) == 0:
        return []
    values, counts = np.unique(length, return_counts=True)
    ends: list[int] = []
    size = 0
    for v, c in zip(values, counts, strict=True):
        size += int(c)
        if size >= min_size:
            ends.append(int(v))
            size = 0
    if size and ends:  # a thin tail joins the bucket before it
        ends[-1] = int(values[-1])
    elif size:
        ends.append(int(values[-1]))
    firsts = [int(values[0])] + [e + 1 for e in ends[:-1]]
    return list(zip(firsts, ends, strict=True))


@dataclass
class MondrianConformal:
    """Conformal quantiles per prefix-length bucket.

    ``buckets`` holds ``(first length, last length, q, calibration prefixes)``; ``global_q`` is the quantile of
    all calibration residuals (used when there are none per bucket).
    """

    alpha: float
    buckets: list[tuple[int, int, float, int]] = field(default_factory=list)
    global_q: float = float("inf")
    #: older models: one quantile per exact prefix length, the global one for other lengths
    exact: bool = False

    @classmethod
    def fit(cls, resid: np.ndarray, length: np.ndarray, *, alpha: float, w: np.ndarray | None = None,
            min_size: int = MIN_BUCKET) -> MondrianConformal:
        """Calibrate on absolute residuals ``resid`` of prefixes of length ``length`` (``w``: IPCW weights)."""
        resid = np.asarray(resid, dtype=float)
        length = np.asarray(length)
        out = cls(alpha=alpha, global_q=conformal_quantile(resid, alpha, w))
        for first, last in length_buckets(length, min_size):
            lo = -np.inf if not out.buckets else first
            hi = np.inf if last == int(length.max()) else last
            m = (length >= lo) & (length <= hi)
            q = conformal_quantile(resid[m], alpha, None if w is None else np.asarray(w)[m])
            out.buckets.append((int(first), int(last), q, int(m.sum())))
        return out

    def quantile(self, length: np.ndarray) -> np.ndarray:
        """The half-width ``q`` for prefixes of each length."""
        length = np.asarray(length)
        if not self.buckets:
            return np.full(len(length), self.global_q)
        if self.exact:
            per = {b[0]: b[2] for b in self.buckets}
            return np.array([per.get(int(k), self.global_q) for k in length], dtype=float)
        ends = np.array([b[1] for b in self.buckets])
        qs = np.array([b[2] for b in self.buckets])
        return qs[np.minimum(np.searchsorted(ends, length, side="left"), len(ends) - 1)]

    def interval(self, pred: np.ndarray, length: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(low, high)``: ``pred ± q`` of each prefix's bucket, ``low`` floored at 0."""
        q = self.quantile(length)
        return np.maximum(pred - q, 0.0), pred + q

    def to_dict(self) -> dict[str, Any]:
        return {"alpha": self.alpha, "global": self.global_q, "buckets": [list(b) for b in self.buckets]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> MondrianConformal:
        """From :meth:`to_dict`, or from the older per-length form ``{length: q, "global": q}``."""
        if "buckets" in d:
            return cls(alpha=float(d.get("alpha", 0.1)), global_q=float(d.get("global", np.inf)),
                       buckets=[(int(a), int(b), float(q), int(n)) for a, b, q, n in d["buckets"]])
        per = sorted((int(k), float(v)) for k, v in d.items() if k != "global")
        return cls(alpha=0.1, global_q=float(d.get("global", np.inf)),
                   buckets=[(k, k, v, 0) for k, v in per], exact=True)
