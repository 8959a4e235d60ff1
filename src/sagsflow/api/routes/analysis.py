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
from sagsflow.api.deps import AnalystData, Data, ReaderData, State
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
    """The stored log with the filter applied; for viewers, refuse case-id filters and tiny selections
    (problems name ``field``)."""
    return _filtered(data, log, spec, field)[0]


def _filtered(data: Data, log: str, spec: FilterSpec, field: str = "filter",
              state: Any = None) -> tuple[EventLog, LogKey]:
    """:func:`filtered_log` and its cache key (the viewers' case count comes from the cache when ``state``)."""
    out = data.log(log)
    key = LogKey.of(out, spec)
    if spec:
        out = out.filter(spec)
        if not data.sees_cases:
            steps = spec.get("steps", [spec]) if isinstance(spec, dict) else spec
            if any(isinstance(s, dict) and s.get("type") == "case_id" for s in steps or []):
                raise ApiProblem(403, "filtering by case id needs the analyst role.", field=field)
            flog = out
            n_cases = (flog.n_cases if state is None
                       else cached(state.cache, key, "n_cases", lambda: flog.n_cases))
            if n_cases < data.min_group_size:
                raise ApiProblem(403, f"the filter leaves fewer than {data.min_group_size} cases; viewers see "
                                      "only groups of at least that size.", field=field,
                                 hint="Widen the filter.")
    return out, key


def hide_small(table: dict[str, Any], data: Data, column: str = "n_cases", out: type[T] = TableOut) -> T:  # type: ignore[assignment]
    """Drop rows of fewer than k cases for viewers (the disclosure rule of DESIGN.md)."""
    if data.sees_cases:
        return out.of(table)
    rows = [r for r in table["rows"] if (r.get(column) or 0) >= data.min_group_size]
    hidden = len(table["rows"]) - len(rows)
    return out.of({**table, "rows": rows}, min_group_size=data.min_group_size, n_hidden=hidden)


@router.post("/map", operation_id="analysis-process-map")
def process_map(log: str, body: MapRequest, data: ReaderData, state: State) -> MapOut:
    """The directly-follows process map with the activity/path sliders, overlay and filter.

    Every node and edge carries its statistics (``frequency``, ``cases``, ``max_repetitions``, ``duration``
    with count, mean, median, min, max, total and percentiles), so a click on an element needs no other call.
    Moving the sliders or changing the overlay on the same filter is served from the aggregate cache."""
    if body.perspective == "resource" and not data.sees_cases:
        raise ApiProblem(403, "the resource perspective needs the analyst role.", field="perspective")
    with data.ws.read():
        flog, key = _filtered(data, log, body.filter, state=state)
        pm = cached_process_map(
            state.cache, key, flog, activities=body.activities, paths=body.paths, perspective=body.perspective,
            measure=body.measure, aggregation=body.aggregation, min_group_size=data.min_group_size,
            show_small_groups=data.sees_cases)
    limit = state.settings.max_result_rows
    if len(pm.edges) > limit:
        raise too_many_rows(len(pm.edges), limit, "edges",
                            "Lower the paths or activities slider, or filter the log.")
    return MapOut.model_validate(pm.to_dict())


@router.post("/statistics/activities", operation_id="analysis-activity-statistics")
def activity_statistics(log: str, body: Filtered, data: ReaderData, state: State) -> ActivitiesOut:
    """Frequency, cases, processing and waiting time per activity."""
    with data.ws.read():
        flog, key = _filtered(data, log, body.filter, state=state)
        return hide_small(cached_activities(state.cache, key, flog), data, out=ActivitiesOut)


class ResourcesOut(BaseModel):
    workload: TableOut
    handovers: TableOut
    n_hidden_resources: int
    n_hidden_handovers: int


@router.post("/statistics/resources", operation_id="analysis-resource-statistics")
def resource_statistics(log: str, body: Filtered, data: AnalystData) -> ResourcesOut:
    """Workload per resource and handovers (analysts; resources are pseudonymised at import)."""
    from sagsflow.analysis.statistics import resource_table

    with data.ws.read():
        t = resource_table(filtered_log(data, log, body.filter), min_group_size=data.min_group_size,
                           show_small_groups=True)
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
def overview(log: str, body: OverviewRequest, data: ReaderData, state: State) -> OverviewOut:
    """Key figures, throughput per week, work in progress per day, a case-duration histogram and the
    largest bottlenecks of a (filtered) log; viewers get groups of fewer than k cases blanked."""
    from sagsflow.analysis.calendar import load_calendar
    from sagsflow.api.overview import disclose

    with data.ws.read():
        flog, key = _filtered(data, log, body.filter, state=state)
        cal = load_calendar(data.ws) if body.calendar == "working" else None
        raw = cached_overview(state.cache, key, flog, cal)
    return OverviewOut.model_validate(disclose(raw, min_group_size=data.min_group_size,
                                               show_small_groups=data.sees_cases))


class VariantsRequest(Filtered):
    limit: int = Field(default=100, ge=1, le=10_000, description="Capped at SAGSFLOW_MAX_RESULT_ROWS.")


@router.post("/variants", operation_id="analysis-variants")
def list_variants(log: str, body: VariantsRequest, data: ReaderData, state: State) -> VariantsOut:
    """Variants with case counts, most frequent first; viewers see only variants of at least k cases."""
    with data.ws.read():
        flog, key = _filtered(data, log, body.filter, state=state)
        table = cached_variants(state.cache, key, flog)
    return hide_small(table.to_dict(limit=min(body.limit, state.settings.max_result_rows)), data, out=VariantsOut)
