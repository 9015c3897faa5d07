"""Similar comuni on the pages (AppTest): the /panoramica section and the group as a benchmark on the cards,
/confronta's one-click comparison and the group's bars, /mappa's outlines; in Italian and English."""
import json
from urllib.parse import parse_qs

import pytest

from cruscotto.build import build, needs_build
from tests.apptest_helpers import all_text, deck, italian, plotly_traces, run_page, sql
from tests.language_words import other_language_words, proper_names

LODI = "098031"


@pytest.fixture(scope="module", autouse=True)
def repo_database():
    if needs_build():
        build(progress=lambda line: None)


def neighbours_of(code: str) -> list[tuple[str, str, float]]:
    return sql("""SELECT s.neighbour_code, t.name, s.distance FROM similar_comune s
                  JOIN territory t ON t.code = s.neighbour_code WHERE s.comune_code = ? ORDER BY s.rank""", code)


def link_labels(app) -> list[str]:
    return [str(link.proto.label) for link in app.get("page_link")]


def test_profile_of_lodi_lists_its_ten_similar_comuni_with_distances():
    app = run_page("pages/panoramica.py", territorio=LODI)
    assert "Comuni simili" in [s.value for s in app.subheader]
    labels = link_labels(app)
    for rank, (code, name, distance) in enumerate(neighbours_of(LODI), start=1):
        assert f"{rank}. {name} ({italian(distance, 2)})" in labels
    expander = next(e for e in app.expander if e.label == "Come sono scelti")
    assert "Versione del metodo" in " ".join(m.value for m in expander.markdown)
    table = expander.dataframe[0].value
    assert len(table) == len(sql("SELECT * FROM similar_feature")) and "Valore di Lodi" in table.columns
    map_link = next(link.proto for link in app.get("page_link") if link.proto.label == "Vedi i comuni simili sulla mappa")
    assert map_link.page == "mappa"
    assert parse_qs(map_link.query_string) | {"apri": ["1"]} == {
        "territorio": [LODI], "lingua": ["it"], "livello": ["comune"], "simili": ["1"], "apri": ["1"]}


def test_profile_cards_carry_the_group_as_a_benchmark():
    app = run_page("pages/panoramica.py", territorio=LODI)
    (value,), = sql("""SELECT sum(o.numerator) / sum(o.denominator) * 100 FROM observation o
                       JOIN similar_comune s ON s.neighbour_code = o.territory_code AND s.comune_code = ?
                       WHERE o.indicator_id = 'share_65_plus'
                         AND o.year = (SELECT max(year) FROM observation WHERE territory_code = ? AND indicator_id = 'share_65_plus')""",
                    LODI, LODI)
    line = next(m.value for m in app.markdown if "10 comuni simili" in m.value and f"({italian(value, 1)}%)" in m.value)
    # Lodi's 24,5% against the group's 25,6%, on tens of thousands of residents: a significant difference
    assert "10 comuni simili" in line and "significativamente" in line.split("10 comuni simili")[1].split("\n")[0]


def test_profile_in_english_has_no_italian_in_the_section():
    app = run_page("pages/panoramica.py", territorio=LODI, lingua="en")
    assert "Similar municipalities" in [s.value for s in app.subheader]
    (distance,) = neighbours_of(LODI)[0][2:]
    assert f"1. {neighbours_of(LODI)[0][1]} ({distance:.2f})" in link_labels(app)  # English decimal point
    assert any("in brackets the distance" in c.value for c in app.caption)
    expander = next(e for e in app.expander if e.label == "How they are chosen")
    method = " ".join(m.value for m in expander.markdown)
    found = other_language_words(method.replace("\\", ""), "en", proper_names())
    assert not found, found
    assert "10 similar municipalities" in all_text(app)


def test_a_province_says_similar_areas_are_for_comuni():
    app = run_page("pages/panoramica.py", territorio="098")
    assert "Comuni simili" not in [s.value for s in app.subheader]
    assert "I comuni simili sono calcolati per i comuni." in [c.value for c in app.caption]


def test_compare_button_puts_lodi_beside_its_nearest_similar_comuni():
    app = run_page("pages/confronta.py", territorio=LODI)
    app.button(key="similar_compare").click().run()
    assert not app.exception, app.exception
    nearest = [code for code, _, _ in neighbours_of(LODI)[:3]]
    assert app.multiselect[0].value == [LODI, *nearest]
    assert app.query_params["confronto"] == ",".join([LODI, *nearest])  # the link can be shared
    assert "Lodi e i suoi 10 comuni simili (2023)" in [s.value for s in app.subheader]
    bars = next(trace for index in range(len(app.get("plotly_chart"))) for trace in plotly_traces(app, index)
                if trace.get("type") == "bar" and len(trace["y"]) == 11)
    assert list(bars["y"]) == ["Lodi", *[name for _, name, _ in neighbours_of(LODI)]]
    assert any(c.value.startswith("10 comuni simili: 25,6% (2023)") for c in app.caption)
    # the group's line never crosses a value: the line is drawn behind the bars, the values at their base
    chart = next(json.loads(element.proto.spec) for element in app.get("plotly_chart")
                 if "comuni simili" in json.dumps(json.loads(element.proto.spec)["layout"].get("annotations", [])))
    assert [shape["layer"] for shape in chart["layout"]["shapes"]] == ["below"]
    assert set(chart["data"][0]["textposition"]) == {"inside"} and chart["data"][0]["insidetextanchor"] == "start"
    colours = chart["data"][0]["marker"]["color"]
    assert colours[0] != colours[1] and len(set(colours[1:])) == 1  # Lodi stands out from its neighbours


