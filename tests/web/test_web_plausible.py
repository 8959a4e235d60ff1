"""The quarantine note on every page that shows results: a demo log with events added on 01-01-1900 and in 2099
(and one with year 1 and 9999) shows "N hændelser uden for den plausible periode (...) er udeladt", the same
figures as the demo log without those events, and one click includes them.

A server of its own: the small demo workspace plus ``dagpenge_dirty`` (the Aakjær dagpenge log with 4 events of 3
cases moved to 1900/2099 copies and a case whose 2 events are both implausible) and ``dagpenge_wild`` (the same
with year 1 and 9999).
"""

from __future__ import annotations

import re
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from tests.web.conftest import (
    JOB_WAIT,
    PASSWORD,
    TEST_KEY,
    Server,
    check_axe,
    ensure_web_build,
    login,
    screenshot,
    set_prediction,
    start_server,
)

CLEAN = "dagpenge_aakjaer"
DIRTY = "dagpenge_dirty"
WILD = "dagpenge_wild"
N_ADDED = 6
ADDED = {DIRTY: ("1900-01-01 00:00:00+01", "2099-10-01 12:00:00+02"),
         WILD: ("0001-01-01 00:00:00+00", "9999-12-31 12:00:00+00")}
#: how long to wait for an answer to show (the machine running the browser tests may be busy)
T = 60_000
NOTE_LEFT = re.compile(r"6 hændelser uden for den plausible periode \(.+ – .+\) er udeladt\.")
NOTE_IN = re.compile(r"6 hændelser uden for den plausible periode \(.+ – .+\) er medtaget\.")


def add_implausible_copies(ws: Any, source: str, name: str, early: str, late: str) -> None:
    """Store ``source`` again as ``name``, with copies of events moved to the implausible times: the first event of
    three cases to ``early``/``late``, one more to ``late``, and a new case of two copies at both."""
    from sagsflow.store.layout import staged_from_log

    schema = ws.schema(source)
    con = ws.con
    con.execute(f"""CREATE OR REPLACE TEMP TABLE __pl AS SELECT * EXCLUDE (src_order),
                    row_number() OVER (ORDER BY src_order) AS src_row FROM ({staged_from_log(source, schema)})""")
    cases = [r[0] for r in con.execute("SELECT DISTINCT case_id FROM __pl ORDER BY case_id").fetchall()]
    moves = [(cases[1], early, cases[1]), (cases[5], late, cases[5]), (cases[9], early, cases[9]),
             (cases[9], late, cases[9]), (cases[13], early, "spoegelse-1"), (cases[13], late, "spoegelse-1")]
    for template, when, case_id in moves:
        con.execute("""INSERT INTO __pl SELECT * REPLACE (CAST(? AS TIMESTAMPTZ) AS timestamp, ? AS case_id,
                        (SELECT max(src_row) + 1 FROM __pl) AS src_row)
                        FROM __pl WHERE case_id = ? ORDER BY src_row LIMIT 1""", [when, case_id, template])
    ws.write_log(name, "__pl", schema, mode="create")
    con.execute("DROP TABLE __pl")


@dataclass
class PlausibleServer:
    url: str
    workspace_id: int

    def api(self) -> httpx.Client:
        c = httpx.Client(base_url=self.url, timeout=120)
        r = c.post("/api/auth/login", json={"username": "analyst", "password": PASSWORD})
        r.raise_for_status()
        c.headers["X-CSRF-Token"] = r.json()["csrf_token"]
        return c


@pytest.fixture(scope="module")
def pserver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PlausibleServer]:
    import os
    import sys

    from sagsflow.store.workspace import Workspace

    ensure_web_build()
    tmp = tmp_path_factory.mktemp("web-plausible")
    env = {**os.environ, "SAGSFLOW_PSEUDONYM_KEY": TEST_KEY, "SAGSFLOW_HOME": str(tmp)}
    script = Path(sys.executable).parent / "sagsflow"
    subprocess.run([str(script), "demo-data", "--workspace", str(tmp / "ws"), "--scale", "0.01"], env=env,
                   check=True, capture_output=True)
    with Workspace.open(tmp / "ws") as ws:
        for name, (early, late) in ADDED.items():
            add_implausible_copies(ws, CLEAN, name, early, late)
            assert ws.log(name).plausible_window.n_quarantined == N_ADDED
        assert not ws.log(CLEAN).plausible_window.is_active
    proc, url, _ = start_server(tmp, workspace=tmp / "ws", env_extra={"SAGSFLOW_WARM_CACHE": "false"})
    try:
        with httpx.Client(base_url=url, timeout=30) as c:
            c.post("/api/auth/login", json={"username": "analyst", "password": PASSWORD}).raise_for_status()
            ws_id = int(c.get("/api/workspaces").json()[0]["id"])
        # prediction is off until a registration enables it (sagsflow.legal)
        set_prediction(Server(url=url, workspace_id=ws_id, other_workspace_id=0, data_dir=tmp / "server"), True)
        yield PlausibleServer(url, ws_id)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture
