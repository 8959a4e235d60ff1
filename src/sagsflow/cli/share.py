"""Benchmark profiles: ``sagsflow share keygen|export|import|list``. Thin: parse, call, print."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sagsflow.cli.analysis import FilterOpt, _log
from sagsflow.cli.app import WorkspaceOpt, _open, app, err

share_app = typer.Typer(name="share", no_args_is_help=True,
                        help="Benchmark profiles: aggregates only, through the disclosure layer, signed (Ed25519).")
app.add_typer(share_app, name="share")


@share_app.command("keygen")
def keygen_cmd(path: Annotated[Path, typer.Argument(help="Where to write the private key (PEM, mode 0600).")]) -> None:
    """Make an Ed25519 signing key; prints its public half (what receivers trust)."""
    from sagsflow.share import generate_key, public_key_text

    typer.echo(public_key_text(generate_key(path)))


@share_app.command("export")
def export_cmd(
    log: Annotated[str, typer.Argument(help="Log name.")],
    key: Annotated[Path, typer.Option("--key", help="The signing key (from `sagsflow share keygen`).")],
    target: Annotated[Path, typer.Option("--out", "-o", help="The profile file (.json).")],
    name: Annotated[str | None, typer.Option("--name", help="The profile's name (default: the log).")] = None,
    case_type: Annotated[str | None, typer.Option("--case-type", help="Case attribute for the indicators.")] = None,
    k: Annotated[int, typer.Option("--k", min=2, help="Smallest group released.")] = 5,
    series: Annotated[list[str] | None, typer.Option(
        "--series", help="Also carry an indicator series for difference-in-differences: an intervention id of "
        "this workspace (its indicator, period and case types) or a JSON/YAML spec "
        "'{\"indicator\": {...}, \"period\": \"month\"}' (repeat).")] = None,
    workspace: WorkspaceOpt = None,
    filter_path: FilterOpt = None,
) -> None:
    """Export a signed benchmark profile of a log (aggregates with groups under k hidden)."""
    import yaml

    from sagsflow.disclosure import DisclosurePolicy
    from sagsflow.effect import ActionPlans
    from sagsflow.share import export_profile, load_key, write_profile

    with _open(workspace, read_only=True) as ws:
        plans = ActionPlans(ws)
        known = {iv.id: iv for iv in plans.list()}
        specs = [known[s].series_spec() if s in known else yaml.safe_load(s) for s in series or []]
        for text, spec in zip(series or [], specs, strict=True):
            if not isinstance(spec, dict) and text not in known:
                raise typer.BadParameter(f"--series {text!r} is neither an intervention of this workspace "
                                         f"({', '.join(known) or 'none registered'}) nor a JSON/YAML object.")
        prof = export_profile(_log(ws, log, filter_path), name=name or log, case_type=case_type,
                              key=load_key(key), policy=DisclosurePolicy(min_group_size=k), series=specs)
    write_profile(prof, target)
    err.print(f"wrote {target}")


@share_app.command("import")
def import_cmd(
    source: Annotated[Path, typer.Argument(help="A profile file.")],
    trust: Annotated[list[str] | None, typer.Option("--trust", help="A trusted public key (repeat).")] = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Verify a profile's signature and keep it in the workspace."""
    from sagsflow.share import import_profile

    with _open(workspace, read_only=True) as ws:
        prof = import_profile(ws, source, trusted_keys=trust)
    typer.echo(f"imported {prof['name']} ({prof['public_key']})")


@share_app.command("list")
def list_cmd(workspace: WorkspaceOpt = None) -> None:
    """The imported profiles (each verified again)."""
    from sagsflow.share import list_profiles

    with _open(workspace, read_only=True) as ws:
        for p in list_profiles(ws):
            typer.echo(f"{p['name']}\t{p['created_at']}\tk={p['protection']['min_group_size']}\t{p['public_key']}")
