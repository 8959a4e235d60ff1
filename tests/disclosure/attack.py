"""What the differencing attackers of the disclosure tests share: a jobcentre-like log with one citizen whose case
is unique (the victim), Hypothesis strategies of the filters a viewer may send, and the ground truth (which cases a
filter selects, read by an analyst through the library).

The victim ``V-0001`` is the only case with the personal attributes (age band 60+, gender X, target group C)
together, the only one started on 5 March 2024, the only one with a complaint (``Klage``), the only one of team
T9 and the only one that called (``kanal`` = ``telefon``): exactly the situation of the three attack classes of
issue 12. The events carry the caseworker (``sagsbehandler``, an employee id) and the channel (``kanal``).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

VICTIM = "V-0001"
VICTIM_ACTIVITIES = {"Register": 1, "Klage": 1, "Check": 1, "Decide": 1}
KOMMUNER = ("Aarhus", "Odense")
GROUPS = ("A", "B", "C")
MAPPING: dict[str, Any] = {
    "case_id": {"column": "case", "data_class": "process"}, "activity": "activity", "timestamp": "time",
    "columns": {"kommune": {"level": "case"}, "maalgruppe": {"level": "case"}, "team": {"level": "case"},
                "alder": {"level": "case", "data_class": "personal_attribute"},
                "koen": {"level": "case", "data_class": "personal_attribute"},
                "sagsbehandler": {"level": "event", "data_class": "employee_id"}, "kanal": {"level": "event"}}}
N_CASES = 360


def write_attack_log(path: Path, n_cases: int = N_CASES) -> Path:
    """``n_cases`` ordinary cases started every day from 1 January 2024 (none on 5 March), and the victim."""
    rows = ["case,activity,time,kommune,maalgruppe,team,alder,koen,sagsbehandler,kanal"]
    t0 = datetime(2024, 1, 1, 9, 0)
    day = 0.0
    for i in range(n_cases):
        start = t0 + timedelta(days=day)
        day += 1.0
        if start.date() == datetime(2024, 3, 5).date():
            start += timedelta(days=1)
        attrs = f"{KOMMUNER[i % 2]},{GROUPS[i % 3]},T{i % 3 + 1},{('18-29', '30-49', '50-59')[i % 3]},{'KM'[i % 2]}"
        steps = [("Register", 0.0), ("Check", 1.0 + (i % 4)), ("Decide", 3.0 + (i % 4) + (i % 7))]
        if i % 5 == 0:
            steps.insert(2, ("Rework", 2.0 + (i % 4)))
        rows += [f"c{i:03d},{a},{(start + timedelta(days=d)):%Y-%m-%d %H:%M},{attrs},E{(i + j) % 4 + 1},"
                 f"{('digital', 'brev')[(i + j) % 2]}" for j, (a, d) in enumerate(steps)]
    v = datetime(2024, 3, 5, 10, 30)
    rows += [f"{VICTIM},{a},{(v + timedelta(days=d)):%Y-%m-%d %H:%M},Odense,C,T9,60+,X,E1,{kanal}"
             for a, d, kanal in (("Register", 0, "telefon"), ("Klage", 11, "brev"), ("Check", 12, "digital"),
                                 ("Decide", 47, "digital"))]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def read_attack_log(path: Path, **kwargs: Any) -> Any:
    """Write the attack log to ``path`` and import it (``kwargs`` as for :func:`sagsflow.read_csv`) with the
    tests' pseudonymisation key, also from module-scoped fixtures (which run before the per-test key)."""
    import pytest

    import sagsflow
    from tests.conftest import TEST_KEY

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SAGSFLOW_PSEUDONYM_KEY", TEST_KEY)
        mp.delenv("SAGSFLOW_PSEUDONYM_KEY_FILE", raising=False)
        return sagsflow.read_csv(write_attack_log(path), mapping=MAPPING, **kwargs)


# ----------------------------------------------------------------------------- what a viewer may try
def _month(m: int) -> str:
    return f"{2024 + m // 12:04d}-{m % 12 + 1:02d}-01"


