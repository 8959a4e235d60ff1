"""Activity instances from lifecycle transitions, and exact duplicate events, chosen in the mapping."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sagsflow
from sagsflow.errors import MappingError

T0 = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
PAIR = {"case_id": "case", "activity": "activity", "timestamp": {"column": "time", "format": "iso"},
        "lifecycle": "transition", "activity_instances": {"pair": True}}


def write_csv(path: Path, rows: list[tuple[str, str, dt.datetime, str]]) -> Path:
    lines = ["case,activity,time,transition"] + [f"{c},{a},{t.isoformat()},{tr}" for c, a, t, tr in rows]
    path.write_text("\n".join(lines) + "\n")
    return path


Row = tuple[str, str, dt.datetime, str]


def pm4py_intervals(rows: list[Row]) -> list[tuple[str, str, dt.datetime, dt.datetime | None]]:
    """PM4Py's interval conversion of the same events: (case, activity, start or None when unpaired, end)."""
    from pm4py.objects.log.obj import Event, EventLog, Trace
    from pm4py.objects.log.util import interval_lifecycle

    log = EventLog()
    for case in dict.fromkeys(r[0] for r in rows):
        trace = Trace(attributes={"concept:name": case})
        for _c, a, t, tr in sorted((r for r in rows if r[0] == case), key=lambda r: r[2]):  # stable: file order ties
            trace.append(Event({"concept:name": a, "time:timestamp": t, "lifecycle:transition": tr}))
        log.append(trace)
    out = []
    for trace in interval_lifecycle.to_interval(log):
        for e in trace:
            paired = "@@startevent_concept:name" in e
            out.append((trace.attributes["concept:name"], e["concept:name"], e["time:timestamp"],
                        e["start_timestamp"] if paired else None))
    return sorted(out, key=lambda r: (r[0], r[2], r[1], r[3] or T0))


events = st.lists(
    st.tuples(st.sampled_from(["c1", "c2"]), st.sampled_from(["A", "B"]), st.integers(0, 40),
              st.sampled_from(["start", "complete", "complete", "schedule", "START"])),
    min_size=1, max_size=40)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(events)
def test_pairing_agrees_with_pm4py(raw: list[tuple[str, str, int, str]]) -> None:
    rows = [(c, a, T0 + dt.timedelta(minutes=m), tr) for c, a, m, tr in raw]
    if not any(tr.lower() == "complete" for *_x, tr in rows):
        return  # nothing to import: every event would be left out
    with tempfile.TemporaryDirectory() as tmp:
        p = write_csv(Path(tmp) / "x.csv", rows)
        res = sagsflow.import_log(p, mapping=PAIR)
        ours = sorted(((r[0], r[1], r[2], r[3]) for r in res.log.events().select(
            "case_id, activity, timestamp, start_timestamp").fetchall()),
            key=lambda r: (r[0], r[2], r[1], r[3] or T0))
    assert ours == pm4py_intervals(rows)


def test_pairing_counts_and_notes(tmp_path: Path) -> None:
    m = lambda k: T0 + dt.timedelta(hours=k)  # noqa: E731
    rows = [("c1", "A", m(0), "schedule"), ("c1", "A", m(1), "start"), ("c1", "A", m(3), "complete"),
            ("c1", "B", m(4), "complete"), ("c1", "C", m(5), "start"), ("c2", "A", m(1), "start"),
            ("c2", "A", m(2), "start"), ("c2", "A", m(6), "complete"), ("c2", "A", m(9), "complete")]
    res = sagsflow.import_log(write_csv(tmp_path / "x.csv", rows), mapping=PAIR)
    got = res.log.events().select("case_id, activity, start_timestamp, timestamp, lifecycle").order(
        "case_id, timestamp").fetchall()
    assert got == [("c1", "A", m(1), m(3), "complete"), ("c1", "B", None, m(4), "complete"),
                   ("c2", "A", m(1), m(6), "complete"), ("c2", "A", m(2), m(9), "complete")]
    note = next(w for w in res.warnings if "paired" in w)
    assert "3 start and complete events were paired" in note
    assert "1 complete events had no start" in note
    assert "left out: 1 start events without a complete and 1 events with other transitions" in note
    keep = sagsflow.import_log(tmp_path / "x.csv", mapping={
        **PAIR, "activity_instances": {"pair": True, "other_transitions": "keep"}})
    assert keep.log.n_events == 5


def test_pairing_needs_the_lifecycle_column() -> None:
    with pytest.raises(MappingError, match="map the lifecycle column too"):
        sagsflow.Mapping.from_dict({"case_id": "c", "activity": "a", "timestamp": "t",
                                    "activity_instances": {"pair": True}})


@pytest.mark.parametrize(("policy", "n_events"), [("keep", 5), ("drop", 3), ("flag", 5)])
def test_exact_duplicates_keep_drop_or_flag(tmp_path: Path, policy: str, n_events: int) -> None:
    p = tmp_path / "d.csv"
    p.write_text("sag,aktivitet,tid,note\n1,A,2024-01-01 10:00,x\n1,A,2024-01-01 10:00,x\n1,A,2024-01-01 10:00,y\n"
                 "2,B,2024-01-02 10:00,\n2,B,2024-01-02 10:00,\n")
    res = sagsflow.import_log(p, mapping={"case_id": "sag", "activity": "aktivitet", "timestamp": "tid",
                                          "duplicates": policy})
    assert res.log.n_events == n_events
    notes = [w for w in res.warnings if "duplicate" in w]
    if policy == "keep":
        assert notes == []
        return
    assert notes[0].startswith("d.csv: 2 exact duplicate events, equal to an earlier event in every column")
    assert notes[0].endswith("; the first at line 3")  # record 2, below the header
    if policy == "flag":
        flags = res.log.events().select("src_order, duplicate").order("src_order").fetchall()
        assert [f for _o, f in flags] == [False, True, False, False, True]
        assert res.log.schema.attribute("duplicate").level == "event"
