"""Benchmark: the process map (DFG with frequency and performance), Sagsflow vs PM4Py's fastest backend.

Run ``python -m bench.bench_map`` (or ``make bench``). Builds synthetic logs of 1M and 10M events
through the store API (a Markov-chain process of 30 activities, about 10 events per case, 9 %
equal timestamps, 300 resources), then, each step in a fresh subprocess so that peak memory is
the step's own:

* DFG (frequency) and DFG with performance (mean, median, min, max, total, percentiles per edge)
  — ours warm (best of 3 after one cold run) against ``pm4py.discover_dfg`` and
  ``pm4py.discover_performance_dfg`` on the same events already in memory (pandas and Polars;
  the faster counts);
* a case-level filter change + map recompute (ours) against PM4Py filtering the dataframe and
  rediscovering the DFG;
* the cold start (store -> numpy) and the write-time cost of the successor table.

Prints a Markdown table with speed-ups and peak-memory ratios.
"""

from __future__ import annotations

import contextlib
import io
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

N_ACTIVITIES = 30
N_RESOURCES = 300


def synthetic_arrays(n_events: int, *, seed: int = 11) -> dict[str, np.ndarray]:
    """Columns of a synthetic log of exactly ``n_events`` events, in case order.

    A sparse Markov chain over ``N_ACTIVITIES`` activities (each with 2-5 successors and a
    chance to end), simulated for all cases at once, one vectorised step per position.
    """
    rng = np.random.default_rng(seed)
    k = N_ACTIVITIES
    probs = np.zeros((k, k + 1))
    for a in range(k):
        succ = rng.choice(k, rng.integers(2, 6), replace=False)
        probs[a, succ] = rng.dirichlet(np.ones(len(succ)) * 0.7)
        probs[a] *= 0.9
        probs[a, k] = 0.1  # end
    cum = np.cumsum(probs, axis=1)
    n_cases = n_events // 9 + 10
    state = rng.choice(4, n_cases)  # four start activities
    cols_case, cols_act = [np.arange(n_cases)], [state]
    alive = np.arange(n_cases)
    total = n_cases
    for _ in range(60):
        u = rng.random(len(alive))
        nxt = (u[:, None] > cum[state]).sum(axis=1)
        keep = nxt < k
        alive, state = alive[keep], nxt[keep]
        if len(alive) == 0 or total >= n_events * 1.2:
            break
        cols_case.append(alive)
        cols_act.append(state)
        total += len(alive)
    case = np.concatenate(cols_case)
    act = np.concatenate(cols_act)
    order = np.argsort(case, kind="stable")  # steps were appended in position order
    case, act = case[order], act[order]
    case, act = case[:n_events], act[:n_events]
    n = len(case)
    starts = np.flatnonzero(np.r_[True, case[1:] != case[:-1]])
    lens = np.diff(np.r_[starts, n])
    gaps = np.where(rng.random(n) < 0.09, 0, rng.lognormal(10.5, 1.2, n).astype(np.int64))
    gaps[starts] = 0
    c = np.cumsum(gaps)
    offset = c - np.repeat(c[starts], lens)
    case_start = 1_609_459_200 + rng.integers(0, 3 * 365 * 86_400, len(starts))
    secs = np.repeat(case_start, lens) + offset
    res = (act * 7 + rng.integers(0, 12, n)) % N_RESOURCES
    return {"case": np.repeat(np.arange(len(starts)), lens), "activity": act, "seconds": secs, "resource": res}


def synthetic_table(n_events: int, *, seed: int = 11) -> pa.Table:
    """The synthetic log as a staged Arrow table (canonical columns, see ``docs/architecture.md``)."""
    a = synthetic_arrays(n_events, seed=seed)
    n = len(a["case"])
    labels = np.array([f"Aktivitet {i:02d}" for i in range(N_ACTIVITIES)], dtype=object)
    case_ids = np.char.add("sag-", np.arange(int(a["case"][-1]) + 1).astype(str)).astype(object)
    ts = pa.timestamp("us", tz="UTC")
    return pa.table({
        "case_id": pa.array(case_ids[a["case"]], pa.string()),
        "activity": pa.array(labels[a["activity"]], pa.string()),
        "timestamp": pa.array(a["seconds"] * 1_000_000, ts),
        "start_timestamp": pa.nulls(n, ts),
        "resource": pa.array(np.char.add("r", a["resource"].astype(str)).astype(object), pa.string()),
        "lifecycle": pa.nulls(n, pa.string()),
        "registration_timestamp": pa.nulls(n, ts),
        "sequence": pa.nulls(n, pa.int64()),
        "src_row": pa.array(np.arange(1, n + 1), pa.int64()),
    })


