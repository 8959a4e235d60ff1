"""Attribute pickers: names, values with case counts and histograms; viewers get no resources, no value of fewer
than k cases and no bin count of 1 to k-1 cases."""

from __future__ import annotations

from pathlib import Path

import sagsflow
from tests.api.conftest import World


def _url(world: World, what: str = "") -> str:
    return f"/api/workspaces/{world.workspace['a']}/logs/cases/attributes{what}"


def test_attribute_names_with_kind_and_distinct_values(shared_world: World) -> None:
    w = shared_world
    analyst = w.client.post(_url(w), json={}, headers=w.headers("a", "analyst"))
    assert analyst.status_code == 200, analyst.text
    by_name = {a["name"]: a for a in analyst.json()}
    assert by_name["activity"] == {"name": "activity", "level": "event", "dtype": "VARCHAR", "kind": "category",
                                   "data_class": "process", "n_values": 4}
    assert by_name["resource"]["n_values"] == 4  # r0, r1, r2, x
    viewer = w.client.post(_url(w), json={}, headers=w.headers("a", "viewer")).json()
    assert "resource" not in {a["name"] for a in viewer}


def test_values_with_counts_most_cases_first_and_small_ones_hidden_from_viewers(shared_world: World) -> None:
    w = shared_world
    body = {"attribute": "activity"}
    analyst = w.client.post(_url(w, "/values"), json=body, headers=w.headers("a", "analyst")).json()
    assert [(r["value"], r["n_cases"], r["n_events"]) for r in analyst["rows"]] == [
        ("Check", 12, 12), ("Decide", 12, 12), ("Register", 12, 12), ("Rare", 3, 3)]
    assert analyst["meta"]["n_values"] == 4 and analyst["meta"]["n_cases"] == 12
    viewer = w.client.post(_url(w, "/values"), json=body, headers=w.headers("a", "viewer")).json()
    assert "Rare" not in {r["value"] for r in viewer["rows"]}
    assert viewer["meta"]["n_hidden"] == 1 and viewer["meta"]["min_group_size"] == 5
    found = w.client.post(_url(w, "/values"), json={**body, "search": "re"}, headers=w.headers("a", "analyst"))
    assert [r["value"] for r in found.json()["rows"]] == ["Register", "Rare"]


def test_values_follow_the_filter_and_refuse_resources_for_viewers(shared_world: World) -> None:
    w = shared_world
    rare = {"type": "event_attribute", "attribute": "activity", "equals": "Rare"}
    r = w.client.post(_url(w, "/values"), json={"attribute": "resource", "filter": [rare]},
                      headers=w.headers("a", "analyst"))
    assert {x["value"] for x in r.json()["rows"]} == {"r0", "r1", "r2", "x"}
    assert r.json()["meta"]["n_cases"] == 3
    v = w.client.post(_url(w, "/values"), json={"attribute": "resource"}, headers=w.headers("a", "viewer"))
    assert v.status_code == 403 and "analyst" in v.json()["message"]
    bad = w.client.post(_url(w, "/values"), json={"attribute": "nope"}, headers=w.headers("a", "analyst"))
    assert bad.status_code == 422 and "nope" in bad.json()["message"] and "activity" in bad.json()["hint"]


def test_case_measure_histograms(shared_world: World) -> None:
    w = shared_world
    r = w.client.post(_url(w, "/histogram"), json={"measure": "case_length", "bins": 2},
                      headers=w.headers("a", "analyst"))
    assert r.status_code == 200, r.text
    h = r.json()
    # 9 cases of 3 events, 3 of 4 events
    assert [x["n_cases"] for x in h["rows"]] == [9, 3]
    assert h["meta"]["min"] == 3 and h["meta"]["max"] == 4 and h["meta"]["kind"] == "count"
    viewer = w.client.post(_url(w, "/histogram"), json={"measure": "case_length", "bins": 2},
                           headers=w.headers("a", "viewer")).json()
    assert [x["n_cases"] for x in viewer["rows"]] == [9, None]
    assert viewer["meta"]["min"] is None and viewer["meta"]["max"] is None
    durations = w.client.post(_url(w, "/histogram"), json={"measure": "case_duration"},
                              headers=w.headers("a", "analyst")).json()
    assert sum(x["n_cases"] for x in durations["rows"]) == 12 and durations["meta"]["kind"] == "duration"


def test_histogram_needs_a_numeric_attribute_or_a_measure(shared_world: World) -> None:
    w = shared_world
    h = w.headers("a", "analyst")
    assert w.client.post(_url(w, "/histogram"), json={}, headers=h).status_code == 422
    r = w.client.post(_url(w, "/histogram"), json={"attribute": "activity"}, headers=h)
    assert r.status_code == 422 and "not a number or a date" in r.json()["message"]


def test_compare_two_groups_of_one_log_split_by_a_case_attribute(tmp_path: Path) -> None:
    from tests.api.conftest import build_world

    gen = build_world(tmp_path)
    w = next(gen)
    try:
        folder = tmp_path / "ws_a"
        rows = ["case,activity,time,kommune"]
        for i in range(24):
            k = "Aarhus" if i % 2 else "Odense"
            steps = ["Register", "Check", "Decide"] if k == "Aarhus" else ["Register", "Decide"]
            rows += [f"k{i},{a},2024-02-{1 + i % 20:02d} {9 + j}:00,{k}" for j, a in enumerate(steps)]
        (tmp_path / "k.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
        with sagsflow.Workspace.open(folder) as ws:
            sagsflow.read_csv(tmp_path / "k.csv", workspace=ws, log="kommuner",
                              mapping={"case_id": "case", "activity": "activity", "timestamp": "time",
                                       "columns": {"kommune": {"level": "case"}}})
        url = f"/api/workspaces/{w.workspace['a']}/logs/kommuner/compare/split"
        r = w.client.post(url, json={"attribute": "kommune", "a": ["Aarhus"], "b": ["Odense"]},
                          headers=w.headers("a", "viewer"))
        assert r.status_code == 200, r.text
        c = r.json()
        assert (c["label_a"], c["n_cases_a"], c["n_cases_b"]) == ("kommune = Aarhus", 12, 12)
        check = next(x for x in c["activities"]["rows"] if x["activity"] == "Check")
        assert check["per100_a"] == 100 and check["per100_b"] == 0 and check["significant"]
        rest = w.client.post(url, json={"attribute": "kommune", "a": ["Aarhus"]}, headers=w.headers("a", "analyst"))
        assert rest.json()["label_b"] == "kommune ≠ Aarhus" and rest.json()["n_cases_b"] == 12
        small = w.client.post(url, json={"attribute": "kommune", "a": ["Aarhus"],
                                         "filter": [{"type": "case_id", "ids": ["k1", "k2", "k3"]}]},
                              headers=w.headers("a", "analyst"))
        assert small.status_code == 200
        bad = w.client.post(url, json={"attribute": "activity", "a": ["x"]}, headers=w.headers("a", "analyst"))
        assert bad.status_code == 422 and "not a case attribute" in bad.json()["message"]
        few = w.client.post(url, json={"attribute": "kommune", "a": ["Aarhus"], "b": ["Nowhere"]},
                            headers=w.headers("a", "viewer"))
        assert few.status_code == 403 and "group B" in few.json()["message"]
    finally:
        gen.close()
