"""Import wizard: upload a small CSV, check the preview and mapping, check its data quality before importing,
import it and open the new log; and the same from a database query on a server with a SQLite connection."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.web.conftest import JOB_WAIT, PASSWORD, UI_WAIT, check_axe, ensure_web_build, login, screenshot, start_server

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
    # this server has no database connections: the query source is offered disabled, with the reason
    expect(page.get_by_test_id("source-sql")).to_be_disabled()
    expect(page.get_by_test_id("sql-none")).to_contain_text("SAGSFLOW_SQL_SOURCES")
    page.get_by_test_id("import-file").set_input_files(
        files=[{"name": "Ydelser Marts.csv", "mimeType": "text/csv", "buffer": small_csv()}])
    expect(page.get_by_test_id("import-log")).to_have_value("ydelser_marts")
    page.get_by_test_id("import-log").fill("e2e_import")
    page.get_by_test_id("import-preview").click()

    # preview: the first rows, the suggested mapping and the detected timestamp format
    expect(page.get_by_test_id("import-rows")).to_contain_text("24 rækker", timeout=JOB_WAIT)
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

    expect(page.get_by_test_id("import-state")).to_have_attribute("data-state", "succeeded", timeout=JOB_WAIT)
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


def defective_csv() -> bytes:
    """The small CSV with a duplicated row and an event dated 01-01-1900 (a placeholder date)."""
    lines = small_csv().decode("utf-8").splitlines()
    return ("\n".join([*lines, lines[1], "S-001;Kontrol;01-01-1900 00:00;SB1;0101801001;;Team 1"]) + "\n").encode()


def test_quality_check_before_import_shows_the_defects(page, server):
    login(page, "analyst", f"/w/{server.workspace_id}/import")
    page.get_by_test_id("import-file").set_input_files(
        files=[{"name": "defekt.csv", "mimeType": "text/csv", "buffer": defective_csv()}])
    page.get_by_test_id("import-log").fill("e2e_checked")
    page.get_by_test_id("import-preview").click()
    page.get_by_test_id("import-next").click()

    # the check runs as a job with progress, then shows the report; nothing is stored yet
    page.get_by_test_id("quality-check").click()
    expect(page.get_by_test_id("quality-state")).to_have_attribute("data-state", "succeeded", timeout=JOB_WAIT)
    report = page.get_by_test_id("quality-report")
    expect(page.get_by_test_id("quality-overview")).to_contain_text("26")  # rows read
    early = page.get_by_test_id("finding-implausible_dates")
    expect(early).to_contain_text("Fejl")
    expect(early).to_contain_text("Datoer uden for den plausible periode")  # the server speaks the page's language
    expect(early).to_contain_text("uden for loggens plausible periode")
    expect(early).to_contain_text("karantæne")
    expect(page.get_by_test_id("finding-duplicate_events")).to_contain_text("Identiske dubletter")
    # errors are listed first
    assert report.locator("li.finding").first.get_attribute("data-testid") == "finding-implausible_dates"
    examples = page.get_by_test_id("examples-implausible_dates")
    expect(examples).to_be_hidden()
    early.get_by_text("Eksempler (1)").click()
    expect(examples).to_contain_text("Kontrol")
    expect(page.get_by_test_id("quality-columns")).to_contain_text("team")
    logs = server.api("analyst").get(f"/api/workspaces/{server.workspace_id}/logs").json()
    assert "e2e_checked" not in {x["name"] for x in logs}
    screenshot(page, "import-quality")
    check_axe(page, "import-quality")

    # a changed mapping needs a new check: going back and changing it drops the report
    page.get_by_test_id("import-back").click()
    page.get_by_label("Hvad kolonnen notat indeholder").select_option("ignore")
    page.get_by_test_id("import-next").click()
    expect(page.get_by_test_id("quality-report")).to_have_count(0)

    page.get_by_test_id("import-start").click()
    expect(page.get_by_test_id("import-state")).to_have_attribute("data-state", "succeeded", timeout=JOB_WAIT)
    expect(page.get_by_test_id("import-done")).to_contain_text("fra 26 rækker")
    log = server.api("analyst").get(f"/api/workspaces/{server.workspace_id}/logs/e2e_checked").json()
    assert log["n_cases"] == 8 and log["n_activities"] == 4
    assert not page.js_errors, page.js_errors


def test_the_wizard_shows_the_guesses_that_matter_and_asks_to_confirm_an_uncertain_role(page, server):
    # "hvornaar" (when) is recognised as the timestamp by its values only: a guess to confirm; the file has
    # an exact duplicate event, which the analyst chooses to drop
    lines = ["sagsnr;aktivitet;hvornaar;team"]
    for case in range(1, 7):
        for k, act in enumerate(ACTIVITIES):
            lines.append(f"S-{case:03d};{act};{case:02d}-03-2024 {9 + k}:15;Team {case % 2}")
    lines.append(lines[1])
    login(page, "analyst", f"/w/{server.workspace_id}/import")
    page.get_by_test_id("import-file").set_input_files(
        files=[{"name": "gaet.csv", "mimeType": "text/csv", "buffer": ("\n".join(lines) + "\n").encode()}])
    page.get_by_test_id("import-log").fill("e2e_guess")
    page.get_by_test_id("import-preview").click()

    table = page.get_by_test_id("decision-table")
    # the required roles first, the least certain of them at the top
    for k, column in enumerate(["hvornaar", "aktivitet", "sagsnr"]):
        expect(table.locator("tbody tr").nth(k)).to_contain_text(column)
    expect(page.get_by_test_id("decision-role:aktivitet")).to_contain_text(
        "navnet 'aktivitet' er et ord for aktiviteten")
    row = page.get_by_test_id("decision-role:hvornaar")
    expect(row).to_contain_text("100 % af værdierne i stikprøven er datoer eller tidspunkter")
    expect(page.get_by_test_id("mapping-unconfirmed")).to_contain_text("hvornaar")
    expect(page.get_by_test_id("import-next")).to_be_disabled()
    expect(page.get_by_test_id("import-options")).to_contain_text("1 hændelser")
    check_axe(page, "import-decisions")
    screenshot(page, "import-decisions")
    row.get_by_label("Jeg har kontrolleret hvornaar").check()
    expect(page.get_by_test_id("mapping-unconfirmed")).to_have_count(0)
    page.get_by_test_id("import-duplicates").select_option("drop")
    page.get_by_text("Opmærkningen som YAML").click()
    assert "duplicates: drop" in page.get_by_test_id("mapping-yaml").inner_text()
    page.get_by_test_id("import-next").click()
    page.get_by_test_id("import-start").click()
    expect(page.get_by_test_id("import-state")).to_have_attribute("data-state", "succeeded", timeout=JOB_WAIT)
    log = server.api("analyst").get(f"/api/workspaces/{server.workspace_id}/logs/e2e_guess").json()
    assert log["n_events"] == 18  # 19 rows, the copy dropped
    assert not page.js_errors, page.js_errors


# ---------------------------------------------------------------------------------- a database query as source

SQL_QUERY = "SELECT sag, handling, tidspunkt, medarbejder FROM haendelser WHERE kommune = :kommune"


def _warehouse(path: Path) -> Path:
    """A small SQLite "data warehouse": 12 cases of two events in Aarhus, one in Odense."""
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE haendelser (sag TEXT, handling TEXT, tidspunkt TEXT, medarbejder TEXT, kommune TEXT)")
    rows = []
    for c in range(12):
        rows += [(f"S{c:02d}", "Modtaget", f"2024-02-{c + 1:02d} 09:00:00", "m1", "Aarhus"),
                 (f"S{c:02d}", "Afgjort", f"2024-03-{c + 1:02d} 14:30:00", "m2", "Aarhus")]
    rows.append(("X1", "Modtaget", "2024-02-01 09:00:00", "m9", "Odense"))
    con.executemany("INSERT INTO haendelser VALUES (?, ?, ?, ?, ?)", rows)
    con.commit()
    con.close()
    return path


@pytest.fixture(scope="module")
def sql_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """A second server (empty demo workspace) whose settings name one SQLite connection, "dwh"."""
    ensure_web_build()
    tmp = tmp_path_factory.mktemp("web-sql")
    sources = {"dwh": f"sqlite:///{_warehouse(tmp / 'dwh.sqlite')}"}
    proc, url, _ = start_server(tmp, workspace=tmp / "ws", env_extra={"SAGSFLOW_SQL_SOURCES": json.dumps(sources)})
    try:
        import httpx

        with httpx.Client(base_url=url, timeout=30) as c:
            r = c.post("/api/auth/login", json={"username": "analyst", "password": PASSWORD})
            r.raise_for_status()
            yield url, int(c.get("/api/workspaces").json()[0]["id"])
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_import_from_a_database_query(browser, sql_server):
    url, ws = sql_server
    ctx = browser.new_context(base_url=url, locale="da-DK", viewport={"width": 1400, "height": 1000})
    ctx.set_default_timeout(UI_WAIT)
    try:
        page = ctx.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        login(page, "analyst", f"/w/{ws}/import")
        page.get_by_label("Databaseforespørgsel", exact=True).check()
        expect(page.get_by_label("Databaseforbindelse")).to_have_value("dwh")
        page.get_by_test_id("import-log").fill("e2e_sql")
        preview = page.get_by_test_id("import-preview")
        page.get_by_label("Forespørgsel (SQL)").fill("DELETE FROM haendelser")
        expect(preview).to_be_disabled()  # only one SELECT
        page.get_by_label("Forespørgsel (SQL)").fill(SQL_QUERY)
        # the query's bind parameter gets a field
        page.get_by_label(":kommune", exact=True).fill("Aarhus")
        screenshot(page, "import-sql-source")
        check_axe(page, "import-sql")
        preview.click()

        expect(page.get_by_test_id("import-rows")).to_contain_text("dwh: 24 rækker", timeout=JOB_WAIT)
        expect(page.get_by_test_id("import-preview-table").locator("tbody tr")).to_have_count(20)
        expect(page.get_by_label("Hvad kolonnen sag indeholder")).to_have_value("case_id")
        expect(page.get_by_label("Hvad kolonnen tidspunkt indeholder")).to_have_value("timestamp")
        page.get_by_test_id("import-next").click()

        expect(page.get_by_test_id("import-summary")).to_contain_text("dwh")
        expect(page.get_by_test_id("quality-after")).to_be_visible()
        expect(page.get_by_test_id("quality-check")).to_have_count(0)
        screenshot(page, "import-sql-confirm")
        page.get_by_test_id("import-start").click()
        expect(page.get_by_test_id("import-state")).to_have_attribute("data-state", "succeeded", timeout=JOB_WAIT)
        expect(page.get_by_test_id("import-done")).to_contain_text("24 hændelser fra 24 rækker")
        r = page.context.request.get(f"/api/workspaces/{ws}/logs/e2e_sql")
        assert r.ok and (r.json()["n_cases"], r.json()["n_events"]) == (12, 24)
        assert not errors, errors
    finally:
        ctx.close()
