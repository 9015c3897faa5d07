"""The dashboard's web edge: ASGI middleware in front of Streamlit (server.py) for what a visitor's browser, or a
script posing as one, could otherwise abuse. One job per class; middleware() lists them in the order they wrap.

- HiddenMetrics: /_stcore/metrics (sessions, cache sizes) answers 404; /_stcore/health stays open.
- SecurityHeaders: nosniff, referrer policy and a Content-Security-Policy (frame-ancestors included) on every
  HTTP response; a proxy in front (deploy/) passes them on or sets the same set.
- SessionLimit: at most MAX_SESSIONS_PER_CLIENT open websocket sessions per client address.
- OriginCheck: a cross-origin websocket handshake is refused here, before Streamlit's own check, which would
  look the machine's external IP up over the network on the event loop (net_util.get_external_ip).
- ClearCacheFilter: the `clear_cache` BackMsg, which any browser can send and which empties st.cache_data and
  st.cache_resource for everyone (the DuckDB connection included), is dropped.
- (innermost, not an edge guard) ReleaseWhenIdle: memory given back once the last visitor has left
  (cruscotto/idle_memory.py).

Behind a proxy the client address is the one uvicorn reads from X-Forwarded-For: uvicorn trusts that header only
from FORWARDED_ALLOW_IPS (`python -m cruscotto serve`: loopback in each of its forms, ::ffff:127.0.0.1 included,
unless set), so a proxy elsewhere must be named there.
"""
from __future__ import annotations

import base64
import hashlib
import logging
import os
import re
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import streamlit
from streamlit import config
from streamlit.proto.BackMsg_pb2 import BackMsg

LOG = logging.getLogger(__name__)

STREAM_PATH = "/_stcore/stream"  # Streamlit's websocket, after any server.baseUrlPath
METRICS_PATH = "/_stcore/metrics"
# One browser tab is one session; 20 leaves room for a planner's many tabs. A load test that simulates many
# visitors from one machine gives each its own source address (127.0.0.N) or raises this with the variable.
MAX_SESSIONS_PER_CLIENT = int(os.environ.get("CRUSCOTTO_MAX_SESSIONS_PER_CLIENT", "20"))


def inline_script_hashes() -> list[str]:
    """CSP hashes of the inline scripts in Streamlit's index.html (1.67: one, `window.prerenderReady = false`),
    so that no other inline script runs."""
    page = (Path(streamlit.__file__).parent / "static" / "index.html").read_text(encoding="utf-8")
    bodies = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", page, re.S)
    return [f"'sha256-{base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()}'" for body in bodies]


# What Streamlit 1.67's page needs and no more (checked in chromium on every kind of page: metrics, Plotly
# charts, the pydeck map, tables, /carica; tests/test_browser_edge.py): its inline styles (emotion), its one
# inline bootstrap script (by hash), WebAssembly, WebGL workers from blob:, images and fonts as data: URIs.
# Nothing from another host, and no 'unsafe-eval': the page does not need it. Browser tests that run bare
# Playwright expressions (which Playwright evaluates with eval) open their pages with bypass_csp=True;
# tests/test_browser_edge.py does not, and checks that the page works under this policy.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    f"script-src 'self' {' '.join(inline_script_hashes())} 'wasm-unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
])
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "content-security-policy": CONTENT_SECURITY_POLICY,
}


def client_address(scope) -> str:
    client = scope.get("client")
    return client[0] if client else "unknown"


