"""Presentation mode in a real browser (Debian chromium + Playwright): at a projector's 1280×720 and a tablet's
820×1180 the slides need no scrolling, figures are drawn at 48 px or more and labels at 24 px or more, the
sidebar is gone; the arrow keys and a clicker's PageUp/PageDown change slide and the URL follows; Esc leaves.
Screenshots in tests/artifacts/ (present_*.png) for a person to look at."""
from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser_support import screenshot, wait_drawn

pytestmark = pytest.mark.browser
SIZES = {"projector": (1280, 720), "tablet": (820, 1180)}
LODI = "098031"
# Lodi's slides: title, at a glance (three parts), Popolazione, Invecchiamento, …, the gauges
TITLE, GLANCE, GLANCE_2, GLANCE_3, FIRST_TOPIC, AGEING, GAUGES = 1, 2, 3, 4, 5, 6, 10

# Everything measured in one pass, in CSS pixels of the viewport. Streamlit scrolls inside stMain, not the
# document: both are measured.
MEASURE = """() => {
  const size = e => parseFloat(getComputedStyle(e).fontSize);
  const main = document.querySelector('[data-testid="stMain"]');
  const sidebar = document.querySelector('section[data-testid="stSidebar"]');
  const texts = selector => [...document.querySelectorAll(selector)].filter(e => e.innerText && e.innerText.trim());
  return {
    height: window.innerHeight, width: window.innerWidth,
    documentHeight: document.scrollingElement.scrollHeight, documentWidth: document.scrollingElement.scrollWidth,
    mainHeight: main.scrollHeight, mainVisible: main.clientHeight,
    sidebarShown: !!sidebar && getComputedStyle(sidebar).display !== 'none' && sidebar.getBoundingClientRect().width > 0,
    expandShown: [...document.querySelectorAll('[data-testid="stExpandSidebarButton"], [data-testid="stSidebarCollapseButton"]')]
      .some(e => e.getBoundingClientRect().width > 0),
    figures: texts('.st-key-presenta [data-testid="stMetricValue"] p, .st-key-presenta [data-testid="stMetricValue"]').map(size),
    labels: texts('.st-key-presenta [data-testid="stMetricLabel"] p').map(size),
    headings: texts('.st-key-presenta h1, .st-key-presenta h2').map(size),
    lines: texts('.st-key-presenta_slide [data-testid="stMarkdownContainer"] li').map(size),
    paragraphs: texts('.st-key-presenta_slide [data-testid="stMarkdownContainer"] p').map(size),
    badges: texts('.st-key-presenta_slide .stMarkdownBadge').map(size),
    // the at-a-glance chart's row labels and the values at their right (SVG text: its font-size in px)
    rowLabels: [...document.querySelectorAll('.st-key-presenta .js-plotly-plot .ytick text')].map(size),
    rowValues: [...document.querySelectorAll('.st-key-presenta .js-plotly-plot .annotation-text')].map(size),
    plotlyLegend: document.querySelectorAll('.st-key-presenta .js-plotly-plot .legend').length,
    // a gauge is an <img> of an SVG: its type is drawn at the image's scale (rendered over natural width)
    gaugeScales: [...document.querySelectorAll('.st-key-presenta_slide [data-testid="stImage"] img, .st-key-presenta_slide img')]
      .map(e => e.getBoundingClientRect().width / e.naturalWidth),
    title: (document.querySelector('.st-key-presenta h1, .st-key-presenta h2') || {}).innerText,
  };
}"""


def slide_url(server: str, number: int, lang: str = "it") -> str:
    return f"{server}/panoramica?territorio={LODI}&lingua={lang}&presenta=1&diapositiva={number}"


def open_slide(browser, url: str, size: str):
    width, height = SIZES[size]
    page = browser.new_page(viewport={"width": width, "height": height}, bypass_csp=True)
    page.goto(url)
    wait_slide(page, chart=any(f"diapositiva={number}&" in url + "&" for number in (GLANCE, GLANCE_2, GLANCE_3)))
    return page


def wait_slide(page, chart: bool = False) -> None:
    """Until the slide is drawn (no placeholder left), with its chart where it has one."""
    wait_drawn(page, page.url, ".st-key-presenta_footer")
    if chart:
        page.wait_for_selector(".st-key-presenta .js-plotly-plot .main-svg", timeout=60_000)


def slide_param(page) -> str | None:
    return parse_qs(urlparse(page.url).query).get("diapositiva", [None])[-1]


