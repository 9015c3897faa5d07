"""The profile's "at a glance" rows (issue 12): per headline indicator the territory's latest figure, how its
peers spread in that year (queries/glance.sql), Lombardy's figure and the other benchmarks' (with the similar
comuni group, cruscotto/similar.py), a verdict against Lombardy and the recent trend (cruscotto/trend.py).

One query for all rows, cached per territory and language; the chart is drawn by cruscotto/charts_glance.py.
Texts are plain (no Markdown): a page escapes what it shows as Markdown."""

import pandas as pd

from cruscotto import cards, charts_glance, data, downloads, levels, similar, trend
from cruscotto.catalogue import source_field
from cruscotto.formatting import headline, known_number, number, with_unit, year_span
from cruscotto.i18n import place_name, t, topic_label
from cruscotto.reliability import flag_words
from cruscotto.ui import source_text

# verdicts as the summary counts them and the legend names their colours (charts_glance.VERDICT_STYLE): higher
# and lower share one
COLOUR_GROUPS = (("better", ("better",)), ("worse", ("worse",)), ("similar", ("similar",)),
                 ("different", ("higher", "lower")), ("not_compared", ("not_compared",)))
# verdict: "better", "similar" or "worse" (an indicator with a better direction), "higher", "lower" or "similar"
# (one without), "not_compared"; figure_text: the figure with its short unit, as the chart writes it; trend_text
# and trend_arrow: "" without a trend, trend_direction ("up", "stable" or "down"): None without one; has_spread …
# scale_half: how the spine charts (the page's and the PDF's) draw the row, charts_glance.row_scale
COLUMNS = ["topic", "topic_label", "indicator_id", "label", "unit", "decimals", "year", "value", "value_text",
           "figure_text", "numerator", "denominator", "count_text", "source_id", "source_text", "status", "flag",
           "aggregation", "peer_level", "peers_n", "p_min", "p25", "p50", "p75", "p_max", "spread_text",
           "region_value", "markers", "verdict", "verdict_text", "trend_text", "trend_arrow", "trend_direction",
           "has_spread", "region_drawn", "scale_centre", "scale_half"]


@data.per_data_version(max_entries=256)
def glance_rows(territory: str, lang: str) -> pd.DataFrame:
    """One row per headline indicator the territory has, in catalogue order grouped by topic (COLUMNS; markers:
    (name, value) of each benchmark but Lombardy, nearest first, then the similar comuni group)."""
    figures = data.records_by(data.query("glance", territory=territory), "indicator_id")
    group = similar.group_rows(territory, lang) if _level(territory) == levels.COMUNE else {}
    rows = [_row(indicator_id, territory, figures[indicator_id], group.get(indicator_id), lang)
            for indicator_id in _catalogue_order() if indicator_id in figures]
    return pd.DataFrame(rows, columns=COLUMNS)


def _row(indicator_id: str, territory: str, figures: list[dict], group_row: dict | None, lang: str) -> dict:
    record = data.indicator_records()[indicator_id]
    own = next(row for row in figures if row["relation"] == "self")
    region = next((row for row in figures if row["territory_code"] == levels.REGION_CODE), None)
    decimals = cards.figure_decimals(own, record)
    unit = record[f"unit_{lang}"]
    markers = [(place_name(row["name_as_stored"], lang), known_number(row["value"])) for row in figures
               if row["relation"] not in ("self", levels.REGION)]
    if group_row is not None and int(group_row["year"]) == int(own["year"]) and known_number(group_row["value"]) is not None:
        markers.append((group_row["territory_name"], float(group_row["value"])))
    verdict, reason = verdict_of(own, known_number(region["value"]) if region else None, record,
                                 territory == levels.REGION_CODE)
    recent = trend.recent_trend(indicator_id, territory)
    row = {
        "topic": record["topic"], "topic_label": topic_label(record["topic"], lang), "indicator_id": indicator_id,
        "label": record[f"label_{lang}"], "unit": unit, "decimals": decimals, "year": int(own["year"]),
        "value": float(own["value"]),
        "value_text": with_unit(own["value"], decimals, unit, lang),
        "figure_text": headline(own["value"], decimals, unit, lang)[0],
        "numerator": known_number(own["numerator"]), "denominator": known_number(own["denominator"]),
        "count_text": count_text(own, record, lang), "source_id": own["source_id"],
        "source_text": source_text(own["source_id"], int(own["year"]), own["status"], lang,
                                   own["note"] if isinstance(own["note"], str) else None),
        "status": own["status"], "flag": own["flag"] if isinstance(own["flag"], str) else None,
        "aggregation": record["aggregation"], "peer_level": own["peer_level"], "peers_n": int(own["peers_n"]),
        **{column: known_number(own[column]) for column in ("p_min", "p25", "p50", "p75", "p_max")},
        "spread_text": spread_text(own, decimals, unit, lang),
        "region_value": known_number(region["value"]) if region else None, "markers": markers, "verdict": verdict,
        "verdict_text": verdict_words(verdict, reason, lang, int(own["year"]), own["flag"]),
        "trend_text": f"{trend.trend_arrow(recent)} {trend.trend_words(recent, lang)}" if recent else "",
        "trend_arrow": trend.trend_arrow(recent) if recent else "",
        "trend_direction": recent.direction if recent else None,
    }
    return {**row, **charts_glance.row_scale(row)}


