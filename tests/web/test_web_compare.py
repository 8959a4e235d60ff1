"""Comparison of two municipalities (per-municipality demo logs) and of two periods of one log."""

from playwright.sync_api import expect

from tests.web.conftest import JOB_WAIT, check_axe, login, screenshot


def test_compare_two_municipalities(page, server):
    login(page, "analyst", f"/w/{server.workspace_id}/compare")
    page.locator("#a-log").select_option("dagpenge_aakjaer")
    page.locator("#b-log").select_option("dagpenge_egholm")
    page.get_by_test_id("compare-run").click()
    verdict = page.get_by_test_id("compare-verdict")
    expect(verdict).to_contain_text("dagpenge_aakjaer", timeout=JOB_WAIT)
    expect(verdict).to_contain_text("dagpenge_egholm")
    expect(verdict).to_contain_text("Mann-Whitney-test, p = ")
    kpis = page.get_by_test_id("compare-kpis")
    expect(kpis.locator("tbody tr").first).to_contain_text("Sager")
    res = server.api("analyst").post(f"/api/workspaces/{server.workspace_id}/compare",
                                     json={"log_a": "dagpenge_aakjaer", "log_b": "dagpenge_egholm"}).json()
    first = kpis.locator("tbody tr").first.locator("td")
    expect(first.nth(0)).to_have_text(str(res["n_cases_a"]))
    expect(first.nth(1)).to_have_text(str(res["n_cases_b"]))
    # the map differences: only significant rows by default, each saying which way it changed
    sig = [r for r in res["transitions"]["rows"] if r["significant"]]
    rows = page.get_by_test_id("compare-transitions").locator("tbody tr")
    expect(rows).to_have_count(min(40, len(sig)))
    if sig:
        expect(rows.first).to_contain_text("i dagpenge_egholm")
    expect(page.get_by_test_id("compare-chart")).to_have_attribute("role", "img")
    expect(page.get_by_test_id("compare-variants").locator("tbody tr").first).to_be_visible()
    screenshot(page, "compare")
    check_axe(page, "compare")
    assert not page.js_errors, page.js_errors


def test_compare_two_periods_of_one_log(page, server):
    login(page, "analyst", f"/w/{server.workspace_id}/compare")
    page.locator("#a-log").select_option(server.log)
    page.locator("#b-log").select_option(server.log)
    page.locator("#a-end").fill("2023-07-01")
    page.locator("#b-start").fill("2023-07-01")
    page.get_by_test_id("compare-run").click()
    expect(page.get_by_test_id("compare-verdict")).to_contain_text(f"{server.log} (A)", timeout=JOB_WAIT)
    res = server.api("analyst").post(f"/api/workspaces/{server.workspace_id}/compare", json={
        "log_a": server.log, "log_b": server.log,
        "filter_a": {"steps": [{"type": "timeframe", "end": "2023-07-01"}]},
        "filter_b": {"steps": [{"type": "timeframe", "start": "2023-07-01"}]}}).json()
    first = page.get_by_test_id("compare-kpis").locator("tbody tr").first.locator("td")
    expect(first.nth(0)).to_have_text(str(res["n_cases_a"]))
    expect(first.nth(1)).to_have_text(str(res["n_cases_b"]))
