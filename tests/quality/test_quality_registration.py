"""Batch registrations, backdating and registrations before the event."""

from __future__ import annotations

from datetime import timedelta

import pytest

from sagsflow.quality import Pattern, quality_report
from tests.quality.quality_logs import NOW, clean_rows, local, set_time


def codes(report):
    return {f.code for f in report.findings}


def robot_rows(n_robot: int = 25, step_seconds: float = 0.3):
    """The decisions of the first ``n_robot`` cases registered by a robot user in one run."""
    rows = clean_rows()
    t0 = local("2024-04-01 03:00")
    i = 0
    for r in rows:
        if r["activity"] == "Afgjort" and i < n_robot:
            r.update(set_time(r, t0 + timedelta(seconds=step_seconds * i), registration_delay=timedelta(0)))
            r["resource"] = "ROBOT"
            i += 1
    return rows


def test_batch_registrations(make_log):
    report = quality_report(make_log(robot_rows()), now=NOW)
    assert codes(report) == {"batch_registrations"}
    f = report.finding("batch_registrations")
    assert f.pattern is Pattern.FORM_BASED_EVENT_CAPTURE
    assert (f.count, f.metrics["n_batches"], f.metrics["largest_batch"]) == (25, 1, 25)
    assert f.breakdown[0]["resource"] == "ROBOT" and f.breakdown[0]["share_of_resource"] == 1.0
    assert f.examples[0]["most_common_activity"] == "Afgjort"
    assert f.metrics["by"] == "registration_timestamp"
    assert "robot user" in f.effect


def test_batch_thresholds(make_log):
    log = make_log(robot_rows())
    assert "batch_registrations" not in codes(quality_report(log, now=NOW, batch_min_events=30))
    assert "batch_registrations" not in codes(quality_report(log, now=NOW, batch_window_seconds=1))
    # a slow run (one event every 2 s) is a batch only for a wide enough window
    slow = make_log(robot_rows(step_seconds=2.0))
    assert "batch_registrations" not in codes(quality_report(slow, now=NOW))
    assert "batch_registrations" in codes(quality_report(slow, now=NOW, batch_window_seconds=60))


def test_runs_starting_with_tied_times_are_separate_batches(make_log):
    rows = clean_rows(44)
    runs = (local("2024-04-01 03:00"), local("2024-05-01 03:00"))
    for r in rows:
        if r["activity"] == "Afgjort":
            c = int(r["case_id"][1:])
            # a run registers 22 decisions, many in the same second
            r.update(set_time(r, runs[c // 22] + timedelta(seconds=(c % 22) // 4), registration_delay=timedelta(0)))
            r["resource"] = "ROBOT"
    f = quality_report(make_log(rows), now=NOW).finding("batch_registrations")
    assert (f.count, f.metrics["n_batches"], f.metrics["largest_batch"]) == (44, 2, 22)
    assert all(e["events"] == 22 for e in f.examples)


def test_date_only_events_are_not_batches(make_log):
    # one person, dates only, no registration time: identical midnights say nothing about registration
    rows = [set_time({**r, "resource": "R0"}, local(r["timestamp"]).replace(hour=0, minute=0),
                     registration_delay=None) for r in clean_rows()]
    report = quality_report(make_log(rows), now=NOW)
    assert "batch_registrations" not in codes(report)
    assert "date_only_timestamps" in codes(report)


def test_backdated_registrations(make_log):
    rows = clean_rows()
    for c in (1, 4, 8, 12, 20, 27):
        r = rows[3 * c + 1]
        r["registration_timestamp"] = (local(r["timestamp"]) + timedelta(days=20)).isoformat()
    report = quality_report(make_log(rows), now=NOW)
    assert codes(report) == {"backdated_registrations"}
    f = report.finding("backdated_registrations")
    assert f.pattern is Pattern.UNANCHORED_EVENT
    assert f.count == 6 and f.share == pytest.approx(6 / 90)
    assert f.metrics["median_delay_days"] == 20.0
    assert f.breakdown == [{"activity": "Vurderet", "registered": 30, "backdated": 6, "share": 0.2,
                            "median_delay_days": 20.0}]
    assert "more than 7 days after" in f.detail
    assert "backdated_registrations" not in codes(quality_report(make_log(rows), now=NOW, backdating_days=30))


def test_registered_before_event(make_log):
    rows = clean_rows()
    for i in (2, 5):
        rows[i]["registration_timestamp"] = (local(rows[i]["timestamp"]) - timedelta(days=3)).isoformat()
    report = quality_report(make_log(rows), now=NOW)
    assert codes(report) == {"registered_before_event"}
    f = report.finding("registered_before_event")
    assert f.pattern is Pattern.INADVERTENT_TIME_TRAVEL
    assert f.count == 2 and f.metrics["median_days_early"] == 3.0
