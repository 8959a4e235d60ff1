"""Compliance endpoints: rule packs, rule sets (validated, audited), evaluation jobs, aggregates with k-hiding
for viewers, case-level results and exports for analysts only (audited), tenant isolation."""

from __future__ import annotations

import io
from collections.abc import Generator
from typing import Any

import pytest

from tests.api.conftest import World, build_world
from tests.api.demo_log import DEMO_LOG, add_demo_log

RULES = """name: test
rules:
  - id: DEC
    type: response
    name: {da: Afgørelse inden 2 dage, en: Decision within 2 days}
    law: Testloven § 1
    trigger: Register
    target: Decide
    within: 2 days
"""


@pytest.fixture(scope="module")
def cw(tmp_path_factory: pytest.TempPathFactory) -> Generator[World, None, None]:
    """The shared two-tenant server, with the demo log in tenant a and the pack evaluated on it."""
    tmp = tmp_path_factory.mktemp("compliance")
    gen: Generator[World, None, None] = build_world(tmp)  # type: ignore[assignment]
    w = next(gen)
    add_demo_log(tmp / "ws_a", tmp / "extract")
    r = w.client.post(f"/api/workspaces/{w.workspace['a']}/logs/{DEMO_LOG}/compliance",
                      json={"pack": "employment-dk", "name": "pack"}, headers=w.headers("a", "analyst"))
    assert r.status_code == 202, r.text
    job = wait(w, r.json()["id"])
    assert job.state == "succeeded", job.error
    yield w
    gen.close()


def wait(w: World, job_id: str) -> Any:
    return w.client.app.state.server.runner.wait(job_id, timeout=120)  # type: ignore[attr-defined]


def url(w: World, tail: str, tenant: str = "a") -> str:
    return f"/api/workspaces/{w.workspace[tenant]}{tail}"


def test_packs_list_the_employment_rules_with_names_law_and_assumptions(cw: World) -> None:
    r = cw.client.get("/api/compliance/packs", headers=cw.headers("a", "viewer"))
    assert r.status_code == 200
    assert "employment-dk" in [p["name"] for p in r.json()]
    pack = cw.client.get("/api/compliance/packs/employment-dk", headers=cw.headers("b", "viewer")).json()
    r02 = next(x for x in pack["rules"] if x["id"] == "R02")
    assert r02["name_da"] == "1. samtale i a-kassen" and r02["valid_from"] == "2024-01-01"
    assert all(x["law"] for x in pack["rules"])
    assert any(x["assumption"] and x["assumption_text"] for x in pack["rules"])
    assert cw.client.get("/api/compliance/packs/nope", headers=cw.headers("a", "viewer")).status_code == 404
    assert cw.client.get("/api/compliance/packs", headers=cw.headers("a", "auditor")).status_code == 403


def test_rule_sets_are_validated_stored_per_workspace_and_audited(cw: World) -> None:
    h = cw.headers("a", "analyst")
    broken = RULES.replace("    target: Decide\n", "")
    bad = cw.client.post(url(cw, "/rulesets"), json={"name": "broken", "yaml": broken}, headers=h)
    assert bad.status_code == 422
    assert "rule 'DEC'" in bad.json()["message"] and "target" in bad.json()["message"]
    v = cw.client.post(url(cw, "/rulesets/validate"), json={"yaml": RULES}, headers=h)
    assert v.status_code == 200 and v.json()["rules"][0]["name_en"] == "Decision within 2 days"
    r = cw.client.post(url(cw, "/rulesets"), json={"name": "deadlines", "yaml": RULES}, headers=h)
    assert r.status_code == 201, r.text
    assert r.json()["created_by"] == "analyst_a"
    assert cw.client.post(url(cw, "/rulesets"), json={"name": "deadlines", "yaml": RULES},
                          headers=h).status_code == 409
    # viewers read, do not write; other tenants see nothing
    assert [s["name"] for s in cw.client.get(url(cw, "/rulesets"), headers=cw.headers("a", "viewer")).json()] \
        == ["deadlines"]
    assert cw.client.post(url(cw, "/rulesets"), json={"name": "x", "yaml": RULES},
                          headers=cw.headers("a", "viewer")).status_code == 403
    assert cw.client.get(url(cw, "/rulesets/deadlines"), headers=cw.headers("b", "analyst")).status_code == 404
    assert cw.client.get(url(cw, "/rulesets/deadlines", "b"), headers=cw.headers("b", "analyst")).status_code == 404
    assert cw.client.delete(url(cw, "/rulesets/deadlines"), headers=cw.headers("b", "analyst")).status_code == 404
    assert cw.client.delete(url(cw, "/rulesets/deadlines"), headers=h).status_code == 204
    assert cw.client.get(url(cw, "/rulesets/deadlines"), headers=h).status_code == 404
    actions = cw.audit_actions()
    assert "ruleset.create" in actions and "ruleset.delete" in actions


