"""Exports to CSV and Excel that are safe against formula injection.

A spreadsheet treats a cell that starts with ``=``, ``+``, ``-`` or ``@`` (also after leading
whitespace, and a cell starting with TAB or CR) as a formula, so an activity label or free-text note
such as ``=HYPERLINK("http://evil", "klik")`` would run when a caseworker opens the export. Following
OWASP's advice, such text cells get a leading apostrophe; numbers, dates and other typed cells are
left alone. Column names are treated the same way. Removing the one added apostrophe gives back the
original text.

The check runs set-based on Arrow batches (``pyarrow.compute``, RE2), never per cell in Python;
only the Excel writer, which has to, writes cell by cell.
"""

from __future__ import annotations

import codecs
import os
import re
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import openpyxl
import pyarrow as pa
import pyarrow.compute as pc

from sagsflow.errors import InvalidParameterError
from sagsflow.ingest.sources import sql_string

__all__ = ["FORMULA_PATTERN", "safe_cell", "write_csv", "write_excel"]

#: characters that start a formula (with their full-width forms, which some spreadsheets accept)
_TRIGGERS = "=+@\uff1d\uff0b\uff20\uff0d\\-"
#: whitespace a spreadsheet may skip before a formula
_SPACE = " \t\n\r\f\v\u0085\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff"
#: a text cell that a spreadsheet could read as a formula (Python ``re`` and RE2 read it alike)
FORMULA_PATTERN = f"^(?:[\t\r]|[{_SPACE}]*[{_TRIGGERS}])"
_FORMULA = re.compile(FORMULA_PATTERN)
#: characters an .xlsx file cannot hold (openpyxl refuses them)
_XLSX_ILLEGAL = "[\x00-\x08\x0b\x0c\x0e-\x1f]"
_XLSX_MAX_ROWS = 1_048_576
_XLSX_MAX_TEXT = 32_767
_EXCEL_TIMEZONE = "Europe/Copenhagen"
_BATCH_ROWS = 128 * 1024

Data = Any  # pa.Table | pd.DataFrame | duckdb.DuckDBPyRelation | pa.RecordBatchReader


def safe_cell(value: object) -> object:
    """Neutralise one cell: text that a spreadsheet would run as a formula gets a leading apostrophe.

    Examples
    --------
    >>> safe_cell("=1+1"), safe_cell("  @SUM(A1)"), safe_cell("Første samtale"), safe_cell(-5)
    ("'=1+1", "'  @SUM(A1)", 'Første samtale', -5)
    """
    if isinstance(value, str) and _FORMULA.match(value):
        return "'" + value
    return value


def write_csv(data: Data, path: str | Path, *, delimiter: str = ",", encoding: str = "utf-8-sig") -> Path:
    """Write a table to CSV with every text cell and column name made formula-safe.

    Parameters
    ----------
    data : pyarrow.Table, pandas.DataFrame or duckdb.DuckDBPyRelation
        What to write (a ``pyarrow.RecordBatchReader`` is streamed as well).
    path : str or Path
        The file to write; replaced atomically.
    delimiter : str, default ","
        Field delimiter (``;`` suits Danish Excel).
    encoding : str, default "utf-8-sig"
        UTF-8 with a byte-order mark, so Excel shows æøå correctly; any Python codec name works.

    Returns
    -------
    Path

    Examples
    --------
    >>> import pyarrow as pa, tempfile, os
    >>> p = write_csv(pa.table({"note": ["=1+1", "ok"]}), os.path.join(tempfile.mkdtemp(), "x.csv"))
    >>> p.read_text(encoding="utf-8-sig")
    "note\\n'=1+1\\nok\\n"
    """
    path = Path(path)
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        raise InvalidParameterError(f"unknown encoding {encoding!r}", field="encoding",
                                    hint="Use 'utf-8-sig' (for Excel), 'utf-8' or 'cp1252'.") from None
    if len(delimiter) != 1:
        raise InvalidParameterError(f"delimiter must be a single character. Got {delimiter!r} instead.",
                                    field="delimiter")
    source = _as_reader(data)
    reader = _safe_reader(source, excel=False)
    with tempfile.TemporaryDirectory(prefix=".sagsflow-", dir=path.parent) as tmp:
        written = Path(tmp) / "out.csv"
        con = duckdb.connect()
        try:
            con.execute("SET TimeZone = 'UTC'")
            con.register("sf_export", reader)
            con.execute(f"COPY (SELECT * FROM sf_export) TO {sql_string(str(written))} "
                        f"(FORMAT csv, HEADER, DELIMITER {sql_string(delimiter)})")
        finally:
            con.close()
            source.close()  # a half-read DuckDB result would block the caller's connection
        final = Path(tmp) / "final.csv"
        if codec == "utf-8":
            final = written
        else:
            _recode(written, final, codec, encoding)
        os.replace(final, path)
    return path


