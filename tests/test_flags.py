"""Small numbers handled honestly: the build's flags (flags.sql) on the hand-made database and on real data,
and how the flags travel: ranks and spread charts, maps, profile cards, the open-data export."""
import csv
import io
import json

import duckdb
import pandas as pd
import pytest

from cruscotto import cards, charts, maps, open_data, reliability
from cruscotto.paths import REPO

CATALOGUE = {row["id"]: row for row in csv.DictReader(open(REPO / "data" / "catalogue" / "indicators.csv", encoding="utf-8"))}


def flags(database, indicator: str, level: str, year: int) -> dict:
    """code -> flag (None when not flagged) of every territory of a level with a value."""
    rows = database.run("indicator_map", indicator=indicator, level=level, year=year).dropna(subset=["value"])
    return {code: (flag if isinstance(flag, str) else None) for code, flag in zip(rows["code"], rows["flag"])}


# --- the rules, on tests/tiny_db.py (expected flags worked out by hand in the fixture's comments) ---

def test_a_rate_with_fewer_than_10_people_in_the_numerator_is_unreliable(tiny_db):
    # foreign residents: A 10 of 1000 (at the threshold), B 5 of 3000
    assert flags(tiny_db, "foreign_share", "comune", 2022) == {"098001": None, "098002": "unreliable"}


def test_a_rate_over_fewer_than_100_people_is_unreliable(tiny_db):
    # D: 18 of 40 aged 65+; E: 400 of 2000. Old-age index: A's 0-14 are exactly 100, C's are 50
    assert flags(tiny_db, "share_65_plus", "comune", 2022)["097001"] == "unreliable"
    assert flags(tiny_db, "share_65_plus", "comune", 2022)["097002"] is None
    old_age = flags(tiny_db, "old_age_index", "comune", 2022)
    assert old_age["098001"] is None and old_age["019001"] == "unreliable"


def test_places_are_not_people(tiny_db):
    # 3 RSA places for 120 residents 75+: a count of places is no handful of people; 2 for 30 residents is
    rsa = flags(tiny_db, "rsa_places_per_100_75plus", "comune", 2022)
    assert rsa == {"097001": "unreliable", "097002": None}


def test_a_count_is_never_unreliable_but_a_tenfold_jump_is_to_be_checked(tiny_db):
    # D's population: 40 (2021), 40 (2022), 450 (2023) = 11.25 times the year before
    assert flags(tiny_db, "population", "comune", 2022)["097001"] is None
    assert flags(tiny_db, "population", "comune", 2023)["097001"] == "check"


def test_jumps_from_zero_and_of_exactly_tenfold_are_not_flagged(tiny_db):
    # E's foreign residents: 0, then 5 (a ratio from zero says nothing), then 50 (exactly ten times)
    assert flags(tiny_db, "foreign_residents", "comune", 2022)["097002"] is None
    assert flags(tiny_db, "foreign_residents", "comune", 2023)["097002"] is None


def test_both_flags_together(tiny_db):
    # D's 65+ share: 18/40 = 45% in 2022, 2/45 = 4.4% in 2023: a tenth of it, on 45 people
    assert flags(tiny_db, "share_65_plus", "comune", 2023)["097001"] == "unreliable+check"
    assert reliability.flag_kinds("unreliable+check") == ["unreliable", "check"]


def test_aggregates_follow_their_own_counts(tiny_db):
    # ambito = A + B: 15 foreign residents of 4000, though B alone is flagged
    assert flags(tiny_db, "foreign_share", "ambito", 2022) == {"amb-test": None}
    # province 097 = D + E: 418 of 2040 aged 65+, though D alone is flagged
    assert flags(tiny_db, "share_65_plus", "provincia", 2022)["097"] is None
    # province 019 is Gamma alone: its own counts (200 over 50 children) are small, so it is flagged too
    assert flags(tiny_db, "old_age_index", "provincia", 2022)["019"] == "unreliable"


def test_rank_leaves_out_flagged_comuni_but_lists_them(tiny_db):
    # province 097, 65+ share 2022: D 45% (flagged, the highest) and E 20%
    spread = tiny_db.run("distribution", indicator="share_65_plus", group="097", year=2022).set_index("code")
    assert pd.isna(spread.at["097001", "rank"]) and spread.at["097001", "flag"] == "unreliable"
    assert spread.at["097002", "rank"] == 1
    assert set(spread["members_ranked"]) == {1} and set(spread["members_with_data"]) == {2}


