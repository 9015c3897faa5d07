"""What the real-browser tests share: Debian chromium's flags, a dashboard server on a free port started as
the README's run command starts it, opening a page until it is drawn, screenshots for a person to look at.
The `server` and `browser` fixtures (one of each per test module) are in conftest.py."""
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager

import pytest

from cruscotto.paths import REPO

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--use-angle=swiftshader", "--enable-unsafe-swiftshader"]
ARTIFACTS = REPO / "tests" / "artifacts"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(launcher: tuple[str, ...] = ("-m", "cruscotto", "serve")):
    """A server on a free port, started as the README's run command starts it (or as `launcher` says)."""
    if not shutil.which(CHROMIUM):
        pytest.fail("Debian chromium is missing: `make test` installs it")
    port = free_port()
    process = subprocess.Popen([sys.executable, *launcher, "--server.port", str(port),
                                "--server.headless", "true", "--browser.gatherUsageStats", "false"],
                               cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(url + "/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


def open_page(browser, url: str, ready: str = "[data-testid='stMainBlockContainer'] h1"):
    """Open a URL and wait until the script has finished and the page's own content is drawn."""
    page = browser.new_page(viewport={"width": 1400, "height": 2400}, bypass_csp=True)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # (Streamlit's own base-path probes, e.g. /mappa/_stcore/health, answer 404 by design: not counted)
    page.on("response", lambda response: response.status >= 400 and "/app/static/" in response.url
            and errors.append(f"{response.status} {response.url}"))
    page.goto(url)
    page.wait_for_selector("[data-testid='stApp']", timeout=60_000)
    wait_drawn(page, url, ready)
    return page, errors


def wait_drawn(page, url: str, ready: str, timeout: int = 60_000) -> None:
    """Wait until the script has finished and the page is fully painted, and no exception is shown."""
    page.wait_for_selector(ready, timeout=timeout)
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout)
    # fully painted: no element still drawn as a placeholder (a busy machine can lag behind the script)
    page.wait_for_function("!document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=timeout)
    shown = page.locator("[data-testid='stException']")
    assert shown.count() == 0, f"{url}: exception shown: {shown.first.inner_text()[:2000]}"


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.wait_for_timeout(800)  # let Plotly finish its transition
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
