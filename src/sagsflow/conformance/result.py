"""The result of a conformance check: per-variant alignments joined back to cases, set-based.

The alignments are computed once per variant; everything per case, per activity, per period or per
case attribute is a join of the per-variant results with the log's cases in DuckDB (Arrow tables
registered on a cursor of the log's workspace), never a Python loop over cases.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import pyarrow as pa
import pyarrow.compute as pc

from sagsflow.errors import InvalidParameterError

if TYPE_CHECKING:
    import pandas as pd

    from sagsflow.conformance.model import LabelReport, ReferenceModel
    from sagsflow.log import EventLog

Freq = Literal["week", "month", "quarter", "year"]
TableName = Literal["activities", "cases", "variants", "periods", "fallbacks"]
_TABLES = ("activities", "cases", "variants", "periods", "fallbacks")
_TZ = "Europe/Copenhagen"

#: measures of a group of cases (period, unit, ...), over the registered table ``__cf_cases``
_GROUP_MEASURES = """count(*)::BIGINT AS n_cases,
    avg(fitness) AS mean_fitness,
    avg(CASE WHEN fitness = 1 THEN 1.0 ELSE 0.0 END) AS share_fitting,
    count(*) FILTER (WHERE n_model_moves + n_log_moves > 0)::BIGINT AS n_cases_deviating,
    sum(n_model_moves)::BIGINT AS n_skipped,
    sum(n_log_moves)::BIGINT AS n_unexpected,
    count(*) FILTER (WHERE method <> 'alignment')::BIGINT AS n_cases_fallback"""


@dataclass(frozen=True, eq=False)
class ConformanceResult:
    """Alignment-based conformance of a log against a reference model.

    Attributes
    ----------
    log : EventLog
        The (filtered) log that was checked.
    model : ReferenceModel
    labels : LabelReport
        Activities in the model but not in the log, and the other way round.
    seconds : float
        Wall time of the check.

    Tables (pandas DataFrames): :attr:`cases`, :attr:`activities`, :attr:`variants`,
    :meth:`by_period`, :meth:`by_attribute`, :meth:`deviations`, :attr:`fallbacks`.

    Examples
    --------
    >>> res = check_conformance(log, "reference.bpmn")  # doctest: +SKIP
    >>> res.fitness, res.n_variants_fallback            # doctest: +SKIP
    (0.91, 0)
    >>> res.activities.head()                           # doctest: +SKIP
    >>> res.by_attribute("unit")                        # doctest: +SKIP
    >>> res.to_excel("deviations.xlsx")                 # doctest: +SKIP
    """

    log: EventLog
    model: ReferenceModel
    labels: LabelReport
    _variants: pa.Table  # variant_id, activities, n_cases, fitness, cost, bwc, method, n_*_moves, seconds
    _moves: pa.Table  # variant_id, kind, activity, n
    _cases: pa.Table  # case_idx, variant_id, start_time
    seconds: float

    # ------------------------------------------------------------------ queries
    def _query(self, sql: str) -> pd.DataFrame:
        cur = self.log.workspace.con.cursor()
        try:
            cur.execute("SET TimeZone='UTC'")
            cur.register("__cf_variants", self._variants)
            cur.register("__cf_moves", self._moves)
            cur.register("__cf_case_map", self._cases)
            return cur.execute(f"""WITH __cf_cases AS (
                SELECT m.case_idx, m.variant_id, m.start_time, v.fitness, v.method,
                       v.n_log_moves, v.n_model_moves
                FROM __cf_case_map m JOIN __cf_variants v USING (variant_id)) {sql}""").df()
        finally:
            cur.close()

    # ------------------------------------------------------------------ summary figures
    def _aligned(self) -> tuple[pa.Array, pa.Array]:
        ok = pc.is_valid(self._variants.column("fitness"))
        return ok, pc.equal(self._variants.column("method"), "alignment")

    @property
    def n_cases(self) -> int:
        return int(pc.sum(self._variants.column("n_cases")).as_py() or 0)

    @property
    def n_variants(self) -> int:
        return self._variants.num_rows

    @property
    def fitness(self) -> float:
        """Average trace fitness over the cases (PM4Py's ``average_trace_fitness``); fallback variants
        count with their token-replay fitness, variants without any result are left out."""
        ok, _ = self._aligned()
        v = self._variants.filter(ok)
        n = pc.sum(v.column("n_cases")).as_py() or 0
        return float(pc.sum(pc.multiply(v.column("fitness"), v.column("n_cases"))).as_py() / n) if n else 0.0

    @property
    def percent_fitting(self) -> float:
        """Share (0-100) of the cases that fit the model perfectly (PM4Py's ``percentage_of_fitting_traces``)."""
        ok, _ = self._aligned()
        v = self._variants.filter(ok)
        n = pc.sum(v.column("n_cases")).as_py() or 0
        fit = pc.sum(v.filter(pc.equal(v.column("fitness"), 1.0)).column("n_cases")).as_py() or 0
        return 100.0 * fit / n if n else 0.0

    @property
    def log_fitness(self) -> float:
        """``1 - sum(cost) / sum(best-worst cost)`` over the aligned cases (PM4Py's ``log_fitness``)."""
        _, aligned = self._aligned()
        v = self._variants.filter(aligned)
        if v.num_rows == 0:
            return 0.0
        cost = pc.sum(pc.multiply(v.column("cost"), v.column("n_cases"))).as_py()
        bwc = pc.sum(pc.multiply(v.column("bwc"), v.column("n_cases"))).as_py()
        return 1.0 - cost / bwc if bwc else 1.0

    @property
    def n_variants_fallback(self) -> int:
        """Variants whose alignment ran out of time (token-replay fitness, or no result)."""
        _, aligned = self._aligned()
        return int(pc.sum(pc.invert(aligned).cast(pa.int64())).as_py() or 0)

    @property
    def n_cases_fallback(self) -> int:
        _, aligned = self._aligned()
        return int(pc.sum(self._variants.filter(pc.invert(aligned)).column("n_cases")).as_py() or 0)

    def fitness_dict(self) -> dict[str, float]:
        """The figures with PM4Py's ``fitness_alignments`` keys."""
        return {"percentage_of_fitting_traces": self.percent_fitting, "average_trace_fitness": self.fitness,
                "log_fitness": self.log_fitness}

    # ------------------------------------------------------------------ tables
    @property
    def cases(self) -> pd.DataFrame:
        """One row per case: ``case_id``, ``variant_id``, ``start_time``, ``fitness``, ``is_fitting``,
        ``n_skipped`` (model moves), ``n_unexpected`` (log moves), ``method``."""
        return self._query(f"""SELECT c.case_id, f.variant_id, f.start_time, f.fitness,
                f.fitness = 1 AS is_fitting, f.n_model_moves AS n_skipped, f.n_log_moves AS n_unexpected,
                f.method
            FROM __cf_cases f JOIN ({self.log.cases_sql()}) c USING (case_idx) ORDER BY f.case_idx""")

    @property
    def variants(self) -> pd.DataFrame:
        """One row per variant: its activities, cases, fitness, cost, moves, method and seconds."""
        return self._query("""SELECT variant_id, activities, n_cases, fitness, cost, bwc,
                n_model_moves AS n_skipped, n_log_moves AS n_unexpected, method, seconds
            FROM __cf_variants ORDER BY variant_id""")

    @property
    def fallbacks(self) -> pd.DataFrame:
        """The variants whose alignment ran out of time, with the fallback used."""
        return self._query("""SELECT variant_id, activities, n_cases, fitness, method, seconds
            FROM __cf_variants WHERE method <> 'alignment' ORDER BY variant_id""")

    @property
    def activities(self) -> pd.DataFrame:
        """Deviations per activity, most deviating first.

        Columns: ``activity``, ``in_model``, ``in_log``, ``n_sync`` (events that match a model step),
        ``n_skipped`` (model moves: the model expected the step, the case did not do it),
        ``n_cases_skipped``, ``n_unexpected`` (log moves: the case did a step the model did not allow
        there), ``n_cases_unexpected``, ``share_cases_deviating``.
        """
        model_acts = pa.table({"activity": pa.array(sorted(self.model.activities), pa.string())})
        cur_sql = """SELECT m.activity,
                coalesce(sum(m.n * v.n_cases) FILTER (WHERE m.kind = 'sync'), 0)::BIGINT AS n_sync,
                coalesce(sum(m.n * v.n_cases) FILTER (WHERE m.kind = 'model'), 0)::BIGINT AS n_skipped,
                coalesce(sum(v.n_cases) FILTER (WHERE m.kind = 'model'), 0)::BIGINT AS n_cases_skipped,
                coalesce(sum(m.n * v.n_cases) FILTER (WHERE m.kind = 'log'), 0)::BIGINT AS n_unexpected,
                coalesce(sum(v.n_cases) FILTER (WHERE m.kind = 'log'), 0)::BIGINT AS n_cases_unexpected
            FROM __cf_moves m JOIN __cf_variants v USING (variant_id) GROUP BY m.activity"""
        cur = self.log.workspace.con.cursor()
        try:
            cur.register("__cf_model_acts", model_acts)
            cur.register("__cf_variants", self._variants)
            cur.register("__cf_moves", self._moves)
            log_acts = f"SELECT DISTINCT activity FROM ({self.log.events_sql()})"
            return cur.execute(f"""
                WITH a AS ({cur_sql}), n AS (SELECT sum(n_cases) AS total FROM __cf_variants)
                SELECT a.activity, a.activity IN (SELECT activity FROM __cf_model_acts) AS in_model,
                       a.activity IN ({log_acts}) AS in_log, n_sync, n_skipped, n_cases_skipped,
                       n_unexpected, n_cases_unexpected,
                       (n_cases_skipped + n_cases_unexpected) / n.total AS share_cases_deviating
                FROM a, n
                ORDER BY n_skipped + n_unexpected DESC, activity""").df()
        finally:
            cur.close()

    def _group_key(self, by: str) -> tuple[str, str]:
        """(SQL joins, key expression) for a period (``week``/``month``/...) or a case attribute."""
        if by in ("week", "month", "quarter", "year"):
            fmt = {"week": "%G-W%V", "month": "%Y-%m", "year": "%Y"}.get(by, "")
            local = f"timezone('{_TZ}', f.start_time)"
            if by == "quarter":
                return "", f"strftime({local}, '%Y') || '-Q' || quarter({local})::VARCHAR"
            return "", f"strftime(date_trunc('{by}', {local}), '{fmt}')"
        names = [c.name for c in self.log.schema.case_attributes]
        if by not in names:
            raise InvalidParameterError(
                f"{by!r} is not a period or a case attribute of log {self.log.name!r}.",
                hint=f"Use week, month, quarter or year, or one of the case attributes: {names}.", field="by")
        from sagsflow.store.layout import qident

        return f"JOIN ({self.log.cases_sql()}) c USING (case_idx)", f"c.{qident(by)}"

    def by_period(self, freq: Freq = "month") -> pd.DataFrame:
        """Fitness and deviations per period of case start (Europe/Copenhagen), oldest first.

        Columns: ``period``, ``n_cases``, ``mean_fitness``, ``share_fitting``, ``n_cases_deviating``,
        ``n_skipped``, ``n_unexpected``, ``n_cases_fallback``.
        """
        if freq not in ("week", "month", "quarter", "year"):
            raise InvalidParameterError(f"freq must be week, month, quarter or year. Got {freq!r} instead.",
                                        field="freq")
        join, key = self._group_key(freq)
        return self._query(f"SELECT {key} AS period, {_GROUP_MEASURES} FROM __cf_cases f {join} "
                           "GROUP BY ALL ORDER BY period")

    def by_attribute(self, name: str) -> pd.DataFrame:
        """Fitness and deviations per value of a case attribute (e.g. ``unit``, ``municipality``).

        Same columns as :meth:`by_period`, with the attribute's name instead of ``period``.
        """
        join, key = self._group_key(name)
        from sagsflow.store.layout import qident

        return self._query(f"SELECT {key} AS {qident(name)}, {_GROUP_MEASURES} FROM __cf_cases f {join} "
                           "GROUP BY ALL ORDER BY n_cases DESC, 1")

    def deviations(self, by: str | None = None) -> pd.DataFrame:
        """Deviations per activity (and per period or case attribute when ``by`` is given), long form.

        Columns: [``by``], ``activity``, ``deviation`` (``skipped`` or ``unexpected``), ``n_moves``,
        ``n_cases``; most frequent first within each group.
        """
        kind = "CASE m.kind WHEN 'model' THEN 'skipped' ELSE 'unexpected' END"
        if by is None:
            return self._query(f"""SELECT m.activity, {kind} AS deviation, sum(m.n * v.n_cases)::BIGINT AS n_moves,
                    sum(v.n_cases)::BIGINT AS n_cases
                FROM __cf_moves m JOIN __cf_variants v USING (variant_id) WHERE m.kind <> 'sync'
                GROUP BY ALL ORDER BY n_moves DESC, activity, deviation""")
        join, key = self._group_key(by)
        from sagsflow.store.layout import qident

        return self._query(f"""SELECT {key} AS {qident(by)}, m.activity, {kind} AS deviation,
                sum(m.n)::BIGINT AS n_moves, count(*)::BIGINT AS n_cases
            FROM __cf_cases f JOIN __cf_moves m USING (variant_id) {join} WHERE m.kind <> 'sync'
            GROUP BY ALL ORDER BY 1, n_moves DESC, activity, deviation""")

    # ------------------------------------------------------------------ export
    def table(self, name: TableName = "activities") -> pd.DataFrame:
        """One of the tables by name: activities, cases, variants, periods (monthly) or fallbacks."""
        if name not in _TABLES:
            raise InvalidParameterError(f"table must be one of {list(_TABLES)}. Got {name!r} instead.",
                                        field="table")
        return self.by_period() if name == "periods" else getattr(self, name)

    def _export(self, name: TableName) -> pa.Table:
        data = pa.Table.from_pandas(self.table(name), preserve_index=False)
        if "activities" in data.column_names:  # a variant's sequence as one readable text cell
            i = data.column_names.index("activities")
            data = data.set_column(i, "activities", pc.binary_join(data.column("activities"), " -> "))
        return data

    def to_csv(self, path: str | Path, table: TableName = "activities", *, delimiter: str = ",") -> Path:
        """Write a table (default: deviations per activity) to CSV, safe against formula injection."""
        from sagsflow.ingest.export import write_csv

        return write_csv(self._export(table), path, delimiter=delimiter)

    def to_excel(self, path: str | Path, table: TableName = "activities") -> Path:
        """Write a table (default: deviations per activity) to .xlsx, safe against formula injection."""
        from sagsflow.ingest.export import write_excel

        return write_excel(self._export(table), path, sheet_name=table)

    def summary(self) -> str:
        """A few lines for a terminal: fitness, fitting cases, fallbacks, label mismatches."""
        lines = [f"{self.n_cases:,} cases in {self.n_variants:,} variants checked against {self.model.source} "
                 f"in {self.seconds:.1f} s",
                 f"fitness {self.fitness:.4f} (log fitness {self.log_fitness:.4f}), "
                 f"{self.percent_fitting:.1f} % of the cases fit the model"]
        if self.n_variants_fallback:
            lines.append(f"{self.n_variants_fallback:,} variants ({self.n_cases_fallback:,} cases) ran out of "
                         "time and fell back to token-replay fitness; see .fallbacks")
        if not self.labels.ok:
            lines.append(str(self.labels))
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (f"ConformanceResult(cases={self.n_cases}, variants={self.n_variants}, "
                f"fitness={self.fitness:.4f}, fallbacks={self.n_variants_fallback})")
