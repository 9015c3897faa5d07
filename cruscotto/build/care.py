"""Places for older people (regional registers, snapshot 2026) per 100 residents aged 75+."""
import pandas as pd

from cruscotto import notes
from cruscotto.build import validate
from cruscotto.build.context import BuildContext
from cruscotto.build.demography import age_band_counts

PLACES_FILE = "spending/lombardia_offerta_anziani_per_comune_snapshot2026.csv"
SOURCE = "regione_lombardia_unita_offerta_anziani"
PLACES = {"rsa_places_per_100_75plus": "posti_autorizzati_rsa",
          "cdi_places_per_100_75plus": "posti_autorizzati_cdi",
          "protected_housing_places_per_100_75plus": "posti_dichiarati_alloggi_protetti_anziani"}
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
    by_comune = places.pivot_table(index="comune_istat", columns="measure", values="value", aggfunc="sum")
    parts = []
    for indicator, measure in PLACES.items():
        # The register lists facilities: a comune with none has no row and 0 places.
        counts = old["code"].map(by_comune[measure]).fillna(0)
        parts.append(pd.DataFrame({
            "indicator_id": indicator, "territory_code": old["code"], "year": snapshot_year,
            "ref_date": f"{snapshot_year}-08-01", "numerator": counts, "denominator": old["pop_75"],
            "status": "provisional", "source_id": SOURCE,
            "note": notes.encoded("residents_75_plus_denominator", year=DENOMINATOR_YEAR),
        }))
    frame = pd.concat(parts, ignore_index=True)
    validate.positive(frame, "denominator", PLACES_FILE)
    ctx.add_comune_observations(frame, PLACES_FILE)
