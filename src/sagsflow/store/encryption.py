"""Encryption at rest of a workspace's event store (DuckDB's encrypted database files, AES-GCM).

Off unless a workspace key is configured, outside the workspace (like the pseudonymisation key):

1. the environment variable ``SAGSFLOW_WORKSPACE_KEY`` (hex or base64, at least 32 bytes), else
2. the file named by ``SAGSFLOW_WORKSPACE_KEY_FILE`` (``sagsflow keygen --for workspace PATH`` writes one; a file
   inside the workspace is refused: a copy of the workspace would carry its key).

With a key, :meth:`sagsflow.store.workspace.Workspace.open` attaches ``events.duckdb`` with
``ENCRYPTION_KEY`` and makes it the default database of the connection and of every cursor; a new workspace is
created encrypted; a plain workspace is refused (``sagsflow encryption encrypt`` converts it once;
``sagsflow encryption rotate`` changes the key: :func:`rotate`). Without a key, an encrypted workspace is refused
with what to set.

DuckDB writes encrypted files only with its ``httpfs`` extension (OpenSSL) loaded; its built-in crypto module is
read-only. :func:`enable_writes` loads ``httpfs`` (installed, or from the ``duckdb-extension-httpfs`` package when
its build matches the DuckDB in use) and otherwise refuses with :class:`EncryptionUnavailableError`: never the
insecure fallback DuckDB offers (``force_mbedtls_unsafe``). See docs/dpia.md for the versions checked.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import Any

import duckdb

from sagsflow.errors import SagsflowError
from sagsflow.keytext import key_bytes

KEY_ENV = "SAGSFLOW_WORKSPACE_KEY"
KEY_FILE_ENV = "SAGSFLOW_WORKSPACE_KEY_FILE"
#: the name of the attached event store when it is encrypted
CATALOG = "sf_ws"

_HINT = (f"Create a key once with `sagsflow keygen --for workspace PATH` (keep PATH outside the workspace and back "
         f"it up: the workspace cannot be read without it), then set {KEY_FILE_ENV}=PATH or put the key (hex or "
         f"base64, at least 32 bytes) in {KEY_ENV}.")

#: tests only: let DuckDB write with its read-only crypto module (not secure; never set by configuration)
_UNSAFE_FOR_TESTS = False


class WorkspaceKeyError(SagsflowError):
    """The workspace key is missing, malformed, inside the workspace, or wrong."""


class EncryptionUnavailableError(SagsflowError):
    """A workspace key is set but this DuckDB cannot write encrypted files (no ``httpfs`` build for it)."""


def _decode(text: str, source: str) -> bytes:
    raw = key_bytes(text)
    if raw is None or len(raw) < 32:
        raise WorkspaceKeyError(f"the workspace key from {source} is not hex or base64 of at least 32 bytes.",
                                hint=_HINT)
    return raw


def workspace_key(key: bytes | str | None = None, *, workspace: Path | None = None) -> bytes | None:
    """The workspace key: ``key`` when given, else from the environment (None: encryption at rest is off).

    Examples
    --------
    >>> len(workspace_key("00" * 32) or b"")
    32
    """
    if isinstance(key, bytes):
        if len(key) < 32:
            raise WorkspaceKeyError(f"the workspace key is {len(key)} bytes; at least 32 are needed.", hint=_HINT)
        return key
    if isinstance(key, str):
        return _decode(key, "the key argument")
    if os.environ.get(KEY_ENV):
        return _decode(os.environ[KEY_ENV], f"the environment variable {KEY_ENV}")
    path_text = os.environ.get(KEY_FILE_ENV)
    if not path_text:
        return None
    path = Path(path_text).expanduser()
    if workspace is not None and path.resolve().is_relative_to(Path(workspace).resolve()):
        raise WorkspaceKeyError(f"the key file {path} ({KEY_FILE_ENV}) lies inside the workspace {workspace}; a "
                                "copy of the workspace would carry the key that protects it.",
                                hint=f"Move the key file outside the workspace and point {KEY_FILE_ENV} to it.")
    try:
        return _decode(path.read_text(encoding="ascii"), f"the key file {path}")
    except (OSError, UnicodeDecodeError):
        raise WorkspaceKeyError(f"cannot read the key file {path} named by {KEY_FILE_ENV}.", hint=_HINT) from None


def enable_writes(con: duckdb.DuckDBPyConnection) -> None:
    """Make ``con`` able to write encrypted files: load ``httpfs`` (OpenSSL), or refuse.

    Raises
    ------
    EncryptionUnavailableError
        No ``httpfs`` build for this DuckDB is installed (``INSTALL httpfs`` where the extension repository can
        be reached, or the ``duckdb-extension-httpfs`` package of the same version as DuckDB).
    """
    if _UNSAFE_FOR_TESTS:
        con.execute("SET force_mbedtls_unsafe = 'true'")
        return
    try:
        con.execute("LOAD httpfs")
        return
    except duckdb.Error:
        pass
    # The httpfs build a `duckdb-extension-httpfs` package of the same version as DuckDB carries. Found, not
    # imported: it is no dependency (it pins its own DuckDB version, and none exists for DuckDB 2; docs/dpia.md).
    spec = importlib.util.find_spec("duckdb_extension_httpfs")
    found: list[Path] = []
    if spec is not None and spec.origin:
        base = Path(spec.origin).parent / "extensions" / f"v{duckdb.__version__}"
        found = sorted(base.rglob("httpfs.duckdb_extension"))
    for path in found:
        try:
            con.execute(f"LOAD '{str(path).replace(chr(39), chr(39) * 2)}'")
            return
        except duckdb.Error:
            continue
    raise EncryptionUnavailableError(
        f"a workspace key is set, but DuckDB {duckdb.__version__} cannot write encrypted files here: its built-in "
        "crypto module is read-only and its httpfs extension (OpenSSL) is not installed for this version.",
        hint=f"Install httpfs for DuckDB {duckdb.__version__} (`INSTALL httpfs` where DuckDB's extension "
             "repository can be reached, or the duckdb-extension-httpfs package of the same version), or unset "
             f"{KEY_ENV}/{KEY_FILE_ENV} and encrypt the disk instead. See docs/dpia.md.")


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def is_encrypted(db_file: Path) -> bool:
    """Whether a DuckDB file is encrypted (read from its header, without a key)."""
    try:
        duckdb.connect(str(db_file), read_only=True).close()
    except duckdb.Error as exc:
        if "encrypt" in str(exc).lower():
            return True
        raise
    return False


class Connection:
    """A connection whose default database is the attached encrypted event store, for it and for every cursor
    made from it (DuckDB's ``USE`` holds per cursor). Everything else is the DuckDB connection's."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con

    def cursor(self) -> Connection:
        cur = self._con.cursor()
        cur.execute(f"USE {CATALOG}")
        return Connection(cur)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)


