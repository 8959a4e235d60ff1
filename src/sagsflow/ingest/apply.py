"""Apply a mapping to a raw source table: the canonical, typed, pseudonymised and CPR-masked events.

This is the "apply mapping" step of the import pipeline (docs/architecture.md). Every step runs as
set-based SQL in DuckDB; Python only touches the distinct identifier values (to compute their
HMACs) and small samples (to detect timestamp formats).

Examples
--------
>>> import duckdb
>>> from sagsflow.ingest.mapping import Mapping
>>> con = duckdb.connect(); _ = con.execute("SET TimeZone='UTC'")
>>> _ = con.execute('''CREATE TEMP TABLE raw AS SELECT * FROM (VALUES
...     ('s1', 'Ansøgning modtaget', '31-01-2024 09:00', 'ringede fra 010190-1234', 1),
...     ('s1', 'Visitationssamtale', '02-02-2024 10:30', NULL, 2)) v(sag, aktivitet, tid, notat, __row)''')
>>> m = Mapping.from_yaml("case_id: sag\\nactivity: aktivitet\\ntimestamp: tid\\n"
...                       "columns: {notat: {data_class: free_text}}")
>>> result = apply_mapping(con, "raw", m, key=None, out="events", label="x.csv")
>>> result.n_rows, result.timestamp_formats
(2, {'timestamp': '%d-%m-%Y %H:%M'})
>>> con.execute("SELECT timestamp, notat FROM events ORDER BY src_row").fetchall()[0]
(datetime.datetime(2024, 1, 31, 8, 0, tzinfo=<UTC>), 'ringede fra [CPR]')
"""

from __future__ import annotations

import difflib
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

import duckdb
import pyarrow as pa

from sagsflow.errors import Location, LogFormatError, MappingError, PseudonymisationKeyError, SchemaError
from sagsflow.i18n import _
from sagsflow.ingest.cpr import CPR_PATTERN, mask_cpr, mask_cpr_sql
from sagsflow.ingest.infer import (
    SLICE_COLUMNS,
    as_text,
    column_types,
    infer_types,
    nonblank_sql,
    quote,
    sample_values,
    slices,
    text_value_sql,
)
from sagsflow.ingest.mapping import (
    DUPLICATE_FLAG,
    ROW_COLUMN,
    SRC_ROW,
    TIMESTAMP_ROLES,
    ColumnSpec,
    Mapping,
    RoleSpec,
)
from sagsflow.ingest.pseudonymise import CITIZEN_PREFIX, EMPLOYEE_PREFIX, pseudonym_table
from sagsflow.ingest.timestamps import (
    TimestampFormat,
    TimestampParts,
    detect_format,
    format_description,
    is_numeric_type,
    local_to_utc_sql,
    timestamp_parts,
    utc_offset_table,
)
from sagsflow.schema import RESERVED_NAMES, ROLES, Column, DataClass, LogSchema

#: ``progress(step, fraction)``: a short description of the step and the share done (0..1)
ProgressCallback = Callable[[str, float], None]

ROLE_TYPES: dict[str, str] = {
    "case_id": "VARCHAR",
    "activity": "VARCHAR",
    "timestamp": "TIMESTAMPTZ",
    "start_timestamp": "TIMESTAMPTZ",
    "resource": "VARCHAR",
    "lifecycle": "VARCHAR",
    "registration_timestamp": "TIMESTAMPTZ",
    "sequence": "BIGINT",
}
_PREFIX = {DataClass.CITIZEN_ID: CITIZEN_PREFIX, DataClass.EMPLOYEE_ID: EMPLOYEE_PREFIX}
_TEXT_TYPES = ("VARCHAR",)
_NAIVE = "native"
#: a text column whose sample has at most this many distinct values is masked via its distinct values
_LOOKUP_MAX_SAMPLE_DISTINCT = 200


@dataclass(frozen=True)
class ApplyResult:
    """What :func:`apply_mapping` produced.

    Attributes
    ----------
    schema
        roles, role classes and attribute columns (level, dtype, data class, source column).
    warnings
        things the user should know that did not stop the import (CPR numbers masked, case
        attributes that vary within a case, ambiguous dates).
    n_rows
        number of events.
    timestamp_formats
        output column -> the timestamp format used (``"native"`` for typed source columns).
    n_instances
        start and complete events paired into one activity instance (``activity_instances: {pair: true}``).
    n_duplicates
        exact duplicate events found (dropped or flagged as the mapping says; 0 with ``duplicates: keep``).
    """

    schema: LogSchema
    warnings: list[str] = field(default_factory=list)
    n_rows: int = 0
    timestamp_formats: dict[str, TimestampFormat] = field(default_factory=dict)
    n_instances: int = 0
    n_duplicates: int = 0


@dataclass
class _Out:
    """One output column in the making."""

    name: str
    source: str | None
    kind: str  # "role" or "attr"
    dtype: str  # target DuckDB type
    data_class: DataClass = DataClass.PROCESS
    level: str = "event"
    fmt: TimestampFormat | None = None
    expr: str = ""  # SQL over the raw row (alias r) and lookup joins
    text: bool = False  # a text column that gets CPR-masked
    check: bool = False  # failing casts are errors (flag __sf_bad_<i>)
    pseudonymised: bool = False
    mask: str = ""  # CPR masking: "lookup" (distinct values) or "regex" (every row)
    cpr_hits: int = 0  # values in which CPR numbers were masked
    cpr_row_sql: str = ""  # SQL for the first source row with a CPR number
    parts: TimestampParts | None = None  # timestamps: naive and aware SQL, converted in the stage
    joins: list[str] = field(default_factory=list)  # LEFT JOIN clauses its expression needs


def _table_sql(name: str) -> str:
    return ".".join(quote(p) for p in name.split("."))


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _closest(name: str, available: list[str]) -> str:
    by_lower = {a.lower(): a for a in available}
    close = difflib.get_close_matches(name.lower(), list(by_lower), n=1, cutoff=0.5)
    return f"; closest match: {by_lower[close[0]]!r}" if close else ""


def _pct(part: int, whole: int) -> str:
    share = 100.0 * part / whole if whole else 0.0
    return f"{share:.1f}%" if share >= 0.1 else f"{share:.3f}%"


