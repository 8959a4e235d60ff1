"""``sagsflow user``: the first administrator of a new server and password resets from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from sagsflow.cli.app import app
from sagsflow.errors import InvalidParameterError
from sagsflow.meta import accounts
from sagsflow.meta.db import MetaDB, default_url
from sagsflow.meta.models import ApiToken, AuditEntry

runner = CliRunner()
PASSWORD = "Blå hest i Vejle 1987"


def _run(tmp_path: Path, *args: str, password: str | None = PASSWORD) -> object:
    extra = ["--password-stdin"] if password is not None else []
    return runner.invoke(app, ["user", *args, *extra, "--data-dir", str(tmp_path)],
                         input=None if password is None else password + "\n")


def test_a_new_server_gets_its_first_administrator_who_can_log_in(tmp_path: Path) -> None:
    r = _run(tmp_path, "create", "root")
    assert r.exit_code == 0, r.output  # type: ignore[attr-defined]
    assert "global" in r.output  # type: ignore[attr-defined]
    db = MetaDB(default_url(tmp_path))
    try:
        with db.session() as s:
            u = accounts.authenticate(s, "root", PASSWORD)
            assert u is not None and u.role == "administrator" and u.municipality_id is None
            entries = s.scalars(select(AuditEntry).where(AuditEntry.action == "user.create")).all()
            assert [(e.username, e.details["username_created"]) for e in entries] == [("cli", "root")]
    finally:
        db.dispose()
    verified = runner.invoke(app, ["audit", "verify", "--data-dir", str(tmp_path)])
    assert verified.exit_code == 0, verified.output  # the CLI's entries are links of the chain


def test_users_of_a_municipality_weak_passwords_and_unknown_municipalities(tmp_path: Path) -> None:
    r = _run(tmp_path, "create", "ana", "--role", "analyst", "--municipality", "Vejle")
    assert isinstance(r.exception, InvalidParameterError)  # type: ignore[attr-defined]
    assert "no municipality 'Vejle'" in str(r.exception) and "--create-municipality" in r.exception.hint  # type: ignore[attr-defined]
    r = _run(tmp_path, "create", "ana", "--role", "analyst", "--municipality", "Vejle", "--create-municipality")
    assert r.exit_code == 0, r.output  # type: ignore[attr-defined]
    weak = _run(tmp_path, "create", "bo", "--role", "viewer", "--municipality", "Vejle", password="aaaaaaaaaaaa")
    assert isinstance(weak.exception, InvalidParameterError)  # type: ignore[attr-defined]
    listed = runner.invoke(app, ["user", "list", "--data-dir", str(tmp_path)])
    assert listed.exit_code == 0 and "ana\tanalyst\tVejle\tactive" in listed.output
    assert "bo" not in listed.output


def test_a_new_password_from_the_command_line_revokes_sessions_and_tokens(tmp_path: Path) -> None:
    assert _run(tmp_path, "create", "ana", "--role", "analyst", "-m", "Vejle", "--create-municipality").exit_code == 0  # type: ignore[attr-defined]
    db = MetaDB(default_url(tmp_path))
    try:
        with db.session() as s:
            u = accounts.authenticate(s, "ana", PASSWORD)
            assert u is not None
            accounts.create_token(s, u, "script")
            s.commit()
        new = "Grøn cykel ved Gudenåen 2031"
        r = _run(tmp_path, "password", "ana", "-m", "Vejle", password=new)
        assert r.exit_code == 0, r.output  # type: ignore[attr-defined]
        with db.session() as s:
            assert accounts.authenticate(s, "ana", PASSWORD) is None
            assert accounts.authenticate(s, "ana", new) is not None
            assert all(t.revoked for t in s.scalars(select(ApiToken)))
        wrong = _run(tmp_path, "password", "ana", password=new)  # not a global administrator
        assert isinstance(wrong.exception, InvalidParameterError)  # type: ignore[attr-defined]
    finally:
        db.dispose()


def test_the_password_is_never_an_argument(tmp_path: Path) -> None:
    r = runner.invoke(app, ["user", "create", "root", "--password", PASSWORD, "--data-dir", str(tmp_path)])
    assert r.exit_code != 0 and "No such option" in r.output


@pytest.mark.parametrize("given", ["", "one\ntwo\n"])
def test_an_empty_or_mismatched_password_is_refused(tmp_path: Path, given: str,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    if given:  # asked twice without echo, two different answers
        answers = iter(given.splitlines())
        monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
        r = runner.invoke(app, ["user", "create", "root", "--data-dir", str(tmp_path)])
        assert isinstance(r.exception, InvalidParameterError) and "differ" in str(r.exception)
    else:
        r = runner.invoke(app, ["user", "create", "root", "--password-stdin", "--data-dir", str(tmp_path)], input="")
        assert isinstance(r.exception, InvalidParameterError) and "empty" in str(r.exception)
