"""What the printable profile (scheda) of a territory says, gathered from the data as plain values: no drawing
here (cruscotto/scheda_layout.py draws it). Reads through cruscotto.data, which works in a page run, on the
download button's own thread and on the command line (cruscotto/scheda_cli.py points it at a database file).

Names of places come from the queries in the language of the session that runs them (Italian outside a page),
so every name shown is passed through i18n.place_name for the scheda's language."""
from dataclasses import dataclass, field

import pandas as pd

from cruscotto import cards, data, gaps, glance, levels, page_data, reliability, similar, trend, ui
from cruscotto.catalogue import source_field
from cruscotto.formatting import is_known, number
from cruscotto.i18n import level_label, place_name, t, topic_label

# Key trends of the scheda, in order: one indicator of each group (a comune has ISTAT's series, a NIL the city
# register's, Milano both); _key_trends takes those with a recent trend first.
TREND_CANDIDATES = (("share_65_plus", "reg_share_65_plus"), ("old_age_index",),
                    ("one_person_households_share", "reg_one_person_households_share"),
                    ("foreign_share", "reg_share_foreign"), ("income_per_taxpayer",), ("low_income_share_10k",),
                    ("population", "reg_residents"))
TRENDS_SHOWN = 3
# A comune's benchmarks include its ASST and ASST district, which mostly repeat its ambito: the table keeps
# at most this many geographic benchmarks, dropping those two levels first.
TABLE_BENCHMARKS = 3
SECONDARY_BENCHMARK_LEVELS = (levels.ASST, levels.DISTRICT)


@dataclass(frozen=True)
class Figure:
    """One cell of the headline table: the figure as text and what the reader must know about it."""
    text: str
    provisional: bool = False
    flag: str | None = None  # reliability flag words ("valore poco affidabile"), None when not flagged


NOT_COMPUTED = Figure("—")  # the similar comuni group of a count: the group is summed for rates only


@dataclass(frozen=True)
class HeadlineRow:
    indicator_id: str
    label: str   # with the unit: "Quota 65 anni e più (%)"
    year: int
    own: Figure
    benchmarks: tuple[Figure | None, ...]  # one per table column; None: the benchmark has no figure that year,
                                           # NOT_COMPUTED: a figure the similar comuni group is not summed for


@dataclass(frozen=True)
class SeriesPoint:
    year: int
    value: float
    provisional: bool
    flagged: bool


@dataclass(frozen=True)
class KeyTrend:
    indicator_id: str
    label: str
    unit: str
    decimals: int
    own: tuple[SeriesPoint, ...]
    benchmark_name: str          # the dashed line: Lombardy, or the nearest benchmark with the series
    benchmark: tuple[SeriesPoint, ...]
    words: str                   # "Tendenza: in aumento 2019–2023" or why there is none
    direction: str | None = None  # the recent trend ("up", "stable", "down"), None where none is computed


@dataclass(frozen=True)
class SourceLine:
    source_id: str
    text: str


@dataclass
class Scheda:
    code: str
    lang: str
    name: str
    level_text: str      # "Comune · Provincia di Lodi"
    data_date: str       # "Dati del database costruito il 30/11/2026; anni delle cifre: 2011, 2021–2026."
    glance: pd.DataFrame  # glance.glance_rows: one row per headline indicator the territory has
    trend_directions: dict[str, str]  # indicator id -> recent trend ("up", "stable", "down"), where there is one
    benchmark_names: list[str]
    rows: list[HeadlineRow]
    missing_lines: list[str]
    is_comune: bool
    neighbours: list[similar.Neighbour]
    similar_method: str
    trends: list[KeyTrend]
    trend_method: str
    sources: list[SourceLine] = field(default_factory=list)

    @property
    def any_figure(self) -> bool:
        return bool(self.rows)


