"""Encryption at rest of the event store: the raw workspace files are unreadable without the key.

DuckDB writes encrypted files only with its httpfs extension (OpenSSL) loaded: the pinned DuckDB 1.5.5 gets it from
the ``duckdb-extension-httpfs`` package (pyproject.toml, docs/dpia.md). These tests write with that real build;
without it (a DuckDB with no httpfs build, e.g. 2.0) a key is refused, which the first test shows by hiding it."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

import sagsflow.cli.legal  # noqa: F401  (registers the commands)
from sagsflow.cli.app import app
from sagsflow.legal.dpia import configuration, write_document
from sagsflow.store import encryption
from sagsflow.store.encryption import EncryptionUnavailableError, WorkspaceKeyError
from sagsflow.store.workspace import Workspace
from tests.predict.synth import process_log

KEY, OTHER = "cd" * 32, "ef" * 32
SECRETS = (b"Samtale", b"Bevilling", b"Afslag", b"Ans\xc3\xb8gning", b"c0042", b"c0123")


def _httpfs_loadable() -> bool:
    con = duckdb.connect()
    try:
        encryption.enable_writes(con)
        return True
    except EncryptionUnavailableError:
        return False
    finally:
        con.close()


@pytest.fixture
def httpfs() -> None:
    """Encrypted writes with DuckDB's httpfs build, never a test-only switch: the pinned dependencies carry it."""
    assert _httpfs_loadable(), (f"no httpfs build loads for DuckDB {duckdb.__version__}: install the pinned "
                                "duckdb-extension-httpfs (make install)")


def _raw(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def test_without_httpfs_a_key_is_refused_with_the_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(encryption, "_load_httpfs", lambda con: False)  # as with DuckDB 2.0: no build for it
    monkeypatch.setenv(encryption.KEY_ENV, KEY)
    with pytest.raises(EncryptionUnavailableError, match=f"DuckDB {duckdb.__version__} cannot write encrypted"):
        Workspace.open(tmp_path / "ws")
    assert not (tmp_path / "ws" / "events.duckdb").exists()


def test_the_raw_files_are_unreadable_without_the_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      httpfs: None, key_env: str) -> None:
    folder = tmp_path / "ws"
    monkeypatch.setenv(encryption.KEY_ENV, KEY)
    with Workspace.open(folder) as ws:
        process_log(ws, n_cases=300)
        n = ws.log("synth").n_events
        ws.con.execute("CHECKPOINT")
    raw = _raw(folder)
    assert len(raw) > 100_000 and not [s for s in SECRETS if s in raw]
    # the same log in a plain workspace shows them: the test can fail
    monkeypatch.delenv(encryption.KEY_ENV)
    with Workspace.open(tmp_path / "plain") as plain:
        process_log(plain, n_cases=300)
        plain.con.execute("CHECKPOINT")
        assert "(not encrypted at rest)" in write_document(configuration(plain), "dpia", lang="en")
    assert all(s in _raw(tmp_path / "plain") for s in SECRETS[:3])

    # without the key, or with another, the workspace does not open
    with pytest.raises(WorkspaceKeyError, match="encrypted and no workspace key is set"):
        Workspace.open(folder)
    with pytest.raises(duckdb.Error):
        duckdb.connect(str(folder / "events.duckdb"), read_only=True)
    monkeypatch.setenv(encryption.KEY_ENV, OTHER)
    with pytest.raises(WorkspaceKeyError, match="does not open"):
        Workspace.open(folder)
    # a plain workspace is not opened as if it were protected
    with pytest.raises(WorkspaceKeyError, match="not encrypted"):
        Workspace.open(tmp_path / "plain")

    # with the key: the library, a reader (the server's per-request view) and raw cursors read it
    monkeypatch.setenv(encryption.KEY_ENV, KEY)
    with Workspace.open(folder) as ws:
        assert ws.log("synth").n_events == n
        # written with OpenSSL (httpfs), not DuckDB's read-only built-in module
        assert ws.con.execute("SELECT loaded FROM duckdb_extensions() WHERE extension_name = 'httpfs'"
                              ).fetchall() == [(True,)]
        view = ws.reader()
        assert view.log("synth").n_events == n
        view.close()
        assert ws.con.cursor().execute("SELECT count(*) FROM sf_logs").fetchall() == [(1,)]
        # spills go beside the store, encrypted
        assert ws.con.execute("SELECT current_setting('temp_directory'), current_setting('temp_file_encryption')"
                              ).fetchall() == [(str(folder / "events.duckdb.tmp"), True)]
        # the DPIA lists the measure as in force and no longer names the loss of the files as a risk
        doc = write_document(configuration(ws), "dpia", lang="en")
        assert "(not encrypted at rest)" not in doc
        assert "| Encryption at rest of the event store (key outside the workspace) | in force |" in doc
    with Workspace.open(folder, read_only=True) as ro:
        assert ro.log("synth").n_events == n


