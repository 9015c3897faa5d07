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


def load_plan_figure_matches(catalogue_dir: Path = CATALOGUE_DIR) -> pd.DataFrame:
    """Which plan figure (plans/plan_figures.csv) measures what an indicator of today measures, and how far."""
    return pd.read_csv(catalogue_dir / "plan_figure_matches.csv", dtype={"figure_id": int, "territory_code": str},
                       keep_default_na=False)
