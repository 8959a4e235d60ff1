"""Portable SQL: written once in DuckDB's dialect, run by any engine sqlglot can write for.

The data plane's portable queries are DuckDB SQL. :func:`transpile` turns one into another engine's dialect with
sqlglot, and first rewrites the constructs whose plain transpilation would silently change the answer (found by
running the contract tests on Spark, ``tests/query/test_engines.py``):

- ``list(x ORDER BY y)`` becomes Spark's ``collect_list(x)``, which **drops the order** (a case's activity sequence
  comes out in any order); it is rewritten as the values sorted by ``y`` inside the list:
  ``transform(array_sort(collect_list(struct(y, x))), s -> s.x)``, NULL when no row is aggregated (as in DuckDB,
  where Spark would give an empty list), with a ``FILTER`` clause moved inside.
- ``percentile_cont(q) WITHIN GROUP (ORDER BY x)`` becomes ``percentile_approx``, an **approximation**; it is
  rewritten as Spark's exact ``percentile(x, q)`` (the same linear interpolation), as are ``median(x)`` and
  ``quantile_cont(x, q)``.
- ``epoch_us(t)`` (microseconds since 1970) has no Spark function of that name; it becomes ``unix_micros(t)``.
- ``hash(...)`` (DuckDB's 64-bit hash, summed into ``HUGEINT`` fingerprints of variants) has no Spark equivalent of
  that name or width: it becomes ``xxhash64(...)`` as ``DECIMAL(38, 0)``, and ``HUGEINT`` becomes ``DECIMAL(38, 0)``.
  The fingerprints differ from DuckDB's, but a query compares only fingerprints computed by the same engine.
- ``timezone(zone, t)``: an instant shown as the wall-clock time in ``zone`` (``from_utc_timestamp``), or, when
  ``t`` is cast to ``TIMESTAMP`` (a wall-clock time), the instant it is in ``zone`` (``to_utc_timestamp``); the
  Spark session's time zone must be UTC (``SparkEngine.local`` sets it).
- ``isodow(t)`` (Monday 1 ... Sunday 7) becomes ``(dayofweek(t) % 7) + 1`` in plain sqlglot, which is Monday 3 ...
  Sunday 2; DuckDB's ``dayofweek(t)``/``weekday(t)`` (Sunday 0 ... Saturday 6) become Spark's ``dayofweek`` (Sunday
  1) or ``weekday`` (Monday 0). They are rewritten as ``weekday(t) + 1`` and ``dayofweek(t) - 1``; ``extract`` of
  a day of the week likewise.
- ``regexp_replace(x, p, r, 'g')``: DuckDB writes a group in the replacement as ``\\1``, Spark (Java) as ``$1``,
  and reads ``\\1`` as a literal ``1``: the replacement is rewritten (a literal ``$`` escaped). Without the ``'g'``
  flag DuckDB replaces only the first match and Spark every one: refused (no faithful Spark form).
- ``regexp_full_match(x, p)`` (the whole value matches) has no Spark function; it becomes ``x RLIKE '^(?:p)\\z'``
  (``\\z``, not ``$``, which Java also matches before a final line break).
- ``strlen(x)`` (bytes) has no Spark function of that name; it becomes ``octet_length(x)``.
- ``greatest(x)`` / ``least(x)`` of one argument (DuckDB allows it, Spark does not) become ``x``.
- Common table expressions get names of their own (sqlglot moves every ``WITH`` to the top of a Spark statement,
  where two ``UNION`` branches that each define ``b`` would clash).

Constructs without a faithful rewrite (``list(x ORDER BY y DESC)``, DuckDB's ``QUALIFY`` written for another
engine, ...) raise :class:`NotPortableError` naming the construct, instead of running with a different meaning.

Examples
--------
>>> print(transpile("SELECT list(a ORDER BY i) AS seq FROM t GROUP BY c", "spark"))  # doctest: +ELLIPSIS
SELECT IF(COUNT(*) = 0, NULL, TRANSFORM(ARRAY_SORT(COLLECT_LIST(STRUCT(i AS k, a AS v))), s -> s.v)) AS seq FROM ...
>>> transpile("SELECT median(d) FROM t", "spark")
'SELECT PERCENTILE(d, 0.5) FROM t'
>>> transpile("SELECT 1", "duckdb")
'SELECT 1'
"""

from __future__ import annotations

import re
from collections.abc import Callable

import sqlglot
from sqlglot import exp

from sagsflow.errors import SagsflowError

__all__ = ["NotPortableError", "transpile"]


class NotPortableError(SagsflowError):
    """A query uses a construct that has no faithful form in the target engine's dialect."""


def _spark_node(sql: str) -> exp.Expr:
    return sqlglot.parse_one(sql, read="spark")


