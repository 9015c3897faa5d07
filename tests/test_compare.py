"""Confidence intervals and plain words against published reference values."""
import pytest

from cruscotto.compare import byar_interval, compare, interval, plain_words, wilson_interval
from cruscotto.export import excel_safe


def test_wilson_matches_reference_values():
    # Newcombe (1998), table I: 81/263 -> 0.2553 to 0.3662
    low, high = wilson_interval(81, 263)
    assert (round(low, 4), round(high, 4)) == (0.2553, 0.3662)
    assert wilson_interval(0, 10)[0] == 0.0


def test_byar_matches_exact_poisson_closely():
    # exact Poisson 95% limits for 10 events are 4.795 and 18.39
    low, high = byar_interval(10)
    assert low == pytest.approx(4.795, abs=0.02) and high == pytest.approx(18.39, abs=0.05)
    assert byar_interval(0)[0] == 0.0


def test_interval_scales_and_refuses_impossible_counts():
    low, high = interval("wilson", 81, 263, 100)
    assert 25.5 < low < high < 36.7
    assert interval("wilson", 5, 3, 100) is None
    assert interval("none", 5, 10, 100) is None
    assert interval("byar", 5, 0, 100) is None


def test_verdict_and_polarity():
    assert compare(30.0, (25.0, 35.0), 20.0, "higher_better").judgement == "better"
    assert compare(30.0, (25.0, 35.0), 20.0, "lower_better").judgement == "worse"
    assert compare(30.0, (25.0, 35.0), 28.0, "lower_better").verdict == "similar"
    assert compare(10.0, (8.0, 12.0), 20.0, "neutral") .verdict == "lower"
    assert compare(10.0, (8.0, 12.0), 20.0, "neutral").judgement == "neutral"
    assert compare(10.0, None, 20.0, "higher_better").verdict == "unknown"


def test_plain_words():
    assert plain_words(200, 100) == "circa il doppio"
    assert plain_words(310, 100, "en") == "about three times"
    assert plain_words(112, 100, "en") == "12% higher"
    assert plain_words(70, 100) == "30% in meno"
    assert plain_words(50, 100, "en") == "about half"
    assert plain_words(100.02, 100) == "pari"
    assert plain_words(100.4, 100) == "0,4% in più"
    assert plain_words(99.6, 100, "en") == "0.4% lower"
    assert plain_words(1, 0) == ""


def test_excel_safe_neutralises_formulas():
    import pandas as pd
    frame = pd.DataFrame({"name": ["=HYPERLINK(\"x\")", "+1", "Milano", "-2"], "value": [1, 2, 3, 4]})
    safe = excel_safe(frame)
    assert list(safe["name"]) == ["'=HYPERLINK(\"x\")", "'+1", "Milano", "'-2"]
    assert list(safe["value"]) == [1, 2, 3, 4]
