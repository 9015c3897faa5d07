"""Widgets and captions shared by the pages. All text goes through st.markdown/st.caption without HTML."""
import pandas as pd
import streamlit as st

from cruscotto import cards, chart_export, charts, data, downloads, notes, widgets
from cruscotto.catalogue import source_field
from cruscotto.formatting import headline, number, shown_gap, with_unit
from cruscotto.i18n import LANGUAGES, level_label, place_name, t
from cruscotto.navigation import leave_legacy_pages_mode
from cruscotto.state import URL_NAMES, View, literal, parse_view
from cruscotto.trend import recent_trend, trend_line, trend_method_text

# A link of ours that changes the view carries this parameter; current_view drops it once read.
NAVIGATE = "apri"
LOCAL_SOURCE_PREFIX = "local:"  # sources of planners' data, one per ambito (cruscotto/local/sql/derive.sql)


def current_view() -> View:
    """The view of this run. The URL is read on a session's first run and when a link of ours asks for it
    (NAVIGATE in the URL); otherwise the widgets hold the truth. A rerun request may carry a URL older than
    the user's last click (sent before the previous run had written it): reading it again would undo that
    click, which is how choices were dropped."""
    session = st.session_state
    if "view" not in session or NAVIGATE in st.query_params:
        remembered = session.get("view", View())
        raw = {**remembered.to_params(URL_NAMES), **{k: st.query_params.get(k) for k in st.query_params if k != NAVIGATE}}
        view, rejected = parse_view(raw, set(data.territory_codes()), set(data.indicator_ids()))
        # shown by the page (ui.page_view), so they survive the root URL's forward to /panoramica
        session.setdefault("notices", []).extend(_rejected_notice(name, value, view) for name, value in rejected)
        widgets.forget(URL_NAMES)
        session["view"] = view
    view = session["view"]
    with st.sidebar:
        widgets.radio(view, "lang", t("language", view.lang), LANGUAGES, horizontal=True,
                      format_func=lambda code: {"it": "Italiano", "en": "English"}[code])
        widgets.select(view, "territory", t("territory", view.lang), data.territory_codes(),
                       help=t("territory_help", view.lang), placeholder=t("territory_placeholder", view.lang),
                       format_func=data.territory_labels(view.lang).get)
    return view


def _rejected_notice(name: str, value: str, view: View) -> str:
    """What the page says of a URL value it could not take; an unknown territory names the one shown instead."""
    if name == URL_NAMES["territory"]:
        shown = cards.escape_markdown(place_name(data.territories().at[view.territory, "name"], view.lang))
        return t("bad_param_territory", view.lang, value=literal(value[:40]), name=shown)
    return t("bad_param", view.lang, name=name, value=literal(value[:40]))


def publish(view: View, names) -> None:
    """Write the view's parameters for this page into the URL (only when they differ: each write is a message)."""
    params = view.to_params(names)
    if {k: st.query_params.get(k) for k in st.query_params} != params:
        st.query_params.from_dict(params)


def territory_links(members: pd.DataFrame, lang: str, per_row: int = 4) -> None:
    """Links to the profiles of a territory's members (code, name), in a grid."""
    columns = st.columns(per_row)
    for position, member in enumerate(members.itertuples()):
        territory_link(member.code, member.name, lang, container=columns[position % per_row])


def profile_card_content(indicator_id: str, rows: list[dict], lang: str) -> dict:
    """One headline figure of the profile as texts: value and year, the counts behind it and any flag, each
    benchmark in words, the source (computed once per territory and language: page_data.profile_sections).
    rows: profile.sql rows of this indicator (the territory's own and its benchmarks'), as dicts."""
    meta = indicator_meta(indicator_id, lang)
    own = next(row for row in rows if row["is_self"])
    lines = cards.benchmark_lines(own, [row for row in rows if not row["is_self"]], meta,
                                  format_figure(indicator_id, lang), lang)
    return {
        "metric": metric_content(indicator_id, own["value"], lang, decimals=cards.figure_decimals(own, meta)),
        "captions": [t("figure_year", lang, year=int(own["year"])),  # years differ between cards
                     *cards.evidence_lines(own, dict(data.indicator_records()[indicator_id]), meta, lang)],
        "trend": trend_line(recent_trend(indicator_id, own["territory_code"]), lang),  # "" without enough years
        "trend_method": trend_method_text(lang),
        "compared_with": t("compared_with", lang, name=cards.escape_markdown(own["territory_name"])) if lines else None,
        "benchmarks": "\n".join(f"- {line}" for line in lines),
        # the whole note: it holds "dati per X dei Y comuni" (or "comuni noti") and what every part shares
        "source": source_text(own["source_id"], own["year"], own["status"], lang,
                              own["note"] if pd.notna(own["note"]) else None),
    }


