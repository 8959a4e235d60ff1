"""The report as one self-contained, accessible HTML page (inline CSS, no scripts, no external assets).

Headings follow the document outline (h1 > h2 > h3), every table has a caption and ``<th scope>``,
severity is written out (not shown by colour alone) and colours meet WCAG AA contrast.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sagsflow.quality.model import Cell, Finding, Lang, QualityReport
from sagsflow.quality.texts import (
    count_of,
    format_number,
    format_share,
    format_value,
    heading,
    pattern_name,
)
from sagsflow.schema import DEFAULT_TIMEZONE

REFERENCE = (
    "S. Suriadi, R. Andrews, A.H.M. ter Hofstede, M.T. Wynn: Event log imperfection patterns for process "
    "mining: Towards a systematic approach to cleaning event logs. Information Systems 64 (2017) 132–150."
)
REFERENCE_URL = "https://doi.org/10.1016/j.is.2016.07.011"

#: table cells holding timestamps (ISO text in UTC), shown in local time
TIME_KEYS = frozenset({"timestamp", "start_timestamp", "registration_timestamp", "end_time", "registered_from",
                       "registered_to", "first_timestamp", "last_timestamp"})

#: text and background colour of the severity badges (WCAG AA: contrast ratio >= 4.5)
SEVERITY_COLOURS: dict[str, tuple[str, str]] = {
    "error": ("#8b0000", "#fdecea"),
    "warning": ("#5c3c00", "#fff4d6"),
    "info": ("#004a73", "#e6f3f8"),
}

CSS = """
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a; background: #fff;
       margin: 0; line-height: 1.5; }
