"""What a page says when data is missing, how charts explain themselves, where the map looks, and the
/fonti plan table: read through AppTest, expected values from plain SQL and hand arithmetic."""
import json
import math
import re

import numpy as np
import pytest

from cruscotto.build import build, needs_build
from cruscotto.levels import REGION_CODE
from cruscotto.maps import MAP_HEIGHT, MIN_MAP_WIDTH
from tests.apptest_helpers import PAGES, deck, italian, run_page, sql

NOT_AVAILABLE = {"it": "Dato non disponibile per questo territorio", "en": "Not available for this area"}


@pytest.fixture(scope="module", autouse=True)
def repo_database():
    if needs_build():
        build(progress=lambda line: None)


def infos(app) -> list[str]:
    return [box.value for box in app.info]


def has_indicator(code: str, *indicators: str) -> bool:
    marks = ", ".join("?" for _ in indicators)
    return sql(f"SELECT count(*) FROM observation WHERE territory_code = ? AND indicator_id IN ({marks})",
               code, *indicators)[0][0] > 0


# --- say what is missing ---------------------------------------------------------------------------

@pytest.mark.parametrize("lang,where,census", [("it", "provincia di Brescia", "9 ottobre 2011"),
                                               ("en", "province of Brescia", "9 October 2011")])
def test_profile_without_people_living_alone_says_why_and_where_they_exist(lang, where, census):
    # an ambito known to ISTAT's spending survey only: no member list, so no census households either
    assert not has_indicator("T03040", "one_person_households_share", "reg_one_person_households_share")
    app = run_page(PAGES[0], territorio="T03040", lingua=lang)
    message = [text for text in infos(app) if NOT_AVAILABLE[lang] in text and census in text]
    assert len(message) == 1, infos(app)
    assert where in message[0] and "Milan" in message[0] and "NIL" in message[0]
    heading = {"it": "Famiglie e solitudini", "en": "Households and living alone"}[lang]
    assert heading in [s.value for s in app.subheader]


@pytest.mark.parametrize("code", ["017029", "098031"])  # Brescia: permanent census; Lodi: 2011 census only
def test_profile_with_people_living_alone_has_no_such_message(code):
    assert has_indicator(code, "one_person_households_share")
    app = run_page(PAGES[0], territorio=code)
    assert not any(NOT_AVAILABLE["it"] in text for text in infos(app))


def test_nil_profile_names_each_missing_section_with_its_source():
    assert not has_indicator("NIL12", "social_spending_per_capita", "income_per_taxpayer", "rsa_places_per_100_75plus")
    app = run_page(PAGES[0], territorio="NIL12")
    messages = [text for text in infos(app) if NOT_AVAILABLE["it"] in text]
    assert any("OpenCivitas" in m for m in messages) and any("IRPEF" in m for m in messages)
    assert any("RSA" in m for m in messages)
    assert "Copertura del bisogno: posti per anziani" in [s.value for s in app.subheader]


def test_spending_page_of_a_nil_and_pyramid_of_a_nil_say_why():
    spending = run_page(PAGES[4], territorio="NIL12")
    assert sum(NOT_AVAILABLE["it"] in text for text in infos(spending)) == 2  # spending, spending by target
    trends = run_page(PAGES[2], territorio="NIL12", lingua="en")
    assert any(NOT_AVAILABLE["en"] in text and "pyramid" in text for text in infos(trends))


def test_spending_by_target_missing_for_lodi_names_where_it_exists():
    assert sql("SELECT count(*) FROM spending_by_service WHERE territory_code = '098031'")[0][0] == 0
    app = run_page(PAGES[4], territorio="098031")
    message = [text for text in infos(app) if NOT_AVAILABLE["it"] in text]
    assert len(message) == 1 and "Merate" in message[0] and "Cremona" in message[0]


def test_every_profile_card_shows_its_own_year():
    app = run_page(PAGES[0], territorio="098031")
    expected = {year for (year,) in sql("""SELECT max(year) FROM observation WHERE territory_code = '098031'
                                          GROUP BY indicator_id""")}
    captions = [c.value for c in app.caption]
    shown = {int(m.group(1)) for c in captions if (m := re.fullmatch(r"anno (\d{4})", c))}
    assert len(expected) > 1 and shown == expected  # mixed years, each visible
    assert len([c for c in captions if re.fullmatch(r"anno \d{4}", c)]) >= len(app.metric)


