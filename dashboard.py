"""Cruscotto Welfare — entry point: `streamlit run dashboard.py`."""
import streamlit as st

from cruscotto import data
from cruscotto.i18n import t
from cruscotto.navigation import app_pages, leave_legacy_pages_mode
from cruscotto.ui import current_view

leave_legacy_pages_mode()
st.set_page_config(page_title="Cruscotto Welfare", page_icon="📊", layout="wide")

with st.spinner(t("loading_db")):
    data.database()

view = current_view()
st.sidebar.caption(t("app_subtitle", view.lang))
st.navigation(app_pages(view.lang, view.to_params()), position="sidebar").run()
