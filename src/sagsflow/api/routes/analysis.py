"""Aggregates of a log: process map, activity and resource statistics, variants.

Viewers get aggregates with groups of fewer than k cases hidden (``SAGSFLOW_MIN_GROUP_SIZE``); a filter
that leaves fewer than k cases is refused for them, as is the resource perspective.
"""

from __future__ import annotations

from typing import Any, Literal, TypeVar

from fastapi import APIRouter
from pydantic import BaseModel, Field

from sagsflow.api.aggregates import (
    LogKey,
    cached,
    cached_activities,
    cached_overview,
    cached_process_map,
    cached_variants,
)
from sagsflow.api.deps import DB, AnalystData, AuditTrail, Data, ReaderData, State
from sagsflow.api.problems import problem_responses, too_many_rows
from sagsflow.api.schemas import ActivitiesOut, FilterSpec, MapOut, QuarantineOut, TableOut, VariantsOut
from sagsflow.log import EventLog

T = TypeVar("T", bound=TableOut)

router = APIRouter(prefix="/api/workspaces/{workspace_id}/logs/{log}", tags=["analysis"],
                   responses=problem_responses(400, 401, 403, 404, 422, 503))


class Filtered(BaseModel):
    filter: FilterSpec = Field(default=None, description="A filter spec as in docs/filters.md.")


class MapRequest(Filtered):
    activities: float = Field(default=1.0, ge=0, le=1)
    activities_shown: int | None = Field(
        default=None, ge=1, le=2**31 - 1,
        description="Instead of ``activities``: the lowest slider position that shows at least this many activities "
                    "(every activity when the map has fewer); the answer's ``sliders.activities`` says which. The "
                    "web app opens a log this way.")
    paths: float = Field(default=1.0, ge=0, le=1)
    perspective: str = Field(default="activity", min_length=1, max_length=200)
    measure: Literal["frequency", "cases", "max_repetitions", "duration"] = "frequency"
    aggregation: Literal["mean", "median", "min", "max", "total", "p25", "p75", "p90", "p95"] = "mean"


def filtered_log(data: Data, log: str, spec: FilterSpec, field: str = "filter") -> EventLog:
    """The stored log with the filter applied; for roles without case access only a filter the disclosure layer
    releases (problems name ``field``)."""
    return _filtered(data, log, spec, field)[0]


def _filtered(data: Data, log: str, spec: FilterSpec, field: str = "filter",
              state: Any = None) -> tuple[EventLog, LogKey]:
    """:func:`filtered_log` and its cache key."""
    out = data.log(log)
    key = LogKey.of(out, spec)
    if spec:
        if not data.sees_cases:
            check_filter(data, out, spec, field)
        elif data.employees is not None:  # a filter per employee only where individual figures are allowed
            from sagsflow.legal.employees import check_employee_filter

            check_employee_filter(out, spec, data.employees)
        out = out.filter(spec)
    return out, key


def check_filter(data: Data, log: EventLog, spec: Any, field: str = "filter") -> None:
    """Refuse (403) a restricted role's filter the disclosure layer does not release (:mod:`sagsflow.disclosure`)."""
    from sagsflow.errors import DisclosureError

    try:
        data.groups(log).check(spec)
    except DisclosureError as exc:
        exc.field = f"{field}.{exc.field}" if exc.field else field
        raise


def audit_small(trail: AuditTrail, data: Data, log: str, answer: str, n_cases: int | None, spec: Any = None,
                **details: Any) -> None:
    """Record an analyst's answer about 1 to k-1 cases as a case-level read (``case.small_group``)."""
    from sagsflow.disclosure.release import narrowed

    if narrowed(n_cases, data.policy):
        trail.log("case.small_group", "log", f"{data.record.id}/{log}", answer=answer, n_cases=int(n_cases or 0),
                  filter=spec or None, **details)


