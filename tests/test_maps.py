import json

import pandas as pd

from cruscotto.maps import NO_BASE_MAP_STYLE, NO_DATA, CLASS_COLOURS, choropleth, class_of, colour_of, feature_collection, quantile_edges


def test_quantile_classes_split_values_evenly():
    edges = quantile_edges(pd.Series(range(1, 101), dtype=float))
    assert len(edges) == 6 and edges[0] == 1 and edges[-1] == 100
    classes = [class_of(v, edges) for v in range(1, 101)]
    assert [classes.count(c) for c in range(5)] == [20, 20, 20, 20, 20]


def test_missing_values_are_grey():
    edges = quantile_edges(pd.Series([1.0, 2.0, 3.0, None]))
    assert colour_of(None, edges) == NO_DATA and colour_of(float("nan"), edges) == NO_DATA
    assert colour_of(3.0, edges) == CLASS_COLOURS[-1]


def test_deck_has_no_base_map_reads_areas_by_url_and_outlines_choice():
    square = '{"type":"Polygon","coordinates":[[[9,45],[9.1,45],[9.1,45.1],[9,45.1],[9,45]]]}'
    geometry = pd.DataFrame({"code": ["a", "b"], "name": ["<b>A</b>", "B"], "geojson": [square, square]})
    collection, edges = feature_collection(geometry, pd.DataFrame({"code": ["a"], "value": [1.0]}), str, "nessun dato", 2022)
    texts = [f["properties"]["value_text"] for f in collection["features"]]
    assert texts == ["1.0", "nessun dato"] and collection["features"][1]["properties"]["fill"][:3] == NO_DATA
    deck = choropleth("app/static/maps/x.json", collection, "b")
    spec = deck.to_json()
    assert '"mapProvider": null' in spec or "mapProvider" not in spec
    # Streamlit's frontend fetches Carto's style for a missing or empty mapStyle; only this value means none
    assert json.loads(spec)["mapStyle"] == NO_BASE_MAP_STYLE
    assert "cartocdn" not in spec and "mapbox" not in spec
    assert [layer.id for layer in deck.layers] == ["choropleth", "highlight"]
    assert deck.layers[0].data == "app/static/maps/x.json"
    assert [f["properties"]["code"] for f in deck.layers[1].data["features"]] == ["b"]
    assert "html" not in deck._tooltip and "text" in deck._tooltip


def test_published_map_file_is_named_by_content_and_written_once(tmp_path, monkeypatch):
    from cruscotto import map_files
    monkeypatch.setattr(map_files, "MAP_FILES_DIR", tmp_path)
    first = map_files.publish({"type": "FeatureCollection", "features": []}, "comune-x-2022-it")
    again = map_files.publish({"type": "FeatureCollection", "features": []}, "comune-x-2022-it")
    other = map_files.publish({"type": "FeatureCollection", "features": [{"a": 1}]}, "comune-x-2022-it")
    assert first == again != other and first.startswith("app/static/maps/comune-x-2022-it-")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(u.rsplit("/", 1)[1] for u in (first, other))


def test_zoom_fits_lombardy_and_a_neighbourhood_in_the_map():
    from cruscotto.maps import _zoom
    lombardy = (8.50, 44.68, 11.43, 46.64)
    neighbourhood = (9.19, 45.49, 9.21, 45.50)
    # Web Mercator: at zoom z the 512-pixel world is 512·2^z wide; Lombardy must fit the narrowest map
    # (MIN_MAP_WIDTH × MAP_HEIGHT) and fill most of one side of it
    from cruscotto.maps import MAP_HEIGHT, MIN_MAP_WIDTH
    z = _zoom(lombardy)
    import math
    merc = lambda lat: math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))
    height_px = (merc(lombardy[3]) - merc(lombardy[1])) / 360 * 512 * 2 ** z
    width_px = (lombardy[2] - lombardy[0]) / 360 * 512 * 2 ** z
    assert height_px <= MAP_HEIGHT and width_px <= MIN_MAP_WIDTH
    assert max(height_px / MAP_HEIGHT, width_px / MIN_MAP_WIDTH) > 0.8
    assert _zoom(neighbourhood) > z + 5


def test_legend_table_paints_each_class_and_no_data():
    from cruscotto.maps import legend_table
    styler = legend_table([0.0, 1.0, 2.0], lambda v: f"{v:.0f}", "Classe", "nessun dato")
    frame = styler.data
    assert list(frame["Classe"]) == ["0 – 1", "1 – 2", "nessun dato"]
    html = styler.to_html()
    assert "rgb(200, 200, 200)" in html and "rgb(68, 1, 84)" in html and "rgb(253, 231, 37)" in html


def test_collection_text_joins_stored_geometry_and_parses_only_what_is_read():
    square = '{"type":"Polygon","coordinates":[[[9,45],[9.1,45],[9.1,45.1],[9,45.1],[9,45]]]}'
    geometry = pd.DataFrame({"code": ["a", "b"], "name": ["Già \"A\"", "B"], "geojson": [square, square]})
    values = pd.DataFrame({"code": ["a", "b"], "value": [1.0, 2.0], "flag": [None, "unreliable"]})
    collection, _ = feature_collection(geometry, values, str, "nessun dato", 2022, flag_text=lambda flag: "poco affidabile")
    parsed = json.loads(collection.json_text)
    assert parsed["type"] == "FeatureCollection" and [f["geometry"] for f in parsed["features"]] == [json.loads(square)] * 2
    assert [f["properties"] for f in parsed["features"]] == [f["properties"] for f in collection["features"]]
    assert parsed["features"][0]["properties"]["name"] == 'Già "A"'
    assert parsed["features"][1]["properties"]["value_text"] == "2.0 — poco affidabile"
    first = collection["features"][0]
    assert "geometry" not in first and first["geometry"] == json.loads(square)  # parsed on first read
    deck = choropleth("app/static/maps/x.json", collection, "a")
    assert deck.layers[1].data["features"][0]["geometry"] == json.loads(square)


def test_published_file_is_the_collection_text(tmp_path, monkeypatch):
    from cruscotto import map_files
    monkeypatch.setattr(map_files, "MAP_FILES_DIR", tmp_path)
    square = '{"type":"Polygon","coordinates":[[[9,45],[9.1,45],[9.1,45.1],[9,45]]]}'
    collection, _ = feature_collection(pd.DataFrame({"code": ["a"], "name": ["A"], "geojson": [square]}),
                                       pd.DataFrame({"code": ["a"], "value": [1.0]}), str, "-", 2022)
    url = map_files.publish(collection, "comune-x")
    assert (tmp_path / url.rsplit("/", 1)[1]).read_text(encoding="utf-8") == collection.json_text
