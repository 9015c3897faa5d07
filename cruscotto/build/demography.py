"""ISTAT population: totals, age structure, foreign residents, one-person households (census)."""
import numpy as np
import pandas as pd

from cruscotto import notes
from cruscotto.build import validate
from cruscotto.build.context import BuildContext
from cruscotto.levels import REGION_CODE

TOTALS = "demography/population_totals.csv"
AGE_BANDS = "demography/population_age_bands.parquet"
FOREIGN = "demography/foreign_residents.csv"
HOUSEHOLDS = "demography/households_by_size_brescia_province.csv"
BALANCE = "timeseries/lombardy_provinces_demographic_balance_2019_2024.csv"
# One ISTAT source per reference year, so a year never mixes two counts of the same people.
POPULATION_SOURCE_BY_YEAR = {
    2022: "istat_sdmx_22_289", 2023: "istat_sdmx_22_289", 2024: "istat_posas_2024_via_ruffino",
    2025: "istat_p2_bilancio_2025", 2026: "istat_p2_bilancio_2025",
}
FOREIGN_SOURCE_BY_YEAR = {year: "istat_sdmx_29_316" for year in range(2020, 2026)} | {2026: "istat_p3_bilancio_stranieri_2025"}
# numerator band(s), denominator band
AGE_RATIOS = {
    "share_0_14": (["0-14"], "total"),
    "share_65_plus": (["65+"], "total"),
    "share_75_plus": (["75+"], "total"),
    "share_80_plus": (["80+"], "total"),
    "share_85_plus": (["85+"], "total"),
    "old_age_index": (["65+"], "0-14"),
    "old_age_dependency": (["65+"], "15-64"),
    "structural_dependency": (["0-14", "65+"], "15-64"),
}


def _status(raw: pd.Series) -> pd.Series:
    return np.where(raw.astype(str).str.startswith("provisional"), "provisional", "final")


def population_frame(ctx: BuildContext) -> pd.DataFrame:
    totals = ctx.read_csv(TOTALS, dtype={"comune_istat": str, "sex": str, "source_id": str})
    validate.not_negative(totals, "population", TOTALS)
    validate.years(totals, "year", 2000, 2030, TOTALS)
    validate.parts_equal_total(totals, ["comune_istat", "year", "source_id"], "sex", "population", ("M", "F"), "T", TOTALS)
    chosen = totals[(totals["sex"] == "T") & (totals["source_id"] == totals["year"].map(POPULATION_SOURCE_BY_YEAR))]
    return chosen


def load(ctx: BuildContext) -> None:
    population = population_frame(ctx)
    inferred = population["data_status"] == "provisional_inferred"
    ctx.add_comune_observations(pd.DataFrame({
        "indicator_id": "population", "territory_code": population["comune_istat"], "year": population["year"],
        "ref_date": population["ref_date"], "numerator": population["population"], "status": _status(population["data_status"]),
        "source_id": population["source_id"],
        "note": np.where(inferred, notes.encoded("ref_date_inferred"), None),
    }), TOTALS)
    _foreign(ctx, population)
    _age_structure(ctx)
    _one_person_households(ctx)
    _province_population(ctx)


def _foreign(ctx: BuildContext, population: pd.DataFrame) -> None:
    foreign = ctx.read_csv(FOREIGN, dtype={"comune_istat": str, "sex": str})
    validate.not_negative(foreign, "foreign_residents", FOREIGN)
    foreign = foreign[(foreign["sex"] == "T") & (foreign["source_id"] == foreign["year"].map(FOREIGN_SOURCE_BY_YEAR))]
    ctx.add_comune_observations(pd.DataFrame({
        "indicator_id": "foreign_residents", "territory_code": foreign["comune_istat"], "year": foreign["year"],
        "ref_date": foreign["ref_date"], "numerator": foreign["foreign_residents"],
        "status": _status(foreign["data_status"]), "source_id": foreign["source_id"],
    }), FOREIGN)
    # Codes are harmonised before pairing: the two files do not always use the same vintage.
    population = population.assign(code=ctx.to_current_code(population["comune_istat"]))
    foreign = foreign.assign(code=ctx.to_current_code(foreign["comune_istat"]))
    pop = population.groupby(["code", "year"]).agg(population=("population", "sum"),
                                                   pop_status=("data_status", lambda s: "provisional" in " ".join(s))).reset_index()
    fgn = foreign.groupby(["code", "year"]).agg(foreign=("foreign_residents", "sum"), ref_date=("ref_date", "min"),
                                                f_status=("data_status", lambda s: "provisional" in " ".join(s))).reset_index()
    both = fgn.merge(pop, on=["code", "year"], how="inner")
    ctx.add_observations(pd.DataFrame({
        "indicator_id": "foreign_share", "territory_code": both["code"], "year": both["year"], "ref_date": both["ref_date"],
        "numerator": both["foreign"], "denominator": both["population"],
        "status": np.where(both["pop_status"] | both["f_status"], "provisional", "final"),
        "source_id": both["year"].map(FOREIGN_SOURCE_BY_YEAR),
        "note": [notes.encoded("foreign_share_sources", foreign_source=FOREIGN_SOURCE_BY_YEAR[year],
                                residents_source=POPULATION_SOURCE_BY_YEAR[year]) for year in both["year"]],
    }), FOREIGN)


