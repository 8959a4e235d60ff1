"""From generated batches to extract rows: extract window, caseworkers, registration, labels, notes.

Works per process and municipality on integer columns; :mod:`sagsflow.demo.extract` turns the
result into text columns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np

from sagsflow.demo import defects
from sagsflow.demo._core import (
    CASEWORKER,
    MIN_PER_DAY,
    ROBOT,
    SELF_SERVICE,
    ProcessBatch,
    WorkCalendar,
    day_number,
    expand,
)
from sagsflow.demo.municipalities import BOTTLENECK, MUNICIPALITIES, PROCESS_CHANGE, Municipality
from sagsflow.demo.vocabulary import CODE, DATE_ONLY_LABELS, EXIT_LABELS, FASIT_SYNONYMS, LABELS

PROCESSES = ("dagpenge", "kontanthjaelp")
PREFIX = {"dagpenge": "DP", "kontanthjaelp": "KH"}
SYSTEMS = ("Momentum", "Fasit")

#: every label that can appear: Momentum labels, Fasit synonyms, misspellings
ALL_LABELS: tuple[str, ...] = (
    *LABELS,
    *dict.fromkeys(FASIT_SYNONYMS.values()),
    *(m.typo[1] for m in MUNICIPALITIES if m.typo),
)
LABEL_INDEX = {label: i for i, label in enumerate(ALL_LABELS)}
AGE_BANDS: tuple[tuple[str, int, int], ...] = (("18-24", 18, 25), ("25-29", 25, 30), ("30-39", 30, 40),
                                              ("40-49", 40, 50), ("50-59", 50, 60), ("60+", 60, 200))
GENDERS = ("Kvinde", "Mand")
YES_NO = ("Nej", "Ja")
#: persons per caseworker [A]
CASELOAD = {"Jobparate": 60, "Aktivitetsparate": 35, "Unge": 45}
CASELOAD_DP = 75
TURNOVER_PER_YEAR = 0.15
NOTES: tuple[str, ...] = (
    "Borger mødt til samtale. Drøftet jobsøgning og CV.",
    "Samtale om praktik hos lokal virksomhed. Borger er positiv.",
    "Borger oplyser sygdom. Lægeerklæring indhentes.",
    "Tlf. kontakt med borger; samtalen flyttet efter aftale.",
    "Borger ønsker opkvalificering inden for lager og logistik.",
    "Aftalt at borger søger mindst to job om ugen.",
    "Joblog ikke opdateret. Borger vejledt om rådighed.",
    "Mentor deltog i samtalen.",
    "Borger er i gang med afklaring af helbred.",
    "Drøftet muligheder for løntilskud.",
    "Sagen overdraget til ny sagsbehandler.",
    "Borger udeblev uden afbud. Ny indkaldelse sendt.",
    "Partshøring sendt med svarfrist 14 dage.",
    "Plan revideret efter samtale med borger og a-kasse.",
)
#: notes with a CPR number the way caseworkers type them: (before, after)
CPR_NOTES: tuple[tuple[str, str], ...] = (
    ("Borger ", " ringede vedr. samtale."),
    ("Vedr. cpr ", ": mangler dokumentation for jobsøgning."),
    ("Journalnotat for ", " oprettet efter henvendelse."),
    ("Henvendelse fra ", " i borgerservice om ydelse."),
)


@dataclass
class Assembled:
    """Integer columns of the extract rows (in file order) plus the lookup tables to render them."""

    cols: dict[str, np.ndarray]
    case_meta: dict[str, list[np.ndarray]] = field(default_factory=dict)
    resources: list[str] = field(default_factory=lambda: [defects.ROBOT_USER, defects.SELF_SERVICE_USER])
    teams: list[str] = field(default_factory=list)
    maalgrupper: list[str] = field(default_factory=list)
    ydelser: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    stats: dict[str, object] = field(default_factory=dict)


def _index(values: list[str], value: str) -> int:
    if value not in values:
        values.append(value)
    return values.index(value)


def _caseworkers(rng: np.random.Generator, b: ProcessBatch, mun_index: int, case: np.ndarray, minute: np.ndarray,
                 act: np.ndarray, team_of_case: np.ndarray, start_day: np.ndarray, exit_day: np.ndarray,
                 win: tuple[int, int], counter: dict[int, int]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Caseworker (holder number within the batch) and team of each event, and the holders' ids.

    Each team has a number of desks ("slots") set by its caseload; cases are spread over the desks
    unevenly (workload differs); "Sagsbehandlerskift" moves a case to another desk; desks change
    holder now and then (staff turnover), which changes the resource without an event.
    """
    n_team = len(b.teams)
    overlap = np.clip(np.minimum(exit_day, win[1]) - np.maximum(start_day, win[0]), 0, None)
    stock = np.bincount(team_of_case, weights=overlap, minlength=n_team) / max(win[1] - win[0], 1)
    load = [CASELOAD.get(t, CASELOAD_DP) for t in b.teams]
    n_slots = np.maximum(2, np.ceil(stock / np.asarray(load))).astype(np.int64)
    slot_team = np.repeat(np.arange(n_team), n_slots)
    w = rng.uniform(0.6, 1.4, len(slot_team))
    tot = np.bincount(slot_team, weights=w)
    cum = slot_team + (np.cumsum(w) - np.repeat(np.cumsum(tot) - tot, n_slots)) / tot[slot_team]
    skift = act == CODE["Sagsbehandlerskift"]
    ckeys = np.sort((case[skift] << 32) | minute[skift])
    seg = (np.searchsorted(ckeys, (case << 32) | minute, "right")
           - np.searchsorted(ckeys, case << 32, "left"))
    nseg = 1 + np.bincount(case[skift], minlength=len(team_of_case))
    off = np.cumsum(nseg) - nseg
    seg_team = np.repeat(team_of_case, nseg)
    seg_slot = np.minimum(np.searchsorted(cum, seg_team + rng.random(len(seg_team)), "right"), len(cum) - 1)
    slot = seg_slot[off[case] + seg]
    # holders of each desk over time
    years = (win[1] - win[0]) / 365.25
    rows, k = expand(1 + rng.poisson(TURNOVER_PER_YEAR * years, len(slot_team)))
    t_change = np.where(k == 0, 0, (win[0] + rng.random(len(rows)) * (win[1] - win[0])) * MIN_PER_DAY)
    hkey = np.sort((rows << 32) | t_change.astype(np.int64))
    holder = np.searchsorted(hkey, (slot << 32) | minute, "right") - 1
    first = counter.get(mun_index, 0)
    counter[mun_index] = first + len(hkey)
    names = [f"SBH-{mun_index + 1}{first + i:03d}" for i in range(len(hkey))]
    return holder, slot_team[hkey >> 32][holder], names


