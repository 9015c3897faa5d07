"""Panoramica: the headline figures of a territory beside its benchmarks, and coverage gauges."""
import pandas as pd
import streamlit as st

from cruscotto import charts, data, ui
from cruscotto.compare import compare, interval, plain_words
from cruscotto.i18n import t, topic_label

BADGE = {"better": "blue", "worse": "orange", "similar": "gray", "neutral": "gray"}
GAUGES = ("rsa_places_per_100_75plus", "cdi_places_per_100_75plus")

view = ui.page_view()
lang = view.lang
ui.territory_header(view)
profile = data.query("profile", territory=view.territory)
headline = data.indicators().query("headline")
shown = profile[profile["indicator_id"].isin(headline.index)]
if shown.empty:
    st.warning(t("no_data", lang))

for topic, ids in headline.groupby("topic", sort=False)["id"]:
    rows = shown[shown["indicator_id"].isin(ids)]
    if rows.empty:
        continue
    st.subheader(topic_label(topic, lang))
    columns = st.columns(3)
    for position, (indicator_id, group) in enumerate(rows.groupby("indicator_id", sort=False)):
        meta = ui.indicator_meta(indicator_id, lang)
        fmt = ui.format_value(indicator_id, lang)
        own = group[group["is_self"]].iloc[0]
        with columns[position % 3].container(border=True):
            st.metric(meta["label"], fmt(own["value"]), help=meta["definition"])
            bounds = interval(meta["interval"], own["numerator"], own["denominator"], meta["multiplier"])
            for bench in group[~group["is_self"]].itertuples():
                verdict = compare(own["value"], bounds, bench.value, meta["polarity"])
                line = f"{bench.territory_name}: {fmt(bench.value)}"
                # a count (residents, taxpayers) is not comparable with a larger area's count
                words = "" if meta["aggregation"] == "sum" else plain_words(own["value"], bench.value, bench.territory_name, lang)
                st.markdown(line + (f" — {words}" if words else ""))
                if verdict.verdict not in ("unknown",):
                    st.badge(t(verdict.verdict, lang), color=BADGE[verdict.judgement])
            ui.source_caption(own["source_id"], own["year"], own["status"], lang, own["ref_date"],
                              ui.parts_text(own, lang) or (own["note"] if pd.notna(own["note"]) else None))

gauges = profile[profile["indicator_id"].isin(GAUGES)]
if not gauges.empty:
    st.subheader(t("coverage_title", lang))
    columns = st.columns(len(GAUGES))
    for column, indicator_id in zip(columns, GAUGES):
        rows = gauges[gauges["indicator_id"] == indicator_id]
        if rows.empty:
            continue
        meta = ui.indicator_meta(indicator_id, lang)
        own = rows[rows["is_self"]].iloc[0]
        region = rows[rows["territory_code"] == "03"]
        benchmark = float(region["value"].iloc[0]) if not region.empty else None
        top = max(own["value"], benchmark or 0) * 1.5 or 1
        with column:
            st.plotly_chart(charts.gauge(own["value"], benchmark, meta["label"], meta["unit"], top),
                            key=f"gauge_{indicator_id}")
            ui.source_caption(own["source_id"], own["year"], own["status"], lang, own["ref_date"], meta["caveat"])

ui.table_with_download(profile.drop(columns=["is_self", "rank"]), f"panoramica_{view.territory}.csv", lang, "dl_profile")
