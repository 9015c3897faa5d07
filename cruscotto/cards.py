"""The benchmark lines under a profile figure, as Streamlit Markdown (never HTML).

For a rate: "Lombardia (12,5%): il 13% in più  [significativamente più alto]", read under the
heading "Lodi rispetto a…", so the subject (the territory) and the reference (the benchmark) are
never confused. For a count (residents) a larger area's count is not a comparison: the line says
what share of that area's total the territory holds instead.
"""
import math
import re

from cruscotto.compare import compare, interval, plain_words
from cruscotto.formatting import number
from cruscotto.i18n import t

BADGE_COLOUR = {"better": "blue", "worse": "orange", "similar": "gray", "neutral": "gray"}
ARROW = {"higher": "▲ ", "lower": "▼ ", "similar": ""}
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|:$~])")


def escape_markdown(text: str) -> str:
    """Names come from data: shown as typed, never as Markdown directives or links."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def benchmark_lines(own: dict, benchmarks: list[dict], meta: dict, format_value, lang: str) -> list[str]:
    """own and benchmarks: rows of profile.sql (value, numerator, denominator, territory_name)."""
    lines = []
    if meta["aggregation"] == "sum":
        for bench in benchmarks:
            line = f"{escape_markdown(bench['territory_name'])}: {format_value(bench['value'])}"
            if _positive(bench["value"]) and _positive(own["value"]) and own["value"] <= bench["value"]:
                share = number(100 * own["value"] / bench["value"], 1, lang) + "%"
                line += " — " + t("share_of_total", lang, name=escape_markdown(own["territory_name"]), share=share)
            lines.append(line)
        return lines
    bounds = interval(meta["interval"], own["numerator"], own["denominator"], meta["multiplier"])
    for bench in benchmarks:
        words = plain_words(own["value"], bench["value"], lang)
        line = f"{escape_markdown(bench['territory_name'])} ({format_value(bench['value'])})"
        line += f": {words}" if words else ""
        verdict = compare(own["value"], bounds, bench["value"], meta["polarity"])
        if verdict.verdict != "unknown":
            line += f" :{BADGE_COLOUR[verdict.judgement]}-badge[{ARROW[verdict.verdict]}{t(verdict.verdict, lang)}]"
        lines.append(line)
    return lines


def _positive(value) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value)) and value > 0
