"""The compliance rule language: YAML documents validated by a Pydantic schema.

A rule set is a YAML mapping with ``rules:`` (a list of rules) and optional shared settings
(``case_end`` — the activities that close a case, named ``clock_stops``, a ``calendar``). Each rule
has an ``id``, a ``type`` and the fields its type needs; see ``docs/compliance.md`` for the
language with examples. Errors name the rule id, the field, the YAML line and what was expected.

Examples
--------
>>> rules = load_rules('''
... rules:
...   - id: CV
...     type: response
...     trigger: Tilmeldt som jobsøgende
...     target: CV godkendt
...     within: 14 days
... ''')
>>> rules["CV"].within
Duration(months=0, days=14, working_days=0)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from sagsflow.errors import InvalidParameterError

__all__ = [
    "ActivityRef", "Applicability", "ClockStop", "Duration", "Exemption", "Quota", "Requirement", "Rule",
    "RuleSet", "RuleValidationError", "Trigger", "load_pack", "load_rules", "pack_names",
]

RuleType = Literal["existence", "absence", "precedence", "response", "counting", "separation", "quota"]
RULE_TYPES: tuple[str, ...] = RuleType.__args__  # type: ignore[attr-defined]


class RuleValidationError(InvalidParameterError):
    """A rule file does not follow the rule language (the message names rule, field and line)."""

    kind = "rule-error"


# ----------------------------------------------------------------------------- durations
_UNIT_WORDS: dict[str, str] = {
    "day": "days", "days": "days", "d": "days", "calendar day": "days", "calendar days": "days",
    "dag": "days", "dage": "days", "kalenderdag": "days", "kalenderdage": "days",
    "working day": "working_days", "working days": "working_days", "working_days": "working_days",
    "workday": "working_days", "workdays": "working_days", "business days": "working_days",
    "arbejdsdag": "working_days", "arbejdsdage": "working_days", "hverdag": "working_days",
    "hverdage": "working_days",
    "week": "weeks", "weeks": "weeks", "w": "weeks", "uge": "weeks", "uger": "weeks",
    "month": "months", "months": "months", "mo": "months", "måned": "months", "måneder": "months",
    "maaned": "months", "maaneder": "months",
    "year": "years", "years": "years", "år": "years",
}
_DURATION_HINT = ("a duration such as '14 days', '10 working days', '8 weeks', '6 months' or "
                  "'6 months + 3 weeks' (Danish works too: '14 dage', '10 arbejdsdage', '6 måneder')")


class Duration(BaseModel):
    """A deadline length: calendar months and days, or working days (never both kinds)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    months: int = 0
    days: int = 0
    working_days: int = 0

    @model_validator(mode="before")
    @classmethod
    def _parse(cls, value: Any) -> Any:
        if isinstance(value, BaseModel):
            return value.model_dump()
        if isinstance(value, dict) and set(value) <= {"amount", "unit"} and "unit" in value:
            value = f"{value.get('amount')} {value['unit']}"
        if isinstance(value, int) and not isinstance(value, bool):
            value = f"{value} days"
        if isinstance(value, str):
            out = {"months": 0, "days": 0, "working_days": 0}
            for part in value.split("+"):
                m = re.fullmatch(r"\s*(\d+)\s*([^\d]+?)\s*", part.lower().replace("_", " "))
                unit = _UNIT_WORDS.get(m.group(2)) if m else None
                if m is None or unit is None:
                    raise ValueError(f"expected {_DURATION_HINT}. Got {value!r}")
                n = int(m.group(1))
                if unit == "weeks":
                    out["days"] += 7 * n
                elif unit == "years":
                    out["months"] += 12 * n
                else:
                    out[unit] += n
            return out
        if isinstance(value, dict):
            return value
        raise ValueError(f"expected {_DURATION_HINT}. Got {value!r}")

    @model_validator(mode="after")
    def _check(self) -> Duration:
        if min(self.months, self.days, self.working_days) < 0:
            raise ValueError("a duration cannot be negative")
        if self.working_days and (self.months or self.days):
            raise ValueError("a duration is either working days or calendar time (days, weeks, months), not both")
        return self

    @property
    def is_working(self) -> bool:
        return self.working_days > 0

    def __str__(self) -> str:
        if self.is_working:
            return f"{self.working_days} working days"
        parts = ([f"{self.months} months"] if self.months else []) + ([f"{self.days} days"] if self.days else [])
        return " + ".join(parts) or "0 days"


