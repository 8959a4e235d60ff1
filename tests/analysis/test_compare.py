"""Comparison of two logs: map and variant differences, duration tests, logs in different workspaces."""

from __future__ import annotations

import math
from collections.abc import Iterator

import numpy as np
import pytest
from scipy import stats

from sagsflow.analysis.compare import Comparison, compare, compare_durations
from sagsflow.errors import InvalidParameterError
from sagsflow.store.workspace import Workspace
from tests.analysis.statlogs import real_log, write_log


@pytest.fixture
def ws() -> Iterator[Workspace]:
    w = Workspace.memory()
    yield w
    w.close()


def _log(ws, name, n_cases, steps, hours):
    events = []
    for i in range(n_cases):
        for k, a in enumerate(steps(i)):
            events.append((f"{name}{i}", a, f"2024-01-{1 + i % 20:02d} {8 + k * hours(i):02d}:00"))
    return write_log(ws, events, name=name)


def test_map_difference_known_counts_and_z_test(ws):
    a = _log(ws, "a", 50, lambda i: ["Register", "Check", "Decide"] if i < 10 else ["Register", "Decide"],
             lambda i: 1)
    b = _log(ws, "b", 40, lambda i: ["Register", "Check", "Decide"] if i < 30 else ["Register", "Decide"],
             lambda i: 2)
    c = compare(a, b)
    assert isinstance(c, Comparison)
    assert (c.n_cases_a, c.n_cases_b, c.label_a, c.label_b) == (50, 40, "a", "b")
    act = c.activities.to_pandas().set_index("activity")
    check = act.loc["Check"]
    assert (check["n_cases_a"], check["n_cases_b"]) == (10, 30)
    assert (check["per100_a"], check["per100_b"]) == (20.0, 75.0)
    assert check["relative_change"] == pytest.approx(75 / 20 - 1)
    pool = 40 / 90
    z = (0.75 - 0.2) / math.sqrt(pool * (1 - pool) * (1 / 50 + 1 / 40))
    assert check["z"] == pytest.approx(z)
    assert check["p_value"] == pytest.approx(2 * stats.norm.sf(z))
    assert check["significant"] and check["direction"] == "more"
    assert act.loc["Register", "p_value"] == 1.0 and not act.loc["Register", "significant"]
    # mean durations: Check comes 1 h after Register in A, 2 h in B
    assert (check["mean_duration_s_a"], check["mean_duration_s_b"]) == (3600.0, 7200.0)
    assert check["duration_change_s"] == 3600.0
    assert c.activities.column("activity")[0] == "Check"  # most significant first
    tr = c.transitions.to_pandas().set_index(["source", "target"])
    assert tr.loc[("Register", "Decide"), ["n_cases_a", "n_cases_b"]].tolist() == [40, 10]
    assert tr.loc[("Register", "Decide"), "direction"] == "less"


def test_variant_difference_and_durations(ws):
    a = _log(ws, "a", 50, lambda i: ["Register", "Decide"] if i % 2 else ["Register", "Check", "Decide"],
             lambda i: 1)
    b = _log(ws, "b", 50, lambda i: ["Register", "Decide"], lambda i: 3)
    c = compare(a, b, top_variants=5)
    v = c.variants.to_pandas()
    assert [list(x) for x in v["activities"]] == [["Register", "Decide"], ["Register", "Check", "Decide"]]
    assert v["share_a"].tolist() == [0.5, 0.5] and v["share_b"].tolist() == [1.0, 0.0]
    assert v["share_change"].tolist() == [0.5, -0.5]
    d = c.durations
    assert (d.n_a, d.n_b) == (50, 50)
    assert d.median_b == 3 * 3600
    assert d.quantiles.column("quantile")[3] == 0.5
    assert sum(d.histogram.column("n_a")) == 50 and sum(d.histogram.column("n_b")) == 50
    assert d.effect_size > 0.4  # B's cases take longer
    assert set(c.to_pandas()) == {"activities", "transitions", "variants"}
    assert c.to_dict()["durations"]["effect_label"] == d.effect_label


def test_duration_tests_equal_scipy():
    rng = np.random.default_rng(3)
    a, b = rng.exponential(10, 300), rng.exponential(14, 200)
    d = compare_durations(a, b, bins=10)
    mw = stats.mannwhitneyu(a, b, alternative="two-sided")
    ks = stats.ks_2samp(a, b)
    assert (d.mann_whitney_u, d.mann_whitney_p) == (pytest.approx(mw.statistic), pytest.approx(mw.pvalue))
    assert (d.ks_statistic, d.ks_p) == (pytest.approx(ks.statistic), pytest.approx(ks.pvalue))
    greater = (b[:, None] > a[None, :]).mean() - (b[:, None] < a[None, :]).mean()
    assert d.effect_size == pytest.approx(greater)
    edges = d.histogram.column("bin_start") + d.histogram.column("bin_end")[-1:]
    assert edges[0] == min(a.min(), b.min()) and edges[-1] == max(a.max(), b.max())
    assert d.quantiles.column("a") == pytest.approx(np.quantile(a, [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1]).tolist())


def test_logs_from_different_workspaces(ws):
    other = Workspace.memory()
    try:
        a = _log(ws, "a", 10, lambda i: ["X", "Y"], lambda i: 1)
        b = _log(other, "b", 10, lambda i: ["X", "Z"], lambda i: 1)
        c = compare(a, b, labels=("2023", "2024"))
        assert (c.label_a, c.label_b) == ("2023", "2024")
        assert set(c.activities.column("activity")) == {"X", "Y", "Z"}
    finally:
        other.close()


def test_bad_arguments_are_refused(ws):
    a = _log(ws, "a", 3, lambda i: ["X"], lambda i: 1)
    with pytest.raises(InvalidParameterError, match=r"alpha must be a number in \(0, 1\). Got 1.5 instead."):
        compare(a, a, alpha=1.5)
    empty = _log(ws, "e", 1, lambda i: ["X"], lambda i: 1)
    ws.con.execute(f"DELETE FROM {empty.table}")
    with pytest.raises(InvalidParameterError, match=r"log 'e' has no cases, so there is nothing to compare\."):
        compare(a, empty)


@pytest.mark.realdata
@pytest.mark.slow
def test_two_municipalities_of_bpic15():
    _, a = real_log("BPIC15_1.xes.gz")
    _, b = real_log("BPIC15_2.xes.gz")
    c = compare(a, b)
    assert (c.n_cases_a, c.n_cases_b) == (1199, 832)
    act = c.activities.to_pandas()
    assert act["significant"].any()
    assert (act["p_value_holm"] >= act["p_value"]).all()
    assert 0 <= c.durations.mann_whitney_p <= 1 and -1 <= c.durations.effect_size <= 1
