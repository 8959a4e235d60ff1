"""Benchmark: variants and case durations, Sagsflow vs PM4Py's fastest backend (pandas or Polars).

Run ``python bench/bench_stats.py`` (or ``make bench``). Builds synthetic logs of 1M and 10M events with the
store API, times Sagsflow's :func:`~sagsflow.analysis.variants.variants` and
:func:`~sagsflow.analysis.statistics.case_durations` (warm, best of three) against ``pm4py.get_variants`` and
``pm4py.get_all_case_durations`` on the same events in memory, and prints one table.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pyarrow as pa

from sagsflow.log import EventLog
from sagsflow.schema import LogSchema
from sagsflow.store.workspace import Workspace

N_ACTIVITIES = 25
N_TEMPLATES = 400


def synthetic_events(n_events: int, *, seed: int = 7) -> pa.Table:
    """A staged event table of about ``n_events`` events: Zipf-distributed template variants with noise.

    About 2 % of events are replaced by a random activity (so the variant count grows with the log
    like a real one), gaps are exponential with 9 % ties, 200 resources.
    """
    rng = np.random.default_rng(seed)
    t_len = rng.integers(4, 17, N_TEMPLATES)
    t_off = np.concatenate([[0], np.cumsum(t_len)])
    t_acts = rng.integers(0, N_ACTIVITIES, int(t_off[-1]))
    weights = 1.0 / np.arange(1, N_TEMPLATES + 1) ** 1.1
    n_cases = max(1, int(n_events / float((t_len * weights).sum() / weights.sum())))
    tmpl = rng.choice(N_TEMPLATES, n_cases, p=weights / weights.sum())
    lens = t_len[tmpl]
    case = np.repeat(np.arange(n_cases), lens)
    starts = np.cumsum(lens) - lens
    pos = np.arange(len(case)) - np.repeat(starts, lens)
    acts = t_acts[t_off[tmpl][case] + pos]
    noise = rng.random(len(acts)) < 0.02
    acts[noise] = rng.integers(0, N_ACTIVITIES, int(noise.sum()))
    gaps = np.where(rng.random(len(acts)) < 0.09, 0, rng.exponential(2 * 86400, len(acts)).astype(np.int64))
    gaps[starts] = 0
    case_start = 1_600_000_000 + rng.integers(0, 2 * 365 * 86400, n_cases)
    secs = np.repeat(case_start, lens) + _cumsum_by_case(gaps, starts, lens)
    labels = np.array([f"Activity {i:02d}" for i in range(N_ACTIVITIES)], dtype=object)
    ids = np.char.add("case-", np.arange(n_cases).astype(str)).astype(object)
    n = len(acts)
    return pa.table({
        "case_id": pa.array(ids[case], pa.string()),
        "activity": pa.array(labels[acts], pa.string()),
        "timestamp": pa.array(secs * 1_000_000, pa.timestamp("us", tz="UTC")),
        "start_timestamp": pa.nulls(n, pa.timestamp("us", tz="UTC")),
        "resource": pa.array(np.char.add("r", rng.integers(0, 200, n).astype(str)).astype(object), pa.string()),
        "lifecycle": pa.nulls(n, pa.string()),
        "registration_timestamp": pa.nulls(n, pa.timestamp("us", tz="UTC")),
        "sequence": pa.nulls(n, pa.int64()),
        "src_row": pa.array(np.arange(1, n + 1), pa.int64()),
    })


def _cumsum_by_case(values: np.ndarray, starts: np.ndarray, lens: np.ndarray) -> np.ndarray:
    c = np.cumsum(values)
    return c - np.repeat(c[starts] - values[starts], lens)


def synthetic_log(ws: Workspace, name: str, n_events: int, *, seed: int = 7) -> EventLog:
    """Write :func:`synthetic_events` into ``ws`` as log ``name`` through the store API."""
    ws.con.register("__bench_arrow", synthetic_events(n_events, seed=seed))
    ws.con.execute("CREATE OR REPLACE TEMP TABLE __bench_staged AS SELECT * FROM __bench_arrow")
    ws.con.unregister("__bench_arrow")
    ws.write_log(name, "__bench_staged", LogSchema(), mode="replace")
    ws.con.execute("DROP TABLE __bench_staged")
    return ws.log(name)


def best_of(fn: Callable[[], Any], repeat: int = 3) -> float:
    """Best wall time of ``repeat`` runs, in seconds (the first run warms caches)."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main(argv: list[str] | None = None, sizes: tuple[int, ...] | None = None) -> str:
    """Ours vs PM4Py's fastest for variants and case durations on 1M and 10M events (a Markdown table)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000000,10000000", help="comma-separated event counts")
    parser.add_argument("--repeat", type=int, default=3, help="runs of ours (best is shown; the first warms up)")
    parser.add_argument("--pm4py-repeat", type=int, default=1, help="runs of each PM4Py backend")
    args = parser.parse_args(argv or [])
    if sizes is not None:
        args.sizes = ",".join(str(n) for n in sizes)
    with contextlib.redirect_stdout(io.StringIO()):  # pm4py's licence banner
        import pm4py
    import polars as pl

    from sagsflow.analysis.statistics import case_durations
    from sagsflow.analysis.variants import variants

    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        ws = Workspace.memory()
        log = synthetic_log(ws, "bench", n)
        pdf = log.to_pandas(xes_names=True)
        plf = log.to_polars(xes_names=True).lazy()
        ours_v = best_of(lambda log=log: variants(log), args.repeat)  # type: ignore[misc]
        ours_d = best_of(lambda log=log: case_durations(log), args.repeat)  # type: ignore[misc]
        r = args.pm4py_repeat
        pm_v = {
            "pandas": best_of(lambda pdf=pdf: pm4py.get_variants(pdf), r),  # type: ignore[misc]
            "polars": best_of(lambda plf=plf: pm4py.get_variants(plf), r),  # type: ignore[misc]
        }
        pm_d = {
            "pandas": best_of(lambda pdf=pdf: pm4py.get_all_case_durations(pdf), r),  # type: ignore[misc]
            "polars": best_of(lambda plf=plf: pm4py.get_all_case_durations(plf), r),  # type: ignore[misc]
        }
        for task, ours, pm in (("variants", ours_v, pm_v), ("case durations", ours_d, pm_d)):
            backend = min(pm, key=pm.__getitem__)
            rows.append((task, log.n_events, ours, pm[backend], backend, pm[backend] / ours))
        del pdf, plf
        ws.close()
        _ = pl  # polars is imported for PM4Py's Polars backend
    lines = ["### Variants and case durations (warm, best of runs; PM4Py's faster backend)", "",
             "| task | events | sagsflow s | PM4Py s | PM4Py backend | speed-up |", "|---|---:|---:|---:|---|---:|"]
    for task, n_ev, ours, theirs, backend, ratio in rows:
        lines.append(f"| {task} | {n_ev:,} | {ours:.3f} | {theirs:.3f} | {backend} | {ratio:.1f}x |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(main(sys.argv[1:]))
