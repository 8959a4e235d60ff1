"""Benchmark: Sagsflow's inductive miner vs ``pm4py.discover_process_tree_inductive`` on BPIC15_1..5.

Run ``python -m bench.discovery_table [--logs BPIC15_1 ...] [--noise 0.2] [--pm4py-timeout 300]
[--quality footprints] [--alignments] [--timeout 5] [--processes 2]``. For each log in ``../shared/data``:

* Sagsflow: ``InductiveMiner(noise_threshold=...).fit(log)`` timed in this process (variants query,
  mining, Petri net and BPMN conversion);
* PM4Py: ``discover_process_tree_inductive(df, noise_threshold=...)`` plus ``convert_to_petri_net``
  in a child process (``--pm4py-child``) that is killed after ``--pm4py-timeout`` seconds and then
  reported as "did not finish in N s"; when it finishes, the two trees are compared
  (``--pm4py-timeout 0`` skips PM4Py);
* with ``--quality footprints``: PM4Py's footprint-based fitness, % fitting traces and precision of
  our tree (:func:`sagsflow.discovery.footprints.footprint_quality`, seconds per log; a coarser
  measure than alignments, see docs/discovery.md);
* quality of our model on the whole log: token-based replay fitness and token-based precision
  (PM4Py's ``fitness_token_based_replay`` / ``precision_token_based_replay``) in a child process
  killed after ``--quality-timeout`` seconds (0, the default, skips it: on the 400-activity BPIC15
  models token replay takes about 4 s per variant and ETConformance about 8 s), and with
  ``--alignments`` also alignment fitness/precision via :func:`sagsflow.discovery.evaluate`
  (``--timeout`` seconds per variant; timed-out variants fall back and are counted).

Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / ".." / "shared" / "data"
DEFAULT_LOGS = ["BPIC15_1", "BPIC15_2", "BPIC15_3", "BPIC15_4", "BPIC15_5"]


def _read_df(path: Path) -> Any:
    import pm4py

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return pm4py.read_xes(str(path))


def pm4py_child(name: str, noise: float) -> None:
    """In the child process: PM4Py's own discovery; prints one JSON line."""
    import pm4py

    df = _read_df(DATA / f"{name}.xes.gz")
    t = time.perf_counter()
    tree = pm4py.discover_process_tree_inductive(df, noise_threshold=noise)
    net, _, _ = pm4py.convert_to_petri_net(tree)
    seconds = time.perf_counter() - t
    print(json.dumps({"seconds": seconds, "tree": str(tree),
                      "size": f"{len(net.places)}/{len(net.transitions)}/{len(net.arcs)}"}))


def token_child(name: str, pnml: str) -> None:
    """In the child process: token-based replay fitness and precision of a PNML model on the log."""
    import pm4py

    df = _read_df(DATA / f"{name}.xes.gz")
    net, im, fm = pm4py.read_pnml(pnml)
    t = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        fit = pm4py.fitness_token_based_replay(df, net, im, fm)
        prec = pm4py.precision_token_based_replay(df, net, im, fm)
    print(json.dumps({"fitness": fit["log_fitness"], "fitting": fit["perc_fit_traces"], "precision": prec,
                      "seconds": time.perf_counter() - t}))


