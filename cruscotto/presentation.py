"""Presentation mode of /panoramica (presenta=1 in the URL): the territory's slides (presentation_slides.deck),
one at a time, in large type without the sidebar, with previous/next buttons bound to the arrow keys and to
PageUp/PageDown (what presentation clickers send). The slide number lives in the view and is written to the URL
(diapositiva) at every run: a reload or a shared link opens the same slide. Only static CSS is injected
(cruscotto/presentation.css); every data-derived word is escaped Markdown."""
import re
import textwrap
from pathlib import Path

import plotly.graph_objects as go
import streamlit as st

from cruscotto import chart_summaries, charts_glance, glance, levels, page_data, presentation_slides, similar, ui
from cruscotto.formatting import escape_markdown, year_span
from cruscotto.i18n import place_name, t
from cruscotto.navigation import PAGE_PARAMS
from cruscotto.presentation_slides import GAUGES, GLANCE, SIMILAR, SOURCES, TITLE, TOPIC, Slide
from cruscotto.state import View

CSS = Path(__file__).with_name("presentation.css")  # static: large type, no sidebar, scoped to st-key-presenta
KEY = "presenta"  # the slide's container: CSS class st-key-presenta
LONG_TITLE = 28  # characters: a longer name is drawn at 52 px instead of 80
GLANCE_HEIGHT = 448  # px at most: the chart, the slide's heading, its legend line, the buttons and the footer
GLANCE_LABEL_CHARS = 26  # a label wraps after about this many characters (a topic's after 30): on an 820-px tablet
                         # one-line 24 px labels left the bars a few pixels wide
HEADING_LIFT = 0.2  # rows: a topic's heading moves this much higher, clear of a two-line label under it
GLANCE_PX_PER_ROW = 70  # px a row (a topic's heading a share of it, charts_glance.TOPIC_GAP): 24 px labels
GLANCE_FONT = 24  # px: row labels and the values at their right, read from the back of a room
GLANCE_AXIS_FONT = 20  # px: the axis title ("← più basso · più alto →")
GLANCE_MARKER_SCALE = 1.6  # markers and lines grow with the type
GLANCE_TOP, GLANCE_BOTTOM = 10, 44  # px above the plot (the slide's heading says what the chart is) and under it
# the legend in words under a slide's chart (its Plotly legend is too small from afar and overlaps on a tablet):
# Markdown colours for the territory's markers, glyphs for the benchmarks' hollow symbols
MARKER_COLOURS = {"#0072B2": "blue", "#D55E00": "orange", "#999999": "gray", "#CC79A7": "violet"}
SYMBOL_GLYPHS = {"diamond-open": "◇", "square-open": "□", "triangle-up-open": "△", "star-open": "☆",
                 "hexagon-open": "⬡", "pentagon-open": "⬠", "circle": "●", "triangle-right": "▶",
                 "triangle-left": "◀"}


def start_button(view: View) -> None:
    """The profile's "Presenta" button: presentation mode from the first slide, at the same territory."""
    st.button(t("present_start", view.lang), key="present_start", icon=":material/slideshow:",
              help=t("present_start_help", view.lang), on_click=_start)


def _start() -> None:
    view = st.session_state["view"]
    view.present, view.slide = True, 1


def _exit() -> None:
    view = st.session_state["view"]
    view.present, view.slide = False, None


def _go(number: int) -> None:
    st.session_state["view"].slide = number


def show(view: View) -> None:
    """Draw the view's slide of its territory; the caller stops the page afterwards."""
    st.html(CSS)
    slides = presentation_slides.deck(view.territory, view.lang)
    lang = view.lang
    with st.container(key=KEY):
        number = _slide_number(view, len(slides))
        slide = slides[number - 1]
        with st.container(key="presenta_slide"):
            DRAW[slide.kind](slide, view)
        _controls(number, len(slides), lang)
        _footer(slide, view)
    # written here, not only by dashboard.py after the page: once the page calls st.stop(), no later message
    # (such as the URL) reaches the browser
    ui.publish(view, PAGE_PARAMS["panoramica"])


