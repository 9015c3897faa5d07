"""/panoramica's "Comuni simili" section: the comune's statistical neighbours as links, and how they are chosen."""
import streamlit as st

from cruscotto import chart_summaries, data, similar, ui, widgets
from cruscotto.formatting import escape_markdown, number
from cruscotto.i18n import t
from cruscotto.state import FLAG_ON, MAX_COMPARE, URL_NAMES

LINKS_PER_ROW = 5  # two rows of five: the ten neighbours in rank order


def show_section(code: str, lang: str) -> None:
    """The section for a comune; for any other territory one caption saying similar areas are for comuni."""
    if data.territories().at[code, "level"] != "comune":
        st.caption(t("similar_only_comuni", lang))
        return
    if not similar.available():  # a database built before them, kept serving while a rebuild fails
        st.caption(t("similar_method_unavailable", lang))
        return
    name = data.territories().at[code, "name"]
    with st.container(key="similar_section"):
        st.subheader(t("similar_title", lang))
        neighbours = similar.neighbours(code)
        if neighbours:
            st.caption(t("similar_intro", lang, n=len(neighbours), name=escape_markdown(name)))
            columns = st.columns(LINKS_PER_ROW)
            for position, neighbour in enumerate(neighbours):
                label = t("similar_link", lang, rank=neighbour.rank, name=neighbour.name,
                          distance=number(neighbour.distance, 2, lang))
                ui.territory_link(neighbour.code, label, lang, container=columns[position % LINKS_PER_ROW])
            ui.page_link("pages/mappa.py", t("similar_map_link", lang), icon=":material/map:",
                         params={URL_NAMES["territory"]: code, URL_NAMES["lang"]: lang, URL_NAMES["level"]: "comune",
                                 URL_NAMES["frame_similar"]: FLAG_ON})
        else:
            missing = similar.missing_features(code, lang)
            st.info(t("similar_missing_features", lang, name=escape_markdown(name),
                      missing=", ".join(missing) if missing else "—"), icon=":material/info:")
        with st.expander(t("similar_how", lang), icon=":material/hub:"):
            st.markdown(escape_markdown(similar.method_text(lang)))
            st.dataframe(similar.feature_table(code, lang), hide_index=True)


def compare_button(code: str, lang: str) -> None:
    """/confronta's one click: the comune and its nearest similar comuni side by side (as many as a comparison
    holds); the whole group is in the section below (show_compare_section)."""
    if not similar.neighbours(code):
        return
    codes = similar.compare_codes(code, MAX_COMPARE)
    name = data.territories().at[code, "name"]
    st.button(t("similar_compare_button", lang), key="similar_compare", icon=":material/hub:",
              on_click=_set_compare, args=(codes,),
              help=t("similar_compare_help", lang, name=escape_markdown(name), shown=len(codes) - 1, limit=MAX_COMPARE,
                     n=len(similar.neighbours(code))))


def _set_compare(codes: list[str]) -> None:
    # a callback runs before the next run draws the multiselect, so the widget takes the new list
    st.session_state[widgets.widget_key("compare")] = codes


def show_compare_section(code: str, indicator: str, lang: str) -> None:
    """The comune beside each of its similar comuni on the chosen indicator, and the group's aggregate."""
    comparison = similar.group_comparison(code, indicator, lang)
    if comparison is None:
        return
    name = data.territories().at[code, "name"]
    with st.container(key="similar_compare_section"):
        st.subheader(t("similar_compare_title", lang, name=escape_markdown(name), n=len(comparison.rows) - 1)
                     + f" ({comparison.year})")
        ui.show_chart(comparison.figure, "similar_bars", chart_summaries.similar_summary(code, indicator, lang),
                      f"simili_{code}_{indicator}", lang, chart_summaries.similar_source(code, indicator, lang))
        group = comparison.group
        if group is not None and group["value"] is not None:
            st.caption(t("similar_compare_group_line", lang, group=escape_markdown(group["territory_name"]),
                         value=ui.format_value(indicator, lang)(group["value"]), year=int(group["year"])))
            parts = ui.parts_text(group["note"], lang)
            if parts:
                st.caption(parts)
        else:
            st.caption(t("similar_compare_no_group", lang))
        for line in chart_summaries.source_lines(comparison.rows, lang):
            st.caption(line)
        ui.table_with_download(comparison.rows.drop(columns=["label"]), f"simili_{code}_{indicator}.csv", lang,
                               "dl_similar", indicator=indicator)
