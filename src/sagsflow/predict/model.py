"""ProcessPredictor: a LightGBM model of where cases are heading, evaluated on a temporal split.

Examples
--------
>>> from sagsflow.predict import ProcessPredictor
>>> model = ProcessPredictor(target="remaining_time")            # doctest: +SKIP
>>> model.fit(log).evaluation_.pooled["MAE (days)"]               # doctest: +SKIP
(12.3, 20.1)
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import lightgbm as lgb
import numpy as np
import pandas as pd
from scipy.optimize import minimize_scalar
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from sagsflow.errors import InvalidParameterError, NotFittedError
from sagsflow.predict.encode import END, EncodingSpec, encode_prefixes, to_model_frame
from sagsflow.predict.evaluate import (
    Evaluation,
    LastActivityBaseline,
    Split,
    evaluate_binary,
    evaluate_multiclass,
    evaluate_regression,
    temporal_split,
)
from sagsflow.predict.policy import FeaturePolicy
from sagsflow.predict.targets import Target, attach_labels

#: ``progress(fraction, text)``: told each stage of a fit as it starts
Progress = Callable[[float, str], None]

if TYPE_CHECKING:
    from sagsflow.log import EventLog

#: the class "an activity outside the model's classes" for next-activity models
OTHER = -3
#: prefix-length groups for Mondrian conformal intervals and bucketing
BUCKETS = (1, 2, 3, 4, 6, 11)
_DEADLINE_FEATURES = ["days_to_deadline", "days_since_trigger"]


def _bucket(length: np.ndarray, edges: tuple[int, ...] = BUCKETS) -> np.ndarray:
    return np.searchsorted(np.asarray(edges), length, side="right") - 1


class ColumnSelector(TransformerMixin, BaseEstimator):
    """Pipeline step: the model's feature columns, in the model's order (picklable, unlike a lambda)."""

    def __init__(self, columns: list[str] | None = None) -> None:
        self.columns = columns

    def fit(self, X: pd.DataFrame, y: object = None) -> ColumnSelector:
        return self

    def __sklearn_is_fitted__(self) -> bool:
        return True

    def transform(self, X: pd.DataFrame) -> pd.DataFrame:
        return X[list(self.columns or X.columns)]


class ProcessPredictor(BaseEstimator):
    """Predict remaining time, next activity, an outcome or a deadline risk from the process state.

    Parameters
    ----------
    target : str
        ``remaining_time``, ``next_activity``, ``outcome:<label spec>`` or ``deadline:<rule id>``
        (see :mod:`sagsflow.predict.targets`).
    policy : FeaturePolicy or dict or None
        Which columns besides the process features may be used; None: the default (process only).
    rules : object, optional
        Compliance rules for a deadline target (a rule set, YAML text, or None for the
        ``employment-dk`` pack).
    bucketing : {None, "prefix_length"}
        One model per prefix-length group (1, 2, 3, 4-5, 6-10, 11+) instead of one model.
    test_size, calibration_size : float
        Share of cases (by start) for the test set, and share of the training cases (drawn at random)
        that calibrate probabilities and conformal intervals.
    alpha : float
        Conformal miscoverage: intervals aim to hold the true remaining time 1 - alpha of the time.
    max_prefix_length, n_count_activities, max_classes : int
        Longest prefix encoded; activities with their own count column; next-activity classes
        (rarer next activities form one class "other").
    n_estimators, learning_rate, num_leaves : LightGBM settings.
    max_train_rows : int
        Training prefixes are sampled down to this many (seeded), to bound the training time.
    max_class_rows : int
        Next activity: the training prefixes are sampled down to this many per model (default: no further
        than ``max_train_rows``), stratified by class
        (every class keeps at least ``min_class_rows`` prefixes or all it has) and weighted back to the
        class frequencies; multiclass boosting grows one tree per class and round, so its cost grows
        with rows times classes.
    min_class_rows : int
    validation_size : float
        Share of the training cases (seeded) held out to stop the boosting early (next activity:
        when the validation accuracy has not improved for ``early_stopping_rounds`` rounds). They come
        from the training window, so early stopping never sees a test case. 0 disables it.
    early_stopping_rounds : int
    high_risk : float
        Probability from which a binary prediction is flagged high risk.
    random_state : int

    Attributes
    ----------
    model_ : Pipeline or dict of Pipeline
        The fitted LightGBM pipeline(s) (by bucket when bucketing).
    spec_ : EncodingSpec
    evaluation_ : Evaluation
        Test metrics beside the baseline's.
    test_predictions_ : pandas.DataFrame
        One row per test prefix: ``case_idx``, ``prefix_length``, ``y``, ``pred``, ``p`` (binary),
        ``flag`` (high risk / long remaining time), ``low``/``high`` (intervals).
    window_ : dict
        Data window: first and last training case start, the cut ``T``, counts.
    fit_seconds_ : float
    """

    def __init__(self, *, target: str = "remaining_time", policy: FeaturePolicy | dict[str, Any] | None = None,
                 rules: object = None, bucketing: str | None = None, test_size: float = 0.2,
                 calibration_size: float = 0.2, alpha: float = 0.1, max_prefix_length: int = 40,
                 n_count_activities: int = 40, max_classes: int = 30, n_estimators: int = 150,
                 learning_rate: float = 0.1, num_leaves: int = 31, max_train_rows: int = 200_000,
                 max_class_rows: int = 200_000, min_class_rows: int = 500, validation_size: float = 0.1,
                 early_stopping_rounds: int = 10, high_risk: float = 0.5, random_state: int = 0) -> None:
        self.target = target
        self.policy = policy
        self.rules = rules
        self.bucketing = bucketing
        self.test_size = test_size
        self.calibration_size = calibration_size
        self.alpha = alpha
        self.max_prefix_length = max_prefix_length
        self.n_count_activities = n_count_activities
        self.max_classes = max_classes
        self.n_estimators = n_estimators
        self.learning_rate = learning_rate
        self.num_leaves = num_leaves
        self.max_train_rows = max_train_rows
        self.max_class_rows = max_class_rows
        self.min_class_rows = min_class_rows
        self.validation_size = validation_size
        self.early_stopping_rounds = early_stopping_rounds
        self.high_risk = high_risk
        self.random_state = random_state

    # ------------------------------------------------------------------ helpers
    @property
    def target_(self) -> Target:
        return Target.parse(self.target)

    def _policy(self) -> FeaturePolicy:
        if self.policy is None:
            return FeaturePolicy()
        if isinstance(self.policy, FeaturePolicy):
            return self.policy
        return FeaturePolicy.from_dict(dict(self.policy))

    def _check(self) -> None:
        if self.bucketing not in (None, "prefix_length"):
            raise InvalidParameterError(
                f"The 'bucketing' parameter must be None or 'prefix_length'. Got {self.bucketing!r} instead.",
                field="bucketing")
        for name in ("test_size", "calibration_size", "alpha", "validation_size"):
            v = getattr(self, name)
            if not (0 <= v < 1 if name == "validation_size" else 0 < v < 1):
                raise InvalidParameterError(f"The {name!r} parameter must be between 0 and 1. Got {v!r} instead.",
                                            field=name)

    def _check_fitted(self) -> None:
        if not hasattr(self, "model_"):
            raise NotFittedError("this ProcessPredictor is not fitted yet: call fit(log) first.")

    @property
    def feature_names_(self) -> list[str]:
        self._check_fitted()
        extra = _DEADLINE_FEATURES if self.target_.kind == "deadline" else []
        return self.spec_.feature_names + extra

    def features_table(self, log_schema: Any = None) -> list[tuple[str, str]]:
        """(feature, data class) for the model card: process features and the policy's columns."""
        self._check_fitted()
        classes = dict(self.policy_columns_)
        out = []
        for f in self.feature_names_:
            col = f[len("attr_"):] if f.startswith("attr_") else None
            shown = f
            if f.startswith("count_") and f != "count_other":
                shown = f"{f} (times «{self.spec_.vocabulary[int(f[6:])]}» occurred)"
            out.append((shown, classes.get(col, "process") if col else "process"))
        return out

    def _frame(self, frame: pd.DataFrame) -> pd.DataFrame:
        X, _ = to_model_frame(frame, self.spec_, self.categories_)
        if self.target_.kind == "deadline":
            for c in _DEADLINE_FEATURES:
                X[c] = frame[c].astype("float64").to_numpy() if c in frame else np.nan
        return X

    def _lgbm(self, n_rows: int) -> Any:
        task = self.target_.task
        params: dict[str, Any] = dict(n_estimators=self.n_estimators, learning_rate=self.learning_rate,
                      num_leaves=self.num_leaves, max_depth=8, min_child_samples=20, subsample=0.8, subsample_freq=1,
                      colsample_bytree=0.8, random_state=self.random_state, verbose=-1, n_jobs=2)
        if task == "regression":
            return lgb.LGBMRegressor(objective="l1", **params)
        if task == "multiclass":
            # one tree per class and round: at most half the rounds, stopped early on the validation cases
            params["n_estimators"] = max(20, self.n_estimators // 2)
            params["max_bin"] = 63
            params["metric"] = "multi_error"  # stop on accuracy: the log-loss of rare classes stops it too soon
            params["min_child_weight"] = 1.0  # keeps leaf values of rare classes from exploding
            return lgb.LGBMClassifier(objective="multiclass", **params)
        return lgb.LGBMClassifier(objective="binary", **params)

    # ------------------------------------------------------------------ fit
    def fit(self, log: EventLog, y: None = None, *, progress: Progress | None = None) -> ProcessPredictor:
        """Encode every prefix, split by time, train, calibrate and evaluate against the baseline.

        ``progress(fraction, text)``, when given, hears each stage as it starts: encoding the prefixes, training
        (per prefix-length bucket), calibrating and evaluating (fractions of this fit, 0 to 1).
        """
        from sagsflow.i18n import _

        report = progress or (lambda f, m: None)
        self._check()
        t0 = time.perf_counter()
        report(0.0, _("encoding the prefixes of every case"))
        target = self.target_
        policy = self._policy()
        self.policy_columns_ = policy.check(log.schema)
        self.legal_basis_ = policy.personal_columns(log.schema)
        self.spec_ = EncodingSpec.from_log(log, policy, n_count=self.n_count_activities,
                                           max_prefix_length=self.max_prefix_length)
        frame = encode_prefixes(log, self.spec_)
        frame = attach_labels(frame, target, log, rules=self.rules)
        if target.kind == "deadline":
            self.pending_rows_ = int(frame["y"].isna().sum())
            frame = frame[frame["y"].notna()].reset_index(drop=True)
        if frame.empty:
            raise InvalidParameterError(
                f"the log {log.name!r} has no prefixes with a known label for the target {target}.",
                hint="Check the target (an outcome label that never occurs?) and that the log has completed cases.",
                field="target")
        report(0.3, _("splitting {n} prefixes by time", n=len(frame)))
        split = temporal_split(frame, test_size=self.test_size, calibration_size=self.calibration_size,
                               seed=self.random_state)
        if len(split.train) == 0:
            raise InvalidParameterError(
                f"no case of the log {log.name!r} ended before the first test case started "
                f"({split.cut}); nothing can be learnt without leaking the future.",
                hint="Use a longer log, or a smaller test_size.", field="test_size")
        self.split_ = split
        self.categories_ = to_model_frame(frame.iloc[split.train], self.spec_)[1]
        X = self._frame(frame)
        yv = frame["y"].to_numpy()
        task = target.task
        if task == "multiclass":
            counts = pd.Series(yv[split.train]).value_counts()
            # rare classes (< 20 training prefixes) make LightGBM's multiclass boosting unstable: merged into "other"
            counts = counts[counts >= 20] if (counts >= 20).sum() >= 2 else counts
            self.classes_ = np.sort(counts.index[: self.max_classes].to_numpy().astype(np.int64))
            yv = np.where(np.isin(yv, self.classes_), yv, OTHER).astype(np.int64)
            if (yv[split.train] == OTHER).any():
                self.classes_ = np.sort(np.r_[self.classes_, OTHER])
        elif task == "binary":
            self.classes_ = np.array([0, 1])
        rng = np.random.default_rng(self.random_state)
        train, valid = split.train, np.empty(0, dtype=np.int64)
        if task == "multiclass" and self.validation_size > 0 and self.early_stopping_rounds > 0:
            train, valid = _hold_out_cases(frame["case_idx"].to_numpy(), split.train, self.validation_size, rng)
        if len(train) > self.max_train_rows:
            train = np.sort(rng.choice(train, self.max_train_rows, replace=False))
        feats = list(X.columns)
        length = frame["prefix_length"].to_numpy()
        self.n_train_rows_ = 0
        self.best_iterations_: list[int] = []

        def make(rows: np.ndarray, val: np.ndarray) -> Pipeline:
            pipe = Pipeline([("features", ColumnSelector(feats)), ("lgbm", self._lgbm(len(rows)))])
            weight = None
            if task == "multiclass":
                rows, weight = _stratified(yv, rows, self.max_class_rows, self.min_class_rows, rng)
            self.n_train_rows_ += len(rows)
            yy = yv[rows]
            if task != "regression" and len(np.unique(yy)) < 2:
                yy = yy.copy()
                yy[0] = 1 - yy[0] if task == "binary" else OTHER  # degenerate bucket: keep LightGBM happy
            fit: dict[str, Any] = {}
            if weight is not None:
                fit["lgbm__sample_weight"] = weight
            val = val[np.isin(yv[val], yy)]  # LightGBM cannot score a class it never saw
            if len(val) > 20_000:
                val = np.sort(rng.choice(val, 20_000, replace=False))
            if len(val) and len(np.unique(yy)) > 1:
                # eval_set, not eval_X/eval_y: LightGBM 4.7 maps only eval_set's labels to its class indices
                fit["lgbm__eval_set"] = [(X.iloc[val], yv[val])]
                fit["lgbm__callbacks"] = [lgb.early_stopping(self.early_stopping_rounds, verbose=False)]
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", message=".*'eval_set' is deprecated")
                pipe.fit(X.iloc[rows], yy, **fit)
            self.best_iterations_.append(int(pipe[-1].best_iteration_ or pipe[-1].n_estimators_))
            return pipe

        if self.bucketing == "prefix_length":
            b = _bucket(length)
            keys = [int(k) for k in np.unique(b[train]) if (b[train] == k).sum() >= 50]
            self.model_ = {}
            for i, k in enumerate(keys):
                report(0.35 + 0.4 * i / len(keys),
                       _("training on {n} prefixes (bucket {i} of {total})", n=int((b[train] == k).sum()), i=i + 1,
                         total=len(keys)))
                self.model_[k] = make(train[b[train] == k], valid[b[valid] == k])
            if not self.model_:
                report(0.35, _("training on {n} prefixes", n=len(train)))
                self.model_ = {0: make(train, valid)}
        else:
            report(0.35, _("training on {n} prefixes", n=len(train)))
            self.model_ = make(train, valid)
        report(0.75, _("calibrating and evaluating against the baseline"))
        from sagsflow.predict.explain import path_table

        for pipe in self.model_.values() if isinstance(self.model_, dict) else [self.model_]:
            pipe[-1].sf_path_table_ = path_table(pipe[-1].booster_)  # made once: scoring explains fast
        # ---- calibration on the latest training cases (never on test cases)
        cal = split.calibration if len(split.calibration) else split.train
        self._calibrate(X.iloc[cal], yv[cal], length[cal])
        # ---- baselines on all training prefixes
        train_all = np.r_[split.train, split.calibration]
        last = frame["last_activity"].to_numpy()
        if task == "regression":
            self.baseline_ = LastActivityBaseline("mean").fit(last[train_all], yv[train_all])
        elif task == "multiclass":
            self.baseline_ = LastActivityBaseline("mode").fit(last[train_all], yv[train_all])
        else:
            self.baseline_ = LastActivityBaseline("mean").fit(np.zeros(len(train_all)), yv[train_all])
        self.base_rate_ = float(np.mean(yv[train_all])) if task == "binary" else None
        if task == "regression":
            self.long_threshold_ = float(np.quantile(yv[train_all], 0.75))
        # ---- test
        self._evaluate(frame, X, yv, split)
        self.end_activities_ = self._end_activities(frame)
        first_start = frame["case_start"].min()
        self.window_ = {
            "train_from": str(split.train_from), "cut": str(split.cut),
            "first_event": str(first_start), "last_event": str(frame["case_end"].max()),
            "n_train_cases": split.n_train_cases, "n_test_cases": split.n_test_cases,
            "n_train_prefixes": len(split.train), "n_calibration_prefixes": len(split.calibration),
            "n_test_prefixes": len(split.test), "log": log.name,
            "max_train_event": str(frame["ts"].iloc[np.r_[split.train, split.calibration]].max()),
        }
        self.fitted_at_ = datetime.now(UTC).isoformat(timespec="seconds")
        self.fit_seconds_ = time.perf_counter() - t0
        return self

    def _end_activities(self, frame: pd.DataFrame) -> list[str]:
        """Activities that end at least half of the cases they occur in as last activity (open-case test)."""
        last = frame[frame["prefix_length"] == frame["case_length"]]["last_activity"].value_counts()
        allx = frame["last_activity"].value_counts()
        share = (last / allx.reindex(last.index)).fillna(0)
        return [self.spec_.vocabulary[int(a)] for a in share[share >= 0.5].index if int(a) >= 0]

    # ------------------------------------------------------------------ raw prediction
    def _raw(self, X: pd.DataFrame, length: np.ndarray, *, contrib: bool = False) -> np.ndarray:
        """Raw scores (regression value / logits) or per-feature contributions, routed by bucket."""
        def one(pipe: Pipeline, Xs: pd.DataFrame) -> np.ndarray:
            lg = pipe[-1]
            Xf = pipe[:-1].transform(Xs)
            if contrib:
                return np.asarray(lg.predict(Xf, pred_contrib=True))
            if self.target_.task == "regression":
                return np.asarray(lg.predict(Xf))
            return np.asarray(lg.predict(Xf, raw_score=True))

        if not isinstance(self.model_, dict):
            return one(self.model_, X)
        b = _bucket(length)
        keys = np.array(sorted(self.model_))
        b = keys[np.clip(np.searchsorted(keys, b, side="right") - 1, 0, len(keys) - 1)]
        out: np.ndarray | None = None
        for k in np.unique(b):
            m = b == k
            r = one(self.model_[int(k)], X.iloc[np.flatnonzero(m)])
            if out is None:
                out = np.zeros((len(X), *r.shape[1:]), dtype=float)
            if r.ndim == out.ndim and r.shape[1:] == out.shape[1:]:
                out[m] = r
        assert out is not None
        return out

    def _path_contrib(self, X: pd.DataFrame, length: np.ndarray, codes: np.ndarray | None) -> np.ndarray:
        """Path contributions (rows, features) routed by bucket; ``codes``: the predicted class of each row
        (multiclass), whose trees alone explain it."""
        from sagsflow.predict.explain import path_contributions

        def one(pipe: Pipeline, Xs: pd.DataFrame, rows: np.ndarray) -> np.ndarray:
            lg = pipe[-1]
            if codes is None:
                return path_contributions(lg, pipe[:-1].transform(Xs))
            known = np.asarray(lg.classes_)
            pos = np.searchsorted(known, codes[rows]).clip(0, len(known) - 1)
            tree_class = np.where(known[pos] == codes[rows], pos, -1)
            return path_contributions(lg, pipe[:-1].transform(Xs), tree_class=tree_class, n_classes=len(known))

        if not isinstance(self.model_, dict):
            return one(self.model_, X, np.arange(len(X)))
        keys = np.array(sorted(self.model_))
        b = keys[np.clip(np.searchsorted(keys, _bucket(length), side="right") - 1, 0, len(keys) - 1)]
        out = np.zeros((len(X), X.shape[1]))
        for k in np.unique(b):
            rows = np.flatnonzero(b == k)
            out[rows] = one(self.model_[int(k)], X.iloc[rows], rows)
        return out

    def _classes_of(self) -> np.ndarray:
        m = self.model_ if not isinstance(self.model_, dict) else next(iter(self.model_.values()))
        return np.asarray(m[-1].classes_)

    # ------------------------------------------------------------------ calibration
    def _calibrate(self, X: pd.DataFrame, y: np.ndarray, length: np.ndarray) -> None:
        task = self.target_.task
        raw = self._raw(X, length)
        if task == "regression":
            resid = np.abs(y - raw)
            groups = _bucket(length)
            self.conformal_: dict[int | str, float] = {"global": _conformal_q(resid, self.alpha)}
            for g in np.unique(groups):
                r = resid[groups == g]
                if len(r) >= 30:
                    self.conformal_[int(g)] = _conformal_q(r, self.alpha)
            self.calibrator_ = None
        elif task == "binary":
            raw = raw.reshape(-1)
            if len(np.unique(y)) == 2:
                self.calibrator_ = LogisticRegression(C=1e6).fit(raw.reshape(-1, 1), y.astype(int))
            else:
                self.calibrator_ = None
        else:
            classes = self._classes_of()
            pos = {c: i for i, c in enumerate(classes)}
            keep = np.array([c in pos for c in y])
            idx = np.array([pos[c] for c in y[keep]], dtype=np.int64)
            z = raw[keep]

            def nll(logt: float) -> float:
                s = z / np.exp(logt)
                s = s - s.max(axis=1, keepdims=True)
                lp = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
                return float(-lp[np.arange(len(idx)), idx].mean())

            self.temperature_ = float(np.exp(minimize_scalar(nll, bounds=(-3, 3), method="bounded").x)) \
                if len(idx) else 1.0
            self.calibrator_ = None

    def _proba(self, raw: np.ndarray) -> np.ndarray:
        """Calibrated probabilities from raw scores (binary: P(y=1); multiclass: one column per class)."""
        if self.target_.task == "binary":
            raw = raw.reshape(-1)
            if self.calibrator_ is not None:
                return self.calibrator_.predict_proba(raw.reshape(-1, 1))[:, 1]
            return 1.0 / (1.0 + np.exp(-raw))
        s = raw / getattr(self, "temperature_", 1.0)
        s = s - s.max(axis=1, keepdims=True)
        e = np.exp(s)
        return e / e.sum(axis=1, keepdims=True)

    def _interval(self, pred: np.ndarray, length: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        groups = _bucket(length)
        q = np.array([self.conformal_.get(int(g), self.conformal_["global"]) for g in groups])
        return np.maximum(pred - q, 0.0), pred + q

    # ------------------------------------------------------------------ evaluation
    def _evaluate(self, frame: pd.DataFrame, X: pd.DataFrame, y: np.ndarray, split: Split) -> None:
        task = self.target_.task
        te = split.test
        length = frame["prefix_length"].to_numpy()[te]
        last = frame["last_activity"].to_numpy()[te]
        out = pd.DataFrame({"case_idx": frame["case_idx"].to_numpy()[te], "prefix_length": length, "y": y[te],
                            "case_days": ((frame["case_end"] - frame["case_start"]).dt.total_seconds()
                                          / 86400.0).to_numpy()[te]})
        if len(te) == 0:
            self.evaluation_ = Evaluation(task, {}, pd.DataFrame())
            self.test_predictions_ = out
            return
        raw = self._raw(X.iloc[te], length)
        if task == "regression":
            pred = np.maximum(raw, 0.0)
            low, high = self._interval(pred, length)
            self.evaluation_ = evaluate_regression(y[te], pred, self.baseline_.predict(last), length,
                                                   low=low, high=high)
            out["pred"], out["low"], out["high"] = pred, low, high
            out["flag"] = pred > self.long_threshold_
            out["actual_flag"] = y[te] > self.long_threshold_
        elif task == "multiclass":
            proba = self._proba(raw)
            pred = self._classes_of()[proba.argmax(axis=1)]
            self.evaluation_ = evaluate_multiclass(y[te], pred, self.baseline_.predict(last).astype(np.int64), length)
            out["pred"], out["p"] = pred, proba.max(axis=1)
        else:
            p = self._proba(raw)
            self.evaluation_ = evaluate_binary(y[te].astype(int), p, float(self.base_rate_ or 0.0), length,
                                               threshold=self.high_risk)
            out["pred"], out["p"] = (p >= self.high_risk).astype(int), p
            out["flag"] = p >= self.high_risk
            out["actual_flag"] = y[te] == 1
        self.evaluation_.n_test_cases = split.n_test_cases
        self.test_predictions_ = out

    # ------------------------------------------------------------------ public prediction
    def predict_frame(self, frame: pd.DataFrame, *, explain: bool = True, n_reasons: int = 3,
                      explain_top: int | None = None, contributions: str = "path") -> pd.DataFrame:
        """Predictions for encoded prefixes (rows of :func:`encode_prefixes`), with reasons.

        Columns: ``case_idx``, ``prediction`` (days, activity label, or probability), ``low``/``high``
        (remaining time), ``probability`` (class probability), ``flag`` and, with ``explain``,
        ``reasons_da``/``reasons_en`` (the top ``n_reasons`` contributions in words). ``explain_top``
        explains only that many rows, those with the highest risk / longest remaining time / least sure
        next activity; the others get "". ``contributions``: ``"path"`` (default; path contributions,
        see :mod:`sagsflow.predict.explain`) or ``"shap"`` (LightGBM's TreeSHAP, exact Shapley values,
        about 20 times slower).
        """
        if contributions not in ("path", "shap"):
            raise InvalidParameterError(
                f"The 'contributions' parameter must be 'path' or 'shap'. Got {contributions!r} instead.",
                field="contributions")
        self._check_fitted()
        from sagsflow.predict.explain import reasons

        task = self.target_.task
        out = pd.DataFrame({"case_idx": frame["case_idx"].to_numpy()})
        if len(frame) == 0:  # LightGBM refuses an empty input: the same columns, no rows
            by_task: dict[str, dict[str, type]] = {
                "regression": {"prediction": float, "low": float, "high": float, "flag": bool},
                "multiclass": {"prediction": object, "probability": float},
                "binary": {"prediction": float, "flag": bool}}
            cols = by_task[task]
            if explain:
                cols = {**cols, "reasons_da": object, "reasons_en": object}
            for c, t in cols.items():
                out[c] = pd.Series(dtype=t)
            return out
        X = self._frame(frame)
        length = frame["prefix_length"].to_numpy()
        raw = self._raw(X, length)
        cls_idx: np.ndarray | None = None
        if task == "regression":
            pred = np.maximum(raw, 0.0)
            low, high = self._interval(pred, length)
            out["prediction"], out["low"], out["high"] = pred, low, high
            out["flag"] = pred > self.long_threshold_
        elif task == "multiclass":
            proba = self._proba(raw)
            cls_idx = proba.argmax(axis=1)
            codes = self._classes_of()[cls_idx]
            out["prediction"] = [self.class_label(int(c)) for c in codes]
            out["probability"] = proba.max(axis=1)
        else:
            p = self._proba(raw)
            out["prediction"] = p
            out["flag"] = p >= self.high_risk
        if explain:
            rows = np.arange(len(X))
            if explain_top is not None and explain_top < len(X):
                prio = out["probability"].to_numpy() * -1 if task == "multiclass" else out["prediction"].to_numpy(float)
                rows = np.sort(np.argsort(-prio, kind="stable")[:explain_top])
            Xe = X.iloc[rows]
            codes = self._classes_of()[cls_idx[rows]] if cls_idx is not None else None
            if contributions == "path":
                contrib = self._path_contrib(Xe, length[rows], codes)
            else:
                contrib = self._raw(Xe, length[rows], contrib=True)
                n_f = X.shape[1] + 1
                if task == "multiclass" and cls_idx is not None:
                    contrib = contrib.reshape(len(Xe), -1, n_f)[np.arange(len(Xe)), cls_idx[rows]]
                contrib = contrib[:, :-1]
            da, en = reasons(self, Xe, contrib, n=n_reasons)
            out["reasons_da"], out["reasons_en"] = "", ""
            out.loc[out.index[rows], "reasons_da"] = da
            out.loc[out.index[rows], "reasons_en"] = en
        return out

    def predict(self, log: EventLog, *, as_of: datetime | None = None) -> pd.DataFrame:
        """Predictions for the current state (last prefix) of every case of ``log`` (see :func:`score_cases`
        for open cases only)."""
        self._check_fitted()
        frame = encode_prefixes(log, self.spec_, as_of=as_of, only_last=True)
        return self.predict_frame(frame)

    def class_label(self, code: int) -> str:
        """The activity label of a next-activity class code."""
        if code == -2:
            return END
        if code == OTHER:
            return "(other)"
        return self.spec_.vocabulary[code] if 0 <= code < len(self.spec_.vocabulary) else "(unknown)"


def _hold_out_cases(case_idx: np.ndarray, rows: np.ndarray, share: float,
                    rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Split training rows by case: ``share`` of the cases (seeded) become validation rows."""
    cases = np.unique(case_idx[rows])
    n_val = round(len(cases) * share)
    if n_val == 0 or n_val == len(cases):
        return rows, np.empty(0, dtype=np.int64)
    held = np.isin(case_idx[rows], rng.choice(cases, n_val, replace=False))
    return rows[~held], rows[held]


def _stratified(y: np.ndarray, rows: np.ndarray, budget: int, floor: int,
                rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray | None]:
    """At most ``budget`` of ``rows``, sampled per class of ``y``: a class keeps all its rows up to
    ``floor``, the rest of the budget is shared in proportion to the class sizes. The weights
    (class size / rows kept) restore the class frequencies. None: all rows kept, no weights."""
    if len(rows) <= budget:
        return rows, None
    _, inverse, counts = np.unique(y[rows], return_inverse=True, return_counts=True)
    keep = np.minimum(counts, floor)
    spare = budget - keep.sum()
    if spare > 0:
        extra = counts - keep
        keep += np.minimum(extra, np.floor(spare * extra / max(extra.sum(), 1)).astype(np.int64))
    order = rng.permutation(len(rows))
    ranks = np.empty(len(rows), dtype=np.int64)  # rank of each row within its class, in random order
    sorted_cls = inverse[order]
    by_class = np.argsort(sorted_cls, kind="stable")
    starts = np.r_[0, np.cumsum(counts)[:-1]]
    ranks[order[by_class]] = np.arange(len(rows)) - np.repeat(starts, counts)
    chosen = ranks < keep[inverse]
    weight = (counts / keep)[inverse[chosen]]
    return rows[chosen], weight


def _conformal_q(resid: np.ndarray, alpha: float) -> float:
    """Split-conformal quantile: the ceil((n+1)(1-alpha))/n empirical quantile of the residuals."""
    n = len(resid)
    if n == 0:
        return float("inf")
    level = min(1.0, np.ceil((n + 1) * (1 - alpha)) / n)
    return float(np.quantile(resid, level, method="higher"))
