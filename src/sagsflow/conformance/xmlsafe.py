"""Safe parsing of model files (BPMN 2.0, PNML): no DTDs, no entities, no network, bounded size.

A model file is small; one that declares a ``<!DOCTYPE`` or ``<!ENTITY`` could expand to
gigabytes (billion laughs) or read local files and URLs (XXE), so such files are refused before
parsing, as :mod:`sagsflow.ingest.xes_read` does for event logs. lxml then runs with entity
substitution, DTD loading and network access off, as a second line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sagsflow.errors import Location, LogFormatError, UnsafeInputError

#: model files larger than this are refused (a large BPMN diagram is a few MB)
MAX_MODEL_BYTES = 64 * 1024 * 1024
_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY|ELEMENT|ATTLIST)", re.IGNORECASE)


def read_model_bytes(path: str | Path, kind: str) -> bytes:
    """The bytes of a model file, refused when too large or when it declares a DTD or entities."""
    p = Path(path)
    if not p.exists():
        raise LogFormatError(f"the {kind} file does not exist", location=Location(file=str(p)),
                             hint="Check the path (relative paths are taken from the current folder).")
    size = p.stat().st_size
    if size > MAX_MODEL_BYTES:
        raise UnsafeInputError(
            f"the {kind} file is {size:,} bytes, more than the {MAX_MODEL_BYTES:,} a model file may have",
            location=Location(file=str(p)), hint="Check that this is a process model, not an event log.")
    data = p.read_bytes()
    check_no_dtd(data, str(p))
    return data


def check_no_dtd(data: bytes, file: str) -> None:
    """Refuse XML that declares a DOCTYPE, entities or other DTD markup (with its line)."""
    m = _DECLARATION.search(data)
    if m:
        line = data.count(b"\n", 0, m.start()) + 1
        found = data[m.start(): m.start() + 40].split(b"\n")[0].decode("utf-8", "replace")
        raise UnsafeInputError(
            f"the XML declares a DOCTYPE or entities ({found!r}...) at line {line}; Sagsflow refuses DTDs "
            "and entity declarations, which can expand to gigabytes (billion laughs) or read local files "
            "and URLs (external entities, XXE)",
            location=Location(file=file, row=line),
            hint="BPMN and PNML files need no DOCTYPE: remove the <!DOCTYPE ...> declaration if the file is "
                 "trusted.")


def parse_xml(data: bytes, file: str, *, objectify: bool = False) -> Any:
    """Parse XML with entities, DTDs and network access off; syntax errors name the line."""
    from lxml import etree
    from lxml import objectify as lxml_objectify

    options: dict[str, Any] = {"resolve_entities": False, "no_network": True, "load_dtd": False,
                               "huge_tree": False, "remove_comments": True}
    parser = etree.XMLParser(**options)  # also for objectify: its own parser drops blank text PM4Py reads
    try:
        if objectify:
            return lxml_objectify.fromstring(data, parser=parser)
        return etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else None
        raise LogFormatError(f"the file is not well-formed XML: {exc.msg}",
                             location=Location(file=file, row=line),
                             hint="Open it in a text editor at that line, or export the model again from "
                                  "the modelling tool.") from None
