"""Helpers for the process-map and calendar tests: tiny hand-made logs, real logs loaded through PM4Py.

(Kept apart from ``conftest.py``, which other analysis tests share.)
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pytest

from sagsflow.log import EventLog
from sagsflow.schema import Column, LogSchema
from sagsflow.store.workspace import Workspace
from tests.conftest import shared_data_dir

Row = tuple[Any, ...]


def write_rows(ws: Workspace, name: str, rows: Sequence[Row], *, attributes: Sequence[str] = ()) -> EventLog:
    """Store rows ``(case, activity, time[, start_time[, resource[, attribute values...]]])`` as log ``name``.

    Times are ISO strings (UTC when naive); rows keep their order as the source order.
    """
    width = 5 + len(attributes)
    full = [tuple(r) + (None,) * (width - len(r)) for r in rows]
    names = ["case_id", "activity", "timestamp", "start_timestamp", "resource", *attributes]
    df = pd.DataFrame(full, columns=names)
    return write_frame(ws, name, df, attributes=attributes)


def write_frame(ws: Workspace, name: str, df: pd.DataFrame, *, attributes: Sequence[str] = ()) -> EventLog:
    """Store a frame with canonical columns (``case_id``, ``activity``, ``timestamp``; optional
    ``start_timestamp``, ``resource``) plus VARCHAR event attributes; row order is the source order."""
    n = len(df)
    ts = pa.timestamp("us", tz="UTC")

    def times(col: str) -> pa.Array:
        if col not in df:
            return pa.nulls(n, ts)
        s = pd.to_datetime(pd.Series(df[col], dtype=object), utc=True, format="mixed")
        return pa.array(s.dt.as_unit("us"), ts)

    def text(col: str) -> pa.Array:
        if col not in df:
            return pa.nulls(n, pa.string())
        return pa.array([None if v is None or v != v else str(v) for v in df[col]], pa.string())

    table = pa.table({
        "case_id": text("case_id"), "activity": text("activity"), "timestamp": times("timestamp"),
        "start_timestamp": times("start_timestamp"), "resource": text("resource"),
        "lifecycle": pa.nulls(n, pa.string()), "registration_timestamp": pa.nulls(n, ts),
        "sequence": pa.nulls(n, pa.int64()), "src_row": pa.array(range(1, n + 1), pa.int64()),
        **{a: text(a) for a in attributes},
    })
    ws.con.register("__map_arrow", table)
    ws.con.execute("CREATE OR REPLACE TEMP TABLE __map_staged AS SELECT * FROM __map_arrow")
    ws.con.unregister("__map_arrow")
    schema = LogSchema(attributes=tuple(Column(name=a) for a in attributes))
    ws.write_log(name, "__map_staged", schema, mode="replace")
    ws.con.execute("DROP TABLE __map_staged")
    return ws.log(name)


def read_pm4py_frame(path: Path) -> pd.DataFrame:
    """A real XES log as PM4Py's dataframe (its licence banner kept off stdout)."""
    with contextlib.redirect_stdout(io.StringIO()):
        import pm4py

        return pm4py.read_xes(str(path))


def real_log(ws: Workspace, file: str, name: str = "real") -> tuple[EventLog, pd.DataFrame]:
    """Store a log from ``../shared/data`` (skipping when absent) and return it with PM4Py's frame."""
    path = shared_data_dir() / file
    if not path.exists():
        pytest.skip(f"../shared/data has no {file}, so the comparison with PM4Py cannot run")
    df = read_pm4py_frame(path)
    frame = pd.DataFrame({
        "case_id": df["case:concept:name"], "activity": df["concept:name"], "timestamp": df["time:timestamp"],
        **({"resource": df["org:resource"]} if "org:resource" in df else {}),
    })
    return write_frame(ws, name, frame), df
