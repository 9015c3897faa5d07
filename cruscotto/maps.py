"""pydeck choropleths from prepared geometry: quantile classes, grey for no data, no base-map tiles."""
import json

import numpy as np
import pandas as pd
import pydeck as pdk

# viridis, 5 classes: ordered and readable by colour-blind readers
CLASS_COLOURS = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]]
NO_DATA = [200, 200, 200]
FLAGGED = [130, 130, 130]  # a flagged value (reliability.py): mid grey, darker than the light grey of no data
OUTLINE = [213, 94, 0]  # the chosen territory
GROUP_OUTLINE = [0, 0, 0]  # the group it is seen in (a comune's ambito or province)
SIMILAR_OUTLINE = [204, 121, 167]  # a comune's similar comuni (cruscotto/similar.py): pink, no class colour
# The map and its legend fit a 1280×720 projector below the page's selectors; the view is fitted to the
# narrowest map column we serve (a 820 px tablet, sidebar collapsed), so wider screens show a margin.
MAP_HEIGHT = 470
MIN_MAP_WIDTH = 520
# pydeck's "no style chosen" value: the one mapStyle for which Streamlit's frontend draws no base map
NO_BASE_MAP_STYLE = "__MAP_STYLE__"


def quantile_edges(values: pd.Series, classes: int = 5) -> list[float]:
    clean = values.dropna()
    if clean.empty:
        return []
    edges = np.unique(np.quantile(clean, np.linspace(0, 1, classes + 1)))
    if len(edges) == 1:  # every area has the same value (often: one area with data): one class, not none
        edges = np.array([edges[0], edges[0]])
    return [float(e) for e in edges]


def class_of(value: float, edges: list[float]) -> int | None:
    if value is None or pd.isna(value) or len(edges) < 2:
        return None
    return int(min(np.searchsorted(edges, value, side="right") - 1, len(edges) - 2))


