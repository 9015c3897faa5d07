"""The profile's "at a glance" rows and chart (issue 12, item 1): figures and spreads equal what plain SQL and
NumPy give on the database; the verdict against Lombardy follows the indicator's polarity and is never given
where it cannot be (a flagged figure, no interval, no figure for Lombardy); one query serves every row."""
import csv
import io
import itertools
import math

import numpy as np
import pandas as pd
import pytest
from reportlab.graphics.shapes import Group

from cruscotto import charts_glance, downloads, glance, result_cache, scheda_graphics
from cruscotto.db import Database
from cruscotto.levels import REGION_CODE
from tests.apptest_helpers import sql

LODI, AMBITO_LODI, PROVINCE_LODI, NIL = "098031", "ambito-distrettuale-di-lodi", "098", "NIL21"
MILANO = "015146"
# territory -> the level of its peers, as the issue defines them (a NIL against all NIL, an ambito against ambiti…)
CASES = [(LODI, "comune", ["foreign_share", "income_per_taxpayer", "share_65_plus"]),
         (AMBITO_LODI, "ambito", ["old_age_index", "low_income_share_10k"]),
         (PROVINCE_LODI, "provincia", ["foreign_share", "rsa_places_per_100_75plus"]),
         (NIL, "nil", ["reg_share_65_plus", "reg_one_person_households_share"])]


def latest_year(territory: str, indicator: str) -> int:
    return sql("SELECT max(year) FROM observation WHERE territory_code = ? AND indicator_id = ? AND value IS NOT NULL",
               territory, indicator)[0][0]


def peer_values(level: str, indicator: str, year: int) -> np.ndarray:
    """Every territory of the level with an unflagged value that year (flagged values stay out of spreads)."""
    rows = sql("SELECT o.value FROM observation o JOIN territory t ON t.code = o.territory_code "
               "WHERE t.level = ? AND o.indicator_id = ? AND o.year = ? AND o.value IS NOT NULL AND o.flag IS NULL",
               level, indicator, year)
    return np.array([value for (value,) in rows], dtype=float)


def row_of(territory: str, indicator: str, lang: str = "it") -> dict:
    rows = glance.glance_rows(territory, lang)
    return rows[rows["indicator_id"] == indicator].iloc[0].to_dict()


@pytest.mark.parametrize("territory,level,indicators", CASES)
def test_values_and_spreads_equal_plain_sql(territory, level, indicators):
    for indicator in indicators:
        row = row_of(territory, indicator)
        year = latest_year(territory, indicator)
        own = sql("SELECT value, numerator, denominator FROM observation WHERE territory_code = ? AND indicator_id = ? "
                  "AND year = ?", territory, indicator, year)[0]
        values = peer_values(level, indicator, year)
        assert row["year"] == year and row["peer_level"] == level
        assert row["value"] == pytest.approx(own[0]) and row["numerator"] == pytest.approx(own[1])
        assert row["peers_n"] == len(values) > 5
        expected = np.percentile(values, [0, 25, 50, 75, 100])  # linear interpolation, as quantile_cont
        got = [row[column] for column in ("p_min", "p25", "p50", "p75", "p_max")]
        assert got == pytest.approx(list(expected), rel=1e-9), indicator


def test_lodi_region_value_and_benchmarks_are_the_same_years_figures():
    row = row_of(LODI, "foreign_share")
    year = latest_year(LODI, "foreign_share")
    figure = dict(sql("SELECT territory_code, value FROM observation WHERE indicator_id = 'foreign_share' AND year = ? "
                      "AND territory_code IN ('03', '098', 'ambito-distrettuale-di-lodi', 'asst-di-lodi')", year))
    assert row["region_value"] == pytest.approx(figure[REGION_CODE])
    markers = dict(row["markers"])
    assert markers["Provincia di Lodi"] == pytest.approx(figure["098"])
    assert markers["Ambito distrettuale di Lodi"] == pytest.approx(figure["ambito-distrettuale-di-lodi"])
    assert markers["ASST di Lodi"] == pytest.approx(figure["asst-di-lodi"])
    assert "Lombardia" not in markers  # the centre line, not a marker


