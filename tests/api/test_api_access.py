"""The access-control matrix: every data route x role x tenant, guessed ids included. No response leaks another
municipality's data, roles get only what they may, and every case-level read leaves an audit entry."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.api.conftest import ROLES, TENANTS, World

READERS = {"analyst", "viewer"}
_RULES = "rules:\n  - id: A1\n    type: existence\n    activity: Register\n"
ANALYST = {"analyst"}
EVERYONE = set(ROLES)

#: (method, path under /api/workspaces/{ws}, json body, roles allowed, audit action of an analyst's case-level read)
ROUTES: list[tuple[str, str, dict[str, Any] | None, set[str], str | None]] = [
    ("GET", "", None, EVERYONE, None),
    ("GET", "/logs", None, READERS, None),
    ("GET", "/logs/cases", None, READERS, None),
    ("GET", "/logs/cases/quality", None, READERS, "case.quality_examples"),
    ("GET", "/logs/cases/plausible-window", None, READERS, None),
    ("POST", "/logs/cases/map", {"activities": 1, "paths": 1}, READERS, None),
    ("POST", "/logs/cases/statistics/activities", {}, READERS, None),
    ("POST", "/logs/cases/statistics/resources", {}, ANALYST, None),
    ("POST", "/logs/cases/statistics/overview", {"calendar": "working"}, READERS, None),
    ("POST", "/logs/cases/variants", {}, READERS, None),
    ("GET", "/logs/cases/disclosure", None, READERS, None),
    ("POST", "/logs/cases/attributes", {}, READERS, None),
    ("POST", "/logs/cases/attributes/values", {"attribute": "activity"}, READERS, None),
    ("POST", "/logs/cases/attributes/histogram", {"measure": "case_length"}, READERS, None),
    ("POST", "/logs/cases/discover", {"format": "bpmn"}, READERS, None),
    ("POST", "/logs/cases/discover", {"format": "pnml", "noise_threshold": 0.2}, READERS, None),
    ("POST", "/logs/cases/discover/scores", {"noise_threshold": 0.2}, READERS, None),
    ("POST", "/compare", {"log_a": "cases", "log_b": "cases"}, READERS, None),
    ("POST", "/logs/cases/cases", {"limit": 50}, ANALYST, "case.list"),
    ("GET", "/logs/cases/cases/{case}", None, ANALYST, "case.read"),
    ("POST", "/logs/cases/animation", {"max_cases": 5}, ANALYST, "case.animation"),
    ("POST", "/logs/cases/dotted-chart", {}, ANALYST, "case.dotted_chart"),
    ("GET", "/filters", None, READERS, None),
    ("GET", "/imports/sql/connections", None, ANALYST, None),
    ("GET", "/rulesets", None, READERS, None),
    ("POST", "/rulesets/validate", {"yaml": _RULES}, ANALYST, None),
    ("GET", "/compliance", None, READERS, None),
    ("GET", "/conformance", None, READERS, None),
    ("GET", "/prediction-models", None, READERS, None),
    ("GET", "/interventions", None, READERS, None),
    ("GET", "/profiles", None, READERS, None),
]

#: routes of a workspace not in the matrix above (they start jobs, change data or need a stored result first),
#: and the test file that checks their roles, tenants and audit entries
COVERED_ELSEWHERE: dict[str, str] = {
    "POST /logs/{log}/compare/split": "test_api_attributes.py",
    "DELETE /logs/{log}": "test_api_logs.py",
    "PUT /logs/{log}/plausible-window": "test_api_plausible.py",
    "DELETE /logs/{log}/plausible-window": "test_api_plausible.py",
    "POST /imports": "test_api_imports.py",
    "POST /imports/preview": "test_api_imports.py",
    "POST /imports/check": "test_api_imports.py",
    "POST /imports/sql": "test_api_sql_imports.py",
    "POST /imports/sql/preview": "test_api_sql_imports.py",
    "POST /filters": "test_api_filters.py",
    "PUT /filters/{filter_id}": "test_api_filters.py",
    "DELETE /filters/{filter_id}": "test_api_filters.py",
    "POST /rulesets": "test_api_compliance.py",
    "GET /rulesets/{name}": "test_api_compliance.py",
    "DELETE /rulesets/{name}": "test_api_compliance.py",
    "POST /logs/{log}/compliance": "test_api_compliance.py",
    "GET /compliance/{name}/summary": "test_api_compliance.py",
    "GET /compliance/{name}/rates": "test_api_compliance.py",
    "GET /compliance/{name}/quotas": "test_api_compliance.py",
    "GET /compliance/{name}/approaching": "test_api_compliance.py",
    "GET /compliance/{name}/cases": "test_api_compliance.py",
    "GET /compliance/{name}/export": "test_api_compliance.py",
    "POST /logs/{log}/conformance": "test_api_conformance.py",
    "GET /conformance/{job_id}": "test_api_conformance.py",
    "POST /logs/{log}/prediction-models": "test_api_predictions.py",
    "GET /prediction-models/{name}/versions/{version}/card": "test_api_predictions.py",
    "POST /logs/{log}/predictions": "test_api_predictions.py",
    "POST /logs/{log}/predictions/export": "test_api_legal.py",
    "GET /retention": "test_api_legal.py",
    "PUT /logs/{log}/retention": "test_api_legal.py",
    "POST /retention/apply": "test_api_legal.py",
    "POST /interventions": "test_api_effect.py",
    "DELETE /interventions/{intervention_id}": "test_api_effect.py",
    "POST /interventions/{intervention_id}/estimate": "test_api_effect.py",
    "POST /logs/{log}/drift": "test_api_effect.py",
    "POST /profiles": "test_api_effect.py",
    "POST /logs/{log}/benchmark": "test_api_effect.py",
}


def test_every_workspace_route_is_in_the_matrix_or_covered_by_a_named_test(shared_world: World) -> None:
    """A new route cannot slip past the access-control checks unnoticed."""
    from pathlib import Path

    prefix = "/api/workspaces/{workspace_id}"
    matrix = {f"{m} {p}" for m, p, *_ in ROUTES}
    schema = shared_world.client.get("/openapi.json").json()
    missing = []
    for path, ops in schema["paths"].items():
        if not path.startswith(prefix):
            continue
        sub = path[len(prefix):]
        for method in ops:
            key = f"{method.upper()} {sub}"
            concrete = key.replace("{log}", "cases").replace("{case_id}", "{case}")
            if concrete in matrix:
                continue
            where = COVERED_ELSEWHERE.get(key)
            if where is None:
                missing.append(key)
                continue
            text = (Path(__file__).parent / where).read_text(encoding="utf-8")
            tail = sub.split("}")[-1] or sub
            assert tail.strip("/").split("/")[0] in text, f"{where} does not exercise {key}"
    assert not missing, f"add these routes to ROUTES or COVERED_ELSEWHERE: {missing}"


def _call(world: World, method: str, path: str, body: dict[str, Any] | None, headers: dict[str, str]) -> Any:
    return world.client.request(method, path, json=body, headers=headers)


def _case_actions(world: World) -> int:
    return sum(a.startswith("case.") for a in world.audit_actions())


@pytest.mark.parametrize("route", ROUTES, ids=[f"{m} {p or '/'}" for m, p, *_ in ROUTES])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("tenant", TENANTS)
def test_matrix(shared_world: World, route: tuple[str, str, Any, set[str], str | None], role: str,
                tenant: str) -> None:
    w = shared_world
    method, sub, body, allowed, audited = route
    other = "b" if tenant == "a" else "a"
    h = w.headers(tenant, role)

    # own workspace: allowed roles succeed (case-level reads audited), others get 403
    own = f"/api/workspaces/{w.workspace[tenant]}{sub}".replace("{case}", f"{tenant}-1")
    before = _case_actions(w)
    r = _call(w, method, own, body, h)
    if role in allowed:
        assert r.status_code == 200, r.text
        assert f'"{other}-' not in r.text  # nothing of the other municipality
        if not audited or role != "analyst":
            assert _case_actions(w) == before
        if audited and role == "analyst":
            assert _case_actions(w) == before + 1
            assert w.audit_actions()[-1] == audited
    else:
        assert r.status_code == 403, r.text
        assert r.json()["type"] == "forbidden"
        assert _case_actions(w) == before

    # the other municipality's workspace, and ids that do not exist: the same 404 (or the role's 403)
    answers = []
    for ws_id in (w.workspace[other], 999, 2**31 - 1):
        path = f"/api/workspaces/{ws_id}{sub}".replace("{case}", f"{other}-1")
        r = _call(w, method, path, body, h)
        assert r.status_code == (404 if role in allowed else 403), r.text
        assert f'"{other}-' not in r.text
        answers.append(json.dumps(r.json(), sort_keys=True))
    assert len(set(answers)) == 1, answers  # cannot tell "exists elsewhere" from "does not exist"
    assert _case_actions(w) == before + (1 if audited and role == "analyst" else 0)


def test_global_admin_manages_but_reads_no_case_data(shared_world: World) -> None:
    w = shared_world
    h = {"Authorization": f"Bearer {w.root_token}"}
    assert len(w.client.get("/api/workspaces", headers=h).json()) == 2
    assert len(w.client.get("/api/municipalities", headers=h).json()) == 2
    r = w.client.post(f"/api/workspaces/{w.workspace['a']}/logs/cases/cases", json={}, headers=h)
    assert r.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_lists_show_only_own_municipality(shared_world: World, role: str) -> None:
    w = shared_world
    h = w.headers("a", role)
    assert [x["id"] for x in w.client.get("/api/workspaces", headers=h).json()] == [w.workspace["a"]]
    assert [x["id"] for x in w.client.get("/api/municipalities", headers=h).json()] == [w.municipality["a"]]
    users = w.client.get("/api/users", headers=h)
    if role == "administrator":
        assert {u["municipality_id"] for u in users.json()} == {w.municipality["a"]}
    else:
        assert users.status_code == 403


def test_admin_cannot_touch_users_of_another_municipality(shared_world: World) -> None:
    w = shared_world
    victim = w.user_id[("b", "analyst")]
    r = w.client.patch(f"/api/users/{victim}", json={"role": "viewer"}, headers=w.headers("a", "administrator"))
    assert r.status_code == 404
    missing = w.client.patch("/api/users/99999", json={"role": "viewer"}, headers=w.headers("a", "administrator"))
    assert r.json() == missing.json()


def test_jobs_of_another_municipality_are_404(world: World, tmp_path: Any) -> None:
    from tests.api.conftest import write_log_csv

    csv = write_log_csv(tmp_path / "x.csv", n_cases=3)
    with csv.open("rb") as f:
        r = world.client.post(f"/api/workspaces/{world.workspace['b']}/imports", headers=world.headers("b", "analyst"),
                              files={"file": ("x.csv", f, "text/csv")}, data={"log": "x"})
    assert r.status_code == 202, r.text
    job = r.json()["id"]
    for role in ROLES:
        h = world.headers("a", role)
        assert world.client.get(f"/api/jobs/{job}", headers=h).status_code == 404
        assert world.client.post(f"/api/jobs/{job}/cancel", headers=h).status_code == 404
        assert job not in world.client.get("/api/jobs", headers=h).text
    assert world.client.get(f"/api/jobs/{job}", headers=world.headers("b", "analyst")).status_code == 200
