"""Small synthetic logs for the prediction tests, written through the store API."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa

from sagsflow.log import EventLog
from sagsflow.schema import Column, DataClass, LogSchema
from sagsflow.store.workspace import Workspace

SCHEMA = LogSchema(
    role_classes={"resource": DataClass.EMPLOYEE_ID},
    attributes=(
        Column(name="kommune", level="case"),
        Column(name="koen", level="case", data_class=DataClass.PERSONAL_ATTRIBUTE),
        Column(name="alder", level="case", data_class=DataClass.PERSONAL_ATTRIBUTE),
        Column(name="borger", level="case", data_class=DataClass.CITIZEN_ID),
        Column(name="notat", level="event", data_class=DataClass.FREE_TEXT),
    ),
)


def write_events(ws: Workspace, name: str, rows: Sequence[tuple[str, str, float]], schema: LogSchema = SCHEMA,
                 attrs: dict[str, dict[str, str]] | None = None) -> EventLog:
    """Rows of (case_id, activity, day offset from 2024-01-01); case attributes by case id."""
    attrs = attrs or {}
    cases = [r[0] for r in rows]
    base = np.datetime64("2024-01-01T08:00:00", "us").astype(np.int64)
    ts = np.array([base + int(r[2] * 86_400_000_000) for r in rows], dtype=np.int64)
    n = len(rows)
    cols: dict[str, pa.Array] = {
        "case_id": pa.array(cases, pa.string()),
        "activity": pa.array([r[1] for r in rows], pa.string()),
        "timestamp": pa.array(ts, pa.timestamp("us", tz="UTC")),
        "start_timestamp": pa.nulls(n, pa.timestamp("us", tz="UTC")),
        "resource": pa.array([f"r{i % 7}" for i in range(n)], pa.string()),
        "lifecycle": pa.nulls(n, pa.string()),
        "registration_timestamp": pa.nulls(n, pa.timestamp("us", tz="UTC")),
        "sequence": pa.nulls(n, pa.int64()),
        "src_row": pa.array(np.arange(1, n + 1), pa.int64()),
    }
    for c in schema.attributes:
        if c.level == "case":
            cols[c.name] = pa.array([attrs.get(k, {}).get(c.name, "x") for k in cases], pa.string())
        else:
            cols[c.name] = pa.array(["note"] * n, pa.string())
    ws.con.register("__t_arrow", pa.table(cols))
    ws.con.execute("CREATE OR REPLACE TEMP TABLE __t_staged AS SELECT * FROM __t_arrow")
    ws.con.unregister("__t_arrow")
    ws.write_log(name, "__t_staged", schema, mode="replace")
    return ws.log(name)


def process_log(ws: Workspace, name: str = "synth", n_cases: int = 600, seed: int = 1,
                tiny_group: bool = True) -> EventLog:
    """A jobcentre-like process with a learnable structure.

    Each case: Ansøgning (or Genansøgning, three times slower), Samtale (1-4 times), then
    Bevilling (fast) or Afslag (slow, and then Klage in 40 % of cases), Afsluttet. Cases start
    every ~0.5 day. Gender and age band are independent of the path; one age band has only 3
    cases (to test hiding small groups).
    """
    rng = np.random.default_rng(seed)
    rows: list[tuple[str, str, float]] = []
    attrs: dict[str, dict[str, str]] = {}
    for i in range(n_cases):
        cid = f"c{i:04d}"
        t = i * 0.5
        slow = rng.random() < 0.5  # a repeated application is handled three times slower
        s = 3.0 if slow else 1.0
        rows.append((cid, "Genansøgning" if slow else "Ansøgning", t))
        n_talk = int(rng.integers(1, 5))
        for _ in range(n_talk):
            t += rng.exponential(3.0) * s
            rows.append((cid, "Samtale", t))
        if rng.random() < 0.5:
            t += (rng.exponential(2.0) + n_talk) * s
            rows.append((cid, "Bevilling", t))
        else:
            t += (rng.exponential(10.0) + 5 * n_talk) * s
            rows.append((cid, "Afslag", t))
            if rng.random() < 0.4:
                t += rng.exponential(5.0)
                rows.append((cid, "Klage", t))
        t += rng.exponential(1.0)
        rows.append((cid, "Afsluttet", t))
        band = "90+" if tiny_group and i in (5, 300, 590) else ("18-29" if rng.random() < 0.5 else "30-49")
        attrs[cid] = {"kommune": "Søby" if i % 2 else "Åkjær", "koen": "K" if rng.random() < 0.5 else "M",
                      "alder": band, "borger": f"b{i}"}
    return write_events(ws, name, rows, attrs=attrs)
