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
    # robots and system users are stored in clear as automation, never pseudonymised as staff:
    # resource: {column: sagsbehandler, automation: [RPA-ROBOT], automation_pattern: "(?i)system.*"}
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

from sagsflow.errors import MappingError, SchemaError
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
#: the event attribute that marks exact duplicate events with ``duplicates: flag``
DUPLICATE_FLAG = "duplicate"

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
    automation: tuple[str, ...] = Field(
        default=(), description="resource values that are robots or system users: stored in clear as automation, "
                                "never pseudonymised as staff (resource only)")
    automation_pattern: str | None = Field(
        default=None, description="a regular expression (whole value, case-insensitive) for robot and system users "
                                  "(resource only)")

    @field_validator("format", mode="before")
    @classmethod
    def _format(cls, v: Any) -> TimestampFormat:
        return validate_format(v)

    @field_validator("automation", mode="before")
    @classmethod
    def _automation(cls, v: Any) -> Any:
        if isinstance(v, str):
            return (v,)
        return tuple(str(x).strip() for x in v or () if str(x).strip())

    @field_validator("automation_pattern")
    @classmethod
    def _pattern(cls, v: str | None) -> str | None:
        if v is not None:
            try:
                re.compile(v)
            except re.error as exc:
                raise ValueError(f"automation_pattern is not a valid regular expression: {exc}") from None
        return v


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


class ActivityInstances(_Frozen):
    """How ``lifecycle`` transitions make activity instances.

    With ``pair: true`` every ``complete`` event is paired with the earliest unpaired ``start`` event
    of the same case and activity (and ``instance``, when given: XES ``concept:instance``) before
    it, in time and source order, as PM4Py's interval conversion does
    (``pm4py.objects.log.util.interval_lifecycle.to_interval``); the pair becomes one event whose
    ``start_timestamp`` is the start's time and whose ``timestamp`` is the completion. A ``complete``
    without a ``start`` keeps an empty start time; a ``start`` that is never completed is left out
    (counted in the import's warnings); events with other transitions (``schedule``, ``suspend`` ...)
    are dropped or kept as they are (``other_transitions``). A missing transition counts as
    ``complete``; transitions are compared without case.
    """

    pair: bool = False
    instance: str | None = Field(default=None, min_length=1, description="source column of the activity instance id")
    other_transitions: Literal["drop", "keep"] = "drop"


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
    activity_instances: ActivityInstances = Field(default_factory=ActivityInstances)
    duplicates: Literal["keep", "drop", "flag"] = Field(
        default="keep",
        description="exact duplicate events (equal in every stored column): keep them, drop all but the first, or "
        f"keep them and mark the copies in the event attribute {DUPLICATE_FLAG!r}",
    )
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
        if (v.automation or v.automation_pattern) and role != "resource":
            raise ValueError("only the resource role takes automation (robot and system users)")
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
    def _pairing_needs_lifecycle(self) -> Mapping:
        if self.activity_instances.pair and self.lifecycle is None:
            raise ValueError(
                "activity_instances.pair pairs start and complete transitions: map the lifecycle column too "
                "(lifecycle: lifecycle:transition)"
            )
        return self

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

        For XES (``format="xes"``) this is :func:`sagsflow.ingest.suggest.xes_suggestion`'s mapping:
        ``case:concept:name``, ``concept:name``, ``time:timestamp``, ``org:resource`` (an employee_id)
        and ``lifecycle:transition`` fill the roles; ``case:<attr>`` columns become case-level
        attributes named ``<attr>``; personal-data classes by name. For other formats, columns named
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
        if format.lower().lstrip(".") in ("xes", "xes.gz"):
            from sagsflow.ingest.suggest import xes_suggestion

            try:
                return xes_suggestion({c: "VARCHAR" for c in cols}).mapping
            except SchemaError as exc:
                raise MappingError(exc.message, hint=exc.hint) from None
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
    "activity_instances": list(ActivityInstances.model_fields),
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


# -- proposing a mapping: see sagsflow.ingest.suggest (one inference for every face) -------------------


def __getattr__(name: str) -> Any:
    if name in ("suggest_mapping", "MappingSuggestion", "infer_mapping"):
        from sagsflow.ingest import suggest

        return getattr(suggest, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
