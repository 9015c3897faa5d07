"""Real browser: /panoramica's "Scarica la scheda (PDF)" downloads the PDF of the territory in view, made only on
the click (st.download_button with a callable), with the link back to the same view on the server's own address."""
import io

import pytest
from pypdf import PdfReader

from tests.apptest_helpers import italian, sql
from tests.browser_support import open_page, screenshot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang, label, words", [("it", "Scarica la scheda (PDF)", "Cifre principali e confronti"),
                                                ("en", "Download the profile (PDF)", "Headline figures and benchmarks")])
def test_panoramica_downloads_the_scheda_of_the_view(server, browser, lang, label, words):
    page, errors = open_page(browser, f"{server}/panoramica?territorio=098031&lingua={lang}")
    try:
        button = page.get_by_role("button", name=label)
        assert button.count() == 1 and button.is_visible()
        if lang == "it":
            screenshot(page, "scheda_button")
        with page.expect_download(timeout=120_000) as download:
            button.click()
        assert download.value.suggested_filename == f"scheda_098031_{lang}.pdf"
        content = open(download.value.path(), "rb").read()
        assert content.startswith(b"%PDF")
        reader = PdfReader(io.BytesIO(content))
        text = " ".join(" ".join(page_.extract_text() for page_ in reader.pages).split())
        assert 1 <= len(reader.pages) <= 2 and "Lodi" in text and words in text
        value = sql("SELECT value FROM observation WHERE indicator_id = 'share_65_plus' AND territory_code = '098031' "
                    "ORDER BY year DESC LIMIT 1")[0][0]
        assert (italian(value, 1) if lang == "it" else f"{value:.1f}") in text
        # the link reopens this view on the address the browser used
        assert f"{server}/panoramica?territorio=098031&lingua={lang}" in text.replace(" ", "")
        assert not errors, errors
    finally:
        page.close()
