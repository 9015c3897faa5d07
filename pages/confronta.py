"""Confronta: 2-4 territories side by side; a comune's rank among the comuni of its ambito and province."""
import streamlit as st

from cruscotto import data, page_data, reliability, ui, widgets
from cruscotto.i18n import t

view = ui.page_view()
lang = view.lang
catalogue = data.indicators()
territories = data.territories()
st.title(t("page_confronta", lang))

chosen = widgets.multiselect(
    view, "compare", t("compare_with", lang), list(territories.index), max_selections=4,
    default=[view.territory] + [c for c in ("03",) if c != view.territory],
    placeholder=t("compare_placeholder", lang), format_func=data.territory_labels(lang).get)
widgets.select(view, "indicator", t("indicator", lang), list(catalogue.index),
               format_func=data.indicator_labels(lang).get)
fmt = ui.format_value(view.indicator, lang)

if len(chosen) < 2:
    st.info(t("choose_two", lang))
else:
    figure, table = page_data.compare_chart(tuple(chosen), view.indicator, view.year, lang)
    st.plotly_chart(figure, key="bars")
    for row in table.dropna(subset=["source_id"]).drop_duplicates(["source_id", "year"]).itertuples():
        ui.source_caption(row.source_id, row.year, row.status, lang)
    ui.table_with_download(table.drop(columns=["label"]), f"confronto_{view.indicator}.csv", lang, "dl_compare",
                           indicator=view.indicator)

    st.subheader(t("key_indicators_title", lang))
    st.caption(t("key_indicators_note", lang))
    comparison = page_data.key_comparison(tuple(chosen))
    if comparison.empty:
        st.info(t("key_indicators_none", lang))
    else:
        # a static table: every row and column in sight, long cells wrapped (no scrolling on a projector)
        st.table(page_data.key_comparison_grid(tuple(chosen), lang), hide_index=True, border="horizontal")
        ui.table_with_download(comparison, "confronto_indicatori_chiave.csv", lang, "dl_key_comparison")

if territories.at[view.territory, "level"] == "comune":
    own = data.query("indicator_series", indicator=view.indicator, territory=view.territory)
    if not own.empty:
        year = int(own["year"].max())
        for group in page_data.spread_groups(view.territory).itertuples():
            figure, spread = page_data.spread_chart(view.indicator, group.code, group.name, year, view.territory, lang)
            valued = spread.dropna(subset=["value"])
            mine = valued[valued["code"] == view.territory]
            if valued.empty or mine.empty:
                continue
            st.subheader(t("rank_in", lang, group=group.name) + f" ({year})")
            st.markdown(reliability.rank_summary(spread, view.territory, fmt, lang))
            st.plotly_chart(figure, key=f"spread_{group.code}")
            if left_out := reliability.left_out_line(spread, fmt, lang):
                st.caption(left_out)
            ui.table_with_download(spread, f"distribuzione_{view.indicator}_{group.code}.csv", lang, f"dl_{group.code}",
                                   indicator=view.indicator)
