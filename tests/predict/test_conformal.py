"""Mondrian conformal intervals: per prefix-length bucket coverage holds (property tested on synthetic data)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sagsflow.predict.conformal import MondrianConformal, conformal_quantile, length_buckets


def _draw(rng: np.random.Generator, n: int, max_len: int, scale_of: np.ndarray, shares: np.ndarray
          ) -> tuple[np.ndarray, np.ndarray]:
    """Prefix lengths drawn with ``shares``; absolute residuals whose spread depends on the length."""
    length = rng.choice(np.arange(1, max_len + 1), size=n, p=shares)
    return np.abs(rng.standard_t(3, n)) * scale_of[length - 1], length


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**31 - 1), max_len=st.integers(2, 12), alpha=st.sampled_from([0.1, 0.2]),
       skew=st.floats(0.0, 2.0))
def test_coverage_holds_in_every_bucket(seed: int, max_len: int, alpha: float, skew: float) -> None:
    """Whatever the spread per prefix length and however unevenly lengths occur, every bucket's coverage on fresh
    prefixes is within 5 points of nominal (a bucket has at least 500 calibration prefixes: the quantile's own
    sampling error is below 1.5 points)."""
    rng = np.random.default_rng(seed)
    scale_of = rng.uniform(0.2, 20.0, max_len)  # errors of wildly different size per length
    shares = np.exp(-skew * np.arange(max_len))
    shares /= shares.sum()
    resid, length = _draw(rng, 4_000, max_len, scale_of, shares)
    cal = MondrianConformal.fit(resid, length, alpha=alpha, min_size=500)
    t_resid, t_length = _draw(rng, 40_000, max_len, scale_of, shares)
    covered = t_resid <= cal.quantile(t_length)
    for first, last, _q, n in cal.buckets:
        assert n >= 500
        lo = -np.inf if first == cal.buckets[0][0] else first
        hi = np.inf if last == cal.buckets[-1][1] else last
        m = (t_length >= lo) & (t_length <= hi)
        if m.sum() >= 1_000:
            assert abs(covered[m].mean() - (1 - alpha)) <= 0.05, (first, last, covered[m].mean())


def test_one_global_quantile_misses_per_length_coverage_which_the_buckets_keep() -> None:
    """The reason for the buckets: with spread growing with the length, one quantile over all prefixes
    over-covers short prefixes and under-covers long ones; per bucket every length is near nominal."""
    rng = np.random.default_rng(7)
    scale_of = np.array([1.0, 2.0, 4.0, 8.0])
    shares = np.full(4, 0.25)
    resid, length = _draw(rng, 8_000, 4, scale_of, shares)
    t_resid, t_length = _draw(rng, 40_000, 4, scale_of, shares)
    q_global = conformal_quantile(resid, 0.1)
    cal = MondrianConformal.fit(resid, length, alpha=0.1, min_size=500)
    gaps_global = [abs(np.mean(t_resid[t_length == k] <= q_global) - 0.9) for k in range(1, 5)]
    gaps_mondrian = [abs(np.mean(t_resid[t_length == k] <= cal.quantile(t_length[t_length == k])) - 0.9)
                     for k in range(1, 5)]
    assert max(gaps_global) > 0.05
    assert max(gaps_mondrian) <= 0.03


def test_ipcw_weights_reweight_the_quantile_towards_the_weighted_population() -> None:
    """Calibration prefixes seen with probability p (censoring by the cut) weighted by 1/p give the coverage of
    the whole population, which the unweighted quantile misses when large errors are seen less often."""
    rng = np.random.default_rng(11)
    full = np.abs(rng.normal(0, 1, 60_000)) * rng.choice([1.0, 5.0], 60_000)
    p_seen = np.where(full > 3, 0.3, 1.0)  # long waits are less often finished by the cut
    seen = rng.random(len(full)) < p_seen
    resid = full[seen]
    length = np.ones(len(resid), dtype=int)
    plain = MondrianConformal.fit(resid, length, alpha=0.1)
    weighted = MondrianConformal.fit(resid, length, alpha=0.1, w=1 / p_seen[seen])
    fresh = np.abs(rng.normal(0, 1, 60_000)) * rng.choice([1.0, 5.0], 60_000)
    assert np.mean(fresh <= plain.global_q) < 0.87
    assert abs(np.mean(fresh <= weighted.global_q) - 0.9) < 0.015


@settings(max_examples=60, deadline=None)
@given(counts=st.lists(st.integers(0, 300), min_size=1, max_size=30), min_size=st.integers(1, 400))
def test_buckets_are_contiguous_and_each_big_enough(counts: list[int], min_size: int) -> None:
    length = np.repeat(np.arange(1, len(counts) + 1), counts)
    buckets = length_buckets(length, min_size)
    if len(length) == 0:
        assert buckets == []
        return
    assert buckets[0][0] == length.min() and buckets[-1][1] == length.max()
    for (_a, b), (c, _d) in itertools.pairwise(buckets):
        assert c == b + 1
    sizes = [int(((length >= a) & (length <= b)).sum()) for a, b in buckets]
    if len(length) >= min_size:
        assert min(sizes) >= min_size
    else:
        assert len(buckets) == 1


def test_older_per_length_quantiles_still_answer() -> None:
    cal = MondrianConformal.from_dict({"global": 9.0, 2: 1.0, 3: 2.0})
    assert cal.quantile(np.array([1, 2, 3, 4])).tolist() == [9.0, 1.0, 2.0, 9.0]
    again = MondrianConformal.from_dict(MondrianConformal.fit(np.arange(300.0), np.repeat([1, 2, 3], 100),
                                                              alpha=0.1).to_dict())
    assert again.quantile(np.array([1, 3])) == pytest.approx([90.0, 290.0])
