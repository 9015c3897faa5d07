import pandas as pd

from cruscotto.maps import NO_DATA, CLASS_COLOURS, choropleth, class_of, colour_of, quantile_edges


def test_quantile_classes_split_values_evenly():
    edges = quantile_edges(pd.Series(range(1, 101), dtype=float))
    assert len(edges) == 6 and edges[0] == 1 and edges[-1] == 100
    classes = [class_of(v, edges) for v in range(1, 101)]
    assert [classes.count(c) for c in range(5)] == [20, 20, 20, 20, 20]


def test_missing_values_are_grey():
    edges = quantile_edges(pd.Series([1.0, 2.0, 3.0, None]))
    assert colour_of(None, edges) == NO_DATA and colour_of(float("nan"), edges) == NO_DATA
    assert colour_of(3.0, edges) == CLASS_COLOURS[-1]


def test_deck_has_no_base_map_and_outlines_choice():
    square = '{"type":"Polygon","coordinates":[[[9,45],[9.1,45],[9.1,45.1],[9,45.1],[9,45]]]}'
    geometry = pd.DataFrame({"code": ["a", "b"], "name": ["<b>A</b>", "B"], "geojson": [square, square]})
    deck, edges = choropleth(geometry, pd.DataFrame({"code": ["a"], "value": [1.0]}), "b", str, "nessun dato", 2022)
    spec = deck.to_json()
    assert '"mapProvider": null' in spec or "mapProvider" not in spec
    assert [layer.id for layer in deck.layers] == ["choropleth", "highlight"]
    assert "html" not in deck._tooltip and "text" in deck._tooltip