class SourcePlace:
    """Where a record of a source is, for messages: ``label`` names the source, ``first_line`` is the file line of
    its first record (text files; None for Parquet, Excel, a database), so record ``row`` (1-based) is ``line N``
    of a text file (counting the header) or ``row N``. Every import (DuckDB or Spark) names places this way."""

    def __init__(self, label: str, first_line: int | None) -> None:
        self.label = label
        self.first_line = first_line

    def at(self, row: int) -> str:
        """``line N`` of a text file, else ``row N``."""
        return f"line {self.line(row)}" if self.first_line is not None else f"row {row}"

    def line(self, row: int) -> int:
        """The file line of record ``row`` (a value spanning lines counts as one line)."""
        return row + (self.first_line or 1) - 1

    def location(self, row: int | None, column: str | None) -> Location:
        if row is not None and self.first_line is not None:
            return Location(file=self.label, line=self.line(row), column=column)
        return Location(file=self.label, row=row, column=column)


class _Run(SourcePlace):
    """State of one apply_mapping call; every temporary object is dropped in ``cleanup``."""

    def __init__(self, con: duckdb.DuckDBPyConnection, label: str, first_line: int | None = None) -> None:
        super().__init__(label, first_line)
        self.con = con
        self.tag = uuid.uuid4().hex[:12]
        self.registered: list[str] = []
        self.tables: list[str] = []

    def register(self, table: pa.Table) -> str:
        name = f"__sf_lookup_{self.tag}_{len(self.registered)}"
        self.con.register(name, table)
        self.registered.append(name)
        return name

    def temp(self, what: str) -> str:
        name = f"__sf_{what}_{self.tag}" + (f"_{len(self.tables)}" if f"__sf_{what}_{self.tag}" in self.tables else "")
        self.tables.append(name)
        return name

    def cleanup(self) -> None:
        for name in self.registered:
            self.con.unregister(name)
        for name in self.tables:
            self.con.execute(f"DROP TABLE IF EXISTS {quote(name)}")


def apply_mapping(
    con: duckdb.DuckDBPyConnection,
    raw: str,
    mapping: Mapping,
    *,
    key: bytes | None,
    out: str,
    label: str,
    progress: ProgressCallback | None = None,
    first_line: int | None = None,
) -> ApplyResult:
    """Turn the raw source table into canonical events, as a TEMP table ``out``.

    ``out`` has the canonical role columns in :data:`sagsflow.schema.ROLES` order (typed; roles
    the mapping leaves out are typed NULL columns), then ``src_row`` (the source's ``__row``), then
    the attribute columns (declared type, else inferred for text sources). Identifiers classed
    ``citizen_id``/``employee_id`` are replaced by keyed pseudonyms; every other text column
    (activity, free text, attributes, resource and case id when not pseudonymised) has its CPR
    numbers masked. Case-level attributes keep the last non-null value of each case (by time, then
    source order).

    Parameters
    ----------
    con
        a DuckDB connection (with ``SET TimeZone='UTC'``).
    raw
        the raw table: source columns plus ``__row`` (1-based record number in source order).
    mapping
        the mapping to apply.
    key
        the pseudonymisation key (see :func:`sagsflow.ingest.pseudonymise.load_key`); required
        when the mapping declares identifiers, including a mapped ``resource``.
    out
        name of the TEMP table to create (replaced if it exists).
    label
        the source's name for messages (usually the file name).
    progress
        optional ``progress(step, fraction)`` callback.
    first_line
        for a text source (CSV): the file line of the first record (2 below a header), so messages name
        lines counting the header (``line 3``) instead of records (``row 2``).

    Returns
    -------
    ApplyResult

    Raises
    ------
    PseudonymisationKeyError
        identifiers are declared and ``key`` is None (before any work is done).
    SchemaError
        a mapped column is missing, or a stored name clashes with a reserved one.
    MappingError
        unmapped activity codes with ``unmapped: error``; CPR numbers in a case id that is not
        declared ``citizen_id``.
    LogFormatError
        unparseable timestamps or values of a declared type; events without case id, activity or
        timestamp.
    """
    report = progress or (lambda step, fraction: None)
    run = _Run(con, label, first_line)
    try:
        return _apply(run, raw, mapping, key, out, report)
    finally:
        run.cleanup()


def automation_match(spec: RoleSpec, src: str) -> str | None:
    """SQL true for a resource value declared as a robot or system user (by value or whole-value pattern)."""
    value = f"trim(CAST({src} AS VARCHAR))"
    parts = []
    if spec.automation:
        parts.append(f"{value} IN ({', '.join(_literal(v) for v in spec.automation)})")
    if spec.automation_pattern:
        parts.append(f"regexp_full_match({value}, {_literal(spec.automation_pattern)}, 'i')")
    return "(" + " OR ".join(parts) + ")" if parts else None


def identifier_columns(mapping: Mapping) -> list[str]:
    found = [
        f"{role} ({spec.column})"
        for role in ("case_id", "resource")
        if (spec := mapping.role_spec(role)) is not None and mapping.role_class(role).is_identifier
    ]
    found += [col for col, spec in mapping.columns.items() if spec.data_class.is_identifier]
    return found


def _source_types(con: duckdb.DuckDBPyConnection, raw_sql: str, label: str) -> dict[str, str]:
    try:
        rows = con.execute(f"DESCRIBE SELECT * FROM {raw_sql}").fetchall()
    except duckdb.CatalogException as exc:
        raise SchemaError(f"{label}: the raw table {raw_sql} does not exist") from exc
    types = {str(r[0]): str(r[1]) for r in rows}
    if ROW_COLUMN not in types:
        raise SchemaError(f"{label}: the raw table has no {ROW_COLUMN} column (the source row number)")
    return types


def check_mapped_columns(mapping: Mapping, types: dict[str, str], label: str) -> None:
    available = [c for c in types if c != ROW_COLUMN]
    wanted = [(role, col) for role, col in mapping.role_columns().items()]
    wanted += [("column", col) for col in mapping.columns]
    if mapping.activity_instances.instance is not None:
        wanted.append(("activity instance", mapping.activity_instances.instance))
    for role, col in wanted:
        if col not in types or col == ROW_COLUMN:
            what = f"the {role} column" if role != "column" else "the column"
            raise SchemaError(
                f"{label}: {what} {col!r} named in the mapping is not in the source{_closest(col, available)}."
                f"\n\nAvailable columns: {', '.join(available) or '(none)'}",
                hint="Correct the column name in the mapping (names are case-sensitive).",
                field=col,
            )


