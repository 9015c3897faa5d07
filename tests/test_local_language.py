"""One language at a time with planners' data: the pages that show local figures, the documentation of the
templates, the strings of planners' data, and what a checked file produces (problems, notices, preview, versions),
in Italian and in English, show no tell-tale word of the other language (tests/language_words.py).

The pages run with a store of this module's own holding the three example files of data/templates/ loaded for the
Ambito di Cremona (the example is illustrative, see data/templates/README.md), seen by a fresh data layer.
Names to type as they are — the template's (Italian) headers, sheet and file names, catalogue and territory codes —
are code spans in running text; in table cells the columns that hold them are checked to hold only such names."""
import re
import string

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from cruscotto import database_file, pages_registry, result_cache
from cruscotto.db import Database
from cruscotto.i18n import t
from cruscotto.local import (
    accounts,
    catalogue,
    load,
    strings_access,
    strings_upload,
    strings_views,
    upload_gate,
    upload_view,
)
from cruscotto.local.accounts import Throttle, hash_password
from cruscotto.local.read import MAX_UPLOAD_BYTES, TABLES, UploadRefused, read_upload
from cruscotto.local.validate import problems_frame
from cruscotto.paths import REPO
from tests.apptest_helpers import run_page
from tests.language_words import other_language_words, proper_names
from tests.local_store_helpers import fresh_local_store
from tests.test_language import _element_texts, _walk, page_texts
from tests.test_local_validate import AMBITI, SERVIZI, SPESA, check

TEMPLATES = REPO / "data" / "templates"
AMBITO = "ambito-di-cremona"
EXAMPLES = ["ambiti_esempio.csv", "servizi_esempio.csv", "spesa_aree_esempio.csv"]
LANGS = ("it", "en")
OTHER = {"it": "en", "en": "it"}
# pages that draw one indicator: run on local indicators of three kinds (a coverage with its target-year note,
# a spending area's share, a co-payment share); the others show local figures by themselves. SAD is loaded by
# 2 comuni of the ambito's 47 (a figure for them, none for the ambito); CDD by the ambito at its own code
INDICATOR_PAGES = [page.file for page in pages_registry.PAGES if page.per_territory and "indicator" in page.params]
LOCAL_INDICATORS = ["local_coverage_sad", "local_coverage_cdd", "local_area_share_anziani", "local_copay_share_cdd"]
OTHER_PAGES = [page for page in pages_registry.files(login=False) if page not in INDICATOR_PAGES]


def _column(path, name: str) -> list[str]:
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    header = lines[0].split(";")
    return [line.split(";")[header.index(name)] for line in lines[1:] if line.strip()]


def member_comune() -> str:
    """The comune of the example's ambiti sheet that its services sheet has the most rows for."""
    members = set(_column(TEMPLATES / "ambiti_esempio.csv", "codice_comune"))
    rows = [code for code in _column(TEMPLATES / "servizi_esempio.csv", "codice_territorio") if code in members]
    assert rows, "the example's services sheet names no member comune"
    return max(set(rows), key=rows.count)


def leaks(texts, lang: str, names) -> dict[str, list[str]]:
    found = {}
    for text in texts:
        words = other_language_words(text, lang, names)
        if words:
            found[text[:200]] = sorted(words)
    return found


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """A store of its own holding the example for the Ambito di Cremona, seen by a fresh data layer."""
    with fresh_local_store(tmp_path_factory.mktemp("local_language") / "local") as local:
        load.load_files([TEMPLATES / name for name in EXAMPLES], AMBITO, "test", local)
        yield local


@pytest.fixture(scope="module")
def local_ids(store) -> tuple[str, ...]:
    """The ids of the local indicators and of their sources."""
    database = Database(local_store=store)
    try:
        indicators, sources = database.run("indicators")["id"], database.run("sources")["source_id"]
    finally:
        database.close()
    return tuple(indicators[indicators.str.startswith("local_")]) + tuple(sources[sources.str.startswith("local:")])


@pytest.fixture(scope="module")
def names(local_ids):
    """Proper names, and the ids of local indicators and sources: codes the public cites, as the official ids
    are (tests/language_words.proper_names)."""
    return proper_names() + local_ids


