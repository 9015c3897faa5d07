"""What checking an upload needs to know beyond the file: official comuni, code changes, official ambito
membership, target populations, names of ambiti and provinces (from the database) and the membership planners
loaded (from the store)."""
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
    territories = _optional(database, "territories", ["code", "level", "name"])
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
        ambito_names=_ambito_names(official, stored, territories),
        province_names=_level_names(territories, "provincia"),
    )


def _level_names(territories: pd.DataFrame, level: str) -> dict[str, str]:
    chosen = territories[territories["level"] == level]
    return dict(zip(chosen["code"], chosen["name"]))


def _ambito_names(official: pd.DataFrame, stored: pd.DataFrame, territories: pd.DataFrame) -> dict[str, str]:
    """Ambito code -> name: the name the dashboard shows, else the official list's, else the loaded one's."""
    names = {code: name for code, name in zip(stored["ambito_code"], stored["ambito_name"])
             if isinstance(name, str) and name.strip()}
    names.update(zip(official["ambito_code"], official["ambito_name"]))
    names.update(_level_names(territories, "ambito"))
    return names


def _optional(database, query: str, columns: list[str]) -> pd.DataFrame:
    """A query on a table or column that a database may lack (an older build; the tests' small databases): empty
    then. Without target populations the check of users against them is skipped, without names of ambiti and
    provinces messages give codes — said in the log."""
    try:
        return database.run(query)
    except (duckdb.CatalogException, duckdb.BinderException) as error:
        log.warning("upload context: %s unavailable (%s); its checks are skipped", query, str(error).splitlines()[0])
        return pd.DataFrame({column: pd.Series(dtype="int64" if column == "year" else "object") for column in columns})