def test_a_stored_rule_set_is_evaluated_as_a_job_on_a_filtered_log(cw: World) -> None:
    h = cw.headers("a", "analyst")
    assert cw.client.post(url(cw, "/rulesets"), json={"name": "small", "yaml": RULES}, headers=h).status_code == 201
    r = cw.client.post(url(cw, "/logs/cases/compliance"),
                       json={"ruleset": "small", "as_of": "2024-02-01", "name": "small_result"}, headers=h)
    assert r.status_code == 202, r.text
    job = wait(cw, r.json()["id"])
    assert job.state == "succeeded", job.error
    assert job.result["statuses"] == {"met": 12}  # every case: Decide after 2 days
    s = cw.client.get(url(cw, "/compliance/small_result/summary"), headers=h).json()
    assert s["rows"][0]["rule_id"] == "DEC" and s["rows"][0]["rate"] == 1.0 and s["rows"][0]["n_cases"] == 12
    assert "compliance.start" in cw.audit_actions()
    # neither, both, or an unknown rule set are refused before a job starts
    assert cw.client.post(url(cw, "/logs/cases/compliance"), json={}, headers=h).status_code == 422
    assert cw.client.post(url(cw, "/logs/cases/compliance"), json={"ruleset": "nope"}, headers=h).status_code == 404
    assert cw.client.post(url(cw, "/logs/nolog/compliance"), json={"pack": "employment-dk"},
                          headers=h).status_code == 404
    assert cw.client.post(url(cw, "/logs/cases/compliance"), json={"pack": "employment-dk"},
                          headers=cw.headers("a", "viewer")).status_code == 403
    assert cw.client.post(url(cw, "/logs/cases/compliance", "a"), json={"pack": "employment-dk"},
                          headers=cw.headers("b", "analyst")).status_code == 404


def test_summary_by_municipality_and_rates_per_month(cw: World) -> None:
    h = cw.headers("a", "analyst")
    results = cw.client.get(url(cw, "/compliance"), headers=cw.headers("a", "viewer")).json()
    pack = next(x for x in results if x["name"] == "pack")
    assert pack["log"] == DEMO_LOG and pack["as_of"] == "2025-12-31" and "kommune" in pack["attributes"]
    s = cw.client.get(url(cw, "/compliance/pack/summary"), params={"by": "kommune"}, headers=h).json()
    r01 = next(x for x in s["rows"] if x["rule_id"] == "R01")
    assert r01["kommune"] == "Nørreby" and 0 < r01["rate"] < 1
    assert r01["n_cases"] == r01["n_met"] + r01["n_violated"] + r01["n_pending"]
    rates = cw.client.get(url(cw, "/compliance/pack/rates"), params={"freq": "month"}, headers=h).json()
    periods = {x["period"] for x in rates["rows"] if x["rule_id"] == "R01"}
    assert any(p.startswith("2023-") for p in periods) and any(p.startswith("2024-") for p in periods)
    bad = cw.client.get(url(cw, "/compliance/pack/summary"), params={"by": "nope"}, headers=h)
    assert bad.status_code == 422 and "nope" in bad.json()["message"]


def test_viewers_get_aggregates_without_groups_below_k(cw: World) -> None:
    h = cw.headers("a", "viewer")
    full = cw.client.get(url(cw, "/compliance/pack/rates"), params={"freq": "month"},
                         headers=cw.headers("a", "analyst")).json()
    seen = cw.client.get(url(cw, "/compliance/pack/rates"), params={"freq": "month"}, headers=h).json()
    small = [x for x in full["rows"] if 0 < x["n_cases"] < 5]
    assert small, "the demo data should have months with fewer than 5 cases for some rule"
    assert seen["meta"]["min_group_size"] == 5 and seen["meta"]["n_hidden"] >= len(small)
    assert all(x["n_cases"] >= 5 or x["n_cases"] == 0 for x in seen["rows"])
    # the months left out of one rule hold no case or at least 5 together (secondary suppression), so the
    # rule's total minus the months shown gives no small group back
    for rule in {x["rule_id"] for x in full["rows"]}:
        shown = {x["period"] for x in seen["rows"] if x["rule_id"] == rule and x["n_cases"]}
        left_out = sum(x["n_cases"] for x in full["rows"] if x["rule_id"] == rule and x["period"] not in shown)
        assert left_out == 0 or left_out >= 5 or not shown, (rule, left_out)
    summary = cw.client.get(url(cw, "/compliance/pack/summary"), headers=h).json()
    assert all(x["n_cases"] >= 5 or x["n_cases"] == 0 for x in summary["rows"])
    for tail in ("/compliance/pack/approaching", "/compliance/pack/cases", "/compliance/pack/export"):
        assert cw.client.get(url(cw, tail), headers=h).status_code == 403, tail


QUOTA = """rules:
  - id: Q
    type: quota
    name: {da: Kvote, en: Quota}
    trigger: Register
    target: Decide
    within: 2 days
    quota: {target: 75%, cohort: month}
"""


