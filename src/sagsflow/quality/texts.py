"""Texts of the data-quality report: finding titles, details and effects, and headings.

The texts are written in English here and translated through the message catalogues (:mod:`sagsflow.i18n`);
a finding's texts are templates filled from its metrics, so the JSON report, the terminal summary and the HTML
page say the same thing in the same language. Functions take ``lang`` (``"da"``/``"en"``); None means the
current language (:func:`sagsflow.i18n.get_language`).
"""

from __future__ import annotations

from collections.abc import Mapping

from sagsflow import i18n
from sagsflow.i18n import N_

Lang = i18n.Lang  # one order everywhere: typing caches `Lang | None` by equality, and the first order wins

# code -> (title, detail, effect) in English; ``{share}`` etc. are filled from the finding's metrics, and the
# texts are translated through the catalogues (sagsflow/locale/<lang>/LC_MESSAGES/sagsflow.po)
FINDINGS: dict[str, tuple[str, str, str]] = {
    "date_only_timestamps": (
        N_("Date-only timestamps"),
        N_("{count} events ({share}) have the time 00:00:00 in local time ({timezone}){fixed_offset_note}: a date "
           "without a time of day. {n_activities_date_only} of {n_activities} activities are registered mostly as "
           "dates ({n_activities_all_date_only} always)."),
        N_("Date-only timestamps make the order of same-day events arbitrary: directly-follows edges between them "
           "are unreliable, and durations under a day read as zero. Waiting and processing times can only be "
           "measured in whole days."),
    ),
    "utc_midnight_timestamps": (
        N_("Dates stored as midnight UTC"),
        N_("{count} events ({share}) are at 00:00 UTC, which is 01:00 or 02:00 in {timezone}: probably dates that "
           "were read as UTC instead of local time."),
        N_("These events sit one or two hours into the day instead of at its start, so they sort after same-day "
           "events with early times, and day-based figures can put them on the wrong day. Re-import with the "
           "column's time zone set to {timezone}."),
    ),
    "identical_timestamps": (
        N_("Events with identical timestamps in a case"),
        N_("{count} events ({share}) fall in {n_groups} groups of two or more events of one case with exactly the "
           "same timestamp, in {n_cases_affected} cases; the largest group has {largest_group} events. "
           "{n_groups_date_only} of the groups are date-only."),
        N_("Events recorded at the same instant (often saved together from one form or screen) have no real order: "
           "the source order is kept as a tie-breaker, but directly-follows edges, variants and rework between them "
           "show how the system saves data, not how the work was done. Consider merging them into one activity or "
           "ordering them by a known logical order."),
    ),
    "sequence_out_of_order": (
        N_("Events out of order relative to the sequence number"),
        N_("In {count} cases ({share}) the time order contradicts the source's sequence number: {n_inversions} "
           "inversions, {n_inversions_time} between different timestamps and {n_inversions_tied} between events "
           "with the same timestamp."),
        N_("Either the timestamps or the sequence numbers are wrong (for example a date typed with the wrong month, "
           "or a step registered later with an earlier date). Process maps and variants follow the timestamps, so "
           "these cases show steps in an order that did not happen, and durations between the affected steps can be "
           "negative or inflated."),
    ),
    "future_dates": (
        N_("Events dated in the future"),
        N_("{count} events ({share}) in {n_cases_affected} cases have a timestamp after {now}."),
        N_("Future dates are typing errors (a wrong year) or planned steps recorded as if they had happened. They "
           "stretch case durations, put the step last in its case and make open cases look finished. Check the "
           "activities listed: planned steps should be filtered out or kept apart."),
    ),
    "implausible_dates": (
        N_("Dates outside the plausible period"),
        N_("{count} events ({share}) in {n_cases_affected} cases lie outside the log's plausible period {first_day} "
           "– {last_day} ({period_source}) and are quarantined: {treatment}"),
        N_("Such dates are usually placeholders (01-01-1900, 31-12-9999, year 1) or typing errors (2099). Left in, "
           "they make cases start decades early or last for centuries, stretch every time axis and put the event "
           "first or last in its case. The events stay in the store unchanged. If real events fall outside, set the "
           "plausible period of the log ('sagsflow window', or PUT .../plausible-window)."),
    ),
    "start_after_end": (
        N_("Start time after completion time"),
        N_("{count} events ({share}) in {n_cases_affected} cases start after they are completed."),
        N_("The processing times of these events are negative: sums and averages of processing time are wrong until "
           "the two times are corrected or the events are left out."),
    ),
    "duplicate_events": (
        N_("Exact duplicate events"),
        N_("{count} events ({share}) are exact copies of another event (same case, activity, times, resource, "
           "lifecycle and event attributes), in {n_groups} groups in {n_cases_affected} cases."),
        N_("Duplicates inflate activity frequencies and create self-loops (A followed by A) that look like rework, "
           "and the waiting time between the copies reads as zero. They usually come from overlapping extracts or "
           "joins in the extraction: remove them unless the source really records a step twice."),
    ),
    "missing_start_activity": (
        N_("Cases without a typical start activity"),
        N_("{count} cases ({share}) do not start with {basis}: {typical}."),
        N_("These cases began before the extract's period, or their first steps are recorded in another system (a "
           "scattered case). Their throughput times are too short and their first steps are missing, which biases "
           "durations and variants: filter on start activity or case start before measuring end-to-end times."),
    ),
    "missing_end_activity": (
        N_("Cases without a typical end activity"),
        N_("{count} cases ({share}) do not end with {basis}: {typical}. {n_possibly_open} of them had events in the "
           "last {open_window_days} days of the log and may still be ongoing."),
        N_("Ongoing cases are not an error, but they must not be counted as finished: their durations are too "
           "short. Cases that were closed without a final step have their ending recorded elsewhere or not at all "
           "(a scattered case). Filter on end activity before measuring throughput times and outcomes."),
    ),
    "polluted_labels": (
        N_("Activity labels polluted with numbers"),
        N_("{count} activity labels ({share} of all labels) differ only in numbers inside the label, in "
           "{n_patterns} patterns; {n_events_affected} events."),
        N_("Each numbered variant becomes its own activity in the process map and in variants, which splits one "
           "step into many rare paths. Map the variants to one label (the number belongs in an attribute)."),
    ),
    "label_variants": (
        N_("One activity spelt in several ways"),
        N_("{count} labels in {n_groups} groups are the same when upper/lower case, punctuation and white space are "
           "ignored; {n_events_affected} events carry a less common spelling."),
        N_("The same step appears as several activities: its frequency is split, the process map gets parallel "
           "nodes and the number of variants grows. Map the spellings to one label in the mapping's activity names."),
    ),
    "similar_labels": (
        N_("Activity labels that look like typos of each other"),
        N_("{n_pairs} pairs of labels ({count} labels) have a similarity of at least {threshold} (normalised edit "
           "distance) and rarely occur in the same case, or one is much rarer than the other."),
        N_("A misspelt label makes the same step appear as two activities: its frequency is split, the process map "
           "gets a parallel node and variants multiply. Map the misspelling to the correct label."),
    ),
    "synonymous_labels": (
        N_("Different labels that may name the same step"),
        N_("{n_pairs} pairs of different labels never occur in the same case, occur with the same other activities "
           "(profile similarity at least {context_similarity}) at similar positions, and are used in different "
           "groups of cases (for example different municipalities or case systems) or in different periods."),
        N_("If a pair is one step under two names (for example two case systems' vocabularies), the process map "
           "shows two parallel paths where there is one, and comparisons between units or periods that use "
           "different names are wrong. Check the pairs and map true synonyms to a common label; if they are "
           "different steps, ignore this note."),
    ),
    "batch_registrations": (
        N_("Batch registrations"),
        N_("{count} events ({share}) were registered in {n_batches} batches of at least {min_events} events within "
           "{window_seconds} seconds by {n_resources} resources; the largest batch has {largest_batch} events "
           "(times taken from {by})."),
        N_("Batch-registered events carry the time the batch ran (often a robot user or a bulk update), not when "
           "the work was done: waiting times before the batch are inflated, times after it shrink, the events of a "
           "batch get an arbitrary order, and the resource's workload is wrong. Treat the resource as a system user "
           "and leave its times out of time analyses; if the events are side effects of the system rather than "
           "process steps (collateral events), filter them out."),
    ),
    "backdated_registrations": (
        N_("Backdated registrations"),
        N_("{count} of the {n_registered} events with a registration time ({share}) were registered more than "
           "{backdating_days} days after their timestamp, in {n_cases_affected} cases; median delay "
           "{median_delay_days} days (90th percentile {p90_delay_days} days)."),
        N_("The log shows the process as it was on paper, not as it was known in the system at the time: a deadline "
           "can look met on paper although the step was registered late, and predictions trained on such data see "
           "events before they were registered, so they do worse in practice than in tests. Use the registration "
           "time for compliance monitoring and for what was known when."),
    ),
    "registered_before_event": (
        N_("Events registered before they happened"),
        N_("{count} events ({share} of the events with a registration time) in {n_cases_affected} cases were "
           "registered before their own timestamp (median {median_days_early} days early)."),
        N_("A step cannot be registered before it happens: these are planned steps recorded with the planned date, "
           "or dates typed wrongly. They appear done before they were, and open cases can look further along than "
           "they are; filter out planned steps or correct the dates."),
    ),
}

