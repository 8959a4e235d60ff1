"""The app under its own security headers: the pages with charts (ECharts), the process map (Cytoscape, ELK in a
worker), the BPMN model (bpmn-js) and the model card iframe work with the server's Content-Security-Policy, and
nothing is blocked."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.web.conftest import JOB_WAIT, Server, login


def test_security_headers_on_the_app(page: Any, server: Server) -> None:
    r = page.context.request.get("/")
    h = r.headers
    assert "script-src 'self'" in h["content-security-policy"] and "frame-ancestors 'none'" in h[
        "content-security-policy"]
    assert h["x-frame-options"] == "DENY" and h["x-content-type-options"] == "nosniff"
    assert h["referrer-policy"] == "no-referrer"
    assert "strict-transport-security" not in h  # plain http on the loopback


def test_pages_work_under_the_csp(page: Any, server: Server) -> None:
    base = f"/w/{server.workspace_id}/l/{server.log}"
    login(page, "analyst", f"{base}/dashboard")
    expect(page.locator("canvas, svg").first).to_be_attached(timeout=JOB_WAIT)
    page.goto(f"{base}/map")
    expect(page.get_by_test_id("map-canvas")).not_to_have_attribute("data-draws", "0", timeout=JOB_WAIT)
    page.goto(f"{base}/models")
    page.get_by_test_id("discover").click()
    expect(page.get_by_test_id("bpmn-drawn")).to_be_attached(timeout=JOB_WAIT)
    assert not page.csp_violations, page.csp_violations
    assert not page.js_errors, page.js_errors