def n_cases(state: Any, key: LogKey, flog: EventLog) -> int:
    """Cases of a filtered log (from the aggregate cache)."""
    return int(cached(state.cache, key, "n_cases", lambda: flog.n_cases))


def hide_small(table: dict[str, Any], data: Data, column: str = "n_cases", *, partition: tuple[str, ...] | None = None,
               total: Any = None, out: type[T] = TableOut) -> T:  # type: ignore[assignment]
    """A table as the user's disclosure policy releases it (:func:`sagsflow.disclosure.release.release_table`)."""
    from sagsflow.disclosure.release import release_table

    return out.of(release_table(table, data.policy, columns=(column,), partition=partition, total=total))
def employee_protection(db: DB, data: Data) -> Any:
    """The municipality's employee protection (:class:`sagsflow.legal.employees.EmployeePolicy`)."""
    if data.employees is not None:
        return data.employees
    from sagsflow.meta.legal import employee_policy

    policy = employee_policy(db, data.record.municipality_id)
    db.commit()
    return policy


@router.post("/map", operation_id="analysis-process-map")
def process_map(log: str, body: MapRequest, data: ReaderData, state: State, trail: AuditTrail, db: DB) -> MapOut:
    """The directly-follows process map with the activity/path sliders, overlay and filter.

    Every node and edge carries its statistics (``frequency``, ``cases``, ``max_repetitions``, ``duration``
    with count, mean, median, min, max, total and percentiles), so a click on an element needs no other call.
    Moving the sliders or changing the overlay on the same filter is served from the aggregate cache. Viewers get
    no node or edge of fewer than k cases, and no value of a single case (minimum, maximum, most repetitions)."""
    groups = None
    if body.perspective == "resource" and data.sees_cases:
        # employees only as the municipality's employee protection allows (sagsflow.legal.employees); a viewer's
        # map has no perspective naming people (sagsflow.disclosure.vocabulary)
        from sagsflow.legal.employees import resource_groups

        protection = employee_protection(db, data)
        with data.ws.read():
            groups = resource_groups(_filtered(data, log, body.filter, state=state)[0], protection)
    with data.ws.read():
        flog, key = _filtered(data, log, body.filter, state=state)
        pm = cached_process_map(
            state.cache, key, flog, activities=body.activities, activities_shown=body.activities_shown,
            paths=body.paths, perspective=body.perspective, measure=body.measure, aggregation=body.aggregation,
            policy=data.policy, groups=groups.labels if groups is not None else None)
    audit_small(trail, data, log, "map", pm.n_cases, body.filter)
    if groups is not None:
        trail.log("resource.read", "log", f"{data.record.id}/{log}", answer="map", use=groups.use,
                  purpose=protection.purpose or None, filter=body.filter)
    limit = state.settings.max_result_rows
    if len(pm.edges) > limit:
        raise too_many_rows(len(pm.edges), limit, "edges",
                            "Lower the paths or activities slider, or filter the log.")
    return MapOut.model_validate({**pm.to_dict(), "quarantine": quarantine(flog, data)})


@router.post("/statistics/activities", operation_id="analysis-activity-statistics")
def activity_statistics(log: str, body: Filtered, data: ReaderData, state: State, trail: AuditTrail) -> ActivitiesOut:
    """Frequency, cases, processing and waiting time per activity (viewers: activities of at least k cases, without
    the fewest and most occurrences in one case)."""
    from sagsflow.disclosure.release import release_table

    with data.ws.read():
        flog, key = _filtered(data, log, body.filter, state=state)
        table = cached_activities(state.cache, key, flog)
        n = n_cases(state, key, flog)
    audit_small(trail, data, log, "activity_statistics", n, body.filter)
    out = ActivitiesOut.of(release_table(table, data.policy, blank=("min_per_case", "max_per_case")))
    out.meta["quarantine"] = quarantine(flog, data)
    return out


