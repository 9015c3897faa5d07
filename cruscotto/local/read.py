"""Reading a planner's file (CSV or Excel) into raw tables of text, one per template table found in it.

Nothing is interpreted here beyond finding the tables: every cell stays the text the planner typed (numbers of
an Excel cell are written with a decimal comma, as Italian Excel shows them; formulas stay formulas, as text,
never evaluated: xlsx.py). validate.py turns the text into figures and lists what is wrong.

Refused before parsing (UploadRefused): files over MAX_UPLOAD_BYTES, unknown extensions, Excel files whose zip
entries declare more than MAX_UNCOMPRESSED bytes, a compression ratio over MAX_RATIO or more than MAX_ENTRIES
entries (zip bombs: checked on the zip directory before any part is inflated; Python's zipfile never inflates
an entry past its declared size, so the check bounds memory), XML with a DTD. Then refused: files that cannot
be read, and files holding none of the template's tables.
"""
import codecs
import csv
import io
import itertools
import re
import zipfile
from dataclasses import dataclass, field
from operator import methodcaller
from pathlib import Path

import numpy as np
import pandas as pd

from cruscotto.local import xlsx
from cruscotto.local.catalogue import normalise

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_UNCOMPRESSED = 200 * 1024 * 1024   # all entries of an .xlsx together, as declared in the zip directory
MAX_RATIO = 100                        # uncompressed / compressed, for entries or the whole archive ...
RATIO_FLOOR = 1024 * 1024              # ... once they inflate past 1 MB (small XML parts compress very well)
MAX_ENTRIES = 1000
MAX_COLUMNS = 60                       # columns read from a sheet; the template has at most 7
MAX_ROWS = 1_000_000                   # non-empty rows of one sheet (Excel's own limit is 1,048,576)
MAX_FAST_CELLS = 5_000_000             # a CSV with more cells (mostly empty ones) is read row by row
HEADER_SEARCH_ROWS = 10                # the header row is looked for among the first 10 non-empty rows
XML_HEAD_BYTES = 4096
CSV_EXTENSIONS = (".csv", ".txt")
EXCEL_EXTENSIONS = (".xlsx", ".xlsm")
SEPARATORS = (";", ",", "\t")
ZIP_MAGIC = b"PK\x03\x04"

# The template: each table with its columns, exactly as in data/templates/*.csv.
TABLES: dict[str, list[str]] = {
    "ambiti": ["codice_comune", "codice_ambito", "nome_ambito", "anno_inizio"],
    "servizi": ["anno", "codice_territorio", "servizio", "utenti", "posti", "spesa_euro", "compartecipazione_euro"],
    "spesa_aree": ["anno", "codice_territorio", "area", "spesa_euro", "spesa_associata_euro"],
}


class UploadRefused(Exception):
    """A file that is not even read. `code` is an i18n key of strings_upload (upload_refused_*), `details`
    the values of its placeholders."""

    def __init__(self, code: str, **details):
        self.code = code if code.startswith("upload_refused_") else f"upload_refused_{code}"
        self.details = details
        super().__init__(f"{self.code} {details}")

    def message(self, lang: str = "it") -> str:
        from cruscotto.local.strings_upload import STRINGS
        entry = STRINGS[self.code]
        details = self.details
        if lang == "en":  # sizes are kept as Italian text ("20,0"): an English reader gets a decimal point
            details = {key: value.replace(",", ".") if key.endswith("_mb") and isinstance(value, str) else value
                       for key, value in details.items()}
        return (entry.get(lang) or entry["it"]).format(**details)


@dataclass
class RawTable:
    """One template table as found in the file. frame: one column per template column found (named as in the
    template), every cell as stripped text, "" when blank; rows: the spreadsheet row number of each frame row
    (as Excel shows it: 1 = first line of the file or sheet); header_row: the row of the header; headers: template
    column -> header as written in the file; extra_columns: headers of columns that are not in the template."""
    table: str
    sheet: str
    frame: pd.DataFrame
    rows: np.ndarray
    header_row: int
    headers: dict[str, str]
    extra_columns: list[str] = field(default_factory=list)
    encoding: str | None = None
    separator: str | None = None