def run_pm4py(name: str, noise: float, limit: float) -> dict[str, Any] | None:
    """PM4Py's discovery in a child process; ``None`` when it did not finish within ``limit`` s."""
    cmd = [sys.executable, "-m", "bench.discovery_table", "--pm4py-child", name, "--noise", str(noise)]
    try:
        out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=limit, check=True)
    except subprocess.TimeoutExpired:
        return None
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def run_one(name: str, noise: float, limit: float, quality_limit: float, alignments: bool,
            timeout: float, processes: int, footprints: bool = False) -> dict[str, object]:
    """Discover (ours and PM4Py) and measure quality on one log; returns one table row."""
    import sagsflow
    from sagsflow.discovery import InductiveMiner, log_variants
    from sagsflow.store.workspace import Workspace

    path = DATA / f"{name}.xes.gz"
    log = sagsflow.read_xes(path, key=b"b" * 32, workspace=Workspace.memory())
    t = time.perf_counter()
    miner = InductiveMiner(noise_threshold=noise).fit(log)
    ours_s = time.perf_counter() - t
    pn = miner.petri_net_
    n_acts = len({a for v in log_variants(log) for a in v})
    ref = run_pm4py(name, noise, limit) if limit > 0 else None
    row: dict[str, object] = {
        "log": name, "cases": miner.n_cases_, "variants": miner.n_variants_, "activities": n_acts,
        "places/transitions/arcs": f"{pn.n_places}/{pn.n_transitions}/{pn.n_arcs}",
        "silent": pn.n_silent_transitions, "BPMN nodes": miner.bpmn_.n_nodes,
        "Sagsflow s": round(ours_s, 1),
    }
    if limit > 0:
        row |= {
            "PM4Py s": f"did not finish in {limit:.0f} s" if ref is None else round(ref["seconds"], 1),
            "ratio": f"< {ours_s / limit:.3f}" if ref is None else round(ours_s / ref["seconds"], 3),
            "same tree": "-" if ref is None else str(ref["tree"] == str(miner.process_tree_)),
        }
    if footprints:
        from sagsflow.discovery.footprints import footprint_quality

        fq = footprint_quality(miner, log)
        row |= {"footprint fitness": round(fq.fitness, 4),
                "footprint % fitting": round(fq.percent_fitting_traces, 1),
                "footprint precision": round(fq.precision, 4), "footprint s": round(fq.seconds, 1)}
    if quality_limit <= 0:
        return _with_alignments(row, miner, log, alignments, timeout, processes)
    with tempfile.TemporaryDirectory() as tmp:
        pn.to_pnml(Path(tmp) / "model.pnml")
        cmd = [sys.executable, "-m", "bench.discovery_table", "--token-child", name,
               str(Path(tmp) / "model.pnml")]
        try:
            out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=quality_limit,
                                 check=True)
            tok = json.loads(out.stdout.strip().splitlines()[-1])
            row |= {"token fitness": round(tok["fitness"], 4), "token % fitting": round(tok["fitting"], 1),
                    "token precision": round(tok["precision"], 4), "token s": round(tok["seconds"], 1)}
        except subprocess.TimeoutExpired:
            row |= {"token fitness": f"did not finish in {quality_limit:.0f} s", "token precision": "-"}
    return _with_alignments(row, miner, log, alignments, timeout, processes)


def _with_alignments(row: dict[str, object], miner: Any, log: Any, alignments: bool, timeout: float,
                     processes: int) -> dict[str, object]:
    if alignments:
        from sagsflow.discovery import evaluate

        q = evaluate(miner, log, timeout_per_variant=timeout, processes=processes)
        row |= {"align fitness": round(q.fitness, 4), "align precision": round(q.precision, 4),
                "timed out": f"{q.n_variants_timed_out} var", "align s": round(q.seconds, 1)}
    return row


def to_markdown(rows: list[dict[str, object]]) -> str:
    cols = list(rows[0])
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    lines += ["| " + " | ".join(str(r.get(c, "")) for c in cols) + " |" for r in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> str:
    """Run the benchmark and print (and return) the Markdown table."""
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--logs", nargs="+", default=DEFAULT_LOGS)
    ap.add_argument("--noise", type=float, default=0.2)
    ap.add_argument("--pm4py-timeout", type=float, default=300.0, help="0 = skip PM4Py's discovery")
    ap.add_argument("--quality", choices=["none", "footprints"], default="none",
                    help="footprints: PM4Py's footprint fitness/precision of our tree (seconds per log)")
    ap.add_argument("--quality-timeout", type=float, default=0.0,
                    help="seconds for token-based fitness/precision per log (0 = skip)")
    ap.add_argument("--token-child", nargs=2, metavar=("LOG", "PNML"), help=argparse.SUPPRESS)
    ap.add_argument("--alignments", action="store_true")
    ap.add_argument("--timeout", type=float, default=5.0)
    ap.add_argument("--processes", type=int, default=2)
    ap.add_argument("--pm4py-child", metavar="LOG", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.pm4py_child:
        pm4py_child(args.pm4py_child, args.noise)
        return ""
    if args.token_child:
        token_child(*args.token_child)
        return ""
    if not DATA.exists():
        print(f"../shared/data not present ({DATA}); nothing to benchmark", file=sys.stderr)
        return ""
    rows = []
    for name in args.logs:
        rows.append(run_one(name, args.noise, args.pm4py_timeout, args.quality_timeout, args.alignments,
                            args.timeout, args.processes, args.quality == "footprints"))
        print(to_markdown(rows[-1:]), file=sys.stderr, flush=True)
    table = to_markdown(rows)
    print(table)
    return table


if __name__ == "__main__":
    main()