def write_synthetic(workspace: str, n_events: int, name: str = "bench") -> dict[str, float]:
    """Write the synthetic log into the workspace folder; returns the write time (s)."""
    from sagsflow.schema import LogSchema
    from sagsflow.store.workspace import Workspace

    with Workspace.open(workspace) as ws:
        ws.con.execute("SET enable_progress_bar = false").fetchall()
        ws.con.register("__bench_arrow", synthetic_table(n_events))
        ws.con.execute("CREATE OR REPLACE TEMP TABLE __bench_staged AS SELECT * FROM __bench_arrow")
        ws.con.unregister("__bench_arrow")
        t = time.perf_counter()
        ws.write_log(name, "__bench_staged", LogSchema(), mode="replace")
        return {"write": time.perf_counter() - t}


def write_pm4py_frame(workspace: str, path: str, name: str = "bench") -> dict[str, float]:
    """Export the stored log with PM4Py's column names to Parquet (what the PM4Py steps load)."""
    from sagsflow.store.workspace import Workspace

    with Workspace.open(workspace, read_only=True) as ws:
        ws.con.execute("SET enable_progress_bar = false").fetchall()
        log = ws.log(name)
        ws.con.execute("SELECT 1").fetchall()  # Workspace.log leaves a result open (duckdb 2.0)
        tab = log.to_arrow(xes_names=True).select(["case:concept:name", "concept:name", "time:timestamp"])
    import pyarrow.parquet as pq

    pq.write_table(tab, path)
    return {"rows": float(tab.num_rows)}


