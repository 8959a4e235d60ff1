"""Small hand-made logs for the compliance tests, written through the CSV reader."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

import sagsflow
from sagsflow.log import EventLog
from sagsflow.store.workspace import Workspace

_counter = itertools.count()

Row = tuple[str, str, str] | tuple[str, str, str, str]


def write_log(ws: Workspace, tmp: Path, rows: Sequence[Row], case_attrs: dict[str, dict[str, str]] | None = None,
              event_attrs: dict[int, dict[str, str]] | None = None, name: str | None = None) -> EventLog:
    """A log from rows ``(case, activity, 'YYYY-MM-DD[ HH:MM]'[, resource])`` (times are Copenhagen time).

    ``case_attrs`` gives case attributes per case id; ``event_attrs`` event attributes per row number.
    """
    case_attrs = case_attrs or {}
    event_attrs = event_attrs or {}
    ccols = sorted({k for v in case_attrs.values() for k in v})
    ecols = sorted({k for v in event_attrs.values() for k in v})
    header = ["case", "activity", "time", "resource", *ccols, *ecols]
    lines = [",".join(header)]
    for i, r in enumerate(rows):
        res = r[3] if len(r) > 3 else ""  # type: ignore[misc]
        vals = [r[0], r[1], r[2], res, *(case_attrs.get(r[0], {}).get(c, "") for c in ccols),
                *(event_attrs.get(i, {}).get(c, "") for c in ecols)]
        lines.append(",".join(vals))
    n = next(_counter)
    path = tmp / f"log{n}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    columns = {c: {"level": "case"} for c in ccols} | {c: {"level": "event"} for c in ecols}
    mapping = {"case_id": "case", "activity": "activity", "timestamp": {"column": "time", "format": "auto"},
               "resource": {"column": "resource", "data_class": "process"},
               "timezone": "Europe/Copenhagen", "columns": columns}
    return sagsflow.read_csv(path, mapping=mapping, workspace=ws, log=name or f"t{n}")


@pytest.fixture
def make_log(workspace: Workspace, tmp_path: Path) -> Callable[..., EventLog]:
    def make(rows: Sequence[Row], **kw: object) -> EventLog:
        return write_log(workspace, tmp_path, rows, **kw)  # type: ignore[arg-type]

    return make
