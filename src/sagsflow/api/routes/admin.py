"""Municipalities, users and workspaces (administrators; municipal administrators see their own)."""

from __future__ import annotations

import uuid
from datetime import datetime

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field
from sqlalchemy import select

from sagsflow.api.deps import DB, Admin, AuditTrail, CurrentUser, Id, State, reachable, workspace_record
from sagsflow.api.problems import ApiProblem, not_found, problem_responses
from sagsflow.api.schemas import MunicipalityOut, Role, UserOut, WorkspaceOut
from sagsflow.meta import accounts
from sagsflow.meta.models import ApiToken, Municipality, User, WorkspaceRecord

municipalities = APIRouter(prefix="/api/municipalities", tags=["municipalities"],
                           responses=problem_responses(401, 403, 422))
users = APIRouter(prefix="/api/users", tags=["users"], responses=problem_responses(401, 403, 404, 422))
tokens = APIRouter(prefix="/api/tokens", tags=["tokens"], responses=problem_responses(401, 403, 404, 422))
workspaces = APIRouter(prefix="/api/workspaces", tags=["workspaces"], responses=problem_responses(401, 403, 404, 422))


class MunicipalityIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    code: str | None = Field(default=None, max_length=20)


@municipalities.get("", operation_id="municipalities-list")
def list_municipalities(user: CurrentUser, db: DB) -> list[MunicipalityOut]:
    """Every municipality for a global administrator; your own otherwise."""
    q = select(Municipality).order_by(Municipality.id)
    if not user.is_global_admin:
        q = q.where(Municipality.id == user.municipality_id)
    return [MunicipalityOut.model_validate(m) for m in db.scalars(q)]


@municipalities.post("", operation_id="municipalities-create", status_code=201)
def create_municipality(body: MunicipalityIn, user: Admin, db: DB, trail: AuditTrail) -> MunicipalityOut:
    """Add a municipality (global administrators only)."""
    if not user.is_global_admin:
        raise ApiProblem(403, "only a global administrator adds municipalities.")
    m = accounts.create_municipality(db, body.name, code=body.code)
    trail.log("municipality.create", "municipality", m.id, name=m.name)
    return MunicipalityOut.model_validate(m)


class UserIn(BaseModel):
    username: str = Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9._@-]+$")
    password: str = Field(min_length=12, max_length=1024)
    role: Role
    municipality_id: int | None = Field(default=None, ge=1, le=2**31 - 1,
                                        description="Required except for global administrators.")


class UserPatch(BaseModel):
    role: Role | None = None
    active: bool | None = None
    password: str | None = Field(default=None, min_length=12, max_length=1024)


def _user_in_reach(db: DB, admin: User, user_id: int) -> User:
    u = db.get(User, user_id)
    if u is None or not reachable(admin, u.municipality_id):
        raise not_found("user")
    return u


@users.get("", operation_id="users-list")
def list_users(admin: Admin, db: DB) -> list[UserOut]:
    """Users of your municipality (all users for a global administrator)."""
    q = select(User).order_by(User.id)
    if not admin.is_global_admin:
        q = q.where(User.municipality_id == admin.municipality_id)
    return [UserOut.model_validate(u) for u in db.scalars(q)]


@users.post("", operation_id="users-create", status_code=201)
def create_user(body: UserIn, admin: Admin, db: DB, trail: AuditTrail) -> UserOut:
    """Add a user; a municipal administrator adds users to their own municipality only."""
    mid = body.municipality_id if admin.is_global_admin else admin.municipality_id
    if admin.is_global_admin and mid is not None and db.get(Municipality, mid) is None:
        raise not_found("municipality")
    if mid is None and not admin.is_global_admin:
        raise ApiProblem(403, "only a global administrator creates global users.")
    u = accounts.create_user(db, body.username, body.password, role=body.role, municipality_id=mid)
    trail.log("user.create", "user", u.id, username_created=u.username, role=u.role, municipality_id=mid)
    return UserOut.model_validate(u)


