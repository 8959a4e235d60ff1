"""The effect page (action plans and their estimated effect) and the drift page, in Danish and English, with their
plots, in Chromium with axe."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.web.conftest import JOB_WAIT, Server, check_axe, login, screenshot

LOG = "dagpenge_alle"
OTHERS = ["Søby", "Åkjær", "Nørreby", "Vestlev"]
#: the series the network agreed to share: the wait from the first day of unemployment to the approved CV
CV_WAIT = {"kind": "waiting", "from_activities": ["Første ledighedsdag"],
           "to_activities": ["CV godkendt", "CV synligt på Jobnet"]}


@pytest.fixture(scope="module")
def others_profiles(server: Server, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The four other demo municipalities each export a signed profile of their dagpenge cases in their own
    workspace (carrying the monthly CV-wait series), and Egholm's workspace (the server's) imports them through
    the API, the way the files would arrive."""
    from sagsflow.demo import generate, write_extract
    from sagsflow.disclosure import DisclosurePolicy
    from sagsflow.ingest.mapping import Mapping
    from sagsflow.ingest.pipeline import import_log
    from sagsflow.share import export_profile, generate_key
    from sagsflow.store.workspace import Workspace
    from tests.web.conftest import TEST_KEY

    tmp: Path = tmp_path_factory.mktemp("others")
    data = generate(seed=42, scale=0.1, processes=["dagpenge"], municipalities=OTHERS)
    files = write_extract(data, tmp / "x", split_by=("municipality",))
    mapping = Mapping.from_yaml(data.mapping_yaml)
    analyst = server.api("analyst")
    names = []
    from sagsflow.demo.municipalities import MUNICIPALITIES

    slug = {x.name: x.slug for x in MUNICIPALITIES}
    for m in OTHERS:
        f = next(p for p in files if p.suffix == ".parquet" and p.stem.endswith(slug[m]))
        with Workspace.open(tmp / f.stem) as ws:  # the municipality's own workspace
            import_log(f, workspace=ws, log="dagpenge", mapping=mapping, key=TEST_KEY)
            prof = export_profile(ws.log("dagpenge"), name=m, key=generate_key(),
                                  policy=DisclosurePolicy(min_group_size=5),
                                  series=[{"indicator": CV_WAIT, "period": "month"}])
        r = analyst.post(f"/api/workspaces/{server.workspace_id}/profiles", json=prof)
        assert r.status_code == 201, r.text
        names.append(m)
    return names


def test_effect_page_registers_and_estimates(page: Any, server: Any, others_profiles: list[str]) -> None:
    login(page, "analyst", f"/w/{server.workspace_id}/effect")
    expect(page.get_by_role("heading", name="Effekt af handleplaner")).to_be_visible()
    page.locator("#iv-name").fill("Hurtigere CV")
    page.locator("#iv-start").fill("2023-10-01")
    expect(page.locator(f"#iv-log option[value={LOG}]")).to_have_count(1, timeout=JOB_WAIT)  # the logs arrived
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
        # the same estimate against the other municipalities' imported profiles
        page.get_by_test_id("effect-controls").select_option("profiles")
        page.get_by_test_id(f"did-{iid}").click()
        cells = page.get_by_test_id("effect-control-cells")
        expect(cells).to_be_visible(timeout=JOB_WAIT)
        for m in others_profiles:
            expect(page.get_by_test_id("effect-figures")).to_contain_text(m)
        expect(page.get_by_test_id("effect-assumptions")).to_contain_text("hidden by the units' disclosure rule")
        expect(page.get_by_test_id("effect-chart").locator("svg path").first).to_be_attached()
        screenshot(page, "effect-profiles-en")
        check_axe(page, "effect-profiles-en")
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


def test_benchmark_page_shows_the_imported_profiles_side_by_side(page: Any, server: Any,
                                                                 others_profiles: list[str]) -> None:
    login(page, "viewer", f"/w/{server.workspace_id}/l/{LOG}/benchmark")
    for m in others_profiles:
        expect(page.get_by_test_id("benchmark-profiles")).to_contain_text(m)
    page.get_by_test_id("benchmark-run").click()
    result = page.get_by_test_id("benchmark-result")
    expect(result).to_be_visible(timeout=JOB_WAIT)
    head = page.get_by_test_id("benchmark-transitions").locator("thead")
    top = page.get_by_test_id("benchmark-top")
    for name in [LOG, *others_profiles]:
        expect(head).to_contain_text(name)
        # each side's own most frequent transitions, in a column of its own
        expect(top.locator("thead")).to_contain_text(name)
    expect(top.locator("tbody tr")).to_have_count(5)
    expect(top.locator("tbody td").first).to_contain_text("→")
    expect(page.get_by_test_id("benchmark-chart").locator("svg path").first).to_be_attached()
    screenshot(page, "benchmark-da")
    check_axe(page, "benchmark-da")
    page.get_by_test_id("lang-en").click()
    expect(page.get_by_role("heading", name=f"{LOG} beside the network")).to_be_visible()
    expect(page.get_by_role("heading", name="Most frequent transitions of each (per 100 cases)")).to_be_visible()
    check_axe(page, "benchmark-en")
    assert not page.js_errors, page.js_errors
