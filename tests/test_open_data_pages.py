"""/dati-aperti and /fonti in AppTest: the catalogue filters, the records, the sources and the plan figures
beside today's values, checked against the database."""
import csv

import pytest

from cruscotto.build import build, needs_build
from cruscotto.levels import REGION_CODE
from cruscotto.paths import REPO
from tests.apptest_helpers import all_text, italian, run_page, sql

OPEN_DATA, SOURCES = "pages/dati-aperti.py", "pages/fonti.py"


@pytest.fixture(scope="module", autouse=True)
def repo_database():
    if needs_build():
        build(progress=lambda line: None)


def catalogue_ids(app) -> list[str]:
    return app.dataframe[0].value["id"].tolist()


def test_catalogue_lists_every_indicator_with_its_coverage():
    app = run_page(OPEN_DATA)
    table = app.dataframe[0].value
    ids = [row["id"] for row in csv.DictReader(open(REPO / "data" / "catalogue" / "indicators.csv", encoding="utf-8"))]
    assert sorted(table["id"]) == sorted(ids)
    held = dict(sql("SELECT indicator_id, count(DISTINCT territory_code) FROM observation GROUP BY 1"))
    assert dict(zip(table["id"], table["territories"])) == {i: held.get(i, 0) for i in ids}
    years = dict(sql("SELECT indicator_id, min(year) || '–' || max(year) FROM observation GROUP BY 1"))
    assert table.set_index("id").at["reg_80_plus_living_alone_share", "years"] == years["reg_80_plus_living_alone_share"]
    assert (table["licences"] != "").all() and (table["sources"] != "").all()


def test_search_and_topic_filter_the_catalogue():
    app = run_page(OPEN_DATA)
    app.text_input[0].input("vecchiaia").run()
    assert catalogue_ids(app) == ["old_age_index"]
    app.text_input[0].input("").run()
    app.multiselect[0].select("spesa").run()
    ids = catalogue_ids(app)
    topics = dict(sql("SELECT id, topic FROM indicator"))
    assert ids and all(topics[i] == "spesa" for i in ids)
    app.text_input[0].input("nessuna parola del genere").run()
    assert catalogue_ids(app) == [] and "Indicatori mostrati: 0 su" in all_text(app)


def test_record_and_caveats_and_download_buttons():
    app = run_page(OPEN_DATA, indicatore="rsa_places_per_100_75plus")
    texts = [t.value for t in app.text]
    definition = sql("SELECT definition_it FROM indicator WHERE id = 'rsa_places_per_100_75plus'")[0][0]
    assert definition in texts
    text = all_text(app)
    known = sql("SELECT count(DISTINCT parent_code) FROM territory_link WHERE relation = 'ambito'")[0][0]
    assert f"per {known} ambiti su" in text and "OpenCivitas" in text and "provvisorie" in text
    labels = [button.label for button in app.get("download_button")]
    assert labels.count("CSV + metadati (zip)") == 2 and labels.count("Parquet + metadati (zip)") == 2


def test_sources_page_lists_every_source_with_licence_and_load_date():
    app = run_page(SOURCES, lingua="en")
    register = app.dataframe[0].value
    assert sorted(register["source_id"]) == sorted(s for (s,) in sql("SELECT source_id FROM source"))
    assert register["licence"].notna().all() and register["loaded_at"].notna().all()


def test_plan_figures_sit_beside_todays_value():
    app = run_page(SOURCES)
    figures = app.table[0].value  # a static table of text, as people read it
    assert len(figures) == sql("SELECT count(*) FROM plan_figure")[0][0]
    lombardy = sql("""SELECT value, year FROM observation WHERE indicator_id = 'social_spending_per_capita'
                      AND territory_code = ? ORDER BY year DESC LIMIT 1""", REGION_CODE)[0]
    row = figures[figures["Territorio"] == "Lombardia"].iloc[0]
    assert row["Valore"].startswith("124 €")  # the plan's Lombardy figure (2011)
    today = row["Valore di oggi"].replace("\\", "")
    assert today.startswith(italian(lombardy[0], 2) + " €") and f"({lombardy[1]})" in today
    assert "OpenCivitas" in row["Confrontabilità"]
    assert (figures["Valore di oggi"] == "").sum() == len(figures) - 5  # empty cells stay empty