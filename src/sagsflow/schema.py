"""Canonical column names, personal-data classes and the per-log schema.

The store keeps plain names (``case_id``, ``activity``, ``timestamp`` ...); files use the XES
standard names (``case:concept:name``, ``concept:name``, ``time:timestamp`` ...).
"""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

CASE_ID = "case_id"
ACTIVITY = "activity"
TIMESTAMP = "timestamp"
START_TIMESTAMP = "start_timestamp"
RESOURCE = "resource"
LIFECYCLE = "lifecycle"
REGISTRATION_TIMESTAMP = "registration_timestamp"
SEQUENCE = "sequence"

#: canonical roles a mapping can fill, in store column order
ROLES: tuple[str, ...] = (
    CASE_ID,
    ACTIVITY,
    TIMESTAMP,
    START_TIMESTAMP,
    RESOURCE,
    LIFECYCLE,
    REGISTRATION_TIMESTAMP,
    SEQUENCE,
)
REQUIRED_ROLES: tuple[str, ...] = (CASE_ID, ACTIVITY, TIMESTAMP)

#: columns the store adds itself; attributes may not use these names
STORE_COLUMNS: tuple[str, ...] = (
    "event_idx",
    "case_idx",
    "activity_code",
    "src_order",
    "pos",
)
RESERVED_NAMES: frozenset[str] = frozenset(ROLES + STORE_COLUMNS)

#: XES standard keys for the canonical roles
XES_KEYS: dict[str, str] = {
    CASE_ID: "case:concept:name",
    ACTIVITY: "concept:name",
    TIMESTAMP: "time:timestamp",
    START_TIMESTAMP: "start_timestamp",
    RESOURCE: "org:resource",
    LIFECYCLE: "lifecycle:transition",
}

DEFAULT_TIMEZONE = "Europe/Copenhagen"


class DataClass(StrEnum):
    """Personal-data class of a column, declared in the mapping."""

    PROCESS = "process"
    CITIZEN_ID = "citizen_id"
    EMPLOYEE_ID = "employee_id"
    PERSONAL_ATTRIBUTE = "personal_attribute"
    FREE_TEXT = "free_text"

    @property
    def is_personal(self) -> bool:
        return self is not DataClass.PROCESS

    @property
    def is_identifier(self) -> bool:
        return self in (DataClass.CITIZEN_ID, DataClass.EMPLOYEE_ID)


Level = Literal["event", "case"]


class Column(BaseModel):
    """One stored attribute column of a log."""

    model_config = ConfigDict(frozen=True)

    name: str
    level: Level = "event"
    dtype: str = "VARCHAR"
    data_class: DataClass = DataClass.PROCESS
    source: str | None = Field(default=None, description="source column it came from")


class LogSchema(BaseModel):
    """Which columns a stored log has, at which level, and their personal-data class.

    The canonical roles are always present in the store (optional ones may be all-NULL);
    ``roles`` records which of them were filled from the source and from which column, and
    ``role_classes`` the data class of role columns (``case_id`` is a ``citizen_id`` when the
    case is a person, ``resource`` an ``employee_id``).
    """

    model_config = ConfigDict(frozen=True)

    roles: dict[str, str] = Field(default_factory=dict)
    role_classes: dict[str, DataClass] = Field(default_factory=dict)
    attributes: tuple[Column, ...] = ()
    #: resource values that are robots or system users (declared in the mapping), stored in clear as automation
    automation: tuple[str, ...] = ()

    @property
    def event_attributes(self) -> list[Column]:
        return [c for c in self.attributes if c.level == "event"]

    @property
    def case_attributes(self) -> list[Column]:
        return [c for c in self.attributes if c.level == "case"]

    def data_class(self, name: str) -> DataClass:
        """The personal-data class of a role or attribute column."""
        if name in self.role_classes:
            return self.role_classes[name]
        for c in self.attributes:
            if c.name == name:
                return c.data_class
        return DataClass.PROCESS

    def attribute(self, name: str) -> Column | None:
        return next((c for c in self.attributes if c.name == name), None)

    def to_json(self) -> str:
        return self.model_dump_json()

    @classmethod
    def from_json(cls, text: str) -> LogSchema:
        return cls.model_validate(json.loads(text))

    def merge(self, other: LogSchema) -> LogSchema:
        """Union of two schemas (used when appending an extract with new columns)."""
        cols = {c.name: c for c in self.attributes}
        for c in other.attributes:
            cols.setdefault(c.name, c)
        return LogSchema(
            roles={**other.roles, **self.roles},
            role_classes={**other.role_classes, **self.role_classes},
            attributes=tuple(cols.values()),
            automation=tuple(sorted(set(self.automation) | set(other.automation))),
        )
