"""Benchmark: a workspace whose event store is Parquet against one that keeps its logs in its DuckDB file.

Run ``python -m bench --only bench_event_store`` (or ``make bench``). Creates the demo workspace at about 1M events
(and 10M in the full set) in a workspace folder, copies the folder and moves the copy's logs to an event store
(``Workspace.open(path, event_store=root)``, timed), then times what the product shows of the two largest logs in
both workspaces, cold (the kept map work cleared before each run; best of 2): the map, the variants, the case table,
the quality report, a filtered map and the employment-dk rule pack. One process per workspace and run, the two
workspaces alternating; the ratio is Parquet store / database file. The answers are equal (tests/store/
test_event_store.py), so only the time is compared.
"""

from __future__ import annotations

import tempfile
import time
from typing import Any

LOGS = ("kontanthjaelp_alle", "dagpenge_alle")
STEPS = ("map", "variants", "case table", "quality report", "filtered map (case duration >= 30 d)",
         "employment-dk rule pack")


def prepare(workspace: str, scale: float) -> dict[str, float]:
    from sagsflow.demo.workspace import create_demo_workspace
    from sagsflow.store.workspace import Workspace

    with Workspace.open(workspace) as ws:
        create_demo_workspace(ws, seed=42, scale=scale, key="ab" * 32)
        return {log: float(ws.log(log).n_events) for log in LOGS}


def move(workspace: str, root: str) -> dict[str, float]:
    """Seconds to move every log of the workspace to the event store ``root``."""
    from sagsflow.store.workspace import Workspace

    t = time.perf_counter()
    with Workspace.open(workspace, event_store=root):
        return {"move": time.perf_counter() - t}


def run(workspace: str, log: str) -> dict[str, float]:
    """Cold seconds of each step on ``log`` (the kept map work cleared before each)."""
    import gc

    import sagsflow
    import sagsflow.filters as F
    from sagsflow.analysis.dfg import clear_cache
    from sagsflow.compliance import evaluate
    from sagsflow.store.workspace import Workspace

    ws = Workspace.open(workspace, read_only=True)
    ws.con.execute("SET enable_progress_bar = false").fetchall()
    steps: dict[str, Any] = {
        STEPS[0]: sagsflow.discover_dfg,
        STEPS[1]: sagsflow.variants,
        STEPS[2]: sagsflow.case_table,
        STEPS[3]: sagsflow.quality_report,
        STEPS[4]: lambda lg: sagsflow.discover_dfg(lg.filter(F.case_duration(min="30d"))),
        STEPS[5]: lambda lg: evaluate(lg, "employment-dk", as_of="2025-06-30"),
    }
    out: dict[str, float] = {}
    for name, step in steps.items():
        clear_cache()
        gc.collect()
        handle = ws.log(log)
        t = time.perf_counter()
        step(handle)
        out[name] = time.perf_counter() - t
    ws.close()
    return out


def main(sizes: tuple[int, ...] = (1_000_000, 10_000_000), repeat: int = 2) -> str:
    import os
    import shutil

    from bench._harness import measure

    lines = ["### A workspace whose event store is Parquet, against its DuckDB file", "",
             f"Load average when the table was made: {os.getloadavg()[0]:.1f} (1 min) on {os.cpu_count()} cores. "
             f"Cold seconds, best of {repeat}, the two workspaces alternating; ratio = Parquet store / database "
             "file.", "",
             "| demo events | log (events) | step | database file s | Parquet store s | ratio |",
             "|---:|---|---|---:|---:|---:|"]
    for n in sizes:
        folder = tempfile.mkdtemp(prefix="sf-bench-store-")
        try:
            native, kept, root = f"{folder}/native", f"{folder}/kept", f"{folder}/store"
            sizes_of = measure(f"demo {n:,}", "bench.bench_event_store:prepare", workspace=native,
                               scale=n / 1_000_000).result or {}
            shutil.copytree(native, kept)
            moved = measure(f"move {n:,}", "bench.bench_event_store:move", workspace=kept, root=root)
            for log in LOGS:
                best: dict[str, dict[str, float]] = {"native": {}, "kept": {}}
                for _ in range(repeat):
                    for which, ws in (("native", native), ("kept", kept)):
                        got = measure(f"{which} {log} {n:,}", "bench.bench_event_store:run", workspace=ws,
                                      log=log).result or {}
                        for step, s in dict(got).items():  # type: ignore[call-overload]
                            best[which][step] = min(s, best[which].get(step, float("inf")))
                for step in STEPS:
                    a, b = best["native"][step], best["kept"][step]
                    lines.append(f"| {n:,} | {log} ({int(dict(sizes_of)[log]):,}) | {step} | {a:.3f} | {b:.3f} "  # type: ignore[call-overload]
                                 f"| {b / a:.2f}x |")
            lines.append(f"| {n:,} | all 12 logs | moved to the event store | | "
                         f"{moved.seconds:.2f} (with the process start) | |")
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(main())
