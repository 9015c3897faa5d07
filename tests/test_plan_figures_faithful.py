"""The Piani di Zona figures (data/raw/plans/plan_figures.csv) are quoted faithfully (issue 11, item 5):
each number stands in the words of its document (column `quote`), and those words in the document's seed
text — never only in a list of other documents' titles ("Presentazioni simili"); a year only where the
document states it (column `year_quote`); a percentage the document does not print says what it was
computed from; a figure is known by its content, so reordering the file changes no match. And the build's
checks of the file can fail (item 7)."""
import re

import duckdb
import pandas as pd
import pytest

from cruscotto import data, page_data
from cruscotto.build import ValidationError, plans
from cruscotto.build.context import BuildContext
from cruscotto.catalogue import load_indicators, load_plan_figure_matches, load_sources, load_terms
from cruscotto.paths import QUERIES_DIR, RAW_DIR, REPO
from tests.apptest_helpers import italian, sql
from tests.language_words import other_language_words, proper_names

PLANS_CSV = RAW_DIR / "plans" / "plan_figures.csv"
# The documents' text lives beside the repository (../shared/seeds), not in it.
SEEDS_DIR = REPO.parent / "shared" / "seeds"
# Slide-sharing pages list other documents' titles between these two lines: not the plan's words.
OTHER_DOCUMENTS = re.compile(r"Presentazioni simili.*?Transcript della presentazione:", re.DOTALL)


def figures() -> pd.DataFrame:
    return pd.read_csv(PLANS_CSV, dtype=str, keep_default_na=False)


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def plan_text(seed: str) -> str:
    """The seed's text without the lists of other documents' titles, on one line."""
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"the seed documents are not here ({SEEDS_DIR})")
    return one_line(OTHER_DOCUMENTS.sub(" ", (SEEDS_DIR / seed).read_text(encoding="utf-8")))


def as_printed(value: str) -> str:
    """'19084183' -> '19.084.183', '20.35' -> '20,35': the CSV's value as an Italian document prints it."""
    decimals = len(value.partition(".")[2])
    return italian(float(value), decimals)


def stands_in(number: str, text: str) -> bool:
    """number occurs in text as a whole number, not as part of a longer one ('19' is not in '19.084.183')."""
    return re.search(rf"(?<![\d.,]){re.escape(number)}(?![\d]|[.,]\d)", text) is not None


def test_the_lists_of_other_documents_are_cut_from_the_seeds():
    # the Milan 2012-2014 seed: "9 Circoscrizioni 9 Distretti Sociali" is the title of another presentation
    whole = one_line((SEEDS_DIR / "000_72f0b702410a44ed.txt").read_text(encoding="utf-8")) if SEEDS_DIR.is_dir() else ""
    cut = plan_text("000_72f0b702410a44ed.txt")
    assert "9 Circoscrizioni 9 Distretti Sociali" in whole
    assert "9 Circoscrizioni" not in cut
    assert "pari al 19,9%" in cut and "Piano di sviluppo del welfare" in cut


def test_every_quote_stands_in_its_document_outside_lists_of_other_documents():
    for _, figure in figures().iterrows():
        text = plan_text(figure["source_seed"])
        assert figure["quote"] and figure["quote"] in text, (figure["measure"], figure["quote"])
        if figure["year_quote"]:
            assert figure["year_quote"] in text, (figure["measure"], figure["year_quote"])


def test_each_printed_figure_stands_in_its_quote():
    for _, figure in figures().iterrows():
        if figure["computed_from"]:
            continue
        assert stands_in(as_printed(figure["value"]), figure["quote"]), (figure["measure"], figure["value"])


# inputs of the percentages the documents do not print: "a partecipanti su b adesioni", or a fraction in words
COUNTS = re.compile(r"^(\d+) partecipanti su (\d+) adesioni$")
FRACTIONS = {"un terzo della spesa sociale complessiva": (1, 3)}


def test_computed_percentages_recompute_from_the_printed_counts():
    computed = figures()[figures()["computed_from"] != ""]
    assert len(computed) == 6  # 5 Melzo Lab.Go attendances, the Lodi share bought through Aziende
    for _, figure in computed.iterrows():
        assert figure["unit"] == "percent"
        assert figure["computed_from"] in figure["quote"]
        counts = COUNTS.match(figure["computed_from"])
        part, whole = (int(counts[1]), int(counts[2])) if counts else FRACTIONS[figure["computed_from"]]
        assert float(figure["value"]) == round(100 * part / whole, 1), figure["measure"]


def test_a_year_only_where_the_document_states_it():
    frame = figures()
    for _, figure in frame.iterrows():
        if figure["year"]:
            assert re.search(rf"\b{figure['year']}\b", figure["year_quote"]), (figure["measure"], figure["year"])
    # the document's own date is not the figure's year: the Lodi 2015-2017 plan states none for its figures,
    # the Milan 2012-2014 plan none for its theses (25%, 43%) nor for the coverage of requests at the desks
    undated = frame[frame["year"] == ""]
    assert set(undated.loc[undated["territory"] == "Ambito di Lodi", "measure"]) == set(
        frame.loc[frame["territory"] == "Ambito di Lodi", "measure"])
    milan_2012 = frame[frame["source_document"] == "Piano di sviluppo del welfare della citta di Milano 2012-2014"]
    assert sorted(milan_2012.loc[milan_2012["year"] == "", "value"], key=float) == ["22.2", "25", "31.7", "43", "63.8"]


