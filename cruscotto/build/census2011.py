"""ISTAT 2011 census (9 October 2011) for every comune and Milan's nine Municipi: households by size and the
age structure, the first point of the ageing and one-person-household series.

The comune file is already on today's codes: the data gatherer summed the località of each 2011 comune and
the 2011 comuni merged since (33 current comuni, named in its `flag` column; see census2011/PROVENANCE.md).
tests/test_census2011.py re-derives those sums from the 2011-geography file.

Milan's 2011 *zone di decentramento* 1-9 became the Municipi 1-9 in 2016: shared numbering, the boundaries not
checked (PROVENANCE caveat, repeated in the note on every Municipio row).

The census counts 75+ as its top age class: 80+ and 85+ have no 2011 point (data/catalogue/data_gaps.csv).
Households are the census "famiglie", comparable with the permanent census (Brescia, 2020-2024), never with
the Milan register households (reg_one_person_households_share).
"""
import pandas as pd

from cruscotto import notes
from cruscotto.build import validate
from cruscotto.build.context import BuildContext
from cruscotto.levels import MILANO_CODE, municipio_code

COMUNI = "demography/census2011/census2011_comuni_lombardia_current_geography.parquet"
SUB_MUNICIPAL = "demography/census2011/census2011_subcomunali_milano_brescia_monza.csv"
SOURCE = "istat_censimento_2011"
# indicator -> (numerator measures, denominator measure); the measures are the census counts of PROVENANCE
RATIOS = {
    "one_person_households_share": (["households_1_member"], "households_total"),
    "household_size": (["household_members_total"], "households_total"),
    "share_0_14": (["pop_0_14"], "pop_total"),
    "share_65_plus": (["pop_65_plus"], "pop_total"),
    "share_75_plus": (["pop_75_plus"], "pop_total"),
    "old_age_index": (["pop_65_plus"], "pop_0_14"),
    "old_age_dependency": (["pop_65_plus"], "pop_15_64"),
    "structural_dependency": (["pop_0_14", "pop_65_plus"], "pop_15_64"),
}
MEASURES = sorted({m for numerator, denominator in RATIOS.values() for m in [*numerator, denominator]})
MERGED_FLAG = "sum_of_2011_comuni:"


def load(ctx: BuildContext) -> None:
    tidy = ctx.read_parquet(COMUNI)
    comuni = _wide(tidy, ["comune_istat"], COMUNI)
    flags = tidy.drop_duplicates("comune_istat").set_index("comune_istat")["flag"]
    comuni["note"] = [_merged_note(flags.get(code)) for code in comuni["comune_istat"]]
    ctx.add_observations(_observations(comuni.rename(columns={"comune_istat": "territory_code"})), COMUNI)
    _check_known_comuni(ctx, comuni["comune_istat"])

    areas = ctx.read_csv(SUB_MUNICIPAL, dtype={"comune_istat": str, "asc_code": str})
    milano = areas[(areas["comune_istat"] == MILANO_CODE) & (areas["asc_type"] == "Zona decentramento")]
    municipi = _wide(milano, ["asc_code"], SUB_MUNICIPAL)
    municipi["territory_code"] = municipi["asc_code"].map(municipio_code)
    municipi["note"] = notes.encoded("census_2011_zone_as_municipi")
    ctx.add_observations(_observations(municipi), SUB_MUNICIPAL)


def _wide(tidy: pd.DataFrame, keys: list[str], file: str) -> pd.DataFrame:
    rows = tidy[tidy["measure"].isin(MEASURES)]
    validate.not_negative(rows, "value", file)
    validate.unique(rows, [*keys, "measure"], file)
    wide = rows.pivot_table(index=keys, columns="measure", values="value", aggfunc="first").reset_index()
    wide.columns.name = None
    missing = [m for m in MEASURES if m not in wide]
    if missing:
        raise validate.ValidationError("build_census_measures_missing", file=file, measures=missing)
    validate._fail(file, wide, wide["households_1_member"] > wide["households_total"], "build_rule_one_member_over_total")
    validate._fail(file, wide, wide["pop_65_plus"] > wide["pop_total"], "build_rule_65_plus_over_total")
    return wide


def _merged_note(flag) -> str | None:
    """The gatherer's flag as a note: several 2011 codes were merged; one code is a comune that changed code
    (Torre de' Busi, 097080 → 016215, moved from Lecco to Bergamo)."""
    if not (isinstance(flag, str) and flag.startswith(MERGED_FLAG)):
        return None
    codes = flag.removeprefix(MERGED_FLAG).split("+")
    return notes.encoded("merged_codes", codes=codes) if len(codes) > 1 else notes.encoded("renamed_code", old_code=codes[0])


def _observations(wide: pd.DataFrame) -> pd.DataFrame:
    census_note = notes.encoded("census_2011_date")
    parts = []
    for indicator, (numerator, denominator) in RATIOS.items():
        parts.append(pd.DataFrame({
            "indicator_id": indicator, "territory_code": wide["territory_code"], "year": 2011,
            "ref_date": "2011-10-09", "numerator": wide[numerator].sum(axis=1, min_count=len(numerator)),
            "denominator": wide[denominator], "status": "final", "source_id": SOURCE,
            "note": [notes.combine(census_note, note) for note in wide["note"]],
        }))
    return pd.concat(parts, ignore_index=True)


def _check_known_comuni(ctx: BuildContext, codes: pd.Series) -> None:
    unknown = sorted(set(codes) - ctx.comune_codes)
    absent = sorted(ctx.comune_codes - set(codes))
    if unknown or absent:
        raise validate.ValidationError("build_census_codes_differ", file=COMUNI, unknown=unknown[:5], absent=absent[:5])
