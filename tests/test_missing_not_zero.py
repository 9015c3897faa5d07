"""A blank count in a source is missing, never 0 (issue 11, item 2).

The regional CDI register lists a day centre in Ranica (016178) whose authorised places are blank
(accredited: 30). Its figure is missing, says why on /panoramica, and the aggregates that contain Ranica
rest on the other comuni and say "dati per X dei Y comuni". MEF leaves some income classes blank: the
income figures say how many classes are not published. Expected values come from the raw files and from
plain SQL on the database, never from the code under test.
"""
import json

import duckdb
import pandas as pd
import pytest

from cruscotto.build import build, needs_build
from cruscotto.paths import RAW_DIR
from tests.apptest_helpers import all_text, run_page, sql

RANICA = "016178"
BERGAMO_PROVINCE = "016"
CDI = "cdi_places_per_100_75plus"
PLACES_FILE = RAW_DIR / "spending" / "lombardia_offerta_anziani_per_comune_snapshot2026.csv"
MEF_FILE = RAW_DIR / "spending" / "mef_irpef_comuni_lombardia_2018_2021.parquet"


@pytest.fixture(scope="module")
def places() -> pd.DataFrame:
    return pd.read_csv(PLACES_FILE, dtype={"comune_istat": str})


def raw_value(places: pd.DataFrame, comune: str, measure: str):
    row = places[(places["comune_istat"] == comune) & (places["measure"] == measure)]
    assert len(row) == 1, f"{comune} {measure}: expected one row in the raw file"
    return row["value"].iloc[0]


def codes(notes_text) -> list[str]:
    return [item["code"] for item in json.loads(notes_text)] if isinstance(notes_text, str) else []


def test_the_raw_file_has_the_blank_this_test_is_about(places):
    assert pd.isna(raw_value(places, RANICA, "posti_autorizzati_cdi"))
    assert raw_value(places, RANICA, "posti_accreditati_cdi") == 30
    assert raw_value(places, RANICA, "n_strutture_cdi") == 1


def test_a_blank_count_gives_no_figure_not_zero(real_db):
    own = real_db.run("indicator_series", indicator=CDI, territory=RANICA)
    assert own.empty, f"Ranica's CDI figure should be missing, found {own[['value', 'numerator']].to_dict('records')}"


def test_the_missing_figure_says_why_with_the_accredited_places_named_as_such(real_db):
    missing = real_db.run("missing_figures", territory=RANICA)
    row = missing[missing["indicator_id"] == CDI]
    assert len(row) == 1
    (item,) = json.loads(row["note"].iloc[0])
    assert item == {"code": "register_places_blank_accredited", "facilities": 1, "accredited": 30}


def test_comuni_without_a_facility_still_have_zero_places(real_db, places):
    listed = set(places.loc[places["measure"] == "posti_autorizzati_cdi", "comune_istat"])
    comuni = real_db.run("indicator_series", indicator=CDI, territory="016001")  # Adrara San Martino: no CDI row
    assert "016001" not in listed
    assert list(comuni["numerator"]) == [0]


def test_the_province_rests_on_the_comuni_with_data_and_says_how_many(real_db, real_db_path, places):
    with duckdb.connect(str(real_db_path), read_only=True) as con:
        members = [code for (code,) in con.execute(
            "SELECT l.child_code FROM territory_link l JOIN territory t ON t.code = l.child_code AND t.level = 'comune' "
            "WHERE l.parent_code = ? AND l.relation = 'provincia'", [BERGAMO_PROVINCE]).fetchall()]
        # residents 75+: each comune's RSA figure has the same denominator (ISTAT 1/1/2023)
        residents = dict(con.execute(
            "SELECT territory_code, denominator FROM observation WHERE indicator_id = 'rsa_places_per_100_75plus'").fetchall())
    assert RANICA in members
    with_data = [code for code in members if code != RANICA]
    authorised = places[(places["measure"] == "posti_autorizzati_cdi") & places["comune_istat"].isin(with_data)]
    expected_places = authorised["value"].sum()
    expected_residents = sum(residents[code] for code in with_data)
    province = real_db.run("indicator_series", indicator=CDI, territory=BERGAMO_PROVINCE).iloc[-1]
    assert province["numerator"] == expected_places
    assert province["denominator"] == expected_residents
    assert province["value"] == pytest.approx(expected_places / expected_residents * 100)
    assert (province["parts_with_data"], province["parts_total"]) == (len(members) - 1, len(members))
    assert "parts" in codes(province["note"])


@pytest.fixture(scope="module")
def repo_database():
    if needs_build():
        build(progress=lambda line: None)


