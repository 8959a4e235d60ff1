"""Import from a database query: named connections configured by the administrator, queries run by analysts.

Connection URLs (with their credentials) live only in the server's settings (``SAGSFLOW_SQL_SOURCES`` or
``SAGSFLOW_SQL_SOURCES_FILE``); a request names a connection and never carries a URL. A connection may be
limited to some municipalities; for the others it does not exist (404). Queries are exactly one query, checked by
parsing and run in a read-only transaction (:mod:`sagsflow.ingest.sql_source`); the administrator should configure
an account that may only read as well.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from sagsflow.api.deps import AnalystData, AuditTrail, Data, State
from sagsflow.api.problems import ApiProblem, problem_responses
from sagsflow.api.routes.imports import _SAMPLE_ROWS, PreviewOut, _mapping, job_result, preview_of
from sagsflow.api.schemas import JobOut
from sagsflow.i18n import _

router = APIRouter(prefix="/api/workspaces/{workspace_id}/imports/sql", tags=["imports"],
                   responses=problem_responses(400, 401, 403, 404, 422))
_AUDIT_QUERY_CHARS = 4000


class SqlQuery(BaseModel):
    """A query against a named connection."""

    model_config = ConfigDict(extra="forbid")
    kind: Literal["sql"] = "sql"
    connection: str = Field(min_length=1, max_length=100, description="A connection name of the server's "
                                                                      "settings (GET .../imports/sql/connections).")
    query: str = Field(min_length=1, max_length=100_000, description="One SELECT (or WITH ... SELECT) statement.")
    params: dict[str, str | int | float | bool | None] | None = Field(
        default=None, description="Values of the query's bind parameters, written :name in the query.")


class SqlPreviewRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    source: SqlQuery


class SqlImportRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    source: SqlQuery
    log: str = Field(pattern=r"^[a-z0-9][a-z0-9_]{0,62}$", description="Log name.")
    mapping: str | dict[str, Any] | None = Field(
        default=None, description="Mapping YAML (or the same as JSON); guessed from the columns when empty.")
    mode: Literal["append", "create", "replace"] = "append"


class ConnectionOut(BaseModel):
    name: str


def _url(state: Any, data: Data, query: SqlQuery) -> str:
    """The URL of the named connection if this municipality may use it (404 otherwise, the same as unknown);
    the query must be exactly one query that only reads (parsed in the connection's dialect)."""
    entry = _usable(state, data).get(query.connection)
    if entry is None:
        raise ApiProblem(404, f"no database connection named {query.connection!r}.", field="source.connection",
                         hint="List the connections with GET .../imports/sql/connections; an administrator "
                              "configures them in SAGSFLOW_SQL_SOURCES.")
    import sqlalchemy as sa

    from sagsflow.errors import InvalidParameterError
    from sagsflow.ingest.sql_source import check_read_only

    url = str(entry["url"])
    try:
        dialect = sa.engine.make_url(url).get_backend_name()
    except Exception:
        dialect = None
    try:
        check_read_only(query.query, dialect)
    except InvalidParameterError as exc:
        raise ApiProblem(422, exc.message, field="source.query", hint=exc.hint, kind="query-not-read-only") from None
    return url


def _usable(state: Any, data: Data) -> dict[str, dict[str, Any]]:
    from sagsflow.meta.models import Municipality

    conns = state.settings.sql_connections()
    muni = None
    out = {}
    for name, entry in conns.items():
        allowed = entry.get("municipalities")
        if allowed is None:
            out[name] = entry
            continue
        if muni is None:
            from sqlalchemy.orm import object_session

            session = object_session(data.record)
            m = session.get(Municipality, data.record.municipality_id) if session is not None else None
            names = (m.name, m.code) if m is not None else ()
            muni = {str(data.record.municipality_id), *(str(v) for v in names if v)}
        if muni & {str(a) for a in allowed}:
            out[name] = entry
    return out


@router.get("/connections", operation_id="imports-sql-connections")
def connections(data: AnalystData, state: State) -> list[ConnectionOut]:
    """The database connections this municipality may import from (names only; never URLs)."""
    return [ConnectionOut(name=n) for n in sorted(_usable(state, data))]


@router.post("/preview", operation_id="imports-sql-preview", responses=problem_responses(503))
def preview(body: SqlPreviewRequest, data: AnalystData, state: State, trail: AuditTrail) -> PreviewOut:
    """The first rows of the query's result with a suggested mapping and timestamp formats (``n_rows`` counts
    the rows read for the preview, at most 200). Read-only, stopped after ``SAGSFLOW_QUERY_TIMEOUT_SECONDS``
    (503)."""
    import time

    import sqlalchemy as sa

    from sagsflow.errors import Location, LogFormatError
    from sagsflow.ingest.sql_source import mask_url, read_only_connection, timed_out

    url = _url(state, data, body.source)
    engine = sa.create_engine(url)
    timeout = state.settings.query_timeout_seconds or None
    started = time.monotonic()
    try:
        with read_only_connection(engine, timeout=timeout) as conn:
            result = conn.execution_options(stream_results=True).execute(sa.text(body.source.query),
                                                                         body.source.params or {})
            if not result.returns_rows:
                raise ApiProblem(422, "the statement returns no result set.", field="source.query")
            cols = [str(c) for c in result.keys()]  # noqa: SIM118 - a Result, not a dict
            sample = [tuple(r) for r in result.fetchmany(_SAMPLE_ROWS)]
    except sa.exc.SQLAlchemyError as exc:
        if timed_out(exc, started, timeout):
            raise ApiProblem(503, f"the preview's query ran longer than the limit of {timeout:g} s and was stopped.",
                             kind="query-timeout", headers={"Retry-After": "60"},
                             hint="Narrow the query, or ask the administrator to raise "
                                  "SAGSFLOW_QUERY_TIMEOUT_SECONDS.") from None
        detail = str(exc.orig) if isinstance(exc, sa.exc.DBAPIError) else str(exc)
        raise LogFormatError(f"the query failed: {mask_url(detail).splitlines()[0]} "
                             f"(connection {body.source.connection!r})",
                             location=Location(file=f"sql:{body.source.connection}")) from None
    finally:
        engine.dispose()
    trail.log("import.preview", "workspace", data.record.id, connection=body.source.connection,
              query=body.source.query[:_AUDIT_QUERY_CHARS], n_rows=len(sample))
    return preview_of(cols, sample, len(sample))


@router.post("", operation_id="imports-create-sql", status_code=202)
def create_import(body: SqlImportRequest, data: AnalystData, state: State, trail: AuditTrail) -> JobOut:
    """Start an import of the query's result as a job; poll ``/api/jobs/{id}``. Atomic like a file import."""
    from sagsflow.ingest.pipeline import SqlSource, import_log

    url = _url(state, data, body.source)
    mapping = _mapping(body.mapping) if isinstance(body.mapping, str) or body.mapping is None else body.mapping
    source = SqlSource(body.source.query, url, dict(body.source.params) if body.source.params else None)
    ws, ws_path, log, mode = data.ws.root, data.record.path, body.log, body.mode
    ws_id = data.record.id
    timeout = state.settings.sql_import_timeout_seconds or None

    def run(progress: Any) -> dict[str, Any]:
        res = import_log(source, workspace=ws, log=log, mapping=mapping, mode=mode, progress=progress,
                         timeout=timeout)
        state.forget(ws_path, log)
        state.warm(ws_path, log, workspace_id=ws_id)
        return job_result(res)

    job_id = state.runner.submit("import", run, workspace_id=data.record.id, owner_id=data.user.id,
                                 message=_("import query on {connection} into {log}",
                                           connection=body.source.connection, log=log))
    trail.log("import.start", "log", f"{data.record.id}/{log}", job_id=job_id, source="sql",
              connection=body.source.connection, query=body.source.query[:_AUDIT_QUERY_CHARS], mode=mode)
    return JobOut.model_validate(state.runner.get(job_id))
