"""The query layer: SQL the data plane writes once and runs on DuckDB or Apache Spark.

The one place where identifiers and literals are quoted (:mod:`sagsflow.query.quote`), the engines
(:mod:`sagsflow.query.engine`), the dialect rewrites (:mod:`sagsflow.query.dialects`) and the portable operations
(:mod:`sagsflow.query.portable`); ``docs/engines.md`` for users, ``docs/design/query-layer.md`` for the measurements
behind it.
"""

from sagsflow.query.quote import ident, literal, string_list

__all__ = ["ident", "literal", "string_list"]
