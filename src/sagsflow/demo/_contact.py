"""Interviews with their bookings, no-shows, follow-ups and plan updates (shared by both processes)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from sagsflow.demo._core import CASEWORKER, MIN_PER_DAY, SELF_SERVICE, Context, EventBuffer

#: (label, probability given the previous step, min days, max days after it, actor)
FollowUp = tuple[str, float, int, int, int]


def add_interviews(ctx: Context, ev: EventBuffer, case: np.ndarray, day: np.ndarray, case_start: np.ndarray, *,
                   held: str, self_booking: float | np.ndarray, no_show: float | np.ndarray,
                   follow_up: Sequence[FollowUp] = (), plan_share: float = 0.3, book: bool = True,
                   actor: int = CASEWORKER) -> np.ndarray:
    """Add interviews planned on ``day`` for ``case``; return the minute each one was actually held.

    Each interview is booked 3-14 days before (by the citizen on Jobnet with probability
    ``self_booking``, else summoned by the caseworker). With probability ``no_show`` the citizen does
    not turn up: "Udeblevet" is registered, the ``follow_up`` chain may follow (hearing, sanction),
    and a new interview is summoned and held 5-12 days later.
    """
    n = len(case)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    t = ctx.meeting(day)
    if book:
        own = ctx.chance(self_booking, n)
        bday = np.maximum(case_start[case], t // MIN_PER_DAY - ctx.uniform(3, 14, n))
        bmin = np.where(own, ctx.anytime(bday), ctx.office(bday))
        bmin = np.minimum(bmin, t - 30)
        ev.add(case[own], bmin[own], "Samtale selvbooket", actor=SELF_SERVICE)
        ev.add(case[~own], bmin[~own], "Samtale indkaldt")
    absent = ctx.chance(no_show, n)
    ev.add(case[~absent], t[~absent], held, actor=actor)
    ev.add(case[absent], t[absent] + 10, "Udeblevet")
    chain = absent
    prev = t // MIN_PER_DAY
    for label, p, lo, hi, who in follow_up:
        chain = chain & ctx.chance(p, n)
        prev = prev + ctx.uniform(lo, hi, n)
        pm = ctx.office(prev) if who == CASEWORKER else ctx.date(prev)
        ev.add(case[chain], pm[chain], label, actor=who)
    # a new interview is summoned after a no-show
    k = np.flatnonzero(absent)
    d = t[k] // MIN_PER_DAY
    ev.add(case[k], ctx.office(d + ctx.uniform(1, 3, len(k))), "Samtale indkaldt")
    t2 = ctx.meeting(d + ctx.uniform(5, 12, len(k)))
    ev.add(case[k], t2, held, actor=actor)
    actual = t.copy()
    actual[k] = t2
    plan = ctx.chance(plan_share, n)
    ev.add(case[plan], actual[plan] + ctx.uniform(20, 90, int(plan.sum())), "Min Plan opdateret")
    return actual


def add_offers(ctx: Context, ev: EventBuffer, case: np.ndarray, given_day: np.ndarray, exit_day: np.ndarray, *,
               kinds: Sequence[str], kind_p: Sequence[float], length: dict[str, tuple[int, int]]) -> np.ndarray:
    """Add offers given on ``given_day`` (date-only), started 3-14 days later, ended after ``length`` days.

    An offer given before the case's exit starts only if the start is before the exit; one still
    running at the exit ends on the exit day. Returns the end day of each offer (or the given day
    when it never started).
    """
    from sagsflow.demo.vocabulary import offer_labels

    n = len(case)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    kind = ctx.rng.choice(len(kinds), size=n, p=np.asarray(kind_p) / np.sum(kind_p))
    codes = np.array([offer_labels(k) for k in kinds], dtype=np.int64)
    lo = np.array([length[k][0] for k in kinds])[kind]
    hi = np.array([length[k][1] for k in kinds])[kind]
    start = given_day + ctx.uniform(3, 14, n)
    end = np.minimum(start + ctx.uniform(lo, hi, n), exit_day[case])
    began = start < exit_day[case]
    ev.add(case, ctx.date(given_day), codes[kind, 0])
    ev.add(case[began], ctx.date(start[began]), codes[kind[began], 1])
    ev.add(case[began], ctx.date(end[began]), codes[kind[began], 2])
    return np.where(began, end, given_day)


def add_clock_stops(ctx: Context, ev: EventBuffer, start_day: np.ndarray, exit_day: np.ndarray,
                    p_sick: float | np.ndarray, p_holiday: float | np.ndarray,
                    p_exempt: float | np.ndarray) -> dict[str, np.ndarray]:
    """At most one absence or exemption per case in its first months, marked by start/end events.

    Returns ``kind`` (0 none, 1 sick, 2 holiday, 3 exempted), ``begin`` and ``length`` (days) so
    later deadlines can be moved by the stopped time.
    """
    n = len(start_day)
    u = ctx.rng.random(n)
    p1 = np.broadcast_to(np.asarray(p_sick, dtype=float), (n,))
    p2 = p1 + np.broadcast_to(np.asarray(p_holiday, dtype=float), (n,))
    p3 = p2 + np.broadcast_to(np.asarray(p_exempt, dtype=float), (n,))
    kind = np.select([u < p1, u < p2, u < p3], [1, 2, 3], 0)
    begin = start_day + ctx.uniform(10, 150, n)
    length = np.select([kind == 1, kind == 2, kind == 3],
                       [ctx.uniform(3, 35, n), ctx.uniform(5, 15, n), ctx.uniform(20, 90, n)], 0)
    kind = np.where(begin < exit_day, kind, 0)
    idx = np.arange(n)
    for k, (a, b) in {1: ("Fravær – syg start", "Fravær – syg slut"),
                      2: ("Fravær – ferie start", "Fravær – ferie slut"),
                      3: ("Fritaget start", "Fritaget slut")}.items():
        m = kind == k
        ev.add(idx[m], ctx.date(begin[m]), a)
        ev.add(idx[m], ctx.date(begin[m] + length[m]), b)
    return {"kind": kind, "begin": begin, "length": np.where(kind > 0, length, 0)}


def shifted(day: np.ndarray, case: np.ndarray, stop: dict[str, np.ndarray]) -> np.ndarray:
    """Move planned days at or after a case's clock-stop by the stopped time (the deadline moves too)."""
    return day + np.where(day >= stop["begin"][case], stop["length"][case], 0)


def monthly(ctx: Context, first: np.ndarray, last: np.ndarray, *, at_month_end: bool) -> tuple[np.ndarray, np.ndarray]:
    """Rows and days of a monthly routine between ``first`` (inclusive) and ``last`` (exclusive).

    The routine runs on the first working day of each month, or on the last one (``at_month_end``,
    as payments do).
    """
    from sagsflow.demo._core import expand, month_end, months_between

    count = np.where(last > first, months_between(first, last) + 1, 0)
    rows, k = expand(count)
    month = first[rows].astype("datetime64[D]").astype("datetime64[M]") + k
    start_of_month = month.astype("datetime64[D]").astype(np.int64)
    day = (ctx.cal.prev_workday(month_end(start_of_month)) if at_month_end
           else ctx.cal.next_workday(start_of_month))
    s = (day >= first[rows]) & (day < last[rows])
    return rows[s], day[s]
