"""The two tests behind a trend arrow (cruscotto/trend.py), with their p-values computed here: the project does
not depend on scipy, and these need only the chi-squared distribution with 1 degree of freedom and Student's t.

Pure functions: no Streamlit, no database.
"""
import math
from dataclasses import dataclass


@dataclass(frozen=True)
class TestResult:
    slope_sign: int   # +1 rising, -1 falling, 0 flat
    p_value: float    # two-sided


def chi2_1df_p_value(statistic: float) -> float:
    """P(X > statistic) for X chi-squared with 1 degree of freedom: X is Z², so it is P(|Z| > √statistic)."""
    if statistic <= 0:
        return 1.0
    return math.erfc(math.sqrt(statistic / 2))


def t_two_sided_p_value(t: float, df: int) -> float:
    """P(|T| > |t|) for Student's t with df degrees of freedom: the regularized incomplete beta
    I_x(df/2, 1/2) at x = df / (df + t²)."""
    if df < 1:
        raise ValueError("df must be at least 1")
    if math.isinf(t):
        return 0.0
    return regularized_incomplete_beta(df / (df + t * t), df / 2, 0.5)


def regularized_incomplete_beta(x: float, a: float, b: float) -> float:
    """I_x(a, b) by its continued fraction (modified Lentz), on the side where it converges fast."""
    if not 0 <= x <= 1:
        raise ValueError("x must lie in [0, 1]")
    if x in (0, 1):
        return float(x)
    log_front = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    if x < (a + 1) / (a + b + 2):
        return math.exp(log_front) * _beta_fraction(x, a, b) / a
    return 1 - math.exp(log_front) * _beta_fraction(1 - x, b, a) / b


def _beta_fraction(x: float, a: float, b: float, steps: int = 300, tolerance: float = 1e-15) -> float:
    tiny = 1e-300
    c, d = 1.0, 1 - (a + b) * x / (a + 1)
    d = 1 / (d if abs(d) > tiny else tiny)
    result = d
    for m in range(1, steps + 1):
        for numerator in (m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
                          -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))):
            d = 1 + numerator * d
            d = 1 / (d if abs(d) > tiny else tiny)
            c = 1 + numerator / c
            c = c if abs(c) > tiny else tiny
            result *= c * d
        if abs(c * d - 1) < tolerance:
            break
    return result


def linear_trend_in_proportions(scores: list[float], successes: list[float], trials: list[float]) -> TestResult:
    """Cochran–Armitage chi-squared test for a linear trend of successes/trials over the scores (1 df):
    T = Σ xᵢ(tᵢ − t̄), t̄ = Σ nᵢtᵢ / Σ nᵢ, Var T = p̄(1 − p̄) Σ nᵢ(tᵢ − t̄)², X² = T² / Var T."""
    total_trials = sum(trials)
    if total_trials <= 0 or any(n <= 0 for n in trials) or any(not 0 <= x <= n for x, n in zip(successes, trials)):
        raise ValueError("every point needs 0 ≤ successes ≤ trials and trials > 0")
    pooled = sum(successes) / total_trials
    mean_score = sum(n * s for n, s in zip(trials, scores)) / total_trials
    statistic = sum(x * (s - mean_score) for x, s in zip(successes, scores))
    variance = pooled * (1 - pooled) * sum(n * (s - mean_score) ** 2 for n, s in zip(trials, scores))
    if variance <= 0:  # every proportion 0, or every one 1, or one score only: nothing moves
        return TestResult(0, 1.0)
    return TestResult(_sign(statistic), chi2_1df_p_value(statistic * statistic / variance))


def least_squares_slope(scores: list[float], values: list[float]) -> TestResult:
    """Ordinary least-squares slope of values on scores, tested against 0 with t = b / se(b), n − 2 df."""
    n = len(scores)
    if n < 3:
        raise ValueError("a slope test needs at least 3 points")
    mean_score, mean_value = sum(scores) / n, sum(values) / n
    spread = sum((s - mean_score) ** 2 for s in scores)
    if spread <= 0:
        raise ValueError("the scores must differ")
    slope = sum((s - mean_score) * (v - mean_value) for s, v in zip(scores, values)) / spread
    residuals = sum((v - mean_value - slope * (s - mean_score)) ** 2 for s, v in zip(scores, values))
    # a residual of rounding size around a straight line is a perfect fit, not noise to test against
    scale = max(abs(v) for v in values) or 1.0
    if residuals <= (1e-12 * scale) ** 2 * n:
        moves = abs(slope) * (max(scores) - min(scores)) > 1e-12 * scale
        return TestResult(_sign(slope), 0.0) if moves else TestResult(0, 1.0)
    standard_error = math.sqrt(residuals / (n - 2) / spread)
    return TestResult(_sign(slope), t_two_sided_p_value(slope / standard_error, n - 2))


def _sign(value: float) -> int:
    return (value > 0) - (value < 0)
