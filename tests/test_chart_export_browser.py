"""Real browser: a councillor clicks "Scarica SVG" / "Download PNG" under a chart and gets the file, drawn by the
server on the click, with the chart's title and its source in it; the chart's text for screen readers is its
summary. Screenshot in tests/artifacts/."""
import pytest

from tests.browser_support import ARTIFACTS, open_page

pytestmark = pytest.mark.browser
LODI = "098031"


def download(page, label: str) -> bytes:
    with page.expect_download(timeout=90_000) as started:
        page.get_by_role("button", name=label).first.click()
    return open(started.value.path(), "rb").read()


def test_svg_download_of_the_trend_chart(server, browser):
    page, errors = open_page(browser, f"{server}/tendenze?territorio={LODI}&indicatore=share_65_plus")
    svg = download(page, "Scarica SVG").decode("utf-8")
    assert svg.startswith("<svg") and "Quota 65 anni e più" in svg and "Fonte: " in svg
    # the chart's accessible name is its summary, the caption under it says the same
    label = page.locator("[data-testid='stPlotlyChart'][role='figure']").first.get_attribute("aria-label")
    assert label and label.startswith("Lodi — Quota 65 anni e più:")
    assert label in page.inner_text("body")
    page.get_by_role("button", name="Scarica SVG").first.scroll_into_view_if_needed()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "chart_export_tendenze.png"))
    page.close()
    assert not errors, errors


def test_png_download_in_english(server, browser):
    page, errors = open_page(browser, f"{server}/spesa?territorio={LODI}&lingua=en")
    png = download(page, "Download PNG")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    page.close()
    assert not errors, errors