def ppage(browser: Any, pserver: PlausibleServer) -> Iterator[Any]:
    ctx = browser.new_context(base_url=pserver.url, locale="da-DK", viewport={"width": 1400, "height": 1000})
    ctx.set_default_timeout(30_000)
    p = ctx.new_page()
    errors: list[str] = []
    p.on("pageerror", lambda e: errors.append(str(e)))
    p.js_errors = errors
    yield p
    ctx.close()


def url(s: PlausibleServer, log: str, page: str) -> str:
    return f"/w/{s.workspace_id}/l/{log}/{page}"


def note(page: Any) -> Any:
    return page.get_by_test_id("quarantine-note")


def toggle(page: Any) -> None:
    page.get_by_test_id("quarantine-note-toggle").click()


def texts(locator: Any) -> list[str]:
    return [" ".join(t.split()) for t in locator.all_inner_texts()]


# ----------------------------------------------------------------------------- the pages


def test_map(ppage: Any, pserver: PlausibleServer) -> None:
    def figures(log: str) -> tuple[str, str]:
        login(ppage, "analyst", url(pserver, log, "map"))
        expect(ppage.get_by_test_id("case-count")).not_to_have_text("", timeout=T)
        expect(ppage.get_by_test_id("element-count")).to_be_visible(timeout=T)
        return ppage.get_by_test_id("case-count").inner_text(), ppage.get_by_test_id("element-count").inner_text()

    clean = figures(CLEAN)
    expect(note(ppage)).to_have_count(0)  # nothing left out: no note
    dirty = figures(DIRTY)
    expect(note(ppage)).to_have_text(NOTE_LEFT, timeout=T)
    assert dirty == clean
    toggle(ppage)
    expect(note(ppage)).to_have_text(NOTE_IN, timeout=T)
    expect(ppage.get_by_test_id("case-count")).not_to_have_text(clean[0], timeout=T)  # the case of two 1900/2099 events
    toggle(ppage)
    expect(ppage.get_by_test_id("case-count")).to_have_text(clean[0], timeout=T)
    screenshot(ppage, "plausible-map")
    assert not ppage.js_errors, ppage.js_errors


def test_dashboard(ppage: Any, pserver: PlausibleServer) -> None:
    def kpis(log: str) -> str:
        login(ppage, "analyst", url(pserver, log, "dashboard"))
        expect(ppage.get_by_test_id("kpis")).to_be_visible(timeout=T)
        return str(ppage.get_by_test_id("kpis").inner_text())

    clean = kpis(CLEAN)
    dirty = kpis(DIRTY)
    expect(note(ppage)).to_have_text(NOTE_LEFT, timeout=T)
    assert dirty == clean
    check_axe(ppage, "plausible-dashboard")
    toggle(ppage)
    expect(note(ppage)).to_have_text(NOTE_IN, timeout=T)
    expect(ppage.get_by_test_id("kpis")).to_contain_text("1900", timeout=T)  # the period now starts in 1900
    screenshot(ppage, "plausible-dashboard")
    assert not ppage.js_errors, ppage.js_errors


def test_variants(ppage: Any, pserver: PlausibleServer) -> None:
    def ranked(log: str) -> tuple[str, list[str]]:
        login(ppage, "analyst", url(pserver, log, "variants"))
        rows = ppage.get_by_test_id("variant-table").locator("tbody tr")
        expect(rows.first).to_be_visible(timeout=T)
        return ppage.get_by_test_id("variants-summary").inner_text(), texts(rows)

    clean = ranked(CLEAN)
    dirty = ranked(DIRTY)
    expect(note(ppage)).to_have_text(NOTE_LEFT, timeout=T)
    assert dirty == clean
    toggle(ppage)
    expect(ppage.get_by_test_id("variants-summary")).not_to_have_text(clean[0], timeout=T)
    assert not ppage.js_errors, ppage.js_errors


def test_cases(ppage: Any, pserver: PlausibleServer) -> None:
    def listed(log: str) -> tuple[str, list[str]]:
        login(ppage, "analyst", url(pserver, log, "cases"))
        expect(ppage.get_by_test_id("cases-total")).to_be_visible(timeout=T)
        return ppage.get_by_test_id("cases-total").inner_text(), sorted(texts(ppage.get_by_test_id("case-link")))

    clean = listed(CLEAN)
    dirty = listed(DIRTY)
    expect(note(ppage)).to_have_text(NOTE_LEFT, timeout=T)
    assert dirty == clean
    toggle(ppage)
    expect(ppage.get_by_test_id("cases-total")).not_to_have_text(clean[0], timeout=T)
    expect(ppage.get_by_test_id("case-link").filter(has_text="spoegelse-1")).to_have_count(1, timeout=T)
    # the case view shows every event of the case, the quarantined ones marked
    ppage.get_by_test_id("case-link").filter(has_text="spoegelse-1").click()
    expect(ppage.get_by_test_id("quarantined-event")).to_have_count(2, timeout=T)
    assert not ppage.js_errors, ppage.js_errors


