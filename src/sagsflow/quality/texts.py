"""Texts of the report in English and Danish: finding titles, details and effects, and headings.

A finding's texts are templates filled from its metrics, so the JSON report (English) and the
Danish HTML page say the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

Lang = Literal["en", "da"]

# code -> lang -> (title, detail, effect); ``{share}`` etc. are filled from the finding's metrics
FINDINGS: dict[str, dict[str, tuple[str, str, str]]] = {
    "date_only_timestamps": {
        "en": (
            "Date-only timestamps",
            "{count} events ({share}) have the time 00:00:00 in local time ({timezone}): a date without a time "
            "of day. {n_activities_date_only} of {n_activities} activities are registered mostly as dates "
            "({n_activities_all_date_only} always).",
            "Date-only timestamps make the order of same-day events arbitrary: directly-follows edges between "
            "them are unreliable, and durations under a day read as zero. Waiting and processing times can only "
            "be measured in whole days.",
        ),
        "da": (
            "Tidsstempler uden klokkeslæt",
            "{count} hændelser ({share}) har klokkeslættet 00:00:00 i lokal tid ({timezone}): en dato uden "
            "klokkeslæt. {n_activities_date_only} af {n_activities} aktiviteter registreres mest som datoer "
            "({n_activities_all_date_only} altid).",
            "Når tidsstempler kun er datoer, er rækkefølgen af hændelser på samme dag tilfældig: direkte-følger-"
            "kanter mellem dem er upålidelige, og varigheder under en dag bliver nul. Vente- og behandlingstider "
            "kan kun måles i hele dage.",
        ),
    },
    "utc_midnight_timestamps": {
        "en": (
            "Dates stored as midnight UTC",
            "{count} events ({share}) are at 00:00 UTC, which is 01:00 or 02:00 in {timezone}: probably dates "
            "that were read as UTC instead of local time.",
            "These events sit one or two hours into the day instead of at its start, so they sort after same-day "
            "events with early times, and day-based figures can put them on the wrong day. Re-import with the "
            "column's time zone set to {timezone}.",
        ),
        "da": (
            "Datoer gemt som midnat UTC",
            "{count} hændelser ({share}) ligger kl. 00:00 UTC, dvs. kl. 01:00 eller 02:00 i {timezone}: "
            "sandsynligvis datoer, der er læst som UTC i stedet for lokal tid.",
            "Hændelserne ligger en eller to timer inde i døgnet i stedet for ved dets start, så de sorteres efter "
            "tidlige hændelser samme dag, og opgørelser pr. dag kan placere dem på den forkerte dag. Importér igen "
            "med kolonnens tidszone sat til {timezone}.",
        ),
    },
    "identical_timestamps": {
        "en": (
            "Events with identical timestamps in a case",
            "{count} events ({share}) fall in {n_groups} groups of two or more events of one case with exactly "
            "the same timestamp, in {n_cases_affected} cases; the largest group has {largest_group} events. "
            "{n_groups_date_only} of the groups are date-only.",
            "Events recorded at the same instant (often saved together from one form or screen) have no real "
            "order: the source order is kept as a tie-breaker, but directly-follows edges, variants and rework "
            "between them show how the system saves data, not how the work was done. Consider merging them into "
            "one activity or ordering them by a known logical order.",
        ),
        "da": (
            "Hændelser med samme tidsstempel i en sag",
            "{count} hændelser ({share}) indgår i {n_groups} grupper af to eller flere hændelser i samme sag med "
            "præcis samme tidsstempel, i {n_cases_affected} sager; den største gruppe har {largest_group} "
            "hændelser. {n_groups_date_only} af grupperne er rene datoer.",
            "Hændelser registreret i samme øjeblik (ofte gemt samlet fra ét skærmbillede) har ingen reel "
            "rækkefølge: kildens rækkefølge bruges, men direkte-følger-kanter, varianter og gentagelser mellem dem "
            "viser, hvordan systemet gemmer data, ikke hvordan arbejdet blev gjort. Overvej at slå dem sammen til "
            "én aktivitet eller ordne dem efter en kendt logisk rækkefølge.",
        ),
    },
    "sequence_out_of_order": {
        "en": (
            "Events out of order relative to the sequence number",
            "In {count} cases ({share}) the time order contradicts the source's sequence number: "
            "{n_inversions} inversions, {n_inversions_time} between different timestamps and "
            "{n_inversions_tied} between events with the same timestamp.",
            "Either the timestamps or the sequence numbers are wrong (for example a date typed with the wrong "
            "month, or a step registered later with an earlier date). Process maps and variants follow the "
            "timestamps, so these cases show steps in an order that did not happen, and durations between the "
            "affected steps can be negative or inflated.",
        ),
        "da": (
            "Hændelser i modstrid med løbenummeret",
            "I {count} sager ({share}) strider tidsrækkefølgen mod kildens løbenummer: {n_inversions} "
            "ombytninger, {n_inversions_time} mellem forskellige tidsstempler og {n_inversions_tied} mellem "
            "hændelser med samme tidsstempel.",
            "Enten tidsstemplerne eller løbenumrene er forkerte (fx en dato tastet med forkert måned eller et "
            "skridt registreret senere med en tidligere dato). Proceskort og varianter følger tidsstemplerne, så "
            "sagerne viser skridt i en rækkefølge, der ikke fandt sted, og varigheder mellem dem kan blive "
            "negative eller for lange.",
        ),
    },
    "future_dates": {
        "en": (
            "Events dated in the future",
            "{count} events ({share}) in {n_cases_affected} cases have a timestamp after {now}.",
            "Future dates are typing errors (a wrong year) or planned steps recorded as if they had happened. "
            "They stretch case durations, put the step last in its case and make open cases look finished. "
            "Check the activities listed: planned steps should be filtered out or kept apart.",
        ),
        "da": (
            "Hændelser dateret i fremtiden",
            "{count} hændelser ({share}) i {n_cases_affected} sager har et tidsstempel efter {now}.",
            "Fremtidige datoer er tastefejl (forkert år) eller planlagte skridt registreret, som om de var sket. "
            "De forlænger sagernes varighed, lægger skridtet sidst i sagen og får åbne sager til at se afsluttede "
            "ud. Se de viste aktiviteter: planlagte skridt bør filtreres fra eller holdes for sig.",
        ),
    },
    "implausible_dates": {
        "en": (
            "Dates outside the plausible period",
            "{count} events ({share}) in {n_cases_affected} cases lie outside the log's plausible period "
            "{first_day} – {last_day} ({period_source}) and are quarantined: {treatment}",
            "Such dates are usually placeholders (01-01-1900, 31-12-9999, year 1) or typing errors (2099). Left in, "
            "they make cases start decades early or last for centuries, stretch every time axis and put the event "
            "first or last in its case. The events stay in the store unchanged. If real events fall outside, set "
            "the plausible period of the log ('sagsflow window', or the log's settings in the web app).",
        ),
        "da": (
            "Datoer uden for den plausible periode",
            "{count} hændelser ({share}) i {n_cases_affected} sager ligger uden for loggens plausible periode "
            "{first_day} – {last_day} ({period_source}) og er sat i karantæne: {treatment}",
            "Sådanne datoer er som regel pladsholdere (01-01-1900, 31-12-9999, år 1) eller tastefejl (2099). Får "
            "de lov at blive, starter sager årtier for tidligt eller varer i århundreder, alle tidsakser strækkes, "
            "og hændelsen lægges først eller sidst i sagen. Hændelserne bliver uændret i lageret. Ligger der "
            "virkelige hændelser udenfor, så sæt loggens plausible periode ('sagsflow window' eller loggens "
            "indstillinger i webappen).",
        ),
    },
    "start_after_end": {
        "en": (
            "Start time after completion time",
            "{count} events ({share}) in {n_cases_affected} cases start after they are completed.",
            "The processing times of these events are negative: sums and averages of processing time are wrong "
            "until the two times are corrected or the events are left out.",
        ),
        "da": (
            "Starttid efter sluttid",
            "{count} hændelser ({share}) i {n_cases_affected} sager starter, efter de er afsluttet.",
            "Behandlingstiden for hændelserne er negativ: summer og gennemsnit af behandlingstid er forkerte, "
            "indtil tiderne er rettet, eller hændelserne er udeladt.",
        ),
    },
    "duplicate_events": {
        "en": (
            "Exact duplicate events",
            "{count} events ({share}) are exact copies of another event (same case, activity, times, resource, "
            "lifecycle and event attributes), in {n_groups} groups in {n_cases_affected} cases.",
            "Duplicates inflate activity frequencies and create self-loops (A followed by A) that look like "
            "rework, and the waiting time between the copies reads as zero. They usually come from overlapping "
            "extracts or joins in the extraction: remove them unless the source really records a step twice.",
        ),
        "da": (
            "Identiske dubletter",
            "{count} hændelser ({share}) er nøjagtige kopier af en anden hændelse (samme sag, aktivitet, "
            "tidspunkter, ressource, livscyklus og hændelsesattributter), i {n_groups} grupper i "
            "{n_cases_affected} sager.",
            "Dubletter puster aktiviteternes hyppighed op og skaber selvløkker (A efterfulgt af A), der ligner "
            "omarbejde, og ventetiden mellem kopierne bliver nul. De skyldes som regel overlappende udtræk eller "
            "joins i udtrækket: fjern dem, medmindre kilden reelt registrerer et skridt to gange.",
        ),
    },
    "missing_start_activity": {
        "en": (
            "Cases without a typical start activity",
            "{count} cases ({share}) do not start with {basis}: {typical}.",
            "These cases began before the extract's period, or their first steps are recorded in another system "
            "(a scattered case). Their throughput times are too short and their first steps are missing, which "
            "biases durations and variants: filter on start activity or case start before measuring "
            "end-to-end times.",
        ),
        "da": (
            "Sager uden en typisk startaktivitet",
            "{count} sager ({share}) starter ikke med {basis}: {typical}.",
            "Sagerne begyndte før udtrækkets periode, eller deres første skridt er registreret i et andet system "
            "(en spredt sag). Gennemløbstiderne bliver for korte, og de første skridt mangler, hvilket skævvrider "
            "varigheder og varianter: filtrér på startaktivitet eller sagsstart, før gennemløbstider måles.",
        ),
    },
    "missing_end_activity": {
        "en": (
            "Cases without a typical end activity",
            "{count} cases ({share}) do not end with {basis}: {typical}. {n_possibly_open} of them had events "
            "in the last {open_window_days} days of the log and may still be ongoing.",
            "Ongoing cases are not an error, but they must not be counted as finished: their durations are too "
            "short. Cases that were closed without a final step have their ending recorded elsewhere or not at "
            "all (a scattered case). Filter on end activity before measuring throughput times and outcomes.",
        ),
        "da": (
            "Sager uden en typisk slutaktivitet",
            "{count} sager ({share}) slutter ikke med {basis}: {typical}. {n_possibly_open} af dem havde "
            "hændelser i loggens sidste {open_window_days} dage og kan stadig være i gang.",
            "Igangværende sager er ikke en fejl, men de må ikke tælles som afsluttede: deres varighed er for "
            "kort. Sager, der er lukket uden et afsluttende skridt, har deres afslutning registreret andetsteds "
            "eller slet ikke (en spredt sag). Filtrér på slutaktivitet, før gennemløbstider og udfald måles.",
        ),
    },
    "polluted_labels": {
        "en": (
            "Activity labels polluted with numbers",
            "{count} activity labels ({share} of all labels) differ only in numbers inside the label, in "
            "{n_patterns} patterns; {n_events_affected} events.",
            "Each numbered variant becomes its own activity in the process map and in variants, which splits "
            "one step into many rare paths. Map the variants to one label (the number belongs in an attribute).",
        ),
        "da": (
            "Aktivitetsnavne forurenet med tal",
            "{count} aktivitetsnavne ({share} af alle navne) adskiller sig kun ved tal i navnet, i "
            "{n_patterns} mønstre; {n_events_affected} hændelser.",
            "Hver nummereret variant bliver sin egen aktivitet i proceskortet og i varianterne, så ét skridt "
            "splittes i mange sjældne veje. Map varianterne til ét navn (tallet hører hjemme i en attribut).",
        ),
    },
    "label_variants": {
        "en": (
            "One activity spelt in several ways",
            "{count} labels in {n_groups} groups are the same when upper/lower case, punctuation and white space "
            "are ignored; {n_events_affected} events carry a less common spelling.",
            "The same step appears as several activities: its frequency is split, the process map gets parallel "
            "nodes and the number of variants grows. Map the spellings to one label in the mapping's activity "
            "names.",
        ),
        "da": (
            "Samme aktivitet stavet på flere måder",
            "{count} navne i {n_groups} grupper er ens, når store/små bogstaver, tegnsætning og mellemrum "
            "ignoreres; {n_events_affected} hændelser har en sjældnere stavemåde.",
            "Samme skridt optræder som flere aktiviteter: hyppigheden deles, proceskortet får parallelle knuder, "
            "og antallet af varianter vokser. Map stavemåderne til ét navn i mappingens aktivitetsnavne.",
        ),
    },
    "similar_labels": {
        "en": (
            "Activity labels that look like typos of each other",
            "{n_pairs} pairs of labels ({count} labels) have a similarity of at least {threshold} (normalised "
            "edit distance) and rarely occur in the same case, or one is much rarer than the other.",
            "A misspelt label makes the same step appear as two activities: its frequency is split, the process "
            "map gets a parallel node and variants multiply. Map the misspelling to the correct label.",
        ),
        "da": (
            "Aktivitetsnavne, der ligner stavefejl af hinanden",
            "{n_pairs} par af navne ({count} navne) har en lighed på mindst {threshold} (normaliseret "
            "redigeringsafstand) og optræder sjældent i samme sag, eller det ene er langt sjældnere end det andet.",
            "Et fejlstavet navn får samme skridt til at optræde som to aktiviteter: hyppigheden deles, "
            "proceskortet får en parallel knude, og varianterne bliver flere. Map fejlstavningen til det rigtige "
            "navn.",
        ),
    },
    "synonymous_labels": {
        "en": (
            "Different labels that may name the same step",
            "{n_pairs} pairs of different labels never occur in the same case, occur with the same other "
            "activities (profile similarity at least {context_similarity}) at similar positions, and are used in "
            "different groups of cases (for example different municipalities or case systems) or in different "
            "periods.",
            "If a pair is one step under two names (for example two case systems' vocabularies), the process "
            "map shows two parallel paths where there is one, and comparisons between units or periods that use "
            "different names are wrong. Check the pairs and map true synonyms to a common label; if they are "
            "different steps, ignore this note.",
        ),
        "da": (
            "Forskellige navne, der måske betegner samme skridt",
            "{n_pairs} par af forskellige navne optræder aldrig i samme sag, optræder sammen med de samme andre "
            "aktiviteter (profil-lighed mindst {context_similarity}) på lignende placering og bruges i "
            "forskellige grupper af sager (fx forskellige kommuner eller sagssystemer) eller i forskellige "
            "perioder.",
            "Hvis et par er ét skridt under to navne (fx to sagssystemers ordforråd), viser proceskortet to "
            "parallelle veje, hvor der er én, og sammenligninger mellem enheder eller perioder med forskellige "
            "navne bliver forkerte. Tjek parrene og map ægte synonymer til et fælles navn; er det forskellige "
            "skridt, kan bemærkningen ignoreres.",
        ),
    },
    "batch_registrations": {
        "en": (
            "Batch registrations",
            "{count} events ({share}) were registered in {n_batches} batches of at least {min_events} events "
            "within {window_seconds} seconds by {n_resources} resources; the largest batch has {largest_batch} "
            "events (times taken from {by}).",
            "Batch-registered events carry the time the batch ran (often a robot user or a bulk update), not "
            "when the work was done: waiting times before the batch are inflated, times after it shrink, the "
            "events of a batch get an arbitrary order, and the resource's workload is wrong. Treat the resource "
            "as a system user and leave its times out of time analyses; if the events are side effects of the "
            "system rather than process steps (collateral events), filter them out.",
        ),
        "da": (
            "Masseregistreringer",
            "{count} hændelser ({share}) blev registreret i {n_batches} klumper af mindst {min_events} hændelser "
            "inden for {window_seconds} sekunder af {n_resources} ressourcer; den største klump har "
            "{largest_batch} hændelser (tider fra {by}).",
            "Masseregistrerede hændelser bærer tidspunktet for kørslen (ofte en robotbruger eller en "
            "masseopdatering), ikke for arbejdet: ventetider før kørslen bliver for lange, tider efter den for "
            "korte, hændelserne i en klump får en tilfældig rækkefølge, og ressourcens arbejdsmængde bliver "
            "forkert. Behandl ressourcen som en systembruger og udelad dens tider af tidsanalyser; er "
            "hændelserne systemets sideeffekter snarere end processkridt (collateral events), så filtrér dem fra.",
        ),
    },
    "backdated_registrations": {
        "en": (
            "Backdated registrations",
            "{count} of the {n_registered} events with a registration time ({share}) were registered more than "
            "{backdating_days} days after their timestamp, in {n_cases_affected} cases; median delay "
            "{median_delay_days} days (90th percentile {p90_delay_days} days).",
            "The log shows the process as it was on paper, not as it was known in the system at the time: a "
            "deadline can look met on paper although the step was registered late, and predictions trained on "
            "such data see events before they were registered, so they do worse in practice than in tests. Use "
            "the registration time for compliance monitoring and for what was known when.",
        ),
        "da": (
            "Tilbagedaterede registreringer",
            "{count} af de {n_registered} hændelser med registreringstidspunkt ({share}) blev registreret mere "
            "end {backdating_days} dage efter deres tidsstempel, i {n_cases_affected} sager; medianforsinkelse "
            "{median_delay_days} dage (90 %-fraktil {p90_delay_days} dage).",
            "Loggen viser processen, som den så ud på papiret, ikke som systemet kendte den på tidspunktet: en "
            "frist kan se overholdt ud, selv om skridtet blev registreret for sent, og forudsigelser trænet på "
            "sådanne data ser hændelser, før de blev registreret, og klarer sig derfor dårligere i praksis end i "
            "test. Brug registreringstidspunktet til overvågning af frister og til, hvad der var kendt hvornår.",
        ),
    },
    "registered_before_event": {
        "en": (
            "Events registered before they happened",
            "{count} events ({share} of the events with a registration time) in {n_cases_affected} cases were "
            "registered before their own timestamp (median {median_days_early} days early).",
            "A step cannot be registered before it happens: these are planned steps recorded with the planned "
            "date, or dates typed wrongly. They appear done before they were, and open cases can look further "
            "along than they are; filter out planned steps or correct the dates.",
        ),
        "da": (
            "Hændelser registreret før de skete",
            "{count} hændelser ({share} af hændelserne med registreringstidspunkt) i {n_cases_affected} sager "
            "blev registreret før deres eget tidsstempel (median {median_days_early} dage før).",
            "Et skridt kan ikke registreres, før det sker: det er planlagte skridt registreret med den planlagte "
            "dato eller forkert tastede datoer. De ser udførte ud, før de var det, og åbne sager kan se længere "
            "fremme ud, end de er; filtrér planlagte skridt fra eller ret datoerne.",
        ),
    },
}

HEADINGS: dict[str, dict[str, str]] = {
    "title": {"en": "Data-quality report", "da": "Datakvalitetsrapport"},
    "overview": {"en": "Overview", "da": "Overblik"},
    "events": {"en": "events", "da": "hændelser"},
    "cases": {"en": "cases", "da": "sager"},
    "activities": {"en": "activities", "da": "aktiviteter"},
    "resources": {"en": "resources", "da": "ressourcer"},
    "labels": {"en": "labels", "da": "navne"},
    "n_events": {"en": "Events", "da": "Hændelser"},
    "n_cases": {"en": "Cases", "da": "Sager"},
    "n_activities": {"en": "Activities", "da": "Aktiviteter"},
    "n_resources": {"en": "Resources", "da": "Ressourcer"},
    "first_timestamp": {"en": "First event", "da": "Første hændelse"},
    "last_timestamp": {"en": "Last event", "da": "Sidste hændelse"},
    "span_days": {"en": "Time span (days)", "da": "Tidsrum (dage)"},
    "plausible_period": {"en": "Plausible period", "da": "Plausibel periode"},
    "n_quarantined": {"en": "Events outside it (quarantined)", "da": "Hændelser uden for den (i karantæne)"},
    "log": {"en": "Log", "da": "Log"},
    "columns": {"en": "Missing values per column", "da": "Manglende værdier pr. kolonne"},
    "column": {"en": "Column", "da": "Kolonne"},
    "kind": {"en": "Kind", "da": "Art"},
    "role": {"en": "role", "da": "rolle"},
    "attribute": {"en": "attribute", "da": "attribut"},
    "level": {"en": "Level", "da": "Niveau"},
    "event": {"en": "event", "da": "hændelse"},
    "case": {"en": "case", "da": "sag"},
    "dtype": {"en": "Type", "da": "Type"},
    "data_class": {"en": "Data class", "da": "Dataklasse"},
    "n_missing": {"en": "Missing", "da": "Mangler"},
    "share_missing": {"en": "Share missing", "da": "Andel mangler"},
    "not_in_source": {"en": "not in the source", "da": "ikke i kilden"},
    "findings": {"en": "Findings", "da": "Fund"},
    "no_findings": {"en": "No data-quality problems found.", "da": "Ingen datakvalitetsproblemer fundet."},
    "summary": {"en": "Summary", "da": "Sammenfatning"},
    "severity": {"en": "Severity", "da": "Alvor"},
    "pattern": {"en": "Imperfection pattern", "da": "Fejlmønster"},
    "finding": {"en": "Finding", "da": "Fund"},
    "affected": {"en": "Affected", "da": "Berørt"},
    "detail": {"en": "What was measured", "da": "Hvad der er målt"},
    "effect": {"en": "What it does to the analysis", "da": "Hvad det betyder for analysen"},
    "examples": {"en": "Examples", "da": "Eksempler"},
    "breakdown": {"en": "Breakdown", "da": "Fordeling"},
    "info": {"en": "info", "da": "info"},
    "warning": {"en": "warning", "da": "advarsel"},
    "error": {"en": "error", "da": "fejl"},
    "parameters": {"en": "Parameters", "da": "Parametre"},
    "parameter": {"en": "Parameter", "da": "Parameter"},
    "value": {"en": "Value", "da": "Værdi"},
    "generated": {"en": "Generated", "da": "Dannet"},
    "about": {"en": "About the patterns", "da": "Om mønstrene"},
    "about_text": {
        "en": "Findings are named by the event-log imperfection patterns of",
        "da": "Fundene er navngivet efter fejlmønstrene for hændelseslogge i",
    },
    "times_utc": {"en": "Times are shown in UTC.", "da": "Tider vises i UTC."},
    # column names of examples and breakdown tables
    "activity": {"en": "Activity", "da": "Aktivitet"},
    "case_id": {"en": "Case", "da": "Sag"},
    "timestamp": {"en": "Timestamp", "da": "Tidsstempel"},
    "start_timestamp": {"en": "Start", "da": "Start"},
    "registration_timestamp": {"en": "Registered", "da": "Registreret"},
    "resource": {"en": "Resource", "da": "Ressource"},
    "share": {"en": "Share", "da": "Andel"},
    "date_only": {"en": "Date-only", "da": "Kun dato"},
    "utc_midnight": {"en": "At 00:00 UTC", "da": "Kl. 00:00 UTC"},
    "copies": {"en": "Copies", "da": "Kopier"},
    "extra_events": {"en": "Extra events", "da": "Ekstra hændelser"},
    "groups": {"en": "Groups", "da": "Grupper"},
    "end_time": {"en": "Last event", "da": "Sidste hændelse"},
    "earlier_in_time": {"en": "Earlier in time", "da": "Tidligst"},
    "later_in_time": {"en": "Later in time, lower number", "da": "Senere, lavere nummer"},
    "same_timestamp": {"en": "Same timestamp", "da": "Samme tidsstempel"},
    "registered": {"en": "With registration time", "da": "Med registreringstid"},
    "backdated": {"en": "Backdated", "da": "Tilbagedateret"},
    "median_delay_days": {"en": "Median delay (days)", "da": "Medianforsinkelse (dage)"},
    "median_days_early": {"en": "Median days early", "da": "Median dage før"},
    "delay_days": {"en": "Delay (days)", "da": "Forsinkelse (dage)"},
    "registered_from": {"en": "From", "da": "Fra"},
    "registered_to": {"en": "To", "da": "Til"},
    "most_common_activity": {"en": "Most common activity", "da": "Hyppigste aktivitet"},
    "batches": {"en": "Batches", "da": "Klumper"},
    "share_of_resource": {"en": "Share of the resource's events", "da": "Andel af ressourcens hændelser"},
    "label": {"en": "Label", "da": "Navn"},
    "variant": {"en": "Other spellings", "da": "Andre stavemåder"},
    "variant_events": {"en": "Events with other spellings", "da": "Hændelser med andre stavemåder"},
    "similar_label": {"en": "Similar label", "da": "Lignende navn"},
    "similar_events": {"en": "Events (similar label)", "da": "Hændelser (lignende navn)"},
    "similarity": {"en": "Similarity", "da": "Lighed"},
    "share_with_both": {"en": "Share of the rarer label's cases that have both",
                        "da": "Andel af det sjældnere navns sager med begge"},
    "other_label": {"en": "Other label", "da": "Andet navn"},
    "other_cases": {"en": "Cases (other label)", "da": "Sager (andet navn)"},
    "context_similarity": {"en": "Context similarity", "da": "Kontekst-lighed"},
    "separated_by": {"en": "Separated by", "da": "Adskilt af"},
    "example_labels": {"en": "Example labels", "da": "Eksempler på navne"},
    "yes": {"en": "yes", "da": "ja"},
    "code": {"en": "Code", "da": "Kode"},
    "no": {"en": "no", "da": "nej"},
}

_BASIS = {
    ("start", True, "en"): "a typical start activity (one that starts at least {typical_share} of the cases)",
    ("start", False, "en"): "one of the expected start activities",
    ("end", True, "en"): "a typical end activity (one that ends at least {typical_share} of the cases)",
    ("end", False, "en"): "one of the expected end activities",
    ("start", True, "da"): "en typisk startaktivitet (en, der starter mindst {typical_share} af sagerne)",
    ("start", False, "da"): "en af de forventede startaktiviteter",
    ("end", True, "da"): "en typisk slutaktivitet (en, der afslutter mindst {typical_share} af sagerne)",
    ("end", False, "da"): "en af de forventede slutaktiviteter",
}


def heading(key: str, lang: Lang = "en") -> str:
    """A heading or label in the chosen language (the key itself when unknown)."""
    entry = HEADINGS.get(key)
    if entry is None:
        return key.replace("_", " ")
    return entry.get(lang, entry["en"])


def format_number(value: float | int, lang: Lang = "en", *, decimals: int = 1) -> str:
    """``12345`` -> ``'12,345'`` (en) / ``'12.345'`` (da); floats with ``decimals`` decimals."""
    text = f"{value:,}" if isinstance(value, int) else f"{value:,.{decimals}f}"
    if lang == "da":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def format_share(value: float, lang: Lang = "en") -> str:
    """``0.1234`` -> ``'12.3 %'`` (en) / ``'12,3 %'`` (da); small non-zero shares keep two decimals."""
    pct = 100 * value
    decimals = 2 if 0 < pct < 1 else 1
    return format_number(pct, lang, decimals=decimals) + " %"


def format_value(key: str, value: object, lang: Lang = "en") -> str:
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


def finding_texts(code: str, metrics: Mapping[str, object], lang: Lang = "en") -> tuple[str, str, str]:
    """``(title, detail, effect)`` of a finding, filled from its metrics."""
    templates = FINDINGS[code].get(lang) or FINDINGS[code]["en"]
    values = {k: format_value(k, v, lang) for k, v in metrics.items()}
    if code in ("missing_start_activity", "missing_end_activity"):
        side = "start" if code.startswith("missing_start") else "end"
        basis = _BASIS[(side, bool(metrics.get("inferred", True)), lang)]
        values["basis"] = basis.format(**values)
        if not metrics.get("typical"):
            values["typical"] = "–"
    if code == "implausible_dates":
        values["treatment"] = _QUARANTINE[(bool(metrics.get("included")), lang)]
        if metrics.get("n_unrepresentable"):
            values["treatment"] += " " + _UNREPRESENTABLE[lang].format(n=values["n_unrepresentable"])
        values["period_source"] = _PERIOD_SOURCE.get((str(metrics.get("period_source")), lang),
                                                     str(metrics.get("period_source")))
    return tuple(t.format(**values) for t in templates)  # type: ignore[return-value]


#: what the analyses do with quarantined events: (included, language) -> text
_QUARANTINE: dict[tuple[bool, str], str] = {
    (False, "en"): "every analysis leaves them out, and so do the other checks of this report.",
    (True, "en"): "this report was made with them included (include_quarantined), so the other checks count them.",
    (False, "da"): "alle analyser udelader dem, og det gør rapportens øvrige kontroller også.",
    (True, "da"): "rapporten er lavet med dem medtaget (include_quarantined), så de øvrige kontroller tæller dem med.",
}
_UNREPRESENTABLE: dict[str, str] = {
    "en": "{n} of them are dated before 1800 or after 2199: no analysis ever counts those.",
    "da": "{n} af dem er dateret før 1800 eller efter 2199: dem tæller ingen analyse nogensinde med.",
}
_PERIOD_SOURCE: dict[tuple[str, str], str] = {
    ("derived", "en"): "derived from the data", ("set", "en"): "set for the log",
    ("partly set", "en"): "partly set for the log",
    ("derived", "da"): "udledt af data", ("set", "da"): "sat for loggen",
    ("partly set", "da"): "delvist sat for loggen",
}
