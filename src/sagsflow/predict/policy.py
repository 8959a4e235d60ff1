"""The feature policy of a model: which columns a model may learn from, and on which legal basis.

By default a model sees only the process: activities, their counts and order, times, the unit's
workload and the calendar. A column the log's schema classes as personal (``citizen_id``,
``employee_id``, ``personal_attribute``, ``free_text``) is refused unless the policy names it with
a stated legal basis; the model card then says so prominently.

Examples
--------
>>> from sagsflow.schema import Column, DataClass, LogSchema
>>> schema = LogSchema(attributes=(Column(name="kommune", level="case"),
...                                Column(name="koen", level="case", data_class=DataClass.PERSONAL_ATTRIBUTE)))
>>> FeaturePolicy(attributes=("kommune",)).check(schema)
[('kommune', 'process')]
>>> FeaturePolicy(attributes=("koen",)).check(schema)
Traceback (most recent call last):
...
sagsflow.predict.policy.FeatureRefusedError: the column 'koen' is classed 'personal_attribute' ...
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sagsflow.errors import InvalidParameterError, SchemaError
from sagsflow.schema import DataClass, LogSchema

#: roles a policy may name as features (the case id never is one)
_ROLE_FEATURES = ("resource", "lifecycle")


class FeatureRefusedError(InvalidParameterError):
    """A column classed as personal data was asked for as a model feature without a stated legal basis."""

    kind = "feature-refused"


@dataclass(frozen=True)
class FeaturePolicy:
    """Which columns a model may use besides the process features.

    Parameters
    ----------
    attributes : tuple of str
        Case or event attributes (or the ``resource`` role) to use as features. Process-classed
        columns need nothing more; personal columns need an entry in ``legal_basis``.
    legal_basis : dict of str to str
        Column -> the stated legal basis (law and section, DPIA reference) for using a personal
        column. Without it a personal column is refused.
    unit : str or None
        Process attribute that defines the unit whose workload is a feature (``kommune``,
        ``team``); None: the whole log is one unit.
    inter_case : bool
        Use inter-case features (open cases of the unit, queue length in the same step, cases
        opened in the last 7 days).
    calendar : bool
        Use calendar features (weekday, month, hour, public holiday).
    """

    attributes: tuple[str, ...] = ()
    legal_basis: dict[str, str] = field(default_factory=dict)
    unit: str | None = None
    inter_case: bool = True
    calendar: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "attributes", tuple(self.attributes))
        object.__setattr__(self, "legal_basis", dict(self.legal_basis))

    # ------------------------------------------------------------------ checking
    def check(self, schema: LogSchema) -> list[tuple[str, str]]:
        """The columns this policy allows with their data classes; refuses what it must.

        Raises
        ------
        FeatureRefusedError
            A named column is classed personal and the policy states no legal basis for it, or it
            is the case identifier.
        SchemaError
            A named column is not in the log.
        """
        available = [c.name for c in schema.attributes] + list(_ROLE_FEATURES)
        out: list[tuple[str, str]] = []
        names = list(self.attributes) + ([self.unit] if self.unit else [])
        for name in names:
            if name == "case_id":
                raise FeatureRefusedError(
                    "the case identifier 'case_id' can never be a model feature: it identifies the citizen's "
                    "case, not the state of the process.",
                    hint="Remove 'case_id' from the policy's attributes.", field="case_id")
            if name not in available:
                raise SchemaError(
                    f"the feature policy names the column {name!r}, which the log does not have.",
                    hint="Columns the log has: " + ", ".join(sorted(available)), field=name)
            dc = schema.data_class(name)
            if dc.is_personal and not self.legal_basis.get(name, "").strip():
                raise FeatureRefusedError(
                    f"the column {name!r} is classed {dc.value!r} in the log's mapping, and personal data is "
                    "refused as a model feature: predictions must come from the process, not the person.",
                    hint=(f"If there is a legal basis for using {name!r}, state it in the policy, e.g. "
                          f"FeaturePolicy(attributes=({name!r},), legal_basis={{{name!r}: '<law, section; DPIA ref>'}})"
                          f" or in policy.yaml:\n  features:\n    - name: {name}\n      legal_basis: "
                          "\"<law, section; DPIA reference>\"\nThe model card will then say so prominently. "
                          "Otherwise remove the column from the policy."),
                    field=name)
            if (name, dc.value) not in out:
                out.append((name, dc.value))
        return out

    def personal_columns(self, schema: LogSchema) -> dict[str, str]:
        """Personal columns the policy allows (column -> legal basis); empty for the default policy."""
        return {n: self.legal_basis[n] for n, dc in self.check(schema) if DataClass(dc).is_personal}

    # ------------------------------------------------------------------ serialisation
    def to_dict(self) -> dict[str, Any]:
        feats: list[Any] = [
            {"name": a, "legal_basis": self.legal_basis[a]} if a in self.legal_basis else a for a in self.attributes
        ]
        return {"features": feats, "unit": self.unit, "inter_case": self.inter_case, "calendar": self.calendar}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> FeaturePolicy:
        data = dict(data or {})
        unknown = set(data) - {"features", "unit", "inter_case", "calendar"}
        if unknown:
            raise InvalidParameterError(
                f"a feature policy has the keys features, unit, inter_case and calendar. Got {sorted(unknown)!r}.",
                field=sorted(unknown)[0])
        attrs: list[str] = []
        basis: dict[str, str] = {}
        for item in data.get("features") or []:
            if isinstance(item, str):
                attrs.append(item)
            elif isinstance(item, dict) and "name" in item:
                attrs.append(str(item["name"]))
                if item.get("legal_basis"):
                    basis[str(item["name"])] = str(item["legal_basis"])
            else:
                raise InvalidParameterError(
                    f"each feature in a policy is a column name or {{name: ..., legal_basis: ...}}. Got {item!r}.",
                    field="features")
        return cls(attributes=tuple(attrs), legal_basis=basis, unit=data.get("unit"),
                   inter_case=bool(data.get("inter_case", True)), calendar=bool(data.get("calendar", True)))

    def to_yaml(self) -> str:
        return yaml.safe_dump(self.to_dict(), allow_unicode=True, sort_keys=False)

    @classmethod
    def from_yaml(cls, text: str | Path) -> FeaturePolicy:
        """Read a policy from YAML text or a ``.yaml`` file."""
        if isinstance(text, Path) or (isinstance(text, str) and text.endswith((".yaml", ".yml")) and "\n" not in text):
            text = Path(text).read_text(encoding="utf-8")
        return cls.from_dict(yaml.safe_load(text) or {})

