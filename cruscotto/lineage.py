"""The path of a number, for the "Come è calcolato" expanders: the raw file(s), the build step that read them,
the query the page ran and its parameters, and the formula with the figure's own numerator and denominator
("residenti 65+ 10.123 ÷ residenti 45.678 × 100 = 22,2").

Where each piece comes from: raw files from the source register (data/catalogue/sources.csv, raw_files, per
figure by its source); build step and raw fields from the catalogue (data/catalogue/indicators.csv, columns
build_step and raw_measure: "module.function" of cruscotto/build/, with "source_id: …" entries for the sources
another step reads); the query and its parameters from the page that drew the figure. Texts are Markdown, every
data-derived word escaped, paths and fields as code spans; results are cached per view (plain arguments)."""
import re

from cruscotto import cards, data, page_data
from cruscotto.ui import LOCAL_SOURCE_PREFIX
from cruscotto.formatting import escape_markdown, is_known, number
from cruscotto.i18n import t

BUILD_PACKAGE = "cruscotto/build"
RAW_FOLDER = "data/raw"
AGGREGATE_SQL = "cruscotto/build/sql/aggregate.sql"
LOCAL_STEP = "cruscotto/local/sql/derive.sql"  # planners' data: computed when loaded, not by the build
SOURCE_LIST = re.compile(r"[A-Za-z0-9_.\-]+(, [A-Za-z0-9_.\-]+)*")  # "id" or "id, id" before ": " in an entry
SPENDING_INDICATOR = "social_spending_per_capita"  # what social_spending.sql's spending_eur / population make


def for_source(entry, source_id) -> str | None:
    """One source's part of a lineage column: the "source_id: text" entry naming it, else the entry that names
    no source (the rule for every other source); None for an empty column (planners' indicators)."""
    if not isinstance(entry, str) or not entry:
        return None
    default = None
    for part in entry.split("; "):
        head, named, text = part.partition(": ")
        if named and SOURCE_LIST.fullmatch(head):
            if source_id in head.split(", "):
                return text
        elif default is None:
            default = part
    return default


def step_text(step: str) -> str:
    """"demography._age_structure" -> "`cruscotto/build/demography.py` → `_age_structure()`"."""
    module, _, function = step.partition(".")
    return f"`{BUILD_PACKAGE}/{module}.py` → `{function}()`"


def code(text: str) -> str:
    """A path, field or parameter shown as typed (a code span; backticks inside would end it)."""
    return "`" + str(text).replace("`", "'") + "`"


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def formula(row: dict, record: dict, lang: str, decimals: int) -> str:
    """The figure as arithmetic on its own counts, in the reader's words. A rate the source published without
    counts (or a value the source computed itself) is said to be published."""
    suffix = "_en" if lang == "en" else ""
    numerator_label = escape_markdown(_text(record.get(f"numerator{suffix}")))
    denominator_label = escape_markdown(_text(record.get(f"denominator{suffix}")))
    value, numerator, denominator = row.get("value"), row.get("numerator"), row.get("denominator")
    if not is_known(value) and not is_known(numerator):
        return t("legend_no_data", lang)
    aggregation, multiplier = record["aggregation"], float(record["multiplier"])
    if aggregation == "ratio" and is_known(numerator) and is_known(denominator) and denominator > 0:
        computed = numerator / denominator * multiplier
        text = (f"{numerator_label} {number(numerator, 0, lang)} ÷ {denominator_label} {number(denominator, 0, lang)}"
                + (f" × {number(multiplier, 0, lang)}" if multiplier != 1 else "")
                + f" = {number(computed, decimals, lang)}")
        if is_known(value) and number(value, decimals, lang) != number(computed, decimals, lang):
            text += " · " + t("lineage_source_value", lang, value=number(value, decimals, lang))
        return text
    if aggregation == "sum" and is_known(numerator):
        return f"{numerator_label}: {number(numerator, decimals, lang)}"
    return t("lineage_published", lang, value=number(value, decimals, lang))


def files_text(source_id: str) -> str:
    """The raw files of a source (register column raw_files), as paths under data/raw/."""
    source = data.source_records().get(source_id)
    files = [] if source is None else [f for f in str(source.get("raw_files") or "").split("; ") if f]
    return ", ".join(code(f"{RAW_FOLDER}/{file}") for file in files) or "—"


