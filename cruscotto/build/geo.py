"""Territories, their parent links and their (simplified) geometry.

Levels: regione, provincia, ambito, asst, distretto, comune, municipio, nil.
Ambito, ASST and distretto membership is data read from the raw membership files, so a new
ambito appears by adding rows there. Their geometry is the union of their comuni.
"""
import json
import re
import unicodedata

import pandas as pd
import shapely

from cruscotto import notes
from cruscotto.build import validate
from cruscotto.build.context import BuildContext
from cruscotto.levels import (AMBITO, ASST, COMUNE, DISTRICT, MILANO_CODE, MUNICIPIO, NIL, PROVINCE, REGION, REGION_CODE,
                             REGION_NAME, municipio_code)

# Simplification tolerances and coordinate grids in degrees (1e-4 deg is about 10 m here), for the zoom each
# level is shown at: the map needs shape, not survey precision. Comuni and groups are seen a province or the
# region at a time (one screen pixel is 7e-4 deg or more), Milan's Municipi and NIL a city at a time (1e-4).
# Fewer vertices and shorter numbers make the map's file smaller and quicker to draw (cruscotto/maps.py).
COMUNE_TOLERANCE = 6e-4
GROUP_TOLERANCE = 8e-4
CITY_TOLERANCE = 1e-4
REGIONAL_GRID = 1e-4  # 4 decimals
CITY_GRID = 1e-5  # 5 decimals
GROUP_FILES = ("geo/comuni_ambiti.csv", "geo/comuni_ambiti_supplement.csv")
ASST_FILE = "geo/comuni_ats_asst.csv"


METROPOLITAN_CITIES = {"015"}  # Milano became a città metropolitana in 2015 (L. 56/2014)


def province_name(code: str, name: str) -> str:
    """'Provincia di Lodi', so the province never reads like its capoluogo (the comune 'Lodi')."""
    return f"Città metropolitana di {name}" if code in METROPOLITAN_CITIES else f"Provincia di {name}"


def slug(text: str, prefix: str = "") -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    body = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    return (prefix + body)[:60].rstrip("-")


def _features(ctx: BuildContext, relative: str) -> tuple[list[dict], list]:
    try:
        collection = json.loads(ctx.path(relative).read_text(encoding="utf-8"))
        features = collection["features"]
        shapes = [shapely.geometry.shape(f["geometry"]) for f in features]
    except (ValueError, KeyError, TypeError, shapely.errors.GEOSException) as error:
        raise validate.ValidationError("build_geojson_unreadable", file=relative, error=error) from error
    return [f["properties"] for f in features], shapes


def geometry_rows(codes: list[str], shapes: list, tolerance: float, grid: float = CITY_GRID,
                  coverage: bool = False) -> pd.DataFrame:
    """Simplified (shared borders kept shared with `coverage`) and snapped to a grid of `grid` degrees."""
    if coverage:
        simplified = shapely.coverage_simplify(shapes, tolerance)
    else:
        simplified = [shapely.simplify(s, tolerance, preserve_topology=True) for s in shapes]
    simplified = [shapely.set_precision(s, grid) for s in simplified]
    return pd.DataFrame({"code": codes, "geojson": [shapely.to_geojson(s) for s in simplified]})


def _territory_frame(rows: list[dict]) -> pd.DataFrame:
    columns = ["code", "level", "name", "province_code", "parent_code", "capoluogo", "n_members",
               "membership_source", "membership_note", "membership_complete", "label_lon", "label_lat"]
    frame = pd.DataFrame(rows)
    for column in columns:
        if column not in frame:
            frame[column] = None
    return frame[columns]


