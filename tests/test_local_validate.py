"""Validating planners' tables (cruscotto/local/validate.py) and the service catalogue (catalogue.py).

Each test writes a small file by hand, with a title row where useful, so the spreadsheet row of every line is
known; the problems expected are listed by hand as (row, column, rule) and compared with what validate() finds.
The context is built by hand too (a few comuni, two official ambiti, one ambito already loaded)."""
import time

import numpy as np
import pandas as pd
import pytest

from cruscotto.local import catalogue
from cruscotto.local.read import read_upload
from cruscotto.local.strings_upload import STRINGS
from cruscotto.local.validate import (
    Problem,
    UploadContext,
    parse_numbers,
    problems_frame,
    validate,
)
from cruscotto.paths import RAW_DIR, REPO

CREMONA = "ambito-di-cremona"
CREMASCO = "ambito-distrettuale-cremasco"
TEMPLATES = REPO / "data" / "templates"
MELZO = "ambito-di-melzo"  # no official membership known
RULES = ["missing_column", "empty_required", "not_numeric", "negative", "not_integer", "unknown_comune",
         "merged_comune", "outside_ambito", "no_membership", "claimed_twice", "official_conflict", "other_province",
         "ambito_mismatch", "above_target", "duplicate_row", "year_out_of_range", "unknown_service", "unknown_area",
         "spending", "no_values"]


def hand_context(**changes) -> UploadContext:
    """Cremona (019036), Vescovato (019113), Grontardo (019050) in the ambito of Cremona; Crema (019035) in the
    Cremasco; Milano (015146) already loaded by another ambito; Melzo (015142), Gorgonzola (015108), Pozzuolo
    Martesana (015178) in no ambito known; 012009 Bardello merged into 012144."""
    counts = pd.DataFrame([
        ("019036", 2022, "age_0_2", 1450), ("019036", 2023, "age_0_2", 1423),
        ("019113", 2023, "age_0_2", 80), ("019050", 2023, "age_0_2", 36),
        ("019036", 2023, "age_0_17", 9954), ("019113", 2023, "age_0_17", 641), ("019050", 2023, "age_0_17", 254),
        ("019036", 2023, "age_65_plus", 18916), ("015142", 2023, "age_0_2", 480), ("015108", 2023, "age_0_2", 510),
    ], columns=["comune_code", "year", "target", "count"])
    context = dict(
        comuni={"019036": "019", "019113": "019", "019050": "019", "019035": "019", "015146": "015",
                "012144": "012", "015142": "015", "015108": "015", "015178": "015"},
        comune_names={"019036": "Cremona", "019113": "Vescovato", "019050": "Grontardo", "019035": "Crema",
                      "015146": "Milano", "012144": "Bardello con Malgesso e Bregano", "015142": "Melzo",
                      "015108": "Gorgonzola", "015178": "Pozzuolo Martesana"},
        code_changes={"012009": "012144"},
        official_ambito_of={"019036": CREMONA, "019113": CREMONA, "019050": CREMONA, "019035": CREMASCO},
        official_members={CREMONA: {"019036", "019113", "019050"}, CREMASCO: {"019035"}},
        local_members={"ambito-altro": {"015146"}},
        target_counts=counts, years=(2010, 2025))
    context.update(changes)
    return UploadContext(**context)


def check(files: dict[str, str], ambito: str = CREMONA, context: UploadContext | None = None):
    """Validate CSV files given as text (one table each)."""
    raw = {}
    for name, text in files.items():
        raw.update(read_upload(text.encode("utf-8"), name))
    return validate(raw, ambito, context or hand_context())


def found(validation, severity: str | None = None) -> set[tuple]:
    return {(p.sheet, p.row, p.column, p.rule) for p in validation.problems
            if severity is None or p.severity == severity}


def problem(validation, row: int, rule: str) -> Problem:
    matches = [p for p in validation.problems if p.row == row and p.rule == rule]
    assert len(matches) == 1, (row, rule, validation.problems)
    return matches[0]


SERVIZI = """Ufficio di Piano di Cremona: servizi 2023;;;;;;
anno;codice_territorio;servizio;utenti;posti;spesa_euro;compartecipazione_euro
2023;019036;asilo_nido;380;400;1.234.567,5;€ 950
2023;15146;sad;3;;;
2023;999999;sad;1;;;
2023;019113;nidi;100;;;
2024;019036;asilo_nido;1500;;;
2009;019036;sad;1;;;
2023;019036;assistenza domicilare anziani;1;;;
2023;019036;xyz;1;;;
2023;019036;cdi;tre;;;
2023;019036;rsa;-3;;;
2023;019036;cdd;2,5;;;
2023;019036;sad;10;;1000;1500
2023;019036;Asilo nido;1;;;
;019036;sad;1;;;
2023;ambito-di-cremona;sadh;60;;300000,50;
2023;ambito-distrettuale-cremasco;sad;1;;;
2023;019035;sad;1;;;
2023;019050;pasti_domicilio;;;;
2023;Ambito di Cremona;ADM;10;;;
2023;AMBITO-DI-CREMONA;comunita_minori;20000;;;
2022;019036;sad;=B2*2;;;
"""


