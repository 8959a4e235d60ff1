"""Bottlenecks and rework: known answers and reference implementations on random logs."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sagsflow.analysis.bottlenecks import Bottlenecks, bottlenecks, rework
from sagsflow.analysis.statistics import case_durations
from sagsflow.errors import InvalidParameterError
from sagsflow.store.workspace import Workspace
from tests.analysis.statlogs import write_log


@pytest.fixture
def ws() -> Iterator[Workspace]:
    w = Workspace.memory()
    yield w
    w.close()

EVENTS = [
    ("c1", "Register", "2024-01-01 09:00"),
    ("c1", "Check", "2024-01-01 10:00"),
    ("c1", "Check", "2024-01-01 12:00"),
    ("c1", "Decide", "2024-01-04 12:00"),
    ("c2", "Register", "2024-01-02 09:00"),
    ("c2", "Decide", "2024-01-03 09:00"),
    ("c2", "Check", "2024-01-03 10:00"),
    ("c2", "Decide", "2024-01-03 11:00"),
]


def test_transitions_and_activities_ranked_by_share_of_waiting(ws):
    b = bottlenecks(write_log(ws, EVENTS))
    assert isinstance(b, Bottlenecks)
    total = 3 * 86400 + 3600 + 2 * 3600 + 86400 + 3600 + 3600  # = both case durations
    assert b.total_waiting_s == total
    tr = b.transitions.to_pandas()
    assert list(zip(tr["source"], tr["target"], strict=True))[:2] == [("Check", "Decide"), ("Register", "Decide")]
    first = tr.iloc[0]
    assert (first["n"], first["total_waiting_s"]) == (2, 3 * 86400 + 3600)
    assert first["mean_waiting_s"] == (3 * 86400 + 3600) / 2
    assert first["share"] == pytest.approx((3 * 86400 + 3600) / total)
    assert tr["share"].sum() == pytest.approx(1.0)
    act = b.activities.to_pandas()
    assert act["activity"].tolist() == ["Decide", "Check"]
    assert act.set_index("activity").loc["Decide", "n"] == 3
    assert b.n_transitions == 5 and b.n_activities == 2


def test_top_cuts_the_rankings_but_counts_all(ws):
    b = bottlenecks(write_log(ws, EVENTS), top=1)
    assert len(b.transitions) == 1 and len(b.activities) == 1
    assert b.n_transitions == 5
    assert set(b.to_dict()) == {"transitions", "activities", "total_waiting_s", "n_transitions", "n_activities"}


@pytest.mark.parametrize("bad", [0, -3, "5", 1.5])
def test_top_is_validated(ws, bad):
    with pytest.raises(InvalidParameterError, match="top must be a positive whole number or None"):
        bottlenecks(write_log(ws, EVENTS), top=bad)


def test_rework_counts_self_loops_and_returns(ws):
    r = rework(write_log(ws, EVENTS)).to_pandas().set_index("activity")
    assert r.loc["Check"].to_dict() == {
        "n_cases": 2, "n_cases_repeated": 1, "repeated_share": 0.5, "n_self_loops": 1, "n_cases_self_loop": 1,
        "n_returns": 0, "n_cases_return": 0, "extra_occurrences": 1,
    }
    assert r.loc["Decide", "n_returns"] == 1 and r.loc["Decide", "n_self_loops"] == 0
    assert r.loc["Register", "extra_occurrences"] == 0
    assert list(r.index) == ["Check", "Decide", "Register"]


traces = st.lists(st.lists(st.sampled_from("ABC"), min_size=1, max_size=7), min_size=1, max_size=15)


def _events(traces: list[list[str]], gaps: list[int]) -> list[tuple]:
    t0, g, out = datetime(2024, 1, 1), iter(gaps), []
    for i, trace in enumerate(traces):
        t = t0
        for a in trace:
            t += timedelta(minutes=next(g))
            out.append((f"c{i}", a, t.isoformat()))
    return out


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(traces=traces, gaps=st.lists(st.integers(0, 50), min_size=120, max_size=120))
def test_rework_and_waiting_equal_a_reference(ws, traces, gaps):
    log = write_log(ws, _events(traces, gaps))
    got = {r["activity"]: r for r in rework(log).to_dict()["rows"]}
    for act in {a for t in traces for a in t}:
        loops = sum(1 for t in traces for i in range(1, len(t)) if t[i] == act and t[i - 1] == act)
        occ = [[i for i, a in enumerate(t) if a == act] for t in traces]
        returns = sum(1 for o in occ for j in range(1, len(o)) if o[j] - o[j - 1] > 1)
        row = got[act]
        assert row["n_self_loops"] == loops and row["n_returns"] == returns
        assert row["extra_occurrences"] == sum(max(len(o) - 1, 0) for o in occ)
        assert row["n_cases"] == sum(1 for o in occ if o)
    # without start timestamps the waiting times add up to the case durations
    b = bottlenecks(log, top=None)
    assert b.total_waiting_s == pytest.approx(sum(case_durations(log).column("duration_s")))
    dfg = Counter((t[i - 1], t[i]) for t in traces for i in range(1, len(t)))
    assert {(s, t): n for s, t, n in zip(b.transitions.column("source"), b.transitions.column("target"),
                                          b.transitions.column("n"), strict=True)} == dict(dfg)
