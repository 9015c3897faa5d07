"""Download buttons for the open-data bundle: the zip is made only when the button is pressed."""
import streamlit as st

from cruscotto import data, open_data
from cruscotto.i18n import t

LABELS = {"csv": "CSV", "xlsx": "Excel", "parquet": "Parquet"}


def bundle_zip(selection: dict, fmt: str, lang: str) -> bytes:
    parts = open_data.collect(data.database(), lang=lang, **selection)
    files = open_data.bundle(parts["data"], parts["catalogue"], parts["sources"], fmt, parts["built_at"], lang)
    return open_data.zip_bytes(files)


def bundle_buttons(selection: dict, lang: str, key: str) -> None:
    columns = st.columns(len(open_data.FORMATS))
    for column, fmt in zip(columns, open_data.FORMATS):
        column.download_button(
            t("download_bundle", lang, format=LABELS[fmt]),
            data=lambda fmt=fmt: bundle_zip(selection, fmt, lang),
            file_name=f"cruscotto_welfare_{key}_{fmt}.zip", mime="application/zip", key=f"bundle_{key}_{fmt}",
            help=t("download_bundle_help", lang), on_click="ignore")