class Upload(dict):
    """read_upload's answer: a dict table name -> RawTable, plus the sheets that were ignored."""

    def __init__(self, tables: dict[str, RawTable], ignored: list[str]):
        super().__init__(tables)
        self.ignored = ignored


@dataclass
class _Grid:
    """A sheet (or a CSV file) as text: its non-empty rows (stripped text, "" when blank) and their row numbers."""
    name: str
    frame: pd.DataFrame
    numbers: np.ndarray
    encoding: str | None = None
    separator: str | None = None


def _grid(name: str, frame: pd.DataFrame, numbers, encoding=None, separator=None) -> _Grid:
    """Cells stripped, blank rows dropped (their numbers with them), columns numbered from 0."""
    numbers = np.asarray(numbers, dtype=np.int64)
    if frame.empty:
        return _Grid(name, pd.DataFrame(), numbers[:0], encoding, separator)
    frame = pd.DataFrame({position: frame[column].fillna("").astype("str").str.strip()
                          for position, column in enumerate(frame.columns)})
    filled = (frame != "").any(axis=1).to_numpy()
    return _Grid(name, frame[filled].reset_index(drop=True), numbers[filled], encoding, separator)


def read_upload(content: bytes, file_name: str) -> Upload:
    """The template tables in an uploaded file (bytes of a .csv or .xlsx), or UploadRefused."""
    if len(content) > MAX_UPLOAD_BYTES:
        raise UploadRefused("too_large", size_mb=_megabytes(len(content)), max_mb=_megabytes(MAX_UPLOAD_BYTES))
    extension = Path(file_name).suffix.lower()
    if extension not in CSV_EXTENSIONS + EXCEL_EXTENSIONS:
        raise UploadRefused("extension", extension=extension or file_name)
    if content.startswith(ZIP_MAGIC):  # an Excel file, whatever its name says
        check_zip(content)
        grids = _excel_grids(content)
    elif extension in EXCEL_EXTENSIONS:
        raise UploadRefused("unreadable", kind="Excel (.xlsx)", reason="not a zip archive")
    else:
        grids = [_csv_grid(content, file_name)]
    return _recognise(grids, Path(file_name).stem)


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


# -- CSV -------------------------------------------------------------------------------------------------

def decode(content: bytes) -> tuple[str, str]:
    """Text and the name of its encoding: UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1252."""
    if content.startswith(codecs.BOM_UTF8):
        try:
            return content[len(codecs.BOM_UTF8):].decode("utf-8"), "UTF-8 (BOM)"
        except UnicodeDecodeError:
            pass
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return content.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            pass
    try:
        return content.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        return content.decode("latin-1"), "ISO-8859-1"


def sniff_separator(text: str) -> str:
    """The separator under which one of the first rows reads as a template header; if none does, the one most
    frequent on the first non-empty line."""
    head = text[:65536]
    best, best_score = None, 0
    for separator in SEPARATORS:
        try:
            records = [r for r in itertools.islice(csv.reader(io.StringIO(head), delimiter=separator), 200)
                       if any(cell.strip() for cell in r)][:HEADER_SEARCH_ROWS]
        except csv.Error:
            continue
        score = max((_header_score(record)[1] for record in records), default=0)
        if score > best_score:
            best, best_score = separator, score
    if best is not None:
        return best
    first_line = next((line for line in head.splitlines() if line.strip()), "")
    return max(SEPARATORS, key=first_line.count)


