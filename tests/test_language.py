"""One language at a time: every page, in Italian and in English, for every kind of territory, shows no
tell-tale word of the other language (tests/language_words.py) in any text it draws — titles, captions,
notes, widget labels, options and placeholders, table headers and cells, chart titles, axes and legends.

Proper names are left out of the scan (names of comuni, ambiti, ASST, distretti, Municipi and NIL, the titles
of the plan documents and the documents cited for ambito membership, quoted verbatim). Province and region
names are scanned: "Provincia di …" is UI text and must read "Province of …" in English.
"""
import json
import re

import pandas as pd
import pytest

from cruscotto import notes, pages_registry
from cruscotto.catalogue import load_terms
from tests.apptest_helpers import run_page, sql
from tests.language_words import other_language_words, proper_names

TERRITORIES = {"comune": "098031", "ambito": "ambito-distrettuale-di-lodi", "provincia": "098",
               "municipio": "MUN01", "nil": "NIL21"}
PER_TERRITORY = pages_registry.files(per_territory=True)
ONCE = pages_registry.files(per_territory=False)  # /carica as visitors see it
PLOT_TEXT_KEYS = {"text", "name", "ticktext", "hovertemplate", "texttemplate", "title"}
CASES = ([(page, kind, lang) for page in PER_TERRITORY for kind in TERRITORIES for lang in ("it", "en")]
         + [(page, "comune", lang) for page in ONCE for lang in ("it", "en")])


@pytest.fixture(scope="module")
def names():
    return proper_names()


def page_texts(app) -> list[str]:
    """Every text the page draws, element by element (sidebar included)."""
    texts = []
    for element in _walk(app.main) + _walk(app.sidebar):
        texts += _element_texts(element)
    return [text for text in texts if isinstance(text, str) and text.strip()]


def _walk(block) -> list:
    found = []
    for child in getattr(block, "children", {}).values():
        found.append(child)
        found += _walk(child)
    return found


def _element_texts(element) -> list[str]:
    kind = type(element).__name__
    texts = [getattr(element, attribute, None) for attribute in ("label", "help", "placeholder")]
    if kind in ("Title", "Header", "Subheader", "Markdown", "Caption", "Info", "Warning", "Error", "Success",
                "Text", "Code", "Latex"):
        texts.append(element.value)
    elif kind == "Metric":
        texts += [element.value, element.proto.help]
    elif kind in ("Selectbox", "Multiselect", "Radio", "SelectSlider"):
        texts += list(element.options)
        texts.append(element.proto.placeholder if hasattr(element.proto, "placeholder") else None)
    elif kind == "Dataframe":
        texts += _table_texts(element)
    elif kind == "Expander":
        texts.append(element.proto.label)
    elif kind == "UnknownElement":
        texts += _unknown_texts(element)
    return [text for text in texts if isinstance(text, str)]


def _table_texts(element) -> list[str]:
    """Headers as shown (column_config labels, hidden columns left out) and every cell; a missing value
    counts as "None", which is what the grid would show."""
    frame = element.value
    config = json.loads(element.proto.columns or "{}") if hasattr(element.proto, "columns") else {}
    shown = list(element.proto.column_order) or list(frame.columns)
    texts = []
    for column in shown:
        if column not in frame.columns or config.get(str(column), {}).get("hidden"):
            continue
        texts.append(config.get(str(column), {}).get("label") or str(column))
        values = frame[column]
        if values.dtype == object or pd.api.types.is_string_dtype(values):
            texts += ["None" if pd.isna(value) else str(value) for value in values]
    return texts


def _unknown_texts(element) -> list[str]:
    """Elements AppTest has no class for: element.type names the proto, element.proto is that proto."""
    kind, proto = getattr(element, "type", None), element.proto
    if kind == "plotly_chart":
        return _plot_strings(json.loads(proto.spec))
    if kind == "deck_gl_json_chart":
        return [str(json.loads(proto.json).get("tooltip", ""))]
    if kind in ("page_link", "download_button", "link_button"):
        return [proto.label, getattr(proto, "help", "")]
    return []


