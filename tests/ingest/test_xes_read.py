"""load_xes on small, hand-written logs: columns, types, order, errors and hostile input."""

from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path

import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sagsflow.errors import LogFormatError, UnsafeInputError
from sagsflow.ingest.limits import Limits
from sagsflow.ingest.sources import arrow_backing, drop_table
from sagsflow.ingest.xes import load_xes
from sagsflow.ingest.xes_read import scan_prolog

ENGINES = ["auto", "rustxes", "python"]
UTC = dt.UTC

HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<log xes.version="1.0" xmlns="http://www.xes-standard.org/">\n'
SMALL = HEAD + """\
  <string key="creator" value="test"><string key="nested" value="x"/></string>
  <global scope="event"><string key="concept:name" value="__INVALID__"/></global>
  <trace>
    <string key="concept:name" value="c1"/>
    <string key="region" value="Nord"/>
    <int key="age" value="42"/>
    <event>
      <string key="concept:name" value="Ansøgning"/>
      <date key="time:timestamp" value="2024-01-02T10:00:00.123+01:00"/>
      <string key="org:resource" value="sagsbeh &amp; co"/>
      <string key="lifecycle:transition" value="complete"/>
      <int key="n" value="-3"/>
      <float key="amount" value="1.5E3"/>
      <boolean key="urgent" value="true"/>
      <string key="note" value="a&#10;b"/>
    </event>
    <event>
      <string key="concept:name" value="Afgørelse"/>
      <date key="time:timestamp" value="2024-01-02T10:00:00.123+01:00"/>
      <float key="amount" value="2"/>
    </event>
  </trace>
  <trace>
    <string key="concept:name" value="c0"/>
    <event>
      <string key="concept:name" value="Ansøgning"/>
      <date key="time:timestamp" value="2024-01-01T00:00:00Z"/>
    </event>
  </trace>
</log>
"""


def write(tmp_path: Path, text: str | bytes, name: str = "log.xes") -> Path:
    p = tmp_path / name
    data = text.encode("utf-8") if isinstance(text, str) else text
    if name.endswith(".gz"):
        data = gzip.compress(data)
    p.write_bytes(data)
    return p


def con() -> duckdb.DuckDBPyConnection:
    return duckdb.connect()


