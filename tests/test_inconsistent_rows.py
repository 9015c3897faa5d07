"""A Milan NIL row that contradicts itself gives no figure, and the city leaves it out (issue 11, item 3).

The register (ds205) publishes, for NIL 9 in 2017, 191 people aged 80+ living alone but 0 residents aged
80+, and for NIL 8 in 2017, 9 one-person households out of 1 household. Every figure that uses a count of
such a part/whole pair is missing for that NIL and year, says why, and the city's figure for that year is
the sum over the other NIL, saying which NIL were left out. Expected values are computed here from the raw
file, never read from the code under test.
"""
import json

import pandas as pd
import pytest

from cruscotto.build import build, needs_build
from cruscotto.build.milano import PART_OF_WHOLE, REGISTER_INDICATORS
from cruscotto.paths import RAW_DIR
from tests.apptest_helpers import run_page

NIL_FILE = RAW_DIR / "timeseries" / "milano_nil_demography_2011_2024.csv"
CITY = "015146"
# The build's own list of rules (inputs, not results): what the tests check is the arithmetic on the raw file.
SHARES = {indicator: pair for indicator, pair in REGISTER_INDICATORS.items() if pair[1]}


@pytest.fixture(scope="module")
def nil_rows() -> pd.DataFrame:
    """The NIL rows of the raw file, one column per measure."""
    raw = pd.read_csv(NIL_FILE, dtype={"territory_code": str})
    raw = raw[raw["territory_type"] == "milano_nil"]
    wide = raw.pivot_table(index=["territory_code", "year"], columns="measure", values="value", aggfunc="first")
    return wide.reset_index()


@pytest.fixture(scope="module")
def nil_names() -> dict[str, str]:
    raw = pd.read_csv(NIL_FILE, dtype={"territory_code": str})
    raw = raw[raw["territory_type"] == "milano_nil"].drop_duplicates("territory_code")
    return dict(zip(raw["territory_code"], raw["territory_name"]))


@pytest.fixture(scope="module")
def contradicted(nil_rows) -> set[tuple[str, int, str]]:
    """(NIL number, year, measure) for both counts of every broken part/whole pair."""
    found = set()
    for part, whole in PART_OF_WHOLE:
        for row in nil_rows[nil_rows[part] > nil_rows[whole]].itertuples():
            found |= {(row.territory_code, row.year, part), (row.territory_code, row.year, whole)}
    return found


def nil_code(number: str) -> str:
    return "NIL" + number.zfill(2)


def test_the_raw_file_has_the_contradictions_this_test_is_about(contradicted):
    assert ("9", 2017, "persons_80_plus_living_alone") in contradicted
    assert ("9", 2017, "residents_80_plus") in contradicted
    assert ("8", 2017, "households_one_person") in contradicted


def unusable(contradicted, indicator: str) -> set[tuple[str, int]]:
    numerator, denominator = SHARES[indicator]
    return {(nil, year) for nil, year, measure in contradicted if measure in (numerator, denominator)}


@pytest.mark.parametrize("indicator", SHARES)
def test_a_contradicted_nil_has_no_figure_but_says_why(real_db, contradicted, indicator):
    for nil, year in unusable(contradicted, indicator):
        series = real_db.run("indicator_series", indicator=indicator, territory=nil_code(nil))
        assert year not in set(series["year"]), f"{indicator} {nil_code(nil)} {year} shown as a plausible rate"
        missing = real_db.run("missing_figures", territory=nil_code(nil))
        reason = missing[(missing["indicator_id"] == indicator) & (missing["year"] == year)]
        assert len(reason) == 1
        assert "milano_row_contradiction" in [item["code"] for item in json.loads(reason["note"].iloc[0])]


