"""Benchmark: Split Miner against the inductive miner infrequent (IMf, noise 0.2) on every log in ../shared/data.

Run ``python -m bench --only bench_split_miner`` (part of ``make bench``) or ``python -m bench.bench_split_miner
[--logs Sepsis_Cases-Event_Log ...] [--budget 60] [--timeout 2] [--processes 2]``. For each log and each
discoverer: the discovery time (Split Miner: Java's start-up included), the BPMN model's size (nodes), gateways
and control-flow complexity (CFC), and the alignment-based quality of its Petri net on the log's variants
weighted by cases (:func:`sagsflow.discovery.quality.alignment_fitness`: PM4Py's average trace fitness;
:func:`~sagsflow.discovery.quality.one_align_precision`: ETConformance on one optimal alignment per
variant) with the F-score
``2 F P / (F + P)``.

Both measures come from one optimal alignment per variant (PM4Py's exact Dijkstra search for 0.25 s, then its A*,
in worker processes):
the fitness equals PM4Py's ``averageFitness``; the precision is ETConformance on those alignments ("1-align").
The quality of one model runs in a child process with a wall-time budget (``--budget`` seconds, default 120: the
issue's limit for aligning every variant); a model whose quality does not finish in it is reported as "> N s"
rather than waited for, and variants whose alignment passes ``--timeout`` seconds are counted ("timed out") and
left out. So the table fits two shared cores: at most ``budget`` seconds of quality per model and log.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import pickle
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / ".." / "shared" / "data"


def _logs() -> list[str]:
    return sorted(p.name.removesuffix(".xes.gz") for p in DATA.glob("*.xes.gz"))


def quality_child(model_path: str, variants_path: str, timeout: float, processes: int) -> None:
    """In the child: fitness and precision from one optimal alignment per variant, printed as one JSON line."""
    from sagsflow.discovery import read_pnml
    from sagsflow.discovery.quality import one_align_quality

    model = read_pnml(model_path)
    with open(variants_path, "rb") as fh:
        variants = pickle.load(fh)
    t = time.perf_counter()
    q = one_align_quality(model, variants, timeout_per_variant=timeout, processes=processes)
    print(json.dumps(q | {"seconds": time.perf_counter() - t}), flush=True)


def _quality(model: Any, variants: Any, budget: float, timeout: float, processes: int) -> dict[str, Any]:
    """Run :func:`quality_child` with ``budget`` seconds; kill it (and its workers) after that."""
    got: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="sagsflow-bench-sm-") as tmp:
        # PNML, not pickle: pickling the net of a 400-activity model recurses too deep
        mp, vp = Path(tmp) / "model.pnml", Path(tmp) / "variants.pkl"
        model.to_pnml(mp)
        vp.write_bytes(pickle.dumps(variants))
        cmd = [sys.executable, "-m", "bench.bench_split_miner", "--quality-child", str(mp), str(vp),
               "--timeout", str(timeout), "--processes", str(processes)]
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                                start_new_session=True)
        assert proc.stdout is not None
        try:
            line = _readline(proc, time.monotonic() + budget)
            got = {"fitness": f"> {budget:.0f} s", "precision": "-"} if line is None else json.loads(line)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return got


def _readline(proc: subprocess.Popen[str], deadline: float) -> str | None:
    import selectors

    assert proc.stdout is not None
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not sel.select(timeout=left):
                return None
            line = proc.stdout.readline()
            if not line:
                return None
            if line.startswith("{"):
                return line
    finally:
        sel.close()


def _fscore(q: dict[str, Any]) -> Any:
    f, p = q.get("fitness"), q.get("precision")
    if not isinstance(f, float) or not isinstance(p, float):
        return "-"
    return round(2 * f * p / (f + p), 3) if f + p > 0 else 0.0


def run_one(name: str, budget: float, timeout: float, processes: int) -> list[dict[str, object]]:
    """Both discoverers on one log: two table rows."""
    import sagsflow
    from sagsflow.discovery import InductiveMiner, SplitMiner, SplitMinerError, log_variants
    from sagsflow.store.workspace import Workspace

    ws = Workspace.memory()
    log = sagsflow.read_xes(DATA / f"{name}.xes.gz", key=b"b" * 32, workspace=ws)
    variants = log_variants(log)
    rows: list[dict[str, object]] = []
    for label, miner in (("Split Miner", SplitMiner()), ("IMf 0.2", InductiveMiner(noise_threshold=0.2))):
        row: dict[str, object] = {"log": name, "variants": len(variants), "discoverer": label}
        try:
            miner.fit_variants(variants)
        except SplitMinerError as exc:
            rows.append(row | {"discovery s": f"failed: {exc.message.splitlines()[0]}"})
            continue
        q = _quality(miner.petri_net_, variants, budget, timeout, processes)
        fit, prec = q.get("fitness", "-"), q.get("precision", "-")
        row |= {
            "fitness": round(fit, 3) if isinstance(fit, float) else fit,
            "precision": round(prec, 3) if isinstance(prec, float) else prec,
            "F-score": _fscore(q),
            "size": miner.bpmn_.n_nodes, "gateways": miner.bpmn_.n_gateways,
            "CFC": miner.bpmn_.control_flow_complexity,
            "ORs": ("replaced" if miner.replaced_ors_ else "kept") if isinstance(miner, SplitMiner) else "-",
            "discovery s": round(miner.fit_seconds_, 1),
            "quality s": round(q["seconds"], 1) if "seconds" in q else "-",
            "timed out": q.get("n_variants_left_out", "-"),
        }
        rows.append(row)
    ws.close()
    return rows


def to_markdown(rows: list[dict[str, object]]) -> str:
    cols = ["log", "variants", "discoverer", "fitness", "precision", "F-score", "size", "gateways", "CFC", "ORs",
            "discovery s", "quality s", "timed out"]
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    lines += ["| " + " | ".join(str(r.get(c, "")) for c in cols) + " |" for r in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None, **_: Any) -> str:
    """Run the benchmark and return the Markdown table (with the load before and after)."""
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--logs", nargs="+", default=None)
    ap.add_argument("--budget", type=float, default=120.0, help="seconds for the quality of one model")
    ap.add_argument("--timeout", type=float, default=2.0, help="seconds per variant alignment")
    ap.add_argument("--processes", type=int, default=2)
    ap.add_argument("--quality-child", nargs=2, metavar=("MODEL", "VARIANTS"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv if argv is not None else [])
    if args.quality_child:
        quality_child(*args.quality_child, args.timeout, args.processes)
        return ""
    if not DATA.exists():
        return "Split Miner vs IMf: ../shared/data not present; nothing to benchmark\n"
    load = os.getloadavg()
    rows: list[dict[str, object]] = []
    for name in args.logs or _logs():
        rows += run_one(name, args.budget, args.timeout, args.processes)
        print(to_markdown(rows[-2:]), file=sys.stderr, flush=True)
    after = os.getloadavg()
    return (f"## Split Miner vs IMf (noise 0.2), alignment-based quality\n\n{to_markdown(rows)}\n\n"
            f"Budget {args.budget:g} s for the quality of one model, {args.timeout:g} s per variant alignment, "
            f"{args.processes} worker processes; load average (1 min) {load[0]:.1f} before, {after[0]:.1f} after.\n")


if __name__ == "__main__":
    print(main(sys.argv[1:]))
