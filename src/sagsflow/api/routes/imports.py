"""Import a file into a log as a background job; preview a file with a suggested mapping."""

from __future__ import annotations

import contextlib
import shutil
import uuid
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Request, UploadFile
from pydantic import BaseModel, ConfigDict, Field

from sagsflow.api.deps import AnalystData, AuditTrail, State
from sagsflow.api.problems import ApiProblem, problem_responses
from sagsflow.api.schemas import JobOut
from sagsflow.errors import SagsflowError
from sagsflow.i18n import _

router = APIRouter(prefix="/api/workspaces/{workspace_id}/imports", tags=["imports"],
                   responses=problem_responses(400, 401, 403, 404, 413, 422))
_CHUNK = 1024 * 1024
_PREVIEW_ROWS = 20
_SAMPLE_ROWS = 200


def _discard(path: Path) -> None:
    """Remove an upload and its folder."""
    path.unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        path.parent.rmdir()


def _save_upload(request: Request, upload: UploadFile, folder: Path, limit: int) -> Path:
    """Stream the upload to ``folder``, refusing it (413) past ``limit`` bytes. The file keeps the name it was
    uploaded with (in a folder of its own), so messages about it name the user's file, not a temporary one."""
    from sagsflow.ingest.pipeline import detect_format

    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit + 64 * 1024:
        raise ApiProblem(413, _("the upload is larger than the limit of {limit} bytes.", limit=limit),
                         hint=_("Split the extract, or ask the administrator to raise SAGSFLOW_MAX_UPLOAD_BYTES."))
    name = Path(upload.filename or "upload.csv").name
    detect_format(name)  # refuses unknown suffixes before anything is written
    folder.mkdir(parents=True, exist_ok=True)
    dest = folder / uuid.uuid4().hex / name
    dest.parent.mkdir()
    size = 0
    with dest.open("wb") as out:
        while chunk := upload.file.read(_CHUNK):
            size += len(chunk)
            if size > limit:
                out.close()
                _discard(dest)
                raise ApiProblem(413, _("the upload is larger than the limit of {limit} bytes.", limit=limit),
                                 hint=_("Split the extract, or ask the administrator to raise "
                                        "SAGSFLOW_MAX_UPLOAD_BYTES."))
            out.write(chunk)
    return dest


def _mapping(text: str | None) -> Any:
    from sagsflow.ingest.mapping import Mapping

    # a trailing newline keeps from_yaml from reading the text as a file name on the server
    return None if not text or not text.strip() else Mapping.from_yaml(text + "\n")


@router.post("", operation_id="imports-create", status_code=202)
def create_import(
    request: Request,
    data: AnalystData,
    state: State,
    trail: AuditTrail,
    file: Annotated[UploadFile, File(description="CSV/TSV, .xlsx, Parquet or XES(.gz) extract.")],
    log: Annotated[str, Form(pattern=r"^[a-z0-9][a-z0-9_]{0,62}$", description="Log name.")],
    mapping: Annotated[str | None, Form(description="Mapping YAML; guessed from the columns when empty.")] = None,
    mode: Annotated[Literal["append", "create", "replace"], Form()] = "append",
) -> JobOut:
    """Start an import job; poll ``/api/jobs/{id}``. The import is atomic: a failed or cancelled job (or a
    stopped server) leaves the log as it was."""
    from sagsflow.ingest.pipeline import import_log

    mapping_obj = _mapping(mapping)
    path = _save_upload(request, file, state.settings.data_dir / "uploads", state.settings.max_upload_bytes)
    ws = data.ws.root  # the job outlives the request and its cursor: write through the workspace itself
    ws_path, ws_id = data.record.path, data.record.id

    def run(progress: Any) -> dict[str, Any]:
        try:
            res = import_log(path, workspace=ws, log=log, mapping=mapping_obj, mode=mode, progress=progress)
            state.forget(ws_path, log)
            state.warm(ws_path, log, workspace_id=ws_id)
            return job_result(res)
        finally:
            _discard(path)

    job_id = state.runner.submit("import", run, workspace_id=data.record.id, owner_id=data.user.id,
                                 message=_("import {file} into {log}", file=Path(file.filename or "").name, log=log))
    trail.log("import.start", "log", f"{data.record.id}/{log}", job_id=job_id, file=file.filename, mode=mode)
    job = state.runner.get(job_id)
    return JobOut.model_validate(job)