main { max-width: 72rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.8rem; margin: 0 0 .25rem; }
h2 { font-size: 1.35rem; margin: 2rem 0 .5rem; border-bottom: 2px solid #1a1a1a; padding-bottom: .2rem; }
h3 { font-size: 1.15rem; margin: 0 0 .4rem; }
h4 { font-size: 1rem; margin: .8rem 0 .2rem; }
p.meta { color: #444; margin: 0 0 1rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .95rem; }
caption { text-align: left; font-weight: 600; padding: .2rem 0; }
th, td { border: 1px solid #767676; padding: .3rem .55rem; text-align: left; vertical-align: top; }
thead th { background: #e8e8e8; }
tbody th { background: #f4f4f4; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
article.finding { border: 1px solid #767676; border-left-width: .5rem; padding: .8rem 1rem; margin: 1rem 0;
                  border-radius: .25rem; }
article.error { border-left-color: #a4000f; }
article.warning { border-left-color: #8a5a00; }
article.info { border-left-color: #005a8c; }
.badge { display: inline-block; font-weight: 700; padding: .05rem .45rem; border-radius: .2rem;
         border: 1px solid currentColor; }
SEVERITY_CSS
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: .4rem 0; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
a { color: #00508a; }
a:focus, a:hover { outline: 2px solid #00508a; outline-offset: 2px; }
footer { margin-top: 2.5rem; color: #333; font-size: .9rem; }
@media print { article.finding { break-inside: avoid; } }
""".replace("SEVERITY_CSS", "\n".join(
    f".sev-{sev} {{ color: {fg}; background: {bg}; }}" for sev, (fg, bg) in SEVERITY_COLOURS.items()))


def _zone() -> ZoneInfo | None:
    try:
        return ZoneInfo(DEFAULT_TIMEZONE)
    except ZoneInfoNotFoundError:  # no time-zone database: show UTC
        return None


def _time(value: str | datetime | None, zone: ZoneInfo | None) -> str:
    if value is None:
        return "–"
    try:
        t = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    except ValueError:
        return str(value)
    if zone is not None and t.tzinfo is not None:
        try:
            t = t.astimezone(zone)
        except OverflowError:  # 9999-12-31 late in the day: shown in UTC
            zone = None
    text = t.strftime("%Y-%m-%d %H:%M:%S")
    return text + ("" if zone is not None else " UTC")


def _cell(key: str, value: Cell, lang: Lang, zone: ZoneInfo | None) -> str:
    if key in TIME_KEYS and isinstance(value, str):
        return _time(value, zone)
    return format_value(key, value, lang)


def _table(rows: list[dict[str, Cell]], caption: str, lang: Lang, zone: ZoneInfo | None) -> str:
    if not rows:
        return ""
    keys = list(rows[0])
    head = "".join(f'<th scope="col">{escape(_capital(heading(k, lang)))}</th>' for k in keys)
    body = []
    for r in rows:
        cells = []
        for k in keys:
            v = r.get(k)
            cls = ' class="num"' if isinstance(v, int | float) and not isinstance(v, bool) else ""
            cells.append(f"<td{cls}>{escape(_cell(k, v, lang, zone))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (f"<table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _affected(f: Finding, lang: Lang) -> str:
    return f"{count_of(f.unit, f.count, lang)} ({format_share(f.share, lang)})"


def _finding(f: Finding, i: int, lang: Lang, zone: ZoneInfo | None) -> str:
    title, detail, effect = f.text(lang)
    sev = heading(f.severity, lang)
    return f"""<article class="finding {f.severity}" id="finding-{i}" aria-labelledby="finding-{i}-title">
<h3 id="finding-{i}-title">{escape(title)}</h3>
<dl class="facts">
<dt>{escape(heading("severity", lang))}</dt><dd><span class="badge sev-{f.severity}">{escape(sev)}</span></dd>
<dt>{escape(heading("pattern", lang))}</dt><dd>{escape(pattern_name(f.pattern.value, lang))}</dd>
<dt>{escape(heading("affected", lang))}</dt><dd>{escape(_affected(f, lang))}</dd>
<dt>{escape(heading("code", lang))}</dt><dd><code>{escape(f.code)}</code></dd>
</dl>
<h4>{escape(heading("detail", lang))}</h4>
<p>{escape(detail)}</p>
<h4>{escape(heading("effect", lang))}</h4>
<p>{escape(effect)}</p>
{_table(f.examples, heading("examples", lang), lang, zone)}
{_table(f.breakdown, heading("breakdown", lang), lang, zone)}
</article>"""


def render_html(report: QualityReport, *, lang: Lang | None = None) -> str:
    """The report as a complete HTML document in English (``"en"``) or Danish (``"da"``); default: the current
    language (:mod:`sagsflow.i18n`)."""
    if lang is None:
        from sagsflow.i18n import get_language

        lang = get_language()
    if lang not in ("en", "da"):
        from sagsflow.errors import InvalidParameterError

        raise InvalidParameterError(f"The 'lang' parameter must be 'en' or 'da'. Got {lang!r} instead.",
                                    field="lang")
    zone = _zone()
    o = report.overview
    h = lambda key: escape(heading(key, lang))  # noqa: E731
    overview_rows = [
        ("log", escape(o.log)),
        ("n_events", format_number(o.n_events, lang)),
        ("n_cases", format_number(o.n_cases, lang)),
        ("n_activities", format_number(o.n_activities, lang)),
        ("n_resources", format_number(o.n_resources, lang)),
        ("first_timestamp", _time(o.first_timestamp, zone)),
        ("last_timestamp", _time(o.last_timestamp, zone)),
        ("span_days", "–" if o.span_days is None else format_number(o.span_days, lang)),
        ("plausible_period", f"{o.plausible_first_day or '–'} – {o.plausible_last_day or '–'}"),
        ("n_quarantined", format_number(o.n_quarantined, lang)),
    ]
    overview = "".join(f'<tr><th scope="row">{h(k)}</th><td>{v}</td></tr>' for k, v in overview_rows)
    if report.findings:
        summary_rows = "".join(
            f'<tr><td><span class="badge sev-{f.severity}">{h(f.severity)}</span></td>'
            f'<th scope="row"><a href="#finding-{i}">{escape(f.text(lang)[0])}</a></th>'
            f"<td>{escape(pattern_name(f.pattern.value, lang))}</td>"
            f"<td class=\"num\">{escape(_affected(f, lang))}</td></tr>"
            for i, f in enumerate(report.findings, 1)
        )
        summary = (
            f"<table><caption>{h('summary')}</caption><thead><tr><th scope=\"col\">{h('severity')}</th>"
            f"<th scope=\"col\">{h('finding')}</th><th scope=\"col\">{h('pattern')}</th>"
            f"<th scope=\"col\">{h('affected')}</th></tr></thead><tbody>{summary_rows}</tbody></table>"
        )
        findings = summary + "\n".join(_finding(f, i, lang, zone) for i, f in enumerate(report.findings, 1))
    else:
        findings = f"<p>{h('no_findings')}</p>"
    col_rows = "".join(
        f'<tr><th scope="row">{escape(c.name)}</th><td>{h(c.kind)}</td><td>{h(c.level)}</td>'
        f"<td>{escape(c.dtype)}</td><td>{escape(c.data_class)}</td>"
        + (f'<td class="num">{format_number(c.n_missing, lang)}</td>'
           f'<td class="num">{format_share(c.share_missing, lang)}</td>' if c.in_source
           else f'<td colspan="2">{h("not_in_source")}</td>')
        + "</tr>"
        for c in report.columns
    )
    columns = (
        f"<table><caption>{h('columns')}</caption><thead><tr><th scope=\"col\">{h('column')}</th>"
        f"<th scope=\"col\">{h('kind')}</th><th scope=\"col\">{h('level')}</th><th scope=\"col\">{h('dtype')}</th>"
        f"<th scope=\"col\">{h('data_class')}</th><th scope=\"col\">{h('n_missing')}</th>"
        f"<th scope=\"col\">{h('share_missing')}</th></tr></thead><tbody>{col_rows}</tbody></table>"
    )
    params = "".join(
        f'<tr><th scope="row">{escape(k)}</th><td>{escape(format_value(k, v, lang))}</td></tr>'
        for k, v in report.parameters.items()
    )
    tz_note = f"{DEFAULT_TIMEZONE}" if zone is not None else "UTC"
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{h('title')}: {escape(o.log)}</title>
<style>{CSS}</style>
</head>
<body>
<main>
<h1>{h('title')}: {escape(o.log)}</h1>
<p class="meta">{h('generated')}: {escape(_time(report.generated_at, zone))} ({escape(tz_note)})</p>
<section aria-labelledby="overview">
<h2 id="overview">{h('overview')}</h2>
<table><caption>{h('overview')}</caption><tbody>{overview}</tbody></table>
</section>
<section aria-labelledby="findings">
<h2 id="findings">{h('findings')}</h2>
{findings}
</section>
<section aria-labelledby="columns">
<h2 id="columns">{h('columns')}</h2>
{columns}
</section>
<section aria-labelledby="parameters">
<h2 id="parameters">{h('parameters')}</h2>
<table><caption>{h('parameters')}</caption><thead><tr><th scope="col">{h('parameter')}</th>
<th scope="col">{h('value')}</th></tr></thead><tbody>{params}</tbody></table>
</section>
<footer>
<h2 id="about">{h('about')}</h2>
<p>{h('about_text')}: {escape(REFERENCE)} <a href="{REFERENCE_URL}">{REFERENCE_URL}</a></p>
</footer>
</main>
</body>
</html>
"""
