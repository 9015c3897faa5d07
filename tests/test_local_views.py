"""What the pages show of planners' data: coverage gauges on /panoramica, spending by area and by service on
/spesa, and the local indicators on /mappa, /tendenze, /confronta. A small upload made by hand (synthetic
figures, test only) for two ambiti declared by the test; every expected number is computed here from those
figures and the ISTAT target populations read straight from the database."""
import json
import re
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
import streamlit as st

from cruscotto.local.store import LocalStore
from tests.apptest_helpers import all_text, deck, italian, plotly_traces, run_page, sql

A, B = "ambito-prova-a", "ambito-prova-b"
MELZO, GORGONZOLA, POZZUOLO, TRUCCAZZANO = "015142", "015108", "015178", "015224"
YEAR = 2023


def _membership(ambito: str, name: str, comuni: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"comune_code": comuni, "ambito_code": ambito, "ambito_name": name, "start_year": 2021})


def _services(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["year", "territory_code", "service", "users", "places", "spending_eur",
                                       "copayment_eur"]).astype({c: float for c in ("users", "places", "spending_eur",
                                                                                     "copayment_eur")})


def _areas(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["year", "territory_code", "area", "spending_eur", "associated_eur"]).astype(
        {"spending_eur": float, "associated_eur": float})


SERVICES_A = [
    (YEAR, MELZO, "asilo_nido", 100, 110, 800000, 200000),
    (YEAR, GORGONZOLA, "asilo_nido", 50, 60, 400000, 100000),
    (YEAR, A, "sad", 80, None, 240000, 24000),     # run jointly by the ambito
]
AREAS_A = [
    (YEAR, MELZO, "famiglia_minori", 1000000, 0),
    (YEAR, GORGONZOLA, "anziani", 500000, 100000),
    (YEAR, A, "disabili", 300000, 300000),
    (YEAR - 1, A, "famiglia_minori", 900000, 0),
    (YEAR - 1, A, "anziani", 600000, 0),
]
SERVICES_B = [
    (YEAR, POZZUOLO, "asilo_nido", 30, None, None, None),
    (YEAR, TRUCCAZZANO, "asilo_nido", 10, None, None, None),
]


def target(codes: list[str], what: str, year: int = YEAR) -> int:
    """ISTAT residents of a target group, summed over comuni, straight from the database."""
    (count,), = sql("SELECT sum(count) FROM target_population WHERE target = ? AND year = ? "
                    "AND comune_code IN (SELECT unnest(?::VARCHAR[]))", what, year, codes)
    return int(count)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """A store of its own for this module, seen by a fresh data layer (caches emptied before and after)."""
    root = tmp_path_factory.mktemp("local_views") / "local"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CRUSCOTTO_LOCAL_DIR", str(root))
        st.cache_data.clear()
        st.cache_resource.clear()
        local = LocalStore(root)
        local.save(A, {"membership": _membership(A, "Ambito prova A", [MELZO, GORGONZOLA]),
                       "services": _services(SERVICES_A), "area_spending": _areas(AREAS_A)},
                   user="prova", file_name="prova_a.xlsx", file_sha256="a" * 64)
        local.save(B, {"membership": _membership(B, "Ambito prova B", [POZZUOLO, TRUCCAZZANO]),
                       "services": _services(SERVICES_B)}, user="prova", file_name="prova_b.csv", file_sha256="b" * 64)
        yield local
        st.cache_data.clear()
        st.cache_resource.clear()


def loaded_on(store: LocalStore, version: int) -> str:
    uploads = store.snapshot()["uploads"].set_index("version")
    moment = pd.Timestamp(uploads.at[version, "loaded_at"])
    moment = moment.tz_localize("UTC") if moment.tzinfo is None else moment
    return moment.tz_convert(ZoneInfo("Europe/Rome")).strftime("%d/%m/%Y")


def plain(text: str) -> str:
    """A caption as the reader sees it (Markdown escapes removed)."""
    return re.sub(r"\\(.)", r"\1", text)


def chart(app, title_start: str) -> list[dict]:
    """The traces of the Plotly chart whose title starts with title_start."""
    for index, element in enumerate(app.get("plotly_chart")):
        title = json.loads(element.proto.spec)["layout"].get("title", {})
        if str(title.get("text", "")).startswith(title_start):
            return plotly_traces(app, index)
    raise AssertionError(f"no chart titled {title_start!r}")


def captions(app) -> list[str]:
    return [plain(c.value) for c in app.caption]


