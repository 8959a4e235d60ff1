"""The action-plan register: every field round-trips, ids are unique, a broken file is named, saves are atomic."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sagsflow.effect import ActionPlans, Intervention
from sagsflow.errors import InvalidParameterError, NotFoundError
from sagsflow.store.workspace import Workspace

PLAN = {"name": "Digital pre-interview", "description": "Self-service before the first interview",
        "start": "2024-09-01", "log": "dagpenge", "unit_by": "kommune", "units": ["Nørreby"],
        "case_types": {"maalgruppe": ["Dagpengemodtager"]},
        "indicator": {"kind": "outcome_share", "among": ["Udeblevet", "Jobsamtale"], "outcome": ["Udeblevet"]},
        "period": "month", "expected_direction": "down", "expected_size": 0.5,
        "follow_up": ["2025-03-01", "2025-09-01"]}


def test_every_field_round_trips(workspace: Workspace) -> None:
    plans = ActionPlans(workspace)
    a = plans.add(PLAN)
    b = plans.add(PLAN)
    assert (a.id, b.id) == ("digital_pre_interview", "digital_pre_interview_2")
    got = ActionPlans(workspace).get(a.id)
    assert got.model_dump(mode="json", exclude={"id", "created_at"}) == \
        Intervention.model_validate(PLAN).model_dump(mode="json", exclude={"id", "created_at"})
    plans.remove(b.id)
    assert [i.id for i in plans.list()] == [a.id]
    with pytest.raises(NotFoundError):
        plans.get(b.id)


def test_bad_input_is_named_and_leaves_the_file_as_it_was(workspace: Workspace) -> None:
    plans = ActionPlans(workspace)
    plans.add(PLAN)
    before = plans.path.read_bytes()
    with pytest.raises(InvalidParameterError, match="start"):
        plans.add(PLAN | {"start": "someday"})
    with pytest.raises(InvalidParameterError, match="expected_direction"):
        plans.add(PLAN | {"expected_direction": "sideways"})
    assert plans.path.read_bytes() == before
    assert not [p for p in Path(plans.path.parent).iterdir() if p.name.endswith(".tmp")]


def test_a_broken_file_names_its_line(workspace: Workspace) -> None:
    plans = ActionPlans(workspace)
    plans.path.write_text('{"interventions": [\n {"name": }]}', encoding="utf-8")
    with pytest.raises(InvalidParameterError, match=r"action_plans.json: line 2"):
        plans.list()
    plans.path.write_text(json.dumps({"interventions": [PLAN | {"start": None}]}), encoding="utf-8")
    with pytest.raises(InvalidParameterError, match=r"intervention 1 \(start\)"):
        plans.list()


def test_an_in_memory_workspace_has_no_register() -> None:
    with pytest.raises(InvalidParameterError, match="in-memory"):
        ActionPlans(Workspace.memory())


def test_case_types_narrow_the_measured_log(tmp_path: Path) -> None:
    import sagsflow

    p = tmp_path / "l.csv"
    p.write_text("case,activity,time,grp\n1,A,2024-01-01,x\n2,A,2024-01-02,y\n", encoding="utf-8")
    log = sagsflow.read_csv(p, mapping="case_id: case\nactivity: activity\ntimestamp: time\ncolumns:\n"
                                        "  grp: {level: case}\n")
    iv = Intervention.model_validate(PLAN | {"case_types": {"grp": ["y"]}})
    assert iv.measured_log(log).n_cases == 1
