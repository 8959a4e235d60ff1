"""Evaluation protocols as values: which cases test a model, which events and labels may train it.

A :class:`Protocol` is a small immutable value (``to_dict``/``from_dict``, a text form for the CLI and the
API) that says how a log is split into training and test cases:

- ``share``: the last ``test_size`` of the cases, ordered by their start (``order="start"``) or by their
  place in the source file (``order="file"``), are the test cases;
- ``date``: the cases that started at or after ``cut`` (and before ``until``) are the test cases;
- ``rolling``: rolling origin, the way a municipality retrains every month: the last ``test_size`` of the
  cases are cut into ``n_folds`` consecutive windows; each window is tested by a model trained on what was
  known when that window began;
- ``cases``: these cases (by case id) are the test cases.

**Strict** protocols (the product's default) train only on what was known at the cut ``T`` (the start of the
first test case, or the date): events at or after ``T`` never train, and a label (the next activity, the
remaining time, the outcome) trains only if it was known before ``T``. Cases still open at ``T`` are not
dropped: their prefixes whose label was already known train, and the censoring of the others is corrected by
*inverse probability of censoring weighting* (IPCW): a label that took ``d`` days to become known could only
be seen for prefixes at least ``d`` days before ``T``, so every seen label is weighted by one over the share of
training prefixes that lay that far before ``T`` (see :func:`training_rows`). Without the correction, the last
weeks before ``T`` hold only short cases, and a model that knows the date learns that cases are about to end.

The field's published protocols are available by name (:meth:`Protocol.named`):

- ``"tax2017"`` (Tax, Verenich, La Rosa, Dumas 2017, next activity and remaining time): the first two thirds
  of the cases in file order train (complete, not cut), every prefix of length 2 or more of the last third
  whose case continues is predicted;
- ``"teinemaa2019"`` (Teinemaa, Dumas, La Rosa, Maggi 2019, outcome): cases ordered by start, the first 80 %
  train (complete, not cut), prefixes of length 1 up to min(40, the 90 % quantile of the positive cases'
  length) of the last 20 % are predicted;
- ``"sagsflow"``: the product's own, strict: cases by start, the last 20 % test, cut at ``T``.

Examples
--------
>>> Protocol.parse("tax2017").test_size
0.3333333333333333
>>> Protocol.parse("share:0.25").to_text()
'share:0.25'
>>> Protocol.parse("date:2012-01-01").cut.isoformat()
'2012-01-01T00:00:00+00:00'
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, Literal

import numpy as np
import pandas as pd

from sagsflow.errors import InvalidParameterError

Kind = Literal["share", "date", "rolling", "cases"]
_KINDS = ("share", "date", "rolling", "cases")
#: the smallest share of training prefixes a weight may assume (weights are at most 1 / this)
MIN_CENSORING_SHARE = 0.05
DAY = pd.Timedelta(days=1)


def _instant(value: object) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError as exc:
            raise InvalidParameterError(f"a protocol date is an ISO date or date-time. Got {value!r} instead.",
                                        field="protocol") from exc
    if not isinstance(value, datetime):
        raise InvalidParameterError(f"a protocol date is an ISO date or date-time. Got {value!r} instead.",
                                    field="protocol")
    return value if value.tzinfo else value.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Protocol:
    """How a log is split into training and test cases (see the module docstring).

    Parameters
    ----------
    kind : {"share", "date", "rolling", "cases"}
    test_size : float
        ``share`` and ``rolling``: the share of the cases that test.
    order : {"start", "file"}
        ``share``: order the cases by their start or by their first row in the source file.
    cut, until : datetime, optional
        ``date``: the test cases started in ``[cut, until)``.
    n_folds : int
        ``rolling``: how many consecutive test windows (each with its own model).
    case_ids : tuple of str
        ``cases``: the test cases.
    strict : bool
        Train only on events and labels known before the cut (IPCW for what was still open). False: the
        training cases are used complete, as in the published protocols.
    min_prefix, max_prefix : int
        The prefix lengths evaluated (``max_prefix`` also bounds training); None: the model's own bound.
    max_prefix_quantile : float, optional
        Bound ``max_prefix`` further by this quantile of the length of the positive cases (outcome targets;
        Teinemaa et al. 2019 use 0.9).
    final_prefix : bool
        Evaluate the prefix that is the whole case (next activity: ``END``). Tax et al. 2017 do not.
    validation_size : float
        Share of the training cases (the latest) that choose feature groups, settings and the model family,
        and calibrate; never a test case.
    name : str, optional
        The published protocol's name, when this is one.
    """

    kind: Kind = "share"
    test_size: float = 0.2
    order: Literal["start", "file"] = "start"
    cut: datetime | None = None
    until: datetime | None = None
    n_folds: int = 3
    case_ids: tuple[str, ...] = ()
    strict: bool = True
    min_prefix: int = 1
    max_prefix: int | None = None
    max_prefix_quantile: float | None = None
    final_prefix: bool = True
    validation_size: float = 0.2
    name: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "case_ids", tuple(str(c) for c in self.case_ids))
        object.__setattr__(self, "cut", _instant(self.cut))
        object.__setattr__(self, "until", _instant(self.until))
        if self.kind not in _KINDS:
            raise InvalidParameterError(
                f"The protocol kind must be one of {', '.join(_KINDS)}. Got {self.kind!r} instead.", field="protocol")
        if self.kind in ("share", "rolling") and not 0 < self.test_size < 1:
            raise InvalidParameterError(
                f"The protocol's test_size must be between 0 and 1. Got {self.test_size!r} instead.", field="protocol")
        if self.order not in ("start", "file"):
            raise InvalidParameterError(
                f"The protocol's order must be 'start' or 'file'. Got {self.order!r} instead.", field="protocol")
        if self.kind == "date" and self.cut is None:
            raise InvalidParameterError("a 'date' protocol needs the cut date: Protocol(kind='date', cut=...).",
                                        field="protocol")
        if self.kind == "cases" and not self.case_ids:
            raise InvalidParameterError("a 'cases' protocol needs the test cases' ids.", field="protocol")
        if self.kind == "rolling" and not 1 <= self.n_folds <= 24:
            raise InvalidParameterError(
                f"A rolling protocol has 1 to 24 folds. Got {self.n_folds!r} instead.", field="protocol")
        if not 0 <= self.validation_size < 1:
            raise InvalidParameterError(
                f"The protocol's validation_size must be in [0, 1). Got {self.validation_size!r} instead.",
                field="protocol")
        if self.min_prefix < 1 or (self.max_prefix is not None and self.max_prefix < self.min_prefix):
            raise InvalidParameterError(
                f"The protocol's prefix lengths must satisfy 1 <= min_prefix <= max_prefix. Got "
                f"{self.min_prefix!r} and {self.max_prefix!r}.", field="protocol")

    # ------------------------------------------------------------------ named protocols
    @classmethod
    def named(cls, name: str) -> Protocol:
        """A published protocol by name: ``tax2017``, ``teinemaa2019`` or the product's ``sagsflow``."""
        key = name.strip().lower().replace("-", "").replace("_", "").replace(" ", "")
        if key in ("tax2017", "tax"):
            return cls(kind="share", test_size=1 / 3, order="file", strict=False, min_prefix=2, final_prefix=False,
                       name="tax2017")
        if key in ("teinemaa2019", "teinemaa"):
            return cls(kind="share", test_size=0.2, order="start", strict=False, min_prefix=1, max_prefix=40,
                       max_prefix_quantile=0.9, name="teinemaa2019")
        if key in ("sagsflow", "default", "strict"):
            return cls(name="sagsflow")
        raise InvalidParameterError(
            f"unknown protocol {name!r}: the named protocols are tax2017, teinemaa2019 and sagsflow.",
            hint="Or write one: share:0.2, share:0.33:file, date:2024-01-01, rolling:3, cases:<id>,<id>",
            field="protocol")

    @classmethod
    def parse(cls, value: str | dict[str, Any] | Protocol | None) -> Protocol:
        """A protocol from its text form, its dict or None (the product's default)."""
        if value is None:
            return cls.named("sagsflow")
        if isinstance(value, Protocol):
            return value
        if isinstance(value, dict):
            return cls.from_dict(value)
        text = str(value).strip()
        head, _sep, rest = text.partition(":")
        parts = [p for p in rest.split(":") if p] if rest else []
        try:
            if head == "share":
                return cls(kind="share", test_size=float(parts[0]) if parts else 0.2,
                           order=parts[1] if len(parts) > 1 else "start")  # type: ignore[arg-type]
            if head == "date":
                dates = rest.split("..")
                return cls(kind="date", cut=_instant(dates[0]), until=_instant(dates[1]) if len(dates) > 1 else None)
            if head == "rolling":
                return cls(kind="rolling", n_folds=int(parts[0]) if parts else 3,
                           test_size=float(parts[1]) if len(parts) > 1 else 0.3)
            if head == "cases":
                return cls(kind="cases", case_ids=tuple(c.strip() for c in rest.split(",") if c.strip()))
        except (ValueError, IndexError) as exc:
            raise InvalidParameterError(f"cannot read the protocol {text!r}.",
                                        hint="Examples: share:0.2, share:0.33:file, date:2024-01-01, "
                                             "date:2024-01-01..2024-07-01, rolling:3, cases:A1,A2, tax2017",
                                        field="protocol") from exc
        return cls.named(text)

    def to_text(self) -> str:
        """The short text form (the name of a published protocol, else ``share:...`` etc.)."""
        if self.name:
            return self.name
        if self.kind == "share":
            return f"share:{self.test_size:g}" + (":file" if self.order == "file" else "")
        if self.kind == "date":
            assert self.cut is not None
            return f"date:{self.cut.isoformat()}" + (f"..{self.until.isoformat()}" if self.until else "")
        if self.kind == "rolling":
            return f"rolling:{self.n_folds}:{self.test_size:g}"
        return "cases:" + ",".join(self.case_ids)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["cut"] = self.cut.isoformat() if self.cut else None
        d["until"] = self.until.isoformat() if self.until else None
        d["case_ids"] = list(self.case_ids)
        return d

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Protocol:
        known = set(cls.__dataclass_fields__)
        unknown = set(data) - known
        if unknown:
            raise InvalidParameterError(
                f"a protocol has the keys {', '.join(sorted(known))}. Got {sorted(unknown)!r}.", field="protocol")
        if data.get("name") and set(data) == {"name"}:
            return cls.named(str(data["name"]))
        return cls(**{**data, "case_ids": tuple(data.get("case_ids") or ())})

    def with_(self, **changes: Any) -> Protocol:
        """A copy with some fields changed (the name is dropped: it is no longer the published protocol)."""
        return replace(self, **{"name": None, **changes})

    def describe(self) -> str:
        """The protocol in one English sentence (the model card translates the fixed parts)."""
        from sagsflow.i18n import _

        share = format(self.test_size, ".0%")
        if self.kind == "share":
            order = _("by start") if self.order == "start" else _("in file order")
            text = _("the last {share} of the cases ({order}) test", share=share, order=order)
        elif self.kind == "date":
            text = _("the cases started from {cut} test", cut=self.cut.date().isoformat() if self.cut else "?")
        elif self.kind == "rolling":
            text = _("rolling origin: the last {share} of the cases in {n} windows, each tested by a model "
                     "trained on what was known when it began", share=share, n=self.n_folds)
        else:
            text = _("{n} given cases test", n=len(self.case_ids))
        text += "; " + (_("training sees only events and labels known before the cut (cases still open are "
                          "weighted in, IPCW)") if self.strict else _("training cases are used complete"))
        text += "; " + _("prefix lengths {low} to {high}", low=self.min_prefix,
                         high=self.max_prefix if self.max_prefix else _("the model's maximum"))
        if not self.final_prefix:
            text += " " + _("after which the case continues")
        if self.name:
            text = f"{self.name}: " + text
        return text


