"""Downloads: the open-data bundle (its zip is made only when the button is pressed) and the per-chart CSVs
for people."""
import pandas as pd
import streamlit as st

from cruscotto import bundle_worker, data, export, notes, open_data
from cruscotto.i18n import level_label, t
from cruscotto.reliability import flag_words

LABELS = {"csv": "CSV", "xlsx": "Excel", "parquet": "Parquet"}


BUNDLES_KEPT = 6  # zipped bundles kept in memory (each up to a few tens of MB for "everything")


def bundle_zip(selection: dict, fmt: str, lang: str) -> bytes:
    """The zipped bundle of a selection, made once per selection, format, language and data version."""
    return _bundle(_selection_key(selection), fmt, lang, data.local_version(), data.database_token())


def _selection_key(selection: dict) -> tuple:
    """The selection as a cache key: names and values, lists as tuples, in a fixed order."""
    return tuple(sorted((name, tuple(value) if isinstance(value, (list, tuple)) else value)
                        for name, value in selection.items()))


@st.cache_resource(show_spinner=False, max_entries=BUNDLES_KEPT)
def _bundle(selection_key: tuple, fmt: str, lang: str, local_data_version: int | None, database_number: int) -> bytes:
    # Made in a process of its own (bundle_worker.py): building a large Excel file holds the interpreter for
    # tens of seconds, which in this process would stall every other visitor's page. One at a time; a second
    # visitor asking for the same bundle waits for this one (the cache holds one computation per key).
    database = data.database()
    store = database.local_store
    return bundle_worker.make(dict(selection_key), fmt, lang, str(database.path),
                              str(store.root) if store is not None else None)


def bundle_buttons(selection: dict, lang: str, key: str) -> None:
    # the version of this run is fixed now: the file a visitor downloads matches the page it was offered on
    version, database_number = data.local_version(), data.database_token()
    columns = st.columns(len(open_data.FORMATS))
    for column, fmt in zip(columns, open_data.FORMATS):
        column.download_button(
            t("download_bundle", lang, format=LABELS[fmt]),
            # run only when the button is pressed, on a worker thread of Streamlit's, not this script's
            data=lambda fmt=fmt: _bundle(_selection_key(selection), fmt, lang, version, database_number),
            file_name=f"cruscotto_welfare_{key}_{fmt}.zip", mime="application/zip", key=f"bundle_{key}_{fmt}",
            help=t("download_bundle_help", lang), on_click="ignore")


# Per-chart CSVs are for people (the open-data bundle above stays in machine format: `,` separator, decimal
# point, ids and codes): headers in the reader's language, indicator labels and units, source names, values
# rounded to the catalogue's decimals, and by default in Italian the `;` and decimal comma Italian Excel expects.
CSV_STYLES = {"excel_it": (";", ","), "standard": (",", ".")}
CSV_STYLE_KEY = "csv_style"  # the reader's last explicit choice, for every table of the session
# column -> i18n key of its header; columns not listed keep their name
HEADERS = {
    "code": "col_code", "territory_code": "col_code", "name": "territory", "territory_name": "territory",
    "territory": "territory", "level": "col_level", "territory_level": "col_level",
    "indicator_id": "col_indicator_id", "indicator": "indicator", "unit": "unit", "year": "year", "value": "value",
    "numerator": "col_numerator", "denominator": "col_denominator", "status": "col_status", "source_id": "source",
    "source": "source", "ref_date": "reference", "note": "col_note", "parts_with_data": "col_parts_with_data",
    "parts_total": "col_parts_total", "rank": "col_rank", "members_with_data": "col_parts_with_data",
    "members": "col_members", "rank_chosen": "col_rank_chosen", "chosen_ranked": "col_chosen_ranked",
    "province_code": "col_province_code", "rank_province": "col_rank_province",
    "province_ranked": "col_province_ranked", "flag": "col_flag", "members_ranked": "col_members_ranked",
    "spending_eur": "col_spending_eur", "origin": "col_origin",
    "category": "col_category", "share_pct": "col_share_pct", "band": "col_band", "band_start": "col_band_start",
    "sex": "col_sex", "count": "col_count", "topic": "topic", "measure": "measure",
    "denominator_note": "denominator", "source_document": "document", "document": "document",
    "today_indicator": "today_indicator", "today_value": "today_value", "today_year": "col_today_year",
    "comparability": "comparability", "publisher": "publisher", "licence": "licence", "attribution": "attribution",
    "reference": "reference", "obtained_from": "obtained_from", "loaded_at": "loaded_at",
    "observations": "observations", "computed_from": "col_computed_from", "territory_istat": "col_territory_istat",
    "raw_files": "col_raw_files",
}
# columns holding one indicator's values (social_spending.sql): header = label (unit), the indicator's decimals
INDICATOR_COLUMNS = {"spending_per_capita": "social_spending_per_capita", "need_per_capita": "social_need_per_capita",
                     "spending_vs_need": "social_spending_vs_need", "population": "population"}
FIXED_DECIMALS = {"share_pct": 1}
GENERIC_DECIMALS = 2  # a number the catalogue says nothing about: at most two decimals
DECIMALS_AS_VALUE = "decimals_as_value"  # a frame's attrs key: columns written with the value column's decimals


def default_csv_style(lang: str) -> str:
    return "excel_it" if lang == "it" else "standard"


def csv_style_label(style: str, lang: str) -> str:
    return t(f"csv_{style}", lang)


