"""Variants explorer: ranked variants, a variant's sequence, and "filter to these variants" as a filter step."""

import re

from playwright.sync_api import expect

from tests.web.conftest import check_axe, login, screenshot


def test_variants_rank_show_and_filter(page, server):
    login(page, "analyst", f"/w/{server.workspace_id}/l/{server.log}/variants")
    table = page.get_by_test_id("variant-table")
    expect(table).to_be_visible()
    rows = table.locator("tbody tr")
    assert rows.count() > 10
    # ranked by cases: the case counts never increase down the table
    counts = [int(x) for x in rows.locator("td:nth-child(3)").all_inner_texts()]
    assert counts == sorted(counts, reverse=True)
    summary = page.get_by_test_id("variants-summary").inner_text()
    assert re.match(r"^\d+ varianter i 81 sager", summary), summary

    # every variant shows its whole sequence in the table, one chip per step
    seq = page.get_by_test_id("variant-sequence-2")
    expect(seq.get_by_role("list")).to_have_accessible_name(re.compile(r"^Variant 2: \d+ trin"))
    assert seq.get_by_role("listitem").count() >= 2
    screenshot(page, "variants")
    check_axe(page, "variants")

    # choose the first two variants and filter to them: the table now holds exactly those two
    page.get_by_label("Vælg variant 1", exact=True).check()
    page.get_by_label("Vælg variant 2", exact=True).check()
    expect(page.get_by_test_id("variants-chosen")).to_contain_text("2 varianter valgt")
    page.get_by_test_id("variants-retain").click()
    expect(page.get_by_test_id("variants-done")).to_be_visible()
    expect(page.get_by_test_id("variants-summary")).to_contain_text(re.compile(r"^2 varianter i \d+ sager"))
    expect(rows).to_have_count(2)
    # the step is on the log's shared filter stack, so the map sees it too
    expect(page.locator(".filter-panel .step")).to_have_count(1)
    page.get_by_test_id("nav-map").click()
    expect(page.locator(".filter-panel .step")).to_have_count(1)
    assert not page.js_errors, page.js_errors
