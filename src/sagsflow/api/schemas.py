"""Request and response models shared by several routers (one model per payload)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, GetJsonSchemaHandler, PlainValidator, field_validator
from pydantic.json_schema import JsonSchemaValue

from sagsflow.filters.spec import Filter, FilterStack

Role = Literal["administrator", "analyst", "viewer", "auditor"]
JobState = Literal["queued", "running", "succeeded", "failed", "cancelled"]


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_serialization_defaults_required=True)


class UserOut(_Out):
    id: int
    username: str
    role: Role
    municipality_id: int | None
    active: bool


class MunicipalityOut(_Out):
    id: int
    name: str
    code: str | None


class WorkspaceOut(_Out):
    id: int
    name: str
    municipality_id: int


class JobOut(_Out):
    id: str
    kind: str
    state: JobState
    progress: float
    message: str | None
    error: str | None
    result: dict[str, Any] | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    workspace_id: int | None

    @field_validator("message", "error")
    @classmethod
    def _no_server_paths(cls, value: str | None) -> str | None:
        """Job messages and errors never show where the server keeps uploads or temporary files."""
        from sagsflow.api.problems import hide_paths

        return hide_paths(value)


class TableOut(BaseModel):
    """A result table: column names, rows as objects, and scalar facts about the result.

    Subclasses give ``rows`` a typed row model (``VariantsOut``, ``ActivitiesOut``, ...), so the OpenAPI schema
    and the web app's generated types name every column."""

    model_config = ConfigDict(json_schema_serialization_defaults_required=True)

    columns: list[str]
    rows: list[dict[str, Any]]
    meta: dict[str, Any] = Field(default_factory=dict)

    @classmethod
    def of(cls, data: dict[str, Any], **extra: Any) -> Self:
        """From a :class:`sagsflow.analysis._table.Table` ``to_dict()``."""
        d = dict(data)
        columns, rows = d.pop("columns"), d.pop("rows")
        return cls(columns=columns, rows=rows, meta={**d, **extra})


class _Row(BaseModel):
    """A table row with documented columns."""

    model_config = ConfigDict(json_schema_serialization_defaults_required=True)


class _OpenRow(BaseModel):
    """A table row with documented columns and further ones that depend on the log (its attributes)."""

    model_config = ConfigDict(extra="allow", json_schema_serialization_defaults_required=True)


# ----------------------------------------------------------------------------- analysis tables


class VariantRow(_Row):
    """One variant (see :class:`sagsflow.analysis.variants.Variants`)."""

    variant_id: int = Field(description="0-based rank, most frequent first.")
    activities: list[str] = Field(description="The full activity sequence.")
    n_events: int
    n_cases: int
    share: float = Field(description="n_cases / cases of the (filtered) log, in [0, 1].")
    cumulative_share: float
    mean_duration_s: float | None
    median_duration_s: float | None


class VariantsOut(TableOut):
    """Variants, most frequent first; ``meta``: ``n_cases``, ``n_variants`` (and for viewers ``min_group_size``,
    ``n_hidden``)."""

    rows: list[VariantRow]  # type: ignore[assignment]


class ActivityRow(_Row):
    """One activity (see :class:`sagsflow.analysis.statistics.ActivityTable`)."""

    activity: str
    n_events: int
    n_cases: int
    case_share: float
    min_per_case: float | None
    max_per_case: float | None
    mean_per_case: float | None
    n_processing: int | None
    mean_processing_s: float | None
    median_processing_s: float | None
    total_processing_s: float | None
    n_waiting: int | None
    mean_waiting_s: float | None
    median_waiting_s: float | None
    total_waiting_s: float | None


class ActivitiesOut(TableOut):
    """Frequency, cases, processing and waiting time per activity."""

    rows: list[ActivityRow]  # type: ignore[assignment]


class CaseRow(_OpenRow):
    """One case (see :class:`sagsflow.analysis.statistics.CaseTable`); the log's case attributes follow."""

    case_id: str
    start_time: datetime | None
    end_time: datetime | None
    duration_s: float | None
    n_events: int
    n_activities: int
    first_activity: str | None
    last_activity: str | None
    variant_id: int | None


class CasesOut(TableOut):
    """A page of the case list; ``meta``: ``n_total``, ``offset``, ``limit``."""

    rows: list[CaseRow]  # type: ignore[assignment]


