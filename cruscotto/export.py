"""Tables for download: safe to open in Excel (no formula injection)."""
import re

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# "-25" or "+3,5" is a number to a spreadsheet, not a formula: left as it is
PLAIN_NUMBER = re.compile(r"^[+-]?\d[\d.,]*(?:[eE][+-]?\d+)?$")


def excel_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells that a spreadsheet would run as a formula with an apostrophe."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(
                lambda cell: "'" + cell if isinstance(cell, str) and cell.startswith(FORMULA_START)
                and not PLAIN_NUMBER.match(cell) else cell)
    return safe


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    # utf-8-sig so that Excel opens accented names correctly
    return excel_safe(frame).to_csv(index=False).encode("utf-8-sig")


def to_readable_csv_bytes(frame: pd.DataFrame, decimals: dict, separator: str = ";", decimal_mark: str = ",") -> bytes:
    """A table for people rather than machines: numbers written with the given decimals (an int, or one per row)
    and decimal mark, so that Italian Excel opens `;`-separated files as columns and reads "12,5" as a number.
    Text is made formula-safe first; numbers are formatted after, so "-3,2" stays a number. Missing stays empty."""
    readable = excel_safe(frame)
    for column, places in decimals.items():
        readable[column] = _numbers_as_text(readable[column], places, decimal_mark)
    text = readable.to_csv(index=False, sep=separator, decimal=decimal_mark)
    return text.encode("utf-8-sig")  # the BOM tells Excel the file is UTF-8 (accented names)


def _numbers_as_text(values: pd.Series, places, decimal_mark: str) -> pd.Series:
    per_row = places if isinstance(places, pd.Series) else pd.Series(places, index=values.index)

    def written(value, digits) -> str:
        if pd.isna(value):
            return ""
        text = f"{float(value):.{int(digits)}f}"
        if float(text) == 0:
            text = text.lstrip("-")  # no "-0,0"
        return text.replace(".", decimal_mark)
    return pd.Series([written(value, digits) for value, digits in zip(values, per_row)], index=values.index, dtype=object)