def _best(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def ours_dfg(workspace: str, durations: bool = True, repeat: int = 3, name: str = "bench") -> dict[str, float]:
    """Sagsflow's DFG: cold (store -> numpy, first computation) and warm (best of ``repeat``)."""
    from sagsflow.analysis.dfg import discover_dfg, log_arrays
    from sagsflow.analysis.dfg_reuse import forget_kept_work
    from sagsflow.store.workspace import Workspace

    ws = Workspace.open(workspace, read_only=True)
    ws.con.execute("SET enable_progress_bar = false").fetchall()
    log = ws.log(name)
    t = time.perf_counter()
    g = discover_dfg(log, durations=durations)
    cold = time.perf_counter() - t
    kept = _best(lambda: discover_dfg(log, durations=durations), repeat)  # the whole log's graph, kept

    def computed() -> None:  # the columns cached, the kept work dropped: what PM4Py does on its frame
        forget_kept_work(log_arrays(log))
        discover_dfg(log, durations=durations)

    return {"cold": cold, "warm": _best(computed, repeat), "kept": kept, "edges": float(g.n_edges)}


def ours_filter_map(workspace: str, repeat: int = 3, name: str = "bench") -> dict[str, float]:
    """A filter change + process-map recompute (performance overlay), warm cache, best of ``repeat``
    per filter, median over five different case-level filters."""
    from sagsflow.analysis.process_map import discover_process_map
    from sagsflow.filters import has_activity
    from sagsflow.store.workspace import Workspace

    ws = Workspace.open(workspace, read_only=True)
    ws.con.execute("SET enable_progress_bar = false").fetchall()
    log = ws.log(name)
    discover_process_map(log)  # warm the cache, as the web page does on opening a log
    labels = [f"Aktivitet {i:02d}" for i in (4, 9, 13, 21, 27)]
    times = [_best(lambda a=a: discover_process_map(log.filter(has_activity(a)), measure="duration",  # type: ignore[misc]
                                                    aggregation="median"), repeat) for a in labels]
    return {"warm": float(np.median(times))}


def _pm4py() -> Any:
    with contextlib.redirect_stdout(io.StringIO()):
        import pm4py
    return pm4py


def _frame(path: str, backend: str) -> Any:
    if backend == "polars":
        import polars as pl

        return pl.read_parquet(path).lazy()
    import pandas as pd

    return pd.read_parquet(path)


def pm4py_dfg(path: str, backend: str, performance: bool, repeat: int = 3) -> dict[str, float]:
    """PM4Py's ``discover_dfg`` (or ``discover_performance_dfg``) on a frame already in memory."""
    pm4py = _pm4py()
    df = _frame(path, backend)
    fn = pm4py.discover_performance_dfg if performance else pm4py.discover_dfg
    return {"warm": _best(lambda: fn(df), repeat)}


def pm4py_filter_map(path: str, backend: str, repeat: int = 3) -> dict[str, float]:
    """PM4Py: filter cases by activity, then the frequency and performance DFGs (same five filters)."""
    pm4py = _pm4py()
    df = _frame(path, backend)
    labels = [f"Aktivitet {i:02d}" for i in (4, 9, 13, 21, 27)]

    def run(a: str) -> None:
        sub = pm4py.filter_event_attribute_values(df, "concept:name", [a], level="case")
        pm4py.discover_dfg(sub)
        pm4py.discover_performance_dfg(sub)

    return {"warm": float(np.median([_best(lambda a=a: run(a), repeat) for a in labels]))}  # type: ignore[misc]


def main(sizes: tuple[int, ...] = (1_000_000, 10_000_000), repeat: int = 3) -> str:
    """Build the synthetic logs, run every step in its own subprocess, print and return a Markdown table."""
    from bench._harness import measure

    rows: list[str] = []
    notes: list[str] = []
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="sf-bench-map-") as tmp:
            ws_path, pq_path = str(Path(tmp) / "ws"), str(Path(tmp) / "events.parquet")
            written = measure("write", "bench.bench_map:write_synthetic", workspace=ws_path, n_events=n)
            measure("export", "bench.bench_map:write_pm4py_frame", workspace=ws_path, path=pq_path)
            notes.append(f"{n:,} events: store write incl. successor table {written.result['write']:.1f} s "  # type: ignore[index]
                         f"(peak {written.peak_mb:.0f} MB)")
            tasks = [
                ("DFG (frequency)", ("bench.bench_map:ours_dfg", {"durations": False}),
                 ("bench.bench_map:pm4py_dfg", {"performance": False})),
                ("DFG with performance", ("bench.bench_map:ours_dfg", {"durations": True}),
                 ("bench.bench_map:pm4py_dfg", {"performance": True})),
                ("filter + map recompute", ("bench.bench_map:ours_filter_map", {}),
                 ("bench.bench_map:pm4py_filter_map", {})),
            ]
            for task, (ours_fn, ours_kw), (pm_fn, pm_kw) in tasks:
                ours = measure(task, ours_fn, workspace=ws_path, repeat=repeat, **ours_kw)
                pm_repeat = repeat if n < 5_000_000 else 1  # PM4Py takes tens of seconds per run there
                theirs = {b: measure(task, pm_fn, path=pq_path, backend=b, repeat=pm_repeat, **pm_kw)
                          for b in ("pandas", "polars")}
                backend = min(theirs, key=lambda b: theirs[b].result["warm"])  # type: ignore[index]
                pm = theirs[backend]
                o_warm = ours.result["warm"]  # type: ignore[index]
                p_warm = pm.result["warm"]  # type: ignore[index]
                cold = ours.result.get("cold")  # type: ignore[union-attr]
                if "kept" in ours.result:  # type: ignore[operator]
                    notes.append(f"{n:,} events, {task}: the whole log's kept graph answered in "
                                 f"{ours.result['kept']:.4f} s")  # type: ignore[index]
                rows.append(
                    f"| {task} | {n:,} | {o_warm:.3f} | {'' if cold is None else f'{cold:.2f}'} | {p_warm:.3f} "
                    f"({backend}) | {p_warm / o_warm:.1f}x | {ours.peak_mb:.0f} | {pm.peak_mb:.0f} "
                    f"| {ours.peak_mb / pm.peak_mb:.2f} |"
                )
    text = "\n".join([
        "### Process map (DFG) — Sagsflow vs PM4Py's fastest backend", "",
        "Sagsflow warm = best of runs with the log's columns cached, computed anew (the work kept per log version "
        "dropped before each run; a repeated map of the whole log is answered from it: 'kept' below); cold = first "
        "run in a fresh process (reads the store). PM4Py works on a frame already in memory. Peak memory = the "
        "step's process.", "",
        "| task | events | sagsflow warm s | sagsflow cold s | PM4Py s | speed-up | sagsflow peak MB "
        "| PM4Py peak MB | memory ratio |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        *rows, "", *[f"- {t}" for t in notes], "",
    ])
    return text


if __name__ == "__main__":
    sizes = tuple(int(s) for s in sys.argv[1].split(",")) if len(sys.argv) > 1 else (1_000_000, 10_000_000)
    main(sizes)
