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


RegistrationOpt = Annotated[str | None, typer.Option(
    "--registration", help="A registration YAML file or the id of one kept in the workspace (default: the "
                           "workspace's approved registrations).")]


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
    protocol: Annotated[str | None, typer.Option(help="Evaluation protocol: sagsflow (default, strict temporal), "
                                                      "tax2017, teinemaa2019, share:0.2, share:0.33:file, "
                                                      "date:2024-01-01, rolling:3, cases:<id>,<id>.")] = None,
    registration: RegistrationOpt = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Train, evaluate (under the protocol, beside the baselines), audit and store a new model version with its card.
    Needs a valid registration for the target's class (`sagsflow legal`)."""
    from sagsflow.predict import FeaturePolicy, train_model

    try:
        pol = FeaturePolicy.from_yaml(policy.read_text(encoding="utf-8")) if policy else None
        with _open(workspace) as ws:
            model = train_model(print_note(log, ws.log(log)), target, name=name, policy=pol,
                                audit_attributes=audit or None, protocol=protocol, registration=registration)
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
                           typer.Option("--out", "-o", help="Write the table (.xlsx, .csv, .json, .parquet).")] = None,
    registration: RegistrationOpt = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Score the open cases: remaining time (interval), next activity, risks and main reasons. Scoring and the
    export need a valid registration for each model's target; case ids are pseudonymised unless every
    registration's purpose needs them."""
    from sagsflow.predict import score

    try:
        with _open(workspace) as ws:
            result = score(print_note(log, ws.log(log)), model, as_of=_instant(as_of), registration=registration)
            if target_file is not None:
                result.write(target_file, registration=registration)
    except SagsflowError as exc:
        raise _fail(exc) from exc
    if target_file is None:
        out.print(repr(result), highlight=False, markup=False)
        return
    err.print(f"wrote {target_file} ({len(result.table)} open cases, models {', '.join(result.models)}"
              f"{'' if result.identified else '; case ids pseudonymised'})")


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