#: headings and labels of the report (English; translated where shown)
HEADINGS: dict[str, str] = {
    "title": N_("Data-quality report"),
    "overview": N_("Overview"),
    "events": N_("events"),
    "cases": N_("cases"),
    "activities": N_("activities"),
    "resources": N_("resources"),
    "labels": N_("labels"),
    "n_events": N_("Events"),
    "n_cases": N_("Cases"),
    "n_activities": N_("Activities"),
    "n_resources": N_("Resources"),
    "first_timestamp": N_("First event"),
    "last_timestamp": N_("Last event"),
    "span_days": N_("Time span (days)"),
    "plausible_period": N_("Plausible period"),
    "n_quarantined": N_("Events outside it (quarantined)"),
    "log": N_("Log"),
    "columns": N_("Missing values per column"),
    "column": N_("Column"),
    "kind": N_("Kind"),
    "role": N_("role"),
    "attribute": N_("attribute"),
    "level": N_("Level"),
    "event": N_("event"),
    "case": N_("case"),
    "dtype": N_("Type"),
    "data_class": N_("Data class"),
    "n_missing": N_("Missing"),
    "share_missing": N_("Share missing"),
    "not_in_source": N_("not in the source"),
    "findings": N_("Findings"),
    "no_findings": N_("No data-quality problems found."),
    "summary": N_("Summary"),
    "severity": N_("Severity"),
    "pattern": N_("Imperfection pattern"),
    "finding": N_("Finding"),
    "affected": N_("Affected"),
    "detail": N_("What was measured"),
    "effect": N_("What it does to the analysis"),
    "examples": N_("Examples"),
    "breakdown": N_("Breakdown"),
    "info": N_("info"),
    "warning": N_("warning"),
    "error": N_("error"),
    "parameters": N_("Parameters"),
    "parameter": N_("Parameter"),
    "value": N_("Value"),
    "generated": N_("Generated"),
    "about": N_("About the patterns"),
    "about_text": N_("Findings are named by the event-log imperfection patterns of"),
    "times_utc": N_("Times are shown in UTC."),
    "activity": N_("Activity"),
    "case_id": N_("Case"),
    "timestamp": N_("Timestamp"),
    "start_timestamp": N_("Start"),
    "registration_timestamp": N_("Registered"),
    "resource": N_("Resource"),
    "share": N_("Share"),
    "date_only": N_("Date-only"),
    "utc_midnight": N_("At 00:00 UTC"),
    "copies": N_("Copies"),
    "extra_events": N_("Extra events"),
    "groups": N_("Groups"),
    "end_time": N_("Last event"),
    "earlier_in_time": N_("Earlier in time"),
    "later_in_time": N_("Later in time, lower number"),
    "same_timestamp": N_("Same timestamp"),
    "registered": N_("With registration time"),
    "backdated": N_("Backdated"),
    "median_delay_days": N_("Median delay (days)"),
    "median_days_early": N_("Median days early"),
    "delay_days": N_("Delay (days)"),
    "registered_from": N_("From"),
    "registered_to": N_("To"),
    "most_common_activity": N_("Most common activity"),
    "batches": N_("Batches"),
    "share_of_resource": N_("Share of the resource's events"),
    "label": N_("Label"),
    "variant": N_("Other spellings"),
    "variant_events": N_("Events with other spellings"),
    "similar_label": N_("Similar label"),
    "similar_events": N_("Events (similar label)"),
    "similarity": N_("Similarity"),
    "share_with_both": N_("Share of the rarer label's cases that have both"),
    "other_label": N_("Other label"),
    "other_cases": N_("Cases (other label)"),
    "context_similarity": N_("Context similarity"),
    "separated_by": N_("Separated by"),
    "example_labels": N_("Example labels"),
    "yes": N_("yes"),
    "code": N_("Code"),
    "no": N_("no"),
}

