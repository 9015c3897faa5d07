"""The map's geometry (cruscotto/build/geo.py) is simplified and quantised for the zoom each level is shown
at, so the comuni map's file stays small: fewer vertices and 4-decimal coordinates for regional levels, and
the comuni still tile the region (shared borders stay shared)."""
import json
import re

import duckdb
import pytest
import shapely

from cruscotto.build import geo
from cruscotto.levels import AMBITO, COMUNE, PROVINCE, REGION, REGION_CODE

LEVEL_GEOMETRY = "SELECT g.geojson FROM territory_geometry g JOIN territory t USING (code) WHERE t.level = ?"


@pytest.fixture(scope="module")
def built(real_db_path):
    with duckdb.connect(str(real_db_path), read_only=True) as connection:
        yield connection


def on_grid(geojson: str, places: int) -> bool:
    """Whether every coordinate is a number of `places` decimals (GEOS may print 9.17279 as 9.172790000000001)."""
    return all(abs(float(number) - round(float(number), places)) < 1e-9 for number in re.findall(r"-?\d+\.\d+", geojson))


def test_regional_levels_use_four_decimals_and_city_levels_five(built):
    for level in (COMUNE, PROVINCE, AMBITO, REGION):
        texts = built.execute(LEVEL_GEOMETRY, [level]).fetchall()
        assert texts and all(on_grid(text, 4) for (text,) in texts), level
    nil = [text for (text,) in built.execute(LEVEL_GEOMETRY, ["nil"]).fetchall()]
    assert all(on_grid(text, 5) for text in nil) and not all(on_grid(text, 4) for text in nil)


def test_comuni_geometry_is_small_valid_and_still_tiles_the_region(built):
    texts = [text for (text,) in built.execute(LEVEL_GEOMETRY, ["comune"]).fetchall()]
    assert len(texts) == 1502
    shapes = shapely.from_geojson(texts)
    assert all(shapely.is_valid(shapes)) and not any(shapely.is_empty(shapes))
    vertices = int(shapely.get_num_coordinates(shapes).sum())
    assert vertices < 60_000, vertices  # 66,396 before (tolerance 4e-4); the raw file has 96,508
    assert sum(len(text) for text in texts) < 1_100_000  # 1,322,295 bytes before (5 decimals)
    union = shapely.union_all(shapes)
    region = shapely.from_geojson(built.execute(
        "SELECT geojson FROM territory_geometry WHERE code = ?", [REGION_CODE]).fetchone()[0])
    assert abs(union.area - region.area) / region.area < 0.005  # no gaps or overlaps worth a pixel


def test_default_grid_keeps_five_decimals_for_other_callers():
    square = shapely.box(9.123456, 45.123456, 9.2, 45.2)
    row = geo.geometry_rows(["x"], [square], 1e-4)
    assert on_grid(row["geojson"][0], 5) and not on_grid(row["geojson"][0], 4)
    assert json.loads(row["geojson"][0])["type"] == "Polygon"
