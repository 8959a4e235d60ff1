"""Server administration commands: ``sagsflow audit verify``. Thin: parse, call the library, print."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from sagsflow.cli.app import app, err, out

audit_app = typer.Typer(help="The server's audit log.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")

DatabaseOpt = Annotated[str | None, typer.Option(
    "--database-url", help="SQLAlchemy URL of the metadata database (default: $SAGSFLOW_DATABASE_URL, else the "
                           "SQLite file in the server's data folder).")]
DataDirOpt = Annotated[Path | None, typer.Option(
    "--data-dir", help="The server's data folder (default: $SAGSFLOW_DATA_DIR or ~/.local/share/sagsflow/server).")]


def _settings(database_url: str | None, data_dir: Path | None) -> object:
    from sagsflow.api.settings import Settings

    update: dict[str, object] = {}
    if database_url:
        update["database_url"] = database_url
    if data_dir is not None:
        update["data_dir"] = data_dir
    return Settings().model_copy(update=update)


@audit_app.command("verify")
def verify_cmd(
    database_url: DatabaseOpt = None,
    data_dir: DataDirOpt = None,
    anchor: Annotated[Path | None, typer.Option(
        help="An anchor file recorded earlier (default: <data dir>/audit-anchor.json when it exists).")] = None,
    expect: Annotated[str | None, typer.Option(
        help="A head recorded earlier outside the server, as ENTRY_ID:HASH (what this command printed then).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Check the audit log's hash chain: every entry's hash, every link, the head (exit status 1 when broken).

    Finds deleted, altered and reordered entries, also on a copy whose append-only triggers were dropped. Keep
    the printed head (entry id and hash) outside the server and pass it as --expect later: that also finds
    entries deleted at the end of the log.
    """
    from sagsflow.api.settings import Settings
    from sagsflow.errors import InvalidParameterError
    from sagsflow.meta import audit
    from sagsflow.meta.db import MetaDB

    settings = _settings(database_url, data_dir)
    assert isinstance(settings, Settings)
    url = settings.db_url()
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        raise InvalidParameterError(f"no metadata database at {url}.",
                                    hint="Give --database-url or --data-dir of the server.")
    mark: tuple[int, str] | None = None
    if expect:
        head_id, _, head_hash = expect.partition(":")
        if not head_id.isdigit() or len(head_hash) != 64:
            raise InvalidParameterError(f"--expect must be ENTRY_ID:HASH (64 hex digits). Got {expect!r}.",
                                        field="expect")
        mark = (int(head_id), head_hash)
    else:
        path = anchor or settings.data_dir / "audit-anchor.json"
        mark = audit.read_anchor(path)
        if anchor is not None and mark is None:
            raise InvalidParameterError(f"cannot read the anchor file {anchor}.", field="anchor")
    db = MetaDB(url)
    try:
        with db.session() as s:
            report = audit.verify_chain(s, anchor=mark)
    finally:
        db.dispose()
    if as_json:
        out.print_json(json.dumps(report.to_dict()))
    else:
        (out if report.ok else err).print(report.summary(), highlight=False, markup=False)
        if report.ok:
            out.print(f"head: {report.head_id}:{report.head_hash}", highlight=False, markup=False)
    if not report.ok:
        raise typer.Exit(1)
