"""Reading planners' files (cruscotto/local/read.py, xlsx.py): encodings, separators, title rows, Excel sheets,
formulas kept as text, and refusals (too big, zip bombs, unknown formats) that never exhaust memory.
Every input is made by hand here; expected values are written out, not computed by the code under test."""
import io
import time
import tracemalloc
import zipfile

import openpyxl
import pytest

from cruscotto.local.read import MAX_UPLOAD_BYTES, TABLES, UploadRefused, read_upload

SERVIZI_HEADER = "anno;codice_territorio;servizio;utenti;posti;spesa_euro;compartecipazione_euro"


def refused(content: bytes, name: str) -> UploadRefused:
    with pytest.raises(UploadRefused) as caught:
        read_upload(content, name)
    return caught.value


# -- CSV -------------------------------------------------------------------------------------------------

def test_semicolon_utf8_with_bom():
    text = "\ufeff" + SERVIZI_HEADER + "\n2023;019036;asilo_nido;380;400;1.234,5;€ 950\n2023;019113;sad;25;;60000;\n"
    raw = read_upload(text.encode("utf-8"), "servizi.csv")
    table = raw["servizi"]
    assert table.encoding == "UTF-8 (BOM)" and table.separator == ";"
    assert table.header_row == 1
    assert table.rows.tolist() == [2, 3]
    assert list(table.frame.columns) == TABLES["servizi"]
    assert table.frame.loc[0, "spesa_euro"] == "1.234,5"        # kept as typed: validate.py reads numbers
    assert table.frame.loc[0, "compartecipazione_euro"] == "€ 950"
    assert table.frame.loc[1, "posti"] == ""                     # blank stays blank


def test_comma_separated_utf8_without_bom_quoted_decimals():
    text = 'anno,codice_territorio,area,spesa_euro,spesa_associata_euro\n2012,ambito-di-cremona,anziani,"2.022.923,4",\n'
    table = read_upload(text.encode("utf-8"), "spesa.csv")["spesa_aree"]
    assert table.encoding == "UTF-8" and table.separator == ","
    assert table.frame.loc[0, "spesa_euro"] == "2.022.923,4"
    assert table.frame.loc[0, "spesa_associata_euro"] == ""


def test_tab_separated():
    text = "codice_comune\tcodice_ambito\tnome_ambito\tanno_inizio\n019036\tambito-di-cremona\tAmbito di Cremona\t2019\n"
    table = read_upload(text.encode(), "a.csv")["ambiti"]
    assert table.separator == "\t"
    assert table.frame.iloc[0].tolist() == ["019036", "ambito-di-cremona", "Ambito di Cremona", "2019"]


def test_windows_1252_fallback_keeps_accents():
    text = "codice_comune;codice_ambito;nome_ambito;anno_inizio\r\n019036;ambito-x;Ambito della Città – Comunità;2019\r\n"
    table = read_upload(text.encode("cp1252"), "ambiti.csv")["ambiti"]
    assert table.encoding == "Windows-1252"
    assert table.frame.loc[0, "nome_ambito"] == "Ambito della Città – Comunità"


def test_title_rows_above_header_and_spreadsheet_row_numbers():
    text = ("Ufficio di Piano di Cremona - servizi 2023;;;;;;\n"
            "Dati provvisori;;;;;;\n"
            ";;;;;;\n"
            + SERVIZI_HEADER + "\n"
            "2023;019036;sad;250;;900000;120000\n"
            ";;;;;;\n"                       # a blank row in the middle: skipped, numbering kept
            "2023;019036;cdi;40;;180000;30000\n"
            ";;;;;;\n;;;;;;\n\n")            # empty trailing rows
    table = read_upload(text.encode(), "dati.csv")["servizi"]
    assert table.header_row == 4
    assert table.rows.tolist() == [5, 7]
    assert table.frame["servizio"].tolist() == ["sad", "cdi"]


