"""The database file through faults: a failed rebuild, two processes starting at once, the file removed or
corrupted while serving, a full disk during the build (cruscotto/database_file.py, cruscotto/build)."""
import errno
import hashlib
import os
import shutil
import subprocess
import sys
import time

import pytest

from cruscotto import database_file
from cruscotto.build import ValidationError, build
from cruscotto.database_file import DatabaseFile, DatabaseUnavailable
from cruscotto.paths import REPO
from tests.tiny_db import make_tiny_db

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def break_raw(raw):
    """A raw file the first build step refuses (quickly), made newer than any database."""
    path = raw / "geo/lombardy_comuni.csv"
    path.write_text("istat,name\n", encoding="utf-8")
    later = time.time() + 100
    os.utime(path, (later, later))
    return path


@pytest.fixture
def db_dir(tmp_path):
    """A folder for the database alone (raw_copy lives beside it in tmp_path)."""
    folder = tmp_path / "db"
    folder.mkdir()
    return folder


@pytest.fixture
def counted_builds(monkeypatch):
    calls = []
    original = database_file.build_if_needed

    def counted(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)
    monkeypatch.setattr(database_file, "build_if_needed", counted)
    return calls


def test_failed_rebuild_serves_the_previous_database_with_a_notice_and_is_not_retried(db_dir, raw_copy, counted_builds):
    previous = make_tiny_db(db_dir / "cruscotto.duckdb")
    before = digest(previous)
    break_raw(raw_copy)
    served = DatabaseFile(previous, raw_dir=raw_copy, local_store_factory=lambda: None)
    database = served.current()  # no exception: the previous database is served
    assert database.run("profile", territory="098001").shape[0] >= 0
    problem = served.problem()
    assert problem is not None and problem.kind == "build_failed"
    assert "lombardy_comuni.csv" in problem.detail  # the build's own message names the file
    text = problem.text("it")
    assert "lombardy\\_comuni.csv" in text and "precedente" in text and str(REPO) not in text
    assert "previous database" in problem.text("en")
    for _ in range(5):  # later runs: no new build while data/raw/ stays as it is
        assert served.current() is database
    assert len(counted_builds) == 1
    assert digest(previous) == before
    assert not [p for p in db_dir.iterdir() if p.name.endswith((".building", ".wal"))]


def test_a_fixed_raw_file_is_built_at_the_next_check(db_dir, raw_copy, counted_builds, monkeypatch):
    previous = make_tiny_db(db_dir / "cruscotto.duckdb")
    broken = break_raw(raw_copy)
    served = DatabaseFile(previous, raw_dir=raw_copy, local_store_factory=lambda: None)
    old = served.current()
    assert served.problem() is not None
    shutil.copy(REPO / "data/raw/geo/lombardy_comuni.csv", broken)  # fixed: a newer mtime than the failure
    monkeypatch.setattr(database_file, "RETRY_CHECK_SECONDS", 0)
    served._next_retry_check = 0
    new = served.current()
    assert served.problem() is None and new is not old and len(counted_builds) == 2
    assert new.run("profile", territory="015146").shape[0] > 0  # the real data, built from the fixed files


def test_without_a_previous_database_a_failed_build_raises_a_clear_message(db_dir, raw_copy, counted_builds):
    break_raw(raw_copy)
    served = DatabaseFile(db_dir / "cruscotto.duckdb", raw_dir=raw_copy, local_store_factory=lambda: None)
    with pytest.raises(DatabaseUnavailable) as first:
        served.current()
    with pytest.raises(DatabaseUnavailable):
        served.current()
    assert len(counted_builds) == 1  # not rebuilt on every run
    message = first.value.text("it")
    assert "lombardy\\_comuni.csv" in message and "non è disponibile" in message and "Traceback" not in message
    assert [p.name for p in db_dir.iterdir()] == ["cruscotto.duckdb.lock"]


def test_a_page_without_any_database_shows_a_message_not_a_traceback(db_dir, raw_copy, monkeypatch):
    from streamlit.testing.v1 import AppTest
    break_raw(raw_copy)
    monkeypatch.setattr(database_file, "_served",
                        DatabaseFile(db_dir / "cruscotto.duckdb", raw_dir=raw_copy, local_store_factory=lambda: None))
    app = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=120).run()
    assert not app.exception
    errors = [element.value for element in app.error]
    assert errors and "lombardy" in errors[0] and "non è disponibile" in errors[0]


def test_the_file_removed_while_serving_keeps_the_open_connection_working(db_dir, raw_copy):
    path = make_tiny_db(db_dir / "cruscotto.duckdb")
    served = DatabaseFile(path, raw_dir=raw_copy, local_store_factory=lambda: None)
    database = served.current()
    path.unlink()
    assert served.current() is database
    assert database.run("profile", territory="098001") is not None
    assert served.problem() is None