def _slide_number(view: View, total: int) -> int:
    """The view's slide, 1 when it has none; one beyond the deck becomes the last, said on the slide."""
    asked = view.slide or 1
    if asked > total:
        st.warning(t("present_slide_clamped", view.lang, asked=asked, total=total))
    view.slide = min(asked, total)
    return view.slide


def _controls(number: int, total: int, lang: str) -> None:
    with st.container(horizontal=True, vertical_alignment="center", key="presenta_nav"):
        st.button(t("present_previous", lang), key="presenta_previous", icon=":material/arrow_back:",
                  shortcut="Left", disabled=number <= 1, on_click=_go, args=(number - 1,))
        st.markdown(f"**{number} / {total}**")
        st.button(t("present_next", lang), key="presenta_next", icon=":material/arrow_forward:",
                  icon_position="right", shortcut="Right", disabled=number >= total, on_click=_go,
                  args=(number + 1,))
        st.space("stretch")
        st.button(t("present_exit", lang), key="presenta_exit", icon=":material/close:", shortcut="Esc",
                  on_click=_exit)
    with st.container(key="presenta_keys"):  # hidden by the CSS: only their keys matter (a clicker's)
        st.button(t("present_previous", lang), key="presenta_page_up", shortcut="PageUp", disabled=number <= 1,
                  on_click=_go, args=(number - 1,))
        st.button(t("present_next", lang), key="presenta_page_down", shortcut="PageDown",
                  disabled=number >= total, on_click=_go, args=(number + 1,))


def _footer(slide: Slide, view: View) -> None:
    """Territory, data date (build day and the figures' years) and the slide's sources."""
    parts = [escape_markdown(ui.territory_label(view.territory, view.lang)),
             t("present_data_date", view.lang, date=page_data.data_date(view.lang))]
    if slide.years:
        parts.append(t("present_figures_years", view.lang, years=year_span(slide.years)))
    sources = presentation_slides.footer_sources(slide, view.lang)
    if sources:
        parts.append(escape_markdown(sources))
    with st.container(key="presenta_footer"):
        st.caption(" · ".join(parts))


def _title(slide: Slide, view: View) -> None:
    # a long name (a distretto's runs to 75 characters) in smaller type, so that the slide still fits
    with st.container(key="presenta_title_long" if len(slide.title) > LONG_TITLE else "presenta_title"):
        st.title(escape_markdown(slide.title), anchor=False)
        for line in slide.lines:
            st.markdown(line)
    st.caption(t("present_keys_hint", view.lang))


def _glance(slide: Slide, view: View) -> None:
    st.header(escape_markdown(slide.title), anchor=False)
    rows = glance.glance_rows(view.territory, view.lang)
    rows = rows[rows["topic"].isin(slide.topics)].reset_index(drop=True) if slide.topics else rows
    name = glance.territory_name(view.territory, view.lang)
    chart = charts_glance.spine(rows, "", "", glance.peers_label(rows, view.lang), name,
                                place_name(levels.REGION_NAME, view.lang), view.lang)
    # a plain chart, without the profile's PNG/SVG buttons: a slide has no room for them, the profile has them;
    # the sentence that sums it up is its text for screen readers (and the title slide's opening line)
    st.plotly_chart(slide_chart(chart), key="presenta_glance", config={"displayModeBar": False},
                    alt=glance.glance_summary(view.territory, view.lang))
    with st.container(key="presenta_legend"):
        st.markdown(legend_words(chart, view.lang))


