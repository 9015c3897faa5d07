"""pydeck choropleths from prepared geometry: quantile classes, grey for no data, no base-map tiles."""
import json

import numpy as np
import pandas as pd
import pydeck as pdk

# viridis, 5 classes: ordered and readable by colour-blind readers
CLASS_COLOURS = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]]
NO_DATA = [200, 200, 200]
OUTLINE = [213, 94, 0]
MAP_HEIGHT = 620


def quantile_edges(values: pd.Series, classes: int = 5) -> list[float]:
    clean = values.dropna()
    if clean.empty:
        return []
    edges = np.unique(np.quantile(clean, np.linspace(0, 1, classes + 1)))
    return [float(e) for e in edges]


def class_of(value: float, edges: list[float]) -> int | None:
    if value is None or pd.isna(value) or len(edges) < 2:
        return None
    return int(min(np.searchsorted(edges, value, side="right") - 1, len(edges) - 2))


def legend(edges: list[float], format_value) -> list[tuple[list[int], str]]:
    return [(CLASS_COLOURS[i * (len(CLASS_COLOURS) - 1) // max(len(edges) - 2, 1)],
             f"{format_value(edges[i])} – {format_value(edges[i + 1])}") for i in range(len(edges) - 1)]


def colour_of(value, edges: list[float]) -> list[int]:
    index = class_of(value, edges)
    if index is None:
        return NO_DATA
    return CLASS_COLOURS[index * (len(CLASS_COLOURS) - 1) // max(len(edges) - 2, 1)]


def feature_collection(geometry: pd.DataFrame, values: pd.DataFrame, format_value, no_data_text: str,
                       year: int) -> tuple[dict, list[float]]:
    """geometry: code, name, geojson; values: code, value. GeoJSON with each area's colour and tooltip
    text in its properties, and the quantile class edges."""
    merged = geometry.merge(values[["code", "value"]], on="code", how="left")
    edges = quantile_edges(merged["value"])
    features = []
    for row in merged.itertuples():
        has_value = not pd.isna(row.value)
        features.append({"type": "Feature", "geometry": json.loads(row.geojson), "properties": {
            "code": row.code, "name": row.name, "value_text": format_value(row.value) if has_value else no_data_text,
            "year": str(year), "fill": colour_of(row.value, edges) + [255]}})
    return {"type": "FeatureCollection", "features": features}, edges


def choropleth(collection_url: str, collection: dict, highlight: str | None) -> pdk.Deck:
    """The deck reads the areas from a URL: deck.gl then loads them as plain GeoJSON, several times
    faster than inline data, which its JSON converter walks object by object. Only the outline of
    the chosen territory travels inline. No base-map tiles: it works offline."""
    features = collection["features"]
    outline = [feature for feature in features if feature["properties"]["code"] == highlight]
    layers = [pdk.Layer("GeoJsonLayer", collection_url, id="choropleth", pickable=True, stroked=True, filled=True,
                        get_fill_color="properties.fill", get_line_color=[255, 255, 255], line_width_min_pixels=0.5)]
    if outline:
        layers.append(pdk.Layer("GeoJsonLayer", {"type": "FeatureCollection", "features": outline}, id="highlight",
                                stroked=True, filled=False, get_line_color=OUTLINE, line_width_min_pixels=4))
    bounds = _bounds(features)
    view = pdk.ViewState(longitude=(bounds[0] + bounds[2]) / 2, latitude=(bounds[1] + bounds[3]) / 2,
                         zoom=_zoom(bounds), pitch=0)
    # Plain-text tooltip: names come from data and must never be rendered as HTML.
    return pdk.Deck(layers=layers, initial_view_state=view, map_provider=None, map_style=None,
                    tooltip={"text": "{name}\n{value_text} ({year})"})


def _bounds(features: list[dict]) -> tuple[float, float, float, float]:
    xs, ys = [], []

    def walk(coordinates):
        if isinstance(coordinates[0], (int, float)):
            xs.append(coordinates[0])
            ys.append(coordinates[1])
        else:
            for part in coordinates:
                walk(part)
    for feature in features:
        walk(feature["geometry"]["coordinates"])
    return min(xs), min(ys), max(xs), max(ys)


def _zoom(bounds: tuple[float, float, float, float], width_px: int = 900, height_px: int = MAP_HEIGHT) -> float:
    """The deck.gl zoom (512-pixel world) at which the bounds fill the map, in Web Mercator."""
    def mercator_y(latitude: float) -> float:
        return np.degrees(np.log(np.tan(np.pi / 4 + np.radians(latitude) / 2)))
    span_x = max(bounds[2] - bounds[0], 1e-4)
    span_y = max(mercator_y(bounds[3]) - mercator_y(bounds[1]), 1e-4)
    zoom = min(np.log2(width_px * 360 / (512 * span_x)), np.log2(height_px * 360 / (512 * span_y)))
    return float(np.clip(zoom - 0.2, 3, 14))


def legend_table(edges: list[float], format_value, class_header: str, no_data_text: str):
    """The legend as a small table whose first column is painted in each class colour (no HTML)."""
    rows = legend(edges, format_value) + [(NO_DATA, no_data_text)]
    frame = pd.DataFrame({"": [""] * len(rows), class_header: [label for _, label in rows]})
    colours = ["background-color: rgb({}, {}, {})".format(*colour) for colour, _ in rows]
    return frame.style.apply(lambda column: colours if column.name == "" else [""] * len(column), axis=0)
