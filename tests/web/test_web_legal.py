"""The legal gate in the web app: without a registration the predictions page refuses training and scoring with
the reason and what to do (in Danish); with one approved, training and scoring work; revoked, scoring is refused
again."""

from pathlib import Path

from playwright.sync_api import expect

from tests.web.conftest import JOB_WAIT, check_axe, login, set_prediction


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
    expect(page.get_by_test_id("train-job")).to_have_attribute("data-state", "succeeded", timeout=JOB_WAIT)
    expect(page.get_by_test_id("prediction-models").locator("tbody tr", has_text="med_registrering v1")).to_be_visible()
    # scoring with the registration works; once it is revoked, the same click is refused with the reason
    form = page.get_by_test_id("score-form")
    form.locator("label", has_text="med_registrering").locator("input").check()
    page.get_by_label("Tilstand pr.").fill("2025-06-01")
    page.get_by_test_id("score-start").click()
    expect(page.get_by_test_id("risk-table").locator("tbody tr").first).to_be_visible(timeout=JOB_WAIT)
    set_prediction(server, False)
    page.get_by_test_id("score-start").click()
    refused = page.get_by_test_id("problem").filter(has_text="kræver en gyldig registrering")
    expect(refused).to_be_visible(timeout=JOB_WAIT)
    expect(page.get_by_test_id("risk-table")).to_have_count(0)
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


def test_an_administrator_proposes_on_the_page_and_the_auditor_approves(page, server):
    """The proposal form in Danish: the two-person rule is said before it, a citizen outcome is marked as profiling
    and needs its targets, the proposal enables nothing until the auditor approves it."""
    from datetime import date, timedelta

    login(page, "admin", "/legal")
    expect(page.locator("h1")).to_contain_text("Jura")
    expect(page.get_by_test_id("status-citizen_outcome")).to_have_attribute("data-enabled", "0")
    page.get_by_test_id("propose-open").click()
    form = page.get_by_test_id("propose-form")
    expect(form.get_by_test_id("two-person-rule")).to_contain_text("To-personers-reglen")
    expect(form.get_by_test_id("two-person-rule")).to_contain_text("en anden person end dig")
    form.get_by_label("Klasse").select_option("citizen_outcome")
    expect(form.get_by_test_id("profiling-warning")).to_contain_text("art. 22")
    check_axe(page, "legal-propose")
    form.get_by_label("Forudsigelser", exact=True).fill("outcome:activity=Sanktion")
    form.get_by_label("Formål", exact=True).fill("tilbyde en samtale før en sanktion")
    form.get_by_label("Lov", exact=True).fill("lov om en aktiv beskæftigelsesindsats")
    form.get_by_label("Paragraf").fill("§ 8")
    form.get_by_test_id("gdpr-articles").get_by_role("checkbox").first.check()
    form.get_by_label("Reference til konsekvensanalysen").fill("DPIA-FORM")
    form.get_by_label("Dato for konsekvensanalysen").fill((date.today() - timedelta(days=5)).isoformat())
    form.get_by_label("Beslutningstager (navn og titel)").fill("Jobcenterchef")
    form.get_by_label("Revisionsdato").fill((date.today() + timedelta(days=90)).isoformat())
    form.get_by_test_id("propose-submit").click()
    expect(page.get_by_test_id("legal-status")).to_contain_text("slår intet til, før auditor/DPO godkender den")
    row = page.locator("[data-testid^=registration-]", has_text="DPIA-FORM")
    expect(row).to_have_attribute("data-status", "proposed")
    expect(row.get_by_test_id("awaiting")).to_contain_text("Venter på godkendelse af auditor/DPO")
    expect(row).to_contain_text("Profilering")
    expect(page.get_by_test_id("status-waiting")).to_be_visible()
    expect(page.get_by_test_id("status-citizen_outcome")).to_have_attribute("data-enabled", "0")
    reg = row.get_attribute("data-testid").removeprefix("registration-")
    # the administrator cannot approve what they proposed: no button for it
    expect(row.get_by_role("button", name=f"Godkend registrering {reg}")).to_have_count(0)

    login(page, "auditor", "/legal")
    row = page.get_by_test_id(f"registration-{reg}")
    row.get_by_role("button", name=f"Godkend registrering {reg}").click()
    expect(row).to_have_attribute("data-status", "active")
    status = page.get_by_test_id("status-citizen_outcome")
    expect(status).to_have_attribute("data-enabled", "1")
    expect(status).to_contain_text(f"registrering {reg}")
    expect(status).to_contain_text("outcome:activity=Sanktion")
    row.get_by_role("button", name=f"Tilbagekald registrering {reg}").click()
    expect(status).to_have_attribute("data-enabled", "0")
    assert not page.js_errors, page.js_errors


