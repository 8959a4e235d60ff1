"""Duplicates and cases without their start or end activity."""

from __future__ import annotations

from datetime import timedelta

import pytest

from sagsflow.errors import InvalidParameterError
from sagsflow.quality import Pattern, quality_report
from tests.quality.quality_logs import NOW, clean_rows, local, set_time


def codes(report):
    return {f.code for f in report.findings}


def test_exact_duplicates(make_log):
    rows = clean_rows()
    rows += [dict(rows[4]), dict(rows[4]), dict(rows[10])]
    report = quality_report(make_log(rows), now=NOW)
    assert codes(report) == {"duplicate_events"}
    f = report.finding("duplicate_events")
    assert f.pattern is Pattern.COLLATERAL_EVENTS
    assert (f.count, f.metrics["n_groups"], f.metrics["n_cases_affected"]) == (3, 2, 2)
    assert f.examples[0]["case_id"] == "C001" and f.examples[0]["copies"] == 3
    assert "rework" in f.effect


def test_events_differing_in_an_attribute_are_not_duplicates(make_log):
    from tests.quality.quality_logs import KANAL

    rows = clean_rows()
    copy = dict(rows[4])
    copy["kanal"] = "telefon"
    report = quality_report(make_log([*rows, copy], attributes=[KANAL]), now=NOW)
    assert "duplicate_events" not in codes(report)


def test_missing_start_inferred(make_log):
    rows = [r for r in clean_rows() if not (r["case_id"] == "C005" and r["activity"] == "Modtaget")]
    report = quality_report(make_log(rows), now=NOW)
    assert codes(report) == {"missing_start_activity"}
    f = report.finding("missing_start_activity")
    assert f.pattern is Pattern.SCATTERED_CASE
    assert (f.count, f.unit, f.severity) == (1, "cases", "info")
    assert f.examples == [{"case_id": "C005", "activity": "Vurderet"}]
    assert f.metrics["typical"] == "Modtaget" and f.metrics["inferred"] is True
    assert "a typical start activity (one that starts at least 5.0 % of the cases): Modtaget" in f.detail


def test_missing_start_expected(make_log):
    gone = {"C003", "C004", "C005"}
    rows = [r for r in clean_rows() if not (r["case_id"] in gone and r["activity"] == "Modtaget")]
    report = quality_report(make_log(rows), now=NOW, expected_start=["Modtaget"])
    f = report.finding("missing_start_activity")
    assert f.count == 3 and f.severity == "warning" and f.metrics["inferred"] is False
    # inferred, 'Vurderet' starts 10 % of the cases and counts as typical
    assert "missing_start_activity" not in codes(quality_report(make_log(rows), now=NOW))


def test_missing_end_separates_possibly_open_cases(make_log):
    rows = clean_rows(60)
    for r in rows:  # C000 is a year older than the rest
        if r["case_id"] == "C000":
            r.update(set_time(r, local(r["timestamp"]) - timedelta(days=365)))
    # neither C000 nor C059 (the newest case, within 30 days of the log's end) has its decision
    rows = [r for r in rows if not (r["case_id"] in ("C000", "C059") and r["activity"] == "Afgjort")]
    report = quality_report(make_log(rows), now=NOW)
    assert codes(report) == {"missing_end_activity"}
    f = report.finding("missing_end_activity")
    assert f.count == 2
    assert f.metrics["n_possibly_open"] == 1
    assert "1 of them had events in the last 30 days of the log and may still be ongoing" in f.detail


def test_expected_activity_not_in_log_is_refused(make_log):
    log = make_log(clean_rows(5))
    with pytest.raises(InvalidParameterError) as e:
        quality_report(log, now=NOW, expected_end=["Afgjrt"])
    msg = str(e.value)
    assert "none of the expected end activities ['Afgjrt'] occurs in the log" in msg
    assert "Did you mean ['Afgjort']?" in msg


@pytest.mark.parametrize(("kw", "text"), [
    ({"batch_min_events": 1}, "'batch_min_events' parameter of quality_report must be an int >= 2. Got 1"),
    ({"synonym_threshold": 1.5}, "'synonym_threshold' parameter of quality_report must be a float in (0, 1]"),
    ({"expected_start": "Modtaget"}, "must be a non-empty list of activity labels (not a single string)"),
    ({"backdating_days": -1}, "'backdating_days' parameter of quality_report must be an int >= 0"),
])
def test_bad_parameters(make_log, kw, text):
    with pytest.raises(InvalidParameterError) as e:
        quality_report(make_log(clean_rows(3)), **kw)
    assert text in str(e.value)
