"""Benchmark profiles: what a municipality may share about a log with the others, and nothing else.

:func:`export_profile` summarises a log as aggregates only — indicators per month and case type, the process
map's activity and transition counts with mean durations, the variant shares — released through the disclosure
layer (:mod:`sagsflow.disclosure`: every row resting on 1 to k-1 cases is hidden, with secondary suppression where
rows partition the cases; no minimum or maximum, no identifier column). The file says what it contains and how it
was protected, and is signed with Ed25519 (``cryptography``), so the receiver knows who made it and that nobody
changed it. :func:`import_profile` checks the signature (and, when given, that the key is a trusted one) and keeps
the profile in the receiving workspace's ``profiles/`` folder. Nothing but the profile leaves the workspace.

Examples
--------
>>> key = generate_key()
>>> len(public_key_text(key)) > 40
True
"""

from __future__ import annotations

import base64
import json
import os
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sagsflow.errors import InvalidParameterError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from sagsflow.disclosure import DisclosurePolicy
    from sagsflow.effect.indicators import SeriesSpec
    from sagsflow.log import EventLog
    from sagsflow.store.workspace import Workspace

FORMAT = "sagsflow-profile/1"
PROFILES_DIR = "profiles"

__all__ = [
    "FORMAT",
    "benchmark",
    "export_profile",
    "generate_key",
    "import_profile",
    "list_profiles",
    "load_key",
    "profile_body",
    "profile_series",
    "public_key_text",
    "verify_profile",
    "write_profile",
]


# ----------------------------------------------------------------------------------------------- keys
def generate_key(path: str | Path | None = None) -> Ed25519PrivateKey:
    """A new Ed25519 signing key; written as unencrypted PKCS#8 PEM (mode 0600) when ``path`` is given."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    if path is not None:
        pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
        p = Path(path)
        fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(pem)
    return key


def load_key(path: str | Path) -> Ed25519PrivateKey:
    """The Ed25519 signing key in a PEM file."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    try:
        key = serialization.load_pem_private_key(Path(path).read_bytes(), password=None)
    except (OSError, ValueError) as exc:
        raise InvalidParameterError(f"{path}: not a readable PEM private key ({exc}).", field="key") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise InvalidParameterError(f"{path}: the key must be an Ed25519 key.", field="key")
    return key


def public_key_text(key: Ed25519PrivateKey) -> str:
    """The public half of ``key``, base64 of its 32 raw bytes (what a receiver lists as trusted)."""
    from cryptography.hazmat.primitives import serialization

    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def _canonical(body: dict[str, Any]) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode("utf-8")


# ----------------------------------------------------------------------------------------------- export
def _released(rows: list[dict[str, Any]], policy: DisclosurePolicy, *, count: str, partition: tuple[str, ...] | None,
              keep: list[str]) -> dict[str, Any]:
    from sagsflow.disclosure.release import release_table

    table = {"columns": keep, "rows": [{k: r.get(k) for k in keep} for r in rows]}
    out = release_table(table, policy, columns=(count,), partition=partition)
    return {"columns": keep, "rows": out["rows"], "n_hidden": int(out.get("n_hidden") or 0)}


def export_profile(log: EventLog, *, name: str, case_type: str | None = None, key: Ed25519PrivateKey,
                   policy: DisclosurePolicy | None = None, top_variants: int = 50,
                   series: Sequence[SeriesSpec | dict[str, Any]] = ()) -> dict[str, Any]:
    """A signed benchmark profile of ``log`` (see the module). ``case_type`` is a case attribute (``proces``,
    ``maalgruppe``) the indicators are broken down by; ``policy`` defaults to aggregates only with k = 5.
    ``series`` are indicator series (:class:`~sagsflow.effect.indicators.SeriesSpec`, or an intervention's
    ``series_spec()``) the receivers can use as controls of a difference-in-differences.

    Returns the profile as a dict (write it with :func:`write_profile`).
    """
    body = profile_body(log, name=name, case_type=case_type, policy=policy, top_variants=top_variants,
                        series=series)
    signature = key.sign(_canonical(body))
    return {**body, "public_key": public_key_text(key),
            "signature": base64.b64encode(signature).decode("ascii")}


