"""Recent trend (issue 12, item 3): the window, the two tests and their p-values, on known series and on the
real database. Expected p-values are textbook table values; real-data expectations are computed here from a
plain SQL read, with the trend test written another way (Cochran–Armitage as N·r², r the correlation of year
and a 0/1 outcome over every person), not through cruscotto/trend.py."""
import math

import numpy as np
import pytest

from cruscotto import trend
from cruscotto.levels import REGION_CODE
from cruscotto.trend_stats import (chi2_1df_p_value, least_squares_slope, linear_trend_in_proportions,
                                   regularized_incomplete_beta, t_two_sided_p_value)
from tests.apptest_helpers import sql

SOURCE = "src_a"


def rows(values, years=None, numerators=None, denominators=None, sources=None, parts=None):
    """indicator_series.sql-shaped rows."""
    years = years or list(range(2019, 2019 + len(values)))
    out = []
    for i, (year, value) in enumerate(zip(years, values)):
        out.append({"year": year, "value": value,
                    "numerator": numerators[i] if numerators else None,
                    "denominator": denominators[i] if denominators else None,
                    "source_id": sources[i] if sources else SOURCE,
                    "parts_with_data": parts[i] if parts else None, "parts_total": parts[i] if parts else None})
    return out


def shares(percentages, trials=100_000, **kwargs):
    numerators = [round(p / 100 * trials) for p in percentages]
    return rows([n / trials * 100 for n in numerators], numerators=numerators,
                denominators=[trials] * len(percentages), **kwargs)


# --- p-values against textbook tables ---------------------------------------------------------------------

@pytest.mark.parametrize("statistic, expected", [(3.841, 0.05), (6.635, 0.01), (10.828, 0.001), (2.706, 0.10)])
def test_chi_squared_one_df_matches_the_table(statistic, expected):
    assert chi2_1df_p_value(statistic) == pytest.approx(expected, rel=2e-3)


@pytest.mark.parametrize("t, df, expected", [(12.706, 1, 0.05), (4.303, 2, 0.05), (3.182, 3, 0.05),
                                             (2.776, 4, 0.05), (9.925, 2, 0.01), (2.353, 3, 0.10),
                                             (1.960, 100_000, 0.05), (0.0, 3, 1.0)])
def test_student_t_two_sided_matches_the_table(t, df, expected):
    assert t_two_sided_p_value(t, df) == pytest.approx(expected, rel=2e-3, abs=1e-9)


def test_t_with_one_df_is_the_cauchy_distribution():
    # P(|T| > t) = 1 − 2·atan(t)/π with 1 df: an exact check across the range
    for t in (0.1, 0.7, 1.0, 3.0, 40.0):
        assert t_two_sided_p_value(t, 1) == pytest.approx(1 - 2 * math.atan(t) / math.pi, rel=1e-9)


def test_incomplete_beta_closed_forms():
    assert regularized_incomplete_beta(0.3, 1, 1) == pytest.approx(0.3)           # uniform
    assert regularized_incomplete_beta(0.3, 2, 1) == pytest.approx(0.09)          # x²
    assert regularized_incomplete_beta(0.3, 1, 3) == pytest.approx(1 - 0.7 ** 3)  # 1 − (1 − x)³


# --- the tests on known series ----------------------------------------------------------------------------

def test_a_clearly_rising_share_with_large_counts_is_up():
    found = trend.trend_of(shares([20.0, 20.4, 20.9, 21.3, 21.8]), "wilson")
    assert found.direction == "up" and found.method == trend.COCHRAN_ARMITAGE
    assert (found.first_year, found.last_year, found.points) == (2019, 2023, 5)
    assert found.p_value < 1e-6


def test_a_flat_share_is_stable():
    found = trend.trend_of(shares([20.0, 20.05, 19.98, 20.02, 20.0], trials=5_000), "wilson")
    assert found.direction == "stable" and found.p_value > 0.05


def test_a_falling_share_is_down():
    assert trend.trend_of(shares([30.0, 29.0, 28.1, 27.0]), "wilson").direction == "down"


def test_the_same_small_change_on_few_people_is_not_significant():
    # 20% → 22% over three years: certain on 100,000 people, noise on 200
    assert trend.trend_of(shares([20.0, 21.0, 22.0], trials=100_000), "wilson").direction == "up"
    assert trend.trend_of(shares([20.0, 21.0, 22.0], trials=200), "wilson").direction == "stable"


