"""Sections a territory has no data for: why, and where the data exists. The reasons are data
(data/catalogue/data_gaps.csv, Italian and English), keyed by section and territory level ("*" = any
level); a section with no reason for a level (e.g. the Milan register outside Milan) stays silent."""
from functools import lru_cache
from pathlib import Path

import pandas as pd
import streamlit as st

from cruscotto.i18n import t
from cruscotto.paths import CATALOGUE_DIR


@lru_cache(maxsize=4)
def load_gaps(catalogue_dir: Path = CATALOGUE_DIR) -> pd.DataFrame:
    frame = pd.read_csv(catalogue_dir / "data_gaps.csv", dtype=str, keep_default_na=False)
    if frame.duplicated(["section", "level"]).any():
        raise ValueError("data_gaps.csv: a section and level appear twice")
    return frame.set_index(["section", "level"])


def reason(section: str, level: str, lang: str) -> str | None:
    """Why `section` has no data at `level` and where it has, in the reader's language; None if the
    section is not one to announce at that level."""
    gaps = load_gaps()
    for key in ((section, level), (section, "*")):
        if key in gaps.index:
            return gaps.at[key, f"reason_{lang}"] or None
    return None


def say_missing(section: str, level: str, lang: str, title: str | None = None) -> bool:
    """Draw "not available for this area" with the reason, under `title`; False when the section is
    not one to announce (nothing drawn)."""
    why = reason(section, level, lang)
    if why is None:
        return False
    if title:
        st.subheader(title)
    st.info(f"**{t('not_available', lang)}.** {why}", icon=":material/info:")
    return True
