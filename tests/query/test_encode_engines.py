"""The prediction encodings on Spark give the same frame as on DuckDB, and the portable forms equal the fast paths.

Every prefix's features (last state, index-based, attributes, inter-case workload and queue, calendar, activity
counts, rework, sequence contexts) and labels, on the demo (with its dirty dates, a unit given as a case attribute and
as an event attribute), on a cut at a date, for chosen and running cases, for the last prefix only, and on public
logs. Four frames per case: DuckDB with its fast paths (``ASOF`` joins, numpy counts), DuckDB with the portable
queries, Spark with both; all equal.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import numpy as np
import pandas as pd
import pytest

import sagsflow
from sagsflow.log import EventLog
from sagsflow.predict.encode import EncodingSpec, encode_prefixes
from sagsflow.predict.policy import FeaturePolicy
from sagsflow.query.engine import SparkEngine
from sagsflow.store.parquet import export_log
from sagsflow.store.workspace import Workspace
from tests.conftest import shared_data_dir


def assert_same_frame(a: pd.DataFrame, b: pd.DataFrame, what: str) -> None:
    """Equal frames: columns, dtypes, rows in order; floats to 1e-9 relative (sums in another order)."""
    assert list(a.columns) == list(b.columns), what
    assert len(a) == len(b) > 0, f"{what}: {len(a)} rows against {len(b)}"
    pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-9, atol=1e-12, obj=what)


def to_spark(log: EventLog, spark: SparkEngine) -> EventLog:
    """Write the log's Parquet store for Spark."""
    export_log(log.workspace, log.name, spark.root)
    spark.forget(log.name)
    return log


def frames(log: EventLog, spark: SparkEngine, spec: EncodingSpec, **kwargs: Any) -> pd.DataFrame:
    """Encode on both engines with and without the fast paths; assert all four equal; DuckDB's fast frame."""
    fast = encode_prefixes(log, spec, cache=False, **kwargs)
    assert_same_frame(fast, encode_prefixes(log, spec, cache=False, fast=False, **kwargs), "DuckDB portable")
    assert_same_frame(fast, encode_prefixes(log, spec, cache=False, engine=spark, **kwargs), "Spark")
    assert_same_frame(fast, encode_prefixes(log, spec, cache=False, fast=False, engine=spark, **kwargs),
                      "Spark portable")
    return fast


@pytest.mark.parametrize("unit", ["kommune", "team"])
def test_every_encoding_on_the_demo(demo: Workspace, spark: SparkEngine, unit: str) -> None:
    """A unit from a case attribute (kommune) and from an event attribute (team); both attribute levels."""
    log = to_spark(demo.log("kontanthjaelp_alle"), spark)
    policy = FeaturePolicy(attributes=("ydelse", "team"), unit=unit, inter_case=True, calendar=True)
    spec = EncodingSpec.from_log(log, policy, n_count=12)
    assert EncodingSpec.from_log(log, policy, n_count=12, engine=spark) == spec
    assert spec.case_attributes == ("ydelse",) and spec.event_attributes == ("team",)
    frame = frames(log, spark, spec)
    # the features were computed, not left empty: workload, queues, holidays, both attribute levels
    assert frame["open_cases"].max() > 1 and frame["queue_length"].max() > 1 and frame["opened_7d"].max() > 0
    assert frame["holiday"].sum() > 0 and set(frame["weekday"].dropna()) <= set(range(1, 8))
    assert frame["attr_ydelse"].notna().any() and frame["attr_team"].notna().any()
    assert (frame["next_activity"] == -2).any() and frame["n_repeats"].max() > 0


def test_a_cut_with_running_and_chosen_cases(demo: Workspace, spark: SparkEngine) -> None:
    """The state of the log at a date: only events before it, some cases still open, features of chosen cases,
    the last prefix only (what scoring reads)."""
    log = to_spark(demo.log("dagpenge_alle"), spark)
    policy = FeaturePolicy(attributes=("team",), unit="kommune")
    spec = EncodingSpec.from_log(log, policy, n_count=8, max_prefix_length=12)
    cut = datetime(2024, 6, 30, tzinfo=UTC)
    every = log.workspace.con.execute(f"SELECT case_idx FROM ({log.cases_sql()}) ORDER BY 1").fetchnumpy()
    cases = np.asarray(every["case_idx"])[::3]
    running = cases[::2]
    frame = frames(log, spark, spec, as_of=cut, cases=cases.tolist(), open_cases=running.tolist(), only_last=True)
    assert frame["ts"].max() <= cut
    assert set(frame["case_idx"]) <= set(cases.tolist())
    assert frame["is_open"].any() and not frame["is_open"].all()
    assert frame.groupby("case_idx").size().max() == 1


@pytest.mark.realdata
@pytest.mark.parametrize(("file", "attribute", "unit"), [("Sepsis_Cases-Event_Log.xes.gz", "org:group", "org:group"),
                                                          ("BPI_Challenge_2012.xes.gz", "AMOUNT_REQ", None)])
def test_public_logs(spark: SparkEngine, file: str, attribute: str, unit: str | None) -> None:
    """Lifecycle start/complete pairs (BPIC12: last_duration_days), an XES event attribute with ``:`` as the unit
    (Sepsis' org:group) and as a feature, a numeric case attribute (BPIC12's AMOUNT_REQ) and the whole log as
    one unit."""
    path = shared_data_dir() / file
    log = to_spark(sagsflow.read_xes(path), spark)
    policy = FeaturePolicy(attributes=(attribute,), unit=unit, inter_case=True, calendar=True)
    spec = EncodingSpec.from_log(log, policy)
    frame = frames(log, spark, spec)
    assert np.isfinite(frame["remaining_days"]).all()
    if file.startswith("BPI_Challenge_2012"):
        assert frame["last_duration_days"].gt(0).any()  # activity instances with a start