def test_the_similar_comuni_group_is_a_marker_with_its_summed_rate():
    row = row_of(LODI, "foreign_share")
    name, value = row["markers"][-1]
    codes = [code for (code,) in sql("SELECT neighbour_code FROM similar_comune WHERE comune_code = ?", LODI)]
    assert len(codes) == 10 and LODI not in codes
    numerator, denominator = sql(
        f"SELECT sum(numerator), sum(denominator) FROM observation WHERE indicator_id = 'foreign_share' AND year = ? "
        f"AND territory_code IN ({', '.join('?' * len(codes))})", row["year"], *codes)[0]
    assert "simili" in name and value == pytest.approx(100 * numerator / denominator)


def test_a_count_has_no_spread_against_smaller_areas_and_no_verdict():
    region_population = row_of(REGION_CODE, "population")
    assert region_population["peers_n"] == 0 and pd.isna(region_population["p50"])
    assert region_population["verdict"] == "not_compared"
    lodi_population = row_of(LODI, "population")  # comuni among comuni: a spread, but a total is not judged
    assert lodi_population["peers_n"] == len(peer_values("comune", "population", lodi_population["year"]))
    assert lodi_population["verdict"] == "not_compared"


def test_rows_follow_the_catalogue_grouped_by_topic():
    rows = glance.glance_rows(LODI, "it")
    headline = [indicator for (indicator,) in sql(
        "SELECT DISTINCT o.indicator_id FROM observation o JOIN indicator i ON i.id = o.indicator_id "
        "WHERE i.headline AND o.territory_code = ?", LODI)]
    assert sorted(rows["indicator_id"]) == sorted(headline)
    blocks = [topic for topic, _ in itertools.groupby(rows["topic"])]
    assert len(blocks) == len(set(blocks)), "a topic's rows are not together"
    catalogue_topics = list(dict.fromkeys(topic for (topic,) in sql("SELECT topic FROM indicator ORDER BY rowid")))
    assert blocks == [topic for topic in catalogue_topics if topic in blocks]


def record(polarity: str, interval: str = "wilson", aggregation: str = "ratio") -> dict:
    return {"polarity": polarity, "interval": interval, "aggregation": aggregation, "multiplier": 100.0}


OWN = {"value": 10.0, "numerator": 100.0, "denominator": 1000.0, "flag": None}  # 10%, 95% CI about 8.3–12.0%


@pytest.mark.parametrize("polarity,expected", [("lower_better", "better"), ("higher_better", "worse"),
                                                ("neutral", "lower")])
def test_a_significantly_lower_figure_is_judged_by_polarity(polarity, expected):
    assert glance.verdict_of(OWN, 15.0, record(polarity), is_region=False) == (expected, None)


def test_a_figure_within_its_interval_is_similar_whatever_the_polarity():
    for polarity in ("lower_better", "higher_better", "neutral"):
        assert glance.verdict_of(OWN, 10.5, record(polarity), is_region=False)[0] == "similar"


@pytest.mark.parametrize("own,region,catalogue,is_region,reason", [
    ({**OWN, "flag": "unreliable"}, 15.0, record("lower_better"), False, "flagged"),
    (OWN, None, record("lower_better"), False, "no_region"),
    (OWN, 15.0, record("lower_better", interval="none"), False, "no_interval"),
    ({**OWN, "numerator": None}, 15.0, record("lower_better"), False, "no_counts"),
    (OWN, 15.0, record("neutral", aggregation="sum"), False, "count"),
    (OWN, 15.0, record("lower_better"), True, "is_region"),
])
def test_no_verdict_where_none_can_be_given(own, region, catalogue, is_region, reason):
    assert glance.verdict_of(own, region, catalogue, is_region) == ("not_compared", reason)


