"""One obvious entry point per source format, in the style of PM4Py's simplified interface.

Each ``read_*`` imports the source into a workspace (a throw-away in-memory one by default) and
returns the :class:`~sagsflow.log.EventLog`. For the details of an import (rows read, duplicates
skipped, warnings) use :func:`sagsflow.import_log`.

Examples
--------
>>> import sagsflow, tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "sager.csv"
>>> _ = p.write_text("sag;aktivitet;tidspunkt\\nA1;Ansøgning modtaget;02-01-2024 09:15\\n", encoding="cp1252")
>>> sagsflow.read_csv(p, mapping={"case_id": "sag", "activity": "aktivitet", "timestamp": "tidspunkt"})
EventLog('sager', events=1, cases=1)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from sagsflow.ingest.mapping import Mapping
from sagsflow.ingest.pipeline import SqlSource, import_log
from sagsflow.log import EventLog
from sagsflow.store.workspace import Workspace

MappingLike = Mapping | dict[str, Any] | str | Path | None
Mode = Literal["create", "replace", "append"]


def _mapping(mapping: MappingLike) -> Mapping | str | Path | None:
    if isinstance(mapping, dict):
        return Mapping.from_dict(mapping)
    return mapping


def _read(source: Any, fmt: Any, mapping: MappingLike, workspace: Workspace | str | Path | None,
          log: str | None, key: bytes | str | None, mode: Mode, options: dict[str, Any]) -> EventLog:
    return import_log(
        source, workspace=workspace, log=log, mapping=_mapping(mapping), key=key, mode=mode, format=fmt,
        **options,
    ).log


def read_csv(path: str | Path, *, mapping: MappingLike = None, workspace: Workspace | str | Path | None = None,
             log: str | None = None, key: bytes | str | None = None, mode: Mode = "append",
             **options: Any) -> EventLog:
    """Read a CSV/TSV/semicolon file (encoding and delimiter detected) into an event log.

    ``options``: ``delimiter``, ``encoding``, ``quotechar``, ``header``. See :func:`sagsflow.import_log`.
    """
    return _read(path, "csv", mapping, workspace, log, key, mode, options)


def read_excel(path: str | Path, *, mapping: MappingLike = None,
               workspace: Workspace | str | Path | None = None, log: str | None = None,
               key: bytes | str | None = None, mode: Mode = "append", sheet: str | int | None = None
               ) -> EventLog:
    """Read one sheet of an .xlsx workbook into an event log."""
    return _read(path, "excel", mapping, workspace, log, key, mode, {"sheet": sheet})


def read_parquet(path: str | Path, *, mapping: MappingLike = None,
                 workspace: Workspace | str | Path | None = None, log: str | None = None,
                 key: bytes | str | None = None, mode: Mode = "append") -> EventLog:
    """Read a Parquet file into an event log."""
    return _read(path, "parquet", mapping, workspace, log, key, mode, {})


def read_xes(path: str | Path, *, mapping: MappingLike = None, workspace: Workspace | str | Path | None = None,
             log: str | None = None, key: bytes | str | None = None, mode: Mode = "append") -> EventLog:
    """Read an XES or XES.gz file (streamed; entity declarations refused) into an event log.

    Resources (``org:resource``) are employee identifiers by default and are pseudonymised, so a
    key is needed (``key=`` or ``SAGSFLOW_PSEUDONYM_KEY``) unless the mapping says otherwise.
    """
    return _read(path, "xes", mapping, workspace, log, key, mode, {})


def read_sql(query: str, url: Any, *, mapping: MappingLike = None,
             workspace: Workspace | str | Path | None = None, log: str | None = None,
             key: bytes | str | None = None, mode: Mode = "append",
             params: dict[str, Any] | None = None) -> EventLog:
    """Run a query against any database SQLAlchemy can reach and import the rows as an event log."""
    return _read(SqlSource(query, url, params), "sql", mapping, workspace, log or "sql_import", key, mode, {})
