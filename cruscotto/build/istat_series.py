"""ISTAT published demographic indicators: Metropolitan City of Milan 2002-2025 and Lombardy 2002-2020.

They are benchmarks published at their own level (no numerator or denominator). Where the
build also computes the same indicator from comune counts, the computed value is kept and
the published one is checked against it (see checks.sql).
"""
import pandas as pd

from cruscotto import notes
from cruscotto.build import validate
from cruscotto.build.context import BuildContext
from cruscotto.levels import REGION_CODE

FILES = ("timeseries/istat_demographic_indicators_cm_milano_2002_2025.csv",
         "timeseries/istat_demographic_indicators_regions_2002_2020.csv")
MEASURES = {"AGEINDEX": "old_age_index", "OLDAGEDEPR": "old_age_dependency", "DEPENDRATE": "structural_dependency",
            "POP014": "share_0_14", "POP65OVER": "share_65_plus"}
TERRITORY = {"015": "015", "ITC4": REGION_CODE}  # the source's codes -> ours
# The source carries no flag, but ISTAT's latest structure indicators are estimates.
PROVISIONAL_FROM_YEAR = 2024


def load(ctx: BuildContext) -> None:
    for file in FILES:
        frame = ctx.read_csv(file, dtype={"territory_code": str})
        frame = frame[frame["measure"].isin(MEASURES) & frame["territory_code"].isin(TERRITORY)]
        validate.within(frame, "value", 0, 1000, file)
        validate.unique(frame, ["territory_code", "year", "measure"], file)
        ctx.add_observations(pd.DataFrame({
            "indicator_id": frame["measure"].map(MEASURES), "territory_code": frame["territory_code"].map(TERRITORY),
            "year": frame["year"], "ref_date": frame["ref_date"], "value": frame["value"],
            "status": ["provisional" if y >= PROVISIONAL_FROM_YEAR else "final" for y in frame["year"]],
            "source_id": frame["source_id"], "note": notes.encoded("published_by_istat"),
        }), file)
