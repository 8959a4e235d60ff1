"""The legal gate on the server: registrations (administrator proposes, auditor approves, per municipality),
training/scoring/export refused without one, allowed with one, refused again after expiry, each step audited;
a citizen outcome refused under a capacity registration; case ids pseudonymised unless the role and the purpose
allow them; employee protection on resource aggregates, with robots shown as automation and every read audited."""

from __future__ import annotations

import csv
import io
from collections.abc import Generator
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from sagsflow.meta.models import AuditEntry
from tests.api.conftest import World, build_world, enable_prediction, registration_body
from tests.api.demo_log import DEMO_LOG, add_demo_log

AS_OF = "2025-06-01T00:00:00Z"


@pytest.fixture(scope="module")
def lw(tmp_path_factory: pytest.TempPathFactory) -> Generator[World, None, None]:
    """The two-tenant server with the demo log (Nørreby: employees, teams, RPA-ROBOT) in tenant a; no
    registration yet."""
    tmp = tmp_path_factory.mktemp("legal")
    gen: Generator[World, None, None] = build_world(tmp)  # type: ignore[assignment]
    w = next(gen)
    add_demo_log(tmp / "ws_a", tmp / "extract")
    yield w
    gen.close()


def url(w: World, tail: str, tenant: str = "a") -> str:
    return f"/api/workspaces/{w.workspace[tenant]}{tail}"


def audit_entries(w: World, prefix: str) -> list[AuditEntry]:
    with w.db.session() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.action.startswith(prefix))
                              .order_by(AuditEntry.id)))


def run_job(w: World, r: Any) -> dict[str, Any]:
    assert r.status_code == 202, r.text
    w.client.app.state.server.runner.wait(r.json()["id"], timeout=240)  # type: ignore[attr-defined]
    return dict(w.client.get(f"/api/jobs/{r.json()['id']}", headers=w.headers("a", "analyst")).json())


def train(w: World, target: str, name: str) -> Any:
    return w.client.post(url(w, f"/logs/{DEMO_LOG}/prediction-models"), headers=w.headers("a", "analyst"),
                         json={"name": name, "target": target, "n_estimators": 20, "audit_attributes": []})


def score(w: World, models: list[str], role: str = "analyst", tail: str = "predictions", **kw: Any) -> Any:
    return w.client.post(url(w, f"/logs/{DEMO_LOG}/{tail}"), headers=w.headers("a", role),
                         json={"models": models, "as_of": AS_OF, "limit": 20, **kw})


def test_registrations_need_an_administrator_and_then_the_auditor(lw: World) -> None:
    body = registration_body("capacity")
    for role in ("analyst", "viewer", "auditor"):
        assert lw.client.post("/api/registrations", json=body, headers=lw.headers("a", role)).status_code == 403
    bad = lw.client.post("/api/registrations", headers=lw.headers("a", "administrator"),
                         json=body | {"legal_basis": {"law": "LBA", "section": "somewhere",
                                                      "gdpr_articles": ["6(1)(e)"]}})
    assert bad.status_code == 422 and bad.json()["field"] == "legal_basis.section"
    bad = lw.client.post("/api/registrations", headers=lw.headers("a", "administrator"),
                         json=registration_body("citizen_outcome"))
    assert bad.status_code == 422 and "must name the outcome targets" in bad.json()["message"]
    r = lw.client.post("/api/registrations", json=body, headers=lw.headers("a", "administrator"))
    assert r.status_code == 201 and r.json()["status"] == "proposed" and not r.json()["valid"]
    reg = r.json()["id"]
    assert lw.client.post(f"/api/registrations/{reg}/approve",
                          headers=lw.headers("a", "administrator")).status_code == 403
    assert lw.client.post(f"/api/registrations/{reg}/approve", headers=lw.headers("b", "auditor")).status_code == 404
    assert reg not in {x["id"] for x in lw.client.get("/api/registrations", headers=lw.headers("b", "auditor")).json()}
    # rejected by the auditor: nothing was enabled
    rej = lw.client.post(f"/api/registrations/{reg}/revoke", json={"reason": "DPIA incomplete"},
                         headers=lw.headers("a", "auditor"))
    assert rej.status_code == 200 and rej.json()["status"] == "rejected"
    actions = [e.action for e in audit_entries(lw, "registration.")]
    assert actions[-2:] == ["registration.propose", "registration.reject"]


