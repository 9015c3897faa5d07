"""The versioned local store (cruscotto/local/store.py): merge rule, versions, revert, audit log, and what a crash
or a second writer at the same moment does. Every store lives in tmp_path; data/local/ is never touched."""
import hashlib
import json
import multiprocessing
import os
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cruscotto.local import store as store_module
from cruscotto.local.store import LocalStore, StoreBusy, StoreError

NAN = float("nan")


def services(rows) -> pd.DataFrame:
    """Canonical services rows: (year, territory, service, users, places, spending, copayment)."""
    return pd.DataFrame(rows, columns=["year", "territory_code", "service", "users", "places", "spending_eur",
                                       "copayment_eur"]).astype({"year": "int64", "users": float, "places": float,
                                                                 "spending_eur": float, "copayment_eur": float})


def membership(comuni, ambito, name="Ambito", start=None) -> pd.DataFrame:
    return pd.DataFrame({"comune_code": comuni, "ambito_code": ambito, "ambito_name": name,
                         "start_year": pd.array([start] * len(comuni), dtype="Int64")})


def areas(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["year", "territory_code", "area", "spending_eur", "associated_eur"]).astype(
        {"year": "int64", "spending_eur": float, "associated_eur": float})


def tree_hashes(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def rows_of(frame: pd.DataFrame, *columns) -> set[tuple]:
    return {tuple(None if (isinstance(v, float) and np.isnan(v)) else v for v in row)
            for row in frame[list(columns)].itertuples(index=False)}


@pytest.fixture
def store(tmp_path) -> LocalStore:
    return LocalStore(tmp_path / "local")


def test_an_empty_store_has_no_version_and_empty_canonical_tables(store):
    assert store.current_version() is None
    tables = store.snapshot()
    assert set(tables) == {"membership", "services", "area_spending", "uploads"}
    assert all(frame.empty for frame in tables.values())
    assert list(tables["services"].columns) == ["year", "territory_code", "service", "users", "places",
                                                "spending_eur", "copayment_eur", "ambito_code", "version"]
    assert store.versions().empty
    assert not store.root.exists()  # reading creates nothing


def test_root_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("CRUSCOTTO_LOCAL_DIR", str(tmp_path / "elsewhere"))
    assert LocalStore().root == tmp_path / "elsewhere"


def test_save_writes_a_full_snapshot_and_reads_back_the_figures(store):
    version = store.save("amb-a", {"services": services([(2023, "098001", "asilo_nido", 12, 20, 1234.5, NAN)]),
                                   "membership": membership(["098001", "098002"], "amb-a", start=2021)},
                         user="tester", file_name="a.csv", file_sha256="f" * 64)
    assert version == 1
    assert (store.root / "CURRENT").read_text().strip() == "1"
    assert sorted(p.name for p in store.version_dir(1).iterdir()) == [
        "area_spending.parquet", "membership.parquet", "services.parquet", "uploads.parquet"]
    tables = store.snapshot()
    row = tables["services"].iloc[0]
    assert (row["year"], row["territory_code"], row["service"], row["users"], row["places"], row["spending_eur"]) == \
        (2023, "098001", "asilo_nido", 12.0, 20.0, 1234.5)
    assert np.isnan(row["copayment_eur"])  # a blank stays blank, never zero
    assert (row["ambito_code"], row["version"]) == ("amb-a", 1)
    assert rows_of(tables["membership"], "comune_code", "ambito_code", "start_year") == {
        ("098001", "amb-a", 2021), ("098002", "amb-a", 2021)}
    upload = tables["uploads"].iloc[0]
    assert (upload["version"], upload["ambito_code"], upload["user"], upload["file_name"], upload["file_sha256"],
            upload["tables"], upload["rows"], upload["action"]) == \
        (1, "amb-a", "tester", "a.csv", "f" * 64, "membership,services", 3, "load")
    assert pd.isna(upload["reverted_to"])
    assert abs((pd.Timestamp.now(tz="UTC") - upload["loaded_at"]).total_seconds()) < 60


def test_merge_rule_replaces_only_the_ambitos_years_and_its_membership(store):
    store.save("amb-a", {"services": services([(2022, "098001", "sad", 5, NAN, 100, 10),
                                               (2023, "098001", "sad", 6, NAN, 120, 12)]),
                         "area_spending": areas([(2022, "amb-a", "anziani", 1000, 200)]),
                         "membership": membership(["098001", "098002"], "amb-a")}, "u", "1.csv", "1")
    store.save("amb-b", {"services": services([(2023, "019001", "sad", 7, NAN, 140, 14)]),
                         "membership": membership(["019001"], "amb-b")}, "u", "2.csv", "2")
    # amb-a again, 2023 only, with a different service list and a smaller membership
    store.save("amb-a", {"services": services([(2023, "098002", "rsa", 3, 4, 500, NAN)]),
                         "membership": membership(["098001"], "amb-a")}, "u", "3.csv", "3")
    tables = store.snapshot()
    assert store.current_version() == 3
    assert rows_of(tables["services"], "ambito_code", "year", "territory_code", "service", "users", "version") == {
        ("amb-a", 2022, "098001", "sad", 5.0, 1),   # a year the last upload did not have: kept
        ("amb-b", 2023, "019001", "sad", 7.0, 2),   # another ambito: kept
        ("amb-a", 2023, "098002", "rsa", 3.0, 3),   # the uploaded year: replaced as a whole
    }
    assert rows_of(tables["membership"], "ambito_code", "comune_code") == {("amb-a", "098001"), ("amb-b", "019001")}
    # not in the last upload: kept as it was
    assert rows_of(tables["area_spending"], "area", "spending_eur", "version") == {("anziani", 1000.0, 1)}
    assert list(store.versions()["version"]) == [3, 2, 1]
    assert list(store.versions()["current"]) == [True, False, False]
    # every earlier snapshot is still there, unchanged
    assert len(store.snapshot(1)["services"]) == 2 and len(store.snapshot(2)["services"]) == 3


def test_save_refuses_nothing_and_unknown_tables(store):
    with pytest.raises(ValueError):
        store.save("amb-a", {"services": services([])}, "u", "f.csv", "x")
    with pytest.raises(ValueError):
        store.save("amb-a", {"other": services([(2023, "098001", "sad", 1, 1, 1, 1)])}, "u", "f.csv", "x")
    assert store.current_version() is None


def test_revert_restores_the_earlier_figures_exactly(store):
    first = {"services": services([(2022, "098001", "sad", 5, NAN, 100.25, 10), (2023, "098001", "rsa", 1, 2, 3, NAN)]),
             "area_spending": areas([(2022, "amb-a", "anziani", 1000, NAN)]),
             "membership": membership(["098001", "098002"], "amb-a", start=2020)}
    store.save("amb-a", first, "u", "1.csv", "1")
    before = store.snapshot(1)
    store.save("amb-a", {"services": services([(2022, "098001", "sad", 50, 1, 999, 1)]),
                         "membership": membership(["098003"], "amb-a")}, "u", "2.csv", "2")
    assert store.snapshot()["services"]["users"].tolist() != before["services"]["users"].tolist()
    version = store.revert(1, user="admin")
    assert version == 3 and store.current_version() == 3
    after = store.snapshot()
    for table in ("membership", "services", "area_spending"):
        pd.testing.assert_frame_equal(after[table], before[table])
    # nothing deleted: the history keeps every version and says what the revert did
    history = store.versions()
    assert list(history["version"]) == [3, 2, 1]
    revert = history.iloc[0]
    assert (revert["action"], revert["reverted_to"], revert["user"]) == ("revert", 1, "admin")
    assert revert["rows"] == 5  # the rows put back
    assert len(store.snapshot(2)["services"]) == 2  # version 2 itself untouched
    assert store.audit_events()[-1]["action"] == "revert"


def test_revert_of_one_ambito_keeps_the_others(store):
    store.save("amb-a", {"services": services([(2023, "098001", "sad", 1, NAN, 10, NAN)])}, "u", "a1", "1")
    store.save("amb-b", {"services": services([(2023, "019001", "sad", 2, NAN, 20, NAN)])}, "u", "b1", "2")
    store.save("amb-a", {"services": services([(2023, "098001", "sad", 3, NAN, 30, NAN)])}, "u", "a2", "3")
    store.save("amb-b", {"services": services([(2023, "019001", "sad", 4, NAN, 40, NAN)])}, "u", "b2", "4")
    store.revert(1, user="planner a", ambito_code="amb-a")
    assert rows_of(store.snapshot()["services"], "ambito_code", "users") == {("amb-a", 1.0), ("amb-b", 4.0)}
    assert store.versions().iloc[0]["ambito_code"] == "amb-a"


def test_revert_to_an_unknown_version_changes_nothing(store):
    store.save("amb-a", {"services": services([(2023, "098001", "sad", 1, NAN, 10, NAN)])}, "u", "a1", "1")
    hashes = tree_hashes(store.root)
    with pytest.raises(StoreError):
        store.revert(7, user="u")
    assert tree_hashes(store.root) == hashes


def test_audit_log_has_one_json_line_per_event(store):
    store.audit({"action": "login_failed", "user": "x"})
    store.save("amb-a", {"services": services([(2023, "098001", "sad", 1, NAN, 10, NAN)])}, "ann", "a.csv", "abc")
    lines = (store.root / "audit.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    events = [json.loads(line) for line in lines]
    assert events[0]["action"] == "login_failed" and events[0]["when"].endswith("+00:00")
    assert {k: events[1][k] for k in ("action", "user", "ambito", "version", "file_name", "file_sha256", "rows",
                                      "problems")} == \
        {"action": "load", "user": "ann", "ambito": "amb-a", "version": 1, "file_name": "a.csv",
         "file_sha256": "abc", "rows": 1, "problems": 0}


# -- crashes -------------------------------------------------------------------------------------------

def _save_one(store: LocalStore, users: float, ambito="amb-a") -> int:
    return store.save(ambito, {"services": services([(2023, "098001", "sad", users, NAN, 10, NAN)])}, "u", "f", "h")


def test_a_crash_before_current_is_replaced_leaves_the_previous_version(store, monkeypatch):
    _save_one(store, 1)
    before = tree_hashes(store.root)

    def broken_replace(src, dst):
        raise OSError("disk gone")

    monkeypatch.setattr(store_module.os, "replace", broken_replace)
    with pytest.raises(OSError):
        _save_one(store, 2)
    monkeypatch.undo()
    assert store.current_version() == 1
    assert store.snapshot()["services"]["users"].tolist() == [1.0]
    assert (store.root / "CURRENT").read_bytes() == b"1\n"
    # the version folder written before the crash is not part of the history, and is never reused
    assert list(store.versions()["version"]) == [1]
    with pytest.raises(StoreError):
        store.revert(2, user="u")
    assert _save_one(store, 3) == 3
    assert store.snapshot()["services"]["users"].tolist() == [3.0]
    assert not [p for p in store.root.iterdir() if p.name.startswith(".tmp-")]
    assert before["CURRENT"] != tree_hashes(store.root)["CURRENT"]


def test_a_crash_while_writing_the_snapshot_leaves_a_temporary_folder_that_readers_ignore(store, monkeypatch):
    _save_one(store, 1)
    real = pd.DataFrame.to_parquet
    calls = []

    def dies_on_second_table(self, path, *args, **kwargs):
        calls.append(path)
        if len(calls) == 2:
            raise MemoryError("killed")
        return real(self, path, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "to_parquet", dies_on_second_table)
    with pytest.raises(MemoryError):
        _save_one(store, 2)
    monkeypatch.undo()
    leftovers = [p for p in store.versions_dir.iterdir() if p.name.startswith(".tmp-")]
    assert len(leftovers) == 1  # half a snapshot, under a name no reader follows
    assert store.current_version() == 1 and store.snapshot()["services"]["users"].tolist() == [1.0]
    assert _save_one(store, 3) == 2  # the next writer cleans it up
    assert not [p for p in store.versions_dir.iterdir() if p.name.startswith(".tmp-")]
    assert store.snapshot()["services"]["users"].tolist() == [3.0]


def _killed_writer(root: str) -> None:
    """A writer process that dies (SIGKILL-like os._exit) between renaming its folder and replacing CURRENT."""
    store = LocalStore(root)
    store_module.os.replace = lambda src, dst: os._exit(9)
    _save_one(store, 2)


def test_a_writer_killed_mid_write_leaves_the_previous_version_and_frees_the_lock(store):
    _save_one(store, 1)
    process = multiprocessing.get_context("fork").Process(target=_killed_writer, args=(str(store.root),))
    process.start()
    process.join(30)
    assert process.exitcode == 9
    assert store.current_version() == 1
    assert store.snapshot()["services"]["users"].tolist() == [1.0]
    store.lock_timeout = 2
    assert _save_one(store, 3) == 3  # the dead writer's lock is gone with it; its folder 2 is skipped
    assert store.snapshot()["services"]["users"].tolist() == [3.0]


# -- two writers at once -------------------------------------------------------------------------------

def _concurrent_writer(root: str, ambito: str, users: float, start, results) -> None:
    store = LocalStore(root, lock_timeout=20)
    start.wait()
    try:
        results.put((ambito, _save_one(store, users, ambito=ambito)))
    except StoreBusy as error:
        results.put((ambito, f"busy: {error}"))


def test_two_uploads_at_once_give_two_consistent_versions(store):
    context = multiprocessing.get_context("fork")
    start, results = context.Event(), context.Queue()
    writers = [context.Process(target=_concurrent_writer, args=(str(store.root), ambito, users, start, results))
               for ambito, users in (("amb-a", 1.0), ("amb-b", 2.0))]
    for writer in writers:
        writer.start()
    start.set()
    for writer in writers:
        writer.join(60)
    outcome = dict(results.get(timeout=5) for _ in writers)
    assert sorted(outcome.values()) == [1, 2], outcome
    # the second writer read the first's version inside the lock: the last version holds both uploads
    assert rows_of(store.snapshot()["services"], "ambito_code", "users") == {("amb-a", 1.0), ("amb-b", 2.0)}
    first = min(outcome, key=outcome.get)
    assert rows_of(store.snapshot(1)["services"], "ambito_code") == {(first,)}
    assert list(store.versions()["version"]) == [2, 1]


def _lock_holder(root: str, held, release) -> None:
    store = LocalStore(root)
    with store._locked():
        held.set()
        release.wait(30)


def test_a_writer_that_cannot_get_the_lock_is_refused_clearly_and_changes_nothing(store):
    _save_one(store, 1)
    hashes = tree_hashes(store.root)
    context = multiprocessing.get_context("fork")
    held, release = context.Event(), context.Event()
    holder = context.Process(target=_lock_holder, args=(str(store.root), held, release))
    holder.start()
    try:
        assert held.wait(10)
        store.lock_timeout = 0.3
        started = time.monotonic()
        with pytest.raises(StoreBusy, match="busy"):
            _save_one(store, 2)
        assert time.monotonic() - started < 5
    finally:
        release.set()
        holder.join(10)
    assert tree_hashes(store.root) == hashes
    assert _save_one(store, 2) == 2


def _many_writes(root: str, count: int) -> None:
    store = LocalStore(root, lock_timeout=20)
    for n in range(2, count + 1):
        # version n holds n rows, each with users == n: a reader can tell a whole snapshot from a torn one
        store.save("amb-a", {"services": services([(2023, f"{n:06d}", "sad", n, NAN, 1, NAN) for _ in range(1)]
                                                  + [(2022, f"{k:06d}", "sad", n, NAN, 1, NAN) for k in range(n - 1)])},
                   "u", "f", "h")


def test_a_reader_never_sees_a_half_written_version(store):
    _many_writes(str(store.root), 1)
    store.save("amb-a", {"services": services([(2023, "000001", "sad", 1, NAN, 1, NAN)])}, "u", "f", "h")
    writer = multiprocessing.get_context("fork").Process(target=_many_writes, args=(str(store.root), 12))
    writer.start()
    seen = set()
    while writer.is_alive() or not seen:
        version = store.current_version()
        frame = store.snapshot(version)["services"]
        assert len(frame) == version and set(frame["users"]) == {float(version)}
        assert len(store.snapshot(version)["uploads"]) == version
        seen.add(version)
    writer.join(60)
    assert writer.exitcode == 0 and store.current_version() == 12


def test_membership_for_another_ambito_is_never_stored(store):
    with pytest.raises(ValueError):
        store.save("amb-a", {"membership": membership(["098001"], "amb-b")}, "u", "f", "h")
    assert store.current_version() is None


def test_two_sessions_of_one_process_saving_at_once_give_two_versions(store):
    """Streamlit serves sessions on threads of one process: the lock holds between them too (flock is taken on
    a file description of each writer's own)."""
    import threading
    barrier, outcome = threading.Barrier(2), {}

    def writer(ambito, users):
        barrier.wait()
        outcome[ambito] = _save_one(LocalStore(store.root), users, ambito=ambito)

    threads = [threading.Thread(target=writer, args=args) for args in (("amb-a", 1.0), ("amb-b", 2.0))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(outcome.values()) == [1, 2]
    assert rows_of(store.snapshot()["services"], "ambito_code", "users") == {("amb-a", 1.0), ("amb-b", 2.0)}
