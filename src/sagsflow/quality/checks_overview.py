"""Size, time span and missing values per column: the first table of the report."""

from __future__ import annotations

from sagsflow.quality.context import Context
from sagsflow.quality.model import ColumnQuality, Overview
from sagsflow.schema import ROLES
from sagsflow.store.layout import qident

#: store types of the canonical role columns (docs/architecture.md)
ROLE_TYPES: dict[str, str] = {
    "case_id": "VARCHAR", "activity": "VARCHAR", "timestamp": "TIMESTAMPTZ", "start_timestamp": "TIMESTAMPTZ",
    "resource": "VARCHAR", "lifecycle": "VARCHAR", "registration_timestamp": "TIMESTAMPTZ", "sequence": "BIGINT",
}


def overview(ctx: Context, log_name: str) -> Overview:
    """Events, cases, activities, resources and the time span."""
    n_act, n_res, first, last = ctx.one(
        f"SELECT count(DISTINCT activity), count(DISTINCT resource), min(timestamp), max(timestamp) "
        f"FROM {ctx.events} e"
    )
    span = (last - first).total_seconds() / 86400 if first is not None and last is not None else None
    return Overview(
        log=log_name, n_events=ctx.n_events, n_cases=ctx.n_cases, n_activities=int(n_act),
        n_resources=int(n_res), first_timestamp=first, last_timestamp=last,
        span_days=None if span is None else round(span, 2),
        plausible_first_day=None if ctx.window is None else ctx.window.first_day,
        plausible_last_day=None if ctx.window is None else ctx.window.last_day,
        n_quarantined=0 if ctx.window is None else ctx.window.n_quarantined,
    )


def _missing_expr(name: str, dtype: str) -> str:
    col = qident(name)
    if dtype.upper().startswith("VARCHAR"):
        return f"count(*) FILTER (WHERE {col} IS NULL OR trim({col}) = '')"
    return f"count(*) FILTER (WHERE {col} IS NULL)"


def columns(ctx: Context) -> list[ColumnQuality]:
    """Missing values (NULL or blank text) per role and attribute column, in one scan per level.

    Event-level columns are counted over events, case-level attributes over cases.
    """
    schema = ctx.schema
    event_cols: list[tuple[str, str, str]] = [(r, "role", ROLE_TYPES[r]) for r in ROLES]
    event_cols += [(c.name, "attribute", c.dtype) for c in schema.event_attributes]
    case_cols = [(c.name, "attribute", c.dtype) for c in schema.case_attributes]
    out: list[ColumnQuality] = []
    for level, cols, source, total in (("event", event_cols, ctx.events, ctx.n_events),
                                       ("case", case_cols, ctx.cases, ctx.n_cases)):
        if not cols:
            continue
        counts = ctx.one(f"SELECT {', '.join(_missing_expr(n, t) for n, _, t in cols)} FROM {source} s")
        for (name, kind, dtype), n_missing in zip(cols, counts, strict=True):
            n_missing = int(n_missing)
            mapped = name in schema.roles or kind == "attribute"
            out.append(ColumnQuality(
                name=name, kind=kind, level=level,  # type: ignore[arg-type]
                dtype=dtype, data_class=schema.data_class(name).value,
                in_source=mapped or n_missing < total,
                n_missing=n_missing, share_missing=n_missing / total if total else 0.0,
            ))
    return out


def filled_roles(ctx: Context) -> frozenset[str]:
    """The role columns with at least one value."""
    counts = ctx.one(f"SELECT {', '.join(f'count({qident(r)})' for r in ROLES)} FROM {ctx.events} e")
    return frozenset(r for r, n in zip(ROLES, counts, strict=True) if n)
