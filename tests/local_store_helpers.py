"""A store of planners' data of a test's own, seen by a fresh data layer."""
from contextlib import contextmanager
from pathlib import Path

import pytest
import streamlit as st

from cruscotto import database_file, result_cache
from cruscotto.local.store import LocalStore


@contextmanager
def fresh_local_store(root: Path):
    """The app reads the store at `root` (CRUSCOTTO_LOCAL_DIR) and the served database and Streamlit's caches
    are dropped before and after, so neither another test's data nor a database opened on another store shows."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CRUSCOTTO_LOCAL_DIR", str(root))
        database_file.forget()
        st.cache_data.clear()
        st.cache_resource.clear()
        result_cache.clear_all()
        try:
            yield LocalStore(root)
        finally:
            database_file.forget()
            st.cache_data.clear()
            st.cache_resource.clear()
            result_cache.clear_all()
