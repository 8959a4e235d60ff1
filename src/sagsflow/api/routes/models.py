"""Process models and comparisons: discover a model (BPMN XML or PNML download) and compare two filtered logs.

Both are aggregates, so viewers may use them, under the disclosure rule (:mod:`sagsflow.disclosure`): a viewer's
filters must select whole released groups, a viewer's model is discovered from the variants of at least k cases
only, and a viewer's comparison hides rows (activities, transitions, variants, histogram bins) resting on 1 to k-1
cases and the minimum and maximum case durations. An analyst's answer about 1 to k-1 cases is audited.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any, Literal

from fastapi import APIRouter
from fastapi.responses import Response
from pydantic import BaseModel, Field

from sagsflow.api.deps import AuditTrail, ReaderData, State
from sagsflow.api.problems import ApiProblem, problem_responses
from sagsflow.api.routes.analysis import Filtered, _filtered, audit_small, n_cases, quarantine
from sagsflow.api.schemas import (
    DifferencesOut,
    FilterSpec,
    HistogramOut,
    QuantilesOut,
    QuarantineOut,
    VariantDifferencesOut,
)
from sagsflow.i18n import _

router = APIRouter(prefix="/api/workspaces/{workspace_id}", tags=["models"],
                   responses=problem_responses(400, 401, 403, 404, 422))

LogName = Field(min_length=1, max_length=200, description="Name of a log in this workspace.")


class DiscoverRequest(Filtered):
    miner: Literal["inductive", "split"] = Field(
        default="inductive", description="inductive: inductive miner (sound by construction); split: Split Miner "
                                         "(simpler, more precise BPMN; needs Java on the server).")
    noise_threshold: float = Field(default=0.0, ge=0, le=1,
                                   description="Share of infrequent behaviour left out (0: inductive miner).")
    eta: float = Field(default=0.4, ge=0, le=1, description="Split Miner: frequency percentile of the arcs kept.")
    epsilon: float = Field(default=0.1, ge=0, le=1, description="Split Miner: parallelism threshold.")
    seed: int = Field(default=0, ge=-(2 ** 63), lt=2 ** 63,
                      description="Split Miner: seed of its random source; the same variants, parameters and seed "
                                  "give the same model.")
    replace_ors: bool = Field(default=True,
                              description="Split Miner: replace its inclusive (OR) gateways with exclusive or "
                                          "parallel ones (alignments many times faster; the model may reject "
                                          "behaviour the OR-kept model accepts, see docs/discovery.md); false "
                                          "keeps them.")
    format: Literal["bpmn", "pnml"] = Field(default="bpmn", description="BPMN 2.0 XML or a PNML Petri net.")


_XML: dict[int | str, dict[str, Any]] = {200: {"content": {"application/xml": {"schema": {"type": "string"}}},
              "description": "The model as BPMN 2.0 XML or PNML."}}


def _fit(log: str, body: DiscoverRequest, data: Any, state: Any, trail: Any,
         action: str) -> tuple[Any, Any, str]:
    """The fitted miner, the variants it was fitted on (viewers: only variants of at least k cases) and its BPMN
    XML.

    From the aggregate cache, so the model drawn, its scores and its downloads are one model (Split Miner 1.7.1
    does not draw the same model on every run) and a second request does not run the miner again."""
    from collections import Counter

    from sagsflow.disclosure.release import model_variants
    from sagsflow.discovery import log_variants, make_miner, miner_params

    with data.ws.read():
        selected, key = _filtered(data, log, body.filter, state=state)
        n = n_cases(state, key, selected) if data.sees_cases else None
        variants = log_variants(selected)
    k = None if data.sees_cases else data.policy.min_group_size
    if k is not None:
        variants = Counter(model_variants(variants, data.policy))
        if not variants:
            raise ApiProblem(403, f"no variant has at least {k} cases, so there is no model a viewer may see.",
                             field="filter", hint="Widen the filter.")

    chosen: dict[str, Any] = dict(noise_threshold=body.noise_threshold, eta=body.eta, epsilon=body.epsilon,
                                  seed=body.seed, replace_ors=body.replace_ors)

    def fit() -> tuple[Any, str]:
        miner = make_miner(body.miner, **chosen)
        miner.fit_variants(variants)
        return miner, miner.bpmn_.to_xml()  # the XML once: each export gives the diagram new ids

    params = miner_params(body.miner, **chosen)
    # a model is a few MB (Petri net, BPMN, layout): count it as 4 MB in the cache's budget
    miner, xml = state.cache.get(key.key("model", k, params), fit, size=lambda m: (4 << 20) + 2 * len(m[1]))
    audit_small(trail, data, log, action, n, body.filter)
    return miner, variants, xml


@router.post("/logs/{log}/discover", operation_id="models-discover", response_class=Response, responses=_XML)
def discover(log: str, body: DiscoverRequest, data: ReaderData, state: State, trail: AuditTrail) -> Response:
    """Discover a process model with the inductive miner or Split Miner and download it as BPMN XML or PNML
    (viewers: from the variants of at least k cases)."""
    miner, _, xml = _fit(log, body, data, state, trail, "discover")
    if body.format == "bpmn":
        text = xml
    else:
        with tempfile.TemporaryDirectory(prefix="sagsflow-pnml-") as tmp:
            text = Path(miner.petri_net_.to_pnml(Path(tmp) / "model.pnml")).read_text(encoding="utf-8")
    name = f"{log}.{body.format}".replace('"', "")
    return Response(text, media_type="application/xml",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


class ModelScoresOut(BaseModel):
    fitness: float | None = Field(description="Alignment fitness (PM4Py's average trace fitness), weighted by "
                                  "cases; None when every variant was left out.")
    precision: float | None = Field(description="ETConformance precision on one optimal alignment per variant; "
                                    "None when every variant was left out.")
    f_score: float | None
    precision_method: str
    size: int = Field(description="Nodes of the BPMN model.")
    gateways: int
    cfc: int = Field(description="Control-flow complexity.")
    n_variants: int
    n_variants_left_out: int = Field(description="Variants whose alignment took too long (left out).")
    seconds: float


@router.post("/logs/{log}/discover/scores", operation_id="models-scores")
def scores(log: str, body: DiscoverRequest, data: ReaderData, state: State, trail: AuditTrail) -> ModelScoresOut:
    """Discover the model as ``discover`` does and score it on the variants it was discovered from: fitness,
    precision, F-score, size, gateways, control-flow complexity."""
    from sagsflow.discovery.quality import model_scores

    miner, variants, _ = _fit(log, body, data, state, trail, "discover")
    return ModelScoresOut(**model_scores(miner, variants))


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
    quarantine_a: QuarantineOut
    quarantine_b: QuarantineOut


@router.post("/compare", operation_id="models-compare")
def compare_logs(body: CompareRequest, data: ReaderData, state: State, trail: AuditTrail) -> CompareOut:
    """Compare two filtered logs of the workspace: activities, transitions, variants and case durations (viewers:
    nothing resting on 1 to k-1 cases of either side, no shortest or longest case)."""
    from sagsflow.analysis.compare import compare
    from sagsflow.disclosure.release import release_compare

    with data.ws.read():
        a, _ = _filtered(data, body.log_a, body.filter_a, "filter_a", state=state)
        b, _ = _filtered(data, body.log_b, body.filter_b, "filter_b", state=state)
        labels = (body.log_a, body.log_b) if body.log_a != body.log_b else (f"{body.log_a} (A)", f"{body.log_b} (B)")
        c = release_compare(compare(a, b, alpha=body.alpha, top_variants=body.top_variants,
                                    labels=labels).to_dict(), data.policy)
        c["quarantine_a"], c["quarantine_b"] = quarantine(a, data), quarantine(b, data)
    for side, log, spec in (("a", body.log_a, body.filter_a), ("b", body.log_b, body.filter_b)):
        audit_small(trail, data, log, f"compare_{side}", c[f"n_cases_{side}"], spec)
    return _compare_out(c)


def _compare_out(c: dict[str, Any]) -> CompareOut:
    """A released comparison (``release_compare(Comparison.to_dict())``) as the typed answer."""
    d = dict(c.pop("durations"))
    quantiles, histogram = d.pop("quantiles"), d.pop("histogram")
    durations = DurationsOut(quantiles=QuantilesOut.of(quantiles), histogram=HistogramOut.of(histogram), **d)
    return CompareOut(activities=DifferencesOut.of(c.pop("activities")),
                      transitions=DifferencesOut.of(c.pop("transitions")),
                      variants=VariantDifferencesOut.of(c.pop("variants")), durations=durations, **c)


class SplitCompareRequest(Filtered):
    attribute: str = Field(min_length=1, max_length=500, description="A case attribute, e.g. kommune.")
    a: list[str | int | float | bool] = Field(min_length=1, max_length=1000, description="Values of group A.")
    b: list[str | int | float | bool] | None = Field(default=None, max_length=1000,
                                                     description="Values of group B; none: every other case.")
    alpha: float = Field(default=0.05, gt=0, lt=1)
    top_variants: int = Field(default=20, ge=1, le=1000)


@router.post("/logs/{log}/compare/split", operation_id="models-compare-split")
def compare_split(log: str, body: SplitCompareRequest, data: ReaderData, state: State,
                  trail: AuditTrail) -> CompareOut:
    """Compare two groups of one (filtered) log split by a case attribute (e.g. two municipalities, or one
    against the rest): the same answer as ``/compare``. Viewers split by published attributes only, and each
    group needs at least k cases."""
    from sagsflow.analysis.compare import compare_split as split
    from sagsflow.analysis.compare import split_log
    from sagsflow.disclosure.release import release_compare

    with data.ws.read():
        flog, _key = _filtered(data, log, body.filter, state=state)
        if not data.sees_cases:
            data.groups(data.log(log)).check_grouping([body.attribute], field_name="attribute")
            for part, side in zip(split_log(flog, body.attribute, body.a, body.b), "ab", strict=True):
                if part.n_cases < data.min_group_size:
                    raise ApiProblem(403, _("group {side} has fewer than {k} cases; viewers see only groups of at "
                                            "least that size.", side=side.upper(), k=data.min_group_size),
                                     field=side)
        c = release_compare(split(flog, body.attribute, body.a, body.b, alpha=body.alpha,
                                  top_variants=body.top_variants).to_dict(), data.policy)
        # both groups come from the one filtered log: its quarantine account holds for each
        c["quarantine_a"] = c["quarantine_b"] = quarantine(flog, data)
    for side in "ab":
        audit_small(trail, data, log, f"compare_split_{side}", c[f"n_cases_{side}"], body.filter)
    return _compare_out(c)
