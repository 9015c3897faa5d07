"""The scheda's charts as reportlab vector drawings (real lines and text in the PDF, never a picture): the
at-a-glance spine chart of glance.glance_rows and the small trend lines. Only Helvetica, whose WinAnsi
characters cover Italian: every text goes through pdf_text, and arrows are never drawn as characters."""
import math

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, PolyLine, Polygon, Rect, String
from reportlab.lib.colors import HexColor, white
from reportlab.pdfbase.pdfmetrics import stringWidth

from cruscotto import charts_glance
from cruscotto.formatting import number
from cruscotto.i18n import t

FONT, BOLD = "Helvetica", "Helvetica-Bold"
INK = HexColor("#222222")
MUTED = HexColor("#5F5F5F")
GRID = HexColor("#DADADA")
TERRITORY_LINE = HexColor("#0072B2")
BENCHMARK_LINE = HexColor("#555555")
# the spine chart's colours, symbols and scale rule are the page's (cruscotto/charts_glance.py): one look for both
SPREAD, MIDDLE = HexColor(charts_glance.RANGE_COLOUR), HexColor(charts_glance.MIDDLE_COLOUR)
MEDIAN, REGION = HexColor(charts_glance.MEDIAN_COLOUR), HexColor(charts_glance.REGION_COLOUR)
VERDICT_COLOURS = {verdict: HexColor(colour) for verdict, (colour, _) in charts_glance.VERDICT_STYLE.items()}
VERDICT_SHAPES = {"higher": "triangle_right", "lower": "triangle_left"}  # otherwise a circle, as on the page
VERDICT_ORDER = ("better", "similar", "worse", "higher", "lower", "not_compared")
MARKER_SHAPES = ("diamond", "square", "triangle", "star", "hexagon", "pentagon")  # charts_glance.BENCHMARK_SYMBOLS

# Characters outside WinAnsi that data or shared strings may hold, with what the PDF says instead.
REPLACEMENTS = {"↗": "", "↘": "", "→": "->", "←": "<-", "≥": ">=", "≤": "<=", "χ": "chi", "⚠": "!",
                "▲": "", "▼": "", "✓": "", "\u2009": " ", "\u202f": " ", "\u00a0": " "}


def pdf_text(text) -> str:
    """Text the built-in Helvetica can draw: known symbols in words, any other character outside WinAnsi
    (cp1252) dropped rather than printed as a black box."""
    text = "".join(REPLACEMENTS.get(ch, ch) for ch in str(text))
    return "".join(ch for ch in text if _in_winansi(ch))


def _in_winansi(ch: str) -> bool:
    try:
        ch.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return ch >= " "


def fitted(text: str, width: float, font: str = FONT, size: float = 7.0) -> str:
    """The text cut with "…" to fit `width` points."""
    text = pdf_text(text)
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def wrapped(text: str, width: float, font: str = FONT, size: float = 7.0, lines: int = 2) -> list[str]:
    """At most `lines` lines of `width` points, the last one cut with "…" when the words run over."""
    words, result, current = pdf_text(text).split(), [], ""
    for position, word in enumerate(words):
        candidate = f"{current} {word}".strip()
        if stringWidth(candidate, font, size) <= width or not current:
            current = candidate
            continue
        if len(result) == lines - 1:  # no line left: the rest goes on this one, cut with "…"
            current = " ".join([current, *words[position:]])
            break
        result.append(current)
        current = word
    result.append(current)
    return [fitted(line, width, font, size) for line in result]  # a single word wider than a line is cut too


def fitting_size(text: str, width: float, font: str, size: float, smallest: float) -> float:
    """`size`, or a smaller one down to `smallest` at which the text fits `width` (then it is cut there)."""
    text = pdf_text(text)
    while size > smallest and stringWidth(text, font, size) > width:
        size = round(size - 0.2, 1)
    return max(size, smallest)


