"""Mappa: a choropleth of any indicator at any level, quantile classes, grey for no data."""
import streamlit as st

from cruscotto import data, maps, page_data, ui
from cruscotto.i18n import level_label, t

MAP_LEVELS = ["comune", "ambito", "provincia", "asst", "distretto", "municipio", "nil"]

view = ui.page_view()
lang = view.lang
catalogue = data.indicators()
st.title(t("page_mappa", lang))

left, middle, right = st.columns([2, 3, 1])
own_level = data.territories().at[view.territory, "level"]
level = left.selectbox(t("level", lang), MAP_LEVELS, format_func=lambda code: level_label(code, lang),
                       index=MAP_LEVELS.index(own_level) if own_level in MAP_LEVELS else 0)
with_data = set(data.query("level_indicators", level=level)["indicator_id"])
indicator_ids = [i for i in catalogue.index if i in with_data]
if not indicator_ids:
    st.warning(t("no_data", lang))
    st.stop()
if view.indicator not in indicator_ids:
    st.caption(t("indicator_not_at_level", lang, indicator=catalogue.at[view.indicator, f"label_{lang}"],
                 level=level_label(level, lang)))
    view.indicator = indicator_ids[0]
view.indicator = middle.selectbox(t("indicator", lang), indicator_ids, index=indicator_ids.index(view.indicator),
                                  format_func=lambda i: catalogue.at[i, f"label_{lang}"])
years = data.query("indicator_years", indicator=view.indicator)
years = years[years["level"] == level]
year_options = sorted(years["year"].tolist(), reverse=True)
view.year = right.selectbox(t("year", lang), year_options,
                            index=year_options.index(view.year) if view.year in year_options else 0)
st.query_params.from_dict(view.to_params())

values = data.query("indicator_map", indicator=view.indicator, level=level, year=view.year)
fmt = ui.format_value(view.indicator, lang)
deck, edges = page_data.map_deck(level, view.indicator, view.year, view.territory, lang)
if deck is None:
    st.info(t("no_map", lang))
else:
    map_column, legend_column = st.columns([5, 1])
    map_column.pydeck_chart(deck, height=maps.MAP_HEIGHT, key="map")
    legend_column.caption(t("map_legend", lang))
    legend_column.dataframe(maps.legend_table(edges, fmt, t("legend_class", lang), t("legend_no_data", lang)),
                            hide_index=True)
meta = ui.indicator_meta(view.indicator, lang)
row = values.dropna(subset=["value"])
if not row.empty:
    status = "provisional" if (row["status"] == "provisional").any() else "final"
    ui.source_caption(row["source_id"].iloc[0], view.year, status, lang, note=meta["caveat"] or None)
st.caption(meta["definition"])
ui.table_with_download(values, f"mappa_{view.indicator}_{level}_{view.year}.csv", lang, "dl_map")
