"""The printable profile (scheda, cruscotto/scheda.py): its text read back from the PDF with pypdf holds the
territory's name, its figures (expected values computed here with plain SQL, formatted independently), their
sources and licences, in Italian and in English without Italian in the fixed text; A4, one or two pages, vector
charts (no pictures), for every level. The command line writes it atomically and fails cleanly."""
import io
import os
import re
import subprocess
import sys

import pytest
from pypdf import PdfReader

from cruscotto import database_file, result_cache, scheda, scheda_content, scheda_graphics
from cruscotto.paths import DB_PATH, REPO
from cruscotto.levels import REGION_CODE
from tests.apptest_helpers import italian, run_page, sql
from tests.language_words import other_language_words, proper_names

A4_POINTS = (595.28, 841.89)
LODI = "098031"
URL = "http://example.org/cruscotto/panoramica?territorio=098031&lingua=it"


@pytest.fixture(scope="module", autouse=True)
def fresh_store():
    """The dashboard's database as the pages read it (built first when data/raw/ changed)."""
    database_file.forget()
    result_cache.clear_all()
    database_file.current()
    yield
    result_cache.clear_all()


def pdf_of(code: str, lang: str, url: str = URL) -> PdfReader:
    return PdfReader(io.BytesIO(scheda.scheda_pdf(code, lang, url)))


def text_of(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def one_line(text: str) -> str:
    """The text with line breaks as spaces: a phrase may wrap at the end of a line."""
    return re.sub(r"\s+", " ", text)


def english(value: float, decimals: int) -> str:
    return f"{value:,.{decimals}f}"


def latest(indicator: str, code: str):
    """(value, year, source name it, source name en, licence) of the latest figure, straight from the database."""
    return sql("SELECT o.value, o.year, s.name_it, s.name_en, s.licence FROM observation o JOIN source s USING (source_id) "
               "WHERE o.indicator_id = ? AND o.territory_code = ? AND o.value IS NOT NULL "
               "ORDER BY o.year DESC LIMIT 1", indicator, code)[0]


def test_italian_scheda_holds_the_name_a_figure_and_its_source():
    text = one_line(text_of(pdf_of(LODI, "it")))
    value, year, source_it, _, licence = latest("share_65_plus", LODI)
    population, population_year, population_source, _, _ = latest("population", LODI)
    assert "Lodi" in text and "Comune · Provincia di Lodi" in text
    assert f"Quota 65 anni e più (%) {italian(value, 1)}" in text  # the headline table's row: label, then value
    assert f"{italian(population, 0)} * {population_year}" in text  # a count, provisional (*), then its year
    assert source_it in text and population_source in text
    assert f"{source_it} (ISTAT); licenza: {licence}" in text
    assert "Scheda del territorio" in text and "Il territorio in sintesi" in text
    assert str(year) in text


def test_english_scheda_holds_the_figure_in_english_and_no_italian():
    text = one_line(text_of(pdf_of(LODI, "en", URL.replace("lingua=it", "lingua=en"))))
    value, _, _, source_en, licence = latest("share_65_plus", LODI)
    assert "Lodi" in text and "Municipality · Province of Lodi" in text
    assert f"Share aged 65+ (%) {english(value, 1)}" in text
    assert f"{source_en} (ISTAT); licence: {licence}" in text
    assert "Welfare Dashboard · Lodi · page 1 of" in text
    found = other_language_words(text, "en", proper_names())
    assert not found, f"Italian words in the English scheda: {sorted(found)}"


def test_italian_scheda_has_no_english_words():
    found = other_language_words(one_line(text_of(pdf_of(LODI, "it"))), "it", proper_names())
    assert not found, f"English words in the Italian scheda: {sorted(found)}"


def test_benchmarks_and_similar_comuni_are_in_the_table_and_the_list():
    text = one_line(text_of(pdf_of(LODI, "it")))
    region = sql("SELECT value FROM observation WHERE indicator_id = 'share_65_plus' AND territory_code = '03' AND "
                 "year = (SELECT max(year) FROM observation WHERE indicator_id = 'share_65_plus' AND territory_code = ?)",
                 LODI)[0][0]
    assert italian(region, 1) in text and "Lombardia" in text
    neighbours = sql("SELECT t.name, s.distance FROM similar_comune s JOIN territory t ON t.code = s.neighbour_code "
                     "WHERE s.comune_code = ? ORDER BY s.rank", LODI)
    assert len(neighbours) == 10
    for rank, (name, distance) in enumerate(neighbours, start=1):
        assert f"{rank}. {name} (distanza {italian(distance, 2)})" in text
    # the group's figure: the neighbours' numerators summed over their denominators, at Lodi's year
    numerator, denominator = sql(
        "SELECT sum(o.numerator), sum(o.denominator) FROM observation o JOIN similar_comune s ON s.neighbour_code = "
        "o.territory_code AND s.comune_code = ? WHERE o.indicator_id = 'share_65_plus' AND o.year = "
        "(SELECT max(year) FROM observation WHERE indicator_id = 'share_65_plus' AND territory_code = ?)", LODI, LODI)[0]
    assert "10 comuni simili" in text and italian(100 * numerator / denominator, 1) in text


@pytest.mark.parametrize("code", [LODI, "NIL01", "MUN01", "ambito-distrettuale-di-lodi", "098", REGION_CODE, "015146"])
def test_every_level_gives_one_or_two_a4_pages_of_real_text(code):
    reader = pdf_of(code, "it")
    assert 1 <= len(reader.pages) <= 2
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width, 2), round(height, 2)) == A4_POINTS
        xobjects = page.get("/Resources", {}).get("/XObject", {})
        assert not [name for name, item in xobjects.items() if item.get_object().get("/Subtype") == "/Image"]
    text = text_of(reader)
    name = sql("SELECT name FROM territory WHERE code = ?", code)[0][0]
    assert name in text
    assert f"Cruscotto Welfare · {name} · pagina {len(reader.pages)} di {len(reader.pages)}" in text
    # every character drawn is one the built-in Helvetica has (no black boxes for arrows or symbols)
    assert not [ch for ch in text if not scheda_graphics._in_winansi(ch) and ch not in "\n"]


