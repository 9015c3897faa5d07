"""The /carica page in AppTest: what a visitor sees (templates, login, no uploader), login and its slowing
down, a bad file's problems with their rows, a good file's preview, save, versions and revert, logout; and
upload_view's rules (an account loads only for its ambito, the problem report is safe for Excel).

The page runs on its own (AppTest.from_file("pages/carica.py")): through dashboard.py every AppTest run
starts with navigation.leave_legacy_pages_mode's rerun (AppTest resets Streamlit's pages-folder flag on
each run), which swallows button clicks. The store is a temporary folder (CRUSCOTTO_LOCAL_DIR)."""
import csv
import dataclasses
import hashlib
import io
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from cruscotto import data, database_file
from cruscotto.db import Database
from cruscotto.i18n import t
from cruscotto.local import accounts, upload_gate, upload_view
from cruscotto.local.accounts import Throttle, accounts_from, hash_password
from cruscotto.local.store import LocalStore
from cruscotto.paths import REPO

CREMONA = "ambito-di-cremona"
LODI = "ambito-distrettuale-di-lodi"
PASSWORD = "una-password-di-prova"
ADMIN_PASSWORD = "amministratore-di-prova"
TEMPLATES = REPO / "data" / "templates"
SESSION = "test session id"  # AppTest's session id


@pytest.fixture(scope="module")
def secrets():
    return {"carica": {"accounts": {
        "cremona": {"name": "Ufficio di Piano di Cremona", "ambito": CREMONA, "password_hash": hash_password(PASSWORD)},
        "admin": {"name": "Amministratore", "role": "admin", "password_hash": hash_password(ADMIN_PASSWORD)},
    }}}


class FakeClock:
    def __init__(self):
        self.now = 50.0

    def __call__(self):
        return self.now


@pytest.fixture
def store(tmp_path, monkeypatch):
    """An empty store for this test, the one the page (through data.database()) sees; a fresh throttle."""
    monkeypatch.setenv("CRUSCOTTO_LOCAL_DIR", str(tmp_path / "local"))
    clock = FakeClock()
    monkeypatch.setattr(accounts, "THROTTLE", Throttle(clock=clock))
    database_file.forget()
    st.cache_data.clear()
    yield LocalStore(tmp_path / "local")
    upload_gate.revoke(SESSION)
    database_file.forget()
    st.cache_data.clear()


def open_carica(secrets=None, **params) -> AppTest:
    app = AppTest.from_file(str(REPO / "pages" / "carica.py"), default_timeout=120)
    if secrets:
        app.secrets.update(secrets)
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    assert not app.exception, app.exception
    return app


def log_in(app: AppTest, user: str, password: str) -> AppTest:
    app.text_input(key="carica_login_user").input(user)
    app.text_input(key="carica_login_password").input(password)
    app.button[0].click().run()
    assert not app.exception, app.exception
    return app


def button(app: AppTest, label: str):
    return next(b for b in app.button if b.label == label)


def texts(app: AppTest) -> str:
    parts = [e.value for kind in ("title", "markdown", "caption", "subheader", "info", "success", "warning", "error")
             for e in getattr(app, kind)]
    return "\n".join(str(p) for p in parts)


def upload(app: AppTest, name: str, content: bytes) -> AppTest:
    app.file_uploader[0].set_value((name, content, "text/csv"))
    app.run()
    assert not app.exception, app.exception
    return app


def walk(block) -> list:
    """Every element of a block, in the order the page draws them."""
    found = []
    for child in getattr(block, "children", {}).values():
        found.append(child)
        found += walk(child)
    return found


def data_lines(content: bytes) -> list[list[str]]:
    """The rows of a ;-separated CSV after its header (read here with the csv module, not the app's reader)."""
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    return [row for row in rows[1:] if any(cell.strip() for cell in row)]


# ---------------------------------------------------------------- visitors

def test_visitor_sees_templates_and_login_but_no_uploader(secrets, store):
    app = open_carica(secrets)
    assert len(app.file_uploader) == 0
    downloads = {button.label for button in app.get("download_button")}
    for table in ("ambiti", "servizi", "spesa_aree"):
        assert t("carica_template_blank", "it", file=f"{table}.csv") in downloads
        assert t("carica_template_example", "it", file=f"{table}_esempio.csv") in downloads
    assert [box.label for box in app.text_input] == [t("carica_user", "it"), t("carica_password", "it")]
    assert app.text_input(key="carica_login_password").proto.type == app.text_input(
        key="carica_login_password").proto.PASSWORD
    page = texts(app)
    assert t("carica_label", "it") in page  # the data are named as the planners', apart from official data


