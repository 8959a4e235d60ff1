"""Detecting and parsing timestamp formats, set-based in DuckDB.

A timestamp format is one of the named formats

``iso``
    ISO 8601: ``2024-01-31``, ``2024-01-31T14:05``, ``2024-01-31 14:05:09.123``, with an optional
    ``Z`` or ``+01:00`` offset;
``excel``
    Excel serial day numbers (days since 1899-12-30, fractions are the time of day);
``epoch_s`` / ``epoch_ms``
    seconds / milliseconds since 1970-01-01 UTC;

or one or more strftime patterns (``"%d-%m-%Y %H:%M"``; a list tries each in turn, so a column
may mix ``31-01-2024`` and ``31-01-2024 14:05``). ``auto`` asks :func:`detect_format` to choose.

Times without an offset are local times in the mapping's time zone (default Europe/Copenhagen) and
are converted to UTC with DuckDB's ICU ``timezone(tz, ts)``. At the daylight-saving changes:

* a local time in the spring gap (2024-03-31 02:30, which never happened in Copenhagen) is read
  with the offset in force before the change, i.e. it lands one hour later: 03:30 CEST = 01:30 UTC;
* a local time in the autumn overlap (2024-10-27 02:30, which happened twice) is read as the
  second occurrence, standard time: 02:30 CET = 01:30 UTC.

Excel serials follow Excel's 1900 date system with base 1899-12-30, which is right from
1900-03-01 on (Excel counts a non-existent 1900-02-29).

Examples
--------
>>> d = detect_format(["31-01-2024 14:05", "01-02-2024 09:00", "02-02-2024"])
>>> d.format, d.share
(('%d-%m-%Y %H:%M', '%d-%m-%Y'), 1.0)
>>> timestamp_sql('"t"', "iso", "Europe/Copenhagen", "TIMESTAMP WITH TIME ZONE")
'CAST("t" AS TIMESTAMPTZ)'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import duckdb

from sagsflow.errors import InvalidParameterError

#: formats with a name; anything else must be a strftime pattern (containing ``%``)
NAMED_FORMATS: tuple[str, ...] = ("auto", "iso", "excel", "epoch_s", "epoch_ms")

#: a format as written in a mapping: a name, a strftime pattern, or several patterns
TimestampFormat = str | tuple[str, ...]

EXCEL_MAX = 2958465  # 9999-12-31
EXCEL_TYPICAL = (20000, 80000)  # 1954-10-03 .. 2119-01-10
_EPOCH_MS_MIN = 1e11  # below: seconds (1e11 s is year 5138; 1e11 ms is 1973)
_MAX_DETECT_VALUES = 10_000

_ISO_RE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?"
)
#: the ISO 8601 text :func:`detect_format` recognises (Python and Java regular expression syntax alike)
ISO_PATTERN = _ISO_RE.pattern
_DMY_RE = re.compile(
    r"(\d{1,2})([-./])(\d{1,2})\2(\d{4})"
    r"(?:([ T])(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?"
)
_YMD_RE = re.compile(r"(\d{4})([/.])(\d{1,2})\2(\d{1,2})(?:( )(\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_COMPACT_RE = re.compile(r"(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2}))?")
_NUMBER_RE = re.compile(r"[+-]?\d+(?:[.,]\d+)?")



@dataclass(frozen=True)
class DetectedFormat:
    """The result of :func:`detect_format`.

    Attributes
    ----------
    format
        the chosen format (a named format or strftime pattern(s)), usable in a mapping.
    share
        share of the distinct non-empty values the format parses (0..1).
    n_values
        number of distinct non-empty values looked at.
    examples
        up to five values that parse.
    failures
        up to five values that do not parse.
    note
        a remark for the user, e.g. that day-first was chosen for ambiguous dates.
    """

    format: TimestampFormat
    share: float
    n_values: int
    examples: tuple[str, ...] = ()
    failures: tuple[str, ...] = ()
    note: str | None = None

    @property
    def description(self) -> str:
        """The format as one readable string."""
        return format_description(self.format)


def format_description(fmt: TimestampFormat) -> str:
    """A format as one readable string (patterns joined by `` | ``)."""
    return fmt if isinstance(fmt, str) else " | ".join(fmt)


@dataclass
class _Candidate:
    name: str
    format: TimestampFormat = ""
    parsed: list[str] = field(default_factory=list)
    patterns: dict[str, int] = field(default_factory=dict)
    note: str | None = None

    def add(self, value: str, pattern: str | None = None) -> None:
        self.parsed.append(value)
        if pattern is not None:
            self.patterns[pattern] = self.patterns.get(pattern, 0) + 1


def _valid(y: int, mo: int, d: int, h: int = 0, mi: int = 0, s: int = 0) -> bool:
    try:
        datetime(y, mo, d, h, mi, s)
    except ValueError:
        return False
    return True


def _time_pattern(sep: str | None, seconds: str | None, fraction: str | None) -> str:
    if sep is None:
        return ""
    pattern = f"{sep}%H:%M"
    if seconds is not None:
        pattern += ":%S"
        if fraction is not None:
            pattern += ".%f"
    return pattern


def _numbers(values: Iterable[str]) -> list[tuple[str, float]]:
    out = []
    for v in values:
        if _NUMBER_RE.fullmatch(v):
            out.append((v, float(v.replace(",", "."))))
    return out


def _dedupe(values: Sequence[object]) -> list[str]:
    seen: dict[str, None] = {}
    for v in values:
        if v is None:
            continue
        s = str(v).strip()
        if s and s not in seen:
            seen[s] = None
            if len(seen) >= _MAX_DETECT_VALUES:
                break
    return list(seen)


def detect_format(values: Sequence[object]) -> DetectedFormat:
    """Guess the timestamp format of a sample of values.

    Looks at up to 10,000 distinct non-empty values and picks the format that parses most of them.
    Recognises ISO 8601 (``T`` or space, fractional seconds, ``Z``/``+hh:mm``), ``dd-mm-yyyy``,
    ``dd.mm.yyyy``, ``dd/mm/yyyy`` (each with optional ``HH:MM[:SS[.ffffff]]``), ``yyyy/mm/dd``,
    ``yyyymmdd[HHMMSS]``, Excel serial numbers and epoch seconds/milliseconds. When dates read both
    as day-first and month-first, day-first (the Danish convention) wins and ``note`` says so.

    Parameters
    ----------
    values
        sample values (strings, numbers or ``None``; ``None`` and blanks are ignored).

    Returns
    -------
    DetectedFormat

    Examples
    --------
    >>> detect_format(["2024-01-31T14:05:00Z", "2024-02-01 09:00"]).format
    'iso'
    >>> d = detect_format(["03/04/2024", "05/06/2024"])
    >>> d.format, d.note is not None
    ('%d/%m/%Y', True)
    >>> detect_format(["45322.5", "45323"]).format
    'excel'
    """
    distinct = _dedupe(values)
    if not distinct:
        return DetectedFormat("iso", 0.0, 0, note="no values to detect a timestamp format from")

    iso = _Candidate("iso", "iso")
    dmy = _Candidate("day-first")
    mdy = _Candidate("month-first")
    ymd = _Candidate("year-first")
    compact = _Candidate("compact")
    for v in distinct:
        if m := _ISO_RE.fullmatch(v):
            y, mo, d, h, mi, s = (int(g) if g else 0 for g in m.groups()[:6])
            if _valid(y, mo, d, h, mi, s):
                iso.add(v)
            continue
        if m := _DMY_RE.fullmatch(v):
            a, sep, b, y = int(m[1]), m[2], int(m[3]), int(m[4])
            h, mi, s = (int(g) if g else 0 for g in (m[6], m[7], m[8]))
            time = _time_pattern(m[5], m[8], m[9])
            if _valid(y, b, a, h, mi, s):
                dmy.add(v, f"%d{sep}%m{sep}%Y{time}")
            if _valid(y, a, b, h, mi, s):
                mdy.add(v, f"%m{sep}%d{sep}%Y{time}")
            continue
        if m := _YMD_RE.fullmatch(v):
            y, sep, mo, d = int(m[1]), m[2], int(m[3]), int(m[4])
            h, mi, s = (int(g) if g else 0 for g in (m[6], m[7], m[8]))
            if _valid(y, mo, d, h, mi, s):
                ymd.add(v, f"%Y{sep}%m{sep}%d" + _time_pattern(m[5], m[8], None))
            continue
        if (m := _COMPACT_RE.fullmatch(v)) and 1900 <= int(m[1]) <= 2100:
            y, mo, d, h, mi, s = (int(g) if g else 0 for g in m.groups())
            if _valid(y, mo, d, h, mi, s):
                compact.add(v, "%Y%m%d%H%M%S" if m[4] else "%Y%m%d")

    compact_values = set(compact.parsed)
    numbers = [(v, x) for v, x in _numbers(distinct) if v not in compact_values]
    excel = _Candidate("excel", "excel")
    epoch_s = _Candidate("epoch_s", "epoch_s")
    epoch_ms = _Candidate("epoch_ms", "epoch_ms")
    for v, x in numbers:
        if 1 <= x < EXCEL_MAX + 1:
            excel.add(v)
        elif EXCEL_MAX + 1 <= x < _EPOCH_MS_MIN:
            epoch_s.add(v)
        elif _EPOCH_MS_MIN <= x < 1e14:
            epoch_ms.add(v)
    if excel.parsed:
        lo, hi = EXCEL_TYPICAL
        outside = sum(1 for v, x in numbers if 1 <= x <= EXCEL_MAX and not lo <= x <= hi)
        if outside:
            excel.note = (
                f"{outside} of the numbers lie outside the typical Excel date range {lo}-{hi} "
                "(1954-2119); check that the column really holds Excel dates"
            )

    for cand in (dmy, mdy, ymd, compact):
        # longest pattern first, so a value never stops at a shorter prefix pattern
        pats = sorted(cand.patterns, key=lambda p: (-len(p), -cand.patterns[p]))
        cand.format = pats[0] if len(pats) == 1 else tuple(pats)
    if dmy.parsed and len(mdy.parsed) <= len(dmy.parsed) and set(mdy.parsed) >= set(dmy.parsed):
        dmy.note = (
            "every date reads both as day-first and as month-first; day-first (dd-mm-yyyy, the "
            "Danish convention) was chosen. State the format in the mapping if the source is "
            "month-first."
        )
    if mdy.parsed and len(mdy.parsed) > len(dmy.parsed):
        mdy.note = (
            f"{len(mdy.parsed) - len(dmy.parsed)} more values read as month-first (mm/dd/yyyy) than "
            "as day-first, so month-first was chosen"
        )

    # order breaks ties: the earlier candidate wins
    ranked = [iso, dmy, mdy, ymd, compact, excel, epoch_s, epoch_ms]
    best = max(ranked, key=lambda c: len(c.parsed))
    if not best.parsed:
        return DetectedFormat(
            "iso", 0.0, len(distinct), failures=tuple(distinct[:5]),
            note="no value looks like a timestamp in a known format; state the format in the mapping "
            "(e.g. format: \"%d-%m-%Y %H:%M\")",
        )
    parsed = set(best.parsed)
    return DetectedFormat(
        format=best.format,
        share=len(parsed) / len(distinct),
        n_values=len(distinct),
        examples=tuple(best.parsed[:5]),
        failures=tuple(v for v in distinct if v not in parsed)[:5],
        note=best.note,
    )


def validate_format(fmt: object) -> TimestampFormat:
    """Check a format value from a mapping; returns it normalised (a str or a tuple of patterns).

    Raises
    ------
    InvalidParameterError
        for an unknown name, a pattern without ``%``, or patterns mixing offset and no offset.
    """
    if isinstance(fmt, str):
        if fmt in NAMED_FORMATS:
            return fmt
        if "%" not in fmt:
            raise InvalidParameterError(
                f"unknown timestamp format {fmt!r}; expected one of {', '.join(NAMED_FORMATS)} "
                "or a strftime pattern such as \"%d-%m-%Y %H:%M\""
            )
        return fmt
    if isinstance(fmt, list | tuple) and fmt and all(isinstance(p, str) for p in fmt):
        patterns = tuple(str(p) for p in fmt)
        for p in patterns:
            if "%" not in p:
                raise InvalidParameterError(
                    f"a list of timestamp formats must hold strftime patterns; {p!r} is not one"
                )
        with_offset = {("%z" in p or "%Z" in p) for p in patterns}
        if len(with_offset) > 1:
            raise InvalidParameterError(
                "a list of timestamp patterns must either all contain an offset (%z) or none: "
                f"{list(patterns)}"
            )
        return patterns if len(patterns) > 1 else patterns[0]
    raise InvalidParameterError(
        f"a timestamp format must be a string or a list of strftime patterns, got {fmt!r}"
    )


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


_NUMERIC_TYPES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT",
                  "UINTEGER", "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE", "REAL", "DECIMAL", "INT", "NUMERIC")


def is_numeric_type(source_type: str) -> bool:
    """Whether a DuckDB type name is numeric."""
    base = source_type.upper().split("(")[0].strip()
    return base in _NUMERIC_TYPES


@dataclass(frozen=True)
class TimestampParts:
    """SQL for a timestamp value in two parts: ``aware`` (TIMESTAMPTZ, from values that carry an offset
    or are absolute, like epochs) and ``naive`` (TIMESTAMP, a local time still to be placed in a time
    zone). At most one of them is non-NULL for a row; either may be None when the format never gives
    it. :func:`timestamp_sql` combines them; the import pipeline combines them with a faster
    local-to-UTC conversion (:func:`utc_offset_table`)."""

    naive: str | None
    aware: str | None

    def combine(self, local_to_utc: Callable[[str], str]) -> str:
        """One TIMESTAMPTZ expression, converting the naive part with ``local_to_utc``."""
        if self.naive is None:
            assert self.aware is not None
            return self.aware
        local = local_to_utc(self.naive)
        return local if self.aware is None else f"COALESCE({self.aware}, {local})"

    def parsed(self) -> str:
        """A boolean expression: did the value parse (either part is non-NULL)."""
        parts = [f"({p}) IS NOT NULL" for p in (self.naive, self.aware) if p is not None]
        return " OR ".join(parts)


def _numeric_parts(n: str, fmt: str) -> TimestampParts:
    if fmt == "excel":
        micros = f"CAST(round({n} * 86400000) AS BIGINT) * 1000"
        return TimestampParts(
            naive=f"CASE WHEN {n} >= 1 AND {n} < {EXCEL_MAX + 1} THEN "
            f"TIMESTAMP '1899-12-30' + to_microseconds({micros}) END",
            aware=None,
        )
    scale, bound = (1_000_000, 1e13) if fmt == "epoch_s" else (1_000, 1e16)
    return TimestampParts(
        naive=None,
        aware=f"CASE WHEN {n} > -{bound:.0f} AND {n} < {bound:.0f} THEN "
        f"to_timestamp(CAST(round({n} * {scale}) AS BIGINT) / 1000000) END",
    )


def timestamp_parts(column_sql: str, fmt: TimestampFormat, source_type: str) -> TimestampParts:
    """The naive and aware SQL parts of a timestamp column; see :func:`timestamp_sql` for the arguments."""
    st = source_type.upper().strip()
    if st in ("TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE"):
        return TimestampParts(naive=None, aware=f"CAST({column_sql} AS TIMESTAMPTZ)")
    if st.startswith("TIMESTAMP") or st == "DATE" or st == "DATETIME":
        return TimestampParts(naive=f"CAST({column_sql} AS TIMESTAMP)", aware=None)
    fmt = validate_format(fmt)
    if is_numeric_type(st):
        if fmt not in ("excel", "epoch_s", "epoch_ms"):
            raise InvalidParameterError(
                f"a numeric column ({source_type}) holds timestamps only as excel, epoch_s or epoch_ms; "
                f"got format {format_description(fmt)!r}"
            )
        assert isinstance(fmt, str)
        return _numeric_parts(f"CAST({column_sql} AS DOUBLE)", fmt)
    if fmt == "auto":
        raise InvalidParameterError(
            f"format 'auto' cannot be turned into SQL for a {source_type} column; "
            "call detect_format on a sample of the values first"
        )
    # strptime and numeric casts ignore surrounding spaces, so no trim (which is costly)
    v = f"CAST({column_sql} AS VARCHAR)"
    if fmt == "iso":  # a date-only value with a trailing space does not cast: trim when needed
        v = f"CASE WHEN {v} LIKE ' %' OR {v} LIKE '% ' THEN trim({v}) ELSE {v} END"
        # an offset is a Z, a + or a - after the time's colon
        has_offset = f"(contains({v}, 'Z') OR contains({v}, '+') OR {v} LIKE '%:%-%')"
        return TimestampParts(
            naive=f"CASE WHEN NOT {has_offset} THEN TRY_CAST({v} AS TIMESTAMP) END",
            aware=f"CASE WHEN {has_offset} THEN TRY_CAST({v} AS TIMESTAMPTZ) END",
        )
    if fmt in ("excel", "epoch_s", "epoch_ms"):
        assert isinstance(fmt, str)
        return _numeric_parts(f"TRY_CAST(replace({v}, ',', '.') AS DOUBLE)", fmt)
    patterns = (fmt,) if isinstance(fmt, str) else fmt
    arg = _literal(patterns[0]) if len(patterns) == 1 else "[" + ", ".join(map(_literal, patterns)) + "]"
    parsed = f"try_strptime({v}, {arg})"
    if any("%z" in p or "%Z" in p for p in patterns):
        return TimestampParts(naive=None, aware=f"CAST({parsed} AS TIMESTAMPTZ)")
    return TimestampParts(naive=parsed, aware=None)


def timestamp_sql(column_sql: str, fmt: TimestampFormat, tz: str, source_type: str) -> str:
    """A DuckDB expression turning ``column_sql`` into TIMESTAMPTZ (UTC); unparseable values give NULL.

    Parameters
    ----------
    column_sql
        SQL for the source value, usually a quoted column name; it may appear several times.
    fmt
        a named format (``iso``, ``excel``, ``epoch_s``, ``epoch_ms``) or strftime pattern(s);
        ``auto`` is only allowed for already-typed timestamp and date columns (use
        :func:`detect_format` first for others).
    tz
        time zone for values without an offset (naive timestamps, dates, Excel serials).
    source_type
        the DuckDB type of the source column (``VARCHAR``, ``TIMESTAMP``, ``DOUBLE`` ...).

    Examples
    --------
    >>> import duckdb
    >>> con = duckdb.connect(); _ = con.execute("SET TimeZone='UTC'")
    >>> sql = timestamp_sql("'31-01-2024 14:05'", "%d-%m-%Y %H:%M", "Europe/Copenhagen", "VARCHAR")
    >>> con.execute("SELECT " + sql).fetchone()[0].isoformat()
    '2024-01-31T13:05:00+00:00'
    """
    tzl = _literal(tz)
    return timestamp_parts(column_sql, fmt, source_type).combine(lambda e: f"timezone({tzl}, {e})")


#: the days covered by :func:`utc_offset_table`; other days use ICU directly
OFFSET_TABLE_RANGE = ("1900-01-01", "2100-12-31")


def utc_offset_table(con: duckdb.DuckDBPyConnection, tz: str) -> str:
    """Create (once per connection and zone) a TEMP table ``(day DATE, off BIGINT)`` of UTC offsets.

    ``off`` is the offset in microseconds of local time in ``tz`` on that day, and NULL on days
    when the offset changes (DST days), where :func:`local_to_utc_sql` falls back to ICU. Returns
    the table name. Converting with this table is several times faster than ICU for every row and
    gives identical results.
    """
    import hashlib

    name = "__sf_utc_offsets_" + hashlib.sha1(tz.encode()).hexdigest()[:12]
    tzl = _literal(tz)
    lo, hi = OFFSET_TABLE_RANGE
    con.execute(
        f"CREATE TEMP TABLE IF NOT EXISTS {name} AS SELECT day, CASE WHEN o0 = o1 THEN o0 END AS off FROM ("
        f"SELECT day, epoch_us(day::TIMESTAMP) - epoch_us(timezone({tzl}, day::TIMESTAMP)) AS o0, "
        f"epoch_us((day + 1)::TIMESTAMP) - epoch_us(timezone({tzl}, (day + 1)::TIMESTAMP)) AS o1 "
        f"FROM (SELECT CAST(x AS DATE) AS day FROM range(DATE '{lo}', DATE '{hi}', INTERVAL 1 DAY) r(x)))"
    )
    return name


def local_to_utc_sql(naive_sql: str, offset_sql: str, tz: str) -> str:
    """Convert a naive local TIMESTAMP to TIMESTAMPTZ given the day's offset (see :func:`utc_offset_table`).

    ``offset_sql`` is the joined ``off`` column for ``CAST(naive_sql AS DATE)``; when it is NULL
    (a DST day, or a day outside the table) ICU's ``timezone(tz, ts)`` decides.
    """
    return (
        f"CASE WHEN {offset_sql} IS NOT NULL THEN to_timestamp((epoch_us({naive_sql}) - {offset_sql}) / 1000000) "
        f"ELSE timezone({_literal(tz)}, {naive_sql}) END"
    )