def test_a_territory_without_a_topic_says_why():
    text = one_line(text_of(pdf_of("NIL01", "it")))
    assert "Reddito: dato non disponibile per questo territorio." in text
    assert "Comuni simili" not in text  # a NIL has no statistical neighbours


def test_provisional_and_flagged_figures_are_marked():
    # a comune whose latest headline figure the build flagged, and which has it in the table
    flagged = sql("SELECT o.territory_code, o.indicator_id, o.flag FROM observation o JOIN territory t ON t.code = "
                  "o.territory_code JOIN indicator i ON i.id = o.indicator_id AND i.headline WHERE t.level = 'comune' "
                  "AND o.flag = 'unreliable' AND o.year = (SELECT max(year) FROM observation p WHERE p.indicator_id = "
                  "o.indicator_id AND p.territory_code = o.territory_code) ORDER BY 1, 2 LIMIT 1")
    assert flagged, "the database has no flagged headline figure of a comune to show"
    code = flagged[0][0]
    text = one_line(text_of(pdf_of(code, "it")))
    assert "! valore poco affidabile" in text
    assert re.search(r"\d( \*)? !", text)  # the flagged figure carries the mark (after any provisional one)
    assert "* dato provvisorio" in text


def test_view_url_keeps_the_dashboard_address_and_drops_the_page():
    assert scheda.view_url("https://welfare.example.org/cruscotto/panoramica", "NIL01", "en") == \
        "https://welfare.example.org/cruscotto/panoramica?territorio=NIL01&lingua=en"
    assert scheda.view_url("http://localhost:8501/tendenze", LODI, "it") == \
        "http://localhost:8501/panoramica?territorio=098031&lingua=it"
    assert scheda.view_url(None, LODI, "it") == "http://localhost:8501/panoramica?territorio=098031&lingua=it"
    assert scheda.view_url("javascript:alert(1)", LODI, "it").startswith("http://localhost:8501/")
    assert scheda.file_name(LODI, "en") == "scheda_098031_en.pdf"


