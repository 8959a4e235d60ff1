"""Import wizard: upload a small CSV, check the preview and mapping, import it and open the new log."""

from playwright.sync_api import expect

from tests.web.conftest import check_axe, login, screenshot

ACTIVITIES = ("Ansøgning modtaget", "Vurdering", "Afgørelse")


def small_csv() -> bytes:
    lines = ["sagsnr;aktivitet;tidspunkt;sagsbehandler;cpr;notat;team"]
    for case in range(1, 9):
        for k, act in enumerate(ACTIVITIES):
            note = "Ringet til borger" if k == 1 else ""
            lines.append(f"S-{case:03d};{act};{case:02d}-03-2024 {9 + k}:15;SB{k};0101801{case:03d};{note};"
                         f"Team {case % 2}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def test_import_wizard_creates_a_log(page, server):
    login(page, "analyst", f"/w/{server.workspace_id}/import")
    page.get_by_test_id("import-file").set_input_files(
        files=[{"name": "Ydelser Marts.csv", "mimeType": "text/csv", "buffer": small_csv()}])
    expect(page.get_by_test_id("import-log")).to_have_value("ydelser_marts")
    page.get_by_test_id("import-log").fill("e2e_import")
    page.get_by_test_id("import-preview").click()

    # preview: the first rows, the suggested mapping and the detected timestamp format
    expect(page.get_by_test_id("import-rows")).to_contain_text("24 rækker")
    expect(page.get_by_test_id("import-preview-table").locator("tbody tr")).to_have_count(20)
    row = page.get_by_test_id("map-row-sagsnr")
    expect(row.get_by_label("Hvad kolonnen sagsnr indeholder")).to_have_value("case_id")
    expect(page.get_by_test_id("map-row-tidspunkt")).to_contain_text("%d-%m-%Y %H:%M")
    expect(page.get_by_label("Tidsformat for tidspunkt")).to_have_value("%d-%m-%Y %H:%M")
    expect(page.get_by_label("Persondataklasse for cpr")).to_have_value("citizen_id")
    screenshot(page, "import-mapping")
    check_axe(page, "import")

    # edit: the team is a case attribute, the note is not imported; a missing role is named
    page.get_by_label("Niveau for team").select_option("case")
    page.get_by_label("Hvad kolonnen notat indeholder").select_option("ignore")
    page.get_by_label("Hvad kolonnen aktivitet indeholder").select_option("attribute")
    expect(page.get_by_test_id("mapping-problems")).to_contain_text("aktivitet")
    expect(page.get_by_test_id("import-next")).to_be_disabled()
    page.get_by_label("Hvad kolonnen aktivitet indeholder").select_option("activity")
    expect(page.get_by_test_id("mapping-problems")).to_have_count(0)
    page.get_by_text("Opmærkningen som YAML").click()
    yaml_text = page.get_by_test_id("mapping-yaml").inner_text()
    assert "other_columns: drop" in yaml_text and "level: case" in yaml_text and "notat" not in yaml_text
    page.get_by_test_id("import-next").click()

    # the check before importing names the personal data
    summary = page.get_by_test_id("import-summary")
    expect(summary).to_contain_text("e2e_import")
    expect(page.get_by_test_id("import-personal")).to_contain_text("cpr: borger-id")
    screenshot(page, "import-confirm")
    page.get_by_test_id("import-start").click()

    expect(page.get_by_test_id("import-state")).to_have_attribute("data-state", "succeeded", timeout=30_000)
    expect(page.get_by_test_id("import-done")).to_contain_text("24 hændelser fra 24 rækker")
    screenshot(page, "import-done")
    page.get_by_test_id("import-open-log").click()
    page.wait_for_url(f"**/w/{server.workspace_id}/l/e2e_import/map")
    log = server.api("analyst").get(f"/api/workspaces/{server.workspace_id}/logs/e2e_import").json()
    assert (log["n_cases"], log["n_events"], log["n_activities"]) == (8, 24, 3)
    page.goto(f"/w/{server.workspace_id}/logs")
    expect(page.get_by_test_id("log-table")).to_contain_text("e2e_import")
    assert not page.js_errors, page.js_errors


def test_import_is_for_analysts(page, server):
    login(page, "viewer", f"/w/{server.workspace_id}/import")
    expect(page.get_by_test_id("needs-role")).to_be_visible()
