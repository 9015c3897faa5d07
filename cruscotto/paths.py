"""Where the project's files live. Everything is relative to the repository."""
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RAW_DIR = REPO / "data" / "raw"
CATALOGUE_DIR = REPO / "data" / "catalogue"
DB_PATH = REPO / "data" / "cruscotto.duckdb"
QUERIES_DIR = REPO / "queries"
BUILD_SQL_DIR = Path(__file__).resolve().parent / "build" / "sql"
STATIC_DIR = REPO / "static"  # served at app/static/ (Streamlit static file serving)
MAP_FILES_DIR = STATIC_DIR / "maps"
LOCAL_DIR = REPO / "data" / "local"  # planners own data (cruscotto/local/store.py); gitignored
