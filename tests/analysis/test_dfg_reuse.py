"""The map's kept work (``sagsflow.analysis.dfg_reuse``): the marks of first occurrences are those of a plain
reference, and the graph of any set of whole cases made from the kept parts equals the graph computed from those
cases' events; through the library, a case-filtered log's map equals the portable SQL query's."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sagsflow
from sagsflow.analysis.dfg import (
    _NAT,
    STATISTICS,
    DirectlyFollowsGraph,
    EventArrays,
    compute_dfg,
    discover_dfg,
    discover_dfg_sql,
    log_arrays,
)
from sagsflow.analysis.dfg_reuse import DfgParts, repeating_pairs


@st.composite
def rows(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    lengths = draw(st.lists(st.integers(1, 12), min_size=1, max_size=40))
    gaps = draw(st.lists(st.integers(1, 3), min_size=len(lengths), max_size=len(lengths)))
    case = np.repeat(np.cumsum(gaps) - 1, lengths)
    group = np.array(draw(st.lists(st.integers(0, 6), min_size=len(case), max_size=len(case))))
    return case, group


@settings(max_examples=200, deadline=None)
@given(rows(), st.sampled_from([1, 2, 3, 8, 4096]))
def test_repeating_pairs_match_a_plain_reference(data: tuple[np.ndarray, np.ndarray], block_rows: int) -> None:
    case, group = data
    occ = repeating_pairs(case, group, block_rows=block_rows)
    per_pair = Counter(zip(group.tolist(), case.tolist(), strict=True))
    reps = sorted((g, c, n) for (g, c), n in per_pair.items() if n > 1)
    got = list(zip(occ.rep_group.tolist(), occ.rep_case.tolist(), occ.rep_count.tolist(), strict=True))
    assert sorted(got) == reps
    assert [(g, -n) for g, _, n in got] == sorted((g, -n) for g, _, n in got)  # by group, most rows first
    # what the map reads from them, for every case kept and for every other case kept
    n_groups = int(group.max()) + 2  # a group no row has
    for keep in (None, np.arange(int(case.max()) + 1) % 2 == 0):
        kept = [(g, c, n) for (g, c), n in per_pair.items() if keep is None or keep[c]]
        freq = np.zeros(n_groups, np.int64)
        most = np.zeros(n_groups, np.int64)
        cases = np.zeros(n_groups, np.int64)
        for g, _, n in kept:
            freq[g] += n
            most[g] = max(most[g], n)
            cases[g] += 1
        assert occ.in_kept_cases(freq, keep)[1].tolist() == most.tolist()
        assert occ.in_kept_cases(freq, keep)[0].tolist() == cases.tolist()
        assert occ.in_kept_cases(freq[:1], keep)[0].tolist() == [cases[0]]  # groups from 1 on are left out


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(2, 6)), max_size=60), st.sampled_from([0, 2**16, 2**20]))
def test_pairs_are_ordered_by_group_most_rows_first(pairs: list[tuple[int, int]], shift: int) -> None:
    """Both ways of ordering the repeating pairs (two 16-bit radix sorts; one sort of packed keys when a group
    number needs more than 16 bits) give the stable order by group and most rows first."""
    from sagsflow.analysis.dfg_reuse import _by_group_most_first

    group = np.array([g + shift for g, _ in pairs], dtype=np.int64)
    count = np.array([c for _, c in pairs], dtype=np.int64)
    expected = sorted(range(len(pairs)), key=lambda i: (group[i], -count[i]))  # Python's sort is stable
    assert _by_group_most_first(group, count).tolist() == expected


def test_repeating_pairs_want_rows_in_case_order() -> None:
    with pytest.raises(ValueError, match="case order"):
        repeating_pairs(np.array([1, 0]), np.array([0, 0]))


def assert_same_graph(a: DirectlyFollowsGraph, b: DirectlyFollowsGraph) -> None:
    assert a.labels == b.labels and (a.n_cases, a.n_events, a.time) == (b.n_cases, b.n_events, b.time)
    for name in ("node_frequency", "node_cases", "node_max_repetitions", "source", "target", "edge_frequency",
                 "edge_cases", "edge_max_repetitions"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name), err_msg=name)
    for name in ("edge_duration", "node_duration"):
        x, y = getattr(a, name), getattr(b, name)
        assert (x is None) == (y is None), name
        if x is not None:
            np.testing.assert_array_equal(x.count, y.count)
            for stat in STATISTICS:
                np.testing.assert_allclose(x.get(stat), y.get(stat), rtol=1e-12, equal_nan=True, err_msg=stat)


@st.composite
def events(draw: st.DrawFn) -> tuple[EventArrays, np.ndarray]:
    case, code = draw(rows())
    n = len(case)
    leave = np.cumsum(np.array(draw(st.lists(st.integers(0, 10**9), min_size=n, max_size=n)), dtype=np.int64))
    work = np.array(draw(st.lists(st.integers(-1, 10**8), min_size=n, max_size=n)), dtype=np.int64)
    on_node = np.where(work >= 0, work, _NAT)
    arrive = np.where(work >= 0, leave - np.maximum(work, 0), leave)
    keep = np.array(draw(st.lists(st.booleans(), min_size=int(case.max()) + 1, max_size=int(case.max()) + 1)))
    return EventArrays(case, code.astype(np.int32), leave, arrive, on_node), keep


@settings(max_examples=150, deadline=None)
@given(events())
def test_the_graph_of_kept_cases_equals_the_graph_of_their_events(data: tuple[EventArrays, np.ndarray]) -> None:
    ev, keep = data
    labels = tuple("ABCDEFG")
    parts = DfgParts.build(ev.case, ev.code, labels)
    assert_same_graph(parts.graph_of(None, ev), compute_dfg(ev, labels))
    assert_same_graph(parts.graph_of(None), compute_dfg(ev, labels, durations=False))
    m = keep[ev.case]
    sub = EventArrays(ev.case[m], ev.code[m], ev.leave[m], ev.arrive[m], ev.on_node[m])  # type: ignore[index]
    assert_same_graph(parts.graph_of(keep, ev), compute_dfg(sub, labels))
    assert_same_graph(parts.graph_of(keep, ev, "working"), compute_dfg(sub, labels, time="working"))


def test_the_kept_graph_cannot_be_changed_by_a_caller(tmp_path: Path) -> None:
    p = tmp_path / "l.csv"
    p.write_text("case,activity,time\n1,A,2024-01-02\n1,B,2024-01-03\n2,A,2024-01-02\n2,B,2024-01-05\n")
    log = sagsflow.read_csv(p)
    g = discover_dfg(log)
    assert g is discover_dfg(log)  # kept per log version
    with pytest.raises(ValueError, match="read-only"):
        g.edge_frequency[0] = 7
    assert not any(isinstance(v, DfgParts) for v in log_arrays(log).derived.values())  # marks: first filter
    one = log.filter({"type": "case_id", "ids": ["1"]})
    assert discover_dfg(one).n_cases == 1 and discover_dfg(one, durations=False).edge_duration is None
    kept = [v for v in log_arrays(log).derived.values() if isinstance(v, DfgParts)]
    assert len(kept) == 1 and 0 < kept[0].nbytes <= log_arrays(log).nbytes  # one set of parts for both


FILTERS = (
    {"type": "case_attribute", "attribute": "unit", "in": ["Nord"]},
    {"type": "event_attribute", "attribute": "activity", "equals": "Check again", "action": "remove"},
    [{"type": "case_length", "min": 5}, {"type": "event_attribute", "attribute": "channel", "equals": "web"}],
)


@pytest.mark.parametrize("spec", FILTERS, ids=["case attribute", "without an activity", "two steps"])
@pytest.mark.parametrize("perspective", ["activity", "resource", "channel"])
def test_a_case_filtered_map_equals_the_sql_query(tmp_path: Path, spec: object, perspective: str) -> None:
    from tests.plausible_logs import MAPPING, clean_rows, write_csv

    log = sagsflow.read_csv(write_csv(tmp_path / "c.csv", clean_rows()), mapping=MAPPING, key="ab" * 32)
    f = log.filter(spec)  # type: ignore[arg-type]
    assert not f.is_event_trimmed and 0 < f.n_cases < log.n_cases
    got = discover_dfg(f, perspective=perspective)
    if perspective == "activity":
        assert_same_graph(got, discover_dfg_sql(f))
    arrays = log_arrays(f)  # the full path: the events of the filtered log, selected and computed anew
    from sagsflow.analysis.dfg import event_arrays, perspective_codes, selection_mask

    mask = selection_mask(f, arrays)
    codes, labels = perspective_codes(f, arrays, perspective)
    assert mask is not None
    mask = mask & (codes >= 0)
    assert_same_graph(got, compute_dfg(event_arrays(arrays, codes, mask, None), labels))


@pytest.mark.parametrize("spec", [None, *FILTERS], ids=["unfiltered", "case attribute", "without an activity",
                                                        "two steps"])
@pytest.mark.parametrize("perspective", ["activity", "channel"])
@pytest.mark.parametrize("working", [False, True], ids=["calendar time", "working time"])
def test_the_map_engine_takes_the_kept_graph_for_whole_cases(tmp_path: Path, spec: object, perspective: str,
                                                             working: bool) -> None:
    """The server's map (MapEngine) of a log that keeps whole cases takes its full graph from the kept work: the
    graph its own selected events give."""
    from sagsflow.analysis.map_engine import MapEngine
    from tests.plausible_logs import MAPPING, dirty_rows, write_csv

    log = sagsflow.read_csv(write_csv(tmp_path / "d.csv", dirty_rows()), mapping=MAPPING, key="ab" * 32)
    f = log if spec is None else log.filter(spec)  # type: ignore[arg-type]
    calendar = sagsflow.BusinessCalendar() if working else None
    engine = MapEngine.prepare(f, perspective=perspective, calendar=calendar)
    assert engine.prepared.kept is not None
    prep = engine.prepared
    assert_same_graph(engine.full_graph(), compute_dfg(prep.events, prep.labels, time=prep.time))  # type: ignore[arg-type]
    assert engine.render(activities=1.0, paths=1.0).n_edges_total == engine.full_graph().n_edges


def test_over_the_cache_budget_one_perspective_keeps_its_parts(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.plausible_logs import MAPPING, clean_rows, write_csv

    log = sagsflow.read_csv(write_csv(tmp_path / "c.csv", clean_rows()), mapping=MAPPING, key="ab" * 32)

    def kept() -> list[str]:
        return sorted(k[2] for k in log_arrays(log).derived if k[0] == "dfg events")

    first = discover_dfg(log)
    discover_dfg(log, perspective="resource")
    assert kept() == ["activity_code", "resource"]  # within the budget both stay
    monkeypatch.setenv("SAGSFLOW_MAP_CACHE_MB", "0.001")
    discover_dfg(log, perspective="channel")
    assert kept() == ["channel"]
    again = discover_dfg(log)  # made again, the same graph
    assert kept() == ["activity_code"] and again is not first
    assert_same_graph(again, first)


def test_forgetting_the_kept_work_computes_anew(tmp_path: Path) -> None:
    from sagsflow.analysis.dfg_reuse import forget_kept_work
    from tests.plausible_logs import MAPPING, clean_rows, write_csv

    log = sagsflow.read_csv(write_csv(tmp_path / "c.csv", clean_rows()), mapping=MAPPING, key="ab" * 32)
    first = discover_dfg(log)
    forget_kept_work(log_arrays(log))
    assert not any(k[0] in ("dfg events", "dfg parts", "dfg clock", "dfg graph") for k in log_arrays(log).derived)
    again = discover_dfg(log)
    assert again is not first
    assert_same_graph(again, first)
