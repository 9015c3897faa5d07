"""Writing the base tables and deriving the rest: shared by the build, the test fixture and the benchmark;
and the lock that makes builds of one database file take turns."""
import contextlib
import fcntl
from pathlib import Path

import duckdb
import pandas as pd

from cruscotto.levels import SQL_PARAMETERS
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
    set_level_variables(con)
    for script in DERIVED_SQL:
        con.execute((BUILD_SQL_DIR / script).read_text(encoding="utf-8"))
    con.execute((BUILD_SQL_DIR / "flags.sql").read_text(encoding="utf-8"), FLAG_THRESHOLDS)


def set_level_variables(con: duckdb.DuckDBPyConnection) -> None:
    """The region code and level lists (cruscotto/levels.py) as DuckDB variables, bound, for the build SQL's
    getvariable('…'): a script of several statements cannot take prepared parameters."""
    for name, value in SQL_PARAMETERS.items():
        con.execute(f"SET VARIABLE {name} = $value", {"value": value})  # names are ours, never user input


@contextlib.contextmanager
def build_lock(db_path: Path):
    """Exclusive while held: one build of `db_path` at a time across processes (a second one waits).
    The lock file stays (removing it would let a third process lock a different file)."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with open(db_path.with_name(db_path.name + ".lock"), "a") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)
