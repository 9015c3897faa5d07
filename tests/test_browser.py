"""Real browser: Debian chromium driven by Playwright opens each page through a URL with parameters.
Screenshots go to tests/artifacts/ for a person to look at."""
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from cruscotto.paths import REPO

pytestmark = pytest.mark.browser
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--use-angle=swiftshader", "--enable-unsafe-swiftshader"]
ARTIFACTS = REPO / "tests" / "artifacts"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    if not shutil.which(CHROMIUM):
        pytest.fail("Debian chromium is missing: `make test` installs it")
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
                                "--server.headless", "true", "--browser.gatherUsageStats", "false"],
                               cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(url + "/_stcore/health", timeout=1)
            break
        except OSError:
            time.sleep(0.5)
    yield url
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield instance
        instance.close()


def open_page(browser, url: str, name: str):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    page.wait_for_selector("[data-testid='stApp']", timeout=60_000)
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
    page.wait_for_timeout(1500)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    assert page.locator("[data-testid='stException']").count() == 0, f"{name}: exception shown"
    return page, errors


@pytest.mark.parametrize("path,params,name", [
    ("panoramica", "territorio=098031", "panoramica_lodi"),
    ("tendenze", "territorio=NIL12&indicatore=reg_80_plus_living_alone_share", "tendenze_nil12"),
    ("confronta", "territorio=019036&confronto=019036,098031,015146&indicatore=share_65_plus", "confronta_cremona"),
    ("spesa", "territorio=ambito-di-cremona", "spesa_ambito_cremona"),
])
def test_pages_render_charts(server, browser, path, params, name):
    page, errors = open_page(browser, f"{server}/{path}?{params}", name)
    page.wait_for_selector(".js-plotly-plot", timeout=30_000)
    assert page.locator(".js-plotly-plot").count() >= 1
    assert page.get_by_text("Fonte:").count() >= 1
    page.close()


def test_map_canvas_renders_all_comuni(server, browser):
    page, errors = open_page(browser, f"{server}/mappa?territorio=015146&indicatore=share_65_plus&anno=2022", "mappa_comuni")
    page.wait_for_selector("canvas", timeout=60_000)
    page.wait_for_timeout(2000)
    page.screenshot(path=str(ARTIFACTS / "mappa_comuni.png"), full_page=True)
    assert page.locator("canvas").count() >= 1
    page.close()


def test_link_reopens_same_view(server, browser):
    page, _ = open_page(browser, f"{server}/tendenze?territorio=019036&indicatore=old_age_index&lingua=en", "link_en")
    assert "territorio=019036" in page.url and "lingua=en" in page.url
    # the indicator's label first appears as text in the chart title: wait for the chart
    page.wait_for_selector(".js-plotly-plot", timeout=30_000)
    assert page.get_by_text("Old-age index").count() >= 1
    page.close()