def assert_fits(measured: dict, size: str) -> None:
    assert measured["documentWidth"] <= measured["width"], "the page scrolls sideways"
    assert measured["documentHeight"] <= measured["height"] + 2, measured
    assert measured["mainHeight"] <= measured["mainVisible"] + 2, f"{size}: the slide needs scrolling: {measured}"
    assert not measured["sidebarShown"] and not measured["expandShown"], "the sidebar or its button is shown"


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("number,name", [(TITLE, "title"), (GLANCE, "glance"), (GLANCE_2, "glance"), (GLANCE_3, "glance"),
                                         (AGEING, "topic"), (GAUGES, "gauges")])
def test_slide_fits_without_scrolling_in_large_type(server, browser, size, number, name):
    page = open_slide(browser, slide_url(server, number), size)
    measured = page.evaluate(MEASURE)
    screenshot(page, f"present_{size}_{number}_{name}")
    assert_fits(measured, size)
    assert measured["headings"] and min(measured["headings"]) >= 24, measured["headings"]
    if name == "title":
        assert max(measured["headings"]) >= 48, "the territory's name, read from the back of the room"
    if name == "topic":
        assert measured["figures"] and min(measured["figures"]) >= 48, measured["figures"]
        assert measured["labels"] and min(measured["labels"]) >= 24, measured["labels"]
        assert measured["lines"] and min(measured["lines"]) >= 24, "comparisons in words at 24 px"
        assert measured["badges"] and min(measured["badges"]) >= 24, measured["badges"]
    if name == "glance":  # labels and values at projector size, the legend in words (no Plotly legend)
        assert measured["rowLabels"] and min(measured["rowLabels"]) >= 22, measured["rowLabels"]
        assert measured["rowValues"] and min(measured["rowValues"]) >= 22, measured["rowValues"]
        assert measured["plotlyLegend"] == 0
        assert measured["paragraphs"] and min(measured["paragraphs"]) >= 24, measured["paragraphs"]
    if name == "gauges":  # the gauges' scale at 24 px and their numbers at 60 px in the SVG: drawn at least 1:1
        assert measured["gaugeScales"] and min(measured["gaugeScales"]) >= 0.99, measured["gaugeScales"]
        assert measured["paragraphs"] and min(measured["paragraphs"]) >= 24, measured["paragraphs"]
    page.close()


def test_english_topic_slide_fits_the_projector(server, browser):
    page = open_slide(browser, slide_url(server, AGEING, "en"), "projector")
    measured = page.evaluate(MEASURE)
    screenshot(page, "present_projector_4_topic_en")
    assert_fits(measured, "projector")
    assert measured["title"] == "Ageing"
    page.close()


def test_keys_change_slide_and_the_url_follows_and_esc_leaves(server, browser):
    page = open_slide(browser, slide_url(server, FIRST_TOPIC), "projector")
    first_title = page.evaluate(MEASURE)["title"]

    def press(key: str, expected: int) -> str:
        page.keyboard.press(key)
        page.wait_for_function(f"new URLSearchParams(location.search).get('diapositiva') === '{expected}'",
                               timeout=30_000)
        wait_slide(page)
        page.wait_for_function(f"document.querySelector('.st-key-presenta_nav').innerText.includes('{expected} / ')",
                               timeout=30_000)
        return page.evaluate(MEASURE)["title"]

    assert press("ArrowRight", FIRST_TOPIC + 1) == "Invecchiamento" != first_title
    assert press("ArrowLeft", FIRST_TOPIC) == first_title
    assert press("PageDown", FIRST_TOPIC + 1) == "Invecchiamento"  # what a presentation clicker sends
    assert press("PageUp", FIRST_TOPIC) == first_title
    page.keyboard.press("Escape")
    page.wait_for_function("!new URLSearchParams(location.search).has('presenta')", timeout=30_000)
    page.wait_for_selector("[data-testid='stMetric']", timeout=60_000)
    assert page.locator(".st-key-presenta").count() == 0 and slide_param(page) is None
    page.close()


def test_present_button_on_the_profile_opens_the_first_slide(server, browser):
    page = open_slide(browser, slide_url(server, 1), "projector")
    page.keyboard.press("Escape")  # to the profile, then back through its button
    page.wait_for_selector(".st-key-present_start button", timeout=60_000)
    page.locator(".st-key-present_start").get_by_role("button", name="Presenta").click()
    page.wait_for_function("new URLSearchParams(location.search).get('presenta') === '1'", timeout=30_000)
    wait_slide(page)
    assert slide_param(page) == "1" and page.evaluate(MEASURE)["title"] == "Lodi"
    page.close()