def test_every_rule_of_servizi_with_its_row_and_column():
    validation = check({"servizi.csv": SERVIZI})
    s = "servizi.csv"
    assert found(validation) == {
        (s, 4, "codice_territorio", "outside_ambito"),      # 15146 -> 015146 Milano: not in the ambito
        (s, 5, "codice_territorio", "unknown_comune"),
        (s, 6, "utenti", "above_target"),                   # 100 > 80 residents 0-2 of Vescovato
        (s, 7, "utenti", "above_target"),                   # 2024: compared with 2023 (1,423)
        (s, 8, "anno", "year_out_of_range"),
        (s, 9, "servizio", "unknown_service"),
        (s, 10, "servizio", "unknown_service"),
        (s, 11, "utenti", "not_numeric"),
        (s, 12, "utenti", "negative"),
        (s, 13, "utenti", "not_integer"),
        (s, 15, "servizio", "duplicate_row"),               # "Asilo nido" is asilo_nido again, as on row 3
        (s, 16, "anno", "empty_required"),
        (s, 18, "codice_territorio", "outside_ambito"),     # another ambito's code
        (s, 19, "codice_territorio", "outside_ambito"),     # Crema is in the Cremasco
        (s, 20, "utenti", "no_values"),
        (s, 22, "utenti", "above_target"),                  # 20,000 > 9,954 + 641 + 254 residents 0-17
        (s, 23, "utenti", "not_numeric"),                   # a formula: never calculated
    }
    assert {p.row for p in validation.problems if p.severity == "warning"} == {20}
    assert problem(validation, 6, "above_target").detail == {"count": 80.0, "target_year": 2023,
                                                             "target": "age_0_2"}
    assert problem(validation, 7, "above_target").detail["target_year"] == 2023
    assert problem(validation, 22, "above_target").detail["count"] == 9954 + 641 + 254
    assert problem(validation, 15, "duplicate_row").detail["first_row"] == 3
    assert problem(validation, 9, "unknown_service").detail["suggestion_code"] == "sad"
    assert problem(validation, 10, "unknown_service").detail["variant"] == "none"
    assert problem(validation, 11, "not_numeric").value == "tre"
    assert problem(validation, 23, "not_numeric").detail == {"variant": "formula"}
    assert "formula" in problem(validation, 23, "not_numeric").message("it")
    assert problem(validation, 4, "outside_ambito").detail["membership_source"] == "official"
    services = validation.tables["services"]
    # row 14: co-payment 1500 above spending 1000 is valid (spesa_euro is the comuni's, net of the co-payment)
    assert services[["territory_code", "service"]].values.tolist() == [
        ["019036", "asilo_nido"], ["019036", "sad"], [CREMONA, "sadh"], ["019050", "pasti_domicilio"],
        [CREMONA, "adm"]]
    first = services.iloc[0]
    assert (first["year"], first["users"], first["places"], first["spending_eur"], first["copayment_eur"]) == \
        (2023, 380.0, 400.0, 1234567.5, 950.0)
    assert (services.iloc[1]["spending_eur"], services.iloc[1]["copayment_eur"]) == (1000.0, 1500.0)
    assert services.iloc[2]["spending_eur"] == 300000.5
    assert np.isnan(services.iloc[2]["places"])           # blank is missing, never zero
    assert services.iloc[3][["users", "places", "spending_eur", "copayment_eur"]].isna().all()
    assert str(services["year"].dtype) == "int64" and str(services["users"].dtype) == "float64"
    assert not validation.ok


AMBITI = """codice_comune;codice_ambito;nome_ambito;anno_inizio
019036;ambito-di-cremona;Ambito di Cremona;2019
19113;Ambito-di-Cremona;Ambito di Cremona;
019036;ambito-di-cremona;Ambito di Cremona;2019
019050;ambito-distrettuale-cremasco;Cremasco;
019113;ambito-distrettuale-cremasco;Cremasco;
015146;ambito-di-cremona;Ambito di Cremona;
019035;ambito-di-cremona;Ambito di Cremona;
012009;ambito-di-cremona;Ambito di Cremona;
123;ambito-di-cremona;Ambito di Cremona;1990
;ambito-di-cremona;Ambito di Cremona;2020,5
"""


