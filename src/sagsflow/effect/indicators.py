"""Indicators an action plan should move, as weekly or monthly series per unit.

An :class:`Indicator` says what to measure; :func:`indicator_series` measures it on a log with one set-based
query: per unit (a case attribute such as ``kommune`` or ``maalgruppe``) and per period (ISO week starting on
Monday, or calendar month, in Danish time), a numerator, a denominator and their ratio ``value``. Keeping the
numerator and the denominator lets the effect models weigh each period by how much it saw.

=================  ===========================================================  =========================
kind               value                                                        period of a case
=================  ===========================================================  =========================
``throughput``     mean case duration in days                                   the case's first event
``waiting``        mean days from the first ``from_activities`` to the first    the ``from`` event
                   ``to_activities`` after it
``outcome_share``  share of cases whose first event among ``among`` is one of   that event
                   ``outcome``
``rework``         share of cases with an activity (of ``activities``, or any)  the case's first event
                   that occurs more than once
``volume``         cases started per active resource (case volume per           the case's first event
                   caseworker; resources counted with events in the period)
=================  ===========================================================  =========================

Activities are lists, so synonyms of one step (``"Udeblevet"`` and ``"Udeblevet fra samtale"``) count as one.

Examples
--------
>>> import sagsflow, tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "sager.csv"
>>> rows = [f"{i},Ansøgning,2024-01-{1 + i % 20:02d} 09:00\\n{i},Visitation,2024-01-{3 + i % 20:02d} 09:00"
...         for i in range(40)]
>>> _ = p.write_text("case,activity,time\\n" + "\\n".join(rows))
>>> wait = Indicator(kind="waiting", from_activities=["Ansøgning"], to_activities=["Visitation"])
>>> s = indicator_series(sagsflow.read_csv(p), wait, period="week")
>>> s.to_pandas()[["period", "denominator", "value"]].head(3)
       period  denominator  value
0  2024-01-01           14    2.0
1  2024-01-08           14    2.0
2  2024-01-15           12    2.0
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from sagsflow.analysis._table import Table, arrow
from sagsflow.errors import InvalidParameterError
from sagsflow.i18n import N_, _
from sagsflow.store.layout import qident

if TYPE_CHECKING:
    from sagsflow.log import EventLog

IndicatorKind = Literal["throughput", "waiting", "outcome_share", "rework", "volume"]
Period = Literal["week", "month"]
TIMEZONE = "Europe/Copenhagen"

#: what each kind measures, for people (translated where shown)
KIND_LABELS: dict[str, str] = {
    "throughput": N_("throughput time (days)"),
    "waiting": N_("waiting time (days)"),
    "outcome_share": N_("share of cases"),
    "rework": N_("share of cases with rework"),
    "volume": N_("new cases per caseworker"),
}
#: kinds whose value is a share in [0, 1]
SHARE_KINDS = ("outcome_share", "rework")


def _sql_list(values: list[str]) -> str:
    return "(" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + ")"


class Indicator(BaseModel):
    """What to measure: one of the kinds in the module's table, with its activities.

    Examples
    --------
    >>> Indicator(kind="outcome_share", among=["Jobsamtale", "Udeblevet"], outcome=["Udeblevet"]).label()
    'share of cases: first of Jobsamtale, Udeblevet is Udeblevet'
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: IndicatorKind
    from_activities: list[str] = Field(default_factory=list)
    to_activities: list[str] = Field(default_factory=list)
    among: list[str] = Field(default_factory=list)
    outcome: list[str] = Field(default_factory=list)
    activities: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check(self) -> Indicator:
        need = {"waiting": ("from_activities", "to_activities"), "outcome_share": ("among", "outcome")}
        for name in need.get(self.kind, ()):
            if not getattr(self, name):
                raise ValueError(f"an indicator of kind {self.kind!r} needs {name!r} (a list of activity names)")
        if self.kind == "outcome_share" and not set(self.outcome) <= set(self.among):
            raise ValueError("every 'outcome' activity must also be one of 'among'")
        return self

    def label(self) -> str:
        """A short description for people, in the current language."""
        base = _(KIND_LABELS[self.kind])
        if self.kind == "waiting":
            return _("{what}: {source} to {target}", what=base, source=", ".join(self.from_activities),
                     target=", ".join(self.to_activities))
        if self.kind == "outcome_share":
            return _("{what}: first of {among} is {outcome}", what=base, among=", ".join(self.among),
                     outcome=", ".join(self.outcome))
        return base

    @property
    def is_share(self) -> bool:
        return self.kind in SHARE_KINDS