def test_a_nil_without_a_regional_figure_is_not_compared_and_says_why():
    rows = glance.glance_rows(NIL, "en")
    assert not rows.empty and rows["region_value"].isna().all()
    assert set(rows["verdict"]) == {"not_compared"}
    assert all(text.startswith("not compared: Lombardy has no figure for ") for text in rows["verdict_text"])


def test_a_flagged_figure_gets_no_verdict():
    # a small comune whose old-age index rests on a handful of children (flagged at build)
    flagged = sql("SELECT o.territory_code FROM observation o WHERE o.indicator_id = 'old_age_index' AND o.flag IS NOT NULL "
                  "AND o.year = (SELECT max(year) FROM observation x WHERE x.territory_code = o.territory_code "
                  "AND x.indicator_id = 'old_age_index') AND o.territory_code IN "
                  "(SELECT code FROM territory WHERE level = 'comune') ORDER BY 1 LIMIT 1")[0][0]
    row = row_of(flagged, "old_age_index")
    assert row["verdict"] == "not_compared" and "poco affidabile" in row["verdict_text"]


def test_lodi_low_incomes_are_better_than_lombardy_by_the_wilson_interval():
    row = row_of(LODI, "low_income_share_10k")  # lower_better
    p, n = row["numerator"] / row["denominator"], row["denominator"]
    z = 1.959963984540054  # Wilson upper bound, written out here
    upper = (p + z * z / (2 * n) + z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))) / (1 + z * z / n)
    assert 100 * upper < row["region_value"]
    assert row["verdict"] == "better"


def synthetic_rows(polarities: list[str]) -> pd.DataFrame:
    """Rows alike but for polarity: each significantly lower than Lombardy."""
    rows = []
    for index, polarity in enumerate(polarities):
        verdict = glance.verdict_of(OWN, 15.0, record(polarity), is_region=False)[0]
        row = {"topic": "reddito", "topic_label": "Reddito", "indicator_id": f"test_{index}", "label": polarity,
                     "unit": "%", "decimals": 1, "year": 2023, "value": 10.0, "value_text": "10,0%",
                     "figure_text": "10,0%", "numerator": 100.0, "denominator": 1000.0, "count_text": "",
                     "source_id": "mef_irpef", "source_text": "Fonte", "status": "final", "flag": None,
                     "aggregation": "ratio", "peer_level": "comune", "peers_n": 100, "p_min": 5.0, "p25": 9.0,
                     "p50": 12.0, "p75": 14.0, "p_max": 30.0, "spread_text": "", "region_value": 15.0,
                     "markers": [], "verdict": verdict, "verdict_text": verdict, "trend_text": "",
                     "trend_arrow": "", "trend_direction": None}
        rows.append({**row, **charts_glance.row_scale(row)})
    return pd.DataFrame(rows)


def own_marker_colours(figure) -> dict[str, str]:
    """Row label -> the fill colour of the territory's marker on it."""
    labels = dict(zip(figure.layout.yaxis.tickvals, figure.layout.yaxis.ticktext))
    colours = {}
    for trace in figure.data:
        if trace.meta == charts_glance.TERRITORY:
            for y in trace.y:
                colours[labels[y]] = trace.marker.color
    return colours


def test_marker_colours_follow_polarity():
    figure = charts_glance.spine(synthetic_rows(["lower_better", "higher_better", "neutral"]), "t", "s", "comuni",
                                 "Lodi", "Lombardia", "it")
    colours = own_marker_colours(figure)
    assert len(set(colours.values())) == 3  # better, worse and a neutral "lower": three colours
    assert colours["neutral"] not in (colours["lower_better"], colours["higher_better"])


def drawn_benchmarks(figure) -> list[tuple[str, float, float]]:
    """(name, x, y) of every hollow benchmark symbol the chart draws."""
    return [(trace.name, x, y) for trace in figure.data
            if trace.type == "scatter" and str(trace.marker.symbol).endswith("-open") for x, y in zip(trace.x, trace.y)]


