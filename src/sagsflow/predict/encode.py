"""Prefix extraction and encodings, computed set-based in DuckDB.

Every event of a case ends one prefix (the case up to and including that event). One query over
the sorted store turns every prefix into one row of features with window functions partitioned by
case:

- **last state**: the prefix's last activity, prefix length, time since the case started and since
  the previous event, how long the last activity took (from its start, when the log has start times), the
  last value of each allowed event attribute;
- **aggregation**: how often each frequent activity occurred in the prefix (and all other activities);
- **index-based**: the first ``n_index`` activities of the case and the last ``n_index`` before the
  last one;
- **rework**: how many steps so far repeated an activity the case had already had, and how often the latest
  activity has occurred;
- **sequence contexts** (not features themselves): hashes of the last 1, 2, 3 and 5 activities and of the
  whole activity sequence so far, which the n-gram baselines and the sequence features of
  :mod:`sagsflow.predict.baselines` look up;
- **inter-case** (policy ``inter_case``): open cases of the unit at the prefix time (workload), cases
  waiting in the same step (queue length), cases the unit opened in the last 7 days; computed with
  running sums of +1/-1 events and an as-of join, so only what was known at the prefix time counts;
- **calendar** (policy ``calendar``): weekday, month and hour (Europe/Copenhagen) and whether the day is
  a public holiday (:class:`sagsflow.analysis.calendar.BusinessCalendar`).

The labels of every target are computed in the same pass (remaining time, next activity with
``END``), so a prefix never sees an event after its own end: features only use ``ROWS BETWEEN
UNBOUNDED PRECEDING AND CURRENT ROW`` windows and as-of lookups at the prefix time.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa

from sagsflow.filters.sql import us_between
from sagsflow.predict.policy import FeaturePolicy
from sagsflow.query.engine import DuckDBEngine, Engine, engine_for
from sagsflow.query.quote import literal as quote
from sagsflow.store.layout import qident

if TYPE_CHECKING:
    from sagsflow.analysis.calendar import BusinessCalendar
    from sagsflow.log import EventLog

#: code of activities the model's vocabulary does not know
UNKNOWN = -1
#: rework features: steps that repeated an earlier activity of the case; times the latest activity occurred
REWORK_FEATURES = ("n_repeats", "repeat_last")
#: the sequence contexts (hashes of the last k activities; 0 = the whole sequence so far)
CONTEXT_ORDERS = (0, 5, 3, 2, 1)
#: the next-activity class for "the case ends here"
END = "END"
DAY_S = 86_400.0
#: how many full training encodings :func:`encode_prefixes` keeps
CACHE_SIZE = 2
_CACHE: OrderedDict[tuple[object, ...], pd.DataFrame] = OrderedDict()
LOCAL_TZ = "Europe/Copenhagen"


@dataclass(frozen=True)
class EncodingSpec:
    """What to encode: the activity vocabulary, which activities get count columns, the policy.

    ``vocabulary`` lists every activity label the model knows (its index is the label's code);
    ``count_activities`` the codes that get their own count column (the most frequent ones).
    """

    vocabulary: tuple[str, ...]
    count_activities: tuple[int, ...]
    policy: FeaturePolicy = field(default_factory=FeaturePolicy)
    case_attributes: tuple[str, ...] = ()
    event_attributes: tuple[str, ...] = ()
    max_prefix_length: int = 40
    n_index: int = 3

    @classmethod
    def from_log(cls, log: EventLog, policy: FeaturePolicy, *, n_count: int = 40,
                 max_prefix_length: int = 40, n_index: int = 3, max_vocabulary: int = 500,
                 engine: Engine | None = None) -> EncodingSpec:
        """A spec for ``log``: activities by frequency; the policy's columns (checked) split by level.
        ``engine`` counts the activities where the log's store is (default: its workspace)."""
        allowed = [name for name, _ in policy.check(log.schema)]
        eng = engine_for(log.workspace, engine)
        rows = eng.arrow(
            f"SELECT activity, count(*) AS n FROM ({log.events_sql()}) AS e GROUP BY activity "
            f"ORDER BY n DESC, activity LIMIT {int(max_vocabulary)}").column("activity").to_pylist()
        vocab = tuple(rows)
        case_level = {c.name for c in log.schema.case_attributes}
        attrs = [a for a in allowed if a != policy.unit or a in policy.attributes]
        return cls(
            vocabulary=vocab, count_activities=tuple(range(min(n_count, len(vocab)))), policy=policy,
            case_attributes=tuple(a for a in attrs if a in case_level),
            event_attributes=tuple(a for a in attrs if a not in case_level),
            max_prefix_length=max_prefix_length, n_index=n_index,
        )

    # -------------------------------------------------------------- feature names
    @property
    def attribute_features(self) -> dict[str, str]:
        """Feature name -> attribute, for every attribute the policy allows. Feature names are sanitised
        (letters, digits and ``_`` only: ``org:group`` -> ``attr_org_group``) so that every learner accepts
        them (LightGBM refuses JSON special characters); a clash gets a number."""
        out: dict[str, str] = {}
        for a in (*self.case_attributes, *self.event_attributes):
            base = "attr_" + (re.sub(r"[^0-9A-Za-z_]", "_", a) or "x")
            name, i = base, 2
            while name in out:
                name, i = f"{base}_{i}", i + 1
            out[name] = a
        return out

    @property
    def activity_features(self) -> list[str]:
        """Columns holding activity codes (categorical)."""
        return (["last_activity"] + [f"prev_activity_{i}" for i in range(1, self.n_index + 1)]
                + [f"first_activity_{i}" for i in range(1, self.n_index + 1)])

    @property
    def feature_names(self) -> list[str]:
        names = ["prefix_length", "elapsed_days", "since_last_days", "mean_gap_days", "last_duration_days",
                 *self.activity_features]
        names += [f"count_{c}" for c in self.count_activities] + ["count_other", *REWORK_FEATURES]
        names += list(self.attribute_features)
        if self.policy.inter_case:
            names += ["open_cases", "queue_length", "opened_7d"]
        if self.policy.calendar:
            names += ["weekday", "month", "hour", "holiday"]
        return names


def _holidays_table(engine: Engine, calendar: BusinessCalendar | None, first: datetime, last: datetime) -> None:
    """Temporary table ``__sf_pred_holidays`` (``day``: DATE) of the public holidays of the years ``first``-``last``."""
    from sagsflow.analysis.calendar import BusinessCalendar

    cal = calendar or BusinessCalendar()
    days = sorted(set(cal.holidays(range(first.year, last.year + 1))))
    engine.register("__sf_pred_holidays", pa.table({"day": pa.array(days, pa.date32())}))


def encode_prefixes(
    log: EventLog,
    spec: EncodingSpec,
    *,
    as_of: datetime | None = None,
    cases: Sequence[int] | None = None,
    open_cases: Sequence[int] | None = None,
    only_last: bool = False,
    calendar: BusinessCalendar | None = None,
    fast: bool = True,
    cache: bool = True,
    engine: Engine | None = None,
) -> pd.DataFrame:
    """One row per prefix of ``log`` with its features and labels.

    Parameters
    ----------
    log : EventLog
        The (filtered) log.
    spec : EncodingSpec
        Vocabulary, count activities, policy columns.
    as_of : datetime, optional
        Only events at or before this instant exist (the state of the log at ``as_of``).
    cases : sequence of int, optional
        Only these ``case_idx`` get prefix rows (inter-case features still see every case).
    open_cases : sequence of int, optional
        Cases that are still running: they count as open (and waiting in their last step) after
        their last event instead of as finished.
    only_last : bool
        Only the last prefix of each case (the current state, for scoring).
    fast : bool
        Count activities with numpy over the sorted rows (default) instead of the portable SQL
        windows of :func:`activity_counts_sql`; both give the same numbers (tested).
    cache : bool
        Keep the last :data:`CACHE_SIZE` full encodings (every prefix of every case) in memory, keyed by the
        log's query, its data (row count, last event) and the spec: training several targets or protocols on
        one log encodes it once.
    engine : Engine, optional
        Where the queries run: the log's workspace (DuckDB) by default, or another engine that reads the log's
        store, such as :class:`sagsflow.query.engine.SparkEngine` (``docs/engines.md``). The same frame either
        way (``tests/query/test_encode_engines.py``); the numpy steps (activity counts, sequence contexts) run
        on the rows the engine returns.

    Returns
    -------
    pandas.DataFrame
        ``case_idx``, ``ts`` (prefix end), ``next_ts`` (the next event's time), ``case_start``, ``case_end``,
        ``case_length``, ``file_pos`` (the case's first row in the source), the features of
        :attr:`EncodingSpec.feature_names`, the sequence contexts ``ctx_*`` and the labels ``remaining_days``
        and ``next_activity`` (a vocabulary code, ``-2`` for END, ``-1`` for unknown).
    """
    eng: Engine = engine_for(log.workspace, engine)
    key: tuple[object, ...] | None = None
    if cache and cases is None and open_cases is None and not only_last:
        token = tuple(eng.arrow(
            f"SELECT count(*) AS n, max(event_idx) AS last, CAST(max(timestamp) AS VARCHAR) AS ts "
            f"FROM ({log.events_sql()}) AS e").to_pylist()[0].values())
        where = id(eng.con) if isinstance(eng, DuckDBEngine) else id(eng)
        key = (where, log.events_sql(), log.cases_sql(), repr(spec), str(as_of), fast, id(calendar), token)
        hit = _CACHE.get(key)
        if hit is not None:
            _CACHE.move_to_end(key)
            return hit.copy(deep=False)
    frame = _encode(log, spec, as_of=as_of, cases=cases, open_cases=open_cases, only_last=only_last,
                    calendar=calendar, fast=fast, engine=eng)
    if key is not None:
        _CACHE[key] = frame
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
        return frame.copy(deep=False)
    return frame


def clear_cache() -> None:
    """Forget the cached training encodings."""
    _CACHE.clear()


def _encode(log: EventLog, spec: EncodingSpec, *, as_of: datetime | None, cases: Sequence[int] | None,
            open_cases: Sequence[int] | None, only_last: bool, calendar: BusinessCalendar | None,
            fast: bool, engine: Engine) -> pd.DataFrame:
    eng = engine
    pol = spec.policy
    eng.register("__sf_pred_vocab", pa.table({"activity": pa.array(list(spec.vocabulary), pa.string()),
                                              "code": pa.array(np.arange(len(spec.vocabulary)), pa.int32())}))
    opened = np.unique(np.asarray([] if open_cases is None else list(open_cases), dtype=np.int64))
    eng.register("__sf_pred_open", pa.table({"case_idx": pa.array(opened, pa.int64())}))
    where = f"WHERE e.timestamp <= CAST({quote(as_of.isoformat())} AS TIMESTAMPTZ)" if as_of is not None else ""
    unit_case = pol.unit if pol.unit and log.schema.attribute(pol.unit) is not None else None
    unit_is_case = unit_case is not None and log.schema.attribute(unit_case).level == "case"  # type: ignore[union-attr]
    ev_attr_sel = "".join(f", e.{qident(a)} AS {qident('ea_' + a)}" for a in spec.event_attributes)
    if unit_case and not unit_is_case:
        ev_attr_sel += f", e.{qident(unit_case)} AS __unit_ev"
    has_src = "src_order" in eng.arrow(f"SELECT * FROM ({log.events_sql()}) AS e LIMIT 0").column_names
    src = "e.src_order" if has_src else "e.event_idx"
    eng.temp_table("__sf_pred_ev", f"""
        SELECT e.case_idx, e.event_idx, e.timestamp AS ts, {src} AS src, coalesce(v.code, {UNKNOWN}) AS a,
               {_days(us_between("e.start_timestamp", "e.timestamp"))} AS dur{ev_attr_sel}
        FROM ({log.events_sql()}) AS e LEFT JOIN __sf_pred_vocab AS v ON v.activity = e.activity {where}""")
    # the cases as this (possibly cut) log shows them, with their unit
    if unit_case and unit_is_case:
        unit_sql = f"(SELECT case_idx, CAST({qident(unit_case)} AS VARCHAR) AS unit FROM ({log.cases_sql()}) AS lc)"
    elif unit_case:
        unit_sql = ("(SELECT case_idx, CAST(arg_min(__unit_ev, event_idx) FILTER (WHERE __unit_ev IS NOT NULL) "
                    "AS VARCHAR) AS unit FROM __sf_pred_ev GROUP BY case_idx)")
    else:
        unit_sql = "(SELECT DISTINCT case_idx, '' AS unit FROM __sf_pred_ev)"
    eng.temp_table("__sf_pred_cases", f"""
        SELECT c.case_idx, coalesce(u.unit, '') AS unit, c.case_start, c.case_end, c.case_length, c.file_pos,
               (o.case_idx IS NOT NULL) AS is_open
        FROM (SELECT case_idx, min(ts) AS case_start, max(ts) AS case_end, CAST(count(*) AS BIGINT) AS case_length,
                     CAST(min(src) AS BIGINT) AS file_pos
              FROM __sf_pred_ev GROUP BY case_idx) AS c
        LEFT JOIN {unit_sql} AS u ON u.case_idx = c.case_idx
        LEFT JOIN __sf_pred_open AS o ON o.case_idx = c.case_idx""")

    idx_names = ([f"prev_activity_{i}" for i in range(1, spec.n_index + 1)]
                 + [f"first_activity_{i}" for i in range(1, spec.n_index + 1)])
    idx = ", ".join(
        [f"CAST(lag(a, {i}) OVER w0 AS INTEGER) AS prev_activity_{i}" for i in range(1, spec.n_index + 1)]
        + [f"CAST(nth_value(a, {i}) OVER w AS INTEGER) AS first_activity_{i}" for i in range(1, spec.n_index + 1)])
    feat_of = {a: f for f, a in spec.attribute_features.items()}
    ev_attrs = "".join(f", last_value({qident('ea_' + a)} IGNORE NULLS) OVER w AS {qident(feat_of[a])}"
                       for a in spec.event_attributes)
    sel_cases = ""
    if cases is not None:
        chosen = np.unique(np.asarray(list(cases), dtype=np.int64))
        eng.register("__sf_pred_sel", pa.table({"case_idx": pa.array(chosen, pa.int64())}))
        sel_cases = "WHERE case_idx IN (SELECT case_idx FROM __sf_pred_sel)"
    eng.temp_table("__sf_pred_px", f"""
        SELECT case_idx, event_idx, ts, CAST(a AS INTEGER) AS last_activity, dur AS last_duration_days,
               CAST(row_number() OVER w0 AS BIGINT) AS prefix_length,
               lag(ts) OVER w0 AS prev_ts,
               lead(a) OVER w0 AS next_a,
               lead(ts) OVER w0 AS next_ts,
               {idx}{ev_attrs}
        FROM (SELECT * FROM __sf_pred_ev {sel_cases}) AS ev
        WINDOW w0 AS (PARTITION BY case_idx ORDER BY event_idx),
               w AS (PARTITION BY case_idx ORDER BY event_idx ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)""")

    keep = f"p.prefix_length <= {int(spec.max_prefix_length)}"
    if only_last:
        keep = "p.prefix_length = c.case_length"
    inter_sel, inter_join = "", ""
    if pol.inter_case:
        inter_sel, inter_join = _inter_case(eng, fast=fast)
    cal_sel, cal_join = "", ""
    if pol.calendar:
        bounds = eng.arrow("SELECT min(ts) AS lo, max(ts) AS hi FROM __sf_pred_ev").to_pylist()[0]
        if bounds["lo"] is not None:
            _holidays_table(eng, calendar, bounds["lo"], bounds["hi"])
            local = f"timezone({quote(LOCAL_TZ)}, p.ts)"
            cal_sel = (f", CAST(isodow({local}) AS BIGINT) AS weekday, CAST(month({local}) AS BIGINT) AS month, "
                       f"CAST(hour({local}) AS BIGINT) AS hour, CAST(h.day IS NOT NULL AS INTEGER) AS holiday")
            cal_join = f" LEFT JOIN __sf_pred_holidays AS h ON h.day = CAST({local} AS DATE)"
        else:
            cal_sel = (", CAST(NULL AS BIGINT) AS weekday, CAST(NULL AS BIGINT) AS month, "
                       "CAST(NULL AS BIGINT) AS hour, 0 AS holiday")
    case_attr_sel, case_attr_join = "", ""
    if spec.case_attributes:
        case_attr_sel = "".join(f", ca.{qident(a)} AS {qident(feat_of[a])}" for a in spec.case_attributes)
        case_attr_join = f" LEFT JOIN ({log.cases_sql()}) AS ca ON ca.case_idx = p.case_idx"
    px_cols = ["case_idx", "ts", "last_activity", "last_duration_days", "prefix_length", "next_ts", *idx_names,
               *(feat_of[a] for a in spec.event_attributes)]
    sql = f"""
        SELECT {", ".join(f"p.{qident(c)}" for c in px_cols)}, c.case_start, c.case_end, c.case_length, c.is_open,
               c.file_pos,
               {_days(us_between("c.case_start", "p.ts"))} AS elapsed_days,
               coalesce({_days(us_between("p.prev_ts", "p.ts"))}, 0.0) AS since_last_days,
               CASE WHEN p.prefix_length > 1
                    THEN {_days(us_between("c.case_start", "p.ts"))} / (p.prefix_length - 1) ELSE 0.0 END
                 AS mean_gap_days,
               {_days(us_between("p.ts", "c.case_end"))} AS remaining_days,
               CAST(coalesce(p.next_a, -2) AS INTEGER) AS next_activity
               {inter_sel}{cal_sel}{case_attr_sel}
        FROM __sf_pred_px AS p JOIN __sf_pred_cases AS c ON c.case_idx = p.case_idx
        {inter_join}{cal_join}{case_attr_join}
        WHERE {keep}
        ORDER BY p.case_idx, p.prefix_length"""
    frame = eng.arrow(sql).to_pandas()
    codes = _prefix_codes(eng)  # read once: the counts, the sequence columns and the row positions share it
    counts = activity_counts(eng, spec, fast=fast, codes=codes)
    rows = _rows_of(codes.column("case_idx").to_numpy(), frame)
    seq = sequence_columns(eng, codes)
    frame = pd.concat([frame, counts.iloc[rows].reset_index(drop=True), seq.iloc[rows].reset_index(drop=True)],
                      axis=1)
    for t in _TEMP_TABLES:
        eng.drop(t)
    return frame


#: the temporary tables :func:`encode_prefixes` writes (and drops at the end)
_TEMP_TABLES = ("__sf_pred_px", "__sf_pred_ev", "__sf_pred_cases", "__sf_pred_vocab", "__sf_pred_open",
                "__sf_pred_sel", "__sf_pred_holidays", "__sf_pred_starts", "__sf_pred_ends", "__sf_pred_queue",
                "__sf_pred_inter")


def _days(us: str) -> str:
    """SQL: microseconds as days (the seconds first, as DuckDB's ``epoch`` of an interval gives them)."""
    return f"({us} / 1e6 / {DAY_S})"


def _prefix_codes(engine: Engine) -> pa.Table:
    """``case_idx`` and ``last_activity`` of every prefix in ``__sf_pred_px``, in ``case_idx``, ``prefix_length``
    order: what the numpy encodings read."""
    return engine.arrow("SELECT case_idx, last_activity FROM __sf_pred_px ORDER BY case_idx, prefix_length")


def activity_counts_sql(spec: EncodingSpec, table: str = "__sf_pred_px") -> str:
    """The portable query of the aggregation encoding: per prefix (in ``case_idx``, ``prefix_length``
    order), how often each counted activity and all others occurred, as running window sums."""
    known = ", ".join(str(c) for c in spec.count_activities) or "-99"
    counted = "".join(f"sum((last_activity = {c})::INTEGER) OVER w AS count_{c}, " for c in spec.count_activities)
    return (f"SELECT {counted}sum((last_activity NOT IN ({known}))::INTEGER) OVER w AS count_other FROM {table} "
            "WINDOW w AS (PARTITION BY case_idx ORDER BY prefix_length "
            "ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) "
            "ORDER BY case_idx, prefix_length")


def activity_counts(engine: Engine, spec: EncodingSpec, *, fast: bool = True,
                    codes: pa.Table | None = None) -> pd.DataFrame:
    """Activity counts of every prefix in ``__sf_pred_px`` (rows in ``case_idx``, ``prefix_length`` order).

    The fast path reads the two sorted columns once (or takes them as ``codes``, already read) and takes a
    cumulative sum of one-hot rows, restarted at each case; the portable path is :func:`activity_counts_sql`.
    """
    names = [f"count_{c}" for c in spec.count_activities] + ["count_other"]
    if not fast:
        return engine.arrow(activity_counts_sql(spec)).to_pandas().astype("float32")
    cols = codes if codes is not None else _prefix_codes(engine)
    case = cols.column("case_idx").to_numpy()
    act = cols.column("last_activity").to_numpy()
    k = len(spec.count_activities)
    slot = np.full(max(len(spec.vocabulary), 1) + 1, k, dtype=np.int64)  # last slot: unknown (-1) and others
    slot[np.asarray(spec.count_activities, dtype=np.int64)] = np.arange(k)
    onehot = np.zeros((len(act), k + 1), dtype=np.float32)
    onehot[np.arange(len(act)), slot[act]] = 1.0
    run = np.cumsum(onehot, axis=0)
    if len(case):
        first = np.flatnonzero(np.r_[True, case[1:] != case[:-1]])
        before = np.vstack([np.zeros((1, k + 1), np.float32), run[first[1:] - 1]])
        run -= np.repeat(before, np.diff(np.r_[first, len(case)]), axis=0)
    return pd.DataFrame(run, columns=names)


_M1 = np.uint64(0x9E3779B97F4A7C15)
_M2 = np.uint64(0xBF58476D1CE4E5B9)


def _mix(h: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Combine a running 64-bit hash with the next value (splitmix64 finaliser; wraps around on purpose)."""
    with np.errstate(over="ignore"):
        z = (h ^ (x.astype(np.uint64) + _M1)) * _M2
        z ^= z >> np.uint64(31)
        return z * _M1


def sequence_columns(engine: Engine, codes: pa.Table | None = None) -> pd.DataFrame:
    """Rework features and sequence contexts of every prefix in ``__sf_pred_px`` (rows in ``case_idx``,
    ``prefix_length`` order), computed with numpy over the two sorted columns:

    - ``n_repeats``: steps so far that repeated an activity the case had already had (rework);
    - ``repeat_last``: how often the latest activity has occurred in the case so far;
    - ``ctx_0``: a hash of the whole activity sequence so far; ``ctx_k``: of the last ``k`` activities
      (for k in :data:`CONTEXT_ORDERS`). Equal sequences have equal hashes (64 bits: collisions are
      negligible for the sizes of event logs).

    ``codes``: the two columns when already read (:func:`_prefix_codes`).
    """
    cols = codes if codes is not None else _prefix_codes(engine)
    case = cols.column("case_idx").to_numpy()
    act = cols.column("last_activity").to_numpy().astype(np.int64) + 3  # >= 2: 0 pads, 1 seeds
    n = len(act)
    if n == 0:
        return pd.DataFrame({c: pd.Series(dtype="int64") for c in
                             [*REWORK_FEATURES, *(f"ctx_{k}" for k in CONTEXT_ORDERS)]})
    first = np.r_[True, case[1:] != case[:-1]]
    starts = np.flatnonzero(first)
    pos = np.arange(n) - np.repeat(starts, np.diff(np.r_[starts, n]))  # 0-based position in the case
    # times each (case, activity) occurred so far: rank within (case, activity) in event order
    order = np.lexsort((np.arange(n), act, case))
    key_change = np.r_[True, (case[order][1:] != case[order][:-1]) | (act[order][1:] != act[order][:-1])]
    grp_start = np.maximum.accumulate(np.where(key_change, np.arange(n), 0))
    seen = np.empty(n, dtype=np.int64)
    seen[order] = np.arange(n) - grp_start + 1
    rep = (seen > 1).astype(np.int64)
    run = np.cumsum(rep)
    n_repeats = run - np.repeat(run[starts] - rep[starts], np.diff(np.r_[starts, n]))
    out: dict[str, np.ndarray] = {"n_repeats": n_repeats.astype(np.float64), "repeat_last": seen.astype(np.float64)}
    # the whole sequence: one vectorised step per prefix length
    full = np.empty(n, dtype=np.uint64)
    level = pos == 0
    full[level] = _mix(np.full(int(level.sum()), 1, dtype=np.uint64), act[level])
    for k in range(1, int(pos.max()) + 1):
        at = np.flatnonzero(pos == k)
        full[at] = _mix(full[at - 1], act[at])
    out["ctx_0"] = full.view(np.int64)
    for k in CONTEXT_ORDERS:
        if k == 0:
            continue
        h = np.full(n, k, dtype=np.uint64)
        for j in range(k):
            prev = np.zeros(n, dtype=np.int64)
            ok = pos >= j
            prev[ok] = act[np.flatnonzero(ok) - j]
            h = _mix(h, prev)
        out[f"ctx_{k}"] = h.view(np.int64)
    return pd.DataFrame(out)


def _rows_of(case: np.ndarray, frame: pd.DataFrame) -> np.ndarray:
    """Positions of ``frame``'s prefixes among all rows of ``__sf_pred_px``, given their ``case`` column in
    (case, length) order: each case's first row plus the prefix length."""
    starts = np.flatnonzero(np.r_[True, case[1:] != case[:-1]]) if len(case) else np.zeros(0, dtype=np.int64)
    where = np.searchsorted(case[starts], frame["case_idx"].to_numpy())
    return (starts[where] + frame["prefix_length"].to_numpy().astype(np.int64) - 1).astype(np.int64)


def _inter_case(engine: Engine, *, fast: bool) -> tuple[str, str]:
    """The inter-case features' SELECT items and JOINs for the final query (prefixes ``p``, cases ``c``).

    Counted as known at the prefix time: cases of the unit started and not yet ended (``open_cases``), cases whose
    latest event has the prefix's activity and that have not moved on (``queue_length``), cases the unit opened in
    the last 7 days (``opened_7d``). On DuckDB (``fast``) running counts read by ``ASOF`` joins; elsewhere the same
    counts as running sums over the count events and the prefixes in one time order
    (``tests/query/test_encode_engines.py`` checks that the two agree).
    """
    # the steps waiting in a queue: +1 when a case reaches the step, -1 when it moves on (a finished case just
    # after its last event; a running one never)
    queue = """SELECT e.a, e.ts AS t, 1 AS d FROM __sf_pred_ev AS e
        UNION ALL
        SELECT e.a, coalesce(lead(e.ts) OVER (PARTITION BY e.case_idx ORDER BY e.event_idx),
                             CASE WHEN c.is_open THEN NULL ELSE e.ts + INTERVAL 1 MICROSECOND END) AS t, -1 AS d
        FROM __sf_pred_ev AS e JOIN __sf_pred_cases AS c ON c.case_idx = e.case_idx"""
    if fast and isinstance(engine, DuckDBEngine):
        engine.temp_table("__sf_pred_starts", """
            SELECT unit, t, sum(k) OVER (PARTITION BY unit ORDER BY t) AS n
            FROM (SELECT unit, case_start AS t, count(*) AS k FROM __sf_pred_cases GROUP BY unit, case_start)""")
        engine.temp_table("__sf_pred_ends", """
            SELECT unit, t, sum(k) OVER (PARTITION BY unit ORDER BY t) AS n
            FROM (SELECT unit, case_end + INTERVAL 1 MICROSECOND AS t, count(*) AS k FROM __sf_pred_cases
                  WHERE NOT is_open GROUP BY unit, case_end)""")
        engine.temp_table("__sf_pred_queue", f"""
            SELECT a, t, sum(k) OVER (PARTITION BY a ORDER BY t) AS n
            FROM (SELECT a, t, sum(d) AS k FROM ({queue}) WHERE t IS NOT NULL GROUP BY a, t)""")
        return (", CAST(coalesce(so.n, 0) - coalesce(eo.n, 0) AS BIGINT) AS open_cases, "
                "CAST(coalesce(q.n, 0) AS BIGINT) AS queue_length, "
                "CAST(coalesce(so.n, 0) - coalesce(s7.n, 0) AS BIGINT) AS opened_7d", """
            ASOF LEFT JOIN __sf_pred_starts so ON so.unit = c.unit AND p.ts >= so.t
            ASOF LEFT JOIN __sf_pred_ends eo ON eo.unit = c.unit AND p.ts >= eo.t
            ASOF LEFT JOIN __sf_pred_starts s7 ON s7.unit = c.unit AND p.ts - INTERVAL 7 DAYS >= s7.t
            ASOF LEFT JOIN __sf_pred_queue q ON q.a = p.last_activity AND p.ts >= q.t""")
    # count events sort before the prefixes at the same instant (ord 0 before 1): "at or before the prefix time"
    frame = "ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW"
    engine.temp_table("__sf_pred_inter", f"""
        WITH px AS (SELECT p.case_idx, p.prefix_length, p.ts, p.last_activity, c.unit
                    FROM __sf_pred_px AS p JOIN __sf_pred_cases AS c ON c.case_idx = p.case_idx),
        by_unit AS (
            SELECT unit, case_start AS t, 0 AS ord, 1 AS ks, 0 AS ke, 0 AS k7,
                   CAST(NULL AS BIGINT) AS case_idx, CAST(NULL AS BIGINT) AS prefix_length FROM __sf_pred_cases
            UNION ALL
            SELECT unit, case_end + INTERVAL 1 MICROSECOND AS t, 0 AS ord, 0 AS ks, 1 AS ke, 0 AS k7,
                   CAST(NULL AS BIGINT) AS case_idx, CAST(NULL AS BIGINT) AS prefix_length
            FROM __sf_pred_cases WHERE NOT is_open
            UNION ALL
            SELECT unit, case_start + INTERVAL 7 DAYS AS t, 0 AS ord, 0 AS ks, 0 AS ke, 1 AS k7,
                   CAST(NULL AS BIGINT) AS case_idx, CAST(NULL AS BIGINT) AS prefix_length FROM __sf_pred_cases
            UNION ALL
            SELECT unit, ts AS t, 1 AS ord, 0 AS ks, 0 AS ke, 0 AS k7, case_idx, prefix_length FROM px),
        units AS (
            SELECT case_idx, prefix_length, sum(ks) OVER w - sum(ke) OVER w AS open_cases,
                   sum(ks) OVER w - sum(k7) OVER w AS opened_7d
            FROM by_unit WINDOW w AS (PARTITION BY unit ORDER BY t, ord {frame})),
        by_step AS (
            SELECT a, t, 0 AS ord, d, CAST(NULL AS BIGINT) AS case_idx, CAST(NULL AS BIGINT) AS prefix_length
            FROM ({queue}) AS qe WHERE t IS NOT NULL
            UNION ALL
            SELECT last_activity AS a, ts AS t, 1 AS ord, 0 AS d, case_idx, prefix_length FROM px),
        steps AS (
            SELECT case_idx, prefix_length, sum(d) OVER (PARTITION BY a ORDER BY t, ord {frame}) AS queue_length
            FROM by_step)
        SELECT u.case_idx, u.prefix_length, u.open_cases, s.queue_length, u.opened_7d
        FROM units AS u JOIN steps AS s ON s.case_idx = u.case_idx AND s.prefix_length = u.prefix_length
        WHERE u.case_idx IS NOT NULL""")
    return (", CAST(ic.open_cases AS BIGINT) AS open_cases, CAST(ic.queue_length AS BIGINT) AS queue_length, "
            "CAST(ic.opened_7d AS BIGINT) AS opened_7d",
            " LEFT JOIN __sf_pred_inter AS ic ON ic.case_idx = p.case_idx AND ic.prefix_length = p.prefix_length")


def to_model_frame(frame: pd.DataFrame, spec: EncodingSpec, categories: dict[str, list[object]] | None = None
                   ) -> tuple[pd.DataFrame, dict[str, list[object]]]:
    """The feature matrix of :func:`encode_prefixes`' result, with categorical columns typed.

    Activity codes become categories ``0..len(vocabulary)-1`` (unknown -> missing); attribute
    columns with text become categories learned on the training frame (``categories``), so training
    and scoring frames share their codes.
    """
    X = pd.DataFrame(index=frame.index)
    cats = dict(categories or {})
    act_cats = list(range(len(spec.vocabulary)))
    for name in spec.feature_names:
        col = frame[name] if name in frame.columns else pd.Series(np.nan, index=frame.index)
        if name in spec.activity_features:
            X[name] = pd.Categorical(col.where(col >= 0), categories=act_cats)
        elif name.startswith("attr_") and (name in cats or not pd.api.types.is_numeric_dtype(col)):
            if name not in cats:
                cats[name] = sorted(col.dropna().astype(str).unique().tolist())
            X[name] = pd.Categorical(col.astype("string").astype(object).where(col.notna()), categories=cats[name])
        else:
            X[name] = pd.to_numeric(col, errors="coerce").astype("float64")
    return X, cats