# -- the pages ---------------------------------------------------------------------------------------------

def _page_case(page, territory, lang, indicator, names):
    territory = member_comune() if territory == "member" else territory
    params = {"territorio": territory, "lingua": lang} | ({"indicatore": indicator} if indicator else {})
    app = run_page(page, **params)
    texts = page_texts(app)
    assert not leaks(texts, lang, names), f"{page} {params}: {leaks(texts, lang, names)}"
    return texts


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("territory", [AMBITO, "member"])
@pytest.mark.parametrize("indicator", LOCAL_INDICATORS)
@pytest.mark.parametrize("page", INDICATOR_PAGES)
def test_pages_drawing_a_local_indicator_speak_one_language(local_ids, names, page, indicator, territory, lang):
    assert indicator in local_ids
    texts = _page_case(page, territory, lang, indicator, names)
    label = "(local data)" if lang == "en" else "(dati locali)"
    assert any(label in text for text in texts), "the local indicator is not on the page"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("territory", [AMBITO, "member"])
@pytest.mark.parametrize("page", OTHER_PAGES)
def test_pages_showing_local_data_speak_one_language(store, names, page, territory, lang):
    texts = _page_case(page, territory, lang, None, names)
    assert any("Ufficio di Piano" in text for text in texts)


# -- /carica: the documentation of the templates -----------------------------------------------------------

CONTRACT_HEADERS = [column for columns in TABLES.values() for column in columns]


@pytest.mark.parametrize("lang", LANGS)
def test_template_documentation_in_the_readers_language(lang, names):
    doc = upload_view.template_doc(lang)
    assert doc is not None
    assert leaks(doc.split("\n\n"), lang, names) == {}
    other = upload_view.template_doc(OTHER[lang])
    assert doc != other
    for header in CONTRACT_HEADERS:
        assert f"`{header}`" in doc, header
    for code in list(catalogue.services()["code"]) + list(catalogue.areas()["code"]):
        assert f"`{code}`" in doc, code
    for table in TABLES:
        assert f"`{table}.csv`" in doc and f"`{table}_esempio.csv`" in doc


def test_english_documentation_names_the_catalogue_in_english():
    doc = upload_view.template_doc("en")
    for frame in (catalogue.services(), catalogue.areas()):
        for label in frame["label_en"]:
            assert label in doc, label
    assert "illustrative" in doc and "never loaded" in doc


def test_no_documentation_in_a_language_the_folder_lacks(tmp_path):
    (tmp_path / "LEGGIMI.md").write_text("# Modelli\n", encoding="utf-8")
    assert upload_view.template_doc("it", tmp_path) == "# Modelli\n"
    assert upload_view.template_doc("en", tmp_path) is None  # never the Italian one in its place


# -- strings of planners' data ----------------------------------------------------------------------------

class _Any(dict):
    """Placeholder values for any string: a neutral token, so only the string's own words are scanned."""

    def __missing__(self, key):
        return "0"


@pytest.mark.parametrize("module", [strings_access, strings_upload, strings_views], ids=lambda m: m.__name__)
def test_every_string_of_planners_data_speaks_one_language(module, names):
    found = {}
    for key, entry in module.STRINGS.items():
        assert set(entry) == set(LANGS) and all(entry.values()), key
        for lang in LANGS:
            words = other_language_words(string.Formatter().vformat(entry[lang], (), _Any()), lang, names)
            if words:
                found[f"{key}[{lang}]"] = sorted(words)
    assert found == {}


# -- a checked file: refusals, problems, notices, preview, versions ----------------------------------------

def test_a_refusal_writes_sizes_as_each_language_does():
    with pytest.raises(UploadRefused) as refused:
        read_upload(b"x" * (MAX_UPLOAD_BYTES + 1), "servizi.csv")
    italian, english = refused.value.message("it"), refused.value.message("en")
    assert re.search(r"\d,\d MB", italian) and not re.search(r"\d\.\d MB", italian)
    assert re.search(r"\d\.\d MB", english) and not re.search(r"\d,\d MB", english)


