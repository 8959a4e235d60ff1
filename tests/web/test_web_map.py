"""The process map page in a real browser: sliders, clicking an arc to filter, the filter panel, saved filters,
copy as Python (run for real), export."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from tests.web.conftest import TEST_KEY, Server, check_axe, login, screenshot

#: the number (a small label node on the arc) of the strongest arc between two activities (not the start/end)
ARC_POSITION = """() => {
  const cy = window.sagsflowMap;
  const box = cy.container().getBoundingClientRect();
  const edges = cy.edges().filter(e => e.source().data('kind') === 'node' && e.target().data('kind') === 'node'
                                      && e.source().id() !== e.target().id());
  const seen = edges.filter(x => { const p = cy.getElementById('label:' + x.id()).renderedPosition();
    return p.x > 20 && p.y > 20 && p.x < cy.width() - 200 && p.y < cy.height() - 150
      && box.top + p.y < window.innerHeight - 10; });
  const e = seen.max(x => x.data('width')).ele;
  const p = cy.getElementById('label:' + e.id()).renderedPosition();
  return {id: e.id(), x: box.left + p.x, y: box.top + p.y};
}"""


#: the overlay texts of the arcs that no node's label has
ARC_TEXTS = """() => {
  const cy = window.sagsflowMap;
  const nodeTexts = new Set(cy.nodes("[kind != 'label']").map(n => String(n.data('text') ?? '').split('\\n')).flat());
  return [...new Set(cy.edges().map(e => e.data('text')))].filter(t => t && !nodeTexts.has(t));
}"""

#: every node's box (without labels) on the map, in model coordinates
NODE_BOXES = """() => window.sagsflowMap.nodes("[kind != 'label']").map(n => {
  const b = n.boundingBox({includeLabels: false, includeOverlays: false});
  return {id: n.id(), x1: b.x1, x2: b.x2, y1: b.y1, y2: b.y2, y: n.position('y')};
})"""


def overlapping(boxes: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """The pairs of nodes whose boxes overlap."""
    return [(a["id"], b["id"]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a["x1"] < b["x2"] and b["x1"] < a["x2"] and a["y1"] < b["y2"] and b["y1"] < a["y2"]]


def map_url(server: Server) -> str:
    return f"/w/{server.workspace_id}/l/{server.log}/map"


def draws(page: Any) -> int:
    return int(page.get_by_test_id("map-canvas").get_attribute("data-draws") or 0)


def wait_redraw(page: Any, before: int) -> None:
    page.wait_for_function(f"() => Number(document.querySelector('[data-testid=map-canvas]')?.dataset.draws) > {before}"
                           " && document.querySelector('[data-testid=map-loading]')?.dataset.loading === '0'")


def counts(page: Any) -> tuple[int, int]:
    c = page.get_by_test_id("map-canvas")
    return int(c.get_attribute("data-nodes")), int(c.get_attribute("data-edges"))


def cases_shown(page: Any) -> int:
    return int(page.get_by_test_id("case-count").get_attribute("data-cases"))


def open_map(page: Any, server: Server) -> None:
    from tests.web.test_web_map_views import settle

    login(page, "analyst", map_url(server))
    wait_redraw(page, 0)
    settle(page)  # the opening view may show fewer activities until the map fits


def set_slider(page: Any, name: str, value: int) -> None:
    before = draws(page)
    page.get_by_test_id(f"slider-{name}").fill(str(value))
    wait_redraw(page, before)


def test_sliders_change_the_map(page: Any, server: Server) -> None:
    open_map(page, server)
    set_slider(page, "activities", 60)
    set_slider(page, "paths", 20)
    nodes0, edges0 = counts(page)
    assert nodes0 > 5 and edges0 > nodes0 - 2
    screenshot(page, "map")
    check_axe(page, "map")

    before = draws(page)
    page.get_by_test_id("slider-activities").fill("10")
    wait_redraw(page, before)
    nodes1, edges1 = counts(page)
    assert nodes1 < nodes0 and edges1 < edges0
    expect(page.get_by_test_id("element-count")).to_contain_text(f"{nodes1 - 2} af")

    before = draws(page)
    page.get_by_test_id("slider-activities").fill("100")
    wait_redraw(page, before)
    nodes2, _ = counts(page)
    before = draws(page)
    page.get_by_test_id("slider-paths").fill("100")
    wait_redraw(page, before)
    nodes3, edges3 = counts(page)
    assert nodes2 > nodes0 and nodes3 == nodes2 and edges3 > edges0
    # the browser measured the time from slider release to the redrawn map
    assert page.evaluate("performance.getEntriesByName('sf-slider-to-map').length") >= 1

    # a time overlay: the arcs of the table now show durations (a unit after the number)
    before = draws(page)
    page.get_by_test_id("measure").select_option("duration")
    wait_redraw(page, before)
    expect(page.get_by_test_id("aggregation")).to_be_enabled()
    page.get_by_text("Kortet som tabeller").click()
    arcs = page.locator(".map-table table").nth(1).locator("tbody tr td:nth-child(4)")
    expect(arcs.first).to_be_visible()
    texts = arcs.all_inner_texts()
    assert any(re.fullmatch(r"\d+\s?[a-zæøå.]+( \d+\s?[a-zæøå.]+)?", t.strip()) for t in texts), texts[:10]
    assert not page.js_errors


def test_layout_is_layered_apart_and_keeps_nodes_still(page: Any, server: Server) -> None:
    """ELK (in a Web Worker) lays the map out top-down with no overlapping nodes; moving the activities slider down
    a little shows the remaining nodes where they were, each layer above the next as before."""
    open_map(page, server)
    before = draws(page)
    page.get_by_test_id("slider-activities").fill("100")
    wait_redraw(page, before)
    full = {b["id"]: b for b in page.evaluate(NODE_BOXES)}
    assert not overlapping(list(full.values()))
    assert full["start"]["y"] < full["end"]["y"]
    assert len({round(b["y"]) for b in full.values()}) >= 3  # layered, not one row

    before = draws(page)
    page.get_by_test_id("slider-activities").fill("90")
    wait_redraw(page, before)
    some = page.evaluate(NODE_BOXES)
    assert 0 < len(some) < len(full)
    assert not overlapping(some)
    for a in some:
        for b in some:
            if round(full[a["id"]]["y"]) < round(full[b["id"]]["y"]):
                assert a["y"] < b["y"], (a["id"], b["id"])
    assert page.evaluate("performance.getEntriesByName('sf-slider-to-map').length") >= 2
    assert not page.js_errors


def test_click_an_arc_and_filter_on_it(page: Any, server: Server) -> None:
    open_map(page, server)
    total = cases_shown(page)
    arc = page.evaluate(ARC_POSITION)
    page.mouse.click(arc["x"], arc["y"])
    panel = page.get_by_test_id("side-panel")
    expect(panel).to_contain_text("→")
    assert int(panel.get_by_test_id("stat-frequency").inner_text().replace(".", "")) > 0
    screenshot(page, "map-arc")
    check_axe(page, "map-arc")

    before = draws(page)
    panel.get_by_test_id("filter-retain").click()
    wait_redraw(page, before)
    kept = cases_shown(page)
    assert 0 < kept < total, (kept, total)
    expect(page.get_by_test_id("case-count")).to_have_text(re.compile(rf"^{kept} af {total} sager$"))
    steps = page.get_by_test_id("filter-steps").locator("li")
    expect(steps).to_have_count(1)
    expect(steps.first).to_contain_text("Følges direkte af")

    # flip the step to "remove": the complement of the cases is left (waited for as the user sees it: a redraw of
    # the old map, e.g. after its layout settles, can come first)
    steps.first.get_by_role("button", name="Behold/fjern").click()
    expect(page.get_by_test_id("case-count")).to_have_text(re.compile(rf"^{total - kept} af {total} sager$"))

    # the stack survives a reload of the page (kept for the browser tab)
    page.reload()
    wait_redraw(page, 0)
    assert cases_shown(page) == total - kept

    before = draws(page)
    page.get_by_test_id("delete-step-0").click()
    wait_redraw(page, before)
    assert cases_shown(page) == total


def test_filter_form_saved_filter_and_python(page: Any, server: Server, tmp_path: Path) -> None:
    open_map(page, server)
    total = cases_shown(page)
    page.get_by_test_id("add-type").select_option("case_length")
    page.get_by_test_id("add-step").click()
    editor = page.get_by_test_id("step-editor")
    editor.get_by_label("Mindst").fill("tre")
    editor.get_by_test_id("step-save").click()
    expect(editor.get_by_role("alert")).to_have_text("Mindst skal være et tal.")
    editor.get_by_label("Mindst").fill("25")
    before = draws(page)
    editor.get_by_test_id("step-save").click()
    wait_redraw(page, before)
    kept = cases_shown(page)
    assert 0 < kept < total
    screenshot(page, "map-filter")
    check_axe(page, "map-filter")

    # save it under a name, shared; it is listed and can be loaded again after clearing the stack
    page.get_by_test_id("save-name").fill("Lange sager")
    page.get_by_label("Del med arbejdsområdet").check()
    page.get_by_role("button", name="Gem", exact=True).click()
    saved = page.get_by_test_id("saved-list")
    expect(saved).to_contain_text("Lange sager")
    expect(saved).to_contain_text("delt")
    before = draws(page)
    page.get_by_test_id("delete-step-0").click()
    wait_redraw(page, before)
    assert cases_shown(page) == total
    before = draws(page)
    saved.get_by_role("button", name="Lange sager", exact=True).click()
    wait_redraw(page, before)
    assert cases_shown(page) == kept

    # "copy as Python" reproduces the same number of cases in a notebook
    page.get_by_text("Kopiér som Python").click()
    code = page.get_by_test_id("python-code").input_value()
    assert re.search(r"sagsflow\.discover_process_map\(log, activities=0\.\d+, paths=0", code), code
    ws_dir = tmp_path / "ws"  # a copy: the server holds the workspace open
    shutil.copytree(server.data_dir.parent / "ws", ws_dir)
    code = re.sub(r'Workspace\.open\("PATH/TO/[^"]*"\)', f"Workspace.open({str(ws_dir)!r}, read_only=True)", code)
    code = code.replace("\nm  #", "\nprint(m.n_cases, log.n_cases)  #")
    script = tmp_path / "view.py"
    script.write_text(code, encoding="utf-8")
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120,
                         env={"SAGSFLOW_PSEUDONYM_KEY": TEST_KEY, "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split()[-2:] == [str(kept), str(kept)]


def test_export_svg_and_png(page: Any, server: Server) -> None:
    open_map(page, server)
    # the arcs' numbers are drawn at any zoom (as small nodes on the arcs), and are in the export
    page.evaluate("window.sagsflowMap.zoom(0.3)")
    assert page.evaluate("window.sagsflowMap.nodes(\"[kind = 'label']\").length") == page.evaluate(
        "window.sagsflowMap.edges().length")
    arc_texts = page.evaluate(ARC_TEXTS)
    assert arc_texts
    with page.expect_download() as svg:
        page.get_by_test_id("export-svg").click()
    text = Path(svg.value.path()).read_text(encoding="utf-8")
    assert svg.value.suggested_filename == f"{server.log}-map.svg"
    assert "<svg" in text and "</svg>" in text
    assert any(f">{t}</text>" in text for t in arc_texts), arc_texts[:5]
    with page.expect_download() as png:
        page.get_by_test_id("export-png").click()
    data = Path(png.value.path()).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5000


def test_viewer_sees_the_map_without_resource_perspective(page: Any, server: Server) -> None:
    login(page, "viewer", map_url(server))
    wait_redraw(page, 0)
    options = page.get_by_test_id("perspective").locator("option").all_inner_texts()
    assert not any("Ressource" in o for o in options)
    expect(page.get_by_test_id("nav-cases")).to_have_count(0)


def test_resource_node_filters_as_the_employee_protection_allows(page: Any, server: Server) -> None:
    """Resource perspective at team level (the default): a robot's node filters by the robot; the merged node of
    small teams offers no filter (a filter by an employee would be refused, and none is offered)."""
    open_map(page, server)
    total = cases_shown(page)
    before = draws(page)
    page.get_by_test_id("perspective").select_option("resource")
    wait_redraw(page, before)
    set_slider(page, "activities", 100)
    page.get_by_text("Kortet som tabeller").click()
    nodes = page.locator(".map-table table").first.locator("tbody button")
    panel = page.get_by_test_id("side-panel")
    nodes.filter(has_text="andre teams").first.click()
    expect(panel).to_contain_text("andre teams")
    expect(panel.get_by_test_id("filter-retain")).to_have_count(0)
    nodes.filter(has_text="(automatisering)").first.click()
    expect(panel).to_contain_text("(automatisering)")
    before = draws(page)
    panel.get_by_test_id("filter-retain").click()
    wait_redraw(page, before)
    assert 0 < cases_shown(page) <= total  # (the demo's robot is in most cases)
    steps = page.get_by_test_id("filter-steps").locator("li")
    expect(steps).to_have_count(1)
    expect(steps.first).to_contain_text(re.compile("RPA-ROBOT|SELVBETJENING"))
    expect(page.get_by_role("alert")).to_have_count(0)
    check_axe(page, "map-resource")
    assert not page.js_errors


def test_keyboard_table_and_duration_filter(page: Any, server: Server) -> None:
    """Without the mouse: open an arc from the map's table, filter on its duration."""
    open_map(page, server)
    total = cases_shown(page)
    page.get_by_text("Kortet som tabeller").focus()
    page.keyboard.press("Enter")
    row = page.locator(".map-table table").nth(1).locator("tbody button").filter(
        has_not_text=re.compile(r"▶|■")).first
    row.focus()
    page.keyboard.press("Enter")
    panel = page.get_by_test_id("side-panel")
    expect(panel.get_by_test_id("filter-duration")).to_be_visible()
    panel.get_by_test_id("filter-duration").click()
    panel.get_by_label("Mindst").fill("1min")
    before = draws(page)
    panel.get_by_role("button", name="Tilføj filter").click()
    wait_redraw(page, before)
    steps = page.get_by_test_id("filter-steps").locator("li")
    expect(steps).to_have_count(1)
    expect(steps.first).to_contain_text("Forbindelsens varighed")
    expect(steps.first).to_contain_text("min: 1min")
    assert 0 < cases_shown(page) < total