def test_training_scoring_and_export_refused_then_allowed_then_refused_after_expiry(
        lw: World, monkeypatch: pytest.MonkeyPatch) -> None:
    refused = train(lw, "remaining_time", "restid")
    assert refused.status_code == 403 and refused.json()["type"] == "registration-required"
    assert "prediction is off until it is enabled" in refused.json()["message"]
    assert audit_entries(lw, "prediction.refused")[-1].details["use"] == "train"  # type: ignore[index]

    reg = enable_prediction(lw, "a", "capacity", identify_cases=False, review_in_days=3)
    assert reg["valid"] and reg["approved_by"] == "auditor_a" and reg["proposed_by"] == "administrator_a"
    job = run_job(lw, train(lw, "remaining_time", "restid"))
    assert job["state"] == "succeeded", job["error"]
    entry = audit_entries(lw, "model.train")[-1]
    assert entry.details["registration"] == reg["id"]  # type: ignore[index]
    card = lw.client.get(url(lw, "/prediction-models/restid/versions/1/card"), headers=lw.headers("a", "viewer"))
    assert f"Registration {reg['id']}" in card.text
    assert "| Value proposition | plan capacity, keep deadlines" in card.text

    s = score(lw, ["restid"])
    assert s.status_code == 200, s.text
    out = s.json()
    assert out["registrations"] == [reg["id"]] and out["identified"] is False and out["rows"]
    assert all(r["case_id"].startswith("P-") for r in out["rows"])  # the purpose does not need the case
    e = score(lw, ["restid"], tail="predictions/export", format="csv")
    assert e.status_code == 200 and e.headers["content-type"].startswith("text/csv")
    ids = [row["case_id"] for row in csv.DictReader(io.StringIO(e.content.decode("utf-8-sig")))]
    assert ids and all(i.startswith("P-") for i in ids) and "DP-" not in e.text
    assert audit_entries(lw, "prediction.export")[-1].details["registrations"] == [reg["id"]]  # type: ignore[index]

    # the review date comes: everything refuses again, and the expiry is audited once
    import sagsflow.legal.registration as registration_module

    later = date.today() + timedelta(days=3)
    monkeypatch.setattr(registration_module, "today", lambda at=None: later)
    assert train(lw, "remaining_time", "restid").status_code == 403
    assert score(lw, ["restid"]).json()["message"].endswith(f"registration {reg['id']} expired on its review date "
                                                            f"{later.isoformat()}.")
    assert score(lw, ["restid"], tail="predictions/export").status_code == 403
    assert len([x for x in audit_entries(lw, "registration.expire") if x.object_id == reg["id"]]) == 1
    assert [x.details["use"] for x in audit_entries(lw, "prediction.refused")][-3:] == [  # type: ignore[index]
        "train", "score", "export"]
    listed = {x["id"]: x for x in lw.client.get("/api/registrations", headers=lw.headers("a", "viewer")).json()}
    assert listed[reg["id"]]["expired"] and not listed[reg["id"]]["valid"]


def test_a_citizen_outcome_is_refused_under_a_capacity_registration(lw: World) -> None:
    enable_prediction(lw, "a", "capacity")
    r = train(lw, "outcome:activity=Sanktion", "sanktion")
    assert r.status_code == 403 and "citizen outcome (profiling)" in r.json()["message"]
    other = enable_prediction(lw, "a", "citizen_outcome", targets=("outcome:activity=Udeblevet",))
    r = train(lw, "outcome:activity=Sanktion", "sanktion")
    assert r.status_code == 403 and "name other targets" in r.json()["message"]
    own = enable_prediction(lw, "a", "citizen_outcome", targets=("outcome:activity=Sanktion",))
    assert own["profiling"] and own["id"] != other["id"]
    job = run_job(lw, train(lw, "outcome:activity=Sanktion", "sanktion"))
    assert job["state"] == "succeeded", job["error"]
    card = lw.client.get(url(lw, "/prediction-models/sanktion/versions/1/card"), headers=lw.headers("a", "analyst"))
    assert "GDPR art. 22" in card.text and "Annex III, point 5(a)" in card.text


