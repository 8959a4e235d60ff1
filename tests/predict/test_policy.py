"""No profiling by construction: personal columns are refused as features unless a legal basis is stated."""

from __future__ import annotations

import pytest

from sagsflow.errors import SchemaError
from sagsflow.log import EventLog
from sagsflow.predict import FeaturePolicy, FeatureRefusedError, ProcessPredictor, train_model


@pytest.mark.parametrize(("column", "data_class"), [
    ("koen", "personal_attribute"), ("alder", "personal_attribute"), ("borger", "citizen_id"),
    ("resource", "employee_id"), ("notat", "free_text"),
])
def test_personal_columns_are_refused_with_a_clear_error(synth_log: EventLog, column: str, data_class: str) -> None:
    model = ProcessPredictor(target="remaining_time", policy=FeaturePolicy(attributes=(column,)))
    with pytest.raises(FeatureRefusedError) as info:
        model.fit(synth_log)
    text = str(info.value)
    assert f"the column {column!r} is classed {data_class!r}" in text
    assert "refused as a model feature" in text
    assert "legal_basis" in text  # says how a policy with a legal basis would allow it
    assert not hasattr(model, "model_")


def test_unit_column_is_checked_too(synth_log: EventLog) -> None:
    with pytest.raises(FeatureRefusedError, match="'resource' is classed 'employee_id'"):
        ProcessPredictor(policy=FeaturePolicy(unit="resource")).fit(synth_log)


def test_case_id_is_never_a_feature(synth_log: EventLog) -> None:
    with pytest.raises(FeatureRefusedError, match="case identifier"):
        FeaturePolicy(attributes=("case_id",), legal_basis={"case_id": "any"}).check(synth_log.schema)


def test_unknown_column_lists_the_columns(synth_log: EventLog) -> None:
    with pytest.raises(SchemaError, match="does not have") as info:
        FeaturePolicy(attributes=("alderr",)).check(synth_log.schema)
    assert "alder" in str(info.value) and "kommune" in str(info.value)


def test_empty_legal_basis_is_no_basis(synth_log: EventLog) -> None:
    with pytest.raises(FeatureRefusedError):
        FeaturePolicy(attributes=("koen",), legal_basis={"koen": "  "}).check(synth_log.schema)


def test_default_policy_uses_no_attribute(synth_log: EventLog) -> None:
    model = train_model(synth_log, "remaining_time", save=False, audit_attributes=[], n_estimators=20)
    assert not [f for f in model.feature_names_ if f.startswith("attr_")]
    assert "No personal data is used as a feature" in model.card_.to_markdown()


def test_legal_basis_allows_and_the_card_says_so(synth_log: EventLog) -> None:
    basis = "Lov om aktiv beskæftigelsesindsats § 8 (test); DPIA 2026-04"
    policy = FeaturePolicy(attributes=("kommune", "alder"), legal_basis={"alder": basis})
    # every allowed group, and the model served even if no better than the baseline: the card must list them
    model = train_model(synth_log, "remaining_time", policy=policy, save=False, audit_attributes=["koen"],
                        n_estimators=20, search="none", fallback=False)
    assert {"attr_kommune", "attr_alder"} <= set(model.feature_names_)
    md = model.card_.to_markdown()
    head = md.split("## Machine Learning Canvas")[0]  # prominently: before everything else
    assert "Personal data used as features" in head and basis in head
    assert "(`attr_alder`) | **personal attribute** |" in md


def test_policy_yaml_round_trip() -> None:
    text = """features:
  - kommune
  - name: alder
    legal_basis: "LAB § 8"
unit: kommune
"""
    p = FeaturePolicy.from_yaml(text)
    assert p.attributes == ("kommune", "alder") and p.legal_basis == {"alder": "LAB § 8"} and p.unit == "kommune"
    assert FeaturePolicy.from_yaml(p.to_yaml()) == p