def test_every_rule_of_ambiti():
    validation = check({"ambiti.csv": AMBITI})
    a = "ambiti.csv"
    assert found(validation) == {
        (a, 4, "codice_comune", "duplicate_row"),
        (a, 5, "codice_ambito", "ambito_mismatch"),
        (a, 6, "codice_ambito", "ambito_mismatch"),
        (a, 6, "codice_comune", "claimed_twice"),           # 019113 given to the Cremasco after row 3
        (a, 7, "codice_comune", "claimed_twice"),           # Milano: already loaded by ambito-altro
        (a, 8, "codice_comune", "official_conflict"),       # Crema: in the Cremasco by public acts
        (a, 9, "codice_comune", "merged_comune"),
        (a, 9, "codice_comune", "other_province"),          # Varese's, among members in the province of Cremona
        (a, 10, "codice_comune", "unknown_comune"),
        (a, 10, "anno_inizio", "year_out_of_range"),
        (a, 11, "codice_comune", "empty_required"),
        (a, 11, "anno_inizio", "not_integer"),
    }
    assert found(validation, "warning") == {(a, 9, "codice_comune", "merged_comune"),
                                            (a, 9, "codice_comune", "other_province")}
    assert problem(validation, 8, "official_conflict").detail == {"name": "Crema", "official": CREMASCO,
                                                                  "official_name": CREMASCO, "ambito": CREMONA}
    assert problem(validation, 9, "other_province").detail == {
        "name": "Bardello con Malgesso e Bregano", "province_name": "012", "majority_name": "019",
        "majority_count": 2, "members": 3}  # 019036, 019113 (row 3) and 012144: Crema and Milano are not members
    assert problem(validation, 6, "claimed_twice").detail == {"variant": "file", "other_row": 3,
                                                              "other": "Ambito-di-Cremona"}
    assert problem(validation, 7, "claimed_twice").detail == {"other": "ambito-altro"}
    assert problem(validation, 9, "merged_comune").detail == {"new_code": "012144",
                                                              "new_name": "Bardello con Malgesso e Bregano"}
    assert problem(validation, 4, "duplicate_row").detail["first_row"] == 2
    membership = validation.tables["membership"]
    assert membership.values.tolist() == [
        ["019036", CREMONA, "Ambito di Cremona", 2019], ["019113", CREMONA, "Ambito di Cremona", pd.NA],
        ["012144", CREMONA, "Ambito di Cremona", pd.NA]]
    assert str(membership["start_year"].dtype) == "Int64"
    # 019050 is in the ambito by public acts, but not in the file
    assert [(n.key, n.detail["codes"]) for n in validation.notices
            if n.key == "upload_notice_official_missing"] == [("upload_notice_official_missing", "019050")]


def test_membership_comes_from_the_upload_then_the_store_then_public_acts():
    ambiti = ("codice_comune;codice_ambito;nome_ambito;anno_inizio\n"
              "019036;ambito-di-cremona;Ambito di Cremona;\n012144;ambito-di-cremona;Ambito di Cremona;\n")
    servizi = ("anno;codice_territorio;servizio;utenti;posti;spesa_euro;compartecipazione_euro\n"
               "2023;019036;sad;1;;;\n2023;019113;sad;1;;;\n2023;012009;sad;1;;;\n2023;019050;sad;1;;;\n")
    with_ambiti = check({"ambiti.csv": ambiti, "servizi.csv": servizi})
    assert {(p.row, p.rule) for p in with_ambiti.problems if p.sheet == "servizi.csv"} == {
        (3, "outside_ambito"), (4, "merged_comune"), (5, "outside_ambito")}
    assert problem(with_ambiti, 3, "outside_ambito").detail["membership_source"] == "upload"
    assert with_ambiti.tables["services"]["territory_code"].tolist() == ["019036", "012144"]
    stored = check({"servizi.csv": servizi}, context=hand_context(local_members={CREMONA: {"019050"}}))
    assert {(p.row, p.rule) for p in stored.errors} == {(2, "outside_ambito"), (3, "outside_ambito"),
                                                         (4, "outside_ambito")}
    assert problem(stored, 2, "outside_ambito").detail["membership_source"] == "local"
    official = check({"servizi.csv": servizi})
    assert {(p.row, p.rule) for p in official.errors} == {(4, "outside_ambito")}


NO_MEMBERSHIP_SERVIZI = """anno;codice_territorio;servizio;utenti;posti;spesa_euro;compartecipazione_euro
2023;ambito-di-melzo;sad;1;;;
2023;015142;asilo_nido;95;100;;
2023;015108;sad;85;;;
2023;015178;sad;-30;;;
2023;015178;sad;-30;;;
2023;019036;sad;40;;;
2023;015108;asilo_nido;5000;;;
2023;Ambito di Melzo;cdd;38;;;
"""


