"""Presentation mode of /panoramica (presenta=1, diapositiva=N) through AppTest: the URL opens the slide it
names and follows every change; bad values are said and fall back; every level's slides render in Italian and
in English without the other language. Expected figures come from plain SQL on the database. The browser
(large type, fit at 1280×720 and 820×1180, keys) is tests/test_browser_present.py."""
import csv
import re

import pytest

from cruscotto import charts, glance
from cruscotto.presentation import legend_words, slide_chart, slide_gauge_svg
from cruscotto.presentation_slides import glance_parts

from cruscotto.build import build, needs_build
from cruscotto.page_data import PROFILE_GAUGES
from cruscotto.presentation_slides import GLANCE_ROWS_PER_SLIDE
from cruscotto.state import View, parse_view
from cruscotto.levels import REGION_CODE
from cruscotto.paths import CATALOGUE_DIR
from tests.apptest_helpers import italian, run_page, sql
from tests.language_words import other_language_words, proper_names
from tests.test_language import page_texts

PANORAMICA = "pages/panoramica.py"
LODI = "098031"
LEVEL_TERRITORIES = {"comune": LODI, "ambito": "ambito-distrettuale-di-lodi", "provincia": "098",
                     "asst": "asst-di-lodi", "distretto": "distretto-della-valle-cavallina-monte-bronzone-basso-sebino",
                     "regione": REGION_CODE, "municipio": "MUN01", "nil": "NIL21"}


@pytest.fixture(scope="module", autouse=True)
def repo_database():
    if needs_build():
        build(progress=lambda line: None)


def url(app) -> dict:
    return {key: app.query_params[key] for key in app.query_params}


def counter(app) -> tuple[int, int]:
    """The slide counter "**3 / 10**" as (3, 10)."""
    shown = next(m.value for m in app.markdown if m.value.startswith("**") and " / " in m.value)
    number, total = shown.strip("*").split(" / ")
    return int(number), int(total)


def heading(app) -> str:
    return (app.title or app.header)[0].value


def footer(app) -> str:
    return app.main.caption[-1].value


def lodi_slides_expected() -> int:
    """Title, at a glance, one per topic with a headline figure (a topic's ≤ 3 figures fit one slide), the
    gauges, the similar comuni, the sources: counted on the database, not by the deck's code."""
    gauges = ",".join(f"'{code}'" for code in PROFILE_GAUGES)
    topics = sql(f"SELECT count(DISTINCT i.topic) FROM indicator i JOIN observation o ON o.indicator_id = i.id "
                 f"WHERE o.territory_code = ? AND i.headline AND i.id NOT IN ({gauges})", LODI)[0][0]
    has_gauges = sql(f"SELECT count(*) > 0 FROM observation WHERE territory_code = ? AND indicator_id IN ({gauges})",
                     LODI)[0][0]
    return 1 + glance_slides_expected() + topics + int(has_gauges) + 1 + 1


