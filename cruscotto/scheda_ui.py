"""The scheda's button on /panoramica: the PDF is made only when clicked (st.download_button runs a callable
data on a thread of its own), for the territory and language of the view, with the link back to this view
built from the address the visitor's browser shows."""
import streamlit as st

from cruscotto import scheda
from cruscotto.i18n import t
from cruscotto.state import View


def download_button(view: View) -> None:
    territory, lang = view.territory, view.lang
    link = scheda.view_url(st.context.url, territory, lang)
    st.download_button(t("scheda_download", lang), data=lambda: scheda.scheda_pdf(territory, lang, link),
                       file_name=scheda.file_name(territory, lang), mime="application/pdf", key="scheda_pdf",
                       icon=":material/picture_as_pdf:", on_click="ignore", help=t("scheda_download_help", lang))
