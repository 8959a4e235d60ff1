"""Benchmark: the data-quality report on 1M and 10M events (it was a timed unit test: 1M within 20 s).

Run ``python -m bench --only bench_quality`` (or ``make bench``). The log: cases of 20 events, 300
caseworkers, registrations up to 20 days late and one robot run (what ``tests/quality/test_quality_scale.py``
checks for correctness on 1M events). PM4Py has no data-quality report; the baseline is reading the same
events into pandas (``Workspace.log(...).to_pandas()``), the step every hand-written check starts with.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path


def write(workspace: str, n_events: int) -> dict[str, float]:
    """Stage and write the synthetic log ``big`` of ``n_events`` events."""
    from sagsflow.schema import ROLES, Column, LogSchema
    from sagsflow.store.workspace import Workspace

    with Workspace.open(workspace) as ws:
        ws.con.execute("SET enable_progress_bar = false").fetchall()
        ws.con.execute(f"""CREATE TEMP TABLE st AS
            SELECT 'C' || (i // 20)::VARCHAR AS case_id,
                   'Aktivitet ' || chr(65 + ((i % 20 + (i // 20) % 3) % 26)::INT) AS activity,
                   TIMESTAMPTZ '2022-01-01 08:00:00+00' + to_seconds(i // 20 * 600 + (i % 20) * 25200
                       + (i * 7919) % 600) AS timestamp,
                   NULL::TIMESTAMPTZ AS start_timestamp,
                   CASE WHEN i % 40000 < 30 THEN 'ROBOT' ELSE 'R' || ((i * 31) % 300)::VARCHAR END AS resource,
                   NULL::VARCHAR AS lifecycle,
                   TIMESTAMPTZ '2022-01-01 08:00:00+00' + to_seconds(i // 20 * 600 + (i % 20) * 25200
                       + (i * 7919) % 600 + ((i * 13) % 20) * 86400) AS registration_timestamp,
                   (i % 20)::BIGINT AS sequence, (i + 1)::BIGINT AS src_row,
                   CASE WHEN i % 3 = 0 THEN 'x' END AS kanal
            FROM range({int(n_events)}) t(i)""").fetchall()
        schema = LogSchema(roles={r: r for r in ROLES if r not in ("start_timestamp", "lifecycle")},
                           attributes=(Column(name="kanal"),))
        ws.write_log("big", "st", schema)
    return {}


def ours(workspace: str) -> dict[str, float]:
    """``quality_report`` of the log: cold (first in the process) seconds and the number of findings."""
    from sagsflow.quality import quality_report
    from sagsflow.store.workspace import Workspace

    with Workspace.open(workspace, read_only=True) as ws:
        ws.con.execute("SET enable_progress_bar = false").fetchall()
        log = ws.log("big")
        t = time.perf_counter()
        report = quality_report(log)
        return {"seconds": time.perf_counter() - t, "findings": float(len(report.codes))}


def baseline(workspace: str) -> dict[str, float]:
    """The events read into pandas (what any hand-written check starts with)."""
    from sagsflow.store.workspace import Workspace

    with Workspace.open(workspace, read_only=True) as ws:
        ws.con.execute("SET enable_progress_bar = false").fetchall()
        log = ws.log("big")
        t = time.perf_counter()
        df = log.to_pandas()
        return {"seconds": time.perf_counter() - t, "rows": float(len(df))}


def main(sizes: tuple[int, ...] = (1_000_000, 10_000_000)) -> str:
    from bench._harness import measure

    rows = []
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="sf-bench-quality-") as tmp:
            ws = str(Path(tmp) / "ws")
            measure("write", "bench.bench_quality:write", workspace=ws, n_events=n)
            mine = measure("quality_report", "bench.bench_quality:ours", workspace=ws)
            base = measure("to_pandas", "bench.bench_quality:baseline", workspace=ws)
            m, b = mine.result, base.result
            rows.append(f"| {n:,} | {m['seconds']:.2f} | {int(m['findings'])} | {mine.peak_mb:.0f} | "  # type: ignore[index]
                        f"{b['seconds']:.2f} | {base.peak_mb:.0f} |")  # type: ignore[index]
    return "\n".join([
        "### Data-quality report", "",
        "Cold, in a fresh process. Target: 1M events within 20 s on this machine under load.", "",
        "| events | quality_report s | findings | peak MB | baseline: to_pandas s | baseline peak MB |",
        "|---:|---:|---:|---:|---:|---:|", *rows, "",
    ])


if __name__ == "__main__":
    sizes = tuple(int(s) for s in sys.argv[1].split(",")) if len(sys.argv) > 1 else (1_000_000, 10_000_000)
    print(main(sizes))
