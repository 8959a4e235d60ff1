"""The auditor's audit log: search a case read, export CSV; other roles are refused."""

from pathlib import Path

from playwright.sync_api import expect

from tests.web.conftest import check_axe, login, screenshot


def test_auditor_searches_and_exports(page, server):
    analyst = server.api("analyst")
    case_id = analyst.post(f"/api/workspaces/{server.workspace_id}/logs/{server.log}/cases",
                           json={"limit": 1}).json()["rows"][0]["case_id"]
    assert analyst.get(f"/api/workspaces/{server.workspace_id}/logs/{server.log}/cases/{case_id}").status_code == 200

    login(page, "auditor", "/audit")
    table = page.get_by_test_id("audit-table")
    expect(table.locator("tbody tr").first).to_be_visible()
    screenshot(page, "audit")
    check_axe(page, "audit")
    page.get_by_test_id("audit-username").fill("analyst")
    page.get_by_test_id("audit-action").fill("case.read")
    page.get_by_test_id("audit-search").click()
    # only the analyst's case reads are left, the one above among them
    expect(table.locator("tbody tr td:nth-child(3)").filter(has_not_text="case.read")).to_have_count(0)
    expect(table.locator("tbody tr", has_text=case_id).first).to_be_visible()
    assert all(u == "analyst" for u in table.locator("tbody tr td:nth-child(2)").all_inner_texts())
    with page.expect_download() as d:
        page.get_by_test_id("audit-export").click()
    assert d.value.suggested_filename == "sagsflow-audit.csv"
    text = Path(d.value.path()).read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("id,time,user_id,username")
    assert case_id in text and "case.read" in text
    assert not page.js_errors, page.js_errors


def test_audit_page_needs_the_auditor_role(page, server):
    login(page, "analyst", "/audit")
    expect(page.get_by_test_id("needs-role")).to_contain_text("revisor")
    expect(page.get_by_test_id("nav-audit")).to_have_count(0)
