"""Fonti: every source with licence, reference date and load date; the figures quoted in the Piani di
Zona beside today's open-data value of the same measure."""
import streamlit as st

from cruscotto import page_data, ui
from cruscotto.i18n import t

view = ui.page_view()
lang = view.lang
st.title(t("page_fonti", lang))
st.markdown(t("sources_intro", lang))
register = page_data.source_register(lang)
st.dataframe(register, hide_index=True, key="sources_table", column_config=ui.source_columns(lang),
             column_order=[f"name_{lang}", "publisher", "licence", "reference", "loaded_at", "observations",
                           "attribution", "obtained_from", f"caveat_{lang}", "source_id"])
ui.table_with_download(register, "fonti.csv", lang, "dl_sources")

st.subheader(t("plan_figures_title", lang))
st.markdown(t("plan_figures_intro", lang))
figures = page_data.plan_figures_beside_today(lang)
# a static table: its cells wrap, so it reads without sideways scrolling (57 rows)
st.table(page_data.plan_figures_table(lang), hide_index=True, border="horizontal")
ui.source_caption("piani_di_zona", "2011–2016", "final", lang)
ui.table_with_download(figures, "cifre_piani_di_zona.csv", lang, "dl_plans")