def glance_slides_expected() -> int:
    """Lodi's at-a-glance rows (every headline indicator it has) in parts of at most GLANCE_ROWS_PER_SLIDE."""
    rows = sql("SELECT count(DISTINCT i.id) FROM indicator i JOIN observation o ON o.indicator_id = i.id "
               "WHERE o.territory_code = ? AND i.headline", LODI)[0][0]
    return -(-rows // GLANCE_ROWS_PER_SLIDE)


def built_on() -> str:
    return sql("SELECT strftime(timezone('UTC', max(built_at)), '%d/%m/%Y') FROM build_info")[0][0]


def test_presenta_opens_the_title_slide_and_writes_the_slide_to_the_url():
    app = run_page(PANORAMICA, territorio=LODI, presenta="1")
    assert heading(app) == "Lodi"
    assert counter(app) == (1, lodi_slides_expected())
    assert url(app) == {"territorio": LODI, "lingua": "it", "presenta": "1", "diapositiva": "1"}
    assert app.button(key="presenta_previous").disabled and not app.button(key="presenta_next").disabled
    assert f"Dati aggiornati al {built_on()}" in footer(app) and "Lodi" in footer(app)
    assert not app.metric, "the profile's cards are not drawn under a slide"


def test_slide_from_the_url_shows_the_first_topic_with_real_figures_and_its_source():
    first_topic = 2 + glance_slides_expected()
    app = run_page(PANORAMICA, territorio=LODI, presenta="1", diapositiva=str(first_topic))
    assert heading(app) == "Popolazione" and counter(app)[0] == first_topic
    value, year, publisher = sql(
        "SELECT o.value, o.year, s.publisher FROM observation o JOIN source s USING (source_id) "
        "WHERE o.indicator_id = 'population' AND o.territory_code = ? ORDER BY o.year DESC LIMIT 1", LODI)[0]
    assert italian(value, 0) in [metric.value for metric in app.metric]
    assert f"cifre del {year}" in footer(app) and publisher in footer(app)
    region = sql("SELECT value FROM observation WHERE indicator_id = 'population' AND territory_code = '03' "
                 "AND year = ?", year)[0][0]
    assert any(f"Lombardia: {italian(region, 0)}" in m.value for m in app.markdown), "the region in words"


def test_buttons_move_between_slides_and_the_url_follows_then_exit_and_present_again():
    first_topic = 1 + glance_slides_expected() + 1  # after the title and the at-a-glance parts
    app = run_page(PANORAMICA, territorio=LODI, presenta="1", diapositiva=str(first_topic))
    app.button(key="presenta_next").click().run()
    assert (counter(app)[0], url(app)["diapositiva"], heading(app)) == (first_topic + 1, str(first_topic + 1),
                                                                         "Invecchiamento")
    app.button(key="presenta_previous").click().run()
    assert (counter(app)[0], url(app)["diapositiva"], heading(app)) == (first_topic, str(first_topic), "Popolazione")
    app.button(key="presenta_page_down").click().run()  # what a clicker's PageDown presses
    assert url(app)["diapositiva"] == str(first_topic + 1)
    app.button(key="presenta_page_up").click().run()
    assert url(app)["diapositiva"] == str(first_topic)
    app.button(key="presenta_exit").click().run()
    assert url(app) == {"territorio": LODI, "lingua": "it"}
    assert heading(app) == "Lodi" and app.metric, "back to the profile at the same territory"
    app.button(key="present_start").click().run()
    assert url(app)["presenta"] == "1" and url(app)["diapositiva"] == "1" and counter(app)[0] == 1


def test_last_slide_names_every_source_with_its_licence_and_cannot_go_further():
    total = lodi_slides_expected()
    app = run_page(PANORAMICA, territorio=LODI, presenta="1", diapositiva=str(total))
    assert heading(app) == "Fonti" and app.button(key="presenta_next").disabled
    text = "\n".join(m.value for m in app.markdown)
    for name, licence in sql("SELECT DISTINCT s.name_it, s.licence FROM observation o JOIN source s USING (source_id) "
                             "WHERE o.territory_code = ? AND o.indicator_id = 'income_per_taxpayer'", LODI):
        assert name.split(" (")[0] in text and licence in text
    assert "Temi senza dati" not in text, "Milan's register is no missing topic of Lodi (data/catalogue/data_gaps.csv)"
    single = sql("SELECT min(year) FROM observation WHERE territory_code = ? AND source_id = "
                 "'regione_lombardia_unita_offerta_anziani' HAVING count(DISTINCT year) = 1", LODI)
    assert single and f"— anno {single[0][0]}" in text and f"anni {single[0][0]}" not in text


def test_the_sources_slide_names_topics_missing_with_a_reason():
    """A NIL has no income figures, and data_gaps.csv says why: the last slide names the topic."""
    with open(CATALOGUE_DIR / "data_gaps.csv", encoding="utf-8", newline="") as file:
        assert any(row["section"] == "reddito" and row["level"] in ("nil", "*") for row in csv.DictReader(file))
    app = run_page(PANORAMICA, territorio="NIL21", presenta="1", diapositiva="999")
    assert heading(app) == "Fonti"
    text = "\n".join(m.value for m in app.markdown)
    assert "Temi senza dati per questo territorio:" in text and "Reddito" in text


@pytest.mark.parametrize("params,notice,slide", [
    ({"presenta": "x"}, "presenta", None),            # not a switch: the profile, with a notice
    ({"presenta": "1", "diapositiva": "abc"}, "diapositiva", 1),
    ({"presenta": "1", "diapositiva": "0"}, "diapositiva", 1),
    ({"presenta": "1", "diapositiva": "-2"}, "diapositiva", 1),
    ({"presenta": "1", "diapositiva": "1e3"}, "diapositiva", 1),
    ({"presenta": "1", "diapositiva": "١٢"}, "diapositiva", 1),  # Arabic-Indic digits: int() would take them
    ({"presenta": "1", "diapositiva": "999"}, "999", "last"),  # beyond the deck: the last slide, said
])
def test_bad_values_are_noticed_and_fall_back(params, notice, slide):
    app = run_page(PANORAMICA, territorio=LODI, **params)
    assert any(notice in warning.value for warning in app.warning), [w.value for w in app.warning]
    if slide is None:
        assert "presenta" not in url(app) and app.metric and app.button(key="present_start")
        return
    expected = lodi_slides_expected() if slide == "last" else slide
    assert counter(app)[0] == expected and url(app)["diapositiva"] == str(expected)


def test_parse_view_takes_the_switch_and_the_slide_and_round_trips():
    territories, indicators = {LODI, View().territory}, {"population"}
    view, rejected = parse_view({"presenta": "1", "diapositiva": "7"}, territories, indicators)
    assert (view.present, view.slide, rejected) == (True, 7, [])
    assert parse_view(view.to_params(("present", "slide")), territories, indicators) == (view, [])
    assert View().to_params(("present", "slide")) == {"territorio": View().territory, "lingua": "it"}
    view, rejected = parse_view({"diapositiva": "7"}, territories, indicators)  # a slide outside presenting
    assert (view.present, view.slide, rejected) == (False, None, [])
    view, rejected = parse_view({"presenta": "0", "diapositiva": "1000"}, territories, indicators)
    assert (view.present, view.slide, rejected) == (False, None, [("diapositiva", "1000")])


@pytest.fixture(scope="module")
def names():
    return proper_names()


@pytest.mark.parametrize("lang", ["it", "en"])
@pytest.mark.parametrize("level", list(LEVEL_TERRITORIES))
def test_every_level_walks_through_its_slides_in_one_language(level, lang, names):
    app = run_page(PANORAMICA, territorio=LEVEL_TERRITORIES[level], lingua=lang, presenta="1")
    _, total = counter(app)
    assert total >= 3, "a title, at least one slide of figures and the sources"
    date = built_on() if lang == "it" else sql("SELECT strftime(timezone('UTC', max(built_at)), '%Y-%m-%d') "
                                               "FROM build_info")[0][0]
    headings = []
    for number in range(1, total + 1):
        assert counter(app) == (number, total) and url(app)["diapositiva"] == str(number)
        assert date in footer(app)
        headings.append(heading(app))
        leaks = {text[:120]: sorted(found) for text in page_texts(app)
                 if (found := other_language_words(text, lang, names))}
        assert not leaks, f"{level} slide {number} ({lang}) shows the other language: {leaks}"
        if number < total:
            app.button(key="presenta_next").click().run()
            assert not app.exception, app.exception
    assert headings[-1] == {"it": "Fonti", "en": "Sources"}[lang]
    assert app.button(key="presenta_next").disabled


def test_the_at_a_glance_slides_split_by_whole_topics_and_draw_at_projector_size():
    assert GLANCE_ROWS_PER_SLIDE == 4  # the cases below are worked out for four rows a slide
    assert glance_parts(list("aabbcddeef")) == [["a", "b"], ["c", "d"], ["e", "f"]]
    assert glance_parts(list("aabb")) == [["a", "b"]]  # few rows: one slide
    assert glance_parts(list("aaaaaaaabb")) == [["a"], ["b"]]  # a topic is never cut
    rows = sql("SELECT count(DISTINCT i.id) FROM indicator i JOIN observation o ON o.indicator_id = i.id "
               "WHERE o.territory_code = ? AND i.headline", LODI)[0][0]
    app = run_page(PANORAMICA, territorio=LODI, presenta="1", diapositiva="2")
    assert heading(app).replace("\\", "") == (f"Il territorio in sintesi (1 di {glance_slides_expected()})"
                                              if rows > GLANCE_ROWS_PER_SLIDE
                            else "Il territorio in sintesi")
    chart = glance.glance_chart(LODI, "it")
    figure = slide_chart(chart)
    assert figure.layout.yaxis.tickfont.size >= 22 and figure.layout.showlegend is False
    assert all(annotation.font.size >= 22 and "11px" not in annotation.text for annotation in figure.layout.annotations)
    territory = [trace for trace in figure.data if trace.meta == "territory"]
    assert territory and all(trace.marker.size >= 20 for trace in territory), "markers grow with the type"
    assert chart.layout.showlegend is not False and chart.layout.yaxis.tickfont.size < 22, \
        "the page's chart is unchanged"
    words = legend_words(chart, "it").replace("\\", "")  # escaped Markdown: "Lodi\\: simile"
    assert "Lombardia (linea nera)" in words and "(barra chiara)" in words and "Lodi:" in words
    legend_text = "\n".join(m.value for m in app.markdown).replace("\\", "")
    assert "Lombardia (linea nera)" in legend_text, "the legend in words under the slide's chart"


def test_the_gauge_slide_draws_its_numbers_and_scale_in_large_type():
    svg = slide_gauge_svg(charts.gauge_svg(6.0, 5.6, 10, "6,0", "▎Lombardia 5,6", "+0,3"))
    sizes = [int(size) for size in re.findall(r'font-size="(\d+)"', svg)]
    assert max(sizes) >= 48 and min(sizes) >= 24, sizes
    assert 'height="249"' in svg and 'y="236"' in svg, "the benchmark on a line of its own, inside the image"
