"""The query layer: SQL the data plane writes once and runs on DuckDB (and, later, other engines).

Today it holds the one place where identifiers and literals are quoted (:mod:`sagsflow.query.quote`); see
``docs/design/query-layer.md`` for the plan and the measurements behind it.
"""

from sagsflow.query.quote import ident, literal, string_list

__all__ = ["ident", "literal", "string_list"]
