"""The database file the pages read: built when data/raw/ changed, opened once per process, and kept
serving through faults.

- A failed build keeps the previous good database in service and records the problem (the build's own
  message: file, row, rule) for a notice; it is tried again only when data/raw/ changes, not on every run.
  Without any database, `current()` raises DatabaseUnavailable with a message for the page.
- Two processes starting against a missing database: the build lock (cruscotto/build/store.py) lets one
  build while the other waits, then opens what the first built.
- The file removed while serving: the open connection keeps reading it (the file stays alive while open).
  Replaced (a rebuild, a copy): the new file is opened once it reads back, and the old one kept if it does not.
  Changed in place into something unreadable: DatabaseUnavailable until a good file is back.
"""
import contextlib
import logging
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from cruscotto.build import build_if_needed, needs_build
from cruscotto.db import Database
from cruscotto.formatting import escape_markdown
from cruscotto.i18n import LANGUAGES, t
from cruscotto.local.store import LocalStore
from cruscotto.paths import BUILD_SQL_DIR, CATALOGUE_DIR, DB_PATH, RAW_DIR, REPO

log = logging.getLogger(__name__)

# while a problem is shown, how often data/raw/ is looked at again for a change worth a new build
RETRY_CHECK_SECONDS = 10.0


def _shown_path(path: Path) -> str:
    """A path as visitors may see it: relative to the repository, never the machine's absolute path."""
    try:
        return str(Path(path).resolve().relative_to(REPO))
    except ValueError:
        return Path(path).name


def _error_text(error: BaseException, lang: str = "en") -> str:
    """The build's message (ValidationError names file, row and rule, in `lang`); other errors with their kind.
    Absolute paths of the machine are cut to paths inside the repository."""
    if error.__class__.__name__ == "ValidationError":
        text = error.text(lang) if hasattr(error, "text") else str(error)
    else:
        text = f"{type(error).__name__}: {error}"
    if isinstance(error, OSError) and error.errno is not None and error.filename:
        text = f"{error.strerror} ({_shown_path(Path(error.filename))})"
    return text.replace(str(REPO) + os.sep, "")


@dataclass(frozen=True)
class DatabaseProblem:
    """Why the database shown is not the one data/raw/ asks for. kind: 'build_failed' (data/raw/ changed and
    the build stopped) or 'file_unreadable' (the file on disk was replaced by one that cannot be read).
    detail is English (as logged); translated holds it in each UI language where the error has words of its own."""
    kind: str
    path: str
    detail: str
    translated: dict = field(default_factory=dict, compare=False)

    def detail_in(self, lang: str) -> str:
        return self.translated.get(lang, self.detail)

    def text(self, lang: str) -> str:
        """Markdown for a notice: the details (from files and errors) escaped, never read as Markdown."""
        return t(f"db_problem_{self.kind}", lang, path=escape_markdown(self.path),
                 detail=escape_markdown(self.detail_in(lang)))


class DatabaseUnavailable(RuntimeError):
    """No database can be served: never built successfully, or its file went bad in place."""

    def __init__(self, problem: DatabaseProblem):
        super().__init__(f"{problem.kind}: {problem.path}: {problem.detail}")
        self.problem = problem

    def text(self, lang: str) -> str:
        return t(f"db_unavailable_{self.problem.kind}", lang, path=escape_markdown(self.problem.path),
                 detail=escape_markdown(self.problem.detail_in(lang)))


