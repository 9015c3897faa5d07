"""The scheda drawn as an A4 PDF with reportlab's page layout (platypus): real, selectable text in the built-in
Helvetica, tables and vector charts (cruscotto/scheda_graphics.py), a footer with page numbers on every page.
Every text from data or strings is escaped for reportlab's paragraph markup and kept to WinAnsi characters."""
import io
from dataclasses import dataclass
from functools import partial
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (CondPageBreak, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table,
                                TableStyle)

from cruscotto import scheda_graphics as graphics
from cruscotto.formatting import number
from cruscotto.i18n import STRINGS, place_name, t
from cruscotto.levels import REGION_NAME
from cruscotto.scheda_content import NOT_COMPUTED, Figure, Scheda

MARGIN = 14 * mm
FRAME_PADDING = 6  # reportlab's frame keeps 6 points inside the margins on every side
FRAME_WIDTH = A4[0] - 2 * MARGIN - 2 * FRAME_PADDING
INK, MUTED, RULE = graphics.INK, graphics.MUTED, colors.HexColor("#BDBDBD")
HEADER_FILL = colors.HexColor("#EEEEEE")

STYLES = {
    "kicker": ParagraphStyle("kicker", fontName="Helvetica", fontSize=8, leading=10, textColor=MUTED),
    "title": ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=19, leading=22, textColor=INK,
                            spaceAfter=2),
    "subtitle": ParagraphStyle("subtitle", fontName="Helvetica", fontSize=10, leading=12.5, textColor=INK),
    "meta": ParagraphStyle("meta", fontName="Helvetica", fontSize=7.5, leading=9.5, textColor=MUTED, spaceAfter=4),
    "h2": ParagraphStyle("h2", fontName="Helvetica-Bold", fontSize=11.5, leading=14, textColor=INK, spaceBefore=8,
                         spaceAfter=4),
    "body": ParagraphStyle("body", fontName="Helvetica", fontSize=8, leading=10, textColor=INK, alignment=TA_LEFT),
    "small": ParagraphStyle("small", fontName="Helvetica", fontSize=7, leading=8.6, textColor=MUTED),
    "cell": ParagraphStyle("cell", fontName="Helvetica", fontSize=7.3, leading=8.6, textColor=INK),
    "cell_head": ParagraphStyle("cell_head", fontName="Helvetica-Bold", fontSize=6.8, leading=8, textColor=INK),
    "chart_title": ParagraphStyle("chart_title", fontName="Helvetica-Bold", fontSize=7.5, leading=9, textColor=INK),
}


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: int


def render(scheda: Scheda, view_url: str) -> Rendered:
    """The scheda as PDF bytes and its number of pages."""
    buffer = io.BytesIO()
    lang = scheda.lang
    app = t("app_title", lang)
    document = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN + 4 * mm,
        title=graphics.pdf_text(t("scheda_document_title", lang, name=scheda.name)), author=app, creator=app,
        subject=graphics.pdf_text(scheda.level_text), lang=lang, invariant=True)
    pages = []
    footer = partial(_FooterCanvas, footer=lambda page, total: graphics.pdf_text(
        t("scheda_footer", lang, app=app, name=scheda.name, page=page, pages=total)), pages_seen=pages)
    document.build(_story(scheda, view_url), canvasmaker=footer)
    return Rendered(buffer.getvalue(), pages[0] if pages else 0)


class _FooterCanvas(Canvas):
    """Holds the pages back until the end, to write "pagina 1 di 2" on each."""

    def __init__(self, *args, footer, pages_seen: list, **kwargs):
        super().__init__(*args, **kwargs)
        self._footer, self._pages_seen, self._held = footer, pages_seen, []

    def showPage(self):
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._held)
        self._pages_seen.append(total)
        for page, state in enumerate(self._held, start=1):
            self.__dict__.update(state)
            self.setFont("Helvetica", 7)
            self.setFillColor(MUTED)
            self.setStrokeColor(RULE)
            left, right = MARGIN + FRAME_PADDING, A4[0] - MARGIN - FRAME_PADDING
            self.line(left, MARGIN, right, MARGIN)
            self.drawString(left, MARGIN - 9, self._footer(page, total))
            super().showPage()
        super().save()