def test_without_accounts_the_page_says_how_to_configure_them(store):
    for secrets in (None, {"altro": {"x": 1}}, {"carica": {"accounts": {"x": {"ambito": CREMONA,
                                                                             "password": "in chiaro"}}}}):
        app = open_carica(secrets)
        assert t("carica_no_accounts", "it") in [info.value for info in app.info]
        assert len(app.text_input) == 0 and len(app.file_uploader) == 0


def test_english_page(secrets, store):
    app = open_carica(secrets, lingua="en")
    assert app.title[0].value == t("carica_title", "en")
    assert [box.label for box in app.text_input] == ["User name", "Password"]
    assert app.button[0].label == "Log in"


# ---------------------------------------------------------------- login

def test_wrong_user_or_password_get_the_same_answer_and_no_uploader(secrets, store):
    answers = []
    for user, password in (("cremona", "sbagliata"), ("nessuno", PASSWORD)):
        app = log_in(open_carica(secrets), user, password)
        assert len(app.file_uploader) == 0
        answers.append([error.value for error in app.error])
    assert answers[0] == answers[1] == [t("carica_login_failed", "it")]
    assert [event["action"] for event in store.audit_events()] == ["login_failed", "login_failed"]


def test_five_failures_slow_down_the_next_try_even_with_the_right_password(secrets, store):
    app = open_carica(secrets)
    for attempt in range(5):
        log_in(app, "cremona", f"sbagliata-{attempt}")
    log_in(app, "cremona", PASSWORD)
    # the brief's rule: after 5 failures, 2^(5-5) × 5 s = 5 s (the clock has not moved)
    assert [error.value for error in app.error] == ["Troppi tentativi non riusciti: riprova tra 5 secondi."]
    assert len(app.file_uploader) == 0
    accounts.THROTTLE.clock.now += 5
    log_in(app, "cremona", PASSWORD)
    assert len(app.file_uploader) == 1
    actions = [event["action"] for event in store.audit_events()]
    assert actions == ["login_failed"] * 5 + ["login_throttled", "login_ok"]


def test_login_gives_the_uploader_for_the_account_ambito(secrets, store):
    app = log_in(open_carica(secrets), "Cremona", PASSWORD)
    assert len(app.file_uploader) == 1
    assert app.file_uploader[0].allowed_type == [".csv", ".xlsx"]
    assert all(box.key != "carica_ambito" for box in app.selectbox)  # no choice of ambito
    name = data.territories().loc[CREMONA, "name"]
    assert f"**{name}**" in texts(app)
    assert upload_gate.is_granted(SESSION)


def test_logout_removes_the_uploader_and_closes_the_gate(secrets, store):
    app = log_in(open_carica(secrets), "cremona", PASSWORD)
    assert upload_gate.is_granted(SESSION)
    button(app, t("carica_logout", "it")).click().run()
    assert len(app.file_uploader) == 0 and len(app.text_input) == 2
    assert not upload_gate.is_granted(SESSION)
    assert [event["action"] for event in store.audit_events()] == ["login_ok", "logout"]


# ---------------------------------------------------------------- checking and saving

def test_a_bad_file_lists_every_problem_with_its_row_and_stores_nothing(secrets, store):
    lines = ["anno;codice_territorio;servizio;utenti;posti;spesa_euro;compartecipazione_euro",
             "2023;019036;asilo_nido;-5;40;1000;",            # line 2: negative users
             "2023;019036;servizio_che_non_esiste;10;;100;",   # line 3: unknown service
             "2023;015146;sad;10;;100;",                       # line 4: Milano is not in the ambito of Cremona
             "2023;019036;sad;dieci;;100;"]                    # line 5: not a number
    content = ("\n".join(lines) + "\n").encode("utf-8")
    app = upload(log_in(open_carica(secrets), "cremona", PASSWORD), "servizi_errati.csv", content)
    assert any(error.value.startswith("Il file contiene") for error in app.error)
    problems = app.table[0].value  # a table: long messages wrap, every row shows
    row, column = t("upload_report_row", "it"), t("upload_report_column", "it")
    found = set(zip(problems[row].astype(int), problems[column]))
    assert {(2, "utenti"), (3, "servizio"), (4, "codice_territorio"), (5, "utenti")} <= found
    assert all(b.label != t("carica_save", "it") for b in app.button)  # nothing to save
    assert store.current_version() is None and not (store.root / "versions").exists()
    refused = store.audit_events()[-1]
    assert refused["action"] == "load_refused"
    assert refused["rows"] == len(data_lines(content)) == 4  # the data rows read, not the good ones
    assert t("carica_error_report", "it") in {b.label for b in app.get("download_button")}


