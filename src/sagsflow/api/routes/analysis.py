"""Aggregates of a log: process map, activity and resource statistics, variants.

Viewers get aggregates with groups of fewer than k cases hidden (``SAGSFLOW_MIN_GROUP_SIZE``); a filter
that leaves fewer than k cases is refused for them, as is the resource perspective.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from sagsflow.api.deps import AnalystData, Data, ReaderData
from sagsflow.api.problems import ApiProblem, problem_responses
from sagsflow.api.schemas import FilterSpec, TableOut
from sagsflow.log import EventLog

router = APIRouter(prefix="/api/workspaces/{workspace_id}/logs/{log}", tags=["analysis"],
                   responses=problem_responses(400, 401, 403, 404, 422))


class Filtered(BaseModel):
    filter: FilterSpec = Field(default=None, description="A filter spec as in docs/filters.md.")


class MapRequest(Filtered):
    activities: float = Field(default=1.0, ge=0, le=1)
    paths: float = Field(default=1.0, ge=0, le=1)
    perspective: str = Field(default="activity", min_length=1, max_length=200)
    measure: Literal["frequency", "cases", "max_repetitions", "duration"] = "frequency"
    aggregation: Literal["mean", "median", "min", "max", "total", "p25", "p75", "p90", "p95"] = "mean"


class MapOut(BaseModel):
    """The process map (see ``ProcessMap.to_dict``): nodes, edges, overlay, sliders, disclosure note."""

    model_config = {"extra": "allow"}
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    n_cases: int
    n_events: int


def filtered_log(data: Data, log: str, spec: FilterSpec, field: str = "filter") -> EventLog:
    """The stored log with the filter applied; for viewers, refuse case-id filters and tiny selections
    (problems name ``field``)."""
    data.check_log(log)
    out = data.ws.log(log)
    if spec:
        out = out.filter(spec)
        if not data.sees_cases:
            steps = spec.get("steps", [spec]) if isinstance(spec, dict) else spec
            if any(isinstance(s, dict) and s.get("type") == "case_id" for s in steps or []):
                raise ApiProblem(403, "filtering by case id needs the analyst role.", field=field)
            if out.n_cases < data.min_group_size:
                raise ApiProblem(403, f"the filter leaves fewer than {data.min_group_size} cases; viewers see "
                                      "only groups of at least that size.", field=field,
                                 hint="Widen the filter.")
    return out


def hide_small(table: dict[str, Any], data: Data, column: str = "n_cases") -> TableOut:
    """Drop rows of fewer than k cases for viewers (the disclosure rule of DESIGN.md)."""
    if data.sees_cases:
        return TableOut.of(table)
    rows = [r for r in table["rows"] if (r.get(column) or 0) >= data.min_group_size]
    hidden = len(table["rows"]) - len(rows)
    return TableOut.of({**table, "rows": rows}, min_group_size=data.min_group_size, n_hidden=hidden)


@router.post("/map", operation_id="analysis-process-map")
def process_map(log: str, body: MapRequest, data: ReaderData) -> MapOut:
    """The directly-follows process map with the activity/path sliders, overlay and filter."""
    from sagsflow.analysis.process_map import discover_process_map

    if body.perspective == "resource" and not data.sees_cases:
        raise ApiProblem(403, "the resource perspective needs the analyst role.", field="perspective")
    with data.ws.read():
        pm = discover_process_map(
            filtered_log(data, log, body.filter), activities=body.activities, paths=body.paths,
            perspective=body.perspective, measure=body.measure, aggregation=body.aggregation,
            min_group_size=data.min_group_size, show_small_groups=data.sees_cases)
        return MapOut.model_validate(pm.to_dict())


@router.post("/statistics/activities", operation_id="analysis-activity-statistics")
def activity_statistics(log: str, body: Filtered, data: ReaderData) -> TableOut:
    """Frequency, cases, processing and waiting time per activity."""
    from sagsflow.analysis.statistics import activity_table

    with data.ws.read():
        return hide_small(activity_table(filtered_log(data, log, body.filter)).to_dict(), data)


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


class VariantsRequest(Filtered):
    limit: int = Field(default=100, ge=1, le=10_000)


@router.post("/variants", operation_id="analysis-variants")
def list_variants(log: str, body: VariantsRequest, data: ReaderData) -> TableOut:
    """Variants with case counts, most frequent first; viewers see only variants of at least k cases."""
    from sagsflow.analysis.variants import variants

    with data.ws.read():
        table = variants(filtered_log(data, log, body.filter)).top(body.limit).to_dict()
    return hide_small(table, data)