class ResourcesOut(BaseModel):
    """Workload and handovers per resource group under the municipality's employee protection."""

    use: Literal["off", "team", "individual"] = Field(description="The employee protection in force: off (only "
                                                                    "the automation share), team level, or "
                                                                    "individual with a registered purpose.")
    workload: TableOut
    handovers: TableOut
    automation_share: float | None = Field(description="Share of the events with a resource done by robots and "
                                                       "system users (declared in the mapping).")
    n_automation_events: int
    n_events_with_resource: int
    n_hidden_resources: int = Field(description="Groups (teams) merged or left out: fewer employees than the "
                                                "minimum.")
    n_hidden_handovers: int
    team_attribute: str | None
    purpose: str
    quarantine: QuarantineOut


@router.post("/statistics/resources", operation_id="analysis-resource-statistics")
def resource_statistics(log: str, body: Filtered, data: AnalystData, state: State, trail: AuditTrail,
                        db: DB) -> ResourcesOut:
    """Workload per resource group and handovers between groups (analysts), as the municipality's employee
    protection allows: per team of at least the minimum number of employees, per (pseudonymised) employee only
    with a registered purpose, none when it is off; robots and system users as automation. Every call is audited
    (``resource.read``)."""
    from sagsflow.legal.employees import resource_statistics as statistics

    protection = employee_protection(db, data)
    with data.ws.read():
        flog, key = _filtered(data, log, body.filter, state=state)
        t = statistics(flog, protection, record=False)
        n = n_cases(state, key, flog)
    audit_small(trail, data, log, "resource_statistics", n, body.filter)
    trail.log("resource.read", "log", f"{data.record.id}/{log}", answer="resource_statistics", use=t.use,
              purpose=protection.purpose or None, filter=body.filter)
    d = t.to_dict()
    return ResourcesOut(use=t.use, workload=TableOut.of(d["workload"]), handovers=TableOut.of(d["handovers"]),
                        automation_share=t.automation_share, n_automation_events=t.n_automation_events,
                        n_events_with_resource=t.n_events_with_resource, n_hidden_resources=t.n_hidden_groups,
                        n_hidden_handovers=0, team_attribute=t.team_attribute, purpose=t.purpose,
                        quarantine=QuarantineOut(**quarantine(flog, data)))


class OverviewRequest(Filtered):
    calendar: Literal["calendar", "working"] = Field(
        default="calendar", description="Durations in calendar time, or in working time under the workspace's "
                                        "business calendar (calendar.yaml; Danish default).")


class Kpis(BaseModel):
    cases: int
    events: int
    activities: int
    variants: int
    mean_duration_s: float | None
    median_duration_s: float | None
    p90_duration_s: float | None
    first_event: str | None = Field(description="ISO 8601; for viewers only the local date.")
    last_event: str | None = Field(description="ISO 8601; for viewers only the local date.")


class WeekOut(BaseModel):
    week: str = Field(description="Monday of the ISO week (local date).")
    started: int | None = Field(description="None for viewers when 1 to k-1 cases.")
    ended: int | None


class WipOut(BaseModel):
    date: str
    wip: int | None = Field(description="Cases open at the end of the day (None for viewers when 1 to k-1).")


class BinOut(BaseModel):
    from_s: float
    to_s: float
    cases: int | None


class BottleneckOut(BaseModel):
    source: str
    target: str
    cases: int
    total_wait_s: float
    share: float
    median_wait_s: float


class WindowOut(BaseModel):
    start: str | None = Field(description="First local date of the log's plausible period; None when it leaves "
                                          "no event out.")
    end: str | None = Field(description="Last local date of the log's plausible period; None when it leaves no "
                                        "event out.")
    n_events_outside: int | None = Field(
        description="Events outside the plausible period (docs/importing.md): left out of this overview, or, with "
                    "include_quarantined, left off the time axis of its series; None for viewers when 1 to k-1.")


