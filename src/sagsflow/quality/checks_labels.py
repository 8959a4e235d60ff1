"""Checks on activity labels: variants of one label (case, punctuation, typos), labels polluted with
numbers, and different labels that are probably used for the same step.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from statistics import median

from sagsflow.quality.context import N_EXAMPLES, Context
from sagsflow.quality.model import Cell, Finding, Pattern
from sagsflow.store.layout import qident

#: at most this many labels (the most frequent) are compared pairwise
MAX_LABELS = 2000
#: ... and this many for the co-occurrence profiles behind synonymous labels
MAX_PROFILE_LABELS = 300
#: about this many cases are sampled for co-occurrence profiles ...
PROFILE_CASES = 10_000
#: ... and per label when checking whether two similar labels share cases
PAIR_CASES = 2_000
#: two similar labels are distinct steps, not variants, when most cases with the rarer one also have
#: the other and they are about equally frequent (e.g. "Ferie start" / "Ferie slut")
MAX_COOCCURRENCE = 0.2
MIN_FREQUENCY_RATIO = 0.2
#: ... unless the two labels come in either order (share of cases with the first label first in this range)
MIXED_ORDER = 0.2
#: synonymous labels: similar co-occurrence profile, position and separate users or periods
PROFILE_SIMILARITY = 0.8
MAX_POSITION_GAP = 0.15
MAX_GROUP_OVERLAP = 0.05
#: case attributes with at most this many values can separate synonyms (municipality, source system)
MAX_GROUP_VALUES = 50
MAX_TIME_OVERLAP = 0.1
#: a polluted label pattern has at least this many variants, most of them in a single case
POLLUTED_MIN_VARIANTS = 5

_DIGITS = re.compile(r"[0-9]+")
_NOT_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class _Act:
    label: str
    code: int
    n_events: int
    n_cases: int


@dataclass(frozen=True)
class _Pair:
    a: str
    b: str
    similarity: float


def check_labels(ctx: Context) -> list[Finding]:
    """Label variants, typo-like labels, polluted labels and probable synonyms."""
    acts = {
        r[0]: _Act(*r) for r in ctx.rows(
            f"""SELECT any_value(activity), activity_code, count(*), count(DISTINCT case_idx)
            FROM {ctx.events} e GROUP BY activity_code"""
        )
    }
    n_labels = len(acts)
    out: list[Finding] = []
    polluted = _polluted(ctx, acts, n_labels)
    if polluted is not None:
        out.append(polluted[0])
    skip = polluted[1] if polluted else set()
    variants = _variants(ctx, acts, n_labels, skip)
    if variants is not None:
        out.append(variants[0])
        skip |= variants[1]
    similar = _similar(ctx, acts, n_labels, skip)
    if similar is not None:
        out.append(similar[0])
        skip |= similar[1]
    synonyms = _synonyms(ctx, acts, n_labels, skip)
    if synonyms is not None:
        out.append(synonyms)
    return out


def _polluted(ctx: Context, acts: dict[str, _Act], n_labels: int) -> tuple[Finding, set[str]] | None:
    """Labels that are the same once the numbers in them are replaced by '#'."""
    groups: dict[str, list[_Act]] = defaultdict(list)
    for a in acts.values():
        if _DIGITS.search(a.label):
            groups[_DIGITS.sub("#", a.label)].append(a)
    # a number that identifies an instance (a letter or case number) makes variants that mostly occur
    # in a single case, none dominating; the numbered codes of a code system (BPIC15's "01_HOOFD_010")
    # recur across cases
    rows = sorted(((p, g) for p, g in groups.items() if len(g) >= POLLUTED_MIN_VARIANTS
                   and median(a.n_cases for a in g) <= 1
                   and max(a.n_events for a in g) <= 0.5 * sum(a.n_events for a in g)),
                  key=lambda pg: (-len(pg[1]), pg[0]))
    if not rows:
        return None
    labels = {a.label for _, g in rows for a in g}
    return ctx.finding(
        "polluted_labels", Pattern.POLLUTED_LABEL, "warning", count=len(labels), unit="labels", total=n_labels,
        metrics={"n_patterns": len(rows), "n_labels": n_labels,
                 "n_events_affected": sum(a.n_events for _, g in rows for a in g)},
        examples=[{"pattern": p, "labels": len(g), "events": sum(a.n_events for a in g),
                   "example_labels": " | ".join(sorted(a.label for a in g)[:3])} for p, g in rows[:N_EXAMPLES]],
    ), labels


def normalise(label: str) -> str:
    """A label lower-cased without punctuation and white space (``'Visitation - afholdt'`` ->
    ``'visitationafholdt'``)."""
    return _NOT_WORD.sub("", label.lower())


def _variants(ctx: Context, acts: dict[str, _Act], n_labels: int,
              skip: set[str]) -> tuple[Finding, set[str]] | None:
    """Labels that are equal after lower-casing and removing punctuation and white space."""
    groups: dict[str, list[_Act]] = defaultdict(list)
    for a in acts.values():
        groups[normalise(a.label)].append(a)
    rows = [sorted(g, key=lambda a: (-a.n_events, a.label)) for g in groups.values()
            if len(g) > 1 and not {a.label for a in g} <= skip]
    if not rows:
        return None
    rows.sort(key=lambda g: (-sum(a.n_events for a in g), g[0].label))
    involved = {a.label for g in rows for a in g}
    examples: list[dict[str, Cell]] = [
        {"label": g[0].label, "events": g[0].n_events, "variant": " | ".join(a.label for a in g[1:]),
         "variant_events": sum(a.n_events for a in g[1:])}
        for g in rows[:N_EXAMPLES]
    ]
    return ctx.finding(
        "label_variants", Pattern.DISTORTED_LABEL, "warning", count=len(involved), unit="labels", total=n_labels,
        metrics={"n_groups": len(rows), "n_events_affected": sum(a.n_events for g in rows for a in g[1:])},
        examples=examples,
    ), involved


def levenshtein(a: str, b: str) -> int:
    """Edit distance between two strings, by characters."""
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def similarity(a: str, b: str) -> float:
    """Normalised Levenshtein similarity of two labels (lower-cased, white space collapsed), 0..1."""
    a, b = " ".join(a.lower().split()), " ".join(b.lower().split())
    longest = max(len(a), len(b))
    return 1.0 if longest == 0 else 1.0 - levenshtein(a, b) / longest


def _numbers_or_codes(a: str, b: str) -> bool:
    """Pairs edit distance cannot judge: labels that differ only in their numbers ("Samtale 1" /
    "Samtale 2"), and code-like labels (digits, no spaces: "10_UOV_041a" / "10_UOV_041b")."""
    if _DIGITS.sub("#", a) == _DIGITS.sub("#", b):
        return True
    return all(_DIGITS.search(x) and not any(c.isspace() for c in x) for x in (a, b))


def _cooccurrence(ctx: Context, acts: dict[str, _Act], pairs: list[tuple[str, str]], *,
                  exact: bool = False) -> dict[tuple[str, str], tuple[int, int, int]]:
    """For each pair ``(a, b)``: ``(n_a, n_both, a_first)`` — cases with ``a`` looked at, of those the
    cases that also have ``b``, and of those the cases where ``a`` comes first.

    Unless ``exact``, the cases of a label with more than :data:`PAIR_CASES` cases are sampled, so
    shares are estimates; pass the rarer label first.
    """
    if not pairs:
        return {}
    codes = sorted({acts[x].code for p in pairs for x in p})
    values = ", ".join(
        f"({acts[a].code}, {acts[b].code}, {1 if exact else max(1, acts[a].n_cases // PAIR_CASES)})"
        for a, b in pairs
    )
    rows = ctx.rows(
        f"""WITH ca AS (SELECT case_idx, activity_code AS c, min(pos) AS p FROM {ctx.events} e
                     WHERE activity_code IN ({", ".join(map(str, codes))}) GROUP BY case_idx, activity_code),
        pr(a, b, m) AS (VALUES {values}),
        xs AS (SELECT pr.a, pr.b, ca.case_idx, ca.p FROM pr JOIN ca ON ca.c = pr.a
               WHERE ca.case_idx % pr.m = 0)
        SELECT xs.a, xs.b, count(*), count(y.case_idx), count(y.case_idx) FILTER (WHERE xs.p < y.p)
        FROM xs LEFT JOIN ca y ON y.case_idx = xs.case_idx AND y.c = xs.b
        GROUP BY xs.a, xs.b"""
    )
    by_code = {a.code: a.label for a in acts.values()}
    return {(by_code[a], by_code[b]): (int(n), int(both), int(first)) for a, b, n, both, first in rows}


def _similar(ctx: Context, acts: dict[str, _Act], n_labels: int,
             skip: set[str]) -> tuple[Finding, set[str]] | None:
    """Typo-like pairs: similarity >= threshold, rarely in the same case or one much rarer."""
    thr = ctx.params.synonym_threshold
    # byte-level Levenshtein in SQL is a loose pre-filter (a multi-byte letter costs up to 3 edits);
    # the exact character-level similarity is computed for the few candidates
    loose = max(0.0, 1 - 3 * (1 - thr))
    top = sorted(acts.values(), key=lambda a: (-a.n_events, a.label))[:MAX_LABELS]
    cands = ctx.rows(
        f"""WITH a AS (SELECT unnest($labels) AS activity, unnest($lows) AS low)
        SELECT x.activity, y.activity FROM a x JOIN a y ON x.activity < y.activity
        AND abs(length(x.low) - length(y.low)) <= {1 - thr} * greatest(length(x.low), length(y.low))
        WHERE 1 - levenshtein(x.low, y.low) / greatest(strlen(x.low), strlen(y.low), 1) >= {loose}""",
        {"labels": [a.label for a in top], "lows": [" ".join(a.label.lower().split()) for a in top]},
    )
    scored = [_Pair(a, b, similarity(a, b)) for a, b in cands
              if a not in skip and b not in skip and not _numbers_or_codes(a, b)]
    scored = [p for p in scored if p.similarity >= thr]
    if not scored:
        return None
    # the rarer label first
    scored = [p if acts[p.a].n_cases <= acts[p.b].n_cases else _Pair(p.b, p.a, p.similarity) for p in scored]
    cooc = _cooccurrence(ctx, acts, [(p.a, p.b) for p in scored])
    kept: list[tuple[_Pair, int, float]] = []
    for p in scored:
        a, b = acts[p.a], acts[p.b]
        n_a, n_both, a_first = cooc[(p.a, p.b)]
        share = n_both / n_a if n_a else 0.0
        ratio = min(a.n_events, b.n_events) / max(a.n_events, b.n_events)
        # distinct steps with similar names (".. start" / ".. slut") come in a fixed order when both
        # are in a case; a misspelling used now and then has no order relative to the right spelling
        mixed = n_both > 0 and MIXED_ORDER <= a_first / n_both <= 1 - MIXED_ORDER
        if share <= MAX_COOCCURRENCE or (ratio <= MIN_FREQUENCY_RATIO and mixed):
            kept.append((p, n_both, share))
    if not kept:
        return None
    kept.sort(key=lambda t: (-t[0].similarity, t[0].a, t[0].b))
    involved = {x for p, _, _ in kept for x in (p.a, p.b)}
    examples: list[dict[str, Cell]] = []
    for p, _, share in kept[:N_EXAMPLES]:
        major, minor = (p.a, p.b) if acts[p.a].n_events >= acts[p.b].n_events else (p.b, p.a)
        examples.append({"label": major, "events": acts[major].n_events, "similar_label": minor,
                         "similar_events": acts[minor].n_events, "similarity": round(p.similarity, 3),
                         "share_with_both": share})
    return ctx.finding(
        "similar_labels", Pattern.DISTORTED_LABEL, "warning", count=len(involved), unit="labels", total=n_labels,
        metrics={"n_pairs": len(kept), "threshold": thr}, examples=examples,
    ), involved


def _synonyms(ctx: Context, acts: dict[str, _Act], n_labels: int, skip: set[str]) -> Finding | None:
    """Different labels that never share a case but appear in the same context and position, used by
    in different groups of cases (by a case attribute such as the municipality or source system) or in
    different periods: probably one step under two names."""
    min_cases = max(5, int(0.002 * ctx.n_cases))
    eligible = sorted((a for a, r in acts.items() if r.n_cases >= min_cases and a not in skip),
                      key=lambda a: (-acts[a].n_cases, a))[:MAX_PROFILE_LABELS]
    if len(eligible) < 2:
        return None
    sample = f"case_idx % {max(1, ctx.n_cases // PROFILE_CASES)} = 0"
    with ctx.temp_table(
        f"""SELECT DISTINCT case_idx, activity FROM {ctx.events} e
        WHERE activity_code IN {_codes(acts, eligible)} AND {sample}"""
    ) as ca:
        rows = ctx.rows(
            f"""WITH n AS (SELECT activity, count(*) AS n FROM {ca} GROUP BY activity),
            prof AS (SELECT x.activity AS a, y.activity AS f, count(*) / any_value(n.n) AS v
                     FROM {ca} x JOIN {ca} y ON x.case_idx = y.case_idx AND x.activity <> y.activity
                     JOIN n ON n.activity = x.activity GROUP BY x.activity, y.activity),
            norm AS (SELECT a, sqrt(sum(v * v)) AS l FROM prof GROUP BY a),
            dot AS (SELECT p.a AS a, q.a AS b, sum(p.v * q.v) AS d FROM prof p JOIN prof q
                    ON p.f = q.f AND p.a < q.a GROUP BY p.a, q.a),
            pairs AS (SELECT a, f AS b FROM prof)
            SELECT dot.a, dot.b, dot.d / (na.l * nb.l) AS cos FROM dot
            JOIN norm na ON na.a = dot.a JOIN norm nb ON nb.a = dot.b
            ANTI JOIN pairs ON pairs.a = dot.a AND pairs.b = dot.b
            WHERE dot.d / (na.l * nb.l) >= {PROFILE_SIMILARITY}"""
        )
    if not rows:
        return None
    # rounded: the sums behind a similarity run in the engine's order, and a tie must break the same way each time
    cand = {(a, b): round(float(c), 9) for a, b, c in rows}
    labels = sorted({x for p in cand for x in p})
    stats = {
        r[0]: r for r in ctx.rows(
            f"""SELECT activity, avg(rel), quantile_cont(epoch(timestamp), 0.05), quantile_cont(epoch(timestamp), 0.95)
            FROM (SELECT activity, activity_code, timestamp,
                         pos / greatest(max(pos) OVER (PARTITION BY case_idx), 1) AS rel
                  FROM {ctx.events} e WHERE case_idx IN (SELECT case_idx FROM {ctx.events} e2
                                                         WHERE activity_code IN {_codes(acts, labels)}))
            WHERE activity_code IN {_codes(acts, labels)} GROUP BY activity"""
        )
    }
    groups = _case_groups(ctx, acts, labels)
    good: list[tuple[str, str, float, str]] = []
    for (a, b), cos in cand.items():
        sa, sb = stats[a], stats[b]
        if abs(sa[1] - sb[1]) > MAX_POSITION_GAP:
            continue
        by_attr = next((name for name, spread in groups.items() if _separated(spread, a, b)), None)
        overlap = max(0.0, min(sa[3], sb[3]) - max(sa[2], sb[2]))
        shorter = min(sa[3] - sa[2], sb[3] - sb[2])
        time_sep = overlap <= MAX_TIME_OVERLAP * shorter if shorter > 0 else overlap == 0
        if by_attr or time_sep:
            good.append((a, b, cos, by_attr or "time"))
    if not good:
        return None
    cooc = _cooccurrence(ctx, acts, [(a, b) for a, b, _, _ in good], exact=True)
    good = [g for g in good if cooc[(g[0], g[1])][1] == 0]
    # keep mutual best matches only, so one label is paired with at most one other
    best: dict[str, tuple[float, str]] = {}
    for a, b, cos, _ in sorted(good, key=lambda g: (-g[2], g[0], g[1])):  # equal similarities: by label
        for x, y in ((a, b), (b, a)):
            if x not in best or cos > best[x][0]:
                best[x] = (cos, y)
    pairs = sorted((g for g in good if best[g[0]][1] == g[1] and best[g[1]][1] == g[0]),
                   key=lambda g: (-g[2], g[0]))
    if not pairs:
        return None
    examples: list[dict[str, Cell]] = [
        {"label": a, "cases": acts[a].n_cases, "other_label": b, "other_cases": acts[b].n_cases,
         "context_similarity": round(c, 3), "separated_by": sep}
        for a, b, c, sep in pairs[:N_EXAMPLES]
    ]
    return ctx.finding(
        "synonymous_labels", Pattern.SYNONYMOUS_LABELS, "info", count=2 * len(pairs), unit="labels",
        total=n_labels, metrics={"n_pairs": len(pairs), "context_similarity": PROFILE_SIMILARITY},
        examples=examples,
    )


def _codes(acts: dict[str, _Act], labels: list[str]) -> str:
    return "(" + ", ".join(str(acts[a].code) for a in labels) + ")"


def _case_groups(ctx: Context, acts: dict[str, _Act], labels: list[str]) -> dict[str, dict[str, dict[object, int]]]:
    """For each low-cardinality process attribute of the cases: label -> {value: number of cases}."""
    attrs = [c.name for c in ctx.schema.case_attributes if not c.data_class.is_personal]
    if not attrs:
        return {}
    counts = ctx.one(f"SELECT {', '.join(f'count(DISTINCT {qident(a)})' for a in attrs)} FROM {ctx.cases} c")
    out: dict[str, dict[str, dict[object, int]]] = {}
    for name, n in zip(attrs, counts, strict=True):
        if not 1 < n <= MAX_GROUP_VALUES:
            continue
        spread: dict[str, dict[object, int]] = defaultdict(dict)
        for label, value, k in ctx.rows(
            f"""SELECT any_value(e.activity), c.{qident(name)}, count(DISTINCT e.case_idx)
            FROM {ctx.events} e JOIN {ctx.cases} c ON c.case_idx = e.case_idx
            WHERE e.activity_code IN {_codes(acts, labels)} GROUP BY e.activity_code, c.{qident(name)}"""
        ):
            spread[label][value] = int(k)
        out[name] = spread
    return out


def _separated(spread: dict[str, dict[object, int]], a: str, b: str) -> bool:
    """Do the cases with ``a`` and those with ``b`` (almost) never share a value of the attribute?"""
    va, vb = spread.get(a, {}), spread.get(b, {})
    if not va or not vb:
        return False
    shared_a = sum(n for v, n in va.items() if v in vb) / sum(va.values())
    shared_b = sum(n for v, n in vb.items() if v in va) / sum(vb.values())
    return max(shared_a, shared_b) <= MAX_GROUP_OVERLAP