def _story(scheda: Scheda, view_url: str) -> list:
    lang = scheda.lang
    story = [_p(t("scheda_kicker", lang), "kicker"), _p(scheda.name, "title"), _p(scheda.level_text, "subtitle"),
             _p(scheda.data_date, "meta")]
    if not scheda.any_figure:
        story.append(_p(t("scheda_no_figures", lang), "body"))
    story += _glance_section(scheda)
    story += _table_section(scheda)
    if scheda.is_comune:
        story += _similar_section(scheda)
    story += _trends_section(scheda)
    story += _sources_section(scheda, view_url)
    return story


def _glance_section(scheda: Scheda) -> list:
    lang = scheda.lang
    rows = scheda.glance.to_dict("records")
    if not rows:
        return []
    chart = graphics.glance_chart(rows, FRAME_WIDTH, partial(_peers_words, lang=lang), lang, scheda.trend_directions)
    legend = graphics.legend_swatches(rows, FRAME_WIDTH, place_name(REGION_NAME, lang), lang, scheda.trend_directions)
    return [KeepTogether([_p(t("scheda_glance_title", lang), "h2"), chart, Spacer(1, 4),
                          _p(t("scheda_verdict_legend", lang), "small"), legend, Spacer(1, 2),
                          _p(t("scheda_glance_legend", lang), "small")])]


def _peers_words(n: int, level: str, lang: str) -> str:
    """"1.502 comuni lombardi": how many peers a row's spread is drawn from (glance.py's words for them)."""
    key = f"glance_peers_{level}"
    return f"{number(n, 0, lang)} {t(key, lang) if key in STRINGS else ''}".strip()


def _table_section(scheda: Scheda) -> list:
    lang = scheda.lang
    if not scheda.rows and not scheda.missing_lines:
        return []
    out = [CondPageBreak(60), _p(t("scheda_table_title", lang), "h2")]
    if scheda.rows:
        out.append(_headline_table(scheda))
    marks = []
    if any(figure is not None and figure.provisional for row in scheda.rows for figure in (row.own, *row.benchmarks)):
        marks.append(t("scheda_mark_provisional", lang))
    flags = sorted({figure.flag for row in scheda.rows for figure in (row.own, *row.benchmarks)
                    if figure is not None and figure.flag})
    marks += [t("scheda_mark_flagged", lang, words=words) for words in flags]
    if any(figure is None for row in scheda.rows for figure in row.benchmarks):
        marks.append(t("scheda_mark_not_available", lang))
    if any(figure is NOT_COMPUTED for row in scheda.rows for figure in row.benchmarks):
        marks.append(t("scheda_mark_not_computed", lang))
    if marks:
        out.append(Spacer(1, 2))
        out.append(_p(" · ".join(marks), "small"))
    if scheda.missing_lines:
        out.append(Spacer(1, 3))
    for line in scheda.missing_lines:
        out.append(_p(line, "small"))
    return out


def _headline_table(scheda: Scheda) -> Table:
    lang = scheda.lang
    names = scheda.benchmark_names
    value_width, year_width = 52.0, 28.0
    label_width = 150.0 if names else FRAME_WIDTH - value_width - year_width
    bench_width = (FRAME_WIDTH - label_width - value_width - year_width) / len(names) if names else 0
    header = [_p(t("scheda_col_indicator", lang), "cell_head"), _p(scheda.name, "cell_head"),
              _p(t("scheda_col_year", lang), "cell_head"), *(_p(name, "cell_head") for name in names)]
    body = [[_p(row.label, "cell"), _p(_figure_text(row.own, lang), "cell", bold=True), _p(str(row.year), "cell"),
             *(_p(_figure_text(figure, lang), "cell") for figure in row.benchmarks)] for row in scheda.rows]
    table = Table([header, *body], colWidths=[label_width, value_width, year_width] + [bench_width] * len(names),
                  repeatRows=1)
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, RULE),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.6),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def _figure_text(figure: Figure | None, lang: str) -> str:
    if figure is None:
        return t("scheda_not_available", lang)
    return figure.text + (" *" if figure.provisional else "") + (" !" if figure.flag else "")


