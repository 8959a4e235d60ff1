"""The workspace's legal record: registrations and an append-only, hash-chained log of what was done under them.

Without a server, a workspace keeps its own record in its DuckDB database (so a copy of the workspace carries
it):

- ``sf_registrations`` — every registration with its current status, signed with an HMAC whose key is derived from
  the pseudonymisation key (kept outside the workspace): a registration written or edited by anyone without the key
  does not verify and enables nothing;
- ``sf_legal_log`` — one row per proposal, approval, change, revocation, expiry, use (training, scoring, export)
  and retention run, each chained to the previous one by SHA-256, so a removed or changed row shows
  (:func:`verify_log`).

The server keeps the same facts in its metadata database and audit log; the library writes here in both cases,
so the workspace's own record is complete wherever the work was done.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sagsflow.errors import InvalidParameterError, NotFoundError
from sagsflow.i18n import _
from sagsflow.legal.registration import Registration, Status
from sagsflow.store.workspace import fetch_one

if TYPE_CHECKING:
    from sagsflow.store.workspace import Workspace

_DDL = [
    """CREATE TABLE IF NOT EXISTS sf_registrations (
        id VARCHAR PRIMARY KEY, data VARCHAR, signature VARCHAR, updated_at TIMESTAMPTZ)""",
    """CREATE TABLE IF NOT EXISTS sf_legal_log (
        seq BIGINT PRIMARY KEY, "at" TIMESTAMPTZ, action VARCHAR, actor VARCHAR, object_id VARCHAR,
        details VARCHAR, hash VARCHAR)""",
]
_LABEL = b"sagsflow registration signature v1"


def ensure(ws: Workspace) -> None:
    """Create the record's tables (idempotent)."""
    for ddl in _DDL:
        ws.con.execute(ddl)


def signing_key(key: bytes | str | None = None, *, workspace: Workspace | None = None) -> bytes:
    """The key that signs registrations: derived from the pseudonymisation key (never the key itself)."""
    from sagsflow.ingest.pseudonymise import load_key

    base = load_key(key, workspace=getattr(workspace, "path", None))
    return hmac.new(base, _LABEL, hashlib.sha256).digest()


def sign(reg: Registration, key: bytes) -> str:
    return hmac.new(key, reg.to_json().encode("utf-8"), hashlib.sha256).hexdigest()


# ============================================================================ the log
@dataclass(frozen=True)
class LegalEvent:
    """One row of the workspace's legal log."""

    seq: int
    at: datetime
    action: str
    actor: str | None
    object_id: str | None
    details: dict[str, Any]
    hash: str


