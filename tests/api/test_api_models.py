"""Model download (BPMN XML, PNML) and comparison of two filtered logs, for analysts and viewers."""

from __future__ import annotations

import defusedxml.ElementTree as ET
import pytest

from tests.api.conftest import World

RARE_CASES = {"steps": [{"type": "event_attribute", "attribute": "activity", "equals": "Rare", "mode": "cases"}]}


def _ws(world: World) -> str:
    return f"/api/workspaces/{world.workspace['a']}"


def _labels(xml: str) -> set[str]:
    root = ET.fromstring(xml.encode("utf-8"))
    return {el.get("name") or "" for el in root.iter() if el.tag.endswith("task")} | {
        (t.text or "") for t in root.iter() if t.tag.endswith("text")}


def test_discover_bpmn_and_pnml_downloads(world: World) -> None:
    h = world.headers("a", "analyst")
    r = world.client.post(f"{_ws(world)}/logs/cases/discover", json={}, headers=h)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/xml")
    assert 'filename="cases.bpmn"' in r.headers["content-disposition"]
    assert "bpmn" in r.text[:500] and {"Register", "Check", "Decide", "Rare"} <= _labels(r.text)

    r = world.client.post(f"{_ws(world)}/logs/cases/discover", json={"format": "pnml"}, headers=h)
    assert r.status_code == 200, r.text
    root = ET.fromstring(r.content)
    assert root.tag == "pnml" and {"Register", "Rare"} <= _labels(r.text)


def test_viewer_model_leaves_out_variants_below_k(world: World) -> None:
    r = world.client.post(f"{_ws(world)}/logs/cases/discover", json={"format": "pnml"},
                          headers=world.headers("a", "viewer"))
    assert r.status_code == 200, r.text
    labels = _labels(r.text)
    assert {"Register", "Check", "Decide"} <= labels and "Rare" not in labels


def test_split_miner_bpmn_download_and_its_errors(world: World, monkeypatch) -> None:
    h = world.headers("a", "analyst")
    r = world.client.post(f"{_ws(world)}/logs/cases/discover", json={"miner": "split", "eta": 0}, headers=h)
    assert r.status_code == 200, r.text
    assert {"Register", "Check", "Decide", "Rare"} <= _labels(r.text) and "BPMNShape" in r.text
    r = world.client.post(f"{_ws(world)}/logs/cases/discover", json={"miner": "split", "epsilon": 2}, headers=h)
    assert r.status_code == 422 and r.json()["field"]
    monkeypatch.setenv("SAGSFLOW_JAVA", "/nonexistent/java")
    r = world.client.post(f"{_ws(world)}/logs/cases/discover", json={"miner": "split"}, headers=h)
    assert r.status_code == 503 and "Java" in r.json()["message"]


def test_the_split_miner_seed_reaches_the_miner_and_is_checked(world: World, monkeypatch) -> None:
    from sagsflow.discovery import SplitMiner

    seeds = []
    fit = SplitMiner._fit  # fit and fit_variants both run Split Miner here
    monkeypatch.setattr(SplitMiner, "_fit", lambda self, *a: (seeds.append(self.seed), fit(self, *a))[1])
    h = world.headers("a", "analyst")
    for seed in (7, 8, 7):  # the second 7 is the cached model of the first: the seed is part of the model's key
        r = world.client.post(f"{_ws(world)}/logs/cases/discover", json={"miner": "split", "eta": 0, "seed": seed},
                              headers=h)
        assert r.status_code == 200, r.text
    assert seeds == [7, 8]
    r = world.client.post(f"{_ws(world)}/logs/cases/discover", json={"miner": "split", "seed": 2 ** 63}, headers=h)
    assert r.status_code == 422 and r.json()["field"] == "seed"


def test_replace_ors_reaches_split_miner_and_is_part_of_the_model_key(world: World, monkeypatch) -> None:
    from sagsflow.discovery import SplitMiner

    drawn = []
    fit = SplitMiner._fit
    monkeypatch.setattr(SplitMiner, "_fit", lambda self, *a: (drawn.append(fit(self, *a)), drawn[-1])[1])
    h = world.headers("a", "analyst")
    for replace in (False, True, False):  # the second False is the cached model of the first
        r = world.client.post(f"{_ws(world)}/logs/cases/discover",
                              json={"miner": "split", "eta": 0, "replace_ors": replace}, headers=h)
        assert r.status_code == 200, r.text
    assert [m.replace_ors for m in drawn] == [False, True] and not drawn[0].replaced_ors_
    r = world.client.post(f"{_ws(world)}/logs/cases/discover", json={"miner": "split", "replace_ors": "maybe"},
                          headers=h)
    assert r.status_code == 422 and r.json()["field"] == "replace_ors"


