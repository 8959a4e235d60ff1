"""A clean log has no findings; the overview and the missing-value table describe it."""

from __future__ import annotations

from sagsflow.quality import QualityReport, quality_report
from tests.quality.quality_logs import KANAL, NOW, clean_rows


def test_clean_log_has_no_findings(make_log):
    report = quality_report(make_log(clean_rows(), attributes=[KANAL]), now=NOW)
    assert report.findings == []
    assert "No data-quality problems found." in report.summary()


def test_overview_counts(make_log):
    report = quality_report(make_log(clean_rows(12), attributes=[KANAL]), now=NOW)
    o = report.overview
    assert (o.n_events, o.n_cases, o.n_activities, o.n_resources) == (36, 12, 3, 4)
    assert o.first_timestamp is not None and o.last_timestamp is not None
    assert o.span_days is not None and 4 < o.span_days < 20


def test_missing_values_per_column(make_log):
    rows = clean_rows(10)
    for r in rows[:9]:
        r["resource"] = None
    rows[0]["kanal"] = "  "  # blank text counts as missing
    report = quality_report(make_log(rows, attributes=[KANAL]), now=NOW)
    cols = {c.name: c for c in report.columns}
    assert cols["resource"].n_missing == 9
    assert cols["resource"].share_missing == 9 / 30
    assert cols["resource"].data_class == "employee_id"
    assert cols["kanal"].n_missing == 1 and cols["kanal"].kind == "attribute"
    assert cols["lifecycle"].in_source is False
    assert cols["case_id"].n_missing == 0


def test_report_is_a_typed_result(make_log):
    report = quality_report(make_log(clean_rows(5)), now=NOW)
    assert isinstance(report, QualityReport)
    assert report.parameters["batch_min_events"] == 20
    assert report.parameters["now"] == "2025-01-01T00:00:00+00:00"
