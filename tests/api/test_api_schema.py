"""Fuzz the whole OpenAPI schema with schemathesis, authenticated as an analyst: no server error (5xx), no
response that breaks the documented schema. Bounded: a few examples per operation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, reject, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from tests.api.conftest import World, build_world

_WORLD: dict[str, World] = {}


@pytest.fixture(scope="module", autouse=True)
def _server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    gen = build_world(Path(tmp_path_factory.mktemp("fuzz")))
    _WORLD["w"] = next(gen)
    yield
    gen.close()
    _WORLD.clear()


def _schema() -> schemathesis.BaseSchema:
    from fastapi.testclient import TestClient

    from sagsflow.api.main import create_app
    from sagsflow.api.settings import Settings

    # the schema does not depend on the data; build it without starting a server
    app = create_app(settings=Settings(data_dir=Path("/nonexistent"), workspace=None))
    return schemathesis.openapi.from_dict(TestClient(app).app.openapi())  # type: ignore[attr-defined]


schema = _schema()


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_server_error_and_schema_holds(case: schemathesis.Case) -> None:
    w = _WORLD["w"]
    kwargs = case.as_transport_kwargs(base_url="https://testserver", headers=w.headers("a", "analyst"))
    kwargs.pop("timeout", None)
    kwargs.pop("allow_redirects", None)
    if not kwargs.get("cookies"):
        kwargs.pop("cookies", None)
    try:
        response = w.client.request(**kwargs)
        response.request.read()  # multipart bodies are streamed; schemathesis reads them for its report
    except (TypeError, AttributeError):
        reject()  # httpx cannot even encode this body (say, a number as a file): nothing reached the server
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance,
                                             content_type_conformance])
