"""Process map, statistics and variants: analysts see everything, viewers only groups of at least k cases."""

from __future__ import annotations

from pathlib import Path

from tests.api.conftest import World


def _url(world: World, what: str) -> str:
    return f"/api/workspaces/{world.workspace['a']}/logs/cases/{what}"


def test_process_map_with_sliders_and_filter(world: World) -> None:
    r = world.client.post(_url(world, "map"), headers=world.headers("a", "analyst"),
                          json={"activities": 1.0, "paths": 1.0, "measure": "cases",
                                "filter": {"steps": [{"type": "case_duration", "min": "1d"}]}})
    assert r.status_code == 200, r.text
    m = r.json()
    assert m["n_cases"] == 12 and {n["label"] for n in m["nodes"]} >= {"Register", "Check", "Decide", "Rare"}


def test_map_carries_the_slider_scale_and_opens_at_a_count(world: World) -> None:
    """One home for the sliders' scale: the answer carries the library's counts per whole percent, and a request
    for at least n activities gets the position that shows them (the web app opens a log so)."""
    from sagsflow.analysis.process_map import slider_steps

    h = world.headers("a", "analyst")
    full = world.client.post(_url(world, "map"), headers=h, json={"activities": 1.0}).json()
    n = full["totals"]["nodes"]
    assert n >= 4 and full["totals"]["activity_steps"] == slider_steps(n)
    opened = world.client.post(_url(world, "map"), headers=h, json={"activities": 1.0, "activities_shown": 2}).json()
    shown = [x for x in opened["nodes"] if x["kind"] == "node"]
    assert len(shown) == 2 and opened["sliders"]["activities"] < 1
    assert opened["totals"]["activity_steps"][round(opened["sliders"]["activities"] * 100)] == 2
    again = world.client.post(_url(world, "map"), headers=h,
                              json={"activities": opened["sliders"]["activities"]}).json()
    assert [x["id"] for x in again["nodes"]] == [x["id"] for x in opened["nodes"]]
    everything = world.client.post(_url(world, "map"), headers=h, json={"activities_shown": 999}).json()
    assert everything["sliders"]["activities"] == 1.0 and len(everything["nodes"]) == len(full["nodes"])
    bad = world.client.post(_url(world, "map"), headers=h, json={"activities_shown": 0})
    assert bad.status_code == 422


def test_bad_filter_is_a_422_problem(world: World) -> None:
    r = world.client.post(_url(world, "map"), headers=world.headers("a", "analyst"),
                          json={"filter": {"steps": [{"type": "no_such_filter"}]}})
    assert r.status_code == 422 and r.json()["type"] == "invalid-parameter"


def test_variants_below_k_hidden_from_viewers(world: World) -> None:
    analyst = world.client.post(_url(world, "variants"), json={}, headers=world.headers("a", "analyst")).json()
    viewer = world.client.post(_url(world, "variants"), json={}, headers=world.headers("a", "viewer")).json()
    assert [v["n_cases"] for v in analyst["rows"]] == [9, 3]
    # the variant of 3 cases is hidden; 12 cases minus the 9 shown would give that group of 3 back, so the
    # variant of 9 is hidden too (secondary suppression)
    assert [v["n_cases"] for v in viewer["rows"]] == []
    assert viewer["meta"]["n_hidden"] == 2 and viewer["meta"]["min_group_size"] == 5


def test_activity_statistics_below_k_hidden_from_viewers(world: World) -> None:
    viewer = world.client.post(_url(world, "statistics/activities"), json={}, headers=world.headers("a", "viewer"))
    assert "Rare" not in {r["activity"] for r in viewer.json()["rows"]}
    analyst = world.client.post(_url(world, "statistics/activities"), json={}, headers=world.headers("a", "analyst"))
    assert "Rare" in {r["activity"] for r in analyst.json()["rows"]}


def test_viewer_cannot_narrow_to_few_cases_or_by_case_id(world: World) -> None:
    h = world.headers("a", "viewer")
    by_id = world.client.post(_url(world, "map"), headers=h, json={"filter": {"type": "case_id", "ids": ["a-1"]}})
    assert by_id.status_code == 403 and "case id" in by_id.json()["message"]
    rare = {"filter": [{"type": "event_attribute", "attribute": "activity", "equals": "Rare"}]}
    r = world.client.post(_url(world, "map"), headers=h, json=rare)
    assert r.status_code == 403 and "not available to viewers" in r.json()["message"]
    assert world.client.post(_url(world, "map"), headers=world.headers("a", "analyst"), json=rare).status_code == 200


def test_viewer_gets_no_resource_perspective(world: World) -> None:
    r = world.client.post(_url(world, "map"), json={"perspective": "resource"}, headers=world.headers("a", "viewer"))
    assert r.status_code == 403
    ok = world.client.post(_url(world, "map"), json={"perspective": "resource"}, headers=world.headers("a", "analyst"))
    assert ok.status_code == 200


def test_min_group_size_setting(tmp_path: object) -> None:
    from pathlib import Path

    from tests.api.conftest import build_world

    gen = build_world(Path(str(tmp_path)), min_group_size=2)
    w = next(gen)
    try:
        viewer = w.client.post(_url(w, "variants"), json={}, headers=w.headers("a", "viewer")).json()
        assert [v["n_cases"] for v in viewer["rows"]] == [9, 3]
    finally:
        gen.close()


def test_cases_page_and_timeline_are_audited(world: World) -> None:
    h = world.headers("a", "analyst")
    page = world.client.post(_url(world, "cases"), json={"limit": 5, "offset": 2}, headers=h).json()
    assert len(page["rows"]) == 5 and page["meta"]["n_total"] == 12 and page["meta"]["offset"] == 2
    cid = page["rows"][0]["case_id"]
    tl = world.client.get(_url(world, f"cases/{cid}"), headers=h).json()
    assert [e["activity"] for e in tl["events"]][:2] == ["Register", "Check"]
    assert world.audit_actions()[-2:] == ["case.list", "case.read"]
    missing = world.client.get(_url(world, "cases/nope"), headers=h)
    assert missing.status_code == 404 and world.audit_actions()[-1] == "case.read"


def test_timeline_carries_the_case_attributes(world: World, tmp_path: Path) -> None:
    # one audited read gives the whole case: its events and its case-level attributes
    import sagsflow

    csv = tmp_path / "attrs.csv"
    csv.write_text("case,activity,time,unit,kommune\nc1,A,2024-01-01 10:00,Team 1,Aarhus\n"
                   "c1,B,2024-01-02 10:00,Team 2,Aarhus\nc2,A,2024-01-03 10:00,Team 1,Odense\n", encoding="utf-8")
    mapping = {"case_id": {"column": "case", "data_class": "process"}, "activity": "activity", "timestamp": "time",
               "columns": {"unit": {"level": "event"}, "kommune": {"level": "case"}}}
    rec_path = tmp_path / "ws_a"
    with sagsflow.Workspace.open(rec_path) as ws:
        sagsflow.read_csv(csv, workspace=ws, log="attrs", mapping=mapping)
    url = f"/api/workspaces/{world.workspace['a']}/logs/attrs/cases/c1"
    before = len(world.audit_actions())
    tl = world.client.get(url, headers=world.headers("a", "analyst")).json()
    assert tl["attributes"] == {"kommune": "Aarhus"}
    assert [(e["activity"], e["unit"]) for e in tl["events"]] == [("A", "Team 1"), ("B", "Team 2")]
    assert world.audit_actions()[before:] == ["case.read"]
