"""Prediction commands: ``sagsflow predict train|score|card|models``. Thin: parse, call the library, print."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from sagsflow.cli.app import WorkspaceOpt, _open, app, err, out, print_note
from sagsflow.errors import SagsflowError

predict_app = typer.Typer(help="Lawful predictive monitoring: train, score open cases, show model cards.",
                          no_args_is_help=True)
app.add_typer(predict_app, name="predict")


def _fail(exc: SagsflowError) -> typer.Exit:
    err.print(f"[bold red]error:[/] {exc}", highlight=False, markup=True)
    return typer.Exit(1)


def _instant(text: str | None) -> datetime | None:
    if not text:
        return None
    d = datetime.fromisoformat(text)
    return d if d.tzinfo else d.replace(tzinfo=UTC)


@predict_app.command("train")
def train_cmd(
    log: Annotated[str, typer.Argument(help="Log name.")],
    target: Annotated[str, typer.Option(help="remaining_time | next_activity | outcome:<label spec> | "
                                             "deadline:<rule id>")] = "remaining_time",
    name: Annotated[str | None, typer.Option(help="Model name (default: the target kind).")] = None,
    policy: Annotated[Path | None, typer.Option(help="Feature policy YAML (default: process features only).")] = None,
    audit: Annotated[list[str] | None, typer.Option(help="Case attribute to audit (repeatable; default: every "
                                                         "personal attribute that is not a feature).")] = None,
    bucketing: Annotated[str | None, typer.Option(help="prefix_length: one model per prefix-length group.")] = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Train, evaluate (temporal split, baselines), audit and store a new model version with its card."""
    from sagsflow.predict import FeaturePolicy, train_model

    try:
        pol = FeaturePolicy.from_yaml(policy.read_text(encoding="utf-8")) if policy else None
        with _open(workspace) as ws:
            model = train_model(print_note(log, ws.log(log)), target, name=name, policy=pol,
                                audit_attributes=audit or None, bucketing=bucketing)
    except SagsflowError as exc:
        raise _fail(exc) from exc
    out.print(f"trained {model.name_} v{model.version_} ({model.target_}) in {model.fit_seconds_:.1f} s",
              highlight=False, markup=False)
    out.print(model.evaluation_.to_markdown(), highlight=False, markup=False)


@predict_app.command("score")
def score_cmd(
    log: Annotated[str, typer.Argument(help="Log name.")],
    model: Annotated[list[str], typer.Option(help="Model NAME or NAME:VERSION (repeatable).")],
    as_of: Annotated[str | None, typer.Option(help="Score the state at this instant (ISO date/time).")] = None,
    target_file: Annotated[Path | None,
                           typer.Option("--out", "-o", help="Write the table (.xlsx, .csv, .json).")] = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Score the open cases: remaining time (interval), next activity, risks and main reasons."""
    from sagsflow.predict import score

    try:
        with _open(workspace) as ws:
            result = score(print_note(log, ws.log(log)), model, as_of=_instant(as_of))
    except SagsflowError as exc:
        raise _fail(exc) from exc
    if target_file is None:
        out.print(repr(result), highlight=False, markup=False)
        return
    suffix = target_file.suffix.lower()
    if suffix in (".csv", ".xlsx"):
        from sagsflow.ingest.export import write_csv, write_excel

        (write_csv if suffix == ".csv" else write_excel)(result.to_arrow(), target_file)
    elif suffix == ".json":
        import json

        target_file.write_text(json.dumps(result.to_dict(), default=str, ensure_ascii=False), encoding="utf-8")
    else:
        raise typer.BadParameter(f"cannot tell the format from {target_file.name!r}: use .xlsx, .csv or .json")
    err.print(f"wrote {target_file} ({len(result.table)} open cases, models {', '.join(result.models)})")


@predict_app.command("card")
def card_cmd(
    name: Annotated[str, typer.Argument(help="Model NAME or NAME:VERSION.")],
    html: Annotated[bool, typer.Option(help="Print HTML instead of Markdown.")] = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """Print a stored model card."""
    from sagsflow.predict import model_card_text

    try:
        with _open(workspace) as ws:
            text = model_card_text(ws, name, format="html" if html else "md")
    except SagsflowError as exc:
        raise _fail(exc) from exc
    out.print(text, highlight=False, markup=False)


@predict_app.command("models")
def models_cmd(workspace: WorkspaceOpt = None) -> None:
    """List the stored model versions."""
    from sagsflow.predict import model_versions

    with _open(workspace) as ws:
        for v in model_versions(ws):
            out.print(f"{v.name}:{v.version}  {v.target}  log={v.log_name}  cut={v.window.get('cut')}  "
                      f"{v.created_at:%Y-%m-%d %H:%M}", highlight=False, markup=False)
