"""Plotly figures built from query results. Okabe-Ito colours: safe for colour-blind readers."""
import math
from html import escape

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from cruscotto.data import records_by
from cruscotto.formatting import known_number, number
from cruscotto.i18n import t

# the gauge's difference from its benchmark: the sign says the direction; blue and orange would read as better
# and worse, which only the interval test (the cards, the at-a-glance rows) may say
GAUGE_DELTA_COLOUR = "#31333F"
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442"]
# one marker shape per line, so lines stay distinguishable in the legend and in black and white
SYMBOLS = ["circle", "square", "diamond", "triangle-up", "triangle-down", "star", "hexagon", "pentagon"]
# legend under the plot, below the x-axis title; every text at least 13 px (readable on a projector)
LAYOUT = dict(margin=dict(l=10, r=10, t=60, b=10), legend=dict(orientation="h", yanchor="top", y=-0.22, x=0),
              height=420, font=dict(size=14), title_font=dict(size=17))
SEPARATORS = {"it": ",.", "en": ".,"}  # Plotly: decimal mark, then thousands separator


def built_once(builder):
    """A figure built once per data and words and shared (building a Plotly figure, which validates every
    property, was most of a chart page's run; st.plotly_chart copies the figure it is given). For a caller that
    holds only the frame: the key is the frame's content, hashed at every call. The official pages get their
    figures from page_data, cached by what the frames are computed from, and call the builders below directly."""
    return st.cache_resource(show_spinner=False, max_entries=256)(builder)


def _layout(lang: str, **overrides) -> dict:
    return {**LAYOUT, "separators": SEPARATORS.get(lang, SEPARATORS["it"]), **overrides}


def _with_year_gaps(rows: list[dict]) -> list[dict]:
    """One row per year from first to last, so a missing year breaks the line instead of being bridged."""
    by_year = {int(row["year"]): row for row in rows}
    return [by_year.get(year, {"year": year}) for year in range(min(by_year), max(by_year) + 1)]


FLAGGED_SYMBOL = "x"  # a value flagged at build (reliability.py): never read as a point of a trend


def trend(frame: pd.DataFrame, title: str, unit: str, lang: str = "it", note: str | None = None) -> go.Figure:
    """Lines per territory over the years, each with its own marker symbol; provisional values drawn as
    hollow markers (explained by a legend entry); a missing year leaves a gap, which `note` (a subtitle)
    can explain. Rows with line_dash 'dash' (e.g. standard need) are drawn dashed."""
    figure = go.Figure()
    for index, (name, rows) in enumerate(records_by(frame, "territory_name").items()):
        colour = PALETTE[index % len(PALETTE)]
        symbol = SYMBOLS[index % len(SYMBOLS)]
        dash = rows[0].get("line_dash", "solid")
        rows = _with_year_gaps(rows)
        figure.add_trace(go.Scatter(
            # numeric arrays as NumPy arrays: Plotly sends them in its compact binary form, a missing value as NaN
            x=np.array([row["year"] for row in rows], dtype=int),
            y=np.array([known_number(row.get("value")) for row in rows], dtype=float), name=name,
            mode="lines+markers", connectgaps=False,
            line=dict(color=colour, width=4 if index == 0 else 2.5, dash=dash),
            marker=dict(size=11 if index == 0 else 9, color=colour, line=dict(color=colour, width=2),
                        symbol=[FLAGGED_SYMBOL if isinstance(row.get("flag"), str) and row.get("flag") else
                                f"{symbol}-open" if row.get("status") == "provisional" else symbol
                                for row in rows]),
        ))
    if (frame["status"] == "provisional").any():
        figure.add_trace(_legend_only(t("legend_provisional", lang), "circle-open"))
    if "flag" in frame and frame["flag"].notna().any():  # a handful of people, or a jump: not a real trend
        figure.add_trace(_legend_only(t("legend_flagged_point", lang), FLAGGED_SYMBOL))
    figure.update_layout(title=_title(title, note), xaxis_title=t("axis_year", lang), yaxis_title=unit,
                         **_layout(lang))
    figure.update_xaxes(dtick=1 if frame["year"].nunique() < 15 else None)
    return figure


def _legend_only(name: str, symbol: str) -> go.Scatter:
    """A legend entry explaining a marker style; it draws nothing (no value, no hover)."""
    return go.Scatter(x=[None], y=[None], mode="markers", name=name, hoverinfo="skip",
                      marker=dict(symbol=symbol, size=11, color="#555555", line=dict(color="#555555", width=2)))


def _title(text: str, note: str | None) -> dict:
    title = {"text": text}
    if note:
        title["subtitle"] = {"text": note, "font": {"size": 13}}
    return title


