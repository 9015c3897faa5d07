"""The cells of an .xlsx workbook as text, streamed from its XML (used by read.py).

openpyxl's read-only reader needs 8-16 s for 100,000 rows x 7 columns. Here each sheet written the usual way
(Excel, LibreOffice, openpyxl) is cut into cells and parsed by pyarrow's string kernels, a block of rows at a
time (about 1.5 s for those 100,000 rows on a busy 2-core machine); anything unusual (prefixed tags, cells
without references) is read by expat (about 3 s), which also reads the workbook's structure and shared strings.

What it gives: each sheet's name and its non-empty rows (row number as Excel shows it, one text per column).
Text cells as typed (shared or inline strings, rich text joined, phonetic hints left out); formulas as their
text "=..." (never evaluated; a shared formula translated to its cell, as Excel shows it); numbers as Italian
Excel shows them, with a decimal comma (1234,5); dates stay the serial number Excel stores; booleans VERO/FALSO;
errors as Excel writes them (#N/D is stored as #N/A). A DTD or entity declaration refuses the file (no entity
expansion).
"""
import codecs
import posixpath
import re
import zipfile
from xml.parsers import expat

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

CHUNK = 1 << 16
REL_OFFICE_DOCUMENT = "/officeDocument"
REL_SHARED_STRINGS = "/sharedStrings"


class XlsxError(ValueError):
    """The workbook's structure or XML cannot be read."""


class TooManyRows(XlsxError):
    def __init__(self, sheet: str):
        super().__init__(sheet)
        self.sheet = sheet


def _local(name: str) -> str:
    return name.rpartition(":")[2]


def _refuse_dtd(*_args):
    raise XlsxError("DTD or entity declaration")


def _parse(archive: zipfile.ZipFile, path: str, start, end=None, chars=None) -> None:
    parser = expat.ParserCreate()  # no namespace processing: a tag keeps its prefix ("x:c"), matched by local part
    parser.buffer_text = True
    parser.buffer_size = CHUNK
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end
    if chars is not None:
        parser.CharacterDataHandler = chars
    try:
        with archive.open(path) as part:
            while chunk := part.read(CHUNK):
                parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError as error:
        raise XlsxError(f"{path}: {error}") from error
    except KeyError as error:
        raise XlsxError(f"missing part {path}") from error


def _attribute(attrs: dict, local: str) -> str | None:
    for key, value in attrs.items():
        if key == local or key.endswith(":" + local):
            return value
    return None


def _relationships(archive: zipfile.ZipFile, part: str) -> list[tuple[str, str, str]]:
    """(id, type, target path inside the archive) of a part's relationships."""
    folder, name = posixpath.split(part)
    rels_path = posixpath.join(folder, "_rels", name + ".rels")
    if rels_path not in archive.NameToInfo:
        return []
    found = []

    def start(tag, attrs):
        if _local(tag) == "Relationship" and attrs.get("TargetMode") != "External":
            target = attrs.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            found.append((attrs.get("Id", ""), attrs.get("Type", ""), path))
    _parse(archive, rels_path, start)
    return found


def _workbook_path(archive: zipfile.ZipFile) -> str:
    for _id, kind, path in _relationships(archive, ""):
        if kind.endswith(REL_OFFICE_DOCUMENT):
            return path
    return "xl/workbook.xml"


def _shared_strings(archive: zipfile.ZipFile, path: str | None) -> list[str]:
    strings: list[str] = []
    if path is None or path not in archive.NameToInfo:
        return strings
    state = {"parts": None, "text": None, "phonetic": 0}

    def start(tag, _attrs):
        local = _local(tag)
        if local == "si":
            state["parts"] = []
        elif local == "rPh":
            state["phonetic"] += 1
        elif local == "t" and state["parts"] is not None and not state["phonetic"]:
            state["text"] = []

    def end(tag):
        local = _local(tag)
        if local == "t" and state["text"] is not None:
            state["parts"].append("".join(state["text"]))
            state["text"] = None
        elif local == "rPh":
            state["phonetic"] -= 1
        elif local == "si":
            strings.append("".join(state["parts"]))
            state["parts"] = None

    def chars(data):
        if state["text"] is not None:
            state["text"].append(data)
    _parse(archive, path, start, end, chars)
    return strings


_COLUMN = re.compile(r"[A-Za-z]+")
_PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def column_index(reference: str) -> int:
    """1 for "A1", 27 for "AA7"."""
    letters = _COLUMN.match(reference)
    if not letters:
        raise XlsxError(f"bad cell reference {reference!r}")
    index = 0
    for letter in letters.group().upper():
        index = index * 26 + ord(letter) - 64
    return index


