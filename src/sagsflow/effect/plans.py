"""The action-plan register of a workspace: what was changed, when, for whom, and what it should move.

An :class:`Intervention` is one change of practice. The library keeps a workspace's interventions in
``action_plans.json`` in the workspace folder (written atomically: a failed save leaves the file as it was);
the server keeps them in its metadata database. Both hold the same fields.

Examples
--------
>>> import tempfile
>>> from sagsflow.store.workspace import Workspace
>>> ws = Workspace.open(tempfile.mkdtemp())
>>> plans = ActionPlans(ws)
>>> iv = plans.add(Intervention(name="Faster visitation", start="2023-10-01", log="kontanthjaelp",
...     unit_by="kommune", units=["Egholm"], expected_direction="down",
...     indicator={"kind": "waiting", "from_activities": ["Ansøgning modtaget"],
...                "to_activities": ["Visitationssamtale"]}))
>>> iv.id, [p.name for p in ActionPlans(ws).list()]
('faster_visitation', ['Faster visitation'])
>>> ws.close()
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from sagsflow.effect.indicators import Indicator, SeriesSpec
from sagsflow.errors import InvalidParameterError, NotFoundError
from sagsflow.store.layout import slugify

if TYPE_CHECKING:
    from sagsflow.log import EventLog
    from sagsflow.store.workspace import Workspace

PLANS_FILE = "action_plans.json"
_FORMAT = "sagsflow-action-plans/1"


class Intervention(BaseModel):
    """One intervention of an action plan.

    ``unit_by`` is the case attribute whose values are units (``kommune``, ``team``-like case attributes);
    ``units`` are the targeted values (the others are the controls of a difference-in-differences).
    ``case_types`` narrows the cases measured: ``{case attribute: [values]}`` (``{"maalgruppe": ["Jobparat"]}``).
    ``expected_size`` is the expected ratio (``0.7`` = 30 % less) of the indicator.
    """

    model_config = ConfigDict(extra="forbid")

    id: str = ""
    name: str = Field(min_length=1, max_length=200)
    description: str = ""
    start: date
    log: str = Field(min_length=1)
    unit_by: str | None = None
    units: list[str] = Field(default_factory=list)
    case_types: dict[str, list[str]] = Field(default_factory=dict)
    indicator: Indicator
    period: Literal["week", "month"] = "month"
    expected_direction: Literal["up", "down"] | None = None
    expected_size: float | None = Field(default=None, gt=0)
    follow_up: list[date] = Field(default_factory=list)
    created_at: datetime | None = None

    @field_validator("units")
    @classmethod
    def _units(cls, v: list[str]) -> list[str]:
        return [str(u) for u in v]

    def series_spec(self) -> SeriesSpec:
        """The series a benchmark profile must carry to be a control of this intervention."""
        return SeriesSpec(indicator=self.indicator, period=self.period, case_types=self.case_types)

    def measured_log(self, log: EventLog) -> EventLog:
        """``log`` narrowed to the intervention's case types."""
        if not self.case_types:
            return log
        from sagsflow.filters import case_attribute

        steps = [case_attribute(attr, list(values)) for attr, values in self.case_types.items()]
        return log.filter(steps)


class ActionPlans:
    """The interventions registered in a workspace (``action_plans.json`` in its folder)."""

    def __init__(self, workspace: Workspace) -> None:
        if workspace.path is None:
            raise InvalidParameterError("an in-memory workspace has no folder for its action plans.",
                                        hint="Open a workspace with Workspace.open(folder).", field="workspace")
        self.path = Path(workspace.path) / PLANS_FILE

    def _read(self) -> list[Intervention]:
        if not self.path.exists():
            return []
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise InvalidParameterError(f"{self.path}: line {exc.lineno}, column {exc.colno}: not valid JSON "
                                        f"({exc.msg}).", field="action_plans") from None
        items = data.get("interventions", []) if isinstance(data, dict) else None
        if not isinstance(items, list):
            raise InvalidParameterError(f"{self.path}: expected an object with a list 'interventions'.",
                                        field="action_plans")
        out = []
        for i, item in enumerate(items):
            try:
                out.append(Intervention.model_validate(item))
            except ValidationError as exc:
                e = exc.errors()[0]
                where = ".".join(str(p) for p in e.get("loc", ()))
                raise InvalidParameterError(f"{self.path}: intervention {i + 1} ({where}): {e.get('msg')}.",
                                            field="action_plans") from None
        return out

    def _write(self, items: list[Intervention]) -> None:
        body = {"format": _FORMAT, "interventions": [i.model_dump(mode="json") for i in items]}
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".action_plans.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(body, f, ensure_ascii=False, indent=1)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def list(self) -> list[Intervention]:
        """Every intervention, by start date."""
        return sorted(self._read(), key=lambda i: (i.start, i.id))

    def get(self, intervention_id: str) -> Intervention:
        for item in self._read():
            if item.id == intervention_id:
                return item
        raise NotFoundError(f"no intervention {intervention_id!r} in {self.path}.")

    def add(self, intervention: Intervention | dict[str, Any]) -> Intervention:
        """Register an intervention; its ``id`` is made from the name when empty (and made unique)."""
        try:
            iv = intervention if isinstance(intervention, Intervention) else Intervention.model_validate(intervention)
        except ValidationError as exc:
            e = exc.errors()[0]
            where = ".".join(str(p) for p in e.get("loc", ())) or "intervention"
            raise InvalidParameterError(f"invalid intervention ({where}): {e.get('msg')}.", field=where) from None
        items = self._read()
        taken = {i.id for i in items}
        base = iv.id or slugify(iv.name)
        new_id, k = base, 2
        while new_id in taken:
            new_id, k = f"{base}_{k}", k + 1
        iv = iv.model_copy(update={"id": new_id, "created_at": iv.created_at or datetime.now(UTC)})
        self._write([*items, iv])
        return iv

    def remove(self, intervention_id: str) -> None:
        items = self._read()
        keep = [i for i in items if i.id != intervention_id]
        if len(keep) == len(items):
            raise NotFoundError(f"no intervention {intervention_id!r} in {self.path}.")
        self._write(keep)