def test_the_link_reopens_the_view_and_is_clickable():
    reader = pdf_of(LODI, "it")
    assert URL in one_line(text_of(reader)).replace(" ", "")
    links = [annotation.get_object()["/A"]["/URI"] for page in reader.pages
             for annotation in page.get("/Annots", []) if annotation.get_object().get("/Subtype") == "/Link"]
    assert links == [URL]


def test_text_outside_the_built_in_font_becomes_words_or_goes():
    assert scheda_graphics.pdf_text("χ² ≥ 3 ↗ ⚠") == "chi² >= 3  !"
    assert scheda_graphics.pdf_text("Città è più — 24,5% · €") == "Città è più — 24,5% · €"


def test_scheda_strings_speak_one_language_in_the_built_in_font():
    from cruscotto.strings_scheda import STRINGS
    for key, texts in STRINGS.items():
        assert set(texts) == {"it", "en"}, key
        for lang, text in texts.items():
            words = re.sub(r"\{[a-z_]+\}", " ", text)  # placeholders are names, not words
            assert not other_language_words(words, lang, proper_names()), (key, lang)
            assert scheda_graphics.pdf_text(text) == text, (key, lang)  # nothing the PDF's Helvetica lacks


T_CRITICAL = {1: 12.706, 2: 4.303, 3: 3.182}  # two-sided 5% Student t, by degrees of freedom (≤ 5 points)
CHI2_CRITICAL = 3.841                           # two-sided 5%, chi-squared with 1 df


def expected_direction(indicator: str, code: str) -> str | None:
    """The recent trend written out from the stated method (cruscotto/trend.py's docstring) on plain SQL: the last
    ≤ 5 points sharing the latest one's source and coverage, at least 3; the linear trend in proportions where the
    counts are known, else the least-squares slope's t statistic; not significant at 5%: stable."""
    rows = sql("SELECT o.year, o.value, o.numerator, o.denominator, o.source_id, o.parts_with_data, o.parts_total, "
               "i.interval FROM observation o JOIN indicator i ON i.id = o.indicator_id WHERE o.indicator_id = ? "
               "AND o.territory_code = ? AND o.value IS NOT NULL ORDER BY o.year", indicator, code)
    window = []
    for row in reversed(rows):
        if len(window) == 5 or row[4:7] != rows[-1][4:7]:
            break
        window.insert(0, row)
    if len(window) < 3:
        return None
    years = [float(row[0]) for row in window]
    if window[0][7] in ("wilson", "byar") and all(row[2] is not None and row[3] is not None for row in window):
        events = [float(row[2]) for row in window]
        trials = [float(row[3]) + (float(row[2]) if window[0][7] == "byar" else 0.0) for row in window]
        total, share = sum(trials), sum(events) / sum(trials)
        mean_year = sum(n * x for n, x in zip(trials, years)) / total
        score = sum(r * (x - mean_year) for r, x in zip(events, years))
        variance = share * (1 - share) * sum(n * (x - mean_year) ** 2 for n, x in zip(trials, years))
        significant, sign = score ** 2 / variance > CHI2_CRITICAL, score
    else:
        values = [float(row[1]) for row in window]
        n, mean_x, mean_y = len(years), sum(years) / len(years), sum(values) / len(values)
        sxx = sum((x - mean_x) ** 2 for x in years)
        slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(years, values)) / sxx
        residuals = sum((y - mean_y - slope * (x - mean_x)) ** 2 for x, y in zip(years, values))
        if residuals == 0:
            significant = slope != 0
        else:
            significant = abs(slope) / ((residuals / (n - 2) / sxx) ** 0.5) > T_CRITICAL[n - 2]
        sign = slope
    return ("up" if sign > 0 else "down") if significant else "stable"


def test_glance_rows_carry_the_recent_trend_as_drawn_arrows_with_words():
    headline = [indicator for (indicator,) in sql("SELECT id FROM indicator WHERE headline")]
    expected = {indicator: expected_direction(indicator, LODI) for indicator in headline}
    directions = {direction for direction in expected.values() if direction is not None}
    assert directions, "Lodi has no recent trend to show"
    text = one_line(text_of(pdf_of(LODI, "it")))
    words = {"up": "in aumento", "stable": "stabile", "down": "in calo"}
    for direction, shown in words.items():
        assert (f" {shown} " in text.split("Ogni riga ha la sua scala")[0]) == (direction in directions), direction