def _problem_texts(problems, lang: str) -> list[str]:
    """What a planner reads of each problem in `lang`: the message (without the value as typed, which is the
    planner's, in whatever language), the rule and the severity."""
    texts = []
    for problem in problems:
        message = problem.message(lang)
        texts.append(message.replace(problem.value, " ") if problem.value else message)
        texts.append(problem.rule_label(lang))
    return texts


IDENTIFIER = re.compile(r"[\w.\- ]*")  # a sheet or file name, a template header, a code, a number


@pytest.mark.parametrize("lang", LANGS)
def test_problems_of_a_bad_file_speak_one_language(lang, names):
    validation = [check({"servizi.csv": SERVIZI}), check({"ambiti.csv": AMBITI}), check({"spesa_aree.csv": SPESA}),
                  check({"servizi.csv": "anno;servizio\n2023;sad\n"})]
    problems = [problem for item in validation for problem in item.problems]
    notices = [notice for item in validation for notice in item.notices]
    assert problems and notices
    texts = _problem_texts(problems, lang) + [notice.message(lang) for notice in notices]
    frame = problems_frame(problems, lang)
    texts += list(frame.columns) + list(frame.iloc[:, 6])  # headers, severity
    assert leaks(texts, lang, names) == {}
    # the columns of the report that hold names to type as they are hold nothing else
    for column in (0, 2):
        assert all(IDENTIFIER.fullmatch(str(value)) for value in frame.iloc[:, column]), frame.iloc[:, column]


@pytest.mark.parametrize("lang", LANGS)
def test_catalogue_names_in_messages_are_the_readers(lang):
    services = check({"servizi.csv": SERVIZI}).problems
    suggestion = next(p for p in services if p.rule == "unknown_service" and p.detail.get("suggestion_code"))
    label = f"label_{lang}"
    named = catalogue.services().set_index("code").at[suggestion.detail["suggestion_code"], label]
    assert named in suggestion.message(lang)
    area = next(p for p in check({"spesa_aree.csv": SPESA}).problems if p.rule == "unknown_area")
    for name in catalogue.areas()[label]:
        assert name in area.message(lang)
    for name in catalogue.areas()[f"label_{OTHER[lang]}"]:
        assert name not in area.message(lang)


@pytest.mark.parametrize("lang", LANGS)
def test_preview_and_versions_speak_one_language(store, names, lang):
    """A second load of the example (services changed) against the store: counts, changes, versions."""
    lines = (TEMPLATES / "servizi_esempio.csv").read_text(encoding="utf-8-sig").splitlines()
    header, first, *rest = lines
    cells = first.split(";")
    cells[3] = str(int(cells[3]) + 1)  # one more user in the first row
    content = "\n".join([header, ";".join(cells)] + rest[1:]).encode("utf-8")  # and the second row gone
    database = Database(local_store=store)
    try:
        checked = load.check(content, "servizi_2023.csv", AMBITO, database, store)
    finally:
        database.close()
    assert checked.ok and checked.preview.changes_total >= 2
    counts, changes = load.counts_table(checked.preview, lang), load.changes_table(checked.preview, lang)
    versions = upload_view.versions_table(upload_view.ambito_versions(store, AMBITO), lang)
    all_versions = load.versions_table(store.versions(), lang)
    texts = [*counts.columns, *changes.columns, *versions.columns, *all_versions.columns]
    texts += list(changes.iloc[:, 1]) + list(versions.iloc[:, 3]) + list(versions.iloc[:, 7])  # kind, action, current
    texts += list(all_versions.iloc[:, 4]) + [notice.message(lang) for notice in checked.notices]
    assert leaks(texts, lang, names) == {}
    # sheet, territory, item and column cells are the template's names and the catalogue's codes
    codes = set(catalogue.services()["code"]) | set(catalogue.areas()["code"]) | {AMBITO}
    assert set(counts.iloc[:, 0]) | set(changes.iloc[:, 0]) <= set(TABLES)
    assert set(changes.iloc[:, 4]) <= codes
    assert set(changes.iloc[:, 5]) <= set(CONTRACT_HEADERS) | {""}


# -- /carica after login: a bad file, a good one, its preview, the save and the versions -----------------------

