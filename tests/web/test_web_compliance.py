"""Compliance page: run the employment-dk pack as a job with progress, rule results with law references,
the monthly trend (chart + table), quotas, and open cases near their deadline for analysts only."""

import time

from playwright.sync_api import expect

from tests.web.conftest import JOB_WAIT, check_axe, login, screenshot


def test_run_the_pack_and_read_rules_trend_and_deadlines(page, server):
    login(page, "analyst", f"/w/{server.workspace_id}/l/{server.log}/compliance")
    expect(page.locator("h1")).to_contain_text("Regelefterlevelse")
    # replay mid-2025 so that some cases are still open with a deadline ahead
    page.get_by_label("Vurderingsdato").fill("2025-06-01")
    page.get_by_test_id("compliance-start").click()
    expect(page.get_by_test_id("compliance-job")).to_have_attribute("data-state", "succeeded", timeout=JOB_WAIT)
    summary = page.get_by_test_id("compliance-summary")
    expect(summary.locator("tbody tr").first).to_be_visible()
    api = server.api("analyst")
    name = page.get_by_test_id("compliance-result").input_value()
    rows = api.get(f"/api/workspaces/{server.workspace_id}/compliance/{name}/summary").json()["rows"]
    expect(summary.locator("tbody tr")).to_have_count(len(rows))
    # the Danish rule name and the law reference of R01 are shown
    r01 = summary.locator("tbody tr", has_text="R01")
    expect(r01).to_contain_text("CV")
    expect(r01.locator("td").first).not_to_have_text("–")
    expect(page.get_by_test_id("compliance-trend")).to_have_attribute("role", "img")
    expect(page.get_by_test_id("compliance-trend").locator("svg")).to_have_count(1)
    page.get_by_text("Vis som tabel").click()
    expect(page.get_by_test_id("compliance-trend-table").locator("tbody tr").first).to_be_visible()
    expect(page.get_by_test_id("compliance-deadline-count")).to_contain_text("åbne sager")
    page.get_by_label("Frist inden for (dage)").fill("365")
    expect(page.get_by_test_id("compliance-deadlines").locator("tbody tr").first).to_be_visible()
    days = page.get_by_test_id("compliance-deadlines").locator("tbody tr td.num").all_inner_texts()
    assert [int(d) for d in days] == sorted(int(d) for d in days)
    screenshot(page, "compliance")
    check_axe(page, "compliance")
    assert not page.js_errors, page.js_errors


def wait_for_job(api, job_id, timeout=60.0):
    """Poll a job through the API until it ends; fail unless it succeeded."""
    deadline = time.monotonic() + timeout
    while True:
        job = api.get(f"/api/jobs/{job_id}").json()
        if job["state"] in ("succeeded", "failed", "cancelled") or time.monotonic() > deadline:
            break
        time.sleep(0.3)
    assert job["state"] == "succeeded", job


def test_viewer_sees_aggregates_but_no_cases_or_run_button(page, server):
    api = server.api("analyst")
    r = api.post(f"/api/workspaces/{server.workspace_id}/logs/{server.log}/compliance",
                 json={"pack": "employment-dk", "name": "viewer_check"})
    assert r.status_code == 202, r.text
    wait_for_job(api, r.json()["id"])
    login(page, "viewer", f"/w/{server.workspace_id}/l/{server.log}/compliance")
    expect(page.locator("h1")).to_contain_text("Regelefterlevelse")
    page.get_by_test_id("compliance-result").select_option("viewer_check")
    expect(page.get_by_test_id("compliance-summary").locator("tbody tr").first).to_be_visible()
    expect(page.locator(".notice", has_text="færre end 5 sager")).to_be_visible()
    expect(page.get_by_test_id("compliance-start")).to_have_count(0)
    expect(page.get_by_test_id("compliance-deadlines")).to_have_count(0)
    expect(page.get_by_test_id("compliance-export")).to_have_count(0)
    check_axe(page, "compliance-viewer")
    assert not page.js_errors, page.js_errors
