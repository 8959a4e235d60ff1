"""Mapping inference: which source column plays which role, at which level, with which personal-data class.

One inference for every face: :func:`infer_mapping` is what ``import_log`` uses when no mapping is given, what
the web wizard's preview shows and what ``sagsflow.suggest_mapping`` returns in a notebook. Each guess is a
:class:`Decision` with a confidence (0..1) and the evidence for it, so a person can confirm the uncertain ones;
:meth:`MappingSuggestion.key_decisions` orders them by how much they matter.

XES files say what their columns are, and the inference follows the standard instead of guessing from names:

* ``case:concept:name``, ``concept:name``, ``time:timestamp``, ``org:resource`` and ``lifecycle:transition``
  fill the roles; ``time:timestamp`` is the event's time;
* trace attributes (``case:*``) are case-level and never become event times, whatever their names
  (``Start date``, ``End date``, ``REG_DATE`` stay case attributes unless the mapping says otherwise);
* event attributes stay event-level (a count such as ``Number of executions`` is not made a case attribute
  because it happens to repeat);
* ``start``/``complete`` transitions are paired into activity instances (``activity_instances: {pair: true}``).

Other sources (CSV, Excel, Parquet, SQL) are guessed from Danish and English column names checked against the
values; levels come from whether a column varies within the cases of a sample of whole cases.

Examples
--------
>>> s = suggest_mapping(["sagsnr", "hændelse", "dato", "sagsbehandler", "notat"],
...                     [("1", "Ansøgning", "01-02-2024", "AB", "x"), ("1", "Bevilling", "03-02-2024", "CD", "")])
>>> s.mapping.timestamp.column, s.confidence["timestamp"]
('dato', 1.0)
>>> d = s.decision("notat")
>>> d.value, d.evidence
('free_text', "the name 'notat' is a word for free text")
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict

from sagsflow.errors import MappingError, SchemaError
from sagsflow.i18n import N_, _, format_percent
from sagsflow.ingest.mapping import (
    ROW_COLUMN,
    SRC_ROW,
    ActivityInstances,
    ColumnSpec,
    Mapping,
    RoleSpec,
)
from sagsflow.schema import RESERVED_NAMES, ROLES, XES_KEYS, DataClass, Level

if TYPE_CHECKING:
    import duckdb

    from sagsflow.ingest.sources import SourceInfo

#: decisions below this confidence are shown to a person for confirmation
CONFIRM_BELOW = 0.8
#: rows looked at by the name-and-value guess
SAMPLE_ROWS = 200
#: cases sampled (with all their events) to decide whether a column is case-level
LEVEL_SAMPLE_CASES = 1000
#: columns checked for level in one query (wider sources are checked in slices)
_LEVEL_BATCH = 48

Kind = Literal["role", "data_class", "level", "option"]

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
                                   "helbred", "health", "diagnose", "diagnosis", "civilstand", "fødselsår"),
}
_ROLE_NAMES = {"case_id": N_("the case id"), "activity": N_("the activity"), "timestamp": N_("the timestamp"),
               "start_timestamp": N_("the start time"), "registration_timestamp": N_("the registration time"),
               "resource": N_("the resource"), "lifecycle": N_("the lifecycle transition"),
               "sequence": N_("the sequence number")}
_CLASS_NAMES = {DataClass.CITIZEN_ID: N_("a citizen identifier"), DataClass.FREE_TEXT: N_("free text"),
                DataClass.PERSONAL_ATTRIBUTE: N_("a personal attribute")}
_XES_ROLE_EVIDENCE = {
    "case_id": N_("XES standard key 'case:concept:name': the trace's concept:name"),
    "activity": N_("XES standard key 'concept:name': the event's activity"),
    "timestamp": N_("XES standard key 'time:timestamp': the event's time"),
    "resource": N_("XES standard key 'org:resource': who did the work"),
    "lifecycle": N_("XES standard key 'lifecycle:transition': the activity's lifecycle transition"),
}
_TIME_ROLES = ("timestamp", "start_timestamp", "registration_timestamp")
# a person as the case (cases per citizen): a weaker hint than a case number
_WEAK_CASE_WORDS = ("borger", "citizen", "person", "klient", "client", "cpr", "cprnr", "cpr_nr")
#: how much a decision matters, for ordering (lower first): required roles, identifiers, other roles and
#: options, personal attributes and free text, case-level attributes, plain event attributes
_IMPORTANCE = {"required": 0, "identifier": 1, "role": 2, "option": 2, "personal": 3, "level": 4, "plain": 9}


@dataclass(frozen=True)
class Decision:
    """One guess of the inference, for a person to check.

    Attributes
    ----------
    column
        the source column it is about (``""`` for options that concern the whole source).
    kind
        ``"role"`` (``value`` is the role, or ``"attribute"``), ``"data_class"``, ``"level"`` (``event`` or
        ``case``) or ``"option"`` (``column`` names the option: ``activity_instances``, ``duplicates``).
    value
        what was chosen.
    confidence
        0..1; below :data:`CONFIRM_BELOW` the wizard asks for confirmation.
    evidence
        why, in a sentence.
    importance
        lower matters more: required roles 0, identifiers 1, other roles and options 2, personal attributes
        3, case-level attributes 4, the rest 9.
    """

    column: str
    kind: Kind
    value: str
    confidence: float
    evidence: str
    importance: int = 9

    @property
    def needs_confirmation(self) -> bool:
        return self.confidence < CONFIRM_BELOW

    def to_dict(self) -> dict[str, Any]:
        return {"column": self.column, "kind": self.kind, "value": self.value,
                "confidence": round(self.confidence, 2), "evidence": self.evidence,
                "importance": self.importance, "needs_confirmation": self.needs_confirmation}


class MappingSuggestion(BaseModel):
    """A proposed mapping with its decisions: a confidence (0..1) and the evidence for each guess."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    mapping: Mapping
    #: confidence per mapped role (kept for callers of the first version)
    confidence: dict[str, float]
    notes: tuple[str, ...] = ()
    decisions: tuple[Decision, ...] = ()

    def decision(self, column: str, kind: Kind | None = None) -> Decision:
        """The (most important) decision about a column."""
        found = [d for d in self.decisions if d.column == column and (kind is None or d.kind == kind)]
        if not found:
            raise KeyError(column)
        return min(found, key=lambda d: d.importance)

    def key_decisions(self, n: int = 10) -> list[Decision]:
        """The ``n`` decisions that matter most: by importance, the least certain first within a rank."""
        return sorted(self.decisions, key=lambda d: (d.importance, d.confidence, d.column))[:n]

    def to_confirm(self) -> list[Decision]:
        """The decisions below :data:`CONFIRM_BELOW`, most important first."""
        return [d for d in sorted(self.decisions, key=lambda d: (d.importance, d.confidence, d.column))
                if d.needs_confirmation]


