"""A workspace whose event store is Parquet (``sagsflow.store.event_store``): the same answers as a workspace that
keeps its logs in its DuckDB file, the same files a Spark engine reads, and writes that are atomic across the
database and the folder."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

import sagsflow
import sagsflow.filters as F
from sagsflow.compliance import evaluate
from sagsflow.errors import DisclosureError, InvalidParameterError
from sagsflow.log import EventLog
from sagsflow.predict import FeaturePolicy
from sagsflow.predict.encode import EncodingSpec, encode_prefixes
from sagsflow.store.parquet import CURRENT, current_folder, export_log
from sagsflow.store.workspace import Workspace
from tests.conftest import shared_data_dir

KEY = "ab" * 32
NOW = datetime(2026, 1, 1, tzinfo=UTC)
CSV = """sag,aktivitet,tid,medarbejder,beløb,enhed
A,Modtag,2024-01-01 09:00,m1,10,Nord
A,Vurder,2024-01-03 10:00,m2,20,Nord
A,Afgør,2024-01-03 10:00,m2,30,Nord
B,Modtag,2024-01-02 09:00,m1,5,Syd
B,Afgør,2024-01-09 12:00,m3,6,Syd
C,Modtag,2024-02-01 08:00,m1,7,Syd
"""
MORE = """sag,aktivitet,tid,medarbejder,beløb,enhed
D,Modtag,2024-03-01 09:00,m1,1,Nord
D,Afgør,2024-03-05 09:00,m2,2,Nord
E,Modtag,2024-03-02 09:00,m1,3,Syd
E,Afgør,2024-03-06 09:00,m2,4,Syd
"""


def _files(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with its content hash (what a reader of the store would see)."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _frame(table: Any) -> pd.DataFrame:
    return table.to_arrow().to_pandas() if hasattr(table, "to_arrow") else table


def assert_same_answers(a: EventLog, b: EventLog, *, fixed: date | None = None) -> None:
    """What the product shows of two logs: map, variants, cases, quality report, plausible period, a filtered
    map, and (on a log with the demo's columns) the rule pack and the prediction encodings."""
    assert (a.n_events, a.n_cases, a.n_activities) == (b.n_events, b.n_cases, b.n_activities)
    da, db = sagsflow.discover_dfg(a), sagsflow.discover_dfg(b)
    assert da.labels == db.labels
    for field in ("source", "target", "edge_frequency", "edge_cases", "node_frequency"):
        assert getattr(da, field).tolist() == getattr(db, field).tolist(), field
    assert da.edge_duration is not None and db.edge_duration is not None
    np.testing.assert_array_equal(da.edge_duration.mean, db.edge_duration.mean)
    pd.testing.assert_frame_equal(_frame(sagsflow.variants(a)), _frame(sagsflow.variants(b)))
    pd.testing.assert_frame_equal(_frame(sagsflow.case_table(a)), _frame(sagsflow.case_table(b)))
    qa, qb = (sagsflow.quality_report(x, now=NOW).to_dict() for x in (a, b))
    qa.pop("generated_at"), qb.pop("generated_at")
    assert qa == qb
    assert a.plausible_window.to_dict() == b.plausible_window.to_dict()
    fa, fb = a.filter(F.case_duration(min="1d")), b.filter(F.case_duration(min="1d"))
    assert fa.n_cases == fb.n_cases
    assert sagsflow.discover_dfg(fa).edge_frequency.tolist() == sagsflow.discover_dfg(fb).edge_frequency.tolist()
    if fixed is not None:
        ra, rb = evaluate(a, "employment-dk", as_of=fixed), evaluate(b, "employment-dk", as_of=fixed)
        pd.testing.assert_frame_equal(ra.cases, rb.cases)
        spec = EncodingSpec.from_log(a, FeaturePolicy(unit="kommune"), n_count=8)
        assert EncodingSpec.from_log(b, FeaturePolicy(unit="kommune"), n_count=8) == spec
        pd.testing.assert_frame_equal(encode_prefixes(a, spec, cache=False), encode_prefixes(b, spec, cache=False))


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "udtræk.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def _import(ws: Workspace, path: Path, log: str = "sager", **kw: Any) -> EventLog:
    return sagsflow.import_log(path, workspace=ws, log=log, key=KEY, **kw).log


def test_a_log_kept_as_parquet_answers_as_one_kept_in_the_database(tmp_path: Path, source: Path) -> None:
    native = Workspace.open(tmp_path / "native")
    kept = Workspace.open(tmp_path / "kept", event_store=tmp_path / "store")
    a, b = _import(native, source), _import(kept, source)
    assert_same_answers(a, b)
    # the log's tables in the database are views over the store; the store is the portable store, row for row
    kinds = kept.con.execute("SELECT table_name, table_type FROM information_schema.tables "
                             "WHERE table_schema = 'log_sager' ORDER BY 1").fetchall()
    assert kinds == [(t, "VIEW") for t in ("activities", "cases", "events", "successors")]
    exported = export_log(native, "sager", tmp_path / "exported")
    for table in ("events", "cases", "activities", "successors"):
        assert pq.read_table(current_folder(tmp_path / "store" / "sager") / f"{table}.parquet").equals(
            pq.read_table(exported / f"{table}.parquet")), table
    # the workspace remembers its store, read-only too
    kept.close()
    again = Workspace.open(tmp_path / "kept", read_only=True)
    assert again.event_store == (tmp_path / "store").resolve()
    assert again.log("sager").n_events == 6
    again.close()


def test_the_demo_kept_as_parquet_answers_as_the_demo(tmp_path: Path) -> None:
    from sagsflow.demo.workspace import create_demo_workspace

    native = Workspace.open(tmp_path / "native")
    kept = Workspace.open(tmp_path / "kept", event_store=tmp_path / "store")
    create_demo_workspace(native, seed=5, scale=0.01, key=KEY)
    create_demo_workspace(kept, seed=5, scale=0.01, key=KEY)
    assert [i.name for i in native.logs()] == [i.name for i in kept.logs()]
    assert sorted(p.name for p in (tmp_path / "store").iterdir()) == sorted(i.name for i in kept.logs())
    assert_same_answers(native.log("kontanthjaelp_alle"), kept.log("kontanthjaelp_alle"), fixed=date(2025, 6, 1))
    assert_same_answers(native.log("dagpenge_alle"), kept.log("dagpenge_alle"))


@pytest.mark.realdata
@pytest.mark.parametrize("name", ["Sepsis_Cases-Event_Log.xes.gz", "BPIC15_1.xes.gz"])
def test_public_logs_kept_as_parquet_answer_as_in_the_database(tmp_path: Path, name: str) -> None:
    path = shared_data_dir() / name
    if not path.exists():
        pytest.skip(f"{name} is not in ../shared/data")
    native = Workspace.open(tmp_path / "native")
    kept = Workspace.open(tmp_path / "kept", event_store=tmp_path / "store")
    assert_same_answers(_import(native, path, "log"), _import(kept, path, "log"))


def test_appends_replacements_and_deletions_rewrite_the_store(tmp_path: Path, source: Path) -> None:
    more = tmp_path / "mere.csv"
    more.write_text(MORE, encoding="utf-8")
    ws = Workspace.open(tmp_path / "ws", event_store=tmp_path / "store")
    _import(ws, source)
    assert _import(ws, more, mode="append").n_events == 10
    events = pq.read_table(current_folder(tmp_path / "store" / "sager") / "events.parquet")
    assert events.num_rows == 10 and sorted(set(events.column("case_id").to_pylist())) == [
        r[0] for r in ws.con.execute("SELECT case_id FROM log_sager.cases ORDER BY case_id").fetchall()]
    assert [r.events_added for r in ws.imports("sager")] == [6, 4]
    assert _import(ws, more, mode="replace", if_imported="reimport").n_cases == 2
    assert pq.read_table(current_folder(tmp_path / "store" / "sager") / "cases.parquet").num_rows == 2
    # each write is a version of its own; the current one and the one before it are kept (a reader still on the
    # earlier one keeps its files), older ones are deleted
    kept = sorted(p.name for p in (tmp_path / "store" / "sager").iterdir())
    assert len(kept) == 3 and CURRENT in kept and all(k.startswith("v") for k in kept if k != CURRENT)
    ws.delete_log("sager")
    assert not (tmp_path / "store" / "sager").exists()
    assert list((tmp_path / "store").iterdir()) == []  # no folder left aside


def test_a_failed_write_leaves_the_store_and_the_log_as_they_were(tmp_path: Path, source: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    more = tmp_path / "mere.csv"
    more.write_text(MORE, encoding="utf-8")
    ws = Workspace.open(tmp_path / "ws", event_store=tmp_path / "store")
    _import(ws, source)
    before = _files(tmp_path / "store")

    def broken(self: Workspace, name: str) -> tuple[int, int, int]:
        raise OSError("disk full")  # after the new store took the old one's place, before the commit

    monkeypatch.setattr(Workspace, "_counts", broken)
    with pytest.raises(OSError, match="disk full"):
        _import(ws, more, mode="append")
    monkeypatch.undo()
    assert _files(tmp_path / "store") == before  # the failed write's version is gone, CURRENT unchanged
    assert [p.name for p in (tmp_path / "store").iterdir()] == ["sager"]
    log = ws.log("sager")
    assert (log.n_events, log.n_cases) == (6, 3)
    assert len(ws.imports("sager")) == 1


def test_a_reader_keeps_reading_the_version_it_started_on(tmp_path: Path, source: Path) -> None:
    """A reader on a cursor of its own (a server request) that began before an append reads the old events, whole,
    while the append commits; the next reader reads the new ones."""
    more = tmp_path / "mere.csv"
    more.write_text(MORE, encoding="utf-8")
    ws = Workspace.open(tmp_path / "ws", event_store=tmp_path / "store")
    _import(ws, source)
    reader = ws.reader()
    reader.con.execute("BEGIN TRANSACTION")
    assert reader.con.execute("SELECT count(*) FROM log_sager.events").fetchall() == [(6,)]
    _import(ws, more, mode="append")
    assert reader.con.execute("SELECT count(*), count(DISTINCT case_id) FROM log_sager.events").fetchall() == [(6, 3)]
    reader.con.execute("COMMIT")
    assert reader.con.execute("SELECT count(*) FROM log_sager.events").fetchall() == [(10,)]
    reader.close()


def test_setting_a_store_moves_the_logs_there_and_is_kept(tmp_path: Path, source: Path) -> None:
    ws = Workspace.open(tmp_path / "ws")
    a = _import(ws, source)
    before = sagsflow.variants(a).to_arrow()
    assert ws.event_store is None
    ws.close()
    ws = Workspace.open(tmp_path / "ws", event_store=tmp_path / "store")
    assert (current_folder(tmp_path / "store" / "sager") / "events.parquet").is_file()
    assert sagsflow.variants(ws.log("sager")).to_arrow().equals(before)
    # the same root again is fine; another is refused, and so is a URL
    ws.close()
    ws = Workspace.open(tmp_path / "ws", event_store=tmp_path / "store")
    ws.close()
    with pytest.raises(InvalidParameterError, match="already"):
        Workspace.open(tmp_path / "ws", event_store=tmp_path / "other")
    ws = Workspace.open(tmp_path / "ws")
    assert ws.log("sager").n_events == 6  # the refused open left the workspace as it was
    ws.close()
    with pytest.raises(InvalidParameterError, match="not one"):
        Workspace.open(tmp_path / "ws3", event_store="s3a://bucket/sagsflow")
    with pytest.raises(InvalidParameterError, match="read_only"):
        Workspace.open(tmp_path / "ws", read_only=True, event_store=tmp_path / "store")


def test_an_encrypted_workspace_keeps_its_logs_in_plain_files_only_when_told(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sagsflow.store import encryption

    monkeypatch.setattr(encryption, "encrypted", lambda ws: True)
    with pytest.raises(DisclosureError, match="encrypted at rest"):
        Workspace.open(tmp_path / "ws", event_store=tmp_path / "store")
    ws = Workspace.open(tmp_path / "ws", event_store=tmp_path / "store", unencrypted_ok=True)
    assert ws.event_store == (tmp_path / "store").resolve()


def test_retention_deletes_the_old_events_from_the_store(tmp_path: Path, source: Path) -> None:
    from sagsflow.legal.retention import apply_retention, set_retention

    ws = Workspace.open(tmp_path / "ws", event_store=tmp_path / "store")
    _import(ws, source)
    set_retention(ws, "sager", days=30, reason="test")
    (report,) = apply_retention(ws, at=datetime(2024, 2, 20, tzinfo=UTC))
    assert report.events_deleted == 5
    stored = pq.read_table(current_folder(tmp_path / "store" / "sager") / "events.parquet")
    assert stored.column("case_id").to_pylist() == [ws.con.execute(
        "SELECT case_id FROM log_sager.cases").fetchall()[0][0]]
