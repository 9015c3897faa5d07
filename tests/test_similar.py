"""Similar comuni (statistical neighbours): the distance on a hand-made table, the build's tables (never itself,
ten each, deterministic), the features documented, the group's figure against plain SQL, the command line."""
import math
import shutil
import subprocess
import sys

import duckdb
import numpy as np
import pandas as pd
import pytest
import shapely

from cruscotto.build import build, needs_build
from cruscotto.build import similar as similar_build
from cruscotto.build.validate import ValidationError
from cruscotto.paths import CATALOGUE_DIR, DB_PATH, REPO
from tests.apptest_helpers import sql

LODI = "098031"
FEATURES_CSV = CATALOGUE_DIR / "similar_features.csv"


@pytest.fixture(scope="module", autouse=True)
def repo_database():
    if needs_build():
        build(progress=lambda line: None)


# --- the distance, on a table small enough to work out by hand ------------------------------------------------

def tiny_table() -> pd.DataFrame:
    """Five comuni on two features; E lacks one, so the scale is over A-D: means 1.25 and 2, variances 2.6875
    and 6. Squared distances from A: B 1/2.6875 (0.37), D 4/6 (0.67), C far: A's nearest is B, then D."""
    return pd.DataFrame({"f1": [0.0, 1.0, 4.0, 0.0, 2.0], "f2": [0.0, 0.0, 6.0, 2.0, np.nan]},
                        index=pd.Index(["A", "B", "C", "D", "E"], name="comune_code"))


def test_hand_made_table_has_the_nearest_neighbour_worked_out_by_hand():
    table = tiny_table()
    z = similar_build.standardise(table)
    assert z.loc["A", "f1"] == pytest.approx((0 - 1.25) / math.sqrt(np.var([0, 1, 4, 0])))  # E is left out of the scale
    nearest = similar_build.nearest_neighbours(z, pd.Series({"f1": 1.0, "f2": 1.0}), k=2)
    of_a = nearest[nearest["comune_code"] == "A"]
    assert of_a["neighbour_code"].tolist() == ["B", "D"]
    # by hand: A and B differ by 1 on f1 only, scaled by f1's standard deviation over A-D
    assert of_a["distance"].iloc[0] == pytest.approx(1 / math.sqrt(np.var([0, 1, 4, 0])))


def test_weights_change_the_nearest_neighbour():
    # D is 2 away from A on f2 (sd sqrt(6)), B 1 away on f1 (sd sqrt(2.6875)): a heavy f1 makes D nearer
    z = similar_build.standardise(tiny_table())
    heavy_f1 = similar_build.nearest_neighbours(z, pd.Series({"f1": 10.0, "f2": 1.0}), k=1)
    assert heavy_f1.set_index("comune_code").at["A", "neighbour_code"] == "D"
    # the weight multiplies the squared difference: A-D with f2 weighing 3 is sqrt(3 · 2² / 6) = sqrt(2)
    distance = similar_build.distances_from(z.dropna(), pd.Series({"f1": 1.0, "f2": 3.0}), "A")
    assert distance["D"] == pytest.approx(math.sqrt(2))


def test_a_comune_missing_a_feature_has_no_neighbours_and_is_nobodys():
    nearest = similar_build.nearest_neighbours(similar_build.standardise(tiny_table()), pd.Series({"f1": 1.0, "f2": 1.0}), k=3)
    assert "E" not in set(nearest["comune_code"]) and "E" not in set(nearest["neighbour_code"])
    assert (nearest["comune_code"] != nearest["neighbour_code"]).all()


def test_equal_distances_are_ordered_by_code():
    # X sits exactly between P and Q: both at the same distance, whatever the row order
    table = pd.DataFrame({"f": [1.0, 0.0, 2.0]}, index=pd.Index(["X", "Q", "P"], name="comune_code"))
    nearest = similar_build.nearest_neighbours(similar_build.standardise(table), pd.Series({"f": 1.0}), k=2)
    assert nearest[nearest["comune_code"] == "X"]["neighbour_code"].tolist() == ["P", "Q"]


