"""The result type of the statistics: an immutable Arrow table with documented columns.

Every analysis returns a :class:`Table` (or a small dataclass of tables), never tuples of dicts.
A table converts with ``to_arrow()``, ``to_pandas()``, ``to_polars()`` and ``to_dict()`` (plain Python
values for the REST API), and shows itself as a preview in a terminal or in Jupyter.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from sagsflow.store.workspace import finish_pending

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl

_PREVIEW_ROWS = 10


class Table:
    """An analysis result: an Arrow table plus a few scalar facts (``meta``).

    Subclasses document their columns; they add no behaviour that hides data. Durations are in
    seconds (``*_s`` columns), shares are fractions in [0, 1].
    """

    def __init__(self, data: pa.Table, **meta: Any) -> None:
        self._data = data
        self._meta = meta

    # ----------------------------------------------------------------- access
    @property
    def columns(self) -> list[str]:
        """Column names, in order."""
        return list(self._data.column_names)

    @property
    def meta(self) -> dict[str, Any]:
        """Scalar facts about the result (totals, what was hidden or sampled)."""
        return dict(self._meta)

    def __len__(self) -> int:
        return self._data.num_rows

    def column(self, name: str) -> list[Any]:
        """One column as a Python list."""
        return self._data.column(name).to_pylist()

    def __getattr__(self, name: str) -> Any:
        meta = self.__dict__.get("_meta", {})
        if name in meta:
            return meta[name]
        raise AttributeError(f"{type(self).__name__!r} has no attribute {name!r}")

    # ----------------------------------------------------------------- conversions
    def to_arrow(self) -> pa.Table:
        """The rows as a :class:`pyarrow.Table` (no copy)."""
        return self._data

    def to_pandas(self) -> pd.DataFrame:
        """The rows as a pandas DataFrame."""
        return self._data.to_pandas()

    def to_polars(self) -> pl.DataFrame:
        """The rows as a Polars DataFrame."""
        import polars as pl

        out = pl.from_arrow(self._data)
        assert isinstance(out, pl.DataFrame)
        return out

    @property
    def nbytes(self) -> int:
        """Bytes of the rows (Arrow buffers)."""
        return int(self._data.nbytes)

    def to_dict(self, limit: int | None = None) -> dict[str, Any]:
        """``{"columns": [...], "rows": [{column: value}, ...], **meta}``; at most ``limit`` rows (the first)
        when given."""
        data = self._data if limit is None else self._data.slice(0, max(0, int(limit)))
        return {"columns": self.columns, "rows": data.to_pylist(), **self._meta}

    # ----------------------------------------------------------------- display
    def _title(self) -> str:
        facts = ", ".join(f"{k}={v!r}" for k, v in self._meta.items() if not isinstance(v, (list, dict)))
        return f"{type(self).__name__}({len(self):,} rows{', ' + facts if facts else ''})"

    def __repr__(self) -> str:
        head = self._data.slice(0, _PREVIEW_ROWS).to_pandas()
        more = "" if len(self) <= _PREVIEW_ROWS else f"\n... {len(self) - _PREVIEW_ROWS:,} more rows"
        return f"{self._title()}\n{head.to_string()}{more}"

    def _repr_html_(self) -> str:
        head = self._data.slice(0, 50).to_pandas()
        return f"<p><b>{self._title()}</b></p>" + head.to_html(index=False)


def arrow(con: Any, sql: str) -> pa.Table:
    """Run ``sql`` on a DuckDB connection and return the result as an Arrow table.

    A result an earlier ``execute()`` left unread on the connection is run to its end first
    (DuckDB refuses new work on a connection with an unfinished result).
    """
    finish_pending(con)
    return con.sql(sql).to_arrow_table()


class TableSet:
    """A result made of several named :class:`Table` parts and scalar facts (a frozen dataclass).

    ``to_dict()`` nests the parts; ``to_pandas()`` gives ``{part name: DataFrame}``.
    """

    def _parts(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}  # type: ignore[arg-type]

    def to_dict(self) -> dict[str, Any]:
        """Every part as :meth:`Table.to_dict`, and the scalar facts."""
        out: dict[str, Any] = {}
        for k, v in self._parts().items():
            out[k] = v.to_dict() if hasattr(v, "to_dict") else v
        return out

    def to_pandas(self) -> dict[str, pd.DataFrame]:
        """``{part name: DataFrame}`` for every table part."""
        return {k: v.to_pandas() for k, v in self._parts().items() if isinstance(v, Table)}

    def __repr__(self) -> str:
        parts = self._parts()
        facts = ", ".join(f"{k}={v!r}" for k, v in parts.items() if not isinstance(v, (Table, TableSet)))
        body = "\n".join(f"-- {k}: {v!r}" for k, v in parts.items() if isinstance(v, (Table, TableSet)))
        return f"{type(self).__name__}({facts})\n{body}"

    def _repr_html_(self) -> str:
        parts = self._parts()
        facts = ", ".join(f"{k}={v!r}" for k, v in parts.items() if not isinstance(v, (Table, TableSet)))
        html = [f"<p><b>{type(self).__name__}</b> {facts}</p>"]
        html += [f"<h4>{k}</h4>{v._repr_html_()}" for k, v in parts.items() if isinstance(v, (Table, TableSet))]
        return "".join(html)
