"""Loading a planner's file: check it (read, validate, preview against the store) and commit it as a version.

The /carica page and `python -m cruscotto load` both go through check() then commit(); nothing else writes
to the store. Nothing is stored unless the whole file passes (no error; warnings are shown and allowed).
"""
import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from cruscotto.formatting import number
from cruscotto.i18n import place_name, t
from cruscotto.local.context import build_context
from cruscotto.local.read import UploadRefused, read_upload
from cruscotto.local.store import DATA_TABLES, LocalStore
from cruscotto.local.validate import SHEET_OF, Notice, Problem, validate

# what identifies a row, and what it says, in each table (the rows of the ambito that an upload replaces)
KEYS = {"membership": ["comune_code"], "services": ["year", "territory_code", "service"],
        "area_spending": ["year", "territory_code", "area"]}
VALUES = {"membership": ["ambito_code", "ambito_name", "start_year"],
          "services": ["users", "places", "spending_eur", "copayment_eur"],
          "area_spending": ["spending_eur", "associated_eur"]}
# the template's own name of each column, for people
HEADER = {"comune_code": "codice_comune", "ambito_code": "codice_ambito", "ambito_name": "nome_ambito",
          "start_year": "anno_inizio", "year": "anno", "territory_code": "codice_territorio", "service": "servizio",
          "users": "utenti", "places": "posti", "spending_eur": "spesa_euro", "copayment_eur": "compartecipazione_euro",
          "area": "area", "associated_eur": "spesa_associata_euro"}
CHANGES_SHOWN = 50  # lines of the before → after frame; the counts cover every row
CHANGE_COLUMNS = ["table", "kind", "year", "territory_code", "item", "column", "before", "after"]
LOCAL_TIMEZONE = "Europe/Rome"  # times are stored in UTC and shown as Italian local time


class NotCommittable(ValueError):
    """commit() was asked to store a file that did not pass the check."""


@dataclass
class Preview:
    """What saving would change for the ambito, against the store's version `base_version`.
    counts: one row per uploaded table: table, new, changed, unchanged, removed (rows).
    changes: up to CHANGES_SHOWN lines: table, kind ('changed' | 'removed'), year, territory_code, item (service,
    area or ambito code), column, before, after — one line per changed cell, one per removed row.
    changes_total: how many such lines there are in all."""
    counts: pd.DataFrame
    changes: pd.DataFrame
    changes_total: int
    base_version: int | None


@dataclass
class Checked:
    file_name: str
    ambito_code: str
    sha256: str
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notices: list = field(default_factory=list)
    preview: Preview | None = None
    refused: UploadRefused | None = None
    timings: dict[str, float] = field(default_factory=dict)  # seconds per step: read, context, validate, preview
    rows_read: int = 0  # data rows found in the file's tables (good or not); 0 when it could not be read

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != "error"]

    @property
    def ok(self) -> bool:
        return self.refused is None and not self.errors and any(len(f) for f in self.tables.values())

    @property
    def rows(self) -> int:
        """Rows that passed the check (what saving would store)."""
        return int(sum(len(frame) for frame in self.tables.values()))


def file_hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def check(content: bytes, file_name: str, ambito_code: str, database, store: LocalStore) -> Checked:
    """Read and validate a file for `ambito_code`; when it passes, preview what saving it would change.
    Never writes anything. A file that cannot be read at all comes back with `refused` set."""
    checked = Checked(file_name=file_name, ambito_code=ambito_code, sha256=file_hash(content))
    clock = time.perf_counter()
    try:
        raw = read_upload(content, file_name)
        checked.rows_read = int(sum(len(table.frame) for table in raw.values()))
        checked.timings["read"] = time.perf_counter() - clock
        clock = time.perf_counter()
        context = build_context(database, store, ambito_code)
        checked.timings["context"] = time.perf_counter() - clock
        clock = time.perf_counter()
        validation = validate(raw, ambito_code, context)
        checked.timings["validate"] = time.perf_counter() - clock
    except UploadRefused as refused:
        checked.refused = refused
        return checked
    checked.tables = {name: frame for name, frame in validation.tables.items()
                      if name in DATA_TABLES and frame is not None and len(frame)}
    checked.problems = list(validation.problems)
    checked.notices = list(validation.notices)
    if not checked.errors:
        clock = time.perf_counter()
        checked.preview = preview(checked.tables, ambito_code, store)
        checked.timings["preview"] = time.perf_counter() - clock
    return checked


def commit(checked: Checked, ambito_code: str, user: str, file_name: str, store: LocalStore) -> int:
    """Store a checked file as a new version (its number is returned). Refuses a file with errors."""
    if ambito_code != checked.ambito_code:
        raise NotCommittable(f"the file was checked for {checked.ambito_code!r}, not {ambito_code!r}")
    if not checked.ok:
        raise NotCommittable(f"{file_name}: not stored — {len(checked.errors)} errors"
                             + (f", refused ({checked.refused})" if checked.refused else ""))
    return store.save(ambito_code, checked.tables, user=user, file_name=file_name, file_sha256=checked.sha256)


