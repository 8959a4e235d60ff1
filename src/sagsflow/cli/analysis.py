"""Analysis commands: process map, variants, statistics, comparison. Thin: parse, call, print.

Every command takes ``--filter FILE.yaml`` (the same filter specification the Python API, the
REST API and the web page use).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal

import typer

from sagsflow.cli.app import IncludeOpt, WorkspaceOpt, _open, app, err, out, print_note

FilterOpt = Annotated[Path | None, typer.Option("--filter", "-f", help="Filter specification (YAML or JSON file).")]
SeedOpt = Annotated[int, typer.Option(min=-(2 ** 63), max=2 ** 63 - 1, help="Split Miner's seed: the same log, "
                                      "parameters and seed give the same model.")]
ReplaceOrsOpt = Annotated[bool, typer.Option(
    "--replace-ors/--keep-ors", help="Split Miner: replace its OR gateways (faster alignments; the model may reject "
                                     "behaviour the OR-kept one accepts) or keep them.")]
OutOpt = Annotated[Path | None, typer.Option("--out", "-o", help="Write the result here (.csv, .json, .xlsx ...).")]
Table = Literal["cases", "activities", "resources", "bottlenecks", "rework", "throughput", "wip"]


def _log(ws: Any, name: str, filter_path: Path | None, include_quarantined: bool = False) -> Any:
    """The stored log with the filter file applied; prints the quarantine note (sagsflow.plausible) to stderr."""
    log = ws.log(name)
    if filter_path is not None:
        from sagsflow.filters import FilterStack

        text = filter_path.read_text(encoding="utf-8")
        log = log.filter(FilterStack.from_yaml(text))
    if include_quarantined:
        log = log.include_quarantined()
    print_note(name, log)
    return log


def _emit(result: Any, target: Path | None, rows: int = 20) -> None:
    """Print a result table, or write it by suffix (.json, .csv, .xlsx, .parquet)."""
    import json

    if target is None:
        out.print(repr(result) if rows else result, highlight=False, markup=False)
        return
    suffix = target.suffix.lower()
    if suffix == ".json":
        target.write_text(json.dumps(result.to_dict(), default=str, ensure_ascii=False, indent=1), encoding="utf-8")
    elif suffix in (".csv", ".xlsx"):
        from sagsflow.ingest.export import write_csv, write_excel

        (write_csv if suffix == ".csv" else write_excel)(result.to_arrow(), target)
    elif suffix == ".parquet":
        import pyarrow.parquet as pq

        pq.write_table(result.to_arrow(), target)
    else:
        raise typer.BadParameter(f"cannot tell the format from {target.name!r}: use .json, .csv, .xlsx or .parquet")
    err.print(f"wrote {target}")


@app.command("map")
def map_cmd(
    log: Annotated[str, typer.Argument(help="Log name.")],
    workspace: WorkspaceOpt = None,
    filter_path: FilterOpt = None,
    include_quarantined: IncludeOpt = False,
    activities: Annotated[float, typer.Option(min=0, max=1, help="Activities slider, 0-1.")] = 1.0,
    paths: Annotated[float, typer.Option(min=0, max=1, help="Paths slider, 0-1.")] = 1.0,
    perspective: Annotated[str, typer.Option(help="activity, resource or an event attribute.")] = "activity",
    measure: Annotated[str, typer.Option(help="frequency, cases, max_repetitions or duration.")] = "frequency",
    aggregation: Annotated[str, typer.Option(help="mean, median, min, max, total, p90 ...")] = "mean",
    target: Annotated[Path, typer.Option("--out", "-o", help="Output: .svg, .html or .json.")] = Path("map.svg"),
) -> None:
    """Draw the process map of a (filtered) log as SVG, HTML or JSON."""
    from sagsflow.analysis import discover_process_map

    with _open(workspace) as ws:
        pmap = discover_process_map(_log(ws, log, filter_path, include_quarantined), activities=activities, paths=paths,
                                    perspective=perspective, measure=measure, aggregation=aggregation)
        pmap.save(target)
    err.print(f"wrote {target}")


@app.command("variants")
def variants_cmd(
    log: Annotated[str, typer.Argument(help="Log name.")],
    workspace: WorkspaceOpt = None,
    filter_path: FilterOpt = None,
    include_quarantined: IncludeOpt = False,
    top: Annotated[int, typer.Option(help="Show the N most frequent variants.")] = 20,
    target: OutOpt = None,
) -> None:
    """Variants (activity sequences) with case counts, shares and durations."""
    from sagsflow.analysis.variants import variants

    with _open(workspace) as ws:
        result = variants(_log(ws, log, filter_path, include_quarantined))
    _emit(result.top(top) if target is None else result, target)


@app.command("stats")
def stats_cmd(
    log: Annotated[str, typer.Argument(help="Log name.")],
    table: Annotated[Table, typer.Argument(help="Which table.")] = "activities",
    workspace: WorkspaceOpt = None,
    filter_path: FilterOpt = None,
    include_quarantined: IncludeOpt = False,
    target: OutOpt = None,
) -> None:
    """Statistics tables: cases, activities, resources, bottlenecks, rework, throughput, wip."""
    from sagsflow import analysis

    functions: dict[str, Callable[..., Any]] = {
        "cases": analysis.case_table, "activities": analysis.activity_table,
        "resources": analysis.resource_table, "bottlenecks": analysis.bottlenecks, "rework": analysis.rework,
        "throughput": analysis.throughput, "wip": analysis.work_in_progress,
    }
    with _open(workspace) as ws:
        result = functions[table](_log(ws, log, filter_path, include_quarantined))
    if target is not None and not hasattr(result, "to_arrow"):
        result = next(v for v in vars(result).values() if hasattr(v, "to_arrow"))
    _emit(result, target)


@app.command("compare")
def compare_cmd(
    log_a: Annotated[str, typer.Argument(help="First log.")],
    log_b: Annotated[str, typer.Argument(help="Second log (may be the same log with another filter).")],
    workspace: WorkspaceOpt = None,
    filter_a: Annotated[Path | None, typer.Option(help="Filter for the first log.")] = None,
    filter_b: Annotated[Path | None, typer.Option(help="Filter for the second log.")] = None,
    include_quarantined: IncludeOpt = False,
    target: OutOpt = None,
) -> None:
    """Compare two logs, periods or municipalities: activities, transitions, variants, durations."""
    from sagsflow.analysis.compare import compare

    with _open(workspace) as ws:
        result = compare(_log(ws, log_a, filter_a, include_quarantined), _log(ws, log_b, filter_b, include_quarantined))
    if target is not None and target.suffix.lower() != ".json":
        raise typer.BadParameter("a comparison is written as .json")
    _emit(result, target)


@app.command("discover")
def discover_cmd(
    log: Annotated[str, typer.Argument(help="Log name.")],
    target: Annotated[Path, typer.Argument(help="Output model: .bpmn or .pnml.")],
    workspace: WorkspaceOpt = None,
    filter_path: FilterOpt = None,
    include_quarantined: IncludeOpt = False,
    noise: Annotated[float, typer.Option(min=0, max=1, help="Noise threshold of the inductive miner (IMf).")] = 0.2,
    evaluate: Annotated[bool, typer.Option(help="Also report alignment fitness and precision.")] = False,
    miner_name: Annotated[Literal["inductive", "split"], typer.Option(
        "--miner", help="inductive: sound by construction (IMf); split: Split Miner, simpler and more precise "
                        "BPMN (needs Java).")] = "inductive",
    eta: Annotated[float, typer.Option(min=0, max=1, help="Split Miner's frequency percentile.")] = 0.4,
    epsilon: Annotated[float, typer.Option(min=0, max=1, help="Split Miner's parallelism threshold.")] = 0.1,
    seed: SeedOpt = 0,
    replace_ors: ReplaceOrsOpt = True,
) -> None:
    """Discover a process model (inductive miner or Split Miner) and write it as BPMN 2.0 (with layout) or PNML."""
    from sagsflow.discovery import evaluate as evaluate_model
    from sagsflow.discovery import make_miner

    suffix = target.suffix.lower()
    if suffix not in (".bpmn", ".pnml"):
        raise typer.BadParameter(f"cannot tell the model format from {target.name!r}: use .bpmn or .pnml")
    with _open(workspace) as ws:
        selected = _log(ws, log, filter_path, include_quarantined)
        miner = make_miner(miner_name, noise_threshold=noise, eta=eta, epsilon=epsilon, seed=seed,
                           replace_ors=replace_ors).fit(selected)
        if suffix == ".bpmn":
            miner.bpmn_.save(target)
        else:
            miner.petri_net_.to_pnml(target)
        err.print(f"wrote {target} ({miner.n_variants_:,} variants of {miner.n_cases_:,} cases)")
        if evaluate:
            q = evaluate_model(miner, selected)
            out.print(f"fitness {q.fitness:.4f}, fitting traces {q.percent_fitting_traces:.1f} %, "
                      f"precision {q.precision:.4f}, variants timed out {q.n_variants_timed_out}", markup=False)
