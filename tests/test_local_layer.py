"""The query layer with planners' data: a loaded ambito becomes a territory everywhere, its official
figures are sums over its members, conflicts with the official membership are listed, not resolved,
and a new version (or a revert) shows without reopening the database."""
import duckdb
import pandas as pd
import pytest

from cruscotto.db import Database
from cruscotto.levels import REGION_CODE
from cruscotto.local.store import LocalStore

MELZO = ["015142", "015108", "015178", "015224"]  # Melzo, Gorgonzola, Pozzuolo Martesana, Truccazzano
CODOGNO = "098019"  # officially in the Ambito distrettuale di Lodi


def membership(ambito: str, name: str, comuni: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"comune_code": comuni, "ambito_code": ambito, "ambito_name": name, "start_year": 2024})


@pytest.fixture
def store(tmp_path):
    return LocalStore(tmp_path / "local")


@pytest.fixture
def layered(real_db_path, store):
    database = Database(real_db_path, local_store=store)
    yield database
    database.close()


@pytest.fixture(scope="module")
def official(real_db_path):
    con = duckdb.connect(str(real_db_path), read_only=True)
    yield con
    con.close()


def test_empty_store_changes_nothing(layered, official):
    assert len(layered.run("territories")) == official.execute("SELECT count(*) FROM territory").fetchone()[0]
    assert layered.run("local_indicators").empty


def test_loaded_ambito_is_a_full_territory(layered, store, official):
    store.save("ambito-melzo", {"membership": membership("ambito-melzo", "Ambito di Melzo (prova)", MELZO)},
               user="test", file_name="ambiti.csv", file_sha256="x")
    territory = layered.run("territory", territory="ambito-melzo")
    assert territory.loc[0, "level"] == "ambito" and territory.loc[0, "name"] == "Ambito di Melzo (prova)"
    assert sorted(layered.run("members", parent="ambito-melzo")["code"]) == sorted(MELZO)
    assert "ambito-melzo" in set(layered.run("territories")["code"])
    assert not layered.run("geometry", level="ambito").query("code == 'ambito-melzo'").empty

    # population: the sum over the four comuni, year by year, from the official table
    expected = official.execute(
        "SELECT year, sum(numerator) FROM observation WHERE indicator_id = 'population' "
        "AND territory_code IN (SELECT unnest(?::VARCHAR[])) GROUP BY year HAVING count(*) = 4", [MELZO]).fetchall()
    profile = layered.run("indicator_series", territory="ambito-melzo", indicator="population")
    got = dict(zip(profile["year"], profile["value"]))
    assert expected and all(got[year] == total for year, total in expected)
    # a rate: Σ numerators / Σ denominators, not the mean of the comuni's rates
    num, den = official.execute(
        "SELECT sum(numerator), sum(denominator) FROM observation WHERE indicator_id = 'share_65_plus' "
        "AND year = 2022 AND territory_code IN (SELECT unnest(?::VARCHAR[]))", [MELZO]).fetchone()
    share = layered.run("indicator_series", territory="ambito-melzo", indicator="share_65_plus")
    assert share.set_index("year").loc[2022, "value"] == pytest.approx(100 * num / den)

    benchmarks = layered.run("benchmarks", territory="ambito-melzo")
    assert {"015", REGION_CODE} <= set(benchmarks["code"])
    assert "ambito-melzo" in set(layered.run("benchmarks", territory="015142")["code"])


def test_conflicts_are_listed_not_resolved(layered, store, official):
    cremona = [c for c, in official.execute(
        "SELECT child_code FROM territory_link WHERE parent_code = 'ambito-di-cremona' ORDER BY 1").fetchall()]
    # the loaded list of an ambito the build knows drops one official member and adds a comune of Lodi
    store.save("ambito-di-cremona", {"membership": membership("ambito-di-cremona", "Cremona", cremona[1:] + [CODOGNO])},
               user="test", file_name="ambiti.csv", file_sha256="x")
    store.save("ambito-melzo", {"membership": membership("ambito-melzo", "Melzo", MELZO + [CODOGNO])},
               user="test", file_name="ambiti.csv", file_sha256="y")
    # the official membership stays in charge of the ambito it describes
    assert sorted(layered.run("members", parent="ambito-di-cremona")["code"]) == cremona
    claims = layered._connection.execute("SELECT comune_code, ambito_code, applied, conflict, other_ambito "
                                         "FROM local_membership").df()
    by_key = claims.set_index(["ambito_code", "comune_code"])
    assert by_key.loc[("ambito-di-cremona", cremona[0]), "conflict"] == "only_in_official_list"
    assert by_key.loc[("ambito-di-cremona", CODOGNO), "conflict"] == "not_in_official_list"
    assert not claims[claims["ambito_code"] == "ambito-di-cremona"]["applied"].any()
    # a comune the official list puts elsewhere: counted in the loaded ambito, and marked
    codogno = by_key.loc[("ambito-melzo", CODOGNO)]
    assert codogno["applied"] and codogno["conflict"] == "official_elsewhere"
    assert codogno["other_ambito"] == "ambito-distrettuale-di-lodi"