def _identity(path: Path) -> tuple | None:
    """What tells one version of the file from another; None when there is no file."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns


def _newest_input(raw_dir: Path, catalogue_dir: Path) -> float:
    return max((p.stat().st_mtime for folder in (raw_dir, catalogue_dir, BUILD_SQL_DIR)
                for p in folder.rglob("*") if p.is_file()), default=0.0)


class DatabaseFile:
    """One database file and the Database open on it, shared by every session of the process."""

    def __init__(self, db_path: Path = DB_PATH, raw_dir: Path = RAW_DIR, catalogue_dir: Path = CATALOGUE_DIR,
                 local_store_factory=LocalStore, on_replaced=None):
        self.db_path, self.raw_dir, self.catalogue_dir = Path(db_path), Path(raw_dir), Path(catalogue_dir)
        self._local_store_factory = local_store_factory
        self._on_replaced = on_replaced  # called after a new file replaced the one served (caches are stale)
        self._lock = threading.Lock()
        self._database: Database | None = None
        self._identity: tuple | None = None      # of the file the open database was read from
        self._rejected: tuple | None = None      # a file found unreadable: not opened again until it changes
        self._problem: DatabaseProblem | None = None
        self._unavailable: DatabaseProblem | None = None
        self._build_tried_for: float | None = None  # newest input time when the build was last tried
        self._next_retry_check = 0.0

    # -- what the pages call ------------------------------------------------------------------------
    def current(self) -> Database:
        """The database to query; builds or reopens first when needed. Raises DatabaseUnavailable."""
        database = self._database
        if database is not None and self._unavailable is None and not self._due_for_retry():
            identity = _identity(self.db_path)
            # removed: the open file still reads; replaced by a file already found unreadable: keep the open one
            if identity is None or identity == self._identity or identity == self._rejected:
                return database
        # a visitor's run never waits behind a rebuild while a good database is there to serve
        if not self._lock.acquire(blocking=database is None or self._unavailable is not None):
            return database
        try:
            self._refresh()
        finally:
            self._lock.release()
        if self._unavailable is not None:
            raise DatabaseUnavailable(self._unavailable)
        return self._database

    def problem(self) -> DatabaseProblem | None:
        return self._problem

    # -- the slow path, under the lock --------------------------------------------------------------
    def _due_for_retry(self) -> bool:
        return self._problem is not None and self._problem.kind == "build_failed" and time.monotonic() >= self._next_retry_check

    def _refresh(self) -> None:
        self._build_when_inputs_changed()
        identity = _identity(self.db_path)
        if identity is None:
            if self._database is None:
                self._unavailable = self._unavailable or DatabaseProblem("missing", _shown_path(self.db_path), "")
            return
        if identity == self._identity or identity == self._rejected:
            return
        self._open(identity)

    def _build_when_inputs_changed(self) -> None:
        if self._build_tried_for is not None and time.monotonic() < self._next_retry_check:
            return
        self._next_retry_check = time.monotonic() + RETRY_CHECK_SECONDS
        newest = _newest_input(self.raw_dir, self.catalogue_dir)
        if self._build_tried_for == newest:
            return  # this build already failed on these very files: no new attempt on every run
        if not needs_build(self.db_path, self.raw_dir, self.catalogue_dir):
            self._build_tried_for = None
            return
        self._build_tried_for = newest
        try:
            build_if_needed(self.db_path, self.raw_dir, self.catalogue_dir, progress=log.info)
        except Exception as error:  # every failure: the previous database stays in service
            if error.__class__.__name__ == "ValidationError":  # the data's fault: its message says it all
                log.error("build of %s stopped: %s", self.db_path, error)
            else:
                log.exception("build of %s failed", self.db_path)
            problem = DatabaseProblem("build_failed", _shown_path(self.db_path), _error_text(error),
                                      {lang: _error_text(error, lang) for lang in LANGUAGES})
            self._problem = problem
            if self._database is None and _identity(self.db_path) is None:
                self._unavailable = problem
            return
        self._problem = None
        self._build_tried_for = None

    def _open(self, identity: tuple) -> None:
        try:
            database = Database(self.db_path, local_store=self._local_store_factory())
            database.check()
        except (duckdb.Error, OSError) as error:
            log.error("database file %s cannot be read: %s", self.db_path, error)
            self._rejected = identity
            problem = DatabaseProblem("file_unreadable", _shown_path(self.db_path), _error_text(error))
            if self._database is None or self._same_file(identity):
                # nothing else to serve, or the open connection reads this very (changed) file
                self._database, self._identity, self._unavailable = None, None, problem
            else:
                self._problem = problem  # a bad copy replaced the file: the open one still reads the old
            return
        replaced = self._database is not None or self._unavailable is not None
        # the previous Database is not closed: a query of another session may still be running on it
        self._database, self._identity, self._rejected, self._unavailable = database, identity, None, None
        if self._problem is not None and self._problem.kind == "file_unreadable":
            self._problem = None
        if replaced and self._on_replaced is not None:
            self._on_replaced()

    def _same_file(self, identity: tuple) -> bool:
        return self._identity is not None and identity[:2] == self._identity[:2]


_lock = threading.Lock()
_served: DatabaseFile | None = None


def served() -> DatabaseFile:
    """The process's DatabaseFile for data/cruscotto.duckdb (made on first use)."""
    global _served
    with _lock:
        if _served is None:
            _served = DatabaseFile(on_replaced=_clear_data_caches)
        return _served


def current() -> Database:
    """The database the pages query (see DatabaseFile.current)."""
    return served().current()


def build_problem() -> DatabaseProblem | None:
    """None, or why the database served is not the one data/raw/ asks for (for a notice on every page)."""
    return served().problem() if _served is not None else None


class _FixedDatabase:
    """What serving() serves: the named file as it is, never rebuilt from data/raw/ (a --db elsewhere is not the
    dashboard's file), with the planners' data it was opened with."""

    def __init__(self, database):
        self._database = database

    def current(self):
        return self._database

    def problem(self):
        return None


@contextlib.contextmanager
def serving(database):
    """Serve an open Database to the data layer (cruscotto.data) for the block: a command-line report on a --db
    file reads the same functions as the pages."""
    global _served
    with _lock:
        previous, _served = _served, _FixedDatabase(database)
    try:
        yield
    finally:
        with _lock:
            _served = previous


def forget() -> None:
    """Drop the served database: the next use opens the file again, with the planners' store that
    CRUSCOTTO_LOCAL_DIR names then (tests that give the app a store of their own)."""
    global _served
    with _lock:
        _served = None


def _clear_data_caches() -> None:
    # results cached from the previous file would mix two builds on one page
    import streamlit as st
    st.cache_data.clear()
