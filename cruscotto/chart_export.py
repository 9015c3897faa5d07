"""Charts for slides and minutes: every Plotly chart of the pages drawn with its one-sentence summary (a caption
under it, and the chart's text for screen readers) and PNG and SVG downloads whose images carry the chart's title,
its source and year drawn in, on white. The images are drawn on the server only when a button is clicked
(st.download_button with a callable); the modebar's camera gives a PNG in the browser without the server."""
import textwrap
from html import escape

import plotly.graph_objects as go
import streamlit as st

from cruscotto import chart_images
from cruscotto.formatting import escape_markdown
from cruscotto.i18n import t

EXPORT_WIDTH = 1280        # px: a 16:9 slide's width; PNG at PNG_SCALE times that
PNG_SCALE = 2
DEFAULT_HEIGHT = 450      # Plotly's, for a figure that sets none
TITLE_SPACE = 56           # px above the plot for the title, SUBTITLE_SPACE more for its subtitle
SUBTITLE_SPACE = 20
TITLE_FONT_SIZE = 18
AXIS_SPACE = 70            # px under the plot for the x axis' ticks and title
SIDE_SPACE = 24            # px left and right of the plot at least (a chart's own wider margins stay)
SOURCE_LINE_HEIGHT = 20    # px per source line at the bottom, SOURCE_PADDING around them
SOURCE_PADDING = 24
SOURCE_FONT_SIZE = 14
SOURCE_LINE_CHARACTERS = 150  # a longer source line wraps: about the image's width at SOURCE_FONT_SIZE
LEGEND_GAP = 12            # px between the legend and the source lines
MIME = {"png": "image/png", "svg": "image/svg+xml"}

# the modebar keeps the camera (a PNG drawn by the browser) and "reset axes" after a drag-zoom, nothing else
MODEBAR_REMOVED = ["zoom2d", "pan2d", "select2d", "lasso2d", "zoomIn2d", "zoomOut2d", "autoScale2d",
                   "toggleSpikelines", "hoverClosestCartesian", "hoverCompareCartesian"]


def plotly_config(file_stem: str) -> dict:
    """st.plotly_chart's config: the camera button saves `file_stem`.png at twice the size on screen."""
    return {"toImageButtonOptions": {"format": "png", "filename": file_stem, "scale": PNG_SCALE},
            "modeBarButtonsToRemove": MODEBAR_REMOVED, "displaylogo": False}


def image_figure(figure: go.Figure, source_line: str) -> go.Figure:
    """A copy of the figure for a file: white, the title at the top as drawn on screen (text and subtitle), the
    legend under the plot, and the source line ("Fonte: … · anno …"; one line per source, separated by newlines)
    at the bottom. Placed in pixels from the image's edges: the title and the legend are the only texts whose
    place Plotly can fix on the whole image (annotations are placed relative to the plot, whose size depends on
    the legend), so the source takes the title's place at the bottom and the title becomes an annotation above
    the plot, whose top is fixed by the top margin."""
    image = go.Figure(figure)
    layout = image.layout
    lines = [escape(part) for line in source_line.splitlines() if line.strip()
             for part in textwrap.wrap(line, SOURCE_LINE_CHARACTERS)]
    source_space = SOURCE_PADDING + SOURCE_LINE_HEIGHT * max(len(lines), 1)
    title = layout.title.text or ""
    subtitle = layout.title.subtitle.text if layout.title.subtitle and layout.title.subtitle.text else ""
    title_space = TITLE_SPACE + (SUBTITLE_SPACE if subtitle else 0)
    height = int(layout.height or DEFAULT_HEIGHT) + source_space + title_space - int(layout.margin.t or 0)
    image.update_layout(
        template="plotly_white", paper_bgcolor="white", plot_bgcolor="white", width=EXPORT_WIDTH, height=height,
        # without a legend, the bottom margin holds the axis title and the source; with one, the legend reserves
        # its own room above the source line and the plot ends above it
        margin=dict(l=max(layout.margin.l or 0, SIDE_SPACE), r=max(layout.margin.r or 0, SIDE_SPACE), t=title_space,
                    b=AXIS_SPACE + (0 if _has_legend(image) else source_space)),
        # anchored at its top: Plotly places a title of several lines by its first line
        title=dict(text="<br>".join(lines), subtitle=None, x=0, xref="container", xanchor="left",
                   y=(source_space - SOURCE_PADDING // 2) / height, yref="container", yanchor="top", pad=dict(l=20),
                   font=dict(size=SOURCE_FONT_SIZE), automargin=False),
        legend=dict(orientation="h", x=0, xanchor="left", y=(source_space + LEGEND_GAP) / height,
                    yref="container", yanchor="bottom"),
    )
    if title:
        heading = f"<b>{title}</b>" + (f"<br><span style='font-size:13px'>{subtitle}</span>" if subtitle else "")
        image.add_annotation(text=heading, x=0, xref="paper", xanchor="left", y=1, yref="paper", yanchor="bottom",
                             yshift=12, showarrow=False, align="left", font=dict(size=TITLE_FONT_SIZE))
    return image


def _has_legend(figure: go.Figure) -> bool:
    """Whether Plotly draws a legend: as the layout says, else when two traces or more would be in it."""
    if figure.layout.showlegend is not None:
        return bool(figure.layout.showlegend)
    return sum(trace.showlegend is not False for trace in figure.data) > 1


def image_bytes(figure: go.Figure, source_line: str, fmt: str) -> bytes:
    """The figure as a PNG or SVG file with its title, source and year drawn in."""
    image = image_figure(figure, source_line)
    return chart_images.render(image.to_dict(), fmt, EXPORT_WIDTH, int(image.layout.height),
                               PNG_SCALE if fmt == "png" else 1)


def show(figure, key: str, summary: str, file_stem: str, lang: str, source_line: str, caption: bool = True) -> None:
    """The chart, its summary under it (the chart's accessible text too), and a PNG and an SVG download.
    caption False: the page already shows the summary beside the chart (it stays the chart's text)."""
    st.plotly_chart(figure, key=key, alt=summary, config=plotly_config(file_stem))
    if caption:
        st.caption(escape_markdown(summary))  # names come from data: shown as typed
    browser = chart_images.chromium_path()
    buttons = st.container(horizontal=True, gap="small")
    for fmt in ("png", "svg"):
        label = t(f"charts_download_{fmt}", lang)
        if browser is None:  # said on the button, instead of a download that fails
            buttons.download_button(label, data=b"", key=f"{key}_{fmt}", disabled=True, icon=":material/image:",
                                   help=t("charts_no_browser", lang))
            continue
        buttons.download_button(
            label, data=lambda fmt=fmt: image_bytes(figure, source_line, fmt), file_name=f"{file_stem}.{fmt}",
            mime=MIME[fmt], key=f"{key}_{fmt}", on_click="ignore", icon=":material/image:",
            help=t("charts_download_help", lang, format=fmt.upper()))
