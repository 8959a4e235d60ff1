"""Conformance endpoints: reference model upload (BPMN/PNML, size-limited, safe XML) or a discovered model, the
check as a job, fitness and deviations as aggregates with k-hiding for viewers, tenant isolation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.api.conftest import World, build_world

NS = 'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"'
#: Register -> Check -> (a throw event: a silent step, with a warning) -> decide; the model writes 'decide' in
#: lower case, so it never matches the log's 'Decide' (a label mismatch with a suggestion)
BPMN = f"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions {NS} id="d" targetNamespace="http://example.org">
  <bpmn:process id="p" isExecutable="false">
    <bpmn:startEvent id="s"/>
    <bpmn:task id="t1" name="Register"/>
    <bpmn:task id="t2" name="Check"/>
    <bpmn:intermediateThrowEvent id="e1" name="Brev sendt"/>
    <bpmn:task id="t3" name="decide"/>
    <bpmn:endEvent id="e"/>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t1"/>
    <bpmn:sequenceFlow id="f2" sourceRef="t1" targetRef="t2"/>
    <bpmn:sequenceFlow id="f3" sourceRef="t2" targetRef="e1"/>
    <bpmn:sequenceFlow id="f4" sourceRef="e1" targetRef="t3"/>
    <bpmn:sequenceFlow id="f5" sourceRef="t3" targetRef="e"/>
  </bpmn:process>
</bpmn:definitions>
"""


