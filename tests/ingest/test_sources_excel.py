"""Excel (.xlsx) loader: typed columns, sheet choice, hostile input."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import duckdb
import openpyxl
import pytest

from sagsflow.errors import LogFormatError, UnsafeInputError
from sagsflow.ingest.limits import Limits
from sagsflow.ingest.sources import hash_file, load_excel


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    c = duckdb.connect()
    c.execute("SET TimeZone='UTC'")
    return c


def workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path


EVENTS = [
    [" sag ", "aktivitet", "tid", "dato", "serial", "beløb"],
    [1001, "Første samtale", dt.datetime(2024, 1, 2, 10, 30), dt.date(2024, 1, 2), 45293.5, 1.5],
    [1002, "Jobsamtale", dt.datetime(2024, 1, 3, 9, 0), dt.date(2024, 1, 3), 45294, 2],
]


def test_typed_columns_and_row_numbers(con, tmp_path):
    p = workbook(tmp_path / "log.xlsx", {"Hændelser": EVENTS})
    info = load_excel(con, p, "raw")
    assert info.format == "excel"
    assert info.sheet == "Hændelser"
    assert info.label == "log.xlsx"
    assert info.n_rows == 2
    assert info.content_hash == hash_file(p)
    assert info.columns == (
        ("sag", "BIGINT"),
        ("aktivitet", "VARCHAR"),
        ("tid", "TIMESTAMP"),
        ("dato", "DATE"),
        ("serial", "DOUBLE"),
        ("beløb", "DOUBLE"),
    )
    got = con.execute("SELECT * FROM raw ORDER BY __row").fetchall()
    assert got[0] == (1001, "Første samtale", dt.datetime(2024, 1, 2, 10, 30), dt.date(2024, 1, 2), 45293.5, 1.5, 1)
    assert got[1][-1] == 2


def test_serial_dates_stored_as_numbers_stay_numbers(con, tmp_path):
    p = workbook(tmp_path / "s.xlsx", {"s": [["sag", "tid"], ["a", 45293], ["b", 45294.25]]})
    load_excel(con, p, "raw")
    assert con.execute("SELECT tid FROM raw ORDER BY __row").fetchall() == [(45293.0,), (45294.25,)]


def test_mixed_column_becomes_text(con, tmp_path):
    rows = [["sag", "note"], ["1", 5], ["2", "ukendt"], ["3", dt.datetime(2024, 1, 1, 8, 0)]]
    p = workbook(tmp_path / "m.xlsx", {"s": rows})
    info = load_excel(con, p, "raw")
    assert dict(info.columns)["note"] == "VARCHAR"
    assert con.execute("SELECT note FROM raw ORDER BY __row").fetchall() == [
        ("5",), ("ukendt",), ("2024-01-01 08:00:00",)
    ]


def test_blank_rows_are_skipped_but_keep_their_number(con, tmp_path):
    rows = [["sag", "aktivitet"], ["1", "a"], [None, None], ["2", "b"]]
    load_excel(con, workbook(tmp_path / "b.xlsx", {"s": rows}), "raw")
    assert con.execute("SELECT sag, __row FROM raw ORDER BY __row").fetchall() == [("1", 1), ("2", 3)]


def test_sheet_by_name_and_index(con, tmp_path):
    p = workbook(tmp_path / "two.xlsx", {"første": [["a"], [1]], "anden": [["b"], ["x"], ["y"]]})
    assert load_excel(con, p, "raw", sheet="anden").n_rows == 2
    info = load_excel(con, p, "raw", sheet=1)
    assert (info.sheet, info.n_rows) == ("anden", 2)
    assert load_excel(con, p, "raw").sheet == "første"


def test_missing_sheet_lists_the_sheets(con, tmp_path):
    p = workbook(tmp_path / "two.xlsx", {"første": [["a"], [1]], "anden": [["b"], ["x"]]})
    with pytest.raises(LogFormatError, match=r"two.xlsx: there is no sheet 'tredje'.*'første', 'anden'"):
        load_excel(con, p, "raw", sheet="tredje")
    with pytest.raises(LogFormatError, match=r"no sheet number 5 .*'første', 'anden'"):
        load_excel(con, p, "raw", sheet=5)


def test_empty_sheet(con, tmp_path):
    p = workbook(tmp_path / "e.xlsx", {"tom": []})
    with pytest.raises(LogFormatError, match=r"e.xlsx: the sheet 'tom' is empty"):
        load_excel(con, p, "raw")


def test_header_only_sheet(con, tmp_path):
    p = workbook(tmp_path / "h.xlsx", {"s": [["sag", "aktivitet"]]})
    with pytest.raises(LogFormatError, match=r"the sheet 's' has a header \(sag, aktivitet\) but no data rows"):
        load_excel(con, p, "raw")


def test_duplicate_header_names(con, tmp_path):
    p = workbook(tmp_path / "d.xlsx", {"s": [["sag", "Sag"], [1, 2]]})
    with pytest.raises(LogFormatError, match=r"duplicate column names in the header: 'sag' / 'Sag'"):
        load_excel(con, p, "raw")


@pytest.mark.parametrize("suffix", [".xls", ".xlsb", ".ods"])
def test_other_spreadsheet_formats_are_refused(con, tmp_path, suffix):
    p = tmp_path / f"old{suffix}"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100))
    with pytest.raises(LogFormatError, match=rf"(?s)old\{suffix}: .*only \.xlsx.*Save it as \.xlsx"):
        load_excel(con, p, "raw")


def test_ole_file_named_xlsx_is_refused(con, tmp_path):
    p = tmp_path / "secret.xlsx"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100))
    with pytest.raises(LogFormatError, match=r"old binary .xls file or a password-protected workbook"):
        load_excel(con, p, "raw")


def test_text_file_named_xlsx_is_refused(con, tmp_path):
    p = tmp_path / "fake.xlsx"
    p.write_text("sag;aktivitet\n1;a\n")
    with pytest.raises(LogFormatError, match=r"fake.xlsx: this is not an .xlsx workbook"):
        load_excel(con, p, "raw")


def test_file_beyond_size_limit(con, tmp_path):
    p = workbook(tmp_path / "log.xlsx", {"s": EVENTS})
    with pytest.raises(UnsafeInputError, match=r"more than the limit of 1,000 bytes"):
        load_excel(con, p, "raw", limits=Limits(max_file_bytes=1000))


def test_zip_bomb_is_refused(con, tmp_path):
    p = tmp_path / "bomb.xlsx"
    workbook(p, {"s": [["a"], [1]]})
    # replace the sheet by a huge, highly compressible one
    with zipfile.ZipFile(p) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = parts[sheet].replace(b"</sheetData>", b"<row/>" * 2_000_000 + b"</sheetData>")
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)
    assert p.stat().st_size < 200_000
    with pytest.raises(UnsafeInputError, match=r"decompression bomb"):
        load_excel(con, p, "raw", limits=Limits(max_decompressed_bytes=5_000_000))
