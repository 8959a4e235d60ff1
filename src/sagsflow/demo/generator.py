"""``generate``: the deterministic synthetic jobcentre extract for five fictitious municipalities."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pyarrow as pa

from sagsflow.demo import dagpenge, defects, kontanthjaelp
from sagsflow.demo._core import Context, WorkCalendar, day_number
from sagsflow.demo.assemble import PROCESSES, assemble
from sagsflow.demo.extract import build_table, mapping_yaml
from sagsflow.demo.municipalities import (
    AKASSE_COMPLIANCE,
    BOTTLENECK,
    LAW_CHANGE,
    PROCESS_CHANGE,
    Municipality,
    select,
)
from sagsflow.demo.vocabulary import DATE_ONLY_LABELS, FASIT_SYNONYMS
from sagsflow.errors import InvalidParameterError

_GENERATORS = {"dagpenge": dagpenge.generate, "kontanthjaelp": kontanthjaelp.generate}


@dataclass
class DemoData:
    """A generated demo extract.

    Attributes
    ----------
    events : pyarrow.Table
        One row per event with the extract's Danish text columns, in file order (per process and
        municipality, by registration time). Columns with few distinct values are dictionary-encoded.
    mapping_yaml : str
        The Sagsflow mapping for this extract.
    truth : dict
        What was put in: parameters, compliance per municipality, the injected bottleneck and process
        change, defect counts and volumes. JSON-serialisable.
    """

    events: pa.Table
    mapping_yaml: str
    truth: dict


def _municipality_truth(m: Municipality) -> dict:
    return {
        "kommunenr": m.kommunenr, "population": m.population, "system": m.system,
        "compliance": {"before_2024-01-01": m.compliance(False), "from_2024-01-01": m.compliance(True)},
        "no_show": {"dagpenge": m.no_show_dp, "kontanthjaelp": m.no_show_kh},
        "backdating_share": m.backdating, "date_only": m.date_only,
        "teams": {"dagpenge": list(m.teams_dp), "kontanthjaelp": ["Jobparate", "Aktivitetsparate", "Unge"]},
    }


def generate(*, seed: int = 42, scale: float = 1.0, start: date = date(2022, 1, 1), end: date = date(2025, 12, 31),
             municipalities: Sequence[str] | None = None,
             processes: Sequence[str] = ("dagpenge", "kontanthjaelp")) -> DemoData:
    """Generate the demo jobcentre extract: dagpenge and kontanthjælp cases of five fictitious municipalities.

    The same arguments give the identical table. ``scale=1`` gives about a million events, and the
    event count grows linearly with ``scale``. Each municipality's cases come from their own random
    stream, so a subset of municipalities has the same cases and activities as in the full run.

    Parameters
    ----------
    seed : int
        Seed of all randomness.
    scale : float
        Multiplies the number of cases (1.0 = the domain notes' volumes for municipalities of
        36,000-64,000 inhabitants).
    start, end : date
        The extract window: events outside it are not in the extract. Cases that began earlier appear
        without their first events; cases still running at ``end`` are open.
    municipalities : sequence of str, optional
        Some of "Søby", "Åkjær", "Nørreby", "Vestlev", "Egholm" (default: all five).
    processes : sequence of str
        "dagpenge" and/or "kontanthjaelp".

    Returns
    -------
    DemoData

    Raises
    ------
    InvalidParameterError
        For an unknown municipality or process, a non-positive scale, or ``end`` before ``start``.

    Examples
    --------
    >>> from sagsflow.demo import generate
    >>> data = generate(scale=0.02, municipalities=["Søby"])
    >>> data.events.column_names[:4]
    ['sagsnr', 'borger_cpr', 'proces', 'kommune']
    >>> data.truth["bottleneck"]["municipality"]
    'Egholm'
    """
    if not (isinstance(scale, int | float) and math.isfinite(scale) and scale > 0):
        raise InvalidParameterError(f"The 'scale' parameter must be a positive number. Got {scale!r} instead.",
                                    hint="scale=1.0 gives about a million events.", field="scale")
    if end < start:
        raise InvalidParameterError(f"The 'end' date {end} is before the 'start' date {start}.",
                                    hint="Swap them.", field="end")
    bad = [p for p in processes if p not in PROCESSES]
    if bad or not processes:
        raise InvalidParameterError(
            f"The 'processes' parameter must hold some of {list(PROCESSES)}. Got {list(processes)!r} instead.",
            field="processes")
    chosen = select(list(municipalities) if municipalities is not None else None)
    s, e = day_number(start), day_number(end)
    cal = WorkCalendar(s - 11 * 366, e + 3 * 366)
    batches = []
    for mi, mun in chosen:
        for p in dict.fromkeys(processes):
            rng = np.random.default_rng([seed, mi, PROCESSES.index(p)])
            batches.append(_GENERATORS[p](Context(rng, cal, s, e), mun, mi, float(scale)))
    assembled = assemble(batches, seed, cal, start, end)
    table, people = build_table(assembled, np.random.default_rng([seed, 2000]))
    c = assembled.cols
    stats = assembled.stats
    truth = {
        "seed": seed, "scale": scale, "start": start.isoformat(), "end": end.isoformat(),
        "processes": list(dict.fromkeys(processes)), "n_events": table.num_rows,
        "n_cases": len(np.unique(c["case"])) if len(c) else 0, "n_citizens": people["citizens"],
        "law_change": LAW_CHANGE.isoformat(),
        "municipalities": {m.name: _municipality_truth(m) for _, m in chosen},
        "akasse_compliance": AKASSE_COMPLIANCE,
        "bottleneck": BOTTLENECK.to_dict(),
        "process_change": PROCESS_CHANGE.to_dict(),
        "volumes": stats["volumes"],
        "dagpenge_spells": {
            "median_weeks": dagpenge.MEDIAN_DAYS / 7, "lognormal_sigma": dagpenge.SIGMA,
            "exit_reasons": dict(zip(dagpenge.REASONS, dagpenge.REASON_P, strict=False)),
            "benefit_exhausted_after_weeks": dagpenge.MAX_DAYS / 7,
        },
        "kontanthjaelp_groups": {g: {"median_days": kontanthjaelp.MEDIAN_DAYS[i],
                                     "inflow_per_capita": kontanthjaelp.INFLOW_PER_CAPITA[i]}
                                 for i, g in enumerate(kontanthjaelp.GROUPS)},
        "defects": {
            "date_only": {"labels": sorted(DATE_ONLY_LABELS),
                          "municipalities": [m.name for _, m in chosen if m.date_only],
                          "events": int(c["date_only"].sum()) if len(c) else 0},
            "robot": {"resource": defects.ROBOT_USER, "events": int(c["robot"].sum()) if len(c) else 0,
                      "window": "00:40-01:55 the night after the event"},
            "backdating": {"min_days": defects.BACKDATING_DAYS[0], "max_days": defects.BACKDATING_DAYS[1],
                           "events": int(c["backdated"][~c["duplicate"]].sum()) if len(c) else 0,
                           "by_log": stats["backdated"]},
            "synonyms": {"municipalities": [m.name for _, m in chosen if m.system == "Fasit"],
                         "labels": dict(FASIT_SYNONYMS)},
            "typos": {"labels": {m.typo[0]: m.typo[1] for _, m in chosen if m.typo}, "events": stats["typos"]},
            "duplicates": {"rows": int(c["duplicate"].sum()) if len(c) else 0},
            "implausible_dates": {"rows": int((c["year_override"] > 0).sum()) if len(c) else 0,
                                  "years": list(defects.IMPLAUSIBLE_YEARS)},
            "midnight_times": {"labels": ["Sanktion (dagpenge: the a-kasse's decision arrives as a date)"],
                               "events": int(((c["minute"] % 1440 == 0) & ~c["date_only"]).sum()) if len(c) else 0},
            "cpr_in_notes": {"rows": int((c["cpr_note"] >= 0).sum()) if len(c) else 0},
            "cpr_mod11_valid": people["cpr_mod11_valid"],
        },
    }
    return DemoData(events=table, mapping_yaml=mapping_yaml(), truth=truth)