def test_ambito_gauges_rank_and_source(store):
    app = run_page("pages/panoramica.py", territorio=A)
    text = plain(all_text(app))
    assert "Copertura del bisogno: dati dell'Ufficio di Piano" in text
    nido_a = (100 + 50) / target([MELZO, GORGONZOLA], "age_0_2") * 100
    nido_b = (30 + 10) / target([POZZUOLO, TRUCCAZZANO], "age_0_2") * 100
    sad_a = 80 / target([MELZO, GORGONZOLA], "age_65_plus") * 100
    assert nido_a > nido_b
    lines = captions(app)
    # no benchmark has these figures: the gauge words name none (never "Lombardia —")
    assert f"{italian(nido_a, 1)} utenti ogni 100 residenti 0-2 anni." in lines
    assert f"{italian(sad_a, 1)} utenti ogni 100 residenti 65+." in lines
    assert f"{italian((110 + 60) / target([MELZO, GORGONZOLA], 'age_0_2') * 100, 1)} posti ogni 100 residenti 0-2 anni." in lines
    assert any(line.startswith("1° di 2 ambiti che hanno caricato questo dato per il 2023") for line in lines)
    source = f"Dati dell'Ufficio di Piano di Ambito prova A, caricati il {loaded_on(store, 1)} (versione 1)"
    assert any(source in line and "dato locale, non statistica ufficiale" in line for line in lines)
    counts = f"150 utenti su {italian(target([MELZO, GORGONZOLA], 'age_0_2'), 0)} residenti 0-2 anni"
    assert any(counts in line for line in lines)


def test_second_ambito_ranks_second(store):
    lines = captions(run_page("pages/panoramica.py", territorio=B))
    assert any(line.startswith("2° di 2 ambiti") for line in lines)
    assert any("Ambito prova B, caricati il" in line and "(versione 2)" in line for line in lines)


def test_comune_gauge_against_its_ambito(store):
    app = run_page("pages/panoramica.py", territorio=MELZO)
    melzo = 100 / target([MELZO], "age_0_2") * 100
    ambito = 150 / target([MELZO, GORGONZOLA], "age_0_2") * 100
    lines = captions(app)
    assert f"{italian(melzo, 1)} utenti ogni 100 residenti 0-2 anni; Ambito prova A {italian(ambito, 1)}." in lines
    assert not any(line.startswith("1° di") for line in lines)  # a comune is not ranked among ambiti


def test_english(store):
    app = run_page("pages/panoramica.py", territorio=A, lingua="en")
    text = plain(all_text(app))
    assert "Coverage of need: data of the Ufficio di Piano" in text
    assert "Nursery (asilo nido): users per 100 residents aged 0-2 (local data)" in text
    assert "Data of the Ufficio di Piano of Ambito prova A, loaded on" in text
    assert "utenti ogni" not in text