# -- the entry point -------------------------------------------------------------------------------


def infer_mapping(con: duckdb.DuckDBPyConnection, table: str, info: SourceInfo | str, *,
                  profile: bool = False) -> MappingSuggestion:
    """Infer the mapping of a loaded source table (every face calls this one function).

    Parameters
    ----------
    con
        the connection holding the table.
    table
        the raw table a loader made (source columns plus ``__row``).
    info
        the loader's :class:`~sagsflow.ingest.sources.SourceInfo`, or just the format name
        (``"xes"``, ``"csv"``, ...).
    profile
        also count what costs a full pass over a large table (exact duplicate events), for the wizard's
        preview; the import without a mapping leaves it out (the quality report counts duplicates).

    Returns
    -------
    MappingSuggestion

    Raises
    ------
    SchemaError
        when no column can be the case id, activity or timestamp.
    """
    from sagsflow.ingest.infer import quote

    fmt = info if isinstance(info, str) else info.format
    types = {str(r[0]): str(r[1]) for r in con.execute(f"DESCRIBE {quote(table)}").fetchall()}
    columns = [c for c in types if c != ROW_COLUMN]
    if fmt == "xes":
        suggestion = _suggest_xes(con, table, types)
    else:
        cols = ", ".join(quote(c) for c in columns)
        rows = con.execute(f"SELECT {cols} FROM {quote(table)} ORDER BY {quote(ROW_COLUMN)} "
                           f"LIMIT {SAMPLE_ROWS}").fetchall()
        suggestion = suggest_mapping(columns, rows, _levels=lambda case_col, cs: _level_evidence(
            con, table, case_col, cs))
    if profile:
        suggestion = _with_duplicates(con, table, columns, suggestion)
    return _with_automation(con, table, suggestion)


