"""Employee protection: how resource (employee) data may be used, for every resource aggregate.

A municipality decides, as one setting (:class:`EmployeePolicy`), how its employees' data in the event logs may be
used:

- ``off`` — no resource aggregate at all (only the automation share);
- ``team`` — only per team (the team an employee mostly worked in, from an event attribute such as ``team``), and
  only for teams of at least ``min_employees`` employees: smaller teams are merged, and left out when the merged
  group is still too small (the rule lives in :func:`sagsflow.disclosure.release.release_employee_groups`);
- ``individual`` — per (pseudonymised) employee, only with a registered purpose (what for, and the reference of
  the agreement or DPIA that allows it).

The protection concerns resources the mapping classes as employees (``employee_id``, the default); a resource
declared as process data (a system, a unit) is not employee data and is shown as it is.

Robots and system users declared in the mapping (``resource.automation``) are not employees: they are stored in
clear, shown as automation and counted in the automation share, never pseudonymised or grouped as staff.

Every resource aggregate — the process map's resource perspective, workload per resource and handovers — goes
through :func:`resource_groups`, and each read is recorded (the server's audit log; the workspace's legal log for
library use).

Examples
--------
>>> EmployeePolicy(use="individual").check()
Traceback (most recent call last):
...
sagsflow.legal.employees.EmployeeProtectionError: individual resource data needs a registered purpose ...
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Literal, get_args

import pyarrow as pa

from sagsflow.errors import DisclosureError, InvalidParameterError
from sagsflow.i18n import N_, _
from sagsflow.store.workspace import fetch_value

if TYPE_CHECKING:
    from sagsflow.analysis.process_map import ProcessMap
    from sagsflow.log import EventLog
    from sagsflow.store.workspace import Workspace

ResourceUse = Literal["off", "team", "individual"]
RESOURCE_USES: tuple[ResourceUse, ...] = get_args(ResourceUse)
RESOURCE_USE_NAMES = {"off": N_("off: no resource data"), "team": N_("team level only"),
                      "individual": N_("individual, with a registered purpose")}
#: event attributes that name a team, tried in this order when the policy names none
TEAM_ATTRIBUTES = ("team", "enhed", "afdeling", "unit", "org:group", "org_group", "group")
#: the default minimum number of employees in a group
DEFAULT_MIN_EMPLOYEES = 5


class EmployeeProtectionError(DisclosureError):
    """Resource (employee) data asked for in a way the municipality's employee protection does not allow."""

    kind = "employee-protection"


@dataclass(frozen=True)
class EmployeePolicy:
    """How resource (employee) data may be used (the municipality's setting).

    Parameters
    ----------
    use : {'off', 'team', 'individual'}
    team_attribute : str, optional
        The event attribute naming the team; None: the first of :data:`TEAM_ATTRIBUTES` the log has (without one,
        all employees form one group, "staff").
    min_employees : int
        The fewest employees a group (a team) of a resource aggregate may have.
    purpose, purpose_reference : str
        For ``individual``: what the per-employee figures are for, and the agreement or DPIA that allows it.
    """

    use: ResourceUse = "team"
    team_attribute: str | None = None
    min_employees: int = DEFAULT_MIN_EMPLOYEES
    purpose: str = ""
    purpose_reference: str = ""

    def check(self) -> EmployeePolicy:
        if self.use not in RESOURCE_USES:
            raise InvalidParameterError(_("resource use must be one of {names}. Got {value} instead.",
                                          names=", ".join(RESOURCE_USES), value=repr(self.use)), field="use")
        if not isinstance(self.min_employees, int) or self.min_employees < 1:
            raise InvalidParameterError(_("min_employees must be a whole number >= 1. Got {value} instead.",
                                          value=repr(self.min_employees)), field="min_employees")
        if self.use == "individual" and not (self.purpose.strip() and self.purpose_reference.strip()):
            raise EmployeeProtectionError(
                _("individual resource data needs a registered purpose and the reference of the agreement or DPIA "
                  "that allows it."), hint=_("Set purpose and purpose_reference, or use team level."), field="use")
        return self

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> EmployeePolicy:
        d = dict(data or {})
        unknown = sorted(set(d) - set(cls.__dataclass_fields__))
        if unknown:
            raise InvalidParameterError(_("unknown setting {name} of the employee protection.", name=repr(unknown[0])),
                                        field=unknown[0])
        return cls(**d).check()

    def describe(self) -> str:
        text = _(RESOURCE_USE_NAMES[self.use])
        if self.use == "team":
            text += " " + _("(groups of at least {n} employees)", n=self.min_employees)
        if self.use == "individual":
            text += f" — {self.purpose} ({self.purpose_reference})"
        return text


