"""``make bench``: run every benchmark and print Markdown tables (also saved in bench/results/)."""

from __future__ import annotations

import argparse
import importlib
import inspect
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

SUITES = ["bench.bench_import", "bench.bench_map", "bench.bench_filters", "bench.bench_stats", "bench.bench_quality",
          "bench.bench_server", "bench.bench_compliance", "bench.bench_conformance",
          "bench.bench_split_miner", "bench.bench_predict",
          "bench.bench_web", "bench.bench_demo", "bench.bench_engines", "bench.bench_event_store", "bench.bench_scale"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", nargs="*", help="suite names, e.g. bench_import")
    parser.add_argument("--quick", action="store_true",
                        help="each suite's quick set (bench_import: 1M CSV, Parquet and XES), else 1M events only")
    args = parser.parse_args()
    header = (f"# Sagsflow benchmarks\n\n{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.node()}, "
              f"{platform.processor() or platform.machine()}, Python {platform.python_version()}\n")
    print(header, flush=True)
    parts = [header]
    for name in SUITES:
        if args.only and name.split(".")[-1] not in args.only:
            continue
        try:
            mod = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            print(f"(skipping {name}: {exc})\n", flush=True)
            continue
        t = time.perf_counter()
        params = inspect.signature(mod.main).parameters
        kwargs: dict[str, object] = {}
        if args.quick:  # a suite's own quick set where it has one, else its 1M sizes
            kwargs = {"quick": True} if "quick" in params else {"sizes": (1_000_000,)}
        print(f"-- {name} ({'quick' if args.quick else 'full'}) ...", file=sys.stderr, flush=True)
        text = mod.main(**kwargs)
        text += f"\n_{name} took {time.perf_counter() - t:.0f} s_\n"
        print(text, flush=True)
        parts.append(text)
    out = Path(__file__).resolve().parent / "results"
    out.mkdir(exist_ok=True)
    (out / f"bench-{datetime.now(UTC):%Y%m%dT%H%M}.md").write_text("\n".join(parts), encoding="utf-8")


if __name__ == "__main__":
    main()
