"""Accounts from the command line: ``sagsflow user create | password | list``. Thin: parse, call
:mod:`sagsflow.meta.accounts`, record in the audit log, print.

The way to make the first (global) administrator of a new server, and to reset a password when no
administrator can log in. Passwords are read from standard input (``--password-stdin``) or asked for without
echo, never given as an argument (it would stay in the shell history and the process list). Every change is an
audit entry of the user ``cli``.
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sagsflow.cli.app import app, out
from sagsflow.cli.audit import DatabaseOpt, DataDirOpt, _settings
from sagsflow.errors import InvalidParameterError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from sagsflow.meta.db import MetaDB
    from sagsflow.meta.models import Municipality, User

user_app = typer.Typer(help="Accounts of the server: create, set a password, list.", no_args_is_help=True)
app.add_typer(user_app, name="user")

MunicipalityOpt = Annotated[str | None, typer.Option(
    "--municipality", "-m", help="Name, code or id of the municipality (none: a global administrator).")]
PasswordStdinOpt = Annotated[bool, typer.Option(
    "--password-stdin", help="Read the password from the first line of standard input (else it is asked for).")]
ACTOR = "cli"


def _db(database_url: str | None, data_dir: Path | None) -> MetaDB:
    """The server's metadata database, migrated to the current schema (as the server does at start-up)."""
    from sagsflow.api.settings import Settings
    from sagsflow.meta.db import MetaDB

    settings = _settings(database_url, data_dir)
    assert isinstance(settings, Settings)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    db = MetaDB(settings.db_url())
    db.upgrade()
    return db


def _password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        if not line:
            raise InvalidParameterError("--password-stdin: standard input is empty.", field="password")
        return line.rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != first:
        raise InvalidParameterError("the two passwords differ.", field="password")
    return first


def _municipality(s: Session, name: str, *, create: bool = False) -> Municipality:
    from sqlalchemy import or_, select

    from sagsflow.meta import accounts
    from sagsflow.meta.models import Municipality

    found = s.scalar(select(Municipality).where(or_(
        Municipality.name == name, Municipality.code == name,
        *([Municipality.id == int(name)] if name.isdigit() else []))))
    if found is not None:
        return found
    if create:
        return accounts.create_municipality(s, name)
    known = ", ".join(m.name for m in s.scalars(select(Municipality).order_by(Municipality.name))) or "(none yet)"
    raise InvalidParameterError(f"no municipality {name!r} on this server.", field="municipality",
                                hint=f"Municipalities: {known}. Add --create-municipality to create it.")


def _user(s: Session, username: str, municipality: str | None) -> User:
    from sqlalchemy import select

    from sagsflow.meta.models import User

    q = select(User).where(User.username == username)
    q = q.where(User.municipality_id.is_(None)) if municipality is None else q.where(
        User.municipality_id == _municipality(s, municipality).id)
    found = s.scalar(q)
    if found is None:
        where = f"municipality {municipality!r}" if municipality else "the global administrators"
        raise InvalidParameterError(f"no user {username!r} in {where}.", field="username",
                                    hint="Give the user's municipality with --municipality.")
    return found


@user_app.command("create")
def create_cmd(
    username: Annotated[str, typer.Argument(help="The new user's username.")],
    role: Annotated[str, typer.Option(help="administrator, analyst, auditor or viewer.")] = "administrator",
    municipality: MunicipalityOpt = None,
    create_municipality: Annotated[bool, typer.Option(
        "--create-municipality", help="Create the municipality when the server has none of that name.")] = False,
    password_stdin: PasswordStdinOpt = False,
    database_url: DatabaseOpt = None,
    data_dir: DataDirOpt = None,
) -> None:
    """Add a user (without --municipality: a global administrator, the first account of a new server).

    The password must pass the server's password policy.
    """
    from sagsflow.meta import accounts, audit

    password = _password(password_stdin)
    db = _db(database_url, data_dir)
    try:
        with db.session() as s:
            mid = _municipality(s, municipality, create=create_municipality).id if municipality else None
            u = accounts.create_user(s, username, password, role=role, municipality_id=mid)
            audit.record(s, "user.create", username=ACTOR, object_type="user", object_id=u.id,
                         details={"username_created": u.username, "role": u.role, "municipality_id": mid})
            s.commit()
            out.print(f"created {u.role} {u.username!r} (id {u.id}"
                      f"{f', municipality {municipality}' if municipality else ', global'})",
                      highlight=False, markup=False)
    finally:
        db.dispose()


@user_app.command("password")
def password_cmd(
    username: Annotated[str, typer.Argument(help="Whose password to set.")],
    municipality: MunicipalityOpt = None,
    password_stdin: PasswordStdinOpt = False,
    database_url: DatabaseOpt = None,
    data_dir: DataDirOpt = None,
) -> None:
    """Set a user's password; ends their sessions and revokes their API tokens."""
    from sagsflow.meta import accounts, audit

    password = _password(password_stdin)
    db = _db(database_url, data_dir)
    try:
        with db.session() as s:
            u = _user(s, username, municipality)
            accounts.set_password(s, u, password)
            audit.record(s, "user.update", username=ACTOR, object_type="user", object_id=u.id,
                         details={"changes": ["password"]})
            s.commit()
            out.print(f"new password for {u.username!r}; sessions ended and API tokens revoked",
                      highlight=False, markup=False)
    finally:
        db.dispose()


@user_app.command("list")
def list_cmd(
    municipality: MunicipalityOpt = None,
    database_url: DatabaseOpt = None,
    data_dir: DataDirOpt = None,
) -> None:
    """The users (of one municipality with --municipality), one a line, tab-separated: id, username, role,
    municipality, active."""
    from sqlalchemy import select

    from sagsflow.meta.models import Municipality, User

    db = _db(database_url, data_dir)
    try:
        with db.session() as s:
            names = {m.id: m.name for m in s.scalars(select(Municipality))}
            q = select(User).order_by(User.municipality_id, User.username)
            if municipality:
                q = q.where(User.municipality_id == _municipality(s, municipality).id)
            for u in s.scalars(q):
                where = names.get(u.municipality_id, "") if u.municipality_id else "(global)"
                typer.echo(f"{u.id}\t{u.username}\t{u.role}\t{where}\t{'active' if u.active else 'inactive'}")
    finally:
        db.dispose()