class SeriesSpec(BaseModel):
    """Which series a benchmark profile carries for a difference-in-differences against it: an indicator, the
    period and the case types measured (``{case attribute: [values]}``). Two specs are the same series when
    :meth:`key` agrees (the order of activity names does not matter).

    Examples
    --------
    >>> a = SeriesSpec(indicator={"kind": "waiting", "from_activities": ["A", "B"], "to_activities": ["C"]})
    >>> b = SeriesSpec(indicator={"kind": "waiting", "from_activities": ["B", "A"], "to_activities": ["C"]})
    >>> a.key() == b.key(), a.period
    (True, 'month')
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    indicator: Indicator
    period: Period = "month"
    case_types: dict[str, list[str]] = Field(default_factory=dict)

    def key(self) -> str:
        """A canonical text of the spec (lists sorted), for matching a profile's series."""
        import json

        ind = {k: sorted(v) if isinstance(v, list) else v
               for k, v in self.indicator.model_dump(exclude_defaults=True).items()}
        ind["kind"] = self.indicator.kind
        return json.dumps({"indicator": ind, "period": self.period,
                           "case_types": {k: sorted(map(str, v)) for k, v in self.case_types.items()}},
                          sort_keys=True, ensure_ascii=False)


class IndicatorSeries(Table):
    """Columns ``unit`` (the unit attribute's value, or ``'all'``), ``period`` (first day of the week or
    month), ``numerator``, ``denominator`` (cases, or resources for ``volume``) and ``value``
    (numerator / denominator); by unit and period. ``meta``: ``indicator`` (dict), ``period_kind``, ``unit_by``.
    """


def _case_units(log: EventLog, by: str | None) -> str:
    """SQL: case_idx, unit."""
    if by is None:
        return f"SELECT case_idx, 'all' AS unit FROM ({log.cases_sql()})"
    names = [c.name for c in log.schema.case_attributes]
    if by not in names:
        raise InvalidParameterError(
            f"'by' must be a case attribute of log {log.name!r}. Got {by!r} instead.",
            hint=f"Case attributes: {', '.join(names) or '(none)'}.", field="by")
    return f"SELECT case_idx, coalesce(CAST({qident(by)} AS VARCHAR), '(none)') AS unit FROM ({log.cases_sql()})"


def _per_case_sql(log: EventLog, ind: Indicator) -> str:
    """SQL: case_idx, t (the time that places the case in a period), num (its contribution), den (1)."""
    ev = log.events_sql()
    if ind.kind == "waiting":
        return f"""
        WITH ev AS (SELECT case_idx, activity, timestamp FROM ({ev})),
        a AS (SELECT case_idx, min(timestamp) AS t FROM ev WHERE activity IN {_sql_list(ind.from_activities)}
              GROUP BY case_idx)
        SELECT a.case_idx, a.t, (epoch(min(ev.timestamp)) - epoch(a.t)) / 86400.0 AS num, 1 AS den
        FROM a JOIN ev ON ev.case_idx = a.case_idx AND ev.activity IN {_sql_list(ind.to_activities)}
                       AND ev.timestamp >= a.t
        GROUP BY a.case_idx, a.t"""
    if ind.kind == "outcome_share":
        return f"""
        SELECT case_idx, min(timestamp) AS t,
               CAST(arg_min(activity, event_idx) IN {_sql_list(ind.outcome)} AS DOUBLE) AS num, 1 AS den
        FROM ({ev}) WHERE activity IN {_sql_list(ind.among)} GROUP BY case_idx"""
    if ind.kind == "throughput":
        return f"""SELECT case_idx, min(timestamp) AS t,
                          (epoch(max(timestamp)) - epoch(min(timestamp))) / 86400.0 AS num, 1 AS den
                   FROM ({ev}) GROUP BY case_idx"""
    if ind.kind == "rework":
        only = f"WHERE activity IN {_sql_list(ind.activities)}" if ind.activities else ""
        return f"""
        WITH c AS (SELECT case_idx, min(timestamp) AS t FROM ({ev}) GROUP BY case_idx),
        r AS (SELECT DISTINCT case_idx FROM ({ev}) {only} GROUP BY case_idx, activity HAVING count(*) > 1)
        SELECT c.case_idx, c.t, CAST(r.case_idx IS NOT NULL AS DOUBLE) AS num, 1 AS den
        FROM c LEFT JOIN r USING (case_idx)"""
    raise AssertionError(ind.kind)  # pragma: no cover - volume is handled apart