def test_area_of_a_one_degree_cell_matches_the_sphere_formula():
    # a lat/lon cell on a sphere: R² · Δλ · (sin φ2 − sin φ1)
    cell = shapely.box(9.0, 45.0, 10.0, 46.0)
    radius_km = similar_build.EARTH_RADIUS_M / 1000
    expected = radius_km ** 2 * math.radians(1) * (math.sin(math.radians(46)) - math.sin(math.radians(45)))
    assert similar_build.equal_area_km2(cell) == pytest.approx(expected, rel=1e-3)


def test_area_of_milano_is_within_one_percent_of_the_official_one():
    (geojson,), = sql("SELECT geojson FROM territory_geometry WHERE code = '015146'")
    assert similar_build.equal_area_km2(shapely.from_geojson(geojson)) == pytest.approx(181.67, rel=0.01)  # ISTAT km²


# --- the build's tables --------------------------------------------------------------------------------------

def test_never_itself_and_ten_distinct_neighbours_for_every_comune():
    rows = sql("""SELECT c.code, count(s.neighbour_code), count(DISTINCT s.neighbour_code),
                         count(*) FILTER (WHERE s.neighbour_code = c.code), min(s.rank), max(s.rank)
                  FROM territory c LEFT JOIN similar_comune s ON s.comune_code = c.code
                  WHERE c.level = 'comune' GROUP BY c.code""")
    assert len(rows) == 1502
    assert all(row[1:] == (10, 10, 0, 1, 10) for row in rows), [row for row in rows if row[1:] != (10, 10, 0, 1, 10)][:3]
    non_comuni, = sql("""SELECT count(*) FROM similar_comune s JOIN territory t ON t.code IN (s.comune_code, s.neighbour_code)
                         WHERE t.level <> 'comune'""")
    assert non_comuni == (0,)


def test_distances_ascend_and_equal_the_weighted_distance_of_the_stored_scores():
    scores = dict(sql("SELECT comune_code || '/' || feature_id, z FROM similar_feature_value"))
    weights = dict(sql("SELECT feature_id, weight FROM similar_feature"))
    stored = sql(f"SELECT neighbour_code, distance FROM similar_comune WHERE comune_code = '{LODI}' ORDER BY rank")
    distances = [distance for _, distance in stored]
    assert distances == sorted(distances)
    for neighbour, distance in stored:
        by_hand = math.sqrt(sum(weight * (scores[f"{LODI}/{f}"] - scores[f"{neighbour}/{f}"]) ** 2
                                for f, weight in weights.items()))
        assert distance == pytest.approx(by_hand, rel=1e-9)


def test_the_same_data_give_the_same_neighbours(tmp_path):
    again = tmp_path / "again.duckdb"
    shutil.copy(DB_PATH, again)
    with duckdb.connect(str(again)) as con:
        before = con.execute("SELECT * FROM similar_comune ORDER BY comune_code, rank").fetchall()
        for table in ("similar_feature", "similar_feature_value", "similar_comune"):
            con.execute(f"DROP TABLE {table}")
        similar_build.build(con, CATALOGUE_DIR)
        after = con.execute("SELECT * FROM similar_comune ORDER BY comune_code, rank").fetchall()
    assert before == after


def test_every_feature_is_documented_and_in_the_method_text():
    from cruscotto import similar
    features = pd.read_csv(FEATURES_CSV, dtype=str, keep_default_na=False)
    assert {"log_population", "share_0_14", "share_65_plus", "foreign_share", "income_per_taxpayer",
            "log_density"} <= set(features["feature_id"])
    assert features["version"].nunique() == 1
    for row in features.to_dict("records"):
        assert row["description_it"].strip() and row["description_en"].strip(), row["feature_id"]
        assert float(row["weight"]) > 0, row["feature_id"]
        for lang in ("it", "en"):
            assert row[f"label_{lang}"] in similar.method_text(lang), (row["feature_id"], lang)
    assert features["version"].iloc[0] in similar.method_text("en")
    years = dict(sql("SELECT feature_id, year FROM similar_feature"))
    assert f"({years['income_per_taxpayer']}," in similar.method_text("it")  # the year each feature uses