def assemble(batches: list[ProcessBatch], seed: int, cal: WorkCalendar, start: date, end: date) -> Assembled:
    """Cut batches to the extract window, add caseworkers, registration times and defects; file order.

    Each batch draws from its own random stream, so a batch's rows do not depend on the other batches.
    """
    win = (day_number(start), day_number(end))
    out = Assembled(cols={})
    parts: list[dict[str, np.ndarray]] = []
    counter: dict[int, int] = {}
    case_offset = 0
    citizen_offset = 0
    date_only_code = np.array([label in DATE_ONLY_LABELS for label in LABELS])
    exit_code = np.array([label in EXIT_LABELS for label in LABELS])
    volumes: dict[str, dict[str, dict[str, int]]] = {}
    backdated: dict[str, int] = {}
    typos: dict[str, int] = {}
    for b in sorted(batches, key=lambda x: (PROCESSES.index(x.process), x.municipality_index)):
        mun: Municipality = MUNICIPALITIES[b.municipality_index]
        rng = np.random.default_rng([seed, 1000, b.municipality_index, PROCESSES.index(b.process)])
        ev, c = b.events, b.cases
        exit_min = c["exit_day"] * MIN_PER_DAY
        keep = ((ev["minute"] >= win[0] * MIN_PER_DAY) & (ev["minute"] < (win[1] + 1) * MIN_PER_DAY)
                & (ev["minute"] <= exit_min[ev["case"]]))
        e = {k: v[keep] for k, v in ev.items()}
        present = np.bincount(e["case"], minlength=len(c["start_day"])) > 0
        new_id = np.cumsum(present) - 1
        kept = np.flatnonzero(present)
        cs = {k: v[kept] for k, v in c.items()}
        case = new_id[e["case"]]
        minute, act, actor = e["minute"], e["act"].astype(np.int64), e["actor"]
        holder, team_local, names = _caseworkers(rng, b, b.municipality_index, case, minute, act, cs["team"],
                                                 cs["start_day"], cs["exit_day"], win, counter)
        res_base = len(out.resources)
        out.resources.extend(names)
        resource = np.select([actor == ROBOT, actor == SELF_SERVICE], [0, 1], res_base + holder)
        team_map = np.array([_index(out.teams, t) for t in b.teams])
        team = np.where(actor == CASEWORKER, team_map[team_local], -1)
        date_only = date_only_code[act] | mun.date_only
        reg, back = defects.registration_seconds(rng, cal, minute, date_only, actor, e["reg_day"], mun.backdating,
                                                 b.process)
        backdated[f"{b.process}/{mun.name}"] = int(back.sum())
        # labels: Fasit synonyms, misspellings
        label_map = np.arange(len(LABELS))
        if mun.system == "Fasit":
            for src, dst in FASIT_SYNONYMS.items():
                label_map[CODE[src]] = LABEL_INDEX[dst]
        act_out = label_map[act]
        if mun.typo:
            typos[f"{b.process}/{mun.name}"] = defects.misspell(rng, act_out, LABEL_INDEX[mun.typo[0]],
                                                                LABEL_INDEX[mun.typo[1]], mun.typo[2])
        # case attributes
        age = (cs["start_day"] - cs["birth_day"]) / 365.25
        band = np.searchsorted([a[1] for a in AGE_BANDS], age, "right") - 1
        reason_map = np.array([_index(out.reasons, r) for r in b.reasons])
        mg_map = np.array([_index(out.maalgrupper, m) for m in b.maalgrupper])
        yd_map = np.array([_index(out.ydelser, y) for y in b.ydelser])
        n = len(minute)
        note = np.where((actor == CASEWORKER) & (rng.random(n) < defects.NOTE_RATE),
                        rng.integers(0, len(NOTES), n), -1)
        cpr_note = (note >= 0) & (rng.random(n) < defects.CPR_IN_NOTE_RATE)
        i8, i16, i32 = np.int8, np.int16, np.int32
        part = {
            "case": (case + case_offset).astype(i32),
            "process": np.full(n, PROCESSES.index(b.process), dtype=i8),
            "municipality": np.full(n, b.municipality_index, dtype=i8),
            "system": np.full(n, SYSTEMS.index(mun.system), dtype=i8),
            "act": act_out.astype(i16), "minute": minute, "date_only": date_only, "reg": reg,
            "resource": resource.astype(i32), "team": team.astype(i16),
            "maalgruppe": mg_map[cs["maalgruppe"]].astype(i8)[case],
            "ydelse": yd_map[cs["ydelse"]].astype(i8)[case],
            "age_band": np.maximum(band, 0).astype(i8)[case], "male": cs["male"].astype(i8)[case],
            "undtaget": cs["undtaget"].astype(i8)[case],
            "reason": np.where(exit_code[act], reason_map[cs["reason"][case]], -1).astype(i8),
            "note": np.where(cpr_note, -1, note).astype(i16),
            "cpr_note": np.where(cpr_note, rng.integers(0, len(CPR_NOTES), n), -1).astype(i8),
            "cpr_dash": rng.random(n) < 0.5, "backdated": back, "robot": actor == ROBOT,
        }
        part["year_override"] = defects.implausible_years(rng, n)
        # file order: by registration time; an exact duplicate follows its original row
        order = np.argsort(reg, kind="stable")
        rows = order[np.repeat(np.arange(n), defects.duplicate_counts(rng, n))]
        part = {k: v[rows] for k, v in part.items()}
        part["duplicate"] = np.r_[False, rows[1:] == rows[:-1]] if n else np.zeros(0, dtype=bool)
        parts.append(part)
        nc = len(kept)
        for k, v in (("serial", np.arange(1, nc + 1)), ("process", np.full(nc, PROCESSES.index(b.process))),
                     ("kommunenr", np.full(nc, mun.kommunenr)), ("birth_day", cs["birth_day"]), ("male", cs["male"]),
                     ("citizen", cs["citizen"] + citizen_offset), ("start_day", cs["start_day"]),
                     ("exit_day", cs["exit_day"])):
            out.case_meta.setdefault(k, []).append(v)
        volumes.setdefault(b.process, {})[mun.name] = {
            "cases": nc, "events": n,
            "left_truncated": int((cs["start_day"] < win[0]).sum()),
            "open_at_end": int((cs["exit_day"] > win[1]).sum()),
            "caseworkers": len(names),
            "digital_forsamtale": int((act == CODE[PROCESS_CHANGE.activity]).sum()),
        }
        if (mun.name, b.process) == (BOTTLENECK.municipality, BOTTLENECK.process):
            volumes[b.process][mun.name]["bottleneck_cases"] = int((cs["start_day"] >= day_number(BOTTLENECK.start))
                                                                   .sum())
        case_offset += nc
        citizen_offset += int(c["citizen"].max()) + 1 if len(c["citizen"]) else 0
    out.cols = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]} if parts else {}
    out.stats = {"volumes": volumes, "backdated": backdated, "typos": typos}
    return out
