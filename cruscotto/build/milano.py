"""Comune di Milano city register: NIL series 2011-2024 (ds205) and Municipi residents 1999-2022.

Register counts (31 December) are kept apart from ISTAT's population: they feed only the
`reg_*` indicators, whose numerator and denominator both come from the register.
"""
import pandas as pd

from cruscotto import notes
from cruscotto.build import validate
from cruscotto.build.context import BuildContext

NIL_FILE = "timeseries/milano_nil_demography_2011_2024.csv"
MUNICIPI_FILE = "timeseries/milano_municipi_residents_1999_2022.csv"
# indicator -> (numerator measure, denominator measure or None)
REGISTER_INDICATORS = {
    "reg_residents": ("residents_total", None),
    "reg_share_0_17": ("residents_0_17", "residents_total"),
    "reg_share_65_plus": ("residents_65_plus", "residents_total"),
    "reg_share_80_plus": ("residents_80_plus", "residents_total"),
    "reg_share_foreign": ("residents_foreign", "residents_total"),
    "reg_one_person_households_share": ("households_one_person", "households_registry"),
    "reg_80_plus_living_alone_share": ("persons_80_plus_living_alone", "residents_80_plus"),
}


def _territory(row_type: pd.Series, code: pd.Series) -> pd.Series:
    nil = "NIL" + code.str.zfill(2)
    return nil.where(row_type == "milano_nil", code)


def load(ctx: BuildContext) -> None:
    nil = ctx.read_csv(NIL_FILE, dtype={"territory_code": str})
    validate.not_negative(nil, "value", NIL_FILE)
    validate.years(nil, "year", 2011, 2024, NIL_FILE)
    validate.unique(nil, ["territory_type", "territory_code", "year", "measure"], NIL_FILE)
    nil["code"] = _territory(nil["territory_type"], nil["territory_code"])
    wide = nil.pivot_table(index=["code", "year", "source_id"], columns="measure", values="value", aggfunc="sum").reset_index()
    flags = nil.groupby(["code", "year"])["flag"].first().reset_index()
    wide = wide.merge(flags, on=["code", "year"], how="left")
    sexes = wide.dropna(subset=["residents_male", "residents_female", "residents_total"])
    broken = sexes["residents_male"] + sexes["residents_female"] != sexes["residents_total"]
    validate._fail(NIL_FILE, sexes, broken, "uomini + donne ≠ totale")
    parts = []
    for indicator, (numerator, denominator) in REGISTER_INDICATORS.items():
        frame = wide.dropna(subset=[numerator] + ([denominator] if denominator else []))
        if denominator:
            # A rate needs a positive denominator: NIL 8 (a park) has years with no residents 80+.
            frame = frame[frame[denominator] > 0]
            # Source anomaly (NIL 8, 2017: 9 one-person households out of 1): a share above 100%
            # is not a measurement, so that row is left out rather than shown.
            frame = frame[frame[numerator] <= frame[denominator]]
        parts.append(pd.DataFrame({
            "indicator_id": indicator, "territory_code": frame["code"], "year": frame["year"],
            "ref_date": frame["year"].astype(str) + "-12-31", "numerator": frame[numerator],
            "denominator": frame[denominator] if denominator else None, "status": "final",
            "source_id": frame["source_id"], "note": [notes.from_source_flag(flag, NIL_FILE) for flag in frame["flag"]],
        }))
    ctx.add_observations(pd.concat(parts, ignore_index=True), NIL_FILE)

    municipi = ctx.read_csv(MUNICIPI_FILE, dtype={"territory_code": str})
    validate.not_negative(municipi, "value", MUNICIPI_FILE)
    validate.unique(municipi, ["territory_code", "year"], MUNICIPI_FILE)
    ctx.add_observations(pd.DataFrame({
        "indicator_id": "reg_residents", "territory_code": "MUN" + municipi["territory_code"].str.zfill(2),
        "year": municipi["year"], "ref_date": municipi["ref_date"], "numerator": municipi["value"],
        "status": "final", "source_id": municipi["source_id"],
    }), MUNICIPI_FILE)
