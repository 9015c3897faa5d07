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


@pytest.mark.parametrize("value, italian, english", [
    # multiples: a named word only within 10% of it, otherwise the ratio in figures
    (800, "circa 8 volte", "about 8 times"),           # issue 8: 8× is not "circa il triplo"
    (1230, "circa 12 volte", "about 12 times"),
    (370, "circa 4 volte", "about 4 times"),           # 3.7 is 7.5% from 4
    (350, "3,5 volte", "3.5 times"),                   # 12.5% from 4, 17% from 3: no round word fits
    (330, "circa il triplo", "about three times"),     # exactly 10% from 3
    (270, "circa il triplo", "about three times"),
    (250, "2,5 volte", "2.5 times"),
    (220, "circa il doppio", "about double"),          # exactly 10% from 2
    (180, "circa il doppio", "about double"),
    (170, "1,7 volte", "1.7 times"),
    (160, "circa una volta e mezza", "about one and a half times"),
    (145, "circa una volta e mezza", "about one and a half times"),
    (144, "44% in più", "44% higher"),                 # below 1.45 a percentage
    # fractions: a named fraction only within 10%, otherwise the percentage, which is always true
    (60, "40% in meno", "40% lower"),
    (50, "circa la metà", "about half"),
    (45, "55% in meno", "55% lower"),                  # 1/0.45 = 2.22: 11% from half
    (33, "circa un terzo", "about a third"),
    (25, "circa un quarto", "about a quarter"),
    (10, "circa un decimo", "about a tenth"),
    (3, "97% in meno", "97% lower"),
    (0, "100% in meno", "100% lower"),
])
def test_plain_words_bands_say_the_truth(value, italian, english):
    assert plain_words(value, 100, "it") == italian
    assert plain_words(value, 100, "en") == english


def test_every_named_multiple_is_within_ten_percent():
    """Sweep ratios from 1.45 to 20: a phrase naming a multiple must be within 10% of the true ratio."""
    named = {"una volta e mezza": 1.5, "il doppio": 2, "il triplo": 3}
    for step in range(1450, 20001, 7):
        ratio = step / 1000
        phrase = plain_words(ratio * 100, 100, "it")
        if phrase.startswith("circa "):
            word = phrase.removeprefix("circa ").removesuffix(" volte")
            multiple = named.get(word) or float(word.replace(".", ""))
            assert abs(ratio / multiple - 1) <= 0.1 + 1e-9, (ratio, phrase)
        else:
            assert float(phrase.removesuffix(" volte").replace(",", ".")) == pytest.approx(ratio, abs=0.05), (ratio, phrase)


def test_excel_safe_neutralises_formulas():
    import pandas as pd
    frame = pd.DataFrame({"name": ["=HYPERLINK(\"x\")", "+1+cmd", "Milano", "-2+3", "@SUM(A1)", "-25", "+3,5"],
                          "value": [1, 2, 3, 4, 5, 6, 7]})
    safe = excel_safe(frame)
    # a formula is neutralised; a plain signed number is a number to a spreadsheet and stays readable
    assert list(safe["name"]) == ["'=HYPERLINK(\"x\")", "'+1+cmd", "Milano", "'-2+3", "'@SUM(A1)", "-25", "+3,5"]
    assert list(safe["value"]) == [1, 2, 3, 4, 5, 6, 7]
