"""Cached data access for the pages: one read-only connection per process, results cached by parameters."""
import threading

import pandas as pd
import streamlit as st

from cruscotto.build import build, needs_build
from cruscotto.catalogue import load_indicators
from cruscotto.db import Database
from cruscotto.local.store import LocalStore
from cruscotto.i18n import DEFAULT_LANGUAGE, level_label, place_name

NAME_COLUMNS = {"name", "territory_name", "parent_name"}  # columns of query results that hold territory names


@st.cache_resource(show_spinner=False)
def database() -> Database:
    # First start, or data/raw/ changed since the last build: build before opening read-only.
    if needs_build():
        build(progress=lambda line: None)
    return Database(local_store=LocalStore())


_this_run = threading.local()  # a script run happens on one thread: what it pinned stays its own


def pin_local_version() -> None:
    """Called by dashboard.py at the start of every run: the whole run reads one version of planners' data,
    and the store's CURRENT file is read once per run instead of at every query (thousands on some pages)."""
    _this_run.local_version = database().local_version()


def local_version() -> int | None:
    """The version of the planners' data the pages see: part of every cache key below, so a new upload
    (from this process, another one or the command line) shows at the next run and no stale result is served."""
    try:
        return _this_run.local_version
    except AttributeError:  # outside a run of dashboard.py (a page run on its own, a script)
        return database().local_version()


def query(name: str, **params) -> pd.DataFrame:
    """queries/<name>.sql with bound parameters, territory names in the reader's language."""
    return _query(name, reader_language(), local_version(), **params)


@st.cache_data(show_spinner=False, max_entries=1024)
def _query(name: str, names_language: str, local_data_version: int | None, **params) -> pd.DataFrame:
    # the language is part of the cache key: names are translated once per result, not on every run
    return in_language(database().run(name, **params), names_language)


def reader_language() -> str:
    """The language of this session's view (the default outside a session or before the view is read)."""
    try:
        view = st.session_state.get("view")
    except Exception:  # no Streamlit session (e.g. a script using the module)
        view = None
    return getattr(view, "lang", DEFAULT_LANGUAGE)


def in_language(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Territory names as the reader says them: "Provincia di Lodi" is "Province of Lodi" in English."""
    if lang == DEFAULT_LANGUAGE:
        return frame
    for column in NAME_COLUMNS.intersection(frame.columns):
        frame[column] = frame[column].map(lambda name: place_name(name, lang))
    return frame


def indicators() -> pd.DataFrame:
    """The catalogue of data/catalogue/indicators.csv and, after it, the indicators of planners' data."""
    return _indicators(local_version())


@st.cache_data(show_spinner=False)
def _indicators(local_data_version: int | None) -> pd.DataFrame:
    official = load_indicators()
    local = _query("local_indicators", DEFAULT_LANGUAGE, local_data_version)
    return pd.concat([official, local[official.columns]], ignore_index=True).set_index("id", drop=False)


def territories() -> pd.DataFrame:
    return _territories(reader_language(), local_version())


@st.cache_data(show_spinner=False)
def _territories(lang: str, local_data_version: int | None) -> pd.DataFrame:
    return _query("territories", lang, local_data_version).set_index("code", drop=False)


def territory_labels(lang: str) -> dict[str, str]:
    """'Lodi · Comune' for every territory code: the options of the territory pickers (shared, read-only)."""
    return _territory_labels(lang, local_version())


@st.cache_resource(show_spinner=False)
def _territory_labels(lang: str, local_data_version: int | None) -> dict[str, str]:
    frame = _territories(lang, local_data_version)
    return {code: f"{name} · {level_label(level, lang)}"
            for code, name, level in zip(frame["code"], frame["name"], frame["level"])}


def sources() -> pd.DataFrame:
    return _sources(local_version())


@st.cache_data(show_spinner=False)
def _sources(local_data_version: int | None) -> pd.DataFrame:
    return _query("sources", DEFAULT_LANGUAGE, local_data_version).set_index("source_id", drop=False)
