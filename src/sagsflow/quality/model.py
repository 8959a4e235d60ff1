"""The typed result of the data-quality report: overview, missing values per column, findings.

Every model is a frozen Pydantic model, so the report travels unchanged through JSON (the CLI's
``--json``, the REST API) and back: ``QualityReport.from_json(report.to_json()) == report``.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from sagsflow.errors import InvalidParameterError
from sagsflow.i18n import Lang


class Pattern(StrEnum):
    """The event-log imperfection patterns of Suriadi, Andrews, ter Hofstede and Wynn (2017)."""

    FORM_BASED_EVENT_CAPTURE = "form-based event capture"
    INADVERTENT_TIME_TRAVEL = "inadvertent time travel"
    UNANCHORED_EVENT = "unanchored event"
    SCATTERED_EVENT = "scattered event"
    ELUSIVE_CASE = "elusive case"
    SCATTERED_CASE = "scattered case"
    COLLATERAL_EVENTS = "collateral events"
    POLLUTED_LABEL = "polluted label"
    DISTORTED_LABEL = "distorted label"
    SYNONYMOUS_LABELS = "synonymous labels"
    HOMONYMOUS_LABEL = "homonymous label"


Severity = Literal["info", "warning", "error"]
Unit = Literal["events", "cases", "labels", "resources"]

#: order of severities, most severe first (the report lists findings in this order)
SEVERITY_ORDER: dict[str, int] = {"error": 0, "warning": 1, "info": 2}

Cell = str | int | float | bool | None


class Finding(BaseModel):
    """One data-quality problem found in a log.

    Attributes
    ----------
    code : str
        Stable machine-readable name, e.g. ``"date_only_timestamps"``.
    pattern : Pattern
        The Suriadi et al. (2017) imperfection pattern it matches.
    severity : {"info", "warning", "error"}
    title, detail, effect : str
        What was found, what was measured (with numbers), and what it does to the analysis, in the language
        current when the report was made (:mod:`sagsflow.i18n`); :meth:`text` gives them in either language.
    count : int
        How many ``unit`` are affected; ``share`` is ``count`` over all ``unit`` of the log.
    examples : list of dict
        A few affected case ids, activities or rows (never free-text attributes).
    breakdown : list of dict
        A small table behind the figure (for example per activity).
    metrics : dict
        The measured values the texts are made from.
    """

    model_config = ConfigDict(frozen=True)

    code: str
    pattern: Pattern
    severity: Severity
    title: str
    detail: str
    effect: str
    count: int
    share: float
    unit: Unit
    examples: list[dict[str, Cell]] = Field(default_factory=list)
    breakdown: list[dict[str, Cell]] = Field(default_factory=list)
    metrics: dict[str, Cell] = Field(default_factory=dict)

    def text(self, lang: Lang | None = None) -> tuple[str, str, str]:
        """``(title, detail, effect)`` in English or Danish (default: the current language)."""
        from sagsflow.quality.texts import finding_texts

        return finding_texts(self.code, self.metrics, lang)


class ColumnQuality(BaseModel):
    """Missing values of one column (a canonical role or an attribute)."""

    model_config = ConfigDict(frozen=True)

    name: str
    kind: Literal["role", "attribute"]
    level: Literal["event", "case"]
    dtype: str
    data_class: str
    in_source: bool
    n_missing: int
    share_missing: float


class Overview(BaseModel):
    """Size and time span of the log."""

    model_config = ConfigDict(frozen=True)

    log: str
    n_events: int
    n_cases: int
    n_activities: int
    n_resources: int
    first_timestamp: datetime | None
    last_timestamp: datetime | None
    span_days: float | None
    #: the log's plausible period (first and last local day) and the events outside it (sagsflow.plausible)
    plausible_first_day: date | None = None
    plausible_last_day: date | None = None
    n_quarantined: int = 0


class QualityReport(BaseModel):
    """The data-quality report of one log. Make one with :func:`sagsflow.quality_report`.

    Examples
    --------
    >>> import sagsflow, tempfile, pathlib
    >>> from sagsflow.quality import quality_report
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "sager.csv"
    >>> _ = p.write_text("case,activity,time\\n1,Register,2024-01-02\\n1,Decide,2024-01-05\\n")
    >>> report = quality_report(sagsflow.read_csv(p))
    >>> report.overview.n_events
    2
    >>> [f.code for f in report.findings]
    ['date_only_timestamps']
    >>> QualityReport.from_json(report.to_json()) == report
    True
    """

    model_config = ConfigDict(frozen=True)

    overview: Overview
    columns: list[ColumnQuality]
    findings: list[Finding]
    parameters: dict[str, Cell] = Field(default_factory=dict)
    generated_at: datetime

    # ----------------------------------------------------------------- access
    def finding(self, code: str) -> Finding | None:
        """The finding with this code, or None."""
        return next((f for f in self.findings if f.code == code), None)

    @property
    def codes(self) -> list[str]:
        """Codes of all findings, most severe first."""
        return [f.code for f in self.findings]

    def summary(self, lang: Lang | None = None) -> str:
        """A few plain-text lines for a terminal: sizes and one line per finding."""
        from sagsflow.quality.texts import activities_count, count_of, heading, pattern_name

        o = self.overview
        lines = [f"{o.log}: {count_of('events', o.n_events, lang)}, {count_of('cases', o.n_cases, lang)}, "
                 + activities_count(o.n_activities, lang)]
        if not self.findings:
            lines.append(heading("no_findings", lang))
        for f in self.findings:
            title = f.text(lang)[0]
            lines.append(f"[{heading(f.severity, lang)}] {title} ({pattern_name(f.pattern.value, lang)})")
        return "\n".join(lines)

    def without_examples(self) -> QualityReport:
        """A copy without the examples (case ids, resource pseudonyms, single events): aggregates
        only, for people who may not see individual cases."""
        return self.model_copy(update={"findings": [f.model_copy(update={"examples": []}) for f in self.findings]})

    # ----------------------------------------------------------------- conversions
    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-compatible Python objects."""
        return self.model_dump(mode="json")

    def to_json(self, *, indent: int | None = 2) -> str:
        """The report as a JSON document."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> QualityReport:
        """Read a report back from :meth:`to_dict`."""
        return cls.model_validate(data)

    @classmethod
    def from_json(cls, text: str) -> QualityReport:
        """Read a report back from :meth:`to_json`."""
        return cls.model_validate_json(text)

    def to_html(self, lang: Lang | None = None) -> str:
        """A self-contained, accessible HTML page (inline CSS, no scripts), in English or Danish."""
        from sagsflow.quality.render_html import render_html

        return render_html(self, lang=lang)

    def save(self, path: str | Path, *, lang: Lang | None = None) -> Path:
        """Write the report as ``.json`` or ``.html``/``.htm``, chosen by the file suffix."""
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix == ".json":
            path.write_text(self.to_json(), encoding="utf-8")
        elif suffix in (".html", ".htm"):
            path.write_text(self.to_html(lang=lang), encoding="utf-8")
        else:
            raise InvalidParameterError(
                f"the report can be saved as .json or .html. Got a file ending in {suffix or '(nothing)'!r} "
                f"instead: {str(path)!r}.",
                hint="Name the file report.json or report.html.",
                field="path",
            )
        return path
