"""``sagsflow conformance``: check a log against a reference model (BPMN, PNML or discovered). Thin."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from sagsflow.cli.analysis import FilterOpt, ReplaceOrsOpt, SeedOpt, _log
from sagsflow.cli.app import IncludeOpt, WorkspaceOpt, _open, app, err, out

TableOpt = Literal["activities", "cases", "variants", "periods", "fallbacks"]


@app.command("conformance")
def conformance_cmd(
    log: Annotated[str, typer.Argument(help="Log name.")],
    model: Annotated[Path | None, typer.Option("--model", "-m", help="Reference model: .bpmn or .pnml.")] = None,
    discover: Annotated[bool, typer.Option("--discover", help="Check against a model discovered from the "
                                           "log itself (inductive miner) instead of --model.")] = False,
    noise: Annotated[float, typer.Option(min=0, max=1, help="Noise threshold for --discover (IMf).")] = 0.2,
    miner_name: Annotated[Literal["inductive", "split"], typer.Option(
        "--miner", help="Discoverer for --discover: inductive (IMf) or split (Split Miner; Java).")] = "inductive",
    eta: Annotated[float, typer.Option(min=0, max=1, help="Split Miner's frequency percentile.")] = 0.4,
    epsilon: Annotated[float, typer.Option(min=0, max=1, help="Split Miner's parallelism threshold.")] = 0.1,
    seed: SeedOpt = 0,
    replace_ors: ReplaceOrsOpt = True,
    workspace: WorkspaceOpt = None,
    filter_path: FilterOpt = None,
    include_quarantined: IncludeOpt = False,
    target: Annotated[Path | None, typer.Option("--out", "-o", help="Write a table here (.csv or .xlsx).")] = None,
    table: Annotated[TableOpt, typer.Option(help="Which table --out writes.")] = "activities",
    timeout: Annotated[float, typer.Option(min=0.001, help="Seconds per variant alignment before the "
                                           "token-replay fallback.")] = 10.0,
    processes: Annotated[int | None, typer.Option(min=1, help="Worker processes (default: all CPUs).")] = None,
    process: Annotated[str | None, typer.Option(help="BPMN process id when the file has several pools.")] = None,
    ignore_unsupported: Annotated[bool, typer.Option(help="Drop unsupported BPMN elements with a warning.")] = False,
) -> None:
    """Alignment-based conformance against a reference model: fitness, skipped and unexpected steps."""
    import contextlib
    import sys

    with contextlib.redirect_stdout(sys.stderr):  # PM4Py prints a licence banner on import
        import pm4py  # noqa: F401

    from sagsflow.conformance import check_conformance

    if (model is None) == (not discover):
        raise typer.BadParameter("give either --model FILE (.bpmn or .pnml) or --discover")
    if target is not None and target.suffix.lower() not in (".csv", ".xlsx"):
        raise typer.BadParameter(f"cannot tell the format from {target.name!r}: use .csv or .xlsx")
    with _open(workspace) as ws:
        selected = _log(ws, log, filter_path, include_quarantined)
        reference: object = model
        if discover:
            from sagsflow.discovery import make_miner

            reference = make_miner(miner_name, noise_threshold=noise, eta=eta, epsilon=epsilon,
                                   seed=seed, replace_ors=replace_ors).fit(selected)
        res = check_conformance(selected, reference, timeout=timeout, processes=processes, process=process,
                                ignore_unsupported=ignore_unsupported)
        for w in res.model.warnings:
            err.print(f"[yellow]warning:[/] {w}", highlight=False)
        out.print(res.summary(), highlight=False, markup=False)
        top = res.deviations().head(10)
        if len(top):
            out.print("most frequent deviations:", highlight=False, markup=False)
            for row in top.itertuples():
                out.print(f"  {row.deviation:<10} {row.activity!r}: {row.n_moves:,} times in {row.n_cases:,} cases",
                          highlight=False, markup=False)
        if target is not None:
            (res.to_csv if target.suffix.lower() == ".csv" else res.to_excel)(target, table)
            err.print(f"wrote {target}")
