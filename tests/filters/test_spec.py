"""The filter specification: reading, writing, validation messages and the notebook helpers."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import yaml

import sagsflow.filters as F
from sagsflow.errors import InvalidParameterError
from sagsflow.filters import FilterStack, format_duration, parse_duration


@pytest.mark.parametrize(("text", "expected"), [
    ("2d", timedelta(days=2)), ("3h", timedelta(hours=3)), ("90min", timedelta(minutes=90)),
    ("1d12h", timedelta(days=1, hours=12)), ("1.5h", timedelta(minutes=90)), ("1w", timedelta(days=7)),
    ("P1W", timedelta(days=7)), ("PT3H", timedelta(hours=3)), ("P1DT2H30M", timedelta(days=1, minutes=150)),
    ("-2h", timedelta(hours=-2)), (3600, timedelta(hours=1)), ("45 s", timedelta(seconds=45)),
])
def test_durations_are_read(text: object, expected: timedelta) -> None:
    assert parse_duration(text) == expected
    assert parse_duration(format_duration(expected)) == expected


def test_durations_are_written_compactly() -> None:
    assert format_duration(timedelta(days=1, hours=12)) == "1d12h"
    assert format_duration(timedelta(seconds=1.5)) == "1.5s"
    assert format_duration(timedelta(0)) == "0s"
    assert F.case_duration(min="P1W").to_dict() == {"type": "case_duration", "action": "retain", "min": "7d"}


def test_months_are_refused_with_advice() -> None:
    with pytest.raises(InvalidParameterError) as err:
        F.case_duration(min="P1M")
    msg = str(err.value)
    assert msg.startswith("invalid filter specification: case_duration, field 'min': cannot read 'P1M' as a duration")
    assert "Months and years are not allowed" in msg
    assert err.value.field == "min"
    with pytest.raises(InvalidParameterError) as err:
        FilterStack.from_dict([{"type": "case_duration", "min": "P1M"}])
    assert "step 0 (case_duration), field 'min': cannot read 'P1M'" in str(err.value)
    assert err.value.field == "steps[0].min"


def test_yaml_from_an_analyst() -> None:
    text = """
steps:
  - type: timeframe
    start: 2024-01-01      # YAML reads this as a date
    end: 2024-04-01
    mode: started
  - type: case_attribute
    attribute: kommune
    in: [Aarhus, Odense]
  - type: rework
    activity: Request documents
    min: 2
    action: remove
