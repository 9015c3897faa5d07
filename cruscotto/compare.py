"""Benchmark comparisons: 95% confidence intervals, "higher / similar / lower", plain-words ratios.

Pure functions: no Streamlit, no database. A territory's value is called significantly higher or
lower than a benchmark when the benchmark value lies outside the territory's 95% interval
(Wilson for proportions, Byar for counts over a population); otherwise "similar".
"""
import math
from dataclasses import dataclass

from cruscotto.formatting import number

Z95 = 1.959963984540054


def wilson_interval(successes: float, trials: float, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a proportion, as fractions in [0, 1]."""
    if trials <= 0:
        raise ValueError("trials must be positive")
    if not 0 <= successes <= trials:
        raise ValueError("successes must lie between 0 and trials")
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def byar_interval(count: float, z: float = Z95) -> tuple[float, float]:
    """Byar's approximation of the exact Poisson interval for an observed count."""
    if count < 0:
        raise ValueError("count must not be negative")
    lower = 0.0 if count == 0 else count * (1 - 1 / (9 * count) - z / (3 * math.sqrt(count))) ** 3
    upper = (count + 1) * (1 - 1 / (9 * (count + 1)) + z / (3 * math.sqrt(count + 1))) ** 3
    return lower, upper


def interval(method: str, numerator, denominator, multiplier: float) -> tuple[float, float] | None:
    """The 95% interval of numerator / denominator × multiplier, or None where counts don't allow one."""
    if method == "none" or numerator is None or denominator is None:
        return None
    if any(isinstance(x, float) and math.isnan(x) for x in (numerator, denominator)) or denominator <= 0:
        return None
    if method == "wilson":
        if numerator > denominator:
            return None
        low, high = wilson_interval(numerator, denominator)
    elif method == "byar":
        low, high = (bound / denominator for bound in byar_interval(numerator))
    else:
        raise ValueError(f"unknown interval method {method!r}")
    return low * multiplier, high * multiplier


@dataclass(frozen=True)
class Comparison:
    verdict: str          # "higher", "similar", "lower" or "unknown" (no interval)
    judgement: str        # "better", "worse", "similar" or "neutral" (from the indicator's polarity)


def compare(value: float, bounds: tuple[float, float] | None, benchmark: float, polarity: str) -> Comparison:
    if bounds is None or benchmark is None or math.isnan(benchmark):
        verdict = "unknown"
    elif bounds[0] > benchmark:
        verdict = "higher"
    elif bounds[1] < benchmark:
        verdict = "lower"
    else:
        verdict = "similar"
    if verdict in ("unknown", "similar") or polarity == "neutral":
        judgement = "similar" if verdict == "similar" else "neutral"
    else:
        better = (verdict == "higher") == (polarity == "higher_better")
        judgement = "better" if better else "worse"
    return Comparison(verdict, judgement)


# A ratio is put in words only when the words are true within TOLERANCE (10%): 8× is "circa 8 volte",
# never "circa il triplo"; a ratio near no named multiple or fraction is given in figures instead.
TOLERANCE = 0.10
PERCENT_BELOW = 1.45   # from 1/1.45 to 1.45 a percentage reads best: "12% in più", "30% in meno"
MULTIPLES = {"it": {1.5: "circa una volta e mezza", 2.0: "circa il doppio", 3.0: "circa il triplo"},
             "en": {1.5: "about one and a half times", 2.0: "about double", 3.0: "about three times"}}
FRACTIONS = {"it": {2: "circa la metà", 3: "circa un terzo", 4: "circa un quarto", 5: "circa un quinto",
                    10: "circa un decimo"},
             "en": {2: "about half", 3: "about a third", 4: "about a quarter", 5: "about a fifth",
                    10: "about a tenth"}}


def plain_words(value: float, benchmark: float, lang: str = "it") -> str:
    """How a value stands against a benchmark, for a councillor: 'about double', '12% higher'.
    The reader sees which territory and which benchmark beside the phrase."""
    if value is None or benchmark is None or benchmark <= 0 or math.isnan(value) or math.isnan(benchmark):
        return ""
    ratio = value / benchmark
    if ratio >= PERCENT_BELOW:
        return _times(ratio, lang)
    if ratio * PERCENT_BELOW <= 1 and ratio > 0:
        phrase = _fraction(ratio, lang)
        if phrase:
            return phrase
    return _percent(ratio, lang)


def _times(ratio: float, lang: str) -> str:
    """'circa il doppio', 'circa 8 volte', or the ratio in figures ('2,5 volte') when no round word fits."""
    nearest = 1.5 if ratio < 1.75 else float(math.floor(ratio + 0.5))
    if _within_tolerance(ratio, nearest):
        named = MULTIPLES[lang].get(nearest)
        if named:
            return named
        return f"circa {number(nearest, 0, lang)} volte" if lang == "it" else f"about {number(nearest, 0, lang)} times"
    return f"{number(ratio, 1, lang)} volte" if lang == "it" else f"{number(ratio, 1, lang)} times"


def _fraction(ratio: float, lang: str) -> str | None:
    """'circa la metà', 'circa un quarto' when the value is that fraction of the benchmark within TOLERANCE."""
    times_smaller = 1 / ratio
    for parts, words in FRACTIONS[lang].items():
        if _within_tolerance(times_smaller, parts):
            return words
    return None


def _within_tolerance(measured: float, named: float) -> bool:
    # the epsilon keeps an exact edge (2.2 against 2) inside despite binary floating point
    return abs(measured / named - 1) <= TOLERANCE + 1e-9


SAME_PERCENT = 0.05  # closer than this (in % of the benchmark): "pari" / "the same"


def is_same(value: float, benchmark: float) -> bool:
    """Whether plain_words calls the two values the same ("pari")."""
    return benchmark is not None and benchmark > 0 and _same_ratio(value / benchmark)


def _same_ratio(ratio: float) -> bool:
    return abs(ratio - 1) * 100 < SAME_PERCENT


def _percent(ratio: float, lang: str) -> str:
    percent = abs(ratio - 1) * 100
    if _same_ratio(ratio):
        return "pari" if lang == "it" else "the same"
    # below 1% a decimal, so a small but significant difference is not called "the same"
    shown = f"{percent:.1f}" if percent < 1 else f"{percent:.0f}"
    if lang == "it":
        return f"{shown.replace('.', ',')}% {'in più' if ratio > 1 else 'in meno'}"
    return f"{shown}% {'higher' if ratio > 1 else 'lower'}"
