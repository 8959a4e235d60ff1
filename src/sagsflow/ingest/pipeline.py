"""The import pipeline: source -> raw table -> mapping -> store, in one transaction.

A failed import leaves the workspace exactly as it was; re-importing the same content into the
same log is detected by its hash and skipped; a new extract appended to an existing log only adds
the events not already stored.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import duckdb

from sagsflow.errors import AlreadyImportedError, InvalidParameterError, SagsflowError, SchemaError
from sagsflow.i18n import _
from sagsflow.ingest.limits import Limits, check_columns
from sagsflow.ingest.mapping import Mapping
from sagsflow.ingest.sources import SourceInfo, drop_table, hash_file
from sagsflow.query.quote import literal
from sagsflow.store.layout import check_log_name, slugify
from sagsflow.store.workspace import ImportRecord, Workspace, default_memory_limit

if TYPE_CHECKING:
    from sagsflow.log import EventLog

Progress = Callable[[float, str], None]
Format = Literal["csv", "excel", "parquet", "xes", "sql"]

_SUFFIXES: dict[str, Format] = {
    ".csv": "csv", ".tsv": "csv", ".txt": "csv", ".tab": "csv",
    ".xlsx": "excel", ".xlsm": "excel",
    ".parquet": "parquet", ".pq": "parquet",
    ".xes": "xes",
}


@dataclass(frozen=True)
class SqlSource:
    """A query against a database SQLAlchemy can reach (the municipality's data warehouse).

    Examples
    --------
    >>> SqlSource("SELECT * FROM haendelser", "sqlite:///dwh.db").url
    'sqlite:///dwh.db'
    """

    query: str
    url: Any  # str or sqlalchemy Engine
    params: dict[str, Any] | None = None


@dataclass
class ImportResult:
    """What an import did."""

    status: Literal["imported", "already_imported"]
    log: EventLog
    record: ImportRecord
    source: SourceInfo | None = None
    mapping: Mapping | None = None
    warnings: list[str] = field(default_factory=list)
    timestamp_formats: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> str:
        """One line for people: what was imported where."""
        r = self.record
        if self.status == "already_imported":
            return (
                f"{r.source}: already imported into log {r.log_name!r} as import #{r.import_id} "
                f"on {r.finished_at:%Y-%m-%d %H:%M} UTC; nothing changed."
            )
        return (
            f"{r.source}: {r.rows_read:,} rows read, {r.events_added:,} events added to log {r.log_name!r}"
            + (f" ({r.duplicates_skipped:,} already stored)" if r.duplicates_skipped else "")
            + f"; the log has {self.log.n_events:,} events in {self.log.n_cases:,} cases."
        )


def detect_format(path: str | Path) -> Format:
    """The source format from the file name (``.csv``, ``.xes.gz``, ``.xlsx``, ``.parquet`` ...)."""
    p = Path(path)
    suffixes = [s.lower() for s in p.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    last = suffixes[-1] if suffixes else ""
    if last in _SUFFIXES:
        return _SUFFIXES[last]
    if last in (".xls", ".xlsb", ".ods"):
        raise InvalidParameterError(
            f"{p.name}: {last} files are not supported.",
            hint="Save the sheet as .xlsx (Excel 2007 or later) or as CSV and import that.",
        )
    raise InvalidParameterError(
        f"{p.name}: cannot tell the format from the file name (suffix {last or 'none'!r}).",
        hint="Name the file .csv, .tsv, .xlsx, .parquet, .xes or .xes.gz, or pass format='csv' etc.",
        field="format",
    )


def load_source(con: Any, source: Any, fmt: Format, table: str, limits: Limits, progress: Progress | None,
                options: dict[str, Any]) -> SourceInfo:
    """Read ``source`` in format ``fmt`` into the TEMP table ``table`` of ``con`` with the loader of its format (every
    import reads a source here: the DuckDB import and the Spark import's driver-side XES and Excel reading)."""
    if fmt == "csv":
        from sagsflow.ingest.sources import load_csv

        return load_csv(con, source, table, limits=limits, progress=progress, **options)
    if fmt == "excel":
        from sagsflow.ingest.sources import load_excel

        return load_excel(con, source, table, limits=limits, progress=progress, **options)
    if fmt == "parquet":
        from sagsflow.ingest.sources import load_parquet

        return load_parquet(con, source, table, limits=limits, progress=progress, **options)
    if fmt == "xes":
        from sagsflow.ingest.xes import load_xes

        return load_xes(con, source, table, limits=limits, progress=progress, **options)
    from sagsflow.ingest.sources import load_sql

    assert isinstance(source, SqlSource)
    return load_sql(con, source.query, source.url, table, params=source.params, progress=progress, **options)


def resolve_mapping(mapping: Mapping | dict[str, Any] | str | Path | None) -> Mapping | None:
    """A mapping given as a :class:`Mapping`, a dict or a YAML path (None stays None: infer one)."""
    if mapping is None or isinstance(mapping, Mapping):
        return mapping
    if isinstance(mapping, dict):
        return Mapping.from_dict(mapping)
    return Mapping.from_yaml(mapping)


def default_mapping(con: Any, raw: str, info: SourceInfo) -> Mapping:
    """The inferred mapping (:func:`sagsflow.ingest.suggest.infer_mapping`, what the wizard shows too)."""
    from sagsflow.ingest.suggest import infer_mapping

    try:
        return infer_mapping(con, raw, info).mapping
    except SchemaError as exc:
        raise SchemaError(
            f"{info.label}: {exc.message}",
            hint=exc.hint or "Write a mapping file (see docs/importing.md) naming case_id, activity and timestamp.",
        ) from None


def import_log(
    source: str | Path | SqlSource,
    *,
    workspace: Workspace | str | Path | None = None,
    log: str | None = None,
    mapping: Mapping | dict[str, Any] | str | Path | None = None,
    mode: Literal["create", "replace", "append"] = "append",
    key: bytes | str | None = None,
    format: Format | None = None,
    if_imported: Literal["skip", "error", "reimport"] = "skip",
    limits: Limits | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    **options: Any,
) -> ImportResult:
    """Import one source into a log of a workspace, atomically.

    Parameters
    ----------
    source : path or SqlSource
        A CSV/TSV, Excel (.xlsx), Parquet or XES(.gz) file, or a query.
    workspace : Workspace or path, optional
        Where to store the log; a throw-away in-memory workspace when omitted.
    log : str, optional
        Log name; by default made from the file name.
    mapping : Mapping, dict or YAML path, optional
        Which columns play which role, their personal-data classes, timestamp formats. XES needs
        none; for other sources a mapping is guessed from column names when omitted.
    mode : {'append', 'create', 'replace'}
        ``append`` (default) adds a new extract to an existing log (creating it when missing),
        skipping events already stored.
    key : bytes or str, optional
        Pseudonymisation key; by default from ``SAGSFLOW_PSEUDONYM_KEY(_FILE)``. Required when
        the mapping declares citizen or employee identifiers.
    if_imported : {'skip', 'error', 'reimport'}
        What to do when the same content was imported into this log before.
    limits : Limits, optional
        Size, decompression, width and memory limits (default :meth:`Limits.from_env`).
    progress : callable, optional
        ``progress(fraction, message)``, called at every step; it may raise to stop the import.
    cancel : threading.Event, optional
        Set it (from any thread) to stop the import within about a second, also in the middle of a long
        database statement (it is interrupted); nothing is stored. By default the ``cancelled`` event of a
        background job's progress callback, when it has one.
    **options
        Passed to the source loader (``delimiter``, ``encoding``, ``sheet`` ...).

    Returns
    -------
    ImportResult

    Raises
    ------
    ImportCancelledError
        ``cancel`` was set; the workspace is as it was.

    Notes
    -----
    The import runs on a database cursor of its own, so imports into different logs of one workspace run
    side by side (imports into the same log wait for each other) and the workspace's other users are never
    blocked by a busy connection.
    """
    ws = _workspace(workspace)
    cancel = cancel if cancel is not None else getattr(progress, "cancelled", None)
    limits = limits or Limits.from_env()
    mapping_obj = resolve_mapping(mapping)
    if isinstance(source, SqlSource):
        fmt: Format = "sql"
        name = log or "sql_import"
        label = "sql query"
        content_hash = None
    else:
        path = Path(source)
        if not path.exists():
            raise InvalidParameterError(f"no such file: {str(path)!r}.", field="source")
        fmt = format or detect_format(path)
        name = log or slugify(path.name.split(".")[0])
        label = path.name
        content_hash = None
    check_log_name(name)
    if not isinstance(source, SqlSource) and if_imported != "reimport" and _has_log(ws, name):
        # only a log with imports can hold this content already; otherwise the loader's hash of the
        # same bytes is used (hashing a large file costs about a second per 500 MB)
        content_hash = hash_file(Path(source))
        with ws.read():
            earlier = ws.find_import(name, content_hash)
        if earlier is not None:
            if if_imported == "error":
                raise AlreadyImportedError(
                    f"{label}: the same content was imported into log {name!r} as import #{earlier.import_id}.",
                    hint="Pass if_imported='reimport' to import it again.",
                )
            with ws.read():
                return ImportResult("already_imported", ws.log(name), earlier)
    key_bytes = _key_for(mapping_obj, key, ws)
    raw = f"__sf_raw_{uuid.uuid4().hex[:8]}"
    canon = f"__sf_canon_{uuid.uuid4().hex[:8]}"
    started = datetime.now(UTC)
    report = _Steps(progress, cancel)
    # a cursor of its own: the import never makes the workspace's connection busy for anyone else, and an
    # import into another log runs at the same time; one into the same log waits for this one
    with ws.read():  # the workspace's own connection is used only for the moment it takes to make a cursor
        view = ws.reader()
    con = view.con
    try:
        with ws.root.log_lock(name), _memory_cap(view, limits.import_memory_bytes), \
                _cancellable(con, cancel, report):
            try:
                # the source is read into a TEMP table before the transaction begins: a reader whose statement
                # fails (a bad line, bytes that are not UTF-8 after all) can explain the error or read again,
                # and the transaction that writes the log never starts on an aborted statement
                info = load_source(con, source, fmt, raw, limits, _scaled(report, 0.0, 0.5), options)
                check_columns(len(info.columns), info.label, limits)  # every source, the database query too
                if mapping_obj is None:
                    report(0.5, _("inferring the mapping"))
                    mapping_obj = default_mapping(con, raw, info)
                    key_bytes = _key_for(mapping_obj, key, ws)
                from sagsflow.ingest.apply import apply_mapping

                report(0.5, _("applying the mapping"))
                step = _scaled(report, 0.5, 0.75)
                assert step is not None
                applied = apply_mapping(con, raw, mapping_obj, key=key_bytes, out=canon, label=info.label,
                                        first_line=info.first_line,
                                        progress=lambda message, fraction: step(fraction, message))
                # the mapping writes only temp tables, so it runs before the transaction: the raw rows are then
                # dropped for good before the events are sorted (a drop inside the transaction keeps their memory
                # until the commit; a 1M-row CSV import peaked ~150 MB higher)
                drop_table(con, raw)
                with view.transaction():
                    mapping_name = mapping_obj.name or name
                    version = view.save_mapping(mapping_name, mapping_obj.to_yaml(), mapping_obj.sha256)
                    report(0.75, _("writing the log"))
                    record = ImportRecord(
                        log_name=name, content_hash=content_hash or info.content_hash, source=info.label,
                        source_format=info.format, rows_read=info.n_rows, mapping_name=mapping_name,
                        mapping_version=version, started_at=started,
                    )
                    record = view.write_log(name, canon, applied.schema, mode=mode, record=record)
                    report(0.99, _("saving the result"))
            finally:
                if not report.cancelled:  # an interrupted connection is closed below instead
                    drop_table(con, raw)
                    drop_table(con, canon)
    except Exception:
        # an interrupted statement surfaces as an interrupt, or as whatever the step that caught it raised next
        if report.cancelled or (cancel is not None and cancel.is_set()):
            report.stop()  # raises the cancellation
        raise
    finally:
        view.close()  # a transaction left open by an interrupted statement is rolled back here
    report.done()
    from sagsflow.plausible import import_warnings

    with ws.read():
        result = ws.log(name)
    return ImportResult(
        "imported", result, record, info, mapping_obj,
        [*info.notes, *applied.warnings, *import_warnings(result.plausible_window)], dict(applied.timestamp_formats),
    )


def _has_log(ws: Workspace, name: str) -> bool:
    with ws.read():
        return name in ws


_LIMIT_SQL = "SELECT current_setting('memory_limit')"


@contextmanager
def _memory_cap(ws: Workspace, cap: int) -> Iterator[None]:
    """Cap DuckDB's ``memory_limit`` at ``cap`` bytes while imports into a workspace folder run.

    Beyond the cap DuckDB spills sorts and temporary tables to the workspace's temporary files
    (``events.duckdb.tmp``) instead of growing: a 10M-event import peaks near 2.3 GB instead of
    4 GB, for about 30% more time. Only the workspace's default limit is capped (and reset when the last
    import running at the same time ends: the setting is the database's): a limit set on the workspace,
    in-memory workspaces and ``cap=0`` are left alone.
    """
    root = ws.root
    if ws.path is None or cap <= 0:
        yield
        return
    with root._guard:
        if root.capped_imports == 0:
            root.cap_set = (root.default_limit is not None
                            and ws.con.execute(_LIMIT_SQL).fetchall()[0][0] == root.default_limit)
            if root.cap_set:
                ws.con.execute(f"SET GLOBAL memory_limit = '{max(cap // 1024**2, 64)}MiB'")
        root.capped_imports += 1
    try:
        yield
    finally:
        with root._guard:
            root.capped_imports -= 1
            if root.capped_imports == 0 and root.cap_set:
                root.cap_set = False
                ws.con.execute(f"SET GLOBAL memory_limit = {literal(default_memory_limit())}")


class ImportCancelledError(SagsflowError):
    """An import was cancelled (``cancel`` set); nothing was stored."""

    kind = "cancelled"


class _Steps:
    """The import's progress: passes ``(fraction, message)`` on, remembers the last one, and stops the import
    when ``cancel`` is set (at the next step; :func:`_cancellable` interrupts a statement running meanwhile)."""

    def __init__(self, progress: Progress | None, cancel: threading.Event | None) -> None:
        self.progress = progress
        self.cancel = cancel
        self.fraction = 0.0
        self.message = ""
        self.cancelled = False

    def __call__(self, fraction: float, message: str) -> None:
        if self.cancel is not None and self.cancel.is_set():
            self.stop()
        self.fraction, self.message = fraction, message
        if self.progress is not None:
            self.progress(fraction, message)

    def stop(self) -> None:
        """Raise the cancellation: the job's own (its progress raises once the job is cancelled), else
        :class:`ImportCancelledError`."""
        self.cancelled = True
        if self.progress is not None:
            self.progress(self.fraction, _("cancelled; nothing was changed"))
        raise ImportCancelledError(_("the import was cancelled; nothing was changed"))

    def done(self) -> None:
        if self.progress is not None:
            self.progress(1.0, _("done"))


@contextmanager
def _cancellable(con: duckdb.DuckDBPyConnection, cancel: threading.Event | None, steps: _Steps,
                 interval: float = 0.2) -> Iterator[None]:
    """While the block runs, a watcher interrupts the statement running on ``con`` as soon as ``cancel`` is set
    (and again every ``interval`` seconds, in case the block was between statements)."""
    if cancel is None:
        yield
        return
    stop = threading.Event()

    def watch() -> None:
        while not stop.wait(interval):
            if cancel.is_set():
                steps.cancelled = True
                con.interrupt()

    watcher = threading.Thread(target=watch, name="sagsflow-import-cancel", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        stop.set()
        watcher.join()


def _scaled(progress: Progress | None, lo: float, hi: float) -> Progress | None:
    """Map a step's own 0..1 progress into its slice [lo, hi] of the whole import."""
    if progress is None:
        return None
    last = [lo]

    def report(fraction: float, message: str) -> None:
        last[0] = max(last[0], lo + (hi - lo) * min(max(fraction, 0.0), 1.0))
        progress(last[0], message)

    return report


def declares_identifiers(mapping: Mapping) -> bool:
    """Whether the mapping classes any column as a citizen or employee identifier."""
    roles = any(mapping.role_class(r).is_identifier for r in mapping.role_columns())
    return roles or any(spec.data_class.is_identifier for spec in mapping.columns.values())


def _key_for(mapping: Mapping | None, key: bytes | str | None, ws: Workspace) -> bytes | None:
    if mapping is None or not declares_identifiers(mapping):
        return None if key is None else _load_key(key, ws)
    return _load_key(key, ws)


def _load_key(key: bytes | str | None, ws: Workspace) -> bytes:
    from sagsflow.ingest.pseudonymise import load_key

    return load_key(key, workspace=ws.path)


def _workspace(workspace: Workspace | str | Path | None) -> Workspace:
    if isinstance(workspace, Workspace):
        return workspace
    if workspace is None:
        return Workspace.memory()
    return Workspace.open(workspace)
