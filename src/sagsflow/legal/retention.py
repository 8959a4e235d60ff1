"""Retention: how long the events of each log are kept, and their deletion from everything made from them.

A retention period is set per log (:func:`set_retention`, ``sagsflow retention set``): the number of days an event
is kept after its time, and the reason (the rule or the decision that sets it). :func:`apply_retention` (``sagsflow
retention apply``, and the server's scheduled job) deletes, in one transaction per log:

- every **event** older than the period (``timestamp`` before the cut-off day), and every **case** left without an
  event; a case that began before the cut-off and goes on after it keeps only its later events (counted as
  ``cases_truncated``);
- the **derived tables** of the log (cases, activities, the successor table), rebuilt from the events kept;
- the **saved results** made from the log: predictions recorded for deleted cases (``sf_predictions``), and saved
  compliance results of the log (their rows point at case numbers that changed; run them again);
- the **caches** of the log's columns in this process (the server drops its aggregate cache of the log too);

and flags the **models** trained on the log for retraining (:func:`models_to_retrain`): they were fitted on events
that are gone. The counts go to the workspace's legal log (``retention.apply``), and on the server to its audit log.
The server keeps no export files (exports are streamed; uploads are deleted after their import).

Examples
--------
>>> import sagsflow as sp                                         # doctest: +SKIP
>>> from sagsflow.legal.retention import set_retention, apply_retention
>>> set_retention(ws, "dagpenge", days=5 * 365, reason="the municipality's retention plan, 5 years")  # doctest: +SKIP
>>> [r.events_deleted for r in apply_retention(ws)]               # doctest: +SKIP
[1204]
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from sagsflow.errors import InvalidParameterError
from sagsflow.i18n import _
from sagsflow.store.workspace import fetch_one, fetch_value

if TYPE_CHECKING:
    from sagsflow.store.workspace import Workspace

_DDL = [
    """CREATE TABLE IF NOT EXISTS sf_retention (
        log_name VARCHAR PRIMARY KEY, days INTEGER, reason VARCHAR, set_by VARCHAR, set_at TIMESTAMPTZ)""",
    """CREATE TABLE IF NOT EXISTS sf_model_flags (
        model_name VARCHAR, model_version INTEGER, reason VARCHAR, flagged_at TIMESTAMPTZ,
        PRIMARY KEY (model_name, model_version))""",
]


def _ensure(ws: Workspace) -> None:
    for ddl in _DDL:
        ws.con.execute(ddl)


@dataclass(frozen=True)
class Retention:
    """The retention period of one log: events are kept ``days`` days after their time."""

    log: str
    days: int
    reason: str = ""
    set_by: str | None = None
    set_at: datetime | None = None

    def cutoff(self, at: datetime | None = None) -> datetime:
        """The first moment kept: midnight (UTC) of the day ``days`` days before ``at`` (default now)."""
        day = (at or datetime.now(UTC)).astimezone(UTC).date() - timedelta(days=self.days)
        return datetime.combine(day, time(0), tzinfo=UTC)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["set_at"] = self.set_at.isoformat() if self.set_at else None
        return d


@dataclass(frozen=True)
class RetentionReport:
    """What one retention run deleted from one log (and what it flagged)."""

    log: str
    days: int
    cutoff: datetime
    events_deleted: int
    cases_deleted: int
    cases_truncated: int
    events_kept: int
    predictions_deleted: int
    compliance_results_deleted: int
    models_flagged: int
    dry_run: bool

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["cutoff"] = self.cutoff.isoformat()
        return d


def set_retention(ws: Workspace, log: str, days: int, *, reason: str = "", by: str | None = None) -> Retention:
    """Set the retention period of ``log`` (recorded in the legal log as ``retention.set``).

    Raises
    ------
    InvalidParameterError
        ``days`` is not a whole number of at least 1, or the log does not exist.
    """
    from sagsflow.legal.record import log_event

    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise InvalidParameterError(_("the retention period must be a whole number of days >= 1. Got {value} "
                                      "instead.", value=repr(days)), field="days")
    if log not in ws:
        raise ws._not_found(log)
    _ensure(ws)
    now = datetime.now(UTC)
    with ws.root._lock, ws.transaction() as con:
        con.execute("INSERT OR REPLACE INTO sf_retention VALUES (?, ?, ?, ?, ?)", [log, days, reason, by, now])
    log_event(ws, "retention.set", actor=by, object_id=log, days=days, reason=reason)
    return Retention(log, days, reason, by, now)


def retention(ws: Workspace, log: str) -> Retention | None:
    """The retention period of ``log`` (None: kept until deleted by hand)."""
    if not _has_table(ws, "main", "sf_retention"):  # reads never write (the server's readers share the file)
        return None
    row = fetch_one(ws.con, "SELECT log_name, days, reason, set_by, set_at FROM sf_retention WHERE log_name = ?",
                    [log])
    return None if row is None else Retention(str(row[0]), int(row[1]), str(row[2] or ""), row[3], row[4])


def retentions(ws: Workspace) -> list[Retention]:
    """Every log's retention period (logs without one are not listed)."""
    if not _has_table(ws, "main", "sf_retention"):
        return []
    rows = ws.con.execute("SELECT log_name, days, reason, set_by, set_at FROM sf_retention ORDER BY log_name"
                          ).fetchall()
    return [Retention(str(r[0]), int(r[1]), str(r[2] or ""), r[3], r[4]) for r in rows if str(r[0]) in ws]