@pytest.mark.parametrize("indicator", SHARES)
def test_the_city_leaves_contradicted_nil_out_of_numerator_and_denominator(real_db, nil_rows, nil_names, contradicted,
                                                                          indicator):
    numerator, denominator = SHARES[indicator]
    left_out = unusable(contradicted, indicator)
    series = real_db.run("indicator_series", indicator=indicator, territory=CITY).set_index("year")
    for year, rows in nil_rows.groupby("year"):
        kept = rows[[(nil, year) not in left_out for nil in rows["territory_code"]]]
        assert series.at[year, "numerator"] == kept[numerator].sum(), (indicator, year)
        assert series.at[year, "denominator"] == kept[denominator].sum(), (indicator, year)
        items = json.loads(series.at[year, "note"])
        named = [item for item in items if item["code"] == "milano_nil_left_out"]
        nils = sorted(int(nil) for nil, y in left_out if y == year)
        names = [nil_names[str(nil)] for nil in nils]
        assert named == ([{"code": "milano_nil_left_out", "nils": nils, "names": names}] if nils else []), (indicator, year)


def test_living_alone_2017_by_hand(real_db):
    """191 people aged 80+ living alone in NIL 9 (with 0 residents 80+) are out of the city's 2017 numerator."""
    raw = pd.read_csv(NIL_FILE, dtype={"territory_code": str})
    city = raw[(raw["territory_type"] == "comune") & (raw["year"] == 2017)].set_index("measure")["value"]
    row = real_db.run("indicator_series", indicator="reg_80_plus_living_alone_share", territory=CITY).set_index("year").loc[2017]
    assert (row["numerator"], row["denominator"]) == (city["persons_80_plus_living_alone"] - 191, city["residents_80_plus"] - 0)
    assert row["value"] == pytest.approx((city["persons_80_plus_living_alone"] - 191) / city["residents_80_plus"] * 100)


def test_a_source_flag_stays_on_the_figures_that_use_the_flagged_count(real_db):
    """NIL 9's 2017 flag is about its residents 80+: its share of children keeps no note about it."""
    children = real_db.run("indicator_series", indicator="reg_share_0_17", territory="NIL09").set_index("year")
    note = children.at[2017, "note"]
    assert not isinstance(note, str) or "milano_living_alone_anomaly" not in note


@pytest.fixture(scope="module")
def repo_database():
    if needs_build():
        build(progress=lambda line: None)


def test_tendenze_of_the_city_names_the_nil_left_out(repo_database):
    app = run_page("pages/tendenze.py", territorio=CITY, indicatore="reg_80_plus_living_alone_share")
    captions = "\n".join(str(e.value) for e in app.caption).replace("\\", "")
    assert "Milano, 2017: esclusi da numeratore e denominatore: NIL 9 (" in captions


def test_tendenze_of_the_nil_says_its_2017_row_contradicts_itself_in_english(repo_database):
    app = run_page("pages/tendenze.py", territorio="NIL09", indicatore="reg_80_plus_living_alone_share", lingua="en")
    captions = "\n".join(str(e.value) for e in app.caption).replace("\\", "")
    assert "2017: not computed: the source row contradicts itself" in captions
    assert "incoerente" not in captions


def test_a_city_row_that_is_not_the_sum_of_its_nil_stops_the_build(raw_copy, tmp_path):
    """Leaving a NIL out of the city's figure subtracts its counts from the city row: that needs the sum to hold."""
    from cruscotto.build.validate import ValidationError
    path = raw_copy / "timeseries" / "milano_nil_demography_2011_2024.csv"
    raw = pd.read_csv(path, dtype=str)
    births = raw.index[(raw["territory_type"] == "milano_nil") & (raw["measure"] == "births")][0]
    raw.loc[births, "value"] = str(int(raw.loc[births, "value"]) + 1)
    raw.to_csv(path, index=False)
    with pytest.raises(ValidationError, match="the Milano row is not the sum of its NIL rows"):
        build(db_path=tmp_path / "broken.duckdb", raw_dir=raw_copy, progress=lambda line: None)