"""
    stack = FilterStack.from_yaml(text)
    assert stack.steps[0] == F.timeframe("2024-01-01", "2024-04-01", mode="started")
    assert stack.steps[1] == F.case_attribute("kommune", ["Aarhus", "Odense"])
    assert stack.steps[2] == ~F.rework("Request documents", at_least=2)
    assert FilterStack.from_yaml(stack.to_yaml()) == stack
    assert yaml.safe_load(stack.to_yaml())["steps"][1]["in"] == ["Aarhus", "Odense"]


def test_dates_in_conditions_equal_their_text() -> None:
    a = FilterStack.from_dict([{"type": "event_attribute", "attribute": "deadline", "min": date(2024, 1, 1)}])
    b = FilterStack.from_dict([{"type": "event_attribute", "attribute": "deadline", "min": "2024-01-01"}])
    assert a == b


def test_values_are_immutable() -> None:
    f = F.case_length(min=3)
    with pytest.raises(ValueError, match="frozen"):
        f.min = 4  # type: ignore[misc]
    assert f == F.case_length(min=3) and f != F.case_length(min=4)
    assert hash(f) == hash(F.case_length(min=3))


@pytest.mark.parametrize(("spec", "message"), [
    ([{"type": "case_length", "min": 3, "minimum": 4}],
     "step 0 (case_length), field 'minimum': unknown field 'minimum'"),
    ([{"type": "case_length"}], "step 0 (case_length): give 'min', 'max' or both"),
    ([{"type": "case_length", "min": 5, "max": 2}], "'min' (5) is larger than 'max' (2)"),
    ([{"type": "variant", "top": 3, "coverage": 80}], "give exactly one of 'variants'"),
    ([{"type": "case_attribute", "attribute": "x", "equals": 1, "regex": "a"}],
     "give exactly one condition on 'x': 'equals', 'in', 'min'/'max' or 'regex' (got equals, regex)"),
    ([{"type": "case_id", "pattern": "(?=a)"}], "uses look-around or a back-reference"),
    ([{"type": "timeframe", "start": "2024-02-01", "end": "2024-01-01"}], "must be before 'end'"),
    ([{"action": "keep", "type": "case_length", "min": 1}], "step 0 (case_length), field 'action'"),
    ([{"type": "any_of", "steps": [{"type": "case_section", "start_activity": "A", "end_activity": "B"}]}],
     "step 0 (case_section) cuts events; only case-level filters can be combined"),
    ({"steps": [{"type": "case_length", "min": 1}, {"type": "rework", "activity": "A", "min": "two"}]},
     "step 1 (rework), field 'min': Input should be a valid integer"),
])
def test_validation_names_the_step_and_field(spec: object, message: str) -> None:
    with pytest.raises(InvalidParameterError) as err:
        FilterStack.from_dict(spec)  # type: ignore[arg-type]
    assert message in str(err.value)
    assert str(err.value).startswith("invalid filter specification: ")


def test_unknown_type_lists_the_vocabulary() -> None:
    with pytest.raises(InvalidParameterError) as err:
        FilterStack.from_dict([{"type": "case_lenght", "min": 1}])
    assert "unknown filter type 'case_lenght'" in str(err.value)
    assert err.value.hint is not None and "case_length" in err.value.hint
    assert err.value.to_dict()["field"] == "steps[0]"


def test_unknown_field_lists_the_fields() -> None:
    with pytest.raises(InvalidParameterError) as err:
        FilterStack.from_dict([{"type": "rework", "activity": "A", "minimum": 2}])
    assert err.value.hint == "Fields of rework: type, action, activity, min, max"


def test_operators() -> None:
    a, b, c = F.has_activity("A"), F.case_length(min=2), F.starts_with("B")
    assert (a & b & c).steps == (a, b, c)
    assert ((a & b) & (c & a)).steps == (a, b, c, a)
    either = a | b | c
    assert isinstance(either, F.AnyOf) and either.steps == (a, b, c)
    assert (~a).action == "remove" and ~~a == a
    with pytest.raises(InvalidParameterError, match="a stack cannot be inverted"):
        ~(a & b)
    with pytest.raises(InvalidParameterError, match=r"'\|' combines case-level filters"):
        a | (b & c)  # type: ignore[operator]


def test_helpers_build_the_documented_steps() -> None:
    assert F.rework("A", more_than=1, less_than=4).to_dict() == {
        "type": "rework", "action": "retain", "activity": "A", "min": 2, "max": 3}
    assert F.has_activity("A", "B").to_dict()["in"] == ["A", "B"]
    assert F.case_id("k1", "k2").ids == ("k1", "k2")
    assert F.attribute_combination({"attribute": "cost", "min": 10}, ("channel", ["web"])).second.in_ == ("web",)
    assert F.stack(F.case_length(min=1), F.has_activity("A")) == F.case_length(min=1) & F.has_activity("A")
    with pytest.raises(InvalidParameterError, match="rework needs a count"):
        F.rework("A")
    with pytest.raises(InvalidParameterError, match="has_activity needs at least one activity"):
        F.has_activity()


def test_every_type_has_a_helper_or_class_and_round_trips() -> None:
    examples = [
        F.case_attribute("region", "Nord"), F.case_id(pattern="^A"), F.top_variants(3), F.variant_coverage(80),
        F.variants(["A", "B"]), F.event_attribute("cost", min=1, max=5, mode="events"),
        F.timeframe(end="2024-06-01T00:00:00+02:00", mode="contained"), F.case_duration(max="3h"),
        F.case_length(min=2), F.processing_time(max="1h", measure="average"), F.waiting_time(min="1d"),
        F.node_duration("A", max="2h"), F.arc_duration("A", "B", min="1h"), F.directly_follows("A", "B"),
        F.eventually_follows("A", "B", max="30d"), F.rework("A", at_least=2), F.case_section("A", "B"),
        F.endpoints(["A"], ["B"]), F.attribute_combination(("a", 1), ("b", 2)), F.any_of(F.case_length(max=1)),
        F.all_of(F.case_length(max=1), F.has_activity("A")),
    ]
    assert {s.type for s in examples} == set(F.FILTER_TYPES)
    stack = FilterStack(steps=tuple(examples))  # type: ignore[arg-type]
    assert FilterStack.from_json(stack.to_json()) == stack
