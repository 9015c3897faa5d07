"""Frames the pages draw, assembled from the cached queries, so pages hold layout and widgets only."""
import json
from dataclasses import dataclass, field

import pandas as pd
import pydeck as pdk

from cruscotto import charts, data, formatting, levels, map_files, maps, notes, reliability
from cruscotto import similar
from cruscotto.downloads import flag_words
from cruscotto.formatting import escape_markdown, number
from cruscotto.catalogue import PLAN_FIGURE_KEY, SOURCE_TEXT_FIELDS, load_plan_figure_matches, source_field, term
from cruscotto.i18n import level_label, t
from cruscotto.ui import LOCAL_SOURCE_PREFIX, format_figure, format_value, profile_card_content

PROFILE_GAUGES = ("rsa_places_per_100_75plus", "cdi_places_per_100_75plus")  # drawn as gauges, not cards
SPENDING_SOURCE = "opencivitas_sociale_nido"  # the one source of social_spending.sql
SERIES_COLUMNS = ["territory_name", "year", "value", "numerator", "denominator", "status", "flag", "source_id", "note"]


@data.per_data_version(max_entries=256)
def trend_lines(indicator: str, territory: str) -> pd.DataFrame:
    """The territory's series and each benchmark's (a NIL's Municipio first, then its city, province and
    region; a comune's ambito, ASST, province and region), one frame with territory_name per line; a
    benchmark without the indicator has no line."""
    names = data.territories()["name"]
    lines = [data.query("indicator_series", indicator=indicator, territory=territory).assign(territory_name=names[territory])]
    for code in _municipio_of(territory) + list(data.query("benchmarks", territory=territory)["code"]):
        lines.append(data.query("indicator_series", indicator=indicator, territory=code).assign(territory_name=names[code]))
    return pd.concat([line for line in lines if not line.empty] or lines[:1], ignore_index=True)


def _municipio_of(territory: str) -> list[str]:
    """The Municipio a NIL lies mostly in (not a benchmark in the database: NIL figures are never summed
    into Municipi, but a Municipio's own published series can stand beside its NIL's)."""
    containers = data.query("containers", territory=territory)
    return containers.loc[containers["relation"] == "municipio_prevalente", "code"].tolist()


@data.per_data_version(max_entries=256)
def trend_chart(indicator: str, territory: str, lang: str):
    """/tendenze's chart of an indicator: the territory and its benchmarks over the years (keyed by these
    names, so a run does not hash the frames the figure is drawn from)."""
    meta = data.indicator_records()[indicator]
    frame = trend_lines(indicator, territory)
    return charts.trend(frame, f"{meta[f'label_{lang}']} — {t('all_years', lang)}", meta[f"unit_{lang}"], lang,
                        note=gap_note(frame, lang))


LEFT_OUT_NOTE_CODES = {"milano_nil_left_out"}  # notes saying a figure leaves parts out, shown by year


@data.per_data_version(max_entries=256)
def trend_year_notes(indicator: str, territory: str, lang: str) -> list[str]:
    """Years of the trend whose figure is missing or leaves parts out, and why ("Milano, 2017: esclusi …")."""
    lines = []
    for row in trend_lines(indicator, territory).itertuples():
        left_out = [item for item in notes.decode(row.note) if item["code"] in LEFT_OUT_NOTE_CODES]
        if left_out:
            lines.append(f"{row.territory_name}, {int(row.year)}: {notes.render(notes.encode(left_out), lang)}")
    missing = data.query("missing_figures", territory=territory)
    name = data.territories().at[territory, "name"]
    lines += [f"{name}, {int(row.year)}: {notes.render(row.note, lang)}"
              for row in missing[missing["indicator_id"] == indicator].itertuples()]
    return [escape_markdown(line) for line in lines]


@data.per_data_version(max_entries=256)
def pyramid_chart(territory: str, lang: str):
    """/tendenze's age pyramid (None where the territory has none)."""
    pyramid = data.query("population_pyramid", territory=territory)
    if pyramid.empty:
        return None
    return charts.pyramid(pyramid, f"{t('pyramid', lang)} 2022 / 2023", t("men", lang), t("women", lang), lang)


@dataclass
class ProfileSections:
    """The headline cards of /panoramica, ready to show: per topic either its cards' contents
    (ui.profile_card_content) or, for a headline topic without data, None (the page says why)."""
    topics: list[tuple[str, list[dict] | None]]
    any_card: bool
    benchmark_tests: bool
    trends: bool = False  # whether any card shows a recent trend (the page then states the test once)