def test_a_rate_per_population_uses_numerator_over_numerator_plus_denominator():
    # places per 100 residents can exceed 100, which no share can: the test runs on n / (n + d)
    series = rows([100 * n / d for n, d in [(900, 800), (1000, 800), (1100, 800)]],
                  numerators=[900, 1000, 1100], denominators=[800, 800, 800])
    found = trend.trend_of(series, "byar")
    assert found.direction == "up" and found.method == trend.COCHRAN_ARMITAGE


def test_without_counts_the_least_squares_slope_is_tested():
    rising = trend.trend_of(rows([100.0, 110.0, 119.0, 131.0]), "none")
    assert rising.direction == "up" and rising.method == trend.LEAST_SQUARES
    assert trend.trend_of(rows([100.0, 90.0, 81.0, 69.0]), "none").direction == "down"
    assert trend.trend_of(rows([100.0, 130.0, 90.0, 120.0]), "none").direction == "stable"


def test_a_share_missing_a_count_in_the_window_falls_back_to_the_slope():
    series = shares([20.0, 21.0, 22.0])
    series[1]["numerator"] = None
    assert trend.trend_of(series, "wilson").method == trend.LEAST_SQUARES


def test_least_squares_p_value_matches_a_hand_computation():
    # y = 1, 3, 2, 5 on x = 0..3: slope 1.1, residual SS 2.7, se = sqrt(2.7 / 2 / 5), t = 2.1170
    result = least_squares_slope([0, 1, 2, 3], [1, 3, 2, 5])
    t = 1.1 / math.sqrt(2.7 / 2 / 5)
    assert result.slope_sign == 1
    assert result.p_value == pytest.approx(t_two_sided_p_value(t, 2))
    assert 0.10 < result.p_value < 0.20  # t(2) table: 1.886 at 0.20, 2.920 at 0.10


def test_a_perfect_line_and_a_constant():
    assert trend.trend_of(rows([10.0, 20.0, 30.0]), "none").direction == "up"
    assert trend.trend_of(rows([0.1, 0.1, 0.1]), "none").direction == "stable"
    assert trend.trend_of(shares([0.0, 0.0, 0.0]), "wilson").direction == "stable"


def test_cochran_armitage_on_a_textbook_table():
    # Agresti, Categorical Data Analysis (2nd ed.), table 2.7 / §3.4.6: infant malformation by mother's
    # alcohol consumption, scores 0, 0.5, 1.5, 4, 7; the trend statistic is z² = 6.57 (M² = 6.57 uses n − 1,
    # Cochran–Armitage uses n: 6.57 · 32574 / 32573), P ≈ 0.01
    successes = [48, 38, 5, 1, 1]
    trials = [17066 + 48, 14464 + 38, 788 + 5, 126 + 1, 37 + 1]
    result = linear_trend_in_proportions([0, 0.5, 1.5, 4, 7], successes, trials)
    assert result.slope_sign == 1
    assert result.p_value == pytest.approx(chi2_1df_p_value(6.57 * 32574 / 32573), rel=0.01)


# --- the window -------------------------------------------------------------------------------------------

def test_two_points_give_no_trend():
    assert trend.trend_of(shares([20.0, 25.0]), "wilson") is None
    assert trend.trend_of([], "none") is None


def test_the_window_takes_the_last_five_points():
    found = trend.trend_of(rows([5.0, 1.0, 2.0, 3.0, 4.0, 5.0], years=[2010, 2018, 2019, 2020, 2021, 2022]), "none")
    assert (found.first_year, found.last_year, found.points) == (2018, 2022, 5)


def test_a_change_of_source_cuts_the_window():
    series = rows([1.0, 2.0, 3.0, 10.0, 11.0, 12.0], sources=["old"] * 3 + ["new"] * 3)
    found = trend.trend_of(series, "none")
    assert (found.first_year, found.points) == (2022, 3)


def test_a_change_of_source_leaving_two_points_gives_no_trend():
    series = rows([1.0, 2.0, 3.0, 4.0, 5.0], sources=["old"] * 3 + ["new"] * 2)
    assert trend.trend_of(series, "none") is None


def test_a_change_of_coverage_cuts_the_window():
    # an aggregate over 9 of 10 comuni, then over all 10: other people, no comparison across the change
    series = rows([1.0, 2.0, 3.0, 4.0, 5.0], parts=[9, 9, 10, 10, 10])
    assert trend.trend_of(series, "none").points == 3
    assert trend.trend_of(rows([1.0, 2.0, 3.0, 4.0], parts=[9, 9, 10, 10]), "none") is None