def load(ctx: BuildContext) -> None:
    comuni = ctx.read_csv("geo/lombardy_comuni.csv", dtype=str)
    file = "geo/lombardy_comuni.csv"
    validate.not_null(comuni, ["istat", "name", "prov_code"], file)
    validate.comune_code(comuni, "istat", file)
    validate.unique(comuni, ["istat"], file)
    # every comune lies in exactly one province: a code's first three digits are its province
    validate._fail(file, comuni, comuni["istat"].str[:3] != comuni["prov_code"], "build_rule_comune_other_province")
    ctx.comune_codes = set(comuni["istat"])

    comune_props, comune_shapes = _features(ctx, "geo/lombardy_comuni.geojson")
    geo_codes = [p["istat"] for p in comune_props]
    if sorted(geo_codes) != sorted(ctx.comune_codes):
        raise validate.ValidationError("build_geometry_codes_differ", file="geo/lombardy_comuni.geojson", other=file)
    shape_by_code = dict(zip(geo_codes, comune_shapes))

    rows = [{"code": REGION_CODE, "level": REGION, "name": REGION_NAME, "n_members": len(comuni), "membership_complete": True}]
    provinces = comuni.groupby("prov_code").agg(name=("prov_name", "first"), n=("istat", "size")).reset_index()
    rows += [{"code": r.prov_code, "level": PROVINCE, "name": province_name(r.prov_code, r.name), "parent_code": REGION_CODE,
              "n_members": int(r.n), "membership_complete": True} for r in provinces.itertuples()]
    rows += [{"code": r.istat, "level": COMUNE, "name": r.name, "province_code": r.prov_code,
              "parent_code": r.prov_code, "capoluogo": r.capoluogo == "True",
              "label_lon": float(r.label_lon), "label_lat": float(r.label_lat)} for r in comuni.itertuples()]
    links = [pd.DataFrame({"child_code": comuni["istat"], "parent_code": comuni["prov_code"], "relation": PROVINCE}),
             pd.DataFrame({"child_code": comuni["istat"], "parent_code": REGION_CODE, "relation": REGION})]

    groups = _membership_groups(ctx)
    for (level, name), members in groups.items():
        first = members.iloc[0]
        code = slug(name)
        n = len(members)
        # the document (with its period) stays in membership_source, the source record
        # an ambito's list is its programme agreement; ASST and distretto lists are what the sources name
        complete = level == AMBITO
        note = notes.encoded("membership_public_act" if complete else "membership_partial", n=n)
        rows.append({"code": code, "level": level, "name": name, "parent_code": REGION_CODE, "n_members": n,
                     "membership_complete": complete,
                     "membership_source": first["source"], "membership_note": note,
                     "province_code": members["istat"].str[:3].mode().iloc[0]})
        links.append(pd.DataFrame({"child_code": members["istat"], "parent_code": code, "relation": level}))

    municipi_props, municipi_shapes = _features(ctx, "geo/milano_municipi.geojson")
    municipio_codes = [municipio_code(p["municipio"]) for p in municipi_props]
    rows += [{"code": c, "level": MUNICIPIO, "name": p["name"], "parent_code": MILANO_CODE, "province_code": "015"}
             for c, p in zip(municipio_codes, municipi_props)]
    nil_props, nil_shapes = _features(ctx, "geo/milano_nil.geojson")
    nil_codes = [f"NIL{int(p['id_nil']):02d}" for p in nil_props]
    rows += [{"code": c, "level": NIL, "name": p["nil"].title(), "parent_code": MILANO_CODE, "province_code": "015",
              "membership_note": notes.encoded("nil_across_municipi") if p["overlap_share"] < 0.99 else None}
             for c, p in zip(nil_codes, nil_props)]
    links.append(pd.DataFrame({"child_code": municipio_codes + nil_codes, "parent_code": MILANO_CODE, "relation": COMUNE}))
    # Which Municipio a NIL mostly lies in: a label for orientation, never a key for summing counts.
    links.append(pd.DataFrame({"child_code": nil_codes,
                               "parent_code": [municipio_code(p["municipio_max_overlap"]) for p in nil_props],
                               "relation": "municipio_prevalente"}))

    territories = _territory_frame(rows)
    validate.unique(territories, ["code"], "territory table")
    ctx.territories.append(territories)
    ctx.links.extend(links)

    province_props, province_shapes = _features(ctx, "geo/lombardy_province.geojson")
    region_props, region_shapes = _features(ctx, "geo/lombardy_region.geojson")
    group_codes, group_shapes = [], []
    for (level, name), members in groups.items():
        group_codes.append(slug(name))
        group_shapes.append(shapely.union_all([shape_by_code[c] for c in members["istat"]]))
    ctx.geometries += [
        geometry_rows(geo_codes, comune_shapes, COMUNE_TOLERANCE, REGIONAL_GRID, coverage=True),
        geometry_rows([p["prov_code"] for p in province_props], province_shapes, GROUP_TOLERANCE, REGIONAL_GRID),
        geometry_rows([REGION_CODE], region_shapes, GROUP_TOLERANCE, REGIONAL_GRID),
        geometry_rows(group_codes, group_shapes, GROUP_TOLERANCE, REGIONAL_GRID),
        geometry_rows(municipio_codes, municipi_shapes, CITY_TOLERANCE, CITY_GRID),
        geometry_rows(nil_codes, nil_shapes, CITY_TOLERANCE, CITY_GRID),
    ]


def _membership_groups(ctx: BuildContext) -> dict[tuple[str, str], pd.DataFrame]:
    """(level, name) -> member comuni with the source they were read from."""
    groups: dict[tuple[str, str], pd.DataFrame] = {}
    ambiti = []
    for file in GROUP_FILES:
        frame = ctx.read_csv(file, dtype=str, keep_default_na=False)
        validate.comune_code(frame, "istat", file)
        validate.not_null(frame, ["ambito"], file)
        frame["source"] = frame["source_document"] + " — " + frame["source_url"]
        ambiti.append(frame)
    ambiti = pd.concat(ambiti, ignore_index=True)
    _known_comuni(ctx, ambiti, "geo/comuni_ambiti*.csv")
    validate._fail("geo/comuni_ambiti*.csv", ambiti, ambiti.duplicated(["istat"]), "build_rule_comune_in_two_ambiti")
    for name, members in ambiti.groupby("ambito", sort=True):
        groups[(AMBITO, name)] = members.reset_index(drop=True)

    asst = ctx.read_csv(ASST_FILE, dtype=str, keep_default_na=False)
    validate.comune_code(asst, "istat", ASST_FILE)
    validate.unique(asst, ["istat"], ASST_FILE)
    _known_comuni(ctx, asst, ASST_FILE)
    asst["source"] = asst["source_ref"]
    for level, column in ((ASST, "asst"), (DISTRICT, "distretto")):
        for name, members in asst[asst[column] != ""].groupby(column, sort=True):
            groups[(level, name)] = members.reset_index(drop=True)
    return groups


def _known_comuni(ctx: BuildContext, frame: pd.DataFrame, file: str) -> None:
    validate._fail(file, frame, ~frame["istat"].isin(ctx.comune_codes), "build_rule_comune_not_listed")
