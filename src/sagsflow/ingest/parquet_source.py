"""Read a Parquet file into DuckDB as it is: typed columns, plus the row number in the file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from sagsflow.errors import Location, LogFormatError, UnsafeInputError
from sagsflow.i18n import _, ngettext
from sagsflow.ingest.limits import Limits, check_columns, check_file_size
from sagsflow.ingest.sources import (
    ROW_COLUMN,
    Progress,
    SourceInfo,
    clean_column_names,
    create_numbered,
    describe,
    drop_table,
    hash_file,
    quote_ident,
    report,
    sql_string,
)

__all__ = ["load_parquet"]

_GRACE_BYTES = 64 * 1024 * 1024


def load_parquet(
    con: duckdb.DuckDBPyConnection,
    path: str | Path,
    table: str,
    *,
    limits: Limits | None = None,
    progress: Progress | None = None,
) -> SourceInfo:
    """Load a Parquet file as the TEMP view (or table) ``table``, keeping its types, plus ``__row``.

    The view reads the file on every use: keep the file until the import is done. Drop it with
    :func:`sagsflow.ingest.sources.drop_table`.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        Where to create the table.
    path : str or Path
        The Parquet file.
    table : str
        Name of the TEMP table to create (replaced if it exists).
    limits : Limits, optional
        Size limits; the uncompressed size recorded in the file's metadata is checked against
        ``max_decompressed_bytes`` and ``max_ratio`` before any data is read.
    progress : callable, optional
        Called as ``progress(fraction, message)``.

    Returns
    -------
    SourceInfo

    Raises
    ------
    LogFormatError
        Not a Parquet file, no rows, empty or duplicate column names.
    UnsafeInputError
        A file beyond the size limit, or one that expands beyond the decompression limits.

    Examples
    --------
    >>> import duckdb, tempfile, os, pyarrow as pa, pyarrow.parquet as pq
    >>> p = os.path.join(tempfile.mkdtemp(), "log.parquet")
    >>> pq.write_table(pa.table({"sag": ["1"], "n": [3]}), p)
    >>> con = duckdb.connect()
    >>> load_parquet(con, p, "raw").columns
    (('sag', 'VARCHAR'), ('n', 'BIGINT'))
    >>> con.sql("SELECT * FROM raw").fetchall()
    [('1', 3, 1)]
    """
    limits = limits or Limits.from_env()
    path = Path(path)
    label = path.name
    report(progress, 0.0, _("checking {file}", file=label))
    size = check_file_size(path, limits)
    try:
        meta = pq.read_metadata(path)
        schema = meta.schema.to_arrow_schema()
    except (pa.ArrowException, OSError) as exc:
        raise LogFormatError(
            f"this is not a readable Parquet file ({exc})",
            location=Location(file=label),
            hint="Check that the file was written completely, or use the reader for its real format.",
        ) from None
    check_columns(len(schema.names), label, limits)
    names = clean_column_names(schema.names, label)
    expanded = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    limit = min(limits.max_decompressed_bytes, max(max(size, 1) * limits.max_ratio, _GRACE_BYTES))
    if expanded > limit:
        raise UnsafeInputError(
            f"the file expands to {expanded:,} bytes, beyond {limit:,} bytes ({size:,} compressed bytes, "
            f"ratio limit {limits.max_ratio}): refused as a possible decompression bomb",
            location=Location(file=label),
            hint="Raise SAGSFLOW_MAX_DECOMPRESSED_BYTES or SAGSFLOW_MAX_RATIO if the file is trusted.",
        )
    if meta.num_rows == 0:
        raise LogFormatError(f"the file has columns ({', '.join(names[:12])}) but no rows",
                             location=Location(file=label))
    report(progress, 0.1, _("reading {file}", file=label))
    hashing = _hash_in_background(path)  # while DuckDB reads (it releases the GIL)
    select = ", ".join(f"{quote_ident(o)} AS {quote_ident(n)}" for o, n in zip(schema.names, names, strict=True))
    try:
        if "file_row_number" in {n.casefold() for n in schema.names}:
            create_numbered(con, table, f"SELECT {select} FROM read_parquet({sql_string(str(path))})")
        else:
            # a view, not a copy: Parquet is columnar and compressed, so the few passes of the import (samples,
            # lookups of distinct values, the one mapping statement) read the file faster than DuckDB copies it
            # into a temporary table (1M events: the copy was a tenth of the import)
            source = f"read_parquet({sql_string(str(path))}, file_row_number=true)"
            drop_table(con, table)
            con.execute(f"CREATE TEMP VIEW {quote_ident(table)} AS "
                        f"SELECT {select}, file_row_number + 1 AS {ROW_COLUMN} FROM {source}")
    except duckdb.Error as exc:
        drop_table(con, table)
        raise LogFormatError(f"cannot read the Parquet data ({str(exc).splitlines()[0]})",
                             location=Location(file=label)) from None
    n_rows, columns = describe(con, table)
    report(progress, 1.0, ngettext("read {n} row from {file}", "read {n} rows from {file}", n_rows, file=label))
    return SourceInfo(label=label, format="parquet", content_hash=hashing(), n_rows=n_rows,
                      columns=columns)


def _hash_in_background(path: Path) -> Callable[[], str]:
    """Start hashing ``path`` in a thread; the returned function waits for the digest."""
    import threading

    out: list[str] = []
    worker = threading.Thread(target=lambda: out.append(hash_file(path)), name="sagsflow-hash", daemon=True)
    worker.start()

    def result() -> str:
        worker.join()
        return out[0] if out else hash_file(path)

    return result
