"""Mappa: a choropleth of any indicator at any level, quantile classes, grey for no data."""
import streamlit as st

from cruscotto import data, lineage, map_files, maps, page_data, ui, widgets
from cruscotto import similar
from cruscotto.i18n import level_label, t
from cruscotto.levels import MAP_LEVELS

view = ui.page_view()
lang = view.lang
catalogue = data.indicators()
st.title(t("page_mappa", lang))

left, middle, right = st.columns([2, 3, 1])
own_level = data.territories().at[view.territory, "level"]
level = widgets.select(view, "level", t("level", lang), MAP_LEVELS, container=left,
                       fallback=own_level if own_level in MAP_LEVELS else MAP_LEVELS[0],
                       format_func=lambda code: level_label(code, lang))
indicator_ids = page_data.indicators_at_level(level)
if not indicator_ids:
    st.warning(t("no_data", lang))
    st.stop()
wanted = view.indicator
shown = widgets.select(view, "indicator", t("indicator", lang), indicator_ids, container=middle,
                       fallback=page_data.same_measure_at_level(wanted, indicator_ids),
                       format_func=data.indicator_labels(lang).get)
if wanted not in indicator_ids:
    st.caption(t("indicator_not_at_level", lang, indicator=catalogue.at[wanted, f"label_{lang}"],
                 level=level_label(level, lang), shown=catalogue.at[shown, f"label_{lang}"]))
year_labels = page_data.map_year_labels(view.indicator, level, lang)
widgets.select(view, "year", t("year", lang), page_data.map_years(view.indicator, level), container=right,
               fallback=page_data.map_default_year(view.indicator, level), format_func=year_labels.get)

if similar.on_map(level, view.territory):
    widgets.toggle(view, "frame_similar", t("similar_map_frame", lang),
                   help=similar.map_frame_help(view.territory, lang))

values = data.query("indicator_map", indicator=view.indicator, level=level, year=view.year)
fmt = ui.format_value(view.indicator, lang)
try:
    deck, edges = page_data.map_deck(level, view.indicator, view.year, view.territory, lang, view.frame_similar)
    map_files_full = False
except map_files.MapFilesFull:  # no room for the map's file: say so; the table below still has the figures
    deck, edges, map_files_full = None, [], True
if map_files_full:
    st.warning(t("map_files_full", lang))
elif deck is None:
    st.info(t("no_map", lang))
else:
    map_column, legend_column = st.columns([3, 1])
    map_column.pydeck_chart(deck, height=maps.MAP_HEIGHT, key="map")
    outline_note = page_data.map_outline_note(level, view.territory, lang)
    if outline_note:
        map_column.caption(outline_note)
    similar_note = similar.map_caption(level, view.territory, view.frame_similar, lang)  # pink outlines
    if similar_note:
        map_column.caption(similar_note)
    legend_column.caption(t("map_legend", lang))
    legend_column.table(page_data.map_legend(tuple(edges), view.indicator, level, view.year, lang), hide_index=True)
meta = ui.indicator_meta(view.indicator, lang)
row = values.dropna(subset=["value"])
if not row.empty:
    status = "provisional" if (row["status"] == "provisional").any() else "final"
    ui.source_caption(row["source_id"].iloc[0], view.year, status, lang, note=meta["caveat"] or None)
st.caption(meta["definition"])
ui.lineage(lineage.map_figure(view.indicator, level, view.year, view.territory, lang), lang)
ui.table_with_download(values, f"mappa_{view.indicator}_{level}_{view.year}.csv", lang, "dl_map",
                       indicator=view.indicator)
