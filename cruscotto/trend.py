"""Recent trend of a territory's series: an arrow and words ("in aumento 2020–2024") backed by a stated test.

Window: the territory's last (up to) 5 yearly points that share the latest point's source and coverage. A change
of source may be a change of definition, and an aggregate over a different set of comuni counts other people:
the run stops there. Fewer than 3 points in the window: no trend (None).

Test, two-sided at 5%:
- where numerator and denominator are known at every point of a share (interval "wilson") or a rate per
  population (interval "byar"), the chi-squared test for linear trend in proportions (Cochran–Armitage, 1 df)
  over the years, on p = numerator / denominator for shares and p = numerator / (numerator + denominator) for
  rates (monotone in the rate, and a proportion);
- otherwise (published values, averages such as income per taxpayer, counts such as population) the
  ordinary least-squares slope over the years with a t-test on n − 2 degrees of freedom.
Not significant: "stable". Counts (aggregation "sum") get a trend too: a population that grows year after year
is what a reader wants to know, and the slope test asks only whether the years line up on a slope more than
they scatter around it.
"""
from dataclasses import dataclass

from cruscotto import data
from cruscotto.formatting import is_known
from cruscotto.i18n import t
from cruscotto.trend_stats import least_squares_slope, linear_trend_in_proportions

WINDOW = 5          # at most this many latest points
MINIMUM_POINTS = 3  # fewer: no arrow
SIGNIFICANCE = 0.05
COCHRAN_ARMITAGE = "cochran_armitage"
LEAST_SQUARES = "least_squares"
ARROWS = {"up": "↗", "stable": "→", "down": "↘"}
DIRECTIONS = {1: "up", 0: "stable", -1: "down"}


@dataclass(frozen=True)
class Trend:
    direction: str    # "up", "stable" or "down"
    first_year: int
    last_year: int
    points: int
    p_value: float
    method: str       # COCHRAN_ARMITAGE or LEAST_SQUARES


def recent_trend(indicator_id: str, territory: str) -> "Trend | None":
    """The recent trend of one indicator for one territory, or None where the window holds fewer than 3 points
    (or the indicator is not in the catalogue)."""
    return territory_trends(territory).get(indicator_id)


@data.per_data_version(max_entries=512)
def territory_trends(territory: str) -> dict[str, Trend]:
    """Every indicator's recent trend for one territory, by indicator id (shared, read-only): one query for
    the whole territory, where one per indicator cost a profile's first view two seconds."""
    records = data.indicator_records()
    trends = {}
    for indicator_id, rows in data.records_by(data.query("trend_series", territory=territory), "indicator_id").items():
        found = trend_of(rows, records[indicator_id]["interval"]) if indicator_id in records else None
        if found is not None:
            trends[indicator_id] = found
    return trends


def trend_of(rows: list[dict], interval: str) -> "Trend | None":
    """The trend of indicator_series.sql rows (ordered by year) of an indicator whose confidence interval is
    `interval` ("wilson", "byar" or "none")."""
    window = recent_window(rows)
    if len(window) < MINIMUM_POINTS:
        return None
    years = [float(row["year"]) for row in window]
    counts = _counts(window, interval)
    if counts is not None:
        result, method = linear_trend_in_proportions(years, *counts), COCHRAN_ARMITAGE
    else:
        result, method = least_squares_slope(years, [float(row["value"]) for row in window]), LEAST_SQUARES
    direction = DIRECTIONS[result.slope_sign] if result.p_value < SIGNIFICANCE else "stable"
    return Trend(direction, int(window[0]["year"]), int(window[-1]["year"]), len(window), result.p_value, method)


def recent_window(rows: list[dict]) -> list[dict]:
    """The latest rows with a value, back to the first change of source or coverage, at most WINDOW of them,
    oldest first."""
    with_value = [row for row in rows if is_known(row.get("value"))]
    if not with_value:
        return []
    latest = with_value[-1]
    window = []
    for row in reversed(with_value):
        if len(window) == WINDOW or not _same_definition(row, latest):
            break
        window.append(row)
    return window[::-1]


def _same_definition(row: dict, latest: dict) -> bool:
    return row["source_id"] == latest["source_id"] and all(
        _same(row.get(column), latest.get(column)) for column in ("parts_with_data", "parts_total"))


def _same(a, b) -> bool:
    return (not is_known(a) and not is_known(b)) or (is_known(a) and is_known(b) and a == b)


def _counts(window: list[dict], interval: str) -> tuple[list[float], list[float]] | None:
    """(successes, trials) of each point for the test in proportions, or None where it does not apply."""
    if interval not in ("wilson", "byar"):
        return None
    if not all(is_known(row.get("numerator")) and is_known(row.get("denominator")) for row in window):
        return None
    numerators = [float(row["numerator"]) for row in window]
    denominators = [float(row["denominator"]) for row in window]
    trials = denominators if interval == "wilson" else [n + d for n, d in zip(numerators, denominators)]
    if any(n < 0 or d <= 0 or n > total for n, d, total in zip(numerators, denominators, trials)):
        return None
    return numerators, trials


def trend_arrow(trend: Trend) -> str:
    return ARROWS[trend.direction]


def trend_words(trend: Trend, lang: str) -> str:
    """"in aumento 2020–2024" / "rising 2020–2024"."""
    return t(f"trend_{trend.direction}", lang, first=trend.first_year, last=trend.last_year)


def trend_line(trend: Trend | None, lang: str) -> str:
    """"Tendenza: ↗ in aumento 2020–2024", or "" without a trend."""
    if trend is None:
        return ""
    return t("trend_line", lang, arrow=trend_arrow(trend), words=trend_words(trend, lang))


def trend_method_text(lang: str) -> str:
    return t("trend_method", lang, window=WINDOW, minimum=MINIMUM_POINTS)