def gap_note(frame: pd.DataFrame, source_names: dict[str, str], lang: str = "it") -> str:
    """Why a line has a hole, e.g. "2020: nessun dato OpenCivitas": the years missing inside each line's
    span, with the line's source when it has one; lines sharing the same hole are named once."""
    holes: dict[tuple, list[str]] = {}
    for name, rows in records_by(frame, "territory_name").items():
        have = {int(row["year"]) for row in rows if known_number(row.get("value")) is not None}
        if not have:
            continue
        missing = tuple(y for y in range(min(have), max(have) + 1) if y not in have)
        if missing:
            sources = {row["source_id"] for row in rows if isinstance(row.get("source_id"), str)}
            source = source_names.get(next(iter(sources))) if len(sources) == 1 else None
            holes.setdefault((missing, source), []).append(name)
    lines = frame["territory_name"].nunique()
    notes = []
    for (missing, source), names in holes.items():
        years = ", ".join(str(y) for y in missing)
        text = t("gap_years_source", lang, years=years, source=source) if source else t("gap_years", lang, years=years)
        notes.append(text if len(names) == lines else f"{', '.join(names)} — {text}")
    return " · ".join(notes)


def bars(frame: pd.DataFrame, title: str, unit: str, lang: str = "it", category_title: str | None = None) -> go.Figure:
    """Horizontal bars; a missing value draws no bar (its label says so), never a zero. The category
    axis is titled `category_title` (by default: the territories)."""
    figure = go.Figure(go.Bar(x=frame["value"].astype(float), y=frame["name"], orientation="h",
                              marker_color=[PALETTE[i % len(PALETTE)] for i in range(len(frame))],
                              text=frame["label"], textposition="auto"))
    figure.update_layout(title=title, xaxis_title=unit, yaxis_title=category_title or t("axis_territory", lang),
                         **_layout(lang, height=160 + 50 * len(frame)))
    figure.update_yaxes(autorange="reversed")
    return figure


def pyramid(frame: pd.DataFrame, title: str, men: str, women: str, lang: str = "it") -> go.Figure:
    """Filled bars for the first year, outlined bars (same colour) for the second, men to the left;
    a provisional year says so in its legend entry."""
    figure = go.Figure()
    years = sorted(frame["year"].unique())
    for position, year in enumerate(years):
        rows = frame[frame["year"] == year].sort_values("band_start")
        for sex, label, colour in (("M", men, PALETTE[0]), ("F", women, PALETTE[1])):
            part = rows[rows["sex"] == sex]
            x = -part["count"] if sex == "M" else part["count"]
            hover = [f"{label} {year}, {band}: {number(count, 0, lang)}" for band, count in zip(part["band"], part["count"])]
            style = dict(marker_color=colour, opacity=0.75) if position == 0 else dict(
                marker=dict(color="rgba(0,0,0,0)", line=dict(color=_darker(colour), width=2)))
            provisional = (part["status"] == "provisional").any() if "status" in part else False
            name = f"{label} {year}" + (f" ({t('provisional', lang)})" if provisional else "")
            figure.add_trace(go.Bar(y=part["band"], x=x, orientation="h", name=name,
                                    hovertext=hover, hoverinfo="text", **style))
    largest = float(frame["count"].max()) if not frame.empty else 1.0
    ticks = _nice_ticks(largest)
    figure.update_layout(title=title, barmode="overlay", bargap=0.05, xaxis_title=t("axis_people", lang),
                         yaxis_title=t("axis_age", lang), **_layout(lang, height=560))
    figure.update_xaxes(tickvals=[-v for v in reversed(ticks)] + ticks[1:],
                        ticktext=[number(v, 0, lang) for v in reversed(ticks)] + [number(v, 0, lang) for v in ticks[1:]])
    return figure


