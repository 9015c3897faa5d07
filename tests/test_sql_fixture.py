"""Every query file on the hand-made database of tests/tiny_db.py, against hand-computed answers."""

import pandas as pd
import pytest

from cruscotto.levels import REGION_CODE


def one(frame: pd.DataFrame, **where) -> pd.Series:
    rows = frame
    for column, value in where.items():
        rows = rows[rows[column] == value]
    assert len(rows) == 1, f"expected one row for {where}, got {len(rows)}"
    return rows.iloc[0]


def test_group_rate_is_ratio_of_sums_not_mean_of_rates(tiny_db):
    # ambito = A + B: (250 + 450) / (1000 + 3000) = 17.5 %; the mean of 25 % and 15 % would be 20 %
    row = one(tiny_db.run("indicator_series", indicator="share_65_plus", territory="amb-test"), year=2022)
    assert row["value"] == pytest.approx(17.5)
    assert (row["numerator"], row["denominator"]) == (700, 4000)
    assert (row["parts_with_data"], row["parts_total"]) == (2, 2)


def test_region_sums_every_comune(tiny_db):
    assert one(tiny_db.run("indicator_series", indicator="share_65_plus", territory=REGION_CODE), year=2022)["value"] == pytest.approx(20.0)
    assert one(tiny_db.run("indicator_series", indicator="population", territory=REGION_CODE), year=2022)["value"] == 4500


def test_count_needs_every_member_and_rate_ninety_percent(tiny_db):
    population = tiny_db.run("indicator_series", indicator="population", territory="098")
    assert 2023 not in set(population["year"]), "B has no 2023 population: a partial sum is not a province total"
    shares = tiny_db.run("indicator_series", indicator="share_65_plus", territory="amb-test")
    assert 2023 not in set(shares["year"]), "1 comune of 2 is below the 90% coverage rule"


def test_provisional_part_makes_aggregate_provisional(tiny_db):
    row = one(tiny_db.run("indicator_series", indicator="population", territory="019"), year=2023)
    assert row["value"] == 550 and row["status"] == "provisional"


def test_published_value_kept_only_where_no_aggregate(tiny_db):
    series = tiny_db.run("indicator_series", indicator="share_65_plus", territory="098")
    assert one(series, year=2015)["value"] == 16.0 and one(series, year=2015)["origin"] == "source"
    assert one(series, year=2022)["origin"] == "aggregated"


def test_group_counts_and_index_from_summed_counts(tiny_db):
    def series(indicator):
        return tiny_db.run("indicator_series", indicator=indicator, territory="amb-test")
    assert one(series("population"), year=2022)["value"] == 4000
    assert one(series("old_age_index"), year=2022)["value"] == pytest.approx(700 / 600 * 100)
    assert series("share_0_14").query("year == 2022")["value"].isna().all()


def test_distribution_ranks_members(tiny_db):
    spread = tiny_db.run("distribution", indicator="share_65_plus", group="098", year=2022)
    assert list(spread["name"]) == ["Alfa", "Beta"]
    assert list(spread["rank"]) == [1, 2]
    assert set(spread["members"]) == {2}


def test_benchmarks_nearest_first(tiny_db):
    assert list(tiny_db.run("benchmarks", territory="098001")["code"]) == ["amb-test", "098", REGION_CODE]
    assert list(tiny_db.run("benchmarks", territory="amb-test")["code"]) == ["098", REGION_CODE]
    assert tiny_db.run("benchmarks", territory=REGION_CODE).empty


def test_profile_compares_same_year(tiny_db):
    profile = tiny_db.run("profile", territory="098002")
    shares = profile[profile["indicator_id"] == "share_65_plus"]
    assert list(shares["territory_code"]) == ["098002", "amb-test", "098", REGION_CODE]
    assert list(shares["value"].round(2)) == [15.0, 17.5, 17.5, 20.0]


def test_map_returns_no_data_rows(tiny_db):
    comuni = tiny_db.run("indicator_map", indicator="share_65_plus", level="comune", year=2023)
    assert len(comuni) == 5  # A, B, C, and the flag fixture's D and E
    assert comuni["value"].notna().sum() == 2  # A and D


def test_pyramid_sums_member_comuni(tiny_db):
    pyramid = tiny_db.run("population_pyramid", territory="098")
    assert one(pyramid, sex="M")["count"] == 140
    assert one(pyramid, sex="F")["count"] == 125


def test_spending_by_target_shares_and_plan_figures(tiny_db):
    rows = tiny_db.run("spending_by_target", territory="amb-test")
    istat = rows[rows["origin"] == "istat"]
    assert list(istat["share_pct"]) == [60.0, 40.0]
    plan = one(rows, origin="piano_di_zona")
    assert plan["document"] == "Documento di prova" and plan["value"] == 10.5


def test_unknown_territory_gives_empty_results(tiny_db):
    assert tiny_db.run("profile", territory="'; DROP TABLE observation; --").empty
    assert not tiny_db.run("profile", territory="amb-test").empty
