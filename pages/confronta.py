"""Confronta: 2-4 territories side by side; a comune's rank among the comuni of its ambito and province."""
import streamlit as st

from cruscotto import chart_summaries, data, lineage, page_data, ui, widgets
from cruscotto import similar_ui
from cruscotto.i18n import t
from cruscotto.levels import REGION_CODE

view = ui.page_view()
lang = view.lang
territories = data.territories()
st.title(t("page_confronta", lang))

chosen = widgets.multiselect(
    view, "compare", t("compare_with", lang), data.territory_codes(), max_selections=4,
    default=[view.territory] + [c for c in (REGION_CODE,) if c != view.territory],
    placeholder=t("compare_placeholder", lang), format_func=data.territory_labels(lang).get)
widgets.select(view, "indicator", t("indicator", lang), data.indicator_ids(),
               format_func=data.indicator_labels(lang).get)
fmt = ui.format_value(view.indicator, lang)
similar_ui.compare_button(view.territory, lang)  # a comune beside its nearest similar comuni, in one click

if len(chosen) < 2:
    st.info(t("choose_two", lang))
else:
    figure, table = page_data.compare_chart(tuple(chosen), view.indicator, view.year, lang)
    ui.show_chart(figure, "bars", chart_summaries.compare_summary(tuple(chosen), view.indicator, view.year, lang),
                  f"confronto_{view.indicator}", lang,
                  chart_summaries.compare_source(tuple(chosen), view.indicator, view.year, lang))
    for line in chart_summaries.source_lines(table, lang):
        st.caption(line)
    ui.lineage(lineage.latest_of(tuple(chosen), view.indicator, view.year, lang), lang)
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

similar_ui.show_compare_section(view.territory, view.indicator, lang)  # the whole group of similar comuni

if territories.at[view.territory, "level"] == "comune":
    for section in page_data.rank_sections(view.indicator, view.territory, lang):
        st.subheader(section.heading)
        st.markdown(section.words)
        ui.show_chart(section.figure, f"spread_{section.group}",
                      chart_summaries.rank_summary(view.indicator, view.territory, section.group, lang),
                      f"distribuzione_{view.indicator}_{section.group}", lang,
                      chart_summaries.rank_source(view.indicator, view.territory, lang))
        if section.left_out:
            st.caption(section.left_out)
        ui.table_with_download(section.rows, f"distribuzione_{view.indicator}_{section.group}.csv", lang,
                               f"dl_{section.group}", indicator=view.indicator)
