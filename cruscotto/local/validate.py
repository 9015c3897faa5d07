"""Checking a planner's raw tables (read.py) for one ambito: the clean canonical tables and EVERY problem at once,
each with its sheet, spreadsheet row, template column, the value as typed and the rule broken.

Numbers (documented for planners in data/templates/LEGGIMI.md, in English in README.md): spaces and "€" are
ignored; a comma is the decimal mark ("1234,5"); a point followed by groups of exactly three digits separates
thousands, Italian style ("1.234" = 1234, "1.234,5" = 1234.5, "1.234.567" = 1234567); any other point is a decimal
point ("1234.5", "0.250", "12.34"); "1,234.5" (English thousands) is read as 1234.5. A blank cell is missing, never
zero.

Rules (Problem.rule; messages in strings_upload.py as upload_msg_<rule>): missing_column, empty_required,
not_numeric, negative, not_integer, unknown_comune, merged_comune (warning), outside_ambito, no_membership (one
problem per sheet: comune rows while no membership of the ambito is known), claimed_twice, official_conflict (a
comune that public acts put in another ambito), other_province (warning), ambito_mismatch, above_target,
duplicate_row, year_out_of_range, unknown_service, unknown_area, spending (spesa_associata_euro above spesa_euro of
an area), no_values (warning). Rows with an error are left out of the canonical tables; nothing may be stored
while any error remains (load.py). A problem never hides another: a row outside the ambito is still checked for
duplicates and against its residents.

Spending follows ISTAT's survey of comuni social services: spesa_euro is what the comuni bear, NET of the users'
co-payment (compartecipazione_euro); the cost of a service is their sum, so a co-payment above spesa_euro is valid.
"""
import string
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from cruscotto.export import excel_safe
from cruscotto.formatting import escape_markdown, number
from cruscotto.i18n import place_name
from cruscotto.local import catalogue
from cruscotto.local.read import TABLES, RawTable
from cruscotto.local.strings_upload import STRINGS

MIN_START_YEAR = 2000  # anno_inizio: ambiti exist since Legge 328/2000
REQUIRED = {"ambiti": ["codice_comune", "codice_ambito", "nome_ambito"],
            "servizi": ["anno", "codice_territorio", "servizio"],
            "spesa_aree": ["anno", "codice_territorio", "area", "spesa_euro"]}
CANONICAL = {
    "membership": {"comune_code": "str", "ambito_code": "str", "ambito_name": "str", "start_year": "Int64"},
    "services": {"year": "int64", "territory_code": "str", "service": "str", "users": "float64",
                 "places": "float64", "spending_eur": "float64", "copayment_eur": "float64"},
    "area_spending": {"year": "int64", "territory_code": "str", "area": "str", "spending_eur": "float64",
                      "associated_eur": "float64"},
}
SHEET_OF = {"membership": "ambiti", "services": "servizi", "area_spending": "spesa_aree"}
NUMBER_DETAILS = ("count",)  # detail values shown as formatted numbers in messages
REPORT_COLUMNS = ("sheet", "row", "column", "value", "rule", "message", "severity")


def text(string_key: str, lang: str = "it", **values) -> str:
    """A string of strings_upload in `lang` (works before and after the lead merges it into i18n.STRINGS)."""
    entry = STRINGS[string_key]
    template = entry.get(lang) or entry["it"]
    return template.format(**values) if values else template


# detail values (besides the value) that come from the file or from data, shown as they are: escaped for Markdown
DATA_DETAILS = ("name", "new_name", "spending", "rows")
TYPED_DETAILS = ("value", "other")  # typed by the planner, quoted inside or outside code spans


def _template(string_key: str, lang: str) -> str:
    entry = STRINGS[string_key]
    return entry.get(lang) or entry["it"]


def _markdown_format(template: str, fields: dict, typed) -> str:
    """template.format(**fields), with each `typed` field made inert where it lands: inside a code span only a
    backtick could end the span (it becomes an apostrophe), elsewhere every Markdown character is escaped."""
    out, in_code = [], False
    for literal, field_name, spec, conversion in string.Formatter().parse(template):
        out.append(literal)
        in_code ^= literal.count("`") % 2 == 1
        if field_name is None:
            continue
        value = format(fields[field_name], spec or "")
        if field_name in typed:
            value = value.replace("`", "'") if in_code else escape_markdown(value)
        out.append(value)
    return "".join(out)


