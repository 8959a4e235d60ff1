"""Timestamp format detection and set-based parsing in DuckDB."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sagsflow.errors import InvalidParameterError
from sagsflow.ingest.timestamps import (
    detect_format,
    local_to_utc_sql,
    timestamp_sql,
    utc_offset_table,
    validate_format,
)

CPH = "Europe/Copenhagen"
CPH_ZONE = ZoneInfo(CPH)


@pytest.fixture(scope="module")
def con() -> duckdb.DuckDBPyConnection:
    c = duckdb.connect()
    c.execute("SET TimeZone='UTC'")
    return c


def parse(con: duckdb.DuckDBPyConnection, values: list, fmt, source_type: str = "VARCHAR",
          tz: str = CPH) -> list[datetime | None]:
    sql_type = source_type if source_type != "VARCHAR" else "VARCHAR"
    con.execute(f"CREATE OR REPLACE TEMP TABLE v (i INTEGER, x {sql_type})")
    con.executemany("INSERT INTO v VALUES (?, ?)", list(enumerate(values)))
    expr = timestamp_sql('"x"', fmt, tz, source_type)
    return [r[0] for r in con.execute(f"SELECT {expr} FROM v ORDER BY i").fetchall()]


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


# -- detection ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["2024-01-31T14:05:00", "2024-02-01 09:00"], "iso"),
        (["2024-01-31T14:05:00.123456Z", "2024-02-01T09:00:00+01:00", "2024-02-01"], "iso"),
        (["31-01-2024 14:05", "01-02-2024 09:00"], "%d-%m-%Y %H:%M"),
        (["31.01.2024 14:05:09", "01.02.2024 09:00:00"], "%d.%m.%Y %H:%M:%S"),
        (["31/01/2024", "13/02/2024"], "%d/%m/%Y"),
        (["31-01-2024", "01-02-2024 10:15"], ("%d-%m-%Y %H:%M", "%d-%m-%Y")),
        (["01/31/2024", "02/13/2024"], "%m/%d/%Y"),
        (["2024/01/31", "2024/02/13 10:00"], ("%Y/%m/%d %H:%M", "%Y/%m/%d")),
        (["20240131", "20240213"], "%Y%m%d"),
        (["45322", "45323.5", "45400,25"], "excel"),
        (["1706709900", "1706713500"], "epoch_s"),
        (["1706709900123", "1706713500000"], "epoch_ms"),
    ],
)
def test_detect_format(values: list[str], expected: object) -> None:
    d = detect_format(values)
    assert d.format == expected
    assert d.share == 1.0
    assert d.n_values == len(values)


def test_ambiguous_dates_prefer_day_first_with_a_note() -> None:
    d = detect_format(["03/04/2024", "05/06/2024", "07/08/2024 10:00"])
    assert d.format == ("%d/%m/%Y %H:%M", "%d/%m/%Y")
    assert d.note is not None and "day-first" in d.note and "Danish" in d.note


def test_day_first_needs_no_note_when_unambiguous() -> None:
    assert detect_format(["13-04-2024", "05-06-2024"]).note is None


def test_detect_reports_share_and_failures() -> None:
    d = detect_format(["31-01-2024", "01-02-2024", "1. feb 2024", None, "  "])
    assert d.format == "%d-%m-%Y"
    assert d.share == pytest.approx(2 / 3)
    assert d.failures == ("1. feb 2024",)
    assert d.examples == ("31-01-2024", "01-02-2024")


def test_detect_rejects_impossible_dates() -> None:
    d = detect_format(["31-02-2024", "30-02-2024"])  # no 30/31 February, nor month 30/31
    assert d.share == 0.0
    assert "no value looks like a timestamp" in (d.note or "")


def test_detect_nothing() -> None:
    d = detect_format([None, ""])
    assert d.n_values == 0 and d.share == 0.0


def test_excel_outside_typical_range_noted() -> None:
    d = detect_format(["3", "17"])
    assert d.format == "excel"
    assert d.note is not None and "typical Excel date range" in d.note


# -- validate_format ---------------------------------------------------------------------------


def test_validate_format() -> None:
    assert validate_format("iso") == "iso"
    assert validate_format(["%d-%m-%Y"]) == "%d-%m-%Y"
    assert validate_format(["%d-%m-%Y %H:%M", "%d-%m-%Y"]) == ("%d-%m-%Y %H:%M", "%d-%m-%Y")
    with pytest.raises(InvalidParameterError, match="unknown timestamp format 'dd-mm-yyyy'"):
        validate_format("dd-mm-yyyy")
    with pytest.raises(InvalidParameterError, match="either all contain an offset"):
        validate_format(["%Y-%m-%d %H:%M %z", "%Y-%m-%d"])


# -- parsing -----------------------------------------------------------------------------------


def test_iso_with_and_without_offsets(con: duckdb.DuckDBPyConnection) -> None:
    got = parse(con, [
        "2024-01-31T14:05:00Z", "2024-01-31T14:05:00+02:00", "2024-01-31 14:05:00.250",
        "2024-07-01T12:00", "2024-01-31", " 2024-01-31 ", "garbage", None,
    ], "iso")
    assert got == [
        utc(2024, 1, 31, 14, 5), utc(2024, 1, 31, 12, 5), datetime(2024, 1, 31, 13, 5, 0, 250000, tzinfo=UTC),
        utc(2024, 7, 1, 10), utc(2024, 1, 30, 23), utc(2024, 1, 30, 23), None, None,
    ]


def test_strftime_list_and_failures(con: duckdb.DuckDBPyConnection) -> None:
    got = parse(con, ["31-01-2024 14:05", "31-01-2024", "31-02-2024", "x"], ("%d-%m-%Y %H:%M", "%d-%m-%Y"))
    assert got == [utc(2024, 1, 31, 13, 5), utc(2024, 1, 30, 23), None, None]


def test_strftime_with_offset(con: duckdb.DuckDBPyConnection) -> None:
    assert parse(con, ["31-01-2024 14:05 +0300"], "%d-%m-%Y %H:%M %z") == [utc(2024, 1, 31, 11, 5)]


def test_dst_gap_and_overlap(con: duckdb.DuckDBPyConnection) -> None:
    # spring gap: 02:30 did not exist; read with the offset before the change (+01) -> 03:30 CEST
    # autumn overlap: 02:30 happened twice; the second occurrence (CET, +01) is taken
    got = parse(con, ["2024-03-31 01:59", "2024-03-31 02:30", "2024-03-31 03:00",
                      "2024-10-27 01:30", "2024-10-27 02:30", "2024-10-27 03:00"], "iso")
    assert got == [utc(2024, 3, 31, 0, 59), utc(2024, 3, 31, 1, 30), utc(2024, 3, 31, 1),
                   utc(2024, 10, 26, 23, 30), utc(2024, 10, 27, 1, 30), utc(2024, 10, 27, 2)]


def test_other_timezone(con: duckdb.DuckDBPyConnection) -> None:
    assert parse(con, ["2024-01-31 12:00"], "iso", tz="America/New_York") == [utc(2024, 1, 31, 17)]


def test_excel_serials(con: duckdb.DuckDBPyConnection) -> None:
    got = parse(con, ["45322", "45322.5", "45322,75", "0", "3000000", "abc"], "excel")
    assert got == [utc(2024, 1, 30, 23), utc(2024, 1, 31, 11), utc(2024, 1, 31, 17), None, None, None]


def test_excel_serials_from_numeric_column(con: duckdb.DuckDBPyConnection) -> None:
    assert parse(con, [45322.5, None], "excel", source_type="DOUBLE") == [utc(2024, 1, 31, 11), None]


def test_epoch(con: duckdb.DuckDBPyConnection) -> None:
    assert parse(con, ["1706709900", "1706709900.5"], "epoch_s") == [
        utc(2024, 1, 31, 14, 5), datetime(2024, 1, 31, 14, 5, 0, 500000, tzinfo=UTC)]
    assert parse(con, [1706709900123, 10**30], "epoch_ms", source_type="DOUBLE") == [
        datetime(2024, 1, 31, 14, 5, 0, 123000, tzinfo=UTC), None]


def test_typed_sources(con: duckdb.DuckDBPyConnection) -> None:
    assert parse(con, [datetime(2024, 1, 31, 12)], "auto", source_type="TIMESTAMP") == [utc(2024, 1, 31, 11)]
    assert parse(con, [utc(2024, 1, 31, 12)], "auto", source_type="TIMESTAMPTZ") == [utc(2024, 1, 31, 12)]
    assert parse(con, ["2024-07-01"], "auto", source_type="DATE") == [utc(2024, 6, 30, 22)]


def test_sql_refuses_auto_and_wrong_numeric_formats() -> None:
    with pytest.raises(InvalidParameterError, match="call detect_format"):
        timestamp_sql('"x"', "auto", CPH, "VARCHAR")
    with pytest.raises(InvalidParameterError, match="numeric column"):
        timestamp_sql('"x"', "iso", CPH, "BIGINT")


# -- property: format, detect, parse, compare --------------------------------------------------

local_times = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2040, 12, 31)).map(
    lambda d: d.replace(microsecond=0)
)
FORMATS = {
    "iso T": lambda d: d.strftime("%Y-%m-%dT%H:%M:%S"),
    "iso space ms": lambda d: d.strftime("%Y-%m-%d %H:%M:%S.") + f"{d.microsecond // 1000:03d}",
    "dd-mm-yyyy HH:MM": lambda d: d.strftime("%d-%m-%Y %H:%M"),
    "dd.mm.yyyy HH:MM:SS": lambda d: d.strftime("%d.%m.%Y %H:%M:%S"),
    "dd/mm/yyyy": lambda d: d.strftime("%d/%m/%Y"),
    "yyyy-mm-dd": lambda d: d.strftime("%Y-%m-%d"),
}


def _expected_local(name: str, d: datetime) -> datetime:
    if name in ("dd/mm/yyyy", "yyyy-mm-dd"):
        return d.replace(hour=0, minute=0, second=0, microsecond=0)
    if name == "dd-mm-yyyy HH:MM":
        return d.replace(second=0, microsecond=0)
    if name == "iso space ms":
        return d.replace(microsecond=(d.microsecond // 1000) * 1000)
    return d.replace(microsecond=0)


def _to_utc(local: datetime) -> datetime:
    """The documented DST rule: gaps shift forward, overlaps take the second occurrence."""
    aware = local.replace(tzinfo=CPH_ZONE, fold=1)
    if aware.astimezone(UTC).astimezone(CPH_ZONE).replace(tzinfo=None) != local:  # in a gap
        aware = local.replace(tzinfo=CPH_ZONE, fold=0)
    return aware.astimezone(UTC)


@settings(max_examples=60, deadline=None)
@given(
    name=st.sampled_from(sorted(FORMATS)),
    moments=st.lists(
        st.tuples(local_times, st.integers(0, 999)).map(lambda t: t[0].replace(microsecond=t[1] * 1000)),
        min_size=1, max_size=30,
    ),
)
def test_roundtrip_local_formats(con: duckdb.DuckDBPyConnection, name: str, moments: list[datetime]) -> None:
    texts = [FORMATS[name](d) for d in moments]
    d = detect_format(texts)
    assert d.share == 1.0
    got = parse(con, texts, d.format)
    assert got == [_to_utc(_expected_local(name, m)) for m in moments]


@settings(max_examples=40, deadline=None)
@given(moments=st.lists(st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2040, 1, 1),
                                     timezones=st.just(UTC)).map(lambda d: d.replace(microsecond=0)),
                        min_size=1, max_size=20),
       offset_minutes=st.sampled_from([-300, 0, 60, 120, 330]))
def test_roundtrip_iso_with_offsets(con: duckdb.DuckDBPyConnection, moments: list[datetime],
                                    offset_minutes: int) -> None:
    tz = st_timezone(offset_minutes)
    texts = [m.astimezone(tz).isoformat() for m in moments]
    texts = [t.replace("+00:00", "Z") for t in texts]
    d = detect_format(texts)
    assert d.format == "iso" and d.share == 1.0
    assert parse(con, texts, d.format) == moments


def st_timezone(minutes: int) -> timezone:
    return timezone(timedelta(minutes=minutes))


@settings(max_examples=40, deadline=None)
@given(moments=st.lists(st.datetimes(min_value=datetime(2001, 1, 1), max_value=datetime(2040, 1, 1),
                                     timezones=st.just(UTC)).map(lambda d: d.replace(microsecond=0)),
                        min_size=1, max_size=20),
       unit=st.sampled_from(["epoch_s", "epoch_ms"]))
def test_roundtrip_epoch(con: duckdb.DuckDBPyConnection, moments: list[datetime], unit: str) -> None:
    scale = 1 if unit == "epoch_s" else 1000
    texts = [str(int(m.timestamp()) * scale) for m in moments]
    d = detect_format(texts)
    assert d.format == unit
    assert parse(con, texts, d.format) == moments


@settings(max_examples=40, deadline=None)
@given(moments=st.lists(st.datetimes(min_value=datetime(1960, 1, 1), max_value=datetime(2100, 1, 1)).map(
    lambda d: d.replace(second=0, microsecond=0)), min_size=1, max_size=20))
def test_roundtrip_excel(con: duckdb.DuckDBPyConnection, moments: list[datetime]) -> None:
    base = datetime(1899, 12, 30)
    texts = [repr((m - base) / timedelta(days=1)) for m in moments]
    d = detect_format(texts)
    assert d.format == "excel"
    assert parse(con, texts, d.format) == [_to_utc(m) for m in moments]


# -- the fast local-to-UTC conversion used by the import pipeline -------------------------------


@pytest.mark.parametrize("tz", [CPH, "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"])
def test_offset_table_conversion_equals_icu(con: duckdb.DuckDBPyConnection, tz: str) -> None:
    table = utc_offset_table(con, tz)
    # every 17 minutes over three years, plus dates outside the table's range
    con.execute("""CREATE OR REPLACE TEMP TABLE naive AS SELECT TIMESTAMP '2023-01-01' + to_minutes(i * 17) AS ts
                   FROM range(100000) r(i) UNION ALL SELECT * FROM (VALUES (TIMESTAMP '1850-06-01 12:00'),
                   (TIMESTAMP '2150-06-01 12:00'), (NULL::TIMESTAMP)) v(ts)""")
    fast = local_to_utc_sql("n.ts", "z.off", tz)
    differ = con.execute(
        f"SELECT count_if(({fast}) IS DISTINCT FROM timezone('{tz}', n.ts)), count(*) "
        f"FROM naive AS n LEFT JOIN {table} AS z ON z.day = CAST(n.ts AS DATE)").fetchall()
    assert differ == [(0, 100003)]


def test_offset_table_marks_dst_days(con: duckdb.DuckDBPyConnection) -> None:
    table = utc_offset_table(con, CPH)
    got = dict(con.execute(f"SELECT CAST(day AS VARCHAR), off FROM {table} WHERE day IN "
                           "('2024-03-30', '2024-03-31', '2024-04-01', '2024-10-27')").fetchall())
    hour = 3_600_000_000
    assert got == {"2024-03-30": hour, "2024-03-31": None, "2024-04-01": 2 * hour, "2024-10-27": None}
