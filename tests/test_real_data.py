"""The real database against published totals, and aggregates recomputed independently from data/raw/."""
import pandas as pd
import pytest

from cruscotto.levels import REGION_CODE
from cruscotto.paths import RAW_DIR


def value(db, indicator, territory, year):
    series = db.run("indicator_series", indicator=indicator, territory=territory)
    rows = series[series["year"] == year]
    assert len(rows) == 1, f"{indicator} {territory} {year}: {len(rows)} rows"
    return rows.iloc[0]


def test_published_population_totals_1_january_2022(real_db):
    assert value(real_db, "population", REGION_CODE, 2022)["value"] == 9_943_004
    assert value(real_db, "population", "015146", 2022)["value"] == 1_349_930


def test_published_age_structure(real_db):
    # ISTAT figures quoted in data/raw/demography/PROVENANCE.md
    assert value(real_db, "old_age_index", REGION_CODE, 2022)["value"] == pytest.approx(177.1, abs=0.05)
    assert value(real_db, "old_age_index", "015146", 2022)["value"] == pytest.approx(181.9, abs=0.05)
    assert value(real_db, "share_65_plus", REGION_CODE, 2022)["value"] == pytest.approx(23.17, abs=0.005)
    assert value(real_db, "old_age_dependency", REGION_CODE, 2023)["status"] == "provisional"


def test_every_comune_province_and_region_exist(real_db):
    territories = real_db.run("territories")
    counts = territories["level"].value_counts()
    assert counts["comune"] == 1502 and counts["provincia"] == 12 and counts["regione"] == 1
    assert counts["municipio"] == 9 and counts["nil"] == 88
    assert territories["code"].is_unique


def test_ambito_value_is_sum_of_its_comuni_from_raw_files(real_db):
    members = pd.read_csv(RAW_DIR / "geo/comuni_ambiti.csv", dtype=str)
    members = members.loc[members["ambito"] == "Ambito di Cremona", "istat"]
    totals = pd.read_csv(RAW_DIR / "demography/population_totals.csv", dtype={"comune_istat": str})
    expected = totals[(totals["year"] == 2022) & (totals["sex"] == "T") & (totals["source_id"] == "istat_sdmx_22_289")
                      & totals["comune_istat"].isin(members)]["population"].sum()
    assert len(members) == 47
    row = value(real_db, "population", "ambito-di-cremona", 2022)
    assert row["value"] == expected and (row["parts_with_data"], row["parts_total"]) == (47, 47)


def test_province_rate_is_ratio_of_sums_from_raw_files(real_db):
    bands = pd.read_parquet(RAW_DIR / "demography/population_age_bands.parquet")
    lodi = bands[(bands["year"] == 2022) & (bands["sex"] == "T") & bands["comune_istat"].str.startswith("098")]
    old = lodi.loc[lodi["band"] == "65+", "count"].sum()
    everyone = lodi.loc[lodi["band"] == "total", "count"].sum()
    assert value(real_db, "share_65_plus", "098", 2022)["value"] == pytest.approx(100 * old / everyone, rel=1e-12)


def test_merged_comuni_map_to_their_successor(real_db):
    totals = pd.read_csv(RAW_DIR / "demography/population_totals.csv", dtype={"comune_istat": str})
    old = totals[(totals["year"] == 2022) & (totals["sex"] == "T") & (totals["source_id"] == "istat_sdmx_22_289")
                 & totals["comune_istat"].isin(["012009", "012018", "012095"])]
    assert len(old) == 3
    row = value(real_db, "population", "012144", 2022)
    assert row["value"] == old["population"].sum()
    assert "012009" in row["note"] and "012095" in row["note"]
    # OpenCivitas 2018 still uses Piadena (019071), merged into Piadena Drizzona (019116) in 2019
    assert value(real_db, "social_spending_per_capita", "019116", 2018)["value"] > 0


def test_register_and_istat_are_never_mixed(real_db):
    # the register indicators exist only for Milan and its parts; ISTAT's for comuni and groups
    register = real_db.run("indicator_map", indicator="reg_share_65_plus", level="comune", year=2021).dropna(subset=["value"])
    assert list(register["code"]) == ["015146"]
    assert value(real_db, "reg_residents", "015146", 2021)["value"] == 1_386_285
    municipi = real_db.run("indicator_map", indicator="reg_share_65_plus", level="municipio", year=2021)
    assert municipi["value"].isna().all(), "NIL counts are never apportioned to Municipi"


def test_one_person_household_shares(real_db):
    assert value(real_db, "reg_one_person_households_share", "015146", 2024)["value"] == pytest.approx(100 * 434_617 / 782_667)
    assert value(real_db, "one_person_households_share", "017", 2024)["value"] == pytest.approx(100 * 200_672 / 557_184)


def test_spending_and_care_figures(real_db):
    spending = real_db.run("social_spending", territory="015146")
    assert spending.loc[spending["year"] == 2022, "spending_per_capita"].iloc[0] == pytest.approx(295.25)
    assert set(spending["year"]) == {2018, 2019, 2021, 2022}
    rsa = real_db.run("indicator_series", indicator="rsa_places_per_100_75plus", territory=REGION_CODE).iloc[-1]
    assert rsa["numerator"] == 68_661
    fam = real_db.run("indicator_series", indicator="fam_spending_per_minor", territory=REGION_CODE)
    assert list(fam["value"]) == [383, 397, 423]


def test_plan_figures_keep_their_document(real_db):
    target = real_db.run("spending_by_target", territory="ambito-di-cremona")
    assert target["share_pct"].sum() == pytest.approx(99.95)
    assert set(target["document"]) == {"Insieme verso il Piano di Zona - Cremona 12 marzo 2015"}