def show_profile_card(content: dict) -> None:
    label, figure, help_text = content["metric"]
    st.metric(label, figure, help=help_text)
    for line in content["captions"]:
        st.caption(line)
    if content.get("trend"):  # the test behind the arrow in its tooltip
        st.caption(content["trend"], help=content["trend_method"])
    if content["compared_with"]:
        st.caption(content["compared_with"])
        st.markdown(content["benchmarks"])
    st.caption(content["source"])


def lineage(text: str, lang: str) -> None:
    """The path of the figures above ("Come è calcolato", collapsed): cruscotto/lineage.py's Markdown, whose
    data-derived words are escaped; nothing when there is no figure to explain."""
    if text:
        with st.expander(t("lineage_title", lang), icon=":material/functions:"):
            st.markdown(text)


def territory_link(code: str, label: str, lang: str, container=None) -> None:
    """A link to a territory's profile that works in this tab (NAVIGATE tells current_view to read it) and can
    be opened in a new one or copied."""
    page_link("pages/panoramica.py", label, {"territorio": code, "lingua": lang}, container=container)


def page_link(page: str, label: str, params: dict[str, str], container=None, **kwargs) -> None:
    """A link to a page with a view of its own (URL parameters), followed in this tab or opened in a new one."""
    (container or st).page_link(page, label=label, query_params={**params, NAVIGATE: "1"}, **kwargs)


def indicator_meta(indicator_id: str, lang: str) -> dict:
    row = data.indicator_records()[indicator_id]
    return {"label": row[f"label_{lang}"], "unit": row[f"unit_{lang}"], "decimals": int(row["decimals"]),
            "definition": row[f"definition_{lang}"], "caveat": row[f"caveat_{lang}"], "polarity": row["polarity"],
            "interval": row["interval"], "aggregation": row["aggregation"], "multiplier": float(row["multiplier"]), "topic": row["topic"]}


def format_value(indicator_id: str, lang: str):
    meta = indicator_meta(indicator_id, lang)
    return lambda value: with_unit(value, meta["decimals"], meta["unit"], lang)


def format_figure(indicator_id: str, lang: str):
    """Like format_value, but with the short unit of ui.metric (the label carries the long one)."""
    meta = indicator_meta(indicator_id, lang)
    return lambda value: headline(value, meta["decimals"], meta["unit"], lang)[0]


def metric(indicator_id: str, value, lang: str, decimals: int | None = None) -> None:
    """The headline figure of an indicator, its unit beside the label when it would not fit the figure;
    decimals: fewer than the catalogue's where the counts behind a rate carry fewer (cards.figure_decimals)."""
    label, figure, help_text = metric_content(indicator_id, value, lang, decimals)
    st.metric(label, figure, help=help_text)


def metric_content(indicator_id: str, value, lang: str, decimals: int | None = None) -> tuple[str, str, str]:
    """metric's label, figure and help text."""
    meta = indicator_meta(indicator_id, lang)
    figure, unit_note = headline(value, meta["decimals"] if decimals is None else decimals, meta["unit"], lang)
    return f"{meta['label']} ({unit_note})" if unit_note else meta["label"], figure, meta["definition"]