def legend(edges: list[float], format_value, range_text=None) -> list[tuple[list[int], str]]:
    """Each class's colour and its whole range, e.g. "da 18,2% a 21,4%" with range_text(low, high)."""
    range_text = range_text or (lambda low, high: f"{low} – {high}")
    return [(CLASS_COLOURS[i * (len(CLASS_COLOURS) - 1) // max(len(edges) - 2, 1)],
             range_text(format_value(edges[i]), format_value(edges[i + 1]))) for i in range(len(edges) - 1)]


def colour_of(value, edges: list[float]) -> list[int]:
    index = class_of(value, edges)
    if index is None:
        return NO_DATA
    return CLASS_COLOURS[index * (len(CLASS_COLOURS) - 1) // max(len(edges) - 2, 1)]


class Feature(dict):
    """A GeoJSON feature whose geometry stays the stored JSON text until something reads feature["geometry"]."""

    def __init__(self, geometry_text: str, properties: dict):
        super().__init__(type="Feature", properties=properties)
        self.geometry_text = geometry_text

    def __missing__(self, key):
        if key != "geometry":
            raise KeyError(key)
        self["geometry"] = json.loads(self.geometry_text)
        return self["geometry"]


class FeatureCollection(dict):
    """A GeoJSON FeatureCollection that carries its own JSON text (`json_text`, what map_files publishes),
    joined from the stored geometry text: parsing and re-serialising 1,502 comuni took most of a map's
    server time, and only the outlined features need their geometry parsed."""

    def __init__(self, features: list[Feature]):
        super().__init__(type="FeatureCollection", features=features)
        parts = (f'{{"type":"Feature","geometry":{feature.geometry_text},"properties":'
                 f'{json.dumps(feature["properties"], separators=(",", ":"), ensure_ascii=False)}}}'
                 for feature in features)
        self.json_text = '{"type":"FeatureCollection","features":[' + ",".join(parts) + "]}"


def feature_collection(geometry: pd.DataFrame, values: pd.DataFrame, format_value, no_data_text: str,
                       year: int, flag_text=None) -> tuple[FeatureCollection, list[float]]:
    """geometry: code, name, geojson; values: code, value and optionally flag. GeoJSON with each area's
    colour and tooltip text in its properties, and the quantile class edges. A flagged value is drawn
    FLAGGED, its tooltip says why (flag_text(flag)), and it stays out of the class edges."""
    merged = geometry.merge(values[[c for c in ("code", "value", "flag") if c in values]], on="code", how="left")
    flagged = (merged["value"].notna() & merged["flag"].notna() if "flag" in merged
               else pd.Series(False, index=merged.index))
    edges = quantile_edges(merged.loc[~flagged, "value"])
    fills = _fills(merged["value"], flagged, edges)
    flags = merged["flag"] if "flag" in merged else pd.Series(None, index=merged.index)
    features = []
    for code, name, geojson, value, is_flagged, flag, fill in zip(
            merged["code"], merged["name"], merged["geojson"], merged["value"], flagged, flags, fills):
        value_text = no_data_text if pd.isna(value) else format_value(value)
        if is_flagged and flag_text:
            value_text += f" — {flag_text(flag)}"
        features.append(Feature(geojson, {"code": code, "name": name, "value_text": value_text, "year": str(year),
                                          "fill": fill + [255]}))
    return FeatureCollection(features), edges


def _fills(values: pd.Series, flagged: pd.Series, edges: list[float]) -> list[list[int]]:
    """Each area's colour (colour_of), in one pass over the values."""
    numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    if len(edges) < 2:
        classes = np.full(len(numbers), -1)
    else:
        classes = np.minimum(np.searchsorted(edges, numbers, side="right") - 1, len(edges) - 2)
        classes[np.isnan(numbers)] = -1
    last_class = max(len(edges) - 2, 1)  # as colour_of: fewer classes keep colours far apart
    return [FLAGGED if is_flagged else NO_DATA if index < 0 else CLASS_COLOURS[index * (len(CLASS_COLOURS) - 1) // last_class]
            for index, is_flagged in zip(classes.tolist(), flagged)]


def has_flags(values: pd.DataFrame) -> bool:
    """Whether any area of the map has a flagged value (the legend then explains FLAGGED)."""
    return "flag" in values and bool((values["value"].notna() & values["flag"].notna()).any())


def choropleth(collection_url: str, collection: dict, highlight: str | None, chosen: list[dict] = (),
               group: list[dict] = (), focus: list[dict] = (), zoom_out: float = 0.0,
               similar: list[dict] = ()) -> pdk.Deck:
    """The deck reads the areas from a URL: deck.gl then loads them as plain GeoJSON, several times
    faster than inline data, which its JSON converter walks object by object. Only the outlines travel
    inline: the chosen territory (the map's area `highlight`, else its own shape `chosen`) and the
    `group` it is seen in, and the `similar` comuni of a comune. The view fits the `focus` features (all
    areas if none), `zoom_out` levels wider. No base-map tiles: it works offline."""
    features = collection["features"]
    outline = [dict(feature, geometry=feature["geometry"]) for feature in features
               if feature["properties"]["code"] == highlight] or list(chosen)
    layers = [pdk.Layer("GeoJsonLayer", collection_url, id="choropleth", pickable=True, stroked=True, filled=True,
                        get_fill_color="properties.fill", get_line_color=[255, 255, 255], line_width_min_pixels=0.5)]
    if group:
        layers.append(pdk.Layer("GeoJsonLayer", {"type": "FeatureCollection", "features": list(group)}, id="group",
                                stroked=True, filled=False, get_line_color=GROUP_OUTLINE, line_width_min_pixels=2.5))
    if similar:
        # pink over a white halo: seen on the darkest and the lightest class alike
        shapes = {"type": "FeatureCollection", "features": list(similar)}
        layers.append(pdk.Layer("GeoJsonLayer", shapes, id="similar_halo", stroked=True, filled=False,
                                get_line_color=[255, 255, 255], line_width_min_pixels=6))
        layers.append(pdk.Layer("GeoJsonLayer", shapes, id="similar", stroked=True, filled=False,
                                get_line_color=SIMILAR_OUTLINE, line_width_min_pixels=3))
    if outline:
        layers.append(pdk.Layer("GeoJsonLayer", {"type": "FeatureCollection", "features": outline}, id="highlight",
                                stroked=True, filled=False, get_line_color=OUTLINE, line_width_min_pixels=4))
    bounds = bounds_of(list(focus) or features)
    view = pdk.ViewState(longitude=(bounds[0] + bounds[2]) / 2, latitude=(bounds[1] + bounds[3]) / 2,
                         zoom=max(_zoom(bounds) - zoom_out, 3.0), pitch=0)
    # Plain-text tooltip: names come from data and must never be rendered as HTML.
    # No base map and no request to another host: map_style is left at pydeck's default, which with no
    # provider is sent as NO_BASE_MAP_STYLE; Streamlit's deck.gl chart then draws no base map. map_style=None
    # (or "") would make it fetch Carto's style from basemaps.cartocdn.com (streamlit 1.67).
    return pdk.Deck(layers=layers, initial_view_state=view, map_provider=None,
                    tooltip={"text": "{name}\n{value_text} ({year})"})


def bounds_of(features: list[dict]) -> tuple[float, float, float, float]:
    """West, south, east, north of some GeoJSON features."""
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


def _zoom(bounds: tuple[float, float, float, float], width_px: int = MIN_MAP_WIDTH, height_px: int = MAP_HEIGHT) -> float:
    """The deck.gl zoom (512-pixel world) at which the bounds fill the map, in Web Mercator."""
    def mercator_y(latitude: float) -> float:
        return np.degrees(np.log(np.tan(np.pi / 4 + np.radians(latitude) / 2)))
    span_x = max(bounds[2] - bounds[0], 1e-4)
    span_y = max(mercator_y(bounds[3]) - mercator_y(bounds[1]), 1e-4)
    zoom = min(np.log2(width_px * 360 / (512 * span_x)), np.log2(height_px * 360 / (512 * span_y)))
    return float(np.clip(zoom - 0.2, 3, 14))


def legend_table(edges: list[float], format_value, class_header: str, no_data_text: str,
                 flagged_text: str | None = None, range_text=None):
    """The legend as a small table whose first column is painted in each class colour (no HTML);
    a row for flagged values when flagged_text is given."""
    rows = legend(edges, format_value, range_text) + [(NO_DATA, no_data_text)] + ([(FLAGGED, flagged_text)] if flagged_text else [])
    frame = pd.DataFrame({"": [""] * len(rows), class_header: [label for _, label in rows]})
    colours = ["background-color: rgb({}, {}, {})".format(*colour) for colour, _ in rows]
    return frame.style.apply(lambda column: colours if column.name == "" else [""] * len(column), axis=0)
