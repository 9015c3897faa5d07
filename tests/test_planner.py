"""The planner's comparison and the downloads for people (issue 8, item 4): the key-indicator table on
/confronta against plain SQL with ranks computed here, the per-chart CSV as Italian Excel reads it, the
ambito's member comuni on its profile, and "all comuni of …" on /dati-aperti."""
import csv
import io

import pandas as pd
import pytest

from cruscotto import page_data
from cruscotto.build import build, needs_build
from cruscotto.i18n import t
from cruscotto.paths import REPO
from tests.apptest_helpers import all_text, italian, run_page, sql

CATALOGUE = {row["id"]: row for row in csv.DictReader(open(REPO / "data" / "catalogue" / "indicators.csv", encoding="utf-8"))}
HEADLINE = [i for i, row in CATALOGUE.items() if row["headline"] == "1"]
# two comuni of different provinces, an ambito and a Milan NIL (which has only register indicators)
CHOSEN = ["019036", "098031", "ambito-di-cremona", "NIL12"]
NAMES = {"019036": "Cremona", "098031": "Lodi", "ambito-di-cremona": "Ambito di Cremona", "NIL12": "Maciachini - Maggiolina"}
FLAG_WORDS = {"unreliable": "valore poco affidabile", "check": "da verificare"}


@pytest.fixture(scope="module", autouse=True)
def repo_database():
    if needs_build():
        build(progress=lambda line: None)


def latest(indicator: str, code: str):
    """(value, year, flag) of the territory's latest non-missing value, or None."""
    rows = sql("""SELECT value, year, flag FROM observation WHERE indicator_id = ? AND territory_code = ?
                  AND value IS NOT NULL ORDER BY year DESC LIMIT 1""", indicator, code)
    return rows[0] if rows else None


def rank_of(value: float, others: list[float]) -> int:
    """Competition rank, 1 = highest (ties share the better rank)."""
    return 1 + sum(other > value for other in others)


def province_rank(indicator: str, code: str, year: int, value: float) -> tuple[int, int]:
    province = sql("SELECT parent_code FROM territory_link WHERE child_code = ? AND relation = 'provincia'", code)[0][0]
    values = [v for (v,) in sql("""SELECT o.value FROM observation o
                                   JOIN territory_link l ON l.child_code = o.territory_code AND l.relation = 'provincia'
                                   JOIN territory t ON t.code = o.territory_code AND t.level = 'comune'
                                   WHERE l.parent_code = ? AND o.indicator_id = ? AND o.year = ?
                                   AND o.value IS NOT NULL AND o.flag IS NULL""", province, indicator, year)]
    return rank_of(value, values), len(values)


def comparison_table(app) -> pd.DataFrame:
    tables = [frame.value for frame in app.table if "Indicatore" in frame.value.columns]
    assert len(tables) == 1, "the key-indicator table is missing"
    return tables[0]


def test_key_indicator_table_is_the_database_with_ranks():
    app = run_page("pages/confronta.py", territorio="019036", confronto=",".join(CHOSEN), indicatore="share_65_plus")
    table = comparison_table(app)
    expected_rows = [i for i in HEADLINE if any(latest(i, code) for code in CHOSEN)]
    labels = [f"{CATALOGUE[i]['label_it']} ({CATALOGUE[i]['unit_it']})" for i in expected_rows]
    assert table["Indicatore"].tolist() == labels
    assert "posizione" in " ".join(table.columns) and "1 = valore più alto" in all_text(app)
    checked_province_rank = False
    for indicator, (_, line) in zip(expected_rows, table.iterrows()):
        found = {code: latest(indicator, code) for code in CHOSEN}
        ranked_by_year = {}  # values of different years are never ranked together
        for row in found.values():
            if row and row[2] is None:
                ranked_by_year.setdefault(row[1], []).append(row[0])
        for code in CHOSEN:
            value_cell, rank_cell = line[NAMES[code]], line[f"{NAMES[code]} · posizione"]
            if found[code] is None:  # missing stays missing, never 0
                assert value_cell == "—" and rank_cell == "—", (indicator, code)
                continue
            value, year, flag = found[code]
            assert value_cell.startswith(f"{italian(value, int(CATALOGUE[indicator]['decimals']))} ({year})")
            if flag:
                assert FLAG_WORDS[flag.split("+")[0]] in value_cell and rank_cell == "non in classifica"
                continue
            ranked = ranked_by_year[year]
            expected = f"{rank_of(value, ranked)}° di {len(ranked)}" if len(ranked) > 1 else \
                f"non in classifica: nessun altro valore del {year} da confrontare"
            if len(code) == 6:  # a comune: also its rank among the comuni of its province
                rank, n = province_rank(indicator, code, year, value)
                if n > 1:
                    expected += f" · {rank}° su {n} in provincia"
                    checked_province_rank = True
            assert rank_cell == expected, (indicator, code)
    assert checked_province_rank