def test_benchmarks_with_the_same_value_are_one_symbol_named_after_both():
    """Lodi's ambito and ASST group the same comuni (checked here in the database): one symbol, both names."""
    members = {code: sql("SELECT list(child_code ORDER BY child_code) FROM territory_link WHERE parent_code = ?", code)[0][0]
               for code in (AMBITO_LODI, "asst-di-lodi")}
    assert members[AMBITO_LODI] == members["asst-di-lodi"]
    names = {name for name, _, _ in drawn_benchmarks(glance.glance_chart(LODI, "it"))}
    assert "Ambito distrettuale di Lodi / ASST di Lodi" in names
    assert not names & {"Ambito distrettuale di Lodi", "ASST di Lodi"}
    assert "«/»" in glance.legend_text(LODI, "it") and "“/”" in glance.legend_text(LODI, "en")


def test_symbols_that_would_overlap_are_moved_apart():
    figure = glance.glance_chart(LODI, "it")
    points = drawn_benchmarks(figure)
    own = {(x, y) for trace in figure.data if trace.meta == charts_glance.TERRITORY for x, y in zip(trace.x, trace.y)}
    for (name_a, xa, ya), (name_b, xb, yb) in itertools.combinations(points, 2):
        assert not (abs(xa - xb) <= charts_glance.DODGE_GAP and abs(ya - yb) < 0.15), (name_a, name_b, xa, ya)
    for _, x, y in points:
        assert not any(abs(x - ox) <= charts_glance.DODGE_GAP and abs(y - oy) < 0.15 for ox, oy in own), (x, y)


def test_marker_offsets_spread_near_symbols_and_keep_the_territory_on_the_line():
    assert charts_glance.marker_offsets(None, [0.0, 0.5]) == [0.0, 0.0]  # far apart: on the line
    apart = charts_glance.marker_offsets(None, [0.10, 0.11])
    assert apart[0] == -apart[1] != 0
    around_own = charts_glance.marker_offsets(0.3, [0.31, 0.29, 0.8])
    assert around_own[0] != 0 and around_own[1] != 0 and around_own[0] == -around_own[1] and around_own[2] == 0
    # many in one cluster (three benchmarks around the territory, five at one spot): all distinct, all in the row
    for own, positions in ((0.3, [0.3, 0.31, 0.29]), (None, [0.5] * 5)):
        offsets = charts_glance.marker_offsets(own, positions)
        assert len(set(offsets)) == len(offsets) and 0 not in (offsets if own is not None else [])
        assert all(abs(offset) < 0.5 for offset in offsets), offsets  # rows are 1 apart: never in the next row


def test_the_pdf_moves_symbols_the_way_the_page_does(monkeypatch):
    """The page's rows run down its y axis, a PDF's y runs up: a symbol the page moves down, the PDF moves down."""
    row = glance.glance_rows(LODI, "it").to_dict("records")[1]  # the foreign share: four symbols within a hair
    markers = charts_glance.dodged_markers(row, row["scale_centre"], row["scale_half"])
    assert any(offset for _, _, _, offset in markers), "no symbol moved on this row: pick another"
    drawn = []
    monkeypatch.setattr(scheda_graphics, "marker", lambda shape, x, y, size: drawn.append(y) or Group())
    scheda_graphics._glance_row(row, 0.0, 500.0, [name for name, _, _, _ in markers], lambda n, level: "", "it", None)
    middle = scheda_graphics.ROW_HEIGHT / 2
    assert len(drawn) == len(markers)
    for (_, _, _, offset), y in zip(markers, drawn):  # moved down on the page: below the PDF row's middle
        assert (y < middle) if offset > 0 else (y > middle) if offset < 0 else (y == middle)


