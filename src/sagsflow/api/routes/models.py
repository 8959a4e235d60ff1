"""Process models and comparisons: discover a model (BPMN XML or PNML download) and compare two filtered logs.

Both are aggregates, so viewers may use them, under the disclosure rule: a viewer's model is discovered from the
variants of at least k cases only, and a viewer's comparison hides rows (activities, transitions, variants,
histogram bins) resting on 1 to k-1 cases and the minimum and maximum case durations.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any, Literal, TypeVar

from fastapi import APIRouter
from fastapi.responses import Response
from pydantic import BaseModel, Field

from sagsflow.api.deps import Data, ReaderData
from sagsflow.api.problems import ApiProblem, problem_responses
from sagsflow.api.routes.analysis import Filtered, filtered_log
from sagsflow.api.schemas import (
    DifferencesOut,
    FilterSpec,
    HistogramOut,
    QuantilesOut,
    TableOut,
    VariantDifferencesOut,
)

router = APIRouter(prefix="/api/workspaces/{workspace_id}", tags=["models"],
                   responses=problem_responses(400, 401, 403, 404, 422))

LogName = Field(min_length=1, max_length=200, description="Name of a log in this workspace.")


class DiscoverRequest(Filtered):
    noise_threshold: float = Field(default=0.0, ge=0, le=1,
                                   description="Share of infrequent behaviour left out (0: inductive miner).")
    format: Literal["bpmn", "pnml"] = Field(default="bpmn", description="BPMN 2.0 XML or a PNML Petri net.")


_XML: dict[int | str, dict[str, Any]] = {200: {"content": {"application/xml": {"schema": {"type": "string"}}},
              "description": "The model as BPMN 2.0 XML or PNML."}}


@router.post("/logs/{log}/discover", operation_id="models-discover", response_class=Response, responses=_XML)
def discover(log: str, body: DiscoverRequest, data: ReaderData) -> Response:
    """Discover a process model with the inductive miner and download it as BPMN XML or PNML."""
    from sagsflow.discovery import InductiveMiner
    from sagsflow.discovery.miner import log_variants

    with data.ws.read():
        selected = filtered_log(data, log, body.filter)
        miner = InductiveMiner(noise_threshold=body.noise_threshold)
        if data.sees_cases:
            miner.fit(selected)
        else:
            variants = log_variants(selected)
            kept = {v: n for v, n in variants.items() if n >= data.min_group_size}
            if not kept:
                raise ApiProblem(403, f"no variant has at least {data.min_group_size} cases, so there is no model "
                                      "a viewer may see.", field="filter", hint="Widen the filter.")
            from collections import Counter

            miner.fit_variants(Counter(kept))
    if body.format == "bpmn":
        text = miner.bpmn_.to_xml()
    else:
        with tempfile.TemporaryDirectory(prefix="sagsflow-pnml-") as tmp:
            text = Path(miner.petri_net_.to_pnml(Path(tmp) / "model.pnml")).read_text(encoding="utf-8")
    name = f"{log}.{body.format}".replace('"', "")
    return Response(text, media_type="application/xml",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


class CompareRequest(BaseModel):
    log_a: str = LogName
    log_b: str = LogName
    filter_a: FilterSpec = Field(default=None, description="Filter spec applied to log A (docs/filters.md).")
    filter_b: FilterSpec = Field(default=None, description="Filter spec applied to log B.")
    alpha: float = Field(default=0.05, gt=0, lt=1)
    top_variants: int = Field(default=20, ge=1, le=1000)


class DurationsOut(BaseModel):
    """Case-duration distributions of A and B (seconds) with Mann-Whitney, Kolmogorov-Smirnov and Cliff's delta."""

    quantiles: QuantilesOut
    histogram: HistogramOut
    n_a: int
    n_b: int
    mean_a: float | None
    mean_b: float | None
    median_a: float | None
    median_b: float | None
    mann_whitney_u: float | None
    mann_whitney_p: float | None
    ks_statistic: float | None
    ks_p: float | None
    effect_size: float | None = Field(description="Cliff's delta P(B > A) - P(B < A) in [-1, 1].")
    effect_label: str
    significant: bool


