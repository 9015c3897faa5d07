"""What the pages show of planners' data: coverage gauges on /panoramica, spending by area and by service on
/spesa, and the local indicators on /mappa, /tendenze, /confronta. A small upload made by hand (synthetic
figures, test only) for two ambiti declared by the test; every expected number is computed here from those
figures and the ISTAT target populations read straight from the database."""
import json
import re
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from cruscotto.local.store import LocalStore
from tests.apptest_helpers import all_text, deck, italian, plotly_traces, run_page, sql
from tests.local_store_helpers import fresh_local_store

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
    (YEAR, MELZO, "cdi", 20, 25, 90000, 10000),    # 1 comune of 2: no figure for the ambito
]
AREAS_A = [
    (YEAR, MELZO, "famiglia_minori", 1000000, 200000),
    (YEAR, GORGONZOLA, "famiglia_minori", 400000, None),  # the part managed jointly unknown
    (YEAR, GORGONZOLA, "anziani", 500000, 100000),        # 1 comune of 2: not in the ambito's totals
    (YEAR, A, "disabili", 300000, 150000),                # the ambito's own row
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
    with fresh_local_store(tmp_path_factory.mktemp("local_views") / "local") as local:
        local.save(A, {"membership": _membership(A, "Ambito prova A", [MELZO, GORGONZOLA]),
                       "services": _services(SERVICES_A), "area_spending": _areas(AREAS_A)},
                   user="prova", file_name="prova_a.xlsx", file_sha256="a" * 64)
        local.save(B, {"membership": _membership(B, "Ambito prova B", [POZZUOLO, TRUCCAZZANO]),
                       "services": _services(SERVICES_B)}, user="prova", file_name="prova_b.csv", file_sha256="b" * 64)
        yield local


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


def gauge_line(lines: list[str], unit: str, reading: str) -> str:
    """The caption of a gauge (its one-sentence summary, then its scale): "<territory> — <service>: <unit>:
    <reading>"; fails the test where no caption reads so."""
    found = [line for line in lines if line.endswith(f"{unit}: {reading}") or
             (f"{unit} (" in line and line.endswith(f"): {reading}"))]
    assert found, (unit, reading, lines)
    return found[0]


# the round numbers a gauge's scale may end at, and the rule (written out here again): the first of them at or
# above one and a half times the largest figure the gauge draws
ROUND_ENDS = sorted(step * 10 ** power for step in (1, 2, 2.5, 5) for power in range(-4, 7))


def scale_end(*figures) -> str:
    end = next(end for end in ROUND_ENDS if end >= 1.5 * max(f for f in figures if f is not None))
    return italian(end, 0) if end == int(end) else italian(end, len(str(end).split(".")[1]))


def provisional_2023() -> bool:
    """Whether the database's 2023 target populations are ISTAT's provisional ones (they are, in 2026)."""
    (provisional,), = sql("SELECT bool_or(status = 'provisional') FROM target_population WHERE year = ?", YEAR)
    return bool(provisional)


@pytest.mark.parametrize("figures, end", [
    ((0.2,), 0.5), ((1.3,), 2), ((0.58, 0.62), 1), ((4.5, None), 10), ((15.8,), 25), ((2.7, 5.6), 10),
    ((40, 30), 100), ((0.0,), 1), ((None,), 1)])
def test_gauge_scale_ends_at_a_round_number_above_the_figures(figures, end):
    from cruscotto import charts
    # by hand: 1,5 × 0,2 = 0,3 -> 0,5; 1,5 × 1,3 = 1,95 -> 2; 1,5 × 0,62 = 0,93 -> 1; 6,75 -> 10; 23,7 -> 25;
    # 1,5 × 5,6 = 8,4 -> 10; 1,5 × 40 = 60 -> 100; nothing to draw -> 1
    assert charts.gauge_top(*figures) == pytest.approx(end)
    svg = charts.gauge_svg(figures[0] or 0, figures[1] if len(figures) > 1 else None, charts.gauge_top(*figures),
                           "v", "b", "", "it")
    assert f">{italian(end, 0) if end == int(end) else italian(end, 1)}</text>" in svg


def test_ambito_gauges_rank_and_source(store):
    app = run_page("pages/panoramica.py", territorio=A)
    text = plain(all_text(app))
    assert "Copertura del bisogno: dati dell'Ufficio di Piano" in text
    nido_a = (100 + 50) / target([MELZO, GORGONZOLA], "age_0_2") * 100
    nido_b = (30 + 10) / target([POZZUOLO, TRUCCAZZANO], "age_0_2") * 100
    sad_a = 80 / target([MELZO, GORGONZOLA], "age_65_plus") * 100
    assert nido_a > nido_b
    lines = captions(app)
    # no benchmark has these figures: the gauge's summary names none (never "Lombardia —"), and says the scale
    assert gauge_line(lines, "utenti ogni 100 residenti 0-2 anni", f"{italian(nido_a, 1)} nel 2023. Scala del "
                      f"quadrante: da 0 a {scale_end(nido_a)}.").startswith("Ambito prova A — ")
    assert gauge_line(lines, "utenti ogni 100 residenti 65+", f"{italian(sad_a, 1)} nel 2023. Scala del quadrante: "
                      f"da 0 a {scale_end(sad_a)}.")
    places = (110 + 60) / target([MELZO, GORGONZOLA], "age_0_2") * 100
    assert gauge_line(lines, "posti ogni 100 residenti 0-2 anni", f"{italian(places, 1)} nel 2023. Scala del "
                      f"quadrante: da 0 a {scale_end(places)}.")
    assert any(line.startswith("1° di 2 ambiti che hanno caricato questo dato per il 2023") for line in lines)
    source = f"Dati caricati dall'Ufficio di Piano dell'ambito «Ambito prova A», il {loaded_on(store, 1)} (versione 1)"
    sourced = [line for line in lines if source in line]
    assert sourced and all("dato locale, non statistica ufficiale" in line for line in sourced)
    assert all(line.count("Ufficio di Piano") == 1 for line in sourced)
    if provisional_2023():  # the planners' figures are not provisional: the residents they are divided by are
        assert all("⚠ denominatore: residenti ISTAT provvisori" in line and "dato provvisorio" not in line
                   for line in sourced)
    counts = f"150 utenti su {italian(target([MELZO, GORGONZOLA], 'age_0_2'), 0)} residenti 0-2 anni"
    assert any(counts in line for line in lines)
    # CDI: only Melzo loaded it, 1 comune of 2: no coverage for the ambito, and the page says why and what to do
    assert "Centro diurno integrato (CDI): utenti" not in text
    assert "Nessuna copertura d'ambito per: Centro diurno integrato (CDI), 2023 (comuni con dati: 1 su 2)." in lines
    assert any("un comune senza il servizio va indicato con 0 utenti" in line.lower() for line in lines)


def test_second_ambito_ranks_second(store):
    lines = captions(run_page("pages/panoramica.py", territorio=B))
    assert any(line.startswith("2° di 2 ambiti") for line in lines)
    assert any("«Ambito prova B», il" in line and "(versione 2)" in line for line in lines)


def test_comune_gauge_against_its_ambito(store):
    app = run_page("pages/panoramica.py", territorio=MELZO)
    melzo = 100 / target([MELZO], "age_0_2") * 100
    ambito = 150 / target([MELZO, GORGONZOLA], "age_0_2") * 100
    lines = captions(app)
    side = "sopra" if melzo > ambito else "sotto"
    apart = abs(round(melzo, 1) - round(ambito, 1))  # the figures as shown: 25,8 and 17,6 are 8,2 apart
    assert gauge_line(lines, "utenti ogni 100 residenti 0-2 anni",
                      f"{italian(melzo, 1)} nel 2023; {italian(apart, 1)} {side} il dato di Ambito prova A "
                      f"({italian(ambito, 1)}). Scala del quadrante: da 0 a {scale_end(melzo, ambito)}.")
    # Melzo's own CDI, with nothing to compare it with: the same rule for the scale
    cdi = 20 / target([MELZO], "age_75_plus") * 100
    assert gauge_line(lines, "utenti ogni 100 residenti 75+",
                      f"{italian(cdi, 1)} nel 2023. Scala del quadrante: da 0 a {scale_end(cdi)}.")
    assert not any(line.startswith("1° di") for line in lines)  # a comune is not ranked among ambiti


def test_english(store):
    app = run_page("pages/panoramica.py", territorio=A, lingua="en")
    text = plain(all_text(app))
    assert "Coverage of need: data of the Ufficio di Piano" in text
    assert "Nursery (asilo nido): users per 100 residents aged 0-2 (local data)" in text
    assert "Data loaded by the Ufficio di Piano of the social district “Ambito prova A” on" in text
    assert "Gauge scale: 0 to" in text and "municipalities with figures: 1 of 2" in text
    assert "utenti ogni" not in text


def test_spending_by_area_and_by_service(store):
    app = run_page("pages/spesa.py", territorio=A)
    text = plain(all_text(app))
    assert "Spesa per area (dati dell'Ufficio di Piano)" in text
    # the ambito's whole areas: family (both comuni: 1.000.000 + 400.000) and disability (its own row: 300.000);
    # older people (Gorgonzola only) is not part of the ambito's totals
    total = 1000000 + 400000 + 300000
    bars = chart(app, "Quota della spesa per area, 2023")[0]
    shares = dict(zip(bars["y"], bars["x"]))
    assert set(shares) == {"Famiglia e minori", "Disabili"}
    assert shares["Famiglia e minori"] == pytest.approx(1400000 / total * 100)
    assert shares["Disabili"] == pytest.approx(300000 / total * 100)
    residents = target([MELZO, GORGONZOLA], "population")
    # managed jointly: family's part is unknown in Gorgonzola, so the share is disability's 150.000 of 300.000
    assert (f"Totale delle aree caricate nel 2023: {italian(total, 0)} € · {italian(total / residents, 2)} € per "
            f"residente · gestita in forma associata: {italian(150000 / 300000 * 100, 1)}% (su 1 delle 2 aree)") in text
    lines = captions(app)
    assert any(line.startswith("Fuori dai totali dell'ambito") and
               line.endswith(": Anziani (65 anni e più), 2023 (comuni con dati: 1 su 2).") for line in lines)

    areas = app.dataframe[0].value.set_index("Area")
    assert list(areas.index) == ["Famiglia e minori", "Disabili"]
    assert areas.at["Famiglia e minori", "Spesa dei comuni (€)"] == italian(1400000, 0)
    assert areas.at["Famiglia e minori", "Spesa gestita in forma associata (€)"] == "—"
    assert areas.at["Disabili", "Spesa gestita in forma associata (€)"] == italian(150000, 0)
    assert areas.at["Famiglia e minori", "€ per residente del target"] == \
        italian(1400000 / target([MELZO, GORGONZOLA], "age_0_17"), 2)
    assert areas.at["Disabili", "€ per residente del target"] == "—"  # its target is all residents

    # the CSV: every year, the part managed jointly beside the spending
    from cruscotto.local import view_data
    download = view_data.area_download(view_data.area_spending(A, "it"), "it").set_index(["Anno", "Area"])
    assert download.at[(YEAR, "Disabili"), "Spesa gestita in forma associata (€)"] == 150000
    assert download.at[(YEAR - 1, "Anziani (65 anni e più)"), "Spesa gestita in forma associata (€)"] == 0
    assert pd.isna(download.at[(YEAR, "Famiglia e minori"), "Spesa gestita in forma associata (€)"])

    # the Cremona plan's "spesa dei comuni e degli utenti": spending is the comuni's, net of the co-payment
    assert "Spesa dei comuni e degli utenti per servizio (dati dell'Ufficio di Piano)" in text
    assert "al netto della compartecipazione" in text
    services = app.dataframe[1].value.set_index("Servizio")
    nido = services.loc["Asilo nido"]
    assert nido["Utenti"] == "150" and nido["Posti"] == "170" and nido["Spesa dei comuni (€)"] == italian(1200000, 0)
    assert services.at["Servizio di assistenza domiciliare anziani (SAD)", "Posti"] == "—"
    assert nido["Compartecipazione (€)"] == italian(300000, 0)
    assert nido["Spesa dei comuni per utente (€)"] == italian(1200000 / 150, 0)
    assert nido["Compartecipazione per utente (€)"] == italian(300000 / 150, 0)
    # incidence of the co-payment on the cost of the service (the comuni's spending + the co-payment): 20%
    assert nido["Incidenza della compartecipazione sul costo (%)"] == italian(300000 / (1200000 + 300000) * 100, 1)
    # CDI: Melzo only, so no ambito line, and the page says why
    assert not services.index.str.startswith("Centro diurno integrato").any()
    assert any(line.endswith("mancano per: Centro diurno integrato (CDI), 2023 (comuni con dati: 1 su 2).")
               for line in lines)
    total_row = services.iloc[-1]
    assert total_row.name.startswith("Totale (2 servizi")
    assert total_row["Utenti"] == "230"
    assert total_row["Spesa dei comuni per utente (€)"] == italian((1200000 + 240000) / 230, 0)
    assert total_row["Compartecipazione per utente (€)"] == italian((300000 + 24000) / 230, 0)
    assert total_row["Incidenza della compartecipazione sul costo (%)"] == \
        italian((300000 + 24000) / (1200000 + 240000 + 300000 + 24000) * 100, 1)
    service_csv = view_data.service_download(view_data.service_spending(A, "it"), "it").set_index("Servizio")
    assert service_csv.at["Asilo nido", "Posti"] == 170
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
    # the generic source caption: the planners' name once, and why the figure is provisional
    sourced = [line for line in captions(app) if "Dati caricati dall'Ufficio di Piano dell'ambito «Ambito prova A»" in line]
    assert sourced and all(line.count("Ufficio di Piano") == 1 for line in sourced)
    if provisional_2023():
        assert all("⚠ denominatore: residenti ISTAT provvisori" in line and "dato provvisorio" not in line
                   for line in sourced)
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
