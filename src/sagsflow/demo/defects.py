"""Registration practice and its defects: when events are registered, by whom, and what goes wrong.

These are what the data-quality report must find (Suriadi et al. 2017 patterns in brackets):

- date-only timestamps for offers, benefits, absences and exits everywhere, and for every event in one
  municipality (form-based event capture);
- a robot user, ``RPA-ROBOT``, registering each night's a-kasse data and payments in one batch within
  seconds (collateral events / batch registration);
- backdating: a share of caseworker events registered 14-120 days after they happened (inadvertent
  time travel / backdated registration);
- synonymous labels between Momentum and Fasit municipalities, and a misspelt label in one
  municipality (synonymous labels, polluted label);
- a few exact duplicate rows (collateral events) and a few implausible years, 1900 and 2099
  (inadvertent time travel).
"""

from __future__ import annotations

import numpy as np

from sagsflow.demo._core import CASEWORKER, MIN_PER_DAY, ROBOT, SELF_SERVICE, WorkCalendar

ROBOT_USER = "RPA-ROBOT"
SELF_SERVICE_USER = "SELVBETJENING"
#: the robot starts at 00:40 (dagpenge) and 01:10 (kontanthjælp), and never runs past 02:00
ROBOT_START_MIN = {"dagpenge": 40, "kontanthjaelp": 70}
ROBOT_WINDOW_S = 45 * 60
BACKDATING_DAYS = (14, 120)
DUPLICATE_RATE = 0.0005
IMPLAUSIBLE_RATE = 0.00002
IMPLAUSIBLE_YEARS = (1900, 2099)
NOTE_RATE = 0.12
CPR_IN_NOTE_RATE = 0.03


def registration_seconds(rng: np.random.Generator, cal: WorkCalendar, minute: np.ndarray, date_only: np.ndarray,
                         actor: np.ndarray, reg_day: np.ndarray, backdating: float,
                         process: str) -> tuple[np.ndarray, np.ndarray]:
    """Registration time (seconds since 1970-01-01, local) of each event and the backdated mask.

    Caseworkers register timed events minutes to hours after they happen and date-only events on
    the same or one of the next working days; a share ``backdating`` of their events is registered
    14-120 days late. Self-service is registered at once. The robot registers each day's data the
    following night in one batch, events a second or less apart.
    """
    n = len(minute)
    day = minute // MIN_PER_DAY
    reg = minute * 60
    # self-service: registered at once
    k = np.flatnonzero(actor == SELF_SERVICE)
    reg[k] += rng.integers(0, 120, len(k))
    # caseworkers: timed events minutes to hours later, date-only ones on the same or a next working day
    cw = actor == CASEWORKER
    k = np.flatnonzero(cw & ~date_only & (reg_day < 0))
    reg[k] += np.clip(np.exp(rng.normal(np.log(25 * 60), 1.0, len(k))), 60, 6 * 3600).astype(np.int64)
    k = np.flatnonzero(cw & date_only & (reg_day < 0))
    reg[k] = (cal.next_workday(day[k] + rng.geometric(0.55, len(k)) - 1) * 86400
              + rng.integers(8 * 3600, 16 * 3600, len(k)))
    k = np.flatnonzero(reg_day >= 0)
    reg[k] = cal.next_workday(reg_day[k]) * 86400 + rng.integers(8 * 3600, 16 * 3600, len(k))
    # backdating
    k = np.flatnonzero(cw)
    k = k[rng.random(len(k)) < backdating]
    late = cal.next_workday(day[k] + rng.integers(BACKDATING_DAYS[0], BACKDATING_DAYS[1] + 1, len(k)))
    reg[k] = late * 86400 + rng.integers(8 * 3600, 16 * 3600, len(k))
    back = np.zeros(n, dtype=bool)
    back[k] = True
    # robot: one batch per night, in generation order, compressed to fit the window
    rb = np.flatnonzero(actor == ROBOT)
    if len(rb):
        night = day[rb] + 1
        order = np.argsort(night, kind="stable")
        sn = night[order]
        first = np.r_[True, sn[1:] != sn[:-1]]
        start = np.maximum.accumulate(np.where(first, np.arange(len(sn)), 0))
        rank = np.arange(len(sn)) - start
        size = np.bincount(np.cumsum(first) - 1)[np.cumsum(first) - 1]
        step = np.minimum(0.25, ROBOT_WINDOW_S / np.maximum(size, 1))   # about four events a second
        sec = sn * 86400 + ROBOT_START_MIN[process] * 60 + np.floor(rank * step).astype(np.int64)
        out = np.empty(len(rb), dtype=np.int64)
        out[order] = sec
        reg[rb] = out
    return reg, back


def misspell(rng: np.random.Generator, act_out: np.ndarray, code_from: int, code_to: int, share: float) -> int:
    """Register a share of one label under a misspelt label (in place); return how many."""
    hit = (act_out == code_from) & (rng.random(len(act_out)) < share)
    act_out[hit] = code_to
    return int(hit.sum())


def duplicate_counts(rng: np.random.Generator, n: int) -> np.ndarray:
    """How often each row is written (1, or 2 for an exact duplicate)."""
    return 1 + (rng.random(n) < DUPLICATE_RATE).astype(np.int8)


def implausible_years(rng: np.random.Generator, n: int) -> np.ndarray:
    """Per row a year that replaces the real one in ``tidspunkt`` (0 = keep the real year)."""
    hit = np.flatnonzero(rng.random(n) < IMPLAUSIBLE_RATE)
    years = np.zeros(n, dtype=np.int16)
    years[hit] = np.array(IMPLAUSIBLE_YEARS, dtype=np.int16)[rng.integers(0, len(IMPLAUSIBLE_YEARS), len(hit))]
    return years
