"""Loading planners' files (cruscotto/local/load.py, context.py): a valid file is stored with the figures it holds,
every class of bad input is refused and leaves the store byte-identical, the preview says what changes.

The official side is a hand-made database (make_context_db) of four comuni with numbers one can check in one's
head; stores live in tmp_path (data/local/ is never touched)."""
import csv
import hashlib
import io
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import numpy as np
import openpyxl
import pandas as pd
import pytest

from cruscotto.db import Database
from cruscotto.levels import REGION_CODE
from cruscotto.local import load
from cruscotto.local.context import FIRST_YEAR, build_context
from cruscotto.local.store import LocalStore
from cruscotto.paths import RAW_DIR, REPO

AMBITO = "amb-test"
TEMPLATES = REPO / "data" / "templates"

# code, level, name, province_code, parent_code, membership_note
TERRITORIES = [
    (REGION_CODE, "regione", "Regione Test", None, None, None),
    ("098", "provincia", "Provincia Uno", None, REGION_CODE, None),
    ("019", "provincia", "Provincia Due", None, REGION_CODE, None),
    ("098001", "comune", "Alfa", "098", "098", None),
    ("098002", "comune", "Beta", "098", "098", None),
    ("098003", "comune", "Gamma", "098", "098", None),
    ("019001", "comune", "Delta", "019", "019", None),
    (AMBITO, "ambito", "Ambito Test", "098", REGION_CODE, '[{"code": "membership_public_act", "n": 2}]'),
    # known from ISTAT's list only: its (made-up) link must not count as official membership
    ("T03099", "ambito", "Distretto ISTAT", None, REGION_CODE, '[{"code": "membership_istat_only"}]'),
    # an ambito loaded by planners, as the layered database shows it (cruscotto/local/layer.py): not official either
    ("amb-caricato", "ambito", "Ambito caricato", "098", REGION_CODE, '[{"code": "membership_local", "n": 1}]'),
]
LINKS = [("098001", AMBITO, "ambito"), ("098002", AMBITO, "ambito"), ("019001", "T03099", "ambito"),
         ("098003", "amb-caricato", "ambito"),
         ("098001", "098", "provincia"), ("098002", "098", "provincia"), ("098003", "098", "provincia"),
         ("019001", "019", "provincia")]
CODE_CHANGES = [("098099", "098001", "098001")]  # a merged comune, now part of Alfa
TARGETS = [  # comune, year, target, count
    ("098001", 2022, "age_0_2", 40), ("098001", 2023, "age_0_2", 38), ("098002", 2022, "age_0_2", 100),
    ("098001", 2022, "age_65_plus", 250), ("098002", 2022, "age_65_plus", 450),
    ("098001", 2022, "population", 1000), ("098002", 2022, "population", 3000),
]


def make_context_db(path: Path, with_targets: bool = True) -> Path:
    with duckdb.connect(str(path)) as con:
        territory = pd.DataFrame(TERRITORIES, columns=["code", "level", "name", "province_code", "parent_code",
                                                       "membership_note"])
        con.register("t", territory)
        con.execute("CREATE TABLE territory AS SELECT *, NULL::INTEGER AS n_members, NULL::VARCHAR AS membership_source "
                    "FROM t")
        con.execute("CREATE TABLE territory_geometry (code VARCHAR)")  # the territories query joins it
        con.register("l", pd.DataFrame(LINKS, columns=["child_code", "parent_code", "relation"]))
        con.execute("CREATE TABLE territory_link AS SELECT * FROM l")
        con.register("c", pd.DataFrame(CODE_CHANGES, columns=["old_code", "new_code", "current_code"]))
        con.execute("CREATE TABLE code_change AS SELECT * FROM c")
        if with_targets:
            targets = pd.DataFrame(TARGETS, columns=["comune_code", "year", "target", "count"]).assign(
                status="final", source_id="test")
            con.register("p", targets)
            con.execute("CREATE TABLE target_population AS SELECT * FROM p")
    return path


@pytest.fixture(scope="module")
def context_db(tmp_path_factory):
    database = Database(make_context_db(tmp_path_factory.mktemp("context") / "official.duckdb"))
    yield database
    database.close()


@pytest.fixture
def store(tmp_path) -> LocalStore:
    return LocalStore(tmp_path / "local")


