"""The FastAPI application: includes the routers, maps errors to problem details, serves the web app."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from html import escape
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from sagsflow import __version__
from sagsflow.api.routes import logs
from sagsflow.api.settings import Settings
from sagsflow.errors import InvalidParameterError, NotFoundError, SagsflowError
from sagsflow.store.workspace import Workspace

_STATUS = {NotFoundError: 404, InvalidParameterError: 422}


def create_app(workspace: str | Path | None = None) -> FastAPI:
    """Build the application for a workspace (default from the settings)."""
    settings = Settings() if workspace is None else Settings(workspace=Path(workspace))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.workspace = Workspace.open(settings.workspace)
        try:
            yield
        finally:
            app.state.workspace.close()

    app = FastAPI(title="Sagsflow", version=__version__, lifespan=lifespan,
                  description="Process mining and lawful predictive monitoring for public case handling.")
    app.include_router(logs.router)

    @app.exception_handler(SagsflowError)
    async def _problem(request: Request, exc: SagsflowError) -> JSONResponse:
        status = next((s for cls, s in _STATUS.items() if isinstance(exc, cls)), 400)
        return JSONResponse(exc.to_dict(), status_code=status, media_type="application/problem+json")

    @app.get("/api/health", tags=["system"], operation_id="system-health")
    def health() -> dict[str, str]:
        """Liveness check."""
        return {"status": "ok", "version": __version__}

    if (settings.web_dist / "index.html").exists():
        app.mount("/", StaticFiles(directory=settings.web_dist, html=True), name="web")
    else:
        @app.get("/", response_class=HTMLResponse, include_in_schema=False)
        def placeholder(request: Request) -> str:
            ws: Workspace = request.app.state.workspace
            with ws.read():
                rows = "".join(
                    f"<tr><th scope='row'>{escape(i.name)}</th><td>{i.n_events:,}</td><td>{i.n_cases:,}</td>"
                    f"<td>{i.n_activities:,}</td></tr>" for i in ws.logs()
                )
            return _PLACEHOLDER.format(rows=rows or "<tr><td colspan='4'>Ingen logs endnu / no logs yet</td></tr>",
                                       version=__version__)

    return app


_PLACEHOLDER = """<!doctype html>
<html lang="da"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sagsflow</title>
<style>body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}}
table{{border-collapse:collapse}}th,td{{padding:.3rem .8rem;border-bottom:1px solid #ccc;text-align:right}}
th[scope=row],thead th:first-child{{text-align:left}}a{{color:#0b4f8a}}</style></head>
<body><main><h1>Sagsflow</h1>
<p>Procesanalyse af sagsbehandling. Webappen er på vej; indtil da kan arbejdsområdet bruges fra Python, kommandolinjen
og <a href="/docs">REST-API'et</a>.</p>
<p lang="en">Process mining for public case handling. The web app is coming; meanwhile use the workspace from Python,
the command line and the <a href="/docs">REST API</a>.</p>
<h2>Logs i arbejdsområdet / logs in the workspace</h2>
<table><thead><tr><th scope="col">Log</th><th scope="col">Hændelser / events</th><th scope="col">Sager / cases</th>
<th scope="col">Aktiviteter / activities</th></tr></thead><tbody>{rows}</tbody></table>
<p><small>Sagsflow {version}</small></p></main></body></html>"""
