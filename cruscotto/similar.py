"""Similar comuni (statistical neighbours): each comune's 10 nearest comuni of Lombardy on standardised
features, and the group's figures as one more benchmark. The build computes the neighbours
(cruscotto/build/similar.py, features in data/catalogue/similar_features.csv); this module reads them."""
from dataclasses import dataclass

import pandas as pd

from cruscotto import charts, data, formatting
from cruscotto.i18n import t
from cruscotto.similar_method import NEIGHBOURS, YEAR_COVERAGE

GROUP_CODE = "simili"  # territory_code of the group's rows beside the profile's benchmarks
GROUP_RANK = 90  # after every geographic benchmark (profile.sql ranks)


@dataclass(frozen=True)
class Neighbour:
    rank: int
    code: str
    name: str
    distance: float


@data.per_data_version(max_entries=512)
def neighbours(code: str) -> list[Neighbour]:
    """The comune's similar comuni, nearest first; empty for a territory that is not a comune or a comune
    missing a feature (missing_features says which)."""
    if not is_comune(code):
        return []
    rows = data.query("similar_neighbours", territory=code)
    return [Neighbour(int(row.rank), row.code, row.name, float(row.distance)) for row in rows.itertuples()]


def group_label(lang: str) -> str:
    """What the group is called beside the other benchmarks ("10 comuni simili")."""
    return t("similar_group_name", lang, n=NEIGHBOURS)


def group_name(code: str, lang: str) -> str:
    """The group's name for one comune: its actual number of neighbours."""
    return t("similar_group_name", lang, n=len(neighbours(code)) or NEIGHBOURS)


def is_comune(code: str) -> bool:
    """A comune of a database that holds the similar comuni (see available)."""
    territories = data.territories()
    return code in territories.index and territories.at[code, "level"] == "comune" and available()


@data.per_data_version(max_entries=4)
def available() -> bool:
    """Whether the database holds the similar comuni: one built before them (kept serving while a rebuild
    fails) does not, and the pages then show no neighbours rather than fail."""
    return bool(data.query("similar_available")["available"].iloc[0])


@data.per_data_version(max_entries=512)
def _group_records(code: str) -> tuple[dict, ...]:
    if not is_comune(code):
        return ()
    return tuple(data.query("similar_group", territory=code).to_dict("records"))


def group_rows(code: str, lang: str) -> dict[str, dict]:
    """Per indicator_id, the group's aggregate (sum of numerators over sum of denominators of the
    neighbours, times the multiplier) for the year of the comune's latest figure, as a profile.sql row;
    only rate indicators whose neighbours publish the counts. Empty for a territory that is not a comune."""
    name = group_name(code, lang)
    rows = {}
    for record in _group_records(code):
        row = dict(record)
        row.update(territory_code=GROUP_CODE, territory_name=name, is_self=False, rank=GROUP_RANK, flag=None)
        rows[row["indicator_id"]] = row
    return rows


@data.per_data_version(max_entries=4)
def features() -> pd.DataFrame:
    """similar_feature: the features, their weights, years and descriptions, in the method's order (empty in
    a database without them)."""
    if not available():
        return pd.DataFrame(columns=["feature_id", "label_it", "label_en", "weight", "year", "version", "comuni_lacking"])
    return data.query("similar_features")


@data.per_data_version(max_entries=512)
def feature_values(code: str) -> pd.DataFrame:
    """The comune's value of each feature (raw and standardised), in the method's order; a missing one is NaN.
    Empty for a territory that is not a comune."""
    if not is_comune(code):
        return pd.DataFrame(columns=["feature_id", "indicator_id", "divide_by", "label_it", "label_en", "description_it",
                                     "description_en", "weight", "year", "raw_value", "value", "z", "source_id",
                                     "status", "divisor_source_id"])
    return data.query("similar_feature_values", territory=code)


def feature_value_text(row: dict, lang: str) -> str:
    """A comune's value of one feature (a similar_feature_values.sql row) as published, with its unit, or
    residents per km² for a density; "no figure" where it has none."""
    if pd.isna(row["raw_value"]):
        return t("similar_value_missing", lang)
    if row["divide_by"] == "area_km2":
        return f"{formatting.number(row['raw_value'], 0, lang)} {t('similar_density_unit', lang)}"
    meta = data.indicator_records()[row["indicator_id"]]
    return formatting.with_unit(row["raw_value"], int(meta["decimals"]), meta[f"unit_{lang}"], lang)


def weight_text(weight: float, lang: str) -> str:
    """A feature's weight: whole weights without decimals (1, not 1,00)."""
    weight = float(weight)
    return formatting.number(weight, 0 if weight.is_integer() else 2, lang)


def missing_features(code: str, lang: str) -> list[str]:
    """The features a comune lacks (the reason it has no similar comuni), by label: no value in the year used,
    or none the transform takes (a log of zero). Not its scores, which are all missing once one feature is."""
    values = feature_values(code)
    return values.loc[values["value"].isna(), f"label_{lang}"].tolist()


