"""The 2011 census in the database against the 2011-geography file, summed here by hand (issue 11, item 1)."""
import duckdb
import pandas as pd
import pytest

from cruscotto import notes
from cruscotto.levels import REGION_CODE
from cruscotto.paths import RAW_DIR

WIDE_2011 = RAW_DIR / "demography/census2011/census2011_comuni_lombardia_2011_geography_wide.csv"
SUB_MUNICIPAL = RAW_DIR / "demography/census2011/census2011_subcomunali_milano_brescia_monza.csv"


@pytest.fixture(scope="module")
def census_2011():
    """Published 2011 counts per 2011 comune, with no remapping (the gatherer's own file, not the one the build reads)."""
    return pd.read_csv(WIDE_2011, dtype={"comune_istat_2011": str}).set_index("comune_istat_2011")


def plain_sql(path, sql: str):
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql).df()


def series(db, indicator, territory):
    return db.run("indicator_series", indicator=indicator, territory=territory).set_index("year")


def test_one_person_households_2011_for_every_comune(real_db, real_db_path):
    comuni = set(real_db.run("territories").query("level == 'comune'")["code"])
    rows = plain_sql(real_db_path, "SELECT territory_code, value FROM observation "
                                   "WHERE indicator_id = 'one_person_households_share' AND year = 2011")
    assert comuni <= set(rows["territory_code"])
    assert rows["value"].notna().all()


def test_region_is_the_sum_of_every_2011_comune(real_db, census_2011):
    region = series(real_db, "one_person_households_share", REGION_CODE).loc[2011]
    expected = census_2011["households_1_member"].sum() / census_2011["households_total"].sum() * 100
    assert region["value"] == pytest.approx(expected, abs=1e-9)
    assert region["value"] == pytest.approx(32.0, abs=0.05)  # PROVENANCE: 1,330,332 of 4,157,078
    assert str(region["ref_date"]).startswith("2011-10-09")


def test_merged_comune_sums_its_2011_predecessors(real_db, census_2011):
    # Bardello con Malgesso e Bregano (2019) = Bardello + Bregano + Malgesso
    parts = census_2011.loc[["012009", "012018", "012095"]]
    row = series(real_db, "old_age_index", "012144").loc[2011]
    young = parts[["pop_0_4", "pop_5_9", "pop_10_14"]].to_numpy().sum()
    old = parts[["pop_65_69", "pop_70_74", "pop_75_plus"]].to_numpy().sum()
    assert (row["numerator"], row["denominator"]) == (old, young)
    assert any(item["code"] == "merged_codes" for item in notes.decode(row["note"]))


def test_province_change_torre_de_busi(real_db, census_2011):
    # 097080 (Lecco) moved to Bergamo as 016215 in 2018
    row = series(real_db, "household_size", "016215").loc[2011]
    published = census_2011.loc["097080"]
    assert (row["numerator"], row["denominator"]) == (published["household_members_total"], published["households_total"])
    codes = [item["code"] for item in notes.decode(row["note"])]
    assert "renamed_code" in codes and "merged_codes" not in codes  # moved, not merged


def test_bergamo_old_age_index_runs_from_2011(real_db, census_2011):
    bergamo = series(real_db, "old_age_index", "016024")
    assert bergamo.index.min() == 2011 and {2022, 2023} <= set(bergamo.index)
    published = census_2011.loc["016024"]
    expected = (published[["pop_65_69", "pop_70_74", "pop_75_plus"]].sum()
                / published[["pop_0_4", "pop_5_9", "pop_10_14"]].sum() * 100)
    assert bergamo.loc[2011, "value"] == pytest.approx(expected, abs=1e-9)
    assert bergamo.loc[2011, "source_id"] == "istat_censimento_2011"


def test_no_80_plus_in_2011(real_db_path):
    rows = plain_sql(real_db_path, "SELECT * FROM observation WHERE indicator_id IN ('share_80_plus', 'share_85_plus') "
                                   "AND year = 2011")
    assert rows.empty


def test_milan_zones_are_the_municipi(real_db):
    areas = pd.read_csv(SUB_MUNICIPAL, dtype={"comune_istat": str, "asc_code": str})
    zone_4 = areas[(areas["comune_istat"] == "015146") & (areas["asc_code"] == "4")].set_index("measure")["value"]
    row = series(real_db, "one_person_households_share", "MUN04").loc[2011]
    assert (row["numerator"], row["denominator"]) == (zone_4["households_1_member"], zone_4["households_total"])
    assert {"census_2011_zone_as_municipi", "census_2011_date"} <= {item["code"] for item in notes.decode(row["note"])}