def test_spending_by_area_and_by_service(store):
    app = run_page("pages/spesa.py", territorio=A)
    text = plain(all_text(app))
    assert "Spesa per area (dati dell'Ufficio di Piano)" in text
    total = 1000000 + 500000 + 300000
    bars = chart(app, "Quota della spesa per area, 2023")[0]
    shares = dict(zip(bars["y"], bars["x"]))
    assert shares["Famiglia e minori"] == pytest.approx(1000000 / total * 100)
    assert shares["Anziani (65 anni e più)"] == pytest.approx(500000 / total * 100)
    assert shares["Disabili"] == pytest.approx(300000 / total * 100)
    residents = target([MELZO, GORGONZOLA], "population")
    assert (f"Totale delle aree caricate nel 2023: {italian(total, 0)} € · {italian(total / residents, 2)} € per "
            f"residente · gestita in forma associata: {italian((100000 + 300000) / total * 100, 1)}%") in text

    areas = app.dataframe[0].value.set_index("Area")
    assert areas.at["Famiglia e minori", "Spesa dei comuni (€)"] == italian(1000000, 0)
    assert areas.at["Anziani (65 anni e più)", "€ per residente del target"] == \
        italian(500000 / target([MELZO, GORGONZOLA], "age_65_plus"), 2)
    assert areas.at["Disabili", "€ per residente del target"] == "—"  # its target is all residents
    assert "dati per 1 dei 2 comuni" in areas.at["Famiglia e minori", "Note"]

    # the Cremona plan's "spesa dei comuni e degli utenti": spending is the comuni's, net of the co-payment
    assert "Spesa dei comuni e degli utenti per servizio (dati dell'Ufficio di Piano)" in text
    assert "al netto della compartecipazione" in text
    services = app.dataframe[1].value.set_index("Servizio")
    nido = services.loc["Asilo nido"]
    assert nido["Utenti"] == "150" and nido["Spesa dei comuni (€)"] == italian(1200000, 0)
    assert nido["Compartecipazione (€)"] == italian(300000, 0)
    assert nido["Spesa dei comuni per utente (€)"] == italian(1200000 / 150, 0)
    assert nido["Compartecipazione per utente (€)"] == italian(300000 / 150, 0)
    # incidence of the co-payment on the cost of the service (the comuni's spending + the co-payment): 20%
    assert nido["Incidenza della compartecipazione sul costo (%)"] == italian(300000 / (1200000 + 300000) * 100, 1)
    total_row = services.iloc[-1]
    assert total_row.name.startswith("Totale (2 servizi")
    assert total_row["Utenti"] == "230"
    assert total_row["Spesa dei comuni per utente (€)"] == italian((1200000 + 240000) / 230, 0)
    assert total_row["Compartecipazione per utente (€)"] == italian((300000 + 24000) / 230, 0)
    assert total_row["Incidenza della compartecipazione sul costo (%)"] == \
        italian((300000 + 24000) / (1200000 + 240000 + 300000 + 24000) * 100, 1)
    # two years of areas: a trend of shares, 2022 from the ambito's own rows
    trend = {trace["name"]: trace for trace in chart(app, "Quota della spesa per area negli anni")
             if trace.get("x") is not None and len(trace["x"])}
    years = list(trend["Anziani (65 anni e più)"]["x"])
    values = list(trend["Anziani (65 anni e più)"]["y"])
    assert values[years.index(2022)] == pytest.approx(600000 / 1500000 * 100)


def test_blank_is_not_drawn_as_zero(store):
    app = run_page("pages/spesa.py", territorio=B)
    services = app.dataframe[0].value.set_index("Servizio")
    # B loaded users but no spending: spending cells stay blank, and there is no total line
    assert services.at["Asilo nido", "Spesa dei comuni (€)"] == "—" and services.at["Asilo nido", "Utenti"] == "40"
    assert len(services) == 1
    assert "Spesa per area (dati dell'Ufficio di Piano)" not in plain(all_text(app))


def test_local_labels_never_repeat_an_official_label(store):
    from cruscotto import data
    catalogue = data.indicators()
    local = catalogue[catalogue["id"].str.startswith("local_")]
    official = catalogue[~catalogue["id"].str.startswith("local_")]
    assert len(local) > 0
    for lang in ("it", "en"):
        assert not set(local[f"label_{lang}"]) & set(official[f"label_{lang}"])


def test_map_of_ambiti_shows_local_coverage(store):
    app = run_page("pages/mappa.py", territorio=A, indicatore="local_coverage_asilo_nido", livello="ambito")
    features = {f["properties"]["code"]: f["properties"] for layer in deck(app)["layers"]
                if isinstance(layer.get("data"), dict) for f in layer["data"].get("features", [])}
    assert {A, B} <= set(features)


def test_trend_and_compare_pick_local_indicators_up(store):
    app = run_page("pages/tendenze.py", territorio=MELZO, indicatore="local_coverage_asilo_nido")
    assert not app.exception
    traces = [trace for trace in plotly_traces(app, 0) if trace.get("x") is not None and len(trace["x"])]
    names = {trace["name"] for trace in traces}
    assert "Melzo" in names and "Ambito prova A" in names
    app = run_page("pages/confronta.py", territorio=A, confronto=f"{A},{B}", indicatore="local_coverage_asilo_nido")
    bars = plotly_traces(app, 0)[0]
    assert list(bars["x"]) == pytest.approx([150 / target([MELZO, GORGONZOLA], "age_0_2") * 100,
                                             40 / target([POZZUOLO, TRUCCAZZANO], "age_0_2") * 100])


@pytest.mark.parametrize("page", ["pages/panoramica.py", "pages/spesa.py"])
def test_english_pages_with_local_data_have_no_italian_words(store, page):
    from tests.language_words import other_language_words, proper_names
    app = run_page(page, territorio=A, lingua="en")
    texts = [all_text(app)] + [frame.value.to_csv(index=False) for frame in app.dataframe]
    names = proper_names() + ("Ufficio di Piano", "Ambito prova A", "Ambito prova B")
    assert other_language_words("\n".join(texts), "en", names) == set()
