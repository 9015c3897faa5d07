"""Similar comuni on the pages (AppTest): the /panoramica section and the group as a benchmark on the cards,
/confronta's one-click comparison and the group's bars, /mappa's outlines; in Italian and English."""
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


def test_map_of_comuni_outlines_the_similar_comuni():
    app = run_page("pages/mappa.py", territorio=LODI, livello="comune")
    layers = {layer["id"]: layer for layer in deck(app)["layers"]}
    outlined = [feature["properties"]["code"] for feature in layers["similar"]["data"]["features"]]
    assert sorted(outlined) == sorted(code for code, _, _ in neighbours_of(LODI))
    assert any(c.value.startswith("Contorno rosa: i 10 comuni simili a Lodi") for c in app.caption)
    province_map = run_page("pages/mappa.py", territorio=LODI, livello="provincia")
    assert "similar" not in {layer["id"] for layer in deck(province_map)["layers"]}


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