def test_the_example_shows_a_preview_then_saves_a_version(secrets, store):
    content = (TEMPLATES / "servizi_esempio.csv").read_bytes()
    expected_rows = len(data_lines(content))
    app = upload(log_in(open_carica(secrets), "cremona", PASSWORD), "servizi_esempio.csv", content)
    assert not app.error
    counts = app.dataframe[0].value
    assert counts.iloc[0].tolist()[1:] == [expected_rows, 0, 0, 0]  # all new, nothing changed or removed
    assert store.current_version() is None  # the check alone stores nothing
    button(app, t("carica_save", "it")).click().run()
    assert not app.exception, app.exception
    assert store.current_version() == 1
    saved = " ".join(success.value for success in app.success)
    assert "versione 1" in saved and hashlib.sha256(content).hexdigest() in saved and "cremona" in saved
    assert len(store.snapshot()["services"]) == expected_rows
    assert set(store.snapshot()["services"]["ambito_code"]) == {CREMONA}
    versions = app.dataframe[-1].value
    assert versions[t("carica_col_version", "it")].tolist() == [1]
    assert versions[t("carica_col_rows", "it")].tolist() == [expected_rows]
    assert app.file_uploader[0].value is None  # a fresh uploader for the next file


def test_a_second_file_shows_what_changes_and_revert_needs_confirmation(secrets, store):
    first = (TEMPLATES / "servizi_esempio.csv").read_bytes()
    text = first.decode("utf-8-sig")
    second = text.replace("2023;019036;sad;250;", "2023;019036;sad;260;").encode("utf-8")
    assert second != first
    app = log_in(open_carica(secrets), "cremona", PASSWORD)
    upload(app, "servizi_esempio.csv", first)
    button(app, t("carica_save", "it")).click().run()
    upload(app, "servizi_2.csv", second)
    counts = app.dataframe[0].value
    assert counts.iloc[0].tolist()[1:] == [0, 1, len(data_lines(first)) - 1, 0]  # one row changed
    changes = app.dataframe[1].value
    assert changes[t("load_preview_before", "it")].tolist() == ["250"]
    assert changes[t("load_preview_after", "it")].tolist() == ["260"]
    assert changes[t("load_col_territory", "it")].tolist() == ["019036"]
    assert changes[t("load_col_territory_name", "it")].tolist() == ["Cremona"]  # the comune's name beside its code
    button(app, t("carica_save", "it")).click().run()
    assert store.current_version() == 2

    # versions and the revert picker: Italian local time, file and who, not a bare number
    stored = store.versions().set_index("version")
    italian = {version: at.to_pydatetime().astimezone(ZoneInfo("Europe/Rome")).strftime("%d/%m/%Y %H:%M")
               for version, at in stored["loaded_at"].items()}
    table = app.dataframe[-1].value
    assert table[t("carica_col_when", "it")].tolist() == [italian[2], italian[1]]
    assert "ora italiana" in t("carica_col_when", "it")
    picker = app.selectbox(key="carica_revert_version")
    assert picker.options == [f"versione 1 — {italian[1]} (ora italiana) — servizi_esempio.csv — cremona"]
    revert = button(app, t("carica_revert_button", "it"))
    assert revert.disabled  # not before the confirmation
    app.selectbox(key="carica_revert_version").select(1)
    app.checkbox(key="carica_revert_confirm").check().run()
    button(app, t("carica_revert_button", "it")).click().run()
    assert not app.exception, app.exception
    assert store.current_version() == 3
    services = store.snapshot()["services"]
    assert services.loc[(services["territory_code"] == "019036") & (services["service"] == "sad"), "users"].tolist() == [250]
    uploads = store.versions().set_index("version")
    assert uploads.loc[3, "action"] == "revert" and uploads.loc[3, "reverted_to"] == 1


