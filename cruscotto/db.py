"""The one way to read the database: `run_query("ageing", territory="015146")`.

A query is a file `queries/<name>.sql`; its parameters are DuckDB named parameters (`$territory`)
and are always bound, never pasted into SQL text. Query names must match a file in queries/.
"""
import re
import threading
from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd

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
        raise UnknownQuery(f"query sconosciuta: {name!r}")
    return (queries_dir / f"{name}.sql").read_text(encoding="utf-8")


def query_parameters(name: str, queries_dir: Path = QUERIES_DIR) -> set[str]:
    text = "\n".join(line for line in query_text(name, queries_dir).splitlines() if not line.lstrip().startswith("--"))
    return set(PARAMETER.findall(text))


class Database:
    """A read-only DuckDB connection; each query runs on its own cursor, so threads can share it."""

    def __init__(self, path: Path = DB_PATH, queries_dir: Path = QUERIES_DIR):
        self.path = Path(path)
        self.queries_dir = queries_dir
        self._connection = duckdb.connect(str(self.path), read_only=True)
        self._lock = threading.Lock()

    def run(self, name: str, **params) -> pd.DataFrame:
        sql = query_text(name, self.queries_dir)
        expected = query_parameters(name, self.queries_dir)
        if set(params) != expected:
            raise TypeError(f"{name}: parametri attesi {sorted(expected)}, ricevuti {sorted(params)}")
        with self._lock:
            cursor = self._connection.cursor()
        try:
            return cursor.execute(sql, params).df()
        finally:
            cursor.close()

    def close(self) -> None:
        self._connection.close()