class CompareOut(BaseModel):
    """What differs between A and B (see ``sagsflow.analysis.compare.compare``)."""

    activities: DifferencesOut
    transitions: DifferencesOut
    variants: VariantDifferencesOut
    durations: DurationsOut
    label_a: str
    label_b: str
    n_cases_a: int
    n_cases_b: int
    alpha: float


def _small(row: dict[str, Any], columns: tuple[str, str], k: int) -> bool:
    return any(0 < (row.get(c) or 0) < k for c in columns)


T = TypeVar("T", bound=TableOut)


def _hide(table: dict[str, Any], data: Data, out: type[T],
          columns: tuple[str, str] = ("n_cases_a", "n_cases_b")) -> T:
    if data.sees_cases:
        return out.of(table)
    rows = [r for r in table["rows"] if not _small(r, columns, data.min_group_size)]
    return out.of({**table, "rows": rows}, min_group_size=data.min_group_size,
                  n_hidden=len(table["rows"]) - len(rows))


@router.post("/compare", operation_id="models-compare")
def compare_logs(body: CompareRequest, data: ReaderData) -> CompareOut:
    """Compare two filtered logs of the workspace: activities, transitions, variants and case durations."""
    from sagsflow.analysis.compare import compare

    with data.ws.read():
        a = filtered_log(data, body.log_a, body.filter_a, "filter_a")
        b = filtered_log(data, body.log_b, body.filter_b, "filter_b")
        if not data.sees_cases:
            for x, side in ((a, "a"), (b, "b")):
                if x.n_cases < data.min_group_size:
                    raise ApiProblem(403, f"log {side.upper()} has fewer than {data.min_group_size} cases; viewers "
                                          "see only groups of at least that size.", field=f"filter_{side}")
        labels = (body.log_a, body.log_b) if body.log_a != body.log_b else (f"{body.log_a} (A)", f"{body.log_b} (B)")
        c = compare(a, b, alpha=body.alpha, top_variants=body.top_variants, labels=labels).to_dict()
    return _compare_out(c, data)


def _compare_out(c: dict[str, Any], data: Data) -> CompareOut:
    """A comparison (``Comparison.to_dict()``) as a role may see it."""
    d = dict(c.pop("durations"))
    quantiles, histogram = d.pop("quantiles"), d.pop("histogram")
    if not data.sees_cases:  # the shortest and longest case are single cases
        quantiles = {**quantiles, "rows": [r for r in quantiles["rows"] if 0 < r["quantile"] < 1]}
    durations = DurationsOut(quantiles=QuantilesOut.of(quantiles),
                             histogram=_hide(histogram, data, HistogramOut, ("n_a", "n_b")), **d)
    return CompareOut(activities=_hide(c.pop("activities"), data, DifferencesOut),
                      transitions=_hide(c.pop("transitions"), data, DifferencesOut),
                      variants=_hide(c.pop("variants"), data, VariantDifferencesOut), durations=durations, **c)


class SplitCompareRequest(Filtered):
    attribute: str = Field(min_length=1, max_length=500, description="A case attribute, e.g. kommune.")
    a: list[str | int | float | bool] = Field(min_length=1, max_length=1000, description="Values of group A.")
    b: list[str | int | float | bool] | None = Field(default=None, max_length=1000,
                                                     description="Values of group B; none: every other case.")
    alpha: float = Field(default=0.05, gt=0, lt=1)
    top_variants: int = Field(default=20, ge=1, le=1000)


@router.post("/logs/{log}/compare/split", operation_id="models-compare-split")
def compare_split(log: str, body: SplitCompareRequest, data: ReaderData) -> CompareOut:
    """Compare two groups of one (filtered) log split by a case attribute (e.g. two municipalities, or one
    against the rest): the same answer as ``/compare``; viewers need at least k cases in each group."""
    from sagsflow.analysis.compare import compare_split as split
    from sagsflow.analysis.compare import split_log

    with data.ws.read():
        flog = filtered_log(data, log, body.filter)
        if not data.sees_cases:
            for part, side in zip(split_log(flog, body.attribute, body.a, body.b), "ab", strict=True):
                if part.n_cases < data.min_group_size:
                    raise ApiProblem(403, f"group {side.upper()} has fewer than {data.min_group_size} cases; viewers "
                                          "see only groups of at least that size.", field=side)
        c = split(flog, body.attribute, body.a, body.b, alpha=body.alpha, top_variants=body.top_variants).to_dict()
    return _compare_out(c, data)