@data.per_data_version(max_entries=256)
def profile_sections(territory: str, lang: str) -> ProfileSections:
    """The profile's cards grouped by topic, in catalogue order (card_indicators: a topic's headline figures, or
    the topic's others where the territory has no headline one)."""
    profile = data.query("profile", territory=territory)
    catalogue = data.indicators()
    cards_wanted = card_indicators(profile)
    shown = profile[profile["indicator_id"].isin(cards_wanted.index)]
    rows_of = data.records_by(shown, "indicator_id")
    for indicator_id, group_row in similar.group_rows(territory, lang).items():  # the similar comuni: one more benchmark
        if indicator_id in rows_of:
            rows_of[indicator_id].append(group_row)
    topics = []
    for topic, ids in cards_wanted.groupby("topic", sort=False)["id"]:
        wanted = set(ids)
        held = [indicator_id for indicator_id in rows_of if indicator_id in wanted]
        if not held:
            if catalogue.loc[ids, "headline"].any():  # a headline section: the page says why it is missing
                topics.append((topic, None))
            continue
        topics.append((topic, [profile_card_content(indicator_id, rows_of[indicator_id], lang)
                               for indicator_id in held]))
    trends = any(card["trend"] for _, cards_in_topic in topics if cards_in_topic for card in cards_in_topic)
    return ProfileSections(topics, not shown.empty, has_benchmark_tests(shown), trends)


def data_date(lang: str) -> str:
    """The day the database was built, as a reader of `lang` writes dates ("—" for a database without the date)."""
    built = str(data.query("build_info")["built_at"].iloc[0] or "")[:10]  # ISO 8601: YYYY-MM-DD…
    if len(built) < 10:
        return "—"
    year, month, day = built.split("-")
    return f"{day}/{month}/{year}" if lang == "it" else built


def card_indicators(profile: pd.DataFrame) -> pd.DataFrame:
    """The catalogue rows /panoramica draws as cards, in catalogue order, never the gauges: per topic its headline
    indicators; and where none of a topic's headline indicators is published at the territory's level at all,
    the topic's other official figures the territory has (a Municipio has its residents from Milan's register,
    whose headline shares are published by NIL). A headline figure missing for one territory of a level where
    others have it stays missing, and the page says so; planners' own data keeps its own sections."""
    catalogue = data.indicators()
    own = profile[profile["is_self"].astype(bool)]
    official = ~own["source_id"].astype(str).str.startswith(LOCAL_SOURCE_PREFIX)
    held = set(own.loc[official, "indicator_id"])
    wanted = pd.Series(catalogue["headline"].to_numpy(bool), index=catalogue.index)
    if held:
        at_level = set(indicators_at_level(data.territories().at[own["territory_code"].iloc[0], "level"]))
        for _, ids in catalogue.groupby("topic", sort=False)["id"]:
            headline = set(catalogue.loc[ids][catalogue.loc[ids, "headline"].astype(bool)].index)
            if headline and not headline & at_level and held & set(ids):  # a gauge is a headline figure too
                wanted[ids] = True
    return catalogue[wanted & ~catalogue.index.isin(PROFILE_GAUGES)]


@dataclass
class CoverageGauge:
    """One of /panoramica's coverage gauges: the territory's latest value and Lombardy's beside it."""
    indicator_id: str
    value: float
    region_value: float | None
    year: int
    source_id: str
    status: str
    ref_date: str | None
    note: str | None = None  # the build's note: how many comuni an aggregate rests on (ui.parts_text), …


@data.per_data_version(max_entries=256)
def coverage_gauges(territory: str) -> list[CoverageGauge]:
    """The PROFILE_GAUGES the territory has (profile.sql), in that order."""
    gauges = []
    rows_of = data.records_by(data.query("profile", territory=territory), "indicator_id")
    for rows in (rows_of[indicator] for indicator in PROFILE_GAUGES if indicator in rows_of):
        own = next((row for row in rows if row["is_self"]), None)
        if own is None:
            continue
        region = next((row["value"] for row in rows if row["territory_code"] == levels.REGION_CODE), None)
        gauges.append(CoverageGauge(own["indicator_id"], own["value"], None if pd.isna(region) else float(region),
                                    int(own["year"]), own["source_id"], own["status"], own["ref_date"],
                                    own["note"] if isinstance(own["note"], str) else None))
    return gauges


@data.per_data_version(max_entries=256)
def missing_gauge_lines(territory: str, lang: str) -> list[str]:
    """The PROFILE_GAUGES the build left out for the territory, each with why ("Posti CDI …: dato mancante: …")."""
    missing = data.query("missing_figures", territory=territory)
    missing = missing[missing["indicator_id"].isin(PROFILE_GAUGES)]
    labels = data.indicator_labels(lang)
    return [escape_markdown(f"{labels[row.indicator_id]} ({row.year}): {notes.render(row.note, lang)}")
            for row in missing.itertuples()]


def gap_note(frame: pd.DataFrame, lang: str) -> str:
    """Why lines of a trend chart have holes, with the source's short name ("2020: nessun dato OpenCivitas")."""
    sources = data.sources()
    short = {source_id: str(attribution).split(":", 1)[-1].strip() or sources.at[source_id, f"name_{lang}"]
             for source_id, attribution in sources["attribution"].items()}
    return charts.gap_note(frame, short, lang)