class OverviewOut(BaseModel):
    """The dashboard: key figures, weekly throughput, daily work in progress, case-duration histogram and the
    transitions where cases wait longest."""

    kpis: Kpis
    throughput: list[WeekOut]
    wip: list[WipOut]
    duration_histogram: list[BinOut]
    window: WindowOut
    quarantine: QuarantineOut
    bottlenecks: list[BottleneckOut]
    min_group_size: int | None = Field(description="k of the disclosure rule when it applied (viewers), else None.")
    n_hidden: int = Field(description="Values blanked and bottleneck rows left out by the disclosure rule.")


@router.post("/statistics/overview", operation_id="analysis-overview")
def overview(log: str, body: OverviewRequest, data: ReaderData, state: State, trail: AuditTrail) -> OverviewOut:
    """Key figures, throughput per week, work in progress per day, a case-duration histogram and the
    largest bottlenecks of a (filtered) log; viewers get groups of fewer than k cases blanked."""
    from sagsflow.analysis.calendar import load_calendar
    from sagsflow.disclosure.release import release_overview

    with data.ws.read():
        flog, key = _filtered(data, log, body.filter, state=state)
        cal = load_calendar(data.ws) if body.calendar == "working" else None
        raw = cached_overview(state.cache, key, flog, cal)
    audit_small(trail, data, log, "overview", raw["kpis"]["cases"], body.filter)
    return OverviewOut.model_validate(release_overview(raw, data.policy))


class VariantsRequest(Filtered):
    limit: int = Field(default=100, ge=1, le=10_000, description="Capped at SAGSFLOW_MAX_RESULT_ROWS.")


@router.post("/variants", operation_id="analysis-variants")
def list_variants(log: str, body: VariantsRequest, data: ReaderData, state: State, trail: AuditTrail) -> VariantsOut:
    """Variants with case counts, most frequent first; viewers see only variants of at least k cases (and, when
    the hidden ones would hold 1 to k-1 cases together, not the smallest shown ones either)."""
    from sagsflow.disclosure.release import release_variants

    with data.ws.read():
        flog, key = _filtered(data, log, body.filter, state=state)
        table = cached_variants(state.cache, key, flog)
    audit_small(trail, data, log, "variants", int(table.meta["n_cases"]), body.filter)
    limit = min(body.limit, state.settings.max_result_rows)
    return VariantsOut.of(release_variants(table, data.policy, limit=limit), quarantine=quarantine(flog, data))


def quarantine(flog: EventLog, data: Data) -> dict[str, Any]:
    """The ``quarantine`` account an answer about ``flog`` carries, as the user's policy releases it."""
    from sagsflow.api.overview import quarantine_of

    return quarantine_of(flog, data.policy)


class DisclosureOut(BaseModel):
    """What the disclosure rule lets a viewer select in a log (:meth:`sagsflow.disclosure.ReleasedGroups.to_dict`)."""

    min_group_size: int = Field(description="k: every released group holds at least k cases.")
    n_groups: int
    smallest_group: int
    published: list[str] = Field(description="Case attributes viewers may filter and group by.")
    unpublished: dict[str, str] = Field(description="The other case attributes, with the reason.")
    allowed: dict[str, list[str]] = Field(
        description="Per coordinate what a filter may name everywhere: attribute values, month starts of the "
                    "first (start) and last (end) event, duration and length bounds; a filter combining several "
                    "may name more where the rest of it selects groups that follow them.")
    sees_cases: bool = Field(description="Whether you see cases (analysts): then any filter is answered.")


@router.get("/disclosure", operation_id="analysis-disclosure")
def disclosure(log: str, data: ReaderData) -> DisclosureOut:
    """The released groups of a log: what a viewer's filters may select (published attributes, whole months,
    duration and length bands) so that no answer, nor any difference of answers, rests on fewer than k cases."""
    with data.ws.read():
        groups = data.groups(data.log(log))
    return DisclosureOut(**groups.to_dict(), sees_cases=data.sees_cases)