def _similar_section(scheda: Scheda) -> list:
    lang = scheda.lang
    out = [_p(t("scheda_similar_title", lang), "h2")]
    if not scheda.neighbours:
        return out + [_p(t("scheda_similar_none", lang), "body")]
    half = (len(scheda.neighbours) + 1) // 2
    cells = [f"{n.rank}. {place_name(n.name, lang)} ({t('scheda_similar_distance', lang, distance=number(n.distance, 2, lang))})"
             for n in scheda.neighbours]
    rows = [[_p(cells[i], "cell"), _p(cells[i + half], "cell") if i + half < len(cells) else ""] for i in range(half)]
    table = Table(rows, colWidths=[FRAME_WIDTH / 2] * 2)
    table.setStyle(TableStyle([("TOPPADDING", (0, 0), (-1, -1), 0.8), ("BOTTOMPADDING", (0, 0), (-1, -1), 0.8),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return [KeepTogether(out + [table, Spacer(1, 3), _p(scheda.similar_method, "small")])]


def _trends_section(scheda: Scheda) -> list:
    lang = scheda.lang
    title = _p(t("scheda_trends_title", lang), "h2")
    if not scheda.trends:
        return [title, _p(t("scheda_trends_none", lang), "body")]
    width = FRAME_WIDTH / max(len(scheda.trends), 3)
    titles, charts, words = [], [], []
    for key_trend in scheda.trends:
        unit = f" ({key_trend.unit})" if key_trend.unit else ""
        titles.append(_p(key_trend.label + unit, "chart_title"))
        charts.append(graphics.trend_chart(key_trend.own, key_trend.benchmark, key_trend.decimals, lang,
                                           width=width - 10))
        words.append(_p(key_trend.words, "small"))
    # titles, charts and words on rows of their own: charts stay level whatever their titles' length
    table = Table([titles, charts, words], colWidths=[width] * len(charts), hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, 0), "BOTTOM"), ("VALIGN", (0, 1), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 8)]))
    benchmarks = list(dict.fromkeys(key_trend.benchmark_name for key_trend in scheda.trends if key_trend.benchmark_name))
    legend = (t("scheda_trend_legend", lang, name=scheda.name, benchmark=", ".join(benchmarks)) if benchmarks
              else t("scheda_trend_legend_alone", lang, name=scheda.name))
    return [KeepTogether([title, table, Spacer(1, 2), _p(legend, "small"), _p(scheda.trend_method, "small")])]


def _sources_section(scheda: Scheda, view_url: str) -> list:
    lang = scheda.lang
    lines = [_p(line.text, "small") for line in scheda.sources]
    reopen = Paragraph(f"{escape(graphics.pdf_text(t('scheda_link', lang)))} {_link(view_url)}", STYLES["body"])
    return [KeepTogether([_p(t("scheda_sources_title", lang), "h2"), *lines]), Spacer(1, 6), reopen]


def _link(url: str) -> str:
    """The view's address as a clickable link (paragraph markup); only http(s) addresses are made links."""
    shown = escape(graphics.pdf_text(url))
    if urlsplit(url).scheme not in ("http", "https"):
        return shown
    return f'<link href="{escape(url, {chr(34): "&quot;"})}" color="#0B5394">{shown}</link>'


def _p(text: str, style: str, bold: bool = False) -> Paragraph:
    """A paragraph of plain text: escaped, so nothing from data is read as markup."""
    body = escape(graphics.pdf_text(text))
    return Paragraph(f"<b>{body}</b>" if bold else body, STYLES[style])