@data.per_data_version(max_entries=256)
def spending_chart(territory: str, lang: str):
    """/spesa's chart: spending per head against standard need and the benchmarks' spending (keyed by
    names, so a run hashes no frame)."""
    records = data.indicator_records()
    spend, need = records["social_spending_per_capita"], records["social_need_per_capita"]
    frame = spending_lines(territory, spend[f"label_{lang}"], need[f"label_{lang}"])
    return charts.trend(frame, t("spending_vs_need", lang), spend[f"unit_{lang}"], lang, note=gap_note(frame, lang))


@data.per_data_version(max_entries=256)
def spending_lines(territory: str, spend_label: str, need_label: str) -> pd.DataFrame:
    """Spending per head of the territory and its benchmarks, and the territory's standard need (dashed)."""
    own = data.query("social_spending", territory=territory)
    name = data.territories().at[territory, "name"]

    def line(frame: pd.DataFrame, column: str, label: str, dash: str = "solid") -> pd.DataFrame:
        return pd.DataFrame({"year": frame["year"], "value": frame[column], "status": "final",
                             "territory_name": label, "line_dash": dash, "source_id": SPENDING_SOURCE})
    lines = [line(own, "spending_per_capita", f"{name} — {spend_label}"),
             line(own, "need_per_capita", f"{name} — {need_label}", "dash")]
    for bench in data.query("benchmarks", territory=territory).itertuples():
        other = data.query("social_spending", territory=bench.code)
        if not other.empty:
            lines.append(line(other, "spending_per_capita", f"{bench.name} — {spend_label}"))
    return pd.concat(lines, ignore_index=True)


@data.per_data_version(max_entries=256)
def latest_values(codes: list[str], indicator: str, year: int | None) -> pd.DataFrame:
    """One row per territory: the value of the chosen year if it has one, else its latest; empty where none."""
    names = data.territories()["name"]
    rows = []
    for code in codes:
        shown = data.compared_row(indicator, code, year) or {}
        rows.append({"code": code, "name": names[code],
                     **{column: shown.get(column) for column in ("value", "year", "status", "source_id", "flag")}})
    table = pd.DataFrame(rows)
    table["year"] = table["year"].astype("Int64")
    table["value"] = table["value"].astype("Float64")
    return table


def compare_bars(codes: list[str], indicator: str, year: int | None, format_value, lang: str) -> pd.DataFrame:
    """latest_values with what each bar says: value and year, ⚠ for a flagged value, "no data" by the name."""
    table = latest_values(codes, indicator, year)
    table["label"] = [f"{format_value(v)} ({y})" + (" ⚠" if isinstance(f, str) else "") if pd.notna(v) else ""
                      for v, y, f in zip(table["value"], table["year"], table["flag"])]
    table["name"] = [name if pd.notna(v) else f"{name} ({t('legend_no_data', lang)})"
                     for name, v in zip(table["name"], table["value"])]
    return table


@data.per_data_version(max_entries=256)
def compare_chart(codes: tuple[str, ...], indicator: str, year: int | None, lang: str):
    """/confronta's bars and the table they are drawn from."""
    meta = data.indicator_records()[indicator]
    table = compare_bars(list(codes), indicator, year, format_value(indicator, lang), lang)
    return charts.bars(table, meta[f"label_{lang}"], meta[f"unit_{lang}"], lang), table


@data.per_data_version(max_entries=256)
def spread_chart(indicator: str, group: str, group_name: str, year: int, highlight: str, lang: str):
    """A group's comuni ranked on an indicator (distribution.sql), the highlighted one marked, and the rows."""
    spread = data.query("distribution", indicator=indicator, group=group, year=year)
    unit = data.indicator_records()[indicator][f"unit_{lang}"]
    return charts.spread(spread, highlight, group_name, unit, lang), spread


@dataclass
class SpreadSection:
    """A group's comuni on one indicator, ready to show: heading, words (rank or spread), chart, what the scale
    leaves out (flagged values), and the rows for the download."""
    group: str
    heading: str
    words: str | None
    figure: object
    left_out: str | None
    rows: pd.DataFrame


@data.per_data_version(max_entries=256)
def rank_sections(indicator: str, territory: str, lang: str) -> list[SpreadSection]:
    """/confronta's ranks of a comune in its ambito and province, in the latest year the comune has the
    indicator; a group without the comune's value is left out."""
    own = data.query("indicator_series", indicator=indicator, territory=territory)
    if own.empty:
        return []
    year = int(own["year"].max())
    fmt = format_value(indicator, lang)
    sections = []
    for group in spread_groups(territory).itertuples():
        figure, spread = spread_chart(indicator, group.code, group.name, year, territory, lang)
        valued = spread.dropna(subset=["value"])
        if valued.empty or (valued["code"] != territory).all():
            continue
        sections.append(SpreadSection(group.code, t("rank_in", lang, group=group.name) + f" ({year})",
                                      reliability.rank_summary(spread, territory, fmt, lang), figure,
                                      reliability.left_out_line(spread, fmt, lang), spread))
    return sections


