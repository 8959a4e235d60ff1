"""The drawn process map on real public logs (../shared/data): BPIC15_1 (a Dutch municipality's building permits,
398 activities) and the Road Traffic Fine log (150,370 cases), at the opening view and at five slider positions
each, checked from the map Cytoscape drew (tests/web/mapcheck.py). Screenshots in tests/web/artifacts/."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import shared_data_dir
from tests.web.conftest import PASSWORD, TEST_KEY, ensure_web_build, start_server
from tests.web.mapcheck import drawn, problems, save_problems
from tests.web.test_web_map_views import check_views, settle, wait_redraw

pytestmark = [pytest.mark.realdata, pytest.mark.slow]

LOGS = {"bpic15_1": "BPIC15_1.xes.gz", "road_traffic": "Road_Traffic_Fine_Management_Process.xes.gz"}


@pytest.fixture(scope="module")
def real_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = shared_data_dir()  # skips when ../shared/data is absent
    ensure_web_build()
    tmp = tmp_path_factory.mktemp("web-real")
    ws = tmp / "ws"
    env = {**os.environ, "SAGSFLOW_HOME": str(tmp), "SAGSFLOW_PSEUDONYM_KEY": TEST_KEY}
    env.pop("SAGSFLOW_PSEUDONYM_KEY_FILE", None)
    script = Path(sys.executable).parent / "sagsflow"
    for log, file in LOGS.items():
        subprocess.run([str(script), "import", str(data / file), "--log", log, "--workspace", str(ws),
                        "--no-progress"], env=env, check=True, capture_output=True)
    proc, url, _ = start_server(tmp, workspace=ws)
    try:
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture
def real_page(browser: Any, real_server: str) -> Iterator[Any]:
    ctx = browser.new_context(base_url=real_server, locale="da-DK", viewport={"width": 1400, "height": 1000})
    ctx.set_default_timeout(60_000)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.js_errors = errors
    r = ctx.request.post("/api/auth/login", data={"username": "analyst", "password": PASSWORD})
    assert r.ok, r.text()
    yield page
    ctx.close()


def open_log(page: Any, log: str) -> None:
    wid = page.context.request.get("/api/workspaces").json()[0]["id"]
    page.goto(f"/w/{wid}/l/{log}/map")
    wait_redraw(page, 0)


@pytest.mark.parametrize("log", list(LOGS))
def test_real_log_map_reads_well(real_page: Any, log: str) -> None:
    open_log(real_page, log)
    seen = check_views(real_page, f"map-{log}")
    opening = [n for n in seen["opening"]["nodes"] if n["kind"] == "node"]
    assert len(opening) >= 5, "the opening view shows a useful number of activities"
    assert not real_page.js_errors


def test_bpic15_slider_moves_one_activity_at_a_time(real_page: Any) -> None:
    """398 activities: 0 %, 1 %, 2 %, 3 % show 1, 2, 3, 4 activities (the old slider jumped 1, 4, 8, 12)."""
    open_log(real_page, "bpic15_1")
    settle(real_page)
    shown = []
    for p in (0, 1, 2, 3):
        before = int(real_page.get_by_test_id("map-canvas").get_attribute("data-draws"))
        real_page.get_by_test_id("slider-activities").fill(str(p))
        wait_redraw(real_page, before)
        shown.append(int(real_page.get_by_test_id("map-canvas").get_attribute("data-nodes")) - 2)
        found = problems(drawn(real_page), must_fit=True)
        save_problems(f"map-bpic15_1-slider{p}", found)
        assert not found, found[:5]
    assert shown == [1, 2, 3, 4]


def test_real_map_numbers_are_pm4py_numbers(real_server: str) -> None:
    """The numbers drawn come from the same map the API gives; the API's full map equals PM4Py's DFG (see
    tests/analysis/test_dfg_realdata.py), so here only the start arcs: every case starts once."""
    with httpx.Client(base_url=real_server, timeout=120) as c:
        r = c.post("/api/auth/login", json={"username": "analyst", "password": PASSWORD})
        c.headers["X-CSRF-Token"] = r.json()["csrf_token"]
        wid = c.get("/api/workspaces").json()[0]["id"]
        m = c.post(f"/api/workspaces/{wid}/logs/road_traffic/map", json={"activities": 1, "paths": 1}).json()
    assert sum(e["frequency"] for e in m["edges"] if e["source"] == "start") == 150_370