@st.composite
def viewer_steps(draw: st.DrawFn, attributes: dict[str, tuple[str, ...]], *, allowed_only: bool = True) -> Any:
    """One filter step of a viewer's vocabulary: a published attribute, a time frame of whole months, a duration
    or length band (with ``allowed_only=False`` also steps outside it: case ids, activities, unaligned times)."""
    from sagsflow.disclosure.policy import DURATION_EDGES, LENGTH_EDGES
    from sagsflow.filters.spec import format_duration

    kinds = ["attribute", "timeframe", "duration", "length"] + ([] if allowed_only else ["outside"] * 2)
    kind = draw(st.sampled_from(kinds))
    action = draw(st.sampled_from(["retain", "remove"]))
    if kind == "attribute":
        name = draw(st.sampled_from(sorted(attributes)))
        values = draw(st.lists(st.sampled_from([*attributes[name], "Nowhere"]), min_size=1, max_size=2, unique=True))
        return {"type": "case_attribute", "attribute": name, "in": values, "action": action}
    if kind == "timeframe":
        a = draw(st.integers(-1, 8))
        b = draw(st.integers(a + 1, 10))
        step: dict[str, Any] = {"type": "timeframe", "mode": draw(st.sampled_from(
            ["started", "ended", "contained", "intersecting"])), "action": action}
        which = draw(st.sampled_from(["both", "start", "end"]))
        if which in ("both", "start"):
            step["start"] = _month(a)
        if which in ("both", "end"):
            step["end"] = _month(b)
        return step
    if kind == "duration":
        lo = draw(st.sampled_from([None, *DURATION_EDGES[:8]]))
        hi = draw(st.sampled_from([None, *[e for e in DURATION_EDGES if lo is None or e >= lo]]))
        if lo is None and hi is None:
            lo = DURATION_EDGES[2]
        return {"type": "case_duration", "action": action,
                **({"min": format_duration(lo)} if lo is not None else {}),
                **({"max": format_duration(hi)} if hi is not None else {})}
    if kind == "length":
        lo = draw(st.sampled_from([None, *LENGTH_EDGES[:5]]))
        hi = draw(st.sampled_from([None, *[e for e in LENGTH_EDGES if lo is None or e >= lo]]))
        if lo is None and hi is None:
            lo = 4
        return {"type": "case_length", "action": action,
                **({"min": lo} if lo is not None else {}), **({"max": hi} if hi is not None else {})}
    return draw(st.sampled_from([
        {"type": "case_id", "ids": [VICTIM], "action": action},
        {"type": "case_id", "pattern": "^V-", "action": action},
        {"type": "event_attribute", "attribute": "activity", "equals": "Klage", "action": action},
        {"type": "timeframe", "start": "2024-03-05", "end": "2024-03-06", "mode": "started", "action": action},
        {"type": "case_attribute", "attribute": "alder", "equals": "60+", "action": action},
        {"type": "case_duration", "min": "36d", "action": action},
    ]))


@st.composite
def viewer_filters(draw: st.DrawFn, attributes: dict[str, tuple[str, ...]], *, allowed_only: bool = True,
                   max_steps: int = 3) -> dict[str, Any]:
    """A viewer's filter: up to ``max_steps`` steps, some of them ``any_of``/``all_of`` of steps, at any action."""
    leaf = viewer_steps(attributes, allowed_only=allowed_only)
    nested = st.recursive(leaf, lambda inner: st.builds(
        lambda kind, parts, action: {"type": kind, "steps": parts, "action": action},
        st.sampled_from(["any_of", "all_of"]), st.lists(inner, min_size=1, max_size=3),
        st.sampled_from(["retain", "remove"])), max_leaves=5)
    return {"steps": draw(st.lists(nested, min_size=1, max_size=max_steps))}


# ----------------------------------------------------------------------------- ground truth
def selected(log: Any, spec: Any) -> frozenset[str]:
    """The case ids a filter selects (read with case access, through the library)."""
    flog = log.filter(spec) if spec else log
    return frozenset(r[0] for r in log.workspace.con.execute(f"SELECT case_id FROM ({flog.cases_sql()})").fetchall())


def small(n: int, k: int) -> bool:
    """A group of 1 to k-1 cases: what an attacker must never isolate."""
    return 0 < n < k
