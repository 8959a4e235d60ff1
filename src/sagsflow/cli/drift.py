"""Drift commands: ``sagsflow drift indicator|process``. Thin: parse, call, print."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from sagsflow.cli.analysis import FilterOpt, OutOpt, _emit, _log
from sagsflow.cli.app import WorkspaceOpt, _open, app
from sagsflow.cli.effect import IndicatorOpt, _indicator

drift_app = typer.Typer(name="drift", no_args_is_help=True,
                        help="When did an indicator or the flow change? Change points beside law changes and "
                             "interventions.")
app.add_typer(drift_app, name="drift")

UnitByOpt = Annotated[str | None, typer.Option("--by", help="Case attribute whose values are units (kommune).")]
UnitOpt = Annotated[str | None, typer.Option("--unit", help="The unit to search (a value of --by).")]


def _unit_log(ws: Any, log: str, filter_path: Path | None, by: str | None, unit: str | None) -> Any:
    lg = _log(ws, log, filter_path)
    if by and unit:
        from sagsflow.filters import case_attribute

        lg = lg.filter(case_attribute(by, [unit]))
    return lg


@drift_app.command("indicator")
def indicator_cmd(
    log: Annotated[str, typer.Argument(help="Log name.")],
    indicator: IndicatorOpt,
    by: UnitByOpt = None,
    unit: UnitOpt = None,
    resolution: Annotated[str, typer.Option("--resolution", help="case, week or month.")] = "case",
    penalty: Annotated[float | None, typer.Option("--penalty", help="PELT penalty (default 3 log n).")] = None,
    workspace: WorkspaceOpt = None,
    filter_path: FilterOpt = None,
    target: OutOpt = None,
) -> None:
    """Change points of an indicator of one unit."""
    from sagsflow.drift import indicator_drift

    with _open(workspace, read_only=True) as ws:
        res = indicator_drift(_log(ws, log, filter_path), _indicator(indicator), by=by, unit=unit,
                              resolution=resolution, penalty=penalty)  # type: ignore[arg-type]
    _emit(res, target)


@drift_app.command("process")
def process_cmd(
    log: Annotated[str, typer.Argument(help="Log name.")],
    by: UnitByOpt = None,
    unit: UnitOpt = None,
    period: Annotated[str, typer.Option("--period", help="week or month.")] = "week",
    penalty: Annotated[float | None, typer.Option("--penalty", help="PELT penalty.")] = None,
    workspace: WorkspaceOpt = None,
    filter_path: FilterOpt = None,
    target: OutOpt = None,
) -> None:
    """Change points of the flow (directly-follows distributions per period), with what changed and the
    timeline of law changes and interventions."""
    from sagsflow.drift import process_drift, timeline

    with _open(workspace, read_only=True) as ws:
        res = process_drift(_unit_log(ws, log, filter_path, by, unit), period=period,  # type: ignore[arg-type]
                            penalty=penalty)
        tl = timeline(process=res, workspace=ws)
    if target is not None:
        _emit(res.transitions, target)
    for row in tl.to_arrow().to_pylist():
        typer.echo(f"{row['day']}\t{row['kind']}\t{row['label']}\t{row['detail']}")
