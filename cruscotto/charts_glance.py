"""The "at a glance" spine chart (after Fingertips' spine chart): one row per indicator, grouped by topic; the
spread of the territory's peers as a light bar (lowest to highest) and a dark one (25th to 75th percentile), the
median as a tick, Lombardy as a black line, the other benchmarks as hollow symbols and the territory as a dot
coloured by its verdict against Lombardy.

Rows measure different things, so each has its own scale: positions are (value − centre) / half-width, the
centre being Lombardy's value (the peers' median for a count, or where Lombardy has no figure). The half-width
is the largest distance from the centre of the lowest and highest peer, but at most CLIP times that of what a
reader compares (quartiles, the territory, its benchmarks): a single extreme comune would otherwise squeeze
everything else into a few pixels. An extreme beyond the edge is drawn there with an arrowhead. Real values
are written at the right, and shown on hover and in the table."""
from html import escape

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from cruscotto.charts import LAYOUT, SEPARATORS
from cruscotto.formatting import headline, is_known
from cruscotto.i18n import t

PX_PER_ROW = 25            # one screen at 1440×900 for the dozen headline indicators
TOPIC_GAP = 0.8            # a topic's heading takes this share of a row
HEADING_ABOVE = 0.72       # … and sits this far above its first row
TOP = 74                   # px for the title and subtitle
AXIS_PX, LEGEND_ROW_PX = 56, 20  # px under the plot for the axis title, and per row of the legend (two columns)
CLIP = 2.0                 # the scale reaches at most this far beyond what a reader compares (see above)
EDGE = 1.0                 # where a clipped extreme is drawn
LABEL_WIDTH = 50           # characters of an indicator's label per line at the left (longer: two lines)
RANGE_COLOUR, MIDDLE_COLOUR, MEDIAN_COLOUR = "#DCE3EA", "#9BB1C6", "#2F3B48"
REGION_COLOUR, BENCHMARK_COLOUR = "#000000", "#333333"
# verdict -> (fill colour, symbol): Okabe-Ito colours, and shapes that say higher / lower without colour
VERDICT_STYLE = {"better": ("#0072B2", "circle"), "worse": ("#D55E00", "circle"), "similar": ("#999999", "circle"),
                 "higher": ("#CC79A7", "triangle-right"), "lower": ("#CC79A7", "triangle-left"),
                 "not_compared": ("#FFFFFF", "circle")}
BENCHMARK_SYMBOLS = ["diamond-open", "square-open", "triangle-up-open", "star-open", "hexagon-open", "pentagon-open"]
TERRITORY = "territory"    # the meta of the territory's own markers' traces
# Markers nearer each other than DODGE_GAP (in scale units: the scale spans -1 to 1) are spread above and below
# the row's line, DODGE_STEP of a row apart (closer when more share a cluster: none beyond DODGE_REACH of a row,
# inside its own row), so that an ambito and its province a hair apart stay two shapes.
DODGE_GAP, DODGE_STEP, DODGE_REACH = 0.06, 0.36, 0.36
SAME_AREA = " / "          # joins the names of benchmarks with the very same value (usually the same comuni): one marker


def spine(rows: pd.DataFrame, title: str, subtitle: str, peers: str, name: str, region: str, lang: str) -> go.Figure:
    """rows: glance.glance_rows; peers: whose spread ("comuni lombardi"); name: the territory's; region: Lombardy's."""
    placed = _placed(rows, lang)
    spread = placed[placed["has_spread"]]
    figure = go.Figure([*_spread_traces(spread, peers, lang),
                        _ticks(placed[placed["region_drawn"]], "x_region", REGION_COLOUR, 30, 3.5, region),
                        *_benchmark_traces(spread), *_territory_traces(spread, name, peers, region, lang)])
    _annotate(figure, placed, lang)
    _lay_out(figure, placed, title, subtitle, lang)
    return figure


