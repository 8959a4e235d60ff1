"""Request limits: a query running past SAGSFLOW_QUERY_TIMEOUT_SECONDS is stopped with a 503 problem, results
larger than SAGSFLOW_MAX_RESULT_ROWS are refused or capped with a clear problem (upload size: test_api_imports)."""

from __future__ import annotations

import re
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

from tests.api.conftest import World, build_world


def test_a_long_query_is_interrupted_with_a_503(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sagsflow.analysis.statistics as statistics

    def endless(log: Any, **_: Any) -> Any:
        log.workspace.con.execute("SELECT count(*) FROM range(1000000000000) a").fetchall()
        raise AssertionError("the query should have been interrupted")

    monkeypatch.setattr(statistics, "activity_table", endless)
    gen: Generator[World, None, None] = build_world(tmp_path, query_timeout_seconds=0.5)  # type: ignore[assignment]
    w = next(gen)
    try:
        url = f"/api/workspaces/{w.workspace['a']}/logs/cases"
        # a query of 10^12 rows that was not interrupted would run for hours: the 503 is the proof
        r = w.client.post(f"{url}/statistics/activities", json={}, headers=w.headers("a", "analyst"))
        assert r.status_code == 503, r.text
        body = r.json()
        assert body["type"] == "query-timeout" and "limit of 0.5 s" in body["message"]
        assert "SAGSFLOW_QUERY_TIMEOUT_SECONDS" in body["hint"]
        assert r.headers["content-type"].startswith("application/problem+json")
        # the next request of the same workspace is not affected
        assert w.client.post(f"{url}/map", json={}, headers=w.headers("a", "analyst")).status_code == 200
    finally:
        gen.close()


def test_results_over_the_row_limit_are_refused_or_capped(tmp_path: Path) -> None:
    gen: Generator[World, None, None] = build_world(tmp_path, max_result_rows=3)  # type: ignore[assignment]
    w = next(gen)
    try:
        h = w.headers("a", "analyst")
        url = f"/api/workspaces/{w.workspace['a']}/logs/cases"
        r = w.client.post(f"{url}/map", json={"paths": 1}, headers=h)
        assert r.status_code == 422 and r.json()["type"] == "result-too-large"
        assert "more than the limit of 3 rows" in r.json()["message"]
        assert "SAGSFLOW_MAX_RESULT_ROWS" in r.json()["hint"] and "slider" in r.json()["hint"]
        # the case a-0 takes the Rare detour: 4 events
        r = w.client.get(f"{url}/cases/a-0", headers=h)
        assert r.status_code == 422 and "4 events in this case" in r.json()["message"]
        assert len(w.client.post(f"{url}/cases", json={"limit": 50}, headers=h).json()["rows"]) == 3
    finally:
        gen.close()


def test_an_unreadable_body_is_a_documented_400_problem(world: World) -> None:
    c = world.client
    for body in (b"{not json", b"[1, 2]", b'"text"'):
        r = c.post("/api/auth/login", content=body, headers={"content-type": "application/json"})
        assert r.status_code == 400, (body, r.text)
        assert r.headers["content-type"].startswith("application/problem+json")
        assert r.json()["type"] == "bad-request"
    assert "not valid JSON" in c.post("/api/auth/login", content=b"{x", headers={
        "content-type": "application/json"}).json()["message"]
    schema = c.get("/openapi.json").json()
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            if "requestBody" in op:
                assert "400" in op["responses"], (method, path)
                assert op["responses"]["400"]["content"]["application/problem+json"]


def test_options_answers_with_allow_and_a_wrong_method_with_405(world: World) -> None:
    c = world.client
    r = c.options(f"/api/workspaces/{world.workspace['a']}/filters")
    assert r.status_code == 204 and set(r.headers["allow"].split(", ")) == {"GET", "HEAD", "POST", "OPTIONS"}
    r = c.delete("/api/workspaces", headers=world.headers("a", "administrator"))
    assert r.status_code == 405 and "POST" in r.headers["allow"] and r.json()["type"] == "method-not-allowed"
    assert c.options("/api/no/such/path").status_code == 404


def test_security_headers_on_every_response(world: World) -> None:
    from fastapi.testclient import TestClient

    c = world.client
    for r in (c.get("/api/health"), c.get("/api/workspaces"), c.get("/api/nothing/here"), c.get("/"),
              c.get("/openapi.json")):
        h = r.headers
        assert "frame-ancestors 'none'" in h["content-security-policy"] and "script-src 'self'" in h[
            "content-security-policy"], r.url
        assert h["x-frame-options"] == "DENY" and h["x-content-type-options"] == "nosniff"
        assert h["referrer-policy"] == "no-referrer"
        assert h["strict-transport-security"].startswith("max-age=")  # the test client speaks https
    plain = TestClient(c.app, base_url="http://testserver")
    assert "strict-transport-security" not in plain.get("/api/health").headers
    assert "cdn.jsdelivr.net" in c.get("/docs").headers["content-security-policy"]  # Swagger UI keeps working


def test_error_messages_never_show_server_paths(world: World) -> None:
    c = world.client
    h = world.headers("a", "analyst")
    base = f"/api/workspaces/{world.workspace['a']}/imports"
    data_dir = str(c.app.state.server.settings.data_dir)  # type: ignore[attr-defined]
    r = c.post(f"{base}/preview", files={"file": ("sager.parquet", b"PAR1 not parquet")}, headers=h)
    assert r.status_code == 422 and "sager.parquet" in r.json()["message"]
    job = c.post(base, files={"file": ("sager.xes", b"<log><trace>")}, data={"log": "x"}, headers=h)
    assert job.status_code == 202
    c.app.state.server.runner.wait(job.json()["id"])  # type: ignore[attr-defined]
    failed = c.get(f"/api/jobs/{job.json()['id']}", headers=h).json()
    assert failed["state"] == "failed" and "sager.xes" in failed["error"]
    for text in (r.text, str(failed)):
        assert data_dir not in text and "/uploads/" not in text and "/tmp" not in text
        assert not re.search(r"[0-9a-f]{32}-sager", text), text
