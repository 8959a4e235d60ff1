"""REST: the action-plan register (metadata database, audited, analysts write), effect estimates and drift."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.api.conftest import World, build_world
from tests.api.demo_log import TEST_KEY

WAIT = {"kind": "waiting", "from_activities": ["Ansøgning modtaget"], "to_activities": ["Visitationssamtale"]}
PLAN = {"name": "Visitation team halved", "start": "2023-10-01", "log": "kh", "unit_by": "kommune",
        "units": ["Egholm"], "indicator": WAIT, "period": "month", "expected_direction": "up",
        "follow_up": ["2024-04-01"]}


@pytest.fixture(scope="module")
def effect_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """The demo's kontanthjælp cases of Egholm (the injected bottleneck) and Søby in tenant a's workspace."""
    from sagsflow.demo import generate, write_extract
    from sagsflow.ingest.mapping import Mapping
    from sagsflow.ingest.pipeline import import_log
    from sagsflow.store.workspace import Workspace

    tmp = tmp_path_factory.mktemp("effect")
    data = generate(seed=42, scale=1.0, processes=["kontanthjaelp"], municipalities=["Egholm", "Søby"])
    files = write_extract(data, tmp / "x", split_by=())
    with Workspace.open(tmp / "ws_a") as ws:
        import_log(files[0], workspace=ws, log="kh", mapping=Mapping.from_yaml(data.mapping_yaml), key=TEST_KEY)
    yield from build_world(tmp)


def test_register_estimate_and_drift(effect_world: World) -> None:
    w, c = effect_world, effect_world.client
    base = f"/api/workspaces/{w.workspace['a']}"
    analyst, viewer = w.headers("a", "analyst"), w.headers("a", "viewer")
    assert c.post(f"{base}/interventions", json=PLAN, headers=viewer).status_code == 403
    bad = c.post(f"{base}/interventions", json=PLAN | {"expected_direction": "sideways"}, headers=analyst)
    assert bad.status_code == 422
    assert c.post(f"{base}/interventions", json=PLAN | {"log": "nope"}, headers=analyst).status_code == 404
    r = c.post(f"{base}/interventions", json=PLAN, headers=analyst)
    assert r.status_code == 201, r.text
    iid = r.json()["id"]
    listed = c.get(f"{base}/interventions", headers=viewer).json()
    assert [(i["id"], i["start"], i["units"]) for i in listed] == [(iid, "2023-10-01", ["Egholm"])]
    # another municipality neither sees nor estimates it
    other = f"/api/workspaces/{w.workspace['b']}"
    assert c.get(f"{other}/interventions", headers=w.headers("b", "analyst")).json() == []
    assert c.post(f"{base}/interventions/{iid}/estimate", json={}, headers=w.headers("b", "analyst")).status_code \
        in (403, 404)

    est = c.post(f"{base}/interventions/{iid}/estimate", json={"method": "did"}, headers=analyst)
    assert est.status_code == 200, est.text
    e = est.json()
    assert e["ci_low"] <= 3.0 <= e["ci_high"] and e["controls"] == ["Søby"]
    assert {"2024-01-01"} <= {lc["day"] for lc in e["law_changes"]} and len(e["fit"]) > 40
    da = c.post(f"{base}/interventions/{iid}/estimate", json={}, headers=analyst | {"Accept-Language": "da"}).json()
    assert da["summary"].startswith("Fra ") and any("Uden indsatsen" in a for a in da["assumptions"])
    assert c.post(f"{base}/interventions/{iid}/estimate", json={}, headers=viewer).status_code == 403

    d = c.post(f"{base}/logs/kh/drift", json={"by": "kommune", "unit": "Egholm"}, headers=analyst)
    assert d.status_code == 200, d.text
    body = d.json()
    days = [r["day"] for r in body["changes"]["rows"]]
    assert any("2023-09-18" <= day <= "2023-10-15" for day in days), days
    kinds = {(r["day"], r["kind"]) for r in body["timeline"]["rows"]}
    assert ("2023-10-01", "intervention") in kinds and ("2024-01-01", "law") in kinds

    assert c.delete(f"{base}/interventions/{iid}", headers=analyst).status_code == 204
    assert c.get(f"{base}/interventions", headers=analyst).json() == []
    actions = w.audit_actions()
    for a in ("intervention.create", "effect.estimate", "drift.process", "intervention.delete"):
        assert a in actions


def test_openapi_names_the_routes(effect_world: World) -> None:
    paths = effect_world.client.get("/openapi.json").json()["paths"]
    assert "/api/workspaces/{workspace_id}/interventions/{intervention_id}/estimate" in paths
    assert "/api/workspaces/{workspace_id}/logs/{log}/drift" in paths




def test_profiles_import_and_benchmark(effect_world: World, tmp_path_factory: pytest.TempPathFactory) -> None:
    from sagsflow.filters import case_attribute
    from sagsflow.share import export_profile, generate_key
    from sagsflow.store.workspace import Workspace

    w, c = effect_world, effect_world.client
    base = f"/api/workspaces/{w.workspace['a']}"
    key = generate_key()
    # a profile of Søby's cases, as Søby would make it (from a copy: the server holds tenant a's workspace open)
    import shutil

    copy = tmp_path_factory.mktemp("copy") / "ws"
    shutil.copytree(_workspace_folder(w), copy)
    with Workspace.open(copy, read_only=True) as ws:
        prof = export_profile(ws.log("kh").filter(case_attribute("kommune", ["Søby"])), name="Søby", key=key,
                              series=[{"indicator": WAIT, "period": "month"}])
    analyst, viewer = w.headers("a", "analyst"), w.headers("a", "viewer")
    assert c.post(f"{base}/profiles", json=prof, headers=viewer).status_code == 403
    bad = dict(prof, name="Søby (changed)")
    assert c.post(f"{base}/profiles", json=bad, headers=analyst).status_code == 422
    assert c.post(f"{base}/profiles", json=prof, headers=analyst).status_code == 201
    assert [p["name"] for p in c.get(f"{base}/profiles", headers=viewer).json()] == ["Søby"]
    b = c.post(f"{base}/logs/kh/benchmark", json={}, headers=viewer)
    assert b.status_code == 200, b.text
    body = b.json()
    assert body["names"] == ["kh", "Søby"] and body["throughput"] and body["transitions"]
    assert "profile.import" in w.audit_actions()
    # the profile carries the plan's series: a difference-in-differences against it
    iid = c.post(f"{base}/interventions", json=PLAN, headers=analyst).json()["id"]
    try:
        est = c.post(f"{base}/interventions/{iid}/estimate", json={"method": "did", "controls": "profiles"},
                     headers=analyst)
        assert est.status_code == 200, est.text
        e = est.json()
        assert e["controls"] == ["Søby"] and e["ci_low"] <= 3.0 <= e["ci_high"]
        assert e["control_cells"]["Søby"]["shown"] >= 40
        bad_names = c.post(f"{base}/interventions/{iid}/estimate",
                           json={"method": "did", "controls": "profiles", "control_names": ["Atlantis"]},
                           headers=analyst)
        assert bad_names.status_code == 422 and "Atlantis" in bad_names.text
    finally:
        c.delete(f"{base}/interventions/{iid}", headers=analyst)


def _workspace_folder(w: World) -> Path:
    from sqlalchemy import select

    from sagsflow.meta.models import WorkspaceRecord

    with w.db.session() as s:
        return Path(s.scalars(select(WorkspaceRecord.path).where(WorkspaceRecord.id == w.workspace["a"])).one())