def test_case_ids_in_clear_only_for_case_access_and_a_purpose_that_needs_them(lw: World) -> None:
    enable_prediction(lw, "a", "capacity", identify_cases=True)
    job = run_job(lw, train(lw, "next_activity", "naeste"))
    assert job["state"] == "succeeded", job["error"]
    both = score(lw, ["naeste"]).json()
    # two capacity registrations are in force; the gate takes the one reviewed last, which needs the cases
    assert both["identified"] is True and all(not r["case_id"].startswith("P-") for r in both["rows"])
    for tail in ("predictions", "predictions/export"):
        assert score(lw, ["naeste"], role="viewer", tail=tail).status_code == 403
    # nothing a viewer can read about models carries a case id
    listing = lw.client.get(url(lw, "/prediction-models"), headers=lw.headers("a", "viewer")).text
    card = lw.client.get(url(lw, "/prediction-models/naeste/versions/1/card"), headers=lw.headers("a", "viewer")).text
    assert "DP-" not in listing and "DP-" not in card


def test_employee_protection_on_resource_aggregates(lw: World) -> None:
    h = lw.headers("a", "analyst")
    r = lw.client.post(url(lw, f"/logs/{DEMO_LOG}/statistics/resources"), json={}, headers=h)
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["use"] == "team" and out["team_attribute"] == "team"
    rows = out["workload"]["rows"]
    kinds = {x["kind"] for x in rows}
    assert "automation" in kinds and "employee" not in kinds
    assert all(x["n_employees"] >= 5 for x in rows if x["kind"] != "automation")
    robot = next(x for x in rows if x["kind"] == "automation" and x["resource"].startswith("RPA-ROBOT"))
    assert robot["n_events"] > 0 and 0 < out["automation_share"] < 1
    assert not any(x["resource"].startswith("M-") for x in rows)  # no employee pseudonym at team level
    # the map's resource perspective: teams and automation, no employee
    m = lw.client.post(url(lw, f"/logs/{DEMO_LOG}/map"), json={"perspective": "resource"}, headers=h).json()
    labels = {n["label"] for n in m["nodes"]}
    assert any("RPA-ROBOT" in x for x in labels) and not any(x.startswith("M-") for x in labels)
    reads = audit_entries(lw, "resource.read")
    assert [x.details["answer"] for x in reads[-2:]] == ["resource_statistics", "map"]  # type: ignore[index]
    # at team level the attacker who asks once per employee gets nothing: the resource's values (the filter
    # picker's cases per employee) and a filter naming one employee are refused, and the picker does not offer
    # the column; a robot is no employee and may be filtered by
    v = lw.client.post(url(lw, f"/logs/{DEMO_LOG}/attributes/values"), json={"attribute": "resource"}, headers=h)
    assert v.status_code == 403 and v.json()["type"] == "employee-protection", v.text
    assert "kun teamniveau" in lw.client.post(url(lw, f"/logs/{DEMO_LOG}/attributes/values"), json={
        "attribute": "resource"}, headers={**h, "Accept-Language": "da"}).json()["message"]
    listed = lw.client.post(url(lw, f"/logs/{DEMO_LOG}/attributes"), json={}, headers=h).json()
    assert "resource" not in {a["name"] for a in listed}
    with lw.db.session() as s:
        from sagsflow.meta.models import WorkspaceRecord as _Rec

        rec = s.get(_Rec, lw.workspace["a"])
        assert rec is not None
        path = rec.path
    ws_a = lw.client.app.state.server.workspace(path)  # type: ignore[attr-defined]
    staff = next(r[0] for r in ws_a.con.execute(
        f"SELECT resource FROM log_{DEMO_LOG}.events WHERE resource LIKE 'M-%' LIMIT 1").fetchall())
    one = {"steps": [{"type": "event_attribute", "attribute": "resource", "equals": staff, "mode": "cases"}]}
    for route in ("map", "statistics/activities", "variants"):
        r = lw.client.post(url(lw, f"/logs/{DEMO_LOG}/{route}"), json={"filter": one}, headers=h)
        assert r.status_code == 403 and r.json()["type"] == "employee-protection", (route, r.text)
    robot_filter = {"steps": [{"type": "event_attribute", "attribute": "resource", "equals": robot["resource"]
                               .split(" (")[0], "mode": "cases"}]}
    assert lw.client.post(url(lw, f"/logs/{DEMO_LOG}/map"), json={"filter": robot_filter}, headers=h).status_code == 200

    # individual needs a registered purpose; off refuses (only the automation share is given)
    adm = lw.headers("a", "administrator")
    bad = lw.client.put("/api/legal/settings", json={"employees": {"use": "individual"}}, headers=adm)
    assert bad.status_code == 403 and bad.json()["type"] == "employee-protection"
    ok = lw.client.put("/api/legal/settings", headers=adm, json={"employees": {
        "use": "individual", "purpose": "workload balancing", "purpose_reference": "MED-aftale 2025-3"}})
    assert ok.status_code == 200 and ok.json()["employees"]["use"] == "individual"
    ind = lw.client.post(url(lw, f"/logs/{DEMO_LOG}/statistics/resources"), json={}, headers=h).json()
    assert any(x["resource"].startswith("M-") for x in ind["workload"]["rows"])
    assert audit_entries(lw, "resource.read")[-1].details["purpose"] == "workload balancing"  # type: ignore[index]
    # with individual figures allowed, the values and the filter work, and reading the values is audited
    v = lw.client.post(url(lw, f"/logs/{DEMO_LOG}/attributes/values"), json={"attribute": "resource"}, headers=h)
    assert v.status_code == 200 and v.json()["rows"], v.text
    assert audit_entries(lw, "resource.read")[-1].details == {  # type: ignore[comparison-overlap]
        "answer": "attribute_values", "attribute": "resource", "filter": None}
    assert lw.client.post(url(lw, f"/logs/{DEMO_LOG}/map"), json={"filter": one}, headers=h).status_code == 200
    lw.client.put("/api/legal/settings", json={"employees": {"use": "off"}}, headers=adm)
    off = lw.client.post(url(lw, f"/logs/{DEMO_LOG}/statistics/resources"), json={}, headers=h).json()
    assert off["use"] == "off" and off["workload"]["rows"] == [] and off["automation_share"] > 0
    refused = lw.client.post(url(lw, f"/logs/{DEMO_LOG}/map"), json={"perspective": "resource"}, headers=h)
    assert refused.status_code == 403 and refused.json()["type"] == "employee-protection"
    assert [e.action for e in audit_entries(lw, "legal.settings")][-2:] == ["legal.settings", "legal.settings"]
    lw.client.put("/api/legal/settings", json={"employees": {"use": "team"}}, headers=adm)
    assert lw.client.put("/api/legal/settings", json={"employees": {"use": "off"}},
                         headers=lw.headers("a", "analyst")).status_code == 403


