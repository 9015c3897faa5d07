"""The one way to read the database: `Database().run("profile", territory="015146")`.

A query is a file `queries/<name>.sql`; its parameters are DuckDB named parameters (`$territory`)
and are always bound, never pasted into SQL text. Query names must match a file in queries/. The
region code and level lists (`$region_code`, `$group_levels`, … from cruscotto/levels.py) are bound here,
not by callers.
"""
import re
import threading
from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd

from cruscotto.levels import SQL_PARAMETERS
from cruscotto.local import layer
from cruscotto.paths import DB_PATH, QUERIES_DIR

QUERY_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
PARAMETER = re.compile(r"\$([a-z_][a-z0-9_]*)")


class UnknownQuery(ValueError):
    """The query name is not one of the files in queries/."""


@lru_cache(maxsize=None)
def query_names(queries_dir: Path = QUERIES_DIR) -> frozenset[str]:
    return frozenset(p.stem for p in queries_dir.glob("*.sql"))


@lru_cache(maxsize=None)
def query_text(name: str, queries_dir: Path = QUERIES_DIR) -> str:
    if not QUERY_NAME.match(name) or name not in query_names(queries_dir):
        raise UnknownQuery(f"unknown query: {name!r}")
    return (queries_dir / f"{name}.sql").read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def _parameters_in_text(name: str, queries_dir: Path) -> frozenset[str]:
    text = "\n".join(line for line in query_text(name, queries_dir).splitlines() if not line.lstrip().startswith("--"))
    return frozenset(PARAMETER.findall(text))


def query_parameters(name: str, queries_dir: Path = QUERIES_DIR) -> set[str]:
    """The parameters a caller passes (the region code and level lists are bound by Database.run)."""
    return _parameters_in_text(name, queries_dir) - set(SQL_PARAMETERS)


def fixed_parameters(name: str, queries_dir: Path = QUERIES_DIR) -> dict:
    """The values from cruscotto/levels.py that the query reads ($region_code, $group_levels, …)."""
    return {key: value for key, value in SQL_PARAMETERS.items() if key in _parameters_in_text(name, queries_dir)}


class Database:
    """The official database (read-only) and, when a local store is given, what planners loaded into
    it, as one set of tables (cruscotto/local/layer.py). Each query runs on its own cursor, so threads
    can share it; the local half is refreshed when the store's current version changes."""

    def __init__(self, path: Path = DB_PATH, queries_dir: Path = QUERIES_DIR, local_store=None):
        self.path = Path(path)
        self.queries_dir = queries_dir
        self.local_store = local_store
        self._connection = duckdb.connect()
        # the path is ours (not user input); quotes doubled as SQL string literals need
        self._connection.execute(f"ATTACH '{str(self.path).replace(chr(39), chr(39) * 2)}' AS {layer.OFFICIAL} (READ_ONLY)")
        layer.install(self._connection)
        _lock_down(self._connection)
        self._lock = threading.Lock()
        self._local_version = None

    def local_version(self) -> int | None:
        """The store's current version (None without a store or before the first upload): part of cache keys."""
        return self.local_store.current_version() if self.local_store is not None else None

    def refresh_local(self) -> int | None:
        """Bring the local half up to the store's current version (once per version per process)."""
        version = self.local_version()
        if version == self._local_version:
            return version
        with self._lock:
            if version != self._local_version:
                with self._connection.cursor() as cursor:
                    layer.refresh(cursor, self.local_store.snapshot(version))
                self._local_version = version
        return version

    def run(self, name: str, **params) -> pd.DataFrame:
        sql = query_text(name, self.queries_dir)
        expected = query_parameters(name, self.queries_dir)
        if set(params) != expected:
            raise TypeError(f"{name}: expected parameters {sorted(expected)}, got {sorted(params)}")
        fixed = fixed_parameters(name, self.queries_dir)
        self.refresh_local()
        with self._lock:
            cursor = self._connection.cursor()
        try:
            return cursor.execute(sql, {**params, **fixed}).df()
        finally:
            cursor.close()

    def check(self) -> None:
        """Read the build record and the observation table through (queries/build_info.sql, database_check.sql):
        raises on a file that is not a complete database (truncated, overwritten, half copied)."""
        self.run("build_info")
        self.run("database_check")

    def close(self) -> None:
        self._connection.close()


def _lock_down(connection: duckdb.DuckDBPyConnection) -> None:
    """Once the official file is attached (read-only): no query can read or write any other file, load an
    extension from disk or change a setting again. Planners' data still comes in as registered frames."""
    connection.execute("SET enable_external_access = false")
    connection.execute("SET lock_configuration = true")
