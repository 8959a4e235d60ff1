"""Benchmark: conformance checking, Sagsflow vs ``pm4py.conformance_diagnostics_alignments``.

Run ``python -m bench.bench_conformance [--logs Sepsis_Cases-Event_Log BPIC15_1] [--miner split] [--noise 0.2]
[--timeout 10] [--budget 300] [--pm4py-limit 900]`` (or ``make bench``). For each real log of
``../shared/data`` a model is discovered once with the inductive miner (IMf, ``--noise``) and once with
Split Miner (its default parameters: issue #17's target is every variant aligned in 120 s; ``--miner split``
for that one only) and written as PNML, so both sides align against the same net. Then, each in a
fresh subprocess, one after the other on the same machine:

For a log with more than ``--max-activities`` activities (BPIC15_1: 398) the model is discovered
from the events of the activities that occur in at least ``--share`` of its cases (the inductive
miner does not finish on all 398 activities, see docs/conformance.md); the check then runs on the
whole log, as a reference model of the main steps is checked against a log of every registration.

* PM4Py: ``pm4py.conformance_diagnostics_alignments(df, net, im, fm)`` with its default settings
  (one process, no time limit), stopped after ``--pm4py-limit`` seconds ("did not finish");
* Sagsflow: :func:`sagsflow.conformance.check_conformance` (alignments once per variant on both
  cores, ``--timeout`` seconds per alignment and ``--budget`` seconds for all, with token-replay
  fallback for the variants out of time, which are counted).

Load times are not counted on either side. The table gives the wall times, their ratio (target
<= 0.6) and both fitness figures (equal when no variant fell back).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench._harness import _CHILD, ROOT

DATA = ROOT / ".." / "shared" / "data"
DEFAULT_LOGS = ("Sepsis_Cases-Event_Log", "BPIC15_1")


def _quiet_pm4py() -> Any:
    with contextlib.redirect_stdout(io.StringIO()):
        import pm4py
    return pm4py


def _read(log: str, activities: list[str] | None) -> Any:
    """The log read by Sagsflow, restricted to the events of ``activities`` when given."""
    import sagsflow
    from sagsflow import filters
    from sagsflow.store.workspace import Workspace

    ev = sagsflow.read_xes(DATA / f"{log}.xes.gz", key=b"b" * 32, workspace=Workspace.memory())
    if activities is None:
        return ev
    return ev.filter(filters.event_attribute("activity", tuple(activities), mode="events"))


def discover(log: str, noise: float, pnml: str, max_activities: int, share: float,
             miner: str = "inductive") -> dict[str, Any]:
    """Discover the reference model with Sagsflow's inductive miner (or Split Miner) and write it as PNML.

    A log with more than ``max_activities`` activities (BPIC15: about 400) is first restricted to the
    activities that occur in at least ``share`` of its cases: PM4Py's IMf (and ours, the same code)
    does not finish on the full BPIC15_1 in 15 minutes (its activity-concurrent fall-through).
    """
    ev = _read(log, None)
    activities: list[str] | None = None
    if ev.n_activities > max_activities:
        rows = ev.workspace.con.execute(
            f"SELECT activity, count(DISTINCT case_idx) FROM ({ev.events_sql()}) GROUP BY activity").fetchall()
        activities = sorted(a for a, c in rows if c >= share * ev.n_cases)
        ev = _read(log, activities)
    from sagsflow.discovery import make_miner

    fitted = make_miner("split" if miner == "split" else "inductive", noise_threshold=noise).fit(ev)
    fitted.petri_net_.to_pnml(pnml)
    pn = fitted.petri_net_
    return {"variants": fitted.n_variants_, "cases": fitted.n_cases_, "seconds": fitted.fit_seconds_,
            "size": f"{pn.n_places}/{pn.n_transitions}/{pn.n_arcs}", "activities": activities}


def run_pm4py(log: str, pnml: str, activities: list[str] | None) -> dict[str, Any]:
    """PM4Py with default settings; the child measures only the conformance call."""
    pm4py = _quiet_pm4py()
    from pm4py.algo.evaluation.replay_fitness.variants import alignment_based

    df = pm4py.read_xes(str(DATA / f"{log}.xes.gz"))
    if activities is not None:
        df = df[df["concept:name"].isin(activities)]
    net, im, fm = pm4py.read_pnml(pnml)
    t = time.perf_counter()
    aligned = pm4py.conformance_diagnostics_alignments(df, net, im, fm)
    seconds = time.perf_counter() - t
    fit = alignment_based.evaluate(aligned)
    return {"seconds": seconds, "fitness": fit["average_trace_fitness"], "log_fitness": fit["log_fitness"],
            "fitting": fit["percentage_of_fitting_traces"]}


def run_ours(log: str, pnml: str, activities: list[str] | None, timeout: float, budget: float,
             processes: int) -> dict[str, Any]:
    """Sagsflow's check_conformance on both cores; the child measures only the check."""
    _quiet_pm4py()
    from sagsflow.conformance import check_conformance, read_pnml

    ev = _read(log, activities)
    model = read_pnml(pnml)
    t = time.perf_counter()
    res = check_conformance(ev, model, timeout=timeout, time_budget=budget, processes=processes)
    seconds = time.perf_counter() - t
    per_variant = res.variants["seconds"]
    return {"seconds": seconds, "fitness": res.fitness, "log_fitness": res.log_fitness,
            "fitting": res.percent_fitting, "fallback_variants": res.n_variants_fallback,
            "fallback_cases": res.n_cases_fallback, "variants": res.n_variants,
            "align_cpu_s": float(per_variant.sum())}


