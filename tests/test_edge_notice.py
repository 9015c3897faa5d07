"""A rejected URL value comes back in the notice as typed: a Markdown code span (state.literal), never a link, an
image or HTML. AppTest gives the notice's Markdown; markdown-it-py (CommonMark, as Streamlit's renderer) turns it
into HTML to check. tests/test_browser_edge.py checks the same in chromium, with no request to the linked host."""
import html

import pytest
from markdown_it import MarkdownIt

from cruscotto.i18n import t
from cruscotto.state import literal
from tests.apptest_helpers import run_page

CRAFTED = ["[Accedi qui](https://evil.example/login)", "![x](https://evil.example/x.png)",
           "<img src=https://evil.example/y.png>", "a\n\n[b](https://evil.example/c)", "``[c](https://evil.example)`",
           "`", "<https://evil.example>"]
MARKDOWN = MarkdownIt("commonmark")


def rendered(markdown: str) -> str:
    return MARKDOWN.render(markdown)


@pytest.mark.parametrize("value", CRAFTED)
def test_literal_is_drawn_as_typed_and_never_as_a_link(value):
    out = rendered(f"Parametro non valido ({literal(value)}): uso il valore predefinito.")
    assert "<a" not in out and "<img" not in out, out
    code = out.split("<code>", 1)[1].split("</code>", 1)[0]
    assert html.unescape(code) == " ".join(value.split("\n")), out  # control characters become spaces


def test_an_empty_value_is_shown_as_empty_quotes():
    assert literal("") == '""' and literal("\n") == '""'


def test_the_panoramica_notice_shows_the_crafted_link_as_text():
    value = CRAFTED[0]
    app = run_page("pages/panoramica.py", territorio=value)
    notices = [w.value for w in app.warning]
    assert notices == [t("bad_param_territory", "it", value=literal(value), name="Milano")]
    out = rendered(notices[0])
    assert "<a" not in out and "evil.example/login" in out