PASSWORD = "una-password-di-prova"
ACCOUNT_NAME = "Ufficio di Piano di Cremona"  # configured by whoever runs the server: shown as it is


# the columns of /carica's tables whose cells are what the planner wrote or names to type as they are
VERBATIM_COLUMNS = ("upload_report_sheet", "upload_report_row", "upload_report_column", "upload_report_value",
                    "load_col_sheet", "load_col_year", "load_col_territory", "load_col_item", "load_col_column",
                    "load_preview_before", "load_preview_after", "carica_col_user", "carica_col_file",
                    "carica_col_hash", "carica_col_when")


def _carica_texts(app, lang: str) -> tuple[list[str], set[str]]:
    """page_texts, with the cells of VERBATIM_COLUMNS left out (their headers are kept); and the values as typed
    that have words in them (the messages quote them)."""
    verbatim = {t(key, lang) for key in VERBATIM_COLUMNS}
    value = t("upload_report_value", lang)
    texts, typed = [], set()
    for element in _walk(app.main) + _walk(app.sidebar):
        if type(element).__name__ not in ("Dataframe", "Table"):  # the problems are a st.table
            texts += _element_texts(element)
            continue
        frame = element.value
        texts += [str(column) for column in frame.columns]
        if value in frame.columns:
            typed |= {cell for cell in frame[value].astype(str) if re.search(r"[^\W\d_]{3}", cell)}
        for column in frame.columns:
            cells = frame[column]
            if column not in verbatim and (cells.dtype == object or pd.api.types.is_string_dtype(cells)):
                texts += [str(cell) for cell in cells.dropna()]
    return [text for text in texts if isinstance(text, str) and text.strip()], typed


@pytest.fixture
def carica(tmp_path, monkeypatch):
    """/carica on its own (as tests/test_carica_page.py runs it) with an account for Cremona and an empty store
    of this test's own; the module's store is seen again afterwards."""
    monkeypatch.setenv("CRUSCOTTO_LOCAL_DIR", str(tmp_path / "local"))
    monkeypatch.setattr(accounts, "THROTTLE", Throttle())
    database_file.forget()
    st.cache_data.clear()
    secrets = {"carica": {"accounts": {"cremona": {"name": ACCOUNT_NAME, "ambito": AMBITO,
                                                   "password_hash": hash_password(PASSWORD)}}}}

    def open_page(lang: str) -> AppTest:
        app = AppTest.from_file(str(REPO / "pages" / "carica.py"), default_timeout=120)
        app.secrets.update(secrets)
        app.query_params["lingua"] = lang
        app.run()
        app.text_input(key="carica_login_user").input("cremona")
        app.text_input(key="carica_login_password").input(PASSWORD)
        app.button[0].click().run()
        assert not app.exception and len(app.file_uploader) == 1, app.exception
        return app

    yield open_page
    upload_gate.revoke("test session id")
    database_file.forget()
    st.cache_data.clear()
    st.cache_resource.clear()
    result_cache.clear_all()


@pytest.mark.parametrize("lang", LANGS)
def test_carica_after_login_speaks_one_language(carica, names, lang):
    app = carica(lang)
    bad = SERVIZI.split("\n", 1)[1].encode("utf-8")  # the bad services file, without its title row
    app.file_uploader[0].set_value(("servizi.csv", bad, "text/csv"))
    app.run()
    assert not app.exception and app.error and len(app.table[0].value) > 5, app.exception
    seen = {"bad file": _carica_texts(app, lang)}
    example = (TEMPLATES / "servizi_esempio.csv").read_bytes()
    app.file_uploader[0].set_value(("servizi_esempio.csv", example, "text/csv"))
    app.run()
    assert not app.exception and not app.error and app.success, app.exception
    seen["preview"] = _carica_texts(app, lang)
    next(b for b in app.button if b.key == "carica_save").click().run()
    assert not app.exception and app.success and app.dataframe, app.exception
    seen["saved"] = _carica_texts(app, lang)
    for step, (texts, typed) in seen.items():
        assert leaks(texts, lang, names + (ACCOUNT_NAME, *typed)) == {}, step
