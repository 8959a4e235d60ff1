"""Kontanthjælp and uddannelseshjælp (KH/UH): application, visitation, interviews, offers, 225 hours, HOI, exits.

Follows ``employment-dk.md`` sections 2, 4, 5 and 8. A case starts with "Ansøgning modtaget" and
ends with "Ydelse stop" and "Afsluttet – <outcome>" (or a refusal). Target groups: jobparat,
aktivitetsparat and, for under-30s without education, uddannelsesparat (with uddannelseshjælp
until 2025-06-30, after which the single kontanthjælp absorbs it).
"""

from __future__ import annotations

from datetime import date

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
    people,
    seasonal_days,
)
from sagsflow.demo.municipalities import BOTTLENECK, LAW_CHANGE, Municipality

GROUPS = ("Jobparat", "Aktivitetsparat", "Uddannelsesparat")
#: new cases per inhabitant per year by group [A]; with the durations below about 600 persons/year per
#: 50,000 inhabitants, one third jobparat (section 8)
INFLOW_PER_CAPITA = (0.00264, 0.00126, 0.00144)
MEDIAN_DAYS = (150, 900, 210)      # aktivitetsparat median > 24 months (section 8)
SIGMA = (0.9, 0.9, 0.9)
LOOKBACK_DAYS = (4 * 365, 10 * 365, 4 * 365)
REFUSAL = 0.08
AGE = {0: ((18, 30, 0.35), (30, 50, 0.45), (50, 64, 0.20)),
       1: ((25, 40, 0.40), (40, 55, 0.40), (55, 64, 0.20)),
       2: ((18, 30, 1.0),)}
REASONS = ("Job", "SU", "Fleksjob", "Førtidspension", "Sygedagpenge", "Fraflytning", "Andet", "Afslag")
REASON_P = {0: (0.60, 0.08, 0.01, 0.00, 0.08, 0.07, 0.16),
            1: (0.18, 0.04, 0.16, 0.14, 0.16, 0.08, 0.24),
            2: (0.30, 0.40, 0.00, 0.00, 0.06, 0.08, 0.16)}
EXIT_LABEL = {"Job": "Afsluttet – job", "SU": "Afsluttet – SU", "Fleksjob": "Afsluttet – fleksjob",
              "Førtidspension": "Afsluttet – førtidspension", "Sygedagpenge": "Afsluttet – sygedagpenge",
              "Fraflytning": "Afsluttet – fraflytning", "Andet": "Afsluttet – andet", "Afslag": "Afsluttet – afslag"}
OFFER_KINDS = ("virksomhedspraktik", "nytteindsats", "løntilskud", "vejledning og opkvalificering")
OFFER_P = {0: (0.35, 0.35, 0.20, 0.10), 1: (0.50, 0.05, 0.05, 0.40), 2: (0.30, 0.30, 0.10, 0.30)}
OFFER_LENGTH = {"virksomhedspraktik": (14, 91), "nytteindsats": (14, 91), "løntilskud": (60, 180),
                "vejledning og opkvalificering": (14, 120)}
SANCTION = (0.55, 0.20, 0.55)
RULE_225_END = date(2025, 6, 30)
HOI_FROM = date(2025, 7, 1)
UH_ABOLISHED = date(2025, 7, 1)
SEASON = (1.2, 1.0, 1.0, 0.95, 0.95, 1.0, 1.1, 1.15, 1.0, 0.95, 0.9, 0.8)


def _draw_group(ctx: Context, mun: Municipality, g: int, scale: float) -> dict[str, np.ndarray]:
    lo, hi = ctx.start_day - LOOKBACK_DAYS[g], ctx.end_day
    n = round(INFLOW_PER_CAPITA[g] * mun.population * scale * (hi - lo + 1) / 365.25)
    d0 = seasonal_days(ctx, n, lo, hi, SEASON)
    dur = lognormal_days(ctx, n, MEDIAN_DAYS[g], SIGMA[g])
    reason = ctx.rng.choice(len(REASON_P[g]), size=n, p=REASON_P[g])
    refused = ctx.chance(REFUSAL, n)
    dur = np.where(refused, ctx.uniform(7, 25, n), np.maximum(dur, 30))
    reason[refused] = REASONS.index("Afslag")
    band = ctx.rng.choice(len(AGE[g]), size=n, p=[b[2] for b in AGE[g]])
    return {"start_day": d0, "dur": dur, "reason": reason, "group": np.full(n, g),
            "age_lo": np.array([b[0] for b in AGE[g]])[band], "age_hi": np.array([b[1] for b in AGE[g]])[band]}