@data.per_data_version(max_entries=256)
def spending_spread_section(territory: str, year: int, lang: str) -> SpreadSection | None:
    """/spesa's spread of spending per head across the comuni of the territory's first group (its ambito for a
    comune, itself for a group)."""
    indicator = "social_spending_per_capita"
    fmt = format_value(indicator, lang)
    for group in spread_groups(territory).head(1).itertuples():
        figure, spread = spread_chart(indicator, group.code, group.name, year, territory, lang)
        if spread["value"].notna().any():
            return SpreadSection(group.code, t("spending_spread", lang, group=group.name) + f" ({year})",
                                 reliability.spread_summary(spread, fmt, lang), figure,
                                 reliability.left_out_line(spread, fmt, lang), spread)
    return None


@data.per_data_version(max_entries=256)
def spread_groups(territory: str) -> pd.DataFrame:
    """The groups whose comuni a territory is ranked among: its ambito and province for a comune,
    the territory itself for a group (ambito, provincia, ASST, distretto)."""
    territories = data.territories()
    if territories.at[territory, "level"] in (levels.PROVINCE, *levels.SERVICE_GROUPS):
        return pd.DataFrame([{"code": territory, "name": territories.at[territory, "name"]}])
    groups = data.query("benchmarks", territory=territory)
    return groups[groups["relation"].isin(levels.COMUNE_GROUPS)][["code", "name"]]


def map_deck(level: str, indicator: str, year: int, highlight: str, lang: str,
             frame_similar: bool = False) -> tuple[pdk.Deck | None, list[float]]:
    """The choropleth and its class edges (None where the level has no boundaries); its areas are
    published once per view as a static file. A comune's similar comuni are outlined on a map of comuni;
    `frame_similar` fits the view to the comune and them (most lie outside its province). A cached deck is
    dropped once map files were pruned (map_files.generation()), so it never names a removed file; a full
    disk raises map_files.MapFilesFull."""
    deck, edges = _map_deck(level, indicator, year, highlight, lang, frame_similar, map_files.generation())
    if deck is not None:
        map_files.touch(deck.layers[0].data)  # a layer in use is the last one pruned
    return deck, edges


@data.per_data_version(max_entries=64)  # keyed like every other result: a rebuilt database gets new decks
def _map_deck(level: str, indicator: str, year: int, highlight: str, lang: str, frame_similar: bool,
              map_files_generation: int) -> tuple[pdk.Deck | None, list[float]]:
    values = data.query("indicator_map", indicator=indicator, level=level, year=year)
    geometry = data.query("geometry", level=level)
    if geometry.empty:
        return None, []
    collection, edges = maps.feature_collection(geometry, values, format_value(indicator, lang),
                                                t("legend_no_data", lang), year,
                                                flag_text=lambda flag: reliability.flag_words(flag, lang))
    url = map_files.publish(collection, f"{level}-{indicator}-{year}-{lang}")
    focus = map_focus(level, highlight)
    outlined = similar_outlines(level, highlight)
    view, zoom_out = (focus.chosen + outlined, 0.0) if frame_similar and outlined else (focus.view, focus.zoom_out)
    return maps.choropleth(url, collection, highlight, chosen=focus.chosen, group=focus.group, focus=view,
                           zoom_out=zoom_out, similar=outlined), edges


def similar_outlines(level: str, territory: str) -> list[dict]:
    """The similar comuni of a comune, outlined on a map of comuni; none on a map of another level. Ten small
    shapes travel inline with the deck, not the whole layer."""
    return _features(level, similar.neighbour_codes(territory)) if similar.on_map(level, territory) else []


@dataclass
class MapFocus:
    """What a map of one level shows of the chosen territory: its outline (`chosen`), the group it is
    seen in (`group`, outlined in black, named `group_name`), and the features the view is fitted to."""
    chosen: list[dict] = field(default_factory=list)
    group: list[dict] = field(default_factory=list)
    group_name: str | None = None
    view: list[dict] = field(default_factory=list)
    zoom_out: float = 0.0


def map_focus(level: str, territory: str) -> MapFocus:
    """A councillor opening the map expects their territory in view and outlined: a comune at comune level
    is seen within its province, with its ambito (or, without a known ambito, its province) outlined;
    a territory at its own level with its neighbours around; a group at a finer level (an ambito at
    comune level, Milano at NIL level) fitted to its members; a territory at a coarser level (a comune
    at province level) within the area that contains it, that area outlined."""
    own_level = data.territories().at[territory, "level"]
    chosen = _features(own_level, [territory])
    if own_level == level:
        if level != "comune":
            return MapFocus(chosen=chosen, view=chosen, zoom_out=1.0)
        containers = data.query("containers", territory=territory)
        ambito = containers[containers["relation"] == "ambito"]
        province = containers[containers["relation"] == "provincia"]
        group_row = ambito if _features("ambito", ambito["code"]) else province
        group = _features(group_row["level"].iloc[0], group_row["code"]) if not group_row.empty else []
        view = chosen + group + _features("provincia", province["code"])
        return MapFocus(chosen=chosen, group=group, group_name=_name_of(group), view=view)
    members = data.query("members", parent=territory)
    members = members[members["level"] == level]
    if not members.empty:  # a group shown by its members
        inside = _features(level, members["code"])
        return MapFocus(chosen=chosen, group=[] if chosen else inside, view=chosen or inside)
    containers = data.query("containers", territory=territory)
    around = containers[containers["level"] == level]
    if not around.empty:  # shown inside the area of the map's level that contains it
        group = _features(level, around["code"])
        return MapFocus(chosen=chosen, group=group, group_name=_name_of(group), view=group or chosen, zoom_out=0.5)
    return MapFocus(chosen=chosen)


