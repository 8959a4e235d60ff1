"""Danish activity labels of the demo extract, in logical order, and the Fasit synonyms.

The labels follow the event vocabulary of the domain notes (``employment-dk.md`` section 5).
Momentum municipalities use the labels as listed; Fasit municipalities register some activities
under synonymous labels (:data:`FASIT_SYNONYMS`), so an activity-name mapping is needed before
municipalities on the two systems can be compared.
"""

from __future__ import annotations

_OFFER_KINDS: tuple[str, ...] = ("virksomhedspraktik", "nytteindsats", "løntilskud", "opkvalificering",
                                 "vejledning og opkvalificering")

#: every Momentum label; the list order is the tie-break order for events at the same instant
LABELS: tuple[str, ...] = (
    # case start
    "Første ledighedsdag",
    "Ansøgning modtaget",
    "Ydelse start",
    "Tilmeldt som jobsøgende",
    "Indplaceret i dagpengeperiode",
    "Bevilling",
    "Afslag",
    "Digital forsamtale",
    # contact course
    "Samtale selvbooket",
    "Samtale indkaldt",
    "Visitationssamtale",
    "Visiteret jobparat",
    "Visiteret aktivitetsparat",
    "Visiteret uddannelsesparat",
    "Uddannelsespålæg",
    "Jobsamtale afholdt – a-kasse",
    "Jobsamtale afholdt – jobcenter",
    "Jobsamtale afholdt",
    "Fællessamtale",
    "Udeblevet",
    "Partshøring",
    "Rådighedsvurdering",
    "Sanktion",
    "Min Plan opdateret",
    "CV godkendt",
    "Overgang til jobcenter",
    "Intensiveret indsats 16 mdr",
    "Henvist til job",
    "Joblog kontrolleret",
    "Koordinerende sagsbehandler",
    "Mentor bevilget",
    "HOI-vurdering",
    "Helhedsorienteret plan",
    "Revisitation",
    "Rehabiliteringsteam",
    "Ressourceforløb",
    "225-timer varsling",
    "225-timer nedsættelse",
    "Sagsbehandlerskift",
    "Afmeldt – manglende booking",
    # clock-stops
    "Fravær – syg start",
    "Fravær – syg slut",
    "Fravær – ferie start",
    "Fravær – ferie slut",
    "Fritaget start",
    "Fritaget slut",
    # offers
    *(f"Tilbud afgivet – {k}" for k in _OFFER_KINDS),
    *(f"Tilbud påbegyndt – {k}" for k in _OFFER_KINDS),
    *(f"Tilbud afsluttet – {k}" for k in _OFFER_KINDS),
    # benefit
    "Ydelse udbetalt",
    "Ydelse stop",
    # exits (always last at an instant)
    "Dagpengeret opbrugt",
    "Overgang til kontanthjælp",
    "Afmeldt – job",
    "Afmeldt – uddannelse",
    "Afmeldt – sygdom",
    "Afmeldt – barsel",
    "Afmeldt – efterløn",
    "Afmeldt – andet",
    "Afsluttet – job",
    "Afsluttet – SU",
    "Afsluttet – fleksjob",
    "Afsluttet – førtidspension",
    "Afsluttet – sygedagpenge",
    "Afsluttet – fraflytning",
    "Afsluttet – andet",
    "Afsluttet – afslag",
)

#: label -> code (position in :data:`LABELS`)
CODE: dict[str, int] = {label: i for i, label in enumerate(LABELS)}

#: Momentum label -> the synonymous label a Fasit municipality registers
FASIT_SYNONYMS: dict[str, str] = {
    "Jobsamtale afholdt – jobcenter": "Samtale afholdt - JC",
    "Jobsamtale afholdt": "Samtale afholdt - JC",
    "Samtale indkaldt": "Indkaldelse til samtale sendt",
    "Samtale selvbooket": "Samtale booket af borger",
    "Udeblevet": "Udeblevet fra samtale",
    "CV godkendt": "CV synligt på Jobnet",
    "Visitationssamtale": "Visitation afholdt",
    "Min Plan opdateret": "Plan opdateret",
    "Tilmeldt som jobsøgende": "Tilmelding som jobsøgende",
    "Ansøgning modtaget": "Ansøgning om hjælp modtaget",
    "Sagsbehandlerskift": "Skift af sagsbehandler",
    "Fællessamtale": "Fællessamtale m. a-kasse",
    "Fravær – syg start": "Sygemelding",
    "Fravær – syg slut": "Raskmelding",
}

#: labels whose events are an exit (they carry ``afgangsaarsag``)
EXIT_LABELS: frozenset[str] = frozenset(
    label for label in LABELS if label.startswith(("Afmeldt – ", "Afsluttet – ")) and "manglende" not in label
) | {"Dagpengeret opbrugt", "Overgang til kontanthjælp"}

#: offers and benefit events are registered as dates only in every municipality [A]
DATE_ONLY_LABELS: frozenset[str] = frozenset(
    label for label in LABELS if label.startswith(("Tilbud ", "Ydelse ", "Afmeldt – ", "Afsluttet – "))
) | {"Første ledighedsdag", "Indplaceret i dagpengeperiode", "Bevilling", "Afslag", "Overgang til jobcenter",
     "Dagpengeret opbrugt", "Overgang til kontanthjælp", "Joblog kontrolleret", "Fravær – syg start",
     "Fravær – syg slut", "Fravær – ferie start", "Fravær – ferie slut", "Fritaget start", "Fritaget slut",
     "Mentor bevilget", "Ressourceforløb", "225-timer nedsættelse"}


def offer_labels(kind: str) -> tuple[int, int, int]:
    """Codes of "Tilbud afgivet/påbegyndt/afsluttet – <kind>"."""
    return (CODE[f"Tilbud afgivet – {kind}"], CODE[f"Tilbud påbegyndt – {kind}"],
            CODE[f"Tilbud afsluttet – {kind}"])
