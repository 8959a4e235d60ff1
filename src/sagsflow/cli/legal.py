"""Legal commands: ``sagsflow legal propose|approve|revoke|list|show|log``. Thin: parse, call the library, print.

Without a server, a workspace keeps its own signed registrations and legal log (:mod:`sagsflow.legal.record`):
one person proposes a registration from a YAML file, another approves it (the two-person rule, by name: the
server enforces it with logins and roles).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.table import Table

from sagsflow.cli.app import WorkspaceOpt, _open, app, err, out
from sagsflow.errors import SagsflowError

F = TypeVar("F", bound=Callable[..., Any])


def _clean(fn: F) -> F:
    """Print a library error's message and exit 1 (tracebacks only with --debug)."""

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        from sagsflow.cli.app import _state

        try:
            return fn(*args, **kwargs)
        except SagsflowError as exc:
            if _state["debug"]:
                raise
            err.print(f"[bold red]error:[/] {exc}", highlight=False, markup=True)
            raise typer.Exit(1) from exc

    return run  # type: ignore[return-value]

legal_app = typer.Typer(help="Registrations that enable prediction (two-person rule), the workspace's legal log.",
                        no_args_is_help=True)
app.add_typer(legal_app, name="legal")

By = Annotated[str, typer.Option("--by", help="Your name and role (recorded; the two persons must differ).")]