def verdict_of(own: dict, region_value: float | None, record: dict, is_region: bool) -> tuple[str, str | None]:
    """The territory's figure against Lombardy's, as the cards judge it (cards.judge: the 95% interval of its
    counts, the indicator's polarity), and why it is not compared: (verdict, reason key or None)."""
    if is_region:
        return "not_compared", "is_region"
    comparison, reason = cards.judge(own, region_value, record)
    if comparison is None:
        return "not_compared", "no_region" if reason == "no_benchmark" else reason
    return (comparison.verdict if record["polarity"] == "neutral" else comparison.judgement), None


def verdict_words(verdict: str, reason: str | None, lang: str, year: int, flag=None) -> str:
    """"significativamente migliore della Lombardia", or "non confrontato: <why>"."""
    if verdict != "not_compared":
        return t(f"glance_verdict_{verdict}", lang)
    why = flag_words(flag, lang) if reason == "flagged" else t(f"glance_reason_{reason}", lang, year=year)
    return t("glance_not_compared_because", lang, reason=why)


def spread_text(own: dict, decimals: int, unit: str, lang: str) -> str:
    """"comuni lombardi (1.440): minimo 1,0% · 25° 6,3% · …", or that there is no spread."""
    if not int(own["peers_n"]):
        return t("glance_no_spread", lang)
    figures = {key: headline(known_number(own[column]), decimals, unit, lang)[0] for key, column in
               (("low", "p_min"), ("p25", "p25"), ("p50", "p50"), ("p75", "p75"), ("high", "p_max"))}
    return t("glance_hover_spread", lang, peers=t(f"glance_peers_{own['peer_level']}", lang),
             n=number(int(own["peers_n"]), 0, lang), **figures)


def count_text(own: dict, record: dict, lang: str) -> str:
    """The counts behind a rate ("6.443 residenti stranieri su 45.643 residenti"), plain text (cards.count_line);
    "" for a count or a rate published without its counts."""
    return cards.count_line(own, cards.count_labels(record, lang), record, lang, markdown=False) or ""


@data.per_data_version(max_entries=256)
def glance_chart(territory: str, lang: str):
    """The spine chart of glance_rows (a Plotly figure, shared: callers must not change it); None without rows."""
    rows = glance_rows(territory, lang)
    if rows.empty:
        return None
    name = territory_name(territory, lang)
    title = t("glance_chart_title", lang, name=name, years=year_span(rows["year"]))
    sources = t("glance_chart_sources", lang, sources=", ".join(source_names(rows, lang)))
    return charts_glance.spine(rows, title, sources, peers_label(rows, lang), name,
                               place_name(levels.REGION_NAME, lang), lang)


@data.per_data_version(max_entries=256)
def glance_summary(territory: str, lang: str) -> str:
    """One factual sentence or two: how many figures lie above and below the peers' median, and how they stand
    against Lombardy ("Lodi: sopra la mediana dei comuni lombardi in 6 su 9 indicatori, sotto in 3. …")."""
    rows = glance_rows(territory, lang)
    name = territory_name(territory, lang)
    spread = rows[rows["p50"].notna()]
    if spread.empty:
        text = t("glance_summary_no_spread", lang, name=name, n=len(rows))
    else:
        above, below = int((spread["value"] > spread["p50"]).sum()), int((spread["value"] < spread["p50"]).sum())
        equal = len(spread) - above - below  # e.g. an ambito that is the middle one of few with data
        text = t("glance_summary_median_equal" if equal else "glance_summary_median", lang, name=name,
                 peers_of=peers_label(rows, lang, "of_"), n=len(spread), above=above, below=below, equal=equal)
    counts = rows["verdict"].value_counts()
    parts = [t(f"glance_summary_{key}", lang, n=int(sum(counts.get(verdict, 0) for verdict in verdicts)))
             for key, verdicts in COLOUR_GROUPS if sum(counts.get(verdict, 0) for verdict in verdicts)]
    if counts.get("not_compared", 0) < len(rows):  # nothing compared (the region itself): no second sentence
        text += " " + t("glance_summary_compared", lang, parts=", ".join(parts))
    return text


