"""Every choice sticks, clicked in a real browser (Debian chromium + Playwright): sequences of two and three
changes on each page, made as fast as a person clicks, then the widget, the chart and the URL are checked,
and the copied URL is opened in a fresh browser. Also: a fresh server's first page is the real profile."""
import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser_support import open_page, screenshot, streamlit_server

pytestmark = pytest.mark.browser
IDLE = "!document.querySelector('[data-testid=\"stStatusWidget\"]')"
# Clicks the first open option whose label contains the text; false (retried) while there is none.
CLICK_OPTION = """text => {
    const option = [...document.querySelectorAll("[role='option']")].find(o => o.textContent.includes(text));
    if (!option) return false;
    option.click();
    return true;
}"""


def params(page) -> dict[str, str]:
    return {key: values[-1] for key, values in parse_qs(urlparse(page.url).query).items()}


def choose(page, key: str, text: str) -> None:
    """Pick an option of a selectbox or multiselect by typing part of its label, as a person does. A rerun
    that redraws the widget closes its list or clears the typed text, as it would under a person's cursor:
    then try again. The option is found and clicked in one browser task, so a list redrawn between finding
    and clicking cannot turn the click into another option."""
    for attempt in range(3):
        box = page.locator(f".st-key-{key} input").first
        box.click()
        box.fill(text)
        try:
            page.wait_for_function(CLICK_OPTION, arg=text, timeout=10_000)
            return
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    raise AssertionError(f"{key}: no option {text!r}")


def settle(page) -> None:
    page.wait_for_timeout(300)  # the rerun request leaves the browser
    page.wait_for_function(IDLE, timeout=60_000)


def chips(page, key: str) -> list[str]:
    """The chosen values of a multiselect, as its tags show them (Streamlit 1.67's react-aria combo box)."""
    return page.locator(f".st-key-{key} .react-aria-ComboBox [data-tag] > span[title]").all_inner_texts()


def selected(page, key: str) -> str:
    """The value a selectbox shows."""
    return page.locator(f".st-key-{key} input").first.input_value()


def wait_for_url(page, name: str, value: str) -> None:
    page.wait_for_function(f"new URLSearchParams(location.search).get({name!r}) === {value!r}", timeout=30_000)


def test_fresh_server_shows_the_real_profile_first(browser):
    """The README's run command starts `python -m cruscotto serve`: the first thing a new user sees is the
    profile with the page titles in the sidebar, never Streamlit's file-name navigation."""
    with streamlit_server() as url:
        page = browser.new_page(viewport={"width": 1440, "height": 900}, bypass_csp=True)
        # every text the sidebar navigation ever shows while the page loads
        page.add_init_script("""
            window.navSeen = new Set();
            new MutationObserver(() => document.querySelectorAll('[data-testid="stSidebarNav"] a')
                .forEach(a => window.navSeen.add(a.innerText.trim()))).observe(document, {subtree: true, childList: true});
        """)
        page.goto(url)
        page.wait_for_selector("[data-testid='stMetric']", timeout=60_000)
        page.wait_for_function(IDLE, timeout=60_000)
        seen = set(page.evaluate("[...window.navSeen]"))
        assert seen and not seen & {"dashboard", "confronta", "dati-aperti", "mappa", "panoramica"}, seen
        assert "/panoramica" in page.url and page.locator("h1").first.inner_text() == "Milano"
        screenshot(page, "fresh_server_first_page")
        page.close()


def test_compare_two_quick_additions_then_two_indicators(server, browser):
    page, errors = open_page(browser, f"{server}/confronta?territorio=098031&confronto=098031,03",
                             ready=".js-plotly-plot .main-svg")
    choose(page, "view_compare", "Codogno")
    choose(page, "view_compare", "Casalpusterlengo")  # at once, while the first rerun may still run
    settle(page)
    wanted = ["Lodi · Comune", "Lombardia · Regione", "Codogno · Comune", "Casalpusterlengo · Comune"]
    assert chips(page, "view_compare") == wanted
    wait_for_url(page, "confronto", "098031,03,098019,098010")
    bars = page.locator(".js-plotly-plot").first.locator(".ytick text").evaluate_all("ts => ts.map(t => t.textContent)")
    # Plotly lists the ticks bottom up; the chart draws the first territory on top
    assert [re.sub(r" \(.*\)$", "", name) for name in reversed(bars)] == ["Lodi", "Lombardia", "Codogno", "Casalpusterlengo"]

    choose(page, "view_indicator", "Indice di vecchiaia")
    choose(page, "view_indicator", "75 anni e più")
    settle(page)
    assert "75" in selected(page, "view_indicator")
    wait_for_url(page, "indicatore", "share_75_plus")
    assert "75" in page.locator(".js-plotly-plot .gtitle").first.text_content()
    assert chips(page, "view_compare") == wanted  # the first choices still hold
    screenshot(page, "state_confronta_after_four_changes")

    # the copied link in a fresh browser context (Browser.new_page makes one: no shared cookies or state)
    again, _ = open_page(browser, page.url, ready=".js-plotly-plot .main-svg")
    assert chips(again, "view_compare") == wanted and "75" in selected(again, "view_indicator")
    again.close()
    assert not errors, errors
    page.close()


