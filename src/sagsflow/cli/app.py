"""``sagsflow`` command line.

Errors print their message (what is wrong, where, what to try) and exit with status 1; pass
``--debug`` for the traceback.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, Literal

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from sagsflow.errors import SagsflowError
from sagsflow.i18n import Lang

app = typer.Typer(
    name="sagsflow",
    help="Process mining and lawful predictive monitoring for public case handling.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
out = Console()
err = Console(stderr=True)
_state = {"debug": False}

WorkspaceOpt = Annotated[
    Path | None,
    typer.Option("--workspace", "-w", help="Workspace folder (default: $SAGSFLOW_WORKSPACE or "
                 "~/.local/share/sagsflow/workspaces/default)."),
]


@app.callback()
def _root(debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False) -> None:
    _state["debug"] = debug


def main() -> None:
    """Entry point of the ``sagsflow`` script."""
    try:
        app()
    except SagsflowError as exc:
        if _state["debug"]:
            raise
        err.print(f"[bold red]error:[/] {exc}", highlight=False, markup=True)
        sys.exit(1)


@contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[float, str], None] | None]:
    if not enabled:
        yield None
        return
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
                  TimeElapsedColumn(), console=err, transient=True) as bar:
        task = bar.add_task("importing", total=1.0)

        def report(fraction: float, message: str) -> None:
            bar.update(task, completed=fraction, description=message)

        yield report


def _open(workspace: Path | None, *, read_only: bool = False) -> Any:
    from sagsflow.store.workspace import Workspace

    return Workspace.open(workspace, read_only=read_only)


IncludeOpt = Annotated[bool, typer.Option(
    "--include-quarantined", help="Also count the events outside the log's plausible period (see `sagsflow window`).")]


def print_note(name: str, log: Any) -> Any:
    """Print the log's quarantine note (sagsflow.plausible) to stderr, when it has one; returns the log."""
    note = log.plausible_window.note(included=log.includes_quarantined)
    if note:
        err.print(f"[yellow]note:[/] {name}: {note}", highlight=False, markup=True)
    return log


@app.command("import")
def import_cmd(
    source: Annotated[Path, typer.Argument(help="CSV/TSV, .xlsx, .parquet, .xes or .xes.gz file.")],
    log: Annotated[str | None, typer.Option("--log", "-l", help="Log name (default: from the file name).")] = None,
    mapping: Annotated[Path | None, typer.Option("--mapping", "-m", help="Mapping YAML file.")] = None,
    mode: Annotated[str, typer.Option(help="append | create | replace")] = "append",
    workspace: WorkspaceOpt = None,
    delimiter: Annotated[str | None, typer.Option(help="CSV delimiter (detected by default).")] = None,
    encoding: Annotated[str | None, typer.Option(help="CSV encoding (detected by default).")] = None,
    sheet: Annotated[str | None, typer.Option(help="Excel sheet name.")] = None,
    reimport: Annotated[bool, typer.Option(help="Import again even if this content was imported.")] = False,
    progress: Annotated[bool, typer.Option(help="Show a progress bar.")] = True,
) -> None:
    """Import a file into a log of the workspace (atomic; re-imports of the same file are skipped)."""
    from sagsflow.ingest.pipeline import import_log

    options: dict[str, Any] = {}
    if delimiter:
        options["delimiter"] = delimiter
    if encoding:
        options["encoding"] = encoding
    if sheet:
        options["sheet"] = sheet
    with _open(workspace) as ws, _progress(progress and sys.stderr.isatty()) as report:
        result = import_log(source, workspace=ws, log=log, mapping=mapping, mode=mode,  # type: ignore[arg-type]
                            if_imported="reimport" if reimport else "skip", progress=report, **options)
        out.print(result.summary(), highlight=False, markup=False)
        for w in result.warnings:
            err.print(f"[yellow]warning:[/] {w}", highlight=False)