def test_quotas_are_aggregates_per_cohort(cw: World) -> None:
    h = cw.headers("a", "analyst")
    assert cw.client.post(url(cw, "/rulesets"), json={"name": "quota", "yaml": QUOTA}, headers=h).status_code == 201
    r = cw.client.post(url(cw, "/logs/cases/compliance"), json={"ruleset": "quota", "as_of": "2024-02-01"},
                       headers=h)
    assert wait(cw, r.json()["id"]).state == "succeeded"
    q = cw.client.get(url(cw, "/compliance/cases_quota/quotas"), headers=h)
    assert q.status_code == 200, q.text
    assert q.json()["rows"] == [{"rule_id": "Q", "cohort": "2024-01", "n_cases": 12, "n_met": 12, "n_violated": 0,
                                 "n_pending": 0, "n_exempt": 0, "share": 1.0, "target": 0.75, "status": "met"}]
    # a cohort of 3 cases is hidden from viewers
    r = cw.client.post(url(cw, "/logs/cases/compliance"), headers=h, json={
        "ruleset": "quota", "as_of": "2024-02-01", "name": "tiny",
        "filter": {"type": "case_id", "ids": ["a-0", "a-1", "a-2"]}})
    assert wait(cw, r.json()["id"]).state == "succeeded"
    assert len(cw.client.get(url(cw, "/compliance/tiny/quotas"), headers=h).json()["rows"]) == 1
    seen = cw.client.get(url(cw, "/compliance/tiny/quotas"), headers=cw.headers("a", "viewer")).json()
    assert seen["rows"] == [] and seen["meta"]["n_hidden"] == 1
    pack = cw.client.get(url(cw, "/compliance/pack/quotas"), headers=h)
    assert pack.status_code == 200  # R14a/R14b start after the demo period: no cohort yet


def test_case_results_and_deadlines_are_for_analysts_and_audited(cw: World) -> None:
    h = cw.headers("a", "analyst")
    before = cw.audit_actions()
    cases = cw.client.get(url(cw, "/compliance/pack/cases"), params={"rule": "R01", "status": "violated",
                                                                      "limit": 5}, headers=h).json()
    assert len(cases["rows"]) == 5 and cases["meta"]["n_total"] > 5
    assert all(x["rule_id"] == "R01" and x["status"] == "violated" and x["deadline"] for x in cases["rows"])
    # replaying mid-2025 leaves cases open with a deadline ahead
    r = cw.client.post(url(cw, f"/logs/{DEMO_LOG}/compliance"), json={"pack": "employment-dk", "as_of": "2025-06-01",
                                                                      "name": "mid"}, headers=h)
    assert wait(cw, r.json()["id"]).state == "succeeded"
    near = cw.client.get(url(cw, "/compliance/mid/approaching"), params={"days": 60}, headers=h).json()
    assert near["rows"], "some case should have a deadline within 60 days of 2025-06-01"
    days = [x["days_left"] for x in near["rows"]]
    assert days == sorted(days) and all(0 <= d <= 60 for d in days) and all(x["status"] == "pending"
                                                                             for x in near["rows"])
    after = cw.audit_actions()[len(before):]
    assert "compliance.cases" in after and "compliance.approaching" in after
    assert cw.client.get(url(cw, "/compliance/pack/cases"), headers=cw.headers("b", "analyst")).status_code == 404
    assert cw.client.get(url(cw, "/compliance/nope/cases"), headers=h).status_code == 404


def test_exports_are_csv_or_excel_and_audited(cw: World) -> None:
    h = cw.headers("a", "analyst")
    r = cw.client.get(url(cw, "/compliance/pack/export"), params={"table": "summary", "format": "csv"}, headers=h)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert r.text.lstrip("\ufeff").splitlines()[0].startswith("rule_id,rule,rate")
    x = cw.client.get(url(cw, "/compliance/pack/export"), params={"table": "cases", "format": "xlsx"}, headers=h)
    assert x.status_code == 200 and x.content[:2] == b"PK"
    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(x.content)).active
    assert sheet is not None and sheet.cell(1, 1).value == "case_id" and sheet.max_row > 100
    assert cw.audit_actions().count("compliance.export") >= 2
    assert cw.client.get(url(cw, "/compliance/pack/export"), headers=cw.headers("b", "analyst")).status_code == 404


def test_other_tenants_results_answer_404(cw: World) -> None:
    for tail in ("/compliance/pack/summary", "/compliance/pack/rates", "/compliance/pack/quotas"):
        assert cw.client.get(url(cw, tail), headers=cw.headers("b", "viewer")).status_code == 404, tail
        assert cw.client.get(url(cw, tail, "b"), headers=cw.headers("b", "analyst")).status_code == 404, tail
    assert cw.client.get(url(cw, "/compliance", "b"), headers=cw.headers("b", "analyst")).json() == []



def test_summary_by_the_same_attribute_twice_is_not_a_server_error(cw: World) -> None:
    h = cw.headers("a", "analyst")
    once = cw.client.get(url(cw, "/compliance/pack/summary"), params={"by": "kommune"}, headers=h)
    twice = cw.client.get(url(cw, "/compliance/pack/summary"), params={"by": "kommune,kommune"}, headers=h)
    assert twice.status_code == 200, twice.text
    assert twice.json()["rows"] == once.json()["rows"]
