"""Every page in AppTest, for the territories councillors open most, with key figures present."""
import pytest
from streamlit.testing.v1 import AppTest

from cruscotto.build import build, needs_build
from cruscotto.paths import REPO

PAGES = ["pages/panoramica.py", "pages/mappa.py", "pages/tendenze.py", "pages/confronta.py", "pages/spesa.py"]
TERRITORIES = {"015146": "Milano", "098031": "Lodi", "019036": "Cremona", "015142": "Melzo",
               "MUN01": "Municipio 1", "ambito-di-cremona": "Ambito di Cremona", "NIL12": None}


@pytest.fixture(scope="module", autouse=True)
def repo_database():
    if needs_build():
        build(progress=lambda line: None)


def run_page(page: str, **params) -> AppTest:
    app = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    assert not app.exception, app.exception
    if page != PAGES[0]:
        app.switch_page(page).run()
    assert not app.exception, app.exception
    return app


def all_text(app: AppTest) -> str:
    parts = [e.value for e in app.title] + [e.value for e in app.markdown] + [e.value for e in app.caption]
    parts += [str(m.label) + " " + str(m.value) for m in app.metric]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("code", TERRITORIES)
@pytest.mark.parametrize("page", PAGES)
def test_page_renders_for_territory(page, code):
    app = run_page(page, territorio=code)
    name = TERRITORIES[code]
    if name and page != "pages/mappa.py" and page != "pages/confronta.py":
        assert name in [t.value for t in app.title]


def test_profile_shows_headline_figures_with_source_and_benchmarks():
    app = run_page(PAGES[0], territorio="098031")
    text = all_text(app)
    assert "Quota 65 anni e più" in text and "Lombardia" in text and "Ambito distrettuale di Lodi" in text
    assert "Fonte:" in text
    milano = all_text(run_page(PAGES[0], territorio="015146"))
    assert "1.349.930" in milano or "1.362.863" in milano  # latest ISTAT population, Italian formatting


def test_english_switch():
    app = run_page(PAGES[0], territorio="019036", lingua="en")
    assert "Share aged 65+" in all_text(app)


def test_bad_parameters_fall_back_with_notice():
    app = run_page(PAGES[0], territorio="999999", anno="abc", lingua="xx", indicatore="'; drop")
    assert len(app.warning) >= 4
    assert app.title[0].value == "Milano"
