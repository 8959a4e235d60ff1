"""The plausible period of a log: one policy for implausible dates.

Case systems write dates nobody meant: system defaults (01-01-1900, 01-01-1970, 31-12-9999, year 1) and typo
years (2099, 2204). One such date stretches every time axis over centuries, makes a case last 45,000 days and
puts that case at the top of every list. This module is the one home of the rule that decides which dates are
plausible, and every face (Python, CLI, REST, web) asks it.

The rule
--------
Each log has a *plausible period*: a first and a last local day (Europe/Copenhagen), both included.

- **Derived from the data** (the default, recomputed whenever the log changes): the days that have events (their
  completion and start times) are split wherever two neighbouring days lie further apart than
  ``max(MIN_GAP_DAYS, GAP_IQR_FACTOR x the interquartile range of the event days)``; groups at either end are left
  out, smallest first, as long as together they hold at most :data:`MAX_SHARE` (1 %) of the events, or 10 events
  (:data:`MAX_EVENTS`) when that is more. A group holding a quarter of the events or more is never split off
  (the interquartile range then spans the gap). Dates before
  :data:`HARD_FIRST_DAY` or after :data:`HARD_LAST_DAY` are never plausible. A dense log keeps all its dates,
  also sparse early years; only isolated dates far from the rest fall out.
- **Set by the user** per log (:func:`set_plausible_window`; ``sagsflow window``; ``PUT .../plausible-window``):
  either end or both; :func:`reset_plausible_window` goes back to the derived period.

Events outside the period are **quarantined**: an event is quarantined when its timestamp, or its start time when
it has one, lies outside. Quarantined events stay in the store unchanged, and the data-quality report names them
(finding ``implausible_dates``), but every analysis leaves them out by default: the map, dashboard, bottlenecks,
case list and durations, variants, comparison, compliance, conformance, predictions, statistics and the rest of
the quality report. A filter stack with ``include_quarantined: true`` (``log.include_quarantined()``) brings them
back.

A case with a quarantined event stays in the analyses with its other events: its start, end, duration and
variant are those of its plausible events. A case whose every event is quarantined is left out. The case view
(``GET .../cases/{id}``) shows all of a case's events, quarantined ones marked.

Dates before 1800 or after 2199 (year 1, 9999) are quarantined always, and ``include_quarantined`` does not bring
them back: no analysis can represent them safely (pandas' nanosecond timestamps end in 1677 and 2262, Python's
dates at year 1 and 9999, and a daily series from year 1 to 9999 has 3.6 million days). The count of such events
is ``n_unrepresentable``.

Examples
--------
>>> import numpy as np
>>> days = np.array([-25567, 19000, 19001, 19500, 47480])   # 1900-01-01, three days of 2022/23, 2099-12-31
>>> derive_window(days, np.array([2, 500, 400, 300, 1]))
(19000, 19500)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, Literal
from zoneinfo import ZoneInfo

import duckdb
import numpy as np

from sagsflow import i18n
from sagsflow.errors import InvalidParameterError
from sagsflow.i18n import _
from sagsflow.schema import DEFAULT_TIMEZONE

if TYPE_CHECKING:
    from sagsflow.store.workspace import Workspace

#: neighbouring event days further apart than this (or than GAP_IQR_FACTOR x the interquartile range of the
#: event days, when that is more) split the log's dates into groups
MIN_GAP_DAYS = 365
GAP_IQR_FACTOR = 2.0
#: groups at the ends are left out while together they hold at most this share of the events, or at most
#: MAX_EVENTS events when that is more (a few isolated dates in a small log)
MAX_SHARE = 0.01
MAX_EVENTS = 10
#: no date outside these days is plausible (nor does any analysis library represent it safely)
HARD_FIRST_DAY = date(1800, 1, 1)
HARD_LAST_DAY = date(2199, 12, 31)
#: up to this many cases touched by the quarantine, the window lists them (:attr:`PlausibleWindow.cut_cases`), so
#: that a filter finds the current cases without reading every event's dates
MAX_LISTED_CASES = 10_000
#: the settings table in the workspace's DuckDB database (one row per log with a period set by the user)
SETTINGS_TABLE = "sf_time_windows"
SETTINGS_DDL = (f"CREATE TABLE IF NOT EXISTS {SETTINGS_TABLE} (log_name VARCHAR PRIMARY KEY, first_day DATE, "
                "last_day DATE, set_at TIMESTAMPTZ)")

_EPOCH = date(1970, 1, 1)
_DAY_US = 86_400_000_000
_ZONE = ZoneInfo(DEFAULT_TIMEZONE)


def _epoch_day(d: date) -> int:
    return (d - _EPOCH).days


@dataclass(frozen=True)
class PlausibleWindow:
    """A log's plausible period and what it quarantines.

    Attributes
    ----------
    first_day, last_day : date or None
        The first and last plausible local day (both included). None when the log has no plausible date at all
        (then every event is quarantined) or no events.
    first_day_set, last_day_set : bool
        Whether the user set that end (else it is derived from the data).
    n_events : int
        Stored events of the log.
    n_quarantined : int
        Events outside the period (timestamp or start time).
    n_cases_affected : int
        Cases with at least one quarantined event.
    n_cases_left_out : int
        Cases whose every event is quarantined (they drop out of the analyses).
    n_unrepresentable : int
        Quarantined events dated before ``HARD_FIRST_DAY`` or after ``HARD_LAST_DAY``: no analysis counts them,
        not even with ``include_quarantined``.
    cut_cases, left_out_cases : tuple of int or None
        The ``case_idx`` of the cases with a quarantined event, and of those with only quarantined events, sorted;
        None when more than ``MAX_LISTED_CASES`` cases have a quarantined event (then filters find them by reading
        the events' dates).
    """

    first_day: date | None
    last_day: date | None
    first_day_set: bool = False
    last_day_set: bool = False
    n_events: int = 0
    n_quarantined: int = 0
    n_cases_affected: int = 0
    n_cases_left_out: int = 0
    n_unrepresentable: int = 0
    cut_cases: tuple[int, ...] | None = field(default=None, repr=False)
    left_out_cases: tuple[int, ...] | None = field(default=None, repr=False)

    @property
    def source(self) -> Literal["derived", "set", "partly set"]:
        """``derived`` from the data, ``set`` by the user, or ``partly set`` (one end)."""
        if self.first_day_set and self.last_day_set:
            return "set"
        return "partly set" if self.first_day_set or self.last_day_set else "derived"

    @property
    def start(self) -> datetime | None:
        """The period's first instant (local midnight of ``first_day``), in UTC."""
        return None if self.first_day is None else _local_midnight(self.first_day)

    @property
    def end(self) -> datetime | None:
        """The first instant after the period (local midnight after ``last_day``), in UTC."""
        return None if self.last_day is None else _local_midnight(self.last_day + timedelta(days=1))

    @property
    def is_active(self) -> bool:
        """True when the period quarantines at least one event."""
        return self.n_quarantined > 0

    def condition(self, prefix: str = "") -> str:
        """SQL: true for an event inside the period (``prefix`` qualifies the columns, e.g. ``'e.'``)."""
        return plausible_sql(self.first_day, self.last_day, prefix)

    @staticmethod
    def representable(prefix: str = "") -> str:
        """SQL: true for an event dated within ``HARD_FIRST_DAY .. HARD_LAST_DAY`` (what ``include_quarantined``
        brings back)."""
        return plausible_sql(HARD_FIRST_DAY, HARD_LAST_DAY, prefix)

    def to_dict(self, *, included: bool = False) -> dict[str, Any]:
        """Plain JSON data (what the REST API returns); ``included``: whether the caller's analysis counts the
        quarantined events after all (``include_quarantined``)."""
        return {
            "first_day": None if self.first_day is None else self.first_day.isoformat(),
            "last_day": None if self.last_day is None else self.last_day.isoformat(),
            "source": self.source, "n_events": self.n_events, "n_quarantined": self.n_quarantined,
            "n_cases_affected": self.n_cases_affected, "n_cases_left_out": self.n_cases_left_out,
            "n_unrepresentable": self.n_unrepresentable, "included": bool(included),
        }

    def _period_text(self) -> str:
        if self.first_day is None or self.last_day is None:
            return _("none (no plausible date)")
        return f"{self.first_day} – {self.last_day}"  # ISO: what `sagsflow window` takes

    def _source_text(self) -> str:
        return {"derived": _("derived from the data"), "set": _("set for the log"),
                "partly set": _("partly set for the log")}[self.source]

    def note(self, *, included: bool = False) -> str | None:
        """The note shown beside a result of the log, in the current language (None when the period leaves
        nothing out): how many events lie outside the period and whether the result counts them."""
        if not self.n_quarantined:
            return None
        if not included:
            return i18n.ngettext(
                "{n} event outside the plausible period ({period}) is left out; include it with include_quarantined "
                "(CLI: --include-quarantined).",
                "{n} events outside the plausible period ({period}) are left out; include them with "
                "include_quarantined (CLI: --include-quarantined).", self.n_quarantined, period=self._period_text())
        text = i18n.ngettext("{n} event outside the plausible period ({period}) is included.",
                             "{n} events outside the plausible period ({period}) are included.", self.n_quarantined,
                             period=self._period_text())
        if self.n_unrepresentable:
            text += " " + _("{n} dated before 1800 or after 2199 are left out all the same.", n=self.n_unrepresentable)
        return text

    def describe(self) -> str:
        """One line for people (the CLI), in the current language."""
        head = _("plausible period {period} ({source})", period=self._period_text(), source=self._source_text())
        if not self.n_quarantined:
            return head + ": " + _("no event outside.")
        text = head + ": " + _("{n} of {total} events in {cases} cases lie outside and are quarantined (kept, but "
                               "left out of analyses).", n=self.n_quarantined, total=self.n_events,
                               cases=self.n_cases_affected)
        if self.n_cases_left_out:
            text += " " + i18n.ngettext("{n} case has no event left.", "{n} cases have no event left.",
                                        self.n_cases_left_out)
        return text


def _local_midnight(d: date) -> datetime:
    return datetime.combine(d, time(0), tzinfo=_ZONE).astimezone(UTC)


def plausible_sql(first_day: date | None, last_day: date | None, prefix: str = "") -> str:
    """SQL: true for an event whose timestamp (and start time, when it has one) lies in ``[first_day,
    last_day]`` (local days). With no days at all nothing is plausible."""
    if first_day is None or last_day is None:
        return "FALSE"
    lo = f"TIMESTAMPTZ '{_local_midnight(first_day).isoformat()}'"
    hi = f"TIMESTAMPTZ '{_local_midnight(last_day + timedelta(days=1)).isoformat()}'"
    ts, st = f"{prefix}timestamp", f"{prefix}start_timestamp"
    return f"({ts} >= {lo} AND {ts} < {hi} AND ({st} IS NULL OR ({st} >= {lo} AND {st} < {hi})))"


# ----------------------------------------------------------------------------- deriving the period


def derive_window(days: np.ndarray, counts: np.ndarray) -> tuple[int, int] | None:
    """The first and last plausible day of a log (inclusive, as days since 1970-01-01), from its event days.

    ``days`` are the distinct days with events (sorted) and ``counts`` their number of events. Days outside
    ``HARD_FIRST_DAY .. HARD_LAST_DAY`` are dropped; the rest are split where neighbours lie more than
    ``max(MIN_GAP_DAYS, GAP_IQR_FACTOR x IQR)`` days apart (IQR: the interquartile range of the event days,
    weighted by events); groups at either end are dropped, the smaller end first, while the dropped events stay
    within ``max(MAX_SHARE x events, MAX_EVENTS)``. None when no day is left.

    >>> derive_window(np.array([0, 1, 2, 3]), np.array([1, 1, 1, 1]))
    (0, 3)
    >>> derive_window(np.array([-700000, 19000, 19001]), np.array([1, 10, 10]))   # year 53: never plausible
    (19000, 19001)
    """
    days = np.asarray(days, dtype=np.int64)
    counts = np.asarray(counts, dtype=np.int64)
    inside = (days >= _epoch_day(HARD_FIRST_DAY)) & (days <= _epoch_day(HARD_LAST_DAY)) & (counts > 0)
    d, c = days[inside], counts[inside]
    if len(d) == 0:
        return None
    total = int(c.sum())
    cum = np.cumsum(c)
    q25 = int(d[np.searchsorted(cum, 0.25 * total)])
    q75 = int(d[min(int(np.searchsorted(cum, 0.75 * total)), len(d) - 1)])
    gap = max(float(MIN_GAP_DAYS), GAP_IQR_FACTOR * (q75 - q25))
    cut = np.flatnonzero(np.diff(d) > gap) + 1
    starts, ends = np.r_[0, cut], np.r_[cut, len(d)]
    sums = np.add.reduceat(c, starts)
    lo, hi, dropped, limit = 0, len(starts) - 1, 0, max(MAX_SHARE * total, MAX_EVENTS)
    while lo < hi:
        low_side = sums[lo] <= sums[hi]
        size = int(sums[lo] if low_side else sums[hi])
        if dropped + size > limit:
            break
        dropped += size
        if low_side:
            lo += 1
        else:
            hi -= 1
    return int(d[starts[lo]]), int(d[ends[hi] - 1])


def _day_sql(col: str) -> str:
    """SQL: the UTC day (days since 1970-01-01, floored) of a TIMESTAMPTZ column; exact for any year."""
    us = f"epoch_us({col})"
    return f"({us} // {_DAY_US} - CASE WHEN {us} % {_DAY_US} < 0 THEN 1 ELSE 0 END)"


def _times_sql(events: str, has_start: bool) -> str:
    sql = f"SELECT timestamp AS t FROM {events}"
    if has_start:
        sql += f" UNION ALL SELECT start_timestamp FROM {events} WHERE start_timestamp IS NOT NULL"
    return sql


def derived_days(con: duckdb.DuckDBPyConnection, events: str) -> tuple[date, date] | None:
    """The derived plausible period (first and last local day) of the events in table or sub-query ``events``
    (needs ``timestamp`` and ``start_timestamp``); None when it has no plausible date."""
    has_start = bool(_rows(con, f"SELECT count(start_timestamp) > 0 FROM {events}")[0][0])
    times = _times_sql(events, has_start)
    rows = _rows(con, f"SELECT {_day_sql('t')} AS d, count(*) FROM ({times}) GROUP BY d ORDER BY d")
    if not rows:
        return None
    found = derive_window(np.array([r[0] for r in rows], np.int64), np.array([r[1] for r in rows], np.int64))
    if found is None:
        return None
    lo_us, hi_us = found[0] * _DAY_US, (found[1] + 1) * _DAY_US
    first, last = _rows(con, f"SELECT min(t), max(t) FROM ({times}) WHERE epoch_us(t) >= {lo_us} "
                             f"AND epoch_us(t) < {hi_us}")[0]
    return first.astimezone(_ZONE).date(), last.astimezone(_ZONE).date()


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    return con.execute(sql, params or []).fetchall()


def _settings(con: duckdb.DuckDBPyConnection, name: str) -> tuple[date | None, date | None]:
    try:
        rows = _rows(con, f"SELECT first_day, last_day FROM {SETTINGS_TABLE} WHERE log_name = ?", [name])
    except duckdb.CatalogException:  # a workspace made before the policy, opened read-only
        return None, None
    return (rows[0][0], rows[0][1]) if rows else (None, None)


def compute_window(con: duckdb.DuckDBPyConnection, name: str) -> PlausibleWindow:
    """The plausible period of stored log ``name`` and its counts, read from the store (not memoised: use
    :func:`plausible_window`)."""
    from sagsflow.store.layout import schema_name

    events = f"{schema_name(name)}.events"
    set_first, set_last = _settings(con, name)
    derived = derived_days(con, events) if set_first is None or set_last is None else None
    first = set_first if set_first is not None else (derived[0] if derived else None)
    last = set_last if set_last is not None else (derived[1] if derived else None)
    if first is not None and last is not None and first > last:
        first = last = None
    ok, fits = plausible_sql(first, last), PlausibleWindow.representable()
    n, n_out, n_cases, n_gone, n_wild, cut, gone = _rows(
        con, f"""SELECT coalesce(sum(n), 0), coalesce(sum(q), 0), count(*) FILTER (WHERE q > 0),
                        count(*) FILTER (WHERE q = n), coalesce(sum(u), 0),
                        CASE WHEN count(*) FILTER (WHERE q > 0) <= {MAX_LISTED_CASES}
                             THEN list(case_idx ORDER BY case_idx) FILTER (WHERE q > 0) END,
                        CASE WHEN count(*) FILTER (WHERE q > 0) <= {MAX_LISTED_CASES}
                             THEN list(case_idx ORDER BY case_idx) FILTER (WHERE q = n) END
                 FROM (SELECT case_idx, count(*) AS n, count(*) FILTER (WHERE NOT coalesce({ok}, FALSE)) AS q,
                              count(*) FILTER (WHERE NOT coalesce({fits}, FALSE)) AS u
                       FROM {events} GROUP BY case_idx)""")[0]
    listed = cut is not None or not n_cases
    return PlausibleWindow(first, last, set_first is not None, set_last is not None, int(n), int(n_out),
                           int(n_cases), int(n_gone), int(n_wild),
                           cut_cases=tuple(int(c) for c in cut or ()) if listed else None,
                           left_out_cases=tuple(int(c) for c in gone or ()) if listed else None)


# ----------------------------------------------------------------------------- per log, per version


def plausible_window(workspace: Workspace, log: str) -> PlausibleWindow:
    """The plausible period of a stored log and how many of its events it quarantines.

    Computed once per version of the log (and remembered by the workspace).

    Examples
    --------
    >>> import sagsflow, tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "s.csv"
    >>> rows = ["case,activity,time"] + [f"{c},A,2024-01-{c:02d} 09:00" for c in range(1, 29)]
    >>> _ = p.write_text("\\n".join(rows + ["1,B,1900-01-01", "2,B,2099-12-31"]) + "\\n")
    >>> log = sagsflow.read_csv(p)
    >>> w = plausible_window(log.workspace, log.name)
    >>> w.first_day, w.last_day, w.n_quarantined
    (datetime.date(2024, 1, 1), datetime.date(2024, 1, 28), 2)
    >>> log.n_events, log.include_quarantined().n_events
    (28, 30)
    """
    from sagsflow.store.workspace import fetch_one

    row = fetch_one(workspace.con, "SELECT updated_at, n_events FROM sf_logs WHERE name = ?", [log])
    if row is None:
        workspace.schema(log)  # raises the not-found error naming the logs there are
    assert row is not None
    return window_for_version(workspace, log, (row[0], row[1]))


def window_for_version(workspace: Workspace, log: str, version: tuple[Any, ...]) -> PlausibleWindow:
    """:func:`plausible_window` of the given version stamp (``sf_logs.updated_at, n_events``), memoised by the
    workspace's root for all its views."""
    memo = workspace.root._windows
    key = (log, *version)
    hit = memo.get(key)
    if hit is None:
        if len(memo) > 256:
            memo.clear()
        hit = memo[key] = compute_window(workspace.con, log)
    return hit


def _day(value: date | str | None, field: str) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        day = value
    else:
        try:
            day = date.fromisoformat(str(value))
        except ValueError:
            raise InvalidParameterError(
                f"The {field!r} of the plausible period must be a date (YYYY-MM-DD). Got {value!r} instead.",
                field=field) from None
    if not HARD_FIRST_DAY <= day <= HARD_LAST_DAY:
        raise InvalidParameterError(
            f"The {field!r} of the plausible period must lie between {HARD_FIRST_DAY} and {HARD_LAST_DAY}. "
            f"Got {day} instead.", hint="No analysis can represent dates outside these safely.", field=field)
    return day


def set_plausible_window(workspace: Workspace, log: str, first_day: date | str | None = None,
                         last_day: date | str | None = None) -> PlausibleWindow:
    """Set a log's plausible period: its first and/or last local day (both included); an end left None is
    derived from the data. Returns the new period with its counts.

    Setting the period changes what every analysis of the log sees, so the log's version stamp moves on (caches
    of its results are not served again).

    Raises
    ------
    InvalidParameterError
        A day that is not a date, lies outside 1800-01-01 .. 2199-12-31, or a first day after the last.
    NotFoundError
        No log of that name.

    Examples
    --------
    >>> import sagsflow, tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "s.csv"
    >>> _ = p.write_text("case,activity,time\\n1,A,2023-12-30\\n1,B,2024-01-03\\n2,A,2024-01-04\\n")
    >>> log = sagsflow.read_csv(p)
    >>> set_plausible_window(log.workspace, log.name, first_day="2024-01-01").n_quarantined
    1
    >>> reset_plausible_window(log.workspace, log.name).n_quarantined
    0
    """
    first, last = _day(first_day, "first_day"), _day(last_day, "last_day")
    if first is not None and last is not None and first > last:
        raise InvalidParameterError(
            f"The first day of the plausible period ({first}) is after its last day ({last}).", field="first_day")
    if first is None and last is None:
        return reset_plausible_window(workspace, log)
    return _store(workspace, log, first, last)


def reset_plausible_window(workspace: Workspace, log: str) -> PlausibleWindow:
    """Go back to the plausible period derived from the data; returns it with its counts."""
    return _store(workspace, log, None, None)


def _store(workspace: Workspace, log: str, first: date | None, last: date | None) -> PlausibleWindow:
    if log not in workspace:
        workspace.schema(log)  # raises the not-found error
    with workspace.transaction() as con:
        con.execute(SETTINGS_DDL)
        con.execute(f"DELETE FROM {SETTINGS_TABLE} WHERE log_name = ?", [log])
        if first is not None or last is not None:
            con.execute(f"INSERT INTO {SETTINGS_TABLE} VALUES (?, ?, ?, ?)", [log, first, last, datetime.now(UTC)])
        con.execute("UPDATE sf_logs SET updated_at = greatest(updated_at + INTERVAL 1 MICROSECOND, ?) WHERE name = ?",
                    [datetime.now(UTC), log])
    return plausible_window(workspace, log)


def forget(con: duckdb.DuckDBPyConnection, log: str) -> None:
    """Drop a log's setting (when the log is deleted); runs in the caller's transaction."""
    con.execute(f"DELETE FROM {SETTINGS_TABLE} WHERE log_name = ?", [log])


def import_warnings(window: PlausibleWindow) -> list[str]:
    """The warning an import gives when the log has quarantined events (none otherwise), in the current
    language."""
    if not window.n_quarantined:
        return []
    text = _("{n} events in {cases} cases lie outside the plausible period {period} ({source}) and are "
             "quarantined: kept, named in the quality report, and left out of analyses. Include them in an "
             "analysis with --include-quarantined (in the web app: the note's link), or set the period with "
             "'sagsflow window'.", n=window.n_quarantined,
             cases=window.n_cases_affected, period=window._period_text(), source=window._source_text())
    if window.n_unrepresentable:
        text += " " + _("{n} of them are dated before 1800 or after 2199: no analysis ever counts those.",
                        n=window.n_unrepresentable)
    return [text]
