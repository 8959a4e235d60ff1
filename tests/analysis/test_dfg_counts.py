"""The per-group counting kernels of the process map (sagsflow.analysis.dfg) against pandas."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from sagsflow.analysis.dfg import STATISTICS, distinct_counts, group_stats_selected, group_stats_sorted


@settings(max_examples=80, deadline=None)
@given(rows=st.lists(st.tuples(st.integers(0, 12_000_000), st.integers(0, 1499)), min_size=1, max_size=300),
       n_groups=st.sampled_from([1500, 40_000, 1 << 22]), dense=st.booleans(),
       block_rows=st.sampled_from([1, 4, 64, 1 << 14]), in_case_order=st.booleans())
def test_distinct_cases_and_most_repetitions_per_group(rows: list[tuple[int, int]], n_groups: int,
                                                       dense: bool, block_rows: int, in_case_order: bool) -> None:
    """Distinct cases per group and the most rows of one case in a group, for sorted case numbers sorted in
    blocks of cases of any size (a block of one case number; blocks cut through runs of repeated keys) and in
    one sort (rows not in case order, or few rows)."""
    frame = pd.DataFrame(rows, columns=["case", "group"])
    if in_case_order:
        frame = frame.sort_values("case", kind="stable")
    if dense:  # few cases, many rows each: rework in every group
        frame["case"] //= 1_000_000
    case = frame["case"].to_numpy(np.int64)
    group = frame["group"].to_numpy(np.int64)
    cases, most = distinct_counts(case, group, n_groups, block_rows=block_rows)
    expect_cases = np.zeros(n_groups, np.int64)
    expect_most = np.zeros(n_groups, np.int64)
    per = frame.groupby(["group", "case"]).size()
    counted = per.groupby(level="group").agg(["size", "max"])
    expect_cases[counted.index] = counted["size"]
    expect_most[counted.index] = counted["max"]
    np.testing.assert_array_equal(cases, expect_cases)
    np.testing.assert_array_equal(most, expect_most)



def test_a_block_of_cases_does_not_repeat_the_key_of_the_block_before() -> None:
    """Cases 0 and 1 in blocks of one case number each: both keys are (group 5, first case of its block), equal
    across the boundary, yet two cases hold group 5."""
    cases, most = distinct_counts(np.array([0, 1, 1]), np.array([5, 5, 5]), 6, block_rows=1)
    assert cases[5] == 2 and most[5] == 2

@settings(max_examples=60, deadline=None)
@given(n=st.integers(0, 3000), left_out=st.lists(st.integers(0, 2999), max_size=200), many=st.booleans())
def test_the_selector_takes_what_the_mask_keeps(n: int, left_out: list[int], many: bool) -> None:
    """Copying the runs between the few events left out gives what boolean indexing gives, for any mask (few left
    out: runs; many: boolean indexing; none, or all)."""
    from sagsflow.analysis.dfg import selector

    mask = np.ones(n, dtype=bool)
    mask[[i for i in left_out if i < n]] = False
    if many:
        mask[::2] = False
    values = np.arange(n, dtype=np.int64) * 7 - 3
    take = selector(mask)
    np.testing.assert_array_equal(take(values), values[mask])
    np.testing.assert_array_equal(take(values.astype(np.int32)), values.astype(np.int32)[mask])
    assert take(None) is None
    np.testing.assert_array_equal(selector(None)(values), values)


def test_the_selector_keeps_single_events_between_left_out_ones() -> None:
    from sagsflow.analysis.dfg import selector

    mask = np.ones(1000, dtype=bool)
    mask[[0, 10, 12, 14, 999]] = False  # single kept events at 11 and 13; the first and the last left out
    values = np.arange(1000)
    np.testing.assert_array_equal(selector(mask)(values), values[mask])


_VALUES = st.one_of(
    st.integers(-(2**52), 2**52),  # any duration up to 142 years either way (exact in float64)
    st.integers(-5, 5),  # many equal values and zeros: one bin holds most of a group
    st.sampled_from([0, 1, 86_400_000_000, 86_400_000_001, 3_600_000_000]),
    st.integers(0, 10**12),
)


@settings(max_examples=120, deadline=None)
@given(rows=st.lists(st.tuples(st.integers(0, 30), _VALUES), min_size=1, max_size=400),
       n_groups=st.sampled_from([31, 40, 300_000]))
def test_order_statistics_by_selection_equal_the_full_sort(rows: list[tuple[int, int]], n_groups: int) -> None:
    """The map's duration statistics per arc by histogram selection (used above 1M durations) equal those of the
    full sort and numpy's percentiles, for any values: negative, equal, far apart, groups without values; with too
    many groups for the histogram the selection declines (None) and the sort answers."""
    group = np.array([g for g, _ in rows], dtype=np.int32)
    values = np.array([v for _, v in rows], dtype=np.int64)
    sorted_ = group_stats_sorted(group, values, n_groups)
    selected = group_stats_selected(group, values, n_groups)
    if selected is None:  # the histogram would have more cells than it may: only with very many groups
        assert n_groups == 300_000 and len(set(values.tolist())) > 1
        return
    np.testing.assert_array_equal(selected.count, sorted_.count)
    for stat in STATISTICS:
        got, expect = selected.get(stat), sorted_.get(stat)
        np.testing.assert_allclose(got, expect, rtol=1e-9, atol=1e-6, equal_nan=True, err_msg=stat)
    for g in np.unique(group):  # against numpy's percentiles, group by group
        v = values[group == g] / 1e6
        assert selected.min[g] == v.min() and selected.max[g] == v.max()
        for stat, q in (("median", 50), ("p25", 25), ("p90", 90)):
            assert np.isclose(selected.get(stat)[g], np.percentile(v, q), rtol=1e-9, atol=1e-6), stat
