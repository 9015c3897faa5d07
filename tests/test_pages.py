"""Every page in AppTest for the territories councillors open most: no exception, and the key figures
on the page equal the database's, read here with plain SQL rather than through the dashboard's queries."""
import csv

import numpy as np
import pytest

from cruscotto.build import build, needs_build
from cruscotto.levels import REGION_CODE
from cruscotto.paths import REPO
from tests.apptest_helpers import PAGES, all_text, deck, italian, plotly_traces, run_page, sql

TERRITORIES = {"015146": "Milano", "098031": "Lodi", "019036": "Cremona", "015142": "Melzo",
               "MUN01": "Municipio 1", "ambito-di-cremona": "Ambito di Cremona", "NIL12": "Maciachini - Maggiolina"}
CATALOGUE = {row["id"]: row for row in csv.DictReader(open(REPO / "data" / "catalogue" / "indicators.csv", encoding="utf-8"))}
GAUGES = {"rsa_places_per_100_75plus", "cdi_places_per_100_75plus"}


@pytest.fixture(scope="module", autouse=True)
def repo_database():
    if needs_build():
        build(progress=lambda line: None)


def latest_values(code: str) -> dict[str, float]:
    rows = sql("""SELECT indicator_id, value FROM observation o WHERE territory_code = ?
                  AND year = (SELECT max(year) FROM observation WHERE territory_code = o.territory_code
                              AND indicator_id = o.indicator_id)""", code)
    return dict(rows)


@pytest.mark.parametrize("code", TERRITORIES)
def test_profile_shows_every_headline_figure_of_the_database(code):
    app = run_page(PAGES[0], territorio=code)
    assert app.title[0].value == TERRITORIES[code]
    values = latest_values(code)
    wanted = [i for i in values if CATALOGUE[i]["headline"] == "1" and i not in GAUGES]
    if not wanted:  # a Municipio: only residents are published, so every indicator it has is shown
        wanted = [i for i in values if i not in GAUGES]
    assert wanted, f"{code} has no data at all"
    metrics = {m.label: m.value for m in app.metric}
    for indicator in wanted:
        row = CATALOGUE[indicator]
        # the unit goes beside the label unless the figure carries it (%, €)
        shown = [metrics[label] for label in (row["label_it"], f"{row['label_it']} ({row['unit_it']})") if label in metrics]
        assert len(shown) == 1, f"{code}: card {row['label_it']!r} missing"
        assert italian(values[indicator], int(row["decimals"])) in shown[0], (code, indicator)
    assert all_text(app).count("Fonte:") >= len(wanted)


def test_profile_benchmark_lines_name_the_benchmark_and_its_value():
    app = run_page(PAGES[0], territorio="098031")
    text = all_text(app)
    lombardy = latest_values(REGION_CODE)["share_65_plus"]
    assert f"Lombardia ({italian(lombardy, 1)}%)" in text
    assert "Lodi rispetto a:" in text and "Provincia di Lodi" in text
    assert "significativamente più alto" in text  # Lodi's 65+ share is well above Lombardy's (counts in the 10,000s)


def test_municipio_points_to_its_nil():
    app = run_page(PAGES[0], territorio="MUN01")
    nil_names = {name for (name,) in sql("""SELECT t.name FROM territory_link l JOIN territory t ON t.code = l.child_code
                                            WHERE l.parent_code = 'MUN01'""")}
    assert nil_names and {link.label for link in app.get("page_link")} == nil_names


def test_municipio_shows_its_residents_from_the_register_it_is_promised():
    """A Municipio has none of the register's headline shares (published by NIL), but its residents: the topic
    shows that figure instead of saying it is missing."""
    app = run_page(PAGES[0], territorio="MUN01")
    year, residents = sql("""SELECT year, value FROM observation WHERE territory_code = 'MUN01'
                             AND indicator_id = 'reg_residents' AND value IS NOT NULL ORDER BY year DESC LIMIT 1""")[0]
    assert "residenti (anagrafe comunale" in all_text(app)  # the note under the title promises them
    metrics = {str(metric.label): str(metric.value) for metric in app.metric}
    label = next(label for label in metrics if label.startswith("Residenti (anagrafe comunale di Milano)"))
    assert metrics[label] == italian(residents, 0) and f"anno {year}" in all_text(app)


@pytest.mark.parametrize("code", TERRITORIES)
def test_map_draws_every_territory_of_the_level_and_outlines_the_chosen_one(code):
    app = run_page(PAGES[1], territorio=code)
    level = sql("SELECT level FROM territory WHERE code = ?", code)[0][0]
    with_shape = sql("""SELECT count(*) FROM territory t JOIN territory_geometry g USING (code)
                        WHERE t.level = ?""", level)[0][0]
    layers = {layer["id"]: layer for layer in deck(app)["layers"]}
    assert len(layers["choropleth"]["data"]["features"]) == with_shape
    outlined = [f["properties"]["name"] for f in layers["highlight"]["data"]["features"]]
    assert outlined == [TERRITORIES[code]]


