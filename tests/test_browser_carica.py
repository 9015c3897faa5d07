"""/carica in a real browser (Debian chromium + Playwright), on a server started as the README's run command
starts it, with a temporary secrets file and store: a visitor sees no upload control on any page and Streamlit's
upload endpoint refuses the visitor's own session (cookie and XSRF header included), while the same request is
accepted once that session has logged in; a planner logs in, loads a file with errors (listed), then the example
(preview, save, version listed). Screenshots in tests/artifacts/carica_*.png."""
import re

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from cruscotto import pages_registry
from cruscotto.i18n import t
from cruscotto.local.accounts import hash_password
from cruscotto.paths import REPO
from tests.browser_support import screenshot, streamlit_server

pytestmark = pytest.mark.browser
IDLE = "!document.querySelector('[data-testid=\"stStatusWidget\"]')"
PASSWORD = "password-del-browser-1"
PAGES = pages_registry.slugs()
UPLOADER = "[data-testid='stFileUploader'], input[type='file']"

# A visitor's browser sending what Streamlit's own uploader sends: multipart body, XSRF cookie copied into the
# X-Xsrftoken header (the cookie is readable by design: double-submit pattern).
PUT_FILE = """async (url) => {
    const cookie = document.cookie.split('; ').find(c => c.startsWith('_streamlit_xsrf='));
    const token = cookie ? cookie.slice('_streamlit_xsrf='.length) : '';
    const form = new FormData();
    form.append('file', new Blob(['anno;codice_territorio\\n2023;019036\\n'], {type: 'text/csv'}), 'x.csv');
    const response = await fetch(url, {method: 'PUT', body: form, headers: {'X-Xsrftoken': token},
                                       credentials: 'same-origin'});
    return {status: response.status, token: token.length > 0};
}"""


@pytest.fixture(scope="module")
def carica_server(tmp_path_factory):
    """The dashboard with one account (Cremona) in a temporary secrets file and an empty temporary store."""
    folder = tmp_path_factory.mktemp("carica")
    secrets = folder / "secrets.toml"
    secrets.write_text('[carica.accounts.cremona]\nname = "Ufficio di Piano di Cremona"\n'
                       f'ambito = "ambito-di-cremona"\npassword_hash = "{hash_password(PASSWORD)}"\n', encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CRUSCOTTO_LOCAL_DIR", str(folder / "local"))
        with streamlit_server(("-m", "cruscotto", "serve", "--secrets.files", str(secrets))) as url:
            yield url


def open_watched(browser, url: str):
    """Open a page, keeping the Streamlit session id the server sends (NewSession) and any page error."""
    page = browser.new_page(viewport={"width": 1400, "height": 2000}, bypass_csp=True)
    seen = {"errors": []}

    def watch(socket):
        def frame(payload):
            if isinstance(payload, (bytes, bytearray)):
                message = ForwardMsg()
                try:
                    message.ParseFromString(bytes(payload))
                except Exception:  # not every frame need be a whole ForwardMsg
                    return
                if message.HasField("new_session"):
                    seen["session"] = message.new_session.initialize.session_id
        socket.on("framereceived", frame)

    page.on("websocket", watch)
    page.on("pageerror", lambda error: seen["errors"].append(str(error)))
    page.goto(url)
    page.wait_for_selector("[data-testid='stMainBlockContainer'] h1", timeout=60_000)
    page.wait_for_function(IDLE, timeout=60_000)
    assert page.locator("[data-testid='stException']").count() == 0, page.locator("[data-testid='stException']").first.inner_text()
    return page, seen


def settle(page) -> None:
    page.wait_for_timeout(400)
    page.wait_for_function(IDLE, timeout=60_000)


def put_file(page, server: str, session: str) -> dict:
    return page.evaluate(PUT_FILE, f"{server}/_stcore/upload_file/{session}/carica-test-file")


def log_in(page, user: str, password: str) -> None:
    page.get_by_label(t("carica_user", "it")).fill(user)
    page.get_by_label(t("carica_password", "it"), exact=True).fill(password)
    page.get_by_role("button", name=t("carica_login_button", "it")).click()
    settle(page)


def upload(page, path) -> None:
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(path))
    settle(page)