def coverage_gauge(indicator_id: str, value: float, benchmark: float | None, lang: str,
                   benchmark_name: str | None = None, top: float | None = None, summary: str | None = None) -> None:
    """A coverage figure (e.g. places per 100 residents 75+) as a gauge against a benchmark, with words for
    screen readers that say the scale too. The benchmark is Lombardy unless benchmark_name names another
    territory ("" when no territory has the figure to compare with). top: the end of the scale (by default
    charts.gauge_top: a round number half as much again above the larger of value and benchmark). summary: the
    gauge in one sentence (cruscotto/chart_summaries.py), the image's text and the caption in place of the words."""
    meta = indicator_meta(indicator_id, lang)
    fmt = format_figure(indicator_id, lang)
    top = top or charts.gauge_top(value, benchmark)
    scale = t("gauge_scale", lang, top=charts.gauge_scale_text(top, lang))
    named = {"name": benchmark_name} if benchmark_name else {}
    suffix = "_named" if benchmark_name else ""
    st.markdown(f"**{meta['label']}**")
    st.image(gauge_image(indicator_id, value, benchmark, lang, benchmark_name, top), alt=summary)
    if summary:
        st.caption(cards.escape_markdown(summary) + " " + scale)
        return
    if benchmark is None and benchmark_name is not None:  # a named benchmark was sought and none has the figure
        st.caption(t("gauge_words_alone", lang, value=fmt(value), unit=meta["unit"]) + " " + scale)
        return
    st.caption(t(f"gauge_words{suffix}", lang, value=fmt(value), unit=meta["unit"],
                 benchmark=fmt(benchmark) if benchmark is not None else "—",
                 **{key: cards.escape_markdown(name) for key, name in named.items()}) + " " + scale)


def gauge_image(indicator_id: str, value: float, benchmark: float | None, lang: str,
                benchmark_name: str | None = None, top: float | None = None) -> str:
    """The gauge's SVG: the value, its difference from the benchmark as the two shown figures differ
    (formatting.shown_gap), the benchmark's marker and words; the profile and the presentation's slide draw it."""
    meta = indicator_meta(indicator_id, lang)
    fmt = format_figure(indicator_id, lang)
    top = top or charts.gauge_top(value, benchmark)
    if benchmark is None:
        return charts.gauge_svg(value, None, top, fmt(value), "", "", lang)
    named = {"name": benchmark_name} if benchmark_name else {}
    words = t("gauge_benchmark_named" if benchmark_name else "gauge_benchmark", lang, value=fmt(benchmark), **named)
    return charts.gauge_svg(value, benchmark, top, fmt(value), words, shown_gap(value, benchmark, meta["decimals"], lang), lang)


def show_chart(figure, key: str, summary: str, file_stem: str, lang: str, source_line: str,
               caption: bool = True) -> None:
    """A Plotly chart with its one-sentence summary and its PNG and SVG downloads (cruscotto/chart_export.py)."""
    chart_export.show(figure, key, summary, file_stem, lang, source_line, caption)


def source_caption(source_id: str, year, status: str, lang: str, ref_date: str | None = None, note: str | None = None) -> None:
    """Source name, publisher and year in plain words; licence, reference date and how the file was obtained
    are in the source record (/fonti). ref_date is kept for callers; it is not shown here."""
    st.caption(source_text(source_id, year, status, lang, note))


def source_text(source_id: str, year, status: str, lang: str, note: str | None = None) -> str:
    """source_caption's text."""
    source = data.source_records()[source_id]
    # planners' data (sources local:<ambito>): the name already says who loaded it, and a provisional figure is
    # one whose denominator is ISTAT's provisional residents (cruscotto/local/sql/derive.sql)
    local = str(source_id).startswith(LOCAL_SOURCE_PREFIX)
    publisher = "" if local else f" ({source_field(source, 'publisher', lang)})"
    parts = [f"{t('source', lang)}: {source[f'name_{lang}']}{publisher}", f"{t('year', lang).lower()} {year}"]
    if status == "provisional":
        parts.append(f"⚠ {t('local_provisional_target' if local else 'provisional', lang)}")
    if note and isinstance(note, str):
        parts.append(readable_note(note, lang))
    return " · ".join(parts)


def readable_note(note, lang: str) -> str:
    """A note stored by the build (a code and its parameters) in the reader's language; a note that is
    already text in that language (e.g. a catalogue caveat) is shown as it is."""
    if not isinstance(note, str):
        return ""
    return notes.render(note, lang) if notes.is_stored(note) else note


def table_with_download(frame: pd.DataFrame, filename: str, lang: str, key: str, indicator: str | None = None) -> None:
    """The data behind a chart, for people. The CSV download is in sight, above the "Dati" expander, in the
    reader's language and (in Italian) in the format Italian Excel opens as columns; inside the expander the
    choice of CSV format and the table, drawn only once the expander is opened (the grid's script is heavy
    on a first visit). indicator: the one indicator a table without an indicator_id column is about."""
    button_row = st.container()
    box = st.expander(t("data_table", lang), key=f"open_{key}", on_change="rerun")
    with box:
        style = downloads.csv_style_choice(lang, key)
        if box.open:
            st.dataframe(downloads.rounded_for_screen(frame, lang, indicator), hide_index=True)
    button_row.download_button(
        t("download_csv", lang), data=lambda: downloads.people_csv(frame, lang, style, indicator), file_name=filename,
        mime="text/csv", key=key, icon=":material/download:", on_click="ignore",
        help=t("download_csv_help", lang, format=downloads.csv_style_label(style, lang)))