# ----------------------------------------------------------------------------- parts of a rule
def _names(value: Any) -> Any:
    if isinstance(value, str):
        return [value]
    return value


class ActivityRef(BaseModel):
    """Activity names (synonyms); ``*`` matches any text, e.g. ``'Tilbud påbegyndt – *'``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    names: tuple[str, ...] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        if isinstance(value, str | list | tuple):
            return {"names": tuple(_names(value))}
        return value

    @field_validator("names")
    @classmethod
    def _non_empty(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        bad = [n for n in v if not isinstance(n, str) or not n.strip()]
        if bad:
            raise ValueError(f"activity names must be non-empty text. Got {bad[0]!r}")
        return v


class Trigger(BaseModel):
    """When the clock starts: the first (or last) event of ``activity``, or the case's start."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    activity: ActivityRef | None = None
    occurrence: Literal["first", "last"] = "first"
    case_start: bool = False
    not_before: date | None = None

    @model_validator(mode="before")
    @classmethod
    def _short(cls, value: Any) -> Any:
        if isinstance(value, str | list | tuple):
            return {"activity": value}
        return value

    @model_validator(mode="after")
    def _one(self) -> Trigger:
        if (self.activity is None) == (not self.case_start):
            raise ValueError("give either 'activity' (the trigger event) or 'case_start: true', not both")
        return self


class Requirement(BaseModel):
    """``count`` events of ``activity`` after the trigger, ``within`` the deadline (if given)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    activity: ActivityRef
    count: int = Field(1, ge=1)
    within: Duration | None = None
    #: count events from the trigger (default) or from the case's start (an earlier event also fulfils)
    since: Literal["trigger", "case_start"] = "trigger"


class ClockStop(BaseModel):
    """A period in which the deadline clock does not run: from a ``start`` event to the next ``end``
    event, or while the case's events carry one of ``values`` in event attribute ``attribute``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: ActivityRef | None = None
    end: ActivityRef | None = None
    attribute: str | None = None
    values: tuple[Any, ...] | None = None

    @model_validator(mode="after")
    def _kind(self) -> ClockStop:
        events = self.start is not None and self.end is not None
        attr = self.attribute is not None and self.values is not None
        if events == attr:
            raise ValueError("a clock-stop needs either 'start' and 'end' (activities) or 'attribute' and "
                             "'values'")
        return self


