"""The web app's client is generated from the server's OpenAPI document (``make client``): the committed copy of
the document must be what the application says today, so a route or payload changed without regenerating the
client fails here (web/src/api/generated.test.ts checks the generated TypeScript against the document)."""

from __future__ import annotations

import json
from pathlib import Path

from sagsflow.api.openapi import openapi_document, openapi_text

COMMITTED = Path(__file__).resolve().parents[2] / "web" / "src" / "client" / "openapi.json"


def test_committed_openapi_document_is_current() -> None:
    assert COMMITTED.exists(), "web/src/client/openapi.json is missing: run `make client`"
    current = openapi_text()
    if COMMITTED.read_text(encoding="utf-8") != current:
        old = json.loads(COMMITTED.read_text(encoding="utf-8"))
        new = json.loads(current)
        changed = sorted({*old["paths"], *new["paths"]} - {p for p in old["paths"] if old["paths"][p] ==
                                                           new["paths"].get(p)})
        schemas = sorted(n for n in {*old["components"]["schemas"], *new["components"]["schemas"]}
                         if old["components"]["schemas"].get(n) != new["components"]["schemas"].get(n))
        raise AssertionError("web/src/client/ is stale: run `make client` and commit the result.\n"
                             f"changed paths: {changed[:10]}\nchanged schemas: {schemas[:10]}")


def test_every_json_response_is_a_named_model() -> None:
    """The contract: each 2xx JSON answer is a Pydantic model (or a list of one), never an untyped object."""
    doc = openapi_document()
    loose = []
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            for code, resp in op.get("responses", {}).items():
                schema = resp.get("content", {}).get("application/json", {}).get("schema")
                if not code.startswith("2") or schema is None:
                    continue
                target = schema.get("items", schema)
                if "$ref" not in target:
                    loose.append(f"{method.upper()} {path} {code}")
    assert not loose, f"untyped JSON responses: {loose}"


def test_filter_specs_are_documented_with_the_library_models() -> None:
    doc = openapi_document()
    body = doc["components"]["schemas"]["Filtered"]["properties"]["filter"]
    refs = json.dumps(body)
    assert "FilterStack" in refs and "CaseAttributeFilter" in refs
    step = doc["components"]["schemas"]["NodeDurationFilter"]
    assert step["properties"]["min"]["anyOf"][0]["format"] == "sagsflow-duration"
    assert step["required"] == ["activity"]
