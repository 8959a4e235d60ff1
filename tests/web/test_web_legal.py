"""The legal gate in the web app: without a registration the predictions page refuses training and scoring with
the reason and what to do (in Danish); with one approved, training works again."""

from playwright.sync_api import expect

from tests.web.conftest import check_axe, login, set_prediction


def test_training_is_refused_without_a_registration_and_allowed_with_one(page, server):
    set_prediction(server, False)
    login(page, "analyst", f"/w/{server.workspace_id}/l/{server.log}/predictions")
    expect(page.locator("h1")).to_contain_text("Forudsigelser")
    page.get_by_label("Modelnavn").fill("uden_registrering")
    page.get_by_label("Forudsigelse", exact=True).select_option("remaining_time")
    page.get_by_test_id("train-start").click()
    problem = page.get_by_test_id("problem")
    expect(problem).to_contain_text("kræver en gyldig registrering")
    expect(problem).to_contain_text("forudsigelse er slået fra")
    expect(problem).to_contain_text("auditor/DPO godkender den")
    check_axe(page, "predictions-refused")

    set_prediction(server, True)
    page.get_by_label("Modelnavn").fill("med_registrering")
    page.get_by_test_id("train-start").click()
    expect(page.get_by_test_id("train-job")).to_have_attribute("data-state", "succeeded", timeout=90_000)
    expect(page.get_by_test_id("prediction-models").locator("tbody tr", has_text="med_registrering v1")).to_be_visible()
    assert not page.js_errors, page.js_errors
