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


def test_log_summary_names_roles(world: World) -> None:
    r = world.client.get(f"/api/workspaces/{world.workspace['a']}/logs/cases", headers=world.headers("a", "viewer"))
    body = r.json()
    assert {"case_id", "activity", "timestamp", "resource"} <= set(body["roles"])
    assert body["attributes"] == []   # the test log has no columns beyond the roles


def test_log_summary_lists_attributes_with_their_data_class(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import sagsflow
    from sagsflow.api.routes.logs import _summary

    csv = tmp_path / "x.csv"
    csv.write_text("case,activity,time,unit,age_band\nc1,A,2024-01-01 10:00,Team 1,30-39\n", encoding="utf-8")
    mapping = {"case_id": {"column": "case", "data_class": "process"}, "activity": "activity", "timestamp": "time",
               "columns": {"unit": {"level": "event"},
                           "age_band": {"level": "case", "data_class": "personal_attribute"}}}
    with sagsflow.Workspace.open(tmp_path / "ws") as ws:
        sagsflow.read_csv(csv, workspace=ws, log="x", mapping=mapping)
        out = _summary(ws, ws.logs()[0])
    got = {a.name: (a.level, a.data_class) for a in out.attributes}
    assert got == {"unit": ("event", "process"), "age_band": ("case", "personal_attribute")}


def test_web_app_deep_links_get_the_app_with_200_and_api_misses_stay_404(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from sagsflow.api.main import create_app
    from sagsflow.api.settings import Settings

    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><title>app</title>", encoding="utf-8")
    (dist / "404.html").write_text("<!doctype html><title>app</title>", encoding="utf-8")
    (dist / "assets" / "a.js").write_text("x=1", encoding="utf-8")
    settings = Settings(data_dir=tmp_path / "data", web_dist=dist)
    with TestClient(create_app(settings=settings)) as client:
        assert client.get("/assets/a.js").text == "x=1"
        deep = client.get("/w/1/l/dagpenge/map")
        assert deep.status_code == 200 and "<title>app</title>" in deep.text
        api = client.get("/api/no/such/route")
        assert api.status_code == 404 and api.headers["content-type"].startswith("application/problem+json")