def _placed(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The rows with their y (topics' headings between them) and each drawn value on the row's own scale."""
    placed = rows.copy()
    y, ys = 0.0, []
    for topic, previous in zip(placed["topic"], [None, *placed["topic"][:-1]]):
        y += TOPIC_GAP if topic != previous else 0
        ys.append(y)
        y += 1
    placed["y"] = ys
    # each row's scale as glance_rows decided it (row_scale): the PDF (scheda_graphics.py) reads the same columns
    centre = placed["scale_centre"].astype(float)
    half = placed["scale_half"].astype(float).fillna(1.0)
    for column, source in (("x_min", "p_min"), ("x25", "p25"), ("x50", "p50"), ("x75", "p75"), ("x_max", "p_max"),
                           ("x_own", "value"), ("x_region", "region_value")):
        placed[column] = (placed[source].astype(float) - centre) / half
    placed["drawn_markers"] = [dodged_markers(row, c, h) for row, c, h in zip(placed.to_dict("records"), centre, half)]
    placed["format"] = [_formatter(decimals, unit, lang) for decimals, unit in zip(placed["decimals"], placed["unit"])]
    return placed


def row_scale(row: dict) -> dict:
    """How a glance row is drawn, decided once for the page's chart and the PDF's (see the module's docstring):
    has_spread (glance.sql gives a spread of at least 2 peers or none), region_drawn (Lombardy's line: rates
    only, the region's residents are off any scale of its comuni's), scale_centre and scale_half (None without
    a spread). row: a glance row with value, p_min…p_max, region_value, markers and aggregation."""
    has_spread = is_known(row["p50"])
    region_drawn = has_spread and is_known(row["region_value"]) and row["aggregation"] != "sum"
    if not has_spread:
        return {"has_spread": False, "region_drawn": False, "scale_centre": None, "scale_half": None}
    centre = float(row["region_value"] if region_drawn else row["p50"])
    compared = [row["p25"], row["p75"], row["value"]] + [value for _, value in drawn_markers(row)]
    near = max((abs(value - centre) for value in compared if is_known(value)), default=0.0)
    far = max((abs(row[column] - centre) for column in ("p_min", "p_max") if is_known(row[column])), default=0.0)
    half = max(near, min(far, CLIP * near) if near else far) or 1.0
    return {"has_spread": True, "region_drawn": region_drawn, "scale_centre": centre, "scale_half": float(half)}


def drawn_markers(row: dict) -> list[tuple[str, float]]:
    """The benchmarks drawn on a row: those with a value, and none for a count (a larger area's count, a
    province's residents, is off any scale of comuni's). Benchmarks with the very same value are one marker
    named after all of them ("Ambito distrettuale di Lodi / ASST di Lodi": the same comuni under two names)."""
    if row["aggregation"] == "sum":
        return []
    names_by_value: dict[float, list[str]] = {}
    for name, value in row["markers"]:
        if is_known(value):
            names_by_value.setdefault(float(value), []).append(name)
    return [(SAME_AREA.join(names), value) for value, names in names_by_value.items()]


def marker_offsets(own: float | None, positions: list[float]) -> list[float]:
    """Vertical offsets, in rows, of a row's benchmark markers at `positions` on its scale: markers nearer than
    DODGE_GAP to each other (or to the territory's own marker at `own`) are spread above and below the line, the
    territory's marker staying on it."""
    points = sorted([(x, index) for index, x in enumerate(positions)] + ([(own, None)] if own is not None else []),
                    key=lambda point: point[0])
    clusters: list[list[tuple[float, int | None]]] = []
    for point in points:
        if clusters and point[0] - clusters[-1][-1][0] <= DODGE_GAP:
            clusters[-1].append(point)
        else:
            clusters.append([point])
    offsets = [0.0] * len(positions)
    for cluster in clusters:
        members = [index for _, index in cluster if index is not None]
        if len(cluster) < 2:
            continue
        if len(members) < len(cluster):  # the territory's marker keeps the line: the others alternate around it
            step = min(DODGE_STEP, DODGE_REACH / ((len(members) + 1) // 2))
            slots = [step * (n // 2 + 1) * (1 if n % 2 == 0 else -1) for n in range(len(members))]
        else:
            step = min(DODGE_STEP, 2 * DODGE_REACH / (len(members) - 1))
            slots = [step * (n - (len(members) - 1) / 2) for n in range(len(members))]
        for index, slot in zip(members, slots):
            offsets[index] = slot
    return offsets


def dodged_markers(row: dict, centre: float, half: float) -> list[tuple[str, float, float, float]]:
    """(name, position, value, vertical offset in rows) of each benchmark drawn on a row, on the scale around
    `centre` (row_scale), for the page's chart and the PDF's drawing. A positive offset is downwards: the page's
    rows run down its y axis."""
    markers = drawn_markers(row)
    positions = [(value - centre) / half for _, value in markers]
    own = (row["value"] - centre) / half if is_known(row["value"]) else None
    return [(name, x, value, dy) for (name, value), x, dy in zip(markers, positions, marker_offsets(own, positions))]


def _formatter(decimals: int, unit: str, lang: str):
    """Values of one row written as its own figure is (figure_text): its decimals and short unit."""
    return lambda value: headline(value, int(decimals), unit, lang)[0]


def _spread_traces(spread: pd.DataFrame, peers: str, lang: str) -> list:
    """The light and dark bars (cut at the edges, an arrowhead where an extreme lies beyond) and the median."""
    traces = []
    for low, high, colour, label in (("x_min", "x_max", RANGE_COLOUR, t("glance_range", lang, peers=peers)),
                                     ("x25", "x75", MIDDLE_COLOUR, t("glance_middle_half", lang))):
        start, end = spread[low].clip(-EDGE, EDGE), spread[high].clip(-EDGE, EDGE)
        traces.append(go.Bar(base=start.to_numpy(float), x=(end - start).to_numpy(float),
                             y=spread["y"].to_numpy(float), orientation="h", width=0.56, marker_color=colour,
                             marker_line_width=0, name=label, hoverinfo="skip"))
    beyond = [(x, y) for column in ("x_min", "x_max") for x, y in zip(spread[column], spread["y"]) if abs(x) > EDGE]
    if beyond:
        traces.append(go.Scatter(
            x=np.array([EDGE if x > 0 else -EDGE for x, _ in beyond], dtype=float),
            y=np.array([y for _, y in beyond], dtype=float), mode="markers", showlegend=False, hoverinfo="skip",
            marker=dict(symbol=["triangle-right" if x > 0 else "triangle-left" for x, _ in beyond], size=10,
                        color=MIDDLE_COLOUR)))
    traces.append(_ticks(spread, "x50", MEDIAN_COLOUR, 20, 2.5, t("glance_median", lang)))
    return traces


def _ticks(rows: pd.DataFrame, column: str, colour: str, size: int, width: float, name: str) -> go.Scatter:
    return go.Scatter(x=rows[column].to_numpy(float), y=rows["y"].to_numpy(float), mode="markers", name=name,
                      hoverinfo="skip", marker=dict(symbol="line-ns", size=size, line=dict(color=colour, width=width)))


def _benchmark_traces(spread: pd.DataFrame) -> list:
    """One trace per benchmark (its symbol in the legend), nearest first."""
    traces = []
    names = dict.fromkeys(name for markers in spread["drawn_markers"] for name, _, _, _ in markers)
    for index, benchmark in enumerate(names):
        points = [(x, y + dy, fmt(value)) for markers, y, fmt in zip(spread["drawn_markers"], spread["y"], spread["format"])
                  for name, x, value, dy in markers if name == benchmark]
        traces.append(go.Scatter(
            x=np.array([x for x, _, _ in points], dtype=float), y=np.array([y for _, y, _ in points], dtype=float),
            mode="markers", name=benchmark, hovertext=[escape(f"{benchmark}: {text}") for _, _, text in points],
            hovertemplate="%{hovertext}<extra></extra>",
            marker=dict(symbol=BENCHMARK_SYMBOLS[index % len(BENCHMARK_SYMBOLS)], size=11, color=BENCHMARK_COLOUR,
                        line=dict(width=1.8))))
    return traces


def _territory_traces(spread: pd.DataFrame, name: str, peers: str, region: str, lang: str) -> list:
    """The territory's markers, one trace per verdict shown (its colour and words in the legend), on top."""
    traces = []
    for verdict, (colour, symbol) in VERDICT_STYLE.items():
        chosen = spread[spread["verdict"] == verdict]
        if chosen.empty:
            continue
        traces.append(go.Scatter(
            x=chosen["x_own"].to_numpy(float), y=chosen["y"].to_numpy(float), mode="markers", meta=TERRITORY,
            name=t("glance_marker_name", lang, name=name, verdict=t(f"glance_legend_{verdict}", lang)),
            marker=dict(symbol=symbol, size=15, color=colour, line=dict(color="#000000", width=1.5)),
            hovertext=[_hover(row, name, region) for row in chosen.to_dict("records")],
            hovertemplate="%{hovertext}<extra></extra>"))
    return traces


def _hover(row: dict, name: str, region: str) -> str:
    """Everything about the row in words: figure, counts, spread, Lombardy, benchmarks, verdict, trend, source."""
    fmt = row["format"]
    lines = [f"<b>{escape(row['label'])}</b>", escape(f"{name}: {row['value_text']} ({row['year']})")]
    lines += [escape(row["count_text"])] if row["count_text"] else []
    lines.append(escape(row["spread_text"]))
    if pd.notna(row["region_value"]):
        lines.append(escape(f"{region}: {fmt(row['region_value'])}"))
    lines += [escape(f"{benchmark}: {fmt(value)}") for benchmark, value in row["markers"] if value is not None]
    lines.append(escape(row["verdict_text"]))
    lines += [escape(row["trend_text"])] if row["trend_text"] else []
    lines.append(escape(row["source_text"]))
    return "<br>".join(lines)


def _annotate(figure: go.Figure, placed: pd.DataFrame, lang: str) -> None:
    """Each row's own figure (and trend arrow) at the right; a row without a spread says so in the middle."""
    for row in placed.to_dict("records"):
        figure.add_annotation(x=1.0, xref="paper", xanchor="left", xshift=8, y=row["y"], yref="y", showarrow=False,
                              text=_right_text(row), font=dict(size=13))
        if not row["has_spread"]:
            figure.add_annotation(x=0, xref="x", y=row["y"], yref="y", showarrow=False,
                                  text=f"<i>{escape(t('glance_no_spread', lang))}</i>",
                                  font=dict(size=12, color="#666666"))


def _right_text(row: dict) -> str:
    """The row's figure, its trend arrow and, in grey, its year: rows of different years (a census figure beside
    this year's) must not read as one date."""
    figure = escape(f"{row['figure_text']} {row['trend_arrow']}".strip())
    return f"{figure} <span style='color:#666666;font-size:11px'>{int(row['year'])}</span>"


def _lay_out(figure: go.Figure, placed: pd.DataFrame, title: str, subtitle: str, lang: str) -> None:
    """About PX_PER_ROW a row; the legend in two columns under the axis title; topics' headings as bold labels."""
    plot_height = PX_PER_ROW * (len(placed) + TOPIC_GAP * placed["topic"].nunique())
    legend_rows = -(-sum(1 for trace in figure.data if trace.showlegend is not False) // 2)
    bottom = AXIS_PX + LEGEND_ROW_PX * legend_rows
    figure.update_layout(
        title={"text": title, "subtitle": {"text": subtitle, "font": {"size": 13}}},
        height=int(plot_height + TOP + bottom), barmode="overlay", font=LAYOUT["font"],
        title_font=LAYOUT["title_font"], separators=SEPARATORS.get(lang, SEPARATORS["it"]),
        margin=dict(l=10, r=150, t=TOP, b=bottom), plot_bgcolor="#FFFFFF", hoverlabel=dict(align="left"),
        legend=dict(orientation="h", yanchor="top", y=-(AXIS_PX - 8) / plot_height, x=0, entrywidth=0.5,
                    entrywidthmode="fraction", font=dict(size=12)))
    figure.update_xaxes(range=[-1.1, 1.1], showticklabels=False, showgrid=False, zeroline=True,
                        zerolinecolor="#BBBBBB", zerolinewidth=1, title=dict(text=t("glance_axis", lang), standoff=6),
                        fixedrange=True)
    headings = placed.drop_duplicates("topic")
    figure.update_yaxes(range=[placed["y"].max() + 0.6, 0], showgrid=False, fixedrange=True, automargin=True,
                        tickvals=list(headings["y"] - HEADING_ABOVE) + list(placed["y"]),
                        ticktext=[f"<b>{escape(label)}</b>" for label in headings["topic_label"]]
                        + [_wrapped(label) for label in placed["label"]], tickfont=dict(size=12))


def _wrapped(label: str) -> str:
    """An indicator's label on at most two lines at the left of its row."""
    lines = [""]
    for word in label.split():
        if lines[-1] and len(lines[-1]) + 1 + len(word) > LABEL_WIDTH and len(lines) < 2:
            lines.append(word)
        else:
            lines[-1] = f"{lines[-1]} {word}".strip()
    return "<br>".join(escape(line) for line in lines)
