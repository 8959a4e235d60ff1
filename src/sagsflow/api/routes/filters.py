"""Saved filters of a workspace: yours, and those others shared."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import or_, select

from sagsflow.api.deps import DB, AuditTrail, Id, ReaderData, State
from sagsflow.api.problems import not_found, problem_responses
from sagsflow.api.schemas import StoredSpec
from sagsflow.meta.models import SavedFilter

router = APIRouter(prefix="/api/workspaces/{workspace_id}/filters", tags=["filters"],
                   responses=problem_responses(401, 403, 404, 422))


class SavedFilterIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    spec: StoredSpec = Field(description="A filter spec ({'steps': [...]}) as in docs/filters.md.")
    shared: bool = False


class SavedFilterOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    name: str
    workspace_id: int
    owner_id: int
    spec: StoredSpec
    shared: bool
    created_at: datetime


@router.get("", operation_id="filters-list")
def list_filters(data: ReaderData, db: DB) -> list[SavedFilterOut]:
    """Your saved filters and the shared ones of this workspace. Viewers do not get shared filters outside their
    vocabulary (:func:`sagsflow.disclosure.outside_vocabulary`): those name case ids, employees, activities or
    values of single cases, and a viewer could not use them anyway."""
    mine_or_shared = or_(SavedFilter.owner_id == data.user.id, SavedFilter.shared)
    q = select(SavedFilter).where(SavedFilter.workspace_id == data.record.id, mine_or_shared).order_by(SavedFilter.id)
    found = [SavedFilterOut.model_validate(f) for f in db.scalars(q)]
    if data.sees_cases:
        return found
    from sagsflow.disclosure import outside_vocabulary

    return [f for f in found if f.owner_id == data.user.id or not outside_vocabulary(f.spec)]


@router.post("", operation_id="filters-create", status_code=201)
def create_filter(body: SavedFilterIn, data: ReaderData, db: DB, trail: AuditTrail, state: State) -> SavedFilterOut:
    """Save a filter spec (checked: it must be a valid spec)."""
    from sagsflow.filters.spec import FilterStack

    spec = FilterStack.from_dict(body.spec).to_dict()
    f = SavedFilter(name=body.name, workspace_id=data.record.id, owner_id=data.user.id, spec=spec,
                    shared=body.shared)
    db.add(f)
    db.flush()
    trail.log("filter.create", "saved_filter", f.id, name=f.name)
    if f.shared:  # a team's view: compute its first views now
        state.warm(data.record.path, specs=[spec])
    return SavedFilterOut.model_validate(f)


@router.put("/{filter_id}", operation_id="filters-update")
def update_filter(filter_id: Id, body: SavedFilterIn, data: ReaderData, db: DB, trail: AuditTrail,
                  state: State) -> SavedFilterOut:
    """Change one of your saved filters (name, spec, shared)."""
    from sagsflow.filters.spec import FilterStack

    f = db.get(SavedFilter, filter_id)
    if f is None or f.workspace_id != data.record.id or f.owner_id != data.user.id:
        raise not_found("saved filter")
    f.name, f.spec, f.shared = body.name, FilterStack.from_dict(body.spec).to_dict(), body.shared
    db.flush()
    trail.log("filter.update", "saved_filter", f.id, name=f.name)
    if f.shared:
        state.warm(data.record.path, specs=[f.spec])
    return SavedFilterOut.model_validate(f)


@router.delete("/{filter_id}", operation_id="filters-delete", status_code=204)
def delete_filter(filter_id: Id, data: ReaderData, db: DB, trail: AuditTrail) -> None:
    """Delete one of your saved filters."""
    f = db.get(SavedFilter, filter_id)
    if f is None or f.workspace_id != data.record.id or f.owner_id != data.user.id:
        raise not_found("saved filter")
    db.delete(f)
    trail.log("filter.delete", "saved_filter", filter_id)