# -- the at-a-glance spine chart ------------------------------------------------------------------------------
LABEL_WIDTH = 160.0
BAR_X = 168.0
BAR_WIDTH = 190.0
VALUE_X = BAR_X + BAR_WIDTH + 10
VERDICT_X = VALUE_X + 58
ROW_HEIGHT = 19.0
TOPIC_HEIGHT = 13.0
HEADER_HEIGHT = 9.0
BAR_HEIGHT = 7.0


def glance_chart(rows: list[dict], width: float, peers_words, lang: str, trends: dict[str, str]) -> Drawing:
    """One row per indicator, grouped under its topic: the label with year and peers, the spread of the peers,
    Lombardy's line, the benchmarks as hollow symbols and the territory's symbol coloured by its verdict (as
    cruscotto/charts_glance.py draws them on the page, each row on its own scale: charts_glance.row_scale), then
    the figure and the verdict in words, with the recent trend as a drawn arrow. rows: glance.glance_rows records;
    peers_words(n, level) -> "1.502 comuni lombardi"; trends: indicator id -> "up", "stable" or "down"."""
    marker_names = benchmark_names(rows)
    topics = len({row["topic"] for row in rows})
    height = HEADER_HEIGHT + len(rows) * ROW_HEIGHT + topics * TOPIC_HEIGHT + 4
    drawing = Drawing(width, height)
    y = height - HEADER_HEIGHT
    for x, key in ((VALUE_X, "scheda_col_glance_value"), (VERDICT_X, "scheda_col_glance_verdict")):
        drawing.add(String(x, y + 2, fitted(t(key, lang), width - x, BOLD, 6.5), fontName=BOLD, fontSize=6.5,
                           fillColor=MUTED))
    topic = None
    for row in rows:
        if row["topic"] != topic:
            topic = row["topic"]
            y -= TOPIC_HEIGHT
            drawing.add(String(0, y + 3, fitted(row["topic_label"].upper(), LABEL_WIDTH, BOLD, 6.8), fontName=BOLD,
                               fontSize=6.8, fillColor=MUTED))
            drawing.add(Line(0, y + 1, width, y + 1, strokeColor=GRID, strokeWidth=0.5))
        y -= ROW_HEIGHT
        drawing.add(_glance_row(row, y, width, marker_names, peers_words, lang, trends.get(row["indicator_id"])))
    return drawing


def benchmark_names(rows: list[dict]) -> list[str]:
    """The benchmarks drawn as hollow symbols, in order of first appearance (one shape each)."""
    drawn = [name for row in rows for name, _ in charts_glance.drawn_markers(row)]
    return list(dict.fromkeys(drawn))[:len(MARKER_SHAPES)]