def _name_of(features: list[dict]) -> str | None:
    return features[0]["properties"]["name"] if len(features) == 1 else None


def _features(level: str, codes) -> list[dict]:
    """GeoJSON features (code, name) of some territories of one level; none for a level without boundaries."""
    geometry = data.query("geometry", level=level)
    rows = geometry[geometry["code"].isin(list(codes))]
    return [{"type": "Feature", "geometry": json.loads(shape), "properties": {"code": code, "name": name}}
            for code, name, shape in zip(rows["code"], rows["name"], rows["geojson"])]


@data.per_data_version(max_entries=256)
def map_outline_note(level: str, territory: str, lang: str) -> str | None:
    """The caption saying what the map's outlines are ("Contorno arancione: Lodi · contorno nero: …")."""
    focus = map_focus(level, territory)
    name = data.territories().at[territory, "name"]
    if focus.group_name:
        return t("map_outline_group", lang, name=name, group=focus.group_name)
    if focus.chosen:
        return t("map_outline", lang, name=name)
    return None


@data.per_data_version(max_entries=256)
def map_legend(edges: tuple[float, ...], indicator: str, level: str, year: int, lang: str):
    """The map's legend: whole class ranges with their unit ("da 18,2% a 21,4%"); a long unit
    ("€ per abitante") goes in the header, the ranges keep the short one."""
    values = data.query("indicator_map", indicator=indicator, level=level, year=year)
    unit = data.indicator_records()[indicator][f"unit_{lang}"]
    figure = format_figure(indicator, lang)
    header = t("legend_class", lang) + ("" if unit in ("%", "€") else f" ({unit})")
    return maps.legend_table(list(edges), figure, header, t("legend_no_data", lang),
                             t("legend_flagged", lang) if maps.has_flags(values) else None,
                             range_text=lambda low, high: t("legend_range", lang, low=low, high=high))


@data.per_data_version(max_entries=64)
def catalogue_table(lang: str, search: str = "", topics=()) -> pd.DataFrame:
    """The indicator catalogue as the public reads it, filtered by words and topics."""
    catalogue = data.query("indicators")
    sources = data.sources()
    table = pd.DataFrame({
        "id": catalogue["id"],
        "indicator": catalogue[f"label_{lang}"],
        "topic": catalogue["topic"],
        "definition": catalogue[f"definition_{lang}"],
        "formula": formulas(catalogue, lang),
        "unit": catalogue[f"unit_{lang}"],
        "sources": [", ".join(sources.at[s, f"name_{lang}"] for s in str(ids).split(", ") if s in sources.index)
                    if isinstance(ids, str) else "" for ids in catalogue["sources"]],
        "licences": [", ".join(sorted({source_field(sources.loc[s], "licence", lang) for s in str(ids).split(", ")
                                       if s in sources.index}))
                     if isinstance(ids, str) else "" for ids in catalogue["sources"]],
        "years": [formatting.year_span((a, b)) if pd.notna(a) else "" for a, b in zip(catalogue["first_year"], catalogue["last_year"])],
        "territories": catalogue["territories"].astype(int),
        "caveat": catalogue[f"caveat_{lang}"],
        # the path of the number (cruscotto/lineage.py): identifiers, the same in both languages
        "build_step": catalogue["build_step"].fillna(""),
        "raw_measure": catalogue["raw_measure"].fillna(""),
    })
    if topics:
        table = table[table["topic"].isin(list(topics))]
    words = search.strip().lower().split()
    if words:
        text = (table["indicator"] + " " + table["definition"] + " " + table["id"] + " " + table["sources"]).str.lower()
        table = table[[all(word in row for word in words) for row in text]]
    return table.reset_index(drop=True)


def formulas(catalogue: pd.DataFrame, lang: str) -> list[str]:
    """"numerator / denominator × multiplier" in the reader's words (catalogue columns numerator[_en])."""
    suffix = "_en" if lang == "en" else ""
    return [f"{n} / {d}" + (f" × {m:g}" if float(m) != 1 else "") if d else n
            for n, d, m in zip(catalogue[f"numerator{suffix}"], catalogue[f"denominator{suffix}"], catalogue["multiplier"])]