#: resource values that look like robots and system users (a whole word, case-insensitive); confirmed by a person
AUTOMATION_PATTERN = (r".*\b(rpa|robot|bot|system|systembruger|batch|automat\w*|integration|selvbetjening|"
                      r"self[- ]?service|scheduler|cron)\b.*")


def _with_automation(con: duckdb.DuckDBPyConnection, table: str, s: MappingSuggestion) -> MappingSuggestion:
    """Resource values that look like robot or system users: suggested as automation (stored in clear, shown as
    automation share, never pseudonymised as staff), for a person to confirm."""
    from sagsflow.ingest.infer import quote

    spec = s.mapping.resource
    if spec is None or s.mapping.role_class("resource") is not DataClass.EMPLOYEE_ID or spec.automation:
        return s
    col = f"trim(CAST({quote(spec.column)} AS VARCHAR))"
    found = [str(r[0]) for r in con.execute(
        f"SELECT DISTINCT {col} AS v FROM {quote(table)} WHERE regexp_full_match({col}, ?, 'i') ORDER BY v LIMIT 50",
        [AUTOMATION_PATTERN]).fetchall() if r[0]]
    if not found:
        return s
    mapping = s.mapping.model_copy(update={"resource": spec.model_copy(update={"automation": tuple(found)})})
    d = Decision(spec.column, "option", ", ".join(found), 0.5,
                 _("these resource values look like robots or system users: they are kept in clear as automation "
                   "and shown as the automation share, never pseudonymised as staff (confirm, or remove them from "
                   "resource.automation)"), _IMPORTANCE["option"])
    return s.model_copy(update={"mapping": mapping, "decisions": (*s.decisions, d)})


def _with_duplicates(con: duckdb.DuckDBPyConnection, table: str, columns: list[str],
                     s: MappingSuggestion) -> MappingSuggestion:
    from sagsflow.ingest.infer import quote

    cols = ", ".join(quote(c) for c in columns)
    n, n_distinct = con.execute(
        f"SELECT (SELECT count(*) FROM {quote(table)}), (SELECT count(*) FROM (SELECT DISTINCT {cols} "
        f"FROM {quote(table)}))").fetchall()[0]
    n_dup = int(n) - int(n_distinct)
    if not n_dup:
        return s
    share = n_dup / int(n)
    d = Decision("duplicates", "option", s.mapping.duplicates, 0.5,
                 _("{n} events ({share}) are exact copies of another event in every column: keep them, drop the "
                   "copies, or keep them and flag the copies", n=n_dup, share=format_percent(share)),
                 _IMPORTANCE["option"])
    return s.model_copy(update={"decisions": (*s.decisions, d)})


# -- XES -------------------------------------------------------------------------------------------


def _suggest_xes(con: duckdb.DuckDBPyConnection, table: str, types: dict[str, str]) -> MappingSuggestion:
    from sagsflow.ingest.infer import quote

    counts: dict[str, int] = {}
    if XES_KEYS["lifecycle"] in types:
        lc = quote(XES_KEYS["lifecycle"])
        counts = {str(k): int(v) for k, v in con.execute(
            f"SELECT lower(trim({lc})) AS t, count(*) FROM {quote(table)} WHERE {lc} IS NOT NULL GROUP BY t"
        ).fetchall()}
    return xes_suggestion(types, counts)


