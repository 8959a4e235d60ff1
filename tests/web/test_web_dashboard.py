"""Dashboard: key figures, charts with text alternatives, bottlenecks and activity statistics."""

import re

from playwright.sync_api import expect

from tests.web.conftest import check_axe, login, screenshot


def test_dashboard_figures_and_charts(page, server):
    login(page, "analyst", f"/w/{server.workspace_id}/l/{server.log}/dashboard")
    kpis = page.get_by_test_id("kpis")
    expect(kpis).to_be_visible()
    ov = server.api("analyst").post(f"/api/workspaces/{server.workspace_id}/logs/{server.log}/statistics/overview",
                                    json={"filter": None}).json()
    first = kpis.locator("li").first
    expect(first).to_contain_text("Sager")
    expect(first.locator(".kpi-value")).to_have_text(str(ov["kpis"]["cases"]))
    for chart in ("chart-throughput", "chart-wip", "chart-durations"):
        c = page.get_by_test_id(chart)
        expect(c).to_have_attribute("role", "img")
        assert re.search(r"tabellen nedenfor", c.get_attribute("aria-label") or "")
        expect(c.locator("svg")).to_have_count(1)
    # the histogram's table alternative holds the same bins as the response
    page.get_by_text("Vis som tabel").nth(2).click()
    hist_rows = page.locator("section[aria-labelledby='hist-title'] table tbody tr")
    expect(hist_rows).to_have_count(len(ov["duration_histogram"]))
    expect(page.get_by_test_id("bottlenecks").locator("tbody tr")).to_have_count(min(10, len(ov["bottlenecks"])))
    expect(page.get_by_test_id("activity-statistics").locator("tbody tr")).to_have_count(ov["kpis"]["activities"])
    screenshot(page, "dashboard")
    check_axe(page, "dashboard")
    # working time changes the durations
    median = page.locator(".kpi", has_text="Median sagsvarighed").locator(".kpi-value").inner_text()
    page.get_by_label("Varigheder i").select_option("working")
    expect(page.locator(".kpi", has_text="Median sagsvarighed").locator(".kpi-value")).not_to_have_text(median)
    assert not page.js_errors, page.js_errors


def test_viewer_sees_the_dashboard_with_small_groups_hidden(page, server):
    login(page, "viewer", f"/w/{server.workspace_id}/l/{server.log}/dashboard")
    expect(page.get_by_test_id("kpis")).to_be_visible()
    expect(page.locator(".notice", has_text="færre end 5 sager")).to_be_visible()