def _darker(colour: str) -> str:
    """The same hue at two thirds of its brightness: an outline that reads on white."""
    red, green, blue = (int(colour[i:i + 2], 16) * 2 // 3 for i in (1, 3, 5))
    return f"#{red:02X}{green:02X}{blue:02X}"


def _nice_ticks(largest: float) -> list[float]:
    """0 and three round steps up to the largest bar: the axis reads in people on both sides."""
    step = 10 ** max(len(str(int(largest / 3))) - 1, 0)
    for multiple in (1, 2, 2.5, 5, 10):
        if largest / (step * multiple) <= 4:
            step *= multiple
            break
    return [i * step for i in range(int(largest // step) + 1)]


GAUGE_HEADROOM = 1.5                # the scale ends at least half as much again above the largest figure shown
GAUGE_STEPS = (1.0, 2.0, 2.5, 5.0)   # ... at a round number: 1, 2, 2,5 or 5 times a power of ten


def gauge_top(*figures: float | None) -> float:
    """The end of a gauge's scale, one rule for every gauge whether or not it has a benchmark: the smallest round
    number (GAUGE_STEPS × 10^k) at or above GAUGE_HEADROOM × the largest of the figures drawn (the value and its
    benchmark). 0,2 and 1,3 per 100 end at 0,5 and 2, not at 100; 4,5 per 10.000 ends at 10, not at 6,75."""
    largest = max((f for f in figures if f is not None and not math.isnan(f)), default=0.0)
    wanted = GAUGE_HEADROOM * largest
    if not wanted > 0:
        return 1.0
    exponent = math.floor(math.log10(wanted))
    for power in (exponent, exponent + 1):
        for step in GAUGE_STEPS:
            top = round(step * 10.0 ** power, 12)
            if top >= wanted * (1 - 1e-12):
                return top
    raise AssertionError("unreachable: 10^(k+1) is above any number below it")


def gauge_scale_text(top: float, lang: str) -> str:
    """A scale end as people write it: '0,5', '2,5', '10', '25.000' (as many decimals as it has, no more)."""
    decimals = next(d for d in range(0, 13) if abs(round(top, d) - top) < 1e-9 * max(1.0, top))
    return number(top, decimals, lang)


def gauge_svg(value: float, benchmark: float | None, top: float, value_text: str, benchmark_text: str,
              delta_text: str, lang: str = "it") -> str:
    """A coverage gauge drawn as a small SVG image: the value as a blue arc, the benchmark as an
    orange mark. An image, not a Plotly chart: the profile then needs no 4 MB charting bundle on a
    councillor's first visit. All text is escaped; the image is shown through <img>, never as HTML."""
    width, height, cx, cy, radius, thickness = 360, 215, 180, 180, 140, 34

    def point(fraction: float, r: float) -> tuple[float, float]:
        angle = math.pi * (1 - min(max(fraction, 0.0), 1.0))
        return cx + r * math.cos(angle), cy - r * math.sin(angle)

    def arc(fraction: float) -> str:
        middle = radius - thickness / 2
        (x0, y0), (x1, y1) = point(0, middle), point(fraction, middle)
        return f"M {x0:.1f} {y0:.1f} A {middle} {middle} 0 0 1 {x1:.1f} {y1:.1f}"

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}"'
             f' font-family="sans-serif">',
             f'<path d="{arc(1)}" fill="none" stroke="#E8E8E8" stroke-width="{thickness}"/>']
    if value and value > 0:
        parts.append(f'<path d="{arc(value / top)}" fill="none" stroke="{PALETTE[0]}" stroke-width="{thickness}"/>')
    if benchmark is not None:
        (x0, y0), (x1, y1) = point(benchmark / top, radius - thickness - 6), point(benchmark / top, radius + 6)
        parts.append(f'<line x1="{x0:.1f}" y1="{y0:.1f}" x2="{x1:.1f}" y2="{y1:.1f}" stroke="{PALETTE[5]}" stroke-width="5"/>')
    parts += [f'<text x="{cx}" y="{cy - 30}" text-anchor="middle" font-size="40" fill="#262730">{escape(value_text)}</text>',
              f'<text x="{cx}" y="{cy - 4}" text-anchor="middle" font-size="16" fill="{GAUGE_DELTA_COLOUR}">'
              f'{escape(delta_text)}</text>',
              f'<text x="{cx - radius + thickness / 2}" y="{cy + 22}" text-anchor="middle" font-size="13" fill="#6B6B6B">0</text>',
              f'<text x="{cx + radius - thickness / 2}" y="{cy + 22}" text-anchor="middle" font-size="13" fill="#6B6B6B">'
              f'{escape(gauge_scale_text(top, lang))}</text>',
              f'<text x="{cx}" y="{cy + 22}" text-anchor="middle" font-size="13" fill="{PALETTE[5]}">{escape(benchmark_text)}</text>',
              "</svg>"]
    return "".join(parts)


def spread(frame: pd.DataFrame, highlight: str, title: str, unit: str, lang: str = "it",
           include_flagged: bool = False) -> go.Figure:
    """Every member comune as a dot on one axis; the chosen one stands out, named in the legend. A flagged
    value (reliability.py) stays off the axis and its scale unless include_flagged: the page lists it instead."""
    valued = frame.dropna(subset=["value"])
    if not include_flagged and "flag" in valued:
        valued = valued[valued["flag"].isna()]
    chosen = valued["code"] == highlight
    figure = go.Figure([
        go.Scatter(x=valued.loc[~chosen, "value"], y=[""] * int((~chosen).sum()), mode="markers",
                   marker=dict(size=11, color=PALETTE[4], opacity=0.7), text=valued.loc[~chosen, "name"],
                   hovertemplate="%{text}: %{x:.2f}<extra></extra>", name=t("legend_other_comuni", lang)),
        go.Scatter(x=valued.loc[chosen, "value"], y=[""] * int(chosen.sum()), mode="markers",
                   marker=dict(size=18, color=PALETTE[5], symbol="diamond"), text=valued.loc[chosen, "name"],
                   hovertemplate="%{text}: %{x:.2f}<extra></extra>",
                   name=str(valued.loc[chosen, "name"].iloc[0]) if chosen.any() else ""),
    ])
    figure.update_layout(title=title, xaxis_title=unit, yaxis_title=t("axis_comuni", lang), showlegend=bool(chosen.any()),
                         **_layout(lang, height=260))
    return figure