def profile_body(log: EventLog, *, name: str, case_type: str | None = None,
                 policy: DisclosurePolicy | None = None, top_variants: int = 50,
                 series: Sequence[SeriesSpec | dict[str, Any]] = ()) -> dict[str, Any]:
    """The unsigned contents of a profile (what :func:`export_profile` signs; also the own side of a benchmark)."""
    from sagsflow.analysis.variants import variants
    from sagsflow.disclosure import DisclosurePolicy
    from sagsflow.disclosure.release import release_variants
    from sagsflow.effect.indicators import Indicator, indicator_series

    pol = policy or DisclosurePolicy()
    if not pol.restricted:
        raise InvalidParameterError("a profile leaves the workspace: its policy must be restricted (no case access).",
                                    field="policy")
    monthly = indicator_series(log, Indicator(kind="throughput"), period="month", by=case_type).to_pandas()
    ind_rows = [{"month": str(r.period), "case_type": str(r.unit), "n_cases": int(r.denominator),
                 "mean_throughput_days": round(float(r.value), 2)} for r in monthly.itertuples()]
    indicators = _released(ind_rows, pol, count="n_cases", partition=("month",),
                           keep=["month", "case_type", "n_cases", "mean_throughput_days"])
    con = log.workspace.con
    ev = log.events_sql()
    acts = con.execute(f"""SELECT activity, count(*) AS n_events, count(DISTINCT case_idx) AS n_cases
                          FROM ({ev}) GROUP BY activity ORDER BY n_cases DESC, activity""").fetchall()
    act_rows = [{"activity": a, "n_events": int(n), "n_cases": int(c)} for a, n, c in acts]
    trans = con.execute(f"""
        WITH e AS (SELECT case_idx, activity, timestamp,
                          lead(activity) OVER w AS nxt, lead(timestamp) OVER w AS t_next
                   FROM ({ev}) WINDOW w AS (PARTITION BY case_idx ORDER BY event_idx))
        SELECT activity, nxt, count(*), count(DISTINCT case_idx), avg(epoch(t_next) - epoch(timestamp)) / 86400.0
        FROM e WHERE nxt IS NOT NULL GROUP BY activity, nxt ORDER BY 4 DESC, 1, 2""").fetchall()
    tr_rows = [{"source": a, "target": b, "n": int(n), "n_cases": int(c), "mean_days": round(float(d), 3)}
               for a, b, n, c, d in trans]
    var = release_variants(variants(log), pol, limit=top_variants)
    n_cases = int(log.n_cases)
    var_rows = [{"activities": list(r["activities"]), "n_cases": int(r["n_cases"]),
                 "share": round(int(r["n_cases"]) / n_cases, 4) if n_cases else None} for r in var["rows"]]
    body: dict[str, Any] = {
        "format": FORMAT,
        "name": name,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "contains": ["indicators per month and case type (cases started, mean throughput time)",
                     "process map: activities and transitions with case counts and mean durations",
                     f"the {top_variants} most frequent variants with their shares"],
        "protection": {"method": "k-anonymous release (sagsflow.disclosure)", "min_group_size": pol.min_group_size,
                       "rule": "every row resting on 1 to k-1 cases is hidden, with secondary suppression where "
                               "rows partition the cases; no identifiers, no single-case values",
                       "noise": None, "privacy_budget": None},
        "case_type": case_type,
        "n_cases": n_cases if not pol.hides(n_cases) else None,
        "indicators": indicators,
        "activities": _released(act_rows, pol, count="n_cases", partition=None,
                                keep=["activity", "n_events", "n_cases"]),
        "transitions": _released(tr_rows, pol, count="n_cases", partition=None,
                                 keep=["source", "target", "n", "n_cases", "mean_days"]),
        "variants": {"columns": ["activities", "n_cases", "share"], "rows": var_rows,
                     "n_hidden": int(var.get("n_hidden") or 0)},
    }
    specs = [_spec(s) for s in series]
    if specs:
        body["series"] = [_released_series(log, spec, pol) for spec in specs]
        body["contains"].append(f"{len(specs)} indicator series per {'/'.join(sorted({s.period for s in specs}))} "
                                "(cases and the indicator's value per period), for difference-in-differences")
    return body


def _spec(value: SeriesSpec | dict[str, Any]) -> SeriesSpec:
    from pydantic import ValidationError

    from sagsflow.effect.indicators import SeriesSpec

    if isinstance(value, SeriesSpec):
        return value
    try:
        return SeriesSpec.model_validate(value)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "series"
        raise InvalidParameterError(f"invalid series ({where}): {first.get('msg')}", field="series") from None


