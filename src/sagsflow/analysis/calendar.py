"""Business calendars: working days, working hours and Danish public holidays.

A :class:`BusinessCalendar` answers two questions, both vectorised over whole columns of
timestamps or dates (no Python loop per event):

* :meth:`BusinessCalendar.working_time_between` — how much working time lies between two instants
  (durations on a process map "in working time");
* :meth:`BusinessCalendar.add_working_days` — which date is ``n`` working days after a date
  (deadlines such as "within 10 working days" in the compliance rules).

Both work on a per-day table (is it a working day, when do working hours open and close in UTC,
cumulative working seconds before the day) that is built once per range of years and cached.
Public holidays come from the ``holidays`` package (country ``DK``): New Year's Day, Maundy
Thursday, Good Friday, Easter Sunday and Monday, Great Prayer Day (Store Bededag, abolished from
2024), Ascension Day, Whit Sunday and Monday, Christmas Day and Boxing Day. Days that are not public
holidays but on which Danish municipalities are closed by agreement are configurable extra closed
days: ``grundlovsdag`` (5 June), ``juleaftensdag`` (24 December), ``nytaarsaftensdag`` (31 December)
and ``arbejdernes_kampdag`` (1 May).

Examples
--------
>>> from datetime import date
>>> cal = BusinessCalendar()
>>> cal.add_working_days(date(2024, 12, 20), 3)  # Fri before Christmas: 23, 27, 30 December
datetime.date(2024, 12, 30)
>>> cal.working_time_between("2024-03-27 15:00+01:00", "2024-04-02 09:00+02:00") / 3600  # Easter
2.0
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from sagsflow.errors import InvalidParameterError

#: the extra closed days a calendar can name, with (month, day)
EXTRA_CLOSED_DAYS: dict[str, tuple[int, int]] = {
    "grundlovsdag": (6, 5),
    "juleaftensdag": (12, 24),
    "nytaarsaftensdag": (12, 31),
    "arbejdernes_kampdag": (5, 1),
}
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_NS = 86_400 * 10**9
_EPOCH = date(1970, 1, 1)

TimeLike = Any  # array-like of instants: numpy datetime64, pandas Series/Index, strings, datetimes


def _parse_hhmm(text: str, what: str) -> int:
    """'08:00' -> seconds after midnight; '24:00' is allowed as the end of the day."""
    try:
        hh, mm = str(text).split(":")
        h, m = int(hh), int(mm)
    except ValueError:
        h, m = -1, -1
    if not (0 <= h <= 24 and 0 <= m < 60) or (h == 24 and m != 0):
        raise InvalidParameterError(
            f"the calendar's {what} must be a time 'HH:MM' between 00:00 and 24:00. Got {text!r} instead.",
            hint="Write working hours as e.g. hours=('08:00', '16:00').",
            field="hours",
        )
    return h * 3600 + m * 60


@dataclass(frozen=True)
class BusinessCalendar:
    """Working days and hours of an organisation, with public holidays.

    Parameters
    ----------
    workdays : tuple of str
        Weekdays that are working days (``'mon'`` ... ``'sun'``). Default Monday to Friday.
    hours : tuple of (str, str) or None
        Opening and closing time (local, ``'HH:MM'``; ``'24:00'`` allowed as the end). ``None``
        counts whole working days (24 h each).
    timezone : str
        IANA time zone of the working hours. Default ``'Europe/Copenhagen'``.
    country : str or None
        Country whose public holidays close the office (``holidays`` package code), ``None`` for none.
    extra_closed : tuple of str
        Named days closed on top of the public holidays, from :data:`EXTRA_CLOSED_DAYS`. Default
        Grundlovsdag, Juleaftensdag and Nytårsaftensdag (the days off in Danish municipalities).
    closed_dates, open_dates : tuple of date
        Single dates closed (e.g. a bridge day) or open although they would be closed.

    Examples
    --------
    >>> cal = BusinessCalendar(hours=("08:00", "15:30"), extra_closed=("juleaftensdag",))
    >>> cal.to_dict()["hours"]
    ['08:00', '15:30']
    >>> BusinessCalendar.from_dict(cal.to_dict()) == cal
    True
    """

    workdays: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri")
    hours: tuple[str, str] | None = ("08:00", "16:00")
    timezone: str = "Europe/Copenhagen"
    country: str | None = "DK"
    extra_closed: tuple[str, ...] = ("grundlovsdag", "juleaftensdag", "nytaarsaftensdag")
    closed_dates: tuple[date, ...] = ()
    open_dates: tuple[date, ...] = ()
    _tables: dict[tuple[int, int], _DayTable] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False, compare=False,
                                  hash=False)

    _FIELDS: ClassVar[tuple[str, ...]] = (
        "workdays", "hours", "timezone", "country", "extra_closed", "closed_dates", "open_dates"
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "workdays", tuple(str(d).lower()[:3] for d in self.workdays))
        bad = [d for d in self.workdays if d not in _WEEKDAYS]
        if bad:
            raise InvalidParameterError(
                f"the calendar's workdays must be among {', '.join(_WEEKDAYS)}. Got {bad[0]!r} instead.",
                field="workdays",
            )
        if self.hours is not None:
            hours = tuple(self.hours)
            if len(hours) != 2:
                raise InvalidParameterError(
                    f"hours must be a pair (open, close) such as ('08:00', '16:00'). Got {self.hours!r} instead.",
                    field="hours",
                )
            o, c = _parse_hhmm(hours[0], "opening time"), _parse_hhmm(hours[1], "closing time")
            if c <= o:
                raise InvalidParameterError(
                    f"the closing time must be after the opening time. Got hours={hours!r}.",
                    hint="Working hours across midnight are not supported; use hours=None for whole days.",
                    field="hours",
                )
            object.__setattr__(self, "hours", (str(hours[0]), str(hours[1])))
        try:
            ZoneInfo(self.timezone)
        except Exception as exc:  # ZoneInfoNotFoundError, ValueError
            raise InvalidParameterError(
                f"unknown time zone {self.timezone!r}.", hint="Use an IANA name such as 'Europe/Copenhagen'.",
                field="timezone",
            ) from exc
        object.__setattr__(self, "extra_closed", tuple(self.extra_closed))
        bad = [d for d in self.extra_closed if d not in EXTRA_CLOSED_DAYS]
        if bad:
            raise InvalidParameterError(
                f"unknown extra closed day {bad[0]!r}; allowed: {', '.join(EXTRA_CLOSED_DAYS)}.",
                hint="Give single dates with closed_dates=(date(2024, 5, 10),).",
                field="extra_closed",
            )
        if self.country is not None:
            import holidays

            if self.country not in holidays.list_supported_countries():
                raise InvalidParameterError(
                    f"the holidays package has no public holidays for country {self.country!r}.",
                    hint="Use an ISO 3166 code such as 'DK', or country=None.",
                    field="country",
                )
        object.__setattr__(self, "closed_dates", tuple(_as_date(d) for d in self.closed_dates))
        object.__setattr__(self, "open_dates", tuple(_as_date(d) for d in self.open_dates))

    # ----------------------------------------------------------------- serialisation
    def to_dict(self) -> dict[str, Any]:
        """A JSON/YAML-ready dict; :meth:`from_dict` reads it back."""
        return {
            "workdays": list(self.workdays),
            "hours": list(self.hours) if self.hours is not None else None,
            "timezone": self.timezone,
            "country": self.country,
            "extra_closed": list(self.extra_closed),
            "closed_dates": [d.isoformat() for d in self.closed_dates],
            "open_dates": [d.isoformat() for d in self.open_dates],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BusinessCalendar:
        """Build a calendar from :meth:`to_dict` output (missing keys take their defaults)."""
        unknown = sorted(set(data) - set(cls._FIELDS))
        if unknown:
            raise InvalidParameterError(
                f"unknown calendar setting {unknown[0]!r}; allowed: {', '.join(cls._FIELDS)}.", field=unknown[0]
            )
        kw: dict[str, Any] = dict(data)
        for key in ("workdays", "extra_closed", "closed_dates", "open_dates"):
            if key in kw:
                kw[key] = tuple(kw[key] or ())
        if kw.get("hours") is not None:
            kw["hours"] = tuple(kw["hours"])
        return cls(**kw)

    def to_yaml(self) -> str:
        """The calendar as YAML text."""
        import yaml

        return str(yaml.safe_dump(self.to_dict(), sort_keys=False, allow_unicode=True))

    @classmethod
    def from_yaml(cls, text: str) -> BusinessCalendar:
        """Read a calendar from YAML text (see :meth:`to_yaml`)."""
        import yaml

        data = yaml.safe_load(text) or {}
        if not isinstance(data, dict):
            raise InvalidParameterError(f"a calendar in YAML must be a mapping of settings. Got {data!r}.")
        return cls.from_dict(data)

    def key(self) -> str:
        """A stable text key of the settings (for caches)."""
        return json.dumps(self.to_dict(), sort_keys=True)

    # ----------------------------------------------------------------- days
    @cached_property
    def _open_close(self) -> tuple[int, int]:
        if self.hours is None:
            return 0, 86_400
        return _parse_hhmm(self.hours[0], "opening time"), _parse_hhmm(self.hours[1], "closing time")

    def holidays(self, years: Iterable[int]) -> dict[date, str]:
        """Closed dates (other than weekends) in ``years`` with their names."""
        out: dict[date, str] = {}
        years = list(years)
        if self.country is not None:
            import holidays

            out.update(holidays.country_holidays(self.country, years=years))
        for y in years:
            for name in self.extra_closed:
                month, day = EXTRA_CLOSED_DAYS[name]
                out.setdefault(date(y, month, day), name)
        for closed in self.closed_dates:
            if closed.year in years:
                out.setdefault(closed, "closed")
        for opened in self.open_dates:
            out.pop(opened, None)
        return dict(sorted(out.items()))

    def _table(self, first: int, last: int) -> _DayTable:
        """The day table covering day numbers ``first..last`` (whole years, cached)."""
        y0 = (np.datetime64(first, "D").astype("datetime64[Y]").astype(int) + 1970) - 1
        y1 = (np.datetime64(last, "D").astype("datetime64[Y]").astype(int) + 1970) + 1
        with self._lock:
            for (a, b), t in self._tables.items():
                if a <= y0 and y1 <= b:
                    return t
            t = _DayTable.build(self, int(y0), int(y1))
            self._tables[(int(y0), int(y1))] = t
            return t

    def is_working_day(self, dates: Any) -> Any:
        """Whether each date is a working day (scalar in, bool out; array in, bool array out)."""
        days, scalar = _days(dates)
        if days.size == 0:
            return np.zeros(0, dtype=bool)
        t = self._table(int(days.min()), int(days.max()))
        out = t.work[days - t.first]
        return bool(out[0]) if scalar else out

    def add_working_days(self, dates: Any, n: int | Sequence[int] | np.ndarray) -> Any:
        """The date ``n`` working days after each date (before it when ``n`` is negative).

        The start date itself is not counted: ``n=1`` is the next working day, ``n=0`` the date
        itself when it is a working day, else the next working day. A date (``datetime.date``,
        ``'2024-12-20'``) gives a ``date``; an array gives ``datetime64[D]``.

        Examples
        --------
        >>> from datetime import date
        >>> BusinessCalendar().add_working_days(date(2024, 3, 27), 1)  # Easter: Thu-Mon closed
        datetime.date(2024, 4, 2)
        """
        days, scalar = _days(dates)
        steps = np.broadcast_to(np.asarray(n, dtype=np.int64), days.shape)
        if days.size == 0:
            return np.zeros(0, dtype="datetime64[D]")
        span = int(np.abs(steps).max()) * 3 + 30  # more than enough: at most ~1/3 of days are closed
        t = self._table(int(days.min()) - span, int(days.max()) + span)
        i = days - t.first
        rank = t.rank[i]  # working days up to and including the day
        is_work = t.work[i]
        idx = np.where(steps > 0, rank + steps - 1, np.where(steps == 0, rank - is_work, rank - is_work + steps))
        out = t.workday_list[idx] + t.first
        res = out.astype("datetime64[D]")
        return _to_date(res[0]) if scalar else res

    def working_days_between(self, start: Any, end: Any) -> Any:
        """Working days after ``start`` up to and including ``end`` (negative when ``end`` is earlier)."""
        a, s1 = _days(start)
        b, s2 = _days(end)
        if a.size == 0 or b.size == 0:
            return np.zeros(0, dtype=np.int64)
        t = self._table(int(min(a.min(), b.min())), int(max(a.max(), b.max())))
        out = t.rank[b - t.first] - t.rank[a - t.first]
        return int(out[0]) if (s1 and s2) else out

    # ----------------------------------------------------------------- time
    def working_seconds(self, instants: Any) -> np.ndarray:
        """Cumulative working seconds from an origin before all ``instants`` to each (float64 array).

        Only differences between values of one call are meaningful: they are working time. The
        process map computes this once per event and caches it. ``NaT`` gives NaN.
        """
        ns, _ = _instants(instants)
        return self._cumulative(ns)

    def working_time_between(self, start: Any, end: Any) -> Any:
        """Working time in seconds between ``start`` and ``end`` (vectorised; negative if reversed).

        Instants are timezone-aware timestamps or strings with an offset (naive ones are taken as
        UTC), scalars or arrays/Series of equal length. Returns a float, or a float64 array.

        Examples
        --------
        >>> cal = BusinessCalendar()
        >>> cal.working_time_between("2024-06-07 15:00+02:00", "2024-06-10 09:00+02:00") / 3600  # weekend
        2.0
        """
        a, s1 = _instants(start)
        b, s2 = _instants(end)
        w = self._cumulative(np.concatenate([a, b]))  # one table, one origin for both
        out = w[len(a):] - w[: len(a)] if len(a) == len(b) else np.subtract(w[len(a):], w[: len(a)])
        return float(out[0]) if (s1 and s2) else out

    def _cumulative(self, ns: np.ndarray) -> np.ndarray:
        """Working seconds from the table origin to each instant (int64 ns epoch; NaT -> NaN)."""
        nat = ns == np.iinfo(np.int64).min
        if nat.all():
            return np.full(ns.shape, np.nan)
        out = self.working_ns(ns, nat if nat.any() else None) / 1e9
        if nat.any():
            out[nat] = np.nan
        return out

    def working_ns(self, ns: np.ndarray, nat: np.ndarray | None = None) -> np.ndarray:
        """Cumulative working nanoseconds (int64) to each UTC epoch-ns instant; see :meth:`working_seconds`.

        ``nat`` marks entries to ignore (their result is meaningless). Vectorised: a handful of
        array operations against a per-day table, no loop per instant.
        """
        ns = np.asarray(ns, dtype=np.int64)
        if ns.size == 0:
            return np.zeros(0, dtype=np.int64)
        valid = ns[~nat] if nat is not None else ns
        if valid.size == 0:
            return np.zeros(ns.shape, dtype=np.int64)
        lo, hi = int(valid.min() // _DAY_NS) - 1, int(valid.max() // _DAY_NS) + 1
        t = self._table(lo, hi)
        x = np.where(nat, t.day_start_ns[1], ns) if nat is not None else ns
        # a grid of equal slots (15 minutes or finer) from the table's first local midnight; each
        # slot is wholly inside or outside working hours, so one lookup per instant is enough:
        # grid = 2 * (working ns before the slot) + (1 if the slot is working)
        off = x - t.day_start_ns[0]
        g = off // t.quantum_ns
        off -= g * t.quantum_ns
        cell = t.grid[g]
        off *= cell & 1
        cell >>= 1
        cell += off
        return cell


@dataclass(frozen=True)
class _DayTable:
    """Per local day: working day?, open/close in UTC ns, cumulative working seconds before it."""

    first: int  # day number (days since 1970-01-01) of row 0
    work: np.ndarray  # bool
    day_start_ns: np.ndarray  # UTC ns of local midnight, one more row than days
    open_ns: np.ndarray
    length_ns: np.ndarray  # working ns on the day (0 on closed days)
    cum_ns: np.ndarray  # working ns before the day
    rank: np.ndarray  # working days up to and including the day
    workday_list: np.ndarray  # offsets of the working days
    quantum_ns: int  # slot length of the grid
    grid: np.ndarray  # per slot: 2 * working ns before it + (1 if working)

    @classmethod
    def build(cls, cal: BusinessCalendar, y0: int, y1: int) -> _DayTable:
        first = (date(y0, 1, 1) - _EPOCH).days
        last = (date(y1, 12, 31) - _EPOCH).days
        days = np.arange(first, last + 2, dtype=np.int64)  # one extra day for the end boundary
        weekday = (days + 3) % 7  # 1970-01-01 was a Thursday (3)
        wanted = np.array([_WEEKDAYS.index(d) for d in cal.workdays], dtype=np.int64)
        work = np.isin(weekday, wanted)
        closed = np.array([(d - _EPOCH).days for d in cal.holidays(range(y0, y1 + 2))], dtype=np.int64)
        work &= ~np.isin(days, closed)
        if cal.open_dates:
            work |= np.isin(days, np.array([(d - _EPOCH).days for d in cal.open_dates], dtype=np.int64))
        local = pd.DatetimeIndex(days.astype("datetime64[D]").astype("datetime64[ns]"))
        o, c = cal._open_close

        def utc(offset_s: int) -> np.ndarray:
            idx = (local + pd.Timedelta(seconds=offset_s)).tz_localize(
                cal.timezone, nonexistent="shift_forward", ambiguous=np.zeros(len(local), dtype=bool)
            )
            return np.asarray(idx.tz_convert("UTC").tz_localize(None).as_unit("ns").asi8, dtype=np.int64)

        day_start = utc(0)
        open_ns = utc(o)
        # '24:00' closes at the next local midnight (23 or 25 hours on a daylight-saving day)
        close_ns = np.append(day_start[1:], day_start[-1] + _DAY_NS) if c == 86_400 else utc(c)
        length = np.where(work, close_ns - open_ns, 0)
        cum = np.concatenate([np.zeros(1, dtype=np.int64), np.cumsum(length)[:-1]])
        rank = np.cumsum(work)
        n = len(days) - 1
        # slot grid: open and close times (and UTC offsets, multiples of 15 min) fall on slot edges
        q = int(np.gcd.reduce([o, c % 86_400, 900])) * 10**9
        n_slots = int((day_start[-1] - day_start[0]) // q)
        a = (open_ns[:n][work[:n]] - day_start[0]) // q
        b = a + length[:n][work[:n]] // q
        edge = np.zeros(n_slots + 1, dtype=np.int64)
        np.add.at(edge, a, 1)
        np.add.at(edge, b, -1)
        slot_work = np.cumsum(edge[:-1])
        before = np.concatenate([np.zeros(1, dtype=np.int64), np.cumsum(slot_work)[:-1]]) * q
        return cls(
            first=first,
            work=work[:n],
            day_start_ns=day_start,
            open_ns=open_ns[:n],
            length_ns=length[:n],
            cum_ns=cum[:n],
            rank=rank[:n],
            workday_list=np.flatnonzero(work[:n]),
            quantum_ns=q,
            grid=2 * before + slot_work,
        )


# ----------------------------------------------------------------- conversions
def _as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise InvalidParameterError(f"expected a date 'YYYY-MM-DD'. Got {value!r} instead.") from exc


def _to_date(d: np.datetime64) -> date:
    return _EPOCH + timedelta(days=int(d.astype(np.int64)))


def _days(values: Any) -> tuple[np.ndarray, bool]:
    """Day numbers (int64) of dates; the flag says the input was a scalar."""
    if isinstance(values, (date, str, np.datetime64)) and not isinstance(values, datetime):
        return np.array([(_as_date(values) - _EPOCH).days if not isinstance(values, np.datetime64)
                         else values.astype("datetime64[D]").astype(np.int64)], dtype=np.int64), True
    if isinstance(values, datetime):
        return np.array([(values.date() - _EPOCH).days], dtype=np.int64), True
    arr = np.asarray(values)
    if arr.dtype == object:
        arr = np.array([_as_date(v) for v in arr.ravel()], dtype="datetime64[D]")
    return arr.astype("datetime64[D]").astype(np.int64).ravel(), False


def _instants(values: Any) -> tuple[np.ndarray, bool]:
    """UTC int64 nanoseconds of instants; the flag says the input was a scalar."""
    scalar = isinstance(values, (str, datetime, pd.Timestamp, np.datetime64))
    if scalar:
        ts = pd.Timestamp(values)
        if ts is pd.NaT:
            return np.array([np.iinfo(np.int64).min], dtype=np.int64), True
        ts = (ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")).as_unit("ns")
        return np.array([ts.value], dtype=np.int64), True
    if isinstance(values, np.ndarray) and values.dtype.kind == "M":
        v = values if values.dtype == np.dtype("datetime64[ns]") else values.astype("datetime64[ns]")
        return v.view(np.int64).ravel(), False
    idx = pd.DatetimeIndex(pd.to_datetime(pd.Series(values) if not isinstance(values, pd.Series) else values,
                                          utc=True))
    return np.asarray(idx.tz_localize(None).as_unit("ns").asi8, dtype=np.int64), False


def default_calendar() -> BusinessCalendar:
    """The default Danish municipal calendar: Mon-Fri 08:00-16:00, public holidays, Grundlovsdag,
    Juleaftensdag and Nytårsaftensdag closed, Europe/Copenhagen."""
    return BusinessCalendar()




CALENDAR_FILE = "calendar.yaml"


def load_calendar(workspace: Any) -> BusinessCalendar:
    """The business calendar configured for a workspace (``<workspace>/calendar.yaml``), else the default.

    Examples
    --------
    >>> import tempfile
    >>> from sagsflow.store.workspace import Workspace
    >>> with Workspace.open(tempfile.mkdtemp()) as ws:
    ...     _ = save_calendar(ws, BusinessCalendar(hours=("09:00", "15:00")))
    ...     load_calendar(ws).hours
    ('09:00', '15:00')
    """
    path = getattr(workspace, "path", None)
    if path is None or not (path / CALENDAR_FILE).exists():
        return BusinessCalendar()
    return BusinessCalendar.from_yaml((path / CALENDAR_FILE).read_text(encoding="utf-8"))


def save_calendar(workspace: Any, calendar: BusinessCalendar) -> Any:
    """Store ``calendar`` as the workspace's business calendar; returns the file written."""
    path = getattr(workspace, "path", None)
    if path is None:
        raise InvalidParameterError(
            "an in-memory workspace has no folder to keep a calendar in.",
            hint="Open a workspace with Workspace.open(path), or pass calendar= to each analysis.",
        )
    target = path / CALENDAR_FILE
    target.write_text(calendar.to_yaml(), encoding="utf-8")
    return target


__all__ = ["EXTRA_CLOSED_DAYS", "BusinessCalendar", "default_calendar", "load_calendar", "save_calendar"]
