"""The path of a number on screen: under the figures of every page that draws them, a collapsed "Come è
calcolato" ("How it is computed") names the raw file, the build step, the query with its parameters and the
figure's own numerator and denominator. Expected values come from plain SQL on the database and from the
catalogue files, never from cruscotto/lineage.py."""
import re

import pytest

from cruscotto import pages_registry
from tests.apptest_helpers import italian, run_page, sql

TITLE = {"it": "Come è calcolato", "en": "How it is computed"}
LODI, CREMONA = "098031", "019036"


def count(value: float, lang: str) -> str:
    """A count as the reader writes it: 12.345 in Italian, 12,345 in English (written here, not imported)."""
    return italian(value, 0) if lang == "it" else f"{value:,.0f}"


def lineage_texts(app, lang: str) -> list[str]:
    """The Markdown of every "Come è calcolato" expander, Markdown escapes removed."""
    texts = []
    for expander in app.expander:
        if expander.label == TITLE[lang]:
            texts.append(re.sub(r"\\(.)", r"\1", "\n".join(str(m.value) for m in expander.markdown)))
    return texts


def latest(indicator: str, territory: str) -> tuple[int, float, float]:
    return sql("SELECT year, numerator, denominator FROM observation WHERE indicator_id = ? AND territory_code = ? "
               "ORDER BY year DESC LIMIT 1", indicator, territory)[0]


def raw_files(indicator: str, territory: str, year: int) -> list[str]:
    files, = sql("SELECT s.raw_files FROM observation o JOIN source s USING (source_id) WHERE o.indicator_id = ? "
                 "AND o.territory_code = ? AND o.year = ?", indicator, territory, year)[0]
    return [f"data/raw/{file}" for file in files.split("; ")]


def assert_counts_shown(text: str, numerator: float, denominator: float, lang: str) -> None:
    assert f"{count(numerator, lang)} ÷ " in text, text
    assert f" {count(denominator, lang)}" in text, text


def test_every_page_with_figures_is_covered_below():
    covered = {"panoramica", "mappa", "tendenze", "confronta", "spesa"}
    assert {page.slug for page in pages_registry.PAGES if page.figures} == covered


@pytest.mark.parametrize("lang", ["it", "en"])
def test_profile_cards_say_how_each_figure_is_computed(lang):
    app = run_page(pages_registry.by_slug("panoramica").file, territorio=LODI, lingua=lang)
    texts = lineage_texts(app, lang)
    assert texts, "no 'Come è calcolato' on /panoramica"
    year, numerator, denominator = latest("share_65_plus", LODI)
    block = next(text for text in texts if f"{count(numerator, lang)} ÷ " in text)
    assert_counts_shown(block, numerator, denominator, lang)
    assert all(file in block for file in raw_files("share_65_plus", LODI, year))
    assert "cruscotto/build/demography.py" in block and "_age_structure()" in block
    assert "queries/profile.sql" in block and f"$territory = '{LODI}'" in block
    # the coverage gauges have theirs: RSA places over residents 75+
    year, places, old = latest("rsa_places_per_100_75plus", LODI)
    assert any(f"{count(places, lang)} ÷ " in text and count(old, lang) in text and "cruscotto/build/care.py" in text
               for text in texts)
    assert all(expander.proto.expanded is False for expander in app.expander if expander.label == TITLE[lang])


@pytest.mark.parametrize("lang", ["it", "en"])
def test_the_map_says_how_the_chosen_territorys_area_is_computed(lang):
    app = run_page(pages_registry.by_slug("mappa").file, territorio=LODI, livello="provincia",
                   indicatore="share_65_plus", anno="2023", lingua=lang)
    text, = lineage_texts(app, lang)
    (numerator, denominator, have, total), = sql(
        "SELECT numerator, denominator, parts_with_data, parts_total FROM observation "
        "WHERE indicator_id = 'share_65_plus' AND territory_code = '098' AND year = 2023")
    assert_counts_shown(text, numerator, denominator, lang)
    assert "cruscotto/build/sql/aggregate.sql" in text and f"{have}" in text and f"{total}" in text
    assert "queries/indicator_map.sql" in text and "$level = 'provincia'" in text and "$year = 2023" in text


