"""The declarative mapping from a source table to an event log.

A mapping says which source column plays which canonical role (``case_id``, ``activity``,
``timestamp`` ...), how timestamps are written, how source activity codes map to a common
vocabulary, and, for every other column, its level (event or case), type, personal-data class and
name. It is plain YAML, versioned in the workspace and re-run on every new extract:

.. code-block:: yaml

    name: momentum-dagpenge
    case_id: {column: sags_id, data_class: citizen_id}
    activity: aktivitet                       # shorthand for {column: aktivitet}
    timestamp: {column: tidspunkt, format: "%d-%m-%Y %H:%M"}
    resource: sagsbehandler                   # employee_id (pseudonymised) by default
    timezone: Europe/Copenhagen
    activities:
      map: {JS01: "Jobsamtale afholdt – jobcenter"}
      unmapped: keep
    columns:
      borger_cpr: {data_class: citizen_id, level: case, rename: borger}
      notat: {data_class: free_text}
    other_columns: keep

Examples
--------
>>> m = Mapping.from_yaml("case_id: sag\\nactivity: aktivitet\\ntimestamp: tid\\n")
>>> m.case_id.column, m.timestamp.format, m.role_class("resource")
('sag', 'auto', <DataClass.EMPLOYEE_ID: 'employee_id'>)
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from sagsflow.errors import MappingError
from sagsflow.ingest.timestamps import TimestampFormat, validate_format
from sagsflow.schema import (
    DEFAULT_TIMEZONE,
    RESERVED_NAMES,
    ROLES,
    XES_KEYS,
    DataClass,
    Level,
)

#: roles that hold timestamps (they take a ``format``)
TIMESTAMP_ROLES: tuple[str, ...] = ("timestamp", "start_timestamp", "registration_timestamp")
#: roles that may carry a personal-data class
IDENTIFIER_ROLES: tuple[str, ...] = ("case_id", "resource")
#: the column holding the source row number; never an attribute
ROW_COLUMN = "__row"
#: the output column holding the source row number
SRC_ROW = "src_row"

_TYPES: dict[str, str] = {
    "VARCHAR": "VARCHAR", "TEXT": "VARCHAR", "STRING": "VARCHAR",
    "BIGINT": "BIGINT", "INT8": "BIGINT", "LONG": "BIGINT",
    "INTEGER": "INTEGER", "INT": "INTEGER", "INT4": "INTEGER",
    "SMALLINT": "SMALLINT",
    "DOUBLE": "DOUBLE", "FLOAT8": "DOUBLE", "FLOAT": "DOUBLE", "REAL": "DOUBLE",
    "BOOLEAN": "BOOLEAN", "BOOL": "BOOLEAN",
    "DATE": "DATE",
    "TIMESTAMP": "TIMESTAMPTZ", "TIMESTAMPTZ": "TIMESTAMPTZ", "DATETIME": "TIMESTAMPTZ",
    "TIMESTAMP WITH TIME ZONE": "TIMESTAMPTZ",
}
_DECIMAL_RE = re.compile(r"(?:DECIMAL|NUMERIC)\s*\(\s*(\d+)\s*,\s*(\d+)\s*\)")


def normalise_type(name: str) -> str:
    """The stored DuckDB type for a type named in a mapping (``TIMESTAMP`` is stored as TIMESTAMPTZ).

    Examples
    --------
    >>> normalise_type("text"), normalise_type("timestamp"), normalise_type("decimal(10, 2)")
    ('VARCHAR', 'TIMESTAMPTZ', 'DECIMAL(10,2)')
    """
    up = " ".join(name.upper().split())
    if up in _TYPES:
        return _TYPES[up]
    if m := _DECIMAL_RE.fullmatch(up):
        return f"DECIMAL({int(m[1])},{int(m[2])})"
    allowed = [*sorted(set(_TYPES.values())), "DECIMAL(p,s)"]
    raise ValueError(f"unknown type {name!r}; expected one of {', '.join(allowed)}")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RoleSpec(_Frozen):
    """The source column of one canonical role."""

    column: str = Field(min_length=1, description="source column")
    format: TimestampFormat = Field(default="auto", description="timestamp format (timestamp roles)")
    data_class: DataClass | None = Field(default=None, description="personal-data class (case_id, resource)")

    @field_validator("format", mode="before")
    @classmethod
    def _format(cls, v: Any) -> TimestampFormat:
        return validate_format(v)


class ColumnSpec(_Frozen):
    """How a non-role source column is stored."""

    data_class: DataClass = DataClass.PROCESS
    level: Level = "event"
    type: str | None = Field(default=None, description="DuckDB type; inferred when absent")
    rename: str | None = Field(default=None, min_length=1, description="stored name")
    format: TimestampFormat = Field(default="auto", description="timestamp format for TIMESTAMP/DATE")

    @field_validator("type")
    @classmethod
    def _type(cls, v: str | None) -> str | None:
        return None if v is None else normalise_type(v)

    @field_validator("format", mode="before")
    @classmethod
    def _format(cls, v: Any) -> TimestampFormat:
        return validate_format(v)

    @field_validator("rename")
    @classmethod
    def _rename(cls, v: str | None) -> str | None:
        if v is not None and (v.lower() in RESERVED_NAMES or v.lower() == SRC_ROW):
            raise ValueError(f"{v!r} is a reserved column name of the event store; pick another name")
        return v


class ActivityMapping(_Frozen):
    """Source activity codes or labels mapped to a common vocabulary."""

    map: dict[str, str] = Field(default_factory=dict)
    unmapped: Literal["keep", "error"] = "keep"

    @field_validator("map", mode="before")
    @classmethod
    def _strings(cls, v: Any) -> Any:
        if isinstance(v, dict):
            return {str(k): str(x) for k, x in v.items()}
        return v


def _role(v: Any) -> Any:
    return {"column": v} if isinstance(v, str) else v


class Mapping(_Frozen):
    """A declarative mapping from source columns to an event log; see the module docstring."""

    name: str | None = None
    case_id: RoleSpec
    activity: RoleSpec
    timestamp: RoleSpec
    start_timestamp: RoleSpec | None = None
    resource: RoleSpec | None = None
    lifecycle: RoleSpec | None = None
    registration_timestamp: RoleSpec | None = None
    sequence: RoleSpec | None = None
    timezone: str = DEFAULT_TIMEZONE
    activities: ActivityMapping = Field(default_factory=ActivityMapping)
    columns: dict[str, ColumnSpec] = Field(default_factory=dict)
    other_columns: Literal["keep", "drop"] = "keep"

    @field_validator(*ROLES, mode="before")
    @classmethod
    def _shorthand(cls, v: Any) -> Any:
        return _role(v)

    @field_validator(*ROLES)
    @classmethod
    def _role_rules(cls, v: RoleSpec | None, info: Any) -> RoleSpec | None:
        if v is None:
            return v
        role = info.field_name
        if role not in TIMESTAMP_ROLES and v.format != "auto":
            raise ValueError(f"only the timestamp roles ({', '.join(TIMESTAMP_ROLES)}) take a format")
        if v.data_class is not None:
            if role not in IDENTIFIER_ROLES:
                raise ValueError(
                    f"only {' and '.join(IDENTIFIER_ROLES)} take a data_class; {role} is always process data"
                )
            if v.data_class not in (DataClass.PROCESS, DataClass.CITIZEN_ID, DataClass.EMPLOYEE_ID):
                raise ValueError(
                    f"the {role} column can be process, citizen_id or employee_id, not {v.data_class.value}"
                )
        return v

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, v: str) -> str:
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {v!r}; use an IANA name such as Europe/Copenhagen") from None
        return v

    @model_validator(mode="after")
    def _columns_vs_roles(self) -> Mapping:
        for col, spec in self.columns.items():
            roles = [r for r, c in self.role_columns().items() if c == col]
            if roles and spec.rename is None:
                raise ValueError(
                    f"column {col!r} is the {roles[0]} column; set its data_class on the role "
                    f"({roles[0]}: {{column: {col}, data_class: ...}}), or add rename: to also keep a "
                    "copy as an attribute"
                )
        return self

    # -- roles ---------------------------------------------------------------------------------

    def role_spec(self, role: str) -> RoleSpec | None:
        """The spec of a canonical role, or None when the role is not mapped."""
        if role not in ROLES:
            raise KeyError(role)
        spec: RoleSpec | None = getattr(self, role)
        return spec

    def role_columns(self) -> dict[str, str]:
        """Mapped roles and their source columns, in canonical order."""
        out = {}
        for role in ROLES:
            spec = self.role_spec(role)
            if spec is not None:
                out[role] = spec.column
        return out

    def role_class(self, role: str) -> DataClass:
        """The personal-data class of a role: declared, else employee_id for resource, else process."""
        spec = self.role_spec(role)
        if spec is not None and spec.data_class is not None:
            return spec.data_class
        return DataClass.EMPLOYEE_ID if role == "resource" else DataClass.PROCESS

    # -- YAML ----------------------------------------------------------------------------------

    @classmethod
    def from_yaml(cls, text_or_path: str | Path) -> Mapping:
        """Read a mapping from YAML text or a ``.yaml``/``.yml`` file.

        Raises
        ------
        MappingError
            naming the file, the field and what is allowed, e.g.
            ``mapping file m.yaml: field 'timestamp.format': unknown timestamp format 'dd-mm'``.
        """
        label, text = _read(text_or_path)
        try:
            data = yaml.load(text, Loader=_StrictLoader)  # a SafeLoader subclass
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
            problem = getattr(exc, "problem", None) or str(exc)
            raise MappingError(f"{label}: not valid YAML{where}: {problem}") from exc
        if not isinstance(data, dict):
            raise MappingError(
                f"{label}: expected a YAML mapping with at least case_id, activity and timestamp, "
                f"got {type(data).__name__}",
                hint="Example:\n  case_id: sags_id\n  activity: aktivitet\n  timestamp: tidspunkt",
            )
        return cls.from_dict(data, label=label)

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, label: str = "mapping") -> Mapping:
        """Build a mapping from a dict (as parsed from YAML or JSON); errors as in :meth:`from_yaml`."""
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            raise _mapping_error(exc, label) from None

    def to_dict(self) -> dict[str, Any]:
        """The mapping as plain data, defaults left out, roles with only a column as shorthand."""
        data: dict[str, Any] = self.model_dump(mode="json", exclude_defaults=True)
        for role in ROLES:
            spec = data.get(role)
            if isinstance(spec, dict) and set(spec) == {"column"}:
                data[role] = spec["column"]
        return data

    def to_yaml(self) -> str:
        """The normalised YAML text (what :attr:`sha256` hashes).

        Examples
        --------
        >>> print(Mapping.from_yaml("case_id: {column: sag}\\nactivity: a\\ntimestamp: t").to_yaml(), end="")
        case_id: sag
        activity: a
        timestamp: t
        """
        return yaml.safe_dump(self.to_dict(), sort_keys=False, allow_unicode=True, width=1000)

    @property
    def sha256(self) -> str:
        """SHA-256 of the normalised YAML: equal for equivalent mappings however they were written."""
        return hashlib.sha256(self.to_yaml().encode("utf-8")).hexdigest()

    # -- defaults ------------------------------------------------------------------------------

    @classmethod
    def default_for(cls, columns: Sequence[str], format: str) -> Mapping:
        """A sensible default mapping for a source's columns.

        For XES (``format="xes"``): ``case:concept:name``, ``concept:name``, ``time:timestamp``,
        ``org:resource`` (an employee_id) and ``lifecycle:transition`` fill the roles; ``case:<attr>``
        columns become case-level attributes named ``<attr>``. For other formats, columns named
        like the canonical roles (``case_id``, ``activity``, ``timestamp`` ...) or the XES keys fill
        the roles.

        Raises
        ------
        MappingError
            when no column fits a required role.

        Examples
        --------
        >>> m = Mapping.default_for(["case:concept:name", "concept:name", "time:timestamp",
        ...                          "org:resource", "case:amount"], "xes")
        >>> m.resource.column, m.columns["case:amount"].rename, m.columns["case:amount"].level
        ('org:resource', 'amount', 'case')
        """
        cols = [c for c in columns if c != ROW_COLUMN]
        lower = {c.lower(): c for c in cols}
        roles: dict[str, str] = {}
        for role in ROLES:
            for candidate in (XES_KEYS.get(role), role):
                if candidate is not None and candidate.lower() in lower:
                    roles[role] = lower[candidate.lower()]
                    break
        missing = [r for r in ("case_id", "activity", "timestamp") if r not in roles]
        if missing:
            raise MappingError(
                f"no default mapping for a {format} source: no column for {', '.join(missing)} among "
                f"{', '.join(cols) or '(no columns)'}",
                hint="Write a mapping (case_id: ..., activity: ..., timestamp: ...), or let "
                "sagsflow.ingest.suggest.suggest_mapping propose one.",
            )
        used = set(roles.values())
        taken = {c.lower() for c in cols} | set(RESERVED_NAMES) | {SRC_ROW}
        specs: dict[str, ColumnSpec] = {}
        if format.lower().lstrip(".") in ("xes", "xes.gz"):
            for c in cols:
                if c in used or not c.startswith("case:"):
                    continue
                short = c[len("case:"):]
                rename = short if short and short.lower() not in taken else None
                taken.add((rename or c).lower())
                specs[c] = ColumnSpec(level="case", rename=rename)
        # other columns named like a store column (XES logs often carry an 'Activity' attribute
        # beside concept:name) are kept under a free name instead of being refused
        for c in cols:
            if c in used or c in specs or c.lower() not in (set(RESERVED_NAMES) | {SRC_ROW}):
                continue
            n, rename = 1, f"{c}_attr"
            while rename.lower() in taken:
                n += 1
                rename = f"{c}_attr{n}"
            taken.add(rename.lower())
            specs[c] = ColumnSpec(rename=rename)
        return cls(**{r: RoleSpec(column=c) for r, c in roles.items()}, columns=specs)  # type: ignore[arg-type]


# -- YAML loading and error messages ----------------------------------------------------------


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that keeps ``no``, ``on``, ``0101`` and ``1.5`` as strings (activity codes!).

    Only ``null``/``~`` and ``true``/``false`` are resolved; everything else stays a string.
    """