def number_text(value: str) -> str:
    """A number as stored in the XML ("1234.5", "2E-3") as Italian Excel shows it ("1234,5", "0,002")."""
    if value.isdigit():
        return value
    if _PLAIN_NUMBER.fullmatch(value):
        whole, _, fraction = value.partition(".")
        fraction = fraction.rstrip("0")
        return f"{whole},{fraction}" if fraction else whole
    try:
        number = float(value)
    except ValueError:
        return value
    if number != number or number in (float("inf"), float("-inf")):
        return value
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    text = repr(number)
    if "e" in text or "E" in text:
        text = f"{number:.10f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _translate(formula: str, origin: str, destination: str) -> str:
    from openpyxl.formula.translate import Translator
    try:
        return Translator(formula, origin=origin).translate_formula(destination)
    except Exception:  # a formula openpyxl's tokenizer cannot read: shown as written in its first cell
        return formula


_TAGS = {"c": 1, "v": 2, "f": 3, "row": 4, "is": 5, "rPh": 6, "t": 7}


def _tag_kind(tag: str) -> int:
    return _TAGS.get(tag.rpartition(":")[2], 0)


def _column_of(letters: str, cache: dict) -> int:
    if letters not in cache:
        cache[letters] = column_index(letters)
    return cache[letters]


def _read_sheet(archive: zipfile.ZipFile, path: str, name: str, shared: list[str], max_columns: int,
                max_rows: int) -> tuple[list[list[str]], list[int]]:
    """The non-empty rows of one sheet (lists of text, up to max_columns) and their row numbers. The handlers are
    closures over local state: expat calls them about 13 times per cell, so every attribute lookup counts."""
    rows: list[list[str]] = []
    numbers: list[int] = []
    kinds = dict(_TAGS)
    letters_cache: dict[str, int] = {}
    shared_formulas: dict[str, tuple[str, str]] = {}
    row_number = column = 0
    cells: dict[int, str] = {}
    reference = ""
    cell_type = "n"
    value = formula = formula_attrs = text = inline = None
    phonetic = 0

    def start(tag, attrs):
        nonlocal row_number, column, cells, reference, cell_type, value, formula, formula_attrs, text, inline
        nonlocal phonetic
        kind = kinds.get(tag)
        if kind is None:
            kind = kinds[tag] = _tag_kind(tag)
        if kind == 1:
            reference = attrs.get("r") or ""
            column = _column_of(reference.rstrip("0123456789"), letters_cache) if reference else column + 1
            cell_type = attrs.get("t", "n")
            value = formula = formula_attrs = inline = None
        elif kind == 2:
            text = []
        elif kind == 3:
            text = []
            formula_attrs = attrs
        elif kind == 4:
            number = attrs.get("r")
            row_number = int(number) if number else row_number + 1
            cells = {}
            column = 0
        elif kind == 5:
            inline = []
        elif kind == 6:
            phonetic += 1
        elif kind == 7 and inline is not None and not phonetic:
            text = []

    def chars(data):
        if text is not None:
            text.append(data)

    def end(tag):
        nonlocal value, formula, text, phonetic
        kind = kinds.get(tag)
        if kind is None:
            kind = kinds[tag] = _tag_kind(tag)
        if kind == 2:
            value = "".join(text)
            text = None
        elif kind == 1:
            if column <= max_columns:
                if formula_attrs is None and cell_type == "n":   # the common case: a plain number
                    if value:
                        cells[column] = value if value.isdigit() else number_text(value)
                else:
                    shown = cell_text()
                    if shown:
                        cells[column] = shown
        elif kind == 4:
            if cells:
                rows.append([cells.get(position, "") for position in range(1, max(cells) + 1)])
                numbers.append(row_number)
                if len(rows) > max_rows:
                    raise TooManyRows(name)
        elif kind == 3:
            formula = "".join(text)
            text = None
        elif kind == 7 and text is not None and inline is not None:
            inline.append("".join(text))
            text = None
        elif kind == 6:
            phonetic -= 1

    def cell_text() -> str:
        if formula_attrs is not None:
            written = formula_text()
            if written:
                return "=" + written
        if cell_type == "inlineStr":
            return "".join(inline or [])
        if value is None:
            return ""
        if cell_type == "n":
            return number_text(value)
        if cell_type == "s":
            try:
                return shared[int(value)]
            except (ValueError, IndexError) as error:
                raise XlsxError(f"{name}!{reference}: bad shared string {value!r}") from error
        if cell_type == "b":
            return "VERO" if value.strip() in ("1", "true") else "FALSO"
        return value  # str (a formula's text result), e (error), d (ISO date)

    def formula_text() -> str:
        written = formula or ""
        if formula_attrs.get("t") == "shared" and formula_attrs.get("si") is not None:
            group = formula_attrs["si"]
            if written:
                shared_formulas[group] = (reference, written)
            elif group in shared_formulas and reference:
                origin, master = shared_formulas[group]
                written = _translate("=" + master, origin, reference)[1:]
        return written

    _parse(archive, path, start, end, chars)
    return rows, numbers


