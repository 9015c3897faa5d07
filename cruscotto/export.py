"""Tables for download: safe to open in Excel (no formula injection)."""
import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def excel_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells that a spreadsheet would run as a formula with an apostrophe."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(
                lambda cell: "'" + cell if isinstance(cell, str) and cell.startswith(FORMULA_START) else cell)
    return safe


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    # utf-8-sig so that Excel opens accented names correctly
    return excel_safe(frame).to_csv(index=False).encode("utf-8-sig")