def test_years_without_a_value_are_skipped():
    series = rows([1.0, float("nan"), 2.0, 3.0])
    found = trend.trend_of(series, "none")
    assert (found.first_year, found.points) == (2019, 3)


# --- words --------------------------------------------------------------------------------------------------

def test_words_and_arrows_in_both_languages():
    up = trend.Trend("up", 2020, 2024, 5, 0.001, trend.COCHRAN_ARMITAGE)
    down = trend.Trend("down", 2018, 2021, 3, 0.01, trend.LEAST_SQUARES)
    flat = trend.Trend("stable", 2019, 2023, 5, 0.4, trend.LEAST_SQUARES)
    assert [trend.trend_arrow(x) for x in (up, flat, down)] == ["↗", "→", "↘"]
    assert trend.trend_words(up, "it") == "in aumento 2020–2024"
    assert trend.trend_words(down, "it") == "in calo 2018–2021"
    assert trend.trend_words(flat, "it") == "stabile 2019–2023"
    assert trend.trend_words(up, "en") == "rising 2020–2024"
    assert trend.trend_words(down, "en") == "falling 2018–2021"
    assert trend.trend_words(flat, "en") == "stable 2019–2023"
    assert trend.trend_line(None, "it") == ""


def test_the_method_text_states_the_test():
    assert "Cochran–Armitage" in trend.trend_method_text("it") and "5%" in trend.trend_method_text("it")
    english = trend.trend_method_text("en")
    assert "Cochran–Armitage" in english and "t-test" in english
    assert not {"tendenza", "anni", "minimi"} & set(english.lower().replace(",", " ").split())


# --- the real database --------------------------------------------------------------------------------------

def series_by_sql(indicator: str, territory: str) -> list[tuple]:
    return sql("SELECT year, numerator, denominator, source_id FROM observation "
               "WHERE indicator_id = ? AND territory_code = ? AND value IS NOT NULL ORDER BY year",
               indicator, territory)


def cochran_armitage_by_correlation(years, successes, trials) -> tuple[float, float]:
    """(correlation, chi-squared) from the year and 0/1 outcome of every person: X² = N·r²."""
    years, successes, trials = (np.asarray(v, dtype=float) for v in (years, successes, trials))
    total = trials.sum()
    mean_year, mean_outcome = (trials * years).sum() / total, successes.sum() / total
    covariance = (successes * years).sum() / total - mean_year * mean_outcome
    year_variance = (trials * years ** 2).sum() / total - mean_year ** 2
    r = covariance / math.sqrt(year_variance * mean_outcome * (1 - mean_outcome))
    return r, total * r * r


@pytest.mark.parametrize("indicator, territory, expected", [
    ("reg_share_65_plus", "NIL17", "up"),       # Milan's register, NIL 17 Adriano: 2020–2024, 5 points
    ("low_income_share_10k", REGION_CODE, "down"),     # Lombardy, MEF 2018, 2020, 2021
])
def test_a_real_series_against_a_plain_sql_read(indicator, territory, expected):
    series = series_by_sql(indicator, territory)
    latest_source = series[-1][3]
    run = []
    for row in reversed(series):
        if row[3] != latest_source or len(run) == 5:
            break
        run.insert(0, row)
    assert len(run) >= 3, "the fixture this test is about has changed"
    r, statistic = cochran_armitage_by_correlation([row[0] for row in run], [row[1] for row in run],
                                                   [row[2] for row in run])
    found = trend.recent_trend(indicator, territory)
    assert (found.first_year, found.last_year, found.points) == (run[0][0], run[-1][0], len(run))
    assert found.method == trend.COCHRAN_ARMITAGE
    assert found.p_value == pytest.approx(math.erfc(math.sqrt(statistic / 2)), rel=1e-6, abs=1e-300)
    assert found.direction == expected == ("up" if r > 0 else "down")
    assert found.p_value < 0.05


def test_a_real_series_whose_source_changed_has_no_trend():
    # Lodi's share of residents aged 65+: the 2011 census, then two years of another source
    series = series_by_sql("share_65_plus", "098031")
    latest = [row for row in series if row[3] == series[-1][3]]
    assert len(series) >= 3 and len(latest) < 3, "the fixture this test is about has changed"
    assert trend.recent_trend("share_65_plus", "098031") is None