@router.post("/check", operation_id="imports-check", status_code=202)
def check_import(
    request: Request,
    data: AnalystData,
    state: State,
    trail: AuditTrail,
    file: Annotated[UploadFile, File(description="The extract to check (not stored).")],
    log: Annotated[str, Form(pattern=r"^[a-z0-9][a-z0-9_]{0,62}$", description="Log name it would get.")],
    mapping: Annotated[str | None, Form(description="Mapping YAML; guessed from the columns when empty.")] = None,
) -> JobOut:
    """Check a file before importing it: a job imports it into a throw-away in-memory workspace with the same
    mapping and pseudonymisation, and its result is the data-quality report (``quality``, as
    ``GET .../logs/{log}/quality`` gives it) with the rows read and the import's warnings. Nothing is stored;
    the workspace is not touched. Audited, as the report's examples are case-level data."""
    from sagsflow.ingest.pipeline import import_log
    from sagsflow.quality import quality_report
    from sagsflow.store.workspace import Workspace

    mapping_obj = _mapping(mapping)
    path = _save_upload(request, file, state.settings.data_dir / "uploads", state.settings.max_upload_bytes)

    def run(progress: Any) -> dict[str, Any]:
        try:
            with contextlib.closing(Workspace.memory()) as scratch:
                res = import_log(path, workspace=scratch, log=log, mapping=mapping_obj, mode="create",
                                 progress=lambda f, m: progress(0.8 * f, m), cancel=progress.cancelled)
                progress(0.85, _("checking data quality"))
                report = quality_report(scratch.log(log))
                return {**job_result(res), "quality": report.to_dict()}
        finally:
            _discard(path)

    job_id = state.runner.submit("import-check", run, workspace_id=data.record.id, owner_id=data.user.id,
                                 message=_("check {file} before importing into {log}",
                                           file=Path(file.filename or "").name, log=log))
    trail.log("import.check", "log", f"{data.record.id}/{log}", job_id=job_id, file=file.filename)
    trail.log("case.quality_examples", "log", f"{data.record.id}/{log}", job_id=job_id)
    job = state.runner.get(job_id)
    return JobOut.model_validate(job)


def job_result(res: Any) -> dict[str, Any]:
    """The result stored with an import job (from an :class:`~sagsflow.ingest.pipeline.ImportResult`)."""
    r = res.record
    return {"status": res.status, "log": r.log_name, "rows_read": r.rows_read, "events_added": r.events_added,
            "import_id": r.import_id, "warnings": res.warnings[:50]}


class DecisionOut(BaseModel):
    """One guess of the mapping inference (:class:`sagsflow.ingest.suggest.Decision`)."""

    column: str
    kind: Literal["role", "data_class", "level", "option"]
    value: str
    confidence: float
    evidence: str
    importance: int
    needs_confirmation: bool


class TimestampFormatOut(BaseModel):
    """The timestamp format detected in a column."""

    format: str | list[str] = Field(description="strptime-style format, e.g. '%d-%m-%Y %H:%M' (several when the "
                                               "column mixes them).")
    share: float = Field(description="Share of the sampled values it reads.")
    examples: list[str]


class PreviewOut(BaseModel):
    model_config = ConfigDict(json_schema_serialization_defaults_required=True)

    columns: list[str]
    rows: list[dict[str, str | None]]
    n_rows: int
    suggested_mapping: str | None = Field(description="The suggested mapping as YAML; None when no column could "
                                                      "be the case id, activity or timestamp.")
    confidence: dict[str, float]
    notes: list[str]
    timestamp_formats: dict[str, TimestampFormatOut]
    decisions: list[DecisionOut] = []