# --- charts that explain themselves -----------------------------------------------------------------

CHART_VIEWS = [(PAGES[2], {"territorio": "098031", "indicatore": "share_65_plus"}),
               (PAGES[2], {"territorio": "NIL12", "indicatore": "reg_residents", "lingua": "en"}),
               (PAGES[3], {"territorio": "019036", "confronto": "019036,098031,03", "indicatore": "share_65_plus"}),
               (PAGES[4], {"territorio": "098031"}),
               (PAGES[4], {"territorio": "ambito-di-cremona"}),
               (PAGES[4], {"territorio": "T03042"})]


def chart_specs(app) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]


def axis_title(layout: dict, axis: str) -> str:
    title = layout.get(axis, {}).get("title", {})
    return (title.get("text") if isinstance(title, dict) else title) or ""


@pytest.mark.parametrize("page,params", CHART_VIEWS)
def test_every_chart_has_both_axis_titles(page, params):
    app = run_page(page, **params)
    specs = chart_specs(app)
    assert specs, f"{page} drew no chart"
    for spec in specs:
        assert axis_title(spec["layout"], "xaxis").strip(), spec["layout"].get("title")
        assert axis_title(spec["layout"], "yaxis").strip(), spec["layout"].get("title")


def test_pyramid_axes_are_people_and_age():
    app = run_page(PAGES[2], territorio="098031")
    pyramid = chart_specs(app)[1]["layout"]
    assert axis_title(pyramid, "xaxis") == "persone" and axis_title(pyramid, "yaxis") == "età"


def test_trend_lines_have_distinct_symbols_and_explain_hollow_markers():
    app = run_page(PAGES[2], territorio="098031", indicatore="share_65_plus")
    traces = chart_specs(app)[0]["data"]
    lines = [trace for trace in traces if trace.get("x") != [None]]
    shapes = []
    for trace in lines:
        symbols = trace["marker"]["symbol"]
        shapes.append({s.removesuffix("-open") for s in (symbols if isinstance(symbols, list) else [symbols])})
    assert all(len(s) == 1 for s in shapes) and len({s.pop() for s in shapes}) == len(lines)
    # 2023 ages are provisional (status in the database): the legend explains the hollow marker
    assert sql("""SELECT count(*) FROM observation WHERE territory_code = '098031' AND indicator_id = 'share_65_plus'
                  AND status = 'provisional'""")[0][0] > 0
    assert any("dato provvisorio" in trace.get("name", "") for trace in traces if trace.get("x") == [None])


def test_spending_gap_year_is_explained_on_the_chart():
    years = [y for (y,) in sql("""SELECT DISTINCT year FROM observation WHERE territory_code = '098031'
                                  AND indicator_id = 'social_spending_per_capita' ORDER BY year""")]
    missing = [y for y in range(years[0], years[-1] + 1) if y not in years]
    assert missing == [2020]
    app = run_page(PAGES[4], territorio="098031")
    subtitle = chart_specs(app)[0]["layout"]["title"]["subtitle"]["text"]
    assert subtitle == "2020: nessun dato OpenCivitas"


def test_nil_trend_has_its_municipio_line_where_the_municipio_has_the_indicator():
    municipio = sql("""SELECT t.name FROM territory_link l JOIN territory t ON t.code = l.parent_code
                       WHERE l.child_code = 'NIL12' AND l.relation = 'municipio_prevalente'""")[0][0]
    app = run_page(PAGES[2], territorio="NIL12", indicatore="reg_residents")
    names = [trace["name"] for trace in chart_specs(app)[0]["data"]]
    assert names[:2] == ["Maciachini - Maggiolina", municipio]


# --- the map ------------------------------------------------------------------------------------------

def geometry_bounds(*codes: str) -> tuple[float, float, float, float]:
    xs, ys = [], []

    def walk(part):
        if isinstance(part[0], (int, float)):
            xs.append(part[0]), ys.append(part[1])
        else:
            for inner in part:
                walk(inner)
    for code in codes:
        walk(json.loads(sql("SELECT geojson FROM territory_geometry WHERE code = ?", code)[0][0])["coordinates"])
    return min(xs), min(ys), max(xs), max(ys)


