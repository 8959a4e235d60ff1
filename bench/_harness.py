"""Run a benchmark step in a fresh subprocess and measure its wall time, CPU time and peak memory.

Each step is ``module:function`` with JSON-able arguments; the child prints the seconds the
function took (measured inside, so interpreter start-up is not counted), the CPU seconds it used
(all its threads, plus any child process it waited for, such as the XES feeder) and its peak
resident memory (``VmHWM``; ``ru_maxrss`` would include the parent's size at fork time). A fresh
process per step keeps one step's caches and memory from another's. On a loaded machine the wall
seconds depend on what else runs; the CPU seconds much less so, and the ratio of two steps measured
in the same run is the figure to compare. Every step prints one progress line on stderr as it ends.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Measurement:
    label: str
    seconds: float
    peak_mb: float
    result: object = None
    cpu: float = float("nan")


_CHILD = """
import json, resource, sys, time, importlib, contextlib, io
mod, fn = sys.argv[1].split(":")
args = json.loads(sys.argv[2])
with contextlib.redirect_stdout(io.StringIO()):
    f = getattr(importlib.import_module(mod), fn)
    def _cpu():
        own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
    c = _cpu()
    t = time.perf_counter()
    res = f(**args)
    dt = time.perf_counter() - t
    cpu = _cpu() - c
# VmHWM is this process's own peak: ru_maxrss would also count the parent's size at fork time
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
try:
    with open("/proc/self/status") as status:
        peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024
except (OSError, StopIteration):
    pass
print("__sf_measurement__" + json.dumps({"seconds": dt, "cpu": cpu, "peak_mb": peak, "result": res}, default=str))
"""


_MARKER = "__sf_measurement__"


def measure(label: str, target: str, **kwargs: object) -> Measurement:
    """Run ``target`` (``'bench.module:function'``) in a subprocess and measure it."""
    env = {**os.environ, "PYTHONPATH": f"{ROOT}:{ROOT / 'src'}"}
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, target, json.dumps(kwargs)],
        capture_output=True, text=True, env=env, cwd=ROOT, check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{label} failed:\n{proc.stderr[-3000:]}")
    # DuckDB draws its progress bar (long statements) straight onto the process's stdout, also on the result's line,
    # so the measurement follows a marker (a step's own result may hold a "seconds" key too: bench_compliance's does)
    out = proc.stdout
    data = json.loads(out[out.rfind(_MARKER) + len(_MARKER):].strip())
    m = Measurement(label, data["seconds"], data["peak_mb"], data.get("result"), data.get("cpu", float("nan")))
    print(f"  {time.strftime('%H:%M:%S')} {label}: {m.seconds:.2f} s, {m.cpu:.2f} CPU s, {m.peak_mb:.0f} MB "
          f"(load {os.getloadavg()[0]:.1f})", file=sys.stderr, flush=True)
    return m


def table(title: str, rows: list[tuple[str, Measurement, Measurement]]) -> str:
    """Rows of (task, ours, pm4py) as a Markdown table with time, CPU-time and memory ratios, and the load."""
    lines = [f"### {title}", "",
             f"Load average when the table was made: {os.getloadavg()[0]:.1f} (1 min), {os.getloadavg()[1]:.1f} "
             f"(5 min) on {os.cpu_count()} cores.", "",
             "| task | sagsflow s | PM4Py s | speed-up | sagsflow CPU s | PM4Py CPU s | CPU ratio "
             "| sagsflow peak MB | PM4Py peak MB | memory ratio |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for task, ours, theirs in rows:
        lines.append(
            f"| {task} | {ours.seconds:.2f} | {theirs.seconds:.2f} | {theirs.seconds / ours.seconds:.2f}x "
            f"| {ours.cpu:.2f} | {theirs.cpu:.2f} | {theirs.cpu / ours.cpu:.2f}x "
            f"| {ours.peak_mb:.0f} | {theirs.peak_mb:.0f} | {ours.peak_mb / theirs.peak_mb:.2f} |"
        )
    return "\n".join(lines) + "\n"