def load_files(paths, ambito_code: str, user: str, store: LocalStore, database_path=None) -> int:
    """Check and store each file in turn for one ambito, as a planner would upload them one after the other
    (the membership first: later files are checked against it). Raises NotCommittable at the first file with
    errors. Returns the last version stored. For scripts, benchmarks and test fixtures."""
    from cruscotto.db import DB_PATH, Database  # here, not at the top: the data layer imports this package
    database = Database(database_path or DB_PATH)  # the official side; the store is read by the checks themselves
    version = None
    try:
        for path in map(Path, paths):
            checked = check(path.read_bytes(), path.name, ambito_code, database, store)
            version = commit(checked, ambito_code, user, path.name, store)
    finally:
        database.close()
    return version


def audit_refusal(checked: Checked, user: str, store: LocalStore) -> None:
    """Log a refused load in the store's audit log (the data stay untouched); rows: the data rows read."""
    store.audit({"action": "load_refused", "user": user, "ambito": checked.ambito_code, "version": None,
                 "file_name": checked.file_name, "file_sha256": checked.sha256, "rows": checked.rows_read,
                 "problems": len(checked.errors),
                 "refused": getattr(checked.refused, "code", None) if checked.refused else None})


# -- preview -------------------------------------------------------------------------------------------

def preview(tables: dict[str, pd.DataFrame], ambito_code: str, store: LocalStore) -> Preview:
    base_version = store.current_version()
    stored = store.snapshot(base_version, tables=[name for name in DATA_TABLES if name in tables])
    counts, changes = [], []
    for name in DATA_TABLES:
        uploaded = tables.get(name)
        if uploaded is None or not len(uploaded):
            continue
        before = stored[name][stored[name]["ambito_code"] == ambito_code]
        if name == "membership":
            uploaded = uploaded if "ambito_code" in uploaded else uploaded.assign(ambito_code=ambito_code)
        else:
            before = before[before["year"].isin(set(uploaded["year"].astype("int64")))]
        count, lines = _compare(name, before, uploaded)
        counts.append(count)
        changes.append(lines)
    changes = pd.concat(changes, ignore_index=True) if changes else pd.DataFrame(columns=CHANGE_COLUMNS)
    return Preview(counts=pd.DataFrame(counts, columns=["table", "new", "changed", "unchanged", "removed"]),
                   changes=changes.head(CHANGES_SHOWN).reset_index(drop=True), changes_total=len(changes),
                   base_version=base_version)


