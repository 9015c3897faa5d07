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
from cruscotto.pages_registry import HOME, PAGES


def leave_legacy_pages_mode() -> None:
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


# The view attributes each page keeps in its URL, besides territory and language (state.ALWAYS).
PAGE_PARAMS = {page.slug: page.params for page in PAGES}


def app_pages(lang: str, params: dict[str, str]) -> list:
    """Every page of the registry at a stable path. The root URL is a hidden page that forwards to the home page
    (/panoramica), because Streamlit serves its default page only at "/" and a link to /panoramica must open the
    profile too."""
    pages = [st.Page(page.file, title=t(page.title_key, lang), url_path=page.slug) for page in PAGES]
    home = pages[PAGES.index(HOME)]

    def forward_to_profile() -> None:
        st.switch_page(home, query_params=params)

    return [st.Page(forward_to_profile, title=t(HOME.title_key, lang), url_path="inizio", default=True,
                    visibility="hidden"), *pages]