def test_trailing_empty_columns_dropped_and_extra_columns_reported():
    text = (SERVIZI_HEADER + ";note;;;\n"
            "2023;019036;sad;250;;900000;120000;da verificare;;;\n")
    table = read_upload(text.encode(), "s.csv")["servizi"]
    assert list(table.frame.columns) == TABLES["servizi"]
    assert table.extra_columns == ["note"]


def test_header_tolerant_of_case_spaces_and_bom():
    text = "\ufeff Codice Comune ;CODICE_AMBITO;Nome ambito;anno inizio\n19036;ambito-x;X;\n"
    table = read_upload(text.encode("utf-8"), "qualsiasi.csv")["ambiti"]
    assert list(table.frame.columns) == TABLES["ambiti"]
    assert table.headers["codice_comune"] == "Codice Comune"
    assert table.frame.loc[0, "codice_comune"] == "19036"     # padding to 015146-style codes is validate's job


def test_table_recognised_by_file_stem_when_header_is_wrong():
    text = "year;territory;service\n2023;019036;sad\n"
    raw = read_upload(text.encode(), "servizi_2023.csv")
    assert set(raw) == {"servizi"}
    assert list(raw["servizi"].frame.columns) == []          # validate.py reports the missing columns
    assert raw["servizi"].header_row == 1


def test_formula_text_in_csv_is_kept_as_text():
    text = 'codice_comune;codice_ambito;nome_ambito;anno_inizio\n019036;ambito-x;"=HYPERLINK(""http://x"",""Cremona"")";\n'
    table = read_upload(text.encode(), "ambiti.csv")["ambiti"]
    assert table.frame.loc[0, "nome_ambito"] == '=HYPERLINK("http://x","Cremona")'


def test_file_with_no_template_table_is_refused():
    error = refused(b"nome;cognome\nMario;Rossi\n", "persone.csv")
    assert error.code == "upload_refused_no_table"
    assert "ambiti" in error.message("it") and "tables" in error.message("en")


@pytest.mark.parametrize("name", ["dati.xls", "dati.pdf", "dati.ods", "dati"])
def test_unknown_extension_is_refused(name):
    assert refused(b"anything", name).code == "upload_refused_extension"