def build_lines(indicator_id: str, row: dict, lang: str) -> list[str]:
    """Where the figure was made: raw files, the build step and the fields it read, and for a group the sum over
    its comuni (aggregate.sql, with how many of them had data). Planners' figures name their upload instead."""
    record = data.indicator_records()[indicator_id]
    source_id = row.get("source_id")
    if str(source_id).startswith(LOCAL_SOURCE_PREFIX):
        source = data.source_records().get(source_id)
        upload = escape_markdown(source.get("raw_files") or "") if source is not None else ""
        return [t("lineage_local", lang, file=upload or "—", step=code(LOCAL_STEP))]
    lines = [t("lineage_files", lang, files=files_text(source_id))]
    step = for_source(record.get("build_step"), source_id)
    if step:
        measure = for_source(record.get("raw_measure"), source_id)
        lines.append(t("lineage_step", lang, step=step_text(step))
                     + (" · " + t("lineage_fields", lang, fields=code(measure)) if measure else ""))
    have, total = row.get("parts_with_data"), row.get("parts_total")
    if is_known(have) and is_known(total):
        lines.append(t("lineage_aggregate", lang, have=int(have), total=int(total), file=code(AGGREGATE_SQL)))
    elif is_known(have):  # a group whose member list is incomplete (ASST, distretto)
        lines.append(t("lineage_aggregate_known", lang, have=int(have), file=code(AGGREGATE_SQL)))
    return lines


def query_line(query: str, params: dict, lang: str) -> str:
    """"Query: `queries/profile.sql` · `$territory = '098031'`"."""
    shown = " · ".join(code(f"${name} = {value!r}") for name, value in params.items())
    return t("lineage_query", lang, query=code(f"queries/{query}.sql")) + (f" · {shown}" if shown else "")


def figure_block(indicator_id: str, row: dict, lang: str, query: str, params: dict, decimals: int | None = None) -> str:
    """One figure's path as a Markdown list under its name, territory and year."""
    record = data.indicator_records()[indicator_id]
    decimals = cards.figure_decimals(row, record) if decimals is None else decimals
    heading = f"**{escape_markdown(record[f'label_{lang}'])}** — {escape_markdown(row['territory_name'])}, {int(row['year'])}"
    lines = [t("lineage_formula", lang, formula=formula(row, record, lang, decimals)),
             *build_lines(indicator_id, row, lang), query_line(query, params, lang)]
    return heading + "\n" + "\n".join(f"- {line}" for line in lines)


def blocks(parts: list[str]) -> str:
    return "\n\n".join(parts)


@data.per_data_version(max_entries=256)
def profile_topics(territory: str, lang: str) -> dict[str, str]:
    """/panoramica: per topic, the path of each of its cards' own figures (profile.sql), in the cards' order."""
    profile = data.query("profile", territory=territory)
    own = {row["indicator_id"]: row for row in profile[profile["is_self"]].to_dict("records")}
    texts: dict[str, list[str]] = {}
    for indicator_id, topic in page_data.card_indicators(profile)["topic"].items():
        if indicator_id in own:
            texts.setdefault(topic, []).append(
                figure_block(indicator_id, own[indicator_id], lang, "profile", {"territory": territory}))
    return {topic: blocks(parts) for topic, parts in texts.items()}


@data.per_data_version(max_entries=256)
def gauges(territory: str, indicator_ids: tuple[str, ...], lang: str) -> str:
    """/panoramica's coverage gauges: the path of each gauge's figure (profile.sql)."""
    profile = data.query("profile", territory=territory)
    own = profile[profile["is_self"] & profile["indicator_id"].isin(list(indicator_ids))]
    records = data.indicator_records()
    return blocks([figure_block(row["indicator_id"], row, lang, "profile", {"territory": territory},
                                decimals=int(records[row["indicator_id"]]["decimals"]))  # as the gauge shows it
                   for row in own.to_dict("records")])


