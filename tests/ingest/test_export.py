"""Exports are safe against CSV/Excel formula injection (OWASP) and round-trip otherwise."""

from __future__ import annotations

import csv
import datetime as dt
import re

import duckdb
import openpyxl
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sagsflow.errors import InvalidParameterError
from sagsflow.ingest.export import FORMULA_PATTERN, safe_cell, write_csv, write_excel

TRIGGER = re.compile(FORMULA_PATTERN)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def read_csv_cells(path, encoding="utf-8-sig", delimiter=","):
    with open(path, encoding=encoding, newline="") as f:
        return list(csv.reader(f, delimiter=delimiter))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+45 12345678", "'+45 12345678"),
        ("-", "'-"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("  =HYPERLINK(\"http://x\")", "'  =HYPERLINK(\"http://x\")"),
        ("\n=1", "'\n=1"),
        ("\u00a0=1", "'\u00a0=1"),
        ("＝1+1", "'＝1+1"),
        ("Første samtale", "Første samtale"),
        ("a=1", "a=1"),
        ("'=1", "'=1"),
        ("", ""),
        (" ", " "),
        (-5, -5),
        (1.5, 1.5),
        (None, None),
        (dt.date(2024, 1, 1), dt.date(2024, 1, 1)),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


def test_write_csv_neutralises_formulas_in_values_and_header(tmp_path):
    table = pa.table({
        "sag": ["1", "2", None],
        "=cmd|' /C calc'!A0": ["x", "y", "z"],
        "note": ["=HYPERLINK(\"http://evil\",\"klik\")", "-2+3", "ok"],
        "n": [-1, 2, 3],
    })
    p = tmp_path / "out.csv"
    write_csv(table, p)
    raw = p.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    cells = read_csv_cells(p)
    assert cells[0] == ["sag", "'=cmd|' /C calc'!A0", "note", "n"]
    assert cells[1] == ["1", "x", "'=HYPERLINK(\"http://evil\",\"klik\")", "-1"]
    assert cells[2] == ["2", "y", "'-2+3", "2"]
    assert cells[3] == ["", "z", "ok", "3"]


def test_write_csv_accepts_pandas_and_duckdb_relations(tmp_path):
    df = pd.DataFrame({"a": ["=1", "b"], "t": pd.to_datetime(["2024-01-01 10:00", "2024-01-02 00:00"], utc=True)})
    write_csv(df, tmp_path / "p.csv", delimiter=";", encoding="utf-8")
    assert read_csv_cells(tmp_path / "p.csv", "utf-8", ";")[1][0] == "'=1"
    con = duckdb.connect()
    rel = con.sql("SELECT * FROM (VALUES ('@x', 1), ('y', 2)) t(a, b) ORDER BY b")
    write_csv(rel, tmp_path / "r.csv")
    assert read_csv_cells(tmp_path / "r.csv") == [["a", "b"], ["'@x", "1"], ["y", "2"]]


def test_write_csv_dictionary_columns_are_protected(tmp_path):
    table = pa.table({"a": pa.array(["=x", "y", "=x"]).dictionary_encode()})
    write_csv(table, tmp_path / "d.csv")
    assert [r[0] for r in read_csv_cells(tmp_path / "d.csv")] == ["a", "'=x", "y", "'=x"]


def test_write_csv_cp1252_and_unencodable_value(tmp_path):
    write_csv(pa.table({"a": ["Søren"]}), tmp_path / "ok.csv", encoding="cp1252")
    assert (tmp_path / "ok.csv").read_bytes() == "a\nSøren\n".encode("cp1252")
    with pytest.raises(InvalidParameterError, match=r"(?s)cannot be written in cp1252.*utf-8-sig"):
        write_csv(pa.table({"a": ["日本"]}), tmp_path / "bad.csv", encoding="cp1252")
    assert not (tmp_path / "bad.csv").exists()


def test_write_csv_refuses_unknown_data(tmp_path):
    with pytest.raises(InvalidParameterError, match=r"a pyarrow Table, a pandas DataFrame or a DuckDB relation"):
        write_csv([{"a": 1}], tmp_path / "x.csv")  # type: ignore[arg-type]


def test_write_excel_neutralises_formulas(tmp_path):
    table = pa.table({
        "=SUM(A1)": ["=1+1", "tekst", None],
        "n": [1, -2, 3],
        "tid": pa.array([dt.datetime(2024, 7, 1, 10, tzinfo=dt.UTC)] * 3, pa.timestamp("us", "UTC")),
        "ctrl": ["a\x01b", "\x02=1", "c"],
    })
    p = tmp_path / "out.xlsx"
    write_excel(table, p, sheet_name="hændelser")
    ws = openpyxl.load_workbook(p)["hændelser"]
    got = [[c.value for c in row] for row in ws.iter_rows()]
    assert got[0] == ["'=SUM(A1)", "n", "tid", "ctrl"]
    assert got[1] == ["'=1+1", 1, dt.datetime(2024, 7, 1, 12, 0), "ab"]  # Copenhagen local time
    assert got[2][:2] == ["tekst", -2]
    assert got[2][3] == "'=1"
    assert got[3][0] is None
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)


def test_write_excel_bad_sheet_name(tmp_path):
    with pytest.raises(InvalidParameterError, match=r"sheet_name"):
        write_excel(pa.table({"a": [1]}), tmp_path / "x.xlsx", sheet_name="a/b")


texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=20)
excel_texts = st.text(st.characters(exclude_categories=("Cs", "Cc")) | st.sampled_from("\t\n\r"), max_size=20)
formulaish = st.tuples(st.sampled_from(["", " ", "\t", "\u00a0", "\n "]),
                       st.sampled_from(["=", "+", "-", "@", "\t", "\r", "＝", "x", "'"]), texts).map("".join)


def check_cells(original: list[str | None], exported: list[str | None]) -> None:
    for before, after in zip(original, exported, strict=True):
        if before is None:
            assert after in (None, "")
            continue
        assert after is not None
        assert not TRIGGER.match(after), f"exported cell {after!r} starts with a formula trigger"
        if TRIGGER.match(before):
            assert after == "'" + before
            assert after[1:] == before
        else:
            assert after == before


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(st.one_of(texts, formulaish), min_size=1, max_size=20))
def test_csv_export_property(tmp_path, values):
    p = tmp_path / "h.csv"
    write_csv(pa.table({"v": pa.array(values, pa.string()), "n": list(range(len(values)))}), p)
    cells = read_csv_cells(p)
    assert [r[1] for r in cells[1:]] == [str(i) for i in range(len(values))]
    check_cells(values, [r[0] for r in cells[1:]])
    assert [safe_cell(v) for v in values] == [r[0] for r in cells[1:]]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(st.one_of(excel_texts, formulaish.filter(lambda s: not CONTROL.search(s))),
                       min_size=1, max_size=20))
def test_excel_export_property(tmp_path, values):
    p = tmp_path / "h.xlsx"
    write_excel(pa.table({"v": pa.array(values, pa.string())}), p)
    ws = openpyxl.load_workbook(p).active
    exported = [row[0].value for row in ws.iter_rows(min_row=2)]
    exported += [None] * (len(values) - len(exported))  # openpyxl drops trailing empty rows
    check_cells([v if v != "" else None for v in values], exported)
