"""The dashboard overview of a (filtered) log: key figures, throughput per week, work in progress per day,
a case-duration histogram and the largest waiting-time bottlenecks, in one response.

Built from the library's analyses (:func:`~sagsflow.analysis.throughput`,
:func:`~sagsflow.analysis.work_in_progress`, :func:`~sagsflow.analysis.case_durations`,
:func:`~sagsflow.analysis.bottlenecks`, :func:`~sagsflow.analysis.variants`, the cached DFG for the
number of cases per transition). For roles without access to raw cases the disclosure rule applies:
counts resting on 1 to k-1 cases are replaced by None (weeks, days, histogram bins), bottleneck
transitions followed by fewer than k cases are left out, and the first and last event are given to
the day.

Events outside the log's plausible period (a system default such as 01-01-1900, a typo year 2099; see
:mod:`sagsflow.plausible`) are quarantined: the key figures, series, histogram and bottlenecks leave them out like
every analysis does, unless the filter says ``include_quarantined``; then they count everywhere, but the time axis
of the series still keeps to the plausible period. ``window`` gives the plausible period and how many events lie
outside it; ``quarantine`` is the policy's full account (:meth:`EventLog.quarantine`).
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import numpy as np

if TYPE_CHECKING:
    from sagsflow.analysis.calendar import BusinessCalendar
    from sagsflow.analysis.dfg import DirectlyFollowsGraph
    from sagsflow.disclosure import DisclosurePolicy
    from sagsflow.log import EventLog

TZ = "Europe/Copenhagen"
#: most bins of round width up to the 99th percentile; one more bin holds the tail
HISTOGRAM_BINS = 20
TOP_BOTTLENECKS = 20
_DAY = 86_400.0


#: bin widths to choose from (seconds): minutes to a year
_WIDTHS = (60, 300, 600, 900, 1800, 3600, 2 * 3600, 3 * 3600, 6 * 3600, 12 * 3600, _DAY, 2 * _DAY, 7 * _DAY,
           14 * _DAY, 30 * _DAY, 60 * _DAY, 90 * _DAY, 180 * _DAY, 365 * _DAY)


def duration_histogram(durations: np.ndarray) -> list[dict[str, Any]]:
    """Bins ``{from_s, to_s, cases}`` of case durations: at most :data:`HISTOGRAM_BINS` bins of a round width
    (minutes, hours, days, weeks, ...) from 0 to the 99th percentile, and one tail bin to the maximum (rounded
    up to the width) when cases lie beyond."""
    if len(durations) == 0:
        return []
    p99 = float(np.percentile(durations, 99))
    width = float(next((w for w in _WIDTHS if p99 / w <= HISTOGRAM_BINS), _WIDTHS[-1]))
    n_bins = max(1, math.ceil(p99 / width - 1e-9))
    edges = [i * width for i in range(n_bins + 1)]
    high = float(durations.max())
    if high >= edges[-1]:
        edges.append(max(edges[-1] + width, math.ceil(high / width + 1e-9) * width))
    counts, _ = np.histogram(durations, bins=np.asarray(edges))
    return [{"from_s": float(a), "to_s": float(b), "cases": int(n)}
            for a, b, n in zip(edges[:-1], edges[1:], counts.tolist(), strict=True)]


def _local_date(ts: datetime) -> str:
    return ts.astimezone(ZoneInfo(TZ)).date().isoformat()


def compute_overview(log: EventLog, *, calendar: BusinessCalendar | None = None, min_group_size: int = 5,
                     show_small_groups: bool = False) -> dict[str, Any]:
    """The overview of ``log`` as the JSON structure of ``POST .../statistics/overview``.

    Parameters
    ----------
    log : EventLog
        Any (filtered) log.
    calendar : BusinessCalendar, optional
        Durations and waiting times in working time (calendar time when None).
    min_group_size : int
        The disclosure threshold k.
    show_small_groups : bool
        True for roles with access to raw cases: nothing is hidden (``min_group_size`` is then None).
    """
    return disclose(overview_data(log, calendar=calendar), min_group_size=min_group_size,
                    show_small_groups=show_small_groups)


def overview_data(log: EventLog, *, calendar: BusinessCalendar | None = None, n_variants: int | None = None,
                  graph: DirectlyFollowsGraph | None = None) -> dict[str, Any]:
    """Everything of the overview before the disclosure rule (every bottleneck transition, exact times);
    :func:`disclose` makes the response of a role from it.

    ``n_variants`` and ``graph`` (the calendar-time DFG of ``log`` with durations, of a log without start
    times) may come from a cache; the bottlenecks are then read off the graph's edges instead of being
    computed again.
    """
    from sagsflow.analysis import bottlenecks, case_durations, throughput, variants, work_in_progress
    from sagsflow.analysis.dfg import discover_dfg

    con = log.workspace.con
    n_events, n_activities, first, last = con.execute(
        f"SELECT count(*), count(DISTINCT activity_code), min(timestamp), max(timestamp) "
        f"FROM ({log.events_sql()})").fetchall()[0]
    durations = np.asarray(case_durations(log, calendar=calendar).to_arrow().column("duration_s")
                           .to_numpy(zero_copy_only=False), dtype=np.float64)
    n_cases = len(durations)

    def stat(q: float | None) -> float | None:
        if n_cases == 0:
            return None
        return float(durations.mean()) if q is None else float(np.percentile(durations, q))

    kpis = {"cases": n_cases, "events": int(n_events), "activities": int(n_activities),
            "variants": (n_variants if n_variants is not None else int(variants(log).meta["n_variants"]))
            if n_cases else 0,
            "mean_duration_s": stat(None), "median_duration_s": stat(50), "p90_duration_s": stat(90),
            "first_event": first, "last_event": last}
    weeks, wip, rows = [], [], []
    window = plausible_window(log)
    # with the quarantined events included the series keep to the plausible period (a daily series from 1900 to
    # 2099 has 73,000 points); their counts include the events all the same
    w = log.plausible_window
    lo, hi = (w.start, w.end) if w.is_active and log.includes_quarantined else (None, None)
    if n_cases:
        weeks = [{"week": _local_date(r["period_start"]), "started": r["n_started"], "ended": r["n_ended"]}
                 for r in throughput(log, "W", tz=TZ, calendar=calendar, start=lo, end=hi).to_arrow().to_pylist()]
        wip = [{"date": _local_date(r["period_start"]), "wip": r["n_open_end"]}
               for r in work_in_progress(log, "D", tz=TZ, start=lo, end=hi).to_arrow().to_pylist()]
        if graph is not None and calendar is None and graph.node_duration is None:
            return {"kpis": kpis, "throughput": weeks, "wip": wip, "window": window, "quarantine": log.quarantine(),
                    "duration_histogram": duration_histogram(durations), "bottlenecks": bottleneck_rows(graph)}
        graph = discover_dfg(log, durations=False)
        inner = (graph.source >= 0) & (graph.target >= 0)
        cases_of = {(graph.labels[s], graph.labels[t]): int(c) for s, t, c in zip(
            graph.source[inner].tolist(), graph.target[inner].tolist(), graph.edge_cases[inner].tolist(),
            strict=True)}
        rows = [{"source": r["source"], "target": r["target"], "cases": cases_of.get((r["source"], r["target"]), 0),
                 "total_wait_s": float(r["total_waiting_s"] or 0.0), "share": float(r["share"] or 0.0),
                 "median_wait_s": float(r["median_waiting_s"] or 0.0)}
                for r in bottlenecks(log, top=None, calendar=calendar).transitions.to_arrow().to_pylist()]
    return {"kpis": kpis, "throughput": weeks, "wip": wip, "window": window, "quarantine": log.quarantine(),
            "duration_histogram": duration_histogram(durations), "bottlenecks": rows}


def plausible_window(log: EventLog) -> dict[str, Any]:
    """The ``window`` of the overview: the log's plausible period and the events outside it, which the overview
    leaves out (or, when the log includes them, leaves off the time axis of its series); start and end None and
    0 events when the period leaves none out."""
    w = log.plausible_window
    if not w.is_active:
        return {"start": None, "end": None, "n_events_outside": 0}
    return {"start": None if w.first_day is None else w.first_day.isoformat(),
            "end": None if w.last_day is None else w.last_day.isoformat(), "n_events_outside": w.n_quarantined}


def bottleneck_rows(graph: DirectlyFollowsGraph) -> list[dict[str, Any]]:
    """The bottleneck transitions of :func:`sagsflow.analysis.bottlenecks` read off a calendar-time DFG of a
    log without start times (where the waiting before an event is the time since the previous one, exactly
    the DFG's edge duration), largest total waiting first."""
    inner = np.flatnonzero((graph.source >= 0) & (graph.target >= 0))
    if graph.edge_duration is None or len(inner) == 0:
        return []
    total = np.nan_to_num(graph.edge_duration.total[inner])
    median = np.nan_to_num(graph.edge_duration.median[inner])
    grand = float(total.sum())
    order = sorted(range(len(inner)), key=lambda i: (-total[i], -int(graph.edge_frequency[inner[i]]),
                                                       graph.labels[int(graph.source[inner[i]])],
                                                       graph.labels[int(graph.target[inner[i]])]))
    return [{"source": graph.labels[int(graph.source[inner[i]])], "target": graph.labels[int(graph.target[inner[i]])],
             "cases": int(graph.edge_cases[inner[i]]), "total_wait_s": float(total[i]),
             "share": float(total[i] / grand) if grand > 0 else 0.0, "median_wait_s": float(median[i])}
            for i in order]


def disclose(data: dict[str, Any], *, min_group_size: int = 5, show_small_groups: bool = False) -> dict[str, Any]:
    """The overview response of a role from :func:`overview_data` (which is not changed):
    :func:`sagsflow.disclosure.release.release_overview` under the policy of group size ``min_group_size``, with
    case access when ``show_small_groups``."""
    from sagsflow.disclosure import DisclosurePolicy
    from sagsflow.disclosure.release import release_overview

    policy = DisclosurePolicy(min_group_size=int(min_group_size), sees_cases=show_small_groups)
    return release_overview(data, policy, top=TOP_BOTTLENECKS)


def quarantine_of(log: EventLog, policy: DisclosurePolicy) -> dict[str, Any]:
    """The ``quarantine`` account of an answer about ``log`` as ``policy`` releases it
    (:func:`sagsflow.disclosure.release.release_quarantine`)."""
    from sagsflow.disclosure.release import release_quarantine

    return release_quarantine(log.quarantine(), policy)