def test_each_row_is_drawn_on_its_own_scale_around_lombardy():
    figure = glance.glance_chart(LODI, "it")
    bars = [trace for trace in figure.data if trace.type == "bar"]
    assert len(bars) == 2
    for bar in bars:
        assert all(-1 - 1e-9 <= base and base + width <= 1 + 1e-9 for base, width in zip(bar.base, bar.x))
    region = next(trace for trace in figure.data if trace.name == "Lombardia")
    assert np.allclose(region.x, 0)  # the centre line
    rows = glance.glance_rows(LODI, "it")
    per_row = 34 * (len(rows) + rows["topic"].nunique())
    assert figure.layout.height <= per_row + 320  # one screen at 1440×900 (about 30–34 px a row)


def test_the_chart_shows_real_values_beside_the_rows():
    rows = glance.glance_rows(LODI, "it")
    annotations = [annotation.text for annotation in glance.glance_chart(LODI, "it").layout.annotations]
    for figure_text in rows["figure_text"]:
        assert any(text.startswith(figure_text) for text in annotations), figure_text


def test_the_table_has_year_source_and_counts_per_row():
    table = glance.glance_table(LODI, "en")
    rows = glance.glance_rows(LODI, "en")
    assert list(table["year"]) == list(rows["year"]) and table["source_id"].notna().all()
    assert "Counts" in table.columns and "Lombardy" in table.columns and "Province of Lodi" in table.columns
    assert "Median (Lombardy municipalities)" in table.columns


def test_the_csv_writes_benchmarks_and_spread_with_the_indicators_decimals():
    """Income per taxpayer has no decimals, the social spending per head two: a benchmark or a quartile beside
    the value is written as the value is ("31815" beside "26146", never "26146.40")."""
    decimals = dict(sql("SELECT id, decimals FROM indicator WHERE headline"))
    text = downloads.people_csv(glance.glance_table(LODI, "en"), "en", "standard").decode("utf-8-sig")
    records = list(csv.DictReader(io.StringIO(text)))
    columns = ["Lombardy", "Province of Lodi", "Median (Lombardy municipalities)",
               "Highest (Lombardy municipalities)"]
    assert all(column in records[0] for column in columns), list(records[0])
    checked = set()
    for record in records:
        for column in columns:
            if record[column]:
                places = len(record[column].split(".")[1]) if "." in record[column] else 0
                assert places == decimals[record["Indicator id"]], (record["Indicator id"], column)
                checked.add(decimals[record["Indicator id"]])
    assert {0, 2} <= checked

def median_counts(territory: str, level: str = "comune") -> tuple[int, int, int]:
    """(above, below, with a spread) over the territory's headline figures against the median of its peers'
    (territories of `level`) unflagged figures of the same year, from plain SQL and NumPy; a spread needs at
    least 2 peers."""
    above = below = spread = 0
    for (indicator,) in sql("SELECT id FROM indicator WHERE headline"):
        year = latest_year(territory, indicator)
        if year is None:
            continue
        values = peer_values(level, indicator, year)
        if len(values) < 2:
            continue
        own = sql("SELECT value FROM observation WHERE territory_code = ? AND indicator_id = ? AND year = ?",
                  territory, indicator, year)[0][0]
        spread += 1
        above += own > np.median(values)
        below += own < np.median(values)
    return above, below, spread


def test_the_summary_counts_figures_above_the_median():
    above, below, spread = median_counts(LODI)
    summary = glance.glance_summary(LODI, "it")
    assert summary.startswith(f"Lodi: sopra la mediana dei comuni lombardi in {above} su {spread} indicatori, "
                              f"sotto in {below}.")
    assert "Rispetto alla Lombardia: migliore in 1" in summary


def test_the_summary_of_an_ambito_adds_up_to_its_indicators():
    """An ambito among few with data can be the median one: the sentence says so, and the counts add up."""
    above, below, spread = median_counts(AMBITO_LODI, "ambito")
    equal = spread - above - below
    summary = glance.glance_summary(AMBITO_LODI, "it")
    expected = f"sopra la mediana degli ambiti con dati in {above} su {spread} indicatori, sotto in {below}"
    assert expected + (f", pari alla mediana in {equal}." if equal else ".") in summary