def age_band_counts(ctx: BuildContext) -> pd.DataFrame:
    """Counts per comune, year and aggregate band (sexes together), original codes; computed once per build."""
    if "age_band_counts" in ctx.memo:
        return ctx.memo["age_band_counts"]
    bands = ctx.read_parquet(AGE_BANDS)
    validate.not_negative(bands, "count", AGE_BANDS)
    validate.parts_equal_total(bands[bands["band"] == "total"], ["comune_istat", "year"], "sex", "count", ("M", "F"), "T", AGE_BANDS)
    wanted = bands[(bands["sex"] == "T") & (bands["band_type"] == "aggregate")]
    wide = wanted.pivot_table(index=["comune_istat", "year", "ref_date", "data_status", "source_id"],
                              columns="band", values="count", aggfunc="sum").reset_index()
    wide.columns.name = None
    ctx.memo["age_band_counts"] = wide
    return wide


def _age_structure(ctx: BuildContext) -> None:
    wide = age_band_counts(ctx)
    validate._fail(AGE_BANDS, wide, wide["65+"] > wide["total"], "build_rule_65_plus_over_total")
    parts = []
    for indicator, (numerator_bands, denominator_band) in AGE_RATIOS.items():
        parts.append(pd.DataFrame({
            "indicator_id": indicator, "territory_code": wide["comune_istat"], "year": wide["year"],
            "ref_date": wide["ref_date"], "numerator": wide[numerator_bands].sum(axis=1),
            "denominator": wide[denominator_band], "status": _status(wide["data_status"]), "source_id": wide["source_id"],
        }))
    ctx.add_comune_observations(pd.concat(parts, ignore_index=True), AGE_BANDS)
    # The pyramid needs 5-year bands by sex; kept as a table of counts.
    bands = ctx.read_parquet(AGE_BANDS)
    five = bands[(bands["band_type"] == "5y") & bands["sex"].isin(["M", "F"])].copy()
    five["comune_code"] = ctx.to_current_code(five["comune_istat"])
    five = five.groupby(["comune_code", "year", "sex", "band", "band_start"], as_index=False).agg(
        count=("count", "sum"), data_status=("data_status", "first"), source_id=("source_id", "first"))
    five["status"] = _status(five["data_status"])
    ctx.add_table("population_age_band", five.drop(columns="data_status"))


def _one_person_households(ctx: BuildContext) -> None:
    households = ctx.read_csv(HOUSEHOLDS, dtype={"comune_istat": str, "household_size": str})
    validate.not_negative(households, "households", HOUSEHOLDS)
    rows = households[(households["household_scope"] == "all_households") & (households["foreign_members"] == "total")]
    wide = rows.pivot_table(index=["comune_istat", "year_end", "ref_date", "source_id"], columns="household_size",
                            values="households", aggfunc="sum").reset_index()
    wide = wide.dropna(subset=["1", "total"])
    validate._fail(HOUSEHOLDS, wide, wide["1"] > wide["total"], "build_rule_one_member_over_total")
    ctx.add_comune_observations(pd.DataFrame({
        "indicator_id": "one_person_households_share", "territory_code": wide["comune_istat"], "year": wide["year_end"],
        "ref_date": wide["ref_date"], "numerator": wide["1"], "denominator": wide["total"], "status": "final",
        "source_id": wide["source_id"],
    }), HOUSEHOLDS)


def _province_population(ctx: BuildContext) -> None:
    """Census-aligned population of 1 January 2020 and 2021, years with no comune totals here."""
    balance = ctx.read_csv(BALANCE, dtype={"territory_code": str})
    rows = balance[(balance["measure"] == "population_end_of_year_census_aligned") & balance["year"].isin([2019, 2020])]
    validate.not_negative(rows, "value", BALANCE)
    if rows["territory_code"].nunique() != 12:
        raise validate.ValidationError("build_provinces_expected", file=BALANCE, expected=12,
                                       found=rows["territory_code"].nunique())
    frame = pd.DataFrame({
        "indicator_id": "population", "territory_code": rows["territory_code"], "year": rows["year"] + 1,
        "ref_date": (rows["year"] + 1).astype(str) + "-01-01", "numerator": rows["value"], "status": "final",
        "source_id": rows["source_id"], "note": notes.encoded("census_previous_year"),
    })
    region = frame.groupby("year", as_index=False).agg(numerator=("numerator", "sum"), ref_date=("ref_date", "first"))
    region = region.assign(indicator_id="population", territory_code=REGION_CODE, status="final",
                           source_id=frame["source_id"].iloc[0], note=notes.encoded("sum_of_provinces", n=frame["territory_code"].nunique()))
    ctx.add_observations(pd.concat([frame, region], ignore_index=True), BALANCE)
