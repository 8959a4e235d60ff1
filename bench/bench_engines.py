"""Benchmark: the portable operations on DuckDB and on Spark ``local[2]``, side by side, with the fast paths.

Run ``python -m bench --only bench_engines`` (or ``make bench``). Builds the synthetic log of ``bench.bench_map``
(30 activities, about 10 events per case, 9 % equal timestamps) at 1M events (and 10M in the full set), writes
its Parquet store (``sagsflow.store.parquet.export_log``), then times, warm (best of 3 after one run), each
operation of ``sagsflow.query.portable``: on DuckDB, on Spark reading the Parquet store, and the product's own fast
path for the same answer (``discover_dfg``, ``variants``, ``case_table``); and the employment-dk rule pack on the
demo's cash-benefit log of the same size, on both engines. One process per engine; Spark's start
(JVM, session) is reported on its own line. Spark's memory lives in its JVM (``spark.driver.memory`` 2g), not in the
Python process, so no memory column is given.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from typing import Any

OPS = ("directly_follows", "variants", "case_statistics", "case_statistics (filtered)")


def _best(fn: Callable[[], Any], repeat: int) -> float:
    """Best of ``repeat`` runs after one warm-up run."""
    from bench.bench_map import _best as best

    fn()
    return best(fn, repeat)


def _selection() -> Any:
    import sagsflow.filters as F

    return F.stack(F.case_length(min=8), F.case_duration(min="2d"))


def prepare(workspace: str, root: str, n_events: int) -> dict[str, float]:
    from bench.bench_map import write_synthetic
    from sagsflow.store.parquet import export_log
    from sagsflow.store.workspace import Workspace

    write_synthetic(workspace, n_events)
    with Workspace.open(workspace) as ws:
        t = time.perf_counter()
        export_log(ws, "bench", root)
        return {"export": time.perf_counter() - t}


def prepare_demo(workspace: str, root: str, n_events: int) -> dict[str, float]:
    """The demo's cash-benefit process (kontanthjaelp, all municipalities) at about ``n_events`` events over both
    processes, imported and written as a Parquet store, for the employment-dk rule pack."""
    from sagsflow.demo import generate, write_extract
    from sagsflow.ingest.mapping import Mapping
    from sagsflow.ingest.pipeline import import_log
    from sagsflow.store.parquet import export_log
    from sagsflow.store.workspace import Workspace

    data = generate(seed=42, scale=n_events / 1_000_000)
    files = write_extract(data, f"{root}-extract", split_by=("process",))
    source = next(f for f in files if "kontanthjaelp" in f.name and f.suffix == ".parquet")
    with Workspace.open(workspace) as ws:
        result = import_log(source, workspace=ws, log="kh", mapping=Mapping.from_yaml(data.mapping_yaml),
                            key="ab" * 32)
        export_log(ws, "kh", root)
        return {"events": float(result.log.n_events)}


def run_pack(workspace: str, root: str, engine: str) -> dict[str, float]:
    """Seconds of the employment-dk rule pack on ``engine`` ('duckdb' or 'spark'), warm (second run)."""
    from sagsflow.compliance import evaluate
    from sagsflow.query.engine import DuckDBEngine, SparkEngine
    from sagsflow.store.workspace import Workspace

    ws = Workspace.open(workspace, read_only=True)
    log = ws.log("kh")
    eng: Any = DuckDBEngine(ws.con) if engine == "duckdb" else SparkEngine.local(root)
    evaluate(log, "employment-dk", as_of="2025-06-30", engine=eng)
    t = time.perf_counter()
    res = evaluate(log, "employment-dk", as_of="2025-06-30", engine=eng)
    out = {"pack": time.perf_counter() - t, "rows": float(res.table.num_rows)}
    if engine == "spark":
        eng.stop()
    return out


def run_engine(workspace: str, root: str, engine: str, repeat: int = 3) -> dict[str, float]:
    """Warm seconds of each operation on ``engine`` ('duckdb', 'spark' or 'fast' for the product's fast paths)."""
    import sagsflow
    from sagsflow.query import portable
    from sagsflow.query.engine import DuckDBEngine, SparkEngine
    from sagsflow.store.workspace import Workspace

    ws = Workspace.open(workspace, read_only=True)
    ws.con.execute("SET enable_progress_bar = false").fetchall()
    log = ws.log("bench")
    sel = log.filter(_selection()).events_sql()
    out: dict[str, float] = {}
    if engine == "fast":
        filtered = log.filter(_selection())
        out["directly_follows"] = _best(lambda: sagsflow.discover_dfg(log), repeat)
        out["variants"] = _best(lambda: sagsflow.variants(log), repeat)
        out["case_statistics"] = _best(lambda: sagsflow.case_table(log), repeat)
        out["case_statistics (filtered)"] = _best(lambda: sagsflow.case_table(filtered), repeat)
        return out
    t = time.perf_counter()
    eng: Any = DuckDBEngine(ws.con) if engine == "duckdb" else SparkEngine.local(root)
    out["start"] = time.perf_counter() - t
    out["directly_follows"] = _best(lambda: portable.directly_follows(eng, "bench"), repeat)
    out["variants"] = _best(lambda: portable.variants(eng, "bench"), repeat)
    out["case_statistics"] = _best(lambda: portable.case_statistics(eng, "bench"), repeat)
    out["case_statistics (filtered)"] = _best(lambda: portable.case_statistics(eng, "bench", events=sel), repeat)
    if engine == "spark":
        eng.stop()
    return out


def main(sizes: tuple[int, ...] = (1_000_000, 10_000_000), repeat: int = 3) -> str:
    import os
    import shutil

    from bench._harness import measure

    lines = ["### Engines: the portable operations on DuckDB and Spark local[2]", "",
             f"Load average when the table was made: {os.getloadavg()[0]:.1f} (1 min) on {os.cpu_count()} cores. "
             "Warm seconds, best of 3 after one run; ratio = Spark / DuckDB (portable query).", "",
             "| events | operation | DuckDB fast path s | DuckDB portable s | Spark local[2] s | Spark / DuckDB |",
             "|---:|---|---:|---:|---:|---:|"]
    for n in sizes:
        folder = tempfile.mkdtemp(prefix="sf-bench-engines-")
        try:
            ws, root = f"{folder}/ws", f"{folder}/store"
            prep = measure(f"prepare {n:,}", "bench.bench_engines:prepare", workspace=ws, root=root, n_events=n)
            res = {e: measure(f"{e} {n:,}", "bench.bench_engines:run_engine", workspace=ws, root=root, engine=e,
                              repeat=repeat).result for e in ("fast", "duckdb", "spark")}
            fast, duck, spark = (dict(res[e] or {}) for e in ("fast", "duckdb", "spark"))  # type: ignore[call-overload]
            for op in OPS:
                lines.append(f"| {n:,} | {op} | {fast[op]:.3f} | {duck[op]:.3f} | {spark[op]:.3f} "
                             f"| {spark[op] / duck[op]:.1f}x |")
            lines.append(f"| {n:,} | Parquet store written (export) | | {prep.result['export']:.2f} | | |")  # type: ignore[index]
            lines.append(f"| {n:,} | engine start | | {duck['start']:.2f} | {spark['start']:.2f} | |")
            dws, droot = f"{folder}/demo", f"{folder}/demo-store"
            demo = measure(f"prepare demo {n:,}", "bench.bench_engines:prepare_demo", workspace=dws, root=droot,
                           n_events=n)
            packs = {e: dict(measure(f"rule pack {e} {n:,}", "bench.bench_engines:run_pack", workspace=dws,
                                     root=droot, engine=e).result or {}) for e in ("duckdb", "spark")}  # type: ignore[call-overload]
            lines.append(f"| {n:,} | employment-dk rule pack, demo kontanthjaelp ({int(demo.result['events']):,} "  # type: ignore[index]
                         f"events) | | {packs['duckdb']['pack']:.2f} | {packs['spark']['pack']:.2f} "
                         f"| {packs['spark']['pack'] / packs['duckdb']['pack']:.1f}x |")
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(main())
