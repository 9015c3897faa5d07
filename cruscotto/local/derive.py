"""What the local store's current version adds to the query layer (cruscotto/local/layer.py).

From the loaded membership: ambiti as territories (row, links, geometry, benchmarks) and their
official figures aggregated by the build's own SQL (Σ numerators / Σ denominators over the members).
From the loaded services and spending: local indicators (sql/derive.sql). Conflicts with the
official membership are kept and listed, never resolved silently: an ambito whose members the build
already knows keeps the official list, and a comune that officially sits in another ambito is counted
in the loaded ambito but marked.
"""
from pathlib import Path

import duckdb
import pandas as pd
import shapely

from cruscotto import notes
from cruscotto.build import geo
from cruscotto.build.store import FLAG_THRESHOLDS, set_level_variables
from cruscotto.levels import REGION_CODE
from cruscotto.paths import BUILD_SQL_DIR

OFFICIAL = "official"
LOCAL_TIME = "Europe/Rome"  # the alias the official database is attached under
LOCAL_SQL = Path(__file__).resolve().parent / "sql" / "derive.sql"
OBSERVATION_COLUMNS = ["indicator_id", "territory_code", "year", "ref_date", "value", "numerator", "denominator",
                       "status", "source_id", "parts_with_data", "parts_total", "note", "origin", "flag"]


def local_tables(con: duckdb.DuckDBPyConnection, snapshot: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame | None]:
    """Every local_* table of the layer (None = empty) for one version of the store."""
    membership = _claims(con, snapshot["membership"], snapshot["uploads"])
    applied = membership[membership["applied"]]
    territory = _territories(con, applied, snapshot["uploads"])
    links = pd.DataFrame({"child_code": applied["comune_code"], "parent_code": applied["ambito_code"],
                          "relation": "ambito"})
    observations, indicators, sources = _observations(con, territory, links, snapshot)
    return {
        "local_membership": membership,
        "local_service": snapshot["services"],
        "local_area_spending": snapshot["area_spending"],
        "local_upload": snapshot["uploads"],
        "local_territory": territory,
        "local_territory_link": links,
        "local_territory_geometry": _geometry(con, applied),
        "local_benchmark": _benchmarks(con, territory, links),
        "local_observation": observations,
        "local_indicator": indicators,
        "local_source": sources,
    }