def generate(ctx: Context, mun: Municipality, index: int, scale: float) -> ProcessBatch:
    """Generate the KH/UH cases of one municipality that overlap [ctx.start_day, ctx.end_day]."""
    rng = ctx.rng
    parts = [_draw_group(ctx, mun, g, scale) for g in range(len(GROUPS))]
    offset = 0
    for g, part in enumerate(parts):   # a citizen returns in the same target group: age bands stay plausible
        part.update(people(ctx, part["start_day"], part["start_day"] + part["dur"], part["age_lo"], part["age_hi"],
                           male_share=0.55, repeat_share=0.12, max_age=float(max(b[1] for b in AGE[g]))))
        part["citizen"] = part["citizen"] + offset
        offset += len(part["start_day"])
    allc = {k: np.concatenate([part[k] for part in parts]) for k in parts[0]}
    order = np.argsort(allc["start_day"], kind="stable")
    allc = {k: v[order] for k, v in allc.items()}
    exit_all = allc["start_day"] + allc["dur"]
    who = {k: allc[k] for k in ("birth_day", "male", "citizen")}
    keep = exit_all >= ctx.start_day
    c = {k: v[keep] for k, v in allc.items()}
    who = {k: v[keep] for k, v in who.items()}
    d0, dur, reason, group = c["start_day"], c["dur"], c["reason"], c["group"]
    exit_day = d0 + dur
    n = len(d0)
    idx = np.arange(n)
    refused = reason == REASONS.index("Afslag")
    akt = group == 1
    new = d0 >= day_number(LAW_CHANGE)
    before, after = mun.compliance(False), mun.compliance(True)

    def on_time(rule: str) -> np.ndarray:
        return rng.random(n) < np.where(new, after[rule], before[rule])

    def open_at(case: np.ndarray, day: np.ndarray) -> np.ndarray:
        return day < exit_day[case]

    ev = EventBuffer()
    ev.add(idx, ctx.anytime(d0), "Ansøgning modtaget", actor=SELF_SERVICE)

    # first interview + visitation within 7 days (the injected bottleneck slows this in one municipality)
    wait = np.where(on_time("visitation"), ctx.uniform(1, 7, n), ctx.uniform(8, 25, n))
    slow = np.zeros(n, dtype=bool)
    if mun.name == BOTTLENECK.municipality:
        slow = d0 >= day_number(BOTTLENECK.start)
        wait = np.where(slow, np.round(wait * BOTTLENECK.factor), wait).astype(np.int64)
    vday = d0 + wait
    sel = open_at(idx, vday)
    tv = np.full(n, -1, dtype=np.int64)
    tv[sel] = add_interviews(ctx, ev, idx[sel], vday[sel], d0, held="Visitationssamtale", self_booking=0.0,
                             no_show=mun.no_show_kh * 0.5, plan_share=0.0)
    for g, label in enumerate(("Visiteret jobparat", "Visiteret aktivitetsparat", "Visiteret uddannelsesparat")):
        s = sel & (group == g)
        ev.add(idx[s], tv[s] + ctx.uniform(15, 60, int(s.sum())), label)
    s = sel & (group == 2)
    ev.add(idx[s], ctx.office(tv[s] // 1440 + ctx.uniform(0, 7, int(s.sum()))), "Uddannelsespålæg")
    vday = np.where(tv >= 0, tv // 1440, vday)

    # grant or refusal; benefit from the application day, registered when granted; monthly payments
    ev.add(idx[refused], ctx.date(exit_day[refused]), "Afslag")
    grant = ~refused
    bday = d0 + ctx.uniform(5, 25, n)
    grant &= open_at(idx, bday)
    ev.add(idx[grant], ctx.date(bday[grant]), "Bevilling")
    ev.add(idx[grant], ctx.date(d0[grant]), "Ydelse start", reg_day=bday[grant])
    window_from = ctx.start_day - 31
    granted = np.flatnonzero(grant)
    rows, day = monthly(ctx, np.maximum(bday[granted], window_from),
                        np.minimum(exit_day[granted], ctx.end_day + 1), at_month_end=True)
    ev.add(granted[rows], ctx.date(day), "Ydelse udbetalt", actor=ROBOT)

    live = np.where(refused, 0.0, 1.0)   # a refused application has no absences or exemptions
    stop = add_clock_stops(ctx, ev, d0, exit_day, live * np.where(akt, 0.30, 0.10),
                           live * np.where(akt, 0.0, 0.05), live * np.where(akt, 0.15, 0.03))

    # jobseeker registration and CV (CV within 21 days for jobparate)
    s = ~akt & ~refused
    reg = d0 + ctx.uniform(0, 5, n)
    ev.add(idx[s], ctx.anytime(reg[s]), "Tilmeldt som jobsøgende", actor=SELF_SERVICE)
    cv_day = shifted(d0 + np.where(on_time("cv"), ctx.uniform(2, 21, n), ctx.uniform(22, 60, n)), idx, stop)
    s &= open_at(idx, cv_day)
    ev.add(idx[s], ctx.anytime(cv_day[s]), "CV godkendt", actor=SELF_SERVICE)
    # the nightly robot checks the joblog of jobparate and uddannelsesparate every month [A]
    j = np.flatnonzero(~akt & grant)
    rows, day = monthly(ctx, np.maximum(d0[j] + 30, window_from), np.minimum(exit_day[j], ctx.end_day + 1),
                        at_month_end=False)
    ev.add(j[rows], ctx.date(day), "Joblog kontrolleret", actor=ROBOT)

    # >= 4 interviews in 6 months (the visitation is the first), then about every quarter
    ok = on_time("kh_interviews")
    k1 = vday - d0 + ctx.uniform(30, 50, n)
    k2 = k1 + ctx.uniform(35, 55, n)
    k3 = np.where(ok, np.maximum(np.minimum(k2 + ctx.uniform(35, 55, n), 178), k2 + 3), ctx.uniform(186, 260, n))
    keep_k2 = ok | ~ctx.chance(0.4, n)
    late0 = d0 + 182 + ctx.uniform(20, 80, n)
    every = np.where(akt, 110, 90)
    lrows, lk = expand(np.where(exit_day > late0, (exit_day - late0) // every + 1, 0))
    ic = np.concatenate([idx, idx[keep_k2], idx, lrows])
    iday = np.concatenate([d0 + k1, (d0 + k2)[keep_k2], d0 + k3,
                           late0[lrows] + lk * every[lrows] + ctx.uniform(-15, 15, len(lrows))])
    iday = shifted(iday, ic, stop)
    sel = open_at(ic, iday) & ~refused[ic]
    for g in range(len(GROUPS)):
        s = sel & (group[ic] == g)
        add_interviews(ctx, ev, ic[s], iday[s], d0, held="Jobsamtale afholdt", self_booking=0.0,
                       no_show=mun.no_show_kh,
                       follow_up=(("Partshøring", 0.7, 1, 5, CASEWORKER), ("Sanktion", SANCTION[g], 7, 21, CASEWORKER)),
                       plan_share=0.4)

    # aktivitetsparat support: coordinating caseworker, mentor, revisitation, rehabilitation team
    for label, share, lo, hi, fn in (("Koordinerende sagsbehandler", 0.6, 14, 90, ctx.office),
                                     ("Mentor bevilget", 0.25, 60, 400, ctx.date)):
        day = vday + ctx.uniform(lo, hi, n)
        s = akt & ~refused & ctx.chance(share, n) & open_at(idx, day)
        ev.add(idx[s], fn(day[s]), label)
    day = d0 + ctx.uniform(180, np.maximum(dur, 181), n)
    s = ~refused & ctx.chance(np.where(akt, 0.15, 0.10), n) & open_at(idx, day)
    ev.add(idx[s], ctx.office(day[s]), "Revisitation")
    day = d0 + ctx.uniform(400, np.maximum(dur, 401), n)
    s = akt & (dur > 730) & ctx.chance(0.3, n) & open_at(idx, day)
    ev.add(idx[s], ctx.meeting(day[s]), "Rehabiliteringsteam")
    day2 = day + ctx.uniform(30, 90, n)
    s &= open_at(idx, day2)
    ev.add(idx[s], ctx.date(day2[s]), "Ressourceforløb")

    # ret og pligt offer by 6 months, then further offers about every 8 months
    off_ok = on_time("offer")
    late = np.where(akt, ctx.uniform(190, 600, n), ctx.uniform(190, 420, n))
    given = shifted(d0 + np.where(off_ok, ctx.uniform(60, 175, n), late), idx, stop)
    sel = ~refused & open_at(idx, given)
    oc = idx[sel]
    ends = np.zeros(n, dtype=np.int64)
    for g in range(len(GROUPS)):
        s = group[oc] == g
        ends[oc[s]] = add_offers(ctx, ev, oc[s], given[oc[s]], exit_day, kinds=OFFER_KINDS, kind_p=OFFER_P[g],
                                 length=OFFER_LENGTH)
    nxt = ends + 60
    rows, k = expand(np.where(sel & (exit_day > nxt), (exit_day - nxt) // 240 + 1, 0))
    g2 = nxt[rows] + k * 240 + ctx.uniform(0, 120, len(rows))
    s = open_at(rows, g2)
    rows, g2 = rows[s], g2[s]
    for g in range(len(GROUPS)):
        s = group[rows] == g
        add_offers(ctx, ev, rows[s], g2[s], exit_day, kinds=OFFER_KINDS, kind_p=OFFER_P[g], length=OFFER_LENGTH)

    # 225-hour rule (until 2025-06-30): warning around each year of help, for jobparat/uddannelsesparat [A]
    rule_end = day_number(RULE_225_END)
    years = np.where(~akt & ~refused, (np.minimum(exit_day, rule_end) - d0) // 365, 0)
    rows, k = expand(np.maximum(years, 0))
    w_ok = on_time("warning_225")[rows]
    # the k-th warning falls around the end of the (k+1)-th year of help
    wday = (d0[rows] + 365 * (k + 1)
            + np.where(w_ok, ctx.uniform(-60, 0, len(rows)), ctx.uniform(10, 80, len(rows))))
    s = open_at(rows, wday) & (wday <= rule_end)
    ev.add(rows[s], ctx.office(wday[s]), "225-timer varsling")
    red = wday + ctx.uniform(30, 60, len(rows))
    s &= ctx.chance(0.45, len(rows)) & open_at(rows, red) & (red <= rule_end)
    ev.add(rows[s], ctx.date(red[s]), "225-timer nedsættelse")

    # HOI (from 2025-07-01): the skal-målgruppe among aktivitetsparate aged 25+ [A: 30 % of them]
    age_days = d0 - who["birth_day"]
    trigger = np.maximum(d0, day_number(HOI_FROM))
    hday = trigger + np.where(on_time("hoi"), ctx.uniform(10, 56, n), ctx.uniform(57, 120, n))
    s = akt & ~refused & (age_days >= 25 * 365.25) & ctx.chance(0.3, n) & open_at(idx, hday)
    ev.add(idx[s], ctx.office(hday[s]), "HOI-vurdering")
    pday = hday + ctx.uniform(7, 30, n)
    s &= open_at(idx, pday)
    ev.add(idx[s], ctx.office(pday[s]), "Helhedsorienteret plan")

    # caseworker changes (aktivitetsparat cases change hands most)
    rows, _ = expand(rng.poisson(dur * np.where(akt, 0.8, 0.5) / 365))
    day = d0[rows] + 7 + np.floor(rng.random(len(rows)) * np.maximum(dur[rows] - 7, 1)).astype(np.int64)
    ev.add(rows, ctx.office(day), "Sagsbehandlerskift")

    # exit
    ev.add(idx[grant], ctx.date(exit_day[grant]), "Ydelse stop")
    for r, label in EXIT_LABEL.items():
        s = reason == REASONS.index(r)
        ev.add(idx[s], ctx.date(exit_day[s]), label)

    under30 = age_days < 30 * 365.25
    ydelse = np.where(under30 & (d0 < day_number(UH_ABOLISHED)), 1, 0)
    cases = {
        "start_day": d0, "exit_day": exit_day, "reason": reason, "maalgruppe": group, "ydelse": ydelse,
        "team": group, "undtaget": (stop["kind"] == 3) & (stop["begin"] < d0 + 182), **who,
    }
    return ProcessBatch(process="kontanthjaelp", municipality_index=index, cases=cases,
                        teams=("Jobparate", "Aktivitetsparate", "Unge"), events=ev.arrays(), reasons=REASONS,
                        maalgrupper=GROUPS, ydelser=("Kontanthjælp", "Uddannelseshjælp"))
