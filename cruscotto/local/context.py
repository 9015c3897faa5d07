"""What checking an upload needs to know beyond the file: official comuni, code changes, official ambito
membership, target populations (from the database) and the membership planners loaded (from the store)."""
import logging
from datetime import datetime, timezone

import duckdb
import pandas as pd

from cruscotto.local.store import LocalStore
from cruscotto.local.validate import UploadContext

log = logging.getLogger(__name__)

# ISTAT's survey of comuni's social services ("Interventi e servizi sociali dei comuni singoli e associati")
# starts with the 2003 data year; a year after the current calendar year cannot have been counted yet.
FIRST_YEAR = 2003
TARGET_COLUMNS = ["comune_code", "year", "target", "count"]


def allowed_years(today: datetime | None = None) -> tuple[int, int]:
    today = today or datetime.now(timezone.utc)
    return FIRST_YEAR, today.year


def build_context(database, store: LocalStore, ambito_code: str) -> UploadContext:
    """The UploadContext for an upload by `ambito_code` (`database`: anything with .run(name, **params))."""
    comuni = database.run("local_context_comuni")
    changes = _optional(database, "local_context_code_changes", ["old_code", "current_code"])
    official = database.run("local_context_ambiti")
    targets = _optional(database, "local_context_targets", TARGET_COLUMNS)
    stored = store.snapshot(tables=("membership",))["membership"]
    official_members = {code: set(group["comune_code"]) for code, group in official.groupby("ambito_code")}
    local_members = {code: set(group["comune_code"]) for code, group in stored.groupby("ambito_code")}
    log.debug("upload context for %s: %d comuni, %d official ambiti, %d loaded ambiti, %d target rows",
              ambito_code, len(comuni), len(official_members), len(local_members), len(targets))
    return UploadContext(
        comuni=dict(zip(comuni["code"], comuni["province_code"])),
        comune_names=dict(zip(comuni["code"], comuni["name"])),
        code_changes=dict(zip(changes["old_code"], changes["current_code"])),
        official_ambito_of=dict(zip(official["comune_code"], official["ambito_code"])),
        official_members=official_members,
        local_members=local_members,
        target_counts=targets.astype({"year": "int64", "count": "float64"})[TARGET_COLUMNS],
        years=allowed_years(),
    )


def _optional(database, query: str, columns: list[str]) -> pd.DataFrame:
    """A query on a table that a database may lack (an older build; the tests' small databases): empty then.
    Without target populations the check of users against them is skipped — said in the log."""
    try:
        return database.run(query)
    except duckdb.CatalogException as error:
        log.warning("upload context: %s unavailable (%s); its checks are skipped", query, str(error).splitlines()[0])
        return pd.DataFrame({column: pd.Series(dtype="int64" if column == "year" else "object") for column in columns})