def _official(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> pd.DataFrame:
    return con.execute(sql.replace("{official}", f"{OFFICIAL}.main"), params or []).df()


def _claims(con, membership: pd.DataFrame, uploads: pd.DataFrame) -> pd.DataFrame:
    """Every loaded claim 'comune X is in ambito Y', whether it is applied, and why not or what it contradicts."""
    official = _official(con, """
        SELECT l.child_code AS comune_code, l.parent_code AS ambito_code
        FROM {official}.territory_link l JOIN {official}.territory t ON t.code = l.parent_code AND t.level = 'ambito'
        WHERE l.relation = 'ambito'""")
    # a comune claimed by two loaded ambiti (possible after a revert): the earlier version keeps it
    claims = membership.sort_values(["version", "ambito_code", "comune_code"]).reset_index(drop=True)
    official_ambito = claims["comune_code"].map(official.drop_duplicates("comune_code")
                                                .set_index("comune_code")["ambito_code"])
    keeps_official = claims["ambito_code"].isin(set(official["ambito_code"]))  # the build knows its members
    elsewhere = ~keeps_official & official_ambito.notna() & (official_ambito != claims["ambito_code"])
    # (only claims that could apply compete: a loaded list of an officially known ambito never applies)
    claimed_before = claims["comune_code"].where(~keeps_official).duplicated(keep="first") & ~keeps_official
    conflict = pd.Series(None, index=claims.index, dtype=object)
    conflict[keeps_official & (official_ambito != claims["ambito_code"])] = "not_in_official_list"
    conflict[elsewhere] = "official_elsewhere"
    conflict[claimed_before] = "claimed_by_other"
    claims = claims.assign(applied=~keeps_official & ~claimed_before, conflict=conflict,
                           other_ambito=official_ambito.where(elsewhere))
    # official members that a loaded list of the same ambito leaves out
    loaded_for_listed = claims.loc[keeps_official, ["ambito_code", "comune_code"]]
    missing = official[official["ambito_code"].isin(set(loaded_for_listed["ambito_code"]))].merge(
        loaded_for_listed, how="left", indicator=True, on=["ambito_code", "comune_code"])
    missing = missing[missing["_merge"] == "left_only"].drop(columns="_merge")
    if missing.empty:
        return claims
    latest = claims.groupby("ambito_code")["version"].max()
    missing = missing.assign(ambito_name=None, start_year=pd.NA, version=missing["ambito_code"].map(latest),
                             applied=False, conflict="only_in_official_list", other_ambito=None)
    return pd.concat([claims, missing[claims.columns]], ignore_index=True)


def _upload_dates(uploads: pd.DataFrame) -> dict[int, str]:
    """Version -> the day it was loaded, as planners in Italy read it."""
    return {int(v): pd.Timestamp(at).tz_convert(LOCAL_TIME).strftime("%d/%m/%Y")
            for v, at in zip(uploads["version"], uploads["loaded_at"])}


def _territories(con, applied: pd.DataFrame, uploads: pd.DataFrame) -> pd.DataFrame:
    columns = _official(con, "SELECT * FROM {official}.territory LIMIT 0").columns
    if applied.empty:
        return pd.DataFrame(columns=columns)
    known_names = _official(con, "SELECT code, name FROM {official}.territory WHERE level = 'ambito'") \
        .set_index("code")["name"]
    dates = _upload_dates(uploads)
    rows = []
    for code, members in applied.groupby("ambito_code", sort=True):
        version = int(members["version"].max())
        rows.append({
            "code": code, "level": "ambito", "name": known_names.get(code, members["ambito_name"].iloc[0]),
            "province_code": members["comune_code"].str[:3].mode().iloc[0], "parent_code": REGION_CODE,
            "n_members": len(members), "membership_source": None,
            "membership_note": notes.encoded("membership_local", n=len(members), date=dates.get(version, "?"),
                                             version=version),
        })
    return pd.DataFrame(rows).reindex(columns=columns)


def _geometry(con, applied: pd.DataFrame) -> pd.DataFrame | None:
    """Each loaded ambito's outline: the union of its comuni, simplified like the build's groups."""
    if applied.empty:
        return None
    shapes = _official(con, "SELECT code, geojson FROM {official}.territory_geometry WHERE code IN "
                            "(SELECT unnest(?::VARCHAR[]))", [sorted(set(applied["comune_code"]))])
    shape_of = dict(zip(shapes["code"], shapely.from_geojson(shapes["geojson"].tolist())))
    codes, outlines = [], []
    for code, members in applied.groupby("ambito_code", sort=True):
        parts = [shape_of[c] for c in members["comune_code"] if c in shape_of]
        if parts:
            codes.append(code)
            outlines.append(shapely.union_all(parts))
    return geo.geometry_rows(codes, outlines, geo.GROUP_TOLERANCE) if codes else None


def _scratch(con, territory: pd.DataFrame, links: pd.DataFrame) -> duckdb.DuckDBPyConnection:
    """A private in-memory database holding the official rows the loaded ambiti need, under the build's
    table names, so the build's own SQL (aggregate, benchmarks, flags) runs on it unchanged."""
    members = sorted(set(links["child_code"]))
    scratch = duckdb.connect()
    official_territory = _official(con, "SELECT * FROM {official}.territory WHERE code IN (SELECT unnest(?::VARCHAR[]))",
                                   [members])
    tables = {
        "territory": pd.concat([official_territory, territory], ignore_index=True),
        "territory_link": pd.concat([links, _official(con, "SELECT * FROM {official}.territory_link WHERE child_code IN "
                                                           "(SELECT unnest(?::VARCHAR[]))", [members])], ignore_index=True),
        "observation_base": _official(con, "SELECT * FROM {official}.observation_base WHERE territory_code IN "
                                           "(SELECT unnest(?::VARCHAR[]))", [members]),
        "indicator": _official(con, "SELECT * FROM {official}.indicator"),
    }
    for name, frame in tables.items():
        _put(scratch, name, frame, _columns(con, name))
    set_level_variables(scratch)
    return scratch


def _columns(con, table: str) -> str:
    """The official table's column definitions, so a scratch table keeps its types even with no rows."""
    rows = con.execute("SELECT column_name, data_type FROM information_schema.columns WHERE table_catalog = ? "
                       "AND table_schema = 'main' AND table_name = ? ORDER BY ordinal_position", [OFFICIAL, table]).fetchall()
    return ", ".join(f'"{column}" {data_type}' for column, data_type in rows)


def _put(scratch: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame, columns: str | None = None) -> None:
    """A scratch table from a frame; with `columns` (a table definition) the types are those, not pandas' guess."""
    scratch.register("incoming", frame)
    if columns:
        scratch.execute(f'CREATE TABLE "{name}" ({columns})')
        if not frame.empty:
            scratch.execute(f'INSERT INTO "{name}" BY NAME SELECT * FROM incoming')
    else:
        scratch.execute(f'CREATE TABLE "{name}" AS SELECT * FROM incoming')
    scratch.unregister("incoming")


def _benchmarks(con, territory: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame | None:
    """The build's benchmark rule applied to the loaded ambiti and their comuni, minus what the build has."""
    if territory.empty:
        return None
    with _scratch(con, territory, links) as scratch:
        scratch.execute((BUILD_SQL_DIR / "benchmarks.sql").read_text(encoding="utf-8"))
        found = scratch.execute("SELECT * FROM benchmark").df()
    known = _official(con, "SELECT * FROM {official}.benchmark WHERE territory_code IN (SELECT unnest(?::VARCHAR[]))",
                      [sorted(set(found["territory_code"]))])
    merged = found.merge(known, how="left", indicator=True, on=list(found.columns))
    return merged[merged["_merge"] == "left_only"].drop(columns="_merge")


def _observations(con, territory: pd.DataFrame, links: pd.DataFrame, snapshot: dict[str, pd.DataFrame]):
    """Official indicators aggregated over the loaded ambiti, plus the local indicators, flagged like the build's."""
    has_local_figures = not (snapshot["services"].empty and snapshot["area_spending"].empty)
    if territory.empty and not has_local_figures:
        return None, None, None
    scratch = _scratch(con, territory, links)
    try:
        scratch.execute((BUILD_SQL_DIR / "aggregate.sql").read_text(encoding="utf-8"))
        local_codes = territory["code"].tolist()
        scratch.execute("CREATE OR REPLACE TABLE observation AS SELECT * FROM observation "
                        "WHERE origin = 'aggregated' AND territory_code IN (SELECT unnest(?::VARCHAR[]))", [local_codes])
        indicators = sources = None
        if has_local_figures and LOCAL_SQL.exists():
            _local_figures(con, scratch, links, snapshot)
            indicators = scratch.execute("SELECT * FROM local_indicator").df()
            sources = scratch.execute("SELECT * FROM local_source").df()
            scratch.execute("INSERT INTO indicator BY NAME SELECT * FROM local_indicator")
            scratch.execute("""
                INSERT INTO observation BY NAME
                SELECT b.*, NULL AS parts_with_data, NULL AS parts_total, 'local' AS origin
                FROM local_observation_base b""")
        scratch.execute((BUILD_SQL_DIR / "flags.sql").read_text(encoding="utf-8"), FLAG_THRESHOLDS)
        observations = scratch.execute("SELECT * FROM observation").df()
    finally:
        scratch.close()
    return observations, indicators, sources


def _local_figures(con, scratch: duckdb.DuckDBPyConnection, links: pd.DataFrame, snapshot: dict[str, pd.DataFrame]) -> None:
    """Tables sql/derive.sql reads (see its header), then derive.sql itself."""
    from cruscotto.local import catalogue  # the service catalogue is needed only once figures are loaded
    loading = sorted(set(snapshot["services"]["ambito_code"]) | set(snapshot["area_spending"]["ambito_code"]))
    official_members = _official(con, """
        SELECT child_code AS comune_code, parent_code AS ambito_code FROM {official}.territory_link
        WHERE relation = 'ambito' AND parent_code IN (SELECT unnest(?::VARCHAR[]))""", [loading])
    loaded_members = links.rename(columns={"child_code": "comune_code", "parent_code": "ambito_code"})[
        ["comune_code", "ambito_code"]]
    ambito_member = pd.concat([official_members[~official_members["ambito_code"].isin(set(loaded_members["ambito_code"]))],
                               loaded_members], ignore_index=True).astype(str)
    comuni = sorted(set(ambito_member["comune_code"]) | set(snapshot["services"]["territory_code"])
                    | set(snapshot["area_spending"]["territory_code"]))
    tables = {
        "ambito_member": ambito_member,
        "service": snapshot["services"],
        "area_spending": snapshot["area_spending"],
        "upload": snapshot["uploads"],
        "service_catalogue": catalogue.services().reset_index(drop=True),
        "area_catalogue": catalogue.areas().reset_index(drop=True),
        "target_population": _target_population(con, comuni),
        "local_ambito": scratch.execute("SELECT code, name, province_code, n_members FROM territory "
                                        "WHERE level = 'ambito'").df(),
    }
    for name, frame in tables.items():
        _put(scratch, name, frame, _columns(con, "target_population") if name == "target_population" else None)
    # derive.sql names territories too: the official rows of the loading ambiti and of comuni with data
    scratch.register("incoming", _official(con, "SELECT * FROM {official}.territory WHERE code IN (SELECT unnest(?::VARCHAR[]))",
                                           [loading + comuni]))
    scratch.execute("INSERT INTO territory SELECT * FROM incoming WHERE code NOT IN (SELECT code FROM territory)")
    scratch.unregister("incoming")
    scratch.execute(LOCAL_SQL.read_text(encoding="utf-8"))


def _target_population(con, comuni: list[str]) -> pd.DataFrame:
    """The build's target populations of these comuni (cruscotto/build/targets.py)."""
    return _official(con, "SELECT * FROM {official}.target_population WHERE comune_code IN "
                          "(SELECT unnest(?::VARCHAR[]))", [comuni])