# ------------------------------------------------------------------------------------------- folds
@dataclass(frozen=True)
class Fold:
    """One training/test split: the cut ``T``, which cases may train and which test, and whether training is
    strict (only what was known before ``T``)."""

    cut: pd.Timestamp
    train_cases: np.ndarray
    test_cases: np.ndarray
    strict: bool
    label: str = ""

    @property
    def n_test_cases(self) -> int:
        return len(self.test_cases)


def case_table(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per case of a prefix frame: ``case_idx``, ``start``, ``end`` and ``file_pos`` (first source row;
    the case order when the frame has no ``file_pos`` column)."""
    cols = {"start": ("case_start", "first"), "end": ("case_end", "first")}
    if "file_pos" in frame.columns:
        cols["file_pos"] = ("file_pos", "first")
    cases = frame.groupby("case_idx", sort=True).agg(**cols)
    if "file_pos" not in cases.columns:
        cases["file_pos"] = np.arange(len(cases))
    return cases


def make_folds(protocol: Protocol, cases: pd.DataFrame, case_ids: pd.Series | None = None) -> list[Fold]:
    """The folds of ``protocol`` over ``cases`` (from :func:`case_table`; ``case_ids``: case_idx -> case id,
    needed for a ``cases`` protocol)."""
    by_start = cases.sort_values(["start", "file_pos"], kind="stable")
    n = len(by_start)
    if n < 2:
        raise InvalidParameterError("a protocol needs at least two cases to split into training and test.",
                                    field="protocol")
    p = protocol
    if p.kind == "share":
        ordered = by_start if p.order == "start" else cases.sort_values(["file_pos", "start"], kind="stable")
        n_test = min(n - 1, max(1, round(n * p.test_size)))
        test = ordered.index[n - n_test:].to_numpy()
        cut = pd.Timestamp(cases.loc[test, "start"].min())
        train = ordered.index[: n - n_test].to_numpy()
        return [_fold(cases, cut, train, test, p.strict, p.to_text())]
    if p.kind == "date":
        cut = pd.Timestamp(p.cut)
        start = pd.to_datetime(cases["start"], utc=True)
        test_mask = start >= cut
        if p.until is not None:
            test_mask &= start < pd.Timestamp(p.until)
        test = cases.index[test_mask.to_numpy()].to_numpy()
        train = cases.index[(start < cut).to_numpy()].to_numpy()
        if len(test) == 0 or len(train) == 0:
            raise InvalidParameterError(
                f"the cut {p.cut:%Y-%m-%d} leaves {len(train)} training and {len(test)} test cases.",
                hint=f"Cases start from {start.min():%Y-%m-%d} to {start.max():%Y-%m-%d}.", field="protocol")
        return [_fold(cases, cut, train, test, p.strict, p.to_text())]
    if p.kind == "cases":
        if case_ids is None:
            raise InvalidParameterError("a 'cases' protocol needs the case ids of the log.", field="protocol")
        wanted = set(p.case_ids)
        mask = case_ids.reindex(cases.index).astype(str).isin(wanted).to_numpy()
        test = cases.index[mask].to_numpy()
        missing = wanted - set(case_ids.reindex(test).astype(str))
        if missing:
            raise InvalidParameterError(
                f"the protocol names {len(missing)} case(s) the log does not have, e.g. {sorted(missing)[0]!r}.",
                field="protocol")
        cut = pd.Timestamp(cases.loc[test, "start"].min())
        rest = cases.index[~mask]
        train = rest[(pd.to_datetime(cases.loc[rest, "start"], utc=True) < cut).to_numpy()].to_numpy() \
            if p.strict else rest.to_numpy()
        return [_fold(cases, cut, train, test, p.strict, p.to_text())]
    # rolling origin: the last test_size of the cases (by start) in n_folds consecutive windows
    n_test = min(n - 1, max(p.n_folds, round(n * p.test_size)))
    windows = np.array_split(by_start.index[n - n_test:].to_numpy(), p.n_folds)
    folds = []
    for i, test in enumerate(windows):
        if len(test) == 0:
            continue
        cut = pd.Timestamp(cases.loc[test, "start"].min())
        train = by_start.index[(pd.to_datetime(by_start["start"], utc=True) < cut).to_numpy()].to_numpy()
        if len(train):
            folds.append(_fold(cases, cut, train, test, p.strict, f"{p.to_text()} #{i + 1}"))
    return folds


def _fold(cases: pd.DataFrame, cut: pd.Timestamp, train: np.ndarray, test: np.ndarray, strict: bool,
          label: str) -> Fold:
    if strict:  # only cases that had started before the cut can have training prefixes
        start = pd.to_datetime(cases.loc[train, "start"], utc=True)
        train = train[(start < cut).to_numpy()]
    return Fold(cut=cut, train_cases=np.sort(train), test_cases=np.sort(test), strict=strict, label=label)


def inner_fold(fold: Fold, cases: pd.DataFrame, validation_size: float, order: str = "start", *,
               offset: int = 0) -> Fold | None:
    """The validation split inside ``fold``'s training cases: the last ``validation_size`` of them (by start, or
    in file order for a protocol that orders by file) validate; training inside is as strict as the fold, with
    the validation cut ``T_v``. The validation cases' own labels are read as the fold allows (strict: known
    before ``T``).

    ``offset`` > 0 gives an earlier origin (rolling-origin validation): the window of the same size that ends
    ``offset`` windows before the last, trained on the cases before it. None when that leaves fewer training
    cases than the window holds."""
    if validation_size <= 0:
        return None
    keys = ["start", "file_pos"] if order == "start" else ["file_pos", "start"]
    tr = cases.loc[fold.train_cases].sort_values(keys, kind="stable")
    n = len(tr)
    n_val = round(n * validation_size)
    end = n - offset * n_val
    if n_val < 1 or end - n_val < (1 if offset == 0 else n_val):
        return None
    val = tr.index[end - n_val:end].to_numpy()
    cut = pd.Timestamp(tr.loc[val, "start"].min())
    train = tr.index[: end - n_val].to_numpy()
    label = fold.label + (" (validation)" if offset == 0 else f" (validation, origin -{offset})")
    return _fold(cases, cut, train, val, fold.strict, label)


# ------------------------------------------------------------------------------------------- rows and weights
def training_rows(frame: pd.DataFrame, fold: Fold, *, cut: pd.Timestamp | None = None,
                  cases: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The rows of ``frame`` (prefixes with a label ``y`` and the instant ``label_time`` it became known) that
    may train in ``fold``, with their weights.

    Not strict: every prefix of the training cases, weight 1. Strict, with ``T`` = ``cut`` (default the fold's
    cut): prefixes that ended before ``T`` and whose label was known before ``T``. A label that became known
    ``d`` days after its prefix could only be seen for prefixes more than ``d`` days before ``T``; the share
    ``G(d)`` of all training prefixes (seen or not) that lay that far before ``T`` estimates the chance of
    seeing it, and the weight is ``1 / G(d)`` (at most ``1 / MIN_CENSORING_SHARE``): inverse probability of
    censoring weighting, valid for the administrative censoring a cut makes.
    """
    T = fold.cut if cut is None else cut
    which = fold.train_cases if cases is None else cases
    in_cases = np.isin(frame["case_idx"].to_numpy(), which)
    if not fold.strict:
        rows = np.flatnonzero(in_cases)
        return rows, np.ones(len(rows))
    ts = pd.to_datetime(frame["ts"], utc=True)
    before = in_cases & (ts < T).to_numpy()
    known_at = pd.to_datetime(frame["label_time"], utc=True)
    seen = before & (known_at < T).to_numpy()
    horizon = ((T - ts[before]) / DAY).to_numpy(dtype=float)
    delay = ((known_at[seen] - ts[seen]) / DAY).to_numpy(dtype=float)
    rows = np.flatnonzero(seen)
    return rows, censoring_weights(horizon, delay)


