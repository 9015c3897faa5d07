"""Behind a reverse proxy on the same machine each visitor is counted by its own address (X-Forwarded-For), also
when the server listens on every address and sees the proxy as an IPv4-mapped IPv6 address: otherwise the
per-visitor session limit (cruscotto/edge.py) refused the 21st visitor of the whole site."""
import asyncio
import os
import sys

import pytest
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from cruscotto.__main__ import LOOPBACK_PROXIES


def visitor_seen(proxy_address: str, trusted: str) -> str:
    seen = {}

    async def app(scope, receive, send):
        seen["client"] = scope["client"][0]

    scope = {"type": "websocket", "client": (proxy_address, 50000),
             "headers": [(b"x-forwarded-for", b"203.0.113.7")]}
    asyncio.run(ProxyHeadersMiddleware(app, trusted_hosts=trusted)(scope, None, None))
    return seen["client"]


@pytest.mark.parametrize("proxy_address", ["127.0.0.1", "::1", "::ffff:127.0.0.1"])
def test_a_proxy_on_this_machine_passes_the_visitor_address_on(proxy_address):
    assert visitor_seen(proxy_address, LOOPBACK_PROXIES) == "203.0.113.7"


def test_any_other_sender_cannot_choose_its_address():
    assert visitor_seen("198.51.100.4", LOOPBACK_PROXIES) == "198.51.100.4"


def test_serve_trusts_loopback_proxies_unless_told_otherwise(monkeypatch):
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    from cruscotto import __main__ as main
    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    monkeypatch.setattr(cli, "main", lambda: 0)  # the server itself is not started
    monkeypatch.setattr(sys, "argv", list(sys.argv))
    monkeypatch.setattr(PagesManager, "uses_pages_directory", PagesManager.uses_pages_directory)
    main.serve([])
    assert os.environ["FORWARDED_ALLOW_IPS"] == LOOPBACK_PROXIES
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "10.0.0.2")
    main.serve([])
    assert os.environ["FORWARDED_ALLOW_IPS"] == "10.0.0.2"
