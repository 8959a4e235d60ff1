"""The aggregate cache: the cached map equals the library's map, identical concurrent requests compute once,
memory stays bounded, and an import or a delete makes the next request see the new data."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sagsflow
from sagsflow.analysis.process_map import discover_process_map
from sagsflow.api.aggregates import LogKey, cached_process_map, filter_key
from sagsflow.api.cache import AggregateCache
from tests.api.conftest import MAPPING, World, write_log_csv

_LOG: dict[str, object] = {}


def _random_log(tmp: Path) -> sagsflow.EventLog:
    rng = np.random.default_rng(7)
    rows = ["case,activity,start,time,resource"]
    acts = ["A", "B", "C", "D", "E", "F", "G"]
    for c in range(80):
        t = np.datetime64("2024-01-01T08:00") + np.timedelta64(int(rng.integers(0, 5000)), "m")
        for _ in range(int(rng.integers(1, 9))):
            start = t + np.timedelta64(int(rng.integers(1, 3000)), "m")
            t = start + np.timedelta64(int(rng.integers(0, 90)), "m")
            a = acts[min(int(rng.exponential(1.8)), 6)]
            when = " " if rng.random() < 0.2 else str(start).replace("T", " ")  # some events without a start
            rows.append(f"c{c},{a},{when},{str(t).replace('T', ' ')},r{int(rng.integers(0, 12))}")
    (tmp / "r.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return sagsflow.read_csv(tmp / "r.csv", mapping={**MAPPING, "start_timestamp": "start"})


@pytest.fixture(scope="module")
def rlog(tmp_path_factory: pytest.TempPathFactory) -> sagsflow.EventLog:
    return _random_log(tmp_path_factory.mktemp("rlog"))


@settings(max_examples=60, deadline=None)
@given(activities=st.floats(0, 1), paths=st.floats(0, 1), perspective=st.sampled_from(["activity", "resource"]),
       measure=st.sampled_from(["frequency", "cases", "max_repetitions", "duration"]),
       aggregation=st.sampled_from(["mean", "median", "p90", "total"]), small=st.booleans(),
       filtered=st.booleans())
def test_cached_map_equals_the_library_map(rlog: sagsflow.EventLog, activities: float, paths: float,
                                           perspective: str, measure: str, aggregation: str, small: bool,
                                           filtered: bool) -> None:
    spec = {"steps": [{"type": "case_length", "min": 3}]} if filtered else None
    flog = rlog.filter(spec) if spec else rlog
    cache = _LOG.setdefault("cache", AggregateCache(64 << 20))
    assert isinstance(cache, AggregateCache)
    kw = dict(activities=activities, paths=paths, perspective=perspective, measure=measure,
              aggregation=aggregation, min_group_size=5, show_small_groups=small)
    got = cached_process_map(cache, LogKey.of(rlog, spec), flog, **kw)  # type: ignore[arg-type]
    want = discover_process_map(flog, **kw)  # type: ignore[arg-type]
    assert got.to_dict() == want.to_dict()


def test_equivalent_filter_specs_share_a_key() -> None:
    step = {"type": "case_length", "min": 3}
    assert filter_key({"steps": [step]}) == filter_key([step]) == filter_key(step) != filter_key(None)


def test_identical_concurrent_requests_compute_once() -> None:
    cache = AggregateCache(1 << 20)
    calls: list[int] = []

    def slow() -> int:
        calls.append(1)
        time.sleep(0.2)
        return 7

    out: list[int] = []
    threads = [threading.Thread(target=lambda: out.append(cache.get(("w", "l", 1), slow))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert out == [7] * 8 and len(calls) == 1 and cache.misses == 1


def test_a_failed_computation_reaches_every_waiter_and_is_not_kept() -> None:
    cache = AggregateCache(1 << 20)

    def boom() -> int:
        time.sleep(0.1)
        raise ValueError("no")

    errors: list[str] = []

    def ask() -> None:
        try:
            cache.get(("w", "l", 1), boom)
        except ValueError as e:
            errors.append(str(e))

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == ["no"] * 4 and len(cache) == 0
    assert cache.get(("w", "l", 1), lambda: 3) == 3


def test_memory_is_bounded_least_recently_used_out() -> None:
    cache = AggregateCache(3 * 8000 + 100)
    for i in range(3):
        cache.get(("w", "l", i), lambda: np.zeros(1000))
    cache.get(("w", "l", 0), lambda: np.ones(1000))  # a hit: 0 becomes the most recent
    cache.get(("w", "l", 3), lambda: np.zeros(1000))  # evicts 1, the least recently used
    assert cache.nbytes <= cache.max_bytes
    assert cache.get(("w", "l", 0), lambda: np.ones(1)).shape == (1000,)
    assert cache.get(("w", "l", 1), lambda: np.ones(1)).shape == (1,)  # recomputed
    assert AggregateCache(100).get(("w", "l", 9), lambda: np.zeros(1000)).shape == (1000,)  # too big: not kept


def test_import_and_delete_are_seen_at_once(world: World, tmp_path: Path) -> None:
    w = world
    h = w.headers("a", "analyst")
    base = f"/api/workspaces/{w.workspace['a']}/logs"
    for _ in range(2):  # the second answer comes from the cache
        m = w.client.post(f"{base}/cases/map", json={}, headers=h).json()
        assert m["n_cases"] == 12
    csv = write_log_csv(tmp_path / "more.csv", n_cases=20, prefix="more-")
    with csv.open("rb") as f:
        r = w.client.post(f"/api/workspaces/{w.workspace['a']}/imports", headers=h,
                          files={"file": ("more.csv", f, "text/csv")}, data={"log": "cases", "mode": "append",
                                                                             "mapping": _yaml()})
    assert r.status_code == 202, r.text
    job = r.json()["id"]
    for _ in range(200):
        state = w.client.get(f"/api/jobs/{job}", headers=h).json()
        if state["state"] in ("succeeded", "failed"):
            break
        time.sleep(0.05)
    assert state["state"] == "succeeded", state
    assert w.client.post(f"{base}/cases/map", json={}, headers=h).json()["n_cases"] == 32
    assert w.client.post(f"{base}/cases/variants", json={}, headers=h).json()["meta"]["n_cases"] == 32
    assert w.client.delete(f"{base}/cases", headers=h).status_code == 204
    assert w.client.post(f"{base}/cases/map", json={}, headers=h).status_code == 404


def _yaml() -> str:
    import yaml

    return yaml.safe_dump(MAPPING)


def test_at_most_the_slots_compute_at_once_and_nested_waits_do_not_deadlock() -> None:
    # 12 threads, 1 slot: the computations never overlap; each outer value needs an inner one that another
    # thread may be computing (the overview needing the variants), and every thread finishes
    cache = AggregateCache(1 << 20, compute_slots=1)
    running, peak, lock = [0], [0], threading.Lock()

    def work(value: int) -> int:
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        time.sleep(0.01)
        with lock:
            running[0] -= 1
        return value

    def outer(i: int) -> int:
        inner = cache.get(("ws", "log", 1, "inner", i % 3), lambda: work(i % 3))
        return cache.get(("ws", "log", 1, "outer", i), lambda: work(100) + inner)

    results: dict[int, int] = {}
    threads = [threading.Thread(target=lambda i=i: results.__setitem__(i, cache.get(
        ("ws", "log", 1, "top", i % 4), lambda i=i: outer(i)))) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=20)
    assert not any(t.is_alive() for t in threads), "a thread is stuck"
    assert peak[0] == 1
    assert sorted(results.values()) == sorted(100 + (i % 4) % 3 for i in range(12))
    hit = cache.get(("ws", "log", 1, "top", 0), lambda: -1)  # a hit needs no slot
    assert hit == 100


def _wide_log(tmp: Path) -> sagsflow.EventLog:
    """16 activities with skewed frequencies, rework, overlapping work and some events without a start time."""
    rng = np.random.default_rng(11)
    rows = ["case,activity,start,time,resource"]
    for c in range(120):
        t = np.datetime64("2024-01-01T08:00") + np.timedelta64(int(rng.integers(0, 9000)), "m")
        for _ in range(int(rng.integers(1, 14))):
            # work may start before the previous event completed: negative waiting times occur
            start = t + np.timedelta64(int(rng.integers(-200, 3000)), "m")
            t = start + np.timedelta64(int(rng.integers(0, 90)), "m")
            a = f"A{min(int(rng.exponential(4.0)), 15):02d}"
            when = " " if rng.random() < 0.2 else str(start).replace("T", " ")
            rows.append(f"c{c},{a},{when},{str(t).replace('T', ' ')},r{int(rng.integers(0, 12))}")
    (tmp / "w.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return sagsflow.read_csv(tmp / "w.csv", mapping={**MAPPING, "start_timestamp": "start"})


@settings(max_examples=15, deadline=None)
@given(order=st.permutations(list(range(1, 17))), filtered=st.booleans())
def test_slider_positions_in_any_order_give_the_library_map(tmp_path_factory: pytest.TempPathFactory,
                                                            order: list[int], filtered: bool) -> None:
    # each projection is derived from the smallest one already computed: any visiting order gives exact maps
    log = _LOG.get("wide") or _LOG.setdefault("wide", _wide_log(tmp_path_factory.mktemp("wide")))
    assert isinstance(log, sagsflow.EventLog)
    spec = {"steps": [{"type": "case_length", "min": 4}]} if filtered else None
    flog = log.filter(spec) if spec else log
    n_nodes = len(flog.to_pandas(xes_names=True)["concept:name"].unique())
    cache = AggregateCache(64 << 20)
    for n in order:
        activities = min(n, n_nodes) / n_nodes
        kw = dict(activities=activities, paths=0.6, measure="duration", aggregation="median")
        got = cached_process_map(cache, LogKey.of(log, spec), flog, **kw)  # type: ignore[arg-type]
        assert got.to_dict() == discover_process_map(flog, **kw).to_dict()  # type: ignore[arg-type]