def test_after_login_the_uploader_comes_before_the_templates(secrets, store):
    # visitors: the login form, then the templates (the uploader takes the form's place: no scrolling after login)
    visitor = [getattr(element, "type", "") for element in walk(open_carica(secrets).main)]
    assert visitor.index("text_input") < visitor.index("download_button")
    app = log_in(open_carica(secrets), "cremona", PASSWORD)
    kinds = [getattr(element, "type", "") for element in walk(app.main)]
    assert kinds.index("file_uploader") < kinds.index("download_button")
    assert t("carica_intro", "it") not in texts(app)  # the planner knows what the page is for


def test_before_its_first_load_an_ambito_is_named_by_its_account(store):
    melzo = "ambito-di-melzo"
    assert melzo not in set(data.territories()["code"])  # no official membership, nothing loaded yet
    secrets = {"carica": {"accounts": {"melzo": {"name": "Ufficio di Piano di Melzo", "ambito": melzo,
                                                 "password_hash": hash_password(PASSWORD)}}}}
    app = log_in(open_carica(secrets), "melzo", PASSWORD)
    assert "**Ufficio di Piano di Melzo**" in texts(app)
    assert t("carica_versions_title", "it", ambito="Ufficio di Piano di Melzo") in [h.value for h in app.subheader]
    assert melzo not in texts(app)


def test_one_second_to_wait_is_said_in_the_singular(secrets, store):
    app = open_carica(secrets)
    for attempt in range(5):
        log_in(app, "cremona", f"sbagliata-{attempt}")
    accounts.THROTTLE.clock.now += 4.5  # half a second left of the five
    log_in(app, "cremona", PASSWORD)
    assert [error.value for error in app.error] == ["Troppi tentativi non riusciti: riprova tra 1 secondo."]


def test_more_problems_than_the_page_lists_point_to_the_report(secrets, store):
    lines = ["anno;codice_territorio;servizio;utenti;posti;spesa_euro;compartecipazione_euro"]
    lines += [f"{year};{comune};sad;-1;;;" for year in range(2003, 2027) for comune in ("019036", "019113", "019050")]
    content = ("\n".join(lines) + "\n").encode("utf-8")
    assert len(data_lines(content)) == 72  # 72 negative users: 72 errors
    app = upload(log_in(open_carica(secrets), "cremona", PASSWORD), "servizi.csv", content)
    assert len(app.table[0].value) == upload_view.PROBLEMS_SHOWN == 50
    assert any("altri 22" in caption.value for caption in app.caption)
    report = next(b for b in app.get("download_button") if b.label == t("carica_error_report", "it"))
    assert report is not None
    assert "Il file contiene 72 errori" in app.error[0].value


def test_what_a_planner_typed_is_never_drawn_as_markdown(secrets, store):
    """st.table draws its cells as Markdown: a typed link must show as text, in the value and in the message."""
    content = ("anno;codice_territorio;servizio;utenti;posti;spesa_euro;compartecipazione_euro\n"
               "2023;019036;[clicca](http://example.org);1;;;\n").encode("utf-8")
    app = upload(log_in(open_carica(secrets), "cremona", PASSWORD), "servizi.csv", content)
    table = app.table[0].value
    cells = [str(cell) for column in table.columns for cell in table[column]]
    assert not [cell for cell in cells if "](" in cell]  # no link syntax left anywhere
    assert "\\[clicca\\]" in table[t("upload_report_value", "it")].iloc[0]
    report = upload_view.problems_csv(upload_view.check_upload(content, "servizi.csv", CREMONA,
                                                               accounts_from(secrets["carica"])[0]["cremona"],
                                                               data.database(), store).problems, "it")
    assert "[clicca](http://example.org)" in report.decode("utf-8-sig")  # the report keeps it as typed


def test_visitors_read_no_repository_path_and_the_instructions_start_with_the_task(secrets, store):
    for lang, automation in (("it", "## Per l'automazione"), ("en", "## For automation")):
        app = open_carica(secrets, lingua=lang)
        doc = upload_view.template_doc(lang)
        shown = [text for text in texts(app).split("\n") if text.strip()]
        assert doc.strip().splitlines()[2].strip() in texts(app)  # the instructions are on the page
        page = "\n".join(line for line in shown if line not in doc)
        for path in ("data/", "LEGGIMI.md", "README.md", "python -m", "secrets.toml"):
            assert path not in page, (lang, path)
        body, _, tail = doc.partition(automation)
        assert tail and "python -m cruscotto load" in tail  # only as a line for automation, at the end
        assert "python -m" not in body and "data/" not in body, lang
        assert not doc.split("\n", 2)[2].lstrip().startswith(("Questa cartella", "This folder"))
    for lang in ("it", "en"):
        assert "python -m" not in t("carica_no_accounts", lang) and ".toml" not in t("carica_no_accounts", lang)