@data.per_data_version(max_entries=256)
def legend_text(territory: str, lang: str) -> str:
    """The chart's legend in words (plain text): how to read a row, the benchmarks drawn, and the colours of the
    territory's marker that the chart shows."""
    rows = glance_rows(territory, lang)
    name = territory_name(territory, lang)
    centre = t("glance_legend_centre_region" if rows["region_drawn"].any() else "glance_legend_centre_median", lang)
    parts = [t("glance_legend", lang, name=name, peers_of=peers_label(rows, lang, "of_"), centre=centre)]
    benchmarks = list(dict.fromkeys(benchmark for markers in rows["markers"] for benchmark, _ in markers))
    if benchmarks:
        parts.append(t("glance_legend_benchmarks", lang, benchmarks=", ".join(benchmarks)))
        drawn = [name for row in rows[rows["has_spread"]].to_dict("records") for name, _ in charts_glance.drawn_markers(row)]
        same_area = any(charts_glance.SAME_AREA in name for name in drawn)
        parts.append(t("glance_legend_same_area" if same_area else "glance_legend_dodged", lang))
    shown = set(rows.loc[rows["p50"].notna(), "verdict"])  # a row without a spread draws no marker
    colours = [t(f"glance_colour_{key}", lang) for key, verdicts in COLOUR_GROUPS if shown & set(verdicts)]
    if territory == levels.REGION_CODE:
        parts.append(t("glance_legend_region_self", lang))
    elif colours:
        parts.append(t("glance_legend_colours", lang, name=name, colours=", ".join(colours)))
    return " ".join(parts)


@data.per_data_version(max_entries=256)
def glance_table(territory: str, lang: str) -> pd.DataFrame:
    """The rows as a table for ui.table_with_download: value, counts, each benchmark, the spread, the verdict,
    the trend, year, source and status per row (headers the shared helpers do not know are given in the reader's
    words)."""
    rows = glance_rows(territory, lang)
    peers = peers_label(rows, lang)
    region = place_name(levels.REGION_NAME, lang)
    benchmarks = list(dict.fromkeys(name for markers in rows["markers"] for name, _ in markers))
    table = pd.DataFrame({"topic": rows["topic_label"], "indicator_id": rows["indicator_id"], "year": rows["year"],
                          "value": rows["value"], t("glance_col_counts", lang): rows["count_text"]})
    for name in benchmarks:  # numbers (NaN where missing), never None: a grid would print "None"
        table[name] = pd.Series([dict(markers).get(name) for markers in rows["markers"]], dtype="float64")
    table[region] = rows["region_value"].astype("float64")
    spread_columns = []
    for column, key in (("peers_n", "glance_col_peers_n"), ("p_min", "glance_col_min"), ("p25", "glance_col_p25"),
                        ("p50", "glance_col_p50"), ("p75", "glance_col_p75"), ("p_max", "glance_col_max")):
        table[t(key, lang, peers=peers)] = rows[column]
        spread_columns += [t(key, lang, peers=peers)] if column != "peers_n" else []
    table[t("glance_col_verdict", lang)] = rows["verdict_text"]
    table[t("glance_col_trend", lang)] = rows["trend_text"]
    # a flagged figure says so in the verdict column ("non confrontato: valore poco affidabile")
    table = table.assign(source_id=rows["source_id"], status=rows["status"])
    # the benchmarks and the spread are figures of the row's indicator: its decimals, as the value column's
    table.attrs[downloads.DECIMALS_AS_VALUE] = [*benchmarks, region, *spread_columns]
    return table


def peers_label(rows: pd.DataFrame, lang: str, form: str = "") -> str:
    """Whose spread the rows show ("comuni lombardi"; form "of_": "dei comuni lombardi"), from glance.sql's
    peer level."""
    level = rows["peer_level"].iloc[0] if not rows.empty else levels.COMUNE
    return t(f"glance_peers_{form}{level}", lang)


def source_names(rows: pd.DataFrame, lang: str) -> list[str]:
    """The publishers of the rows' sources, each once ("ISTAT", "MEF - Dipartimento delle Finanze")."""
    sources = data.source_records()
    return list(dict.fromkeys(source_field(sources[source_id], "publisher", lang) for source_id in rows["source_id"]))


def territory_name(territory: str, lang: str) -> str:
    return place_name(_stored_names()[territory], lang)


@data.per_data_version(max_entries=4)
def _stored_names() -> dict[str, str]:
    # names as stored (Italian), turned into the caller's language: the cached rows are asked for in a language
    # that may not be the session's (the PDF of /panoramica, the command line)
    return dict(data.query("glance_names").itertuples(index=False, name=None))


def _level(territory: str) -> str:
    return data.territories().at[territory, "level"]


def _catalogue_order() -> list[str]:
    """Indicator ids by topic (topics in the order they first appear in the catalogue), then catalogue order."""
    catalogue = data.indicators()
    topics = list(dict.fromkeys(catalogue["topic"]))
    return sorted(catalogue["id"], key=lambda indicator_id: topics.index(catalogue.at[indicator_id, "topic"]))
