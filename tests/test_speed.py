"""Less work per page run (issue 10): results and figures kept once and shared safely, open-data bundles made
only when asked for, once per selection, in a process apart, with a bounded number kept."""
import io
import zipfile

import pandas as pd
import pytest

from cruscotto import bundle_worker, charts, data, downloads, open_data, page_data
from cruscotto.build import build, needs_build
from cruscotto.levels import REGION_CODE
from tests.apptest_helpers import run_page

SMALL = {"indicators": ["share_65_plus"], "territories": ["019036"], "first_year": 2020, "last_year": 2023,
         "include_local": True}


@pytest.fixture(scope="module", autouse=True)
def repo_database():
    if needs_build():
        build(progress=lambda line: None)


@pytest.fixture
def counted_bundles(monkeypatch):
    """bundle_worker.make replaced by a counter: which selections were made, and how often."""
    made = []

    def make(selection, fmt, lang, db_path, store_root):
        made.append((tuple(sorted(selection.items(), key=str)), fmt, lang))
        return f"{len(made)}".encode()
    monkeypatch.setattr(bundle_worker, "make", make)
    downloads._bundle.clear()
    yield made
    downloads._bundle.clear()


def test_a_shared_query_result_changed_by_a_caller_stays_as_the_database_says():
    first = data.query("territory", territory="019036")
    original = first.loc[0, "name"]
    first.loc[0, "name"] = "changed by a caller"
    first["level"] = "changed"
    again = data.query("territory", territory="019036")
    assert again.loc[0, "name"] == original and (again["level"] != "changed").all()


def test_a_figure_is_built_once_for_the_same_data_and_words():
    # the planners' sections hold only frames: their figures are keyed by the frame's content
    bars = charts.built_once(charts.bars)
    frame = pd.DataFrame({"name": ["A", "B"], "value": [1.0, 2.0], "label": ["1", "2"]})
    first = bars(frame, "Titolo", "%", "it")
    assert bars(frame.copy(), "Titolo", "%", "it") is first
    assert bars(frame.assign(value=[1.0, 3.0]), "Titolo", "%", "it") is not first


def test_official_figures_are_built_once_per_keys():
    # the official pages' figures are keyed by what their frames are computed from: no frame is hashed per run
    first = page_data.trend_chart("share_65_plus", "019036", "it")
    assert page_data.trend_chart("share_65_plus", "019036", "it") is first
    assert page_data.trend_chart("share_65_plus", "019036", "en") is not first
    year = int(data.query("indicator_series", indicator="share_65_plus", territory="019036")["year"].max())
    figure, rows = page_data.spread_chart("share_65_plus", "019", "Provincia di Cremona", year, "019036", "it")
    assert len(rows) > 100  # the province's comuni
    assert page_data.spread_chart("share_65_plus", "019", "Provincia di Cremona", year, "019036", "it")[0] is figure


def test_the_open_data_page_makes_no_bundle_until_a_button_is_pressed(counted_bundles):
    app = run_page("pages/dati-aperti.py", territorio="019036")
    assert len(app.get("download_button")) >= 6  # three formats for the selection, three for everything
    assert counted_bundles == []


def test_a_bundle_is_made_once_per_selection_format_and_language(counted_bundles):
    first = downloads.bundle_zip(SMALL, "xlsx", "it")
    assert downloads.bundle_zip(dict(SMALL), "xlsx", "it") == first
    downloads.bundle_zip(SMALL, "csv", "it")
    downloads.bundle_zip(SMALL, "xlsx", "en")
    downloads.bundle_zip({**SMALL, "territories": ["019036", REGION_CODE]}, "xlsx", "it")
    assert len(counted_bundles) == 4


def test_only_a_bounded_number_of_bundles_is_kept(counted_bundles):
    for year in range(2000, 2000 + downloads.BUNDLES_KEPT + 2):
        downloads.bundle_zip({**SMALL, "first_year": year}, "csv", "it")
    downloads.bundle_zip({**SMALL, "first_year": 2000}, "csv", "it")  # the oldest was let go: made again
    assert len(counted_bundles) == downloads.BUNDLES_KEPT + 3


def test_the_worker_process_makes_the_same_bundle_as_the_server_would():
    database = data.database()
    parts = open_data.collect(database, lang="en", **SMALL)
    here = open_data.zip_bytes(open_data.bundle(parts["data"], parts["catalogue"], parts["sources"], "csv",
                                                parts["built_at"], "en"))
    apart = bundle_worker.make(SMALL, "csv", "en", str(database.path),
                               str(database.local_store.root) if database.local_store is not None else None)
    read = [zipfile.ZipFile(io.BytesIO(content)) for content in (here, apart)]
    assert read[0].namelist() == read[1].namelist()
    for name in read[0].namelist():
        assert read[0].read(name) == read[1].read(name), name


def test_page_data_results_are_kept_per_language_and_database(monkeypatch):
    calls = []

    @data.per_data_version(max_entries=4)
    def counted(code: str) -> pd.DataFrame:
        calls.append(code)
        return pd.DataFrame({"code": [code]})
    counted.clear()
    counted("019036")
    counted("019036")
    monkeypatch.setattr(data, "reader_language", lambda: "en")  # territory names in another language
    counted("019036")
    monkeypatch.setattr(data, "database_token", lambda: -1)  # another database (a rebuild, another store)
    counted("019036")
    assert calls == ["019036", "019036", "019036"]
    counted.clear()
