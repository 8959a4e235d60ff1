"""The FastAPI application: includes the routers, maps errors to problem details, serves the web app."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles

from sagsflow import __version__
from sagsflow.api import problems
from sagsflow.api.deps import request_language
from sagsflow.api.routes import (
    admin,
    analysis,
    attributes,
    audit,
    auth,
    case_views,
    cases,
    compliance,
    conformance,
    effect,
    filters,
    imports,
    jobs,
    legal,
    logs,
    models,
    oidc,
    predictions,
    sql_imports,
)
from sagsflow.api.schemas import HealthOut
from sagsflow.api.settings import Settings
from sagsflow.api.state import ServerState


def create_app(workspace: str | Path | None = None, *, settings: Settings | None = None,
               announce: bool = True) -> FastAPI:
    """Build the application.

    Parameters
    ----------
    workspace : path, optional
        A workspace folder registered (idempotently) to the demo municipality, with demo users of every
        role (``sagsflow serve --workspace`` and ``make demo``); default ``SAGSFLOW_WORKSPACE`` if set.
    settings : Settings, optional
        Server settings; read from the ``SAGSFLOW_*`` environment when omitted.
    announce : bool, default True
        Print new random demo passwords at start-up. ``sagsflow serve`` passes False and prints the address
        and the demo logins itself once the server listens (``app.state.demo_logins``), as its last lines.
    """
    settings = settings or Settings()
    if workspace is not None:
        settings = settings.model_copy(update={"workspace": Path(workspace)})

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from sagsflow.api.demo import print_demo_passwords, seed_demo
        from sagsflow.meta.db import MetaDB
        from sagsflow.meta.jobs import JobRunner, mark_interrupted

        settings.data_dir.mkdir(parents=True, exist_ok=True)
        db = MetaDB(settings.db_url())
        db.upgrade()
        chain_ok = _check_audit_chain(db, settings)
        mark_interrupted(db)
        _clear_uploads(settings)
        app.state.demo_logins = {}
        if settings.workspace is not None:
            created = seed_demo(db, settings.workspace, password=settings.demo_password)
            app.state.demo_logins = created
            if announce and settings.demo_password is None:
                print_demo_passwords(created)
        state = ServerState(settings=settings, db=db, runner=JobRunner(db, workers=settings.job_workers))
        app.state.server = state
        _warm_workspaces(state)
        from sagsflow.api.housekeeping import Housekeeper

        keeper = Housekeeper(state, settings.housekeeping_hours) if settings.housekeeping_hours > 0 else None
        try:
            yield
        finally:
            if keeper is not None:
                keeper.stop()
            if chain_ok:
                _anchor_audit_chain(db, settings)
            state.close()
            _clear_uploads(settings)

    app = FastAPI(title="Sagsflow", version=__version__, lifespan=lifespan, dependencies=[Depends(request_language)],
                  description="Process mining and lawful predictive monitoring for public case handling. "
                              "Log in with POST /api/auth/login (session cookie + X-CSRF-Token header) or "
                              "send an API token as 'Authorization: Bearer <token>'.")
    problems.install(app)
    for router in (auth.router, oidc.router, admin.municipalities, admin.users, admin.tokens, admin.workspaces,
                   logs.router, sql_imports.router, imports.router, analysis.router, attributes.router, models.router,
                   cases.router, filters.router, jobs.router, audit.router, compliance.router, conformance.router,
                   predictions.router, case_views.router, effect.router, legal.router, legal.settings_router,
                   legal.retention_router):
        app.include_router(router)

    @app.get("/api/health", tags=["system"], operation_id="system-health")
    def health(request: Request) -> HealthOut:
        """Liveness check (no login needed); ``warming``: logs whose first views are still being computed."""
        state = getattr(request.app.state, "server", None)
        warmer = state.warmer if state is not None else None
        return HealthOut(status="ok", version=__version__, warming=warmer.pending if warmer is not None else 0)

    _problem_schema(app)
    from sagsflow.api.middleware import ClientAddress, Methods, SecurityHeaders

    # outermost last: the client address is resolved before anything (the routes, the audit) reads it
    app.add_middleware(Methods, api=app)
    app.add_middleware(SecurityHeaders, hsts_seconds=settings.hsts_seconds)
    app.add_middleware(ClientAddress, trusted=settings.trusted_networks())
    if (settings.web_dist / "index.html").exists():
        app.mount("/", _SinglePageApp(directory=settings.web_dist, html=True), name="web")
    else:
        @app.get("/", response_class=HTMLResponse, include_in_schema=False)
        def placeholder(request: Request) -> str:
            return _PLACEHOLDER.format(version=__version__)

    return app


class _SinglePageApp(StaticFiles):
    """The built web app: files as they are; any other path outside ``/api`` gets ``index.html`` with 200, so deep
    links and reloads open the app (its router shows its own 404 page)."""

    async def get_response(self, path: str, scope: Any) -> Any:
        from starlette.exceptions import HTTPException as StarletteHTTPException

        api = path == "api" or path.startswith("api/")
        if api:  # an unknown API path is a problem+json 404, never the app's page
            raise StarletteHTTPException(404)
        try:
            response = await super().get_response(path, scope)
        except StarletteHTTPException as exc:
            if exc.status_code != 404:
                raise
            return await super().get_response("index.html", scope)
        if response.status_code == 404:  # html mode answered with 404.html
            return await super().get_response("index.html", scope)
        return response


def _problem_schema(app: FastAPI) -> None:
    """Add the Problem model to the OpenAPI components (the routes' error responses refer to it)."""
    original = app.openapi

    def openapi() -> dict[str, object]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = original()
        comps = schema.setdefault("components", {}).setdefault("schemas", {})
        comps["Problem"] = problems.Problem.model_json_schema()
        from sagsflow.api.deps import needed_scope

        problem = {"content": {problems.MEDIA: {"schema": {"$ref": "#/components/schemas/Problem"}}}}
        for ops in schema.get("paths", {}).values():
            for method, op in ops.items():
                if isinstance(op, dict) and "operationId" in op:
                    # what an API token needs for each operation
                    op["x-token-scope"] = needed_scope(op["operationId"], {method.upper()})
                    if "requestBody" in op:  # a body that is not JSON (or not an object) answers 400
                        op.setdefault("responses", {}).setdefault(
                            "400", {"description": "the request body cannot be read", **problem})
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
    assert all(isinstance(r, APIRoute) for r in app.routes if getattr(r, "path", "").startswith("/api/"))


_PLACEHOLDER = """<!doctype html>
<html lang="da"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sagsflow</title>
<style>body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}}
a{{color:#0b4f8a}}</style></head>
<body><main><h1>Sagsflow</h1>
<p>Procesanalyse af sagsbehandling. Webappen er på vej; indtil da kan serveren bruges gennem
<a href="/docs">REST-API'et</a> (log ind med POST /api/auth/login).</p>
<p lang="en">Process mining for public case handling. The web app is coming; meanwhile use the
<a href="/docs">REST API</a> (log in with POST /api/auth/login).</p>
<p><small>Sagsflow {version}</small></p></main></body></html>"""


_LOG = logging.getLogger("sagsflow.audit")
ANCHOR_FILE = "audit-anchor.json"


def _check_audit_chain(db: Any, settings: Settings) -> bool:
    """Verify the audit log's hash chain (and the head anchored at the last start or stop) before serving:
    a broken chain is logged loudly and recorded (``audit.chain_broken``), or stops the start-up when
    ``SAGSFLOW_AUDIT_VERIFY_ON_START=refuse``. The anchor moves on only while the chain is intact."""
    from sagsflow.meta import audit

    if settings.audit_verify_on_start == "off":
        return False
    anchor_path = settings.data_dir / ANCHOR_FILE
    with db.session() as s:
        report = audit.verify_chain(s, anchor=audit.read_anchor(anchor_path))
        if report.ok:
            audit.write_anchor(anchor_path, s)
            return True
        _LOG.critical("%s\nSee docs/server.md, 'Audit trail', for what to do.", report.summary())
        if settings.audit_verify_on_start == "refuse":
            db.dispose()
            raise audit.AuditChainError(
                f"the audit log's hash chain is broken ({len(report.problems)} problem(s)); the server does not "
                "start (SAGSFLOW_AUDIT_VERIFY_ON_START=refuse).\n" + report.summary(),
                hint="Run 'sagsflow audit verify' for the details; see docs/server.md.")
        audit.record(s, "audit.chain_broken", object_type="audit_log",
                     details={"problems": [p.message for p in report.problems[:20]],
                              "n_problems": len(report.problems)})
        s.commit()
    return False


def _clear_uploads(settings: Settings) -> None:
    """Delete what uploads left in ``<data_dir>/uploads``: extracts (maybe with clear CPR numbers) of imports and
    checks that a stopped or killed server never finished. At start-up the jobs they belonged to were just marked
    failed; at a clean stop the job runner has finished or dropped every job."""
    import shutil

    folder = settings.data_dir / "uploads"
    if not folder.is_dir():
        return
    n = 0
    for item in folder.iterdir():
        if item.is_dir() and not item.is_symlink():
            shutil.rmtree(item, ignore_errors=True)
        else:
            item.unlink(missing_ok=True)
        n += 1
    if n:
        logging.getLogger("sagsflow.server").warning("deleted %d file(s) left in %s by unfinished uploads", n, folder)


def _anchor_audit_chain(db: Any, settings: Settings) -> None:
    """Record the chain's head outside the database when the server stops (called when it was intact at start)."""
    from sagsflow.meta import audit

    anchor_path = settings.data_dir / ANCHOR_FILE
    try:
        with db.session() as s:
            audit.write_anchor(anchor_path, s)
    except Exception:
        _LOG.exception("could not record the audit chain's head in %s", anchor_path)


def _warm_workspaces(state: ServerState) -> None:
    """Queue every registered workspace whose folder exists for cache warming, unfiltered and with its shared
    saved filters (:mod:`sagsflow.api.warm`)."""
    if state.warmer is None:
        return
    from sqlalchemy import select

    from sagsflow.meta.models import WorkspaceRecord
    from sagsflow.store.workspace import DB_FILE

    with state.db.session() as s:
        found = [(r.id, r.path) for r in s.scalars(select(WorkspaceRecord).order_by(WorkspaceRecord.id))]
    for workspace_id, path in found:
        if (Path(path) / DB_FILE).exists():
            state.warm(path, workspace_id=workspace_id)
