"""Score open cases: remaining time (interval), next activity, outcome and deadline risk, with reasons.

A case is open at ``as_of`` when it started by then and has events after it (replaying a past
day on a historical log); without ``as_of``, or with one at or after the log's last event (where no
case has events after it), a case is open when its last activity is not one of the model's end
activities (activities that closed at least half of the training cases they occurred in). Every
scored case is recorded with the model name and version that produced it.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from sagsflow.errors import InvalidParameterError
from sagsflow.predict.encode import encode_prefixes

if TYPE_CHECKING:
    from sagsflow.legal.gate import RegistrationArg
    from sagsflow.legal.registration import Registration
    from sagsflow.log import EventLog
    from sagsflow.predict.model import ProcessPredictor
    from sagsflow.store.workspace import Workspace


@dataclass
class ScoreTable:
    """One row per open case; ``models`` lists ``name:version`` of every model that scored; ``run_id``
    identifies the rows recorded in ``sf_predictions``; ``identified``: whether ``case_id`` holds the case
    identifiers (else pseudonyms, :mod:`sagsflow.legal.outputs`); ``registrations``: the ids of the
    registrations that enabled the scoring."""

    table: pd.DataFrame
    models: list[str]
    run_id: str
    as_of: datetime | None
    identified: bool = True
    registrations: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list, repr=False)
    workspace: Workspace | None = field(default=None, repr=False, compare=False)

    def write(self, path: str | Path, *, registration: RegistrationArg = None) -> Path:
        """Export the table (``.xlsx``, ``.csv``, ``.json`` or ``.parquet``; formula-injection safe). Exporting
        needs a valid registration for every model's target, like scoring; the export is recorded in the
        workspace's legal log."""
        from sagsflow.errors import InvalidParameterError
        from sagsflow.legal.gate import require

        p = Path(path)
        suffix = p.suffix.lower()
        if suffix not in (".csv", ".xlsx", ".json", ".parquet"):
            raise InvalidParameterError(f"cannot tell the format from {p.name!r}: use .xlsx, .csv, .json or .parquet.",
                                        field="path")
        for t in self.targets:
            require(self.workspace, t, "export", registration=registration, log=str(p.name))
        if suffix == ".json":
            import json

            p.write_text(json.dumps(self.to_dict(), default=str, ensure_ascii=False), encoding="utf-8")
        elif suffix == ".parquet":
            import pyarrow.parquet as pq

            pq.write_table(self.to_arrow(), p)
        else:
            from sagsflow.ingest.export import write_csv, write_excel

            (write_csv if suffix == ".csv" else write_excel)(self.to_arrow(), p)
        return p

    def to_pandas(self) -> pd.DataFrame:
        return self.table

    def to_arrow(self) -> object:
        import pyarrow as pa

        return pa.Table.from_pandas(self.table, preserve_index=False)

    def to_dict(self) -> dict[str, object]:
        return {"models": self.models, "run_id": self.run_id, "as_of": str(self.as_of) if self.as_of else None,
                "identified": self.identified, "registrations": self.registrations,
                "cases": self.table.to_dict(orient="records")}

    def __repr__(self) -> str:
        return f"ScoreTable({len(self.table)} open cases, models={self.models})\n{self.table.head(20)!r}"


def open_cases(log: EventLog, *, as_of: datetime | None = None, end_activities: Sequence[str] = ()) -> np.ndarray:
    """``case_idx`` of the cases open at ``as_of`` (or, without it or at the log's end, not ended by an end
    activity)."""
    con = log.workspace.con
    if as_of is not None:
        (after,), = con.execute(
            f"SELECT max(timestamp) > '{as_of.isoformat()}'::TIMESTAMPTZ FROM ({log.events_sql()})").fetchall()
        if not after:  # at or after the last event: the state the log ends in
            as_of = None
    if as_of is not None:
        sql = (f"SELECT case_idx FROM ({log.events_sql()}) GROUP BY case_idx "
               f"HAVING min(timestamp) <= '{as_of.isoformat()}'::TIMESTAMPTZ "
               f"AND max(timestamp) > '{as_of.isoformat()}'::TIMESTAMPTZ")
    else:
        ends = ", ".join("'" + a.replace("'", "''") + "'" for a in end_activities)
        # no end activity known: every case may go on (NOT IN (NULL) would have made none open)
        cond = f"arg_max(activity, event_idx) NOT IN ({ends}) OR arg_max(activity, event_idx) IS NULL" if ends \
            else "TRUE"
        sql = f"SELECT case_idx FROM ({log.events_sql()}) GROUP BY case_idx HAVING {cond}"
    return con.sql(sql + " ORDER BY case_idx").to_arrow_table().column("case_idx").to_numpy()