def _glance_row(row: dict, y: float, width: float, marker_names: list[str], peers_words, lang: str,
                direction: str | None) -> Group:
    group = Group()
    scale = (row["scale_centre"], row["scale_half"]) if row["has_spread"] else None  # charts_glance.row_scale
    label_size = fitting_size(row["label"], LABEL_WIDTH, FONT, 7.2, 6.4) if scale else 7.2
    label_lines = wrapped(row["label"], LABEL_WIDTH, FONT, label_size, lines=1 if scale else 2)
    detail = str(row["year"])
    if scale:
        detail += " · " + peers_words(int(row["peers_n"]), row["peer_level"])
    top = y + ROW_HEIGHT - 9
    for number_of_line, line in enumerate(label_lines):
        group.add(String(0, top - number_of_line * 8, line, fontName=FONT, fontSize=label_size, fillColor=INK))
    group.add(String(0, top - len(label_lines) * 8, fitted(detail, LABEL_WIDTH, FONT, 6.0), fontName=FONT,
                     fontSize=6.0, fillColor=MUTED))
    middle = y + ROW_HEIGHT / 2
    if scale is not None:
        centre, half = scale
        to_x = lambda value: BAR_X + BAR_WIDTH / 2 * (1 + (value - centre) / half)  # noqa: E731
        edge = lambda value: min(max(to_x(value), BAR_X), BAR_X + BAR_WIDTH)  # noqa: E731
        for low, high, colour in (("p_min", "p_max", SPREAD), ("p25", "p75", MIDDLE)):
            start, end = edge(row[low]), edge(row[high])
            group.add(Rect(start, middle - BAR_HEIGHT / 2, max(end - start, 0.8), BAR_HEIGHT, fillColor=colour,
                           strokeColor=None))
        for column, pointing in (("p_min", -1), ("p_max", 1)):  # an extreme beyond the scale: an arrowhead there
            if to_x(row[column]) != edge(row[column]):
                tip = edge(row[column]) + pointing * 4
                group.add(Polygon([tip, middle, tip - pointing * 5, middle + 4, tip - pointing * 5, middle - 4],
                                  fillColor=MIDDLE, strokeColor=None))
        group.add(Line(to_x(row["p50"]), middle - BAR_HEIGHT / 2 - 1, to_x(row["p50"]), middle + BAR_HEIGHT / 2 + 1,
                       strokeColor=MEDIAN, strokeWidth=1.4))
        if row["region_drawn"]:
            x = to_x(row["region_value"])
            group.add(Line(x, y + 1.5, x, y + ROW_HEIGHT - 1.5, strokeColor=REGION, strokeWidth=1.3))
        for name, _, value, offset in charts_glance.dodged_markers(row, centre, half):
            if name in marker_names:  # the offset runs down the page, as on screen (a PDF's y runs up)
                group.add(marker(MARKER_SHAPES[marker_names.index(name)], edge(value), middle - offset * ROW_HEIGHT, 3.4))
        group.add(verdict_symbol(row["verdict"], edge(row["value"]), middle))
    else:
        group.add(String(BAR_X + BAR_WIDTH / 2, middle - 2.5, fitted(t("glance_no_spread", lang), BAR_WIDTH, FONT, 6.5),
                         fontName=FONT, fontSize=6.5, fillColor=MUTED, textAnchor="middle"))
    figure = fitted(row.get("figure_text") or row["value_text"], VERDICT_X - VALUE_X - (14 if direction else 4), BOLD,
                    7.2)
    group.add(String(VALUE_X, middle - 2.5, figure, fontName=BOLD, fontSize=7.2, fillColor=INK))
    if direction:
        group.add(trend_arrow(direction, VALUE_X + stringWidth(figure, BOLD, 7.2) + 3, middle))
    group.add(String(VERDICT_X, middle - 2.5, fitted(t(f"scheda_verdict_{row['verdict']}", lang), width - VERDICT_X,
                                                     FONT, 6.5), fontName=FONT, fontSize=6.5, fillColor=MUTED))
    return group


def verdict_symbol(verdict: str, x: float, y: float):
    """The territory's symbol: a circle, or a triangle pointing right (higher) or left (lower) where no
    direction is better, filled with the verdict's colour."""
    fill = VERDICT_COLOURS.get(verdict, white)
    shape = VERDICT_SHAPES.get(verdict)
    if shape == "triangle_right":
        return Polygon([x + 4.6, y, x - 3.4, y + 4.4, x - 3.4, y - 4.4], fillColor=fill, strokeColor=INK,
                       strokeWidth=0.9)
    if shape == "triangle_left":
        return Polygon([x - 4.6, y, x + 3.4, y + 4.4, x + 3.4, y - 4.4], fillColor=fill, strokeColor=INK,
                       strokeWidth=0.9)
    return Circle(x, y, 3.9, fillColor=fill, strokeColor=INK, strokeWidth=0.9)


