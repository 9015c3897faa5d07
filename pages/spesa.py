"""Spesa: social spending per head over the years against standard need and benchmarks; spread
across the comuni of the ambito or province; spending by target where real data exists."""
import pandas as pd
import streamlit as st

from cruscotto import charts, data, ui
from cruscotto.i18n import t

view = ui.page_view()
lang = view.lang
territories = data.territories()
ui.territory_header(view)

spending = data.query("social_spending", territory=view.territory)
if spending.empty:
    st.warning(t("no_data", lang))
else:
    st.subheader(t("spending_vs_need", lang))
    name = territories.at[view.territory, "name"]
    label_spend = ui.indicator_meta("social_spending_per_capita", lang)["label"]
    label_need = ui.indicator_meta("social_need_per_capita", lang)["label"]
    lines = [pd.DataFrame({"year": spending["year"], "value": spending["spending_per_capita"], "status": "final",
                           "territory_name": f"{name} — {label_spend}"}),
             pd.DataFrame({"year": spending["year"], "value": spending["need_per_capita"], "status": "final",
                           "territory_name": f"{name} — {label_need}"})]
    for bench in data.query("benchmarks", territory=view.territory).itertuples():
        other = data.query("social_spending", territory=bench.code)
        if not other.empty:
            lines.append(pd.DataFrame({"year": other["year"], "value": other["spending_per_capita"], "status": "final",
                                       "territory_name": f"{bench.name} — {label_spend}"}))
    frame = pd.concat(lines, ignore_index=True)
    unit = ui.indicator_meta("social_spending_per_capita", lang)["unit"]
    st.plotly_chart(charts.trend(frame, t("spending_vs_need", lang), unit), key="spending_trend")
    ui.source_caption("opencivitas_sociale_nido", f"{spending['year'].min()}–{spending['year'].max()}", "final", lang,
                      note=ui.indicator_meta("social_spending_per_capita", lang)["caveat"])
    ui.table_with_download(spending, f"spesa_{view.territory}.csv", lang, "dl_spending")

    year = int(spending["year"].max())
    groups = data.query("benchmarks", territory=view.territory)
    group_rows = groups[groups["relation"].isin(["ambito", "provincia"])]
    if territories.at[view.territory, "level"] in ("ambito", "provincia", "asst", "distretto"):
        group_rows = pd.DataFrame([{"code": view.territory, "name": name}])
    fmt = ui.format_value("social_spending_per_capita", lang)
    for group in group_rows.head(1).itertuples():
        spread = data.query("distribution", indicator="social_spending_per_capita", group=group.code, year=year)
        valued = spread.dropna(subset=["value"])
        if valued.empty:
            continue
        st.subheader(t("spending_spread", lang, group=group.name) + f" ({year})")
        st.markdown(f"min {fmt(valued['value'].min())} · mediana {fmt(valued['value'].median())} · "
                    f"max {fmt(valued['value'].max())} · {len(valued)}/{len(spread)}")
        st.plotly_chart(charts.spread(spread, view.territory, group.name, unit), key="spending_spread")
        ui.table_with_download(spread, f"spesa_distribuzione_{group.code}_{year}.csv", lang, "dl_spread")

target = data.query("spending_by_target", territory=view.territory)
if not target.empty:
    st.subheader(t("spending_target", lang))
    for (origin, year, document), rows in target.groupby(["origin", "year", "document"], dropna=False, sort=False):
        table = rows.assign(label=[f"{v:.1f}%" for v in rows["share_pct"]], name=rows["category"], value=rows["share_pct"])
        st.plotly_chart(charts.bars(table, f"{t('spending_target', lang)} {year}", "%"), key=f"target_{origin}_{year}")
        if origin == "piano_di_zona":
            st.caption(t("plan_citation", lang, document=document))
        else:
            ui.source_caption(rows["source"].iloc[0], year, "final", lang)
    ui.table_with_download(target, f"spesa_target_{view.territory}.csv", lang, "dl_target")
