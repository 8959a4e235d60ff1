"""Imports that do not block each other, stop when cancelled, and refuse sources wider than the limit
(issue #12: a 10,000-column CSV stayed in "applying the mapping" for minutes, could not be cancelled and made
other imports into the workspace fail with "connection is busy")."""

from __future__ import annotations

import threading
from pathlib import Path

import duckdb
import pytest

import sagsflow
from sagsflow.errors import UnsafeInputError
from sagsflow.ingest.limits import Limits
from sagsflow.ingest.pipeline import ImportCancelledError
from sagsflow.store.workspace import Workspace

MAPPING = {"case_id": "case", "activity": "activity", "timestamp": {"column": "time", "format": "iso"}}


def big_csv(path: Path, n: int) -> Path:
    con = duckdb.connect()
    con.execute(f"""COPY (SELECT 'C' || (i // 10) AS case, 'A' || (i % 13) AS activity,
                         strftime(TIMESTAMP '2024-01-01' + to_seconds(i * 7), '%Y-%m-%dT%H:%M:%S') AS time,
                         'note ' || (i % 997) AS note, (i % 100)::VARCHAR AS amount
                  FROM range({n}) r(i)) TO '{path}' (HEADER)""")
    return path


def small_csv(path: Path) -> Path:
    path.write_text("case,activity,time\nc1,A,2024-01-01T10:00:00\nc1,B,2024-01-02T10:00:00\n")
    return path


def wide_csv(path: Path, n_columns: int, n_rows: int = 6) -> Path:
    header = ["case", "activity", "time"] + [f"col{k}" for k in range(n_columns)]
    lines = [",".join(header)]
    for r in range(n_rows):
        values = [f"c{r // 2}", f"A{r % 2}", f"2024-01-0{1 + r}T10:00:00"]
        values += [("0101901234" if (k == 7 and r == 0) else f"t{k}") if k % 3 == 1 else str(r * k) if k % 3 == 0
                   else f"0{r + 1}-02-2024" for k in range(n_columns)]
        lines.append(",".join(values))
    path.write_text("\n".join(lines) + "\n")
    return path


def test_a_source_wider_than_the_limit_is_refused_naming_file_count_and_limit(tmp_path: Path) -> None:
    ws = Workspace.open(tmp_path / "ws")
    with pytest.raises(UnsafeInputError) as err:
        sagsflow.import_log(wide_csv(tmp_path / "wide.csv", 10_000, 2), workspace=ws)
    assert err.value.message == ("wide.csv: the file has 10,003 columns, more than the limit of 1,000 columns an "
                                 "import may have")
    assert "SAGSFLOW_MAX_COLUMNS" in str(err.value.hint)
    assert ws.logs() == []
    with pytest.raises(UnsafeInputError, match="has 23 columns, more than the limit of 20"):
        sagsflow.import_log(wide_csv(tmp_path / "w.csv", 20), workspace=ws, limits=Limits(max_columns=20))


def test_a_wide_source_is_handled_in_slices_with_the_same_results(tmp_path: Path) -> None:
    # 300 attribute columns: types, CPR masking and levels come out as for a narrow file
    res = sagsflow.import_log(wide_csv(tmp_path / "wide.csv", 300), workspace=tmp_path / "ws", mapping=MAPPING)
    log = res.log
    attrs = {c.name: c for c in log.schema.attributes}
    assert len(attrs) == 300
    assert attrs["col0"].dtype == "BIGINT" and attrs["col297"].dtype == "BIGINT"
    assert attrs["col2"].dtype == "TIMESTAMP WITH TIME ZONE" and attrs["col299"].dtype == "TIMESTAMP WITH TIME ZONE"
    assert attrs["col1"].dtype == "VARCHAR"
    first = log.events().order("src_order").select('"col7", "col298", "col3"').fetchall()[0]
    assert first == ("[CPR]", "t298", 0)
    assert any("CPR numbers were masked as [CPR] in 1 value(s)" in w and "'col7'" in w for w in res.warnings)
    narrow = sagsflow.import_log(wide_csv(tmp_path / "w12.csv", 12), workspace=tmp_path / "ws2", mapping=MAPPING)
    assert [(c.name, c.dtype) for c in narrow.log.schema.attributes] == [
        (c.name, c.dtype) for c in log.schema.attributes[:12]]