def collect(code: str, lang: str) -> Scheda:
    """Everything the scheda of `code` shows, in `lang`. Raises KeyError for an unknown code."""
    found = data.query("territory", territory=code)
    if found.empty:
        raise KeyError(code)
    territory = found.iloc[0]
    name = place_name(territory["name"], lang)
    level_text = level_label(territory["level"], lang)
    if isinstance(territory["parent_name"], str):
        level_text += f" · {place_name(territory['parent_name'], lang)}"
    profile = data.query("profile", territory=code)
    wanted = _headline_indicators(profile)
    shown = profile[profile["indicator_id"].isin(wanted.index)]
    group = similar.group_rows(code, lang)
    benchmark_codes = _table_benchmarks(shown)
    names = {row["territory_code"]: place_name(row["territory_name"], lang) for row in shown.to_dict("records")}
    benchmark_names = [names[c] for c in benchmark_codes] + ([similar.group_name(code, lang)] if group else [])
    rows_of = data.records_by(shown, "indicator_id")
    rows = [_headline_row(indicator_id, rows_of[indicator_id], benchmark_codes, group, lang)
            for indicator_id in wanted.index if indicator_id in rows_of]
    glance_frame = glance.glance_rows(code, lang)
    trends = _key_trends(code, profile, lang)
    is_comune = territory["level"] == levels.COMUNE
    neighbours = similar.neighbours(code) if is_comune else []
    sources = _sources(shown, group, glance_frame, trends, neighbours, code, lang)
    return Scheda(
        code=code, lang=lang, name=name, level_text=level_text,
        data_date=t("scheda_data_date", lang, date=page_data.data_date(lang), years=_years_text(row.year for row in rows)),
        glance=glance_frame, trend_directions=_trend_directions(glance_frame),
        benchmark_names=benchmark_names, rows=rows,
        missing_lines=_missing_lines(wanted, rows_of, territory["level"], lang),
        is_comune=is_comune, neighbours=neighbours,
        similar_method=similar.method_text(lang) if is_comune else "",
        trends=trends, trend_method=trend.trend_method_text(lang), sources=sources)


def _headline_indicators(profile: pd.DataFrame) -> pd.DataFrame:
    """The catalogue rows of the profile's cards and gauges, in catalogue order (page_data.card_indicators: the
    headline indicators, and a topic's other figures where its headline ones are not published at the level)."""
    catalogue = data.indicators()
    cards_wanted = page_data.card_indicators(profile)
    return catalogue[catalogue.index.isin(cards_wanted.index) | catalogue.index.isin(page_data.PROFILE_GAUGES)]


def _table_benchmarks(shown: pd.DataFrame) -> list[str]:
    """The benchmark codes the table has a column for, nearest first: at most TABLE_BENCHMARKS, the ASST levels
    left out first, then the nearest (the province and Lombardy always stay)."""
    others = shown[~shown["is_self"]].drop_duplicates("territory_code").sort_values("rank")
    codes = others["territory_code"].tolist()
    if len(codes) > TABLE_BENCHMARKS:
        level_of = data.territories()["level"]
        codes = [c for c in codes if level_of.get(c) not in SECONDARY_BENCHMARK_LEVELS] or codes
    return codes[-TABLE_BENCHMARKS:] if len(codes) > TABLE_BENCHMARKS else codes


def _headline_row(indicator_id: str, rows: list[dict], benchmark_codes: list[str], group: dict[str, dict],
                  lang: str) -> HeadlineRow:
    meta = ui.indicator_meta(indicator_id, lang)
    own = next(row for row in rows if row["is_self"])
    by_code = {row["territory_code"]: row for row in rows if not row["is_self"]}
    figures = [_figure(by_code.get(c), meta["decimals"], lang) for c in benchmark_codes]
    if group:
        figures.append(_figure(group.get(indicator_id), meta["decimals"], lang) if meta["aggregation"] == "ratio"
                       else NOT_COMPUTED)
    unit = meta["unit"]
    return HeadlineRow(indicator_id, f"{meta['label']} ({unit})" if unit else meta["label"], int(own["year"]),
                       _figure(own, cards.figure_decimals(own, meta), lang), tuple(figures))


def _figure(row: dict | None, decimals: int, lang: str) -> Figure | None:
    if row is None or not is_known(row.get("value")):
        return None
    flag = reliability.flag_words(row.get("flag"), lang) or None
    return Figure(number(float(row["value"]), decimals, lang), row.get("status") == "provisional", flag)


def _missing_lines(wanted: pd.DataFrame, rows_of: dict, level: str, lang: str) -> list[str]:
    """A headline topic the territory has no figure for, and why (data/catalogue/data_gaps.csv); silent for a
    topic that is not one to announce at this level (the Milan register outside Milan)."""
    lines = []
    for topic, ids in wanted.groupby("topic", sort=False)["id"]:
        if any(indicator_id in rows_of for indicator_id in ids) or not wanted.loc[ids, "headline"].any():
            continue
        why = gaps.reason(topic, level, lang)
        if why is not None:
            lines.append(t("scheda_missing_topic", lang, topic=topic_label(topic, lang), reason=why))
    return lines


def _trend_directions(glance_frame: pd.DataFrame) -> dict[str, str]:
    """Indicator id -> recent trend direction, for the glance rows that have one (glance_rows' trend_direction)."""
    return {row["indicator_id"]: row["trend_direction"] for row in glance_frame.to_dict("records")
            if isinstance(row["trend_direction"], str)}