def test_before_any_membership_comune_rows_get_one_problem_and_every_other_rule_still_runs():
    validation = check({"servizi.csv": NO_MEMBERSHIP_SERVIZI}, ambito=MELZO)
    s = "servizi.csv"
    assert found(validation) == {
        (s, 3, "codice_territorio", "no_membership"),    # once, on the first comune row, for rows 3-6 and 8
        (s, 5, "utenti", "negative"),
        (s, 6, "utenti", "negative"),
        (s, 6, "servizio", "duplicate_row"),              # row 5 again: found without any membership
        (s, 7, "codice_territorio", "outside_ambito"),    # Cremona: in the Ambito di Cremona by public acts
        (s, 8, "utenti", "above_target"),                 # 5000 > 510 residents aged 0-2 of Gorgonzola
    }
    once = problem(validation, 3, "no_membership")
    assert once.detail == {"count": 5, "rows": "3-6, 8", "ambito": MELZO, "ambito_name": MELZO}
    assert "`ambiti`" in once.message("it") and "3-6, 8" in once.message("it") and "`ambiti`" in once.message("en")
    assert problem(validation, 7, "outside_ambito").detail["variant"] == "official"
    assert problem(validation, 7, "outside_ambito").detail["official"] == CREMONA
    assert problem(validation, 6, "duplicate_row").detail["first_row"] == 5
    # only the rows of the ambito itself can be kept (nothing is stored while an error remains)
    assert validation.tables["services"]["territory_code"].tolist() == [MELZO, MELZO]


def test_rows_outside_the_ambito_are_still_checked_for_duplicates_and_residents():
    servizi = ("anno;codice_territorio;servizio;utenti;posti;spesa_euro;compartecipazione_euro\n"
               "2023;015142;asilo_nido;5000;;;\n2023;015142;asilo_nido;1;;;\n")
    validation = check({"servizi.csv": servizi})  # Melzo is not in the ambito of Cremona
    assert {(p.row, p.rule) for p in validation.problems} == {
        (2, "outside_ambito"), (2, "above_target"), (3, "outside_ambito"), (3, "duplicate_row")}
    assert "Melzo" in problem(validation, 2, "outside_ambito").message("it")


def test_a_comune_of_another_ambito_by_public_acts_is_refused_and_its_rows_are_outside():
    ambiti = ("codice_comune;codice_ambito;nome_ambito;anno_inizio\n"
              "015142;ambito-di-melzo;Ambito di Melzo;\n015108;ambito-di-melzo;Ambito di Melzo;\n"
              "019036;ambito-di-melzo;Ambito di Melzo;\n")
    servizi = ("anno;codice_territorio;servizio;utenti;posti;spesa_euro;compartecipazione_euro\n"
               "2023;015142;sad;1;;;\n2023;019036;sad;1;;;\n")
    context = hand_context(ambito_names={CREMONA: "Ambito di Cremona"})
    validation = check({"ambiti.csv": ambiti, "servizi.csv": servizi}, ambito=MELZO, context=context)
    assert not validation.ok
    assert {(p.sheet, p.row, p.rule, p.severity) for p in validation.problems} == {
        ("ambiti.csv", 4, "official_conflict", "error"), ("servizi.csv", 3, "outside_ambito", "error")}
    refused = problem(validation, 4, "official_conflict")
    assert "Ambito di Cremona" in refused.message("it") and "Cremona" in refused.message("en")
    assert problem(validation, 3, "outside_ambito").detail["official_name"] == "Ambito di Cremona"
    assert "Ambito di Melzo" in problem(validation, 3, "outside_ambito").message("it")  # the file's own name
    assert validation.tables["membership"]["comune_code"].tolist() == ["015142", "015108"]
    # a membership stored before this rule existed does not let Cremona's rows in either
    stored = check({"servizi.csv": servizi}, ambito=MELZO,
                   context=hand_context(local_members={MELZO: {"015142", "019036"}}))
    assert {(p.row, p.rule) for p in stored.problems} == {(3, "outside_ambito")}
    # for the ambito public acts put it in, the same comune is fine
    own = check({"ambiti.csv": ambiti.replace("ambito-di-melzo;Ambito di Melzo", "ambito-di-cremona;Cremona")})
    assert not [p for p in own.problems if p.rule == "official_conflict"]


def test_a_comune_outside_the_province_of_most_of_the_ambito_gets_a_warning():
    ambiti = ("codice_comune;codice_ambito;nome_ambito;anno_inizio\n"
              "015142;ambito-di-melzo;Ambito di Melzo;\n015108;ambito-di-melzo;Ambito di Melzo;\n"
              "015178;ambito-di-melzo;Ambito di Melzo;\n012144;ambito-di-melzo;Ambito di Melzo;\n")
    context = hand_context(province_names={"015": "Città metropolitana di Milano", "012": "Provincia di Varese"})
    validation = check({"ambiti.csv": ambiti}, ambito=MELZO, context=context)
    assert [(p.row, p.rule, p.severity) for p in validation.problems] == [(5, "other_province", "warning")]
    warning = validation.problems[0]
    assert "Provincia di Varese" in warning.message("it") and "Città metropolitana di Milano" in warning.message("it")
    assert "Province of Varese" in warning.message("en") and "Metropolitan City of Milan" in warning.message("en")
    assert validation.ok and len(validation.tables["membership"]) == 4
    # half and half, or too few comuni: no "most" to compare with
    two = "\n".join(ambiti.splitlines()[:2] + ambiti.splitlines()[4:]) + "\n"
    assert check({"ambiti.csv": two}, ambito=MELZO, context=context).problems == []


