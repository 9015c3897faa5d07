"""Real browser: flagged figures of a comune of about 30 residents (Morterone) as a councillor sees them —
counts and flag on the profile card, the flag on the map's legend, the comune left out of the rank and
listed under the spread chart, the rules on /dati-aperti. Screenshots in tests/artifacts/."""
import pytest

from tests.browser_support import ARTIFACTS, open_page
pytestmark = pytest.mark.browser
MORTERONE = "097055"


def visit(browser, url: str, shot: str, width: int = 1440, height: int = 900, settle_ms: int = 1500,
          focus: str | None = None) -> str:
    """Open the page at a screen size, scroll to `focus` (a text) if given, screenshot, return the page text."""
    page, errors = open_page(browser, url)
    page.set_viewport_size({"width": width, "height": height})
    page.wait_for_timeout(settle_ms)
    if focus:
        page.get_by_text(focus).first.scroll_into_view_if_needed()
        page.wait_for_timeout(1000)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / shot))
    text = page.inner_text("body")
    page.close()
    assert not errors, errors
    return text


@pytest.mark.parametrize("lang, counts, flag", [("it", "residenti 65+ su", "valore poco affidabile"),
                                                ("en", "residents 65+ to", "unreliable value")])
def test_profile_card_shows_counts_and_flag(server, browser, lang, counts, flag):
    text = visit(browser, f"{server}/panoramica?territorio={MORTERONE}&lingua={lang}", f"flags_profile_{lang}.png",
                 width=820, height=1180) if lang == "en" else visit(
        browser, f"{server}/panoramica?territorio={MORTERONE}&lingua={lang}", f"flags_profile_{lang}.png")
    assert counts in text and flag in text
    assert ("significativamente" if lang == "it" else "significantly") not in text


def test_rank_leaves_the_flagged_comune_out_and_lists_it(server, browser):
    text = visit(browser, f"{server}/confronta?territorio={MORTERONE}&indicatore=old_age_index", "flags_confronta.png",
                 focus="Esclusi dalla scala e dalla posizione:")
    assert "Morterone non entra nella posizione: valore poco affidabile" in text
    assert "Esclusi dalla scala e dalla posizione:" in text


def test_map_draws_with_the_flag_in_its_legend(server, browser):
    # the legend is a data grid drawn on a canvas (its words are not page text): see the screenshot;
    # its rows are checked in tests/test_flags.py
    text = visit(browser, f"{server}/mappa?territorio={MORTERONE}&indicatore=old_age_index&lingua=en",
                 "flags_map_en.png", settle_ms=6000)
    assert "Legend" in text


def test_open_data_page_explains_the_rules(server, browser):
    text = visit(browser, f"{server}/dati-aperti?lingua=en", "flags_open_data_en.png", focus="Flagged values")
    assert "Flagged values" in text and "fewer than 10 in the numerator" in text
