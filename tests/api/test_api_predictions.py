"""Prediction endpoints: training as a job under a feature policy (personal columns refused with 422), model
versions and cards for readers, scoring of open cases for analysts only (audited with the model version),
tenant isolation."""

from __future__ import annotations

import re
from collections.abc import Generator
from typing import Any

import pytest
from sqlalchemy import select

from sagsflow.meta.models import AuditEntry
from tests.api.conftest import World, build_world, enable_prediction
from tests.api.demo_log import DEMO_LOG, add_demo_log


@pytest.fixture(scope="module")
def pw(tmp_path_factory: pytest.TempPathFactory) -> Generator[World, None, None]:
    """The two-tenant server with the demo log in tenant a and a remaining-time model trained on it."""
    tmp = tmp_path_factory.mktemp("predict")
    gen: Generator[World, None, None] = build_world(tmp)  # type: ignore[assignment]
    w = next(gen)
    add_demo_log(tmp / "ws_a", tmp / "extract")
    enable_prediction(w, "a", "capacity")
    enable_prediction(w, "a", "deadline")
    job = train(w, {"name": "restid", "target": "remaining_time", "n_estimators": 20,
                    "audit_attributes": ["koen", "alder_gruppe"], "protocol": "share:0.25"})
    assert job["state"] == "succeeded", job["error"]
    yield w
    gen.close()


def url(w: World, tail: str, tenant: str = "a") -> str:
    return f"/api/workspaces/{w.workspace[tenant]}{tail}"


def train(w: World, body: dict[str, Any]) -> dict[str, Any]:
    r = w.client.post(url(w, f"/logs/{DEMO_LOG}/prediction-models"), json=body, headers=w.headers("a", "analyst"))
    assert r.status_code == 202, r.text
    w.client.app.state.server.runner.wait(r.json()["id"], timeout=180)  # type: ignore[attr-defined]
    return dict(w.client.get(f"/api/jobs/{r.json()['id']}", headers=w.headers("a", "analyst")).json())


def last_audit(w: World, action: str) -> AuditEntry:
    with w.db.session() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id.desc())
                          ).first()
        assert entry is not None, f"no audit entry {action}"
        return entry


def test_personal_columns_are_refused_as_features_with_the_librarys_message(pw: World) -> None:
    h = pw.headers("a", "analyst")
    r = pw.client.post(url(pw, f"/logs/{DEMO_LOG}/prediction-models"), headers=h,
                       json={"name": "bad", "target": "remaining_time", "policy": {"features": ["koen"]}})
    assert r.status_code == 422
    body = r.json()
    assert body["type"] == "feature-refused" and body["field"] == "koen"
    assert "'koen' is classed 'personal_attribute'" in body["message"] and "legal basis" in body["hint"]
    r = pw.client.post(url(pw, f"/logs/{DEMO_LOG}/prediction-models"), headers=h,
                       json={"name": "bad", "target": "remaining_time", "policy": {"features": ["nope"]}})
    assert r.status_code == 422 and "'nope'" in r.json()["message"]
    r = pw.client.post(url(pw, f"/logs/{DEMO_LOG}/prediction-models"), headers=h,
                       json={"name": "bad", "target": "remaining_time", "audit_attributes": ["nope"]})
    assert r.status_code == 422 and r.json()["field"] == "audit_attributes"
    assert pw.client.post(url(pw, f"/logs/{DEMO_LOG}/prediction-models"), headers=h,
                          json={"name": "bad", "target": "weather"}).status_code == 422
    r = pw.client.post(url(pw, f"/logs/{DEMO_LOG}/prediction-models"), headers=h,
                       json={"name": "bad", "target": "remaining_time", "protocol": "tax2018"})
    assert r.status_code == 422 and r.json()["field"] == "protocol" and "tax2017" in r.json()["message"]


def test_models_and_cards_are_listed_for_readers(pw: World) -> None:
    models = pw.client.get(url(pw, "/prediction-models"), headers=pw.headers("a", "viewer")).json()
    restid = next(m for m in models if m["name"] == "restid")
    assert restid["version"] == 1 and restid["target"] == "remaining_time" and restid["log"] == DEMO_LOG
    assert restid["window"]["n_train_cases"] > 0 and "pooled" in restid["metrics"]
    assert restid["window"]["protocol"] == "share:0.25" and restid["metrics"]["protocol"] == "share:0.25"
    assert restid["metrics"]["best_baseline"] and "MAE (days)" in restid["metrics"]["gain"]
    md = pw.client.get(url(pw, "/prediction-models/restid/versions/1/card"), headers=pw.headers("a", "viewer"))
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert md.text.startswith("# Model card: restid v1") and "never decide" in md.text
    assert "Equal-treatment audit" in md.text and "koen" in md.text
    html = pw.client.get(url(pw, "/prediction-models/restid/versions/1/card"), params={"format": "html"},
                         headers=pw.headers("a", "analyst"))
    assert html.headers["content-type"].startswith("text/html") and "<table" in html.text
    assert pw.client.get(url(pw, "/prediction-models/restid/versions/2/card"),
                         headers=pw.headers("a", "viewer")).status_code == 404
    assert pw.client.get(url(pw, "/prediction-models"), headers=pw.headers("a", "auditor")).status_code == 403
    assert pw.client.get(url(pw, "/prediction-models"), headers=pw.headers("b", "analyst")).status_code == 404
    assert pw.client.get(url(pw, "/prediction-models", "b"), headers=pw.headers("b", "analyst")).json() == []
    assert pw.client.get(url(pw, "/prediction-models/restid/versions/1/card"),
                         headers=pw.headers("b", "viewer")).status_code == 404
    assert "model.train" in pw.audit_actions()