# ============================================================================ the workspace's setting
def _settings_table(ws: Workspace) -> None:
    ws.con.execute("CREATE TABLE IF NOT EXISTS sf_legal_settings (name VARCHAR PRIMARY KEY, value VARCHAR)")


def employee_policy(ws: Workspace) -> EmployeePolicy:
    """The workspace's employee protection (library use without a server; the server's municipality setting
    wins there). Default: team level, groups of at least 5 employees."""
    _settings_table(ws)
    value = fetch_value(ws.con, "SELECT value FROM sf_legal_settings WHERE name = 'employees'")
    return EmployeePolicy.from_dict(json.loads(value)) if value else EmployeePolicy()


def set_employee_policy(ws: Workspace, policy: EmployeePolicy, *, by: str | None = None) -> EmployeePolicy:
    """Store the workspace's employee protection (recorded in the legal log)."""
    from sagsflow.legal.record import log_event

    policy.check()
    _settings_table(ws)
    with ws.transaction() as con:
        con.execute("INSERT OR REPLACE INTO sf_legal_settings VALUES ('employees', ?)", [json.dumps(policy.to_dict())])
    log_event(ws, "employees.setting", actor=by, **policy.to_dict())
    return policy


# ============================================================================ groups
@dataclass(frozen=True)
class ResourceGroups:
    """How each resource value of a log is shown: ``labels`` maps a stored resource value to the label of its
    group (None: left out); ``kind`` per label: ``automation``, ``team``, ``employee``, ``other`` or ``staff``."""

    use: ResourceUse
    labels: dict[str, str | None]
    kind: dict[str, str]
    n_employees: dict[str, int]
    n_hidden_groups: int
    team_attribute: str | None


def automation_label(value: str) -> str:
    return _("{name} (automation)", name=value)


def team_attribute(log: EventLog, policy: EmployeePolicy) -> str | None:
    """The event attribute naming the team (the policy's, else a usual name the log has)."""
    names = {c.name for c in log.schema.event_attributes}
    if policy.team_attribute:
        if policy.team_attribute not in names:
            raise InvalidParameterError(
                _("the employee protection names the team attribute {name}, which the log has not.",
                  name=repr(policy.team_attribute)),
                hint=_("Event attributes: {names}.", names=", ".join(sorted(names))), field="team_attribute")
        return policy.team_attribute
    return next((t for t in TEAM_ATTRIBUTES if t in names), None)


def resource_groups(log: EventLog, policy: EmployeePolicy) -> ResourceGroups:
    """The group of every resource value under the employee protection (set-based: one query).

    Raises
    ------
    EmployeeProtectionError
        The setting is ``off`` (no resource aggregate), or ``individual`` without a registered purpose.
    """
    from sagsflow.disclosure.release import release_employee_groups
    from sagsflow.schema import DataClass
    from sagsflow.store.layout import qident

    policy.check()
    if log.schema.data_class("resource") is not DataClass.EMPLOYEE_ID:
        # the mapping says the resource is no person (a system, a unit): nothing here is employee data
        values = [str(r[0]) for r in log.workspace.con.sql(
            f"SELECT DISTINCT resource FROM ({log.events_sql()}) WHERE resource IS NOT NULL").fetchall()]
        return ResourceGroups(policy.use, {v: v for v in values}, {v: "resource" for v in values}, {}, 0, None)
    if policy.use == "off":
        raise EmployeeProtectionError(
            _("the municipality's employee protection is off: resource data is not used (only the automation "
              "share is shown)."), hint=_("An administrator can allow team-level figures."), field="resource")
    automation = set(log.schema.automation)
    team = team_attribute(log, policy) if policy.use == "team" else None
    team_sql = f"{qident(team)}::VARCHAR" if team else "NULL::VARCHAR"
    rows = log.workspace.con.sql(
        f"""SELECT resource, arg_max(team, n) AS team FROM (
              SELECT resource, {team_sql} AS team, count(*) AS n FROM ({log.events_sql()})
              WHERE resource IS NOT NULL GROUP BY ALL) GROUP BY resource""").fetchall()
    labels: dict[str, str | None] = {}
    kind: dict[str, str] = {}
    n_emp: dict[str, int] = {}
    hidden = 0
    staff = [(str(r), t) for r, t in rows if str(r) not in automation]
    for r, _t in rows:
        if str(r) in automation:
            auto = automation_label(str(r))
            labels[str(r)], kind[auto] = auto, "automation"
    if policy.use == "individual":
        for r, _t in staff:
            labels[r], kind[r], n_emp[r] = r, "employee", 1
    else:
        staff_label = _("staff")
        per_team: dict[str, int] = {}
        for _r, t in staff:
            key = t if (team and t is not None) else staff_label
            per_team[key] = per_team.get(key, 0) + 1
        other = _("(other teams, fewer than {n} employees each)", n=policy.min_employees)
        released, hidden = release_employee_groups(per_team, policy.min_employees, other)
        for r, t in staff:
            key = t if (team and t is not None) else staff_label
            group = released[key]
            labels[r] = group
            if group is not None:
                lab = group
                kind[lab] = "other" if lab == other else ("team" if team else "staff")
                n_emp[lab] = n_emp.get(lab, 0) + 1
    return ResourceGroups(policy.use, labels, kind, n_emp, hidden, team)


