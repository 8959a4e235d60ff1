"""Animation movements and the dotted chart: analysts only (case-level), every read audited, numbers as the map's."""

from __future__ import annotations

from collections import Counter

from tests.api.conftest import World


def _url(world: World, what: str) -> str:
    return f"/api/workspaces/{world.workspace['a']}/logs/cases/{what}"


def test_animation_moves_every_case_along_the_maps_arcs(world: World) -> None:
    h = world.headers("a", "analyst")
    r = world.client.post(_url(world, "animation"), json={}, headers=h)
    assert r.status_code == 200, r.text
    mv = r.json()
    m = world.client.post(_url(world, "map"), json={"activities": 1, "paths": 1}, headers=h).json()
    trips = Counter((mv["nodes"][s], mv["nodes"][t]) for s, t in zip(mv["source"], mv["target"], strict=True))
    assert trips == {(e["source"], e["target"]): e["frequency"] for e in m["edges"]}
    assert mv["n_cases"] == m["n_cases"] == 12 and not mv["sampled"]
    assert all(a <= b for a, b in zip(mv["start"], mv["end"], strict=True))
    assert world.audit_actions()[-1] == "case.animation"


def test_animation_is_sampled_and_filtered(world: World) -> None:
    h = world.headers("a", "analyst")
    mv = world.client.post(_url(world, "animation"), json={"max_cases": 5}, headers=h).json()
    assert mv["n_cases"] == 5 and mv["n_cases_total"] == 12 and mv["sampled"]
    assert sorted(set(mv["case"])) == [0, 1, 2, 3, 4]
    some = world.client.post(_url(world, "animation"), headers=h, json={
        "filter": {"steps": [{"type": "case_duration", "min": "1d"}]}}).json()
    assert some["n_cases_total"] <= 12


def test_dotted_chart_has_every_event_of_the_cases(world: World) -> None:
    h = world.headers("a", "analyst")
    r = world.client.post(_url(world, "dotted-chart"), json={}, headers=h)
    assert r.status_code == 200, r.text
    d = r.json()
    n_events = world.client.get(f"/api/workspaces/{world.workspace['a']}/logs/cases", headers=h).json()["n_events"]
    assert len(d["case"]) == len(d["time"]) == len(d["activity"]) == n_events
    assert d["n_cases_shown"] == len(d["case_ids"]) == 12 and not d["sampled"]
    assert {"Register", "Decide"} <= set(d["activities"])
    assert world.audit_actions()[-1] == "case.dotted_chart"


def test_case_views_are_for_analysts_only(world: World) -> None:
    for what in ("animation", "dotted-chart"):
        r = world.client.post(_url(world, what), json={}, headers=world.headers("a", "viewer"))
        assert r.status_code == 403, (what, r.text)