def test_panoramica_says_the_comune_figure_is_missing_and_why(repo_database):
    app = run_page("pages/panoramica.py", territorio=RANICA)
    infos = "\n".join(str(e.value) for e in app.info)
    assert "Posti CDI ogni 100 residenti 75+" in infos.replace("\\", "")
    assert "dato mancante, non zero" in infos
    assert "posti accreditati\\: 30" in infos or "posti accreditati: 30" in infos
    gauge_titles = [str(e.value) for e in app.markdown if str(e.value).startswith("**")]
    assert "**Posti CDI ogni 100 residenti 75+**" not in gauge_titles  # no gauge drawn at 0


def test_panoramica_in_english_has_no_italian_in_the_reason(repo_database):
    app = run_page("pages/panoramica.py", territorio=RANICA, lingua="en")
    infos = "\n".join(str(e.value) for e in app.info).replace("\\", "")
    assert "missing, not zero" in infos and "accredited places: 30" in infos
    assert "mancante" not in infos and "accreditati" not in infos


def test_panoramica_gauge_of_the_province_says_how_many_comuni_it_rests_on(repo_database):
    (members,) = sql("SELECT count(*) FROM territory_link l JOIN territory t ON t.code = l.child_code "
                     "AND t.level = 'comune' WHERE l.parent_code = ? AND l.relation = 'provincia'", BERGAMO_PROVINCE)[0]
    app = run_page("pages/panoramica.py", territorio=BERGAMO_PROVINCE)
    assert f"dati per {members - 1} dei {members} comuni" in all_text(app)


# --- MEF IRPEF: blank income classes are not zero -------------------------------------------------------

@pytest.fixture(scope="module")
def mef_blanks() -> pd.Series:
    """Blank income-class counts per comune and year, read from the raw file."""
    frame = pd.read_parquet(MEF_FILE)
    classes = frame[frame["measure"].str.startswith("reddito_compl_") & frame["measure"].str.endswith("_n")]
    return classes.assign(blank=classes["value"].isna()).groupby(["comune_istat", "year"])["blank"].sum()


def test_mef_publishes_no_count_between_1_and_3(mef_blanks):
    """Why a blank is not a zero: zeros are published as 0, and no published count lies between 1 and 3."""
    frame = pd.read_parquet(MEF_FILE)
    counts = frame.loc[frame["measure"].str.endswith("_n"), "value"].dropna()
    assert (counts == 0).any()
    assert not counts.between(1, 3).any()


def test_income_figures_say_how_many_classes_mef_left_blank(real_db, mef_blanks):
    comune, year = next((code, year) for (code, year), blank in mef_blanks.items()
                        if blank > 0 and code not in MERGED_SINCE)
    for indicator in ("low_income_share_10k", "income_per_taxpayer"):
        series = real_db.run("indicator_series", indicator=indicator, territory=comune)
        row = series[series["year"] == year].iloc[0]
        items = [item for item in json.loads(row["note"]) if item["code"] == "mef_income_classes_hidden"]
        assert items == [{"code": "mef_income_classes_hidden", "classes": int(mef_blanks[(comune, year)]), "total": 8}]


def test_income_figures_with_every_class_published_carry_no_such_note(real_db, mef_blanks):
    comune, year = next((code, year) for (code, year), blank in mef_blanks.items()
                        if blank == 0 and code not in MERGED_SINCE)
    series = real_db.run("indicator_series", indicator="low_income_share_10k", territory=comune)
    row = series[series["year"] == year].iloc[0]
    assert "mef_income_classes_hidden" not in codes(row["note"])


# comuni merged since the MEF years (old codes and their successors): their figures are sums over several codes
_MERGERS = pd.read_csv(RAW_DIR / "demography" / "comuni_lombardia_suppressed_since_2002.csv", dtype=str)
MERGED_SINCE = set(_MERGERS["comune_istat_suppressed"]) | set(_MERGERS["comune_istat_current_2026"])


def test_a_blank_facility_count_too_is_said_and_does_not_stop_the_build():
    from cruscotto import notes
    from cruscotto.build.care import PLACES, _blank_count

    measures = PLACES["cdi_places_per_100_75plus"]
    row = pd.Series({measures.places: float("nan"), measures.facilities: float("nan"), measures.accredited: 30.0})
    figure = _blank_count("cdi_places_per_100_75plus", "016178", 2026, row, measures)
    assert notes.render(figure["note"], "it") == ("dato mancante, non zero: il registro regionale lascia vuoti il "
                                                  "numero di posti e di strutture")
