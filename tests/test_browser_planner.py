"""Real browser: on /confronta the key-indicator table is drawn, the CSV button is visible without opening
"Dati", and the file it downloads is what Italian Excel opens as columns."""
import csv
import io

import pytest

from tests.apptest_helpers import sql
from tests.browser_support import ARTIFACTS, open_page

pytestmark = pytest.mark.browser


def test_compare_table_and_visible_csv_download(server, browser):  # noqa: F811
    page, errors = open_page(browser, f"{server}/confronta?territorio=019036&confronto=019036,098031&lingua=it")
    try:
        page.wait_for_selector("[data-testid='stTable']", timeout=60_000)
        heading = page.get_by_text("Gli indicatori chiave a confronto")
        heading.evaluate("e => e.scrollIntoView({block: 'start'})")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "planner_compare_table.png"))
        buttons = page.get_by_role("button", name="Scarica CSV")
        assert buttons.count() >= 2 and buttons.nth(1).is_visible()  # in sight, "Dati" still closed
        with page.expect_download() as download:
            buttons.nth(1).click()  # the key-indicator table's CSV
        content = open(download.value.path(), "rb").read()
        assert content.startswith(b"\xef\xbb\xbf")
        rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
        lodi = [r for r in rows if r["Codice indicatore"] == "share_65_plus" and r["Codice territorio"] == "098031"][0]
        value = sql("""SELECT value FROM observation WHERE indicator_id = 'share_65_plus' AND territory_code = '098031'
                       ORDER BY year DESC LIMIT 1""")[0][0]
        assert lodi["Valore"] == f"{value:.1f}".replace(".", ",") and lodi["Indicatore"] == "Quota 65 anni e più"
        assert not errors, errors
    finally:
        page.close()