def test_a_single_peer_is_no_spread():
    """Milano alone has the city register's figures among the comuni: no spread of one, on the page, in its
    summary and in the PDF's rows (which read the same columns)."""
    single = [indicator for (indicator,) in sql("SELECT id FROM indicator WHERE headline")
              if latest_year(MILANO, indicator) is not None
              and len(peer_values("comune", indicator, latest_year(MILANO, indicator))) == 1]
    assert single, "Milano has no figure only it has: the case is not exercised"
    rows = glance.glance_rows(MILANO, "it").set_index("indicator_id")
    for indicator in single:
        row = rows.loc[indicator]
        assert row["peers_n"] == 0 and pd.isna(row["p50"]) and not row["has_spread"] and not row["region_drawn"]
    above, below, spread = median_counts(MILANO)
    assert glance.glance_summary(MILANO, "it").startswith(
        f"Milano: sopra la mediana dei comuni lombardi in {above} su {spread} indicatori, sotto in {below}.")
    labels = dict(zip(*(glance.glance_chart(MILANO, "it").layout.yaxis[key] for key in ("tickvals", "ticktext"))))
    marked = {labels[y] for trace in glance.glance_chart(MILANO, "it").data if trace.meta == charts_glance.TERRITORY
              for y in trace.y}
    assert len(marked) == spread


def test_one_query_serves_every_row(monkeypatch):
    result_cache.clear_all()
    calls = []
    original = Database.run

    def counting(self, name, **params):
        calls.append(name)
        return original(self, name, **params)
    monkeypatch.setattr(Database, "run", counting)
    rows = glance.glance_rows(PROVINCE_LODI, "it")
    assert len(rows) > 5 and calls.count("glance") == 1
    calls.clear()
    glance.glance_rows(PROVINCE_LODI, "it")
    glance.glance_chart(PROVINCE_LODI, "it")
    assert "glance" not in calls  # cached per data version


def test_each_row_beside_the_chart_says_its_year():
    """A 2011 census figure sits beside 2026 figures: each row's text at the right names its own year, the year
    plain SQL gives as the territory's latest for that indicator."""
    annotations = [annotation.text for annotation in glance.glance_chart(LODI, "it").layout.annotations]
    for indicator in ("one_person_households_share", "population"):
        label = row_of(LODI, indicator)["figure_text"]
        text = next(text for text in annotations if text.startswith(label))
        assert f">{latest_year(LODI, indicator)}<" in text, text


def test_the_legend_names_the_lombardy_line_only_where_the_chart_draws_it():
    # a NIL's rows (the city register) have no figure for Lombardy: plain SQL says so, and the legend must not
    # describe a line that is not there
    nil_indicators = [indicator for (indicator,) in sql(
        "SELECT DISTINCT indicator_id FROM observation WHERE territory_code = ?", NIL)]
    assert not sql("SELECT count(*) FROM observation WHERE territory_code = '03' AND indicator_id IN "
                   f"({', '.join('?' * len(nil_indicators))})", *nil_indicators)[0][0]
    assert "linea nera" not in glance.legend_text(NIL, "it") and "mediana." in glance.legend_text(NIL, "it")
    assert "black line" not in glance.legend_text(NIL, "en")
    assert "linea nera" in glance.legend_text(LODI, "it") and "black line" in glance.legend_text(LODI, "en")


def test_the_region_is_not_said_to_be_compared_with_itself():
    for lang, itself in (("it", "la Lombardia stessa"), ("en", "Lombardy itself")):
        legend = glance.legend_text(REGION_CODE, lang)
        assert itself in legend and "confronto con la Lombardia" not in legend and "comparison with Lombardy" not in legend
    assert "la Lombardia stessa" not in glance.legend_text(LODI, "it")
