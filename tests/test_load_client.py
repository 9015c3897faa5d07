"""bench/load_client.py against real servers: it counts page runs of the dashboard, it sees an exception, and it
drives the dashboard through the proxy recipe (deploy/haproxy.cfg), whose headers and limits are checked."""
import asyncio
import http.client
import re
import shutil
import sys
from pathlib import Path

import pytest

from cruscotto.edge import SECURITY_HEADERS
from cruscotto.paths import REPO
from tests.browser_support import streamlit_server

sys.path.insert(0, str(REPO / "bench"))
import bench_load  # noqa: E402
import load_client  # noqa: E402

RAISING_APP = """import streamlit as st
st.title("Fails")
raise RuntimeError("boom for the load client")
"""


def test_two_sessions_count_page_runs_without_errors():
    with streamlit_server() as url:
        pid = load_client.pid_listening_on(int(url.rsplit(":", 1)[1]))
        report = asyncio.run(load_client.run_load(url, sessions=2, think=(0.2, 0.5), duration=6, pids=[pid],
                                                  timeout=120, settle=0, warm=False))
    assert report["overall"]["runs"] >= 2
    assert sum(row["runs"] for row in report["pages"].values()) == report["overall"]["runs"]
    assert report["overall"]["median"] > 0
    assert report["sessions_opened"] == 2
    assert report["dropped"] == []
    assert report["exceptions"] == [] and report["overall"]["exceptions"] == 0
    assert report["page_not_found"] == 0
    assert report["memory_mb"]["warm"] > 0


def test_an_exception_in_a_page_run_is_counted(tmp_path):
    app = tmp_path / "raising_app.py"
    app.write_text(RAISING_APP)
    with streamlit_server(("-m", "streamlit", "run", str(app))) as url:
        report = asyncio.run(load_client.run_load(url, sessions=1, think=(0.2, 0.3), duration=2, pids=[],
                                                  timeout=60, settle=0, warm=False))
    assert report["overall"]["runs"] >= 1
    assert report["overall"]["exceptions"] >= report["overall"]["runs"]
    assert report["exceptions"]


def test_the_proxy_recipe_serves_the_dashboard_with_its_headers_and_limits():
    """deploy/haproxy.cfg (made local by bench_load) in front of one replica: page runs pass through the
    websocket, security headers and the sticky cookie are set, metrics and oversized uploads are refused."""
    if not (shutil.which("haproxy") or Path("/usr/sbin/haproxy").exists()):
        pytest.skip("Debian's haproxy is not installed (apt-get install haproxy)")
    with streamlit_server() as replica, bench_load.haproxy([replica]) as url:
        host, port = url.split("//", 1)[1].split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        connection.request("GET", "/_stcore/health")
        response = connection.getresponse()
        response.read()
        headers = response.headers
        connection.request("GET", "/_stcore/metrics")
        metrics = connection.getresponse()
        metrics.read()
        connection.putrequest("PUT", "/_stcore/upload_file/session/file")
        connection.putheader("Content-Length", str(25 * 1024 * 1024))
        connection.endheaders()
        upload = connection.getresponse()
        connection.close()
        report = asyncio.run(load_client.run_load(url, sessions=2, think=(0.2, 0.5), duration=4, pids=[],
                                                  timeout=120, settle=0, warm=False))
    assert response.status == 200
    for name, value in SECURITY_HEADERS.items():
        assert headers.get_all(name) == [value]  # one copy: the app's and the proxy's never both
    assert "frame-ancestors 'self'" in headers["Content-Security-Policy"]
    assert any(cookie.startswith("CRUSCOTTO_REPLICA=") for cookie in headers.get_all("Set-Cookie"))
    assert metrics.status == 404
    assert upload.status == 413
    assert report["overall"]["runs"] >= 2 and report["overall"]["exceptions"] == 0 and report["dropped"] == []


def test_the_proxy_adds_the_same_security_headers_as_the_app():
    """deploy/haproxy.cfg adds each header the app sends (cruscotto/edge.py) with the same value, so a response
    looks the same whoever set it, and a Streamlit upgrade that changes the CSP's script hash shows up here."""
    config = (REPO / "deploy" / "haproxy.cfg").read_text()
    added = dict(re.findall(r'(?m)^    http-response set-header (\S+) ("[^"]*"|\S+) if !\{ res\.hdr\(\1\) -m found \}$',
                            config))
    assert {name.lower(): value.strip('"') for name, value in added.items()} == SECURITY_HEADERS