def audit_tables(md: str) -> dict[str, dict[str, int]]:
    """The equal-treatment audit tables of a Markdown card: attribute -> group -> cases."""
    out: dict[str, dict[str, int]] = {}
    section = md.split("## Equal-treatment audit", 1)[1].split("\n## ", 1)[0]
    attribute = ""
    for line in section.splitlines():
        if m := re.match(r"Attribute \*\*(\w+)\*\*", line):
            attribute = m.group(1)
            out[attribute] = {}
        elif line.startswith("| ") and not line.startswith("| group") and attribute:
            cells = [c.strip() for c in line.strip("|").split("|")]
            out[attribute][cells[0]] = int(cells[1])
    return out


def test_a_viewer_reading_the_card_cannot_work_out_a_small_group(pw: World) -> None:
    card = url(pw, "/prediction-models/restid/versions/1/card")
    truth_md = pw.client.get(card, headers=pw.headers("a", "analyst")).text
    truth = audit_tables(truth_md)
    small = {(a, g): n for a, t in truth.items() for g, n in t.items() if n < 5}
    assert small, "the demo's test cases have an audit group under k: the attack needs one"
    assert "every group shown, to a role with case access" in truth_md
    entry = last_audit(pw, "case.small_group")
    assert entry.details["answer"] == "model card" and entry.details["n_cases"] == min(small.values())

    viewer_md = pw.client.get(card, headers=pw.headers("a", "viewer")).text
    seen = audit_tables(viewer_md)
    assert "k = 5: groups hidden" in viewer_md and set(seen) == set(truth) == {"koen", "alder_gruppe"}
    n_test = int(re.search(r"; (\d+) test cases \(", viewer_md).group(1))  # type: ignore[union-attr]
    for attribute, shown in seen.items():
        assert all(n >= 5 for n in shown.values()) and set(shown) <= set(truth[attribute])
        assert sum(truth[attribute].values()) == n_test
        rest = n_test - sum(shown.values())  # the attacker's subtraction: what the hidden groups hold together
        assert rest == 0 or rest >= 5
        for (a, group), n in small.items():
            if a == attribute:
                assert group not in shown and rest != n
    # the other answers a viewer can read about the model give no per-group figure either
    models = pw.client.get(url(pw, "/prediction-models"), headers=pw.headers("a", "viewer")).text
    assert not any(f'"{g}"' in models for (_a, g) in small)


def test_open_cases_are_scored_with_intervals_and_reasons_and_the_version_is_audited(pw: World) -> None:
    h = pw.headers("a", "analyst")
    r = pw.client.post(url(pw, f"/logs/{DEMO_LOG}/predictions"), headers=h,
                       json={"models": ["restid"], "as_of": "2025-06-01T00:00:00Z", "limit": 10})
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["models"] == ["restid:1"] and out["n_total"] >= len(out["rows"]) > 0
    row = out["rows"][0]
    assert row["remaining_low"] <= row["remaining_days"] <= row["remaining_high"]
    assert row["reasons_da"] and row["reasons_en"] and row["model_versions"] == "restid:1"
    entry = last_audit(pw, "prediction.score")
    assert entry.details is not None and entry.details["models"] == ["restid:1"]
    assert entry.details["run_id"] == out["run_id"] and entry.details["n_cases"] == len(out["rows"])
    # every prediction is recorded in the workspace with the model version
    ws = pw.client.app.state.server.workspace(pw.client.app.state.server.settings.data_dir.parent  # type: ignore
                                              / "ws_a")
    n = ws.con.execute("SELECT count(*) FROM sf_predictions WHERE run_id = ? AND model_version = 1",
                       [out["run_id"]]).fetchall()[0][0]
    assert n == out["n_total"]


def test_scoring_when_no_case_is_open_returns_an_empty_table(pw: World) -> None:
    # before any case started (at the log's end the cases it ends open are scored: tests/predict)
    r = pw.client.post(url(pw, f"/logs/{DEMO_LOG}/predictions"),
                       json={"models": ["restid:1"], "as_of": "2000-01-01T00:00:00Z"},
                       headers=pw.headers("a", "analyst"))
    assert r.status_code == 200, r.text
    assert r.json()["n_total"] == 0 and r.json()["rows"] == []


def test_scoring_is_for_analysts_of_the_tenant_only(pw: World) -> None:
    body = {"models": ["restid"], "as_of": "2025-06-01T00:00:00Z"}
    tail = f"/logs/{DEMO_LOG}/predictions"
    assert pw.client.post(url(pw, tail), json=body, headers=pw.headers("a", "viewer")).status_code == 403
    assert pw.client.post(url(pw, tail), json=body, headers=pw.headers("b", "analyst")).status_code == 404
    assert pw.client.post(url(pw, tail, "b"), json=body, headers=pw.headers("b", "analyst")).status_code == 404
    bad = pw.client.post(url(pw, tail), json={"models": ["nope"]}, headers=pw.headers("a", "analyst"))
    assert bad.status_code == 404
    naive = pw.client.post(url(pw, tail), json={"models": ["restid"], "as_of": "2025-06-01T00:00:00"},
                           headers=pw.headers("a", "analyst"))
    assert naive.status_code == 422 and naive.json()["field"] == "as_of"
    train_body = {"name": "x", "target": "remaining_time"}
    assert pw.client.post(url(pw, f"/logs/{DEMO_LOG}/prediction-models"), json=train_body,
                          headers=pw.headers("a", "viewer")).status_code == 403
