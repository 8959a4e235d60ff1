"""Shared machinery of the generator: calendar, random context and the columnar event buffer.

Time is kept as integers: days and minutes since 1970-01-01 in Copenhagen wall-clock time (the
extract's text is local time). No generated time falls between 02:00 and 03:00, so no local time
is ambiguous or missing at a daylight-saving change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import holidays
import numpy as np

from sagsflow.demo.vocabulary import CODE

EPOCH = date(1970, 1, 1)
MIN_PER_DAY = 1440

# who registers an event
CASEWORKER, ROBOT, SELF_SERVICE = 0, 1, 2


def day_number(d: date) -> int:
    """Days since 1970-01-01."""
    return (d - EPOCH).days


class WorkCalendar:
    """Danish working days (Monday-Friday without public holidays) over a range of day numbers."""

    def __init__(self, first_day: int, last_day: int) -> None:
        self.first = first_day
        days = np.arange(first_day, last_day + 1, dtype=np.int64)
        years = range((EPOCH.year + first_day // 366) - 1, EPOCH.year + last_day // 365 + 2)
        hol = np.array([day_number(d) for d in holidays.Denmark(years=years)], dtype=np.int64)
        work = ((days + 3) % 7 < 5) & ~np.isin(days, hol)
        n = len(days)
        idx = np.where(work, np.arange(n), n - 1)
        self._next = np.minimum.accumulate(idx[::-1])[::-1]
        self._prev = np.maximum.accumulate(np.where(work, np.arange(n), 0))
        self.n = n

    def next_workday(self, day: np.ndarray) -> np.ndarray:
        """The day itself when it is a working day, else the next working day."""
        i = np.clip(np.asarray(day, dtype=np.int64) - self.first, 0, self.n - 1)
        return self.first + self._next[i]

    def prev_workday(self, day: np.ndarray) -> np.ndarray:
        """The day itself when it is a working day, else the previous working day."""
        i = np.clip(np.asarray(day, dtype=np.int64) - self.first, 0, self.n - 1)
        return self.first + self._prev[i]


def month_end(day: np.ndarray) -> np.ndarray:
    """Last calendar day of the month containing each day."""
    m = np.asarray(day, dtype="datetime64[D]").astype("datetime64[M]")
    return ((m + 1).astype("datetime64[D]") - 1).astype(np.int64)


def months_between(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Whole calendar months from the month of ``a`` to the month of ``b``."""
    ma = np.asarray(a, dtype="datetime64[D]").astype("datetime64[M]").astype(np.int64)
    mb = np.asarray(b, dtype="datetime64[D]").astype("datetime64[M]").astype(np.int64)
    return mb - ma


