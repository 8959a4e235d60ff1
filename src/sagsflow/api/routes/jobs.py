"""Background jobs: list, get, cancel (your municipality's jobs; your own unless administrator)."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import select

from sagsflow.api.deps import DB, CurrentUser, State
from sagsflow.api.problems import not_found, problem_responses
from sagsflow.api.schemas import JobOut
from sagsflow.meta.models import Job, User, WorkspaceRecord

router = APIRouter(prefix="/api/jobs", tags=["jobs"], responses=problem_responses(401, 403, 404, 422))


def _visible(db: DB, user: User, job: Job | None) -> Job:
    if job is None:
        raise not_found("job")
    if job.owner_id == user.id:
        return job
    if user.role == "administrator":
        ws = db.get(WorkspaceRecord, job.workspace_id) if job.workspace_id else None
        if user.is_global_admin or (ws is not None and ws.municipality_id == user.municipality_id):
            return job
    raise not_found("job")


@router.get("", operation_id="jobs-list")
def list_jobs(user: CurrentUser, db: DB) -> list[JobOut]:
    """Your jobs, newest first (an administrator sees the jobs of their municipality's workspaces)."""
    q = select(Job).order_by(Job.created_at.desc()).limit(500)
    if user.is_global_admin:
        pass
    elif user.role == "administrator":
        q = q.join(WorkspaceRecord, Job.workspace_id == WorkspaceRecord.id).where(
            WorkspaceRecord.municipality_id == user.municipality_id)
    else:
        q = q.where(Job.owner_id == user.id)
    return [JobOut.model_validate(j) for j in db.scalars(q)]


@router.get("/{job_id}", operation_id="jobs-get")
def get_job(job_id: str, user: CurrentUser, db: DB) -> JobOut:
    """A job's state, progress and error."""
    return JobOut.model_validate(_visible(db, user, db.get(Job, job_id)))


@router.post("/{job_id}/cancel", operation_id="jobs-cancel", responses=problem_responses(409))
def cancel_job(job_id: str, user: CurrentUser, db: DB, state: State) -> JobOut:
    """Cancel a queued or running job (a running import stops at its next step and changes nothing)."""
    _visible(db, user, db.get(Job, job_id))
    job = state.runner.cancel(job_id)
    assert job is not None
    return JobOut.model_validate(job)
