"""The declarative mapping: YAML in and out, validation messages, defaults and suggestions."""

from __future__ import annotations

from pathlib import Path

import pytest

from sagsflow.errors import MappingError, SchemaError
from sagsflow.ingest.mapping import ColumnSpec, Mapping, RoleSpec, suggest_mapping
from sagsflow.schema import DataClass

FULL = """\
name: momentum-dagpenge
case_id: {column: sags_id}
activity: aktivitet
timestamp: {column: tidspunkt, format: auto}
start_timestamp: {column: start, format: "%d-%m-%Y %H:%M"}
resource: {column: sagsbehandler, data_class: employee_id}
lifecycle: null
registration_timestamp: {column: registreret}
sequence: {column: løbenr}
timezone: Europe/Copenhagen
activities:
  map: {"JS01": "Jobsamtale afholdt – jobcenter", 0101: Visitation, no: Nej}
  unmapped: keep
columns:
  borger_cpr: {data_class: citizen_id, level: case, rename: borger}
  notat: {data_class: free_text}
  alder_gruppe: {data_class: personal_attribute, level: case}
  beloeb: {type: DOUBLE}
  dato: {type: timestamp, format: ["%d-%m-%Y %H:%M", "%d-%m-%Y"]}
other_columns: keep
"""


def test_full_example_loads() -> None:
    m = Mapping.from_yaml(FULL)
    assert m.name == "momentum-dagpenge"
    assert m.case_id == RoleSpec(column="sags_id")
    assert m.activity.column == "aktivitet"
    assert m.start_timestamp is not None and m.start_timestamp.format == "%d-%m-%Y %H:%M"
    assert m.lifecycle is None
    assert m.role_class("resource") is DataClass.EMPLOYEE_ID
    assert m.role_class("case_id") is DataClass.PROCESS
    # YAML 1.1 would read 0101 as 65 and no as False: activity codes stay strings
    assert m.activities.map == {"JS01": "Jobsamtale afholdt – jobcenter", "0101": "Visitation", "no": "Nej"}
    assert m.columns["borger_cpr"] == ColumnSpec(data_class=DataClass.CITIZEN_ID, level="case", rename="borger")
    assert m.columns["beloeb"].type == "DOUBLE"
    assert m.columns["dato"].type == "TIMESTAMPTZ"
    assert m.columns["dato"].format == ("%d-%m-%Y %H:%M", "%d-%m-%Y")
    assert m.role_columns() == {
        "case_id": "sags_id", "activity": "aktivitet", "timestamp": "tidspunkt", "start_timestamp": "start",
        "resource": "sagsbehandler", "registration_timestamp": "registreret", "sequence": "løbenr",
    }


def test_yaml_roundtrip_and_hash() -> None:
    m = Mapping.from_yaml(FULL)
    again = Mapping.from_yaml(m.to_yaml())
    assert again == m
    assert again.sha256 == m.sha256
    assert len(m.sha256) == 64


def test_shorthand_and_long_form_hash_equal() -> None:
    a = Mapping.from_yaml("case_id: sag\nactivity: a\ntimestamp: t\n")
    b = Mapping.from_yaml("timestamp: {column: t, format: auto}\nactivity: {column: a}\ncase_id: {column: sag}\n")
    assert a == b and a.sha256 == b.sha256
    c = Mapping.from_yaml("case_id: sag\nactivity: a\ntimestamp: {column: t, format: iso}\n")
    assert c.sha256 != a.sha256
    assert a.to_yaml() == "case_id: sag\nactivity: a\ntimestamp: t\n"


def test_from_yaml_file(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("case_id: sag\nactivity: a\ntimestamp: {column: t, format: dd-mm-yyyy}\n", encoding="utf-8")
    with pytest.raises(MappingError) as info:
        Mapping.from_yaml(path)
    assert str(info.value).startswith("mapping file m.yaml: field 'timestamp.format': unknown timestamp format")
    assert info.value.field == "timestamp.format"
    path.write_text("\ufeffcase_id: sag\nactivity: a\ntimestamp: t\n", encoding="utf-8")  # BOM
    assert Mapping.from_yaml(str(path)).case_id.column == "sag"
    with pytest.raises(MappingError, match="does not exist"):
        Mapping.from_yaml(tmp_path / "nope.yaml")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("activity: a\ntimestamp: t\n",
         "mapping: field 'case_id': required: name the source column of the case_id"),
        ("case_id: s\nactivity: a\ntimestamp: t\nactivites: {}\n",
         "mapping: field 'activites': unknown field; did you mean 'activities'?"),
        ("case_id: s\nactivity: a\ntimestamp: t\ncolumns: {x: {levl: case}}\n",
         "mapping: field 'columns.x.levl': unknown field; did you mean 'level'?"),
        ("case_id: s\nactivity: a\ntimestamp: t\ncolumns: {x: {data_class: secret}}\n",
         "mapping: field 'columns.x.data_class': Input should be 'process', 'citizen_id'"),
        ("case_id: s\nactivity: {column: a, format: iso}\ntimestamp: t\n",
         "mapping: field 'activity': only the timestamp roles"),
        ("case_id: s\nactivity: {column: a, data_class: citizen_id}\ntimestamp: t\n",
         "mapping: field 'activity': only case_id and resource take a data_class"),
        ("case_id: {column: s, data_class: free_text}\nactivity: a\ntimestamp: t\n",
         "the case_id column can be process, citizen_id or employee_id, not free_text"),
        ("case_id: s\nactivity: a\ntimestamp: t\ntimezone: Europe/Kbh\n",
         "mapping: field 'timezone': unknown time zone 'Europe/Kbh'"),
        ("case_id: s\nactivity: a\ntimestamp: t\nother_columns: maybe\n",
         "mapping: field 'other_columns': Input should be 'keep' or 'drop', got 'maybe'"),
        ("case_id: s\nactivity: a\ntimestamp: t\ncolumns: {x: {type: MONEY}}\n",
         "mapping: field 'columns.x.type': unknown type 'MONEY'"),
        ("case_id: s\nactivity: a\ntimestamp: t\ncolumns: {x: {rename: activity_code}}\n",
         "'activity_code' is a reserved column name"),
        ("case_id: s\nactivity: a\ntimestamp: t\ncolumns: {s: {data_class: citizen_id}}\n",
         "column 's' is the case_id column; set its data_class on the role"),
        ("case_id: [s\n", "mapping: not valid YAML at line 2"),
        ("- a\n- b\n", "mapping: expected a YAML mapping"),
    ],
)
def test_errors_name_the_field(text: str, message: str) -> None:
    with pytest.raises(MappingError) as info:
        Mapping.from_yaml(text)
    assert message in str(info.value)


