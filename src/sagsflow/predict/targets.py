"""What a model predicts: remaining time, next activity, an outcome label, or a deadline risk.

A target is written as text on the CLI and in the API: ``remaining_time``, ``next_activity``,
``outcome:<label spec>`` or ``deadline:<rule id>``. A label spec defines the outcome on completed
cases:

- ``activity=<name>``: the activity occurs in the case (e.g. ``activity=Send for Credit Collection``);
- ``attribute:<column>=<value>``: a case or event attribute has that value somewhere in the case
  (e.g. ``attribute:afgangsaarsag=Job``);
- ``last=<a>|<b>``: the case's last activity is one of these.

Examples
--------
>>> Target.parse("outcome:activity=Sanktion").label
LabelSpec(kind='activity', column=None, values=('Sanktion',))
>>> Target.parse("next_activity").task
'multiclass'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from sagsflow.errors import InvalidParameterError, SchemaError
from sagsflow.i18n import _, use_language
from sagsflow.store.layout import qident

if TYPE_CHECKING:
    from sagsflow.log import EventLog

Kind = Literal["remaining_time", "next_activity", "outcome", "deadline"]
_KINDS = ("remaining_time", "next_activity", "outcome", "deadline")


@dataclass(frozen=True)
class LabelSpec:
    """An outcome label on completed cases (see the module docstring for the text form)."""

    kind: Literal["activity", "attribute", "last"]
    column: str | None
    values: tuple[str, ...]

    @classmethod
    def parse(cls, text: str) -> LabelSpec:
        t = text.strip()
        if t.startswith("activity="):
            return cls("activity", None, (t[len("activity="):],))
        if t.startswith("attribute:") and "=" in t:
            col, val = t[len("attribute:"):].split("=", 1)
            return cls("attribute", col.strip(), (val,))
        if t.startswith("last="):
            return cls("last", None, tuple(v for v in t[len("last="):].split("|") if v))
        raise InvalidParameterError(
            f"an outcome label spec is 'activity=<name>', 'attribute:<column>=<value>' or 'last=<a>|<b>'. "
            f"Got {text!r} instead.",
            hint="Examples: outcome:activity=Send for Credit Collection, outcome:attribute:afgangsaarsag=Job, "
                 "outcome:last=Closed|Resolved",
            field="target")

    def __str__(self) -> str:
        if self.kind == "activity":
            return f"activity={self.values[0]}"
        if self.kind == "attribute":
            return f"attribute:{self.column}={self.values[0]}"
        return "last=" + "|".join(self.values)

    def describe(self, lang: str | None = None) -> str:
        """The label in words, in ``lang`` (default: the current language, :mod:`sagsflow.i18n`)."""
        vals = " / ".join(self.values)
        with use_language(lang):
            if self.kind == "activity":
                return _("'{values}' occurs in the case", values=vals)
            if self.kind == "attribute":
                return _("{column} is '{values}'", column=self.column, values=vals)
            return _("the case ends with '{values}'", values=vals)

    def case_labels(self, log: EventLog) -> pd.DataFrame:
        """``case_idx`` and ``y`` (0/1) for every case of ``log``, computed in SQL."""
        con = log.workspace.con
        vals = ", ".join("'" + v.replace("'", "''") + "'" for v in self.values)
        ev = log.events_sql()
        if self.kind == "activity":
            sql = f"SELECT case_idx, max((activity IN ({vals}))::INTEGER) AS y FROM ({ev}) GROUP BY case_idx"
        elif self.kind == "last":
            sql = (f"SELECT case_idx, (arg_max(activity, event_idx) IN ({vals}))::INTEGER AS y FROM ({ev}) "
                   "GROUP BY case_idx")
        else:
            col = self.column or ""
            attr = log.schema.attribute(col)
            if attr is None:
                raise SchemaError(
                    f"the outcome label names the column {col!r}, which the log does not have.",
                    hint="Columns: " + ", ".join(c.name for c in log.schema.attributes), field="target")
            src = log.cases_sql() if attr.level == "case" else ev
            sql = (f"SELECT case_idx, max(coalesce(({qident(col)})::VARCHAR IN ({vals}), false)::INTEGER) AS y "
                   f"FROM ({src}) GROUP BY case_idx")
        return con.sql(sql).to_arrow_table().to_pandas()

    def decisive_activities(self) -> tuple[str, ...]:
        """Activities whose occurrence settles the label (prefixes after them are not predictions)."""
        return self.values if self.kind == "activity" else ()


@dataclass(frozen=True)
class Target:
    """A prediction target: ``kind`` plus the outcome label or the rule id."""

    kind: Kind
    label: LabelSpec | None = None
    rule_id: str | None = None

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
        if rest:
            raise InvalidParameterError(f"the target {head!r} takes no ':' part. Got {text!r}.", field="target")
        return cls(head)  # type: ignore[arg-type]

    def __str__(self) -> str:
        if self.kind == "outcome":
            return f"outcome:{self.label}"
        if self.kind == "deadline":
            return f"deadline:{self.rule_id}"
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
    """The prefixes that carry a label for ``target``, with column ``y`` (and deadline features).

    - remaining time: prefixes before the last event, ``y`` = days until the case's last event;
    - next activity: every prefix, ``y`` = the next activity's code or ``-2`` (END);
    - outcome: prefixes before the last event and before a decisive activity, ``y`` 0/1;
    - deadline: prefixes between the rule's trigger and the earlier of deadline and fulfilment of
      cases the rule decided (met/violated), ``y`` = 1 when violated; adds ``days_to_deadline``
      and ``days_since_trigger``. Pending cases keep ``y`` missing (they are scored, not learnt).
    """
    f = frame
    if target.kind == "remaining_time":
        out = f[f["prefix_length"] < f["case_length"]].copy()
        out["y"] = out["remaining_days"].astype("float64")
        return out
    if target.kind == "next_activity":
        out = f.copy()
        out["y"] = out["next_activity"].astype("int64")
        return out
    if target.kind == "outcome":
        assert target.label is not None
        lab = target.label.case_labels(log)
        out = f[f["prefix_length"] < f["case_length"]].merge(lab, on="case_idx", how="inner")
        decisive = target.label.decisive_activities()
        if decisive:
            # the first time a decisive activity happened, per case: prefixes from then on are known outcomes
            vals = ", ".join("'" + v.replace("'", "''") + "'" for v in decisive)
            first = log.workspace.con.sql(
                f"SELECT case_idx, min(timestamp) AS decided FROM ({log.events_sql()}) WHERE activity IN ({vals}) "
                "GROUP BY case_idx").to_arrow_table().to_pandas()
            out = out.merge(first, on="case_idx", how="left")
            out = out[out["decided"].isna() | (out["ts"] < out["decided"])].drop(columns="decided")
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
    return out.drop(columns=["trigger_time", "fulfilled_time"]).reset_index(drop=True)
