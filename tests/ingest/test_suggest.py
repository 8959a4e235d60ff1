"""Mapping inference (sagsflow.ingest.suggest): one function for the library import and the wizard, XES by the
standard, CSV by names and values with a confidence and evidence per decision."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import duckdb
import pytest

import sagsflow
from sagsflow.ingest.csv_source import load_csv
from sagsflow.ingest.suggest import CONFIRM_BELOW, infer_mapping, suggest_mapping, xes_suggestion
from sagsflow.ingest.xes import load_xes
from sagsflow.schema import DataClass

HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<log xes.version="1.0" xmlns="http://www.xes-standard.org/">\n'


def hospital_xes(path: Path) -> Path:
    """A small log shaped like the public hospital log of the issue: trace-level 'Start date'/'End date',
    an event-level count attribute, lifecycle 'complete' only and one exact duplicate event."""
    traces = []
    for c, (start, end, counts) in enumerate([("2014-01-01", "2014-08-01", (1, 1, 1)),
                                              ("2013-06-01", "2015-01-01", (1, 1)),
                                              ("2014-02-01", "2014-03-01", (1, 2, 1))]):
        events = []
        for k, n in enumerate(counts):
            events.append(
                f'<event><string key="concept:name" value="{["Intake", "Lab test", "Discharge"][k]}"/>'
                f'<date key="time:timestamp" value="2014-03-0{c + 1}T{9 + k:02d}:30:00.000+01:00"/>'
                f'<string key="lifecycle:transition" value="complete"/><string key="org:group" value="G{k}"/>'
                f'<int key="Number of executions" value="{n}"/></event>')
        if c == 0:
            events.append(events[1])  # an exact duplicate of the lab test
        traces.append(
            f'<trace><string key="concept:name" value="p{c}"/>'
            f'<date key="Start date" value="{start}T00:00:00.000+01:00"/>'
            f'<date key="End date" value="{end}T00:00:00.000+01:00"/><int key="Age" value="{40 + c}"/>'
            + "".join(events) + "</trace>")
    path.write_text(HEAD + "\n".join(traces) + "</log>", encoding="utf-8")
    return path


def test_trace_dates_never_become_event_times(tmp_path: Path) -> None:
    log = sagsflow.read_xes(hospital_xes(tmp_path / "hospital.xes"), workspace=tmp_path / "ws")
    s = log.schema
    assert s.roles["timestamp"] == "time:timestamp"
    assert "start_timestamp" not in s.roles and "registration_timestamp" not in s.roles
    levels = {c.name: (c.level, c.dtype) for c in s.attributes}
    assert levels["Start date"] == ("case", "TIMESTAMP WITH TIME ZONE")
    assert levels["End date"] == ("case", "TIMESTAMP WITH TIME ZONE")
    # a count attribute is an event attribute, even where it repeats within a case
    assert levels["Number of executions"] == ("event", "BIGINT")
    rows = log.events().filter("case_id = 'p0'").order("pos").fetchall()
    cols = log.events().columns
    ts = [r[cols.index("timestamp")] for r in rows]
    assert ts[0] == dt.datetime(2014, 3, 1, 8, 30, tzinfo=dt.UTC)  # 09:30+01:00 from time:timestamp
    assert all(r[cols.index("start_timestamp")] is None and r[cols.index("registration_timestamp")] is None
               for r in rows)


def test_the_inference_names_its_evidence_and_the_wizard_gets_the_same_mapping(tmp_path: Path) -> None:
    path = hospital_xes(tmp_path / "hospital.xes")
    con = duckdb.connect()
    info = load_xes(con, path, "raw")
    s = infer_mapping(con, "raw", info, profile=True)
    # the library's import without a mapping uses the same inference (profile only adds evidence)
    assert s.mapping == infer_mapping(con, "raw", info).mapping
    assert sagsflow.import_log(path, workspace=tmp_path / "ws").mapping == s.mapping
    d = s.decision("case:Start date")
    assert (d.kind, d.value, d.confidence) == ("level", "case", 1.0)
    assert "never becomes an event time" in d.evidence
    assert s.decision("time:timestamp").evidence == "XES standard key 'time:timestamp': the event's time"
    dup = s.decision("duplicates")
    assert dup.value == "keep" and dup.needs_confirmation
    assert dup.evidence.startswith("1 events (11.1 %) are exact copies")
    key = s.key_decisions(10)
    assert [k.column for k in key[:3]] == ["case:concept:name", "concept:name", "time:timestamp"]
    assert len(key) == 10 and all(a.importance <= b.importance for a, b in itertools.pairwise(key))
    assert s.mapping.columns["case:Age"].data_class is DataClass.PERSONAL_ATTRIBUTE
    assert s.decision("case:Age", "data_class").needs_confirmation is False


def test_xes_suggestion_pairs_lifecycle_only_with_start_and_complete() -> None:
    types = {"case:concept:name": "VARCHAR", "concept:name": "VARCHAR", "time:timestamp": "TIMESTAMPTZ",
             "lifecycle:transition": "VARCHAR", "concept:instance": "VARCHAR"}
    paired = xes_suggestion(types, {"start": 10, "complete": 12, "schedule": 3})
    assert paired.mapping.activity_instances.pair and paired.mapping.activity_instances.instance == "concept:instance"
    assert "3 schedule events with other transitions are left out" in paired.decision("activity_instances").evidence
    assert not xes_suggestion(types, {"complete": 12}).mapping.activity_instances.pair


def test_xes_without_time_timestamp_names_what_is_there() -> None:
    with pytest.raises(sagsflow.SagsflowError, match="no time:timestamp attribute, so there is no timestamp; "
                                                     "event-level dates: when"):
        xes_suggestion({"case:concept:name": "VARCHAR", "concept:name": "VARCHAR", "when": "TIMESTAMPTZ",
                        "case:Start date": "TIMESTAMPTZ"})


def test_csv_levels_come_from_whole_cases_not_the_first_rows(tmp_path: Path) -> None:
    # the first 200 rows show 'antal' constant within each case; further cases show it varying: event-level
    lines = ["sagsnr;aktivitet;tidspunkt;antal;kommune"]
    for c in range(300):
        for k in range(3):
            n = 1 if c < 70 or k != 2 else 2
            lines.append(f"S{c};A{k};0{1 + k}-02-2024 10:00;{n};K{c % 3}")
    p = tmp_path / "x.csv"
    p.write_text("\n".join(lines) + "\n")
    con = duckdb.connect()
    info = load_csv(con, p, "raw")
    s = infer_mapping(con, "raw", info)
    assert "antal" not in s.mapping.columns or s.mapping.columns["antal"].level == "event"
    assert "varies within" in s.decision("antal", "level").evidence
    assert s.mapping.columns["kommune"].level == "case"
    k = s.decision("kommune", "level")
    assert k.confidence >= CONFIRM_BELOW and "one value per case in all" in k.evidence
    # the rows alone (what the first version looked at) would have called it case-level
    first = con.execute("SELECT * EXCLUDE (__row) FROM raw ORDER BY __row LIMIT 200").fetchall()
    assert suggest_mapping([c for c, _ in info.columns], first).mapping.columns["antal"].level == "case"


def test_csv_decisions_carry_confidence_and_evidence() -> None:
    cols = ["Sagsnr", "Hændelse", "Tidspunkt", "Sagsbehandler", "CPR", "Notat"]
    rows = [("S1", "Ansøgning", "01-02-2024 10:00", "AB", "010190-1234", "ringede"),
            ("S1", "Bevilling", "03-02-2024 11:00", "CD", "010190-1234", ""),
            ("S2", "Ansøgning", "04-02-2024 09:00", "AB", "020290-2345", "mødte op")]
    s = suggest_mapping(cols, rows)
    ts = s.decision("Tidspunkt")
    assert (ts.value, ts.confidence) == ("timestamp", 1.0)
    assert ts.evidence == ("the name 'Tidspunkt' is a word for the timestamp; 100 % of the sampled values are "
                           "dates or times")
    cpr = s.decision("CPR", "data_class")
    assert cpr.value == "citizen_id" and "is a word for a citizen identifier" in cpr.evidence
    assert s.decision("Sagsbehandler", "data_class").value == "employee_id"
    # two cases only: the level guess is uncertain and is put to the user
    assert s.decision("CPR", "level").needs_confirmation
    assert all(d in s.to_confirm() for d in s.decisions if d.needs_confirmation)


def test_dates_written_at_a_fixed_offset_import_as_date_only(tmp_path: Path) -> None:
    # every event a date at midnight UTC+01:00, as the source writes it: 00:00+01:00 in winter, 01:00+02:00 in
    # summer; the quality report finds them all date-only (not only the winter share)
    events = []
    for k in range(60):
        day = dt.date(2023, 1, 5) + dt.timedelta(days=6 * k)
        local = dt.datetime.combine(day, dt.time(0), tzinfo=dt.timezone(dt.timedelta(hours=1)))
        summer = 3 < day.month < 11
        written = local.astimezone(dt.timezone(dt.timedelta(hours=2 if summer else 1)))
        events.append(f'<trace><string key="concept:name" value="c{k}"/>'
                      f'<event><string key="concept:name" value="A"/><date key="time:timestamp" '
                      f'value="{written.isoformat()}"/></event></trace>')
    p = tmp_path / "d.xes"
    p.write_text(HEAD + "".join(events) + "</log>")
    assert "T01:00:00+02:00" in p.read_text()
    log = sagsflow.read_xes(p, workspace=tmp_path / "ws")
    f = sagsflow.quality_report(log).finding("date_only_timestamps")
    assert (f.count, f.share, f.metrics["fixed_offset"]) == (60, 1.0, "+01:00")