def test_a_service_name_that_fits_several_services_lists_them_all():
    servizi = ("anno;codice_territorio;servizio;utenti;posti;spesa_euro;compartecipazione_euro\n"
               "2023;019036;Centro diurno;1;;;\n2023;019036;Ludoteca comunale;1;;;\n"
               "2023;019036;Servizio anziani a domicilio;1;;;\n")
    validation = check({"servizi.csv": servizi})
    several = problem(validation, 2, "unknown_service")
    assert several.detail["variant"] == "choices"
    day_centres = {"cdi", "cdd", "cse", "centro_diurno_minori", "centro_diurno_dipendenze"}
    assert day_centres <= set(several.detail["choices"].split("|"))
    for lang in ("it", "en"):
        message = several.message(lang)
        for code in day_centres:
            assert f"`{code}`" in message
    assert "Centro diurno integrato (CDI)" in several.message("it")
    assert "Integrated day centre for older people (CDI)" in several.message("en")
    nothing = problem(validation, 3, "unknown_service")
    assert nothing.detail["variant"] == "none"
    assert "data/" not in nothing.message("it") and ".md" not in nothing.message("it")
    assert problem(validation, 4, "unknown_service").detail["suggestion_code"] == "sad"


SPESA = """anno;codice_territorio;area;spesa_euro;spesa_associata_euro
2012;ambito-di-cremona;Famiglia e minori;5.839.760;1.000.000,50
2012;ambito-di-cremona;POVERTÀ;572525;
2012;ambito-di-cremona;giovani;100;
2012;ambito-di-cremona;disabili;1000;2000
2012;ambito-di-cremona;famiglia_minori;1;
2012;019113;anziani;;
2012;019036;Anziani (65 anni e più);12,5;
"""


def test_every_rule_of_spesa_aree():
    validation = check({"spesa_aree.csv": SPESA})
    s = "spesa_aree.csv"
    assert found(validation) == {
        (s, 4, "area", "unknown_area"),
        (s, 5, "spesa_associata_euro", "spending"),
        (s, 6, "area", "duplicate_row"),
        (s, 7, "spesa_euro", "empty_required"),
    }
    assert problem(validation, 5, "spending").detail == {"spending": "1000"}
    assert "2000" in problem(validation, 5, "spending").message("it")
    assert "Famiglia e minori" in problem(validation, 4, "unknown_area").message("it")
    areas = validation.tables["area_spending"]
    assert areas[["year", "territory_code", "area", "spending_eur"]].values.tolist() == [
        [2012, CREMONA, "famiglia_minori", 5839760.0], [2012, CREMONA, "poverta", 572525.0],
        [2012, "019036", "anziani", 12.5]]
    assert areas["associated_eur"].iloc[0] == 1000000.5
    assert areas["associated_eur"].isna().tolist() == [False, True, True]


def test_missing_columns_are_reported_on_the_header_row_and_the_rest_is_still_checked():
    text = "Titolo\n\nanno;codice_territorio;servizio;utenti;spesa_euro\n2023;019036;sad;-1;10\n"
    validation = check({"servizi.csv": text})
    assert found(validation) == {("servizi.csv", 3, "posti", "missing_column"),
                                 ("servizi.csv", 3, "compartecipazione_euro", "missing_column"),
                                 ("servizi.csv", 4, "utenti", "negative")}
    message = [p for p in validation.problems if p.column == "posti"][0].message("it")
    assert ("`anno`, `codice_territorio`, `servizio`, `utenti`, `posti`, `spesa_euro`, `compartecipazione_euro`"
            in message)  # the template's headers, as code


def test_numbers_italian_and_english_writing():
    cells = ["1.234,5", "1234,5", "1234.5", "1.234", "1.234.567", "€ 2.000", "1 234", "0.250", "1,234", "1,234.5",
             "-3", "", "tre", "12%", "1.23.4"]
    values, bad = parse_numbers(pd.Series(cells, dtype="str"))
    expected = [1234.5, 1234.5, 1234.5, 1234, 1234567, 2000, 1234, 0.25, 1.234, 1234.5, -3, None, None, None, None]
    for cell, value, wrong, want in zip(cells, values, bad, expected):
        if want is None:
            assert np.isnan(value), cell
            assert wrong == (cell != ""), cell
        else:
            assert value == pytest.approx(want) and not wrong, cell


