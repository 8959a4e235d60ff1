"""Import a CSV or Parquet source into a log's Parquet store with Apache Spark (issue #20).

:func:`import_with_spark` reads the source with a Spark session, applies a :class:`~sagsflow.ingest.mapping.Mapping`
and writes ``root/<log>/{events,cases,activities,successors}.parquet``: the same tables, columns, types and rows as
an import of the same file with the same mapping and key into a new DuckDB workspace followed by
:func:`sagsflow.store.parquet.export_log` (``tests/query/test_spark_import.py`` compares them row by row). Every step
runs in Spark, set-based; only samples (timestamp formats, column types) and a few counts reach the driver.

Each rule has one home, and the Spark import runs the library's own:

- the column checks and the attribute plan of :mod:`sagsflow.ingest.apply`; the text of a value
  (:func:`~sagsflow.ingest.infer.text_value_sql`), the type-inference rule
  (:func:`~sagsflow.ingest.infer.value_fits_sql`, :func:`~sagsflow.ingest.infer.candidate_type`) and the CPR mask
  (:func:`~sagsflow.ingest.cpr.mask_cpr_sql`), written in DuckDB's dialect and run through
  :func:`sagsflow.query.dialects.transpile`;
- the store's layout (activity codes, case numbering, event order by time then source row, successors) from
  :mod:`sagsflow.store.layout`, transpiled the same way;
- pseudonyms from :func:`pseudonym_udf` (the library's own function, the key kept
  out of Spark's plans; equal to the DuckDB import's);
- timestamp formats detected by :func:`sagsflow.ingest.timestamps.detect_format` on a sample.

Spark's own date parser reads the timestamps: strftime patterns are written as Java patterns, and local times are
placed in the mapping's time zone as DuckDB's ICU does (a time in the spring gap an hour later, one in the autumn
overlap as standard time).

Exact duplicate events are kept, dropped or flagged as the mapping says (``duplicates``), as the DuckDB import does.

Start and complete events are paired into activity instances (``activity_instances.pair``) by the DuckDB import's
own query.

Robots and system users named by ``resource.automation_pattern`` (an RE2 expression) are found on the driver among
the resource's distinct values by the DuckDB import's own rule.

What is refused, naming the feature, instead of giving another answer than the DuckDB import: strftime directives
other than ``%Y %m %d %H %M %S %f %%``, and source columns of other types than text,
numbers, booleans, dates and timestamps. (Declared ``BOOLEAN`` and ``DECIMAL`` columns are cast as DuckDB casts
them; a value DuckDB reads that Spark does not, such as ``1_000`` as a decimal, stops the import naming it.)
A source is one local file (a CSV in UTF-8 with a header line, a Parquet file, or an XES or Excel file, which the
DuckDB import's own readers read on the driver and send to the executors from memory, never through the shared
storage; its mapping, if none is given, is inferred as the DuckDB import infers it); a CSV with CRLF line ends and a
quoted value across lines is refused (Spark's reader turns the CRLF inside the value into LF).

With ``workspace=`` (a workspace whose event store is the engine's root, :mod:`sagsflow.store.event_store`) the
store becomes one of the workspace's logs, its mapping saved as a version and the import recorded, in one transaction.

The store is **not encrypted**: it holds the events as stored (identifiers pseudonymised, CPR numbers masked), and
only storage that protects them itself should receive it (docs/engines.md, "Privacy").

Examples
--------
>>> from sagsflow.query.engine import SparkEngine                                   # doctest: +SKIP
>>> spark = SparkEngine.local("/mnt/shared/sagsflow")                               # doctest: +SKIP
>>> result = import_with_spark("extract.csv", spark, log="kontanthjaelp", mapping="mapping.yaml")  # doctest: +SKIP
>>> result.n_events, result.path.name                                              # doctest: +SKIP
(268261, 'kontanthjaelp')
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from sagsflow.errors import InvalidParameterError, Location, LogFormatError, MappingError, PseudonymisationKeyError
from sagsflow.ingest.apply import (
    LIFECYCLE_SQL,
    ROLE_TYPES,
    SourcePlace,
    automation_match,
    check_duplicate_flag,
    check_mapped_columns,
    duplicates_note,
    identifier_columns,
    instance_pairs_sql,
    pairing_note,
    plan_attributes,
)
from sagsflow.ingest.cpr import CPR_MASK, contains_cpr_sql, mask_cpr, mask_cpr_sql
from sagsflow.ingest.infer import HEAD_ROWS, SAMPLE_ROWS, candidate_type, nonblank_sql, text_value_sql, value_fits_sql
from sagsflow.ingest.mapping import DUPLICATE_FLAG, ROW_COLUMN, SRC_ROW, TIMESTAMP_ROLES, Mapping
from sagsflow.ingest.pipeline import resolve_mapping
from sagsflow.ingest.pseudonymise import CITIZEN_PREFIX, EMPLOYEE_PREFIX, load_key, pseudonym
from sagsflow.ingest.timestamps import (
    EXCEL_MAX,
    ISO_PATTERN,
    TimestampFormat,
    detect_format,
    format_description,
    is_numeric_type,
    validate_format,
)
from sagsflow.query.dialects import transpile
from sagsflow.query.quote import ident
from sagsflow.schema import ROLES, Column, DataClass, LogSchema
from sagsflow.store import layout
from sagsflow.store.parquet import replace_store

if TYPE_CHECKING:
    from sagsflow.query.engine import SparkEngine
    from sagsflow.store.workspace import ImportRecord, Workspace

__all__ = ["SparkImportResult", "import_with_spark", "pseudonym_udf"]

#: ``src_order`` is ``(import number << 40) + source row``; a store imported without a workspace holds one import,
#: numbered as the first import of a new workspace is (into a workspace, the import takes the workspace's next number)
IMPORT_ID = 1
_PREFIX = {DataClass.CITIZEN_ID: CITIZEN_PREFIX, DataClass.EMPLOYEE_ID: EMPLOYEE_PREFIX}
#: the timestamp formats that read a number
NUMERIC_FORMATS = ("excel", "epoch_s", "epoch_ms")
#: a number as text: sign, digits with one decimal point or comma, an exponent
_PLAIN_NUMBER = r"^[+-]?([0-9]+([.,][0-9]*)?|[.,][0-9]+)([eE][+-]?[0-9]+)?$"
#: Excel's day 0 (1899-12-30 00:00) in microseconds since 1970
_EXCEL_DAY_ZERO_US = -25_569 * 86_400 * 1_000_000
#: the store's types (DuckDB's names) as Spark types
_SPARK_TYPES = {"VARCHAR": "string", "BIGINT": "bigint", "INTEGER": "int", "SMALLINT": "smallint",
                "DOUBLE": "double", "BOOLEAN": "boolean", "DATE": "date", "TIMESTAMPTZ": "timestamp"}
#: Spark's source column types under DuckDB's names (what the DuckDB import sees in the same file)
_SOURCE_TYPES = {"string": "VARCHAR", "bigint": "BIGINT", "int": "INTEGER", "smallint": "SMALLINT",
                 "tinyint": "TINYINT", "double": "DOUBLE", "float": "FLOAT", "boolean": "BOOLEAN", "date": "DATE",
                 "timestamp": "TIMESTAMP WITH TIME ZONE", "timestamp_ntz": "TIMESTAMP"}
#: strftime directives the Spark import reads, as Java pattern letters (doubled when a directive follows directly)
_JAVA_LETTERS = {"Y": "yyyy", "m": "M", "d": "d", "H": "H", "M": "m", "S": "s", "f": "SSSSSS"}
_TEXT = "VARCHAR"
_MIN_SAMPLE = 50
#: session settings the import needs while it runs (restored after): Parquet timestamps as microseconds adjusted
#: to UTC (what DuckDB writes), and Spark's own date parser, which returns NULL for a value it cannot read
_SETTINGS = {"spark.sql.parquet.outputTimestampType": "TIMESTAMP_MICROS",
             "spark.sql.legacy.timeParserPolicy": "CORRECTED"}


@dataclass(frozen=True)
class SparkImportResult:
    """What :func:`import_with_spark` wrote.

    Attributes
    ----------
    path
        the log's Parquet store (``root/<log>``).
    schema
        roles, role classes and attribute columns, as the DuckDB import records them.
    n_events, n_cases, n_activities
        the sizes of the log.
    warnings
        what the user should know that did not stop the import (CPR numbers masked, ambiguous dates, case
        attributes that vary within a case).
    timestamp_formats
        output column -> the timestamp format used (``"native"`` for typed source columns).
    record
        the import's record in the workspace's import history (None without ``workspace``).
    """

    path: Path
    schema: LogSchema
    n_events: int
    n_cases: int
    n_activities: int
    warnings: list[str] = field(default_factory=list)
    timestamp_formats: dict[str, TimestampFormat] = field(default_factory=dict)
    record: ImportRecord | None = None


def import_with_spark(source: str | Path, engine: SparkEngine, *, log: str,
                      mapping: Mapping | dict[str, Any] | str | Path | None = None, key: bytes | str | None = None,
                      format: str | None = None, delimiter: str | None = None, sheet: str | int | None = None,
                      workspace: Workspace | None = None,
                      mode: Literal["create", "replace", "append"] = "create") -> SparkImportResult:
    """Read ``source`` with Spark, apply ``mapping`` and write log ``log``'s Parquet store under ``engine.root``.

    The store (``root/<log>/{events,cases,activities,successors}.parquet``, each a folder of Parquet files) holds
    the same rows as a DuckDB import of the file followed by :func:`sagsflow.store.parquet.export_log`, so every
    portable query answers the same on it. It is written to a temporary folder beside the target and moved into
    place: a failed import leaves an earlier store of the log as it was. The store is **not encrypted** by Sagsflow;
    write it only to storage that protects it (docs/engines.md).

    Parameters
    ----------
    source : path
        A local CSV (UTF-8, first line the header), Parquet, XES (``.xes``, ``.xes.gz``) or Excel (``.xlsx``) file.
    engine : SparkEngine
        The session (its time zone must be UTC, as :meth:`SparkEngine.local` sets it) and the stores' root, a
        local folder.
    log : str
        The log's name (lower-case letters, digits and ``_``).
    mapping : Mapping, dict or YAML path
        Which columns play which role; see the module docstring for the features the Spark import refuses. For an
        XES or Excel file it may be left out: the DuckDB import's inference chooses it.
    key : bytes or str, optional
        The pseudonymisation key; by default from ``SAGSFLOW_PSEUDONYM_KEY(_FILE)``. Required when the mapping
        declares identifiers.
    format : {"csv", "parquet", "xes", "excel"}, optional
        By default from the file name.
    delimiter : str, optional
        The CSV delimiter; detected as the DuckDB import detects it when omitted.
    sheet : str or int, optional
        The Excel sheet (name or 0-based position; the first by default).
    workspace : Workspace, optional
        A workspace whose event store is ``engine.root`` (:mod:`sagsflow.store.event_store`): the log becomes one
        of its logs, with the import in its history and the mapping saved as a version, and every analysis of the
        workspace answers on the store Spark wrote. Without it the store stands alone.
    mode : {"create", "replace", "append"}
        With ``workspace``: refuse an existing log of that name, replace it, or append the extract to it (its
        events that equal a stored event in every role and event attribute are skipped, new columns are added,
        case attributes settle to each case's last value: as ``import_log(..., mode='append')`` does).

    Returns
    -------
    SparkImportResult

    Raises
    ------
    MappingError
        A mapping feature the Spark import does not support yet (named), unmapped activities with
        ``unmapped: error``, CPR numbers in a case id not declared ``citizen_id``.
    LogFormatError
        Values that cannot be read as the mapping says (naming the file, the line or row, the column and what
        was expected), events without case id, activity or timestamp, a file Spark cannot read.
    SchemaError
        A mapped column is missing, or a stored name clashes with a reserved one.
    PseudonymisationKeyError
        Identifiers are declared and no key is found.
    """
    from sagsflow.store.layout import check_log_name

    check_log_name(log)
    path = Path(source)
    label = path.name
    if not path.is_file():
        raise InvalidParameterError(f"no such file: {str(path)!r} (the Spark import reads one local file).",
                                    field="source")
    fmt = format or _format_of(path)
    if fmt not in ("csv", "parquet", "xes", "excel"):
        raise InvalidParameterError(f"format must be 'csv', 'parquet', 'xes' or 'excel'. Got {fmt!r} instead.",
                                    field="format")
    spec = resolve_mapping(mapping)
    if spec is None and fmt not in ("xes", "excel"):
        raise InvalidParameterError(f"{label}: the Spark import of a CSV or Parquet file needs a mapping.",
                                    hint="Write one (docs/importing.md), or import an XES or Excel file, whose "
                                         "mapping is inferred as the DuckDB import infers it.", field="mapping")
    if spec is not None:
        refuse_unsupported(spec, label)
        _key(spec, key, label)  # a missing key stops the import before any work
    root = Path(engine.root)
    if "://" in engine.root:
        raise InvalidParameterError(
            f"the Spark import writes a store to a local folder; {engine.root!r} is not one.",
            hint="Import into a local (or mounted) folder and copy the store to the cluster's storage.",
            field="root")
    session = engine.session
    zone = session.conf.get("spark.sql.session.timeZone")
    if zone != "UTC":
        raise InvalidParameterError(
            f"the Spark session's time zone must be UTC (stored instants are UTC). Got {zone!r} instead.",
            hint="Build the session with .config('spark.sql.session.timeZone', 'UTC'), as SparkEngine.local does.")
    import_id = IMPORT_ID if workspace is None else _check_workspace(workspace, root, log, mode)
    started = datetime.now(UTC)
    root.mkdir(parents=True, exist_ok=True)
    target = root / log
    tmp = root / f".{log}.{uuid.uuid4().hex[:8]}.tmp"
    run = _Run(session, label, 2 if fmt == "csv" else None)
    record = None
    read: Any = path
    read_fmt = fmt
    notes: list[str] = []
    try:
        if fmt in ("xes", "excel"):
            # read on the driver by the DuckDB import's own reader (XES: safety checks, <global> defaults, flattened
            # attributes, typed values; Excel: zip-bomb checks, typed cells) and sent to the executors from memory:
            # the source's clear values are never written to the shared storage
            read, inferred, notes = _read_on_driver(path, fmt, infer=spec is None, sheet=sheet)
            read_fmt = "arrow"
            if spec is None:
                assert inferred is not None
                spec = inferred
                refuse_unsupported(spec, label)
        assert spec is not None
        key_bytes = _key(spec, key, label)
        base = None
        if workspace is not None and mode == "append" and log in workspace:
            engine.forget(log)
            old_schema = workspace.schema(log)
            base = (session.sql(transpile(layout.staged_from_log(log, old_schema), "spark", tables=engine._view)),
                    old_schema, workspace._count(log))
        with _settings(session):
            result = _import(run, read, read_fmt, delimiter, spec, key_bytes, tmp, import_id, base)
        added = result.pop("added")
        result["warnings"] = [*notes, *result["warnings"]]
        rows_read = result.pop("rows_read")
        if workspace is None:
            replace_store(tmp, target)
        else:
            record = _register(workspace, log, tmp, spec, result["schema"], path, fmt, rows_read, import_id,
                               started, mode, added)
    finally:
        run.cleanup()
        shutil.rmtree(tmp, ignore_errors=True)
    engine.forget(log)
    return SparkImportResult(path=target, record=record, **result)


def _read_on_driver(path: Path, fmt: str, *, infer: bool, sheet: str | int | None) -> tuple[
        Any, Mapping | None, list[str]]:
    """Read the XES or Excel file ``path`` as the DuckDB import reads it (:func:`sagsflow.ingest.xes_read.load_xes`,
    :func:`sagsflow.ingest.sources.load_excel`): (an Arrow table, one row per event in file order; with ``infer``
    the mapping the DuckDB import infers for it, else None; the reader's notes)."""
    import duckdb

    from sagsflow.ingest.limits import Limits
    from sagsflow.ingest.pipeline import default_mapping, load_source

    con = duckdb.connect(":memory:")
    try:
        con.execute("SET TimeZone = 'UTC'")
        options = {} if sheet is None else {"sheet": sheet}
        info = load_source(con, path, "xes" if fmt == "xes" else "excel", "__sf_source", Limits.from_env(), None,
                           options)
        mapping = default_mapping(con, "__sf_source", info) if infer else None
        table = con.execute(f"SELECT * EXCLUDE ({ident(ROW_COLUMN)}) FROM __sf_source "
                            f"ORDER BY {ident(ROW_COLUMN)}").to_arrow_table()
        return table, mapping, list(info.notes)
    finally:
        con.close()


def _check_workspace(ws: Workspace, root: Path, log: str, mode: str) -> int:
    """The import's number in ``ws``, once the workspace is found to keep its logs under ``root``."""
    store = ws.event_store
    if store is None or store != root.expanduser().resolve():
        raise InvalidParameterError(
            f"the Spark import writes under {str(root)!r}, and the workspace keeps its logs "
            + (f"under {str(store)!r}." if store is not None else "in its database file."),
            hint="Open the workspace with event_store= the Spark engine's root (docs/engines.md).",
            field="workspace")
    if mode not in ("create", "replace", "append"):
        raise InvalidParameterError(f"mode must be 'create', 'replace' or 'append'. Got {mode!r} instead.",
                                    field="mode")
    if mode == "create" and log in ws:
        raise InvalidParameterError(f"a log named {log!r} exists already.",
                                    hint="Use mode='replace' to overwrite it.", field="log")
    return ws.next_import_id()


def _register(ws: Workspace, log: str, tmp: Path, spec: Mapping, schema: LogSchema, path: Path, fmt: str,
              rows_read: int, import_id: int, started: datetime, mode: str, added: int) -> ImportRecord:
    """The store Spark wrote in ``tmp``, made log ``log`` of ``ws``: the mapping saved as a version and the import
    recorded, in the transaction that puts the store in place."""
    from sagsflow.ingest.sources import hash_file
    from sagsflow.store.event_store import adopt_store
    from sagsflow.store.workspace import ImportRecord

    content_hash = hash_file(path)
    with ws.transaction():
        name = spec.name or log
        version = ws.save_mapping(name, spec.to_yaml(), spec.sha256)
        record = ImportRecord(log_name=log, content_hash=content_hash, source=path.name, source_format=fmt,
                              rows_read=rows_read, mapping_name=name, mapping_version=version, started_at=started)
        return adopt_store(ws, log, tmp, schema, record, mode=mode, import_id=import_id, rows_read=rows_read,
                           added=added)


def pseudonym_udf(key: bytes, prefix: str) -> Any:
    """:func:`~sagsflow.ingest.pseudonymise.pseudonym` as a Spark column function (a pandas UDF): the same pseudonym
    for every value.

    Each batch of values is pseudonymised by its distinct values with :func:`pseudonym` itself, in the executors'
    Python workers; blank values give NULL, as in
    :func:`~sagsflow.ingest.pseudonymise.pseudonym_table`. The key travels to those workers inside
    the function (pickled into the tasks) and is never part of a query plan, so Spark's web UI, event log and
    plan strings show the function's name, not the key. The executors hold the key in memory while the import runs:
    run it on a cluster whose executors may hold it.

    Examples
    --------
    >>> from pyspark.sql import functions as F  # doctest: +SKIP
    >>> frame.select(pseudonym_udf(key, CITIZEN_PREFIX)(F.col("cpr")))  # doctest: +SKIP
    """
    import pandas as pd
    from pyspark.sql.functions import pandas_udf

    def pseudonyms(values: pd.Series) -> pd.Series:
        table = {v: pseudonym(v, key, prefix) if v.strip() else None for v in values.dropna().unique()}
        out = values.map(table)
        return out.astype(object).where(out.notna(), None)

    pseudonyms.__annotations__ = {"values": pd.Series, "return": pd.Series}  # pyspark reads the types, not text
    return pandas_udf(pseudonyms, "string")  # type: ignore[call-overload]


def refuse_unsupported(mapping: Mapping, label: str) -> None:
    """Raise :class:`MappingError` naming the first mapping feature the Spark import does not support yet."""
    def refuse(feature: str, why: str, field: str) -> None:
        raise MappingError(
            f"{label}: the Spark import does not support {feature} yet: {why}.",
            hint="Import the file into a DuckDB workspace and write its Parquet store with "
                 "sagsflow.store.parquet.export_log, or leave the feature out of the mapping.",
            field=field)

    for role in TIMESTAMP_ROLES:
        spec = mapping.role_spec(role)
        if spec is not None:
            _check_format(spec.format, label, f"{role}.format")
    for col, cspec in mapping.columns.items():
        if cspec.type in ("TIMESTAMPTZ", "DATE"):
            _check_format(cspec.format, label, f"columns.{col}.format")


def _check_format(fmt: TimestampFormat, label: str, where: str) -> None:
    fmt = validate_format(fmt)
    if fmt not in ("auto", "iso", *NUMERIC_FORMATS):
        for pattern in (fmt,) if isinstance(fmt, str) else fmt:
            _java_pattern(pattern, label, where)


def _java_pattern(pattern: str, label: str, where: str) -> str:
    """A strftime pattern as a Java (Spark) pattern: one letter for a field followed by a literal (1 or 2 digits,
    as DuckDB's strptime reads it), two when another field follows directly; literal text quoted."""
    tokens: list[tuple[bool, str]] = []  # (is a directive, text)
    i = 0
    while i < len(pattern):
        if pattern[i] == "%" and i + 1 < len(pattern):
            d = pattern[i + 1]
            tokens.append((d != "%", d))
            i += 2
        else:
            tokens.append((False, pattern[i]))
            i += 1
    out, text = [], []
    for k, (directive, d) in enumerate(tokens):
        if not directive:
            text.append(d)
            continue
        if d not in _JAVA_LETTERS:
            raise MappingError(
                f"{label}: the Spark import does not support the strftime directive %{d} ({where}: {pattern!r}) "
                f"yet; it reads {', '.join('%' + x for x in _JAVA_LETTERS)} and %%.",
                hint="Import the file into a DuckDB workspace and export its Parquet store.", field=where)
        if text:
            out.append("'" + "".join(text).replace("'", "''") + "'")
            text = []
        letters = _JAVA_LETTERS[d]
        follows = k + 1 < len(tokens) and tokens[k + 1][0]
        out.append(letters * 2 if follows and len(letters) == 1 else letters)
    if text:
        out.append("'" + "".join(text).replace("'", "''") + "'")
    return "".join(out)


def _format_of(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".csv", ".tsv", ".txt"):
        return "csv"
    if suffix in (".parquet", ".pq"):
        return "parquet"
    if path.name.lower().endswith((".xes", ".xes.gz")):
        return "xes"
    if suffix == ".xlsx":
        return "excel"
    raise InvalidParameterError(
        f"{path.name}: the Spark import reads CSV, Parquet, XES and Excel (.xlsx) files. Got suffix "
        f"{suffix or 'none'!r} instead.",
        hint="Name the file .csv, .parquet, .xes, .xes.gz or .xlsx, or pass format=.", field="format")


def _key(mapping: Mapping, key: bytes | str | None, label: str) -> bytes | None:
    found = identifier_columns(mapping)
    if not found:
        return None
    try:
        return load_key(key)
    except PseudonymisationKeyError as err:
        raise PseudonymisationKeyError(
            f"{label}: the mapping declares personal identifiers ({', '.join(found)}), which are stored only as "
            f"keyed pseudonyms: {err.message}", hint=err.hint) from None


@contextmanager
def _settings(session: Any) -> Iterator[None]:
    before = {k: session.conf.get(k, None) for k in _SETTINGS}
    for k, v in _SETTINGS.items():
        session.conf.set(k, v)
    try:
        yield
    finally:
        for k, v in before.items():
            if v is None:
                session.conf.unset(k)
            else:
                session.conf.set(k, v)


class _Run(SourcePlace):
    """One import's session, names and cached data; ``cleanup`` forgets them."""

    def __init__(self, session: Any, label: str, first_line: int | None) -> None:
        super().__init__(label, first_line)
        self.session = session
        self.tag = uuid.uuid4().hex[:10]
        self.cached: list[Any] = []
        self.views: list[str] = []

    def cache(self, df: Any) -> Any:
        from pyspark import StorageLevel

        df = df.persist(StorageLevel.MEMORY_AND_DISK)
        self.cached.append(df)
        return df

    def view(self, what: str, df: Any) -> str:
        name = f"sf_{what}_{self.tag}"
        df.createOrReplaceTempView(name)
        self.views.append(name)
        return name

    def cleanup(self) -> None:
        for df in self.cached:
            df.unpersist()
        for name in self.views:
            self.session.catalog.dropTempView(name)


def _expr(duckdb_sql: str) -> Any:
    """A Spark column from an expression in DuckDB's dialect (the library's rules, transpiled)."""
    from pyspark.sql import functions as F

    sql = transpile(f"SELECT {duckdb_sql} AS v", "spark")
    return F.expr(sql.removeprefix("SELECT ").removesuffix(" AS v"))


def _col(name: str) -> Any:
    from pyspark.sql import functions as F

    return F.col(ident(name, dialect="spark"))


def _text(col: str) -> Any:
    """The text of a source value without surrounding spaces, NULL when blank (:func:`text_value_sql`)."""
    return _expr(text_value_sql(ident(col)))


def _read(run: _Run, path: Any, fmt: str, delimiter: str | None) -> Any:
    """The source as a DataFrame with ``__row``: the 1-based record number in file order."""
    from pyspark.sql import functions as F

    session = run.session
    if fmt == "csv":
        from sagsflow.ingest.csv_source import check_utf8, sniff_header

        check_utf8(path, run.label)
        delim, names = sniff_header(path, run.label, delimiter=delimiter)
        df = (session.read.option("header", True).option("sep", delim).option("quote", '"').option("escape", '"')
              .option("multiLine", True).option("mode", "FAILFAST").option("encoding", "UTF-8")
              .option("inferSchema", False).csv(str(path)))
        if len(df.columns) != len(names):
            raise LogFormatError(f"Spark reads {len(df.columns)} columns in the header, the DuckDB import "
                                 f"{len(names)}", location=Location(file=run.label, line=1))
        df = df.toDF(*names)
    elif fmt == "arrow":  # a source read on the driver (XES, Excel): sent to the executors in order, never stored
        # a timestamp without a zone (an Excel date cell) stays a local time, as Parquet's keeps it; by default
        # Spark would read it as an instant in the session's zone
        before = session.conf.get("spark.sql.timestampType", None)
        session.conf.set("spark.sql.timestampType", "TIMESTAMP_NTZ")
        try:
            df = session.createDataFrame(path)
        finally:
            if before is None:
                session.conf.unset("spark.sql.timestampType")
            else:
                session.conf.set("spark.sql.timestampType", before)
    else:
        df = session.read.parquet(str(path))
    # the record number in file order: Spark numbers the rows of each partition (a file's splits in order), and
    # the rows of the partitions before it are counted once
    mid = "__sf_mid"
    df = run.cache(df.withColumn(mid, F.monotonically_increasing_id()))
    part = F.shiftright(F.col(mid), 33)
    try:
        counts = sorted((int(r[0]), int(r[1])) for r in df.groupBy(part.alias("p")).count().collect())
    except Exception as exc:  # the first action reads the file: a malformed record surfaces here
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise LogFormatError(f"Spark cannot read the file as {fmt.upper()}: {first[:300]}",
                             location=Location(file=run.label)) from None
    if fmt == "csv" and _has_carriage_return(path):
        _refuse_values_across_crlf_lines(run, df, mid, counts)
    offsets, total = [], 0
    for p, n in counts:
        offsets.append((p, total))
        total += n
    starts = session.createDataFrame(offsets or [(0, 0)], "p bigint, start bigint")
    row = F.col("start") + F.col(mid).bitwiseAND(F.lit((1 << 33) - 1)) + F.lit(1)
    numbered = df.join(F.broadcast(starts), part == F.col("p")).select(
        *[F.col(ident(c, dialect="spark")) for c in df.columns if c != mid], row.alias(ROW_COLUMN))
    # once numbered, the rows are spread over the cluster's cores: a CSV read with values across lines is one
    # partition, and every later step (parsing, pseudonyms, masking, checks) would run on one core
    parts = max(int(session.sparkContext.defaultParallelism), 1)
    return run.cache(numbered.repartition(parts) if len(counts) < parts else numbered), total


def _has_carriage_return(path: Path) -> bool:
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            if b"\r" in chunk:
                return True
    return False


def _refuse_values_across_crlf_lines(run: _Run, df: Any, mid: str, counts: list[tuple[int, int]]) -> None:
    """Spark's CSV reader turns a CRLF line break inside a quoted value into LF (the DuckDB import keeps it): in a
    file with carriage returns, a value across lines is refused, naming its line."""
    from pyspark.sql import functions as F

    columns = [c for c in df.columns if c != mid]
    spans = [F.count_if(F.col(ident(c, dialect="spark")).contains("\n")) for c in columns]
    found = [c for c, n in zip(columns, df.agg(*spans).collect()[0], strict=True) if n]
    if not found:
        return
    col = found[0]
    first = df.where(F.col(ident(col, dialect="spark")).contains("\n")).agg(F.min(mid)).collect()[0][0]
    part, index = int(first) >> 33, int(first) & ((1 << 33) - 1)
    row = sum(n for p, n in counts if p < part) + index + 1
    raise LogFormatError(
        "a quoted value spans lines in a file with CRLF line ends; Spark reads the line break inside it as LF, "
        "where the DuckDB import keeps CRLF, so the two imports would differ",
        location=run.location(row, col),
        hint="Import the file into a DuckDB workspace and export its Parquet store, or save it with LF line ends.")


def _source_types(df: Any, label: str) -> dict[str, str]:
    types = {}
    for f in df.schema.fields:
        name = f.dataType.simpleString()
        if name.startswith("decimal"):
            types[f.name] = "DECIMAL" + name.removeprefix("decimal").replace(" ", "")
        elif name in _SOURCE_TYPES:
            types[f.name] = _SOURCE_TYPES[name]
        else:
            raise LogFormatError(f"the Spark import does not read columns of type {name} yet",
                                 location=Location(file=label, column=f.name),
                                 hint="Leave the column out (other_columns: drop) or import through DuckDB.")
    return types


def _samples(run: _Run, raw: Any, n_rows: int, columns: list[str]) -> dict[str, list[str]]:
    """Non-empty text values of each column: the first rows and a random sample of the rest (as
    :func:`sagsflow.ingest.infer.sample_values` takes them), the non-empty values of a sparse column."""
    from pyspark.sql import functions as F

    if not columns:
        return {}
    texts = [_text(c).alias(c) for c in columns]
    rows = raw.where(F.col(ROW_COLUMN) <= HEAD_ROWS).select(*texts).collect()
    if n_rows > HEAD_ROWS:
        fraction = min(1.0, 2.0 * SAMPLE_ROWS / n_rows)
        rows += raw.sample(fraction=fraction, seed=42).select(*texts).limit(SAMPLE_ROWS).collect()
    out = {c: [r[i] for r in rows if r[i] is not None] for i, c in enumerate(columns)}
    for c in columns:
        if len(out[c]) < _MIN_SAMPLE:
            v = _text(c)
            out[c] = [r[0] for r in raw.select(v).where(v.isNotNull()).limit(SAMPLE_ROWS).collect()]
    return out


@dataclass
class _Out:
    """One output column in the making (as :mod:`sagsflow.ingest.apply` plans it)."""

    name: str
    source: str | None
    kind: str  # "role", "src_row" or "attr"
    dtype: str
    data_class: DataClass = DataClass.PROCESS
    level: str = "event"
    value: Any = None  # the Spark column
    text: bool = False  # CPR-masked text
    check: bool = False  # a non-blank source value that gives NULL is an error
    fmt: TimestampFormat | None = None


def _timestamp(col: str, fmt: TimestampFormat, source_type: str, tz: str, dtype: str, run: _Run,
               where: str) -> Any:
    """The UTC instant (or the local date, for ``DATE``) of a source timestamp, NULL when it does not parse."""
    from pyspark.sql import functions as F

    src = _col(col)
    st = source_type.upper()
    naive = aware = None
    if st == "TIMESTAMP WITH TIME ZONE":
        aware = src
    elif st.startswith("TIMESTAMP") or st == "DATE":
        naive = src.cast("timestamp_ntz")
    elif fmt in NUMERIC_FORMATS and (st == _TEXT or is_numeric_type(st)):
        if st == _TEXT:  # a decimal comma reads as a point; only plain numbers (Java also reads '1d', '0x1p3')
            v = F.trim(src.cast("string"))
            number = F.when(v.rlike(_PLAIN_NUMBER), F.regexp_replace(v, ",", ".").try_cast("double"))
        else:
            number = src.cast("double")
        naive, aware = _numeric_instant(number, str(fmt))
    elif st != _TEXT:
        raise LogFormatError(f"the Spark import reads timestamps from text, date and timestamp columns; this one "
                             f"is {source_type}", location=Location(file=run.label, column=col))
    else:
        v = F.trim(src.cast("string"))  # strptime and DuckDB's casts ignore surrounding spaces
        if fmt == "iso":
            iso = v.rlike("^(?:" + ISO_PATTERN + r")\z")
            offset = v.contains("Z") | v.contains("+") | v.like("%:%-%")
            naive = F.when(iso & ~offset, v.try_cast("timestamp_ntz"))
            aware = F.when(iso & offset, v.try_cast("timestamp"))
        else:
            patterns = (fmt,) if isinstance(fmt, str) else fmt
            parsed = [F.try_to_timestamp(v, F.lit(_java_pattern(p, run.label, where))) for p in patterns]
            naive = (parsed[0] if len(parsed) == 1 else F.coalesce(*parsed)).cast("timestamp_ntz")
    if dtype == "DATE":
        dates = ([naive.cast("date")] if naive is not None else []) + (
            [F.to_date(F.from_utc_timestamp(aware, tz))] if aware is not None else [])
        return dates[0] if len(dates) == 1 else F.coalesce(*dates)
    if naive is None:
        return aware
    # the local time placed in the zone: Java takes the earlier offset in the autumn overlap, DuckDB's ICU the
    # later (standard time), so an instant an hour later that shows the same local time wins
    wall = naive.cast("timestamp")  # the session is UTC: the wall-clock time as if it were UTC
    first = F.to_utc_timestamp(wall, tz)
    later = first + F.expr("INTERVAL 1 HOUR")
    local = F.when(F.from_utc_timestamp(later, tz) == wall, later).otherwise(first)
    return local if aware is None else F.coalesce(aware, local)


def _automation_values(raw: Any, spec: Any) -> list[str]:
    """The resource values (trimmed) that are robots or system users: the source's distinct values, matched on the
    driver by the DuckDB import's own rule (:func:`sagsflow.ingest.apply.automation_match`; a pattern is an RE2
    expression, which Java's regular expressions would read differently)."""
    import duckdb
    import pyarrow as pa

    values = [r[0] for r in raw.select(_col(spec.column).cast("string")).distinct().collect() if r[0] is not None]
    con = duckdb.connect(":memory:")
    try:
        con.register("__sf_resources", pa.table({"v": pa.array(values, pa.string())}))
        match = automation_match(spec, "v")
        assert match is not None
        return sorted(str(r[0]) for r in con.execute(
            f"SELECT DISTINCT trim(v) FROM __sf_resources WHERE {match}").fetchall())
    finally:
        con.close()


def _spark_type(dtype: str) -> str:
    """Spark's name of a stored type (DuckDB's name; ``DECIMAL(p,s)`` as the mapping normalises it)."""
    return dtype.lower() if dtype.startswith("DECIMAL(") else _SPARK_TYPES[dtype]


def _numeric_instant(n: Any, fmt: str) -> tuple[Any, Any]:
    """(naive, aware) of a number in a numeric timestamp format, as :func:`sagsflow.ingest.timestamps.timestamp_parts`
    reads it in DuckDB: an Excel serial day (local time, days since 1899-12-30, to the millisecond) or seconds /
    milliseconds since 1970 (UTC instants, to the microsecond); NULL outside the range DuckDB reads."""
    from pyspark.sql import functions as F

    if fmt == "excel":
        micros = F.round(n * 86_400_000).cast("bigint") * 1000 + F.lit(_EXCEL_DAY_ZERO_US)
        return F.when((n >= 1) & (n < EXCEL_MAX + 1), F.timestamp_micros(micros).cast("timestamp_ntz")), None
    scale, bound = (1_000_000, 1e13) if fmt == "epoch_s" else (1_000, 1e16)
    # below 2**62 microseconds (year ~148,000) the microseconds fit a BIGINT on both engines; beyond, NULL
    inside = (n > -bound) & (n < bound) & (F.abs(n * scale) < float(2**62))
    return None, F.when(inside, F.timestamp_micros(F.round(n * scale).cast("bigint")))


def _import(run: _Run, path: Any, fmt: str, delimiter: str | None, mapping: Mapping, key: bytes | None,
            tmp: Path, import_id: int, base: tuple[Any, LogSchema, int] | None = None) -> dict[str, Any]:
    """The import's steps; ``base`` is a stored log to append to: (its events in staged form, its schema, its size)."""
    from pyspark.sql import functions as F

    label = run.label
    raw, n_rows = _read(run, path, fmt, delimiter)
    types = _source_types(raw, label)
    check_mapped_columns(mapping, types, label)
    attrs = plan_attributes(mapping, types, label)
    tz = mapping.timezone
    warnings: list[str] = []
    formats: dict[str, TimestampFormat] = {}

    # -- samples: timestamp formats to detect, text columns to type -----------------------------------------
    def needs_detection(st: str) -> bool:
        return st == _TEXT

    to_detect = [spec.column for role in TIMESTAMP_ROLES if (spec := mapping.role_spec(role)) is not None
                 and spec.format == "auto" and needs_detection(types[spec.column])]
    to_detect += [col for col, _n, spec in attrs if spec.type in ("TIMESTAMPTZ", "DATE") and spec.format == "auto"
                  and needs_detection(types[col])]
    to_infer = [col for col, _n, spec in attrs if spec.type is None and types[col] == _TEXT
                and spec.data_class in (DataClass.PROCESS, DataClass.PERSONAL_ATTRIBUTE)]
    samples = _samples(run, raw, n_rows, sorted(set(to_detect) | set(to_infer)))
    detected = {}
    for col in sorted(set(to_detect)):
        d = detect_format(samples[col])
        detected[col] = d.format
        if d.note and d.n_values:
            warnings.append(f"{label}, column {col!r}: {d.note}")
        _check_format(d.format, label, f"column {col!r} (detected format)")
    inferred = _infer(run, raw, to_infer, samples, tz)

    # -- output columns -------------------------------------------------------------------------------------
    outs: list[_Out] = []
    automation: list[str] = []

    def pseudonymised(col: str, data_class: DataClass) -> Any:
        assert key is not None
        from pyspark.sql import functions as F

        return pseudonym_udf(key, _PREFIX[data_class])(F.col(col).cast("string"))

    def timestamp(o: _Out, col: str, fmt: TimestampFormat) -> None:
        fmt = detected.get(col, fmt) if fmt == "auto" else fmt
        native = types[col] != _TEXT and not (fmt in NUMERIC_FORMATS and is_numeric_type(types[col]))
        o.value = _timestamp(col, "iso" if native else fmt, types[col], tz, o.dtype, run, o.name)
        o.fmt = "native" if native else fmt
        o.check = True

    for role in ROLES:
        spec = mapping.role_spec(role)
        o = _Out(role, spec.column if spec else None, "role", ROLE_TYPES[role])
        outs.append(o)
        if spec is None:
            o.value = F.lit(None).cast(_SPARK_TYPES[o.dtype])
            continue
        o.data_class = mapping.role_class(role) if role in ("case_id", "resource") else DataClass.PROCESS
        if o.data_class.is_identifier and role == "resource" and (spec.automation or spec.automation_pattern):
            match = F.trim(_col(spec.column).cast("string")).isin(_automation_values(raw, spec))
            o.value = F.when(match, _text(spec.column)).otherwise(pseudonymised(spec.column, o.data_class))
            automation = sorted(str(r[0]) for r in raw.where(match).select(_text(spec.column)).distinct().collect()
                                if r[0] is not None)
        elif o.data_class.is_identifier:
            o.value = pseudonymised(spec.column, o.data_class)
        elif o.dtype == _TEXT:
            o.value, o.text = _text(spec.column), True
        elif o.dtype == "TIMESTAMPTZ":
            timestamp(o, spec.column, spec.format)
            formats[role] = o.fmt  # type: ignore[assignment]
        else:  # sequence
            o.value, o.check = _col(spec.column).try_cast("bigint"), True
    outs.append(_Out(SRC_ROW, ROW_COLUMN, "src_row", "BIGINT", value=F.col(ROW_COLUMN)))
    for col, name, cspec in attrs:
        st = types[col]
        o = _Out(name, col, "attr", cspec.type or st, cspec.data_class, cspec.level)
        outs.append(o)
        if cspec.data_class.is_identifier:
            o.dtype = _TEXT
            o.value = pseudonymised(col, cspec.data_class)
        elif cspec.type in ("TIMESTAMPTZ", "DATE"):
            timestamp(o, col, cspec.format)
            formats[name] = o.fmt  # type: ignore[assignment]
        elif cspec.type is not None:
            value = _text(col) if st == _TEXT else _col(col)
            o.value, o.check = value.try_cast(_spark_type(cspec.type)), True
            o.text = cspec.type == _TEXT
        elif col in inferred:
            dtype, found = inferred[col]
            o.dtype = dtype
            if dtype == _TEXT:
                o.value, o.text = _text(col), True
            elif dtype == "TIMESTAMPTZ":
                assert found is not None
                o.value, o.fmt = _timestamp(col, found, st, tz, dtype, run, name), found
                formats[name] = found
            else:  # numeric casts ignore surrounding spaces; booleans need the trimmed text
                o.value = (_text(col) if dtype == "BOOLEAN" else _col(col)).try_cast(_SPARK_TYPES[dtype])
        elif st == _TEXT:  # free text: never typed
            o.value, o.text = _text(col), True
        elif st == "TIMESTAMP":
            o.dtype, o.value = "TIMESTAMPTZ", _timestamp(col, "iso", st, tz, "TIMESTAMPTZ", run, name)
        else:
            o.value = _col(col)
            o.dtype = {"TIMESTAMP WITH TIME ZONE": "TIMESTAMPTZ"}.get(st, st)

    act = outs[ROLES.index("activity")]
    if mapping.activities.map:
        _check_unmapped(run, raw, act, mapping)
        pairs = [F.lit(x) for k, t in mapping.activities.map.items() for x in (k, mask_cpr(t))]
        act.value = F.coalesce(F.try_element_at(F.create_map(*pairs), act.value), act.value)

    # -- stage: values, flags of failed casts and CPR numbers; checked in one pass -------------------------------
    cols: list[Any] = []
    for i, o in enumerate(outs):
        cols.append(o.value.alias(o.name))
        if o.check:
            assert o.source is not None
            nonblank = (_expr(nonblank_sql(ident(o.source))) if types[o.source] == _TEXT
                        else _col(o.source).isNotNull())
            cols.append((nonblank & o.value.isNull()).alias(f"__sf_bad_{i}"))
    stage = raw.select(*cols, F.col(ROW_COLUMN).alias("__sf_raw_row"))
    masked = []
    for i, o in enumerate(outs):
        if o.text:
            name = ident(o.name)
            masked.append(_expr(f"CASE WHEN strlen({name}) >= 10 THEN {contains_cpr_sql(name)} ELSE false END")
                          .alias(f"__sf_cpr_{i}"))
    stage = run.cache(stage.select("*", *masked))
    checks = [F.count(F.lit(1))]
    checked = [i for i, o in enumerate(outs) if o.check]
    texts = [i for i, o in enumerate(outs) if o.text]
    checks += [F.count_if(F.col(f"__sf_bad_{i}")) for i in checked]
    checks += [F.count_if(F.col(f"__sf_cpr_{i}")) for i in texts]
    checks += [F.count_if(_col(r).isNull()) for r in ("case_id", "activity", "timestamp")]
    counts = [int(x) for x in stage.agg(*checks).collect()[0]]
    n_events, rest = counts[0], counts[1:]
    for i in checked:
        n_bad = rest.pop(0)
        if n_bad:
            _raise_bad_values(run, raw, stage, i, outs[i], n_bad, n_events, detected)
    for i in texts:
        n_cpr = rest.pop(0)
        if n_cpr:
            warnings.append(_cpr_message(run, stage, i, outs[i], n_cpr))
    for role, n_null in zip(("case_id", "activity", "timestamp"), rest, strict=True):
        if n_null:
            spec = mapping.role_spec(role)
            assert spec is not None
            rows = [int(r[0]) for r in stage.where(_col(role).isNull()).select(SRC_ROW).orderBy(SRC_ROW)
                    .limit(5).collect()]
            raise LogFormatError(
                f"{n_null:,} event(s) have no {role} (empty value); first "
                f"{'lines' if run.first_line else 'rows'}: {', '.join(run.at(r).split()[1] for r in rows)}",
                location=run.location(rows[0] if rows else None, spec.column),
                hint="Every event needs a case id, an activity and a timestamp: remove these rows from the "
                     "extract, or map another column.")
    values = stage.select(*[_col(o.name) for o in outs],
                          *[F.col(f"__sf_cpr_{i}") for i in texts])
    final = [(_expr(mask_cpr_sql(ident(o.name), matched=f"__sf_cpr_{i}")) if o.text else _col(o.name)).alias(o.name)
             for i, o in enumerate(outs)]
    staged = values.select(*final)

    # -- activity instances: start and complete events paired, as the DuckDB import pairs them ----------------------
    if mapping.activity_instances.pair and n_events:
        staged, note = _pair_instances(run, staged, raw, mapping, outs)
        warnings.append(note)
        n_events = run.cache(staged).count()

    # -- exact duplicates: equal in every stored column; the first in source order is the original -----------------
    if mapping.duplicates != "keep" and n_events:
        check_duplicate_flag(mapping, [o.name for o in outs], label)
        staged, n_copies = _duplicates(run, staged, [o.name for o in outs if o.kind != "src_row"],
                                       mapping.duplicates, warnings)
        if mapping.duplicates == "drop":
            n_events -= n_copies
        else:
            outs.append(_Out(DUPLICATE_FLAG, None, "attr", "BOOLEAN"))

    # -- case attributes: the last non-null value of each case (by time, then source row) -----------------------
    case_attrs = [o for o in outs if o.kind == "attr" and o.level == "case"]
    if case_attrs and n_events:
        staged, notes = _settle_case_attributes(run, staged, case_attrs)
        warnings += notes

    # -- the store's tables: the layout's SQL, transpiled ----------------------------------------------------------
    schema = LogSchema(
        roles={o.name: o.source for o in outs if o.kind == "role" and o.source is not None},
        role_classes={o.name: o.data_class for o in outs
                      if o.kind == "role" and o.source is not None and o.name in ("case_id", "resource")},
        attributes=tuple(Column(name=o.name, level="case" if o.level == "case" else "event", dtype=o.dtype,
                                data_class=o.data_class, source=o.source) for o in outs if o.kind == "attr"),
        automation=tuple(automation),
    )
    staged = staged.select("*", (F.lit(import_id << 40) + F.col(SRC_ROW)).cast("bigint").alias("src_order"))
    rows_read, added = n_events, n_events
    if base is not None:
        staged, schema, n_events = _append_to(run, base, staged.drop(SRC_ROW), schema)
        added = n_events - base[2]
    view = run.view("staged", run.cache(staged))
    session = run.session

    def sql(text: str) -> Any:
        return session.sql(transpile(text, "spark"))

    activities = run.cache(sql(layout.activities_sql(view)))
    acts = run.view("activities", activities)
    cases = run.view("case_index", run.cache(sql(layout.case_index_sql(view, schema))))
    tmp.mkdir(parents=True)
    sql(layout.events_sql(view, cases, acts, schema)).write.parquet(str(tmp / "events.parquet"))
    sql(layout.cases_sql(cases, schema)).write.parquet(str(tmp / "cases.parquet"))
    activities.write.parquet(str(tmp / "activities.parquet"))
    events = run.view("events", session.read.parquet(str(tmp / "events.parquet")))
    sql(layout.successors_sql(events, by_case=True)).write.parquet(str(tmp / "successors.parquet"))
    return {"schema": schema, "n_events": n_events, "n_cases": session.table(cases).count(), "rows_read": rows_read,
            "added": added,
            "n_activities": activities.count(), "warnings": warnings, "timestamp_formats": formats}


def _append_to(run: _Run, base: tuple[Any, LogSchema, int], new: Any, schema: LogSchema) -> tuple[Any, LogSchema,
                                                                                                   int]:
    """The stored events of ``base`` and those of ``new`` that no stored event equals (in every role and event
    attribute, NULLs equal), as :meth:`sagsflow.store.workspace.Workspace.write_log` appends: (the staged events,
    the merged schema, their number)."""
    from functools import reduce

    from pyspark.sql import functions as F

    from sagsflow.store.workspace import Workspace

    old, old_schema, _n = base
    Workspace._check_compatible(old_schema, schema)
    merged = old_schema.merge(schema)

    def as_merged(df: Any, own: LogSchema) -> Any:
        have = {c.name for c in own.attributes}
        missing = [F.lit(None).cast(_spark_type(c.dtype)).alias(c.name) for c in merged.attributes
                   if c.name not in have]
        return df.select("*", *missing)

    old_m, new_m = as_merged(old, old_schema).alias("o"), as_merged(new, schema).alias("n")
    compare = [*ROLES, *(a.name for a in merged.event_attributes)]
    same = reduce(lambda a, b: a & b, [F.col(f"n.{ident(c, dialect='spark')}").eqNullSafe(
        F.col(f"o.{ident(c, dialect='spark')}")) for c in compare])
    fresh = new_m.join(old_m, same, "left_anti")
    combined = run.cache(old_m.unionByName(fresh))
    return combined, merged, combined.count()


def _infer(run: _Run, raw: Any, columns: list[str], samples: dict[str, list[str]],
           tz: str) -> dict[str, tuple[str, TimestampFormat | None]]:
    """:func:`sagsflow.ingest.infer.infer_types` on Spark: a candidate type from the sample, verified over every
    value (a failed BIGINT tried as DOUBLE)."""
    from pyspark.sql import functions as F

    result: dict[str, tuple[str, TimestampFormat | None]] = {c: (_TEXT, None) for c in columns}
    candidates = {c: cand for c in columns if (cand := candidate_type(samples[c])) is not None}

    def failures(cands: dict[str, tuple[str, TimestampFormat | None]]) -> dict[str, int]:
        if not cands:
            return {}
        checks = []
        for c, (dtype, fmt) in cands.items():
            v = _col(c).cast("string")
            if dtype == "TIMESTAMPTZ":
                assert fmt is not None
                ok = ~_expr(nonblank_sql(ident(c))) | _timestamp(c, fmt, _TEXT, tz, dtype, run, c).isNotNull()
            else:
                ok = _expr(value_fits_sql(ident(c), dtype))
            checks.append(F.count_if(v.isNotNull() & ~F.coalesce(ok, F.lit(False))))
        return dict(zip(cands, (int(x) for x in raw.agg(*checks).collect()[0]), strict=True))

    first: dict[str, tuple[str, TimestampFormat | None]] = {}
    for c, cand in candidates.items():
        if cand.dtype == "TIMESTAMPTZ":
            assert cand.format is not None
            _check_format(cand.format, run.label, f"column {c!r} (inferred timestamps)")
        first[c] = (cand.dtype, cand.format)
    failed = failures(first)
    doubles: dict[str, tuple[str, TimestampFormat | None]] = {
        c: ("DOUBLE", None) for c, (dtype, _f) in first.items() if dtype == "BIGINT" and failed[c]}
    failed.update(failures(doubles))
    for c, typed in {**first, **doubles}.items():
        if failed[c] == 0:
            result[c] = typed
    return result


def _check_unmapped(run: _Run, raw: Any, act: _Out, mapping: Mapping) -> None:
    from pyspark.sql import functions as F

    if mapping.activities.unmapped != "error":
        return
    rows = (raw.select(act.value.alias("a"), F.col(ROW_COLUMN))
            .where(F.col("a").isNotNull() & ~F.col("a").isin(list(mapping.activities.map)))
            .groupBy("a").agg(F.count(F.lit(1)).alias("n"), F.min(ROW_COLUMN).alias("r"))
            .orderBy(F.desc("n"), "a").collect())
    if not rows:
        return
    shown = ", ".join(f"{r['a']!r} ({r['n']:,} events)" for r in rows[:10])
    more = f" and {len(rows) - 10} more" if len(rows) > 10 else ""
    first_row = min(int(r["r"]) for r in rows)
    raise MappingError(
        f"{run.label}, {run.at(first_row)}, column {act.source!r}: {len(rows)} activity code(s) are not in the "
        f"mapping's activities.map (unmapped: error): {shown}{more}",
        hint="Add them to activities.map, or set activities.unmapped: keep to store them unchanged.",
        field="activities.map")


def _raise_bad_values(run: _Run, raw: Any, stage: Any, i: int, o: _Out, n_bad: int, n_rows: int,
                      detected: dict[str, TimestampFormat]) -> None:
    from pyspark.sql import functions as F

    assert o.source is not None
    rows = [int(r[0]) for r in stage.where(F.col(f"__sf_bad_{i}")).select("__sf_raw_row").orderBy("__sf_raw_row")
            .limit(5).collect()]
    examples = raw.where(F.col(ROW_COLUMN).isin(rows)).select(ROW_COLUMN, _col(o.source).cast("string")) \
        .orderBy(ROW_COLUMN).collect()
    shown = "; ".join(f"{run.at(int(r[0]))}: {r[1]!r}" for r in examples)
    what = o.name if o.kind != "attr" else f"attribute {o.name!r}"
    if o.fmt is not None:
        how = "detected" if o.source in detected else "from the mapping"
        expected = f"timestamps in the format {format_description(o.fmt)!r} ({how})"
        hint = ("Correct the values in the source, or state the format in the mapping (formats: auto, iso or "
                "strftime patterns).")
    else:
        expected = f"values of type {o.dtype}"
        hint = "Correct the values in the source, or change the type in the mapping (type: VARCHAR keeps text)."
    share = 100.0 * n_bad / n_rows if n_rows else 0.0
    raise LogFormatError(
        f"{n_bad:,} of {n_rows:,} rows ({share:.1f}%) have a value of the {what} that cannot be read as "
        f"{expected}. First examples: {shown}",
        location=run.location(rows[0] if rows else None, o.source), hint=hint)


def _cpr_message(run: _Run, stage: Any, i: int, o: _Out, n_cpr: int) -> str:
    from pyspark.sql import functions as F

    if o.name == "case_id":
        row = stage.where(F.col(f"__sf_cpr_{i}")).agg(F.min("__sf_raw_row")).collect()[0][0]
        raise MappingError(
            f"{run.label}, {run.at(int(row))}, column {o.source!r}: the case id holds CPR numbers ({n_cpr:,} "
            "events), but the mapping does not declare it a citizen_id; masking would merge all those cases "
            "into one",
            hint=f"Declare it so it is pseudonymised: case_id: {{column: {o.source}, data_class: citizen_id}}.",
            field="case_id")
    text = f"{run.label}, column {o.source!r}: CPR numbers were masked as {CPR_MASK} in {n_cpr:,} value(s)"
    if o.kind == "attr" and o.data_class is not DataClass.FREE_TEXT:
        text += (f"; if the column identifies citizens, declare it (columns: {{{o.source}: "
                 "{data_class: citizen_id}}) so it is pseudonymised instead")
    return text


def _pair_instances(run: _Run, staged: Any, raw: Any, mapping: Mapping, outs: list[_Out]) -> tuple[Any, str]:
    """The staged events with start and complete events paired into activity instances (the complete keeps the
    start's time as its start time; starts, and other transitions if the mapping says drop, are left out), and the
    note: :func:`sagsflow.ingest.apply.instance_pairs_sql` (the DuckDB import's query) run transpiled."""
    from pyspark.sql import functions as F

    spec = mapping.activity_instances
    instance = hidden = None
    if spec.instance is not None:
        instance = next((o.name for o in outs if o.kind == "attr" and o.source == spec.instance), None)
        if instance is None:  # not kept as an attribute: carried in a hidden column for the pairing
            instance = hidden = "__sf_instance"
            staged = staged.join(raw.select(F.col(ROW_COLUMN).alias(SRC_ROW),
                                            _col(spec.instance).cast("string").alias(hidden)), SRC_ROW)
    unpaired = run.cache(staged)
    view = run.view("unpaired", unpaired)
    pairs = run.cache(run.session.sql(transpile(instance_pairs_sql(view, ident(instance) if instance else None),
                                                "spark")))
    lc = _expr(LIFECYCLE_SQL)
    two = lc.isin("start", "complete")
    n_start, n_complete, n_other = (int(x) for x in unpaired.agg(
        F.count_if(lc == "start"), F.count_if(lc == "complete"), F.count_if(~two)).collect()[0])
    n_pairs = pairs.count()
    kept = lc == "complete" if spec.other_transitions == "drop" else (lc == "complete") | ~two
    joined = unpaired.join(pairs, SRC_ROW, "left")
    paired = joined.where(kept).select(*[
        F.coalesce(F.col("start_timestamp"), F.col("start_ts")).alias(c) if c == "start_timestamp" else _col(c)
        for c in unpaired.columns if c != hidden])
    return paired, pairing_note(run, spec.other_transitions, n_pairs, n_start, n_complete, n_other)


def _duplicates(run: _Run, staged: Any, compared: list[str], policy: str, warnings: list[str]) -> tuple[Any, int]:
    """The staged events with exact duplicates dropped or flagged (``duplicates`` of the mapping), and the number of
    copies; the note, as the DuckDB import words it, is added to ``warnings``."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    order = Window.partitionBy(*[_col(c) for c in compared]).orderBy(SRC_ROW)
    marked = run.cache(staged.withColumn("__sf_k", F.row_number().over(order)))
    n, first = marked.where(F.col("__sf_k") > 1).agg(F.count(F.lit(1)), F.min(SRC_ROW)).collect()[0]
    warnings.append(duplicates_note(run, policy, int(n), None if first is None else int(first)))
    if policy == "drop":
        return marked.where(F.col("__sf_k") == 1).drop("__sf_k"), int(n)
    return marked.withColumn(DUPLICATE_FLAG, F.col("__sf_k") > 1).drop("__sf_k"), int(n)


def _settle_case_attributes(run: _Run, staged: Any, case_attrs: list[_Out]) -> tuple[Any, list[str]]:
    """Every event of a case gets the case's last non-null value of each case attribute (by time, then source
    row), as the DuckDB import settles them; a note for each attribute that varies within cases."""
    from pyspark.sql import functions as F

    order = F.struct(_col("timestamp"), F.col(SRC_ROW))
    aggs = []
    for k, o in enumerate(case_attrs):
        c = _col(o.name)
        aggs.append(F.max_by(c, F.when(c.isNotNull(), order)).alias(o.name))
        aggs.append((~F.min(c).eqNullSafe(F.max(c))).alias(f"__sf_var_{k}"))
    per_case = run.cache(staged.groupBy("case_id").agg(*aggs))
    varies = per_case.agg(*[F.count_if(F.col(f"__sf_var_{k}")) for k in range(len(case_attrs))]).collect()[0]
    names = {o.name for o in case_attrs}
    settled = staged.select(*[_col(c) for c in staged.columns if c not in names]).join(
        per_case.select("case_id", *[_col(o.name) for o in case_attrs]), "case_id", "left")
    notes = [f"{run.label}, column {o.source!r}: the case attribute {o.name!r} varies within {int(n):,} case(s); "
             "the last non-null value of each case (by time) is kept"
             for o, n in zip(case_attrs, varies, strict=True) if n]
    return settled, notes
