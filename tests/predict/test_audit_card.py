"""Equal-treatment audit and the model card."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sagsflow.disclosure import DisclosurePolicy
from sagsflow.errors import SchemaError
from sagsflow.log import EventLog
from sagsflow.predict import AuditReport, ProcessPredictor, audit, train_model
from sagsflow.predict.card import DECISION_SUPPORT_DA, DECISION_SUPPORT_EN


@pytest.fixture(scope="module")
def outcome_model(synth_log: EventLog) -> ProcessPredictor:
    # the model even where it is not shown better than the baseline: these tests read its reasons and audit
    return train_model(synth_log, "outcome:activity=Klage", save=False, n_estimators=30, fallback=False)


VIEWER = DisclosurePolicy.for_role("viewer")
ANALYST = DisclosurePolicy.for_role("analyst")


def test_audit_keeps_every_group_and_reports_intervals(outcome_model: ProcessPredictor, synth_log: EventLog) -> None:
    rep = audit(outcome_model, synth_log, "alder")
    assert set(rep.groups["group"]) == {"18-29", "30-49", "90+"} and rep.k is None and rep.hidden_groups == 0
    assert int(rep.groups.set_index("group").loc["90+", "n_cases"]) == 1  # one test case in that band
    assert rep.n_cases == int(rep.groups["n_cases"].sum()) == outcome_model.evaluation_.n_test_cases
    g = rep.groups[rep.groups["n_cases"] >= 5]
    for m in ("error", "flag", "duration", "outcome"):
        lo, hi = f"{m}_low", f"{m}_high"
        mean = g["error" if m == "error" else m + "_rate" if m in ("flag", "outcome") else m]
        assert (g[lo] <= mean + 1e-12).all() and (mean <= g[hi] + 1e-12).all()
        if m in ("error", "duration"):
            assert (g[hi] > g[lo]).all()  # a real interval, not a point
    assert rep.demographic_parity is not None and 0 <= rep.demographic_parity <= 1
    assert not rep.is_feature


def test_an_analyst_sees_every_group_and_the_card_says_so(outcome_model: ProcessPredictor,
                                                           synth_log: EventLog) -> None:
    rep = audit(outcome_model, synth_log, "alder").released(ANALYST)
    assert "90+" in set(rep.groups["group"]) and rep.case_access and rep.k == 5 and rep.fewest_cases == 1
    assert "every group shown, to a role with case access" in rep.to_markdown() and "k = 5" in rep.to_markdown()


def test_a_viewer_cannot_work_the_small_group_out_from_the_total(outcome_model: ProcessPredictor,
                                                                  synth_log: EventLog) -> None:
    full = audit(outcome_model, synth_log, "alder")
    rep = full.released(VIEWER)
    # 90+ (1 case) hidden; the total of test cases (on the card) minus the one group left would give it back,
    # so that group is hidden too (secondary suppression): the hidden cases are 0 or at least k together
    assert "90+" not in set(rep.groups["group"]) and rep.hidden_groups == 2 and len(rep.groups) == 1
    assert rep.k == 5 and not rep.case_access and rep.demographic_parity is None
    assert full.n_cases is not None and full.n_cases - int(rep.groups["n_cases"].sum()) >= 5
    md = rep.to_markdown()
    assert "k = 5: groups hidden" in md and "): 2." in md and "90+" not in md


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(k=st.integers(min_value=1, max_value=400), attribute=st.sampled_from(["alder", "koen"]))
def test_hidden_cases_are_none_or_at_least_k(outcome_model: ProcessPredictor, synth_log: EventLog, k: int,
                                             attribute: str) -> None:
    full = _full_audits(outcome_model, synth_log)[attribute]
    rep = full.released(DisclosurePolicy.for_role("viewer", min_group_size=k))
    hidden = outcome_model.evaluation_.n_test_cases - int(rep.groups["n_cases"].sum())
    assert hidden == 0 or hidden >= k or rep.groups.empty  # empty: what is hidden is the card's own total
    assert (rep.groups["n_cases"] >= k).all() and rep.k == k
    assert rep.hidden_groups == len(full.groups) - len(rep.groups)


_AUDITS: dict[str, AuditReport] = {}


def _full_audits(model: ProcessPredictor, log: EventLog) -> dict[str, AuditReport]:
    if not _AUDITS:
        _AUDITS.update({a: audit(model, log, a) for a in ("alder", "koen")})
    return _AUDITS


def test_audit_k_larger_than_every_group_hides_all(outcome_model: ProcessPredictor, synth_log: EventLog) -> None:
    rep = audit(outcome_model, synth_log, "koen").released(DisclosurePolicy.for_role("viewer", min_group_size=10_000))
    assert rep.groups.empty and rep.hidden_groups == 2 and rep.demographic_parity is None


def test_a_report_stored_cut_by_the_old_rule_is_not_shown_to_viewers(outcome_model: ProcessPredictor,
                                                                     synth_log: EventLog) -> None:
    full = audit(outcome_model, synth_log, "alder")
    old = full.to_dict()
    old.update(groups=[g for g in old["groups"] if g["n_cases"] >= 5], hidden_groups=1, k=5)
    del old["n_cases"]
    rep = AuditReport.from_dict(old).released(VIEWER)
    assert rep.groups.empty and rep.hidden_groups == 3
    assert len(AuditReport.from_dict(old).released(ANALYST).groups) == 2


def test_audit_of_remaining_time_compares_errors(synth_log: EventLog) -> None:
    m = ProcessPredictor(target="remaining_time", n_estimators=30).fit(synth_log)
    rep = audit(m, synth_log, "koen")
    assert rep.metric == "MAE (days)" and len(rep.groups) == 2
    assert np.isfinite(rep.groups["error"]).all() and (rep.groups["duration"] > 0).all()


def test_audit_needs_a_case_attribute(outcome_model: ProcessPredictor, synth_log: EventLog) -> None:
    with pytest.raises(SchemaError, match="'nope' is not a case attribute"):
        audit(outcome_model, synth_log, "nope")


def test_default_audits_cover_the_personal_attributes(outcome_model: ProcessPredictor) -> None:
    assert {a.attribute for a in outcome_model.audits_} == {"koen", "alder"}


def test_model_card_contents(outcome_model: ProcessPredictor) -> None:
    md = outcome_model.card_.to_markdown()
    for q in ("Decisions supported", "Value proposition", "Data sources", "Features", "Predictions",
              "Offline evaluation", "Monitoring"):
        assert f"| {q} |" in md
    # the canvas is filled from the registration the model was trained under (sagsflow.legal.canvas)
    assert "| Value proposition | automated tests (registration test-citizen_outcome" in md
    assert "Profiling of citizens: GDPR art. 22" in md and "## Registration test-citizen_outcome" in md
    assert DECISION_SUPPORT_EN in md and '"Klage" occurs in the case' in md
    assert "## Features" in md and "| the latest activity (`last_activity`) | process |" in md
    assert "## Training period" in md and outcome_model.window_["cut"] in md
    assert "| AUC |" in md and "| metric | served (" in md and "| best baseline (" in md
    assert "**Protocol**: sagsflow: the last 20% of the cases (by start) test" in md and "**Served**: the " in md
    assert "the log has no column classed" not in md  # this log has personal columns, refused by the policy
    assert "## Equal-treatment audit" in md and "Attribute **koen**" in md and "Attribute **alder**" in md
    assert "k = 5: groups hidden" in md and "| 90+ |" not in md  # the card is the one a viewer may read
    assert "## Limits" in md
    html = outcome_model.card_.to_html()
    assert html.startswith("<!doctype html>") and "<table>" in html and "<th>question</th>" in html
    assert "never decide" in html and "<script" not in html


def test_model_card_in_danish(outcome_model: ProcessPredictor) -> None:
    from sagsflow.i18n import use_language
    from sagsflow.predict.card import ModelCard

    with use_language("da"):
        card = ModelCard.from_model(outcome_model, name="klage", audits=outcome_model.audits_)
        md, html = card.to_markdown(), card.to_html()
    assert DECISION_SUPPORT_DA in md and DECISION_SUPPORT_EN not in md
    assert "| Forudsigelser | sandsynligheden for at «Klage» forekommer i sagen" in md
    assert "## Træningsperiode" in md and "## Ligebehandlingsaudit" in md and "Attribut **koen**" in md
    assert "| metrik | anvendt (" in md and "| bedste baseline (" in md and '<html lang="da">' in html
    for english in ("Value proposition", "Training period", "Limits", "test cases", "never decide"):
        assert english not in md


def test_reasons_are_plain_words_in_both_languages(outcome_model: ProcessPredictor, synth_log: EventLog) -> None:
    p = outcome_model.predict(synth_log)
    assert p["reasons_da"].str.len().gt(0).all() and p["reasons_en"].str.len().gt(0).all()
    assert p["reasons_da"].str.contains("risikoen").all()
    assert p["reasons_en"].str.contains("risk").all()
    assert not p["reasons_en"].str.contains("count_|prev_activity|attr_").any()
