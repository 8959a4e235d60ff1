"""Metrics of a model beside its baselines: per prefix length and pooled, with bootstrap intervals.

The split itself is a :class:`~sagsflow.predict.protocol.Protocol`. This module measures what the served
predictor and every baseline did on the test prefixes:

- next activity: accuracy, macro-F1, top-3 accuracy, log-loss and calibration error, and two yardsticks from the
  activity sequence alone: the **held-out prefix oracle** (:func:`~sagsflow.predict.baselines.heldout_oracle`:
  each test prefix answered with the next activity that most often followed the same whole sequence in
  *training*) and the **in-sample prefix-oracle bound** (:func:`~sagsflow.predict.baselines.oracle_accuracy`:
  the same mapping learnt on the test prefixes themselves, an upper bound that is loose when sequences are
  rare);
- remaining time: MAE in days, interval coverage and width;
- outcome and deadline risk: AUC (pooled, and averaged over prefix lengths weighted by their number of
  prefixes, as Teinemaa et al. 2019 summarise), Brier score, calibration error, accuracy;
- for each, the difference between the served predictor and the **best baseline on the same test prefixes**,
  with a 95 % bootstrap interval that resamples *cases* (a case's prefixes are not independent).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import brier_score_loss, f1_score, roc_auc_score

from sagsflow.i18n import N_, _

#: bootstrap replicates for the intervals
N_BOOTSTRAP = 200


def case_bootstrap(case_idx: np.ndarray, stat: Any, *, n_boot: int = N_BOOTSTRAP, seed: int = 0
                   ) -> tuple[float, float]:
    """A 95 % percentile interval of ``stat(weights)`` over bootstrap resamples of the cases: ``stat`` gets one
    weight per row (how often its case was drawn) and returns a number."""
    cases, inverse = np.unique(case_idx, return_inverse=True)
    if len(cases) < 2:
        return float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    draws = rng.multinomial(len(cases), np.full(len(cases), 1.0 / len(cases)), size=n_boot)
    vals = np.array([stat(d[inverse].astype(float)) for d in draws], dtype=float)
    vals = vals[np.isfinite(vals)]
    if len(vals) == 0:
        return float("nan"), float("nan")
    lo, hi = np.quantile(vals, [0.025, 0.975])
    return float(lo), float(hi)


def _wmean(x: np.ndarray, w: np.ndarray) -> float:
    s = w.sum()
    return float((x * w).sum() / s) if s > 0 else float("nan")


def weighted_auc(y: np.ndarray, p: np.ndarray, w: np.ndarray | None = None) -> float:
    if len(np.unique(y[w > 0] if w is not None else y)) < 2:
        return float("nan")
    return float(roc_auc_score(y, p, sample_weight=w))


def length_weighted_auc(y: np.ndarray, p: np.ndarray, length: np.ndarray, w: np.ndarray | None = None) -> float:
    """AUC per prefix length, averaged with the lengths' (weighted) numbers of prefixes as weights (lengths with
    one class only are left out)."""
    w = np.ones(len(y)) if w is None else w
    tot, acc = 0.0, 0.0
    for k in np.unique(length):
        m = length == k
        a = weighted_auc(y[m], p[m], w[m])
        if np.isfinite(a):
            acc += a * w[m].sum()
            tot += w[m].sum()
    return acc / tot if tot > 0 else float("nan")


def score(task: str, y: np.ndarray, pred: np.ndarray, w: np.ndarray | None = None) -> float:
    """The selection metric, higher is better: accuracy, minus MAE, or AUC (weighted)."""
    w = np.ones(len(y)) if w is None else w
    if len(y) == 0:
        return float("nan")
    if task == "multiclass":
        return _wmean((y == pred).astype(float), w)
    if task == "regression":
        return -_wmean(np.abs(y - pred), w)
    return weighted_auc(y.astype(int), pred, w)


# ------------------------------------------------------------------------------------------- metrics
#: metric names (keys of ``Evaluation.pooled``) shown translated in the model card
METRIC_NAMES = frozenset({N_("MAE (days)"), N_("interval coverage"), N_("interval width (days)"), N_("accuracy"),
                          N_("calibration error (ECE)"), N_("positive rate"), N_("top-3 accuracy"),
                          N_("log-loss"), N_("AUC (mean over prefix lengths)"), N_("prefix-oracle bound (in sample)"),
                          N_("prefix oracle (held out)"), N_("test prefixes whose sequence occurred in training"),
                          N_("largest coverage gap at one prefix length")})
#: the per-prefix table's columns, in words
COLUMN_NAMES = {"prefix_length": N_("prefix length"), "n": N_("prefixes"), "mae": N_("MAE (days)"),
                "baseline_mae": N_("baseline MAE"), "coverage": N_("interval coverage"), "accuracy": N_("accuracy"),
                "baseline_accuracy": N_("baseline accuracy"), "auc": "AUC", "baseline_auc": N_("baseline AUC"),
                "brier": "Brier", "baseline_brier": N_("baseline Brier"),
                "oracle": N_("prefix-oracle bound (in sample)"), "oracle_heldout": N_("prefix oracle (held out)")}
#: per metric: True when higher is better
HIGHER_IS_BETTER = {"accuracy": True, "macro-F1": True, "MAE (days)": False, "AUC": True, "Brier": False}
#: exact prefix lengths shown before the table pools the rest
MAX_SHOWN = 20


def _prefix_group(length: np.ndarray, max_shown: int) -> np.ndarray:
    return np.minimum(length, max_shown)


@dataclass
class Evaluation:
    """Test-set metrics of the served predictor beside the best baseline, pooled and per prefix length.

    ``pooled`` maps metric name to ``(served, best baseline)``; ``gain`` maps the headline metrics to
    ``(gain, low, high)``: how much better the served predictor is than the best baseline on the same test
    prefixes (accuracy and AUC: higher minus baseline; MAE and Brier: baseline minus served), with a 95 %
    case-bootstrap interval. ``baselines`` holds every baseline's headline metric; ``by_prefix`` has one row
    per prefix length (the last row pools all longer prefixes); ``calibration`` holds reliability bins.
    """

    task: str
    pooled: dict[str, tuple[float, float | None]]
    by_prefix: pd.DataFrame
    calibration: pd.DataFrame = field(default_factory=pd.DataFrame)
    n_test_prefixes: int = 0
    n_test_cases: int = 0
    served: str = "model"
    best_baseline: str = ""
    baselines: dict[str, float] = field(default_factory=dict)
    gain: dict[str, tuple[float, float, float]] = field(default_factory=dict)
    oracle: float | None = None
    oracle_heldout: float | None = None
    protocol: str = ""
    folds: list[dict[str, Any]] = field(default_factory=list)

    @property
    def headline(self) -> str:
        return {"multiclass": "accuracy", "regression": "MAE (days)", "binary": "AUC"}[self.task]

    def beats_baseline(self) -> bool:
        """Whether the headline gain's 95 % interval lies above 0."""
        g = self.gain.get(self.headline)
        return g is not None and np.isfinite(g[1]) and g[1] > 0

    def to_dict(self) -> dict[str, Any]:
        return {"task": self.task, "pooled": {k: list(v) for k, v in self.pooled.items()},
                "by_prefix": self.by_prefix.to_dict(orient="records"),
                "calibration": self.calibration.to_dict(orient="records"),
                "n_test_prefixes": self.n_test_prefixes, "n_test_cases": self.n_test_cases,
                "served": self.served, "best_baseline": self.best_baseline, "baselines": dict(self.baselines),
                "gain": {k: list(v) for k, v in self.gain.items()}, "oracle": self.oracle,
                "oracle_heldout": self.oracle_heldout,
                "protocol": self.protocol, "folds": list(self.folds)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Evaluation:
        return cls(task=d["task"], pooled={k: (v[0], v[1]) for k, v in d["pooled"].items()},
                   by_prefix=pd.DataFrame(d["by_prefix"]), calibration=pd.DataFrame(d["calibration"]),
                   n_test_prefixes=d["n_test_prefixes"], n_test_cases=d["n_test_cases"],
                   served=d.get("served", "model"), best_baseline=d.get("best_baseline", ""),
                   baselines=dict(d.get("baselines") or {}),
                   gain={k: (v[0], v[1], v[2]) for k, v in (d.get("gain") or {}).items()},
                   oracle=d.get("oracle"), oracle_heldout=d.get("oracle_heldout"), protocol=d.get("protocol", ""),
                   folds=list(d.get("folds") or []))

    def to_markdown(self) -> str:
        """The evaluation table with the best baseline beside every figure and the gain's interval."""
        head = [_("metric"), _("served ({name})", name=self.served),
                _("best baseline ({name})", name=self.best_baseline or "–")]
        lines = ["| " + " | ".join(head) + " |", "|---|---:|---:|"]
        for k, (m, b) in self.pooled.items():
            lines.append(f"| {_(k) if k in METRIC_NAMES else k} | {_fmt(m)} | {_fmt(b)} |")
        out = "\n".join(lines)
        for k, (g, lo, hi) in self.gain.items():
            out += "\n\n" + _("Gain over the best baseline in {metric}: {gain} (95 % interval {low} to {high}, "
                                "bootstrap over test cases).", metric=_(k) if k in METRIC_NAMES else k,
                                gain=_fmt(g), low=_fmt(lo), high=_fmt(hi))
        if self.baselines:
            out += "\n\n" + _("Baselines on the same test prefixes ({metric}):", metric=_(self.headline)
                               if self.headline in METRIC_NAMES else self.headline) + " "
            out += ", ".join(f"{n} {_fmt(v)}" for n, v in self.baselines.items()) + "."
        if len(self.by_prefix):
            cols = list(self.by_prefix.columns)
            out += "\n\n" + _("Per prefix length (the last row pools all longer prefixes):") + "\n\n"
            out += "| " + " | ".join(_(COLUMN_NAMES[c]) if c in COLUMN_NAMES else c for c in cols) + " |\n|"
            out += "---:|" * len(cols) + "\n"
            for row in self.by_prefix.itertuples(index=False):
                out += "| " + " | ".join(_fmt(v) for v in row) + " |\n"
        return out


def _fmt(v: object) -> str:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return "–"
    if isinstance(v, (int, np.integer)):
        return f"{int(v)}"
    if isinstance(v, (float, np.floating)):
        return f"{float(v):.3f}"
    return str(v)


def calibration_table(y: np.ndarray, p: np.ndarray, bins: int = 10) -> pd.DataFrame:
    """Reliability bins: mean predicted probability, observed rate and count per bin."""
    edges = np.linspace(0, 1, bins + 1)
    which = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
    df = pd.DataFrame({"bin": which, "p": p, "y": y})
    g = df.groupby("bin").agg(mean_predicted=("p", "mean"), observed=("y", "mean"), n=("y", "size")).reset_index()
    g["bin"] = [f"{edges[b]:.1f}-{edges[b + 1]:.1f}" for b in g["bin"]]
    return g


def expected_calibration_error(y: np.ndarray, p: np.ndarray, bins: int = 10) -> float:
    t = calibration_table(y, p, bins)
    if t["n"].sum() == 0:
        return float("nan")
    return float((t["n"] * (t["mean_predicted"] - t["observed"]).abs()).sum() / t["n"].sum())


def _best(task: str, values: dict[str, float]) -> str:
    finite = {k: v for k, v in values.items() if np.isfinite(v)}
    if not finite:
        return next(iter(values), "")
    return (min if task == "regression" else max)(finite, key=lambda k: finite[k])


def evaluate_predictions(task: str, y: np.ndarray, served: np.ndarray, length: np.ndarray, case_idx: np.ndarray,
                         baselines: dict[str, np.ndarray], *, served_name: str = "model",
                         proba: np.ndarray | None = None, classes: np.ndarray | None = None,
                         low: np.ndarray | None = None, high: np.ndarray | None = None,
                         context: np.ndarray | None = None, oracle_pred: np.ndarray | None = None,
                         oracle_seen: np.ndarray | None = None, nominal: float = 0.9, max_shown: int = MAX_SHOWN,
                         n_boot: int = N_BOOTSTRAP, seed: int = 0) -> Evaluation:
    """Measure ``served`` (class codes, days, or probabilities) and every baseline on the same test prefixes.

    ``proba``/``classes``: the served predictor's class probabilities (next activity: top-3 accuracy, log-loss,
    calibration); ``low``/``high``: its intervals (remaining time; ``nominal``: the coverage aimed at, for the
    largest gap at one prefix length with at least 100 prefixes); ``context``: the prefixes' whole-sequence
    hashes (next activity: the in-sample prefix-oracle bound); ``oracle_pred``/``oracle_seen``: the held-out
    prefix oracle's answers (:func:`~sagsflow.predict.baselines.heldout_oracle`, learnt on the training
    prefixes) and whether each prefix's whole sequence occurred in training.
    """
    y = np.asarray(y)
    n = len(y)
    if task == "multiclass":
        metric = lambda a, b: float(np.mean(a == b)) if len(a) else float("nan")  # noqa: E731
    elif task == "regression":
        metric = lambda a, b: float(np.mean(np.abs(a - b))) if len(a) else float("nan")  # noqa: E731
    else:
        metric = lambda a, b: weighted_auc(a.astype(int), b)  # noqa: E731
    base_vals = {k: metric(y, v) for k, v in baselines.items()}
    best = _best(task, base_vals)
    bpred = baselines.get(best)
    ev = Evaluation(task, {}, pd.DataFrame(), n_test_prefixes=n, n_test_cases=len(np.unique(case_idx)),
                    served=served_name, best_baseline=best, baselines=base_vals)
    if n == 0:
        return ev
    g = _prefix_group(length, max_shown)
    df = pd.DataFrame({"prefix_length": g})
    if task == "multiclass":
        labels = np.unique(y)
        ok_s = (y == served).astype(float)
        ok_b = (y == bpred).astype(float) if bpred is not None else np.full(n, np.nan)
        ev.pooled["accuracy"] = (float(ok_s.mean()), float(np.nanmean(ok_b)) if bpred is not None else None)
        ev.pooled["macro-F1"] = (float(f1_score(y, served, average="macro", labels=labels, zero_division=0)),
                                 float(f1_score(y, bpred, average="macro", labels=labels, zero_division=0))
                                 if bpred is not None else None)
        if proba is not None and classes is not None:
            pos = {c: i for i, c in enumerate(classes)}
            col = np.array([pos.get(c, -1) for c in y])
            top3 = np.argsort(-proba, axis=1)[:, :3]
            ev.pooled["top-3 accuracy"] = (float(np.mean((top3 == col[:, None]).any(axis=1))), None)
            p_true = np.where(col >= 0, proba[np.arange(n), np.maximum(col, 0)], 0.0)
            ev.pooled["log-loss"] = (float(-np.mean(np.log(np.clip(p_true, 1e-6, 1.0)))), None)
            ev.pooled["calibration error (ECE)"] = (expected_calibration_error(ok_s, proba.max(axis=1)), None)
        if context is not None:
            from sagsflow.predict.baselines import oracle_accuracy

            ev.oracle = oracle_accuracy(context, y)
            ev.pooled["prefix-oracle bound (in sample)"] = (ev.oracle, None)
        if oracle_pred is not None:
            ev.oracle_heldout = float(np.mean(oracle_pred == y))
            ev.pooled["prefix oracle (held out)"] = (ev.oracle_heldout, None)
            if oracle_seen is not None:
                ev.pooled["test prefixes whose sequence occurred in training"] = (float(np.mean(oracle_seen)),
                                                                                   None)
        if bpred is not None:
            ev.gain["accuracy"] = (ev.pooled["accuracy"][0] - ev.pooled["accuracy"][1],  # type: ignore[operator]
                                   *case_bootstrap(case_idx, lambda w: _wmean(ok_s - ok_b, w), n_boot=n_boot,
                                                   seed=seed))
        df["ok"], df["bok"] = ok_s, ok_b
        by = df.groupby("prefix_length").agg(n=("ok", "size"), accuracy=("ok", "mean"),
                                             baseline_accuracy=("bok", "mean")).reset_index()
        if context is not None:
            from sagsflow.predict.baselines import oracle_accuracy

            by["oracle"] = [oracle_accuracy(context[g == k], y[g == k]) for k in by["prefix_length"]]
        if oracle_pred is not None:
            by["oracle_heldout"] = [float(np.mean(oracle_pred[g == k] == y[g == k])) for k in by["prefix_length"]]
        ev.by_prefix = by
        return ev
    if task == "regression":
        err = np.abs(y - served)
        berr = np.abs(y - bpred) if bpred is not None else np.full(n, np.nan)
        ev.pooled["MAE (days)"] = (float(err.mean()), float(berr.mean()) if bpred is not None else None)
        df["mae"], df["baseline_mae"] = err, berr
        if low is not None and high is not None:
            cover = ((y >= low) & (y <= high)).astype(float)
            ev.pooled["interval coverage"] = (float(cover.mean()), None)
            ev.pooled["interval width (days)"] = (float(np.mean(high - low)), None)
            exact = pd.DataFrame({"k": length, "c": cover}).groupby("k")["c"].agg(["mean", "size"])
            exact = exact[exact["size"] >= 100]
            df["coverage"] = cover
            if len(exact):
                ev.pooled["largest coverage gap at one prefix length"] = (
                    float((exact["mean"] - nominal).abs().max()), None)
        if bpred is not None:
            ev.gain["MAE (days)"] = (float(berr.mean() - err.mean()),
                                     *case_bootstrap(case_idx, lambda w: _wmean(berr - err, w), n_boot=n_boot,
                                                     seed=seed))
        aggs = {"n": ("mae", "size"), "mae": ("mae", "mean"), "baseline_mae": ("baseline_mae", "mean")}
        if "coverage" in df:
            aggs["coverage"] = ("coverage", "mean")
        ev.by_prefix = df.groupby("prefix_length").agg(**aggs).reset_index()
        return ev
    # binary
    yi = y.astype(int)
    p = served.astype(float)
    bp = bpred.astype(float) if bpred is not None else None
    rate = float(np.mean(yi))
    ev.pooled["AUC"] = (weighted_auc(yi, p), base_vals.get(best))
    ev.pooled["AUC (mean over prefix lengths)"] = (length_weighted_auc(yi, p, length),
                                                   length_weighted_auc(yi, bp, length) if bp is not None else None)
    ev.pooled["Brier"] = (float(brier_score_loss(yi, p)), float(brier_score_loss(yi, bp)) if bp is not None
                          else None)
    ev.pooled["calibration error (ECE)"] = (expected_calibration_error(yi, p),
                                            expected_calibration_error(yi, bp) if bp is not None else None)
    ev.pooled["positive rate"] = (rate, None)
    if bp is not None:
        boots = n_boot if n <= 50_000 else max(50, n_boot // 4)
        ev.gain["AUC"] = (ev.pooled["AUC"][0] - (ev.pooled["AUC"][1] or 0.0),
                          *case_bootstrap(case_idx, lambda w: weighted_auc(yi, p, w) - weighted_auc(yi, bp, w),
                                          n_boot=boots, seed=seed))
        sq, bsq = (p - yi) ** 2, (bp - yi) ** 2
        ev.gain["Brier"] = (float(bsq.mean() - sq.mean()),
                            *case_bootstrap(case_idx, lambda w: _wmean(bsq - sq, w), n_boot=n_boot, seed=seed))
    rows = []
    for k in np.unique(g):
        m = g == k
        rows.append({"prefix_length": int(k), "n": int(m.sum()), "auc": weighted_auc(yi[m], p[m]),
                     "baseline_auc": weighted_auc(yi[m], bp[m]) if bp is not None else float("nan"),
                     "brier": float(np.mean((p[m] - yi[m]) ** 2)),
                     "baseline_brier": float(np.mean((bp[m] - yi[m]) ** 2)) if bp is not None else float("nan")})
    ev.by_prefix = pd.DataFrame(rows)
    ev.calibration = calibration_table(yi, p)
    return ev