def test_cancel_interrupts_a_running_import_and_changes_nothing(tmp_path: Path) -> None:
    path = big_csv(tmp_path / "big.csv", 1_000_000)
    ws = Workspace.open(tmp_path / "ws")
    sagsflow.import_log(small_csv(tmp_path / "s.csv"), workspace=ws, log="kept", mapping=MAPPING)
    cancel = threading.Event()
    seen: list[tuple[float, str]] = []

    def progress(fraction: float, message: str) -> None:
        seen.append((fraction, message))
        if fraction >= 0.5:  # in the mapping step: a long statement runs when the flag is set
            cancel.set()

    with pytest.raises(ImportCancelledError, match="the import was cancelled; nothing was changed"):
        sagsflow.import_log(path, workspace=ws, log="big", mapping=MAPPING, progress=progress, cancel=cancel)
    assert max(f for f, _m in seen if not _m.startswith("cancelled")) < 0.75  # stopped before writing the log
    assert [i.name for i in ws.logs()] == ["kept"]
    assert [r.log_name for r in ws.imports()] == ["kept"]
    # the workspace is usable at once, by the same connection and by new imports
    assert ws.log("kept").n_events == 2
    sagsflow.import_log(small_csv(tmp_path / "s2.csv"), workspace=ws, log="after", mapping=MAPPING)
    assert [i.name for i in ws.logs()] == ["after", "kept"]


def test_an_import_into_another_log_runs_while_a_long_one_is_busy(tmp_path: Path) -> None:
    path = big_csv(tmp_path / "big.csv", 1_000_000)
    ws = Workspace.open(tmp_path / "ws")
    busy, cancel = threading.Event(), threading.Event()
    outcome: list[BaseException | None] = []

    def long_import() -> None:
        try:
            sagsflow.import_log(path, workspace=ws, log="big", mapping=MAPPING, cancel=cancel,
                                progress=lambda f, m: busy.set() if f >= 0.1 else None)
            outcome.append(None)
        except BaseException as exc:
            outcome.append(exc)

    worker = threading.Thread(target=long_import)
    worker.start()
    assert busy.wait(60)
    # meanwhile: another import into another log, reads of the workspace, on the same Workspace object
    res = sagsflow.import_log(small_csv(tmp_path / "s.csv"), workspace=ws, log="small", mapping=MAPPING)
    assert res.log.n_events == 2 and "small" in ws
    still_running = worker.is_alive()
    cancel.set()
    worker.join(60)
    assert still_running, "the small import waited for the big one"
    assert isinstance(outcome[0], ImportCancelledError)
    assert [i.name for i in ws.logs()] == ["small"]


def test_imports_into_two_logs_at_the_same_time_both_succeed(tmp_path: Path) -> None:
    ws = Workspace.open(tmp_path / "ws")
    sagsflow.import_log(small_csv(tmp_path / "s0.csv"), workspace=ws, log="first", mapping=MAPPING)
    paths = [big_csv(tmp_path / f"b{k}.csv", 200_000) for k in range(2)]
    errors: list[BaseException] = []

    def run(k: int) -> None:
        try:
            sagsflow.import_log(paths[k], workspace=ws, log=f"log{k}", mapping=MAPPING)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    assert errors == []
    assert {i.name: i.n_events for i in ws.logs()} == {"first": 2, "log0": 200_000, "log1": 200_000}
    ids = [r.import_id for r in ws.imports()]
    assert sorted(ids) == ids and len(set(ids)) == 3  # no two imports took the same number