def _plot_strings(node, key: str | None = None) -> list[str]:
    found = []
    if isinstance(node, dict):
        for child_key, child in node.items():
            found += _plot_strings(child, child_key)
    elif isinstance(node, list):
        for child in node:
            found += _plot_strings(child, key)
    elif isinstance(node, str) and key in PLOT_TEXT_KEYS:
        found.append(re.sub(r"%\{[^}]*\}|<[^>]+>", " ", node))  # placeholders and markup are not words
    return found


@pytest.mark.parametrize("page,kind,lang", CASES)
def test_page_speaks_one_language(page, kind, lang, names):
    app = run_page(page, territorio=TERRITORIES[kind], lingua=lang)
    leaks = {}
    for text in page_texts(app):
        found = other_language_words(text, lang, names)
        if found:
            leaks[text[:160]] = sorted(found)
    assert not leaks, f"{page} ({kind}, {lang}) shows the other language: {leaks}"


def test_word_lists_catch_what_they_should():
    assert other_language_words("Fonte: ISTAT · anno 2023 · dati per 45 comuni su 47", "en") >= {"fonte", "comuni"}
    assert other_language_words("Source: ISTAT · year 2023 · None", "it") >= {"source", "year", "none"}
    assert other_language_words("12 € per resident", "it") and not other_language_words("12 € per residente", "it")
    assert other_language_words("territory_name", "it") == {"territory", "name"}
    assert not other_language_words("GitHub lorenzo-ruffino/data-viz", "it")
    assert not other_language_words("Data di riferimento", "it")
    assert not other_language_words("Province of Lodi", "en") and other_language_words("Provincia di Lodi", "en")
    assert not other_language_words("Ambito di Cremona", "en", ["Ambito di Cremona"])


def test_every_stored_note_reads_in_both_languages():
    """Each note the build stored renders in both languages, with no code or placeholder left over."""
    stored = [text for (text,) in sql("SELECT DISTINCT note FROM observation WHERE note IS NOT NULL")]
    stored += [text for (text,) in sql("SELECT DISTINCT membership_note FROM territory WHERE membership_note IS NOT NULL")]
    assert stored
    for text in stored:
        assert notes.is_stored(text), text
        for lang in ("it", "en"):
            shown = notes.render(text, lang)
            # no placeholder and no lower-case snake_case id (a note code or a source id) left over
            assert shown and "{" not in shown and not re.search(r"\b[a-z0-9]+_[a-z0-9_]+\b", shown), (text, shown)
            assert not other_language_words(shown, lang), (text, lang, shown)


def test_merged_comuni_note_names_the_old_codes():
    # 012144 is the successor of 012009, 012018 and 012095 (as in tests/test_real_data.py)
    (note,), = sql("SELECT note FROM observation WHERE indicator_id = 'population' AND territory_code = '012144' "
                   "AND year = 2022")
    assert notes.render(note, "it") == "somma dei comuni fusi con codici 012009, 012018, 012095"
    assert notes.render(note, "en") == "sum of the merged municipalities with codes 012009, 012018, 012095"


def test_every_data_word_has_both_languages():
    """Spending categories and the plans' measures, units and notes on denominators are all in terms.csv."""
    words = {text for (text,) in sql("SELECT DISTINCT service_label FROM spending_by_service")}
    for column in ("topic", "territory", "measure", "unit", "denominator_note"):
        words |= {text for (text,) in sql(f"SELECT DISTINCT {column} FROM plan_figure WHERE {column} <> ''")}
    terms = load_terms()
    assert words - set(terms.index) == set()
    for word in words:
        assert not other_language_words(terms.at[word, "en"], "en", proper_names()), word
        assert not other_language_words(terms.at[word, "it"], "it"), word
