"""Panoramica: the headline figures of a territory beside its benchmarks, and coverage gauges."""
import streamlit as st

from cruscotto import (cards, chart_summaries, data, gaps, glance_ui, lineage, page_data, presentation, scheda_ui,
                       similar_ui, trend, ui)
from cruscotto.i18n import t, topic_label
from cruscotto.local import sections as local_sections

view = ui.page_view()
if view.present:  # presentation mode: one slide instead of the profile; the dashboard writes the slide to the URL
    presentation.show(view)
    st.stop()
lang = view.lang
territory = ui.territory_header(view)
with st.container(horizontal=True):  # the meeting's two actions side by side, above the summary
    scheda_ui.download_button(view)  # the printable profile (PDF), made when clicked
    presentation.start_button(view)
profile = data.query("profile", territory=view.territory)
sections = page_data.profile_sections(view.territory, lang)
paths = lineage.profile_topics(view.territory, lang)  # "Come è calcolato" under each section
glance_ui.show_section(view.territory, lang)  # "In sintesi": every headline figure against its peers, one screen
if not sections.any_card:
    st.warning(t("no_data", lang))
if territory["level"] == "municipio":
    st.info(t("municipio_note", lang))
    ui.territory_links(data.query("members", parent=view.territory), lang)

for topic, cards_in_topic in sections.topics:
    if cards_in_topic is None:  # a headline section without data: say why it is missing
        gaps.say_missing(topic, territory["level"], lang, topic_label(topic, lang))
        continue
    st.subheader(topic_label(topic, lang))
    columns = st.columns(min(max(len(cards_in_topic), 2), 3))
    for position, card in enumerate(cards_in_topic):
        with columns[position % len(columns)].container(border=True):
            ui.show_profile_card(card)
    ui.lineage(paths.get(topic, ""), lang)
if sections.benchmark_tests:  # counts (e.g. a Municipio's residents) get no "significantly"
    st.caption(t("significance_explained", lang))
if sections.trends:  # the test behind the arrows, once for the page (each card's tooltip has it too)
    st.caption(trend.trend_method_text(lang))

similar_ui.show_section(view.territory, lang)  # the comune's statistical neighbours, and how they are chosen

gauges = page_data.coverage_gauges(view.territory)
if gauges:
    st.subheader(t("coverage_title", lang))
    for column, gauge in zip(st.columns(len(page_data.PROFILE_GAUGES)), gauges):
        with column.container(border=True):
            ui.coverage_gauge(gauge.indicator_id, gauge.value, gauge.region_value, lang,
                              summary=chart_summaries.gauge_summary(view.territory, gauge.indicator_id, lang))
            st.caption(t("figure_year", lang, year=gauge.year))
            parts = ui.parts_text(gauge.note, lang)
            if parts:  # an aggregate with a comune whose figure is missing
                st.caption(parts)
            ui.source_caption(gauge.source_id, gauge.year, gauge.status, lang, gauge.ref_date,
                              ui.indicator_meta(gauge.indicator_id, lang)["caveat"])
    for line in page_data.missing_gauge_lines(view.territory, lang):  # a count the source left blank: never 0
        st.info(line, icon=":material/info:")
    ui.lineage(lineage.gauges(view.territory, page_data.PROFILE_GAUGES, lang), lang)
else:
    gaps.say_missing("servizi_anziani", territory["level"], lang, t("coverage_title", lang))
local_sections.coverage_section(view.territory, lang)  # planners' data, apart from the official gauges

if territory["level"] == "ambito":
    members = page_data.ambito_members(view.territory)
    if not members.empty:
        st.subheader(t("members_title", lang, n=len(members)))
        if isinstance(territory["membership_source"], str):
            st.caption(t("membership_source", lang, source=cards.escape_markdown(territory["membership_source"])))
        ui.territory_links(members, lang)
    conflicts = page_data.membership_conflicts(view.territory, lang)
    if not conflicts.empty:
        st.warning(f"**{t('conflicts_title', lang)}** — {t('conflicts_intro', lang)}")
        st.dataframe(conflicts, hide_index=True, column_config={"comune": t("territory", lang),
                                                                 "conflict": t("col_conflict", lang)})

ui.table_with_download(profile.drop(columns=["is_self", "rank"]), f"panoramica_{view.territory}.csv", lang, "dl_profile")