def write_excel(data: Data, path: str | Path, *, sheet_name: str = "data") -> Path:
    """Write a table to an .xlsx workbook with every text cell and column name made formula-safe.

    Date-times with a time zone are written as Europe/Copenhagen local time (Excel has no time
    zones); characters an .xlsx file cannot hold (control characters) are removed, and text longer
    than Excel's 32,767-character cell limit is cut.

    Parameters
    ----------
    data : pyarrow.Table, pandas.DataFrame or duckdb.DuckDBPyRelation
        What to write; at most 1,048,575 rows (one sheet).
    path : str or Path
        The workbook to write; replaced atomically.
    sheet_name : str, default "data"
        Name of the sheet (1-31 characters, none of ``[]:*?/\\``).

    Returns
    -------
    Path
    """
    path = Path(path)
    if not 1 <= len(sheet_name) <= 31 or re.search(r"[\[\]:*?/\\]", sheet_name) or sheet_name.startswith("'"):
        raise InvalidParameterError(
            f"sheet_name must be 1-31 characters without []:*?/\\ and not start with an apostrophe. "
            f"Got {sheet_name!r} instead.",
            field="sheet_name",
        )
    source = _as_reader(data)
    reader = _safe_reader(source, excel=True)
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name)
    sheet.append(reader.schema.names)
    n_rows = 0
    try:
        for batch in reader:
            n_rows += batch.num_rows
            if n_rows >= _XLSX_MAX_ROWS:
                raise InvalidParameterError(
                    f"the data has more than {_XLSX_MAX_ROWS - 1:,} rows, more than one Excel sheet holds",
                    hint="Filter the data first, or export it with write_csv.",
                )
            columns = [col.to_pylist() for col in batch.columns]
            for row in zip(*columns, strict=True):
                sheet.append([_excel_value(v) for v in row])
    finally:
        source.close()
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        workbook.save(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def _as_reader(data: Data) -> pa.RecordBatchReader:
    if isinstance(data, pa.RecordBatchReader):
        return data
    if isinstance(data, pa.Table):
        return data.to_reader(max_chunksize=_BATCH_ROWS)
    if isinstance(data, duckdb.DuckDBPyRelation):
        return data.to_arrow_reader(_BATCH_ROWS)
    if type(data).__module__.startswith("pandas") and hasattr(data, "columns"):
        return pa.Table.from_pandas(data, preserve_index=False).to_reader(max_chunksize=_BATCH_ROWS)
    if type(data).__module__.startswith("polars") and hasattr(data, "to_arrow"):
        return data.to_arrow().to_reader(max_chunksize=_BATCH_ROWS)
    raise InvalidParameterError(
        f"data must be a pyarrow Table, a pandas DataFrame or a DuckDB relation. Got {type(data).__name__} "
        "instead.",
        field="data",
    )


def _is_text(t: pa.DataType) -> bool:
    return pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t)


def _safe_type(t: pa.DataType, excel: bool) -> pa.DataType:
    if pa.types.is_dictionary(t) and _is_text(t.value_type):
        return pa.large_string()
    if _is_text(t):
        return pa.large_string()
    if excel and pa.types.is_timestamp(t):
        return pa.timestamp("us")
    return t


def _safe_column(col: pa.Array, excel: bool) -> pa.Array:
    t = col.type
    if pa.types.is_dictionary(t) and _is_text(t.value_type):
        col = col.dictionary_decode()
        t = col.type
    if _is_text(t):
        col = col.cast(pa.large_string())
        if excel:
            col = pc.replace_substring_regex(col, _XLSX_ILLEGAL, "")
            col = pc.utf8_slice_codeunits(col, 0, _XLSX_MAX_TEXT - 1)
        risky = pc.match_substring_regex(col, FORMULA_PATTERN)
        return pc.if_else(risky, pc.binary_join_element_wise(
            pa.scalar("'", pa.large_string()), col, pa.scalar("", pa.large_string())
        ), col)
    if excel and pa.types.is_timestamp(t):
        if t.tz is not None:
            col = pc.local_timestamp(col.cast(pa.timestamp(t.unit, _EXCEL_TIMEZONE)))
        return col.cast(pa.timestamp("us"), safe=False)
    return col


def _safe_reader(reader: pa.RecordBatchReader, *, excel: bool) -> pa.RecordBatchReader:
    """The same batches with text columns and column names made formula-safe."""
    names = []
    for name in reader.schema.names:
        clean = re.sub(_XLSX_ILLEGAL, "", name) if excel else name
        names.append(str(safe_cell(clean)))
    schema = pa.schema([pa.field(n, _safe_type(f.type, excel)) for n, f in zip(names, reader.schema, strict=True)])

    def batches() -> Iterator[pa.RecordBatch]:
        for batch in reader:
            columns = [_safe_column(c, excel) for c in batch.columns]
            yield pa.RecordBatch.from_arrays(columns, schema=schema)

    return pa.RecordBatchReader.from_batches(schema, batches())


def _excel_value(value: object) -> object:
    if isinstance(value, list | dict | tuple | bytes):
        return safe_cell(str(value))
    return value


def _recode(src: Path, dst: Path, codec: str, encoding: str) -> None:
    """Stream a UTF-8 file into ``codec``; refuse text the codec cannot hold, naming it."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    encoder = codecs.getincrementalencoder(codec)("strict")
    with open(src, "rb") as f, open(dst, "wb") as out:
        while True:
            chunk = f.read(8 * 1024 * 1024)
            text = decoder.decode(chunk, final=not chunk)
            try:
                out.write(encoder.encode(text, final=not chunk))
            except UnicodeEncodeError as exc:
                bad = exc.object[exc.start : exc.end]
                context = exc.object[max(0, exc.start - 20) : exc.end + 20]
                raise InvalidParameterError(
                    f"the text {bad!r} (in {context!r}) cannot be written in {encoding}",
                    field="encoding",
                    hint="Use encoding='utf-8-sig', which holds every character and opens correctly in Excel.",
                ) from None
            if not chunk:
                break
