"""The per-group counting kernels of the process map (sagsflow.analysis.dfg) against pandas."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from sagsflow.analysis.dfg import distinct_counts


@settings(max_examples=80, deadline=None)
@given(rows=st.lists(st.tuples(st.integers(0, 12_000_000), st.integers(0, 1499)), min_size=1, max_size=300),
       n_groups=st.sampled_from([1500, 40_000]), dense=st.booleans())
def test_distinct_cases_and_most_repetitions_per_group(rows: list[tuple[int, int]], n_groups: int,
                                                       dense: bool) -> None:
    """Distinct cases per group and the most rows of one case in a group, for sorted case numbers spread
    wider than an int32 key holds (counted in runs of cases) and narrow ones (one sort)."""
    frame = pd.DataFrame(rows, columns=["case", "group"]).sort_values("case", kind="stable")
    if dense:  # few cases, many rows each: rework in every group
        frame["case"] //= 1_000_000
    case = frame["case"].to_numpy(np.int64)
    group = frame["group"].to_numpy(np.int64)
    cases, most = distinct_counts(case, group, n_groups)
    expect_cases = np.zeros(n_groups, np.int64)
    expect_most = np.zeros(n_groups, np.int64)
    per = frame.groupby(["group", "case"]).size()
    counted = per.groupby(level="group").agg(["size", "max"])
    expect_cases[counted.index] = counted["size"]
    expect_most[counted.index] = counted["max"]
    np.testing.assert_array_equal(cases, expect_cases)
    np.testing.assert_array_equal(most, expect_most)
