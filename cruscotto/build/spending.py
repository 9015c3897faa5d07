"""Social spending: OpenCivitas 'sociale e asili nido' per comune, and ISTAT's survey extract
for the 'famiglia e minori' area (Lombardy and 5 ambiti), with its service breakdown."""
import numpy as np
import pandas as pd

from cruscotto import notes
from cruscotto.build import validate
from cruscotto.build.context import BuildContext
from cruscotto.levels import AMBITO, REGION, REGION_CODE

OPENCIVITAS_YEARS = (2018, 2019, 2021, 2022)
OPENCIVITAS_SOURCE = "opencivitas_sociale_nido"
NOT_EVALUATED = "cod_sps_noval"
FAM_FILE = "timeseries/istat_ats_social_spending_family_minors_2021_2023.csv"
FAM_TERRITORY_LEVEL = {"regione": REGION, "ambito_territoriale_sociale": AMBITO}


def opencivitas_file(year: int) -> str:
    return f"spending/opencivitas_sociale_nido_lombardia_{year}.csv"


def load(ctx: BuildContext) -> None:
    parts = []
    for year in OPENCIVITAS_YEARS:
        file = opencivitas_file(year)
        frame = ctx.read_csv(file, dtype={"comune_istat": str, "note": str})
        validate.unique(frame, ["comune_istat", "measure"], file)
        money = frame[frame["measure"].str.startswith(("spesa_storica", "fabbisogno_standard"))]
        validate.not_negative(money, "value", file)
        wide = frame.pivot_table(index="comune_istat", columns="measure", values="value", aggfunc="sum").reset_index()
        source_flags = frame[frame["measure"] == "spesa_storica_sociale_nido"].set_index("comune_istat")["note"]
        wide["note"] = wide["comune_istat"].map(source_flags)
        need_pc = wide["fabbisogno_standard_sociale_nido_pro_capite"]
        # OpenCivitas publishes totals and per-head values; the population behind them makes the
        # per-head figure additive across comuni (sum spending / sum population).
        wide["population"] = (wide["fabbisogno_standard_sociale_nido"] / need_pc.where(need_pc > 0)).round()
        wide = wide.dropna(subset=["population"])
        evaluated = ~wide["note"].fillna("").str.contains(NOT_EVALUATED)
        common = {"territory_code": wide["comune_istat"], "year": year, "ref_date": f"{year}-12-31",
                  "status": "final", "source_id": OPENCIVITAS_SOURCE}
        spending = pd.DataFrame({"indicator_id": "social_spending_per_capita", "numerator": wide["spesa_storica_sociale_nido"],
                                 "denominator": wide["population"], "value": wide["spesa_storica_sociale_nido_pro_capite"],
                                 "note": [notes.from_source_flag(flag, file) for flag in wide["note"]], **common})[evaluated]
        need = pd.DataFrame({"indicator_id": "social_need_per_capita", "numerator": wide["fabbisogno_standard_sociale_nido"],
                             "denominator": wide["population"], "value": need_pc, **common})
        versus = pd.DataFrame({"indicator_id": "social_spending_vs_need", "numerator": wide["spesa_storica_sociale_nido"],
                               "denominator": wide["fabbisogno_standard_sociale_nido"], **common})[evaluated]
        parts += [spending, need, versus]
    ctx.add_comune_observations(pd.concat(parts, ignore_index=True), "spending/opencivitas_sociale_nido_lombardia_*.csv")
    _family_and_minors(ctx)


def _family_and_minors(ctx: BuildContext) -> None:
    frame = ctx.read_csv(FAM_FILE, dtype={"territory_code": str})
    validate.not_negative(frame, "value", FAM_FILE)
    validate.unique(frame, ["territory_code", "year", "service_code", "measure"], FAM_FILE)
    frame["code"] = np.where(frame["territory_type"] == "regione", REGION_CODE, frame["territory_code"])
    ambiti = frame[frame["territory_type"] == "ambito_territoriale_sociale"].drop_duplicates("code")
    ctx.territories.append(pd.DataFrame({
        "code": ambiti["code"], "level": AMBITO, "name": ambiti["territory_name"], "parent_code": REGION_CODE,
        "n_members": None, "membership_source": None,
        "membership_note": notes.encoded("membership_istat_only"),
    }))
    total = frame[frame["service_code"] == "ALL"]
    spend = total[total["measure"] == "EXPMUN"]
    per_minor = total[total["measure"] == "EXPTPOP"]
    common = lambda rows: {"territory_code": rows["code"], "year": rows["year"], "ref_date": rows["ref_date"].str[-10:],
                           "status": "final", "source_id": rows["source_id"],
                           "note": [notes.from_source_flag(flag, FAM_FILE) for flag in rows["flag"]]}
    ctx.add_observations(pd.concat([
        pd.DataFrame({"indicator_id": "fam_spending_total", "numerator": spend["value"], "value": spend["value"], **common(spend)}),
        pd.DataFrame({"indicator_id": "fam_spending_per_minor", "value": per_minor["value"], **common(per_minor)}),
    ], ignore_index=True), FAM_FILE)
    services = frame[frame["measure"] == "EXPMUN"]
    ctx.add_table("spending_by_service", pd.DataFrame({
        "territory_code": services["code"], "year": services["year"], "area_code": services["area_code"],
        "area_label": services["area_label_it"], "service_code": services["service_code"],
        "service_label": services["service_label_it"], "spending_eur": services["value"], "source_id": services["source_id"],
    }))
