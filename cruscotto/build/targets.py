"""Target populations of services (residents 0-2, 3-5, 0-17, 18-64, 65+, 75+, all) per comune and year.

Counted from ISTAT residents by single year of age and sex (M + F; age 100 = 100 and over): 2022 final,
2023 ISTAT's provisional estimate. Codes of comuni merged since (012009, 012018, 012095 -> 012144, …)
are summed into their successor, as for every other comune series. Planners' coverage figures
(cruscotto/local/sql/derive.sql) divide users and places by these counts.
"""
import numpy as np
import pandas as pd

from cruscotto.build import validate
from cruscotto.build.context import BuildContext

SINGLE_YEAR = "demography/population_age_sex_single_year.parquet"
# target -> (first age, last age); age 100 stands for 100 and over
TARGET_AGES = {
    "age_0_2": (0, 2),
    "age_3_5": (3, 5),
    "age_0_17": (0, 17),
    "age_18_64": (18, 64),
    "age_65_plus": (65, 100),
    "age_75_plus": (75, 100),
    "population": (0, 100),
}
COLUMNS = ["comune_code", "year", "target", "count", "status", "source_id"]


def load(ctx: BuildContext) -> None:
    ctx.add_table("target_population", target_frame(ctx))


def target_frame(ctx: BuildContext) -> pd.DataFrame:
    ages = ctx.read_parquet(SINGLE_YEAR)
    validate.comune_code(ages, "comune_istat", SINGLE_YEAR)
    validate.years(ages, "year", 2000, 2030, SINGLE_YEAR)
    validate.within(ages, "age", 0, 100, SINGLE_YEAR)
    validate.not_negative(ages, "count", SINGLE_YEAR)
    validate._fail(SINGLE_YEAR, ages, ~ages["sex"].isin(["M", "F"]), "build_rule_sex_not_m_f")
    validate._fail(SINGLE_YEAR, ages, ~ages["data_status"].isin(["final", "provisional"]), "build_rule_unknown_status")
    validate.unique(ages, ["comune_istat", "year", "age", "sex"], SINGLE_YEAR)
    validate._fail(SINGLE_YEAR, ages, ages.groupby(["year"])["source_id"].transform("nunique") > 1,
                   "build_rule_sources_per_year")
    frame = ages.assign(comune_code=ctx.to_current_code(ages["comune_istat"]))
    unknown = ~frame["comune_code"].isin(ctx.comune_codes)
    validate._fail(SINGLE_YEAR, frame, unknown, "build_rule_unknown_comune_code")
    parts = []
    for target, (first, last) in TARGET_AGES.items():
        chosen = frame[frame["age"].between(first, last)]
        counted = chosen.groupby(["comune_code", "year"], as_index=False).agg(
            count=("count", "sum"), data_status=("data_status", "first"), source_id=("source_id", "first"))
        parts.append(counted.assign(target=target))
    table = pd.concat(parts, ignore_index=True)
    table["status"] = np.where(table["data_status"] == "provisional", "provisional", "final")
    table["count"] = table["count"].astype("int64")
    table["year"] = table["year"].astype("int64")
    return table[COLUMNS].sort_values(["comune_code", "year", "target"], ignore_index=True)
