"""Health, logs of a workspace, problem details, the placeholder page, the OpenAPI contract."""

from __future__ import annotations

from tests.api.conftest import World


def test_health_needs_no_login(world: World) -> None:
    assert world.client.get("/api/health").json()["status"] == "ok"


def test_logs(world: World) -> None:
    r = world.client.get(f"/api/workspaces/{world.workspace['a']}/logs", headers=world.headers("a", "viewer"))
    assert [(d["name"], d["n_events"], d["n_cases"]) for d in r.json()] == [("cases", 39, 12)]


def test_unknown_log_is_a_problem_404_without_server_paths(world: World) -> None:
    r = world.client.get(f"/api/workspaces/{world.workspace['a']}/logs/nope/quality",
                         headers=world.headers("a", "viewer"))
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["type"] == "not-found" and r.json()["message"] == "no log with that id."
    assert "/tmp" not in r.text


def test_quality_report_hides_examples_from_viewers(world: World) -> None:
    url = f"/api/workspaces/{world.workspace['a']}/logs/cases/quality"
    viewer = world.client.get(url, headers=world.headers("a", "viewer")).json()
    assert viewer["overview"]["n_cases"] == 12
    assert all(f["examples"] == [] for f in viewer["findings"])


def test_delete_log_is_audited(world: World) -> None:
    url = f"/api/workspaces/{world.workspace['a']}/logs/cases"
    assert world.client.delete(url, headers=world.headers("a", "viewer")).status_code == 403
    assert world.client.delete(url, headers=world.headers("a", "analyst")).status_code == 204
    assert world.client.get(url, headers=world.headers("a", "analyst")).status_code == 404
    assert world.audit_actions()[-1] == "log.delete"


def test_placeholder_page_in_danish(world: World) -> None:
    r = world.client.get("/")
    assert r.status_code == 200 and 'lang="da"' in r.text


def test_openapi_operation_ids_are_tag_name(world: World) -> None:
    schema = world.client.get("/openapi.json").json()
    ops = [(op["tags"][0], op["operationId"]) for p in schema["paths"].values() for op in p.values()]
    assert len(ops) >= 30
    assert all(op_id.startswith(tag.rstrip("s")) for tag, op_id in ops), ops
    assert "Problem" in schema["components"]["schemas"]
