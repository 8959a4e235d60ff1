"""Read one sheet of an Excel workbook (.xlsx) into DuckDB, keeping cell types.

Reading uses python-calamine (Rust, fast). The first row of the used range is the header. Dates and
date-times come out typed; numbers stored as numbers stay numbers (an Excel serial date typed as a
plain number stays a number: the mapping step parses it); whole-number columns become BIGINT; a
column mixing types becomes text. Fully blank rows are skipped, but ``__row`` keeps each record's
position below the header, so it still matches the sheet.
"""

from __future__ import annotations

import uuid
import zipfile
from collections.abc import Sequence
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import python_calamine

from sagsflow.errors import Location, LogFormatError, UnsafeInputError
from sagsflow.i18n import _, ngettext
from sagsflow.ingest.limits import Limits, check_file_size
from sagsflow.ingest.sources import (
    ROW_COLUMN,
    Progress,
    SourceInfo,
    clean_column_names,
    column_to_arrow,
    describe,
    drop_table,
    hash_file,
    quote_ident,
    report,
)

__all__ = ["load_excel"]

_REFUSED = {
    ".xls": "an old binary Excel .xls workbook",
    ".xlsb": "a binary Excel .xlsb workbook",
    ".ods": "an OpenDocument spreadsheet",
    ".numbers": "an Apple Numbers spreadsheet",
}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_GRACE_BYTES = 64 * 1024 * 1024


def load_excel(
    con: duckdb.DuckDBPyConnection,
    path: str | Path,
    table: str,
    *,
    sheet: str | int | None = None,
    limits: Limits | None = None,
    progress: Progress | None = None,
) -> SourceInfo:
    """Load one sheet of an .xlsx workbook into the TEMP table ``table``, typed, plus ``__row``.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        Where to create the table.
    path : str or Path
        The workbook (.xlsx or .xlsm; macros are never run).
    table : str
        Name of the TEMP table to create (replaced if it exists).
    sheet : str or int, optional
        Sheet name, or 0-based position; the first sheet when not given.
    limits : Limits, optional
        Size and decompression limits (default: :meth:`Limits.from_env`).
    progress : callable, optional
        Called as ``progress(fraction, message)``.

    Returns
    -------
    SourceInfo

    Raises
    ------
    LogFormatError
        Not an .xlsx workbook (.xls, .xlsb, .ods, a renamed file), a missing sheet (the message lists
        the sheets), an empty sheet, a header without rows, empty or duplicate column names.
    UnsafeInputError
        A file beyond the size limit, or one that expands beyond the decompression limits.

    Examples
    --------
    >>> import duckdb, tempfile, os, openpyxl
    >>> p = os.path.join(tempfile.mkdtemp(), "log.xlsx")
    >>> wb = openpyxl.Workbook(); wb.active.append(["sag", "aktivitet"]); wb.active.append([7, "Start"])
    >>> wb.save(p)
    >>> con = duckdb.connect()
    >>> load_excel(con, p, "raw").columns
    (('sag', 'BIGINT'), ('aktivitet', 'VARCHAR'))
    """
    limits = limits or Limits.from_env()
    path = Path(path)
    label = path.name
    suffix = path.suffix.lower()
    if suffix in _REFUSED:
        raise LogFormatError(
            f"this is {_REFUSED[suffix]}; only .xlsx workbooks are read",
            location=Location(file=label),
            hint="Save it as .xlsx (Excel: File > Save As > Excel Workbook) or as CSV.",
        )
    report(progress, 0.0, _("checking {file}", file=label))
    check_file_size(path, limits)
    _check_zip(path, label, limits)
    report(progress, 0.1, _("reading {file}", file=label))
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.CalamineError as exc:
        raise LogFormatError(f"cannot read the workbook ({exc})", location=Location(file=label)) from None
    name = _pick_sheet(workbook.sheet_names, sheet, label)
    try:
        rows = workbook.get_sheet_by_name(name).to_python()
    except python_calamine.CalamineError as exc:
        raise LogFormatError(f"cannot read the sheet {name!r} ({exc})", location=Location(file=label)) from None
    report(progress, 0.6, _("typing the columns of {file}", file=label))
    data = _to_arrow(rows, label, name)
    view = f"sf_excel_{uuid.uuid4().hex[:12]}"
    con.register(view, data)
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {quote_ident(table)} AS SELECT * FROM {view}")
    except duckdb.Error:
        drop_table(con, table)
        raise
    finally:
        con.unregister(view)
    n_rows, columns = describe(con, table)
    report(progress, 1.0, ngettext("read {n} row from {file}, sheet {sheet}",
                                        "read {n} rows from {file}, sheet {sheet}", n_rows, file=label,
                                        sheet=repr(name)))
    return SourceInfo(label=label, format="excel", content_hash=hash_file(path), n_rows=n_rows,
                      columns=columns, sheet=name)


