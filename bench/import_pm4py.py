"""PM4Py's side of the import benchmark (``bench.bench_import``), in a module of its own.

Each side's step imports only its own libraries before the timer starts (both are measured warm, as in a
long-running server or nightly pipeline), so neither side's peak memory carries the other's imports:
PM4Py, pandas and Polars are loaded here, never in Sagsflow's steps.
"""

from __future__ import annotations

import pandas as pd
import pm4py
import polars as pl


def _formatted_rows(df: pd.DataFrame) -> int:
    """PM4Py's step after any read: ``format_dataframe`` on the benchmark's column names; the number of events."""
    return len(pm4py.format_dataframe(df, case_id="case", activity_key="activity", timestamp_key="time"))


def pm4py_pandas_csv(path: str) -> int:
    return _formatted_rows(pd.read_csv(path))


def pm4py_polars_csv(path: str) -> int:
    return _formatted_rows(pl.read_csv(path).to_pandas())


def pm4py_pandas_parquet(path: str) -> int:
    return _formatted_rows(pd.read_parquet(path))


def pm4py_polars_parquet(path: str) -> int:
    return _formatted_rows(pl.read_parquet(path).to_pandas())


def pm4py_xes(path: str) -> int:
    return len(pm4py.read_xes(path))
