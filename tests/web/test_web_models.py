"""Process model: discover with a noise threshold, draw the BPMN with bpmn-js, download BPMN and PNML, check the
log against it (fitness and the deviation overlay); viewers get the model without the check."""

from pathlib import Path

from playwright.sync_api import expect

from tests.web.conftest import JOB_WAIT, check_axe, login, screenshot


def test_discover_draw_and_download(page, server):
    login(page, "analyst", f"/w/{server.workspace_id}/l/{server.log}/models")
    page.get_by_label("Støjtærskel").fill("40")
    page.get_by_test_id("discover").click()
    expect(page.get_by_test_id("bpmn-drawn")).to_be_attached(timeout=JOB_WAIT)
    canvas = page.get_by_test_id("bpmn-canvas")
    caption = page.get_by_test_id("bpmn-figure").locator("figcaption")
    expect(caption).to_contain_text("aktiviteter står under diagrammet")
    tasks = canvas.locator("g.djs-element[data-element-id]")
    assert tasks.count() > 5
    counts = page.get_by_test_id("model-counts").inner_text()
    assert "aktiviteter" in counts and "gateways" in counts
    screenshot(page, "models")
    check_axe(page, "models")
    with page.expect_download() as d:
        page.get_by_test_id("download-bpmn").click()
    assert d.value.suggested_filename == f"{server.log}.bpmn"
    text = Path(d.value.path()).read_text(encoding="utf-8")
    assert "bpmn:definitions" in text and "bpmndi:BPMNDiagram" in text
    with page.expect_download() as d:
        page.get_by_test_id("download-pnml").click()
    assert d.value.suggested_filename == f"{server.log}.pnml"
    assert "<pnml" in Path(d.value.path()).read_text(encoding="utf-8")

    # conformance against the model of the ten most frequent variants (alignments of all 80 variants of the
    # demo log against a 40 % noise model take minutes): fitness, and the tasks where cases deviate are coloured
    scope = f"{server.workspace_id}/{server.log}"
    page.evaluate("([k, v]) => sessionStorage.setItem(k, v)",
                  [f"sagsflow.filters.{scope}", '[{"type": "variant", "action": "retain", "top": 10}]'])
    page.reload()
    page.get_by_test_id("discover").click()
    expect(page.get_by_test_id("bpmn-drawn")).to_be_attached(timeout=JOB_WAIT)
    page.get_by_test_id("conformance-run").click()
    fitness = page.get_by_test_id("conformance-fitness")
    expect(fitness).to_contain_text("Fitness 0,", timeout=JOB_WAIT)
    deviating = page.get_by_test_id("conformance-activities").locator("tbody tr")
    n = deviating.count()
    assert n > 0  # a 40 % noise threshold leaves behaviour out of the model
    marked = canvas.locator("g.djs-element.sf-dev-low, g.djs-element.sf-dev-mid, g.djs-element.sf-dev-high")
    assert 0 < marked.count() <= n
    screenshot(page, "models-conformance")
    check_axe(page, "models-conformance")
    assert not page.js_errors, page.js_errors


def test_viewer_gets_models_of_large_groups_only(page, server):
    # in the small demo no variant has 5 cases, so a viewer is told why there is no model
    login(page, "viewer", f"/w/{server.workspace_id}/l/{server.log}/models")
    page.get_by_test_id("discover").click()
    expect(page.get_by_test_id("problem")).to_contain_text("at least 5 cases")
    expect(page.get_by_test_id("bpmn-canvas")).to_have_count(0)
    expect(page.get_by_test_id("conformance-run")).to_have_count(0)