@pytest.mark.parametrize("lang", ["it", "en"])
def test_trends_give_every_year_its_counts(lang):
    app = run_page(pages_registry.by_slug("tendenze").file, territorio=LODI, indicatore="share_65_plus", lingua=lang)
    text, = lineage_texts(app, lang)
    rows = sql("SELECT year, numerator, denominator FROM observation WHERE indicator_id = 'share_65_plus' "
               "AND territory_code = ? ORDER BY year", LODI)
    assert rows
    for year, numerator, denominator in rows:
        assert f"{year}: " in text
        assert_counts_shown(text, numerator, denominator, lang)
    assert "queries/indicator_series.sql" in text and "$indicator = 'share_65_plus'" in text


@pytest.mark.parametrize("lang", ["it", "en"])
def test_compare_gives_each_bar_its_counts(lang):
    app = run_page(pages_registry.by_slug("confronta").file, territorio=CREMONA, confronto=f"{CREMONA},{LODI}",
                   indicatore="old_age_index", lingua=lang)
    text, = lineage_texts(app, lang)
    for territory in (CREMONA, LODI):
        _, numerator, denominator = latest("old_age_index", territory)
        assert_counts_shown(text, numerator, denominator, lang)
        assert f"$territory = '{territory}'" in text


@pytest.mark.parametrize("lang", ["it", "en"])
def test_spending_per_head_is_spending_over_population(lang):
    app = run_page(pages_registry.by_slug("spesa").file, territorio=LODI, lingua=lang)
    text, = lineage_texts(app, lang)
    rows = sql("SELECT year, numerator, denominator FROM observation WHERE indicator_id = 'social_spending_per_capita' "
               "AND territory_code = ? ORDER BY year", LODI)
    assert rows
    for year, numerator, denominator in rows:
        assert_counts_shown(text, numerator, denominator, lang)
    assert "queries/social_spending.sql" in text and "spending/opencivitas_sociale_nido_lombardia_" in text


def test_a_published_rate_is_said_to_be_published():
    # ISTAT's series for the Metropolitan City of Milan has no counts: the path says the source published it
    app = run_page(pages_registry.by_slug("tendenze").file, territorio="015", indicatore="old_age_index", lingua="en")
    text, = lineage_texts(app, "en")
    (value,), = sql("SELECT value FROM observation WHERE indicator_id = 'old_age_index' AND territory_code = '015' "
                    "AND year = 2025")
    assert f"2025: {value:.1f}, as published by the source" in text
    assert "cruscotto/build/istat_series.py" in text


def test_the_catalogue_names_the_build_step_of_every_figure():
    # every indicator and source the database holds: the catalogue's build_step names a function of
    # cruscotto/build/ whose module reads one of the source's raw files (sources.csv raw_files)
    import importlib
    import inspect

    from cruscotto.lineage import for_source
    pairs = sql("SELECT DISTINCT o.indicator_id, o.source_id, i.build_step, i.raw_measure, s.raw_files "
                "FROM observation o JOIN indicator i ON i.id = o.indicator_id JOIN source s USING (source_id)")
    assert pairs
    for indicator, source, build_step, raw_measure, files in pairs:
        step = for_source(build_step, source)
        assert step and for_source(raw_measure, source), f"{indicator} ({source}): no lineage in indicators.csv"
        module_name, _, function = step.partition(".")
        module = importlib.import_module(f"cruscotto.build.{module_name}")
        assert callable(getattr(module, function, None)), f"{indicator}: {step} is not a build function"
        text = inspect.getsource(module)
        assert any(file.split("*")[0] in text for file in files.split("; ")), f"{indicator}: {step} reads no {files}"


@pytest.mark.parametrize("lang", ["it", "en"])
def test_open_data_catalogue_shows_the_lineage(lang):
    app = run_page(pages_registry.by_slug("dati-aperti").file, territorio=LODI, lingua=lang, indicatore="share_65_plus")
    (build_step, raw_measure), = sql("SELECT build_step, raw_measure FROM indicator WHERE id = 'share_65_plus'")
    table = app.dataframe[0].value.set_index("id")
    assert table.at["share_65_plus", "build_step"] == build_step
    assert table.at["share_65_plus", "raw_measure"] == raw_measure
    assert build_step in [element.value for element in app.text]  # the full record
