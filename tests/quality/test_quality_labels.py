"""Label variants, typos, polluted labels and synonyms, and the look-alikes that must not be reported."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sagsflow.quality import Pattern, quality_report
from sagsflow.quality.checks_labels import levenshtein, normalise, similarity
from sagsflow.schema import Column
from tests.quality.quality_logs import NOW, clean_rows, local, set_time


def codes(report):
    return {f.code for f in report.findings}


def rename(rows, activity, new, cases):
    for r in rows:
        if r["activity"] == activity and int(r["case_id"][1:]) in cases:
            r["activity"] = new
    return rows


def test_label_variants(make_log):
    rows = rename(clean_rows(), "Vurderet", "vurderet.", {1, 2, 3, 4})
    report = quality_report(make_log(rows), now=NOW)
    assert codes(report) == {"label_variants"}
    f = report.finding("label_variants")
    assert f.pattern is Pattern.DISTORTED_LABEL
    assert f.examples == [{"label": "Vurderet", "events": 26, "variant": "vurderet.", "variant_events": 4}]
    assert f.count == 2 and f.unit == "labels"


def test_typo(make_log):
    rows = rename(clean_rows(), "Vurderet", "Vuderet", {3, 9, 17})
    report = quality_report(make_log(rows), now=NOW)
    assert codes(report) == {"similar_labels"}
    ex = report.finding("similar_labels").examples[0]
    assert (ex["label"], ex["similar_label"]) == ("Vurderet", "Vuderet")
    assert ex["similarity"] == pytest.approx(0.875)


def test_typo_threshold_is_respected(make_log):
    rows = rename(clean_rows(), "Vurderet", "Vuderet", {3, 9, 17})
    assert "similar_labels" not in codes(quality_report(make_log(rows), now=NOW, synonym_threshold=0.9))


def test_similar_steps_in_fixed_order_are_not_typos(make_log):
    rows = []
    for r in clean_rows():
        rows.append(r)
        if r["activity"] == "Vurderet":
            t = local(r["timestamp"])
            rows.append(set_time({**r, "activity": "Fravær – ferie start"}, t + timedelta(hours=1)))
            rows.append(set_time({**r, "activity": "Fravær – ferie slut"}, t + timedelta(hours=3)))
    assert similarity("Fravær – ferie start", "Fravær – ferie slut") >= 0.85
    assert quality_report(make_log(rows), now=NOW).findings == []


def test_polluted_labels(make_log):
    rows = clean_rows()
    for c in range(8):  # a letter number inside the label: each variant belongs to one case
        t = local(rows[3 * c + 1]["timestamp"]) + timedelta(hours=1)
        rows.append(set_time({**rows[3 * c], "activity": f"Brev {1001 + c} sendt", "sequence": None}, t))
    report = quality_report(make_log(rows), now=NOW)
    assert codes(report) == {"polluted_labels"}
    f = report.finding("polluted_labels")
    assert f.pattern is Pattern.POLLUTED_LABEL
    assert f.examples[0]["pattern"] == "Brev # sendt" and f.examples[0]["labels"] == 8


def test_numbered_codes_used_across_cases_are_not_polluted(make_log):
    rows = clean_rows()
    for c in range(30):  # five codes of a code system, each used in six cases
        t = local(rows[3 * c + 1]["timestamp"]) + timedelta(hours=1)
        rows.append(set_time({**rows[3 * c], "activity": f"01_HOOFD_0{10 + c % 5}", "sequence": None}, t))
    assert "polluted_labels" not in codes(quality_report(make_log(rows), now=NOW))


def test_labels_differing_only_in_numbers_are_not_typos(make_log):
    rows = clean_rows()
    for r in rows:
        if r["activity"] == "Vurderet" and r["case_id"] in ("C001", "C002"):
            r["activity"] = "Vurderet 2"
        elif r["activity"] == "Vurderet":
            r["activity"] = "Vurderet 1"
    assert "similar_labels" not in codes(quality_report(make_log(rows), now=NOW))


SYSTEM = Column(name="kilde", level="case", dtype="VARCHAR")


def test_synonyms_from_two_case_systems(make_log):
    rows = clean_rows()
    for r in rows:  # half of the cases come from another case system with its own word for the step
        other = int(r["case_id"][1:]) >= 15
        r["kilde"] = "Fasit" if other else "Momentum"
        if other and r["activity"] == "Vurderet":
            r["activity"] = "Sagen er behandlet"
    report = quality_report(make_log(rows, attributes=[SYSTEM]), now=NOW)
    assert codes(report) == {"synonymous_labels"}
    f = report.finding("synonymous_labels")
    assert f.pattern is Pattern.SYNONYMOUS_LABELS and f.severity == "info"
    ex = f.examples[0]
    assert {ex["label"], ex["other_label"]} == {"Vurderet", "Sagen er behandlet"}
    assert ex["separated_by"] == "kilde"


def test_synonyms_after_a_renaming(make_log):
    rows = clean_rows(40)
    for r in rows:  # the step was renamed: cases from the 12th day on use the new name
        if r["activity"] == "Vurderet" and local(r["timestamp"]) >= local("2024-02-19 00:00"):
            r["activity"] = "Sagen er behandlet"
    f = quality_report(make_log(rows), now=NOW).finding("synonymous_labels")
    assert f is not None and f.examples[0]["separated_by"] == "time"


def test_same_words_in_two_systems_are_not_synonyms(make_log):
    rows = clean_rows()
    for r in rows:
        r["kilde"] = "Fasit" if int(r["case_id"][1:]) >= 15 else "Momentum"
    assert quality_report(make_log(rows, attributes=[SYSTEM]), now=NOW).findings == []


def test_exclusive_choice_is_not_a_synonym(make_log):
    # grant or refusal: never in the same case, same position, but the same staff at the same time
    rows = clean_rows()
    for r in rows:
        if r["activity"] == "Afgjort":
            c = int(r["case_id"][1:])
            r["activity"], r["resource"] = ("Bevilget" if c % 2 else "Afslået"), f"R{(c // 2) % 4}"
    assert quality_report(make_log(rows), now=NOW).findings == []


@given(st.text(max_size=12), st.text(max_size=12))
def test_levenshtein_properties(a, b):
    d = levenshtein(a, b)
    assert d == levenshtein(b, a)
    assert abs(len(a) - len(b)) <= d <= max(len(a), len(b))
    assert (d == 0) == (a == b)


def test_normalise():
    assert normalise("Jobsamtale afholdt – jobcenter") == normalise("jobsamtale afholdt - Jobcenter")
    assert normalise("Fællessamtale") == "fællessamtale"