@pytest.fixture(scope="module")
def cf(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    yield from build_world(tmp_path_factory.mktemp("conformance"))


def url(w: World, tail: str, tenant: str = "a") -> str:
    return f"/api/workspaces/{w.workspace[tenant]}{tail}"


def run(w: World, files: Any = None, tenant: str = "a", **form: str) -> dict[str, Any]:
    """Start a check as the tenant's analyst, wait for it, return the job."""
    r = w.client.post(url(w, "/logs/cases/conformance", tenant), files=files, data=form,
                      headers=w.headers(tenant, "analyst"))
    assert r.status_code == 202, r.text
    w.client.app.state.server.runner.wait(r.json()["id"], timeout=120)  # type: ignore[attr-defined]
    job = w.client.get(f"/api/jobs/{r.json()['id']}", headers=w.headers(tenant, "analyst")).json()
    assert job["state"] == "succeeded", job["error"]
    return dict(job)


def test_a_discovered_model_fits_and_viewers_do_not_see_the_rare_variant(cf: World) -> None:
    job = run(cf, noise_threshold="0")
    h = cf.headers("a", "analyst")
    res = cf.client.get(url(cf, f"/conformance/{job['id']}"), headers=h).json()
    assert res["model"] == "discovered" and res["n_cases"] == 12 and res["fitness"] == pytest.approx(1.0)
    assert res["labels"] == {"model_only": [], "log_only": {}, "suggestions": {}}
    counts = sorted(v["n_cases"] for v in res["variants"]["rows"])
    assert counts == [3, 9]  # the Rare detour is a variant of 3 cases
    seen = cf.client.get(url(cf, f"/conformance/{job['id']}"), headers=cf.headers("a", "viewer")).json()
    # the variant of 3 cases is hidden, and the one of 9 with it (12 - 9 would give the 3 back)
    assert [v["n_cases"] for v in seen["variants"]["rows"]] == []
    assert seen["variants"]["meta"] == {"min_group_size": 5, "n_hidden": 2}
    listed = cf.client.get(url(cf, "/conformance"), headers=cf.headers("a", "viewer")).json()
    assert job["id"] in [x["job_id"] for x in listed]
    assert "conformance.start" in cf.audit_actions()


def test_an_uploaded_bpmn_reports_label_mismatches_warnings_and_deviations(cf: World) -> None:
    job = run(cf, files={"file": ("gode.bpmn", BPMN.encode(), "application/xml")})
    res = cf.client.get(url(cf, f"/conformance/{job['id']}"), headers=cf.headers("a", "analyst")).json()
    assert res["model"] == "gode.bpmn"
    assert res["labels"]["model_only"] == ["decide"] and res["labels"]["suggestions"] == {"decide": "Decide"}
    assert res["labels"]["log_only"] == {"Decide": 12, "Rare": 3}
    assert any("Brev sendt" in w for w in res["model_warnings"])
    acts = {a["activity"]: a for a in res["activities"]["rows"]}
    assert acts["decide"]["n_cases_skipped"] == 12 and acts["Rare"]["n_cases_unexpected"] == 3
    assert 0 < res["fitness"] < 1 and res["percent_fitting"] == 0
    assert res["periods"]["rows"][0]["period"] == "2024-01"
    # the viewer sees the activities, but not the Rare one (3 cases)
    seen = cf.client.get(url(cf, f"/conformance/{job['id']}"), headers=cf.headers("a", "viewer")).json()
    assert "decide" in {a["activity"] for a in seen["activities"]["rows"]}
    assert "Rare" not in {a["activity"] for a in seen["activities"]["rows"]}


def test_unsafe_unsupported_and_foreign_model_files_are_refused_at_once(cf: World) -> None:
    h = cf.headers("a", "analyst")
    post = url(cf, "/logs/cases/conformance")
    dtd = '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaa">]>\n' + BPMN.split("\n", 1)[1]
    r = cf.client.post(post, files={"file": ("evil.bpmn", dtd.encode(), "application/xml")}, headers=h)
    assert r.status_code == 422 and "DOCTYPE" in r.json()["message"]
    boundary = BPMN.replace('<bpmn:endEvent id="e"/>',
                            '<bpmn:endEvent id="e"/><bpmn:boundaryEvent id="b1" name="14 dage" attachedToRef="t2"/>')
    r = cf.client.post(post, files={"file": ("b.bpmn", boundary.encode(), "application/xml")}, headers=h)
    assert r.status_code == 422 and "boundaryEvent" in r.json()["message"] and "b1" in r.json()["message"]
    r = cf.client.post(post, files={"file": ("model.png", b"\x89PNG", "image/png")}, headers=h)
    assert r.status_code == 422 and r.json()["field"] == "file"
    r = cf.client.post(post, data={"filter": "{not json"}, headers=h)
    assert r.status_code == 422 and r.json()["field"] == "filter"
    r = cf.client.post(post, data={"by": "nope"}, headers=h)
    assert r.status_code == 422 and r.json()["field"] == "by"


def test_roles_and_tenants(cf: World) -> None:
    job = run(cf, noise_threshold="0")
    post = url(cf, "/logs/cases/conformance")
    assert cf.client.post(post, headers=cf.headers("a", "viewer")).status_code == 403
    assert cf.client.post(post, headers=cf.headers("a", "auditor")).status_code == 403
    assert cf.client.post(post, headers=cf.headers("b", "analyst")).status_code == 404
    # another tenant's job id answers 404 through its own workspace and through the other one
    assert cf.client.get(url(cf, f"/conformance/{job['id']}", "b"), headers=cf.headers("b", "analyst")).status_code \
        == 404
    assert cf.client.get(url(cf, f"/conformance/{job['id']}"), headers=cf.headers("b", "viewer")).status_code == 404
    assert cf.client.get(url(cf, "/conformance/0123456789abcdef"), headers=cf.headers("a", "viewer")).status_code \
        == 404
    assert job["id"] not in [x["job_id"] for x in cf.client.get(url(cf, "/conformance", "b"),
                                                                 headers=cf.headers("b", "viewer")).json()]


def test_the_upload_size_limit_answers_413(tmp_path: Path) -> None:
    for w in build_world(tmp_path, max_upload_bytes=1000):
        r = w.client.post(url(w, "/logs/cases/conformance"), files={"file": ("big.bpmn", b" " * 5000)},
                          headers=w.headers("a", "analyst"))
        assert r.status_code == 413 and "1,000 bytes" in r.json()["message"]