class CaseStartWindow(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    from_: date | None = Field(None, alias="from")
    to: date | None = None


class Applicability(BaseModel):
    """Which cases a rule applies to: case attribute values, activities present/absent, case start."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    attributes: dict[str, Any] = Field(default_factory=dict)
    exclude: dict[str, Any] = Field(default_factory=dict)
    has_activity: ActivityRef | None = None
    lacks_activity: ActivityRef | None = None
    case_start: CaseStartWindow | None = None

    @field_validator("attributes", "exclude")
    @classmethod
    def _lists(cls, v: dict[str, Any]) -> dict[str, Any]:
        return {str(k): tuple(x if not isinstance(x, date) else x.isoformat() for x in _names(val))
                if isinstance(val, str | list | tuple) else (val,) for k, val in v.items()}


class Exemption(BaseModel):
    """Which cases of a quota are exempted, and how they count."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    attribute: str | None = None
    values: tuple[Any, ...] | None = None
    activity: ActivityRef | None = None
    count_as: Literal["excluded", "met", "violated"] = "excluded"
    max_share: float | None = Field(None, ge=0, le=1)

    @model_validator(mode="after")
    def _kind(self) -> Exemption:
        if (self.attribute is None or self.values is None) and self.activity is None:
            raise ValueError("an exemption needs 'attribute' and 'values', or 'activity'")
        return self


class Quota(BaseModel):
    """At least ``target`` of the cases of each cohort meet the rule."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    target: float = Field(gt=0, le=1)
    cohort: Literal["week", "month", "quarter", "year"] = "month"
    cohort_date: Literal["trigger", "case_start"] = "trigger"
    exemption: Exemption | None = None

    @field_validator("target", mode="before")
    @classmethod
    def _percent(cls, v: Any) -> Any:
        if isinstance(v, str) and v.strip().endswith("%"):
            return float(v.strip()[:-1]) / 100
        if isinstance(v, int | float) and not isinstance(v, bool) and 1 < v <= 100:
            return v / 100
        return v


class Name(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    da: str | None = None
    en: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _text(cls, v: Any) -> Any:
        return {"en": v} if isinstance(v, str) else v

    def __str__(self) -> str:
        return self.en or self.da or ""


# ----------------------------------------------------------------------------- the rule
_FIELDS_BY_TYPE: dict[str, tuple[str, ...]] = {
    "existence": ("activity",),
    "absence": ("activity",),
    "precedence": ("activity", "preceded_by"),
    "response": ("trigger", "require"),
    "counting": ("trigger", "require"),
    "separation": ("first", "second"),
    "quota": ("trigger", "require", "quota"),
}


class Rule(BaseModel):
    """One compliance rule. See ``docs/compliance.md`` for every field with examples."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
    type: RuleType
    name: Name = Field(default_factory=Name)
    description: str | None = None
    law: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    validity_date: Literal["trigger", "case_start", "deadline"] = "trigger"
    assumption: bool = False
    assumption_text: str | None = None
    applies_to: Applicability = Field(default_factory=Applicability)
    # response / counting / quota
    trigger: Trigger | None = None
    target: ActivityRef | None = None
    count: int | None = Field(None, ge=1)
    within: Duration | None = None
    require: tuple[Requirement, ...] = ()
    combine: Literal["all", "any"] = "all"
    clock_stops: tuple[str | ClockStop, ...] = ()
    quota: Quota | None = None
    # existence / absence / precedence / separation
    activity: ActivityRef | None = None
    min: int | None = Field(None, ge=0)
    max: int | None = Field(None, ge=0)
    preceded_by: ActivityRef | None = None
    first: ActivityRef | None = None
    second: ActivityRef | None = None
    # versions of the rule for groups of cases or periods, reported under the same id
    variants: tuple[dict[str, Any], ...] = ()
    variant: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("target") is not None and not data.get("require"):
            data = dict(data)
            req: dict[str, Any] = {"activity": data["target"]}
            if data.get("count") is not None:
                req["count"] = data["count"]
            if data.get("within") is not None:
                req["within"] = data["within"]
            if data.get("since") is not None:
                req["since"] = data.pop("since")
            data["require"] = [req]
        return data

    @model_validator(mode="after")
    def _fields_of_type(self) -> Rule:
        if self.variants:
            return self
        missing = [f for f in _FIELDS_BY_TYPE[self.type] if getattr(self, f) in (None, ())]
        if missing:
            need = "'" + "', '".join(_FIELDS_BY_TYPE[self.type]) + "'"
            hint = " (or 'target' with 'count'/'within')" if "require" in missing else ""
            raise ValueError(f"a {self.type} rule needs {need}{hint}; missing: '{missing[0]}'")
        if self.type == "counting" and all(r.count < 2 for r in self.require) and self.count is None:
            raise ValueError("a counting rule needs 'count' (at least k occurrences), e.g. count: 3")
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValueError(f"valid_to {self.valid_to} is before valid_from {self.valid_from}")
        if self.assumption and not self.assumption_text:
            raise ValueError("a rule marked 'assumption: true' needs 'assumption_text' saying what is assumed")
        return self

    def concrete(self) -> list[Rule]:
        """The rule itself, or one rule per variant (the variant's fields replace the rule's)."""
        if not self.variants:
            return [self]
        base = self.model_dump(exclude={"variants", "variant", "require"}, exclude_none=True, by_alias=True)
        base.pop("require", None)
        out = []
        for i, v in enumerate(self.variants):
            data = {**base, **{k: val for k, val in v.items() if k != "label"}}
            if "target" not in data and "require" not in data and self.require:
                data["require"] = [r.model_dump(exclude_none=True) for r in self.require]
            data["variant"] = str(v.get("label", i + 1))
            try:
                out.append(Rule.model_validate(data))
            except ValidationError as exc:
                raise ValueError(f"variant {data['variant']!r}: {_first_message(exc)}") from None
        return out

    @property
    def title(self) -> str:
        return str(self.name) or self.id

    def is_valid_on(self, day: date) -> bool:
        return (self.valid_from is None or day >= self.valid_from) and (self.valid_to is None or day <= self.valid_to)


class RuleSet(BaseModel):
    """A set of rules with shared settings (a file, or a shipped pack)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str | None = None
    title: Name = Field(default_factory=Name)
    description: str | None = None
    version: str | None = None
    case_end: ActivityRef | None = None
    clock_stops: dict[str, ClockStop] = Field(default_factory=dict)
    calendar: dict[str, Any] | None = None
    rules: tuple[Rule, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> RuleSet:
        seen: set[str] = set()
        for rule in self.rules:
            if rule.id in seen:
                raise ValueError(f"rule id {rule.id!r} is used twice; every rule needs its own id")
            seen.add(rule.id)
            for stop in rule.clock_stops:
                if isinstance(stop, str) and stop not in self.clock_stops:
                    known = ", ".join(self.clock_stops) or "(none defined)"
                    raise ValueError(f"rule {rule.id!r} names clock-stop {stop!r}, which is not defined under "
                                     f"'clock_stops' (defined: {known})")
        return self

    def __iter__(self) -> Iterator[Rule]:  # type: ignore[override]
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def __getitem__(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(f"no rule {rule_id!r}; rules: {', '.join(r.id for r in self.rules)}")

    def select(self, ids: list[str] | tuple[str, ...]) -> RuleSet:
        """A rule set with only the rules ``ids`` (same shared settings)."""
        missing = [i for i in ids if i not in {r.id for r in self.rules}]
        if missing:
            raise InvalidParameterError(f"no rule {missing[0]!r} in this rule set.",
                                        hint=f"Rules: {', '.join(r.id for r in self.rules)}", field="rules")
        return self.model_copy(update={"rules": tuple(r for r in self.rules if r.id in ids)})

    def stops_of(self, rule: Rule) -> list[ClockStop]:
        return [self.clock_stops[s] if isinstance(s, str) else s for s in rule.clock_stops]

    def to_yaml(self) -> str:
        """The rule set as YAML text (what :func:`load_rules` reads)."""
        data = self.model_dump(mode="json", exclude_none=True, exclude_defaults=True, by_alias=True)
        return str(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


# ----------------------------------------------------------------------------- loading
def _line_map(text: str) -> dict[tuple[Any, ...], int]:
    """1-based YAML line of each path (keys and list indices) in the document."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    lines: dict[tuple[Any, ...], int] = {}

    def walk(node: Any, path: tuple[Any, ...]) -> None:
        lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                p = (*path, k.value)
                lines[p] = k.start_mark.line + 1
                walk(v, p)
        elif isinstance(node, yaml.SequenceNode):
            for i, v in enumerate(node.value):
                walk(v, (*path, i))

    if root is not None:
        walk(root, ())
    return lines


def _first_message(exc: ValidationError) -> str:
    e = exc.errors()[0]
    loc = ".".join(str(x) for x in e["loc"])
    return f"field '{loc}': {_clean(e['msg'])}" if loc else _clean(e["msg"])


def _clean(msg: str) -> str:
    return msg.removeprefix("Value error, ").removeprefix("Assertion failed, ")


def _explain(exc: ValidationError, data: Any, lines: dict[tuple[Any, ...], int], source: str) -> RuleValidationError:
    parts = []
    first_field = None
    for e in exc.errors()[:5]:
        loc = tuple(x for x in e["loc"] if not (isinstance(x, str) and x.startswith("function-")))
        where = []
        rule_path: tuple[Any, ...] = ()
        if len(loc) >= 2 and loc[0] == "rules" and isinstance(loc[1], int):
            rule_path = loc[:2]
            raw = data.get("rules", [None] * (loc[1] + 1))[loc[1]] if isinstance(data, dict) else None
            rid = raw.get("id") if isinstance(raw, dict) else None
            where.append(f"rule {rid!r} (rules[{loc[1]}])" if rid else f"rules[{loc[1]}]")
            fld = [str(x) for x in loc[2:] if not str(x).startswith(("str", "list", "tuple", "ActivityRef"))]
        else:
            fld = [str(x) for x in loc]
        field = ".".join(fld)
        first_field = first_field or field or None
        if field:
            where.append(f"field '{field}'")
        line = None
        for k in range(len(loc), 0, -1):
            line = lines.get(loc[:k])
            if line is not None:
                break
        if line is None and rule_path:
            line = lines.get(rule_path)
        if line is not None:
            where.append(f"line {line}")
        got = e.get("input")
        got_text = "" if e["type"] in ("missing", "value_error") or isinstance(got, dict) else f" Got {got!r}."
        parts.append(f"{', '.join(where) or 'the rule set'}: {_clean(e['msg'])}.{got_text}")
    msg = f"invalid rule set {source}: " + ("\n  ".join(parts) if len(parts) > 1 else parts[0])
    return RuleValidationError(msg, hint="See docs/compliance.md for the rule language with examples.",
                               field=first_field)


def load_rules(source: str | Path | dict[str, Any] | RuleSet) -> RuleSet:
    """Read a rule set from a YAML file, YAML text or a dict.

    Parameters
    ----------
    source : str, Path or dict
        A path to a ``.yaml``/``.yml``/``.json`` file, YAML text, a dict, or the name of a shipped
        pack (``'employment-dk'``).

    Returns
    -------
    RuleSet

    Raises
    ------
    RuleValidationError
        The rules do not follow the language: the message names the rule id, the field, the line
        and what was expected.
    """
    if isinstance(source, RuleSet):
        return source
    if isinstance(source, str) and source in pack_names():
        return load_pack(source)
    label = "(text)"
    if isinstance(source, dict):
        data, lines = source, {}
    else:
        text = source
        if isinstance(source, Path) or (isinstance(source, str) and "\n" not in source
                                          and source.strip().endswith((".yaml", ".yml", ".json"))):
            path = Path(source)
            if not path.exists():
                raise InvalidParameterError(f"no rule file {str(path)!r}.",
                                            hint=f"Give a YAML file or a pack name ({', '.join(pack_names())}).",
                                            field="rules")
            text = path.read_text(encoding="utf-8")
            label = str(path)
        try:
            data = yaml.safe_load(str(text))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
            raise RuleValidationError(f"the rule file {label} is not valid YAML{at}: "
                                      f"{getattr(exc, 'problem', exc)}", field="rules") from None
        lines = _line_map(str(text))
    if isinstance(data, list):
        data = {"rules": data}
        lines = {("rules", *k): v for k, v in lines.items()}
    if not isinstance(data, dict):
        raise RuleValidationError(f"a rule set {label} must be a mapping with 'rules:' (a list of rules). "
                                  f"Got {type(data).__name__}.", field="rules")
    try:
        rs = RuleSet.model_validate(data)
        for rule in rs.rules:
            rule.concrete()
    except ValidationError as exc:
        raise _explain(exc, data, lines, label) from None
    except ValueError as exc:  # from concrete(): a variant that does not validate
        rid = next((r.id for r in rs.rules if r.variants and str(exc).startswith("variant")), "?")
        raise RuleValidationError(f"invalid rule set {label}: rule {rid!r}: {exc}",
                                  hint="See docs/compliance.md for the rule language.", field="variants") from None
    return rs


_PACKS = {"employment-dk": "employment_dk.yaml"}


def pack_names() -> list[str]:
    """Names of the rule packs shipped with Sagsflow."""
    return list(_PACKS)


def pack_text(name: str) -> str:
    """The YAML text of a shipped pack."""
    if name not in _PACKS:
        raise InvalidParameterError(f"no rule pack named {name!r}.", hint=f"Packs: {', '.join(_PACKS)}",
                                    field="pack")
    return (resources.files("sagsflow.compliance") / "packs" / _PACKS[name]).read_text(encoding="utf-8")


def load_pack(name: str) -> RuleSet:
    """A rule pack shipped with Sagsflow, e.g. ``'employment-dk'`` (the Danish employment rules R01-R15).

    Examples
    --------
    >>> rules = load_pack("employment-dk")
    >>> rules["R02"].valid_from.isoformat(), rules["R02"].name.da
    ('2024-01-01', '1. samtale i a-kassen')
    """
    text = pack_text(name)
    rs = load_rules(text)
    return rs