@router.post("/preview", operation_id="imports-preview")
def preview(
    request: Request,
    data: AnalystData,
    state: State,
    trail: AuditTrail,
    file: Annotated[UploadFile, File(description="The extract to look at (not stored).")],
) -> PreviewOut:
    """The first rows, the inferred mapping (with a confidence and the evidence for each decision, the most
    important first) and the detected timestamp formats of a file."""
    from sagsflow.ingest.limits import Limits, check_columns
    from sagsflow.ingest.pipeline import detect_format
    from sagsflow.ingest.suggest import infer_mapping
    from sagsflow.store.workspace import Workspace

    tmp = state.settings.data_dir / "uploads" / f"preview-{uuid.uuid4().hex}"
    path = _save_upload(request, file, tmp, state.settings.max_upload_bytes)
    try:
        with contextlib.closing(Workspace.memory()) as scratch:
            info = _LOADERS[detect_format(path)](scratch.con, path, "__preview")
            check_columns(len(info.columns), Path(file.filename or path.name).name, Limits.from_env())
            cols = [c for c, _ in info.columns]
            sample = scratch.con.execute(f'SELECT * EXCLUDE ("__row") FROM __preview ORDER BY "__row" '
                                         f"LIMIT {_SAMPLE_ROWS}").fetchall()
            try:
                suggestion: Any = infer_mapping(scratch.con, "__preview", info, profile=True)
            except SagsflowError as exc:  # no guess is a normal outcome of a preview
                suggestion = exc
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    trail.log("import.preview", "workspace", data.record.id, file=file.filename, n_rows=info.n_rows)
    return preview_of(cols, sample, info.n_rows, suggestion=suggestion, notes=list(info.notes))


def preview_of(cols: list[str], sample: list[Any], n_rows: int, *, suggestion: Any = None,
               notes: list[str] | None = None) -> PreviewOut:
    """The preview of a source from its column names and first rows: shown rows, suggested mapping (the
    inference's ``suggestion`` or, without one, :func:`~sagsflow.ingest.suggest.suggest_mapping` on the rows),
    detected timestamp formats."""
    from sagsflow.ingest.sources import text_of
    from sagsflow.ingest.suggest import suggest_mapping
    from sagsflow.ingest.timestamps import detect_format as detect_timestamps

    try:
        if isinstance(suggestion, SagsflowError):
            raise suggestion
        s = suggestion if suggestion is not None else suggest_mapping(cols, sample)
        yaml_text: str | None = s.mapping.to_yaml()
        confidence, notes = dict(s.confidence), [*(notes or []), *s.notes]
        decisions = [DecisionOut(**d.to_dict()) for d in s.key_decisions(len(s.decisions))]
    except SagsflowError as exc:  # no guess is a normal outcome of a preview
        yaml_text, confidence, notes, decisions = None, {}, [*(notes or []), str(exc)], []
    formats = {}
    for i, c in enumerate(cols):
        d = detect_timestamps([text_of(r[i]) for r in sample if r[i] is not None])
        if d.share >= 0.9:
            fmt = d.format if isinstance(d.format, str) else list(d.format)
            formats[c] = TimestampFormatOut(format=fmt, share=d.share, examples=list(d.examples)[:3])
    rows = [{c: text_of(v) if v is not None else None for c, v in zip(cols, r, strict=False)}
            for r in sample[:_PREVIEW_ROWS]]
    return PreviewOut(columns=cols, rows=rows, n_rows=n_rows, suggested_mapping=yaml_text,
                      confidence=confidence, notes=notes, timestamp_formats=formats, decisions=decisions)


def _loader(module: str, name: str) -> Any:
    def load(con: Any, path: Path, table: str) -> Any:
        import importlib

        return getattr(importlib.import_module(module), name)(con, path, table)

    return load


_LOADERS = {
    "csv": _loader("sagsflow.ingest.csv_source", "load_csv"),
    "excel": _loader("sagsflow.ingest.excel_source", "load_excel"),
    "parquet": _loader("sagsflow.ingest.parquet_source", "load_parquet"),
    "xes": _loader("sagsflow.ingest.xes", "load_xes"),
}