def test_map_of_comuni_has_all_1502_and_colours_those_with_data():
    app = run_page(PAGES[1], territorio="015146", indicatore="share_65_plus", anno="2022")
    features = {layer["id"]: layer for layer in deck(app)["layers"]}["choropleth"]["data"]["features"]
    assert len(features) == 1502
    grey = [f for f in features if f["properties"]["fill"][:3] == [200, 200, 200]]
    with_data = sql("""SELECT count(*) FROM observation o JOIN territory t ON t.code = o.territory_code
                       WHERE t.level = 'comune' AND indicator_id = 'share_65_plus' AND year = 2022""")[0][0]
    assert len(features) - len(grey) == with_data


@pytest.mark.parametrize("code", TERRITORIES)
def test_trend_line_is_the_database_series(code):
    app = run_page(PAGES[2], territorio=code)
    indicator = next(box.value for box in app.selectbox if box.label == "Indicatore")
    expected = dict(sql("SELECT year, value FROM observation WHERE indicator_id = ? AND territory_code = ?", indicator, code))
    own = plotly_traces(app)[0]
    assert own["name"] == TERRITORIES[code]
    drawn = {int(x): float(y) for x, y in zip(own["x"], own["y"]) if not np.isnan(y)}
    assert drawn == pytest.approx(expected)


def test_nil_trend_covers_2011_to_2024_register_data():
    app = run_page(PAGES[2], territorio="NIL12", indicatore="reg_80_plus_living_alone_share")
    years = [int(x) for x in plotly_traces(app)[0]["x"]]
    assert years[0] == 2011 and years[-1] == 2024


@pytest.mark.parametrize("code", TERRITORIES)
def test_compare_bars_are_the_latest_database_values(code):
    app = run_page(PAGES[3], territorio=code, confronto=f"{code},03", indicatore="share_65_plus")
    bars = plotly_traces(app)[0]
    for name, drawn in zip(bars["y"], bars["x"]):
        territory = REGION_CODE if name.startswith("Lombardia") else code
        rows = sql("""SELECT value FROM observation WHERE indicator_id = 'share_65_plus' AND territory_code = ?
                      ORDER BY year DESC LIMIT 1""", territory)
        if rows:
            assert drawn == pytest.approx(rows[0][0])
        else:
            assert np.isnan(drawn) and "nessun dato" in name


def test_compare_ranks_a_comune_in_its_ambito_and_province():
    app = run_page(PAGES[3], territorio="019036", indicatore="share_65_plus")
    headings = [s.value for s in app.subheader]
    assert any("Ambito di Cremona" in h for h in headings) and any("Provincia di Cremona" in h for h in headings)
    year = sql("SELECT max(year) FROM observation WHERE indicator_id = 'share_65_plus' AND territory_code = '019036'")[0][0]
    values = [v for (v,) in sql("""SELECT o.value FROM observation o JOIN territory_link l ON l.child_code = o.territory_code
                                   WHERE l.parent_code = '019' AND l.relation = 'provincia'
                                   AND o.indicator_id = 'share_65_plus' AND o.year = ?""", year)]
    assert f"su {len(values)}" in all_text(app)
    assert f"massimo {italian(max(values), 1)}%" in all_text(app)


@pytest.mark.parametrize("code", TERRITORIES)
def test_spending_line_is_the_database_series(code):
    app = run_page(PAGES[4], territorio=code)
    expected = dict(sql("""SELECT year, value FROM observation
                           WHERE indicator_id = 'social_spending_per_capita' AND territory_code = ?""", code))
    if not expected:  # said, with the reason (data/catalogue/data_gaps.csv)
        assert "Dato non disponibile per questo territorio" in all_text(app)
        return
    own = plotly_traces(app)[0]
    drawn = {int(x): float(y) for x, y in zip(own["x"], own["y"]) if not np.isnan(y)}
    assert drawn == pytest.approx(expected)


def test_english_switch():
    app = run_page(PAGES[0], territorio="019036", lingua="en")
    assert "Share aged 65+" in all_text(app) and "Source:" in all_text(app)


def test_bad_parameters_fall_back_with_notice():
    app = run_page(PAGES[0], territorio="999999", anno="abc", lingua="xx", indicatore="'; drop")
    assert len(app.warning) >= 4
    assert app.title[0].value == "Milano"
    assert any("Territorio sconosciuto" in w.value and "999999" in w.value and w.value.endswith("mostro Milano.")
               for w in app.warning), "the notice names the territory shown instead"
    english = run_page(PAGES[0], territorio="XYZ", lingua="en")
    assert any("Unknown area" in w.value and w.value.endswith("showing Milan.") for w in english.warning)


def test_a_missing_headline_figure_is_said_missing_not_replaced():
    """A comune without the spending per head that other comuni have: the spending section says it is missing,
    and the need per head (another figure of the topic) does not stand in for it."""
    lacking = sql("""SELECT t.code FROM territory t WHERE t.level = 'comune'
                     AND EXISTS (SELECT 1 FROM observation o WHERE o.territory_code = t.code
                                 AND o.indicator_id = 'social_need_per_capita' AND o.value IS NOT NULL)
                     AND NOT EXISTS (SELECT 1 FROM observation o WHERE o.territory_code = t.code
                                     AND o.indicator_id = 'social_spending_per_capita' AND o.value IS NOT NULL)
                     ORDER BY t.code LIMIT 1""")
    assert lacking, "no comune lacks the spending figure: pick another case"
    app = run_page(PAGES[0], territorio=lacking[0][0])
    labels = [str(metric.label) for metric in app.metric]
    assert not any(label.startswith("Fabbisogno") for label in labels), labels
