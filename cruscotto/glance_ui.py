"""/panoramica's "In sintesi" section (cruscotto/glance.py): the spine chart of every headline figure against
its peers, a one-sentence summary, the legend in words, and the table with its CSV."""
import streamlit as st

from cruscotto import chart_summaries, glance, ui
from cruscotto.formatting import escape_markdown
from cruscotto.i18n import t

CHART_KEY = "glance_chart"


def show_section(code: str, lang: str) -> None:
    """The section, or a line saying why a territory without any headline figure has none."""
    with st.container(key="glance_section"):
        st.subheader(t("glance_title", lang))
        if glance.glance_rows(code, lang).empty:
            st.info(t("glance_missing", lang), icon=":material/info:")
            return
        # the summary is the sentence under the chart (kept below it so the chart fits one 1440×900 screen), and
        # the chart's text for screen readers
        ui.show_chart(glance.glance_chart(code, lang), CHART_KEY, glance.glance_summary(code, lang), f"sintesi_{code}",
                      lang, chart_summaries.glance_source(code, lang), caption=False)
        st.markdown(escape_markdown(glance.glance_summary(code, lang)))
        st.caption(escape_markdown(glance.legend_text(code, lang)))
        ui.table_with_download(glance.glance_table(code, lang), f"sintesi_{code}.csv", lang, "dl_glance")