# ============================================================================ filters and value lists
_TEAM_HINT = N_("Filter by the team instead, or ask an administrator to register a purpose for individual figures.")


def employee_columns(log: EventLog) -> set[str]:
    """The columns of ``log`` whose values are employees (the mapping's ``employee_id`` class)."""
    from sagsflow.schema import DataClass

    names = {"resource", *(c.name for c in log.schema.attributes)}
    return {n for n in names if log.schema.data_class(n) is DataClass.EMPLOYEE_ID}


def check_employee_filter(log: EventLog, spec: Any, policy: EmployeePolicy) -> None:
    """Refuse a filter that selects cases by an employee (the resource, or another employee column) unless the
    protection allows individual figures.

    Under ``team`` or ``off`` a filter per employee would turn every aggregate (the map, the statistics, the
    variants) into that employee's figures: the team rule beaten by asking once per employee. Robots and system
    users (``resource.automation``) are no employees and may be filtered by.

    Examples
    --------
    >>> check_employee_filter(log, {"steps": [{"type": "event_attribute", "attribute": "resource",
    ...                                        "equals": "E-17"}]}, EmployeePolicy(use="team"))  # doctest: +SKIP
    Traceback (most recent call last):
    ...
    sagsflow.legal.employees.EmployeeProtectionError: the employee protection allows team level only ...
    """
    if policy.use == "individual" or not spec:
        return
    plain = (spec.model_dump(by_alias=True, exclude_none=True) if hasattr(spec, "model_dump")
             else spec.to_dict() if hasattr(spec, "to_dict") else spec)
    steps = _steps_naming(plain, employee_columns(log))
    automation = set(log.schema.automation)
    for step in steps:
        values = [step["equals"]] if step.get("equals") is not None else list(step.get("in") or [])
        if values and all(str(v) in automation for v in values):
            continue
        raise EmployeeProtectionError(
            _("the employee protection allows {level} only: a filter on the employee column {name} would show "
              "one employee's figures.", level=_(RESOURCE_USE_NAMES[policy.use]), name=repr(step["attribute"])),
            hint=_(_TEAM_HINT), field="filter")


def hidden_employee_columns(log: EventLog, policy: EmployeePolicy) -> set[str]:
    """The employee columns a filter picker may not offer under ``policy`` (all of them unless individual)."""
    return set() if policy.use == "individual" else employee_columns(log)


def check_employee_values(log: EventLog, attribute: str, policy: EmployeePolicy) -> None:
    """Refuse the list of an employee column's values with their case counts (per-employee figures) unless the
    protection allows individual figures."""
    if attribute in hidden_employee_columns(log, policy):
        raise EmployeeProtectionError(
            _("the employee protection allows {level} only: the values of the employee column {name} are "
              "per-employee figures.", level=_(RESOURCE_USE_NAMES[policy.use]), name=repr(attribute)),
            hint=_(_TEAM_HINT), field="attribute")


def _steps_naming(spec: Any, names: set[str]) -> list[dict[str, Any]]:
    if isinstance(spec, dict):
        own = [spec] if spec.get("attribute") in names else []
        return own + [s for v in spec.values() for s in _steps_naming(v, names)]
    if isinstance(spec, list | tuple):
        return [s for v in spec for s in _steps_naming(v, names)]
    return []


# ============================================================================ aggregates
@dataclass(frozen=True)
class ResourceReport:
    """Workload and handovers per resource group, and the automation share (events with a resource done by
    robots and system users)."""

    use: ResourceUse
    workload: pa.Table
    handovers: pa.Table
    automation_share: float | None
    n_automation_events: int
    n_events_with_resource: int
    n_hidden_groups: int
    team_attribute: str | None
    purpose: str

    def to_dict(self) -> dict[str, Any]:
        return {"use": self.use, "workload": {"columns": self.workload.column_names,
                                               "rows": self.workload.to_pylist()},
                "handovers": {"columns": self.handovers.column_names, "rows": self.handovers.to_pylist()},
                "automation_share": self.automation_share, "n_automation_events": self.n_automation_events,
                "n_events_with_resource": self.n_events_with_resource, "n_hidden_groups": self.n_hidden_groups,
                "team_attribute": self.team_attribute, "purpose": self.purpose}