@users.patch("/{user_id}", operation_id="users-update")
def update_user(user_id: Id, body: UserPatch, admin: Admin, db: DB, trail: AuditTrail) -> UserOut:
    """Change a user's role, deactivate or reactivate them, or set a new password. A new role or password ends
    the user's sessions and revokes their API tokens."""
    u = _user_in_reach(db, admin, user_id)
    changes: dict[str, object] = {}
    if body.active is not None and body.active != u.active and u.id == admin.id and not body.active:
        raise ApiProblem(409, "you cannot deactivate yourself.", field="active")
    if body.role is not None and body.role != u.role:
        changes["role"] = [u.role, body.role]
        accounts.set_role(db, u, body.role)
    if body.active is not None and body.active != u.active:
        changes["active"] = [u.active, body.active]
        u.active = body.active
    if body.password is not None:
        accounts.set_password(db, u, body.password)
        changes["password"] = "changed"
    if "role" in changes or "password" in changes:
        changes["credentials"] = "sessions ended, tokens revoked"
    trail.log("user.update", "user", u.id, changes=changes)
    return UserOut.model_validate(u)


class WorkspaceIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    municipality_id: int | None = Field(default=None, ge=1, le=2**31 - 1,
                                        description="Required for global administrators.")


@workspaces.get("", operation_id="workspaces-list")
def list_workspaces(user: CurrentUser, db: DB) -> list[WorkspaceOut]:
    """The workspaces of your municipality (all of them for a global administrator)."""
    q = select(WorkspaceRecord).order_by(WorkspaceRecord.id)
    if not user.is_global_admin:
        q = q.where(WorkspaceRecord.municipality_id == user.municipality_id)
    return [WorkspaceOut.model_validate(w) for w in db.scalars(q)]


@workspaces.get("/{workspace_id}", operation_id="workspaces-get")
def get_workspace(workspace_id: Id, user: CurrentUser, db: DB) -> WorkspaceOut:
    """One workspace (404 for workspaces of other municipalities)."""
    return WorkspaceOut.model_validate(workspace_record(db, user, workspace_id))


@workspaces.post("", operation_id="workspaces-create", status_code=201)
def create_workspace(body: WorkspaceIn, admin: Admin, db: DB, state: State, trail: AuditTrail) -> WorkspaceOut:
    """A new, empty workspace in the server's data folder."""
    mid = body.municipality_id if admin.is_global_admin else admin.municipality_id
    if mid is None or db.get(Municipality, mid) is None:
        raise not_found("municipality")
    path = state.settings.data_dir / "workspaces" / uuid.uuid4().hex
    w = accounts.create_workspace(db, body.name, municipality_id=mid, path=path)
    trail.log("workspace.create", "workspace", w.id, name=w.name, municipality_id=mid)
    return WorkspaceOut.model_validate(w)


class AdminTokenOut(BaseModel):
    id: int
    user_id: int
    username: str
    name: str
    prefix: str
    scope: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked: bool


@tokens.get("", operation_id="tokens-list")
def list_tokens(admin: Admin, db: DB, state: State, user_id: int | None = Query(default=None, ge=1, le=2**31 - 1),
                include_revoked: bool = False) -> list[AdminTokenOut]:
    """The API tokens of your municipality's users (every user's for a global administrator), newest first;
    never the tokens themselves."""
    q = select(ApiToken, User).join(User, User.id == ApiToken.user_id).order_by(ApiToken.id.desc())
    if not admin.is_global_admin:
        q = q.where(User.municipality_id == admin.municipality_id)
    if user_id is not None:
        q = q.where(ApiToken.user_id == user_id)
    if not include_revoked:
        q = q.where(ApiToken.revoked.is_(False))
    max_days = state.settings.token_max_days
    return [AdminTokenOut(id=t.id, user_id=u.id, username=u.username, name=t.name, prefix=t.prefix, scope=t.scope,
                          created_at=t.created_at, expires_at=accounts.effective_expiry(t, max_days),
                          last_used_at=t.last_used_at, revoked=t.revoked) for t, u in db.execute(q)]


@tokens.delete("/{token_id}", operation_id="tokens-revoke", status_code=204)
def revoke_token(token_id: Id, admin: Admin, db: DB, trail: AuditTrail) -> None:
    """Revoke a token of a user of your municipality (404 for tokens of other municipalities)."""
    tok = db.get(ApiToken, token_id)
    owner = db.get(User, tok.user_id) if tok is not None else None
    if tok is None or owner is None or not reachable(admin, owner.municipality_id):
        raise not_found("token")
    tok.revoked = True
    trail.log("token.revoke", "api_token", tok.id, owner=owner.username, by="administrator")
