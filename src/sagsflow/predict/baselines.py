"""Strong baselines: lookup tables over the prefix's activity sequence, with back-off.

Every baseline is a :class:`ContextModel`: for each prefix it looks up the answer learnt for the prefix's
*context* and falls back to a shorter context when the longer one was seen too rarely in training:

- ``last``: the last activity (the most frequent next activity after it; the mean or the median remaining
  time after it; the outcome rate after it);
- ``last+length``: the last activity and the prefix length (1, 2, ... 9, 10 or more), backing off to ``last``;
- ``ngram``: the whole activity sequence so far, backing off to its last 5, 3, 2 and 1 activities (a
  variable-order Markov model of the prefix). Its probabilities are smoothed towards the shorter context
  (Dirichlet back-off), so they are calibrated enough to serve.

The contexts are the hashes ``ctx_*`` of :func:`sagsflow.predict.encode.sequence_columns`, so learning is
grouping and counting (pandas over the training rows), and predicting is a hash lookup per context.
Weights (IPCW, :mod:`sagsflow.predict.protocol`) count like repeated rows.

Examples
--------
>>> import numpy as np, pandas as pd
>>> rows = pd.DataFrame({"last_activity": [0, 0, 0, 1], "prefix_length": [1, 1, 2, 1]})
>>> m = ContextModel("multiclass", "last").fit(rows, np.array([5, 5, 6, 7]))
>>> m.predict(rows.iloc[[0, 3]]).tolist()
[5, 7]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from sagsflow.errors import InvalidParameterError

Task = Literal["regression", "multiclass", "binary"]
#: the context families: which context columns, longest first
FAMILIES: dict[str, tuple[str, ...]] = {
    "last": ("ctx_1",),
    "last+length": ("ctx_len", "ctx_1"),
    "ngram": ("ctx_0", "ctx_5", "ctx_3", "ctx_2", "ctx_1"),
    #: the held-out prefix oracle: the whole sequence, else the last activity (not a served baseline)
    "sequence": ("ctx_0", "ctx_1"),
}
#: baselines tried per task: (name, family, statistic)
BASELINES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "multiclass": (("last", "last", "mode"), ("last+length", "last+length", "mode"), ("ngram", "ngram", "mode")),
    "regression": (("last (mean)", "last", "mean"), ("last (median)", "last", "median"),
                   ("last+length (median)", "last+length", "median"), ("ngram (median)", "ngram", "median")),
    "binary": (("rate", "none", "mean"), ("last", "last", "mean"), ("ngram", "ngram", "mean")),
}


def context_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """The context keys of ``frame``'s prefixes: the ``ctx_*`` hashes (made from ``last_activity`` when the
    frame has none) and ``ctx_len`` (last activity and prefix length, 10 or more pooled)."""
    out = pd.DataFrame(index=frame.index)
    last = frame["last_activity"].to_numpy().astype(np.int64)
    for c in FAMILIES["ngram"]:
        out[c] = frame[c].to_numpy() if c in frame.columns else last
    out["ctx_1"] = last  # readable and the same as the 1-hash for every purpose here
    length = np.minimum(frame["prefix_length"].to_numpy().astype(np.int64), 10)
    out["ctx_len"] = last * 16 + length
    return out


def weighted_median(keys: np.ndarray, y: np.ndarray, w: np.ndarray) -> pd.Series:
    """The weighted median of ``y`` per key (the lower median on ties), vectorised by sorting."""
    order = np.lexsort((y, keys))
    k, v, ww = keys[order], y[order], w[order]
    starts = np.flatnonzero(np.r_[True, k[1:] != k[:-1]])
    ends = np.r_[starts[1:], len(k)]
    cum = np.cumsum(ww)
    before = np.r_[0.0, cum][starts]
    total = cum[ends - 1] - before
    half = before + total / 2.0
    # first position in each group whose cumulative weight reaches half the group's weight
    idx = np.searchsorted(cum, half, side="left")
    idx = np.clip(idx, starts, ends - 1)
    return pd.Series(v[idx], index=k[starts])


@dataclass
class _Level:
    index: pd.Index
    support: np.ndarray
    value: np.ndarray  # per key: (n_classes,) counts for multiclass, a number otherwise


class ContextModel:
    """A lookup-table model over one context family (see the module docstring).

    Parameters
    ----------
    task : {"multiclass", "regression", "binary"}
    family : {"last", "last+length", "ngram", "none"}
        ``none``: one answer for every prefix (the training rate or mean).
    statistic : {"mode", "mean", "median"}
        What a context predicts (multiclass always predicts probabilities; ``mode`` is their argmax).
    min_support : float
        A context seen less often (weighted) backs off to the shorter one (for the median and the mean).
    smoothing : float
        Pseudo-count pulling a context's distribution or rate towards the shorter context's.
    """

    def __init__(self, task: Task, family: str, statistic: str = "mode", *, min_support: float = 5.0,
                 smoothing: float = 2.0) -> None:
        if family not in (*FAMILIES, "none"):
            raise InvalidParameterError(f"unknown baseline family {family!r}.", field="family")
        self.task = task
        self.family = family
        self.statistic = statistic
        self.min_support = min_support
        self.smoothing = smoothing

    @property
    def contexts(self) -> tuple[str, ...]:
        return FAMILIES.get(self.family, ())

    # ------------------------------------------------------------------ fit
    def fit(self, rows: pd.DataFrame, y: np.ndarray, w: np.ndarray | None = None,
            classes: np.ndarray | None = None) -> ContextModel:
        """Learn from prefix rows (with ``last_activity``, ``prefix_length`` and the ``ctx_*`` columns)."""
        w = np.ones(len(y)) if w is None else np.asarray(w, dtype=float)
        y = np.asarray(y)
        ctx = context_columns(rows)
        self.prior_: Any  # class shares (multiclass) or one number
        if self.task == "multiclass":
            self.classes_ = np.unique(y) if classes is None else np.asarray(classes)
            pos = np.searchsorted(self.classes_, y).clip(0, len(self.classes_) - 1)
            known = self.classes_[pos] == y
            self.prior_ = np.bincount(pos[known], weights=w[known], minlength=len(self.classes_)) + 1e-9
            self.prior_ = self.prior_ / self.prior_.sum()
        else:
            yf = y.astype(float)
            self.prior_ = float(np.average(yf, weights=w)) if len(y) else 0.0
            if self.statistic == "median" and len(y):
                self.prior_ = float(weighted_median(np.zeros(len(y), dtype=np.int64), yf, w).iloc[0])
        self.levels_: list[_Level] = []
        for c in self.contexts:
            keys = ctx[c].to_numpy()
            if self.task == "multiclass":
                # weighted counts per (context, class) with one bincount: no dense one-hot frame to group
                uniq, inv = np.unique(keys, return_inverse=True)
                k = len(self.classes_)
                counts = np.bincount(inv[known] * k + pos[known], weights=w[known],
                                     minlength=len(uniq) * k).reshape(len(uniq), k)
                self.levels_.append(_Level(pd.Index(uniq), counts.sum(axis=1), counts))
            else:
                sw = pd.Series(w).groupby(keys).sum()
                if self.statistic == "median":
                    val = weighted_median(keys, y.astype(float), w).reindex(sw.index).to_numpy()
                else:
                    val = (pd.Series(w * y.astype(float)).groupby(keys).sum() / sw).reindex(sw.index).to_numpy()
                self.levels_.append(_Level(sw.index, sw.to_numpy(), val))
        return self

    # ------------------------------------------------------------------ predict
    def _lookup(self, rows: pd.DataFrame) -> list[np.ndarray]:
        ctx = context_columns(rows)
        return [lv.index.get_indexer(ctx[c].to_numpy()) for c, lv in zip(self.contexts, self.levels_, strict=True)]

    def predict_proba(self, rows: pd.DataFrame) -> np.ndarray:
        """Multiclass: one column per class of ``classes_``; binary: P(y = 1)."""
        n = len(rows)
        if self.task == "multiclass":
            p = np.tile(self.prior_, (n, 1))
            for lv, at in reversed(list(zip(self.levels_, self._lookup(rows), strict=True))):
                hit = at >= 0
                if not hit.any():
                    continue
                counts = lv.value[at[hit]]
                support = lv.support[at[hit]][:, None]
                p[hit] = (counts + self.smoothing * p[hit]) / (support + self.smoothing)
            return p
        if self.task == "binary":
            p = np.full(n, float(self.prior_))
            for lv, at in reversed(list(zip(self.levels_, self._lookup(rows), strict=True))):
                hit = at >= 0
                s = lv.support[at[hit]]
                p[hit] = (lv.value[at[hit]] * s + self.smoothing * p[hit]) / (s + self.smoothing)
            return p
        raise InvalidParameterError("predict_proba is for classification baselines.", field="task")

    def predict(self, rows: pd.DataFrame) -> np.ndarray:
        if self.task == "multiclass":
            return self.classes_[self.predict_proba(rows).argmax(axis=1)]
        if self.task == "binary":
            return self.predict_proba(rows)
        out = np.full(len(rows), float(self.prior_))
        for lv, at in reversed(list(zip(self.levels_, self._lookup(rows), strict=True))):
            ok = at >= 0
            ok[ok] = lv.support[at[ok]] >= self.min_support
            out[ok] = lv.value[at[ok]]
        return out

    def support(self, rows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        """Per row: the weighted number of training prefixes of the longest context seen, and which context
        (0 = the longest of the family; ``len(contexts)``: none, the overall answer)."""
        n = len(rows)
        sup = np.zeros(n)
        level = np.full(n, len(self.contexts))
        for i, (lv, at) in reversed(list(enumerate(zip(self.levels_, self._lookup(rows), strict=True)))):
            hit = at >= 0
            sup[hit] = lv.support[at[hit]]
            level[hit] = i
        return sup, level

    def __repr__(self) -> str:
        return f"ContextModel({self.task!r}, {self.family!r}, {self.statistic!r})"


def make_baselines(task: Task) -> dict[str, ContextModel]:
    """The baselines tried for ``task``, by name (unfitted)."""
    return {name: ContextModel(task, fam if fam != "none" else "none", stat) for name, fam, stat in BASELINES[task]}


def heldout_oracle(train: pd.DataFrame, y_train: np.ndarray, w_train: np.ndarray | None, test: pd.DataFrame,
                   classes: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The held-out prefix oracle: each test prefix answered with the most frequent next activity that followed
    *the same whole activity sequence* among the training prefixes; a sequence never seen in training with the
    most frequent one after its last activity. Returns the answers and, per test prefix, whether its whole
    sequence was seen in training.

    Unlike :func:`oracle_accuracy` (which learns the answer on the very prefixes it is scored on, and so reaches
    nearly 1 on a log where almost every sequence is unique), this is what the activity sequence alone achieves
    on prefixes it has not seen: the held-out yardstick for a next-activity model.

    Examples
    --------
    >>> tr = pd.DataFrame({"ctx_0": [1, 1, 1, 2], "last_activity": [0, 0, 0, 1], "prefix_length": [1] * 4})
    >>> te = pd.DataFrame({"ctx_0": [1, 9], "last_activity": [0, 1], "prefix_length": [1, 1]})
    >>> pred, seen = heldout_oracle(tr, np.array([5, 5, 6, 7]), None, te)
    >>> pred.tolist(), seen.tolist()
    ([5, 7], [True, False])
    """
    m = ContextModel("multiclass", "sequence", smoothing=0.0).fit(train, y_train, w_train, classes=classes)
    if len(test) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=bool)
    seen = m.levels_[0].index.get_indexer(context_columns(test)["ctx_0"].to_numpy()) >= 0
    return m.predict(test), seen


def oracle_accuracy(ctx_full: np.ndarray, y: np.ndarray, w: np.ndarray | None = None) -> float:
    """The in-sample prefix-oracle bound: the best accuracy any predictor that sees only the activity sequence so
    far can reach on these prefixes (each distinct sequence answered with its most frequent next activity *on
    these same prefixes*). An upper bound, loose when sequences are rare: a sequence seen once is always
    "predicted" right. :func:`heldout_oracle` is the held-out counterpart.

    Examples
    --------
    >>> oracle_accuracy(np.array([1, 1, 1, 2]), np.array([5, 5, 6, 7]))
    0.75
    """
    if len(y) == 0:
        return float("nan")
    w = np.ones(len(y)) if w is None else w
    df = pd.DataFrame({"k": ctx_full, "y": y, "w": w})
    best = df.groupby(["k", "y"], sort=False)["w"].sum().groupby(level=0).max().sum()
    return float(best / df["w"].sum())
