"""Real browser: Debian chromium driven by Playwright opens each page through a URL with parameters.
Screenshots go to tests/artifacts/ for a person to look at."""
import pytest

from cruscotto.maps import MAP_HEIGHT
from tests.browser_support import open_page, screenshot, streamlit_server

pytestmark = pytest.mark.browser
PAGE_TITLES = ["Panoramica", "Mappa", "Tendenze", "Confronta", "Spesa sociale", "Dati aperti", "Fonti", "Carica dati"]


def sidebar_pages(page) -> list[str]:
    return page.locator("[data-testid='stSidebarNav'] a").all_inner_texts()


def test_first_deep_link_of_a_fresh_server_goes_through_dashboard_navigation(browser):
    # Streamlit's legacy pages/ mode would run pages/mappa.py alone: file names in the sidebar.
    # Plain `streamlit run` here: the launcher's own test is in test_browser_state.py.
    with streamlit_server(("-m", "streamlit", "run", "dashboard.py")) as url:
        page, errors = open_page(browser, f"{url}/mappa?territorio=098031", ready="canvas")
        assert sidebar_pages(page) == PAGE_TITLES
        assert "/mappa?" in page.url and "territorio=098031" in page.url
        assert not errors, errors
        page.close()


def test_root_url_forwards_to_profile_with_the_same_view(server, browser):
    page, _ = open_page(browser, f"{server}/?territorio=019036&lingua=en", ready="[data-testid='stMetric']")
    assert "/panoramica?" in page.url and "territorio=019036" in page.url and "lingua=en" in page.url
    assert page.locator("h1").first.inner_text() == "Cremona"
    assert sidebar_pages(page)[0] == "Overview"
    page.close()


@pytest.mark.parametrize("params,name", [
    ("territorio=098031", "panoramica_lodi"),
    ("territorio=015146", "panoramica_milano"),
    ("territorio=ambito-di-cremona", "panoramica_ambito_cremona"),
    ("territorio=015142&lingua=en", "panoramica_melzo_en"),
])
def test_profile_cards_and_gauges(server, browser, params, name):
    page, errors = open_page(browser, f"{server}/panoramica?{params}", ready="[data-testid='stMetric']")
    page.wait_for_selector("[data-testid='stImage'] img", timeout=30_000)  # the coverage gauges
    screenshot(page, name)
    assert page.locator("[data-testid='stMetric']").count() >= 5
    assert page.get_by_text("Fonte:" if "lingua=en" not in params else "Source:").count() >= 5
    assert not errors, errors
    page.close()


def test_municipio_links_to_its_nil(server, browser):
    page, _ = open_page(browser, f"{server}/panoramica?territorio=MUN01", ready="[data-testid='stMetric']")
    screenshot(page, "panoramica_municipio1")
    page.get_by_role("link", name="Brera").click()
    page.wait_for_function("document.querySelector('h1') && document.querySelector('h1').innerText === 'Brera'",
                           timeout=30_000)
    # the URL is written when the run ends, just after the title is drawn
    page.wait_for_function("new URLSearchParams(location.search).get('territorio') === 'NIL02'", timeout=30_000)
    assert "territorio=NIL02" in page.url
    page.close()


@pytest.mark.parametrize("path,params,name", [
    ("tendenze", "territorio=NIL12&indicatore=reg_80_plus_living_alone_share", "tendenze_nil12"),
    ("tendenze", "territorio=015146&indicatore=share_65_plus", "tendenze_milano"),
    ("confronta", "territorio=019036&confronto=019036,098031,015146&indicatore=share_65_plus", "confronta_cremona"),
    ("spesa", "territorio=ambito-di-cremona", "spesa_ambito_cremona"),
    ("spesa", "territorio=019036", "spesa_cremona"),
])
def test_pages_render_charts(server, browser, path, params, name):
    page, errors = open_page(browser, f"{server}/{path}?{params}", ready=".js-plotly-plot .main-svg")
    screenshot(page, name)
    assert page.locator(".js-plotly-plot").count() >= 1
    assert page.get_by_text("Fonte:").count() >= 1
    assert not errors, errors
    page.close()


@pytest.mark.parametrize("params,name", [
    ("territorio=015146&indicatore=share_65_plus&anno=2022", "mappa_comuni"),
    ("territorio=NIL12&indicatore=reg_share_65_plus", "mappa_nil"),
])
def test_map_canvas_renders(server, browser, params, name):
    page, errors = open_page(browser, f"{server}/mappa?{params}", ready="canvas")
    # the areas come as a static file (cruscotto/map_files.py): it must be served, then drawn
    page.wait_for_function("performance.getEntriesByType('resource').some(e => e.name.includes('/app/static/maps/'))",
                           timeout=60_000)
    page.wait_for_timeout(1500)  # deck.gl draws after the file is read
    screenshot(page, name)
    canvas = page.locator("canvas").first.bounding_box()
    assert canvas["width"] > 600 and canvas["height"] >= MAP_HEIGHT - 2
    assert not errors, errors
    page.close()


def test_link_reopens_same_view(server, browser):
    page, _ = open_page(browser, f"{server}/tendenze?territorio=019036&indicatore=old_age_index&lingua=en",
                        ready=".js-plotly-plot .main-svg")
    assert "territorio=019036" in page.url and "lingua=en" in page.url and "indicatore=old_age_index" in page.url
    assert page.get_by_text("Old-age index").count() >= 1
    page.close()


def test_bad_link_shows_notice_not_traceback(server, browser):
    page, _ = open_page(browser, f"{server}/confronta?territorio=%3Cscript%3E&anno=abc", ready="[data-testid='stAlert']")
    assert page.locator("[data-testid='stAlert']").count() >= 2
    assert page.locator("script:has-text('alert')").count() == 0
    page.close()


def test_open_data_page_downloads_a_bundle_with_its_metadata(server, browser, tmp_path):
    import zipfile
    page, errors = open_page(browser, f"{server}/dati-aperti?indicatore=old_age_index",
                             ready="[data-testid='stDataFrame']")
    screenshot(page, "dati_aperti")
    page.get_by_label("Cerca un indicatore").fill("vecchiaia")
    page.get_by_label("Cerca un indicatore").press("Enter")
    page.get_by_text("Indicatori mostrati: 1 su").wait_for(timeout=60_000)  # the rerun has filtered the catalogue
    assert page.get_by_text("Indicatori mostrati: 1 su").count() == 1
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("button", name="CSV + metadati (zip)").first.click()
    path = tmp_path / "bundle.zip"
    download.value.save_as(path)
    with zipfile.ZipFile(path) as archive:
        assert {"cruscotto_welfare.csv", "datapackage.json", "README.md", "indicatori.csv", "fonti.csv"} <= set(archive.namelist())
        assert "old_age_index" in archive.read("cruscotto_welfare.csv").decode("utf-8-sig")
    assert not errors, errors
    page.close()


def test_sources_page(server, browser):
    page, errors = open_page(browser, f"{server}/fonti?lingua=en", ready="[data-testid='stDataFrame']")
    screenshot(page, "fonti_en")
    # the source register is a grid; the plan figures a static table that wraps (test_browser_layout.py)
    assert page.locator("[data-testid='stDataFrame']").count() == 1
    assert page.locator("[data-testid='stTable']").count() == 1
    assert page.get_by_role("heading", name="Figures quoted in the Piani di Zona").count() == 1
    assert not errors, errors
    page.close()
