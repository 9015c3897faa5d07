"""Similar comuni (statistical neighbours): the distance on a hand-made table, the build's tables (never itself,
ten each, deterministic), the features documented, the group's figure against plain SQL, the command line."""
import contextlib
import math
import shutil
import subprocess
import sys

import duckdb
import numpy as np
import pandas as pd
import pytest
import shapely

from cruscotto import notes
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


def test_every_feature_uses_the_latest_year_with_99_percent_of_the_comuni():
    # the year rule: the latest year in which at least 99% of the comuni have the indicator
    for feature_id, indicator, year in sql("SELECT feature_id, indicator_id, year FROM similar_feature"):
        held = sql("""SELECT o.year, count(o.value) FROM observation o JOIN territory t ON t.code = o.territory_code
                      WHERE t.level = 'comune' AND o.indicator_id = ? GROUP BY o.year""", indicator)
        assert year == max(held_year for held_year, count in held if count >= 0.99 * 1502), feature_id
    missing, = sql("SELECT count(*) FROM similar_feature_value WHERE z IS NULL")
    assert missing == (0,)  # today every comune has every feature in those years


def tiny_database(values: dict[int, int]) -> duckdb.DuckDBPyConnection:
    """150 comuni with two features: `size` in 2024 for all, `share` in each year of `values` for all but the
    number of comuni given (the last ones by code lack it)."""
    con = duckdb.connect()
    codes = [f"{number:06d}" for number in range(1, 151)]
    con.execute("CREATE TABLE territory (code VARCHAR, level VARCHAR)")
    con.executemany("INSERT INTO territory VALUES (?, 'comune')", [[code] for code in codes])
    con.execute("INSERT INTO territory VALUES ('098', 'provincia')")
    con.execute("CREATE TABLE observation (indicator_id VARCHAR, territory_code VARCHAR, year INTEGER, value DOUBLE)")
    rows = [("size", code, 2024, 1000.0 + 37 * n % 101) for n, code in enumerate(codes)]
    for year, lacking in values.items():
        rows += [("share", code, year, float(n % 13)) for n, code in enumerate(codes[:len(codes) - lacking])]
    con.executemany("INSERT INTO observation VALUES (?, ?, ?, ?)", rows)
    return con


def tiny_catalogue(folder):
    features = pd.read_csv(FEATURES_CSV, dtype=str, keep_default_na=False).iloc[:2].copy()
    features["feature_id"] = features["indicator_id"] = ["size", "share"]
    features["divide_by"], features["transform"] = "", ["log", "none"]
    features.to_csv(folder / "similar_features.csv", index=False)
    return folder


def test_a_comune_lacking_the_latest_year_has_no_neighbours_and_the_build_goes_on(tmp_path):
    # 2025: 149 of 150 comuni (99.3%) is the year used; 2026: 147 of 150 (98%) is too few
    con = tiny_database({2023: 0, 2025: 1, 2026: 3})
    similar_build.build(con, tiny_catalogue(tmp_path))
    assert dict(con.execute("SELECT feature_id, year FROM similar_feature").fetchall()) == {"size": 2024, "share": 2025}
    lacking = "000150"
    assert con.execute("SELECT raw_value, z FROM similar_feature_value WHERE comune_code = ? AND feature_id = 'share'",
                       [lacking]).fetchone() == (None, None)
    involved = con.execute("SELECT count(*) FROM similar_comune WHERE ? IN (comune_code, neighbour_code)",
                           [lacking]).fetchone()
    assert involved == (0,)
    counts = con.execute("SELECT count(DISTINCT comune_code), min(rank), max(rank) FROM similar_comune").fetchone()
    assert counts == (149, 1, 10)
    # the page's method text counts the comuni a feature is missing for (queries/similar_features.sql)
    features = con.execute((REPO / "queries" / "similar_features.sql").read_text()).df()
    lacking_per_feature = dict(zip(features["feature_id"], features["comuni_lacking"]))
    assert lacking_per_feature == {"size": 0, "share": 1}


def test_no_year_with_99_percent_of_the_comuni_stops_the_build(tmp_path):
    con = tiny_database({2025: 2, 2026: 3})  # 148 of 150 (98.7%) at best
    with pytest.raises(ValidationError, match="share"):
        similar_build.build(con, tiny_catalogue(tmp_path))


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