class EventRow(_OpenRow):
    """One event of a case: the canonical columns present in the log, then its event attributes."""

    activity: str
    timestamp: datetime | str = Field(description="A moment; a date before year 1 (quarantined) comes as the "
                                                  "store's text, e.g. '0001-12-31 (BC) 23:06:32+00'.")
    quarantined: bool = Field(default=False, description="Outside the log's plausible period: left out of every "
                                                         "analysis by default.")


class HealthOut(BaseModel):
    """Liveness of the server."""

    status: Literal["ok"]
    version: str
    warming: int = Field(description="Logs whose first views are still being computed.")


def _raw_spec(value: Any) -> dict[str, Any] | list[Any] | None:
    """Pass a filter spec through as plain data: the library reads it (one home for the filter rules, whose
    errors name the step and field); only the outer shape is checked here."""
    if value is None or isinstance(value, dict | list):
        return value
    raise ValueError("a filter spec is an object with 'steps', a list of steps or one step (docs/filters.md)")


FilterSpec = Annotated[
    dict[str, Any] | list[Any] | None,
    PlainValidator(_raw_spec, json_schema_input_type=FilterStack | list[Filter] | Filter | None),
]
"""A filter spec in a request: documented in the OpenAPI schema as the library's filter models (a stack
``{"version": 1, "steps": [...]}``, a list of steps or one step), checked by :mod:`sagsflow.filters.spec`."""

