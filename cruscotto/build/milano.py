"""Comune di Milano city register: NIL series 2011-2024 (ds205) and Municipi residents 1999-2022.

Register counts (31 December) are kept apart from ISTAT's population: they feed only the
`reg_*` indicators, whose numerator and denominator both come from the register.

The city row of the NIL file is the sum of its NIL rows. A NIL row that contradicts itself (a part
larger than its whole, e.g. more people aged 80+ living alone than residents aged 80+) gives no
figure for the indicators using those counts: the NIL's figure is missing, with the reason, and the
city's figure for that year leaves the NIL out of both numerator and denominator, saying which.
"""
import pandas as pd

from cruscotto import notes
from cruscotto.build import validate
from cruscotto.build.context import BuildContext
from cruscotto.levels import MILANO_CODE

NIL_FILE = "timeseries/milano_nil_demography_2011_2024.csv"
MUNICIPI_FILE = "timeseries/milano_municipi_residents_1999_2022.csv"
CITY = MILANO_CODE
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
# (part, whole): counts of one row where the part can never exceed the whole
PART_OF_WHOLE = [
    ("residents_0_17", "residents_total"), ("residents_65_plus", "residents_total"),
    ("residents_80_plus", "residents_65_plus"), ("residents_foreign", "residents_total"),
    ("persons_80_plus_living_alone", "residents_80_plus"), ("persons_80_plus_living_alone", "households_one_person"),
    ("households_one_person", "households_registry"),
]


def _territory(row_type: pd.Series, code: pd.Series) -> pd.Series:
    nil = "NIL" + code.str.zfill(2)
    return nil.where(row_type == "milano_nil", code)


def contradicted_measures(wide: pd.DataFrame) -> pd.DataFrame:
    """code, year, measure: both counts of every part/whole pair whose part exceeds its whole in a NIL row."""
    found = []
    for part, whole in PART_OF_WHOLE:
        broken = wide[wide["code"].str.startswith("NIL") & (wide[part] > wide[whole])]
        found += [broken[["code", "year"]].assign(measure=measure) for measure in (part, whole)]
    return pd.concat(found, ignore_index=True).drop_duplicates()


def load(ctx: BuildContext) -> None:
    nil = ctx.read_csv(NIL_FILE, dtype={"territory_code": str})
    validate.not_negative(nil, "value", NIL_FILE)
    validate.years(nil, "year", 2011, 2024, NIL_FILE)
    validate.unique(nil, ["territory_type", "territory_code", "year", "measure"], NIL_FILE)
    nil["code"] = _territory(nil["territory_type"], nil["territory_code"])
    _check_city_is_sum_of_nil(nil)
    wide = nil.pivot_table(index=["code", "year", "source_id"], columns="measure", values="value", aggfunc="first").reset_index()
    sexes = wide.dropna(subset=["residents_male", "residents_female", "residents_total"])
    broken = sexes["residents_male"] + sexes["residents_female"] != sexes["residents_total"]
    validate._fail(NIL_FILE, sexes, broken, "build_rule_men_women_not_total")
    source_flags = nil.dropna(subset=["flag"]).set_index(["code", "year", "measure"])["flag"]
    nil_names = nil.drop_duplicates("code").set_index("code")["territory_name"]
    contradicted = contradicted_measures(wide)
    parts, missing = [], []
    for indicator, (numerator, denominator) in REGISTER_INDICATORS.items():
        measures = [numerator] + ([denominator] if denominator else [])
        frame = wide.dropna(subset=measures).copy()
        frame["note"] = [_source_notes(source_flags, code, year, measures) for code, year in zip(frame["code"], frame["year"])]
        unusable = _uses_contradicted(frame, contradicted, measures)
        left_out = frame[unusable]
        missing.append(pd.DataFrame({
            "indicator_id": indicator, "territory_code": left_out["code"], "year": left_out["year"],
            "note": [notes.combine(notes.encoded("milano_row_contradiction"), note) for note in left_out["note"]]}))
        frame = _city_without(frame[~unusable], left_out, measures, nil_names)
        if denominator:
            # A rate needs a positive denominator: NIL 8 (a park) has years with no residents 80+.
            frame = frame[frame[denominator] > 0]
        parts.append(pd.DataFrame({
            "indicator_id": indicator, "territory_code": frame["code"], "year": frame["year"],
            "ref_date": frame["year"].astype(str) + "-12-31", "numerator": frame[numerator],
            "denominator": frame[denominator] if denominator else None, "status": "final",
            "source_id": frame["source_id"], "note": frame["note"],
        }))
    ctx.add_observations(pd.concat(parts, ignore_index=True), NIL_FILE)
    ctx.add_missing_figures(pd.concat(missing, ignore_index=True))

    municipi = ctx.read_csv(MUNICIPI_FILE, dtype={"territory_code": str})
    validate.not_negative(municipi, "value", MUNICIPI_FILE)
    validate.unique(municipi, ["territory_code", "year"], MUNICIPI_FILE)
    ctx.add_observations(pd.DataFrame({
        "indicator_id": "reg_residents", "territory_code": "MUN" + municipi["territory_code"].str.zfill(2),
        "year": municipi["year"], "ref_date": municipi["ref_date"], "numerator": municipi["value"],
        "status": "final", "source_id": municipi["source_id"],
    }), MUNICIPI_FILE)


def _check_city_is_sum_of_nil(nil: pd.DataFrame) -> None:
    """The city row is published as the sum of the NIL rows; leaving a NIL out of it relies on that."""
    city = nil[nil["code"] == CITY].set_index(["year", "measure"])["value"]
    summed = nil[nil["code"].str.startswith("NIL")].groupby(["year", "measure"])["value"].sum()
    both = pd.DataFrame({"city": city, "nil_sum": summed}).dropna().reset_index()
    validate._fail(NIL_FILE, both, both["city"] != both["nil_sum"], "build_rule_milano_not_nil_sum")


def _source_notes(source_flags: pd.Series, code: str, year: int, measures: list[str]) -> str | None:
    """The source's own flags on the counts a figure uses, as one stored note."""
    flags = [source_flags.get((code, year, measure)) for measure in measures]
    return notes.combine(*(notes.from_source_flag(flag, NIL_FILE) for flag in flags if isinstance(flag, str)))


def _uses_contradicted(frame: pd.DataFrame, contradicted: pd.DataFrame, measures: list[str]) -> pd.Series:
    """True for the rows whose counts for `measures` include a contradicted one."""
    keys = contradicted[contradicted["measure"].isin(measures)][["code", "year"]].drop_duplicates()
    marked = frame[["code", "year"]].merge(keys.assign(hit=True), on=["code", "year"], how="left")["hit"]
    return pd.Series(marked.fillna(False).astype(bool).to_numpy(), index=frame.index)


def _city_without(frame: pd.DataFrame, left_out: pd.DataFrame, measures: list[str], nil_names: pd.Series) -> pd.DataFrame:
    """The city rows with the left-out NIL's counts taken out of each measure, and a note naming them."""
    if left_out.empty:
        return frame
    frame = frame.copy()
    for year, nils in left_out.groupby("year"):
        city = (frame["code"] == CITY) & (frame["year"] == year)
        for measure in measures:
            frame.loc[city, measure] -= nils[measure].sum()
        codes = sorted(nils["code"])
        left_out_note = notes.encoded("milano_nil_left_out", nils=[int(code.removeprefix("NIL")) for code in codes],
                                      names=[nil_names[code] for code in codes])
        frame.loc[city, "note"] = [notes.combine(note, left_out_note) for note in frame.loc[city, "note"]]
    return frame