def test_trends_three_indicator_changes(server, browser):
    page, errors = open_page(browser, f"{server}/tendenze?territorio=019036", ready=".js-plotly-plot .main-svg")
    for label in ("Indice di vecchiaia", "Residenti stranieri", "75 anni e più"):
        choose(page, "view_indicator", label)
    settle(page)
    assert "75" in selected(page, "view_indicator")
    wait_for_url(page, "indicatore", "share_75_plus")
    assert "75" in page.locator(".js-plotly-plot .gtitle").first.text_content()
    assert not errors, errors
    page.close()


def test_map_level_indicator_and_year(server, browser):
    page, errors = open_page(browser, f"{server}/mappa?territorio=098031", ready="canvas")
    choose(page, "view_level", "Provincia")
    settle(page)
    choose(page, "view_indicator", "Indice di vecchiaia")
    choose(page, "view_year", "2022")
    settle(page)
    assert selected(page, "view_level").startswith("Provincia")
    assert "vecchiaia" in selected(page, "view_indicator") and "2022" in selected(page, "view_year")
    wait_for_url(page, "livello", "provincia")
    wait_for_url(page, "indicatore", "old_age_index")
    wait_for_url(page, "anno", "2022")
    page.wait_for_selector("canvas", state="attached", timeout=60_000)
    screenshot(page, "state_mappa_province")

    again, _ = open_page(browser, page.url, ready="canvas")
    assert selected(again, "view_level").startswith("Provincia") and "2022" in selected(again, "view_year")
    again.close()
    assert not errors, errors
    page.close()


def test_open_data_search_topic_and_selection(server, browser):
    page, errors = open_page(browser, f"{server}/dati-aperti", ready="[data-testid='stDataFrame']")
    search = page.locator(".st-key-view_search input")
    search.fill("anziani")
    search.press("Enter")
    choose(page, "view_topics", "Servizi per anziani")
    choose(page, "view_download_territories", "Codogno")
    settle(page)
    wait_for_url(page, "cerca", "anziani")
    wait_for_url(page, "temi", "servizi_anziani")
    wait_for_url(page, "territori", "098019")
    assert chips(page, "view_topics") == ["Servizi per anziani"]
    again, _ = open_page(browser, page.url, ready="[data-testid='stDataFrame']")
    assert again.locator(".st-key-view_search input").input_value() == "anziani"
    assert chips(again, "view_download_territories") == ["Codogno · Comune"]
    again.close()
    assert not errors, errors
    page.close()


def test_sidebar_territory_then_language_then_page(server, browser):
    page, errors = open_page(browser, f"{server}/panoramica?territorio=015146", ready="[data-testid='stMetric']")
    choose(page, "view_territory", "Bergamo")
    page.locator(".st-key-view_lang").get_by_text("English").click()
    settle(page)
    page.wait_for_function("document.querySelector('h1') && document.querySelector('h1').innerText === 'Bergamo'",
                           timeout=30_000)
    wait_for_url(page, "lingua", "en")
    assert params(page)["territorio"] == "016024"
    page.get_by_role("link", name="Trends").click()
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    settle(page)
    assert page.locator("h1").first.inner_text() == "Bergamo" and params(page)["lingua"] == "en"
    assert not errors, errors
    page.close()


def test_link_to_a_nil_changes_the_view_and_back_to_the_sidebar(server, browser):
    page, _ = open_page(browser, f"{server}/panoramica?territorio=MUN01", ready="[data-testid='stMetric']")
    page.get_by_role("link", name="Brera").click()
    page.wait_for_function("document.querySelector('h1') && document.querySelector('h1').innerText === 'Brera'",
                           timeout=30_000)
    settle(page)
    assert params(page)["territorio"] == "NIL02" and "apri" not in params(page)
    assert "Brera" in selected(page, "view_territory")
    page.close()