def territory_label(code: str, lang: str) -> str:
    return data.territory_labels(lang)[code]


def catalogue_columns(lang: str) -> dict:
    """Headers of the catalogue table (page_data.catalogue_table) in the reader's language."""
    names = {"id": "id", "indicator": t("indicator", lang), "topic": t("topic", lang),
             "definition": t("definition", lang), "formula": t("formula", lang), "unit": t("unit", lang),
             "sources": t("source", lang), "licences": t("licence", lang), "years": t("years", lang),
             "territories": t("territories_with_data", lang), "caveat": t("caveat", lang),
             "build_step": t("build_step", lang), "raw_measure": t("raw_measure", lang)}
    return {column: st.column_config.Column(label) for column, label in names.items()}


def source_columns(lang: str) -> dict:
    names = {"source_id": "id", f"name_{lang}": t("source", lang), "publisher": t("publisher", lang),
             "licence": t("licence", lang), "attribution": t("attribution", lang), "reference": t("reference", lang),
             "obtained_from": t("obtained_from", lang), "loaded_at": t("loaded_at", lang),
             "observations": t("observations", lang), f"caveat_{lang}": t("caveat", lang)}
    return {column: st.column_config.Column(label) for column, label in names.items()}


def plan_columns(lang: str) -> dict:
    names = {"source_document": t("document", lang), "territory": t("territory", lang), "year": t("year", lang),
             "measure": t("measure", lang), "value": t("value", lang), "unit": t("unit", lang),
             "denominator_note": t("denominator", lang), "today_indicator": t("today_indicator", lang),
             "today_value": t("today_value", lang), "today_year": t("today_year", lang),
             "comparability": t("comparability", lang)}
    hidden = {"figure_id": None, "territory_istat": None, "territory_level": None, "topic": None, "note": None}
    return {**{column: st.column_config.Column(label) for column, label in names.items()}, **hidden}


def indicator_record(row: pd.Series, lang: str) -> None:
    """Everything about one indicator, as plain text (st.text/caption: nothing is read as Markdown)."""
    with st.container(border=True):
        st.markdown(f"**{t('indicator', lang)}**")
        st.text(f"{row['indicator']} ({row.name})")
        for key, value in (("definition", row["definition"]), ("formula", row["formula"]), ("unit", row["unit"]),
                           ("source", row["sources"]), ("licence", row["licences"]), ("years", row["years"]),
                           ("territories_with_data", str(row["territories"])), ("caveat", row["caveat"] or "—"),
                           ("build_step", row["build_step"]), ("raw_measure", row["raw_measure"])):
            st.caption(t(key, lang))
            st.text(value or "—")


def territory_header(view: View) -> pd.Series:
    territory = data.query("territory", territory=view.territory).iloc[0]
    st.title(territory["name"])
    st.caption(level_label(territory["level"], view.lang)
               + (f" · {territory['parent_name']}" if isinstance(territory["parent_name"], str) else ""))
    if isinstance(territory["membership_note"], str):
        st.info(readable_note(territory["membership_note"], view.lang))
    return territory


def parts_text(note, lang: str) -> str | None:
    """How many comuni an aggregate rests on, from its note: "dati per 46 dei 47 comuni", or "comuni noti: 84 …"
    for a group whose member list is incomplete; None for a figure of all its comuni."""
    parts = [item for item in notes.decode(note) if item.get("code") in ("parts", "parts_known")]
    return notes.render(notes.encode(parts), lang) if parts else None


__all__ = ["current_view", "metric", "indicator_meta", "format_value", "source_caption", "table_with_download",
           "territory_header", "number", "parts_text"]


def page_view() -> View:
    """The view dashboard.py read from the URL and the sidebar. A page reached before dashboard.py
    ran (Streamlit's legacy pages/ mode on a process's first run) hands the URL back to it."""
    leave_legacy_pages_mode()
    if "view" not in st.session_state:  # a page run on its own, e.g. by AppTest.from_file
        data.database()
        current_view()
    for notice in st.session_state.pop("notices", []):
        st.warning(notice)
    return st.session_state["view"]
