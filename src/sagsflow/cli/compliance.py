"""Compliance commands: evaluate rules on a log, validate a rule file, show a shipped pack. Thin: parse, call, print."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sagsflow.cli.analysis import FilterOpt, _log
from sagsflow.cli.app import IncludeOpt, WorkspaceOpt, _open, app, err, out

if TYPE_CHECKING:
    from sagsflow.compliance import RuleSet

rules_app = typer.Typer(name="rules", help="Compliance rule files and packs: validate, show.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")

RulesOpt = Annotated[str, typer.Option("--rules", "-r", help="A pack name (employment-dk) or a YAML rule file.")]


def _rules(spec: str) -> RuleSet:
    from sagsflow.compliance import load_pack, load_rules, pack_names

    return load_pack(spec) if spec in pack_names() else load_rules(Path(spec))


@app.command("compliance")
def compliance_cmd(
    log: Annotated[str, typer.Argument(help="Log name.")],
    rules: RulesOpt = "employment-dk",
    workspace: WorkspaceOpt = None,
    filter_path: FilterOpt = None,
    include_quarantined: IncludeOpt = False,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Evaluation date YYYY-MM-DD (default: the "
                                              "log's last event).")] = None,
    by: Annotated[str | None, typer.Option("--by", help="Case attribute to break the rates down by.")] = None,
    target: Annotated[Path | None, typer.Option("--out", "-o", help="Write the per-case results "
                                                "(.csv or .xlsx).")] = None,
    save: Annotated[str | None, typer.Option("--save", help="Store the result in the workspace under this "
                                             "name.")] = None,
) -> None:
    """Check a log against compliance rules: rate per rule (met / (met + violated)) and counts by status."""
    from sagsflow.compliance import evaluate

    if as_of is not None:
        try:
            date.fromisoformat(as_of)
        except ValueError:
            raise typer.BadParameter(f"--as-of must be a date YYYY-MM-DD. Got {as_of!r}.") from None
    rule_set = _rules(rules)
    with _open(workspace) as ws:
        res = evaluate(_log(ws, log, filter_path, include_quarantined), rule_set, as_of=as_of)
        if save:
            res.save(ws, save)
            err.print(f"saved as {save!r}")
    summary = res.summary(by=by)
    summary["rate"] = (summary["rate"] * 100).round(1)
    out.print(f"as of {res.as_of}", highlight=False)
    out.print(summary.to_string(index=False), highlight=False, markup=False, soft_wrap=True)
    for w in res.warnings:
        err.print(f"warning: {w}", highlight=False, markup=False)
    if target is not None:
        suffix = target.suffix.lower()
        if suffix == ".csv":
            res.to_csv(target)
        elif suffix == ".xlsx":
            res.to_excel(target)
        else:
            raise typer.BadParameter(f"cannot tell the format from {target.name!r}: use .csv or .xlsx")
        err.print(f"wrote {target}")


@rules_app.command("validate")
def validate_cmd(path: Annotated[Path, typer.Argument(help="A YAML rule file.")]) -> None:
    """Check a rule file against the rule language; errors name the rule, the field and the line."""
    from sagsflow.compliance import load_rules

    rs = load_rules(path)
    n = sum(len(r.concrete()) for r in rs)
    out.print(f"{path}: valid ({len(rs)} rules, {n} after expanding variants)", highlight=False, markup=False,
              soft_wrap=True)


@rules_app.command("show-pack")
def show_pack_cmd(
    name: Annotated[str, typer.Argument(help="Pack name, e.g. employment-dk.")] = "employment-dk",
    yaml_text: Annotated[bool, typer.Option("--yaml", help="Print the pack's YAML.")] = False,
) -> None:
    """List the rules of a shipped pack: id, names, law, validity and assumptions."""
    from sagsflow.compliance.rules import load_pack, pack_text

    if yaml_text:
        out.print(pack_text(name), highlight=False, markup=False)
        return
    rs = load_pack(name)
    for r in rs:
        valid = f"{r.valid_from or '…'} → {r.valid_to or '…'}"
        flag = "  [A]" if r.assumption else ""
        out.print(f"{r.id:5} {r.name.da} / {r.name.en}  ({r.law or '-'}; {valid}){flag}", highlight=False,
                  markup=False, soft_wrap=True)
