"""Cases animated over the map (play, pause, speed, time slider) and the dotted chart, in a real browser."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.web.conftest import JOB_WAIT, Server, check_axe, login, screenshot
from tests.web.test_web_map_views import settle, wait_redraw


def test_animation_plays_pauses_and_seeks(page: Any, server: Server) -> None:
    login(page, "analyst", f"/w/{server.workspace_id}/l/{server.log}/map")
    wait_redraw(page, 0)
    settle(page)
    page.get_by_test_id("animate").click()
    canvas = page.get_by_test_id("animation-canvas")
    expect(canvas).to_be_attached(timeout=JOB_WAIT)
    # it draws frames, with tokens on the map
    page.wait_for_function("() => Number(document.querySelector('[data-testid=animation-canvas]')?.dataset.fps) > 0",
                           timeout=JOB_WAIT)
    page.get_by_test_id("animation-speed").select_option("30")
    page.wait_for_function(
        "() => Number(document.querySelector('[data-testid=animation-canvas]')?.dataset.tokens) > 0", timeout=JOB_WAIT)
    expect(page.get_by_test_id("animation-cases")).to_contain_text("sager")
    screenshot(page, "map-animation")
    check_axe(page, "map-animation")
    # pause: the moment shown stops; the time slider moves it
    page.get_by_test_id("animation-play").click()
    expect(page.get_by_test_id("animation-play")).to_have_attribute("aria-pressed", "false")
    page.wait_for_timeout(1200)
    moment = page.get_by_test_id("animation-moment").inner_text()
    page.wait_for_timeout(1500)
    assert page.get_by_test_id("animation-moment").inner_text() == moment
    page.get_by_test_id("animation-time").fill("900")
    expect(page.get_by_test_id("animation-moment")).not_to_have_text(moment)
    # the movements were read once, as a case-level read in the audit log
    audit = server.api("auditor").get("/api/audit", params={"action": "case.animation"}).json()
    rows = audit["rows"] if isinstance(audit, dict) else audit
    assert any(r.get("action") == "case.animation" for r in rows)
    page.get_by_test_id("animate").click()
    expect(canvas).to_have_count(0)
    assert not page.js_errors


def test_dotted_chart_shows_every_event(page: Any, server: Server) -> None:
    login(page, "analyst", f"/w/{server.workspace_id}/l/{server.log}/dotted")
    counts = page.get_by_test_id("dotted-counts")
    page.wait_for_function("() => Number(document.querySelector('[data-testid=dotted-counts]')?.dataset.events) > 0",
                           timeout=JOB_WAIT)
    summary = server.api("analyst").get(f"/api/workspaces/{server.workspace_id}/logs/{server.log}").json()
    assert int(counts.get_attribute("data-events")) == summary["n_events"]
    assert int(counts.get_attribute("data-cases")) == summary["n_cases"]
    expect(page.get_by_test_id("dotted-chart").locator("canvas").first).to_be_visible()
    expect(page.get_by_test_id("dotted-chart")).to_have_attribute("role", "img")
    page.get_by_text("Aktiviteterne og deres hændelser").click()
    rows = page.locator(".map-table tbody tr")
    assert rows.count() >= 2
    screenshot(page, "dotted")
    check_axe(page, "dotted")
    assert not page.js_errors


def test_viewer_has_no_dotted_chart_or_animation(page: Any, server: Server) -> None:
    login(page, "viewer", f"/w/{server.workspace_id}/l/{server.log}/map")
    wait_redraw(page, 0)
    expect(page.get_by_test_id("animate")).to_have_count(0)
    expect(page.get_by_test_id("nav-dotted")).to_have_count(0)
    r = server.api("viewer").post(f"/api/workspaces/{server.workspace_id}/logs/{server.log}/dotted-chart", json={})
    assert r.status_code == 403
