"""Tiny hand-made logs for the quality-report tests, written straight into a workspace."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pyarrow as pa

from sagsflow.log import EventLog
from sagsflow.schema import ROLES, Column, DataClass, LogSchema
from sagsflow.store.workspace import Workspace

CPH = ZoneInfo("Europe/Copenhagen")
TIME_ROLES = ("timestamp", "start_timestamp", "registration_timestamp")


def local(text: str) -> datetime:
    """'2024-03-04 09:15' in Copenhagen time (or with an explicit offset) as an aware datetime."""
    t = datetime.fromisoformat(text)
    return t if t.tzinfo else t.replace(tzinfo=CPH)


def build_log(ws: Workspace, rows: list[dict[str, Any]], *, name: str = "t",
              attributes: Iterable[Column] = ()) -> EventLog:
    """Store ``rows`` (dicts with role and attribute names; times as text in Copenhagen time) as a log."""
    attributes = tuple(attributes)
    data: dict[str, list[Any]] = {r: [] for r in ROLES}
    data.update({c.name: [] for c in attributes})
    for row in rows:
        for key in data:
            v = row.get(key)
            data[key].append(local(v) if key in TIME_ROLES and isinstance(v, str) else v)
    types = {r: pa.string() for r in ROLES}
    types.update({t: pa.timestamp("us", tz="UTC") for t in TIME_ROLES})
    types["sequence"] = pa.int64()
    for c in attributes:
        types[c.name] = {"BIGINT": pa.int64(), "DOUBLE": pa.float64()}.get(c.dtype, pa.string())
    table = pa.table({k: pa.array(v, type=types[k]) for k, v in data.items()})
    table = table.append_column("src_row", pa.array(range(1, len(rows) + 1), type=pa.int64()))
    con = ws.con
    con.register("__arrow_rows", table)
    con.execute("CREATE OR REPLACE TEMP TABLE __staged AS SELECT * FROM __arrow_rows")
    con.unregister("__arrow_rows")
    roles = {r: r for r in ROLES if any(v is not None for v in data[r])}
    schema = LogSchema(roles=roles, role_classes={"resource": DataClass.EMPLOYEE_ID}, attributes=attributes)
    ws.write_log(name, "__staged", schema, mode="replace")
    con.execute("DROP TABLE __staged")
    return ws.log(name)


def clean_rows(n_cases: int = 30, *, start: str = "2024-02-05 08:30") -> list[dict[str, Any]]:
    """A clean log: every case Modtaget -> Vurderet -> Afgjort at distinct times of day, by several people."""
    rows: list[dict[str, Any]] = []
    t0 = local(start)
    for c in range(n_cases):
        t = t0 + timedelta(days=c % 20, minutes=7 * c)
        for k, act in enumerate(("Modtaget", "Vurderet", "Afgjort")):
            ts = t + timedelta(days=2 * k, hours=k, minutes=13 * k)
            rows.append({"case_id": f"C{c:03d}", "activity": act, "timestamp": ts.isoformat(),
                         "resource": f"R{(c + k) % 4}", "registration_timestamp": (ts + timedelta(hours=2)).isoformat(),
                         "sequence": k + 1, "kanal": "digital" if c % 2 else "papir"})
    return rows


#: "kanal" (channel) is an event attribute of the clean rows
KANAL = Column(name="kanal", level="event", dtype="VARCHAR")


def set_time(row: dict[str, Any], ts: datetime | str, *, registration_delay: timedelta | None = timedelta(hours=2)
             ) -> dict[str, Any]:
    """A copy of ``row`` at time ``ts``, registered ``registration_delay`` later (None: no registration time)."""
    t = local(ts) if isinstance(ts, str) else ts
    out = {**row, "timestamp": t.isoformat()}
    out["registration_timestamp"] = None if registration_delay is None else (t + registration_delay).isoformat()
    return out


NOW = datetime(2025, 1, 1, tzinfo=ZoneInfo("UTC"))
