"""What a model predicts: remaining time, next activity, an outcome label, or a deadline risk.

A target is written as text on the CLI and in the API: ``remaining_time``, ``next_activity``
(``next_activity:continues``: the next step given that the case continues, never END),
``outcome:<label spec>`` or ``deadline:<rule id>``. A label spec defines the outcome on completed cases:

- ``activity=<a>|<b>``: one of the activities occurs in the case (e.g. ``activity=Send for Credit Collection``);
  ``activity=<a>,within=28d``: it occurs at most 28 days after the step before it;
- ``attribute:<column>=<value>|<value>``: a case or event attribute has one of the values somewhere in the case
  (e.g. ``attribute:afgangsaarsag=Job``);
- ``last=<a>|<b>``: the case's last activity is one of these; ``last[O_*]=<a>|<b>``: the last activity whose name
  matches the pattern is one of these;
- any of these followed by ``;among=<label spec>``: only cases for which that holds are labelled (the others are
  left out of training and evaluation), e.g. ``activity=Admission IC;among=activity=Release A|Release B``.

A label becomes known at an instant (``label_time``): an activity label when the activity happens (or, for a
case without it, when the case ends); other labels when the case ends. Strict evaluation protocols train only on
labels known before the cut (:mod:`sagsflow.predict.protocol`).

Examples
--------
>>> Target.parse("outcome:activity=Sanktion").label
LabelSpec(kind='activity', column=None, values=('Sanktion',), within_days=None, scope=None, among=None)
>>> Target.parse("next_activity").task
'multiclass'
>>> str(LabelSpec.parse("activity=Return ER,within=28d;among=activity=Release A|Release B"))
'activity=Return ER,within=28d;among=activity=Release A|Release B'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from sagsflow.errors import InvalidParameterError, SchemaError
from sagsflow.i18n import _, format_list, use_language
from sagsflow.store.layout import qident

if TYPE_CHECKING:
    from sagsflow.log import EventLog

Kind = Literal["remaining_time", "next_activity", "outcome", "deadline"]
_KINDS = ("remaining_time", "next_activity", "outcome", "deadline")
_WITHIN = re.compile(r"^(?P<body>.*),\s*within=(?P<n>[0-9]+(?:\.[0-9]+)?)(?P<unit>[dh])$")
_SCOPED_LAST = re.compile(r"^last\[(?P<glob>[^\]]+)\]=(?P<values>.*)$")
_SPEC_HINT = ("Examples: outcome:activity=Send for Credit Collection, outcome:activity=Return ER,within=28d, "
              "outcome:attribute:afgangsaarsag=Job, outcome:last=Closed|Resolved, outcome:last[O_*]=O_ACCEPTED, "
              "outcome:activity=Admission IC;among=activity=Release A|Release B")


def _sql_list(values: tuple[str, ...]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


@dataclass(frozen=True)
class LabelSpec:
    """An outcome label on completed cases (see the module docstring for the text form)."""

    kind: Literal["activity", "attribute", "last"]
    column: str | None
    values: tuple[str, ...]
    within_days: float | None = None
    scope: str | None = None
    among: LabelSpec | None = None

    @classmethod
    def parse(cls, text: str) -> LabelSpec:
        t = text.strip()
        among = None
        if ";among=" in t:
            t, _sep, rest = t.partition(";among=")
            among = cls.parse(rest)
            t = t.strip()
        if t.startswith("activity="):
            body, within = t[len("activity="):], None
            m = _WITHIN.match(body)
            if m:
                body = m.group("body")
                within = float(m.group("n")) / (24.0 if m.group("unit") == "h" else 1.0)
            vals = tuple(v for v in body.split("|") if v)
            if vals:
                return cls("activity", None, vals, within_days=within, among=among)
        elif t.startswith("attribute:") and "=" in t:
            col, val = t[len("attribute:"):].split("=", 1)
            vals = tuple(v for v in val.split("|") if v) or (val,)
            return cls("attribute", col.strip(), vals, among=among)
        elif t.startswith("last=") or _SCOPED_LAST.match(t):
            m = _SCOPED_LAST.match(t)
            scope, body = (m.group("glob"), m.group("values")) if m else (None, t[len("last="):])
            vals = tuple(v for v in body.split("|") if v)
            if vals:
                return cls("last", None, vals, scope=scope, among=among)
        raise InvalidParameterError(
            f"an outcome label spec is 'activity=<name>', 'attribute:<column>=<value>' or 'last=<a>|<b>' "
            f"(optionally ';among=<label spec>'). Got {text!r} instead.", hint=_SPEC_HINT, field="target")

    def __str__(self) -> str:
        vals = "|".join(self.values)
        if self.kind == "activity":
            text = f"activity={vals}"
            if self.within_days is not None:
                text += f",within={self.within_days:g}d"
        elif self.kind == "attribute":
            text = f"attribute:{self.column}={vals}"
        else:
            text = (f"last[{self.scope}]=" if self.scope else "last=") + vals
        return text + (f";among={self.among}" if self.among is not None else "")

    @property
    def defining_columns(self) -> tuple[str, ...]:
        """The columns whose values define the label (never a feature of a model of it)."""
        own = (self.column,) if self.kind == "attribute" and self.column else ()
        return own + (self.among.defining_columns if self.among is not None else ())

    def describe(self, lang: str | None = None) -> str:
        """The label in words, in ``lang`` (default: the current language, :mod:`sagsflow.i18n`)."""
        with use_language(lang):
            vals = format_list(self.values, style="or")
            if self.kind == "activity":
                text = (_("{values} occurs in the case within {days} days of the step before it", values=vals,
                          days=self.within_days) if self.within_days is not None else
                        _("{values} occurs in the case", values=vals))
            elif self.kind == "attribute":
                text = _("{column} is {values}", column=self.column, values=vals)
            elif self.scope:
                text = _("the last step matching {pattern} is {values}", pattern=self.scope, values=vals)
            else:
                text = _("the case ends with {values}", values=vals)
            if self.among is not None:
                text = _("{label}, among the cases where {population}", label=text,
                         population=self.among.describe())
            return text

    def case_labels(self, log: EventLog) -> pd.DataFrame:
        """One row per labelled case of ``log``: ``case_idx``, ``y`` (0/1), ``decided`` (when the label became
        known) and ``cut_pos`` (for an activity label, the number of events before the first of the activities:
        prefixes from it on know the outcome; else missing). Cases outside ``among`` are left out. Computed in
        SQL."""
        con = log.workspace.con
        vals = _sql_list(self.values)
        ev = log.events_sql()
        if self.kind == "activity":
            hit = "true" if self.within_days is None else (
                f"coalesce(epoch(timestamp - prev_ts) <= {float(self.within_days) * 86400.0}, false)")
            sql = f"""
                SELECT case_idx,
                       coalesce(arg_min({hit}, n) FILTER (WHERE activity IN ({vals})), false)::INTEGER AS y,
                       coalesce(min(timestamp) FILTER (WHERE activity IN ({vals})), max(timestamp)) AS decided,
                       min(n) FILTER (WHERE activity IN ({vals})) - 1 AS cut_pos
                FROM (SELECT case_idx, activity, timestamp,
                             row_number() OVER (PARTITION BY case_idx ORDER BY event_idx) AS n,
                             lag(timestamp) OVER (PARTITION BY case_idx ORDER BY event_idx) AS prev_ts
                      FROM ({ev}))
                GROUP BY case_idx"""
        elif self.kind == "last":
            scoped = f" FILTER (WHERE activity GLOB '{self.scope.replace(chr(39), chr(39) * 2)}')" if self.scope else ""
            sql = (f"SELECT case_idx, coalesce(arg_max(activity, event_idx){scoped} IN ({vals}), false)::INTEGER AS y, "
                   f"max(timestamp) AS decided, NULL::BIGINT AS cut_pos FROM ({ev}) GROUP BY case_idx")
        else:
            col = self.column or ""
            attr = log.schema.attribute(col)
            if attr is None:
                raise SchemaError(
                    f"the outcome label names the column {col!r}, which the log does not have.",
                    hint="Columns: " + ", ".join(c.name for c in log.schema.attributes), field="target")
            src = log.cases_sql() if attr.level == "case" else ev
            sql = (f"SELECT l.case_idx, l.y, e.decided, NULL::BIGINT AS cut_pos FROM "
                   f"(SELECT case_idx, max(coalesce(({qident(col)})::VARCHAR IN ({vals}), false)::INTEGER) AS y "
                   f"FROM ({src}) GROUP BY case_idx) l JOIN "
                   f"(SELECT case_idx, max(timestamp) AS decided FROM ({ev}) GROUP BY case_idx) e USING (case_idx)")
        out = con.sql(sql).to_arrow_table().to_pandas()
        if self.among is not None:
            pop = self.among.case_labels(log)
            out = out[out["case_idx"].isin(pop.loc[pop["y"] == 1, "case_idx"])]
        return out.reset_index(drop=True)

    def decisive_activities(self) -> tuple[str, ...]:
        """Activities whose occurrence settles the label (prefixes from them on are not predictions)."""
        return self.values if self.kind == "activity" else ()


@dataclass(frozen=True)
class Target:
    """A prediction target: ``kind`` plus the outcome label or the rule id."""

    kind: Kind
    label: LabelSpec | None = None
    rule_id: str | None = None
    continues: bool = False

    @classmethod
    def parse(cls, text: str | Target) -> Target:
        if isinstance(text, Target):
            return text
        t = str(text).strip()
        head, _, rest = t.partition(":")
        if head not in _KINDS:
            raise InvalidParameterError(
                f"the target must be one of remaining_time, next_activity, outcome:<label spec>, "
                f"deadline:<rule id>. Got {text!r} instead.", field="target")
        if head == "outcome":
            if not rest:
                raise InvalidParameterError("an outcome target needs a label spec: outcome:activity=<name>.",
                                            field="target")
            return cls("outcome", label=LabelSpec.parse(rest))
        if head == "deadline":
            if not rest:
                raise InvalidParameterError("a deadline target needs a rule id: deadline:<rule id>.", field="target")
            return cls("deadline", rule_id=rest.strip())
        if head == "next_activity" and rest.strip() == "continues":
            return cls("next_activity", continues=True)
        if rest:
            raise InvalidParameterError(f"the target {head!r} takes no ':' part (next_activity: ':continues'). "
                                        f"Got {text!r}.", field="target")
        return cls(head)  # type: ignore[arg-type]

    def __str__(self) -> str:
        if self.kind == "outcome":
            return f"outcome:{self.label}"
        if self.kind == "deadline":
            return f"deadline:{self.rule_id}"
        if self.continues:
            return "next_activity:continues"
        return self.kind

    @property
    def task(self) -> Literal["regression", "multiclass", "binary"]:
        if self.kind == "remaining_time":
            return "regression"
        if self.kind == "next_activity":
            return "multiclass"
        return "binary"

    def describe(self, lang: str | None = None) -> str:
        """What is predicted, in words, in ``lang`` (default: the current language)."""
        with use_language(lang):
            if self.kind == "remaining_time":
                return _("remaining time until the case is closed (days)")
            if self.kind == "next_activity":
                if self.continues:
                    return _("the next activity of the case, given that the case continues")
                return _("the next activity of the case (or that the case ends)")
            if self.kind == "outcome":
                assert self.label is not None
                return _("the probability that {label}", label=self.label.describe())
            return _("the risk that the deadline of rule {rule} is missed", rule=self.rule_id)

    def title(self, lang: str | None = None) -> str:
        """A short name for headings and lists: "Remaining time", "Næste aktivitet", "Udfald: ..."."""
        with use_language(lang):
            if self.kind == "remaining_time":
                return _("Remaining time")
            if self.kind == "next_activity":
                return _("Next activity")
            if self.kind == "outcome":
                assert self.label is not None
                return _("Outcome: {label}", label=self.label.describe())
            return _("Deadline risk: rule {rule}", rule=self.rule_id)



def target_title(text: str, lang: str | None = None) -> str:
    """The short name of a target written as text (``"remaining_time"`` -> "Resterende tid" in Danish); the
    text itself when it is not a valid target.

    Examples
    --------
    >>> target_title("remaining_time", "da"), target_title("next_activity", "en")
    ('Resterende tid', 'Next activity')
    """
    try:
        return Target.parse(text).title(lang)
    except InvalidParameterError:
        return text


def attach_labels(frame: pd.DataFrame, target: Target, log: EventLog, *, rules: object = None,
                  as_of: object = None) -> pd.DataFrame:
    """The prefixes that carry a label for ``target``, with ``y`` and ``label_time`` (when ``y`` became known).

    - remaining time: prefixes before the last event, ``y`` = days until the case's last event, known when the
      case ends;
    - next activity: every prefix (``continues``: all but the last), ``y`` = the next activity's code or ``-2``
      (END), known when the next event happens (END: at the last event);
    - outcome: prefixes before the last event and before a decisive activity, ``y`` 0/1 (see
      :meth:`LabelSpec.case_labels`);
    - deadline: prefixes between the rule's trigger and the earlier of deadline and fulfilment of
      cases the rule decided (met/violated), ``y`` = 1 when violated; adds ``days_to_deadline``
      and ``days_since_trigger``. Pending cases keep ``y`` missing (they are scored, not learnt).
    """
    f = frame
    if target.kind == "remaining_time":
        out = f[f["prefix_length"] < f["case_length"]].copy()
        out["y"] = out["remaining_days"].astype("float64")
        out["label_time"] = out["case_end"]
        return out
    if target.kind == "next_activity":
        out = f[f["prefix_length"] < f["case_length"]].copy() if target.continues else f.copy()
        out["y"] = out["next_activity"].astype("int64")
        out["label_time"] = out["next_ts"].where(out["next_ts"].notna(), out["ts"])
        return out
    if target.kind == "outcome":
        assert target.label is not None
        lab = target.label.case_labels(log)
        out = f[f["prefix_length"] < f["case_length"]].merge(lab, on="case_idx", how="inner")
        cut = out["cut_pos"]
        out = out[cut.isna() | (out["prefix_length"] <= cut.fillna(0))]
        out = out.rename(columns={"decided": "label_time"}).drop(columns="cut_pos")
        out["y"] = out["y"].astype("int64")
        return out.reset_index(drop=True)
    return _deadline_labels(f, target, log, rules=rules, as_of=as_of)


def _deadline_labels(frame: pd.DataFrame, target: Target, log: EventLog, *, rules: object,
                     as_of: object) -> pd.DataFrame:
    try:
        from sagsflow import compliance
    except ImportError as exc:  # pragma: no cover - depends on the compliance package being installed
        raise InvalidParameterError(
            "deadline targets need sagsflow.compliance, which is not available in this installation.",
            field="target") from exc
    rule_set = rules if rules is not None else compliance.load_pack("employment-dk")
    if isinstance(rule_set, str):
        rule_set = compliance.load_rules(rule_set)
    result = compliance.evaluate(log, rule_set, as_of=as_of)  # type: ignore[arg-type]
    cases = result.cases
    cases = cases[cases["rule_id"] == target.rule_id]
    if cases.empty:
        known = sorted(set(result.cases["rule_id"])) if len(result.cases) else []
        raise InvalidParameterError(
            f"the rule {target.rule_id!r} decided no case in this log.",
            hint="Rules with results: " + (", ".join(map(str, known)) or "none"), field="target")
    ids = log.workspace.con.sql(f"SELECT case_idx, case_id FROM ({log.cases_sql()})").to_arrow_table().to_pandas()
    cases = cases.merge(ids, on="case_id", how="inner")
    cases = cases[cases["status"].isin(["met", "violated", "pending"])]
    cols = ["case_idx", "status", "trigger_time", "deadline", "fulfilled_time"]
    out = frame.merge(cases[cols], on="case_idx", how="inner")
    for c in ("trigger_time", "deadline", "fulfilled_time"):
        out[c] = pd.to_datetime(out[c], utc=True)
    ts = pd.to_datetime(out["ts"], utc=True)
    end = out["deadline"].where(out["fulfilled_time"].isna() | (out["fulfilled_time"] > out["deadline"]),
                                out["fulfilled_time"])
    inside = (ts >= out["trigger_time"]) & (ts < end)
    out = out[inside.to_numpy()].copy()
    out["days_to_deadline"] = (out["deadline"] - pd.to_datetime(out["ts"], utc=True)).dt.total_seconds() / 86400.0
    out["days_since_trigger"] = (pd.to_datetime(out["ts"], utc=True) - out["trigger_time"]).dt.total_seconds() / 86400.0
    out["y"] = np.where(out["status"] == "violated", 1.0, np.where(out["status"] == "met", 0.0, np.nan))
    out["label_time"] = end[inside.to_numpy()].to_numpy()
    return out.drop(columns=["trigger_time", "fulfilled_time"]).reset_index(drop=True)
