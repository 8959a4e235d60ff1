"""Each timestamp defect triggers exactly its finding."""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sagsflow.quality import Pattern, quality_report
from tests.quality.quality_logs import CPH, NOW, clean_rows, local, set_time


def codes(report):
    return {f.code for f in report.findings}


def test_date_only_timestamps(make_log):
    rows = [set_time(r, local(r["timestamp"]).replace(hour=0, minute=0), registration_delay=timedelta(hours=9))
            if r["activity"] == "Afgjort" else r for r in clean_rows()]
    report = quality_report(make_log(rows), now=NOW)
    assert codes(report) == {"date_only_timestamps"}
    f = report.finding("date_only_timestamps")
    assert f.pattern is Pattern.UNANCHORED_EVENT
    assert f.severity == "warning"
    assert f.count == 30 and f.share == pytest.approx(1 / 3)
    assert f.metrics["n_activities_all_date_only"] == 1
    assert f.breakdown[0] == {"activity": "Afgjort", "events": 30, "date_only": 30, "share": 1.0}
    assert "durations under a day read as zero" in f.effect
    assert "30 events (33.3 %)" in f.detail


def test_date_only_in_summer_and_winter_time(make_log):
    # local midnight is 23:00 UTC in winter and 22:00 UTC in summer: both are date-only
    rows = clean_rows(4)
    rows[2] = set_time(rows[2], "2024-02-20 00:00")
    rows[5] = set_time(rows[5], "2024-07-20 00:00")
    rows[8] = set_time(rows[8], "2024-02-21T00:00:00+00:00")  # midnight UTC is not local midnight
    report = quality_report(make_log(rows), now=NOW)
    assert report.finding("date_only_timestamps").count == 2


def test_dates_at_utc_midnight(make_log):
    rows = [set_time(r, local(r["timestamp"]).strftime("%Y-%m-%dT00:00:00+00:00"))
            if r["activity"] == "Afgjort" else r for r in clean_rows()]
    report = quality_report(make_log(rows), now=NOW)
    assert codes(report) == {"utc_midnight_timestamps"}
    assert report.finding("utc_midnight_timestamps").count == 30


def test_identical_timestamps(make_log):
    rows = clean_rows()
    for i in range(0, len(rows), 3):  # Vurderet at the same instant as Modtaget
        rows[i + 1] = set_time(rows[i + 1], rows[i]["timestamp"])
    report = quality_report(make_log(rows), now=NOW)
    assert codes(report) == {"identical_timestamps"}
    f = report.finding("identical_timestamps")
    assert f.pattern is Pattern.FORM_BASED_EVENT_CAPTURE
    assert (f.count, f.metrics["n_groups"], f.metrics["n_cases_affected"]) == (60, 30, 30)
    assert f.breakdown[0]["activities"] == "Modtaget + Vurderet"
    assert f.severity == "warning"


def test_sequence_out_of_order(make_log):
    rows = clean_rows()
    for c in (2, 7, 11):  # Vurderet numbered after Afgjort
        rows[3 * c + 1]["sequence"], rows[3 * c + 2]["sequence"] = 3, 2
    report = quality_report(make_log(rows), now=NOW)
    assert codes(report) == {"sequence_out_of_order"}
    f = report.finding("sequence_out_of_order")
    assert f.pattern is Pattern.INADVERTENT_TIME_TRAVEL
    assert f.unit == "cases" and f.count == 3 and f.metrics["n_inversions_time"] == 3
    assert [e["case_id"] for e in f.examples] == ["C002", "C007", "C011"]
    assert f.examples[0]["earlier_in_time"] == "Vurderet"