def xes_suggestion(types: dict[str, str], transitions: dict[str, int] | None = None) -> MappingSuggestion:
    """The mapping of an XES log's columns (as :func:`~sagsflow.ingest.xes.load_xes` names them) by the standard.

    Parameters
    ----------
    types
        column name -> DuckDB type.
    transitions
        count of events per (lower-case) ``lifecycle:transition`` value; with both ``start`` and ``complete``
        the suggestion pairs them into activity instances.

    Examples
    --------
    >>> s = xes_suggestion({"case:concept:name": "VARCHAR", "concept:name": "VARCHAR",
    ...                     "time:timestamp": "TIMESTAMP WITH TIME ZONE", "case:Start date": "TIMESTAMP WITH TIME ZONE",
    ...                     "Number of executions": "BIGINT"})
    >>> s.mapping.role_columns()
    {'case_id': 'case:concept:name', 'activity': 'concept:name', 'timestamp': 'time:timestamp'}
    >>> s.mapping.columns["case:Start date"].level, "Number of executions" in s.mapping.columns
    ('case', False)
    """
    cols = [c for c in types if c != ROW_COLUMN]
    present = set(cols)
    roles: dict[str, str] = {}
    decisions: list[Decision] = []
    notes: list[str] = []
    for role in ("case_id", "activity", "timestamp", "resource", "lifecycle"):
        key = XES_KEYS[role]
        if key in present:
            roles[role] = key
            decisions.append(Decision(key, "role", role, 1.0, _(_XES_ROLE_EVIDENCE[role]),
                                      _IMPORTANCE["required" if role in ("case_id", "activity", "timestamp")
                                                  else "role"]))
    # an interval log written by PM4Py carries the start as an event attribute named start_timestamp
    if "start_timestamp" in present and types["start_timestamp"].startswith("TIMESTAMP"):
        roles["start_timestamp"] = "start_timestamp"
        decisions.append(Decision("start_timestamp", "role", "start_timestamp", 0.9,
                                  _("an event-level date named start_timestamp, as PM4Py writes interval logs"),
                                  _IMPORTANCE["role"]))
    missing = [r for r in ("case_id", "activity", "timestamp") if r not in roles]
    if missing:
        dates = [c for c in cols if types[c].startswith("TIMESTAMP") and not c.startswith("case:")]
        raise SchemaError(
            f"the XES log has no {', '.join(XES_KEYS[r] for r in missing)} attribute, so there is no "
            f"{', '.join(missing)}" + (f"; event-level dates: {', '.join(dates)}" if dates else ""),
            hint="Write a mapping naming the columns to use (timestamp: <event attribute>); trace attributes "
            "(case:...) are only used as event times when the mapping says so.",
        )
    if "resource" in roles:
        decisions.append(Decision(roles["resource"], "data_class", DataClass.EMPLOYEE_ID.value, 0.9,
                                  _("org:resource names an employee: stored as a keyed pseudonym"),
                                  _IMPORTANCE["identifier"]))

    instances = ActivityInstances()
    if "lifecycle" in roles and transitions:
        counts = transitions
        n_start, n_complete = int(counts.get("start", 0)), int(counts.get("complete", 0))
        if n_start and n_complete:
            others = {k: int(v) for k, v in counts.items() if k not in ("start", "complete")}
            instance = "concept:instance" if "concept:instance" in present else None
            instances = ActivityInstances(pair=True, instance=instance)
            evidence = _("{n_start} start and {n_complete} complete transitions: each complete is paired with the "
                         "earliest open start of the same activity in its case (as PM4Py does) and becomes one "
                         "activity instance with a start and an end", n_start=n_start, n_complete=n_complete)
            if others:
                shown = ", ".join(_("{n} {transition}", n=v, transition=k)
                                  for k, v in sorted(others.items(), key=lambda kv: -kv[1])[:4])
                evidence += _("; {shown} events with other transitions are left out", shown=shown)
            decisions.append(Decision("activity_instances", "option", "pair", 0.9, evidence, _IMPORTANCE["option"]))

    used = set(roles.values())
    taken = {c.lower() for c in cols} | set(RESERVED_NAMES) | {SRC_ROW}
    specs: dict[str, ColumnSpec] = {}
    for c in cols:
        if c in used:
            continue
        level: Level = "case" if c.startswith("case:") else "event"
        short = c[len("case:"):] if level == "case" else c
        rename = None
        if level == "case":
            rename = short if short and short.lower() not in taken else None
            taken.add((rename or c).lower())
        elif c.lower() in RESERVED_NAMES | {SRC_ROW}:  # 'Activity', 'pos' ...: kept under a free name
            n, rename = 1, f"{c}_attr"
            while rename.lower() in taken:
                n += 1
                rename = f"{c}_attr{n}"
            taken.add(rename.lower())
        data_class, class_conf, class_why = _class_by_name(short)
        spec = ColumnSpec(level=level, rename=rename, data_class=data_class)
        if spec != ColumnSpec():
            specs[c] = spec
        is_date = types[c].startswith("TIMESTAMP")
        if level == "case":
            reason = _("a trace attribute in the XES file: one value per case")
            if is_date:
                reason += _("; a case-level date is kept as a case attribute and never becomes an event time unless "
                            "the mapping says so")
            decisions.append(Decision(c, "level", "case", 1.0, reason, _IMPORTANCE["level"]))
        else:
            decisions.append(Decision(c, "level", "event", 1.0, _("an event attribute in the XES file"),
                                      _IMPORTANCE["plain"]))
        if data_class is not DataClass.PROCESS:
            decisions.append(Decision(c, "data_class", data_class.value, class_conf, class_why,
                                      _IMPORTANCE["identifier" if data_class.is_identifier else "personal"]))
    mapping = Mapping(
        **{r: RoleSpec(column=c) for r, c in roles.items()},  # type: ignore[arg-type]
        activity_instances=instances, columns=specs,
    )
    confidence = {d.value: d.confidence for d in decisions if d.kind == "role"}
    return MappingSuggestion(mapping=mapping, confidence=confidence, notes=tuple(notes),
                             decisions=tuple(decisions))