@legal_app.command("propose")
@_clean
def propose_cmd(
    registration: Annotated[Path, typer.Argument(help="Registration YAML (see docs/dpia.md).")],
    by: By,
    supersedes: Annotated[str | None, typer.Option(help="Id of the registration this one changes.")] = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Propose a registration (it enables nothing until another person approves it)."""
    from sagsflow.legal import Registration, propose

    reg = Registration.from_yaml(registration)
    with _open(workspace) as ws:
        reg = propose(ws, reg, by=by, supersedes=supersedes)
    out.print(f"proposed {reg.id}: {reg.summary()}", highlight=False, markup=False)
    err.print(f"another person approves it with: sagsflow legal approve {reg.id} --by NAME")


@legal_app.command("approve")
@_clean
def approve_cmd(reg_id: Annotated[str, typer.Argument(help="Registration id.")], by: By,
                workspace: WorkspaceOpt = None) -> None:
    """Approve a proposed registration (the second person): prediction of its targets is enabled."""
    from sagsflow.legal import approve

    with _open(workspace) as ws:
        reg = approve(ws, reg_id, by=by)
    out.print(f"enabled {reg.id} until {reg.review_date.isoformat()}: {reg.summary()}", highlight=False,
              markup=False)


@legal_app.command("revoke")
@_clean
def revoke_cmd(reg_id: Annotated[str, typer.Argument(help="Registration id.")], by: By,
               reason: Annotated[str, typer.Option(help="Why (recorded).")] = "",
               workspace: WorkspaceOpt = None) -> None:
    """Switch a registration off at once (or reject a proposal)."""
    from sagsflow.legal import revoke

    with _open(workspace) as ws:
        reg = revoke(ws, reg_id, by=by, reason=reason)
    out.print(f"{reg.id} is {reg.status}", highlight=False, markup=False)


@legal_app.command("list")
@_clean
def list_cmd(workspace: WorkspaceOpt = None,
             as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """The workspace's registrations, with their status and whether their signature verifies."""
    from sagsflow.legal import stored_registrations

    with _open(workspace) as ws:
        regs = stored_registrations(ws)
    if as_json:
        out.print_json(json.dumps([{**s.registration.to_dict(), "verified": s.verified,
                                    "valid": s.verified and s.registration.is_valid()} for s in regs]))
        return
    table = Table("id", "class", "targets", "status", "review date", "proposed by", "approved by", "signature")
    for s in regs:
        r = s.registration
        status = r.status + (" (expired)" if r.status == "active" and r.expired() else "")
        table.add_row(r.id, r.target_class, ", ".join(r.targets) or "(all)", status, r.review_date.isoformat(),
                      r.proposed_by, r.approved_by or "", "ok" if s.verified else "DOES NOT VERIFY")
    out.print(table)


@legal_app.command("show")
@_clean
def show_cmd(reg_id: Annotated[str, typer.Argument(help="Registration id.")], workspace: WorkspaceOpt = None) -> None:
    """Print a registration as YAML."""
    from sagsflow.legal.record import get_registration

    with _open(workspace) as ws:
        out.print(get_registration(ws, reg_id).to_yaml(), highlight=False, markup=False)


@legal_app.command("log")
@_clean
def log_cmd(workspace: WorkspaceOpt = None,
            action: Annotated[str | None, typer.Option(help="Only actions starting with this.")] = None) -> None:
    """The workspace's legal log (enable, change, expiry, use, retention), and whether its chain is intact."""
    from sagsflow.legal import legal_log, verify_log

    with _open(workspace) as ws:
        entries = legal_log(ws, action=action)
        broken = verify_log(ws)
    for e in entries:
        out.print(f"{e.seq:>5} {e.at:%Y-%m-%d %H:%M:%S} {e.action:<28} {e.actor or '-':<20} {e.object_id or '-':<14} "
                  f"{json.dumps(e.details, ensure_ascii=False)}", highlight=False, markup=False)
    if broken is not None:
        err.print(f"[bold red]the chain breaks at entry {broken}: the log was changed outside Sagsflow[/]")
        raise typer.Exit(1)


# ============================================================================ retention
retention_app = typer.Typer(help="Retention periods per log and their application (deletion of older events from "
                                 "the store and everything made from it).", no_args_is_help=True)
app.add_typer(retention_app, name="retention")


@retention_app.command("set")
@_clean
def retention_set_cmd(
    log: Annotated[str, typer.Argument(help="Log name.")],
    days: Annotated[int, typer.Option("--days", help="Keep events this many days after their time.")],
    reason: Annotated[str, typer.Option(help="The rule or decision that sets the period (recorded).")] = "",
    by: Annotated[str | None, typer.Option("--by", help="Your name (recorded).")] = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Set the retention period of a log."""
    from sagsflow.legal.retention import set_retention

    with _open(workspace) as ws:
        r = set_retention(ws, log, days, reason=reason, by=by)
    out.print(f"{r.log}: events kept {r.days} days", highlight=False, markup=False)


@retention_app.command("list")
@_clean
def retention_list_cmd(workspace: WorkspaceOpt = None) -> None:
    """The retention period of each log (logs not listed are kept until deleted by hand)."""
    from sagsflow.legal.retention import retentions

    table = Table("log", "days", "reason", "set by", "set at")
    with _open(workspace) as ws:
        for r in retentions(ws):
            table.add_row(r.log, str(r.days), r.reason, r.set_by or "", f"{r.set_at:%Y-%m-%d}" if r.set_at else "")
    out.print(table)


@retention_app.command("apply")
@_clean
def retention_apply_cmd(
    log: Annotated[str | None, typer.Argument(help="Only this log (default: every log with a period).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Count only; delete nothing.")] = False,
    by: Annotated[str | None, typer.Option("--by", help="Your name (recorded).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """Delete the events older than each log's period, the cases left empty, the predictions of deleted cases and
    the saved compliance results of the log; flag the models trained on it for retraining. Counts go to the legal
    log (`sagsflow legal log --action retention`)."""
    from sagsflow.legal.retention import apply_retention

    with _open(workspace) as ws:
        reports = apply_retention(ws, log, dry_run=dry_run, by=by)
    if as_json:
        out.print_json(json.dumps([r.to_dict() for r in reports]))
        return
    table = Table("log", "cut-off", "events deleted", "cases deleted", "cases truncated", "events kept",
                  "predictions deleted", "compliance results deleted", "models flagged")
    for r in reports:
        table.add_row(r.log, r.cutoff.date().isoformat(), f"{r.events_deleted:,}", f"{r.cases_deleted:,}",
                      f"{r.cases_truncated:,}", f"{r.events_kept:,}", f"{r.predictions_deleted:,}",
                      f"{r.compliance_results_deleted:,}", f"{r.models_flagged:,}")
    out.print(table)
    if dry_run:
        err.print("dry run: nothing was deleted")


# ============================================================================ the DPIA kit
@app.command("dpia")
@_clean
def dpia_cmd(
    document: Annotated[str, typer.Option("--document", "-d", help="dpia, record (GDPR art. 30), notice-citizens "
                                                                    "or notice-employees.")] = "dpia",
    lang: Annotated[str | None, typer.Option(help="da or en (default: SAGSFLOW_LANGUAGE, else the locale).")] = None,
    controller: Annotated[Path | None, typer.Option(help="YAML with the controller's facts: name, address, "
                                                         "contact, dpo, recipients, processors, transfers, "
                                                         "basis.")] = None,
    out_path: Annotated[Path | None, typer.Option("--out", help="Write the Markdown here (default: print).")] = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Write a DPIA draft, the record of processing or a notice text from the workspace's live configuration
    (data categories from the mappings, retention, models and registrations, measures in force); the parts that
    need human judgement are marked."""
    import yaml

    from sagsflow.errors import InvalidParameterError
    from sagsflow.legal.dpia import configuration, write_document

    facts: dict[str, Any] = {}
    if controller is not None:
        loaded = yaml.safe_load(controller.read_text(encoding="utf-8")) or {}
        if not isinstance(loaded, dict):
            raise InvalidParameterError(f"{controller} must be a YAML mapping of the controller's facts.",
                                        field="controller")
        facts = loaded
    with _open(workspace) as ws:
        cfg = configuration(ws, controller=facts, municipality=str(facts.get("name") or ""))
        text = write_document(cfg, document, lang=lang)  # type: ignore[arg-type]
    if out_path is not None:
        out_path.write_text(text, encoding="utf-8")
        err.print(f"wrote {out_path}")
    else:
        out.print(text, highlight=False, markup=False)


# ============================================================================ encryption at rest
encryption_app = typer.Typer(help="Encryption at rest of the workspace's event store (key outside the workspace: "
                                  "SAGSFLOW_WORKSPACE_KEY or SAGSFLOW_WORKSPACE_KEY_FILE).", no_args_is_help=True)
app.add_typer(encryption_app, name="encryption")


def _db_file(workspace: Path | None) -> Path:
    from sagsflow.store.workspace import DB_FILE, default_workspace_path

    folder = Path(workspace) if workspace is not None else default_workspace_path()
    return folder / DB_FILE


@encryption_app.command("status")
def encryption_status_cmd(workspace: WorkspaceOpt = None) -> None:
    """Whether the workspace's event store is encrypted, and whether a workspace key is set."""
    from sagsflow.store.encryption import is_encrypted, workspace_key

    db = _db_file(workspace)
    if not db.exists():
        raise SagsflowError(f"no workspace at {db.parent}.")
    key = workspace_key(workspace=db.parent)
    out.print(f"{db.parent}: {'encrypted' if is_encrypted(db) else 'not encrypted'}; workspace key "
              f"{'set' if key else 'not set'}", highlight=False, markup=False)


@encryption_app.command("encrypt")
def encryption_encrypt_cmd(workspace: WorkspaceOpt = None) -> None:
    """Encrypt a plain workspace with the workspace key set now (close the server first)."""
    from sagsflow.store.encryption import WorkspaceKeyError, is_encrypted, rotate, workspace_key

    db = _db_file(workspace)
    key = workspace_key(workspace=db.parent)
    if key is None:
        raise WorkspaceKeyError("set SAGSFLOW_WORKSPACE_KEY or SAGSFLOW_WORKSPACE_KEY_FILE first.")
    if is_encrypted(db):
        raise SagsflowError(f"{db.parent} is already encrypted; `sagsflow encryption rotate` changes its key.")
    rotate(db, old_key=None, new_key=key)
    err.print(f"encrypted {db.parent}", highlight=False)


@encryption_app.command("rotate")
def encryption_rotate_cmd(
    new_key_file: Annotated[Path | None, typer.Option("--new-key-file", help="The new key (from `sagsflow keygen "
                                                      "PATH`); without it the workspace is decrypted.")] = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Write the event store again under a new key (the old key from the environment); then point
    SAGSFLOW_WORKSPACE_KEY_FILE to the new key. Without --new-key-file the workspace is decrypted."""
    from sagsflow.store.encryption import WorkspaceKeyError, rotate, workspace_key

    db = _db_file(workspace)
    old = workspace_key(workspace=db.parent)
    if old is None:
        raise WorkspaceKeyError("set the current key (SAGSFLOW_WORKSPACE_KEY or SAGSFLOW_WORKSPACE_KEY_FILE) first.")
    new = workspace_key(new_key_file.read_text(encoding="ascii")) if new_key_file else None
    if new_key_file and new_key_file.resolve().is_relative_to(db.parent.resolve()):
        raise WorkspaceKeyError(f"the new key file {new_key_file} lies inside the workspace.")
    rotate(db, old_key=old, new_key=new)
    err.print(f"{'re-encrypted' if new else 'decrypted'} {db.parent}; now set SAGSFLOW_WORKSPACE_KEY_FILE="
              f"{new_key_file}" if new else f"decrypted {db.parent}; unset the workspace key", highlight=False)