def test_an_administrator_sets_a_retention_period_in_english(page, server):
    login(page, "admin", "/legal")
    page.get_by_test_id("lang-en").click()
    expect(page.locator("h1")).to_contain_text("Legal")
    row = page.get_by_test_id(f"retention-{server.log}")
    expect(row).to_be_visible()
    form = page.get_by_test_id("retention-form")
    form.get_by_label("Log").select_option(server.log)
    # a period longer than the demo's events are old: the housekeeping deletes nothing of the shared demo
    form.get_by_label("Days kept").fill("36000")
    form.get_by_label("Reason (rule or decision)").fill("retention plan 2026")
    check_axe(page, "legal-retention-en")
    form.get_by_test_id("retention-submit").click()
    expect(page.get_by_test_id("retention-status")).to_contain_text(f"{server.log}: events are now kept 36,000 days")
    expect(row).to_have_attribute("data-days", "36000")
    expect(row).to_contain_text("retention plan 2026")
    expect(row).to_contain_text("admin")
    # count first (nothing deleted), then delete now: the demo's events are younger than the period
    page.get_by_test_id("retention-dry-run").click()
    report = page.get_by_test_id("retention-report")
    expect(report).to_have_attribute("data-dry-run", "1")
    expect(report).to_contain_text("nothing deleted yet")
    expect(page.get_by_test_id(f"retention-report-{server.log}")).to_have_attribute("data-events", "0")
    check_axe(page, "legal-retention-report-en")
    page.get_by_test_id("retention-apply").click()
    expect(report).to_have_attribute("data-dry-run", "0")
    expect(report).to_contain_text("recorded in the audit log")
    assert not page.js_errors, page.js_errors


def test_the_predictions_page_shows_the_same_status_block(page, server):
    set_prediction(server, False, "deadline")
    login(page, "analyst", f"/w/{server.workspace_id}/l/{server.log}/predictions")
    block = page.get_by_test_id("registration-status")
    expect(block).to_contain_text("Forudsigelse nu")
    expect(block.get_by_test_id("status-deadline")).to_have_attribute("data-enabled", "0")
    expect(block.get_by_test_id("status-deadline")).to_contain_text("slået fra")
    assert not page.js_errors, page.js_errors


def test_an_administrator_sets_employee_protection_and_the_controller_and_the_record_follows(page, server):
    admin = server.api("admin")
    before = admin.get("/api/legal/settings").json()
    try:
        login(page, "admin", "/legal")
        form = page.get_by_test_id("settings-form")
        form.get_by_test_id("employee-use").get_by_label("Kun på teamniveau").check()
        form.get_by_label("Mindste antal medarbejdere pr. gruppe").fill("7")
        form.get_by_label("Dataansvarlig", exact=True).fill("Søby Kommune")
        form.get_by_label("Modtagere").fill("Ankestyrelsen\nSTAR")
        check_axe(page, "legal-settings")
        form.get_by_test_id("settings-submit").click()
        expect(page.get_by_test_id("settings-status")).to_contain_text("Gemt")
        expect(page.get_by_test_id("employees-text")).to_contain_text("7")
        with page.expect_download() as info:
            page.get_by_test_id("document-record").click()
        record = Path(info.value.path()).read_text(encoding="utf-8")
        assert "- Dataansvarlig: Søby Kommune" in record and "- Ankestyrelsen" in record and "- STAR" in record

        # the auditor reads the settings but cannot change them
        login(page, "auditor", "/legal")
        expect(page.get_by_test_id("employees-text")).to_contain_text("7")
        expect(page.get_by_label("Mindste antal medarbejdere pr. gruppe")).to_be_disabled()
        expect(page.get_by_test_id("settings-submit")).to_have_count(0)
        assert not page.js_errors, page.js_errors
    finally:
        admin.put("/api/legal/settings", json={"employees": before["employees"],
                                               "controller": before["controller"]}).raise_for_status()
        admin.close()


def test_an_administrator_changes_a_registration_and_the_old_one_holds_until_approval(page, server):
    set_prediction(server, True, "deadline")
    admin = server.api("admin")
    try:
        old = next(r for r in admin.get("/api/registrations").json() if r["valid"] and r["target_class"] == "deadline")
    finally:
        admin.close()
    login(page, "admin", "/legal")
    page.get_by_role("button", name=f"Ændr registrering {old['id']}").click()
    form = page.get_by_test_id("propose-form")
    expect(form.get_by_role("heading")).to_contain_text(f"Ændr registrering {old['id']}")
    expect(form.get_by_label("Formål", exact=True)).to_have_value(old["purpose"])
    expect(form.get_by_test_id("two-person-rule")).to_be_visible()
    form.get_by_label("Formål", exact=True).fill("hold de lovbestemte frister, også for sygedagpenge")
    form.get_by_test_id("propose-submit").click()
    expect(page.get_by_test_id("legal-status")).to_contain_text("slår intet til")
    new = page.locator("[data-testid^=registration-][data-status=proposed]", has_text=f"Ændrer {old['id']}")
    expect(new).to_contain_text("også for sygedagpenge")
    expect(page.get_by_test_id(f"registration-{old['id']}")).to_have_attribute("data-status", "active")
    new_id = new.get_attribute("data-testid").removeprefix("registration-")

    login(page, "auditor", "/legal")
    page.get_by_role("button", name=f"Godkend registrering {new_id}").click()
    expect(page.get_by_test_id(f"registration-{new_id}")).to_have_attribute("data-status", "active")
    expect(page.get_by_test_id(f"registration-{old['id']}")).to_have_attribute("data-status", "superseded")
    expect(page.get_by_test_id("status-deadline")).to_contain_text(new_id)
    page.get_by_role("button", name=f"Tilbagekald registrering {new_id}").click()
    expect(page.get_by_test_id("status-deadline")).to_have_attribute("data-enabled", "0")
    assert not page.js_errors, page.js_errors