def slide_chart(chart: go.Figure) -> go.Figure:
    """An at-a-glance chart (charts_glance.spine) made for a slide: a copy without its title (the slide's heading
    and footer say it) and without its legend (legend_words says it under the chart), labels on short lines
    (_slide_label), labels and values at GLANCE_FONT px, markers GLANCE_MARKER_SCALE times larger, GLANCE_PX_PER_ROW a
    row, at most GLANCE_HEIGHT."""
    figure = go.Figure(chart)
    margin = chart.layout.margin
    rows_height = (chart.layout.height or GLANCE_HEIGHT) - (margin.t or 0) - (margin.b or 0)
    rows = rows_height / charts_glance.PX_PER_ROW
    height = min(GLANCE_HEIGHT, int(GLANCE_PX_PER_ROW * rows) + GLANCE_TOP + GLANCE_BOTTOM)
    figure.update_layout(title=None, height=height, showlegend=False,
                         margin={"t": GLANCE_TOP, "b": GLANCE_BOTTOM, "r": 190})
    labels = figure.layout.yaxis.ticktext
    if labels:
        headings = [label.startswith("<b>") for label in labels]
        figure.update_yaxes(ticktext=[_slide_label(label) for label in labels],
                            tickvals=[value - HEADING_LIFT * heading
                                      for value, heading in zip(figure.layout.yaxis.tickvals, headings)],
                            tickfont={"size": GLANCE_FONT, "color": "#262730"})
    figure.update_xaxes(title_font={"size": GLANCE_AXIS_FONT})
    figure.update_annotations(font_size=GLANCE_FONT)  # the values at the right of the rows
    for annotation in figure.layout.annotations:  # a row's year after its value, in smaller type of its own
        annotation.text = re.sub(r"font-size:\s*\d+px", f"font-size:{GLANCE_AXIS_FONT}px", annotation.text or "")
    # the first topic's heading sits above the first row: room for it at this size
    low, high = figure.layout.yaxis.range or (None, None)
    if high is not None:
        figure.update_yaxes(range=[low, high - 0.35 - HEADING_LIFT])
    for trace in figure.data:
        if trace.type == "bar":
            trace.width = 0.62
        elif trace.marker.size is not None:
            trace.marker.size = trace.marker.size * GLANCE_MARKER_SCALE
            if trace.marker.line.width is not None:
                trace.marker.line.width = trace.marker.line.width * GLANCE_MARKER_SCALE
    return figure


def _slide_label(label: str) -> str:
    """A row's (or, in bold, a topic's) label on lines of about GLANCE_LABEL_CHARS characters (escaped text: the
    breaks fall on spaces only, so no entity is cut)."""
    bold = label.startswith("<b>")
    text = label.removeprefix("<b>").removesuffix("</b>").replace("<br>", " ")
    lines = textwrap.wrap(text, GLANCE_LABEL_CHARS + (4 if bold else 0)) or [text]
    return "<br>".join(f"<b>{line}</b>" if bold else line for line in lines)


def legend_words(chart: go.Figure, lang: str) -> str:
    """The chart's legend as one Markdown line: the bars, the median, Lombardy, each benchmark's glyph and the
    territory's markers in their colours, each named as in the chart's legend (data-derived names escaped)."""
    parts = []
    for trace in chart.data:
        if trace.showlegend is False or not trace.name:
            continue
        name = escape_markdown(trace.name)
        if trace.type == "bar":
            key = "present_legend_light" if trace.marker.color == charts_glance.RANGE_COLOUR else "present_legend_dark"
            parts.append(t(key, lang, name=name))
        elif trace.marker.symbol == "line-ns":
            key = "present_legend_region" if trace.marker.line.color == charts_glance.REGION_COLOUR else \
                "present_legend_median"
            parts.append(t(key, lang, name=name))
        else:
            glyph = SYMBOL_GLYPHS.get(trace.marker.symbol, "●")
            if trace.meta == charts_glance.TERRITORY:
                colour = MARKER_COLOURS.get(trace.marker.color)
                glyph = f":{colour}[{glyph}]" if colour else "○"
            parts.append(f"{glyph}\u00a0{name}")  # the glyph never ends a line without its name
    return " · ".join(parts)