def _csv_grid(content: bytes, file_name: str) -> _Grid:
    text, encoding = decode(content)
    separator = sniff_separator(text)
    name = Path(file_name).name
    lines = text.splitlines()
    line_count = len(lines)
    if line_count > MAX_ROWS:  # counted before parsing (blank lines too: no spreadsheet has that many rows)
        raise UploadRefused("too_many_rows", sheet=name, max_rows=MAX_ROWS)
    # as many columns as the line with most separators could hold (quoted separators only make it fewer)
    width = max(map(methodcaller("count", separator), lines), default=0) + 1
    del lines
    if width <= MAX_COLUMNS and width * line_count <= MAX_FAST_CELLS:
        try:
            frame = pd.read_csv(io.StringIO(text), sep=separator, header=None, names=range(width), dtype="str",
                                keep_default_na=False, na_filter=False, skip_blank_lines=False, engine="c",
                                quotechar='"', doublequote=True)
        except (pd.errors.ParserError, ValueError) as error:
            raise UploadRefused("unreadable", kind="CSV", reason=str(error)[:200]) from error
        return _grid(name, frame, np.arange(1, len(frame) + 1), encoding, separator)
    rows, numbers = _csv_rows(text, separator)
    return _grid(name, _padded(rows), numbers, encoding, separator)


def _csv_rows(text: str, separator: str) -> tuple[list[list[str]], list[int]]:
    """The slow path for odd files (very wide, or mostly separators): row by row, keeping only the first
    MAX_COLUMNS cells of non-empty rows, so memory stays proportional to what the file really holds."""
    rows, numbers = [], []
    try:
        for index, record in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=separator)):
            record = record[:MAX_COLUMNS]
            if any(cell.strip() for cell in record):
                rows.append(record)
                numbers.append(index + 1)
    except csv.Error as error:
        raise UploadRefused("unreadable", kind="CSV", reason=str(error)[:200]) from error
    return rows, numbers


# -- Excel -----------------------------------------------------------------------------------------------

