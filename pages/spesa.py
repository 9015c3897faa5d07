"""Spesa: social spending per head over the years against standard need and benchmarks; spread
across the comuni of the ambito or province; spending by target where real data exists."""
import streamlit as st

from cruscotto import chart_summaries, data, gaps, lineage, page_data, ui
from cruscotto.formatting import year_span
from cruscotto.i18n import t
from cruscotto.local import sections as local_sections
from cruscotto.local import view_data as local_view_data

view = ui.page_view()
lang = view.lang
territory = ui.territory_header(view)

spending = data.query("social_spending", territory=view.territory)
spend_meta = ui.indicator_meta("social_spending_per_capita", lang)
if spending.empty:
    if not gaps.say_missing("spesa", territory["level"], lang, t("spending_vs_need", lang)):
        st.warning(t("no_data", lang))
else:
    st.subheader(t("spending_vs_need", lang))
    ui.show_chart(page_data.spending_chart(view.territory, lang), "spending_trend",
                  chart_summaries.spending_summary(view.territory, lang), f"spesa_{view.territory}", lang,
                  chart_summaries.spending_source(view.territory, lang))
    ui.source_caption("opencivitas_sociale_nido", year_span(spending["year"]), "final", lang,
                      note=spend_meta["caveat"])
    ui.lineage(lineage.spending(view.territory, lang), lang)
    ui.table_with_download(spending, f"spesa_{view.territory}.csv", lang, "dl_spending")

    section = page_data.spending_spread_section(view.territory, int(spending["year"].max()), lang)
    if section is not None:
        st.subheader(section.heading)
        if section.words:
            st.markdown(section.words)
        latest = int(spending["year"].max())
        ui.show_chart(section.figure, "spending_spread",
                      chart_summaries.spread_summary("social_spending_per_capita", section.group, latest,
                                                     view.territory, lang),
                      f"spesa_distribuzione_{section.group}_{latest}", lang,
                      chart_summaries.spending_source(view.territory, lang, latest))
        if section.left_out:
            st.caption(section.left_out)
        ui.table_with_download(section.rows, f"spesa_distribuzione_{section.group}_{int(spending['year'].max())}.csv",
                               lang, "dl_spread", indicator="social_spending_per_capita")

target = page_data.spending_by_target(view.territory, lang)
if target.empty:
    if local_view_data.area_spending(view.territory, lang) is None:  # else the planners' table below answers
        gaps.say_missing("spesa_target", territory["level"], lang, t("spending_target", lang))
else:
    st.subheader(t("spending_target", lang))
    for chart in page_data.spending_target_charts(view.territory, lang):
        ui.show_chart(chart.figure, chart.key, chart_summaries.target_summary(view.territory, chart.origin, chart.year, lang),
                      f"spesa_target_{view.territory}_{chart.origin}_{chart.year}", lang,
                      chart_summaries.target_source(chart, lang))
        if chart.origin == "piano_di_zona":
            st.caption(t("plan_citation", lang, document=chart.document))
        else:
            ui.source_caption(chart.source_id, chart.year, "final", lang)
    ui.table_with_download(target, f"spesa_target_{view.territory}.csv", lang, "dl_target")

# planners' data (Uffici di Piano), apart from the official figures above
local_sections.area_spending_section(view.territory, lang)
local_sections.service_spending_section(view.territory, lang)