def test_a_file_corrupted_in_place_gives_a_message_and_recovers_when_a_good_file_is_back(db_dir, raw_copy):
    path = make_tiny_db(db_dir / "cruscotto.duckdb")
    good = path.read_bytes()
    served = DatabaseFile(path, raw_dir=raw_copy, local_store_factory=lambda: None)
    served.current()
    with open(path, "r+b") as same_file:  # overwritten in place: the open connection reads this very inode
        same_file.truncate(len(good) // 3)
        same_file.seek(4096)
        same_file.write(b"\0garbage" * 512)
    with pytest.raises(DatabaseUnavailable) as unavailable:
        served.current()
    assert "cannot be read" in unavailable.value.text("en") and str(db_dir) not in unavailable.value.text("en")
    with pytest.raises(DatabaseUnavailable):
        served.current()
    with open(path, "r+b") as same_file:
        same_file.truncate(0)
        same_file.write(good)
    os.utime(path, (time.time() + 5, time.time() + 5))
    assert served.current().run("profile", territory="098001") is not None


def test_a_bad_file_moved_over_the_served_one_is_not_opened_and_the_old_one_keeps_serving(db_dir, raw_copy):
    path = make_tiny_db(db_dir / "cruscotto.duckdb")
    served = DatabaseFile(path, raw_dir=raw_copy, local_store_factory=lambda: None)
    database = served.current()
    bad = db_dir / "bad.duckdb"
    bad.write_bytes(b"not a database" * 100)
    os.replace(bad, path)
    assert served.current() is database
    assert served.problem().kind == "file_unreadable"
    assert database.run("profile", territory="098001") is not None
    fresh = make_tiny_db(db_dir / "fresh.duckdb")
    os.replace(fresh, path)
    assert served.current() is not database and served.problem() is None


STARTER = """
import logging
import sys
from pathlib import Path
logging.basicConfig(level=logging.INFO, format="%(message)s")
from cruscotto.database_file import DatabaseFile
served = DatabaseFile(Path(sys.argv[1]), local_store_factory=lambda: None)
print(served.current().run("profile", territory="015146").shape[0], flush=True)
"""


def test_two_processes_starting_at_once_build_once_and_both_open_it(db_dir):
    db = db_dir / "cruscotto.duckdb"
    starters = [subprocess.Popen([sys.executable, "-c", STARTER, str(db)], cwd=REPO, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [starter.communicate(timeout=300) for starter in starters]
    for starter, (out, err) in zip(starters, results):
        assert starter.returncode == 0, err
        assert "Traceback" not in err and int(out.strip()) > 0
    assert sum("Database ready" in err for _, err in results) == 1  # built once; the other waited and opened it
    assert db.exists()
    assert not [p for p in db_dir.iterdir() if p.name.endswith((".building", ".wal"))]


def full_disk_after_some_tables(monkeypatch):
    import cruscotto.build as build_module
    original = build_module.write_tables

    def write_then_fill_the_disk(con, tables, origin):
        first = dict(list(tables.items())[:2])
        original(con, first, origin)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    monkeypatch.setattr(build_module, "write_tables", write_then_fill_the_disk)


def test_a_full_disk_during_the_build_leaves_the_previous_database_and_no_temporary_file(db_dir, monkeypatch):
    previous = make_tiny_db(db_dir / "cruscotto.duckdb")
    before = digest(previous)
    full_disk_after_some_tables(monkeypatch)
    with pytest.raises(OSError) as caught:
        build(db_path=previous, progress=lambda line: None)
    assert caught.value.errno == errno.ENOSPC
    assert digest(previous) == before
    assert sorted(p.name for p in db_dir.iterdir()) == ["cruscotto.duckdb", "cruscotto.duckdb.lock"]


def test_a_full_disk_during_the_build_at_start_serves_the_previous_database_with_a_notice(db_dir, raw_copy, monkeypatch):
    previous = make_tiny_db(db_dir / "cruscotto.duckdb")
    later = time.time() + 100
    os.utime(raw_copy / "plans/README.md", (later, later))  # data/raw/ changed: a build is due
    full_disk_after_some_tables(monkeypatch)
    served = DatabaseFile(previous, raw_dir=raw_copy, local_store_factory=lambda: None)
    assert served.current() is not None
    assert "No space left on device" in served.problem().detail
    assert sorted(p.name for p in db_dir.iterdir()) == ["cruscotto.duckdb", "cruscotto.duckdb.lock"]


def test_the_build_command_on_a_full_disk_says_so_without_a_traceback(db_dir, monkeypatch, capsys):
    from cruscotto.__main__ import main
    previous = make_tiny_db(db_dir / "cruscotto.duckdb")
    before = digest(previous)
    full_disk_after_some_tables(monkeypatch)
    assert main(["build", "--db", str(previous)]) == 1
    err = capsys.readouterr().err
    assert "no space left on the disk" in err and "Traceback" not in err
    assert digest(previous) == before


def test_builds_of_one_file_take_turns(db_dir):
    """The second build starts only after the first has released the lock (no clobbered temporary file)."""
    import threading

    from cruscotto.build.store import build_lock
    db = db_dir / "x.duckdb"
    order = []
    with build_lock(db):
        def second():
            with build_lock(db):
                order.append("second")
        waiting = threading.Thread(target=second)
        waiting.start()
        waiting.join(timeout=0.5)
        order.append("first done")
    waiting.join(timeout=10)
    assert order == ["first done", "second"]


def test_a_validation_error_keeps_working_as_before(db_dir, raw_copy):
    break_raw(raw_copy)
    with pytest.raises(ValidationError):
        build(db_path=db_dir / "new.duckdb", raw_dir=raw_copy, progress=lambda line: None)
    assert [p.name for p in db_dir.iterdir()] == ["new.duckdb.lock"]


def test_a_page_served_from_the_previous_database_names_the_failed_file(tmp_path, raw_copy, real_db_path, monkeypatch):
    from streamlit.testing.v1 import AppTest
    previous = tmp_path / "db" / "cruscotto.duckdb"
    previous.parent.mkdir()
    shutil.copy(real_db_path, previous)
    break_raw(raw_copy)
    monkeypatch.setattr(database_file, "_served", DatabaseFile(previous, raw_dir=raw_copy, local_store_factory=lambda: None))
    app = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=120).run()
    assert not app.exception, [e.stack_trace for e in app.exception]
    assert not app.error
    warnings = [element.value for element in app.warning]
    assert any("lombardy" in text and "database precedente" in text for text in warnings), warnings
