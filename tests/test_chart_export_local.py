"""Charts of planners' data on /spesa (cruscotto/local/sections.py): each with its one-sentence summary, alt text
and image buttons; the sentences checked against figures made by hand here (synthetic, test only)."""
import dataclasses

import pandas as pd
import pytest

from cruscotto import chart_summaries
from cruscotto.local import view_data

from tests.apptest_helpers import italian, run_page
from tests.local_store_helpers import fresh_local_store
from tests.test_chart_export import check_charts, plain

AMBITO, MELZO, GORGONZOLA = "ambito-prova-grafici", "015142", "015108"
YEAR = 2023
AREAS = [  # year, territory, area, spending, part managed jointly
    (YEAR, MELZO, "famiglia_minori", 1000000, 200000),
    (YEAR, GORGONZOLA, "famiglia_minori", 400000, None),
    (YEAR, AMBITO, "disabili", 300000, 150000),
    (YEAR - 1, AMBITO, "famiglia_minori", 900000, 0),
    (YEAR - 1, AMBITO, "anziani", 600000, 0),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with fresh_local_store(tmp_path_factory.mktemp("chart_export_local") / "local") as local:
        membership = pd.DataFrame({"comune_code": [MELZO, GORGONZOLA], "ambito_code": AMBITO,
                                   "ambito_name": "Ambito prova grafici", "start_year": 2021})
        areas = pd.DataFrame(AREAS, columns=["year", "territory_code", "area", "spending_eur", "associated_eur"]).astype(
            {"spending_eur": float, "associated_eur": float})
        local.save(AMBITO, {"membership": membership, "area_spending": areas}, user="prova", file_name="prova.csv",
                   file_sha256="c" * 64)
        yield local


def test_area_charts_say_the_largest_area_and_the_total(store):
    app = run_page("pages/spesa.py", territorio=AMBITO)
    assert check_charts(app) >= 2  # the latest year's split and the shares over the years
    captions = [plain(c.value) for c in app.caption]
    # the ambito's 2023: family (both comuni) and disability (its own row); 2022: its own rows
    family, total = 1000000 + 400000, 1000000 + 400000 + 300000
    share, earlier = 100 * family / total, 100 * 900000 / (900000 + 600000)
    assert (f"Quota della spesa per area, {YEAR}: totale {italian(total, 0)} €; la voce maggiore è Famiglia e minori "
            f"({italian(share, 1)}%, {italian(family, 0)} €).") in captions
    assert (f"Quota della spesa per area negli anni caricati: nel {YEAR} la quota maggiore è Famiglia e minori "
            f"({italian(share, 1)}%), +{italian(share - earlier, 1)} punti dal {YEAR - 1} "
            f"({italian(earlier, 1)}%).") in captions


@pytest.mark.parametrize("area, total, provisional", [
    ("final", "provisional", True), ("provisional", "final", True), ("final", "final", False)])
def test_area_source_line_says_provisional_as_the_caption_does(store, monkeypatch, area, total, provisional):
    """A year whose total rests on ISTAT's provisional residents is provisional in the image's source line as in
    the page's caption, even where each area's own figures are final."""
    loaded = view_data.area_spending(AMBITO, "it")
    changed = dataclasses.replace(loaded, latest=loaded.latest.assign(status=area, total_status=total))
    monkeypatch.setattr(view_data, "area_spending", lambda territory, lang: changed)
    line = chart_summaries.local_area_source.__wrapped__(AMBITO, "it")  # uncached: the store's real rows stay cached
    caption = view_data.local_caption(changed.latest["source_id"].iloc[0], changed.year,
                                      view_data.area_status(changed), None, "it")
    assert ("⚠" in line) is provisional
    assert ("⚠" in caption) is provisional