#: what the analyses do with quarantined events, by whether the report's log includes them
_QUARANTINE = {
    False: N_("every analysis leaves them out, and so do the other checks of this report."),
    True: N_("this report was made with them included (include_quarantined), so the other checks count them."),
}
_UNREPRESENTABLE = N_("{n} of them are dated before 1800 or after 2199: no analysis ever counts those.")
_PERIOD_SOURCE = {"derived": N_("derived from the data"), "set": N_("set for the log"),
                  "partly set": N_("partly set for the log")}

#: the imperfection patterns' names (Suriadi et al. 2017), translated where shown
PATTERNS: dict[str, str] = {
    "form-based event capture": N_("form-based event capture"),
    "inadvertent time travel": N_("inadvertent time travel"),
    "unanchored event": N_("unanchored event"),
    "scattered event": N_("scattered event"),
    "elusive case": N_("elusive case"),
    "scattered case": N_("scattered case"),
    "collateral events": N_("collateral events"),
    "polluted label": N_("polluted label"),
    "distorted label": N_("distorted label"),
    "synonymous labels": N_("synonymous labels"),
    "homonymous label": N_("homonymous label"),
}


def count_of(unit: str, n: int, lang: Lang | None = None) -> str:
    """``"1 hændelse"``, ``"2.500 hændelser"``: a count with its unit (events, cases, labels, resources)."""
    with i18n.use_language(lang):
        if unit == "events":
            return i18n.ngettext("{n} event", "{n} events", n)
        if unit == "cases":
            return i18n.ngettext("{n} case", "{n} cases", n)
        if unit == "labels":
            return i18n.ngettext("{n} label", "{n} labels", n)
        if unit == "resources":
            return i18n.ngettext("{n} resource", "{n} resources", n)
        return f"{i18n.format_number(n)} {unit}"


