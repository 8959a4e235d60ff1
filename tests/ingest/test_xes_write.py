"""write_xes: standard XES out, load_xes and PM4Py read the same events back."""

from __future__ import annotations

import datetime as dt
import gzip
import re
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sagsflow.errors import SchemaError
from sagsflow.ingest.xes import load_xes, write_xes

UTC = dt.UTC


def canonical_table() -> pa.Table:
    t0 = dt.datetime(2024, 3, 31, 0, 30, 0, 123456, tzinfo=UTC)
    return pa.table(
        {
            "case_id": ["k-2", "k-2", "k-1", "k-1", "k-1"],
            "activity": ["Ansøgning", "Afgørelse <endelig>", "Ansøgning", "Samtale & \"møde\"", "Afslut"],
            "timestamp": [t0, t0, t0 + dt.timedelta(days=1), t0 + dt.timedelta(days=1), t0 + dt.timedelta(days=2)],
            "start_timestamp": [None, t0 - dt.timedelta(hours=1), None, None, None],
            "resource": ["sb1", None, "sb2", "sb2", "robot"],
            "lifecycle": ["complete"] * 5,
            "event_idx": [0, 1, 2, 3, 4],  # store-internal: not written
            "kommune": ["Aarhus", "Aarhus", "Odense", "Odense", "Odense"],
            "n_breve": pa.array([1, None, 3, -4, 2**40], pa.int64()),
            "beloeb": [1.5, float("inf"), None, 1e-7, float("nan")],
            "haster": [True, False, None, True, False],
            "note": ["linje 1\nlinje 2\ttab", None, "ctrl\x01char", "'quote'", ""],
        }
    )


EXPECTED_COLUMNS = (
    ("case:concept:name", "VARCHAR"),
    ("concept:name", "VARCHAR"),
    ("time:timestamp", "TIMESTAMP WITH TIME ZONE"),
    ("org:resource", "VARCHAR"),
    ("lifecycle:transition", "VARCHAR"),
    ("case:kommune", "VARCHAR"),
    ("beloeb", "DOUBLE"),
    ("haster", "BOOLEAN"),
    ("n_breve", "BIGINT"),
    ("note", "VARCHAR"),
    ("start_timestamp", "TIMESTAMP WITH TIME ZONE"),
)


@pytest.mark.parametrize("engine", ["auto", "rustxes", "python"])
def test_round_trip_gives_the_same_events(tmp_path: Path, engine: str) -> None:
    table = canonical_table()
    path = write_xes(table, tmp_path / "out.xes.gz", case_attributes=["kommune"])
    assert path.read_bytes()[:2] == b"\x1f\x8b"
    con = duckdb.connect()
    info = load_xes(con, path, "back", engine=engine)  # type: ignore[arg-type]
    assert info.columns == EXPECTED_COLUMNS
    rows = con.execute(
        'SELECT "case:concept:name", "concept:name", "time:timestamp", start_timestamp, "org:resource", '
        '"lifecycle:transition", "case:kommune", n_breve, beloeb, haster, note FROM back ORDER BY __row'
    ).fetchall()
    src = table.to_pylist()
    assert len(rows) == len(src)
    for got, want in zip(rows, src, strict=True):
        assert got[:8] == (want["case_id"], want["activity"], want["timestamp"], want["start_timestamp"],
                           want["resource"], want["lifecycle"], want["kommune"], want["n_breve"])
        if want["beloeb"] is None or want["beloeb"] != want["beloeb"]:  # None or NaN
            assert got[8] is None or got[8] != got[8]
            assert (got[8] is None) == (want["beloeb"] is None)
        else:
            assert got[8] == want["beloeb"]
        assert got[9] == want["haster"]
        assert got[10] == (None if want["note"] is None else want["note"].replace("\x01", ""))