def _normalised(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    out = frame.loc[:, KEYS[name] + VALUES[name]].copy()
    for column in out:
        if column in ("year", "start_year"):
            out[column] = out[column].astype("Int64")
        elif column in ("users", "places", "spending_eur", "copayment_eur", "associated_eur"):
            out[column] = out[column].astype("float64")
        else:
            out[column] = out[column].astype("str")
    return out


def _compare(name: str, before: pd.DataFrame, after: pd.DataFrame) -> tuple[dict, pd.DataFrame]:
    keys, values = KEYS[name], VALUES[name]
    both = _normalised(before, name).merge(_normalised(after, name), on=keys, how="outer",
                                           suffixes=("_before", "_after"), indicator=True)
    matched = both[both["_merge"] == "both"]
    differs = pd.Series(False, index=matched.index)
    cell_changes = []
    for column in values:
        old, new = matched[f"{column}_before"], matched[f"{column}_after"]
        changed = ~((old == new).fillna(False).astype(bool) | (old.isna() & new.isna()))
        differs |= changed
        if changed.any():
            cell_changes.append(_lines(name, matched[changed], keys, "changed", column, old[changed], new[changed]))
    removed = both[both["_merge"] == "left_only"]
    lines = cell_changes + ([_lines(name, removed, keys, "removed", None, None, None)] if len(removed) else [])
    count = {"table": name, "new": int((both["_merge"] == "right_only").sum()), "changed": int(differs.sum()),
             "unchanged": int(len(matched) - differs.sum()), "removed": int(len(removed))}
    frame = pd.concat(lines, ignore_index=True) if lines else pd.DataFrame(columns=CHANGE_COLUMNS)
    if len(frame):
        frame = frame.sort_values(["kind", "year", "territory_code", "item", "column"], na_position="first",
                                  kind="stable").reset_index(drop=True)
    return count, frame


def _lines(name, rows, keys, kind, column, before, after) -> pd.DataFrame:
    item = {"membership": "ambito_code", "services": "service", "area_spending": "area"}[name]
    item_values = rows[f"{item}_before"] if name == "membership" else rows[item]
    return pd.DataFrame({
        "table": name, "kind": kind,
        "year": rows["year"] if "year" in keys else pd.Series(pd.NA, index=rows.index, dtype="Int64"),
        "territory_code": rows["territory_code" if "territory_code" in keys else "comune_code"],
        "item": item_values, "column": column,
        "before": before.astype(object) if before is not None else None,
        "after": after.astype(object) if after is not None else None,
    }).reset_index(drop=True)


# -- for people (CLI and page) ------------------------------------------------------------------------

def _cell(value, lang: str) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return t("load_blank", lang)
    if isinstance(value, float):
        return number(value, 0 if value == int(value) else 2, lang)
    return str(value)


def counts_table(preview_: Preview, lang: str = "it") -> pd.DataFrame:
    """The counts of a preview with headers and table names in the template's words."""
    frame = preview_.counts.assign(table=preview_.counts["table"].map(SHEET_OF))
    return frame.rename(columns={"table": t("load_col_sheet", lang), "new": t("load_preview_new", lang),
                                 "changed": t("load_preview_changed", lang),
                                 "unchanged": t("load_preview_unchanged", lang),
                                 "removed": t("load_preview_removed", lang)})


def changes_table(preview_: Preview, lang: str = "it", names: dict[str, str] | None = None) -> pd.DataFrame:
    """The before → after lines of a preview as text, headers in `lang`, columns named as in the template; with
    `names` (territory code -> name), the name of each territory beside its code."""
    changes = preview_.changes
    territory = {t("load_col_territory", lang): changes["territory_code"].astype(str)}
    if names is not None:
        territory[t("load_col_territory_name", lang)] = changes["territory_code"].map(
            lambda code: place_name(names.get(code, ""), lang))
    return pd.DataFrame({
        t("load_col_sheet", lang): changes["table"].map(SHEET_OF),
        t("load_preview_kind", lang): changes["kind"].map(lambda k: t(f"load_preview_{k}_row", lang)),
        t("load_col_year", lang): changes["year"].map(lambda y: "" if pd.isna(y) else str(int(y))),
        **territory,
        t("load_col_item", lang): changes["item"].astype(str),
        t("load_col_column", lang): changes["column"].map(lambda c: HEADER.get(c, "") if isinstance(c, str) else ""),
        t("load_preview_before", lang): [_cell(v, lang) if k == "changed" else "" for v, k in
                                           zip(changes["before"], changes["kind"])],
        t("load_preview_after", lang): [_cell(v, lang) if k == "changed" else "" for v, k in
                                          zip(changes["after"], changes["kind"])],
    })


def problem_line(problem: Problem, lang: str = "it") -> str:
    """One problem on one line: severity, sheet, row, column, value as typed, and what is wrong."""
    where = t("load_problem_where", lang, sheet=problem.sheet, row="" if problem.row is None else problem.row,
              column=problem.column, value=problem.value)
    return t("load_problem_line", lang, severity=t(f"upload_severity_{problem.severity}", lang).upper(),
             where=where, message=problem.message(lang))


def notice_text(notice: Notice, lang: str = "it") -> str:
    return notice.message(lang)


def refusal_message(refused: UploadRefused, lang: str = "it") -> str:
    return refused.message(lang)


def italian_time(value) -> str:
    """A stored (UTC) time as read in Italy: local time, dd/mm/yyyy HH:MM ("" when missing)."""
    if value is None or pd.isna(value):
        return ""
    stamp = pd.Timestamp(value)
    stamp = stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp
    return stamp.tz_convert(LOCAL_TIMEZONE).strftime("%d/%m/%Y %H:%M")


def versions_table(versions: pd.DataFrame, lang: str = "it") -> pd.DataFrame:
    """LocalStore.versions() for people: version, when (Italian time), ambito, who, what, file, rows, current."""
    def action(kind, reverted_to):
        if kind == "revert":
            return t("load_action_revert", lang, version=int(reverted_to))
        return t("load_action_load", lang)

    return pd.DataFrame({
        t("load_ver_version", lang): versions["version"].astype("int64"),
        t("load_ver_when", lang): versions["loaded_at"].map(italian_time),
        t("load_ver_ambito", lang): versions["ambito_code"].fillna(t("load_ver_all_ambiti", lang)),
        t("load_ver_user", lang): versions["user"].fillna(""),
        t("load_ver_action", lang): [action(k, r) for k, r in zip(versions["action"], versions["reverted_to"])],
        t("load_ver_file", lang): versions["file_name"].fillna(""),
        t("load_ver_sha", lang): versions["file_sha256"].fillna("").str[:12],
        t("load_ver_rows", lang): versions["rows"].astype("int64"),
        t("load_ver_current", lang): versions["current"].map(lambda c: "✓" if c else ""),
    })