def test_map_of_comuni_outlines_the_similar_comuni():
    app = run_page("pages/mappa.py", territorio=LODI, livello="comune")
    layers = {layer["id"]: layer for layer in deck(app)["layers"]}
    outlined = [feature["properties"]["code"] for feature in layers["similar"]["data"]["features"]]
    assert sorted(outlined) == sorted(code for code, _, _ in neighbours_of(LODI))
    halo = layers["similar_halo"]  # drawn first, wider and white: the pink is seen on every class colour
    ids = [layer["id"] for layer in deck(app)["layers"]]
    assert ids.index("similar_halo") < ids.index("similar") and halo["data"] == layers["similar"]["data"]
    assert halo["lineWidthMinPixels"] > layers["similar"]["lineWidthMinPixels"]
    assert any(c.value.startswith("Contorno rosa: i 10 comuni simili a Lodi") for c in app.caption)
    province_map = run_page("pages/mappa.py", territorio=LODI, livello="provincia")
    assert "similar" not in {layer["id"] for layer in deck(province_map)["layers"]}


def shapes_box(codes) -> tuple[float, float, float, float]:
    """West, south, east, north of the stored boundaries of some territories, read here from the database."""
    points = []

    def walk(coordinates):
        if isinstance(coordinates[0], (int, float)):
            points.append(coordinates)
        else:
            for part in coordinates:
                walk(part)

    for code in codes:
        walk(json.loads(sql("SELECT geojson FROM territory_geometry WHERE code = ?", code)[0][0])["coordinates"])
    return (min(p[0] for p in points), min(p[1] for p in points), max(p[0] for p in points), max(p[1] for p in points))


def test_frame_similar_fits_the_map_to_lodi_and_its_similar_comuni():
    """Most of Lodi's similar comuni lie outside its province: the switch (or simili=1) brings them all into view."""
    app = run_page("pages/mappa.py", territorio=LODI, livello="comune")
    before = deck(app)["initialViewState"]
    assert any("«Inquadra i comuni simili» li mostra tutti" in c.value for c in app.caption)
    app.toggle(key="view_frame_similar").set_value(True).run()
    assert app.query_params["simili"] == "1"
    after = deck(app)["initialViewState"]
    west, south, east, north = shapes_box([LODI] + [code for code, _, _ in neighbours_of(LODI)])
    assert after["longitude"] == pytest.approx((west + east) / 2) and after["latitude"] == pytest.approx((south + north) / 2)
    assert after["zoom"] < before["zoom"]  # a wider view than Lodi's province
    assert not any("li mostra tutti" in c.value for c in app.caption)
    shared = run_page("pages/mappa.py", territorio=LODI, livello="comune", simili="1")  # the copied link
    assert deck(shared)["initialViewState"] == after


def test_frame_similar_is_offered_only_where_the_map_outlines_them():
    province_map = run_page("pages/mappa.py", territorio=LODI, livello="provincia", simili="1")
    assert not province_map.toggle and "similar" not in {layer["id"] for layer in deck(province_map)["layers"]}
    ambito = run_page("pages/mappa.py", territorio="ambito-distrettuale-di-lodi", livello="comune", simili="1")
    assert not ambito.toggle
    english = run_page("pages/mappa.py", territorio=LODI, livello="comune", lingua="en")
    assert english.toggle(key="view_frame_similar").label == "Frame the similar municipalities"


def test_a_malformed_simili_is_noticed_and_ignored():
    app = run_page("pages/mappa.py", territorio=LODI, livello="comune", simili="<b>yes</b>")
    assert app.toggle(key="view_frame_similar").value is False
    # the notice is drawn by the first page a visitor opens (AppTest opens the dashboard's home page first)
    first = run_page("pages/panoramica.py", territorio=LODI, simili="<b>yes</b>")
    assert any("'simili'" in w.value and "`<b>yes</b>`" in w.value for w in first.warning), "no notice of simili"


def test_a_database_built_before_similar_comuni_shows_pages_without_them(tmp_path, monkeypatch):
    """A rebuild that fails keeps the previous database in service: one without the similar_* tables must
    still draw the profile, /confronta and /mappa of a comune, saying the neighbours are not there."""
    import shutil

    import duckdb

    from cruscotto import database_file, result_cache
    from cruscotto.database_file import DatabaseFile
    from cruscotto.paths import DB_PATH
    older = tmp_path / "cruscotto.duckdb"
    shutil.copy(DB_PATH, older)
    with duckdb.connect(str(older)) as con:
        for table in ("similar_comune", "similar_feature_value", "similar_feature"):
            con.execute(f"DROP TABLE {table}")
    monkeypatch.setattr(database_file, "_served", DatabaseFile(older, local_store_factory=lambda: None))
    result_cache.clear_all()
    try:
        profile = run_page("pages/panoramica.py", territorio=LODI)
        assert any("non contiene ancora i comuni simili" in c.value for c in profile.caption)
        assert not any("comuni simili" in m.value for m in profile.markdown)  # no group on the cards
        compare = run_page("pages/confronta.py", territorio=LODI)
        assert not [b for b in compare.button if b.key == "similar_compare"]
        run_page("pages/mappa.py", territorio=LODI, livello="comune")
    finally:
        result_cache.clear_all()
