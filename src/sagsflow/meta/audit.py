"""The append-only, tamper-evident audit log: record, verify the hash chain, search.

Every entry carries the hash of the entry before it (``prev_hash``) and its own (``entry_hash``, the SHA-256 of
``prev_hash`` and the entry's content). The first entry follows the database's random genesis value (table
``audit_chain``), which also records the chain's head. Deleting, altering or reordering entries breaks the chain,
and :func:`verify_chain` says where. The database refuses ``UPDATE`` and ``DELETE`` on the log as well; the chain
is what shows tampering by someone who dropped those triggers (on the server, or on a copy).

Examples
--------
>>> from sagsflow.meta import MetaDB
>>> db = MetaDB("sqlite://"); db.upgrade()
>>> with db.session() as s:
...     _ = record(s, "auth.login", username="ana")
...     _ = record(s, "case.read", username="ana", object_type="case", object_id="S1")
...     s.commit()
...     report = verify_chain(s)
>>> report.ok, report.n_entries
(True, 2)
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from sagsflow.errors import SagsflowError
from sagsflow.meta.models import AuditChain, AuditEntry, User, utcnow

#: the version of the hashed content's layout (part of every hash)
CHAIN_VERSION = 1


class AuditChainError(SagsflowError):
    """The audit log's hash chain is broken (entries deleted, altered or inserted outside Sagsflow)."""

    kind = "audit-chain-broken"


def normalise_details(details: dict[str, Any] | None) -> dict[str, Any] | None:
    """The details as they come back from the database's JSON column (string keys, lists), so the hash
    computed now is the hash recomputed later."""
    if details is None:
        return None
    out: dict[str, Any] = json.loads(json.dumps(details, default=str, ensure_ascii=False))
    return out


def entry_digest(prev_hash: str, *, time: datetime, user_id: int | None, username: str | None,
                 municipality_id: int | None, action: str, object_type: str | None, object_id: str | None,
                 details: dict[str, Any] | None, ip: str | None) -> str:
    """SHA-256 (hex) of the previous entry's hash and this entry's content, in a canonical JSON layout."""
    when = (time if time.tzinfo is not None else time.replace(tzinfo=UTC)).astimezone(UTC)
    content = [CHAIN_VERSION, prev_hash, when.isoformat(timespec="microseconds"), user_id, username,
               municipality_id, action, object_type, object_id, details, ip]
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _digest_of(e: AuditEntry, prev_hash: str) -> str:
    return entry_digest(prev_hash, time=e.time, user_id=e.user_id, username=e.username,
                        municipality_id=e.municipality_id, action=e.action, object_type=e.object_type,
                        object_id=e.object_id, details=e.details, ip=e.ip)


def genesis_value(seed: str) -> str:
    """The first ``prev_hash`` of a database, from a random seed."""
    return hashlib.sha256(f"sagsflow audit chain genesis v{CHAIN_VERSION} {seed}".encode()).hexdigest()