def _entry_hash(prev: str, seq: int, at: datetime, action: str, actor: str | None, object_id: str | None,
                details: str) -> str:
    payload = json.dumps([prev, seq, at.isoformat(), action, actor, object_id, details], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def log_event(ws: Workspace, action: str, *, actor: str | None = None, object_id: str | None = None,
              **details: Any) -> LegalEvent:
    """Append one entry to the workspace's legal log (chained to the previous entry)."""
    ensure(ws)
    # one writer at a time per open database (the server's request cursors share the root's lock)
    with ws.root._lock, ws.transaction() as con:
        row = fetch_one(con, "SELECT seq, hash FROM sf_legal_log ORDER BY seq DESC LIMIT 1")
        seq = 1 if row is None else int(row[0]) + 1
        prev = "" if row is None else str(row[1])
        at = datetime.now(UTC)
        text = json.dumps(details, default=str, ensure_ascii=False, sort_keys=True)
        h = _entry_hash(prev, seq, at, action, actor, object_id, text)
        con.execute("INSERT INTO sf_legal_log VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [seq, at, action, actor, object_id, text, h])
    return LegalEvent(seq, at, action, actor, object_id, details, h)


def legal_log(ws: Workspace, *, action: str | None = None, object_id: str | None = None) -> list[LegalEvent]:
    """Entries of the legal log, oldest first (``action`` matches a prefix)."""
    ensure(ws)
    where, params = [], []
    if action:
        where.append("starts_with(action, ?)")
        params.append(action)
    if object_id:
        where.append("object_id = ?")
        params.append(object_id)
    sql = 'SELECT seq, "at", action, actor, object_id, details, hash FROM sf_legal_log'
    if where:
        sql += " WHERE " + " AND ".join(where)
    rows = ws.con.execute(sql + " ORDER BY seq", params).fetchall()
    return [LegalEvent(int(r[0]), r[1], r[2], r[3], r[4], json.loads(r[5] or "{}"), r[6]) for r in rows]


def verify_log(ws: Workspace) -> int | None:
    """The ``seq`` of the first entry whose chain breaks (changed, removed or inserted rows); None when intact."""
    ensure(ws)
    prev = ""
    expected = 1
    for seq, at, action, actor, object_id, details, h in ws.con.execute(
            'SELECT seq, "at", action, actor, object_id, details, hash FROM sf_legal_log ORDER BY seq').fetchall():
        if int(seq) != expected or _entry_hash(prev, int(seq), at, action, actor, object_id, details) != h:
            return int(seq)
        prev, expected = h, expected + 1
    return None


# ============================================================================ registrations
def _store(ws: Workspace, reg: Registration, key: bytes) -> None:
    with ws.transaction() as con:
        con.execute("INSERT OR REPLACE INTO sf_registrations VALUES (?, ?, ?, ?)",
                    [reg.id, reg.to_json(), sign(reg, key), datetime.now(UTC)])


@dataclass(frozen=True)
class StoredRegistration:
    """A registration read from the workspace, and whether its signature verifies."""

    registration: Registration
    verified: bool


def stored_registrations(ws: Workspace, *, key: bytes | str | None = None) -> list[StoredRegistration]:
    """Every registration kept in the workspace, with its signature checked (False when no key is available)."""
    ensure(ws)
    rows = ws.con.execute("SELECT data, signature FROM sf_registrations ORDER BY updated_at, id").fetchall()
    if not rows:
        return []
    try:
        k: bytes | None = signing_key(key, workspace=ws)
    except Exception:  # no key here: nothing verifies
        k = None
    out = []
    for data, sig in rows:
        reg = Registration.from_dict(json.loads(data))
        ok = k is not None and hmac.compare_digest(sign(reg, k), str(sig or ""))
        out.append(StoredRegistration(reg, ok))
    return out


def get_registration(ws: Workspace, reg_id: str, *, key: bytes | str | None = None) -> Registration:
    """The verified registration ``reg_id`` of the workspace."""
    for s in stored_registrations(ws, key=key):
        if s.registration.id == reg_id:
            if not s.verified:
                raise InvalidParameterError(
                    _("the signature of registration {id} does not verify: it was written or changed without the "
                      "key.", id=reg_id),
                    hint=_("Propose it again with `sagsflow legal propose` and have it approved."), field="id")
            return s.registration
    raise NotFoundError(_("no registration {id} in this workspace.", id=repr(reg_id)),
                        hint=_("List them with `sagsflow legal list`."))


def propose(ws: Workspace, reg: Registration, *, by: str, key: bytes | str | None = None,
            supersedes: str | None = None) -> Registration:
    """Record ``reg`` as proposed by ``by`` (the first person of the two-person rule); ``supersedes``: the id of
    the registration it changes (which stays in force until this one is approved)."""
    from dataclasses import replace

    if not by.strip():
        raise InvalidParameterError(_("a proposal needs the name of the person proposing it."), field="by")
    k = signing_key(key, workspace=ws)
    version = 1
    if supersedes:
        old = get_registration(ws, supersedes, key=key)
        version = old.version + 1
    reg = replace(reg, status="proposed", proposed_by=by.strip(), proposed_at=datetime.now(UTC), approved_by=None,
                  approved_at=None, supersedes=supersedes, version=version).check()
    ensure(ws)
    _store(ws, reg, k)
    log_event(ws, "registration.change" if supersedes else "registration.propose", actor=by.strip(),
              object_id=reg.id, target_class=reg.target_class, targets=list(reg.targets), supersedes=supersedes,
              review_date=reg.review_date.isoformat())
    return reg


def approve(ws: Workspace, reg_id: str, *, by: str, key: bytes | str | None = None) -> Registration:
    """Approve a proposed registration (the second person); a registration it supersedes is retired."""
    k = signing_key(key, workspace=ws)
    reg = get_registration(ws, reg_id, key=key).approve(by)
    _store(ws, reg, k)
    if reg.supersedes:
        try:
            old = get_registration(ws, reg.supersedes, key=key)
            _store(ws, old.with_status("superseded", _("replaced by {id}", id=reg.id)), k)
        except NotFoundError:
            pass
    log_event(ws, "registration.enable", actor=by.strip(), object_id=reg.id, target_class=reg.target_class,
              targets=list(reg.targets), proposed_by=reg.proposed_by, review_date=reg.review_date.isoformat())
    return reg


def revoke(ws: Workspace, reg_id: str, *, by: str, reason: str = "", key: bytes | str | None = None
           ) -> Registration:
    """Switch a registration off at once (one person may stop prediction; enabling needs two)."""
    k = signing_key(key, workspace=ws)
    reg = get_registration(ws, reg_id, key=key)
    status: Status = "rejected" if reg.status == "proposed" else "revoked"
    reg = reg.with_status(status, reason)
    _store(ws, reg, k)
    log_event(ws, f"registration.{'reject' if status == 'rejected' else 'revoke'}", actor=by, object_id=reg_id,
              reason=reason)
    return reg
