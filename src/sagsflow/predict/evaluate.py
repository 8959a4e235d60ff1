"""The evaluation protocol: strict temporal split, baselines, metrics per prefix length and pooled.

Protocol
--------
1. Cases are ordered by their start (the store's ``case_idx``).
2. The last ``test_size`` of the cases are the test cases; ``T`` is the start of the first test case.
3. Training uses only cases that *ended before* ``T``: every training event lies before ``T`` (events
   after ``T`` are cut, and a case still running at ``T`` has no known label, so it is left out).
   A random ``calibration_size`` share of those cases (seeded) calibrates probabilities and conformal
   intervals; the rest train the model.
4. Every prefix of every test case is predicted; metrics are reported per prefix length and pooled.
5. Baselines are learnt on the same training prefixes and shown beside every figure: the most
   frequent next activity given the last activity; the mean remaining time given the last activity;
   the majority outcome (its AUC is 0.5; its Brier score uses the training rate).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, brier_score_loss, f1_score, roc_auc_score

from sagsflow.i18n import N_, _


@dataclass(frozen=True)
class Split:
    """Which prefix rows train, calibrate and test, and the cut instant ``T``."""

    train: np.ndarray
    calibration: np.ndarray
    test: np.ndarray
    cut: pd.Timestamp
    train_from: pd.Timestamp | None
    n_train_cases: int
    n_test_cases: int


def temporal_split(frame: pd.DataFrame, *, test_size: float = 0.2, calibration_size: float = 0.2,
                   seed: int = 0) -> Split:
    """Split prefix rows by case start time (see the module docstring).

    ``frame`` needs ``case_idx``, ``case_start`` and ``case_end`` (one value per case).
    """
    cases = frame.groupby("case_idx", sort=True).agg(start=("case_start", "first"), end=("case_end", "first"))
    cases = cases.sort_values(["start"], kind="stable")
    n = len(cases)
    n_test = max(1, round(n * test_size)) if n > 1 else 0
    test_cases = cases.index[n - n_test:]
    cut = cases["start"].iloc[n - n_test] if n_test else cases["end"].max() + pd.Timedelta(seconds=1)
    done = cases.iloc[: n - n_test]
    done = done[done["end"] < cut]
    n_cal = round(len(done) * calibration_size)
    # calibration cases drawn at random (seeded) from the whole training window: the latest training cases
    # are the ones most thinned out by the cut (only their short cases ended before T)
    pick = np.random.default_rng(seed).permutation(len(done))[:n_cal]
    is_cal = np.zeros(len(done), dtype=bool)
    is_cal[pick] = True
    cal_cases = done.index[is_cal]
    fit_cases = done.index[~is_cal]
    ci = frame["case_idx"].to_numpy()
    return Split(
        train=np.flatnonzero(np.isin(ci, fit_cases.to_numpy())),
        calibration=np.flatnonzero(np.isin(ci, cal_cases.to_numpy())),
        test=np.flatnonzero(np.isin(ci, test_cases.to_numpy())),
        cut=pd.Timestamp(cut), train_from=pd.Timestamp(done["start"].min()) if len(done) else None,
        n_train_cases=len(done), n_test_cases=n_test,
    )


# ------------------------------------------------------------------------------------------- baselines
class LastActivityBaseline:
    """Per last activity: the most frequent next activity (``kind='mode'``) or the mean target
    (``kind='mean'``); unseen last activities get the overall answer."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def fit(self, last: np.ndarray, y: np.ndarray) -> LastActivityBaseline:
        df = pd.DataFrame({"last": last, "y": y})
        if self.kind == "mean":
            self.table_ = df.groupby("last")["y"].mean().to_dict()
            self.default_ = float(np.mean(y)) if len(y) else 0.0
        else:
            counts = df.groupby(["last", "y"]).size().reset_index(name="n")
            counts = counts.sort_values(["last", "n", "y"], ascending=[True, False, True])
            self.table_ = counts.drop_duplicates("last").set_index("last")["y"].to_dict()
            self.default_ = pd.Series(y).mode().iloc[0] if len(y) else -2
        return self

    def predict(self, last: np.ndarray) -> np.ndarray:
        return pd.Series(last).map(self.table_).fillna(self.default_).to_numpy()


# ------------------------------------------------------------------------------------------- metrics
#: metric names (keys of ``Evaluation.pooled``) shown translated in the model card
METRIC_NAMES = frozenset({N_("MAE (days)"), N_("interval coverage"), N_("interval width (days)"), N_("accuracy"),
                          N_("calibration error (ECE)"), N_("positive rate")})
#: the per-prefix table's columns, in words
COLUMN_NAMES = {"prefix_length": N_("prefix length"), "n": N_("prefixes"), "mae": N_("MAE (days)"),
                "baseline_mae": N_("baseline MAE"), "coverage": N_("interval coverage"), "accuracy": N_("accuracy"),
                "baseline_accuracy": N_("baseline accuracy"), "auc": "AUC", "baseline_auc": N_("baseline AUC"),
                "brier": "Brier", "baseline_brier": N_("baseline Brier")}
def _prefix_group(length: np.ndarray, max_shown: int) -> np.ndarray:
    return np.minimum(length, max_shown)


