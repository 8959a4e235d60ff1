"""Dependencies shared by the routes, as ``Annotated`` aliases: the database session, the current user,
role guards, tenant-checked workspaces and the audit trail."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, Path, Request
from sqlalchemy.orm import Session

from sagsflow.api.problems import ApiProblem, not_found
from sagsflow.api.state import ServerState
from sagsflow.api.watchdog import Watchdog
from sagsflow.i18n import N_, _, format_list
from sagsflow.meta import accounts, audit
from sagsflow.meta.models import User, WorkspaceRecord
from sagsflow.store.workspace import Workspace

if TYPE_CHECKING:
    from sagsflow.api.cache import AggregateCache
    from sagsflow.disclosure import DisclosurePolicy, ReleasedGroups
    from sagsflow.legal.employees import EmployeePolicy
    from sagsflow.log import EventLog

SESSION_COOKIE = "sagsflow_session"
CSRF_COOKIE = "sagsflow_csrf"
CSRF_HEADER = "X-CSRF-Token"
_SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


#: the roles and the things a 404 can be about, named in problem messages
_WORDS = (N_("administrator"), N_("analyst"), N_("viewer"), N_("auditor"))


async def request_language(request: Request) -> str:
    """Set the language of the texts the server makes for this request (problem messages, quality findings,
    job progress, compliance messages, model cards): the ``lang`` query parameter, else the ``Accept-Language``
    header (the web app sends its own language), else the server's default (``SAGSFLOW_LANGUAGE`` or the
    locale). An app-wide dependency: being ``async``, it sets the context the route and its jobs run in."""
    from sagsflow import i18n

    lang = i18n.normalize_language(request.query_params.get("lang")) or i18n.negotiate(
        request.headers.get("accept-language"))
    i18n.set_language(lang)
    return lang


def get_state(request: Request) -> ServerState:
    state: ServerState = request.app.state.server
    return state


State = Annotated[ServerState, Depends(get_state)]


def get_db(state: State) -> Iterator[Session]:
    with state.db.session() as s:
        try:
            yield s
            s.commit()
        except BaseException:
            s.rollback()
            raise


DB = Annotated[Session, Depends(get_db)]


def client_ip(request: Request) -> str | None:
    return request.client.host if request.client else None


#: POST operations that only read (a query in the body); every other POST/PUT/PATCH/DELETE needs ``analyse``
READ_ONLY_POSTS = frozenset({
    "analysis-process-map", "analysis-activity-statistics", "analysis-resource-statistics", "analysis-overview",
    "analysis-variants", "models-discover", "models-compare", "cases-list", "compliance-ruleset-validate",
    "cases-animation", "cases-dotted-chart",
    # harmless for any token: end the session, revoke one's own token (what to do with a leaked one); and
    # creating a token, which no token may do at all (SessionUser says so clearly)
    "auth-logout", "auth-revoke-token", "auth-create-token",
})
#: operations that need ``administer`` whatever their method
ADMIN_OPERATIONS = ("users-", "municipalities-create", "workspaces-create", "tokens-", "registrations-propose",
                    "legal-settings-update", "retention-set", "retention-apply")


def needed_scope(operation_id: str | None, methods: set[str] | frozenset[str]) -> str:
    """The API token scope an operation needs: ``administer`` for account and workspace management, ``read`` for
    GET and the read-only POST queries, ``analyse`` for everything that changes data."""
    op = operation_id or ""
    if op.startswith(ADMIN_OPERATIONS):
        return "administer"
    if set(methods) <= {"GET", "HEAD", "OPTIONS"} or op in READ_ONLY_POSTS:
        return "read"
    return "analyse"


def current_user(request: Request, db: DB, state: State) -> User:
    """The user of a Bearer token or of the session cookie; a token must have the scope the operation needs;
    cookie requests that change state need the CSRF header."""
    auth = request.headers.get("authorization", "")
    if auth[:7].lower() == "bearer ":
        found = accounts.token_for(db, auth[7:].strip(), max_days=state.settings.token_max_days)
        if found is None:
            raise ApiProblem(401, "the API token is not valid (unknown, revoked or expired).",
                             hint="Log in and create a new token under /api/auth/tokens.",
                             headers={"WWW-Authenticate": "Bearer"})
        user, token = found
        db.commit()
        route = request.scope.get("route")
        needed = needed_scope(getattr(route, "operation_id", None), getattr(route, "methods", None) or {"POST"})
        if not accounts.scope_allows(token.scope, needed):
            raise ApiProblem(403, f"this API token has the scope {token.scope!r}; this operation needs {needed!r}.",
                             kind="insufficient-scope", hint="Create a token with a wider scope (within your role).",
                             headers={"WWW-Authenticate": f'Bearer error="insufficient_scope", scope="{needed}"'})
        request.state.user = user
        request.state.token = token
        return user
    cookie = request.cookies.get(SESSION_COOKIE)
    in_session = accounts.session_for(db, cookie) if cookie else None
    if in_session is None:
        raise ApiProblem(401, "not logged in (no valid session or token).",
                         hint="Log in with POST /api/auth/login or send 'Authorization: Bearer <token>'.",
                         headers={"WWW-Authenticate": "Bearer"})
    user, session = in_session
    if request.method not in _SAFE_METHODS:
        from sagsflow.meta.security import same

        sent = request.headers.get(CSRF_HEADER, "")
        if not sent or not same(sent, session.csrf_token):
            raise ApiProblem(403, f"missing or wrong {CSRF_HEADER} header.",
                             hint=f"Send the value of the {CSRF_COOKIE} cookie (or of csrf_token from the login "
                                  f"response) in the {CSRF_HEADER} header.", field=CSRF_HEADER)
    request.state.user = user
    return user


CurrentUser = Annotated[User, Depends(current_user)]


def session_user(request: Request, user: CurrentUser) -> User:
    """The user of a login session: API tokens are refused (a token cannot create tokens)."""
    if getattr(request.state, "token", None) is not None:
        raise ApiProblem(403, "an API token cannot create API tokens.", kind="token-cannot-mint",
                         hint="Log in (password or single sign-on) and create the token from the session.")
    return user


SessionUser = Annotated[User, Depends(session_user)]


def require(*roles: str) -> Any:
    """A dependency admitting only users with one of ``roles`` (403 otherwise)."""

    def check(user: CurrentUser) -> User:
        if user.role not in roles:
            raise ApiProblem(403, _("this needs the role {roles}; you are {role}.",
                                    roles=format_list([_(r) for r in roles], style="or"), role=_(user.role)),
                             hint=_("Ask an administrator of your municipality for access."))
        return user

    return Depends(check)


Admin = Annotated[User, require("administrator")]
Analyst = Annotated[User, require("analyst")]
Reader = Annotated[User, require("analyst", "viewer")]
AuditReader = Annotated[User, require("auditor")]
AnyRole = Annotated[User, require("analyst", "viewer", "administrator", "auditor")]


def reachable(user: User, municipality_id: int | None) -> bool:
    """Whether ``user`` may reach objects of this municipality."""
    return user.is_global_admin or (municipality_id is not None and user.municipality_id == municipality_id)


def workspace_record(db: Session, user: User, workspace_id: int) -> WorkspaceRecord:
    """The workspace, or 404 when it does not exist or belongs to another municipality."""
    rec = db.get(WorkspaceRecord, workspace_id)
    if rec is None or not reachable(user, rec.municipality_id):
        raise not_found("workspace")
    return rec


@dataclass
class Trail:
    """The audit trail of this request: each entry is committed at once, before the response."""

    db: Session
    request: Request

    def log(self, action: str, object_type: str | None = None, object_id: str | int | None = None, *,
            user: User | None = None, username: str | None = None, **details: Any) -> None:
        who = user or getattr(self.request.state, "user", None)
        audit.record(self.db, action, user=who, username=username, object_type=object_type,
                     object_id=object_id, details=details or None, ip=client_ip(self.request))
        self.db.commit()


def get_trail(request: Request, db: DB) -> Trail:
    return Trail(db, request)


AuditTrail = Annotated[Trail, Depends(get_trail)]


@dataclass
class Data:
    """A tenant-checked workspace opened for reading, with the rights of the user."""

    record: WorkspaceRecord
    ws: Workspace
    user: User
    min_group_size: int
    cache: AggregateCache | None = None
    #: the municipality's employee protection
    employees: EmployeePolicy | None = None

    @property
    def policy(self) -> DisclosurePolicy:
        """The disclosure policy of the user's role in this workspace (its ``disclosure.yaml``, k at least
        ``SAGSFLOW_MIN_GROUP_SIZE``)."""
        from sagsflow.disclosure import DisclosurePolicy

        policy: DisclosurePolicy | None = getattr(self, "_policy", None)
        if policy is None:
            policy = DisclosurePolicy.for_workspace(self.ws, self.user.role, min_group_size=self.min_group_size)
            object.__setattr__(self, "_policy", policy)
        return policy

    @property
    def sees_cases(self) -> bool:
        """Analysts see small groups and case-level data; viewers get aggregates only."""
        return self.policy.sees_cases

    def groups(self, log: EventLog) -> ReleasedGroups:
        """The released groups of a stored log under this user's policy (from the aggregate cache)."""
        from sagsflow.disclosure import ReleasedGroups

        if self.cache is None:
            return ReleasedGroups.build(log, self.policy)
        from sagsflow.api.aggregates import released_groups

        groups: ReleasedGroups = released_groups(self.cache, log, self.policy)
        return groups

    def check_log(self, name: str) -> None:
        if name not in self.ws:
            raise not_found("log")

    def log(self, name: str) -> EventLog:
        """The stored log (404 when the workspace has none of this name)."""
        from sagsflow.errors import NotFoundError

        try:
            return self.ws.log(name)
        except NotFoundError:
            raise not_found("log") from None


