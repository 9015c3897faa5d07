"""Open-data bundles made in a process apart from the server's.

Writing a large bundle (all of the database as Excel) keeps the Python interpreter busy for tens of seconds;
done in the server's process, every other visitor's page would wait for it. One worker process, started on
the first request, makes one bundle at a time; callers (downloads.py) cache what it returns.
"""
import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

_executor: ProcessPoolExecutor | None = None
_executor_lock = threading.Lock()


def make(selection: dict, fmt: str, lang: str, db_path: str, store_root: str | None) -> bytes:
    """The zipped bundle of a selection (open_data.collect's arguments), made by the worker process."""
    try:
        return _worker().submit(zip_of_selection, selection, fmt, lang, db_path, store_root).result()
    except BrokenProcessPool:  # the worker died (e.g. killed for memory): a new one, once
        _forget_worker()
        return _worker().submit(zip_of_selection, selection, fmt, lang, db_path, store_root).result()


def _worker() -> ProcessPoolExecutor:
    global _executor
    with _executor_lock:
        if _executor is None:
            # spawn: a fresh interpreter, not a fork of a server with threads and an open database
            _executor = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
        return _executor


def _forget_worker() -> None:
    global _executor
    with _executor_lock:
        if _executor is not None:
            _executor.shutdown(wait=False, cancel_futures=True)
        _executor = None


# ---- in the worker process
_databases: dict = {}


def zip_of_selection(selection: dict, fmt: str, lang: str, db_path: str, store_root: str | None) -> bytes:
    from cruscotto import open_data
    parts = open_data.collect(_database(db_path, store_root), lang=lang, **selection)
    files = open_data.bundle(parts["data"], parts["catalogue"], parts["sources"], fmt, parts["built_at"], lang)
    return open_data.zip_bytes(files)


def _database(db_path: str, store_root: str | None):
    """The worker's connection to the file the server reads (kept for the next bundle; one at a time)."""
    from cruscotto.db import Database
    from cruscotto.local.store import LocalStore
    key = (db_path, store_root)
    if key not in _databases:
        for old in _databases.values():
            old.close()
        _databases.clear()
        _databases[key] = Database(db_path, local_store=LocalStore(store_root) if store_root is not None else None)
    return _databases[key]
