"""Attributes of a log for the filter panel's pickers: names, values with case counts, and histograms for range
filters. Viewers see no identifiers or resources, no value of fewer than k cases, and no bin count of 1 to k-1
cases (:func:`sagsflow.api.routes.analysis.hide_small`, the rule of :func:`sagsflow.api.overview.disclose`)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import Field

from sagsflow.api.deps import AuditTrail, Data, ReaderData
from sagsflow.api.problems import ApiProblem, problem_responses
from sagsflow.api.routes.analysis import Filtered, filtered_log, hide_small
from sagsflow.api.schemas import AttributeInfoOut, AttributeValuesOut, RangeHistogramOut
from sagsflow.i18n import _
from sagsflow.schema import DataClass

router = APIRouter(prefix="/api/workspaces/{workspace_id}/logs/{log}/attributes", tags=["analysis"],
                   responses=problem_responses(400, 401, 403, 404, 422, 503))
#: data classes whose values single out people: only roles with case access pick them
_IDENTIFYING = ("citizen_id", "employee_id", "free_text")


def _check_visible(data: Data, log: str, attribute: str) -> None:
    if data.sees_cases:
        return
    schema = data.log(log).schema
    if attribute == "resource" or str(schema.data_class(attribute).value) in _IDENTIFYING:
        raise ApiProblem(403, _("the values of {attribute} identify people; they need the analyst role.",
                                attribute=repr(attribute)),
                         field="attribute")


@router.post("", operation_id="analysis-attributes")
def list_attributes(log: str, body: Filtered, data: ReaderData) -> list[AttributeInfoOut]:
    """The attributes a filter can use (activity, resource, case and event attributes) with their kind and
    number of distinct values; viewers get no identifiers, free text or resources."""
    from sagsflow.analysis.attributes import attributes
    from sagsflow.legal.employees import hidden_employee_columns

    with data.ws.read():
        flog = filtered_log(data, log, body.filter)
        infos = attributes(flog, include_resource=data.sees_cases)
        # employee columns only where the employee protection allows individual figures (a filter by one would
        # show one employee's figures: sagsflow.legal.employees.check_employee_filter)
        hidden = hidden_employee_columns(flog, data.employees) if data.employees is not None else set()
    return [AttributeInfoOut(**i.__dict__) for i in infos
            if (data.sees_cases or i.data_class not in _IDENTIFYING) and i.name not in hidden]


class ValuesRequest(Filtered):
    attribute: str = Field(min_length=1, max_length=500)
    search: str | None = Field(default=None, max_length=200, description="Only values containing this text.")
    limit: int = Field(default=100, ge=1, le=10_000, description="Capped at SAGSFLOW_MAX_RESULT_ROWS.")


@router.post("/values", operation_id="analysis-attribute-values")
def attribute_values(log: str, body: ValuesRequest, data: ReaderData, trail: AuditTrail) -> AttributeValuesOut:
    """The values of one attribute with the cases having them, most cases first (viewers: values of at least k
    cases only). The values of a column of employees (the resource, unless the mapping classes it otherwise) are
    a resource-level read, audited (``resource.read``)."""
    from sagsflow.analysis.attributes import attribute_values as values

    with data.ws.read():
        flog = filtered_log(data, log, body.filter)
        _check_visible(data, log, body.attribute)
        employees = flog.schema.data_class(body.attribute) is DataClass.EMPLOYEE_ID
        if employees and data.employees is not None:  # per-employee case counts: a resource aggregate
            from sagsflow.legal.employees import check_employee_values

            check_employee_values(flog, body.attribute, data.employees)
        table = values(flog, body.attribute, limit=body.limit, search=body.search).to_dict()
    if employees:
        trail.log("resource.read", "log", f"{data.record.id}/{log}", answer="attribute_values",
                  attribute=body.attribute, filter=body.filter)
    return hide_small(table, data, out=AttributeValuesOut)


class HistogramRequest(Filtered):
    attribute: str | None = Field(default=None, max_length=500, description="A numeric or date attribute.")
    measure: Literal["case_duration", "case_length"] | None = Field(
        default=None, description="A case measure instead of an attribute.")
    bins: int = Field(default=20, ge=1, le=200)


@router.post("/histogram", operation_id="analysis-attribute-histogram")
def histogram(log: str, body: HistogramRequest, data: ReaderData) -> RangeHistogramOut:
    """Cases per equal-width bin of a numeric or date attribute, or of the case duration or length, for a range
    filter (viewers: counts of 1 to k-1 cases blanked, no minimum or maximum)."""
    from sagsflow.analysis.attributes import attribute_histogram, case_histogram

    if (body.attribute is None) == (body.measure is None):
        raise ApiProblem(422, _("give either 'attribute' or 'measure'."), field="attribute")
    with data.ws.read():
        flog = filtered_log(data, log, body.filter)
        if body.attribute is not None:
            _check_visible(data, log, body.attribute)
            h = attribute_histogram(flog, body.attribute, bins=body.bins)
        else:
            assert body.measure is not None
            h = case_histogram(flog, body.measure, bins=body.bins)
    table = h.to_dict()
    if not data.sees_cases:  # the overview's rule for histogram bins (sagsflow.api.overview.disclose)
        k = data.min_group_size
        table = {**table, "min": None, "max": None, "min_group_size": k,
                 "rows": [{**r, "n_cases": None if 0 < r["n_cases"] < k else r["n_cases"]} for r in table["rows"]]}
    return RangeHistogramOut.of(table)