def series_block(indicator_id: str, rows: list[dict], name: str, lang: str, query: str, params: dict) -> str:
    """A territory's figures year by year: the query once, then per stretch of years from one source its files,
    build step and (for a group) the sum over comuni, and each year's computation."""
    if not rows:
        return ""
    record = data.indicator_records()[indicator_id]
    lines = [f"**{escape_markdown(record[f'label_{lang}'])}** — {escape_markdown(name)}",
             f"- {query_line(query, params, lang)}"]
    for stretch in _stretches(rows):
        years = sorted({int(row["year"]) for row in stretch})
        span = str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
        lines.append(f"- {span}: " + " · ".join(build_lines(indicator_id, stretch[-1], lang)))
        for row in stretch:
            decimals = cards.figure_decimals(row, record)
            lines.append(f"    - {int(row['year'])}: {formula(row, record, lang, decimals)}")
    return "\n".join(lines)


def _stretches(rows: list[dict]) -> list[list[dict]]:
    """Consecutive rows of one source and one kind (published, or summed over comuni) together."""
    stretches: list[list[dict]] = []
    for row in rows:
        kind = (row.get("source_id"), is_known(row.get("parts_with_data")))
        if stretches and (stretches[-1][-1].get("source_id"), is_known(stretches[-1][-1].get("parts_with_data"))) == kind:
            stretches[-1].append(row)
        else:
            stretches.append([row])
    return stretches


@data.per_data_version(max_entries=256)
def series(indicator: str, territory: str, lang: str) -> str:
    """/tendenze: the territory's line, year by year (indicator_series.sql); the benchmarks' lines are the same
    indicator for the territories named in the legend."""
    rows = data.query("indicator_series", indicator=indicator, territory=territory)
    return series_block(indicator, rows.to_dict("records"), data.territories().at[territory, "name"], lang,
                        "indicator_series", {"indicator": indicator, "territory": territory})


@data.per_data_version(max_entries=256)
def latest_of(codes: tuple[str, ...], indicator: str, year: int | None, lang: str) -> str:
    """/confronta: the figure each bar shows (the chosen year's, else the territory's latest;
    indicator_series.sql per territory)."""
    names = data.territories()["name"]
    parts = []
    for territory in codes:
        row = data.compared_row(indicator, territory, year)
        if row is not None:
            parts.append(figure_block(indicator, {**row, "territory_name": names[territory]}, lang, "indicator_series",
                                      {"indicator": indicator, "territory": territory}))
    return blocks(parts)


@data.per_data_version(max_entries=256)
def map_figure(indicator: str, level: str, year: int, territory: str, lang: str) -> str:
    """/mappa: the rule every area follows, shown on the chosen territory's figure where the map has it, else on
    the first area with a figure (indicator_map.sql)."""
    values = data.query("indicator_map", indicator=indicator, level=level, year=year).dropna(subset=["value"])
    if values.empty:
        return ""
    chosen = values[values["code"] == territory]
    if chosen.empty:  # a comune on a map of provinces: its province's figure
        containers = data.query("containers", territory=territory)
        chosen = values[values["code"].isin(list(containers["code"]))].head(1)
    row = (chosen if not chosen.empty else values).iloc[0].to_dict()
    example = "" if not chosen.empty else t("lineage_example", lang) + "\n\n"
    params = {"indicator": indicator, "level": level, "year": year}
    return example + figure_block(indicator, {**row, "territory_name": row["name"], "year": year}, lang,
                                  "indicator_map", params)


@data.per_data_version(max_entries=256)
def spending(territory: str, lang: str) -> str:
    """/spesa: spending per head year by year, spending ÷ population (social_spending.sql)."""
    rows = data.query("social_spending", territory=territory)
    series_rows = data.query("indicator_series", indicator=SPENDING_INDICATOR, territory=territory)
    source_of = dict(zip(series_rows["year"], series_rows["source_id"]))
    figures = [{"year": row["year"], "value": row["spending_per_capita"], "numerator": row["spending_eur"],
                "denominator": row["population"], "parts_with_data": row["parts_with_data"],
                "parts_total": row["parts_total"], "source_id": source_of.get(row["year"])}
               for row in rows.to_dict("records")]
    return series_block(SPENDING_INDICATOR, figures, data.territories().at[territory, "name"], lang, "social_spending",
                        {"territory": territory})