def readable_table(frame: pd.DataFrame, lang: str, indicator: str | None = None) -> tuple[pd.DataFrame, dict]:
    """The table as a reader wants it, and the decimals of each number column (an int, or a Series per row).
    indicator: the one indicator a table without an indicator_id column is about (its label and unit are added)."""
    catalogue = data.indicators()
    table = frame.drop(columns=[c for c in ("source_name", "is_self") if c in frame.columns]).reset_index(drop=True)
    decimals: dict = {}
    if "indicator_id" in table.columns:
        ids = table["indicator_id"]
        table.insert(table.columns.get_loc("indicator_id") + 1, "indicator", ids.map(catalogue[f"label_{lang}"]))
        table.insert(table.columns.get_loc("indicator") + 1, "unit", ids.map(catalogue[f"unit_{lang}"]))
        if "value" in table.columns:
            decimals["value"] = ids.map(catalogue["decimals"]).fillna(GENERIC_DECIMALS).astype(int)
    elif indicator is not None:
        table.insert(0, "indicator", catalogue.at[indicator, f"label_{lang}"])
        table.insert(1, "unit", catalogue.at[indicator, f"unit_{lang}"])
        if "value" in table.columns:
            decimals["value"] = int(catalogue.at[indicator, "decimals"])
    # columns of figures beside "value", in the same unit (glance.glance_table's benchmarks and spread)
    for column in frame.attrs.get(DECIMALS_AS_VALUE, ()):
        if column in table.columns and "value" in decimals:
            decimals[column] = decimals["value"]
    for column, indicator_id in INDICATOR_COLUMNS.items():
        if column in table.columns:
            decimals[column] = int(catalogue.at[indicator_id, "decimals"])
    for column in table.columns:
        if column not in decimals and pd.api.types.is_float_dtype(table[column]):
            decimals[column] = FIXED_DECIMALS[column] if column in FIXED_DECIMALS else _generic_decimals(table[column])
    register = f"name_{lang}" in table.columns  # the source register itself: its ids stay ids
    _translate_values(table, lang, register)
    headers = {}
    for column in table.columns:
        header = t("col_source_id", lang) if register and column == "source_id" else _header(column, lang)
        headers[column] = header if header not in headers.values() else f"{header} ({column})"  # never two alike
    return table.rename(columns=headers), {headers[column]: places for column, places in decimals.items()}


def people_csv(frame: pd.DataFrame, lang: str, style: str, indicator: str | None = None) -> bytes:
    table, decimals = readable_table(frame, lang, indicator)
    separator, decimal_mark = CSV_STYLES[style]
    return export.to_readable_csv_bytes(table, decimals, separator, decimal_mark)


def rounded_for_screen(frame: pd.DataFrame, lang: str, indicator: str | None = None) -> pd.DataFrame:
    """readable_table with its numbers rounded, for the table shown beside the download."""
    table, decimals = readable_table(frame, lang, indicator)
    for column, places in decimals.items():
        per_row = places if isinstance(places, pd.Series) else pd.Series(places, index=table.index)
        table[column] = [None if pd.isna(v) else round(float(v), int(d)) for v, d in zip(table[column], per_row)]
        table[column] = table[column].astype("Float64")
    return table


def csv_style_choice(lang: str, key: str) -> str:
    """The CSV format of one table; it starts from the reader's last choice, else from the UI language."""
    options = list(CSV_STYLES)
    start = st.session_state.get(CSV_STYLE_KEY, default_csv_style(lang))
    widget_key = f"csv_style_{key}"
    return st.radio(t("csv_format", lang), options, index=options.index(start), key=widget_key, horizontal=True,
                    format_func=lambda style: csv_style_label(style, lang), on_change=_remember_style,
                    args=(widget_key,))


def _remember_style(widget_key: str) -> None:
    st.session_state[CSV_STYLE_KEY] = st.session_state[widget_key]


def _header(column: str, lang: str) -> str:
    if column in INDICATOR_COLUMNS:
        catalogue = data.indicators()
        indicator_id = INDICATOR_COLUMNS[column]
        return f"{catalogue.at[indicator_id, f'label_{lang}']} ({catalogue.at[indicator_id, f'unit_{lang}']})"
    for suffix in ("_it", "_en"):  # name_it, caveat_en, … from the source register
        if column.endswith(suffix) and column.removesuffix(suffix) in ("name", "caveat"):
            return t("source" if column.startswith("name") else "caveat", lang)
    return t(HEADERS[column], lang) if column in HEADERS else column


def _translate_values(table: pd.DataFrame, lang: str, register: bool) -> None:
    """Codes a reader should not have to decode: status, note, flag, level, source id -> words in the reader's
    language."""
    words = {"final": t("status_final", lang), "provisional": t("status_provisional", lang)}
    if "status" in table.columns:
        table["status"] = table["status"].map(lambda s: words.get(s, s))
    if "note" in table.columns:  # the build stores notes as codes: written out in the reader's language
        table["note"] = table["note"].map(lambda note: notes.render(note, lang) if notes.is_stored(note) else note)
    if "flag" in table.columns:
        table["flag"] = table["flag"].map(lambda flag: flag_words(flag, lang) or None)
    for column in ("level", "territory_level"):
        if column in table.columns:
            table[column] = table[column].map(lambda level: level_label(level, lang) if isinstance(level, str) else level)
    names = data.sources()[f"name_{lang}"]
    for column in () if register else ("source_id", "source"):
        if column in table.columns and table[column].isin(names.index).any():
            table[column] = table[column].map(lambda s: names.get(s, s) if isinstance(s, str) else s)


def _generic_decimals(values: pd.Series) -> pd.Series:
    """Per row: a whole number without decimals (counts), anything else with GENERIC_DECIMALS."""
    return pd.Series([0 if pd.isna(v) or float(v).is_integer() else GENERIC_DECIMALS for v in values], index=values.index)