def test_key_trends_prefer_indicators_with_a_recent_trend():
    """Lodi's income per taxpayer and low incomes have a recent trend, its ageing series (census, then another
    source) have none: the scheda draws the first two, and one more in TREND_CANDIDATES' order."""
    chosen = scheda_content.collect(LODI, "en").trends
    with_trend = [group[0] for group in scheda_content.TREND_CANDIDATES
                  if expected_direction(group[0], LODI) is not None]
    assert len(with_trend) >= 2, "the case is not exercised"
    assert [key.indicator_id for key in chosen if key.direction is not None] == with_trend[:scheda_content.TRENDS_SHOWN]
    assert all(key.direction == expected_direction(key.indicator_id, LODI) for key in chosen)
    assert len(chosen) == scheda_content.TRENDS_SHOWN


def test_panoramica_offers_the_scheda_in_the_reader_language():
    for lang, label in (("it", "Scarica la scheda (PDF)"), ("en", "Download the profile (PDF)")):
        app = run_page("pages/panoramica.py", territorio=LODI, lingua=lang)
        buttons = [button for button in app.get("download_button") if button.proto.label == label]
        assert len(buttons) == 1, lang


# -- the command line ------------------------------------------------------------------------------------------
def cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cruscotto", "scheda", *map(str, args)], cwd=REPO,
                          capture_output=True, text=True, timeout=300)


def test_cli_writes_the_scheda(tmp_path):
    out = tmp_path / "lodi.pdf"
    done = cli(LODI, "--out", out, "--lingua", "en", "--db", DB_PATH, "--url-base", "https://welfare.example.org")
    assert done.returncode == 0, done.stderr
    assert f"Profile of Lodi written to {out}" in done.stdout
    reader = PdfReader(out)
    assert 1 <= len(reader.pages) <= 2
    text = one_line(text_of(reader))
    assert "https://welfare.example.org/panoramica?territorio=098031&lingua=en" in text.replace(" ", "")
    assert "Share aged 65+" in text
    assert [p.name for p in tmp_path.iterdir()] == ["lodi.pdf"]  # no temporary file left behind
    assert oct(out.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def test_cli_refuses_an_unknown_code_and_leaves_the_file_as_it_was(tmp_path):
    out = tmp_path / "old.pdf"
    out.write_bytes(b"previous")
    done = cli("999999", "--out", out, "--db", DB_PATH)
    assert done.returncode == 1
    assert "Codice di territorio sconosciuto: 999999" in done.stderr and "Traceback" not in done.stderr
    assert out.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["old.pdf"]


def test_cli_says_when_the_database_is_missing(tmp_path):
    done = cli(LODI, "--out", tmp_path / "x.pdf", "--db", tmp_path / "none.duckdb", "--lingua", "en")
    assert done.returncode == 1
    assert "No database at" in done.stderr and "python -m cruscotto build" in done.stderr
    assert not (tmp_path / "x.pdf").exists()


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def test_at_a_glance_labels_are_whole_or_visibly_cut():
    """Every label of the drawing is the catalogue's whole label (a long one in smaller type), never cut silently."""
    labels = {label for (label,) in sql("SELECT label_en FROM indicator WHERE headline")}
    page_lines = pdf_of(LODI, "en", URL.replace("lingua=it", "lingua=en")).pages[0].extract_text().splitlines()
    # a row of the drawing: its label, then a line "2026 · 1,502 Lombardy municipalities"
    drawn = [line for line, below in zip(page_lines, page_lines[1:]) if re.match(r"^\d{4} · ", below)]
    assert len(drawn) >= 8 and "Nursing-home (RSA) places per 100 residents 75+" in drawn
    for line in drawn:
        assert line in labels or line.endswith("…"), f"{line!r} cut without an ellipsis"
    assert scheda_graphics.wrapped("one two three four five six", 40, lines=1)[0].endswith("…")
    assert len(scheda_graphics.wrapped("one two three four five six", 40, lines=2)) == 2
    assert all(scheda_graphics.stringWidth(line, scheda_graphics.FONT, 7.0) <= 40
               for line in scheda_graphics.wrapped("Supercalifragilisticexpialidocious word two", 40, lines=2))