def test_the_example_note_agrees_with_the_examples(secrets, store):
    app = open_carica(secrets)
    note = t("carica_example_note", "it")
    assert note in [caption.value for caption in app.caption]
    comuni = len(data_lines((TEMPLATES / "ambiti_esempio.csv").read_bytes()))
    assert f"{comuni} comuni" in note and "illustrativ" in note
    doc = upload_view.template_doc("it")
    assert f"{comuni} comuni" in doc and "illustrativ" in doc
    assert "nessun ambito reale" not in note  # the membership and the spending by area are real


def test_admin_picks_the_ambito_and_the_file_is_checked_for_it(secrets, store):
    app = log_in(open_carica(secrets), "admin", ADMIN_PASSWORD)
    picker = app.selectbox(key="carica_ambito")
    ambiti = set(data.territories().query("level == 'ambito'")["code"])
    assert set(picker.options) <= {data.territories().loc[code, "name"] for code in ambiti} | ambiti
    picker.select(LODI).run()
    upload(app, "servizi_esempio.csv", (TEMPLATES / "servizi_esempio.csv").read_bytes())
    # the example is Cremona's: loaded for Lodi, its comuni are outside the ambito
    problems = app.table[0].value
    assert "codice_territorio" in set(problems[t("upload_report_column", "it")])
    assert store.current_version() is None


# ---------------------------------------------------------------- upload_view's rules

@pytest.fixture(scope="module")
def configured(secrets):
    return accounts_from(secrets["carica"])[0]


@pytest.fixture(scope="module")
def official():
    """The official database the dashboard reads (without planners' data)."""
    database = Database()
    yield database
    database.close()


def test_an_account_cannot_check_save_or_revert_for_another_ambito(configured, store, official):
    cremona = configured["cremona"]
    content = (TEMPLATES / "servizi_esempio.csv").read_bytes()
    with pytest.raises(upload_view.NotAllowed):
        upload_view.check_upload(content, "servizi_esempio.csv", LODI, cremona, official, store)
    checked = upload_view.check_upload(content, "servizi_esempio.csv", CREMONA, configured["admin"], official, store)
    assert checked.ok
    with pytest.raises(upload_view.NotAllowed):
        upload_view.save_upload(dataclasses.replace(checked, ambito_code=LODI), cremona, store)
    assert upload_view.save_upload(checked, cremona, store) == 1
    with pytest.raises(upload_view.NotAllowed):
        upload_view.revert(1, cremona, LODI, store)
    assert store.current_version() == 1


def test_problem_report_is_safe_for_excel(configured, store, official):
    content = ("anno;codice_territorio;servizio;utenti;posti;spesa_euro;compartecipazione_euro\n"
               "2023;019036;sad;10;;100;\n"
               "2023;019036;=HYPERLINK(\"http://example.org\");10;;100;\n").encode("utf-8")
    checked = upload_view.check_upload(content, "servizi.csv", CREMONA, configured["cremona"], official, store)
    assert checked.errors
    report = upload_view.problems_csv(checked.problems, "it").decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(report), delimiter=";") for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    assert any(cell.startswith("'=HYPERLINK") for cell in cells)


def test_versions_table_shows_only_the_ambito_and_marks_the_one_in_force(store):
    tables = {"services": pd.DataFrame({"year": [2023], "territory_code": ["019036"], "service": ["sad"],
                                        "users": [1.0], "places": [None], "spending_eur": [1.0],
                                        "copayment_eur": [None]})}
    store.save(CREMONA, tables, "cremona", "a.csv", "a" * 64)
    store.save(LODI, {"services": tables["services"].assign(territory_code="098031")}, "admin", "b.csv", "b" * 64)
    store.save(CREMONA, tables, "cremona", "c.csv", "c" * 64)
    own = upload_view.ambito_versions(store, CREMONA)
    assert own["version"].tolist() == [3, 1] and own["in_force"].tolist() == [True, False]
    assert upload_view.revert_choices(own) == [1]
    table = upload_view.versions_table(own, "en")
    assert table["File"].tolist() == ["c.csv", "a.csv"] and table["SHA-256"].tolist() == ["c" * 12 + "…", "a" * 12 + "…"]
