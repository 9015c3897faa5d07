"""Figures quoted in the Piani di Zona documents, kept verbatim with the document they come from.

A figure is known by its content — document, territory and measure (FIGURE_KEY) — never by its row, so
reordering plan_figures.csv changes nothing: data/catalogue/plan_figure_matches.csv names figures that way.
"""
import re

import pandas as pd

from cruscotto.build import validate
from cruscotto.build.context import BuildContext
from cruscotto.catalogue import PLAN_FIGURE_KEY as FIGURE_KEY
from cruscotto.catalogue import load_plan_figure_matches

PLANS_FILE = "plans/plan_figures.csv"
MATCHES_FILE = "data/catalogue/plan_figure_matches.csv"
# quote: the words of the document that state the figure, as they stand in its seed text
REQUIRED = ["territory", "measure", "value", "unit", "source_seed", "source_document", "quote"]


def load(ctx: BuildContext) -> None:
    # Text as written ("NA" is a word, not a gap); blanks are made missing where a rule needs it.
    frame = ctx.read_csv(PLANS_FILE, dtype=str, keep_default_na=False)
    check_figures(frame, PLANS_FILE)
    check_matches(frame, load_plan_figure_matches(ctx.catalogue_dir), set(ctx.indicators["id"]))
    ctx.add_table("plan_figure", as_table(frame))


def check_figures(frame: pd.DataFrame, file: str) -> None:
    """The rules a transcribed figure must meet: nothing required left blank, one row per figure, a number
    as the value, and a year only where the document states it (year_quote holds the words that do)."""
    blanks_missing = blank_as_missing(frame, REQUIRED + ["year"])
    validate.not_null(blanks_missing, REQUIRED, file)
    validate.unique(frame, FIGURE_KEY, file)
    validate.not_negative(frame, "value", file)
    validate.years(blanks_missing, "year", 1990, 2100, file)
    unstated = [isinstance(year, str) and not _states_year(words, year)
                for year, words in zip(blanks_missing["year"], frame["year_quote"])]
    validate._fail(file, frame, pd.Series(unstated, index=frame.index, dtype=bool), "build_rule_year_not_stated")


def _states_year(words: str, year: str) -> bool:
    return re.search(rf"\b{re.escape(year.strip())}\b", words) is not None


def check_matches(figures: pd.DataFrame, matches: pd.DataFrame, indicator_ids: set[str]) -> None:
    """Every match names a figure that exists (by its content) and an indicator of the catalogue."""
    known = set(figures[FIGURE_KEY].itertuples(index=False, name=None))
    unknown = ~pd.Series([key in known for key in matches[FIGURE_KEY].itertuples(index=False, name=None)],
                         index=matches.index, dtype=bool)
    validate._fail(MATCHES_FILE, matches, unknown, "build_rule_no_such_figure", figures=PLANS_FILE,
                   columns=FIGURE_KEY)
    validate._fail(MATCHES_FILE, matches, ~matches["indicator_id"].isin(indicator_ids), "build_rule_unknown_indicator")
    validate.unique(matches, FIGURE_KEY, MATCHES_FILE)


def as_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The plan_figure table: values as numbers, empty years missing; file_row keeps the file's order for
    reading (it identifies nothing)."""
    table = frame.copy()
    table.insert(0, "file_row", range(1, len(table) + 1))
    table["value"] = table["value"].astype(float)
    table["year"] = table["year"].where(table["year"].str.strip() != "", None)
    return table


def blank_as_missing(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The frame with empty or spaces-only cells of `columns` as missing values (a blank is not a value)."""
    blanks = frame.copy()
    for column in columns:
        blanks[column] = blanks[column].where(blanks[column].str.strip() != "", None)
    return blanks
