"""Outputs by role: case identifiers in scored lists and exports are pseudonymised unless the reader has case
access and the purpose of every registration used needs the case identified.

The pseudonym is ``P-`` + 16 hex characters of an HMAC of the case id under a random secret kept in the workspace
(``sf_secrets``): the same case gets the same pseudonym in every list and export of the workspace (so a list can be
followed up from day to day), and nobody without the workspace can map it back to the case.

Examples
--------
>>> import pandas as pd
>>> from sagsflow.store.workspace import Workspace
>>> ws = Workspace.memory()
>>> t = pd.DataFrame({"case_id": ["DP-923-000083", "DP-923-000084"], "risk": [0.9, 0.2]})
>>> out = release_case_ids(t, ws, identify=False)
>>> bool(out["case_id"].str.startswith("P-").all()), bool((out["case_id"] != t["case_id"]).all())
(True, True)
>>> release_case_ids(t, ws, identify=True)["case_id"].tolist()
['DP-923-000083', 'DP-923-000084']
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

from sagsflow.store.workspace import fetch_value

if TYPE_CHECKING:
    from sagsflow.legal.registration import Registration
    from sagsflow.store.workspace import Workspace

PREFIX = "P-"
_NAME = "case_pseudonyms"


def _secret(ws: Workspace) -> bytes:
    ws.con.execute("CREATE TABLE IF NOT EXISTS sf_secrets (name VARCHAR PRIMARY KEY, value VARCHAR)")
    value = fetch_value(ws.con, "SELECT value FROM sf_secrets WHERE name = ?", [_NAME])
    if value is None:
        with ws.transaction() as con:
            con.execute("INSERT OR IGNORE INTO sf_secrets VALUES (?, ?)", [_NAME, secrets.token_hex(32)])
        value = fetch_value(ws.con, "SELECT value FROM sf_secrets WHERE name = ?", [_NAME])
    return bytes.fromhex(str(value))


def case_pseudonym(case_id: str, key: bytes) -> str:
    return PREFIX + hmac.new(key, str(case_id).encode("utf-8"), hashlib.sha256).hexdigest()[:16]


def identifies_cases(sees_cases: bool, registrations: Sequence[Registration]) -> bool:
    """Whether a reader gets case identifiers in clear: case access, and every registration's purpose needs it."""
    return bool(sees_cases and registrations and all(r.identify_cases for r in registrations))


def release_case_ids(table: pd.DataFrame, ws: Workspace, *, identify: bool, column: str = "case_id"
                     ) -> pd.DataFrame:
    """``table`` with ``column`` replaced by pseudonyms unless ``identify`` (a new frame; the input is kept)."""
    if identify or column not in table.columns:
        return table
    key = _secret(ws)
    out = table.copy()
    out[column] = [case_pseudonym(c, key) if c is not None else None for c in table[column].astype(object)]
    return out
