"""The leakage guard: no feature may carry the answer.

Three rules, checked on every fit:

1. **The outcome's defining column is refused.** An outcome defined on a column (``attribute:<column>=...``,
   also inside ``;among=``) can never be a feature of a model of it: :func:`refuse_defining_columns` raises
   :class:`LeakageError` when the policy names it (or makes it the unit).
2. **A single feature that alone predicts the validation target almost perfectly is flagged** and left out
   (:func:`single_feature_check`): each attribute the policy allows is turned into a lookup table keyed by its
   value (numbers in 20 quantile bins) and the prefix length, learnt on the inner training cases and scored on
   the validation cases (never on test cases). It is flagged when it reaches near-perfect skill (accuracy or
   AUC of at least 0.95, or an MAE under a third of the best baseline's) *and* removes at least half of the best
   process-only baseline's error: a column recorded with hindsight (a case's final status, a variant number,
   a copy of the label) looks exactly like that. Derived columns of the outcome are caught here.
3. **Event attributes recorded after a prefix's last event are never features**: the encoding reads an event
   attribute's last value up to and including the prefix's last event (:mod:`sagsflow.predict.encode`; tested
   with random logs).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from sagsflow.predict.evaluate import score
from sagsflow.predict.policy import FeatureRefusedError

if TYPE_CHECKING:
    from sagsflow.predict.policy import FeaturePolicy
    from sagsflow.predict.targets import Target

#: near-perfect skill of a single feature
NEAR_PERFECT = 0.95


class LeakageError(FeatureRefusedError):
    """A feature would carry the answer: the column that defines the outcome was asked for as a feature."""

    kind = "leakage"


def refuse_defining_columns(policy: FeaturePolicy, target: Target) -> None:
    """Raise :class:`LeakageError` when the policy names a column that defines ``target``'s label."""
    if target.label is None:
        return
    named = set(policy.attributes) | ({policy.unit} if policy.unit else set())
    for col in target.label.defining_columns:
        if col in named:
            raise LeakageError(
                f"the column {col!r} defines the outcome {target.label} and cannot be a feature of a model that "
                "predicts it: the model would read the answer.",
                hint=f"Remove {col!r} from the policy's features (and unit). Columns derived from it are found by "
                     "the single-feature check and left out.", field=col)


@dataclass(frozen=True)
class LeakFinding:
    """A feature flagged by the single-feature check."""

    feature: str
    attribute: str
    score: float
    baseline_score: float
    metric: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _bins(train: pd.Series, other: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes of a column for a lookup table (numbers: 20 quantile bins; text: the values)."""
    if pd.api.types.is_numeric_dtype(train) and not pd.api.types.is_bool_dtype(train):
        t = pd.to_numeric(train, errors="coerce").to_numpy(dtype=float)
        o = pd.to_numeric(other, errors="coerce").to_numpy(dtype=float)
        finite = t[np.isfinite(t)]
        edges = np.unique(np.quantile(finite, np.linspace(0, 1, 21))) if len(finite) else np.array([0.0])
        code = lambda v: np.where(np.isfinite(v), np.searchsorted(edges, v, side="right"), -1)  # noqa: E731
        return code(t), code(o)
    cats = pd.Index(pd.unique(train.astype("string").fillna("\x00")))
    return (cats.get_indexer(train.astype("string").fillna("\x00")),
            cats.get_indexer(other.astype("string").fillna("\x00")))


def single_feature_check(task: str, features: dict[str, str], train: pd.DataFrame, y_train: np.ndarray,
                         w_train: np.ndarray, valid: pd.DataFrame, y_valid: np.ndarray, w_valid: np.ndarray,
                         baseline_score: float) -> list[LeakFinding]:
    """The attribute features (``features``: feature -> attribute) that alone, with the prefix length, predict
    the validation target almost perfectly (see the module docstring). ``baseline_score`` is the best baseline's
    validation score (:func:`sagsflow.predict.evaluate.score`: accuracy, minus MAE, or AUC)."""
    from sagsflow.predict.baselines import weighted_median

    found: list[LeakFinding] = []
    if len(valid) == 0 or len(train) == 0 or not np.isfinite(baseline_score):
        return found
    lt = np.minimum(train["prefix_length"].to_numpy(), 40).astype(np.int64)
    lv = np.minimum(valid["prefix_length"].to_numpy(), 40).astype(np.int64)
    metric = {"multiclass": "accuracy", "regression": "MAE (days)", "binary": "AUC"}[task]
    for feat, attr in features.items():
        if feat not in train.columns:
            continue
        bt, bv = _bins(train[feat], valid[feat])
        kt, kv = bt * 64 + lt, bv * 64 + lv
        if task == "multiclass":
            df = pd.DataFrame({"k": kt, "y": y_train, "w": w_train})
            best = df.groupby(["k", "y"])["w"].sum().reset_index().sort_values(["k", "w"], ascending=[True, False])
            table = best.drop_duplicates("k").set_index("k")["y"]
            default = pd.Series(y_train).mode().iloc[0]
            pred = pd.Series(kv).map(table).fillna(default).to_numpy()
        elif task == "regression":
            table = weighted_median(kt, y_train.astype(float), w_train)
            pred = pd.Series(kv).map(table).fillna(float(np.median(y_train))).to_numpy(dtype=float)
        else:
            sw = pd.Series(w_train).groupby(kt).sum()
            rate = (pd.Series(w_train * y_train).groupby(kt).sum() + 1.0 * np.average(y_train, weights=w_train)) \
                / (sw + 1.0)
            pred = pd.Series(kv).map(rate).fillna(float(np.average(y_train, weights=w_train))).to_numpy(dtype=float)
        s = score(task, y_valid, pred, w_valid)
        if not np.isfinite(s):
            continue
        if task == "regression":
            mae, base = -s, -baseline_score
            leak = mae <= base / 3.0
            found_score, found_base = mae, base
        else:
            err, berr = 1.0 - s, 1.0 - baseline_score
            leak = s >= NEAR_PERFECT and err <= berr / 2.0
            found_score, found_base = s, baseline_score
        if leak:
            found.append(LeakFinding(feat, attr, float(found_score), float(found_base), metric))
    return found
