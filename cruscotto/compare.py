"""Benchmark comparisons: 95% confidence intervals, "higher / similar / lower", plain-words ratios.

Pure functions: no Streamlit, no database. A territory's value is called significantly higher or
lower than a benchmark when the benchmark value lies outside the territory's 95% interval
(Wilson for proportions, Byar for counts over a population); otherwise "similar".
"""
import math
from dataclasses import dataclass

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


RATIO_WORDS = {
    "it": [(2.9, "circa il triplo del valore di {name}"), (1.9, "circa il doppio del valore di {name}"),
           (1.45, "circa una volta e mezza il valore di {name}"), (0.6, None),
           (0.45, "circa la metà del valore di {name}"), (0.3, "circa un terzo del valore di {name}"),
           (0.0, "molto al di sotto del valore di {name}")],
    "en": [(2.9, "about three times the value of {name}"), (1.9, "about double the value of {name}"),
           (1.45, "about one and a half times the value of {name}"), (0.6, None),
           (0.45, "about half the value of {name}"), (0.3, "about a third of the value of {name}"),
           (0.0, "far below the value of {name}")],
}


def plain_words(value: float, benchmark: float, benchmark_name: str, lang: str = "it") -> str:
    """'about double the value of Lombardia' / '12% higher than Lombardia': for a councillor, not a statistician."""
    if value is None or benchmark is None or benchmark <= 0 or math.isnan(value) or math.isnan(benchmark):
        return ""
    ratio = value / benchmark
    phrase = next(words for threshold, words in RATIO_WORDS[lang] if ratio >= threshold)
    if phrase is not None:
        return phrase.format(name=benchmark_name)
    percent = round(abs(ratio - 1) * 100)
    if percent < 1:
        return f"{'pari a' if lang == 'it' else 'equal to'} {benchmark_name}"
    if lang == "it":
        return f"{percent}% {'più alto' if ratio > 1 else 'più basso'} di {benchmark_name}"
    return f"{percent}% {'higher' if ratio > 1 else 'lower'} than {benchmark_name}"
