"""The web edge in a real browser (Debian chromium + Playwright) on a server started as the README's run command
starts it: a crafted URL value shows as text in the notice (no link, no image, no request to its host); and the
security headers cruscotto/edge.py sets (Content-Security-Policy with frame-ancestors, nosniff, referrer policy)
leave every kind of page working — metrics, Plotly charts, the pydeck map, tables, the upload page — with no
policy violation reported."""
from urllib.parse import quote, urlsplit

import pytest

from cruscotto.edge import SECURITY_HEADERS
from tests.browser_support import screenshot

pytestmark = pytest.mark.browser
# Predicates as functions: Playwright evaluates a bare expression with eval, which the policy forbids
IDLE = "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
DRAWN = "() => !document.querySelector('[data-testid=\"stSkeleton\"]')"
MAP_FETCHED = "() => performance.getEntriesByType('resource').some(e => e.name.includes('/app/static/maps/'))"
CRAFTED = ["[Accedi qui](https://evil.example/login)", "![x](https://evil.example/x.png)",
           "<img src=https://evil.example/y.png>", "https://evil.example/z", "a\n\n[b](https://evil.example/c)"]
VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation',
    e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
"""
PAGES = [
    ("/panoramica?territorio=015146", "[data-testid='stMetric']"),
    ("/tendenze?territorio=015146", ".js-plotly-plot .main-svg"),
    ("/confronta?territorio=015146&confronto=015146,012133", ".js-plotly-plot .main-svg"),
    ("/mappa?territorio=015146", "canvas"),
    ("/dati-aperti", "[data-testid='stMainBlockContainer'] h1"),
    ("/carica", "[data-testid='stMainBlockContainer'] h1"),
]


def open_recorded(browser, url: str, ready: str):
    """Open a page recording every request, console line and policy violation; wait until it is drawn."""
    page = browser.new_page(viewport={"width": 1400, "height": 1600})
    seen = {"requests": [], "console": [], "errors": []}
    page.add_init_script(VIOLATIONS)
    page.on("request", lambda request: seen["requests"].append(request.url))
    page.on("console", lambda message: seen["console"].append(message.text))
    page.on("pageerror", lambda error: seen["errors"].append(str(error)))
    page.route(lambda url: urlsplit(url).hostname == "evil.example", lambda route: route.abort())
    seen["response"] = page.goto(url)
    page.wait_for_selector(ready, timeout=60_000)
    page.wait_for_function(IDLE, timeout=60_000)
    page.wait_for_function(DRAWN, timeout=60_000)
    return page, seen


@pytest.mark.parametrize("value", CRAFTED)
def test_a_crafted_url_value_shows_as_text(server, browser, value):
    page, seen = open_recorded(browser, f"{server}/panoramica?territorio={quote(value)}", "[data-testid='stAlert']")
    notice = page.locator("[data-testid='stAlert']").first
    assert " ".join(value.split()) in " ".join(notice.inner_text().split())  # as typed (blank lines as spaces)
    assert notice.locator("a, img").count() == 0
    assert page.locator("a[href*='evil.example'], img[src*='evil.example']").count() == 0
    assert not [url for url in seen["requests"] if urlsplit(url).hostname == "evil.example"]
    if value == CRAFTED[0]:
        screenshot(page, "edge_crafted_notice")
    page.close()


@pytest.mark.parametrize("path,ready", PAGES)
def test_the_security_headers_leave_the_page_working(server, browser, path, ready):
    page, seen = open_recorded(browser, f"{server}{path}", ready)
    headers = seen["response"].headers
    for name, value in SECURITY_HEADERS.items():
        assert headers.get(name) == value, name
    if ready == "canvas":  # the map layer is fetched and drawn (as tests/test_browser.py checks)
        page.wait_for_function(MAP_FETCHED, timeout=60_000)
        page.wait_for_timeout(1500)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.evaluate("window.__violations") == []
    assert not [line for line in seen["console"] if "Content Security Policy" in line], seen["console"]
    assert not seen["errors"], seen["errors"]
    if ready == "canvas":
        canvas = page.locator("canvas").first.bounding_box()
        assert canvas["width"] > 600 and canvas["height"] > 300
        screenshot(page, "edge_map_with_policy")
    page.close()
