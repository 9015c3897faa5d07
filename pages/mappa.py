"""Mappa: a choropleth of any indicator at any level, quantile classes, grey for no data."""
import streamlit as st

from cruscotto import data, maps, ui
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
indicator_ids = list(catalogue.index)
view.indicator = middle.selectbox(t("indicator", lang), indicator_ids, index=indicator_ids.index(view.indicator),
                                  format_func=lambda i: catalogue.at[i, f"label_{lang}"])
years = data.query("indicator_years", indicator=view.indicator)
years = years[years["level"] == level]
if years.empty:
    st.warning(t("no_data", lang))
    st.stop()
year_options = sorted(years["year"].tolist(), reverse=True)
view.year = right.selectbox(t("year", lang), year_options,
                            index=year_options.index(view.year) if view.year in year_options else 0)
st.query_params.from_dict(view.to_params())

values = data.query("indicator_map", indicator=view.indicator, level=level, year=view.year)
geometry = data.query("geometry", level=level)
if geometry.empty:
    st.info(t("no_map", lang))
else:
    fmt = ui.format_value(view.indicator, lang)
    deck, edges = maps.choropleth(geometry, values, view.territory, fmt, t("legend_no_data", lang), view.year)
    st.pydeck_chart(deck, height=620, key="map")
    legend = maps.legend(edges, fmt) + [(maps.NO_DATA, t("legend_no_data", lang))]
    st.caption(t("map_legend", lang))
    columns = st.columns(len(legend))
    for column, (colour, label) in zip(columns, legend):
        column.color_picker(label, "#{:02x}{:02x}{:02x}".format(*colour), disabled=True, key=f"legend_{label}")
meta = ui.indicator_meta(view.indicator, lang)
row = values.dropna(subset=["value"])
if not row.empty:
    status = "provisional" if (row["status"] == "provisional").any() else "final"
    ui.source_caption(row["source_id"].iloc[0], view.year, status, lang, note=meta["caveat"] or None)
st.caption(meta["definition"])
ui.table_with_download(values, f"mappa_{view.indicator}_{level}_{view.year}.csv", lang, "dl_map")