def activities_count(n: int, lang: Lang | None = None) -> str:
    """``"1 aktivitet"``, ``"12 aktiviteter"``."""
    with i18n.use_language(lang):
        return i18n.ngettext("{n} activity", "{n} activities", n)


def pattern_name(pattern: str, lang: Lang | None = None) -> str:
    """The name of an imperfection pattern in the language ("synonymous labels" -> "synonyme navne")."""
    with i18n.use_language(lang):
        return i18n._(PATTERNS[pattern]) if pattern in PATTERNS else pattern


_BASIS = {
    ("start", True): N_("a typical start activity (one that starts at least {typical_share} of the cases)"),
    ("start", False): N_("one of the expected start activities"),
    ("end", True): N_("a typical end activity (one that ends at least {typical_share} of the cases)"),
    ("end", False): N_("one of the expected end activities"),
}


def heading(key: str, lang: Lang | None = None) -> str:
    """A heading or label in the language (the key with spaces when unknown)."""
    entry = HEADINGS.get(key)
    if entry is None:
        return key.replace("_", " ")
    with i18n.use_language(lang):
        return i18n._(entry)


def format_number(value: float | int, lang: Lang | None = None, *, decimals: int = 1) -> str:
    """``12345`` -> ``'12,345'`` (en) / ``'12.345'`` (da); floats with ``decimals`` decimals.

    Examples
    --------
    >>> format_number(12345, "da"), format_number(1234.56, "en")
    ('12.345', '1,234.6')
    """
    return i18n.format_number(value, lang=lang, decimals=None if isinstance(value, int) else decimals)


def format_share(value: float, lang: Lang | None = None) -> str:
    """``0.1234`` -> ``'12.3 %'`` (en) / ``'12,3 %'`` (da); small non-zero shares keep two decimals."""
    pct = 100 * value
    return i18n.format_percent(value, lang=lang, decimals=2 if 0 < pct < 1 else 1)


def format_value(key: str, value: object, lang: Lang | None = None) -> str:
    """A metric or table cell for people: shares as percentages, numbers with separators."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return heading("yes" if value else "no", lang)
    if isinstance(value, float) and (key == "share" or key.startswith("share") or key.endswith("_share")):
        return format_share(value, lang)
    if isinstance(value, int):
        return format_number(value, lang)
    if isinstance(value, float):
        decimals = 3 if key in ("similarity", "context_similarity", "threshold") else 1
        return format_number(value, lang, decimals=decimals)
    return str(value)


def finding_texts(code: str, metrics: Mapping[str, object], lang: Lang | None = None) -> tuple[str, str, str]:
    """``(title, detail, effect)`` of a finding in the language, filled from its metrics."""
    with i18n.use_language(lang):
        values = {k: format_value(k, v) for k, v in metrics.items()}
        if code == "date_only_timestamps":
            offset = metrics.get("fixed_offset")
            values["fixed_offset_note"] = i18n._(" or at the fixed offset UTC{offset} all year").format(
                offset=offset) if offset else ""
        if code == "implausible_dates":
            values["treatment"] = i18n._(_QUARANTINE[bool(metrics.get("included"))])
            if metrics.get("n_unrepresentable"):
                values["treatment"] += " " + i18n._(_UNREPRESENTABLE).format(n=values["n_unrepresentable"])
            source = str(metrics.get("period_source"))
            values["period_source"] = i18n._(_PERIOD_SOURCE[source]) if source in _PERIOD_SOURCE else source
        if code in ("missing_start_activity", "missing_end_activity"):
            side = "start" if code.startswith("missing_start") else "end"
            values["basis"] = i18n._(_BASIS[(side, bool(metrics.get("inferred", True)))]).format(**values)
            if not metrics.get("typical"):
                values["typical"] = "–"
        return tuple(i18n._(t).format(**values) for t in FINDINGS[code])  # type: ignore[return-value]
