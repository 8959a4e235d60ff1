"""The audit log for auditors (DPO): search and CSV export. There is no way to change or delete it."""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict

from sagsflow.api.deps import DB, AuditReader, AuditTrail, State
from sagsflow.api.problems import problem_responses
from sagsflow.meta import audit

router = APIRouter(prefix="/api/audit", tags=["audit"], responses=problem_responses(401, 403, 422))


class AuditOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    time: datetime
    user_id: int | None
    username: str | None
    municipality_id: int | None
    action: str
    object_type: str | None
    object_id: str | None
    details: dict[str, Any] | None
    ip: str | None


def _search(db: DB, user: AuditReader, username: str | None, action: str | None, since: datetime | None,
            until: datetime | None, limit: int, offset: int = 0) -> list[Any]:
    return audit.search(db, username=username, action=action, since=since, until=until,
                        municipality_id=user.municipality_id, limit=limit, offset=offset)


@router.get("", operation_id="audit-search")
def search(user: AuditReader, db: DB, trail: AuditTrail, username: str | None = None, action: str | None = None,
           since: datetime | None = None, until: datetime | None = None,
           limit: int = Query(default=200, ge=1, le=5000), offset: int = Query(default=0, ge=0, le=2**31 - 1),
           ) -> list[AuditOut]:
    """Entries of your municipality, newest first; ``action`` matches a prefix (``case`` finds case reads)."""
    rows = _search(db, user, username, action, since, until, limit, offset)
    trail.log("audit.search", "audit_log", None, username_filter=username, action_filter=action)
    return [AuditOut.model_validate(r) for r in rows]


@router.get("/export.csv", operation_id="audit-export", response_class=Response,
            responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}})
def export(user: AuditReader, db: DB, state: State, trail: AuditTrail, username: str | None = None,
           action: str | None = None, since: datetime | None = None, until: datetime | None = None) -> Response:
    """The matching entries as CSV (formula-safe for spreadsheets); the export itself is audited."""
    import pyarrow as pa

    from sagsflow.ingest.export import write_csv

    rows = _search(db, user, username, action, since, until, state.settings.max_result_rows * 20)
    table = pa.Table.from_pylist(
        [AuditOut.model_validate(r).model_dump(mode="json") | {"details": _json(r.details)} for r in rows],
        schema=pa.schema([(f, pa.int64() if f in ("id", "user_id", "municipality_id") else pa.string())
                          for f in AuditOut.model_fields]))
    with tempfile.TemporaryDirectory() as tmp:
        path = write_csv(table, Path(tmp) / "audit.csv")
        body = path.read_bytes()
    trail.log("audit.export", "audit_log", None, n_rows=len(rows), username_filter=username, action_filter=action)
    return Response(body, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="sagsflow-audit.csv"'})


class ChainProblemOut(BaseModel):
    entry_id: int | None
    kind: str
    message: str


class ChainOut(BaseModel):
    ok: bool
    n_entries: int
    head_id: int | None
    head_hash: str
    problems: list[ChainProblemOut]


@router.get("/chain", operation_id="audit-chain")
def chain(user: AuditReader, db: DB, trail: AuditTrail) -> ChainOut:
    """Verify the audit log's hash chain now (the whole log, all municipalities): ``ok``, the number of entries,
    the head to record elsewhere, and every break found (deleted, altered or reordered entries)."""
    report = audit.verify_chain(db)
    trail.log("audit.verify", "audit_log", None, ok=report.ok, n_problems=len(report.problems))
    return ChainOut.model_validate(report.to_dict())


def _json(v: Any) -> str | None:
    import json

    return None if v is None else json.dumps(v, ensure_ascii=False, sort_keys=True)