@data.per_data_version(max_entries=4)
def source_register(lang: str) -> pd.DataFrame:
    """The source register as /fonti shows it: every text field in the reader's language."""
    sources = data.sources()
    register = pd.DataFrame({"source_id": sources["source_id"], f"name_{lang}": sources[f"name_{lang}"]})
    for name in SOURCE_TEXT_FIELDS:
        register[name] = [source_field(row, name, lang) for _, row in sources.iterrows()]
    register["loaded_at"] = pd.to_datetime(sources["loaded_at"]).dt.strftime("%Y-%m-%d %H:%M")  # no microseconds
    register["observations"] = sources["observations"]
    register[f"caveat_{lang}"] = sources[f"caveat_{lang}"]
    return register.reset_index(drop=True)


@data.per_data_version(max_entries=4)
def plan_figures_beside_today(lang: str) -> pd.DataFrame:
    """The figures quoted in the plans, with today's open-data value of the same measure where one exists."""
    plan = data.query("plan_figures")
    matches = load_plan_figure_matches().set_index(PLAN_FIGURE_KEY)
    today_value, today_year, today_indicator, comparability = [], [], [], []
    for key in plan[PLAN_FIGURE_KEY].itertuples(index=False, name=None):
        if key not in matches.index:
            today_value.append(None), today_year.append(None), today_indicator.append(""), comparability.append("")
            continue
        match = matches.loc[key]
        latest = data.compared_row(match["indicator_id"], match["indicator_territory"], None) or {}
        today_value.append(latest.get("value"))
        today_year.append(latest.get("year"))
        today_indicator.append(data.indicators().at[match["indicator_id"], f"label_{lang}"])
        comparability.append(match[f"comparability_{lang}"])
    plan = in_language(plan, PLAN_TEXT_COLUMNS, lang)
    plan["computed_from"] = [t("plan_computed_from", lang, inputs=inputs) if inputs else ""
                             for inputs in plan["computed_from"]]
    return plan.assign(today_indicator=today_indicator, today_value=pd.array(today_value, dtype="Float64"),
                       today_year=pd.array(today_year, dtype="Int64"), comparability=comparability)


# words quoted from the plans
PLAN_TEXT_COLUMNS = ("topic", "territory", "measure", "unit", "denominator_note", "computed_from")


@data.per_data_version(max_entries=4)
def plan_figures_table(lang: str) -> pd.DataFrame:
    """plan_figures_beside_today as people read it on /fonti: each figure with its unit as the plan quotes
    it ("19,9%", "579.927,35 €"), today's value with its year, headers in the reader's language, empty
    cells empty. Text only, so the table (st.table) wraps instead of scrolling sideways; st.table reads
    cells as Markdown, so every cell is escaped."""
    figures = plan_figures_beside_today(lang)
    catalogue = data.indicators()
    label_to_id = dict(zip(catalogue[f"label_{lang}"], catalogue.index))

    def quoted(value, unit: str) -> str:
        if pd.isna(value):
            return ""
        decimals = 0 if float(value).is_integer() else min(len(repr(float(value)).split(".")[1]), 2)
        return _with_plan_unit(number(float(value), decimals, lang), unit, lang)

    def today(value, year, label) -> str:
        if pd.isna(value) or label not in label_to_id:
            return ""
        meta = catalogue.loc[label_to_id[label]]
        shown = _with_plan_unit(number(float(value), int(meta["decimals"]), lang), meta[f"unit_{lang}"], lang)
        return f"{shown} ({int(year)})" if pd.notna(year) else shown

    def text(value) -> str:
        return "" if pd.isna(value) else str(value)

    table = pd.DataFrame({
        t("document", lang): figures["source_document"].map(text),
        t("territory", lang): figures["territory"].map(text),
        t("year", lang): figures["year"].map(text),
        t("measure", lang): figures["measure"].map(text),
        # a percentage the plan does not print says so: "50% (calcolato da 14 partecipanti su 28 adesioni)"
        t("value", lang): [f"{quoted(v, u)} ({computed})" if computed else quoted(v, u)
                           for v, u, computed in zip(figures["value"], figures["unit"], figures["computed_from"])],
        t("denominator", lang): figures["denominator_note"].map(text),
        t("today_indicator", lang): figures["today_indicator"].map(text),
        t("today_value", lang): [today(v, y, l) for v, y, l in zip(figures["today_value"], figures["today_year"],
                                                                  figures["today_indicator"])],
        t("comparability", lang): figures["comparability"].map(text),
    })
    return table.map(escape_markdown)


def _with_plan_unit(shown: str, unit, lang: str) -> str:
    """A number with its unit: '%' follows it ('19,9%'), '€' as the language writes it ('30 € per abitante',
    '€30 per resident'); a count stands alone."""
    if not isinstance(unit, str) or unit in ("", "count", term("count", "it"), term("count", "en")):
        return shown
    return formatting.unit_beside(shown, unit, lang)


def in_language(frame: pd.DataFrame, columns, lang: str) -> pd.DataFrame:
    """Data words (categories, measures, units) in the reader's language, from data/catalogue/terms.csv."""
    frame = frame.copy()
    for column in columns:
        if column in frame.columns:
            frame[column] = frame[column].map(lambda text: term(text, lang))
    return frame