def check_zip(content: bytes) -> None:
    """Refuse an .xlsx whose zip directory announces too much: too many entries, too many bytes once inflated,
    or a compression ratio only a zip bomb has. Also refuse XML parts declaring a DTD (entity expansion)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        raise UploadRefused("unreadable", kind="Excel (.xlsx)", reason=str(error)) from error
    if len(entries) > MAX_ENTRIES:
        raise UploadRefused("too_many_entries", entries=len(entries), max_entries=MAX_ENTRIES)
    inflated = sum(entry.file_size for entry in entries)
    compressed = sum(entry.compress_size for entry in entries)
    worst = max(entries, key=lambda entry: entry.file_size / max(entry.compress_size, 1), default=None)
    entry_ratio = worst.file_size / max(worst.compress_size, 1) if worst is not None else 0
    total_ratio = inflated / max(compressed, 1)
    if (inflated > MAX_UNCOMPRESSED
            or (worst is not None and worst.file_size > RATIO_FLOOR and entry_ratio > MAX_RATIO)
            or (inflated > RATIO_FLOOR and total_ratio > MAX_RATIO)):
        raise UploadRefused("zip_bomb", size_mb=_megabytes(inflated), ratio=int(max(entry_ratio, total_ratio)))
    for entry in entries:
        if entry.filename.endswith((".xml", ".rels", ".vml")):
            try:
                with archive.open(entry) as part:
                    head = part.read(XML_HEAD_BYTES)
            except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError) as error:
                raise UploadRefused("unreadable", kind="Excel (.xlsx)", reason=str(error)) from error
            if b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper():
                raise UploadRefused("unreadable", kind="Excel (.xlsx)", reason=f"DTD in {entry.filename}")


def _excel_grids(content: bytes) -> list[_Grid]:
    try:
        sheets = xlsx.read_sheets(zipfile.ZipFile(io.BytesIO(content)), MAX_COLUMNS, MAX_ROWS)
    except xlsx.TooManyRows as error:
        raise UploadRefused("too_many_rows", sheet=error.sheet, max_rows=MAX_ROWS) from error
    except Exception as error:  # whatever a damaged or hand-made workbook trips on, the answer is "unreadable"
        raise UploadRefused("unreadable", kind="Excel (.xlsx)", reason=f"{type(error).__name__}: {error}"[:200]) \
            from error
    return [_grid(name, frame, numbers) for name, frame, numbers in sheets]


def _padded(rows: list[list[str]]) -> pd.DataFrame:
    """Rows of different widths as a frame ("" where a row is shorter)."""
    if not rows:
        return pd.DataFrame()
    width = max(map(len, rows))
    return pd.DataFrame([row if len(row) == width else row + [""] * (width - len(row)) for row in rows],
                        dtype=object)


# -- finding the tables ----------------------------------------------------------------------------------

def header_key(cell) -> str:
    """A header cell as a template column name: "Codice Comune " -> "codice_comune"."""
    return normalise(cell).replace(" ", "_")


def _header_score(cells) -> tuple[str | None, int]:
    """The template table a row of cells best reads as a header of, and how many of its columns it names;
    (None, n) when two tables tie."""
    keys = {header_key(cell) for cell in cells if isinstance(cell, str) and cell.strip()}
    scores = sorted(((len(keys & set(headers)), table) for table, headers in TABLES.items()), reverse=True)
    (best, table), (second, _) = scores[0], scores[1]
    return (table if best > second else None), best


def _table_in_name(name: str) -> str | None:
    """The table a sheet or file name stands for: "Servizi", "servizi_2023", "spesa aree esempio"."""
    key = header_key(name)
    for table in TABLES:
        if re.search(rf"(^|_){table}(_|$)", key):
            return table
    return None


def _find_header(frame: pd.DataFrame, table: str | None) -> tuple[int, str | None]:
    """Position (among the frame's first rows) of the header row and the table it names. With `table` given,
    the row naming most of that table's columns (the first row if none names any)."""
    best = (0, 0, None)  # score, position, table
    for position in range(min(HEADER_SEARCH_ROWS, len(frame))):
        cells = frame.iloc[position].tolist()
        if table is None:
            found, score = _header_score(cells)
        else:
            found, score = table, len({header_key(cell) for cell in cells} & set(TABLES[table]))
        if score > best[0]:
            best = (score, position, found)
    score, position, found = best
    if table is not None:
        return position, table
    return position, (found if score >= 2 else None)


def _raw_table(grid: _Grid, position: int, table: str) -> RawTable:
    frame = grid.frame
    header_cells = frame.iloc[position].tolist()
    body = frame.iloc[position + 1:]
    numbers = grid.numbers[position + 1:]
    chosen, headers, extra = {}, {}, []
    for column, cell in zip(frame.columns, header_cells):
        key = header_key(cell)
        if key in TABLES[table] and key not in chosen:
            chosen[key] = column
            headers[key] = cell
        elif cell:
            extra.append(cell)
        elif (body[column] != "").any():
            extra.append(f"({_column_letter(column)})")
    data = pd.DataFrame({key: body[column].to_numpy() for key, column in chosen.items()},
                        columns=[key for key in TABLES[table] if key in chosen])
    filled = (data != "").any(axis=1).to_numpy() if len(data.columns) else np.zeros(len(data), dtype=bool)
    data = data[filled].reset_index(drop=True)
    return RawTable(table=table, sheet=grid.name, frame=data, rows=numbers[filled],
                    header_row=int(grid.numbers[position]), headers=headers,
                    extra_columns=extra, encoding=grid.encoding, separator=grid.separator)


def _column_letter(position: int) -> str:
    from openpyxl.utils import get_column_letter
    return get_column_letter(position + 1)


def _recognise(grids: list[_Grid], stem: str) -> Upload:
    tables: dict[str, RawTable] = {}
    sheets: dict[str, list[str]] = {}
    ignored = []
    single = len(grids) == 1
    for grid in grids:
        frame = grid.frame
        if frame.empty:
            ignored.append(grid.name)
            continue
        is_csv = grid.encoding is not None
        named = None if is_csv else _table_in_name(grid.name)
        position, table = _find_header(frame, named)
        if table is None and single:
            named = _table_in_name(stem)
            if named:
                position, table = _find_header(frame, named)
        if table is None:
            ignored.append(grid.name)
            continue
        sheets.setdefault(table, []).append(grid.name)
        tables[table] = _raw_table(grid, position, table)
    for table, names in sheets.items():
        if len(names) > 1:
            raise UploadRefused("duplicate_table", table=table, sheets=", ".join(names))
    if not tables:
        raise UploadRefused("no_table")
    return Upload(tables, ignored)