# --- on the real database: a comune of about 30 residents ---

MORTERONE = "097055"  # province of Lecco, about 30 residents


def age_counts(db_path, code: str, year: int) -> tuple[int, int]:
    """Residents 65+ and 0-14 straight from the ISTAT age bands, not through the observation table."""
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute("""SELECT sum(count) FILTER (WHERE band_start >= 65), sum(count) FILTER (WHERE band_start < 15)
                              FROM population_age_band WHERE comune_code = ? AND year = ?""", [code, year]).fetchone()


def test_a_comune_of_thirty_residents_has_its_old_age_index_flagged(real_db, real_db_path):
    series = real_db.run("indicator_map", indicator="old_age_index", level="comune", year=2022).set_index("code")
    older, young = age_counts(real_db_path, MORTERONE, 2022)
    assert young < 100, "the example needs fewer than 100 children"
    row = series.loc[MORTERONE]
    assert (row["numerator"], row["denominator"]) == (older, young)
    assert row["value"] == pytest.approx(older / young * 100)
    assert row["flag"] == "unreliable"
    # its province, on its own (large) counts, is not flagged
    province = real_db.run("indicator_map", indicator="old_age_index", level="provincia", year=2022).set_index("code")
    assert pd.isna(province.at["097", "flag"])


def test_every_flag_of_the_real_database_follows_the_rules(real_db_path):
    """The rules re-implemented in pandas from the catalogue CSV, against the flags the build stored."""
    with duckdb.connect(str(real_db_path), read_only=True) as con:
        rows = con.execute("SELECT indicator_id, territory_code, year, value, numerator, denominator, flag "
                           "FROM observation").df()
    rows = rows.sort_values(["indicator_id", "territory_code", "year"])
    people = {i: (c["numerator_counts_people"] == "1", c["denominator_counts_people"] == "1")
              for i, c in CATALOGUE.items() if c["aggregation"] == "ratio"}
    small = [i in people and ((people[i][0] and n < 10) or (people[i][1] and d < 100))
             for i, n, d in zip(rows["indicator_id"], rows["numerator"], rows["denominator"])]
    previous = rows.groupby(["indicator_id", "territory_code"])["value"].shift()
    both_positive = (previous > 0) & (rows["value"] > 0)
    jump = both_positive & ((rows["value"] / previous > 10) | (previous / rows["value"] > 10))
    expected = pd.Series(small, index=rows.index).map({True: "unreliable", False: ""}).str.cat(
        jump.map({True: "check", False: ""}), sep="+").str.strip("+").replace("", None)
    stored = rows["flag"].where(rows["flag"].notna(), None)
    mismatched = rows[expected.fillna("-") != stored.fillna("-")]
    assert mismatched.empty, mismatched.head()
    assert (expected == "unreliable").sum() > 1000 and (expected == "check").sum() > 50


def test_real_rank_leaves_out_flagged_comuni(real_db):
    spread = real_db.run("distribution", indicator="old_age_index", group="097", year=2022)
    assert pd.isna(spread.set_index("code").at[MORTERONE, "rank"])
    clean = spread[spread["flag"].isna() & spread["value"].notna()]
    expected = clean["value"].rank(ascending=False, method="min").astype(int)
    assert clean["rank"].astype(int).tolist() == expected.tolist()
    assert spread["rank"].notna().sum() == len(clean) == spread["members_ranked"].iloc[0]
    assert spread["flag"].notna().sum() > 0


def test_export_carries_the_flag_column_with_its_description(real_db):
    parts = open_data.collect(real_db, indicators=["old_age_index"], territories=[MORTERONE, "097"])
    files = open_data.bundle(parts["data"], parts["catalogue"], parts["sources"], "csv", parts["built_at"], "en")
    back = pd.read_csv(io.BytesIO(files["cruscotto_welfare.csv"]), encoding="utf-8-sig", dtype={"territory_code": str})
    assert set(back.loc[back["territory_code"] == MORTERONE, "flag"]) == {"unreliable"}
    assert back.loc[back["territory_code"] == "097", "flag"].isna().all()
    fields = {f["name"]: f for f in json.loads(files["datapackage.json"])["resources"][0]["schema"]["fields"]}
    assert "fewer than 10 people" in fields["flag"]["description"]
    assert fields["flag"]["constraints"]["enum"] == ["unreliable", "check", "unreliable+check"]
    catalogue = pd.read_csv(io.BytesIO(files["indicatori.csv"]), encoding="utf-8-sig")
    assert catalogue.loc[0, "denominator_en"] == "residents 0-14"


