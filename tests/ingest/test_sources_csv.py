"""CSV/TSV loader: dialect and encoding detection, row numbers, hostile input."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import duckdb
import pytest

from sagsflow.errors import LogFormatError, UnsafeInputError
from sagsflow.ingest.limits import Limits
from sagsflow.ingest.sources import SourceInfo, drop_table, hash_file, load_csv


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    c = duckdb.connect()
    c.execute("SET TimeZone='UTC'")
    return c


def write(tmp_path: Path, name: str, data: bytes | str, encoding: str = "utf-8") -> Path:
    p = tmp_path / name
    p.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return p


def rows(con: duckdb.DuckDBPyConnection, table: str = "raw") -> list[tuple]:
    return con.execute(f'SELECT * FROM "{table}" ORDER BY __row').fetchall()


EVENTS = "sag;aktivitet;tid\n1;Første samtale;01-02-2024 10:00\n1;Jobsamtale;02-02-2024\n2;Ydelse stoppet;03-02-2024\n"


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_detects_delimiter(con, tmp_path, delimiter):
    p = write(tmp_path, "x.csv", EVENTS.replace(";", delimiter))
    info = load_csv(con, p, "raw")
    assert info.delimiter == delimiter
    assert [c for c, _ in info.columns] == ["sag", "aktivitet", "tid"]
    assert rows(con) == [
        ("1", "Første samtale", "01-02-2024 10:00", 1),
        ("1", "Jobsamtale", "02-02-2024", 2),
        ("2", "Ydelse stoppet", "03-02-2024", 3),
    ]


def test_source_info_describes_the_load(con, tmp_path):
    p = write(tmp_path, "events.csv", EVENTS)
    info = load_csv(con, p, "raw")
    assert isinstance(info, SourceInfo)
    assert info.label == "events.csv"
    assert info.format == "csv"
    assert info.n_rows == 3
    assert info.encoding == "utf-8"
    assert info.columns == (("sag", "VARCHAR"), ("aktivitet", "VARCHAR"), ("tid", "VARCHAR"))
    assert info.content_hash == hashlib.sha256(p.read_bytes()).hexdigest() == hash_file(p)
    types = dict(con.execute("SELECT column_name, data_type FROM duckdb_columns() WHERE table_name='raw'")
                 .fetchall())
    assert types["__row"] == "BIGINT"
    # a view numbering the rows of a temp table: nothing of the source is written to a database file
    assert con.execute("SELECT temporary FROM duckdb_views() WHERE view_name='raw'").fetchone() == (True,)
    assert con.execute("SELECT temporary FROM duckdb_tables() WHERE table_name='raw__sf_rows'").fetchone() == (True,)
    drop_table(con, "raw")
    assert con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE 'raw%'").fetchone() == (0,)


def test_semicolon_file_with_danish_decimal_commas(con, tmp_path):
    p = write(tmp_path, "x.csv", "sag;beløb;tid\n1;1,5;2024-01-01\n2;2,75;2024-01-02\n")
    info = load_csv(con, p, "raw")
    assert info.delimiter == ";"
    assert rows(con)[1] == ("2", "2,75", "2024-01-02", 2)


def test_quoted_fields_with_delimiters_quotes_and_newlines(con, tmp_path):
    p = write(tmp_path, "x.csv", 'a,b\n1,"x, ""y""\nz"\n2,w\n')
    load_csv(con, p, "raw")
    assert rows(con) == [("1", 'x, "y"\nz', 1), ("2", "w", 2)]


def test_crlf_line_endings(con, tmp_path):
    p = write(tmp_path, "x.csv", "a;b\r\n1;x\r\n2;y\r\n")
    load_csv(con, p, "raw")
    assert rows(con) == [("1", "x", 1), ("2", "y", 2)]


def test_header_names_are_stripped_and_bom_removed(con, tmp_path):
    p = write(tmp_path, "x.csv", b"\xef\xbb\xbf sag ;\tAktivitet\n1;a\n")
    info = load_csv(con, p, "raw")
    assert [c for c, _ in info.columns] == ["sag", "Aktivitet"]
    assert info.encoding == "utf-8-sig"


def test_cp1252_is_detected_and_transcoded(con, tmp_path):
    text = "sag;aktivitet;note\n1;Første samtale;“citat” koster 5 €\n2;Åbning;Søren Ærø\n"
    p = write(tmp_path, "x.csv", text, encoding="cp1252")
    info = load_csv(con, p, "raw")
    assert info.encoding == "cp1252"
    assert rows(con) == [("1", "Første samtale", "“citat” koster 5 €", 1), ("2", "Åbning", "Søren Ærø", 2)]
    assert info.content_hash == hash_file(p)


def test_latin1_is_detected(con, tmp_path):
    # 0x81 is undefined in cp1252 but a (control) character in latin-1
    p = write(tmp_path, "x.csv", "navn,by\nJørgen,Århus\x81\nMette,Køge\n", encoding="latin-1")
    info = load_csv(con, p, "raw")
    assert info.encoding == "latin-1"
    assert rows(con)[0] == ("Jørgen", "Århus\x81", 1)


def test_dos_nordic_code_page_is_detected(con, tmp_path):
    p = write(tmp_path, "x.csv", "sag;aktivitet\n1;Første samtale\n2;Ærø Ålborg\n", encoding="cp865")
    info = load_csv(con, p, "raw")
    assert info.encoding == "cp865"
    assert rows(con)[1] == ("2", "Ærø Ålborg", 2)


def test_non_ascii_only_late_in_the_file_is_still_detected(con, tmp_path):
    body = "".join(f"{i};aktivitet;2024-01-01\n" for i in range(50_000))
    p = write(tmp_path, "x.csv", "sag;a;t\n" + body + "9;Afgørelse;2024-01-02\n", encoding="cp1252")
    info = load_csv(con, p, "raw")
    assert info.encoding == "cp1252"
    assert rows(con)[-1] == ("9", "Afgørelse", "2024-01-02", 50_001)


def test_utf16_with_bom_as_excel_unicode_text(con, tmp_path):
    p = write(tmp_path, "x.txt", "sag\taktivitet\n1\tFørste\n", encoding="utf-16")
    info = load_csv(con, p, "raw")
    assert info.encoding == "utf-16"
    assert info.delimiter == "\t"
    assert rows(con) == [("1", "Første", 1)]


def test_explicit_encoding_and_delimiter(con, tmp_path):
    p = write(tmp_path, "x.csv", "a,b;c\n1,2;3\n", encoding="cp1252")
    info = load_csv(con, p, "raw", delimiter=";", encoding="cp1252")
    assert info.delimiter == ";"
    assert rows(con) == [("1,2", "3", 1)]


def test_unknown_encoding_parameter(con, tmp_path):
    p = write(tmp_path, "x.csv", EVENTS)
    with pytest.raises(ValueError, match=r"unknown encoding 'klingon'"):
        load_csv(con, p, "raw", encoding="klingon")


def test_mixed_encodings_names_line_and_offset(con, tmp_path):
    data = "sag;aktivitet\n1;Første\n2;Ændret\n".encode() + "3;Afgørelse\n".encode("cp1252")
    p = write(tmp_path, "mixed.csv", data)
    offset = data.index(b"\xf8")
    with pytest.raises(LogFormatError) as err:
        load_csv(con, p, "raw")
    msg = str(err.value)
    assert "mixed.csv, line 4" in msg
    assert f"byte offset {offset}" in msg
    assert "mixes encodings" in msg
    assert "UTF-8" in msg and "cp1252" in msg
    assert con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name='raw'").fetchone() == (0,)


def test_mixed_encodings_with_utf8_after_the_bad_bytes(con, tmp_path):
    data = "sag;aktivitet\n1;Afgørelse\n".encode("cp1252") + "2;Første\n".encode()
    p = write(tmp_path, "mixed.csv", data)
    with pytest.raises(LogFormatError, match=r"mixed.csv, line 2: the file mixes encodings: .*line 3 has UTF-8 text"):
        load_csv(con, p, "raw")


def test_explicit_encoding_reads_a_mixed_file_anyway(con, tmp_path):
    data = "sag;aktivitet\n1;Afgørelse\n".encode("cp1252") + "2;Første\n".encode()
    load_csv(con, write(tmp_path, "mixed.csv", data), "raw", encoding="cp1252")
    assert rows(con)[1][1] == "FÃ¸rste"


def test_explicit_utf8_on_cp1252_file_names_offset(con, tmp_path):
    p = write(tmp_path, "x.csv", "a;b\n1;Søren\n", encoding="cp1252")
    with pytest.raises(LogFormatError, match=r"line 2: .*not valid utf-8 at byte offset 7"):
        load_csv(con, p, "raw", encoding="utf-8")


def test_gzip_csv_is_accepted_and_hash_is_of_the_file(con, tmp_path):
    p = tmp_path / "x.csv.gz"
    p.write_bytes(gzip.compress(EVENTS.encode("cp1252")))
    info = load_csv(con, p, "raw")
    assert info.n_rows == 3
    assert info.encoding == "cp1252"
    assert info.label == "x.csv.gz"
    assert info.content_hash == hash_file(p)
    assert rows(con)[0][1] == "Første samtale"


def test_gzip_bomb_is_refused(con, tmp_path):
    p = tmp_path / "bomb.csv.gz"
    p.write_bytes(gzip.compress(b"a,b\n" + b"1,2\n" * 3_000_000))
    limits = Limits(max_decompressed_bytes=1_000_000)
    with pytest.raises(UnsafeInputError, match=r"decompression bomb"):
        load_csv(con, p, "raw", limits=limits)
    assert con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name='raw'").fetchone() == (0,)


def test_file_beyond_size_limit_is_refused(con, tmp_path):
    p = write(tmp_path, "big.csv", EVENTS * 100)
    with pytest.raises(UnsafeInputError, match=r"more than the limit of 100 bytes"):
        load_csv(con, p, "raw", limits=Limits(max_file_bytes=100))


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\n\n  \n"])
def test_empty_file(con, tmp_path, content):
    p = write(tmp_path, "empty.csv", content)
    with pytest.raises(LogFormatError, match=r"empty.csv: the file is empty"):
        load_csv(con, p, "raw")


def test_header_only(con, tmp_path):
    p = write(tmp_path, "h.csv", "sag;aktivitet;tid\n")
    with pytest.raises(LogFormatError, match=r"h.csv: the file has a header \(sag, aktivitet, tid\) but no data"):
        load_csv(con, p, "raw")
    assert con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name='raw'").fetchone() == (0,)


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "a PNG image"),
        (b"PK\x03\x04\x14\x00\x06\x00" + bytes(200), "a ZIP archive"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(200), "an old Excel .xls"),
        (b"PAR1" + bytes(100) + b"PAR1", "a Parquet file"),
        (bytes(range(256)) * 4, "binary data"),
    ],
)
def test_binary_file_given_as_csv(con, tmp_path, content, kind):
    p = write(tmp_path, "data.csv", content)
    with pytest.raises(LogFormatError, match=f"data.csv: this is not a text file: it looks like {kind}"):
        load_csv(con, p, "raw")


def test_wrong_number_of_fields_names_the_line(con, tmp_path):
    p = write(tmp_path, "x.csv", "a;b;c\n1;2;3\n4;5;6\n7;8;9;10\n11;12;13\n")
    with pytest.raises(LogFormatError) as err:
        load_csv(con, p, "raw")
    msg = str(err.value)
    assert "x.csv, line 4: the line has 4 fields where the header has 3" in msg
    assert "7;8;9;10" in msg


def test_an_extra_empty_field_at_the_end_of_lines_is_ignored_with_a_note_naming_the_line(con, tmp_path):
    # DuckDB's reader ignores one delimiter at the end of a line; the values before it stay in their columns
    p = write(tmp_path, "x.csv", "a;b;c\n1;2;3\n4;5;6;\n7;8;9;\n")
    info = load_csv(con, p, "raw")
    assert con.execute("SELECT a, b, c FROM raw ORDER BY __row").fetchall() == [
        ("1", "2", "3"), ("4", "5", "6"), ("7", "8", "9")]
    assert [n for n in info.notes if "extra empty field" in n] == [
        "x.csv: 2 of the first 3 data lines end with an extra empty field after the last column (first: line 3); it "
        "was ignored, as DuckDB's CSV reader does for one delimiter at the end of a line. Check the export if the "
        "columns look shifted"]
    assert info.first_line == 2
    # an extra field with a value is an error naming the line
    p = write(tmp_path, "y.csv", "a;b;c\n1;2;3\n4;5;6;x\n")
    with pytest.raises(LogFormatError, match=r"^y.csv, line 3: the line has 4 fields where the header has 3"):
        load_csv(con, p, "raw")


def test_missing_fields_names_the_line(con, tmp_path):
    p = write(tmp_path, "x.csv", "a;b;c\n1;2;3\n4;5\n")
    with pytest.raises(LogFormatError, match=r"line 3: the line has 2 fields where the header has 3"):
        load_csv(con, p, "raw")


def test_unterminated_quote_names_the_line(con, tmp_path):
    p = write(tmp_path, "x.csv", 'a,b\n1,2\n3,"open\n4,5\n')
    with pytest.raises(LogFormatError, match=r"line 3: .*quote"):
        load_csv(con, p, "raw")


LONG = 10 * 1024 * 1024  # a 10 MB line


def long_line_csv(tmp_path: Path) -> Path:
    lines = ["sag,aktivitet,tid", *(f"{i},Start,2024-01-01 10:00" for i in range(100)),
             "100," + "x" * LONG + ",2024-01-02 10:00", "101,Slut,2024-01-03 10:00"]
    return write(tmp_path, "lang.csv", "\n".join(lines) + "\n")


def test_a_10_mb_line_names_file_line_size_and_limit(con, tmp_path):
    p = long_line_csv(tmp_path)
    con.execute("BEGIN TRANSACTION")  # as in an import: the failed read aborts the transaction it runs in
    with pytest.raises(LogFormatError) as err:
        load_csv(con, p, "raw")
    msg = str(err.value)
    assert "lang.csv, line 102: the line is 10,485,781 bytes long; a line may be at most 2,000,000 bytes" in msg
    assert "'102," not in msg and "'100,xxxx" in msg  # it shows how the line begins
    assert "SAGSFLOW_MAX_LINE_BYTES" in err.value.hint and "quote" in err.value.hint
    assert len(msg) < 1000  # never the 10 MB line itself
    con.execute("ROLLBACK")
    assert not con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'raw'").fetchone()[0]


def test_a_raised_line_limit_reads_the_long_line(con, tmp_path):
    p = long_line_csv(tmp_path)
    info = load_csv(con, p, "raw", limits=Limits(max_line_bytes=LONG + 100))
    assert info.n_rows == 102
    assert con.execute("SELECT length(aktivitet) FROM raw WHERE sag = '100'").fetchall() == [(LONG,)]


def test_a_bad_line_inside_a_transaction_names_the_line(con, tmp_path):
    p = write(tmp_path, "x.csv", "a;b;c\n1;2;3\n4;5;6\n7;8;9;10\n11;12;13\n")
    con.execute("BEGIN TRANSACTION")
    with pytest.raises(LogFormatError, match=r"x.csv, line 4: the line has 4 fields where the header has 3"):
        load_csv(con, p, "raw")


def test_delimiter_cannot_be_detected(con, tmp_path):
    p = write(tmp_path, "x.csv", "just one column of prose\nand another line, with a comma\nno; more\n")
    with pytest.raises(LogFormatError) as err:
        load_csv(con, p, "raw")
    msg = str(err.value)
    assert "cannot detect the delimiter" in msg
    assert "delimiter=" in msg


@pytest.mark.parametrize(
    ("header", "named"),
    [("a;b;A\n", "'a' / 'A'"), ("a;;c\n", "position(s) 2"), ("a; b ;b\n", "'b' / 'b'")],
)
def test_duplicate_or_empty_header_names(con, tmp_path, header, named):
    p = write(tmp_path, "x.csv", header + "1;2;3\n")
    with pytest.raises(LogFormatError, match=r"x.csv, line 1: ") as err:
        load_csv(con, p, "raw")
    assert named in str(err.value)


def test_reserved_row_column(con, tmp_path):
    p = write(tmp_path, "x.csv", "__row;b\n1;2\n")
    with pytest.raises(LogFormatError, match=r"'__row' is reserved"):
        load_csv(con, p, "raw")


def test_no_header(con, tmp_path):
    p = write(tmp_path, "x.csv", "1;a;2024-01-01\n2;b;2024-01-02\n")
    info = load_csv(con, p, "raw", header=False)
    assert [c for c, _ in info.columns] == ["column1", "column2", "column3"]
    assert rows(con)[0] == ("1", "a", "2024-01-01", 1)


def test_header_detection(con, tmp_path):
    with_header = write(tmp_path, "h.csv", "sag;aktivitet;tid\n1;a;2024-01-01\n2;b;2024-01-02\n")
    without = write(tmp_path, "n.csv", "1;a;2024-01-01\n2;b;2024-01-02\n")
    assert load_csv(con, with_header, "h", header=None).n_rows == 2
    assert load_csv(con, without, "n", header=None).n_rows == 2
    assert rows(con, "n")[0] == ("1", "a", "2024-01-01", 1)


def test_reload_replaces_the_table(con, tmp_path):
    load_csv(con, write(tmp_path, "a.csv", EVENTS), "raw")
    load_csv(con, write(tmp_path, "b.csv", "x,y\n1,2\n"), "raw")
    assert rows(con) == [("1", "2", 1)]


def test_progress_is_reported(con, tmp_path):
    seen: list[tuple[float, str]] = []
    load_csv(con, write(tmp_path, "a.csv", EVENTS), "raw", progress=lambda f, m: seen.append((f, m)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions)
    assert fractions[-1] == 1.0
    assert all(isinstance(m, str) and m for _, m in seen)


@pytest.mark.slow
def test_row_numbers_follow_file_order_on_millions_of_rows(con, tmp_path):
    p = tmp_path / "big.csv"
    n = 3_000_000
    con.execute(
        f"COPY (SELECT i AS n, 'case' || (i % 997) AS sag, 'aktivitet ' || (i % 13) AS aktivitet, "
        f"'2024-01-01 10:00:00' AS tid FROM range(1, {n + 1}) t(i)) TO '{p}' (HEADER, DELIMITER ';')"
    )
    con.execute("SET preserve_insertion_order = false")  # the loader must not depend on the caller's setting
    info = load_csv(con, p, "raw")  # its speed: python -m bench --only bench_import
    assert info.n_rows == n
    assert con.execute("SELECT count(*) FROM raw WHERE __row <> CAST(n AS BIGINT)").fetchone() == (0,)
    assert con.execute("SELECT current_setting('preserve_insertion_order')").fetchone() == (False,)