@dataclass
class Evaluation:
    """Test-set metrics of a model and its baseline, pooled and per prefix length.

    ``pooled`` maps metric name to ``(model, baseline)``; ``by_prefix`` has one row per prefix
    length (the last row pools all longer prefixes, ``prefix_length`` = ``max_shown`` means
    "max_shown or more"); ``calibration`` holds reliability bins for probabilities.
    """

    task: str
    pooled: dict[str, tuple[float, float | None]]
    by_prefix: pd.DataFrame
    calibration: pd.DataFrame = field(default_factory=pd.DataFrame)
    n_test_prefixes: int = 0
    n_test_cases: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"task": self.task, "pooled": {k: list(v) for k, v in self.pooled.items()},
                "by_prefix": self.by_prefix.to_dict(orient="records"),
                "calibration": self.calibration.to_dict(orient="records"),
                "n_test_prefixes": self.n_test_prefixes, "n_test_cases": self.n_test_cases}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Evaluation:
        return cls(task=d["task"], pooled={k: (v[0], v[1]) for k, v in d["pooled"].items()},
                   by_prefix=pd.DataFrame(d["by_prefix"]), calibration=pd.DataFrame(d["calibration"]),
                   n_test_prefixes=d["n_test_prefixes"], n_test_cases=d["n_test_cases"])

    def to_markdown(self) -> str:
        """The evaluation table with the baseline beside every figure."""
        lines = ["| " + " | ".join([_("metric"), _("model"), _("baseline")]) + " |", "|---|---:|---:|"]
        for k, (m, b) in self.pooled.items():
            lines.append(f"| {_(k) if k in METRIC_NAMES else k} | {_fmt(m)} | {_fmt(b)} |")
        out = "\n".join(lines)
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


def evaluate_regression(y: np.ndarray, pred: np.ndarray, base: np.ndarray, length: np.ndarray, *,
                        low: np.ndarray | None = None, high: np.ndarray | None = None,
                        max_shown: int = 10) -> Evaluation:
    """MAE in days (model vs baseline) pooled and per prefix length, plus interval coverage/width."""
    err, berr = np.abs(y - pred), np.abs(y - base)
    pooled: dict[str, tuple[float, float | None]] = {"MAE (days)": (float(err.mean()), float(berr.mean()))}
    if low is not None and high is not None:
        cover = (y >= low) & (y <= high)
        pooled["interval coverage"] = (float(cover.mean()), None)
        pooled["interval width (days)"] = (float(np.mean(high - low)), None)
    g = _prefix_group(length, max_shown)
    df = pd.DataFrame({"prefix_length": g, "n": 1, "mae": err, "baseline_mae": berr})
    if low is not None and high is not None:
        df["coverage"] = ((y >= low) & (y <= high)).astype(float)
    means = {c: "mean" for c in df.columns if c not in ("prefix_length", "n")}
    by = df.groupby("prefix_length").agg({"n": "sum", **means})
    return Evaluation("regression", pooled, by.reset_index(), n_test_prefixes=len(y))


def evaluate_multiclass(y: np.ndarray, pred: np.ndarray, base: np.ndarray, length: np.ndarray, *,
                        max_shown: int = 10) -> Evaluation:
    """Accuracy and macro-F1 (model vs baseline) pooled and per prefix length."""
    labels = np.unique(y)
    pooled: dict[str, tuple[float, float | None]] = {
        "accuracy": (float(accuracy_score(y, pred)), float(accuracy_score(y, base))),
        "macro-F1": (float(f1_score(y, pred, average="macro", labels=labels, zero_division=0)),
                     float(f1_score(y, base, average="macro", labels=labels, zero_division=0))),
    }
    g = _prefix_group(length, max_shown)
    df = pd.DataFrame({"prefix_length": g, "ok": (y == pred).astype(float), "bok": (y == base).astype(float)})
    by = df.groupby("prefix_length").agg(n=("ok", "size"), accuracy=("ok", "mean"),
                                         baseline_accuracy=("bok", "mean")).reset_index()
    return Evaluation("multiclass", pooled, by, n_test_prefixes=len(y))


def _auc(y: np.ndarray, p: np.ndarray) -> float:
    return float(roc_auc_score(y, p)) if len(np.unique(y)) == 2 else float("nan")


def evaluate_binary(y: np.ndarray, p: np.ndarray, base_rate: float, length: np.ndarray, *,
                    threshold: float = 0.5, max_shown: int = 10) -> Evaluation:
    """AUC, Brier score, calibration error and accuracy (model vs majority baseline)."""
    y = y.astype(int)
    majority = 1 if base_rate >= 0.5 else 0
    bp = np.full(len(y), base_rate)
    pooled: dict[str, tuple[float, float | None]] = {
        "AUC": (_auc(y, p), 0.5),
        "Brier": (float(brier_score_loss(y, p)) if len(y) else float("nan"),
                  float(brier_score_loss(y, bp)) if len(y) else float("nan")),
        "calibration error (ECE)": (expected_calibration_error(y, p), expected_calibration_error(y, bp)),
        "accuracy": (float(np.mean((p >= threshold) == y)), float(np.mean(y == majority))),
        "positive rate": (float(np.mean(y)), None),
    }
    g = _prefix_group(length, max_shown)
    rows = []
    for k in np.unique(g):
        m = g == k
        rows.append({"prefix_length": int(k), "n": int(m.sum()), "auc": _auc(y[m], p[m]), "baseline_auc": 0.5,
                     "brier": float(np.mean((p[m] - y[m]) ** 2)),
                     "baseline_brier": float(np.mean((bp[m] - y[m]) ** 2))})
    return Evaluation("binary", pooled, pd.DataFrame(rows), calibration=calibration_table(y, p),
                      n_test_prefixes=len(y))