def test_fifty_megabyte_file_is_refused_before_parsing(monkeypatch):
    import cruscotto.local.read as read_module

    def never(*_args, **_kwargs):
        raise AssertionError("the file was parsed")
    monkeypatch.setattr(read_module, "decode", never)
    monkeypatch.setattr(read_module, "check_zip", never)
    content = (SERVIZI_HEADER + "\n").encode() + b"2023;019036;sad;1;;1;1\n" * (50 * 1024 * 1024 // 23)
    assert len(content) > 50 * 1000 * 1000
    clock = time.perf_counter()
    error = refused(content, "servizi.csv")
    assert time.perf_counter() - clock < 0.5
    assert error.code == "upload_refused_too_large"
    assert error.details["max_mb"] == "20,0"
    assert "20,0 MB" in error.message("it")


def test_file_just_under_the_limit_is_read():
    row = "2023;019036;Assistenza domiciliare minori (ADM);12;;1.234.567,89;12.345,67\n".encode()
    content = (SERVIZI_HEADER + "\n").encode() + row * ((MAX_UPLOAD_BYTES - 200) // len(row))
    assert len(content) <= MAX_UPLOAD_BYTES
    assert len(read_upload(content, "servizi.csv")["servizi"].frame) == (MAX_UPLOAD_BYTES - 200) // len(row)


# -- Excel -----------------------------------------------------------------------------------------------

def workbook_bytes(workbook: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_three_sheets_names_case_insensitive_title_row_numbers_and_formulas():
    book = openpyxl.Workbook()
    ambiti = book.active
    ambiti.title = "AMBITI"
    ambiti.append(["codice_comune", "codice_ambito", "nome_ambito", "anno_inizio"])
    ambiti.append([19036, "ambito-di-cremona", '=HYPERLINK("http://esempio.it","Ambito di Cremona")', 2019])
    servizi = book.create_sheet("Servizi")
    servizi.append(["Servizi dell'ambito, anno 2023"])               # title row
    servizi.append([])                                                  # blank row
    servizi.append(TABLES["servizi"])
    servizi.append([2023, "019036", "asilo_nido", 380, 400, 1234.5, 0.25])
    servizi.append([2023, "019036", "sad", 250, None, 900000, "=F4*0,1"])
    notes = book.create_sheet("Note")
    notes.append(["Compilato da", "Ufficio di Piano"])
    spesa = book.create_sheet("spesa_aree")
    spesa.append(TABLES["spesa_aree"])
    spesa.append([2012, "ambito-di-cremona", "anziani", 2022923, None])
    raw = read_upload(workbook_bytes(book), "cremona.xlsx")
    assert set(raw) == {"ambiti", "servizi", "spesa_aree"}
    assert raw.ignored == ["Note"]
    assert raw["ambiti"].sheet == "AMBITI"
    assert raw["ambiti"].frame.iloc[0].tolist() == [
        "19036", "ambito-di-cremona", '=HYPERLINK("http://esempio.it","Ambito di Cremona")', "2019"]
    table = raw["servizi"]
    assert table.header_row == 3 and table.rows.tolist() == [4, 5]
    assert table.frame.loc[0, "spesa_euro"] == "1234,5"               # as Italian Excel shows it
    assert table.frame.loc[0, "compartecipazione_euro"] == "0,25"
    assert table.frame.loc[1, "compartecipazione_euro"] == "=F4*0,1"  # never evaluated
    assert table.frame.loc[1, "posti"] == ""
    assert table.encoding is None and table.separator is None


def test_single_unnamed_sheet_recognised_by_header_then_by_file_stem():
    book = openpyxl.Workbook()
    book.active.title = "Foglio1"
    book.active.append(TABLES["spesa_aree"])
    book.active.append([2023, "ambito-x", "disabili", 10, 5])
    assert set(read_upload(workbook_bytes(book), "x.xlsx")) == {"spesa_aree"}
    book = openpyxl.Workbook()
    book.active.title = "Foglio1"
    book.active.append(["anno", "territorio"])
    book.active.append([2023, "ambito-x"])
    assert set(read_upload(workbook_bytes(book), "ambiti_2023.xlsx")) == {"ambiti"}


def test_two_sheets_with_the_same_table_are_refused():
    book = openpyxl.Workbook()
    book.active.title = "servizi"
    book.active.append(TABLES["servizi"])
    other = book.create_sheet("Servizi 2024")
    other.append(TABLES["servizi"])
    error = refused(workbook_bytes(book), "doppio.xlsx")
    assert error.code == "upload_refused_duplicate_table"
    assert error.details["table"] == "servizi"


SHEET_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def excel_like(sheet_xml: str, shared_xml: str | None, prefix: str = "") -> bytes:
    """An .xlsx as Excel writes it (shared strings), written part by part."""
    p = f"{prefix}:" if prefix else ""
    ns = SHEET_NS.replace("xmlns=", f"xmlns:{prefix}=") if prefix else SHEET_NS
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                               'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                       'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
                       '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0"?><{p}workbook {ns} {REL_NS}><{p}sheets><{p}sheet name="servizi" '
                           f'sheetId="1" r:id="rId1"/></{p}sheets></{p}workbook>',
        "xl/_rels/workbook.xml.rels":
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.'
            'org/officeDocument/2006/relationships/sharedStrings" Target="/xl/sharedStrings.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0"?><{p}worksheet {ns}><{p}sheetData>{sheet_xml}'
                                    f'</{p}sheetData></{p}worksheet>',
    }
    if shared_xml is not None:
        parts["xl/sharedStrings.xml"] = f'<?xml version="1.0"?><sst {SHEET_NS}>{shared_xml}</sst>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def header_cells(row: int = 1) -> str:
    return "".join(f'<c r="{letter}{row}" t="s"><v>{index}</v></c>' for index, letter in enumerate("ABCDEFG"))


SHARED = "".join(f"<si><t>{name}</t></si>" for name in TABLES["servizi"])


def test_excel_shared_strings_rich_text_phonetic_hints_shared_formulas_and_errors():
    shared = SHARED + ("<si><r><t>Comunit</t></r><r><rPr><b/></rPr><t>à minori</t></r>"
                       "<rPh sb='0' eb='1'><t>ふりがな</t></rPh></si>"                      # index 7
                       "<si><t xml:space=\"preserve\"> sad </t></si>")                        # index 8
    sheet = (f'<row r="1">{header_cells()}</row>'
             '<row r="2"><c r="A2"><v>2023</v></c><c r="B2" t="inlineStr"><is><t>019036</t></is></c>'
             '<c r="C2" t="s"><v>7</v></c><c r="D2"><v>12</v></c><c r="F2"><v>1.5E-3</v></c>'
             '<c r="G2"><f t="shared" ref="G2:G3" si="0">F2*2</f><v>0.003</v></c></row>'
             '<row r="5"><c r="A5"><v>2023</v></c><c r="B5" t="str"><f>"0"&amp;"19113"</f><v>019113</v></c>'
             '<c r="C5" t="s"><v>8</v></c><c r="D5" t="e"><v>#N/A</v></c><c r="E5" t="b"><v>1</v></c>'
             '<c r="G5"><f t="shared" si="0"/><v>4</v></c></row>')
    table = read_upload(excel_like(sheet, shared), "x.xlsx")["servizi"]
    assert table.rows.tolist() == [2, 5]
    first, second = table.frame.iloc[0].tolist(), table.frame.iloc[1].tolist()
    assert first == ["2023", "019036", "Comunità minori", "12", "", "0,0015", "=F2*2"]
    assert second == ["2023", '="0"&"19113"', "sad", "#N/A", "VERO", "", "=F5*2"]


def test_excel_with_prefixed_namespace_is_read():
    sheet = (f'<x:row r="1">{header_cells()}</x:row>'.replace("<c ", "<x:c ").replace("</c>", "</x:c>")
             .replace("<v>", "<x:v>").replace("</v>", "</x:v>")
             + '<x:row r="2"><x:c r="A2"><x:v>2023</x:v></x:c><x:c r="C2" t="s"><x:v>2</x:v></x:c></x:row>')
    table = read_upload(excel_like(sheet, SHARED, prefix="x"), "x.xlsx")["servizi"]
    assert table.frame.iloc[0].tolist()[:3] == ["2023", "", "servizio"]


def test_excel_declaring_a_dtd_is_refused():
    sheet = f'<row r="1">{header_cells()}</row>'
    content = excel_like(sheet, SHARED)
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "xl/sharedStrings.xml":
                data = data.replace(b'<?xml version="1.0"?>',
                                    b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">]>')
            out.writestr(entry, data)
    error = refused(buffer.getvalue(), "x.xlsx")
    assert error.code == "upload_refused_unreadable"


def test_xlsx_that_is_not_a_zip_is_refused():
    assert refused(b"anno;servizio\n2023;sad\n", "servizi.xlsx").code == "upload_refused_unreadable"


def test_broken_zip_is_refused():
    content = excel_like(f'<row r="1">{header_cells()}</row>', SHARED)
    assert refused(content[:-40], "x.xlsx").code == "upload_refused_unreadable"


def test_zip_bomb_refused_from_its_directory_with_bounded_memory():
    """A 'workbook' whose sheet inflates to 300 MB of zeros (about 300 KB compressed)."""
    buffer = io.BytesIO()
    chunk = b"0" * (1024 * 1024)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as part:
            for _ in range(300):
                part.write(chunk)
    content = buffer.getvalue()
    del chunk
    assert len(content) < 5 * 1024 * 1024
    tracemalloc.start()
    clock = time.perf_counter()
    try:
        error = refused(content, "bomba.xlsx")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.code == "upload_refused_zip_bomb"
    assert peak < 10 * 1024 * 1024          # nothing was inflated
    assert time.perf_counter() - clock < 2


def test_zip_bomb_below_the_size_limit_but_with_a_huge_ratio_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b" " * (20 * 1024 * 1024))   # 20 MB of spaces: ratio ~1000
    error = refused(buffer.getvalue(), "x.xlsx")
    assert error.code == "upload_refused_zip_bomb"
    assert int(error.details["ratio"]) > 100


def test_zip_with_too_many_entries_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for index in range(1200):
            archive.writestr(f"x/{index}.bin", b"")
    assert refused(buffer.getvalue(), "x.xlsx").code == "upload_refused_too_many_entries"


def test_big_real_workbook_is_not_mistaken_for_a_bomb():
    """100,000 rows written by openpyxl compress about 10:1 — well under the bomb ratio of 100."""
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("servizi")
    sheet.append(TABLES["servizi"])
    for index in range(100_000):
        sheet.append([2000 + index % 24,  # the last row: 2000 + 99999 % 24 = 2015
                      "019036", "sad", index % 50, None, index * 1.5, None])
    content = workbook_bytes(book)
    table = read_upload(content, "grande.xlsx")["servizi"]
    assert len(table.frame) == 100_000
    assert table.rows[-1] == 100_001
    assert table.frame.iloc[-1].tolist() == ["2015", "019036", "sad", "49", "", "149998,5", ""]


def test_refusal_messages_exist_in_both_languages():
    from cruscotto.local.strings_upload import STRINGS
    for key, entry in STRINGS.items():
        if key.startswith("upload_refused_"):
            assert entry["it"] and entry["en"] and entry["it"] != entry["en"]


# -- the two ways of reading a sheet give the same cells ---------------------------------------------------

def both_ways(content: bytes):
    from cruscotto.local import xlsx
    fast = xlsx.read_sheets(zipfile.ZipFile(io.BytesIO(content)), 60, 1_000_000, fast=True)
    slow = xlsx.read_sheets(zipfile.ZipFile(io.BytesIO(content)), 60, 1_000_000, fast=False)
    return fast, slow


def assert_same(content: bytes):
    fast, slow = both_ways(content)
    assert [name for name, _, _ in fast] == [name for name, _, _ in slow]
    for (_, fast_frame, fast_numbers), (_, slow_frame, slow_numbers) in zip(fast, slow):
        assert fast_numbers.tolist() == slow_numbers.tolist()
        assert fast_frame.fillna("").values.tolist() == slow_frame.fillna("").values.tolist()
    return fast


def test_fast_scan_and_expat_agree_on_excel_like_files():
    shared = SHARED + ("<si><r><t>Comunit</t></r><r><rPr><b/></rPr><t>à &amp; minori</t></r>"
                       "<rPh sb='0' eb='1'><t>ふりがな</t></rPh></si>")
    sheet = (f'<row r="1" spans="1:7">{header_cells()}</row>'
             '<row r="3"><c r="A3" s="1"><v>2023</v></c><c r="B3" s="2"/><c r="C3" t="s"><v>7</v></c>'
             '<c r="D3"><v>12.50</v></c><c r="E3"><v>1.5E-3</v></c><c r="F3"><v>-0.25</v></c>'
             '<c r="G3" t="inlineStr"><is><t xml:space="preserve"> a &lt; b </t></is></c></row>'
             '<row r="4"><c r="A4"><f t="shared" ref="A4:A5" si="3">A3+1</f><v>2024</v></c>'
             '<c r="B4" t="str"><v>x &amp; y</v></c><c r="C4" t="b"><v>0</v></c><c r="D4" t="e"><v>#DIV/0!</v></c>'
             '<c r="E4"><v>2020.0</v></c><c r="F4"><v>\n  7\n</v></c></row>'
             '<row r="5"><c r="A5"><f t="shared" si="3"/><v>2025</v></c><c r="BZ5"><v>1</v></c></row>'
             '<row r="6"><c r="A6" s="1"/></row>')
    fast = assert_same(excel_like(sheet, shared))
    _, frame, numbers = fast[0]
    assert numbers.tolist() == [1, 3, 4, 5]
    assert frame.iloc[1, :7].tolist() == ["2023", "", "Comunità & minori", "12,5", "0,0015", "-0,25", " a < b "]
    assert frame.iloc[2, :6].tolist() == ["=A3+1", "x & y", "FALSO", "#DIV/0!", "2020", "7"]
    assert frame.iloc[3, 0] == "=A4+1"            # the shared formula, as Excel shows it in A5
    assert frame.shape[1] == 7                    # BZ5 (column 78) is beyond the 60 columns read: left out


def test_fast_scan_and_expat_agree_on_openpyxl_files():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "servizi"
    sheet.append(["Titolo"])
    sheet.append(TABLES["servizi"])
    sheet.append([2023, "019036", "sad", 3, None, 1234.5, '=HYPERLINK("http://x?a=1&b=2","<x>")'])
    sheet.append([2023.0, 19036, "Asilo nido", 1e-7, True, -12.0, "  spazi  "])
    fast = assert_same(workbook_bytes(book))
    assert fast[0][1].iloc[2].tolist() == ["2023", "019036", "sad", "3", "", "1234,5",
                                           '=HYPERLINK("http://x?a=1&b=2","<x>")']
    assert fast[0][1].iloc[3].tolist()[:4] == ["2023", "19036", "Asilo nido", "0,0000001"]


def test_fast_scan_falls_back_to_expat_for_prefixed_tags():
    sheet = (f'<x:row r="1">{header_cells()}</x:row>'.replace("<c ", "<x:c ").replace("</c>", "</x:c>")
             .replace("<v>", "<x:v>").replace("</v>", "</x:v>"))
    fast = assert_same(excel_like(sheet, SHARED, prefix="x"))
    assert fast[0][1].iloc[0].tolist()[:2] == ["anno", "codice_territorio"]


def test_hundred_thousand_excel_rows_are_read_quickly():
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>2023</v></c><c r="B{n}" t="s"><v>7</v></c>'
                   f'<c r="C{n}" t="s"><v>8</v></c><c r="D{n}"><v>{n % 40}</v></c>'
                   f'<c r="F{n}"><v>{n}.5</v></c><c r="G{n}"><v>12</v></c></row>' for n in range(2, 100_002))
    shared = SHARED + "<si><t>019036</t></si><si><t>sad</t></si>"
    content = excel_like(f'<row r="1">{header_cells()}</row>' + rows, shared)
    clock = time.perf_counter()
    table = read_upload(content, "grande.xlsx")["servizi"]
    elapsed = time.perf_counter() - clock
    assert len(table.frame) == 100_000
    assert table.frame.iloc[-1].tolist() == ["2023", "019036", "sad", "1", "", "100001,5", "12"]
    assert elapsed < 4, f"{elapsed:.1f} s"


def test_damaged_workbook_parts_are_refused_as_unreadable():
    bad_reference = f'<row r="1">{header_cells()}</row><row r="2"><c r="A2" t="s"><v>99</v></c></row>'
    assert refused(excel_like(bad_reference, SHARED), "x.xlsx").code == "upload_refused_unreadable"
    bad_character = (f'<row r="1">{header_cells()}</row>'
                     '<row r="2"><c r="A2" t="inlineStr"><is><t>&#xFFFFFFF;</t></is></c></row>')
    assert refused(excel_like(bad_character, SHARED), "x.xlsx").code == "upload_refused_unreadable"
    no_workbook = io.BytesIO()
    with zipfile.ZipFile(no_workbook, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    assert refused(no_workbook.getvalue(), "x.xlsx").code == "upload_refused_unreadable"