def test_census_households_never_mix_with_milan_register(real_db):
    census = series(real_db, "one_person_households_share", "015146")
    register = series(real_db, "reg_one_person_households_share", "015146")
    assert list(census.index) == [2011] and set(census["source_id"]) == {"istat_censimento_2011"}
    assert "istat_censimento_2011" not in set(register["source_id"])


def test_brescia_has_2011_beside_the_permanent_census(real_db):
    brescia = series(real_db, "one_person_households_share", "017")
    assert brescia.loc[2011, "source_id"] == "istat_censimento_2011"
    assert brescia.loc[2011, "value"] == pytest.approx(30.7, abs=0.05)  # PROVENANCE
    assert {2020, 2021, 2022} <= set(brescia.index)
    assert brescia.loc[2020, "source_id"] != "istat_censimento_2011"


def test_aggregates_carry_the_census_date_note(real_db):
    for code in (REGION_CODE, "017", "098"):
        row = series(real_db, "share_65_plus", code).loc[2011]
        assert "census_2011_date" in {item["code"] for item in notes.decode(row["note"])}, code


@pytest.mark.parametrize(("lang", "date"), [("it", "9 ottobre 2011"), ("en", "9 October 2011")])
def test_one_person_households_map_opens_on_2011_with_every_comune(lang, date):
    from tests.apptest_helpers import all_text, run_page

    app = run_page("pages/mappa.py", livello="comune", indicatore="one_person_households_share", lingua=lang)
    year = next(box for box in app.selectbox if box.value in (2011, 2024))
    assert year.value == 2011  # 2024 covers the province of Brescia only
    assert any("205" in option for option in year.options)  # the partial years say how many comuni they cover
    captions = [c.value for c in app.caption]
    assert any(date in text and "2011" in text for text in captions), captions
    assert "9 ottobre" not in all_text(app) or lang == "it"


def test_map_coverage_counts_equal_plain_sql(real_db_path):
    from cruscotto import page_data

    expected = plain_sql(real_db_path, "SELECT o.year, count(*) AS n FROM observation o JOIN territory t ON t.code = o.territory_code "
                                       "WHERE o.indicator_id = 'one_person_households_share' AND t.level = 'comune' GROUP BY 1")
    assert page_data._map_coverage("one_person_households_share", "comune") == dict(zip(expected["year"], expected["n"]))


@pytest.mark.parametrize(("lang", "words"), [("it", "Nessun dato 2011"), ("en", "No 2011 figure")])
def test_trend_of_80_plus_says_why_2011_is_missing(lang, words):
    from tests.apptest_helpers import all_text, plotly_traces, run_page

    app = run_page("pages/tendenze.py", territorio="016024", indicatore="share_80_plus", lingua=lang)
    assert words in all_text(app)
    bergamo = plotly_traces(app)[0]
    assert 2011 not in list(bergamo["x"])


def _published_cm_milano_index(raw_dir, year: int, value: str) -> None:
    path = raw_dir / "timeseries/istat_demographic_indicators_cm_milano_2002_2025.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    marker = f",{year},{year}-01-01,AGEINDEX,"
    (index,) = [i for i, line in enumerate(lines) if marker in line]
    head, _, tail = lines[index].rpartition(",percent,")
    lines[index] = head.rsplit(",", 1)[0] + f",{value},percent," + tail
    path.write_text("".join(lines), encoding="utf-8")


def test_published_value_is_checked_only_against_a_count_of_the_same_date(raw_copy, tmp_path):
    """ISTAT's 1 January 2011 value is not the census of 9 October 2011: a difference there is no error,
    while a published value that disagrees with the comuni's sum of the same date still stops the build."""
    from cruscotto.build import ValidationError, build

    _published_cm_milano_index(raw_copy, 2011, "120.0")  # census aggregate: 159.3
    build(db_path=tmp_path / "census_date.duckdb", raw_dir=raw_copy, progress=lambda line: None)
    _published_cm_milano_index(raw_copy, 2022, "120.0")  # sum of the comuni on 1 January 2022: 175.6
    with pytest.raises(ValidationError, match="published_vs_aggregated|published value"):
        build(db_path=tmp_path / "same_date.duckdb", raw_dir=raw_copy, progress=lambda line: None)