def test_messages_in_both_languages_for_every_problem_found():
    problems = (check({"servizi.csv": SERVIZI}).problems + check({"ambiti.csv": AMBITI}).problems
                + check({"spesa_aree.csv": SPESA}).problems
                + check({"servizi.csv": "anno;servizio\n2023;sad\n"}).problems
                + check({"servizi.csv": NO_MEMBERSHIP_SERVIZI}, ambito=MELZO).problems)
    assert {p.rule for p in problems} == set(RULES)
    for item in problems:
        italian, english = item.message("it"), item.message("en")
        assert italian and english and italian != english
        assert "{" not in italian + english
        assert item.rule_label("it") and item.rule_label("en")
    above = next(p for p in problems if p.rule == "above_target" and p.row == 6)
    assert "80" in above.message("it") and "residenti 0-2 anni" in above.message("it")
    assert "residents aged 0-2" in above.message("en")


def test_strings_complete_for_every_rule():
    for rule in RULES:
        for key in (f"upload_rule_{rule}", f"upload_msg_{rule}"):
            assert STRINGS[key]["it"] and STRINGS[key]["en"], key


def test_problems_report_headers_and_excel_safety():
    text = 'codice_comune;codice_ambito;nome_ambito;anno_inizio\n"=HYPERLINK(""http://x"";""x"")";ambito-di-cremona;X;\n'
    validation = check({"ambiti.csv": text})
    italian = problems_frame(validation.problems, "it")
    assert list(italian.columns) == ["foglio", "riga", "colonna", "valore", "regola", "messaggio", "gravità"]
    assert italian.iloc[0]["valore"] == "'=HYPERLINK(\"http://x\";\"x\")"   # a formula never runs in Excel
    assert italian.iloc[0]["riga"] == 2 and str(italian["riga"].dtype) == "Int64"
    assert italian.iloc[0]["regola"] == "comune sconosciuto" and italian.iloc[0]["gravità"] == "errore"
    english = problems_frame(validation.problems, "en")
    assert list(english.columns) == ["sheet", "row", "column", "value", "rule", "message", "severity"]
    assert problems_frame([], "it").empty


def test_messages_for_the_page_show_what_was_typed_never_as_markdown():
    servizi = ("anno;codice_territorio;servizio;utenti;posti;spesa_euro;compartecipazione_euro\n"
               "2023;019036;[clicca](http://example.org);1;;;\n2023;01`9*03;sad;1;;;\n")
    validation = check({"servizi.csv": servizi})
    link = problem(validation, 2, "unknown_service")
    assert "«[clicca](http://example.org)»" in link.message("it")            # the report: as typed
    shown = link.message("it", markdown=True)                                # the page: inert
    assert "«\\[clicca\\]\\(" in shown and "](" not in shown
    code = problem(validation, 3, "unknown_comune")
    assert code.message("it").startswith("`01`9*03`")
    assert code.message("it", markdown=True).startswith("`01'9*03` ")     # a code span cannot be closed early
    frame = problems_frame(validation.problems, "it", markdown=True)
    assert frame["messaggio"].tolist() == [p.message("it", markdown=True) for p in validation.problems]


def test_problems_are_listed_all_at_once_in_sheet_and_row_order():
    validation = check({"servizi.csv": SERVIZI, "ambiti.csv": AMBITI, "spesa_aree.csv": SPESA})
    sheets = [p.sheet for p in validation.problems]
    assert sheets == sorted(sheets, key=["ambiti.csv", "servizi.csv", "spesa_aree.csv"].index)
    rows = [p.row for p in validation.problems if p.sheet == "servizi.csv"]
    assert rows == sorted(rows)


# -- templates and the example ---------------------------------------------------------------------------

CONTRACT_HEADERS = {
    "ambiti": ["codice_comune", "codice_ambito", "nome_ambito", "anno_inizio"],
    "servizi": ["anno", "codice_territorio", "servizio", "utenti", "posti", "spesa_euro", "compartecipazione_euro"],
    "spesa_aree": ["anno", "codice_territorio", "area", "spesa_euro", "spesa_associata_euro"],
}


@pytest.mark.parametrize("table", list(CONTRACT_HEADERS))
def test_blank_templates_have_exactly_the_headers(table):
    content = (TEMPLATES / f"{table}.csv").read_bytes()
    assert content.decode("utf-8-sig").strip() == ";".join(CONTRACT_HEADERS[table])
    raw = read_upload(content, f"{table}.csv")
    assert list(raw) == [table] and raw[table].frame.empty
    assert validate(raw, CREMONA, hand_context()).problems == []