def marker(shape: str, x: float, y: float, size: float):
    """A hollow benchmark symbol centred on (x, y)."""
    if shape == "square":
        points = [x - size * 0.8, y - size * 0.8, x + size * 0.8, y - size * 0.8, x + size * 0.8, y + size * 0.8,
                  x - size * 0.8, y + size * 0.8]
    elif shape == "diamond":
        points = [x, y + size, x + size, y, x, y - size, x - size, y]
    elif shape == "triangle":
        points = [x - size, y - size * 0.8, x + size, y - size * 0.8, x, y + size]
    elif shape == "star":
        points = [c for k in range(10) for c in _polar(x, y, size if k % 2 == 0 else size * 0.45, 90 + 36 * k)]
    else:  # hexagon, pentagon
        sides = 6 if shape == "hexagon" else 5
        points = [c for k in range(sides) for c in _polar(x, y, size, 90 + 360 / sides * k)]
    return Polygon(points, fillColor=None, strokeColor=INK, strokeWidth=0.9)


def trend_arrow(direction: str, x: float, y: float) -> Group:
    """The recent trend as a small drawn arrow starting at (x, y): rising, stable or falling (the characters
    ↗ → ↘ are not in the built-in font)."""
    rise = {"up": 2.6, "stable": 0.0, "down": -2.6}[direction]
    end_x, end_y = x + 7, y + rise
    length = math.hypot(7, rise)
    ux, uy = 7 / length, rise / length  # along the arrow
    head = [end_x, end_y, end_x - 3 * ux - 1.8 * uy, end_y - 3 * uy + 1.8 * ux,
            end_x - 3 * ux + 1.8 * uy, end_y - 3 * uy - 1.8 * ux]
    return Group(Line(x, y - rise, end_x - 2 * ux, end_y - 2 * uy, strokeColor=INK, strokeWidth=0.9),
                 Polygon(head, fillColor=INK, strokeColor=None))


def _polar(x: float, y: float, radius: float, degrees: float) -> tuple[float, float]:
    return x + radius * math.cos(math.radians(degrees)), y + radius * math.sin(math.radians(degrees))


def legend_swatches(rows: list[dict], width: float, region_name: str, lang: str, trends: dict[str, str]) -> Drawing:
    """The chart's keys drawn as the chart draws them, each with its words: first the territory's symbol for each
    verdict that occurs, then the benchmarks' symbols and Lombardy's line, then the trend arrows that occur (each
    group wraps as it needs)."""
    verdicts = [("verdict", verdict, t(f"glance_verdict_{verdict}", lang))
                for verdict in VERDICT_ORDER if any(row["verdict"] == verdict for row in rows)]
    symbols = [("marker", MARKER_SHAPES[position], name) for position, name in enumerate(benchmark_names(rows))]
    if any(row["region_drawn"] for row in rows):
        symbols.append(("line", None, region_name))
    arrows = [("arrow", direction, t(f"scheda_trend_key_{direction}", lang))
              for direction in ("up", "stable", "down") if direction in trends.values()]
    lines = []
    for items in (group for group in (verdicts, symbols, arrows) if group):
        x, current = 0.0, []
        for kind, key, words in items:
            words = fitted(words, width * 0.8, FONT, 7.0)
            item_width = 14 + stringWidth(words, FONT, 7.0) + 12
            if current and x + item_width > width:
                lines.append(current)
                current, x = [], 0.0
            current.append((x, kind, key, words))
            x += item_width
        if current:
            lines.append(current)
    line_height = 12.0
    drawing = Drawing(width, line_height * len(lines))
    for number_of_line, line in enumerate(lines):
        y = drawing.height - line_height * (number_of_line + 1) + 3
        for x, kind, key, words in line:
            if kind == "verdict":
                drawing.add(verdict_symbol(key, x + 5, y + 2.5))
            elif kind == "marker":
                drawing.add(marker(key, x + 5, y + 2.5, 3.3))
            elif kind == "arrow":
                drawing.add(trend_arrow(key, x + 1, y + 2.5))
            else:
                drawing.add(Line(x + 5, y - 2.5, x + 5, y + 7.5, strokeColor=REGION, strokeWidth=1.3))
            drawing.add(String(x + 13, y, words, fontName=FONT, fontSize=7.0, fillColor=INK))
    return drawing