def _check_zip(path: Path, label: str, limits: Limits) -> None:
    """Refuse files that are not .xlsx (zip) workbooks, and zip bombs, before reading."""
    with open(path, "rb") as f:
        head = f.read(8)
    if head.startswith(_OLE_MAGIC):
        raise LogFormatError(
            "this is an old binary .xls file or a password-protected workbook, not an .xlsx workbook",
            location=Location(file=label),
            hint="Open it in Excel, remove any password and save it as .xlsx (Excel Workbook).",
        )
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except zipfile.BadZipFile:
        raise LogFormatError(
            "this is not an .xlsx workbook (it is not a ZIP archive)",
            location=Location(file=label),
            hint="A CSV or text file renamed to .xlsx is read with read_csv.",
        ) from None
    if not any(i.filename == "xl/workbook.xml" for i in infos):
        raise LogFormatError(
            "this is not an .xlsx workbook (the archive has no xl/workbook.xml)",
            location=Location(file=label),
            hint="Save it from Excel as .xlsx (Excel Workbook).",
        )
    compressed = max(path.stat().st_size, 1)
    expanded = sum(i.file_size for i in infos)
    limit = min(limits.max_decompressed_bytes, max(compressed * limits.max_ratio, _GRACE_BYTES))
    if expanded > limit:
        raise UnsafeInputError(
            f"the workbook expands to {expanded:,} bytes, beyond {limit:,} bytes ({compressed:,} compressed "
            f"bytes, ratio limit {limits.max_ratio}): refused as a possible decompression bomb",
            location=Location(file=label),
            hint="Raise SAGSFLOW_MAX_DECOMPRESSED_BYTES or SAGSFLOW_MAX_RATIO if the file is trusted.",
        )


def _pick_sheet(names: list[str], sheet: str | int | None, label: str) -> str:
    listed = ", ".join(repr(n) for n in names)
    if sheet is None:
        if not names:
            raise LogFormatError("the workbook has no sheets", location=Location(file=label))
        return names[0]
    if isinstance(sheet, int) and not isinstance(sheet, bool):
        if not 0 <= sheet < len(names):
            raise LogFormatError(
                f"there is no sheet number {sheet} (0-based); the workbook has {len(names)}: {listed}",
                location=Location(file=label),
            )
        return names[sheet]
    if sheet not in names:
        raise LogFormatError(f"there is no sheet {sheet!r}; the sheets are {listed}",
                             location=Location(file=label), hint="Give one of these names, or a 0-based number.")
    return str(sheet)


def _blank(value: object) -> bool:
    return value is None or value == ""


def _to_arrow(rows: Sequence[Sequence[object]], label: str, sheet: str) -> pa.Table:
    if not rows or (all(_blank(v) for v in rows[0]) and len(rows) == 1):
        raise LogFormatError(f"the sheet {sheet!r} is empty", location=Location(file=label),
                             hint="Choose the sheet with the data with sheet=.")
    header, body = rows[0], rows[1:]
    width = len(header)
    while width > 0 and _blank(header[width - 1]) and all(_blank(r[width - 1]) for r in body):
        width -= 1  # formatted but unused columns at the right
    names = clean_column_names(header[:width], label, row=1)
    keep = [i for i, r in enumerate(body) if not all(_blank(v) for v in r[:width])]
    if not keep:
        raise LogFormatError(
            f"the sheet {sheet!r} has a header ({', '.join(names[:12])}) but no data rows",
            location=Location(file=label),
        )
    arrays = [_whole_numbers(column_to_arrow([None if _blank(body[i][j]) else body[i][j] for i in keep]))
              for j in range(width)]
    arrays.append(pa.array([i + 1 for i in keep], pa.int64()))
    return pa.Table.from_arrays(arrays, names=[*names, ROW_COLUMN])


def _whole_numbers(arr: pa.Array) -> pa.Array:
    """Excel stores every number as a float; a column of whole numbers becomes BIGINT."""
    if not pa.types.is_floating(arr.type) or arr.null_count == len(arr):
        return arr
    valid = arr.drop_null()
    whole = pc.all(pc.equal(valid, pc.floor(valid))).as_py()
    small = pc.max(pc.abs(valid)).as_py() < 2**53
    return arr.cast(pa.int64()) if whole and small else arr
