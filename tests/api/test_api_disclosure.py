"""Differencing attackers over the REST API (issue 12): a viewer with API access sends many requests, combines
filters and subtracts answers to rebuild one citizen's case or a group of fewer than k cases. Each attack must
fail; an analyst doing the same gets the case, and the audit log records it as a case-level read.

The log (tests/disclosure/attack.py) has a victim who is the only case with their personal attributes, the only
one started on 5 March 2024 and the only one with a complaint.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sagsflow
from tests.api.conftest import World, build_world
from tests.disclosure.attack import VICTIM, VICTIM_ACTIVITIES, read_attack_log, selected, viewer_filters

K = 5
LOG = "attack"
ATTRS = {"kommune": ("Aarhus", "Odense"), "maalgruppe": ("A", "B", "C"), "team": ("T1", "T2", "T3", "T9")}


@pytest.fixture(scope="module")
def aw(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    tmp = tmp_path_factory.mktemp("attackworld")
    for w in build_world(tmp):
        with sagsflow.Workspace.open(tmp / "ws_a") as ws:  # before any request opens the workspace
            read_attack_log(tmp / "attack.csv", workspace=ws, log=LOG)
        yield w


def _url(w: World, what: str) -> str:
    return f"/api/workspaces/{w.workspace['a']}/logs/{LOG}/{what}"


def ask(w: World, what: str, spec: Any, role: str = "viewer", **extra: Any) -> dict[str, Any] | None:
    """One answer, or None when it is refused by the disclosure rule (any other failure fails the test)."""
    r = w.client.post(_url(w, what), json={"filter": spec, **extra}, headers=w.headers("a", role))
    if r.status_code == 403:
        assert r.json()["type"] in ("disclosure-refused", "forbidden"), r.text
        return None
    assert r.status_code == 200, r.text
    result: dict[str, Any] = r.json()
    return result


def answers(w: World, spec: Any, role: str = "viewer") -> dict[str, Any] | None:
    """What a viewer learns about a filter: the map, the overview, the variants and the activity statistics."""
    out = {what: ask(w, what, spec, role) for what in ("map", "statistics/overview", "variants",
                                                       "statistics/activities")}
    if any(v is None for v in out.values()):
        assert all(v is None for v in out.values()), "every answer about one filter is refused alike"
        return None
    return out


def subtract(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """What the attacker computes from two answers: cases, events, the activities and the total duration of
    the cases in the first but not the second."""
    ka, kb = a["statistics/overview"]["kpis"], b["statistics/overview"]["kpis"]

    def freq(ans: dict[str, Any]) -> dict[str, int]:
        return {n["label"]: n["frequency"] for n in ans["map"]["nodes"] if n["kind"] in ("node", "other")}

    fa, fb = freq(a), freq(b)
    acts = {label: fa.get(label, 0) - fb.get(label, 0) for label in set(fa) | set(fb)}
    total = (ka["mean_duration_s"] or 0) * ka["cases"] - (kb["mean_duration_s"] or 0) * kb["cases"]
    return {"cases": ka["cases"] - kb["cases"], "events": ka["events"] - kb["events"],
            "activities": {x: n for x, n in acts.items() if n}, "duration_s": total}


def attack(w: World, larger: Any, smaller: Any, role: str = "viewer") -> dict[str, Any] | None:
    """The difference of the answers about two filters, or None when a request is refused."""
    a, b = answers(w, larger, role), answers(w, smaller, role)
    return None if a is None or b is None else subtract(a, b)


def recovers_the_victim(found: dict[str, Any] | None) -> bool:
    return found is not None and found["cases"] == 1 and found["activities"] == VICTIM_ACTIVITIES


def recovers_a_small_group(found: dict[str, Any] | None) -> bool:
    return found is not None and 0 < found["cases"] < K


# ----------------------------------------------------------------------------- the three attack classes
NESTED_CASE_ID = {"steps": [{"type": "all_of", "steps": [
    {"type": "case_length", "min": 1},
    {"type": "any_of", "action": "remove", "steps": [{"type": "case_id", "ids": [VICTIM]}]}]}]}
UNIQUE_COMBINATION = {"steps": [{"type": "all_of", "action": "remove", "steps": [
    {"type": "case_attribute", "attribute": "alder", "equals": "60+"},
    {"type": "case_attribute", "attribute": "koen", "equals": "X"},
    {"type": "case_attribute", "attribute": "maalgruppe", "equals": "C"}]}]}


def _before(day: str) -> dict[str, Any]:
    return {"steps": [{"type": "timeframe", "start": "2024-01-01", "end": day, "mode": "started"}]}


ATTACKS = {
    "nested case id with remove": (None, NESTED_CASE_ID),
    "removing a unique attribute combination": (None, UNIQUE_COMBINATION),
    "two time frames one case apart": (_before("2024-03-06"), _before("2024-03-05")),
}


@pytest.mark.parametrize("name", list(ATTACKS))
def test_a_viewer_cannot_rebuild_the_victims_case(aw: World, name: str) -> None:
    larger, smaller = ATTACKS[name]
    # the attack is real: with case access the same two requests give the victim's case
    assert recovers_the_victim(attack(aw, larger, smaller, role="analyst"))
    found = attack(aw, larger, smaller)
    assert not recovers_the_victim(found) and not recovers_a_small_group(found), found


def test_an_id_pattern_does_not_tell_whether_a_case_exists(aw: World) -> None:
    for pattern in ("^V-0001$", "^V-9999$"):
        spec = {"steps": [{"type": "any_of", "steps": [
            {"type": "case_id", "pattern": pattern},
            {"type": "case_attribute", "attribute": "kommune", "equals": "Aarhus"}]}]}
        r = aw.client.post(_url(aw, "statistics/overview"), json={"filter": spec}, headers=aw.headers("a", "viewer"))
        assert r.status_code == 403 and "case id" in r.json()["message"]


def test_refused_filters_say_what_is_allowed(aw: World) -> None:
    r = aw.client.post(_url(aw, "map"), json={"filter": _before("2024-03-05")}, headers=aw.headers("a", "viewer"))
    assert r.status_code == 403 and r.json()["field"] == "filter.steps[0].end"
    assert "first day of a month" in r.json()["hint"]
    described = aw.client.get(_url(aw, "disclosure"), headers=aw.headers("a", "viewer")).json()
    assert described["min_group_size"] == K and described["published"] == ["kommune", "maalgruppe", "team"]
    assert described["smallest_group"] >= K and described["allowed"]["kommune"] == ["Aarhus", "Odense"]
    month = described["allowed"]["start"][0]
    ok = ask(aw, "map", [{"type": "timeframe", "start": month, "mode": "started"}])
    assert ok is not None and ok["n_cases"] >= K


def test_what_remains_useful(aw: World) -> None:
    """The vocabulary still answers the usual questions: per published attribute, per quarter."""
    odense = ask(aw, "statistics/overview", {"type": "case_attribute", "attribute": "kommune", "equals": "Odense"})
    assert odense is not None and odense["kpis"]["cases"] == 181
    q2 = ask(aw, "map", {"type": "timeframe", "start": "2024-04-01", "end": "2024-07-01", "mode": "started"})
    assert q2 is not None and q2["n_cases"] > 50


# ----------------------------------------------------------------------------- more shapes of the three attacks
def _remove(*steps: Any, kind: str = "all_of") -> dict[str, Any]:
    return {"steps": [{"type": kind, "action": "remove", "steps": list(steps)}]}


ID = {"type": "case_id", "ids": [VICTIM]}
ID_PATTERN = {"type": "case_id", "pattern": f"^{VICTIM}$"}
EVERY_CASE = {"type": "case_length", "min": 1}
ODENSE = {"type": "case_attribute", "attribute": "kommune", "equals": "Odense"}
AARHUS = {"type": "case_attribute", "attribute": "kommune", "equals": "Aarhus"}  # the victim lives in Odense
MORE_ATTACKS: dict[str, tuple[Any, Any]] = {
    # class 1: the victim's id (or a pattern matching only it) removed, at any depth and under either combination
    "case id removed at the top": (None, {"steps": [{**ID, "action": "remove"}]}),
    "case id pattern removed at the top": (None, {"steps": [{**ID_PATTERN, "action": "remove"}]}),
    "all_of removed: the id and a published value": (None, _remove(ID, ODENSE)),
    "any_of removed: the id alone": (None, _remove(ID, kind="any_of")),
    "three levels deep: any_of > all_of > any_of removed > pattern": (None, {"steps": [{"type": "any_of", "steps": [
        {"type": "all_of", "steps": [EVERY_CASE, {"type": "any_of", "action": "remove", "steps": [ID_PATTERN]}]}]}]}),
    "a retained any_of of the id and a published value, minus the value": (
        {"steps": [{"type": "any_of", "steps": [ID, AARHUS]}]}, {"steps": [AARHUS]}),
    # class 2: a combination of attributes only the victim has, removed and subtracted
    "removing a unique combination of published values": (None, _remove(
        ODENSE, {"type": "case_attribute", "attribute": "maalgruppe", "equals": "C"},
        {"type": "case_attribute", "attribute": "team", "equals": "T9"})),
    "keeping every other value of a published attribute": (None, {"steps": [
        {"type": "case_attribute", "attribute": "team", "in": ["T1", "T2", "T3"]}]}),
    "an attribute_combination step removed": (None, {"steps": [{"type": "attribute_combination", "action": "remove",
                                                                "first": {"attribute": "alder", "equals": "60+"},
                                                                "second": {"attribute": "koen", "equals": "X"}}]}),
    "the only event of a channel, removed": (None, {"steps": [{"type": "event_attribute", "attribute": "kanal",
                                                               "equals": "telefon", "action": "remove"}]}),
    # class 3: two time frames one case apart, however the moments are written
    "two time frames with UTC offsets": (
        {"steps": [{"type": "timeframe", "start": "2024-01-01T00:00:00+01:00", "end": "2024-03-06T00:00:00+01:00",
                    "mode": "started"}]},
        {"steps": [{"type": "timeframe", "start": "2024-01-01T00:00:00+01:00", "end": "2024-03-05T00:00:00+01:00",
                    "mode": "started"}]}),
    "a removed day inside a whole quarter": (
        {"steps": [{"type": "timeframe", "start": "2024-01-01", "end": "2024-04-01", "mode": "started"}]},
        {"steps": [{"type": "timeframe", "start": "2024-01-01", "end": "2024-04-01", "mode": "started"},
                   {"type": "timeframe", "start": "2024-03-05", "end": "2024-03-06", "mode": "started",
                    "action": "remove"}]}),
    "the hour the victim's case started": (
        {"steps": [{"type": "timeframe", "start": "2024-03-05T10:00:00", "end": "2024-03-05T11:00:00",
                    "mode": "started"}]}, None),
}


@pytest.mark.parametrize("name", list(MORE_ATTACKS))
def test_no_shape_of_the_three_attacks_rebuilds_the_victim(aw: World, name: str) -> None:
    larger, smaller = MORE_ATTACKS[name]
    if smaller is None:  # the attack selects the victim directly
        analyst = answers(aw, larger, "analyst")
        assert analyst is not None and analyst["statistics/overview"]["kpis"]["cases"] == 1
        assert answers(aw, larger) is None, "a filter selecting one case is refused"
        return
    assert recovers_the_victim(attack(aw, larger, smaller, role="analyst")), "the attack is real"
    found = attack(aw, larger, smaller)
    assert found is None and not recovers_a_small_group(found), found


VIEWER_ROUTES = ("map", "statistics/overview", "variants", "statistics/activities", "discover")


@pytest.mark.parametrize("nest", ["top", "any_of", "all_of removed", "deep"])
def test_a_pattern_on_case_ids_answers_alike_for_an_id_that_exists_and_one_that_does_not(aw: World,
                                                                                       nest: str) -> None:
    """Whatever the route and the nesting, the answer to a viewer's case-id pattern does not depend on whether a
    case matches it: the same refusal, word for word."""
    def spec(pattern: str) -> Any:
        step = {"type": "case_id", "pattern": pattern}
        return {"top": {"steps": [step]},
                "any_of": {"steps": [{"type": "any_of", "steps": [step, ODENSE]}]},
                "all_of removed": _remove(EVERY_CASE, step),
                "deep": {"steps": [{"type": "all_of", "steps": [ODENSE, {"type": "any_of", "steps": [
                    EVERY_CASE, {"type": "all_of", "action": "remove", "steps": [step]}]}]}]}}[nest]

    for what in VIEWER_ROUTES:
        got = [aw.client.post(_url(aw, what), json={"filter": spec(p)}, headers=aw.headers("a", "viewer"))
               for p in (f"^{VICTIM}$", "^V-9999$")]
        assert [r.status_code for r in got] == [403, 403], (what, [r.text for r in got])
        assert got[0].json() == got[1].json() and "case id" in got[0].json()["message"]
    base = f"/api/workspaces/{aw.workspace['a']}/compare"
    got = [aw.client.post(base, json={"log_a": LOG, "log_b": LOG, "filter_b": spec(p)},
                          headers=aw.headers("a", "viewer")) for p in (f"^{VICTIM}$", "^V-9999$")]
    assert [r.status_code for r in got] == [403, 403] and got[0].json() == got[1].json()


def test_a_viewers_map_has_no_perspective_that_names_people(aw: World) -> None:
    """The caseworker (an employee id) is no perspective for a viewer; the channel is, with the one call (the
    victim's) merged into ``(other, n<k)``."""
    v, h = aw.headers("a", "viewer"), aw.headers("a", "analyst")
    for perspective in ("sagsbehandler", "resource"):
        r = aw.client.post(_url(aw, "map"), json={"perspective": perspective}, headers=v)
        assert r.status_code == 403 and r.json()["type"] == "disclosure-refused", r.text
        assert r.json()["field"] == "perspective"
    assert aw.client.post(_url(aw, "map"), json={"perspective": "sagsbehandler"}, headers=h).status_code == 200
    analyst = aw.client.post(_url(aw, "map"), json={"perspective": "kanal"}, headers=h).json()
    viewer = aw.client.post(_url(aw, "map"), json={"perspective": "kanal"}, headers=v).json()
    assert "telefon" in {n["label"] for n in analyst["nodes"]}
    assert "telefon" not in {n["label"] for n in viewer["nodes"]}
    assert all(n["cases"] >= K for n in viewer["nodes"] if n["kind"] in ("node", "other"))


# ----------------------------------------------------------------------------- a property-based attacker
ANSWERED: list[bool] = []


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(specs=st.lists(viewer_filters(ATTRS, allowed_only=False, max_steps=2), min_size=2, max_size=3))
def test_combining_and_subtracting_allowed_filters_recovers_nothing(aw: World, specs: list[Any]) -> None:
    root = aw.client.app.state.server.workspace(aw.client.app.state.server.settings.data_dir.parent / "ws_a")  # type: ignore[attr-defined]
    view = root.reader()
    try:
        truth = view.log(LOG)
        seen = []
        for spec in specs:
            got = answers(aw, spec)
            ANSWERED.append(got is not None)
            if got is None:
                continue
            _nothing_small_inside(got)
            seen.append((selected(truth, spec), got))
        for a, got_a in seen:
            assert not 0 < len(a) < K
            for b, got_b in seen:
                for derived in (a - b, a & b):
                    assert not 0 < len(derived) < K, (specs, len(a), len(b))
                if b < a:  # nested: what the attacker subtracts
                    found = subtract(got_a, got_b)
                    assert found["cases"] == len(a - b) and not recovers_a_small_group(found)
    finally:
        view.close()


def test_the_property_attacker_got_answers(aw: World) -> None:
    """The attacker above is only worth something when many of its filters are answered."""
    assert len(ANSWERED) >= 40 and sum(ANSWERED) >= 10, (len(ANSWERED), sum(ANSWERED))


def _nothing_small_inside(got: dict[str, Any]) -> None:
    m = got["map"]
    assert all(e["cases"] >= K for e in m["edges"]) and all(n["cases"] >= K for n in m["nodes"] if n["kind"] == "node")
    assert all(e["max_repetitions"] is None and (e["duration"] is None or e["duration"]["max"] is None)
               for e in m["edges"])
    assert all(v["n_cases"] >= K for v in got["variants"]["rows"])
    assert all(a["n_cases"] >= K and a["max_per_case"] is None for a in got["statistics/activities"]["rows"])
    o = got["statistics/overview"]
    for n in [*(b["cases"] for b in o["duration_histogram"]), *(x["started"] for x in o["throughput"]),
              *(x["wip"] for x in o["wip"])]:
        assert n is None or n == 0 or n >= K


# ----------------------------------------------------------------------------- stored results
RULES = """rules:
  - id: R1
    type: response
    name: {da: Afgørelse, en: Decision}
    trigger: Register
    target: Decide
    within: 7 days
"""


def test_compliance_tables_subtracted_give_no_small_group(aw: World) -> None:
    h, v = aw.headers("a", "analyst"), aw.headers("a", "viewer")
    base = f"/api/workspaces/{aw.workspace['a']}"
    assert aw.client.post(f"{base}/rulesets", json={"name": "r", "yaml": RULES}, headers=h).status_code == 201
    job = aw.client.post(f"{base}/logs/{LOG}/compliance", json={"ruleset": "r", "name": "att"}, headers=h).json()
    aw.client.app.state.server.runner.wait(job["id"], timeout=120)  # type: ignore[attr-defined]
    for params in ({}, {"by": "kommune"}, {"by": "maalgruppe"}, {"by": "team"}, {"freq": "month"},
                   {"freq": "week", "by": "team"}):
        tail = "rates" if "freq" in params else "summary"
        full = aw.client.get(f"{base}/compliance/att/{tail}", params=params, headers=h).json()["rows"]
        seen = aw.client.get(f"{base}/compliance/att/{tail}", params=params, headers=v).json()["rows"]
        assert all(x["n_cases"] == 0 or x["n_cases"] >= K for x in seen), params
        shown = [x for x in seen if x["n_cases"]]
        left_out = sum(x["n_cases"] for x in full) - sum(x["n_cases"] for x in shown)
        assert not shown or left_out == 0 or left_out >= K, (params, left_out)
    r = aw.client.get(f"{base}/compliance/att/summary", params={"by": "alder"}, headers=v)
    assert r.status_code == 403 and "personal_attribute" in r.json()["message"]


def test_conformance_result_hides_rare_activities_variants_and_labels(aw: World) -> None:
    h = aw.headers("a", "analyst")
    base = f"/api/workspaces/{aw.workspace['a']}"
    from tests.api.test_api_conformance import BPMN

    r = aw.client.post(f"{base}/logs/{LOG}/conformance", files={"file": ("m.bpmn", BPMN.encode())},
                       data={"by": "kommune,alder"}, headers=h)
    assert r.status_code == 202, r.text
    aw.client.app.state.server.runner.wait(r.json()["id"], timeout=300)  # type: ignore[attr-defined]
    full = aw.client.get(f"{base}/conformance/{r.json()['id']}", headers=h).json()
    seen = aw.client.get(f"{base}/conformance/{r.json()['id']}", headers=aw.headers("a", "viewer")).json()
    assert "Klage" in {a["activity"] for a in full["activities"]["rows"]} and full["labels"]["log_only"]["Klage"] == 1
    assert "Klage" not in {a["activity"] for a in seen["activities"]["rows"]}
    assert "Klage" not in seen["labels"]["log_only"] and "Klage" not in seen["labels"]["suggestions"].values()
    assert all(a["n_cases"] == 0 or a["n_cases"] >= K for a in seen["activities"]["rows"])  # 0: model only
    assert set(seen["by"]) == {"kommune"}  # no table by a personal attribute
    shown = sum(x["n_cases"] for x in seen["variants"]["rows"])
    assert full["n_cases"] - shown == 0 or full["n_cases"] - shown >= K


# ----------------------------------------------------------------------------- analysts: audited narrow answers
def _small_group_entries(w: World, since: int) -> list[dict[str, Any]]:
    from sqlalchemy import select

    from sagsflow.meta.models import AuditEntry

    with w.db.session() as s:
        rows = s.scalars(select(AuditEntry).where(AuditEntry.id > since).order_by(AuditEntry.id)).all()
        return [{"action": r.action, "object_id": r.object_id, **(r.details or {})} for r in rows
                if r.action == "case.small_group"]


def _last_id(w: World) -> int:
    from sqlalchemy import func, select

    from sagsflow.meta.models import AuditEntry

    with w.db.session() as s:
        return int(s.scalar(select(func.max(AuditEntry.id))) or 0)


VICTIM_ONLY = {"type": "case_id", "ids": [VICTIM]}


@pytest.mark.parametrize("what", ["map", "statistics/overview", "variants", "statistics/activities",
                                  "statistics/resources", "discover"])
def test_an_analysts_answer_about_fewer_than_k_cases_is_a_case_level_read(aw: World, what: str) -> None:
    h = aw.headers("a", "analyst")
    since = _last_id(aw)
    r = aw.client.post(_url(aw, what), json={"filter": VICTIM_ONLY}, headers=h)
    assert r.status_code == 200, r.text
    found = _small_group_entries(aw, since)
    assert len(found) == 1 and found[0]["n_cases"] == 1 and found[0]["filter"] == VICTIM_ONLY
    assert found[0]["object_id"] == f"{aw.workspace['a']}/{LOG}"
    since = _last_id(aw)
    broad = {"type": "case_attribute", "attribute": "kommune", "equals": "Odense"}
    assert aw.client.post(_url(aw, what), json={"filter": broad}, headers=h).status_code == 200
    assert _small_group_entries(aw, since) == []


def test_comparisons_and_jobs_on_few_cases_are_audited_too(aw: World) -> None:
    h = aw.headers("a", "analyst")
    base = f"/api/workspaces/{aw.workspace['a']}"
    since = _last_id(aw)
    r = aw.client.post(f"{base}/compare", json={"log_a": LOG, "log_b": LOG, "filter_b": VICTIM_ONLY}, headers=h)
    assert r.status_code == 200
    assert [e["answer"] for e in _small_group_entries(aw, since)] == ["compare_b"]
    since = _last_id(aw)
    r = aw.client.post(f"{base}/logs/{LOG}/conformance", data={"filter": '{"type": "case_id", "ids": ["V-0001"]}'},
                       headers=h)
    assert r.status_code == 202
    aw.client.app.state.server.runner.wait(r.json()["id"], timeout=300)  # type: ignore[attr-defined]
    aw.client.get(f"{base}/conformance/{r.json()['id']}", headers=h)
    assert [e["answer"] for e in _small_group_entries(aw, since)] == ["conformance", "conformance_result"]
    since = _last_id(aw)
    if aw.client.get(f"{base}/rulesets/r", headers=h).status_code == 404:
        aw.client.post(f"{base}/rulesets", json={"name": "r", "yaml": RULES}, headers=h)
    job = aw.client.post(f"{base}/logs/{LOG}/compliance", json={"ruleset": "r", "name": "one", "filter": VICTIM_ONLY},
                         headers=h).json()
    aw.client.app.state.server.runner.wait(job["id"], timeout=120)  # type: ignore[attr-defined]
    aw.client.get(f"{base}/compliance/one/summary", headers=h)
    assert [e["answer"] for e in _small_group_entries(aw, since)] == ["compliance", "compliance_summary"]


# ----------------------------------------------------------------------------- the quality report
def test_a_viewers_quality_report_names_no_employee_or_case(tmp_path_factory: pytest.TempPathFactory) -> None:
    tmp = tmp_path_factory.mktemp("quality")
    rows = ["case,activity,time,sagsbehandler"]
    for i in range(30):  # one caseworker registers 30 events within seconds: a batch registration
        rows.append(f"q{i},Register,2024-02-01 10:00:{i % 5:02d},Hanne Hansen")
        rows.append(f"q{i},Decide,2024-02-0{2 + i % 5} 12:00,{'Ole' if i % 2 else 'Kim'} Jensen")
    (tmp / "q.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    mapping = {"case_id": "case", "activity": "activity", "timestamp": "time",
               "resource": {"column": "sagsbehandler", "data_class": "employee_id"}}
    for w in build_world(tmp):
        with sagsflow.Workspace.open(tmp / "ws_a") as ws:
            sagsflow.read_csv(tmp / "q.csv", workspace=ws, log="q", mapping=mapping)
            resources = [r[0] for r in ws.con.execute("SELECT DISTINCT resource FROM log_q.events").fetchall()]
            cases = [r[0] for r in ws.con.execute("SELECT case_id FROM log_q.cases").fetchall()]
        url = f"/api/workspaces/{w.workspace['a']}/logs/q/quality"
        analyst = w.client.get(url, headers=w.headers("a", "analyst")).text
        viewer = w.client.get(url, headers=w.headers("a", "viewer"))
        assert viewer.status_code == 200
        assert any(p in analyst for p in resources), "the analyst's report names the caseworker's pseudonym"
        assert "batch" in viewer.text  # the finding is there, without whom it is about
        assert not any(p in viewer.text for p in resources + cases)
