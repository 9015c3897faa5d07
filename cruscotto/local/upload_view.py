"""What the /carica page shows and does, without Streamlit: the templates offered, the check and the save of an
uploaded file on behalf of a logged-in account (its ambito only, unless administrator), the problems as a
table and as an Excel-safe CSV, the versions of an ambito and the revert to one of them."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from cruscotto.export import to_readable_csv_bytes
from cruscotto.formatting import escape_markdown
from cruscotto.i18n import t
from cruscotto.local import load
from cruscotto.local.accounts import Account, may_load
from cruscotto.local.store import LocalStore
from cruscotto.local.validate import problems_frame
from cruscotto.paths import REPO

TEMPLATE_DIR = REPO / "data" / "templates"
TEMPLATE_TABLES = ("ambiti", "servizi", "spesa_aree")
TEMPLATE_DOCS = {"it": "LEGGIMI.md", "en": "README.md"}  # the templates' documentation in each language
HASH_SHOWN = 12  # characters of a SHA-256 shown in tables (the saved message gives it whole)
PROBLEMS_SHOWN = 50  # problems listed on the page; the downloadable report has them all


class NotAllowed(PermissionError):
    """The account may not load (or revert) data for that ambito."""


@dataclass(frozen=True)
class Template:
    table: str
    blank: Path | None
    example: Path | None


def templates(folder: Path = TEMPLATE_DIR) -> list[Template]:
    """The three templates and their filled-in examples that exist in data/templates/."""
    found = []
    for table in TEMPLATE_TABLES:
        blank, example = folder / f"{table}.csv", folder / f"{table}_esempio.csv"
        if blank.is_file() or example.is_file():
            found.append(Template(table, blank if blank.is_file() else None, example if example.is_file() else None))
    return found


def template_doc(lang: str = "it", folder: Path = TEMPLATE_DIR) -> str | None:
    """The documentation of the templates in the reader's language (LEGGIMI.md in Italian, README.md in English),
    or None when that file is missing (never the other language's)."""
    name = TEMPLATE_DOCS.get(lang)
    path = folder / name if name else None
    return path.read_text(encoding="utf-8") if path is not None and path.is_file() else None


def ambito_label(ambito_code: str, names: dict[str, str], account: Account | None = None) -> str:
    """How the page names an ambito: its name in the dashboard (official, or loaded), else, before its first
    load, the name of the account that loads for it ("Ufficio di Piano di Melzo"), else its code."""
    if names.get(ambito_code):
        return names[ambito_code]
    if account is not None and account.ambito == ambito_code and account.name:
        return account.name
    return ambito_code


def ambiti_for(account: Account, ambito_codes) -> list[str]:
    """The ambiti an account may pick: its own, or (administrator) every known ambito, in the order given."""
    if account.is_admin:
        return list(dict.fromkeys(ambito_codes))
    return [account.ambito] if account.ambito else []


def _require(account: Account, ambito_code: str) -> None:
    if not may_load(account, ambito_code):
        raise NotAllowed(f"account {account.user!r} may not load data for {ambito_code!r}")


def check_upload(content: bytes, file_name: str, ambito_code: str, account: Account, database,
                 store: LocalStore) -> load.Checked:
    """Check an uploaded file for the ambito (nothing is written but the audit line of a refused file)."""
    _require(account, ambito_code)
    checked = load.check(content, file_name, ambito_code, database, store)
    if not checked.ok:
        load.audit_refusal(checked, account.user, store)
    return checked


def save_upload(checked: load.Checked, account: Account, store: LocalStore) -> int:
    """Store a checked file as a new version for the ambito it was checked for."""
    _require(account, checked.ambito_code)
    return load.commit(checked, checked.ambito_code, account.user, checked.file_name, store)


def is_stale(checked: load.Checked, store: LocalStore) -> bool:
    """The store moved on since the check's preview was made (another save, a revert)."""
    return checked.preview is not None and checked.preview.base_version != store.current_version()


# ---------------------------------------------------------------- problems

def problems_on_screen(problems, lang: str, limit: int | None = PROBLEMS_SHOWN) -> pd.DataFrame:
    """validate.problems_frame for the page's table (st.table renders its cells as Markdown), the first `limit`
    problems: each value and sheet name as the planner typed it, never as Markdown (the apostrophe that keeps a
    spreadsheet from running "=…" or "-5" as a formula belongs to the downloaded report, not to the screen)."""
    shown = list(problems) if limit is None else list(problems)[:limit]
    frame = problems_frame(shown, lang, markdown=True)
    frame[t("upload_report_value", lang)] = [escape_markdown(problem.value) for problem in shown]
    frame[t("upload_report_sheet", lang)] = [escape_markdown(problem.sheet) for problem in shown]
    return frame


def problems_not_shown(problems, limit: int = PROBLEMS_SHOWN) -> int:
    """How many problems the page leaves to the downloadable report."""
    return max(0, len(problems) - limit)


def problems_csv(problems, lang: str) -> bytes:
    """The report of problems (validate.problems_frame: sheet, row, column, value, rule, message, severity;
    formula-looking values made inert) as a CSV for a spreadsheet: UTF-8 with BOM, `;` in Italian as Italian
    Excel expects."""
    return to_readable_csv_bytes(problems_frame(problems, lang), {}, separator=";" if lang == "it" else ",",
                                 decimal_mark="," if lang == "it" else ".")


# ---------------------------------------------------------------- versions

def ambito_versions(store: LocalStore, ambito_code: str) -> pd.DataFrame:
    """The versions written by loads or reverts of this ambito, newest first; `in_force` marks the one whose
    data the ambito has now (its latest)."""
    versions = store.versions()
    own = versions[versions["ambito_code"] == ambito_code].reset_index(drop=True)
    return own.assign(in_force=own.index == 0)


def versions_table(versions: pd.DataFrame, lang: str) -> pd.DataFrame:
    """ambito_versions() for people: headers in the reader's language, short hashes, Italian local times."""
    def action(row) -> str:
        if row["action"] == "revert":
            return t("carica_action_revert", lang, version=int(row["reverted_to"]))
        return t("carica_action_load", lang)

    return pd.DataFrame({
        t("carica_col_version", lang): versions["version"].astype("int64"),
        t("carica_col_when", lang): versions["loaded_at"].map(load.italian_time),
        t("carica_col_user", lang): versions["user"].astype(str),
        t("carica_col_action", lang): [action(row) for _, row in versions.iterrows()],
        t("carica_col_file", lang): versions["file_name"].map(lambda name: name if isinstance(name, str) else ""),
        t("carica_col_rows", lang): versions["rows"].astype("int64"),
        t("carica_col_hash", lang): versions["file_sha256"].map(
            lambda sha: sha[:HASH_SHOWN] + "…" if isinstance(sha, str) and sha else ""),
        t("carica_col_current", lang): versions["in_force"].map(lambda yes: t("carica_yes", lang) if yes else ""),
    })


def revert_choices(versions: pd.DataFrame) -> list[int]:
    """Versions of the ambito it can go back to: every one but the one in force."""
    return [int(v) for v in versions.loc[~versions["in_force"], "version"]]


def revert_label(versions: pd.DataFrame, version: int, lang: str) -> str:
    """A version as the revert picker names it: number, Italian time, file (or what the revert did), who."""
    row = versions.set_index("version").loc[version]
    if row["action"] == "revert":
        what = t("carica_action_revert", lang, version=int(row["reverted_to"]))
    else:
        what = row["file_name"] if isinstance(row["file_name"], str) and row["file_name"] else t("carica_action_load",
                                                                                                   lang)
    return t("carica_revert_option", lang, version=int(version), when=load.italian_time(row["loaded_at"]), what=what,
             user=row["user"])


def revert(to_version: int, account: Account, ambito_code: str, store: LocalStore) -> int:
    """A new version in which this ambito's data are those of `to_version`; other ambiti keep theirs."""
    _require(account, ambito_code)
    if to_version not in revert_choices(ambito_versions(store, ambito_code)):
        raise NotAllowed(f"version {to_version} is not an earlier version of {ambito_code!r}")
    return store.revert(to_version, account.user, ambito_code=ambito_code)


def saved_message(store: LocalStore, version: int, lang: str) -> str:
    """Who saved which file when, its hash and rows: read back from the store, not from what was sent."""
    row = store.versions().set_index("version").loc[version]
    return t("carica_saved", lang, version=version, rows=int(row["rows"]), file=row["file_name"], user=row["user"],
             when=load.italian_time(row["loaded_at"]), sha=row["file_sha256"])