def visible_area(view: dict) -> tuple[float, float, float, float]:
    """What a MIN_MAP_WIDTH × MAP_HEIGHT deck shows at this view state (Web Mercator, 512-pixel world)."""
    world = 512 * 2 ** view["zoom"]
    half_lon = MIN_MAP_WIDTH / 2 / world * 360
    merc = lambda lat: math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))
    unmerc = lambda y: math.degrees(2 * math.atan(math.exp(math.radians(y))) - math.pi / 2)
    half_y = MAP_HEIGHT / 2 / world * 360
    centre = merc(view["latitude"])
    return (view["longitude"] - half_lon, unmerc(centre - half_y), view["longitude"] + half_lon, unmerc(centre + half_y))


def contains(outer, inner) -> bool:
    return outer[0] <= inner[0] and outer[1] <= inner[1] and outer[2] >= inner[2] and outer[3] >= inner[3]


def test_comune_map_shows_its_province_and_outlines_the_comune_and_its_ambito():
    app = run_page(PAGES[1], territorio="098031", indicatore="share_65_plus")
    spec = deck(app)
    area = visible_area(spec["initialViewState"])
    assert contains(area, geometry_bounds("098"))  # the province of Lodi in view
    lombardy = geometry_bounds(REGION_CODE)
    assert (area[2] - area[0]) < (lombardy[2] - lombardy[0]) / 2  # and zoomed in, not all of Lombardy
    layers = {layer["id"]: layer for layer in spec["layers"]}
    assert [f["properties"]["code"] for f in layers["highlight"]["data"]["features"]] == ["098031"]
    ambito = sql("SELECT parent_code FROM territory_link WHERE child_code = '098031' AND relation = 'ambito'")[0][0]
    assert [f["properties"]["code"] for f in layers["group"]["data"]["features"]] == [ambito]
    ambito_name = sql("SELECT name FROM territory WHERE code = ?", ambito)[0][0]
    assert f"Contorno arancione: Lodi · contorno nero: {ambito_name}" in [c.value for c in app.caption]


@pytest.mark.parametrize("code", ["NIL12", "ambito-di-cremona", "MUN01"])
def test_map_at_own_level_contains_the_territory(code):
    app = run_page(PAGES[1], territorio=code)
    spec = deck(app)
    area = visible_area(spec["initialViewState"])
    bounds = geometry_bounds(code)
    assert contains(area, bounds)
    assert (area[2] - area[0]) < 8 * (bounds[2] - bounds[0])  # zoomed to it, not to the whole layer


def test_map_legend_shows_whole_ranges_with_units():
    app = run_page(PAGES[1], territorio="098031", indicatore="share_65_plus", anno="2023")
    legend = app.table[0].value
    ranges = [text for text in legend.iloc[:, 1] if text.startswith("da ")]
    assert len(ranges) == 5 and all(re.fullmatch(r"da [\d.,]+% a [\d.,]+%", text) for text in ranges)
    values = [v for (v,) in sql("""SELECT o.value FROM observation o JOIN territory t ON t.code = o.territory_code
                                   WHERE t.level = 'comune' AND o.indicator_id = 'share_65_plus' AND o.year = 2023
                                   AND o.flag IS NULL""")]
    edges = np.quantile(values, [0, 0.2, 0.4, 0.6, 0.8, 1])
    assert ranges[0] == f"da {italian(edges[0], 1)}% a {italian(edges[1], 1)}%"
    assert ranges[-1] == f"da {italian(edges[4], 1)}% a {italian(edges[5], 1)}%"


# --- /fonti -------------------------------------------------------------------------------------------

def test_plan_figures_table_is_formatted_and_has_no_none():
    app = run_page(PAGES[6])
    table = app.table[0].value
    cells = [str(cell) for cell in table.to_numpy().ravel()]
    assert not any(cell in ("None", "nan", "<NA>", "NaN") for cell in cells)
    value, unit = sql("""SELECT value, unit FROM plan_figure WHERE unit = 'EUR' ORDER BY value DESC LIMIT 1""")[0]
    assert f"{italian(value, 0 if float(value).is_integer() else 2)} €" in "\n".join(cells).replace("\\", "")
    assert len(table) == sql("SELECT count(*) FROM plan_figure")[0][0]
