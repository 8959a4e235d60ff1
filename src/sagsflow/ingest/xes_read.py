"""Reading XES and XES.gz event logs into DuckDB, safely and fast.

Two parsers fill the same table:

``rustxes``
    the Rust importer PM4Py uses (``rustxes.import_xes``), about ten times faster than any Python
    parser. Its Polars frame goes to DuckDB through Arrow, without pandas.
``python``
    a streaming parser on ``lxml.etree.iterparse``: elements are cleared as soon as they are read,
    attributes are collected in a long ``(event, type, key, value)`` layout and written to DuckDB in
    Arrow batches of 100 000 events; types are checked and columns pivoted in SQL. Memory stays
    bounded by one trace plus one batch, whatever the file size.

``engine="auto"`` takes rustxes and falls back to the Python parser whenever rustxes cannot read a
file faithfully: it is not installed, the file uses ``<id>``, ``<list>`` or ``<container>``
attributes (rustxes turns non-UUID ids into a zero UUID and lists into debug text), the file is not
UTF-8, it refers to an undefined entity (rustxes keeps ``&name;`` as text), rustxes panics
(malformed XML: the Python parser then reports the line and column) or it prints any warning
(values of the wrong type, which it silently replaces by 0 or null, or one key with several types,
which it quotes), or a trace has no ``concept:name`` (the Python parser names the trace). rustxes
also fills attributes a trace or event lacks with the ``<global>`` declaration's default (``UNKNOWN``,
a 1970 date): the declarations are blanked out of the decompressed copy it reads, so a missing
value stays null. The Python parser is the reference semantics; tests check that both engines give
identical tables on real logs. (The pattern checks look for unprefixed element names; XES files
with namespace prefixes such as ``<xes:list>`` are read by rustxes as they are.)

Safety
------
Neither parser sees a file before these checks pass:

* the file size is checked against :class:`~sagsflow.ingest.limits.Limits`;
* ``.gz`` input is decompressed through :func:`~sagsflow.ingest.limits.decompress_to` (rustxes) or
  :func:`~sagsflow.ingest.limits.open_guarded` (Python), which stop a gzip bomb early and report a
  truncated stream;
* the prolog, everything before the root element, is scanned and any ``<!DOCTYPE`` or other
  ``<!`` declaration is refused with :class:`~sagsflow.errors.UnsafeInputError`. In XML, entities can
  only be declared in the DOCTYPE's internal subset or in an external DTD it names, and the DOCTYPE
  may only appear in the prolog; so with no DOCTYPE there is no entity to expand (billion laughs) and
  no external resource to fetch (XXE). As a second line, lxml runs with ``resolve_entities=False,
  no_network=True, load_dtd=False, huge_tree=False`` (an undefined ``&name;`` is a syntax error), and
  rustxes (quick-xml) never processes DTDs (it keeps an unknown ``&name;`` as literal text).

Table layout
------------
One row per event in file order; columns named by the XES keys: ``case:concept:name``,
``concept:name``, ``time:timestamp``, ``org:resource``, ``lifecycle:transition`` first (those that
occur), then the other trace attributes as ``case:<key>`` and the other event attributes, each group
in name order, and ``__row`` (BIGINT), the 1-based event number in file order. Types: string and id
VARCHAR, int BIGINT, float DOUBLE, boolean BOOLEAN, date TIMESTAMPTZ (UTC; a date without an offset
is read as UTC); a key seen with int and float values is DOUBLE, with any other mix VARCHAR (the
values as written). Log-level attributes, ``<global>`` defaults, nested (meta-)attributes and
``<list>``/``<container>`` attributes are skipped: they have no place in a flat event table.
"""

from __future__ import annotations

import contextlib
import json
import mmap
import os
import re
import shutil
import sys
import tempfile
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal

import duckdb
import pyarrow as pa

from sagsflow.errors import InvalidParameterError, Location, LogFormatError, UnsafeInputError
from sagsflow.i18n import _, ngettext
from sagsflow.ingest.limits import (
    Limits,
    bomb_error,
    check_columns,
    check_file_size,
    corrupt_gzip_error,
    decompress_to,
    decompressed_limit,
    is_gzip,
    open_guarded,
)
from sagsflow.ingest.sources import (
    Progress,
    SourceInfo,
    arrow_backing,
    describe,
    drop_table,
    hash_file,
    quote_ident,
    sql_string,
)
from sagsflow.ingest.xes_feed import GLOBAL, RUSTXES_LOSSY, UNDEFINED_ENTITY, find_lossy

Engine = Literal["auto", "rustxes", "python"]

BATCH_EVENTS = 100_000
#: the prolog (XML declaration, comments) may not be longer than this before the root element
MAX_PROLOG_BYTES = 1024 * 1024
#: standard keys placed first, in this order
LEADING_KEYS = ("case:concept:name", "concept:name", "time:timestamp", "org:resource", "lifecycle:transition")
XES_TYPES: dict[str, str] = {
    "string": "VARCHAR",
    "id": "VARCHAR",
    "int": "BIGINT",
    "float": "DOUBLE",
    "boolean": "BOOLEAN",
    "date": "TIMESTAMPTZ",
}
_STDERR_LOCK = threading.Lock()
# what rustxes reads lossily, and the fast search for it: sagsflow.ingest.xes_feed (the feeding child runs it too)
_RUSTXES_LOSSY = RUSTXES_LOSSY
_UNDEFINED_ENTITY = UNDEFINED_ENTITY
_find_lossy = find_lossy


class _RustxesUnsuitable(Exception):
    """rustxes cannot read this file faithfully; the reason says why."""


# --------------------------------------------------------------------------- safety


class _Prolog:
    """What the prolog scan found: root element name and the declared or detected encoding."""

    def __init__(self, root: str, encoding: str) -> None:
        self.root = root
        self.encoding = encoding

    @property
    def is_utf8(self) -> bool:
        return self.encoding.lower().replace("_", "-") in ("utf-8", "utf8", "us-ascii", "ascii")