@app.command("logs")
def logs_cmd(workspace: WorkspaceOpt = None,
             as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """List the logs of the workspace."""
    with _open(workspace, read_only=False) as ws:
        infos = ws.logs()
    if as_json:
        out.print_json(json.dumps([{"name": i.name, "events": i.n_events, "cases": i.n_cases,
                                    "activities": i.n_activities, "updated_at": i.updated_at.isoformat()}
                                   for i in infos]))
        return
    table = Table("log", "events", "cases", "activities", "updated (UTC)")
    for i in infos:
        table.add_row(i.name, f"{i.n_events:,}", f"{i.n_cases:,}", f"{i.n_activities:,}",
                      f"{i.updated_at:%Y-%m-%d %H:%M}")
    out.print(table)


@app.command("quality")
def quality_cmd(
    log: Annotated[str, typer.Argument(help="Log name.")],
    workspace: WorkspaceOpt = None,
    html: Annotated[Path | None, typer.Option(help="Write the HTML report here.")] = None,
    json_path: Annotated[Path | None, typer.Option("--json", help="Write the JSON report here.")] = None,
    lang: Annotated[Lang | None, typer.Option(help="Report language: da or en (default: SAGSFLOW_LANGUAGE, else the "
                                                   "locale).")] = None,
    include_quarantined: IncludeOpt = False,
) -> None:
    """Data-quality report of a log: findings named by event-log imperfection pattern."""
    from sagsflow.quality import write_quality_report

    with _open(workspace) as ws:
        report = write_quality_report(ws.log(log).include_quarantined(include_quarantined), html=html,
                                      json=json_path, lang=lang)
    for path in (html, json_path):
        if path:
            err.print(f"wrote {path}")
    out.print(report.summary(lang), highlight=False, markup=False)


@app.command("export")
def export_cmd(
    log: Annotated[str, typer.Argument(help="Log name.")],
    target: Annotated[Path, typer.Argument(help="Output file: .xes, .xes.gz, .csv, .xlsx or .parquet.")],
    workspace: WorkspaceOpt = None,
    include_quarantined: IncludeOpt = False,
) -> None:
    """Export a log to XES, CSV, Excel or Parquet (CSV/Excel are safe against formula injection).

    Like every analysis, the export leaves out the events outside the log's plausible period unless
    --include-quarantined."""
    from sagsflow.errors import InvalidParameterError

    name = target.name.lower()
    with _open(workspace) as ws:
        ev = print_note(log, ws.log(log).include_quarantined(include_quarantined))
        if name.endswith((".xes", ".xes.gz")):
            ev.to_xes(target)
        elif name.endswith(".csv"):
            ev.to_csv(target)
        elif name.endswith(".xlsx"):
            ev.to_excel(target)
        elif name.endswith(".parquet"):
            ev.to_parquet(target)
        else:
            raise InvalidParameterError(f"cannot tell the export format from {target.name!r}.",
                                        hint="Use .xes, .xes.gz, .csv, .xlsx or .parquet.")
    err.print(f"wrote {target}")


@app.command("window")
def window_cmd(
    log: Annotated[str, typer.Argument(help="Log name.")],
    workspace: WorkspaceOpt = None,
    first_day: Annotated[str | None, typer.Option(help="Set the first plausible day (YYYY-MM-DD).")] = None,
    last_day: Annotated[str | None, typer.Option(help="Set the last plausible day (YYYY-MM-DD, included).")] = None,
    reset: Annotated[bool, typer.Option("--reset", help="Go back to the period derived from the data.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show or set a log's plausible period; events outside it are quarantined: kept, named in the quality
    report, and left out of every analysis unless --include-quarantined."""
    from sagsflow.plausible import plausible_window, reset_plausible_window, set_plausible_window

    if reset and (first_day or last_day):
        raise typer.BadParameter("give --reset or --first-day/--last-day, not both")
    with _open(workspace) as ws:
        if reset:
            window = reset_plausible_window(ws, log)
        elif first_day or last_day:
            window = set_plausible_window(ws, log, first_day, last_day)
        else:
            window = plausible_window(ws, log)
    if as_json:
        out.print_json(json.dumps(window.to_dict()))
        return
    out.print(f"{log}: {window.describe()}", highlight=False, markup=False)


@app.command("event-store")
def event_store_cmd(
    folder: Annotated[Path | None, typer.Argument(help="Keep the workspace's logs as Parquet in this folder from "
                                                       "now on (local or mounted; the logs move there).")] = None,
    workspace: WorkspaceOpt = None,
    unencrypted_ok: Annotated[bool, typer.Option(
        "--unencrypted-ok", help="The workspace is encrypted at rest and the folder's storage protects the "
                                 "files itself (Sagsflow does not encrypt Parquet).")] = False,
    spark: Annotated[str | None, typer.Option(
        help="Run the rule packs and prediction encodings on this Spark master from now on (local[N], "
             "spark://host:port, yarn, k8s://..., sc://host:port); 'off' runs them on DuckDB again.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show or set the workspace's event store: the folder where each log is kept as Parquet
    (<folder>/<log>/<version>/{events,cases,activities,successors}.parquet), which a Spark engine reads too, and
    the Spark cluster its batch work runs on (docs/engines.md)."""
    from sagsflow.store.event_store import describe, use_event_store, use_spark

    with _open(workspace) as ws:
        if folder is not None:
            use_event_store(ws, folder, unencrypted_ok=unencrypted_ok)
        if spark is not None:
            use_spark(ws, None if spark == "off" else spark)
        with ws.read() as con:
            info = describe(con)
    if as_json:
        out.print_json(json.dumps(info))
        return
    if info["root"] is None:
        out.print("the logs are kept in the workspace's database file (no event store set)", markup=False)
        return
    out.print(f"event store: {info['root']}", highlight=False, markup=False, soft_wrap=True)
    out.print(f"batch work on: {info['spark'] or 'DuckDB (this machine)'}", highlight=False, markup=False,
              soft_wrap=True)
    for name, path in info["logs"].items():
        out.print(f"  {name}: {path}", highlight=False, markup=False, soft_wrap=True)


@app.command("export-store")
def export_store_cmd(
    log: Annotated[str, typer.Argument(help="Log name.")],
    root: Annotated[Path, typer.Argument(help="Folder to write <root>/<log>/<table>.parquet under.")],
    workspace: WorkspaceOpt = None,
    unencrypted_ok: Annotated[bool, typer.Option(
        "--unencrypted-ok", help="The workspace is encrypted at rest and the target's storage protects the "
                                 "files itself.")] = False,
) -> None:
    """Write a log's Parquet store (its four tables, as stored) for a Spark engine to read (docs/engines.md)."""
    from sagsflow.store.parquet import export_log

    with _open(workspace) as ws:
        path = export_log(ws, log, root, unencrypted_ok=unencrypted_ok)
    err.print(f"wrote {path}")


@app.command("keygen")
def keygen_cmd(
    path: Annotated[Path, typer.Argument(help="Where to write the key (outside the workspace).")],
    use: Annotated[Literal["pseudonym", "workspace"], typer.Option(
        "--for", help="pseudonym: the pseudonymisation key (SAGSFLOW_PSEUDONYM_KEY_FILE); workspace: the key "
                      "that encrypts workspaces at rest (SAGSFLOW_WORKSPACE_KEY_FILE). Make one key for each.",
    )] = "pseudonym",
) -> None:
    """Create a key file (32 random bytes, hex, mode 0600): the pseudonymisation key, or with ``--for workspace``
    the key that encrypts the workspaces at rest. Keep it outside the workspace and back it up."""
    from sagsflow.ingest.pseudonymise import generate_key

    generate_key(path)
    if use == "workspace":
        err.print(f"wrote {path}; use it with SAGSFLOW_WORKSPACE_KEY_FILE={path} (then `sagsflow encryption encrypt` "
                  "for an existing workspace); without it the workspaces cannot be read: back it up")
    else:
        err.print(f"wrote {path}; use it with SAGSFLOW_PSEUDONYM_KEY_FILE={path}")


@app.command("demo-data")
def demo_data_cmd(
    workspace: WorkspaceOpt = None,
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same data).")] = 42,
    scale: Annotated[float, typer.Option(help="Volume factor: 1 is about 1M events, 10 about 10M.")] = 1.0,
    out_dir: Annotated[Path | None, typer.Option("--out", help="Also write the extract files here.")] = None,
    file_format: Annotated[str, typer.Option("--format", help="csv or parquet extract files.")] = "parquet",
    import_: Annotated[bool, typer.Option("--import/--no-import", help="Import into the workspace.")] = True,
) -> None:
    """Generate the synthetic demo logs (five municipalities, dagpenge and kontanthjælp)."""
    from sagsflow.demo.workspace import create_demo_workspace

    with _open(workspace) as ws:
        results = create_demo_workspace(ws, seed=seed, scale=scale, out_dir=out_dir,
                                        file_format=file_format, import_=import_)
    for line in results:
        out.print(line, highlight=False)


@app.command("serve")
def serve_cmd(
    workspace: WorkspaceOpt = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port (0: any free port, shown when the server is ready).")] = 8000,
) -> None:
    """Start the web server (REST API and web app); prints its address and the demo logins last, once it listens."""
    import uvicorn

    from sagsflow.api.demo import demo_banner
    from sagsflow.api.main import create_app

    fastapi_app = create_app(workspace, announce=False)

    class _Server(uvicorn.Server):
        async def startup(self, sockets: Any = None) -> None:
            await super().startup(sockets=sockets)
            if self.should_exit or not self.servers:
                return
            bound = self.servers[0].sockets[0].getsockname()[1]
            shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
            for line in demo_banner(f"http://{shown}:{bound}/", workspace,
                                    getattr(fastapi_app.state, "demo_logins", {})):
                err.print(line, highlight=False, markup=False, soft_wrap=True)

    # proxy headers are read by the app, from SAGSFLOW_TRUSTED_PROXIES only (never uvicorn's own default)
    _Server(uvicorn.Config(fastapi_app, host=host, port=port, log_level="info", proxy_headers=False)).run()


# the analysis commands register themselves on `app`
from sagsflow.cli import analysis as _analysis  # noqa: E402,F401
from sagsflow.cli import audit as _audit  # noqa: E402,F401
from sagsflow.cli import compliance as _compliance  # noqa: E402,F401
from sagsflow.cli import conformance as _conformance  # noqa: E402,F401
from sagsflow.cli import drift as _drift  # noqa: E402,F401
from sagsflow.cli import effect as _effect  # noqa: E402,F401
from sagsflow.cli import legal as _legal  # noqa: E402,F401
from sagsflow.cli import predict as _predict  # noqa: E402,F401
from sagsflow.cli import share as _share  # noqa: E402,F401
from sagsflow.cli import users as _users  # noqa: E402,F401
