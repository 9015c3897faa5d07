"""Charts for slides (issue 12): image files with the title, the source and the year drawn in; one-sentence
summaries of charts and gauges, checked against plain SQL on the database, in Italian and English; every chart on
the pages with its summary as caption and as alt text, and two image buttons (PNG, SVG)."""
import json
import os
import re
import shutil
import struct
import subprocess
import sys
from html import escape

import pytest

from cruscotto import chart_export, chart_images, chart_summaries, page_data
from cruscotto.paths import REPO
from cruscotto.levels import REGION_CODE
from tests.apptest_helpers import italian, run_page, sql

LODI, REGION, MILANO = "098031", REGION_CODE, "015146"
SLIDE_WIDTH, PNG_SCALE = 1280, 2  # the export's width (a 16:9 slide) and the PNG's pixels per CSS pixel
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

needs_chromium = pytest.mark.skipif(
    shutil.which("/usr/bin/chromium") is None,
    reason="/usr/bin/chromium is absent: image files cannot be drawn here (`make test` installs it)")


def english(value: float, decimals: int) -> str:
    return f"{value:,.{decimals}f}"


def latest_rows(indicator: str, territory: str) -> list[tuple]:
    return sql("SELECT year, value, source_id FROM observation WHERE indicator_id = ? AND territory_code = ? "
               "AND value IS NOT NULL ORDER BY year", indicator, territory)


def value_in(indicator: str, territory: str, year: int) -> float:
    return sql("SELECT value FROM observation WHERE indicator_id = ? AND territory_code = ? AND year = ?",
               indicator, territory, year)[0][0]


def gap(a: float, b: float, decimals: int) -> float:
    """How far apart two figures are as shown (each rounded), never their unrounded difference."""
    return abs(round(a, decimals) - round(b, decimals))


def catalogue(indicator: str) -> tuple:
    return sql("SELECT label_it, label_en, decimals FROM indicator WHERE id = ?", indicator)[0]


# --- image files --------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def trend_figure():
    figure = page_data.trend_chart("share_65_plus", LODI, "it")
    yield figure, chart_summaries.trend_source("share_65_plus", LODI, "it")
    chart_images.close()


@needs_chromium
def test_svg_holds_title_source_and_year(trend_figure):
    figure, source_line = trend_figure
    svg = chart_export.image_bytes(figure, source_line, "svg").decode("utf-8")
    assert svg.startswith("<svg")
    assert escape("Quota 65 anni e più", quote=False) in svg  # the chart's title
    rows = latest_rows("share_65_plus", LODI)
    latest_year, _, latest_source = rows[-1]
    (name,) = sql("SELECT name_it FROM source WHERE source_id = ?", latest_source)[0]
    # the source's own line: its name and the years it gives, the latest among them
    line = next(text for text in re.findall(r">([^<>]*)<", svg) if escape(name, quote=False) in text)
    assert line.startswith("Fonte: ") and str(latest_year) in line
    assert "fill: rgb(255, 255, 255)" in svg  # on white, whatever the screen's theme


@needs_chromium
def test_png_is_a_png_of_slide_width(trend_figure):
    figure, source_line = trend_figure
    png = chart_export.image_bytes(figure, source_line, "png")
    assert png[:8] == PNG_SIGNATURE
    width, height = struct.unpack(">II", png[16:24])  # the IHDR chunk
    assert width == SLIDE_WIDTH * PNG_SCALE
    # taller than the chart on screen: the source line and the title have room of their own
    assert height > PNG_SCALE * figure.layout.height


@needs_chromium
@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("unshare") is None,
                    reason="needs root and unshare to cut the network off")
