"""Real browser: the visitor's browser contacts no host but the dashboard's own. Every request of every
page (the map at each level included) is logged — documents, scripts, fetches, workers, service workers,
websockets — and any other host fails the test (issue 10: the map used to ask a third-party map-style
server). Screenshots of the maps in tests/artifacts/."""
from urllib.parse import urlsplit

import pytest

from cruscotto.levels import MAP_LEVELS
from cruscotto.maps import MAP_HEIGHT
from tests.browser_support import ARTIFACTS, wait_drawn
pytestmark = pytest.mark.browser

LOCAL_SCHEMES = {"data", "blob", "about"}
PAGES = [
    ("/", "[data-testid='stMetric']"),
    ("/panoramica?territorio=015146", "[data-testid='stMetric']"),
    ("/panoramica?territorio=015146&lingua=en", "[data-testid='stMetric']"),
    ("/tendenze?territorio=015146", ".js-plotly-plot .main-svg"),
    ("/confronta?territorio=015146&confronto=015146,012133", ".js-plotly-plot .main-svg"),
    ("/spesa?territorio=015146", ".js-plotly-plot .main-svg"),
    ("/dati-aperti", "[data-testid='stMainBlockContainer'] h1"),
    ("/fonti", "[data-testid='stMainBlockContainer'] h1"),
    ("/carica", "[data-testid='stMainBlockContainer'] h1"),
] + [(f"/mappa?territorio=015146&livello={level}", "canvas") for level in MAP_LEVELS]


def foreign(url: str, own: str) -> bool:
    """Whether a URL leaves the dashboard's host (scheme-less local URLs such as data: never do)."""
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return False
    return parts.netloc != own


@pytest.fixture
def logged_context(browser):
    """A browser context that records every URL it asks for, from pages, workers and service workers.
    The dashboard's Content-Security-Policy is bypassed: the app itself must ask no other host (and
    Playwright's waits evaluate script, which the policy forbids)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1600}, bypass_csp=True)
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    context.on("page", lambda page: page.on("websocket", lambda socket: requested.append(socket.url)))
    context.on("serviceworker", lambda worker: requested.append(worker.url))
    yield context, requested
    context.close()


def open_in(context, url: str, ready: str):
    """Open a URL in the logged context and wait until it is fully drawn (as browser_support.open_page)."""
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    wait_drawn(page, url, ready, timeout=120_000)
    return page, errors


def wait_map_read_and_drawn(page) -> None:
    page.wait_for_function("performance.getEntriesByType('resource').some(e => e.name.includes('/app/static/maps/'))",
                           timeout=120_000)
    page.wait_for_timeout(2000)  # deck.gl draws after reading the file; a base map would ask for its style by now


@pytest.mark.parametrize("path,ready", PAGES, ids=[path for path, _ in PAGES])
def test_no_request_leaves_the_dashboard_host(server, logged_context, path, ready):
    context, requested = logged_context
    own = urlsplit(server).netloc
    page, errors = open_in(context, server + path, ready)
    if ready == "canvas":
        wait_map_read_and_drawn(page)
        level = path.rsplit("=", 1)[1]
        ARTIFACTS.mkdir(exist_ok=True)
        page.locator("canvas").first.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / f"privacy_map_{level}.png"))
        canvas = page.locator("canvas").first.bounding_box()
        assert canvas["height"] >= MAP_HEIGHT - 2
    else:
        page.wait_for_timeout(1000)
    page.close()
    assert requested, "no request was logged: the log itself is broken"
    assert any(url.startswith(("ws://", "wss://")) for url in requested), "the websocket was not logged"
    outside = sorted({url for url in requested if foreign(url, own)})
    assert not outside, f"{path}: the browser asked other hosts: {outside}"
    assert not errors, errors


def test_foreign_tells_own_host_from_others():
    own = "127.0.0.1:8501"
    assert not foreign("http://127.0.0.1:8501/app/static/maps/x.json", own)
    assert not foreign("ws://127.0.0.1:8501/_stcore/stream", own)
    assert not foreign("data:image/png;base64,AAAA", own) and not foreign("blob:http://127.0.0.1:8501/x", own)
    assert foreign("https://basemaps.cartocdn.com/gl/positron-gl-style/style.json", own)
    assert foreign("http://127.0.0.1:9999/x", own) and foreign("http://localhost:8501/x", own)