def plan_attributes(mapping: Mapping, types: dict[str, str], label: str) -> list[tuple[str, str, ColumnSpec]]:
    """(source column, stored name, spec) of every attribute, in source column order."""
    role_cols = set(mapping.role_columns().values())
    attrs = []
    for col in types:
        if col == ROW_COLUMN:
            continue
        spec = mapping.columns.get(col)
        if spec is None:
            if col in role_cols or mapping.other_columns == "drop":
                continue
            spec = ColumnSpec()
        attrs.append((col, spec.rename or col, spec))
    seen: dict[str, str] = {}
    reserved = set(RESERVED_NAMES) | {SRC_ROW}
    for col, name, _spec in attrs:
        low = name.lower()
        if low in reserved or low.startswith("__sf_"):
            raise SchemaError(
                f"{label}: column {col!r} would be stored as {name!r}, a name the event store reserves "
                f"for its own columns ({', '.join(sorted(reserved))})",
                hint=f"Rename it in the mapping: columns: {{{col}: {{rename: {name}_src}}}}, or leave it out "
                "with other_columns: drop.",
                field=col,
            )
        if low in seen:
            raise SchemaError(
                f"{label}: columns {seen[low]!r} and {col!r} would both be stored as {name!r} "
                "(names are compared without case)",
                hint=f"Give one of them another name in the mapping: columns: {{{col}: {{rename: ...}}}}.",
                field=col,
            )
        seen[low] = col
    return attrs


