"""Real logs with dirty dates, compared with PM4Py on the same period-filtered log.

BPIC15_3 holds one event on 1 January 2010 (a default date) and one in May 2010, months before the municipality's
system started in October 2010; an analyst sets the period to begin on 2010-10-01. Sepsis gets system default dates
(1900, 2099, 1970) written into ten of its events; the derived period drops them. In both, the analyses see exactly
the events PM4Py keeps with ``filter_time_range`` over the period, the quality report names the same events, and
``include_quarantined`` brings them back.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

import sagsflow
from sagsflow.analysis.dfg import discover_dfg
from sagsflow.plausible import set_plausible_window
from sagsflow.quality import quality_report
from sagsflow.store.workspace import Workspace

pytestmark = [pytest.mark.realdata, pytest.mark.slow]

DEFAULTS = ["1900-01-01T00:00:00.000+01:00", "2099-12-31T00:00:00.000+01:00", "1970-01-01T01:00:00.000+01:00"]


def inject_defaults(src: Path, dst: Path, every: int = 1500) -> int:
    """Write ``src`` with every ``every``-th event timestamp replaced by a system default date."""
    with gzip.open(src, "rt", encoding="utf-8") as f:
        head, sep, body = f.read().partition("<trace>")
    n = i = 0

    def sub(m: re.Match[str]) -> str:
        nonlocal n, i
        i += 1
        if i % every:
            return m.group(0)
        n += 1
        return f'<date key="time:timestamp" value="{DEFAULTS[(n - 1) % len(DEFAULTS)]}"/>'

    with gzip.open(dst, "wt", encoding="utf-8") as f:
        f.write(head + sep + re.sub(r'<date key="time:timestamp" value="[^"]*"/>', sub, body))
    return n


def pm4py_filtered(path: Path, first_day: Any, last_day: Any) -> tuple[Any, Any]:
    """PM4Py's frame of ``path`` and the same frame kept to the local days ``first_day .. last_day``."""
    with contextlib.redirect_stdout(io.StringIO()):
        import pm4py

        df = pm4py.read_xes(str(path))
    zone = ZoneInfo("Europe/Copenhagen")
    lo = datetime.combine(first_day, datetime.min.time(), tzinfo=zone).astimezone(UTC)
    hi = datetime.combine(last_day + timedelta(days=1), datetime.min.time(), tzinfo=zone).astimezone(UTC)
    return df, pm4py.filter_time_range(df, lo, hi - timedelta(microseconds=1), mode="events")


def check_against_pm4py(log: sagsflow.EventLog, path: Path) -> None:
    import pm4py

    w = log.plausible_window
    assert w.n_quarantined > 0
    df, kept = pm4py_filtered(path, w.first_day, w.last_day)
    assert len(df) - len(kept) == w.n_quarantined
    assert (log.n_events, log.n_cases) == (len(kept), kept["case:concept:name"].nunique())
    dfg, start, end = discover_dfg(log, durations=False).to_pm4py()
    p_dfg, p_start, p_end = pm4py.discover_dfg(kept)
    assert (dfg, start, end) == (dict(p_dfg), dict(p_start), dict(p_end))
    finding = next(f for f in quality_report(log.workspace.log(log.name)).findings if f.code == "implausible_dates")
    assert (finding.count, finding.metrics["n_cases_affected"]) == (w.n_quarantined, w.n_cases_affected)
    everything = log.include_quarantined()
    assert (everything.n_events, everything.n_cases) == (len(df), df["case:concept:name"].nunique())


def test_bpic15_events_before_the_system_started(shared_data: Path, tmp_path: Path) -> None:
    path = shared_data / "BPIC15_3.xes.gz"
    with Workspace.open(tmp_path / "ws") as ws:
        log = sagsflow.read_xes(path, workspace=ws, log="bpic15_3")
        assert log.plausible_window.n_quarantined == 0  # ten months before the rest: within the derived rule
        w = set_plausible_window(ws, "bpic15_3", first_day="2010-10-01")
        assert (w.n_quarantined, w.n_cases_affected, w.n_cases_left_out) == (2, 2, 0)
        check_against_pm4py(ws.log("bpic15_3"), path)


def test_sepsis_with_default_dates(shared_data: Path, tmp_path: Path) -> None:
    path = tmp_path / "sepsis_dirty.xes.gz"
    assert inject_defaults(shared_data / "Sepsis_Cases-Event_Log.xes.gz", path) == 10
    with Workspace.open(tmp_path / "ws") as ws:
        log = sagsflow.read_xes(path, workspace=ws, log="sepsis")
        w = log.plausible_window
        assert (w.source, str(w.first_day), str(w.last_day)) == ("derived", "2013-11-07", "2015-06-05")
        assert (w.n_quarantined, w.n_cases_affected, w.n_cases_left_out) == (10, 10, 0)
        check_against_pm4py(log, path)
