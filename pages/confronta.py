"""Confronta: 2-4 territories side by side; a comune's rank among the comuni of its ambito and province."""
import pandas as pd
import streamlit as st

from cruscotto import charts, data, page_data, ui
from cruscotto.i18n import level_label, t

view = ui.page_view()
lang = view.lang
catalogue = data.indicators()
territories = data.territories()
st.title(t("page_confronta", lang))

default = view.compare or [view.territory] + [c for c in ("03",) if c != view.territory]
chosen = st.multiselect(t("compare_with", lang), list(territories.index), default=default, max_selections=4,
                        format_func=lambda c: f"{territories.at[c, 'name']} · {level_label(territories.at[c, 'level'], lang)}")
indicator_ids = list(catalogue.index)
view.indicator = st.selectbox(t("indicator", lang), indicator_ids, index=indicator_ids.index(view.indicator),
                              format_func=lambda i: catalogue.at[i, f"label_{lang}"])
view.compare = chosen
st.query_params.from_dict(view.to_params())
meta = ui.indicator_meta(view.indicator, lang)
fmt = ui.format_value(view.indicator, lang)

if len(chosen) < 2:
    st.info(t("choose_two", lang))
else:
    table = page_data.latest_values(chosen, view.indicator, view.year)
    table["label"] = [f"{fmt(v)} ({y})" if pd.notna(v) else "" for v, y in zip(table["value"], table["year"])]
    table["name"] = [name if pd.notna(v) else f"{name} ({t('legend_no_data', lang)})"
                     for name, v in zip(table["name"], table["value"])]
    st.plotly_chart(charts.bars(table, meta["label"], meta["unit"], lang), key="bars")
    for row in table.dropna(subset=["source_id"]).drop_duplicates(["source_id", "year"]).itertuples():
        ui.source_caption(row.source_id, row.year, row.status, lang)
    ui.table_with_download(table.drop(columns=["label"]), f"confronto_{view.indicator}.csv", lang, "dl_compare")

if territories.at[view.territory, "level"] == "comune":
    own = data.query("indicator_series", indicator=view.indicator, territory=view.territory)
    if not own.empty:
        year = int(own["year"].max())
        for group in page_data.spread_groups(view.territory).itertuples():
            spread = data.query("distribution", indicator=view.indicator, group=group.code, year=year)
            valued = spread.dropna(subset=["value"])
            mine = valued[valued["code"] == view.territory]
            if valued.empty or mine.empty:
                continue
            st.subheader(t("rank_in", lang, group=group.name) + f" ({year})")
            st.markdown(t("rank_line", lang, rank=int(mine["rank"].iloc[0]), n=len(valued),
                          min=fmt(valued["value"].min()), median=fmt(valued["value"].median()),
                          max=fmt(valued["value"].max())))
            st.plotly_chart(charts.spread(spread, view.territory, group.name, meta["unit"], lang), key=f"spread_{group.code}")
            ui.table_with_download(spread, f"distribuzione_{view.indicator}_{group.code}.csv", lang, f"dl_{group.code}")
