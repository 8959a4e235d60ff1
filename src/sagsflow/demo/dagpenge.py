"""Insured unemployed on dagpenge (DP): spells, the contact course before and after 2024-01-01, offers, exits.

Follows ``employment-dk.md`` sections 1, 4 and 8. A spell starts on "Første ledighedsdag" and ends
with an exit ("Afmeldt – <reason>") or, after 104 weeks, "Dagpengeret opbrugt". Everything is
vectorised over the spells of one municipality.
"""

from __future__ import annotations

import numpy as np

from sagsflow.demo._contact import add_clock_stops, add_interviews, add_offers, monthly, shifted
from sagsflow.demo._core import (
    CASEWORKER,
    ROBOT,
    SELF_SERVICE,
    Context,
    EventBuffer,
    ProcessBatch,
    day_number,
    expand,
    lognormal_days,
    month_end,
    people,
    seasonal_days,
)
from sagsflow.demo.municipalities import AKASSE_COMPLIANCE, LAW_CHANGE, PROCESS_CHANGE, Municipality

#: new DP spells per inhabitant per year [A]; gives ~2,000 DP persons/year per 50,000 inhabitants
INFLOW_PER_CAPITA = 0.0307
MEDIAN_DAYS = 84          # 12 weeks [A, section 8]
SIGMA = 1.12              # lognormal shape: P(>26 w) ~ 0.25, P(>52 w) ~ 0.095
MAX_DAYS = 728            # 3,848 hours ~ 104 weeks of full-time benefit
JOINT_ATTENDANCE = 0.85   # a-kasse joins a planned joint interview [A; 55-60 % nationally in 2018]

REASONS = ("Job", "Uddannelse", "Sygdom", "Barsel", "Efterløn", "Andet", "Dagpengeret opbrugt")
REASON_P = (0.75, 0.05, 0.05, 0.03, 0.04, 0.08)
EXIT_LABEL = {"Job": "Afmeldt – job", "Uddannelse": "Afmeldt – uddannelse", "Sygdom": "Afmeldt – sygdom",
              "Barsel": "Afmeldt – barsel", "Efterløn": "Afmeldt – efterløn", "Andet": "Afmeldt – andet"}
SEASON = (1.35, 1.0, 0.95, 0.9, 0.85, 0.95, 1.25, 1.15, 1.0, 0.95, 0.9, 0.8)
AGE_BANDS = ((20, 30, 0.25), (30, 40, 0.22), (40, 50, 0.20), (50, 60, 0.22), (60, 66, 0.11))
OFFER_LENGTH = {"virksomhedspraktik": (14, 56), "løntilskud": (60, 180), "opkvalificering": (14, 90)}
FOLLOW_UP = (("Rådighedsvurdering", 0.5, 1, 7, CASEWORKER), ("Sanktion", 0.45, 3, 14, ROBOT))