def score_cases(log: EventLog, models: Sequence[ProcessPredictor], *, as_of: datetime | None = None,
                cases: Sequence[int] | None = None, record: bool = True, explain: bool = True,
                max_explained: int | None = 2000, registration: RegistrationArg = None,
                sees_cases: bool = True) -> ScoreTable:
    """Score the open cases of ``log`` with each model; one row per case.

    Parameters
    ----------
    log : EventLog
    models : sequence of ProcessPredictor
        Fitted models (typically loaded with :func:`sagsflow.predict.load_model`); one per target.
    as_of : datetime, optional
        Score the state at this instant (events after it are ignored).
    cases : sequence of int, optional
        ``case_idx`` to score instead of the open cases.
    record : bool
        Record every prediction with its model version in ``sf_predictions``.
    max_explained : int or None
        Reasons for at most this many cases per model: those with the highest risk or longest remaining
        time (the top of a caseworker's list); None explains every case.
    registration
        The registrations that enable the models' targets (:func:`sagsflow.legal.require`); without a valid one
        for each target, :class:`~sagsflow.legal.RegistrationRequiredError`.
    sees_cases : bool
        Whether the reader has case access; case ids are given in clear only then, and only when every
        registration used needs the case identified (else pseudonyms, :mod:`sagsflow.legal.outputs`).

    Returns
    -------
    ScoreTable
        Columns ``case_id``, ``last_activity``, ``n_events``, ``open_days`` and per target:
        ``remaining_days``/``remaining_low``/``remaining_high``, ``next_activity``/``next_activity_p``,
        ``outcome_risk``, ``deadline_risk``/``deadline``; ``reasons_da``/``reasons_en`` (of the risk model
        when there is one, else of the first model), ``model_versions``.
    """
    if not models:
        raise InvalidParameterError("score_cases needs at least one fitted model.", field="models")
    by_kind: dict[str, list[str]] = {}
    for m in models:
        by_kind.setdefault(m.target_.kind, []).append(f"{getattr(m, 'name_', m.target_)}:{getattr(m, 'version_', '-')}")
    clash = {k: v for k, v in by_kind.items() if len(v) > 1}
    if clash:  # their columns would collide (remaining_days, outcome_risk, ...): the table has one per kind
        kind, refs = next(iter(clash.items()))
        raise InvalidParameterError(
            f"score with one model per kind of prediction: {', '.join(refs)} all predict {kind}.", field="models")
    from sagsflow.legal.gate import require

    regs: list[Registration] = []
    for m in models:
        r = require(log.workspace, m.target_, "score", registration=registration, log=log.name)
        if r not in regs:
            regs.append(r)
    first = models[0]
    if cases is None:
        ends = sorted({a for m in models for a in getattr(m, "end_activities_", [])})
        chosen = open_cases(log, as_of=as_of, end_activities=ends)
    else:
        chosen = np.asarray(cases, dtype=np.int64)
    cases = chosen.tolist()
    ids = log.workspace.con.sql(f"SELECT case_idx, case_id FROM ({log.cases_sql()})").to_arrow_table().to_pandas()
    base_frame = encode_prefixes(log, first.spec_, as_of=as_of, cases=cases, open_cases=cases, only_last=True)
    out = base_frame[["case_idx", "prefix_length", "elapsed_days", "last_activity"]].rename(
        columns={"prefix_length": "n_events", "elapsed_days": "open_days"})
    out["last_activity"] = [first.spec_.vocabulary[int(a)] if 0 <= a < len(first.spec_.vocabulary) else "(unknown)"
                            for a in out["last_activity"]]
    out = ids.merge(out, on="case_idx", how="inner")
    reasons: dict[str, tuple[pd.Series, pd.Series]] = {}
    versions: list[str] = []
    run_id = uuid.uuid4().hex
    for m in models:
        kind = m.target_.kind
        frame = base_frame if m.spec_ is first.spec_ else encode_prefixes(
            log, m.spec_, as_of=as_of, cases=cases, open_cases=cases, only_last=True)
        if kind == "deadline":
            from sagsflow.predict.targets import attach_labels

            if len(frame):
                frame = attach_labels(frame, m.target_, log, rules=m.rules, as_of=as_of)
                frame = frame[frame["status"] == "pending"]
            else:  # no open case: nothing to label (the rule may have decided no case yet)
                frame = frame.assign(deadline=pd.Series(dtype="datetime64[us, UTC]"))
        p = m.predict_frame(frame, explain=explain, explain_top=max_explained)
        if kind == "deadline":
            p["deadline"] = frame["deadline"].to_numpy()
        ref = f"{getattr(m, 'name_', str(m.target_))}:{getattr(m, 'version_', '-')}"
        versions.append(ref)
        if record and hasattr(m, "version_"):
            from sagsflow.predict.registry import record_predictions

            rec = p.merge(ids, on="case_idx", how="left")
            record_predictions(log.workspace, rec, run_id=run_id, model=m, as_of=as_of, log_name=log.name)
        if kind == "remaining_time":
            cols = {"prediction": "remaining_days", "low": "remaining_low", "high": "remaining_high"}
        elif kind == "next_activity":
            cols = {"prediction": "next_activity", "probability": "next_activity_p"}
        elif kind == "outcome":
            cols = {"prediction": "outcome_risk", "flag": "outcome_high_risk"}
        else:
            cols = {"prediction": "deadline_risk", "flag": "deadline_high_risk", "deadline": "deadline"}
        keep = ["case_idx", *[c for c in cols if c in p.columns]]
        out = out.merge(p[keep].rename(columns=cols), on="case_idx", how="left")
        if explain:
            reasons[kind] = (p.set_index("case_idx")["reasons_da"], p.set_index("case_idx")["reasons_en"])
    if reasons:
        order = [k for k in ("deadline", "outcome", "remaining_time", "next_activity") if k in reasons]
        da = pd.Series(np.nan, index=out["case_idx"], dtype=object)
        en = pd.Series(np.nan, index=out["case_idx"], dtype=object)
        for k in order:
            da = da.fillna(reasons[k][0].replace("", np.nan).reindex(out["case_idx"]))
            en = en.fillna(reasons[k][1].replace("", np.nan).reindex(out["case_idx"]))
        out["reasons_da"], out["reasons_en"] = da.fillna("").to_numpy(), en.fillna("").to_numpy()
    out["model_versions"] = "; ".join(versions)
    from sagsflow.legal.outputs import identifies_cases, release_case_ids

    identify = identifies_cases(sees_cases, regs)
    table = release_case_ids(out.drop(columns="case_idx"), log.workspace, identify=identify)
    return ScoreTable(table, versions, run_id, as_of, identified=identify, registrations=[r.id for r in regs],
                      targets=[str(m.target_) for m in models], workspace=log.workspace)
