"""Two ASGI middlewares around the whole application: who the client is (trusted proxies only by configuration)
and the security headers every response carries.

The client address is what the audit log stores and what login throttling counts, so it must not be up to the
client: ``X-Forwarded-For`` and ``X-Forwarded-Proto`` are read only when the connection comes from a proxy listed in
``SAGSFLOW_TRUSTED_PROXIES``, and then the client is the right-most address of the chain that is not itself a
trusted proxy (a client can prepend anything to the header; it cannot change what its proxy appends).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [v6]:port
        text = text[1:text.index("]")]
    elif text.count(":") == 1:  # v4:port
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def resolve_client(peer: str, forwarded_for: Sequence[str], trusted: Sequence[Network]) -> str:
    """The client's address: ``peer`` unless ``peer`` is a trusted proxy; then the right-most address of the
    ``X-Forwarded-For`` chain that is not a trusted proxy (the left-most when all are; the last trusted hop when
    the next one is not an address at all).

    Examples
    --------
    >>> nets = [ipaddress.ip_network("10.0.0.0/8")]
    >>> resolve_client("10.0.0.2", ["6.6.6.6, 192.0.2.7"], nets)   # 6.6.6.6 was made up by the client
    '192.0.2.7'
    >>> resolve_client("192.0.2.9", ["1.2.3.4"], nets)              # not from a trusted proxy: header ignored
    '192.0.2.9'
    """
    def is_trusted(addr: ipaddress.IPv4Address | ipaddress.IPv6Address | None) -> bool:
        return addr is not None and any(addr in n for n in trusted)

    if not trusted or not is_trusted(_ip(peer)):
        return peer
    hops = [h.strip() for value in forwarded_for for h in value.split(",") if h.strip()]
    current = peer
    for hop in reversed(hops):
        addr = _ip(hop)
        if addr is None:
            return current
        current = str(addr)
        if not is_trusted(addr):
            return current
    return current


class ClientAddress:
    """Sets ``scope["client"]`` (and ``scope["scheme"]`` from ``X-Forwarded-Proto``) from trusted proxies only."""

    def __init__(self, app: App, trusted: Sequence[Network]) -> None:
        self.app = app
        self.trusted = list(trusted)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and self.trusted and scope.get("client"):
            peer = str(scope["client"][0])
            peer_ip = _ip(peer)
            if peer_ip is not None and any(peer_ip in n for n in self.trusted):
                headers = [(k.lower(), v.decode("latin-1")) for k, v in scope.get("headers", [])]
                scope = dict(scope)
                scope["client"] = (resolve_client(peer, [v for k, v in headers if k == b"x-forwarded-for"],
                                                  self.trusted), 0)
                proto = [v for k, v in headers if k == b"x-forwarded-proto"]
                last = proto[-1].split(",")[-1].strip().lower() if proto else ""
                if last in ("http", "https") and scope["type"] == "http":
                    scope["scheme"] = last
        await self.app(scope, receive, send)


#: the web app (Vite build, ECharts, Cytoscape, bpmn-js): scripts only from this origin, no eval; inline style
#: attributes (the chart and diagram libraries set them); images and fonts from here, data: and blob:;
#: never framed by other sites
APP_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
           "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; frame-src 'self'; "
           "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
#: FastAPI's interactive documentation (/docs, /redoc) loads Swagger UI / ReDoc from a CDN with an inline script
DOCS_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
            "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com; "
            "img-src 'self' data: https://fastapi.tiangolo.com https://cdn.redoc.ly; "
            "font-src 'self' https://fonts.gstatic.com; worker-src 'self' blob:; connect-src 'self'; "
            "object-src 'none'; base-uri 'none'; frame-ancestors 'none'")


class SecurityHeaders:
    """Adds CSP, X-Frame-Options, nosniff, Referrer-Policy and friends to every response (a route's own CSP
    wins), and Strict-Transport-Security when the request came over HTTPS (directly or via a trusted proxy)."""

    def __init__(self, app: App, *, hsts_seconds: int) -> None:
        self.app = app
        self.hsts = hsts_seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))
        csp = DOCS_CSP if path in ("/docs", "/redoc", "/docs/oauth2-redirect") else APP_CSP
        https = scope.get("scheme") == "https"

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                extra = [(b"content-security-policy", csp.encode()), (b"x-frame-options", b"DENY"),
                         (b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
                         (b"cross-origin-opener-policy", b"same-origin"),
                         (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()")]
                if https and self.hsts:
                    extra.append((b"strict-transport-security", f"max-age={self.hsts}".encode()))
                headers += [(k, v) for k, v in extra if k not in present]
                message = dict(message)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


class Methods:
    """``OPTIONS`` on an API path answers 204 with an ``Allow`` header; a method the path does not have answers
    405 (problem body) with ``Allow`` — instead of the 404 the web app's catch-all would give."""

    def __init__(self, app: App, api: Any) -> None:
        self.app = app
        self.api = api  # the FastAPI application: its OpenAPI paths are the contract
        self._paths: list[tuple[re.Pattern[str], set[str]]] | None = None

    def allowed(self, path: str) -> set[str]:
        if self._paths is None:
            compiled = []
            for template, ops in self.api.openapi().get("paths", {}).items():
                pattern = re.sub(r"\\\{[^}/]+\\\}", "[^/]+", re.escape(template))
                compiled.append((re.compile(f"^{pattern}$"), {m.upper() for m in ops}))
            self._paths = compiled
        methods: set[str] = set()
        for regex, ops in self._paths:
            if regex.match(path):
                methods |= ops
        if methods:
            methods |= {"OPTIONS"} | ({"HEAD"} if "GET" in methods else set())
        return methods

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and str(scope.get("path", "")).startswith("/api/"):
            allowed = self.allowed(str(scope["path"]))
            method = str(scope.get("method", "GET")).upper()
            if allowed and (method == "OPTIONS" or method not in allowed):
                from starlette.responses import Response

                from sagsflow.api.problems import _response

                allow = ", ".join(sorted(allowed))
                response = (Response(status_code=204, headers={"Allow": allow}) if method == "OPTIONS" else
                            _response(405, f"{method} is not allowed here; this path allows {allow}.",
                                      headers={"Allow": allow}))
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