def generate(ctx: Context, mun: Municipality, index: int, scale: float) -> ProcessBatch:
    """Generate the DP spells of one municipality that overlap [ctx.start_day, ctx.end_day]."""
    rng = ctx.rng
    lo, hi = ctx.start_day - MAX_DAYS - 30, ctx.end_day
    n_all = round(INFLOW_PER_CAPITA * mun.population * scale * (hi - lo + 1) / 365.25)
    d0 = seasonal_days(ctx, n_all, lo, hi, SEASON)
    dur = lognormal_days(ctx, n_all, MEDIAN_DAYS, SIGMA)
    reason = rng.choice(len(REASON_P), size=n_all, p=REASON_P)
    exhausted = dur > MAX_DAYS
    dur = np.minimum(dur, MAX_DAYS)
    reason[exhausted] = REASONS.index("Dagpengeret opbrugt")
    band = rng.choice(len(AGE_BANDS), size=n_all, p=[b[2] for b in AGE_BANDS])
    age_lo = np.array([b[0] for b in AGE_BANDS])[band]
    age_hi = np.array([b[1] for b in AGE_BANDS])[band]
    exit_all = d0 + dur
    who = people(ctx, d0, exit_all, age_lo, age_hi, male_share=0.53, repeat_share=0.15)
    keep = exit_all >= ctx.start_day          # spells that end before the extract window leave no trace
    d0, dur, reason, exit_day = d0[keep], dur[keep], reason[keep], exit_all[keep]
    who = {k: v[keep] for k, v in who.items()}
    n = len(d0)
    idx = np.arange(n)
    new = d0 >= day_number(LAW_CHANGE)
    before, after = mun.compliance(False), mun.compliance(True)

    def on_time(rule: str) -> np.ndarray:
        return rng.random(n) < np.where(new, after[rule], before[rule])

    ev = EventBuffer()
    ev.add(idx, ctx.date(d0), "Første ledighedsdag", actor=ROBOT)
    ev.add(idx, ctx.anytime(d0 + rng.geometric(0.6, n) - 1), "Tilmeldt som jobsøgende", actor=SELF_SERVICE)
    ev.add(idx, ctx.date(d0 + ctx.uniform(10, 35, n)), "Indplaceret i dagpengeperiode", actor=ROBOT)
    stop = add_clock_stops(ctx, ev, d0, exit_day, 0.12, 0.09, 0.04)

    def open_at(case: np.ndarray, day: np.ndarray) -> np.ndarray:
        return day < exit_day[case]

    cv = on_time("cv")
    cv_day = shifted(d0 + np.where(cv, ctx.uniform(2, 14, n), ctx.uniform(15, 60, n)), idx, stop)
    ev.add(idx, ctx.anytime(cv_day), "CV godkendt", actor=SELF_SERVICE)

    # --- contact course, old rules (first day before 2024-01-01): JC >= 4 in 6 months + two joint
    jc_ok = on_time("jc_interviews")
    o = idx[~new]
    ok = jc_ok[o]
    k3 = np.where(ok, ctx.uniform(140, 178, len(o)), ctx.uniform(186, 250, len(o)))
    keep_k2 = ok | ~ctx.chance(0.4, len(o))
    jc_case = [o, o, o[keep_k2], o]
    jc_off = [ctx.uniform(7, 25, len(o)), ctx.uniform(45, 70, len(o)), ctx.uniform(95, 125, len(o))[keep_k2], k3]
    joint_case = [o, o]
    joint_off = [ctx.uniform(60, 88, len(o)),
                 np.where(ok, ctx.uniform(120, 178, len(o)), ctx.uniform(186, 240, len(o)))]

    # --- new rules: a-kasse 3 interviews in months 0-3, handover, JC >= 3 before 6 months
    m = idx[new]
    nm = len(m)
    a1 = rng.random(nm) < AKASSE_COMPLIANCE["akasse_first"]
    a3 = rng.random(nm) < AKASSE_COMPLIANCE["akasse_three"]
    ak_case = np.concatenate([m, m, m])
    ak_day = np.concatenate([np.where(a1, ctx.uniform(3, 14, nm), ctx.uniform(15, 30, nm)),
                             ctx.uniform(30, 50, nm),
                             np.where(a3, ctx.uniform(60, 88, nm), ctx.uniform(92, 120, nm))]) + d0[ak_case]
    ak_day = shifted(ak_day, ak_case, stop)
    sel = open_at(ak_case, ak_day)
    add_interviews(ctx, ev, ak_case[sel], ak_day[sel], d0, held="Jobsamtale afholdt – a-kasse", self_booking=0,
                   no_show=0.0, book=False, plan_share=0.0, actor=ROBOT)
    handover_planned = month_end(d0[m] + 78)
    handover = shifted(handover_planned, m, stop)
    sel = open_at(m, handover)
    ev.add(m[sel], ctx.date(handover[sel]), "Overgang til jobcenter", actor=ROBOT)
    okm = jc_ok[m]
    k0 = handover_planned - d0[m] + ctx.uniform(5, 20, nm)
    k1 = k0 + ctx.uniform(20, 35, nm)
    k2 = np.where(okm, np.maximum(np.minimum(k1 + ctx.uniform(20, 40, nm), 179), k1 + 3), ctx.uniform(186, 240, nm))
    jc_case += [m, m, m]
    jc_off += [k0, k1, np.maximum(k2, k1 + 3)]

    # --- JC interviews of both regimes (the first one of each case is in jc_case[0] / the first new block)
    first = np.zeros(n, dtype=np.int64)
    first[o] = jc_off[0]
    first[m] = k0
    first_day = ctx.cal.next_workday(shifted(d0 + first, idx, stop))
    digital = np.zeros(n, dtype=bool)
    if mun.name == PROCESS_CHANGE.municipality:
        digital = (first_day >= day_number(PROCESS_CHANGE.start)) & open_at(idx, first_day)
        ev.add(idx[digital], ctx.anytime(first_day[digital] - ctx.uniform(1, 5, int(digital.sum()))),
               "Digital forsamtale", actor=SELF_SERVICE)
    no_show_first = mun.no_show_dp * np.where(digital, PROCESS_CHANGE.no_show_factor, 1.0)
    sel = open_at(idx, first_day)
    add_interviews(ctx, ev, idx[sel], first_day[sel], d0, held="Jobsamtale afholdt – jobcenter",
                   self_booking=np.where(new[sel], 0.6, 0.2), no_show=no_show_first[sel],
                   follow_up=FOLLOW_UP, plan_share=0.9)
    rest_case = np.concatenate([jc_case[1], jc_case[2], jc_case[3], jc_case[5], jc_case[6]])
    rest_day = np.concatenate([jc_off[1], jc_off[2], jc_off[3], jc_off[5], jc_off[6]]) + d0[rest_case]
    # after 6 months: individually agreed interviews about every 12 weeks
    late0 = d0 + 182 + ctx.uniform(30, 90, n)
    rows, k = expand(np.where(exit_day > late0, (exit_day - late0) // 85 + 1, 0))
    rest_case = np.concatenate([rest_case, rows])
    rest_day = np.concatenate([rest_day, late0[rows] + k * 85 + ctx.uniform(-10, 10, len(rows))])
    rest_day = shifted(rest_day, rest_case, stop)
    sel = open_at(rest_case, rest_day)
    add_interviews(ctx, ev, rest_case[sel], rest_day[sel], d0, held="Jobsamtale afholdt – jobcenter",
                   self_booking=0.4, no_show=mun.no_show_dp, follow_up=FOLLOW_UP, plan_share=0.3)

    # joint interviews (old rules); the a-kasse does not always join, then it is a plain JC interview
    jc_ = np.concatenate(joint_case)
    jd = shifted(np.concatenate(joint_off) + d0[jc_], jc_, stop)
    sel = open_at(jc_, jd)
    jc_, jd = jc_[sel], jd[sel]
    att = ctx.chance(JOINT_ATTENDANCE, len(jc_))
    add_interviews(ctx, ev, jc_[att], jd[att], d0, held="Fællessamtale", self_booking=0.0,
                   no_show=mun.no_show_dp, follow_up=FOLLOW_UP, plan_share=0.5)
    add_interviews(ctx, ev, jc_[~att], jd[~att], d0, held="Jobsamtale afholdt – jobcenter", self_booking=0.0,
                   no_show=mun.no_show_dp, follow_up=FOLLOW_UP, plan_share=0.3)

    # 16-month joint interview with intensified effort (both regimes)
    j16 = shifted(d0 + np.where(on_time("joint_16m"), ctx.uniform(430, 485, n), ctx.uniform(490, 560, n)), idx, stop)
    sel = open_at(idx, j16)
    add_interviews(ctx, ev, idx[sel], j16[sel], d0, held="Fællessamtale", self_booking=0.0,
                   no_show=mun.no_show_dp, plan_share=0.8)
    ev.add(idx[sel], ctx.office(j16[sel] + ctx.uniform(0, 7, int(sel.sum()))), "Intensiveret indsats 16 mdr")

    # deregistration for a missed self-booking (new rules), re-registration, interview within 10 working days
    miss = new & ctx.chance(0.03, n)
    mday = d0 + ctx.uniform(14, 80, n)
    miss &= open_at(idx, mday + 20)
    c = idx[miss]
    ev.add(c, ctx.date(mday[miss]), "Afmeldt – manglende booking", actor=ROBOT)
    re_day = mday[miss] + ctx.uniform(1, 10, len(c))
    ev.add(c, ctx.anytime(re_day), "Tilmeldt som jobsøgende", actor=SELF_SERVICE)
    add_interviews(ctx, ev, c, re_day + ctx.uniform(2, 13, len(c)), d0, held="Jobsamtale afholdt – jobcenter",
                   self_booking=0.0, no_show=mun.no_show_dp, plan_share=0.5)

    # ret og pligt offer by 6 months; some get an early offer; long spells get a second one
    off_ok = on_time("offer")
    need = exit_day > d0 + 150
    given = np.where(off_ok, ctx.uniform(120, 175, n), ctx.uniform(190, 330, n))
    early = ~need & ctx.chance(0.10, n)
    given = shifted(d0 + np.where(early, ctx.uniform(30, 100, n), given), idx, stop)
    sel = (need | early) & open_at(idx, given)
    kinds, kp = tuple(OFFER_LENGTH), (0.45, 0.20, 0.35)
    end1 = add_offers(ctx, ev, idx[sel], given[sel], exit_day, kinds=kinds, kind_p=kp, length=OFFER_LENGTH)
    c = idx[sel]
    g2 = end1 + ctx.uniform(30, 150, len(c))
    s2 = open_at(c, g2) & ctx.chance(0.6, len(c))
    add_offers(ctx, ev, c[s2], g2[s2], exit_day, kinds=kinds, kind_p=kp, length=OFFER_LENGTH)

    # the nightly robot checks every joblog each month [A]
    rows, day = monthly(ctx, np.maximum(d0 + 30, ctx.start_day - 31), np.minimum(exit_day, ctx.end_day + 1),
                        at_month_end=False)
    ev.add(rows, ctx.date(day), "Joblog kontrolleret", actor=ROBOT)

    # referrals to jobs and caseworker changes spread over the spell
    for label, per_day in (("Henvist til job", 1.0 / 30), ("Sagsbehandlerskift", 0.5 / 365)):
        rows, _ = expand(rng.poisson(dur * per_day))
        day = d0[rows] + 7 + np.floor(rng.random(len(rows)) * np.maximum(dur[rows] - 7, 1)).astype(np.int64)
        ev.add(rows, ctx.office(day), label)

    # exit: deregistration with reason, or benefit exhausted and moved to kontanthjælp
    for r, label in EXIT_LABEL.items():
        s = reason == REASONS.index(r)
        ev.add(idx[s], ctx.date(exit_day[s]), label, actor=ROBOT)
    s = reason == REASONS.index("Dagpengeret opbrugt")
    ev.add(idx[s], ctx.date(exit_day[s]), "Dagpengeret opbrugt", actor=ROBOT)
    ev.add(idx[s], ctx.date(exit_day[s]), "Overgang til kontanthjælp")

    cases = {
        "start_day": d0, "exit_day": exit_day, "reason": reason,
        "maalgruppe": np.zeros(n, dtype=np.int64), "ydelse": np.zeros(n, dtype=np.int64),
        "team": rng.integers(0, len(mun.teams_dp), n),
        "undtaget": (stop["kind"] == 3) & (stop["begin"] < d0 + 182),
        **who,
    }
    return ProcessBatch(process="dagpenge", municipality_index=index, cases=cases, teams=mun.teams_dp,
                        events=ev.arrays(), reasons=REASONS, maalgrupper=("Dagpengemodtager",),
                        ydelser=("Dagpenge",))