def record(s: Session, action: str, *, user: User | None = None, username: str | None = None,
           object_type: str | None = None, object_id: str | int | None = None,
           details: dict[str, Any] | None = None, ip: str | None = None) -> AuditEntry:
    """Append one entry to the chain (the caller commits, in the same request as the action).

    The chain's head row is locked first (an ``UPDATE``: a row lock on PostgreSQL, the write lock on SQLite)
    and stays locked until the caller's commit or rollback, so concurrent writers append one after the other;
    commit soon after.
    """
    head = s.execute(
        update(AuditChain).where(AuditChain.id == 1).values(n_entries=AuditChain.n_entries + 1)
        .returning(AuditChain.head_hash).execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    if head is None:
        raise AuditChainError("the audit log has no chain head (table audit_chain is empty).",
                              hint="Run the migrations (the server does at start-up).")
    e = AuditEntry(
        time=utcnow(), action=action, user_id=user.id if user else None,
        username=user.username if user else username,
        municipality_id=user.municipality_id if user else None,
        object_type=object_type, object_id=None if object_id is None else str(object_id),
        details=normalise_details(details), ip=ip, prev_hash=head,
    )
    e.entry_hash = _digest_of(e, head)
    s.add(e)
    s.flush()
    s.execute(update(AuditChain).where(AuditChain.id == 1).values(head_id=e.id, head_hash=e.entry_hash)
              .execution_options(synchronize_session=False))
    return e


@dataclass(frozen=True)
class ChainProblem:
    """One place where the chain does not hold: the entry id (None for the head) and what is wrong."""

    entry_id: int | None
    kind: str
    message: str


@dataclass
class ChainReport:
    """The result of :func:`verify_chain`."""

    n_entries: int = 0
    head_id: int | None = None
    head_hash: str = ""
    problems: list[ChainProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        if self.ok:
            return (f"audit chain intact: {self.n_entries:,} entries, head entry {self.head_id} "
                    f"hash {self.head_hash}")
        lines = [f"audit chain BROKEN: {len(self.problems)} problem(s) in {self.n_entries:,} entries"]
        lines += [f"  - {p.message}" for p in self.problems[:50]]
        if len(self.problems) > 50:
            lines.append(f"  ... and {len(self.problems) - 50} more")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "n_entries": self.n_entries, "head_id": self.head_id, "head_hash": self.head_hash,
                "problems": [{"entry_id": p.entry_id, "kind": p.kind, "message": p.message}
                             for p in self.problems]}


def _entries(s: Session, batch: int = 5000) -> Iterator[AuditEntry]:
    """Every entry in id order, in batches (bounded memory; keyset pagination works on every database)."""
    last = 0
    while True:
        rows = list(s.scalars(select(AuditEntry).where(AuditEntry.id > last).order_by(AuditEntry.id).limit(batch)))
        if not rows:
            return
        yield from rows
        last = rows[-1].id
        s.expunge_all()


def verify_chain(s: Session, *, anchor: tuple[int, str] | None = None) -> ChainReport:
    """Walk the audit log in id order and check every link and every entry's hash.

    Parameters
    ----------
    s : Session
        A session of the metadata database.
    anchor : (entry id, hash), optional
        A head recorded earlier outside the database (``sagsflow audit verify`` prints it; the server keeps it
        in ``<data_dir>/audit-anchor.json``): that entry must still be in the chain with that hash. This finds
        entries deleted at the end of the log and a chain rewritten from some entry on.

    Returns
    -------
    ChainReport
        ``ok`` when nothing was found; otherwise one problem per break: ``altered`` (the content does not match
        its hash), ``link`` (the entry does not follow the one before it: entries between were deleted, or an
        entry was altered and its hash recomputed), ``head`` (the recorded head is not the last entry: entries
        at the end were deleted), ``anchor``, ``count``.
    """
    chain = s.get(AuditChain, 1)
    report = ChainReport()
    if chain is None:
        report.problems.append(ChainProblem(None, "head", "the chain head (table audit_chain) is missing."))
        return report
    prev, prev_id = chain.genesis, None
    anchor_seen = False
    for e in _entries(s):
        report.n_entries += 1
        if e.prev_hash != prev:
            after = f"entry {prev_id}" if prev_id is not None else "the genesis value"
            report.problems.append(ChainProblem(
                e.id, "link", f"entry {e.id} does not follow {after}: entries between them were deleted, or "
                              f"{after} was altered and its hash recomputed."))
        if e.entry_hash != _digest_of(e, e.prev_hash or ""):
            report.problems.append(ChainProblem(
                e.id, "altered", f"entry {e.id} ({e.action}, {e.time:%Y-%m-%d %H:%M:%S}) does not match its hash: "
                                 "its content was changed."))
        if anchor is not None and e.id == anchor[0]:
            anchor_seen = True
            if e.entry_hash != anchor[1]:
                report.problems.append(ChainProblem(
                    e.id, "anchor", f"entry {e.id} has another hash than the anchor recorded earlier: the chain "
                                    "was rewritten from there on."))
        prev, prev_id = e.entry_hash, e.id
    report.head_id, report.head_hash = prev_id, prev
    if chain.head_hash != prev or chain.head_id != prev_id:
        report.problems.append(ChainProblem(
            None, "head", f"the chain head records entry {chain.head_id}, but the last entry is {prev_id}: "
                          "entries at the end were deleted (or the head was changed)."))
    if chain.n_entries != report.n_entries:
        report.problems.append(ChainProblem(
            None, "count", f"the chain head counts {chain.n_entries:,} entries, the log has {report.n_entries:,}."))
    if anchor is not None and not anchor_seen:
        report.problems.append(ChainProblem(
            anchor[0], "anchor", f"entry {anchor[0]}, recorded earlier as the chain's head, is missing: "
                                 "entries at the end of the log were deleted."))
    return report


def search(s: Session, *, username: str | None = None, action: str | None = None,
           since: datetime | None = None, until: datetime | None = None,
           municipality_id: int | None = None, limit: int = 1000, offset: int = 0) -> list[AuditEntry]:
    """Entries newest first; ``action`` matches a prefix (``case`` finds ``case.list`` and ``case.read``)."""
    q = select(AuditEntry)
    if username is not None:
        q = q.where(AuditEntry.username == username)
    if action is not None:
        q = q.where(AuditEntry.action.startswith(action, autoescape=True))
    if since is not None:
        q = q.where(AuditEntry.time >= since)
    if until is not None:
        q = q.where(AuditEntry.time < until)
    if municipality_id is not None:
        q = q.where(AuditEntry.municipality_id == municipality_id)
    q = q.order_by(AuditEntry.time.desc(), AuditEntry.id.desc()).limit(limit).offset(offset)
    return list(s.scalars(q))


def read_anchor(path: Path) -> tuple[int, str] | None:
    """The chain head recorded in an anchor file (None when there is none or it cannot be read)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return int(data["head_id"]), str(data["head_hash"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_anchor(path: Path, s: Session) -> None:
    """Record the chain's current head in an anchor file outside the database (written atomically)."""
    chain = s.get(AuditChain, 1)
    if chain is None or chain.head_id is None:
        return
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps({"head_id": chain.head_id, "head_hash": chain.head_hash,
                               "n_entries": chain.n_entries, "written_at": utcnow().isoformat()}) + "\n",
                   encoding="utf-8")
    tmp.replace(path)
