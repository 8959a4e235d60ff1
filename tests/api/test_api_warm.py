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
        assert any(name == "fresh" for _, name in state.warmer.warmed)
        misses = state.cache.misses
        url = f"/api/workspaces/{ws}/logs/fresh"
        for a in (0.0, 0.25, 0.5, 0.75, 1.0):
            assert w.client.post(f"{url}/map", json={"activities": a, "paths": 0.3}, headers=h).status_code == 200
        assert w.client.post(f"{url}/statistics/activities", json={}, headers=h).status_code == 200
        assert w.client.post(f"{url}/variants", json={}, headers=h).status_code == 200
        assert w.client.post(f"{url}/statistics/overview", json={}, headers=h).status_code == 200
        assert state.cache.misses == misses  # every answer came from the warmed cache
        # a filtered view is not warmed: it is computed on demand
        assert w.client.post(f"{url}/variants", json={"filter": {"steps": [
            {"type": "case_length", "min": 4}]}}, headers=h).status_code == 200
        assert state.cache.misses > misses


def test_start_up_warms_every_registered_workspace(tmp_path: Path) -> None:
    for _ in build_world(tmp_path):
        pass  # two municipalities' workspaces, each with a log "cases", registered in the metadata database
    app = create_app(settings=make_settings(tmp_path, warm_cache=True))
    with TestClient(app, base_url="https://testserver"):
        state = app.state.server
        assert state.warmer.join(timeout=60)
        assert sorted(Path(p).name for p, name in state.warmer.warmed if name == "cases") == ["ws_a", "ws_b"]