def expand(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For per-row counts, the row index and the 0-based occurrence number of each repetition."""
    counts = np.asarray(counts, dtype=np.int64)
    rows = np.repeat(np.arange(len(counts)), counts)
    starts = np.cumsum(counts) - counts
    k = np.arange(len(rows), dtype=np.int64) - np.repeat(starts, counts)
    return rows, k


@dataclass
class Context:
    """Random stream and calendar of one process in one municipality."""

    rng: np.random.Generator
    cal: WorkCalendar
    start_day: int
    end_day: int

    def uniform(self, lo: float | np.ndarray, hi: float | np.ndarray, n: int) -> np.ndarray:
        """Integer days drawn uniformly from [lo, hi] (inclusive)."""
        lo_a = np.asarray(lo, dtype=np.float64)
        hi_a = np.asarray(hi, dtype=np.float64)
        return np.floor(lo_a + self.rng.random(n) * (hi_a - lo_a + 1)).astype(np.int64)

    def chance(self, p: float | np.ndarray, n: int) -> np.ndarray:
        return self.rng.random(n) < p

    def meeting(self, day: np.ndarray) -> np.ndarray:
        """Minute of an interview: a working day, on the quarter hour 08:00-15:00."""
        d = self.cal.next_workday(day)
        return d * MIN_PER_DAY + self.rng.integers(32, 61, len(d)) * 15

    def office(self, day: np.ndarray) -> np.ndarray:
        """Minute of desk work: a working day, 08:00-15:59."""
        d = self.cal.next_workday(day)
        return d * MIN_PER_DAY + self.rng.integers(8 * 60, 16 * 60, len(d))

    def anytime(self, day: np.ndarray) -> np.ndarray:
        """Minute of citizen self-service: any day, 06:00-23:59 (skewed to daytime)."""
        d = np.asarray(day, dtype=np.int64)
        hour = np.clip(np.round(self.rng.normal(13.5, 3.8, len(d))), 6, 23).astype(np.int64)
        return d * MIN_PER_DAY + hour * 60 + self.rng.integers(0, 60, len(d))

    @staticmethod
    def date(day: np.ndarray) -> np.ndarray:
        """Minute of a date-only event: midnight."""
        return np.asarray(day, dtype=np.int64) * MIN_PER_DAY


class EventBuffer:
    """Columnar accumulator of generated events (case, minute, activity code, actor, registration day)."""

    def __init__(self) -> None:
        self._parts: list[tuple[np.ndarray, ...]] = []

    def add(self, case: np.ndarray, minute: np.ndarray, label: str | np.ndarray, *, actor: int = CASEWORKER,
            reg_day: np.ndarray | None = None) -> None:
        """Append events; ``label`` is one label or an array of activity codes."""
        n = len(case)
        if n == 0:
            return
        act = (np.full(n, CODE[label], dtype=np.int16) if isinstance(label, str)
               else np.asarray(label, dtype=np.int16))
        reg = np.full(n, -1, dtype=np.int64) if reg_day is None else np.asarray(reg_day, dtype=np.int64)
        self._parts.append((np.asarray(case, dtype=np.int64), np.asarray(minute, dtype=np.int64), act,
                            np.full(n, actor, dtype=np.int8), reg))

    def arrays(self) -> dict[str, np.ndarray]:
        """All events as columns: case, minute, act, actor, reg_day (-1 = default registration)."""
        names = ("case", "minute", "act", "actor", "reg_day")
        if not self._parts:
            return {k: np.zeros(0, dtype=np.int64) for k in names}
        return {k: np.concatenate([p[i] for p in self._parts]) for i, k in enumerate(names)}


@dataclass
class ProcessBatch:
    """Generated cases and events of one process in one municipality (before assembly)."""

    process: str
    municipality_index: int
    cases: dict[str, np.ndarray]   # start_day, exit_day, maalgruppe, ydelse, birth_day, male, citizen,
                                   # undtaget, reason (exit reason code), team (team index into `teams`)
    teams: tuple[str, ...]
    events: dict[str, np.ndarray]
    reasons: tuple[str, ...]       # exit reason labels (afgangsaarsag)
    maalgrupper: tuple[str, ...]
    ydelser: tuple[str, ...]


def seasonal_days(ctx: Context, n: int, lo: int, hi: int, weights: tuple[float, ...]) -> np.ndarray:
    """``n`` sorted working days in [lo, hi] with a month-of-year inflow profile."""
    days = np.arange(lo, hi + 1)
    month = days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64) % 12
    p = np.asarray(weights)[month]
    drawn = ctx.rng.choice(days, size=n, p=p / p.sum())
    return np.sort(ctx.cal.next_workday(drawn))


def lognormal_days(ctx: Context, n: int, median_days: float, sigma: float) -> np.ndarray:
    return np.maximum(1, np.round(median_days * np.exp(sigma * ctx.rng.standard_normal(n)))).astype(np.int64)


def people(ctx: Context, start_day: np.ndarray, exit_day: np.ndarray, age_lo: np.ndarray, age_hi: np.ndarray,
           male_share: float, repeat_share: float, max_age: float = 200.0) -> dict[str, np.ndarray]:
    """Citizens of the cases: birth day, gender and a citizen number.

    Cases are sorted by start. A share ``repeat_share`` of cases belong to the citizen of an earlier,
    already closed case (recurrent spells) who is still younger than ``max_age``; the rest are new
    citizens. Birth day and gender come
    from the citizen's first case, so age bands stay consistent with the CPR-shaped number.
    """
    n = len(start_day)
    age_days = ctx.uniform(np.asarray(age_lo) * 365.25, np.asarray(age_hi) * 365.25, n)
    birth = start_day - age_days
    male = ctx.chance(male_share, n)
    citizen = np.arange(n, dtype=np.int64)
    rep = ctx.chance(repeat_share, n)
    firsts = np.flatnonzero(~rep)
    if len(firsts) == 0:
        return {"birth_day": birth, "male": male, "citizen": citizen}
    n_before = np.searchsorted(firsts, citizen)          # first cases with a smaller index
    pick = firsts[np.minimum(np.floor(ctx.rng.random(n) * n_before).astype(np.int64), len(firsts) - 1)]
    ok = rep & (n_before > 0) & (exit_day[pick] < start_day) & (start_day - birth[pick] < max_age * 365.25)
    citizen[ok] = pick[ok]
    return {"birth_day": birth[citizen], "male": male[citizen], "citizen": citizen}