def _released_series(log: EventLog, spec: SeriesSpec, policy: DisclosurePolicy) -> dict[str, Any]:
    """One indicator series of the profile: per period the cases, the value and, for a share, the cases with the
    outcome; a period is hidden when its cases (or, for a share, those with or without the outcome) are 1 to k-1,
    with secondary suppression over the periods (they partition the cases)."""
    from sagsflow.effect.indicators import indicator_series
    from sagsflow.filters import case_attribute

    measured = log.filter([case_attribute(a, list(v)) for a, v in spec.case_types.items()]) if spec.case_types else log
    s = indicator_series(measured, spec.indicator, period=spec.period).to_pandas()
    share = spec.indicator.is_share
    rows = []
    for r in s.itertuples():
        n, num = int(r.denominator), float(r.numerator)
        row: dict[str, Any] = {"period": str(r.period), "n_cases": n, "value": round(float(r.value), 4)}
        if share:
            row["n_outcome"] = round(num)
            row["n_other"] = n - round(num)
        rows.append(row)
    keep = ["period", "n_cases", "value", *(["n_outcome", "n_other"] if share else [])]
    counts = ("n_cases", "n_outcome", "n_other") if share else ("n_cases",)
    from sagsflow.disclosure.release import release_table

    out = release_table({"columns": keep, "rows": rows}, policy, columns=counts, partition=())
    shown = [{k: v for k, v in r.items() if k != "n_other"} for r in out["rows"]]
    return {"indicator": spec.indicator.model_dump(exclude_defaults=True), "label": spec.indicator.label(),
            "period": spec.period, "case_types": spec.case_types, "key": spec.key(),
            "columns": [c for c in keep if c != "n_other"], "rows": shown, "n_hidden": int(out.get("n_hidden") or 0)}


def profile_series(profiles: Sequence[dict[str, Any]], spec: SeriesSpec | dict[str, Any]
                   ) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """The rows (``unit`` = the profile's name, ``period``, ``numerator``, ``denominator``) of the series
    ``spec`` in each profile, and per profile how many periods it hid.

    Raises
    ------
    InvalidParameterError
        No profile carries that series (the message names what the profiles carry).
    """
    want = _spec(spec)
    key = want.key()
    rows: list[dict[str, Any]] = []
    hidden: dict[str, int] = {}
    carried: set[str] = set()
    for p in profiles:
        for s in p.get("series") or []:
            found = _spec({"indicator": s["indicator"], "period": s["period"], "case_types": s.get("case_types") or {}})
            carried.add(f"{found.indicator.label()} ({found.period})")
            if found.key() != key:
                continue
            name = str(p["name"])
            hidden[name] = int(s.get("n_hidden") or 0)
            for r in s["rows"]:
                n = int(r["n_cases"])
                num = float(r["n_outcome"]) if "n_outcome" in r else float(r["value"]) * n
                rows.append({"unit": name, "period": r["period"], "numerator": num, "denominator": n})
    if not hidden:
        raise InvalidParameterError(
            f"no imported profile carries the series {want.indicator.label()} ({want.period}).",
            hint=("The profiles carry: " + "; ".join(sorted(carried)) + ". ") if carried else
            "Ask the other municipalities to export their profiles with this intervention's series "
            "(sagsflow share export --series).", field="controls")
    return rows, hidden


