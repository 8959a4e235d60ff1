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
from sagsflow.api.deps import AnalystData, AuditTrail, Data, ReaderData, State
from sagsflow.api.problems import ApiProblem, problem_responses, too_many_rows
from sagsflow.api.schemas import ActivitiesOut, FilterSpec, MapOut, TableOut, VariantsOut
from sagsflow.log import EventLog

T = TypeVar("T", bound=TableOut)

router = APIRouter(prefix="/api/workspaces/{workspace_id}/logs/{log}", tags=["analysis"],
                   responses=problem_responses(400, 401, 403, 404, 422, 503))


class Filtered(BaseModel):
    filter: FilterSpec = Field(default=None, description="A filter spec as in docs/filters.md.")


class MapRequest(Filtered):
    activities: float = Field(default=1.0, ge=0, le=1)
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


@router.post("/map", operation_id="analysis-process-map")
def process_map(log: str, body: MapRequest, data: ReaderData, state: State, trail: AuditTrail) -> MapOut:
    """The directly-follows process map with the activity/path sliders, overlay and filter.

    Every node and edge carries its statistics (``frequency``, ``cases``, ``max_repetitions``, ``duration``
    with count, mean, median, min, max, total and percentiles), so a click on an element needs no other call.
    Moving the sliders or changing the overlay on the same filter is served from the aggregate cache. Viewers get
    no node or edge of fewer than k cases, and no value of a single case (minimum, maximum, most repetitions)."""
    if body.perspective == "resource" and not data.sees_cases:
        raise ApiProblem(403, "the resource perspective needs the analyst role.", field="perspective")
    with data.ws.read():
        flog, key = _filtered(data, log, body.filter, state=state)
        pm = cached_process_map(
            state.cache, key, flog, activities=body.activities, paths=body.paths, perspective=body.perspective,
            measure=body.measure, aggregation=body.aggregation, policy=data.policy)
    audit_small(trail, data, log, "map", pm.n_cases, body.filter)
    limit = state.settings.max_result_rows
    if len(pm.edges) > limit:
        raise too_many_rows(len(pm.edges), limit, "edges",
                            "Lower the paths or activities slider, or filter the log.")
    return MapOut.model_validate(pm.to_dict())


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
    return ActivitiesOut.of(release_table(table, data.policy, blank=("min_per_case", "max_per_case")))


class ResourcesOut(BaseModel):
    workload: TableOut
    handovers: TableOut
    n_hidden_resources: int
    n_hidden_handovers: int


@router.post("/statistics/resources", operation_id="analysis-resource-statistics")
def resource_statistics(log: str, body: Filtered, data: AnalystData, state: State,
                        trail: AuditTrail) -> ResourcesOut:
    """Workload per resource and handovers (analysts; resources are pseudonymised at import)."""
    from sagsflow.analysis.statistics import resource_table

    with data.ws.read():
        flog, key = _filtered(data, log, body.filter, state=state)
        t = resource_table(flog, min_group_size=data.min_group_size, show_small_groups=True)
        n = n_cases(state, key, flog)
    audit_small(trail, data, log, "resource_statistics", n, body.filter)
    return ResourcesOut(workload=TableOut.of(t.workload.to_dict()), handovers=TableOut.of(t.handovers.to_dict()),
                        n_hidden_resources=t.n_hidden_resources, n_hidden_handovers=t.n_hidden_handovers)


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
    start: str | None = Field(description="First local date of the series' time axis; None when the whole log "
                                          "is shown.")
    end: str | None = Field(description="Last local date of the series' time axis; None when the whole log is "
                                        "shown.")
    n_events_outside: int | None = Field(
        description="Events on isolated implausible dates (more than 180 days from the rest, together under "
                    "0.5 % of the events) left off the time axis; None for viewers when 1 to k-1.")


class OverviewOut(BaseModel):
    """The dashboard: key figures, weekly throughput, daily work in progress, case-duration histogram and the
    transitions where cases wait longest."""

    kpis: Kpis
    throughput: list[WeekOut]
    wip: list[WipOut]
    duration_histogram: list[BinOut]
    window: WindowOut
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
    from sagsflow.disclosure.release import release_table

    with data.ws.read():
        flog, key = _filtered(data, log, body.filter, state=state)
        table = cached_variants(state.cache, key, flog)
    n = int(table.meta["n_cases"])
    audit_small(trail, data, log, "variants", n, body.filter)
    limit = min(body.limit, state.settings.max_result_rows)
    if data.sees_cases:
        return VariantsOut.of(table.to_dict(limit=limit))
    # the variants of fewer than k cases are hidden in any case: give only the others, the rest count as hidden
    import pyarrow.compute as pc

    big = table.to_arrow().filter(pc.greater_equal(table.to_arrow().column("n_cases"), data.policy.min_group_size))
    listed = {**table.to_dict(limit=0), "rows": big.to_pylist()}
    out = release_table(listed, data.policy, partition=(), total=n)
    out["n_hidden"] = int(table.meta["n_variants"]) - len(out["rows"])
    return VariantsOut.of({**out, "rows": out["rows"][:limit]})


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
