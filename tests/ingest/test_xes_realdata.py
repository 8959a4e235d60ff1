"""load_xes on the public logs in ../shared/data: the README's counts, engine agreement, PM4Py."""

from __future__ import annotations

import re
import time
from pathlib import Path

import duckdb
import pytest

from sagsflow.ingest.xes import load_xes, write_xes
from tests.conftest import SHARED_DATA, shared_data_dir

SMALL = ["Sepsis_Cases-Event_Log.xes.gz", "Helpdesk.xes.gz", "Receipt_phase_WABO_CoSeLoG.xes.gz"]
BIG = {"BPI_Challenge_2012.xes.gz", "Road_Traffic_Fine_Management_Process.xes.gz",
       "PermitLog_cleaned_bptlab.xes.gz", "InternationalDeclarations_cleaned_bptlab.xes.gz"}

pytestmark = pytest.mark.realdata


def readme_counts() -> dict[str, tuple[int, int, int]]:
    """file -> (cases, events, activities) from the README's table."""
    readme = SHARED_DATA / "README.md"
    if not readme.is_file():
        return {}
    out = {}
    for m in re.finditer(r"^\| (\S+\.xes\.gz) \| (\d+) \| (\d+) \| (\d+) \|", readme.read_text(), re.M):
        out[m.group(1)] = (int(m.group(2)), int(m.group(3)), int(m.group(4)))
    return out


COUNTS = readme_counts()


def data_file(name: str) -> Path:
    p = shared_data_dir() / name
    if not p.is_file():
        pytest.skip(f"../shared/data has no {name}")
    return p


def counts(con: duckdb.DuckDBPyConnection, table: str) -> tuple[int, int, int]:
    r = con.execute(
        f'SELECT count(DISTINCT "case:concept:name"), count(*), count(DISTINCT "concept:name") FROM {table}'
    ).fetchall()[0]
    return int(r[0]), int(r[1]), int(r[2])


def _param(name: str) -> object:
    return pytest.param(name, marks=pytest.mark.slow) if name in BIG else name


@pytest.mark.parametrize("name", [_param(n) for n in sorted(COUNTS)] or ["Sepsis_Cases-Event_Log.xes.gz"])
def test_readme_counts_auto(name: str) -> None:
    path = data_file(name)
    con = duckdb.connect()
    info = load_xes(con, path, "raw")
    assert counts(con, "raw") == COUNTS[name]
    assert info.n_rows == COUNTS[name][1]
    assert con.execute('SELECT count(*) FROM raw WHERE "time:timestamp" IS NULL').fetchall() == [(0,)]


@pytest.mark.parametrize("name", SMALL)
def test_readme_counts_python(name: str) -> None:
    path = data_file(name)
    con = duckdb.connect()
    load_xes(con, path, "raw", engine="python")
    assert counts(con, "raw") == COUNTS[name]


@pytest.mark.parametrize("name", ["Receipt_phase_WABO_CoSeLoG.xes.gz", "Sepsis_Cases-Event_Log.xes.gz",
                                  pytest.param("BPIC15_1.xes.gz", marks=pytest.mark.slow)])
def test_engines_agree(name: str) -> None:
    path = data_file(name)
    con = duckdb.connect()
    a = load_xes(con, path, "a", engine="rustxes")
    b = load_xes(con, path, "b", engine="python")
    assert a.columns == b.columns and a.n_rows == b.n_rows
    # same rows with the same row numbers (so the same order), both ways
    cols = ", ".join(f'"{c}"' for c, _ in a.columns)
    for x, y in (("a", "b"), ("b", "a")):
        extra = con.execute(
            f"SELECT count(*) FROM (SELECT __row, {cols} FROM {x} EXCEPT ALL SELECT __row, {cols} FROM {y})"
        ).fetchall()
        assert extra == [(0,)]


@pytest.mark.slow
def test_round_trip_of_a_real_log_and_pm4py_reads_it(tmp_path: Path) -> None:
    pm4py = pytest.importorskip("pm4py")
    name = "Receipt_phase_WABO_CoSeLoG.xes.gz"
    path = data_file(name)
    con = duckdb.connect()
    load_xes(con, path, "raw")
    table = con.sql(
        'SELECT "case:concept:name" AS case_id, "concept:name" AS activity, "time:timestamp" AS timestamp, '
        '"org:resource" AS resource, "lifecycle:transition" AS lifecycle, * EXCLUDE ("case:concept:name", '
        '"concept:name", "time:timestamp", "org:resource", "lifecycle:transition", __row) '
        'FROM raw ORDER BY "case:concept:name", __row'
    ).to_arrow_table()
    case_cols = [c for c in table.column_names if c.startswith("case:")]
    table = table.rename_columns([c[5:] if c.startswith("case:") else c for c in table.column_names])
    out = write_xes(table, tmp_path / "receipt.xes.gz", case_attributes=[c[5:] for c in case_cols])
    load_xes(con, out, "back")
    assert counts(con, "back") == COUNTS[name]
    same = con.execute(
        'SELECT count(*) FROM (SELECT "case:concept:name", "concept:name", "time:timestamp", "org:resource" '
        'FROM raw EXCEPT ALL SELECT "case:concept:name", "concept:name", "time:timestamp", "org:resource" FROM back)'
    ).fetchall()
    assert same == [(0,)]
    df = pm4py.read_xes(str(out))
    assert (df["case:concept:name"].nunique(), len(df), df["concept:name"].nunique()) == COUNTS[name]


@pytest.mark.slow
@pytest.mark.parametrize("name", ["BPI_Challenge_2012.xes.gz", "Road_Traffic_Fine_Management_Process.xes.gz"])
def test_speed_against_pm4py(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Prints load_xes and pm4py.read_xes times (both read the .gz file, both use rustxes)."""
    pm4py = pytest.importorskip("pm4py")
    path = data_file(name)
    t0 = time.perf_counter()
    con = duckdb.connect()
    load_xes(con, path, "raw")
    ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    df = pm4py.read_xes(str(path))
    theirs = time.perf_counter() - t0
    t0 = time.perf_counter()
    load_xes(con, path, "raw_py", engine="python")
    python = time.perf_counter() - t0
    with capsys.disabled():
        print(f"\n{name}: load_xes {ours:.2f} s, load_xes(engine='python') {python:.2f} s, "
              f"pm4py.read_xes {theirs:.2f} s, ratio pm4py/ours {theirs / ours:.2f}")
    assert counts(con, "raw") == (df["case:concept:name"].nunique(), len(df), df["concept:name"].nunique())
    assert counts(con, "raw_py") == counts(con, "raw")
