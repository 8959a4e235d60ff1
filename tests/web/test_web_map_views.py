"""The drawn process map on the demo log, at the opening view and at five slider positions: no overlaps, every
number shown, arcs around the nodes, start on top and end at the bottom, readable and fitted (or pannable with
a minimap). The checks read the map Cytoscape drew (tests/web/mapcheck.py); screenshots go to the artefacts."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.web.conftest import JOB_WAIT, Server, check_axe, login, screenshot
from tests.web.mapcheck import drawn, problems, save_problems

#: (activities %, paths %) beside the opening view
POSITIONS = [(0, 0), (10, 0), (35, 10), (60, 25), (100, 100)]


def draws(page: Any) -> int:
    return int(page.get_by_test_id("map-canvas").get_attribute("data-draws") or 0)


def wait_redraw(page: Any, before: int) -> None:
    page.wait_for_function(
        f"() => Number(document.querySelector('[data-testid=map-canvas]')?.dataset.draws) > {before}"
        " && document.querySelector('[data-testid=map-loading]')?.dataset.loading === '0'", timeout=JOB_WAIT)


def settle(page: Any) -> None:
    """Wait until the opening view stops shrinking (it shows fewer activities until the map fits)."""
    last = -1
    while True:
        page.wait_for_timeout(700)
        now = draws(page)
        if now == last and page.get_by_test_id("map-loading").get_attribute("data-loading") == "0":
            return
        last = now


def set_sliders(page: Any, activities: int, paths: int) -> None:
    for name, value in (("activities", activities), ("paths", paths)):
        slider = page.get_by_test_id(f"slider-{name}")
        if slider.input_value() != str(value):
            before = draws(page)
            slider.fill(str(value))
            wait_redraw(page, before)
    page.get_by_test_id("zoom-fit").click()
    page.wait_for_timeout(200)


def check_views(page: Any, name: str) -> dict[str, Any]:
    """The opening view and the five positions; returns what was seen (for the caller's own checks)."""
    settle(page)
    seen: dict[str, Any] = {}
    d = drawn(page)
    found = problems(d, must_fit=True)
    screenshot(page, f"{name}-opening")
    save_problems(f"{name}-opening", found)
    assert not found, found[:10]
    seen["opening"] = d
    for activities, paths in POSITIONS:
        set_sliders(page, activities, paths)
        d = drawn(page)
        found = problems(d, must_fit=False)
        label = f"{name}-a{activities}-p{paths}"
        screenshot(page, label)
        save_problems(label, found)
        assert not found, (label, found[:10])
        shown = int(page.get_by_test_id("map-canvas").get_attribute("data-nodes")) - 2
        # the count beside the slider is the number of activities drawn (the library's rank-based scale)
        expect(page.get_by_test_id("slider-activities-count")).to_contain_text(f"· {shown} af")
        seen[label] = d
    return seen


def test_demo_map_reads_well_at_every_position(page: Any, server: Server) -> None:
    login(page, "analyst", f"/w/{server.workspace_id}/l/{server.log}/map")
    wait_redraw(page, 0)
    seen = check_views(page, "map-demo")
    # 0 % activities: one activity; the sliders move by one activity at the low end
    one = [n for n in seen["map-demo-a0-p0"]["nodes"] if n["kind"] == "node"]
    assert len(one) == 1
    assert not page.js_errors


def test_map_controls_zoom_full_screen_and_hover(page: Any, server: Server) -> None:
    login(page, "analyst", f"/w/{server.workspace_id}/l/{server.log}/map")
    wait_redraw(page, 0)
    settle(page)
    expect(page.get_by_test_id("map-legend")).to_contain_text("Hyppighed")
    zoom = page.evaluate("window.sagsflowMap.zoom()")
    page.get_by_test_id("zoom-in").click()
    assert page.evaluate("window.sagsflowMap.zoom()") > zoom * 1.2
    page.get_by_test_id("zoom-out").click()
    page.get_by_test_id("zoom-out").click()
    assert page.evaluate("window.sagsflowMap.zoom()") < zoom
    page.get_by_test_id("zoom-fit").click()
    assert abs(page.evaluate("window.sagsflowMap.zoom()") - zoom) < 0.01
    # the whole map at once, however small: the minimap is not needed then
    page.get_by_test_id("zoom-all").click()
    expect(page.get_by_test_id("map-minimap")).to_have_count(0)
    # zoomed in far, the minimap shows where the view is
    for _ in range(4):
        page.get_by_test_id("zoom-in").click()
    expect(page.get_by_test_id("map-minimap")).to_be_visible()
    check_axe(page, "map-zoomed")
    page.get_by_test_id("zoom-fit").click()
    # hovering an activity shows its full name
    node = page.evaluate("""() => { const cy = window.sagsflowMap; const b = cy.container().getBoundingClientRect();
      const seen = cy.nodes("[kind = 'node']").filter(n => { const p = n.renderedPosition();
        return b.top + p.y > 0 && b.top + p.y < window.innerHeight - 10; });
      const n = seen[0]; const p = n.renderedPosition();
      return {x: b.left + p.x, y: b.top + p.y, title: n.data('title')}; }""")
    page.mouse.move(node["x"] - 40, node["y"] - 40)
    page.mouse.move(node["x"], node["y"], steps=5)
    expect(page.get_by_test_id("map-tip")).to_have_text(node["title"])
    # full screen: the map fills the screen
    page.get_by_test_id("full-screen").click()
    expect(page.get_by_test_id("full-screen")).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("Escape")
    assert not page.js_errors
