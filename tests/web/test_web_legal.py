"""The legal gate in the web app: without a registration the predictions page refuses training and scoring with
the reason and what to do (in Danish); with one approved, training works again."""

from pathlib import Path

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


def _propose(server) -> str:
    """An administrator proposes a deadline-risk registration through the API; returns its id."""
    from datetime import date, timedelta

    admin = server.api("admin")
    try:
        r = admin.post("/api/registrations", json={
            "target_class": "deadline", "purpose": "keep the legal deadlines",
            "legal_basis": {"law": "lov om en aktiv beskæftigelsesindsats", "section": "§ 8",
                            "gdpr_articles": ["6(1)(e)"]},
            "dpia_reference": "DPIA-WEB", "dpia_date": (date.today() - timedelta(days=10)).isoformat(),
            "decision_maker": "Jobcenterchef", "review_date": (date.today() + timedelta(days=200)).isoformat()})
        r.raise_for_status()
        return str(r.json()["id"])
    finally:
        admin.close()


def test_the_auditor_approves_on_the_legal_page_and_downloads_the_dpia(page, server):
    reg = _propose(server)
    login(page, "auditor", "/legal")
    expect(page.locator("h1")).to_contain_text("Jura")
    row = page.get_by_test_id(f"registration-{reg}")
    expect(row).to_have_attribute("data-status", "proposed")
    expect(row).to_contain_text("Risiko for fristoverskridelse")
    expect(row).to_contain_text("Foreslået af admin")
    check_axe(page, "legal")
    row.get_by_role("button", name=f"Godkend registrering {reg}").click()
    expect(row).to_have_attribute("data-status", "active")
    expect(row).to_have_attribute("data-valid", "1")
    expect(row).to_contain_text("godkendt af auditor")
    with page.expect_download() as info:
        page.get_by_test_id("document-dpia").click()
    text = Path(info.value.path()).read_text(encoding="utf-8")
    assert text.startswith("# Udkast til konsekvensanalyse (DPIA)") and reg in text and "Vurderes af en person" in text
    # the auditor can stop it again at once
    row.get_by_role("button", name=f"Tilbagekald registrering {reg}").click()
    expect(row).to_have_attribute("data-status", "revoked")
    assert not page.js_errors, page.js_errors


def test_the_legal_page_in_english_for_an_administrator(page, server):
    login(page, "admin", "/legal")
    expect(page.locator("h1")).to_contain_text("Jura")
    page.get_by_test_id("lang-en").click()
    expect(page.locator("h1")).to_contain_text("Legal")
    expect(page.get_by_test_id("legal-documents")).to_contain_text("Record of processing (art. 30)")
    check_axe(page, "legal-en")
    assert not page.js_errors, page.js_errors