def context_from_raw() -> UploadContext:
    """A context from data/raw: every current comune, official membership of the ambiti embedded, target
    populations from single-year ages (2022, 2023)."""
    from cruscotto.build.geo import slug
    comuni = pd.read_csv(RAW_DIR / "geo" / "lombardy_comuni.csv", dtype=str)
    ambiti = pd.read_csv(RAW_DIR / "geo" / "comuni_ambiti.csv", dtype=str)
    ambiti["code"] = ambiti["ambito"].map(slug)
    changes = pd.read_csv(RAW_DIR / "geo" / "comuni_code_changes.csv", dtype=str)
    ages = pd.read_parquet(RAW_DIR / "demography" / "population_age_sex_single_year.parquet")
    bands = {"age_0_2": (0, 2), "age_0_17": (0, 17), "age_65_plus": (65, 200), "age_75_plus": (75, 200)}
    counts = pd.concat([
        ages[ages["age"].between(low, high)].groupby(["comune_istat", "year"], as_index=False)["count"].sum()
        .assign(target=target) for target, (low, high) in bands.items()]).rename(columns={"comune_istat": "comune_code"})
    return UploadContext(
        comuni=dict(zip(comuni["istat"], comuni["prov_code"])), comune_names=dict(zip(comuni["istat"], comuni["name"])),
        code_changes=dict(zip(changes["old_istat"], changes["new_istat"])),
        official_ambito_of=dict(zip(ambiti["istat"], ambiti["code"])),
        official_members={code: set(group["istat"]) for code, group in ambiti.groupby("code")}, local_members={},
        target_counts=counts[["comune_code", "year", "target", "count"]], years=(2003, 2026))


def example_upload() -> dict:
    raw = {}
    for table in CONTRACT_HEADERS:
        name = f"{table}_esempio.csv"
        raw.update(read_upload((TEMPLATES / name).read_bytes(), name))
    return raw


def test_example_files_validate_without_errors_or_warnings():
    validation = validate(example_upload(), CREMONA, context_from_raw())
    assert validation.problems == []
    assert set(validation.tables) == {"membership", "services", "area_spending"}
    assert validation.tables["services"]["territory_code"].isin(
        set(validation.tables["membership"]["comune_code"]) | {CREMONA}).all()
    # spesa_euro is the comuni's spending net of the co-payment: the example's RSA guests pay more than the comuni
    services = validation.tables["services"]
    assert (services["copayment_eur"] > services["spending_eur"]).any()


def test_example_membership_is_the_47_comuni_of_the_public_act():
    official = pd.read_csv(RAW_DIR / "geo" / "comuni_ambiti.csv", dtype=str)
    official = sorted(official.loc[official["ambito"] == "Ambito di Cremona", "istat"])
    assert len(official) == 47
    membership = validate(example_upload(), CREMONA, context_from_raw()).tables["membership"]
    assert sorted(membership["comune_code"]) == official
    assert membership["start_year"].isna().all()           # not in the act: left blank, not guessed


def test_example_spending_by_area_is_the_cremona_plan_share_of_its_total():
    plan = pd.read_csv(RAW_DIR / "plans" / "plan_figures.csv", dtype={"value": float})
    cremona = plan[(plan["territory"] == "Ambito di Cremona") & (plan["year"] == 2012)]
    total = cremona.loc[cremona["measure"] == "Spesa sociale totale dei comuni", "value"].item()
    measure_of_area = {"anziani": "Anziani", "disabili": "Disabili", "famiglia_minori": "Minori e famiglia",
                       "immigrati": "Immigrazione", "poverta": "Emarginazione e poverta",
                       "multiutenza": "Servizi sociali (segretariato e funzionamento)"}
    area_spending = validate(example_upload(), CREMONA, context_from_raw()).tables["area_spending"]
    assert set(area_spending["area"]) == set(measure_of_area)
    for area, measure in measure_of_area.items():
        share = cremona.loc[(cremona["topic"] == "spending_by_target") & (cremona["measure"] == measure), "value"].item()
        row = area_spending[area_spending["area"] == area].iloc[0]
        assert row["year"] == 2012 and row["territory_code"] == CREMONA
        assert row["spending_eur"] == round(total * share / 100)
    assert area_spending["associated_eur"].isna().all()       # the plan gives no split by area


def test_leggimi_documents_columns_codes_and_the_example():
    text = (TEMPLATES / "LEGGIMI.md").read_text(encoding="utf-8")
    for header in sum(CONTRACT_HEADERS.values(), []):
        assert f"`{header}`" in text, header
    for code in catalogue.services()["code"]:
        assert f"`{code}`" in text, code
    for code in catalogue.areas()["code"]:
        assert f"`{code}`" in text, code
    assert "esempio" in text and "illustrativ" in text


