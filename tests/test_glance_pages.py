"""/panoramica's "In sintesi" section for every level of territory, in Italian and in English: the page runs,
the section shows its chart, summary and legend (or says why it is missing), and no word of the other language
shows in it — in its texts, its chart (hover included) or its table."""
import json
import re

import pytest

from cruscotto import downloads, glance
from cruscotto.pages_registry import by_slug
from cruscotto.levels import REGION_CODE
from tests.apptest_helpers import run_page, sql
from tests.language_words import other_language_words, proper_names
from tests.test_language import _element_texts, _walk

PROFILE = by_slug("panoramica").file
TITLE = {"it": "In sintesi", "en": "At a glance"}


def one_of(level: str) -> str:
    return sql("SELECT min(code) FROM territory WHERE level = ?", level)[0][0]


LEVELS = {"regione": REGION_CODE, "provincia": "098", "ambito": "ambito-distrettuale-di-lodi", "asst": "asst-di-lodi",
          "distretto": one_of("distretto"), "comune": "098031", "municipio": "MUN01", "nil": "NIL21"}


def section(app):
    """The section's block (st.container(key="glance_section"))."""
    for child in app.main.children.values():
        if str(getattr(child.proto, "id", "")).endswith("-glance_section"):
            return child
    raise AssertionError("no at-a-glance section on the page")


def hover_texts(element) -> list[str]:
    spec = json.loads(element.proto.spec)
    texts = [text for trace in spec["data"] for text in (trace.get("hovertext") or [])]
    return [re.sub(r"<[^>]+>", " ", text) for text in texts]


@pytest.fixture(scope="module")
def names():
    return proper_names()


@pytest.mark.parametrize("lang", ["it", "en"])
@pytest.mark.parametrize("level", LEVELS)
def test_every_level_shows_the_section_in_one_language(level, lang, names):
    code = LEVELS[level]
    app = run_page(PROFILE, territorio=code, lingua=lang)
    block = section(app)
    elements = _walk(block)
    kinds = [type(element).__name__ for element in elements]
    texts = [text for element in elements for text in _element_texts(element)]
    assert TITLE[lang] in texts
    charts = [element for element in elements if getattr(element, "type", None) == "plotly_chart"]
    if glance.glance_rows(code, lang).empty:
        assert "Info" in kinds and not charts  # says why it is missing
        return
    assert len(charts) == 1, f"{level}: no chart"
    texts += hover_texts(charts[0])
    summaries = [element.value for element in elements if type(element).__name__ == "Markdown"]
    assert any(text.startswith(glance.territory_name(code, lang)) for text in summaries), "no summary sentence"
    table, _ = downloads.readable_table(glance.glance_table(code, lang), lang)
    texts += [str(column) for column in table.columns]
    texts += [str(value) for column in table.columns if table[column].dtype == object for value in table[column]]
    leaks = {text[:120]: sorted(found) for text in texts if (found := other_language_words(text, lang, names))}
    assert not leaks, f"{level} ({lang}) shows the other language: {leaks}"


def test_lodi_section_in_english_names_its_peers_and_benchmarks():
    app = run_page(PROFILE, territorio="098031", lingua="en")
    elements = _walk(section(app))
    texts = [text for element in elements for text in _element_texts(element)]
    summary = next(element.value for element in elements if type(element).__name__ == "Markdown")
    assert summary.startswith("Lodi\\: above the median of the Lombardy municipalities") and "Compared with Lombardy" in summary
    legend = next(text for text in texts if text.startswith("How to read it"))
    assert "Province of Lodi" in legend and "10 similar municipalities" in legend
