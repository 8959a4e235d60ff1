"""The dashboard overview: key figures, throughput, work in progress, duration histogram, bottlenecks; viewers
get groups of fewer than k cases blanked."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sagsflow.api.overview import duration_histogram
from tests.api.conftest import World


def _url(world: World) -> str:
    return f"/api/workspaces/{world.workspace['a']}/logs/cases/statistics/overview"


def test_analyst_overview_matches_the_log(shared_world: World) -> None:
    r = shared_world.client.post(_url(shared_world), json={}, headers=shared_world.headers("a", "analyst"))
    assert r.status_code == 200, r.text
    o = r.json()
    # 12 cases, 3 of them with the Rare detour: 9 * 3 + 3 * 4 events, 2 variants
    assert o["kpis"]["cases"] == 12 and o["kpis"]["events"] == 39
    assert o["kpis"]["activities"] == 4 and o["kpis"]["variants"] == 2
    # case c: Register on day c+1 09:00, Decide on day c+3 10:00 -> 2 days 1 hour each
    assert o["kpis"]["median_duration_s"] == 2 * 86400 + 3600
    assert o["kpis"]["first_event"] == "2024-01-01T08:00:00+00:00"  # 09:00 in Copenhagen
    assert o["min_group_size"] is None and o["n_hidden"] == 0
    assert sum(w["started"] for w in o["throughput"]) == 12 == sum(w["ended"] for w in o["throughput"])
    assert all(w["week"] in ("2024-01-01", "2024-01-08") for w in o["throughput"])  # Mondays
    assert o["wip"][-1]["wip"] == 0 and max(d["wip"] for d in o["wip"]) == 2  # cases last 2 days
    assert sum(b["cases"] for b in o["duration_histogram"]) == 12
    top = o["bottlenecks"][0]
    assert (top["source"], top["target"], top["cases"]) == ("Check", "Decide", 9)
    assert abs(sum(b["share"] for b in o["bottlenecks"]) - 1.0) < 1e-9
    assert {(b["source"], b["target"]) for b in o["bottlenecks"]} >= {("Check", "Rare"), ("Rare", "Decide")}


def test_viewer_overview_hides_groups_below_k(shared_world: World) -> None:
    w = shared_world
    o = w.client.post(_url(w), json={}, headers=w.headers("a", "viewer")).json()
    assert o["min_group_size"] == 5
    # the Rare detour (3 cases) is not a bottleneck row for viewers
    assert {(b["source"], b["target"]) for b in o["bottlenecks"]} == {("Check", "Decide"), ("Register", "Check")}
    assert all(d["wip"] is None or d["wip"] == 0 or d["wip"] >= 5 for d in o["wip"])
    assert all(b["cases"] is None or b["cases"] == 0 or b["cases"] >= 5 for b in o["duration_histogram"])
    assert o["n_hidden"] >= 2 and o["kpis"]["first_event"] == "2024-01-01"  # only the day


def test_working_time_is_shorter_than_calendar_time(shared_world: World) -> None:
    w = shared_world
    h = w.headers("a", "analyst")
    cal = w.client.post(_url(w), json={"calendar": "calendar"}, headers=h).json()["kpis"]
    work = w.client.post(_url(w), json={"calendar": "working"}, headers=h).json()["kpis"]
    assert work["median_duration_s"] < cal["median_duration_s"]
    assert work["median_duration_s"] <= 3 * 8 * 3600  # at most three working days of 8 hours


def test_filter_applies_and_bad_calendar_is_422(shared_world: World) -> None:
    w = shared_world
    h = w.headers("a", "analyst")
    rare = {"filter": [{"type": "event_attribute", "attribute": "activity", "equals": "Rare"}]}
    assert w.client.post(_url(w), json=rare, headers=h).json()["kpis"]["cases"] == 3
    assert w.client.post(_url(w), json=rare, headers=w.headers("a", "viewer")).status_code == 403
    bad = w.client.post(_url(w), json={"calendar": "lunar"}, headers=h)
    assert bad.status_code == 422 and bad.json()["field"] == "calendar"


def test_histogram_bins_are_round_and_cover_every_case() -> None:
    rng = np.random.default_rng(1)
    d = np.r_[rng.exponential(5 * 86400, 1000), 400 * 86400]
    bins = duration_histogram(d)
    width = bins[0]["to_s"] - bins[0]["from_s"]
    assert width in (86400.0, 2 * 86400.0, 7 * 86400.0) and len(bins) <= 21
    assert sum(b["cases"] for b in bins) == len(d)
    assert bins[-1]["to_s"] >= d.max() and bins[0]["from_s"] == 0.0
    assert duration_histogram(np.zeros(0)) == []
    assert [b["cases"] for b in duration_histogram(np.zeros(3))] == [3]


def test_bottlenecks_from_the_cached_graph_equal_the_library(tmp_path: Path) -> None:
    import sagsflow
    from sagsflow.analysis.dfg import discover_dfg
    from sagsflow.api.overview import overview_data
    from tests.api.conftest import MAPPING, write_log_csv

    log = sagsflow.read_csv(write_log_csv(tmp_path / "l.csv", n_cases=28), mapping=MAPPING)
    slow = overview_data(log)
    fast = overview_data(log, graph=discover_dfg(log), n_variants=slow["kpis"]["variants"])
    assert [(r["source"], r["target"], r["cases"]) for r in fast["bottlenecks"]] == [
        (r["source"], r["target"], r["cases"]) for r in slow["bottlenecks"]]
    for a, b in zip(fast["bottlenecks"], slow["bottlenecks"], strict=True):
        assert a["total_wait_s"] == pytest.approx(b["total_wait_s"]) and a["share"] == pytest.approx(b["share"])
        assert a["median_wait_s"] == pytest.approx(b["median_wait_s"])
    assert fast["kpis"] == slow["kpis"]


def test_isolated_implausible_dates_do_not_stretch_the_time_axis() -> None:
    # a system default date (01-01-1900) on one event of 300 must not make the dashboard list 45,000 days
    from sagsflow.api.overview import compute_overview
    from sagsflow.store.workspace import Workspace
    from tests.analysis.statlogs import write_log

    events = [(f"c{i}", a, f"2024-0{1 + i % 6}-{10 + i % 9} {9 + j}:00")
              for i in range(100) for j, a in enumerate(("Register", "Check", "Decide"))]
    events[1] = ("c0", "Check", "1900-01-01 00:00")
    with Workspace.memory() as ws:
        log = write_log(ws, events)
        o = compute_overview(log, show_small_groups=True)
        assert o["window"] == {"start": "2024-01-10", "end": "2024-06-18", "n_events_outside": 1}
        assert o["wip"][0]["date"] == "2024-01-10" and o["wip"][-1]["date"] == "2024-06-18"
        assert o["throughput"][0]["week"] == "2024-01-08" and len(o["throughput"]) == 24
        # the 1900 event is quarantined: case c0 keeps its two plausible events, and the key figures, like every
        # analysis, leave the event out (sagsflow.plausible)
        assert sum(w["started"] for w in o["throughput"]) == 100 and sum(w["ended"] for w in o["throughput"]) == 100
        assert o["kpis"]["events"] == 299
        assert o["kpis"]["first_event"] > "2024"
        assert o["quarantine"]["n_quarantined"] == 1 and not o["quarantine"]["included"]
        viewer = compute_overview(log, min_group_size=5)
        assert viewer["window"]["n_events_outside"] is None  # 1 to k-1: blanked
        assert viewer["quarantine"]["n_quarantined"] is None
        # included on request: the key figures count the event and the axis reaches back to 1900
        every = compute_overview(log.include_quarantined(), show_small_groups=True)
        assert every["kpis"]["events"] == 300 and every["kpis"]["first_event"] < "1900-01-02"
        assert every["quarantine"]["included"] and every["window"]["n_events_outside"] == 1
        assert every["wip"][0]["date"] == "2024-01-10"  # the series keep to the plausible period
        # without outliers nothing is left out
        ok = compute_overview(write_log(ws, events[3:], name="ok"), show_small_groups=True)
        assert ok["window"] == {"start": None, "end": None, "n_events_outside": 0}
