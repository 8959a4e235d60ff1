"""The import pipeline: source -> raw table -> mapping -> store, in one transaction.

A failed import leaves the workspace exactly as it was; re-importing the same content into the
same log is detected by its hash and skipped; a new extract appended to an existing log only adds
the events not already stored.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import duckdb

from sagsflow.errors import AlreadyImportedError, InvalidParameterError, SchemaError
from sagsflow.i18n import _
from sagsflow.ingest.limits import Limits
from sagsflow.ingest.mapping import Mapping
from sagsflow.ingest.sources import SourceInfo, hash_file
from sagsflow.store.layout import check_log_name, slugify
from sagsflow.store.workspace import ImportRecord, Workspace

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


def _load(con: Any, source: Any, fmt: Format, table: str, limits: Limits, progress: Progress | None,
          options: dict[str, Any]) -> SourceInfo:
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


def _resolve_mapping(mapping: Mapping | dict[str, Any] | str | Path | None) -> Mapping | None:
    if mapping is None or isinstance(mapping, Mapping):
        return mapping
    if isinstance(mapping, dict):
        return Mapping.from_dict(mapping)
    return Mapping.from_yaml(mapping)


def _default_mapping(con: Any, raw: str, info: SourceInfo) -> Mapping:
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
    **options
        Passed to the source loader (``delimiter``, ``encoding``, ``sheet`` ...).

    Returns
    -------
    ImportResult
    """
    ws = _workspace(workspace)
    limits = limits or Limits.from_env()
    mapping_obj = _resolve_mapping(mapping)
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
    if not isinstance(source, SqlSource) and if_imported != "reimport" and name in ws:
        # only a log with imports can hold this content already; otherwise the loader's hash of the
        # same bytes is used (hashing a large file costs about a second per 500 MB)
        content_hash = hash_file(Path(source))
        earlier = ws.find_import(name, content_hash)
        if earlier is not None:
            if if_imported == "error":
                raise AlreadyImportedError(
                    f"{label}: the same content was imported into log {name!r} as import #{earlier.import_id}.",
                    hint="Pass if_imported='reimport' to import it again.",
                )
            return ImportResult("already_imported", ws.log(name), earlier)
    key_bytes = _key_for(mapping_obj, key, ws)
    raw = f"__sf_raw_{uuid.uuid4().hex[:8]}"
    canon = f"__sf_canon_{uuid.uuid4().hex[:8]}"
    started = datetime.now(UTC)
    con = ws.con
    with ws.transaction(), _memory_cap(ws, limits.import_memory_bytes):
        try:
            info = _load(con, source, fmt, raw, limits, _scaled(progress, 0.0, 0.5), options)
            if mapping_obj is None:
                mapping_obj = _default_mapping(con, raw, info)
                key_bytes = _key_for(mapping_obj, key, ws)
            from sagsflow.ingest.apply import apply_mapping

            if progress:
                progress(0.5, _("applying the mapping"))
            applied = apply_mapping(con, raw, mapping_obj, key=key_bytes, out=canon, label=info.label)
            con.execute(f"DROP TABLE IF EXISTS {raw}")  # free its memory before the events are sorted
            mapping_name = mapping_obj.name or name
            version = ws.save_mapping(mapping_name, mapping_obj.to_yaml(), mapping_obj.sha256)
            if progress:
                progress(0.75, _("writing the log"))
            record = ImportRecord(
                log_name=name, content_hash=content_hash or info.content_hash, source=info.label,
                source_format=info.format, rows_read=info.n_rows, mapping_name=mapping_name,
                mapping_version=version, started_at=started,
            )
            record = ws.write_log(name, canon, applied.schema, mode=mode, record=record)
        finally:
            con.execute(f"DROP TABLE IF EXISTS {raw}")
            con.execute(f"DROP TABLE IF EXISTS {canon}")
    if progress:
        progress(1.0, _("done"))
    from sagsflow.plausible import import_warnings

    stored = ws.log(name)
    return ImportResult(
        "imported", stored, record, info, mapping_obj,
        [*info.notes, *applied.warnings, *import_warnings(stored.plausible_window)], dict(applied.timestamp_formats),
    )


_LIMIT_SQL = "SELECT current_setting('memory_limit')"


@contextmanager
def _memory_cap(ws: Workspace, cap: int) -> Iterator[None]:
    """Cap DuckDB's ``memory_limit`` at ``cap`` bytes while an import into a workspace folder runs.

    Beyond the cap DuckDB spills sorts and temporary tables to the workspace's temporary files
    (``events.duckdb.tmp``) instead of growing: a 10M-event import peaks near 2.3 GB instead of
    4 GB, for about 30% more time. Only DuckDB's default limit is capped (and reset afterwards):
    a limit set on the workspace, in-memory workspaces and ``cap=0`` are left alone.
    """
    con = ws.con
    if ws.path is None or cap <= 0:
        yield
        return
    with duckdb.connect(":memory:") as fresh:
        default = fresh.execute(_LIMIT_SQL).fetchall()[0][0]
    if con.execute(_LIMIT_SQL).fetchall()[0][0] != default:
        yield
        return
    con.execute(f"SET memory_limit = '{max(cap // 1024**2, 64)}MiB'")
    try:
        yield
    finally:
        con.execute("RESET memory_limit")


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
