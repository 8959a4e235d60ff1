"""Benchmark: the employment-dk rule pack (R01-R15, 16 rules with R14 split in a/b) on the synthetic demo log.

Run ``python -m bench --only bench_compliance`` (or ``make bench``). Generates the demo data
(``sagsflow.demo``, five municipalities, dagpenge and kontanthjælp) at the scale that gives about
1M and 10M events, imports it like a nightly extract into a workspace cached under the system temp
folder (reused by later runs), then evaluates the whole pack in a fresh subprocess and reports the
time per rule (cold: first evaluation in the process; warm: the second), and the CPU time of the whole
evaluation (all threads), which a busy shared machine does not inflate as much as wall time. Target:
all rules on the 10M-event log in at most 10 s.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

CACHE = Path(tempfile.gettempdir()) / "sagsflow-bench-compliance"
KEY = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"


def prepare(n_events: int) -> dict[str, float]:
    """Generate and import the demo log of about ``n_events`` events (skipped when cached)."""
    from sagsflow.demo import generate, write_extract
    from sagsflow.ingest.mapping import Mapping
    from sagsflow.ingest.pipeline import import_log
    from sagsflow.store.workspace import Workspace

    folder = CACHE / f"demo-{n_events}"
    done = folder / "ready"
    if done.exists():
        return {"seconds": 0.0, "cached": 1.0}
    t = time.perf_counter()
    data = generate(seed=42, scale=n_events / 1_000_000)
    files = write_extract(data, folder / "extract", split_by=())
    if (folder / "ws").exists():
        import shutil

        shutil.rmtree(folder / "ws")
    with Workspace.open(folder / "ws") as ws:
        ws.con.execute("SET enable_progress_bar = false").fetchall()
        import_log(files[0], workspace=ws, log="demo", mapping=Mapping.from_yaml(data.mapping_yaml), key=KEY)
    for f in files:
        f.unlink()
    done.write_text("ok")
    return {"seconds": time.perf_counter() - t, "cached": 0.0}


def run(n_events: int) -> dict[str, object]:
    """Evaluate the pack twice on the cached log; per-rule seconds of both runs and the result's size."""
    from sagsflow.compliance import evaluate, load_pack
    from sagsflow.store.workspace import Workspace

    load = os.getloadavg()[0]
    with Workspace.open(CACHE / f"demo-{n_events}" / "ws", read_only=True) as ws:
        ws.con.execute("SET enable_progress_bar = false").fetchall()
        log = ws.log("demo")
        n = log.n_events
        rules = load_pack("employment-dk")
        t, c = time.perf_counter(), time.process_time()
        cold = evaluate(log, rules)
        cold_total, cold_cpu = time.perf_counter() - t, time.process_time() - c
        t, c = time.perf_counter(), time.process_time()
        warm = evaluate(log, rules)
        warm_total, warm_cpu = time.perf_counter() - t, time.process_time() - c
        summary = warm.summary()
    return {"events": n, "cold": cold.timings, "warm": warm.timings, "cold_total": cold_total,
            "warm_total": warm_total, "cold_cpu": cold_cpu, "warm_cpu": warm_cpu, "rows": warm.table.num_rows,
            "load": load,
            "rates": dict(zip(summary["rule_id"], summary["rate"].round(3), strict=True))}


def main(sizes: tuple[int, ...] = (1_000_000, 10_000_000)) -> str:
    """Prepare the logs, evaluate in a fresh subprocess per size, return a Markdown table."""
    from bench._harness import measure

    results = {}
    notes = []
    for n in sizes:
        prep = measure("prepare", "bench.bench_compliance:prepare", n_events=n)
        res = measure("evaluate", "bench.bench_compliance:run", n_events=n)
        results[n] = res
        r = res.result
        assert isinstance(r, dict)
        how = "cached" if prep.result["cached"] else f"{prep.result['seconds']:.0f} s"  # type: ignore[index]
        notes.append(f"{r['events']:,} events: log prepared ({how}); {r['rows']:,} result rows (case x rule); "
                     f"peak {res.peak_mb:.0f} MB; total cold {r['cold_total']:.2f} s, warm {r['warm_total']:.2f} s "
                     f"(includes fetching the result rows); CPU time (all threads) cold {r['cold_cpu']:.1f} s, "
                     f"warm {r['warm_cpu']:.1f} s, {os.cpu_count()} cores, load average before the run "
                     f"{r['load']:.1f}")
    rules = list(next(iter(results.values())).result["warm"])  # type: ignore[index]
    head = " | ".join(f"{results[n].result['events']:,} events cold s | warm s" for n in sizes)  # type: ignore[index]
    lines = ["### Compliance rules (employment-dk pack) on the synthetic demo log", "",
             "Time per rule (one set-based DuckDB query each); `(setup)` = selecting the events the rules "
             "look at and the cases. The machine is shared, so absolute times are noisy.", "",
             f"| rule | {head} |", "|---|" + "---:|---:|" * len(sizes)]
    for rule in rules:
        cells = " | ".join(f"{results[n].result['cold'][rule]:.3f} | {results[n].result['warm'][rule]:.3f}"  # type: ignore[index]
                           for n in sizes)
        lines.append(f"| {rule} | {cells} |")
    totals = " | ".join(f"**{sum(results[n].result['cold'].values()):.2f}** | "  # type: ignore[index]
                        f"**{sum(results[n].result['warm'].values()):.2f}**" for n in sizes)  # type: ignore[index]
    lines.append(f"| total | {totals} |")
    return "\n".join([*lines, "", *[f"- {t}" for t in notes], ""])


if __name__ == "__main__":
    sizes = tuple(int(s) for s in sys.argv[1].split(",")) if len(sys.argv) > 1 else (1_000_000, 10_000_000)
    print(main(sizes))
