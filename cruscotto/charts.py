"""Plotly figures built from query results. Okabe-Ito colours: safe for colour-blind readers."""
import pandas as pd
import plotly.graph_objects as go

from cruscotto.formatting import number

PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442"]
LAYOUT = dict(margin=dict(l=10, r=10, t=40, b=10), legend=dict(orientation="h", y=-0.2), height=380,
              font=dict(size=14))
SEPARATORS = {"it": ",.", "en": ".,"}  # Plotly: decimal mark, then thousands separator


def _layout(lang: str, **overrides) -> dict:
    return {**LAYOUT, "separators": SEPARATORS.get(lang, SEPARATORS["it"]), **overrides}


def _with_year_gaps(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per year from first to last, so a missing year breaks the line instead of being bridged."""
    years = range(int(rows["year"].min()), int(rows["year"].max()) + 1)
    return rows.set_index("year").reindex(years).rename_axis("year").reset_index()


def trend(frame: pd.DataFrame, title: str, unit: str, lang: str = "it") -> go.Figure:
    """Lines per territory over the years; provisional values drawn as open markers; a missing year
    leaves a gap. Rows with line_dash 'dash' (e.g. standard need) are drawn dashed."""
    figure = go.Figure()
    for index, (name, rows) in enumerate(frame.groupby("territory_name", sort=False)):
        colour = PALETTE[index % len(PALETTE)]
        dash = rows["line_dash"].iloc[0] if "line_dash" in rows else "solid"
        rows = _with_year_gaps(rows)
        figure.add_trace(go.Scatter(
            x=rows["year"], y=rows["value"], name=name, mode="lines+markers", connectgaps=False,
            line=dict(color=colour, width=3, dash=dash),
            marker=dict(size=9, color=colour,
                        symbol=["circle-open" if s == "provisional" else "circle" for s in rows["status"]]),
        ))
    figure.update_layout(title=title, yaxis_title=unit, **_layout(lang))
    figure.update_xaxes(dtick=1 if frame["year"].nunique() < 15 else None)
    return figure


def bars(frame: pd.DataFrame, title: str, unit: str, lang: str = "it") -> go.Figure:
    """Horizontal bars; a missing value draws no bar (its label says so), never a zero."""
    figure = go.Figure(go.Bar(x=frame["value"].astype(float), y=frame["name"], orientation="h",
                              marker_color=[PALETTE[i % len(PALETTE)] for i in range(len(frame))],
                              text=frame["label"], textposition="auto"))
    figure.update_layout(title=title, xaxis_title=unit, **_layout(lang, height=120 + 50 * len(frame)))
    figure.update_yaxes(autorange="reversed")
    return figure


def pyramid(frame: pd.DataFrame, title: str, men: str, women: str, lang: str = "it") -> go.Figure:
    """Filled bars for the first year, outlined bars for the second, men to the left."""
    figure = go.Figure()
    years = sorted(frame["year"].unique())
    for position, year in enumerate(years):
        rows = frame[frame["year"] == year].sort_values("band_start")
        for sex, label, colour in (("M", men, PALETTE[0]), ("F", women, PALETTE[1])):
            part = rows[rows["sex"] == sex]
            x = -part["count"] if sex == "M" else part["count"]
            hover = [f"{label} {year}, {band}: {number(count, 0, lang)}" for band, count in zip(part["band"], part["count"])]
            style = dict(marker_color=colour, opacity=0.75) if position == 0 else dict(
                marker=dict(color="rgba(0,0,0,0)", line=dict(color="#000000", width=1.5)))
            figure.add_trace(go.Bar(y=part["band"], x=x, orientation="h", name=f"{label} {year}",
                                    hovertext=hover, hoverinfo="text", **style))
    largest = float(frame["count"].max()) if not frame.empty else 1.0
    ticks = _nice_ticks(largest)
    figure.update_layout(title=title, barmode="overlay", bargap=0.05, **_layout(lang, height=520))
    figure.update_xaxes(tickvals=[-v for v in reversed(ticks)] + ticks[1:],
                        ticktext=[number(v, 0, lang) for v in reversed(ticks)] + [number(v, 0, lang) for v in ticks[1:]])
    return figure


def _nice_ticks(largest: float) -> list[float]:
    """0 and three round steps up to the largest bar: the axis reads in people on both sides."""
    step = 10 ** max(len(str(int(largest / 3))) - 1, 0)
    for multiple in (1, 2, 2.5, 5, 10):
        if largest / (step * multiple) <= 4:
            step *= multiple
            break
    return [i * step for i in range(int(largest // step) + 1)]


def gauge(value: float, benchmark: float | None, title: str, unit: str, top: float, lang: str = "it",
          benchmark_text: str = "") -> go.Figure:
    """A coverage gauge; the benchmark is the orange mark on the arc, named under the title, and the
    difference from it shows below the figure (blue above, orange below: higher coverage is better)."""
    lines = [text for text in (unit if unit.lower() not in title.lower() else "", benchmark_text) if text]
    subtitle = "".join(f"<br><span style='font-size:13px'>{text}</span>" for text in lines)
    figure = go.Figure(go.Indicator(
        mode="gauge+number+delta" if benchmark is not None else "gauge+number", value=value,
        number=dict(valueformat=".2f", font=dict(size=44)),
        delta=dict(reference=benchmark, valueformat=".2f", font=dict(size=18),
                   increasing=dict(color=PALETTE[0]), decreasing=dict(color=PALETTE[5])) if benchmark is not None else None,
        title=dict(text=f"{title}{subtitle}", font=dict(size=15)),
        gauge=dict(axis=dict(range=[0, top]), bar=dict(color=PALETTE[0]),
                   threshold=dict(line=dict(color=PALETTE[5], width=4), value=benchmark) if benchmark else None),
    ))
    figure.update_layout(margin=dict(l=30, r=30, t=90, b=10), height=290, separators=SEPARATORS[lang])
    return figure


def spread(frame: pd.DataFrame, highlight: str, title: str, unit: str, lang: str = "it") -> go.Figure:
    """Every member comune as a dot on one axis; the chosen one stands out."""
    valued = frame.dropna(subset=["value"])
    chosen = valued["code"] == highlight
    figure = go.Figure([
        go.Scatter(x=valued.loc[~chosen, "value"], y=[""] * int((~chosen).sum()), mode="markers",
                   marker=dict(size=11, color=PALETTE[4], opacity=0.7), text=valued.loc[~chosen, "name"],
                   hovertemplate="%{text}: %{x:.2f}<extra></extra>", name=""),
        go.Scatter(x=valued.loc[chosen, "value"], y=[""] * int(chosen.sum()), mode="markers",
                   marker=dict(size=18, color=PALETTE[5], symbol="diamond"), text=valued.loc[chosen, "name"],
                   hovertemplate="%{text}: %{x:.2f}<extra></extra>", name=""),
    ])
    figure.update_layout(title=title, xaxis_title=unit, showlegend=False, **_layout(lang, height=200))
    return figure
