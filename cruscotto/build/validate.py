"""Validation rules applied to raw files at build time.

Each rule raises ValidationError naming the file, the row (as a spreadsheet would number it:
header = row 1) and the rule, so a data steward can find and fix the offending line.
"""
import pandas as pd


class ValidationError(Exception):
    """A raw file breaks a data rule; the build stops and the previous database stays."""


def _fail(file: str, frame: pd.DataFrame, mask: pd.Series, rule: str) -> None:
    if mask.any():
        first = frame.index[mask.to_numpy()][0]
        row = frame.loc[first]
        # Row numbers assume a default RangeIndex from read_csv: +2 for header and 1-based count.
        shown = {k: row[k] for k in list(row.index)[:4]}
        raise ValidationError(
            f"{file}, riga {int(first) + 2}: {rule} ({int(mask.sum())} righe violano la regola; prima: {shown})"
        )


def unique(frame: pd.DataFrame, columns: list[str], file: str) -> None:
    _fail(file, frame, frame.duplicated(columns, keep="first"), f"valori duplicati in {columns}")


def not_null(frame: pd.DataFrame, columns: list[str], file: str) -> None:
    for column in columns:
        _fail(file, frame, frame[column].isna(), f"valore mancante in '{column}'")


def comune_code(frame: pd.DataFrame, column: str, file: str) -> None:
    codes = frame[column].astype(str)
    _fail(file, frame, ~codes.str.fullmatch(r"\d{6}"), f"'{column}' non è un codice ISTAT di 6 cifre")


def not_negative(frame: pd.DataFrame, column: str, file: str) -> None:
    values = pd.to_numeric(frame[column], errors="coerce")
    _fail(file, frame, frame[column].notna() & values.isna(), f"'{column}' non numerico")
    _fail(file, frame, values < 0, f"conteggio negativo in '{column}'")


def positive(frame: pd.DataFrame, column: str, file: str) -> None:
    values = pd.to_numeric(frame[column], errors="coerce")
    _fail(file, frame, ~(values > 0), f"denominatore '{column}' non positivo")


def within(frame: pd.DataFrame, column: str, low: float, high: float, file: str) -> None:
    values = pd.to_numeric(frame[column], errors="coerce")
    _fail(file, frame, frame[column].notna() & ((values < low) | (values > high) | values.isna()),
          f"'{column}' fuori dall'intervallo {low}-{high}")


def years(frame: pd.DataFrame, column: str, low: int, high: int, file: str) -> None:
    within(frame, column, low, high, file)


def parts_equal_total(frame: pd.DataFrame, keys: list[str], part_column: str, value_column: str,
                      parts: tuple[str, str], total: str, file: str) -> None:
    """M + F = T for every key where all three are present."""
    wide = frame.pivot_table(index=keys, columns=part_column, values=value_column, aggfunc="sum")
    if not set(parts + (total,)) <= set(wide.columns):
        return
    wide = wide.dropna(subset=list(parts + (total,)))
    broken = wide[wide[parts[0]] + wide[parts[1]] != wide[total]]
    if not broken.empty:
        key = broken.index[0]
        raise ValidationError(
            f"{file}: {parts[0]} + {parts[1]} ≠ {total} per {dict(zip(keys, key if isinstance(key, tuple) else (key,)))}"
            f" ({len(broken)} casi)"
        )
