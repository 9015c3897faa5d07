"""The indicator catalogue and the source register, read from the CSV files in data/catalogue/."""
from functools import lru_cache
from pathlib import Path

import pandas as pd

from cruscotto.paths import CATALOGUE_DIR

AGGREGATIONS = {"sum", "ratio", "published"}
POLARITIES = {"higher_better", "lower_better", "neutral"}
INTERVALS = {"wilson", "byar", "none"}


@lru_cache(maxsize=4)
def load_indicators(catalogue_dir: Path = CATALOGUE_DIR) -> pd.DataFrame:
    frame = pd.read_csv(catalogue_dir / "indicators.csv", dtype=str, keep_default_na=False)
    frame["multiplier"] = frame["multiplier"].astype(float)
    frame["decimals"] = frame["decimals"].astype(int)
    frame["headline"] = frame["headline"] == "1"
    # which sides of a rate count people: the build flags rates resting on a handful of them
    for column in ("numerator_counts_people", "denominator_counts_people"):
        frame[column] = frame[column] == "1"
    bad = frame[~frame["aggregation"].isin(AGGREGATIONS) | ~frame["polarity"].isin(POLARITIES)
                | ~frame["interval"].isin(INTERVALS)]
    if not bad.empty:
        raise ValueError(f"indicators.csv: unknown aggregation, polarity or interval for {bad['id'].tolist()}")
    if frame["id"].duplicated().any():
        raise ValueError(f"indicators.csv: duplicate ids {frame.loc[frame['id'].duplicated(), 'id'].tolist()}")
    return frame


@lru_cache(maxsize=4)
def load_sources(catalogue_dir: Path = CATALOGUE_DIR) -> pd.DataFrame:
    frame = pd.read_csv(catalogue_dir / "sources.csv", dtype=str, keep_default_na=False)
    if frame["source_id"].duplicated().any():
        raise ValueError("sources.csv: duplicate source ids")
    return frame


def indicator_ids() -> list[str]:
    return load_indicators()["id"].tolist()


# a plan figure is known by its content, never by its row (plans/plan_figures.csv, plan_figure_matches.csv)
PLAN_FIGURE_KEY = ["source_document", "territory", "measure"]


def load_plan_figure_matches(catalogue_dir: Path = CATALOGUE_DIR) -> pd.DataFrame:
    """Which plan figure (plans/plan_figures.csv, named by document, territory and measure) measures what an
    indicator of today measures in indicator_territory, and how far."""
    return pd.read_csv(catalogue_dir / "plan_figure_matches.csv", dtype=str, keep_default_na=False)


# Source register fields written in Italian, with an English twin in column <field>_en (sources.csv).
SOURCE_TEXT_FIELDS = ("publisher", "licence", "attribution", "reference", "obtained_from")


def source_field(source: pd.Series, field: str, lang: str) -> str:
    """One text field of a source (a register row) in the reader's language."""
    if lang == "en" and f"{field}_en" in source.index:
        return source[f"{field}_en"]
    return source[field]


@lru_cache(maxsize=4)
def load_terms(catalogue_dir: Path = CATALOGUE_DIR) -> pd.DataFrame:
    """Words that come with the data (spending categories, the plans' measures and units) in both
    languages, keyed by the text as the data holds it."""
    frame = pd.read_csv(catalogue_dir / "terms.csv", dtype=str, keep_default_na=False)
    if frame["term"].duplicated().any():
        raise ValueError(f"terms.csv: duplicate terms {frame.loc[frame['term'].duplicated(), 'term'].tolist()}")
    return frame.set_index("term")


def term(text, lang: str):
    """A data word in the reader's language; text the catalogue does not list is returned as it is
    (tests/test_language.py checks that every word in the database is listed)."""
    terms = load_terms()
    return terms.at[text, lang] if isinstance(text, str) and text in terms.index else text
