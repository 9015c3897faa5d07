"""Writing the base tables and deriving the rest: shared by the build, the test fixture and the benchmark."""
import duckdb
import pandas as pd

from cruscotto.paths import BUILD_SQL_DIR

DERIVED_SQL = ("aggregate.sql", "benchmarks.sql")
# flags.sql: a rate on fewer people than these is 'unreliable'; a jump beyond jump_factor is 'check'
FLAG_THRESHOLDS = {"min_numerator": 10, "min_denominator": 100, "jump_factor": 10}


def write_tables(con: duckdb.DuckDBPyConnection, tables: dict[str, pd.DataFrame], origin: str) -> None:
    """One table per frame (names are fixed by the callers, never user input), plus build_info."""
    for name, frame in tables.items():
        con.register("incoming", frame)
        con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM incoming')
        con.unregister("incoming")
    con.execute("CREATE TABLE build_info AS SELECT now() AS built_at, ? AS raw_dir", [origin])


def derive(con: duckdb.DuckDBPyConnection) -> None:
    """The observation table at every level (with its flags) and the benchmark table, from the base tables."""
    for script in DERIVED_SQL:
        con.execute((BUILD_SQL_DIR / script).read_text(encoding="utf-8"))
    con.execute((BUILD_SQL_DIR / "flags.sql").read_text(encoding="utf-8"), FLAG_THRESHOLDS)