def test_key_rotation_and_the_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, httpfs: None,
                                  key_env: str) -> None:
    folder = tmp_path / "ws"
    with Workspace.open(folder) as ws:  # made plain, then encrypted by the CLI
        process_log(ws, n_cases=120)
    runner = CliRunner()
    monkeypatch.setenv(encryption.KEY_ENV, KEY)
    r = runner.invoke(app, ["encryption", "status", "-w", str(folder)])
    assert r.exit_code == 0 and "not encrypted; workspace key set" in " ".join(r.output.split()), r.output
    r = runner.invoke(app, ["encryption", "encrypt", "-w", str(folder)])
    assert r.exit_code == 0, r.output
    assert not [s for s in SECRETS[:3] if s in _raw(folder)]
    status = runner.invoke(app, ["encryption", "status", "-w", str(folder)]).output
    assert ": encrypted; workspace key set" in " ".join(status.split()), status

    new = tmp_path / "keys" / "new.key"
    r = runner.invoke(app, ["keygen", "--for", "workspace", str(new)])
    assert r.exit_code == 0 and f"SAGSFLOW_WORKSPACE_KEY_FILE={new}" in "".join(r.output.split()), r.output
    assert len(bytes.fromhex(new.read_text(encoding="ascii").strip())) == 32 and new.stat().st_mode & 0o077 == 0
    r = runner.invoke(app, ["encryption", "rotate", "--new-key-file", str(new), "-w", str(folder)])
    assert r.exit_code == 0, r.output
    with pytest.raises(WorkspaceKeyError):
        Workspace.open(folder)  # the old key no longer opens it
    monkeypatch.delenv(encryption.KEY_ENV)
    monkeypatch.setenv(encryption.KEY_FILE_ENV, str(new))
    with Workspace.open(folder) as ws:
        assert ws.log("synth").n_cases == 120
    # a key file inside the workspace is refused
    inside = folder / "key"
    inside.write_text(new.read_text(encoding="ascii"), encoding="ascii")
    monkeypatch.setenv(encryption.KEY_FILE_ENV, str(inside))
    with pytest.raises(WorkspaceKeyError, match="inside the workspace"):
        Workspace.open(folder)
    inside.unlink()
    # decrypt: no key needed afterwards
    monkeypatch.setenv(encryption.KEY_FILE_ENV, str(new))
    assert runner.invoke(app, ["encryption", "rotate", "-w", str(folder)]).exit_code == 0
    monkeypatch.delenv(encryption.KEY_FILE_ENV)
    with Workspace.open(folder) as ws:
        assert ws.log("synth").n_cases == 120


def test_a_parquet_store_of_an_encrypted_workspace_needs_consent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                httpfs: None, key_env: str) -> None:
    """The Spark engine's Parquet store is a plain copy: from an encrypted workspace it is refused unless the caller
    says the storage protects it (docs/engines.md)."""
    from sagsflow.errors import DisclosureError
    from sagsflow.store.parquet import export_log

    monkeypatch.setenv(encryption.KEY_ENV, KEY)
    with Workspace.open(tmp_path / "ws") as ws:
        process_log(ws, n_cases=50)
        with pytest.raises(DisclosureError, match="would be an unencrypted copy"):
            export_log(ws, "synth", tmp_path / "store")
        assert not (tmp_path / "store" / "synth").exists()
        written = export_log(ws, "synth", tmp_path / "store", unencrypted_ok=True)
    assert (written / "events.parquet").stat().st_size > 0
