"""Action plans and effect estimates: ``sagsflow effect add|list|remove|series|estimate``. Thin: parse, call, print."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from sagsflow.cli.analysis import FilterOpt, OutOpt, _emit, _log
from sagsflow.cli.app import WorkspaceOpt, _open, app, err, out

effect_app = typer.Typer(name="effect", no_args_is_help=True,
                         help="Action plans (interventions) and their effect: interrupted time series and "
                              "difference-in-differences.")
app.add_typer(effect_app, name="effect")

IndicatorOpt = Annotated[str, typer.Option(
    "--indicator", "-i", help="The indicator as JSON or a .json/.yaml file, e.g. "
    "'{\"kind\": \"waiting\", \"from_activities\": [\"A\"], \"to_activities\": [\"B\"]}'.")]


def _indicator(text: str) -> dict[str, Any]:
    import yaml

    p = Path(text)
    raw = p.read_text(encoding="utf-8") if text.strip().endswith((".json", ".yaml", ".yml")) and p.exists() else text
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        raise typer.BadParameter(f"--indicator is not valid JSON/YAML: {exc}") from None
    if not isinstance(data, dict):
        raise typer.BadParameter("--indicator must be an object with a 'kind'.")
    return data


@effect_app.command("add")
def add_cmd(
    name: Annotated[str, typer.Option("--name", help="What was changed.")],
    start: Annotated[str, typer.Option("--start", help="First day, YYYY-MM-DD.")],
    log: Annotated[str, typer.Option("--log", help="The log the indicator is measured on.")],
    indicator: IndicatorOpt,
    by: Annotated[str | None, typer.Option("--by", help="Case attribute whose values are units (kommune).")] = None,
    unit: Annotated[list[str] | None, typer.Option("--unit", help="A targeted unit (repeat).")] = None,
    case_type: Annotated[list[str] | None, typer.Option(
        "--case-type", help="attribute=value of the cases it targets (repeat).")] = None,
    description: Annotated[str, typer.Option("--description")] = "",
    period: Annotated[str, typer.Option("--period", help="week or month.")] = "month",
    direction: Annotated[str | None, typer.Option("--direction", help="Expected direction: up or down.")] = None,
    size: Annotated[float | None, typer.Option("--size", help="Expected ratio (0.7 = 30 % less).")] = None,
    follow_up: Annotated[list[str] | None, typer.Option("--follow-up", help="Follow-up date (repeat).")] = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Register an intervention in the workspace's action plans."""
    from sagsflow.effect import ActionPlans

    types: dict[str, list[str]] = {}
    for item in case_type or []:
        if "=" not in item:
            raise typer.BadParameter(f"--case-type must be attribute=value. Got {item!r}.")
        k, v = item.split("=", 1)
        types.setdefault(k.strip(), []).append(v.strip())
    with _open(workspace, read_only=True) as ws:
        iv = ActionPlans(ws).add({
            "name": name, "description": description, "start": start, "log": log, "unit_by": by,
            "units": unit or [], "case_types": types, "indicator": _indicator(indicator), "period": period,
            "expected_direction": direction, "expected_size": size, "follow_up": follow_up or []})
    out.print(iv.id, highlight=False)


@effect_app.command("list")
def list_cmd(workspace: WorkspaceOpt = None) -> None:
    """List the registered interventions."""
    from sagsflow.effect import ActionPlans

    with _open(workspace, read_only=True) as ws:
        items = ActionPlans(ws).list()
    for iv in items:
        units = ", ".join(iv.units) or "-"
        typer.echo(f"{iv.id}\t{iv.start}\t{iv.log}\t{units}\t{iv.indicator.label()}\t{iv.name}")


@effect_app.command("remove")
def remove_cmd(intervention: Annotated[str, typer.Argument(help="Intervention id.")],
               workspace: WorkspaceOpt = None) -> None:
    """Remove an intervention from the register."""
    from sagsflow.effect import ActionPlans

    with _open(workspace, read_only=True) as ws:
        ActionPlans(ws).remove(intervention)
    err.print(f"removed {intervention}")


@effect_app.command("series")
def series_cmd(
    log: Annotated[str, typer.Argument(help="Log name.")],
    indicator: IndicatorOpt,
    period: Annotated[str, typer.Option("--period", help="week or month.")] = "month",
    by: Annotated[str | None, typer.Option("--by", help="Case attribute whose values are units.")] = None,
    workspace: WorkspaceOpt = None,
    filter_path: FilterOpt = None,
    target: OutOpt = None,
) -> None:
    """Measure an indicator per period (and unit)."""
    from sagsflow.effect import indicator_series

    with _open(workspace, read_only=True) as ws:
        res = indicator_series(_log(ws, log, filter_path), _indicator(indicator), period=period,  # type: ignore[arg-type]
                               by=by)
        _emit(res, target)


@effect_app.command("estimate")
def estimate_cmd(
    intervention: Annotated[str, typer.Argument(help="Intervention id (see `sagsflow effect list`).")],
    method: Annotated[str, typer.Option("--method", help="its (interrupted time series) or did "
                                        "(difference-in-differences against the untargeted units).")] = "its",
    scale: Annotated[str, typer.Option("--scale", help="ratio or difference.")] = "ratio",
    errors: Annotated[str, typer.Option("--errors", help="ITS: hac (Newey-West) or arima (AR(1)).")] = "hac",
    controls: Annotated[str, typer.Option("--controls", help="DiD: units (the log's untargeted units) or "
                                          "profiles (the imported benchmark profiles).")] = "units",
    control: Annotated[list[str] | None, typer.Option("--control", help="DiD against profiles: only this "
                                                      "profile (repeat).")] = None,
    workspace: WorkspaceOpt = None,
    target: Annotated[Path | None, typer.Option("--out", "-o", help="Write the estimate as JSON.")] = None,
) -> None:
    """Estimate an intervention's effect on its indicator, with the 95 % interval and the assumptions."""
    from sagsflow.effect import ActionPlans, estimate_effect

    with _open(workspace, read_only=True) as ws:
        iv = ActionPlans(ws).get(intervention)
        est = estimate_effect(ws.log(iv.log), iv, method=method, scale=scale, errors=errors,  # type: ignore[arg-type]
                              controls=controls, control_names=control)  # type: ignore[arg-type]
    if target is not None:
        target.write_text(json.dumps(est.to_dict(), default=str, ensure_ascii=False, indent=1), encoding="utf-8")
        err.print(f"wrote {target}")
    out.print(est.summary(), highlight=False, markup=False)
    out.print(f"effect {est.effect:.4g}  95 % CI [{est.ci_low:.4g}, {est.ci_high:.4g}]  p = {est.p_value:.3g}  "
              f"pre-period fit: r2 {est.pre_fit['r2']}, MAPE {est.pre_fit['mape']}", highlight=False, markup=False)
    for line in est.assumptions:
        out.print(f"- {line}", highlight=False, markup=False)