@pytest.fixture(scope="module")
def scratch_database(tmp_path_factory):
    """A copy of the database (never the file in place) changed where the rules bite: a comune without its
    latest income (Milano: no similar comuni), and among Lodi's neighbours one without the counts of
    share_65_plus, one whose share_0_14 comes from another source, and two without the counts of foreign_share."""
    path = tmp_path_factory.mktemp("similar") / "scratch.duckdb"
    shutil.copy(DB_PATH, path)
    with duckdb.connect(str(path)) as con:
        con.execute("""DELETE FROM observation WHERE territory_code = '015146' AND indicator_id = 'income_per_taxpayer'
                       AND year = (SELECT year FROM similar_feature WHERE feature_id = 'income_per_taxpayer')""")
        for table in ("similar_feature", "similar_feature_value", "similar_comune"):
            con.execute(f"DROP TABLE {table}")
        similar_build.build(con, CATALOGUE_DIR)
        first, second, third = [code for code, in con.execute(
            f"SELECT neighbour_code FROM similar_comune WHERE comune_code = '{LODI}' ORDER BY rank LIMIT 3").fetchall()]
        own = """SELECT year FROM observation WHERE territory_code = $lodi AND indicator_id = $indicator
                 ORDER BY year DESC LIMIT 1"""
        con.execute(f"""UPDATE observation SET numerator = NULL WHERE territory_code = $code
                        AND indicator_id = 'share_65_plus' AND year = ({own})""",
                    {"code": first, "lodi": LODI, "indicator": "share_65_plus"})
        con.execute(f"""UPDATE observation SET source_id = 'istat_censimento_2011' WHERE territory_code = $code
                        AND indicator_id = 'share_0_14' AND year = ({own})""",
                    {"code": second, "lodi": LODI, "indicator": "share_0_14"})
        con.execute(f"""UPDATE observation SET denominator = NULL WHERE territory_code IN ($first, $third)
                        AND indicator_id = 'foreign_share' AND year = ({own})""",
                    {"first": first, "third": third, "lodi": LODI, "indicator": "foreign_share"})
    return path, first, second


@contextlib.contextmanager
def served(path):
    """The pages' data layer reading `path` (as `python -m cruscotto scheda --db` does)."""
    from cruscotto import database_file
    from cruscotto.db import Database
    database = Database(path)
    try:
        with database_file.serving(database):
            yield
    finally:
        database.close()


def test_group_leaves_out_a_neighbour_without_counts_or_of_another_source(scratch_database):
    from cruscotto import similar
    path, without_counts, other_source = scratch_database
    with served(path), duckdb.connect(str(path), read_only=True) as con:
        neighbours = [n.code for n in similar.neighbours(LODI)]
        rows = similar.group_rows(LODI, "it")

        def expected(indicator: str, left_out: str) -> float:
            kept = [code for code in neighbours if code != left_out]
            numerator, denominator = con.execute(f"""
                SELECT sum(numerator), sum(denominator) FROM observation
                WHERE indicator_id = ? AND year = ? AND territory_code IN ({", ".join("?" * len(kept))})""",
                [indicator, rows[indicator]["year"], *kept]).fetchone()
            return numerator / denominator * 100

        assert len(neighbours) == 10
        for indicator, left_out in (("share_65_plus", without_counts), ("share_0_14", other_source)):
            row = rows[indicator]
            assert (row["parts_with_data"], row["parts_total"]) == (9, 10), indicator
            assert row["value"] == pytest.approx(expected(indicator, left_out), rel=1e-12), indicator
            assert {"code": "parts", "have": 9, "total": 10} in notes.decode(row["note"]), indicator  # "9 dei 10"
    assert "foreign_share" not in rows  # 8 of 10 is below the 90% every sum of comuni needs
    assert "old_age_index" in rows and rows["old_age_index"]["parts_with_data"] == 10


def test_a_comune_lacking_a_feature_is_said_on_the_page_and_by_the_cli(scratch_database):
    from cruscotto import similar
    from cruscotto.db import Database
    from cruscotto.similar_report import report
    path = scratch_database[0]
    with served(path):
        assert similar.neighbours("015146") == []
        assert similar.missing_features("015146", "it") == ["Reddito medio per contribuente"]
        assert "manca per 1 comune, che resta senza comuni simili" in similar.method_text("it")
        assert "missing for 1 municipality" in similar.method_text("en")
        assert "015146" not in {n.code for code in (LODI, "015130") for n in similar.neighbours(code)}
    database = Database(path)
    try:
        text = report(database, "015146", "it")
    finally:
        database.close()
    assert "Milano (015146): 0 comuni simili" in text and "manca: Reddito medio per contribuente" in text
    assert "dato mancante" in text


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