def _data(user: User, db: Session, state: ServerState, workspace_id: int) -> Iterator[Data]:
    """The tenant-checked workspace on a cursor of the request's own, so requests read in parallel; a timer
    interrupts the cursor's query after ``SAGSFLOW_QUERY_TIMEOUT_SECONDS`` (answered with 503)."""
    from sagsflow.meta.legal import employee_policy

    rec = workspace_record(db, user, workspace_id)
    employees = employee_policy(db, rec.municipality_id)
    # end the metadata transaction: its connection goes back to the pool while the (maybe long) analysis runs,
    # so many slow requests at once do not exhaust the pool (objects stay loaded: expire_on_commit=False)
    db.commit()
    ws = state.workspace(rec.path).reader()
    timeout = state.settings.query_timeout_seconds
    token = _WATCHDOG.arm(timeout, ws.con.interrupt) if timeout > 0 else None
    try:
        yield Data(rec, ws, user, state.settings.min_group_size, state.cache, employees)
    finally:
        if token is not None:
            _WATCHDOG.disarm(token)
        ws.close()


_WATCHDOG = Watchdog()


WorkspaceId = Annotated[int, Path(ge=1, le=2**31 - 1, description="Workspace id.")]


def reader_data(user: Reader, db: DB, state: State, workspace_id: WorkspaceId) -> Iterator[Data]:
    yield from _data(user, db, state, workspace_id)


def analyst_data(user: Analyst, db: DB, state: State, workspace_id: WorkspaceId) -> Iterator[Data]:
    yield from _data(user, db, state, workspace_id)


def any_role_data(user: AnyRole, db: DB, state: State, workspace_id: WorkspaceId) -> Iterator[Data]:
    """The workspace for every role: only for settings that are not event data (retention periods, log names)."""
    yield from _data(user, db, state, workspace_id)


ReaderData = Annotated[Data, Depends(reader_data)]
AnyRoleData = Annotated[Data, Depends(any_role_data)]
AnalystData = Annotated[Data, Depends(analyst_data)]

#: an integer id in a path (bounded so that every database accepts it)
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