# -- small trend lines ----------------------------------------------------------------------------------------
def trend_chart(own, benchmark, decimals: int, lang: str, width: float = 160.0, height: float = 92.0) -> Drawing:
    """The territory's series (solid) and a benchmark's (dashed) over the territory's years: a missing year
    breaks the line; provisional points hollow, flagged points a cross. own, benchmark: SeriesPoint tuples."""
    drawing = Drawing(width, height)
    left, bottom, right, top = 30.0, 14.0, width - 6, height - 6
    first, last = own[0].year, own[-1].year
    values = [point.value for point in (*own, *benchmark)]
    low, high = min(values), max(values)
    if high == low:
        low, high = low - (abs(low) * 0.05 or 1), high + (abs(high) * 0.05 or 1)
    pad = (high - low) * 0.08
    low, high = low - pad, high + pad
    x_of = lambda year: left + (year - first) / max(last - first, 1) * (right - left)  # noqa: E731
    y_of = lambda value: bottom + (value - low) / (high - low) * (top - bottom)  # noqa: E731
    for tick in _nice_ticks(low, high, 3):
        drawing.add(Line(left, y_of(tick), right, y_of(tick), strokeColor=GRID, strokeWidth=0.4))
        drawing.add(String(left - 3, y_of(tick) - 2.2, number(tick, _tick_decimals(low, high, decimals), lang),
                           fontName=FONT, fontSize=5.8, fillColor=MUTED, textAnchor="end"))
    for year in _year_ticks(first, last):
        drawing.add(Line(x_of(year), bottom, x_of(year), bottom - 2, strokeColor=MUTED, strokeWidth=0.5))
        drawing.add(String(x_of(year), bottom - 8.5, str(year), fontName=FONT, fontSize=5.8, fillColor=MUTED,
                           textAnchor="middle"))
    drawing.add(Line(left, bottom, right, bottom, strokeColor=MUTED, strokeWidth=0.5))
    for points, colour, dash, stroke in ((benchmark, BENCHMARK_LINE, [2.2, 1.6], 0.9), (own, TERRITORY_LINE, None, 1.5)):
        for run in _consecutive_runs(points):
            if len(run) > 1:
                drawing.add(PolyLine([c for point in run for c in (x_of(point.year), y_of(point.value))],
                                     strokeColor=colour, strokeWidth=stroke, strokeDashArray=dash))
        for point in points:
            x, y = x_of(point.year), y_of(point.value)
            if point.flagged:
                drawing.add(Line(x - 2, y - 2, x + 2, y + 2, strokeColor=colour, strokeWidth=1))
                drawing.add(Line(x - 2, y + 2, x + 2, y - 2, strokeColor=colour, strokeWidth=1))
            else:
                drawing.add(Circle(x, y, 1.8, fillColor=white if point.provisional else colour, strokeColor=colour,
                                   strokeWidth=0.8))
    return drawing


def _consecutive_runs(points) -> list[list]:
    runs = []
    for point in points:
        if runs and point.year == runs[-1][-1].year + 1:
            runs[-1].append(point)
        else:
            runs.append([point])
    return runs


def _nice_ticks(low: float, high: float, count: int) -> list[float]:
    """About `count` round values between low and high."""
    raw = (high - low) / max(count, 1)
    magnitude = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.ceil(low / step) * step
    ticks, value = [], start
    while value <= high + 1e-9:
        ticks.append(round(value, 10))
        value += step
    return ticks


def _tick_decimals(low: float, high: float, decimals: int) -> int:
    span = high - low
    return 0 if span >= 5 else min(decimals, 1 if span >= 0.5 else 2)


def _year_ticks(first: int, last: int) -> list[int]:
    span = last - first
    if span <= 5:
        return list(range(first, last + 1))
    step = math.ceil(span / 4)
    years = list(range(first, last + 1, step))
    if years[-1] != last:  # the last year always shows; it takes the place of a tick too close to it
        years[-1 if last - years[-1] < step * 0.75 else len(years):] = [last]
    return years

