"""Feed an XES file to rustxes through a pipe, checking it on the way (standard library only).

rustxes reads a file by name, and would fill ``<global>`` defaults silently and read some elements
lossily (see :mod:`sagsflow.ingest.xes_read`). Instead of decompressing the file to a temporary copy,
blanking its ``<global>`` declarations there and searching the copy before rustxes starts, the import
runs this module as a child process that does all of it in one streaming pass and writes the XML into
a pipe that rustxes reads as ``/dev/fd/N``: decompression, the checks and the parsing overlap, and no
decompressed copy is written to disk.

The child (``python -I -S xes_feed.py SOURCE FD LIMIT``) decompresses gzip input under the
decompression-bomb limit, cuts the ``<global>`` declarations out of the head (replacing them with
spaces, so the XML stays well-formed), searches the rest for what rustxes cannot keep, and prints one
JSON line: ``{"status": "ok" | "lossy" | "entity" | "bomb" | "corrupt" | "reader_closed", ...}``
with the ``<global>`` snippets it blanked (hex). On any finding other than ``ok`` it stops writing, so
rustxes sees a truncated document and fails quickly; the parent reports the child's finding. Nothing
here imports the rest of Sagsflow: the child starts in a few tens of milliseconds.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
import zlib
from typing import Any

# elements rustxes reads lossily (see sagsflow.ingest.xes_read), and entity references other than the
# predefined ones, which rustxes keeps as text where XML requires an error
RUSTXES_LOSSY = re.compile(rb"<(list|container|id)[\s/>]|</(string|date|int|float|boolean)\s*>")
UNDEFINED_ENTITY = re.compile(rb"&(?!(?:amp|lt|gt|quot|apos);|#)")
GLOBAL = re.compile(rb"<global\b[^>]*?/>|<global\b.*?</global\s*>", re.S)
XML_SPACE = b" \t\r\n"
# every match of RUSTXES_LOSSY starts with one of these (a superset, rare in a file rustxes reads well): one
# regular-expression pass rules most chunks out, 7x faster than the substring searches below
_CANDIDATE = re.compile(rb"<(?:/[sdifb]|li|co|id)")
CHUNK = 4 * 1024 * 1024
_CARRY_MAX = 1024 * 1024
_HEAD_MAX = 64 * 1024 * 1024


def find_lossy(data: Any, start: int = 0) -> bytes | None:
    """The first place after ``start`` where :data:`RUSTXES_LOSSY` matches, found with plain substring searches
    (memchr-fast; the regular expression took seconds on a 1M-event log): the element name (``b"list"``,
    ``b"container"``, ``b"id"``) or ``b""`` for a closing tag of a nested attribute; None when nothing matches.

    Examples
    --------
    >>> find_lossy(b'<event><listing/><string key="a" value="b"></string ></event>')
    b''
    >>> find_lossy(b'<event><id key="x" value="y"/></event>'), find_lossy(b'<event><int key="n" value="1"/>')
    (b'id', None)
    """
    first = _CANDIDATE.search(data, start)
    if first is None:
        return None
    start = first.start()
    best: tuple[int, bytes] | None = None
    for tag in (b"list", b"container", b"id", b"string", b"date", b"int", b"float", b"boolean"):
        closing = tag not in (b"list", b"container", b"id")
        needle = (b"</" if closing else b"<") + tag
        at = data.find(needle, start)
        while at >= 0 and (best is None or at < best[0]):
            end = at + len(needle)
            if closing:
                while end < len(data) and data[end:end + 1] in XML_SPACE:
                    end += 1
                if data[end:end + 1] == b">":
                    best = (at, b"")
                    break
            elif data[end:end + 1] and data[end:end + 1] in XML_SPACE + b"/>":
                best = (at, tag)
                break
            at = data.find(needle, end)
    return None if best is None else best[1]


def _carry(buffer: bytes) -> bytes:
    """The end of ``buffer`` a search must see again with the next chunk: an unfinished tag (from its ``<``),
    at least the last 16 bytes (an entity reference or a tag name cut in two)."""
    lt = buffer.rfind(b"<")
    start = len(buffer) - 16
    if lt >= 0 and buffer.find(b">", lt) < 0:
        start = min(start, lt)
    return buffer[max(start, len(buffer) - _CARRY_MAX, 0):]


class Finding(Exception):
    """Stop feeding: ``status`` says why (``lossy``, ``entity``, ``bomb``, ``corrupt``)."""

    def __init__(self, status: str, **detail: Any) -> None:
        super().__init__(status)
        self.status = status
        self.detail = detail


class _Source:
    """The file's bytes in chunks, decompressed (gzip, by its magic bytes) and counted against ``limit``."""

    def __init__(self, path: str, limit: int) -> None:
        self.raw = open(path, "rb")  # noqa: SIM115 - closed in close()
        self.gz = gzip.GzipFile(fileobj=self.raw, mode="rb") if self.raw.read(2) == b"\x1f\x8b" else None
        self.raw.seek(0)
        self.limit = limit
        self.total = 0

    def read(self) -> bytes:
        try:
            data = self.gz.read(CHUNK) if self.gz is not None else self.raw.read(CHUNK)
        except (OSError, EOFError, zlib.error) as exc:
            raise Finding("corrupt", error=str(exc)) from None
        self.total += len(data)
        if self.gz is not None and self.total > self.limit:
            raise Finding("bomb", total=self.total)
        return data

    def close(self) -> None:
        if self.gz is not None:
            self.gz.close()
        self.raw.close()


