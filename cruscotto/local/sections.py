"""The sections of /panoramica and /spesa that show planners' data: coverage gauges, spending by area,
spending by service. Each draws nothing where the territory has no such data, and every figure carries
its source caption ("Dati caricati dall'Ufficio di Piano dell'ambito «…», il …"), apart from official
figures. For an ambito, each says which services or areas its rows cover too few comuni of."""
import streamlit as st

from cruscotto import chart_summaries, charts, ui
from cruscotto.formatting import escape_markdown
from cruscotto.i18n import t
from cruscotto.local import view_data

bars_chart, trend_chart = charts.built_once(charts.bars), charts.built_once(charts.trend)

GAUGES_PER_ROW = 3


def _gap_caption(key: str, items: str | None, lang: str) -> None:
    if items:
        st.caption(escape_markdown(t(key, lang, items=items)))


def coverage_section(territory: str, lang: str) -> None:
    gauges = view_data.coverage_gauges(territory)
    gaps = view_data.ambito_gaps(territory, lang, "service", "rate")
    if not gauges and not gaps:
        return
    st.subheader(t("local_coverage_title", lang))
    st.caption(t("local_coverage_intro", lang))
    for start in range(0, len(gauges), GAUGES_PER_ROW):
        columns = st.columns(GAUGES_PER_ROW)
        for column, gauge in zip(columns, gauges[start:start + GAUGES_PER_ROW]):
            with column.container(border=True):
                ui.coverage_gauge(gauge.indicator_id, gauge.value, gauge.benchmark_value, lang,
                                  benchmark_name=gauge.benchmark_name or "", top=view_data.gauge_top(gauge),
                                  summary=chart_summaries.local_gauge_summary(territory, gauge.indicator_id, lang))
                st.caption(t("figure_year", lang, year=gauge.year) + " · " + view_data.counts_line(gauge, lang))
                for line in (view_data.rank_line(gauge, lang), view_data.flag_line(gauge.flag, lang)):
                    if line:
                        st.caption(line)
                if gauge.benchmark_value is None and gauge.rank is None:
                    st.caption(t("local_no_benchmark", lang))
                st.caption(view_data.local_caption(gauge.source_id, gauge.year, gauge.status, gauge.note, lang))
    _gap_caption("local_coverage_missing", gaps, lang)
    st.caption(t("local_coverage_rule", lang))


def area_spending_section(territory: str, lang: str) -> None:
    spending = view_data.area_spending(territory, lang)
    gaps = view_data.ambito_gaps(territory, lang, "area", "count", spending.year if spending else None)
    if spending is None and not gaps:
        return
    st.subheader(t("local_area_title", lang))
    if spending is None:
        _gap_caption("local_area_missing", gaps, lang)
        return
    bars = view_data.area_bars(spending, lang)
    if not bars.empty:
        ui.show_chart(bars_chart(bars, t("local_area_chart", lang, year=spending.year), "%", lang,
                                 category_title=t("local_axis_area", lang)), "local_area_bars",
                      chart_summaries.local_area_summary(territory, lang), f"spesa_aree_locale_{territory}", lang,
                      chart_summaries.local_area_source(territory, lang))
    st.dataframe(view_data.area_table(spending, lang), hide_index=True)
    if line := view_data.area_totals_line(spending, lang):
        st.markdown(line)
    _gap_caption("local_area_missing", gaps, lang)
    first = spending.latest.iloc[0]
    total_note = first["total_note"] if isinstance(first["total_note"], str) else None
    st.caption(view_data.local_caption(first["source_id"], spending.year, view_data.area_status(spending), total_note,
                                       lang))
    if spending.rows["year"].nunique() > 1:
        trend = view_data.area_trend(spending)
        ui.show_chart(trend_chart(trend, t("local_area_trend", lang), "%", lang), "local_area_trend",
                      chart_summaries.local_area_trend_summary(territory, lang),
                      f"spesa_aree_locale_anni_{territory}", lang,
                      chart_summaries.local_area_source(territory, lang, all_years=True))
    ui.table_with_download(view_data.area_download(spending, lang), f"spesa_aree_locale_{territory}.csv", lang,
                           "dl_local_area")


def service_spending_section(territory: str, lang: str) -> None:
    spending = view_data.service_spending(territory, lang)
    gaps = view_data.ambito_gaps(territory, lang, "service", "count", spending.year if spending else None)
    if spending is None and not gaps:
        return
    st.subheader(t("local_service_title", lang))
    st.caption(t("local_service_intro", lang))
    if spending is None:
        _gap_caption("local_service_missing", gaps, lang)
        return
    st.dataframe(view_data.service_table(spending, lang), hide_index=True)
    _gap_caption("local_service_missing", gaps, lang)
    first = spending.latest.iloc[0]
    st.caption(t("local_year_shown", lang, year=spending.year) + " · "
               + view_data.local_caption(first["source_id"], None, first["status"], None, lang))
    ui.table_with_download(view_data.service_download(spending, lang), f"spesa_servizi_locale_{territory}.csv", lang,
                           "dl_local_service")