def header(scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin-1")
    return None


async def refuse_websocket(receive, send) -> None:
    """Close a websocket before accepting it: the client gets HTTP 403 and no session is made."""
    message = await receive()
    if message["type"] == "websocket.connect":
        await send({"type": "websocket.close", "code": 1008})


class HiddenMetrics:
    """/_stcore/metrics tells anyone how many sessions are open and how much each cache holds: 404."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope.get("path", "").rstrip("/").endswith(METRICS_PATH):
            await send({"type": "http.response.start", "status": 404,
                        "headers": [(b"content-type", b"text/plain; charset=utf-8")]})
            await send({"type": "http.response.body", "body": b"Not found\n"})
            return
        await self.app(scope, receive, send)


class SecurityHeaders:
    """Adds SECURITY_HEADERS to every HTTP response that does not set them itself."""

    def __init__(self, app):
        self.app = app
        self.headers = [(name.encode(), value.encode()) for name, value in SECURITY_HEADERS.items()]

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                present = {key.lower() for key, _ in message.get("headers", [])}
                message = {**message, "headers": [*message.get("headers", []),
                                                  *(item for item in self.headers if item[0] not in present)]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class SessionLimit:
    """At most MAX_SESSIONS_PER_CLIENT websocket sessions open at once from one client address."""

    def __init__(self, app, limit: int | None = None):
        self.app = app
        self.limit = limit or MAX_SESSIONS_PER_CLIENT
        self.open = Counter()  # the event loop is one thread: no lock needed

    async def __call__(self, scope, receive, send):
        if scope["type"] != "websocket" or not scope.get("path", "").endswith(STREAM_PATH):
            return await self.app(scope, receive, send)
        address = client_address(scope)
        if self.open[address] >= self.limit:
            LOG.warning("Websocket refused: %s already has %d sessions open", address, self.open[address])
            return await refuse_websocket(receive, send)
        self.open[address] += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.open[address] -= 1
            if not self.open[address]:
                del self.open[address]


def allowed_origin_hosts() -> set[str]:
    """Hosts a page may come from besides the server's own Host header: loopback names, the configured public
    address (browser.serverAddress) and server.corsAllowedOrigins."""
    hosts = {"localhost", "127.0.0.1", "0.0.0.0", "[::1]", "::1"}
    if config.is_manually_set("browser.serverAddress"):
        hosts.add(config.get_option("browser.serverAddress").strip().lower())
    for origin in config.get_option("server.corsAllowedOrigins") or []:
        hosts.add((urlsplit(origin.strip()).hostname or "").lower())
    return hosts


def same_or_allowed_origin(origin: str | None, host: str | None) -> bool:
    if origin is None:  # not a browser: no cross-site risk, Streamlit lets it in too
        return True
    parts = urlsplit(origin)
    if host is not None and parts.netloc.lower() == host.lower():
        return True
    return (parts.hostname or "").lower() in allowed_origin_hosts()


class OriginCheck:
    """Refuses websocket handshakes from other origins before Streamlit checks them, because Streamlit's check
    (server_util.is_url_from_allowed_origins) asks an outside service for the machine's external IP, blocking
    the event loop for up to seconds per handshake where outbound traffic is dropped. Same-origin pages,
    loopback names and the configured addresses pass as before."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "websocket" and scope.get("path", "").endswith(STREAM_PATH):
            origin, host = header(scope, b"origin"), header(scope, b"host")
            if not same_or_allowed_origin(origin, host):
                LOG.warning("Websocket refused: origin %.100s is not host %.100s", origin, host)
                return await refuse_websocket(receive, send)
        await self.app(scope, receive, send)


def is_clear_cache(payload: bytes | None) -> bool:
    if not payload:
        return False
    message = BackMsg()
    try:
        message.ParseFromString(payload)
    except Exception:  # Streamlit itself refuses a frame that is no BackMsg
        return False
    return message.WhichOneof("type") == "clear_cache"


class ClearCacheFilter:
    """Drops `clear_cache` BackMsgs: Streamlit would empty every st.cache_data and st.cache_resource of the
    process (and the sender's session state) for any visitor who asks. Caches are cleared by restarting."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "websocket" or not scope.get("path", "").endswith(STREAM_PATH):
            return await self.app(scope, receive, send)

        async def receive_without_clear_cache():
            while True:
                message = await receive()
                if message["type"] == "websocket.receive" and is_clear_cache(message.get("bytes")):
                    LOG.warning("clear_cache ignored from %s", client_address(scope))
                    continue
                return message

        await self.app(scope, receive_without_clear_cache, send)


def middleware():
    """The edge, outermost first, for st.App(..., middleware=middleware())."""
    from starlette.middleware import Middleware

    from cruscotto.idle_memory import ReleaseWhenIdle
    from cruscotto.local.upload_gate import SessionEndCleanup, UploadGate
    from cruscotto.map_files import ImmutableMapFiles
    return [Middleware(HiddenMetrics), Middleware(SecurityHeaders), Middleware(ImmutableMapFiles), Middleware(SessionLimit),
            Middleware(OriginCheck), Middleware(ClearCacheFilter), Middleware(UploadGate),
            Middleware(SessionEndCleanup), Middleware(ReleaseWhenIdle)]
