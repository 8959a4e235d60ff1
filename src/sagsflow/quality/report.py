"""``quality_report``: run every check on a stored log and collect the findings."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from sagsflow.errors import InvalidParameterError
from sagsflow.log import EventLog
from sagsflow.quality import checks_cases, checks_labels, checks_overview, checks_registration, checks_time
from sagsflow.quality.context import Context, Params
from sagsflow.quality.model import SEVERITY_ORDER, Finding, Lang, QualityReport

Check = Callable[[Context], list[Finding]]

#: the checks, in the order their findings are listed within one severity
CHECKS: tuple[Check, ...] = (
    checks_cases.check_duplicates,
    checks_time.check_granularity,
    checks_time.check_identical_timestamps,
    checks_time.check_sequence,
    checks_time.check_dates,
    checks_cases.check_start_end,
    checks_labels.check_labels,
    checks_registration.check_batches,
    checks_registration.check_backdating,
)


def quality_report(
    log: EventLog,
    *,
    now: datetime | None = None,
    batch_window_seconds: int = 10,
    batch_min_events: int = 20,
    backdating_days: int = 7,
    synonym_threshold: float = 0.85,
    expected_start: Sequence[str] | None = None,
    expected_end: Sequence[str] | None = None,
) -> QualityReport:
    """The data-quality report of a stored log: sizes, missing values and named imperfections.

    Every finding is named by the event-log imperfection pattern it matches (Suriadi et al. 2017)
    and says what it does to the analysis. All checks run as set-based SQL in the workspace's
    database.

    The report looks at the events the analyses see: events outside the log's plausible period
    (:mod:`sagsflow.plausible`) are named by the finding ``implausible_dates`` and left out of every other check,
    unless ``log`` includes them (``log.include_quarantined()``).

    Parameters
    ----------
    log : EventLog
        The log to inspect.
    now : datetime, optional
        Events after this moment are "in the future" (default: the current time; a naive datetime is
        taken as UTC).
    batch_window_seconds, batch_min_events : int
        A resource registering at least ``batch_min_events`` events within ``batch_window_seconds``
        seconds makes a batch registration.
    backdating_days : int
        Events registered more than this many days after their timestamp are backdated.
    synonym_threshold : float
        Labels at least this similar (normalised edit distance, 0..1) may be typos of each other.
    expected_start, expected_end : sequence of str, optional
        The activities a case should start (end) with; inferred from the log when not given (the
        activities that start (end) at least 5 % of the cases).

    Returns
    -------
    QualityReport
        ``.findings`` (most severe first), ``.overview``, ``.columns``; ``.to_json()``,
        ``.to_html(lang="da")``, ``.save(path)``.

    Raises
    ------
    InvalidParameterError
        For a threshold outside its range, or expected activities none of which is in the log.

    Examples
    --------
    >>> import sagsflow, tempfile, pathlib
    >>> from sagsflow.quality import quality_report
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "sager.csv"
    >>> rows = ["case,activity,time"] + [f"{c},Modtaget,2024-01-0{c} 09:00" for c in range(1, 4)]
    >>> rows += [f"{c},Afgjort,2024-01-0{c} 15:30" for c in range(1, 4)]
    >>> _ = p.write_text("\\n".join(rows) + "\\n")
    >>> report = quality_report(sagsflow.read_csv(p))
    >>> report.findings
    []
    >>> report.overview.n_cases
    3
    """
    params = _params(now, batch_window_seconds, batch_min_events, backdating_days, synonym_threshold,
                     expected_start, expected_end)
    con = log.workspace.con
    n_events, n_cases = con.execute(
        f"SELECT count(*), count(DISTINCT case_idx) FROM ({log.events_sql()})"
    ).fetchone() or (0, 0)
    window = log.plausible_window
    # the quarantined events: of the whole stored log, or among the cases a filtered log keeps
    source = log.table if not len(log.filters) else f"({log.include_quarantined().events_sql()})"
    quarantined = (f"SELECT * FROM {source} q WHERE NOT coalesce({window.condition()}, FALSE)"
                   if window.is_active else None)
    ctx = Context(con=con, events_sql=log.events_sql(), cases_sql=log.cases_sql(), schema=log.schema,
                  params=params, n_events=int(n_events), n_cases=int(n_cases), window=window,
                  quarantined_sql=quarantined, includes_quarantined=log.includes_quarantined)
    ctx.filled = checks_overview.filled_roles(ctx)
    overview = checks_overview.overview(ctx, log.name)
    columns = checks_overview.columns(ctx)
    findings: list[Finding] = checks_time.check_quarantine(ctx)
    if ctx.n_events:
        for check in CHECKS:
            findings += check(ctx)
    findings.sort(key=lambda f: SEVERITY_ORDER[f.severity])
    return QualityReport(
        overview=overview, columns=columns, findings=findings, generated_at=datetime.now(UTC),
        parameters={
            "now": params.now.isoformat(timespec="seconds"), "batch_window_seconds": batch_window_seconds,
            "batch_min_events": batch_min_events, "backdating_days": backdating_days,
            "synonym_threshold": synonym_threshold,
            "plausible_first_day": None if window.first_day is None else window.first_day.isoformat(),
            "plausible_last_day": None if window.last_day is None else window.last_day.isoformat(),
            "expected_start": None if expected_start is None else ", ".join(expected_start),
            "expected_end": None if expected_end is None else ", ".join(expected_end),
            "timezone": params.timezone,
        },
    )


def _params(now: datetime | None, window: int, min_events: int, backdating_days: int, threshold: float,
            expected_start: Sequence[str] | None, expected_end: Sequence[str] | None) -> Params:
    def bad(name: str, allowed: str, got: object) -> InvalidParameterError:
        return InvalidParameterError(
            f"The {name!r} parameter of quality_report must be {allowed}. Got {got!r} instead.", field=name
        )

    for name, value in (("batch_window_seconds", window), ("batch_min_events", min_events)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise bad(name, "an int >= 1", value)
    if min_events < 2:
        raise bad("batch_min_events", "an int >= 2", min_events)
    if not isinstance(backdating_days, int) or isinstance(backdating_days, bool) or backdating_days < 0:
        raise bad("backdating_days", "an int >= 0", backdating_days)
    if not isinstance(threshold, int | float) or not 0 < threshold <= 1:
        raise bad("synonym_threshold", "a float in (0, 1]", threshold)
    for name, seq in (("expected_start", expected_start), ("expected_end", expected_end)):
        if seq is not None and (isinstance(seq, str) or not all(isinstance(a, str) for a in seq) or not seq):
            raise bad(name, "a non-empty list of activity labels (not a single string)", seq)
    if now is None:
        now = datetime.now(UTC)
    elif now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    return Params(
        now=now, batch_window_seconds=window, batch_min_events=min_events, backdating_days=backdating_days,
        synonym_threshold=float(threshold),
        expected_start=None if expected_start is None else tuple(expected_start),
        expected_end=None if expected_end is None else tuple(expected_end),
    )


def write_quality_report(
    log: EventLog,
    *,
    html: str | Path | None = None,
    json: str | Path | None = None,
    lang: Lang | None = None,
    **options: object,
) -> QualityReport:
    """Make the report and write it as HTML and/or JSON: what ``sagsflow quality LOG`` calls.

    ``options`` are the keyword arguments of :func:`quality_report`; ``lang`` defaults to the current
    language (:mod:`sagsflow.i18n`). Returns the report, whose
    :meth:`~QualityReport.summary` the CLI prints.

    Examples
    --------
    >>> import sagsflow, tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "s.csv").write_text("case,activity,time\\n1,A,2024-01-02 09:00\\n1,B,2024-01-02 10:00\\n")
    >>> r = write_quality_report(sagsflow.read_csv(d / "s.csv"), html=d / "q.html", json=d / "q.json", lang="da")
    >>> sorted(p.name for p in d.iterdir())
    ['q.html', 'q.json', 's.csv']
    """
    from sagsflow.i18n import get_language, use_language

    lang = lang or get_language()
    if lang not in ("en", "da"):
        raise InvalidParameterError(f"The 'lang' parameter must be 'en' or 'da'. Got {lang!r} instead.", field="lang")
    with use_language(lang):  # the findings' texts (JSON too) in the report's language
        report = quality_report(log, **options)  # type: ignore[arg-type]
    if html is not None:
        Path(html).write_text(report.to_html(lang=lang), encoding="utf-8")
    if json is not None:
        Path(json).write_text(report.to_json(), encoding="utf-8")
    return report
