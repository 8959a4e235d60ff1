"""The audit log's hash chain: verified intact, and every kind of tampering found, also on a copy whose
append-only triggers were dropped; concurrent writers keep one chain; the migration chains existing entries."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from sagsflow.meta import MetaDB, audit
from sagsflow.meta.db import default_url
from tests.meta.conftest import meta_url


def _fill(db: MetaDB, n: int = 6) -> None:
    with db.session() as s:
        for i in range(n):
            audit.record(s, "case.read", username=f"u{i % 2}", object_type="case", object_id=f"S{i}",
                         details={"i": i, "filter": {"steps": [1, 2]}, "ø": "æøå"}, ip="192.0.2.1")
            s.commit()


def _file_db(tmp_path: Path, n: int = 6) -> MetaDB:
    db = MetaDB(default_url(tmp_path))
    db.upgrade()
    _fill(db, n)
    return db


def _tampered_copy(tmp_path: Path, *sql: str) -> Path:
    """A copy of the database file with the triggers dropped and ``sql`` run on it, as an intruder would."""
    copy = tmp_path / "copy"
    copy.mkdir()
    shutil.copy(tmp_path / "meta.sqlite", copy / "meta.sqlite")
    con = sqlite3.connect(copy / "meta.sqlite")
    con.execute("DROP TRIGGER audit_log_no_update")
    con.execute("DROP TRIGGER audit_log_no_delete")
    for statement in sql:
        con.execute(statement)
    con.commit()
    con.close()
    return copy


def _report(folder: Path) -> audit.ChainReport:
    db = MetaDB(default_url(folder))
    with db.session() as s:
        report = audit.verify_chain(s)
    db.dispose()
    return report


def test_an_intact_chain_verifies() -> None:
    db = MetaDB(meta_url())
    db.upgrade()
    _fill(db)
    with db.session() as s:
        report = audit.verify_chain(s)
    assert report.ok, report.summary()
    assert report.n_entries == 6 and report.head_id is not None and len(report.head_hash) == 64
    db.dispose()


def test_a_deleted_entry_is_found(tmp_path: Path) -> None:
    _file_db(tmp_path).dispose()
    report = _report(_tampered_copy(tmp_path, "DELETE FROM audit_log WHERE id = 3"))
    assert not report.ok
    assert [(p.entry_id, p.kind) for p in report.problems if p.kind == "link"] == [(4, "link")]
    assert "entries between them were deleted" in report.summary()


def test_an_altered_entry_is_found(tmp_path: Path) -> None:
    _file_db(tmp_path).dispose()
    report = _report(_tampered_copy(tmp_path, "UPDATE audit_log SET username = 'nobody' WHERE id = 2"))
    assert [(p.entry_id, p.kind) for p in report.problems] == [(2, "altered")]


def test_an_altered_entry_with_a_recomputed_hash_breaks_the_next_link(tmp_path: Path) -> None:
    db = _file_db(tmp_path)
    with db.session() as s:
        e = s.get(audit.AuditEntry, 2)
        assert e is not None
        forged = audit.entry_digest(e.prev_hash, time=e.time, user_id=None, username="nobody", municipality_id=None,
                                    action=e.action, object_type=e.object_type, object_id=e.object_id,
                                    details=e.details, ip=e.ip)
    db.dispose()
    report = _report(_tampered_copy(
        tmp_path, f"UPDATE audit_log SET username = 'nobody', entry_hash = '{forged}' WHERE id = 2"))
    assert [(p.entry_id, p.kind) for p in report.problems] == [(3, "link")]


def test_entries_deleted_at_the_end_are_found_by_the_head_and_by_an_anchor(tmp_path: Path) -> None:
    db = _file_db(tmp_path)
    with db.session() as s:
        anchor = (audit.verify_chain(s).head_id or 0, audit.verify_chain(s).head_hash)
    db.dispose()
    copy = _tampered_copy(tmp_path, "DELETE FROM audit_log WHERE id >= 5")
    report = _report(copy)
    assert {p.kind for p in report.problems} == {"head", "count"}
    # the intruder also moves the head back (drops its trigger too): only an anchor kept elsewhere tells
    con = sqlite3.connect(copy / "meta.sqlite")
    con.execute("DROP TRIGGER audit_chain_forward_only")
    con.execute("UPDATE audit_chain SET head_id = 4, head_hash = (SELECT entry_hash FROM audit_log WHERE id = 4), "
                "n_entries = 4")
    con.commit()
    con.close()
    assert _report(copy).ok
    db = MetaDB(default_url(copy))
    with db.session() as s:
        report = audit.verify_chain(s, anchor=anchor)
    db.dispose()
    assert [p.kind for p in report.problems] == ["anchor"]


def test_the_database_refuses_to_delete_or_move_back_the_head(tmp_path: Path) -> None:
    db = _file_db(tmp_path)
    for sql in ("DELETE FROM audit_chain", "UPDATE audit_chain SET n_entries = 0"):
        with db.engine.connect() as con, pytest.raises(Exception, match="append-only"):
            con.execute(text(sql))
    db.dispose()


def test_concurrent_writers_keep_one_chain() -> None:
    """Eight threads append at once (each with its own connection): every entry follows exactly one other."""
    url = meta_url()
    if url == "sqlite://":
        pytest.skip("needs a database shared by several connections; see the file-based variant")
    _concurrent(MetaDB(url))


def test_concurrent_writers_keep_one_chain_on_a_sqlite_file(tmp_path: Path) -> None:
    _concurrent(MetaDB(default_url(tmp_path)))


def _concurrent(db: MetaDB) -> None:
    db.upgrade()
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def writer(k: int) -> None:
        try:
            start.wait()
            for i in range(15):
                with db.session() as s:
                    audit.record(s, "test", username=f"w{k}", object_id=i)
                    s.commit()
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with db.session() as s:
        report = audit.verify_chain(s)
    assert report.ok, report.summary()
    assert report.n_entries == 120
    db.dispose()


def test_migration_chains_existing_entries(tmp_path: Path) -> None:
    db = MetaDB(default_url(tmp_path))
    db.upgrade("0002")
    with db.engine.begin() as con:
        for i in range(3):
            con.execute(text("INSERT INTO audit_log (time, action, username, details) "
                             "VALUES (:t, 'auth.login', :u, :d)"),
                        {"t": f"2026-01-0{i + 1} 10:00:00.000000", "u": f"old{i}", "d": '{"a": [1, 2]}'})
    db.upgrade()
    with db.session() as s:
        before = audit.verify_chain(s)
        audit.record(s, "after.upgrade", username="new")
        s.commit()
        after = audit.verify_chain(s)
    assert before.ok and before.n_entries == 3, before.summary()
    assert after.ok and after.n_entries == 4
    with db.engine.connect() as con, pytest.raises(Exception, match="append-only"):
        con.execute(text("DELETE FROM audit_log"))
    db.dispose()


def test_cli_verify_finds_a_deleted_and_an_altered_entry(tmp_path: Path) -> None:
    from sagsflow.cli.app import app

    _file_db(tmp_path).dispose()
    runner = CliRunner()
    ok = runner.invoke(app, ["audit", "verify", "--data-dir", str(tmp_path)])
    assert ok.exit_code == 0, ok.output
    assert "audit chain intact: 6 entries" in ok.output and "head: 6:" in ok.output
    head = ok.output.split("head: ")[1].split()[0]
    copy = _tampered_copy(tmp_path, "DELETE FROM audit_log WHERE id = 2",
                          "UPDATE audit_log SET details = '{\"i\": 99}' WHERE id = 5")
    bad = runner.invoke(app, ["audit", "verify", "--database-url", default_url(copy), "--expect", head])
    assert bad.exit_code == 1
    assert "entry 3 does not follow entry 1" in bad.output
    assert "entry 5 (case.read" in bad.output and "content was changed" in bad.output
