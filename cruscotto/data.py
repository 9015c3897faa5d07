"""Cached data access for the pages: one read-only connection per process, results cached by parameters."""
import pandas as pd
import streamlit as st

from cruscotto.build import build, needs_build
from cruscotto.catalogue import load_indicators
from cruscotto.db import Database
from cruscotto.i18n import DEFAULT_LANGUAGE, place_name

NAME_COLUMNS = {"name", "territory_name", "parent_name"}  # columns of query results that hold territory names


@st.cache_resource(show_spinner=False)
def database() -> Database:
    # First start, or data/raw/ changed since the last build: build before opening read-only.
    if needs_build():
        build(progress=lambda line: None)
    return Database()


def query(name: str, **params) -> pd.DataFrame:
    return in_reader_language(_query(name, **params))


@st.cache_data(show_spinner=False, max_entries=1024)
def _query(name: str, **params) -> pd.DataFrame:
    return database().run(name, **params)


def reader_language() -> str:
    """The language of this session's view (the default outside a session or before the view is read)."""
    try:
        view = st.session_state.get("view")
    except Exception:  # no Streamlit session (e.g. a script using the module)
        view = None
    return getattr(view, "lang", DEFAULT_LANGUAGE)


def in_reader_language(frame: pd.DataFrame) -> pd.DataFrame:
    """Territory names as the reader says them: "Provincia di Lodi" is "Province of Lodi" in English."""
    lang = reader_language()
    if lang == DEFAULT_LANGUAGE:
        return frame
    for column in NAME_COLUMNS.intersection(frame.columns):
        frame[column] = frame[column].map(lambda name: place_name(name, lang))
    return frame


@st.cache_data(show_spinner=False)
def indicators() -> pd.DataFrame:
    return load_indicators().set_index("id", drop=False)


def territories() -> pd.DataFrame:
    return in_reader_language(_territories())


@st.cache_data(show_spinner=False)
def _territories() -> pd.DataFrame:
    return _query("territories").set_index("code", drop=False)


@st.cache_data(show_spinner=False)
def sources() -> pd.DataFrame:
    return query("sources").set_index("source_id", drop=False)
