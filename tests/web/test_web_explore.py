"""Exploration tools in a real browser: the variant explorer and its click-through to the cases, the filter panel's
value pickers and range histograms, a shared link reopening the same view, compare split by kommune, predictions
on a historical log, and conformance against an uploaded BPMN with the deviations coloured on the model."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from playwright.sync_api import expect

from tests.web.conftest import MAP_LOG, Server, check_axe, login, screenshot, set_prediction

#: waits for a page's first answer (the machine may be busy)
T = 60_000


def _variants(server: Server) -> str:
    return f"/w/{server.workspace_id}/l/{MAP_LOG}/variants"


def test_variant_explorer_full_sequence_share_and_click_through(page: Any, server: Server) -> None:
    login(page, "analyst", _variants(server))
    row = page.get_by_test_id("variant-row-1")
    expect(row).to_be_visible(timeout=T)
    # the full sequence, one coloured chip per event, not "first ... last"
    chips = page.get_by_test_id("variant-sequence-1").locator(".chip")
    n_events = int(row.locator("td.num").nth(4).inner_text())
    expect(chips).to_have_count(n_events)
    colours = {chips.nth(i).evaluate("e => getComputedStyle(e).borderLeftColor") for i in range(n_events)}
    assert len(colours) > 1, "the activities of a variant are told apart by colour"
    # a share of one or two cases of 81 is a percentage with digits, never "0 %"
    shares = [page.get_by_test_id(f"variant-share-{i}").inner_text() for i in (1, 2, 3)]
    assert all(not re.fullmatch(r"0\s?%", s) for s in shares), shares
    cases = int(row.locator("td.num").nth(1).inner_text())
    screenshot(page, "variants")
    check_axe(page, "variants")

    page.get_by_test_id("variant-cases-1").click()
    expect(page).to_have_url(re.compile(r"/cases\?filter="))
    expect(page.get_by_test_id("cases-total")).to_contain_text(f"{cases} sag", timeout=T)
    headers = page.get_by_test_id("case-table").locator("th[scope=col]").all_inner_texts()
    assert "Sag" in headers and "Varighed" in headers and "Hændelser" in headers, headers
    assert not {"case_id", "duration_s", "n_events"} & set(headers), headers
    screenshot(page, "variant-cases")
    check_axe(page, "variant-cases")


def _add_step(page: Any, type_label: str) -> None:
    panel = page.get_by_test_id("filter-panel")
    panel.get_by_test_id("add-type").select_option(label=type_label)
    panel.get_by_role("button", name="Tilføj").click()
    expect(page.get_by_test_id("step-editor")).to_be_visible()


def test_value_pickers_and_range_histograms(page: Any, server: Server) -> None:
    login(page, "analyst", _variants(server))
    expect(page.get_by_test_id("variant-row-1")).to_be_visible(timeout=T)
    _add_step(page, "Sagsattribut")
    editor = page.get_by_test_id("step-editor")
    expect(editor.locator("select[data-field=attribute] option[value=kommune]")).to_be_attached(timeout=T)
    editor.get_by_label("Attribut").select_option("kommune")
    editor.get_by_label("Betingelse").select_option("in")
    picker = editor.get_by_test_id("value-picker")
    expect(picker.locator("li")).not_to_have_count(0, timeout=T)
    first = picker.locator("li").first
    expect(first).to_contain_text(re.compile(r"\(\d+ sager\)"))
    value = first.locator("label").inner_text().split(" (")[0]
    first.locator("input").check()
    screenshot(page, "filter-value-picker")
    check_axe(page, "filter-value-picker")
    editor.get_by_test_id("step-save").click()
    expect(page.get_by_test_id("filter-steps")).to_contain_text(value)
    expect(page).to_have_url(re.compile(r"filter=.*kommune"))

    # a range with its histogram: a click on a bar fills min and max
    _add_step(page, "Sagens længde")
    editor = page.get_by_test_id("step-editor")
    bars = editor.get_by_test_id("range-histogram").locator("button.bar")
    expect(bars).not_to_have_count(0, timeout=T)
    bars.first.click()
    low = editor.locator("[data-field=min]").input_value()
    high = editor.locator("[data-field=max]").input_value()
    assert low.isdigit() and high.isdigit() and int(low) <= int(high), (low, high)
    screenshot(page, "filter-histogram")
    editor.get_by_test_id("step-save").click()
    expect(page.get_by_test_id("filter-steps").locator("li")).to_have_count(2)


def test_a_shared_link_reopens_the_same_view(browser: Any, page: Any, server: Server) -> None:
    login(page, "analyst", _variants(server))
    expect(page.get_by_test_id("variant-row-1")).to_be_visible(timeout=T)
    page.get_by_label("Viste varianter").select_option("25")
    page.get_by_test_id("variant-bar-2").click()  # a click on a share bar filters to that variant
    expect(page.get_by_test_id("filter-steps").locator("li")).to_have_count(1)
    expect(page.get_by_test_id("variants-summary")).to_contain_text("1 varianter", timeout=T)
    summary = page.get_by_test_id("variants-summary").inner_text()
    step = page.get_by_test_id("filter-steps").locator(".step-desc").inner_text()
    link = page.url
    assert "limit=25" in link and "filter=" in link

    # another person (a fresh browser profile) opens the link
    other = browser.new_context(base_url=server.url, locale="da-DK", viewport={"width": 1400, "height": 1000})
    try:
        p2 = other.new_page()
        login(p2, "viewer", link.replace(server.url, ""))
        expect(p2.get_by_test_id("filter-steps").locator(".step-desc")).to_have_text(step, timeout=T)
        expect(p2.get_by_label("Viste varianter")).to_have_value("25")
        # the viewer sees the same aggregate unless the variant rests on fewer than k cases
        expect(p2.get_by_test_id("variants-summary").or_(p2.get_by_role("alert")).first).to_be_visible(timeout=T)
        if p2.get_by_test_id("variants-summary").count():
            assert p2.get_by_test_id("variants-summary").inner_text().split(";")[0] == summary.split(";")[0]
        screenshot(p2, "shared-link")
    finally:
        other.close()


def test_dashboard_chart_click_filters(page: Any, server: Server) -> None:
    login(page, "analyst", f"/w/{server.workspace_id}/l/{MAP_LOG}/dashboard")
    chart = page.get_by_test_id("chart-durations")
    bars = chart.locator("path[fill='#0b4f8a']")
    expect(bars).not_to_have_count(0, timeout=T)
    bars.first.click(force=True)
    expect(page).to_have_url(re.compile(r"filter=.*case_duration"))


def test_compare_one_log_split_by_kommune(page: Any, server: Server) -> None:
    login(page, "analyst", f"/w/{server.workspace_id}/compare?mode=split&log=dagpenge_alle")
    expect(page.locator("select#split-attribute option[value=kommune]")).to_be_attached(timeout=T)
    page.get_by_label("Del efter").select_option("kommune")
    a = page.get_by_test_id("split-a").locator("li")
    expect(a).not_to_have_count(0, timeout=T)
    kommune = a.first.locator("label").inner_text().split(" (")[0]
    a.first.locator("input").check()
    page.get_by_test_id("split-rest").check()
    page.get_by_test_id("compare-run").click()
    result = page.get_by_test_id("compare-result")
    expect(result).to_contain_text(f"kommune = {kommune}", timeout=60_000)
    expect(result).to_contain_text(f"kommune ≠ {kommune}")
    expect(page.get_by_test_id("compare-verdict")).not_to_be_empty()
    screenshot(page, "compare-split")
    check_axe(page, "compare-split")


def _train(server: Server) -> None:
    set_prediction(server, True)  # the legal gate: an administrator and the auditor enabled capacity prediction
    api = server.api("analyst")
    job = api.post(f"/api/workspaces/{server.workspace_id}/logs/{MAP_LOG}/prediction-models",
                   json={"name": "restid_e2e", "target": "remaining_time", "n_estimators": 20}).json()
    for _ in range(600):  # polls a second apart: a wait for the job, not a speed check (speed lives in bench/)
        j = api.get(f"/api/jobs/{job['id']}").json()
        if j["state"] in ("succeeded", "failed", "cancelled"):
            break
        time.sleep(1)
    assert j["state"] == "succeeded", j


def test_predictions_on_a_historical_log(page: Any, server: Server) -> None:
    _train(server)
    login(page, "analyst", f"/w/{server.workspace_id}/l/{MAP_LOG}/predictions")
    # the demo log ends in the past: "as of" is its last event, not today (which has no open case)
    expect(page.get_by_test_id("asof-hint")).to_contain_text("Loggen slutter", timeout=T)
    expect(page.locator("#score-asof")).not_to_have_value("", timeout=T)  # filled with the hint or a render later
    page.get_by_test_id("score-start").click()
    table = page.get_by_test_id("risk-table")
    expect(table).to_be_visible(timeout=60_000)
    expect(table.locator("tbody tr")).not_to_have_count(0)
    # columns no chosen model fills are named, not left empty
    expect(page.get_by_test_id("missing-columns")).to_contain_text("Fristrisiko")
    assert table.locator("th[scope=col]").all_inner_texts().count("Fristrisiko") == 0
    screenshot(page, "predictions-historical")
    check_axe(page, "predictions-historical")
    table.get_by_test_id("risk-case-link").first.click()
    expect(page).to_have_url(re.compile(r"/cases/[^/?]+"))


def camunda_bpmn(tasks: list[str]) -> str:
    """A linear reference model as Camunda Modeler writes it (user tasks, camunda attributes) with its diagram."""
    flow, shapes, edges = [], [], []
    ids = ["start", *[f"task{i}" for i in range(len(tasks))], "end"]
    x = 100
    for i, node in enumerate(ids):
        if node == "start":
            flow.append('<bpmn:startEvent id="start" name="Ledig"><bpmn:outgoing>f0</bpmn:outgoing></bpmn:startEvent>')
            shapes.append(f'<bpmndi:BPMNShape id="s_start" bpmnElement="start"><dc:Bounds x="{x}" y="122" '
                          'width="36" height="36" /></bpmndi:BPMNShape>')
            x += 80
            continue
        inc = f"<bpmn:incoming>f{i - 1}</bpmn:incoming>"
        if node == "end":
            flow.append(f'<bpmn:endEvent id="end" name="Slut">{inc}</bpmn:endEvent>')
            shapes.append(f'<bpmndi:BPMNShape id="s_end" bpmnElement="end"><dc:Bounds x="{x}" y="122" '
                          'width="36" height="36" /></bpmndi:BPMNShape>')
            break
        flow.append(f'<bpmn:userTask id="{node}" name="{escape(tasks[i - 1])}" camunda:assignee="sagsbehandler">'
                    f'{inc}<bpmn:outgoing>f{i}</bpmn:outgoing></bpmn:userTask>')
        shapes.append(f'<bpmndi:BPMNShape id="s_{node}" bpmnElement="{node}"><dc:Bounds x="{x}" y="100" '
                      'width="120" height="80" /></bpmndi:BPMNShape>')
        x += 170
    for i in range(len(ids) - 1):
        flow.append(f'<bpmn:sequenceFlow id="f{i}" sourceRef="{ids[i]}" targetRef="{ids[i + 1]}" />')
        edges.append(f'<bpmndi:BPMNEdge id="e{i}" bpmnElement="f{i}"><di:waypoint x="0" y="140" />'
                     '<di:waypoint x="1" y="140" /></bpmndi:BPMNEdge>')
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<bpmn:definitions '
            'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
            'xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" '
            'xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" '
            'id="defs" targetNamespace="http://bpmn.io/schema/bpmn" exporter="Camunda Modeler" '
            'exporterVersion="5.25.0">'
            '<bpmn:process id="godt_forloeb" name="Det gode sagsforløb" isExecutable="true">' + "".join(flow)
            + '</bpmn:process><bpmndi:BPMNDiagram id="d"><bpmndi:BPMNPlane id="p" bpmnElement="godt_forloeb">'
            + "".join(shapes) + "".join(edges) + "</bpmndi:BPMNPlane></bpmndi:BPMNDiagram></bpmn:definitions>\n")


def test_conformance_against_an_uploaded_bpmn(page: Any, server: Server, tmp_path: Path) -> None:
    api = server.api("analyst")
    top = api.post(f"/api/workspaces/{server.workspace_id}/logs/{MAP_LOG}/variants", json={"limit": 1}).json()
    tasks = top["rows"][0]["activities"]
    model = tmp_path / "det_gode_sagsforloeb.bpmn"
    model.write_text(camunda_bpmn(tasks), encoding="utf-8")

    login(page, "analyst", f"/w/{server.workspace_id}/l/{MAP_LOG}/conformance")
    page.get_by_test_id("model-file").set_input_files(str(model))
    expect(page.locator(".bpmn-canvas .djs-element")).not_to_have_count(0, timeout=T)
    page.get_by_test_id("conformance-run").click()
    expect(page.get_by_test_id("conformance-fitness")).to_contain_text("Fitness 0,", timeout=120_000)
    expect(page.get_by_test_id("conformance-fitness")).to_contain_text("det_gode_sagsforloeb.bpmn")
    # deviations listed, and the model's tasks where cases deviate are coloured (user tasks, as Camunda draws them)
    rows = page.get_by_test_id("conformance-activities").locator("tbody tr")
    expect(rows).not_to_have_count(0)
    coloured = page.locator(".bpmn-canvas .sf-dev-low, .bpmn-canvas .sf-dev-mid, .bpmn-canvas .sf-dev-high")
    expect(coloured).not_to_have_count(0)
    fill = coloured.first.locator(".djs-visual > rect").evaluate("e => getComputedStyle(e).fill")
    assert fill in ("rgb(253, 233, 200)", "rgb(247, 181, 107)", "rgb(224, 112, 58)"), fill
    # activities the model does not have are named
    expect(page.get_by_test_id("conformance-labels")).to_contain_text("I loggen, ikke i modellen")
    screenshot(page, "conformance-uploaded")
    check_axe(page, "conformance-uploaded")