def censoring_weights(horizon: np.ndarray, delay: np.ndarray) -> np.ndarray:
    """IPCW weights: ``1 / G(delay)`` with ``G(d)`` the share of ``horizon`` (days from each training prefix to
    the cut) greater than ``d``; floored at :data:`MIN_CENSORING_SHARE`.

    Examples
    --------
    >>> censoring_weights(np.array([1.0, 2.0, 3.0, 4.0]), np.array([0.0, 2.5]))
    array([1., 2.])
    """
    if len(delay) == 0:
        return np.ones(0)
    h = np.sort(horizon)
    greater = len(h) - np.searchsorted(h, delay, side="right")
    share = np.maximum(greater / max(len(h), 1), MIN_CENSORING_SHARE)
    return 1.0 / share


def evaluation_rows(frame: pd.DataFrame, cases: np.ndarray, protocol: Protocol, max_prefix: int | None, *,
                    fold: Fold | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Rows of ``frame`` that evaluate (validation or test) for ``cases``: prefix lengths in the protocol's
    range, the whole-case prefix only when ``final_prefix``. With a strict ``fold`` (validation inside the
    training period) only labels known before its cut count, IPCW-weighted like training."""
    in_cases = np.isin(frame["case_idx"].to_numpy(), cases)
    length = frame["prefix_length"].to_numpy()
    ok = in_cases & (length >= protocol.min_prefix)
    if max_prefix is not None:
        ok &= length <= max_prefix
    if not protocol.final_prefix:
        ok &= length < frame["case_length"].to_numpy()
    if fold is None or not fold.strict:
        rows = np.flatnonzero(ok)
        return rows, np.ones(len(rows))
    sub = frame.iloc[np.flatnonzero(ok)]
    r, w = training_rows(sub, Fold(fold.cut, cases, cases, True))
    return np.flatnonzero(ok)[r], w
