"""Saved filters: saved, changed and deleted by their owner, shared inside the municipality, case ids never shown
to viewers, invalid specs refused, other tenants' filters unreachable."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import World

SPEC: dict[str, Any] = {"steps": [{"type": "case_length", "min": 3}]}
BY_CASE: dict[str, Any] = {"steps": [{"type": "case_id", "ids": ["a-1"]}]}


def _url(world: World, tenant: str, sub: str = "") -> str:
    return f"/api/workspaces/{world.workspace[tenant]}/filters{sub}"


def test_save_change_share_and_delete(world: World) -> None:
    a, v = world.headers("a", "analyst"), world.headers("a", "viewer")
    r = world.client.post(_url(world, "a"), json={"name": "lange", "spec": SPEC}, headers=a)
    assert r.status_code == 201, r.text
    fid = r.json()["id"]
    assert [f["name"] for f in world.client.get(_url(world, "a"), headers=v).json()] == []   # not shared yet
    r = world.client.put(_url(world, "a", f"/{fid}"), json={"name": "lange sager", "spec": SPEC, "shared": True},
                         headers=a)
    assert r.status_code == 200 and r.json()["name"] == "lange sager"
    assert [f["name"] for f in world.client.get(_url(world, "a"), headers=v).json()] == ["lange sager"]
    # only the owner may change or delete it
    assert world.client.put(_url(world, "a", f"/{fid}"), json={"name": "x", "spec": SPEC}, headers=v).status_code == 404
    assert world.client.delete(_url(world, "a", f"/{fid}"), headers=v).status_code == 404
    assert world.client.delete(_url(world, "a", f"/{fid}"), headers=a).status_code == 204
    assert world.client.get(_url(world, "a"), headers=a).json() == []
    assert [x for x in world.audit_actions() if x.startswith("filter.")] == \
        ["filter.create", "filter.update", "filter.delete"]


def test_shared_filters_naming_cases_are_not_shown_to_viewers(world: World) -> None:
    a, v = world.headers("a", "analyst"), world.headers("a", "viewer")
    assert world.client.post(_url(world, "a"), json={"name": "én sag", "spec": BY_CASE, "shared": True},
                             headers=a).status_code == 201
    assert [f["name"] for f in world.client.get(_url(world, "a"), headers=a).json()] == ["én sag"]
    viewer_sees = world.client.get(_url(world, "a"), headers=v)
    assert viewer_sees.status_code == 200 and "a-1" not in viewer_sees.text


def test_shared_filters_outside_the_viewers_vocabulary_are_not_shown_to_viewers(world: World) -> None:
    """A colleague's shared filter on an employee's pseudonym, nested in any_of, is not shown to a viewer; one in
    the viewer's vocabulary is."""
    a, v = world.headers("a", "analyst"), world.headers("a", "viewer")
    by_employee = {"steps": [{"type": "any_of", "steps": [
        {"type": "case_length", "min": 2},
        {"type": "event_attribute", "attribute": "resource", "equals": "medarbejder-7f3a"}]}]}
    usable = {"steps": [{"type": "any_of", "steps": [{"type": "case_length", "min": 2},
                                                     {"type": "case_duration", "max": "7d"}]}]}
    for name, spec in (("hos én medarbejder", by_employee), ("korte", usable)):
        r = world.client.post(_url(world, "a"), json={"name": name, "spec": spec, "shared": True}, headers=a)
        assert r.status_code == 201, r.text
    viewer_sees = world.client.get(_url(world, "a"), headers=v)
    assert "korte" in [f["name"] for f in viewer_sees.json()]
    assert "medarbejder-7f3a" not in viewer_sees.text and "hos én medarbejder" not in viewer_sees.text


def test_invalid_spec_is_a_clear_422(world: World) -> None:
    r = world.client.post(_url(world, "a"), json={"name": "x", "spec": {"steps": [{"type": "no_such_filter"}]}},
                          headers=world.headers("a", "analyst"))
    assert r.status_code == 422
    assert "no_such_filter" in r.text


def test_other_municipalities_filters_are_404(world: World) -> None:
    r = world.client.post(_url(world, "b"), json={"name": "b's", "spec": SPEC, "shared": True},
                          headers=world.headers("b", "analyst"))
    fid = r.json()["id"]
    a = world.headers("a", "analyst")
    assert world.client.get(_url(world, "b"), headers=a).status_code == 404
    put = world.client.put(_url(world, "a", f"/{fid}"), json={"name": "x", "spec": SPEC}, headers=a)
    assert put.status_code == 404
    assert world.client.delete(_url(world, "a", f"/{fid}"), headers=a).status_code == 404
