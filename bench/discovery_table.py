"""Benchmark: inductive miner on variants (Sagsflow) vs ``pm4py.discover_petri_net_inductive``.

Run ``python -m bench.discovery_table [--logs BPIC15_1 BPIC15_2 ...] [--noise 0.2]
[--timeout 5] [--processes 2] [--no-quality]``. For each BPIC15 log in ``../shared/data`` it
discovers with both (noise threshold 0.2 by default), checks that the two nets have the same
process tree, and measures discovery time, model size, and alignment-based fitness and precision
(computed once per variant by :func:`sagsflow.discovery.evaluate`; the models are identical, so
the quality columns hold for both). Variants whose alignment exceeds ``--timeout`` seconds are
left out of the fitness average and counted in the table. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / ".." / "shared" / "data"
DEFAULT_LOGS = ["BPIC15_1", "BPIC15_2", "BPIC15_3", "BPIC15_4", "BPIC15_5"]


def run_one(name: str, noise: float, timeout: float, processes: int, quality: bool) -> dict[str, object]:
    """Discover (ours and PM4Py) and evaluate on one log; returns one table row."""
    import pm4py

    import sagsflow
    from sagsflow.discovery import InductiveMiner, evaluate
    from sagsflow.store.workspace import Workspace

    path = DATA / f"{name}.xes.gz"
    log = sagsflow.read_xes(path, key=b"b" * 32, workspace=Workspace.memory())
    with contextlib.redirect_stdout(io.StringIO()):
        df = pm4py.read_xes(str(path))
    t = time.perf_counter()
    miner = InductiveMiner(noise_threshold=noise).fit(log)
    ours_s = time.perf_counter() - t
    t = time.perf_counter()
    tree = pm4py.discover_process_tree_inductive(df, noise_threshold=noise)
    net, _, _ = pm4py.convert_to_petri_net(tree)
    pm4py_s = time.perf_counter() - t
    pn = miner.petri_net_
    row: dict[str, object] = {
        "log": name, "cases": miner.n_cases_, "variants": miner.n_variants_,
        "same tree": str(tree) == str(miner.process_tree_),
        "places": pn.n_places, "transitions": pn.n_transitions, "arcs": pn.n_arcs,
        "pm4py size": f"{len(net.places)}/{len(net.transitions)}/{len(net.arcs)}",
        "BPMN nodes": miner.bpmn_.n_nodes, "ours s": round(ours_s, 2), "pm4py s": round(pm4py_s, 2),
    }
    if quality:
        q = evaluate(miner, log, timeout_per_variant=timeout, processes=processes)
        row |= {"fitness": round(q.fitness, 4), "% fitting": round(q.percent_fitting_traces, 1),
                "precision": round(q.precision, 4), "timed out": f"{q.n_variants_timed_out} var",
                "eval s": round(q.seconds, 1)}
    return row


def to_markdown(rows: list[dict[str, object]]) -> str:
    cols = list(rows[0])
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    lines += ["| " + " | ".join(str(r.get(c, "")) for c in cols) + " |" for r in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> str:
    """Run the benchmark and print (and return) the Markdown table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--logs", nargs="+", default=DEFAULT_LOGS)
    ap.add_argument("--noise", type=float, default=0.2)
    ap.add_argument("--timeout", type=float, default=5.0)
    ap.add_argument("--processes", type=int, default=2)
    ap.add_argument("--no-quality", action="store_true")
    args = ap.parse_args(argv)
    if not DATA.exists():
        print(f"../shared/data not present ({DATA}); nothing to benchmark", file=sys.stderr)
        return ""
    rows = []
    for name in args.logs:
        rows.append(run_one(name, args.noise, args.timeout, args.processes, not args.no_quality))
        print(to_markdown(rows[-1:]), file=sys.stderr, flush=True)
    table = to_markdown(rows)
    print(table)
    return table


if __name__ == "__main__":
    main()