def _quoted(name: str, lang: str) -> str:
    return f"«{name}»" if lang == "it" else f'"{name}"'


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the file. row: the spreadsheet row as Excel shows it; column: the template's
    (Italian) column name; value: the cell as typed; detail: the values the message needs ("variant" picks an
    alternative wording, upload_msg_<rule>_<variant>)."""
    sheet: str
    row: int | None
    column: str
    value: str
    rule: str
    severity: str = "error"
    detail: dict = field(default_factory=dict, hash=False, compare=False)

    def message(self, lang: str = "it", markdown: bool = False) -> str:
        """What is wrong, in `lang`. markdown=True: for a Markdown renderer (the page's table), where what the
        planner typed (and names from data) must show as typed, never as links, emphasis or headings."""
        safe = escape_markdown if markdown else str
        values = {key: value for key, value in self.detail.items() if key != "variant"}
        for key in NUMBER_DETAILS:
            if key in values and isinstance(values[key], (int, float, np.integer, np.floating)):
                values[key] = number(float(values[key]), 0, lang)
        if "target" in values:
            values["target_label"] = text(f"upload_target_{values['target']}", lang)
        if "membership_source" in values:
            values["membership_source"] = text(f"upload_membership_{values['membership_source']}", lang)
        if values.get("suggestion_code"):  # catalogue names in the reader's language
            values["suggestion"] = catalogue.service_label(values["suggestion_code"], lang)
        if values.get("choices"):
            values["choices"] = "; ".join(f"`{code}` = {catalogue.service_label(code, lang)}"
                                          for code in values["choices"].split("|"))
        for key in ("province_name", "majority_name"):
            if key in values:
                values[key] = safe(place_name(values[key], lang))
        for key in DATA_DETAILS:
            if key in values:
                values[key] = safe(values[key])
        for name, code in (("ambito_name", "ambito"), ("official_name", "official")):
            if name in values:  # a name in quotes; an ambito whose name is unknown by its code
                named = values[name] if values[name] and values[name] != values.get(code) else None
                values[name] = _quoted(safe(named), lang) if named else f"`{values.get(code, '')}`"
        if self.rule == "unknown_area":
            values["allowed"] = "; ".join(catalogue.areas()["label_en" if lang == "en" else "label_it"])
        string_key = f"upload_msg_{self.rule}" + (f"_{self.detail['variant']}" if self.detail.get("variant") else "")
        fields = {"column": self.column, "value": self.value, "row": self.row, **values}
        if markdown:
            return _markdown_format(_template(string_key, lang), fields, TYPED_DETAILS)
        return text(string_key, lang, **fields)

    def rule_label(self, lang: str = "it") -> str:
        return text(f"upload_rule_{self.rule}", lang)


@dataclass(frozen=True)
class Notice:
    """Something worth knowing about the file that needs no fixing (ignored sheets, how a CSV was read ...)."""
    key: str
    detail: dict = field(default_factory=dict, hash=False, compare=False)

    def message(self, lang: str = "it") -> str:
        return text(self.key, lang, **self.detail)


@dataclass
class UploadContext:
    """What validation needs to know beyond the file (built from the database and the store by context.py).
    comuni: current comune code -> province code; code_changes: suppressed/merged code -> current code;
    official_ambito_of: comune -> ambito (ambiti with a known official membership); official_members and
    local_members: ambito -> comuni (local: as stored now, all ambiti); target_counts: comune_code, year, target,
    count; years: first and last year allowed; ambito_names: ambito code -> name (official or loaded);
    province_names: province code -> name (for messages)."""
    comuni: dict[str, str]
    comune_names: dict[str, str]
    code_changes: dict[str, str]
    official_ambito_of: dict[str, str]
    official_members: dict[str, set[str]]
    local_members: dict[str, set[str]]
    target_counts: pd.DataFrame
    years: tuple[int, int]
    ambito_names: dict[str, str] = field(default_factory=dict)
    province_names: dict[str, str] = field(default_factory=dict)


@dataclass
class Validation:
    """tables: canonical frames (membership, services, area_spending) of the rows without errors, for the
    tables the file holds; problems: every problem found; notices: things to know, nothing to fix."""
    tables: dict[str, pd.DataFrame]
    problems: list[Problem]
    notices: list[Notice]

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors


# -- parsing cells ---------------------------------------------------------------------------------------

BLANKS = (" ", "\u00a0", "\u202f", "\t", "€")  # ignored inside numbers: spaces (also non-breaking), the euro sign
ITALIAN = r"[-+]?[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?"  # 1.234 / 1.234.567 / 1.234,5
ENGLISH = r"[-+]?[1-9]\d{0,2}(?:,\d{3})+\.\d+"       # 1,234.5
COMMA = r"[-+]?\d*,\d+"                               # 1234,5 / ,5
PLAIN = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)"              # 1234 / 1234.5 / 0.250 / .5


def parse_numbers(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Numbers from text cells (rules in the module docstring): (floats, NaN where blank or unreadable;
    True where a non-blank cell is not a number). Vectorised: pyarrow string kernels, no loop over rows."""
    cleaned = values.fillna("").astype("str")
    for character in BLANKS:
        cleaned = cleaned.str.replace(character, "", regex=False)
    blank = (cleaned == "").to_numpy(dtype=bool)
    italian = cleaned.str.fullmatch(ITALIAN).to_numpy(dtype=bool)
    english = cleaned.str.fullmatch(ENGLISH).to_numpy(dtype=bool)
    comma = cleaned.str.fullmatch(COMMA).to_numpy(dtype=bool)
    plain = cleaned.str.fullmatch(PLAIN).to_numpy(dtype=bool)
    normalised = cleaned
    if italian.any():
        normalised = normalised.mask(italian, cleaned.str.replace(".", "", regex=False)
                                     .str.replace(",", ".", regex=False))
    if english.any():
        normalised = normalised.mask(english, cleaned.str.replace(",", "", regex=False))
    if (comma & ~italian).any():
        normalised = normalised.mask(comma & ~italian, cleaned.str.replace(",", ".", regex=False))
    readable = italian | english | comma | plain
    numbers = normalised.where(readable & ~blank).astype("float64").to_numpy()
    return numbers, ~blank & ~readable


def comune_code(value: str) -> str:
    """A comune code as typed -> 6 characters when it is all digits ("15146" -> "015146"; "'019036" -> "019036")."""
    code = value.strip().lstrip("'").strip()
    return code.zfill(6) if code.isdigit() and len(code) <= 6 else code


# -- one sheet -------------------------------------------------------------------------------------------

class _Sheet:
    """A raw table being checked: collects its problems and which rows have an error."""

    def __init__(self, raw: RawTable, problems: list[Problem]):
        self.raw = raw
        self.frame = raw.frame
        self.rows = raw.rows
        self.problems = problems
        self.bad = np.zeros(len(raw.frame), dtype=bool)
        self.present = [column for column in TABLES[raw.table] if column in raw.frame.columns]

    def has(self, column: str) -> bool:
        return column in self.frame.columns

    def column(self, column: str) -> pd.Series:
        if self.has(column):
            return self.frame[column]
        return pd.Series([""] * len(self.frame), dtype=str)

    def add(self, mask, column: str, rule: str, severity: str = "error", values=None, **detail) -> None:
        """A problem for each row where `mask` holds; a detail value given as an array varies by row."""
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        index = np.flatnonzero(mask)
        shown = (values if values is not None else self.column(column))
        shown = np.asarray(shown, dtype=object)[index]
        varying = {key: np.asarray(value, dtype=object)[index] for key, value in detail.items()
                   if isinstance(value, (pd.Series, np.ndarray, list))}
        fixed = {key: value for key, value in detail.items() if key not in varying}
        for position, row_index in enumerate(index):
            row_detail = dict(fixed)
            for key, array in varying.items():
                row_detail[key] = _plain(array[position])
            self.problems.append(Problem(self.raw.sheet, int(self.rows[row_index]), column, str(shown[position]),
                                         rule, severity, row_detail))
        if severity == "error":
            self.bad[index] = True

    def missing_columns(self) -> None:
        expected = ", ".join(f"`{column}`" for column in TABLES[self.raw.table])
        for column in TABLES[self.raw.table]:
            if not self.has(column):
                self.problems.append(Problem(self.raw.sheet, self.raw.header_row, column, "", "missing_column",
                                             "error", {"expected": expected}))

    def required(self) -> None:
        for column in REQUIRED[self.raw.table]:
            if self.has(column):
                self.add((self.frame[column] == "").to_numpy(), column, "empty_required")

    def numbers(self, column: str, integer: bool = False, allow_negative: bool = False) -> np.ndarray:
        """The column's numbers (NaN where blank or wrong), with not_numeric / negative / not_integer problems."""
        if not self.has(column):
            return np.full(len(self.frame), np.nan)
        values, unreadable = parse_numbers(self.frame[column])
        formula = unreadable & self.frame[column].str.startswith("=").to_numpy(dtype=bool)
        self.add(formula, column, "not_numeric", variant="formula")
        self.add(unreadable & ~formula, column, "not_numeric")
        if not allow_negative:
            negative = values < 0
            self.add(negative, column, "negative")
            values = np.where(negative, np.nan, values)
        if integer:
            fractional = ~np.isnan(values) & (values != np.floor(values))
            self.add(fractional, column, "not_integer")
            values = np.where(fractional, np.nan, values)
        return values

    def years(self, column: str, first: int, last: int) -> np.ndarray:
        values = self.numbers(column, integer=True)
        outside = ~np.isnan(values) & ((values < first) | (values > last))
        self.add(outside, column, "year_out_of_range", first=first, last=last)
        return np.where(outside, np.nan, values)


def _plain(value):
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return value


# -- territories -----------------------------------------------------------------------------------------

def _objects(values: pd.Series) -> np.ndarray:
    """A mapped Series as an object array with None where the mapping found nothing."""
    array = values.to_numpy(dtype=object, copy=True)  # a view may be read-only (copy-on-write)
    array[pd.isna(array)] = None
    return array


def _comuni(sheet: _Sheet, column: str, context: UploadContext) -> np.ndarray:
    """Current comune codes of a column of comune codes (None where unknown), with unknown_comune /
    merged_comune problems."""
    typed = sheet.column(column)
    current, merged = {}, []
    for value in typed.unique():
        code = comune_code(value)
        if code in context.comuni:
            current[value] = code
        elif context.code_changes.get(code) in context.comuni:
            current[value] = context.code_changes[code]
            merged.append(value)
    resolved = _objects(typed.map(current))
    was_merged = typed.isin(merged).to_numpy(dtype=bool)
    sheet.add(pd.isna(resolved) & (typed != "").to_numpy(), column, "unknown_comune")
    if was_merged.any():
        names = pd.Series(resolved, dtype=object).map(context.comune_names).fillna("").to_numpy(dtype=object)
        sheet.add(was_merged, column, "merged_comune", "warning", new_code=resolved, new_name=names)
    return resolved


def _slug(value: str) -> str:
    return catalogue.normalise(value).replace(" ", "-")


def _names_ambito(value: str, ambito_code: str) -> bool:
    """Whether a cell names the ambito: its code in any case, or a name whose slug is the code."""
    cleaned = value.strip()
    return cleaned.lower() == ambito_code.lower() or _slug(cleaned) == ambito_code


def _territories(sheet: _Sheet, ambito_code: str, ambito_name: str, members: set[str], membership_source: str,
                 context: UploadContext) -> np.ndarray:
    """codice_territorio -> territory codes: the ambito's own code or the current code of a comune (None where
    unreadable, or another ambito's code), with unknown_comune / merged_comune / outside_ambito / no_membership
    problems. A comune that public acts put in another ambito is outside whatever membership is known. Rows
    outside the ambito keep their code, so that duplicates and residents are still checked (they are marked bad
    and never stored). While no membership of the ambito is known, its comune rows get ONE no_membership problem
    for the sheet, not one each."""
    typed = sheet.column("codice_territorio")
    other_ambiti = (set(context.local_members) | set(context.official_members)
                    | set(context.official_ambito_of.values())) - {ambito_code}
    own, others = [], []
    for value in typed.unique():
        if _names_ambito(value, ambito_code):
            own.append(value)
        elif value.strip() in other_ambiti or _slug(value) in other_ambiti:
            others.append(value)
    whole = typed.isin(own).to_numpy(dtype=bool)
    other = typed.isin(others).to_numpy(dtype=bool)
    comune_rows = ~whole & ~other
    codes = np.full(len(typed), None, dtype=object)
    if comune_rows.any():
        sub = _Sheet(sheet.raw, sheet.problems)
        sub.frame, sub.rows = sheet.frame[comune_rows], sheet.rows[comune_rows]
        sub.bad = np.zeros(int(comune_rows.sum()), dtype=bool)
        codes[comune_rows] = _comuni(sub, "codice_territorio", context)
        sheet.bad[np.flatnonzero(comune_rows)[sub.bad]] = True
    codes[whole] = ambito_code
    comune_known = comune_rows & pd.notna(codes)
    where = {"ambito": ambito_code, "ambito_name": ambito_name}
    sheet.add(other, "codice_territorio", "outside_ambito", variant="other_ambito", **where)
    official = _official_ambito(codes, comune_known, context)
    elsewhere = comune_known & (official != "") & (official != ambito_code)
    names = _comune_names(codes, context)
    sheet.add(elsewhere, "codice_territorio", "outside_ambito", variant="official", name=names, official=official,
              official_name=_ambito_names(official, context), **where)
    rest = comune_known & ~elsewhere
    if membership_source == "none":
        if rest.any():
            sheet.problems.append(Problem(sheet.raw.sheet, int(sheet.rows[rest][0]), "codice_territorio", "",
                                          "no_membership", "error",
                                          {"count": int(rest.sum()), "rows": _row_ranges(sheet.rows[rest]), **where}))
            sheet.bad[rest] = True
    else:
        outside = rest & ~pd.Series(codes, dtype=object).isin(members).to_numpy(dtype=bool)
        sheet.add(outside, "codice_territorio", "outside_ambito", name=names, members=len(members),
                  membership_source=membership_source, **where)
    return codes


def _official_ambito(codes: np.ndarray, known: np.ndarray, context: UploadContext) -> np.ndarray:
    """The ambito public acts put each comune in ("" where none is known)."""
    return np.array([context.official_ambito_of.get(code, "") if is_known else "" for code, is_known in
                     zip(codes, known)], dtype=object)


def _comune_names(codes: np.ndarray, context: UploadContext) -> np.ndarray:
    return np.array([context.comune_names.get(code, "") if isinstance(code, str) else "" for code in codes],
                    dtype=object)


def _ambito_names(codes: np.ndarray, context: UploadContext) -> np.ndarray:
    return np.array([context.ambito_names.get(code, code) for code in codes], dtype=object)


def _row_ranges(rows, shown: int = 8) -> str:
    """Spreadsheet rows as short ranges: [2, 3, 4, 7, 9, 10] -> "2-4, 7, 9-10" (the first `shown` ranges, then …)."""
    ranges: list[list[int]] = []
    for row in sorted(int(row) for row in rows):
        if ranges and row == ranges[-1][1] + 1:
            ranges[-1][1] = row
        else:
            ranges.append([row, row])
    parts = [str(first) if first == last else f"{first}-{last}" for first, last in ranges]
    return ", ".join(parts[:shown]) + (", …" if len(parts) > shown else "")


# -- the three tables ------------------------------------------------------------------------------------

def _check_ambiti(sheet: _Sheet, ambito_code: str, context: UploadContext, notices: list[Notice]):
    """-> (canonical membership of the rows without errors, the comuni the file gives the ambito: those of its
    rows for the uploader's ambito that no other ambito holds, by a load or by public acts)."""
    sheet.missing_columns()
    sheet.required()
    codes = _comuni(sheet, "codice_comune", context)
    typed_ambito = sheet.column("codice_ambito")
    mine = np.array([_names_ambito(value, ambito_code) for value in typed_ambito], dtype=bool)
    sheet.add(~mine & (typed_ambito != "").to_numpy(), "codice_ambito", "ambito_mismatch", ambito=ambito_code)
    start = sheet.years("anno_inizio", MIN_START_YEAR, context.years[1])
    known = pd.notna(codes)
    # the same comune twice: a repeated row, or a comune given to two ambiti in the same file
    first_of: dict[str, int] = {}
    first_position = np.array([first_of.setdefault(code, position) if code is not None else position
                               for position, code in enumerate(codes)], dtype=np.int64)
    repeated = first_position != np.arange(len(codes))
    if repeated.any():
        typed_values = typed_ambito.to_numpy(dtype=object)
        first_ambito = typed_values[first_position]
        same = np.array([a.strip().lower() == b.strip().lower() or _slug(a) == _slug(b)
                         for a, b in zip(typed_values, first_ambito)], dtype=bool)
        first_rows = sheet.rows[first_position]
        sheet.add(repeated & same, "codice_comune", "duplicate_row", key=codes, first_row=first_rows)
        sheet.add(repeated & ~same, "codice_comune", "claimed_twice", variant="file", other_row=first_rows,
                  other=first_ambito)
    # a comune another ambito has loaded already
    claimed_by = {}
    for other, comuni in context.local_members.items():
        if other != ambito_code:
            for code in comuni:
                claimed_by.setdefault(code, other)
    other = np.array([claimed_by.get(code, "") if code is not None else "" for code in codes], dtype=object)
    claimed = mine & (other != "")
    sheet.add(claimed, "codice_comune", "claimed_twice", other=other)
    # a comune that public acts put in another ambito: never part of this one (it would take the other ambito's
    # place in the comune's profile)
    official = _official_ambito(codes, known, context)
    elsewhere = mine & (official != "") & (official != ambito_code)
    names = _comune_names(codes, context)
    sheet.add(elsewhere, "codice_comune", "official_conflict", name=names, official=official,
              official_name=_ambito_names(official, context), ambito=ambito_code)
    member_rows = mine & known & ~claimed & ~elsewhere
    _other_province(sheet, codes, member_rows & ~repeated, names, context)
    members = {code for code, is_member in zip(codes, member_rows) if is_member}
    expected = context.official_members.get(ambito_code, set())
    missing = sorted(expected - members)
    if missing and members:
        notices.append(Notice("upload_notice_official_missing", {"count": len(missing), "codes": ", ".join(missing)}))
    keep = ~sheet.bad & mine & known
    membership = pd.DataFrame({
        "comune_code": codes[keep], "ambito_code": ambito_code,
        "ambito_name": sheet.column("nome_ambito").to_numpy(dtype=object)[keep],
        "start_year": pd.array(start[keep], dtype="Float64").astype("Int64"),
    })
    return _conform(membership, "membership"), members


MIN_MEMBERS_FOR_PROVINCE = 3  # below this a "most of the ambito" says nothing


def _other_province(sheet: _Sheet, codes: np.ndarray, members: np.ndarray, names: np.ndarray,
                    context: UploadContext) -> None:
    """other_province (warning): a member comune outside the province that more than half of the members share
    (a mistyped code often lands in another province)."""
    if members.sum() < MIN_MEMBERS_FOR_PROVINCE:
        return
    provinces = np.array([context.comuni.get(code, "") if is_member else "" for code, is_member in
                          zip(codes, members)], dtype=object)
    values, counts = np.unique(provinces[members].astype(str), return_counts=True)
    top = int(counts.argmax())
    if counts[top] * 2 <= members.sum():
        return
    majority = values[top]
    sheet.add(members & (provinces != majority), "codice_comune", "other_province", "warning", name=names,
              province_name=[context.province_names.get(code, code) for code in provinces],
              majority_name=context.province_names.get(majority, majority), majority_count=int(counts[top]),
              members=int(members.sum()))


def _check_servizi(sheet: _Sheet, ambito_code: str, ambito_name: str, members: set[str], source: str,
                   context: UploadContext, notices: list[Notice]) -> pd.DataFrame:
    sheet.missing_columns()
    sheet.required()
    years = sheet.years("anno", *context.years)
    territory = _territories(sheet, ambito_code, ambito_name, members, source, context)
    typed_service = sheet.column("servizio")
    service = _objects(typed_service.map({value: catalogue.resolve_service(value)
                                          for value in typed_service.unique()}))
    unknown = pd.isna(service) & (typed_service != "").to_numpy()
    if unknown.any():
        _unknown_services(sheet, typed_service, unknown)
    users = sheet.numbers("utenti", integer=True)
    places = sheet.numbers("posti", integer=True)
    spending = sheet.numbers("spesa_euro")
    # spesa_euro is the comuni's spending net of the users' co-payment (ISTAT's convention): a co-payment above
    # it is legitimate (e.g. RSA fees), so the two are not compared
    copayment = sheet.numbers("compartecipazione_euro")
    empty = np.all([(sheet.column(c) == "").to_numpy() for c in ("utenti", "posti", "spesa_euro",
                                                                 "compartecipazione_euro")], axis=0)
    sheet.add(empty & ~sheet.bad, "utenti", "no_values", "warning")
    key_ok = ~np.isnan(years) & pd.notna(territory) & pd.notna(service)
    _duplicates(sheet, key_ok, "servizio", {"anno": years, "codice_territorio": territory, "servizio": service})
    _above_target(sheet, ambito_code, years, territory, service, users, members, context, notices)
    keep = ~sheet.bad & key_ok
    services = pd.DataFrame({"year": years[keep], "territory_code": territory[keep], "service": service[keep],
                             "users": users[keep], "places": places[keep], "spending_eur": spending[keep],
                             "copayment_eur": copayment[keep]})
    return _conform(services, "services")


def _unknown_services(sheet: _Sheet, typed: pd.Series, unknown: np.ndarray) -> None:
    """unknown_service, with what the planner may have meant: every service the name fits ("Centro diurno": CDI,
    CDD, CSE ...), else the one closest to it, else nothing (names in the reader's language: Problem.message)."""
    choices, suggestion = {}, {}
    for value in typed[unknown].unique():
        candidates = catalogue.service_candidates(value)
        if len(candidates) > 1:
            choices[value] = "|".join(candidates)
        else:
            suggestion[value] = candidates[0] if candidates else catalogue.suggest_service(value)
    several = _objects(typed.map(choices))
    one = _objects(typed.map(suggestion))
    has_choices = unknown & pd.notna(several)
    has_one = unknown & ~has_choices & pd.notna(one)
    sheet.add(has_choices, "servizio", "unknown_service", variant="choices", choices=several)
    sheet.add(has_one, "servizio", "unknown_service", suggestion_code=one)
    sheet.add(unknown & ~has_choices & ~has_one, "servizio", "unknown_service", variant="none")


def _check_spesa_aree(sheet: _Sheet, ambito_code: str, ambito_name: str, members: set[str], source: str,
                      context: UploadContext) -> pd.DataFrame:
    sheet.missing_columns()
    sheet.required()
    years = sheet.years("anno", *context.years)
    territory = _territories(sheet, ambito_code, ambito_name, members, source, context)
    typed_area = sheet.column("area")
    area = _objects(typed_area.map({value: catalogue.resolve_area(value) for value in typed_area.unique()}))
    sheet.add(pd.isna(area) & (typed_area != "").to_numpy(), "area", "unknown_area")  # names listed by message()
    spending = sheet.numbers("spesa_euro")
    associated = sheet.numbers("spesa_associata_euro")
    sheet.add(associated > spending, "spesa_associata_euro", "spending",
              spending=sheet.column("spesa_euro").to_numpy(dtype=object))
    key_ok = ~np.isnan(years) & pd.notna(territory) & pd.notna(area)
    _duplicates(sheet, key_ok, "area", {"anno": years, "codice_territorio": territory, "area": area})
    keep = ~sheet.bad & key_ok
    frame = pd.DataFrame({"year": years[keep], "territory_code": territory[keep], "area": area[keep],
                          "spending_eur": spending[keep], "associated_eur": associated[keep]})
    return _conform(frame, "area_spending")


def _duplicates(sheet: _Sheet, key_ok: np.ndarray, column: str, keys: dict[str, np.ndarray]) -> None:
    """duplicate_row for every row whose key (year, territory, service or area) an earlier row already has."""
    frame = pd.DataFrame({name: pd.Series(values, dtype=object) for name, values in keys.items()})
    frame["position"] = np.arange(len(frame))
    frame = frame[key_ok]
    if frame.empty:
        return
    names = list(keys)
    repeated = frame.duplicated(names, keep="first")
    if not repeated.any():
        return
    first = frame.groupby(names, sort=False)["position"].transform("min")
    mask = np.zeros(len(sheet.frame), dtype=bool)
    mask[frame.loc[repeated, "position"].to_numpy()] = True
    first_rows = np.zeros(len(sheet.frame), dtype=np.int64)
    first_rows[frame.loc[repeated, "position"].to_numpy()] = sheet.rows[first[repeated].to_numpy()]
    described = np.full(len(sheet.frame), "", dtype=object)
    described[frame.loc[repeated, "position"].to_numpy()] = [
        ", ".join(f"`{name} = {int(value) if isinstance(value, float) else value}`"
                  for name, value in zip(names, row))
        for row in frame.loc[repeated, names].itertuples(index=False)]
    sheet.add(mask, column, "duplicate_row", key=described, first_row=first_rows)


def _above_target(sheet: _Sheet, ambito_code: str, years, territory, service, users, members: set[str],
                  context: UploadContext, notices: list[Notice]) -> None:
    """above_target: users above the residents the service is for, in the same year or the nearest earlier
    year with a count (for the ambito: summed over its members, when every member has a count)."""
    targets = catalogue.services().set_index("code")["target"]
    target = _objects(pd.Series(service, dtype=object).map(targets))
    checked = (~np.isnan(users) & ~np.isnan(years) & pd.notna(territory)
               & np.isin(target.astype(str), catalogue.AGE_TARGETS))
    if not checked.any():
        return
    counts = context.target_counts
    if counts is None or counts.empty:
        notices.append(Notice("upload_notice_no_targets"))
        return
    counts = counts.loc[:, ["comune_code", "year", "target", "count"]].astype(
        {"comune_code": str, "year": "int64", "target": str, "count": "float64"})
    by_comune = counts.rename(columns={"comune_code": "territory"})
    member_counts = counts[counts["comune_code"].isin(members)]
    summed = member_counts.groupby(["target", "year"]).agg(count=("count", "sum"), n=("comune_code", "nunique"))
    summed = summed[summed["n"] == len(members)].reset_index().drop(columns="n")
    by_ambito = summed.assign(territory=ambito_code) if members else summed.iloc[0:0].assign(territory="")
    table = pd.concat([by_comune, by_ambito], ignore_index=True)
    table = table.rename(columns={"year": "target_year"}).sort_values("target_year")
    table["target_year"] = table["target_year"].astype("int64")
    rows = pd.DataFrame({"position": np.flatnonzero(checked), "territory": territory[checked].astype(str),
                         "target": target[checked].astype(str), "year": years[checked].astype("int64"),
                         "users": users[checked]}).sort_values("year")
    matched = pd.merge_asof(rows, table, left_on="year", right_on="target_year", by=["territory", "target"],
                            direction="backward")
    unmatched = int(matched["count"].isna().sum())
    if unmatched:
        notices.append(Notice("upload_notice_target_unchecked", {"count": unmatched}))
    above = matched[matched["users"] > matched["count"]]
    mask = np.zeros(len(sheet.frame), dtype=bool)
    count = np.zeros(len(sheet.frame))
    target_year = np.zeros(len(sheet.frame), dtype=np.int64)
    target_code = np.full(len(sheet.frame), "", dtype=object)
    positions = above["position"].to_numpy()
    mask[positions] = True
    count[positions] = above["count"].to_numpy()
    target_year[positions] = above["target_year"].to_numpy()
    target_code[positions] = above["target"].to_numpy()
    sheet.add(mask, "utenti", "above_target", count=count, target_year=target_year, target=target_code)


def _conform(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    columns = CANONICAL[table]
    out = frame.loc[:, list(columns)].copy()
    for column, dtype in columns.items():
        out[column] = out[column].astype(dtype)
    return out.reset_index(drop=True)


def _membership(upload_members: set[str] | None, ambito_code: str, context: UploadContext) -> tuple[set[str], str]:
    """Which comuni make the uploader's ambito, and where that comes from: this file's ambiti sheet, what is
    stored now, the official membership, or nothing known."""
    if upload_members:
        return upload_members, "upload"
    if context.local_members.get(ambito_code):
        return set(context.local_members[ambito_code]), "local"
    if context.official_members.get(ambito_code):
        return set(context.official_members[ambito_code]), "official"
    return set(), "none"


def _ambito_name(membership: pd.DataFrame | None, ambito_code: str, context: UploadContext) -> str:
    """The ambito's name for messages: as this file's ambiti sheet gives it, else as known, else its code."""
    if membership is not None and len(membership):
        named = membership["ambito_name"].astype(str).str.strip()
        if (named != "").any():
            return named[named != ""].iloc[0]
    return context.ambito_names.get(ambito_code) or ambito_code


def validate(raw: dict[str, RawTable], ambito_code: str, context: UploadContext) -> Validation:
    """Every problem of the uploaded tables for `ambito_code`, and the canonical tables of their good rows."""
    problems: list[Problem] = []
    notices: list[Notice] = [Notice("upload_notice_ignored_sheet", {"sheet": name})
                             for name in getattr(raw, "ignored", [])]
    for table in raw.values():
        if table.encoding is not None:
            notices.append(Notice("upload_notice_csv_format", {
                "sheet": table.sheet, "encoding": table.encoding, "header_row": table.header_row,
                "separator": "TAB" if table.separator == "\t" else table.separator}))
        if table.extra_columns:
            notices.append(Notice("upload_notice_extra_columns",
                                  {"sheet": table.sheet,
                                   "columns": ", ".join(f"`{column}`" for column in table.extra_columns)}))
    tables: dict[str, pd.DataFrame] = {}
    upload_members = None
    if "ambiti" in raw:
        tables["membership"], upload_members = _check_ambiti(_Sheet(raw["ambiti"], problems), ambito_code, context,
                                                             notices)
    members, source = _membership(upload_members, ambito_code, context)
    name = _ambito_name(tables.get("membership"), ambito_code, context)
    if "servizi" in raw:
        tables["services"] = _check_servizi(_Sheet(raw["servizi"], problems), ambito_code, name, members, source,
                                            context, notices)
    if "spesa_aree" in raw:
        tables["area_spending"] = _check_spesa_aree(_Sheet(raw["spesa_aree"], problems), ambito_code, name,
                                                    members, source, context)
    order = {name: position for position, name in enumerate(TABLES)}
    sheet_order = {table.sheet: order[table.table] for table in raw.values()}
    problems.sort(key=lambda p: (sheet_order.get(p.sheet, 99), p.row or 0, _column_order(p), p.rule))
    return Validation(tables=tables, problems=problems, notices=notices)


def _column_order(problem: Problem) -> int:
    for columns in TABLES.values():
        if problem.column in columns:
            return columns.index(problem.column)
    return 99


def problems_frame(problems: list[Problem], lang: str = "it", markdown: bool = False) -> pd.DataFrame:
    """The downloadable report of problems: foglio, riga, colonna, valore, regola, messaggio, gravità (headers in
    `lang`), safe to open in Excel (a value typed as "=..." stays text); markdown=True: messages for a Markdown
    renderer (Problem.message)."""
    headers = [text(f"upload_report_{column}", lang) for column in REPORT_COLUMNS]
    frame = pd.DataFrame(
        [[p.sheet, p.row, p.column, p.value, p.rule_label(lang), p.message(lang, markdown),
          text(f"upload_severity_{p.severity}", lang)] for p in problems],
        columns=headers)
    frame[headers[1]] = frame[headers[1]].astype("Int64")
    return excel_safe(frame)