# --- how a flag shows: cards, spread charts, maps ---

RATE = {"aggregation": "ratio", "interval": "byar", "multiplier": 100.0, "polarity": "neutral", "decimals": 1}


def test_a_flagged_card_claims_no_significance():
    own = {"territory_name": "Morterone", "value": 233.3, "numerator": 7, "denominator": 3, "flag": "unreliable"}
    lines = cards.benchmark_lines(own, [{"territory_name": "Lombardia", "value": 180.0}], RATE, str, "it")
    assert "significativamente" not in lines[0] and lines[0].endswith(":gray-badge[valore poco affidabile]")
    # the same counts unflagged: Byar's interval for 7 over 3 is wide, so "simile"
    unflagged = cards.benchmark_lines({**own, "flag": None}, [{"territory_name": "Lombardia", "value": 180.0}], RATE, str, "it")
    assert unflagged[0].endswith(":gray-badge[simile]")


def test_card_shows_the_counts_behind_the_rate_and_the_flag():
    indicator = CATALOGUE["old_age_index"]
    own = {"value": 1721.4, "numerator": 241, "denominator": 14, "flag": "unreliable+check"}
    italian = cards.evidence_lines(own, indicator, RATE, "it")
    assert italian[0] == r"241 residenti 65\+ su 14 residenti 0-14"
    assert "valore poco affidabile" in italian[1] and "da verificare" in italian[2]
    english = cards.evidence_lines({**own, "flag": None}, indicator, RATE, "en")
    assert english == [r"241 residents 65\+ to 14 residents 0-14"]
    share = {**RATE, "interval": "wilson"}
    assert cards.count_line({"numerator": 18, "denominator": 42}, ("residents 65+", "residents"), share, "en") \
        == r"18 residents 65\+ of 42 residents"
    # a count, or a rate published without its counts, has no count line
    assert cards.count_line({"numerator": 31, "denominator": None}, ("residenti", ""), {**RATE, "aggregation": "sum"}, "it") is None
    assert cards.count_line({"numerator": float("nan"), "denominator": float("nan")}, ("a", "b"), RATE, "it") is None


def test_index_over_a_handful_of_children_has_no_decimals():
    # one more person aged 65+ moves 241/14 × 100 by 100/14 = 7.1 points: the tenth is noise
    assert cards.figure_decimals({"denominator": 14}, RATE) == 0
    assert cards.figure_decimals({"denominator": 999}, RATE) == 0     # a step of 0.1001 points
    assert cards.figure_decimals({"denominator": 1000}, RATE) == 1    # a step of exactly 0.1
    assert cards.figure_decimals({"denominator": 250000}, RATE) == 1  # never more than the catalogue's
    assert cards.figure_decimals({"denominator": 14}, {**RATE, "aggregation": "sum"}) == 1


def spread_frame() -> pd.DataFrame:
    return pd.DataFrame({"code": ["a", "b", "c", "d"], "name": ["A", "B", "C", "D"],
                         "value": [1175.0, 300.0, 150.0, None], "flag": ["unreliable", None, None, None],
                         "rank": [None, 1, 2, None]})


def test_spread_chart_keeps_flagged_values_off_its_scale_and_the_page_lists_them():
    figure = charts.spread(spread_frame(), "b", "Provincia", "anziani ogni 100 giovani", "it")
    drawn = sorted(x for trace in figure.data for x in trace.x)
    assert drawn == [150.0, 300.0]
    everything = charts.spread(spread_frame(), "b", "Provincia", "", "it", include_flagged=True)
    assert sorted(x for trace in everything.data for x in trace.x) == [150.0, 300.0, 1175.0]
    line = reliability.left_out_line(spread_frame(), lambda v: f"{v:.0f}", "it")
    assert line == "Esclusi dalla scala e dalla posizione: A (1175: valore poco affidabile)"
    assert reliability.rank_summary(spread_frame(), "b", lambda v: f"{v:.0f}", "en").startswith("1 of 2 (1 = highest)")
    assert reliability.rank_summary(spread_frame(), "a", lambda v: f"{v:.0f}", "it").startswith(
        "A non entra nella posizione: valore poco affidabile (1175).")


