"""The first server: health, logs, problem details, the placeholder page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import sagsflow
from sagsflow.api.main import create_app


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    src = tmp_path / "s.csv"
    src.write_text("case,activity,time\n1,A,2024-01-01 10:00\n1,B,2024-01-02 10:00\n", encoding="utf-8")
    with sagsflow.Workspace.open(tmp_path / "ws") as ws:
        sagsflow.read_csv(src, workspace=ws, log="demo")
    with TestClient(create_app(tmp_path / "ws")) as c:
        yield c


def test_health(client: TestClient) -> None:
    assert client.get("/api/health").json()["status"] == "ok"


def test_logs(client: TestClient) -> None:
    logs = client.get("/api/logs").json()
    assert [(d["name"], d["n_events"], d["n_cases"]) for d in logs] == [("demo", 2, 1)]


def test_unknown_log_is_a_problem_404(client: TestClient) -> None:
    r = client.get("/api/logs/nope/quality")
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["type"] == "not-found" and "demo" in r.json()["hint"]


def test_placeholder_page_lists_logs_in_danish(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200 and 'lang="da"' in r.text and ">demo<" in r.text


def test_openapi_schema(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert "/api/logs" in paths and "/api/health" in paths
