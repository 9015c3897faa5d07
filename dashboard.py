"""Cruscotto Welfare — entry point: `python -m cruscotto serve` (or `streamlit run dashboard.py`)."""
import streamlit as st

from cruscotto import data, database_file, layout
from cruscotto.i18n import t
from cruscotto.navigation import PAGE_PARAMS, app_pages, leave_legacy_pages_mode
from cruscotto.ui import current_view, publish

leave_legacy_pages_mode()
st.set_page_config(page_title="Cruscotto Welfare", page_icon="📊", layout="wide")
layout.apply()  # sidebar collapsed below 1300 px, compact page top (cruscotto/layout.py)

with st.spinner(t("loading_db")):
    data.database()
data.pin_local_version()

view = current_view()
if (problem := database_file.build_problem()) is not None:  # serving the previous database: say why
    st.warning(problem.text(view.lang), icon="⚠️")
st.sidebar.caption(t("app_subtitle", view.lang))
page = st.navigation(app_pages(view.lang, view.to_params(PAGE_PARAMS["panoramica"])), position="sidebar")
try:
    page.run()
finally:
    # after the page's widgets have had their say; also when the page stops early (st.stop).
    # Not for the root's forward to /panoramica, which carries its own parameters.
    if page.url_path in PAGE_PARAMS:
        publish(view, PAGE_PARAMS[page.url_path])