def test_the_drawn_model_its_download_and_its_scores_are_one_model(world: World) -> None:
    # the server keeps the fitted model of a request (seeded Split Miner gives the same model again, but the
    # inductive miner's and the layout's work is not repeated either), so the page's second call (scores, a
    # download) is about the model on the screen
    h = world.headers("a", "analyst")
    body = {"miner": "split", "eta": 0.1, "epsilon": 0.3}
    first = world.client.post(f"{_ws(world)}/logs/cases/discover", json=body, headers=h)
    again = world.client.post(f"{_ws(world)}/logs/cases/discover", json=body, headers=h)
    assert first.status_code == again.status_code == 200 and first.text == again.text
    scores = world.client.post(f"{_ws(world)}/logs/cases/discover/scores", json=body, headers=h).json()
    root = ET.fromstring(first.content)
    gateways = [el for el in root.iter() if el.tag.endswith("Gateway")]
    assert scores["gateways"] == len(gateways)


def test_scores_of_both_discoverers_for_analysts_and_viewers(world: World) -> None:
    url = f"{_ws(world)}/logs/cases/discover/scores"
    got = {}
    for miner in ("inductive", "split"):
        r = world.client.post(url, json={"miner": miner, "eta": 0}, headers=world.headers("a", "analyst"))
        assert r.status_code == 200, r.text
        got[miner] = s = r.json()
        assert 0 < s["fitness"] <= 1 and 0 < s["precision"] <= 1 and s["n_variants_left_out"] == 0
        assert s["f_score"] == pytest.approx(2 * s["fitness"] * s["precision"] / (s["fitness"] + s["precision"]))
        assert s["size"] > s["gateways"] >= 0 and s["precision_method"] == "1-align"
    # the inductive miner without noise fits every case of its own log
    assert got["inductive"]["fitness"] == pytest.approx(1.0)
    seen = world.client.post(url, json={}, headers=world.headers("a", "viewer")).json()
    assert seen["n_variants"] < got["inductive"]["n_variants"]  # the rare variant (< k cases) is left out


def test_discover_noise_threshold_out_of_range_is_422(world: World) -> None:
    r = world.client.post(f"{_ws(world)}/logs/cases/discover", json={"noise_threshold": 1.5},
                          headers=world.headers("a", "analyst"))
    assert r.status_code == 422 and r.json()["field"]


def test_compare_two_filters(world: World) -> None:
    body = {"log_a": "cases", "log_b": "cases", "filter_b": {"steps": [{**RARE_CASES["steps"][0],
                                                                        "action": "remove"}]}}
    r = world.client.post(f"{_ws(world)}/compare", json=body, headers=world.headers("a", "analyst"))
    assert r.status_code == 200, r.text
    c = r.json()
    assert (c["n_cases_a"], c["n_cases_b"]) == (12, 9)
    rare = next(row for row in c["activities"]["rows"] if row["activity"] == "Rare")
    assert (rare["n_cases_a"], rare["n_cases_b"]) == (3, 0)
    assert c["durations"]["quantiles"]["rows"][0]["quantile"] == 0.0
    assert c["label_a"] != c["label_b"]


def test_compare_hides_small_groups_from_viewers(world: World) -> None:
    r = world.client.post(f"{_ws(world)}/compare", json={"log_a": "cases", "log_b": "cases"},
                          headers=world.headers("a", "viewer"))
    assert r.status_code == 200, r.text
    c = r.json()
    assert "Rare" not in {row["activity"] for row in c["activities"]["rows"]}
    assert c["activities"]["meta"]["n_hidden"] == 1
    assert all(row["n_cases_a"] >= 5 for row in c["variants"]["rows"])
    assert {q["quantile"] for q in c["durations"]["quantiles"]["rows"]}.isdisjoint({0.0, 1.0})


def test_compare_refuses_viewer_filter_below_k(world: World) -> None:
    body = {"log_a": "cases", "log_b": "cases", "filter_b": RARE_CASES}
    r = world.client.post(f"{_ws(world)}/compare", json=body, headers=world.headers("a", "viewer"))
    assert r.status_code == 403 and r.json()["field"] == "filter_b.steps[0]"
    assert r.json()["type"] == "disclosure-refused"


def test_compare_unknown_log_is_404(world: World) -> None:
    r = world.client.post(f"{_ws(world)}/compare", json={"log_a": "cases", "log_b": "nope"},
                          headers=world.headers("a", "analyst"))
    assert r.status_code == 404 and r.json()["type"] == "not-found"
