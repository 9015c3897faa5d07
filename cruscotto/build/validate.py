"""Validation rules applied to raw files at build time.

Each rule raises ValidationError naming the file, the row (as a spreadsheet would number it:
header = row 1) and the rule, so a data steward can find and fix the offending line. Messages are keys
of cruscotto/strings_build.py with their values: English in logs and on the command line (str(error)),
the reader's language on a page (error.text(lang)).
"""
from dataclasses import dataclass, field

import pandas as pd

from cruscotto.i18n import STRINGS, t


@dataclass(frozen=True)
class Message:
    """A message key of cruscotto/strings_build.py and its values; a value may be a Message itself (a rule).
    A key that is not a known string is text written by the caller, shown as it is in every language."""
    key: str
    values: dict = field(default_factory=dict)

    def text(self, lang: str) -> str:
        if self.key not in STRINGS:
            return self.key
        values = {name: value.text(lang) if isinstance(value, Message) else value for name, value in self.values.items()}
        return t(self.key, lang, **values)


class ValidationError(Exception):
    """A raw file breaks a data rule; the build stops and the previous database stays.
    ValidationError("build_…", **values): str() is the English text, text(lang) the reader's."""

    def __init__(self, key: str, /, **values):
        self.message = Message(key, values)
        super().__init__(self.message.text("en"))

    def text(self, lang: str) -> str:
        return self.message.text(lang)


def _fail(file: str, frame: pd.DataFrame, mask: pd.Series, rule: str, /, **rule_values) -> None:
    """Stop at the first row where `mask` holds; `rule` is a `build_rule_*` key of cruscotto/strings_build.py,
    `rule_values` fill its {placeholders} (any names but `key` and `lang`, which t() takes)."""
    if mask.any():
        first = frame.index[mask.to_numpy()][0]
        row = frame.loc[first]
        # Row numbers assume a default RangeIndex from read_csv: +2 for header and 1-based count.
        # Values as Python shows them: 5, not np.int64(5).
        shown = {k: row[k].item() if hasattr(row[k], "item") else row[k] for k in list(row.index)[:4]}
        raise ValidationError("build_row_rule", file=file, row=int(first) + 2, rule=Message(rule, rule_values),
                              count=int(mask.sum()), first=shown)


def unique(frame: pd.DataFrame, columns: list[str], file: str) -> None:
    _fail(file, frame, frame.duplicated(columns, keep="first"), "build_rule_duplicates", columns=columns)


def not_null(frame: pd.DataFrame, columns: list[str], file: str) -> None:
    for column in columns:
        _fail(file, frame, frame[column].isna(), "build_rule_missing_value", column=column)


def comune_code(frame: pd.DataFrame, column: str, file: str) -> None:
    codes = frame[column].astype(str)
    _fail(file, frame, ~codes.str.fullmatch(r"\d{6}"), "build_rule_not_comune_code", column=column)


def not_negative(frame: pd.DataFrame, column: str, file: str) -> None:
    values = pd.to_numeric(frame[column], errors="coerce")
    _fail(file, frame, frame[column].notna() & values.isna(), "build_rule_not_numeric", column=column)
    _fail(file, frame, values < 0, "build_rule_negative_count", column=column)


def positive(frame: pd.DataFrame, column: str, file: str) -> None:
    values = pd.to_numeric(frame[column], errors="coerce")
    _fail(file, frame, ~(values > 0), "build_rule_not_positive", column=column)


def within(frame: pd.DataFrame, column: str, low: float, high: float, file: str) -> None:
    values = pd.to_numeric(frame[column], errors="coerce")
    _fail(file, frame, frame[column].notna() & ((values < low) | (values > high) | values.isna()),
          "build_rule_out_of_range", column=column, low=low, high=high)


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
        raise ValidationError("build_parts_not_total", file=file, parts=f"{parts[0]} + {parts[1]}", total=total,
                              group=dict(zip(keys, key if isinstance(key, tuple) else (key,))), count=len(broken))
