"""Employee protection in the library: robots and system users kept in clear as automation at import (declared or
suggested), resource aggregates per team with the employee minimum of the disclosure layer, individual figures
only with a registered purpose, every read in the legal log."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from sagsflow.disclosure.release import release_employee_groups
from sagsflow.ingest.pipeline import import_log
from sagsflow.ingest.suggest import infer_mapping
from sagsflow.legal import legal_log
from sagsflow.legal.employees import (
    EmployeePolicy,
    EmployeeProtectionError,
    check_employee_filter,
    resource_map,
    resource_statistics,
    set_employee_policy,
)
from sagsflow.store.workspace import Workspace

#: 12 caseworkers in team A, 3 in B, 2 in C, a robot and a system user
STAFF = [(f"medarbejder{i:02d}", "A" if i < 12 else "B" if i < 15 else "C") for i in range(17)]


def _extract(path: Path) -> Path:
    rows = ["sag,aktivitet,tidspunkt,sagsbehandler,team"]
    for c in range(60):
        who, team = STAFF[c % len(STAFF)]
        nxt, team2 = STAFF[(c + 5) % len(STAFF)]
        rows += [f"S{c},Ansøgning,2024-01-{1 + c % 28:02d} 08:00,RPA-ROBOT,",
                 f"S{c},Samtale,2024-02-{1 + c % 28:02d} 09:00,{who},{team}",
                 f"S{c},Afgørelse,2024-03-{1 + c % 28:02d} 10:00,{nxt},{team2}",
                 f"S{c},Brev sendt,2024-03-{1 + c % 28:02d} 10:05,SYSTEMBRUGER,"]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


MAPPING = {"case_id": "sag", "activity": "aktivitet", "timestamp": "tidspunkt",
           "resource": {"column": "sagsbehandler", "automation": ["RPA-ROBOT"], "automation_pattern": "system.*"}}


@pytest.fixture
def staff_ws(tmp_path: Path, key_env: str) -> Workspace:
    ws = Workspace.open(tmp_path / "ws")
    import_log(_extract(tmp_path / "sager.csv"), workspace=ws, log="sager", mapping=MAPPING)
    return ws


def test_robots_are_kept_in_clear_and_staff_pseudonymised(staff_ws: Workspace) -> None:
    log = staff_ws.log("sager")
    values = {r[0] for r in staff_ws.con.execute("SELECT DISTINCT resource FROM log_sager.events").fetchall()}
    assert {"RPA-ROBOT", "SYSTEMBRUGER"} <= values  # declared by value and by pattern
    staff = values - {"RPA-ROBOT", "SYSTEMBRUGER"}
    assert len(staff) == 17 and all(v.startswith("M-") for v in staff)
    assert set(log.schema.automation) == {"RPA-ROBOT", "SYSTEMBRUGER"}


def test_a_filter_naming_one_employee_needs_individual_figures_wherever_it_is_nested(staff_ws: Workspace) -> None:
    # the attacker asks once per employee: under team level any filter selecting by an employee is refused, also
    # inside any_of / attribute_combination; robots may be filtered by
    log = staff_ws.log("sager")
    staff = next(v for (v,) in staff_ws.con.execute("SELECT DISTINCT resource FROM log_sager.events").fetchall()
                 if v.startswith("M-"))
    one = {"type": "event_attribute", "attribute": "resource", "equals": staff}
    nested = [{"type": "any_of", "steps": [{"type": "case_length", "min": 9}, one]}]
    combo = [{"type": "attribute_combination", "first": {"attribute": "activity", "equals": "Samtale"},
              "second": {"attribute": "resource", "in": [staff]}}]
    for spec in ([one], nested, combo):
        for use in ("team", "off"):
            with pytest.raises(EmployeeProtectionError, match="would show one employee's figures"):
                check_employee_filter(log, spec, EmployeePolicy(use=use))  # type: ignore[arg-type]
        check_employee_filter(log, spec, EmployeePolicy(use="individual", purpose="x", purpose_reference="y"))
    check_employee_filter(log, [{"type": "event_attribute", "attribute": "resource", "in": ["RPA-ROBOT"]}],
                          EmployeePolicy(use="team"))
    check_employee_filter(log, [{"type": "event_attribute", "attribute": "activity", "equals": "Samtale"}],
                          EmployeePolicy(use="off"))


def test_the_suggestion_detects_robots_for_a_person_to_confirm(tmp_path: Path) -> None:
    con = duckdb.connect()
    src = _extract(tmp_path / "x.csv")
    con.execute(f"CREATE TABLE raw AS SELECT *, row_number() OVER () AS __row FROM read_csv('{src}')")
    s = infer_mapping(con, "raw", "csv")
    assert s.mapping.resource is not None and set(s.mapping.resource.automation) == {"RPA-ROBOT", "SYSTEMBRUGER"}
    found = [d for d in s.decisions if "robots or system users" in d.evidence]
    assert found and "confirm" in found[0].evidence and found[0].confidence < 1


def test_team_level_merges_small_teams_and_individual_needs_a_purpose(staff_ws: Workspace) -> None:
    log = staff_ws.log("sager")
    team = resource_statistics(log, EmployeePolicy(use="team", min_employees=5), actor="analyst")
    rows = {r["resource"]: r for r in team.workload.to_pylist()}
    # A (12 employees) stands alone; B (3) and C (2) are merged into one group of 5
    assert rows["A"]["n_employees"] == 12 and "B" not in rows and "C" not in rows
    other = next(r for r in rows.values() if r["kind"] == "other")
    assert other["n_employees"] == 5
    assert {r["kind"] for r in rows.values()} == {"team", "other", "automation"}
    assert rows["RPA-ROBOT (automation)"]["n_events"] == 60
    assert team.automation_share == pytest.approx(120 / 240)
    assert not any(str(r).startswith("M-") for r in rows)
    # a minimum of 6: B and C together are still too few, so they are left out
    strict = resource_statistics(log, EmployeePolicy(use="team", min_employees=6), record=False)
    assert {r["kind"] for r in strict.workload.to_pylist()} == {"team", "automation"}
    assert strict.n_hidden_groups == 2
    # individual figures only with a registered purpose
    with pytest.raises(EmployeeProtectionError, match="registered purpose"):
        resource_statistics(log, EmployeePolicy(use="individual"))
    ind = resource_statistics(log, EmployeePolicy(use="individual", purpose="workload balancing",
                                                  purpose_reference="MED 2025-3"), record=False)
    assert sum(1 for r in ind.workload.to_pylist() if r["kind"] == "employee") == 17
    # off: only the automation share
    off = resource_statistics(log, EmployeePolicy(use="off"), record=False)
    assert off.workload.num_rows == 0 and off.automation_share == pytest.approx(0.5)
    with pytest.raises(EmployeeProtectionError):
        resource_map(log, EmployeePolicy(use="off"))
    pm = resource_map(log, EmployeePolicy(use="team"))
    assert {n.label for n in pm.nodes if n.kind == "node"} >= {"A", "RPA-ROBOT (automation)"}
    # every read recorded (record=False is the server's: it audits itself)
    reads = legal_log(staff_ws, action="resource.read")
    assert [e.details["answer"] for e in reads] == ["resource_statistics", "map"]
    assert reads[0].actor == "analyst"


def test_the_workspace_setting_is_recorded(staff_ws: Workspace) -> None:
    set_employee_policy(staff_ws, EmployeePolicy(use="off"), by="admin")
    assert legal_log(staff_ws, action="employees.setting")[-1].details["use"] == "off"


def test_release_employee_groups_is_the_disclosure_rule() -> None:
    assert release_employee_groups({"A": 7, "B": 2, "C": 3}, 5, "(o)") == ({"A": "A", "B": "(o)", "C": "(o)"}, 2)
    assert release_employee_groups({"A": 4}, 5, "(o)") == ({"A": None}, 1)
