"""Real browser, one language at a time: each page opened in Italian and in English, the visible text of the
whole page (sidebar included) scanned for the other language's tell-tale words (tests/language_words.py).
Screenshots go to tests/artifacts/lingua_*.png. Table cells are drawn on a canvas and are not in the page
text: tests/test_language.py scans them in AppTest."""
import pytest

from cruscotto import pages_registry

from tests.language_words import other_language_words, proper_names
from tests.browser_support import open_page, screenshot

pytestmark = pytest.mark.browser
PAGES = pages_registry.slugs()
# every page for a comune; the profile and spending pages also for the other kinds of territory
VIEWS = ([(path, "098031") for path in PAGES]
         + [("panoramica", code) for code in ("098", "ambito-distrettuale-di-lodi", "MUN01", "NIL21")]
         + [("spesa", "ambito-di-cremona"), ("tendenze", "NIL21")])

# Not text a reader sees: Material icons are ligatures (the word "download" drawn as an icon), and
# Streamlit's own "Skip to main content" link appears only on keyboard focus (Streamlit has no setting
# to translate it).
# Code spans (a template's column headers, typed as they are) are marked back as `code`, as in the
# Markdown source, so that the word check passes over them (tests/language_words.py running_text).
HIDE_NON_TEXT = """() => {
  document.querySelectorAll("[data-testid='stIconMaterial']").forEach(icon => icon.remove());
  document.querySelectorAll("code").forEach(code => { code.textContent = "`" + code.textContent + "`"; });
  document.querySelectorAll("a").forEach(link => {
    if (link.innerText.trim() === "Skip to main content") link.remove();
  });
}"""


@pytest.mark.parametrize("lang", ["it", "en"])
@pytest.mark.parametrize("path,territory", VIEWS)
def test_visible_text_is_in_one_language(server, browser, path, territory, lang):
    page, errors = open_page(browser, f"{server}/{path}?territorio={territory}&lingua={lang}")
    # widgets and tables are drawn after the script ends: scan only once no placeholder skeleton is left
    page.wait_for_function("!document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=60_000)
    page.wait_for_timeout(1500)  # charts and late captions
    screenshot(page, f"lingua_{path}_{territory}_{lang}")
    page.evaluate(HIDE_NON_TEXT)
    text = page.inner_text("body")
    leaks = {line.strip()[:160]: sorted(found) for line in text.splitlines()
             if (found := other_language_words(line, lang, proper_names()))}
    page.close()
    assert not leaks, f"/{path} ({territory}, {lang}) shows the other language: {leaks}"
    assert not errors, errors
