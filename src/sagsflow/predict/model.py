"""ProcessPredictor: where cases are heading, chosen and measured under an evaluation protocol.

Fitting a predictor follows one procedure for every target:

1. every prefix of the log is encoded once (:func:`~sagsflow.predict.encode.encode_prefixes`, cached) and
   labelled with the instant its label became known (:func:`~sagsflow.predict.targets.attach_labels`);
2. the :class:`~sagsflow.predict.protocol.Protocol` splits the cases into folds; in each fold only the
   training cases' prefixes train (strict protocols: only what was known before the cut, IPCW-weighted);
3. inside the training period the latest cases form a **validation window**. On it, and never on a test case,
   the predictor chooses: the best **baseline** (last activity; last activity and prefix length; n-gram of the
   activity sequence, :mod:`sagsflow.predict.baselines`), the **feature groups** of the LightGBM model (the
   process state always; the unit's workload, the calendar and the policy's attributes only where they improve
   the validation score), a few **settings** (leaves per tree; rounds by early stopping), and whether the model
   beats the best baseline at all. When it does not, the baseline is served and the card says why. The
   validation window also flags any attribute that alone predicts the target almost perfectly
   (:mod:`sagsflow.predict.leakage`) and calibrates: probabilities (temperature / Platt scaling), the
   conformal intervals of remaining time (per prefix length), and the operating threshold (the share of cases
   a municipality looks at, by default the top 10 % risk);
4. the chosen predictor is fitted again on all training prefixes and measured on the test prefixes beside
   every baseline, with bootstrap intervals (:mod:`sagsflow.predict.evaluate`).

The LightGBM model also reads **sequence features**: what the n-gram model says for the prefix (its most
likely next activity and probability, or its median remaining time, or its outcome rate, and how often the
context was seen), learnt out-of-fold on the training cases.

Examples
--------
>>> from sagsflow.predict import ProcessPredictor
>>> model = ProcessPredictor(target="remaining_time", protocol="tax2017")   # doctest: +SKIP
>>> model.fit(log).evaluation_.gain["MAE (days)"]                           # doctest: +SKIP
(1.9, 1.4, 2.4)
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
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
from sagsflow.predict.baselines import ContextModel, heldout_oracle, make_baselines
from sagsflow.predict.conformal import MIN_BUCKET, MondrianConformal, conformal_quantile
from sagsflow.predict.encode import END, EncodingSpec, encode_prefixes, to_model_frame
from sagsflow.predict.evaluate import evaluate_predictions, score
from sagsflow.predict.leakage import LeakFinding, refuse_defining_columns, single_feature_check
from sagsflow.predict.policy import FeaturePolicy
from sagsflow.predict.protocol import (
    Fold,
    Protocol,
    case_table,
    evaluation_rows,
    inner_fold,
    make_folds,
    training_rows,
)
from sagsflow.predict.targets import Target, attach_labels

#: ``progress(fraction, text)``: told each stage of a fit as it starts
Progress = Callable[[float, str], None]

if TYPE_CHECKING:
    from sagsflow.log import EventLog

#: the class "an activity outside the model's classes" for next-activity models
OTHER = -3
#: the class code of END
END_CODE = -2
_DEADLINE_FEATURES = ["days_to_deadline", "days_since_trigger"]
CALENDAR = ["weekday", "month", "hour", "holiday"]
WORKLOAD = ["open_cases", "queue_length", "opened_7d"]
_SEARCH = ("auto", "full", "quick", "none")
#: next activity: multiclass boosting grows one tree per class and round, so its cost is rows x classes; the
#: training rows are capped at this many row-classes (30 classes: 60,000 prefixes)
MULTICLASS_CELLS = 1_800_000
#: the earlier rolling-origin window is a check of the chosen settings, not a search: it fits them once, with the
#: rounds found on the latest window, on this share of the search row cap (a seeded sample of the training prefixes)
EARLIER_ROW_SHARE = 0.5


def stack_names(task: str) -> list[str]:
    """The sequence features the n-gram model gives the LightGBM model."""
    if task == "multiclass":
        return ["seq_top", "seq_p", "seq_p_end", "seq_support"]
    if task == "regression":
        return ["seq_median", "seq_support"]
    return ["seq_rate", "seq_support"]


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


@dataclass
class Candidate:
    """One predictor tried on the validation window."""

    name: str
    family: str
    score: float
    groups: tuple[str, ...] = ()
    params: dict[str, Any] = field(default_factory=dict)
    rounds: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "family": self.family, "score": self.score, "groups": list(self.groups),
                "params": dict(self.params), "rounds": self.rounds}


class ProcessPredictor(BaseEstimator):
    """Predict remaining time, next activity, an outcome or a deadline risk from the process state.

    Parameters
    ----------
    target : str
        ``remaining_time``, ``next_activity`` (``next_activity:continues``: given the case continues),
        ``outcome:<label spec>`` or ``deadline:<rule id>`` (see :mod:`sagsflow.predict.targets`).
    policy : FeaturePolicy or dict or None
        Which columns besides the process features may be used; None: the default (process only).
    protocol : Protocol or str or dict or None
        The evaluation protocol (:mod:`sagsflow.predict.protocol`): ``"sagsflow"`` (default, strict),
        ``"tax2017"``, ``"teinemaa2019"``, ``"share:0.2"``, ``"date:2024-01-01"``, ``"rolling:3"``, ...
    test_size : float, optional
        Overrides the protocol's test share.
    rules : object, optional
        Compliance rules for a deadline target (a rule set, YAML text, or None for the
        ``employment-dk`` pack).
    alpha : float
        Conformal miscoverage: intervals aim to hold the true remaining time 1 - alpha of the time.
    max_prefix_length, n_count_activities, max_classes : int
        Longest prefix encoded; activities with their own count column; next-activity classes
        (rarer next activities form one class "other").
    n_estimators, learning_rate, num_leaves : LightGBM settings (``n_estimators``: the most rounds; early
        stopping on the validation window decides).
    max_train_rows, max_search_rows : int
        Training prefixes are sampled down (seeded) to ``max_train_rows`` for the final fit and to
        ``max_search_rows`` while choosing groups and settings, to bound the training time. Next activity
        with many classes samples further: at most 1,800,000 / classes prefixes (multiclass boosting costs
        rows times classes; 30 classes: 60,000 prefixes).
    max_validation_rows : int
        The validation window is sampled down (seeded, whole cases) to about this many prefixes; every
        choice, the calibration and the validation gain interval use the same sample.
    search : {"auto", "full", "quick", "none"}
        ``full``: add each allowed feature group (workload, calendar, attributes) only if it improves the
        validation score, then try 15 and 63 leaves; ``quick``: process features against all allowed groups,
        default leaves; ``none``: all allowed groups, default settings; ``auto``: ``full`` up to 150,000
        training prefixes (``quick`` above; next activity with more than 10 classes: ``quick`` from 60,000).
    early_stopping_rounds : int
    flag_share : float or None
        The operating point: the share of cases with the highest risk (longest remaining time) flagged, the
        threshold set on the validation window (default 0.1: the top 10 %). None: flag probabilities at or
        above ``high_risk``.
    high_risk : float
        The probability threshold when ``flag_share`` is None.
    leakage : {"exclude", "error"}
        What to do with a feature the single-feature check flags: leave it out (and say so on the card) or
        raise :class:`~sagsflow.predict.leakage.LeakageError`.
    fallback : bool
        Serve the best baseline when no model beats it on the validation window (default). False: serve the
        model anyway (the card still shows the baseline beside it).
    validation_origins : int
        Rolling-origin validation: the model is served only when its gain over the best baseline has a 95 %
        interval above 0 on the latest validation window (where the settings were chosen) *and* on each of
        ``validation_origins - 1`` earlier windows of the same size, where the chosen settings are fitted on
        the cases before the window and nothing is chosen (default 2; 1: the latest window only). A window
        that cannot be formed (too few training cases) is skipped and the card says how many were used.
    random_state : int

    Attributes
    ----------
    served_ : str
        ``"model"`` or ``"baseline: <name>"``: what predicts; ``served_reason_`` says why.
    candidates_ : list of Candidate
        Every predictor tried on the validation window with its score.
    groups_, params_ : the chosen feature groups and LightGBM settings.
    model_ : Pipeline or None
        The fitted LightGBM pipeline (None when a baseline is served).
    baselines_ : dict of ContextModel
        Every baseline, fitted on all training prefixes.
    leakage_ : list of LeakFinding
        Features the single-feature check flagged (left out).
    evaluation_ : Evaluation
        Test metrics of the served predictor beside the baselines, with intervals.
    test_predictions_ : pandas.DataFrame
        One row per test prefix: ``case_idx``, ``prefix_length``, ``y``, ``pred``, ``p`` (binary),
        ``flag`` and ``actual_flag`` (the operating point), ``low``/``high`` (intervals).
    window_ : dict
        Data window: the cut ``T``, first and latest training event, counts.
    fit_seconds_ : float
    """

    def __init__(self, *, target: str = "remaining_time", policy: FeaturePolicy | dict[str, Any] | None = None,
                 protocol: Protocol | str | dict[str, Any] | None = None, test_size: float | None = None,
                 rules: object = None, alpha: float = 0.1, max_prefix_length: int = 40,
                 n_count_activities: int = 40, max_classes: int = 30, n_estimators: int = 400,
                 learning_rate: float = 0.1, num_leaves: int = 31, max_train_rows: int = 200_000,
                 max_search_rows: int = 60_000, max_validation_rows: int = 30_000, search: str = "auto",
                 early_stopping_rounds: int = 20,
                 flag_share: float | None = 0.1, high_risk: float = 0.5, leakage: str = "exclude",
                 fallback: bool = True, validation_origins: int = 2, random_state: int = 0) -> None:
        self.target = target
        self.policy = policy
        self.protocol = protocol
        self.test_size = test_size
        self.rules = rules
        self.alpha = alpha
        self.max_prefix_length = max_prefix_length
        self.n_count_activities = n_count_activities
        self.max_classes = max_classes
        self.n_estimators = n_estimators
        self.learning_rate = learning_rate
        self.num_leaves = num_leaves
        self.max_train_rows = max_train_rows
        self.max_search_rows = max_search_rows
        self.max_validation_rows = max_validation_rows
        self.search = search
        self.early_stopping_rounds = early_stopping_rounds
        self.flag_share = flag_share
        self.high_risk = high_risk
        self.leakage = leakage
        self.fallback = fallback
        self.validation_origins = validation_origins
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

    def _protocol(self) -> Protocol:
        p = Protocol.parse(self.protocol)
        if self.test_size is not None:
            p = p.with_(test_size=self.test_size)
        return p

    def _check(self) -> None:
        if self.search not in _SEARCH:
            raise InvalidParameterError(
                f"The 'search' parameter must be one of {', '.join(_SEARCH)}. Got {self.search!r} instead.",
                field="search")
        if not isinstance(self.validation_origins, int) or self.validation_origins < 1:
            raise InvalidParameterError(
                f"The 'validation_origins' parameter must be a whole number of at least 1. Got "
                f"{self.validation_origins!r} instead.", field="validation_origins")
        if self.leakage not in ("exclude", "error"):
            raise InvalidParameterError(
                f"The 'leakage' parameter must be 'exclude' or 'error'. Got {self.leakage!r} instead.",
                field="leakage")
        if not 0 < self.alpha < 1:
            raise InvalidParameterError(f"The 'alpha' parameter must be between 0 and 1. Got {self.alpha!r} "
                                        "instead.", field="alpha")
        if self.flag_share is not None and not 0 < self.flag_share < 1:
            raise InvalidParameterError(
                f"The 'flag_share' parameter must be between 0 and 1 (or None). Got {self.flag_share!r} instead.",
                field="flag_share")
        if self.test_size is not None and not 0 < self.test_size < 1:
            raise InvalidParameterError(
                f"The 'test_size' parameter must be between 0 and 1. Got {self.test_size!r} instead.",
                field="test_size")

    def _check_fitted(self) -> None:
        if not hasattr(self, "served_"):
            raise NotFittedError("this ProcessPredictor is not fitted yet: call fit(log) first.")

    @property
    def task_(self) -> str:
        return self.target_.task

    @property
    def feature_names_(self) -> list[str]:
        """The features the served LightGBM model reads (the process features it could read when a baseline
        is served)."""
        self._check_fitted()
        return list(self.features_)

    def all_features(self) -> list[str]:
        extra = _DEADLINE_FEATURES if self.target_.kind == "deadline" else []
        return [*self.spec_.feature_names, *extra, *stack_names(self.task_)]

    def groups(self) -> dict[str, list[str]]:
        """The feature groups: ``process`` (always), ``workload``, ``calendar`` and ``attributes`` (when the
        policy allows them)."""
        pol = self.spec_.policy
        attrs = [f for f in self.spec_.attribute_features if f not in {x.feature for x in self.leakage_}]
        out = {"process": [f for f in self.all_features()
                           if f not in CALENDAR and f not in WORKLOAD and f not in self.spec_.attribute_features]}
        if pol.inter_case:
            out["workload"] = list(WORKLOAD)
        if pol.calendar:
            # the month only when training covers a year: a month never seen in training is extrapolation
            out["calendar"] = [c for c in CALENDAR if c != "month" or getattr(self, "train_span_days_", 0) >= 365]
        if attrs:
            out["attributes"] = attrs
        return out

    def features_table(self, log_schema: Any = None) -> list[tuple[str, str]]:
        """(feature, data class) for the model card: the served model's features and the policy's columns."""
        self._check_fitted()
        classes = dict(self.policy_columns_)
        out = []
        for f in self.feature_names_:
            col = self.spec_.attribute_features.get(f)
            shown = f
            if f.startswith("count_") and f != "count_other":
                shown = f"{f} (times «{self.spec_.vocabulary[int(f[6:])]}» occurred)"
            out.append((shown, classes.get(col, "process") if col else "process"))
        return out

    # ------------------------------------------------------------------ fit
    def fit(self, log: EventLog, y: None = None, *, progress: Progress | None = None) -> ProcessPredictor:
        """Encode every prefix, split by the protocol, choose on the validation window, fit, calibrate and
        measure on the test cases against every baseline.

        ``progress(fraction, text)``, when given, hears each stage as it starts: encoding the prefixes, training,
        calibrating and evaluating (fractions of this fit, 0 to 1).
        """
        from sagsflow.i18n import _

        report = progress or (lambda f, m: None)
        self._check()
        t0 = time.perf_counter()
        report(0.0, _("encoding the prefixes of every case"))
        target = self.target_
        policy = self._policy()
        protocol = self._protocol()
        refuse_defining_columns(policy, target)
        self.policy_columns_ = policy.check(log.schema)
        self.legal_basis_ = policy.personal_columns(log.schema)
        self.personal_in_log_ = [c.name for c in log.schema.attributes if c.data_class.is_personal]
        self.spec_ = EncodingSpec.from_log(log, policy, n_count=self.n_count_activities,
                                           max_prefix_length=self.max_prefix_length)
        frame = encode_prefixes(log, self.spec_)
        # from every prefix: the labelled frame may leave out the complete ones (remaining time 0)
        self.end_activities_ = self._end_activities(frame)
        frame = attach_labels(frame, target, log, rules=self.rules)
        if target.kind == "deadline":
            self.pending_rows_ = int(frame["y"].isna().sum())
            frame = frame[frame["y"].notna()].reset_index(drop=True)
        max_prefix = min(protocol.max_prefix or self.max_prefix_length, self.max_prefix_length)
        if protocol.max_prefix_quantile is not None and target.task == "binary" and len(frame):
            pos = frame.loc[frame["y"] == 1].groupby("case_idx")["case_length"].first()
            if len(pos):
                max_prefix = min(max_prefix, int(np.ceil(pos.quantile(protocol.max_prefix_quantile))))
        frame = frame[frame["prefix_length"] <= max_prefix].reset_index(drop=True)
        if frame.empty:
            raise InvalidParameterError(
                f"the log {log.name!r} has no prefixes with a known label for the target {target}.",
                hint="Check the target (an outcome label that never occurs?) and that the log has completed cases.",
                field="target")
        self.max_prefix_ = max_prefix
        self.protocol_ = protocol
        cases = case_table(frame)
        ids = None
        if protocol.kind == "cases":
            ids = log.workspace.con.sql(f"SELECT case_idx, case_id FROM ({log.cases_sql()})").to_arrow_table() \
                .to_pandas().set_index("case_idx")["case_id"]
        report(0.3, _("splitting {n} prefixes by time", n=len(frame)))
        folds = make_folds(protocol, cases, ids)
        if not folds:
            raise InvalidParameterError("the protocol made no fold with training cases.", field="protocol")
        self.leakage_: list[LeakFinding] = []
        outputs, summaries = [], []
        for i, fold in enumerate(folds):
            report(0.35 + 0.4 * i / len(folds), _("training fold {i} of {n}", i=i + 1, n=len(folds)))
            out = self._fit_fold(frame, fold, cases, protocol, max_prefix, last=i == len(folds) - 1)
            outputs.append(out)
            summaries.append({"fold": fold.label, "cut": str(fold.cut), "n_train_cases": len(fold.train_cases),
                              "n_test_cases": len(fold.test_cases), "served": out["served"],
                              "n_test_prefixes": len(out["rows"])})
        report(0.75, _("calibrating and evaluating against the baseline"))
        self._evaluate(frame, outputs, protocol, summaries)
        fold = folds[-1]
        last = outputs[-1]
        tr_rows = last["train_rows"]
        self.window_ = {
            "train_from": str(frame["case_start"].iloc[tr_rows].min()) if len(tr_rows) else "",
            "cut": str(fold.cut), "protocol": protocol.to_text(), "protocol_text": protocol.describe(),
            "first_event": str(frame["case_start"].min()), "last_event": str(frame["case_end"].max()),
            "n_train_cases": len(np.unique(frame["case_idx"].to_numpy()[tr_rows])),
            "n_test_cases": int(self.evaluation_.n_test_cases), "n_train_prefixes": len(tr_rows),
            "n_validation_prefixes": int(last["n_val"]), "n_test_prefixes": int(self.evaluation_.n_test_prefixes),
            "n_calibration_prefixes": int(last["n_val"]), "log": log.name, "n_folds": len(folds),
            "max_train_event": str(frame["ts"].iloc[tr_rows].max()) if len(tr_rows) else "",
            "strict": bool(fold.strict), "max_prefix": int(max_prefix),
        }
        self.fitted_at_ = datetime.now(UTC).isoformat(timespec="seconds")
        self.fit_seconds_ = time.perf_counter() - t0
        return self

    # ------------------------------------------------------------------ one fold
    def _classes(self, y: np.ndarray) -> np.ndarray:
        counts = pd.Series(y).value_counts()
        # rare classes (< 20 training prefixes) make multiclass boosting unstable: merged into "other"
        counts = counts[counts >= 20] if (counts >= 20).sum() >= 2 else counts
        classes = np.sort(counts.index[: self.max_classes].to_numpy().astype(np.int64))
        if not np.isin(y, classes).all():
            classes = np.sort(np.r_[classes, OTHER])
        return classes

    def _encode_y(self, y: np.ndarray) -> np.ndarray:
        if self.task_ != "multiclass":
            return y.astype(float) if self.task_ == "regression" else y.astype(int)
        return np.where(np.isin(y, self.classes_), y, OTHER).astype(np.int64)

    def _fit_fold(self, frame: pd.DataFrame, fold: Fold, cases: pd.DataFrame, protocol: Protocol,
                  max_prefix: int, *, last: bool) -> dict[str, Any]:
        task = self.task_
        rng = np.random.default_rng(self.random_state)
        tr, w_tr = training_rows(frame, fold)
        if len(tr) == 0:
            raise InvalidParameterError(
                f"no labelled prefix of a training case was known before the cut ({fold.cut}); nothing can be "
                "learnt without leaking the future.", hint="Use a longer log, or a smaller test share.",
                field="protocol")
        ts = pd.to_datetime(frame["ts"].iloc[tr], utc=True)
        self.train_span_days_ = float((ts.max() - ts.min()) / pd.Timedelta(days=1))
        y_raw = frame["y"].to_numpy()
        if task == "multiclass":
            self.classes_ = self._classes(y_raw[tr])
        elif task == "binary":
            self.classes_ = np.array([0, 1])
        yv = self._encode_y(y_raw)
        inner = inner_fold(fold, cases, protocol.validation_size, protocol.order)
        itr = iw = va = vw = np.empty(0, dtype=np.int64)
        if inner is not None:
            itr, iw = training_rows(frame, inner)
            va, vw = evaluation_rows(frame, inner.test_cases, protocol, max_prefix, fold=fold)
            keep = _sample_cases(frame["case_idx"].to_numpy()[va], self.max_validation_rows, rng)
            va, vw = va[keep], vw[keep]
        has_val = len(itr) >= 50 and len(va) >= 30 and (task != "binary" or len(np.unique(yv[va])) == 2)
        # ---- baselines, on the validation window
        candidates: list[Candidate] = []
        base_models = make_baselines(task)  # type: ignore[arg-type]
        val_base: dict[str, np.ndarray] = {}
        if has_val:
            for name, m in base_models.items():
                m.fit(frame.iloc[itr], yv[itr], iw, classes=getattr(self, "classes_", None))
                val_base[name] = m.predict(frame.iloc[va])
                candidates.append(Candidate(name, "baseline", score(task, yv[va], val_base[name], vw)))
            best_base = max((c for c in candidates), key=lambda c: _nan_low(c.score))
        else:
            best_base = Candidate(next(iter(base_models)), "baseline", float("nan"))
        # ---- the LightGBM family on the validation window
        self.leakage_ = []
        chosen: Candidate | None = None
        val_model: dict[str, Any] = {}
        if has_val:
            chosen, val_model = self._search(frame, yv, itr, iw, va, vw, candidates, best_base, rng)
        # ---- what to serve: the model only when its gain over the best baseline on the validation window has a
        # 95 % case-bootstrap interval above 0
        gain: tuple[float, float, float] | None = None
        if chosen is not None and has_val:
            gain = validation_gain(task, yv[va], self._point_of(val_model["raw"]), val_base[best_base.name], vw,
                                   frame["case_idx"].to_numpy()[va], seed=self.random_state)
        # rolling origin: the chosen settings (rounds fixed, nothing chosen there) fitted again on the cases
        # before an earlier window of the same size and measured on it; the model is served only when its gain
        # interval lies above 0 on every window (the latest one chose the settings, so its gain is optimistic)
        passes = chosen is not None and gain is not None and np.isfinite(gain[1]) and gain[1] > 0
        origins: list[dict[str, Any]] = []
        if passes and chosen is not None:
            for offset in range(1, self.validation_origins):
                rec = self._earlier_origin(frame, yv, fold, cases, protocol, max_prefix, chosen, offset, rng)
                if rec is None:
                    break
                origins.append(rec)
                if not (np.isfinite(rec["low"]) and rec["low"] > 0):
                    passes = False
                    break
        self.validation_origins_ = origins
        rule = {"windows": 1 + len(origins), "asked": self.validation_origins}
        if passes and chosen is not None and gain is not None:
            served = "model"
            why = {"kind": "beat", "task": task, "baseline": best_base.name, "baseline_score": best_base.score,
                   "model_score": chosen.score, "gain": gain[0], "low": gain[1], "high": gain[2],
                   "earlier": origins, "rule": rule}
        elif origins and chosen is not None and gain is not None and self.fallback:
            served = f"baseline: {best_base.name}"
            why = {"kind": "not_shown_earlier", "task": task, "baseline": best_base.name,
                   "baseline_score": best_base.score, "model_score": chosen.score, "gain": gain[0],
                   "low": gain[1], "high": gain[2], "earlier": origins, "rule": rule}
        elif chosen is not None and not self.fallback:
            served = "model"
            why = {"kind": "fallback_off", "task": task, "baseline": best_base.name,
                   "baseline_score": best_base.score, "model_score": chosen.score}
        elif not has_val:
            served = "model"
            chosen = Candidate("lightgbm", "lightgbm", float("nan"), tuple(self.groups()), self._params())
            why = {"kind": "untested", "task": task}
        else:
            served = f"baseline: {best_base.name}"
            why = {"kind": "no_beat", "task": task, "baseline": best_base.name, "baseline_score": best_base.score,
                   "model_score": chosen.score if chosen else float("nan")}
            if gain is not None:
                why.update(gain=gain[0], low=gain[1], high=gain[2])
                if gain[0] > 0:
                    why["kind"] = "not_shown"  # better on average, but the interval reaches 0 or below
        why.setdefault("rule", rule)
        self.validation_gain_ = gain
        reason = served_reason(why)
        # ---- calibration on the validation window (inner fits)
        if has_val:
            if served == "model":
                raw_val = val_model["raw"]
            else:
                raw_val = self._baseline_raw(base_models[best_base.name], frame.iloc[va])
            cal = self._calibrate(raw_val, yv[va], vw, frame["prefix_length"].to_numpy()[va])
        else:
            cal = self._calibrate(None, None, None, None)
        # ---- final fits on all training prefixes
        finals = make_baselines(task)  # type: ignore[arg-type]
        for m in finals.values():
            m.fit(frame.iloc[tr], yv[tr], w_tr, classes=getattr(self, "classes_", None))
        stack = ContextModel(task, "ngram", "median" if task == "regression" else "mode").fit(  # type: ignore[arg-type]
            frame.iloc[tr], yv[tr], w_tr, classes=getattr(self, "classes_", None))
        state: dict[str, Any] = {"served": served, "reason": reason, "why": why, "baselines": finals, "stack": stack,
                                 "best_baseline": best_base.name, "candidates": candidates, "calibration": cal,
                                 "chosen": chosen, "model": None}
        te, _w = evaluation_rows(frame, fold.test_cases, protocol, max_prefix)
        if served == "model" and chosen is not None:
            feats = [f for g in chosen.groups for f in self._group_features(g)]
            self._final_fit(state, frame, tr, w_tr, yv, feats, chosen, rng)
        self._install(state)
        # ---- test predictions (served and every baseline)
        out = self.predict_rows(frame.iloc[te])
        base_te = {n: m.predict(frame.iloc[te]) for n, m in finals.items()}
        y_te = y_raw[te].astype(np.int64) if task == "multiclass" else yv[te]  # rare classes count as misses
        res = {"rows": te, "pred": out, "baselines": base_te, "served": served, "train_rows": tr,
               "n_val": len(va), "y": y_te}
        if task == "multiclass":  # the held-out prefix oracle: learnt on the training prefixes only
            res["oracle_pred"], res["oracle_seen"] = heldout_oracle(frame.iloc[tr], yv[tr], w_tr, frame.iloc[te],
                                                                    classes=self.classes_)
        return res

    def _final_fit(self, state: dict[str, Any], frame: pd.DataFrame, tr: np.ndarray, w_tr: np.ndarray,
                   yv: np.ndarray, feats: list[str], chosen: Candidate, rng: np.random.Generator) -> None:
        """The chosen settings fitted again on all training prefixes (sampled down to the row cap)."""
        cap = self._row_cap(self.max_train_rows, MULTICLASS_CELLS)
        rows = tr if len(tr) <= cap else np.sort(rng.choice(tr, cap, replace=False))
        w = w_tr[np.searchsorted(tr, rows)]
        X = self._matrix(frame, rows, stack_from=(frame, tr, yv, w_tr), fit_categories=True)
        rounds = max(20, round((chosen.rounds or self.n_estimators) * 1.15))
        state["model"] = self._fit_lgbm(X[feats], yv[rows], w, None, None, None, chosen.params, rounds)
        self.n_final_rows_ = len(rows)
        state["features"] = feats
        state["categories"] = self.categories_

    def _earlier_origin(self, frame: pd.DataFrame, yv: np.ndarray, fold: Fold, cases: pd.DataFrame,
                        protocol: Protocol, max_prefix: int, chosen: Candidate, offset: int,
                        rng: np.random.Generator) -> dict[str, Any] | None:
        """The chosen candidate's gain over the best baseline on an earlier validation window (rolling origin):
        its feature groups, settings and rounds fitted on the cases before that window, nothing chosen there.
        None when the window cannot be formed (too few cases)."""
        task = self.task_
        inner = inner_fold(fold, cases, protocol.validation_size, protocol.order, offset=offset)
        if inner is None:
            return None
        itr, iw = training_rows(frame, inner)
        va, vw = evaluation_rows(frame, inner.test_cases, protocol, max_prefix, fold=fold)
        keep = _sample_cases(frame["case_idx"].to_numpy()[va], self.max_validation_rows, rng)
        va, vw = va[keep], vw[keep]
        if len(itr) < 50 or len(va) < 30 or (task == "binary" and len(np.unique(yv[va])) < 2):
            return None
        classes = getattr(self, "classes_", None)
        base_pred: dict[str, np.ndarray] = {}
        scores: dict[str, float] = {}
        for name, m in make_baselines(task).items():  # type: ignore[arg-type]
            m.fit(frame.iloc[itr], yv[itr], iw, classes=classes)
            base_pred[name] = m.predict(frame.iloc[va])
            scores[name] = score(task, yv[va], base_pred[name], vw)
        best = max(scores, key=lambda n: _nan_low(scores[n]))
        # a check, not a search: a seeded sample of EARLIER_ROW_SHARE of the search cap, the rounds the latest
        # window's early stopping found, no early stopping here (it keeps the training time bounded, #16)
        cap = max(1_000, int(self._row_cap(self.max_search_rows, MULTICLASS_CELLS) * EARLIER_ROW_SHARE))
        sub = itr if len(itr) <= cap else np.sort(
            np.random.default_rng(self.random_state + offset).choice(itr, cap, replace=False))
        sw = iw[np.searchsorted(itr, sub)]
        saved = getattr(self, "categories_", None)
        src = (frame, itr, yv, iw)
        Xtr = self._matrix(frame, sub, stack_from=src, fit_categories=True)
        Xva = self._matrix(frame, va, stack_from=src)
        feats = [f for g in chosen.groups for f in self._group_features(g)]
        rounds = max(20, chosen.rounds or self.n_estimators)
        pipe = self._fit_lgbm(Xtr[feats], yv[sub], sw, None, None, None, chosen.params, rounds)
        raw = self._raw_of(pipe, Xva[feats])
        self.categories_ = saved
        g = validation_gain(task, yv[va], self._point_of(raw), base_pred[best], vw,
                            frame["case_idx"].to_numpy()[va], seed=self.random_state)
        return {"cut": str(inner.cut), "n_cases": len(inner.test_cases), "n_prefixes": len(va), "baseline": best,
                "baseline_score": scores[best], "gain": g[0], "low": g[1], "high": g[2],
                "n_train_rows": len(sub), "n_train_prefixes": len(itr), "rounds": int(rounds)}

    def _install(self, state: dict[str, Any]) -> None:
        """Make one fold's fitted parts the predictor's (the last fold's stay: they are the deployed ones)."""
        self.served_ = state["served"]
        self.served_reason_ = state["reason"]
        self.served_why_ = state["why"]
        self.baselines_ = state["baselines"]
        self.stack_ = state["stack"]
        self.best_baseline_ = state["best_baseline"]
        self.candidates_ = state["candidates"]
        chosen = state["chosen"]
        self.groups_ = tuple(chosen.groups) if chosen is not None else ()
        self.params_ = dict(chosen.params) if chosen is not None else {}
        self.model_ = state["model"]
        self.features_ = state.get("features") or [f for g in ("process",) for f in self._group_features(g)]
        cal = state["calibration"]
        self.temperature_ = cal.get("temperature", 1.0)
        self.calibrator_ = cal.get("platt")
        self.conformal_ = cal.get("conformal", MondrianConformal(alpha=self.alpha))
        self.flag_threshold_ = cal.get("threshold")
        if self.model_ is not None:
            from sagsflow.predict.explain import path_table

            self.model_[-1].sf_path_table_ = path_table(self.model_[-1].booster_)  # made once: scoring explains fast

    # ------------------------------------------------------------------ the search
    def _params(self, **over: Any) -> dict[str, Any]:
        return {"num_leaves": self.num_leaves, "learning_rate": self.learning_rate, **over}

    def _group_features(self, group: str) -> list[str]:
        return self.groups().get(group, [])

    def _row_cap(self, cap: int, cells: int) -> int:
        """``cap`` training rows, fewer for next activity with many classes (``cells`` rows x classes)."""
        if self.task_ == "multiclass":
            return max(1_000, min(cap, cells // max(len(getattr(self, "classes_", ())), 1)))
        return cap

    def _search_mode(self, n_rows: int) -> str:
        if self.search != "auto":
            return self.search
        if self.task_ == "multiclass" and len(getattr(self, "classes_", ())) > 10:
            return "full" if n_rows <= 60_000 else "quick"
        return "full" if n_rows <= 150_000 else "quick"

    def _search(self, frame: pd.DataFrame, yv: np.ndarray, itr: np.ndarray, iw: np.ndarray, va: np.ndarray,
                vw: np.ndarray, candidates: list[Candidate], best_base: Candidate,
                rng: np.random.Generator) -> tuple[Candidate | None, dict[str, Any]]:
        task = self.task_
        mode = self._search_mode(len(itr))
        cap = self._row_cap(self.max_search_rows, MULTICLASS_CELLS)
        sub = itr if len(itr) <= cap else np.sort(rng.choice(itr, cap, replace=False))
        sw = iw[np.searchsorted(itr, sub)]
        stack_src = (frame, itr, yv, iw)
        Xtr = self._matrix(frame, sub, stack_from=stack_src, fit_categories=True)
        Xva = self._matrix(frame, va, stack_from=stack_src)  # the validation window (already sampled by case)
        self.search_mode_ = mode
        # ---- leakage: attributes that alone predict the validation target almost perfectly
        groups = self.groups()
        if "attributes" in groups:
            found = single_feature_check(task, {f: self.spec_.attribute_features[f] for f in groups["attributes"]},
                                         Xtr.assign(prefix_length=frame["prefix_length"].to_numpy()[sub]), yv[sub],
                                         sw, Xva.assign(prefix_length=frame["prefix_length"].to_numpy()[va]),
                                         yv[va], vw, best_base.score)
            if found and self.leakage == "error":
                from sagsflow.predict.leakage import LeakageError

                f = found[0]
                raise LeakageError(
                    f"the attribute {f.attribute!r} alone predicts the target almost perfectly on the validation "
                    f"cases ({f.metric} {f.score:.3f} against {f.baseline_score:.3f} for the best baseline): it "
                    "probably carries the answer.", hint=f"Remove {f.attribute!r} from the policy.",
                    field=f.attribute)
            self.leakage_ = found
            if found:
                warnings.warn("features left out by the leakage guard: " + ", ".join(x.attribute for x in found),
                              stacklevel=3)
            groups = self.groups()

        def fit_eval(gs: tuple[str, ...], params: dict[str, Any]) -> tuple[Candidate, Pipeline, np.ndarray]:
            feats = [f for g in gs for f in groups.get(g, [])]
            pipe = self._fit_lgbm(Xtr[feats], yv[sub], sw, Xva[feats], yv[va], vw, params, self.n_estimators)
            raw = self._raw_of(pipe, Xva[feats])
            pred = self._point(self._proba_raw(raw, temperature=1.0, platt=None) if task != "regression" else raw)
            rounds = int(pipe[-1].best_iteration_ or pipe[-1].n_estimators_)
            name = "lightgbm[" + "+".join(gs) + (f", {params['num_leaves']} leaves" if params["num_leaves"]
                                                  != self.num_leaves else "") + "]"
            c = Candidate(name, "lightgbm", score(task, yv[va], pred, vw), gs, dict(params), rounds)
            candidates.append(c)
            return c, pipe, raw

        extra = [g for g in ("workload", "calendar", "attributes") if g in groups]
        if mode == "none":
            best = fit_eval(("process", *extra), self._params())
        else:
            best = fit_eval(("process",), self._params())
            if mode == "quick" and extra:
                alt = fit_eval(("process", *extra), self._params())
                best = alt if _nan_low(alt[0].score) > _nan_low(best[0].score) + _tolerance(task, best[0]) else best
            elif mode == "full":
                for g in extra:
                    alt = fit_eval((*best[0].groups, g), self._params())
                    if _nan_low(alt[0].score) > _nan_low(best[0].score) + _tolerance(task, best[0]):
                        best = alt
                for leaves in (15, 63):
                    alt = fit_eval(best[0].groups, self._params(num_leaves=leaves))
                    if _nan_low(alt[0].score) > _nan_low(best[0].score) + _tolerance(task, best[0]):
                        best = alt
        return best[0], {"raw": best[2]}

    # ------------------------------------------------------------------ matrices and LightGBM
    def _stack(self, rows_frame: pd.DataFrame, model: ContextModel) -> pd.DataFrame:
        task = self.task_
        out = pd.DataFrame(index=rows_frame.index)
        sup, _lvl = model.support(rows_frame)
        if task == "multiclass":
            p = model.predict_proba(rows_frame)
            top = p.argmax(axis=1)
            out["seq_top"] = pd.Categorical(model.classes_[top], categories=list(self.classes_))
            out["seq_p"] = p[np.arange(len(p)), top]
            end = np.flatnonzero(model.classes_ == END_CODE)
            out["seq_p_end"] = p[:, end[0]] if len(end) else 0.0
        elif task == "regression":
            out["seq_median"] = model.predict(rows_frame)
        else:
            out["seq_rate"] = model.predict_proba(rows_frame)
        out["seq_support"] = np.log1p(sup)
        return out

    def _stack_oof(self, frame: pd.DataFrame, rows: np.ndarray, src: tuple[Any, ...]) -> pd.DataFrame:
        """Sequence features for ``rows``: out-of-fold (4 groups of cases) for rows that are training rows of
        ``src``, from a model of all of ``src`` for the others."""
        sframe, srows, yv, sw = src
        task = self.task_
        stat = "median" if task == "regression" else "mode"
        cls = getattr(self, "classes_", None)
        inside = np.isin(rows, srows)
        parts = []
        if (~inside).any():
            full = ContextModel(task, "ngram", stat).fit(sframe.iloc[srows], yv[srows], sw, classes=cls)  # type: ignore[arg-type]
            parts.append(self._stack(frame.iloc[rows[~inside]], full))
        if inside.any():
            case = frame["case_idx"].to_numpy().astype(np.uint64)
            with np.errstate(over="ignore"):
                grp = ((case * np.uint64(2654435761) + np.uint64(self.random_state)) >> np.uint64(7)) % np.uint64(4)
            grp = grp.astype(np.int64)
            for g in range(4):
                fit_rows = srows[grp[srows] != g]
                pred_rows = rows[inside & (grp[rows] == g)]
                if len(pred_rows) == 0:
                    continue
                m = ContextModel(task, "ngram", stat).fit(  # type: ignore[arg-type]
                    sframe.iloc[fit_rows], yv[fit_rows], sw[np.searchsorted(srows, fit_rows)], classes=cls)
                parts.append(self._stack(frame.iloc[pred_rows], m))
        return pd.concat(parts).loc[frame.index[rows]] if parts else pd.DataFrame(index=frame.index[rows])

    def _matrix(self, frame: pd.DataFrame, rows: np.ndarray, *, stack_from: tuple[Any, ...] | None = None,
                stack_model: ContextModel | None = None, fit_categories: bool = False) -> pd.DataFrame:
        sub = frame.iloc[rows]
        if fit_categories:
            _, self.categories_ = to_model_frame(sub, self.spec_)
        X, _ = to_model_frame(sub, self.spec_, self.categories_)
        if self.target_.kind == "deadline":
            for c in _DEADLINE_FEATURES:
                X[c] = sub[c].astype("float64").to_numpy() if c in sub else np.nan
        if stack_model is not None:
            st = self._stack(sub, stack_model)
        else:
            if stack_from is None:
                raise InvalidParameterError("the sequence features need a model or the rows to learn it from.")
            st = self._stack_oof(frame, rows, stack_from)
        for c in st.columns:
            X[c] = st[c].to_numpy() if not isinstance(st[c].dtype, pd.CategoricalDtype) else st[c].values
        return X

    def _fit_lgbm(self, X: pd.DataFrame, y: np.ndarray, w: np.ndarray, Xv: pd.DataFrame | None,
                  yv: np.ndarray | None, wv: np.ndarray | None, params: dict[str, Any], rounds: int) -> Pipeline:
        task = self.task_
        base: dict[str, Any] = dict(n_estimators=rounds, learning_rate=params.get("learning_rate", self.learning_rate),
                                    num_leaves=params.get("num_leaves", self.num_leaves), min_child_samples=20,
                                    subsample=0.8, subsample_freq=1, colsample_bytree=0.8,
                                    random_state=self.random_state, verbose=-1, n_jobs=2, max_bin=127)
        base["metric"] = {"regression": "l1", "multiclass": "multi_error", "binary": "auc"}[task]
        if task == "regression":
            est: Any = lgb.LGBMRegressor(objective="l1", **base)
        elif task == "multiclass":
            base["max_bin"] = 63
            base["min_child_weight"] = 1.0  # keeps leaf values of rare classes from exploding
            est = lgb.LGBMClassifier(objective="multiclass", **base)
        else:
            est = lgb.LGBMClassifier(objective="binary", **base)
        pipe = Pipeline([("features", ColumnSelector(list(X.columns))), ("lgbm", est)])
        yy = y
        if task != "regression" and len(np.unique(yy)) < 2:
            yy = yy.copy()
            yy[0] = 1 - yy[0] if task == "binary" else OTHER  # degenerate: keep LightGBM happy
        fit: dict[str, Any] = {"lgbm__sample_weight": w}
        if Xv is not None and yv is not None and len(yv):
            keep = np.isin(yv, yy) if task == "multiclass" else np.ones(len(yv), dtype=bool)
            fit["lgbm__eval_set"] = [(Xv[keep], yv[keep])]
            fit["lgbm__eval_sample_weight"] = [wv[keep] if wv is not None else None]
            fit["lgbm__callbacks"] = [lgb.early_stopping(self.early_stopping_rounds, first_metric_only=True,
                                                         verbose=False)]
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*'eval_set' is deprecated")
            warnings.filterwarnings("ignore", message=".*evaluation metric.*")
            pipe.fit(X, yy, **fit)
        return pipe

    def _raw_of(self, pipe: Pipeline, X: pd.DataFrame) -> np.ndarray:
        lg = pipe[-1]
        Xf = pipe[:-1].transform(X)
        if self.task_ == "regression":
            return np.asarray(lg.predict(Xf))
        raw = np.asarray(lg.predict(Xf, raw_score=True))
        if self.task_ == "multiclass":  # logits in the order of self.classes_ (a class LightGBM never saw: -inf)
            full = np.full((len(X), len(self.classes_)), -30.0)
            full[:, np.searchsorted(self.classes_, np.asarray(lg.classes_))] = raw.reshape(len(X), -1)
            return full
        return raw.reshape(-1)

    # ------------------------------------------------------------------ calibration
    def _baseline_raw(self, m: ContextModel, rows: pd.DataFrame) -> np.ndarray:
        if self.task_ == "regression":
            return m.predict(rows)
        p = m.predict_proba(rows)
        if self.task_ == "binary":
            p = np.clip(p, 1e-6, 1 - 1e-6)
            return np.log(p / (1 - p))
        full = np.full((len(rows), len(self.classes_)), 1e-9)
        full[:, np.searchsorted(self.classes_, m.classes_)] = p
        return np.log(np.clip(full, 1e-9, 1.0))

    def _calibrate(self, raw: np.ndarray | None, y: np.ndarray | None, w: np.ndarray | None,
                   length: np.ndarray | None) -> dict[str, Any]:
        """Calibration learnt on the validation window's predictions (inner fits): temperature (next activity),
        Platt scaling (binary), conformal quantiles per prefix length (remaining time) and the operating
        threshold."""
        task = self.task_
        out: dict[str, Any] = {}
        if raw is None or y is None or w is None or length is None or len(y) == 0:
            if task == "regression":
                out["conformal"] = MondrianConformal(alpha=self.alpha)
            return out
        if task == "regression":
            resid = np.abs(y - np.maximum(raw, 0.0))
            out["conformal"] = MondrianConformal.fit(resid, length, alpha=self.alpha, w=w, min_size=MIN_BUCKET)
            scores = np.maximum(raw, 0.0)
        elif task == "binary":
            if len(np.unique(y)) == 2:
                out["platt"] = LogisticRegression(C=1e6).fit(raw.reshape(-1, 1), y.astype(int), sample_weight=w)
            scores = self._proba_raw(raw, platt=out.get("platt"))
        else:
            pos = np.searchsorted(self.classes_, y).clip(0, len(self.classes_) - 1)
            keep = self.classes_[pos] == y
            z, idx, ww = raw[keep], pos[keep], w[keep]

            def nll(logt: float) -> float:
                s = z / np.exp(logt)
                s = s - s.max(axis=1, keepdims=True)
                lp = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
                return float(-(lp[np.arange(len(idx)), idx] * ww).sum() / max(ww.sum(), 1e-9))

            out["temperature"] = float(np.exp(minimize_scalar(nll, bounds=(-3, 3), method="bounded").x)) \
                if len(idx) else 1.0
            return out
        if self.flag_share is not None:
            out["threshold"] = float(_weighted_quantile(scores, 1 - self.flag_share, w))
        else:
            out["threshold"] = float(self.high_risk) if task == "binary" else float(np.quantile(scores, 0.9))
        return out

    def _proba_raw(self, raw: np.ndarray, *, temperature: float | None = None, platt: Any = None) -> np.ndarray:
        if self.task_ == "binary":
            raw = raw.reshape(-1)
            cal = platt if platt is not None else None
            if cal is not None:
                return cal.predict_proba(raw.reshape(-1, 1))[:, 1]
            return 1.0 / (1.0 + np.exp(-raw))
        t = self.temperature_ if temperature is None else temperature
        s = raw / t
        s = s - s.max(axis=1, keepdims=True)
        e = np.exp(s)
        return e / e.sum(axis=1, keepdims=True)

    def _point_of(self, raw: np.ndarray) -> np.ndarray:
        """Point predictions from raw model outputs: class codes, days, or uncalibrated probabilities."""
        if self.task_ == "regression":
            return raw
        return self._point(self._proba_raw(raw, temperature=1.0, platt=None))

    def _point(self, p: np.ndarray) -> np.ndarray:
        if self.task_ == "multiclass":
            return self.classes_[p.argmax(axis=1)]
        return p

    def _interval(self, pred: np.ndarray, length: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        cal = self.conformal_
        if not isinstance(cal, MondrianConformal):  # a model saved before the buckets: per exact length
            cal = MondrianConformal.from_dict(dict(cal or {}))
        return cal.interval(pred, length)

    # ------------------------------------------------------------------ evaluation
    def _evaluate(self, frame: pd.DataFrame, outputs: list[dict[str, Any]], protocol: Protocol,
                  summaries: list[dict[str, Any]]) -> None:
        task = self.task_
        rows = np.concatenate([o["rows"] for o in outputs])
        y = np.concatenate([o["y"] for o in outputs])
        preds = pd.concat([o["pred"] for o in outputs], ignore_index=True)
        names = list(outputs[-1]["baselines"])
        base = {n: np.concatenate([o["baselines"][n] for o in outputs]) for n in names}
        length = frame["prefix_length"].to_numpy()[rows]
        case = frame["case_idx"].to_numpy()[rows]
        served = outputs[-1]["served"]
        served_name = "model" if served == "model" else served.split(": ", 1)[1] + " (baseline)"
        tp = pd.DataFrame({"case_idx": case, "prefix_length": length, "y": y,
                           "case_days": ((frame["case_end"] - frame["case_start"]).dt.total_seconds()
                                         / 86400.0).to_numpy()[rows]})
        kw: dict[str, Any] = {}
        if task == "regression":
            pred = preds["prediction"].to_numpy(dtype=float)
            kw = {"low": preds["low"].to_numpy(float), "high": preds["high"].to_numpy(float),
                  "nominal": 1 - self.alpha}
            tp["pred"], tp["low"], tp["high"] = pred, kw["low"], kw["high"]
            tp["flag"] = preds["flag"].to_numpy(bool)
            tp["actual_flag"] = y >= self.flag_threshold_ if self.flag_threshold_ is not None else False
        elif task == "multiclass":
            pred = preds["code"].to_numpy(np.int64)
            kw = {"proba": np.vstack(preds["proba"].to_numpy()), "classes": self.classes_,
                  "context": frame["ctx_0"].to_numpy()[rows],
                  "oracle_pred": np.concatenate([o["oracle_pred"] for o in outputs]),
                  "oracle_seen": np.concatenate([o["oracle_seen"] for o in outputs])}
            tp["pred"], tp["p"] = pred, preds["probability"].to_numpy(float)
        else:
            pred = preds["prediction"].to_numpy(dtype=float)
            tp["pred"], tp["p"] = (pred >= 0.5).astype(int), pred
            tp["flag"] = preds["flag"].to_numpy(bool)
            tp["actual_flag"] = y == 1
        self.evaluation_ = evaluate_predictions(task, y, pred, length, case, base, served_name=served_name,
                                                seed=self.random_state, **kw)
        self.evaluation_.protocol = protocol.to_text()
        self.evaluation_.folds = summaries
        self.test_predictions_ = tp

    def _end_activities(self, frame: pd.DataFrame) -> list[str]:
        """Activities that end at least half of the cases they occur in as last activity (open-case test)."""
        last = frame[frame["prefix_length"] == frame["case_length"]]["last_activity"].value_counts()
        allx = frame["last_activity"].value_counts()
        share = (last / allx.reindex(last.index)).fillna(0)
        return [self.spec_.vocabulary[int(a)] for a in share[share >= 0.5].index if int(a) >= 0]

    # ------------------------------------------------------------------ prediction
    def predict_rows(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The served predictor's raw outputs for encoded prefixes: ``prediction`` (days / probability),
        ``code`` and ``proba`` (next activity), ``probability``, ``low``/``high`` and ``flag``."""
        task = self.task_
        out = pd.DataFrame(index=range(len(frame)))
        if len(frame) == 0:
            return out
        length = frame["prefix_length"].to_numpy()
        if self.model_ is not None:
            X = self._matrix(frame, np.arange(len(frame)), stack_model=self.stack_)
            raw = self._raw_of(self.model_, X[self.features_])
        else:
            raw = self._baseline_raw(self.baselines_[self.best_baseline_], frame)
        if task == "regression":
            pred = np.maximum(raw, 0.0)
            low, high = self._interval(pred, length)
            out["prediction"], out["low"], out["high"] = pred, low, high
            thr = self.flag_threshold_ if self.flag_threshold_ is not None else np.inf
            out["flag"] = pred >= thr
        elif task == "multiclass":
            proba = self._proba_raw(raw)
            top = proba.argmax(axis=1)
            out["code"] = self.classes_[top]
            out["probability"] = proba[np.arange(len(proba)), top]
            out["proba"] = list(proba)
        else:
            p = self._proba_raw(raw, platt=self.calibrator_)
            out["prediction"] = p
            thr = self.flag_threshold_ if self.flag_threshold_ is not None else self.high_risk
            out["flag"] = p >= thr
        return out

    def predict_frame(self, frame: pd.DataFrame, *, explain: bool = True, n_reasons: int = 3,
                      explain_top: int | None = None, contributions: str = "path", top_k: int = 3) -> pd.DataFrame:
        """Predictions for encoded prefixes (rows of :func:`encode_prefixes`), with reasons.

        Columns: ``case_idx``, ``prediction`` (days, activity label, or probability), ``low``/``high``
        (remaining time), ``probability`` and ``alternatives`` (next activity: the ``top_k`` most likely
        next activities with their probabilities), ``flag`` (at the operating point) and, with ``explain``,
        ``reasons_da``/``reasons_en`` (the top ``n_reasons`` contributions in words, in terms of the case's
        process). ``explain_top`` explains only that many rows, those with the highest risk / longest
        remaining time / least sure next activity; the others get "". ``contributions``: ``"path"``
        (default; path contributions, see :mod:`sagsflow.predict.explain`) or ``"shap"`` (LightGBM's
        TreeSHAP, exact Shapley values, about 20 times slower).
        """
        if contributions not in ("path", "shap"):
            raise InvalidParameterError(
                f"The 'contributions' parameter must be 'path' or 'shap'. Got {contributions!r} instead.",
                field="contributions")
        self._check_fitted()
        from sagsflow.predict.explain import baseline_reasons, reasons

        task = self.task_
        out = pd.DataFrame({"case_idx": frame["case_idx"].to_numpy()})
        if len(frame) == 0:  # the same columns, no rows
            by_task: dict[str, dict[str, type]] = {
                "regression": {"prediction": float, "low": float, "high": float, "flag": bool},
                "multiclass": {"prediction": object, "probability": float, "alternatives": object},
                "binary": {"prediction": float, "flag": bool}}
            cols = by_task[task]
            if explain:
                cols = {**cols, "reasons_da": object, "reasons_en": object}
            for c, t in cols.items():
                out[c] = pd.Series(dtype=t)
            return out
        r = self.predict_rows(frame.reset_index(drop=True))
        if task == "multiclass":
            out["prediction"] = [self.class_label(int(c)) for c in r["code"]]
            out["probability"] = r["probability"].to_numpy()
            proba = np.vstack(r["proba"].to_numpy())
            order = np.argsort(-proba, axis=1)[:, :top_k]
            out["alternatives"] = [[{"activity": self.class_label(int(self.classes_[j])),
                                     "probability": float(proba[i, j])} for j in row]
                                   for i, row in enumerate(order)]
        else:
            for c in [c for c in ("prediction", "low", "high", "flag") if c in r.columns]:
                out[c] = r[c].to_numpy()
        if explain:
            rows = np.arange(len(frame))
            if explain_top is not None and explain_top < len(frame):
                prio = -out["probability"].to_numpy() if task == "multiclass" else out["prediction"].to_numpy(float)
                rows = np.sort(np.argsort(-prio, kind="stable")[:explain_top])
            sub = frame.iloc[rows].reset_index(drop=True)
            if self.model_ is not None:
                X = self._matrix(sub, np.arange(len(sub)), stack_model=self.stack_)[self.features_]
                codes = r["code"].to_numpy()[rows] if task == "multiclass" else None
                contrib = self._path_contrib(X, codes) if contributions == "path" else self._shap(X, codes)
                da, en = reasons(self, X, contrib, n=n_reasons, frame=sub)
            else:
                da, en = baseline_reasons(self, sub)
            out["reasons_da"], out["reasons_en"] = "", ""
            out.loc[out.index[rows], "reasons_da"] = da
            out.loc[out.index[rows], "reasons_en"] = en
        return out

    def _path_contrib(self, X: pd.DataFrame, codes: np.ndarray | None) -> np.ndarray:
        """Path contributions (rows, features); ``codes``: the predicted class of each row (multiclass), whose
        trees alone explain it."""
        from sagsflow.predict.explain import path_contributions

        assert self.model_ is not None
        lg = self.model_[-1]
        Xf = self.model_[:-1].transform(X)
        if codes is None:
            return path_contributions(lg, Xf)
        known = np.asarray(lg.classes_)
        pos = np.searchsorted(known, codes).clip(0, len(known) - 1)
        tree_class = np.where(known[pos] == codes, pos, -1)
        return path_contributions(lg, Xf, tree_class=tree_class, n_classes=len(known))

    def _shap(self, X: pd.DataFrame, codes: np.ndarray | None) -> np.ndarray:
        assert self.model_ is not None
        lg = self.model_[-1]
        contrib = np.asarray(lg.predict(self.model_[:-1].transform(X), pred_contrib=True))
        n_f = X.shape[1] + 1
        if codes is not None:
            known = np.asarray(lg.classes_)
            pos = np.searchsorted(known, codes).clip(0, len(known) - 1)
            contrib = contrib.reshape(len(X), -1, n_f)[np.arange(len(X)), pos]
        return contrib[:, :-1]

    def predict(self, log: EventLog, *, as_of: datetime | None = None) -> pd.DataFrame:
        """Predictions for the current state (last prefix) of every case of ``log`` (see :func:`score_cases`
        for open cases only)."""
        self._check_fitted()
        frame = encode_prefixes(log, self.spec_, as_of=as_of, only_last=True)
        return self.predict_frame(frame)

    def class_label(self, code: int) -> str:
        """The activity label of a next-activity class code."""
        if code == END_CODE:
            return END
        if code == OTHER:
            return "(other)"
        return self.spec_.vocabulary[code] if 0 <= code < len(self.spec_.vocabulary) else "(unknown)"


# ------------------------------------------------------------------------------------------- helpers
def _nan_low(v: float) -> float:
    return v if np.isfinite(v) else -np.inf


def _tolerance(task: str, ref: Candidate) -> float:
    """How much better a richer candidate must be on validation to be preferred (simpler wins ties)."""
    if task == "regression":
        return 0.005 * abs(ref.score) if np.isfinite(ref.score) else 0.0
    return 0.002


def _show(task: str, s: float) -> str:
    from sagsflow.i18n import _

    if not np.isfinite(s):
        return "–"
    value = format(-s if task == "regression" else s, ".2f" if task == "regression" else ".3f")
    if task == "regression":
        return _("MAE {value} days", value=value)
    if task == "multiclass":
        return _("accuracy {value}", value=value)
    return _("AUC {value}", value=value)


def _show_gain(task: str, g: float) -> str:
    """A gain over the baseline: accuracy and AUC in points (hundredths), remaining time in days."""
    if not np.isfinite(g):
        return "–"
    return f"{g:+.2f}" if task == "regression" else f"{100 * g:+.1f}"


def validation_gain(task: str, y: np.ndarray, model: np.ndarray, baseline: np.ndarray, w: np.ndarray,
                    case_idx: np.ndarray, *, seed: int = 0) -> tuple[float, float, float]:
    """The model's gain over a baseline on weighted prefixes, with a 95 % bootstrap interval over cases.

    Accuracy (next activity) and AUC (outcome): the model's minus the baseline's; remaining time: the
    baseline's MAE minus the model's (days). A gain is an improvement whatever the task.

    Examples
    --------
    >>> y = np.array([1, 2, 1, 2, 1, 2, 1, 2])
    >>> g, low, high = validation_gain("multiclass", y, y, np.ones(8, dtype=int), np.ones(8), np.arange(8))
    >>> g, low > 0
    (0.5, True)
    """
    from sagsflow.predict.evaluate import N_BOOTSTRAP, case_bootstrap, weighted_auc

    if task == "binary":
        yi = y.astype(int)

        def stat(b: np.ndarray) -> float:
            return weighted_auc(yi, model, w * b) - weighted_auc(yi, baseline, w * b)

        return (stat(np.ones(len(y))), *case_bootstrap(case_idx, stat, n_boot=N_BOOTSTRAP // 2, seed=seed))
    if task == "multiclass":
        d = (y == model).astype(float) - (y == baseline).astype(float)
    else:
        d = np.abs(y - baseline) - np.abs(y - model)

    def mean(b: np.ndarray) -> float:
        ww = w * b
        return float((d * ww).sum() / ww.sum()) if ww.sum() > 0 else float("nan")

    return (mean(np.ones(len(y))), *case_bootstrap(case_idx, mean, seed=seed))


def served_reason(why: dict[str, Any]) -> str:
    """Why the served predictor is served, in the current language (``why``: :attr:`ProcessPredictor.served_why_`).

    Examples
    --------
    >>> served_reason({"kind": "no_beat", "task": "multiclass", "baseline": "ngram", "baseline_score": 0.8,
    ...                "model_score": 0.79})
    'no model beat the best baseline on the validation window (ngram: accuracy 0.800; best model: accuracy 0.790)'
    """
    from sagsflow.i18n import _

    task = why.get("task", "multiclass")
    kw = {"baseline": why.get("baseline", ""), "baseline_score": _show(task, why.get("baseline_score", np.nan)),
          "model_score": _show(task, why.get("model_score", np.nan))}
    kind = why.get("kind")
    if "low" in why:
        kw.update(gain=_show_gain(task, why["gain"]), low=_show_gain(task, why["low"]),
                  high=_show_gain(task, why["high"]))
    earlier = list(why.get("earlier") or [])
    if earlier:
        e = earlier[-1]
        kw.update(cut=str(e.get("cut", ""))[:10], gain2=_show_gain(task, e.get("gain", np.nan)),
                  low2=_show_gain(task, e.get("low", np.nan)), high2=_show_gain(task, e.get("high", np.nan)),
                  windows=1 + len(earlier), rows2=f"{int(e.get('n_train_rows', 0)):,}")
    if kind == "beat" and earlier:
        return _("the model beat the best baseline on each of {windows} validation windows (rolling origin): on "
                 "the latest ({baseline}: {baseline_score}; model: {model_score}) gain {gain}, 95 % interval "
                 "{low} to {high}; on the window from {cut}, the chosen settings fitted once with its rounds on a "
                 "sample of {rows2} training prefixes, nothing chosen there, gain {gain2}, 95 % interval {low2} to "
                 "{high2}", **kw)
    if kind == "not_shown_earlier":
        return _("the model beat the best baseline on the latest validation window ({baseline}: "
                 "{baseline_score}; model: {model_score}; gain {gain}, 95 % interval {low} to {high}) but not on "
                 "the earlier window from {cut} (the chosen settings fitted once on a sample of {rows2} training "
                 "prefixes; gain {gain2}, 95 % interval {low2} to {high2}, which reaches 0): the baseline is "
                 "served", **kw)
    if kind == "beat" and "low" in why:
        return _("the model beat the best baseline ({baseline}: {baseline_score}) on the validation window: "
                 "{model_score}; gain {gain}, 95 % interval {low} to {high} (bootstrap over validation cases)",
                 **kw)
    if kind == "beat":
        return _("the model beat the best baseline ({baseline}: {baseline_score}) on the validation window: "
                 "{model_score}", **kw)
    if kind == "not_shown":
        return _("the model was not shown better than the best baseline on the validation window ({baseline}: "
                 "{baseline_score}; model: {model_score}; gain {gain}, 95 % interval {low} to {high}, which "
                 "reaches 0): the baseline is served", **kw)
    if kind == "fallback_off":
        return _("the model is served because the baseline fallback is off (best baseline {baseline}: "
                 "{baseline_score}; model: {model_score} on the validation window)", **kw)
    if kind == "untested":
        return _("no validation window could be formed (too few training cases): the model is served untested")
    return _("no model beat the best baseline on the validation window ({baseline}: {baseline_score}; best model: "
             "{model_score})", **kw)


def _sample_cases(case_idx: np.ndarray, cap: int, rng: np.random.Generator) -> np.ndarray:
    """Positions of ``case_idx`` to keep: every row of randomly drawn whole cases, about ``cap`` rows in all
    (all rows when there are no more than ``cap``).

    Examples
    --------
    >>> keep = _sample_cases(np.repeat(np.arange(100), 3), 30, np.random.default_rng(0))
    >>> len(keep), len(np.unique(np.repeat(np.arange(100), 3)[keep]))
    (30, 10)
    """
    if len(case_idx) <= cap:
        return np.arange(len(case_idx))
    cases, inverse, counts = np.unique(case_idx, return_inverse=True, return_counts=True)
    order = rng.permutation(len(cases))
    n_keep = max(1, int(np.searchsorted(np.cumsum(counts[order]), cap, side="right")))
    chosen = np.zeros(len(cases), dtype=bool)
    chosen[order[:n_keep]] = True
    return np.flatnonzero(chosen[inverse])


def _weighted_quantile(x: np.ndarray, q: float, w: np.ndarray | None = None) -> float:
    if len(x) == 0:
        return float("inf")
    w = np.ones(len(x)) if w is None else w
    order = np.argsort(x, kind="stable")
    cw = np.cumsum(w[order])
    at = np.searchsorted(cw, q * cw[-1], side="left")
    return float(x[order][min(at, len(x) - 1)])


def _conformal_q(resid: np.ndarray, alpha: float, w: np.ndarray | None = None) -> float:
    """Split-conformal quantile (see :func:`sagsflow.predict.conformal.conformal_quantile`)."""
    return conformal_quantile(resid, alpha, w)