def test_a_title_in_a_list_of_other_documents_is_no_figure_of_the_plan():
    frame = figures()
    assert not frame["measure"].str.contains("Circoscrizioni").any()
    assert not frame["quote"].str.contains("9 Circoscrizioni").any()


def test_computed_percentages_say_so_in_both_languages():
    for lang, words in (("it", "calcolato da 14 partecipanti su 28 adesioni"),
                        ("en", "computed from 14 attending out of 28 signed up")):
        table = page_data.plan_figures_table(lang)
        values = [cell.replace("\\", "") for cell in table.iloc[:, 4]]
        assert f"50% ({words})" in values, values
        assert sum("(" in value for value in values) == 6  # only the computed ones
    terms = load_terms()
    for inputs in figures().loc[figures()["computed_from"] != "", "computed_from"]:
        english = terms.at[inputs, "en"]
        assert english != inputs and not other_language_words(english, "en", proper_names()), inputs


# --- a figure is its content, not its row ------------------------------------------------------------------

# the matched figures, read by hand from the documents: (territory, measure as /fonti words it, value)
MATCHED = {("Milano", "Famiglie di una sola persona", 57.0), ("Milano", "Popolazione con background migratorio", 20.0),
           ("Ambito di Cremona", "Spesa sociale pro capite", 120.0),
           ("Provincia di Cremona", "Spesa sociale pro capite", 107.0), ("Lombardia", "Spesa sociale pro capite", 124.0)}


def plan_table_from(frame: pd.DataFrame, tmp_path) -> pd.DataFrame:
    """What queries/plan_figures.sql returns once the build has loaded this version of the file."""
    raw = tmp_path / "raw"
    (raw / "plans").mkdir(parents=True)
    frame.to_csv(raw / "plans" / "plan_figures.csv", index=False)
    ctx = BuildContext(raw_dir=raw, indicators=load_indicators(), sources=load_sources())
    plans.load(ctx)
    with duckdb.connect() as con:
        con.register("plan_figure", ctx.tables["plan_figure"])
        return con.execute((QUERIES_DIR / "plan_figures.sql").read_text(encoding="utf-8")).df()


def test_reordering_the_file_changes_no_match(tmp_path, monkeypatch):
    shuffled = figures().sample(frac=1, random_state=11).reset_index(drop=True)
    assert list(shuffled["measure"]) != list(figures()["measure"])
    plan = plan_table_from(shuffled, tmp_path)
    query = data.query
    monkeypatch.setattr(data, "query", lambda name, **params: plan if name == "plan_figures" else query(name, **params))
    page_data.plan_figures_beside_today.clear()
    try:
        beside = page_data.plan_figures_beside_today("it")
    finally:
        page_data.plan_figures_beside_today.clear()
    matched = beside[beside["today_indicator"] != ""]
    assert set(zip(matched["territory"], matched["measure"], matched["value"])) == MATCHED
    lombardy = matched[matched["territory"] == "Lombardia"].iloc[0]
    (latest,), = sql("""SELECT value FROM observation WHERE indicator_id = 'social_spending_per_capita'
                        AND territory_code = '03' ORDER BY year DESC LIMIT 1""")
    assert lombardy["today_value"] == pytest.approx(latest)


def test_every_match_names_a_figure_by_its_content():
    keys = set(figures()[plans.FIGURE_KEY].itertuples(index=False, name=None))
    matches = load_plan_figure_matches()
    assert set(matches[plans.FIGURE_KEY].itertuples(index=False, name=None)) <= keys
    assert "figure_id" not in matches.columns


def test_a_match_naming_no_figure_stops_the_build():
    matches = load_plan_figure_matches()
    matches.loc[0, "measure"] = "Famiglie monocomponente"  # a typo
    with pytest.raises(ValidationError, match="plan_figure_matches.csv"):
        plans.check_matches(figures(), matches, set(load_indicators()["id"]))


# --- the build's checks of the file can fail (issue 11, item 7) ----------------------------------------------

def load_broken(tmp_path, change) -> str:
    frame = figures()
    change(frame)
    with pytest.raises(ValidationError) as caught:
        plan_table_from(frame, tmp_path)
    return str(caught.value)


def blank(column: str, row: int, text: str = ""):
    def change(frame):
        frame.loc[row, column] = text
    return change


@pytest.mark.parametrize("text", ["", "   "])
def test_a_blank_required_cell_stops_the_build(tmp_path, text):
    message = load_broken(tmp_path, blank("measure", 5, text))
    assert "plan_figures.csv" in message and "'measure'" in message
    assert re.search(r"\b7\b", message)  # row 7 as a spreadsheet numbers it (header = row 1)


def test_a_blank_quote_stops_the_build(tmp_path):
    assert "'quote'" in load_broken(tmp_path, blank("quote", 0))


def test_a_year_the_document_does_not_state_stops_the_build(tmp_path):
    def date_lodi(frame):  # the plan's first year, which its slides do not give as the figures' year
        frame.loc[frame["territory"] == "Ambito di Lodi", "year"] = "2015"
    assert "year_quote" in load_broken(tmp_path, date_lodi)


def test_the_same_figure_twice_stops_the_build(tmp_path):
    def duplicate(frame):
        frame.loc[len(frame)] = frame.loc[0]
    assert "source_document" in load_broken(tmp_path, duplicate)