def _child(target: str, limit: float, **kwargs: Any) -> dict[str, Any] | None:
    """Run ``bench.bench_conformance:<function>`` in a fresh process; None when it runs out of time."""
    env = {**os.environ, "PYTHONPATH": f"{ROOT}:{ROOT / 'src'}"}
    try:
        proc = subprocess.run([sys.executable, "-c", _CHILD, f"bench.bench_conformance:{target}",
                               json.dumps(kwargs)], capture_output=True, text=True, env=env, cwd=ROOT,
                              timeout=limit, check=False)
    except subprocess.TimeoutExpired:
        return None
    if proc.returncode != 0:
        raise RuntimeError(f"{target} failed:\n{proc.stderr[-3000:]}")
    return dict(json.loads(proc.stdout.strip().splitlines()[-1])["result"])


def bench_log(log: str, *, noise: float, timeout: float, budget: float, pm4py_limit: float,
              processes: int, max_activities: int, share: float, miner: str = "inductive") -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        pnml = str(Path(tmp) / f"{log}.pnml")
        disc = _child("discover", 3600, log=log, noise=noise, pnml=pnml, max_activities=max_activities,
                      share=share, miner=miner)
        assert disc is not None
        # the check runs on the whole log: a reference model of the main steps, a log of everything
        theirs = _child("run_pm4py", pm4py_limit, log=log, pnml=pnml, activities=None)
        ours = _child("run_ours", budget * 3 + 120, log=log, pnml=pnml, activities=None, timeout=timeout,
                      budget=budget, processes=processes)
    return {"log": log, "model": disc, "pm4py": theirs, "ours": ours, "pm4py_limit": pm4py_limit, "share": share}


def to_markdown(rows: list[dict[str, Any]], noise: float, timeout: float, budget: float, processes: int,
                miner: str = "inductive") -> str:
    model = f"inductive miner, noise {noise}" if miner == "inductive" else "Split Miner, default parameters"
    lines = ["### Conformance: alignments per variant vs `pm4py.conformance_diagnostics_alignments`", "",
             f"Model: {model} (places/transitions/arcs). Sagsflow: {processes} "
             f"processes, {timeout:g} s per alignment, {budget:g} s for all; PM4Py: default settings.", "",
             "| log | variants | model | PM4Py s | Sagsflow s | ratio | fallback variants (cases) "
             "| PM4Py fitness | Sagsflow fitness | alignment CPU s |",
             "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        ours, theirs = r["ours"], r["pm4py"]
        pm_s = f"{theirs['seconds']:.1f}" if theirs else f"did not finish in {r['pm4py_limit']:.0f} s"
        our_s = f"{ours['seconds']:.1f}" if ours else "did not finish"
        if ours and theirs:
            ratio = f"{ours['seconds'] / theirs['seconds']:.2f}"
        elif ours:
            ratio = f"< {ours['seconds'] / r['pm4py_limit']:.2f}"
        else:
            ratio = "-"
        fallback = f"{ours['fallback_variants']} ({ours['fallback_cases']})" if ours else "-"
        pm_fit = f"{theirs['fitness']:.6f}" if theirs else "-"
        our_fit = f"{ours['fitness']:.6f}" if ours else "-"
        cpu = f"{ours['align_cpu_s']:.0f}" if ours else "-"
        name = r["log"] if r["model"]["activities"] is None else \
            f"{r['log']} (model of the {len(r['model']['activities'])} activities in >= {r['share']:.0%} of cases)"
        n_variants = ours["variants"] if ours else "-"
        lines.append(f"| {name} | {n_variants} | {r['model']['size']} | {pm_s} | {our_s} "
                     f"| {ratio} | {fallback} | {pm_fit} | {our_fit} | {cpu} |")
    return "\n".join(lines) + "\n"


def main(sizes: Any = None, argv: list[str] | None = None) -> str:
    """Run the benchmark; returns (and prints) the Markdown table. ``sizes`` is ignored (real logs)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--logs", nargs="+", default=list(DEFAULT_LOGS))
    ap.add_argument("--miner", nargs="+", choices=("inductive", "split"), default=["inductive", "split"])
    ap.add_argument("--noise", type=float, default=0.2)
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("--budget", type=float, default=300.0)
    ap.add_argument("--pm4py-limit", type=float, default=600.0)
    ap.add_argument("--max-activities", type=int, default=100)
    ap.add_argument("--share", type=float, default=0.5)
    ap.add_argument("--processes", type=int, default=2)
    args = ap.parse_args(argv if argv is not None else [])
    if not DATA.exists():
        return f"(bench_conformance skipped: ../shared/data not present at {DATA})\n"
    tables = []
    for miner in args.miner:
        rows = []
        for log in args.logs:
            rows.append(bench_log(log, noise=args.noise, timeout=args.timeout, budget=args.budget,
                                  pm4py_limit=args.pm4py_limit, processes=args.processes,
                                  max_activities=args.max_activities, share=args.share, miner=miner))
            print(json.dumps(rows[-1], default=str), file=sys.stderr, flush=True)
        tables.append(to_markdown(rows, args.noise, args.timeout, args.budget, args.processes, miner))
    return "\n".join(tables)


if __name__ == "__main__":
    print(main(argv=sys.argv[1:]))
