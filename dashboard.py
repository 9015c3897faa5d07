"""Cruscotto Welfare — entry point: `streamlit run dashboard.py`."""
import streamlit as st

from cruscotto import data
from cruscotto.i18n import t
from cruscotto.ui import current_view

st.set_page_config(page_title="Cruscotto Welfare", page_icon="📊", layout="wide")

with st.spinner(t("loading_db")):
    data.database()

view = current_view()
pages = [
    st.Page("pages/panoramica.py", title=t("page_panoramica", view.lang), url_path="panoramica", default=True),
    st.Page("pages/mappa.py", title=t("page_mappa", view.lang), url_path="mappa"),
    st.Page("pages/tendenze.py", title=t("page_tendenze", view.lang), url_path="tendenze"),
    st.Page("pages/confronta.py", title=t("page_confronta", view.lang), url_path="confronta"),
    st.Page("pages/spesa.py", title=t("page_spesa", view.lang), url_path="spesa"),
]
st.sidebar.caption(t("app_subtitle", view.lang))
st.navigation(pages, position="sidebar").run()
