"""The effect page (action plans and their estimated effect) and the drift page, in Danish and English, with their
plots, in Chromium with axe."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.web.conftest import JOB_WAIT, check_axe, login, screenshot

LOG = "dagpenge_alle"


def test_effect_page_registers_and_estimates(page: Any, server: Any) -> None:
    login(page, "analyst", f"/w/{server.workspace_id}/effect")
    expect(page.get_by_role("heading", name="Effekt af handleplaner")).to_be_visible()
    page.locator("#iv-name").fill("Hurtigere CV")
    page.locator("#iv-start").fill("2023-10-01")
    page.locator("#iv-log").select_option(LOG)
    page.locator("#iv-unit").fill("Egholm")
    page.locator("#iv-first").fill("Første ledighedsdag")
    page.locator("#iv-second").fill("CV godkendt, CV synligt på Jobnet")
    page.get_by_test_id("effect-add").click()
    plans = page.get_by_test_id("effect-plans")
    expect(plans).to_contain_text("Hurtigere CV")
    listed = server.api("viewer").get(f"/api/workspaces/{server.workspace_id}/interventions").json()
    iid = next(i["id"] for i in listed if i["name"] == "Hurtigere CV")
    try:
        page.get_by_test_id(f"its-{iid}").click()
        result = page.get_by_test_id("effect-result")
        expect(result).to_be_visible(timeout=JOB_WAIT)
        expect(page.get_by_test_id("effect-summary")).to_contain_text("Fra 1. okt. 2023")
        expect(page.get_by_test_id("effect-assumptions")).to_contain_text("Uden indsatsen")
        expect(page.get_by_test_id("effect-chart").locator("svg path").first).to_be_attached()
        expect(page.get_by_test_id("effect-chart")).to_have_attribute("role", "img")
        screenshot(page, "effect-da")
        check_axe(page, "effect-da")

        page.get_by_test_id("lang-en").click()
        expect(page.get_by_role("heading", name="Effect of action plans")).to_be_visible()
        page.get_by_test_id(f"did-{iid}").click()
        expect(page.get_by_test_id("effect-summary")).to_contain_text("From 1 Oct 2023", timeout=JOB_WAIT)
        expect(page.get_by_test_id("effect-assumptions")).to_contain_text("parallel trends")
        expect(page.get_by_test_id("effect-figures")).to_contain_text("Comparison units")
        screenshot(page, "effect-en")
        check_axe(page, "effect-en")
    finally:
        server.api("analyst").delete(f"/api/workspaces/{server.workspace_id}/interventions/{iid}")
    assert not page.js_errors, page.js_errors


def test_viewer_sees_the_register_without_estimates(page: Any, server: Any) -> None:
    login(page, "viewer", f"/w/{server.workspace_id}/effect")
    expect(page.get_by_role("heading", name="Effekt af handleplaner")).to_be_visible()
    expect(page.locator("#iv-name")).to_have_count(0)


def test_drift_page_draws_the_timeline(page: Any, server: Any) -> None:
    login(page, "analyst", f"/w/{server.workspace_id}/l/{LOG}/drift")
    expect(page.get_by_role("heading", name="Ændringer i forløbet")).to_be_visible()
    page.locator("#drift-period").select_option("month")
    page.get_by_test_id("drift-run").click()
    timeline = page.get_by_test_id("drift-timeline")
    expect(timeline).to_be_visible(timeout=JOB_WAIT)
    expect(timeline.locator("tr[data-kind=law]").first).to_contain_text("Lovændring")
    expect(page.get_by_test_id("drift-chart").locator("svg path").first).to_be_attached()
    screenshot(page, "drift-da")
    check_axe(page, "drift-da")
    page.get_by_test_id("lang-en").click()
    expect(page.get_by_role("heading", name="Drift")).to_be_visible()
    expect(timeline.locator("tr[data-kind=law]").first).to_contain_text("Law change")
    check_axe(page, "drift-en")
    assert not page.js_errors, page.js_errors


def test_benchmark_page_shows_an_imported_profile_beside_the_log(page: Any, server: Any, tmp_path: Any) -> None:
    from sagsflow.demo import generate, write_extract
    from sagsflow.ingest.mapping import Mapping
    from sagsflow.ingest.pipeline import import_log
    from sagsflow.share import export_profile, generate_key
    from sagsflow.store.workspace import Workspace
    from tests.web.conftest import TEST_KEY

    # another municipality makes a profile in its own workspace and sends the file
    data = generate(seed=11, scale=0.05, processes=["dagpenge"], municipalities=["Søby"])
    files = write_extract(data, tmp_path / "x", split_by=())
    with Workspace.open(tmp_path / "theirs") as ws:
        import_log(files[0], workspace=ws, log="dp", mapping=Mapping.from_yaml(data.mapping_yaml), key=TEST_KEY)
        prof = export_profile(ws.log("dp"), name="Nabokommune", key=generate_key())
    r = server.api("analyst").post(f"/api/workspaces/{server.workspace_id}/profiles", json=prof)
    assert r.status_code == 201, r.text
    login(page, "viewer", f"/w/{server.workspace_id}/l/{LOG}/benchmark")
    expect(page.get_by_test_id("benchmark-profiles")).to_contain_text("Nabokommune")
    page.get_by_test_id("benchmark-run").click()
    result = page.get_by_test_id("benchmark-result")
    expect(result).to_be_visible(timeout=JOB_WAIT)
    expect(page.get_by_test_id("benchmark-transitions").locator("thead")).to_contain_text("Nabokommune")
    expect(page.get_by_test_id("benchmark-transitions").locator("thead")).to_contain_text(LOG)
    expect(page.get_by_test_id("benchmark-chart").locator("svg path").first).to_be_attached()
    screenshot(page, "benchmark-da")
    check_axe(page, "benchmark-da")
    page.get_by_test_id("lang-en").click()
    expect(page.get_by_role("heading", name=f"{LOG} beside the network")).to_be_visible()
    check_axe(page, "benchmark-en")
    assert not page.js_errors, page.js_errors
