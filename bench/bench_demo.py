"""Benchmark: generating the synthetic demo data (``sagsflow.demo.generate``) at scale 0.1 and 1.

Run ``python -m bench --only bench_demo`` (or ``make bench``). The budgets were timed unit tests once:
scale 0.1 (about 100,000 events) within 6 s and scale 1 (about 1M events) within 30 s, warm imports.
``make demo`` generates scale 1. No PM4Py counterpart (PM4Py's playout simulates a model, not an extract).
"""

from __future__ import annotations

import time


def generate(scale: float) -> dict[str, float]:
    from sagsflow.demo import generate as gen

    gen(seed=1, scale=0.01)  # imports and the holiday calendar
    t = time.perf_counter()
    data = gen(seed=42, scale=scale)
    return {"seconds": time.perf_counter() - t, "events": float(data.events.num_rows)}


def main(sizes: tuple[int, ...] = (100_000, 1_000_000)) -> str:
    from bench._harness import measure

    rows = []
    for n in sizes:
        m = measure("generate", "bench.bench_demo:generate", scale=n / 1_000_000)
        r = m.result
        rows.append(f"| {n / 1_000_000:g} | {int(r['events']):,} | {r['seconds']:.2f} | {m.peak_mb:.0f} |")  # type: ignore[index]
    return "\n".join(["### Demo data generation", "", "Budget: scale 0.1 within 6 s, scale 1 within 30 s.", "",
                      "| scale | events | seconds | peak MB |", "|---:|---:|---:|---:|", *rows, ""])


if __name__ == "__main__":
    print(main())