def _topic(slide: Slide, view: View) -> None:
    st.header(escape_markdown(slide.title), anchor=False)
    columns = st.columns(max(len(slide.cards), 2), gap="medium")
    for column, card in zip(columns, slide.cards):
        with column.container(border=True):
            label, figure, help_text = card["metric"]
            st.metric(label, figure, help=help_text)
            year, *evidence = card["captions"]
            st.markdown(" · ".join(part for part in (year, card.get("trend", "")) if part))
            for line in evidence:  # the counts behind a rate, a flag
                st.caption(line)
            if card["benchmarks"]:
                st.markdown(card["benchmarks"])


def _gauges(slide: Slide, view: View) -> None:
    st.header(escape_markdown(slide.title), anchor=False)
    lang = view.lang
    for column, gauge in zip(st.columns(max(len(slide.gauges), 2), gap="medium"), slide.gauges):
        with column.container(border=True):
            summary = chart_summaries.gauge_summary(view.territory, gauge.indicator_id, lang)
            st.markdown(f"**{escape_markdown(ui.indicator_meta(gauge.indicator_id, lang)['label'])}**")
            st.image(slide_gauge_svg(ui.gauge_image(gauge.indicator_id, gauge.value, gauge.region_value, lang)),
                     alt=summary)
            # the sentence in the slide's 24 px type, not the profile's grey caption
            st.markdown(escape_markdown(summary) + " · " + t("figure_year", lang, year=gauge.year))


# charts.gauge_svg's type (value, difference, scale ends and benchmark) at projector size: the image is drawn
# at its own 360 px width, so these are px on the slide
GAUGE_FONTS = {"40": "60", "16": "30", "13": "24"}
GAUGE_VALUE_RAISE = 6  # px
GAUGE_EXTRA_HEIGHT = 34  # px: the benchmark's words move to a line of their own under the scale's ends


def slide_gauge_svg(svg: str) -> str:
    """A profile gauge (charts.gauge_svg) with its type enlarged (GAUGE_FONTS) and the benchmark written under
    the scale's ends rather than between them, where the larger type would run into them."""
    for old, new in GAUGE_FONTS.items():
        svg = svg.replace(f'font-size="{old}"', f'font-size="{new}"')
    width, height = re.search(r'viewBox="0 0 (\d+) (\d+)"', svg).groups()
    taller = int(height) + GAUGE_EXTRA_HEIGHT
    svg = svg.replace(f'viewBox="0 0 {width} {height}" width="{width}" height="{height}"',
                      f'viewBox="0 0 {width} {taller}" width="{width}" height="{taller}"')
    texts = svg.split("<text ")
    # the value (the first text) a little higher, so that the larger difference under it does not touch it
    texts[1] = re.sub(r'y="([\d.]+)"', lambda m: f'y="{float(m.group(1)) - GAUGE_VALUE_RAISE:g}"', texts[1], count=1)
    texts[-1] = re.sub(r'y="([\d.]+)"', lambda m: f'y="{float(m.group(1)) + GAUGE_EXTRA_HEIGHT:g}"', texts[-1], count=1)
    return "<text ".join(texts)


def _similar(slide: Slide, view: View) -> None:
    st.header(escape_markdown(slide.title), anchor=False)
    half = (len(slide.lines) + 1) // 2
    for column, lines in zip(st.columns(2), (slide.lines[:half], slide.lines[half:])):
        column.markdown("  \n".join(lines))
    if similar.neighbours(view.territory):  # the method, when there are neighbours to explain
        st.caption(similar.method_text(view.lang))


def _sources(slide: Slide, view: View) -> None:
    st.header(escape_markdown(slide.title), anchor=False)
    st.markdown("\n".join(f"- {line}" for line in slide.lines))


DRAW = {TITLE: _title, GLANCE: _glance, TOPIC: _topic, GAUGES: _gauges, SIMILAR: _similar, SOURCES: _sources}