def _sql(node: exp.Expr) -> str:
    """A sub-expression of a rewritten node in Spark's dialect, itself rewritten (sqlglot's ``transform`` does not
    descend into a node's replacement, so nested constructs such as ``isodow(timezone(z, t))`` are rewritten here)."""
    return node.copy().transform(_to_spark, copy=False).sql("spark")


def _ordered_list(agg: exp.ArrayAgg, where: exp.Expr | None) -> exp.Expr:
    """Spark's form of DuckDB's ``list(value ORDER BY key) [FILTER (WHERE where)]``: the (key, value) pairs
    collected, sorted and stripped of their keys; NULL (not an empty list) when no row is aggregated, as in DuckDB."""
    order = agg.this
    keys = order.expressions
    if len(keys) != 1 or keys[0].args.get("desc"):
        raise NotPortableError(
            f"an ordered list with other than one ascending key has no faithful Spark form: {agg.sql('duckdb')}")
    value, key = _sql(order.this), _sql(keys[0].this)
    flt = f" FILTER (WHERE {_sql(where)})" if where is not None else ""
    return _spark_node(f"IF(COUNT(*){flt} = 0, NULL, "
                       f"TRANSFORM(ARRAY_SORT(COLLECT_LIST(STRUCT({key} AS k, {value} AS v)){flt}), s -> s.v))")


def _name(node: exp.Expr) -> str:
    """A function node's DuckDB name, lower case (sqlglot's class name for the ones it knows)."""
    if isinstance(node, exp.Anonymous):
        return str(node.this).lower()
    return "regexp_full_match" if isinstance(node, exp.RegexpFullMatch) else node.key


def _regexp_replace(node: exp.RegexpReplace) -> exp.Expr:
    """Spark's form of DuckDB's ``regexp_replace(x, pattern, replacement, 'g')``: groups in the replacement as
    ``$n`` (Java) instead of ``\\n`` (RE2), a literal ``$`` escaped; every match replaced, as with ``'g'``."""
    flags = node.args.get("modifiers")
    replacement = node.args.get("replacement")
    if not isinstance(flags, exp.Literal) or "g" not in flags.this or set(flags.this) - {"g"}:
        raise NotPortableError("regexp_replace without exactly the 'g' flag (DuckDB replaces the first match only, "
                               f"or with other options) has no faithful Spark form: {node.sql('duckdb')}")
    if not isinstance(replacement, exp.Literal):
        raise NotPortableError(f"regexp_replace needs a literal replacement to be rewritten: {node.sql('duckdb')}")
    java = re.sub(r"\\(\d)|\$", lambda m: f"${m[1]}" if m[1] else "\\$", replacement.this)
    args = ", ".join([_sql(node.this), _sql(node.expression), exp.Literal.string(java).sql("spark")])
    return _spark_node(f"REGEXP_REPLACE({args})")


