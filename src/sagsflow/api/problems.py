"""Problem-details JSON for every failure (``application/problem+json``)."""

from __future__ import annotations

from typing import Any

import duckdb
from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from sagsflow.errors import (
    AlreadyImportedError,
    DisclosureError,
    InvalidParameterError,
    LogFormatError,
    MappingError,
    NotFoundError,
    PseudonymisationKeyError,
    SagsflowError,
    SchemaError,
)

MEDIA = "application/problem+json"
_STATUS: list[tuple[type[SagsflowError], int]] = [
    (NotFoundError, 404), (AlreadyImportedError, 409), (DisclosureError, 403),
    (InvalidParameterError, 422), (PseudonymisationKeyError, 422), (MappingError, 422), (SchemaError, 422),
    (LogFormatError, 422),
]
_KIND = {400: "bad-request", 401: "unauthenticated", 403: "forbidden", 404: "not-found", 405: "method-not-allowed",
         409: "conflict", 413: "too-large", 422: "invalid-parameter", 429: "too-many-requests",
         503: "unavailable"}


class Problem(BaseModel):
    """What went wrong: a machine-readable ``type``, a message for people, a hint, the field at fault."""

    type: str
    status: int
    message: str
    hint: str | None = None
    field: str | None = None


def problem_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses=`` entries documenting problem bodies for these status codes."""
    schema = {"$ref": "#/components/schemas/Problem"}
    return {c: {"description": _KIND.get(c, "error"), "content": {MEDIA: {"schema": schema}}} for c in codes}


class ApiProblem(HTTPException):
    """An HTTP failure with a problem body."""

    def __init__(self, status: int, message: str, *, hint: str | None = None, field: str | None = None,
                 headers: dict[str, str] | None = None, kind: str | None = None) -> None:
        super().__init__(status_code=status, detail=message, headers=headers)
        self.hint = hint
        self.field = field
        self.kind = kind


def too_many_rows(n: int, limit: int, what: str, hint: str) -> ApiProblem:
    """The result would exceed ``SAGSFLOW_MAX_RESULT_ROWS``."""
    return ApiProblem(422, f"the result has {n:,} {what}, more than the limit of {limit:,} rows.",
                      kind="result-too-large", hint=f"{hint} The limit is the setting SAGSFLOW_MAX_RESULT_ROWS.")


def not_found(what: str) -> ApiProblem:
    """The same 404 whether the object is missing or belongs to another municipality."""
    return ApiProblem(404, f"no {what} with that id.", hint="Check the id; list what you can reach first.")


def _response(status: int, message: str, *, kind: str | None = None, hint: str | None = None,
              field: str | None = None, headers: dict[str, str] | None = None) -> JSONResponse:
    body = Problem(type=kind or _KIND.get(status, "error"), status=status, message=message, hint=hint, field=field)
    return JSONResponse(body.model_dump(), status_code=status, media_type=MEDIA, headers=headers)


def install(app: FastAPI) -> None:
    """Register the handlers that turn every failure into a problem body."""

    @app.exception_handler(SagsflowError)
    async def _sagsflow(request: Request, exc: SagsflowError) -> JSONResponse:
        status = next((s for cls, s in _STATUS if isinstance(exc, cls)), 400)
        return _response(status, exc.message, kind=exc.kind, hint=exc.hint, field=exc.field)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        hint = getattr(exc, "hint", None)
        field = getattr(exc, "field", None)
        return _response(exc.status_code, str(exc.detail), hint=hint, field=field, kind=getattr(exc, "kind", None),
                         headers=getattr(exc, "headers", None))

    @app.exception_handler(duckdb.InterruptException)
    async def _timeout(request: Request, exc: duckdb.InterruptException) -> JSONResponse:
        limit = request.app.state.server.settings.query_timeout_seconds
        return _response(503, f"the request's query ran longer than the limit of {limit:g} s and was stopped.",
                         kind="query-timeout", headers={"Retry-After": "60"},
                         hint="Narrow the filter (fewer cases or a shorter period), or ask the administrator to "
                              "raise SAGSFLOW_QUERY_TIMEOUT_SECONDS.")

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        first = errors[0] if errors else {}
        loc = [str(p) for p in first.get("loc", ()) if p not in ("body", "query", "path")]
        message = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}" for e in errors[:5])
        return _response(422, message or "invalid request", hint="See the OpenAPI schema at /openapi.json.",
                         field=".".join(loc) or None)