def scan_prolog(head: bytes, file: str) -> _Prolog:
    """Check the part of an XML document before its root element.

    Refuses any ``<!DOCTYPE``/``<!ENTITY`` (or other ``<!`` declaration) with
    :class:`~sagsflow.errors.UnsafeInputError` and a root element other than an XES ``<log>`` with
    :class:`~sagsflow.errors.LogFormatError`. ``head`` is the start of the decompressed document;
    :data:`MAX_PROLOG_BYTES` of it is enough.

    Examples
    --------
    >>> scan_prolog(b'<?xml version="1.0"?><!-- x --><log xes.version="1.0">', "a.xes").root
    'log'
    """
    encoding = "utf-8"
    if head.startswith(b"\xef\xbb\xbf"):
        text = head[3:].decode("utf-8", errors="replace")
    elif head[:2] in (b"\xff\xfe", b"\xfe\xff") or head[:2] in (b"\x00<", b"<\x00"):
        codec = {b"\xff\xfe": "utf-16-le", b"\xfe\xff": "utf-16-be", b"<\x00": "utf-16-le"}.get(
            head[:2], "utf-16-be"
        )
        body = head[2:] if head[:2] in (b"\xff\xfe", b"\xfe\xff") else head
        text = body[: len(body) // 2 * 2].decode(codec, errors="replace")
        encoding = "utf-16"
    else:
        text = head.decode("latin-1")  # every byte maps to one char; markup is ASCII
    where = Location(file=file)
    i = 0
    while True:
        j = text.find("<", i)
        if j < 0 or text[i:j].strip():  # no markup, or text before it: not an XML document
            break
        if text.startswith("<?", j):
            k = text.find("?>", j)
            if k < 0:
                break
            decl = text[j : k + 2]
            m = re.search(r"""encoding\s*=\s*["']([A-Za-z0-9._-]+)""", decl)
            if decl.startswith("<?xml") and m and encoding != "utf-16":
                encoding = m.group(1)
            i = k + 2
        elif text.startswith("<!--", j):
            k = text.find("-->", j + 4)
            if k < 0:
                break
            i = k + 3
        elif text.startswith("<!", j):
            found = text[j : j + 40].split("\n")[0]
            doctype = re.match(r"<!DOCTYPE\s+([^\s\[>]+)", text[j : j + 200], re.IGNORECASE)
            if doctype and doctype.group(1).rpartition(":")[2].lower() != "log":
                raise _not_xes(f"it declares <!DOCTYPE {doctype.group(1)[:40]}>", doctype.group(1), file,
                               text.count("\n", 0, j) + 1)
            raise UnsafeInputError(
                f"the XML declares a DOCTYPE or entities ({found!r}...); Sagsflow refuses DTDs and "
                "entity declarations, which can expand to gigabytes (billion laughs) or read local files "
                "and URLs (external entities, XXE)",
                location=where,
                hint="XES files need no DOCTYPE: remove the <!DOCTYPE ...> declaration if the file is trusted.",
            )
        else:
            m = re.match(r"<([^\s/>]+)", text[j:])
            name = m.group(1) if m else ""
            if name.rpartition(":")[2] != "log":
                line = text.count("\n", 0, j) + 1
                raise _not_xes(f"the root element is <{name[:40]}>, but an XES <log> was expected (line {line})",
                               name, file, line)
            return _Prolog(name, encoding)
    rest = text[i:].lstrip()
    if rest and not rest.startswith("<"):
        raise _not_xes("it does not start with XML markup (it may be a CSV, JSON or other text file)",
                       "", file, None)
    if len(head) >= MAX_PROLOG_BYTES:
        raise LogFormatError(
            f"no root element in the first {MAX_PROLOG_BYTES:,} bytes; an XES <log> was expected",
            location=where,
        )
    raise LogFormatError(
        "the file ends before the root element; an XES <log> was expected"
        if head.strip()
        else "the file is empty; an XES <log> was expected",
        location=where,
    )


def _not_xes(why: str, root: str, file: str, line: int | None) -> LogFormatError:
    """The error for a file that is not an XES event log at all (an HTML page, another XML format ...)."""
    kind = "an HTML page" if root.lower() in ("html", "xhtml") else ""
    return LogFormatError(
        f"not an XES file: {why}" + (f"; this is {kind}" if kind else ""),
        location=Location(file=file, row=line),
        hint="An XES event log (IEEE 1849) is an XML document whose root element is <log>. Check that the "
        "right file was chosen (a download may have saved an error or login page instead of the log).",
    )


def _read_head(path: Path, limits: Limits) -> bytes:
    with open_guarded(path, limits) as f:
        return f.read(MAX_PROLOG_BYTES)


# --------------------------------------------------------------------------- public entry point


def load_xes(
    con: duckdb.DuckDBPyConnection,
    path: str | os.PathLike[str],
    table: str,
    *,
    limits: Limits | None = None,
    progress: Progress | None = None,
    engine: Engine = "auto",
    globals: Literal["apply", "ignore"] = "apply",
) -> SourceInfo:
    """Load an XES or XES.gz file into a TEMP table of ``con``, one row per event in file order.

    See the module docstring for the columns, the types and the safety checks.

    Parameters
    ----------
    con
        DuckDB connection; its time zone is set to UTC.
    path
        ``.xes`` or ``.xes.gz`` file (gzip is recognised by its magic bytes, not the name).
    table
        Name of the TEMP table to create (replaced if it exists).
    limits
        Size and decompression limits; default :meth:`Limits.from_env`.
    progress
        Called with (fraction done, message) while loading.
    engine
        ``"auto"`` (rustxes with a fallback), ``"rustxes"`` or ``"python"``.
    globals
        ``"apply"`` (default): a trace or event that lacks an attribute declared in the log's
        ``<global scope="trace|event">`` takes the declared value, as the XES standard defines it
        (IEEE 1849: global attributes are present on every trace or event of their scope, the
        declaration giving the default); each key filled so is reported in ``SourceInfo.notes``
        with its count. The case id (a trace's ``concept:name``) is never filled: a default would
        merge every unnamed trace into one case. ``"ignore"``: missing values stay empty.

    Returns
    -------
    SourceInfo
        label, format ``"xes"``, sha256 of the file as given, number of events and the columns.

    Raises
    ------
    UnsafeInputError
        DOCTYPE/entity declarations, a file beyond the size limit, a gzip bomb or a broken gzip stream.
    LogFormatError
        Malformed XML (with line and column), a root element other than ``<log>``, a trace without
        ``concept:name``, values that do not fit their XES type, or no events at all.

    Examples
    --------
    >>> import duckdb
    >>> con = duckdb.connect()
    >>> info = load_xes(con, "Sepsis_Cases-Event_Log.xes.gz", "raw")  # doctest: +SKIP
    >>> info.n_rows  # doctest: +SKIP
    15214
    >>> con.execute('SELECT count(DISTINCT "case:concept:name") FROM raw').fetchall()  # doctest: +SKIP
    [(1050,)]
    """
    if globals not in ("apply", "ignore"):
        raise InvalidParameterError(f"globals={globals!r} is not one of 'apply', 'ignore'", field="globals")
    if engine not in ("auto", "rustxes", "python"):
        raise InvalidParameterError(
            f"engine={engine!r} is not one of 'auto', 'rustxes', 'python'", field="engine"
        )
    limits = limits or Limits.from_env()
    p = Path(path)
    if not p.is_file():
        raise LogFormatError("the file does not exist or is not a regular file", location=Location(file=str(p)))
    report = progress or (lambda fraction, message: None)
    check_file_size(p, limits)
    content_hash = hash_file(p)
    con.execute("SET TimeZone = 'UTC'")
    prolog = scan_prolog(_read_head(p, limits), str(p))

    use_rust = engine != "python"
    reason = ""
    if use_rust:
        try:
            import rustxes  # noqa: F401
        except ImportError:
            reason = "rustxes is not installed"
    if use_rust and not reason and not prolog.is_utf8:
        reason = f"the file is encoded as {prolog.encoding}, rustxes reads only UTF-8"
    if reason:
        if engine == "rustxes":
            raise LogFormatError(
                f"engine='rustxes' cannot read this file: {reason}",
                location=Location(file=str(p)),
                hint="Use engine='auto' or engine='python'.",
            )
        use_rust = False

    declared: list[GlobalDefault] = []
    if use_rust:
        try:
            declared = _load_with_rustxes(con, p, table, limits, report)
        except _RustxesUnsuitable as exc:
            if engine == "rustxes":
                raise LogFormatError(
                    f"engine='rustxes' cannot read this file faithfully: {exc}",
                    location=Location(file=str(p)),
                    hint="Use engine='auto' or engine='python', which also report the exact line of a problem.",
                ) from None
            report(0.0, f"rustxes cannot read this file faithfully ({exc}); using the Python parser")
            use_rust = False
    if not use_rust:
        declared = _load_with_python(con, p, table, limits, report)
    notes: list[str] = []
    if globals == "apply" and declared:
        report(0.95, _("applying the <global> defaults"))
        notes = _apply_globals(con, table, declared, p.name)

    n_rows, columns = describe(con, table)
    report(1.0, f"read {n_rows:,} events")
    return SourceInfo(
        label=p.name,
        format="xes",
        content_hash=content_hash,
        n_rows=n_rows,
        columns=columns,
        encoding=None,
        delimiter=None,
        sheet=None,
        notes=tuple(notes),
    )


def _ordered_columns(names: list[str]) -> list[str]:
    """Leading standard keys, then case attributes, then event attributes, each in name order.

    DuckDB column names ignore case, so of two keys that differ only in case the first in this
    order is kept (a duplicate event key ``case:x`` loses against the trace attribute ``x``).
    """
    names = list(dict.fromkeys(names))
    leading = [k for k in LEADING_KEYS if k in names]
    rest = [n for n in names if n not in leading]
    ordered = leading + sorted(n for n in rest if n.startswith("case:")) + sorted(
        n for n in rest if not n.startswith("case:")
    )
    seen: set[str] = set()
    out = []
    for n in ordered:
        if n.casefold() not in seen and n != "__row":
            seen.add(n.casefold())
            out.append(n)
    return out


def _no_events(file: str) -> LogFormatError:
    return LogFormatError(
        "the XES log contains no events",
        location=Location(file=file),
        hint="Check that the file holds <trace> elements with <event> elements inside.",
    )


# --------------------------------------------------------------------------- <global> defaults


@dataclass(frozen=True)
class GlobalDefault:
    """One attribute of a ``<global scope="trace|event">`` declaration."""

    scope: str
    xes_type: str
    key: str
    value: str | None


def _apply_globals(con: duckdb.DuckDBPyConnection, table: str, declared: list[GlobalDefault],
                   file: str) -> list[str]:
    """Fill the attributes a trace or event lacks with their ``<global>`` defaults; one note per key filled.

    One aggregate counts the missing values; only when something is missing is the table rebuilt
    (once, for every key), so a log whose traces and events carry all their global attributes costs
    one scan.
    """
    types = {str(r[0]): str(r[1]) for r in con.execute(f"DESCRIBE {quote_ident(table)}").fetchall()}
    lower = {c.casefold(): c for c in types}
    plan: list[tuple[GlobalDefault, str, str | None, str]] = []  # (decl, column, existing, value SQL)
    notes: list[str] = []
    seen: set[str] = set()
    for d in declared:
        column = f"case:{d.key}" if d.scope == "trace" else d.key
        if d.value is None or column.casefold() in seen or column == "case:concept:name":
            continue
        seen.add(column.casefold())
        existing = lower.get(column.casefold())
        target = types[existing] if existing else XES_TYPES[d.xes_type]
        value = con.execute(f"SELECT TRY_CAST(trim(?) AS {target})", [d.value]).fetchall()[0][0]
        if value is None:
            notes.append(_("{file}: the <global> default '{value}' of the {scope} attribute '{key}' is not a {type} "
                           "value; traces or events without '{key}' keep it empty", file=file, value=d.value,
                           scope=d.scope, key=d.key, type=target))
            continue
        plan.append((d, existing or column, existing, f"TRY_CAST(trim({sql_string(d.value)}) AS {target})"))
    if not plan:
        return notes
    present = [(d, col) for d, col, existing, _v in plan if existing]
    counts: list[int] = []
    if present:
        parts = []
        for d, col in present:
            if d.scope == "trace":
                parts.append(f'count(DISTINCT "case:concept:name") FILTER (WHERE {quote_ident(col)} IS NULL)')
            else:
                parts.append(f"count(*) FILTER (WHERE {quote_ident(col)} IS NULL)")
        counts = [int(v) for v in con.execute(f"SELECT {', '.join(parts)} FROM {quote_ident(table)}").fetchall()[0]]
    missing = dict(zip([col for _d, col in present], counts, strict=True))
    sizes: tuple[int, int] | None = None
    replace: dict[str, str] = {}
    added: list[tuple[str, str]] = []
    for d, col, existing, value in plan:
        if existing:
            n = missing[col]
            if not n:
                continue
            replace[col] = f"coalesce({quote_ident(col)}, {value}) AS {quote_ident(col)}"
        else:  # no trace or event has the attribute: every one takes the default
            if sizes is None:
                r = con.execute(f'SELECT count(DISTINCT "case:concept:name"), count(*) FROM {quote_ident(table)}'
                                ).fetchall()[0]
                sizes = (int(r[0]), int(r[1]))
            n = sizes[0] if d.scope == "trace" else sizes[1]
            added.append((col, f"{value} AS {quote_ident(col)}"))
        if d.scope == "trace":
            notes.append(ngettext(
                "{file}: {n} trace has no {type} attribute '{key}'; the log's <global scope=\"trace\"> default "
                "'{value}' was filled in, as the XES standard defines it",
                "{file}: {n} traces have no {type} attribute '{key}'; the log's <global scope=\"trace\"> default "
                "'{value}' was filled in, as the XES standard defines it", n,
                file=file, type=d.xes_type, key=d.key, value=d.value))
        else:
            notes.append(ngettext(
                "{file}: {n} event has no {type} attribute '{key}'; the log's <global scope=\"event\"> default "
                "'{value}' was filled in, as the XES standard defines it",
                "{file}: {n} events have no {type} attribute '{key}'; the log's <global scope=\"event\"> default "
                "'{value}' was filled in, as the XES standard defines it", n,
                file=file, type=d.xes_type, key=d.key, value=d.value))
    if not replace and not added:
        return notes
    names = _ordered_columns([c for c in types if c != "__row"] + [c for c, _e in added])
    exprs = dict(added)
    select = [replace.get(c) or exprs.get(c) or quote_ident(c) for c in names]
    filled = f"__sf_filled_{uuid.uuid4().hex[:10]}"
    con.execute(f"CREATE TEMP TABLE {quote_ident(filled)} AS SELECT {', '.join(select)}, __row "
                f"FROM {quote_ident(table)} ORDER BY __row")
    drop_table(con, table)  # a table, or a view over Arrow data
    con.execute(f"ALTER TABLE {quote_ident(filled)} RENAME TO {quote_ident(table)}")
    return notes


# --------------------------------------------------------------------------- rustxes


@contextlib.contextmanager
def _captured_stderr() -> Iterator[list[str]]:
    """Redirect file descriptor 2 (where rustxes prints warnings and panics) to a temporary file.

    The list yielded receives the captured text on exit. A lock serialises the redirection, which is
    process-wide.
    """
    captured: list[str] = []
    with _STDERR_LOCK, tempfile.TemporaryFile() as tmp:
        sys.stderr.flush()
        saved = os.dup(2)
        try:
            os.dup2(tmp.fileno(), 2)
            yield captured
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            tmp.seek(0)
            captured.append(tmp.read().decode("utf-8", errors="replace"))


_GLOBAL = GLOBAL


def _global_spans(path: Path) -> list[tuple[int, int]]:
    """Byte spans of the ``<global>`` declarations (they come before the first trace)."""
    if path.stat().st_size == 0:
        return []
    with open(path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        end = mm.find(b"<trace")
        head = mm[: end if end >= 0 else len(mm)]
    return [m.span() for m in _GLOBAL.finditer(head)]


def _blank_globals(plain: Path) -> list[GlobalDefault]:
    """Read the ``<global>`` declarations, then overwrite them with spaces, in place (the XML stays
    well-formed); returns the declarations.

    The defaults are applied afterwards by :func:`_apply_globals`, the same way for both parsers and
    with a count of what was filled (rustxes would fill them silently, and also into keys it reads
    with another type).
    """
    spans = _global_spans(plain)
    if not spans:
        return []
    with open(plain, "rb") as src, mmap.mmap(src.fileno(), 0, access=mmap.ACCESS_READ) as view:
        found = [d for start, stop in spans for d in _parse_global(bytes(view[start:stop]))]
    if plain.is_symlink():
        return found
    with open(plain, "r+b") as f, mmap.mmap(f.fileno(), 0) as mm:
        for start, stop in spans:
            mm[start:stop] = b" " * (stop - start)
    return found


def _parse_global(snippet: bytes) -> list[GlobalDefault]:
    """The attributes of one ``<global>`` element (a small snippet; no DTD can be in it)."""
    from lxml import etree

    # the snippet is cut out of a document whose namespace declarations it does not carry
    snippet = re.sub(rb"<(/?)[A-Za-z_][\w.-]*:", rb"<\1", snippet)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        elem = etree.fromstring(snippet, parser)
    except etree.XMLSyntaxError:
        return []
    scope = elem.get("scope") or "event"
    return [GlobalDefault(scope, str(child.tag), str(child.get("key")), child.get("value"))
            for child in elem if isinstance(child.tag, str) and child.tag in XES_TYPES and child.get("key")]


def _can_stream() -> bool:
    """Whether rustxes can read a pipe by name (``/dev/fd/N``: Linux, macOS and the BSDs)."""
    return os.name == "posix" and os.path.isdir("/dev/fd")


def _parse_streamed(path: Path, limits: Limits, report: Progress) -> tuple[Any, list[GlobalDefault], str | None, str]:
    """rustxes reading ``path`` through a pipe fed by :mod:`sagsflow.ingest.xes_feed` in a child process
    (decompression, the ``<global>`` blanking and the checks overlap with the parsing; no copy on disk).

    Returns (the frame or None, the ``<global>`` declarations, rustxes's failure, its warnings); raises the
    child's findings: a decompression bomb or a corrupt gzip stream as :class:`UnsafeInputError`, what rustxes
    cannot keep as :class:`_RustxesUnsuitable`.
    """
    import subprocess

    import rustxes

    from sagsflow.ingest import xes_feed

    compressed = path.stat().st_size
    limit = decompressed_limit(compressed, limits)
    read_end, write_end = os.pipe()
    _widen_pipe(write_end)
    try:
        child = subprocess.Popen(
            [sys.executable, "-I", "-S", str(Path(xes_feed.__file__)), str(path), str(write_end), str(limit)],
            pass_fds=(write_end,), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
    finally:
        os.close(write_end)  # only the child writes: rustxes sees the end of the input when the child is done
    df = None
    failure: str | None = None
    try:
        report(0.05, "parsing with rustxes")
        with _captured_stderr() as err:
            try:
                df, _meta = rustxes.import_xes(f"/dev/fd/{read_end}")
            except BaseException as exc:  # a Rust panic is a BaseException
                if isinstance(exc, KeyboardInterrupt | SystemExit):
                    child.kill()
                    raise
                failure = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        warnings = "".join(err).strip()
    finally:
        os.close(read_end)  # a child still writing (rustxes stopped early) gets a broken pipe and ends
        out, child_err = child.communicate()
    lines = out.decode("utf-8", errors="replace").strip().splitlines()
    if child.returncode != 0 or not lines:
        raise _RustxesUnsuitable(f"the XES feeder failed: {child_err.decode(errors='replace').strip()[-200:]}")
    result = json.loads(lines[-1])
    found = [d for snippet in result.get("globals", []) for d in _parse_global(bytes.fromhex(snippet))]
    status = result["status"]
    if status == "bomb":
        raise bomb_error(path, limit, compressed, limits)
    if status == "corrupt":
        raise corrupt_gzip_error(path, str(result.get("error")))
    if status == "lossy":
        what = f"{result['what']} attributes" if result.get("what") else "nested attributes"
        raise _RustxesUnsuitable(f"it has {what}, which rustxes does not keep")
    if status == "entity":
        raise _RustxesUnsuitable("it refers to an undefined entity")
    return df, found, failure, warnings


def _widen_pipe(fd: int, size: int = 1 << 20) -> None:
    """Give the pipe a 1 MiB buffer where the system allows it (Linux ``F_SETPIPE_SZ``): with the default 64 KiB
    the parser and the feeder took turns on it (a 1M-event XES.gz parsed in 4.0 s instead of 3.6 s)."""
    import fcntl

    with contextlib.suppress(OSError, AttributeError):
        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), size)


def _parse_copied(path: Path, limits: Limits, report: Progress) -> tuple[Any, list[GlobalDefault], str | None, str]:
    """rustxes reading a decompressed copy with the ``<global>`` declarations blanked (where no pipe can be
    named: :func:`_can_stream`); the same results as :func:`_parse_streamed`."""
    import rustxes

    with tempfile.TemporaryDirectory(prefix="sagsflow-xes-") as tmp:
        plain = Path(tmp) / "log.xes"  # rustxes decides on gzip by the name
        if is_gzip(path):
            report(0.0, "decompressing")
            decompress_to(path, plain, limits)
        elif _global_spans(path):
            shutil.copyfile(path, plain)  # the globals are blanked in a copy, never in the user's file
        else:
            plain.symlink_to(path.resolve())
        found = _blank_globals(plain)
        if plain.stat().st_size > 0:
            with open(plain, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as mm:
                # log-level attributes before the first trace are not read at all: look after them
                lossy = _find_lossy(mm, max(mm.find(b"<trace"), 0))
                if lossy is not None:
                    what = f"{lossy.decode()} attributes" if lossy else "nested attributes"
                    raise _RustxesUnsuitable(f"it has {what}, which rustxes does not keep")
                if mm.find(b"&") >= 0 and _UNDEFINED_ENTITY.search(mm):
                    raise _RustxesUnsuitable("it refers to an undefined entity")
        report(0.2, "parsing with rustxes")
        df = None
        with _captured_stderr() as err:
            try:
                df, _meta = rustxes.import_xes(str(plain))
            except BaseException as exc:  # a Rust panic is a BaseException
                if isinstance(exc, KeyboardInterrupt | SystemExit):
                    raise
                failure: str | None = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            else:
                failure = None
        warnings = "".join(err).strip()
    return df, found, failure, warnings


def _load_with_rustxes(
    con: duckdb.DuckDBPyConnection, path: Path, table: str, limits: Limits, report: Progress
) -> list[GlobalDefault]:
    import polars as pl

    parse = _parse_streamed if _can_stream() else _parse_copied
    df, found, failure, warnings = parse(path, limits, report)
    if failure is not None:
        raise _RustxesUnsuitable(f"rustxes failed: {failure[:200]}")
    if warnings:
        raise _RustxesUnsuitable(f"rustxes warned: {warnings.splitlines()[0][:200]}")
    if df.height == 0:
        raise _no_events(str(path))
    if "case:concept:name" not in df.columns or df["case:concept:name"].null_count() > 0:
        # the Python parser names the trace exactly
        raise _RustxesUnsuitable("a trace has no concept:name")

    check_columns(df.width, path.name, limits, what="attribute keys")
    report(0.8, "loading into DuckDB")
    names = [c for c in df.columns]
    order = _ordered_columns(names)
    exprs = []
    for name in order:
        dtype = df.schema[name]
        col = pl.col(name)
        if isinstance(dtype, pl.Datetime):
            col = col.dt.replace_time_zone("UTC") if dtype.time_zone is None else col.dt.convert_time_zone("UTC")
        elif dtype not in (pl.Int64, pl.Float64, pl.Boolean, pl.String):
            col = col.cast(pl.String)
        exprs.append(col)
    exprs.append(pl.int_range(1, df.height + 1, dtype=pl.Int64).alias("__row"))
    arrow = df.select(exprs).to_arrow()  # pa.array(numpy) would import pandas: 1 s
    select = ", ".join(
        f"CAST({quote_ident(f.name)} AS TIMESTAMPTZ) AS {quote_ident(f.name)}"
        if pa.types.is_timestamp(f.type)
        else quote_ident(f.name)
        for f in arrow.schema
    )
    # a view over the Arrow data, not a copy of it: the import reads it a few times and drops it (with
    # drop_table, which also lets go of the Arrow data) before the events are sorted
    drop_table(con, table)
    arrow_name = arrow_backing(table)
    con.register(arrow_name, arrow)
    try:
        con.execute(f"CREATE TEMP VIEW {quote_ident(table)} AS SELECT {select} FROM {quote_ident(arrow_name)}")
    except BaseException:
        con.unregister(arrow_name)
        raise
    return found


# --------------------------------------------------------------------------- python (lxml)


class _CountingReader:
    """A file wrapper that reports the share of the (decompressed) input read so far."""

    def __init__(self, raw: IO[bytes], total: int, report: Progress) -> None:
        self._raw = raw
        self._total = max(total, 1)
        self._report = report
        self._read = 0
        self._next = 0.0

    def read(self, n: int = -1) -> bytes:
        data = self._raw.read(n)
        self._read += len(data)
        fraction = min(self._read / self._total, 0.99) * 0.8
        if fraction >= self._next:
            self._report(fraction, "parsing XML")
            self._next = fraction + 0.02
        return data


def _expected_size(path: Path) -> int:
    """The decompressed size: the gzip trailer's ISIZE (modulo 4 GiB) or the file size."""
    size = path.stat().st_size
    if is_gzip(path) and size >= 4:
        with open(path, "rb") as f:
            f.seek(-4, os.SEEK_END)
            isize = int.from_bytes(f.read(4), "little")
        while isize < size:  # ISIZE wraps at 4 GiB
            isize += 1 << 32
        return isize
    return size


class _Staging:
    """Long-format staging tables for the Python parser, dropped on exit."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        tag = f"{os.getpid()}_{threading.get_ident()}"
        self.ev = f"__sf_xes_ev_{tag}"
        self.ea = f"__sf_xes_ea_{tag}"
        self.tr = f"__sf_xes_tr_{tag}"
        self.ta = f"__sf_xes_ta_{tag}"
        self.view = f"__sf_xes_batch_{tag}"

    def __enter__(self) -> _Staging:
        c = self.con
        c.execute(f"CREATE OR REPLACE TEMP TABLE {self.ev} (row BIGINT, trace BIGINT, line BIGINT)")
        c.execute(f"CREATE OR REPLACE TEMP TABLE {self.ea} (row BIGINT, type VARCHAR, key VARCHAR, value VARCHAR)")
        c.execute(f"CREATE OR REPLACE TEMP TABLE {self.tr} (trace BIGINT, line BIGINT)")
        c.execute(f"CREATE OR REPLACE TEMP TABLE {self.ta} (trace BIGINT, type VARCHAR, key VARCHAR, value VARCHAR)")
        return self

    def __exit__(self, *exc: object) -> None:
        for t in (self.ev, self.ea, self.tr, self.ta):
            self.con.execute(f"DROP TABLE IF EXISTS {t}")

    def append(self, target: str, columns: dict[str, list[Any]]) -> None:
        if not next(iter(columns.values())):
            return
        batch = pa.table(columns)
        self.con.register(self.view, batch)
        try:
            self.con.execute(f"INSERT INTO {target} SELECT * FROM {self.view}")
        finally:
            self.con.unregister(self.view)


def _syntax_error(exc: Any, file: str) -> LogFormatError:
    line, column = getattr(exc, "position", (None, None))
    message = getattr(exc, "msg", None) or str(exc)
    return LogFormatError(
        f"malformed XML at line {line}, column {column}: {message}",
        location=Location(file=file, row=line),
        hint="The file is not well-formed XML; it may be truncated or edited by hand.",
    )


def _locate_syntax_error(path: Path, limits: Limits) -> None:
    """Parse again, streaming, with entity substitution on, to raise the error with its line."""
    from lxml import etree

    with open_guarded(path, limits) as raw:
        parser = etree.iterparse(raw, events=("end",), resolve_entities=True, no_network=True,
                                 load_dtd=False, huge_tree=False)
        try:
            for _, elem in parser:
                elem.clear()
        except etree.XMLSyntaxError as exc:
            if getattr(exc, "position", (0, 0))[0]:
                raise _syntax_error(exc, str(path)) from None


def _load_with_python(
    con: duckdb.DuckDBPyConnection, path: Path, table: str, limits: Limits, report: Progress
) -> list[GlobalDefault]:
    found: list[GlobalDefault] = []
    with _Staging(con) as stg:
        _parse_into(stg, path, limits, report, found)
        report(0.85, "typing and pivoting attributes")
        _assemble(stg, path, table, limits)
    return found


def _parse_into(stg: _Staging, path: Path, limits: Limits, report: Progress,
                globals_out: list[GlobalDefault]) -> None:
    from lxml import etree

    type_of: dict[str, str | None] = {}  # element tag -> XES type, None for non-attributes

    def xes_type(tag: str) -> str | None:
        local = tag.rpartition("}")[2]
        return local if local in XES_TYPES else None

    ev_row: list[int] = []
    ev_trace: list[int] = []
    ev_line: list[int | None] = []
    a_row: list[int] = []
    a_type: list[str] = []
    a_key: list[str | None] = []
    a_val: list[str | None] = []
    tr_no: list[int] = []
    tr_line: list[int | None] = []
    t_no: list[int] = []
    t_type: list[str] = []
    t_key: list[str | None] = []
    t_val: list[str | None] = []

    def flush() -> None:
        stg.append(stg.ev, {"row": ev_row, "trace": ev_trace, "line": ev_line})
        stg.append(stg.ea, {"row": a_row, "type": a_type, "key": a_key, "value": a_val})
        stg.append(stg.tr, {"trace": tr_no, "line": tr_line})
        stg.append(stg.ta, {"trace": t_no, "type": t_type, "key": t_key, "value": t_val})
        for lst in (ev_row, ev_trace, ev_line, a_row, a_type, a_key, a_val, tr_no, tr_line, t_no, t_type,
                    t_key, t_val):
            lst.clear()

    def nested(elem: Any, key: str, out: tuple[list[Any], ...], owner: int) -> None:
        """Flatten the children of an attribute (meta-attributes, list or container items) as ``key.child``;
        items of a list whose keys repeat are numbered ``key[1]``, ``key[2]`` ..."""
        items: list[Any] = []
        for g in elem:
            if g.tag.rpartition("}")[2] == "values":  # a list's items
                items.extend(g)
            else:
                items.append(g)
        keys = [g.get("key") for g in items]
        numbered = elem.tag.rpartition("}")[2] == "list" and len(set(keys)) < len(keys)
        for n, g in enumerate(items, 1):
            local = g.tag.rpartition("}")[2]
            name = f"{key}[{n}]" if numbered else f"{key}.{g.get('key')}"
            if local in XES_TYPES:
                out[0].append(owner)
                out[1].append(local)
                out[2].append(name)
                out[3].append(g.get("value"))
            if len(g):
                nested(g, name, out, owner)

    row = 0
    trace = 0
    file = str(path)
    with open_guarded(path, limits) as raw:
        reader = _CountingReader(raw, _expected_size(path), report)
        parser = etree.iterparse(
            reader,
            events=("end",),
            tag=("{*}event", "{*}trace", "{*}global"),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
        )
        try:
            ev_out = (a_row, a_type, a_key, a_val)
            tr_out = (t_no, t_type, t_key, t_val)
            for _, elem in parser:
                if elem.tag.endswith("global"):
                    scope = elem.get("scope") or "event"
                    globals_out.extend(
                        GlobalDefault(scope, local, str(child.get("key")), child.get("value"))
                        for child in elem
                        if (local := child.tag.rpartition("}")[2]) in XES_TYPES and child.get("key")
                    )
                    continue
                if elem.tag.endswith("event"):
                    parent = elem.getparent()
                    if parent is None or not parent.tag.endswith("trace"):
                        raise LogFormatError(
                            f"an <event> at line {elem.sourceline} is not inside a <trace>, so it has no case",
                            location=Location(file=file, row=elem.sourceline),
                            hint="Put every event inside a <trace> with a concept:name.",
                        )
                    row += 1
                    ev_row.append(row)
                    ev_trace.append(trace + 1)
                    ev_line.append(elem.sourceline)
                    for child in elem:
                        tag = child.tag
                        t = type_of[tag] if tag in type_of else type_of.setdefault(tag, xes_type(tag))
                        if t is not None:
                            a_row.append(row)
                            a_type.append(t)
                            a_key.append(child.get("key"))
                            a_val.append(child.get("value"))
                        if len(child):
                            nested(child, str(child.get("key")), ev_out, row)
                    elem.clear()
                else:
                    trace += 1
                    tr_no.append(trace)
                    tr_line.append(elem.sourceline)
                    for child in elem:
                        tag = child.tag
                        t = type_of[tag] if tag in type_of else type_of.setdefault(tag, xes_type(tag))
                        if t is not None:
                            t_no.append(trace)
                            t_type.append(t)
                            t_key.append(child.get("key"))
                            t_val.append(child.get("value"))
                        if len(child):
                            nested(child, str(child.get("key")), tr_out, trace)
                    elem.clear()
                    parent = elem.getparent()
                    if parent is not None:
                        while elem.getprevious() is not None:
                            del parent[0]
                    if len(ev_row) >= BATCH_EVENTS:
                        flush()
        except etree.XMLSyntaxError as exc:
            line = (getattr(exc, "position", None) or (0, 0))[0]
            if not line:
                # libxml2 without entity substitution reports an undefined &name; as "no element
                # found" at line 0; a second pass finds the place (the prolog scan has made sure there
                # is no DTD, so there is nothing to substitute)
                _locate_syntax_error(path, limits)
            raise _syntax_error(exc, file) from None
    flush()
    if row == 0:
        raise _no_events(file)


_OK_SQL = """CASE type
    WHEN 'int' THEN regexp_full_match(trim(value), '[+-]?[0-9]+') AND TRY_CAST(trim(value) AS BIGINT) IS NOT NULL
    WHEN 'float' THEN TRY_CAST(trim(value) AS DOUBLE) IS NOT NULL
    WHEN 'boolean' THEN lower(trim(value)) IN ('true', 'false', '1', '0')
    WHEN 'date' THEN TRY_CAST(trim(value) AS TIMESTAMPTZ) IS NOT NULL
    ELSE true END"""
_EXPECTED = {
    "int": "a whole number",
    "float": "a number such as 1.5 or 2.0E3",
    "boolean": "true or false",
    "date": "an ISO 8601 date-time such as 2024-01-31T14:05:00+01:00",
}


def _key_types(con: duckdb.DuckDBPyConnection, attrs: str) -> dict[str, str]:
    """DuckDB type per attribute key: its XES type, DOUBLE for int+float, VARCHAR for other mixes."""
    out: dict[str, str] = {}
    for key, types in con.execute(
        f"SELECT key, list(DISTINCT type ORDER BY type) FROM {attrs} WHERE key IS NOT NULL GROUP BY key"
    ).fetchall():
        kinds = set(types)
        if len(kinds) == 1:
            out[key] = XES_TYPES[types[0]]
        elif kinds == {"int", "float"}:
            out[key] = "DOUBLE"
        else:
            out[key] = "VARCHAR"
    return out


def _check_values(con: duckdb.DuckDBPyConnection, attrs: str, owner: str, id_col: str, lines: str,
                  types: dict[str, str], file: str) -> None:
    """Raise LogFormatError for the first key whose values do not fit their type."""
    typed = [k for k, t in types.items() if t != "VARCHAR"]
    if not typed:
        return
    keys = ", ".join(sql_string(k) for k in typed)
    bad = con.execute(
        f"""SELECT key, type, count(*) AS n_bad,
                   list({{'id': a.{id_col}, 'line': l.line, 'value': value}} ORDER BY a.{id_col})[1:3]
            FROM {attrs} a LEFT JOIN {lines} l USING ({id_col})
            WHERE key IN ({keys}) AND value IS NOT NULL AND NOT ({_OK_SQL})
            GROUP BY key, type ORDER BY min(a.{id_col}) LIMIT 1"""
    ).fetchall()
    if not bad:
        return
    key, xtype, n_bad, examples = bad[0]
    n_total = con.execute(f"SELECT count(*) FROM {attrs} WHERE key = ? AND type = ?", [key, xtype]).fetchall()[0][0]
    shown = "; ".join(f"{owner} {e['id']} (line {e['line']}): {e['value'][:60]!r}" for e in examples)
    first_line = examples[0]["line"]
    name = f"case:{key}" if owner == "trace" else key
    raise LogFormatError(
        f"{n_bad:,} of {n_total:,} <{xtype}> values of attribute {key!r} ({n_bad / n_total:.1%}) are not "
        f"{_EXPECTED[xtype]}: {shown}",
        location=Location(file=file, row=first_line, column=name),
        hint="Correct the values or declare the attribute as <string> in the file.",
    )


def _pivot_sql(attrs: str, id_col: str, types: dict[str, str], prefix: str) -> str:
    cols = []
    for key, dtype in types.items():
        value = "value" if dtype == "VARCHAR" else f"TRY_CAST(trim(value) AS {dtype})"
        cols.append(f"first({value}) FILTER (WHERE key = {sql_string(key)}) AS {quote_ident(prefix + key)}")
    return f"SELECT {id_col}, {', '.join(cols)} FROM {attrs} WHERE key IS NOT NULL GROUP BY {id_col}"


def _assemble(stg: _Staging, path: Path, table: str, limits: Limits) -> None:
    con = stg.con
    file = str(path)
    ev_types = _key_types(con, stg.ea)
    tr_types = _key_types(con, stg.ta)
    check_columns(len(ev_types) + len(tr_types), path.name, limits, what="attribute keys")
    _check_values(con, stg.ta, "trace", "trace", stg.tr, tr_types, file)
    _check_values(con, stg.ea, "event", "row", stg.ev, ev_types, file)

    # traces (with events) that have no concept:name
    has_name = "concept:name" in tr_types
    missing = con.execute(
        f"""SELECT e.trace, t.line, count(*) FROM {stg.ev} e JOIN {stg.tr} t USING (trace)
            WHERE {'e.trace NOT IN (SELECT trace FROM ' + stg.ta + " WHERE key = 'concept:name' AND value IS NOT NULL)"
                   if has_name else 'true'}
            GROUP BY e.trace, t.line ORDER BY e.trace LIMIT 1"""
    ).fetchall()
    if missing:
        trace_no, line, n = missing[0]
        raise LogFormatError(
            f"trace {trace_no} (line {line}) has no concept:name attribute, so its {n} event(s) have no case id",
            location=Location(file=file, row=line, column="case:concept:name"),
            hint='Give every <trace> a <string key="concept:name" value="..."/>.',
        )

    order = _ordered_columns([f"case:{k}" for k in tr_types] + list(ev_types))
    select = []
    for name in order:
        alias = "t" if name.startswith("case:") and name[5:] in tr_types else "a"
        select.append(f"{alias}.{quote_ident(name)}")
    select.append("e.row AS __row")
    ev_wide = _pivot_sql(stg.ea, "row", ev_types, "") if ev_types else f"SELECT DISTINCT row FROM {stg.ev}"
    tr_wide = _pivot_sql(stg.ta, "trace", tr_types, "case:")
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE {quote_ident(table)} AS
            WITH a AS ({ev_wide}), t AS ({tr_wide})
            SELECT {', '.join(select)}
            FROM {stg.ev} e LEFT JOIN a USING (row) LEFT JOIN t ON t.trace = e.trace
            ORDER BY e.row"""
    )
