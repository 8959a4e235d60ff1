"""Logs with implausible dates for the quarantine tests (library, API and browser): a clean log and the same log
with events on isolated dates added.

``clean`` has 60 cases in the first half of 2024 over a handful of variants, with resources, a case attribute
(``unit``) and an event attribute (``channel``). ``dirty(kind)`` adds events on implausible dates to some cases
(a ``Check`` on 1900-01-01, a ``Decide`` in 2099, ...) and one whole case (``ghost``) whose every event is
implausible: with them quarantined every analysis of ``dirty`` must equal that of ``clean``.
"""

from __future__ import annotations

from pathlib import Path

HEADER = "case,activity,time,resource,unit,channel"
MAPPING = {"case_id": "case", "activity": "activity", "timestamp": "time",
           "resource": {"column": "resource", "data_class": "process"},
           "columns": {"unit": {"level": "case"}, "channel": {}}}
#: the implausible dates of each kind: (case, activity, time) rows added to the clean log
IMPLAUSIBLE: dict[str, list[tuple[str, str, str]]] = {
    "1900/2099": [("c03", "Check", "1900-01-01 00:00"), ("c07", "Decide", "2099-10-01 12:00"),
                  ("c12", "Register", "1900-01-01 00:00"), ("c21", "Pay", "2099-12-31 08:00"),
                  ("ghost", "Register", "1900-01-01 00:00"), ("ghost", "Decide", "2099-06-01 10:00")],
    "1/9999": [("c03", "Check", "0001-01-01 00:00"), ("c07", "Decide", "9999-12-31 12:00"),
               ("c12", "Register", "0001-01-01 00:00"), ("c21", "Pay", "9999-12-31 08:00"),
               ("ghost", "Register", "0001-01-01 00:00"), ("ghost", "Decide", "9999-12-31 10:00")],
}
N_CASES = 60


def clean_rows() -> list[str]:
    """The CSV rows (without header) of the clean log: 60 cases from January to June 2024."""
    rows: list[str] = []
    for c in range(N_CASES):
        cid = f"c{c:02d}"
        unit = "Nord" if c % 2 else "Syd"
        day = 1 + c % 28
        month = 1 + c % 5
        t = [f"2024-{month:02d}-{day:02d} {9 + k}:{(7 * c + 11 * k) % 60:02d}" for k in range(6)]
        acts = ["Register", "Check"]
        if c % 3 == 0:
            acts += ["Check again"]
        acts += ["Decide"]
        if c % 4 != 1:
            acts += ["Pay"]
        for k, a in enumerate(acts):
            when = t[k].replace(f"-{day:02d} ", f"-{min(day + 2 * k, 28):02d} ")
            rows.append(f"{cid},{a},{when},r{(c + k) % 4},{unit},{'web' if (c + k) % 3 else 'phone'}")
    return rows


def dirty_rows(kind: str = "1900/2099") -> list[str]:
    """The clean rows with the implausible events of ``kind`` ('1900/2099' or '1/9999') added."""
    extra = [f"{c},{a},{t},r9,{'Nord' if c == 'ghost' else _unit(c)},web" for c, a, t in IMPLAUSIBLE[kind]]
    return clean_rows() + extra


def _unit(case: str) -> str:
    return "Nord" if int(case[1:]) % 2 else "Syd"


def write_csv(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def n_implausible(kind: str = "1900/2099") -> int:
    """How many events of ``dirty_rows(kind)`` are implausible."""
    return len(IMPLAUSIBLE[kind])
