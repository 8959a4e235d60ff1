"""Cache warming: after start-up and after an import, the unfiltered views of a log are computed in the
background, so the first map, statistics, variants and dashboard requests are answered from the cache."""

from __future__ import annotations

import time
from pathlib import Path

from fastapi.testclient import TestClient

from sagsflow.api.main import create_app
from tests.api.conftest import build_world, make_settings, write_log_csv


def test_an_import_warms_the_first_views_of_the_log(tmp_path: Path) -> None:
    for w in build_world(tmp_path, warm_cache=True):
        state = w.client.app.state.server  # type: ignore[attr-defined]
        h = w.headers("a", "analyst")
        ws = w.workspace["a"]
        csv = write_log_csv(tmp_path / "new.csv", n_cases=20, prefix="n")
        with csv.open("rb") as f:
            r = w.client.post(f"/api/workspaces/{ws}/imports", headers=h, files={"file": ("new.csv", f)},
                              data={"log": "fresh", "mode": "create", "mapping": "case_id: case\nactivity: "
                                    "activity\ntimestamp: time\nresource: {column: resource, data_class: process}\n"})
        assert r.status_code in (200, 202), r.text
        job = r.json()["id"]
        for _ in range(200):
            if w.client.get(f"/api/jobs/{job}", headers=h).json()["state"] in ("succeeded", "failed"):
                break
            time.sleep(0.05)
        assert w.client.get(f"/api/jobs/{job}", headers=h).json()["state"] == "succeeded"
        assert state.warmer.join(timeout=60)
        assert any(name == "fresh" for _, name, _ in state.warmer.warmed)
        misses = state.cache.misses
        url = f"/api/workspaces/{ws}/logs/fresh"
        for a in (0.0, 0.25, 0.33, 0.5, 0.75, 0.99, 1.0):  # any whole percent the web app's slider sends
            assert w.client.post(f"{url}/map", json={"activities": a, "paths": 0.3}, headers=h).status_code == 200
        # a viewer's map and the released groups their filters are checked against are warm too
        viewer = w.headers("a", "viewer")
        assert w.client.post(f"{url}/map", json={"activities": 0.5}, headers=viewer).status_code == 200
        assert w.client.get(f"{url}/disclosure", headers=viewer).status_code == 200
        assert w.client.post(f"{url}/statistics/activities", json={}, headers=h).status_code == 200
        assert w.client.post(f"{url}/variants", json={}, headers=h).status_code == 200
        assert w.client.post(f"{url}/statistics/overview", json={}, headers=h).status_code == 200
        assert state.cache.misses == misses  # every answer came from the warmed cache
        # an ad-hoc filter is not warmed: it is computed on demand
        adhoc = {"steps": [{"type": "case_length", "min": 4}]}
        assert w.client.post(f"{url}/variants", json={"filter": adhoc}, headers=h).status_code == 200
        assert state.cache.misses > misses
        # a filter saved as shared is: the team's next map of it comes from the cache
        team = {"steps": [{"type": "case_length", "max": 3}]}
        r = w.client.post(f"/api/workspaces/{ws}/filters", headers=h,
                          json={"name": "korte sager", "spec": team, "shared": True})
        assert r.status_code == 201 and state.warmer.join(timeout=60)
        misses = state.cache.misses
        assert w.client.post(f"{url}/map", json={"filter": team, "activities": 0.5}, headers=h).status_code == 200
        assert state.cache.misses == misses


def test_start_up_warms_every_registered_workspace_and_its_shared_filters(tmp_path: Path) -> None:
    long_cases = {"steps": [{"type": "case_length", "min": 4}]}
    for w in build_world(tmp_path):
        # two municipalities' workspaces, each with a log "cases"; Aarhus shares a filter, keeps another private
        h = w.headers("a", "analyst")
        for name, shared in (("lange sager", True), ("mine", False)):
            spec = long_cases if shared else {"steps": [{"type": "case_length", "max": 3}]}
            r = w.client.post(f"/api/workspaces/{w.workspace['a']}/filters", headers=h,
                              json={"name": name, "spec": spec, "shared": shared})
            assert r.status_code == 201, r.text
    app = create_app(settings=make_settings(tmp_path, warm_cache=True))
    with TestClient(app, base_url="https://testserver") as client:
        state = app.state.server
        assert state.warmer.join(timeout=60)
        assert client.get("/api/health").json()["warming"] == 0
        specs = [spec for p, _, spec in state.warmer.warmed if Path(p).name == "ws_a"]
        assert specs[0] is None and len(specs) == 2 and specs[1]["steps"][0]["min"] == 4  # not the private one
        assert sorted({Path(p).name for p, name, _ in state.warmer.warmed if name == "cases"}) == ["ws_a", "ws_b"]