def test_file_is_standard_xes(tmp_path: Path) -> None:
    path = write_xes(canonical_table(), tmp_path / "out.xes", case_attributes=["kommune"])
    text = path.read_text("utf-8")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<log xes.version="1849-2016"')
    for prefix in ("concept", "time", "org", "lifecycle"):
        assert f'prefix="{prefix}"' in text
    assert '<global scope="trace">' in text and '<global scope="event">' in text
    # attributes present in every event are declared global; nullable ones are not
    glob = text[text.index('<global scope="event">') : text.index("</global>", text.index('scope="event"'))]
    assert 'key="concept:name"' in glob and 'key="time:timestamp"' in glob and 'key="org:resource"' not in glob
    assert '<date key="time:timestamp" value="2024-03-31T00:30:00.123456+00:00"/>' in text
    assert '<string key="concept:name" value="Samtale &amp; &quot;møde&quot;"/>' in text
    assert '<float key="beloeb" value="INF"/>' in text and '<float key="beloeb" value="NaN"/>' in text
    assert '<int key="n_breve" value="1099511627776"/>' in text
    assert "event_idx" not in text
    # one trace per case, cases in order of first appearance, kommune written once per trace
    assert re.findall(r'<trace>\s*<string key="concept:name" value="([^"]*)"/>', text) == ["k-2", "k-1"]
    assert text.count('key="kommune"') == 2
    assert text.rstrip().endswith("</log>")
    assert not list(tmp_path.glob(".*.tmp"))


def test_split_case_is_written_as_one_trace(tmp_path: Path) -> None:
    t = pa.table({"case_id": ["a", "b", "a"], "activity": ["x", "y", "z"],
                  "timestamp": [dt.datetime(2024, 1, d, tzinfo=UTC) for d in (1, 2, 3)]})
    text = write_xes(t, tmp_path / "o.xes").read_text()
    assert text.count("<trace>") == 2
    con = duckdb.connect()
    load_xes(con, tmp_path / "o.xes", "b")
    assert con.execute('SELECT "case:concept:name", "concept:name" FROM b ORDER BY __row').fetchall() == [
        ("a", "x"), ("a", "z"), ("b", "y")]


def test_gzip_flag_overrides_the_name(tmp_path: Path) -> None:
    t = canonical_table()
    assert write_xes(t, tmp_path / "a.xes", gzip=True).read_bytes()[:2] == b"\x1f\x8b"
    assert write_xes(t, tmp_path / "b.xes.gz", gzip=False).read_bytes()[:5] == b"<?xml"
    assert gzip.decompress((tmp_path / "a.xes").read_bytes()).endswith(b"</log>\n")


def test_missing_columns_and_null_cases_are_refused(tmp_path: Path) -> None:
    with pytest.raises(SchemaError, match=r"write_xes needs the columns \['timestamp'\]"):
        write_xes(pa.table({"case_id": ["a"], "activity": ["x"]}), tmp_path / "x.xes")
    t = pa.table({"case_id": ["a", None], "activity": ["x", "y"],
                  "timestamp": [dt.datetime(2024, 1, 1, tzinfo=UTC)] * 2})
    with pytest.raises(SchemaError, match="1 event\\(s\\) have no case_id"):
        write_xes(t, tmp_path / "x.xes")
    with pytest.raises(SchemaError, match=r"case_attributes \['nope'\] are not columns"):
        write_xes(t, tmp_path / "x.xes", case_attributes=["nope"])
    assert not (tmp_path / "x.xes").exists()


def test_pm4py_reads_our_file(tmp_path: Path) -> None:
    pm4py = pytest.importorskip("pm4py")
    path = write_xes(canonical_table(), tmp_path / "out.xes.gz", case_attributes=["kommune"])
    df = pm4py.read_xes(str(path))
    assert len(df) == 5 and df["case:concept:name"].nunique() == 2 and df["concept:name"].nunique() == 4
    assert set(df["case:kommune"]) == {"Aarhus", "Odense"}
    first = df[df["concept:name"] == "Afgørelse <endelig>"]["time:timestamp"].iloc[0]
    assert first.year == 2024 and first.microsecond == 123456


_xml_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(_xml_text, min_size=1, max_size=5))
def test_any_text_round_trips(tmp_path: Path, values: list[str]) -> None:
    n = len(values)
    t = pa.table({"case_id": values, "activity": values,
                  "timestamp": [dt.datetime(2024, 1, 1, tzinfo=UTC)] * n, "free": values})
    path = write_xes(t, tmp_path / "h.xes")
    con = duckdb.connect()
    load_xes(con, path, "h")
    invalid = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
    got = con.execute('SELECT "concept:name", free FROM h ORDER BY __row').fetchall()
    # events come back grouped by case, in order of first appearance
    order = sorted(range(n), key=lambda i: (values.index(values[i]), i))
    assert got == [(invalid.sub("", values[i]), invalid.sub("", values[i])) for i in order]