def encrypted(ws: Any) -> bool:
    """Whether the workspace ``ws`` is open on an encrypted event store (for the DPIA's measures in force)."""
    return isinstance(getattr(ws, "con", None), Connection)


def connect(db_file: Path, *, read_only: bool = False, key: bytes | None = None) -> Any:
    """Open the event store ``db_file``: plain without a key, attached with ``ENCRYPTION_KEY`` with one.

    Raises
    ------
    WorkspaceKeyError
        An encrypted store without a key, a plain store with a key, or the wrong key.
    EncryptionUnavailableError
        A key, but no way to write encrypted files (:func:`enable_writes`).
    """
    exists = db_file.exists()
    if key is None:
        try:
            return duckdb.connect(str(db_file), read_only=read_only)
        except duckdb.Error as exc:
            if "encrypt" in str(exc).lower():
                raise WorkspaceKeyError(f"the workspace {db_file.parent} is encrypted and no workspace key is set.",
                                        hint=_HINT) from None
            raise
    if exists and not is_encrypted(db_file):
        raise WorkspaceKeyError(
            f"a workspace key is set but the workspace {db_file.parent} is not encrypted.",
            hint="Encrypt it once with `sagsflow encryption encrypt -w PATH` (the key set now), or unset "
                 f"{KEY_ENV}/{KEY_FILE_ENV} to use it unencrypted.")
    con = duckdb.connect()
    try:
        if not read_only:
            enable_writes(con)
        mode = ", READ_ONLY" if read_only else ""
        try:
            con.execute(f"ATTACH {_lit(str(db_file))} AS {CATALOG} (ENCRYPTION_KEY {_lit(key.hex())}{mode})")
        except duckdb.Error as exc:
            if "key" in str(exc).lower() or "encrypt" in str(exc).lower():
                raise WorkspaceKeyError(f"the workspace key does not open {db_file.parent}: {exc}",
                                        hint="Set the key the workspace was encrypted with.") from None
            raise
        con.execute(f"USE {CATALOG}")
        # what DuckDB spills to disk is encrypted too, in the place a plain workspace spills to
        con.execute(f"SET temp_directory = {_lit(str(db_file) + '.tmp')}")
        con.execute("SET temp_file_encryption = true")
    except BaseException:
        con.close()
        raise
    return Connection(con)


def rotate(db_file: Path, *, old_key: bytes | None, new_key: bytes | None) -> None:
    """Write the event store again under ``new_key`` (None: unencrypted) from ``old_key`` (None: it is plain):
    encrypt a plain workspace, change the key, or decrypt. The new file replaces the old one only when complete;
    nobody may have the workspace open meanwhile (DuckDB's file lock refuses otherwise)."""
    tmp = db_file.with_name(db_file.name + ".rotating")
    tmp.unlink(missing_ok=True)
    con = duckdb.connect()
    try:
        if new_key is not None:
            enable_writes(con)
        src = f" (ENCRYPTION_KEY {_lit(old_key.hex())}, READ_ONLY)" if old_key else " (READ_ONLY)"
        dst = f" (ENCRYPTION_KEY {_lit(new_key.hex())})" if new_key else ""
        try:
            con.execute(f"ATTACH {_lit(str(db_file))} AS sf_old{src}")
        except duckdb.Error as exc:
            raise WorkspaceKeyError(f"cannot open {db_file.parent} with the old key: {exc}",
                                    hint="Give the key the workspace is encrypted with now.") from None
        con.execute(f"ATTACH {_lit(str(tmp))} AS sf_new{dst}")
        con.execute("COPY FROM DATABASE sf_old TO sf_new")
        con.execute("DETACH sf_new")
        con.execute("DETACH sf_old")
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        raise
    con.close()
    wal = db_file.with_name(db_file.name + ".wal")
    wal.unlink(missing_ok=True)
    os.replace(tmp, db_file)
