"""The versioned store of planners' data under data/local/ (Parquet snapshots), kept apart from the official build.

Layout (root = env CRUSCOTTO_LOCAL_DIR, else data/local/):
    CURRENT                   the current version number, replaced atomically (temp file + fsync + os.replace)
    versions/000007/          membership, services, area_spending, uploads (.parquet): a full snapshot of ALL
                              local data after that version, never modified again
    audit.jsonl               one JSON line per event, appended with flush + fsync
    store.lock                fcntl lock held by a writer

A writer builds the new snapshot in a temporary folder inside versions/, renames it to its number and only
then points CURRENT at it; readers follow CURRENT only, so a crash at any moment leaves the previous version
current (a leftover temporary folder is ignored, and removed by the next writer). Writers hold an exclusive
lock and read the current snapshot inside it, so two uploads at once give two consistent versions (the
second containing the first's rows) or a clear StoreBusy refusal.
"""
import fcntl
import json
import logging
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

log = logging.getLogger(__name__)

LOCK_TIMEOUT_S = 10.0
VERSION_DIGITS = 6
TEMP_PREFIX = ".tmp-"

# Canonical columns of each stored table (dtype names for DataFrame.astype). The data tables carry the
# uploader's ambito and the version that wrote each row.
SCHEMA: dict[str, dict[str, str]] = {
    "membership": {"comune_code": "str", "ambito_code": "str", "ambito_name": "str", "start_year": "Int64",
                   "version": "int64"},
    "services": {"year": "int64", "territory_code": "str", "service": "str", "users": "float64",
                 "places": "float64", "spending_eur": "float64", "copayment_eur": "float64",
                 "ambito_code": "str", "version": "int64"},
    "area_spending": {"year": "int64", "territory_code": "str", "area": "str", "spending_eur": "float64",
                      "associated_eur": "float64", "ambito_code": "str", "version": "int64"},
    "uploads": {"version": "int64", "ambito_code": "str", "user": "str", "loaded_at": "datetime64[us, UTC]",
                "file_name": "str", "file_sha256": "str", "tables": "str", "rows": "int64", "action": "str",
                "reverted_to": "Int64"},
}
DATA_TABLES = ("membership", "services", "area_spending")
TABLES = (*DATA_TABLES, "uploads")


class StoreBusy(RuntimeError):
    """Another writer held the store's lock for longer than the timeout."""


class StoreError(RuntimeError):
    """The store cannot do what was asked (unknown version, damaged CURRENT file)."""


def default_root() -> Path:
    from cruscotto.paths import LOCAL_DIR
    env = os.environ.get("CRUSCOTTO_LOCAL_DIR")
    return Path(env) if env else LOCAL_DIR


def empty_frame(table: str) -> pd.DataFrame:
    return conform(pd.DataFrame(columns=list(SCHEMA[table])), table)