def _to_spark(node: exp.Expr) -> exp.Expr:
    """Rewrite one node whose plain Spark transpilation would change the answer."""
    if isinstance(node, exp.Filter) and isinstance(node.this, exp.ArrayAgg) and isinstance(node.this.this, exp.Order):
        return _ordered_list(node.this, node.expression.this)
    if isinstance(node, exp.ArrayAgg) and isinstance(node.this, exp.Order):
        return _ordered_list(node, None)
    if isinstance(node, exp.WithinGroup) and isinstance(node.this, exp.PercentileCont):
        keys = node.expression.expressions if isinstance(node.expression, exp.Order) else []
        if len(keys) != 1 or keys[0].args.get("desc"):
            raise NotPortableError(f"percentile_cont needs one ascending ORDER BY key: {node.sql('duckdb')}")
        return _spark_node(f"PERCENTILE({_sql(keys[0].this)}, {_sql(node.this.this)})")
    if isinstance(node, exp.PercentileCont) and node.expression is not None:  # quantile_cont(x, q)
        return _spark_node(f"PERCENTILE({_sql(node.this)}, {_sql(node.expression)})")
    if isinstance(node, exp.Median):
        return _spark_node(f"PERCENTILE({_sql(node.this)}, 0.5)")
    if isinstance(node, exp.Anonymous) and str(node.this).lower() == "epoch_us":
        return _spark_node(f"UNIX_MICROS({_sql(node.expressions[0])})")
    if isinstance(node, exp.Anonymous) and str(node.this).lower() == "hash":
        args = ", ".join(_sql(a) for a in node.expressions)
        return _spark_node(f"CAST(XXHASH64({args}) AS DECIMAL(38, 0))")
    if isinstance(node, exp.DataType) and node.this in (exp.DataType.Type.INT128, exp.DataType.Type.UINT128):
        return exp.DataType.build("DECIMAL(38, 0)")
    if isinstance(node, exp.Anonymous) and str(node.this).lower() == "timezone" and len(node.expressions) == 2:
        zone, value = node.expressions
        local = isinstance(value, exp.Cast) and value.to.this in (exp.DataType.Type.TIMESTAMP,
                                                                   exp.DataType.Type.TIMESTAMPNTZ)
        fn = "TO_UTC_TIMESTAMP" if local else "FROM_UTC_TIMESTAMP"
        return _spark_node(f"{fn}({_sql(value)}, {_sql(zone)})")
    if isinstance(node, exp.DayOfWeekIso):
        return _spark_node(f"(WEEKDAY({_sql(node.this)}) + 1)")
    if isinstance(node, exp.DayOfWeek) or (isinstance(node, exp.Anonymous) and str(node.this).lower() == "weekday"):
        arg = node.this if isinstance(node, exp.DayOfWeek) else node.expressions[0]
        return _spark_node(f"(DAYOFWEEK({_sql(arg)}) - 1)")
    if isinstance(node, exp.Extract) and node.this.name.lower() in ("isodow", "dow", "dayofweek", "weekday"):
        arg = _sql(node.expression)
        iso = node.this.name.lower() == "isodow"
        return _spark_node(f"(WEEKDAY({arg}) + 1)" if iso else f"(DAYOFWEEK({arg}) - 1)")
    if isinstance(node, exp.RegexpReplace):
        return _regexp_replace(node)
    if isinstance(node, exp.Anonymous) and _name(node) == "strlen" and len(node.expressions) == 1:
        return _spark_node(f"OCTET_LENGTH({_sql(node.expressions[0])})")
    if isinstance(node, exp.RegexpFullMatch | exp.Anonymous) and _name(node) == "regexp_full_match":
        operands = [node.this, node.expression] if isinstance(node, exp.RegexpFullMatch) else node.expressions
        pattern = operands[1] if len(operands) == 2 else None
        if not isinstance(pattern, exp.Literal) or node.args.get("options") is not None:
            raise NotPortableError(f"regexp_full_match needs a literal pattern and no options: {node.sql('duckdb')}")
        whole = exp.Literal.string(f"^(?:{pattern.this})\\z").sql("spark")
        return _spark_node(f"({_sql(operands[0])} RLIKE {whole})")
    if isinstance(node, exp.Greatest | exp.Least) and not node.expressions:  # DuckDB allows one argument
        return node.this.transform(_to_spark)
    if isinstance(node, exp.Select) and node.args.get("qualify") is not None:
        raise NotPortableError("QUALIFY is DuckDB's: filter on the window in an outer query instead")
    return node


def _unique_ctes(tree: exp.Expr) -> None:
    """Give every common table expression a name of its own (``b`` -> ``b__2``), in place.

    sqlglot writes Spark SQL with every ``WITH`` moved to the top of the statement; two branches of a ``UNION`` that
    each define ``b`` would then define it twice, which Spark refuses. Renamed innermost first, so a reference is
    renamed by the scope that defines it; a reference without an alias keeps the old name as its alias, so that
    columns qualified by it still resolve.
    """
    withs = sorted(tree.find_all(exp.With), key=lambda w: -w.depth)
    for n, with_ in enumerate(withs):
        scope = with_.parent
        if scope is None:
            continue
        for cte in with_.expressions:
            old = cte.alias_or_name
            new = f"{old}__{n}"
            for table in scope.find_all(exp.Table):
                if not table.db and table.name == old and table.find_ancestor(exp.CTE) is not cte:
                    alias = table.alias or old
                    table.replace(exp.to_table(new).as_(alias))
            cte.set("alias", exp.TableAlias(this=exp.to_identifier(new)))


def transpile(sql: str, dialect: str, *, tables: Callable[[str, str], str] | None = None) -> str:
    """``sql`` (DuckDB's dialect) written in ``dialect`` with the same meaning.

    Parameters
    ----------
    sql : str
        A query in DuckDB's dialect, naming a log's tables as the workspace does (``log_<name>.events``).
    dialect : str
        A sqlglot dialect name (``"spark"``, ``"duckdb"`` ...).
    tables : callable, optional
        ``tables(schema, table)`` gives the name another engine knows a table by (or returns it unchanged);
        applied to every table the query reads that has a schema.

    Raises
    ------
    NotPortableError
        When the query uses a construct with no faithful form in ``dialect``.
    """
    if dialect == "duckdb" and tables is None:
        return sql
    tree = sqlglot.parse_one(sql, read="duckdb")
    if tables is not None:
        for table in tree.find_all(exp.Table):
            if table.db:
                table.replace(exp.to_table(tables(table.db, table.name)).as_(table.alias_or_name))
    if dialect in ("spark", "databricks"):
        tree = tree.transform(_to_spark, copy=False)
        _unique_ctes(tree)
    return tree.sql(dialect=dialect)
