"""The import pipeline end to end: source -> mapping -> pseudonymisation -> store."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import duckdb
import pandas as pd
import pytest

import sagsflow
from sagsflow.errors import LogFormatError, PseudonymisationKeyError, SagsflowError
from sagsflow.ingest.pipeline import detect_format, import_log
from sagsflow.store.workspace import Workspace

MAPPING = """
name: test-momentum
case_id: sagsnr
activity: aktivitet
timestamp: {column: tidspunkt, format: auto}
resource: {column: sagsbehandler, data_class: employee_id}
columns:
  cpr: {data_class: citizen_id, level: case, rename: borger}
  notat: {data_class: free_text}
  kommune: {level: case}
"""

CSV = """sagsnr;cpr;aktivitet;tidspunkt;sagsbehandler;kommune;notat
S1;010190-1234;Ansøgning modtaget;02-01-2024 09:15;AB;Søby;ring til borger 0101901234 i morgen
S1;010190-1234;Visitationssamtale;05-01-2024 10:00;CD;Søby;
S2;311285-4321;Ansøgning modtaget;03-01-2024 08:00;AB;Åkjær;=HYPERLINK("http://x")
S2;311285-4321;Afslag;04-01-2024 12:30;EF;Åkjær;
"""


@pytest.fixture
def extract(tmp_path: Path) -> Path:
    p = tmp_path / "udtræk_2024-01.csv"
    p.write_bytes(CSV.encode("cp1252"))
    return p


@pytest.fixture
def mapping_file(tmp_path: Path) -> Path:
    p = tmp_path / "mapping.yaml"
    p.write_text(MAPPING, encoding="utf-8")
    return p


def _all_text(ws: Workspace) -> str:
    """Every value of every table in the workspace, as one string."""
    tables = ws.con.execute(
        "SELECT schema_name, table_name FROM duckdb_tables() WHERE NOT temporary"
    ).fetchall()
    parts = []
    for sch, tab in tables:
        parts.append(ws.con.execute(f'SELECT * FROM "{sch}"."{tab}"').df().to_string())
    return "\n".join(parts)


def test_import_csv_cp1252_danish_dates(workspace: Workspace, extract: Path, mapping_file: Path) -> None:
    result = import_log(extract, workspace=workspace, log="kh", mapping=mapping_file)
    assert result.status == "imported"
    log = result.log
    assert (log.n_events, log.n_cases, log.n_activities) == (4, 2, 3)
    df = log.to_pandas()
    assert "Ansøgning modtaget" in set(df["activity"])  # cp1252 decoded
    first = df[df["activity"] == "Ansøgning modtaget"]["timestamp"].min()
    assert first == pd.Timestamp("2024-01-02 08:15", tz="UTC")  # 09:15 Copenhagen (CET) = 08:15 UTC
    assert result.record.mapping_name == "test-momentum" and result.record.mapping_version == 1


def test_identifiers_are_pseudonymised_and_cpr_never_stored(
    workspace: Workspace, extract: Path, mapping_file: Path
) -> None:
    log = import_log(extract, workspace=workspace, log="kh", mapping=mapping_file).log
    df = log.to_pandas()
    assert all(v.startswith("B-") for v in df["borger"])
    assert all(v.startswith("M-") for v in df["resource"])
    assert df["borger"].nunique() == 2
    text = _all_text(workspace)
    for raw in ("010190-1234", "0101901234", "311285-4321", "AB", "CD"):
        assert raw not in text.replace("ABLE", ""), raw
    assert "[CPR]" in " ".join(df["notat"].dropna())


def test_same_key_same_pseudonyms_across_workspaces(tmp_path: Path, extract: Path, mapping_file: Path) -> None:
    a = sagsflow.read_csv(extract, mapping=mapping_file, workspace=tmp_path / "a").to_pandas()
    b = sagsflow.read_csv(extract, mapping=mapping_file, workspace=tmp_path / "b").to_pandas()
    assert list(a["borger"]) == list(b["borger"])
    c = sagsflow.read_csv(extract, mapping=mapping_file, workspace=tmp_path / "c", key="ff" * 32).to_pandas()
    assert set(c["borger"]).isdisjoint(set(a["borger"]))


def test_refuses_to_import_identifiers_without_a_key(
    workspace: Workspace, extract: Path, mapping_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SAGSFLOW_PSEUDONYM_KEY")
    with pytest.raises(PseudonymisationKeyError, match="key"):
        import_log(extract, workspace=workspace, log="kh", mapping=mapping_file)
    assert workspace.logs() == [] and workspace.imports() == []


def test_reimport_of_the_same_file_is_detected(workspace: Workspace, extract: Path, mapping_file: Path) -> None:
    first = import_log(extract, workspace=workspace, log="kh", mapping=mapping_file)
    again = import_log(extract, workspace=workspace, log="kh", mapping=mapping_file)
    assert again.status == "already_imported"
    assert "already imported" in again.summary()
    assert again.record.import_id == first.record.import_id
    assert workspace.log("kh").n_events == 4 and len(workspace.imports("kh")) == 1


def test_next_nights_extract_appends_without_duplicates(
    workspace: Workspace, extract: Path, mapping_file: Path, tmp_path: Path
) -> None:
    import_log(extract, workspace=workspace, log="kh", mapping=mapping_file)
    lines = CSV.strip().splitlines()
    nxt = tmp_path / "udtræk_2024-02.csv"
    new_row = "S2;311285-4321;Klage modtaget;10-01-2024 09:00;EF;Åkjær;"
    nxt.write_text("\n".join([lines[0], *lines[3:], new_row]) + "\n", encoding="utf-8")
    result = import_log(nxt, workspace=workspace, log="kh", mapping=mapping_file)
    assert (result.record.rows_read, result.record.events_added, result.record.duplicates_skipped) == (3, 1, 2)
    assert workspace.log("kh").n_events == 5


def test_failed_import_leaves_everything_as_it_was(
    workspace: Workspace, extract: Path, mapping_file: Path, tmp_path: Path
) -> None:
    import_log(extract, workspace=workspace, log="kh", mapping=mapping_file)
    before = (workspace.log("kh").to_pandas(), workspace.imports(), workspace.mappings())
    bad = tmp_path / "bad.csv"
    bad.write_text(CSV.replace("05-01-2024 10:00", "32-13-2024 99:99"), encoding="utf-8")
    other_mapping = MAPPING.replace("test-momentum", "changed-name")
    with pytest.raises(LogFormatError, match="tidspunkt"):
        import_log(bad, workspace=workspace, log="kh", mapping=sagsflow.Mapping.from_yaml(other_mapping))
    after = (workspace.log("kh").to_pandas(), workspace.imports(), workspace.mappings())
    pd.testing.assert_frame_equal(before[0], after[0])
    assert before[1:] == after[1:]
    assert not workspace.con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE '__sf%'"
    ).fetchone()[0]


def test_progress_is_reported(workspace: Workspace, extract: Path, mapping_file: Path) -> None:
    seen: list[float] = []
    import_log(extract, workspace=workspace, log="kh", mapping=mapping_file, progress=lambda f, m: seen.append(f))
    assert seen and seen[-1] == 1.0 and seen == sorted(seen)


def test_parquet_excel_and_sql_sources_give_the_same_log(
    workspace: Workspace, tmp_path: Path, mapping_file: Path
) -> None:
    df = pd.read_csv(pd.io.common.StringIO(CSV), sep=";", dtype=str).fillna("")
    pq = tmp_path / "x.parquet"
    df.to_parquet(pq)
    xl = tmp_path / "x.xlsx"
    df.to_excel(xl, index=False)
    db = tmp_path / "dwh.sqlite"
    with sqlite3.connect(db) as c:
        df.to_sql("haendelser", c, index=False)
    logs = [
        sagsflow.read_parquet(pq, mapping=mapping_file, workspace=workspace, log="pq"),
        sagsflow.read_excel(xl, mapping=mapping_file, workspace=workspace, log="xl"),
        sagsflow.read_sql("SELECT * FROM haendelser", f"sqlite:///{db}", mapping=mapping_file,
                          workspace=workspace, log="sq"),
    ]
    frames = [lg.to_pandas()[["case_id", "activity", "timestamp", "resource"]] for lg in logs]
    for f in frames[1:]:
        pd.testing.assert_frame_equal(frames[0], f)
    assert len(frames[0]) == 4


def test_format_detection_by_name() -> None:
    assert detect_format("a.CSV") == "csv"
    assert detect_format("BPIC15_1.xes.gz") == "xes"
    assert detect_format("x.xlsx") == "excel"
    with pytest.raises(SagsflowError, match=r"\.xls files are not supported"):
        detect_format("old.xls")



def test_missing_file_is_a_clear_error(workspace: Workspace) -> None:
    with pytest.raises(SagsflowError, match="no such file"):
        import_log("nope.csv", workspace=workspace)


def test_read_csv_without_workspace_uses_memory(extract: Path, mapping_file: Path) -> None:
    log = sagsflow.read_csv(extract, mapping=mapping_file)
    assert log.workspace.path is None and log.name == "udtraek_2024_01"


def test_exports_round_trip(workspace: Workspace, extract: Path, mapping_file: Path, tmp_path: Path) -> None:
    log = import_log(extract, workspace=workspace, log="kh", mapping=mapping_file).log
    pq = log.to_parquet(tmp_path / "out.parquet")
    assert duckdb.sql(f"SELECT count(*) FROM '{pq}'").fetchall()[0][0] == 4
    csv = log.to_csv(tmp_path / "out.csv")
    text = csv.read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text
    xes = log.to_xes(tmp_path / "out.xes.gz")
    back = sagsflow.read_xes(xes, mapping={"case_id": "case:concept:name", "activity": "concept:name",
                                           "timestamp": "time:timestamp"})
    assert (back.n_events, back.n_cases, back.n_activities) == (4, 2, 3)
    assert log.to_polars().height == 4 and log.to_arrow().num_rows == 4


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_source_rows_are_numbered_from_one_inside_the_import_transaction(
    workspace: Workspace, tmp_path: Path, suffix: str
) -> None:
    df = pd.DataFrame({"case": ["a", "a", "b"], "activity": ["x", "y", "x"],
                       "time": ["2024-01-01 10:00", "2024-01-01 10:00", "2024-01-02 10:00"]})
    path = tmp_path / f"s{suffix}"
    {".csv": lambda: df.to_csv(path, index=False), ".xlsx": lambda: df.to_excel(path, index=False),
     ".parquet": lambda: df.to_parquet(path)}[suffix]()
    import_log(path, workspace=workspace, log="s", mapping={"case_id": "case", "activity": "activity",
                                                            "timestamp": "time"})
    rows = workspace.con.execute(
        "SELECT src_order >> 40, src_order & ((1::BIGINT << 40) - 1) FROM log_s.events ORDER BY event_idx"
    ).fetchall()
    assert rows == [(1, 1), (1, 2), (1, 3)]


def _stored(ws: Workspace) -> tuple[object, ...]:
    return (ws.log("kh").to_pandas(), ws.imports(), ws.mappings(), [i.name for i in ws.logs()])


def _no_leftovers(ws: Workspace) -> bool:
    return not ws.con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE '__sf%'").fetchone()[0]


def test_a_10_mb_line_is_refused_by_line_and_leaves_the_store_as_it_was(
    workspace: Workspace, extract: Path, mapping_file: Path, tmp_path: Path
) -> None:
    import_log(extract, workspace=workspace, log="kh", mapping=mapping_file)
    before = _stored(workspace)
    lines = CSV.splitlines()
    bad = tmp_path / "stort_udtræk.csv"
    long_note = "x" * (10 * 1024 * 1024)
    long_line = f"S3;010190-1234;Afslag;06-01-2024 09:00;AB;Søby;{long_note}"
    bad.write_text("\n".join([*lines[:3], long_line, *lines[3:]]) + "\n", encoding="utf-8")
    with pytest.raises(LogFormatError) as err:
        import_log(bad, workspace=workspace, log="kh", mapping=mapping_file)
    msg = str(err.value)
    assert msg.startswith(f"stort_udtræk.csv, line 4: the line is {len(long_line.encode()):,} bytes long; a line "
                          "may be at most 2,000,000 bytes")
    assert "Transaction" not in msg and "DuckDB" not in msg and "SAGSFLOW_MAX_LINE_BYTES" in err.value.hint
    after = _stored(workspace)
    pd.testing.assert_frame_equal(before[0], after[0])
    assert before[1:] == after[1:]
    assert _no_leftovers(workspace)
    # the workspace is still usable: the next good extract imports
    assert import_log(extract, workspace=workspace, log="kh", mapping=mapping_file,
                      if_imported="reimport").status == "imported"


def test_csv_errors_name_the_file_line_counting_the_header(tmp_path: Path) -> None:
    # record 2 of the data is line 3 of the file: every CSV message says "line", counting the header
    p = tmp_path / "linjer.csv"
    p.write_text("sag,aktivitet,tid\ns1,A,2024-01-01 10:00\ns1,B,not a time\ns2,A,\n", encoding="utf-8")
    mapping = {"case_id": "sag", "activity": "aktivitet", "timestamp": {"column": "tid", "format": "%Y-%m-%d %H:%M"}}
    with pytest.raises(LogFormatError) as err:
        import_log(p, mapping=mapping)
    msg = str(err.value)
    assert msg.startswith("linjer.csv, line 3, column 'tid': 1 of 2 values (50.0%) of the timestamp cannot be read")
    assert "line 3: 'not a time'" in msg and "row" not in msg.split("\n")[0]
    p.write_text("sag,aktivitet,tid\ns1,A,2024-01-01 10:00\ns1,B,2024-01-02 10:00\ns2,,2024-01-02 10:00\n",
                 encoding="utf-8")
    with pytest.raises(LogFormatError, match=r"^linjer.csv, line 4, column 'aktivitet': 1 event\(s\) have no activity "
                       r"\(empty value\); first lines: 4"):
        import_log(p, mapping=mapping)


def test_a_line_with_too_many_fields_is_named_and_leaves_the_store_as_it_was(
    workspace: Workspace, extract: Path, mapping_file: Path, tmp_path: Path
) -> None:
    import_log(extract, workspace=workspace, log="kh", mapping=mapping_file)
    before = _stored(workspace)
    bad = tmp_path / "bad.csv"
    bad.write_text(CSV.replace("10:00;CD;Søby;", "10:00;CD;Søby;;ekstra"), encoding="utf-8")
    with pytest.raises(LogFormatError, match=r"^bad.csv, line 3: the line has 8 fields where the header has 7"):
        import_log(bad, workspace=workspace, log="kh", mapping=mapping_file)
    after = _stored(workspace)
    pd.testing.assert_frame_equal(before[0], after[0])
    assert before[1:] == after[1:] and _no_leftovers(workspace)


def test_cp1252_letters_first_seen_after_the_first_64_kb_import(workspace: Workspace, tmp_path: Path) -> None:
    # the UTF-8 reader starts at once and fails on the first cp1252 byte; the file is then read as cp1252
    path = tmp_path / "sent.csv"
    body = "".join(f"S{i};Ansøgning;02-01-2024 09:15\n".replace("ø", "o") for i in range(4000))
    path.write_bytes(("sag;aktivitet;tid\n" + body + "S1;Første samtale;03-01-2024 10:00\n").encode("cp1252"))
    assert len(body) > 64 * 1024
    res = import_log(path, workspace=workspace, log="sent",
                     mapping={"case_id": "sag", "activity": "aktivitet", "timestamp": "tid"})
    assert res.source.encoding == "cp1252"
    assert res.log.n_events == 4001
    assert "Første samtale" in set(res.log.to_pandas()["activity"])
