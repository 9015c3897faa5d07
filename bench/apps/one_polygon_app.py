"""Baseline for bench_ui.py's map: one polygon (Lombardy's bounding box) drawn with pydeck the way the
dashboard draws its map (GeoJsonLayer, no base map), started the same way as the dashboard."""
import pydeck as pdk
import streamlit as st

WEST, SOUTH, EAST, NORTH = 8.50, 44.68, 11.43, 46.64
polygon = {"type": "Feature", "properties": {"name": "Lombardia"}, "geometry": {
    "type": "Polygon", "coordinates": [[[WEST, SOUTH], [EAST, SOUTH], [EAST, NORTH], [WEST, NORTH], [WEST, SOUTH]]]}}
layer = pdk.Layer("GeoJsonLayer", {"type": "FeatureCollection", "features": [polygon]}, id="polygon", pickable=True,
                  stroked=True, filled=True, get_fill_color=[33, 145, 140, 255], get_line_color=[255, 255, 255])
view = pdk.ViewState(longitude=(WEST + EAST) / 2, latitude=(SOUTH + NORTH) / 2, zoom=6.5)
st.title("Cruscotto Welfare")
st.pydeck_chart(pdk.Deck(layers=[layer], initial_view_state=view, map_provider=None, tooltip={"text": "{name}"}),
                height=470)