def test_map_greys_flagged_values_apart_from_no_data_and_out_of_the_classes():
    square = '{"type":"Polygon","coordinates":[[[9,45],[9.1,45],[9.1,45.1],[9,45.1],[9,45]]]}'
    geometry = pd.DataFrame({"code": list("abcd"), "name": list("ABCD"), "geojson": [square] * 4})
    values = pd.DataFrame({"code": list("abc"), "value": [1.0, 2.0, 900.0], "flag": [None, None, "unreliable"]})
    collection, edges = maps.feature_collection(geometry, values, lambda v: f"{v:.0f}", "nessun dato", 2022,
                                                flag_text=lambda flag: reliability.flag_words(flag, "it"))
    fills = {f["properties"]["code"]: f["properties"]["fill"][:3] for f in collection["features"]}
    assert fills["c"] == maps.FLAGGED and fills["d"] == maps.NO_DATA and maps.FLAGGED != maps.NO_DATA
    assert edges[-1] == 2.0, "the flagged 900 must not stretch the classes"
    assert collection["features"][2]["properties"]["value_text"] == "900 — valore poco affidabile"
    assert maps.has_flags(values) and not maps.has_flags(values.assign(flag=None))
    legend = maps.legend_table(edges, str, "Classe", "nessun dato", "poco affidabile o da verificare")
    assert legend.data["Classe"].tolist()[-2:] == ["nessun dato", "poco affidabile o da verificare"]
    assert "rgb(130, 130, 130)" in legend.to_html()


def test_flag_rules_are_explained_with_their_thresholds():
    for lang, words in (("it", "meno di 10 al numeratore o meno di 100 al denominatore"),
                        ("en", "fewer than 10 in the numerator or fewer than 100 in the denominator")):
        text = " ".join(reliability.rule_lines(lang))
        assert words in text and "unreliable+check" in text


# --- the profile page, in AppTest, on the repository's database ---

def test_profile_of_a_tiny_comune_shows_counts_flags_and_no_significance():
    from cruscotto.build import build, needs_build
    from tests.apptest_helpers import PAGES, all_text, run_page, sql
    if needs_build():
        build(progress=lambda line: None)
    (year, older, young, flag), = sql("""SELECT year, numerator, denominator, flag FROM observation
                                         WHERE indicator_id = 'old_age_index' AND territory_code = ?
                                         ORDER BY year DESC LIMIT 1""", MORTERONE)
    assert flag == "unreliable" and young < 100
    for lang, counts, words, significant in (
            ("it", f"{older:.0f} residenti 65\\+ su {young:.0f} residenti 0-14", "valore poco affidabile", "significativamente"),
            ("en", f"{older:.0f} residents 65\\+ to {young:.0f} residents 0-14", "unreliable value", "significantly")):
        app = run_page(PAGES[0], territorio=MORTERONE, lingua=lang)
        captions = [c.value for c in app.caption]
        assert counts in captions, captions
        assert any(words in caption and "⚠" in caption for caption in captions)
        # every headline figure of Morterone rests on a handful of people: no card may claim significance
        assert significant not in all_text(app)
        label = CATALOGUE["old_age_index"][f"label_{lang}"]
        shown = [m.value for m in app.metric if m.label.startswith(label)]
        assert shown == [f"{older / young * 100:.0f}"], shown  # under 100 children: no decimals


def test_flagged_years_are_crosses_on_the_trend_chart_and_in_its_legend():
    from tests.apptest_helpers import PAGES, plotly_traces, run_page, sql
    flagged = {year for (year,) in sql("""SELECT year FROM observation WHERE indicator_id = 'old_age_index'
                                           AND territory_code = ? AND flag IS NOT NULL""", MORTERONE)}
    assert flagged  # about 30 residents: the index rests on a handful of children
    app = run_page(PAGES[2], territorio=MORTERONE, indicatore="old_age_index")
    own = plotly_traces(app)[0]
    crosses = {int(year) for year, symbol in zip(own["x"], own["marker"]["symbol"]) if symbol == charts.FLAGGED_SYMBOL}
    assert crosses == flagged
    assert any(trace.get("name", "").startswith("×") for trace in plotly_traces(app))
