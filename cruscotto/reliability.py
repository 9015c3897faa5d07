"""Figures that should not be taken at face value, as the build flagged them (cruscotto/build/sql/flags.sql):
'unreliable' (a rate resting on a handful of people) and 'check' (a jump of more than tenfold from the
previous year, kept as published). Words for the flags, the rows a ranking leaves out, and the section
of /dati-aperti that explains the rules."""
import pandas as pd
import streamlit as st

from cruscotto.build.store import FLAG_THRESHOLDS
from cruscotto.formatting import escape_markdown
from cruscotto.i18n import t

FLAG_KINDS = ("unreliable", "check")  # stored together as 'unreliable+check' when both apply


def flag_kinds(flag) -> list[str]:
    """The kinds in a stored flag, in a fixed order; [] for no flag (None, NaN, NA)."""
    if not isinstance(flag, str) or not flag:
        return []
    parts = flag.split("+")
    unknown = set(parts) - set(FLAG_KINDS)
    if unknown:
        raise ValueError(f"unknown flag {flag!r}")
    return [kind for kind in FLAG_KINDS if kind in parts]


def is_flagged(flag) -> bool:
    return bool(flag_kinds(flag))


def flag_words(flag, lang: str) -> str:
    """'valore poco affidabile', 'da verificare', or both joined; '' for no flag."""
    return "; ".join(t(f"flag_{kind}", lang) for kind in flag_kinds(flag))


def ranked(spread: pd.DataFrame) -> pd.DataFrame:
    """The rows of distribution.sql that take part in rank and scale: a value and no flag."""
    return spread[spread["value"].notna() & spread["flag"].isna()]


def left_out(spread: pd.DataFrame) -> pd.DataFrame:
    """The rows with a value that rank and scale leave out because of a flag."""
    return spread[spread["value"].notna() & spread["flag"].notna()]


def left_out_line(spread: pd.DataFrame, format_value, lang: str) -> str | None:
    """'Esclusi dalla scala e dalla posizione: Magasa (1.175,0: valore poco affidabile), …', or None."""
    rows = left_out(spread)
    if rows.empty:
        return None
    items = [f"{escape_markdown(name)} ({format_value(value)}: {flag_words(flag, lang)})"
             for name, value, flag in zip(rows["name"], rows["value"], rows["flag"])]
    return t("flag_left_out", lang, items=", ".join(items))


def rank_summary(spread: pd.DataFrame, code: str, format_value, lang: str) -> str:
    """A comune's rank among the unflagged comuni of a group with their min, median and max; for a
    flagged comune, why it has no rank. spread: distribution.sql rows, the comune among them with a value."""
    scale = ranked(spread)
    own = spread[spread["code"] == code].iloc[0]
    stats = (dict(min=format_value(scale["value"].min()), median=format_value(scale["value"].median()),
                  max=format_value(scale["value"].max())) if not scale.empty else None)
    if pd.notna(own["rank"]):
        return t("rank_line", lang, rank=int(own["rank"]), n=len(scale), **stats)
    line = t("rank_flagged", lang, name=escape_markdown(own["name"]), flag=flag_words(own["flag"], lang),
             value=format_value(own["value"]))
    return line + (" " + t("rank_scale", lang, n=len(scale), **stats) if stats else "")


def spread_summary(spread: pd.DataFrame, format_value, lang: str) -> str | None:
    """Min, median and max over the unflagged comuni of a group, and how many comuni have data at all."""
    scale = ranked(spread)
    if scale.empty:
        return None
    return t("spread_line", lang, min=format_value(scale["value"].min()), median=format_value(scale["value"].median()),
             max=format_value(scale["value"].max()), have=int(spread["value"].notna().sum()), total=len(spread))


def rule_lines(lang: str) -> list[str]:
    """What each flag means, with the thresholds the build used."""
    return [t("flag_rule_unreliable", lang, numerator=FLAG_THRESHOLDS["min_numerator"],
              denominator=FLAG_THRESHOLDS["min_denominator"]),
            t("flag_rule_check", lang, factor=FLAG_THRESHOLDS["jump_factor"]),
            t("flag_rule_use", lang)]


def show_flag_rules(lang: str) -> None:
    """The /dati-aperti section on flags."""
    st.subheader(t("flags_title", lang))
    st.markdown("\n".join(f"- {line}" for line in rule_lines(lang)))
