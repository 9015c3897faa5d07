"""Where the project's files live. Everything is relative to the repository."""
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RAW_DIR = REPO / "data" / "raw"
CATALOGUE_DIR = REPO / "data" / "catalogue"
DB_PATH = REPO / "data" / "cruscotto.duckdb"
QUERIES_DIR = REPO / "queries"
BUILD_SQL_DIR = Path(__file__).resolve().parent / "build" / "sql"
