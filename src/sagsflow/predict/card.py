"""The model card of a trained model, in Markdown and HTML.

It shows the registration that enables the model (or warns that there is none), answers the Machine Learning
Canvas (decisions supported, value proposition, data sources, features, predictions, evaluation, monitoring) from
the registration, the feature policy, the data, the evaluation and the audit (:mod:`sagsflow.legal.canvas`: no
fixed answers), lists every feature with its data class, the training period, the evaluation with baselines,
the equal-treatment audit and the limits, and states that predictions are decision support and never decide.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sagsflow.i18n import N_, _, format_number, format_percent, get_language
from sagsflow.legal.canvas import CANVAS_SECTIONS

if TYPE_CHECKING:
    from sagsflow.disclosure import DisclosurePolicy
    from sagsflow.predict.audit import AuditReport
    from sagsflow.predict.model import ProcessPredictor

DECISION_SUPPORT_DA = ("Forudsigelserne er beslutningsstøtte. De træffer aldrig en afgørelse: en sagsbehandler "
                       "vurderer altid sagen selv, og en forudsigelse må ikke alene begrunde en afgørelse over for "
                       "borgeren.")
DECISION_SUPPORT_EN = N_("Predictions are decision support and never decide: a caseworker always assesses the "
                         "case, and a prediction must never be the sole ground for a decision about a citizen.")

#: the Machine Learning Canvas sections (answers from the registration and the data: :mod:`sagsflow.legal.canvas`)
CANVAS_QUESTIONS = CANVAS_SECTIONS

#: the features in words (``{k}``: a position, ``{activity}``: an activity, ``{name}``: a column)
FEATURE_WORDS = {
    "prefix_length": N_("events so far in the case"),
    "elapsed_days": N_("days since the case started"),
    "since_last_days": N_("days since the latest event"),
    "mean_gap_days": N_("mean days between the case's events"),
    "last_duration_days": N_("how long the latest activity took (days)"),
    "n_repeats": N_("steps that repeated an earlier step (rework)"),
    "repeat_last": N_("times the latest activity has occurred (rework)"),
    "seq_top": N_("the next activity most often seen after the same steps so far"),
    "seq_p": N_("how often cases with the same steps so far continued that way"),
    "seq_p_end": N_("how often cases with the same steps so far ended there"),
    "seq_median": N_("median remaining time of cases with the same steps so far"),
    "seq_rate": N_("outcome rate of cases with the same steps so far"),
    "seq_support": N_("how many earlier cases had the same steps so far"),
    "last_activity": N_("the latest activity"),
    "prev_activity": N_("the activity {k} steps before the latest"),
    "first_activity": N_("the case's activity no. {k}"),
    "count": N_("times “{activity}” occurred"),
    "count_other": N_("times other activities occurred"),
    "attr": N_("the attribute {name}"),
    "open_cases": N_("open cases at the time"),
    "queue_length": N_("cases waiting at the same activity"),
    "opened_7d": N_("cases opened in the last 7 days"),
    "weekday": N_("weekday of the latest event"),
    "month": N_("month of the latest event"),
    "hour": N_("hour of the latest event"),
    "holiday": N_("whether the latest event was on a public holiday"),
    "days_to_deadline": N_("days left until the deadline"),
    "days_since_trigger": N_("days since the deadline started running"),
}
#: data classes as the card names them
DATA_CLASSES = {"process": N_("process"), "personal_attribute": N_("personal attribute"),
                "citizen_id": N_("citizen id"), "employee_id": N_("employee id"), "free_text": N_("free text")}


def feature_words(name: str, vocabulary: list[str] | tuple[str, ...] = (),
                  attributes: dict[str, str] | None = None) -> str:
    """A feature in words in the current language, its name in code: ``"times “Sanktion” occurred (`count_3`)"``.
    ``attributes``: feature name -> column (attribute features have sanitised names: ``attr_org_group``)."""
    words = FEATURE_WORDS.get(name)
    if words is not None:
        text = _(words)
    elif name.startswith(("prev_activity_", "first_activity_")):
        base, _sep, k = name.rpartition("_")
        text = _(FEATURE_WORDS[base], k=k)
    elif name.startswith("count_") and name[6:].isdigit() and int(name[6:]) < len(vocabulary):
        text = _(FEATURE_WORDS["count"], activity=vocabulary[int(name[6:])])
    elif name.startswith("attr_"):
        text = _(FEATURE_WORDS["attr"], name=(attributes or {}).get(name, name[5:]))
    else:
        return f"`{name}`"
    return f"{text} (`{name}`)"


@dataclass
class ModelCard:
    """A model card: the canvas, features, window, evaluation, audit and limits of one model version.

    The texts are made in the current language (:mod:`sagsflow.i18n`); :func:`sagsflow.predict.model_card_text`
    makes the card again from the stored model in the reader's language.
    """

    name: str
    version: int | None
    target: str
    canvas: dict[str, str]
    features: list[tuple[str, str]]
    legal_basis: dict[str, str]
    window: dict[str, Any]
    evaluation_md: str
    audits: list[AuditReport] = field(default_factory=list)
    limits: list[str] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)
    #: the registration section (Markdown lines; a warning when the model has none)
    registration_md: list[str] = field(default_factory=list)
    #: the columns of the log classed as personal data (None: not known, an older card)
    personal_in_log: list[str] | None = None

    @classmethod
    def from_model(cls, model: ProcessPredictor, *, name: str, version: int | None = None,
                   audits: list[AuditReport] | None = None, sources: list[str] | None = None,
                   policy: DisclosurePolicy | None = None) -> ModelCard:
        """The card of a fitted model; the canvas is filled from its registration, feature policy, evaluation and
        audit, and ``sources`` (the log's imports, :func:`sagsflow.legal.canvas.data_sources`). The audit tables
        (and the canvas's figures from them) are as ``policy`` releases them (default: a role without case access
        and k = 5, the card that may be shared: :meth:`sagsflow.predict.audit.AuditReport.released`)."""
        from sagsflow.disclosure import DisclosurePolicy
        from sagsflow.legal.canvas import canvas as make_canvas
        from sagsflow.legal.canvas import registration_lines

        policy = policy or DisclosurePolicy()
        audits = [a.released(policy) for a in audits or []]
        t = model.target_
        ev = model.evaluation_
        canvas = {k: v.replace("|", "/").replace("\n", " ")
                  for k, v in make_canvas(model, audits=audits or [], sources=sources or []).items()}
        limits = [
            _("Learnt from the past: a change of law, organisation or practice after the training period makes the "
              "predictions less reliable until the model is retrained."),
            _("Evaluated on {n} test cases started after {cut}; figures for other periods or units may differ.",
              n=ev.n_test_cases, cut=model.window_["cut"]),
            _("Cases still running at the cut trained with what was known then (labels known before the cut, weighted "
              "for censoring: IPCW), so long cases count as they should.") if model.window_.get("strict", True) else
            _("Training cases were used complete ({protocol}), as in the published protocol: a model retrained at a "
              "cut sees less.", protocol=model.window_.get("protocol", "")),
        ]
        if t.kind == "remaining_time":
            cov = ev.pooled.get("interval coverage", (None, None))[0]
            gap = ev.pooled.get("largest coverage gap at one prefix length", (None, None))[0]
            limits.append(
                _("Intervals aim at {aim} coverage (split conformal, calibrated per bucket of prefix lengths); "
                  "measured on the test set: {measured}, at most {gap} points off at one prefix length.",
                  aim=format_percent(1 - model.alpha, decimals=0), measured=format_percent(cov),
                  gap=format_number(100 * gap, decimals=0) if gap is not None else "–")
                if cov is not None else _("Intervals: no test coverage measured."))
        settings = {k: v for k, v in model.get_params().items() if k not in ("policy", "rules")}
        vocabulary = list(getattr(model.spec_, "vocabulary", ()) or ())
        attributes = dict(getattr(model.spec_, "attribute_features", {}) or {})
        features = [(feature_words(f, vocabulary, attributes), c)
                    for f, (_shown, c) in zip(model.feature_names_, model.features_table(), strict=True)]
        return cls(name=name, version=version, target=str(t), canvas=canvas, features=features,
                   legal_basis=dict(model.legal_basis_), window=dict(model.window_),
                   evaluation_md="\n\n".join([*evaluation_intro(model), ev.to_markdown()]),
                   audits=audits, limits=limits, settings=settings,
                   registration_md=registration_lines(model),
                   personal_in_log=list(getattr(model, "personal_in_log_", []) or []))

    # ------------------------------------------------------------------ rendering
    def to_markdown(self) -> str:
        v = f" v{self.version}" if self.version is not None else ""
        out = ["# " + _("Model card: {name}", name=self.name) + v, "",
               "**" + _("Target:") + f"** `{self.target}`", ""]
        out += ["> **" + _(DECISION_SUPPORT_EN) + "**", ""]
        out += self.registration_md
        if self.legal_basis:
            out += ["## ⚠ " + _("Personal data used as features"), "",
                    _("This model uses columns classed as personal data. The policy states a legal basis for each:"),
                    ""]
            out += [f"- **{c}**: {b}" for c, b in self.legal_basis.items()] + [""]
        else:
            out += ["**" + _("No personal data is used as a feature") + "**: "
                    + (_("the model sees only the process (the log has no column classed as personal data).")
                       if self.personal_in_log == [] else
                       _("the model sees only the process (the feature policy refused every personal column).")), ""]
        out += ["## " + _("Machine Learning Canvas"), "", "| " + _("question") + " | " + _("answer") + " |",
                "|---|---|"]
        out += [f"| {_(q)} | {a} |" for q, a in self.canvas.items()] + [""]
        out += ["## " + _("Features"), "", "| " + _("feature") + " | " + _("data class") + " |", "|---|---|"]
        out += [f"| {f} | {_(DATA_CLASSES[c]) if c == 'process' else '**' + _(DATA_CLASSES.get(c, c)) + '**'} |"
                for f, c in self.features] + [""]
        w = self.window
        out += ["## " + _("Training period"), "",
                "- " + _("log: `{log}`; training cases started from {start} and ended before the cut {cut} (latest "
                         "training event: {latest})", log=w.get("log"), start=w.get("train_from"), cut=w.get("cut"),
                         latest=w.get("max_train_event")),
                "- " + _("{n_train} training cases ({n_train_prefixes} training and {n_calibration} calibration "
                         "prefixes); {n_test} test cases ({n_test_prefixes} prefixes)",
                         n_train=w.get("n_train_cases"), n_train_prefixes=w.get("n_train_prefixes"),
                         n_calibration=w.get("n_calibration_prefixes"), n_test=w.get("n_test_cases"),
                         n_test_prefixes=w.get("n_test_prefixes")), ""]
        out += ["## " + _("Evaluation (test cases after the cut, with baselines)"), "", self.evaluation_md, ""]
        out += ["## " + _("Equal-treatment audit"), ""]
        if self.audits:
            for a in self.audits:
                out += [a.to_markdown(), ""]
        else:
            out += [_("No audit was run for this model version."), ""]
        out += ["## " + _("Limits"), ""] + [f"- {x}" for x in self.limits] + [""]
        out += ["## " + _("Settings"), "", "```", *(f"{k}: {v}" for k, v in self.settings.items()), "```", ""]
        return neutralise_html("\n".join(out))

    def to_html(self) -> str:
        """A self-contained HTML page of :meth:`to_markdown` (tables, lists, emphasis); the body is sanitised
        with nh3 (a safelist of the tags the card uses, no attributes but ``class`` on the decision box)."""
        return _md_to_html(self.to_markdown(), title=_("Model card: {name}", name=self.name))


def evaluation_intro(model: ProcessPredictor) -> list[str]:
    """The evaluation section's opening lines: the protocol, what is served and why, what the leakage guard left
    out (Markdown paragraphs, in the current language)."""
    w = model.window_
    protocol = getattr(model, "protocol_", None)
    text = protocol.describe() if protocol is not None else str(w.get("protocol_text") or w.get("protocol") or "")
    lines = ["**" + _("Protocol") + "**: " + text]
    from sagsflow.predict.model import served_reason

    served = str(getattr(model, "served_", "model"))
    why = getattr(model, "served_why_", None)
    reason = served_reason(why) if why else str(getattr(model, "served_reason_", ""))
    if served == "model":
        lines.append("**" + _("Served") + "**: " + _("the model ({reason}).", reason=reason))
    else:
        lines.append("**" + _("Served") + "**: " + _("the baseline {name}, because {reason}.",
                                                        name=served.split(": ", 1)[-1], reason=reason))
    leaks = list(getattr(model, "leakage_", []) or [])
    if leaks:
        lines.append("**" + _("Leakage guard") + "**: " + _(
            "left out {columns}: alone, each predicted the validation target almost perfectly (a column recorded "
            "with hindsight carries the answer).", columns=", ".join(f"`{x.attribute}`" for x in leaks)))
    return lines


#: the audit section's heading in every language a stored card may be in
_AUDIT_HEADINGS = ("## Equal-treatment audit", "## Ligebehandlingsaudit")


def without_audit(md: str) -> str:
    """A stored card's Markdown with the body of its equal-treatment audit section replaced by a note (a card made
    by an older version, whose audit tables were cut by an older rule, for a role without case access)."""
    out: list[str] = []
    skipping = False
    for line in md.splitlines():
        if line.startswith("## "):
            skipping = line.strip() in _AUDIT_HEADINGS
            if skipping:
                out += [line, "", _("Not shown: this card was made by an older version of Sagsflow; train the model "
                                    "again to see the audit."), ""]
                continue
        if not skipping:
            out.append(line)
    return "\n".join(out)


def neutralise_html(md: str) -> str:
    """Markdown in which no text taken from the data (column names, attribute values, legal bases, names) can
    act as raw HTML: every ``&`` and ``<`` becomes an entity (also in code spans and fences, which a value with
    backticks could close; renderers show such rare values with the entity there).

    Examples
    --------
    >>> neutralise_html('| <img src=x onerror=alert(1)> | a & b |')
    '| &lt;img src=x onerror=alert(1)> | a &amp; b |'
    """
    return md.replace("&", "&amp;").replace("<", "&lt;")


def _inline(text: str) -> str:
    t = html.escape(html.unescape(text))
    t = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", t)
    return re.sub(r"`(.+?)`", r"<code>\1</code>", t)


def _md_to_html(md: str, *, title: str) -> str:
    """The small Markdown subset the card uses, as HTML."""
    body: list[str] = []
    lines = md.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("```"):
            j = i + 1
            while j < len(lines) and not lines[j].startswith("```"):
                j += 1
            body.append("<pre>" + html.escape(html.unescape("\n".join(lines[i + 1:j]))) + "</pre>")
            i = j + 1
            continue
        if line.startswith("|"):
            rows = []
            while i < len(lines) and lines[i].startswith("|"):
                rows.append([c.strip() for c in lines[i].strip().strip("|").split("|")])
                i += 1
            head, rest = rows[0], [r for r in rows[1:] if not set("".join(r)) <= set("-:")]
            body.append("<table><thead><tr>" + "".join(f"<th>{_inline(c)}</th>" for c in head) + "</tr></thead><tbody>"
                        + "".join("<tr>" + "".join(f"<td>{_inline(c)}</td>" for c in r) + "</tr>" for r in rest)
                        + "</tbody></table>")
            continue
        if line.startswith("- "):
            items = []
            while i < len(lines) and lines[i].startswith("- "):
                items.append(f"<li>{_inline(lines[i][2:])}</li>")
                i += 1
            body.append("<ul>" + "".join(items) + "</ul>")
            continue
        if line.startswith(">"):
            quote = []
            while i < len(lines) and lines[i].startswith(">"):
                quote.append(lines[i].lstrip("> "))
                i += 1
            body.append('<aside class="rule">' + "".join(f"<p>{_inline(q)}</p>" for q in quote if q) + "</aside>")
            continue
        m = re.match(r"^(#{1,3}) (.*)$", line)
        if m:
            n = len(m.group(1))
            body.append(f"<h{n}>{_inline(m.group(2))}</h{n}>")
        elif line.strip():
            body.append(f"<p>{_inline(line)}</p>")
        i += 1
    style = ("body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;line-height:1.45}"
             "table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #bbb;padding:.2rem .5rem}"
             "aside.rule{border:3px solid #b00;padding:.5rem 1rem;background:#fff4f4}"
             "pre{background:#f4f4f4;padding:.5rem}")
    import nh3

    safe = nh3.clean("".join(body), tags={"h1", "h2", "h3", "p", "strong", "code", "pre", "table", "thead", "tbody",
                                          "tr", "th", "td", "ul", "li", "aside"},
                     attributes={"aside": {"class"}}, url_schemes=set())
    return (f'<!doctype html><html lang="{get_language()}"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title>"
            f"<style>{style}</style></head><body>{safe}</body></html>")