def test_retention_set_applied_by_the_housekeeping_and_audited(lw: World) -> None:
    """Runs last in this module: it deletes the demo log's events before 2024."""
    from datetime import UTC, datetime

    from sagsflow.api.housekeeping import run_housekeeping
    from sagsflow.store.workspace import Workspace

    days = (date.today() - date(2024, 1, 1)).days
    adm = lw.headers("a", "administrator")
    assert lw.client.put(url(lw, f"/logs/{DEMO_LOG}/retention"), json={"days": days},
                         headers=lw.headers("a", "analyst")).status_code == 403
    assert lw.client.put(url(lw, f"/logs/{DEMO_LOG}/retention", "b"), json={"days": days},
                         headers=lw.headers("b", "administrator")).status_code == 404
    # the legal page's form: every role sees the periods, and with include_unset the logs still without one
    unset = lw.client.get(url(lw, "/retention?include_unset=true"), headers=adm)
    assert unset.status_code == 200, unset.text
    assert {r["log"]: r["days"] for r in unset.json()}[DEMO_LOG] is None
    assert lw.client.get(url(lw, "/retention"), headers=lw.headers("a", "auditor")).json() == []
    r = lw.client.put(url(lw, f"/logs/{DEMO_LOG}/retention"), json={"days": days, "reason": "retention plan"},
                      headers=adm)
    assert r.status_code == 200 and r.json()["days"] == days, r.text
    listed = lw.client.get(url(lw, "/retention"), headers=lw.headers("a", "viewer")).json()
    assert listed == [r.json()]
    state = lw.client.app.state.server  # type: ignore[attr-defined]
    from sagsflow.meta.models import WorkspaceRecord

    with lw.db.session() as s:
        rec = s.get(WorkspaceRecord, lw.workspace["a"])
        assert rec is not None
        ws: Workspace = state.workspace(rec.path)
    cut = datetime(2024, 1, 1, tzinfo=UTC)

    def old_events() -> tuple[int, int]:
        row = ws.con.execute(f"SELECT count(*) FILTER (WHERE timestamp < ?), count(*) FROM log_{DEMO_LOG}.events",
                             [cut]).fetchall()[0]
        return int(row[0]), int(row[1])

    n_old, n_all = old_events()
    dry = lw.client.post(url(lw, "/retention/apply"), json={"dry_run": True}, headers=adm).json()
    assert dry[0]["events_deleted"] == n_old > 0 and old_events() == (n_old, n_all)
    assert lw.client.post(url(lw, "/retention/apply"), json={}, headers=lw.headers("a", "analyst")).status_code == 403
    before = lw.client.post(url(lw, f"/logs/{DEMO_LOG}/map"), json={}, headers=lw.headers("a", "analyst")).json()

    counts = run_housekeeping(state)  # the scheduled job's round
    assert counts["events_deleted"] == n_old and old_events() == (0, n_all - n_old)
    entry = audit_entries(lw, "retention.apply")[-1]
    assert entry.username == "system" and entry.details["events_deleted"] == n_old  # type: ignore[index]
    assert entry.details["models_flagged"] >= 1  # type: ignore[index]
    listed = lw.client.get(url(lw, "/prediction-models"), headers=lw.headers("a", "viewer")).json()
    assert listed and all(m["retrain"] and "deleted by retention" in m["retrain"] for m in listed)
    # the cached map is gone with the events
    after = lw.client.post(url(lw, f"/logs/{DEMO_LOG}/map"), json={}, headers=lw.headers("a", "analyst")).json()
    assert after["n_cases"] < before["n_cases"]
    # a second round deletes nothing and audits nothing more
    assert run_housekeeping(state)["events_deleted"] == 0
    assert len(audit_entries(lw, "retention.apply")) == 1


