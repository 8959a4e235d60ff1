"""Read a delimited text file (CSV, TSV, semicolon, pipe; optionally gzip-compressed) into DuckDB.

The encoding is decided by trying strict UTF-8 over the whole file first; only a file that is not
UTF-8 anywhere is treated as a single-byte encoding (cp1252, latin-1, ...; charset-normalizer picks
which from a sample) and transcoded to a temporary UTF-8 file in streamed chunks. A file that is
UTF-8 in one place and not in another is refused as mixed encodings. The delimiter is sniffed from a
sample; the data itself is read by DuckDB's parallel CSV reader, every column as VARCHAR.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
from charset_normalizer import from_bytes

from sagsflow.errors import InvalidParameterError, Location, LogFormatError
from sagsflow.i18n import _, ngettext
from sagsflow.ingest.limits import Limits, check_columns, check_file_size, decompress_to, is_gzip
from sagsflow.ingest.sources import (
    Progress,
    SourceInfo,
    clean_column_names,
    create_numbered,
    describe,
    drop_table,
    hash_file,
    report,
    sql_string,
)

__all__ = ["load_csv"]

_CANDIDATES = (",", ";", "\t", "|")
_CHUNK = 8 * 1024 * 1024
_SAMPLE_BYTES = 1024 * 1024
_SNIFF_RECORDS = 2000
_SINGLE_BYTE = ["cp1252", "latin_1", "iso8859_15", "cp850", "cp865"]
_NAMES = {"iso8859-1": "latin-1", "iso8859-15": "iso8859-15"}
_CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")
_WINDOWS_LETTERS = re.compile(rb"[\xc5\xc6\xc9\xd8\xe5\xe6\xe9\xf8]")  # ÅÆÉØåæéø
_DOS_LETTERS = re.compile(rb"[\x82\x86\x8f\x90\x91\x92\x9b\x9d]")  # éåÅÉæÆøØ in cp850/cp865
_LOOKS_LIKE_VALUE = re.compile(r"^\s*[-+]?[\d.,:/ T-]*\d[\d.,:/ T+Z-]*\s*$")
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (an .xlsx workbook is one: read it with read_excel)"),
    (b"\xd0\xcf\x11\xe0", "an old Excel .xls or other Office file (save it as .xlsx or CSV)"),
    (b"PAR1", "a Parquet file (read it with read_parquet)"),
    (b"SQLite format 3\x00", "an SQLite database (read it with read_sql)"),
    (b"BZh", "a bzip2-compressed file (decompress it first)"),
    (b"\xfd7zXZ\x00", "an xz-compressed file (decompress it first)"),
    (b"(\xb5/\xfd", "a zstd-compressed file (decompress it first)"),
)


def load_csv(
    con: duckdb.DuckDBPyConnection,
    path: str | Path,
    table: str,
    *,
    delimiter: str | None = None,
    encoding: str | None = None,
    quotechar: str | None = '"',
    header: bool | None = True,
    limits: Limits | None = None,
    progress: Progress | None = None,
) -> SourceInfo:
    """Load a delimited text file into the TEMP table ``table``: all columns VARCHAR, plus ``__row``.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        Where to create the table.
    path : str or Path
        The file; ``.gz`` (gzip) is decompressed under the limits.
    table : str
        Name of the TEMP table to create (replaced if it exists).
    delimiter : str, optional
        Field delimiter; sniffed among ``,`` ``;`` tab and ``|`` when not given.
    encoding : str, optional
        Text encoding; detected when not given (UTF-8 with or without BOM, UTF-16 with BOM, cp1252,
        latin-1 and other single-byte encodings).
    quotechar : str or None, default '"'
        Quote character (doubled inside a quoted value); ``None`` for no quoting.
    header : bool or None, default True
        Whether the first record holds the column names; ``None`` to guess. Without a header the
        columns are named ``column1``, ``column2``, ...
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
        Empty file, header only, a binary file, mixed encodings, an undetectable delimiter, a record
        with the wrong number of fields or an unclosed quote (the message names the line).
    UnsafeInputError
        A file beyond the size limit or a decompression bomb.

    Examples
    --------
    >>> import duckdb, tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "events.csv")
    >>> _ = open(p, "w", encoding="cp1252").write("sag;aktivitet\\n1;Første samtale\\n")
    >>> con = duckdb.connect()
    >>> info = load_csv(con, p, "raw")
    >>> info.encoding, info.delimiter, info.n_rows
    ('cp1252', ';', 1)
    >>> con.sql("SELECT * FROM raw").fetchall()
    [('1', 'Første samtale', 1)]
    """
    limits = limits or Limits.from_env()
    path = Path(path)
    label = path.name
    if delimiter is not None and len(delimiter) != 1:
        raise InvalidParameterError(f"delimiter must be a single character. Got {delimiter!r} instead.",
                                    field="delimiter")
    report(progress, 0.0, _("checking {file}", file=label))
    check_file_size(path, limits)
    with tempfile.TemporaryDirectory(prefix="sagsflow-csv-") as tmp:
        content_hash: str | None = None
        text_path = path
        if is_gzip(path):
            report(progress, 0.02, _("decompressing {file}", file=label))
            content_hash = hash_file(path)
            text_path = decompress_to(path, Path(tmp) / "decompressed.csv", limits)
        report(progress, 0.1, _("detecting the encoding of {file}", file=label))

        notes: list[str] = []

        def read(utf8_path: Path) -> tuple[list[str], str, bool]:
            report(progress, 0.5, _("detecting the delimiter of {file}", file=label))
            sample, truncated = _read_sample(utf8_path)
            if not sample.strip():
                raise LogFormatError("the file is empty", location=Location(file=label),
                                     hint="Export the data again; the file has no header and no rows.")
            delim = delimiter or _sniff_delimiter(sample, quotechar, truncated, label)
            records = _parse(sample, delim, quotechar, truncated, limit=_SNIFF_RECORDS)
            has_header = header if header is not None else len(records) < 2 or not any(
                not f.strip() or _LOOKS_LIKE_VALUE.match(f) for f in records[0]
            )
            check_columns(len(records[0]), label, limits)
            if has_header:
                names = clean_column_names(records[0], label, line=1)
            else:
                names = [f"column{i + 1}" for i in range(len(records[0]))]
            notes[:] = _trailing_delimiter_note(records[1:] if has_header else records, len(names), has_header, label)
            report(progress, 0.55, _("reading {file}", file=label))
            _read_into(con, utf8_path, table, label, names, delim, quotechar, has_header, limits.max_line_bytes)
            return names, delim, has_header

        scan = _ScanInBackground(text_path) if _looks_utf8(text_path, encoding) else None
        try:
            if scan is None:
                raise _NotUtf8
            # the common case, a UTF-8 file: DuckDB reads it while a thread checks every byte and hashes it
            enc = "utf-8-sig" if _has_bom(text_path) else "utf-8"
            try:
                names, delim, header = read(text_path)
            except LogFormatError:
                if scan.result().bad_offset is None:
                    raise  # a real problem of the file, not its encoding
                raise _NotUtf8 from None
            found = scan.result()
            if found.bad_offset is not None:
                drop_table(con, table)
                raise _NotUtf8
            content_hash = content_hash or found.sha256
        except _NotUtf8:  # detect the encoding first (and refuse mixed encodings), then read
            if scan is not None:
                scan.result()
            enc, utf8_path, digest = _to_utf8(text_path, label, encoding, Path(tmp), progress)
            content_hash = content_hash or digest
            names, delim, header = read(utf8_path)
    n_rows, columns = describe(con, table)
    if n_rows == 0:
        drop_table(con, table)
        raise LogFormatError(
            f"the file has a header ({', '.join(names[:12])}) but no data rows",
            location=Location(file=label),
            hint="Check that the export finished and selected any rows.",
        )
    report(progress, 1.0, ngettext("read {n} row from {file}", "read {n} rows from {file}", n_rows, file=label))
    return SourceInfo(label=label, format="csv", content_hash=content_hash, n_rows=n_rows, columns=columns,
                      encoding=enc, delimiter=delim, notes=tuple(notes), first_line=2 if header else 1)


def _trailing_delimiter_note(records: list[list[str]], width: int, header: bool, label: str) -> list[str]:
    """A note when records of the sniffed head end with one extra, empty field (a delimiter at the end of the line).

    DuckDB's CSV reader ignores such a field (the values before it are read into the right columns); any other
    extra field is an error naming the line. The note names the first such line of the head.

    Examples
    --------
    >>> _trailing_delimiter_note([["a", "b"], ["c", "d", ""]], 2, True, "x.csv")[0][:76]
    'x.csv: 1 of the first 2 data lines end with an extra empty field after the l'
    """
    hits = [i for i, r in enumerate(records) if len(r) == width + 1 and not r[-1].strip()]
    if not hits:
        return []
    first = hits[0] + (2 if header else 1)
    return [_("{file}: {n} of the first {m} data lines end with an extra empty field after the last "
              "column (first: line {line}); it was ignored, as DuckDB's CSV reader does for one delimiter at the end "
              "of a line. Check the export if the columns look shifted", file=label, n=len(hits), m=len(records),
              line=first)]


# --- encoding -------------------------------------------------------------------------------------


class _NotUtf8(Exception):
    """The file is not (or may not be) UTF-8: detect its encoding before reading."""


def _has_bom(path: Path) -> bool:
    with open(path, "rb") as f:
        return f.read(3) == codecs.BOM_UTF8


def _looks_utf8(path: Path, encoding: str | None) -> bool:
    """Whether to read the file as UTF-8 at once (checked in full meanwhile): no other encoding was asked for,
    no UTF-16/32 byte-order mark, and its start is valid UTF-8 text."""
    try:
        if encoding is not None and codecs.lookup(encoding).name not in ("utf-8", "utf-8-sig"):
            return False
    except LookupError:
        return False  # the slow path names the unknown encoding
    with open(path, "rb") as f:
        head = f.read(64 * 1024)
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(head) - 3  # cut inside a character at the end of the block
    return True


class _ScanInBackground:
    """:func:`_scan_utf8` (the sha256 and the first byte that is not UTF-8) in a thread."""

    def __init__(self, path: Path) -> None:
        import threading

        self._out: list[_Scan] = []
        self._thread = threading.Thread(target=lambda: self._out.append(_scan_utf8(path)),
                                        name="sagsflow-utf8-scan", daemon=True)
        self._thread.start()
        self._path = path

    def result(self) -> _Scan:
        self._thread.join()
        return self._out[0] if self._out else _scan_utf8(self._path)


@dataclass
class _Scan:
    sha256: str
    bad_offset: int | None = None
    bad_line: int | None = None
    bad_bytes: bytes = b""
    utf8_line: int | None = None  # line of the first valid non-ASCII UTF-8 character


def _to_utf8(path: Path, label: str, encoding: str | None, tmp: Path,
             progress: Progress | None) -> tuple[str, Path, str]:
    """Decide the encoding; return it, a UTF-8 file with the same text, and the sha256 of ``path``."""
    with open(path, "rb") as f:
        head = f.read(64 * 1024)
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        enc: str | None = "utf-32"
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        enc = "utf-16"
    elif encoding is not None:
        try:
            enc = codecs.lookup(encoding).name
        except LookupError:
            raise InvalidParameterError(
                f"unknown encoding {encoding!r}",
                hint="Use a Python codec name such as 'utf-8', 'cp1252' or 'latin-1'.",
                field="encoding",
            ) from None
        enc = _NAMES.get(enc, enc)
    else:
        enc = None
    if enc is None or not enc.startswith(("utf-16", "utf-32")):
        _refuse_binary(head, label)
    if enc in (None, "utf-8", "utf-8-sig"):
        scan = _scan_utf8(path)
        if scan.bad_offset is None:
            return ("utf-8-sig" if head.startswith(codecs.BOM_UTF8) else "utf-8"), path, scan.sha256
        where = Location(file=label, line=scan.bad_line)
        found = f"found the bytes {scan.bad_bytes!r}"
        if enc is not None:
            raise LogFormatError(
                f"the file is not valid utf-8 at byte offset {scan.bad_offset} ({found})",
                location=where,
                hint="Leave out encoding= to detect the encoding, or give the encoding the file was saved in.",
            )
        if scan.utf8_line is not None:
            raise LogFormatError(
                f"the file mixes encodings: it is UTF-8 elsewhere (line {scan.utf8_line} has UTF-8 text) "
                f"but not valid UTF-8 at byte offset {scan.bad_offset} ({found}). Tried UTF-8 (fails there) "
                "and cp1252/latin-1 (would garble the UTF-8 text)",
                location=where,
                hint="Save the whole file in one encoding (UTF-8), or pass encoding='cp1252' to read it as "
                "cp1252 anyway.",
            )
        enc = _guess_single_byte(path, scan.bad_offset)
        report(progress, 0.3, _("converting {file} from {encoding} to UTF-8", file=label, encoding=enc))
        out, _size = _transcode(path, enc, tmp / "utf8.csv", label, auto=True)
        return out[0], out[1], scan.sha256
    report(progress, 0.3, _("converting {file} from {encoding} to UTF-8", file=label, encoding=enc))
    (enc, utf8), digest = _transcode(path, enc, tmp / "utf8.csv", label, auto=False)
    return enc, utf8, digest


def _refuse_binary(head: bytes, label: str) -> None:
    kind = next((k for magic, k in _MAGIC if head.startswith(magic)), None)
    if kind is None and (b"\x00" in head or _share_of_control_bytes(head) > 0.1):
        kind = ("binary data (it contains NUL or control bytes; if it is UTF-16 text without a "
                "byte-order mark, pass encoding='utf-16-le')")
    if kind is not None:
        raise LogFormatError(
            f"this is not a text file: it looks like {kind}",
            location=Location(file=label),
            hint="Give a CSV/TSV text file, or use the reader for the file's real format.",
        )


def _share_of_control_bytes(head: bytes) -> float:
    if not head:
        return 0.0
    control = sum(head.count(bytes([b])) for b in (*range(0, 9), 11, 12, *range(14, 32)))
    return control / len(head)


def _scan_utf8(path: Path) -> _Scan:
    """One pass: sha256 of the bytes, and where strict UTF-8 decoding first fails."""
    h = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    scan = _Scan(sha256="")
    pos = 0
    lines = 0
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            h.update(chunk)
            if scan.bad_offset is None:
                pending = decoder.getstate()[0]
                try:
                    text = decoder.decode(chunk)
                    if scan.utf8_line is None and not text.isascii():
                        scan.utf8_line = _first_utf8_line(chunk, lines)
                except UnicodeDecodeError as exc:
                    buf = pending + chunk
                    scan.bad_offset = pos - len(pending) + exc.start
                    scan.bad_bytes = buf[exc.start : exc.start + 4]
                    scan.bad_line = lines + buf[: exc.start].count(b"\n") + 1
                    if scan.utf8_line is None:
                        scan.utf8_line = _first_utf8_line(buf[: exc.start], lines)
                    if scan.utf8_line is None:
                        scan.utf8_line = _first_utf8_line(buf, lines, start=exc.end)
            elif scan.utf8_line is None:
                scan.utf8_line = _first_utf8_line(chunk, lines)
            lines += chunk.count(b"\n")
            pos += len(chunk)
    if scan.bad_offset is None:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:  # the file ends inside a multi-byte sequence
            scan.bad_offset, scan.bad_line = pos - len(decoder.getstate()[0]), lines + 1
            scan.bad_bytes = decoder.getstate()[0]
    scan.sha256 = h.hexdigest()
    return scan


def _first_utf8_line(buf: bytes, lines_before: int, start: int = 0) -> int | None:
    """Line of the first valid multi-byte UTF-8 sequence in ``buf[start:]``, or None."""
    at = _first_utf8_sequence(buf, start)
    return None if at is None else lines_before + buf[:at].count(b"\n") + 1


def _first_utf8_sequence(buf: bytes, start: int = 0) -> int | None:
    """Offset of the first valid multi-byte UTF-8 sequence (set-based with numpy; a regex is 10x slower)."""
    a = np.frombuffer(buf, dtype=np.uint8)[start:]
    if len(a) < 2:
        return None
    lead = (a[:-1] >= 0xC2) & (a[:-1] <= 0xF4)
    follows = (a[1:] >= 0x80) & (a[1:] <= 0xBF)
    for p in np.flatnonzero(lead & follows)[:1000].tolist():
        first = int(a[p])
        size = 2 if first < 0xE0 else 3 if first < 0xF0 else 4
        try:
            bytes(a[p : p + size]).decode("utf-8")
        except UnicodeDecodeError:
            continue
        return start + p
    return None


def _guess_single_byte(path: Path, bad_offset: int) -> str:
    """Pick a single-byte encoding for a file that is not UTF-8.

    Danish letters decide between the Windows/ISO family (æøå at 0xC5-0xF8) and the DOS code pages
    (æøå at 0x86-0x9D); charset-normalizer decides when the sample has neither. Inside the Windows
    family, bytes that cp1252 leaves undefined mean latin-1.
    """
    with open(path, "rb") as f:
        f.seek(max(0, bad_offset - 4096))
        block = f.read(_SAMPLE_BYTES)
    sample = b"\n".join(line for line in block.split(b"\n") if not line.isascii())[: 256 * 1024]
    windows, dos = len(_WINDOWS_LETTERS.findall(sample)), len(_DOS_LETTERS.findall(sample))
    if windows or dos:
        name = "cp1252" if windows >= dos else "cp865"
    else:
        best = from_bytes(sample, cp_isolation=_SINGLE_BYTE).best()
        name = codecs.lookup(best.encoding).name if best is not None else "cp1252"
        name = _NAMES.get(name, name)
    if name in ("cp1252", "latin-1"):
        name = "latin-1" if _CP1252_UNDEFINED.search(block) else "cp1252"
    return name


def _transcode(path: Path, enc: str, out: Path, label: str, *, auto: bool) -> tuple[tuple[str, Path], str]:
    """Stream ``path`` from ``enc`` to UTF-8 in ``out``; return ((encoding, out), sha256 of the source)."""
    h = hashlib.sha256()
    decoder = codecs.getincrementaldecoder(enc)("strict")
    pos = 0
    with open(path, "rb") as src, open(out, "wb") as dst:
        while True:
            chunk = src.read(_CHUNK)
            try:
                text = decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                if auto and enc == "cp1252":
                    return _transcode(path, "latin-1", out, label, auto=False)
                offset = pos + exc.start
                raise LogFormatError(
                    f"the file is not valid {enc} at byte offset {offset} "
                    f"(found the bytes {exc.object[exc.start:exc.start + 4]!r})",
                    location=Location(file=label, line=_line_at(path, offset)),
                    hint="Give the encoding the file was saved in with encoding=.",
                ) from None
            dst.write(text.lstrip("\ufeff").encode("utf-8") if pos == 0 else text.encode("utf-8"))
            if not chunk:
                break
            h.update(chunk)
            pos += len(chunk)
    return (enc, out), h.hexdigest()


def _line_at(path: Path, offset: int) -> int:
    lines = 0
    with open(path, "rb") as f:
        while offset > 0 and (chunk := f.read(min(_CHUNK, offset))):
            lines += chunk.count(b"\n")
            offset -= len(chunk)
    return lines + 1


# --- dialect --------------------------------------------------------------------------------------


def check_utf8(path: Path, label: str) -> None:
    """Raise :class:`LogFormatError` naming the line when ``path`` is not UTF-8 text throughout (one pass over the
    file), for a reader that cannot transcode as :func:`load_csv` does (Spark would replace the bytes silently)."""
    scan = _scan_utf8(path)
    if scan.bad_offset is not None:
        raise LogFormatError(f"the file is not UTF-8 text: bytes {scan.bad_bytes!r} cannot be decoded",
                             location=Location(file=label, line=scan.bad_line),
                             hint="Save it as UTF-8, or import it into a DuckDB workspace, which transcodes.")
    if not _looks_utf8(path, None):
        raise LogFormatError("the file is not UTF-8 text: it starts with a UTF-16/32 byte-order mark or holds NUL "
                             "bytes", location=Location(file=label, line=1),
                             hint="Save it as UTF-8, or import it into a DuckDB workspace, which transcodes.")


def sniff_header(path: Path, label: str, *, delimiter: str | None = None,
                 quotechar: str | None = '"') -> tuple[str, list[str]]:
    """The delimiter (``delimiter``, else detected as :func:`load_csv` detects it) and the cleaned column names of
    a UTF-8 delimited file whose first record is its header: what another reader of the file (Spark) needs to
    read it as :func:`load_csv` does."""
    sample, truncated = _read_sample(path)
    if not sample.strip():
        raise LogFormatError("the file is empty", location=Location(file=label),
                             hint="Export the data again; the file has no header and no rows.")
    delim = delimiter or _sniff_delimiter(sample, quotechar, truncated, label)
    records = _parse(sample, delim, quotechar, truncated, limit=1)
    return delim, clean_column_names(records[0], label, line=1)


def _read_sample(path: Path) -> tuple[str, bool]:
    """The first ~1 MiB of a UTF-8 file as text, cut after the last complete line; and if it was cut."""
    with open(path, "rb") as f:
        raw = f.read(_SAMPLE_BYTES + 1)
    truncated = len(raw) > _SAMPLE_BYTES
    if truncated:
        raw = raw[: raw.rfind(b"\n", 0, _SAMPLE_BYTES) + 1] or raw[:_SAMPLE_BYTES]
    text = codecs.getincrementaldecoder("utf-8")("replace").decode(raw, final=not truncated)
    return text.lstrip("\ufeff"), truncated


def _parse(sample: str, delimiter: str, quotechar: str | None, truncated: bool, *, limit: int) -> list[list[str]]:
    if quotechar:
        reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter, quotechar=quotechar,
                            doublequote=True, strict=False)
    else:
        reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter, quoting=csv.QUOTE_NONE)
    records: list[list[str]] = []
    try:
        for rec in reader:
            if rec:
                records.append(rec)
            if len(records) > limit:
                break
    except csv.Error:
        pass
    if truncated and len(records) > 1 and len(records) <= limit:
        records.pop()  # the last record of a cut sample may be incomplete
    return records[:limit]


def _sniff_delimiter(sample: str, quotechar: str | None, truncated: bool, label: str) -> str:
    scores: list[tuple[float, int, int, str]] = []
    seen: list[str] = []
    for priority, d in enumerate(_CANDIDATES):
        records = _parse(sample, d, quotechar, truncated, limit=_SNIFF_RECORDS)
        if not records:
            continue
        n = len(records[0])
        share = sum(len(r) == n for r in records) / len(records)
        seen.append(f"{d!r} gives {n} field(s) in the header and the same number in {share:.0%} of "
                    f"the first {len(records)} records")
        if n >= 2 and share >= 0.5:
            scores.append((share, n, -priority, d))
    if not scores:
        raise LogFormatError(
            "cannot detect the delimiter: no candidate splits the records into a steady number of fields "
            "(" + "; ".join(seen) + ")",
            location=Location(file=label),
            hint="Pass the delimiter explicitly, e.g. delimiter=';', or check that this is a delimited "
            "text file.",
        )
    return max(scores)[3]


# --- loading --------------------------------------------------------------------------------------


def _csv_options(names: list[str], delim: str, quotechar: str | None, header: bool, max_line_bytes: int) -> str:
    columns = "{" + ", ".join(f"{sql_string(n)}: 'VARCHAR'" for n in names) + "}"
    quote = sql_string(quotechar or "")
    return (f"delim={sql_string(delim)}, quote={quote}, escape={quote}, header={str(header).lower()}, "
            f"columns={columns}, auto_detect=false, strict_mode=true, null_padding=false, "
            f"encoding='utf-8', max_line_size={int(max_line_bytes)}")


def _read_into(con: duckdb.DuckDBPyConnection, path: Path, table: str, label: str, names: list[str],
               delim: str, quotechar: str | None, header: bool, max_line_bytes: int) -> None:
    source = f"read_csv({sql_string(str(path))}, {_csv_options(names, delim, quotechar, header, max_line_bytes)})"
    try:
        create_numbered(con, table, f"SELECT * FROM {source}")
    except duckdb.Error as exc:
        raise _explain_csv_error(source, label, names, delim, quotechar, max_line_bytes, exc) from None


_CSV_ERROR_LINE = re.compile(r"CSV Error on Line:\s*(\d+)")


def _explain_csv_error(source: str, label: str, names: list[str], delim: str, quotechar: str | None,
                       max_line_bytes: int, exc: duckdb.Error) -> LogFormatError:
    """Re-read with DuckDB's rejects table to name the first bad line precisely.

    The re-read runs on a connection of its own: the statement that failed may have aborted the import's
    transaction, where nothing more can run until it is rolled back.
    """
    row = None
    try:
        with duckdb.connect(":memory:") as scratch:
            rejecting = source[:-1] + ", store_rejects=true, rejects_table='sf_rejects', rejects_scan='sf_scans')"
            scratch.execute(f"SELECT count(*) FROM {rejecting}").fetchall()
            hits = scratch.execute(
                "SELECT line, error_type, csv_line, error_message FROM sf_rejects ORDER BY line LIMIT 1"
            ).fetchall()
            row = hits[0] if hits else None
    except duckdb.Error:
        row = None
    if row is None:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        m = _CSV_ERROR_LINE.search(str(exc))
        return LogFormatError(f"DuckDB cannot read the file: {first}",
                              location=Location(file=label, line=int(m.group(1)) if m else None))
    line, kind, text, message = int(row[0]), str(row[1]), str(row[2] or ""), str(row[3] or "")
    shown = text.rstrip("\r\n")
    shown = shown if len(shown) <= 200 else shown[:200] + "..."
    where = Location(file=label, line=line)
    if kind == "LINE SIZE OVER MAXIMUM":
        m = re.search(r"Actual Size:\s*(\d+)", message)
        size = f"{int(m.group(1)):,} bytes" if m else "longer than that"
        return LogFormatError(
            f"the line is {size} long; a line may be at most {max_line_bytes:,} bytes. "
            f"The line begins {shown[:120]!r}",
            location=where,
            hint=f"A line this long is nearly always a quote ({quotechar!r}) that is never closed, so the lines "
            "after it read as one value: check the quotes on that line. If the file really has values this long, "
            "raise the limit with SAGSFLOW_MAX_LINE_BYTES.",
        )
    if kind in ("TOO MANY COLUMNS", "MISSING COLUMNS"):
        m = re.search(r"Found:\s*(\d+)", message)
        found = m.group(1) if m else "a different number of"
        return LogFormatError(
            f"the line has {found} fields where the header has {len(names)} "
            f"({', '.join(names[:12])}); the line reads {shown!r}",
            location=where,
            hint=f"Check that the delimiter {delim!r} is right and that values containing it are quoted "
            f"with {quotechar!r}; the line may be cut off or have an extra delimiter.",
        )
    if kind == "UNQUOTED VALUE":
        return LogFormatError(
            f"the line has a quoted value that is not closed, or text after a closing quote "
            f"({quotechar!r}); the line reads {shown!r}",
            location=where,
            hint="Quotes inside a quoted value must be doubled (\"\"); pass quotechar=None if the file does "
            "not quote values.",
        )
    return LogFormatError(f"{message}; the line reads {shown!r}", location=where)
