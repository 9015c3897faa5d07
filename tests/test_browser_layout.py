"""Projector (1280×720), tablet (820×1180) and desktop (1440×900) in a real browser: the first screen,
the sidebar, the map and its legend, nothing cut or wider than the screen. Screenshots in tests/artifacts/
(layout_*.png) for a person to look at."""
import pytest

from tests.browser_support import screenshot

pytestmark = pytest.mark.browser
SIZES = {"projector": (1280, 720), "tablet": (820, 1180), "desktop": (1440, 900)}

# Everything measured in one pass, in CSS pixels of the viewport.
MEASURE = """() => {
  const box = e => { const b = e.getBoundingClientRect(); return {x: b.x, y: b.y, w: b.width, h: b.height}; };
  const sidebar = document.querySelector('section[data-testid="stSidebar"]');
  const labels = [...document.querySelectorAll('[data-testid="stMetricLabel"]')].flatMap(label =>
      [...label.querySelectorAll('p, div')].filter(e => e.innerText && e.innerText.trim())
        .map(e => ({text: e.innerText, scroll: e.scrollWidth, client: e.clientWidth})));
  const wide = [...document.querySelectorAll('[data-testid="stMain"] *')]
      .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                   && !e.closest('[data-testid="stDataFrame"], .js-plotly-plot, [data-testid="stDeckGlJsonChart"]'))
      .map(e => e.tagName + '.' + (e.getAttribute('data-testid') || e.className));
  return {
    width: window.innerWidth, height: window.innerHeight,
    pageScrollWidth: document.documentElement.scrollWidth,
    sidebar: sidebar ? box(sidebar) : null,
    metrics: [...document.querySelectorAll('[data-testid="stMetric"]')].map(box),
    glance: [...document.querySelectorAll('.st-key-glance_section .js-plotly-plot')].map(box),
    labels: labels, wide: wide.slice(0, 5),
    svgFonts: [...document.querySelectorAll('.js-plotly-plot svg text')]
      .map(e => parseFloat(getComputedStyle(e).fontSize)).filter(size => size > 0),
  };
}"""


def open_at(browser, url: str, size: str, ready: str):
    width, height = SIZES[size]
    page = browser.new_page(viewport={"width": width, "height": height}, bypass_csp=True)
    page.goto(url)
    page.wait_for_selector(ready, timeout=60_000)
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
    assert page.locator("[data-testid='stException']").count() == 0, f"{url}: exception shown"
    page.wait_for_timeout(800)
    return page


def assert_fits(measured: dict) -> None:
    assert measured["pageScrollWidth"] <= measured["width"], "the page scrolls sideways"
    assert not measured["wide"], f"elements wider than the screen: {measured['wide']}"
    cut = [label["text"] for label in measured["labels"] if label["scroll"] > label["client"] + 1]
    assert not cut, f"truncated metric labels: {cut}"


@pytest.mark.parametrize("size", list(SIZES))
def test_profile_first_screen_shows_headline_figures_and_nothing_is_cut(server, browser, size):
    """The first screen opens on "In sintesi", the chart of every headline figure: whole at 1440×900 (issue 12),
    begun well within the screen at the other sizes."""
    page = open_at(browser, f"{server}/panoramica?territorio=098031", size, "[data-testid='stMetric']")
    measured = page.evaluate(MEASURE)
    screenshot(page, f"layout_panoramica_{size}")
    assert len(measured["glance"]) == 1, "no at-a-glance chart"
    chart = measured["glance"][0]
    assert chart["x"] >= 0 and chart["x"] + chart["w"] <= measured["width"], chart
    if size == "desktop":
        assert chart["y"] >= 0 and chart["y"] + chart["h"] <= measured["height"], chart
    else:
        assert chart["y"] + 200 <= measured["height"], chart
    assert_fits(measured)
    assert measured["labels"], "no metric label found to check"
    page.close()


@pytest.mark.parametrize("size", list(SIZES))
def test_sidebar_collapsed_below_1300_px_and_shown_above(server, browser, size):
    page = open_at(browser, f"{server}/panoramica?territorio=098031", size, "[data-testid='stMetric']")
    sidebar = page.evaluate(MEASURE)["sidebar"]
    width = SIZES[size][0]
    if width < 1300:
        assert sidebar["x"] + sidebar["w"] <= 0, sidebar  # off screen
        page.get_by_test_id("stExpandSidebarButton").click()  # and it still opens on demand
        page.wait_for_function("document.querySelector('section[data-testid=\"stSidebar\"]')"
                               ".getBoundingClientRect().right > 200", timeout=10_000)
    else:
        assert sidebar["x"] >= 0 and sidebar["w"] >= 240, sidebar
    page.close()


@pytest.mark.parametrize("size", list(SIZES))
def test_map_and_legend_fit_the_screen(server, browser, size):
    page = open_at(browser, f"{server}/mappa?territorio=098031&indicatore=share_65_plus", size, "canvas")
    page.wait_for_function("performance.getEntriesByType('resource').some(e => e.name.includes('/app/static/maps/'))",
                           timeout=60_000)
    page.wait_for_timeout(1500)  # deck.gl draws after the file is read
    page.locator("canvas").first.scroll_into_view_if_needed()
    width, height = SIZES[size]
    canvas = page.locator("canvas").first.bounding_box()
    legend = page.locator("[data-testid='stTable']").first.bounding_box()
    screenshot(page, f"layout_mappa_{size}")
    for name, box in (("map", canvas), ("legend", legend)):
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (name, box)
        assert box["y"] >= 0 and box["y"] + box["height"] <= height, (name, box)
    assert canvas["width"] >= 480 and canvas["height"] >= 400
    assert_fits(page.evaluate(MEASURE))
    page.close()


@pytest.mark.parametrize("size", ["tablet", "projector"])
def test_chart_text_is_at_least_12_px(server, browser, size):
    page = open_at(browser, f"{server}/tendenze?territorio=098031&indicatore=share_65_plus", size,
                   ".js-plotly-plot .main-svg")
    measured = page.evaluate(MEASURE)
    screenshot(page, f"layout_tendenze_{size}")
    assert measured["svgFonts"] and min(measured["svgFonts"]) >= 12, sorted(measured["svgFonts"])[:5]
    assert_fits(measured)
    page.close()


def test_sources_plan_table_reads_without_sideways_scrolling(server, browser):
    page = open_at(browser, f"{server}/fonti", "desktop", "[data-testid='stTable']")
    table = page.locator("[data-testid='stTable']").first
    table.scroll_into_view_if_needed()
    screenshot(page, "layout_fonti_desktop")
    sizes = table.evaluate("""e => { const scroller = [e, ...e.querySelectorAll('*')]
        .find(n => n.scrollWidth > n.clientWidth + 1 && getComputedStyle(n).overflowX !== 'visible');
        return scroller ? [scroller.scrollWidth, scroller.clientWidth] : null; }""")
    assert sizes is None, f"the plan table scrolls sideways: {sizes}"
    text = table.inner_text()
    assert "None" not in text and "nan" not in text.split() and "19.084.183 €" in text
    page.close()