def _apply(
    run: _Run, raw: str, mapping: Mapping, key: bytes | None, out: str, report: ProgressCallback
) -> ApplyResult:
    con, label = run.con, run.label
    identifiers = identifier_columns(mapping)
    if identifiers and key is None:
        raise PseudonymisationKeyError(
            f"{label}: the mapping declares personal identifiers ({', '.join(identifiers)}), which are "
            "stored only as keyed pseudonyms, and no pseudonymisation key was given",
            hint="Create a key once with `sagsflow keygen PATH` (outside the workspace) and set "
            "SAGSFLOW_PSEUDONYM_KEY_FILE=PATH, or set SAGSFLOW_PSEUDONYM_KEY. If the resource column "
            "holds no person, declare it as process data: resource: {column: ..., data_class: process}.",
        )
    report("checking the mapping", 0.0)
    raw_sql = _table_sql(raw)
    types = _source_types(con, raw_sql, label)
    check_mapped_columns(mapping, types, label)
    attrs = plan_attributes(mapping, types, label)
    tz = mapping.timezone
    warnings: list[str] = []
    formats: dict[str, TimestampFormat] = {}

    # -- timestamp formats ---------------------------------------------------------------------
    report("detecting timestamp formats", 0.05)
    to_detect = [
        spec.column
        for role in TIMESTAMP_ROLES
        if (spec := mapping.role_spec(role)) is not None and spec.format == "auto"
        and _needs_detection(types[spec.column])
    ]
    to_detect += [
        col for col, _n, spec in attrs
        if spec.type in ("TIMESTAMPTZ", "DATE") and spec.format == "auto" and _needs_detection(types[col])
    ]
    # one sample of every column that may need one: timestamps to detect, text to type or mask
    samples = sample_values(con, raw_sql, sorted(
        set(to_detect) | {c for c, t in types.items() if t in _TEXT_TYPES and c != ROW_COLUMN}))
    detected = {}
    for col in sorted(set(to_detect)):
        d = detect_format(samples[col])
        detected[col] = d
        if d.note and d.n_values:
            warnings.append(f"{label}, column {col!r}: {d.note}")
    inferred = infer_types(
        con, raw_sql,
        [col for col, _n, spec in attrs
         if spec.type is None and types[col] in _TEXT_TYPES
         and spec.data_class in (DataClass.PROCESS, DataClass.PERSONAL_ATTRIBUTE)],
        samples=samples,
    )

    # -- output columns ------------------------------------------------------------------------
    report("pseudonymising identifiers", 0.15)
    n_lookups = [0]
    outs: list[_Out] = []
    automation: list[str] = []  # robot and system users found (stored in clear)

    def pseudonymised(o: _Out, col: str, data_class: DataClass) -> str:
        assert key is not None
        table = pseudonym_table(con, f"SELECT {quote(col)} FROM {raw_sql}", key, _PREFIX[data_class])
        run.registered.append(table)
        alias = f"p{n_lookups[0]}"
        n_lookups[0] += 1
        o.joins.append(f"LEFT JOIN {table} AS {alias} ON {alias}.v = CAST(r.{quote(col)} AS VARCHAR)")
        return f"{alias}.p"

    def timestamp_expr(col: str, fmt: TimestampFormat) -> tuple[TimestampParts, TimestampFormat]:
        st = types[col]
        if fmt == "auto" and col in detected:
            fmt = detected[col].format
        if fmt == "auto" or not _needs_detection(st):
            return timestamp_parts(f"r.{quote(col)}", "auto", st), _NAIVE
        if is_numeric_type(st) and fmt not in ("excel", "epoch_s", "epoch_ms"):
            return timestamp_parts(text_value_sql(f"r.{quote(col)}"), fmt, "VARCHAR"), fmt
        return timestamp_parts(f"r.{quote(col)}", fmt, st), fmt

    for role in ROLES:
        spec = mapping.role_spec(role)
        o = _Out(role, spec.column if spec else None, "role", ROLE_TYPES[role])
        outs.append(o)
        if spec is None:
            o.expr = f"CAST(NULL AS {o.dtype})"
            continue
        src = f"r.{quote(spec.column)}"
        o.data_class = mapping.role_class(role) if role in ("case_id", "resource") else DataClass.PROCESS
        if o.data_class.is_identifier and role == "resource" and (match := automation_match(spec, src)):
            # robots and system users stay in clear (as automation); every other value is a pseudonym
            pseudonym = pseudonymised(o, spec.column, o.data_class)
            o.expr = f"CASE WHEN {match} THEN {text_value_sql(src)} ELSE {pseudonym} END"
            o.pseudonymised = True
            automation = sorted(str(r[0]) for r in con.execute(
                f"SELECT DISTINCT {text_value_sql(src)} FROM {raw_sql} AS r WHERE {match}").fetchall()
                if r[0] is not None)
        elif o.data_class.is_identifier:
            o.expr, o.pseudonymised = pseudonymised(o, spec.column, o.data_class), True
        elif o.dtype == "VARCHAR":
            o.expr, o.text = text_value_sql(src), True
        elif o.dtype == "TIMESTAMPTZ":
            o.parts, o.fmt = timestamp_expr(spec.column, spec.format)
            o.check = True
            formats[role] = o.fmt
        else:  # sequence
            o.expr = f"TRY_CAST({src} AS BIGINT)"  # the cast ignores surrounding spaces
            o.check = True

    outs.append(_Out(SRC_ROW, ROW_COLUMN, "src_row", "BIGINT", expr=f"r.{quote(ROW_COLUMN)}"))

    for col, name, cspec in attrs:
        st = types[col]
        src = f"r.{quote(col)}"
        o = _Out(name, col, "attr", cspec.type or st, cspec.data_class, cspec.level)
        outs.append(o)
        if cspec.data_class.is_identifier:
            o.dtype = "VARCHAR"
            o.expr, o.pseudonymised = pseudonymised(o, col, cspec.data_class), True
        elif cspec.type in ("TIMESTAMPTZ", "DATE"):
            o.parts, o.fmt = timestamp_expr(col, cspec.format)
            o.check = True
            formats[name] = o.fmt
        elif cspec.type is not None:
            value = text_value_sql(src) if st in _TEXT_TYPES else src
            o.expr, o.check = f"TRY_CAST({value} AS {cspec.type})", True
            o.text = cspec.type == "VARCHAR"
        elif col in inferred:
            it = inferred[col]
            o.dtype = it.dtype
            if it.dtype == "VARCHAR":
                o.expr, o.text = text_value_sql(src), True
            elif it.dtype == "TIMESTAMPTZ":
                assert it.format is not None
                o.parts, o.fmt = timestamp_parts(text_value_sql(src), it.format, "VARCHAR"), it.format
                formats[name] = it.format
            else:
                # numeric casts ignore surrounding spaces; booleans need the trimmed text
                value = text_value_sql(src) if it.dtype == "BOOLEAN" else src
                o.expr = f"TRY_CAST({value} AS {it.dtype})"
        elif st in _TEXT_TYPES:  # free text: never typed
            o.expr, o.text = text_value_sql(src), True
        elif st.upper().startswith("TIMESTAMP") and "TIME ZONE" not in st.upper():
            o.dtype, o.parts = "TIMESTAMPTZ", timestamp_parts(src, "auto", st)
        else:
            o.expr = src

    # -- CPR masking: low-cardinality text via a lookup of distinct values, the rest by regex -----
    report("masking CPR numbers", 0.25)
    text_outs = [o for o in outs if o.text]
    samples.update(sample_values(con, raw_sql, sorted({o.source for o in text_outs if o.source} - set(samples))))
    lookup_outs = []
    for o in text_outs:
        assert o.source is not None
        sample = samples[o.source]
        o.mask = "regex" if len(set(sample)) > max(_LOOKUP_MAX_SAMPLE_DISTINCT, len(sample) // 5) else "lookup"
        if o.mask == "lookup":
            lookup_outs.append(o)
    for o, hits in zip(lookup_outs, _cpr_lookup_hits(con, raw_sql, lookup_outs), strict=True):
        assert o.source is not None
        o.cpr_hits = sum(int(n) for _v, n in hits)
        if hits:
            values = [str(v) for v, _n in hits]
            table = run.register(pa.table({"v": pa.array(values, pa.string()),
                                           "m": pa.array([mask_cpr(v) for v in values], pa.string())}))
            alias = f"c{n_lookups[0]}"
            n_lookups[0] += 1
            o.joins.append(f"LEFT JOIN {table} AS {alias} ON {alias}.v = {o.expr}")
            o.cpr_row_sql = (
                f"(SELECT min(r.{quote(ROW_COLUMN)}) FROM {raw_sql} AS r JOIN {table} AS k ON k.v = {o.expr})"
            )
            o.expr = f"COALESCE({alias}.m, {o.expr})"

    act = outs[ROLES.index("activity")]
    if mapping.activities.map:
        table = run.register(pa.table({
            "k": pa.array(list(mapping.activities.map), pa.string()),
            "t": pa.array([mask_cpr(t) for t in mapping.activities.map.values()], pa.string()),
        }))
        _check_unmapped(run, raw_sql, act, table, mapping)
        act.joins.append(f"LEFT JOIN {table} AS am ON am.k = {act.expr}")
        act.expr = f"COALESCE(am.t, {act.expr})"

    # -- stage: all expressions, flags for failed casts and CPR hits, in slices of columns -----------
    report("mapping columns", 0.3)
    stage = run.temp("stage")
    offsets = ""
    if any(o.parts and o.parts.naive for o in outs):
        offsets = utc_offset_table(con, tz)
        run.tables.append(offsets)
    n_roles = len(ROLES) + 1  # the roles and src_row always go into the first slice
    parts = [list(range(n_roles + k, n_roles + k + SLICE_COLUMNS))
             for k in range(0, max(len(outs) - n_roles, 1), SLICE_COLUMNS)]
    parts = [[i for i in part if i < len(outs)] for part in parts]
    parts[0] = list(range(n_roles)) + parts[0]
    slice_tables = [stage] if len(parts) == 1 else [run.temp(f"stage{k}") for k in range(len(parts))]
    n_rows = 0
    slice_flags: list[list[str]] = []
    for k, (part, table) in enumerate(zip(parts, slice_tables, strict=True)):
        slice_flags.append(_stage_slice(run, raw_sql, table, outs, part, types, offsets, tz))
        n_rows = _validate_slice(run, raw_sql, table, outs, part, mapping, detected, roles=k == 0)
        for i in part:
            if outs[i].cpr_hits:
                warnings.append(_cpr_message(run, outs[i]))
    flags: list[str] = slice_flags[0]
    if len(parts) > 1:  # join the slices on the source row, leaving the flags out (they were checked)
        stars = ", ".join(f"{quote(t)}.* EXCLUDE ({', '.join([SRC_ROW, *f] if k else f) or SRC_ROW})"
                          if (k or f) else f"{quote(t)}.*"
                          for k, (t, f) in enumerate(zip(slice_tables, slice_flags, strict=True)))
        joined = "".join(f" JOIN {quote(t)} USING ({SRC_ROW})" for t in slice_tables[1:])
        con.execute(f"CREATE TEMP TABLE {quote(stage)} AS SELECT {stars} FROM {quote(slice_tables[0])}{joined}")
        for t in slice_tables:
            con.execute(f"DROP TABLE {quote(t)}")
        flags = []

    # -- activity instances and exact duplicates ---------------------------------------------------
    n_instances = n_duplicates = 0
    if mapping.activity_instances.pair and n_rows:
        report("pairing start and complete events", 0.8)
        instance = None
        if mapping.activity_instances.instance is not None:
            source = mapping.activity_instances.instance
            instance = next((o.name for o in outs if o.kind == "attr" and o.source == source), None)
            if instance is None:  # not kept as an attribute: carried in a hidden column for the pairing
                instance = "__sf_instance"
                con.execute(f"ALTER TABLE {quote(stage)} ADD COLUMN {instance} VARCHAR")
                con.execute(f"UPDATE {quote(stage)} AS s SET {instance} = CAST(r.{quote(source)} AS VARCHAR) "
                            f"FROM {raw_sql} AS r WHERE r.{quote(ROW_COLUMN)} = s.{SRC_ROW}")
                flags.append(instance)
        n_instances, text = _pair_instances(run, stage, instance, mapping.activity_instances.other_transitions)
        warnings.append(text)
        n_rows = int(con.execute(f"SELECT count(*) FROM {quote(stage)}").fetchall()[0][0])
    if mapping.duplicates != "keep" and n_rows:
        report("finding exact duplicate events", 0.83)
        compared = [o.name for o in outs if o.kind != "src_row"]
        check_duplicate_flag(mapping, [o.name for o in outs], label)
        n_duplicates, text = _duplicates(run, stage, compared, mapping.duplicates)
        warnings.append(text)
        if mapping.duplicates == "drop":
            n_rows -= n_duplicates
        else:
            outs.append(_Out(DUPLICATE_FLAG, None, "attr", "BOOLEAN"))

    # -- case-level attributes: the last non-null value of each case ------------------------------
    report("case attributes", 0.85)
    case_attrs = [o for o in outs if o.kind == "attr" and o.level == "case"]
    for part_attrs in slices(case_attrs) if n_rows else []:
        warnings += _settle_case_attributes(run, stage, part_attrs)
    for flag in flags:
        con.execute(f"ALTER TABLE {quote(stage)} DROP COLUMN {flag}")
    con.execute(f"DROP TABLE IF EXISTS {_table_sql(out)}")
    con.execute(f"ALTER TABLE {quote(stage)} RENAME TO {quote(out.split('.')[-1])}")
    out_types = {str(r[0]): str(r[1]) for r in con.execute(f"DESCRIBE {_table_sql(out)}").fetchall()}

    report("done", 1.0)
    schema = LogSchema(
        roles={o.name: o.source for o in outs if o.kind == "role" and o.source is not None},
        role_classes={o.name: o.data_class for o in outs
                      if o.kind == "role" and o.source is not None and o.name in ("case_id", "resource")},
        attributes=tuple(
            Column(name=o.name, level="case" if o.level == "case" else "event", dtype=out_types[o.name],
                   data_class=o.data_class, source=o.source)
            for o in outs if o.kind == "attr"
        ),
        automation=tuple(automation),
    )
    return ApplyResult(schema=schema, warnings=warnings, n_rows=n_rows, timestamp_formats=formats,
                       n_instances=n_instances, n_duplicates=n_duplicates)


#: an event's lifecycle transition, lower case (no transition: a complete event)
LIFECYCLE_SQL = "coalesce(lower(trim(lifecycle)), 'complete')"


def instance_pairs_sql(stage: str, instance: str | None) -> str:
    """The paired complete events of the staged events ``stage``: (``src_row`` of the complete, ``start_ts`` of the
    start it takes), for :func:`_pair_instances` (see there). Written once in DuckDB's dialect; the Spark import runs
    the same text transpiled. ``instance`` is the SQL of the instance column, if any."""
    inst = instance if instance else "CAST(NULL AS VARCHAR)"
    lc = LIFECYCLE_SQL
    part = "PARTITION BY case_id, activity, inst"
    return f"""WITH t AS (
            SELECT {SRC_ROW}, timestamp, {lc} AS lc, case_id, activity, coalesce({inst}, '') AS inst
            FROM {stage} WHERE {lc} IN ('start', 'complete')),
        n AS (
            SELECT *, count(CASE WHEN lc = 'start' THEN 1 END) OVER w AS starts_upto,
                      count(CASE WHEN lc = 'complete' THEN 1 END) OVER w AS completes_upto
            FROM t WINDOW w AS ({part} ORDER BY timestamp, {SRC_ROW} ROWS UNBOUNDED PRECEDING)),
        c AS (
            SELECT {SRC_ROW}, case_id, activity, inst, completes_upto - 1 AS j,
                   completes_upto - 1 + least(1, min(starts_upto - (completes_upto - 1)) OVER
                       ({part} ORDER BY completes_upto ROWS UNBOUNDED PRECEDING)) AS m
            FROM n WHERE lc = 'complete'),
        d AS (SELECT *, coalesce(lag(m) OVER ({part} ORDER BY j), 0) AS m_prev FROM c)
        SELECT d.{SRC_ROW}, s.timestamp AS start_ts
        FROM d JOIN n AS s ON s.lc = 'start' AND s.case_id = d.case_id AND s.activity = d.activity
             AND s.inst = d.inst AND s.starts_upto = d.m
        WHERE d.m > d.m_prev"""


def pairing_note(place: SourcePlace, other: str, n_pairs: int, n_start: int, n_complete: int, n_other: int) -> str:
    """The import's note about pairing start and complete events (every import engine words it so)."""
    return _("{file}: {n_pairs} start and complete events were paired into activity instances (start time from the "
             "start, end time from the complete); {n_alone} complete events had no start and keep an empty start "
             "time; left out: {n_open} start events without a complete and {n_other} events with other transitions "
             "(schedule, suspend ...)", file=place.label, n_pairs=n_pairs, n_alone=n_complete - n_pairs,
             n_open=n_start - n_pairs, n_other=n_other if other == "drop" else 0)


def _pair_instances(run: _Run, stage: str, instance: str | None, other: str) -> tuple[int, str]:
    """Pair start and complete events into activity instances, in place; (number of pairs, a note).

    Per case, activity (and instance), in time and source order, the j-th complete takes the earliest
    unpaired start before it, if any, as PM4Py's ``interval_lifecycle.to_interval`` does with its FIFO queue of
    starts. Set-based: with ``S_j`` the starts before the j-th complete, the number of starts taken after it
    is ``m_j = min(m_{j-1} + 1, S_j)`` = ``j + min(1, min_{k<=j}(S_k - k))`` (a running minimum), the
    complete found a start when ``m_j > m_{j-1}``, and that start is the ``m_j``-th.
    """
    con = run.con
    st = quote(stage)
    lc = LIFECYCLE_SQL
    pairs = run.temp("pairs")
    con.execute(f"CREATE TEMP TABLE {quote(pairs)} AS {instance_pairs_sql(st, quote(instance) if instance else None)}")
    n_pairs, n_start, n_complete, n_other = (int(v) for v in con.execute(
        f"SELECT (SELECT count(*) FROM {quote(pairs)}), count(*) FILTER (WHERE {lc} = 'start'), "
        f"count(*) FILTER (WHERE {lc} = 'complete'), count(*) FILTER (WHERE {lc} NOT IN ('start', 'complete')) "
        f"FROM {st}").fetchall()[0])
    keep = "" if other == "drop" else f" OR {lc} NOT IN ('start', 'complete')"
    paired = run.temp("paired")
    con.execute(
        f"CREATE TEMP TABLE {quote(paired)} AS SELECT s.* REPLACE (coalesce(s.start_timestamp, p.start_ts) "
        f"AS start_timestamp) FROM {st} AS s LEFT JOIN {quote(pairs)} AS p USING ({SRC_ROW}) "
        f"WHERE {lc} = 'complete'{keep} ORDER BY s.{SRC_ROW}")
    con.execute(f"DROP TABLE {st}")
    con.execute(f"ALTER TABLE {quote(paired)} RENAME TO {quote(stage)}")
    run.tables.remove(paired)
    return n_pairs, pairing_note(run, other, n_pairs, n_start, n_complete, n_other)


def _duplicates(run: _Run, stage: str, compared: list[str], policy: str) -> tuple[int, str]:
    """Find exact duplicate events (equal in every stored column but the source row); drop or flag the copies.

    The first occurrence in source order is the original; the others are copies. Returns (copies, a note).
    """
    con = run.con
    st = quote(stage)
    copies = run.temp("copies")
    cols = ", ".join(quote(c) for c in compared)
    con.execute(
        f"CREATE TEMP TABLE {quote(copies)} AS SELECT {SRC_ROW} FROM (SELECT {SRC_ROW}, row_number() OVER "
        f"(PARTITION BY {cols} ORDER BY {SRC_ROW}) AS k FROM {st}) WHERE k > 1")
    n, first = con.execute(f"SELECT count(*), min({SRC_ROW}) FROM {quote(copies)}").fetchall()[0]
    n = int(n)
    if policy == "drop":
        if n:
            con.execute(f"DELETE FROM {st} WHERE {SRC_ROW} IN (SELECT {SRC_ROW} FROM {quote(copies)})")
    else:
        con.execute(f"ALTER TABLE {st} ADD COLUMN {quote(DUPLICATE_FLAG)} BOOLEAN DEFAULT false")
        if n:
            con.execute(f"UPDATE {st} SET {quote(DUPLICATE_FLAG)} = true "
                        f"WHERE {SRC_ROW} IN (SELECT {SRC_ROW} FROM {quote(copies)})")
    return n, duplicates_note(run, policy, n, None if first is None else int(first))


def check_duplicate_flag(mapping: Mapping, names: list[str], label: str) -> None:
    """``duplicates: flag`` needs the event attribute :data:`DUPLICATE_FLAG` free (for every import engine)."""
    if mapping.duplicates == "flag" and any(n.lower() == DUPLICATE_FLAG for n in names):
        raise SchemaError(
            f"{label}: duplicates: flag marks copies in the event attribute {DUPLICATE_FLAG!r}, but a column "
            "is stored under that name already",
            hint=f"Rename that column in the mapping: columns: {{<column>: {{rename: {DUPLICATE_FLAG}_src}}}}.",
            field="duplicates",
        )


def duplicates_note(place: SourcePlace, policy: str, n: int, first: int | None) -> str:
    """The import's note about ``n`` exact duplicate events (the first copy at source row ``first``)."""
    if policy == "drop":
        note = _("{file}: {n} exact duplicate events, equal to an earlier event in every column, were dropped "
                 "(duplicates: drop)", file=place.label, n=n)
    else:
        note = _("{file}: {n} exact duplicate events, equal to an earlier event in every column, were kept and marked "
                 "in the event attribute '{flag}' (duplicates: flag)", file=place.label, n=n, flag=DUPLICATE_FLAG)
    if n and first is not None and place.first_line is not None:
        note += _("; the first at line {line}", line=place.line(first))
    elif n:
        note += _("; the first at row {row}", row=first)
    return note


def _cpr_lookup_hits(con: duckdb.DuckDBPyConnection, raw_sql: str, outs: list[_Out]) -> list[list[tuple[str, int]]]:
    """For each text column masked by lookup: its (trimmed) values holding a CPR number, with their counts.

    A few columns: one query each, grouping the raw values first (cheaper than trimming every row). Many
    columns (a wide source): one query over all of them in long format (``UNPIVOT``), in slices of columns.
    """
    pattern = _literal(CPR_PATTERN)
    if len(outs) <= SLICE_COLUMNS // 4:
        found = []
        for o in outs:
            src = f"r.{quote(str(o.source))}"
            found.append([(str(v), int(n)) for v, n in con.execute(
                f"SELECT v, sum(n) FROM (SELECT {o.expr} AS v, n FROM (SELECT {src}, count(*) AS n FROM {raw_sql} "
                f"AS r GROUP BY {src}) AS r) WHERE v IS NOT NULL GROUP BY v HAVING regexp_matches(v, {pattern})"
            ).fetchall()])
        return found
    by_source: dict[str, list[tuple[str, int]]] = {str(o.source): [] for o in outs}
    types = column_types(con, raw_sql)
    for part in slices(list(by_source)):
        cast = as_text(con, raw_sql, part, types)
        for name, v, n in con.execute(
            f"SELECT name, v, count(*) FROM (SELECT name, NULLIF(trim(v), '') AS v FROM (UNPIVOT (SELECT {cast} "
            f"FROM {raw_sql}) ON COLUMNS(*) INTO NAME name VALUE v)) WHERE strlen(v) >= 10 AND "
            f"regexp_matches(v, {pattern}) GROUP BY name, v"
        ).fetchall():
            by_source[str(name)].append((str(v), int(n)))
    return [by_source[str(o.source)] for o in outs]


def _stage_slice(run: _Run, raw_sql: str, table: str, outs: list[_Out], part: list[int], types: dict[str, str],
                 offsets: str, tz: str) -> list[str]:
    """Create ``table`` with the outputs ``part`` (indexes into ``outs``) and ``src_row``, plus the flags of failed
    casts (``__sf_bad_<i>``) and CPR hits (``__sf_cpr_<i>``); returns the flag columns."""
    inner, middle, joins, hidden, final, flags = [], [], [], [], [], []
    lookups: list[str] = []
    for i in part:
        o = outs[i]
        lookups += o.joins
        name = quote(o.name)
        if o.parts is None:
            inner.append(f"{o.expr} AS {name}")
        else:  # a timestamp: parse in the inner query, convert to UTC in the middle one
            naive = aware = None
            if o.parts.naive is not None:
                naive = f"q.__sf_naive_{i}"
                inner.append(f"{o.parts.naive} AS __sf_naive_{i}")
                joins.append(f"LEFT JOIN {offsets} AS z{i} ON z{i}.day = CAST({naive} AS DATE)")
                hidden.append(f"__sf_naive_{i}")
            if o.parts.aware is not None:
                aware = f"q.__sf_aware_{i}"
                inner.append(f"{o.parts.aware} AS __sf_aware_{i}")
                hidden.append(f"__sf_aware_{i}")
            if o.dtype == "DATE":
                dates = [f"CAST({naive} AS DATE)"] if naive else []
                dates += [f"CAST(timezone({_literal(tz)}, {aware}) AS DATE)"] if aware else []
                middle.append(f"COALESCE({', '.join(dates)}) AS {name}")
            else:
                to_utc = partial(local_to_utc_sql, offset_sql=f"z{i}.off", tz=tz)
                ts = TimestampParts(naive=naive, aware=aware).combine(to_utc)
                middle.append(f"{ts} AS {name}")
        if o.check:
            assert o.source is not None
            nonnull = (
                nonblank_sql(f"r.{quote(o.source)}")
                if types[o.source] in _TEXT_TYPES else f"(r.{quote(o.source)} IS NOT NULL)"
            )
            inner.append(f"{nonnull} AS __sf_nn_{i}")
            final.append(f"(__sf_nn_{i} AND {name} IS NULL) AS __sf_bad_{i}")
            flags.append(f"__sf_bad_{i}")
        if o.mask == "regex":
            middle.append(  # a CPR number needs at least 10 characters; strlen is cheap, a regex is not
                f"CASE WHEN strlen(q.{name}) >= 10 THEN regexp_matches(q.{name}, {_literal(CPR_PATTERN)}) "
                f"ELSE false END AS __sf_cpr_{i}"
            )
            final.append(f"{mask_cpr_sql(name, matched=f'__sf_cpr_{i}')} AS {name}")
            final.append(f"__sf_cpr_{i}")
            flags.append(f"__sf_cpr_{i}")
        else:
            final.append(name)
    if SRC_ROW not in [outs[i].name for i in part]:
        inner.append(f"r.{quote(ROW_COLUMN)} AS {SRC_ROW}")
        final.append(SRC_ROW)
    star = f"q.* EXCLUDE ({', '.join(hidden)})" if hidden else "q.*"
    run.con.execute(
        f"CREATE TEMP TABLE {quote(table)} AS SELECT {', '.join(final)} FROM ("
        f"SELECT {', '.join([star, *middle])} FROM ("
        f"SELECT {', '.join(inner)} FROM {raw_sql} AS r {' '.join(lookups)}) AS q {' '.join(joins)})"
    )
    return flags


def _validate_slice(run: _Run, raw_sql: str, table: str, outs: list[_Out], part: list[int], mapping: Mapping,
                    detected: dict, *, roles: bool) -> int:
    """Count the failed casts and CPR hits of a slice and raise for the first failing column; with ``roles``, also
    check that every event has a case id, activity and timestamp. Returns the number of rows."""
    checked = [i for i in part if outs[i].check]
    masked = [i for i in part if outs[i].mask == "regex"]
    checks = [f"count_if(__sf_bad_{i})" for i in checked] + [f"count_if(__sf_cpr_{i})" for i in masked]
    if roles:
        checks += [f"count_if({quote(r)} IS NULL)" for r in ("case_id", "activity", "timestamp")]
    counts = run.con.execute(f"SELECT {', '.join(['count(*)', *checks])} FROM {quote(table)}").fetchall()[0]
    n_rows, rest = int(counts[0]), list(counts[1:])
    for i in checked:
        n_bad = rest.pop(0)
        if n_bad:
            _raise_bad_values(run, raw_sql, table, i, outs[i], int(n_bad), detected)
    for i in masked:
        outs[i].cpr_hits = int(rest.pop(0))
        outs[i].cpr_row_sql = f"(SELECT min({SRC_ROW}) FROM {quote(table)} WHERE __sf_cpr_{i})"
    if roles:
        for role, n_null in zip(("case_id", "activity", "timestamp"), rest, strict=True):
            if n_null:
                _raise_missing(run, raw_sql, table, role, mapping, int(n_null))
    return n_rows


def _settle_case_attributes(run: _Run, stage: str, case_attrs: list[_Out]) -> list[str]:
    """Give every event of a case the case's last non-null value (by time, then source order).

    A cheap aggregate (min, max, count) finds the cases whose value varies or is missing on some
    events; only those cases are recomputed and updated.
    """
    con = run.con
    agg = run.temp("cases")
    parts, needs = [], []
    for k, o in enumerate(case_attrs):
        name = quote(o.name)
        parts.append(f"min({name}) IS DISTINCT FROM max({name}) AS __sf_var_{k}")
        parts.append(f"count({name}) > 0 AND count({name}) < count(*) AS __sf_gap_{k}")
        needs.append(f"__sf_var_{k} OR __sf_gap_{k}")
    con.execute(
        f"CREATE TEMP TABLE {quote(agg)} AS SELECT * FROM (SELECT case_id, {', '.join(parts)} "
        f"FROM {quote(stage)} GROUP BY case_id) WHERE {' OR '.join(needs)}"
    )
    row = con.execute(
        f"SELECT count(*), {', '.join(f'count_if(__sf_var_{k})' for k in range(len(case_attrs)))} "
        f"FROM {quote(agg)}"
    ).fetchall()[0]
    if row[0]:
        last = ", ".join(
            f"arg_max({quote(o.name)}, (\"timestamp\", {SRC_ROW})) FILTER (WHERE {quote(o.name)} IS NOT NULL) "
            f"AS {quote(o.name)}" for o in case_attrs
        )
        values = run.temp("case_values")
        con.execute(
            f"CREATE TEMP TABLE {quote(values)} AS SELECT case_id, {last} FROM {quote(stage)} "
            f"WHERE case_id IN (SELECT case_id FROM {quote(agg)}) GROUP BY case_id"
        )
        sets = ", ".join(f"{quote(o.name)} = a.{quote(o.name)}" for o in case_attrs)
        con.execute(f"UPDATE {quote(stage)} AS s SET {sets} FROM {quote(values)} AS a WHERE s.case_id = a.case_id")
    return [
        f"{run.label}, column {o.source!r}: the case attribute {o.name!r} varies within {n_cases:,} case(s); "
        "the last non-null value of each case (by time) is kept"
        for o, n_cases in zip(case_attrs, row[1:], strict=True) if n_cases
    ]


def _needs_detection(source_type: str) -> bool:
    st = source_type.upper()
    return not (st.startswith("TIMESTAMP") or st in ("DATE", "DATETIME"))


def _check_unmapped(run: _Run, raw_sql: str, act: _Out, table: str, mapping: Mapping) -> None:
    if mapping.activities.unmapped != "error":
        return
    rows = run.con.execute(
        f"SELECT a, count(*) AS n, min(r.{quote(ROW_COLUMN)}) FROM (SELECT {act.expr} AS a, r.{quote(ROW_COLUMN)} "
        f"FROM {raw_sql} AS r) AS r WHERE a IS NOT NULL AND a NOT IN (SELECT k FROM {table}) "
        "GROUP BY a ORDER BY n DESC, a"
    ).fetchall()
    if not rows:
        return
    shown = ", ".join(f"{a!r} ({n:,} events)" for a, n, _row in rows[:10])
    more = f" and {len(rows) - 10} more" if len(rows) > 10 else ""
    first_row = min(int(row) for _a, _n, row in rows)
    raise MappingError(
        f"{run.label}, {run.at(first_row)}, column {act.source!r}: {len(rows)} activity code(s) are not in the "
        f"mapping's activities.map (unmapped: error): {shown}{more}",
        hint="Add them to activities.map, or set activities.unmapped: keep to store them unchanged.",
        field="activities.map",
    )


def _first_rows(run: _Run, stage: str, condition: str, limit: int = 5) -> list[int]:
    rows = run.con.execute(
        f"SELECT {SRC_ROW} FROM {quote(stage)} WHERE {condition} ORDER BY {SRC_ROW} LIMIT {limit}"
    ).fetchall()
    return [int(r[0]) for r in rows]


def _raise_bad_values(
    run: _Run, raw_sql: str, stage: str, i: int, o: _Out, n_bad: int, detected: dict
) -> None:
    assert o.source is not None
    rows = _first_rows(run, stage, f"__sf_bad_{i}")
    examples = run.con.execute(
        f"SELECT {quote(ROW_COLUMN)}, CAST({quote(o.source)} AS VARCHAR) FROM {raw_sql} "
        f"WHERE {quote(ROW_COLUMN)} IN ({', '.join(map(str, rows))}) ORDER BY 1"
    ).fetchall()
    n_values = run.con.execute(
        f"SELECT count({text_value_sql(quote(o.source))}) FROM {raw_sql}"
    ).fetchall()[0]
    total = int(n_values[0]) if n_values else n_bad
    shown = "; ".join(f"{run.at(int(r))}: {v!r}" for r, v in examples)
    what = o.name if o.kind != "attr" else f"attribute {o.name!r}"
    if o.fmt is not None:
        how = "detected" if o.source in detected else "from the mapping"
        expected = f"timestamps in the format {format_description(o.fmt)!r} ({how})"
        d = detected.get(o.source)
        if d is not None and d.note and d.share < 1.0:
            expected += f"; {d.note}"
        if o.kind == "role":
            hint = (
                f"Correct the values in the source, or state the format in the mapping: {o.name}: "
                f"{{column: {o.source}, format: \"%d-%m-%Y %H:%M\"}} (formats: auto, iso, excel, epoch_s, "
                "epoch_ms or strftime patterns)."
            )
        else:
            hint = (
                "Correct the values in the source, or state the format in the mapping: "
                f"columns: {{{o.source}: {{type: {o.dtype}, format: \"%d-%m-%Y\"}}}}."
            )
    else:
        expected = f"values of type {o.dtype}"
        hint = "Correct the values in the source, or change the type in the mapping (type: VARCHAR keeps text)."
    raise LogFormatError(
        f"{n_bad:,} of {total:,} values ({_pct(n_bad, total)}) of the {what} cannot be read as {expected}. "
        f"First examples: {shown}",
        location=run.location(rows[0] if rows else None, o.source),
        hint=hint,
    )


def _raise_missing(run: _Run, raw_sql: str, stage: str, role: str, mapping: Mapping, n_null: int) -> None:
    spec = mapping.role_spec(role)
    assert spec is not None
    rows = _first_rows(run, stage, f"{quote(role)} IS NULL")
    raise LogFormatError(
        f"{n_null:,} event(s) have no {role} (empty value); first {'lines' if run.first_line else 'rows'}: "
        f"{', '.join(str(run.line(r) if run.first_line else r) for r in rows)}",
        location=run.location(rows[0] if rows else None, spec.column),
        hint="Every event needs a case id, an activity and a timestamp: remove these rows from the "
        "extract, or map another column.",
    )


def _cpr_message(run: _Run, o: _Out) -> str:
    if o.name == "case_id":
        row = run.con.execute(f"SELECT {o.cpr_row_sql}").fetchall()[0][0]
        raise MappingError(
            f"{run.label}, {run.at(int(row))}, column {o.source!r}: the case id holds CPR numbers ({o.cpr_hits:,} "
            "events), but the mapping does not declare it a citizen_id; masking would merge all those cases "
            "into one",
            hint=f"Declare it so it is pseudonymised: case_id: {{column: {o.source}, data_class: citizen_id}}.",
            field="case_id",
        )
    text = f"{run.label}, column {o.source!r}: CPR numbers were masked as [CPR] in {o.cpr_hits:,} value(s)"
    if o.kind == "attr" and o.data_class is not DataClass.FREE_TEXT:
        text += (f"; if the column identifies citizens, declare it (columns: {{{o.source}: "
                 "{data_class: citizen_id}}) so it is pseudonymised instead")
    return text