class _NotSimple(Exception):
    """A sheet the fast scanner does not handle (prefixed tags, cells without references, another encoding):
    read with expat instead."""


_VALUE = re.compile(r"<v(?:\s[^>]*)?>(.*?)</v>", re.S)
_FORMULA = re.compile(r"<f(\s[^>]*?)?(?:/>|>(.*?)</f>)", re.S)
_FORMULA_ATTRIBUTE = re.compile(r'\s(t|si)="([^"]*)"')
_INLINE_TEXT = re.compile(r"<t(?:\s[^>]*)?>(.*?)</t>", re.S)
_PHONETIC = re.compile(r"<rPh\b.*?</rPh>", re.S)
_ENTITY = re.compile(r"&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_DECLARED_ENCODING = re.compile(r'<\?xml[^>]*encoding=["\']([^"\']+)')
BLOCK = 8 << 20  # characters of sheet XML scanned at a time


def _unescape(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "&" not in text:
        return text
    return _ENTITY.sub(lambda m: _NAMED.get(m.group(1)) or chr(int(m.group(1)[2:], 16) if m.group(1)[1] == "x"
                                                                  else int(m.group(1)[1:])), text)


def _blocks(archive: zipfile.ZipFile, path: str):
    """The sheet's <sheetData> content in pieces that end with a whole row; _NotSimple when it is not a plain
    UTF-8 <sheetData> (then expat reads the sheet)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    buffer, started = "", False
    with archive.open(path) as part:
        while True:
            chunk = part.read(BLOCK)
            try:
                buffer += decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as error:
                raise _NotSimple(str(error)) from error
            if not started:
                position = buffer.find("<sheetData")
                head = buffer if position < 0 else buffer[:position]
                if "<!DOCTYPE" in head or "<!ENTITY" in head:
                    raise XlsxError(f"{path}: DTD or entity declaration")
                declared = _DECLARED_ENCODING.search(head[:300])
                if declared and declared.group(1).lower().replace("_", "-") not in ("utf-8", "utf8"):
                    raise _NotSimple(f"encoding {declared.group(1)}")
                if position < 0:
                    if not chunk or re.search(r"<\w+:sheetData", buffer):
                        raise _NotSimple("no plain <sheetData>")
                    continue
                started, buffer = True, buffer[position:]
                if re.match(r"<sheetData\s*/>", buffer):  # an empty sheet
                    return
            end = buffer.find("</sheetData>")
            if end >= 0 or not chunk:
                yield buffer[:end] if end >= 0 else buffer
                return
            cut = buffer.rfind("</row>")
            if cut >= 0:
                yield buffer[:cut + 6]
                buffer = buffer[cut + 6:]


def _strings(array) -> np.ndarray:
    return np.asarray(array.to_numpy(zero_copy_only=False), dtype=object)


def _scan_sheet(archive: zipfile.ZipFile, path: str, name: str, shared: list[str], max_columns: int,
                max_rows: int) -> tuple[pd.DataFrame, np.ndarray]:
    """The same as _read_sheet, for sheets written the usual way (Excel, LibreOffice, openpyxl: unprefixed tags,
    every cell with its reference "B7"): each block of rows is cut into cells and parsed with pyarrow's regular
    expression kernels, so Python touches only the odd cell (formulas, inline strings, exponents): two to three
    times faster than expat. Anything unusual raises _NotSimple."""
    shared_array = pa.array(shared, type=pa.large_string())
    letters_cache: dict[str, int] = {}
    shared_formulas: dict[str, tuple[str, str]] = {}
    found_rows, found_columns, found_values = [], [], []

    def odd_cell(reference: str, kind: str, inner: str) -> str:
        if "<f" in inner:
            match = _FORMULA.search(inner)
            attributes = dict(_FORMULA_ATTRIBUTE.findall(match.group(1) or "")) if match else {}
            formula = _unescape(match.group(2) or "") if match else ""
            if attributes.get("t") == "shared" and attributes.get("si") is not None:
                if formula:
                    shared_formulas[attributes["si"]] = (reference, formula)
                elif attributes["si"] in shared_formulas:
                    origin, master = shared_formulas[attributes["si"]]
                    formula = _translate("=" + master, origin, reference)[1:]
            if formula:
                return "=" + formula
        if kind == "inlineStr":
            return _unescape("".join(_INLINE_TEXT.findall(_PHONETIC.sub("", inner))))
        match = _VALUE.search(inner)
        if match is None:
            return ""
        value = match.group(1)
        if kind in ("", "n"):
            return number_text(value)
        if kind == "s":
            try:
                return shared[int(value)]
            except (ValueError, IndexError) as error:
                raise XlsxError(f"{name}!{reference}: bad shared string {value!r}") from error
        if kind == "b":
            return "VERO" if value.strip() in ("1", "true") else "FALSO"
        return _unescape(value)

    for block in _blocks(archive, path):
        if block.count("<c") != block.count("<c "):  # a cell written <c>, <c/> or <c\tr=...>
            raise _NotSimple("cells without attributes")
        parts = pc.list_flatten(pc.split_pattern(pa.array([block], type=pa.large_string()), "<c "))[1:]
        if not len(parts):
            continue
        # each part: 'r="B7" s="1" t="s"><v>3</v></c>' + whatever follows up to the next cell ('</row><row ...>')
        halves = pc.split_pattern(parts, "</c>", max_splits=1)
        closed = pc.equal(pc.list_value_length(halves), 2)
        unclosed = pc.filter(parts, pc.invert(closed))
        if len(unclosed) and not pc.all(pc.match_substring_regex(unclosed, r"^[^>]*/>")).as_py():
            raise _NotSimple("a cell that is neither <c .../> nor <c ...>...</c>")
        opened = pc.split_pattern(pc.list_element(pc.filter(halves, closed), 0), ">", max_splits=1)
        if not len(opened):
            continue
        if not pc.all(pc.equal(pc.list_value_length(opened), 2)).as_py():
            raise _NotSimple("a cell tag without its end")
        tag, inner = pc.list_element(opened, 0), pc.list_element(opened, 1)
        reference = pc.extract_regex(tag, r'^r="(?P<letters>[A-Za-z]{1,3})(?P<row>\d+)"')
        if reference.null_count:  # the reference is not the first attribute (Excel always writes it first)
            reference = pc.extract_regex(tag, r'(?:^|\s)r="(?P<letters>[A-Za-z]{1,3})(?P<row>\d+)"')
            if reference.null_count:
                raise _NotSimple("cells without a reference")
        # pc.struct_field, not .field(): a row the expression does not match must stay null
        kind = _strings(pc.fill_null(pc.struct_field(pc.extract_regex(tag, r' t="(?P<t>[^"]*)"'), "t"), ""))
        value = pc.struct_field(pc.extract_regex(inner, r"^<v>(?P<v>[^<&]*)</v>$"), "v")
        letters = pc.struct_field(reference, "letters").dictionary_encode()
        for text in letters.dictionary.to_pylist():
            if text not in letters_cache:
                letters_cache[text] = column_index(text)
        columns = np.asarray([letters_cache[text] for text in letters.dictionary.to_pylist()],
                             dtype=np.int64)[letters.indices.to_numpy(zero_copy_only=False)]
        rows = pc.cast(pc.struct_field(reference, "row"), pa.int64()).to_numpy()
        texts = np.full(len(tag), "", dtype=object)
        plain = pc.is_valid(value).to_numpy(zero_copy_only=False)
        number = plain & ((kind == "") | (kind == "n"))
        if number.any():
            numbers = pc.filter(value, pa.array(number))
            texts[number] = _strings(numbers)                       # whole numbers: as they are
            pointed = pc.match_substring(numbers, ".").to_numpy(zero_copy_only=False)
            odd_numbers = ~pc.match_substring_regex(numbers, r"^-?\d+(\.\d+)?$").to_numpy(zero_copy_only=False)
            decimal = pointed & ~odd_numbers
            if decimal.any():                                       # 1234.50 -> 1234,5 ; 2020.0 -> 2020
                written = pc.replace_substring_regex(pc.filter(numbers, pa.array(decimal)), r"\.?0+$|\.$", "")
                texts[np.flatnonzero(number)[decimal]] = _strings(pc.replace_substring(written, ".", ","))
            if odd_numbers.any():  # exponents and the like: Python's float does them
                positions = np.flatnonzero(number)[odd_numbers]
                texts[positions] = [number_text(text) for text in _strings(numbers)[odd_numbers]]
        strings = plain & (kind == "s")
        if strings.any():
            try:
                indices = pc.cast(pc.filter(value, pa.array(strings)), pa.int64())
            except (pa.ArrowInvalid, pa.ArrowTypeError) as error:
                raise XlsxError(f"{name}: bad shared string index") from error
            if pc.any(pc.or_(pc.less(indices, 0), pc.greater_equal(indices, len(shared)))).as_py():
                raise XlsxError(f"{name}: shared string out of range")
            texts[strings] = _strings(pc.take(shared_array, indices))
        booleans = plain & (kind == "b")
        if booleans.any():
            texts[booleans] = np.where(np.isin(_strings(pc.filter(value, pa.array(booleans))), ["1", "true"]),
                                       "VERO", "FALSO")
        other = plain & ~number & ~strings & ~booleans   # str, e, d: text as written
        if other.any():
            texts[other] = _strings(pc.filter(value, pa.array(other)))
        inline = ~plain & (kind == "inlineStr")          # what openpyxl writes for every text cell
        if inline.any():
            simple = pc.struct_field(pc.extract_regex(pc.filter(inner, pa.array(inline)),
                                                      r'^<is><t(?: xml:space="preserve")?>(?P<t>[^<&\r]*)</t></is>$'),
                                     "t")
            found = pc.is_valid(simple).to_numpy(zero_copy_only=False)
            positions = np.flatnonzero(inline)[found]
            texts[positions] = _strings(pc.drop_null(simple))
            plain[positions] = True
        odd = ~plain
        if odd.any():  # formulas, inline strings, values with entities: in document order (shared formulas)
            inner_text, letters_text = _strings(inner), _strings(pc.struct_field(reference, "letters"))
            for position in np.flatnonzero(odd):
                texts[position] = odd_cell(f"{letters_text[position]}{rows[position]}", kind[position],
                                           inner_text[position])
        keep = (texts != "") & (columns <= max_columns)
        found_rows.append(rows[keep])
        found_columns.append(columns[keep])
        found_values.append(texts[keep])
    return _grid_of_cells(found_rows, found_columns, found_values, name, max_rows)


def _grid_of_cells(rows: list, columns: list, values: list, name: str, max_rows: int):
    """Cells (row number, column, text) as a frame with one row per non-empty spreadsheet row, and the row numbers."""
    if not rows or not sum(len(part) for part in rows):
        return pd.DataFrame(), np.zeros(0, dtype=np.int64)
    rows, columns, values = np.concatenate(rows), np.concatenate(columns), np.concatenate(values)
    numbers, positions = np.unique(rows, return_inverse=True)
    if len(numbers) > max_rows:
        raise TooManyRows(name)
    grid = np.full((len(numbers), int(columns.max())), "", dtype=object)
    grid[positions, columns - 1] = values
    return pd.DataFrame(grid), numbers


def read_sheets(archive: zipfile.ZipFile, max_columns: int, max_rows: int,
                fast: bool = True) -> list[tuple[str, pd.DataFrame, np.ndarray]]:
    """(sheet name, its non-empty rows as a frame of text ("" when blank), their row numbers) for every worksheet,
    in workbook order. fast=False reads every sheet with expat (the tests compare both ways)."""
    workbook = _workbook_path(archive)
    relationships = {rel_id: (kind, path) for rel_id, kind, path in _relationships(archive, workbook)}
    shared_path = next((path for kind, path in relationships.values() if kind.endswith(REL_SHARED_STRINGS)), None)
    shared = _shared_strings(archive, shared_path)
    sheets: list[tuple[str, str]] = []

    def start(tag, attrs):
        if _local(tag) == "sheet":
            kind, path = relationships.get(_attribute(attrs, "id") or "", ("", ""))
            if kind.endswith("/worksheet"):
                sheets.append((attrs.get("name", path), path))
    _parse(archive, workbook, start)
    result = []
    for name, path in sheets:
        try:
            if not fast:
                raise _NotSimple("expat asked for")
            frame, numbers = _scan_sheet(archive, path, name, shared, max_columns, max_rows)
        except _NotSimple:
            rows, numbers = _read_sheet(archive, path, name, shared, max_columns, max_rows)
            width = max(map(len, rows), default=0)
            frame = pd.DataFrame([row + [""] * (width - len(row)) for row in rows], dtype=object)
            numbers = np.asarray(numbers, dtype=np.int64)
        result.append((name, frame, numbers))
    return result