def test_key_indicator_table_in_english():
    app = run_page("pages/confronta.py", territorio="019036", confronto="019036,098031", lingua="en")
    table = [frame.value for frame in app.table if "Indicator" in frame.value.columns][0]
    value, year, _ = latest("share_65_plus", "098031")
    row = table[table["Indicator"] == "Share aged 65+ (%)"].iloc[0]
    assert row["Lodi"] == f"{value:.1f} ({year})"
    cremona = table[table["Indicator"] == "Share aged 65+ (%)"].iloc[0]["Cremona"]
    lodi_first = value > float(cremona.split(" ")[0])
    assert row["Lodi · rank"].startswith("1st of 2 · " if lodi_first else "2nd of 2 · ")
    assert row["Lodi · rank"].endswith(" in the province")


def parse(content: bytes, delimiter: str) -> list[dict]:
    assert content.startswith(b"\xef\xbb\xbf"), "no UTF-8 BOM: Excel would garble accented names"
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=delimiter))


def test_people_csv_opens_as_columns_in_italian_excel():
    from cruscotto import data, downloads
    spread = data.query("distribution", indicator="share_65_plus", group="019", year=2023)
    rows = parse(downloads.people_csv(spread, "it", "excel_it", "share_65_plus"), ";")
    assert {"Indicatore", "Unità", "Territorio", "Valore", "Stato del dato", "Posizione (1 = valore più alto)"} <= set(rows[0])
    expected = dict(sql("""SELECT t.name, o.value FROM observation o JOIN territory t ON t.code = o.territory_code
                           JOIN territory_link l ON l.child_code = t.code AND l.parent_code = '019'
                           AND l.relation = 'provincia'
                           WHERE o.indicator_id = 'share_65_plus' AND o.year = 2023"""))
    assert len(rows) == sql("""SELECT count(*) FROM territory_link l JOIN territory t ON t.code = l.child_code
                               WHERE l.parent_code = '019' AND t.level = 'comune'""")[0][0]
    for row in rows:
        assert row["Indicatore"] == "Quota 65 anni e più" and row["Unità"] == "%"
        if row["Territorio"] not in expected:
            assert row["Valore"] == ""  # missing stays empty, never 0
            continue
        assert "." not in row["Valore"] and row["Valore"].count(",") == 1  # decimal comma, one decimal
        assert float(row["Valore"].replace(",", ".")) == pytest.approx(expected[row["Territorio"]], abs=0.05)
        assert row["Stato del dato"] in ("definitivo", "provvisorio")


def test_people_csv_standard_format_in_english_and_source_names():
    from cruscotto import data, downloads
    profile = data.query("profile", territory="098031").drop(columns=["is_self", "rank"])
    rows = parse(downloads.people_csv(profile, "en", "standard"), ",")
    assert {"Indicator id", "Indicator", "Unit", "Area", "Year", "Value", "Source"} <= set(rows[0])
    names = dict(sql("SELECT source_id, name_en FROM source"))
    population = [r for r in rows if r["Indicator id"] == "population" and r["Area code"] == "098031"][0]
    value, year, _ = latest("population", "098031")
    assert population["Value"] == str(int(value)) and population["Year"] == str(year)
    source = sql("""SELECT source_id FROM observation WHERE indicator_id = 'population' AND territory_code = '098031'
                    AND year = ?""", year)[0][0]
    assert population["Source"] == names[source] and population["Unit"] == "persons"


def test_people_csv_still_neutralises_formulas():
    from cruscotto import downloads
    frame = pd.DataFrame({"code": ["X1", "X2", "X3"], "name": ["=HYPERLINK(\"http://x\")", "+1+1", "@SUM(A1)"],
                          "value": [-3.14, 2.0, None]})
    rows = parse(downloads.people_csv(frame, "it", "excel_it", "share_65_plus"), ";")
    assert [row["Territorio"] for row in rows] == ["'=HYPERLINK(\"http://x\")", "'+1+1", "'@SUM(A1)"]
    # numbers are numbers, not text an apostrophe would spoil; missing stays empty
    assert [row["Valore"] for row in rows] == ["-3,1", "2,0", ""]