def indicator_series(log: EventLog, indicator: Indicator | dict[str, Any], *, period: Period = "week",
                     by: str | None = None) -> IndicatorSeries:
    """Measure ``indicator`` on ``log`` per period (and per unit when ``by`` names a case attribute).

    Parameters
    ----------
    log : EventLog
        The log (filters applied).
    indicator : Indicator or dict
        What to measure (a dict is validated as an :class:`Indicator`).
    period : {'week', 'month'}
        Weeks start on Monday; both in Danish time.
    by : str, optional
        A case attribute whose values are the units (``'kommune'``, ``'maalgruppe'``).

    Returns
    -------
    IndicatorSeries
        One row per unit and period with at least one case; periods without cases are absent.
    """
    ind = indicator if isinstance(indicator, Indicator) else _validated(indicator)
    if period not in ("week", "month"):
        raise InvalidParameterError(f"'period' must be 'week' or 'month'. Got {period!r} instead.", field="period")
    units = _case_units(log, by)
    bucket = f"CAST(date_trunc('{period}', timezone('{TIMEZONE}', {{t}})) AS DATE)"
    if ind.kind == "volume":
        ev = log.events_sql()
        sql = f"""
        WITH u AS ({units}),
        starts AS (SELECT u.unit, {bucket.format(t="min(e.timestamp)")} AS period, e.case_idx
                   FROM ({ev}) e JOIN u USING (case_idx) GROUP BY u.unit, e.case_idx),
        n AS (SELECT unit, period, count(*)::DOUBLE AS numerator FROM starts GROUP BY ALL),
        r AS (SELECT u.unit, {bucket.format(t="e.timestamp")} AS period,
                     count(DISTINCT e.resource)::BIGINT AS denominator
              FROM ({ev}) e JOIN u USING (case_idx) WHERE e.resource IS NOT NULL GROUP BY ALL)
        SELECT n.unit, n.period, n.numerator, r.denominator, n.numerator / r.denominator AS value
        FROM n JOIN r USING (unit, period) ORDER BY n.unit, n.period"""
    else:
        sql = f"""
        WITH u AS ({units}), pc AS ({_per_case_sql(log, ind)})
        SELECT u.unit, {bucket.format(t="pc.t")} AS period, sum(pc.num)::DOUBLE AS numerator,
               sum(pc.den)::BIGINT AS denominator, sum(pc.num) / sum(pc.den) AS value
        FROM pc JOIN u USING (case_idx) GROUP BY ALL ORDER BY 1, 2"""
    data = arrow(log.workspace.con, sql)
    return IndicatorSeries(data, indicator=ind.model_dump(exclude_defaults=True), period_kind=period, unit_by=by)


def _validated(data: dict[str, Any]) -> Indicator:
    from pydantic import ValidationError

    try:
        return Indicator.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "indicator"
        raise InvalidParameterError(f"invalid indicator ({where}): {first.get('msg')}",
                                    hint="See docs/effect.md for the indicator kinds.", field="indicator") from None
