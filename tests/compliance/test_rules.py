"""The rule language: the pack loads, durations parse, and schema errors name rule, field and line."""

from __future__ import annotations

import pytest

from sagsflow.compliance import Duration, RuleValidationError, load_pack, load_rules
from sagsflow.compliance.rules import pack_names


def test_pack_loads_with_names_law_validity_and_marked_assumptions() -> None:
    rules = load_pack("employment-dk")
    ids = [r.id for r in rules]
    assert ids == ["R01", "R02", "R03", "R04", "R05", "R06", "R07", "R08", "R09", "R10", "R11", "R12", "R13",
                   "R14a", "R14b", "R15"]
    for r in rules:
        assert r.name.da and r.name.en and r.law, r.id
        assert r.valid_from is not None, r.id
        if r.assumption:
            assert r.assumption_text and len(r.assumption_text) > 40, r.id
    assert rules["R15"].assumption and "8 weeks" in (rules["R15"].assumption_text or "")
    assert (rules["R05"].valid_to.isoformat(), rules["R04"].valid_from.isoformat()) == ("2023-12-31", "2024-01-01")
    assert rules["R11"].valid_to.isoformat() == "2025-06-30"
    assert {r.variant for r in rules["R01"].concrete()} == {"dagpenge", "jobparat KH"}
    assert str(rules["R01"].concrete()[1].require[0].within) == "21 days"
    assert rules["R14b"].quota is not None and rules["R14b"].quota.target == 0.75
    assert pack_names() == ["employment-dk"]


def test_pack_round_trips_through_yaml() -> None:
    rules = load_pack("employment-dk")
    assert load_rules(rules.to_yaml()) == rules


@pytest.mark.parametrize(("text", "expected"), [
    ("14 days", Duration(days=14)), ("14 dage", Duration(days=14)), ("2 weeks", Duration(days=14)),
    ("10 working days", Duration(working_days=10)), ("10 arbejdsdage", Duration(working_days=10)),
    ("6 months + 3 weeks", Duration(months=6, days=21)), ("6 måneder", Duration(months=6)),
    ("1 year", Duration(months=12)), ({"amount": 5, "unit": "working days"}, Duration(working_days=5)),
])
def test_durations(text: object, expected: Duration) -> None:
    assert Duration.model_validate(text) == expected


def _error(text: str) -> str:
    with pytest.raises(RuleValidationError) as info:
        load_rules(text)
    return str(info.value)


def test_error_names_rule_field_line_and_what_was_expected() -> None:
    msg = _error("""rules:
  - id: A1
    type: response
    trigger: Tilmeldt
    target: CV godkendt
    within: 14 dagz
""")
    assert "rule 'A1' (rules[0])" in msg
    assert "field 'within'" in msg
    assert "line 6" in msg
    assert "expected a duration such as '14 days'" in msg and "'14 dagz'" in msg


def test_error_for_missing_field_of_the_type() -> None:
    msg = _error("rules:\n  - id: P\n    type: precedence\n    activity: Bevilling\n")
    assert "rule 'P'" in msg and "a precedence rule needs 'activity', 'preceded_by'" in msg
    assert "missing: 'preceded_by'" in msg and "line 2" in msg


def test_error_for_unknown_type_and_unknown_field() -> None:
    msg = _error("rules:\n  - id: X\n    type: deadline\n")
    assert "rule 'X'" in msg and "field 'type'" in msg and "'existence'" in msg and "Got 'deadline'" in msg
    msg = _error("rules:\n  - id: X\n    type: absence\n    activity: A\n    withn: 3 days\n")
    assert "field 'withn'" in msg and "line 5" in msg and "Extra inputs are not permitted" in msg


def test_error_for_undefined_clock_stop_and_duplicate_id() -> None:
    msg = _error("rules:\n  - {id: R, type: response, trigger: A, target: B, within: 3 days, clock_stops: [syg]}\n")
    assert "clock-stop 'syg'" in msg and "not defined under 'clock_stops'" in msg
    msg = _error("rules:\n  - {id: R, type: absence, activity: A}\n  - {id: R, type: absence, activity: B}\n")
    assert "rule id 'R' is used twice" in msg


def test_error_for_bad_yaml_and_validity() -> None:
    msg = _error("rules:\n  - id: R\n    type: [absence\n")
    assert "not valid YAML at line" in msg
    msg = _error("rules:\n  - {id: R, type: absence, activity: A, valid_from: 2024-01-01, valid_to: 2023-01-01}\n")
    assert "valid_to 2023-01-01 is before valid_from 2024-01-01" in msg
    msg = _error("rules:\n  - {id: R, type: absence, activity: A, assumption: true}\n")
    assert "needs 'assumption_text'" in msg


def test_error_in_a_variant_names_the_variant() -> None:
    msg = _error("""rules:
  - id: V
    type: response
    trigger: A
    target: B
    variants:
      - {label: kort, within: 3 dayz}
""")
    assert "rule 'V'" in msg and "variant 'kort'" in msg and "expected a duration" in msg


def test_rules_from_a_file_and_a_missing_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "r.yaml"
    p.write_text("rules:\n  - {id: R, type: existence, activity: A}\n", encoding="utf-8")
    assert [r.id for r in load_rules(p)] == ["R"]
    with pytest.raises(Exception, match="no rule file"):
        load_rules(tmp_path / "missing.yaml")
