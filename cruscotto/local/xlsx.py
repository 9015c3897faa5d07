"""The cells of an .xlsx workbook as text, streamed from its XML with expat (used by read.py).

openpyxl's read-only reader needs 8-16 s for 100,000 rows x 7 columns; this reads them in about 2 s and keeps
only text. What it gives: each sheet's name and its non-empty rows (row number as Excel shows it, one text per
column). Text cells as typed (shared or inline strings, rich text joined, phonetic hints left out); formulas as
their text "=..." (never evaluated; a shared formula translated to its cell, as Excel shows it); numbers as
Italian Excel shows them, with a decimal comma (1234,5) — dates stay the serial number Excel stores; booleans
VERO/FALSO; errors as Excel writes them (#N/D is stored as #N/A). A DTD or entity declaration anywhere refuses
the file (no entity expansion).
"""
import posixpath
import re
import zipfile
from xml.parsers import expat

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


def read_sheets(archive: zipfile.ZipFile, max_columns: int, max_rows: int) -> list[tuple[str, list, list[int]]]:
    """(sheet name, non-empty rows as lists of text, their row numbers) for every worksheet, in workbook order."""
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
    return [(name, *_read_sheet(archive, path, name, shared, max_columns, max_rows)) for name, path in sheets]