class _DocumentedAsFilterStack:
    """Documents a plain-data field with the JSON Schema of :class:`FilterStack` (in requests and answers)."""

    @classmethod
    def __get_pydantic_json_schema__(cls, _core: Any, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return handler(FilterStack.__pydantic_core_schema__)


StoredSpec = Annotated[dict[str, Any], PlainValidator(_raw_spec), _DocumentedAsFilterStack]
"""A filter spec as stored (``FilterStack.to_dict()``): documented as the library's :class:`FilterStack`."""


class QuarantineOut(BaseModel):
    """The log's plausible period and the events outside it (quarantined: kept, left out of analyses unless the
    filter says ``include_quarantined``); see ``sagsflow.plausible`` and docs/importing.md. Counts resting on 1 to
    k-1 cases are None for viewers."""

    first_day: str | None = Field(description="First plausible local day (ISO date); None when no date is plausible.")
    last_day: str | None = Field(description="Last plausible local day (ISO date, included).")
    source: Literal["derived", "set", "partly set"] = Field(
        description="Derived from the data, or set for the log (one end or both).")
    n_events: int = Field(description="Stored events of the log.")
    n_quarantined: int | None = Field(description="Events outside the period.")
    n_cases_affected: int | None = Field(description="Cases with at least one quarantined event.")
    n_cases_left_out: int | None = Field(description="Cases whose every event is quarantined.")
    n_unrepresentable: int | None = Field(
        description="Quarantined events dated before 1800 or after 2199: never analysed, even when included.")
    included: bool = Field(description="Whether this result counts the quarantined events (include_quarantined).")


# ----------------------------------------------------------------------------- the process map


class MapNodeOut(BaseModel):
    """A node of the process map: an activity (resource, attribute value), the start/end pseudo-node, or the merged
    values of fewer than k cases (``other``)."""

    id: str
    label: str
    kind: Literal["start", "end", "node", "other"]
    frequency: int
    cases: int
    max_repetitions: int | None = Field(description="None for viewers (a single case's count).")
    duration: dict[str, float | None] | None = Field(
        description="Seconds: count, mean, median, min, max, total and percentiles; None without durations.")
    value: float | None = Field(description="The value of the active overlay.")


class MapEdgeOut(BaseModel):
    """A directly-follows edge between two node ids."""

    id: str
    source: str
    target: str
    frequency: int
    cases: int
    max_repetitions: int | None
    duration: dict[str, float | None] | None
    value: float | None


class OverlayOut(BaseModel):
    measure: Literal["frequency", "cases", "max_repetitions", "duration"]
    aggregation: str | None = Field(description="For the duration measure: mean, median, ...; else None.")


class SlidersOut(BaseModel):
    activities: float
    paths: float


class TotalsOut(BaseModel):
    nodes: int = Field(description="Nodes of the whole map, before the sliders.")
    edges: int
    activity_steps: list[int] = Field(
        description="The activities slider's scale: how many of ``nodes`` it keeps at each whole percent 0-100 "
                    "(sagsflow.analysis.process_map.slider_steps).")


class DisclosureOut(BaseModel):
    """What the disclosure rule hid or merged (roles without case access)."""

    min_group_size: int
    merged_values: int
    hidden_nodes: int
    hidden_edges: int
    note: str


class NodeFilterOut(BaseModel):
    """The event attribute and value that select the cases through one node of the map."""

    attribute: str
    equals: str


class MapOut(BaseModel):
    """The process map (``ProcessMap.to_dict``): nodes, edges, overlay, sliders and the disclosure note."""

    perspective: str
    overlay: OverlayOut
    time: Literal["calendar", "working"]
    unit: str
    sliders: SlidersOut
    n_cases: int
    n_events: int
    totals: TotalsOut
    nodes: list[MapNodeOut]
    edges: list[MapEdgeOut]
    disclosure: DisclosureOut | None
    calendar: dict[str, Any] | None = Field(description="The business calendar of working-time durations.")
    quarantine: QuarantineOut = Field(description="The events outside the log's plausible period, left out.")
    node_filters: dict[str, NodeFilterOut] | None = Field(
        default=None, description="Resource perspective only: per node label, the event attribute and value that "
        "select the cases through it as the employee protection allows (a team by its team attribute); a label "
        "that is absent may not be filtered by (a merged group of small teams).")


# ----------------------------------------------------------------------------- compliance tables


class RateRow(_OpenRow):
    """Compliance of one rule (per period and grouping attributes, which follow as further columns)."""

    rule_id: str
    rule: str | None = Field(default=None, description="The rule's title (summary only).")
    period: date | None = Field(default=None, description="First day of the period (rates over time only).")
    rate: float | None = Field(description="met / (met + violated); None when nothing was judged.")
    n_met: int
    n_violated: int
    n_pending: int
    n_not_applicable: int
    n_cases: int


class RatesOut(TableOut):
    """Compliance rates (summary or over time); viewers see groups of at least k cases only."""

    rows: list[RateRow]  # type: ignore[assignment]


class QuotaRow(_Row):
    """One cohort of a quota rule."""

    rule_id: str
    cohort: str
    n_cases: int
    n_met: int
    n_violated: int
    n_pending: int
    n_exempt: int
    share: float | None
    target: float
    status: Literal["met", "violated", "pending"]


class QuotasOut(TableOut):
    rows: list[QuotaRow]  # type: ignore[assignment]


class CaseRuleRow(_OpenRow):
    """One (case, rule) result: status, reason, trigger, deadline, fulfilment, days left, evidence; the case
    attributes follow."""

    case_id: str
    rule_id: str
    variant: str | None = None
    status: Literal["met", "violated", "pending", "not_applicable"]
    reason: str | None = None
    trigger_time: datetime | None = None
    deadline: datetime | None = None
    fulfilled_time: datetime | None = None
    days_left: int | None = None
    stopped_days: int | None = None
    exempt: bool | None = None


class CaseRulesOut(TableOut):
    """Per case and rule results; ``meta``: ``n_total`` (and ``offset``, ``limit`` for a page)."""

    rows: list[CaseRuleRow]  # type: ignore[assignment]


# ----------------------------------------------------------------------------- comparison tables


class DifferenceRow(_Row):
    """An activity (``activity``) or a transition (``source``, ``target``) of A against B."""

    activity: str | None = None
    source: str | None = None
    target: str | None = None
    n_events_a: int
    n_events_b: int
    per100_a: float | None
    per100_b: float | None
    relative_change: float | None = Field(description="per100_b / per100_a - 1; None when absent from A.")
    n_cases_a: int
    n_cases_b: int
    case_share_a: float | None
    case_share_b: float | None
    z: float | None
    p_value: float | None
    p_value_holm: float | None
    significant: bool
    direction: Literal["more", "less"] | None = Field(description="More or less often in B, when significant.")
    mean_duration_s_a: float | None
    mean_duration_s_b: float | None
    duration_change_s: float | None
    duration_relative_change: float | None


class DifferencesOut(TableOut):
    rows: list[DifferenceRow]  # type: ignore[assignment]


class VariantDifferenceRow(_Row):
    activities: list[str]
    n_cases_a: int
    n_cases_b: int
    share_a: float
    share_b: float
    share_change: float
    p_value: float | None


class VariantDifferencesOut(TableOut):
    rows: list[VariantDifferenceRow]  # type: ignore[assignment]


class QuantileRow(_Row):
    quantile: float
    a: float | None
    b: float | None
    change: float | None


class QuantilesOut(TableOut):
    rows: list[QuantileRow]  # type: ignore[assignment]


class BinRow(_Row):
    bin_start: float
    bin_end: float
    n_a: int
    n_b: int
    share_a: float
    share_b: float


class HistogramOut(TableOut):
    rows: list[BinRow]  # type: ignore[assignment]


# ----------------------------------------------------------------------------- conformance tables


class ActivityDeviationRow(_OpenRow):
    """Deviations at one activity: model moves (skipped) and log moves (unexpected)."""

    activity: str
    in_model: bool
    in_log: bool
    n_cases: int | None = Field(default=None, description="Cases with the activity (results stored since 0.2).")
    n_sync: int
    n_skipped: int
    n_cases_skipped: int
    n_unexpected: int
    n_cases_unexpected: int
    share_cases_deviating: float | None


class ActivityDeviationsOut(TableOut):
    rows: list[ActivityDeviationRow]  # type: ignore[assignment]


class DeviationRow(_Row):
    """One kind of deviation at one activity, long form, most frequent first."""

    activity: str
    deviation: Literal["skipped", "unexpected"]
    n_moves: int
    n_cases: int


class DeviationsOut(TableOut):
    rows: list[DeviationRow]  # type: ignore[assignment]


class ConformanceVariantRow(_OpenRow):
    """One variant's alignment: fitness, cases, deviations (further columns as the library gives them)."""

    variant_id: int
    activities: list[str]
    n_cases: int
    fitness: float | None
    n_skipped: int | None = None
    n_unexpected: int | None = None
    method: str


class ConformanceVariantsOut(TableOut):
    rows: list[ConformanceVariantRow]  # type: ignore[assignment]


class GroupConformanceRow(_OpenRow):
    """Fitness and deviations of a group of cases: a ``period`` or a case attribute's value (its name is the
    first column)."""

    n_cases: int
    mean_fitness: float | None
    share_fitting: float | None
    n_cases_deviating: int
    n_skipped: int
    n_unexpected: int
    n_cases_fallback: int


class GroupConformanceOut(TableOut):
    rows: list[GroupConformanceRow]  # type: ignore[assignment]


class FallbackRow(_Row):
    variant_id: int
    n_cases: int
    method: str


class FallbacksOut(TableOut):
    rows: list[FallbackRow]  # type: ignore[assignment]


# ----------------------------------------------------------------------------- predictions


class ScoredCase(_OpenRow):
    """One open case scored by the models; the target's columns are present when a model predicts it."""

    case_id: str
    last_activity: str | None
    n_events: int
    open_days: float | None
    remaining_days: float | None = None
    remaining_low: float | None = None
    remaining_high: float | None = None
    next_activity: str | None = None
    next_activity_p: float | None = None
    outcome_risk: float | None = None
    deadline_risk: float | None = None
    deadline: datetime | None = None
    reasons_da: str | None = None
    reasons_en: str | None = None
    model_versions: str


# ----------------------------------------------------------------------------- attribute pickers


class AttributeInfoOut(BaseModel):
    """An attribute a filter can use, and the picker it needs (values or a range)."""

    model_config = ConfigDict(json_schema_serialization_defaults_required=True)

    name: str
    level: Literal["case", "event"]
    dtype: str
    kind: Literal["category", "number", "datetime", "boolean"]
    data_class: str
    n_values: int = Field(description="Distinct values in the (filtered) log.")


class ValueRow(_Row):
    value: str | int | float | bool
    n_cases: int = Field(description="Cases with the value (event attributes: with an event having it).")
    n_events: int


class AttributeValuesOut(TableOut):
    """Values with counts, most cases first; ``meta``: ``attribute``, ``level``, ``n_values``, ``n_cases``, and for
    viewers ``min_group_size`` and ``n_hidden`` (values of fewer than k cases left out)."""

    rows: list[ValueRow]  # type: ignore[assignment]


class RangeBinRow(_Row):
    start: float
    end: float
    n_cases: int | None = Field(description="None for viewers when 1 to k-1 cases.")


class RangeHistogramOut(TableOut):
    """Cases per bin; ``meta``: ``attribute``, ``kind`` (number, datetime: epoch seconds, duration: seconds,
    count), ``min`` and ``max`` (None for viewers: they are single cases)."""

    rows: list[RangeBinRow]  # type: ignore[assignment]
