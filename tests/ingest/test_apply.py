"""apply_mapping: raw source table -> canonical, typed, pseudonymised, CPR-masked events."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import duckdb
import pytest

from sagsflow.errors import LogFormatError, MappingError, PseudonymisationKeyError, SchemaError
from sagsflow.ingest.apply import apply_mapping
from sagsflow.ingest.mapping import Mapping
from sagsflow.ingest.pseudonymise import pseudonym
from sagsflow.schema import ROLES, Column, DataClass

KEY = bytes(range(32))


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    c = duckdb.connect()
    c.execute("SET TimeZone='UTC'")
    return c


def make_raw(con: duckdb.DuckDBPyConnection, columns: dict[str, str], rows: list[tuple[Any, ...]],
             name: str = "raw") -> None:
    """A raw table like the loaders make: the given columns plus __row (1-based)."""
    cols = ", ".join(f'"{c}" {t}' for c, t in columns.items())
    con.execute(f'CREATE OR REPLACE TEMP TABLE {name} ({cols}, "__row" BIGINT)')
    marks = ", ".join("?" for _ in range(len(columns) + 1))
    con.executemany(f"INSERT INTO {name} VALUES ({marks})", [(*r, i + 1) for i, r in enumerate(rows)])


def text_raw(con: duckdb.DuckDBPyConnection, header: list[str], rows: list[tuple[Any, ...]]) -> None:
    make_raw(con, dict.fromkeys(header, "VARCHAR"), rows)


def rows_of(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple[Any, ...]]:
    return con.execute(sql).fetchall()


def utc(*a: int) -> datetime:
    return datetime(*a, tzinfo=UTC)  # type: ignore[misc]


BASIC = "case_id: sag\nactivity: aktivitet\ntimestamp: tid\n"


def apply(con: duckdb.DuckDBPyConnection, mapping: str | Mapping, key: bytes | None = None, **kw: Any):
    m = mapping if isinstance(mapping, Mapping) else Mapping.from_yaml(mapping)
    return apply_mapping(con, "raw", m, key=key, out="events", label=kw.pop("label", "x.csv"), **kw)


# -- shape and types ----------------------------------------------------------------------------


def test_canonical_columns_types_and_order(con: duckdb.DuckDBPyConnection) -> None:
    text_raw(con, ["sag", "aktivitet", "tid", "antal", "beløb", "flag", "kode", "dato", "tekst"], [
        ("s1", "A", "31-01-2024 09:00", "3", "10.5", "true", "0800", "2024-01-31", "hej"),
        ("s1", "B", "01-02-2024 10:30", "-4", "2", "false", "0900", "2024-02-01 10:00", None),
        (" s2 ", " C ", "02-02-2024", None, "1e3", "TRUE", "1000", None, "x"),
    ])
    result = apply(con, BASIC)
    desc = rows_of(con, "DESCRIBE events")
    names = [r[0] for r in desc]
    assert names == [*ROLES, "src_row", "antal", "beløb", "flag", "kode", "dato", "tekst"]
    types = {r[0]: r[1] for r in desc}
    assert types["case_id"] == "VARCHAR" and types["timestamp"] == "TIMESTAMP WITH TIME ZONE"
    assert types["start_timestamp"] == "TIMESTAMP WITH TIME ZONE" and types["sequence"] == "BIGINT"
    assert types["antal"] == "BIGINT" and types["beløb"] == "DOUBLE" and types["flag"] == "BOOLEAN"
    assert types["kode"] == "VARCHAR"  # leading zeros: a code, not a number
    assert types["dato"] == "TIMESTAMP WITH TIME ZONE" and types["tekst"] == "VARCHAR"
    got = rows_of(con, "SELECT case_id, activity, timestamp, resource, src_row, antal, dato FROM events "
                       "ORDER BY src_row")
    assert got == [
        ("s1", "A", utc(2024, 1, 31, 8), None, 1, 3, utc(2024, 1, 30, 23)),
        ("s1", "B", utc(2024, 2, 1, 9, 30), None, 2, -4, utc(2024, 2, 1, 9)),
        ("s2", "C", utc(2024, 2, 1, 23), None, 3, None, None),
    ]
    assert result.n_rows == 3
    assert result.timestamp_formats == {"timestamp": ("%d-%m-%Y %H:%M", "%d-%m-%Y"), "dato": "iso"}
    assert result.schema.roles == {"case_id": "sag", "activity": "aktivitet", "timestamp": "tid"}
    assert result.schema.role_classes == {"case_id": DataClass.PROCESS}
    assert result.schema.attribute("antal") == Column(name="antal", dtype="BIGINT", source="antal")


def test_typed_source_like_parquet(con: duckdb.DuckDBPyConnection) -> None:
    make_raw(con, {"case": "BIGINT", "act": "VARCHAR", "ts": "TIMESTAMP", "done": "TIMESTAMPTZ",
                   "n": "INTEGER", "d": "DATE", "seq": "INTEGER"},
             [(1, "A", datetime(2024, 7, 1, 12), utc(2024, 7, 1, 13), 5, date(2024, 7, 1), 2)])
    result = apply(con, "case_id: case\nactivity: act\ntimestamp: ts\nsequence: seq\n")
    assert rows_of(con, "SELECT case_id, timestamp, sequence, done, n, d FROM events") == [
        ("1", utc(2024, 7, 1, 10), 2, utc(2024, 7, 1, 13), 5, date(2024, 7, 1))]
    assert result.timestamp_formats == {"timestamp": "native"}
    assert {c.name: c.dtype for c in result.schema.attributes} == {
        "done": "TIMESTAMP WITH TIME ZONE", "n": "INTEGER", "d": "DATE"}


def test_epoch_ms_number_column(con: duckdb.DuckDBPyConnection) -> None:
    make_raw(con, {"c": "VARCHAR", "a": "VARCHAR", "t": "BIGINT"}, [("c", "A", 1706709900123)])
    result = apply(con, "case_id: c\nactivity: a\ntimestamp: t\n")
    assert result.timestamp_formats == {"timestamp": "epoch_ms"}
    assert rows_of(con, "SELECT timestamp FROM events") == [(datetime(2024, 1, 31, 14, 5, 0, 123000, tzinfo=UTC),)]


def test_declared_types_and_renames(con: duckdb.DuckDBPyConnection) -> None:
    text_raw(con, ["sag", "aktivitet", "tid", "beloeb", "frist", "x"],
             [("s", "A", "2024-01-01", "7", "31-01-2024", "1")])
    result = apply(con, BASIC + "columns:\n  beloeb: {type: DOUBLE, rename: amount}\n"
                                "  frist: {type: DATE}\n  x: {type: VARCHAR}\n")
    assert rows_of(con, "SELECT amount, frist, x FROM events") == [(7.0, date(2024, 1, 31), "1")]
    amount = result.schema.attribute("amount")
    assert amount is not None and amount.source == "beloeb" and amount.dtype == "DOUBLE"
    assert result.timestamp_formats["frist"] == "%d-%m-%Y"


def test_declared_type_failure_names_row_and_values(con: duckdb.DuckDBPyConnection) -> None:
    text_raw(con, ["sag", "aktivitet", "tid", "beloeb"],
             [("s", "A", "2024-01-01", "7"), ("s", "B", "2024-01-02", "12,50"), ("s", "C", "2024-01-03", "x")])
    with pytest.raises(LogFormatError) as info:
        apply(con, BASIC + "columns: {beloeb: {type: DOUBLE}}\n", label="udtræk.csv")
    msg = str(info.value)
    assert msg.startswith("udtræk.csv, row 2, column 'beloeb': 2 of 3 values (66.7%) of the attribute 'beloeb' "
                          "cannot be read as values of type DOUBLE")
    assert "row 2: '12,50'; row 3: 'x'" in msg
    assert info.value.location.row == 2


def test_other_columns_drop(con: duckdb.DuckDBPyConnection) -> None:
    text_raw(con, ["sag", "aktivitet", "tid", "keep", "gone"], [("s", "A", "2024-01-01", "1", "2")])
    result = apply(con, BASIC + "other_columns: drop\ncolumns: {keep: {}}\n")
    assert [c.name for c in result.schema.attributes] == ["keep"]


def test_xes_default_mapping(con: duckdb.DuckDBPyConnection) -> None:
    make_raw(con, {"case:concept:name": "VARCHAR", "concept:name": "VARCHAR", "time:timestamp": "TIMESTAMPTZ",
                   "lifecycle:transition": "VARCHAR", "case:Amount": "DOUBLE", "cost": "DOUBLE"},
             [("1", "A", utc(2024, 1, 1), "complete", 10.0, 1.5), ("1", "B", utc(2024, 1, 2), "complete", 10.0, 2.5)])
    m = Mapping.default_for([r[0] for r in rows_of(con, "DESCRIBE raw")], "xes")
    result = apply(con, m)
    assert rows_of(con, "SELECT case_id, activity, lifecycle, Amount, cost FROM events ORDER BY src_row") == [
        ("1", "A", "complete", 10.0, 1.5), ("1", "B", "complete", 10.0, 2.5)]
    assert result.schema.attribute("Amount") == Column(name="Amount", level="case", dtype="DOUBLE",
                                                       source="case:Amount")


# -- column problems ----------------------------------------------------------------------------


def test_missing_column_lists_available_and_closest(con: duckdb.DuckDBPyConnection) -> None:
    text_raw(con, ["sag", "aktivitet", "tidspunkt"], [("s", "A", "2024-01-01")])
    with pytest.raises(SchemaError) as info:
        apply(con, "case_id: sag\nactivity: aktivitet\ntimestamp: tidspunk\n", label="m.csv")
    msg = str(info.value)
    assert "m.csv: the timestamp column 'tidspunk' named in the mapping is not in the source; " \
           "closest match: 'tidspunkt'" in msg
    assert "Available columns: sag, aktivitet, tidspunkt" in msg


def test_reserved_name_clash_suggests_rename(con: duckdb.DuckDBPyConnection) -> None:
    text_raw(con, ["sag", "aktivitet", "tid", "Timestamp"], [("s", "A", "2024-01-01", "x")])
    with pytest.raises(SchemaError) as info:
        apply(con, BASIC)
    assert "column 'Timestamp' would be stored as 'Timestamp', a name the event store reserves" in str(info.value)
    assert "rename: Timestamp_src" in str(info.value)
    apply(con, BASIC + "columns: {Timestamp: {rename: kilde_tid}}\n")
    assert "kilde_tid" in [r[0] for r in rows_of(con, "DESCRIBE events")]


def test_duplicate_stored_names(con: duckdb.DuckDBPyConnection) -> None:
    text_raw(con, ["sag", "aktivitet", "tid", "a", "b"], [("s", "A", "2024-01-01", "x", "y")])
    with pytest.raises(SchemaError, match="columns 'a' and 'b' would both be stored as 'A'"):
        apply(con, BASIC + "columns: {b: {rename: A}}\n")


# -- activities ---------------------------------------------------------------------------------


def test_activity_mapping(con: duckdb.DuckDBPyConnection) -> None:
    text_raw(con, ["sag", "aktivitet", "tid"], [("s", "JS01", "2024-01-01"), ("s", "XX", "2024-01-02")])
    apply(con, BASIC + "activities: {map: {JS01: Jobsamtale afholdt – jobcenter}}\n")
    assert rows_of(con, "SELECT activity FROM events ORDER BY src_row") == [
        ("Jobsamtale afholdt – jobcenter",), ("XX",)]


def test_unmapped_activities_error_lists_codes(con: duckdb.DuckDBPyConnection) -> None:
    text_raw(con, ["sag", "aktivitet", "tid"], [("s", "JS01", "2024-01-01"), ("s", "XX", "2024-01-02"),
                                                ("s", "YY", "2024-01-03"), ("s", "XX", "2024-01-04")])
    with pytest.raises(MappingError) as info:
        apply(con, BASIC + "activities: {map: {JS01: Jobsamtale}, unmapped: error}\n")
    assert ("x.csv, row 2, column 'aktivitet': 2 activity code(s) are not in the mapping's activities.map "
            "(unmapped: error): 'XX' (2 events), 'YY' (1 events)") in str(info.value)


# -- bad values ---------------------------------------------------------------------------------


def test_unparseable_timestamps(con: duckdb.DuckDBPyConnection) -> None:
    rows = [("s", "A", f"{d:02d}-01-2024 10:00") for d in range(1, 21)]
    rows[6] = ("s", "A", "32-01-2024 10:00")
    rows[11] = ("s", "A", "i går")
    text_raw(con, ["sag", "aktivitet", "tid"], rows)
    with pytest.raises(LogFormatError) as info:
        apply(con, BASIC, label="udtræk.csv")
    msg = str(info.value)
    assert msg.startswith("udtræk.csv, row 7, column 'tid': 2 of 20 values (10.0%) of the timestamp cannot be "
                          "read as timestamps in the format '%d-%m-%Y %H:%M' (detected)")
    assert "First examples: row 7: '32-01-2024 10:00'; row 12: 'i går'" in msg
    assert "format:" in msg  # the hint shows how to state the format
    assert info.value.location.column == "tid"
    assert "events" not in {r[0] for r in rows_of(con, "SHOW TABLES")}


def test_stated_format_is_used(con: duckdb.DuckDBPyConnection) -> None:
    text_raw(con, ["sag", "aktivitet", "tid"], [("s", "A", "01/02/2024")])  # month-first stated
    apply(con, "case_id: sag\nactivity: aktivitet\ntimestamp: {column: tid, format: '%m/%d/%Y'}\n")
    assert rows_of(con, "SELECT timestamp FROM events") == [(utc(2024, 1, 1, 23),)]


def test_ambiguous_dates_warn(con: duckdb.DuckDBPyConnection) -> None:
    text_raw(con, ["sag", "aktivitet", "tid"], [("s", "A", "01/02/2024"), ("s", "B", "03/04/2024")])
    result = apply(con, BASIC)
    assert any("day-first" in w and "'tid'" in w for w in result.warnings)
    assert rows_of(con, "SELECT timestamp FROM events ORDER BY src_row")[0] == (utc(2024, 1, 31, 23),)


def test_bad_sequence(con: duckdb.DuckDBPyConnection) -> None:
    text_raw(con, ["sag", "aktivitet", "tid", "nr"], [("s", "A", "2024-01-01", "1"), ("s", "B", "2024-01-01", "2b")])
    with pytest.raises(LogFormatError, match=r"row 2, column 'nr': 1 of 2 values \(50.0%\) of the sequence"):
        apply(con, BASIC + "sequence: nr\n")


@pytest.mark.parametrize(("row", "role", "column"), [
    ((None, "A", "2024-01-01"), "case_id", "sag"),
    (("s", "  ", "2024-01-01"), "activity", "aktivitet"),
    (("s", "A", None), "timestamp", "tid"),
])
def test_missing_required_values(con: duckdb.DuckDBPyConnection, row: tuple, role: str, column: str) -> None:
    text_raw(con, ["sag", "aktivitet", "tid"], [("s", "A", "2024-01-01"), row, row])
    with pytest.raises(LogFormatError) as info:
        apply(con, BASIC)
    assert str(info.value).startswith(
        f"x.csv, row 2, column '{column}': 2 event(s) have no {role} (empty value); first rows: 2, 3")


# -- personal data ------------------------------------------------------------------------------


def test_key_required_before_any_work(con: duckdb.DuckDBPyConnection) -> None:
    # no raw table at all: the refusal must come first
    with pytest.raises(PseudonymisationKeyError) as info:
        apply(con, BASIC + "resource: sagsbehandler\n")
    assert "resource (sagsbehandler)" in str(info.value)
    assert "sagsflow keygen" in str(info.value)
    with pytest.raises(PseudonymisationKeyError, match="borger_cpr"):
        apply(con, BASIC + "columns: {borger_cpr: {data_class: citizen_id}}\n")


def test_pseudonymisation_of_roles_and_attributes(con: duckdb.DuckDBPyConnection) -> None:
    text_raw(con, ["borger", "aktivitet", "tid", "sagsbehandler", "cpr2"], [
        ("0101901234", "A", "2024-01-01", "AB", "0101901234"),
        ("0101901234", "B", "2024-01-02", "CD", "0101901234"),
        ("0202902345", "A", "2024-01-03", "AB", None),
    ])
    result = apply(con, "case_id: {column: borger, data_class: citizen_id}\nactivity: aktivitet\n"
                        "timestamp: tid\nresource: sagsbehandler\n"
                        "columns: {cpr2: {data_class: citizen_id, level: case}}\n", key=KEY)
    b1, b2 = pseudonym("0101901234", KEY, "B-"), pseudonym("0202902345", KEY, "B-")
    m1, m2 = pseudonym("AB", KEY, "M-"), pseudonym("CD", KEY, "M-")
    assert rows_of(con, "SELECT case_id, resource, cpr2 FROM events ORDER BY src_row") == [
        (b1, m1, b1), (b1, m2, b1), (b2, m1, None)]
    assert result.schema.role_classes == {"case_id": DataClass.CITIZEN_ID, "resource": DataClass.EMPLOYEE_ID}
    assert result.schema.data_class("cpr2") is DataClass.CITIZEN_ID
    dump = str(rows_of(con, "SELECT * FROM events"))
    assert "0101901234" not in dump and "AB" not in dump.replace("'M-", "")


def test_same_key_joins_across_runs_other_key_does_not(con: duckdb.DuckDBPyConnection) -> None:
    text_raw(con, ["sag", "aktivitet", "tid", "who"], [("s", "A", "2024-01-01", "AB")])
    mapping = BASIC + "resource: who\n"
    apply(con, mapping, key=KEY)
    first = rows_of(con, "SELECT resource FROM events")
    apply(con, mapping, key=KEY)
    assert rows_of(con, "SELECT resource FROM events") == first
    apply(con, mapping, key=bytes(range(1, 33)))
    assert rows_of(con, "SELECT resource FROM events") != first


def test_resource_as_process_data_needs_no_key(con: duckdb.DuckDBPyConnection) -> None:
    text_raw(con, ["sag", "aktivitet", "tid", "robot"], [("s", "A", "2024-01-01", "RPA-1")])
    result = apply(con, BASIC + "resource: {column: robot, data_class: process}\n")
    assert rows_of(con, "SELECT resource FROM events") == [("RPA-1",)]
    assert result.schema.role_classes["resource"] is DataClass.PROCESS


def test_cpr_masked_in_every_text_column(con: duckdb.DuckDBPyConnection) -> None:
    text_raw(con, ["sag", "aktivitet", "tid", "notat", "andet", "status", "who"], [
        ("s1", "Samtale med 010190-1234", "2024-01-01", "borger 0101901234 ringede", "ref 311299-0001",
         "start 0101901234", "0101901234"),
        ("s1", "Samtale", "2024-01-02", "tlf 12345678901", "ok", "done", "x"),
    ])
    result = apply(con, BASIC + "lifecycle: status\nresource: {column: who, data_class: process}\n"
                                "columns: {notat: {data_class: free_text}}\n")
    assert rows_of(con, "SELECT activity, lifecycle, resource, notat, andet FROM events ORDER BY src_row") == [
        ("Samtale med [CPR]", "start [CPR]", "[CPR]", "borger [CPR] ringede", "ref [CPR]"),
        ("Samtale", "done", "x", "tlf 12345678901", "ok"),
    ]
    warned = "\n".join(result.warnings)
    assert "column 'notat': CPR numbers were masked as [CPR] in 1 value(s)" in warned
    assert "column 'andet': CPR numbers were masked" in warned and "data_class: citizen_id" in warned
    assert result.schema.attribute("andet").dtype == "VARCHAR"  # type: ignore[union-attr]


def test_cpr_column_is_never_a_number(con: duckdb.DuckDBPyConnection) -> None:
    text_raw(con, ["sag", "aktivitet", "tid", "nr"], [("s", "A", "2024-01-01", "1501901234")])
    apply(con, BASIC)
    assert rows_of(con, "SELECT nr FROM events") == [("[CPR]",)]


def test_cpr_in_process_case_id_refused(con: duckdb.DuckDBPyConnection) -> None:
    text_raw(con, ["sag", "aktivitet", "tid"], [("s", "A", "2024-01-01"), ("0101901234", "A", "2024-01-01")])
    with pytest.raises(MappingError) as info:
        apply(con, BASIC)
    assert "x.csv, row 2, column 'sag': the case id holds CPR numbers" in str(info.value)
    assert "data_class: citizen_id" in str(info.value)


# -- case attributes ----------------------------------------------------------------------------


def test_case_attributes_last_value_and_warning(con: duckdb.DuckDBPyConnection) -> None:
    text_raw(con, ["sag", "aktivitet", "tid", "alder", "team"], [
        ("s1", "B", "2024-01-03", "30-39", "x"),
        ("s1", "A", "2024-01-01", "20-29", None),  # earlier in time, later in the file
        ("s1", "C", "2024-01-02", None, None),
        ("s2", "A", "2024-01-01", "40-49", "y"),
        ("s3", "A", "2024-01-01", None, None),
    ])
    result = apply(con, BASIC + "columns:\n  alder: {level: case, data_class: personal_attribute}\n"
                                "  team: {level: case}\n")
    assert rows_of(con, "SELECT case_id, alder, team FROM events ORDER BY src_row") == [
        ("s1", "30-39", "x"), ("s1", "30-39", "x"), ("s1", "30-39", "x"), ("s2", "40-49", "y"), ("s3", None, None)]
    assert result.warnings == [
        "x.csv, column 'alder': the case attribute 'alder' varies within 1 case(s); the last non-null value "
        "of each case (by time) is kept"]
    alder = result.schema.attribute("alder")
    assert alder is not None and alder.level == "case" and alder.data_class is DataClass.PERSONAL_ATTRIBUTE


# -- housekeeping -------------------------------------------------------------------------------


def test_progress_and_no_leftovers(con: duckdb.DuckDBPyConnection) -> None:
    text_raw(con, ["sag", "aktivitet", "tid", "who"], [("s", "A", "2024-01-01", "AB")])
    steps: list[tuple[str, float]] = []
    apply(con, BASIC + "resource: who\n", key=KEY, progress=lambda s, f: steps.append((s, f)))
    assert steps[0][1] == 0.0 and steps[-1] == ("done", 1.0)
    assert [f for _s, f in steps] == sorted(f for _s, f in steps)
    assert {r[0] for r in rows_of(con, "SHOW TABLES")} == {"raw", "events"}
    text_raw(con, ["sag", "aktivitet", "tid"], [("s", "A", "nope")])
    with pytest.raises(LogFormatError):
        apply(con, BASIC)
    assert {r[0] for r in rows_of(con, "SHOW TABLES")} == {"raw", "events"}


@pytest.mark.slow
def test_one_million_rows(con: duckdb.DuckDBPyConnection) -> None:
    """A million rows go through every step (the time is measured in bench/bench_import.py, not here)."""
    con.execute("""
        CREATE TEMP TABLE raw AS SELECT
            'S' || (i // 10) AS sag,
            'Aktivitet ' || (i % 17) AS aktivitet,
            strftime(TIMESTAMP '2024-01-01' + to_seconds(i * 37), '%d-%m-%Y %H:%M:%S') AS tid,
            'M' || (i % 300) AS sagsbehandler,
            CASE WHEN i % 1000 = 0 THEN 'ringede 0101901234' ELSE 'notat ' || i END AS notat,
            CAST(i % 7 AS VARCHAR) AS antal,
            CAST(i // 10 % 5 AS VARCHAR) AS gruppe,
            i + 1 AS __row
        FROM range(1000000) r(i)""")
    mapping = Mapping.from_yaml(BASIC + "resource: sagsbehandler\ncolumns:\n  notat: {data_class: free_text}\n"
                                        "  gruppe: {level: case}\n")
    result = apply_mapping(con, "raw", mapping, key=KEY, out="events", label="big.csv")
    assert result.n_rows == 1_000_000
    assert rows_of(con, "SELECT count(*) FILTER (WHERE notat = 'ringede [CPR]') FROM events") == [(1000,)]


def test_cpr_masking_in_high_cardinality_columns(con: duckdb.DuckDBPyConnection) -> None:
    # many distinct values: masked row by row (regex), not via the distinct-value lookup
    rows = [(f"s{i}", "A", "2024-01-01T10:00:00+02:00" if i % 2 else "2024-01-01 10:00",
             f"notat {i}" + (" cpr 0101901234" if i % 100 == 7 else "")) for i in range(1000)]
    text_raw(con, ["sag", "aktivitet", "tid", "notat"], rows)
    result = apply(con, BASIC + "columns: {notat: {data_class: free_text}}\n")
    assert rows_of(con, "SELECT count_if(notat LIKE '%[CPR]'), count_if(notat LIKE '%0101901234%') FROM events") \
        == [(10, 0)]
    assert rows_of(con, "SELECT notat FROM events WHERE src_row = 8") == [("notat 7 cpr [CPR]",)]
    assert "column 'notat': CPR numbers were masked as [CPR] in 10 value(s)" in result.warnings[0]
    assert rows_of(con, "SELECT DISTINCT timestamp FROM events ORDER BY 1") == [(utc(2024, 1, 1, 8),),
                                                                             (utc(2024, 1, 1, 9),)]


def test_cpr_in_high_cardinality_case_id_refused(con: duckdb.DuckDBPyConnection) -> None:
    rows = [(f"sag-{i:06d}", "A", "2024-01-01") for i in range(1000)]
    rows[500] = ("0101901234", "A", "2024-01-01")
    text_raw(con, ["sag", "aktivitet", "tid"], rows)
    with pytest.raises(MappingError, match="row 501, column 'sag': the case id holds CPR numbers"):
        apply(con, BASIC)


def test_optional_timestamp_roles_and_sequence(con: duckdb.DuckDBPyConnection) -> None:
    text_raw(con, ["sag", "aktivitet", "tid", "start", "reg", "nr"],
             [("s", "A", "2024-01-31 10:00", "31.01.2024 09:15", "45322.5", " 7 ")])
    result = apply(con, BASIC + "start_timestamp: start\nregistration_timestamp: {column: reg, format: excel}\n"
                                "sequence: nr\n")
    assert rows_of(con, "SELECT start_timestamp, registration_timestamp, sequence FROM events") == [
        (utc(2024, 1, 31, 8, 15), utc(2024, 1, 31, 11), 7)]
    assert result.timestamp_formats == {"timestamp": "iso", "start_timestamp": "%d.%m.%Y %H:%M",
                                        "registration_timestamp": "excel"}
    assert result.schema.roles["sequence"] == "nr"