@data.per_data_version(max_entries=256)
def spending_by_target(territory: str, lang: str) -> pd.DataFrame:
    """Spending split by target group or service (spending_by_target.sql), categories and units in the reader's words."""
    return in_language(data.query("spending_by_target", territory=territory), ("category", "unit"), lang)


@dataclass
class TargetChart:
    """One chart of /spesa's spending by target: a plan's or a source's split of one year."""
    key: str
    figure: object
    origin: str
    document: str | None
    source_id: str
    year: int


@data.per_data_version(max_entries=256)
def spending_target_charts(territory: str, lang: str) -> list[TargetChart]:
    """spending_by_target drawn as bars, one chart per origin and year."""
    charts_drawn = []
    target = spending_by_target(territory, lang)
    for (origin, year, document), rows in target.groupby(["origin", "year", "document"], dropna=False, sort=False):
        table = rows.assign(label=[number(v, 1, lang) + "%" for v in rows["share_pct"]], name=rows["category"],
                            value=rows["share_pct"])
        figure = charts.bars(table, f"{t('spending_target', lang)} {year}", "%", lang,
                             category_title=t("axis_target", lang))
        charts_drawn.append(TargetChart(f"target_{origin}_{year}", figure, origin, document,
                                        rows["source"].iloc[0], year))
    return charts_drawn


@data.per_data_version(max_entries=2)
def ambiti_with_members() -> tuple[int, int]:
    """How many ambiti have a known membership (from public acts), out of all ambiti in the database."""
    counts = data.query("ambito_membership").iloc[0]
    return int(counts["known"]), int(counts["total"])


@data.per_data_version(max_entries=2)
def year_span() -> tuple[int, int]:
    span = data.query("year_span").iloc[0]
    return int(span["first_year"]), int(span["last_year"])


@data.per_data_version(max_entries=32)
def indicators_at_level(level: str) -> list[str]:
    """The catalogue's indicators (in catalogue order) that have values at a territorial level."""
    with_data = set(data.query("level_indicators", level=level)["indicator_id"])
    return [i for i in data.indicators().index if i in with_data]


@data.per_data_version(max_entries=512)
def map_years(indicator: str, level: str) -> list[int]:
    """The years with values of an indicator at a level, latest first."""
    return sorted(_map_coverage(indicator, level), reverse=True)


@data.per_data_version(max_entries=512)
def _map_coverage(indicator: str, level: str) -> dict[int, int]:
    """Year -> how many territories of the level have a value."""
    years = data.query("indicator_years", indicator=indicator)
    at_level = years[years["level"] == level]
    return {int(y): int(n) for y, n in zip(at_level["year"], at_level["territories"])}


@data.per_data_version(max_entries=512)
def map_default_year(indicator: str, level: str) -> int | None:
    """The year a map opens on: the latest year that covers at least half as many territories as the widest
    year. One-person households: 2024 covers the province of Brescia only, 2011 (census) every comune, so a
    councillor of Lodi first sees a map with Lodi on it; the other years stay one click away."""
    coverage = _map_coverage(indicator, level)
    if not coverage:
        return None
    widest = max(coverage.values())
    return max(year for year, territories in coverage.items() if territories * 2 >= widest)


@data.per_data_version(max_entries=512)
def map_year_labels(indicator: str, level: str, lang: str) -> dict[int, str]:
    """Year options with their coverage where it is partial, e.g. "2024 · 205 di 1.502"."""
    coverage = _map_coverage(indicator, level)
    total = int((data.territories()["level"] == level).sum())
    return {year: str(year) if territories >= total else
            t("map_year_coverage", lang, year=year, have=number(territories, lang=lang), total=number(total, lang=lang))
            for year, territories in coverage.items()}


@data.per_data_version(max_entries=256)
def key_comparison(codes: list[str]) -> pd.DataFrame:
    """The planner's comparison in long form (comparison.sql): one row per headline indicator, in catalogue
    order, and chosen territory, with the latest value, its year and the ranks; an indicator none of the
    territories has is left out."""
    catalogue = data.indicators()
    headline = [i for i in catalogue.index if catalogue.at[i, "headline"]]
    rows = data.query("comparison", territories=list(codes), indicators=headline)
    held = set(rows.loc[rows["value"].notna(), "indicator_id"])
    rows = rows[rows["indicator_id"].isin(held)]
    position = {indicator: n for n, indicator in enumerate(headline)}
    return rows.sort_values("indicator_id", key=lambda ids: ids.map(position), kind="stable").reset_index(drop=True)