def feature_table(code: str, lang: str) -> pd.DataFrame:
    """The features as /panoramica shows them: label, definition, year, weight, the comune's value (as
    published, or residents per km² for a density), its standardised score and the source of the figure."""
    values = feature_values(code)
    name = data.territories().at[code, "name"] if is_comune(code) else ""
    sources = data.source_records()
    rows = []
    for row in values.to_dict("records"):
        source_ids = [row["source_id"], row["divisor_source_id"]]
        rows.append({
            t("similar_col_feature", lang): row[f"label_{lang}"],
            t("similar_col_description", lang): row[f"description_{lang}"],
            t("similar_col_year", lang): str(int(row["year"])),
            t("similar_col_weight", lang): weight_text(row["weight"], lang),
            t("similar_col_value", lang, name=name): feature_value_text(row, lang),
            t("similar_col_z", lang): formatting.number(row["z"], 2, lang),
            t("similar_col_source", lang): "; ".join(sources[source_id][f"name_{lang}"] for source_id in source_ids
                                                     if isinstance(source_id, str) and source_id in sources),
        })
    return pd.DataFrame(rows)


@dataclass
class GroupComparison:
    """/confronta's similar-comuni section for one indicator: the comune and each neighbour in the comune's
    latest year (rows of similar_compare.sql with the bar labels), the group's aggregate (None for a count,
    or where the neighbours publish no counts), and the chart."""
    year: int
    rows: pd.DataFrame
    group: dict | None
    figure: object


@data.per_data_version(max_entries=256)
def group_comparison(code: str, indicator: str, lang: str) -> GroupComparison | None:
    """None for a territory without neighbours or a comune without the indicator."""
    if not neighbours(code):
        return None
    own = data.compared_row(indicator, code, None)
    if own is None:
        return None
    year = int(own["year"])
    rows = data.query("similar_compare", territory=code, indicator=indicator, year=year)
    meta = data.indicator_records()[indicator]
    fmt = lambda value: formatting.with_unit(value, int(meta["decimals"]), meta[f"unit_{lang}"], lang)  # noqa: E731
    rows["label"] = [fmt(value) + (" ⚠" if isinstance(flag, str) else "") if pd.notna(value) else t("legend_no_data", lang)
                     for value, flag in zip(rows["value"], rows["flag"])]
    group = group_rows(code, lang).get(indicator)
    figure = charts.bars(rows, f"{meta[f'label_{lang}']} ({year})", meta[f"unit_{lang}"], lang)
    # the comune stands out from its neighbours in the colour the comparison above gives it (the first: blue);
    # the group's aggregate is a line behind the bars, and the values sit at the bars' base, clear of it
    figure.update_traces(marker_color=[charts.PALETTE[0] if rank == 0 else charts.PALETTE[4] for rank in rows["rank"]],
                         textposition=["inside" if pd.notna(value) else "auto" for value in rows["value"]],
                         insidetextanchor="start")
    figure.update_layout(uniformtext_minsize=13, uniformtext_mode="show")  # a short bar's value stays readable
    if group is not None and pd.notna(group["value"]):
        figure.add_vline(x=float(group["value"]), line_dash="dash", line_color=charts.PALETTE[6], layer="below",
                         annotation_text=f"{group['territory_name']}: {fmt(group['value'])}",
                         annotation_position="top")
    return GroupComparison(year, rows, group, figure)


def neighbour_codes(code: str) -> list[str]:
    """The ISTAT codes of a comune's similar comuni, nearest first (none for another level)."""
    return [neighbour.code for neighbour in neighbours(code)]


def on_map(level: str, code: str) -> bool:
    """Whether a map of this level outlines the territory's similar comuni (a comune on a map of comuni)."""
    return level == "comune" and bool(neighbours(code))


def map_frame_help(code: str, lang: str) -> str:
    """The help of /mappa's switch that fits the view to a comune and its similar comuni."""
    return t("similar_map_frame_help", lang, name=formatting.escape_markdown(data.territories().at[code, "name"]),
             n=len(neighbours(code)))


def map_caption(level: str, code: str, framed: bool, lang: str) -> str | None:
    """What the pink outlines are, naming the comuni (Markdown, names escaped), and, unless the view is
    `framed` on them, how to see them all; None where the map shows none."""
    if not on_map(level, code):
        return None
    found = neighbours(code)
    caption = t("similar_map_caption", lang, n=len(found), name=formatting.escape_markdown(data.territories().at[code, "name"]),
                names=", ".join(formatting.escape_markdown(neighbour.name) for neighbour in found))
    return caption if framed else f"{caption} {t('similar_map_outside', lang)}"


def compare_codes(code: str, limit: int) -> list[str]:
    """The comune and its nearest neighbours, as many as a side-by-side comparison holds."""
    return [code] + neighbour_codes(code)[:limit - 1]


def method_version() -> str:
    frame = features()
    return str(frame["version"].iloc[0]) if not frame.empty else ""


def method_text(lang: str) -> str:
    """One paragraph: the features with their years and weights, how they are compared, the version."""
    frame = features()
    if frame.empty:
        return t("similar_method_unavailable", lang)
    parts = [t(_feature_in_method_key(int(row["comuni_lacking"])), lang, label=row[f"label_{lang}"],
               year=int(row["year"]), weight=weight_text(row["weight"], lang),
               lacking=formatting.number(row["comuni_lacking"], 0, lang))
             for row in frame.to_dict("records")]
    return t("similar_method", lang, n=NEIGHBOURS, features="; ".join(parts), version=method_version(),
             coverage=f"{formatting.number(YEAR_COVERAGE * 100, 0, lang)}%")


def _feature_in_method_key(lacking: int) -> str:
    if lacking == 0:
        return "similar_feature_in_method"
    return "similar_feature_in_method_lacking_one" if lacking == 1 else "similar_feature_in_method_lacking"