def test_mapping_is_frozen() -> None:
    m = Mapping.from_yaml("case_id: s\nactivity: a\ntimestamp: t\n")
    with pytest.raises(ValueError, match="frozen"):
        m.name = "x"  # type: ignore[misc]


def test_default_for_xes() -> None:
    cols = ["case:concept:name", "concept:name", "time:timestamp", "org:resource", "lifecycle:transition",
            "case:Amount", "case:activity", "cost", "__row"]
    m = Mapping.default_for(cols, "xes")
    assert m.role_columns() == {"case_id": "case:concept:name", "activity": "concept:name",
                                "timestamp": "time:timestamp", "resource": "org:resource",
                                "lifecycle": "lifecycle:transition"}
    assert m.role_class("resource") is DataClass.EMPLOYEE_ID
    assert m.columns["case:Amount"] == ColumnSpec(level="case", rename="Amount")
    # 'activity' is reserved: the prefixed name is kept
    assert m.columns["case:activity"] == ColumnSpec(level="case")
    assert "cost" not in m.columns  # an ordinary event attribute (other_columns: keep)


def test_default_for_canonical_names_and_missing() -> None:
    m = Mapping.default_for(["case_id", "activity", "timestamp", "resource"], "parquet")
    assert m.resource is not None and m.resource.column == "resource"
    with pytest.raises(MappingError, match="no column for activity, timestamp"):
        Mapping.default_for(["case_id", "x"], "csv")


# -- suggestions --------------------------------------------------------------------------------


def test_suggest_danish_columns() -> None:
    cols = ["Sagsnr", "Hændelse", "Tidspunkt", "Sagsbehandler", "CPR", "Notat", "Køn", "Beløb"]
    rows = [
        ("S1", "Ansøgning modtaget", "01-02-2024 10:00", "AB", "010190-1234", "ringede", "K", "10,5"),
        ("S1", "Bevilling", "03-02-2024 11:00", "CD", "010190-1234", "", "K", "3"),
        ("S2", "Ansøgning modtaget", "04-02-2024 09:00", "AB", "020290-2345", "mødte op", "M", "1"),
        ("S2", "Afslag", "05-02-2024 09:30", "AB", "020290-2345", None, "M", "7"),
    ]
    s = suggest_mapping(cols, rows)
    m = s.mapping
    assert m.role_columns() == {"case_id": "Sagsnr", "activity": "Hændelse", "timestamp": "Tidspunkt",
                                "resource": "Sagsbehandler"}
    assert m.columns["CPR"] == ColumnSpec(data_class=DataClass.CITIZEN_ID, level="case")
    assert m.columns["Notat"].data_class is DataClass.FREE_TEXT
    assert m.columns["Køn"] == ColumnSpec(data_class=DataClass.PERSONAL_ATTRIBUTE, level="case")
    assert s.confidence["timestamp"] == 1.0
    assert 0 < s.confidence["resource"] <= 1


def test_suggest_english_and_dict_rows() -> None:
    cols = ["event", "case", "time", "user", "start"]
    rows = [
        {"case": "c1", "event": "A", "time": "2024-01-01T10:00:00", "user": "u1", "start": "2024-01-01T09:00"},
        {"case": "c1", "event": "B", "time": "2024-01-02T10:00:00", "user": "u2", "start": "2024-01-02T09:00"},
    ]
    m = suggest_mapping(cols, rows).mapping
    assert m.role_columns() == {"case_id": "case", "activity": "event", "timestamp": "time",
                                "start_timestamp": "start", "resource": "user"}


def test_suggest_cpr_case_id_is_citizen() -> None:
    s = suggest_mapping(["borger", "aktivitet", "dato"], [("0101901234", "A", "2024-01-01"),
                                                          ("0101901234", "B", "2024-01-02")])
    assert s.mapping.case_id == RoleSpec(column="borger", data_class=DataClass.CITIZEN_ID)
    assert s.confidence["case_id"] < 0.5
    assert any("CPR" in note for note in s.notes)


def test_suggest_gives_up_clearly() -> None:
    with pytest.raises(SchemaError, match="could not tell which column is the case_id, activity"):
        suggest_mapping(["foo", "bar"], [("1", "2")])


def test_default_mapping_renames_attributes_named_like_store_columns() -> None:
    m = Mapping.default_for(["case:concept:name", "concept:name", "time:timestamp", "Activity", "POS"], "xes")
    assert m.columns["Activity"].rename == "Activity_attr"
    assert m.columns["POS"].rename == "POS_attr"