def _key_trends(code: str, profile: pd.DataFrame, lang: str) -> list[KeyTrend]:
    """TRENDS_SHOWN groups of TREND_CANDIDATES, in their order: those whose indicator has a recent trend
    (trend.recent_trend) first, then, to fill the places left, those the territory has in two years or more
    only (drawn, with why no trend is computed). Within a group, an indicator with a trend is preferred. A rate is drawn beside Lombardy (or, where Lombardy lacks the series, the nearest benchmark that has it:
    Milano for a NIL); a count alone, since a larger area's count is off its scale.
    profile: profile.sql's rows, whose other territories are the benchmarks, nearest first."""
    nearest_first = profile[~profile["is_self"]].sort_values("rank")["territory_code"].unique().tolist()
    others = [levels.REGION_CODE] + [c for c in nearest_first if c != levels.REGION_CODE]
    found = []
    for group in TREND_CANDIDATES:
        drawn = [key_trend for key_trend in (_key_trend(indicator_id, code, others, lang) for indicator_id in group
                                             if indicator_id in data.indicator_records()) if key_trend is not None]
        with_trend = [key_trend for key_trend in drawn if key_trend.direction is not None]
        if drawn:
            found.append((with_trend or drawn)[0])
    chosen = ([key_trend for key_trend in found if key_trend.direction is not None]
              + [key_trend for key_trend in found if key_trend.direction is None])[:TRENDS_SHOWN]
    return [key_trend for key_trend in found if key_trend in chosen]  # in TREND_CANDIDATES' order


def _key_trend(indicator_id: str, code: str, others: list[str], lang: str) -> KeyTrend | None:
    own = _points(data.query("indicator_series", indicator=indicator_id, territory=code))
    if len(own) < 2:
        return None
    meta = ui.indicator_meta(indicator_id, lang)
    bench_code, bench = None, ()
    for other in ([] if meta["aggregation"] == "sum" else [c for c in others if c != code]):
        points = tuple(point for point in _points(data.query("indicator_series", indicator=indicator_id, territory=other))
                       if own[0].year <= point.year <= own[-1].year)
        if points:
            bench_code, bench = other, points
            break
    found = trend.recent_trend(indicator_id, code)
    words = (t("scheda_trend_words", lang, words=trend.trend_words(found, lang)) if found is not None
             else t("scheda_trend_none", lang, minimum=trend.MINIMUM_POINTS))
    name = place_name(data.territories().at[bench_code, "name"], lang) if bench_code else ""
    return KeyTrend(indicator_id, meta["label"], meta["unit"], meta["decimals"], own, name, bench, words,
                    found.direction if found is not None else None)


def _points(series: pd.DataFrame) -> tuple[SeriesPoint, ...]:
    return tuple(SeriesPoint(int(row["year"]), float(row["value"]), row["status"] == "provisional",
                             reliability.is_flagged(row["flag"]))
                 for row in series.to_dict("records") if is_known(row["value"]))


def _sources(shown: pd.DataFrame, group: dict[str, dict], glance_frame: pd.DataFrame, trends: list[KeyTrend],
             neighbours: list, code: str, lang: str) -> list[SourceLine]:
    """Every source behind a figure of the scheda, with publisher and licence."""
    used = set(shown["source_id"].dropna())
    used |= {row["source_id"] for row in group.values()}
    used |= set(glance_frame["source_id"].dropna())
    for key_trend in trends:
        used |= set(data.query("indicator_series", indicator=key_trend.indicator_id, territory=code)["source_id"])
    if neighbours:  # the figures the similar comuni are chosen on, and the areas behind a density
        features = similar.feature_values(code)
        used |= set(features["source_id"].dropna()) | set(features["divisor_source_id"].dropna())
    records = data.source_records()
    lines = []
    for source_id in sorted(used, key=lambda s: str(records[s][f"name_{lang}"]) if s in records else s):
        if source_id not in records:
            continue
        source = records[source_id]
        lines.append(SourceLine(source_id, t("scheda_source_line", lang, name=source[f"name_{lang}"],
                                             publisher=source_field(source, "publisher", lang),
                                             licence=source_field(source, "licence", lang))))
    return lines


def _years_text(years) -> str:
    """'2011, 2021–2023, 2026': the distinct years, runs of consecutive years joined."""
    ordered = sorted(set(years))
    if not ordered:
        return "—"
    runs, start = [], ordered[0]
    for previous, year in zip(ordered, ordered[1:] + [None]):
        if year is None or year != previous + 1:
            runs.append(str(start) if start == previous else f"{start}–{previous}")
            start = year
    return ", ".join(runs)


