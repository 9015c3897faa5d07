"""The query layer's two halves: official rows from the build, and beside them what planners loaded.

The official database is ATTACHed read-only; every official table gets a view of the same name, so
queries/*.sql read `territory`, `observation`, … as before. The views of LAYERED tables add the rows
derived from the local store's current version (table local_<name>): an ambito whose membership was
loaded becomes a territory with links, geometry, benchmarks and aggregated figures; local indicators
(ids local_*, sources local:*) sit beside the official ones and never replace them. Official rows are
never changed: a local territory row replaces the official one only for an ambito the build knows by
code but without members (ISTAT's list of districts).
"""
import duckdb
import pandas as pd

from cruscotto.local import derive
from cruscotto.local.derive import OFFICIAL

# official table -> how its view combines official and local rows
LAYERED = {
    "territory": "code",            # local row replaces an official one with the same code (no members there)
    "territory_geometry": "code",
    "territory_link": None,          # plain union
    "observation": None,
    "benchmark": None,
    "indicator": None,
    "source": None,
}

# local-only tables the queries read; created empty so a store with nothing in it needs no special case
LOCAL_ONLY = {
    "local_membership": "comune_code VARCHAR, ambito_code VARCHAR, ambito_name VARCHAR, start_year INTEGER, "
                        "version INTEGER, applied BOOLEAN, conflict VARCHAR, other_ambito VARCHAR",
    "local_service": "year INTEGER, territory_code VARCHAR, service VARCHAR, users DOUBLE, places DOUBLE, "
                     "spending_eur DOUBLE, copayment_eur DOUBLE, ambito_code VARCHAR, version INTEGER",
    "local_area_spending": "year INTEGER, territory_code VARCHAR, area VARCHAR, spending_eur DOUBLE, "
                           "associated_eur DOUBLE, ambito_code VARCHAR, version INTEGER",
    "local_upload": "version INTEGER, ambito_code VARCHAR, \"user\" VARCHAR, loaded_at TIMESTAMP, file_name VARCHAR, "
                    "file_sha256 VARCHAR, tables VARCHAR, \"rows\" BIGINT, action VARCHAR, reverted_to INTEGER",
}


def install(con: duckdb.DuckDBPyConnection, alias: str = OFFICIAL) -> None:
    """Empty local tables and one view per official table (run once, on a fresh in-memory connection)."""
    official = [name for name, in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_catalog = ? AND table_schema = 'main'",
        [alias]).fetchall()]
    for name, columns in LOCAL_ONLY.items():
        con.execute(f"CREATE TABLE {name} ({columns})")
    for name in official:
        source = f'{alias}.main."{name}"'
        if name not in LAYERED:
            con.execute(f'CREATE VIEW "{name}" AS SELECT * FROM {source}')
            continue
        con.execute(f'CREATE TABLE "local_{name}" AS SELECT * FROM {source} LIMIT 0')
        key = LAYERED[name]
        replaced = f'WHERE "{key}" NOT IN (SELECT "{key}" FROM "local_{name}")' if key else ""
        # is_local tells every query which rows come from planners' data (e.g. the export can leave them out)
        con.execute(f'CREATE VIEW "{name}" AS SELECT *, false AS is_local FROM {source} {replaced} '
                    f'UNION ALL BY NAME SELECT *, true AS is_local FROM "local_{name}"')


def refresh(con: duckdb.DuckDBPyConnection, snapshot: dict[str, pd.DataFrame]) -> None:
    """Replace every local table with what `snapshot` (the store's current version) implies, in one
    transaction: a query sees the previous version or the new one, never half of each."""
    frames = derive.local_tables(con, snapshot)
    con.execute("BEGIN TRANSACTION")
    try:
        for name, frame in frames.items():
            con.execute(f'DELETE FROM "{name}"')
            if frame is not None and not frame.empty:
                con.register("incoming", frame)
                con.execute(f'INSERT INTO "{name}" BY NAME SELECT * FROM incoming')
                con.unregister("incoming")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
