"""Fixtures for the discovery tests: tiny hand-made logs written through the store API, real logs."""

from __future__ import annotations

import contextlib
import io
import itertools
from collections.abc import Iterator
from typing import Any

import pandas as pd
import pyarrow as pa
import pytest

import sagsflow
from sagsflow.log import EventLog
from sagsflow.schema import Column, LogSchema
from sagsflow.store.workspace import Workspace
from tests.conftest import shared_data_dir

_names = itertools.count()
_TS = pa.timestamp("us", tz="UTC")


def write_traces(ws: Workspace, traces: list[list[str]], *, name: str | None = None,
                 units: list[str] | None = None, start: str = "2024-01-01", days_apart: int = 1) -> EventLog:
    """A log with one case per trace: case i starts ``i * days_apart`` days after ``start``, its events a minute
    apart; with ``units``, a case attribute ``unit`` (one value per trace)."""
    rows: list[tuple[str, str, pd.Timestamp]] = []
    for i, trace in enumerate(traces):
        t0 = pd.Timestamp(start, tz="UTC") + pd.Timedelta(days=i * days_apart)
        rows += [(f"c{i:04d}", a, t0 + pd.Timedelta(minutes=j)) for j, a in enumerate(trace)]
    n = len(rows)
    columns = {
        "case_id": pa.array([r[0] for r in rows], pa.string()),
        "activity": pa.array([r[1] for r in rows], pa.string()),
        "timestamp": pa.array([r[2] for r in rows], _TS),
        "start_timestamp": pa.nulls(n, _TS),
        "resource": pa.nulls(n, pa.string()),
        "lifecycle": pa.nulls(n, pa.string()),
        "registration_timestamp": pa.nulls(n, _TS),
        "sequence": pa.nulls(n, pa.int64()),
        "src_row": pa.array(range(1, n + 1), pa.int64()),
    }
    schema = LogSchema()
    if units is not None:
        columns["unit"] = pa.array([units[int(r[0][1:])] for r in rows], pa.string())
        schema = LogSchema(attributes=(Column(name="unit", level="case"),))
    name = name or f"d{next(_names)}"
    ws.con.register("__disc_arrow", pa.table(columns))
    ws.con.execute("CREATE OR REPLACE TEMP TABLE __disc_staged AS SELECT * FROM __disc_arrow")
    ws.con.unregister("__disc_arrow")
    ws.write_log(name, "__disc_staged", schema, mode="replace")
    ws.con.execute("DROP TABLE __disc_staged")
    return ws.log(name)


def to_dataframe(traces: list[list[str]]) -> pd.DataFrame:
    """The same traces as a PM4Py dataframe (``case:concept:name``, ``concept:name``, ``time:timestamp``)."""
    rows = []
    for i, trace in enumerate(traces):
        t0 = pd.Timestamp("2024-01-01", tz="UTC") + pd.Timedelta(days=i)
        rows += [{"case:concept:name": f"c{i:04d}", "concept:name": a,
                  "time:timestamp": t0 + pd.Timedelta(minutes=j)} for j, a in enumerate(trace)]
    return pd.DataFrame(rows)


def real_log(file: str) -> tuple[EventLog, pd.DataFrame]:
    """A real log read by Sagsflow and by PM4Py; skips when ../shared/data is absent."""
    path = shared_data_dir() / file
    if not path.exists():
        pytest.skip(f"../shared/data has no {file}, needed for this real-data test")
    log = sagsflow.read_xes(path, key=b"k" * 32, workspace=Workspace.memory())
    with contextlib.redirect_stdout(io.StringIO()):
        import pm4py

        df = pm4py.read_xes(str(path))
    return log, df


HAND_TRACES: list[list[str]] = (
    [["register", "check", "decide", "notify"]] * 5
    + [["register", "decide", "check", "notify"]] * 3
    + [["register", "check", "ask", "check", "decide", "notify"]] * 2
    + [["register", "reject"]] * 2
    + [["register", "check", "decide"]]
)


@pytest.fixture
def ws() -> Iterator[Workspace]:
    w = Workspace.memory()
    yield w
    w.close()


@pytest.fixture
def hand_log(ws: Workspace) -> EventLog:
    return write_traces(ws, HAND_TRACES)


def quiet(fn: Any, *args: Any, **kwargs: Any) -> Any:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return fn(*args, **kwargs)