def test_the_dpia_kit_from_the_municipality_configuration(lw: World) -> None:
    """The server's documents follow its configuration: users per role, registrations, controller, settings."""
    h = lw.headers("a", "auditor")
    assert lw.client.get("/api/legal/dpia", headers=lw.headers("a", "analyst")).status_code == 403
    r = lw.client.get("/api/legal/dpia", params={"lang": "en"}, headers=h)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/markdown"), r.text
    doc = r.text
    assert "- auditor / DPO (audit log; approves registrations): auditor_a" in doc
    assert "analyst_a" in doc and "analyst_b" not in doc  # only the municipality's own users
    assert f"**{DEMO_LOG}**" in doc and "identification of employees" in doc
    assert "Audit log as a hash chain (tamper evidence) | in force" in doc
    assert audit_entries(lw, "legal.dpia")[-1].details["document"] == "dpia"  # type: ignore[index]
    lw.client.put("/api/legal/settings", headers=lw.headers("a", "administrator"),
                  json={"controller": {"name": "Nørreby Kommune", "dpo": "dpo@noerreby.dk",
                                       "recipients": ["Ankestyrelsen"]}})
    rec = lw.client.get("/api/legal/dpia", params={"lang": "da", "document": "record"}, headers=h).text
    assert "- Dataansvarlig: Nørreby Kommune" in rec and "- Ankestyrelsen" in rec
    notice = lw.client.get("/api/legal/dpia", params={"lang": "da", "document": "notice-citizens"}, headers=h).text
    assert "Sådan bruger Nørreby Kommune oplysninger om din sag" in notice