# -- names and values (CSV, Excel, Parquet, SQL) ---------------------------------------------------------


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


def _class_by_name(name: str) -> tuple[DataClass, float, str]:
    for cls_, words in _CLASS_WORDS.items():
        score = _name_score(name, words)
        if score >= 0.75:
            what = _(_CLASS_NAMES[cls_])
            if score == 1.0:
                return cls_, 0.9, _("the name '{name}' is a word for {what}", name=name, what=what)
            return cls_, 0.7, _("the name '{name}' contains a word for {what}", name=name, what=what)
    return DataClass.PROCESS, 1.0, ""


LevelEvidence = Any  # Callable[[str, list[str]], dict[str, tuple[int, int]]]


def suggest_mapping(columns: Sequence[str], sample_rows: Sequence[Any], *,
                    _levels: LevelEvidence | None = None) -> MappingSuggestion:
    """Guess a mapping from column names (Danish and English) and sample values.

    Roles come from names such as sag/sagsnr/case, aktivitet/hændelse/activity, tidspunkt/dato/
    timestamp, sagsbehandler/ressource/resource, checked against the values (timestamps must parse,
    case ids repeat). Data classes come from names too (cpr -> citizen_id, notat/kommentar ->
    free_text, alder/køn -> personal_attribute) and from values (CPR numbers -> citizen_id). A
    column constant within every case of the sample is proposed as a case attribute. Every guess is
    a :class:`Decision` with its confidence and evidence. :func:`infer_mapping` calls this for a
    loaded table and decides levels over a sample of whole cases instead of the first rows.

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
    from sagsflow.ingest.cpr import contains_cpr
    from sagsflow.ingest.timestamps import detect_format

    cols = list(columns)
    rows = [[r.get(c) for c in cols] if isinstance(r, dict) else list(r) for r in sample_rows]
    if rows and len(rows[0]) == len(cols) - 1 and ROW_COLUMN in cols:
        cols.remove(ROW_COLUMN)
    position = {c: i for i, c in enumerate(cols)}
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

    scores: list[tuple[float, str, str, str]] = []
    for c in cols:
        vs = [str(v) for v in values[c]]
        n_distinct = len(set(vs))
        is_date = time_share(c, numbers=False) > 0.9
        for role, words in _ROLE_WORDS.items():
            name = _name_score(c, words)
            s = name
            why = []
            if name == 1.0:
                why.append(_("the name '{name}' is a word for {what}", name=c, what=_(_ROLE_NAMES[role])))
            elif name >= 0.75:
                why.append(_("the name '{name}' contains a word for {what}", name=c, what=_(_ROLE_NAMES[role])))
            elif name:
                why.append(_("the name '{name}' resembles a word for {what}", name=c, what=_(_ROLE_NAMES[role])))
            if role == "case_id" and not s:
                s = 0.4 * _name_score(c, _WEAK_CASE_WORDS)
                if s:
                    why = [_("the name '{name}' suggests a person, which can be the case", name=c)]
            if role in _TIME_ROLES:
                share = time_share(c, numbers=s > 0)
                s = 0.5 * s + 0.5 * share if s else (0.4 * share if share > 0.9 else 0.0)
                if share:
                    why.append(_("{share} of the sampled values are dates or times",
                                 share=format_percent(share, decimals=0)))
            elif is_date:
                s *= 0.3  # a date column is not a case id or activity
            if role == "case_id" and s and vs and n_distinct == len(vs) and len(vs) > 5:
                s *= 0.6  # every value unique: more likely an event id
                why.append(_("but every sampled value is different (an event id?)"))
            elif role == "case_id" and s and vs and n_distinct < len(vs):
                why.append(_("values repeat ({n_distinct} distinct in {n} rows), as case ids do",
                             n_distinct=n_distinct, n=len(vs)))
            if role == "activity" and s and vs and all(v.replace(".", "").isdigit() for v in vs):
                s *= 0.6
                why.append(_("but the values are numbers (codes?)"))
            if s > 0:
                scores.append((s, role, c, "; ".join(why)))
    scores.sort(key=lambda t: (-t[0], ROLES.index(t[1]), position[t[2]]))
    chosen: dict[str, str] = {}
    confidence: dict[str, float] = {}
    decisions: list[Decision] = []
    for s, role, c, because in scores:
        if role not in chosen and c not in chosen.values():
            chosen[role], confidence[role] = c, round(min(s, 1.0), 2)
            rank = "required" if role in ("case_id", "activity", "timestamp") else "role"
            decisions.append(Decision(c, "role", role, confidence[role], because, _IMPORTANCE[rank]))
    missing = [r for r in ("case_id", "activity", "timestamp") if r not in chosen]
    if missing:
        raise SchemaError(
            f"could not tell which column is the {', '.join(missing)}; columns: {', '.join(cols)}",
            hint="Write a mapping naming case_id, activity and timestamp (case_id: my_column ...).",
        )
    if "resource" in chosen:
        decisions.append(Decision(chosen["resource"], "data_class", DataClass.EMPLOYEE_ID.value, 0.8,
                                  _("a resource is an employee unless the mapping says otherwise: stored as a keyed "
                                    "pseudonym"), _IMPORTANCE["identifier"]))

    notes: list[str] = []
    specs: dict[str, ColumnSpec] = {}
    case_col = chosen["case_id"]
    case_index = position[case_col]
    role_cols = set(chosen.values())
    rest = [c for c in cols if c not in role_cols]
    levels: dict[str, tuple[int, int]] = (_levels(case_col, rest) if _levels is not None and rest else
                                           _row_levels(rows, case_index, [(c, position[c]) for c in rest]))
    for c in rest:
        vs = [str(v) for v in values[c]]
        data_class, class_conf, class_why = _class_by_name(c)
        if data_class is not DataClass.CITIZEN_ID and vs and (n_cpr := sum(map(contains_cpr, vs))) > len(vs) / 2:
            data_class, class_conf = DataClass.CITIZEN_ID, 0.9
            class_why = _("{n_cpr} of {n} sampled values hold CPR numbers", n_cpr=n_cpr, n=len(vs))
            notes.append(_("column '{column}' holds CPR numbers: proposed as citizen_id (pseudonymised)", column=c))
        n_multi, n_varying = levels.get(c, (0, 0))
        level: Level = "event"
        if n_multi >= 2 and n_varying == 0 and data_class is not DataClass.FREE_TEXT:
            level = "case"
            conf = min(0.95, 0.5 + n_multi / 100)
            decisions.append(Decision(c, "level", "case", conf,
                                      _("one value per case in all {n} sampled cases with several events", n=n_multi),
                                      _IMPORTANCE["level"]))
        else:
            reason = (_("varies within {n_varying} of {n} sampled cases", n_varying=n_varying, n=n_multi) if n_varying
                      else _("too few sampled cases with several events to call it case-level"))
            decisions.append(Decision(c, "level", "event", 0.95 if n_varying else 0.6, reason, _IMPORTANCE["plain"]))
        if data_class is not DataClass.PROCESS:
            decisions.append(Decision(c, "data_class", data_class.value, class_conf, class_why,
                                      _IMPORTANCE["identifier" if data_class.is_identifier else "personal"]))
        spec = ColumnSpec(data_class=data_class, level=level)
        if spec != ColumnSpec():
            specs[c] = spec
    if contains_cpr(" ".join(str(v) for v in values[case_col][:50])):
        notes.append(_("the case id column '{column}' holds CPR numbers: proposed as citizen_id", column=case_col))
        case_spec = RoleSpec(column=case_col, data_class=DataClass.CITIZEN_ID)
        decisions.append(Decision(case_col, "data_class", DataClass.CITIZEN_ID.value, 0.9,
                                  _("the case ids hold CPR numbers: stored as keyed pseudonyms"),
                                  _IMPORTANCE["identifier"]))
    else:
        case_spec = RoleSpec(column=case_col)
    roles: dict[str, Any] = {r: RoleSpec(column=c) for r, c in chosen.items()}
    roles["case_id"] = case_spec
    try:
        mapping = Mapping(**roles, columns=specs)
    except ValueError as exc:  # pragma: no cover - the guess always names existing, distinct columns
        raise MappingError(f"the suggested mapping is not valid: {exc}") from None
    return MappingSuggestion(mapping=mapping, confidence=confidence, notes=tuple(notes),
                             decisions=tuple(decisions))


def _row_levels(rows: list[list[Any]], case_index: int, cols: Iterable[tuple[str, int]]) -> dict[str, tuple[int, int]]:
    """Per column: (cases with at least two rows in the sample, of which cases where the column varies)."""
    by_case: dict[Any, list[list[Any]]] = {}
    for r in rows:
        if case_index < len(r):
            by_case.setdefault(r[case_index], []).append(r)
    multi = [rs for rs in by_case.values() if len(rs) >= 2]
    out = {}
    for c, i in cols:
        varying = 0
        n = 0
        for rs in multi:
            vals = {str(r[i]) for r in rs if i < len(r) and r[i] is not None}
            if vals:
                n += 1
                varying += len(vals) > 1
        out[c] = (n, varying)
    return out


def _level_evidence(con: duckdb.DuckDBPyConnection, table: str, case_col: str,
                    columns: list[str]) -> dict[str, tuple[int, int]]:
    """Per column, over a random sample of whole cases with several events: (cases with a value, cases where
    it varies). One query per slice of columns; the sample is taken once."""
    from sagsflow.ingest.infer import quote

    t, case = quote(table), quote(case_col)
    sample = f"__sf_level_cases_{abs(hash((table, case_col))) % 10**8}"
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {sample} AS SELECT * FROM {t} WHERE {case} IN ("
        f"SELECT k FROM (SELECT {case} AS k FROM {t} WHERE {case} IS NOT NULL GROUP BY {case} HAVING count(*) >= 2) "
        f"USING SAMPLE reservoir({LEVEL_SAMPLE_CASES} ROWS) REPEATABLE (42))")
    out: dict[str, tuple[int, int]] = {}
    try:
        for start in range(0, len(columns), _LEVEL_BATCH):
            part = columns[start:start + _LEVEL_BATCH]
            # min <> max: varies (cheap; a distinct count per column is not)
            inner = ", ".join(f"count({quote(c)}) > 0 AS {quote(f'__h{k}')}, "
                              f"min({quote(c)}) IS DISTINCT FROM max({quote(c)}) AS {quote(f'__v{k}')}"
                              for k, c in enumerate(part))
            outer = ", ".join(f"count_if({quote(f'__h{k}')}), count_if({quote(f'__v{k}')})" for k in range(len(part)))
            row = con.execute(f"SELECT {outer} FROM (SELECT {inner} FROM {sample} GROUP BY {case})").fetchall()[0]
            for k, c in enumerate(part):
                out[c] = (int(row[2 * k]), int(row[2 * k + 1]))
    finally:
        con.execute(f"DROP TABLE IF EXISTS {sample}")
    return out