_StrictLoader.yaml_implicit_resolvers = {}
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _read(text_or_path: str | Path) -> tuple[str, str]:
    if isinstance(text_or_path, Path) or (
        "\n" not in text_or_path and text_or_path.lower().endswith((".yaml", ".yml"))
    ):
        path = Path(text_or_path)
        try:
            return f"mapping file {path.name}", path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise MappingError(f"mapping file {path} does not exist") from None
        except UnicodeDecodeError as exc:
            raise MappingError(f"mapping file {path.name} is not UTF-8 text ({exc.reason})") from None
    return "mapping", text_or_path


_TOP_FIELDS = list(Mapping.model_fields)
_FIELDS_AT: dict[str, list[str]] = {
    **{role: list(RoleSpec.model_fields) for role in ROLES},
    "columns": list(ColumnSpec.model_fields),
    "activities": list(ActivityMapping.model_fields),
}


def _did_you_mean(name: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(name, choices, n=1)
    return f"; did you mean {close[0]!r}?" if close else f"; allowed: {', '.join(choices)}"


def _describe(err: Any) -> str:
    loc = tuple(str(p) for p in err["loc"])
    kind = err["type"]
    if kind == "extra_forbidden":
        if len(loc) == 1:
            choices = _TOP_FIELDS
        elif loc[0] == "columns":
            choices = _FIELDS_AT["columns"]
        else:
            choices = _FIELDS_AT.get(loc[0], [])
        return "unknown field" + _did_you_mean(loc[-1], choices)
    if kind == "missing":
        if len(loc) == 1 and loc[0] in ROLES:
            return f"required: name the source column of the {loc[0]}, e.g. '{loc[0]}: my_column'"
        return "required"
    msg = str(err["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            msg = msg[len(prefix):]
    if kind in ("enum", "literal_error"):
        msg += f", got {err.get('input')!r}"
    return msg


def _mapping_error(exc: ValidationError, label: str) -> MappingError:
    lines = []
    first_field = None
    for err in exc.errors():
        loc = [str(p) for p in err["loc"]]
        # a role given as a dict gets the union member name in its location; drop it
        loc = [p for p in loc if p not in ("RoleSpec", "function-before[_shorthand(), RoleSpec]")]
        field = ".".join(loc)
        first_field = first_field or field
        where = f"field '{field}'" if field else "mapping"
        lines.append(f"{label}: {where}: {_describe(err)}")
    return MappingError("\n".join(lines), field=first_field)


# -- proposing a mapping from column names and sample values (the import wizard) ------------------

_ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "case_id": ("case", "case_id", "caseid", "case:concept:name", "sag", "sags_id", "sagsid", "sag_id",
                "sagsnr", "sagsnummer", "sags_nr", "forløb", "forloeb", "forløbs_id", "trace", "id"),
    "activity": ("activity", "aktivitet", "aktivitetsnavn", "aktivitetskode", "concept:name", "hændelse",
                 "haendelse", "hændelsestype", "event", "event_type", "handling", "task", "opgave"),
    "timestamp": ("timestamp", "time:timestamp", "tidspunkt", "tid", "tidsstempel", "dato", "date", "time",
                  "datetime", "sluttid", "slut", "end", "complete", "udført"),
    "start_timestamp": ("start_timestamp", "start", "starttid", "start_tid", "startdato", "start_time",
                        "begin", "påbegyndt"),
    "registration_timestamp": ("registration_timestamp", "registreret", "registreringstidspunkt",
                               "registreringsdato", "oprettet", "created", "registered", "indtastet"),
    "resource": ("resource", "org:resource", "ressource", "sagsbehandler", "medarbejder", "bruger", "user",
                 "caseworker", "initialer", "behandler", "medarbejder_id"),
    "lifecycle": ("lifecycle", "lifecycle:transition", "livscyklus", "transition"),
    "sequence": ("sequence", "løbenr", "loebenr", "løbenummer", "sekvens", "seq", "rækkefølge", "order"),
}
_CLASS_WORDS: dict[DataClass, tuple[str, ...]] = {
    DataClass.CITIZEN_ID: ("cpr", "cprnr", "cpr_nr", "personnummer", "borger_id", "borgerid"),
    DataClass.FREE_TEXT: ("notat", "note", "noter", "kommentar", "comment", "tekst", "text", "fritekst",
                          "beskrivelse", "description", "bemærkning", "journal"),
    DataClass.PERSONAL_ATTRIBUTE: ("alder", "aldersgruppe", "age", "age_group", "køn", "koen", "gender",
                                   "sex", "nationalitet", "nationality", "statsborgerskab", "etnicitet",
                                   "helbred", "health", "diagnose", "civilstand", "fødselsår"),
}
_TIME_ROLES = ("timestamp", "start_timestamp", "registration_timestamp")
# a person as the case (cases per citizen): a weaker hint than a case number
_WEAK_CASE_WORDS = ("borger", "citizen", "person", "klient", "client", "cpr", "cprnr", "cpr_nr")


def _normalise_name(name: str) -> str:
    return re.sub(r"[^0-9a-zæøå:]+", "_", name.lower()).strip("_")


def _name_score(name: str, words: Sequence[str]) -> float:
    n = _normalise_name(name)
    if n in words:
        return 1.0
    tokens = [t for t in re.split(r"[_:]", n) if t]
    if any(t in words for t in tokens):
        return 0.75
    if any(len(w) >= 3 and w in n for w in words):
        return 0.5
    return 0.0


class MappingSuggestion(BaseModel):
    """A proposed mapping, with a confidence (0..1) per role and per-column remarks."""

    model_config = ConfigDict(frozen=True)

    mapping: Mapping
    confidence: dict[str, float]
    notes: tuple[str, ...] = ()


def suggest_mapping(columns: Sequence[str], sample_rows: Sequence[Any]) -> MappingSuggestion:
    """Guess a mapping from column names (Danish and English) and sample values.

    Roles come from names such as sag/sagsnr/case, aktivitet/hændelse/activity, tidspunkt/dato/
    timestamp, sagsbehandler/ressource/resource, checked against the values (timestamps must parse,
    case ids repeat). Data classes come from names too (cpr -> citizen_id, notat/kommentar ->
    free_text, alder/køn -> personal_attribute) and from values (CPR numbers -> citizen_id). A
    column constant within every case of the sample is proposed as a case attribute.

    Parameters
    ----------
    columns
        the source's column names.
    sample_rows
        some rows: sequences aligned with ``columns`` or dicts by column name.

    Returns
    -------
    MappingSuggestion

    Raises
    ------
    SchemaError
        when no column can be the case id, activity or timestamp.

    Examples
    --------
    >>> s = suggest_mapping(["sagsnr", "hændelse", "dato", "sagsbehandler", "notat"],
    ...                     [("1", "Ansøgning", "01-02-2024", "AB", "x"), ("1", "Bevilling", "03-02-2024", "CD", "")])
    >>> m = s.mapping
    >>> m.case_id.column, m.activity.column, m.timestamp.column, m.resource.column
    ('sagsnr', 'hændelse', 'dato', 'sagsbehandler')
    >>> m.columns["notat"].data_class.value, s.confidence["timestamp"]
    ('free_text', 1.0)
    """
    from datetime import date

    from sagsflow.errors import SchemaError
    from sagsflow.ingest.cpr import contains_cpr
    from sagsflow.ingest.timestamps import detect_format

    cols = list(columns)
    rows = [[r.get(c) for c in cols] if isinstance(r, dict) else list(r) for r in sample_rows]
    if rows and len(rows[0]) == len(cols) - 1 and ROW_COLUMN in cols:
        cols.remove(ROW_COLUMN)
    values: dict[str, list[Any]] = {
        c: [r[i] for r in rows if i < len(r) and r[i] is not None and str(r[i]).strip() != ""]
        for i, c in enumerate(cols)
    }
    cols = [c for c in cols if c != ROW_COLUMN]

    detected: dict[str, Any] = {}

    def time_share(c: str, numbers: bool) -> float:
        vs = values[c]
        if not vs:
            return 0.0
        if all(isinstance(v, date) for v in vs):
            return 1.0
        if c not in detected:
            detected[c] = detect_format([str(v) for v in vs])
        d = detected[c]
        # plain numbers count as Excel/epoch timestamps only when the name says "time"
        return d.share if numbers or d.format not in ("excel", "epoch_s", "epoch_ms") else 0.0

    scores: list[tuple[float, str, str]] = []
    for c in cols:
        vs = [str(v) for v in values[c]]
        n_distinct = len(set(vs))
        for role, words in _ROLE_WORDS.items():
            s = _name_score(c, words)
            if role == "case_id" and not s:
                s = 0.4 * _name_score(c, _WEAK_CASE_WORDS)
            if role in _TIME_ROLES:
                share = time_share(c, numbers=s > 0)
                s = 0.5 * s + 0.5 * share if s else (0.4 * share if share > 0.9 else 0.0)
            elif time_share(c, numbers=False) > 0.9:
                s *= 0.3  # a date column is not a case id or activity
            if role == "case_id" and s and vs and n_distinct == len(vs) and len(vs) > 5:
                s *= 0.6  # every value unique: more likely an event id
            if role == "activity" and s and vs and all(v.replace(".", "").isdigit() for v in vs):
                s *= 0.6
            if s > 0:
                scores.append((s, role, c))
    scores.sort(key=lambda t: (-t[0], ROLES.index(t[1]), cols.index(t[2])))
    chosen: dict[str, str] = {}
    confidence: dict[str, float] = {}
    for s, role, c in scores:
        if role not in chosen and c not in chosen.values():
            chosen[role], confidence[role] = c, round(min(s, 1.0), 2)
    missing = [r for r in ("case_id", "activity", "timestamp") if r not in chosen]
    if missing:
        raise SchemaError(
            f"could not tell which column is the {', '.join(missing)}; columns: {', '.join(cols)}",
            hint="Write a mapping naming case_id, activity and timestamp (case_id: my_column ...).",
        )

    notes: list[str] = []
    specs: dict[str, ColumnSpec] = {}
    case_col = chosen["case_id"]
    case_index = cols.index(case_col)
    for c in cols:
        if c in chosen.values():
            continue
        vs = [str(v) for v in values[c]]
        data_class = DataClass.PROCESS
        for cls_, words in _CLASS_WORDS.items():
            if _name_score(c, words) >= 0.75:
                data_class = cls_
                break
        if data_class is not DataClass.CITIZEN_ID and vs and sum(map(contains_cpr, vs)) > len(vs) / 2:
            data_class = DataClass.CITIZEN_ID
            notes.append(f"column {c!r} holds CPR numbers: proposed as citizen_id (pseudonymised)")
        level: Level = "event"
        i = cols.index(c) if c in cols else -1
        per_case: dict[Any, set[str]] = {}
        for r in rows:
            if case_index < len(r) and 0 <= i < len(r) and r[i] is not None:
                per_case.setdefault(r[case_index], set()).add(str(r[i]))
        sizes = [sum(1 for r in rows if r[case_index] == k) for k in per_case]
        if len(per_case) >= 2 and sum(1 for n in sizes if n >= 2) >= 2 and all(
            len(v) == 1 for v in per_case.values()
        ) and data_class is not DataClass.FREE_TEXT:
            level = "case"
        spec = ColumnSpec(data_class=data_class, level=level)
        if spec != ColumnSpec():
            specs[c] = spec
    if contains_cpr(" ".join(str(v) for v in values[case_col][:50])):
        notes.append(f"the case id column {case_col!r} holds CPR numbers: proposed as citizen_id")
        case_spec = RoleSpec(column=case_col, data_class=DataClass.CITIZEN_ID)
    else:
        case_spec = RoleSpec(column=case_col)
    roles: dict[str, Any] = {r: RoleSpec(column=c) for r, c in chosen.items()}
    roles["case_id"] = case_spec
    mapping = Mapping(**roles, columns=specs)
    return MappingSuggestion(mapping=mapping, confidence=confidence, notes=tuple(notes))