@data.per_data_version(max_entries=256)
def key_comparison_grid(codes: tuple[str, ...], lang: str) -> pd.DataFrame:
    """key_comparison as people read it: one line per indicator ("label (unit)"), and for each territory a value
    column ("26,8 (2023)") and a rank column ("2° di 3", and "· 37° su 113 in provincia" for a comune)."""
    rows = key_comparison(codes)
    catalogue = data.indicators()
    names = _distinct_names(list(dict.fromkeys(rows["territory_code"])), lang)
    lines = []
    for indicator_id, group in rows.groupby("indicator_id", sort=False):
        decimals = int(catalogue.at[indicator_id, "decimals"])
        line = {t("indicator", lang): f"{catalogue.at[indicator_id, f'label_{lang}']} "
                                      f"({catalogue.at[indicator_id, f'unit_{lang}']})"}
        for row in group.itertuples():
            line[names[row.territory_code]] = _value_cell(row, decimals, lang)
            line[t("rank_header", lang, name=names[row.territory_code])] = _rank_cell(row, lang)
        lines.append(line)
    return pd.DataFrame(lines)


def _distinct_names(codes: list[str], lang: str) -> dict[str, str]:
    """Territory names as column headers; two territories of the same name get their level beside it."""
    territories = data.territories()
    names = {code: territories.at[code, "name"] for code in codes}
    repeated = {name for name in names.values() if list(names.values()).count(name) > 1}
    return {code: f"{name} · {level_label(territories.at[code, 'level'], lang)}" if name in repeated else name
            for code, name in names.items()}


def _value_cell(row, decimals: int, lang: str) -> str:
    if pd.isna(row.value):
        return "—"
    cell = f"{number(row.value, decimals, lang)} ({int(row.year)})"
    return f"{cell} ⚠ {flag_words(row.flag, lang)}" if flag_words(row.flag, lang) else cell


def _rank_cell(row, lang: str) -> str:
    if pd.isna(row.value):
        return "—"
    if reliability.is_flagged(row.flag):  # a flagged value: marked, kept out of the ranking
        return t("no_rank", lang)
    if pd.isna(row.rank_chosen):  # no other chosen territory has a comparable value of that year
        cell = t("no_rank_other_year", lang, year=int(row.year))
    else:
        cell = t("rank_chosen", lang, rank=ordinal(int(row.rank_chosen), lang), n=int(row.chosen_ranked))
    if pd.notna(row.rank_province) and row.province_ranked > 1:
        cell += " · " + t("rank_province", lang, rank=ordinal(int(row.rank_province), lang), n=int(row.province_ranked))
    return cell


def ordinal(n: int, lang: str) -> str:
    """26 -> '26°' in Italian, '26th' in English."""
    if lang == "it":
        return f"{n}°"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


@data.per_data_version(max_entries=64)
def ambito_members(code: str) -> pd.DataFrame:
    """The member comuni of an ambito (from the public acts named in its membership_source), by name."""
    members = data.query("members", parent=code)
    return members[(members["relation"] == "ambito") & (members["level"] == "comune")].reset_index(drop=True)


@data.per_data_version(max_entries=2)
def comune_groups() -> pd.DataFrame:
    """Provinces, then ambiti, whose member comuni are known: code, name, level, comuni."""
    return data.query("comune_groups")


def comuni_of(groups: list[str]) -> list[str]:
    """The codes of the member comuni of some provinces or ambiti, each once."""
    return data.query("group_comuni", groups=list(groups))["code"].tolist() if groups else []


def with_group_comuni(territories: list[str], groups: list[str]) -> tuple[list[str], int]:
    """The territories chosen one by one plus every comune of the chosen provinces and ambiti, each once;
    and how many comuni the groups added."""
    added = [code for code in comuni_of(groups) if code not in set(territories)]
    return list(territories) + added, len(added)


def same_measure_at_level(indicator: str, available: list[str]) -> str | None:
    """The indicator that measures the same thing at a level where `indicator` has no data: Milan's register
    series (reg_…) stand for the ISTAT ones at NIL level, and the other way round; None if there is none."""
    twin = indicator.removeprefix("reg_") if indicator.startswith("reg_") else f"reg_{indicator}"
    return twin if twin in available else None


def has_benchmark_tests(profile: pd.DataFrame) -> bool:
    """Whether profile rows hold a rate with a benchmark and an interval method: only those get a "significantly
    higher/lower" verdict (a count, or a rate published without counts, gets none)."""
    tested = data.indicators().loc[profile["indicator_id"].unique(), "interval"] != "none"
    return bool(tested.any()) and bool((~profile["is_self"]).any())


def has_local_data() -> bool:
    """Whether any Ufficio di Piano has loaded data (the store has a current version)."""
    return data.local_version() is not None


@data.per_data_version(max_entries=64)
def membership_conflicts(ambito: str, lang: str) -> pd.DataFrame:
    """Where loaded and official memberships of this ambito disagree, one readable line per comune."""
    rows = data.query("local_membership_conflicts", ambito=ambito)
    if rows.empty:
        return pd.DataFrame(columns=["comune", "conflict"])
    text = [t(f"conflict_{row.conflict}", lang, ambito=row.ambito_name, other=row.other_name or row.other_ambito or "")
            for row in rows.itertuples()]
    return pd.DataFrame({"comune": rows["comune_name"].fillna(rows["comune_code"]), "conflict": text})
