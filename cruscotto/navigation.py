"""Keep dashboard.py's st.navigation in charge of every page.

Streamlit decides once per process, before the first script run, whether the app uses the legacy
pages/ folder: it does when a `pages/` folder sits beside the entry point, as ours does. That first
run then executes the requested page file directly (file names in the sidebar, no wide layout)
instead of dashboard.py. `leave_legacy_pages_mode` turns the legacy mode off and reruns the same
URL, so dashboard.py's navigation handles it. st.navigation would clear the flag too, but only
after the legacy run has already executed the wrong script.
"""
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from cruscotto.i18n import t


def leave_legacy_pages_mode() -> None:
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


# The view attributes each page keeps in its URL, besides territory and language (state.ALWAYS).
PAGE_PARAMS = {
    "panoramica": (),
    "mappa": ("level", "indicator", "year"),
    "tendenze": ("indicator",),
    "confronta": ("compare", "indicator", "year"),
    "spesa": (),
    "dati-aperti": ("search", "topics", "indicator", "download_indicators", "download_territories", "download_groups",
                    "download_years"),
    "fonti": (),
    "carica": (),
}


def app_pages(lang: str, params: dict[str, str]) -> list:
    """Every page at a stable path. The root URL is a hidden page that forwards to /panoramica, because
    Streamlit serves its default page only at "/" and a link to /panoramica must open the profile too."""
    profile = st.Page("pages/panoramica.py", title=t("page_panoramica", lang), url_path="panoramica")

    def forward_to_profile() -> None:
        st.switch_page(profile, query_params=params)

    return [
        st.Page(forward_to_profile, title=t("page_panoramica", lang), url_path="inizio", default=True,
                visibility="hidden"),
        profile,
        st.Page("pages/mappa.py", title=t("page_mappa", lang), url_path="mappa"),
        st.Page("pages/tendenze.py", title=t("page_tendenze", lang), url_path="tendenze"),
        st.Page("pages/confronta.py", title=t("page_confronta", lang), url_path="confronta"),
        st.Page("pages/spesa.py", title=t("page_spesa", lang), url_path="spesa"),
        st.Page("pages/dati-aperti.py", title=t("page_dati_aperti", lang), url_path="dati-aperti"),
        st.Page("pages/fonti.py", title=t("page_fonti", lang), url_path="fonti"),
        st.Page("pages/carica.py", title=t("page_carica", lang), url_path="carica"),
    ]
