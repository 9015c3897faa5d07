import os
import shutil
import tempfile

import pytest

# Planners' data: every test (and every server a test starts) gets an empty store of its own unless it
# makes one, never the developer's data/local/.
os.environ["CRUSCOTTO_LOCAL_DIR"] = tempfile.mkdtemp(prefix="cruscotto-local-")

from cruscotto.build import build
from cruscotto.db import Database
from cruscotto.paths import RAW_DIR
from tests.tiny_db import make_tiny_db


@pytest.fixture(scope="session")
def tiny_db(tmp_path_factory):
    database = Database(make_tiny_db(tmp_path_factory.mktemp("tiny") / "tiny.duckdb"))
    yield database
    database.close()


@pytest.fixture(scope="session")
def real_db_path(tmp_path_factory):
    """The real database, built once per test session from the repository's data/raw/."""
    path = tmp_path_factory.mktemp("real") / "cruscotto.duckdb"
    build(db_path=path, progress=lambda line: None)
    return path


@pytest.fixture(scope="session")
def real_db(real_db_path):
    database = Database(real_db_path)
    yield database
    database.close()


@pytest.fixture
def raw_copy(tmp_path):
    """A scratch copy of data/raw/ that a test may break."""
    target = tmp_path / "raw"
    shutil.copytree(RAW_DIR, target)
    return target


@pytest.fixture(scope="module")
def server():
    """A dashboard server for one browser test module."""
    from tests.browser_support import streamlit_server
    with streamlit_server() as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    """Debian chromium driven by Playwright (never `playwright install`)."""
    from playwright.sync_api import sync_playwright

    from tests.browser_support import CHROMIUM, FLAGS
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield instance
        instance.close()