def conform(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """The frame with exactly the table's canonical columns, in order, with their dtypes."""
    columns = SCHEMA[table]
    missing = set(columns) - set(frame.columns)
    if missing:
        raise ValueError(f"{table}: missing columns {sorted(missing)}")
    out = frame.loc[:, list(columns)].copy()
    for column, dtype in columns.items():
        if dtype == "str":
            if not isinstance(out[column].dtype, pd.StringDtype):
                # keep missing values missing (never the text "nan")
                out[column] = out[column].astype("object").where(out[column].notna(), None).astype("str")
        elif str(out[column].dtype) != dtype:
            out[column] = out[column].astype(dtype)
    return out.reset_index(drop=True)


def fsync_dir(path: Path) -> None:
    """A rename in `path` reaches the disk: after a crash the new file is there, not none."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class LocalStore:
    def __init__(self, root: Path | str | None = None, lock_timeout: float = LOCK_TIMEOUT_S):
        self.root = Path(root) if root is not None else default_root()
        self.lock_timeout = lock_timeout

    # -- paths
    @property
    def versions_dir(self) -> Path:
        return self.root / "versions"

    @property
    def current_file(self) -> Path:
        return self.root / "CURRENT"

    @property
    def audit_file(self) -> Path:
        return self.root / "audit.jsonl"

    @property
    def lock_file(self) -> Path:
        return self.root / "store.lock"

    def version_dir(self, version: int) -> Path:
        return self.versions_dir / f"{version:0{VERSION_DIGITS}d}"

    # -- reading (never takes the lock: follows CURRENT, whose target is never modified)
    def current_version(self) -> int | None:
        try:
            text = self.current_file.read_text(encoding="ascii").strip()
        except FileNotFoundError:
            return None
        if not text.isdigit():
            raise StoreError(f"{self.current_file}: not a version number: {text[:20]!r}")
        return int(text)

    def snapshot(self, version: int | None = None, tables=TABLES) -> dict[str, pd.DataFrame]:
        """The tables of a version (the current one by default; `tables`: only these); empty canonical frames when
        nothing is stored."""
        if version is None:
            version = self.current_version()
        if version is None:
            return {table: empty_frame(table) for table in tables}
        folder = self.version_dir(version)
        if not folder.is_dir():
            raise StoreError(f"version {version} does not exist in {self.versions_dir}")
        return {table: conform(pd.read_parquet(folder / f"{table}.parquet"), table) for table in tables}

    def versions(self) -> pd.DataFrame:
        """Every version in the current history (the uploads table), newest first, with a `current` column."""
        current = self.current_version()
        uploads = self.snapshot(current, tables=("uploads",))["uploads"]
        uploads = uploads.sort_values("version", ascending=False).reset_index(drop=True)
        return uploads.assign(current=uploads["version"] == current)

    # -- writing
    def save(self, ambito_code: str, tables: dict[str, pd.DataFrame], user: str, file_name: str,
             file_sha256: str) -> int:
        """A new version: the current snapshot with the ambito's rows replaced by the upload's (merge rule:
        membership of the ambito entirely, when the upload has it; services and area spending of the ambito for
        the years the upload has). `tables` holds canonical clean tables (keys among DATA_TABLES)."""
        unknown = set(tables) - set(DATA_TABLES)
        if unknown:
            raise ValueError(f"unknown tables {sorted(unknown)}")
        if not ambito_code:
            raise ValueError("ambito_code is required")
        uploaded = {name: frame for name, frame in tables.items() if frame is not None and len(frame)}
        if not uploaded:
            raise ValueError("nothing to save: the upload has no rows")
        with self._locked():
            current = self.snapshot()
            version = self._next_version()
            merged = {name: merge(current[name], uploaded.get(name), name, ambito_code, version)
                      for name in DATA_TABLES}
            rows = int(sum(len(frame) for frame in uploaded.values()))
            upload = {"version": version, "ambito_code": ambito_code, "user": user,
                      "loaded_at": pd.Timestamp.now(tz="UTC"), "file_name": file_name, "file_sha256": file_sha256,
                      "tables": ",".join(name for name in DATA_TABLES if name in uploaded), "rows": rows,
                      "action": "load", "reverted_to": pd.NA}
            merged["uploads"] = _append(current["uploads"], upload)
            self._write_version(version, merged)
            self.audit({"action": "load", "user": user, "ambito": ambito_code, "version": version,
                        "file_name": file_name, "file_sha256": file_sha256, "rows": rows, "problems": 0,
                        "tables": upload["tables"]})
        log.info("local store: version %s saved (%s, %s rows of %s)", version, ambito_code, rows, file_name)
        return version

    def revert(self, to_version: int, user: str, ambito_code: str | None = None) -> int:
        """A new version whose data equal those of `to_version` (nothing is deleted; the history keeps growing).
        With `ambito_code`, only that ambito's rows go back to `to_version`; every other ambito's stay as now."""
        to_version = int(to_version)
        with self._locked():
            current = self.snapshot()
            known = set(current["uploads"]["version"])
            if to_version not in known or not self.version_dir(to_version).is_dir():
                raise StoreError(f"version {to_version} is not in the store's history")
            target = self.snapshot(to_version)
            if ambito_code is None:
                data = {name: target[name] for name in DATA_TABLES}
            else:
                data = {name: pd.concat([current[name][current[name]["ambito_code"] != ambito_code],
                                         target[name][target[name]["ambito_code"] == ambito_code]],
                                        ignore_index=True)
                        for name in DATA_TABLES}
            version = self._next_version()
            upload = {"version": version, "ambito_code": ambito_code, "user": user,
                      "loaded_at": pd.Timestamp.now(tz="UTC"), "file_name": None, "file_sha256": None,
                      "tables": ",".join(DATA_TABLES), "action": "revert", "reverted_to": to_version,
                      # the rows put back: all of to_version's, or those of the ambito
                      "rows": int(sum(len(frame) if ambito_code is None else int((frame["ambito_code"] == ambito_code).sum())
                                      for frame in data.values()))}
            data["uploads"] = _append(current["uploads"], upload)
            self._write_version(version, {name: conform(frame, name) for name, frame in data.items()})
            self.audit({"action": "revert", "user": user, "ambito": ambito_code, "version": version,
                        "reverted_to": to_version, "rows": upload["rows"]})
        log.info("local store: version %s reverts to %s (%s)", version, to_version, ambito_code or "all ambiti")
        return version

    def audit(self, event: dict) -> None:
        """Append one event to audit.jsonl (flushed and fsynced); `when` (UTC) is added unless given."""
        self.root.mkdir(parents=True, exist_ok=True)
        record = {"when": datetime.now(timezone.utc).isoformat(timespec="seconds"), **event}
        line = (json.dumps(record, ensure_ascii=False, default=str) + "\n").encode("utf-8")
        fd = os.open(self.audit_file, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line)  # one write with O_APPEND: lines of concurrent writers never interleave
            os.fsync(fd)
        finally:
            os.close(fd)

    def audit_events(self) -> list[dict]:
        try:
            text = self.audit_file.read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        return [json.loads(line) for line in text.splitlines() if line.strip()]

    # -- internals
    @contextmanager
    def _locked(self):
        self.versions_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.lock_file, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            deadline = time.monotonic() + self.lock_timeout
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise StoreBusy(f"the local store is busy (another upload is being saved); "
                                        f"waited {self.lock_timeout:g} s") from None
                    time.sleep(0.05)
            try:
                self._clean_temporaries()
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def _clean_temporaries(self) -> None:
        """Folders left by a writer that died before renaming them (only called while holding the lock)."""
        for path in self.versions_dir.glob(f"{TEMP_PREFIX}*"):
            log.warning("local store: removing leftover temporary folder %s", path)
            shutil.rmtree(path, ignore_errors=True)
        for path in self.root.glob(f"{TEMP_PREFIX}CURRENT-*"):
            path.unlink(missing_ok=True)

    def _next_version(self) -> int:
        numbers = [int(p.name) for p in self.versions_dir.iterdir() if p.is_dir() and p.name.isdigit()]
        # a folder renamed by a writer that died before CURRENT was replaced keeps its number (never reused)
        return max([self.current_version() or 0, *numbers]) + 1

    def _write_version(self, version: int, tables: dict[str, pd.DataFrame]) -> None:
        temporary = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{version}-", dir=self.versions_dir))
        for name in TABLES:
            path = temporary / f"{name}.parquet"
            conform(tables[name], name).to_parquet(path, index=False)
            _fsync_file(path)
        fsync_dir(temporary)
        final = self.version_dir(version)
        os.rename(temporary, final)  # fails if the number exists: a version folder is never overwritten
        fsync_dir(self.versions_dir)
        self._set_current(version)

    def _set_current(self, version: int) -> None:
        fd, name = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}CURRENT-", dir=self.root)
        try:
            with os.fdopen(fd, "w", encoding="ascii") as handle:
                handle.write(f"{version}\n")
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(name, self.current_file)
        except BaseException:
            Path(name).unlink(missing_ok=True)
            raise
        fsync_dir(self.root)


def merge(stored: pd.DataFrame, uploaded: pd.DataFrame | None, table: str, ambito_code: str,
          version: int) -> pd.DataFrame:
    """The stored table after one upload of `ambito_code` (see LocalStore.save for the rule)."""
    if uploaded is None or not len(uploaded):
        return stored
    rows = uploaded.assign(version=version)
    if table == "membership":
        if "ambito_code" not in rows:
            rows = rows.assign(ambito_code=ambito_code)
        if (rows["ambito_code"] != ambito_code).any():
            raise ValueError(f"membership rows for another ambito than {ambito_code!r}")
        replaced = stored["ambito_code"] == ambito_code
    else:
        rows = rows.assign(ambito_code=ambito_code)
        replaced = (stored["ambito_code"] == ambito_code) & stored["year"].isin(set(rows["year"].astype("int64")))
    return conform(pd.concat([stored[~replaced], conform(rows, table)], ignore_index=True), table)


def _append(uploads: pd.DataFrame, row: dict) -> pd.DataFrame:
    new = conform(pd.DataFrame([row]), "uploads")
    return new if not len(uploads) else conform(pd.concat([uploads, new], ignore_index=True), "uploads")