# -- the catalogue ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed, code", [
    ("ADM", "adm"), ("adm", "adm"), ("Assistenza domiciliare minori (ADM)", "adm"), ("nidi", "asilo_nido"),
    ("Asilo Nido", "asilo_nido"), ("Nursery (asilo nido)", "asilo_nido"), ("micronidi", "micronido"),
    ("Comunità minori", "comunita_minori"), ("comunita per minori", "comunita_minori"), ("SAD", "sad"),
    ("SADH", "sadh"), (" rsa ", "rsa"), ("CDI", "cdi"), ("RSD", "rsd"), ("CDD", "cdd"), ("CSE", "cse"),
    ("SFA", "sfa"), ("CSS", "css"), ("Segretariato sociale", "segretariato_sociale"), ("telesoccorso", "telesoccorso"),
    ("pasti a domicilio", "pasti_domicilio"), ("affido", "affido_familiare"), ("SIL", "inserimenti_lavorativi"),
    ("centri antiviolenza", "centro_antiviolenza"), ("housing", "emergenza_abitativa"), ("Meals on wheels", "pasti_domicilio"),
])
def test_service_resolver(typed, code):
    assert catalogue.resolve_service(typed) == code


@pytest.mark.parametrize("typed, code", [
    ("Famiglia e minori", "famiglia_minori"), ("MINORI-FAMIGLIA", "famiglia_minori"), ("Disabili", "disabili"),
    ("dipendenze", "dipendenze"), ("Anziani (65 anni e più)", "anziani"), ("anziani", "anziani"),
    ("Immigrati, Rom, Sinti e Caminanti", "immigrati"), ("immigrazione", "immigrati"),
    ("Povertà, disagio adulti e senza dimora", "poverta"), ("POVERTÀ", "poverta"), ("Multiutenza", "multiutenza"),
    ("Older people (65 and over)", "anziani"),
])
def test_area_resolver(typed, code):
    assert catalogue.resolve_area(typed) == code


def test_service_candidates_of_a_name_that_fits_several():
    assert {"cdi", "cdd", "cse", "centro_diurno_minori", "centro_diurno_dipendenze"} <= set(
        catalogue.service_candidates("Centro diurno"))
    assert catalogue.service_candidates("centri diurni") == catalogue.service_candidates("Centro diurno")
    assert catalogue.service_candidates("Servizio anziani a domicilio") == ["sad"]
    assert catalogue.service_candidates("Ludoteca comunale") == [] and catalogue.service_candidates("") == []
    assert len(catalogue.service_candidates("centro")) <= catalogue.MAX_CANDIDATES


def test_resolver_refuses_what_it_would_only_guess():
    assert catalogue.resolve_service("centro diurno") is None   # CDI, CDD, centro diurno minori ...
    assert catalogue.resolve_service("") is None and catalogue.resolve_service(None) is None
    assert catalogue.resolve_area("giovani") is None


def test_catalogue_covers_the_plans_services_with_targets_and_areas():
    services = catalogue.services().set_index("code")
    plan_services = {"asilo_nido": "age_0_2", "micronido": "age_0_2", "comunita_minori": "age_0_17",
                     "adm": "age_0_17", "sad": "age_65_plus", "sadh": "population", "rsa": "age_75_plus",
                     "cdi": "age_75_plus", "rsd": "population", "cdd": "population", "cse": "population",
                     "segretariato_sociale": "population", "telesoccorso": "age_65_plus",
                     "pasti_domicilio": "age_65_plus"}
    for code, target in plan_services.items():
        assert services.at[code, "target"] == target, code
    assert set(services["area"]) <= set(catalogue.areas()["code"])
    assert (services.loc[services["target"] == "population", "per"] == 10000).all()
    assert (services.loc[services["target"] != "population", "per"] == 100).all()
    assert services["label_en"].str.len().gt(0).all() and services["nomenclatore_label"].str.len().gt(0).all()
    assert list(catalogue.areas()["code"]) == ["famiglia_minori", "disabili", "dipendenze", "anziani", "immigrati",
                                               "poverta", "multiutenza"]
    assert catalogue.areas().set_index("code").at["famiglia_minori", "target"] == "age_0_17"


# -- speed -----------------------------------------------------------------------------------------------

def test_hundred_thousand_rows_of_servizi_read_and_validated_within_five_seconds():
    members = ["019036", "019113", "019050"]
    codes = list(catalogue.services()["code"])
    keys = [(year, comune, code) for year in range(1010, 2025) for comune in members for code in codes][:100_000]
    assert len(keys) == 100_000
    lines = ["anno;codice_territorio;servizio;utenti;posti;spesa_euro;compartecipazione_euro"]
    lines += [f"{year};{comune};{code};{index % 7};;{1 + index // 1000}.{index % 1000:03d},5;1,5"
              for index, (year, comune, code) in enumerate(keys)]
    content = ("\n".join(lines) + "\n").encode()
    clock = time.perf_counter()
    validation = validate(read_upload(content, "servizi.csv"), CREMONA, hand_context(years=(1000, 2030)))
    elapsed = time.perf_counter() - clock
    assert validation.problems == [] and len(validation.tables["services"]) == 100_000
    assert elapsed < 5, f"{elapsed:.1f} s"
