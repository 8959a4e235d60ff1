"""The released groups: every group holds at least k cases, a viewer's filter is answered only when it selects
whole groups (at any depth of any_of/all_of, with either action), refusals depend on the filter's text only, and
the vocabulary refuses what singles out cases."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sagsflow
from sagsflow.disclosure import DisclosurePolicy, ReleasedGroups
from sagsflow.errors import DisclosureError
from tests.disclosure.attack import VICTIM, read_attack_log, selected, viewer_filters

VIEWER = DisclosurePolicy.for_role("viewer")
ATTRS = {"kommune": ("Aarhus", "Odense"), "maalgruppe": ("A", "B", "C"), "team": ("T1", "T2", "T3", "T9")}


@pytest.fixture(scope="module")
def attack_log(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    folder = tmp_path_factory.mktemp("attack")
    with sagsflow.Workspace.open(folder / "ws") as ws:
        read_attack_log(folder / "a.csv", workspace=ws, log="attack")
        yield ws.log("attack")


@pytest.fixture(scope="module")
def groups(attack_log: Any) -> ReleasedGroups:
    return ReleasedGroups.build(attack_log, VIEWER)


def test_every_group_holds_at_least_k_cases_and_every_case_is_in_one(attack_log: Any, groups: ReleasedGroups) -> None:
    of = groups.group_of(attack_log)
    assert len(of) == attack_log.n_cases and min(of.values()) >= 0
    sizes = [list(of.values()).count(g) for g in range(groups.n_groups)]
    assert sizes == groups.sizes.tolist() and min(sizes) >= 5
    assert groups.n_groups > 5  # the log is cut by attribute and time, not left in one piece


def test_published_attributes_leave_out_personal_ones(groups: ReleasedGroups) -> None:
    assert groups.published == ["kommune", "maalgruppe", "team"]
    assert "personal_attribute" in groups.why_unpublished("alder")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spec=viewer_filters(ATTRS))
def test_an_answered_filter_selects_whole_groups(attack_log: Any, groups: ReleasedGroups, spec: Any) -> None:
    """The invariant behind everything: a filter a viewer gets answered selects each group wholly or not at
    all, so no subtraction of answers can single out fewer than k cases."""
    if not groups.allows(spec):
        return
    of = groups.group_of(attack_log)
    chosen = selected(attack_log, spec)
    touched = {of[c] for c in chosen}
    whole = {c for c, g in of.items() if g in touched}
    assert chosen == whole, spec


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=st.lists(viewer_filters(ATTRS, allowed_only=False), min_size=2, max_size=4))
def test_differences_of_answered_filters_never_isolate_a_small_group(attack_log: Any, groups: ReleasedGroups,
                                                                     specs: list[Any]) -> None:
    sets = [selected(attack_log, s) for s in specs if groups.allows(s)]
    for a in sets:
        assert not 0 < len(a) < 5
        for b in sets:
            for derived in (a - b, a & b):
                assert not 0 < len(derived) < 5, (len(a), len(b))


@pytest.mark.parametrize(("spec", "words"), [
    ({"type": "case_id", "ids": [VICTIM]}, "case id"),
    ({"type": "any_of", "action": "remove", "steps": [{"type": "case_length", "min": 1},
                                                      {"type": "case_id", "pattern": "^V-"}]}, "case id"),
    ({"type": "event_attribute", "attribute": "activity", "equals": "Klage"}, "not available to viewers"),
    ({"type": "case_attribute", "attribute": "alder", "equals": "60+"}, "personal_attribute"),
    ({"type": "case_attribute", "attribute": "kommune", "regex": "^O"}, "'equals' or 'in'"),
    ({"type": "timeframe", "start": "2024-03-05", "end": "2024-03-06", "mode": "started"}, "not the start of a month"),
    ({"type": "timeframe", "start": "2024-03-01", "end": "2024-04-01", "mode": "trim"}, "trim"),
    ({"type": "case_duration", "min": "36d"}, "not one of the bounds"),
    ({"type": "case_length", "max": 7}, "not one of the bounds"),
])
def test_the_vocabulary_refuses_what_singles_out_cases(groups: ReleasedGroups, spec: Any, words: str) -> None:
    nested = spec.get("mode") != "trim"  # a step cutting events cannot be nested
    with pytest.raises(DisclosureError) as err:
        groups.check({"steps": [{"type": "all_of", "steps": [spec]} if nested else spec]})
    where = "steps[0].steps[0]" if nested else "steps[0]"
    assert words in err.value.message and err.value.field and err.value.field.startswith(where)


def test_a_refusal_does_not_depend_on_whether_a_value_exists(groups: ReleasedGroups) -> None:
    # the victim's team (one case) and a team nobody is in are refused alike, so the answer does not tell whether
    # someone of that kind is in the log; the large teams can be picked
    assert set(groups.allowed()["team"]) == {"T1", "T2"}
    for value in ("T9", "T7"):
        spec = {"type": "any_of", "steps": [{"type": "case_attribute", "attribute": "team", "equals": value},
                                            {"type": "case_attribute", "attribute": "kommune", "equals": "Aarhus"}]}
        with pytest.raises(DisclosureError) as err:
            groups.check(spec)
        assert "split a released group" in err.value.message


def test_published_values_months_and_bands_that_follow_the_groups_are_answered(groups: ReleasedGroups) -> None:
    allowed = groups.allowed()
    assert set(allowed["kommune"]) == {"Aarhus", "Odense"}
    assert allowed["start"], "some month starts must be usable"
    month = allowed["start"][0]
    groups.check([{"type": "case_attribute", "attribute": "kommune", "in": ["Odense"]},
                  {"type": "timeframe", "start": month, "mode": "started", "action": "remove"}])
    with pytest.raises(DisclosureError) as err:  # 1 March at midnight UTC is 01:00 in Copenhagen
        groups.check({"type": "timeframe", "start": "2024-03-01T00:00:00+00:00", "end": "2024-04-01T00:00:00+02:00"})
    assert err.value.field == "steps[0].start" and "not the start of a month" in err.value.message


def test_analysts_may_use_any_filter(attack_log: Any) -> None:
    analyst = ReleasedGroups.build(attack_log, DisclosurePolicy.for_role("analyst"))
    analyst.check({"type": "case_id", "ids": [VICTIM]})


def test_groups_of_a_tiny_log_are_one_group_and_empty_logs_none(tmp_path: Path) -> None:
    from tests.api.conftest import MAPPING as SMALL_MAPPING
    from tests.api.conftest import write_log_csv

    log = sagsflow.read_csv(write_log_csv(tmp_path / "t.csv"), mapping=SMALL_MAPPING)
    g = ReleasedGroups.build(log, VIEWER)
    assert g.n_groups == 1 and g.smallest == 12
    assert not g.allows({"type": "case_length", "min": 4})  # 3 cases have 4 events: one group cannot be cut
    assert ReleasedGroups.build(log.filter({"type": "case_length", "min": 99}), VIEWER).n_groups == 1  # stored log


def test_a_workspace_file_publishes_attributes_and_raises_k(tmp_path: Path) -> None:
    ws_path = tmp_path / "ws"
    with sagsflow.Workspace.open(ws_path) as ws:
        read_attack_log(tmp_path / "a.csv", workspace=ws, log="attack")
        (ws_path / "disclosure.yaml").write_text("published: [kommune, alder]\nmin_group_size: 8\n")
        policy = DisclosurePolicy.for_workspace(ws, "viewer", min_group_size=5)
        assert policy.min_group_size == 8 and policy.published == ("kommune", "alder")
        g = ReleasedGroups.build(ws.log("attack"), policy)
        assert g.published == ["kommune", "alder"] and g.smallest >= 8
        assert "not listed" in g.why_unpublished("maalgruppe")
        (ws_path / "disclosure.yaml").write_text("min_group_size: 2\n")  # a file can raise k, never lower it
        assert DisclosurePolicy.for_workspace(ws, "viewer", min_group_size=5).min_group_size == 5
        (ws_path / "disclosure.yaml").write_text("publish: [x]\n")
        with pytest.raises(sagsflow.errors.InvalidParameterError, match="unknown setting 'publish'"):
            DisclosurePolicy.for_workspace(ws, "viewer")


def test_refusals_speak_the_users_language(groups: ReleasedGroups) -> None:
    from sagsflow.i18n import use_language

    with use_language("da"), pytest.raises(DisclosureError) as err:
        groups.check({"type": "case_attribute", "attribute": "alder", "equals": "60+"})
    assert err.value.message.startswith("filtertrin 0 (case_attribute): attributten 'alder' er ikke tilgængelig")
    assert "personal_attribute" in err.value.message and err.value.hint == (
        "Offentliggjorte attributter: kommune, maalgruppe, team.")
