"""Checks on whole cases and on event identity: exact duplicates, missing start and end activities."""

from __future__ import annotations

import difflib
from datetime import timedelta

from sagsflow.errors import InvalidParameterError
from sagsflow.quality.context import N_EXAMPLES, Context, grade, sql_list
from sagsflow.quality.model import Finding, Pattern
from sagsflow.store.layout import qident

#: an activity is a typical start (end) when it starts (ends) at least this share of the cases
TYPICAL_SHARE = 0.05
#: a case whose last event is this close to the end of the log may still be open
OPEN_WINDOW = timedelta(days=30)
#: columns that tell two events apart without being part of what happened
_NOT_COMPARED = frozenset({"event_idx", "case_idx", "activity_code", "src_order", "pos", "sequence"})


def check_duplicates(ctx: Context) -> list[Finding]:
    """Exact duplicate events: same case, activity, times, resource, lifecycle and event attributes."""
    compared = ["case_id", "activity", "timestamp", "start_timestamp", "resource", "lifecycle",
                "registration_timestamp", *(c.name for c in ctx.schema.event_attributes)]
    keys = ", ".join(f"e.{qident(c)}" for c in compared if c not in _NOT_COMPARED)
    # duplicates share case, timestamp and activity: group on those integer keys first, then
    # compare every column of the few candidates only
    with ctx.temp_table(
        f"""WITH cand AS (SELECT case_idx, timestamp, activity_code FROM {ctx.events} e
                          GROUP BY case_idx, timestamp, activity_code HAVING count(*) > 1)
        SELECT e.case_id, e.activity, e.timestamp, count(*) AS copies, min(e.event_idx) AS first_event
        FROM {ctx.events} e SEMI JOIN cand c
             ON c.case_idx = e.case_idx AND c.timestamp = e.timestamp AND c.activity_code = e.activity_code
        GROUP BY {keys} HAVING count(*) > 1"""
    ) as dup:
        n_groups, n_extra, n_cases = ctx.one(
            f"SELECT count(*), coalesce(sum(copies - 1), 0), count(DISTINCT case_id) FROM {dup}"
        )
        if not n_groups:
            return []
        examples = ctx.dicts(
            f"SELECT case_id, activity, timestamp, copies FROM {dup} "
            f"ORDER BY copies DESC, first_event LIMIT {N_EXAMPLES}"
        )
        breakdown = ctx.dicts(
            f"SELECT activity, sum(copies - 1)::BIGINT AS extra_events FROM {dup} "
            "GROUP BY activity ORDER BY extra_events DESC, activity LIMIT 10"
        )
    share = int(n_extra) / ctx.n_events
    return [ctx.finding(
        "duplicate_events", Pattern.COLLATERAL_EVENTS, grade(share, warning=0.0, error=0.05),
        count=int(n_extra), unit="events",
        metrics={"n_groups": int(n_groups), "n_cases_affected": int(n_cases)},
        examples=examples, breakdown=breakdown,
    )]


def check_start_end(ctx: Context) -> list[Finding]:
    """Cases whose first (last) activity is not an expected or typical start (end) activity."""
    log_end = ctx.one(f"SELECT max(timestamp) FROM {ctx.events} e")[0]
    with ctx.temp_table(
        f"""SELECT case_idx, any_value(case_id) AS case_id, arg_min(activity, pos) AS first_activity,
                   arg_max(activity, pos) AS last_activity, max(timestamp) AS end_time
        FROM {ctx.events} e GROUP BY case_idx"""
    ) as ends:
        out: list[Finding] = []
        for side, column, expected in (("start", "first_activity", ctx.params.expected_start),
                                       ("end", "last_activity", ctx.params.expected_end)):
            counts = dict(ctx.rows(f"SELECT {column}, count(*) FROM {ends} GROUP BY {column}"))
            if expected is not None:
                typical = _check_expected(ctx, side, expected)
                inferred = False
            else:
                typical = [a for a, n in counts.items() if n >= TYPICAL_SHARE * ctx.n_cases]
                inferred = True
            n_bad = sum(n for a, n in counts.items() if a not in typical)
            if not n_bad:
                continue
            bad = f"{column} NOT IN {sql_list(typical)}" if typical else "true"
            recent = ctx.one(
                f"SELECT count(*) FROM {ends} WHERE {bad} AND end_time >= $cut",
                {"cut": log_end - OPEN_WINDOW},
            )[0] if side == "end" else 0
            examples = ctx.dicts(
                f"SELECT case_id, {column} AS activity, end_time FROM {ends} WHERE {bad} "
                f"ORDER BY case_idx LIMIT {N_EXAMPLES}"
            )
            if side == "start":
                examples = [{k: v for k, v in e.items() if k != "end_time"} for e in examples]
            breakdown = [{"activity": a, "cases": int(n)} for a, n in
                         sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if a not in typical][:10]
            share = n_bad / ctx.n_cases
            closed_share = (n_bad - recent) / ctx.n_cases
            out.append(ctx.finding(
                f"missing_{side}_activity", Pattern.SCATTERED_CASE,
                grade(closed_share if side == "end" else share, warning=TYPICAL_SHARE),
                count=n_bad, unit="cases",
                metrics={"typical": ", ".join(sorted(typical)), "inferred": inferred,
                         "n_possibly_open": int(recent), "open_window_days": OPEN_WINDOW.days,
                         "typical_share": TYPICAL_SHARE},
                examples=examples, breakdown=breakdown,
            ))
    return out


def _check_expected(ctx: Context, side: str, expected: tuple[str, ...]) -> list[str]:
    present = [r[0] for r in ctx.rows(f"SELECT DISTINCT activity FROM {ctx.events} e")]
    found = [a for a in expected if a in present]
    if not found:
        close = sorted({m for a in expected for m in difflib.get_close_matches(a, present, n=3)})
        raise InvalidParameterError(
            f"none of the expected {side} activities {list(expected)!r} occurs in the log.",
            hint=(f"Did you mean {close!r}? " if close else "")
            + f"Activities in the log: {sorted(present)[:20]!r}"
            + (" ..." if len(present) > 20 else ""),
            field=f"expected_{side}",
        )
    return list(expected)