def test_a_visitor_sees_no_upload_control_on_any_page(carica_server, browser):
    for name in PAGES:
        page, seen = open_watched(browser, f"{carica_server}/{name}")
        assert page.locator(UPLOADER).count() == 0, name
        if name == "carica":
            example = t("carica_template_example", "it", file="servizi_esempio.csv").replace("`", "")  # drawn as code
            page.get_by_role("button", name=example).wait_for(timeout=30_000)
            assert page.get_by_label(t("carica_user", "it")).count() == 1
            assert page.locator(UPLOADER).count() == 0
            screenshot(page, "carica_visitor")
        assert not seen["errors"], (name, seen["errors"])
        page.close()


def test_the_upload_endpoint_refuses_a_visitor_and_accepts_after_login(carica_server, browser):
    page, seen = open_watched(browser, f"{carica_server}/carica")
    session = seen.get("session")
    assert session, "no session id seen on the websocket"
    refused = put_file(page, carica_server, session)
    assert refused == {"status": 403, "token": True}  # the visitor's own session, with its XSRF token
    # without the XSRF header Streamlit itself refuses; with an unknown session too
    assert page.evaluate("""async (url) => (await fetch(url, {method: 'PUT', body: new FormData()})).status""",
                         f"{carica_server}/_stcore/upload_file/{session}/x") == 403
    log_in(page, "cremona", PASSWORD)
    page.wait_for_selector("[data-testid='stFileUploader']", timeout=30_000)
    assert put_file(page, carica_server, session)["status"] == 204  # the same request, now logged in
    page.get_by_role("button", name=t("carica_logout", "it")).click()
    settle(page)
    # the logged-out page has the login form again and no upload control
    page.get_by_label(t("carica_user", "it")).wait_for(timeout=30_000)
    assert page.locator(UPLOADER).count() == 0
    assert put_file(page, carica_server, session)["status"] == 403  # and refused again after logout
    page.close()


def test_planner_loads_a_bad_file_then_the_example(carica_server, browser, tmp_path):
    page, seen = open_watched(browser, f"{carica_server}/carica")
    log_in(page, "cremona", "password-sbagliata")
    assert page.get_by_text(t("carica_login_failed", "it")).count() == 1
    assert page.locator(UPLOADER).count() == 0
    log_in(page, "cremona", PASSWORD)
    page.wait_for_selector("[data-testid='stFileUploader']", timeout=30_000)
    screenshot(page, "carica_logged_in")

    bad = tmp_path / "servizi_errati.csv"
    bad.write_text("anno;codice_territorio;servizio;utenti;posti;spesa_euro;compartecipazione_euro\n"
                   "2023;019036;asilo_nido;-5;40;1000;\n"
                   "2023;015146;sad;10;;100;\n", encoding="utf-8")
    upload(page, bad)
    page.wait_for_selector("[data-testid='stAlertContentError']", timeout=30_000)
    error = page.locator("[data-testid='stAlertContentError']").first.inner_text()
    assert re.search(r"contiene \d+ errori", error), error
    # the error alert comes first; the report's button may be drawn a moment later on a busy machine
    page.get_by_role("button", name=t("carica_error_report", "it")).wait_for(timeout=30_000)
    assert page.get_by_role("button", name=t("carica_error_report", "it")).count() == 1
    assert page.get_by_role("button", name=t("carica_save", "it")).count() == 0
    screenshot(page, "carica_errors")

    upload(page, REPO / "data" / "templates" / "servizi_esempio.csv")
    page.wait_for_selector("[data-testid='stAlertContentSuccess']", timeout=30_000)
    assert "Il file è corretto" in page.locator("[data-testid='stAlertContentSuccess']").first.inner_text()
    screenshot(page, "carica_preview")
    page.get_by_role("button", name=t("carica_save", "it")).click()
    settle(page)
    shown = page.locator("[data-testid='stException']")
    assert shown.count() == 0, shown.first.inner_text()[:2000]
    page.get_by_text("Salvata la versione 1").wait_for(timeout=30_000)
    saved = page.locator("[data-testid='stAlertContentSuccess']").first.inner_text()
    assert "Salvata la versione 1" in saved and "servizi_esempio.csv" in saved, saved
    assert page.get_by_text(t("carica_versions_title", "it", ambito="Ambito di Cremona")).count() == 1
    screenshot(page, "carica_saved")
    assert not seen["errors"], seen["errors"]
    page.close()
