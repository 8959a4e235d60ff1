"""Helpers and fixtures for the statistics tests: tiny hand-made logs written through the store API,
and the public logs read through PM4Py. Test modules import what they use from here by name."""

from __future__ import annotations

import contextlib
import io
import itertools
from collections.abc import Iterable
from typing import Any

import pandas as pd
import pyarrow as pa

from sagsflow.log import EventLog
from sagsflow.schema import Column, LogSchema
from sagsflow.store.workspace import Workspace, finish_pending
from tests.conftest import shared_data_dir

_names = itertools.count()
_TS = pa.timestamp("us", tz="UTC")


def _ts(values: Iterable[Any]) -> pa.Array:
    s = pd.to_datetime(pd.Series(list(values), dtype=object), utc=True, format="mixed")
    return pa.array(s.dt.as_unit("us"), _TS)


def write_log(ws: Workspace, events: list[tuple], *, name: str | None = None,
              case_attributes: dict[str, dict[str, Any]] | None = None) -> EventLog:
    """A log from ``(case, activity, time[, start[, resource]])`` tuples (times as 'YYYY-mm-dd HH:MM', UTC).

    ``case_attributes``: ``{attribute: {case: value}}`` (strings). Source order = list order.
    """
    n = len(events)
    width = max((len(e) for e in events), default=3)
    cols = list(zip(*[tuple(e) + (None,) * (width - len(e)) for e in events], strict=True)) if events else []

    def get(i: int) -> list[Any]:
        return list(cols[i]) if len(cols) > i else [None] * n

    data: dict[str, pa.Array] = {
        "case_id": pa.array(get(0), pa.string()),
        "activity": pa.array(get(1), pa.string()),
        "timestamp": _ts(get(2)),
        "start_timestamp": _ts(get(3)),
        "resource": pa.array(get(4), pa.string()),
        "lifecycle": pa.nulls(n, pa.string()),
        "registration_timestamp": pa.nulls(n, _TS),
        "sequence": pa.nulls(n, pa.int64()),
        "src_row": pa.array(range(1, n + 1), pa.int64()),
    }
    attrs = []
    for attr, by_case in (case_attributes or {}).items():
        data[attr] = pa.array([by_case.get(c) for c in get(0)], pa.string())
        attrs.append(Column(name=attr, level="case"))
    return _write(ws, pa.table(data), LogSchema(attributes=tuple(attrs)), name)


def _write(ws: Workspace, table: pa.Table, schema: LogSchema, name: str | None) -> EventLog:
    name = name or f"s{next(_names)}"
    finish_pending(ws.con)
    ws.con.register("__stat_arrow", table)
    ws.con.execute("CREATE OR REPLACE TEMP TABLE __stat_staged AS SELECT * FROM __stat_arrow")
    ws.con.unregister("__stat_arrow")
    ws.write_log(name, "__stat_staged", schema, mode="replace")
    ws.con.execute("DROP TABLE __stat_staged")
    return ws.log(name)


def log_from_pm4py(ws: Workspace, df: pd.DataFrame, name: str) -> EventLog:
    """Store a dataframe read by ``pm4py.read_xes`` (source order = its row order)."""
    n = len(df)

    def col(key: str, typ: pa.DataType) -> pa.Array:
        if key not in df.columns:
            return pa.nulls(n, typ)
        s = df[key]
        if pa.types.is_timestamp(typ):
            return pa.array(pd.to_datetime(s, utc=True).dt.as_unit("us"), typ)
        return pa.array(s.astype(object).where(s.notna(), None), typ)

    table = pa.table({
        "case_id": col("case:concept:name", pa.string()),
        "activity": col("concept:name", pa.string()),
        "timestamp": col("time:timestamp", _TS),
        "start_timestamp": pa.nulls(n, _TS),
        "resource": col("org:resource", pa.string()),
        "lifecycle": col("lifecycle:transition", pa.string()),
        "registration_timestamp": pa.nulls(n, _TS),
        "sequence": pa.nulls(n, pa.int64()),
        "src_row": pa.array(range(1, n + 1), pa.int64()),
    })
    return _write(ws, table, LogSchema(), name)


def pm4py_module() -> Any:
    with contextlib.redirect_stdout(io.StringIO()):  # the licence banner
        import pm4py
    return pm4py


_real: dict[str, tuple[pd.DataFrame, EventLog]] = {}
_real_ws: list[Workspace] = []


def real_log(file: str) -> tuple[pd.DataFrame, EventLog]:
    """(PM4Py dataframe, stored log) of a public log in ``../shared/data``, read once per session; skips
    the test when the folder is absent."""
    data = shared_data_dir()
    if file not in _real:
        if not _real_ws:
            _real_ws.append(Workspace.memory())
        df = pm4py_module().read_xes(str(data / file))
        name = file.split(".")[0].lower().replace("-", "_")
        _real[file] = (df, log_from_pm4py(_real_ws[0], df, name))
    return _real[file]
