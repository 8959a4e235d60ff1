"""JSON round trip and the self-contained, accessible HTML page."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest

from sagsflow.errors import InvalidParameterError
from sagsflow.quality import QualityReport, quality_report, write_quality_report
from sagsflow.quality.render_html import SEVERITY_COLOURS
from sagsflow.quality.texts import pattern_name
from tests.quality.quality_logs import NOW, clean_rows, local, set_time

VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr", "source"}


class Checker(HTMLParser):
    """Checks nesting and collects what the tests look at."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.headings: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1] if self.stack else None}>"
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)
        if self.stack and self.stack[-1] in ("h1", "h2", "h3", "h4"):
            self.headings.append(data.strip())


def parse(html: str) -> Checker:
    p = Checker()
    p.feed(html)
    p.close()
    assert p.stack == [], f"unclosed: {p.stack}"
    return p


@pytest.fixture
def report(make_log):
    rows = [set_time(r, local(r["timestamp"]).replace(hour=0, minute=0), registration_delay=timedelta_9h())
            if r["activity"] == "Afgjort" else r for r in clean_rows()]
    rows += [dict(rows[4])]
    return quality_report(make_log(rows), now=NOW)


def timedelta_9h():
    from datetime import timedelta

    return timedelta(hours=9)


def test_json_round_trip(report):
    assert [f.code for f in report.findings] == ["duplicate_events", "date_only_timestamps"]
    text = report.to_json()
    data = json.loads(text)
    assert data["findings"][0]["pattern"] == "collateral events"
    assert data["overview"]["n_events"] == 91
    assert QualityReport.from_json(text) == report
    assert QualityReport.from_dict(report.to_dict()) == report


def test_without_examples_keeps_aggregates_only(report):
    slim = report.without_examples()
    assert all(f.examples == [] for f in slim.findings)
    assert [f.count for f in slim.findings] == [f.count for f in report.findings]
    assert "C001" in report.to_json() and "C001" not in slim.to_json()
    assert report.findings[0].examples  # the original is unchanged


@pytest.mark.parametrize("lang", ["en", "da"])
def test_html_is_well_formed_and_accessible(report, lang):
    html = report.to_html(lang=lang)
    p = parse(html)
    html_tag = next(a for t, a in p.tags if t == "html")
    assert html_tag["lang"] == lang
    assert sum(1 for t, _ in p.tags if t == "h1") == 1
    assert all(a.get("scope") in ("col", "row") for t, a in p.tags if t == "th")
    assert all(any(t2 == "caption" for t2, _ in p.tags) for t, _ in p.tags if t == "table")
    # self-contained: no scripts, no external style sheets, images or fonts
    assert not any(t in ("script", "link", "img", "iframe") for t, _ in p.tags)
    assert "@import" not in html and "url(" not in html
    text = " ".join(p.text)
    for f in report.findings:
        assert f.text(lang)[0] in p.headings
        assert pattern_name(f.pattern.value, lang) in text
    assert "Suriadi" in text


def test_html_headings_in_danish_and_english(report):
    da, en = parse(report.to_html(lang="da")), parse(report.to_html())
    assert "Fund" in da.headings and "Hvad det betyder for analysen" in da.headings
    assert "Tidsstempler uden klokkeslæt" in da.headings
    assert "Findings" in en.headings and "What it does to the analysis" in en.headings
    assert "30 hændelser (33,0 %)" in " ".join(da.text) and "30 events (33.0 %)" in " ".join(en.text)


def test_html_escapes_labels(make_log):
    rows = clean_rows()
    for r in rows:
        if r["activity"] == "Vurderet" and r["case_id"] in ("C001", "C002"):
            r["activity"] = "<Vurderet>"
    report = quality_report(make_log(rows), now=NOW)
    assert report.codes == ["label_variants"]
    html = report.to_html()
    assert "<Vurderet>" not in html
    assert "&lt;Vurderet&gt;" in html
    parse(html)


def test_contrast_of_severity_colours():
    def luminance(hex_colour: str) -> float:
        rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    for fg, bg in SEVERITY_COLOURS.values():
        hi, lo = sorted((luminance(fg), luminance(bg)), reverse=True)
        assert (hi + 0.05) / (lo + 0.05) >= 4.5


def test_save_by_suffix(report, tmp_path):
    assert report.save(tmp_path / "r.json").read_text(encoding="utf-8").startswith("{")
    assert report.save(tmp_path / "r.html", lang="da").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    with pytest.raises(InvalidParameterError) as e:
        report.save(tmp_path / "r.pdf")
    assert "can be saved as .json or .html. Got a file ending in '.pdf'" in str(e.value)


def test_write_quality_report_for_the_cli(make_log, tmp_path):
    log = make_log(clean_rows())
    r = write_quality_report(log, html=tmp_path / "q.html", json=tmp_path / "q.json", lang="da", now=NOW,
                             batch_min_events=5)
    assert QualityReport.from_json((tmp_path / "q.json").read_text(encoding="utf-8")).overview == r.overview
    assert 'lang="da"' in (tmp_path / "q.html").read_text(encoding="utf-8")
    assert r.parameters["batch_min_events"] == 5
    assert r.summary().startswith("t: 90 events, 30 cases, 3 activities")