def _check(buffer: bytes, start: int, *, final: bool) -> None:
    """Raise a :class:`Finding` for what rustxes cannot keep in ``buffer`` (lossy elements from ``start``).

    Unless ``final``, a reference among the last 6 bytes is not judged yet (``&am`` may continue as ``&amp;`` in
    the next chunk): :func:`_carry` keeps them for the next search."""
    lossy = find_lossy(buffer, start)
    if lossy is not None:
        raise Finding("lossy", what=lossy.decode())
    m = UNDEFINED_ENTITY.search(buffer) if b"&" in buffer else None
    if m is not None and (final or m.start() + 6 <= len(buffer)):
        raise Finding("entity")


def feed(path: str, out: Any, limit: int) -> dict[str, Any]:
    """Write the checked XML of ``path`` to the binary file ``out``; return the report (see the module)."""
    src = _Source(path, limit)
    globals_found: list[str] = []
    try:
        # the head: everything before the first <trace>, where the <global> declarations are
        head = b""
        while (at := head.find(b"<trace")) < 0 and len(head) < _HEAD_MAX:
            chunk = src.read()
            if not chunk:
                break
            head += chunk
        end = at if at >= 0 else len(head)
        spans = [m.span() for m in GLOBAL.finditer(head, 0, end)]
        if spans:
            blanked = bytearray(head)
            for s, e in spans:
                globals_found.append(head[s:e].hex())
                blanked[s:e] = b" " * (e - s)
            head = bytes(blanked)
        # log-level attributes before the first trace are not read by rustxes at all: searched from there
        chunk = src.read()
        _check(head, max(at, 0), final=not chunk)
        out.write(head)
        carry = _carry(head[max(at, 0):])
        while chunk:
            buffer = carry + chunk
            chunk = src.read()
            _check(buffer, 0, final=not chunk)
            out.write(buffer[len(carry):])
            carry = _carry(buffer)
        return {"status": "ok", "globals": globals_found, "total": src.total}
    except Finding as f:
        return {"status": f.status, "globals": globals_found, "total": src.total, **f.detail}
    except BrokenPipeError:  # the reader stopped (a parse error): the parent reports that
        return {"status": "reader_closed", "globals": globals_found, "total": src.total}
    finally:
        src.close()


def main(argv: list[str]) -> int:
    path, fd, limit = argv[0], int(argv[1]), int(argv[2])
    out = open(fd, "wb")  # noqa: SIM115 - closed below, before the report is printed
    report = feed(path, out, limit)
    try:
        out.close()  # the reader sees the end of the document (or of what was fed)
    except BrokenPipeError:
        report["status"] = "reader_closed" if report["status"] == "ok" else report["status"]
    print(json.dumps(report), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
