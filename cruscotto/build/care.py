"""Places for older people (regional registers, snapshot 2026) per 100 residents aged 75+."""
from typing import NamedTuple

import pandas as pd

from cruscotto import notes
from cruscotto.build import validate
from cruscotto.build.context import BuildContext
from cruscotto.build.demography import age_band_counts

PLACES_FILE = "spending/lombardia_offerta_anziani_per_comune_snapshot2026.csv"
SOURCE = "regione_lombardia_unita_offerta_anziani"


class PlacesMeasures(NamedTuple):
    places: str  # the count the indicator uses
    facilities: str  # how many facilities the register lists
    accredited: str | None  # the same facilities' accredited places, named in a note when `places` is blank


PLACES = {"rsa_places_per_100_75plus": PlacesMeasures("posti_autorizzati_rsa", "n_strutture_rsa", "posti_accreditati_rsa"),
          "cdi_places_per_100_75plus": PlacesMeasures("posti_autorizzati_cdi", "n_strutture_cdi", "posti_accreditati_cdi"),
          "protected_housing_places_per_100_75plus": PlacesMeasures(
              "posti_dichiarati_alloggi_protetti_anziani", "n_strutture_alloggi_protetti_anziani", None)}
DENOMINATOR_YEAR = 2023


def load(ctx: BuildContext) -> None:
    places = ctx.read_csv(PLACES_FILE, dtype={"comune_istat": str})
    validate.not_negative(places, "value", PLACES_FILE)
    validate.unique(places, ["comune_istat", "measure"], PLACES_FILE)
    validate.comune_code(places, "comune_istat", PLACES_FILE)
    snapshot_year = int(places["year"].max())
    ages = age_band_counts(ctx)
    ages = ages[ages["year"] == DENOMINATOR_YEAR].assign(code=lambda f: ctx.to_current_code(f["comune_istat"]))
    old = ages.groupby("code", as_index=False).agg(pop_75=("75+", "sum"))
    # unstack keeps a blank count blank (a pivot sum would turn it into 0)
    by_comune = places.set_index(["comune_istat", "measure"])["value"].unstack("measure")
    parts, missing = [], []
    for indicator, measures in PLACES.items():
        measure = measures.places
        listed = places.loc[places["measure"] == measure, "comune_istat"]
        blank = set(places.loc[(places["measure"] == measure) & places["value"].isna(), "comune_istat"])
        # The register lists facilities: a comune with no row has none, so 0 places. A listed
        # comune whose count is blank has facilities of unknown size: missing, never 0.
        counts = old["code"].map(by_comune[measure]).where(old["code"].isin(listed), 0.0)
        known = ~old["code"].isin(blank)
        parts.append(pd.DataFrame({
            "indicator_id": indicator, "territory_code": old.loc[known, "code"], "year": snapshot_year,
            "ref_date": f"{snapshot_year}-08-01", "numerator": counts[known], "denominator": old.loc[known, "pop_75"],
            "status": "provisional", "source_id": SOURCE,
            "note": notes.encoded("residents_75_plus_denominator", year=DENOMINATOR_YEAR),
        }))
        missing += [_blank_count(indicator, code, snapshot_year, by_comune.loc[code], measures) for code in sorted(blank)]
    frame = pd.concat(parts, ignore_index=True)
    validate.positive(frame, "denominator", PLACES_FILE)
    ctx.add_comune_observations(frame, PLACES_FILE)
    ctx.add_missing_figures(pd.DataFrame(missing, columns=["indicator_id", "territory_code", "year", "note"]))


def _blank_count(indicator: str, code: str, year: int, row: pd.Series, measures: PlacesMeasures) -> dict:
    """A figure left out because the register lists facilities but no count: the note says how many facilities
    and, where the register has them, their accredited places (named as such, never used as the count)."""
    facilities = row.get(measures.facilities)
    accredited = row.get(measures.accredited) if measures.accredited else None
    if pd.isna(facilities):  # the register left the number of facilities blank too
        note = notes.encoded("register_places_blank_no_facilities")
    elif accredited is not None and pd.notna(accredited):
        note = notes.encoded("register_places_blank_accredited", facilities=int(facilities), accredited=int(accredited))
    else:
        note = notes.encoded("register_places_blank", facilities=int(facilities))
    return {"indicator_id": indicator, "territory_code": code, "year": year, "note": note}