def test_future_and_implausible_dates(make_log):
    rows = clean_rows()
    rows[2] = set_time(rows[2], "2025-01-10 10:00")   # Afgjort of C000 after now, within a year of the data
    rows[4] = set_time(rows[4], "1900-01-01 10:00")   # Vurderet of C001: a system default date
    rows[7] = set_time(rows[7], "2099-05-01 10:00")   # Vurderet of C002: a typo year
    report = quality_report(make_log(rows), now=NOW)
    assert codes(report) == {"future_dates", "implausible_dates"}
    fut, odd = report.finding("future_dates"), report.finding("implausible_dates")
    assert fut.count == 1 and fut.examples[0]["case_id"] == "C000"
    # the isolated dates are the log's quarantined events: named here, left out of the other checks
    assert odd.count == 2 and [e["case_id"] for e in odd.examples] == ["C001", "C002"]
    assert {(b["year"], b["activity"]) for b in odd.breakdown} == {(1900, "Vurderet"), (2099, "Vurderet")}
    assert fut.pattern is odd.pattern is Pattern.INADVERTENT_TIME_TRAVEL
    assert "2024-02-05 – 2025-01-10" in odd.detail and "every analysis leaves them out" in odd.detail
    assert report.overview.n_quarantined == 2 and report.overview.n_events == 88
    # an earlier 'now' turns more events into future ones
    later = quality_report(make_log(rows), now=local("2024-02-10 00:00"))
    assert later.finding("future_dates").count > 1


def test_quarantine_included_on_request(make_log):
    rows = clean_rows()
    rows[4] = set_time(rows[4], "1900-01-01 10:00")
    log = make_log(rows)
    report = quality_report(log.include_quarantined(), now=NOW)
    odd = report.finding("implausible_dates")
    assert odd.count == 1 and odd.metrics["included"] and "made with them included" in odd.detail
    assert report.overview.n_events == 90
    assert "Datoer uden for den plausible periode" in report.to_html(lang="da")


def test_start_after_end(make_log):
    rows = clean_rows()
    for r in rows:
        r["start_timestamp"] = (local(r["timestamp"]) - timedelta(minutes=30)).isoformat()
    rows[4]["start_timestamp"] = (local(rows[4]["timestamp"]) + timedelta(hours=1)).isoformat()
    report = quality_report(make_log(rows), now=NOW)
    assert codes(report) == {"start_after_end"}
    assert report.finding("start_after_end").count == 1


def _at_fixed_offset(rows: list[dict], hours: float) -> list[dict]:
    """Every event moved to midnight of its local date at the fixed offset UTC+hours, written as the source would
    write it in Copenhagen time (``2024-07-20T01:00:00+02:00`` for midnight at UTC+01:00 in summer)."""
    out = []
    for r in rows:
        day = local(r["timestamp"]).date()
        midnight = datetime.combine(day, time(0), tzinfo=timezone(timedelta(hours=hours)))
        out.append(set_time(r, midnight.astimezone(CPH), registration_delay=timedelta(hours=9)))
    return out


def test_midnights_at_a_fixed_offset_are_all_date_only(make_log):
    # the log: every date written as midnight at UTC+01:00 all year, so summer dates read 01:00+02:00;
    # counting local midnights only gave the winter share
    rows = _at_fixed_offset(clean_rows(40, start="2024-01-10 08:30") + clean_rows(40, start="2024-06-10 08:30"), 1)
    for k, r in enumerate(rows):
        r["case_id"] = f"{r['case_id']}-{k // 120}"
    assert sum(local(r["timestamp"]).hour == 1 for r in rows) > 100  # the summer ones are 01:00 local
    report = quality_report(make_log(rows), now=NOW)
    f = report.finding("date_only_timestamps")
    assert f.count == len(rows) and f.share == 1.0
    assert f.metrics["fixed_offset"] == "+01:00"
    assert "or at the fixed offset UTC+01:00 all year" in f.detail
    assert "batch_registration" not in codes(report)  # same-instant dates are not batches


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(quarters=st.integers(-12 * 4, 14 * 4).filter(lambda q: q != 0))
def test_midnights_at_any_fixed_offset_are_date_only(make_log, quarters: int):
    rows = _at_fixed_offset(clean_rows(30) + clean_rows(30, start="2024-07-01 10:00"), quarters / 4)
    for k, r in enumerate(rows):
        r["case_id"] = f"{r['case_id']}-{k // 90}"
    f = quality_report(make_log(rows), now=NOW).finding("date_only_timestamps")
    assert f.count == len(rows)


def test_real_times_at_one_busy_hour_are_not_dates(make_log):
    # a log with times of day: a tenth of the events at 10:00 sharp is not a fixed-offset date
    rows = clean_rows()
    for r in rows[::10]:
        r.update(set_time(r, local(r["timestamp"]).replace(hour=10, minute=0, second=0)))
    assert "date_only_timestamps" not in codes(quality_report(make_log(rows), now=NOW))