def automation_share(log: EventLog) -> tuple[int, int]:
    """(events by robots and system users, events with a resource) — allowed under every setting."""
    auto = list(log.schema.automation)
    values = ", ".join("'" + a.replace("'", "''") + "'" for a in auto) or "NULL"
    row = log.workspace.con.sql(
        f"SELECT count(*) FILTER (WHERE resource IN ({values})), count(resource) FROM ({log.events_sql()})"
    ).fetchall()[0]
    return int(row[0]), int(row[1])


def resource_statistics(log: EventLog, policy: EmployeePolicy, *, record: bool = True,
                        actor: str | None = None) -> ResourceReport:
    """Workload per resource group (events, cases, activities, employees) and handovers between groups, under the
    employee protection; robots and system users as automation. Each call is recorded in the workspace's legal
    log (``record``).

    Under ``off`` only the automation share is given (empty tables). A handover is an event whose resource differs
    from the previous event's in the same case; at team level it is counted between the two resources' groups.
    """
    n_auto, n_res = automation_share(log)
    share = (n_auto / n_res) if n_res else None
    empty_w = pa.table({"resource": pa.array([], pa.string())})
    from sagsflow.schema import DataClass

    if policy.use == "off" and log.schema.data_class("resource") is DataClass.EMPLOYEE_ID:
        policy.check()
        report = ResourceReport("off", empty_w, pa.table({"from_resource": pa.array([], pa.string())}), share,
                                n_auto, n_res, 0, None, "")
    else:
        groups = resource_groups(log, policy)
        con = log.workspace.con
        mapping = pa.table({"resource": list(groups.labels), "grp": list(groups.labels.values())})
        name = f"__sf_groups_{id(mapping)}"
        con.register(name, mapping)
        try:
            ev = f"SELECT e.case_idx, e.activity_code, e.event_idx, g.grp FROM ({log.events_sql()}) e " \
                 f"JOIN {name} g ON g.resource = e.resource"
            workload = con.sql(
                f"""SELECT grp AS resource, count(*)::BIGINT AS n_events, count(DISTINCT case_idx)::BIGINT AS n_cases,
                    count(DISTINCT activity_code)::BIGINT AS n_activities
                FROM ({ev}) WHERE grp IS NOT NULL GROUP BY grp ORDER BY n_events DESC, resource""").to_arrow_table()
            handovers = con.sql(
                f"""SELECT prev AS from_resource, grp AS to_resource, count(*)::BIGINT AS n_handovers,
                    count(DISTINCT case_idx)::BIGINT AS n_cases
                FROM (SELECT case_idx, grp, lag(grp) OVER (PARTITION BY case_idx ORDER BY event_idx) AS prev,
                             lag(resource) OVER (PARTITION BY case_idx ORDER BY event_idx) AS prev_res, resource
                      FROM (SELECT e.case_idx, e.event_idx, e.resource, g.grp FROM ({log.events_sql()}) e
                            JOIN {name} g ON g.resource = e.resource))
                WHERE prev_res IS NOT NULL AND prev_res <> resource AND prev IS NOT NULL AND grp IS NOT NULL
                GROUP BY ALL ORDER BY n_handovers DESC, from_resource, to_resource""").to_arrow_table()
        finally:
            con.unregister(name)
        kinds = [groups.kind.get(str(r), "employee") for r in workload.column("resource").to_pylist()]
        n_emp = [0 if k in ("automation", "resource") else groups.n_employees.get(str(r), 1)
                 for r, k in zip(workload.column("resource").to_pylist(), kinds, strict=True)]
        total = max(sum(workload.column("n_events").to_pylist()), 1)
        workload = workload.append_column("kind", pa.array(kinds, pa.string())) \
            .append_column("n_employees", pa.array(n_emp, pa.int64())) \
            .append_column("event_share", pa.array([n / total for n in workload.column("n_events").to_pylist()]))
        report = ResourceReport(groups.use, workload, handovers, share, n_auto, n_res, groups.n_hidden_groups,
                                groups.team_attribute, policy.purpose)
    if record:
        from sagsflow.legal.record import log_event

        log_event(log.workspace, "resource.read", actor=actor, log=log.name, answer="resource_statistics",
                  use=policy.use, purpose=policy.purpose or None)
    return report


def resource_map(log: EventLog, policy: EmployeePolicy, *, record: bool = True, actor: str | None = None,
                 **kwargs: Any) -> ProcessMap:
    """The process map from the resource perspective under the employee protection: teams (or employees, with a
    registered purpose) and automation as nodes. ``kwargs`` go to :func:`sagsflow.discover_process_map`."""
    from sagsflow.analysis.process_map import discover_process_map

    groups = resource_groups(log, policy)
    pm = discover_process_map(log, perspective="resource", groups=groups.labels, **kwargs)
    if record:
        from sagsflow.legal.record import log_event

        log_event(log.workspace, "resource.read", actor=actor, log=log.name, answer="map", use=policy.use,
                  purpose=policy.purpose or None)
    return pm