def test_download_button_is_outside_the_data_expander():
    app = run_page("pages/confronta.py", territorio="019036", confronto="019036,098031")
    buttons = [button.label for button in app.get("download_button")]
    assert buttons.count("Scarica CSV") >= 2
    # AppTest keeps the element tree: each "Dati" expander holds the format choice but not the button
    data_expanders = [expander for expander in app.expander if expander.label == "Dati"]  # not "Come è calcolato"
    assert data_expanders
    for expander in data_expanders:
        assert not [b for b in expander.get("download_button")], "download button hidden in the expander"
        assert [r.label for r in expander.radio] == ["Formato del CSV"]


def test_ambito_profile_links_every_member_comune():
    app = run_page("pages/panoramica.py", territorio="ambito-di-cremona")
    members = {name for (name,) in sql("""SELECT t.name FROM territory_link l JOIN territory t ON t.code = l.child_code
                                         WHERE l.parent_code = 'ambito-di-cremona' AND l.relation = 'ambito'""")}
    links = [link.label for link in app.get("page_link")]
    assert len(members) == 47 and len(links) == len(members) and set(links) == members
    source = sql("SELECT membership_source FROM territory WHERE code = 'ambito-di-cremona'")[0][0]
    assert t("members_title", "it", n=47) in all_text(app)
    assert any(caption.value.startswith("Composizione da:") and "Accordo di programma" in caption.value
               for caption in app.caption) and source.startswith("Accordo di programma")


def test_open_data_adds_all_comuni_of_a_province():
    from cruscotto import page_data
    app = run_page("pages/dati-aperti.py")
    groups = [box for box in app.multiselect if box.key == "view_download_groups"][0]
    offered = set(groups.options)
    ambiti = sql("SELECT count(DISTINCT parent_code) FROM territory_link WHERE relation = 'ambito'")[0][0]
    assert len(offered) == sql("SELECT count(*) FROM territory WHERE level = 'provincia'")[0][0] + ambiti
    groups.select("098").run()  # Provincia di Lodi
    lodi = {code for (code,) in sql("""SELECT child_code FROM territory_link WHERE parent_code = '098'
                                       AND relation = 'provincia'""")}
    assert f"Selezione: {len(lodi)} territori, di cui {len(lodi)} comuni da Provincia di Lodi." in all_text(app)
    both = lodi | {code for (code,) in sql("""SELECT child_code FROM territory_link
                                              WHERE parent_code = 'ambito-distrettuale-di-lodi' AND relation = 'ambito'""")}
    codes, added = page_data.with_group_comuni(["015146", "098031"], ["098", "ambito-distrettuale-di-lodi"])
    assert codes[:2] == ["015146", "098031"] and set(codes) == both | {"015146"} and added == len(both - {"098031"})
    assert len(codes) == len(set(codes))


def test_values_of_different_years_are_not_ranked_together():
    """Desenzano's latest one-person-household share comes from a later source than the 2011 census of the others
    (checked here in the database): it is listed with its year and left out of the others' ranking."""
    chosen = ["098031", "017067", "019036"]
    found = {code: latest("one_person_households_share", code) for code in chosen}
    years = {code: row[1] for code, row in found.items()}
    assert years["017067"] > years["098031"] == years["019036"], years
    app = run_page("pages/confronta.py", territorio="098031", confronto=",".join(chosen),
                   indicatore="one_person_households_share")
    line = comparison_table(app).set_index("Indicatore").filter(like="Famiglie di una sola persona", axis=0).iloc[0]
    assert line["Desenzano del Garda · posizione"].startswith(f"non in classifica: nessun altro valore del {years['017067']} da confrontare")
    download = page_data.key_comparison(tuple(chosen))  # what "Scarica CSV" writes: no rank of 1 of 1 either
    desenzano = download[(download["indicator_id"] == "one_person_households_share")
                         & (download["territory_code"] == "017067")].iloc[0]
    assert pd.isna(desenzano["rank_chosen"]) and pd.isna(desenzano["chosen_ranked"])
    lodi, cremona = found["098031"][0], found["019036"][0]
    assert line["Lodi · posizione"].startswith("1° di 2" if lodi > cremona else "2° di 2")
