"""EventLog: a lazy, immutable handle on one stored log.

Nothing is read until you ask for data (``to_*``, ``collect``) — like a DuckDB relation or a
Polars LazyFrame. ``events()`` and ``cases()`` return DuckDB relations, which print a bounded
preview and can be refined with SQL before anything is materialised.

Examples
--------
>>> import sagsflow, tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "tiny.csv"
>>> _ = p.write_text("case,activity,time\\n1,Register,2024-01-02 09:00\\n1,Decide,2024-01-05 10:00\\n")
>>> log = sagsflow.read_csv(p)
>>> log.n_events, log.n_cases
(2, 1)
>>> log.to_pandas()[["case_id", "activity"]].values.tolist()
[['1', 'Register'], ['1', 'Decide']]
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from sagsflow.filters.spec import FilterStack, FilterStep, as_stack
from sagsflow.schema import ROLES, LogSchema
from sagsflow.store.layout import qident, schema_name
from sagsflow.store.workspace import fetch_value, finish_pending

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from datetime import datetime

    import pandas as pd
    import polars as pl
    import pyarrow as pa

    from sagsflow.filters.sql import FilterPlan
    from sagsflow.plausible import PlausibleWindow
    from sagsflow.store.workspace import Workspace


class EventLog:
    """A stored event log, read lazily. Get one from :func:`sagsflow.read_csv` & co. or
    :meth:`Workspace.log`."""

    def __init__(self, workspace: Workspace, name: str, schema: LogSchema, *,
                 _plan: FilterPlan | None = None, _columns: dict[str, tuple[str, ...]] | None = None,
                 _version: tuple[Any, ...] | None = None, _window: PlausibleWindow | None = None) -> None:
        self._ws = workspace
        self._name = name
        self._schema = schema
        self._given_plan = _plan
        self._base_plan: FilterPlan | None = None
        self._columns_memo = _columns  # table -> columns, for this version of the log (Workspace.log)
        self._version = _version  # the stored log's version stamp when this handle was made (Workspace.log)
        self._window = _window  # the stored log's plausible period (sagsflow.plausible), read when first needed

    @property
    def _plan(self) -> FilterPlan | None:
        """The filter plan; an unfiltered handle on a log with quarantined events gets the plan that leaves them
        out (made when first needed)."""
        if self._given_plan is not None:
            return self._given_plan
        if self._base_plan is None and self.plausible_window.is_active:  # (n_unrepresentable <= n_quarantined)
            self._base_plan = self._compile(FilterStack())
        return self._base_plan

    # ----------------------------------------------------------------- identity
    @property
    def name(self) -> str:
        return self._name

    @property
    def workspace(self) -> Workspace:
        return self._ws

    @property
    def schema(self) -> LogSchema:
        return self._schema

    @property
    def table(self) -> str:
        """Fully qualified name of the events table."""
        return f"{schema_name(self._name)}.events"

    @property
    def cases_table(self) -> str:
        return f"{schema_name(self._name)}.cases"

    @property
    def activities_table(self) -> str:
        return f"{schema_name(self._name)}.activities"

    def __repr__(self) -> str:
        steps = f", filters={len(self.filters)}" if self._plan is not None and len(self.filters) else ""
        w = self.plausible_window
        if w.is_active:
            steps += (f", {w.n_quarantined:,} quarantined events included" if self.includes_quarantined
                      else f", {w.n_quarantined:,} quarantined events left out")
        return f"EventLog({self._name!r}, events={self.n_events:,}, cases={self.n_cases:,}{steps})"

    # ----------------------------------------------------------------- filters
    def filter(self, spec: FilterStack | FilterStep | Mapping[str, Any] | Sequence[Any]) -> EventLog:
        """A new log with the filter(s) applied after this log's own filters; this log is unchanged.

        ``spec`` is a filter (``has_activity("Refund")``), a stack (``a & b``), or its plain data:
        a dict ``{"steps": [...]}``, a list of steps, or one step ``{"type": ..., ...}``. Names of
        attributes are checked against the log here.

        Raises
        ------
        InvalidParameterError
            The specification is not valid (the message names the step and the field).
        SchemaError
            A step names a column the log does not have.

        Examples
        --------
        >>> import sagsflow, tempfile, pathlib
        >>> from sagsflow.filters import has_activity
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "tiny.csv"
        >>> _ = p.write_text("case,activity,time\\n1,Register,2024-01-02\\n1,Refund,2024-01-03\\n"
        ...                  "2,Register,2024-01-04\\n")
        >>> log = sagsflow.read_csv(p)
        >>> log.filter(has_activity("Refund")).n_cases
        1
        >>> log.filter([{"type": "event_attribute", "attribute": "activity", "equals": "Refund",
        ...              "action": "remove", "mode": "events"}]).n_events
        2
        """
        stack = self.filters & as_stack(spec)
        return EventLog(self._ws, self._name, self._schema, _plan=self._compile(stack),
                        _columns=self._columns_memo, _version=self._version, _window=self._window)

    def _compile(self, stack: FilterStack) -> FilterPlan:
        from sagsflow.filters.sql import LogTables, compile_filters

        succ = f"{schema_name(self._name)}.successors"
        succ_cols = self._columns(succ, missing_ok=True)
        window = self.plausible_window
        tables = LogTables(
            name=self._name, events=self.table, cases=self.cases_table, activities=self.activities_table,
            schema=self._schema, event_columns=self._columns(self.table),
            case_columns=self._columns(self.cases_table),
            successors=succ if set(_SUCCESSOR_COLUMNS) <= set(succ_cols) else None,
            plausible=window.condition() if window.is_active else None,
            representable=window.representable() if window.n_unrepresentable else None,
            cut_cases=window.cut_cases if window.is_active else None,
            left_out_cases=window.left_out_cases if window.is_active else None,
        )
        return compile_filters(stack, tables)

    # ----------------------------------------------------------------- the plausible period
    @property
    def plausible_window(self) -> PlausibleWindow:
        """The stored log's plausible period and how many events it quarantines (:mod:`sagsflow.plausible`).

        Events outside it are left out of this log unless :attr:`includes_quarantined`."""
        if self._window is None:
            from sagsflow.plausible import plausible_window

            self._window = plausible_window(self._ws, self._name)
        return self._window

    @property
    def includes_quarantined(self) -> bool:
        """True when this log counts the events outside the plausible period (``include_quarantined``)."""
        return self.filters.include_quarantined

    def include_quarantined(self, include: bool = True) -> EventLog:
        """The same log (same filters) with the events outside the plausible period included, or left out again
        with ``include=False``. Events dated before 1800 or after 2199 stay out (:mod:`sagsflow.plausible`).

        Examples
        --------
        >>> import sagsflow, tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "s.csv"
        >>> rows = ["case,activity,time"] + [f"{c},A,2024-02-{c:02d}" for c in range(1, 20)] + ["3,B,1900-01-01"]
        >>> _ = p.write_text("\\n".join(rows) + "\\n")
        >>> log = sagsflow.read_csv(p)
        >>> log.n_events, log.include_quarantined().n_events, log.plausible_window.n_quarantined
        (19, 20, 1)
        """
        stack = self.filters.model_copy(update={"include_quarantined": bool(include)})
        return EventLog(self._ws, self._name, self._schema, _plan=self._compile(stack),
                        _columns=self._columns_memo, _version=self._version, _window=self._window)

    def unfiltered(self) -> EventLog:
        """The stored log without this log's filter steps, counting the quarantined events as this log does.

        With only case-level steps, this log's events are the unfiltered log's events of the cases in
        :meth:`case_selection_sql`.
        """
        stack = FilterStack(include_quarantined=self.includes_quarantined)
        return EventLog(self._ws, self._name, self._schema, _plan=self._compile(stack),
                        _columns=self._columns_memo, _version=self._version, _window=self._window)

    def quarantine(self) -> dict[str, Any]:
        """What the plausible period means for this log's results, as plain data for a response or a note:
        :meth:`PlausibleWindow.to_dict` with ``included`` telling whether this log counts them."""
        return self.plausible_window.to_dict(included=self.includes_quarantined)

    def _columns(self, table: str, *, missing_ok: bool = False) -> tuple[str, ...]:
        memo = self._columns_memo
        if memo is not None and table in memo:
            found = memo[table]
            if not found and not missing_ok:
                raise duckdb.CatalogException(f"Table {table} does not exist")
            return found
        found = self._read_columns(table, missing_ok=missing_ok)
        if memo is not None:
            memo[table] = found
        return found

    def _read_columns(self, table: str, *, missing_ok: bool = False) -> tuple[str, ...]:
        try:
            cur = self._ws.con.execute(f"SELECT * FROM {table} LIMIT 0")
            desc = cur.description
            cur.fetchall()
        except duckdb.CatalogException:
            if missing_ok:
                return ()
            raise
        return tuple(d[0] for d in desc or ())

    @property
    def filters(self) -> FilterStack:
        """The filter stack applied to the stored log (empty for an unfiltered log)."""
        return self._plan.stack if self._plan is not None else FilterStack()

    @property
    def is_event_trimmed(self) -> bool:
        """True when a filter cut events out of cases (event attribute in ``events`` mode, timeframe
        ``trim``, case section); then stored per-event columns that look at neighbouring events
        (successors) no longer describe the filtered log."""
        return self._plan is not None and self._plan.is_event_trimmed

    def case_selection_sql(self) -> str | None:
        """SQL returning the ``case_idx`` of the remaining cases, or None when no filter selects cases.

        With only case-level filters, :meth:`events_sql` is the stored events semi-joined on this
        set, so an analysis may instead join it to precomputed per-event tables.
        """
        return None if self._plan is None else self._plan.case_selection_sql

    # ----------------------------------------------------------------- sizes
    def _scalar(self, sql: str) -> Any:
        return fetch_value(self._ws.con, sql)

    @property
    def n_events(self) -> int:
        return int(self._scalar(f"SELECT count(*) FROM ({self.events_sql()})"))

    def time_span(self) -> tuple[datetime | None, datetime | None]:
        """The times of the first and the last event (``(None, None)`` for an empty log).

        A log whose last event lies in the past is historical: "open cases" are those open at its last event,
        not now.
        """
        con = self._ws.con
        finish_pending(con)
        row = con.execute(f"SELECT min(timestamp), max(timestamp) FROM ({self.events_sql()})").fetchall()
        return (row[0][0], row[0][1]) if row else (None, None)

    @property
    def n_cases(self) -> int:
        return int(self._scalar(f"SELECT count(*) FROM ({self.cases_sql()})"))

    @property
    def n_activities(self) -> int:
        return int(self._scalar(f"SELECT count(DISTINCT activity_code) FROM ({self.events_sql()})"))

    # ----------------------------------------------------------------- plans
    def events_sql(self) -> str:
        """SQL selecting this log's events (filters applied): every store column, in no particular
        order (order by ``event_idx``). ``pos`` is the position in the filtered case."""
        if self._plan is not None:
            return self._plan.events_sql
        return f"SELECT * FROM {self.table}"

    def cases_sql(self) -> str:
        """SQL selecting this log's cases with their attributes (filters applied; ``n_events``,
        ``start_time`` and ``end_time`` describe the remaining events). Order by ``case_idx``."""
        if self._plan is not None:
            return self._plan.cases_sql
        return f"SELECT * FROM {self.cases_table}"

    def explain(self) -> str:
        """The SQL plan that produces this log's events, preceded by the filter stack as YAML."""
        if self._plan is None or not len(self.filters):
            return self.events_sql()
        head = "\n".join("-- " + line for line in self.filters.to_yaml().splitlines())
        return f"{head}\n{self.events_sql()}"

    def events(self) -> duckdb.DuckDBPyRelation:
        """The events as a lazy DuckDB relation (store columns, sorted by case and time)."""
        return self._ws.con.sql(self.events_sql() + " ORDER BY event_idx")

    def cases(self) -> duckdb.DuckDBPyRelation:
        """One row per case: id, number of events, start and end time, case attributes."""
        return self._ws.con.sql(self.cases_sql() + " ORDER BY case_idx")

    def activities(self) -> duckdb.DuckDBPyRelation:
        """The activity dictionary with event counts."""
        return self._ws.con.sql(
            f"SELECT activity, count(*) AS n_events FROM ({self.events_sql()}) "
            "GROUP BY activity ORDER BY n_events DESC, activity"
        )

    def _export_sql(self, *, xes_names: bool = False, case_attributes: bool = True) -> str:
        ev = [c.name for c in self._schema.event_attributes]
        ca = [c.name for c in self._schema.case_attributes] if case_attributes else []
        names = dict(ROLES_XES) if xes_names else {}
        cols = [f"e.{qident(r)} AS {qident(names.get(r, r))}" for r in ROLES]
        cols += [f"e.{qident(a)}" for a in ev]
        cols += [f"c.{qident(a)} AS {qident(('case:' + a) if xes_names else a)}" for a in ca]
        return (
            f"SELECT {', '.join(cols)} FROM ({self.events_sql()}) e "
            f"JOIN {self.cases_table} c USING (case_idx) ORDER BY e.event_idx"
        )

    # ----------------------------------------------------------------- conversions
    def to_arrow(self, *, xes_names: bool = False) -> pa.Table:
        """All events with their case attributes as an Arrow table.

        ``xes_names=True`` names the columns as PM4Py expects (``case:concept:name`` ...).
        """
        return self._ws.con.sql(self._export_sql(xes_names=xes_names)).to_arrow_table()

    def to_pandas(self, *, xes_names: bool = False) -> pd.DataFrame:
        """All events with their case attributes as a pandas DataFrame (see :meth:`to_arrow`)."""
        return self._ws.con.execute(self._export_sql(xes_names=xes_names)).df()

    def to_polars(self, *, xes_names: bool = False) -> pl.DataFrame:
        """All events with their case attributes as a Polars DataFrame (see :meth:`to_arrow`)."""
        import polars as pl

        frame = pl.from_arrow(self.to_arrow(xes_names=xes_names))
        assert isinstance(frame, pl.DataFrame)
        return frame

    def to_parquet(self, path: str | Path) -> Path:
        """Write the events (with case attributes) to a Parquet file."""
        path = Path(path)
        self._ws.con.execute(f"COPY ({self._export_sql()}) TO '{_sql_str(path)}' (FORMAT parquet)")
        return path

    def to_csv(self, path: str | Path, *, delimiter: str = ",") -> Path:
        """Write the events to CSV, safe against formula injection when opened in a spreadsheet."""
        from sagsflow.ingest.export import write_csv

        path = Path(path)
        write_csv(self._ws.con.sql(self._export_sql()), path, delimiter=delimiter)
        return path

    def to_excel(self, path: str | Path) -> Path:
        """Write the events to an .xlsx file, safe against formula injection."""
        from sagsflow.ingest.export import write_excel

        path = Path(path)
        write_excel(self._ws.con.sql(self._export_sql()), path)
        return path

    def to_xes(self, path: str | Path) -> Path:
        """Write the log as XES (gzip-compressed when the name ends in ``.gz``)."""
        from sagsflow.ingest.xes import write_xes

        path = Path(path)
        write_xes(
            self._ws.con.sql(self._export_sql()).to_arrow_table(),
            path,
            case_attributes=[c.name for c in self._schema.case_attributes],
        )
        return path


#: the columns of the store's successor table that the filters' fast path reads
_SUCCESSOR_COLUMNS = ("case_idx", "activity_code", "timestamp", "start_timestamp", "next_activity_code",
                      "next_timestamp", "next_start_timestamp")

ROLES_XES: tuple[tuple[str, str], ...] = (
    ("case_id", "case:concept:name"),
    ("activity", "concept:name"),
    ("timestamp", "time:timestamp"),
    ("resource", "org:resource"),
    ("lifecycle", "lifecycle:transition"),
)


def _sql_str(path: Path) -> str:
    return str(path).replace("'", "''")