@pytest.mark.parametrize("engine", ENGINES)
def test_small_log_columns_types_and_file_order(tmp_path: Path, engine: str) -> None:
    c = con()
    info = load_xes(c, write(tmp_path, SMALL, "log.xes.gz"), "raw", engine=engine)  # type: ignore[arg-type]
    assert info.format == "xes" and info.label == "log.xes.gz" and info.n_rows == 3
    assert info.columns == (
        ("case:concept:name", "VARCHAR"),
        ("concept:name", "VARCHAR"),
        ("time:timestamp", "TIMESTAMP WITH TIME ZONE"),
        ("org:resource", "VARCHAR"),
        ("lifecycle:transition", "VARCHAR"),
        ("case:age", "BIGINT"),
        ("case:region", "VARCHAR"),
        ("amount", "DOUBLE"),
        ("n", "BIGINT"),
        ("note", "VARCHAR"),
        ("urgent", "BOOLEAN"),
    )
    rows = c.execute('SELECT * FROM raw ORDER BY __row').fetchall()
    t = dt.datetime(2024, 1, 2, 9, 0, 0, 123000, tzinfo=UTC)
    assert rows[0] == ("c1", "Ansøgning", t, "sagsbeh & co", "complete", 42, "Nord", 1500.0, -3, "a\nb", True, 1)
    assert rows[1] == ("c1", "Afgørelse", t, None, None, 42, "Nord", 2.0, None, None, None, 2)
    assert rows[2][:3] == ("c0", "Ansøgning", dt.datetime(2024, 1, 1, tzinfo=UTC))
    assert rows[2][-1] == 3
    # no staging tables are left behind: only the table, or the view over the parsed Arrow data (rustxes)
    tables = {r[0] for r in c.execute("SELECT table_name FROM duckdb_tables() UNION ALL "
                                      "SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    assert tables - {arrow_backing("raw")} == {"raw"}
    drop_table(c, "raw")
    assert c.execute("SELECT count(*) FROM duckdb_tables()").fetchall() == [(0,)]
    assert c.execute("SELECT count(*) FROM duckdb_views() WHERE NOT internal").fetchall() == [(0,)]


def test_sha256_is_of_the_file_as_given(tmp_path: Path) -> None:
    import hashlib

    p = write(tmp_path, SMALL, "log.xes.gz")
    assert load_xes(con(), p, "raw").content_hash == hashlib.sha256(p.read_bytes()).hexdigest()


def test_progress_is_reported_up_to_one(tmp_path: Path) -> None:
    seen: list[tuple[float, str]] = []
    load_xes(con(), write(tmp_path, SMALL), "raw", engine="python", progress=lambda f, m: seen.append((f, m)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and "3 events" in seen[-1][1]


@pytest.mark.parametrize("engine", ["auto", "python"])
def test_id_list_and_mixed_types_are_read_faithfully(tmp_path: Path, engine: str) -> None:
    # rustxes would turn the id into a zero UUID and quote the mixed values; auto must fall back
    text = HEAD + """<trace><string key="concept:name" value="c1"/>
      <event><string key="concept:name" value="A"/><id key="doc" value="abc"/><int key="m" value="1"/>
        <list key="L"><values><string key="x" value="1"/></values></list></event>
      <event><string key="concept:name" value="B"/><string key="m" value="zz"/><int key="k" value="1"/></event>
      <event><string key="concept:name" value="C"/><float key="k" value="2.5"/></event>
    </trace></log>"""
    c = con()
    info = load_xes(c, write(tmp_path, text), "raw", engine=engine)  # type: ignore[arg-type]
    assert dict(info.columns) == {"case:concept:name": "VARCHAR", "concept:name": "VARCHAR",
                                  "L.x": "VARCHAR", "doc": "VARCHAR", "k": "DOUBLE", "m": "VARCHAR"}
    assert c.execute("SELECT doc, m, k FROM raw ORDER BY __row").fetchall() == [
        ("abc", "1", None), (None, "zz", 1.0), (None, None, 2.5)]


def test_rustxes_engine_refuses_what_it_would_read_wrongly(tmp_path: Path) -> None:
    text = HEAD + ('<trace><string key="concept:name" value="c1"/><event><string key="concept:name" value="A"/>'
                   '<id key="doc" value="abc"/></event></trace></log>')
    with pytest.raises(LogFormatError, match="engine='rustxes' cannot read this file faithfully: it has id"):
        load_xes(con(), write(tmp_path, text), "raw", engine="rustxes")


@pytest.mark.parametrize("engine", ["auto", "python"])
def test_trace_without_concept_name_is_named(tmp_path: Path, engine: str) -> None:
    text = HEAD + """<trace><string key="concept:name" value="c1"/>
<event><string key="concept:name" value="A"/></event></trace>
<trace><string key="other" value="x"/>
  <event><string key="concept:name" value="B"/></event><event><string key="concept:name" value="C"/></event></trace>
</log>"""
    with pytest.raises(LogFormatError) as err:
        load_xes(con(), write(tmp_path, text), "raw", engine=engine)  # type: ignore[arg-type]
    assert "trace 2 (line 5) has no concept:name attribute, so its 2 event(s) have no case id" in str(err.value)


@pytest.mark.parametrize("engine", ["auto", "python"])
def test_value_that_does_not_fit_its_type(tmp_path: Path, engine: str) -> None:
    text = HEAD + """<trace><string key="concept:name" value="c1"/>
<event><string key="concept:name" value="A"/><int key="n" value="7"/></event>
<event><string key="concept:name" value="B"/><int key="n" value="1.5"/></event>
</trace></log>"""
    with pytest.raises(LogFormatError) as err:
        load_xes(con(), write(tmp_path, text), "raw", engine=engine)  # type: ignore[arg-type]
    msg = str(err.value)
    assert "1 of 2 <int> values of attribute 'n' (50.0%) are not a whole number" in msg
    assert "event 2 (line 5): '1.5'" in msg and "column 'n'" in msg


def test_unparseable_dates_report_examples_and_share(tmp_path: Path) -> None:
    events = "".join(
        f'<event><string key="concept:name" value="A"/><date key="time:timestamp" value="{v}"/></event>'
        for v in ["2024-01-01T00:00:00Z", "igår", "2024-13-45", "2024-01-02T00:00:00Z"]
    )
    text = HEAD + f'<trace><string key="concept:name" value="c1"/>{events}</trace></log>'
    with pytest.raises(LogFormatError) as err:
        load_xes(con(), write(tmp_path, text), "raw")
    msg = str(err.value)
    assert "2 of 4 <date> values of attribute 'time:timestamp' (50.0%) are not an ISO 8601 date-time" in msg
    assert "'igår'" in msg and "'2024-13-45'" in msg


@pytest.mark.parametrize("engine", ["auto", "python"])
@pytest.mark.parametrize(
    ("body", "line", "column"),
    [
        # mismatched end tag
        ('<trace><string key="concept:name" value="c1"/>\n<event></trace></log>', 4, 16),
        # truncated file
        ('<trace><string key="concept:name" value="c1"/>\n<event><string key="conc', 4, 25),
        # an entity that is not declared (there is no DTD to declare it)
        ('<trace><string key="concept:name" value="c1"/>\n<event><string key="concept:name" value="&xxe;"/>'
         '</event></trace></log>', 4, 47),
    ],
)
def test_malformed_xml_names_line_and_column(tmp_path: Path, engine: str, body: str, line: int, column: int) -> None:
    with pytest.raises(LogFormatError) as err:
        load_xes(con(), write(tmp_path, HEAD + body), "raw", engine=engine)  # type: ignore[arg-type]
    assert f"malformed XML at line {line}, column {column}: " in str(err.value)
    assert err.value.location.row == line
    assert not isinstance(err.value, UnsafeInputError)


@pytest.mark.parametrize("engine", ENGINES)
def test_wrong_root_element(tmp_path: Path, engine: str) -> None:
    text = '<?xml version="1.0"?>\n<!-- a comment -->\n<html><body/></html>'
    with pytest.raises(LogFormatError, match=r"the root element is <html>, but an XES <log> was expected \(line 3\)"):
        load_xes(con(), write(tmp_path, text), "raw", engine=engine)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "the file is empty"), ("   \n", "the file is empty"),
     ('<?xml version="1.0"?>\n', "the file ends before the root element"),
     (HEAD + "</log>", "the XES log contains no events"),
     (HEAD + '<trace><string key="concept:name" value="c"/></trace></log>', "the XES log contains no events")],
)
@pytest.mark.parametrize("engine", ["auto", "python"])
def test_empty_input(tmp_path: Path, text: str, message: str, engine: str) -> None:
    with pytest.raises(LogFormatError, match=message):
        load_xes(con(), write(tmp_path, text), "raw", engine=engine)  # type: ignore[arg-type]


def test_event_outside_a_trace(tmp_path: Path) -> None:
    text = HEAD + '<event><string key="concept:name" value="A"/></event></log>'
    with pytest.raises(LogFormatError, match="an <event> at line 3 is not inside a <trace>"):
        load_xes(con(), write(tmp_path, text), "raw", engine="python")


# --------------------------------------------------------------------------- hostile input

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE log [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<log><trace><string key="concept:name" value="&lol9;"/>
<event><string key="concept:name" value="A"/></event></trace></log>
"""


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", ["bomb.xes", "bomb.xes.gz"])
def test_billion_laughs_is_refused(tmp_path: Path, engine: str, name: str) -> None:
    c = con()
    with pytest.raises(UnsafeInputError, match="declares a DOCTYPE or entities"):
        load_xes(c, write(tmp_path, BILLION_LAUGHS, name), "raw", engine=engine)  # type: ignore[arg-type]
    assert c.execute("SELECT count(*) FROM duckdb_tables()").fetchall() == [(0,)]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("kind", ["SYSTEM", "PUBLIC_DTD", "PARAMETER"])
def test_external_entities_never_leak_a_local_file(tmp_path: Path, engine: str, kind: str) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CPR-0101011234")
    url = secret.as_uri()
    doctype = {
        "SYSTEM": f'<!DOCTYPE log [<!ENTITY xxe SYSTEM "{url}">]>',
        "PUBLIC_DTD": f'<!DOCTYPE log SYSTEM "{url}">',
        "PARAMETER": f'<!DOCTYPE log [<!ENTITY % p SYSTEM "{url}"> %p;]>',
    }[kind]
    text = (f'<?xml version="1.0"?>\n{doctype}\n<log><trace><string key="concept:name" value="&xxe;"/>'
            '<event><string key="concept:name" value="&xxe;"/></event></trace></log>')
    c = con()
    with pytest.raises(UnsafeInputError) as err:
        load_xes(c, write(tmp_path, text), "raw", engine=engine)  # type: ignore[arg-type]
    assert "TOP-SECRET" not in str(err.value) and "TOP-SECRET" not in repr(err.value.to_dict())
    assert c.execute("SELECT count(*) FROM duckdb_tables()").fetchall() == [(0,)]


def test_doctype_after_a_comment_and_bom_is_still_found() -> None:
    head = b'\xef\xbb\xbf<?xml version="1.0"?><!-- <log> --><!DOCTYPE log><log/>'
    with pytest.raises(UnsafeInputError):
        scan_prolog(head, "x.xes")


def test_utf16_prolog_is_scanned_too() -> None:
    head = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE log [<!ENTITY a "b">]><log/>'.encode("utf-16")
    with pytest.raises(UnsafeInputError):
        scan_prolog(head, "x.xes")
    assert scan_prolog('<?xml version="1.0"?><log/>'.encode("utf-16"), "x.xes").encoding == "utf-16"


def test_latin1_file_is_read_by_the_python_parser(tmp_path: Path) -> None:
    text = ('<?xml version="1.0" encoding="ISO-8859-1"?>\n<log><trace><string key="concept:name" value="c1"/>'
            '<event><string key="concept:name" value="Afgørelse"/></event></trace></log>')
    c = con()
    load_xes(c, write(tmp_path, text.encode("latin-1")), "raw")
    assert c.execute('SELECT "concept:name" FROM raw').fetchall() == [("Afgørelse",)]
    with pytest.raises(LogFormatError, match="rustxes reads only UTF-8"):
        load_xes(c, write(tmp_path, text.encode("latin-1")), "raw", engine="rustxes")


@pytest.mark.parametrize("engine", ENGINES)
def test_gzip_bomb_is_refused(tmp_path: Path, engine: str) -> None:
    # 64 MiB of repeated traces compress ~1000:1; with a 10 MiB cap the file is refused while decompressing
    p = tmp_path / "bomb.xes.gz"
    trace = (b'<trace><string key="concept:name" value="c"/>'
             b'<event><string key="concept:name" value="A"/></event></trace>')
    with gzip.open(p, "wb", compresslevel=9) as f:
        f.write(HEAD.encode())
        for _ in range(64):
            f.write(trace * (1024 * 1024 // len(trace)))
    limits = Limits(max_file_bytes=10**9, max_decompressed_bytes=10 * 1024 * 1024, max_ratio=200)
    with pytest.raises(UnsafeInputError, match="possible decompression bomb"):
        load_xes(con(), p, "raw", engine=engine, limits=limits)  # type: ignore[arg-type]


@pytest.mark.parametrize("engine", ENGINES)
def test_file_beyond_size_limit_is_refused(tmp_path: Path, engine: str) -> None:
    p = write(tmp_path, SMALL)
    with pytest.raises(UnsafeInputError, match="more than the limit of 100 bytes"):
        load_xes(con(), p, "raw", engine=engine, limits=Limits(max_file_bytes=100))  # type: ignore[arg-type]


@pytest.mark.parametrize("engine", ENGINES)
def test_truncated_gzip_gives_a_clear_error(tmp_path: Path, engine: str) -> None:
    big = HEAD + "".join(
        f'<trace><string key="concept:name" value="c{i}"/><event><string key="concept:name" value="A{i}"/>'
        f'<date key="time:timestamp" value="2024-01-01T00:00:00Z"/></event></trace>' for i in range(3000)
    ) + "</log>"
    data = gzip.compress(big.encode())
    p = tmp_path / "cut.xes.gz"
    p.write_bytes(data[: len(data) // 2])
    with pytest.raises(LogFormatError, match="gzip stream is corrupt or truncated"):
        load_xes(con(), p, "raw", engine=engine)  # type: ignore[arg-type]


def test_unknown_engine() -> None:
    with pytest.raises(ValueError, match="engine='fast' is not one of"):
        load_xes(con(), "x.xes", "raw", engine="fast")  # type: ignore[arg-type]


GLOBALS = HEAD + """<global scope="trace"><string key="group" value="UNKNOWN"/>
  <string key="concept:name" value="UNNAMED"/><string key="phase" value="receipt"/></global>
<global scope="event"><date key="deadline" value="1970-01-01T00:00:00.000+01:00"/>
  <string key="concept:name" value="UNKNOWN"/><int key="n" value="oops"/></global>
<trace><string key="concept:name" value="c1"/><string key="group" value="G"/>
  <event><string key="concept:name" value="A"/><date key="deadline" value="2024-01-01T00:00:00Z"/>
    <int key="n" value="2"/></event></trace>
<trace><string key="concept:name" value="c2"/><event><date key="time:timestamp" value="2024-01-02T00:00:00Z"/></event>
  <event><string key="concept:name" value="B"/></event></trace>
</log>"""


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("gz", [False, True])
def test_global_defaults_apply_as_the_xes_standard_says(tmp_path: Path, engine: str, gz: bool) -> None:
    # a trace or event that lacks a globally declared attribute takes the declared default (the CoSeLoG WABO
    # logs rely on an event-level concept:name default); every filled key is reported with its count
    p = write(tmp_path, GLOBALS, "g.xes.gz" if gz else "g.xes")
    before = p.read_bytes()
    c = con()
    info = load_xes(c, p, "raw", engine=engine)  # type: ignore[arg-type]
    epoch = dt.datetime(1969, 12, 31, 23, tzinfo=UTC)
    assert c.execute('SELECT "concept:name", "case:group", "case:phase", deadline, n FROM raw ORDER BY __row'
                     ).fetchall() == [("A", "G", "receipt", dt.datetime(2024, 1, 1, tzinfo=UTC), 2),
                                      ("UNKNOWN", "UNKNOWN", "receipt", epoch, None),
                                      ("B", "UNKNOWN", "receipt", epoch, None)]
    notes = "\n".join(info.notes)
    assert "1 event has no string attribute 'concept:name'; the log's <global scope=\"event\"> default " \
           "'UNKNOWN' was filled in" in notes
    assert "1 trace has no string attribute 'group'" in notes
    assert "2 traces have no string attribute 'phase'" in notes  # no trace has it: a column of the default
    assert "2 events have no date attribute 'deadline'" in notes
    assert "the <global> default 'oops' of the event attribute 'n' is not a BIGINT value" in notes
    assert "UNNAMED" not in notes  # the case id is never filled: unnamed traces would merge into one case
    assert p.read_bytes() == before  # the user's file is never modified


@pytest.mark.parametrize("engine", ENGINES)
def test_global_defaults_can_be_ignored(tmp_path: Path, engine: str) -> None:
    c = con()
    info = load_xes(c, write(tmp_path, GLOBALS), "raw", engine=engine, globals="ignore")  # type: ignore[arg-type]
    assert c.execute('SELECT "concept:name", "case:group", deadline FROM raw ORDER BY __row').fetchall() == [
        ("A", "G", dt.datetime(2024, 1, 1, tzinfo=UTC)), (None, None, None), ("B", None, None)]
    assert info.notes == () and "case:phase" not in dict(info.columns)


@pytest.mark.parametrize("engine", ["auto", "python"])
def test_nested_and_list_attributes_are_flattened_with_clear_names(tmp_path: Path, engine: str) -> None:
    text = HEAD + """<trace><string key="concept:name" value="c1"/>
      <string key="patient" value="p1"><int key="age" value="70"/></string>
      <event><string key="concept:name" value="A"/>
        <string key="lab" value="CRP"><float key="value" value="12.5"/><string key="unit" value="mg/L"/></string>
        <list key="codes"><values><string key="code" value="X1"/><string key="code" value="Y2"/></values></list>
        <container key="addr"><string key="city" value="Aarhus"/><int key="zip" value="8000"/></container>
      </event></trace></log>"""
    c = con()
    info = load_xes(c, write(tmp_path, text), "raw", engine=engine)  # type: ignore[arg-type]
    cols = dict(info.columns)
    assert {k: cols[k] for k in ("case:patient", "case:patient.age", "lab", "lab.value", "lab.unit", "codes[1]",
                                 "codes[2]", "addr.city", "addr.zip")} == {
        "case:patient": "VARCHAR", "case:patient.age": "BIGINT", "lab": "VARCHAR", "lab.value": "DOUBLE",
        "lab.unit": "VARCHAR", "codes[1]": "VARCHAR", "codes[2]": "VARCHAR", "addr.city": "VARCHAR",
        "addr.zip": "BIGINT"}
    row = c.execute('SELECT "case:patient.age", "lab.value", "codes[2]", "addr.city" FROM raw').fetchall()
    assert row == [(70, 12.5, "Y2", "Aarhus")]


def test_rustxes_engine_refuses_nested_attributes(tmp_path: Path) -> None:
    text = HEAD + """<trace><string key="concept:name" value="c1"/><event><string key="concept:name" value="A"/>
      <string key="lab" value="CRP"><float key="value" value="12.5"/></string></event></trace></log>"""
    with pytest.raises(LogFormatError, match="it has nested attributes, which rustxes does not keep"):
        load_xes(con(), write(tmp_path, text), "raw", engine="rustxes")


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("text", "found"), [
    ("<!DOCTYPE html>\n<html><head><title>Log in</title></head><body>Session expired</body></html>",
     "it declares <!DOCTYPE html>; this is an HTML page"),
    ("<html><body>404</body></html>", "the root element is <html>, but an XES <log> was expected (line 1); "
                                      "this is an HTML page"),
    ("case,activity,time\n1,A,2024-01-01\n", "it does not start with XML markup"),
    ('{"log": []}', "it does not start with XML markup"),
])
def test_a_file_that_is_not_xes_is_named_so(tmp_path: Path, engine: str, text: str, found: str) -> None:
    with pytest.raises(LogFormatError) as err:
        load_xes(con(), write(tmp_path, text), "raw", engine=engine)  # type: ignore[arg-type]
    assert f": not an XES file: {found}" in err.value.message
    assert "DOCTYPE declaration if the file is trusted" not in str(err.value)
    assert not isinstance(err.value, UnsafeInputError)


_LOSSY_PARTS = [b"<list", b"<listing", b"<container>", b"<id ", b"<id/", b"<idx", b"</string>", b"</string  >",
                b"</stringx>", b"</date>", b"</int\n>", b"<int ", b"text", b"</boolean", b">", b" ", b"<event>",
                b"</float\t>", b"<string key='a' value='b'/>"]


@given(st.lists(st.sampled_from(_LOSSY_PARTS), max_size=12), st.integers(min_value=0, max_value=40))
def test_the_fast_search_for_what_rustxes_cannot_keep_agrees_with_the_pattern(parts: list[bytes], start: int) -> None:
    from sagsflow.ingest.xes_read import _RUSTXES_LOSSY, _find_lossy

    data = b"".join(parts)
    m = _RUSTXES_LOSSY.search(data, start)
    assert _find_lossy(data, start) == (None if m is None else (m.group(1) or b""))


_FEED_PARTS = [*_LOSSY_PARTS, b"&amp;", b"&foo;", b"&#38;", b"&", b"amp;", b"<trace>", b"</trace>",
               b"\n" * 20, b"<string key=\"x\" value=\"a &lt; b\"/>"]


@given(st.lists(st.sampled_from(_FEED_PARTS), max_size=14), st.integers(min_value=1, max_value=40),
       st.booleans())
def test_the_streaming_feeder_finds_what_a_search_of_the_whole_file_finds(
        parts: list[bytes], chunk: int, compressed: bool) -> None:
    # the feeder reads in chunks: a lossy element or an entity cut by a chunk boundary must be found all the same,
    # and a file without either must reach rustxes unchanged except for its blanked <global> declarations
    import io
    import tempfile

    from sagsflow.ingest import xes_feed
    from sagsflow.ingest.xes_read import _RUSTXES_LOSSY, _UNDEFINED_ENTITY

    head = b'<log><global scope="event"><string key="k" value="d"/></global><list key="log-level"/>'
    data = head + b"<trace>" + b"".join(parts) + b"</log>"
    expected_bad = (_RUSTXES_LOSSY.search(data, data.find(b"<trace")) is not None
                    or _UNDEFINED_ENTITY.search(data) is not None)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "f.xes"
        path.write_bytes(gzip.compress(data) if compressed else data)
        saved = xes_feed.CHUNK
        xes_feed.CHUNK = chunk
        try:
            out = io.BytesIO()
            report = xes_feed.feed(str(path), out, 10**9)
        finally:
            xes_feed.CHUNK = saved
    assert (report["status"] != "ok") == expected_bad, report
    if not expected_bad:
        g = data.find(b"<global")
        g_end = data.find(b"</global>") + len(b"</global>")
        assert out.getvalue() == data[:g] + b" " * (g_end - g) + data[g_end:]
        assert [bytes.fromhex(x) for x in report["globals"]] == [data[g:g_end]]