def test_a_feature_without_a_description_stops_the_build(tmp_path):
    catalogue = tmp_path / "catalogue"
    catalogue.mkdir()
    features = pd.read_csv(FEATURES_CSV, dtype=str, keep_default_na=False)
    features.loc[0, "description_en"] = ""
    features.to_csv(catalogue / "similar_features.csv", index=False)
    with pytest.raises(ValidationError, match="similar_features.csv") as stopped:
        similar_build.load_features(catalogue)
    assert "description_en" in stopped.value.text("it")  # the column at fault, in the reader's language


def test_every_comune_has_every_feature_in_the_year_stated():
    # the year rule: the latest year in which every comune has the indicator
    for feature_id, indicator, year in sql("SELECT feature_id, indicator_id, year FROM similar_feature"):
        held = sql("""SELECT o.year, count(o.value) FROM observation o JOIN territory t ON t.code = o.territory_code
                      WHERE t.level = 'comune' AND o.indicator_id = ? GROUP BY o.year""", indicator)
        complete = [held_year for held_year, count in held if count == 1502]
        assert year == max(complete), feature_id
    missing, = sql("SELECT count(*) FROM similar_feature_value WHERE z IS NULL")
    assert missing == (0,)


# --- the group as a benchmark --------------------------------------------------------------------------------

def test_group_value_of_lodi_equals_plain_sql():
    from cruscotto import similar
    expected = dict(sql(f"""
        WITH own AS (SELECT indicator_id, max(year) AS year FROM observation WHERE territory_code = '{LODI}'
                     GROUP BY indicator_id)
        SELECT o.indicator_id, sum(o.numerator) / sum(o.denominator) * any_value(i.multiplier)
        FROM own JOIN observation o ON o.indicator_id = own.indicator_id AND o.year = own.year
        JOIN similar_comune s ON s.neighbour_code = o.territory_code AND s.comune_code = '{LODI}'
        JOIN indicator i ON i.id = o.indicator_id AND i.aggregation = 'ratio'
        WHERE o.numerator IS NOT NULL AND o.denominator IS NOT NULL
        GROUP BY o.indicator_id"""))
    rows = similar.group_rows(LODI, "it")
    assert set(rows) == set(expected) and "share_65_plus" in rows
    for indicator, value in expected.items():
        assert rows[indicator]["value"] == pytest.approx(value, rel=1e-12), indicator
        assert rows[indicator]["territory_name"] == "10 comuni simili" and rows[indicator]["is_self"] is False
    own_years = dict(sql(f"SELECT indicator_id, max(year) FROM observation WHERE territory_code = '{LODI}' GROUP BY 1"))
    assert all(row["year"] == own_years[indicator] for indicator, row in rows.items())
    assert "population" not in rows  # a count is no rate: no group figure
    assert similar.group_rows("098", "it") == {} and similar.neighbours("098") == []


# --- the command line ----------------------------------------------------------------------------------------

def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cruscotto", "simili", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=120)


def test_cli_prints_ten_neighbours_of_lodi_nearest_first():
    done = run_cli(LODI)
    assert done.returncode == 0, done.stderr
    expected = [code for code, in sql(f"SELECT neighbour_code FROM similar_comune WHERE comune_code = '{LODI}' ORDER BY rank")]
    rows = [line.split() for line in done.stdout.splitlines() if line.split()[:1] and line.split()[0].isdigit()
            and len(line.split()) >= 4 and line.split()[1] in expected]
    assert [row[1] for row in rows] == expected and len(rows) == 10
    distances = [float(row[-1].replace(".", "").replace(",", ".")) for row in rows]
    assert distances == sorted(distances) and distances[0] > 0
    assert "Magenta" in done.stdout and "Reddito medio per contribuente" in done.stdout


def test_cli_in_english_and_refusals():
    english = run_cli(LODI, "--lingua", "en")
    assert english.returncode == 0 and "similar municipalities" in english.stdout and "Features of Lodi" in english.stdout
    unknown = run_cli("999999")
    assert unknown.returncode == 1 and "999999" in unknown.stderr and "Traceback" not in unknown.stderr
    province = run_cli("098", "--lingua", "en")
    assert province.returncode == 1 and "not a municipality" in province.stderr
