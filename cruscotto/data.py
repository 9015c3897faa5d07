"""Cached data access for the pages: one read-only connection per process, results cached by parameters."""
import functools
import itertools
import threading
import weakref

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from cruscotto import database_file, result_cache
from cruscotto.catalogue import load_indicators
from cruscotto.db import Database
from cruscotto.i18n import DEFAULT_LANGUAGE, level_label, place_name

NAME_COLUMNS = {"name", "territory_name", "parent_name"}  # columns of query results that hold territory names


def database() -> Database:
    """The process's database (cruscotto/database_file.py: built when data/raw/ changed, kept serving through a
    failed build or a bad file). Not a Streamlit cache: a visitor's clear_cache cannot drop it. In a page,
    no usable database at all stops the run with a message instead of a traceback."""
    try:
        return database_file.current()
    except database_file.DatabaseUnavailable as unavailable:
        if get_script_run_ctx() is None:  # a script or the command line: the caller decides
            raise
        st.error(unavailable.text(reader_language()))
        st.stop()
        raise  # st.stop() has stopped the run; never reached


_this_run = threading.local()  # a script run happens on one thread: what it pinned stays its own


def pin_local_version() -> None:
    """Called by dashboard.py at the start of every run: the whole run reads one version of planners' data,
    and the store's CURRENT file is read once per run instead of at every query (thousands on some pages)."""
    _this_run.local_version = database().local_version()
    _this_run.database_token = _token_of(database())


def local_version() -> int | None:
    """The version of the planners' data the pages see: part of every cache key below, so a new upload
    (from this process, another one or the command line) shows at the next run and no stale result is served."""
    try:
        return _this_run.local_version
    except AttributeError:  # outside a run of dashboard.py (a page run on its own, a script)
        return database().local_version()


def query(name: str, **params) -> pd.DataFrame:
    """queries/<name>.sql with bound parameters, territory names in the reader's language."""
    return _shared(_query(name, reader_language(), local_version(), database_token(), **params))


def compared_row(indicator: str, territory: str, year: int | None) -> dict | None:
    """The indicator_series.sql row a comparison shows for a territory: the chosen year's where the territory
    has it, else its latest; None where it has no figure."""
    series = query("indicator_series", indicator=indicator, territory=territory)
    if year is not None and year in set(series["year"]):
        series = series[series["year"] == year]
    rows = series.tail(1).to_dict("records")
    return rows[0] if rows else None


def _shared(frame: pd.DataFrame) -> pd.DataFrame:
    # Results are kept as objects (no unpickling of a copy at every call, which was most of a warm run) and
    # handed out as shallow copies: with pandas' copy-on-write, whatever a caller changes stays in its copy.
    return frame.copy(deep=False)


_tokens: "weakref.WeakKeyDictionary[Database, int]" = weakref.WeakKeyDictionary()
_token_counter = itertools.count(1)
_token_lock = threading.Lock()


def database_token() -> int:
    """A number of the database connection this process reads now, part of every cache key below: results of
    a database that was replaced (a rebuild, another planners' store) are never served for the new one.
    Pinned per run with the local version (one lookup per run, not one per query)."""
    try:
        return _this_run.database_token
    except AttributeError:  # outside a run of dashboard.py
        return _token_of(database())


def _token_of(current: Database) -> int:
    with _token_lock:
        if current not in _tokens:
            _tokens[current] = next(_token_counter)
        return _tokens[current]


@result_cache.cached(max_entries=1024)
def _query(name: str, names_language: str, local_data_version: int | None, database_number: int,
           **params) -> pd.DataFrame:
    # the language is part of the cache key: names are translated once per result, not on every run
    return in_language(database().run(name, **params), names_language)


def per_data_version(max_entries: int):
    """Cache a function of the data (its result depends only on its arguments and on what the database holds):
    kept once per arguments, reader's language, local data version and database, at most max_entries results.
    Frames come back as shallow copies (see _shared); anything else is shared, so callers must not change it."""
    def decorate(function):
        # the reader's language is part of the key: data.query names territories in it
        @result_cache.cached(max_entries)
        def stored(names_language: str, local_data_version: int | None, database_number: int, *args, **kwargs):
            return function(*args, **kwargs)

        @functools.wraps(function)
        def call(*args, **kwargs):
            result = stored(reader_language(), local_version(), database_token(), *args, **kwargs)
            return _shared(result) if isinstance(result, pd.DataFrame) else result
        call.clear, call.cache = stored.clear, stored.cache
        return call
    return decorate


def reader_language() -> str:
    """The language of this session's view (the default outside a session or before the view is read)."""
    if get_script_run_ctx(suppress_warning=True) is None:  # a script, the warm-up thread, the command line
        return DEFAULT_LANGUAGE
    try:
        view = st.session_state.get("view")
    except Exception:  # no Streamlit session (e.g. a script using the module)
        view = None
    return getattr(view, "lang", DEFAULT_LANGUAGE)