def benchmark(own: dict[str, Any], profiles: list[dict[str, Any]]) -> dict[str, Any]:
    """Side by side: the own profile (:func:`profile_body`) and each imported one.

    Returns ``names`` (own first), ``throughput`` (per month: the mean throughput time in days of each profile
    over its case types, weighted by cases; None where hidden), ``transitions`` (per transition: occurrences per
    100 cases of each profile and the own minus the network's median) and ``network`` (per month: the median and
    the range of the imported profiles).
    """
    import statistics

    sides = [own, *profiles]
    names = [str(p["name"]) for p in sides]
    months: dict[str, dict[str, float | None]] = {}
    for p in sides:
        acc: dict[str, list[float]] = {}
        for r in p["indicators"]["rows"]:
            a = acc.setdefault(r["month"], [0.0, 0.0])
            a[0] += r["mean_throughput_days"] * r["n_cases"]
            a[1] += r["n_cases"]
        for m, (tot, n) in acc.items():
            months.setdefault(m, {})[p["name"]] = round(tot / n, 2) if n else None
    throughput: list[dict[str, Any]] = [{"month": m, **{n: months[m].get(n) for n in names}} for m in sorted(months)]
    network = []
    for row in throughput:
        vals: list[float] = [float(row[n]) for n in names[1:] if row.get(n) is not None]
        network.append({"month": row["month"], "median": statistics.median(vals) if vals else None,
                        "low": min(vals) if vals else None, "high": max(vals) if vals else None})
    per100: dict[tuple[str, str], dict[str, float]] = {}
    for p in sides:
        n_cases = p.get("n_cases") or 0
        for r in p["transitions"]["rows"]:
            if n_cases:
                per100.setdefault((r["source"], r["target"]), {})[p["name"]] = round(100 * r["n"] / n_cases, 1)
    transitions: list[dict[str, Any]] = []
    for (src, tgt), shares in per100.items():
        others = [shares[n] for n in names[1:] if n in shares]
        mine = shares.get(names[0])
        diff = round(mine - statistics.median(others), 1) if mine is not None and others else None
        transitions.append({"source": src, "target": tgt, **{n: shares.get(n) for n in names}, "difference": diff})
    transitions.sort(key=lambda r: -abs(float(r["difference"] or 0)))
    return {"names": names, "throughput": throughput, "network": network, "transitions": transitions}


def write_profile(profile: dict[str, Any], path: str | Path) -> Path:
    """Write a profile as UTF-8 JSON."""
    p = Path(path)
    p.write_text(json.dumps(profile, ensure_ascii=False, indent=1), encoding="utf-8")
    return p


# ----------------------------------------------------------------------------------------------- import
def verify_profile(profile: dict[str, Any] | str | Path, *, trusted_keys: list[str] | None = None) -> dict[str, Any]:
    """Check a profile's format and signature (and that its key is one of ``trusted_keys``); return it.

    Raises
    ------
    InvalidParameterError
        Not a profile, a bad signature, or an untrusted key.
    """
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    where = "the profile"
    if not isinstance(profile, dict):
        where = str(profile)
        try:
            profile = json.loads(Path(profile).read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise InvalidParameterError(f"{where}: line {exc.lineno}, column {exc.colno}: not valid JSON "
                                        f"({exc.msg}).", field="profile") from None
    if not isinstance(profile, dict) or profile.get("format") != FORMAT:
        raise InvalidParameterError(f"{where}: not a Sagsflow profile (expected format {FORMAT!r}).",
                                    field="profile")
    body = {k: v for k, v in profile.items() if k not in ("public_key", "signature")}
    try:
        pub = base64.b64decode(str(profile.get("public_key", "")), validate=True)
        sig = base64.b64decode(str(profile.get("signature", "")), validate=True)
        Ed25519PublicKey.from_public_bytes(pub).verify(sig, _canonical(body))
    except (ValueError, InvalidSignature):
        raise InvalidParameterError(f"{where}: the signature does not match its contents; the file was changed "
                                    "or not signed by its key.", field="signature") from None
    if trusted_keys is not None and profile["public_key"] not in trusted_keys:
        raise InvalidParameterError(f"{where}: signed by a key that is not trusted ({profile['public_key']}).",
                                    field="public_key")
    return profile


def import_profile(workspace: Workspace, source: str | Path | dict[str, Any], *,
                   trusted_keys: list[str] | None = None) -> dict[str, Any]:
    """Verify a profile and keep it in the workspace (``profiles/<name>.json``, written atomically)."""
    from sagsflow.store.layout import slugify

    if workspace.path is None:
        raise InvalidParameterError("an in-memory workspace cannot keep profiles.", field="workspace")
    profile = verify_profile(source, trusted_keys=trusted_keys)
    folder = Path(workspace.path) / PROFILES_DIR
    folder.mkdir(exist_ok=True)
    target = folder / f"{slugify(str(profile['name']))}.json"
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(profile, f, ensure_ascii=False, indent=1)
    os.replace(tmp, target)
    return profile


def list_profiles(workspace: Workspace) -> list[dict[str, Any]]:
    """The imported profiles of a workspace (each verified again when read)."""
    if workspace.path is None:
        return []
    folder = Path(workspace.path) / PROFILES_DIR
    return [verify_profile(p) for p in sorted(folder.glob("*.json"))] if folder.is_dir() else []