def csv_bytes(*lines: str, encoding="utf-8") -> bytes:
    return ("\n".join(lines) + "\n").encode(encoding)


SERVIZI = "anno;codice_territorio;servizio;utenti;posti;spesa_euro;compartecipazione_euro"
SPESA = "anno;codice_territorio;area;spesa_euro;spesa_associata_euro"
AMBITI = "codice_comune;codice_ambito;nome_ambito;anno_inizio"


def workbook(sheets: dict[str, list[list]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def tree_hashes(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


# -- context -------------------------------------------------------------------------------------------

def test_context_holds_official_codes_membership_targets_and_what_is_stored(context_db, store):
    store.save("amb-altro", {"membership": pd.DataFrame({"comune_code": ["098003"], "ambito_code": ["amb-altro"],
                                                         "ambito_name": ["Altro"],
                                                         "start_year": pd.array([pd.NA], dtype="Int64")})},
               "u", "f", "h")
    context = build_context(context_db, store, AMBITO)
    assert context.comuni == {"098001": "098", "098002": "098", "098003": "098", "019001": "019"}
    assert context.comune_names["019001"] == "Delta"
    assert context.code_changes == {"098099": "098001"}
    # neither the ISTAT-only district nor an ambito that planners loaded
    assert context.official_ambito_of == {"098001": AMBITO, "098002": AMBITO}
    assert context.official_members == {AMBITO: {"098001", "098002"}}
    assert context.local_members == {"amb-altro": {"098003"}}
    assert len(context.target_counts) == len(TARGETS)
    row = context.target_counts.query("comune_code == '098001' and year == 2023 and target == 'age_0_2'")
    assert row["count"].tolist() == [38.0]
    assert context.years == (FIRST_YEAR, datetime.now(timezone.utc).year)
    # names for messages: the dashboard's (official or loaded), else the stored membership's
    assert context.ambito_names[AMBITO] == "Ambito Test" and context.ambito_names["amb-altro"] == "Altro"
    assert context.province_names == {"098": "Provincia Uno", "019": "Provincia Due"}


def test_context_without_target_populations_skips_only_that_check(tmp_path, store):
    database = Database(make_context_db(tmp_path / "old.duckdb", with_targets=False))
    try:
        context = build_context(database, store, AMBITO)
        assert context.target_counts.empty and list(context.target_counts.columns) == ["comune_code", "year",
                                                                                       "target", "count"]
        # 500 children in Alfa's nursery would be above any target: not checkable, said in a notice, not refused
        checked = load.check(csv_bytes(SERVIZI, "2023;098001;asilo_nido;500;;;"), "servizi.csv", AMBITO, database,
                             store)
    finally:
        database.close()
    assert checked.ok, [p.message("en") for p in checked.problems]
    assert "upload_notice_no_targets" in [notice.key for notice in checked.notices]


# -- a valid file ----------------------------------------------------------------------------------------

VALID = {
    "ambiti": [AMBITI.split(";"), ["098001", AMBITO, "Ambito Test", 2021], ["98002", AMBITO, "Ambito Test", None]],
    "servizi": [SERVIZI.split(";"),
                [2023, "098001", "asilo_nido", 30, 32, "1.234,5", 200],
                [2023, "098002", "SAD", 45, None, 90000, None],
                [2023, AMBITO, "segretariato_sociale", 500, None, "12.000", None],
                # the merged comune's old code; a co-payment above the comuni's (net) spending is valid
                [2022, "098099", "sad", 12, None, "7500,25", "9000"]],
    "spesa_aree": [SPESA.split(";"), [2023, AMBITO, "anziani", 100000, 25000], [2023, AMBITO, "Disabili", 50000, None]],
}


def test_a_valid_workbook_is_stored_with_the_figures_it_holds(context_db, store):
    content = workbook(VALID)
    checked = load.check(content, "dati.xlsx", AMBITO, context_db, store)
    assert checked.refused is None and not checked.errors, [p.message("en") for p in checked.problems]
    assert checked.ok and checked.sha256 == hashlib.sha256(content).hexdigest()
    assert checked.preview.counts.set_index("table")["new"].to_dict() == {
        "membership": 2, "services": 4, "area_spending": 2}
    assert store.current_version() is None  # checking stores nothing
    version = load.commit(checked, AMBITO, "test user", "dati.xlsx", store)
    assert version == 1
    tables = store.snapshot()
    services = tables["services"].set_index(["year", "territory_code", "service"])
    assert services.loc[(2023, "098001", "asilo_nido"), "spending_eur"] == 1234.5   # Italian decimals
    assert services.loc[(2023, AMBITO, "segretariato_sociale"), "spending_eur"] == 12000  # "12.000" = twelve thousand
    assert services.loc[(2022, "098001", "sad"), "spending_eur"] == 7500.25  # 098099 is now 098001
    assert services.loc[(2022, "098001", "sad"), "copayment_eur"] == 9000
    assert services.loc[(2023, "098002", "sad"), "users"] == 45                # label "SAD" -> code sad
    assert np.isnan(services.loc[(2023, "098002", "sad"), "copayment_eur"])   # blank, not zero
    # by hand: 2023 spending 1234,5 + 90000 + 12000; users 30 + 45 + 500; copayment 200 (the only one given)
    in_2023 = tables["services"][tables["services"]["year"] == 2023]
    assert in_2023["spending_eur"].sum() == pytest.approx(103234.5)
    assert in_2023["users"].sum() == 575
    assert in_2023["copayment_eur"].sum(min_count=1) == 200
    areas = tables["area_spending"].set_index("area")
    assert areas.loc["anziani", "associated_eur"] / areas["spending_eur"].sum() == pytest.approx(25000 / 150000)
    start = tables["membership"].set_index("comune_code")["start_year"]
    assert sorted(start.index) == ["098001", "098002"]  # "98002" typed without its leading zero
    assert start["098001"] == 2021 and pd.isna(start["098002"])
    assert set(tables["services"]["ambito_code"]) == {AMBITO} and set(tables["services"]["version"]) == {1}
    upload = store.versions().iloc[0]
    assert (upload["user"], upload["file_name"], upload["file_sha256"], upload["rows"]) == \
        ("test user", "dati.xlsx", checked.sha256, 8)


def _cremona_db(path: Path) -> Path:
    """Comuni of Lombardy and the official members of the Ambito di Cremona, from data/raw/geo (no targets)."""
    from cruscotto.build.geo import slug
    comuni = pd.read_csv(RAW_DIR / "geo" / "lombardy_comuni.csv", dtype=str)
    members = pd.read_csv(RAW_DIR / "geo" / "comuni_ambiti.csv", dtype=str)
    members = members[members["ambito"] == "Ambito di Cremona"]
    territory = pd.concat([
        pd.DataFrame({"code": comuni["istat"], "level": "comune", "name": comuni["name"],
                      "province_code": comuni["prov_code"], "parent_code": comuni["prov_code"], "membership_note": None}),
        pd.DataFrame({"code": [slug("Ambito di Cremona")], "level": "ambito", "name": ["Ambito di Cremona"],
                      "province_code": ["019"], "parent_code": [REGION_CODE],
                      "membership_note": ['[{"code": "membership_public_act", "n": 47}]']})])
    links = pd.DataFrame({"child_code": members["istat"], "parent_code": slug("Ambito di Cremona"), "relation": "ambito"})
    with duckdb.connect(str(path)) as con:
        for name, frame in (("territory", territory), ("territory_link", links)):
            con.register("incoming", frame)
            con.execute(f"CREATE TABLE {name} AS SELECT * FROM incoming")
            con.unregister("incoming")
    return path


@pytest.mark.skipif(not (TEMPLATES / "servizi_esempio.csv").exists(), reason="example files not in data/templates")
def test_the_example_files_load_for_the_ambito_di_cremona(tmp_path, store):
    expected, paths = {}, []
    for table, canonical in (("ambiti", "membership"), ("servizi", "services"), ("spesa_aree", "area_spending")):
        paths.append(TEMPLATES / f"{table}_esempio.csv")
        with paths[-1].open(encoding="utf-8-sig", newline="") as handle:
            expected[canonical] = list(csv.DictReader(handle, delimiter=";"))
    assert load.load_files(paths, "ambito-di-cremona", "test", store, _cremona_db(tmp_path / "cremona.duckdb")) == 3
    tables = store.snapshot()
    assert store.current_version() == 3
    assert set(tables["membership"]["comune_code"]) == {row["codice_comune"] for row in expected["membership"]}
    for canonical in ("services", "area_spending"):
        assert len(tables[canonical]) == len(expected[canonical])
        typed = sum(float(row["spesa_euro"]) for row in expected[canonical] if row["spesa_euro"])  # plain integers
        assert tables[canonical]["spending_eur"].sum() == pytest.approx(typed)


def test_loading_files_in_turn_stops_at_the_first_with_errors(tmp_path, store):
    bad = tmp_path / "servizi.csv"
    bad.write_bytes(csv_bytes(SERVIZI, "2023;098001;astronave;1;;10;"))
    with pytest.raises(load.NotCommittable):
        load.load_files([TEMPLATES / "ambiti_esempio.csv", bad, TEMPLATES / "spesa_aree_esempio.csv"],
                        "ambito-di-cremona", "test", store, _cremona_db(tmp_path / "cremona.duckdb"))
    assert store.current_version() == 1 and set(store.snapshot()) >= {"membership"}
    assert store.snapshot().get("area_spending") is None or store.snapshot()["area_spending"].empty


# -- bad input: refused, nothing stored ---------------------------------------------------------------------

BAD = {  # name: (file name, content, (sheet-or-None, row, column, rule) expected among the errors)
    "unknown comune": ("servizi.csv", csv_bytes(SERVIZI, "2023;098001;sad;1;;10;", "2023;099999;sad;1;;10;"),
                       (3, "codice_territorio", "unknown_comune")),
    "comune outside the ambito": ("servizi.csv", csv_bytes(SERVIZI, "2023;019001;sad;1;;10;"),
                                  (2, "codice_territorio", "outside_ambito")),
    "negative count": ("servizi.csv", csv_bytes(SERVIZI, "2023;098001;sad;-3;;10;"), (2, "utenti", "negative")),
    "not a number": ("servizi.csv", csv_bytes(SERVIZI, "2023;098001;sad;tanti;;10;"), (2, "utenti", "not_numeric")),
    "users above the target population": ("servizi.csv", csv_bytes(SERVIZI, "2023;098001;asilo_nido;39;;;"),
                                          (2, "utenti", "above_target")),
    "duplicate row": ("servizi.csv", csv_bytes(SERVIZI, "2023;098001;sad;1;;10;", "2023;098001;sad;2;;10;"),
                      (3, "servizio", "duplicate_row")),
    "year out of range": ("servizi.csv", csv_bytes(SERVIZI, "1990;098001;sad;1;;10;"), (2, "anno", "year_out_of_range")),
    "unknown service": ("servizi.csv", csv_bytes(SERVIZI, "2023;098001;astronave;1;;10;"),
                        (2, "servizio", "unknown_service")),
    "spending managed jointly above the area's": ("spesa_aree.csv", csv_bytes(SPESA, "2023;amb-test;anziani;10;11"),
                                                  (2, "spesa_associata_euro", "spending")),
    "missing column": ("servizi.csv", csv_bytes("anno;codice_territorio;servizio;utenti;posti;spesa_euro",
                                                "2023;098001;sad;1;;10"), (1, "compartecipazione_euro", "missing_column")),
    "unknown area": ("spesa_aree.csv", csv_bytes(SPESA, "2023;amb-test;spazio;10;"), (2, "area", "unknown_area")),
    "comune claimed by another ambito": ("ambiti.csv", csv_bytes(AMBITI, "098001;amb-test;Ambito Test;",
                                                                 "098003;amb-test;Ambito Test;"),
                                         (3, "codice_comune", "claimed_twice")),
    "another ambito's rows": ("ambiti.csv", csv_bytes(AMBITI, "098001;amb-altro;Altro;"),
                              (2, "codice_ambito", "ambito_mismatch")),
}
REFUSED = {  # name: (file name, content, refusal code)
    "file too large": ("servizi.csv", csv_bytes(SERVIZI) + b"2023;098001;sad;1;;10;\n" * 1_000_000,
                       "upload_refused_too_large"),
    "not a spreadsheet": ("servizi.pdf", b"%PDF-1.4", "upload_refused_extension"),
    "broken Excel file": ("servizi.xlsx", b"not a zip at all", "upload_refused_unreadable"),
    "no template table": ("dati.csv", csv_bytes("nome;cognome", "Mario;Rossi"), "upload_refused_no_table"),
}


@pytest.fixture
def loaded_store(store, context_db) -> LocalStore:
    """A store with data in it (another ambito's membership, this ambito's services), so that 'unchanged' means
    something."""
    other = load.check(csv_bytes(AMBITI, "098003;amb-altro;Altro;2020"), "ambiti.csv", "amb-altro", context_db, store)
    load.commit(other, "amb-altro", "u", "ambiti.csv", store)
    mine = load.check(csv_bytes(SERVIZI, "2023;098001;sad;5;;100;"), "servizi.csv", AMBITO, context_db, store)
    load.commit(mine, AMBITO, "u", "servizi.csv", store)
    assert store.current_version() == 2
    return store


@pytest.mark.parametrize("case", sorted(BAD))
def test_each_bad_input_is_refused_with_its_row_and_column_and_changes_nothing(case, loaded_store, context_db):
    file_name, content, (row, column, rule) = BAD[case]
    before = tree_hashes(loaded_store.root)
    checked = load.check(content, file_name, AMBITO, context_db, loaded_store)
    assert not checked.ok and checked.preview is None
    found = {(p.row, p.column, p.rule) for p in checked.errors}
    assert (row, column, rule) in found, found
    assert all(p.message("it") and p.message("en") for p in checked.problems)
    with pytest.raises(load.NotCommittable):
        load.commit(checked, AMBITO, "u", file_name, loaded_store)
    assert tree_hashes(loaded_store.root) == before


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_unreadable_files_are_refused_before_validation_and_change_nothing(case, loaded_store, context_db):
    file_name, content, code = REFUSED[case]
    before = tree_hashes(loaded_store.root)
    checked = load.check(content, file_name, AMBITO, context_db, loaded_store)
    assert checked.refused is not None and checked.refused.code == code
    assert not checked.ok and not checked.tables
    assert load.refusal_message(checked.refused, "it") and load.refusal_message(checked.refused, "en")
    with pytest.raises(load.NotCommittable):
        load.commit(checked, AMBITO, "u", file_name, loaded_store)
    assert tree_hashes(loaded_store.root) == before


def test_a_refusal_is_audited_and_the_data_stay_untouched(loaded_store, context_db):
    before = tree_hashes(loaded_store.root)
    audit_before = (loaded_store.root / "audit.jsonl").read_bytes()
    checked = load.check(BAD["negative count"][1], "servizi.csv", AMBITO, context_db, loaded_store)
    load.audit_refusal(checked, "planner", loaded_store)
    after = tree_hashes(loaded_store.root)
    assert {k: v for k, v in after.items() if k != "audit.jsonl"} == {k: v for k, v in before.items() if k != "audit.jsonl"}
    audit_after = (loaded_store.root / "audit.jsonl").read_bytes()
    assert audit_after.startswith(audit_before)
    event = loaded_store.audit_events()[-1]
    assert (event["action"], event["user"], event["ambito"], event["problems"], event["file_sha256"]) == \
        ("load_refused", "planner", AMBITO, 1, checked.sha256)


def test_a_refusal_audits_the_rows_read_not_the_rows_that_passed(store, context_db):
    content = csv_bytes(SERVIZI, "2023;098001;sad;-3;;10;", "2023;098002;sad;3;;10;", "2023;098001;cdi;1;;;")
    checked = load.check(content, "servizi.csv", AMBITO, context_db, store)
    assert (checked.rows_read, checked.rows, len(checked.errors)) == (3, 2, 1)
    load.audit_refusal(checked, "planner", store)
    assert store.audit_events()[-1]["rows"] == 3
    unreadable = load.check(b"PK\x03\x04 broken", "servizi.xlsx", AMBITO, context_db, store)
    assert unreadable.refused is not None and unreadable.rows_read == 0


@pytest.mark.parametrize("stored, shown", [
    (pd.Timestamp("2026-01-15 12:05", tz="UTC"), "15/01/2026 13:05"),   # winter: UTC+1
    (pd.Timestamp("2026-07-15 23:30", tz="UTC"), "16/07/2026 01:30"),   # summer: UTC+2, the next day
    (pd.Timestamp("2026-07-15 08:00"), "15/07/2026 10:00"),             # a naive time is UTC
    (None, ""), (pd.NaT, ""),
])
def test_times_are_shown_as_italian_local_time(stored, shown):
    assert load.italian_time(stored) == shown


def test_a_file_checked_for_one_ambito_cannot_be_committed_for_another(context_db, store):
    checked = load.check(csv_bytes(SERVIZI, "2023;098001;sad;1;;10;"), "servizi.csv", AMBITO, context_db, store)
    assert checked.ok
    with pytest.raises(load.NotCommittable):
        load.commit(checked, "amb-altro", "u", "servizi.csv", store)
    assert store.current_version() is None


# -- preview ---------------------------------------------------------------------------------------------------

def test_preview_counts_new_changed_unchanged_and_removed_rows(context_db, store):
    first = load.check(csv_bytes(SERVIZI, "2023;098001;sad;5;;100;", "2023;098002;sad;6;;200;",
                                 "2023;098001;cdi;1;;50;", "2022;098001;sad;4;;90;"),
                       "servizi.csv", AMBITO, context_db, store)
    load.commit(first, AMBITO, "u", "servizi.csv", store)
    # 2023 again: sad in Alfa unchanged, sad in Beta changed (users 6 -> 7, copayment blank -> 20), cdi gone,
    # rsa new; 2022 is not in the file, so it is neither compared nor removed
    second = load.check(csv_bytes(SERVIZI, "2023;098001;sad;5;;100;", "2023;098002;sad;7;;200;20",
                                  "2023;098001;rsa;2;3;300;"), "servizi.csv", AMBITO, context_db, store)
    assert second.ok
    preview = second.preview
    assert preview.base_version == 1
    assert preview.counts.to_dict("records") == [
        {"table": "services", "new": 1, "changed": 1, "unchanged": 1, "removed": 1}]
    changes = {(r.kind, r.territory_code, r.item, r.column): (r.before, r.after)
               for r in preview.changes.itertuples(index=False)}
    assert set(changes) == {("changed", "098002", "sad", "users"), ("changed", "098002", "sad", "copayment_eur"),
                            ("removed", "098001", "cdi", None)}
    assert changes[("changed", "098002", "sad", "users")] == (6.0, 7.0)
    before, after = changes[("changed", "098002", "sad", "copayment_eur")]
    assert np.isnan(before) and after == 20.0
    assert preview.changes_total == 3
    table = load.changes_table(preview, "it")
    assert list(table.columns) == ["foglio", "cambiamento", "anno", "territorio", "servizio, area o ambito",
                                   "colonna", "prima", "dopo"]
    assert ["servizi", "modificata", "2023", "098002", "sad", "utenti", "6", "7"] in table.values.tolist()
    named = load.changes_table(preview, "it", {"098001": "Alfa", "098002": "Beta"})
    assert list(named.columns)[3:5] == ["territorio", "nome"]
    assert ["servizi", "modificata", "2023", "098002", "Beta", "sad", "utenti", "6", "7"] in named.values.tolist()
    assert load.counts_table(preview, "en").columns.tolist() == ["sheet", "new rows", "changed rows",
                                                                 "unchanged rows", "removed rows"]


def test_preview_of_membership_compares_the_whole_list(context_db, store):
    first = load.check(csv_bytes(AMBITI, "098001;amb-test;Ambito Test;2020", "098002;amb-test;Ambito Test;2020"),
                       "ambiti.csv", AMBITO, context_db, store)
    load.commit(first, AMBITO, "u", "ambiti.csv", store)
    second = load.check(csv_bytes(AMBITI, "098001;amb-test;Ambito Test;2021", "098003;amb-test;Ambito Test;2021"),
                        "ambiti.csv", AMBITO, context_db, store)
    assert not second.errors, [p.message("en") for p in second.errors]
    assert second.preview.counts.to_dict("records") == [
        {"table": "membership", "new": 1, "changed": 1, "unchanged": 0, "removed": 1}]
    load.commit(second, AMBITO, "u", "ambiti.csv", store)
    assert set(store.snapshot()["membership"]["comune_code"]) == {"098001", "098003"}
