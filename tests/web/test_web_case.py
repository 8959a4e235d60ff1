"""Case inspector: open a case from the case list; viewers cannot reach case-level pages."""

from playwright.sync_api import expect

from tests.web.conftest import check_axe, login, screenshot


def test_open_a_case_from_the_case_list(page, server):
    login(page, "analyst", f"/w/{server.workspace_id}/l/{server.log}/cases")
    link = page.get_by_test_id("case-link").first
    expect(link).to_be_visible()
    case_id = link.inner_text()
    link.click()
    expect(page.get_by_test_id("case-id")).to_have_text(case_id)
    assert f"/cases/{case_id}" in page.url
    timeline = page.get_by_test_id("case-timeline")
    expect(timeline).to_be_visible()
    n = timeline.locator(":scope > li").count()
    api = server.api("analyst").get(f"/api/workspaces/{server.workspace_id}/logs/{server.log}/cases/{case_id}").json()
    assert n == len(api["events"]) > 0
    # the first event's activity and the pseudonymised resource are shown
    events = sorted(api["events"], key=lambda e: e["timestamp"])
    expect(timeline.locator(":scope > li").first.locator("strong")).to_have_text(events[0]["activity"])
    if events[0]["resource"]:
        expect(timeline.locator(":scope > li").first).to_contain_text(events[0]["resource"])
    expect(page.get_by_test_id("case-facts")).to_contain_text(str(n))
    # case-level attributes of the demo (municipality) are shown once, above the timeline
    expect(page.get_by_test_id("case-attributes")).to_contain_text("kommune")
    screenshot(page, "case")
    check_axe(page, "case")
    # back to the list
    page.get_by_role("link", name=f"Tilbage til sagerne i {server.log}").click()
    expect(page.get_by_test_id("case-table")).to_be_visible()
    assert not page.js_errors, page.js_errors


def test_viewer_cannot_reach_case_level_pages(page, server):
    case_id = server.api("analyst").post(f"/api/workspaces/{server.workspace_id}/logs/{server.log}/cases",
                                         json={"limit": 1}).json()["rows"][0]["case_id"]
    login(page, "viewer", f"/w/{server.workspace_id}/l/{server.log}/cases/{case_id}")
    expect(page.get_by_test_id("needs-role")).to_contain_text("analytiker")
    expect(page.get_by_test_id("case-timeline")).to_have_count(0)
    assert case_id not in page.locator("main").inner_text()
    page.goto(f"/w/{server.workspace_id}/l/{server.log}/cases")
    expect(page.get_by_test_id("needs-role")).to_be_visible()
    # no navigation entry, and the server refuses the data anyway
    page.goto(f"/w/{server.workspace_id}/l/{server.log}/map")
    expect(page.get_by_test_id("nav-map")).to_be_visible()
    expect(page.get_by_test_id("nav-cases")).to_have_count(0)
    r = page.context.request.get(f"/api/workspaces/{server.workspace_id}/logs/{server.log}/cases/{case_id}")
    assert r.status == 403
