"""The connection the pages use cannot read other files or change its settings (cruscotto/db.py)."""
import duckdb
import pytest

from cruscotto import data


@pytest.fixture
def page_connection(tiny_db):
    with tiny_db._lock:
        cursor = tiny_db._connection.cursor()
    yield cursor
    cursor.close()


@pytest.mark.parametrize("statement", [
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM read_text('/etc/hostname')",
    "SELECT * FROM glob('/etc/*')",
    "COPY (SELECT 1) TO '/tmp/cruscotto-faults-copy.csv'",
    "ATTACH '/tmp/cruscotto-faults-other.duckdb' AS other",
    "INSTALL httpfs",
])
def test_no_file_outside_the_official_database_can_be_read_or_written(page_connection, statement):
    with pytest.raises(duckdb.PermissionException):
        page_connection.execute(statement)


@pytest.mark.parametrize("statement", [
    "SET enable_external_access = true",
    "RESET enable_external_access",
    "SET lock_configuration = false",
    "SET memory_limit = '100GB'",
])
def test_settings_are_locked(page_connection, statement):
    with pytest.raises(duckdb.InvalidInputException, match="locked"):
        page_connection.execute(statement)


def test_the_official_database_is_attached_read_only(page_connection):
    with pytest.raises(duckdb.Error, match="read-only|read only"):
        page_connection.execute("CREATE TABLE official.main.intruder AS SELECT 1 AS x")


def test_the_connection_of_the_pages_is_locked_too(monkeypatch, tiny_db):
    """What data.database() hands the pages is a Database built the same way."""
    from cruscotto import database_file
    monkeypatch.setattr(database_file, "current", lambda: tiny_db)
    database = data.database()
    with database._lock:
        cursor = database._connection.cursor()
    with pytest.raises(duckdb.PermissionException):
        cursor.execute("SELECT * FROM read_csv('/etc/passwd')")
    assert database.run("profile", territory="098001") is not None