def test_new_version_and_revert_show_without_reopening(layered, store):
    first = store.save("ambito-melzo", {"membership": membership("ambito-melzo", "Melzo", MELZO)},
                       user="test", file_name="a.csv", file_sha256="1")
    assert len(layered.run("members", parent="ambito-melzo")) == 4
    store.save("ambito-melzo", {"membership": membership("ambito-melzo", "Melzo", MELZO[:2])},
               user="test", file_name="b.csv", file_sha256="2")
    assert len(layered.run("members", parent="ambito-melzo")) == 2
    store.revert(first, user="test")
    assert len(layered.run("members", parent="ambito-melzo")) == 4


def test_official_database_is_never_written(real_db_path, store):
    before = real_db_path.read_bytes()
    database = Database(real_db_path, local_store=store)
    store.save("ambito-melzo", {"membership": membership("ambito-melzo", "Melzo", MELZO)},
               user="test", file_name="a.csv", file_sha256="1")
    database.run("territories")
    database.close()
    assert real_db_path.read_bytes() == before


def test_figures_for_an_ambito_the_build_knows(layered, store, official):
    """Services loaded by an ambito whose members the build already has (no membership applied): with a row at
    the ambito's own code (a service run jointly, covering the whole ambito) the ambito's coverage is Σ users of
    its rows / Σ residents 65+ of all its members × 100 (2 comuni of 47 alone would give no ambito figure)."""
    members = [c for c, in official.execute(
        "SELECT child_code FROM territory_link WHERE parent_code = 'ambito-di-cremona' ORDER BY 1").fetchall()]
    services = pd.DataFrame({"year": [2023, 2023, 2023], "territory_code": members[:2] + ["ambito-di-cremona"],
                             "service": "sad", "users": [12.0, 30.0, 8.0], "places": float("nan"),
                             "spending_eur": [50_000.0, 90_000.0, 20_000.0], "copayment_eur": [5_000.0, 9_000.0, 1_000.0]})
    store.save("ambito-di-cremona", {"services": services}, user="test", file_name="servizi.csv", file_sha256="s")
    residents_65, = official.execute(
        "SELECT sum(count) FROM target_population WHERE target = 'age_65_plus' AND year = 2023 "
        "AND comune_code IN (SELECT unnest(?::VARCHAR[]))", [members]).fetchone()
    series = layered.run("indicator_series", territory="ambito-di-cremona", indicator="local_coverage_sad")
    assert series.set_index("year").loc[2023, "value"] == pytest.approx(100 * 50 / residents_65)
    # the official figures of the ambito are untouched, and no territory row is added for it
    assert (layered.run("territories")["code"] == "ambito-di-cremona").sum() == 1


def test_local_source_is_dated_by_its_upload_not_by_the_build(layered, store):
    store.save("ambito-di-cremona", {"services": pd.DataFrame({
        "year": [2023], "territory_code": ["019036"], "service": ["sad"], "users": [12.0], "places": [float("nan")],
        "spending_eur": [50_000.0], "copayment_eur": [float("nan")]})}, user="test", file_name="s.csv", file_sha256="s")
    uploaded = pd.Timestamp(store.snapshot()["uploads"]["loaded_at"].max())
    sources = layered.run("sources").set_index("source_id")
    assert abs(sources.at["local:ambito-di-cremona", "loaded_at"] - uploaded) < pd.Timedelta(seconds=1)
    built = pd.Timestamp(layered.run("build_info")["built_at"].iloc[0])
    assert abs(sources.at["istat_sdmx_22_289", "loaded_at"] - built) < pd.Timedelta(seconds=1)
