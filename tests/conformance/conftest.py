"""Fixtures for the conformance tests: small hand-made logs with a case attribute, BPMN files, real logs."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

from sagsflow.log import EventLog
from sagsflow.schema import Column, LogSchema
from sagsflow.store.workspace import Workspace
from tests.discovery.conftest import HAND_TRACES, quiet, real_log, to_dataframe

__all__ = ["FIXTURES", "HAND_TRACES", "quiet", "real_log", "to_dataframe", "write_cases"]

FIXTURES = Path(__file__).resolve().parent / "models"
_names = itertools.count()
_TS = pa.timestamp("us", tz="UTC")


def write_cases(ws: Workspace, traces: list[list[str]], units: list[str] | None = None, *,
                start: str = "2024-01-01", days_apart: int = 1) -> EventLog:
    """One case per trace with a case attribute ``unit``; case i starts ``i * days_apart`` days after start."""
    units = units or ["Jobcenter Nord"] * len(traces)
    rows = []
    for i, trace in enumerate(traces):
        t0 = pd.Timestamp(start, tz="UTC") + pd.Timedelta(days=i * days_apart)
        rows += [(f"c{i:04d}", a, t0 + pd.Timedelta(minutes=j), units[i]) for j, a in enumerate(trace)]
    n = len(rows)
    table = pa.table({
        "case_id": pa.array([r[0] for r in rows], pa.string()),
        "activity": pa.array([r[1] for r in rows], pa.string()),
        "timestamp": pa.array([r[2] for r in rows], _TS),
        "start_timestamp": pa.nulls(n, _TS),
        "resource": pa.nulls(n, pa.string()),
        "lifecycle": pa.nulls(n, pa.string()),
        "registration_timestamp": pa.nulls(n, _TS),
        "sequence": pa.nulls(n, pa.int64()),
        "src_row": pa.array(range(1, n + 1), pa.int64()),
        "unit": pa.array([r[3] for r in rows], pa.string()),
    })
    name = f"conf{next(_names)}"
    ws.con.register("__conf_arrow", table)
    ws.con.execute("CREATE OR REPLACE TEMP TABLE __conf_staged AS SELECT * FROM __conf_arrow")
    ws.con.unregister("__conf_arrow")
    ws.write_log(name, "__conf_staged", LogSchema(attributes=(Column(name="unit", level="case"),)), mode="replace")
    ws.con.execute("DROP TABLE __conf_staged")
    return ws.log(name)


@pytest.fixture
def ws() -> Iterator[Workspace]:
    w = Workspace.memory()
    yield w
    w.close()
