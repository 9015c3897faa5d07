"""Frames the pages draw, assembled from the cached queries, so pages hold layout and widgets only."""
import pandas as pd
import pydeck as pdk
import streamlit as st

from cruscotto import data, map_files, maps
from cruscotto.catalogue import load_plan_figure_matches
from cruscotto.i18n import t
from cruscotto.ui import format_value

SERIES_COLUMNS = ["territory_name", "year", "value", "numerator", "denominator", "status", "source_id", "note"]


def trend_lines(indicator: str, territory: str) -> pd.DataFrame:
    """The territory's series and each benchmark's, one frame with territory_name per line."""
    names = data.territories()["name"]
    lines = [data.query("indicator_series", indicator=indicator, territory=territory).assign(territory_name=names[territory])]
    for bench in data.query("benchmarks", territory=territory).itertuples():
        lines.append(data.query("indicator_series", indicator=indicator, territory=bench.code).assign(territory_name=bench.name))
    return pd.concat([line for line in lines if not line.empty] or lines[:1], ignore_index=True)


def spending_lines(territory: str, spend_label: str, need_label: str) -> pd.DataFrame:
    """Spending per head of the territory and its benchmarks, and the territory's standard need (dashed)."""
    own = data.query("social_spending", territory=territory)
    name = data.territories().at[territory, "name"]

    def line(frame: pd.DataFrame, column: str, label: str, dash: str = "solid") -> pd.DataFrame:
        return pd.DataFrame({"year": frame["year"], "value": frame[column], "status": "final",
                             "territory_name": label, "line_dash": dash})
    lines = [line(own, "spending_per_capita", f"{name} — {spend_label}"),
             line(own, "need_per_capita", f"{name} — {need_label}", "dash")]
    for bench in data.query("benchmarks", territory=territory).itertuples():
        other = data.query("social_spending", territory=bench.code)
        if not other.empty:
            lines.append(line(other, "spending_per_capita", f"{bench.name} — {spend_label}"))
    return pd.concat(lines, ignore_index=True)


def latest_values(codes: list[str], indicator: str, year: int | None) -> pd.DataFrame:
    """One row per territory: the value of the chosen year if it has one, else its latest; empty where none."""
    names = data.territories()["name"]
    rows = []
    for code in codes:
        series = data.query("indicator_series", indicator=indicator, territory=code)
        if year is not None and year in set(series["year"]):
            series = series[series["year"] == year]
        latest = series.tail(1)
        found = not latest.empty
        rows.append({"code": code, "name": names[code],
                     **{column: latest[column].iloc[0] if found else None
                        for column in ("value", "year", "status", "source_id")}})
    table = pd.DataFrame(rows)
    table["year"] = table["year"].astype("Int64")
    table["value"] = table["value"].astype("Float64")
    return table


def spread_groups(territory: str, levels=("ambito", "provincia")) -> pd.DataFrame:
    """The groups whose comuni a territory is ranked among: its ambito and province for a comune,
    the territory itself for a group (ambito, provincia, ASST, distretto)."""
    territories = data.territories()
    if territories.at[territory, "level"] in ("ambito", "provincia", "asst", "distretto"):
        return pd.DataFrame([{"code": territory, "name": territories.at[territory, "name"]}])
    groups = data.query("benchmarks", territory=territory)
    return groups[groups["relation"].isin(list(levels))][["code", "name"]]


@st.cache_resource(show_spinner=False, max_entries=64)
def map_deck(level: str, indicator: str, year: int, highlight: str, lang: str) -> tuple[pdk.Deck | None, list[float]]:
    """The choropleth and its class edges (None where the level has no boundaries); its areas are
    published once per view as a static file."""
    values = data.query("indicator_map", indicator=indicator, level=level, year=year)
    geometry = data.query("geometry", level=level)
    if geometry.empty:
        return None, []
    collection, edges = maps.feature_collection(geometry, values, format_value(indicator, lang),
                                                t("legend_no_data", lang), year)
    url = map_files.publish(collection, f"{level}-{indicator}-{year}-{lang}")
    return maps.choropleth(url, collection, highlight), edges


def catalogue_table(lang: str, search: str = "", topics=()) -> pd.DataFrame:
    """The indicator catalogue as the public reads it, filtered by words and topics."""
    catalogue = data.query("indicators")
    sources = data.sources()
    table = pd.DataFrame({
        "id": catalogue["id"],
        "indicator": catalogue[f"label_{lang}"],
        "topic": catalogue["topic"],
        "definition": catalogue[f"definition_{lang}"],
        "formula": [f"{n} / {d}" + (f" × {m:g}" if m != 1 else "") if d else n
                    for n, d, m in zip(catalogue["numerator"], catalogue["denominator"], catalogue["multiplier"])],
        "unit": catalogue[f"unit_{lang}"],
        "sources": [", ".join(sources.at[s, f"name_{lang}"] for s in str(ids).split(", ") if s in sources.index)
                    if isinstance(ids, str) else "" for ids in catalogue["sources"]],
        "licences": [", ".join(sorted({sources.at[s, "licence"] for s in str(ids).split(", ") if s in sources.index}))
                     if isinstance(ids, str) else "" for ids in catalogue["sources"]],
        "years": [f"{int(a)}–{int(b)}" if pd.notna(a) else "" for a, b in zip(catalogue["first_year"], catalogue["last_year"])],
        "territories": catalogue["territories"].astype(int),
        "caveat": catalogue[f"caveat_{lang}"],
    })
    if topics:
        table = table[table["topic"].isin(list(topics))]
    words = search.strip().lower().split()
    if words:
        text = (table["indicator"] + " " + table["definition"] + " " + table["id"] + " " + table["sources"]).str.lower()
        table = table[[all(word in row for word in words) for row in text]]
    return table.reset_index(drop=True)


def plan_figures_beside_today(lang: str) -> pd.DataFrame:
    """The figures quoted in the plans, with today's open-data value of the same measure where one exists."""
    plan = data.query("plan_figures")
    matches = load_plan_figure_matches().set_index("figure_id")
    today_value, today_year, today_indicator, comparability = [], [], [], []
    for figure_id in plan["figure_id"]:
        if figure_id not in matches.index:
            today_value.append(None), today_year.append(None), today_indicator.append(""), comparability.append("")
            continue
        match = matches.loc[figure_id]
        series = data.query("indicator_series", indicator=match["indicator_id"], territory=match["territory_code"])
        latest = series.tail(1)
        today_value.append(latest["value"].iloc[0] if not latest.empty else None)
        today_year.append(latest["year"].iloc[0] if not latest.empty else None)
        today_indicator.append(data.indicators().at[match["indicator_id"], f"label_{lang}"])
        comparability.append(match[f"comparability_{lang}"])
    return plan.assign(today_indicator=today_indicator, today_value=pd.array(today_value, dtype="Float64"),
                       today_year=pd.array(today_year, dtype="Int64"), comparability=comparability)


def ambiti_with_members() -> tuple[int, int]:
    """How many ambiti have a known membership (from public acts), out of all ambiti in the database."""
    counts = data.query("ambito_membership").iloc[0]
    return int(counts["known"]), int(counts["total"])


def year_span() -> tuple[int, int]:
    span = data.query("year_span").iloc[0]
    return int(span["first_year"]), int(span["last_year"])