def test_compare(ppage: Any, pserver: PlausibleServer) -> None:
    login(ppage, "analyst", f"/w/{pserver.workspace_id}/compare")
    ppage.locator("#a-log").select_option(DIRTY)
    ppage.locator("#b-log").select_option(CLEAN)
    ppage.get_by_test_id("compare-run").click()
    table = ppage.get_by_test_id("compare-kpis")
    expect(table).to_be_visible(timeout=T)
    expect(ppage.get_by_test_id("quarantine-note-a")).to_contain_text(NOTE_LEFT, timeout=T)
    expect(ppage.get_by_test_id("quarantine-note-b")).to_have_count(0, timeout=T)
    # A (with the implausible events, left out) and B (without them) have the same figures
    for row in table.locator("tbody tr").all():
        cells = texts(row.locator("td"))
        assert cells[0] == cells[1], cells
    ppage.get_by_test_id("quarantine-note-a-toggle").click()
    expect(ppage.get_by_test_id("quarantine-note-a")).to_contain_text(NOTE_IN, timeout=T)
    cases = table.locator("tbody tr").first.locator("td")
    expect(cases.nth(0)).not_to_have_text(cases.nth(1).inner_text(), timeout=T)
    assert not ppage.js_errors, ppage.js_errors


def test_compliance(ppage: Any, pserver: PlausibleServer) -> None:
    def summary(log: str) -> list[str]:
        login(ppage, "analyst", url(pserver, log, "compliance"))
        ppage.get_by_label("Vurderingsdato").fill("2025-06-01")
        ppage.get_by_test_id("compliance-start").click()
        expect(ppage.get_by_test_id("compliance-job")).to_have_attribute("data-state", "succeeded", timeout=JOB_WAIT)
        rows = ppage.get_by_test_id("compliance-summary").locator("tbody tr")
        expect(rows.first).to_be_visible(timeout=T)
        return texts(rows)

    clean = summary(CLEAN)
    dirty = summary(DIRTY)
    expect(note(ppage)).to_have_text(NOTE_LEFT, timeout=T)
    assert dirty == clean
    assert not ppage.js_errors, ppage.js_errors


def test_predictions(ppage: Any, pserver: PlausibleServer) -> None:
    # a model of the clean log, trained and used through the API, for the cases it scores
    api = pserver.api()
    base = f"/api/workspaces/{pserver.workspace_id}"
    r = api.post(f"{base}/logs/{CLEAN}/prediction-models", json={"name": "restid_clean", "target": "remaining_time"})
    job = r.json()["id"]
    for _ in range(600):
        state = api.get(f"/api/jobs/{job}").json()["state"]
        if state in ("succeeded", "failed"):
            break
        time.sleep(0.3)
    assert state == "succeeded"
    as_of = "2025-06-01T23:59:59Z"  # the page reads "Tilstand pr. 2025-06-01" as the end of that day
    clean = api.post(f"{base}/logs/{CLEAN}/predictions", json={"models": ["restid_clean"], "as_of": as_of,
                                                               "limit": 500}).json()
    login(ppage, "analyst", url(pserver, DIRTY, "predictions"))
    expect(note(ppage)).to_have_text(NOTE_LEFT, timeout=T)
    ppage.get_by_label("Modelnavn").fill("restid_dirty")
    ppage.get_by_label("Forudsigelse", exact=True).select_option("remaining_time")
    ppage.get_by_test_id("train-start").click()
    expect(ppage.get_by_test_id("train-job")).to_have_attribute("data-state", "succeeded", timeout=JOB_WAIT)
    ppage.get_by_label("Tilstand pr.").fill("2025-06-01")
    ppage.get_by_test_id("score-start").click()
    table = ppage.get_by_test_id("risk-table")
    expect(table.locator("tbody tr").first).to_be_visible(timeout=JOB_WAIT)
    # the same open cases as in the log without the implausible events
    shown = sorted(texts(table.locator("tbody tr th")))
    assert shown == sorted(r["case_id"] for r in clean["rows"])
    assert not ppage.js_errors, ppage.js_errors


@pytest.mark.parametrize("page_name", ["map", "dashboard", "variants", "cases", "compliance", "predictions",
                                       "models"])
def test_year_1_and_9999_never_break_a_page(ppage: Any, pserver: PlausibleServer, page_name: str) -> None:
    login(ppage, "analyst", url(pserver, WILD, page_name))
    expect(note(ppage)).to_have_text(NOTE_LEFT, timeout=T)
    toggle(ppage)
    # they stay out even when included: no analysis can represent them
    expect(note(ppage)).to_contain_text("6 af dem, dateret før 1800 eller efter 2199, er udeladt alligevel", timeout=T)
    expect(ppage.get_by_test_id("problem")).to_have_count(0, timeout=T)
    assert not ppage.js_errors, ppage.js_errors
