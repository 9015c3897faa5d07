"""Cached data access for the pages: one read-only connection per process, results cached by parameters."""
import pandas as pd
import streamlit as st

from cruscotto.build import build, needs_build
from cruscotto.catalogue import load_indicators
from cruscotto.db import Database


@st.cache_resource(show_spinner=False)
def database() -> Database:
    # First start, or data/raw/ changed since the last build: build before opening read-only.
    if needs_build():
        build(progress=lambda line: None)
    return Database()


@st.cache_data(show_spinner=False, max_entries=1024)
def query(name: str, **params) -> pd.DataFrame:
    return database().run(name, **params)


@st.cache_data(show_spinner=False)
def indicators() -> pd.DataFrame:
    return load_indicators().set_index("id", drop=False)


@st.cache_data(show_spinner=False)
def territories() -> pd.DataFrame:
    return query("territories").set_index("code", drop=False)


@st.cache_data(show_spinner=False)
def sources() -> pd.DataFrame:
    return query("sources").set_index("source_id", drop=False)
