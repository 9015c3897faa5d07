"""Target populations of services (cruscotto/build/targets.py) against ISTAT's published totals, and the build
checks that tie them to the population indicator (cruscotto/build/sql/checks.sql)."""
import duckdb
import pandas as pd
import pytest

from cruscotto.build import ValidationError, build
from cruscotto.paths import RAW_DIR

SINGLE_YEAR = "demography/population_age_sex_single_year.parquet"


@pytest.fixture(scope="module")
def targets(real_db_path):
    with duckdb.connect(str(real_db_path), read_only=True) as con:
        return con.execute("SELECT * FROM target_population").df()


def count(targets, comune, year, target):
    rows = targets[(targets["comune_code"] == comune) & (targets["year"] == year) & (targets["target"] == target)]
    assert len(rows) == 1
    return int(rows["count"].iloc[0])


def test_totals_match_istat_published_figures(targets):
    # ISTAT, residents on 1 January 2022 (data/raw/demography/PROVENANCE.md): Lombardy 9,943,004, Milano 1,349,930
    lombardy = targets[(targets["year"] == 2022) & (targets["target"] == "population")]["count"].sum()
    assert lombardy == 9_943_004
    assert count(targets, "015146", 2022, "population") == 1_349_930
    assert set(targets["status"][targets["year"] == 2023]) == {"provisional"}


def test_bands_from_single_years(targets):
    ages = pd.read_parquet(RAW_DIR / SINGLE_YEAR)
    cremona = ages[(ages["comune_istat"] == "019036") & (ages["year"] == 2022)]
    assert count(targets, "019036", 2022, "age_0_2") == cremona.loc[cremona["age"] <= 2, "count"].sum()
    assert count(targets, "019036", 2022, "age_75_plus") == cremona.loc[cremona["age"] >= 75, "count"].sum()


def test_merged_comuni_are_summed_into_their_successor(targets):
    ages = pd.read_parquet(RAW_DIR / SINGLE_YEAR)
    old = ages[ages["comune_istat"].isin(["012009", "012018", "012095"]) & (ages["year"] == 2023)]
    assert count(targets, "012144", 2023, "population") == old["count"].sum() > 0
    assert not targets["comune_code"].isin(["012009", "012018", "012095"]).any()


def test_a_count_that_disagrees_with_the_population_indicator_stops_the_build(raw_copy, tmp_path):
    path = raw_copy / SINGLE_YEAR
    ages = pd.read_parquet(path)
    row = ages.index[(ages["comune_istat"] == "019036") & (ages["year"] == 2022) & (ages["age"] == 40)][0]
    ages.loc[row, "count"] += 1
    ages.to_parquet(path, index=False)
    with pytest.raises(ValidationError) as caught:
        build(db_path=tmp_path / "db.duckdb", raw_dir=raw_copy, progress=lambda line: None)
    assert "target population 'population'" in str(caught.value) and "019036" in str(caught.value)
