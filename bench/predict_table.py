"""``make bench-predict``: prediction metrics with baselines on the public logs -> docs/prediction-results.md.

For each log in ``../shared/data`` (Helpdesk, BPI_Challenge_2012, Sepsis, Road Traffic Fines, BPIC15_1..5)
it trains and evaluates, with the protocol of ``docs/prediction.md`` (strict temporal split, 20 % test
cases, default settings, default feature policy = process features only), a next-activity, a
remaining-time and (where the log has a standard label) an outcome model, and writes one table with
every figure beside its baseline and, where one exists, a published result for the same log.

``python -m bench.predict_table`` computes and writes; ``--render`` rewrites the page from the saved
figures (``bench/results/predict_table.json``) without training again; ``--only Helpdesk`` limits the logs.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
RESULTS = ROOT / "bench" / "results" / "predict_table.json"
PAGE = ROOT / "docs" / "prediction-results.md"

#: log -> (file, outcome label spec or None)
LOGS: dict[str, tuple[str, str | None]] = {
    "Helpdesk": ("Helpdesk.xes.gz", None),
    "BPI_Challenge_2012": ("BPI_Challenge_2012.xes.gz", "activity=A_APPROVED"),
    "Sepsis": ("Sepsis_Cases-Event_Log.xes.gz", "activity=Return ER"),
    "Road Traffic Fines": ("Road_Traffic_Fine_Management_Process.xes.gz", "activity=Send for Credit Collection"),
    **{f"BPIC15_{i}": (f"BPIC15_{i}.xes.gz", None) for i in range(1, 6)},
}

#: published results: (log, task) -> list of (figure, source, protocol difference). Only figures found in the
#: papers (see docs/prediction-results.md for the references); never estimates.
PUBLISHED: dict[tuple[str, str], list[tuple[str, str, str]]] = {
    ("Helpdesk", "next activity accuracy"): [
        ("0.71", "Tax et al. 2017, LSTM (as listed by sotaverified.org for the paper)",
         "2/3 of cases (by start) train, 1/3 test, prefixes of every length, no cut of training events"),
    ],
    ("BPI_Challenge_2012", "next activity accuracy"): [
        ("0.76", "Tax et al. 2017, LSTM (as listed by sotaverified.org for the paper)",
         "only the W_ subprocess with complete events (we use the whole log with all lifecycle events)"),
    ],
}


def _load(ws: Any, name: str, file: str) -> Any:
    import sagsflow

    return sagsflow.read_xes(DATA / file, workspace=ws, log=name.lower().replace(" ", "_"), key=b"k" * 32,
                             mode="replace")


def compute(only: list[str] | None = None) -> dict[str, Any]:
    from sagsflow.predict import ProcessPredictor
    from sagsflow.store.workspace import Workspace

    results: dict[str, Any] = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    for name, (file, label) in LOGS.items():
        if only and name not in only:
            continue
        if not (DATA / file).exists():
            print(f"skip {name}: {DATA / file} not present", flush=True)
            continue
        with tempfile.TemporaryDirectory(prefix="sagsflow-ptable-") as tmp, Workspace.open(Path(tmp)) as ws:
            t = time.perf_counter()
            log = _load(ws, name, file)
            row: dict[str, Any] = {"events": log.n_events, "cases": log.n_cases, "load_s": time.perf_counter() - t}
            targets = ["next_activity", "remaining_time"] + ([f"outcome:{label}"] if label else [])
            for target in targets:
                t = time.perf_counter()
                try:
                    m = ProcessPredictor(target=target).fit(log)
                except Exception as exc:
                    row[target] = {"error": str(exc).splitlines()[0]}
                    continue
                row[target] = {"pooled": {k: list(v) for k, v in m.evaluation_.pooled.items()},
                               "seconds": time.perf_counter() - t, "cut": m.window_["cut"],
                               "n_test_cases": m.window_["n_test_cases"], "n_train_cases": m.window_["n_train_cases"]}
                print(name, target, row[target], flush=True)
            results[name] = row
            RESULTS.parent.mkdir(exist_ok=True)
            RESULTS.write_text(json.dumps(results, indent=1, default=str))
    return results


def _f(v: Any, digits: int = 3) -> str:
    return "–" if v is None else f"{v:.{digits}f}"


def render(results: dict[str, Any]) -> str:
    head = (Path(__file__).resolve().parent / "predict_protocol.md").read_text(encoding="utf-8")
    lines = [head, "", "## Results", "",
             "Each cell: **ours** / baseline. Published figures are listed below the table with their protocol.", "",
             "| log | events | cases | next activity accuracy | next activity macro-F1 | remaining time MAE (days) "
             "| interval coverage (90 % aimed) | outcome | outcome AUC | outcome Brier |",
             "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|"]
    for name, (_, label) in LOGS.items():
        r = results.get(name)
        if r is None:
            lines.append(f"| {name} | – | – | not run | | | | | | |")
            continue
        na = r.get("next_activity", {}).get("pooled", {})
        rt = r.get("remaining_time", {}).get("pooled", {})
        oc = r.get(f"outcome:{label}", {}).get("pooled", {}) if label else {}

        def pair(d: dict[str, Any], k: str, digits: int = 3) -> str:
            return f"**{_f(d[k][0], digits)}** / {_f(d[k][1], digits)}" if k in d else "–"

        cov = _f(rt["interval coverage"][0]) if "interval coverage" in rt else "–"
        lines.append(f"| {name} | {r['events']:,} | {r['cases']:,} | {pair(na, 'accuracy')} | {pair(na, 'macro-F1')} | "
                     f"{pair(rt, 'MAE (days)', 2)} | {cov} | {label or '–'} | {pair(oc, 'AUC')} | "
                     f"{pair(oc, 'Brier')} |")
    lines += ["", "## Published results for the same logs", "",
              "| log | task | published | source | how their protocol differs from ours |", "|---|---|---:|---|---|"]
    for (log, task), items in PUBLISHED.items():
        for fig, src, diff in items:
            lines.append(f"| {log} | {task} | {fig} | {src} | {diff} |")
    lines += ["", "Teinemaa et al. 2019 (outcome AUC) and Verenich et al. 2019 (remaining time MAE) benchmark the "
              "same logs, but their label definitions and preprocessing differ from ours and their tables could "
              "not be checked for this page; their figures are left out rather than quoted from memory.", ""]
    lines += ["", "Training times (seconds, this machine, shared by several jobs while measured):", ""]
    for name, r in results.items():
        secs = ", ".join(f"{k}: {v['seconds']:.0f}" for k, v in r.items() if isinstance(v, dict) and "seconds" in v)
        lines.append(f"- {name}: {secs}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--render", action="store_true", help="only rewrite the page from the saved figures")
    parser.add_argument("--only", nargs="*", help="log names, e.g. Helpdesk Sepsis")
    args = parser.parse_args()
    if not DATA.is_dir():
        raise SystemExit(f"../shared/data not present ({DATA}): the public logs are needed for this table")
    results = json.loads(RESULTS.read_text()) if args.render and RESULTS.exists() else compute(args.only)
    PAGE.write_text(render(results), encoding="utf-8")
    print(f"wrote {PAGE}")


if __name__ == "__main__":
    main()
