"""Plotly figures built from query results. Okabe-Ito colours: safe for colour-blind readers."""
import pandas as pd
import plotly.graph_objects as go

PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442"]
LAYOUT = dict(margin=dict(l=10, r=10, t=40, b=10), legend=dict(orientation="h", y=-0.2), height=380,
              font=dict(size=14))


def trend(frame: pd.DataFrame, title: str, unit: str) -> go.Figure:
    """Lines per territory over the years; provisional values drawn as open markers."""
    figure = go.Figure()
    for index, (name, rows) in enumerate(frame.groupby("territory_name", sort=False)):
        colour = PALETTE[index % len(PALETTE)]
        figure.add_trace(go.Scatter(
            x=rows["year"], y=rows["value"], name=name, mode="lines+markers", line=dict(color=colour, width=3),
            marker=dict(size=9, color=colour,
                        symbol=["circle-open" if s == "provisional" else "circle" for s in rows["status"]]),
        ))
    figure.update_layout(title=title, yaxis_title=unit, **LAYOUT)
    figure.update_xaxes(dtick=1 if frame["year"].nunique() < 15 else None)
    return figure


def bars(frame: pd.DataFrame, title: str, unit: str) -> go.Figure:
    figure = go.Figure(go.Bar(x=frame["value"], y=frame["name"], orientation="h",
                              marker_color=[PALETTE[i % len(PALETTE)] for i in range(len(frame))],
                              text=frame["label"], textposition="auto"))
    figure.update_layout(title=title, xaxis_title=unit, **{**LAYOUT, "height": 120 + 50 * len(frame)})
    figure.update_yaxes(autorange="reversed")
    return figure


def pyramid(frame: pd.DataFrame, title: str, men: str, women: str) -> go.Figure:
    """Bars for the first year, outline for the second, men to the left."""
    figure = go.Figure()
    years = sorted(frame["year"].unique())
    for position, year in enumerate(years):
        rows = frame[frame["year"] == year].sort_values("band_start")
        for sex, label, colour in (("M", men, PALETTE[0]), ("F", women, PALETTE[1])):
            part = rows[rows["sex"] == sex]
            x = -part["count"] if sex == "M" else part["count"]
            if position == 0:
                figure.add_trace(go.Bar(y=part["band"], x=x, orientation="h", name=f"{label} {year}",
                                        marker_color=colour, opacity=0.75))
            else:
                figure.add_trace(go.Scatter(y=part["band"], x=x, mode="lines", name=f"{label} {year}",
                                            line=dict(color="#000000", width=2, shape="hvh")))
    figure.update_layout(title=title, barmode="overlay", bargap=0.05, **{**LAYOUT, "height": 520})
    figure.update_xaxes(tickformat=",d")
    return figure


def gauge(value: float, benchmark: float | None, title: str, unit: str, top: float) -> go.Figure:
    figure = go.Figure(go.Indicator(
        mode="gauge+number+delta" if benchmark is not None else "gauge+number", value=value,
        number=dict(suffix=f" {unit}", valueformat=".2f"),
        delta=dict(reference=benchmark, valueformat=".2f") if benchmark is not None else None,
        title=dict(text=title, font=dict(size=15)),
        gauge=dict(axis=dict(range=[0, top]), bar=dict(color=PALETTE[0]),
                   threshold=dict(line=dict(color=PALETTE[5], width=4), value=benchmark) if benchmark else None),
    ))
    figure.update_layout(margin=dict(l=20, r=20, t=60, b=10), height=250)
    return figure


def spread(frame: pd.DataFrame, highlight: str, title: str, unit: str) -> go.Figure:
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
    figure.update_layout(title=title, xaxis_title=unit, showlegend=False, **{**LAYOUT, "height": 200})
    return figure