def models_to_retrain(ws: Workspace) -> dict[tuple[str, int], str]:
    """The model versions flagged for retraining (their training data were deleted), with the reason."""
    if not _has_table(ws, "main", "sf_model_flags"):
        return {}
    return {(str(r[0]), int(r[1])): str(r[2]) for r in ws.con.execute(
        "SELECT model_name, model_version, reason FROM sf_model_flags ORDER BY 1, 2").fetchall()}


def _has_table(ws: Workspace, schema: str, table: str) -> bool:
    return bool(fetch_value(ws.con, "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND "
                                    "table_name = ?", [schema, table]))


def apply_retention(ws: Workspace, log: str | None = None, *, at: datetime | date | None = None,
                    dry_run: bool = False, by: str | None = None) -> list[RetentionReport]:
    """Delete what the retention periods no longer allow, from ``log`` (default: every log with a period).

    Parameters
    ----------
    at : datetime or date, optional
        The moment the periods are counted back from (default now).
    dry_run : bool
        Count only; nothing is deleted or flagged (and nothing recorded).

    Returns
    -------
    list of RetentionReport
        One per log with a retention period, with the counts (also written to the legal log).
    """
    from sagsflow.analysis.dfg import clear_cache
    from sagsflow.legal.record import log_event
    from sagsflow.store import layout
    from sagsflow.store.event_store import keep_as_parquet

    if isinstance(at, date) and not isinstance(at, datetime):
        at = datetime.combine(at, time(0), tzinfo=UTC)
    periods = retentions(ws) if log is None else [r for r in [retention(ws, log)] if r is not None]
    if log is not None and not periods:
        if log not in ws:
            raise ws._not_found(log)
        raise InvalidParameterError(_("the log {log} has no retention period.", log=repr(log)),
                                    hint=_("Set one with `sagsflow retention set`."), field="log")
    reports = []
    for period in periods:
        cut = period.cutoff(at)
        sch = layout.schema_name(period.log)
        schema = ws.schema(period.log)
        with ws.root._lock, ws.transaction() as con:
            row = fetch_one(con, f"""SELECT count(*) FILTER (WHERE e.timestamp < ?),
                    count(DISTINCT e.case_idx) FILTER (WHERE e.timestamp < ?), count(*) FROM {sch}.events e""",
                            [cut, cut])
            assert row is not None
            n_old, n_touched, n_all = int(row[0]), int(row[1]), int(row[2])
            n_cases_gone = int(fetch_value(con, f"SELECT count(*) FROM {sch}.cases WHERE end_time < ?", [cut]))
            n_pred = n_cmp = n_models = 0
            if n_old and not dry_run:
                gone_ids = f"SELECT case_id FROM {sch}.cases WHERE end_time < ?"
                if _has_table(ws, "main", "sf_predictions"):
                    n_pred = int(fetch_value(con, f"SELECT count(*) FROM sf_predictions WHERE log_name = ? AND "
                                                  f"case_id IN ({gone_ids})", [period.log, cut]))
                    con.execute(f"DELETE FROM sf_predictions WHERE log_name = ? AND case_id IN ({gone_ids})",
                                [period.log, cut])
                staged = layout.staged_from_log(period.log, schema)
                con.execute(f"CREATE OR REPLACE TEMP TABLE __sf_retained AS {staged} WHERE e.timestamp >= ?",
                            [cut])
                layout.build_log_tables(con, period.log, "__sf_retained", schema)
                keep_as_parquet(ws, con, period.log)  # a log kept as Parquet keeps only the retained events there
                con.execute("DROP TABLE __sf_retained")
                n_events, n_cases, n_acts = ws._counts(period.log)
                con.execute("UPDATE sf_logs SET updated_at = ?, n_events = ?, n_cases = ?, n_activities = ? "
                            "WHERE name = ?", [datetime.now(UTC), n_events, n_cases, n_acts, period.log])
                if _has_table(ws, "main", "sf_compliance"):
                    for (name,) in con.execute("SELECT name FROM sf_compliance WHERE log_name = ?",
                                               [period.log]).fetchall():
                        for (table,) in con.execute(
                                "SELECT table_name FROM information_schema.tables WHERE table_schema = "
                                "'compliance' AND starts_with(table_name, ?)", [f"{name}_"]).fetchall():
                            con.execute(f"DROP TABLE compliance.{layout.qident(str(table))}")
                        con.execute("DELETE FROM sf_compliance WHERE name = ?", [name])
                        n_cmp += 1
                if _has_table(ws, "main", "sf_models"):
                    _ensure(ws)
                    models = con.execute("SELECT name, version FROM sf_models WHERE log_name = ? AND "
                                         "(name, version) NOT IN (SELECT model_name, model_version FROM "
                                         "sf_model_flags)", [period.log]).fetchall()
                    reason = _("trained on events deleted by retention on {date}", date=cut.date().isoformat())
                    for name, version in models:
                        con.execute("INSERT INTO sf_model_flags VALUES (?, ?, ?, ?)",
                                    [name, version, reason, datetime.now(UTC)])
                    n_models = len(models)
        report = RetentionReport(period.log, period.days, cut, n_old, n_cases_gone, n_touched - n_cases_gone,
                                 n_all - n_old, n_pred, n_cmp, n_models, dry_run)
        if n_old and not dry_run:
            clear_cache()
        if not dry_run:
            log_event(ws, "retention.apply", actor=by, object_id=period.log, **report.to_dict())
        reports.append(report)
    return reports
