"""Keyed pseudonymisation of citizen and employee identifiers.

A pseudonym is ``prefix + the first 20 hex characters of HMAC-SHA256(key, value)``: the same key
gives the same pseudonym in every run, so tonight's extract joins yesterday's, while nobody
without the key can recompute or reverse it. Citizens get the prefix ``B-`` (borger), employees
``M-`` (medarbejder).

The key is kept outside the workspace, so a copy of the workspace does not carry it:

1. an explicit ``key`` argument, else
2. the environment variable ``SAGSFLOW_PSEUDONYM_KEY`` (hex or base64, at least 32 bytes), else
3. the file named by ``SAGSFLOW_PSEUDONYM_KEY_FILE`` (as written by ``sagsflow keygen PATH``).

Examples
--------
>>> key = bytes(range(32))
>>> pseudonym("0101901234", key, CITIZEN_PREFIX)  # doctest: +ELLIPSIS
'B-...'
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import uuid
from pathlib import Path

import duckdb
import pyarrow as pa

from sagsflow.errors import PseudonymisationKeyError, SchemaError
from sagsflow.keytext import key_bytes

CITIZEN_PREFIX = "B-"
EMPLOYEE_PREFIX = "M-"
KEY_ENV = "SAGSFLOW_PSEUDONYM_KEY"
KEY_FILE_ENV = "SAGSFLOW_PSEUDONYM_KEY_FILE"
MIN_KEY_BYTES = 32
PSEUDONYM_HEX_CHARS = 20

_HINT = (
    "Create a key once with `sagsflow keygen PATH` (keep PATH outside the workspace and back it up: "
    f"without the same key, new extracts no longer join old ones), then set {KEY_FILE_ENV}=PATH, "
    f"or put the key (hex or base64, at least {MIN_KEY_BYTES} bytes) in {KEY_ENV}."
)


def _decode(text: str, source: str) -> bytes:
    raw = key_bytes(text)
    if raw is None:
        raise PseudonymisationKeyError(
            f"the pseudonymisation key from {source} is neither hex nor base64", hint=_HINT
        )
    if len(raw) < MIN_KEY_BYTES:
        raise PseudonymisationKeyError(
            f"the pseudonymisation key from {source} is {len(raw)} bytes; at least {MIN_KEY_BYTES} "
            "bytes are needed",
            hint=_HINT,
        )
    return raw


def _is_inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def load_key(key: bytes | str | None = None, *, workspace: Path | None = None) -> bytes:
    """Find the pseudonymisation key.

    Parameters
    ----------
    key
        an explicit key: raw bytes (at least 32), or text in hex or base64.
    workspace
        the workspace directory; a key file inside it is refused.

    Returns
    -------
    bytes
        the key.

    Raises
    ------
    PseudonymisationKeyError
        when no key is found, it is too short or malformed, or the key file lies in the workspace.

    Examples
    --------
    >>> len(load_key("00" * 32))
    32
    """
    if isinstance(key, bytes):
        if len(key) < MIN_KEY_BYTES:
            raise PseudonymisationKeyError(
                f"the pseudonymisation key is {len(key)} bytes; at least {MIN_KEY_BYTES} bytes are needed",
                hint=_HINT,
            )
        return key
    if isinstance(key, str):
        return _decode(key, "the key argument")
    env = os.environ.get(KEY_ENV)
    if env:
        return _decode(env, f"the environment variable {KEY_ENV}")
    path_text = os.environ.get(KEY_FILE_ENV)
    if path_text:
        path = Path(path_text).expanduser()
        if workspace is not None and _is_inside(path, Path(workspace)):
            raise PseudonymisationKeyError(
                f"the key file {path} ({KEY_FILE_ENV}) lies inside the workspace {workspace}; a copy of "
                "the workspace would carry the key that protects it",
                hint="Move the key file outside the workspace directory and point "
                f"{KEY_FILE_ENV} to its new place.",
            )
        try:
            text = path.read_text(encoding="ascii")
        except FileNotFoundError as exc:
            raise PseudonymisationKeyError(
                f"the key file {path} named by {KEY_FILE_ENV} does not exist", hint=_HINT
            ) from exc
        except UnicodeDecodeError as exc:
            raise PseudonymisationKeyError(
                f"the key file {path} is not a text file with a hex or base64 key", hint=_HINT
            ) from exc
        return _decode(text, f"the key file {path}")
    raise PseudonymisationKeyError(
        "no pseudonymisation key: the mapping declares citizen or employee identifiers, and they are "
        "never stored in clear text",
        hint=_HINT,
    )


def generate_key(path: str | Path) -> Path:
    """Write a new random 32-byte key (hex) to ``path``, readable only by its owner (mode 0600).

    An existing file is never overwritten: losing a key means new extracts no longer join old ones.

    Examples
    --------
    >>> import tempfile, os
    >>> p = generate_key(os.path.join(tempfile.mkdtemp(), "sagsflow.key"))
    >>> oct(p.stat().st_mode & 0o777), len(load_key(p.read_text()))
    ('0o600', 32)
    """
    p = Path(path).expanduser()
    if p.exists():
        raise PseudonymisationKeyError(
            f"the key file {p} already exists; refusing to overwrite it",
            hint="Pick another path, or delete the old key only if no log needs it any more.",
        )
    p.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(secrets.token_hex(MIN_KEY_BYTES) + "\n")
    os.chmod(p, 0o600)
    return p


def pseudonym(value: str, key: bytes, prefix: str) -> str:
    """``prefix`` + the first 20 hex characters of HMAC-SHA256(key, value.strip()).

    Examples
    --------
    >>> k = b"k" * 32
    >>> pseudonym(" 42 ", k, "M-") == pseudonym("42", k, "M-")
    True
    """
    digest = hmac.new(key, value.strip().encode("utf-8"), hashlib.sha256).hexdigest()
    return prefix + digest[:PSEUDONYM_HEX_CHARS]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def pseudonym_table(con: duckdb.DuckDBPyConnection, values_sql: str, key: bytes, prefix: str) -> str:
    """Register a lookup table ``(v VARCHAR, p VARCHAR)`` from each distinct value to its pseudonym.

    ``values_sql`` is a query returning one VARCHAR column. HMACs are computed over the distinct
    values only; blank values map to NULL. Returns the name of the registered Arrow table (drop it
    with ``con.unregister(name)``).
    """
    distinct = con.sql(f"SELECT DISTINCT CAST(v AS VARCHAR) FROM ({values_sql}) AS s(v) WHERE v IS NOT NULL").fetchall()
    values = [row[0] for row in distinct]
    pseudonyms = [pseudonym(v, key, prefix) if v.strip() else None for v in values]
    name = f"__sf_pseudonyms_{uuid.uuid4().hex}"
    con.register(name, pa.table({"v": pa.array(values, pa.string()), "p": pa.array(pseudonyms, pa.string())}))
    return name


def pseudonymise_sql(
    con: duckdb.DuckDBPyConnection, table: str, column: str, key: bytes, prefix: str
) -> int:
    """Replace ``column`` of ``table`` by its pseudonyms, set-based; returns the number of distinct values.

    The column becomes VARCHAR. Blank values become NULL.

    Examples
    --------
    >>> import duckdb
    >>> con = duckdb.connect()
    >>> _ = con.execute("CREATE TABLE t AS SELECT * FROM (VALUES ('a'), ('a'), ('b')) v(x)")
    >>> pseudonymise_sql(con, "t", "x", b"k" * 32, "B-")
    2
    >>> con.execute("SELECT count(DISTINCT x), min(x) LIKE 'B-%' FROM t").fetchone()
    (2, True)
    """
    types = dict(con.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ?", [table]
    ).fetchall())
    if column not in types:
        raise SchemaError(
            f"table {table!r} has no column {column!r}; available: {', '.join(types) or '(none)'}"
        )
    col = _quote(column)
    tbl = _quote(table)
    if types[column] != "VARCHAR":
        con.execute(f"ALTER TABLE {tbl} ALTER {col} TYPE VARCHAR")
    lookup = pseudonym_table(con, f"SELECT {col} FROM {tbl}", key, prefix)
    try:
        n = con.execute(f"SELECT count(*) FROM {lookup}").fetchall()[0]
        con.execute(f"UPDATE {tbl} SET {col} = m.p FROM {lookup} AS m WHERE {tbl}.{col} = m.v")
    finally:
        con.unregister(lookup)
    return int(n[0]) if n else 0
