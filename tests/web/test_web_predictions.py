"""Predictions page: train a remaining-time model as a job, read its model card, score the open cases with
reasons in Danish; viewers see the models and cards but no single cases."""

from playwright.sync_api import expect

from tests.web.conftest import JOB_WAIT, check_axe, login, screenshot, set_prediction


def test_train_read_the_card_and_score_open_cases(page, server):
    set_prediction(server, True)  # the legal gate: an administrator and the auditor enabled capacity prediction
    login(page, "analyst", f"/w/{server.workspace_id}/l/{server.log}/predictions")
    expect(page.locator("h1")).to_contain_text("Forudsigelser")
    expect(page.get_by_test_id("decision-support")).to_contain_text("træffer aldrig afgørelser")
    page.get_by_label("Modelnavn").fill("restid_web")
    page.get_by_label("Forudsigelse", exact=True).select_option("remaining_time")
    page.get_by_test_id("train-start").click()
    expect(page.get_by_test_id("train-job")).to_have_attribute("data-state", "succeeded", timeout=JOB_WAIT)
    models = page.get_by_test_id("prediction-models")
    row = models.locator("tbody tr", has_text="restid_web v1")
    expect(row).to_contain_text("Resterende tid")
    row.get_by_role("button").click()
    card = page.get_by_test_id("model-card")
    expect(card).to_be_visible()
    frame = page.frame_locator("[data-testid=model-card]")
    expect(frame.locator("h1")).to_contain_text("Modelkort: restid_web v1")  # the card in the page's language
    expect(frame.locator("body")).to_contain_text("træffer aldrig en afgørelse")
    # replay mid-2025: cases open then get a remaining time with an interval and reasons in Danish
    page.get_by_label("Tilstand pr.").fill("2025-06-01")
    page.get_by_test_id("score-start").click()
    table = page.get_by_test_id("risk-table")
    expect(table.locator("tbody tr").first).to_be_visible(timeout=JOB_WAIT)
    expect(table.locator("tbody tr").first.locator("td").nth(2)).to_contain_text("dage (")
    reasons = table.get_by_test_id("reasons").first.inner_text()
    assert reasons and reasons != "–" and ("Sagen" in reasons or "Hændelse" in reasons or "sagen" in reasons), reasons
    expect(page.get_by_test_id("score-count")).to_contain_text("restid_web:1")
    screenshot(page, "predictions")
    check_axe(page, "predictions")
    assert not page.js_errors, page.js_errors


def test_viewer_sees_models_but_no_cases(page, server):
    login(page, "viewer", f"/w/{server.workspace_id}/l/{server.log}/predictions")
    expect(page.locator("h1")).to_contain_text("Forudsigelser")
    expect(page.get_by_test_id("decision-support")).to_be_visible()
    expect(page.get_by_role("heading", name="Modeller")).to_be_visible()
    expect(page.get_by_test_id("train-form")).to_have_count(0)
    expect(page.get_by_test_id("score-form")).to_have_count(0)
    check_axe(page, "predictions-viewer")
    assert not page.js_errors, page.js_errors
