"""Dati aperti: the indicator catalogue (search, topic filter, full record) and downloads of any
selection or of everything, as CSV, Excel or Parquet bundled with datapackage.json and a README."""
import streamlit as st

from cruscotto import data, downloads, page_data, reliability, ui, widgets
from cruscotto.i18n import TOPICS, t, topic_label

view = ui.page_view()
lang = view.lang
st.title(t("page_dati_aperti", lang))
st.markdown(t("open_data_intro", lang))

search_column, topic_column = st.columns([3, 2])
search = widgets.text(view, "search", t("search", lang), container=search_column, max_chars=100,
                      placeholder=t("search_placeholder", lang))
topics = widgets.multiselect(view, "topics", t("topic", lang), list(TOPICS), container=topic_column,
                             format_func=lambda code: topic_label(code, lang), placeholder=t("all", lang))
table = page_data.catalogue_table(lang, search, topics)
st.caption(t("catalogue_count", lang, shown=len(table), total=len(data.indicators())))
st.dataframe(table.assign(topic=[topic_label(code, lang) for code in table["topic"]]), hide_index=True,
             column_config=ui.catalogue_columns(lang), key="catalogue")

if not table.empty:
    st.subheader(t("indicator_record", lang))
    labels = table.set_index("id")["indicator"]
    chosen = widgets.select(view, "indicator", t("indicator", lang), list(table["id"]), format_func=labels.get)
    ui.indicator_record(table.set_index("id").loc[chosen], lang)

st.subheader(t("caveats_title", lang))
known, total = page_data.ambiti_with_members()
st.markdown("\n".join(f"- {line}" for line in [t("caveat_provisional_ages", lang), t("caveat_opencivitas", lang),
                                                t("caveat_ambiti", lang, known=known, total=total),
                                                t("caveat_snapshots", lang)]))
reliability.show_flag_rules(lang)

st.subheader(t("downloads_title", lang))
st.markdown(t("downloads_intro", lang))
# none chosen = every indicator the catalogue above shows (31 chips would fill the screen)
indicator_choice = widgets.multiselect(view, "download_indicators", t("download_indicators", lang), list(table["id"]),
                                       placeholder=t("all_shown", lang),
                                       format_func=data.indicator_labels(lang).get)
territories = data.territories()
territory_choice = widgets.multiselect(view, "download_territories", t("download_territories", lang),
                                       data.territory_codes(), placeholder=t("all", lang),
                                       format_func=data.territory_labels(lang).get)
groups = page_data.comune_groups().set_index("code")
group_choice = widgets.multiselect(view, "download_groups", t("group_choice", lang), list(groups.index),
                                   help=t("group_choice_help", lang),
                                   format_func=lambda c: t("group_option", lang, name=groups.at[c, "name"],
                                                           n=groups.at[c, "comuni"]))
if group_choice:
    territory_choice, added = page_data.with_group_comuni(territory_choice, group_choice)
    st.caption(t("group_choice_added", lang, n=len(territory_choice), added=added,
                 groups=", ".join(groups.loc[group_choice, "name"])))
years = page_data.year_span()
year_range = widgets.year_range(view, "download_years", t("download_years", lang), years[0], years[1],
                                disabled=years[0] == years[1])
# planners' data ride along, marked in the column local_data; whoever wants official figures only says so
include_local = st.toggle(t("include_local_data", lang), value=True, key="include_local_data",
                          help=t("include_local_data_help", lang)) if page_data.has_local_data() else False
selection = {"indicators": indicator_choice or list(table["id"]), "territories": territory_choice, "first_year": year_range[0],
             "last_year": year_range[1], "include_local": include_local}
if table.empty:
    st.info(t("choose_indicator", lang))
else:
    downloads.bundle_buttons(selection, lang, "selection")
st.markdown(f"**{t('download_everything', lang)}**")
downloads.bundle_buttons({"indicators": [], "territories": [], "first_year": 1900, "last_year": 2100,
                          "include_local": include_local}, lang, "all")