def test_images_are_drawn_without_network():
    """No CDN: plotly.js comes from the installed package and MathJax is off (kaleido would fetch both)."""
    script = ("from cruscotto import chart_export, page_data\n"
              "svg = chart_export.image_bytes(page_data.pyramid_chart('098031', 'it'), 'Fonte: prova · anno 2023', 'svg')\n"
              "print(len(svg), b'Fonte: prova' in svg)")
    done = subprocess.run(["unshare", "--net", sys.executable, "-c", script], cwd=REPO, capture_output=True,
                          text=True, timeout=180, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split()[-1] == "True"


def test_chromium_is_looked_up_once_not_per_chart(monkeypatch):
    """Every chart asks for the browser on every run of a page: PATH is searched once per process."""
    searched = []
    monkeypatch.delenv("CRUSCOTTO_CHROMIUM", raising=False)
    monkeypatch.setattr(chart_images.shutil, "which", lambda name: searched.append(name))
    chart_images._chromium_for.cache_clear()
    try:
        assert chart_images.chromium_path() is None and chart_images.chromium_path() is None
    finally:
        chart_images._chromium_for.cache_clear()  # the next caller searches the real PATH
    assert searched == list(chart_images.CHROMIUM_CANDIDATES)


def test_no_chromium_is_said_not_crashed(monkeypatch):
    monkeypatch.setenv("CRUSCOTTO_CHROMIUM", "/nonexistent/chromium")
    with pytest.raises(chart_images.ChromiumMissing):
        chart_images.render({"data": [], "layout": {}}, "png", 100, 100)
    app = run_page("pages/tendenze.py", territorio=LODI)
    buttons = [b for b in app.get("download_button") if b.proto.label in ("Scarica PNG", "Scarica SVG")]
    assert len(buttons) == 4  # the trend and the pyramid
    assert all(b.proto.disabled and "Chromium" in b.proto.help for b in buttons)


# --- summaries against plain SQL -------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["it", "en"])
def test_trend_summary_change_since_the_first_year_of_the_latest_source(lang):
    """The change is not measured across a change of source (Lodi's 2011 census against ISTAT's yearly
    residents): it starts at the first of the latest run of years from the latest figure's source, at most 5."""
    label = catalogue("share_65_plus")[0 if lang == "it" else 1]
    rows = latest_rows("share_65_plus", LODI)
    year, value, source = rows[-1]
    window = []
    for row in reversed(rows):
        if row[2] != source or len(window) == 5:
            break
        window.append(row)
    first_year, first, _ = window[-1]
    assert rows[0][2] != source, "the data no longer holds a change of source: pick another case"
    region = value_in("share_65_plus", REGION, year)
    fmt = italian if lang == "it" else english
    sign = "+" if round(value, 1) >= round(first, 1) else "−"
    moved = round(value, 1) != round(first, 1)  # an unchanged shown figure says so, not "+0,0 punti"
    if lang == "it":
        change = (f"{sign}{fmt(gap(value, first, 1), 1)} punti dal" if moved else "invariato dal")
        expected = (f"Lodi — {label}: {fmt(value, 1)}% nel {year}, {change} "
                    f"{first_year} ({fmt(first, 1)}%); {fmt(gap(value, region, 1), 1)} punti "
                    f"{'sopra' if value > region else 'sotto'} la Lombardia ({fmt(region, 1)}%).")
    else:
        change = (f"{sign}{fmt(gap(value, first, 1), 1)} points since" if moved else "unchanged since")
        expected = (f"Lodi — {label}: {fmt(value, 1)}% in {year}, {change} "
                    f"{first_year} ({fmt(first, 1)}%); {fmt(gap(value, region, 1), 1)} points "
                    f"{'above' if value > region else 'below'} Lombardy ({fmt(region, 1)}%).")
    assert chart_summaries.trend_summary("share_65_plus", LODI, lang) == expected


def test_differences_are_those_of_the_figures_shown():
    """24,14% and 23,06% are shown as 24,1% and 23,1%: 1,0 points apart, not the 1,1 of the raw values."""
    share = {"unit": "%", "decimals": 1}
    assert chart_summaries._against(24.14, 23.06, "la Lombardia", share, "it") == \
        "1,0 punti sopra la Lombardia (23,1%)"
    assert chart_summaries._change_since([(2020, 23.06), (2023, 24.14)], share, "it") == \
        ", +1,0 punti dal 2020 (23,1%)"
    assert chart_summaries._change_since([(2022, 24.47), (2023, 24.53)], share, "en") == \
        ", unchanged since 2022 (24.5%)"
    # apart by less than a shown digit, but shown as different figures: not "level with"
    assert chart_summaries._against(24.149, 24.151, "la Lombardia", share, "it") == \
        "0,1 punti sotto la Lombardia (24,2%)"


@pytest.mark.parametrize("lang", ["it", "en"])
def test_compare_bars_summary_names_highest_and_lowest(lang):
    indicator = "social_spending_per_capita"
    label_it, label_en, decimals = catalogue(indicator)
    latest = {}
    for code in (LODI, REGION, MILANO):
        year, value, _ = latest_rows(indicator, code)[-1]
        (name,) = sql("SELECT name FROM territory WHERE code = ?", code)[0]
        latest[code] = (value, year, name)
    ranked = sorted(latest.values(), reverse=True)
    (high, high_year, high_name), (low, low_year, low_name) = ranked[0], ranked[-1]
    fmt = italian if lang == "it" else english
    summary = chart_summaries.compare_summary((LODI, REGION, MILANO), indicator, None, lang)
    if lang == "it":
        assert summary == (f"{label_it}: il valore più alto è di {high_name} {fmt(high, decimals)} € ({high_year}), "
                           f"il più basso di {low_name} {fmt(low, decimals)} € ({low_year}).")
    else:
        assert summary == (f"{label_en}: highest {high_name} €{fmt(high, decimals)} ({high_year}), "
                           f"lowest {low_name} €{fmt(low, decimals)} ({low_year}).")  # English writes €31,815


@pytest.mark.parametrize("lang", ["it", "en"])
def test_gauge_summary_against_the_region(lang):
    indicator = "rsa_places_per_100_75plus"
    label_it, label_en, decimals = catalogue(indicator)
    year, value, _ = latest_rows(indicator, LODI)[-1]
    region = value_in(indicator, REGION, year)
    fmt = italian if lang == "it" else english
    difference = fmt(gap(value, region, decimals), decimals)
    if lang == "it":
        expected = (f"Lodi — {label_it}: {fmt(value, decimals)} nel {year}; {difference} "
                    f"{'sopra' if value > region else 'sotto'} la Lombardia ({fmt(region, decimals)}).")
    else:
        expected = (f"Lodi — {label_en}: {fmt(value, decimals)} in {year}; {difference} "
                    f"{'above' if value > region else 'below'} Lombardy ({fmt(region, decimals)}).")
    assert chart_summaries.gauge_summary(LODI, indicator, lang) == expected


@pytest.mark.parametrize("lang", ["it", "en"])
def test_pyramid_summary_total_and_share_65_plus(lang):
    (year,) = sql("SELECT max(year) FROM population_age_band WHERE comune_code = ?", LODI)[0]
    total, older = sql("SELECT sum(count), sum(count) FILTER (WHERE band_start >= 65) FROM population_age_band "
                       "WHERE comune_code = ? AND year = ?", LODI, year)[0]
    fmt = italian if lang == "it" else english
    summary = chart_summaries.pyramid_summary(LODI, lang)
    words = "residenti nel" if lang == "it" else "residents in"
    aged = "con 65 anni e più" if lang == "it" else "aged 65 and over"
    assert summary.startswith(f"Lodi: {fmt(total, 0)} {words} {year}, {fmt(100 * older / total, 1)}% {aged}; ")


# --- the pages ----------------------------------------------------------------------------------------------

def plain(text: str) -> str:
    """A caption as the reader sees it (Markdown escapes removed)."""
    return re.sub(r"\\(.)", r"\1", str(text))


def check_charts(app, png: str = "Scarica PNG", svg: str = "Scarica SVG") -> int:
    """Every Plotly chart has alt text, a caption saying the same, and a PNG and an SVG button; the camera of its
    modebar saves a PNG named after the chart."""
    charts = app.get("plotly_chart")
    # under the chart, or (the at-a-glance chart) the sentence above it
    shown = [plain(c.value) for c in app.caption] + [plain(m.value) for m in app.markdown]
    for chart in charts:
        assert chart.proto.alt.strip(), "a chart without alt text"
        assert chart.proto.alt in shown, (chart.proto.alt, shown)
        options = json.loads(chart.proto.config)["toImageButtonOptions"]
        assert options["format"] == "png" and options["filename"]
    labels = [b.proto.label for b in app.get("download_button")]
    assert labels.count(png) == labels.count(svg) == len(charts)
    return len(charts)


@pytest.mark.parametrize("page, params, least", [
    ("pages/tendenze.py", {"territorio": LODI}, 2),
    ("pages/tendenze.py", {"territorio": MILANO, "lingua": "en"}, 2),
    ("pages/confronta.py", {"territorio": LODI}, 4),
    ("pages/spesa.py", {"territorio": LODI}, 2),
    ("pages/spesa.py", {"territorio": REGION}, 2),
    ("pages/panoramica.py", {"territorio": LODI}, 1),
    ("pages/panoramica.py", {"territorio": "ambito-distrettuale-di-lodi", "lingua": "en"}, 1),
])
def test_every_chart_has_summary_alt_and_two_image_buttons(page, params, least):
    app = run_page(page, **params)
    english_page = params.get("lingua") == "en"
    drawn = check_charts(app, *(("Download PNG", "Download SVG") if english_page else ("Scarica PNG", "Scarica SVG")))
    assert drawn >= least


def test_trend_page_caption_is_the_summary():
    app = run_page("pages/tendenze.py", territorio=LODI, indicatore="share_65_plus")
    assert chart_summaries.trend_summary("share_65_plus", LODI, "it") in [plain(c.value) for c in app.caption]


@pytest.mark.parametrize("page, params, source_line", [
    ("pages/tendenze.py", {"indicatore": "share_65_plus"},
     lambda lang: chart_summaries.trend_source("share_65_plus", LODI, lang)),
    ("pages/confronta.py", {"indicatore": "social_spending_per_capita", "confronto": f"{LODI},{REGION},{MILANO}"},
     lambda lang: chart_summaries.compare_source((LODI, REGION, MILANO), "social_spending_per_capita", None, lang)),
])
def test_page_source_captions_are_the_image_source_lines(page, params, source_line):
    """The sources under a chart on the page and those drawn into its image are the same lines."""
    app = run_page(page, territorio=LODI, **params)
    lines = source_line("it").splitlines()
    assert lines and all(line.startswith("Fonte: ") for line in lines)
    captions = [c.value for c in app.caption if str(c.value).startswith("Fonte: ")]
    assert list(dict.fromkeys(c for c in captions if c in lines)) == lines  # a later section may repeat one


def test_gauges_have_their_summary_as_text_and_caption():
    app = run_page("pages/panoramica.py", territorio=LODI)
    images = [image for element in app.get("image") for image in element.proto.imgs]
    for indicator in page_data.PROFILE_GAUGES:
        summary = chart_summaries.gauge_summary(LODI, indicator, "it")
        assert any(image.alt == summary for image in images), summary
        assert any(plain(c.value).startswith(summary + " Scala del quadrante") for c in app.caption), summary


def test_the_gauge_gap_is_the_difference_of_the_figures_it_shows(monkeypatch):
    """Lodi's RSA places: 5,987 against Lombardy's 5,644 are shown as 6,0 and 5,6, so the gauge says +0,4 like its
    sentence (from unrounded values it said +0,3)."""
    from cruscotto import charts
    drawn = []
    original = charts.gauge_svg
    monkeypatch.setattr(charts, "gauge_svg", lambda *args, **kwargs: drawn.append(args) or original(*args, **kwargs))
    run_page("pages/panoramica.py", territorio=LODI)
    profile_drawn = len(drawn)
    for slide in range(1, 16):  # presentation mode draws its own, larger copy on the gauges' slide
        run_page("pages/panoramica.py", territorio=LODI, presenta="1", diapositiva=str(slide))
        if len(drawn) > profile_drawn:
            break
    assert profile_drawn and len(drawn) > profile_drawn, "no gauge drawn on the profile or on a slide"
    indicator = "rsa_places_per_100_75plus"
    (year,) = sql("SELECT max(year) FROM observation WHERE territory_code = ? AND indicator_id = ?", LODI, indicator)[0]
    own, region = (sql("SELECT value FROM observation WHERE territory_code = ? AND indicator_id = ? AND year = ?",
                       code, indicator, year)[0][0] for code in (LODI, REGION))
    (decimals,) = sql("SELECT decimals FROM indicator WHERE id = ?", indicator)[0]
    gap = round(own, decimals) - round(region, decimals)
    expected = ("+" if gap >= 0 else "−") + f"{abs(gap):.{decimals}f}".replace(".", ",")
    for gauges in (drawn[:profile_drawn], drawn[profile_drawn:]):
        assert any(args[0] == own and args[5] == expected for args in gauges), [(a[0], a[5]) for a in gauges]
