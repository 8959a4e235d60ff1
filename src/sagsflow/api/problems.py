"""Problem-details JSON for every failure (``application/problem+json``)."""

from __future__ import annotations

import os
import re
from typing import Any

import duckdb
from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from sagsflow.discovery.split_miner import SplitMinerError, SplitMinerUnavailableError
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
from sagsflow.i18n import N_, _
from sagsflow.legal.registration import RegistrationRequiredError

MEDIA = "application/problem+json"
_STATUS: list[tuple[type[SagsflowError], int]] = [
    (NotFoundError, 404), (AlreadyImportedError, 409), (DisclosureError, 403),
    (InvalidParameterError, 422), (PseudonymisationKeyError, 422), (MappingError, 422), (SchemaError, 422),
    (LogFormatError, 422), (RegistrationRequiredError, 403), (SplitMinerUnavailableError, 503),
    (SplitMinerError, 422),
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
    return ApiProblem(422, _("the result has {n} {what}, more than the limit of {limit} rows.", n=n, what=what,
                             limit=limit),
                      kind="result-too-large",
                      hint=hint + " " + _("The limit is the setting SAGSFLOW_MAX_RESULT_ROWS."))


#: what a 404 can be about (translated in its message)
_THINGS = (N_("token"), N_("workspace"), N_("model"), N_("municipality"), N_("rule pack"), N_("log"), N_("rule set"),
           N_("conformance result"), N_("job"), N_("compliance result"), N_("case"), N_("user"), N_("saved filter"))


def not_found(what: str) -> ApiProblem:
    """The same 404 whether the object is missing or belongs to another municipality."""
    return ApiProblem(404, _("no {what} with that id.", what=_(what)),
                      hint=_("Check the id; list what you can reach first."))


#: an absolute file path (POSIX or Windows) not inside a URL
_PATH = re.compile(r"(?<![\w.:/\\])(?:/(?:[^\s/'\"`,;:()<>|]+/)+[^\s/'\"`,;:()<>|]*"
                   r"|[A-Za-z]:\\(?:[^\s\\'\"`,;:()<>|]+\\)+[^\s\\'\"`,;:()<>|]*)")
#: the server's own name for an upload (``<32 hex>-name.csv``) or a preview folder
_UPLOAD_PREFIX = re.compile(r"^(?:[0-9a-f]{32}-|preview-[0-9a-f]{32}$|tmp[\w]{6,}$)")
#: the same prefix inside a message that named the file only
_UPLOAD_NAME = re.compile(r"(?<![\w-])[0-9a-f]{32}-(?=[^\s/\\])")
_ROOTS: set[str] | None = None


def hide_paths(text: str | None) -> str | None:
    """The text with server file paths replaced by the file's own name (an upload's internal prefix removed), so
    messages never tell where the server keeps uploads, workspaces or temporary files; URL paths (``/api/...``)
    stay.

    Examples
    --------
    >>> hide_paths("cannot read /srv/sagsflow/server/uploads/0123456789abcdef0123456789abcdef-sager.csv, row 3")
    'cannot read sager.csv, row 3'
    >>> hide_paths("0123456789abcdef0123456789abcdef-x.xes: the XES log contains no events")
    'x.xes: the XES log contains no events'
    >>> hide_paths("see /api/auth/tokens")
    'see /api/auth/tokens'
    """
    global _ROOTS
    if not text:
        return text
    if _ROOTS is None:
        try:
            _ROOTS = {n for n in os.listdir("/") if n not in ("api", "docs", "openapi.json")}
        except OSError:
            _ROOTS = set()

    def short(m: re.Match[str]) -> str:
        path = m.group(0)
        parts = [p for p in re.split(r"[/\\]", path) if p]
        if path.startswith("/") and (not parts or parts[0] not in _ROOTS):
            return path
        name = parts[-1] if parts else path
        name = _UPLOAD_PREFIX.sub("", name) or "upload"
        return name

    return _UPLOAD_NAME.sub("", _PATH.sub(short, text))


def _response(status: int, message: str, *, kind: str | None = None, hint: str | None = None,
              field: str | None = None, headers: dict[str, str] | None = None) -> JSONResponse:
    message, hint = hide_paths(message) or "", hide_paths(hint)
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
        return _response(503, _("the request's query ran longer than the limit of {limit} s and was stopped.",
                                limit=limit),
                         kind="query-timeout", headers={"Retry-After": "60"},
                         hint=_("Narrow the filter (fewer cases or a shorter period), or ask the administrator to "
                                "raise SAGSFLOW_QUERY_TIMEOUT_SECONDS."))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        unreadable = next((e for e in errors if e.get("type") == "json_invalid"), None)
        if unreadable is not None:
            where = (unreadable.get("ctx") or {}).get("error") or unreadable.get("msg")
            return _response(400, f"the request body is not valid JSON: {where}.", kind="bad-request",
                             hint="Send a JSON object as described in the OpenAPI schema at /openapi.json.")
        if any(tuple(e.get("loc", ())) == ("body",) and e.get("type") in ("model_attributes_type", "dict_type")
               for e in errors):
            return _response(400, "the request body must be a JSON object.", kind="bad-request",
                             hint="See the OpenAPI schema at /openapi.json.")
        first = errors[0] if errors else {}
        loc = [str(p) for p in first.get("loc", ()) if p not in ("body", "query", "path")]
        message = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}" for e in errors[:5])
        return _response(422, message or "invalid request", hint="See the OpenAPI schema at /openapi.json.",
                         field=".".join(loc) or None)
