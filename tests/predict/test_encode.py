"""Encodings computed in DuckDB agree with a straightforward Python reference; no prefix sees the future."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sagsflow.predict import FeaturePolicy
from sagsflow.predict.encode import EncodingSpec, encode_prefixes
from sagsflow.schema import LogSchema
from sagsflow.store.workspace import Workspace
from tests.predict.synth import write_events

ACTS = ["A", "B", "C", "D"]

logs = st.lists(
    st.lists(st.tuples(st.sampled_from(ACTS), st.integers(0, 5)), min_size=1, max_size=7),
    min_size=1, max_size=6,
)


def _rows(cases: list[list[tuple[str, int]]]) -> list[tuple[str, str, float]]:
    rows = []
    for i, events in enumerate(cases):
        t = float(i)
        for act, gap in events:
            t += gap / 4
            rows.append((f"k{i}", act, t))
    return rows


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cases=logs)
def test_encodings_match_python_reference(cases: list[list[tuple[str, int]]]) -> None:
    with Workspace.memory() as ws:
        log = write_events(ws, "h", _rows(cases), schema=LogSchema())
        spec = EncodingSpec.from_log(log, FeaturePolicy(inter_case=False, calendar=False), n_count=2)
        frame = encode_prefixes(log, spec)
        portable = encode_prefixes(log, spec, fast=False)
        ev = log.to_pandas()  # sorted by case, time, source order
    counts = [c for c in frame.columns if c.startswith("count_")]
    pd.testing.assert_frame_equal(frame[counts], portable[counts], check_dtype=False)
    vocab = list(spec.vocabulary)
    got = frame.set_index(["case_idx", "prefix_length"])
    for case_idx, (_, case) in enumerate(ev.groupby("case_id", sort=False)):
        acts = [vocab.index(a) for a in case["activity"]]
        ts = list(case["timestamp"])
        for k in range(1, len(acts) + 1):
            row = got.loc[(case_idx, k)]
            prefix = acts[:k]
            assert row["last_activity"] == prefix[-1]
            assert (pd.isna(row["prev_activity_1"]) if k < 2 else row["prev_activity_1"] == prefix[-2])
            assert row["first_activity_1"] == prefix[0]
            assert (pd.isna(row["first_activity_2"]) if k < 2 else row["first_activity_2"] == prefix[1])
            for c in spec.count_activities:
                assert row[f"count_{c}"] == prefix.count(c)
            assert row["count_other"] == sum(a not in spec.count_activities for a in prefix)
            assert np.isclose(row["elapsed_days"], (ts[k - 1] - ts[0]).total_seconds() / 86400)
            gap = 0.0 if k == 1 else (ts[k - 1] - ts[k - 2]).total_seconds() / 86400
            assert np.isclose(row["since_last_days"], gap)
            assert np.isclose(row["remaining_days"], (ts[-1] - ts[k - 1]).total_seconds() / 86400)
            assert row["next_activity"] == (acts[k] if k < len(acts) else -2)


def test_inter_case_features_on_a_hand_made_log(ws: Workspace) -> None:
    # three cases: x runs day 0-10, y day 1-3, z day 5-6
    rows = [("x", "A", 0), ("x", "B", 10), ("y", "A", 1), ("y", "B", 3), ("z", "A", 5), ("z", "B", 6)]
    log = write_events(ws, "ic", rows, schema=LogSchema())
    spec = EncodingSpec.from_log(log, FeaturePolicy(calendar=False))
    f = encode_prefixes(log, spec).set_index(["case_idx", "prefix_length"])
    # at z's start (day 5): x is open, y ended on day 3 -> 2 open cases (x and z)
    assert f.loc[(2, 1), "open_cases"] == 2
    # at y's start (day 1): x and y open, 2 opened in the last 7 days
    assert f.loc[(1, 1), "open_cases"] == 2 and f.loc[(1, 1), "opened_7d"] == 2
    # at z's start: x waits after A (y moved on to B and ended): queue of A = x and z
    assert f.loc[(2, 1), "queue_length"] == 2


def test_prefixes_never_see_events_after_as_of(synth_ws: Workspace) -> None:
    log = synth_ws.log("synth")
    spec = EncodingSpec.from_log(log, FeaturePolicy())
    cut = datetime(2024, 5, 1, tzinfo=UTC)
    f = encode_prefixes(log, spec, as_of=cut)
    assert (pd.to_datetime(f["ts"], utc=True) <= cut).all()
    assert (pd.to_datetime(f["case_end"], utc=True) <= cut).all()
    assert f["prefix_length"].max() <= spec.max_prefix_length
