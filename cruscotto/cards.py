"""The benchmark lines under a profile figure, as Streamlit Markdown (never HTML).

For a rate: "Lombardia (12,5%): il 13% in più  [significativamente più alto]", read under the
heading "Lodi rispetto a…", so the subject (the territory) and the reference (the benchmark) are
never confused. For a count (residents) a larger area's count is not a comparison: the line says
what share of that area's total the territory holds instead. A flagged figure (reliability.py) gets no
verdict: its badge says why it cannot be judged. Under the figure: the counts behind a rate and the flag.
"""
import math

from cruscotto.compare import Comparison, compare, interval, is_same, plain_words
from cruscotto.build.store import FLAG_THRESHOLDS
from cruscotto.formatting import escape_markdown, is_known, known_number, number, sensible_decimals
from cruscotto.i18n import t
from cruscotto.reliability import flag_kinds, flag_words, is_flagged

BADGE_COLOUR = {"better": "blue", "worse": "orange", "similar": "gray", "neutral": "gray"}
ARROW = {"higher": "▲ ", "lower": "▼ ", "similar": ""}


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
    for bench in benchmarks:
        words = plain_words(own["value"], bench["value"], lang)
        line = f"{escape_markdown(bench['territory_name'])} ({format_value(bench['value'])})"
        line += f": {words}" if words else ""
        verdict, reason = judge(own, bench["value"], meta)
        if reason == "flagged":
            line += f" :gray-badge[{flag_words(own.get('flag'), lang)}]"
        elif verdict is not None and verdict.verdict != "unknown" and not (
                verdict.verdict == "similar" and words and is_same(own["value"], bench["value"])):  # "pari": no "simile"
            line += f" :{BADGE_COLOUR[verdict.judgement]}-badge[{ARROW[verdict.verdict]}{t(verdict.verdict, lang)}]"
        lines.append(line)
    return lines


def judge(own: dict, benchmark_value, meta: dict) -> tuple[Comparison | None, str | None]:
    """A figure against a benchmark's, as the cards and the at-a-glance rows (glance.py) judge it: the 95% interval
    of its counts and the indicator's polarity. (comparison, None), or (None, why not): "flagged" (a handful of
    people or a suspect jump: no claim of significance), "count" (a count is not a rate to test), "no_interval",
    "no_benchmark", "no_counts". own: value, numerator, denominator, flag; meta: aggregation, interval,
    multiplier, polarity."""
    if is_flagged(own.get("flag")):
        return None, "flagged"
    if meta["aggregation"] == "sum":
        return None, "count"
    if meta["interval"] == "none":
        return None, "no_interval"
    benchmark = known_number(benchmark_value)
    if benchmark is None:
        return None, "no_benchmark"
    bounds = interval(meta["interval"], known_number(own.get("numerator")), known_number(own.get("denominator")),
                      float(meta["multiplier"]))
    if bounds is None:
        return None, "no_counts"
    return compare(float(own["value"]), bounds, benchmark, meta["polarity"]), None


def figure_decimals(own: dict, meta: dict) -> int:
    """The decimals a rate's own counts can carry (formatting.sensible_decimals); a count keeps the catalogue's."""
    if meta["aggregation"] != "ratio" or not is_known(own.get("denominator")):
        return meta["decimals"]
    return sensible_decimals(meta["decimals"], own["denominator"], meta["multiplier"])


def count_labels(indicator: dict, lang: str) -> tuple[str, str]:
    """What the numerator and denominator count, from the catalogue, in the reader's language."""
    suffix = "_en" if lang == "en" else ""
    return indicator[f"numerator{suffix}"], indicator[f"denominator{suffix}"]


def count_line(own: dict, labels: tuple[str, str], meta: dict, lang: str, markdown: bool = True) -> str | None:
    """The counts behind a rate: '18 residenti 65+ su 42 residenti 0-14' (markdown: the labels escaped for
    Streamlit Markdown; False: plain text). None for a count, or where the source published the rate without
    its counts."""
    numerator, denominator = known_number(own.get("numerator")), known_number(own.get("denominator"))
    if meta["aggregation"] != "ratio" or numerator is None or denominator is None:
        return None
    key = "counts_share" if meta["interval"] == "wilson" else "counts_ratio"  # a part of a whole reads "of"
    escaped = escape_markdown if markdown else str
    return t(key, lang, numerator=number(numerator, 0, lang), numerator_label=escaped(labels[0]),
             denominator=number(denominator, 0, lang), denominator_label=escaped(labels[1]))


def flag_lines(flag, lang: str) -> list[str]:
    """A visible note for each flag of the figure: a badge and why, in a sentence."""
    return [f":orange-badge[⚠ {t(f'flag_{kind}', lang)}] "
            + t(f"flag_card_{kind}", lang, factor=FLAG_THRESHOLDS["jump_factor"]) for kind in flag_kinds(flag)]


def evidence_lines(own: dict, indicator: dict, meta: dict, lang: str) -> list[str]:
    """What a card shows under its figure: the counts behind it and any flag."""
    counts = count_line(own, count_labels(indicator, lang), meta, lang)
    return ([counts] if counts else []) + flag_lines(own.get("flag"), lang)


def _positive(value) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value)) and value > 0