def records_by(frame: pd.DataFrame, column: str) -> dict[object, list[dict]]:
    """The rows as dicts, grouped by one column's value in order of first appearance: for the few dozen rows of
    a card or a chart this is far faster than a groupby or a boolean mask per group on Arrow-backed frames."""
    groups: dict[object, list[dict]] = {}
    for record in frame.to_dict("records"):
        groups.setdefault(record[column], []).append(record)
    return groups


def in_language(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Territory names as the reader says them: "Provincia di Lodi" is "Province of Lodi" in English."""
    if lang == DEFAULT_LANGUAGE:
        return frame
    for column in NAME_COLUMNS.intersection(frame.columns):
        frame[column] = frame[column].map(lambda name: place_name(name, lang))
    return frame


def indicators() -> pd.DataFrame:
    """The catalogue of data/catalogue/indicators.csv and, after it, the indicators of planners' data."""
    return _shared(_indicators(local_version(), database_token()))


@result_cache.cached(max_entries=16)
def _indicators(local_data_version: int | None, database_number: int) -> pd.DataFrame:
    official = load_indicators()
    local = _query("local_indicators", DEFAULT_LANGUAGE, local_data_version, database_number)
    return pd.concat([official, local[official.columns]], ignore_index=True).set_index("id", drop=False)


def indicator_records() -> dict[str, dict]:
    """Each indicator's catalogue row as a dict, by id (read-only, shared): looked up dozens of times per
    run, where a DataFrame row lookup costs far more than a dict's."""
    return _indicator_records(local_version(), database_token())


@result_cache.cached(max_entries=16)
def _indicator_records(local_data_version: int | None, database_number: int) -> dict[str, dict]:
    frame = _indicators(local_data_version, database_number)
    return dict(zip(frame.index, frame.to_dict("records")))


def indicator_labels(lang: str) -> dict[str, str]:
    """Each indicator's label in one language, by id (shared, read-only): what indicator pickers show."""
    return _indicator_labels(lang, local_version(), database_token())


@result_cache.cached(max_entries=16)
def _indicator_labels(lang: str, local_data_version: int | None, database_number: int) -> dict[str, str]:
    frame = _indicators(local_data_version, database_number)
    return dict(zip(frame.index, frame[f"label_{lang}"]))


def territories() -> pd.DataFrame:
    return _shared(_territories(reader_language(), local_version(), database_token()))


@result_cache.cached(max_entries=16)
def _territories(lang: str, local_data_version: int | None, database_number: int) -> pd.DataFrame:
    return _query("territories", lang, local_data_version, database_number).set_index("code", drop=False)


def territory_codes() -> tuple[str, ...]:
    """Every territory code in territories()' order (shared): the territory pickers' options. A tuple of str,
    because listing an Arrow-backed index boxes each of its 1,600 values again on every run."""
    return _territory_codes(local_version(), database_token())


@result_cache.cached(max_entries=16)
def _territory_codes(local_data_version: int | None, database_number: int) -> tuple[str, ...]:
    return tuple(_territories(DEFAULT_LANGUAGE, local_data_version, database_number)["code"].tolist())


def indicator_ids() -> tuple[str, ...]:
    """Every indicator id in the catalogue's order (shared): the indicator pickers' options."""
    return _indicator_ids(local_version(), database_token())


@result_cache.cached(max_entries=16)
def _indicator_ids(local_data_version: int | None, database_number: int) -> tuple[str, ...]:
    return tuple(_indicators(local_data_version, database_number)["id"].tolist())


def territory_labels(lang: str) -> dict[str, str]:
    """'Lodi · Comune' for every territory code: the options of the territory pickers (shared, read-only)."""
    return _territory_labels(lang, local_version(), database_token())


@result_cache.cached(max_entries=16)
def _territory_labels(lang: str, local_data_version: int | None, database_number: int) -> dict[str, str]:
    frame = _territories(lang, local_data_version, database_number)
    return {code: f"{name} · {level_label(level, lang)}"
            for code, name, level in zip(frame["code"], frame["name"], frame["level"])}


def sources() -> pd.DataFrame:
    return _shared(_sources(local_version(), database_token()))


@result_cache.cached(max_entries=16)
def _sources(local_data_version: int | None, database_number: int) -> pd.DataFrame:
    return _query("sources", DEFAULT_LANGUAGE, local_data_version, database_number).set_index("source_id", drop=False)


def source_records() -> dict[str, pd.Series]:
    """Each source's register row, by id (read-only, shared): one per caption, several captions per page."""
    return _source_records(local_version(), database_token())


@result_cache.cached(max_entries=16)
def _source_records(local_data_version: int | None, database_number: int) -> dict[str, pd.Series]:
    frame = _sources(local_data_version, database_number)
    return {source_id: row for source_id, row in frame.iterrows()}
