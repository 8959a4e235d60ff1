"""The server's OpenAPI document, built from the application without starting it.

The web app's client (``web/src/client/``) is generated from this document (``make client``); a test fails
when the committed copy differs from what the application says, so the contract cannot drift.

Examples
--------
>>> from sagsflow.api.openapi import openapi_document
>>> doc = openapi_document()
>>> doc["info"]["title"], "/api/health" in doc["paths"]
('Sagsflow', True)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def openapi_document() -> dict[str, Any]:
    """The OpenAPI document of :func:`sagsflow.api.main.create_app` (no server, no data, no environment)."""
    from sagsflow.api.main import create_app
    from sagsflow.api.settings import Settings

    app = create_app(settings=Settings(data_dir=Path("/nonexistent"), workspace=None,
                                       web_dist=Path("/nonexistent")))
    return app.openapi()


def openapi_text() -> str:
    """The document as the committed ``web/src/client/openapi.json`` holds it (stable key order, 2 spaces)."""
    return json.dumps(openapi_document(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    """``python -m sagsflow.api.openapi [FILE]``: write the document to FILE (default: standard output)."""
    args = sys.argv[1:] if argv is None else argv
    text = openapi_text()
    if args:
        Path(args[0]).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
