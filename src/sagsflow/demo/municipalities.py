"""The five fictitious municipalities of the demo data and their registration and compliance habits.

Names and kommunenumre are invented (real kommunenumre run from 101 to 860; these use 9xx). Every
figure here is an assumption [A] chosen so that analyses have something to find; the documentation
page ``docs/demo-data.md`` lists them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

#: the contact-course reform: cases whose first day is on or after this date follow the new rules
LAW_CHANGE = date(2024, 1, 1)

#: how much easier (+) or harder (-) each deadline is than the municipality's base compliance [A]
RULE_OFFSETS: dict[str, float] = {
    "cv": 0.08,            # R01 CV within 14 days (DP) / 21 days (KH jobparat)
    "jc_interviews": 0.0,  # R04/R05 JC interviews before 6 months
    "joint_16m": 0.05,     # R06 16-month joint interview
    "offer": -0.05,        # R07 ret og pligt offer by 6 months
    "visitation": 0.05,    # R09 first interview + visitation within 7 days
    "kh_interviews": -0.05,  # R10 4 interviews in 6 months
    "warning_225": 0.05,   # R11 225-hour warning on time
    "hoi": -0.10,          # R15 HOI assessment within 8 weeks [A]
}

#: the a-kasse's own deadlines (R02, R03) do not depend on the municipality [A]
AKASSE_COMPLIANCE: dict[str, float] = {"akasse_first": 0.90, "akasse_three": 0.86}


@dataclass(frozen=True)
class Municipality:
    """One fictitious municipality: size, case system and registration/compliance habits [A]."""

    name: str
    kommunenr: int
    slug: str
    population: int
    system: str                       # "Momentum" or "Fasit"
    base_before: float                # share of cases handled on time, cases starting before LAW_CHANGE
    base_after: float                 # same, from LAW_CHANGE
    no_show_dp: float                 # share of DP jobcentre interviews the citizen does not attend
    no_show_kh: float
    backdating: float                 # share of caseworker events registered 14-120 days late
    date_only: bool = False           # registers every event as a date without a time of day
    typo: tuple[str, str, float] | None = None   # (label, misspelt label, share)
    teams_dp: tuple[str, ...] = field(default=("Forsikrede",))

    def compliance(self, after_law_change: bool) -> dict[str, float]:
        """Per-case probability that each deadline is scheduled on time."""
        base = self.base_after if after_law_change else self.base_before
        return {rule: round(min(0.97, max(0.05, base + off)), 3) for rule, off in RULE_OFFSETS.items()}


MUNICIPALITIES: tuple[Municipality, ...] = (
    Municipality("Søby", 911, "soby", 42_000, "Momentum", 0.62, 0.78, 0.06, 0.13, 0.03,
                 typo=("Visitationssamtale", "Visitationsamtale", 0.04)),
    Municipality("Åkjær", 923, "aakjaer", 58_000, "Fasit", 0.86, 0.88, 0.05, 0.11, 0.08,
                 teams_dp=("Forsikrede Nord", "Forsikrede Syd")),
    Municipality("Nørreby", 937, "noerreby", 51_000, "Momentum", 0.74, 0.60, 0.07, 0.14, 0.02,
                 teams_dp=("Forsikrede 1", "Forsikrede 2")),
    Municipality("Vestlev", 948, "vestlev", 36_000, "Fasit", 0.45, 0.64, 0.08, 0.15, 0.12, date_only=True),
    Municipality("Egholm", 956, "egholm", 64_000, "Momentum", 0.80, 0.72, 0.05, 0.12, 0.04,
                 teams_dp=("Forsikrede Øst", "Forsikrede Vest")),
)

BY_NAME: dict[str, Municipality] = {m.name: m for m in MUNICIPALITIES}

@dataclass(frozen=True)
class Bottleneck:
    """The injected bottleneck: the wait from application to visitation multiplies from a date."""

    municipality: str = "Egholm"
    process: str = "kontanthjaelp"
    from_activity: str = "Ansøgning modtaget"
    to_activity: str = "Visitationssamtale"
    start: date = date(2023, 10, 1)
    factor: float = 3.0

    def to_dict(self) -> dict[str, object]:
        return {"municipality": self.municipality, "process": self.process, "from_activity": self.from_activity,
                "to_activity": self.to_activity, "from": self.start.isoformat(), "factor": self.factor,
                "applies_to": "cases whose 'Ansøgning modtaget' is on or after 'from'"}


@dataclass(frozen=True)
class ProcessChange:
    """The injected process change: a digital pre-interview before the first jobcentre interview."""

    municipality: str = "Nørreby"
    process: str = "dagpenge"
    activity: str = "Digital forsamtale"
    before_activity: str = "Jobsamtale afholdt – jobcenter"
    start: date = date(2024, 9, 1)
    no_show_factor: float = 0.4

    def to_dict(self) -> dict[str, object]:
        return {"municipality": self.municipality, "process": self.process, "activity": self.activity,
                "before_activity": self.before_activity, "from": self.start.isoformat(),
                "no_show_factor": self.no_show_factor,
                "applies_to": "the first jobcentre interview of a case, when it falls on or after 'from'; "
                              "the pre-interview is 1-5 days before it"}


BOTTLENECK = Bottleneck()
PROCESS_CHANGE = ProcessChange()

#: teams of the kontanthjælp process, by target group
TEAMS_KH: dict[str, str] = {"Jobparat": "Jobparate", "Aktivitetsparat": "Aktivitetsparate",
                            "Uddannelsesparat": "Unge"}


def select(names: list[str] | tuple[str, ...] | None) -> list[tuple[int, Municipality]]:
    """The municipalities to generate with their fixed index (so a subset gives the same data).

    Raises
    ------
    InvalidParameterError
        When a name is not one of the five demo municipalities.
    """
    from sagsflow.errors import InvalidParameterError

    if names is None:
        return list(enumerate(MUNICIPALITIES))
    out = []
    for name in names:
        if name not in BY_NAME:
            raise InvalidParameterError(
                f"The 'municipalities' parameter must name demo municipalities among "
                f"{[m.name for m in MUNICIPALITIES]}. Got {name!r} instead.",
                hint="Leave it as None to generate all five.", field="municipalities")
        out.append((MUNICIPALITIES.index(BY_NAME[name]), BY_NAME[name]))
    return sorted(set(out), key=lambda x: x[0])
